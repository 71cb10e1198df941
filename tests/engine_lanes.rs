//! Lanes: work queued in one lane runs one task at a time, in the order it
//! was queued, while other work keeps running; a task cancelled while it
//! waits in its lane is reported cancelled and never runs.

use ruv::engine::{Done, Loop, RunMode, Work};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[test]
fn a_lane_runs_its_tasks_one_at_a_time_in_order() {
    let lp = Loop::new().unwrap();
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let order = Arc::new(Mutex::new(Vec::new()));
    let done = Rc::new(RefCell::new(0));
    for n in 0..200 {
        let (running, peak, order) = (running.clone(), peak.clone(), order.clone());
        let work = Work::Boxed(Box::new(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            order.lock().unwrap().push(n);
            std::thread::yield_now();
            running.fetch_sub(1, Ordering::SeqCst);
        }));
        let done = done.clone();
        let cb = Done::Boxed(Box::new(move |_, status| {
            assert_eq!(status, 0);
            *done.borrow_mut() += 1;
        }));
        lp.queue_work_in_lane(7, work, cb).unwrap();
    }
    // Work outside the lane still runs meanwhile.
    let other = Rc::new(RefCell::new(false));
    let seen = other.clone();
    lp.queue_work(
        Work::Boxed(Box::new(|| ())),
        Done::Boxed(Box::new(move |_, _| *seen.borrow_mut() = true)),
    )
    .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(*done.borrow(), 200);
    assert!(*other.borrow());
    assert_eq!(
        peak.load(Ordering::SeqCst),
        1,
        "two tasks of a lane ran at once"
    );
    assert_eq!(*order.lock().unwrap(), (0..200).collect::<Vec<_>>());
}

#[test]
fn a_task_cancelled_in_its_lane_never_runs() {
    let lp = Loop::new().unwrap();
    // The first task holds the lane until the test lets it go.
    let gate = Arc::new((Mutex::new(false), std::sync::Condvar::new()));
    let held = gate.clone();
    let ran = Arc::new(AtomicUsize::new(0));
    lp.queue_work_in_lane(
        99,
        Work::Boxed(Box::new(move || {
            let (lock, cvar) = &*held;
            let mut open = lock.lock().unwrap();
            while !*open {
                open = cvar.wait(open).unwrap();
            }
        })),
        Done::Boxed(Box::new(|_, status| assert_eq!(status, 0))),
    )
    .unwrap();
    let statuses = Rc::new(RefCell::new(Vec::new()));
    let mut ids = Vec::new();
    for _ in 0..3 {
        let ran = ran.clone();
        let statuses = statuses.clone();
        ids.push(
            lp.queue_work_in_lane(
                99,
                Work::Boxed(Box::new(move || {
                    ran.fetch_add(1, Ordering::SeqCst);
                })),
                Done::Boxed(Box::new(move |_, status| {
                    statuses.borrow_mut().push(status)
                })),
            )
            .unwrap(),
        );
    }
    // The middle one is cancelled while it waits behind the first.
    lp.cancel_work(ids[1]).unwrap();
    {
        let (lock, cvar) = &*gate;
        *lock.lock().unwrap() = true;
        cvar.notify_all();
    }
    assert!(!lp.run(RunMode::Default));
    assert_eq!(ran.load(Ordering::SeqCst), 2);
    let mut statuses = statuses.borrow().clone();
    statuses.sort();
    assert_eq!(statuses, vec![ruv::error::code::ECANCELED, 0, 0]);
}
