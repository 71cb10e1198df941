//! Descriptors the loop polls for handles: which descriptor, what epoll
//! currently watches it for, and the handle's I/O state (stream, UDP or
//! poll). One table per loop, indexed like the handle slab.
//!
//! epoll is told about a change at once (ADD, MOD or DEL as the interest
//! moves), and only when the interest really changes, so a stream that
//! keeps reading and writes without blocking makes no epoll_ctl calls.
//!
//! Handles can also be *fed*: queued for the pending phase of the next
//! iteration, where they run as if their descriptor became writable. That
//! is how results found while starting an operation (a write that finished
//! at once, a refused connect) reach their callbacks later, as in libuv.

use super::handle::HandleId;
use super::poll_watch::PollState;
use super::process::ProcessState;
use super::stream::{PendingTurn, ReadyTurn, Stream};
use super::udp::Udp;
use super::Loop;
use crate::error::{Error, Result};
use crate::sys::Descriptor;
use std::os::fd::RawFd;

/// What kind of I/O a watched handle does.
pub(crate) enum IoState {
    Stream(Box<Stream>),
    Udp(Box<Udp>),
    Poll(PollState),
    /// A process handle's child, watched through its pidfd.
    Process(ProcessState),
}

/// A handle's descriptor and what epoll knows of it. The handle's
/// [`IoState`] sits beside it in the table, not inside, so an operation can
/// borrow both at once without moving the state out and back.
pub(crate) struct Watcher {
    pub id: HandleId,
    pub fd: Option<Descriptor>,
    /// The epoll bits currently registered (0: not in epoll).
    pub registered: u32,
    /// Queued for the pending phase.
    pub fed: bool,
}

/// One table entry: the watcher and the handle's I/O state.
struct Entry {
    watcher: Watcher,
    state: IoState,
}

#[derive(Default)]
pub(crate) struct Watchers {
    slots: Vec<Option<Entry>>,
}

impl Watchers {
    pub fn insert(&mut self, id: HandleId, state: IoState) {
        let index = id.index();
        if self.slots.len() <= index {
            self.slots.resize_with(index + 1, || None);
        }
        self.slots[index] = Some(Entry {
            watcher: Watcher {
                id,
                fd: None,
                registered: 0,
                fed: false,
            },
            state,
        });
    }

    /// Takes the handle's watcher and I/O state out of the table.
    pub fn remove(&mut self, id: HandleId) -> Option<(Watcher, IoState)> {
        let slot = self.slots.get_mut(id.index())?;
        if slot.as_ref().is_some_and(|e| e.watcher.id == id) {
            slot.take().map(|e| (e.watcher, e.state))
        } else {
            None
        }
    }

    #[inline]
    fn entry(&self, id: HandleId) -> Option<&Entry> {
        self.slots
            .get(id.index())?
            .as_ref()
            .filter(|e| e.watcher.id == id)
    }

    #[inline]
    fn entry_mut(&mut self, id: HandleId) -> Option<&mut Entry> {
        self.slots
            .get_mut(id.index())?
            .as_mut()
            .filter(|e| e.watcher.id == id)
    }

    #[inline]
    pub fn get(&self, id: HandleId) -> Option<&Watcher> {
        self.entry(id).map(|e| &e.watcher)
    }

    #[inline]
    pub fn get_mut(&mut self, id: HandleId) -> Option<&mut Watcher> {
        self.entry_mut(id).map(|e| &mut e.watcher)
    }

    /// The handle's I/O state.
    #[inline]
    pub fn state(&self, id: HandleId) -> Option<&IoState> {
        self.entry(id).map(|e| &e.state)
    }

    /// The handle's watcher and I/O state, borrowed together.
    #[inline]
    pub fn both_mut(&mut self, id: HandleId) -> Option<(&mut Watcher, &mut IoState)> {
        self.entry_mut(id).map(|e| (&mut e.watcher, &mut e.state))
    }
}

impl Watcher {
    pub fn raw_fd(&self) -> Option<RawFd> {
        self.fd.as_ref().map(Descriptor::raw)
    }
}

