//! Connecting: the request's life from connect(2) to its callback.

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
            match sys::net::connect(fd.as_fd(), addr) {
                Ok(_) => {}
                Err(e) if e.raw_os_error() == Some(libc::ECONNREFUSED) => {
                    stream.delayed_error = code::ECONNREFUSED;
                }
                Err(e) => return Err(Error::from_io(&e)),
            }
            stream.flags |= sflags::READABLE | sflags::WRITABLE;
            lp.req_register();
            stream.connect = done.take();
            if lp.interest_add(watcher, ready::WRITABLE).is_err() || stream.delayed_error != 0 {
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

/// Whether a writability report alone shows a connect succeeded, so that
/// asking the socket for its error (a system call libuv makes on every
/// connect) can be skipped: a socket still connecting reports nothing, one
/// that failed reports an error or a hang-up with its writability.
fn connected(ready: u32) -> bool {
    ready & (ready::WRITABLE | ready::ERROR | ready::HANGUP) == ready::WRITABLE
}
