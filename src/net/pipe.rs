//! [`PipeListener`] and [`Pipe`]: Unix-domain stream sockets on the loop
//! (libuv's pipes), and the ipc flavour that carries handles.

use super::callbacks::{completion, Io, NetHandle};
use super::passing::{Passable, PassedHandle};
use super::stream::{discard, net_handle, new_handle, stream_io};
use super::tcp::TcpStream;
use crate::api::handle::Core;
use crate::api::Loop;
use crate::engine::{Kind, WriteBufs, WriteOwner};
use crate::error::{code, Error, Result};
use crate::sys::net::DescriptorKind;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Room for a path in a Unix socket address (Linux's `sun_path`, less its
/// terminating NUL).
const MAX_PATH: usize = 107;

/// A Unix socket listening at a path.
///
/// The socket file is made by [`bind`](PipeListener::bind) and removed
/// when the listener closes.
///
/// ```
/// use ruv::net::{Pipe, PipeListener};
/// use ruv::{Loop, RunMode};
///
/// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-pipe-"))?;
/// let path = dir.join("socket");
/// let lp = Loop::new()?;
/// let listener = PipeListener::bind(&lp, &path)?;
/// listener.listen(16, |l, _| {
///     let conn = l.accept().unwrap();
///     conn.write(b"hi".to_vec()).unwrap();
///     conn.shutdown(|conn, _| conn.close(|| ())).unwrap();
///     l.close(|| ());
/// })?;
/// let client = Pipe::connect(&lp, &path, |c, result| {
///     result.unwrap();
///     c.read_start(|c, data| match data {
///         Ok([]) => c.close(|| ()),
///         Ok(bytes) => assert_eq!(bytes, b"hi"),
///         Err(e) => panic!("{e}"),
///     })
///     .unwrap();
/// });
/// lp.run(RunMode::Default);
/// assert!(!path.exists()); // the listener took its socket file along
/// # drop(client);
/// # ruv::fs::remove_dir(&dir)?;
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "dropping the last clone of a handle closes it"]
pub struct PipeListener {
    core: Rc<Core>,
    io: Rc<Io<PipeListener>>,
}

/// A Unix stream socket (or any descriptor a stream can wrap), with the
/// same read and write API as [`TcpStream`].
///
/// An ipc pipe ([`Pipe::open_ipc`]) also carries handles: the sender
/// attaches a [`TcpStream`] or `Pipe` to some bytes with
/// [`write_with_handle`](Pipe::write_with_handle); the receiver reads the
/// bytes and takes the handle with [`accept_handle`](Pipe::accept_handle).
///
/// ```
/// use ruv::net::{PassedHandle, Pipe};
/// use ruv::{Loop, RunMode};
/// use std::os::unix::net::UnixStream;
///
/// let lp = Loop::new()?;
/// let (a, b) = UnixStream::pair().unwrap();
/// let (sender, receiver) = (Pipe::open_ipc(&lp, a)?, Pipe::open_ipc(&lp, b)?);
///
/// // Pass one end of another socket pair across.
/// let (c, d) = UnixStream::pair().unwrap();
/// let passed = Pipe::open(&lp, c)?;
/// sender.write_with_handle(b"take this".to_vec(), &passed)?;
/// passed.close(|| ()); // the receiver gets its own descriptor
/// sender.close(|| ());
///
/// receiver.read_start(|r, data| {
///     assert_eq!(data.unwrap(), b"take this");
///     let Ok(PassedHandle::Pipe(got)) = r.accept_handle() else { panic!() };
///     got.write(b"through".to_vec()).unwrap();
///     got.close(|| ()); // the write is out already: the kernel took it
///     r.close(|| ());
/// })?;
/// lp.run(RunMode::Default);
/// let mut buf = [0; 7];
/// std::io::Read::read_exact(&mut &d, &mut buf).unwrap();
/// assert_eq!(&buf, b"through");
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "dropping the last clone of a handle closes it"]
pub struct Pipe {
    core: Rc<Core>,
    io: Rc<Io<Pipe>>,
}

