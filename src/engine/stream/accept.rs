//! Listening and accepting, with a reserve descriptor so running out of
//! descriptors (EMFILE) cannot make the loop spin.

use super::{einval, sflags};
use crate::engine::handle::{Event, HandleId};
use crate::engine::Loop;
use crate::error::{code, Error, Result};
use crate::sys::{self, ready, Descriptor};
use std::os::fd::AsFd;

impl Loop {
    /// Starts listening on a bound (or freshly made) socket; connections
    /// are announced as [`Event::Connection`].
    pub(crate) fn stream_listen(&self, id: HandleId, backlog: i32) -> Result<()> {
        self.with_stream(id, |lp, watcher, stream| {
            let fd = watcher.fd.as_ref().ok_or(einval())?;
            sys::net::listen(fd.as_fd(), backlog).map_err(|e| Error::from_io(&e))?;
            stream.flags |= sflags::LISTENING | sflags::BOUND;
            lp.interest_add(watcher, ready::READABLE)
        })
        .unwrap_or(Err(einval()))?;
        self.reserve_descriptor();
        self.handle_start(id);
        Ok(())
    }

    /// Keeps one descriptor open to give up when the process runs out.
    fn reserve_descriptor(&self) {
        let mut reserve = self.emfile_reserve.borrow_mut();
        if reserve.is_none() {
            *reserve = sys::net::reserve_descriptor().ok();
        }
    }

    /// A listening socket is readable: accept until the kernel has no more
    /// connections or the callback leaves one unaccepted.
    pub(crate) fn accept_ready(&self, id: HandleId) {
        loop {
            let outcome = self.with_stream(id, |_, watcher, stream| {
                if stream.accepted.is_some() {
                    return None;
                }
                let fd = watcher.fd.as_ref()?;
                Some(sys::net::accept(fd.as_fd()))
            });
            let Some(Some(result)) = outcome else {
                return;
            };
            let status = match result {
                Ok(fd) => {
                    let _ = self.with_stream(id, |_, _, s| s.accepted = Some(fd));
                    0
                }
                Err(e) => match e.raw_os_error() {
                    Some(libc::EAGAIN) => return,
                    Some(libc::ECONNABORTED) => continue,
                    Some(libc::EMFILE) | Some(libc::ENFILE) => {
                        self.emfile_events.set(self.emfile_events.get() + 1);
                        if self.shed_connections(id) {
                            return;
                        }
                        Error::from_io(&e).code()
                    }
                    _ => Error::from_io(&e).code(),
                },
            };
            self.fire_event(id, &Event::Connection { status });
            // Not accepted by the callback: stop watching until it is.
            let waiting = self.with_stream(id, |lp, watcher, stream| {
                let waiting = stream.accepted.is_some();
                if waiting {
                    lp.interest_remove(watcher, ready::READABLE);
                }
                waiting
            });
            if waiting != Some(false) {
                return;
            }
        }
    }

    /// Out of descriptors: give up the reserve, accept and drop what is
    /// waiting, and take the reserve back. Returns true when the backlog
    /// was emptied this way (nothing to report).
    fn shed_connections(&self, id: HandleId) -> bool {
        let Some(reserve) = self.emfile_reserve.borrow_mut().take() else {
            return false;
        };
        drop(reserve);
        let drained = loop {
            let accepted = self.with_stream(id, |_, watcher, _| {
                watcher.fd.as_ref().map(|fd| sys::net::accept(fd.as_fd()))
            });
            match accepted.flatten() {
                Some(Ok(conn)) => drop(conn),
                Some(Err(e)) if e.raw_os_error() == Some(libc::EAGAIN) => break true,
                Some(Err(e)) if e.raw_os_error() == Some(libc::EINTR) => continue,
                _ => break false,
            }
        };
        self.reserve_descriptor();
        drained
    }

    /// Hands the connection waiting on `server` to `client`. UV_EAGAIN when
    /// none is waiting.
    /// The client is a TCP or pipe handle, or for a UDP socket passed over an
    /// ipc pipe, a UDP handle; any other kind is refused before the
    /// connection is taken.
    pub fn accept(&self, server: HandleId, client: HandleId) -> Result<()> {
        let client_kind = self.kind(client).ok_or(einval())?;
        if !client_kind.is_stream() && client_kind != crate::engine::Kind::Udp {
            let waiting = self
                .with_stream(server, |_, _, s| s.accepted.is_some())
                .ok_or(einval())?;
            return Err(Error::from_code(if waiting {
                code::EINVAL
            } else {
                code::EAGAIN
            }));
        }
        let (fd, listening) = self
            .with_stream(server, |_, _, stream| {
                let fd = stream.accepted.take();
                if stream.ipc {
                    stream.accepted = stream.received.pop_front();
                }
                (fd, stream.flags & sflags::LISTENING != 0)
            })
            .ok_or(einval())?;
        let fd = fd.ok_or(Error::from_code(code::EAGAIN))?;
        let outcome = if client_kind == crate::engine::Kind::Udp {
            self.udp_open(client, fd).map_err(|(e, _closed)| e)
        } else {
            self.stream_adopt(client, fd)
        };
        if listening && outcome.is_ok() {
            let _ = self.with_stream(server, |lp, watcher, _| {
                lp.interest_add(watcher, ready::READABLE)
            });
        }
        outcome
    }

    /// Opens `client` on an accepted (or passed) connected socket,
    /// applying the options set on it before it had one.
    pub(crate) fn stream_adopt(&self, client: HandleId, fd: std::os::fd::OwnedFd) -> Result<()> {
        let options = self
            .with_stream(client, |_, _, s| s.flags)
            .ok_or(einval())?;
        if options & sflags::NODELAY != 0 {
            sys::net::set_nodelay(fd.as_fd(), true).map_err(|e| Error::from_io(&e))?;
        }
        if options & sflags::KEEPALIVE != 0 {
            sys::net::set_keepalive(fd.as_fd(), true, 60).map_err(|e| Error::from_io(&e))?;
        }
        self.stream_open_fd(
            client,
            Descriptor::owned(fd),
            sflags::READABLE | sflags::WRITABLE | sflags::BOUND,
        )
        .map_err(|(e, _closed)| e)
    }

    /// How many passed handles wait to be accepted on an ipc pipe.
    pub fn pending_count(&self, id: HandleId) -> usize {
        self.with_stream(id, |_, _, s| {
            usize::from(s.accepted.is_some()) + s.received.len()
        })
        .unwrap_or(0)
    }

    /// The descriptor of the next handle to accept, to tell its type.
    pub fn pending_fd(&self, id: HandleId) -> Option<std::os::fd::RawFd> {
        self.with_stream(id, |_, _, s| {
            s.accepted.as_ref().map(std::os::fd::AsRawFd::as_raw_fd)
        })
        .flatten()
    }
}
