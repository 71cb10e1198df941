//! Async handles: waking the loop from other threads, coalescing, sends
//! during the callback, sends after close.

mod util;

use ruv::error::code;
use ruv::{Async, AsyncSender, RunMode, Timer};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use util::*;

#[test]
fn the_sender_is_send_and_sync() {
    // `Async` itself lives on the loop thread (it is reference counted
    // with `Rc`); its sender is what crosses threads.
    assert_send_sync::<AsyncSender>();
}

#[test]
fn sends_from_several_threads_before_the_loop_runs_coalesce_into_one_call() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let c = calls.clone();
    let handle = Async::new(&lp, move |_| {
        c.bump();
    })
    .unwrap();

    const THREADS: usize = 4;
    let barrier = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let sender = handle.sender();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                for _ in 0..1000 {
                    sender.send().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }

    assert!(
        lp.run(RunMode::Once),
        "the async handle keeps the loop alive"
    );
    assert_eq!(calls.get(), 1, "4000 sends, one callback");
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(calls.get(), 1, "nothing more was sent");
    handle.close(|| ());
    assert!(!lp.run(RunMode::Default));
}

#[test]
fn concurrent_sends_coalesce_and_the_last_one_is_seen() {
    let (lp, _guard) = guarded_loop();
    const THREADS: usize = 4;
    const SENDS: u32 = 500;
    let finished = Arc::new(AtomicUsize::new(0));
    let calls = Counter::new();
    let c = calls.clone();
    let f = Arc::clone(&finished);
    let handle = Async::new(&lp, move |a| {
        c.bump();
        // Each thread counts itself finished before its last send, so the
        // call that follows the very last send sees them all.
        if f.load(Ordering::SeqCst) == THREADS {
            a.close(|| ());
        }
    })
    .unwrap();
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let sender = handle.sender();
            let finished = Arc::clone(&finished);
            std::thread::spawn(move || {
                for _ in 0..SENDS {
                    sender.send().unwrap();
                }
                finished.fetch_add(1, Ordering::SeqCst);
                sender.send().unwrap();
            })
        })
        .collect();
    assert!(!lp.run(RunMode::Default));
    for t in threads {
        t.join().unwrap();
    }
    assert!(calls.get() >= 1);
    assert!(calls.get() <= THREADS as u32 * (SENDS + 1));
    assert!(handle.is_closing());
}

#[test]
fn what_a_sender_released_before_its_send_is_seen_by_a_callback() {
    // Rounds of: a burst of sends, then a plain release store of the round
    // number and one more send; the sender waits until the loop has seen
    // the round. The store may still sit in the sender's store buffer when
    // the send reads the handle's pending bit: a send that then trusts a
    // bit the loop has just cleared would be lost, and the round never
    // seen (this hung `benches/c/async_pummel` once in about ten runs).
    const ROUNDS: u64 = 200_000;
    const BURST: usize = 50;
    let (lp, _guard) = guarded_loop();
    let published = Arc::new(AtomicU64::new(0));
    let seen = Arc::new(AtomicU64::new(0));
    let (p, s) = (Arc::clone(&published), Arc::clone(&seen));
    let handle = Async::new(&lp, move |a| {
        let round = p.load(Ordering::Acquire);
        s.store(round, Ordering::Release);
        if round == ROUNDS {
            a.close(|| ());
        }
    })
    .unwrap();
    let sender = handle.sender();
    let thread = std::thread::spawn(move || {
        let began = std::time::Instant::now();
        for round in 1..=ROUNDS {
            for _ in 0..BURST {
                sender.send().unwrap();
            }
            published.store(round, Ordering::Release);
            sender.send().unwrap();
            while seen.load(Ordering::Acquire) < round {
                if began.elapsed() > GUARD {
                    return Err(round);
                }
                std::hint::spin_loop();
            }
        }
        Ok(())
    });
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lp.run(RunMode::Default)));
    let sent = thread.join().unwrap();
    assert_eq!(sent, Ok(()), "the send of this round was lost");
    assert!(!outcome.expect("the loop ran to its end"));
}

