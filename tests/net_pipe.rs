//! ruv::net pipes: ping-pong over a socket path in a temp dir, bind and
//! connect errors, adopted descriptors, and passing TCP connections and pipes
//! over ipc pipes. Every loop is bounded by the guard timer.

mod util;

use ruv::error::code;
use ruv::net::{PassedHandle, Pipe, PipeListener, TcpListener, TcpStream};
use ruv::{Loop, RunMode};
use std::cell::RefCell;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use util::*;

/// A fresh directory, removed (with what is left in it) on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let prefix = std::env::temp_dir().join("ruv-net-pipe-");
        TempDir(ruv::fs::create_temp_dir(prefix).unwrap())
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Reads everything into a shared buffer; closes the pipe at the end.
fn collect(pipe: &Pipe) -> Rc<RefCell<Vec<u8>>> {
    let received = Rc::new(RefCell::new(Vec::new()));
    let sink = received.clone();
    pipe.read_start(move |p, data| match data {
        Ok([]) => p.close(|| ()),
        Ok(bytes) => sink.borrow_mut().extend_from_slice(bytes),
        Err(e) => panic!("read failed: {e}"),
    })
    .unwrap();
    received
}

/// Answers every chunk with the same bytes, and shuts down at the end.
fn echo(stream: &TcpStream) {
    stream
        .read_start(|s, data| match data {
            Ok([]) => s.shutdown(|s, _| s.close(|| ())).unwrap(),
            Ok(bytes) => s.write(bytes.to_vec()).unwrap(),
            Err(e) => panic!("echo read: {e}"),
        })
        .unwrap();
}

fn ipc_pair(lp: &Loop) -> (Pipe, Pipe) {
    let (a, b) = UnixStream::pair().unwrap();
    (
        Pipe::open_ipc(lp, a).unwrap(),
        Pipe::open_ipc(lp, b).unwrap(),
    )
}

#[test]
fn ping_pong_over_a_socket_path() {
    const ROUNDS: u32 = 50;
    let dir = TempDir::new();
    let path = dir.join("ping.sock");
    let (lp, _guard) = guarded_loop();
    let listener = PipeListener::bind(&lp, &path).unwrap();
    assert_eq!(listener.local_path().unwrap(), path);
    let served = Rc::new(RefCell::new(None));
    let slot = served.clone();
    listener
        .listen(4, move |l, incoming| {
            incoming.unwrap();
            let conn = l.accept().unwrap();
            conn.read_start(|p, data| match data {
                Ok([]) => p.close(|| ()),
                Ok(bytes) => {
                    // One ping in flight at a time, so whole messages.
                    assert_eq!(bytes, b"ping");
                    p.write(b"pong".to_vec()).unwrap();
                }
                Err(e) => panic!("server read: {e}"),
            })
            .unwrap();
            *slot.borrow_mut() = Some(conn);
            l.close(|| ());
        })
        .unwrap();

    let rounds = Counter::new();
    let count = rounds.clone();
    let expected = path.clone();
    let client = Pipe::connect(&lp, &path, move |p, result| {
        result.unwrap();
        assert_eq!(p.peer_path().unwrap(), expected);
        p.write(b"ping".to_vec()).unwrap();
        p.read_start(move |p, data| match data {
            Ok([]) => p.close(|| ()),
            Ok(bytes) => {
                assert_eq!(bytes, b"pong");
                if count.bump() < ROUNDS {
                    p.write(b"ping".to_vec()).unwrap();
                } else {
                    p.shutdown(|_, result| result.unwrap()).unwrap();
                }
            }
            Err(e) => panic!("client read: {e}"),
        })
        .unwrap();
    })
    .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(rounds.get(), ROUNDS);
    assert!(client.is_closing());
    assert!(served.borrow().as_ref().unwrap().is_closing());
    assert!(!path.exists(), "the socket file goes with the listener");
}

