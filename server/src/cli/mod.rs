//! The `shoulder` command line: serve (the default), migrate, create-admin, match, copy, backup.

mod match_command;

use std::io::{BufRead, IsTerminal};

use app::types::{Role, SignUpForm};
use clap::{Parser, Subcommand};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::audit;
use crate::config::Config;
use crate::db::entities::app_user;
use crate::error::reported;

#[derive(Debug, Parser)]
#[command(
    name = "shoulder",
    version,
    about = "Shoulder: peer-mentoring programs, shoulder to shoulder."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default). Migrates the database first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an admin account, or make an existing account admin. The password is read from standard input
    /// (prompted for without echo on a terminal).
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "Program office")]
        institution: String,
        #[arg(long, default_value = "Other")]
        institution_type: String,
    },
    /// Pair applicants from an application CSV, or solve a plain weighted graph. Needs no database.
    Match(match_command::MatchArgs),
    /// Copy every table into another, empty database (e.g. from SQLite to PostgreSQL) and check the row counts.
    /// Copy from a backup (`shoulder backup`) or with the server stopped, so the copy is of one moment.
    Copy {
        /// The database to read, e.g. sqlite://shoulder.db (default: DATABASE_URL).
        #[arg(long)]
        from: Option<String>,
        /// The empty database to fill, e.g. postgres://shoulder@localhost/shoulder.
        #[arg(long)]
        to: String,
    },
    /// Write a consistent copy of the SQLite database (DATABASE_URL) to a new file, while the server runs.
    Backup {
        #[arg(long)]
        to: std::path::PathBuf,
    },
}

/// Runs `shoulder match`, which needs neither configuration nor a database.
///
/// # Errors
/// Unreadable or invalid input, as one message naming the file, row and column.
pub fn run_match(args: &match_command::MatchArgs) -> anyhow::Result<()> {
    match_command::run(args)
}

/// Runs the parsed command.
///
/// # Errors
/// Anything that stops the command, as one readable message.
pub async fn run(cli: Cli, config: Config) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::run(config).await,
        Command::Migrate => {
            crate::build_state(config).await?;
            tracing::info!("database is up to date");
            Ok(())
        }
        Command::CreateAdmin {
            email,
            name,
            institution,
            institution_type,
        } => {
            let password = read_password()?;
            let form = SignUpForm {
                name,
                email,
                password,
                institution_name: institution,
                institution_type,
            };
            create_admin(config, &form).await
        }
        Command::Match(args) => run_match(&args),
        Command::Copy { from, to } => {
            let from = from.unwrap_or_else(|| config.database_url.clone());
            copy(&from, &to).await
        }
        Command::Backup { to } => {
            let db = crate::db::connect(&config.database_url).await?;
            crate::db::backup::backup_sqlite(&db, &to).await?;
            report(&format!("Backed up to {}.", to.display()));
            Ok(())
        }
    }
}

/// `shoulder copy`: every table from `from` into the empty `to`, with a line per table.
async fn copy(from: &str, to: &str) -> anyhow::Result<()> {
    let source = crate::db::connect(from).await?;
    let target = crate::db::connect(to).await?;
    let counts = crate::db::copy::copy_database(&source, &target).await?;
    for count in &counts {
        report(&format!("{:<24} {:>9} rows", count.table, count.copied));
    }
    let total: u64 = counts.iter().map(|c| c.copied).sum();
    report(&format!(
        "Copied {total} rows in {} tables; every count matches the source.",
        counts.len()
    ));
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        rpassword::prompt_password("Password for the new admin: ")?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Ok(password)
}

/// Creates the admin, or promotes the account that already has this email (its password is left unchanged).
async fn create_admin(config: Config, form: &SignUpForm) -> anyhow::Result<()> {
    let state = crate::build_state(config).await?;
    let email = app::validation::normalize_email(&form.email)
        .map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    if let Some(existing) = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(&email))
        .one(&state.db)
        .await?
    {
        let id = existing.id;
        let mut active = existing.into_active_model();
        active.role = Set(Role::Admin.as_str().to_owned());
        active.update(&state.db).await?;
        audit::record(
            &state.db,
            None,
            "user.role_changed",
            &format!("user:{id}"),
            serde_json::json!({ "to": "admin", "by": "command line" }),
        )
        .await
        .map_err(reported)?;
        report(&format!(
            "{email} already had an account; it is now an admin (password unchanged)."
        ));
        return Ok(());
    }
    let valid = app::validation::validate_sign_up(form).map_err(|errors| {
        anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let user = state
        .accounts
        .create_user(&valid, Role::Admin)
        .await
        .map_err(reported)?;
    audit::record(
        &state.db,
        None,
        "user.created_admin",
        &format!("user:{}", user.id),
        serde_json::json!({ "by": "command line" }),
    )
    .await
    .map_err(reported)?;
    report(&format!("Admin account created for {email}."));
    Ok(())
}

#[allow(clippy::print_stdout)]
fn report(message: &str) {
    println!("{message}");
}
