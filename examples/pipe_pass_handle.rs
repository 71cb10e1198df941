//! Handing an accepted TCP connection to another part of the program over
//! an ipc pipe, the way a server passes connections to worker processes;
//! here both ends of the pipe (a Unix socket pair) live in one process.
//!
//! The acceptor accepts a connection and sends it across with a short note;
//! the worker takes it from its end of the pipe and echoes on it; a client
//! checks the echo.
//!
//! Run with `cargo run --example pipe_pass_handle`.

use ruv::net::{PassedHandle, Pipe, TcpListener, TcpStream};
use ruv::{Loop, RunMode};
use std::cell::RefCell;
use std::os::unix::net::UnixStream;
use std::rc::Rc;

fn main() -> ruv::Result<()> {
    let lp = Loop::new()?;
    let (acceptor_end, worker_end) = UnixStream::pair()?;
    let to_worker = Pipe::open_ipc(&lp, acceptor_end)?;
    let from_acceptor = Pipe::open_ipc(&lp, worker_end)?;

    // The acceptor: pass the connection on and let go of its own copy.
    let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
    let pipe = to_worker.clone();
    listener.listen(8, move |l, incoming| {
        incoming.expect("accept");
        let conn = l.accept().expect("a connection is waiting");
        println!(
            "acceptor: connection from {}, passing it on",
            conn.peer_addr().unwrap()
        );
        pipe.write_with_handle(b"conn".to_vec(), &conn).unwrap();
        // This demo serves one client: nothing more to accept or send.
        l.close(|| ());
        pipe.shutdown(|p, _| p.close(|| ())).unwrap();
        // `conn` goes here; the worker holds its own copy of the socket.
    })?;

    // The worker: take each passed connection and echo on it. The list
    // outlives the pipe's callback, which goes when the pipe closes.
    let served = Rc::new(RefCell::new(Vec::new()));
    let held = served.clone();
    from_acceptor.read_start(move |w, data| match data {
        Ok([]) => w.close(|| ()),
        Ok(_note) => {
            while w.pending_handles() > 0 {
                let Ok(PassedHandle::Tcp(conn)) = w.accept_handle() else {
                    panic!("worker: expected a TCP connection");
                };
                println!("worker: serving {}", conn.peer_addr().unwrap());
                conn.read_start(|conn, data| match data {
                    Ok([]) => conn.shutdown(|conn, _| conn.close(|| ())).unwrap(),
                    Ok(bytes) => {
                        conn.write_slice(bytes).unwrap();
                    }
                    Err(e) => panic!("worker: read failed: {e}"),
                })
                .unwrap();
                held.borrow_mut().push(conn);
            }
        }
        Err(e) => panic!("worker: pipe read failed: {e}"),
    })?;

    // The client: knows nothing of the hand-over.
    const GREETING: &[u8] = b"hello through a passed handle";
    let client = TcpStream::connect(&lp, listener.local_addr()?, |c, result| {
        result.expect("connect");
        c.write(GREETING.to_vec()).unwrap();
        c.shutdown(|_, result| result.expect("shutdown")).unwrap();
    })?;
    let echoed = Rc::new(RefCell::new(Vec::new()));
    let sink = echoed.clone();
    client.read_start(move |c, data| match data {
        Ok([]) => c.close(|| ()),
        Ok(bytes) => sink.borrow_mut().extend_from_slice(bytes),
        Err(e) => panic!("client: read failed: {e}"),
    })?;

    lp.run(RunMode::Default);
    assert_eq!(echoed.borrow().as_slice(), GREETING);
    assert_eq!(served.borrow().len(), 1);
    println!(
        "client: got {:?} back",
        String::from_utf8_lossy(&echoed.borrow())
    );
    Ok(())
}
