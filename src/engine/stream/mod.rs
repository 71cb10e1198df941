//! Streams: TCP sockets and Unix-domain pipes, read and written without
//! blocking, with libuv's semantics.
//!
//! - Reading: once started, each readable event asks for a buffer (the
//!   host's alloc callback, or the stream's own buffer for Rust handles),
//!   reads into it and reports `nread` (>0 data, 0 nothing, <0 an error or
//!   UV_EOF). Up to 32 reads per event, stopping early on a short read.
//! - Writing: requests queue in order. A write on an idle stream is tried
//!   at once; what the kernel does not take waits for writability, and
//!   then up to 64 requests go out in one `writev` (on TCP only while they
//!   are small: see `gather_limit`). A finished write's callback
//!   runs in the next pending phase (or right away when it finished on a
//!   writability event).
//! - Shutdown waits for the queue to drain; connect reports through the
//!   pending phase when it fails at once.
//! - Closing cancels connect, writes and shutdown with UV_ECANCELED, in
//!   that order, before the close callback.

mod accept;
mod connect;
mod read;
mod write;

pub(crate) use write::NewBufs;
use write::{Done, Round};
pub use write::{LentBufs, WriteBufs, WriteOwner};

use super::handle::{BoxedCallback, HandleId};
use super::watcher::{IoState, Watcher};
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::Descriptor;
use std::collections::VecDeque;
use std::os::fd::OwnedFd;
use std::rc::Rc;

/// A stream's state bits.
pub(crate) mod sflags {
    pub const READABLE: u32 = 0x1;
    pub const WRITABLE: u32 = 0x2;
    pub const READING: u32 = 0x4;
    pub const LISTENING: u32 = 0x8;
    pub const READ_EOF: u32 = 0x10;
    pub const READ_PARTIAL: u32 = 0x20;
    pub const SHUTTING: u32 = 0x40;
    pub const SHUT: u32 = 0x80;
    pub const BOUND: u32 = 0x100;
    pub const BLOCKING_WRITES: u32 = 0x200;
    pub const IPV6: u32 = 0x400;
    /// TCP options asked for before the socket existed, applied on open.
    pub const NODELAY: u32 = 0x800;
    pub const KEEPALIVE: u32 = 0x1000;
    /// The handle is closing: its requests wait for the closing phase.
    pub const CLOSING: u32 = 0x2000;
}

/// A Rust request callback, told the request's status.
pub type StatusCallback = Box<dyn FnOnce(&Loop, i32)>;

/// Who hears about a finished connect or shutdown.
pub enum Completion {
    /// The host, with the request's token (the C `uv_connect_t*` ...).
    Host(usize),
    /// A Rust closure, called with the status.
    Boxed(StatusCallback),
}

/// Where a Rust stream's reads and finished writes go: called from the
/// stream's own state, not through the handle's callback slot, which the
/// hottest events of the Rust API would otherwise pay a second look-up and
/// a take-and-put-back for. Set with [`Loop::stream_set_sink`]; a stream
/// without one reports through its handle's callback
/// ([`Event::Read`](super::Event::Read), [`Event::Written`](super::Event::Written)).
/// A panic in either call is kept and handed back by `run`.
pub trait StreamSink {
    /// A read: `nread` > 0 bytes in `data`, or an error (UV_EOF at the
    /// end). Never 0.
    fn read(&self, nread: isize, data: &[u8]);
    /// A write queued with [`WriteOwner::Handle`] finished with `status`;
    /// its buffer comes back.
    fn written(&self, status: i32, buf: Option<Vec<u8>>);
    /// The handle started closing: no more reads will come, and no more
    /// finished writes either unless `writes_due` (they come, cancelled or
    /// done, before the close callback). What the sink no longer needs can
    /// go now rather than when the closing phase drops it.
    fn closing(&self, writes_due: bool);
}

/// Which request finished, for [`Host::req_done`](super::Host::req_done).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ReqKind {
    Write,
    Connect,
    Shutdown,
    UdpSend,
}

/// A C stream as its host knows it: what reads and queue sizes are told
/// with, without looking the handle up.
#[derive(Clone, Copy)]
pub(crate) struct HostStream {
    /// The handle's token (the C `uv_stream_t*`).
    pub token: usize,
    pub kind: super::Kind,
}

