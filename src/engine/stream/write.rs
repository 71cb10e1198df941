//! Writing: the write queue, try_write, shutdown, and what a writable
//! event (or the pending phase) does.

use super::{einval, sflags, Completion, ReqKind, Stream, StreamSink};
use crate::engine::handle::{BoxedCallback, Event, HandleId, ReturnedBuf};
use crate::engine::watcher::Watcher;
use crate::engine::Loop;
use crate::error::{code, Error, Result};
use crate::sys::net::Calls;
use crate::sys::{self, ready, RawBuf};
use std::os::fd::{AsFd, BorrowedFd};
use std::rc::Rc;

/// Lent buffers of one write. Up to four are kept inline, so the common
/// write allocates nothing.
pub enum LentBufs {
    Inline { bufs: [RawBuf; 4], len: usize },
    Heap(Vec<RawBuf>),
}

impl LentBufs {
    pub fn new(bufs: &[RawBuf]) -> LentBufs {
        if bufs.len() <= 4 {
            LentBufs::Inline {
                bufs: std::array::from_fn(|i| bufs.get(i).copied().unwrap_or(RawBuf::EMPTY)),
                len: bufs.len(),
            }
        } else {
            LentBufs::Heap(bufs.to_vec())
        }
    }

    #[inline]
    pub(crate) fn as_slice(&self) -> &[RawBuf] {
        match self {
            LentBufs::Inline { bufs, len } => &bufs[..*len],
            LentBufs::Heap(v) => v,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [RawBuf] {
        match self {
            LentBufs::Inline { bufs, len } => &mut bufs[..*len],
            LentBufs::Heap(v) => v,
        }
    }
}

/// A new write's (or UDP send's) buffers: kept as given, or a host's list
/// borrowed for the call and copied only if the request has to wait.
pub(crate) enum NewBufs<'a> {
    Kept(WriteBufs),
    Borrowed(&'a [RawBuf]),
}

impl NewBufs<'_> {
    #[inline]
    pub(crate) fn keep(self) -> WriteBufs {
        match self {
            NewBufs::Kept(bufs) => bufs,
            NewBufs::Borrowed(list) => WriteBufs::Lent(LentBufs::new(list)),
        }
    }

    /// How many bytes they hold.
    #[inline]
    pub(crate) fn total(&self) -> usize {
        match self {
            NewBufs::Kept(bufs) => total(bufs),
            NewBufs::Borrowed(list) => list.iter().map(RawBuf::len).sum(),
        }
    }

    /// The bytes, for sending as they lie.
    #[inline]
    pub(crate) fn payload(&self) -> sys::net::Payload<'_> {
        match self {
            NewBufs::Kept(WriteBufs::Lent(lent)) => sys::net::Payload::Lent(lent.as_slice()),
            NewBufs::Kept(WriteBufs::Owned(bytes)) => sys::net::Payload::Bytes(bytes),
            NewBufs::Borrowed(list) => sys::net::Payload::Lent(list),
        }
    }

    /// A Rust caller's bytes, to hand back once sent.
    #[inline]
    pub(crate) fn into_owned(self) -> Option<Vec<u8>> {
        match self {
            NewBufs::Kept(WriteBufs::Owned(bytes)) => Some(bytes),
            _ => None,
        }
    }
}

/// What a write sends.
pub enum WriteBufs {
    /// The host's buffers, written in place.
    Lent(LentBufs),
    /// A Rust caller's bytes; handed back when the write is done.
    Owned(Vec<u8>),
}

/// Who hears about a finished write.
#[derive(Clone, Copy)]
pub enum WriteOwner {
    /// The host, with the request's token (the C `uv_write_t*`).
    Host(usize),
    /// The stream's own Rust callback, as [`Event::Written`].
    Handle,
}

pub(crate) struct PendingWrite {
    owner: WriteOwner,
    bufs: WriteBufs,
    /// Buffers fully written (lent) or bytes written (owned).
    progress: usize,
    /// Bytes still to write.
    remaining: usize,
    /// A copy of the descriptor to pass along with the first bytes (ipc
    /// pipes); closed once sent.
    passing: Option<std::os::fd::OwnedFd>,
}

