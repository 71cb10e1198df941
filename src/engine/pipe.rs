//! Pipes (Unix-domain stream sockets) on top of streams: bind to a path,
//! connect to one, listen, adopt a descriptor, and the ipc flavour that
//! carries handles along with bytes.

use super::handle::HandleId;
use super::stream::{sflags, Completion};
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::{self, Descriptor};
use std::os::fd::{AsFd, OwnedFd};

fn io_error(e: std::io::Error) -> Error {
    Error::from_io(&e)
}

impl Loop {
    /// Binds a new socket to `path`. The handle must not have one yet.
    pub fn pipe_bind(&self, id: HandleId, path: &[u8]) -> Result<()> {
        if self.stream_fd(id).is_some() {
            return Err(Error::from_code(code::EINVAL));
        }
        let addr = sys::net::unix_addr(path);
        let fd = sys::net::socket(libc::AF_UNIX, libc::SOCK_STREAM).map_err(io_error)?;
        if let Err(e) = sys::net::bind(fd.as_fd(), &addr) {
            // libuv reports a missing directory as EACCES.
            let err = match e.raw_os_error() {
                Some(libc::ENOENT) => Error::from_code(code::EACCES),
                _ => io_error(e),
            };
            return Err(err);
        }
        self.stream_open_fd(id, Descriptor::owned(fd), sflags::BOUND)
            .map_err(|(e, _closed)| e)?;
        // The socket file goes when the handle is closed, as in libuv.
        let _ = self.with_stream(id, |_, _, s| s.bound_path = Some(path.to_vec()));
        Ok(())
    }

    /// Listens on a bound pipe.
    pub fn pipe_listen(&self, id: HandleId, backlog: i32) -> Result<()> {
        if self.stream_fd(id).is_none() {
            return Err(Error::from_code(code::EINVAL));
        }
        self.stream_listen(id, backlog)
    }

    /// Connects to the socket at `path`. Every outcome, a failure to start
    /// included, reaches `done` (libuv's uv_pipe_connect returns nothing).
    pub fn pipe_connect(&self, id: HandleId, path: &[u8], done: Completion) {
        let addr = match self.pipe_connect_start(id) {
            Ok(()) => sys::net::unix_addr(path),
            Err(err) => return self.stream_connect_failed(id, err.code(), done),
        };
        if let Err((err, done)) = self.stream_connect(id, &addr, done) {
            self.stream_connect_failed(id, err.code(), done);
        }
    }

    /// Makes the socket a connect needs, unless the handle has one.
    fn pipe_connect_start(&self, id: HandleId) -> Result<()> {
        if self.stream_fd(id).is_none() {
            let fd = sys::net::socket(libc::AF_UNIX, libc::SOCK_STREAM).map_err(io_error)?;
            self.stream_open_fd(id, Descriptor::owned(fd), 0)
                .map_err(|(e, _closed)| e)?;
        }
        Ok(())
    }

    /// Adopts a descriptor (a socket or any pipe-like fd). It is readable
    /// and writable as its access mode says.
    pub fn pipe_open(
        &self,
        id: HandleId,
        fd: OwnedFd,
    ) -> std::result::Result<(), (Error, OwnedFd)> {
        if self.stream_fd(id).is_some() {
            return Err((Error::from_code(code::EBUSY), fd));
        }
        match sys::net::access_mode(fd.as_fd()) {
            Ok((readable, writable)) => self.pipe_open_as(id, fd, readable, writable),
            Err(e) => Err((io_error(e), fd)),
        }
    }

    /// Adopts a descriptor as a stream readable and writable as told: the
    /// parent's end of a child's stdio socket pair (uv_spawn), whose
    /// direction is what the caller asked for, not what the socket allows.
    pub fn pipe_open_as(
        &self,
        id: HandleId,
        fd: OwnedFd,
        readable: bool,
        writable: bool,
    ) -> std::result::Result<(), (Error, OwnedFd)> {
        if self.stream_fd(id).is_some() {
            return Err((Error::from_code(code::EBUSY), fd));
        }
        if let Err(e) = sys::net::set_nonblocking(fd.as_fd(), true) {
            return Err((io_error(e), fd));
        }
        let mut flags = 0;
        if readable {
            flags |= sflags::READABLE;
        }
        if writable {
            flags |= sflags::WRITABLE;
        }
        self.stream_open_fd(id, Descriptor::owned(fd), flags)
            .map_err(|(e, fd)| (e, fd.into_owned().expect("owned stays owned")))
    }

    /// The path a pipe is bound or connected to, as bytes (no NUL).
    pub fn pipe_name(&self, id: HandleId, peer: bool) -> Result<Vec<u8>> {
        let addr = self.socket_name(id, peer)?;
        Ok(sys::net::unix_path_bytes(&addr))
    }

    /// Lets others read and/or write the socket file of a bound pipe.
    pub fn pipe_chmod(&self, id: HandleId, readable: bool, writable: bool) -> Result<()> {
        let path = self.pipe_name(id, false)?;
        if path.is_empty() {
            return Err(Error::from_code(code::EINVAL));
        }
        sys::net::chmod_socket(&path, readable, writable).map_err(io_error)
    }
}
