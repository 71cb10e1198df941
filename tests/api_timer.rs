//! Timers: ordering, repeat, `again`, `set_repeat`, stopping, restarting
//! and closing from callbacks, `due_in`.

mod util;

use ruv::error::code;
use ruv::{Error, RunMode, Timer};
use util::*;

/// Starts `timer` as a one-shot that records `name` in `log` when it fires.
fn start_logging(timer: &Timer, log: &Log, name: &'static str, timeout: u64) {
    let log = log.clone();
    timer
        .start(ms(timeout), None, move |_| log.push(name))
        .unwrap();
}

#[test]
fn equal_deadlines_fire_in_start_order() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    // Created in one order, started in another: start order wins.
    let timers: Vec<Timer> = (0..8).map(|_| Timer::new(&lp).unwrap()).collect();
    let names = ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"];
    for i in [5, 2, 7, 0, 1, 6, 3, 4] {
        start_logging(&timers[i], &log, names[i], 1);
    }
    assert!(!lp.run(RunMode::Default));
    assert_eq!(
        log.entries(),
        ["t5", "t2", "t7", "t0", "t1", "t6", "t3", "t4"]
    );
}

#[test]
fn restarting_a_timer_moves_it_behind_others_with_the_same_deadline() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let a = Timer::new(&lp).unwrap();
    let b = Timer::new(&lp).unwrap();
    let c = Timer::new(&lp).unwrap();
    start_logging(&a, &log, "a", 1);
    start_logging(&b, &log, "b", 1);
    start_logging(&c, &log, "c", 1);
    start_logging(&a, &log, "a", 1);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["b", "c", "a"]);
}

#[test]
fn earlier_deadlines_fire_first() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let slow = Timer::new(&lp).unwrap();
    let fast = Timer::new(&lp).unwrap();
    start_logging(&slow, &log, "slow", 4);
    start_logging(&fast, &log, "fast", 1);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["fast", "slow"]);
}

#[test]
fn a_repeating_timer_fires_until_stopped() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(1)), move |t| {
            assert!(t.is_active(), "re-armed before its callback runs");
            if c.bump() == 5 {
                t.stop().unwrap();
            }
        })
        .unwrap();
    assert_eq!(timer.repeat(), Some(ms(1)));
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 5);
    assert!(!timer.is_active());
}

#[test]
fn a_one_shot_timer_fires_once_and_goes_inactive() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), None, move |t| {
            assert!(
                !t.is_active(),
                "a one-shot timer is stopped in its callback"
            );
            c.bump();
        })
        .unwrap();
    assert_eq!(timer.repeat(), None);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 1);
    assert!(!timer.is_active());
}

#[test]
fn again_refuses_a_timer_never_started() {
    let lp = ruv::Loop::new().unwrap();
    let timer = Timer::new(&lp).unwrap();
    assert_eq!(timer.again(), Err(Error::from_code(code::EINVAL)));
    assert!(!timer.is_active());
}

#[test]
fn again_restarts_a_stopped_repeating_timer_with_its_repeat() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    timer
        .start(ms(60_000), Some(ms(10)), |t| t.close(|| ()))
        .unwrap();
    timer.stop().unwrap();
    assert!(!timer.is_active());
    timer.again().unwrap();
    assert!(timer.is_active());
    // Loop time is cached between updates, so this is exact.
    assert_eq!(timer.due_in(), ms(10));
    assert!(!lp.run(RunMode::Default), "fires once and closes itself");
}

#[test]
fn again_leaves_a_one_shot_timer_alone() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    timer.start(ms(60_000), None, |_| ()).unwrap();
    timer.again().unwrap();
    assert!(timer.is_active());
    assert_eq!(timer.due_in(), ms(60_000));
    timer.stop().unwrap();
    timer.again().unwrap();
    assert!(!timer.is_active(), "a stopped one-shot timer stays stopped");
    assert!(!lp.run(RunMode::NoWait));
}

