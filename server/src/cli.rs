//! The command line: `serve` (default), `migrate`, `create-admin`, `seed-demo`,
//! `audit-verify`, `backup`.

use crate::config::Settings;
use crate::seed;
use crate::startup::{open_database, Application};
use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use vipcare::services::audit::{self, ChainStatus};

#[derive(Debug, Parser)]
#[command(
    name = "vipcare",
    version,
    about = "VIP Care: the VIP customer programme, run by its agreement"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create an admin account, or reset an existing admin's password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the password from this environment variable instead of asking.
        #[arg(long, default_value = "VIPCARE_ADMIN_PASSWORD")]
        password_env: String,
    },
    /// Create the demo accounts (idempotent); prints the logins.
    SeedDemo {
        /// Password for every demo account; random (and printed) when omitted.
        #[arg(long)]
        password: Option<String>,
    },
    /// Verify the audit log's hash chain; exits non-zero at the first broken entry.
    AuditVerify,
    /// Write a consistent copy of the database (`VACUUM INTO`).
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
}

fn read_password(env_name: &str) -> std::io::Result<String> {
    if let Ok(p) = std::env::var(env_name) {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password: ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub async fn run(cli: Cli, settings: Settings) -> ExitCode {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = match Application::build(settings).await {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            tracing::info!(
                origin = app.origin(),
                port = app.port(),
                "VIP Care listening"
            );
            println!(
                "VIP Care is listening on port {} (public origin {})",
                app.port(),
                app.origin()
            );
            match app.run_until_stopped().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Migrate => match open_database(&settings).await {
            Ok(db) => {
                let v = db.schema_version().await.ok().flatten().unwrap_or(0);
                println!(
                    "database {} is at schema version {v}",
                    settings.database.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::CreateAdmin {
            email,
            name,
            password_env,
        } => {
            let password = match read_password(&password_env) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("error: cannot read password: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let db = match open_database(&settings).await {
                Ok(db) => db,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let now = vipcare::store::now_ms();
            match vipcare::services::staff::ensure(
                &db,
                &email,
                &name,
                &[vipcare::Role::Admin],
                &password,
                now,
            )
            .await
            {
                Ok(id) => {
                    println!("admin {email} is ready (user id {id})");
                    ExitCode::SUCCESS
                }
                Err(vipcare::services::ServiceError::Invalid { msg, .. }) => {
                    eprintln!("error: {}", msg.text(vipcare::Lang::En));
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::SeedDemo { password } => {
            let password = password.unwrap_or_else(seed::random_password);
            let db = match open_database(&settings).await {
                Ok(db) => db,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match seed::seed_demo(&db, &password).await {
                Ok(accounts) => {
                    println!("Demo logins (password for all: {password}):");
                    for (email, roles) in accounts {
                        println!("  {email:<24} {roles}");
                    }
                    ExitCode::SUCCESS
                }
                Err(vipcare::services::ServiceError::Invalid { msg, .. }) => {
                    eprintln!("error: {}", msg.text(vipcare::Lang::En));
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::AuditVerify => {
            let db = match open_database(&settings).await {
                Ok(db) => db,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match audit::verify(&db).await {
                Ok(ChainStatus::Intact { entries }) => {
                    println!("OK: {entries} audit entries, hash chain intact");
                    ExitCode::SUCCESS
                }
                Ok(ChainStatus::Broken(b)) => {
                    println!("BROKEN at entry {}: {}", b.seq, b.reason);
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Backup { to } => {
            let db = match open_database(&settings).await {
                Ok(db) => db,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match db.backup_into(&to).await {
                Ok(()) => {
                    println!("backup written to {}", to.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
