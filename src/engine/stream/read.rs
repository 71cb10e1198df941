//! Reading: read_start / read_stop and what a readable event does.

use super::{einval, sflags, HostStream, Stream, StreamSink};
use crate::engine::handle::{Event, HandleId};
use crate::engine::Loop;
use crate::error::{code, Error, Result};
use crate::sys::{self, ready, RawBuf};
use std::os::fd::AsFd;
use std::rc::Rc;

/// What libuv suggests to alloc callbacks.
pub(crate) const SUGGESTED_SIZE: usize = 64 * 1024;
/// Reads per readable event before other handles get their turn (libuv's
/// limit too).
const READS_PER_EVENT: usize = 32;
/// Bytes per readable event before other handles get their turn: one
/// buffer of the suggested size, or several smaller ones. libuv reads up to
/// 32 buffers (2 MiB of 64 KiB ones) per event; a loop that both feeds and
/// drains fast local connections then moves megabytes through the kernel
/// between two reads of one socket, and went 10-20 % slower here than
/// with this limit (`benches/c/tcp_pump`, 1 and 100 connections; see
/// BENCHMARKS.md). A socket with more to read is reported again by the
/// next poll, which does not block while it is readable.
const READ_BYTES_PER_EVENT: usize = SUGGESTED_SIZE;

/// Where a read is reported.
#[derive(Clone, Copy)]
enum Reader<'a> {
    /// A Rust stream's sink.
    Sink(&'a Rc<dyn StreamSink>),
    /// A C stream's host, straight to its read callback: the handle was
    /// live when read, and nothing ran since.
    Host(HostStream),
    /// Whatever the handle's slot holds (a look-up).
    Slot,
}

impl<'a> Reader<'a> {
    fn of(sink: Option<&'a Rc<dyn StreamSink>>) -> Reader<'a> {
        sink.map_or(Reader::Slot, Reader::Sink)
    }
}

/// What one read attempt produced.
enum Outcome {
    Data(usize),
    WouldBlock,
    Eof,
    Failed(i32),
}

impl Loop {
    /// Starts reading. Refused while closing (UV_EINVAL), when already
    /// reading (UV_EALREADY) or when the stream cannot be read (UV_ENOTCONN).
    pub fn read_start(&self, id: HandleId) -> Result<()> {
        if self.is_closing(id) {
            return Err(einval());
        }
        self.with_stream(id, |lp, watcher, stream| {
            if stream.flags & sflags::READING != 0 {
                return Err(Error::from_code(code::EALREADY));
            }
            if stream.flags & sflags::READABLE == 0 {
                return Err(Error::from_code(code::ENOTCONN));
            }
            stream.flags |= sflags::READING;
            stream.flags &= !sflags::READ_EOF;
            lp.interest_add(watcher, ready::READABLE)
        })
        .unwrap_or(Err(einval()))?;
        self.handle_start(id);
        Ok(())
    }

    /// Stops reading; stopping a stream that is not reading does nothing.
    pub fn read_stop(&self, id: HandleId) -> Result<()> {
        self.stop_reading(id).ok_or(einval()).map(|_| ())
    }

    /// Turns reading off; Some(whether it was on), None for no stream.
    fn stop_reading(&self, id: HandleId) -> Option<bool> {
        let was_reading = self.with_stream(id, |lp, watcher, stream| {
            let reading = stream.flags & sflags::READING != 0;
            if reading {
                stream.flags &= !sflags::READING;
                lp.interest_remove(watcher, ready::READABLE);
            }
            reading
        })?;
        if was_reading {
            self.handle_stop(id);
        }
        Some(was_reading)
    }

    /// Whether the stream still reads (it has a descriptor and reading is
    /// on); `first` also clears the mark of a short read, as a readable
    /// event begins.
    fn still_reading(&self, id: HandleId, first: bool) -> bool {
        self.with_stream(id, |_, w, s| {
            if first {
                s.flags &= !sflags::READ_PARTIAL;
            }
            w.fd.is_some() && s.flags & sflags::READING != 0
        })
        .unwrap_or(false)
    }

