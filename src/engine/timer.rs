//! Timers: one-shot or repeating, in loop milliseconds, with libuv 1.44's
//! rules for ordering and re-arming.

use super::handle::{flags, HandleId, Kind};
use super::Loop;
use crate::error::{code, Error, Result};

/// Where a pending timer waits.
#[derive(Clone, Copy)]
enum Pending {
    /// In the heap of timers kept in slots, by slot index.
    Slot(u32),
    /// In the heap of lent timers, by token.
    Lent(usize),
}

impl Loop {
    /// Starts (or restarts) a timer: due `timeout` ms after the loop's
    /// current time, then every `repeat` ms if `repeat` is nonzero.
    pub fn timer_start(&self, id: HandleId, timeout: u64, repeat: u64) -> Result<()> {
        let due = self.now().saturating_add(timeout);
        // Held throughout: the heaps and the host never need the handles
        // mutably.
        let handles = self.handles.borrow();
        let (state, token) = handles
            .entry(&*self.host, id)
            .ok_or(Error::from_code(code::EINVAL))?;
        let visible = state.visible_flags();
        if state.kind() != Some(Kind::Timer) || visible & flags::CLOSING != 0 {
            return Err(Error::from_code(code::EINVAL));
        }
        state.set_due_or_epoch(due);
        state.set_repeat(repeat);
        state.set_raw_flags(state.raw_flags() | flags::STARTED);
        let was_active = visible & flags::ACTIVE != 0;
        // A restart moves the timer: out of its old place in the heap,
        // into the one its new deadline gives.
        if was_active {
            self.timer_unqueue(id);
        }
        self.timer_queue(id, due);
        self.host.timer_due(token, due);
        if !was_active {
            self.apply_flags(state, token, |f| f | flags::ACTIVE);
        }
        Ok(())
    }

    /// Puts a timer whose due time is set into its heap, after every timer
    /// started before it with the same due time.
    fn timer_queue(&self, id: HandleId, due: u64) {
        let seq = self.timer_seq.get();
        self.timer_seq.set(seq + 1);
        match id.lent_token() {
            Some(token) => {
                if let Some(storage) = self.host.lent_timer(token) {
                    storage.timer.seq.set(seq);
                    self.lent_timers.borrow_mut().insert(&*self.host, token);
                }
            }
            None => self.timers.borrow_mut().insert(id.index() as u32, due, seq),
        }
    }

    /// Takes a timer out of its heap, if it is there.
    pub(crate) fn timer_unqueue(&self, id: HandleId) {
        match id.lent_token() {
            Some(token) => self.lent_timers.borrow_mut().remove(&*self.host, token),
            None => self.timers.borrow_mut().remove(id.index() as u32),
        }
    }

    /// Stops a timer; stopping a stopped one does nothing.
    pub fn timer_stop(&self, id: HandleId) -> Result<()> {
        let active = {
            let handles = self.handles.borrow();
            let state = handles
                .state(&*self.host, id)
                .ok_or(Error::from_code(code::EINVAL))?;
            state.visible_flags() & flags::ACTIVE != 0
        };
        if active {
            self.timer_unqueue(id);
            self.handle_stop(id);
        }
        Ok(())
    }

    /// Restarts a repeating timer with its repeat as the timeout; does
    /// nothing for a one-shot timer. A timer never started is refused.
    pub fn timer_again(&self, id: HandleId) -> Result<()> {
        let (started, repeat) = {
            let handles = self.handles.borrow();
            let state = handles
                .state(&*self.host, id)
                .ok_or(Error::from_code(code::EINVAL))?;
            (state.raw_flags() & flags::STARTED != 0, state.repeat())
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
        if let Some(state) = self.handles.borrow().state(&*self.host, id) {
            state.set_repeat(repeat);
        }
    }

    pub fn timer_repeat(&self, id: HandleId) -> u64 {
        self.handles
            .borrow()
            .state(&*self.host, id)
            .map_or(0, |state| state.repeat())
    }

    /// The timer's absolute due time in loop milliseconds (0 if never started).
    pub fn timer_due(&self, id: HandleId) -> u64 {
        self.handles
            .borrow()
            .state(&*self.host, id)
            .map_or(0, |state| state.due_or_epoch())
    }

    /// Milliseconds until the timer is due; 0 once due (or never started).
    pub fn timer_due_in(&self, id: HandleId) -> u64 {
        self.timer_due(id).saturating_sub(self.now())
    }

    /// Puts an active timer back in its heap, due `after` ms from now.
    fn timer_rearm(&self, id: HandleId, after: u64) {
        let due = self.now().saturating_add(after);
        let token = {
            let handles = self.handles.borrow();
            let Some((state, token)) = handles.entry(&*self.host, id) else {
                return;
            };
            state.set_due_or_epoch(due);
            token
        };
        self.timer_queue(id, due);
        self.host.timer_due(token, due);
    }

    /// The earliest pending timer of both heaps: its due time and where it waits.
    #[inline]
    fn earliest_timer(&self) -> Option<(u64, Pending)> {
        let in_slots = self.timers.borrow().peek();
        let lent = self.lent_timers.borrow().peek(&*self.host);
        match (in_slots, lent) {
            (None, None) => None,
            (Some((due, _, slot)), None) => Some((due, Pending::Slot(slot))),
            (None, Some((due, _, token))) => Some((due, Pending::Lent(token))),
            (Some((due, seq, slot)), Some((lent_due, lent_seq, token))) => {
                if (due, seq) < (lent_due, lent_seq) {
                    Some((due, Pending::Slot(slot)))
                } else {
                    Some((lent_due, Pending::Lent(token)))
                }
            }
        }
    }

    /// Fires every timer due at the current loop time. As in libuv 1.44, a
    /// timer is re-armed (if repeating) before its callback runs, and a timer
    /// (re)started by a callback with a deadline already reached runs in
    /// this same pass.
    #[inline]
    pub(crate) fn run_timers(&self) {
        // Every iteration asks; most have nothing due.
        let next = self.earliest_timer();
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
            let Some((due, pending)) = self.earliest_timer() else {
                return;
            };
            let now = self.now();
            if due > now {
                return;
            }
            let id = match pending {
                Pending::Slot(slot) => self.handles.borrow().id_at(slot),
                Pending::Lent(token) => Some(HandleId::lent(token)),
            };
            let entry = id.and_then(|id| {
                let handles = self.handles.borrow();
                let state = handles.state(&*self.host, id)?;
                Some((id, state.kind()?, state.repeat()))
            });
            let Some((id, kind, repeat)) = entry else {
                // Cannot happen: closing a timer takes it off its heap.
                match pending {
                    Pending::Slot(slot) => self.timers.borrow_mut().remove(slot),
                    Pending::Lent(token) => {
                        self.lent_timers.borrow_mut().remove(&*self.host, token)
                    }
                }
                continue;
            };
            self.timer_unqueue(id);
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
                self.timer_rearm(id, repeat);
            }
            self.stats.timer_lag.fired(fired, now, due);
            fired += 1;
            self.fire(id);
        }
    }

    /// Milliseconds until the earliest timer: -1 with none, clamped to i32.
    pub(crate) fn next_timer_timeout(&self) -> i32 {
        match self.earliest_timer() {
            None => -1,
            Some((due, _)) => due.saturating_sub(self.now()).min(i32::MAX as u64) as i32,
        }
    }

    /// Number of pending timers.
    pub fn timer_count(&self) -> usize {
        self.timers.borrow().len() + self.lent_timers.borrow().len()
    }
}
