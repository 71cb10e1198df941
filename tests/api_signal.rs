//! The Rust Signal handle: callbacks on the loop thread, one-shot handles,
//! moving between signals, refusals, and the handle closing when dropped.

use ruv::sys::signal::{is_default, raise};
use ruv::{Loop, RunMode, Signal};
use std::cell::RefCell;
use std::rc::Rc;

// The tests of this file share the process's signal dispositions: each
// uses signals of its own.

#[test]
fn callbacks_run_in_the_loop_once_per_signal() {
    let lp = Loop::new().unwrap();
    let sig = Signal::new(&lp).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    sig.start(libc::SIGUSR1, move |_, signum| {
        log.borrow_mut().push(signum)
    })
    .unwrap();
    assert_eq!(sig.signum(), Some(libc::SIGUSR1));
    raise(libc::SIGUSR1).unwrap();
    raise(libc::SIGUSR1).unwrap();
    assert!(seen.borrow().is_empty(), "callbacks wait for the loop");
    lp.run(RunMode::NoWait);
    assert_eq!(*seen.borrow(), vec![libc::SIGUSR1, libc::SIGUSR1]);
    sig.stop().unwrap();
    assert!(!sig.is_active());
    assert_eq!(sig.signum(), None);
    assert!(is_default(libc::SIGUSR1).unwrap());
}

#[test]
fn a_oneshot_handle_stops_after_its_callback_and_can_close_itself() {
    let lp = Loop::new().unwrap();
    let sig = Signal::new(&lp).unwrap();
    let calls = Rc::new(RefCell::new(0));
    let count = calls.clone();
    sig.start_oneshot(libc::SIGUSR2, move |s, _| {
        *count.borrow_mut() += 1;
        assert!(s.is_active(), "active while its callback runs");
    })
    .unwrap();
    raise(libc::SIGUSR2).unwrap();
    lp.run(RunMode::Default);
    assert_eq!(*calls.borrow(), 1);
    assert!(!sig.is_active());
    assert!(is_default(libc::SIGUSR2).unwrap());

    let count = calls.clone();
    sig.start(libc::SIGUSR2, move |s, _| {
        *count.borrow_mut() += 1;
        s.close(|| ());
    })
    .unwrap();
    raise(libc::SIGUSR2).unwrap();
    lp.run(RunMode::Default);
    assert_eq!(*calls.borrow(), 2);
    assert!(sig.is_closing());
}

#[test]
fn refused_signals_and_moving_between_signals() {
    let lp = Loop::new().unwrap();
    let sig = Signal::new(&lp).unwrap();
    for bad in [0, -1, 65, libc::SIGKILL, libc::SIGSTOP] {
        let err = sig.start(bad, |_, _| ()).unwrap_err();
        assert_eq!(err.name(), "EINVAL", "signal {bad}");
    }
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    sig.start(libc::SIGWINCH, move |_, n| log.borrow_mut().push(n))
        .unwrap();
    let log = seen.clone();
    sig.start(libc::SIGURG, move |_, n| log.borrow_mut().push(n))
        .unwrap();
    assert!(is_default(libc::SIGWINCH).unwrap());
    raise(libc::SIGURG).unwrap();
    lp.run(RunMode::NoWait);
    assert_eq!(*seen.borrow(), vec![libc::SIGURG]);
    drop(sig);
    lp.run(RunMode::Default);
    assert!(is_default(libc::SIGURG).unwrap());
}
