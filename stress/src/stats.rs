//! What a run measures, as it goes: operations by kind (count, bytes, an
//! HDR latency histogram), per-second totals, errors by UV name, integrity
//! counts, fault counters and queue peaks. Everything runs on the loop
//! thread, so plain cells do.

use hdrhistogram::Histogram;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::time::Instant;

/// Lines of data-loss detail written to stderr at most; the rest are
/// only counted.
const LOSS_NOTES: u32 = 10;

/// One kind of operation ("tcp echo", "fs read", ...).
#[derive(Clone, Copy, Debug)]
pub struct OpId(usize);

/// One queue whose peak size the report shows.
#[derive(Clone, Copy, Debug)]
pub struct PeakId(usize);

pub struct OpStats {
    pub name: &'static str,
    pub count: u64,
    pub bytes: u64,
    /// Latencies in nanoseconds.
    pub latency: Histogram<u64>,
}

/// Operations and bytes finished during one second of the run.
#[derive(Clone, Copy, Default, Debug)]
pub struct Second {
    pub operations: u64,
    pub bytes: u64,
}

/// Counts of what was checked and what was found wrong.
#[derive(Default, Debug)]
pub struct Integrity {
    /// Blocks (messages, datagrams, file blocks) whose checksum and
    /// identity were checked and found right, and their bytes.
    pub verified_blocks: Cell<u64>,
    pub verified_bytes: Cell<u64>,
    /// Blocks that came back damaged, or other than the one expected.
    pub mismatches: Cell<u64>,
    /// Replies or results that never came.
    pub lost: Cell<u64>,
    /// UDP replies that came after their timeout had counted them lost.
    pub late: Cell<u64>,
}

pub struct Stats {
    /// When the run started (after setup).
    start: Cell<Instant>,
    ops: RefCell<Vec<OpStats>>,
    seconds: RefCell<Vec<Second>>,
    errors: RefCell<BTreeMap<&'static str, u64>>,
    pub integrity: Integrity,
    faults: RefCell<BTreeMap<&'static str, BTreeMap<&'static str, u64>>>,
    peaks: RefCell<Vec<(&'static str, u64)>>,
    notes: Cell<u32>,
    /// When the last operation finished: rates are over start..last.
    last: Cell<Instant>,
}

impl Stats {
    pub fn new() -> Stats {
        Stats {
            start: Cell::new(Instant::now()),
            ops: RefCell::new(Vec::new()),
            seconds: RefCell::new(Vec::new()),
            errors: RefCell::new(BTreeMap::new()),
            integrity: Integrity::default(),
            faults: RefCell::new(BTreeMap::new()),
            peaks: RefCell::new(Vec::new()),
            notes: Cell::new(0),
            last: Cell::new(Instant::now()),
        }
    }

    pub fn start(&self) -> Instant {
        self.start.get()
    }

    /// Starts the clock: setup before this does not count.
    pub fn begin(&self) {
        self.start.set(Instant::now());
        self.last.set(Instant::now());
    }

    /// Seconds from the start to the last operation finished (at least
    /// one millisecond): what rates are computed over.
    pub fn active_seconds(&self) -> f64 {
        let last = self.last.get().max(self.start.get());
        last.duration_since(self.start.get())
            .as_secs_f64()
            .max(1e-3)
    }

    /// Registers a kind of operation; it is reported even if none runs.
    pub fn op(&self, name: &'static str) -> OpId {
        let mut ops = self.ops.borrow_mut();
        ops.push(OpStats {
            name,
            count: 0,
            bytes: 0,
            latency: Histogram::new(3).expect("3 significant figures is valid"),
        });
        OpId(ops.len() - 1)
    }

    /// Registers a queue whose peak is reported.
    pub fn peak(&self, name: &'static str) -> PeakId {
        let mut peaks = self.peaks.borrow_mut();
        peaks.push((name, 0));
        PeakId(peaks.len() - 1)
    }

    /// One finished operation of `bytes`, started at `started`.
    pub fn record(&self, op: OpId, bytes: u64, started: Instant) {
        let now = Instant::now();
        let nanos = u64::try_from(now.duration_since(started).as_nanos()).unwrap_or(u64::MAX);
        {
            let mut ops = self.ops.borrow_mut();
            let stats = &mut ops[op.0];
            stats.count += 1;
            stats.bytes += bytes;
            // The histogram grows to fit; recording cannot fail short of memory.
            let _ = stats.latency.record(nanos.max(1));
        }
        self.last.set(now);
        let second = now.duration_since(self.start.get()).as_secs() as usize;
        let mut seconds = self.seconds.borrow_mut();
        if seconds.len() <= second {
            seconds.resize(second + 1, Second::default());
        }
        seconds[second].operations += 1;
        seconds[second].bytes += bytes;
    }

