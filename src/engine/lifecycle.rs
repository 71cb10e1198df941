//! A handle's life: init, start/stop bookkeeping, ref/unref, close.
//!
//! The loop's `active_handles` counts handles that are both active and
//! referenced; these functions are the only ones that move it.

use super::handle::{flags, BoxedCallback, Callback, CloseCallback, HandleId, HandleState, Kind};
use super::handles::{ClosingLink, NIL};
use super::Loop;
use crate::error::{code, Error, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};

impl Loop {
    /// Registers a handle. With no closure, its events go to the host with `token`.
    pub fn init_handle(
        &self,
        kind: Kind,
        token: usize,
        callback: Option<BoxedCallback>,
    ) -> HandleId {
        let host = &*self.host;
        let mut handles = self.handles.borrow_mut();
        // A C timer keeps its state in its own struct if the host lends it.
        let lent = match (kind, &callback) {
            (Kind::Timer, None) => handles.insert_lent_timer(host, token),
            _ => None,
        };
        let id = lent.unwrap_or_else(|| {
            let callback = match callback {
                Some(f) => Callback::Boxed(f),
                None => Callback::Host,
            };
            handles.insert(host, kind, token, callback)
        });
        drop(handles);
        self.mirror(id);
        id
    }

    /// Replaces a handle's Rust callback.
    pub fn set_callback(&self, id: HandleId, callback: BoxedCallback) -> Result<()> {
        let mut handles = self.handles.borrow_mut();
        // A lent handle has no slot: its events always go to the host.
        let slot = handles.slot_mut(id).ok_or(Error::from_code(code::EINVAL))?;
        let old = std::mem::replace(&mut slot.callback, Callback::Boxed(callback));
        // Dropped after the borrow: the old closure may own other handles.
        drop(handles);
        drop(old);
        Ok(())
    }

    /// For a live handle, its token if its events go to the host (a C
    /// handle, which lends the buffers it reads into), or None for a Rust
    /// closure.
    pub(crate) fn host_token(&self, id: HandleId) -> Option<Option<usize>> {
        let mut handles = self.handles.borrow_mut();
        let (_, token, callback) = handles.entry_mut(&*self.host, id)?;
        let to_host = callback.is_none_or(|callback| matches!(callback, Callback::Host));
        Some(to_host.then_some(token))
    }

    /// The handle's token, if the id names a live handle.
    pub fn token(&self, id: HandleId) -> Option<usize> {
        self.handles
            .borrow()
            .entry(&*self.host, id)
            .map(|(_, token)| token)
    }

    /// The handle's token and kind in one look-up, if the id names a live
    /// handle.
    #[inline]
    pub fn token_and_kind(&self, id: HandleId) -> Option<(usize, Kind)> {
        let handles = self.handles.borrow();
        let (state, token) = handles.entry(&*self.host, id)?;
        Some((token, state.kind()?))
    }

    pub fn kind(&self, id: HandleId) -> Option<Kind> {
        self.handles
            .borrow()
            .state(&*self.host, id)
            .and_then(|state| state.kind())
    }

    /// The handle's [`flags`] bits; a closed handle has none left here (its
    /// id no longer names it) and reports 0.
    pub fn flags(&self, id: HandleId) -> u32 {
        self.handles
            .borrow()
            .state(&*self.host, id)
            .map_or(0, |state| state.visible_flags())
    }

    pub fn is_active(&self, id: HandleId) -> bool {
        self.flags(id) & flags::ACTIVE != 0
    }

    pub fn is_closing(&self, id: HandleId) -> bool {
        self.flags(id) & flags::CLOSING != 0
    }

    pub fn has_ref(&self, id: HandleId) -> bool {
        self.flags(id) & flags::REF != 0
    }

    /// Makes the handle keep the loop alive while it is active.
    pub fn ref_handle(&self, id: HandleId) {
        self.update_flags(id, |f| f | flags::REF);
    }

    /// Stops the handle from keeping the loop alive.
    pub fn unref_handle(&self, id: HandleId) {
        self.update_flags(id, |f| f & !flags::REF);
    }

    pub(crate) fn handle_start(&self, id: HandleId) {
        self.update_flags(id, |f| f | flags::ACTIVE);
    }

    pub(crate) fn handle_stop(&self, id: HandleId) {
        self.update_flags(id, |f| f & !flags::ACTIVE);
    }

    /// Applies a change of flags, moving `active_handles` when the handle
    /// starts or stops counting (active and referenced).
    fn update_flags(&self, id: HandleId, change: impl FnOnce(u32) -> u32) {
        let handles = self.handles.borrow();
        if let Some((state, token)) = handles.entry(&*self.host, id) {
            self.apply_flags(state, token, change);
        }
    }

    /// [`update_flags`](Self::update_flags) for a handle already looked up.
    pub(crate) fn apply_flags(
        &self,
        state: &HandleState,
        token: usize,
        change: impl FnOnce(u32) -> u32,
    ) {
        let counts = |f: u32| f & (flags::ACTIVE | flags::REF) == flags::ACTIVE | flags::REF;
        let internal = u32::from(flags::STARTED);
        let before = u32::from(state.raw_flags());
        let after = (change(before & flags::MASK) & flags::MASK) | (before & internal);
        if before == after {
            return;
        }
        state.set_raw_flags(after as u8);
        let active = self.host.active_handles();
        match (counts(before), counts(after)) {
            (false, true) => active.set(active.get().wrapping_add(1)),
            (true, false) => active.set(active.get().wrapping_sub(1)),
            _ => {}
        }
        self.host.handle_flags(token, after & flags::MASK);
    }

