//! The engine's counters: what the thread pool and each loop record about
//! their own work, cheaply enough for the hot paths, and the summaries the
//! API hands out.
//!
//! Every counter has one writer: each pool worker records into a block of
//! its own, each loop into its own fields. A single writer needs no
//! read-modify-write, so recording is a relaxed load and store (plain
//! moves on x86-64), with no lock, no system call and no shared cache line
//! between workers. Readers add the blocks up; a reading taken while work
//! runs may be a few operations behind, never torn.
//!
//! Timing a pool request takes three clock readings (queued, started,
//! ended), about 45 ns each on a virtual machine: more than the rest of a
//! no-op request's round trip through the pool put together. So a loop
//! times every request while it has few in flight, and one in
//! [`SAMPLE_EVERY`] of each class beyond that; each timed request stands,
//! in the histograms, for the untimed ones queued since the previous timed
//! one (its weight), so the percentiles describe every request, not the
//! quiet moments only. Counts are always exact.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// Values below `1 << SUB_BITS` get a bucket each; every power of two above
/// is split into `1 << SUB_BITS` buckets, so a bucket is at most 25 % wide.
const SUB_BITS: u32 = 2;
const SUB: usize = 1 << SUB_BITS;
/// Values from `2^TOP_EXP` up (2^40 ns: about 18 minutes) share the last
/// bucket.
const TOP_EXP: u32 = 40;
const BUCKETS: usize = SUB * (TOP_EXP - SUB_BITS + 1) as usize + 1;

/// Adds to a counter only its owner writes.
fn bump(counter: &AtomicU64, by: u64) {
    counter.store(counter.load(Relaxed).wrapping_add(by), Relaxed);
}

fn bucket_of(value: u64) -> usize {
    if value < SUB as u64 {
        return value as usize;
    }
    let exp = 63 - value.leading_zeros();
    if exp >= TOP_EXP {
        return BUCKETS - 1;
    }
    let sub = (value >> (exp - SUB_BITS)) as usize & (SUB - 1);
    SUB * (exp - SUB_BITS + 1) as usize + sub
}

/// The largest value bucket `index` holds.
fn bucket_top(index: usize) -> u64 {
    if index < SUB {
        return index as u64;
    }
    if index >= BUCKETS - 1 {
        return u64::MAX;
    }
    let exp = (index / SUB) as u32 + SUB_BITS - 1;
    let width = 1u64 << (exp - SUB_BITS);
    (1u64 << exp) + (index % SUB) as u64 * width + width - 1
}

/// A histogram of nanoseconds in fixed log-linear buckets, written by one
/// thread at a time (its owner) and readable from any.
pub(crate) struct Histogram {
    buckets: [AtomicU64; BUCKETS],
    /// Sum of every value recorded.
    total: AtomicU64,
    max: AtomicU64,
}

impl Histogram {
    pub fn new() -> Histogram {
        Histogram {
            buckets: std::array::from_fn(|_| AtomicU64::new(0)),
            total: AtomicU64::new(0),
            max: AtomicU64::new(0),
        }
    }

    /// Records one value, standing for `weight` values. Only the
    /// histogram's owner may call this.
    pub fn record(&self, nanos: u64, weight: u64) {
        bump(&self.buckets[bucket_of(nanos)], weight);
        bump(&self.total, nanos.wrapping_mul(weight));
        if nanos > self.max.load(Relaxed) {
            self.max.store(nanos, Relaxed);
        }
    }

    /// Adds this histogram's counts into `sum`.
    pub fn add_to(&self, sum: &mut Counts) {
        for (into, from) in sum.buckets.iter_mut().zip(&self.buckets) {
            *into += from.load(Relaxed);
        }
        sum.total = sum.total.wrapping_add(self.total.load(Relaxed));
        sum.max = sum.max.max(self.max.load(Relaxed));
    }

    /// The summary of `count` values of which `timed` were recorded.
    pub fn summary(&self, count: u64, timed: u64) -> Summary {
        let mut counts = Counts::new();
        self.add_to(&mut counts);
        counts.summary(count, timed)
    }
}

/// One or more histograms' counts, added up for reading.
pub(crate) struct Counts {
    buckets: [u64; BUCKETS],
    total: u64,
    max: u64,
}

