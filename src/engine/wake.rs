//! The part of a loop other threads may touch: its wake-up eventfd and the
//! list of pool jobs that finished for it.

use crate::sys::EventFd;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

pub(crate) struct Shared {
    eventfd: EventFd,
    /// True from the first signal of a burst until the loop takes the
    /// wake-up, so a burst of signals costs one eventfd write.
    notified: AtomicBool,
    /// Job-table indices of finished (or cancelled) jobs, in finishing order.
    finished: Mutex<Vec<u32>>,
}

impl Shared {
    pub fn new() -> std::io::Result<Shared> {
        Ok(Shared {
            eventfd: EventFd::new()?,
            notified: AtomicBool::new(false),
            finished: Mutex::new(Vec::new()),
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
        if self.notified.load(Ordering::SeqCst) {
            self.eventfd.notify();
        }
        Ok(())
    }

    /// Wakes the loop unless a wake-up is already on its way.
    pub fn wake(&self) {
        if !self.notified.swap(true, Ordering::SeqCst) {
            self.eventfd.notify();
        }
    }

    /// Hands a finished job back to the loop.
    pub fn finish(&self, job: u32) {
        self.finished.lock().push(job);
        self.wake();
    }

    /// Called by the loop thread when the eventfd fired, before it looks at
    /// what was signalled: a signal that lands after this writes the eventfd
    /// again, so none is lost.
    pub fn take_wakeup(&self) {
        self.eventfd.drain();
        self.notified.store(false, Ordering::SeqCst);
    }

    /// Moves the finished jobs into `out` (which keeps its capacity, as does
    /// the shared list, so steady state allocates nothing).
    pub fn take_finished(&self, out: &mut Vec<u32>) {
        let mut finished = self.finished.lock();
        std::mem::swap(&mut *finished, out);
    }
}
