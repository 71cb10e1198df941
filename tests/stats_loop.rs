//! A loop's counters (`Loop::stats`): iterations, wake-ups, completions and
//! timer lag. (EMFILE events are checked in net_emfile, where a child runs
//! out of descriptors.)

mod util;

use ruv::{Async, Idle, Loop, RunMode, Timer};
use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};
use util::*;

#[test]
fn a_new_loop_has_counted_nothing() {
    let lp = Loop::new().unwrap();
    let stats = lp.stats();
    assert_eq!(stats, ruv::LoopStats::default());
    // Running a loop with nothing to do makes no iteration.
    assert!(!lp.run(RunMode::Default));
    assert_eq!(lp.stats().iterations, 0);
}

#[test]
fn a_blocking_timer_callback_makes_the_next_timer_late() {
    const BLOCK: Duration = Duration::from_millis(40);
    let (lp, _guard) = guarded_loop();
    let blocker = Timer::new(&lp).unwrap();
    let late = Timer::new(&lp).unwrap();
    blocker
        .start(ms(1), None, |_| {
            // Keeps the loop thread busy past the next timer's due time.
            let began = Instant::now();
            while began.elapsed() < BLOCK {
                std::thread::sleep(BLOCK - began.elapsed());
            }
        })
        .unwrap();
    late.start(ms(2), None, |_| ()).unwrap();
    lp.run(RunMode::Default);

    let lag = lp.stats().timer_lag;
    assert_eq!(lag.count, 2);
    // Due 1 ms after the first; fired once the first's 40 ms were over.
    assert!(lag.max >= BLOCK - ms(2), "{lag:?}");
    assert!(lag.max < GUARD, "{lag:?}");
    // The p99 of two values is the larger, exactly (clamped to the max).
    assert!(lag.p50 <= lag.p99 && lag.p99 == lag.max, "{lag:?}");
}

#[test]
fn repeating_timers_count_every_firing() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    let mut left = 5;
    timer
        .start(ms(1), Some(ms(1)), move |t| {
            left -= 1;
            if left == 0 {
                t.stop().unwrap();
            }
        })
        .unwrap();
    lp.run(RunMode::Default);
    let stats = lp.stats();
    assert_eq!(stats.timer_lag.count, 5);
    assert!(stats.iterations >= 5, "{stats:?}");
    // Nothing but the timer ran: nobody woke the loop.
    assert_eq!((stats.wakeups, stats.completions), (0, 0));
}

#[test]
fn pool_completions_and_wakeups_are_counted() {
    let (lp, _guard) = guarded_loop();
    const JOBS: u64 = 50;
    for n in 0..JOBS {
        lp.queue_work(move || n, |_, result| assert!(result.is_ok()))
            .unwrap();
    }
    lp.run(RunMode::Default);
    let stats = lp.stats();
    assert_eq!(stats.completions, JOBS);
    // Completions come back only through wake-ups, and a burst of them
    // shares one.
    assert!(stats.wakeups >= 1 && stats.wakeups <= JOBS, "{stats:?}");
    assert!(stats.iterations >= stats.wakeups, "{stats:?}");
    assert_eq!(stats.timer_lag.count, 0);

    // Another loop's counters are its own.
    let other = Loop::new().unwrap();
    assert_eq!(other.stats(), ruv::LoopStats::default());
}

#[test]
fn a_watch_for_a_finished_job_that_runs_out_is_not_repeated_until_one_finishes() {
    let (lp, _guard) = guarded_loop();
    // One job, held on its worker until the loop has blocked five times.
    let (release, held) = std::sync::mpsc::channel::<()>();
    lp.queue_work(
        move || held.recv_timeout(GUARD).expect("released"),
        |_, result| assert!(result.is_ok()),
    )
    .unwrap();
    let timer = Timer::new(&lp).unwrap();
    let mut ticks = 0;
    timer
        .start(ms(1), Some(ms(1)), move |t| {
            ticks += 1;
            if ticks == 5 {
                release.send(()).unwrap();
                t.stop().unwrap();
            }
        })
        .unwrap();
    lp.run(RunMode::Default);
    let stats = lp.stats();
    assert_eq!(stats.completions, 1);
    // With a core to spare for the job's worker, the first wait began with
    // a watch, which ran out (the job was held); every later wait, the one
    // for the released job included, went straight to sleep. On one core
    // the loop never watches.
    let expected = u64::from(ruv::os::available_parallelism() >= 2);
    assert_eq!(stats.watches, expected, "{stats:?}");
}

