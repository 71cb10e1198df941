//! Running out of descriptors: a child process (this test binary, run again
//! with only `emfile_child` and an environment variable set) lowers its
//! descriptor limit and opens more connections to its own listener than the
//! limit allows. The loop must keep running timers without spinning, the
//! listener must shed (or report) what it cannot accept, and once the client
//! connections are closed it must accept new ones again.

mod util;

use ruv::error::code;
use ruv::net::{TcpListener, TcpStream};
use ruv::{Check, RunMode, Timer};
use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};
use util::*;

const CHILD_ENV: &str = "RUV_NET_EMFILE_CHILD";
/// Free descriptor numbers the child leaves itself above those open.
const HEADROOM: u64 = 40;
/// Connections attempted at most before the limit must have been hit.
const MAX_ATTEMPTS: usize = 1000;
/// Timer ticks the child stays at the limit, attempting a connection each.
const TICKS_AT_LIMIT: u32 = 10;
/// Connections that must be accepted once descriptors are free again.
const RECOVERY: u32 = 10;

#[test]
fn accepting_past_the_descriptor_limit_keeps_the_loop_responsive() {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "emfile_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child bounds its loop itself (the guard timer); this bounds the
    // process, polling for its exit.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the child was still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "child failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(
        stdout.contains("emfile child: ok"),
        "the child did not run its checks\n{stdout}"
    );
}

/// What the child's callbacks share.
#[derive(Default)]
struct State {
    clients: RefCell<Vec<TcpStream>>,
    served: RefCell<Vec<TcpStream>>,
    /// Connects refused at once: no descriptor for the client's socket.
    refused: Cell<u32>,
    /// Connect callbacks run, and how many of them succeeded.
    connect_callbacks: Cell<u32>,
    connected: Cell<u32>,
    /// Client connections that ended (shed by the listener) after connecting.
    ended: Cell<u32>,
    /// Accept failures the listener reported.
    accept_errors: Cell<u32>,
    /// Handles whose close callback has run.
    closed: Cell<u32>,
    ticks_at_limit: Cell<u32>,
    iterations: Cell<u32>,
    iterations_at_limit: Cell<u32>,
    recovering: Cell<bool>,
    recovered: Cell<u32>,
}

impl State {
    /// Every client attempt has settled: refused, failed, shed, or served.
    fn settled(&self) -> bool {
        self.connect_callbacks.get() as usize == self.clients.borrow().len()
            && self.ended.get() as usize + self.served.borrow().len()
                == self.connected.get() as usize
    }
}

/// Starts one client connection; returns false if it was refused at once.
fn connect(state: &Rc<State>, lp: &ruv::Loop, addr: SocketAddr) -> bool {
    let on_connect = state.clone();
    let connected = TcpStream::connect(lp, addr, move |c, result| {
        let state = on_connect;
        state
            .connect_callbacks
            .set(state.connect_callbacks.get() + 1);
        if result.is_err() {
            return;
        }
        state.connected.set(state.connected.get() + 1);
        let on_read = state.clone();
        c.read_start(move |_, data| match data {
            // The listener shed this connection (its end, or a reset).
            Ok([]) | Err(_) => on_read.ended.set(on_read.ended.get() + 1),
            Ok(_) => {}
        })
        .unwrap();
    });
    match connected {
        Ok(client) => {
            state.clients.borrow_mut().push(client);
            true
        }
        Err(e) => {
            assert_eq!(e.code(), code::EMFILE, "connect failed: {e}");
            state.refused.set(state.refused.get() + 1);
            false
        }
    }
}

fn close_counted(state: &Rc<State>, handle: &TcpStream) {
    let state = state.clone();
    handle.close(move || state.closed.set(state.closed.get() + 1));
}