net_handle!(PipeListener);
net_handle!(Pipe);
stream_io!(Pipe);

/// A path as a Unix socket address takes it: no NUL, and short enough to
/// fit (`ENAMETOOLONG` rather than libuv's silent cut).
fn path_bytes(path: &Path) -> Result<&[u8]> {
    let bytes = path.as_os_str().as_bytes();
    if bytes.contains(&0) {
        return Err(Error::from_code(code::EINVAL));
    }
    if bytes.len() > MAX_PATH {
        return Err(Error::from_code(code::ENAMETOOLONG));
    }
    Ok(bytes)
}

fn to_path(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

impl PipeListener {
    /// A socket bound to `path`, which must not exist yet (`EADDRINUSE`).
    /// A missing directory is `EACCES`, as in libuv.
    pub fn bind(lp: &Loop, path: impl AsRef<Path>) -> Result<PipeListener> {
        let path = path_bytes(path.as_ref())?;
        let listener: PipeListener = new_handle(lp, Kind::Pipe, false);
        match lp.engine.pipe_bind(listener.core.id(), path) {
            Ok(()) => Ok(listener),
            Err(e) => {
                discard(listener);
                Err(e)
            }
        }
    }

    /// Starts listening with room for `backlog` waiting connections; `f`
    /// runs for each (see [`TcpListener::listen`](super::TcpListener::listen)).
    pub fn listen(
        &self,
        backlog: u32,
        f: impl FnMut(&PipeListener, Result<()>) + 'static,
    ) -> Result<()> {
        let backlog = i32::try_from(backlog).unwrap_or(i32::MAX);
        self.core.lp.engine.pipe_listen(self.core.id(), backlog)?;
        self.io.connection.set(Box::new(f));
        Ok(())
    }

    /// Takes the waiting connection; `EAGAIN` if there is none.
    pub fn accept(&self) -> Result<Pipe> {
        let pipe: Pipe = new_handle(&self.core.lp, Kind::Pipe, false);
        match self.core.lp.engine.accept(self.core.id(), pipe.core.id()) {
            Ok(()) => Ok(pipe),
            Err(e) => {
                discard(pipe);
                Err(e)
            }
        }
    }

    /// The path the listener is bound to.
    pub fn local_path(&self) -> Result<PathBuf> {
        Ok(to_path(
            self.core.lp.engine.pipe_name(self.core.id(), false)?,
        ))
    }
}

impl Pipe {
    /// Connects to the socket at `path`; `f` gets the outcome (`ENOENT`
    /// when nothing is there, `ECONNREFUSED` when nobody listens).
    pub fn connect(
        lp: &Loop,
        path: impl AsRef<Path>,
        f: impl FnOnce(&Pipe, Result<()>) + 'static,
    ) -> Result<Pipe> {
        let path = path_bytes(path.as_ref())?;
        let pipe: Pipe = new_handle(lp, Kind::Pipe, false);
        let done = completion(&pipe, f);
        // Every outcome, a failure to start included, reaches `done`.
        lp.engine.pipe_connect(pipe.core.id(), path, done);
        Ok(pipe)
    }

    /// Wraps a descriptor the caller hands over: a connected Unix socket,
    /// one end of a pipe, ... It is read and written as its open mode
    /// allows, made non-blocking, and closed with the handle (or at once,
    /// if it cannot be used).
    pub fn open(lp: &Loop, fd: impl Into<OwnedFd>) -> Result<Pipe> {
        Pipe::open_with(lp, fd.into(), false)
    }

    /// [`open`](Self::open) as an ipc pipe, which can pass handles along
    /// with bytes. Both ends must be ipc pipes, and a Unix socket.
    pub fn open_ipc(lp: &Loop, fd: impl Into<OwnedFd>) -> Result<Pipe> {
        Pipe::open_with(lp, fd.into(), true)
    }

    fn open_with(lp: &Loop, fd: OwnedFd, ipc: bool) -> Result<Pipe> {
        let pipe: Pipe = new_handle(lp, Kind::Pipe, ipc);
        match lp.engine.pipe_open(pipe.core.id(), fd) {
            Ok(()) => Ok(pipe),
            Err((e, _closed)) => {
                discard(pipe);
                Err(e)
            }
        }
    }

    /// Whether the pipe passes handles (see [`open_ipc`](Self::open_ipc)).
    pub fn is_ipc(&self) -> bool {
        self.core.lp.engine.stream_is_ipc(self.core.id())
    }

    /// The path this end is bound to (empty for an unnamed socket).
    pub fn local_path(&self) -> Result<PathBuf> {
        Ok(to_path(
            self.core.lp.engine.pipe_name(self.core.id(), false)?,
        ))
    }

    /// The path of the socket this end is connected to.
    pub fn peer_path(&self) -> Result<PathBuf> {
        Ok(to_path(
            self.core.lp.engine.pipe_name(self.core.id(), true)?,
        ))
    }

    /// Queues `buf` like [`write`](Self::write), with a copy of `handle`'s
    /// socket travelling along with its first byte. The sender's handle is
    /// unaffected (close it if the receiver takes over). Needs an ipc pipe
    /// (`EINVAL`), a handle of this loop (`EINVAL`), an open handle
    /// (`EBADF`) and at least one byte to carry it (`EINVAL`).
    pub fn write_with_handle(&self, buf: Vec<u8>, handle: &impl Passable) -> Result<()> {
        let (id, lp) = handle.passed_id();
        if buf.is_empty() || !Rc::ptr_eq(&lp.engine, &self.core.lp.engine) {
            return Err(Error::from_code(code::EINVAL));
        }
        self.core.lp.engine.write(
            self.core.id(),
            WriteOwner::Handle,
            WriteBufs::Owned(buf),
            Some(id),
        )
    }

    /// How many received handles wait for
    /// [`accept_handle`](Self::accept_handle).
    pub fn pending_handles(&self) -> usize {
        self.core.lp.engine.pending_count(self.core.id())
    }

    /// Takes the oldest handle received on this ipc pipe: a TCP
    /// connection becomes a [`TcpStream`], a Unix socket a [`Pipe`].
    /// Handles arrive with the bytes they were sent with, so this is
    /// typically called from the read callback. `EAGAIN` when none is
    /// waiting, `EINVAL` on a pipe that is not ipc, `ENOTSUP` for a
    /// descriptor of another kind (which is then closed).
    pub fn accept_handle(&self) -> Result<PassedHandle> {
        let lp = &self.core.lp;
        let id = self.core.id();
        if !lp.engine.stream_is_ipc(id) {
            return Err(Error::from_code(code::EINVAL));
        }
        let fd = lp
            .engine
            .pending_fd(id)
            .ok_or(Error::from_code(code::EAGAIN))?;
        match crate::sys::net::descriptor_kind(fd) {
            DescriptorKind::TcpSocket => {
                let stream: TcpStream = new_handle(lp, Kind::Tcp, false);
                self.take_pending(stream).map(PassedHandle::Tcp)
            }
            DescriptorKind::UnixStream => {
                let pipe: Pipe = new_handle(lp, Kind::Pipe, false);
                self.take_pending(pipe).map(PassedHandle::Pipe)
            }
            _ => {
                // Taken off the queue and closed, so the next one can come.
                let husk: Pipe = new_handle(lp, Kind::Pipe, false);
                self.take_pending(husk)?.close(|| ());
                Err(Error::from_code(code::ENOTSUP))
            }
        }
    }

    fn take_pending<H: NetHandle>(&self, handle: H) -> Result<H> {
        match self
            .core
            .lp
            .engine
            .accept(self.core.id(), handle.core().id())
        {
            Ok(()) => Ok(handle),
            Err(e) => {
                discard(handle);
                Err(e)
            }
        }
    }
}
