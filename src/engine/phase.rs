//! Idle, prepare and check handles: each kind has a list the loop runs once
//! per iteration in its phase.
//!
//! As in libuv, starting a handle puts it at the front of its list, so the
//! most recently started handle runs first; a handle started during a pass
//! waits for the next one, and a handle stopped during a pass is skipped.

use super::handle::{flags, Event, HandleId, Kind};
use super::Loop;
use crate::error::{code, Error, Result};
use std::cell::RefCell;
use std::collections::VecDeque;

#[derive(Default)]
pub(crate) struct PhaseList {
    order: VecDeque<HandleId>,
}

impl PhaseList {
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

impl Loop {
    fn phase_list(&self, kind: Kind) -> &RefCell<PhaseList> {
        match kind {
            Kind::Idle => &self.idle,
            Kind::Prepare => &self.prepare,
            Kind::Check => &self.check,
            other => unreachable!("{other:?} has no phase list"),
        }
    }

    /// Starts an idle, prepare or check handle. Starting an active one does
    /// nothing; a closing one cannot be started.
    pub fn phase_start(&self, id: HandleId) -> Result<()> {
        let kind = {
            let handles = self.handles.borrow();
            let state = handles
                .state(&*self.host, id)
                .ok_or(Error::from_code(code::EINVAL))?;
            if state.visible_flags() & flags::ACTIVE != 0 {
                return Ok(());
            }
            if state.visible_flags() & flags::CLOSING != 0 {
                return Err(Error::from_code(code::EINVAL));
            }
            let epoch = self.phase_seq.get() + 1;
            self.phase_seq.set(epoch);
            state.set_due_or_epoch(epoch);
            state.kind().expect("live handle")
        };
        self.phase_list(kind).borrow_mut().order.push_front(id);
        self.handle_start(id);
        Ok(())
    }

    /// Stops an idle, prepare or check handle; stopping a stopped one does nothing.
    pub fn phase_stop(&self, id: HandleId) -> Result<()> {
        let kind = {
            let handles = self.handles.borrow();
            let state = handles
                .state(&*self.host, id)
                .ok_or(Error::from_code(code::EINVAL))?;
            if state.visible_flags() & flags::ACTIVE == 0 {
                return Ok(());
            }
            state.kind().expect("live handle")
        };
        let mut list = self.phase_list(kind).borrow_mut();
        if let Some(at) = list.order.iter().position(|&h| h == id) {
            list.order.remove(at);
        }
        drop(list);
        self.handle_stop(id);
        Ok(())
    }

    /// Runs one phase's handles; most loops have none, so that is checked
    /// inline.
    #[inline]
    pub(crate) fn run_phase(&self, list: &RefCell<PhaseList>) {
        if list.borrow().order.is_empty() {
            return;
        }
        self.run_phase_list(list);
    }

    #[inline(never)]
    fn run_phase_list(&self, list: &RefCell<PhaseList>) {
        let cutoff = self.phase_seq.get();
        // Most phases hold no handle or one: no snapshot needed then.
        let only = {
            let list = list.borrow();
            match list.order.len() {
                0 => return,
                1 => Some(list.order[0]),
                _ => None,
            }
        };
        if let Some(id) = only {
            self.run_phase_entry(id, cutoff);
            return;
        }
        let mut batch = std::mem::take(&mut *self.scratch_ids.borrow_mut());
        batch.extend(list.borrow().order.iter().copied());
        for &id in &batch {
            if !self.run_phase_entry(id, cutoff) {
                break;
            }
        }
        batch.clear();
        *self.scratch_ids.borrow_mut() = batch;
    }

    /// Fires one snapshotted handle if it is still active and was not
    /// restarted after the snapshot; false once the pass must end.
    fn run_phase_entry(&self, id: HandleId, cutoff: u64) -> bool {
        if self.halted() {
            return false;
        }
        self.fire_event_if(id, &Event::Fired, |state| {
            state.visible_flags() & flags::ACTIVE != 0 && state.due_or_epoch() <= cutoff
        });
        true
    }
}
