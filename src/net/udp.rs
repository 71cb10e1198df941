//! [`UdpSocket`]: datagrams on a ruv [`Loop`], with libuv's UDP semantics.
//!
//! Sends take the caller's `Vec<u8>` and hand it back, untouched, to the
//! [`on_sent`](UdpSocket::on_sent) callback once the datagram is out (or
//! failed), so a sender can keep a few buffers in rotation and allocate
//! nothing per datagram. Sends queue in order;
//! [`send_queue_count`](UdpSocket::send_queue_count) and
//! [`send_queue_size`](UdpSocket::send_queue_size) show how much is waiting, for
//! backpressure. Received datagrams are lent to the receive callback from
//! the socket's own buffer.
//!
//! ```
//! use ruv::net::udp::UdpSocket;
//! use ruv::{Loop, RunMode};
//!
//! let lp = Loop::new()?;
//! let server = UdpSocket::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
//! let client = UdpSocket::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
//! let server_addr = server.local_addr()?;
//!
//! server.recv_start(|me, datagram| {
//!     let datagram = datagram.unwrap();
//!     assert_eq!(datagram.data, b"ping");
//!     me.send_to(b"pong".to_vec(), datagram.peer).unwrap();
//!     me.recv_stop().unwrap();
//! })?;
//! client.recv_start(|me, datagram| {
//!     assert_eq!(datagram.unwrap().data, b"pong");
//!     me.recv_stop().unwrap();
//! })?;
//! client.send_to(b"ping".to_vec(), server_addr)?;
//! lp.run(RunMode::Default);
//! # Ok::<(), ruv::Error>(())
//! ```

use crate::api::handle::{handle_common, Core};
use crate::api::Loop;
use crate::engine::{self, udp_flags, Event, WriteBufs, WriteOwner, JOIN_GROUP, LEAVE_GROUP};
use crate::error::{code, Error, Result};
use crate::sys::net::{Payload, SockAddr};
use std::cell::RefCell;
use std::net::{IpAddr, SocketAddr};
use std::rc::{Rc, Weak};

/// One received datagram, lent to the receive callback.
#[derive(Debug)]
pub struct Datagram<'a> {
    /// The bytes that fit in the socket's 64 KiB buffer (all of them: no
    /// UDP datagram is longer).
    pub data: &'a [u8],
    /// Who sent it.
    pub peer: SocketAddr,
    /// The datagram was longer than the buffer and the rest is lost.
    pub truncated: bool,
}

/// How [`UdpSocket::bind_with`] binds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BindOptions {
    /// SO_REUSEADDR: several sockets may bind the same address (all of
    /// them must ask).
    pub reuse_address: bool,
    /// An IPv6 socket that does not also take IPv4 datagrams.
    pub ipv6_only: bool,
}

type RecvCallback = Box<dyn FnMut(&UdpSocket, Result<Datagram<'_>>)>;
type SentCallback = Box<dyn FnMut(&UdpSocket, Result<()>, Vec<u8>)>;

/// The callbacks, shared between the socket and its engine callback.
#[derive(Default)]
struct Callbacks {
    recv: RefCell<Option<RecvCallback>>,
    sent: RefCell<Option<SentCallback>>,
}

/// A UDP socket. Cloning gives another reference to the same socket; it
/// closes when the last one is dropped (or on [`close`](UdpSocket::close)).
/// Sends still queued then are dropped without their callbacks.
#[derive(Clone)]
pub struct UdpSocket {
    core: Rc<Core>,
    callbacks: Rc<Callbacks>,
}

fn to_sockaddr(addr: SocketAddr) -> SockAddr {
    SockAddr::from(addr)
}

fn from_sockaddr(addr: &SockAddr) -> Result<SocketAddr> {
    addr.as_socket().ok_or(Error::from_code(code::EAFNOSUPPORT))
}

fn status(code: i32) -> Result<()> {
    if code < 0 {
        Err(Error::from_code(code))
    } else {
        Ok(())
    }
}

impl Callbacks {
    /// Runs a callback taken out of its slot, so it may replace itself.
    /// It goes back on the way out (unwinding included) unless it was
    /// replaced meanwhile.
    fn run<F: ?Sized>(slot: &RefCell<Option<Box<F>>>, call: impl FnOnce(&mut Box<F>)) {
        struct PutBack<'a, F: ?Sized> {
            slot: &'a RefCell<Option<Box<F>>>,
            f: Option<Box<F>>,
        }
        impl<F: ?Sized> Drop for PutBack<'_, F> {
            fn drop(&mut self) {
                let mut slot = self.slot.borrow_mut();
                if slot.is_none() {
                    *slot = self.f.take();
                }
            }
        }
        let Some(f) = slot.borrow_mut().take() else {
            return;
        };
        let mut running = PutBack { slot, f: Some(f) };
        call(running.f.as_mut().expect("taken above"));
    }

    /// Installs a callback; the old one is dropped after the borrow, as it
    /// may own handles whose drop closes them.
    fn set<F: ?Sized>(slot: &RefCell<Option<Box<F>>>, f: Box<F>) {
        let _old = slot.borrow_mut().replace(f);
    }
}