    fn mirror(&self, id: HandleId) {
        if let Some((state, token)) = self.handles.borrow().entry(&*self.host, id) {
            self.host.handle_flags(token, state.visible_flags());
        }
    }

    /// Starts closing a handle: it stops at once, and its close callback
    /// runs in the closing phase of this or the next iteration. A handle
    /// already closing is refused with `UV_EINVAL`.
    pub fn close(&self, id: HandleId, on_close: Option<CloseCallback>) -> Result<()> {
        let (kind, active) = {
            let handles = self.handles.borrow();
            let (state, token, link) = handles
                .closing_entry(&*self.host, id)
                .ok_or(Error::from_code(code::EINVAL))?;
            let visible = state.visible_flags();
            if visible & flags::CLOSING != 0 {
                return Err(Error::from_code(code::EINVAL));
            }
            let active = visible & flags::ACTIVE != 0;
            if id.lent_token().is_some() {
                // A lent handle has no slot to keep a Rust close callback in.
                if on_close.is_some() {
                    return Err(Error::from_code(code::EINVAL));
                }
                // A lent handle is a timer: one that is not pending has
                // nothing to stop and no callback of its own to swap, so it
                // is marked closing in this same look-up.
                if !active {
                    self.mark_closing(id, state, token, link);
                    return Ok(());
                }
            }
            (state.kind().expect("live handle"), active)
        };
        // Every kind stops on close; a timer's stop is folded into the
        // change to closing below, which clears ACTIVE.
        match kind {
            Kind::Timer => {
                if active {
                    self.timer_unqueue(id);
                }
            }
            Kind::Idle | Kind::Prepare | Kind::Check => self.phase_stop(id)?,
            Kind::Async => self.async_close(id),
            Kind::FsEvent => self.fs_event_stop(id)?,
            Kind::FsPoll => self.fs_poll_stop(id)?,
            Kind::Tcp | Kind::Pipe => self.stream_close(id),
            Kind::Poll => self.poll_close(id),
            Kind::Udp => self.udp_close(id),
            Kind::Process => self.process_close(id),
            Kind::Signal => self.signal_stop(id),
            Kind::Tty => self.tty_close(id),
        }
        // The handle's own callback is dropped here, or, if it is running,
        // as soon as it returns.
        // A host handle closed without a Rust callback keeps going through
        // the host, which runs the C close callback.
        // The old callback is dropped only once the borrow is over: it may
        // own the last reference to another handle, whose drop closes it.
        let old = match self.handles.borrow_mut().slot_mut(id) {
            Some(slot) if on_close.is_some() || !matches!(slot.callback, Callback::Host) => Some(
                std::mem::replace(&mut slot.callback, Callback::Closing(on_close)),
            ),
            _ => None,
        };
        // A Rust stream's closure still hears about its pending writes.
        let _old = match old {
            Some(Callback::Boxed(f)) if kind.is_stream() => {
                self.stream_keep_callback(id, f).map(Callback::Boxed)
            }
            other => other,
        };
        let handles = self.handles.borrow();
        if let Some((state, token, link)) = handles.closing_entry(&*self.host, id) {
            self.mark_closing(id, state, token, link);
        }
        Ok(())
    }

    /// Flags a stopped handle closing and pushes it on the closing stack.
    fn mark_closing(&self, id: HandleId, state: &HandleState, token: usize, link: ClosingLink<'_>) {
        self.apply_flags(state, token, |f| (f & !flags::ACTIVE) | flags::CLOSING);
        link.set(self.closing.replace(id.to_bits()));
    }

    /// Forgets a handle whose initialisation failed half-way: no close
    /// callback, no trace (libuv unlinks such a handle at once).
    pub fn discard(&self, id: HandleId) {
        // Dropped once the borrow is over: a Rust stream's sink owns the
        // user's callbacks, which may own handles.
        let _gone = self.watchers.borrow_mut().remove(id);
        self.update_flags(id, |_| 0);
        let _old = self.handles.borrow_mut().remove(&*self.host, id);
    }

    /// Ends a close: frees the handle and runs its close callback. Returns
    /// the handle closed before it (see `handles::ClosingLink`), read in
    /// the same look-up.
    pub(crate) fn finish_close(&self, id: HandleId) -> u64 {
        // Requests a closed stream or UDP handle still held are cancelled
        // (or reported) first. (Lent handles are timers: no requests.)
        if id.lent_token().is_none() {
            match self.kind(id) {
                Some(kind) if kind.is_stream() => self.stream_finish_close(id),
                Some(Kind::Udp) => self.udp_finish_close(id),
                _ => {}
            }
        }
        // A handle on the closing stack is live until this removal.
        let Some(gone) = self.handles.borrow_mut().remove(&*self.host, id) else {
            debug_assert!(false, "a closing handle went missing");
            return NIL;
        };
        // As in libuv, a closed handle no longer counts as referenced.
        let closed = (gone.flags & !(flags::ACTIVE | flags::REF)) | flags::CLOSED;
        self.host.handle_flags(gone.token, closed);
        match gone.callback {
            Callback::Closing(Some(f)) => {
                if let Err(payload) = catch_unwind(AssertUnwindSafe(|| f(self, id))) {
                    self.keep_panic(payload);
                }
            }
            Callback::Closing(None) => {}
            // Registered with the host: the host runs the C close callback.
            _ => self.host.closed(self, gone.token, gone.kind),
        }
        gone.closing_next
    }
}
