//! Sending: the send queue, try_send, and what writability (or the
//! pending phase) does with them.

use super::{bits, einval, io_error, Udp};
use crate::engine::handle::{Event, HandleId, ReturnedBuf};
use crate::engine::stream::{NewBufs, ReqKind, WriteBufs, WriteOwner};
use crate::engine::watcher::Watcher;
use crate::engine::Loop;
use crate::error::{code, Error, Result};
use crate::sys::net::{self, Outgoing, Payload, SockAddr, BATCH};
use crate::sys::{ready, RawBuf};
use std::os::fd::AsFd;

/// One queued datagram.
pub(crate) struct PendingSend {
    owner: WriteOwner,
    bufs: WriteBufs,
    /// None on a connected handle.
    addr: Option<SockAddr>,
    /// Its length, counted in the queue size until its callback runs.
    size: usize,
}

impl PendingSend {
    /// The datagram is done with (sent, failed or cancelled): what its
    /// callback needs.
    pub(crate) fn finish(self, status: i32) -> DoneSend {
        DoneSend {
            owner: self.owner,
            buf: match self.bufs {
                WriteBufs::Owned(v) => Some(v),
                WriteBufs::Lent(_) => None,
            },
            size: self.size,
            status,
        }
    }

    fn outgoing(&self) -> Outgoing<'_> {
        let payload = match &self.bufs {
            WriteBufs::Lent(lent) => Payload::Lent(lent.as_slice()),
            WriteBufs::Owned(bytes) => Payload::Bytes(bytes),
        };
        Outgoing {
            payload,
            addr: self.addr.as_ref(),
        }
    }
}

/// A send whose callback is due: only what the callback needs, so the
/// common send (out at once) never copies its address or buffer list.
pub(crate) struct DoneSend {
    owner: WriteOwner,
    /// A Rust caller's bytes, handed back.
    buf: Option<Vec<u8>>,
    /// Its length, counted in the queue size until its callback runs.
    size: usize,
    /// 0 once sent, an error code once failed.
    status: i32,
}

impl DoneSend {
    pub(crate) fn size(&self) -> usize {
        self.size
    }
}

/// Takes the next send whose callback is due off the queue counts: the
/// send, with the counts left.
fn take_completed(udp: &mut Udp) -> Option<(DoneSend, usize, usize)> {
    let send = udp.completed.pop_front()?;
    udp.queued_bytes -= send.size;
    udp.queued_count -= 1;
    Some((send, udp.queued_bytes, udp.queued_count))
}

/// The errors that mean "the kernel's buffer is full, try later".
fn would_block(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EAGAIN) | Some(libc::ENOBUFS))
}

/// Checks a send's destination against the handle's state, as libuv does
/// before anything else: an address on a connected handle is UV_EISCONN,
/// none on an unconnected one UV_EDESTADDRREQ, a family other than IPv4,
/// IPv6 or Unix UV_EINVAL.
fn check_destination(flags: u32, addr: Option<&SockAddr>) -> Result<()> {
    let connected = flags & bits::CONNECTED != 0;
    match addr {
        Some(_) if connected => Err(Error::from_code(code::EISCONN)),
        None if !connected => Err(Error::from_code(code::EDESTADDRREQ)),
        Some(addr)
            if ![libc::AF_INET, libc::AF_INET6, libc::AF_UNIX]
                .contains(&i32::from(addr.family())) =>
        {
            Err(einval())
        }
        _ => Ok(()),
    }
}

impl Loop {
    /// Makes sure a send to `addr` has a socket to leave from: an IPv4 or
    /// IPv6 destination binds a handle without one to the wildcard address.
    fn udp_prepare_send(&self, id: HandleId, addr: Option<&SockAddr>) -> Result<()> {
        if self.is_closing(id) {
            return Err(einval());
        }
        let (flags, has_socket) = self
            .with_udp(id, |_, w, u| (u.flags, w.fd.is_some()))
            .unwrap_or((0, false));
        check_destination(flags, addr)?;
        match addr {
            _ if has_socket => Ok(()),
            Some(addr) if addr.family() != libc::AF_UNIX as libc::sa_family_t => {
                self.udp_ensure_socket(id, i32::from(addr.family()), 0)
            }
            // A Unix destination needs a socket the caller opened.
            _ => Err(einval()),
        }
    }

