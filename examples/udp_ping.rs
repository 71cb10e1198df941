//! UDP ping-pong over 127.0.0.1: a client sends a numbered ping, the
//! server echoes it back as a pong, and the client sends the next ping
//! when the pong arrives, for a fixed number of rounds. Each side keeps
//! one buffer in rotation: a send takes it, and the send callback gives it
//! back, so the exchange allocates nothing per datagram.
//!
//! Run with `cargo run --release --example udp_ping`; it prints the round
//! trip time and finishes in well under a second.

use ruv::net::udp::UdpSocket;
use ruv::{Loop, RunMode, Timer};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

const ROUNDS: u32 = 10_000;

fn main() -> ruv::Result<()> {
    let lp = Loop::new()?;
    let server = UdpSocket::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
    let client = UdpSocket::bind(&lp, "127.0.0.1:0".parse().unwrap())?;
    let server_addr = server.local_addr()?;
    println!(
        "server on {server_addr}, client on {}",
        client.local_addr()?
    );

    // The server's spare buffer: taken by each echo, returned by its send
    // callback.
    let server_spare = Rc::new(RefCell::new(Some(Vec::with_capacity(64))));
    let spare = Rc::clone(&server_spare);
    server.on_sent(move |_, result, buf| {
        result.expect("pong sent");
        *spare.borrow_mut() = Some(buf);
    });
    let spare = Rc::clone(&server_spare);
    server.recv_start(move |me, datagram| {
        let datagram = datagram.expect("ping received");
        let mut buf = spare.borrow_mut().take().unwrap_or_default();
        buf.clear();
        buf.extend_from_slice(datagram.data);
        me.send_to(buf, datagram.peer).expect("pong queued");
    })?;

    let client_spare = Rc::new(RefCell::new(Some(Vec::with_capacity(64))));
    let spare = Rc::clone(&client_spare);
    client.on_sent(move |_, result, buf| {
        result.expect("ping sent");
        *spare.borrow_mut() = Some(buf);
    });
    let ping = {
        let spare = Rc::clone(&client_spare);
        move |me: &UdpSocket, n: u32| {
            let mut buf = spare.borrow_mut().take().unwrap_or_default();
            buf.clear();
            buf.extend_from_slice(&n.to_be_bytes());
            me.send_to(buf, server_addr).expect("ping queued");
        }
    };

    let rounds = Rc::new(Cell::new(0u32));
    let done = Rc::clone(&rounds);
    let closing = server.clone();
    let next = ping.clone();
    client.recv_start(move |me, datagram| {
        let datagram = datagram.expect("pong received");
        let n = u32::from_be_bytes(datagram.data.try_into().expect("4 bytes"));
        assert_eq!(n, done.get(), "pongs come back in order");
        done.set(n + 1);
        if n + 1 < ROUNDS {
            next(me, n + 1);
        } else {
            me.close(|| ());
            closing.close(|| ());
        }
    })?;

    // A bound on the whole run, should a datagram ever get lost.
    let watchdog = Timer::new(&lp)?;
    watchdog.start(Duration::from_secs(10), None, |t| {
        eprintln!("no progress for 10 s: giving up");
        t.loop_().stop();
    })?;
    watchdog.unref();

    let started = Instant::now();
    ping(&client, 0);
    lp.run(RunMode::Default);
    let elapsed = started.elapsed();
    println!(
        "{} round trips in {:.1} ms: {:.1} µs each",
        rounds.get(),
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / f64::from(rounds.get().max(1))
    );
    Ok(())
}
