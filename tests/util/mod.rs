//! Helpers shared by the `api_*` integration tests.
//!
//! Every test that runs a loop bounds itself: [`guard`] starts an
//! unreferenced timer that fails the test if the loop is still running
//! after [`GUARD`], and channel waits use [`recv`], which gives up after the
//! same time. Nothing here sleeps to order events.
#![allow(dead_code)]

use ruv::{Loop, RunMode, Timer};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::mpsc;
use std::time::Duration;

/// How long any test may wait for anything.
pub const GUARD: Duration = Duration::from_secs(5);

/// Starts an unreferenced timer that panics (and so makes `run` panic) if
/// the loop still runs after [`GUARD`]. Being unreferenced, it neither keeps
/// the loop alive nor changes what `run` returns. Keep the returned handle
/// alive (`let _guard = guard(&lp);`): dropping it closes the timer.
pub fn guard(lp: &Loop) -> Timer {
    let timer = Timer::new(lp).expect("guard timer");
    // Repeating, so that a timer stays armed after it fired: the loop's
    // wait after a panicking callback is then bounded too.
    timer
        .start(GUARD, Some(GUARD), |_| {
            panic!("test guard: the loop was still running after {GUARD:?}")
        })
        .expect("start guard timer");
    timer.unref();
    timer
}

/// A loop with its guard already started.
pub fn guarded_loop() -> (Loop, Timer) {
    let lp = Loop::new().expect("Loop::new");
    let guard = guard(&lp);
    (lp, guard)
}

/// An ordered record of what callbacks did, shared between them.
#[derive(Clone, Default)]
pub struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    pub fn new() -> Log {
        Log::default()
    }

    pub fn push(&self, entry: impl Into<String>) {
        self.0.borrow_mut().push(entry.into());
    }

    /// A copy of the entries so far.
    pub fn entries(&self) -> Vec<String> {
        self.0.borrow().clone()
    }

    /// The entries so far, leaving the log empty.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.borrow_mut())
    }

    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }
}

/// A counter callbacks can bump.
#[derive(Clone, Default)]
pub struct Counter(Rc<Cell<u32>>);

impl Counter {
    pub fn new() -> Counter {
        Counter::default()
    }

    /// Adds one and returns the new count.
    pub fn bump(&self) -> u32 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }

    pub fn get(&self) -> u32 {
        self.0.get()
    }
}

/// The text of a panic payload (`panic!("literal")` or `panic!("{x}")`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}

/// Runs the loop, turning a panic resumed by `run` into `Err(message)`.
pub fn run_catching(lp: &Loop, mode: RunMode) -> Result<bool, String> {
    catch_unwind(AssertUnwindSafe(|| lp.run(mode))).map_err(|payload| panic_message(&*payload))
}

/// Receives from `rx`, failing the test after [`GUARD`].
pub fn recv<T>(rx: &mpsc::Receiver<T>) -> T {
    rx.recv_timeout(GUARD)
        .expect("test guard: nothing arrived on the channel in time")
}

/// Runs `f` on a fresh thread and returns its result, failing the test if
/// it takes longer than [`GUARD`] (for code that could block with no loop
/// timer to bound it). A panic in `f` fails the test with its message.
pub fn on_thread_within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(catch_unwind(AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(GUARD) {
        Ok(Ok(value)) => value,
        Ok(Err(payload)) => panic!("{}", panic_message(&*payload)),
        Err(_) => panic!("test guard: still running after {GUARD:?}"),
    }
}

/// Compile-time check that a type may cross and be shared between threads.
pub fn assert_send_sync<T: Send + Sync>() {}

/// Milliseconds as a `Duration`.
pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A thread another thread can watch, through /proc, to learn when it is
/// asleep in the kernel waiting for events.
pub struct LoopThread(std::path::PathBuf);

impl LoopThread {
    /// The calling thread.
    pub fn current() -> LoopThread {
        // /proc/thread-self names the caller as "<pid>/task/<tid>".
        let task = std::fs::read_link("/proc/thread-self").expect("read /proc/thread-self");
        LoopThread(std::path::Path::new("/proc").join(task))
    }

    /// Returns once the thread is blocked in epoll_wait or epoll_pwait,
    /// failing the test after [`GUARD`].
    pub fn wait_until_asleep_in_epoll(&self) {
        // x86_64 numbers; /proc/<task>/syscall starts with the number of the
        // system call a blocked thread is in, and says "running" otherwise.
        const EPOLL_WAITS: [&str; 3] = ["232", "281", "441"];
        let file = self.0.join("syscall");
        let began = std::time::Instant::now();
        loop {
            let now = std::fs::read_to_string(&file).expect("read /proc/<task>/syscall");
            if EPOLL_WAITS.contains(&now.split(' ').next().unwrap_or("")) {
                return;
            }
            assert!(
                began.elapsed() < GUARD,
                "test guard: the loop never blocked in epoll"
            );
            std::thread::yield_now();
        }
    }
}