impl Loop {
    /// Registers a handle's I/O state; its descriptor comes later.
    pub(crate) fn watch(&self, id: HandleId, state: IoState) {
        self.watchers.borrow_mut().insert(id, state);
    }

    /// The descriptor a handle works on, if it has one.
    pub fn handle_fd(&self, id: HandleId) -> Option<RawFd> {
        self.watchers.borrow().get(id).and_then(Watcher::raw_fd)
    }

    /// SO_SNDBUF / SO_RCVBUF of a handle's socket: `value` 0 reads, anything
    /// else sets; the size after the call comes back.
    pub fn socket_buffer_size(&self, id: HandleId, send: bool, value: i32) -> Result<i32> {
        let watchers = self.watchers.borrow();
        let fd = watchers
            .get(id)
            .and_then(|w| w.fd.as_ref())
            .ok_or(Error::from_code(crate::error::code::EBADF))?;
        crate::sys::net::buffer_size(std::os::fd::AsFd::as_fd(fd), send, value)
            .map_err(|e| Error::from_io(&e))
    }

    /// Runs `f` on a handle's watcher and its I/O state of one kind (`pick`
    /// finds it), with the borrow released before anything else can run:
    /// `f` must not call back into the loop's watchers or run callbacks. A
    /// handle whose state is of another kind gets None.
    #[inline]
    pub(crate) fn with_io_state<S, T>(
        &self,
        id: HandleId,
        pick: impl FnOnce(&mut IoState) -> Option<&mut S>,
        f: impl FnOnce(&Loop, &mut Watcher, &mut S) -> T,
    ) -> Option<T> {
        let mut watchers = self.watchers.borrow_mut();
        let (watcher, state) = watchers.both_mut(id)?;
        let state = pick(state)?;
        Some(f(self, watcher, state))
    }

    /// Gives a watched handle its descriptor.
    pub(crate) fn attach_fd(&self, id: HandleId, fd: Descriptor) -> Result<()> {
        let mut watchers = self.watchers.borrow_mut();
        let watcher = watchers
            .get_mut(id)
            .ok_or(Error::from_code(crate::error::code::EINVAL))?;
        watcher.fd = Some(fd);
        watcher.registered = 0;
        Ok(())
    }

    /// Makes epoll watch the handle's descriptor for exactly `interest`
    /// (0: not at all). Does nothing when that is already the case.
    pub(crate) fn set_interest(&self, watcher: &mut Watcher, interest: u32) -> Result<()> {
        if watcher.registered == interest {
            return Ok(());
        }
        let Some(fd) = watcher.raw_fd() else {
            return Ok(());
        };
        let token = watcher.id.to_bits();
        let outcome = match (watcher.registered, interest) {
            (0, _) => self.poller.add(fd, token, interest),
            (_, 0) => self.poller.delete(fd),
            _ => self.poller.modify(fd, token, interest),
        };
        outcome.map_err(|e| Error::from_io(&e))?;
        watcher.registered = interest;
        Ok(())
    }

    /// Adds `bits` to what the handle's descriptor is watched for.
    #[inline]
    pub(crate) fn interest_add(&self, watcher: &mut Watcher, bits: u32) -> Result<()> {
        if watcher.registered & bits == bits {
            return Ok(());
        }
        self.set_interest(watcher, watcher.registered | bits)
    }

    /// Removes `bits` from what the handle's descriptor is watched for.
    #[inline]
    pub(crate) fn interest_remove(&self, watcher: &mut Watcher, bits: u32) {
        if watcher.registered & bits == 0 {
            return;
        }
        // Removing interest can only fail if the descriptor was closed
        // behind our back; the watcher forgets it either way.
        let wanted = watcher.registered & !bits;
        if self.set_interest(watcher, wanted).is_err() {
            watcher.registered = wanted;
        }
    }

