//! What the loop does just before it would block in epoll while pool
//! requests of its own are in flight.
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

use super::Loop;
use crate::sys;
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
    pub(crate) fn before_wait(&self) {
        // The count first: with nothing in flight the pool may not have
        // started, and its size would then come from the environment.
        let in_flight = self.jobs.borrow().in_flight();
        if in_flight == 0 {
            return;
        }
        if in_flight < cores() {
            self.watch_for_finished_jobs();
        } else if in_flight > 1 && in_flight >= super::pool_size() {
            std::thread::yield_now();
        }
    }

    fn watch_for_finished_jobs(&self) {
        let mut record = self.watch.get();
        let finished = self.stats.completions.get();
        if record.ran_out_at == Some(finished) {
            return;
        }
        if record.skip > 0 {
            record.skip -= 1;
            self.watch.set(record);
            return;
        }
        super::stats::count(&self.stats.watches);
        let until = sys::time::hrtime().saturating_add(SPIN_NS);
        loop {
            for _ in 0..CHECKS_PER_CLOCK {
                if self.shared.notified() {
                    self.watch.set(WatchRecord::default());
                    return;
                }
                std::hint::spin_loop();
            }
            if sys::time::hrtime() >= until {
                let misses = (record.misses + 1).min(MAX_MISSES);
                self.watch.set(WatchRecord {
                    ran_out_at: Some(finished),
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
