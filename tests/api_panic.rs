//! A panicking callback does not poison the loop: `run` resumes the panic,
//! and the loop, its other handles and the panicking handle itself stay
//! usable.

mod util;

use ruv::{Async, Check, Idle, RunMode, Timer};
use std::panic::{catch_unwind, AssertUnwindSafe};
use util::*;

#[test]
fn a_panicking_timer_callback_resumes_from_run_and_the_loop_goes_on() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(1)), move |t| {
            let n = c.bump();
            if n == 1 {
                panic!("timer boom");
            }
            if n == 3 {
                t.close(|| ());
            }
        })
        .unwrap();
    // Another handle, which must keep working after the panic.
    let idle_calls = Counter::new();
    let idle = Idle::new(&lp).unwrap();
    let ic = idle_calls.clone();
    let c = calls.clone();
    idle.start(move |i| {
        ic.bump();
        if c.get() >= 3 {
            i.stop().unwrap();
        }
    })
    .unwrap();

    assert_eq!(
        run_catching(&lp, RunMode::Default),
        Err("timer boom".into())
    );
    assert_eq!(calls.get(), 1);
    assert!(lp.alive(), "the repeating timer was re-armed");
    assert!(timer.is_active());

    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(calls.get(), 3);
    assert!(idle_calls.get() >= 1, "the idle handle ran after the panic");
    assert!(timer.is_closing());
}

#[test]
fn a_panicking_idle_callback_resumes_from_run_and_runs_again_next_time() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let idle = Idle::new(&lp).unwrap();
    let c = calls.clone();
    idle.start(move |_| {
        if c.bump() == 1 {
            panic!("idle boom {}", 1);
        }
    })
    .unwrap();
    // An idle handle that panics would spin forever if the panic did not
    // end the run.
    assert_eq!(
        run_catching(&lp, RunMode::Default),
        Err("idle boom 1".into())
    );
    assert!(idle.is_active());
    assert_eq!(run_catching(&lp, RunMode::NoWait), Ok(true));
    assert_eq!(calls.get(), 2);

    let closed = Counter::new();
    let cl = closed.clone();
    idle.close(move || {
        cl.bump();
    });
    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(closed.get(), 1);
    assert_eq!(calls.get(), 2);
}

#[test]
fn a_handle_that_always_panics_can_be_closed() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let timer = Timer::new(&lp).unwrap();
    let c = calls.clone();
    timer
        .start(ms(0), Some(ms(1)), move |_| {
            c.bump();
            panic!("always");
        })
        .unwrap();
    for round in 1..=3 {
        assert_eq!(run_catching(&lp, RunMode::Default), Err("always".into()));
        assert_eq!(calls.get(), round);
    }
    let closed = Counter::new();
    let cl = closed.clone();
    timer.close(move || {
        cl.bump();
    });
    assert!(timer.is_closing());
    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(closed.get(), 1);
    assert_eq!(calls.get(), 3, "a closed timer does not fire");
}

#[test]
fn a_handle_can_close_itself_and_then_panic() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let check = Check::new(&lp).unwrap();
    let l = log.clone();
    check
        .start(move |me| {
            let l = l.clone();
            me.close(move || l.push("closed"));
            panic!("after close");
        })
        .unwrap();
    // NoWait: a check handle alone does not keep the loop from blocking.
    assert_eq!(
        run_catching(&lp, RunMode::NoWait),
        Err("after close".into())
    );
    // The close completes on the next run, if not already done.
    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(log.entries(), ["closed"]);
}

#[test]
fn no_panic_is_lost_when_two_callbacks_panic_in_one_iteration() {
    let (lp, _guard) = guarded_loop();
    let first = Timer::new(&lp).unwrap();
    let second = Timer::new(&lp).unwrap();
    first.start(ms(0), None, |_| panic!("first")).unwrap();
    second.start(ms(0), None, |_| panic!("second")).unwrap();
    let mut panics = Vec::new();
    loop {
        match run_catching(&lp, RunMode::Default) {
            Ok(alive) => {
                assert!(!alive);
                break;
            }
            Err(message) => panics.push(message),
        }
        assert!(panics.len() <= 2, "panics repeat: {panics:?}");
    }
    assert_eq!(panics, ["first", "second"]);
}