    /// Stops polling the handle's descriptor and takes it out of the
    /// watcher, for the caller to close (or leave open, if lent).
    pub(crate) fn detach_fd(&self, watcher: &mut Watcher) -> Option<Descriptor> {
        self.interest_remove(watcher, u32::MAX);
        watcher.fed = false;
        watcher.fd.take()
    }

    /// Queues the handle for the next pending phase (once, however often fed).
    pub(crate) fn feed(&self, watcher: &mut Watcher) {
        if !watcher.fed {
            watcher.fed = true;
            self.pending.borrow_mut().push(watcher.id);
        }
    }

    /// Dispatches readiness reported by epoll for a handle's descriptor.
    pub(crate) fn io_ready(&self, id: HandleId, ready: u32) {
        /// Whose readiness it is, found under one borrow.
        enum Ready {
            Stream(ReadyTurn),
            Udp,
            Poll,
            Process,
        }
        let state = {
            let watchers = self.watchers.borrow();
            match watchers.entry(id) {
                // A handle closed earlier in this batch has no descriptor.
                Some(e) if e.watcher.fd.is_some() => match &e.state {
                    IoState::Stream(stream) => Ready::Stream(stream.ready_turn()),
                    IoState::Udp(_) => Ready::Udp,
                    IoState::Poll(_) => Ready::Poll,
                    IoState::Process(_) => Ready::Process,
                },
                _ => return,
            }
        };
        match state {
            Ready::Stream(turn) => self.stream_ready(id, ready, turn),
            Ready::Udp => self.udp_ready(id, ready),
            Ready::Poll => self.poll_ready(id, ready),
            Ready::Process => self.process_ready(id),
        }
    }

    /// The pending phase: handles fed since the last one run their
    /// deferred work. Returns whether there were any.
    #[inline]
    pub(crate) fn run_pending(&self) -> bool {
        // Checked inline: the loop asks after every poll, usually for nothing.
        if self.pending.borrow().is_empty() {
            return false;
        }
        self.run_pending_batch();
        true
    }

    #[inline(never)]
    fn run_pending_batch(&self) {
        // The batch is swapped out so handles fed while it runs wait for
        // the next pending phase; both vectors keep their capacity. A
        // handle stays marked fed until its turn, so feeding one still
        // waiting in this batch does not queue it again (libuv's pending
        // queue works the same way).
        let mut batch = std::mem::take(&mut *self.pending_batch.borrow_mut());
        std::mem::swap(&mut batch, &mut *self.pending.borrow_mut());
        for (n, &id) in batch.iter().enumerate() {
            if self.halted() {
                // A callback panicked: the rest wait for the next run.
                let mut watchers = self.watchers.borrow_mut();
                for &rest in &batch[n..] {
                    if let Some(w) = watchers.get_mut(rest) {
                        w.fed = false;
                        self.feed(w);
                    }
                }
                break;
            }
            /// What the handle's turn comes to, found under one borrow.
            enum Turn {
                Stream(PendingTurn),
                Udp,
            }
            let turn = {
                let mut watchers = self.watchers.borrow_mut();
                match watchers.both_mut(id) {
                    Some((w, state)) => {
                        w.fed = false;
                        match state {
                            IoState::Stream(stream) => {
                                self.stream_pending_turn(w, stream).map(Turn::Stream)
                            }
                            IoState::Udp(_) => Some(Turn::Udp),
                            _ => None,
                        }
                    }
                    None => None,
                }
            };
            match turn {
                Some(Turn::Stream(turn)) => self.stream_pending(id, turn),
                Some(Turn::Udp) => self.udp_pending(id),
                None => {}
            }
        }
        batch.clear();
        *self.pending_batch.borrow_mut() = batch;
    }
}

impl Watchers {
    /// Every watcher, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &Watcher> {
        self.slots.iter().flatten().map(|e| &e.watcher)
    }

    /// Whether a handle is polling descriptor `fd` (has it in epoll), which
    /// is what makes libuv call a descriptor in use.
    pub fn any_with_fd(&self, fd: RawFd) -> bool {
        self.iter()
            .any(|w| w.registered != 0 && w.raw_fd() == Some(fd))
    }
}