impl Counts {
    pub fn new() -> Counts {
        Counts {
            buckets: [0; BUCKETS],
            total: 0,
            max: 0,
        }
    }

    /// The values recorded, by weight.
    fn weight(&self) -> u64 {
        self.buckets.iter().sum()
    }

    /// The smallest bucket top at or below which `per_mille` of the values
    /// lie (never above the largest value seen).
    fn quantile(&self, weight: u64, per_mille: u64) -> u64 {
        let rank = (u128::from(weight) * u128::from(per_mille))
            .div_ceil(1000)
            .max(1) as u64;
        let mut seen = 0;
        for (index, &n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= rank {
                return bucket_top(index).min(self.max);
            }
        }
        self.max
    }

    /// The summary of `count` values of which `timed` were measured.
    pub fn summary(&self, count: u64, timed: u64) -> Summary {
        let weight = self.weight();
        if weight == 0 {
            return Summary {
                count,
                ..Summary::default()
            };
        }
        Summary {
            count,
            timed,
            mean: Duration::from_nanos(self.total / weight),
            p50: Duration::from_nanos(self.quantile(weight, 500)),
            p90: Duration::from_nanos(self.quantile(weight, 900)),
            p99: Duration::from_nanos(self.quantile(weight, 990)),
            max: Duration::from_nanos(self.max),
        }
    }
}

/// A distribution of durations, summarised.
///
/// Percentiles come from buckets at most a quarter of their value wide:
/// each is the top of the bucket the percentile falls in, so it may read
/// up to 25 % high, never low, and never above `max`. Where only a sample
/// was timed (`timed < count`, see [`PoolStats`]), the mean and the
/// percentiles are estimates for all `count` values, and `max` is the
/// largest value timed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// How many values there were (exact).
    pub count: u64,
    /// How many of them were measured.
    pub timed: u64,
    pub mean: Duration,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// What a worker records, per class of work.
pub(crate) struct ClassHistograms {
    /// Requests run (exact).
    pub count: AtomicU64,
    /// Requests timed (see [`Sampler`]).
    pub timed: AtomicU64,
    /// From queueing to a worker starting the request.
    pub wait: Histogram,
    /// From a worker starting the request to its end.
    pub run: Histogram,
}

/// The classes counted apart: file system, DNS, user work.
pub(crate) const CLASSES: usize = 3;
pub(crate) const FS: usize = 0;
pub(crate) const DNS: usize = 1;
pub(crate) const USER: usize = 2;

/// One worker's counters. Aligned so two workers never write one cache line.
#[repr(align(128))]
pub(crate) struct WorkerStats {
    pub classes: [ClassHistograms; CLASSES],
    /// Tasks this worker took off the queue: run, or skipped as cancelled.
    pub taken: AtomicU64,
}

impl WorkerStats {
    pub fn new() -> WorkerStats {
        WorkerStats {
            classes: std::array::from_fn(|_| ClassHistograms {
                count: AtomicU64::new(0),
                timed: AtomicU64::new(0),
                wait: Histogram::new(),
                run: Histogram::new(),
            }),
            taken: AtomicU64::new(0),
        }
    }

    pub fn took_task(&self) {
        bump(&self.taken, 1);
    }

    /// A request of `class` ran, untimed.
    pub fn count(&self, class: usize) {
        bump(&self.classes[class].count, 1);
    }

    /// A timed request of `class` ran, standing for `weight` requests
    /// (itself included).
    pub fn record(&self, class: usize, weight: u64, wait_ns: u64, run_ns: u64) {
        let histograms = &self.classes[class];
        bump(&histograms.count, 1);
        bump(&histograms.timed, 1);
        histograms.wait.record(wait_ns, weight);
        histograms.run.record(run_ns, weight);
    }
}

/// While a loop has fewer pool requests than this in flight, it times
/// every one it queues.
pub(crate) const TIME_ALL_BELOW: usize = 8;
/// Beyond, it times one in this many of each class.
pub(crate) const SAMPLE_EVERY: u32 = 16;

