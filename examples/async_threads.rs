//! Waking the loop from other threads with an `Async` handle.
//!
//! Four threads compute partial sums and hand them over through a channel,
//! each followed by an `AsyncSender::send`. Sends that arrive before the
//! loop gets to the callback are merged into one call, so the callback
//! drains the channel rather than assuming one message per call.
//!
//! Run with `cargo run --example async_threads`.

use ruv::{Async, Loop, RunMode};
use std::sync::mpsc;

const THREADS: u64 = 4;
const PARTS_PER_THREAD: u64 = 5;

fn main() -> ruv::Result<()> {
    let lp = Loop::new()?;
    let (tx, rx) = mpsc::channel::<(u64, u64, u64)>();

    let mut received = 0;
    let mut total = 0u64;
    let mut calls = 0;
    let handle = Async::new(&lp, move |a| {
        calls += 1;
        let mut this_call = 0;
        while let Ok((thread, part, sum)) = rx.try_recv() {
            received += 1;
            this_call += 1;
            total += sum;
            if part == PARTS_PER_THREAD - 1 {
                println!("thread {thread} finished its {PARTS_PER_THREAD} parts");
            }
        }
        println!("async callback {calls}: drained {this_call} message(s)");
        if received == THREADS * PARTS_PER_THREAD {
            println!("all {received} parts in after {calls} callback(s); sum = {total}");
            assert_eq!(total, (0..THREADS * PARTS_PER_THREAD * 1000).sum::<u64>());
            // Closing the handle lets the loop end.
            a.close(|| println!("async handle closed"));
        }
    })?;

    // The sender is Send + Sync; the handle itself stays on this thread.
    let workers: Vec<_> = (0..THREADS)
        .map(|thread| {
            let sender = handle.sender();
            let tx = tx.clone();
            std::thread::spawn(move || {
                for part in 0..PARTS_PER_THREAD {
                    let start = (thread * PARTS_PER_THREAD + part) * 1000;
                    let sum = (start..start + 1000).sum::<u64>();
                    tx.send((thread, part, sum)).expect("loop is listening");
                    sender.send().expect("handle is open");
                }
            })
        })
        .collect();

    lp.run(RunMode::Default);
    for worker in workers {
        worker.join().expect("worker thread");
    }
    // Once closed, the handle refuses further sends.
    println!("send after close: {:?}", handle.sender().send());
    Ok(())
}