    /// An operation that failed unexpectedly, counted by its UV name.
    pub fn error(&self, e: ruv::Error) {
        *self.errors.borrow_mut().entry(e.name()).or_insert(0) += 1;
    }

    /// Adds `n` to the counter `key` of the fault `fault`.
    pub fn fault(&self, fault: &'static str, key: &'static str, n: u64) {
        *self
            .faults
            .borrow_mut()
            .entry(fault)
            .or_default()
            .entry(key)
            .or_insert(0) += n;
    }

    /// Makes `fault` appear in the report, with its counters at zero.
    pub fn fault_keys(&self, fault: &'static str, keys: &[&'static str]) {
        let mut faults = self.faults.borrow_mut();
        let counters = faults.entry(fault).or_default();
        for key in keys {
            counters.entry(key).or_insert(0);
        }
    }

    pub fn observe(&self, peak: PeakId, value: u64) {
        let mut peaks = self.peaks.borrow_mut();
        let slot = &mut peaks[peak.0].1;
        *slot = (*slot).max(value);
    }

    pub fn verified(&self, bytes: u64) {
        let i = &self.integrity;
        i.verified_blocks.set(i.verified_blocks.get() + 1);
        i.verified_bytes.set(i.verified_bytes.get() + bytes);
    }

    /// A block that came back wrong; the first few are described on stderr.
    pub fn mismatch(&self, what: impl FnOnce() -> String) {
        let i = &self.integrity;
        i.mismatches.set(i.mismatches.get() + 1);
        self.note(what);
    }

    /// `n` replies or results that never came.
    pub fn lost(&self, n: u64, what: impl FnOnce() -> String) {
        if n == 0 {
            return;
        }
        let i = &self.integrity;
        i.lost.set(i.lost.get() + n);
        self.note(what);
    }

    pub fn late(&self) {
        let i = &self.integrity;
        i.late.set(i.late.get() + 1);
    }

    fn note(&self, what: impl FnOnce() -> String) {
        let n = self.notes.get();
        if n < LOSS_NOTES {
            eprintln!("ruv-stress: data loss: {}", what());
        } else if n == LOSS_NOTES {
            eprintln!("ruv-stress: data loss: (further cases only counted)");
        }
        self.notes.set(n + 1);
    }

    /// Operations finished so far, all kinds together.
    pub fn total_operations(&self) -> u64 {
        self.ops.borrow().iter().map(|op| op.count).sum()
    }

    pub fn total_bytes(&self) -> u64 {
        self.ops.borrow().iter().map(|op| op.bytes).sum()
    }

    pub fn data_lost(&self) -> bool {
        self.integrity.mismatches.get() > 0 || self.integrity.lost.get() > 0
    }

    pub fn ops(&self) -> std::cell::Ref<'_, Vec<OpStats>> {
        self.ops.borrow()
    }

    pub fn seconds(&self) -> Vec<Second> {
        self.seconds.borrow().clone()
    }

    pub fn errors(&self) -> BTreeMap<&'static str, u64> {
        self.errors.borrow().clone()
    }

    pub fn faults(&self) -> BTreeMap<&'static str, BTreeMap<&'static str, u64>> {
        self.faults.borrow().clone()
    }

    pub fn peaks(&self) -> Vec<(&'static str, u64)> {
        self.peaks.borrow().clone()
    }
}

impl Default for Stats {
    fn default() -> Stats {
        Stats::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn records_land_in_their_kind_and_second() {
        let stats = Stats::new();
        let (a, b) = (stats.op("a"), stats.op("b"));
        let started = Instant::now() - Duration::from_micros(50);
        stats.record(a, 10, started);
        stats.record(a, 10, started);
        stats.record(b, 5, started);
        let ops = stats.ops();
        assert_eq!((ops[0].count, ops[0].bytes), (2, 20));
        assert_eq!((ops[1].count, ops[1].bytes), (1, 5));
        assert!(ops[0].latency.min() >= 50_000);
        drop(ops);
        assert_eq!(stats.seconds()[0].operations, 3);
        assert_eq!(stats.total_bytes(), 25);
    }

    #[test]
    fn errors_faults_and_peaks_are_counted_by_name() {
        let stats = Stats::new();
        stats.error(ruv::Error::from_code(ruv::error::code::ECONNRESET));
        stats.error(ruv::Error::from_code(ruv::error::code::ECONNRESET));
        assert_eq!(stats.errors()["ECONNRESET"], 2);
        stats.fault("reset", "connections_reset", 3);
        assert_eq!(stats.faults()["reset"]["connections_reset"], 3);
        let q = stats.peak("queue");
        stats.observe(q, 5);
        stats.observe(q, 2);
        assert_eq!(stats.peaks(), vec![("queue", 5)]);
        assert!(!stats.data_lost());
        stats.lost(1, || "one reply".into());
        assert!(stats.data_lost());
    }
}
