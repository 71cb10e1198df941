//! The loop itself: run modes and what `run` returns, `stop`, `alive`, the
//! loop clock and idle-time measurement.

mod util;

use ruv::{Async, Idle, Loop, Prepare, RunMode, Timer};
use std::sync::mpsc;
use std::time::Instant;
use util::*;

const MODES: [RunMode; 3] = [RunMode::Default, RunMode::Once, RunMode::NoWait];

#[test]
fn a_new_loop_is_not_alive() {
    let lp = Loop::new().unwrap();
    assert!(!lp.alive());
}

#[test]
fn every_mode_returns_false_at_once_with_nothing_to_do() {
    // No handle at all, so no guard timer either: a thread bounds the test.
    let results = on_thread_within(|| {
        let lp = Loop::new().unwrap();
        MODES.map(|mode| lp.run(mode))
    });
    assert_eq!(results, [false; 3]);
}

#[test]
fn default_runs_until_the_timer_has_fired() {
    let (lp, _guard) = guarded_loop();
    let fired = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let f = fired.clone();
    timer
        .start(ms(2), None, move |_| {
            f.bump();
        })
        .unwrap();
    assert!(lp.alive());
    assert!(!lp.run(RunMode::Default));
    assert_eq!(fired.get(), 1);
    assert!(!lp.alive());
    assert!(!timer.is_active());
}

#[test]
fn once_waits_for_a_timer_and_runs_it() {
    // As in libuv: a single iteration blocks until the earliest timer is
    // due, and runs it before returning.
    let (lp, _guard) = guarded_loop();
    let fired = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let f = fired.clone();
    timer
        .start(ms(1), None, move |_| {
            f.bump();
        })
        .unwrap();
    assert!(!lp.run(RunMode::Once), "nothing is left after the timer");
    assert_eq!(fired.get(), 1);
}

#[test]
fn once_returns_true_while_a_repeating_timer_is_left() {
    let (lp, _guard) = guarded_loop();
    let fired = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let f = fired.clone();
    timer
        .start(ms(0), Some(ms(1)), move |t| {
            if f.bump() == 3 {
                t.stop().unwrap();
            }
        })
        .unwrap();
    let mut runs = 0;
    while lp.run(RunMode::Once) {
        runs += 1;
        assert!(runs < 10_000, "Once kept returning true");
    }
    assert_eq!(fired.get(), 3);
    assert!(!lp.alive());
}

#[test]
fn nowait_does_not_wait_for_a_future_timer() {
    let (lp, _guard) = guarded_loop();
    let fired = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let f = fired.clone();
    timer
        .start(ms(60_000), None, move |_| {
            f.bump();
        })
        .unwrap();
    // Would block for a minute (and trip the guard) if NoWait waited.
    assert!(
        lp.run(RunMode::NoWait),
        "the timer still keeps the loop alive"
    );
    assert_eq!(fired.get(), 0);
    assert!(timer.is_active());
    timer.stop().unwrap();
    assert!(!lp.run(RunMode::NoWait));
}

#[test]
fn nowait_runs_a_due_timer() {
    let (lp, _guard) = guarded_loop();
    let fired = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let f = fired.clone();
    timer
        .start(ms(0), None, move |_| {
            f.bump();
        })
        .unwrap();
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(fired.get(), 1);
}

#[test]
fn an_unreferenced_timer_does_not_keep_any_mode_running() {
    let (lp, _guard) = guarded_loop();
    let fired = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let f = fired.clone();
    timer
        .start(ms(0), None, move |_| {
            f.bump();
        })
        .unwrap();
    timer.unref();
    assert!(!timer.has_ref());
    assert!(timer.is_active());
    assert!(!lp.alive());
    for mode in MODES {
        assert!(!lp.run(mode), "{mode:?}");
    }
    // A loop that is not alive does not iterate, so not even a due
    // unreferenced timer runs (libuv's uv_run does the same).
    assert_eq!(fired.get(), 0);
    assert!(timer.is_active());

    timer.ref_();
    assert!(timer.has_ref());
    assert!(lp.alive());
    assert!(!lp.run(RunMode::Default));
    assert_eq!(fired.get(), 1);
}

#[test]
fn an_unreferenced_timer_fires_while_something_else_keeps_the_loop_running() {
    let (lp, _guard) = guarded_loop();
    let ticks = Counter::new();
    let ticker = Timer::new(&lp).unwrap();
    let t = ticks.clone();
    ticker
        .start(ms(0), Some(ms(1)), move |_| {
            t.bump();
        })
        .unwrap();
    ticker.unref();

    // A referenced idle handle spins the loop until the ticker fired 3 times.
    let idle = Idle::new(&lp).unwrap();
    let t = ticks.clone();
    idle.start(move |i| {
        if t.get() >= 3 {
            i.stop().unwrap();
        }
    })
    .unwrap();

    assert!(!lp.run(RunMode::Default));
    assert_eq!(ticks.get(), 3);
    assert!(
        ticker.is_active(),
        "still running, just not keeping the loop"
    );
}

