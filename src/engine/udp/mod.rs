//! UDP handles, with libuv's semantics.
//!
//! - The socket is made late: by bind, or by the first call that needs one
//!   (send, connect, recv_start, joining a group), which binds it to the
//!   wildcard address; `udp_init` with a family makes it at once.
//! - Sending: requests queue in order. A send on a handle with nothing
//!   queued is tried at once; later ones wait for writability and go out in
//!   batches (sendmmsg). Callbacks run in the pending phase after the send
//!   that finished at once, or right after a writable event's batch.
//! - Receiving: each readable event asks for a buffer and reports datagrams
//!   until the kernel has no more (reported as `nread` 0 with no address),
//!   up to 32 per event. With `RECVMMSG`, one buffer takes a batch.
//! - Closing fails queued sends with UV_ECANCELED; sends that had already
//!   finished still report their own status. Both come before the close
//!   callback.

mod options;
mod recv;
mod send;

use super::handle::{BoxedCallback, HandleId, Kind};
use super::watcher::{IoState, Watcher};
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::{self, net::SockAddr, Descriptor};
use std::collections::VecDeque;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};

pub use options::{JOIN_GROUP, LEAVE_GROUP};

/// libuv's `uv_udp_flags` values: bind flags, init flags and the flags a
/// receive reports.
pub mod udp_flags {
    /// bind: IPv6 only, no dual stack.
    pub const IPV6ONLY: u32 = 1;
    /// recv: the datagram was longer than the buffer; the rest is lost.
    pub const PARTIAL: u32 = 2;
    /// bind: SO_REUSEADDR.
    pub const REUSEADDR: u32 = 4;
    /// recv: one datagram of a recvmmsg batch, inside the lent buffer.
    pub const MMSG_CHUNK: u32 = 8;
    /// recv: the batch is over; the lent buffer is the caller's again.
    pub const MMSG_FREE: u32 = 16;
    /// bind: IP_RECVERR / IPV6_RECVERR.
    pub const LINUX_RECVERR: u32 = 32;
    /// init: receive in batches with recvmmsg.
    pub const RECVMMSG: u32 = 256;
}
use udp_flags as uf;

/// A UDP handle's state bits.
mod bits {
    pub const BOUND: u32 = 0x1;
    /// Bound to an IPv6 address: options use the IPv6 level.
    pub const IPV6: u32 = 0x2;
    pub const CONNECTED: u32 = 0x4;
    pub const RECVMMSG: u32 = 0x8;
    /// Receiving (libuv: the recv callback is set). Only recv_stop and the
    /// end of closing clear it, so a batch already received is delivered
    /// in full even if a callback closes the handle.
    pub const READING: u32 = 0x10;
    /// Send callbacks are running: a send queued meanwhile waits for
    /// writability rather than going out at once.
    pub const PROCESSING: u32 = 0x20;
}

pub(crate) struct Udp {
    flags: u32,
    /// Sends not yet handed to the kernel, oldest first.
    sends: VecDeque<send::PendingSend>,
    /// Sends done (or failed) whose callbacks are due, in order.
    completed: VecDeque<send::DoneSend>,
    /// Bytes and requests queued and not yet called back (libuv's
    /// `send_queue_size` and `send_queue_count`).
    queued_bytes: usize,
    queued_count: usize,
    /// The receive buffer of a Rust handle (C handles lend theirs).
    own_buf: Vec<u8>,
}

impl Udp {
    fn new(flags: u32) -> Udp {
        Udp {
            flags,
            sends: VecDeque::new(),
            completed: VecDeque::new(),
            queued_bytes: 0,
            queued_count: 0,
            own_buf: Vec::new(),
        }
    }
}

fn einval() -> Error {
    Error::from_code(code::EINVAL)
}

fn io_error(e: std::io::Error) -> Error {
    Error::from_io(&e)
}

