//! What the loop does just before it would block in epoll while pool
//! requests of its own are in flight.
//!
//! Blocking costs a round through the scheduler: the worker that finishes
//! writes the eventfd, and the loop's thread is woken and scheduled again,
//! which on a virtual machine takes several microseconds, often longer than
//! a short file operation itself. Two cases are worth avoiding it:
//!
//! - More requests in flight than the pool has workers: the workers share
//!   the loop's cores, so the loop yields its core once. It usually finds
//!   jobs finished when it gets the core back.
//! - Fewer requests in flight than the machine has cores: each request's
//!   worker has a core of its own, so the loop watches for a finished job,
//!   without a system call, for up to [`SPIN_NS`]. A job that finishes
//!   then only sets the loop's flag (the loop is still awake, see `wake`),
//!   and the loop goes on at once instead of sleeping and being woken.
//!   A watch that runs out is not tried again until a job has finished,
//!   so a long request (a slow DNS query, a big copy) costs one watch, not
//!   one per loop iteration.

use super::Loop;
use crate::sys;
use std::sync::OnceLock;

/// How long the loop watches for a finished job before it blocks: about
/// what a 4 KiB buffered write takes here, with the worker's wake-up.
const SPIN_NS: u64 = 50_000;

/// Flag checks between two readings of the clock.
const CHECKS_PER_CLOCK: u32 = 64;

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
        if in_flight > 1 && in_flight > super::pool_size() {
            std::thread::yield_now();
        } else if in_flight < cores() {
            self.watch_for_finished_jobs();
        }
    }

    fn watch_for_finished_jobs(&self) {
        let finished = self.stats.completions.get();
        if self.watch_ran_out_at.get() == Some(finished) {
            return;
        }
        super::stats::count(&self.stats.watches);
        let until = sys::time::hrtime().saturating_add(SPIN_NS);
        loop {
            for _ in 0..CHECKS_PER_CLOCK {
                if self.shared.notified() {
                    return;
                }
                std::hint::spin_loop();
            }
            if sys::time::hrtime() >= until {
                self.watch_ran_out_at.set(Some(finished));
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