    /// Queues a datagram (`addr` None on a connected handle). With nothing
    /// queued it is sent at once; either way its callback runs later: in
    /// the next pending phase, or after the writable event that sends it.
    pub fn udp_send(
        &self,
        id: HandleId,
        owner: WriteOwner,
        bufs: WriteBufs,
        addr: Option<&SockAddr>,
    ) -> Result<()> {
        self.udp_send_from(id, owner, NewBufs::Kept(bufs), addr)
    }

    /// [`udp_send`](Self::udp_send) for buffers a host lends: the list (and
    /// the address) are copied only if the datagram has to wait.
    pub fn udp_send_lent(
        &self,
        id: HandleId,
        owner: WriteOwner,
        bufs: &[RawBuf],
        addr: Option<&SockAddr>,
    ) -> Result<()> {
        self.udp_send_from(id, owner, NewBufs::Borrowed(bufs), addr)
    }

    fn udp_send_from(
        &self,
        id: HandleId,
        owner: WriteOwner,
        bufs: NewBufs<'_>,
        addr: Option<&SockAddr>,
    ) -> Result<()> {
        self.udp_prepare_send(id, addr)?;
        if let WriteOwner::Host(request) = owner {
            self.admit(request)?;
        }
        let size = bufs.total();
        let (queue, was_active) = self
            .with_udp(id, |lp, watcher, udp| {
                // Requests whose callbacks are still due count as queued:
                // a send behind them waits its turn.
                let idle = udp.queued_count == 0;
                // A receiving handle is active already: only recv_stop, which
                // clears the flag, stops it. (Queued sends are no such sign:
                // recv_stop stops a handle whose only sends are finished
                // ones, and the next send starts it again, as in libuv.)
                let was_active = udp.flags & bits::READING != 0;
                udp.queued_bytes += size;
                udp.queued_count += 1;
                lp.req_register();
                if idle && udp.flags & bits::PROCESSING == 0 {
                    if let Some(fd) = watcher.fd.as_ref() {
                        // Nothing ahead of it: sent now, from where it lies.
                        let out = Outgoing {
                            payload: bufs.payload(),
                            addr,
                        };
                        let status = match net::send_msg(fd.as_fd(), &out) {
                            Err(e) if would_block(&e) => None,
                            Ok(_) => Some(0),
                            Err(e) => Some(io_error(e).code()),
                        };
                        if let Some(status) = status {
                            udp.completed.push_back(DoneSend {
                                owner,
                                buf: bufs.into_owned(),
                                size,
                                status,
                            });
                            lp.feed(watcher);
                            return ((udp.queued_bytes, udp.queued_count), was_active);
                        }
                    }
                }
                udp.sends.push_back(PendingSend {
                    owner,
                    bufs: bufs.keep(),
                    addr: addr.cloned(),
                    size,
                });
                let _ = lp.interest_add(watcher, ready::WRITABLE);
                ((udp.queued_bytes, udp.queued_count), was_active)
            })
            .ok_or(einval())?;
        if !was_active {
            self.handle_start(id);
        }
        self.host_send_queue(id, queue.0, queue.1);
        Ok(())
    }

    /// Sends a datagram now if the kernel takes it, without queueing:
    /// UV_EAGAIN while other sends are queued or when it would block.
    /// Returns the datagram's length.
    pub fn udp_try_send(
        &self,
        id: HandleId,
        payload: Payload<'_>,
        addr: Option<&SockAddr>,
    ) -> Result<usize> {
        if self.is_closing(id) {
            return Err(einval());
        }
        check_destination(self.udp_flags(id), addr)?;
        if self.udp_send_queue(id).1 != 0 {
            return Err(Error::from_code(code::EAGAIN));
        }
        self.udp_prepare_send(id, addr)?;
        self.with_udp_socket(id, |fd, _| {
            let out = Outgoing { payload, addr };
            match net::send_msg(fd, &out) {
                Ok(n) => Ok(n),
                Err(e) if would_block(&e) => Err(Error::from_code(code::EAGAIN)),
                Err(e) => Err(io_error(e)),
            }
        })
    }

