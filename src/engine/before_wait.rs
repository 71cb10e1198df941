//! What the loop does just before it would block in epoll while pool
//! requests of its own are in flight, or while async sends are all it can
//! hear.
//!
//! Blocking costs a round through the scheduler: the worker that finishes
//! writes the eventfd, and the loop's thread is woken and scheduled again,
//! which on a virtual machine takes several microseconds, often longer than
//! a short file operation itself. Two cases are worth avoiding it:
//!
//! - As many requests in flight as the pool has workers, or more, and at
//!   least as many as there are cores: the workers, all busy, share the
//!   loop's cores, so the loop yields its core once. It usually finds jobs
//!   finished when it gets it back.
//! - Fewer requests in flight than the machine has cores: each request's
//!   worker has a core of its own, so the loop watches for a finished job,
//!   without a system call, for up to [`SPIN_NS`]. A job that finishes
//!   then only sets the loop's flag (the loop is still awake, see `wake`),
//!   and the loop goes on at once instead of sleeping and being woken.
//!   A watch that runs out is not tried again until a job has finished,
//!   so a long request (a slow DNS query, a big copy) costs one watch, not
//!   one per loop iteration; and watches that keep running out are tried
//!   ever less often (at most every 64th wait), then again at every wait
//!   once one pays off. They run out where another process keeps a core
//!   busy: the worker then waits for the core the loop spins on, and the
//!   watch only delays it.
//! - No request in flight, async handles open and no descriptor watched
//!   but the loop's own eventfd: async sends are all that can end the
//!   wait (and timers, due a millisecond or more away). The loop watches
//!   for a send the same way, with its own record, which a send ends. A
//!   loop answering another thread's sends within the watch, two loops
//!   passing a message back and forth, then never sleeps, and the sender
//!   writes no eventfd. A loop with a socket or any other descriptor never
//!   watches for sends: the watch would delay that descriptor's events;
//!   nor does a loop on a one-core machine, where the sender could not run
//!   while it spins.

use super::Loop;
use crate::sys;
use std::cell::Cell;
use std::sync::OnceLock;

/// How long the loop watches for a finished job before it blocks: about
/// what a 4 KiB buffered write takes here, with the worker's wake-up.
const SPIN_NS: u64 = 30_000;

/// Flag checks between two readings of the clock.
const CHECKS_PER_CLOCK: u32 = 64;

/// After this many watches in a row ran out, the loop watches before one
/// wait in 2^this (64).
const MAX_MISSES: u32 = 6;

/// Whether watching has paid off lately.
#[derive(Clone, Copy, Default)]
pub(crate) struct WatchRecord {
    /// The completion count when a watch last ran out, if one did.
    ran_out_at: Option<u64>,
    /// Watches in a row that ran out (up to `MAX_MISSES`).
    misses: u32,
    /// Waits to go before the next watch.
    skip: u32,
}

impl Loop {
    /// Yields, watches or does nothing, as the module docs say. Out of
    /// line: a loop that never blocks (an idle handle) should not pay for
    /// it on every iteration.
    #[inline(never)]
    pub(crate) fn before_wait(&self, only_eventfd_watched: bool) {
        // The count first: with nothing in flight the pool may not have
        // started, and its size would then come from the environment.
        let in_flight = self.jobs.borrow().in_flight();
        if in_flight == 0 {
            // On one core the sender could not run while the loop spins.
            if only_eventfd_watched && !self.asyncs.borrow().is_empty() && cores() >= 2 {
                let taken = self.stats.wakeups.get();
                self.watch_for_signal(&self.send_watch, taken, &self.stats.send_watches);
            }
            return;
        }
        if in_flight < cores() {
            let finished = self.stats.completions.get();
            self.watch_for_signal(&self.watch, finished, &self.stats.watches);
        } else if in_flight > 1 && in_flight >= super::pool_size() {
            std::thread::yield_now();
        }
    }

    /// Spins until a signal (a finished job or an async send) comes or
    /// [`SPIN_NS`] pass. `progress` counts what the watch waits for (jobs
    /// finished, wake-ups taken): a watch that ran out is not tried again
    /// until it has moved.
    fn watch_for_signal(&self, watch: &Cell<WatchRecord>, progress: u64, counter: &Cell<u64>) {
        let mut record = watch.get();
        if record.ran_out_at == Some(progress) {
            return;
        }
        if record.skip > 0 {
            record.skip -= 1;
            watch.set(record);
            return;
        }
        super::stats::count(counter);
        let until = sys::time::hrtime().saturating_add(SPIN_NS);
        loop {
            for _ in 0..CHECKS_PER_CLOCK {
                if self.shared.notified() {
                    watch.set(WatchRecord::default());
                    return;
                }
                std::hint::spin_loop();
            }
            if sys::time::hrtime() >= until {
                let misses = (record.misses + 1).min(MAX_MISSES);
                watch.set(WatchRecord {
                    ran_out_at: Some(progress),
                    misses,
                    skip: (1 << misses) - 1,
                });
                return;
            }
        }
    }
}

/// The cores this process may run on, looked up once.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| crate::os::available_parallelism() as usize)
}
