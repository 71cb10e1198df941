//! ruv-stress: file and socket workloads through ruv's public API, with
//! every byte verified and latencies from an HDR histogram.
//!
//! [`main_with`] is the whole program; the binary only calls it. The
//! workloads run on one ruv loop ([`run`]); [`stream`], [`udp`] and [`fs`]
//! hold them, [`block`] the integrity format, [`report`] the output.

pub mod block;
pub mod cli;
pub mod engine_stats;
pub mod fs;
pub mod limits;
pub mod progress;
pub mod report;
pub mod rng;
pub mod run;
pub mod stats;
pub mod stream;
pub mod udp;
pub mod workload;

use clap::Parser;
use cli::{Cli, Command, MixedArgs, DEFAULT_DURATION};
use report::{Report, EXIT_USAGE};
use run::{Budget, Ctx};
use std::ffi::OsString;

/// Why a run could not start: bad input, or a setup step that failed.
/// Printed as one line; the exit code is [`EXIT_USAGE`].
#[derive(Debug)]
pub struct Failure {
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
        }
    }

    pub fn setup(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
        }
    }
}

/// Runs the tool with `args` (the program name first); returns the exit code.
pub fn main_with<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    std::panic::set_hook(Box::new(|info| {
        eprintln!("ruv-stress: internal error: {info}");
    }));
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_failure(e),
    };
    match run_cli(cli) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("ruv-stress: {}", failure.message);
            EXIT_USAGE
        }
    }
}

/// Help and version go out as clap writes them; errors as one line.
fn clap_failure(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            0
        }
        _ => {
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("bad arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("ruv-stress: {first} (see ruv-stress --help)");
            EXIT_USAGE
        }
    }
}

/// Sets the process up, runs the workload and prints the report.
pub fn run_cli(cli: Cli) -> Result<i32, Failure> {
    let run = cli.run;
    if let Some(n) = run.threads_pool {
        ruv::set_pool_size(usize::try_from(n).unwrap_or(usize::MAX))
            .map_err(|e| Failure::usage(format!("--threads-pool {n}: {e}")))?;
    }
    if let Some(n) = run.fd_limit {
        limits::lower(n)?;
    }
    let command = cli
        .command
        .unwrap_or_else(|| Command::Mixed(MixedArgs::defaults()));
    let duration = match (run.duration, run.count) {
        (None, None) => Some(DEFAULT_DURATION),
        (duration, _) => duration,
    };
    let lp = ruv::Loop::new().map_err(|e| {
        Failure::setup(format!("cannot start the event loop: {e}{}", fd_hint(&run)))
    })?;
    let ctx = Ctx::new(
        lp,
        Budget::new(duration, run.count),
        run.seed,
        run.fd_limit.is_some(),
    );
    let launched = workload::launch(&ctx, &command)?;
    let progress = progress::Progress::new(&ctx, !run.no_progress);
    run::drive(&ctx, launched.parts, progress)
        .map_err(|e| Failure::setup(format!("cannot run the loop: {e}")))?;
    drop(launched.keep);
    let mut settings = launched.meta.settings.clone();
    if let (Some(map), Ok(serde_json::Value::Object(common))) =
        (settings.as_object_mut(), serde_json::to_value(&run))
    {
        map.extend(common);
        map.insert(
            "duration".into(),
            duration.map_or(serde_json::Value::Null, |d| d.as_secs_f64().into()),
        );
    }
    let meta = report::Meta {
        settings,
        ..launched.meta
    };
    let engine = ctx.engine.report(&ctx.lp, ctx.stats.total_operations());
    let (report, summary) = Report::build(&ctx.stats, meta, engine);
    if run.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_text(&summary));
    }
    Ok(report.exit_code)
}

fn fd_hint(run: &cli::RunArgs) -> String {
    match run.fd_limit {
        Some(n) => format!(" (is --fd-limit {n} too low?)"),
        None => String::new(),
    }
}
