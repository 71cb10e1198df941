//! The part of a loop other threads may touch: its wake-up eventfd and the
//! list of pool jobs that finished for it.
//!
//! Both live in one atomic word, so a worker hands a finished job back with
//! a single compare-exchange and no lock: the word holds the head of a
//! list of finished jobs, linked through the jobs themselves (each job's
//! `link` names the one finished before it), and a flag that is set from
//! the first signal of a burst until the loop takes the wake-up, so a burst
//! of signals costs one eventfd write. The loop takes the whole list at
//! once and reverses it into finishing order. A job is in the list at most
//! once: it is put there when it finishes or is cancelled, once per
//! generation, and only the loop, after taking it out, starts a new one.
//!
//! A third bit says the loop is awake: inside `run` and not about to block
//! in epoll. A signal then only sets the flag, with no eventfd write (a
//! system call, and on the loop's side a read and an extra return from
//! epoll): the loop looks at the flag before it blocks ([`Shared::arm`])
//! and after every wait, and makes the eventfd readable itself if it leaves
//! `run` with a signal untaken ([`Shared::leave`]), so whoever watches the
//! loop's descriptor from outside still sees it.

use crate::sys::EventFd;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// Set in `state` while a wake-up is on its way (or being taken).
const NOTIFIED: u64 = 1 << 63;
/// Set in `state` while the loop runs and will look at `NOTIFIED` before
/// it blocks: signals need not write the eventfd.
const AWAKE: u64 = 1 << 62;
/// The part of `state` naming the newest finished job: its index + 1, or 0
/// for none.
const HEAD: u64 = u32::MAX as u64;

/// Alone in its cache lines, as [`AsyncSignal`](super::AsyncSignal) is:
/// the loop polls `state` while it watches for signals.
#[repr(align(128))]
pub(crate) struct Shared {
    eventfd: EventFd,
    /// `NOTIFIED`, `AWAKE` and the head of the finished list (see the
    /// module docs).
    state: AtomicU64,
}

impl Shared {
    pub fn new() -> std::io::Result<Shared> {
        Ok(Shared {
            eventfd: EventFd::new()?,
            state: AtomicU64::new(0),
        })
    }

    pub fn eventfd_raw(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        self.eventfd.as_raw_fd()
    }

    /// In a forked child (uv_loop_fork): a counter of the child's own, so
    /// parent and child stop waking each other. A wake-up the parent had
    /// signalled and the loop not yet taken is signalled again on the new
    /// one: the async sends or finished jobs it stood for are not lost.
    pub fn renew_after_fork(&self) -> std::io::Result<()> {
        self.eventfd.renew()?;
        if self.state.load(Ordering::SeqCst) & NOTIFIED != 0 {
            self.eventfd.notify();
        }
        Ok(())
    }

    /// Wakes the loop unless a wake-up is already on its way.
    pub fn wake(&self) {
        if self.state.fetch_or(NOTIFIED, Ordering::SeqCst) & (NOTIFIED | AWAKE) == 0 {
            self.eventfd.notify();
        }
    }

    /// Hands the finished job at table index `job` back to the loop and
    /// wakes it; `link` is the job's own link field.
    pub fn finish(&self, job: u32, link: &AtomicU32) {
        let head = u64::from(job) + 1;
        let mut current = self.state.load(Ordering::Relaxed);
        loop {
            link.store((current & HEAD) as u32, Ordering::Relaxed);
            match self.state.compare_exchange_weak(
                current,
                head | NOTIFIED,
                Ordering::SeqCst,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(seen) => current = seen,
            }
        }
        if current & (NOTIFIED | AWAKE) == 0 {
            self.eventfd.notify();
        }
    }

    /// The loop thread enters `run`: from now on it looks for signals
    /// itself.
    pub fn enter(&self) {
        self.state.fetch_or(AWAKE, Ordering::SeqCst);
    }

    /// The loop thread is about to block in epoll: signals must write the
    /// eventfd again. Returns false if a signal came while it was awake
    /// (then it must not block, and should take the wake-up after its
    /// wait, see [`Shared::woken`]).
    pub fn arm(&self) -> bool {
        self.state.fetch_and(!AWAKE, Ordering::SeqCst) & NOTIFIED == 0
    }

    /// The loop thread is back from epoll: whether a signal is waiting,
    /// whatever epoll said about the eventfd.
    pub fn woken(&self) -> bool {
        self.state.fetch_or(AWAKE, Ordering::SeqCst) & NOTIFIED != 0
    }

    /// Whether a signal is waiting, for a loop thread that stayed awake (it
    /// polled without blocking, so `arm` was not called): a plain load,
    /// where `woken` is a read-modify-write every iteration would pay.
    pub fn notified(&self) -> bool {
        self.state.load(Ordering::SeqCst) & NOTIFIED != 0
    }

    /// The loop thread leaves `run`: a signal it has not taken makes the
    /// eventfd readable, as it would have without the awake bit.
    pub fn leave(&self) {
        let before = self.state.fetch_and(!AWAKE, Ordering::SeqCst);
        if before & (NOTIFIED | AWAKE) == NOTIFIED | AWAKE {
            self.eventfd.notify();
        }
    }

    /// Called by the loop thread when woken, before it looks at what was
    /// signalled (`drain`: the eventfd fired): a signal that lands after
    /// this sets the flag again, so none is lost.
    pub fn take_wakeup(&self, drain: bool) {
        if drain {
            self.eventfd.drain();
        }
        self.state.fetch_and(!NOTIFIED, Ordering::SeqCst);
    }

    /// Takes the finished list: the newest job's index + 1, or 0 if none;
    /// each job's link leads to the one before it.
    pub fn take_finished(&self) -> u32 {
        // A plain load first: a wake-up for async sends alone finds no
        // job, and a locked instruction on the word async senders write
        // would only slow them down.
        if self.state.load(Ordering::SeqCst) & HEAD == 0 {
            return 0;
        }
        (self.state.fetch_and(NOTIFIED, Ordering::SeqCst) & HEAD) as u32
    }
}