impl PendingWrite {
    /// A write of `bufs`, none of it written yet.
    fn new(owner: WriteOwner, bufs: WriteBufs, passing: Option<std::os::fd::OwnedFd>) -> Self {
        let remaining = total(&bufs);
        PendingWrite {
            owner,
            bufs,
            progress: 0,
            remaining,
            passing,
        }
    }

    /// The write ends with `error` (0: written); what it did not write
    /// still counts as queued until its callback.
    pub(crate) fn finish(self, error: i32) -> Done {
        Done {
            owner: self.owner,
            unwritten: self.remaining,
            buf: match self.bufs {
                WriteBufs::Owned(bytes) => Some(bytes),
                WriteBufs::Lent(_) => None,
            },
            error,
        }
    }
}

/// A finished write waiting for its callback: only what the callback needs
/// (a queued write, with its inline buffer list, is several times the
/// size, and finished writes are moved about on every write's way out).
pub(crate) struct Done {
    owner: WriteOwner,
    /// Bytes it did not write (it failed or was cancelled).
    unwritten: usize,
    /// A Rust caller's bytes, to hand back.
    buf: Option<Vec<u8>>,
    error: i32,
}

impl Done {
    /// A write that went out whole.
    fn written(owner: WriteOwner, buf: Option<Vec<u8>>) -> Done {
        Done {
            owner,
            unwritten: 0,
            buf,
            error: 0,
        }
    }
}

/// A C stream's new queue size, for its public `write_queue_size`: found
/// under the stream's borrow (which has the handle's token at hand) and
/// told to the host once the borrow is over.
#[derive(Clone, Copy)]
pub(crate) struct Resized {
    token: usize,
    size: usize,
}

impl Resized {
    /// The report for `stream` if its queue size is no longer `before`;
    /// None also for a Rust stream, whose host keeps no such field.
    #[inline]
    fn since(stream: &Stream, before: usize) -> Option<Resized> {
        let token = stream.host?.token;
        (stream.queued_bytes != before).then_some(Resized {
            token,
            size: stream.queued_bytes,
        })
    }
}

/// What the callbacks of one round of write completions need: the queue
/// size if it changed, the first finished write, and how many more of the
/// finished ones are this round's.
pub(crate) struct Round {
    resized: Option<Resized>,
    next: Option<Done>,
    due: usize,
    /// A Rust stream's sink, for the callbacks.
    sink: Option<Rc<dyn StreamSink>>,
}

/// What one attempt to write the head of the queue came to.
enum Attempt {
    Done,
    Partial,
    WouldBlock,
    Failed(i32),
}

fn total(bufs: &WriteBufs) -> usize {
    match bufs {
        WriteBufs::Lent(l) => l.as_slice().iter().map(RawBuf::len).sum(),
        WriteBufs::Owned(v) => v.len(),
    }
}

/// Writes as much of `write` as the kernel takes now.
fn attempt(fd: BorrowedFd<'_>, calls: Calls, write: &mut PendingWrite) -> Attempt {
    let passing = write.passing.take();
    let result = match &mut write.bufs {
        WriteBufs::Lent(lent) => {
            let bufs = &lent.as_slice()[write.progress..];
            match &passing {
                Some(passed) => sys::net::send_with_fd(fd, bufs, Some(passed.as_fd())),
                None => sys::net::writev_raw(fd, bufs, calls),
            }
        }
        WriteBufs::Owned(v) => match &passing {
            Some(passed) => sys::net::send_bytes_with_fd(fd, &v[write.progress..], passed.as_fd()),
            None => sys::net::write(fd, &v[write.progress..], calls),
        },
    };
    match result {
        // All of it: done, with no buffers to walk.
        Ok(n) if n == write.remaining => {
            write.remaining = 0;
            Attempt::Done
        }
        Ok(n) => {
            advance(write, n);
            Attempt::Partial
        }
        Err(e) => {
            if passing.is_some() {
                write.passing = passing;
            }
            classify_error(&e)
        }
    }
}