#[test]
fn stop_from_a_callback_ends_run_after_that_iteration() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let idle = Idle::new(&lp).unwrap();
    let c = calls.clone();
    idle.start(move |i| {
        if c.bump() == 3 {
            i.loop_().stop();
        }
    })
    .unwrap();

    assert!(lp.run(RunMode::Default), "stopped while still alive");
    assert_eq!(calls.get(), 3);
    // The stop was consumed: the loop runs again normally.
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(calls.get(), 4);
    idle.stop().unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 4);
}

#[test]
fn stop_before_run_returns_at_once_and_is_then_forgotten() {
    let (lp, _guard) = guarded_loop();
    let fired = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let f = fired.clone();
    timer
        .start(ms(0), None, move |_| {
            f.bump();
        })
        .unwrap();
    lp.stop();
    assert!(lp.run(RunMode::Default), "no iteration ran, still alive");
    assert_eq!(fired.get(), 0);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(fired.get(), 1);
}

#[test]
fn alive_follows_active_referenced_and_closing_handles() {
    let (lp, _guard) = guarded_loop();
    assert!(!lp.alive(), "the guard is unreferenced");

    let timer = Timer::new(&lp).unwrap();
    assert!(!lp.alive(), "an inactive handle does not count");
    timer.start(ms(60_000), None, |_| ()).unwrap();
    assert!(lp.alive());
    timer.unref();
    assert!(!lp.alive());
    timer.ref_();
    assert!(lp.alive());
    timer.stop().unwrap();
    assert!(!lp.alive());

    // A closing handle keeps the loop alive until its close callback ran.
    let closed = Counter::new();
    let c = closed.clone();
    timer.close(move || {
        c.bump();
    });
    assert!(timer.is_closing());
    assert!(lp.alive());
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(closed.get(), 1);
    assert!(!lp.alive());
}

#[test]
fn now_is_cached_and_update_time_moves_it_forward_monotonically() {
    let lp = Loop::new().unwrap();
    let start = lp.now();
    let mut last = start;
    for _ in 0..1000 {
        lp.update_time();
        let now = lp.now();
        assert!(now >= last, "loop time went back: {last} -> {now}");
        last = now;
    }

    // Without update_time the cached value stays put while real time passes.
    let cached = lp.now();
    let began = Instant::now();
    while began.elapsed() < ms(3) {
        std::hint::spin_loop();
    }
    assert_eq!(lp.now(), cached);
    lp.update_time();
    assert!(lp.now() > cached, "3 ms passed but loop time did not move");
}

#[test]
fn a_timer_fires_no_earlier_than_its_timeout_in_loop_time() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    let started_at = lp.now();
    let seen = Counter::new();
    let s = seen.clone();
    timer
        .start(ms(3), None, move |t| {
            assert!(t.loop_().now() >= started_at + 3);
            s.bump();
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(seen.get(), 1);
    assert!(lp.now() >= started_at + 3);
}

#[test]
fn idle_time_is_zero_unless_measured() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    timer.start(ms(2), None, |_| ()).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(lp.idle_time(), std::time::Duration::ZERO);
}

#[test]
fn idle_time_counts_the_wait_for_events() {
    let (lp, _guard) = guarded_loop();
    lp.measure_idle_time();
    assert_eq!(lp.idle_time(), std::time::Duration::ZERO);

    // The loop blocks waiting for an async send that a helper thread makes
    // only once it saw the loop's thread asleep in epoll. (Sending as soon
    // as the loop reached its prepare phase raced with the loop: a send
    // that lands before the loop arms its wait turns the wait into a
    // non-blocking poll, and nothing is measured.)
    let woken = Counter::new();
    let w = woken.clone();
    let handle = Async::new(&lp, move |a| {
        w.bump();
        a.close(|| ());
    })
    .unwrap();
    let sender = handle.sender();
    let (go_tx, go_rx) = mpsc::channel::<LoopThread>();
    let helper = std::thread::spawn(move || {
        recv(&go_rx).wait_until_asleep_in_epoll();
        sender.send().unwrap();
    });
    let prepare = Prepare::new(&lp).unwrap();
    let mut go = Some(go_tx);
    prepare
        .start(move |p| {
            if let Some(go) = go.take() {
                go.send(LoopThread::current()).unwrap();
            }
            p.stop().unwrap();
        })
        .unwrap();

    assert!(!lp.run(RunMode::Default));
    helper.join().unwrap();
    assert_eq!(woken.get(), 1);
    let measured = lp.idle_time();
    assert!(measured > std::time::Duration::ZERO, "no wait was measured");

    // Measurements only add up.
    let timer = Timer::new(&lp).unwrap();
    timer.start(ms(1), None, |_| ()).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert!(lp.idle_time() >= measured);
}
