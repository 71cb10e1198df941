//! The report: built from a run's [`Stats`], printed as a table for people
//! or as JSON for machines. The JSON schema is documented in the crate's
//! README ("The JSON report"); `schema_version` changes whenever a field
//! changes meaning or goes away (adding fields does not change it).

use crate::engine_stats::EngineReport;
use crate::stats::Stats;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const SCHEMA_VERSION: u32 = 1;

/// Exit codes, as documented in the README.
pub const EXIT_OK: i32 = 0;
pub const EXIT_DATA_LOSS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_ERRORS: i32 = 3;

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Report {
    pub schema_version: u32,
    /// "ruv-stress 0.1.0".
    pub tool: String,
    /// The subcommand: tcp, udp, pipe, fs, mixed or server.
    pub workload: String,
    /// The options in force, by their long names.
    pub settings: serde_json::Value,
    /// Seconds from the start to the last operation finished; rates are
    /// over this time.
    pub seconds: f64,
    pub pool_threads: usize,
    pub totals: Totals,
    pub operations: Vec<Operation>,
    /// Operations and bytes finished in each second of the run.
    pub per_second: Vec<PerSecond>,
    /// Unexpected errors by UV error name ("ECONNRESET": 3).
    pub errors: BTreeMap<String, u64>,
    pub integrity: Integrity,
    /// Fault injected (reset, slow_reader, fd_limit, cancel) to its counters.
    pub faults: BTreeMap<String, BTreeMap<String, u64>>,
    /// Peak bytes waiting in write queues ("client_write_queue_bytes", ...).
    pub queue_peaks: BTreeMap<String, u64>,
    /// The engine's own counters (pool queue wait and run times, loop
    /// wake-ups, timer lag, EMFILE events).
    pub engine: EngineReport,
    /// "ok", "errors" or "data_loss": what the exit code says.
    pub outcome: String,
    pub exit_code: i32,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Totals {
    pub operations: u64,
    pub bytes: u64,
    pub ops_per_sec: f64,
    pub bytes_per_sec: f64,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Operation {
    /// "tcp echo", "udp echo", "pipe echo", "fs read", "fs write",
    /// "fs fsync", "server echo".
    pub name: String,
    pub count: u64,
    pub bytes: u64,
    pub ops_per_sec: f64,
    pub bytes_per_sec: f64,
    /// Null when no operation of this kind finished.
    pub latency_us: Option<Latency>,
}

/// Latency percentiles in microseconds.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Latency {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
    pub mean: f64,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct PerSecond {
    /// 1 for the first second of the run.
    pub second: u64,
    pub operations: u64,
    pub bytes: u64,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Integrity {
    pub verified_blocks: u64,
    pub verified_bytes: u64,
    pub mismatches: u64,
    pub lost: u64,
    pub late_replies: u64,
    pub data_loss: bool,
}

/// What a workload adds to its report besides the counters.
pub struct Meta {
    pub workload: &'static str,
    pub settings: serde_json::Value,
    /// One line saying what ran ("16 connections x 4 in flight, ...").
    pub summary: String,
}

fn micros(nanos: u64) -> f64 {
    (nanos as f64 / 100.0).round() / 10.0
}

impl Report {
    pub fn build(stats: &Stats, meta: Meta, engine: EngineReport) -> (Report, String) {
        let seconds = stats.active_seconds();
        let operations: Vec<Operation> = stats
            .ops()
            .iter()
            .map(|op| Operation {
                name: op.name.to_string(),
                count: op.count,
                bytes: op.bytes,
                ops_per_sec: op.count as f64 / seconds,
                bytes_per_sec: op.bytes as f64 / seconds,
                latency_us: (op.count > 0).then(|| Latency {
                    p50: micros(op.latency.value_at_quantile(0.50)),
                    p90: micros(op.latency.value_at_quantile(0.90)),
                    p99: micros(op.latency.value_at_quantile(0.99)),
                    p999: micros(op.latency.value_at_quantile(0.999)),
                    max: micros(op.latency.max()),
                    mean: micros(op.latency.mean() as u64),
                }),
            })
            .collect();
        let (total_ops, total_bytes) = (stats.total_operations(), stats.total_bytes());
        let i = &stats.integrity;
        let integrity = Integrity {
            verified_blocks: i.verified_blocks.get(),
            verified_bytes: i.verified_bytes.get(),
            mismatches: i.mismatches.get(),
            lost: i.lost.get(),
            late_replies: i.late.get(),
            data_loss: stats.data_lost(),
        };
        let errors: BTreeMap<String, u64> = stats
            .errors()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let (outcome, exit_code) = if integrity.data_loss {
            ("data_loss", EXIT_DATA_LOSS)
        } else if !errors.is_empty() {
            ("errors", EXIT_ERRORS)
        } else {
            ("ok", EXIT_OK)
        };
        let report = Report {
            schema_version: SCHEMA_VERSION,
            tool: format!("ruv-stress {}", env!("CARGO_PKG_VERSION")),
            workload: meta.workload.to_string(),
            settings: meta.settings,
            seconds,
            pool_threads: ruv::pool_size(),
            totals: Totals {
                operations: total_ops,
                bytes: total_bytes,
                ops_per_sec: total_ops as f64 / seconds,
                bytes_per_sec: total_bytes as f64 / seconds,
            },
            operations,
            per_second: stats
                .seconds()
                .iter()
                .enumerate()
                .map(|(n, s)| PerSecond {
                    second: n as u64 + 1,
                    operations: s.operations,
                    bytes: s.bytes,
                })
                .collect(),
            errors,
            integrity,
            faults: stats
                .faults()
                .into_iter()
                .map(|(fault, counters)| {
                    let counters = counters
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect();
                    (fault.to_string(), counters)
                })
                .collect(),
            queue_peaks: stats
                .peaks()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            engine,
            outcome: outcome.to_string(),
            exit_code,
        };
        (report, meta.summary)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// The table for people.
    pub fn to_text(&self, summary: &str) -> String {
        let mut out = String::new();
        let w = &mut out;
        let _ = writeln!(
            w,
            "ruv-stress {}: {:.2} s, {} pool threads; {}",
            self.workload, self.seconds, self.pool_threads, summary
        );
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "{:<12} {:>10} {:>11} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "operation",
            "count",
            "ops/s",
            "bytes/s",
            "p50 µs",
            "p90 µs",
            "p99 µs",
            "p99.9 µs",
            "max µs"
        );
        for op in &self.operations {
            let _ = write!(
                w,
                "{:<12} {:>10} {:>11.1} {:>10}",
                op.name,
                op.count,
                op.ops_per_sec,
                human_bytes(op.bytes_per_sec)
            );
            match &op.latency_us {
                Some(l) => {
                    let _ = writeln!(
                        w,
                        " {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
                        l.p50, l.p90, l.p99, l.p999, l.max
                    );
                }
                None => {
                    let _ = writeln!(w, " {:>9}", "-");
                }
            }
        }
        if self.operations.len() > 1 {
            let _ = writeln!(
                w,
                "{:<12} {:>10} {:>11.1} {:>10}",
                "total",
                self.totals.operations,
                self.totals.ops_per_sec,
                human_bytes(self.totals.bytes_per_sec)
            );
        }
        let _ = writeln!(w);
        let rates: Vec<u64> = self.per_second.iter().map(|s| s.operations).collect();
        if !rates.is_empty() {
            let shown: Vec<String> = rates.iter().take(30).map(|r| r.to_string()).collect();
            let more = if rates.len() > 30 { " ..." } else { "" };
            let _ = writeln!(w, "per second (ops): {}{more}", shown.join(" "));
            // The last second is usually cut short by the end of the run.
            let full = &rates[..rates.len().saturating_sub(1).max(1)];
            let min = full.iter().min().copied().unwrap_or(0);
            let max = full.iter().max().copied().unwrap_or(0);
            let _ = writeln!(w, "  slowest full second {min}, fastest {max}");
        }
        let i = &self.integrity;
        let _ = write!(
            w,
            "integrity: {} blocks ({}) verified",
            i.verified_blocks,
            human_bytes(i.verified_bytes as f64)
        );
        if i.data_loss {
            let _ = writeln!(
                w,
                "; DATA LOSS: {} mismatched, {} lost",
                i.mismatches, i.lost
            );
        } else {
            let _ = writeln!(w, "; no data lost");
        }
        if i.late_replies > 0 {
            let _ = writeln!(w, "  {} late replies (after their timeout)", i.late_replies);
        }
        if self.errors.is_empty() {
            let _ = writeln!(w, "errors: none");
        } else {
            let list: Vec<String> = self
                .errors
                .iter()
                .map(|(name, n)| format!("{name} {n}"))
                .collect();
            let _ = writeln!(w, "errors: {}", list.join(", "));
        }
        for (fault, counters) in &self.faults {
            let list: Vec<String> = counters
                .iter()
                .map(|(k, v)| format!("{} {v}", k.replace('_', " ")))
                .collect();
            let _ = writeln!(w, "fault {}: {}", fault.replace('_', " "), list.join(", "));
        }
        if !self.queue_peaks.is_empty() {
            let list: Vec<String> = self
                .queue_peaks
                .iter()
                .map(|(k, v)| format!("{} {}", k.replace('_', " "), human_bytes(*v as f64)))
                .collect();
            let _ = writeln!(w, "queue peaks: {}", list.join(", "));
        }
        let _ = write!(w, "{}", self.engine.to_text());
        let _ = writeln!(
            w,
            "outcome: {}",
            match self.outcome.as_str() {
                "ok" => "ok",
                "errors" => "errors (no data lost)",
                _ => "DATA LOSS",
            }
        );
        out
    }
}

/// "1.5 MiB", "812 B".
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[0])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            workload: "tcp",
            settings: serde_json::json!({}),
            summary: String::new(),
        }
    }

    #[test]
    fn the_outcome_follows_data_loss_then_errors() {
        let stats = Stats::new();
        let op = stats.op("tcp echo");
        stats.record(op, 10, std::time::Instant::now());
        let (report, _) = Report::build(&stats, meta(), EngineReport::default());
        assert_eq!((report.outcome.as_str(), report.exit_code), ("ok", EXIT_OK));
        assert!(report.to_text("").contains("no data lost"));

        stats.error(ruv::Error::from_code(ruv::error::code::ECONNRESET));
        let (report, _) = Report::build(&stats, meta(), EngineReport::default());
        assert_eq!(
            (report.outcome.as_str(), report.exit_code),
            ("errors", EXIT_ERRORS)
        );
        assert!(report.to_text("").contains("errors: ECONNRESET 1"));

        stats.lost(2, || "two replies".into());
        let (report, _) = Report::build(&stats, meta(), EngineReport::default());
        assert_eq!(
            (report.outcome.as_str(), report.exit_code),
            ("data_loss", EXIT_DATA_LOSS)
        );
        assert!(report.integrity.data_loss);
        assert!(report
            .to_text("")
            .contains("DATA LOSS: 0 mismatched, 2 lost"));
        // The JSON form reads back the same.
        let back: Report = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(back.integrity.lost, 2);
    }

    #[test]
    fn bytes_read_as_people_write_them() {
        assert_eq!(human_bytes(812.0), "812 B");
        assert_eq!(human_bytes(1536.0), "1.5 KiB");
        assert_eq!(human_bytes(3.0 * 1024.0 * 1024.0 * 1024.0), "3.0 GiB");
    }
}
