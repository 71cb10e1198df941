//! Idle, prepare and check handles, and where each phase falls in one loop
//! iteration: timers, idle, prepare, poll, check, close callbacks.

mod util;

use ruv::{Async, Check, Idle, Prepare, RunMode, Timer};
use util::*;

#[test]
fn one_iteration_runs_the_phases_in_libuv_order() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();

    // Created (and started) in the reverse of the order they should run.
    let spare = Timer::new(&lp).unwrap();
    let check = Check::new(&lp).unwrap();
    let l = log.clone();
    let to_close = spare.clone();
    check
        .start(move |_| {
            l.push("check");
            let l = l.clone();
            to_close.close(move || l.push("close"));
        })
        .unwrap();
    let l = log.clone();
    let woken = Async::new(&lp, move |_| l.push("poll: async")).unwrap();
    let prepare = Prepare::new(&lp).unwrap();
    let l = log.clone();
    prepare.start(move |_| l.push("prepare")).unwrap();
    let idle = Idle::new(&lp).unwrap();
    let l = log.clone();
    idle.start(move |_| l.push("idle")).unwrap();
    let timer = Timer::new(&lp).unwrap();
    let l = log.clone();
    timer.start(ms(0), None, move |_| l.push("timer")).unwrap();

    // The send is made before the run, so the poll phase finds it ready.
    woken.send().unwrap();
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(
        log.take(),
        ["timer", "idle", "prepare", "poll: async", "check", "close"]
    );

    // Next iteration: only the handles that run every time.
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["idle", "prepare", "check"]);

    idle.stop().unwrap();
    prepare.stop().unwrap();
    check.stop().unwrap();
    woken.close(|| ());
    assert!(!lp.run(RunMode::Default));
    assert!(log.is_empty());
}

#[test]
fn the_most_recently_started_handle_runs_first_within_a_phase() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let idles: Vec<Idle> = (0..3).map(|_| Idle::new(&lp).unwrap()).collect();
    let prepares: Vec<Prepare> = (0..3).map(|_| Prepare::new(&lp).unwrap()).collect();
    let checks: Vec<Check> = (0..3).map(|_| Check::new(&lp).unwrap()).collect();
    for (i, name) in ["a", "b", "c"].into_iter().enumerate() {
        let l = log.clone();
        idles[i]
            .start(move |_| l.push(format!("idle {name}")))
            .unwrap();
        let l = log.clone();
        prepares[i]
            .start(move |_| l.push(format!("prepare {name}")))
            .unwrap();
        let l = log.clone();
        checks[i]
            .start(move |_| l.push(format!("check {name}")))
            .unwrap();
    }
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(
        log.take(),
        [
            "idle c",
            "idle b",
            "idle a",
            "prepare c",
            "prepare b",
            "prepare a",
            "check c",
            "check b",
            "check a"
        ]
    );

    // Restarting a handle moves it to the front; starting an active handle
    // changes nothing.
    let l = log.clone();
    idles[1].start(move |_| l.push("idle b again")).unwrap();
    idles[0].stop().unwrap();
    let l = log.clone();
    idles[0].start(move |_| l.push("idle a again")).unwrap();
    for h in &prepares {
        h.stop().unwrap();
    }
    for h in &checks {
        h.stop().unwrap();
    }
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["idle a again", "idle c", "idle b"]);

    for h in &idles {
        h.stop().unwrap();
    }
    assert!(!lp.run(RunMode::NoWait));
}

#[test]
fn a_handle_started_during_its_phase_waits_for_the_next_iteration() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let first = Idle::new(&lp).unwrap();
    let late = Idle::new(&lp).unwrap();
    let l = log.clone();
    let to_start = late.clone();
    first
        .start(move |_| {
            l.push("first");
            let l = l.clone();
            // Does nothing once `late` is active.
            to_start.start(move |_| l.push("late")).unwrap();
        })
        .unwrap();
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["first"]);
    assert!(late.is_active());
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["late", "first"]);
    first.stop().unwrap();
    late.stop().unwrap();
    assert!(!lp.run(RunMode::NoWait));
}

#[test]
fn a_check_handle_started_during_the_check_phase_waits_too() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let first = Check::new(&lp).unwrap();
    let late = Check::new(&lp).unwrap();
    let l = log.clone();
    let to_start = late.clone();
    first
        .start(move |me| {
            l.push("first");
            let l = l.clone();
            to_start
                .start(move |me| {
                    l.push("late");
                    me.stop().unwrap();
                })
                .unwrap();
            me.stop().unwrap();
        })
        .unwrap();
    // An idle handle keeps the iterations coming without blocking.
    let idle = Idle::new(&lp).unwrap();
    let iterations = Counter::new();
    let it = iterations.clone();
    let l = log.clone();
    idle.start(move |me| {
        l.push(format!("iteration {}", it.bump()));
        if it.get() == 3 {
            me.stop().unwrap();
        }
    })
    .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(
        log.take(),
        ["iteration 1", "first", "iteration 2", "late", "iteration 3"]
    );
}