/// Chooses which of a loop's pool requests of one class are timed.
#[derive(Default)]
pub(crate) struct Sampler {
    /// Requests queued untimed since the last sample of a busy time.
    untimed: Cell<u32>,
}

impl Sampler {
    /// For a request queued while `in_flight` others are: 0 if it goes
    /// untimed, else the weight it carries. In quiet times every request
    /// is timed and stands for itself; in busy ones, one in
    /// [`SAMPLE_EVERY`] stands for itself and the untimed ones before it
    /// (a quiet request never stands for busy ones).
    pub fn pick(&self, in_flight: usize) -> u32 {
        if in_flight < TIME_ALL_BELOW {
            return 1;
        }
        let untimed = self.untimed.get();
        if untimed + 1 >= SAMPLE_EVERY {
            self.untimed.set(0);
            untimed + 1
        } else {
            self.untimed.set(untimed + 1);
            0
        }
    }
}

/// Wait and run times of one class of pool requests. Requests cancelled
/// before a worker started them are not counted. `wait.count` and
/// `run.count` are the same number, that of requests run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkStats {
    /// From queueing the request to a worker starting it.
    pub wait: Summary,
    /// From a worker starting the request to its end (the callback on the
    /// loop thread is not included).
    pub run: Summary,
}

/// The thread pool's counters, for every loop of the process together
/// (see [`pool_stats`](crate::pool_stats)).
///
/// Each request is counted; its times are measured for every request a
/// loop queues while it has fewer than 8 in flight, and for one in 16 of
/// each class beyond (three clock readings cost more than a trivial
/// request's whole trip through the pool). A timed request is weighted by
/// the untimed ones it stands for, so the percentiles cover all requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolStats {
    /// Whether the workers have started (the first queued request starts
    /// them).
    pub started: bool,
    /// The number of workers, or of workers the pool will start with.
    pub workers: usize,
    /// Requests queued that no worker has taken yet. A request cancelled
    /// while queued counts until a worker discards it.
    pub queue_depth: u64,
    /// File-system requests (`uv_fs_*`, `ruv::fs`, fs_poll's stats).
    pub fs: WorkStats,
    /// Name resolution (`uv_getaddrinfo`, `uv_getnameinfo`,
    /// `ruv::net::dns`).
    pub dns: WorkStats,
    /// User work (`uv_queue_work`, [`Loop::queue_work`](crate::Loop::queue_work)).
    pub user: WorkStats,
}

/// Sums the workers' counters.
pub(crate) fn work_stats(workers: &[WorkerStats]) -> [WorkStats; CLASSES] {
    std::array::from_fn(|class| {
        let mut wait = Counts::new();
        let mut run = Counts::new();
        let (mut count, mut timed) = (0, 0);
        for worker in workers {
            let histograms = &worker.classes[class];
            count += histograms.count.load(Relaxed);
            timed += histograms.timed.load(Relaxed);
            histograms.wait.add_to(&mut wait);
            histograms.run.add_to(&mut run);
        }
        WorkStats {
            wait: wait.summary(count, timed),
            run: run.summary(count, timed),
        }
    })
}

/// A loop's own counters, written on its thread only.
pub(crate) struct LoopCounters {
    pub iterations: Cell<u64>,
    /// Signals taken from other threads (pool completions, async sends).
    pub wakeups: Cell<u64>,
    /// Pool requests whose completion this loop delivered.
    pub completions: Cell<u64>,
    /// Times the loop watched for a pool job to finish before blocking.
    pub watches: Cell<u64>,
    /// Times the loop watched for an async send before blocking.
    pub send_watches: Cell<u64>,
    /// Times the loop asked epoll for readiness.
    pub polls: Cell<u64>,
    /// How late timers fired.
    pub timer_lag: TimerLag,
    /// Which pool requests to time, per class.
    pub samplers: [Sampler; CLASSES],
}

impl LoopCounters {
    pub fn new() -> LoopCounters {
        LoopCounters {
            iterations: Cell::new(0),
            wakeups: Cell::new(0),
            completions: Cell::new(0),
            watches: Cell::new(0),
            send_watches: Cell::new(0),
            polls: Cell::new(0),
            timer_lag: TimerLag::new(),
            samplers: Default::default(),
        }
    }
}

