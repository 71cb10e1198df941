//! [`TcpListener`] and [`TcpStream`]: TCP on the loop.

use super::callbacks::{completion, Io};
use super::stream::{discard, net_handle, new_handle, stream_io};
use crate::api::handle::Core;
use crate::api::Loop;
use crate::engine::Kind;
use crate::error::{code, Error, Result};
use crate::sys::net::SockAddr;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

/// A TCP socket listening for connections.
///
/// The callback given to [`listen`](TcpListener::listen) runs once per
/// waiting connection; [`accept`](TcpListener::accept) takes it as a
/// [`TcpStream`]. A connection the callback leaves unaccepted pauses the
/// listener until `accept` is called, as in libuv.
///
/// ```
/// use ruv::net::{TcpListener, TcpStream};
/// use ruv::{Loop, RunMode};
///
/// let lp = Loop::new()?;
/// let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
/// let addr = listener.local_addr()?;
/// listener.listen(16, move |l, incoming| {
///     incoming.unwrap();
///     let conn = l.accept().unwrap();
///     assert_eq!(conn.local_addr().unwrap(), addr);
///     conn.close(|| ());
///     l.close(|| ()); // one connection is all this example takes
/// })?;
/// let client = TcpStream::connect(&lp, addr, |c, result| {
///     result.unwrap();
///     c.close(|| ());
/// })?;
/// lp.run(RunMode::Default);
/// assert!(client.is_closing());
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "dropping the last clone of a handle closes it"]
pub struct TcpListener {
    core: Rc<Core>,
    io: Rc<Io<TcpListener>>,
}

/// A TCP connection: made by [`TcpStream::connect`] or
/// [`TcpListener::accept`].
///
/// Writes take a `Vec<u8>` and hand it back, finished, to the
/// [`on_write_done`](TcpStream::on_write_done) callback, so a writer can
/// keep reusing its buffers:
///
/// ```
/// use ruv::net::{TcpListener, TcpStream};
/// use ruv::{Loop, RunMode};
/// use std::cell::RefCell;
/// use std::rc::Rc;
///
/// let lp = Loop::new()?;
/// let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
/// // The server counts the bytes of one connection until its end.
/// let received = Rc::new(RefCell::new((0, None)));
/// let server_side = received.clone();
/// listener.listen(16, move |l, _| {
///     let conn = l.accept().unwrap();
///     let count = server_side.clone();
///     conn.read_start(move |conn, data| match data {
///         Ok([]) => conn.close(|| ()), // the end of the stream
///         Ok(bytes) => count.borrow_mut().0 += bytes.len(),
///         Err(e) => panic!("read failed: {e}"),
///     })
///     .unwrap();
///     // The connection lives while a clone of it does.
///     server_side.borrow_mut().1 = Some(conn);
///     l.close(|| ());
/// })?;
///
/// // The client writes one buffer three times over, then shuts down.
/// let client = TcpStream::connect(&lp, listener.local_addr()?, |c, result| {
///     result.unwrap();
///     c.write(vec![7; 1000]).unwrap();
/// })?;
/// let mut rounds = 0;
/// client.on_write_done(move |c, result, buf| {
///     result.unwrap();
///     rounds += 1;
///     if rounds < 3 {
///         c.write(buf).unwrap(); // the same allocation, again
///     } else {
///         c.shutdown(|c, _| c.close(|| ())).unwrap();
///     }
/// });
/// lp.run(RunMode::Default);
/// assert_eq!(received.borrow().0, 3000);
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "dropping the last clone of a handle closes it"]
pub struct TcpStream {
    core: Rc<Core>,
    io: Rc<Io<TcpStream>>,
}

net_handle!(TcpListener);
net_handle!(TcpStream);
stream_io!(TcpStream);

fn socket_addr(addr: SockAddr) -> Result<SocketAddr> {
    addr.as_socket().ok_or(Error::from_code(code::EINVAL))
}

