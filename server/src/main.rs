//! `shoulder`: reads configuration, sets up logging and hands over to the command line.

use std::process::ExitCode;

use clap::Parser;
use mimalloc::MiMalloc;
use shoulder_server::cli::{self, Cli};
use shoulder_server::config::Config;

/// Rendering a page makes thousands of small allocations on several threads; glibc's allocator spent about a fifth
/// of the server's time on them under load (measured with `scripts/bench-pages`).
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(cli::Command::Match(args)) = &cli.command {
        shoulder_server::telemetry::init("warn", shoulder_server::config::LogFormat::Text);
        return report(cli::run_match(args));
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("shoulder: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    shoulder_server::telemetry::init(&config.log, config.log_format);
    report(cli::run(cli, config).await)
}

fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("shoulder: {error:#}");
            ExitCode::FAILURE
        }
    }
}