pub(crate) struct Stream {
    pub flags: u32,
    /// A C handle's token and kind, to ask for the buffers it reads into
    /// and to report to; None for a Rust handle, which reads into the
    /// loop's buffer and reports to its sink.
    pub host: Option<HostStream>,
    /// Pipes opened for passing handles.
    pub ipc: bool,
    /// How the descriptor is read and written (TCP: as a socket).
    pub calls: crate::sys::net::Calls,
    pub writes: VecDeque<write::PendingWrite>,
    /// Finished writes whose callbacks are due.
    pub finished: VecDeque<Done>,
    /// Bytes queued and not yet written (libuv's `write_queue_size`).
    pub queued_bytes: usize,
    pub connect: Option<Completion>,
    pub shutdown: Option<Completion>,
    /// An error found early (a refused connect, a bind conflict) and
    /// reported by the next call that can report it.
    pub delayed_error: i32,
    /// A connection accepted and not yet taken by `accept`.
    pub accepted: Option<OwnedFd>,
    /// Descriptors that arrived over an ipc pipe, oldest first.
    pub received: VecDeque<OwnedFd>,
    /// The socket file a pipe was bound to; removed when it closes.
    pub bound_path: Option<Vec<u8>>,
    /// Where a Rust stream's reads and finished writes go; it lives as long
    /// as the stream's state, so writes cancelled by closing reach it too.
    pub sink: Option<Rc<dyn StreamSink>>,
    /// A closing Rust handle's closure, kept until the closing phase so
    /// its writes (cancelled, or done but not yet reported) still reach it
    /// with their buffers.
    pub kept_callback: Option<BoxedCallback>,
}

impl Stream {
    fn new(ipc: bool, host: Option<HostStream>, calls: crate::sys::net::Calls) -> Stream {
        Stream {
            flags: 0,
            host,
            calls,
            ipc,
            writes: VecDeque::new(),
            finished: VecDeque::new(),
            queued_bytes: 0,
            connect: None,
            shutdown: None,
            delayed_error: 0,
            accepted: None,
            received: VecDeque::new(),
            bound_path: None,
            sink: None,
            kept_callback: None,
        }
    }
}

fn einval() -> Error {
    Error::from_code(code::EINVAL)
}

impl Loop {
    /// Registers a new handle as a stream (TCP or pipe), not yet open.
    pub fn stream_init(&self, id: HandleId, ipc: bool) {
        let kind = self.kind(id);
        let host = self
            .host_token(id)
            .flatten()
            .zip(kind)
            .map(|(token, kind)| HostStream { token, kind });
        // A pipe handle may wrap a real pipe; a TCP handle's is a socket.
        let calls = match kind {
            Some(super::Kind::Tcp) => crate::sys::net::Calls::Socket,
            _ => crate::sys::net::Calls::File,
        };
        let stream = Stream::new(ipc, host, calls);
        self.watch(id, IoState::Stream(Box::new(stream)));
    }

    /// Sends the stream's reads and finished writes to `sink` (see
    /// [`StreamSink`]).
    pub fn stream_set_sink(&self, id: HandleId, sink: Rc<dyn StreamSink>) {
        let _ = self.with_stream(id, |_, _, s| s.sink = Some(sink));
    }

    /// The stream's sink, if it has one.
    pub(crate) fn stream_sink(&self, id: HandleId) -> Option<Rc<dyn StreamSink>> {
        self.with_stream(id, |_, _, s| s.sink.clone()).flatten()
    }

