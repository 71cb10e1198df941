//! TCP echo round trips over loopback: `ruv::net` against `tokio::net`.
//!
//! One round trip: a client writes a 64-byte message and reads the whole
//! echo back before it sends the next. The echo server writes back what it
//! reads. With 1 connection this measures the latency of a round trip
//! through the event loop (two writes, two reads, two wake-ups); with 100,
//! each connection keeps one message in flight and the figure is the
//! throughput of one thread serving 200 sockets.
//!
//! The same work on both sides, on one thread each: the server and every
//! client run on one `ruv::Loop`, or on one tokio `current_thread` runtime
//! (clients and server connections as tasks). Every socket has Nagle off.
//! ruv runs twice: `ruv` writes with `write_slice` (sent from the caller's
//! bytes, nothing reported when the kernel takes them at once: what
//! tokio's `write_all` does), `ruv_owned` with `write` and `on_write_done`
//! (an owned buffer per write, handed back from a later phase of the loop,
//! as libuv reports every write).
//! Connections are made once, before measuring; a measured batch of `n`
//! round trips is shared out evenly among the connections. Throughput is
//! in round trips per second (criterion's "elem/s").
//!
//! Run: `cargo bench --bench tcp_echo`; with `RUV_BENCH_CLOCK=cpu`, batches
//! are timed in CPU time of the whole process instead of wall time (see
//! `common/clock.rs`): steadier on a shared machine.
//!
//! For counting instructions or system calls per round trip, the same
//! binary runs one fixed batch instead of criterion when
//! `RUV_ECHO_TRIPS=SIDE:CONNECTIONS:TRIPS` is set (SIDE is `ruv`,
//! `ruv_owned` or `tokio`): a warm-up batch of 1,000 round trips, then TRIPS. Two runs with
//! different TRIPS, subtracted, leave the cost of the round trips alone:
//!
//! ```sh
//! bench=$(cargo bench --bench tcp_echo --no-run 2>&1 | grep -o 'target/[^)]*')
//! RUV_ECHO_TRIPS=ruv:1:20000 valgrind --tool=callgrind $bench
//! RUV_ECHO_TRIPS=ruv:1:20000 strace -c -f $bench
//! ```

#[path = "common/clock.rs"]
mod clock;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use std::time::Duration;

const MESSAGE: usize = 64;
const CONNECTIONS: [usize; 2] = [1, 100];

/// `total` round trips shared out among `n` connections.
fn shares(total: u64, n: usize) -> impl Iterator<Item = u64> {
    let n64 = n as u64;
    (0..n64).map(move |i| total / n64 + u64::from(i < total % n64))
}

mod with_ruv {
    use super::MESSAGE;
    use crate::clock::Clock;
    use ruv::net::{TcpListener, TcpStream};
    use ruv::{Loop, RunMode};
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::time::Duration;

