//! The thread pool's counters (`ruv::pool_stats`) and its size set through
//! the API. The pool is process-wide, so this binary holds a single test:
//! nothing else queues work while it counts.

mod util;

use ruv::error::code;
use ruv::{Error, Loop, RunMode, WorkStats};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use util::*;

const WORKERS: usize = 2;
/// How long the gated jobs hold the workers.
const HOLD: Duration = Duration::from_millis(30);

/// Queues one job per worker that blocks until `gate` is released, and
/// returns once every worker runs one (so later jobs must wait).
fn occupy_workers(lp: &Loop, gate: &Arc<RwLock<()>>) {
    let (started, wait_started) = mpsc::channel();
    for _ in 0..WORKERS {
        let gate = Arc::clone(gate);
        let started = started.clone();
        lp.queue_work(
            move || {
                started.send(()).unwrap();
                drop(gate.read().unwrap());
            },
            |_, result| result.unwrap(),
        )
        .unwrap();
    }
    for _ in 0..WORKERS {
        wait_started
            .recv_timeout(GUARD)
            .expect("a gated job started");
    }
}

/// Lets time pass with the workers held (the point is the waiting itself,
/// not an ordering of events).
fn hold_for(duration: Duration) {
    let began = Instant::now();
    while began.elapsed() < duration {
        std::thread::sleep(duration - began.elapsed());
    }
}

#[test]
fn pool_counts_requests_by_class_and_its_size_is_fixed_once_started() {
    // Before the pool starts: no counts, and reading them does not start it.
    let idle = ruv::pool_stats();
    assert!(!idle.started);
    assert_eq!(idle.queue_depth, 0);
    assert_eq!(
        (idle.fs, idle.dns, idle.user),
        (
            WorkStats::default(),
            WorkStats::default(),
            WorkStats::default()
        )
    );

    // The size can be set, and set again, until the pool starts.
    ruv::set_pool_size(5).unwrap();
    assert_eq!(ruv::pool_size(), 5);
    ruv::set_pool_size(WORKERS).unwrap();
    assert_eq!(ruv::pool_size(), WORKERS);
    assert_eq!(ruv::set_pool_size(0), Err(Error::from_code(code::EINVAL)));
    let idle = ruv::pool_stats();
    assert!(!idle.started);
    assert_eq!(idle.workers, WORKERS);

    let (lp, _guard) = guarded_loop();

    // Quick user jobs: each counted once, waiting and running.
    const QUICK: u64 = 20;
    for n in 0..QUICK {
        lp.queue_work(move || n + 1, |_, result| assert!(result.unwrap() > 0))
            .unwrap();
    }
    lp.run(RunMode::Default);
    let stats = ruv::pool_stats();
    assert!(stats.started);
    assert_eq!(stats.workers, WORKERS);
    assert_eq!(stats.queue_depth, 0);
    assert_eq!(stats.user.wait.count, QUICK);
    assert_eq!(stats.user.run.count, QUICK);
    // With many in flight, only a sample is timed.
    assert!(stats.user.run.timed > 0 && stats.user.run.timed < QUICK);
    assert_eq!(stats.user.wait.timed, stats.user.run.timed);
    assert_eq!(
        (stats.fs, stats.dns),
        (WorkStats::default(), WorkStats::default())
    );

    // Started: the size is fixed.
    assert_eq!(ruv::set_pool_size(4), Err(Error::from_code(code::EBUSY)));
    assert_eq!(ruv::pool_size(), WORKERS);
    assert_eq!(ruv::pool_stats().workers, WORKERS);

    // With every worker held, new jobs queue up: the depth shows them, and
    // their wait covers the hold.
    let gate = Arc::new(RwLock::new(()));
    let held = gate.write().unwrap();
    occupy_workers(&lp, &gate);
    const QUEUED: u64 = 5;
    for _ in 0..QUEUED {
        lp.queue_work(|| (), |_, result| result.unwrap()).unwrap();
    }
    assert_eq!(ruv::pool_stats().queue_depth, QUEUED);
    hold_for(HOLD);
    drop(held);
    lp.run(RunMode::Default);
    let stats = ruv::pool_stats();
    assert_eq!(stats.queue_depth, 0);
    let total = QUICK + WORKERS as u64 + QUEUED;
    assert_eq!(stats.user.wait.count, total);
    assert_eq!(stats.user.run.count, total);
    assert!(stats.user.wait.max >= HOLD, "{:?}", stats.user.wait);
    assert!(stats.user.run.max >= HOLD, "{:?}", stats.user.run);
    // Most jobs were quick: the median is far below the hold.
    assert!(stats.user.run.p50 < HOLD, "{:?}", stats.user.run);
    assert!(stats.user.run.p50 <= stats.user.run.p99);
    assert!(stats.user.run.p99 <= stats.user.run.max);

    // Jobs cancelled in the queue are not timed; they leave the depth once
    // a worker discards them.
    let held = gate.write().unwrap();
    occupy_workers(&lp, &gate);
    const CANCELLED: u64 = 3;
    for _ in 0..CANCELLED {
        let request = lp
            .queue_work(
                || unreachable!("cancelled"),
                |_, result: ruv::Result<()>| assert_eq!(result.unwrap_err().name(), "ECANCELED"),
            )
            .unwrap();
        request.cancel().unwrap();
    }
    assert_eq!(ruv::pool_stats().queue_depth, CANCELLED);
    drop(held);
    lp.run(RunMode::Default);
    // The discarding happens on the workers, after the loop heard of the
    // cancellation: wait for it, bounded.
    let deadline = Instant::now() + GUARD;
    while ruv::pool_stats().queue_depth != 0 {
        assert!(
            Instant::now() < deadline,
            "cancelled jobs never left the queue"
        );
        std::thread::yield_now();
    }
    let stats = ruv::pool_stats();
    let total = total + WORKERS as u64;
    assert_eq!(stats.user.wait.count, total);
    assert_eq!(stats.user.run.count, total);

    // File-system requests from the Rust API count as fs.
    let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-stats-")).unwrap();
    let path = dir.join("file");
    ruv::fs::write_async(&lp, path.clone(), vec![7u8; 4096], |_, written| {
        written.unwrap()
    })
    .unwrap();
    lp.run(RunMode::Default);
    ruv::fs::metadata_async(&lp, &path, |_, meta| assert_eq!(meta.unwrap().len(), 4096)).unwrap();
    ruv::fs::read_async(&lp, &path, |_, data| assert_eq!(data.unwrap().len(), 4096)).unwrap();
    lp.run(RunMode::Default);
    ruv::fs::remove_dir_all(&dir).unwrap();
    let stats = ruv::pool_stats();
    assert_eq!(stats.fs.wait.count, 3);
    assert_eq!(stats.fs.run.count, 3);

    // Name resolution counts as DNS (a numeric host: no network).
    ruv::net::dns::lookup_host_async(&lp, "127.0.0.1", 80, |_, addrs| {
        assert_eq!(addrs.unwrap()[0].port(), 80)
    })
    .unwrap();
    lp.run(RunMode::Default);
    let stats = ruv::pool_stats();
    assert_eq!(stats.dns.wait.count, 1);
    assert_eq!(stats.dns.run.count, 1);
    assert_eq!((stats.fs.run.count, stats.user.run.count), (3, total));
}
