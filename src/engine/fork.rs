//! uv_loop_fork: making a loop usable in a forked child.
//!
//! After fork the child shares its parent's kernel objects: the epoll
//! instance (so the parent's interest changes and events would be the
//! child's too), the wake-up eventfd and the inotify instance. The child
//! gets its own of each, under the same descriptor numbers where the
//! number is visible (`uv_backend_fd`), and every descriptor the loop
//! watched is registered again with the interest it had. The thread pool
//! starts afresh in the child on first use (see pool.rs), whether or not
//! this is called.

use super::event_loop::WAKE_TOKEN;
use super::Loop;
use crate::error::{Error, Result};
use crate::sys::ready;

impl Loop {
    /// Gives the loop kernel objects of its own after a fork; meant to be
    /// called in the child. Handles and requests carry on as they were,
    /// except that work the parent's pool was running never completes.
    pub fn after_fork(&self) -> Result<()> {
        let io = |e: std::io::Error| Error::from_io(&e);
        self.poller.renew().map_err(io)?;
        self.shared.renew_after_fork().map_err(io)?;
        self.poller
            .add(self.shared.eventfd_raw(), WAKE_TOKEN, ready::READABLE)
            .map_err(io)?;
        self.fs_events_after_fork()?;
        self.signals_after_fork()?;
        let watchers = self.watchers.borrow();
        for watcher in watchers.iter().filter(|w| w.registered != 0) {
            if let Some(fd) = watcher.raw_fd() {
                self.poller
                    .add(fd, watcher.id.to_bits(), watcher.registered)
                    .map_err(io)?;
            }
        }
        Ok(())
    }
}
