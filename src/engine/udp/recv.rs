//! Receiving: recv_start / recv_stop and what a readable event does.

use super::{bits, einval, Udp};
use crate::engine::handle::{Event, HandleId};
use crate::engine::Loop;
use crate::error::{code, Error, Result};
use crate::sys::net::{self, Landing, Received, SockAddr, BATCH};
use crate::sys::{ready, RawBuf};
use std::os::fd::AsFd;

use super::udp_flags as uf;

/// What libuv suggests to alloc callbacks: the largest datagram. With
/// recvmmsg, each datagram of a batch gets a chunk of this size.
pub(crate) const DGRAM_MAX: usize = 64 * 1024;
/// Datagrams per readable event before other handles get their turn.
const RECVS_PER_EVENT: usize = 32;

impl Loop {
    /// Starts receiving. A handle without a socket is bound to 0.0.0.0 on
    /// an ephemeral port first. UV_EALREADY when already receiving.
    pub fn udp_recv_start(&self, id: HandleId) -> Result<()> {
        if self.is_closing(id) {
            return Err(einval());
        }
        if self.udp_flags(id) & bits::READING != 0 {
            return Err(Error::from_code(code::EALREADY));
        }
        self.udp_ensure_socket(id, libc::AF_INET, 0)?;
        self.with_udp(id, |lp, watcher, udp| {
            udp.flags |= bits::READING;
            lp.interest_add(watcher, ready::READABLE)
        })
        .unwrap_or(Err(einval()))?;
        self.handle_start(id);
        Ok(())
    }

    /// Stops receiving. The handle stops being active unless sends wait
    /// for writability (a finished send whose callback is still due does
    /// not keep it active, as in libuv).
    pub fn udp_recv_stop(&self, id: HandleId) -> Result<()> {
        let sending = self
            .with_udp(id, |lp, watcher, udp| {
                udp.flags &= !bits::READING;
                lp.interest_remove(watcher, ready::READABLE);
                watcher.registered & ready::WRITABLE != 0
            })
            .ok_or(einval())?;
        if !sending {
            self.handle_stop(id);
        }
        Ok(())
    }

    /// Still receiving on an open socket: the receive loop goes on.
    fn udp_receiving(&self, id: HandleId) -> bool {
        self.with_udp(id, |_, w, u| w.fd.is_some() && u.flags & bits::READING != 0)
            .unwrap_or(false)
    }

    /// A readable event: receive until the kernel has nothing more, the
    /// callback stopped receiving or closed the handle, or the per-event
    /// limit.
    pub(crate) fn udp_readable(&self, id: HandleId) {
        // A C handle's token, to ask for its buffers; a Rust handle
        // receives into its own buffer.
        let Some(host_token) = self.host_token(id) else {
            return;
        };
        let mut budget = RECVS_PER_EVENT;
        loop {
            let received = match host_token {
                Some(token) => self.udp_recv_lent(id, token),
                None => self.udp_recv_own(id),
            };
            match received {
                Some(n) => budget = budget.saturating_sub(n),
                None => return,
            }
            if budget == 0 || !self.udp_receiving(id) {
                return;
            }
        }
    }

    /// One receive into a buffer the host lends. Returns how many datagrams
    /// arrived, or None when receiving is over for this event.
    ///
    /// An alloc callback that closed the handle or stopped receiving gets
    /// no receive callback, and no datagram is taken off the socket: the
    /// buffer stays the host's (libuv 1.44 reads the closed descriptor, or
    /// calls the receive callback it has just cleared).
    fn udp_recv_lent(&self, id: HandleId, token: usize) -> Option<usize> {
        /// What the buffer the host gave is for.
        enum Next {
            Nothing,
            NoBuffer,
            Batch,
            One(std::io::Result<Received>),
        }
        let buf = self.host.alloc(token, DGRAM_MAX);
        let next = self.with_udp(id, |_, watcher, udp| {
            let Some(fd) = watcher.fd.as_ref() else {
                return Next::Nothing;
            };
            if udp.flags & bits::READING == 0 {
                Next::Nothing
            } else if buf.is_empty() {
                Next::NoBuffer
            } else if udp.flags & bits::RECVMMSG != 0 && buf.len() >= DGRAM_MAX {
                // A buffer too small for one chunk takes a single datagram
                // (libuv would ask for buffers forever).
                Next::Batch
            } else {
                Next::One(net::recv_msg(fd.as_fd(), Landing::Lent(buf)))
            }
        })?;
        match next {
            Next::Nothing => None,
            Next::NoBuffer => {
                self.udp_deliver(id, code::ENOBUFS as isize, buf, &[], None, 0);
                None
            }
            Next::Batch => self.udp_recv_batch(id, buf),
            Next::One(outcome) => self.udp_settle(id, outcome, buf, None),
        }
    }

