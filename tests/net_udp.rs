//! UDP sockets from Rust: ping-pong on loopback, many datagrams in flight
//! with their buffers in rotation, connected sockets, the queue counts,
//! and errors as `ruv::Error` and `std::io::Error`.

mod util;

use ruv::net::udp::{BindOptions, UdpSocket};
use ruv::RunMode;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::rc::Rc;
use util::*;

fn localhost() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

#[test]
fn ping_pong_over_ipv4_loopback() {
    let (lp, _guard) = guarded_loop();
    let server = UdpSocket::bind(&lp, localhost()).unwrap();
    let client = UdpSocket::bind(&lp, localhost()).unwrap();
    let server_addr = server.local_addr().unwrap();
    let client_addr = client.local_addr().unwrap();
    assert_eq!(server_addr.ip().to_string(), "127.0.0.1");
    assert_ne!(server_addr.port(), 0);
    let log = Log::new();

    let server_log = log.clone();
    server
        .recv_start(move |me, datagram| {
            let datagram = datagram.unwrap();
            assert_eq!(datagram.peer, client_addr);
            assert!(!datagram.truncated);
            let text = String::from_utf8(datagram.data.to_vec()).unwrap();
            server_log.push(format!("server got {text}"));
            let reply = text.replace("ping", "pong").into_bytes();
            me.send_to(reply, datagram.peer).unwrap();
        })
        .unwrap();

    let rounds = Rc::new(Cell::new(0));
    let client_log = log.clone();
    let counted = Rc::clone(&rounds);
    let peer = server.clone();
    client
        .recv_start(move |me, datagram| {
            let datagram = datagram.unwrap();
            assert_eq!(datagram.peer, server_addr);
            let text = String::from_utf8(datagram.data.to_vec()).unwrap();
            client_log.push(format!("client got {text}"));
            let n = counted.get() + 1;
            counted.set(n);
            if n < 3 {
                me.send_to(format!("ping {n}").into_bytes(), server_addr)
                    .unwrap();
            } else {
                me.close(|| ());
                peer.close(|| ());
            }
        })
        .unwrap();
    client.send_to(b"ping 0".to_vec(), server_addr).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(rounds.get(), 3);
    assert_eq!(
        log.entries(),
        [
            "server got ping 0",
            "client got pong 0",
            "server got ping 1",
            "client got pong 1",
            "server got ping 2",
            "client got pong 2",
        ]
    );
}

#[test]
fn ping_pong_over_ipv6_loopback() {
    let (lp, _guard) = guarded_loop();
    let Ok(server) = UdpSocket::bind(&lp, "[::1]:0".parse().unwrap()) else {
        eprintln!("no IPv6 loopback on this host: skipped");
        return;
    };
    let client = UdpSocket::bind(&lp, "[::1]:0".parse().unwrap()).unwrap();
    let server_addr = server.local_addr().unwrap();
    assert!(server_addr.is_ipv6());
    server
        .recv_start(|me, datagram| {
            let datagram = datagram.unwrap();
            me.send_to(datagram.data.to_vec(), datagram.peer).unwrap();
            me.close(|| ());
        })
        .unwrap();
    let echoed = Rc::new(RefCell::new(Vec::new()));
    let got = Rc::clone(&echoed);
    client
        .recv_start(move |me, datagram| {
            got.borrow_mut().extend_from_slice(datagram.unwrap().data);
            me.close(|| ());
        })
        .unwrap();
    client.send_to(b"over ::1".to_vec(), server_addr).unwrap();
    lp.run(RunMode::Default);
    assert_eq!(&*echoed.borrow(), b"over ::1");
}

