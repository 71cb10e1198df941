//! Timers: one-shot or repeating, in loop milliseconds, with libuv 1.44's
//! rules for ordering and re-arming.

use super::handle::{flags, HandleId, Kind};
use super::Loop;
use crate::error::{code, Error, Result};

impl Loop {
    /// Starts (or restarts) a timer: due `timeout` ms after the loop's
    /// current time, then every `repeat` ms if `repeat` is nonzero.
    pub fn timer_start(&self, id: HandleId, timeout: u64, repeat: u64) -> Result<()> {
        let due = self.now().saturating_add(timeout);
        let (token, was_active) = {
            let mut handles = self.handles.borrow_mut();
            let slot = handles.get_mut(id).ok_or(Error::from_code(code::EINVAL))?;
            let visible = slot.visible_flags();
            if slot.kind != Some(Kind::Timer) || visible & flags::CLOSING != 0 {
                return Err(Error::from_code(code::EINVAL));
            }
            slot.due_or_epoch = due;
            slot.repeat = repeat;
            slot.flags |= flags::STARTED;
            (slot.token, visible & flags::ACTIVE != 0)
        };
        let seq = self.timer_seq.get();
        self.timer_seq.set(seq + 1);
        {
            // A restart moves the timer: out of its old place in the heap,
            // into the one its new deadline gives.
            let mut timers = self.timers.borrow_mut();
            if was_active {
                timers.remove(id.index() as u32);
            }
            timers.insert(id.index() as u32, due, seq);
        }
        self.host.timer_due(token, due);
        if !was_active {
            self.handle_start(id);
        }
        Ok(())
    }

    /// Stops a timer; stopping a stopped one does nothing.
    pub fn timer_stop(&self, id: HandleId) -> Result<()> {
        let active = {
            let handles = self.handles.borrow();
            let slot = handles.get(id).ok_or(Error::from_code(code::EINVAL))?;
            slot.visible_flags() & flags::ACTIVE != 0
        };
        if active {
            self.timers.borrow_mut().remove(id.index() as u32);
            self.handle_stop(id);
        }
        Ok(())
    }

    /// Restarts a repeating timer with its repeat as the timeout; does
    /// nothing for a one-shot timer. A timer never started is refused.
    pub fn timer_again(&self, id: HandleId) -> Result<()> {
        let (started, repeat) = {
            let handles = self.handles.borrow();
            let slot = handles.get(id).ok_or(Error::from_code(code::EINVAL))?;
            (slot.flags & flags::STARTED != 0, slot.repeat)
        };
        if !started {
            return Err(Error::from_code(code::EINVAL));
        }
        if repeat != 0 {
            self.timer_start(id, repeat, repeat)?;
        }
        Ok(())
    }

    /// Sets the repeat interval, used from the next time the timer fires.
    pub fn timer_set_repeat(&self, id: HandleId, repeat: u64) {
        if let Some(slot) = self.handles.borrow_mut().get_mut(id) {
            slot.repeat = repeat;
        }
    }

    pub fn timer_repeat(&self, id: HandleId) -> u64 {
        self.handles.borrow().get(id).map_or(0, |slot| slot.repeat)
    }

    /// The timer's absolute due time in loop milliseconds (0 if never started).
    pub fn timer_due(&self, id: HandleId) -> u64 {
        self.handles
            .borrow()
            .get(id)
            .map_or(0, |slot| slot.due_or_epoch)
    }

    /// Milliseconds until the timer is due; 0 once due (or never started).
    pub fn timer_due_in(&self, id: HandleId) -> u64 {
        self.timer_due(id).saturating_sub(self.now())
    }

    /// Puts an active timer back in the heap, due `after` ms from now.
    fn timer_rearm(&self, id: HandleId, slot: u32, after: u64) {
        let due = self.now().saturating_add(after);
        let seq = self.timer_seq.get();
        self.timer_seq.set(seq + 1);
        let token = match self.handles.borrow_mut().get_mut(id) {
            Some(entry) => {
                entry.due_or_epoch = due;
                entry.token
            }
            None => return,
        };
        self.timers.borrow_mut().insert(slot, due, seq);
        self.host.timer_due(token, due);
    }

    /// Fires every timer due at the current loop time. As in libuv 1.44, a
    /// timer is re-armed (if repeating) before its callback runs, and a timer
    /// (re)started by a callback with a deadline already reached runs in
    /// this same pass.
    #[inline]
    pub(crate) fn run_timers(&self) {
        // Every iteration asks; most have nothing due.
        let next = self.timers.borrow().peek();
        if next.is_some_and(|(due, _)| due <= self.now()) {
            self.run_due_timers();
        }
    }

    #[inline(never)]
    fn run_due_timers(&self) {
        let mut fired = 0;
        loop {
            if self.halted() {
                return;
            }
            let Some((due, slot)) = self.timers.borrow().peek() else {
                return;
            };
            let now = self.now();
            if due > now {
                return;
            }
            let entry = {
                let handles = self.handles.borrow();
                handles
                    .id_at(slot)
                    .and_then(|id| handles.get(id).and_then(|s| Some((id, s.kind?, s.repeat))))
            };
            let Some((id, kind, repeat)) = entry else {
                // Cannot happen: closing a timer takes it off the heap.
                self.timers.borrow_mut().remove(slot);
                continue;
            };
            self.timers.borrow_mut().remove(slot);
            if kind == Kind::FsPoll {
                // An fs_poll handle waiting for its next stat.
                self.fs_poll_tick(id);
                continue;
            }
            // libuv's stop-then-again: a repeating timer goes back in at
            // now + repeat, behind timers already due then; it stays active,
            // so only a one-shot timer's state changes.
            if repeat == 0 {
                self.handle_stop(id);
            } else {
                self.timer_rearm(id, slot, repeat);
            }
            self.stats.timer_lag.fired(fired, now, due);
            fired += 1;
            self.fire(id);
        }
    }

    /// Milliseconds until the earliest timer: -1 with none, clamped to i32.
    pub(crate) fn next_timer_timeout(&self) -> i32 {
        match self.timers.borrow().peek() {
            None => -1,
            Some((due, _)) => due.saturating_sub(self.now()).min(i32::MAX as u64) as i32,
        }
    }

    /// Number of pending timers.
    pub fn timer_count(&self) -> usize {
        self.timers.borrow().len()
    }
}