    /// One receive into the handle's own buffer (Rust handles).
    fn udp_recv_own(&self, id: HandleId) -> Option<usize> {
        let mut own = self.with_udp(id, |_, _, u: &mut Udp| std::mem::take(&mut u.own_buf))?;
        if own.len() < DGRAM_MAX {
            own.resize(DGRAM_MAX, 0);
        }
        let outcome = self.with_udp(id, |_, watcher, _| {
            let fd = watcher.fd.as_ref()?;
            Some(net::recv_msg(fd.as_fd(), Landing::Bytes(&mut own)))
        });
        let got = match outcome {
            Some(Some(outcome)) => self.udp_settle(id, outcome, RawBuf::EMPTY, Some(&own)),
            _ => None,
        };
        let _ = self.with_udp(id, |_, _, u| {
            if u.own_buf.is_empty() {
                u.own_buf = own;
            }
        });
        got
    }

    /// Reports one receive: a datagram (maybe truncated), nothing more for
    /// now (0 with no address), or an error.
    fn udp_settle(
        &self,
        id: HandleId,
        outcome: std::io::Result<Received>,
        buf: RawBuf,
        own: Option<&[u8]>,
    ) -> Option<usize> {
        match outcome {
            Ok(got) => {
                let flags = if got.truncated { uf::PARTIAL } else { 0 };
                let data = own.map_or(&[][..], |own| &own[..got.len]);
                self.udp_deliver(id, got.len as isize, buf, data, Some(&got.addr), flags);
                Some(1)
            }
            Err(e) if e.raw_os_error() == Some(libc::EAGAIN) => {
                self.udp_deliver(id, 0, buf, &[], None, 0);
                None
            }
            Err(e) => {
                let err = Error::from_io(&e).code() as isize;
                self.udp_deliver(id, err, buf, &[], None, 0);
                None
            }
        }
    }

    /// A batch receive (recvmmsg) into one lent buffer: each datagram is
    /// reported with `MMSG_CHUNK` and its chunk of the buffer, then the
    /// whole buffer once with `MMSG_FREE` so the caller can release it.
    fn udp_recv_batch(&self, id: HandleId, buf: RawBuf) -> Option<usize> {
        let mut got: [Received; BATCH] = std::array::from_fn(|_| Received::empty());
        let outcome = self.with_udp(id, |_, watcher, _| {
            let fd = watcher.fd.as_ref()?;
            Some(net::recv_batch(fd.as_fd(), buf, DGRAM_MAX, &mut got))
        })??;
        let count = match outcome {
            Ok(0) => {
                self.udp_deliver(id, 0, buf, &[], None, 0);
                return None;
            }
            Ok(count) => count,
            Err(e) => return self.udp_settle(id, Err(e), buf, None),
        };
        for (k, datagram) in got[..count].iter().enumerate() {
            if !self.udp_wants_data(id) {
                break;
            }
            let mut flags = uf::MMSG_CHUNK;
            if datagram.truncated {
                flags |= uf::PARTIAL;
            }
            let chunk = buf.window(k * DGRAM_MAX, DGRAM_MAX);
            let addr: &SockAddr = &datagram.addr;
            self.udp_deliver(id, datagram.len as isize, chunk, &[], Some(addr), flags);
        }
        if self.udp_wants_data(id) {
            self.udp_deliver(id, 0, buf, &[], None, uf::MMSG_FREE);
        }
        Some(count)
    }

    /// Whether the receive callback is still set (libuv keeps delivering a
    /// batch already received until recv_stop, even to a closing handle).
    fn udp_wants_data(&self, id: HandleId) -> bool {
        self.udp_flags(id) & bits::READING != 0
    }

    fn udp_deliver(
        &self,
        id: HandleId,
        nread: isize,
        buf: RawBuf,
        data: &[u8],
        addr: Option<&SockAddr>,
        flags: u32,
    ) {
        self.fire_event(
            id,
            &Event::UdpRecv {
                nread,
                buf,
                data,
                addr,
                flags,
            },
        );
    }
}