#[test]
fn async_sends_from_another_thread_wake_the_loop() {
    let (lp, _guard) = guarded_loop();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let mut received = 0;
    let handle = Async::new(&lp, move |me| {
        received += 1;
        // Each send waits for the previous one to be seen, so every one of
        // them is a wake-up of its own.
        if received == 3 {
            me.close(|| ());
        } else {
            tx.send(()).unwrap();
        }
    })
    .unwrap();
    let sender = handle.sender();
    let thread = std::thread::spawn(move || {
        sender.send().unwrap();
        for _ in 0..2 {
            rx.recv_timeout(GUARD).unwrap();
            sender.send().unwrap();
        }
    });
    lp.run(RunMode::Default);
    thread.join().unwrap();
    assert_eq!(lp.stats().wakeups, 3);
    assert_eq!(lp.stats().completions, 0);
}

#[test]
fn a_pass_firing_many_timers_times_a_sample_of_them() {
    const TIMERS: u64 = 100;
    let (lp, _guard) = guarded_loop();
    // Same due time: they all fire in one pass.
    let timers: Vec<Timer> = (0..TIMERS)
        .map(|_| {
            let t = Timer::new(&lp).unwrap();
            t.start(ms(1), None, |_| ()).unwrap();
            t
        })
        .collect();
    lp.run(RunMode::Default);
    let lag = lp.stats().timer_lag;
    assert_eq!(lag.count, TIMERS);
    assert!(lag.timed >= 8 && lag.timed < TIMERS, "{lag:?}");
    assert!(lag.p50 <= lag.p99 && lag.p99 <= lag.max, "{lag:?}");
    drop(timers);
}

#[test]
fn a_loop_watching_no_descriptor_asks_epoll_once_and_still_hears_other_threads() {
    let (lp, _guard) = guarded_loop();
    let heard = Rc::new(Cell::new(0));
    let on_send = Rc::clone(&heard);
    let handle = Async::new(&lp, move |me| {
        on_send.set(on_send.get() + 1);
        me.close(|| ());
    })
    .unwrap();
    let sender = handle.sender();
    let on_done = Rc::clone(&heard);
    lp.queue_work(
        || 7,
        move |_, result| {
            assert_eq!(result.unwrap(), 7);
            on_done.set(on_done.get() + 1);
        },
    )
    .unwrap();
    let thread = std::thread::spawn(move || sender.send().unwrap());
    // An active idle handle: no pass may block, so none needs epoll.
    let idle = Idle::new(&lp).unwrap();
    let waiting = Rc::clone(&heard);
    idle.start(move |me| {
        if waiting.get() == 2 {
            me.stop().unwrap();
        }
    })
    .unwrap();
    lp.run(RunMode::Default);
    thread.join().unwrap();
    let stats = lp.stats();
    assert_eq!(heard.get(), 2);
    assert_eq!(stats.completions, 1);
    assert!(stats.wakeups >= 1, "{stats:?}");
    // One poll: the first pass empties the eventfd of what came before
    // `run`, for whoever watches the loop's descriptor from outside.
    assert_eq!(stats.polls, 1, "{stats:?}");
}