impl UdpSocket {
    /// A socket with no address yet: it gets one from
    /// [`bind_to`](UdpSocket::bind_to), or the wildcard address of the first
    /// destination's family when it first sends, connects or receives.
    pub fn new(lp: &Loop) -> Result<UdpSocket> {
        let core = Core::new(lp);
        let callbacks = Rc::new(Callbacks::default());
        let handler = handler(Rc::downgrade(&core), Rc::clone(&callbacks));
        let id = lp
            .engine
            .udp_init(0, Some(handler), libc::AF_UNSPEC as u32)?;
        core.id.set(id);
        Ok(UdpSocket { core, callbacks })
    }

    /// A socket bound to `addr` (port 0: one the kernel picks).
    pub fn bind(lp: &Loop, addr: SocketAddr) -> Result<UdpSocket> {
        UdpSocket::bind_with(lp, addr, BindOptions::default())
    }

    /// A socket bound to `addr` with `options`.
    pub fn bind_with(lp: &Loop, addr: SocketAddr, options: BindOptions) -> Result<UdpSocket> {
        let socket = UdpSocket::new(lp)?;
        socket.bind_to(addr, options)?;
        Ok(socket)
    }

    /// Binds a socket made with [`new`](UdpSocket::new). A socket that
    /// already has an address is refused (`EINVAL`).
    pub fn bind_to(&self, addr: SocketAddr, options: BindOptions) -> Result<()> {
        let mut flags = 0;
        if options.reuse_address {
            flags |= udp_flags::REUSEADDR;
        }
        if options.ipv6_only {
            flags |= udp_flags::IPV6ONLY;
        }
        self.engine()
            .udp_bind(self.core.id(), &to_sockaddr(addr), flags)
    }

    fn engine(&self) -> &engine::Loop {
        &self.core.lp.engine
    }

