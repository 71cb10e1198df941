//! ruv::net TCP: ping-pong, large writes and backpressure, at most 64 KiB
//! read per loop iteration from a stream with much waiting, shutdown, read_stop
//! from the read callback, cancelled writes on close, refused connects, end of
//! stream and reset, hundreds of connections, write buffers reused without
//! allocating, borrowed writes (`write_slice`), and callbacks that panic or
//! replace themselves. Loopback only; every loop is bounded by the guard
//! timer.

mod util;

use ruv::error::code;
use ruv::net::{TcpListener, TcpStream};
use ruv::{Loop, RunMode, Timer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::rc::Rc;
use util::*;

/// Counts allocations made on threads that asked for it, so a test can
/// check that a stretch of its own work allocates nothing.
struct CountingAlloc;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: every call is passed straight to the system allocator; the
// counting only touches const-initialised thread-locals, which never
// allocate.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_allocation();
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_allocation();
        // SAFETY: forwarded as given.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn count_allocation() {
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        }
    });
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

/// A connected client and the server side of its connection; the listener
/// is closed again.
fn pair(lp: &Loop) -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind(lp, loopback()).unwrap();
    let accepted = Rc::new(RefCell::new(None));
    let slot = accepted.clone();
    listener
        .listen(1, move |l, incoming| {
            incoming.unwrap();
            *slot.borrow_mut() = Some(l.accept().unwrap());
            l.close(|| ());
        })
        .unwrap();
    let connected = Counter::new();
    let done = connected.clone();
    let client = TcpStream::connect(lp, listener.local_addr().unwrap(), move |_, result| {
        result.unwrap();
        done.bump();
    })
    .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(connected.get(), 1);
    let server = accepted.borrow_mut().take().expect("accepted");
    (client, server)
}

