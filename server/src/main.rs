//! `shoulder`: reads configuration, sets up logging and hands over to the command line.

use std::process::ExitCode;

use clap::Parser;
use shoulder_server::cli::{self, Cli};
use shoulder_server::config::Config;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("shoulder: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    shoulder_server::telemetry::init(&config.log);
    match cli::run(cli, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("shoulder: {error:#}");
            ExitCode::FAILURE
        }
    }
}
