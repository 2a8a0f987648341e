//! `vipcare-bench`: builds realistic data at a chosen scale (deterministic from a seed), serves
//! the real VIP Care router from this process on loopback next to a bare axum "hello" handler,
//! drives both with a concurrent HTTP load generator, and prints one table: measure, our
//! figure, the baseline measured in the same run, the ratio, the goal, PASS/FAIL.
//!
//! `--quick` is the CI-sized run (under a minute); the full run and its latest results are in
//! docs/PERFORMANCE.md. The process exits non-zero when the tool itself fails, and with
//! `--strict` also when a goal is missed.

mod bundle;
mod fixture;
mod load;
mod measures;
mod soak;
mod table;

use clap::Parser;
use std::path::PathBuf;

/// Command-line options.
#[derive(Debug, Parser)]
#[command(
    name = "vipcare-bench",
    about = "VIP Care benchmark: ratios against same-run baselines"
)]
pub struct Options {
    /// CI-sized scales and short load phases (finishes in under a minute).
    #[arg(long)]
    pub quick: bool,
    /// Seed for the generated data.
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
    /// Customers in the served database (default 100,000; quick 2,000).
    #[arg(long)]
    pub customers: Option<usize>,
    /// Active service requests in the served database (default 1,000,000; quick 20,000).
    #[arg(long)]
    pub requests: Option<usize>,
    /// Ledger rows for the import measure (default 200,000; quick 20,000).
    #[arg(long)]
    pub ledger_rows: Option<usize>,
    /// Seconds of each measured load phase (default 10; quick 2).
    #[arg(long)]
    pub seconds: Option<f64>,
    /// Concurrent connections of the closed-loop phases.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// The built client's main module to weigh (brotli) against its budget, with the split
    /// modules its manifest names beside it. Default: the release build's,
    /// `target/site/pkg/vipcare.<hash>.wasm` named by `target/release/hash.txt`.
    #[arg(long)]
    pub wasm: Option<PathBuf>,
    /// Exit non-zero when a goal is missed.
    #[arg(long)]
    pub strict: bool,
    /// Print the table as Markdown (for docs/PERFORMANCE.md).
    #[arg(long)]
    pub markdown: bool,
    /// Only weigh the client bundle: exit 1 when it is missing, not split, or its main module
    /// or a group of pages is above its ceiling (the test command's guard).
    #[arg(long)]
    pub check_wasm: bool,
    /// Instead of the table: mixed load for this many minutes, reporting errors and memory
    /// growth (the documented soak is 30 minutes).
    #[arg(long, value_name = "MINUTES")]
    pub soak: Option<f64>,
    /// Requests per second of the soak.
    #[arg(long, default_value_t = 100)]
    pub soak_rate: u32,
}

/// The scales one run uses.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub customers: usize,
    pub requests: usize,
    pub ledger_rows: usize,
    pub window: std::time::Duration,
    pub warmup: std::time::Duration,
    pub concurrency: usize,
    pub seed: u64,
}

impl Options {
    fn scale(&self) -> Scale {
        let q = self.quick;
        let secs = self.seconds.unwrap_or(if q { 2.0 } else { 10.0 });
        Scale {
            customers: self.customers.unwrap_or(if q { 2_000 } else { 100_000 }),
            requests: self.requests.unwrap_or(if q { 20_000 } else { 1_000_000 }),
            ledger_rows: self.ledger_rows.unwrap_or(if q { 20_000 } else { 200_000 }),
            window: std::time::Duration::from_secs_f64(secs),
            warmup: std::time::Duration::from_secs_f64((secs / 4.0).min(2.0)),
            concurrency: self.concurrency.max(1),
            seed: self.seed,
        }
    }
}

/// Prints a report, or the error and exits 1.
fn report(result: fixture::BenchResult<String>) -> std::process::ExitCode {
    match result {
        Ok(text) => {
            println!("{text}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vipcare-bench: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

fn main() -> std::process::ExitCode {
    let options = Options::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vipcare-bench: cannot start the runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let bundle = match options.wasm.clone() {
        Some(main) => bundle::ClientBundle::from_main(main),
        None => bundle::ClientBundle::locate(
            std::path::Path::new("target/site/pkg"),
            std::path::Path::new("target/release/hash.txt"),
        ),
    };
    if options.check_wasm {
        return report(
            bundle
                .weigh()
                .map_err(|e| e.to_string())
                .and_then(|w| bundle::check(&w))
                .map_err(Into::into),
        );
    }
    let scale = options.scale();
    if let Some(minutes) = options.soak {
        return report(runtime.block_on(soak::run(&scale, minutes, options.soak_rate)));
    }
    match runtime.block_on(measures::run(scale, &bundle)) {
        Ok(rows) => {
            let missed = rows.iter().filter(|r| r.pass == Some(false)).count();
            println!("{}", table::render(&rows, &scale, options.markdown));
            if options.strict && missed > 0 {
                eprintln!("vipcare-bench: {missed} goal(s) missed");
                return std::process::ExitCode::from(1);
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vipcare-bench: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