    /// A readable event: read until the kernel has nothing more, the
    /// buffer came back short, the callback stopped reading, or one of the
    /// per-event limits.
    ///
    /// A read that brought passed descriptors does not count as short: the
    /// kernel ends a read at each message carrying descriptors, whatever
    /// follows it, so treating it as "drained" would make a hang-up look
    /// like the end of the stream and lose the rest (libuv 1.44 does that).
    pub(crate) fn read_ready(&self, id: HandleId, host: Option<HostStream>) {
        let mut bytes = 0;
        for n in 0..READS_PER_EVENT {
            let full = match host {
                Some(host) if self.still_reading(id, n == 0) => self.read_into_lent(id, host),
                Some(_) => None,
                None => self.read_into_own(id, n == 0),
            };
            match full {
                Some(read) => bytes += read,
                None => return,
            }
            if bytes >= READ_BYTES_PER_EVENT {
                return;
            }
        }
    }

    /// One read into a buffer the host lends. Returns the bytes of a full
    /// read, after which reading may go on, or None; a short read is marked
    /// on the stream (`READ_PARTIAL`) before its callback runs.
    ///
    /// An alloc callback that closed the stream or stopped reading gets no
    /// read callback, and nothing is read: after `uv_close` nothing but
    /// cancelled requests reports, and after `uv_read_stop` no read
    /// callback comes (libuv 1.44 fails an assertion reading the closed
    /// descriptor, or calls the read callback it has just cleared). The
    /// buffer stays the host's.
    fn read_into_lent(&self, id: HandleId, host: HostStream) -> Option<usize> {
        let buf = self.host.alloc(host.token, SUGGESTED_SIZE);
        let read = self.with_stream(id, |_, watcher, stream| {
            let fd = watcher.fd.as_ref()?;
            if stream.flags & sflags::READING == 0 {
                return None;
            }
            if buf.is_empty() {
                return Some(None);
            }
            // Empty until a descriptor arrives: no allocation per read.
            let mut fds = Vec::new();
            let (outcome, passed) = read_once(fd.as_fd(), stream, buf, &mut fds);
            let short = mark_short(stream, &outcome, buf.len(), passed);
            Some(Some((outcome, short)))
        });
        match read.flatten() {
            None => None,
            Some(None) => {
                self.deliver(id, code::ENOBUFS as isize, buf, &[]);
                None
            }
            Some(Some((outcome, short))) => self
                .settle_read(id, outcome, buf, &[], Reader::Host(host))
                .filter(|_| !short),
        }
    }

    /// One read into the loop's buffer (Rust handles), as
    /// [`read_into_lent`](Self::read_into_lent), if the stream still reads
    /// (see [`still_reading`](Self::still_reading)).
    fn read_into_own(&self, id: HandleId, first: bool) -> Option<usize> {
        // Out of the loop while the callback reads it; a read made from
        // inside a callback (a nested run) would find it gone and make its
        // own.
        let mut own = self.read_buf.take();
        if own.len() < SUGGESTED_SIZE {
            own.resize(SUGGESTED_SIZE, 0);
        }
        let read = self.with_stream(id, |_, watcher, stream| {
            let sink = stream.sink.clone();
            if first {
                stream.flags &= !sflags::READ_PARTIAL;
            }
            let fd = watcher.fd.as_ref()?;
            if stream.flags & sflags::READING == 0 {
                return None;
            }
            let (outcome, passed) = if !stream.ipc {
                (
                    classify(sys::net::read(fd.as_fd(), &mut own, stream.calls)),
                    false,
                )
            } else {
                // Empty until a descriptor arrives: no allocation per read.
                let mut fds = Vec::new();
                let result = sys::net::recv_bytes_with_fds(fd.as_fd(), &mut own, &mut fds);
                let passed = keep_passed(stream, &mut fds);
                (classify(result), passed)
            };
            let short = mark_short(stream, &outcome, SUGGESTED_SIZE, passed);
            Some((outcome, short, sink))
        });
        let full = read.flatten().and_then(|(outcome, short, sink)| {
            let data = match outcome {
                Outcome::Data(n) => &own[..n],
                _ => &[],
            };
            self.settle_read(id, outcome, RawBuf::EMPTY, data, Reader::of(sink.as_ref()))
                .filter(|_| !short)
        });
        self.read_buf.set(own);
        full
    }

