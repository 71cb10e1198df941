//! The engine's own counters, printed beside the tool's figures: how long
//! pool requests waited in the queue and ran (per class), how deep the
//! queue got, how late the loop fired its timers, how often other threads
//! woke it, and how often accept ran out of descriptors. They come from
//! [`ruv::pool_stats`] and [`ruv::Loop::stats`], counted since the process
//! (and its one loop) started, so they cover the whole run.

use ruv::{Loop, Summary, WorkStats};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A distribution of times, in microseconds. The engine's histograms have
/// buckets at most 25 % wide: a percentile may read up to that much high.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, Default)]
pub struct Spread {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
    pub mean: f64,
}

impl From<Summary> for Spread {
    fn from(s: Summary) -> Spread {
        let us = |d: std::time::Duration| (d.as_nanos() as f64 / 100.0).round() / 10.0;
        Spread {
            p50: us(s.p50),
            p90: us(s.p90),
            p99: us(s.p99),
            max: us(s.max),
            mean: us(s.mean),
        }
    }
}

/// One class of pool requests.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct PoolClass {
    /// Requests run (cancelled ones are not).
    pub requests: u64,
    /// How many of them the engine timed (it samples under load).
    pub timed: u64,
    /// From queueing to a worker starting the request.
    pub queue_wait_us: Spread,
    /// From a worker starting the request to its end.
    pub run_us: Spread,
}

impl From<WorkStats> for PoolClass {
    fn from(w: WorkStats) -> PoolClass {
        PoolClass {
            requests: w.run.count,
            timed: w.run.timed,
            queue_wait_us: w.wait.into(),
            run_us: w.run.into(),
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, Default)]
pub struct EngineReport {
    pub pool_workers: usize,
    /// The deepest the pool's queue was at the driver's 100 ms samples.
    pub pool_queue_depth_peak: u64,
    /// Classes with requests: "fs", "dns", "user".
    pub pool: BTreeMap<String, PoolClass>,
    pub loop_iterations: u64,
    /// Times other threads woke the loop (a burst of pool completions or
    /// async sends is one wake-up).
    pub loop_wakeups: u64,
    /// Wake-ups per operation of the report's totals.
    pub wakeups_per_operation: f64,
    pub pool_completions: u64,
    /// How late timers fired (loop time: whole milliseconds).
    pub timer_lag_us: Spread,
    /// Times accept ran out of descriptors.
    pub emfile_events: u64,
}

/// Samples what only has a current value (the queue depth) while the run
/// goes on.
#[derive(Default)]
pub struct Watch {
    depth_peak: Cell<u64>,
}

impl Watch {
    pub fn sample(&self) {
        let depth = ruv::pool_stats().queue_depth;
        self.depth_peak.set(self.depth_peak.get().max(depth));
    }

    /// The counters now, with `operations` the run's total.
    pub fn report(&self, lp: &Loop, operations: u64) -> EngineReport {
        self.sample();
        let pool = ruv::pool_stats();
        let classes = [("fs", pool.fs), ("dns", pool.dns), ("user", pool.user)];
        let lp_stats = lp.stats();
        EngineReport {
            pool_workers: pool.workers,
            pool_queue_depth_peak: self.depth_peak.get(),
            pool: classes
                .into_iter()
                .filter(|(_, w)| w.run.count > 0)
                .map(|(name, w)| (name.to_string(), w.into()))
                .collect(),
            loop_iterations: lp_stats.iterations,
            loop_wakeups: lp_stats.wakeups,
            wakeups_per_operation: lp_stats.wakeups as f64 / operations.max(1) as f64,
            pool_completions: lp_stats.completions,
            timer_lag_us: lp_stats.timer_lag.into(),
            emfile_events: lp_stats.emfile_events,
        }
    }
}

/// "114.7 µs", "156.0 ms".
fn human_us(us: f64) -> String {
    if us >= 1000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{us:.1} µs")
    }
}

impl EngineReport {
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let w = &mut out;
        let _ = writeln!(
            w,
            "engine: {} wake-ups ({:.3} per operation), {} loop iterations, \
             timer lag p99 {} (max {}), {} EMFILE events",
            self.loop_wakeups,
            self.wakeups_per_operation,
            self.loop_iterations,
            human_us(self.timer_lag_us.p99),
            human_us(self.timer_lag_us.max),
            self.emfile_events
        );
        let _ = writeln!(
            w,
            "  pool: {} workers, queue depth peak {}",
            self.pool_workers, self.pool_queue_depth_peak
        );
        for (class, c) in &self.pool {
            let _ = writeln!(
                w,
                "  pool {class}: {} requests, queue wait p50 {} p99 {}, run p50 {} p99 {}",
                c.requests,
                human_us(c.queue_wait_us.p50),
                human_us(c.queue_wait_us.p99),
                human_us(c.run_us.p50),
                human_us(c.run_us.p99)
            );
        }
        out
    }
}