/// Reads everything `stream` receives into a shared buffer; at the end of
/// the stream, runs `at_end` with the stream.
fn collect(stream: &TcpStream, at_end: impl Fn(&TcpStream) + 'static) -> Rc<RefCell<Vec<u8>>> {
    let received = Rc::new(RefCell::new(Vec::new()));
    let sink = received.clone();
    stream
        .read_start(move |s, data| match data {
            Ok([]) => at_end(s),
            Ok(bytes) => sink.borrow_mut().extend_from_slice(bytes),
            Err(e) => panic!("read failed: {e}"),
        })
        .unwrap();
    received
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// Round trips of an allocation test: after `STEADY_WARM_UP` of them the
/// test thread's allocations are counted, until `STEADY_ROUNDS`.
const STEADY_ROUNDS: u32 = 300;
const STEADY_WARM_UP: u32 = 50;

#[derive(Default)]
struct SteadyState {
    rounds: Cell<u32>,
    allocations: Cell<u64>,
}

impl SteadyState {
    /// One more round trip is done; false after the last one, when the
    /// count is taken and `stream` shuts down.
    fn round_trip(&self, stream: &TcpStream) -> bool {
        self.rounds.set(self.rounds.get() + 1);
        match self.rounds.get() {
            STEADY_WARM_UP => COUNTING.with(|c| c.set(true)),
            STEADY_ROUNDS => {
                COUNTING.with(|c| c.set(false));
                self.allocations.set(ALLOCATIONS.with(Cell::get));
                stream.shutdown(|_, _| ()).unwrap();
                return false;
            }
            _ => {}
        }
        true
    }

    /// Every round trip ran, and none allocated after the warm-up.
    fn check(&self) {
        assert_eq!(self.rounds.get(), STEADY_ROUNDS);
        assert_eq!(
            self.allocations.get(),
            0,
            "allocations in {} steady-state round trips",
            STEADY_ROUNDS - STEADY_WARM_UP
        );
    }
}

#[test]
fn ping_pong() {
    const ROUNDS: u32 = 100;
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    client.set_nodelay(true).unwrap();
    server.set_keepalive(Some(ms(60_000))).unwrap();
    assert_eq!(client.peer_addr().unwrap(), server.local_addr().unwrap());
    assert_eq!(server.peer_addr().unwrap(), client.local_addr().unwrap());

    // The server answers each "ping" with "pong", whatever the chunking.
    let pending = Rc::new(RefCell::new(Vec::new()));
    server
        .read_start(move |s, data| match data {
            Ok([]) => s.close(|| ()),
            Ok(bytes) => {
                let mut pending = pending.borrow_mut();
                pending.extend_from_slice(bytes);
                while pending.len() >= 4 {
                    assert_eq!(&pending[..4], b"ping");
                    pending.drain(..4);
                    s.write(b"pong".to_vec()).unwrap();
                }
            }
            Err(e) => panic!("server read: {e}"),
        })
        .unwrap();

    // The client sends the next ping once the last pong is in.
    let rounds = Counter::new();
    let done = rounds.clone();
    let partial = RefCell::new(Vec::new());
    client
        .read_start(move |c, data| match data {
            Ok([]) => c.close(|| ()),
            Ok(bytes) => {
                let mut partial = partial.borrow_mut();
                partial.extend_from_slice(bytes);
                if partial.len() < 4 {
                    return;
                }
                assert_eq!(&partial[..], b"pong");
                partial.clear();
                if done.bump() < ROUNDS {
                    // Nothing is queued: the kernel takes it now.
                    assert_eq!(c.try_write(b"ping"), Ok(4));
                } else {
                    c.shutdown(|_, result| result.unwrap()).unwrap();
                }
            }
            Err(e) => panic!("client read: {e}"),
        })
        .unwrap();
    client.write(b"ping".to_vec()).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(rounds.get(), ROUNDS);
    assert!(client.is_closing() && server.is_closing());
}

#[test]
fn large_write_exceeds_the_socket_buffers_and_queued_bytes_show_it() {
    // More than the sender's buffer and the idle receiver's window together.
    const LEN: usize = 16 << 20;
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let data = pattern(LEN);
    let address = data.as_ptr() as usize;
    client.write(data).unwrap();

    // Nobody has read yet: most of it waits in the queue.
    let queued = client.queued_bytes();
    assert!(queued > 0 && queued < LEN, "queued {queued} of {LEN}");
    assert_eq!(client.try_write(b"x").unwrap_err().code(), code::EAGAIN);
    // A write behind it waits its turn.
    client.write(b"tail".to_vec()).unwrap();
    assert_eq!(client.queued_bytes(), queued + 4);

    let log = Log::new();
    let written = log.clone();
    client.on_write_done(move |c, result, buf| {
        result.unwrap();
        written.push(format!("done {}", buf.len()));
        if buf.len() == LEN {
            assert_eq!(buf.as_ptr() as usize, address, "the same buffer comes back");
        } else {
            assert_eq!(c.queued_bytes(), 0);
            c.shutdown(|c, result| {
                result.unwrap();
                c.close(|| ());
            })
            .unwrap();
        }
    });
    let received = collect(&server, |s| s.close(|| ()));
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), [format!("done {LEN}"), "done 4".to_string()]);
    let received = received.borrow();
    assert_eq!(received.len(), LEN + 4);
    assert!(received[..LEN] == pattern(LEN)[..], "bytes arrive in order");
    assert_eq!(&received[LEN..], b"tail");
}