    /// How the ruv side writes.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub enum Writes {
        /// `write_slice`: sent from the caller's bytes, nothing reported
        /// (what tokio's `write_all` does on a ready socket).
        Slice,
        /// `write` of an owned buffer, handed back through
        /// `on_write_done` (the libuv way: a completion for every write).
        Owned,
    }

    /// What every callback of one bench shares.
    #[derive(Default)]
    struct Progress {
        /// Connections made (client side) and accepted (server side).
        connected: Cell<usize>,
        accepted: Cell<usize>,
        /// Clients done with their share of the current batch.
        done: Cell<usize>,
        /// How many clients the current step waits for.
        expected: Cell<usize>,
    }

    struct Client {
        stream: TcpStream,
        writes: Writes,
        /// Round trips left in the current batch.
        remaining: Cell<u64>,
        /// Bytes of the current echo received so far.
        received: Cell<usize>,
        /// Buffers back from finished writes, for the next message.
        spare: RefCell<Vec<Vec<u8>>>,
    }

    impl Client {
        fn send(&self) {
            if self.writes == Writes::Slice {
                self.stream
                    .write_slice(&[7; MESSAGE])
                    .expect("client write");
                return;
            }
            let buf = self
                .spare
                .borrow_mut()
                .pop()
                .unwrap_or_else(|| vec![7; MESSAGE]);
            self.stream.write(buf).expect("client write");
        }
    }

    pub struct Bench {
        lp: Loop,
        clients: Vec<Rc<Client>>,
        progress: Rc<Progress>,
        _listener: TcpListener,
        _served: Rc<RefCell<Vec<TcpStream>>>,
    }

    /// Echoes what `conn` reads: straight from the read buffer, or from
    /// buffers its finished writes hand back.
    fn echo(conn: &TcpStream, writes: Writes) {
        conn.set_nodelay(true).unwrap();
        if writes == Writes::Slice {
            conn.read_start(|conn, data| match data {
                Ok([]) => conn.close(|| ()),
                Ok(bytes) => {
                    conn.write_slice(bytes).expect("server write");
                }
                Err(e) => panic!("server read: {e}"),
            })
            .unwrap();
            return;
        }
        let spare = Rc::new(RefCell::new(Vec::<Vec<u8>>::new()));
        let returned = spare.clone();
        conn.on_write_done(move |_, result, buf| {
            result.expect("server write");
            returned.borrow_mut().push(buf);
        });
        conn.read_start(move |conn, data| match data {
            Ok([]) => conn.close(|| ()),
            Ok(bytes) => {
                let mut buf = spare.borrow_mut().pop().unwrap_or_default();
                buf.clear();
                buf.extend_from_slice(bytes);
                conn.write(buf).expect("server write");
            }
            Err(e) => panic!("server read: {e}"),
        })
        .unwrap();
    }

    impl Bench {
        pub fn new(connections: usize, writes: Writes) -> Bench {
            let lp = Loop::new().unwrap();
            let progress = Rc::new(Progress::default());
            let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap()).unwrap();
            let served = Rc::new(RefCell::new(Vec::new()));
            let (kept, on_accept) = (served.clone(), progress.clone());
            listener
                .listen(1024, move |l, incoming| {
                    incoming.expect("accept");
                    let conn = l.accept().unwrap();
                    echo(&conn, writes);
                    kept.borrow_mut().push(conn);
                    on_accept.accepted.set(on_accept.accepted.get() + 1);
                    if on_accept.accepted.get() == on_accept.expected.get()
                        && on_accept.connected.get() == on_accept.expected.get()
                    {
                        l.loop_().stop();
                    }
                })
                .unwrap();
            let addr = listener.local_addr().unwrap();
            progress.expected.set(connections);
            let clients: Vec<Rc<Client>> = (0..connections)
                .map(|_| {
                    let on_connect = progress.clone();
                    let stream = TcpStream::connect(&lp, addr, move |c, result| {
                        result.expect("connect");
                        c.set_nodelay(true).unwrap();
                        let p = &on_connect;
                        p.connected.set(p.connected.get() + 1);
                        if p.accepted.get() == p.expected.get()
                            && p.connected.get() == p.expected.get()
                        {
                            c.loop_().stop();
                        }
                    })
                    .unwrap();
                    Rc::new(Client {
                        stream,
                        writes,
                        remaining: Cell::new(0),
                        received: Cell::new(0),
                        spare: RefCell::new(Vec::new()),
                    })
                })
                .collect();
            for client in &clients {
                let (me, p) = (Rc::downgrade(client), progress.clone());
                client.stream.on_write_done(move |_, result, buf| {
                    result.expect("client write");
                    if let Some(me) = me.upgrade() {
                        me.spare.borrow_mut().push(buf);
                    }
                });
                let me = Rc::downgrade(client);
                client
                    .stream
                    .read_start(move |c, data| {
                        let me = me.upgrade().expect("client");
                        let bytes = data.expect("client read");
                        assert!(!bytes.is_empty(), "the server hung up");
                        me.received.set(me.received.get() + bytes.len());
                        if me.received.get() < MESSAGE {
                            return; // the rest of the echo is on its way
                        }
                        me.received.set(me.received.get() - MESSAGE);
                        me.remaining.set(me.remaining.get() - 1);
                        if me.remaining.get() > 0 {
                            me.send();
                        } else {
                            p.done.set(p.done.get() + 1);
                            if p.done.get() == p.expected.get() {
                                c.loop_().stop();
                            }
                        }
                    })
                    .unwrap();
            }
            lp.run(RunMode::Default);
            assert_eq!(progress.connected.get(), connections);
            assert_eq!(progress.accepted.get(), connections);
            Bench {
                lp,
                clients,
                progress,
                _listener: listener,
                _served: served,
            }
        }

        /// Runs `total` round trips; returns how long they took.
        pub fn run(&self, total: u64) -> Duration {
            let started = Clock::start();
            let mut active = 0;
            for (client, share) in self
                .clients
                .iter()
                .zip(super::shares(total, self.clients.len()))
            {
                client.remaining.set(share);
                if share > 0 {
                    active += 1;
                }
            }
            self.progress.done.set(0);
            self.progress.expected.set(active);
            for client in self.clients.iter().filter(|c| c.remaining.get() > 0) {
                client.send();
            }
            if active > 0 {
                self.lp.run(RunMode::Default);
            }
            assert_eq!(self.progress.done.get(), active);
            started.elapsed()
        }
    }
}