#[test]
fn a_loop_watching_a_socket_asks_epoll_on_every_pass() {
    const PASSES: u64 = 100;
    let (lp, _guard) = guarded_loop();
    let listener = ruv::net::TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap()).unwrap();
    listener.listen(8, |_, _| ()).unwrap();
    let idle = Idle::new(&lp).unwrap();
    let mut passes = 0;
    idle.start(move |me| {
        passes += 1;
        if passes == PASSES {
            listener.close(|| ());
            me.stop().unwrap();
        }
    })
    .unwrap();
    lp.run(RunMode::Default);
    let stats = lp.stats();
    // Every pass with the listener open polled; the last one, which closed
    // it, may have skipped.
    assert!(stats.polls >= PASSES - 1, "{stats:?}");
    assert!(stats.polls <= stats.iterations, "{stats:?}");
}

/// Sends from a helper thread, each once the loop is asleep in epoll and
/// the test says so; returns the thread.
fn send_when_asleep(
    sender: ruv::AsyncSender,
    go: std::sync::mpsc::Receiver<()>,
    rounds: usize,
) -> std::thread::JoinHandle<()> {
    let loop_thread = LoopThread::current();
    std::thread::spawn(move || {
        for _ in 0..rounds {
            go.recv_timeout(GUARD).expect("told to send");
            loop_thread.wait_until_asleep_in_epoll();
            sender.send().unwrap();
        }
    })
}

#[test]
fn a_loop_hearing_only_async_sends_watches_for_one_before_it_blocks() {
    const ROUNDS: usize = 3;
    let (lp, _guard) = guarded_loop();
    let (go, told) = std::sync::mpsc::channel::<()>();
    // A timer ticks three times before the first send: its waits end
    // without a wake-up, so only the first of them may watch.
    let ticks = Rc::new(Cell::new(0u32));
    let timer = Timer::new(&lp).unwrap();
    let t = ticks.clone();
    let go_on_tick = go.clone();
    timer
        .start(ms(1), Some(ms(1)), move |me| {
            t.set(t.get() + 1);
            if t.get() == 3 {
                me.stop().unwrap();
                go_on_tick.send(()).unwrap();
            }
        })
        .unwrap();
    let mut received = 0;
    let handle = Async::new(&lp, move |me| {
        received += 1;
        if received == ROUNDS {
            me.close(|| ());
            timer.close(|| ());
        } else {
            go.send(()).unwrap();
        }
    })
    .unwrap();
    let thread = send_when_asleep(handle.sender(), told, ROUNDS);
    lp.run(RunMode::Default);
    thread.join().unwrap();
    let stats = lp.stats();
    assert_eq!(stats.wakeups, ROUNDS as u64, "{stats:?}");
    assert_eq!(ticks.get(), 3, "{stats:?}");
    // Every watch runs out here (the helper sends only once the loop
    // sleeps), and each round is one wait. The first wait watched; the
    // timer's waits after it did not, nothing having woken the loop since.
    // After a wake-up the loop may watch again, but watches that keep
    // running out are rationed: after n in a row, the next 2^n - 1 chances
    // are let go. So the wait after the first wake-up let its chance go,
    // and the one after the second watched.
    // On one core the loop never watches.
    let expected = if ruv::os::available_parallelism() >= 2 {
        2
    } else {
        0
    };
    assert_eq!(stats.send_watches, expected, "{stats:?}");
    assert_eq!(stats.watches, 0, "{stats:?}");
}

#[test]
fn a_loop_with_a_socket_never_watches_for_async_sends() {
    const ROUNDS: usize = 2;
    let (lp, _guard) = guarded_loop();
    let listener = ruv::net::TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap()).unwrap();
    listener.listen(8, |_, _| ()).unwrap();
    let (go, told) = std::sync::mpsc::channel::<()>();
    // The first send is let go at once.
    go.send(()).unwrap();
    let mut received = 0;
    let handle = Async::new(&lp, move |me| {
        received += 1;
        if received == ROUNDS {
            me.close(|| ());
            listener.close(|| ());
        } else {
            go.send(()).unwrap();
        }
    })
    .unwrap();
    let thread = send_when_asleep(handle.sender(), told, ROUNDS);
    lp.run(RunMode::Default);
    thread.join().unwrap();
    assert_eq!(lp.stats().send_watches, 0);
}