#[test]
fn a_stream_with_much_waiting_is_read_64_kib_per_loop_iteration() {
    // More than the first event could read with libuv's 32 reads, less
    // than loopback buffers hold before anyone reads.
    const LEN: usize = 1 << 20;
    const PER_EVENT: usize = 64 * 1024;
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    client.write(pattern(LEN)).unwrap();
    client
        .shutdown(|c, result| {
            result.unwrap();
            c.close(|| ());
        })
        .unwrap();

    // Bytes read in each iteration, closed off by the check phase.
    let this_iteration = Rc::new(Cell::new(0usize));
    let per_iteration = Rc::new(RefCell::new(Vec::new()));
    let check = ruv::Check::new(&lp).unwrap();
    let (now, all) = (this_iteration.clone(), per_iteration.clone());
    check
        .start(move |_| {
            if now.get() > 0 {
                all.borrow_mut().push(now.replace(0));
            }
        })
        .unwrap();
    check.unref();
    let counted = this_iteration.clone();
    let received = Rc::new(Cell::new(0usize));
    let total = received.clone();
    server
        .read_start(move |s, data| match data {
            Ok([]) => s.close(|| ()),
            Ok(bytes) => {
                counted.set(counted.get() + bytes.len());
                total.set(total.get() + bytes.len());
            }
            Err(e) => panic!("read failed: {e}"),
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    check.close(|| ());
    assert!(!lp.run(RunMode::Default));

    assert_eq!(received.get(), LEN);
    let per_iteration = per_iteration.borrow();
    let most = per_iteration.iter().copied().max().unwrap();
    assert!(
        most <= PER_EVENT,
        "{most} bytes read in one iteration: {per_iteration:?}"
    );
    assert!(per_iteration.len() >= LEN / PER_EVENT);
}

#[test]
fn write_after_shutdown_is_refused() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let shut = log.clone();
    client.write(b"last words".to_vec()).unwrap();
    client
        .shutdown(move |_, result| {
            result.unwrap();
            shut.push("shut down");
        })
        .unwrap();
    assert!(!client.is_writable());
    assert_eq!(
        client.write(b"more".to_vec()).unwrap_err().code(),
        code::EPIPE
    );
    let twice = client.shutdown(|_, _| ()).unwrap_err();
    assert_eq!(twice.code(), code::ENOTCONN);
    let at_end = log.clone();
    let received = collect(&server, move |s| {
        at_end.push("end of stream");
        s.close(|| ());
    });
    // The other direction still works after a shutdown.
    let reply = collect(&client, |c| c.close(|| ()));
    server.write(b"reply".to_vec()).unwrap();
    server.shutdown(|_, result| result.unwrap()).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["shut down", "end of stream"]);
    assert_eq!(&*received.borrow(), b"last words");
    assert_eq!(&*reply.borrow(), b"reply");
}

