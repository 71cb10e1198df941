//! Poll handles: readiness of a descriptor the caller owns, reported as
//! libuv's UV_READABLE / UV_WRITABLE / UV_DISCONNECT / UV_PRIORITIZED bits.

use super::handle::{Event, HandleId};
use super::watcher::IoState;
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::{ready, Descriptor};

/// libuv's `uv_poll_event` bits.
pub mod poll_events {
    pub const READABLE: u32 = 1;
    pub const WRITABLE: u32 = 2;
    pub const DISCONNECT: u32 = 4;
    pub const PRIORITIZED: u32 = 8;
    pub const ALL: u32 = READABLE | WRITABLE | DISCONNECT | PRIORITIZED;
}
use poll_events as pe;

#[derive(Default)]
pub(crate) struct PollState {
    /// What the caller asked for, in `poll_events` bits.
    wanted: u32,
}

fn to_epoll(wanted: u32) -> u32 {
    let mut bits = 0;
    if wanted & pe::READABLE != 0 {
        bits |= ready::READABLE;
    }
    if wanted & pe::WRITABLE != 0 {
        bits |= ready::WRITABLE;
    }
    if wanted & pe::DISCONNECT != 0 {
        bits |= ready::READ_HANGUP;
    }
    if wanted & pe::PRIORITIZED != 0 {
        bits |= ready::PRIORITY;
    }
    bits
}

impl Loop {
    /// Attaches the caller's descriptor to a new poll handle. A descriptor
    /// another handle of this loop already watches is refused with
    /// `UV_EEXIST`, one epoll cannot watch (a regular file) with its error.
    /// The descriptor is made non-blocking, as libuv does.
    pub fn poll_attach(&self, id: HandleId, fd: Descriptor) -> Result<()> {
        let raw = fd.raw();
        if self.fd_in_use(raw) {
            return Err(Error::from_code(code::EEXIST));
        }
        let io = |e: std::io::Error| Error::from_io(&e);
        match self.poller.add(raw, 0, ready::READABLE) {
            Ok(()) => self.poller.delete(raw).map_err(io)?,
            Err(e) if e.raw_os_error() == Some(libc::EEXIST) => {}
            Err(e) => return Err(io(e)),
        }
        crate::sys::net::set_nonblocking(std::os::fd::AsFd::as_fd(&fd), true).map_err(io)?;
        self.watch(id, IoState::Poll(PollState::default()));
        self.attach_fd(id, fd)
    }

    /// Whether a handle of this loop already works on descriptor `fd`.
    pub fn fd_in_use(&self, fd: std::os::fd::RawFd) -> bool {
        self.watchers.borrow().any_with_fd(fd)
    }

    /// Starts (or changes) what a poll handle waits for; 0 stops it.
    pub fn poll_start(&self, id: HandleId, wanted: u32) -> Result<()> {
        if wanted & !pe::ALL != 0 || self.is_closing(id) {
            return Err(Error::from_code(code::EINVAL));
        }
        self.poll_stop(id)?;
        if wanted == 0 {
            return Ok(());
        }
        {
            let mut watchers = self.watchers.borrow_mut();
            let (watcher, state) = watchers
                .both_mut(id)
                .ok_or(Error::from_code(code::EINVAL))?;
            if let IoState::Poll(state) = state {
                state.wanted = wanted;
            }
            self.set_interest(watcher, to_epoll(wanted))?;
        }
        self.handle_start(id);
        Ok(())
    }

    /// Stops a poll handle; stopping a stopped one does nothing.
    pub fn poll_stop(&self, id: HandleId) -> Result<()> {
        {
            let mut watchers = self.watchers.borrow_mut();
            let (watcher, state) = watchers
                .both_mut(id)
                .ok_or(Error::from_code(code::EINVAL))?;
            if let IoState::Poll(state) = state {
                state.wanted = 0;
            }
            self.interest_remove(watcher, u32::MAX);
        }
        self.handle_stop(id);
        Ok(())
    }

    /// Closing: stop, and forget the descriptor (the caller still owns it).
    pub(crate) fn poll_close(&self, id: HandleId) {
        let _ = self.poll_stop(id);
        if let Some((mut watcher, _)) = self.watchers.borrow_mut().remove(id) {
            let _lent = self.detach_fd(&mut watcher);
        }
    }

    pub(crate) fn poll_ready(&self, id: HandleId, mut got: u32) {
        let wanted = {
            let watchers = self.watchers.borrow();
            match watchers.state(id) {
                Some(IoState::Poll(state)) => state.wanted,
                _ => return,
            }
        };
        let interest = to_epoll(wanted);
        // A lone error or hang-up is reported as everything asked for, so
        // the callback's read or write finds out what happened.
        if got == ready::ERROR || got == ready::HANGUP {
            got |= interest;
        }
        if got & ready::ERROR != 0 && got & ready::PRIORITY == 0 {
            let _ = self.poll_stop(id);
            self.fire_event(
                id,
                &Event::Poll {
                    status: code::EBADF,
                    events: 0,
                },
            );
            return;
        }
        got &= interest | ready::ERROR | ready::HANGUP;
        let mut events = 0;
        if got & ready::READABLE != 0 {
            events |= pe::READABLE;
        }
        if got & ready::PRIORITY != 0 {
            events |= pe::PRIORITIZED;
        }
        if got & ready::WRITABLE != 0 {
            events |= pe::WRITABLE;
        }
        if got & ready::READ_HANGUP != 0 {
            events |= pe::DISCONNECT;
        }
        self.fire_event(id, &Event::Poll { status: 0, events });
    }
}
