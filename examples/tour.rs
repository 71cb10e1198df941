//! A tour of ruv: the event loop, timers, the thread pool and an async
//! handle working together, then a clean shutdown.
//!
//! - A repeating timer ticks every 100 ms: it reports progress and feeds the
//!   thread pool a wave of 8 jobs per tick until 64 are queued.
//! - Each job generates 256 KiB of data and hashes it (FNV-1a) on a pool
//!   thread, then reports back on the loop thread.
//! - A plain thread hashes job 0's data on its own and wakes the loop with
//!   an `Async` handle so the loop can check the pool got the same answer.
//! - Once everything is in and the ticker has run for a second, the loop
//!   closes its handles and `run` returns because nothing is left to do.
//!
//! Run with `cargo run --release --example tour` (about a second).

use ruv::{Async, Loop, RunMode, Timer};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const JOBS: u64 = 64;
const WAVE: u64 = 8;
const BYTES_PER_JOB: usize = 256 * 1024;
const TICK: Duration = Duration::from_millis(100);
/// The tour runs at least this many ticks (a second), and until all is in.
const MIN_TICKS: u32 = 10;

/// Job `seed`'s data: a reproducible stream of pseudo-random bytes.
fn generate(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// 64-bit FNV-1a.
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the loop's callbacks share. Everything runs on the loop thread, so
/// an `Rc<RefCell<..>>` is all it takes.
#[derive(Default)]
struct Tour {
    ticks: u32,
    jobs_queued: u64,
    jobs_done: u64,
    /// XOR of every job's digest: independent of completion order.
    combined: u64,
    job0_digest: Option<u64>,
    checker_digest: Option<u64>,
    async_wakeups: u32,
    workers_used: BTreeSet<String>,
}

impl Tour {
    fn finished(&self) -> bool {
        self.ticks >= MIN_TICKS && self.jobs_done == JOBS && self.checker_digest.is_some()
    }
}

/// Queues the next `WAVE` jobs on the pool; their results come back on the
/// loop thread.
fn queue_wave(lp: &Loop, state: &Rc<RefCell<Tour>>) -> ruv::Result<(u64, u64)> {
    let first = state.borrow().jobs_queued;
    let end = (first + WAVE).min(JOBS);
    for job in first..end {
        let st = Rc::clone(state);
        lp.queue_work(
            // On a pool thread.
            move || {
                let digest = fnv1a(&generate(job, BYTES_PER_JOB));
                let worker = std::thread::current().name().unwrap_or("?").to_string();
                (digest, worker)
            },
            // Back on the loop thread.
            move |_, result| {
                let (digest, worker) = result.expect("jobs are never cancelled here");
                let mut s = st.borrow_mut();
                s.jobs_done += 1;
                s.combined ^= digest;
                s.workers_used.insert(worker);
                if job == 0 {
                    s.job0_digest = Some(digest);
                }
            },
        )?;
    }
    state.borrow_mut().jobs_queued = end;
    Ok((first, end))
}

fn main() -> ruv::Result<()> {
    let started = Instant::now();
    let lp = Loop::new()?;
    let t0 = lp.now();
    let log = move |lp: &Loop, what: String| println!("[{:>4} ms] {what}", lp.now() - t0);
    let state = Rc::new(RefCell::new(Tour::default()));

    log(
        &lp,
        format!(
            "loop up; the pool has {} workers; {JOBS} jobs of {} KiB to hash, {WAVE} per tick",
            ruv::pool_size(),
            BYTES_PER_JOB / 1024
        ),
    );

    // The async handle: a checker thread wakes the loop with its result.
    let (digest_tx, digest_rx) = mpsc::channel::<u64>();
    let st = Rc::clone(&state);
    let checker_handle = Async::new(&lp, move |a| {
        let mut s = st.borrow_mut();
        s.async_wakeups += 1;
        if let Ok(digest) = digest_rx.try_recv() {
            s.checker_digest = Some(digest);
            log(
                a.loop_(),
                format!("async: checker thread reports job 0 digest {digest:#018x}"),
            );
        }
    })?;
    let sender = checker_handle.sender();
    let checker = std::thread::spawn(move || {
        let digest = fnv1a(&generate(0, BYTES_PER_JOB));
        digest_tx.send(digest).expect("loop is listening");
        sender.send().expect("async handle is open");
    });

    // The first wave of jobs now, the rest from the ticker.
    queue_wave(&lp, &state)?;

    // The ticker: reports progress, and shuts the tour down when done.
    let ticker = Timer::new(&lp)?;
    let st = Rc::clone(&state);
    let to_close = checker_handle.clone();
    ticker.start(TICK, Some(TICK), move |t| {
        st.borrow_mut().ticks += 1;
        let queued = if st.borrow().jobs_queued < JOBS {
            let (first, end) = queue_wave(t.loop_(), &st).expect("queue a wave");
            format!("queued jobs {first}..{end}, ")
        } else {
            String::new()
        };
        let s = st.borrow();
        log(
            t.loop_(),
            format!(
                "tick {:>2}: {queued}{}/{JOBS} jobs done",
                s.ticks, s.jobs_done
            ),
        );
        if s.finished() {
            log(
                t.loop_(),
                "all in: closing the ticker and the async handle".into(),
            );
            t.close(|| ());
            to_close.close(|| ());
        }
    })?;

    // Runs until every handle is closed and every request has reported.
    let still_alive = lp.run(RunMode::Default);
    checker.join().expect("checker thread");
    assert!(!still_alive);

    let s = state.borrow();
    let agreed = s.job0_digest == s.checker_digest;
    log(
        &lp,
        format!(
            "loop done; checker {} with the pool on job 0",
            if agreed { "agrees" } else { "DISAGREES" }
        ),
    );
    println!(
        "tour: {JOBS} jobs hashed {} MiB on {} pool threads (combined digest {:#018x}), \
         {} ticks, {} async wake-up(s), checker {}, {:.2} s",
        JOBS as usize * BYTES_PER_JOB / (1024 * 1024),
        s.workers_used.len(),
        s.combined,
        s.ticks,
        s.async_wakeups,
        if agreed { "agreed" } else { "disagreed" },
        started.elapsed().as_secs_f64(),
    );
    if !agreed {
        std::process::exit(1);
    }
    Ok(())
}