/// A failed write call: the kernel's buffer is full, or the write failed.
fn classify_error(e: &std::io::Error) -> Attempt {
    match e.raw_os_error() {
        Some(libc::EAGAIN) | Some(libc::ENOBUFS) => Attempt::WouldBlock,
        _ => Attempt::Failed(Error::from_io(e).code()),
    }
}

fn advance(write: &mut PendingWrite, mut n: usize) {
    write.remaining -= n;
    match &mut write.bufs {
        WriteBufs::Owned(_) => write.progress += n,
        WriteBufs::Lent(lent) => {
            let bufs = lent.as_mut_slice();
            while n > 0 && write.progress < bufs.len() {
                let head = &mut bufs[write.progress];
                if n >= head.len() {
                    n -= head.len();
                    write.progress += 1;
                } else {
                    *head = head.advance(n);
                    n = 0;
                }
            }
            // Skip empty buffers so a finished write has nothing left.
            while write.progress < bufs.len() && bufs[write.progress].is_empty() {
                write.progress += 1;
            }
        }
    }
}

/// What a flush did: whether it finished any request (their callbacks are
/// due), and where it left the queue.
struct Flushed {
    finished: bool,
    queue: Queue,
}

enum Queue {
    Empty,
    /// Writes wait for the kernel to take more.
    Waiting,
    /// A write failed: the stream writes no more.
    Failed,
}

/// Writes the head of the queue, the way libuv 1.44 does: one request per
/// flush, the rest in the next pending round or writable event. That keeps
/// the data in flight (and in the caches) bounded when callbacks keep
/// queueing more. A stream whose writes block retries until its head is out.
fn write_head(fd: BorrowedFd<'_>, stream: &mut Stream) -> Flushed {
    loop {
        let Some(head) = stream.writes.front_mut() else {
            return Flushed {
                finished: false,
                queue: Queue::Empty,
            };
        };
        let before = head.remaining;
        let outcome = attempt(fd, stream.calls, head);
        stream.queued_bytes -= before - head.remaining;
        match outcome {
            Attempt::Done => {
                let done = stream.writes.pop_front().expect("head exists");
                stream.finished.push_back(done.finish(0));
                return Flushed {
                    finished: true,
                    queue: waiting_if_any(stream),
                };
            }
            Attempt::Partial | Attempt::WouldBlock
                if stream.flags & sflags::BLOCKING_WRITES != 0 =>
            {
                continue;
            }
            Attempt::Partial | Attempt::WouldBlock => {
                return Flushed {
                    finished: false,
                    queue: Queue::Waiting,
                }
            }
            Attempt::Failed(err) => return fail_head(stream, err),
        }
    }
}

/// The head's write failed with `err`: it finishes, and the stream writes
/// no more.
fn fail_head(stream: &mut Stream, err: i32) -> Flushed {
    let failed = stream.writes.pop_front().expect("head exists");
    stream.finished.push_back(failed.finish(err));
    Flushed {
        finished: true,
        queue: Queue::Failed,
    }
}

fn waiting_if_any(stream: &Stream) -> Queue {
    if stream.writes.is_empty() {
        Queue::Empty
    } else {
        Queue::Waiting
    }
}

/// How many bytes of queued requests one gathered write (see
/// [`gather_write`]) may take in all, the head's included; None when the
/// queue goes out one request at a time: one request waits, writes block,
/// or the head alone reaches the limit.
///
/// Unix-domain sockets, pipes and terminals take a large gathered write at
/// no more cost than the same bytes in several calls (`pipe_pump` gains
/// about 15 %). Over loopback TCP, four 64 KiB writes sent at once cut one
/// connection's throughput by a quarter (TCP pushes and paces a large send
/// differently), so a socket gathers only small requests, up to 64 KiB in
/// all: the backlog of small writes that libuv would send one per loop
/// iteration.
fn gather_limit(stream: &Stream) -> Option<usize> {
    let limit = match stream.calls {
        Calls::File => usize::MAX,
        Calls::Socket => 64 * 1024,
    };
    let gathers = stream.writes.len() > 1
        && stream.flags & sflags::BLOCKING_WRITES == 0
        && stream.writes[0].remaining < limit;
    gathers.then_some(limit)
}