/// The wildcard address of `domain`, port 0: what a socket made on demand
/// is bound to.
fn wildcard(domain: i32) -> Result<SockAddr> {
    let ip = match domain {
        libc::AF_INET => Ipv4Addr::UNSPECIFIED.into(),
        libc::AF_INET6 => Ipv6Addr::UNSPECIFIED.into(),
        _ => return Err(einval()),
    };
    Ok(SockAddr::from(SocketAddr::new(ip, 0)))
}

impl Loop {
    /// Registers a UDP handle. `flags` are `uv_udp_init_ex`'s: an address
    /// family in the low byte (AF_UNSPEC: make the socket later; AF_INET or
    /// AF_INET6: make it now) and `udp_flags::RECVMMSG` above it.
    pub fn udp_init(
        &self,
        token: usize,
        callback: Option<BoxedCallback>,
        flags: u32,
    ) -> Result<HandleId> {
        let domain = (flags & 0xff) as i32;
        if ![libc::AF_UNSPEC, libc::AF_INET, libc::AF_INET6].contains(&domain) {
            return Err(einval());
        }
        let extra = flags & !0xff;
        if extra & !uf::RECVMMSG != 0 {
            return Err(einval());
        }
        let fd = match domain {
            libc::AF_UNSPEC => None,
            _ => Some(sys::net::socket(domain, libc::SOCK_DGRAM).map_err(io_error)?),
        };
        let id = self.init_handle(Kind::Udp, token, callback);
        let state = if extra & uf::RECVMMSG != 0 {
            bits::RECVMMSG
        } else {
            0
        };
        self.watch(id, IoState::Udp(Box::new(Udp::new(state))));
        if let Some(fd) = fd {
            self.attach_fd(id, Descriptor::owned(fd))?;
        }
        Ok(id)
    }

    /// Runs `f` on the handle's UDP state and its watcher, with the borrow
    /// released before anything else can run.
    pub(crate) fn with_udp<T>(
        &self,
        id: HandleId,
        f: impl FnOnce(&Loop, &mut Watcher, &mut Udp) -> T,
    ) -> Option<T> {
        self.with_io_state(
            id,
            |state| match state {
                IoState::Udp(udp) => Some(&mut **udp),
                _ => None,
            },
            f,
        )
    }