    /// Hands queued datagrams to the kernel in batches until it pushes back
    /// or the queue is empty. Sent ones, and a failed batch (every datagram
    /// in it gets the error, as in libuv), move to `completed`, and the
    /// handle is fed so their callbacks run in the pending phase.
    pub(crate) fn flush_sends(&self, watcher: &mut Watcher, udp: &mut Udp) {
        let Some(fd) = watcher.fd.as_ref() else {
            return;
        };
        if udp.sends.is_empty() {
            return;
        }
        loop {
            let count = udp.sends.len().min(BATCH);
            let outcome = net::send_batch(fd.as_fd(), udp.sends.iter().map(PendingSend::outgoing));
            match outcome {
                Ok(0) => return,
                Ok(sent) => {
                    for _ in 0..sent {
                        let done = udp.sends.pop_front().expect("sent from the queue");
                        udp.completed.push_back(done.finish(0));
                    }
                    if udp.sends.is_empty() {
                        self.feed(watcher);
                        return;
                    }
                }
                Err(e) if would_block(&e) => return,
                Err(e) => {
                    let status = io_error(e).code();
                    for _ in 0..count {
                        let failed = udp.sends.pop_front().expect("batched from the queue");
                        udp.completed.push_back(failed.finish(status));
                    }
                    self.feed(watcher);
                    return;
                }
            }
        }
    }

    /// Writability, or the pending phase: send what is queued, then run
    /// the callbacks of finished sends.
    pub(crate) fn udp_writable(&self, id: HandleId) {
        let token = self.token(id);
        // Each callback's send leaves the queue counts before it runs; once
        // none is due, the handle stops waiting for writability if nothing
        // is queued, and stops being active unless receiving.
        let mut idle = false;
        let mut next_due = |lp: &Loop, watcher: &mut Watcher, udp: &mut Udp| {
            let next = take_completed(udp);
            if next.is_none() {
                udp.flags &= !bits::PROCESSING;
                if udp.sends.is_empty() {
                    lp.interest_remove(watcher, ready::WRITABLE);
                    idle = udp.flags & bits::READING == 0;
                }
            }
            next
        };
        let mut next = self
            .with_udp(id, |lp, watcher, udp| {
                lp.flush_sends(watcher, udp);
                udp.flags |= bits::PROCESSING;
                next_due(lp, watcher, udp)
            })
            .flatten();
        while let Some((send, size, count)) = next {
            self.req_unregister();
            if let Some(token) = token {
                self.host.send_queue(token, size, count);
            }
            self.send_done(id, send);
            next = self.with_udp(id, &mut next_due).flatten();
        }
        if idle {
            self.handle_stop(id);
        }
    }

    /// One finished send's callback: the host's, or the Rust handle's with
    /// its buffer handed back.
    pub(crate) fn send_done(&self, id: HandleId, send: DoneSend) {
        match send.owner {
            WriteOwner::Host(token) => {
                self.host
                    .req_done(self, id, token, ReqKind::UdpSend, send.status)
            }
            WriteOwner::Handle => {
                let buf = ReturnedBuf::new(send.buf);
                self.fire_event(
                    id,
                    &Event::Sent {
                        status: send.status,
                        buf: &buf,
                    },
                );
            }
        }
    }

    /// Tells the host the handle's queue counts changed.
    pub(crate) fn host_send_queue(&self, id: HandleId, size: usize, count: usize) {
        if let Some(token) = self.token(id) {
            self.host.send_queue(token, size, count);
        }
    }
}