#[test]
fn read_stop_inside_the_read_callback_stops_further_reads() {
    // Several reads' worth (the stream reads 64 KiB at a time).
    const LEN: usize = 512 << 10;
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    client.write(pattern(LEN)).unwrap();
    client.shutdown(|c, _| c.close(|| ())).unwrap();

    let reads = Counter::new();
    let received = Rc::new(RefCell::new(Vec::new()));
    let window = Timer::new(&lp).unwrap();
    let (count, sink, timer) = (reads.clone(), received.clone(), window.clone());
    server
        .read_start(move |s, data| {
            count.bump();
            sink.borrow_mut().extend_from_slice(data.unwrap());
            s.read_stop().unwrap();
            assert!(!s.is_active());
            // However long this window, no read comes while stopped; then
            // the rest is read to the end.
            let (count, sink, stream) = (count.clone(), sink.clone(), s.clone());
            timer
                .start(ms(20), None, move |_| {
                    assert_eq!(count.get(), 1, "a read callback ran after read_stop");
                    let sink = sink.clone();
                    stream
                        .read_start(move |s, data| match data {
                            Ok([]) => s.close(|| ()),
                            Ok(bytes) => sink.borrow_mut().extend_from_slice(bytes),
                            Err(e) => panic!("{e}"),
                        })
                        .unwrap();
                })
                .unwrap();
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert!(reads.get() == 1);
    assert!(received.borrow()[..] == pattern(LEN)[..]);
}

#[test]
fn closing_with_writes_queued_cancels_them_and_returns_the_buffers() {
    const LEN: usize = 16 << 20;
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let written = log.clone();
    client.on_write_done(move |c, result, buf| {
        assert!(c.is_closing());
        written.push(format!("{} {}", buf.len(), result.unwrap_err().name()));
    });
    client.write(vec![1; LEN]).unwrap();
    client.write(vec![2; 10]).unwrap();
    assert!(client.queued_bytes() > 10);
    let closed = log.clone();
    client.close(move || closed.push("closed"));
    server.close(|| ());
    assert!(!lp.run(RunMode::Default));
    assert_eq!(
        log.entries(),
        [
            format!("{LEN} ECANCELED"),
            "10 ECANCELED".into(),
            "closed".into()
        ]
    );
}

#[test]
fn a_write_callback_may_close_its_stream_with_writes_still_queued() {
    const LEN: usize = 16 << 20;
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let written = log.clone();
    // The first write finishes at once; the second cannot; closing from the
    // first one's callback cancels the second.
    // The server reads nothing and stays open until the client has closed,
    // so the second write can neither finish nor fail.
    client.on_write_done(move |c, result, buf| {
        written.push(format!("{} {:?}", buf.len(), result.map_err(|e| e.name())));
        let closed = written.clone();
        let server = server.clone();
        c.close(move || {
            closed.push("closed");
            server.close(|| ());
        });
    });
    client.write(vec![1; 10]).unwrap();
    client.write(vec![2; LEN]).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(
        log.entries(),
        [
            "10 Ok(())".to_string(),
            format!("{LEN} Err(\"ECANCELED\")"),
            "closed".into()
        ]
    );
}

#[test]
fn connecting_to_a_closed_port_is_refused() {
    let (lp, _guard) = guarded_loop();
    // A port that was free a moment ago and has nobody listening.
    let addr = std::net::TcpListener::bind(loopback())
        .unwrap()
        .local_addr()
        .unwrap();
    let outcome = Rc::new(RefCell::new(None));
    let slot = outcome.clone();
    let client = TcpStream::connect(&lp, addr, move |c, result| {
        *slot.borrow_mut() = Some(result);
        c.close(|| ());
    })
    .unwrap();
    assert!(!lp.run(RunMode::Default));
    let err = outcome.borrow_mut().take().unwrap().unwrap_err();
    assert_eq!(err.code(), code::ECONNREFUSED);
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
    assert!(client.is_closing());
}

#[test]
fn the_end_of_the_stream_is_read_once_as_empty_data() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let seen = log.clone();
    server
        .read_start(move |s, data| {
            seen.push(format!("{:?}", data.map_err(|e| e.name())));
            // Reading has stopped by itself at the end.
            if matches!(data, Ok([])) {
                assert!(!s.is_active());
                s.close(|| ());
            }
        })
        .unwrap();
    client.write(b"abc".to_vec()).unwrap();
    client.shutdown(|c, _| c.close(|| ())).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["Ok([97, 98, 99])", "Ok([])"]);
}

#[test]
fn close_reset_makes_the_peer_read_a_reset() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let seen = log.clone();
    server
        .read_start(move |s, data| {
            seen.push(format!("{:?}", data.map_err(|e| e.name())));
            if data.is_err() {
                s.close(|| ());
            }
        })
        .unwrap();
    let closed = log.clone();
    client
        .close_reset(move || closed.push("reset sent"))
        .unwrap();
    assert_eq!(
        client.close_reset(|| ()).unwrap_err().code(),
        code::EINVAL,
        "a closing handle cannot be reset"
    );
    assert!(!lp.run(RunMode::Default));
    // The reset is on its way before the close callback: either may come first.
    let mut entries = log.entries();
    entries.sort();
    assert_eq!(entries, ["Err(\"ECONNRESET\")", "reset sent"]);
}