/// Writes the heads of the queue with one `writev` (up to 64 buffers)
/// when none has a descriptor to pass: the kernel takes what fits, and
/// each request it took whole is finished, in order. Callbacks still run
/// one per request, in order. None when only the head would go (then
/// [`write_head`] does it).
fn gather_write(fd: BorrowedFd<'_>, stream: &mut Stream, limit: usize) -> Option<Flushed> {
    let mut list = sys::net::IoList::new();
    let (mut requests, mut bytes) = (0, 0);
    for write in stream.writes.iter() {
        if write.passing.is_some() || (requests > 0 && bytes + write.remaining > limit) {
            break;
        }
        let fits = match &write.bufs {
            WriteBufs::Lent(lent) => list.push_lent(&lent.as_slice()[write.progress..]),
            WriteBufs::Owned(v) => list.push_bytes(&v[write.progress..]),
        };
        if !fits {
            break;
        }
        requests += 1;
        bytes += write.remaining;
    }
    if requests < 2 {
        return None;
    }
    let mut taken = match list.write(fd) {
        Ok(n) => n,
        Err(e) => {
            return Some(match classify_error(&e) {
                Attempt::Failed(err) => fail_head(stream, err),
                _ => Flushed {
                    finished: false,
                    queue: Queue::Waiting,
                },
            });
        }
    };
    stream.queued_bytes -= taken;
    let mut finished = false;
    while let Some(head) = stream.writes.front_mut() {
        if taken < head.remaining {
            advance(head, taken);
            break;
        }
        // Taken whole: nothing of it is left unwritten.
        taken -= head.remaining;
        head.remaining = 0;
        let done = stream.writes.pop_front().expect("head exists");
        stream.finished.push_back(done.finish(0));
        finished = true;
        if taken == 0 {
            break;
        }
    }
    Some(Flushed {
        finished,
        queue: waiting_if_any(stream),
    })
}

impl Loop {
    /// Queues a write. On an idle stream it is tried at once; its callback
    /// runs in a later pending phase (or on the writable event that
    /// finishes it). `passing` names a handle whose descriptor travels with
    /// the bytes (ipc pipes only).
    pub fn write(
        &self,
        id: HandleId,
        owner: WriteOwner,
        bufs: WriteBufs,
        passing: Option<HandleId>,
    ) -> Result<()> {
        self.write_from(id, None, owner, NewBufs::Kept(bufs), passing)
    }

    /// [`write`](Self::write) for buffers a host lends: the list is copied
    /// only if the write has to wait (the common write goes out at once).
    /// The stream is named by its id and by the token the host gave it:
    /// `EINVAL` unless both name the same live stream. That check rides
    /// on the stream look-up the write makes anyway, so a host need not
    /// look the handle up first (the C `uv_write` does not).
    pub fn write_lent(
        &self,
        id: HandleId,
        token: usize,
        owner: WriteOwner,
        bufs: &[RawBuf],
        passing: Option<HandleId>,
    ) -> Result<()> {
        self.write_from(id, Some(token), owner, NewBufs::Borrowed(bufs), passing)
    }