    /// Calls a stream's sink, keeping a panic for `run` to hand back.
    pub(crate) fn call_sink(&self, call: impl FnOnce()) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(call));
        if let Err(payload) = outcome {
            self.keep_panic(payload);
        }
    }

    /// Runs `f` on the stream's state and its watcher, with the borrow
    /// released before anything else can run.
    pub(crate) fn with_stream<T>(
        &self,
        id: HandleId,
        f: impl FnOnce(&Loop, &mut super::watcher::Watcher, &mut Stream) -> T,
    ) -> Option<T> {
        self.with_io_state(
            id,
            |state| match state {
                IoState::Stream(stream) => Some(&mut **stream),
                _ => None,
            },
            f,
        )
    }

    /// Gives an unopened stream its descriptor, with the given direction
    /// bits (`sflags::READABLE | sflags::WRITABLE` for a connected socket).
    /// On failure the descriptor comes back with the error.
    pub(crate) fn stream_open_fd(
        &self,
        id: HandleId,
        fd: Descriptor,
        bits: u32,
    ) -> std::result::Result<(), (Error, Descriptor)> {
        let mut fd = Some(fd);
        let opened = self.with_stream(id, |_, watcher, stream| {
            if watcher.fd.is_some() {
                return Err(Error::from_code(code::EBUSY));
            }
            watcher.fd = fd.take();
            watcher.registered = 0;
            stream.flags |= bits;
            Ok(())
        });
        // The descriptor was taken only on success.
        match (opened, fd) {
            (Some(Err(e)), Some(fd)) => Err((e, fd)),
            (None, Some(fd)) => Err((einval(), fd)),
            _ => Ok(()),
        }
    }

    /// The stream's descriptor, if open.
    pub fn stream_fd(&self, id: HandleId) -> Option<std::os::fd::RawFd> {
        self.watchers.borrow().get(id).and_then(|w| w.raw_fd())
    }

    pub(crate) fn stream_flags(&self, id: HandleId) -> u32 {
        self.with_stream(id, |_, _, s| s.flags).unwrap_or(0)
    }

    pub fn is_readable(&self, id: HandleId) -> bool {
        self.stream_flags(id) & sflags::READABLE != 0
    }

    pub fn is_writable(&self, id: HandleId) -> bool {
        self.stream_flags(id) & sflags::WRITABLE != 0
    }

    /// Bytes waiting in the write queue.
    pub fn write_queue_size(&self, id: HandleId) -> usize {
        self.with_stream(id, |_, _, s| s.queued_bytes).unwrap_or(0)
    }

    /// Whether the stream is a pipe opened for passing handles.
    pub fn stream_is_ipc(&self, id: HandleId) -> bool {
        self.with_stream(id, |_, _, s| s.ipc).unwrap_or(false)
    }

    /// Makes writes block until done (or not). libuv only allows this on
    /// pipes and ttys; the caller checks the kind.
    pub fn stream_set_blocking(&self, id: HandleId, blocking: bool) -> Result<()> {
        self.with_stream(id, |_, watcher, stream| {
            let fd = watcher.fd.as_ref().ok_or(Error::from_code(code::EBADF))?;
            crate::sys::net::set_nonblocking(std::os::fd::AsFd::as_fd(fd), !blocking)
                .map_err(|e| Error::from_io(&e))?;
            if blocking {
                stream.flags |= sflags::BLOCKING_WRITES;
            } else {
                stream.flags &= !sflags::BLOCKING_WRITES;
            }
            Ok(())
        })
        .unwrap_or(Err(einval()))
    }

    /// Closing, first half: stop all I/O and release the descriptor (stdio
    /// descriptors 0-2 are left open, as libuv leaves them). Requests wait
    /// for [`stream_finish_close`](Self::stream_finish_close).
    pub(crate) fn stream_close(&self, id: HandleId) {
        let closed = self.with_stream(id, |lp, watcher, stream| {
            // Unlinked before the descriptor closes, so a socket another
            // process binds to the same path meanwhile is not the one removed.
            if let Some(path) = stream.bound_path.take() {
                let _ = crate::sys::net::unlink_path(&path);
            }
            stream.flags &= !(sflags::READING | sflags::READABLE | sflags::WRITABLE);
            stream.flags |= sflags::CLOSING;
            stream.accepted = None;
            stream.received.clear();
            let writes_due = !stream.writes.is_empty() || !stream.finished.is_empty();
            let sink = stream.sink.clone().map(|sink| (sink, writes_due));
            (lp.detach_fd(watcher), sink)
        });
        self.handle_stop(id);
        let Some((fd, sink)) = closed else {
            return;
        };
        if let Some(fd) = fd.and_then(Descriptor::into_owned) {
            if std::os::fd::AsRawFd::as_raw_fd(&fd) <= 2 {
                crate::sys::net::release(fd);
            }
        }
        // With no borrow held: the callbacks it lets go may own handles.
        if let Some((sink, writes_due)) = sink {
            self.call_sink(|| sink.closing(writes_due));
        }
    }

    /// Closing, second half (the closing phase): cancelled requests get
    /// their callbacks, connect first, then writes in order, then shutdown.
    pub(crate) fn stream_finish_close(&self, id: HandleId) {
        let Some((_, IoState::Stream(mut stream))) = self.watchers.borrow_mut().remove(id) else {
            return;
        };
        let mut kept = stream.kept_callback.take();
        if let Some(connect) = stream.connect.take() {
            self.complete(id, connect, ReqKind::Connect, code::ECANCELED);
        }
        while let Some(write) = stream.writes.pop_front() {
            stream.finished.push_back(write.finish(code::ECANCELED));
        }
        let finished = std::mem::take(&mut stream.finished);
        for write in finished {
            self.write_done_to(id, write, kept.as_mut(), stream.sink.as_ref());
        }
        if let Some(shutdown) = stream.shutdown.take() {
            self.complete(id, shutdown, ReqKind::Shutdown, code::ECANCELED);
        }
    }

    /// Keeps the closure of a Rust stream being closed if writes are still
    /// to be reported (see `kept_callback`); otherwise hands it back, for
    /// the caller to drop outside any borrow (it may own other handles).
    pub(crate) fn stream_keep_callback(
        &self,
        id: HandleId,
        f: BoxedCallback,
    ) -> Option<BoxedCallback> {
        let mut f = Some(f);
        let _ = self.with_stream(id, |_, _, s| {
            if !s.writes.is_empty() || !s.finished.is_empty() {
                s.kept_callback = f.take();
            }
        });
        f
    }

    /// Ends a connect or shutdown request: it stops counting as active,
    /// then its callback runs.
    pub(crate) fn complete(&self, id: HandleId, done: Completion, kind: ReqKind, status: i32) {
        self.req_unregister();
        match done {
            Completion::Host(token) => self.host.req_done(self, id, token, kind, status),
            Completion::Boxed(f) => {
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self, status)));
                if let Err(payload) = outcome {
                    self.keep_panic(payload);
                }
            }
        }
    }

    /// Takes a host's request as a call accepts it: `UV_EBUSY` if the host
    /// still has it in flight (see [`Host::admit_request`]).
    pub(crate) fn admit(&self, token: usize) -> Result<()> {
        if self.host.admit_request(token) {
            Ok(())
        } else {
            Err(Error::from_code(code::EBUSY))
        }
    }

    pub(crate) fn req_register(&self) {
        let reqs = self.host.active_reqs();
        reqs.set(reqs.get() + 1);
    }

    pub(crate) fn req_unregister(&self) {
        let reqs = self.host.active_reqs();
        reqs.set(reqs.get().saturating_sub(1));
    }

    /// Readiness of a stream's descriptor; `turn` was read from the stream
    /// as the event was dispatched.
    pub(crate) fn stream_ready(&self, id: HandleId, ready: u32, turn: ReadyTurn) {
        use crate::sys::ready as r;
        match turn {
            ReadyTurn::Accept => return self.accept_ready(id),
            ReadyTurn::Connect => return self.connect_ready(id, ready),
            ReadyTurn::Io { host } if ready & (r::READABLE | r::ERROR | r::HANGUP) != 0 => {
                self.read_ready(id, host);
                // A hang-up after a short read is the end of the stream, even
                // if the kernel has not shown the zero-length read yet.
                if ready & r::HANGUP != 0 {
                    if self.stream_fd(id).is_none() {
                        return; // the read callback closed the stream
                    }
                    self.eof_after_hangup(id);
                }
            }
            ReadyTurn::Io { .. } => {}
        }
        if ready & (r::WRITABLE | r::ERROR | r::HANGUP) != 0 && self.stream_fd(id).is_some() {
            self.write_ready(id);
        }
    }

    /// What the pending phase's turn for a fed stream comes to, found
    /// under the borrow that dispatched it.
    pub(crate) fn stream_pending_turn(
        &self,
        watcher: &mut Watcher,
        stream: &mut Stream,
    ) -> Option<PendingTurn> {
        // A closed stream's requests wait for the closing phase.
        if stream.flags & sflags::CLOSING != 0 {
            None
        } else if stream.connect.is_some() {
            Some(PendingTurn::Connect)
        } else if watcher.fd.is_some() || !stream.finished.is_empty() {
            Some(PendingTurn::Write(self.begin_write_round(watcher, stream)))
        } else {
            None
        }
    }

    /// The pending phase's turn for a fed stream, once the borrow is over.
    pub(crate) fn stream_pending(&self, id: HandleId, turn: PendingTurn) {
        match turn {
            PendingTurn::Connect => self.connect_ready(id, 0),
            PendingTurn::Write(round) => self.end_write_round(id, round),
        }
    }
}

/// What a readiness event means for a stream, by its state.
#[derive(Clone, Copy)]
pub(crate) enum ReadyTurn {
    Accept,
    Connect,
    Io { host: Option<HostStream> },
}

impl Stream {
    pub(crate) fn ready_turn(&self) -> ReadyTurn {
        if self.flags & sflags::LISTENING != 0 {
            ReadyTurn::Accept
        } else if self.connect.is_some() {
            ReadyTurn::Connect
        } else {
            ReadyTurn::Io { host: self.host }
        }
    }
}

/// What a fed stream's pending turn does.
pub(crate) enum PendingTurn {
    Connect,
    Write(Round),
}
