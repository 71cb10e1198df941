//! fs_poll handles: watching a path by calling stat on it at an interval,
//! on the thread pool, and reporting when the result changes.
//!
//! The handle's own slot sits in the timer heap between polls, so a poll
//! costs no second handle. As in libuv: the first successful stat only
//! records; later ones report when anything but the access time changed;
//! a failing stat is reported once per distinct error; the next poll is
//! timed from the start of the previous one.

use super::handle::{flags, Event, HandleId};
use super::work::Done;
use super::{Loop, Work, WorkClass};
use crate::error::{code, Error, Result};
use crate::fs::op::{self, Stat};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::sync::Arc;

pub(crate) struct PollState {
    path: CString,
    interval: u64,
    /// The last stat seen (zeroed before the first success).
    prev: Stat,
    /// libuv's `busy_polling`: 0 before the first result, 1 after a
    /// success, the error code after a failure.
    last: i64,
    /// Loop time when the current poll started.
    started_at: u64,
}

#[derive(Default)]
pub(crate) struct FsPolls {
    polls: HashMap<HandleId, PollState>,
}

impl Loop {
    /// Starts polling `path` every `interval` ms (0 counts as 1). Starting an
    /// active handle does nothing, as in libuv.
    pub fn fs_poll_start(&self, id: HandleId, path: &CStr, interval: u64) -> Result<()> {
        if self.token(id).is_none() || self.is_closing(id) {
            return Err(Error::from_code(code::EINVAL));
        }
        if self.flags(id) & flags::ACTIVE != 0 {
            return Ok(());
        }
        let state = PollState {
            path: path.to_owned(),
            interval: interval.max(1),
            prev: Stat::default(),
            last: 0,
            started_at: self.now(),
        };
        self.fs_polls.borrow_mut().polls.insert(id, state);
        self.poll_now(id)?;
        self.handle_start(id);
        Ok(())
    }

    /// Stops polling; a stat in flight is then ignored.
    pub fn fs_poll_stop(&self, id: HandleId) -> Result<()> {
        if self.fs_polls.borrow_mut().polls.remove(&id).is_none() {
            return Ok(());
        }
        self.timers.borrow_mut().remove(id.index() as u32);
        self.handle_stop(id);
        Ok(())
    }

    /// The path an active fs_poll handle watches.
    pub fn fs_poll_path(&self, id: HandleId) -> Option<CString> {
        self.fs_polls
            .borrow()
            .polls
            .get(&id)
            .map(|poll| poll.path.clone())
    }

    /// The poll timer fired: start the next stat.
    pub(crate) fn fs_poll_tick(&self, id: HandleId) {
        let now = self.now();
        if let Some(poll) = self.fs_polls.borrow_mut().polls.get_mut(&id) {
            poll.started_at = now;
        } else {
            return;
        }
        let _ = self.poll_now(id);
    }

    /// Queues a stat of the path on the pool.
    fn poll_now(&self, id: HandleId) -> Result<()> {
        let path = match self.fs_polls.borrow().polls.get(&id) {
            Some(poll) => poll.path.clone(),
            None => return Ok(()),
        };
        let outcome: Arc<Mutex<Option<Result<Stat>>>> = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&outcome);
        let work = Work::Boxed(Box::new(move || {
            *slot.lock() = Some(op::stat(&path));
        }));
        let done = Done::Boxed(Box::new(move |lp: &Loop, _status| {
            let result = outcome
                .lock()
                .take()
                .unwrap_or(Err(Error::from_code(code::ECANCELED)));
            lp.fs_poll_result(id, result);
        }));
        self.queue_work_class(WorkClass::FastIo, work, done)
            .map(drop)
    }

    fn fs_poll_result(&self, id: HandleId, result: Result<Stat>) {
        // Stopped or closed meanwhile: the result goes nowhere.
        let Some((prev, last, interval, started_at)) = self
            .fs_polls
            .borrow()
            .polls
            .get(&id)
            .map(|p| (p.prev, p.last, p.interval, p.started_at))
        else {
            return;
        };
        match result {
            Err(err) => {
                let status = err.code();
                if last != i64::from(status) {
                    let zero = Stat::default();
                    self.fire_event(
                        id,
                        &Event::FsPoll {
                            status,
                            prev: &prev,
                            curr: &zero,
                        },
                    );
                    if let Some(poll) = self.fs_polls.borrow_mut().polls.get_mut(&id) {
                        poll.last = i64::from(status);
                    }
                }
            }
            Ok(curr) => {
                if last != 0 && (last < 0 || !same_stat(&prev, &curr)) {
                    self.fire_event(
                        id,
                        &Event::FsPoll {
                            status: 0,
                            prev: &prev,
                            curr: &curr,
                        },
                    );
                }
                if let Some(poll) = self.fs_polls.borrow_mut().polls.get_mut(&id) {
                    poll.prev = curr;
                    poll.last = 1;
                }
            }
        }
        // The callback may have stopped (or restarted) the handle.
        if !self.fs_polls.borrow().polls.contains_key(&id) || self.flags(id) & flags::ACTIVE == 0 {
            return;
        }
        let elapsed = self.now().saturating_sub(started_at);
        let wait = interval - elapsed % interval;
        let seq = self.timer_seq.get();
        self.timer_seq.set(seq + 1);
        let mut timers = self.timers.borrow_mut();
        timers.remove(id.index() as u32);
        timers.insert(id.index() as u32, self.now() + wait, seq);
    }
}

/// Whether two stats describe the same file state; access time is ignored,
/// as in libuv.
fn same_stat(a: &Stat, b: &Stat) -> bool {
    a.ctime == b.ctime
        && a.mtime == b.mtime
        && a.birthtime == b.birthtime
        && a.size == b.size
        && a.mode == b.mode
        && a.uid == b.uid
        && a.gid == b.gid
        && a.ino == b.ino
        && a.dev == b.dev
}