#[test]
fn a_panicking_close_callback_resumes_from_run() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    timer.close(|| panic!("close boom"));
    assert_eq!(
        run_catching(&lp, RunMode::Default),
        Err("close boom".into())
    );
    assert!(!lp.alive(), "the handle is gone all the same");

    let fired = Counter::new();
    let other = Timer::new(&lp).unwrap();
    let f = fired.clone();
    other
        .start(ms(0), None, move |_| {
            f.bump();
        })
        .unwrap();
    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(fired.get(), 1);
}

#[test]
fn a_panicking_async_callback_resumes_and_the_handle_still_receives() {
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let c = calls.clone();
    let handle = Async::new(&lp, move |a| {
        if c.bump() == 1 {
            panic!("async boom");
        }
        a.close(|| ());
    })
    .unwrap();
    let sender = handle.sender();
    std::thread::spawn(move || sender.send().unwrap())
        .join()
        .unwrap();
    assert_eq!(
        run_catching(&lp, RunMode::Default),
        Err("async boom".into())
    );
    let sender = handle.sender();
    std::thread::spawn(move || sender.send().unwrap())
        .join()
        .unwrap();
    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(calls.get(), 2);
}

#[test]
fn the_panic_payload_comes_back_unchanged() {
    let (lp, _guard) = guarded_loop();
    let timer = Timer::new(&lp).unwrap();
    timer
        .start(ms(0), None, |_| std::panic::panic_any(4242u32))
        .unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| lp.run(RunMode::Default))).unwrap_err();
    assert_eq!(payload.downcast_ref::<u32>(), Some(&4242));
}

#[test]
fn a_panicking_one_shot_timer_does_not_make_run_wait_for_io() {
    let (lp, _guard) = guarded_loop();
    lp.measure_idle_time();
    // Keeps the loop alive, and is never sent to: a wait would be endless
    // but for the guard.
    let _keepalive = Async::new(&lp, |_| ()).unwrap();
    let timer = Timer::new(&lp).unwrap();
    timer
        .start(ms(0), None, |_| panic!("one-shot boom"))
        .unwrap();
    assert_eq!(
        run_catching(&lp, RunMode::Default),
        Err("one-shot boom".into())
    );
    assert_eq!(
        lp.idle_time(),
        std::time::Duration::ZERO,
        "run waited for I/O after the panic instead of returning it"
    );
}

#[test]
fn a_panicking_prepare_callback_does_not_make_run_wait_for_io() {
    let (lp, _guard) = guarded_loop();
    lp.measure_idle_time();
    let _keepalive = Async::new(&lp, |_| ()).unwrap();
    let prepare = ruv::Prepare::new(&lp).unwrap();
    prepare.start(|_| panic!("prepare boom")).unwrap();
    assert_eq!(
        run_catching(&lp, RunMode::Default),
        Err("prepare boom".into())
    );
    assert_eq!(
        lp.idle_time(),
        std::time::Duration::ZERO,
        "run waited for I/O after the panic instead of returning it"
    );
    prepare.close(|| ());
}

#[test]
fn close_callbacks_left_by_a_panic_run_first_in_the_next_run() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let timers: Vec<Timer> = (0..4).map(|_| Timer::new(&lp).unwrap()).collect();
    let [a, b, c, d] = <[Timer; 4]>::try_from(timers).ok().unwrap();
    for (name, timer) in [("a", &a), ("b", &b)] {
        let log = log.clone();
        timer.close(move || log.push(name));
    }
    // Close callbacks run most recent first: c's comes first, closes d and
    // panics before b's and a's can run.
    let l = log.clone();
    c.close(move || {
        l.push("c");
        let l = l.clone();
        d.close(move || l.push("d"));
        panic!("close boom");
    });
    assert_eq!(
        run_catching(&lp, RunMode::Default),
        Err("close boom".into())
    );
    assert_eq!(log.take(), ["c"]);
    // b and a were due in the pass that panicked, d only in the next one.
    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(log.take(), ["b", "a", "d"]);
}