#[test]
fn hundreds_of_connections_are_accepted_and_closed() {
    const CLIENTS: u32 = 250;
    let (lp, _guard) = guarded_loop();
    let listener = TcpListener::bind(&lp, loopback()).unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Counter::new();
    let server_closed = Counter::new();
    let conns = Rc::new(RefCell::new(Vec::new()));
    let (count, closed, kept) = (accepted.clone(), server_closed.clone(), conns.clone());
    listener
        .listen(CLIENTS, move |l, incoming| {
            incoming.unwrap();
            let conn = l.accept().unwrap();
            conn.write(b"bye".to_vec()).unwrap();
            let closed = closed.clone();
            conn.shutdown(move |c, result| {
                result.unwrap();
                let closed = closed.clone();
                c.close(move || {
                    closed.bump();
                });
            })
            .unwrap();
            if count.bump() == CLIENTS {
                l.close(|| ());
            }
            kept.borrow_mut().push(conn);
        })
        .unwrap();

    let clients_done = Counter::new();
    let clients: Vec<TcpStream> = (0..CLIENTS)
        .map(|_| {
            let done = clients_done.clone();
            TcpStream::connect(&lp, addr, move |c, result| {
                result.unwrap();
                let done = done.clone();
                let mut got = Vec::new();
                c.read_start(move |c, data| match data {
                    Ok([]) => {
                        assert_eq!(got, b"bye");
                        done.bump();
                        c.close(|| ());
                    }
                    Ok(bytes) => got.extend_from_slice(bytes),
                    Err(e) => panic!("client read: {e}"),
                })
                .unwrap();
            })
            .unwrap()
        })
        .collect();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(accepted.get(), CLIENTS);
    assert_eq!(server_closed.get(), CLIENTS);
    assert_eq!(clients_done.get(), CLIENTS);
    assert!(clients.iter().all(TcpStream::is_closing));
    assert!(conns.borrow().iter().all(TcpStream::is_closing));
}

#[test]
fn write_buffers_come_back_for_reuse_and_steady_state_allocates_nothing() {
    const MESSAGE: usize = 64;
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);

    // The server echoes each message back with the buffer it got back
    // from its previous write.
    let spare: Rc<RefCell<Option<Vec<u8>>>> = Rc::new(RefCell::new(Some(vec![0; MESSAGE])));
    let back = spare.clone();
    server.on_write_done(move |_, result, buf| {
        result.unwrap();
        *back.borrow_mut() = Some(buf);
    });
    server
        .read_start(move |s, data| match data {
            Ok([]) => s.close(|| ()),
            Ok(bytes) => {
                let mut buf = spare.borrow_mut().take().expect("one message in flight");
                buf.clear();
                buf.extend_from_slice(bytes);
                s.write(buf).unwrap();
            }
            Err(e) => panic!("{e}"),
        })
        .unwrap();

    // The client sends one buffer back and forth, over and over.
    let first = vec![7; MESSAGE];
    let address = first.as_ptr() as usize;
    let client_buf: Rc<RefCell<Option<Vec<u8>>>> = Rc::new(RefCell::new(None));
    let back = client_buf.clone();
    client.on_write_done(move |_, result, buf| {
        result.unwrap();
        assert_eq!(buf.as_ptr() as usize, address, "the buffer is reused");
        *back.borrow_mut() = Some(buf);
    });
    let steady = Rc::new(SteadyState::default());
    let counted = steady.clone();
    let mut echoed = 0;
    client
        .read_start(move |c, data| match data {
            Ok([]) => c.close(|| ()),
            Ok(bytes) => {
                echoed += bytes.len();
                if echoed < MESSAGE {
                    return;
                }
                echoed = 0;
                if counted.round_trip(c) {
                    let buf = client_buf.borrow_mut().take().expect("write finished");
                    c.write(buf).unwrap();
                }
            }
            Err(e) => panic!("{e}"),
        })
        .unwrap();
    client.write(first).unwrap();
    assert!(!lp.run(RunMode::Default));
    steady.check();
}