    /// A write to stream `id`, which must carry the host's `token` when one
    /// is given.
    fn write_from(
        &self,
        id: HandleId,
        token: Option<usize>,
        owner: WriteOwner,
        bufs: NewBufs<'_>,
        passing: Option<HandleId>,
    ) -> Result<()> {
        // The passed handle's socket is copied now, so closing that handle
        // before the bytes leave cannot send the wrong descriptor.
        let passing = match passing {
            None => None,
            Some(other) => {
                let watchers = self.watchers.borrow();
                let fd = watchers
                    .get(other)
                    .and_then(|w| w.fd.as_ref())
                    .ok_or(Error::from_code(code::EBADF))?;
                Some(sys::net::duplicate(fd.as_fd()).map_err(|e| Error::from_io(&e))?)
            }
        };
        let queued = self
            .with_stream(id, |lp, watcher, stream| {
                if token.is_some() && stream.host.map(|h| h.token) != token {
                    return Err(einval());
                }
                if watcher.fd.is_none() {
                    return Err(Error::from_code(code::EBADF));
                }
                if stream.flags & sflags::WRITABLE == 0 {
                    return Err(Error::from_code(code::EPIPE));
                }
                if passing.is_some() && !stream.ipc {
                    return Err(einval());
                }
                if let WriteOwner::Host(request) = owner {
                    lp.admit(request)?;
                }
                let before = stream.queued_bytes;
                let idle = before == 0;
                lp.req_register();
                if idle
                    && stream.writes.is_empty()
                    && stream.connect.is_none()
                    && stream.flags & sflags::BLOCKING_WRITES == 0
                {
                    // Nothing ahead of it: written now, without a trip
                    // through the queue (flush_writes for one request).
                    match bufs {
                        NewBufs::Borrowed(list) if passing.is_none() => {
                            lp.write_lent_now(watcher, stream, owner, list)
                        }
                        NewBufs::Kept(WriteBufs::Owned(bytes)) if passing.is_none() => {
                            lp.write_owned_now(watcher, stream, owner, bytes)
                        }
                        bufs => {
                            let write = PendingWrite::new(owner, bufs.keep(), passing);
                            lp.write_now(watcher, stream, write);
                        }
                    }
                    return Ok(Resized::since(stream, before));
                }
                let write = PendingWrite::new(owner, bufs.keep(), passing);
                stream.queued_bytes += write.remaining;
                stream.writes.push_back(write);
                if stream.connect.is_some() {
                    // Connecting: the queue starts when the connection is up.
                } else if idle {
                    lp.flush_writes(watcher, stream);
                } else {
                    lp.interest_add(watcher, ready::WRITABLE)?;
                }
                // The host hears of the size only if it changed: a write
                // that went out at once leaves it as it was.
                Ok(Resized::since(stream, before))
            })
            .unwrap_or(Err(einval()))?;
        if let Some(resized) = queued {
            self.tell_queue_size(resized);
        }
        Ok(())
    }

    /// Writes what the kernel takes now, without queueing: UV_EAGAIN if
    /// nothing could be written or other writes are waiting.
    pub fn try_write(&self, id: HandleId, bufs: &[RawBuf]) -> Result<usize> {
        self.try_write_with(id, |fd, calls| sys::net::writev_raw(fd, bufs, calls))
    }

    /// [`try_write`](Self::try_write) for a Rust caller's bytes.
    pub fn try_write_bytes(&self, id: HandleId, data: &[u8]) -> Result<usize> {
        self.try_write_with(id, |fd, calls| sys::net::write(fd, data, calls))
    }