    /// Reports one read's outcome through the read callback; returns the
    /// bytes if it brought data (anything else ends reading for this event).
    fn settle_read(
        &self,
        id: HandleId,
        outcome: Outcome,
        buf: RawBuf,
        data: &[u8],
        reader: Reader<'_>,
    ) -> Option<usize> {
        match outcome {
            Outcome::Data(n) => {
                self.deliver_to(id, reader, n as isize, buf, data);
                Some(n)
            }
            Outcome::WouldBlock => {
                self.deliver_to(id, reader, 0, buf, &[]);
                None
            }
            Outcome::Eof => {
                self.stream_eof(id, buf);
                None
            }
            Outcome::Failed(err) => {
                self.deliver(id, err as isize, buf, &[]);
                // The stream is finished for reading; the caller closes it.
                self.stop_reading(id);
                None
            }
        }
    }

    /// End of stream: reading stops, then the callback hears UV_EOF.
    pub(crate) fn stream_eof(&self, id: HandleId, buf: RawBuf) {
        let _ = self.with_stream(id, |lp, watcher, stream| {
            stream.flags |= sflags::READ_EOF;
            stream.flags &= !sflags::READING;
            lp.interest_remove(watcher, ready::READABLE);
        });
        self.handle_stop(id);
        self.deliver(id, code::EOF as isize, buf, &[]);
    }

    /// After a hang-up: if the last read came back short and no end was
    /// reported yet, report it now.
    pub(crate) fn eof_after_hangup(&self, id: HandleId) {
        let due = self
            .with_stream(id, |_, _, s| {
                s.flags & sflags::READING != 0
                    && s.flags & sflags::READ_PARTIAL != 0
                    && s.flags & sflags::READ_EOF == 0
            })
            .unwrap_or(false);
        if due {
            self.stream_eof(id, RawBuf::EMPTY);
        }
    }

    /// Reports a read to the stream's sink, or else its handle's callback.
    fn deliver(&self, id: HandleId, nread: isize, buf: RawBuf, data: &[u8]) {
        let sink = self.stream_sink(id);
        self.deliver_to(id, Reader::of(sink.as_ref()), nread, buf, data);
    }

    #[inline]
    fn deliver_to(&self, id: HandleId, reader: Reader<'_>, nread: isize, buf: RawBuf, data: &[u8]) {
        match reader {
            // Zero bytes means "nothing this time": not worth a call.
            Reader::Sink(_) if nread == 0 => {}
            Reader::Sink(sink) => self.call_sink(|| sink.read(nread, data)),
            Reader::Host(host) => {
                let event = Event::Read { nread, buf, data };
                self.host.fire(self, id, host.token, host.kind, &event);
            }
            Reader::Slot => {
                self.fire_event(id, &Event::Read { nread, buf, data });
            }
        }
    }
}

/// Marks a short read (`READ_PARTIAL`): the kernel had no more for now, so
/// a hang-up seen with it means the end of the stream. A read that brought
/// descriptors is not short (see [`Loop::read_ready`]).
/// Says whether the read was short.
fn mark_short(stream: &mut Stream, outcome: &Outcome, capacity: usize, passed: bool) -> bool {
    let short = matches!(*outcome, Outcome::Data(n) if n < capacity && !passed);
    if short {
        stream.flags |= sflags::READ_PARTIAL;
    }
    short
}

fn classify(result: std::io::Result<usize>) -> Outcome {
    match result {
        Ok(0) => Outcome::Eof,
        Ok(n) => Outcome::Data(n),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Outcome::WouldBlock,
        Err(e) => Outcome::Failed(Error::from_io(&e).code()),
    }
}

/// Reads once from the stream's descriptor into a lent buffer; an ipc
/// pipe's read also queues passed descriptors (and says whether any came).
fn read_once(
    fd: std::os::fd::BorrowedFd<'_>,
    stream: &mut Stream,
    buf: RawBuf,
    fds: &mut Vec<std::os::fd::OwnedFd>,
) -> (Outcome, bool) {
    let result = if stream.ipc {
        sys::net::recv_with_fds(fd, buf, fds)
    } else {
        sys::net::read_raw(fd, buf, stream.calls)
    };
    let passed = keep_passed(stream, fds);
    (classify(result), passed)
}

/// Queues descriptors that came over an ipc pipe for `accept`: the first
/// waits in `accepted`, the rest behind it. Says whether any came.
fn keep_passed(stream: &mut Stream, fds: &mut Vec<std::os::fd::OwnedFd>) -> bool {
    let any = !fds.is_empty();
    for fd in fds.drain(..) {
        if stream.accepted.is_none() {
            stream.accepted = Some(fd);
        } else {
            stream.received.push_back(fd);
        }
    }
    any
}
