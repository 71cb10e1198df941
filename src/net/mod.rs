//! Networking on the loop: TCP ([`TcpListener`], [`TcpStream`]),
//! Unix-domain stream sockets ([`PipeListener`], [`Pipe`]), terminals
//! ([`Tty`]), with libuv's stream semantics, UDP ([`UdpSocket`], in [`udp`]), and name resolution
//! ([`dns`]).
//!
//! These are handles like [`Timer`](crate::Timer): clones share one
//! handle, which closes when the last clone is dropped (or when closed
//! explicitly); callbacks run on the loop thread, get a view of their
//! handle, and may close or drop it. Errors are [`ruv::Error`](crate::Error)s,
//! which convert into `std::io::Error`.
//!
//! - **Reading**: `read_start` calls back with each chunk, then with
//!   `Ok(&[])` **once, at the end of the stream**, or with `Err(e)` when
//!   reading fails; reading stops by itself after either.
//! - **Writing**: `write(Vec<u8>)` queues the buffer; `on_write_done` gets
//!   each one back, in order, with its result, for reuse. `queued_bytes`
//!   shows what the kernel has not taken yet, for backpressure;
//!   `try_write` writes only what the kernel takes now. `shutdown` ends
//!   the sending side once the queue is out. Closing cancels what is still
//!   queued: those writes finish with `ECANCELED` before the close callback.
//!
//! An echo server and its client:
//!
//! ```
//! use ruv::net::{TcpListener, TcpStream};
//! use ruv::{Loop, RunMode};
//! use std::cell::RefCell;
//! use std::rc::Rc;
//!
//! let lp = Loop::new()?;
//! let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
//! let connections = Rc::new(RefCell::new(Vec::new()));
//! let kept = connections.clone();
//! listener.listen(128, move |l, incoming| {
//!     incoming.unwrap();
//!     let conn = l.accept().unwrap();
//!     conn.read_start(|conn, data| match data {
//!         Ok([]) => conn.shutdown(|conn, _| conn.close(|| ())).unwrap(),
//!         Ok(bytes) => conn.write(bytes.to_vec()).unwrap(),
//!         Err(e) => panic!("read failed: {e}"),
//!     })
//!     .unwrap();
//!     kept.borrow_mut().push(conn); // a handle lives while a clone does
//!     l.close(|| ()); // this example serves one client
//! })?;
//!
//! let client = TcpStream::connect(&lp, listener.local_addr()?, |c, result| {
//!     result.unwrap();
//!     c.write(b"hello".to_vec()).unwrap();
//!     c.shutdown(|_, result| result.unwrap()).unwrap();
//! })?;
//! let echoed = Rc::new(RefCell::new(Vec::new()));
//! let sink = echoed.clone();
//! client.read_start(move |c, data| match data {
//!     Ok([]) => c.close(|| ()),
//!     Ok(bytes) => sink.borrow_mut().extend_from_slice(bytes),
//!     Err(e) => panic!("read failed: {e}"),
//! })?;
//! lp.run(RunMode::Default);
//! assert_eq!(&*echoed.borrow(), b"hello");
//! # Ok::<(), ruv::Error>(())
//! ```

pub(crate) mod callbacks;
pub mod dns;
mod passing;
mod pipe;
mod stream;
mod tcp;
mod tty;
pub mod udp;

pub use passing::{Passable, PassedHandle};
pub use pipe::{Pipe, PipeListener};
pub use tcp::{TcpListener, TcpStream};
pub use tty::{Tty, TtyMode};
pub use udp::UdpSocket;
