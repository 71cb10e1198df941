//! Stream echo workloads (TCP and Unix sockets): one set of clients and one
//! echo server, written once over the two stream types, which share ruv's
//! read/write API but no trait.

pub mod client;
pub mod server;

use ruv::net::{Pipe, PipeListener, TcpListener, TcpStream};
use ruv::{Loop, Result};
use std::net::SocketAddr;
use std::path::PathBuf;

/// A connected stream: the calls the workloads make on one.
pub trait Stream: Clone + 'static {
    fn read_start(&self, f: impl FnMut(&Self, Result<&[u8]>) + 'static) -> Result<()>;
    fn read_stop(&self) -> Result<()>;
    fn write(&self, buf: Vec<u8>) -> Result<()>;
    fn on_write_done(&self, f: impl FnMut(&Self, Result<()>, Vec<u8>) + 'static);
    fn shutdown(&self, f: impl FnOnce(&Self, Result<()>) + 'static) -> Result<()>;
    fn queued_bytes(&self) -> usize;
    fn close(&self, f: impl FnOnce() + 'static);
    fn is_closing(&self) -> bool;
    /// Closes with a reset (RST), where the transport has one.
    fn close_reset(&self, f: impl FnOnce() + 'static) -> Result<()>;
    /// Settings for a new connection (no Nagle delay on TCP).
    fn tune(&self) {}
}

/// A stream clients can open to an address.
pub trait Connect: Stream {
    type Addr: Clone + std::fmt::Display + 'static;
    fn connect(
        lp: &Loop,
        addr: &Self::Addr,
        f: impl FnOnce(&Self, Result<()>) + 'static,
    ) -> Result<Self>;
}

/// A listening socket that hands out streams.
pub trait Listen: Clone + 'static {
    type Conn: Stream;
    fn listen(&self, backlog: u32, f: impl FnMut(&Self, Result<()>) + 'static) -> Result<()>;
    fn accept(&self) -> Result<Self::Conn>;
    fn close(&self, f: impl FnOnce() + 'static);
}

macro_rules! stream_calls {
    () => {
        fn read_start(&self, f: impl FnMut(&Self, Result<&[u8]>) + 'static) -> Result<()> {
            Self::read_start(self, f)
        }
        fn read_stop(&self) -> Result<()> {
            Self::read_stop(self)
        }
        fn write(&self, buf: Vec<u8>) -> Result<()> {
            Self::write(self, buf)
        }
        fn on_write_done(&self, f: impl FnMut(&Self, Result<()>, Vec<u8>) + 'static) {
            Self::on_write_done(self, f)
        }
        fn shutdown(&self, f: impl FnOnce(&Self, Result<()>) + 'static) -> Result<()> {
            Self::shutdown(self, f)
        }
        fn queued_bytes(&self) -> usize {
            Self::queued_bytes(self)
        }
        fn close(&self, f: impl FnOnce() + 'static) {
            Self::close(self, f)
        }
        fn is_closing(&self) -> bool {
            Self::is_closing(self)
        }
    };
}

impl Stream for TcpStream {
    stream_calls!();

    fn close_reset(&self, f: impl FnOnce() + 'static) -> Result<()> {
        TcpStream::close_reset(self, f)
    }

    fn tune(&self) {
        // Best effort: an echo benchmark measures the loop, not Nagle.
        let _ = self.set_nodelay(true);
    }
}

impl Stream for Pipe {
    stream_calls!();

    fn close_reset(&self, f: impl FnOnce() + 'static) -> Result<()> {
        // Unix sockets have no reset: an abrupt close is the nearest thing.
        Pipe::close(self, f);
        Ok(())
    }
}

impl Connect for TcpStream {
    type Addr = SocketAddr;
    fn connect(
        lp: &Loop,
        addr: &SocketAddr,
        f: impl FnOnce(&Self, Result<()>) + 'static,
    ) -> Result<Self> {
        TcpStream::connect(lp, *addr, f)
    }
}

/// A Unix socket path, printable.
#[derive(Clone, Debug)]
pub struct SocketPath(pub PathBuf);

impl std::fmt::Display for SocketPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.display().fmt(f)
    }
}

impl Connect for Pipe {
    type Addr = SocketPath;
    fn connect(
        lp: &Loop,
        addr: &SocketPath,
        f: impl FnOnce(&Self, Result<()>) + 'static,
    ) -> Result<Self> {
        Pipe::connect(lp, &addr.0, f)
    }
}

impl Listen for TcpListener {
    type Conn = TcpStream;
    fn listen(&self, backlog: u32, f: impl FnMut(&Self, Result<()>) + 'static) -> Result<()> {
        TcpListener::listen(self, backlog, f)
    }
    fn accept(&self) -> Result<TcpStream> {
        TcpListener::accept(self)
    }
    fn close(&self, f: impl FnOnce() + 'static) {
        TcpListener::close(self, f)
    }
}

impl Listen for PipeListener {
    type Conn = Pipe;
    fn listen(&self, backlog: u32, f: impl FnMut(&Self, Result<()>) + 'static) -> Result<()> {
        PipeListener::listen(self, backlog, f)
    }
    fn accept(&self) -> Result<Pipe> {
        PipeListener::accept(self)
    }
    fn close(&self, f: impl FnOnce() + 'static) {
        PipeListener::close(self, f)
    }
}