#[test]
fn bind_and_connect_errors() {
    let dir = TempDir::new();
    let (lp, _guard) = guarded_loop();
    let path = dir.join("taken.sock");
    let bound = PipeListener::bind(&lp, &path).unwrap();
    let err = |r: Result<PipeListener, ruv::Error>| r.unwrap_err().name();
    assert_eq!(err(PipeListener::bind(&lp, &path)), "EADDRINUSE");
    assert_eq!(
        err(PipeListener::bind(&lp, dir.join("no/such/dir"))),
        "EACCES"
    );
    let long = dir.join(&"x".repeat(120));
    assert_eq!(err(PipeListener::bind(&lp, &long)), "ENAMETOOLONG");
    assert_eq!(
        err(PipeListener::bind(&lp, Path::new("nul\0byte"))),
        "EINVAL"
    );

    // Nothing at the path, and a socket nobody listens on.
    let log = Log::new();
    let pipes: Vec<Pipe> = [dir.join("missing.sock"), path.clone()]
        .iter()
        .map(|target| {
            let log = log.clone();
            Pipe::connect(&lp, target, move |p, result| {
                log.push(result.unwrap_err().name());
                p.close(|| ());
            })
            .unwrap()
        })
        .collect();
    bound.close(|| ());
    assert!(!lp.run(RunMode::Default));
    assert_eq!(log.entries(), ["ENOENT", "ECONNREFUSED"]);
    assert!(pipes.iter().all(Pipe::is_closing));
}

#[test]
fn adopted_descriptors_carry_bytes_both_ways() {
    let (lp, _guard) = guarded_loop();
    let (a, b) = UnixStream::pair().unwrap();
    let (left, right) = (Pipe::open(&lp, a).unwrap(), Pipe::open(&lp, b).unwrap());
    assert!(!left.is_ipc());
    assert!(left.is_readable() && left.is_writable());
    left.write(b"to the right".to_vec()).unwrap();
    left.shutdown(|_, result| result.unwrap()).unwrap();
    right.write(b"to the left".to_vec()).unwrap();
    right.shutdown(|_, result| result.unwrap()).unwrap();
    let (got_left, got_right) = (collect(&left), collect(&right));
    assert!(!lp.run(RunMode::Default));
    assert_eq!(&*got_left.borrow(), b"to the left");
    assert_eq!(&*got_right.borrow(), b"to the right");
}

#[test]
fn writes_queued_past_the_socket_buffer_arrive_whole_and_in_order() {
    let (lp, _guard) = guarded_loop();
    let (a, b) = UnixStream::pair().unwrap();
    let (writer, reader) = (Pipe::open(&lp, a).unwrap(), Pipe::open(&lp, b).unwrap());
    // Many more bytes than the socket holds, in writes of many sizes (an
    // empty one too): most wait in the queue, and go out gathered.
    const WRITES: u32 = 400;
    let finished = Rc::new(RefCell::new(Vec::new()));
    let seen = finished.clone();
    writer.on_write_done(move |_, result, buf| {
        result.unwrap();
        seen.borrow_mut().push(buf.len());
    });
    let mut expected = Vec::new();
    let mut sizes = Vec::new();
    for i in 0..WRITES {
        let size = if i == 7 {
            0
        } else {
            (i as usize * 7919) % 65_536 + 1
        };
        let bytes: Vec<u8> = (0..size).map(|k| (i as usize + k) as u8).collect();
        expected.extend_from_slice(&bytes);
        sizes.push(size);
        writer.write(bytes).unwrap();
    }
    assert!(writer.queued_bytes() > 0, "nothing waited in the queue");
    writer
        .shutdown(|w, result| {
            result.unwrap();
            w.close(|| ());
        })
        .unwrap();
    let received = collect(&reader);
    assert!(!lp.run(RunMode::Default));
    assert_eq!(received.borrow().len(), expected.len());
    assert!(*received.borrow() == expected, "bytes out of order");
    assert_eq!(*finished.borrow(), sizes, "callbacks out of order");
}