#[test]
fn a_send_made_while_the_callback_runs_is_not_lost() {
    let (lp, _guard) = guarded_loop();
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let (sent_tx, sent_rx) = mpsc::channel::<()>();
    let calls = Counter::new();
    let c = calls.clone();
    let handle = Async::new(&lp, move |a| {
        if c.bump() == 1 {
            // Let the helper send now, while this first call is running,
            // and wait until it has.
            started_tx.send(()).unwrap();
            recv(&sent_rx);
        } else {
            a.close(|| ());
        }
    })
    .unwrap();
    let sender = handle.sender();
    let helper = std::thread::spawn(move || {
        sender.send().unwrap();
        recv(&started_rx);
        sender.send().unwrap();
        sent_tx.send(()).unwrap();
    });
    assert!(!lp.run(RunMode::Default));
    helper.join().unwrap();
    assert_eq!(calls.get(), 2);
}

#[test]
fn send_after_close_is_refused() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let c = calls.clone();
    let handle = Async::new(&lp, move |_| {
        c.bump();
    })
    .unwrap();
    let sender = handle.sender();
    sender.send().unwrap();
    handle.close(|| ());

    assert!(sender.send().is_err());
    assert!(handle.send().is_err());
    let from_thread = handle.sender();
    let result = std::thread::spawn(move || from_thread.send())
        .join()
        .unwrap();
    assert_eq!(result, Err(ruv::Error::from_code(code::EINVAL)));

    assert!(!lp.run(RunMode::Default));
    assert_eq!(
        calls.get(),
        0,
        "a send made before close does not call back"
    );
    assert!(sender.send().is_err(), "still refused once closed");
}

#[test]
fn send_after_the_handle_is_dropped_is_refused() {
    let (lp, guard) = guarded_loop();
    let handle = Async::new(&lp, |_| ()).unwrap();
    let sender = handle.sender();
    assert!(sender.send().is_ok());
    drop(handle);
    assert!(sender.send().is_err());
    assert!(!lp.run(RunMode::Default));
    drop(guard);
    drop(lp);
    assert!(sender.send().is_err(), "even after the loop is gone");
}

#[test]
fn async_callbacks_run_in_creation_order() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let handles: Vec<Async> = ["a", "b", "c"]
        .into_iter()
        .map(|name| {
            let l = log.clone();
            Async::new(&lp, move |_| l.push(name)).unwrap()
        })
        .collect();
    for h in handles.iter().rev() {
        h.send().unwrap();
    }
    assert!(lp.run(RunMode::Once));
    assert_eq!(log.take(), ["a", "b", "c"]);
    for h in &handles {
        h.close(|| ());
    }
    assert!(!lp.run(RunMode::Default));
}

#[test]
fn a_send_from_a_loop_callback_runs_in_the_same_iterations_poll_phase() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let l = log.clone();
    let handle = Async::new(&lp, move |a| {
        l.push("async");
        a.close(|| ());
    })
    .unwrap();
    let timer = Timer::new(&lp).unwrap();
    let l = log.clone();
    let h = handle.clone();
    timer
        .start(ms(0), None, move |_| {
            l.push("timer");
            h.send().unwrap();
        })
        .unwrap();
    assert!(!lp.run(RunMode::Once));
    assert_eq!(log.take(), ["timer", "async"]);
}

#[test]
fn an_async_handle_keeps_the_loop_alive_unless_unreferenced() {
    let (lp, _guard) = guarded_loop();
    let handle = Async::new(&lp, |_| ()).unwrap();
    assert!(handle.is_active());
    assert!(lp.alive());
    handle.unref();
    assert!(!lp.alive());
    assert!(!lp.run(RunMode::Default));
    handle.ref_();
    assert!(lp.alive());
    handle.close(|| ());
    assert!(!handle.is_active());
    assert!(!lp.run(RunMode::Default));
}

#[test]
fn a_thread_wakes_a_blocked_loop() {
    let (lp, _guard) = guarded_loop();
    let (tx, rx) = mpsc::channel::<u32>();
    let got = Log::new();
    let g = got.clone();
    let handle = Async::new(&lp, move |a| {
        while let Ok(n) = rx.try_recv() {
            g.push(n.to_string());
        }
        if g.len() == 3 {
            a.close(|| ());
        }
    })
    .unwrap();
    let sender = handle.sender();
    let worker = std::thread::spawn(move || {
        for n in 1..=3 {
            tx.send(n).unwrap();
            sender.send().unwrap();
        }
    });
    assert!(!lp.run(RunMode::Default));
    worker.join().unwrap();
    assert_eq!(got.entries(), ["1", "2", "3"]);
}
