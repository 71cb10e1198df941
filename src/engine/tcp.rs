//! TCP on top of streams: making the socket, bind, connect, listen and the
//! socket options, with libuv's rules for when each takes effect.

use super::handle::HandleId;
use super::stream::{sflags, Completion};
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::{self, net::SockAddr, Descriptor};
use std::os::fd::{AsFd, OwnedFd};

fn io_error(e: std::io::Error) -> Error {
    Error::from_io(&e)
}

impl Loop {
    /// Makes the handle's socket now, for `domain` (AF_INET or AF_INET6),
    /// as `uv_tcp_init_ex` does; AF_UNSPEC leaves it for later.
    pub fn tcp_make_socket(&self, id: HandleId, domain: i32) -> Result<()> {
        if domain == libc::AF_UNSPEC {
            return Ok(());
        }
        self.tcp_ensure_socket(id, domain, 0)
    }

    /// Gives the handle a socket of `domain` unless it has one; on an
    /// existing socket only the direction bits are added.
    fn tcp_ensure_socket(&self, id: HandleId, domain: i32, bits: u32) -> Result<()> {
        if self.stream_fd(id).is_some() {
            let _ = self.with_stream(id, |_, _, s| s.flags |= bits);
            return Ok(());
        }
        let fd = sys::net::socket(domain, libc::SOCK_STREAM).map_err(io_error)?;
        self.tcp_apply_options(id, &fd)?;
        self.stream_open_fd(id, Descriptor::owned(fd), bits)
            .map_err(|(e, _closed)| e)
    }

    fn tcp_apply_options(&self, id: HandleId, fd: &OwnedFd) -> Result<()> {
        let flags = self.stream_flags(id);
        if flags & sflags::NODELAY != 0 {
            sys::net::set_nodelay(fd.as_fd(), true).map_err(io_error)?;
        }
        if flags & sflags::KEEPALIVE != 0 {
            sys::net::set_keepalive(fd.as_fd(), true, 60).map_err(io_error)?;
        }
        Ok(())
    }

    /// Adopts a socket the caller made (uv_tcp_open): it is assumed
    /// connected, so readable and writable. On failure the descriptor is
    /// handed back untouched by ownership, for the caller to keep.
    pub fn tcp_open(&self, id: HandleId, fd: OwnedFd) -> std::result::Result<(), (Error, OwnedFd)> {
        if self.stream_fd(id).is_some() {
            return Err((Error::from_code(code::EBUSY), fd));
        }
        if let Err(e) = sys::net::set_nonblocking(fd.as_fd(), true) {
            return Err((io_error(e), fd));
        }
        if let Err(e) = self.tcp_apply_options(id, &fd) {
            return Err((e, fd));
        }
        self.stream_open_fd(
            id,
            Descriptor::owned(fd),
            sflags::READABLE | sflags::WRITABLE,
        )
        .map_err(|(e, fd)| {
            let fd = fd.into_owned().expect("an owned descriptor stays owned");
            (e, fd)
        })
    }

    /// Binds. An address already in use is not an error yet: libuv reports
    /// it from the following listen or connect.
    pub fn tcp_bind(&self, id: HandleId, addr: &SockAddr, ipv6_only: bool) -> Result<()> {
        let family = i32::from(addr.family());
        if ipv6_only && family != libc::AF_INET6 {
            return Err(Error::from_code(code::EINVAL));
        }
        self.tcp_ensure_socket(id, family, 0)?;
        let delayed = self
            .with_stream(id, |_, watcher, stream| {
                let fd = watcher.fd.as_ref().ok_or(Error::from_code(code::EINVAL))?;
                sys::net::set_reuseaddr(fd.as_fd()).map_err(io_error)?;
                if family == libc::AF_INET6 {
                    sys::net::set_ipv6only(fd.as_fd(), ipv6_only).map_err(io_error)?;
                }
                let mut delayed = 0;
                if let Err(e) = sys::net::bind(fd.as_fd(), addr) {
                    match e.raw_os_error() {
                        Some(libc::EADDRINUSE) => delayed = code::EADDRINUSE,
                        Some(libc::EAFNOSUPPORT) => return Err(Error::from_code(code::EINVAL)),
                        _ => return Err(io_error(e)),
                    }
                }
                stream.delayed_error = delayed;
                stream.flags |= sflags::BOUND;
                if family == libc::AF_INET6 {
                    stream.flags |= sflags::IPV6;
                }
                Ok(delayed)
            })
            .unwrap_or(Err(Error::from_code(code::EINVAL)))?;
        let _ = delayed;
        Ok(())
    }