#[test]
fn again_keeps_the_callback() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(1)), move |t| {
            c.bump();
            t.stop().unwrap();
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 1);
    timer.again().unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 2);
}

#[test]
fn set_repeat_before_the_first_expiry_makes_a_timer_one_shot() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(1)), move |_| {
            c.bump();
        })
        .unwrap();
    timer.set_repeat(None);
    assert_eq!(timer.repeat(), None);
    assert!(
        timer.is_active(),
        "set_repeat does not touch the current run"
    );
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 1);
}

#[test]
fn set_repeat_in_the_callback_applies_from_the_next_expiry() {
    // libuv 1.44 re-arms a repeating timer before calling its callback, so
    // a set_repeat(None) made in call 2 still lets call 3 happen.
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(1)), move |t| {
            if c.bump() == 2 {
                t.set_repeat(None);
                assert!(t.is_active());
            }
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 3);
    assert!(!timer.is_active());
}

#[test]
fn set_repeat_then_again_restarts_with_the_new_interval() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(60_000)), move |t| {
            match c.bump() {
                1 => {
                    // Already re-armed for a minute from now.
                    assert_eq!(t.due_in(), ms(60_000));
                    t.set_repeat(Some(ms(2)));
                    t.again().unwrap();
                    assert_eq!(t.due_in(), ms(2));
                }
                _ => t.close(|| ()),
            }
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 2);
}

#[test]
fn stop_inside_its_own_callback_stops_a_repeating_timer() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(1)), move |t| {
            c.bump();
            t.stop().unwrap();
            assert!(!t.is_active());
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 1);
}

#[test]
fn restart_inside_its_own_callback_with_a_new_callback() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let timer = Timer::new(&lp).unwrap();
    let l = log.clone();
    timer
        .start(ms(0), None, move |t| {
            l.push("first");
            t.stop().unwrap();
            let l = l.clone();
            t.start(ms(1), None, move |_| l.push("second")).unwrap();
            assert!(t.is_active());
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["first", "second"]);
    assert!(!timer.is_active());
}

/// Starts `timer` as a one-shot whose callback starts it again (with a new
/// callback) until it has fired `limit` times.
fn chain(timer: &Timer, calls: Counter, limit: u32) {
    timer
        .start(ms(1), None, move |t| {
            if calls.bump() < limit {
                assert!(!t.is_active());
                chain(t, calls.clone(), limit);
                assert!(t.is_active());
            }
        })
        .unwrap();
}

#[test]
fn a_one_shot_timer_restarting_itself_from_its_callback_keeps_going() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    chain(&timer, calls.clone(), 4);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 4);
    assert!(!timer.is_active());
}

#[test]
fn a_timer_closing_itself_from_its_callback() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let timer = Timer::new(&lp).unwrap();
    let l = log.clone();
    timer
        .start(ms(0), Some(ms(1)), move |t| {
            l.push("fired");
            let l = l.clone();
            t.close(move || l.push("closed"));
            assert!(t.is_closing());
            assert!(!t.is_active());
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["fired", "closed"]);
    assert!(timer.is_closing());
    assert!(!timer.is_active());
    // Restarting a closed timer is refused.
    assert!(timer.start(ms(0), None, |_| ()).is_err());
}

#[test]
fn a_timer_closing_another_due_at_the_same_time_before_it_fires() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let first = Timer::new(&lp).unwrap();
    let second = Timer::new(&lp).unwrap();
    let l = log.clone();
    let victim = second.clone();
    first
        .start(ms(1), None, move |_| {
            l.push("first");
            let l = l.clone();
            victim.close(move || l.push("second closed"));
        })
        .unwrap();
    start_logging(&second, &log, "second fired", 1);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["first", "second closed"]);
}

