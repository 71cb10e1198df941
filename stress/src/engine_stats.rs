//! The engine's own counters, printed beside the tool's figures: how long
//! pool requests waited in the queue, how late the loop ran its timers,
//! how often the loop was woken.
//!
//! GAP: the ruv crate does not expose engine counters yet (they are being
//! added on another branch); until it does, [`collect`] has nothing to
//! give and the report's `engine` field is null.

use serde::{Deserialize, Serialize};

/// Percentiles of one engine measurement, in microseconds.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Spread {
    pub p50: f64,
    pub p99: f64,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EngineReport {}

impl EngineReport {
    pub fn to_text(&self, _operations: u64) -> String {
        String::new()
    }
}

/// Starts counting (resets the engine's counters) at the start of a run.
pub fn start() {}

/// The counters since [`start`], if this build of ruv has them.
pub fn collect() -> Option<EngineReport> {
    None
}