mod with_tokio {
    use super::MESSAGE;
    use crate::clock::Clock;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::runtime::Runtime;
    use tokio::task::JoinSet;

    pub struct Bench {
        rt: Runtime,
        clients: Vec<TcpStream>,
    }

    async fn echo(mut conn: TcpStream) {
        conn.set_nodelay(true).unwrap();
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = conn.read(&mut buf).await.expect("server read");
            if n == 0 {
                return;
            }
            conn.write_all(&buf[..n]).await.expect("server write");
        }
    }

    impl Bench {
        pub fn new(connections: usize) -> Bench {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .unwrap();
            let clients = rt.block_on(async {
                let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
                let addr = listener.local_addr().unwrap();
                tokio::spawn(async move {
                    loop {
                        let (conn, _) = listener.accept().await.expect("accept");
                        tokio::spawn(echo(conn));
                    }
                });
                let mut clients = Vec::with_capacity(connections);
                for _ in 0..connections {
                    let stream = TcpStream::connect(addr).await.expect("connect");
                    stream.set_nodelay(true).unwrap();
                    clients.push(stream);
                }
                clients
            });
            Bench { rt, clients }
        }

        /// Runs `total` round trips; returns how long they took.
        pub fn run(&mut self, total: u64) -> Duration {
            let clients = std::mem::take(&mut self.clients);
            let n = clients.len();
            let started = Clock::start();
            self.clients = self.rt.block_on(async {
                let mut tasks = JoinSet::new();
                for (mut stream, share) in clients.into_iter().zip(super::shares(total, n)) {
                    tasks.spawn(async move {
                        let message = [7u8; MESSAGE];
                        let mut echo = [0u8; MESSAGE];
                        for _ in 0..share {
                            stream.write_all(&message).await.expect("client write");
                            stream.read_exact(&mut echo).await.expect("client read");
                        }
                        stream
                    });
                }
                let mut back = Vec::with_capacity(n);
                while let Some(stream) = tasks.join_next().await {
                    back.push(stream.expect("client task"));
                }
                back
            });
            started.elapsed()
        }
    }
}

fn tcp_echo(c: &mut Criterion) {
    let mut group = c.benchmark_group("tcp_echo");
    group
        .throughput(Throughput::Elements(1))
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    for connections in CONNECTIONS {
        let ruv_side = with_ruv::Bench::new(connections, with_ruv::Writes::Slice);
        group.bench_function(BenchmarkId::new("ruv", connections), |b| {
            b.iter_custom(|n| ruv_side.run(n))
        });
        let owned_side = with_ruv::Bench::new(connections, with_ruv::Writes::Owned);
        group.bench_function(BenchmarkId::new("ruv_owned", connections), |b| {
            b.iter_custom(|n| owned_side.run(n))
        });
        let mut tokio_side = with_tokio::Bench::new(connections);
        group.bench_function(BenchmarkId::new("tokio", connections), |b| {
            b.iter_custom(|n| tokio_side.run(n))
        });
    }
    group.finish();
}

/// One fixed batch, as `RUV_ECHO_TRIPS` asks (see the top of the file).
fn fixed_batch(spec: &str) {
    let parts: Vec<&str> = spec.split(':').collect();
    let [side, connections, trips] = parts[..] else {
        panic!("RUV_ECHO_TRIPS={spec}: want SIDE:CONNECTIONS:TRIPS");
    };
    let connections: usize = connections.parse().expect("connections");
    let trips: u64 = trips.parse().expect("trips");
    const WARM_UP: u64 = 1_000;
    let took = match side {
        "ruv" | "ruv_owned" => {
            let writes = if side == "ruv" {
                with_ruv::Writes::Slice
            } else {
                with_ruv::Writes::Owned
            };
            let bench = with_ruv::Bench::new(connections, writes);
            bench.run(WARM_UP);
            bench.run(trips)
        }
        "tokio" => {
            let mut bench = with_tokio::Bench::new(connections);
            bench.run(WARM_UP);
            bench.run(trips)
        }
        other => panic!("RUV_ECHO_TRIPS: unknown side {other}"),
    };
    println!("{side} {connections} connection(s): {trips} round trips in {took:?}");
}

criterion_group!(benches, tcp_echo);

fn main() {
    match std::env::var("RUV_ECHO_TRIPS") {
        Ok(spec) => fixed_batch(&spec),
        Err(_) => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
