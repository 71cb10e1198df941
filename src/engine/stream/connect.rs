//! Connecting: the request's life from connect(2) to its callback.
//!
//! A connect that is still in progress when connect(2) returns goes into
//! epoll for writability. Over loopback it rarely is: the kernel usually
//! runs the whole handshake inside the call. So a loopback connect asks at
//! once, with a second connect(2), and one that has finished (or failed)
//! never enters epoll: its callback waits for the next I/O phase, where
//! epoll would have reported it, and the epoll_ctl calls to add the socket
//! and, at close, to remove it again are saved. A Unix-domain connect
//! finishes inside the call or fails, and is treated the same way.

use super::{einval, sflags, Completion, ReqKind};
use crate::engine::handle::HandleId;
use crate::engine::Loop;
use crate::error::{code, Error};
use crate::sys::{self, ready};
use std::os::fd::AsFd;

impl Loop {
    /// Starts connecting an open stream socket to `addr`. A refusal the
    /// kernel reports at once is kept and reported through the callback in
    /// the next pending phase; other immediate errors are returned.
    pub(crate) fn stream_connect(
        &self,
        id: HandleId,
        addr: &sys::net::SockAddr,
        done: Completion,
    ) -> std::result::Result<(), (Error, Completion)> {
        let mut done = Some(done);
        let started = self.with_stream(id, |lp, watcher, stream| {
            if stream.connect.is_some() {
                return Err(Error::from_code(code::EALREADY));
            }
            let fd = watcher.fd.as_ref().ok_or(einval())?;
            if let Some(Completion::Host(request)) = done {
                lp.admit(request)?;
            }
            stream.delayed_error = 0;
            let settled = match sys::net::connect(fd.as_fd(), addr) {
                Ok(true) => true,
                Ok(false) if is_loopback(addr) => {
                    match sys::net::connect_finished(fd.as_fd(), addr) {
                        Ok(finished) => finished,
                        Err(e) => {
                            stream.delayed_error = Error::from_io(&e).code();
                            true
                        }
                    }
                }
                Ok(false) => false,
                Err(e) if e.raw_os_error() == Some(libc::ECONNREFUSED) => {
                    stream.delayed_error = code::ECONNREFUSED;
                    false
                }
                Err(e) => return Err(Error::from_io(&e)),
            };
            stream.flags |= sflags::READABLE | sflags::WRITABLE;
            lp.req_register();
            stream.connect = done.take();
            if settled {
                lp.connected_now.borrow_mut().push(id);
            } else if lp.interest_add(watcher, ready::WRITABLE).is_err()
                || stream.delayed_error != 0
            {
                lp.feed(watcher);
            }
            Ok(())
        });
        match (started, done) {
            (Some(Err(e)), Some(done)) => Err((e, done)),
            (None, Some(done)) => Err((einval(), done)),
            _ => Ok(()),
        }
    }

    /// Records a connect that failed before it started (a pipe path that
    /// does not exist): the callback still runs, in the next pending phase.
    pub(crate) fn stream_connect_failed(&self, id: HandleId, error: i32, done: Completion) {
        // The host checked that its request is not in flight (a connect
        // with no error return cannot refuse it): taken, it is given back
        // with the callback.
        if let Completion::Host(request) = done {
            let _ = self.admit(request);
        }
        let _ = self.with_stream(id, |lp, watcher, stream| {
            stream.delayed_error = error;
            lp.req_register();
            stream.connect = Some(done);
            lp.feed(watcher);
        });
    }

    /// A connect that finished inside connect(2), in the I/O phase after:
    /// told as epoll would have told it, unless the stream has been closed
    /// since (its request was cancelled then).
    pub(crate) fn connect_settled(&self, id: HandleId) {
        let connecting = self.with_stream(id, |_, watcher, stream| {
            watcher.fd.is_some() && stream.connect.is_some() && stream.flags & sflags::CLOSING == 0
        });
        if connecting == Some(true) {
            self.connect_ready(id, ready::WRITABLE);
        }
    }

    /// Writability (or the pending phase) while connecting: find out how
    /// it went, tell the callback, and start or cancel queued writes.
    /// `ready` is what epoll reported (0 from the pending phase).
    pub(crate) fn connect_ready(&self, id: HandleId, ready: u32) {
        let finished = self.with_stream(id, |lp, watcher, stream| {
            let error = if stream.delayed_error != 0 {
                std::mem::take(&mut stream.delayed_error)
            } else if connected(ready) {
                0
            } else {
                let fd = watcher.fd.as_ref()?;
                match sys::net::take_error(fd.as_fd()) {
                    Ok(libc::EINPROGRESS) => return None,
                    Ok(errno) => Error::from_errno(errno).code(),
                    Err(e) => Error::from_io(&e).code(),
                }
            };
            let done = stream.connect.take()?;
            if error < 0 || stream.writes.is_empty() {
                lp.interest_remove(watcher, ready::WRITABLE);
            } else if lp.interest_add(watcher, ready::WRITABLE).is_err() {
                // Writes queued behind a connect that never went into
                // epoll: writability starts them, or else the pending phase.
                lp.feed(watcher);
            }
            Some((done, error))
        });
        let Some(Some((done, error))) = finished else {
            return;
        };
        self.complete(id, done, ReqKind::Connect, error);
        if error < 0 && self.stream_fd(id).is_some() {
            self.cancel_writes(id);
        }
    }

    /// Fails every queued write with UV_ECANCELED and runs their callbacks.
    fn cancel_writes(&self, id: HandleId) {
        loop {
            let next = self.with_stream(id, |_, _, s| {
                s.writes.pop_front().map(|w| w.finish(code::ECANCELED))
            });
            let Some(Some(write)) = next else {
                break;
            };
            let _ = self.with_stream(id, |_, _, s| s.finished.push_back(write));
        }
        loop {
            let next = self.with_stream(id, |_, _, s| s.finished.pop_front());
            let Some(Some(write)) = next else {
                return;
            };
            self.write_done(id, write);
        }
    }
}

/// Whether a connect to `addr` goes over loopback, where it usually
/// finishes inside connect(2).
fn is_loopback(addr: &sys::net::SockAddr) -> bool {
    match addr.as_socket() {
        Some(std::net::SocketAddr::V4(a)) => a.ip().is_loopback(),
        Some(std::net::SocketAddr::V6(a)) => {
            a.ip().is_loopback() || a.ip().to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// Whether a writability report alone shows a connect succeeded, so that
/// asking the socket for its error (a system call libuv makes on every
/// connect) can be skipped: a socket still connecting reports nothing, one
/// that failed reports an error or a hang-up with its writability.
fn connected(ready: u32) -> bool {
    ready & (ready::WRITABLE | ready::ERROR | ready::HANGUP) == ready::WRITABLE
}