    fn try_write_with(
        &self,
        id: HandleId,
        write: impl FnOnce(BorrowedFd<'_>, Calls) -> std::io::Result<usize>,
    ) -> Result<usize> {
        self.with_stream(id, |_, watcher, stream| {
            if stream.connect.is_some() || stream.queued_bytes != 0 {
                return Err(Error::from_code(code::EAGAIN));
            }
            let fd = watcher.fd.as_ref().ok_or(Error::from_code(code::EBADF))?;
            if stream.flags & sflags::WRITABLE == 0 {
                return Err(Error::from_code(code::EPIPE));
            }
            match write(fd.as_fd(), stream.calls) {
                Ok(n) => Ok(n),
                Err(e) if matches!(e.raw_os_error(), Some(libc::EAGAIN) | Some(libc::ENOBUFS)) => {
                    Err(Error::from_code(code::EAGAIN))
                }
                Err(e) => Err(Error::from_io(&e)),
            }
        })
        .unwrap_or(Err(einval()))
    }

    /// [`write_now`](Self::write_now) for a host's buffer list, written
    /// from where it lies; copied into the request only if some must wait.
    fn write_lent_now(
        &self,
        watcher: &mut Watcher,
        stream: &mut Stream,
        owner: WriteOwner,
        list: &[RawBuf],
    ) {
        let remaining = list.iter().map(RawBuf::len).sum();
        let keep = |done: usize| {
            let mut write = PendingWrite::new(owner, WriteBufs::Lent(LentBufs::new(list)), None);
            advance(&mut write, done);
            write
        };
        let result = match watcher.fd.as_ref() {
            Some(fd) => sys::net::writev_raw(fd.as_fd(), list, stream.calls),
            // Not reached (the caller checked); queued, it fails on close.
            None => Ok(0),
        };
        match result {
            Ok(n) if n >= remaining => {
                // Nothing of the host's is kept once written.
                stream.finished.push_back(Done::written(owner, None));
                self.feed(watcher);
            }
            Ok(n) => {
                let write = keep(n);
                stream.queued_bytes += write.remaining;
                stream.writes.push_back(write);
                let _ = self.interest_add(watcher, ready::WRITABLE);
            }
            Err(e) if matches!(e.raw_os_error(), Some(libc::EAGAIN) | Some(libc::ENOBUFS)) => {
                let write = keep(0);
                stream.queued_bytes += write.remaining;
                stream.writes.push_back(write);
                let _ = self.interest_add(watcher, ready::WRITABLE);
            }
            Err(e) => {
                // Its bytes count as queued until its callback, as in
                // flush_writes.
                let write = keep(0);
                stream.queued_bytes += write.remaining;
                stream
                    .finished
                    .push_back(write.finish(Error::from_io(&e).code()));
                self.feed(watcher);
                self.interest_remove(watcher, ready::WRITABLE);
            }
        }
    }

    /// [`write_now`](Self::write_now) for a Rust caller's bytes: the
    /// common write (all of it taken at once) finishes without becoming a
    /// queued request first.
    fn write_owned_now(
        &self,
        watcher: &mut Watcher,
        stream: &mut Stream,
        owner: WriteOwner,
        bytes: Vec<u8>,
    ) {
        let taken = match watcher.fd.as_ref() {
            Some(fd) => sys::net::write(fd.as_fd(), &bytes, stream.calls),
            // Not reached (the caller checked); queued, it fails on close.
            None => Ok(0),
        };
        if matches!(taken, Ok(n) if n == bytes.len()) {
            stream.finished.push_back(Done::written(owner, Some(bytes)));
            self.feed(watcher);
            return;
        }
        let mut write = PendingWrite::new(owner, WriteBufs::Owned(bytes), None);
        let outcome = match taken {
            Ok(n) => {
                advance(&mut write, n);
                Attempt::Partial
            }
            Err(e) => classify_error(&e),
        };
        self.settle_now(watcher, stream, write, outcome);
    }

    /// [`flush_writes`](Self::flush_writes) for a new write on a stream
    /// whose queue is empty and whose writes do not block.
    fn write_now(&self, watcher: &mut Watcher, stream: &mut Stream, mut write: PendingWrite) {
        let outcome = match watcher.fd.as_ref() {
            Some(fd) => attempt(fd.as_fd(), stream.calls, &mut write),
            // Not reached (the caller checked); queued, it fails on close.
            None => Attempt::WouldBlock,
        };
        self.settle_now(watcher, stream, write, outcome);
    }

    /// Where a write tried at once goes: finished, or queued for
    /// writability with what the kernel did not take.
    fn settle_now(
        &self,
        watcher: &mut Watcher,
        stream: &mut Stream,
        write: PendingWrite,
        outcome: Attempt,
    ) {
        stream.queued_bytes += write.remaining;
        match outcome {
            Attempt::Done => {
                stream.finished.push_back(write.finish(0));
                self.feed(watcher);
            }
            Attempt::Partial | Attempt::WouldBlock => {
                stream.writes.push_back(write);
                let _ = self.interest_add(watcher, ready::WRITABLE);
            }
            Attempt::Failed(err) => {
                stream.finished.push_back(write.finish(err));
                self.feed(watcher);
                self.interest_remove(watcher, ready::WRITABLE);
            }
        }
    }

    pub(crate) fn flush_writes(&self, watcher: &mut Watcher, stream: &mut Stream) {
        let Some(fd) = watcher.fd.as_ref() else {
            return;
        };
        let gathered =
            gather_limit(stream).and_then(|limit| gather_write(fd.as_fd(), stream, limit));
        let Flushed { finished, queue } =
            gathered.unwrap_or_else(|| write_head(fd.as_fd(), stream));
        if finished {
            self.feed(watcher);
        }
        match queue {
            // The kernel's buffer is full: wait until it drains.
            Queue::Waiting => {
                let _ = self.interest_add(watcher, ready::WRITABLE);
            }
            // A write failed: the stream writes no more.
            Queue::Failed => self.interest_remove(watcher, ready::WRITABLE),
            Queue::Empty => {}
        }
    }

    /// Writability (or the pending phase): write more, run the callbacks of
    /// finished writes, and once the queue is empty, drain.
    ///
    /// Writes those callbacks start and that finish at once report in the
    /// next round, as in libuv: a writer that always has more to say cannot
    /// keep the loop here, and the data in flight stays bounded.
    pub(crate) fn write_ready(&self, id: HandleId) {
        if let Some(round) = self.with_stream(id, |lp, w, s| lp.begin_write_round(w, s)) {
            self.end_write_round(id, round);
        }
    }

    /// A write round's first half, under the stream's borrow: flush the
    /// queue and take out the first finished write. The writes finished
    /// before the callbacks start are this round's.
    pub(crate) fn begin_write_round(&self, watcher: &mut Watcher, stream: &mut Stream) -> Round {
        let before = stream.queued_bytes;
        if !stream.writes.is_empty() {
            self.flush_writes(watcher, stream);
        }
        let next = stream.finished.pop_front();
        Round {
            resized: Resized::since(stream, before),
            due: stream.finished.len(),
            sink: next.as_ref().and(stream.sink.clone()),
            next,
        }
    }

    /// A write round's second half: the callbacks, then the drain.
    pub(crate) fn end_write_round(&self, id: HandleId, round: Round) {
        let Round {
            resized,
            mut next,
            mut due,
            sink,
        } = round;
        if let Some(resized) = resized {
            self.tell_queue_size(resized);
        }
        while let Some(write) = next {
            self.write_done_to(id, write, None, sink.as_ref());
            next = None;
            if due > 0 {
                due -= 1;
                next = self
                    .with_stream(id, |_, _, s| s.finished.pop_front())
                    .flatten();
            }
        }
        self.drain(id);
    }

    /// One finished write: what it did not write leaves the queue size,
    /// it stops counting as active, then its callback runs.
    pub(crate) fn write_done(&self, id: HandleId, write: Done) {
        let sink = match write.owner {
            WriteOwner::Handle => self.stream_sink(id),
            WriteOwner::Host(_) => None,
        };
        self.write_done_to(id, write, None, sink.as_ref());
    }

    /// [`write_done`](Self::write_done), telling a Rust handle's write to
    /// its stream's `sink`, or else to `kept`, its closure kept through
    /// closing, when given.
    pub(crate) fn write_done_to(
        &self,
        id: HandleId,
        write: Done,
        kept: Option<&mut BoxedCallback>,
        sink: Option<&Rc<dyn StreamSink>>,
    ) {
        if write.unwritten > 0 {
            if let Some(Some(resized)) = self.with_stream(id, |_, _, s| {
                let before = s.queued_bytes;
                s.queued_bytes -= write.unwritten;
                Resized::since(s, before)
            }) {
                self.tell_queue_size(resized);
            }
        }
        self.req_unregister();
        match write.owner {
            WriteOwner::Host(token) => {
                self.host
                    .req_done(self, id, token, ReqKind::Write, write.error)
            }
            WriteOwner::Handle => match sink {
                Some(sink) => self.call_sink(|| sink.written(write.error, write.buf)),
                None => self.written(id, write.error, write.buf, kept),
            },
        }
    }

    /// A Rust handle's write finished: its buffer goes back with the status.
    fn written(
        &self,
        id: HandleId,
        status: i32,
        buf: Option<Vec<u8>>,
        kept: Option<&mut BoxedCallback>,
    ) {
        let buf = ReturnedBuf::new(buf);
        let event = Event::Written { status, buf: &buf };
        self.report_written(id, &event, kept);
    }

    /// Tells a Rust handle a write finished: through its slot, or, once it
    /// is closing, through the closure the stream kept for this.
    fn report_written(&self, id: HandleId, event: &Event<'_>, kept: Option<&mut BoxedCallback>) {
        let call = |f: &mut BoxedCallback| {
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self, id, event)));
            if let Err(payload) = outcome {
                self.keep_panic(payload);
            }
        };
        if let Some(f) = kept {
            return call(f);
        }
        // Only a closing stream can have kept its closure, and only then
        // does the handle's slot refuse the event: look for it only then.
        if self.fire_event(id, event) {
            return;
        }
        if let Some(mut f) = self
            .with_stream(id, |_, _, s| s.kept_callback.take())
            .flatten()
        {
            call(&mut f);
            let _ = self.with_stream(id, |_, _, s| s.kept_callback = Some(f));
        }
    }

    /// After a round of write callbacks: if the queue is empty, stop
    /// waiting for writability and, if a shutdown was asked, do it now.
    fn drain(&self, id: HandleId) {
        let shutdown = self.with_stream(id, |lp, watcher, stream| {
            if !stream.writes.is_empty() {
                return None;
            }
            lp.interest_remove(watcher, ready::WRITABLE);
            if stream.flags & sflags::SHUTTING == 0 {
                return None;
            }
            let request = stream.shutdown.take()?;
            stream.flags &= !sflags::SHUTTING;
            let status = match watcher.fd.as_ref() {
                None => code::ECANCELED,
                Some(fd) => match sys::net::shutdown_write(fd.as_fd()) {
                    Ok(()) => {
                        stream.flags |= sflags::SHUT;
                        0
                    }
                    Err(e) => Error::from_io(&e).code(),
                },
            };
            Some((request, status))
        });
        if let Some(Some((request, status))) = shutdown {
            self.complete(id, request, ReqKind::Shutdown, status);
        }
    }

    /// Shuts the sending side down once queued writes are out. Refused with
    /// UV_ENOTCONN when the stream is not writable, already shutting or
    /// shut, or closing.
    pub fn shutdown(&self, id: HandleId, done: Completion) -> Result<()> {
        let closing = self.is_closing(id);
        self.with_stream(id, move |lp, watcher, stream| {
            if stream.flags & sflags::WRITABLE == 0
                || stream.flags & (sflags::SHUT | sflags::SHUTTING) != 0
                || closing
            {
                return Err(Error::from_code(code::ENOTCONN));
            }
            if let Completion::Host(request) = done {
                lp.admit(request)?;
            }
            lp.req_register();
            stream.shutdown = Some(done);
            stream.flags |= sflags::SHUTTING;
            stream.flags &= !sflags::WRITABLE;
            if stream.writes.is_empty() {
                lp.feed(watcher);
            }
            Ok(())
        })
        .unwrap_or(Err(einval()))
    }

    /// Tells the host a C stream's queue size changed.
    fn tell_queue_size(&self, resized: Resized) {
        self.host.write_queue_size(resized.token, resized.size);
    }
}