    /// Like [`with_udp`](Self::with_udp) for operations on the socket: no
    /// socket (not made yet, or closed) is UV_EBADF, as the system call on
    /// libuv's -1 descriptor would answer.
    fn with_udp_socket<T>(
        &self,
        id: HandleId,
        f: impl FnOnce(std::os::fd::BorrowedFd<'_>, &mut Udp) -> Result<T>,
    ) -> Result<T> {
        self.with_udp(id, |_, watcher, udp| match watcher.fd.as_ref() {
            Some(fd) => f(fd.as_fd(), udp),
            None => Err(Error::from_code(code::EBADF)),
        })
        .unwrap_or(Err(einval()))
    }

    fn udp_flags(&self, id: HandleId) -> u32 {
        self.with_udp(id, |_, _, u| u.flags).unwrap_or(0)
    }

    fn udp_has_socket(&self, id: HandleId) -> bool {
        self.with_udp(id, |_, w, _| w.fd.is_some()).unwrap_or(false)
    }

    /// The handle's socket: UV_EBADF while there is none or the handle is
    /// closing (uv_fileno).
    pub fn udp_fileno(&self, id: HandleId) -> Result<RawFd> {
        let fd = self.with_udp(id, |_, w, _| w.raw_fd()).ok_or(einval())?;
        match fd {
            Some(fd) if !self.is_closing(id) => Ok(fd),
            _ => Err(Error::from_code(code::EBADF)),
        }
    }

    /// Binds, making the socket first if there is none yet. `flags` are
    /// `udp_flags::IPV6ONLY`, `REUSEADDR` and `LINUX_RECVERR`.
    pub fn udp_bind(&self, id: HandleId, addr: &SockAddr, flags: u32) -> Result<()> {
        if flags & !(uf::IPV6ONLY | uf::REUSEADDR | uf::LINUX_RECVERR) != 0 {
            return Err(einval());
        }
        let family = i32::from(addr.family());
        if family != libc::AF_INET && family != libc::AF_INET6 {
            return Err(einval());
        }
        if flags & uf::IPV6ONLY != 0 && family != libc::AF_INET6 {
            return Err(einval());
        }
        if self.is_closing(id) {
            return Err(einval());
        }
        self.with_udp(id, |_, watcher, udp| {
            if watcher.fd.is_none() {
                let fd = sys::net::socket(family, libc::SOCK_DGRAM).map_err(io_error)?;
                watcher.fd = Some(Descriptor::owned(fd));
                watcher.registered = 0;
            }
            let fd = watcher.fd.as_ref().expect("made above").as_fd();
            if flags & uf::LINUX_RECVERR != 0 {
                let (level, name) = if family == libc::AF_INET6 {
                    (libc::IPPROTO_IPV6, libc::IPV6_RECVERR)
                } else {
                    (libc::IPPROTO_IP, libc::IP_RECVERR)
                };
                sys::net::set_option(fd, level, name, 1).map_err(io_error)?;
            }
            if flags & uf::REUSEADDR != 0 {
                sys::net::set_reuseaddr(fd).map_err(io_error)?;
            }
            if flags & uf::IPV6ONLY != 0 {
                sys::net::set_ipv6only(fd, true).map_err(io_error)?;
            }
            if let Err(e) = sys::net::bind(fd, addr) {
                // Binding across families is EAFNOSUPPORT on some systems;
                // libuv reports it as EINVAL everywhere.
                return Err(match e.raw_os_error() {
                    Some(libc::EAFNOSUPPORT) => einval(),
                    _ => io_error(e),
                });
            }
            if family == libc::AF_INET6 {
                udp.flags |= bits::IPV6;
            }
            udp.flags |= bits::BOUND;
            Ok(())
        })
        .unwrap_or(Err(einval()))
    }

    /// Makes sure the handle has a socket: one without is bound to the
    /// wildcard address of `domain` with `flags` (libuv's deferred bind).
    fn udp_ensure_socket(&self, id: HandleId, domain: i32, flags: u32) -> Result<()> {
        if self.udp_has_socket(id) {
            return Ok(());
        }
        self.udp_bind(id, &wildcard(domain)?, flags)
    }

    /// Adopts a datagram socket the caller made (uv_udp_open): made
    /// non-blocking, given SO_REUSEADDR, and taken as connected if it has a
    /// peer. On failure the descriptor is handed back, still the caller's.
    pub fn udp_open(&self, id: HandleId, fd: OwnedFd) -> std::result::Result<(), (Error, OwnedFd)> {
        if self.is_closing(id) {
            return Err((einval(), fd));
        }
        match self.with_udp(id, |_, w, _| w.fd.is_some()) {
            None => return Err((einval(), fd)),
            Some(true) => return Err((Error::from_code(code::EBUSY), fd)),
            Some(false) => {}
        }
        if self.fd_in_use(fd.as_raw_fd()) {
            return Err((Error::from_code(code::EEXIST), fd));
        }
        let prepared = sys::net::set_nonblocking(fd.as_fd(), true)
            .and_then(|()| sys::net::set_reuseaddr(fd.as_fd()));
        if let Err(e) = prepared {
            return Err((io_error(e), fd));
        }
        let connected = sys::net::peer_addr(fd.as_fd()).is_ok_and(|a| a.len() > 0);
        let _ = self.with_udp(id, move |_, watcher, udp| {
            watcher.fd = Some(Descriptor::owned(fd));
            watcher.registered = 0;
            if connected {
                udp.flags |= bits::CONNECTED;
            }
        });
        Ok(())
    }

    /// Associates the handle with one peer (`Some`), after which sends
    /// name no address and only that peer's datagrams arrive; `None`
    /// dissolves the association.
    pub fn udp_connect(&self, id: HandleId, addr: Option<&SockAddr>) -> Result<()> {
        let connected = self.udp_flags(id) & bits::CONNECTED != 0;
        let Some(addr) = addr else {
            if !connected {
                return Err(Error::from_code(code::ENOTCONN));
            }
            return self.with_udp_socket(id, |fd, udp| {
                sys::net::disconnect(fd).map_err(io_error)?;
                udp.flags &= !bits::CONNECTED;
                Ok(())
            });
        };
        let family = i32::from(addr.family());
        if family != libc::AF_INET && family != libc::AF_INET6 {
            return Err(einval());
        }
        if connected {
            return Err(Error::from_code(code::EISCONN));
        }
        if self.is_closing(id) {
            return Err(einval());
        }
        self.udp_ensure_socket(id, family, 0)?;
        self.with_udp_socket(id, |fd, udp| {
            sys::net::connect(fd, addr).map_err(io_error)?;
            udp.flags |= bits::CONNECTED;
            Ok(())
        })
    }

    /// The local address (UV_EBADF before the socket exists).
    pub fn udp_sockname(&self, id: HandleId) -> Result<SockAddr> {
        self.udp_fileno(id)?;
        self.with_udp_socket(id, |fd, _| sys::net::local_addr(fd).map_err(io_error))
    }

    /// The connected peer's address (UV_ENOTCONN when not connected).
    pub fn udp_peername(&self, id: HandleId) -> Result<SockAddr> {
        self.udp_fileno(id)?;
        self.with_udp_socket(id, |fd, _| sys::net::peer_addr(fd).map_err(io_error))
    }

    /// Whether receives use recvmmsg (the handle was made with
    /// `udp_flags::RECVMMSG`).
    pub fn udp_using_recvmmsg(&self, id: HandleId) -> bool {
        self.udp_flags(id) & bits::RECVMMSG != 0
    }

    /// Bytes and requests queued and not yet called back.
    pub fn udp_send_queue(&self, id: HandleId) -> (usize, usize) {
        self.with_udp(id, |_, _, u| (u.queued_bytes, u.queued_count))
            .unwrap_or((0, 0))
    }

    /// Closing, first half: stop all I/O and close the socket. Queued
    /// sends wait for [`udp_finish_close`](Self::udp_finish_close).
    pub(crate) fn udp_close(&self, id: HandleId) {
        let fd = self.with_udp(id, |lp, watcher, _| lp.detach_fd(watcher));
        self.handle_stop(id);
        drop(fd);
    }

    /// Closing, second half (the closing phase): finished sends report
    /// their status, queued ones UV_ECANCELED, in order.
    pub(crate) fn udp_finish_close(&self, id: HandleId) {
        let Some((_, IoState::Udp(mut udp))) = self.watchers.borrow_mut().remove(id) else {
            return;
        };
        while let Some(send) = udp.sends.pop_front() {
            udp.completed.push_back(send.finish(code::ECANCELED));
        }
        while let Some(send) = udp.completed.pop_front() {
            udp.queued_bytes -= send.size();
            udp.queued_count -= 1;
            self.req_unregister();
            self.host_send_queue(id, udp.queued_bytes, udp.queued_count);
            self.send_done(id, send);
        }
    }

    /// Readiness of the handle's socket. As in libuv, only what is still
    /// asked for counts, and a lone error or hang-up counts as everything
    /// asked for, so the receive or send finds out what happened.
    pub(crate) fn udp_ready(&self, id: HandleId, ready: u32) {
        use sys::ready as r;
        let Some(interest) = self.with_udp(id, |_, w, _| w.registered) else {
            return;
        };
        let mut got = ready & (interest | r::ERROR | r::HANGUP);
        if got == r::ERROR || got == r::HANGUP {
            got |= interest & (r::READABLE | r::WRITABLE);
        }
        if got & r::READABLE != 0 {
            self.udp_readable(id);
        }
        if got & r::WRITABLE != 0 && self.udp_has_socket(id) {
            self.udp_writable(id);
        }
    }

    /// The pending phase's turn for a fed handle: as if writable.
    pub(crate) fn udp_pending(&self, id: HandleId) {
        if self.udp_has_socket(id) {
            self.udp_writable(id);
        }
    }
}
