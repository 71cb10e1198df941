//! The I/O phase: wait in epoll, then dispatch what became ready.

use super::event_loop::{INOTIFY_TOKEN, SIGNAL_TOKEN, WAKE_TOKEN};
use super::Loop;
use crate::sys;

/// How many extra non-blocking polls to make when a wait fills the whole
/// event buffer, before yielding to the rest of the iteration.
const MAX_REFILLS: usize = 48;

/// Descriptors every loop's epoll watches: its wake-up eventfd.
const ALWAYS_WATCHED: usize = 1;

impl Loop {
    /// Waits up to `timeout` ms (-1: no limit) and runs the callbacks of
    /// whatever is ready: pool completions first, then async handles, as
    /// libuv delivers them; then the connects that finished inside
    /// connect(2) before this phase, where epoll would have put them: after
    /// the descriptors that were ready before them (a listening socket that
    /// took the connection, say).
    #[inline]
    pub(crate) fn poll_io(&self, timeout: i32) {
        if self.connected_now.borrow().is_empty() {
            return self.poll_events(timeout);
        }
        // Connects started by this phase's callbacks wait for the next one,
        // as they would for the next epoll_wait.
        let mut batch = std::mem::take(&mut *self.connected_batch.borrow_mut());
        std::mem::swap(&mut batch, &mut *self.connected_now.borrow_mut());
        self.poll_events(0);
        for (n, &id) in batch.iter().enumerate() {
            if self.halted() {
                // A callback panicked: the rest are told in the next run.
                let rest = batch[n..].iter().copied();
                self.connected_now.borrow_mut().splice(0..0, rest);
                break;
            }
            self.connect_settled(id);
        }
        batch.clear();
        *self.connected_batch.borrow_mut() = batch;
    }

    fn poll_events(&self, mut timeout: i32) {
        let mut refills = 0;
        loop {
            let started = self.time.get();
            // With pool requests in flight, or async sends all the loop
            // can hear, blocking may not be worth it (see `before_wait`).
            if timeout != 0 {
                self.before_wait(self.poller.watched() <= ALWAYS_WATCHED);
            }
            // A pool job that finished while the loop was awake left only a
            // flag (see `wake`): then do not block.
            let wait_for = if timeout != 0 && !self.shared.arm() {
                0
            } else {
                timeout
            };
            let wait_began = (self.measure_idle.get() && wait_for != 0).then(sys::time::hrtime);
            // A loop that may not block and watches no descriptor but its
            // wake-up eventfd has nothing to ask epoll: what the eventfd
            // would say, the flag read below says too (see `wake`). Unless
            // the eventfd may hold a count: it must be emptied, or whoever
            // watches the loop's descriptor from outside sees it readable
            // for ever.
            let skip = wait_for == 0
                && self.poller.watched() <= ALWAYS_WATCHED
                && !self.eventfd_unread.get();
            let result = if skip {
                self.events.borrow_mut().clear();
                Ok(0)
            } else {
                super::stats::count(&self.stats.polls);
                let mut events = self.events.borrow_mut();
                self.poller
                    .wait(&mut events, wait_for, self.block_sigprof.get())
            };
            // Only a loop that armed (timeout != 0) cleared its awake bit.
            let signalled = if timeout != 0 {
                self.shared.woken()
            } else {
                self.shared.notified()
            };
            if let Some(began) = wait_began {
                let waited = sys::time::hrtime().saturating_sub(began);
                self.idle_time_ns.set(self.idle_time_ns.get() + waited);
            }
            // Callbacks below see the time the wait ended.
            self.update_time();
            let count = match result {
                Ok(count) => count,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {
                    // The wait may have been for signals to write the eventfd.
                    self.eventfd_unread.set(true);
                    if timeout > 0 {
                        let elapsed = self.time.get().saturating_sub(started);
                        if elapsed >= timeout as u64 {
                            return;
                        }
                        timeout -= elapsed as i32;
                    }
                    continue;
                }
                Err(err) => panic!("ruv: epoll_wait failed: {err}"),
            };
            let mut fired = false;
            let mut inotify = false;
            let mut signal_pipe = false;
            for n in 0..count {
                let event = self.events.borrow().get(n);
                match event {
                    Some(e) if e.token == WAKE_TOKEN => fired = true,
                    Some(e) if e.token == INOTIFY_TOKEN => inotify = true,
                    Some(e) if e.token == SIGNAL_TOKEN => signal_pipe = true,
                    Some(e) => self.io_ready(super::HandleId::from_bits(e.token), e.ready),
                    None => {}
                }
            }
            // A blocking wait that did not see the eventfd may have
            // returned just before a signal wrote it: the loop was asleep
            // for signals until `woken`. A wait that saw it drains it below.
            if !skip {
                self.eventfd_unread.set(wait_for != 0 && !fired);
            }
            if fired || signalled {
                super::stats::count(&self.stats.wakeups);
                self.shared.take_wakeup(fired);
                self.run_finished_work();
                self.run_asyncs();
            }
            if inotify {
                self.run_inotify();
            }
            if signal_pipe {
                self.run_signals();
            }
            let capacity = self.events.borrow().capacity();
            if count == capacity && refills < MAX_REFILLS {
                refills += 1;
                timeout = 0;
                continue;
            }
            return;
        }
    }
}