    /// The error bind kept for later, if any.
    fn delayed_error(&self, id: HandleId) -> i32 {
        self.with_stream(id, |_, _, s| s.delayed_error).unwrap_or(0)
    }

    /// Listens; an unbound handle gets an IPv4 socket on an ephemeral port.
    pub fn tcp_listen(&self, id: HandleId, backlog: i32) -> Result<()> {
        let delayed = self.delayed_error(id);
        if delayed != 0 {
            return Err(Error::from_code(delayed));
        }
        self.tcp_ensure_socket(id, libc::AF_INET, 0)?;
        self.stream_listen(id, backlog)
    }

    /// Connects to `addr`; the result arrives through `done`.
    pub fn tcp_connect(&self, id: HandleId, addr: &SockAddr, done: Completion) -> Result<()> {
        let delayed = self.delayed_error(id);
        if delayed != 0 {
            return Err(Error::from_code(delayed));
        }
        if self.with_stream(id, |_, _, s| s.connect.is_some()) == Some(true) {
            return Err(Error::from_code(code::EALREADY));
        }
        self.tcp_ensure_socket(id, i32::from(addr.family()), 0)?;
        self.stream_connect(id, addr, done)
            .map_err(|(e, _dropped)| e)
    }

    /// TCP_NODELAY now, or on the socket once there is one.
    pub fn tcp_nodelay(&self, id: HandleId, on: bool) -> Result<()> {
        self.tcp_option(id, sflags::NODELAY, on, |fd| sys::net::set_nodelay(fd, on))
    }

    /// Keep-alive with the first probe after `delay` seconds, now or on the
    /// socket once there is one.
    pub fn tcp_keepalive(&self, id: HandleId, on: bool, delay: u32) -> Result<()> {
        self.tcp_option(id, sflags::KEEPALIVE, on, |fd| {
            sys::net::set_keepalive(fd, on, delay)
        })
    }

    fn tcp_option(
        &self,
        id: HandleId,
        bit: u32,
        on: bool,
        set: impl FnOnce(std::os::fd::BorrowedFd<'_>) -> std::io::Result<()>,
    ) -> Result<()> {
        self.with_stream(id, |_, watcher, stream| {
            if let Some(fd) = watcher.fd.as_ref() {
                set(fd.as_fd()).map_err(io_error)?;
            }
            if on {
                stream.flags |= bit;
            } else {
                stream.flags &= !bit;
            }
            Ok(())
        })
        .unwrap_or(Err(Error::from_code(code::EINVAL)))
    }

    /// The local address (a bind conflict kept for later is reported here).
    pub fn tcp_sockname(&self, id: HandleId) -> Result<SockAddr> {
        let delayed = self.delayed_error(id);
        if delayed != 0 {
            return Err(Error::from_code(delayed));
        }
        self.socket_name(id, false)
    }

    pub fn tcp_peername(&self, id: HandleId) -> Result<SockAddr> {
        let delayed = self.delayed_error(id);
        if delayed != 0 {
            return Err(Error::from_code(delayed));
        }
        self.socket_name(id, true)
    }

    /// getsockname / getpeername of any watched handle's socket.
    pub fn socket_name(&self, id: HandleId, peer: bool) -> Result<SockAddr> {
        let watchers = self.watchers.borrow();
        let fd = watchers
            .get(id)
            .and_then(|w| w.fd.as_ref())
            .ok_or(Error::from_code(code::EBADF))?;
        let name = if peer {
            sys::net::peer_addr(fd.as_fd())
        } else {
            sys::net::local_addr(fd.as_fd())
        };
        name.map_err(io_error)
    }

    /// Makes closing send a reset instead of a FIN (SO_LINGER 0). Refused
    /// while a shutdown is pending.
    pub fn tcp_set_reset_on_close(&self, id: HandleId) -> Result<()> {
        self.with_stream(id, |_, watcher, stream| {
            if stream.flags & sflags::SHUTTING != 0 {
                return Err(Error::from_code(code::EINVAL));
            }
            let fd = watcher.fd.as_ref().ok_or(Error::from_code(code::EINVAL))?;
            sys::net::set_linger_zero(fd.as_fd()).map_err(io_error)
        })
        .unwrap_or(Err(Error::from_code(code::EINVAL)))
    }
}
