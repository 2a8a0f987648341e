//! The command line: `serve` (default), `migrate`, `create-admin`, `seed-demo`,
//! `import ledger`, `jobs run`, `audit-verify`, `backup`, `restore`.

use crate::config::Settings;
use crate::seed;
use crate::startup::{open_database, Application};
use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use vipcare::ledger::EntrySource;
use vipcare::services::audit::{self, ChainStatus};
use vipcare::services::{ledger, staff, ServiceError};
use vipcare::store::now_ms;
use vipcare::{Lang, Role};

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
    /// Measure import throughput, the daily requalification, the service queue or the monthly
    /// quality evaluation on a scratch database.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
    /// Background jobs.
    Jobs {
        #[command(subcommand)]
        what: JobsCommand,
    },
    /// Import data from a file.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Write a consistent, checked copy of the database while the server runs (`VACUUM INTO`,
    /// then `PRAGMA integrity_check` on the copy). Prints the path, size and duration.
    Backup {
        #[arg(long)]
        to: PathBuf,
        /// Overwrite FILE when it exists.
        #[arg(long)]
        force: bool,
    },
    /// Replace the configured database with a backup, then apply migrations. Stop the server
    /// first. A damaged file, a file that is not a VIP Care database or one from a newer version
    /// is refused and nothing changes.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// CSV and API import against a raw batched insert of the same rows.
    Import {
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        #[arg(long, default_value_t = 1_000)]
        customers: usize,
    },
    /// The staff queue's first page against the raw index lookup (clause 3.2.2).
    Queue {
        #[arg(long, default_value_t = 1_000_000)]
        requests: usize,
        #[arg(long, default_value_t = 10_000)]
        customers: usize,
        #[arg(long, default_value_t = 1_000)]
        rounds: usize,
    },
    /// The monthly quality evaluation (clause 5.2.1) of a month of N resolved requests against
    /// a plain COUNT and a plain read of the same rows.
    Evaluate {
        #[arg(long, default_value_t = 1_000_000)]
        requests: usize,
        #[arg(long, default_value_t = 200)]
        agents: usize,
        #[arg(long, default_value_t = 10)]
        branches: usize,
    },
    /// The daily requalification of every member.
    Requalify {
        #[arg(long, default_value_t = 1_000_000)]
        customers: usize,
        #[arg(long, default_value_t = 10)]
        rows_per_customer: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Run every job once: membership requalification (notices, grace, lapse, renewal
    /// offers), reminders, SLA and complaint deadlines, the monthly quality evaluation,
    /// retention (former members anonymised after the confidentiality period), resuming
    /// ledger imports, purging expired sessions. Idempotent.
    Run {
        /// Run as of this moment (RFC 3339), e.g. to simulate a date in tests.
        #[arg(long)]
        now: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import purchases, refunds and points from a CSV file (clause 2.1.1). Idempotent: lines
    /// already imported are skipped. A file with any malformed line is refused whole. Exits
    /// non-zero when any line was rejected (malformed, unknown customer, or a conflict).
    Ledger {
        /// CSV with header external_id,customer_email,occurred_at,kind,amount_fen,points.
        file: PathBuf,
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

/// Runs a command; errors are printed in English and end with a non-zero exit code.
pub async fn run(cli: Cli, settings: Settings) -> ExitCode {
    match execute(cli, settings).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<ExitCode, Box<dyn std::error::Error>>;

/// A service error as the operator reads it: input problems in plain English.
fn explain(e: ServiceError) -> Box<dyn std::error::Error> {
    match e {
        ServiceError::Invalid { msg, .. } => msg.text(Lang::En).into(),
        other => other.into(),
    }
}

async fn execute(cli: Cli, settings: Settings) -> CliResult {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
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
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let db = open_database(&settings).await?;
            let v = db.schema_version().await?.unwrap_or(0);
            println!(
                "database {} is at schema version {v}",
                settings.database.display()
            );
        }
        Command::CreateAdmin {
            email,
            name,
            password_env,
        } => {
            let password = read_password(&password_env)?;
            let db = open_database(&settings).await?;
            let id = staff::ensure(&db, &email, &name, &[Role::Admin], &password, now_ms())
                .await
                .map_err(explain)?;
            println!("admin {email} is ready (user id {id})");
        }
        Command::SeedDemo { password } => {
            let password = password.unwrap_or_else(seed::random_password);
            let db = open_database(&settings).await?;
            let accounts = seed::seed_demo(&db, &password).await.map_err(explain)?;
            println!("Demo logins (password for all: {password}):");
            for (email, roles) in accounts {
                println!("  {email:<24} {roles}");
            }
            println!(
                "Staff set up an authenticator app at their first sign-in (two-step verification)."
            );
        }
        Command::AuditVerify => {
            let db = open_database(&settings).await?;
            match audit::verify(&db).await? {
                ChainStatus::Intact { entries } => {
                    println!("OK: {entries} audit entries, hash chain intact");
                }
                ChainStatus::Broken(b) => {
                    println!("BROKEN at entry {}: {}", b.seq, b.reason);
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Bench { what } => {
            let out = match what {
                BenchCommand::Import { rows, customers } => {
                    crate::bench::import(rows, customers.max(1)).await?
                }
                BenchCommand::Requalify {
                    customers,
                    rows_per_customer,
                } => crate::bench::requalify(customers.max(1), rows_per_customer).await?,
                BenchCommand::Queue {
                    requests,
                    customers,
                    rounds,
                } => crate::bench::queue(requests.max(51), customers.max(1), rounds.max(1)).await?,
                BenchCommand::Evaluate {
                    requests,
                    agents,
                    branches,
                } => {
                    crate::bench::evaluate(requests.max(1), agents.max(1), branches.max(1)).await?
                }
            };
            println!("{out}");
        }
        Command::Jobs {
            what: JobsCommand::Run { now },
        } => {
            let at = match now {
                Some(s) => chrono::DateTime::parse_from_rfc3339(&s)
                    .map_err(|e| format!("--now {s}: {e}"))?
                    .timestamp_millis(),
                None => now_ms(),
            };
            let db = open_database(&settings).await?;
            let mailer = crate::mailer::Mailer::from_settings(
                settings.smtp_url.as_deref(),
                &settings.mail_from,
            )?;
            let r = crate::jobs::run_all(&db, &settings.auth, mailer.as_ref(), at).await?;
            println!(
                "jobs for {}: {} memberships checked, {} notices, {} notices withdrawn, {} renewals offered, {} lapsed; {} invoice reminders; SLA: {} at risk, {} breached, {} escalated, {} requests closed; quality evaluation {}; retention: {} anonymised, {} held, {} failed; {} imports resumed; {} sessions purged; {} e-mails sent, {} to retry, {} failed, {} pending",
                r.day,
                r.lifecycle.checked,
                r.lifecycle.notices,
                r.lifecycle.notices_withdrawn,
                r.lifecycle.renewals_offered,
                r.lifecycle.lapsed,
                r.reminders,
                r.sla.at_risk,
                r.sla.breached,
                r.sla.escalated,
                r.sla.closed,
                if r.quality.evaluated {
                    format!(
                        "{}: evaluated, {} agents below standard",
                        r.quality.period, r.quality.flagged_agents
                    )
                } else {
                    format!("{}: already stored", r.quality.period)
                },
                r.retention.anonymised,
                r.retention.held,
                r.retention.failed,
                r.imports_resumed,
                r.sessions_purged,
                r.emails.sent,
                r.emails.retried,
                r.emails.failed,
                r.emails_pending
            );
        }
        Command::Import {
            what: ImportCommand::Ledger { file },
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let db = open_database(&settings).await?;
            let actor = vipcare::services::Actor {
                user_id: None,
                ip: Some("cli".into()),
            };
            let report =
                ledger::import_file(&db, &actor, &bytes, EntrySource::Cli, now_ms()).await?;
            for e in report.errors.iter().chain(&report.conflicts) {
                eprintln!("line {} ({}): {}", e.line, e.field, e.msg.text(Lang::En));
            }
            let rejected = report.counts.rejected + report.counts.conflicts;
            if report.refused() {
                eprintln!("the file was refused whole: nothing was imported");
            }
            println!(
                "inserted {}, unchanged {}, rejected {}",
                report.counts.inserted, report.counts.unchanged, rejected
            );
            if rejected > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Backup { to, force } => {
            // Copy what is there: no migrations, and no empty database created by a typo.
            if !settings.database.is_file() {
                return Err(format!("no database at {}", settings.database.display()).into());
            }
            let db = vipcare::store::Db::open(&settings.database).await?;
            let r = crate::backup::backup(&db, &to, force).await;
            db.close().await;
            let r = r?;
            println!(
                "backup written to {}: {} bytes, schema version {}, {} ms; integrity check ok",
                r.path.display(),
                r.bytes,
                r.schema_version.unwrap_or(0),
                r.elapsed.as_millis()
            );
        }
        Command::Restore { from } => {
            let r = crate::backup::restore(&from, &settings.database).await?;
            println!(
                "restored {} ({} bytes, schema version {}) into {}; now at schema version {}, {} ms",
                r.from.display(),
                r.bytes,
                r.file_version.unwrap_or(0),
                r.to.display(),
                r.schema_version.unwrap_or(0),
                r.elapsed.as_millis()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
