//! Work on the shared thread pool: `Loop::queue_work` runs a closure on a
//! pool thread and hands its result to a callback on the loop's thread.
//!
//! Run with `cargo run --example thread_pool`.

use ruv::{Loop, RunMode};

/// Some real work: the number of primes below `n`.
fn count_primes(n: u64) -> u64 {
    (2..n)
        .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
        .count() as u64
}

fn main() -> ruv::Result<()> {
    let lp = Loop::new()?;
    println!("pool size: {} worker threads", ruv::pool_size());
    let loop_thread = std::thread::current().id();

    for n in [1_000u64, 5_000, 10_000, 20_000, 40_000, 2_000] {
        lp.queue_work(
            // On a pool thread: return the result and where it ran.
            move || {
                let worker = std::thread::current();
                (count_primes(n), worker.name().unwrap_or("?").to_string())
            },
            // Back on the loop thread, in the order the jobs finish.
            move |_, result| {
                assert_eq!(std::thread::current().id(), loop_thread);
                let (primes, worker) = result.expect("not cancelled");
                println!("primes below {n:>6}: {primes:>5}  (computed on {worker})");
            },
        )?;
    }

    // A request can be cancelled until a worker picks it up; its callback
    // then gets ECANCELED. Whether this one was still queued depends on how
    // busy the pool is, so both outcomes are shown.
    let late = lp.queue_work(
        || count_primes(100),
        |_, result| match result {
            Ok(primes) => println!("the late job ran anyway: {primes} primes below 100"),
            Err(e) => println!("the late job was cancelled: {e}"),
        },
    )?;
    match late.cancel() {
        Ok(()) => println!("cancelled the late job before a worker started it"),
        Err(e) => println!("too late to cancel: {e}"),
    }

    // The requests in flight keep the loop running until every callback ran.
    lp.run(RunMode::Default);
    println!("all requests done");
    Ok(())
}