#[test]
fn write_slice_sends_at_once_unreported_and_queues_only_what_must_wait() {
    let (lp, _guard) = guarded_loop();
    let (a, b) = UnixStream::pair().unwrap();
    let (writer, reader) = (Pipe::open(&lp, a).unwrap(), Pipe::open(&lp, b).unwrap());
    let reported = Rc::new(RefCell::new(Vec::new()));
    let seen = reported.clone();
    writer.on_write_done(move |_, result, buf| {
        result.unwrap();
        seen.borrow_mut().push(buf.len());
    });
    // An idle socket takes a small write whole: nothing queued, nothing
    // to report.
    assert!(!writer.write_slice(b"hello").unwrap());
    assert_eq!(writer.queued_bytes(), 0);
    // More than the socket holds: the rest is copied into the queue.
    let big: Vec<u8> = (0..8 << 20).map(|k: u32| (k % 251) as u8).collect();
    assert!(writer.write_slice(&big).unwrap());
    let waiting = writer.queued_bytes();
    assert!(waiting > 0 && waiting < big.len(), "{waiting} bytes queued");
    // Behind queued bytes, a small write waits its turn, whole.
    assert!(writer.write_slice(b"bye").unwrap());
    assert_eq!(writer.queued_bytes(), waiting + 3);
    writer
        .shutdown(|w, result| {
            result.unwrap();
            assert_eq!(w.write_slice(b"late").unwrap_err().code(), code::EPIPE);
            w.close(|| ());
        })
        .unwrap();
    let received = collect(&reader);
    assert!(!lp.run(RunMode::Default));
    let mut expected = b"hello".to_vec();
    expected.extend_from_slice(&big);
    expected.extend_from_slice(b"bye");
    assert_eq!(received.borrow().len(), expected.len());
    assert!(*received.borrow() == expected, "bytes out of order");
    // Only the queued parts were reported, in order.
    assert_eq!(*reported.borrow(), vec![waiting, 3]);
}

