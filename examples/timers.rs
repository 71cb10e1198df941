//! Timers: a one-shot, a repeating timer that stops itself, equal deadlines
//! firing in start order, and a timer that closes itself.
//!
//! Run with `cargo run --example timers`; it finishes in about 100 ms.

use ruv::{Loop, RunMode, Timer};
use std::time::Duration;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn main() -> ruv::Result<()> {
    let lp = Loop::new()?;
    let t0 = lp.now();

    // A one-shot timer: fires once, 60 ms from now.
    let once = Timer::new(&lp)?;
    once.start(ms(60), None, move |t| {
        println!("[{:>3} ms] one-shot fired", t.loop_().now() - t0);
    })?;

    // A repeating timer: at once, then every 20 ms; it stops itself after
    // five ticks. Callbacks get a view of their handle, so they can stop,
    // restart or close it.
    let ticker = Timer::new(&lp)?;
    let mut ticks = 0;
    ticker.start(ms(0), Some(ms(20)), move |t| {
        ticks += 1;
        println!("[{:>3} ms] tick {ticks}", t.loop_().now() - t0);
        if ticks == 5 {
            t.stop().expect("stop the ticker");
            println!("[{:>3} ms] ticker stopped itself", t.loop_().now() - t0);
        }
    })?;

    // Equal deadlines fire in the order the timers were started.
    let mut same_time = Vec::new();
    for name in ["first", "second", "third"] {
        let timer = Timer::new(&lp)?;
        timer.start(ms(30), None, move |t| {
            println!(
                "[{:>3} ms] {name} of three timers due together",
                t.loop_().now() - t0
            );
        })?;
        // Keep the handle: dropping the last clone of a handle closes it.
        same_time.push(timer);
    }

    // A timer that closes itself from its callback; the close callback runs
    // at the end of that loop iteration.
    let closer = Timer::new(&lp)?;
    closer.start(ms(90), Some(ms(10)), move |t| {
        println!(
            "[{:>3} ms] closer fired, closing itself",
            t.loop_().now() - t0
        );
        t.close(|| println!("         closer's close callback ran"));
    })?;

    // Runs until no active handle is left.
    let alive = lp.run(RunMode::Default);
    println!(
        "loop finished after {} ms of loop time (still alive: {alive})",
        lp.now() - t0
    );
    Ok(())
}
