//! Work on the shared thread pool: results on the loop thread, cancelling,
//! several loops, panics in work.

mod util;

use ruv::error::code;
use ruv::{Error, Loop, RunMode, WorkRequest};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::ThreadId;
use util::*;

/// The tests here share one process-wide pool; the one that blocks every
/// worker must not have company while it does.
static POOL_LOCK: Mutex<()> = Mutex::new(());

fn pool_lock() -> std::sync::MutexGuard<'static, ()> {
    POOL_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn a_hundred_requests_complete_with_their_results_on_the_loop_thread() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let loop_thread = std::thread::current().id();
    let results: Rc<RefCell<Vec<(u64, u64)>>> = Rc::default();
    let worker_threads: Rc<RefCell<Vec<ThreadId>>> = Rc::default();
    for i in 0..100u64 {
        let results = Rc::clone(&results);
        let worker_threads = Rc::clone(&worker_threads);
        lp.queue_work(
            move || (i, i * i, std::thread::current().id()),
            move |_, result| {
                assert_eq!(std::thread::current().id(), loop_thread);
                let (n, square, ran_on) = result.unwrap();
                results.borrow_mut().push((n, square));
                worker_threads.borrow_mut().push(ran_on);
            },
        )
        .unwrap();
    }
    assert!(lp.alive(), "requests in flight keep the loop alive");
    assert!(!lp.run(RunMode::Default));
    let mut results = results.take();
    results.sort();
    let expected: Vec<(u64, u64)> = (0..100).map(|i| (i, i * i)).collect();
    assert_eq!(results, expected);
    let workers = worker_threads.take();
    assert_eq!(workers.len(), 100);
    assert!(
        workers.iter().all(|&t| t != loop_thread),
        "work ran on the loop thread"
    );
}

#[test]
fn work_runs_on_a_pool_thread_and_done_on_the_loop_thread() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let loop_thread = std::thread::current().id();
    let seen = Log::new();
    let s = seen.clone();
    let queued_on = lp.engine() as *const ruv::engine::Loop as usize;
    lp.queue_work(
        move || {
            let me = std::thread::current();
            (me.id(), me.name().map(str::to_owned))
        },
        move |done_loop, result| {
            let (work_thread, name) = result.unwrap();
            assert_ne!(work_thread, loop_thread);
            assert_eq!(std::thread::current().id(), loop_thread);
            // The done callback's loop is the loop that queued the work.
            assert_eq!(
                done_loop.engine() as *const ruv::engine::Loop as usize,
                queued_on
            );
            s.push(name.unwrap_or_default());
        },
    )
    .unwrap();
    assert!(!lp.run(RunMode::Default));
    let names = seen.entries();
    assert_eq!(names.len(), 1);
    assert!(names[0].starts_with("ruv-worker-"), "ran on {:?}", names[0]);
}

#[test]
fn cancelling_queued_requests_gives_ecanceled_and_their_work_never_runs() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let workers = ruv::pool_size();
    assert!(workers >= 1);

    // Occupy every worker with work that waits for our word.
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let release_rx = Arc::new(Mutex::new(release_rx));
    let blockers_done = Counter::new();
    for _ in 0..workers {
        let started = started_tx.clone();
        let release = Arc::clone(&release_rx);
        let d = blockers_done.clone();
        lp.queue_work(
            move || {
                started.send(()).unwrap();
                // Err (the sender gone) releases as well as a message.
                let _ = release.lock().unwrap().recv_timeout(GUARD);
            },
            move |_, result| {
                result.unwrap();
                d.bump();
            },
        )
        .unwrap();
    }
    for _ in 0..workers {
        recv(&started_rx);
    }

    // Every worker is busy: these stay queued until cancelled.
    let ran = Arc::new(AtomicUsize::new(0));
    let outcomes = Log::new();
    let requests: Vec<WorkRequest> = (0..10)
        .map(|i| {
            let ran = Arc::clone(&ran);
            let o = outcomes.clone();
            lp.queue_work(
                move || {
                    ran.fetch_add(1, Ordering::SeqCst);
                },
                move |_, result| match result {
                    Ok(()) => o.push(format!("{i}: ran")),
                    Err(e) => o.push(format!("{i}: {}", e.name())),
                },
            )
            .unwrap()
        })
        .collect();
    for request in &requests {
        assert_eq!(request.cancel(), Ok(()));
    }
    // As in libuv, cancelling a request again before its done callback ran
    // succeeds; done still runs once.
    assert_eq!(requests[0].cancel(), Ok(()));
    assert!(lp.alive(), "cancelled requests still report back");

    drop(release_tx);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(blockers_done.get() as usize, workers);
    let mut outcomes = outcomes.take();
    outcomes.sort();
    let mut expected: Vec<String> = (0..10).map(|i| format!("{i}: ECANCELED")).collect();
    expected.sort();
    assert_eq!(outcomes, expected);
    assert_eq!(ran.load(Ordering::SeqCst), 0);

    // The pool still works afterwards.
    let answer = Counter::new();
    let a = answer.clone();
    lp.queue_work(
        || 42,
        move |_, r| {
            assert_eq!(r.unwrap(), 42);
            a.bump();
        },
    )
    .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(answer.get(), 1);
    assert_eq!(ran.load(Ordering::SeqCst), 0, "cancelled work never runs");
}