/// How late a loop's timers fire: the loop time at firing minus the due
/// time. Loop time stands still during a pass over the due timers, but a
/// timer that waited behind a slow callback is late by that callback too,
/// so after the first firing of a pass the lag is read on a fresh clock.
/// That reading costs as much as a trivial timer callback, so a pass that
/// fires many timers times the first [`TIME_ALL_BELOW`] and then one in
/// [`SAMPLE_EVERY`], weighted as pool requests are.
pub(crate) struct TimerLag {
    /// Timers fired (exact).
    fires: Cell<u64>,
    /// Firings whose lag was measured.
    timed: Cell<u64>,
    histogram: Histogram,
    sampler: Sampler,
}

impl TimerLag {
    fn new() -> TimerLag {
        TimerLag {
            fires: Cell::new(0),
            timed: Cell::new(0),
            histogram: Histogram::new(),
            sampler: Sampler::default(),
        }
    }

    /// A timer due at `due` fires, after `earlier` others in this pass,
    /// which began at loop time `pass_time`.
    pub fn fired(&self, earlier: usize, pass_time: u64, due: u64) {
        count(&self.fires);
        let weight = self.sampler.pick(earlier);
        if weight == 0 {
            return;
        }
        let fired_at = if earlier == 0 {
            pass_time
        } else {
            crate::sys::time::loop_time_ms()
        };
        count(&self.timed);
        let lag_ns = fired_at.saturating_sub(due).saturating_mul(1_000_000);
        self.histogram.record(lag_ns, u64::from(weight));
    }

    pub fn summary(&self) -> Summary {
        self.histogram.summary(self.fires.get(), self.timed.get())
    }
}

pub(crate) fn count(counter: &Cell<u64>) {
    counter.set(counter.get().wrapping_add(1));
}