#[test]
fn a_tcp_connection_passed_over_an_ipc_pipe_is_served_by_the_receiver() {
    let (lp, _guard) = guarded_loop();
    let (sender, receiver) = ipc_pair(&lp);

    // The acceptor hands every connection to the receiver, keeping none.
    let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap()).unwrap();
    let to_receiver = sender.clone();
    listener
        .listen(4, move |l, incoming| {
            incoming.unwrap();
            let conn = l.accept().unwrap();
            to_receiver
                .write_with_handle(b"conn".to_vec(), &conn)
                .unwrap();
            conn.close(|| ()); // the receiver has its own copy
            to_receiver.shutdown(|_, result| result.unwrap()).unwrap();
            l.close(|| ());
        })
        .unwrap();

    let served = Rc::new(RefCell::new(Vec::new()));
    let kept = served.clone();
    receiver
        .read_start(move |r, data| match data {
            Ok([]) => r.close(|| ()),
            Ok(bytes) => {
                assert_eq!(bytes, b"conn");
                assert_eq!(r.pending_handles(), 1);
                let Ok(PassedHandle::Tcp(conn)) = r.accept_handle() else {
                    panic!("expected a TCP connection");
                };
                assert_eq!(r.pending_handles(), 0);
                echo(&conn);
                kept.borrow_mut().push(conn);
            }
            Err(e) => panic!("receiver read: {e}"),
        })
        .unwrap();

    let client = TcpStream::connect(&lp, listener.local_addr().unwrap(), |c, result| {
        result.unwrap();
        c.write(b"echo me".to_vec()).unwrap();
        c.shutdown(|_, result| result.unwrap()).unwrap();
    })
    .unwrap();
    let echoed = Rc::new(RefCell::new(Vec::new()));
    let sink = echoed.clone();
    client
        .read_start(move |c, data| match data {
            Ok([]) => c.close(|| ()),
            Ok(bytes) => sink.borrow_mut().extend_from_slice(bytes),
            Err(e) => panic!("client read: {e}"),
        })
        .unwrap();
    sender
        .read_start(|s, data| {
            assert!(matches!(data, Ok([])));
            s.close(|| ());
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(&*echoed.borrow(), b"echo me");
    assert_eq!(served.borrow().len(), 1);
}

#[test]
fn pipes_pass_over_ipc_pipes_too_several_at_a_time() {
    let (lp, _guard) = guarded_loop();
    let (sender, receiver) = ipc_pair(&lp);
    let mut far_ends = Vec::new();
    for n in 0..3u8 {
        let (near, far) = UnixStream::pair().unwrap();
        let passed = Pipe::open(&lp, near).unwrap();
        sender.write_with_handle(vec![n], &passed).unwrap();
        passed.close(|| ());
        far_ends.push(far);
    }
    sender.close(|| ());

    // However the bytes are split into reads, each handle comes with its
    // byte, and every one is taken.
    let greeted = Counter::new();
    let count = greeted.clone();
    let mut seen = Vec::new();
    receiver
        .read_start(move |r, data| match data {
            Ok([]) => r.close(|| ()),
            Ok(bytes) => {
                seen.extend_from_slice(bytes);
                while r.pending_handles() > 0 {
                    let Ok(PassedHandle::Pipe(pipe)) = r.accept_handle() else {
                        panic!("expected a pipe");
                    };
                    // The kernel takes this at once: the pipe can go.
                    pipe.write(vec![b'a' + count.get() as u8]).unwrap();
                    pipe.close(|| ());
                    count.bump();
                }
                assert_eq!(r.accept_handle().unwrap_err().code(), code::EAGAIN);
            }
            Err(e) => panic!("receiver read: {e}"),
        })
        .unwrap();
    assert!(!lp.run(RunMode::Default));
    assert_eq!(greeted.get(), 3);
    for (n, far) in far_ends.iter().enumerate() {
        let mut byte = [0];
        std::io::Read::read_exact(&mut &*far, &mut byte).unwrap();
        assert_eq!(byte[0], b'a' + n as u8);
    }
}

#[test]
fn handle_passing_is_refused_where_it_cannot_work() {
    let (lp, _guard) = guarded_loop();
    let (a, b) = UnixStream::pair().unwrap();
    let plain = Pipe::open(&lp, a).unwrap();
    let other = Pipe::open(&lp, b).unwrap();
    let refused = |r: ruv::Result<()>| r.unwrap_err().code();
    // Not an ipc pipe.
    assert_eq!(
        refused(plain.write_with_handle(b"x".to_vec(), &other)),
        code::EINVAL
    );
    assert_eq!(plain.accept_handle().unwrap_err().code(), code::EINVAL);

    let (ipc, ipc_peer) = ipc_pair(&lp);
    assert_eq!(ipc.accept_handle().unwrap_err().code(), code::EAGAIN);
    // No byte to carry it.
    assert_eq!(
        refused(ipc.write_with_handle(Vec::new(), &other)),
        code::EINVAL
    );
    // A handle of another loop.
    let elsewhere = Loop::new().unwrap();
    let (c, _d) = UnixStream::pair().unwrap();
    let foreign = Pipe::open(&elsewhere, c).unwrap();
    assert_eq!(
        refused(ipc.write_with_handle(b"x".to_vec(), &foreign)),
        code::EINVAL
    );
    // A closed handle.
    other.close(|| ());
    assert_eq!(
        refused(ipc.write_with_handle(b"x".to_vec(), &other)),
        code::EBADF
    );

    for pipe in [&plain, &ipc, &ipc_peer] {
        pipe.close(|| ());
    }
    foreign.close(|| ());
    assert!(!lp.run(RunMode::Default));
    assert!(!elsewhere.run(RunMode::Default));
}