#[test]
fn cancel_after_the_work_finished_is_ebusy() {
    let _pool = pool_lock();
    let (lp, guard) = guarded_loop();
    let done = Counter::new();
    let d = done.clone();
    let request = lp
        .queue_work(
            || 7,
            move |_, r| {
                assert_eq!(r.unwrap(), 7);
                d.bump();
            },
        )
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(done.get(), 1);
    assert_eq!(request.cancel(), Err(Error::from_code(code::EBUSY)));

    // Also once its slot went to a newer request, and once the loop is gone.
    let newer = lp.queue_work(|| (), |_, _| ()).unwrap();
    assert_eq!(request.cancel(), Err(Error::from_code(code::EBUSY)));
    assert!(!lp.run(RunMode::Default));
    drop(guard);
    drop(lp);
    assert_eq!(newer.cancel(), Err(Error::from_code(code::EBUSY)));
}

#[test]
fn cancel_from_the_done_callback_of_the_same_request_is_ebusy() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let slot: Rc<RefCell<Option<WorkRequest>>> = Rc::default();
    let s = Rc::clone(&slot);
    let seen = Log::new();
    let l = seen.clone();
    let request = lp
        .queue_work(
            || (),
            move |_, r| {
                r.unwrap();
                let me = s.borrow().clone().unwrap();
                l.push(format!("{:?}", me.cancel().map_err(|e| e.name())));
            },
        )
        .unwrap();
    *slot.borrow_mut() = Some(request);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(seen.entries(), ["Err(\"EBUSY\")"]);
}

#[test]
fn two_loops_on_two_threads_share_the_pool() {
    let _pool = pool_lock();
    let spawn_loop = |tag: u64| {
        std::thread::spawn(move || {
            let (lp, _guard) = guarded_loop();
            let me = std::thread::current().id();
            let sum = Rc::new(RefCell::new(0u64));
            let count = Counter::new();
            for i in 0..50u64 {
                let sum = Rc::clone(&sum);
                let c = count.clone();
                lp.queue_work(
                    move || tag * 1000 + i,
                    move |_, r| {
                        assert_eq!(std::thread::current().id(), me, "done on its own loop");
                        *sum.borrow_mut() += r.unwrap();
                        c.bump();
                    },
                )
                .unwrap();
            }
            assert!(!lp.run(RunMode::Default));
            let total = *sum.borrow();
            (count.get(), total)
        })
    };
    let one = spawn_loop(1);
    let two = spawn_loop(2);
    let expected = |tag: u64| (0..50u64).map(|i| tag * 1000 + i).sum::<u64>();
    assert_eq!(one.join().unwrap(), (50, expected(1)));
    assert_eq!(two.join().unwrap(), (50, expected(2)));
}

#[test]
fn a_panic_in_work_resumes_from_run_and_the_loop_stays_usable() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let done_called = Counter::new();
    let d = done_called.clone();
    lp.queue_work(
        || -> u32 { panic!("work exploded") },
        move |_, _| {
            d.bump();
        },
    )
    .unwrap();
    let outcome = run_catching(&lp, RunMode::Default);
    assert_eq!(outcome, Err("work exploded".to_string()));
    assert_eq!(
        done_called.get(),
        0,
        "done is not called for a panicked work"
    );
    assert!(!lp.alive(), "the request is over");

    // Same loop, same pool: everything still works.
    let got = Counter::new();
    let g = got.clone();
    for _ in 0..4 {
        let g = g.clone();
        lp.queue_work(
            || 1u32,
            move |_, r| {
                assert_eq!(r.unwrap(), 1);
                g.bump();
            },
        )
        .unwrap();
    }
    assert_eq!(run_catching(&lp, RunMode::Default), Ok(false));
    assert_eq!(got.get(), 4);
}

#[test]
fn a_panic_in_a_done_callback_resumes_from_run_and_later_dones_still_arrive() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let got = Counter::new();
    lp.queue_work(|| (), |_, _| panic!("done exploded"))
        .unwrap();
    for _ in 0..3 {
        let g = got.clone();
        lp.queue_work(
            || (),
            move |_, _| {
                g.bump();
            },
        )
        .unwrap();
    }
    let mut panics = Vec::new();
    loop {
        match run_catching(&lp, RunMode::Default) {
            Ok(alive) => {
                assert!(!alive);
                break;
            }
            Err(message) => panics.push(message),
        }
        assert!(panics.len() <= 1, "the same panic came back: {panics:?}");
    }
    assert_eq!(panics, ["done exploded"]);
    assert_eq!(got.get(), 3);
}