/// One loop's counters since it was created (see
/// [`Loop::stats`](crate::Loop::stats)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoopStats {
    /// Iterations of `run` (each: timers, pending, idle, prepare, poll,
    /// check, close callbacks).
    pub iterations: u64,
    /// Times the loop took signals from other threads (pool completions and
    /// async sends): woken through its eventfd, or finding them waiting
    /// when it was about to block. A burst of them is one wake-up.
    pub wakeups: u64,
    /// Pool requests completed on this loop (cancelled ones included).
    pub completions: u64,
    /// Times the loop, about to block with few pool requests in flight,
    /// first watched (spinning, for up to 30 µs) for one to finish. A
    /// watch that finds none is not repeated until a request completes,
    /// so this stays at most one more than `completions`.
    pub watches: u64,
    /// Times the loop, about to block with no pool request in flight, on
    /// a loop with async handles and no descriptor to watch but its own
    /// eventfd, first watched (spinning, for up to 30 µs) for an async
    /// send. A watch that finds none is not repeated until a wake-up is
    /// taken, so this stays at most one more than `wakeups`.
    pub send_watches: u64,
    /// Times the loop asked epoll for readiness (`epoll_wait`). A pass
    /// that may not block (an idle handle is active, say) on a loop that
    /// watches no descriptor, no socket, pipe, poll handle, fs_event or
    /// signal, does not ask: its only source of events is its wake-up
    /// eventfd, whose news it also finds in memory. It still asks when
    /// the eventfd may hold a count to empty, as on the first pass of
    /// each `run`. Such a loop counts fewer polls than iterations.
    pub polls: u64,
    /// How late timers fired after their due time, in loop time (whole
    /// milliseconds, as timers are). Every firing is counted; when one
    /// pass fires many timers, a weighted sample of them is timed (see
    /// [`Summary`]).
    pub timer_lag: Summary,
    /// Times accept ran out of descriptors (EMFILE or ENFILE).
    pub emfile_events: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_value_in_order() {
        let mut previous_top = None;
        for index in 0..BUCKETS {
            let top = bucket_top(index);
            assert_eq!(bucket_of(top), index, "top of bucket {index}");
            if let Some(previous) = previous_top {
                assert_eq!(bucket_of(previous + 1), index, "first of bucket {index}");
            }
            previous_top = (top != u64::MAX).then_some(top);
        }
        assert_eq!(bucket_of(u64::MAX), BUCKETS - 1);
        assert_eq!(bucket_of(0), 0);
    }

    #[test]
    fn buckets_are_at_most_a_quarter_wide() {
        for index in SUB..BUCKETS - 1 {
            let top = bucket_top(index);
            let bottom = bucket_top(index - 1) + 1;
            assert!((top - bottom + 1) * 4 <= bottom, "bucket {index}");
        }
    }

    #[test]
    fn summary_of_known_values() {
        let h = Histogram::new();
        assert_eq!(h.summary(0, 0), Summary::default());
        for v in 1..=100u64 {
            h.record(v * 1000, 1);
        }
        let s = h.summary(100, 100);
        assert_eq!((s.count, s.timed), (100, 100));
        assert_eq!(s.max, Duration::from_micros(100));
        assert_eq!(s.mean, Duration::from_nanos(50_500));
        // Never low, at most 25 % high, never above the maximum.
        for (p, exact) in [(s.p50, 50_000), (s.p90, 90_000), (s.p99, 99_000)] {
            let p = p.as_nanos() as u64;
            assert!(p >= exact && p * 4 <= exact * 5, "{p} for {exact}");
            assert!(p <= 100_000);
        }
    }

    #[test]
    fn one_value_is_every_percentile() {
        let h = Histogram::new();
        h.record(12_345, 1);
        let s = h.summary(1, 1);
        assert_eq!(
            (s.p50, s.p99, s.max),
            (s.max, s.max, Duration::from_nanos(12_345))
        );
    }

    #[test]
    fn weights_stand_for_the_untimed() {
        let h = Histogram::new();
        // One fast value standing for 99, one slow value for itself.
        h.record(1_000, 99);
        h.record(1_000_000, 1);
        let s = h.summary(100, 2);
        assert_eq!((s.count, s.timed), (100, 2));
        // 99 % of the values are the fast one (its bucket's top: 1023 ns).
        assert_eq!(s.p50, Duration::from_nanos(1_023));
        assert_eq!(s.p99, Duration::from_nanos(1_023));
        assert_eq!(s.max, Duration::from_millis(1));
        assert_eq!(s.mean, Duration::from_nanos((99 * 1_000 + 1_000_000) / 100));
    }

    #[test]
    fn workers_add_up() {
        let workers = [WorkerStats::new(), WorkerStats::new()];
        workers[0].record(FS, 1, 10, 100);
        workers[1].record(FS, 3, 30, 300);
        workers[1].count(FS);
        workers[1].count(FS);
        workers[1].record(USER, 1, 5, 5);
        let [fs, dns, user] = work_stats(&workers);
        assert_eq!((fs.wait.count, fs.wait.timed), (4, 2));
        assert_eq!((fs.run.count, fs.run.timed), (4, 2));
        assert_eq!(fs.run.max, Duration::from_nanos(300));
        assert_eq!(fs.run.mean, Duration::from_nanos((100 + 3 * 300) / 4));
        assert_eq!(dns, WorkStats::default());
        assert_eq!(user.run.count, 1);
    }

    #[test]
    fn few_in_flight_are_all_timed_many_are_sampled() {
        let sampler = Sampler::default();
        for in_flight in 0..TIME_ALL_BELOW {
            assert_eq!(sampler.pick(in_flight), 1);
        }
        let busy = TIME_ALL_BELOW;
        let picks: Vec<u32> = (0..2 * SAMPLE_EVERY).map(|_| sampler.pick(busy)).collect();
        assert_eq!(picks.iter().filter(|&&w| w > 0).count(), 2);
        assert_eq!(picks.iter().sum::<u32>(), 2 * SAMPLE_EVERY);
        // Quiet again: timed, for itself only; the busy ones still
        // untimed wait for the next busy sample.
        assert_eq!(sampler.pick(busy), 0);
        assert_eq!(sampler.pick(busy), 0);
        assert_eq!(sampler.pick(0), 1);
        let rest: Vec<u32> = (0..SAMPLE_EVERY - 2).map(|_| sampler.pick(busy)).collect();
        assert_eq!(rest.last(), Some(&SAMPLE_EVERY));
    }
}