#[test]
fn write_slice_echo_reports_nothing_and_steady_state_allocates_nothing() {
    const MESSAGE: [u8; 64] = [7; 64];
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    // Every write here goes out at once: none may be reported.
    client.on_write_done(|_, _, _| panic!("a client write was reported"));
    server.on_write_done(|_, _, _| panic!("a server write was reported"));
    server
        .read_start(|s, data| match data {
            Ok([]) => s.close(|| ()),
            Ok(bytes) => assert!(!s.write_slice(bytes).unwrap(), "an echo was queued"),
            Err(e) => panic!("{e}"),
        })
        .unwrap();
    let steady = Rc::new(SteadyState::default());
    let counted = steady.clone();
    let mut echoed = 0;
    client
        .read_start(move |c, data| match data {
            Ok([]) => c.close(|| ()),
            Ok(bytes) => {
                assert!(bytes.iter().all(|&b| b == 7));
                echoed += bytes.len();
                if echoed < MESSAGE.len() {
                    return;
                }
                echoed = 0;
                if counted.round_trip(c) {
                    assert!(!c.write_slice(&MESSAGE).unwrap(), "a message was queued");
                }
            }
            Err(e) => panic!("{e}"),
        })
        .unwrap();
    assert!(!client.write_slice(&MESSAGE).unwrap());
    assert!(!lp.run(RunMode::Default));
    steady.check();
}

#[test]
fn write_slice_while_connecting_is_queued_and_sent_once_connected() {
    let (lp, _guard) = guarded_loop();
    let listener = TcpListener::bind(&lp, loopback()).unwrap();
    // The accepted connection and what it read.
    let served = Rc::new(RefCell::new(None));
    let kept = served.clone();
    listener
        .listen(1, move |l, incoming| {
            incoming.unwrap();
            let conn = l.accept().unwrap();
            let received = collect(&conn, |s| s.close(|| ()));
            *kept.borrow_mut() = Some((conn, received));
            l.close(|| ());
        })
        .unwrap();
    let client = TcpStream::connect(&lp, listener.local_addr().unwrap(), |c, result| {
        result.unwrap();
        c.shutdown(|c, result| {
            result.unwrap();
            c.close(|| ());
        })
        .unwrap();
    })
    .unwrap();
    let reported = Counter::new();
    let seen = reported.clone();
    client.on_write_done(move |_, result, buf| {
        result.unwrap();
        assert_eq!(buf, b"early bytes");
        seen.bump();
    });
    // Not connected yet: the bytes are copied into the queue.
    assert!(client.write_slice(b"early bytes").unwrap());
    assert_eq!(client.queued_bytes(), 11);
    assert!(!lp.run(RunMode::Default));
    let served = served.borrow();
    let (conn, received) = served.as_ref().expect("accepted");
    assert_eq!(&*received.borrow(), b"early bytes");
    assert_eq!(reported.get(), 1);
    assert!(conn.is_closing());
}

#[test]
fn a_callback_may_drop_the_last_clone_of_its_handle() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let holder = Rc::new(RefCell::new(Some(server)));
    let inside = holder.clone();
    let reads = Counter::new();
    let count = reads.clone();
    holder
        .borrow()
        .as_ref()
        .unwrap()
        .read_start(move |_, data| {
            data.unwrap();
            count.bump();
            // The last clone goes: the handle closes once this returns.
            inside.borrow_mut().take();
        })
        .unwrap();
    client.write(b"x".to_vec()).unwrap();
    let client_end = collect(&client, |c| c.close(|| ()));
    assert!(!lp.run(RunMode::Default));
    assert_eq!(reads.get(), 1);
    assert!(holder.borrow().is_none());
    assert!(client_end.borrow().is_empty());
}

#[test]
fn accept_without_a_connection_and_bind_conflicts_are_errors() {
    let (lp, _guard) = guarded_loop();
    let listener = TcpListener::bind(&lp, loopback()).unwrap();
    assert_eq!(listener.accept().unwrap_err().code(), code::EAGAIN);
    listener.listen(8, |_, _| ()).unwrap();
    let taken = TcpListener::bind(&lp, listener.local_addr().unwrap()).unwrap_err();
    assert_eq!(taken.code(), code::EADDRINUSE);
    listener.close(|| ());
    assert!(!lp.run(RunMode::Default));
}