#[test]
fn closing_a_far_timer_lets_the_loop_end() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let near = Timer::new(&lp).unwrap();
    let far = Timer::new(&lp).unwrap();
    start_logging(&far, &log, "far fired", 60_000);
    let l = log.clone();
    let victim = far.clone();
    near.start(ms(0), None, move |_| {
        l.push("near");
        victim.close(|| ());
    })
    .unwrap();
    // Would trip the guard if the closed timer still held the loop.
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["near"]);
}

#[test]
fn dropping_the_last_clone_closes_the_timer() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let timer = Timer::new(&lp).unwrap();
    start_logging(&timer, &log, "fired", 0);
    assert!(lp.alive());
    drop(timer);
    assert!(!lp.run(RunMode::Default));
    assert!(log.is_empty(), "a dropped timer never fires");
    assert!(!lp.alive());
}

#[test]
fn due_in_counts_down_in_loop_time() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    assert_eq!(timer.due_in(), ms(0), "never started");
    timer.start(ms(1000), None, |_| ()).unwrap();
    assert_eq!(timer.due_in(), ms(1000), "loop time is cached");
    let before = timer.due_in();
    for _ in 0..100 {
        lp.update_time();
        let left = timer.due_in();
        assert!(left <= before);
    }
    timer.stop().unwrap();

    // Once fired, a one-shot timer is due in 0; a repeating one is already
    // re-armed in its callback.
    let seen = Log::new();
    let one_shot = Timer::new(&lp).unwrap();
    let s = seen.clone();
    one_shot
        .start(ms(0), None, move |t| {
            s.push(format!("one-shot {:?}", t.due_in()))
        })
        .unwrap();
    let repeating = Timer::new(&lp).unwrap();
    let s = seen.clone();
    repeating
        .start(ms(0), Some(ms(60_000)), move |t| {
            s.push(format!("repeating {:?}", t.due_in()));
            t.stop().unwrap();
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(seen.entries(), ["one-shot 0ns", "repeating 60s"]);
}

#[test]
fn a_zero_timeout_fires_on_the_next_iteration_not_at_start() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), None, move |_| {
            c.bump();
        })
        .unwrap();
    assert_eq!(calls.get(), 0, "start never calls back synchronously");
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(calls.get(), 1);
}

#[test]
fn many_timers_fire_in_deadline_then_start_order() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let mut timers = Vec::new();
    // Deadlines 0..=3 ms, each used by several timers, started interleaved.
    for i in 0..40u64 {
        let timer = Timer::new(&lp).unwrap();
        let l = log.clone();
        let deadline = (i * 7) % 4;
        timer
            .start(ms(deadline), None, move |_| {
                l.push(format!("{deadline}:{i}"))
            })
            .unwrap();
        timers.push(timer);
    }
    assert!(!lp.run(RunMode::Default));
    let mut expected: Vec<(u64, u64)> = (0..40u64).map(|i| ((i * 7) % 4, i)).collect();
    expected.sort();
    let expected: Vec<String> = expected.iter().map(|(d, i)| format!("{d}:{i}")).collect();
    assert_eq!(log.entries(), expected);
}

#[test]
fn a_due_timer_started_from_a_timer_callback_runs_in_the_same_pass() {
    // libuv 1.44 keeps taking due timers off the heap until none is left,
    // so a zero-timeout timer started by a timer callback runs before the
    // idle phase of the same iteration.
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let second = Timer::new(&lp).unwrap();
    let first = Timer::new(&lp).unwrap();
    let l = log.clone();
    let next = second.clone();
    first
        .start(ms(0), None, move |_| {
            l.push("first");
            let l = l.clone();
            next.start(ms(0), None, move |_| l.push("second")).unwrap();
        })
        .unwrap();
    let idle = ruv::Idle::new(&lp).unwrap();
    let l = log.clone();
    idle.start(move |me| {
        l.push("idle");
        me.stop().unwrap();
    })
    .unwrap();
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(log.entries(), ["first", "second", "idle"]);
}