    /// The socket's address.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        from_sockaddr(&self.engine().udp_sockname(self.core.id())?)
    }

    /// The peer of a connected socket (`ENOTCONN` otherwise).
    pub fn peer_addr(&self) -> Result<SocketAddr> {
        from_sockaddr(&self.engine().udp_peername(self.core.id())?)
    }

    /// Talks to `addr` only: sends go there ([`send`](UdpSocket::send)),
    /// and only its datagrams arrive. `EISCONN` if already connected.
    pub fn connect(&self, addr: SocketAddr) -> Result<()> {
        self.engine()
            .udp_connect(self.core.id(), Some(&to_sockaddr(addr)))
    }

    /// Undoes [`connect`](UdpSocket::connect) (`ENOTCONN` if not connected).
    pub fn disconnect(&self) -> Result<()> {
        self.engine().udp_connect(self.core.id(), None)
    }

    /// Sets what runs when a send finishes: the result, and the buffer
    /// the send took, for reuse.
    pub fn on_sent(&self, f: impl FnMut(&UdpSocket, Result<()>, Vec<u8>) + 'static) {
        Callbacks::set(&self.callbacks.sent, Box::new(f) as SentCallback);
    }

    /// Queues `buf` as one datagram to `addr`. It leaves at once if nothing
    /// else is queued; either way [`on_sent`](UdpSocket::on_sent) hears
    /// about it later, from the loop. On an error here the buffer is
    /// dropped.
    pub fn send_to(&self, buf: Vec<u8>, addr: SocketAddr) -> Result<()> {
        self.engine().udp_send(
            self.core.id(),
            WriteOwner::Handle,
            WriteBufs::Owned(buf),
            Some(&to_sockaddr(addr)),
        )
    }

    /// Queues `buf` as one datagram to the connected peer.
    pub fn send(&self, buf: Vec<u8>) -> Result<()> {
        self.engine().udp_send(
            self.core.id(),
            WriteOwner::Handle,
            WriteBufs::Owned(buf),
            None,
        )
    }

    /// Sends `data` to `addr` now, without queueing; `EAGAIN` while sends
    /// are queued or when the kernel would block.
    pub fn try_send_to(&self, data: &[u8], addr: SocketAddr) -> Result<usize> {
        self.engine().udp_try_send(
            self.core.id(),
            Payload::Bytes(data),
            Some(&to_sockaddr(addr)),
        )
    }

    /// Sends `data` to the connected peer now, without queueing.
    pub fn try_send(&self, data: &[u8]) -> Result<usize> {
        self.engine()
            .udp_try_send(self.core.id(), Payload::Bytes(data), None)
    }

    /// Bytes waiting in the send queue (including sends whose callbacks
    /// have not run yet).
    pub fn send_queue_size(&self) -> usize {
        self.engine().udp_send_queue(self.core.id()).0
    }

    /// Sends waiting in the queue (including those whose callbacks have
    /// not run yet).
    pub fn send_queue_count(&self) -> usize {
        self.engine().udp_send_queue(self.core.id()).1
    }

    /// Calls `f` with each datagram that arrives, or with the error the
    /// socket reports (such as `ECONNREFUSED` on a connected socket whose
    /// peer is not there). A socket without an address is bound to
    /// 0.0.0.0 on a port the kernel picks. `EALREADY` if receiving.
    pub fn recv_start(
        &self,
        f: impl FnMut(&UdpSocket, Result<Datagram<'_>>) + 'static,
    ) -> Result<()> {
        self.engine().udp_recv_start(self.core.id())?;
        Callbacks::set(&self.callbacks.recv, Box::new(f) as RecvCallback);
        Ok(())
    }

    /// Stops receiving; datagrams wait in the kernel meanwhile.
    pub fn recv_stop(&self) -> Result<()> {
        self.engine().udp_recv_stop(self.core.id())
    }

    /// The unicast TTL (hop limit), 1 to 255.
    pub fn set_ttl(&self, ttl: u32) -> Result<()> {
        let ttl = i32::try_from(ttl).unwrap_or(i32::MAX);
        self.engine().udp_set_ttl(self.core.id(), ttl)
    }

    /// Whether datagrams to broadcast addresses may be sent.
    pub fn set_broadcast(&self, on: bool) -> Result<()> {
        self.engine()
            .udp_set_broadcast(self.core.id(), i32::from(on))
    }

    /// The multicast TTL (hop limit), 0 to 255.
    pub fn set_multicast_ttl(&self, ttl: u32) -> Result<()> {
        let ttl = i32::try_from(ttl).unwrap_or(i32::MAX);
        self.engine().udp_set_multicast_ttl(self.core.id(), ttl)
    }

    /// Whether multicast datagrams sent come back to this host.
    pub fn set_multicast_loop(&self, on: bool) -> Result<()> {
        self.engine()
            .udp_set_multicast_loop(self.core.id(), i32::from(on))
    }

    /// The interface (by its address) multicast datagrams leave by; None
    /// lets the kernel choose.
    pub fn set_multicast_interface(&self, interface: Option<IpAddr>) -> Result<()> {
        let text = interface.map(|ip| ip.to_string());
        self.engine()
            .udp_set_multicast_interface(self.core.id(), text.as_deref())
    }

    /// Joins the multicast group `group` on the interface with address
    /// `interface` (None: the kernel's choice).
    pub fn join_multicast(&self, group: IpAddr, interface: Option<IpAddr>) -> Result<()> {
        self.membership(group, interface, JOIN_GROUP)
    }

    /// Leaves a group joined with [`join_multicast`](UdpSocket::join_multicast).
    pub fn leave_multicast(&self, group: IpAddr, interface: Option<IpAddr>) -> Result<()> {
        self.membership(group, interface, LEAVE_GROUP)
    }

    fn membership(&self, group: IpAddr, interface: Option<IpAddr>, which: i32) -> Result<()> {
        let interface = interface.map(|ip| ip.to_string());
        self.engine().udp_set_membership(
            self.core.id(),
            &group.to_string(),
            interface.as_deref(),
            which,
        )
    }
}

handle_common!(UdpSocket);

/// The engine callback of a socket: receives and finished sends, handed
/// to the socket's callbacks.
fn handler(core: Weak<Core>, callbacks: Rc<Callbacks>) -> engine::BoxedCallback {
    Box::new(move |_, _, event| {
        let Some(core) = core.upgrade() else {
            return;
        };
        let socket = UdpSocket {
            core,
            callbacks: Rc::clone(&callbacks),
        };
        match event {
            Event::UdpRecv {
                nread,
                data,
                addr,
                flags,
                ..
            } => {
                let result = match (*nread, addr) {
                    (n, _) if n < 0 => Err(Error::from_code(n as i32)),
                    // Nothing more for now: not worth a call.
                    (_, None) => return,
                    (_, Some(addr)) => match from_sockaddr(addr) {
                        Ok(peer) => Ok(Datagram {
                            data,
                            peer,
                            truncated: flags & udp_flags::PARTIAL != 0,
                        }),
                        Err(_) => return,
                    },
                };
                Callbacks::run(&callbacks.recv, |f| f(&socket, result));
            }
            Event::Sent { status: code, buf } => {
                let buf = buf.take().unwrap_or_default();
                Callbacks::run(&callbacks.sent, |f| f(&socket, status(*code), buf));
            }
            _ => {}
        }
    })
}