#[test]
fn stopping_a_handle_of_the_same_phase_before_it_runs_skips_it() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let a = Idle::new(&lp).unwrap();
    let b = Idle::new(&lp).unwrap();
    let c = Idle::new(&lp).unwrap();
    let l = log.clone();
    a.start(move |_| l.push("a")).unwrap();
    let l = log.clone();
    b.start(move |_| l.push("b")).unwrap();
    // c starts last, so runs first, and stops a before a's turn.
    let l = log.clone();
    let victim = a.clone();
    c.start(move |_| {
        l.push("c");
        victim.stop().unwrap();
    })
    .unwrap();
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["c", "b"]);
    assert!(!a.is_active());
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["c", "b"]);
    b.stop().unwrap();
    c.stop().unwrap();
    assert!(!lp.run(RunMode::NoWait));
}

#[test]
fn a_handle_stopped_and_restarted_before_its_turn_runs_next_iteration_first() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let a = Prepare::new(&lp).unwrap();
    let b = Prepare::new(&lp).unwrap();
    let c = Prepare::new(&lp).unwrap();
    let l = log.clone();
    a.start(move |_| l.push("a")).unwrap();
    let l = log.clone();
    b.start(move |_| l.push("b")).unwrap();
    let l = log.clone();
    let victim = a.clone();
    let mut first_time = true;
    c.start(move |_| {
        l.push("c");
        if std::mem::take(&mut first_time) {
            victim.stop().unwrap();
            let l = l.clone();
            victim.start(move |_| l.push("a restarted")).unwrap();
        }
    })
    .unwrap();
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["c", "b"]);
    assert!(lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["a restarted", "c", "b"]);
    for h in [&a, &b, &c] {
        h.close(|| ());
    }
    assert!(!lp.run(RunMode::NoWait));
}

#[test]
fn closing_a_handle_of_the_same_phase_before_it_runs_skips_it() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let a = Check::new(&lp).unwrap();
    let b = Check::new(&lp).unwrap();
    let l = log.clone();
    a.start(move |_| l.push("a")).unwrap();
    let l = log.clone();
    let victim = a.clone();
    b.start(move |me| {
        l.push("b");
        let l = l.clone();
        victim.close(move || l.push("a closed"));
        me.stop().unwrap();
    })
    .unwrap();
    // NoWait: check handles alone do not keep the loop from blocking.
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["b", "a closed"]);
}

#[test]
fn close_callbacks_run_most_recently_closed_first() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let a = Idle::new(&lp).unwrap();
    let b = Timer::new(&lp).unwrap();
    let c = Check::new(&lp).unwrap();
    let l = log.clone();
    a.close(move || l.push("a"));
    let l = log.clone();
    b.close(move || l.push("b"));
    let l = log.clone();
    c.close(move || l.push("c"));
    assert!(lp.alive(), "closing handles keep the loop alive");
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["c", "b", "a"]);
}

#[test]
fn a_handle_closed_by_a_close_callback_closes_on_the_next_iteration() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let a = Idle::new(&lp).unwrap();
    let b = Idle::new(&lp).unwrap();
    let l = log.clone();
    let next = b.clone();
    a.close(move || {
        l.push("a closed");
        let l = l.clone();
        next.close(move || l.push("b closed"));
    });
    assert!(lp.run(RunMode::NoWait), "b is still closing");
    assert_eq!(log.take(), ["a closed"]);
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["b closed"]);
}

#[test]
fn an_active_idle_handle_keeps_the_loop_from_blocking() {
    let (lp, _guard) = guarded_loop();
    let far = Timer::new(&lp).unwrap();
    far.start(ms(60_000), None, |_| ()).unwrap();
    let calls = Counter::new();
    let idle = Idle::new(&lp).unwrap();
    let c = calls.clone();
    idle.start(move |_| {
        c.bump();
    })
    .unwrap();
    // Once would wait for the minute-long timer (and trip the guard) if the
    // idle handle did not make the wait zero.
    assert!(lp.run(RunMode::Once));
    assert_eq!(calls.get(), 1);
    idle.stop().unwrap();
    far.stop().unwrap();
    assert!(!lp.run(RunMode::Default));
}

#[test]
fn unreferenced_phase_handles_do_not_keep_the_loop_alive() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let idle = Idle::new(&lp).unwrap();
    let l = log.clone();
    idle.start(move |_| l.push("idle")).unwrap();
    idle.unref();
    assert!(!lp.alive());
    assert!(!lp.run(RunMode::Default));
    assert!(log.is_empty());

    // While something else keeps it alive, they still run.
    let timer = Timer::new(&lp).unwrap();
    timer.start(ms(0), None, |_| ()).unwrap();
    assert!(!lp.run(RunMode::NoWait));
    assert_eq!(log.take(), ["idle"]);
}

#[test]
fn start_on_an_active_handle_keeps_the_first_callback() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let idle = Idle::new(&lp).unwrap();
    let l = log.clone();
    idle.start(move |me| {
        l.push("first");
        me.stop().unwrap();
    })
    .unwrap();
    let l = log.clone();
    idle.start(move |_| l.push("second")).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.take(), ["first"]);
}

#[test]
fn work_done_callbacks_run_in_the_poll_phase_before_check() {
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let l = log.clone();
    lp.queue_work(|| 1 + 1, move |_, r| l.push(format!("done {}", r.unwrap())))
        .unwrap();
    let check = Check::new(&lp).unwrap();
    let l = log.clone();
    check
        .start(move |me| {
            l.push("check");
            me.stop().unwrap();
        })
        .unwrap();
    // The first iteration waits (the request keeps the loop alive) until
    // the work is done; its done callback then runs before the check phase.
    assert!(!lp.run(RunMode::Once));
    assert_eq!(log.entries(), ["done 2", "check"]);
}