#[test]
fn a_panicking_read_callback_resumes_out_of_run_and_stays_in_place() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let seen = log.clone();
    server
        .read_start(move |s, data| match data {
            Ok(b"boom") => panic!("boom"),
            Ok([]) => s.close(|| ()),
            Ok(bytes) => seen.push(String::from_utf8_lossy(bytes)),
            Err(e) => panic!("{e}"),
        })
        .unwrap();
    client.write(b"boom".to_vec()).unwrap();
    assert_eq!(run_catching(&lp, RunMode::Default), Err("boom".to_string()));

    // The same callback hears what comes next.
    client.write(b"after".to_vec()).unwrap();
    client.shutdown(|c, _| c.close(|| ())).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["after"]);
}

#[test]
fn a_panicking_write_callback_resumes_out_of_run_and_stays_in_place() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let seen = log.clone();
    client.on_write_done(move |_, result, buf| {
        result.unwrap();
        if buf == b"boom" {
            panic!("boom");
        }
        seen.push(String::from_utf8_lossy(&buf));
    });
    let server_end = collect(&server, |s| s.close(|| ()));
    client.write(b"boom".to_vec()).unwrap();
    assert_eq!(run_catching(&lp, RunMode::Default), Err("boom".to_string()));

    // The same callback hears about the next write.
    client.write(b"after".to_vec()).unwrap();
    client.shutdown(|c, _| c.close(|| ())).unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["after"]);
    assert_eq!(&*server_end.borrow(), b"boomafter");
}

#[test]
fn a_read_callback_may_replace_itself() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let log = Log::new();
    let first = log.clone();
    // The client's second write goes once the first was read, so the two
    // arrive apart; the client hangs up once the second was read.
    let peer = client.clone();
    server
        .read_start(move |s, data| {
            first.push(format!("first {}", String::from_utf8_lossy(data.unwrap())));
            s.read_stop().unwrap();
            let (second, hang_up) = (first.clone(), peer.clone());
            s.read_start(move |s, data| match data {
                Ok([]) => s.close(|| ()),
                Ok(bytes) => {
                    second.push(format!("second {}", String::from_utf8_lossy(bytes)));
                    hang_up.shutdown(|c, _| c.close(|| ())).unwrap();
                }
                Err(e) => panic!("{e}"),
            })
            .unwrap();
            peer.write(b"two".to_vec()).unwrap();
        })
        .unwrap();
    client.write(b"one".to_vec()).unwrap();
    drop(client);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["first one", "second two"]);
}

#[test]
fn closing_lets_the_callbacks_go_at_once_but_keeps_one_for_writes_still_due() {
    let (lp, _guard) = guarded_loop();
    let (client, server) = pair(&lp);
    let token = Rc::new(());
    let (in_read, in_written) = (token.clone(), token.clone());
    server
        .read_start(move |_, _| {
            let _ = &in_read;
        })
        .unwrap();
    server.on_write_done(move |_, _, _| {
        let _ = &in_written;
    });
    // Closed before the loop runs again: nothing is due, both go now.
    server.close(|| ());
    assert_eq!(Rc::strong_count(&token), 1);

    // With a write still to report, its callback stays until it has.
    let reported = Log::new();
    let (in_read, in_written, log) = (token.clone(), token.clone(), reported.clone());
    client
        .read_start(move |_, _| {
            let _ = &in_read;
        })
        .unwrap();
    client.on_write_done(move |_, result, _| {
        let _ = &in_written;
        log.push(format!("{result:?}"));
    });
    client.write(b"last".to_vec()).unwrap();
    client.close(|| ());
    assert_eq!(Rc::strong_count(&token), 2);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(reported.entries(), ["Ok(())"]);
    assert_eq!(Rc::strong_count(&token), 1);
}