#[test]
fn emfile_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return; // only meaningful in the child the test above starts
    }
    let highest_open = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u64>().ok())
        .max()
        .unwrap();
    ruv::sys::limits::set_open_files_limit(highest_open + 1 + HEADROOM).unwrap();

    let (lp, _guard) = guarded_loop();
    let state = Rc::new(State::default());
    let listener = TcpListener::bind(&lp, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    let on_connection = state.clone();
    listener
        .listen(1024, move |l, incoming| {
            let state = &on_connection;
            match incoming {
                Err(e) => {
                    assert!(matches!(e.name(), "EMFILE" | "ENFILE"), "accept: {e}");
                    state.accept_errors.set(state.accept_errors.get() + 1);
                }
                Ok(()) => {
                    state.served.borrow_mut().push(l.accept().unwrap());
                    if state.recovering.get() {
                        state.recovered.set(state.recovered.get() + 1);
                    }
                }
            }
        })
        .unwrap();

    // Flood: connect until the process has no descriptor left for another.
    let flooded = (0..MAX_ATTEMPTS).any(|_| !connect(&state, &lp, addr));
    assert!(
        flooded,
        "{MAX_ATTEMPTS} connections did not reach the limit"
    );

    // Loop iterations, to tell waiting from spinning.
    let check = Check::new(&lp).unwrap();
    let counting = state.clone();
    check
        .start(move |_| counting.iterations.set(counting.iterations.get() + 1))
        .unwrap();
    check.unref();

    let timer = Timer::new(&lp).unwrap();
    let on_tick = state.clone();
    let (tick_lp, the_listener, the_check) = (lp.clone(), listener.clone(), check.clone());
    let mut released = false;
    timer
        .start(ms(5), Some(ms(5)), move |t| {
            let state = &on_tick;
            if !released {
                // At the limit: the loop still ticks; keep knocking.
                state.ticks_at_limit.set(state.ticks_at_limit.get() + 1);
                connect(state, &tick_lp, addr);
                if state.ticks_at_limit.get() < TICKS_AT_LIMIT || !state.settled() {
                    return;
                }
                state.iterations_at_limit.set(state.iterations.get());
                released = true;
                for handle in state
                    .clients
                    .borrow()
                    .iter()
                    .chain(state.served.borrow().iter())
                {
                    close_counted(state, handle);
                }
                return;
            }
            let handles = state.clients.borrow().len() + state.served.borrow().len();
            if !state.recovering.get() {
                // Wait until every descriptor is given back, then connect anew.
                if (state.closed.get() as usize) < handles {
                    return;
                }
                state.clients.borrow_mut().clear();
                state.served.borrow_mut().clear();
                state.recovering.set(true);
                for _ in 0..RECOVERY {
                    assert!(connect(state, &tick_lp, addr), "refused after recovery");
                }
                return;
            }
            if state.recovered.get() == RECOVERY {
                for handle in state
                    .clients
                    .borrow()
                    .iter()
                    .chain(state.served.borrow().iter())
                {
                    handle.close(|| ());
                }
                the_listener.close(|| ());
                the_check.close(|| ());
                t.close(|| ());
            }
        })
        .unwrap();

    assert!(!lp.run(RunMode::Default));
    let s = &state;
    let shed = s.ended.get();
    println!(
        "refused {} connected {} shed {} accept errors {} ticks at the limit {} \
         iterations {} recovered {}",
        s.refused.get(),
        s.connected.get(),
        shed,
        s.accept_errors.get(),
        s.ticks_at_limit.get(),
        s.iterations_at_limit.get(),
        s.recovered.get()
    );
    assert!(s.refused.get() > 0, "no connect ran into the limit");
    assert!(
        shed + s.accept_errors.get() > 0,
        "the listener neither shed nor reported a connection"
    );
    // The loop counted each time accept ran out, shed or reported.
    let emfile_events = lp.stats().emfile_events;
    assert!(
        emfile_events > 0 && emfile_events >= u64::from(s.accept_errors.get()),
        "{emfile_events} EMFILE events counted"
    );
    assert!(s.ticks_at_limit.get() >= TICKS_AT_LIMIT);
    // Each iteration waited for something (a tick, a connection event); a
    // listener spinning on EMFILE would run thousands.
    assert!(
        s.iterations_at_limit.get() < 20 * s.ticks_at_limit.get() + 200,
        "the loop spun at the limit"
    );
    assert_eq!(s.recovered.get(), RECOVERY);
    println!("emfile child: ok");
}