/// 2000 datagrams through a window of 64, from 16 buffers that go round:
/// every one arrives, in order, and no buffer beyond the 16 is ever made.
#[test]
fn many_datagrams_in_flight_reuse_their_buffers() {
    const TOTAL: u32 = 2000;
    const BUFFERS: usize = 16;
    const WINDOW: u32 = 64;

    struct Flow {
        pool: Vec<Vec<u8>>,
        sent: u32,
        received: u32,
        /// Every buffer address a send used.
        addresses: HashSet<usize>,
        most_queued: usize,
    }

    fn pump(sender: &UdpSocket, to: SocketAddr, flow: &RefCell<Flow>) {
        let mut flow = flow.borrow_mut();
        while flow.sent < TOTAL && flow.sent - flow.received < WINDOW {
            let Some(mut buf) = flow.pool.pop() else {
                break;
            };
            buf.clear();
            buf.extend_from_slice(&flow.sent.to_be_bytes());
            buf.resize(200, 0xab);
            flow.addresses.insert(buf.as_ptr() as usize);
            sender.send_to(buf, to).unwrap();
            flow.sent += 1;
            flow.most_queued = flow.most_queued.max(sender.send_queue_count());
        }
    }

    let (lp, _guard) = guarded_loop();
    let receiver = UdpSocket::bind(&lp, localhost()).unwrap();
    let sender = UdpSocket::bind(&lp, localhost()).unwrap();
    let to = receiver.local_addr().unwrap();
    let flow = Rc::new(RefCell::new(Flow {
        pool: (0..BUFFERS).map(|_| Vec::with_capacity(256)).collect(),
        sent: 0,
        received: 0,
        addresses: HashSet::new(),
        most_queued: 0,
    }));

    let on_sent_flow = Rc::clone(&flow);
    sender.on_sent(move |me, result, buf| {
        result.unwrap();
        assert_eq!(buf.len(), 200);
        on_sent_flow.borrow_mut().pool.push(buf);
        pump(me, to, &on_sent_flow);
    });
    let on_recv_flow = Rc::clone(&flow);
    let sending = sender.clone();
    receiver
        .recv_start(move |me, datagram| {
            let datagram = datagram.unwrap();
            assert_eq!(datagram.data.len(), 200);
            let seq = u32::from_be_bytes(datagram.data[..4].try_into().unwrap());
            let expected = on_recv_flow.borrow().received;
            assert_eq!(seq, expected, "datagrams arrive in order");
            on_recv_flow.borrow_mut().received += 1;
            if expected + 1 == TOTAL {
                me.close(|| ());
                sending.close(|| ());
            } else {
                pump(&sending, to, &on_recv_flow);
            }
        })
        .unwrap();

    pump(&sender, to, &flow);
    // The first datagram left at once; the others queued behind it.
    assert_eq!(sender.send_queue_count(), BUFFERS);
    assert_eq!(sender.send_queue_size(), BUFFERS * 200);
    assert!(!lp.run(RunMode::Default));

    let flow = flow.borrow();
    assert_eq!(flow.received, TOTAL);
    assert!(
        flow.addresses.len() <= BUFFERS,
        "{} buffers",
        flow.addresses.len()
    );
    assert_eq!(flow.most_queued, BUFFERS);
}

#[test]
fn queue_counts_follow_sends_and_callbacks() {
    let (lp, _guard) = guarded_loop();
    let receiver = UdpSocket::bind(&lp, localhost()).unwrap();
    let to = receiver.local_addr().unwrap();
    let sender = UdpSocket::new(&lp).unwrap();
    assert_eq!(
        (sender.send_queue_size(), sender.send_queue_count()),
        (0, 0)
    );
    assert!(!sender.is_active());

    let seen = Log::new();
    let log = seen.clone();
    sender.on_sent(move |me, result, buf| {
        result.unwrap();
        log.push(format!(
            "sent {} bytes, queue {}/{}",
            buf.len(),
            me.send_queue_size(),
            me.send_queue_count()
        ));
    });
    sender.send_to(vec![1; 10], to).unwrap();
    sender.send_to(vec![2; 20], to).unwrap();
    sender.send_to(vec![], to).unwrap();
    assert_eq!(
        (sender.send_queue_size(), sender.send_queue_count()),
        (30, 3)
    );
    assert!(sender.is_active());
    // The socket was made by the first send, on the wildcard address.
    assert_eq!(sender.local_addr().unwrap().ip().to_string(), "0.0.0.0");

    lp.run(RunMode::Default);
    assert_eq!(
        seen.entries(),
        [
            "sent 10 bytes, queue 20/2",
            "sent 20 bytes, queue 0/1",
            "sent 0 bytes, queue 0/0"
        ]
    );
    assert!(!sender.is_active());
}

#[test]
fn connected_sockets_send_without_an_address() {
    let (lp, _guard) = guarded_loop();
    let a = UdpSocket::bind(&lp, localhost()).unwrap();
    let b = UdpSocket::bind(&lp, localhost()).unwrap();
    let a_addr = a.local_addr().unwrap();
    b.connect(a_addr).unwrap();
    assert_eq!(b.peer_addr().unwrap(), a_addr);
    assert_eq!(b.try_send(b"direct").unwrap(), 6);
    b.send(b"queued".to_vec()).unwrap();

    let got = Log::new();
    let log = got.clone();
    a.recv_start(move |me, datagram| {
        log.push(String::from_utf8(datagram.unwrap().data.to_vec()).unwrap());
        if log.len() == 2 {
            me.recv_stop().unwrap();
        }
    })
    .unwrap();
    lp.run(RunMode::Default);
    assert_eq!(got.entries(), ["direct", "queued"]);

    b.disconnect().unwrap();
    assert_eq!(b.peer_addr().unwrap_err().name(), "ENOTCONN");
    assert_eq!(b.disconnect().unwrap_err().name(), "ENOTCONN");
}

#[test]
fn a_refusal_reaches_the_receive_callback() {
    let (lp, _guard) = guarded_loop();
    // A port nobody listens on: bound, then closed.
    let gone = UdpSocket::bind(&lp, localhost()).unwrap();
    let gone_addr = gone.local_addr().unwrap();
    drop(gone);
    lp.run(RunMode::Default);

    let socket = UdpSocket::bind(&lp, localhost()).unwrap();
    socket.connect(gone_addr).unwrap();
    let errors = Log::new();
    let log = errors.clone();
    socket
        .recv_start(move |me, datagram| {
            let error = datagram.unwrap_err();
            log.push(error.name());
            let io: std::io::Error = error.into();
            assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
            me.close(|| ());
        })
        .unwrap();
    socket.send(b"anyone?".to_vec()).unwrap();
    lp.run(RunMode::Default);
    assert_eq!(errors.entries(), ["ECONNREFUSED"]);
}

