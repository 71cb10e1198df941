//! An echo server and its client in one process, over loopback.
//!
//! The client sends numbered messages one at a time and checks that each
//! comes back unchanged, then shuts its side down; the server echoes until
//! the end of the stream, writing from buffers it gets back from finished
//! writes, so it allocates nothing once warmed up.
//!
//! Run with `cargo run --example tcp_echo`.

use ruv::net::{TcpListener, TcpStream};
use ruv::{Loop, RunMode, Timer};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

const MESSAGES: usize = 1000;

fn message(n: usize) -> Vec<u8> {
    format!("message {n:06}\n").into_bytes()
}

/// Echoes everything `conn` reads; at the end of the stream, shuts down
/// and closes.
fn echo(conn: &TcpStream) -> ruv::Result<()> {
    let spare = Rc::new(RefCell::new(Vec::<Vec<u8>>::new()));
    let returned = spare.clone();
    conn.on_write_done(move |_, result, buf| {
        if result.is_ok() {
            returned.borrow_mut().push(buf);
        }
    });
    conn.read_start(move |conn, data| match data {
        Ok([]) => conn.shutdown(|conn, _| conn.close(|| ())).unwrap(),
        Ok(bytes) => {
            let mut buf = spare.borrow_mut().pop().unwrap_or_default();
            buf.clear();
            buf.extend_from_slice(bytes);
            conn.write(buf).unwrap();
        }
        Err(e) => {
            eprintln!("server: read failed: {e}");
            conn.close(|| ());
        }
    })
}

fn main() -> ruv::Result<()> {
    let lp = Loop::new()?;
    let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
    let addr = listener.local_addr()?;
    println!("server: listening on {addr}");

    // Accepted connections live as long as this list holds them.
    let connections = Rc::new(RefCell::new(Vec::new()));
    let held = connections.clone();
    listener.listen(128, move |l, incoming| {
        if let Err(e) = incoming {
            eprintln!("server: accept failed: {e}");
            return;
        }
        let conn = l.accept().expect("a connection is waiting");
        println!("server: connection from {}", conn.peer_addr().unwrap());
        echo(&conn).unwrap();
        held.borrow_mut().push(conn);
    })?;

    let client = TcpStream::connect(&lp, addr, |c, result| {
        result.expect("connect");
        c.set_nodelay(true).unwrap();
        c.write(message(0)).unwrap();
    })?;
    let server = listener.clone();
    let mut echoed = Vec::new();
    let mut checked = 0;
    client.read_start(move |c, data| match data {
        Ok([]) => {
            println!("client: {checked} echoes checked; the server has closed");
            c.close(|| ());
            server.close(|| ());
        }
        Ok(bytes) => {
            echoed.extend_from_slice(bytes);
            let expected = message(checked);
            if echoed.len() < expected.len() {
                return; // the rest of this echo is still on its way
            }
            assert_eq!(echoed, expected, "echo {checked} differs");
            echoed.clear();
            checked += 1;
            if checked < MESSAGES {
                c.write(message(checked)).unwrap();
            } else {
                c.shutdown(|_, result| result.expect("shutdown")).unwrap();
            }
        }
        Err(e) => panic!("client: read failed: {e}"),
    })?;

    // A bound on the whole run, should anything stall.
    let watchdog = Timer::new(&lp)?;
    watchdog.start(Duration::from_secs(10), None, |_| {
        panic!("tcp_echo did not finish within 10 s")
    })?;
    watchdog.unref();

    lp.run(RunMode::Default);
    Ok(())
}