#[test]
fn done_may_queue_more_work() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    fn step(lp: &Loop, n: u32, log: Log) {
        lp.queue_work(
            move || n + 1,
            move |lp, r| {
                let next = r.unwrap();
                log.push(next.to_string());
                if next < 5 {
                    step(lp, next, log);
                }
            },
        )
        .unwrap();
    }
    let log = Log::new();
    step(&lp, 0, log.clone());
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["1", "2", "3", "4", "5"]);
}

#[test]
fn a_request_that_found_the_shared_queue_full_still_runs() {
    // The pool's queue is shared by every loop and bounded; a loop whose
    // request did not fit keeps it aside. It must still be submitted once
    // room frees up, even when the queue was filled by *another* loop's
    // requests and this loop has nothing else in flight to wake it.
    let _pool = pool_lock();
    let (busy, _busy_guard) = guarded_loop();
    let (quiet, _quiet_guard) = guarded_loop();
    let workers = ruv::pool_size();

    let (started_tx, started_rx) = mpsc::channel::<()>();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let release_rx = Arc::new(Mutex::new(release_rx));
    for _ in 0..workers {
        let started = started_tx.clone();
        let release = Arc::clone(&release_rx);
        busy.queue_work(
            move || {
                started.send(()).unwrap();
                let _ = release.lock().unwrap().recv_timeout(GUARD);
            },
            |_, r| r.unwrap(),
        )
        .unwrap();
    }
    for _ in 0..workers {
        recv(&started_rx);
    }
    // Every worker is blocked: fill the shared queue (and then some) from
    // the busy loop.
    let fillers_done = Counter::new();
    for _ in 0..3000 {
        let d = fillers_done.clone();
        busy.queue_work(
            || (),
            move |_, r| {
                r.unwrap();
                d.bump();
            },
        )
        .unwrap();
    }
    // The quiet loop's only request cannot fit now.
    let quiet_done = Counter::new();
    let q = quiet_done.clone();
    quiet
        .queue_work(
            || 5,
            move |_, r| {
                assert_eq!(r.unwrap(), 5);
                q.bump();
            },
        )
        .unwrap();

    drop(release_tx);
    assert_eq!(run_catching(&busy, RunMode::Default), Ok(false));
    assert_eq!(fillers_done.get(), 3000);
    // The guard fails this run if the quiet loop's request was never submitted.
    assert_eq!(run_catching(&quiet, RunMode::Default), Ok(false));
    assert_eq!(quiet_done.get(), 1);
}

/// Whether `fd` becomes readable within 10 s.
fn readable_soon(fd: std::os::fd::RawFd) -> bool {
    readable_within(fd, 10_000)
}

fn readable_within(fd: std::os::fd::RawFd, ms: i32) -> bool {
    let mut pollfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, for the duration of the call.
    let n = unsafe { libc::poll(&mut pollfd, 1, ms) };
    n == 1
}

/// A loop embedded in another one is watched through its epoll descriptor
/// between runs: a job that finishes after `run` returned, or while the
/// loop was awake and about to return (when finishing writes no eventfd),
/// must make that descriptor readable.
#[test]
fn a_job_finished_outside_run_makes_the_backend_fd_readable() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let fd = lp.engine().backend_fd();
    let (go, wait) = mpsc::channel::<()>();
    let done = Rc::new(RefCell::new(Vec::new()));
    let d = done.clone();
    lp.queue_work(
        move || wait.recv().unwrap(),
        move |_, result| {
            result.unwrap();
            d.borrow_mut().push("second")
        },
    )
    .unwrap();
    let d = done.clone();
    lp.queue_work(
        || (),
        move |_, result| {
            result.unwrap();
            d.borrow_mut().push("first");
            // The second job finishes from now on: while this iteration
            // runs, or after `run` returned.
            go.send(()).unwrap();
        },
    )
    .unwrap();
    lp.run(RunMode::Once);
    assert_eq!(*done.borrow(), ["first"]);
    assert!(readable_soon(fd), "the backend fd stayed unreadable");
    lp.run(RunMode::Default);
    assert_eq!(*done.borrow(), ["first", "second"]);
}

/// The other half: once a run has taken the wake-up that made the backend
/// fd readable, the descriptor is quiet again, or a loop embedded in
/// another would be run over and over for nothing. (A run that may not
/// block, on a loop watching no descriptor but its eventfd, need not ask
/// epoll anything; it must still empty the eventfd written while the loop
/// was outside `run`.)
#[test]
fn a_run_that_takes_the_wake_up_leaves_the_backend_fd_quiet() {
    let (lp, _guard) = guarded_loop();
    let fd = lp.engine().backend_fd();
    let calls = Rc::new(RefCell::new(0));
    let c = calls.clone();
    let handle = ruv::Async::new(&lp, move |_| *c.borrow_mut() += 1).unwrap();
    let sender = handle.sender();
    std::thread::spawn(move || sender.send().unwrap())
        .join()
        .unwrap();
    assert!(readable_soon(fd), "the send left the backend fd unreadable");
    lp.run(RunMode::NoWait);
    assert_eq!(*calls.borrow(), 1);
    assert!(!readable_within(fd, 0), "the backend fd stayed readable");
    handle.close(|| ());
    assert!(!lp.run(RunMode::Default));
}