impl TcpListener {
    /// A socket bound to `addr` (port 0: one the system picks; see
    /// [`local_addr`](Self::local_addr)). An address in use is refused
    /// here with `EADDRINUSE`. An IPv6 address also takes IPv4
    /// connections, unless the system says otherwise.
    pub fn bind(lp: &Loop, addr: SocketAddr) -> Result<TcpListener> {
        let listener: TcpListener = new_handle(lp, Kind::Tcp, false);
        let id = listener.core.id();
        let bound = lp
            .engine
            .tcp_bind(id, &SockAddr::from(addr), false)
            // The engine keeps an address conflict for later, as libuv
            // does; asking for the name brings it out now.
            .and_then(|()| lp.engine.tcp_sockname(id));
        match bound {
            Ok(_) => Ok(listener),
            Err(e) => {
                discard(listener);
                Err(e)
            }
        }
    }

    /// Starts listening with room for `backlog` connections waiting to be
    /// accepted; `f` runs for each (with `Err` if accepting one failed).
    pub fn listen(
        &self,
        backlog: u32,
        f: impl FnMut(&TcpListener, Result<()>) + 'static,
    ) -> Result<()> {
        let backlog = i32::try_from(backlog).unwrap_or(i32::MAX);
        self.core.lp.engine.tcp_listen(self.core.id(), backlog)?;
        self.io.connection.set(Box::new(f));
        Ok(())
    }

    /// Takes the waiting connection; `EAGAIN` if there is none.
    pub fn accept(&self) -> Result<TcpStream> {
        let stream: TcpStream = new_handle(&self.core.lp, Kind::Tcp, false);
        match self.core.lp.engine.accept(self.core.id(), stream.core.id()) {
            Ok(()) => Ok(stream),
            Err(e) => {
                discard(stream);
                Err(e)
            }
        }
    }

    /// The address the listener is bound to.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        socket_addr(self.core.lp.engine.tcp_sockname(self.core.id())?)
    }
}

impl TcpStream {
    /// Connects to `addr`; `f` gets the outcome (`ECONNREFUSED`, ...,
    /// `ECANCELED` if the handle closes first). Reads and writes may start
    /// at once: writes wait for the connection, and fail with `ECANCELED`
    /// if it does not come. Keep the handle: dropping it closes it.
    pub fn connect(
        lp: &Loop,
        addr: SocketAddr,
        f: impl FnOnce(&TcpStream, Result<()>) + 'static,
    ) -> Result<TcpStream> {
        let stream: TcpStream = new_handle(lp, Kind::Tcp, false);
        let done = completion(&stream, f);
        match lp
            .engine
            .tcp_connect(stream.core.id(), &SockAddr::from(addr), done)
        {
            Ok(()) => Ok(stream),
            Err(e) => {
                discard(stream);
                Err(e)
            }
        }
    }

    /// Turns Nagle's algorithm off (`true`): small writes go out at once.
    pub fn set_nodelay(&self, nodelay: bool) -> Result<()> {
        self.core.lp.engine.tcp_nodelay(self.core.id(), nodelay)
    }

    /// Turns keep-alive probes on, the first after `idle` without traffic
    /// (whole seconds, at least one), or off with `None`.
    pub fn set_keepalive(&self, idle: Option<Duration>) -> Result<()> {
        let secs = idle.map_or(0, |d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX).max(1));
        self.core
            .lp
            .engine
            .tcp_keepalive(self.core.id(), idle.is_some(), secs)
    }

    /// The address of the other end.
    pub fn peer_addr(&self) -> Result<SocketAddr> {
        socket_addr(self.core.lp.engine.tcp_peername(self.core.id())?)
    }

    /// This end's address.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        socket_addr(self.core.lp.engine.tcp_sockname(self.core.id())?)
    }

    /// Closes the connection with a reset (RST) instead of the orderly
    /// end: the peer's reads fail with `ECONNRESET`, and unsent data is
    /// dropped. Refused (and nothing closed) with `EINVAL` while a
    /// [`shutdown`](Self::shutdown) is pending or when not open.
    pub fn close_reset(&self, on_close: impl FnOnce() + 'static) -> Result<()> {
        if self.is_closing() {
            return Err(Error::from_code(code::EINVAL));
        }
        self.core.lp.engine.tcp_set_reset_on_close(self.core.id())?;
        self.close(on_close);
        Ok(())
    }
}