#[test]
fn errors_convert_to_io_errors() {
    let (lp, _guard) = guarded_loop();
    let first = UdpSocket::bind(&lp, localhost()).unwrap();
    let taken = first.local_addr().unwrap();

    let err = UdpSocket::bind(&lp, taken).unwrap_err();
    assert_eq!(err.name(), "EADDRINUSE");
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::AddrInUse);
    assert_eq!(io.raw_os_error(), Some(libc::EADDRINUSE));

    // Reuse works only when every socket on the port asks for it.
    let reuse = BindOptions {
        reuse_address: true,
        ..BindOptions::default()
    };
    assert_eq!(
        UdpSocket::bind_with(&lp, taken, reuse).unwrap_err().name(),
        "EADDRINUSE"
    );
    let shared = UdpSocket::bind_with(&lp, localhost(), reuse).unwrap();
    let shared_addr = shared.local_addr().unwrap();
    UdpSocket::bind_with(&lp, shared_addr, reuse).unwrap();

    let ipv6_only = BindOptions {
        ipv6_only: true,
        ..BindOptions::default()
    };
    assert_eq!(
        UdpSocket::bind_with(&lp, localhost(), ipv6_only)
            .unwrap_err()
            .name(),
        "EINVAL"
    );

    let unconnected = UdpSocket::new(&lp).unwrap();
    let err = unconnected.send(b"x".to_vec()).unwrap_err();
    assert_eq!(err.name(), "EDESTADDRREQ");
    assert_eq!(
        std::io::Error::from(err).raw_os_error(),
        Some(libc::EDESTADDRREQ)
    );
    assert_eq!(unconnected.local_addr().unwrap_err().name(), "EBADF");

    first.connect(shared_addr).unwrap();
    let err = first.connect(shared_addr).unwrap_err();
    assert_eq!(err.name(), "EISCONN");
    assert_eq!(
        first.send_to(b"x".to_vec(), taken).unwrap_err().name(),
        "EISCONN"
    );

    first.recv_start(|_, _| ()).unwrap();
    assert_eq!(first.recv_start(|_, _| ()).unwrap_err().name(), "EALREADY");
    first.recv_stop().unwrap();

    // try_send while a send is queued: would block.
    first.send(b"queued".to_vec()).unwrap();
    let err = first.try_send(b"now").unwrap_err();
    assert_eq!(err.name(), "EAGAIN");
    assert_eq!(
        std::io::Error::from(err).kind(),
        std::io::ErrorKind::WouldBlock
    );

    assert_eq!(first.set_ttl(0).unwrap_err().name(), "EINVAL");
    first.set_ttl(64).unwrap();
    assert_eq!(first.set_multicast_ttl(256).unwrap_err().name(), "EINVAL");
    first.set_multicast_ttl(1).unwrap();
    first.set_multicast_loop(true).unwrap();
    first.set_broadcast(true).unwrap();
    lp.run(RunMode::Default);
}

#[test]
fn multicast_on_loopback() {
    let (lp, _guard) = guarded_loop();
    let group: std::net::IpAddr = "239.255.42.99".parse().unwrap();
    let lo: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let receiver = UdpSocket::bind_with(
        &lp,
        SocketAddr::new(group, 0),
        BindOptions {
            reuse_address: true,
            ..BindOptions::default()
        },
    )
    .unwrap();
    if let Err(e) = receiver.join_multicast(group, Some(lo)) {
        eprintln!("no multicast on loopback here ({e}): skipped");
        return;
    }
    let to = receiver.local_addr().unwrap();
    let sender = UdpSocket::bind(&lp, localhost()).unwrap();
    sender.set_multicast_interface(Some(lo)).unwrap();
    sender.set_multicast_ttl(1).unwrap();
    let got = Log::new();
    let log = got.clone();
    receiver
        .recv_start(move |me, datagram| {
            log.push(String::from_utf8(datagram.unwrap().data.to_vec()).unwrap());
            me.leave_multicast(group, Some(lo)).unwrap();
            me.close(|| ());
        })
        .unwrap();
    sender.try_send_to(b"to the group", to).unwrap();
    lp.run(RunMode::Default);
    assert_eq!(got.entries(), ["to the group"]);
}

#[test]
fn dropping_the_socket_closes_it_and_drops_queued_sends() {
    let (lp, _guard) = guarded_loop();
    let receiver = UdpSocket::bind(&lp, localhost()).unwrap();
    let to = receiver.local_addr().unwrap();
    let sender = UdpSocket::bind(&lp, localhost()).unwrap();
    let calls = Counter::new();
    let counted = calls.clone();
    sender.on_sent(move |_, _, _| {
        counted.bump();
    });
    sender.send_to(vec![0; 8], to).unwrap();
    sender.send_to(vec![0; 8], to).unwrap();
    drop(sender);
    drop(receiver);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 0);
}
