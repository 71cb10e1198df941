//! UDP echo: client sockets keep a window of checksummed datagrams in
//! flight to an echo socket and check every reply. UDP does not retransmit:
//! a reply not back within the reply timeout counts as lost (on loopback,
//! that only happens when a receive buffer overflows).

use crate::block;
use crate::run::{Ctx, Pacer, Workload};
use crate::stats::{OpId, PeakId};
use ruv::error::code;
use ruv::net::UdpSocket;
use ruv::Timer;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How often in-flight datagrams are checked against the reply timeout.
const SWEEP: Duration = Duration::from_millis(20);
/// Finished send buffers kept for reuse by the echo socket.
const SPARE: usize = 256;

/// The echo socket.
pub struct UdpServer {
    ctx: Rc<Ctx>,
    socket: UdpSocket,
    spare: RefCell<Vec<Vec<u8>>>,
    pending: RefCell<VecDeque<(Instant, u64)>>,
    record: Option<OpId>,
    queue_peak: PeakId,
}

impl UdpServer {
    pub fn start(ctx: &Rc<Ctx>, addr: SocketAddr, record: Option<OpId>) -> ruv::Result<Rc<Self>> {
        let socket = UdpSocket::bind(&ctx.lp, addr)?;
        let server = Rc::new(UdpServer {
            ctx: Rc::clone(ctx),
            socket: socket.clone(),
            spare: RefCell::new(Vec::new()),
            pending: RefCell::new(VecDeque::new()),
            record,
            queue_peak: ctx.stats.peak("udp_server_send_queue_bytes"),
        });
        let me = Rc::clone(&server);
        socket.on_sent(move |_, result, buf| me.sent(result, buf));
        let me = Rc::clone(&server);
        socket.recv_start(move |s, datagram| match datagram {
            Ok(d) => {
                let mut buf = me.spare.borrow_mut().pop().unwrap_or_default();
                buf.clear();
                buf.extend_from_slice(d.data);
                if me.record.is_some() {
                    let entry = (Instant::now(), d.data.len() as u64);
                    me.pending.borrow_mut().push_back(entry);
                }
                match s.send_to(buf, d.peer) {
                    Ok(()) => me
                        .ctx
                        .stats
                        .observe(me.queue_peak, s.send_queue_size() as u64),
                    Err(e) => {
                        me.pending.borrow_mut().pop_back();
                        me.ctx.stats.error(e);
                    }
                }
            }
            Err(e) => me.ctx.stats.error(e),
        })?;
        Ok(server)
    }

    pub fn local_addr(&self) -> ruv::Result<SocketAddr> {
        self.socket.local_addr()
    }

    fn sent(&self, result: ruv::Result<()>, buf: Vec<u8>) {
        let pending = self.pending.borrow_mut().pop_front();
        match result {
            Ok(()) => {
                if let (Some(op), Some((started, bytes))) = (self.record, pending) {
                    self.ctx.stats.record(op, bytes, started);
                }
            }
            Err(e) if e.code() == code::ECANCELED => {}
            Err(e) => self.ctx.stats.error(e),
        }
        let mut spare = self.spare.borrow_mut();
        if spare.len() < SPARE {
            spare.push(buf);
        }
    }

    pub fn close(&self) {
        self.socket.close(|| ());
    }
}

#[derive(Clone, Debug)]
pub struct UdpOpts {
    pub sockets: usize,
    pub message_size: usize,
    pub in_flight: usize,
    pub rate: f64,
    pub reply_timeout: Duration,
}

pub struct UdpClients {
    ctx: Rc<Ctx>,
    target: SocketAddr,
    opts: UdpOpts,
    op: OpId,
    queue_peak: PeakId,
    pacer: Option<Rc<Pacer>>,
    sockets: Vec<Rc<Sock>>,
    sweeper: Timer,
    live: Cell<usize>,
}

struct Sock {
    socket: UdpSocket,
    id: u64,
    next_seq: Cell<u64>,
    in_flight: RefCell<VecDeque<(u64, Instant)>>,
    spare: RefCell<Vec<Vec<u8>>>,
    waiting: Cell<bool>,
    finished: Cell<bool>,
}

/// Where a client socket binds to reach `target`: loopback for loopback.
fn local_for(target: SocketAddr) -> SocketAddr {
    let ip = match (target.ip(), target.ip().is_loopback()) {
        (IpAddr::V4(_), true) => IpAddr::V4(Ipv4Addr::LOCALHOST),
        (IpAddr::V6(_), true) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        (IpAddr::V4(_), false) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        (IpAddr::V6(_), false) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    };
    SocketAddr::new(ip, 0)
}

impl UdpClients {
    pub fn start(ctx: &Rc<Ctx>, target: SocketAddr, opts: UdpOpts) -> ruv::Result<Rc<Self>> {
        let pacer = match opts.rate.is_finite() {
            true => Some(Pacer::new(&ctx.lp, opts.rate)?),
            false => None,
        };
        let mut sockets = Vec::with_capacity(opts.sockets);
        for index in 0..opts.sockets as u64 {
            let socket = UdpSocket::bind(&ctx.lp, local_for(target))?;
            socket.connect(target)?;
            sockets.push(Rc::new(Sock {
                socket,
                id: index,
                next_seq: Cell::new(0),
                in_flight: RefCell::new(VecDeque::with_capacity(opts.in_flight)),
                spare: RefCell::new(Vec::new()),
                waiting: Cell::new(false),
                finished: Cell::new(false),
            }));
        }
        let clients = Rc::new(UdpClients {
            ctx: Rc::clone(ctx),
            target,
            op: ctx.stats.op("udp echo"),
            queue_peak: ctx.stats.peak("udp_client_send_queue_bytes"),
            pacer,
            live: Cell::new(sockets.len()),
            sockets,
            sweeper: Timer::new(&ctx.lp)?,
            opts,
        });
        for sock in &clients.sockets {
            let me = Rc::clone(&clients);
            let s = Rc::clone(sock);
            sock.socket.on_sent(move |_, result, buf| {
                if s.spare.borrow().len() < me.opts.in_flight {
                    s.spare.borrow_mut().push(buf);
                }
                match result {
                    Ok(()) => {}
                    Err(e) if e.code() == code::ECANCELED => {}
                    Err(e) => me.ctx.stats.error(e),
                }
            });
            let (me, s) = (Rc::clone(&clients), Rc::clone(sock));
            sock.socket.recv_start(move |_, datagram| {
                match datagram {
                    Ok(d) if d.truncated => me
                        .ctx
                        .stats
                        .mismatch(|| format!("socket {}: a reply was truncated", s.id)),
                    Ok(d) => me.check(&s, d.data),
                    Err(e) => me.ctx.stats.error(e),
                }
                me.pump(&s);
            })?;
        }
        let me = Rc::clone(&clients);
        clients
            .sweeper
            .start(SWEEP, Some(SWEEP), move |_| me.sweep())?;
        for sock in &clients.sockets {
            clients.pump(sock);
        }
        Ok(clients)
    }

    fn check(&self, sock: &Sock, reply: &[u8]) {
        let stats = &self.ctx.stats;
        match block::verify(reply) {
            Ok((id, seq)) if id == sock.id => {
                let mut in_flight = sock.in_flight.borrow_mut();
                match in_flight.iter().position(|&(s, _)| s == seq) {
                    Some(at) => {
                        let (_, sent) = in_flight.remove(at).expect("found above");
                        stats.verified(reply.len() as u64);
                        stats.record(self.op, reply.len() as u64, sent);
                    }
                    // Counted lost at its timeout, or a duplicate.
                    None if seq < sock.next_seq.get() => stats.late(),
                    None => stats.mismatch(|| {
                        format!("socket {}: a reply to message {seq}, never sent", sock.id)
                    }),
                }
            }
            Ok((id, seq)) => {
                stats.mismatch(|| format!("socket {}: got message {seq} of socket {id}", sock.id))
            }
            Err(damage) => {
                stats.mismatch(|| format!("socket {}: a reply with a {damage}", sock.id))
            }
        }
    }

    fn pump(self: &Rc<Self>, sock: &Rc<Sock>) {
        if sock.finished.get() || sock.waiting.get() {
            return;
        }
        while sock.in_flight.borrow().len() < self.opts.in_flight {
            if !self.ctx.budget.running() {
                break;
            }
            if let Some(pacer) = &self.pacer {
                if !pacer.try_take() {
                    sock.waiting.set(true);
                    let (me, s) = (Rc::clone(self), Rc::clone(sock));
                    pacer.wait(Box::new(move || {
                        s.waiting.set(false);
                        me.pump(&s);
                    }));
                    return;
                }
            }
            if !self.ctx.budget.take() {
                break;
            }
            let mut buf = sock.spare.borrow_mut().pop().unwrap_or_default();
            buf.resize(self.opts.message_size, 0);
            let seq = sock.next_seq.get();
            block::fill(&mut buf, sock.id, seq);
            sock.next_seq.set(seq + 1);
            sock.in_flight.borrow_mut().push_back((seq, Instant::now()));
            if let Err(e) = sock.socket.send(buf) {
                sock.in_flight.borrow_mut().pop_back();
                self.ctx.stats.error(e);
                break;
            }
            let queued = sock.socket.send_queue_size() as u64;
            self.ctx.stats.observe(self.queue_peak, queued);
        }
        if !self.ctx.budget.running() && sock.in_flight.borrow().is_empty() {
            self.retire(sock);
        }
    }

    /// Counts replies past their timeout as lost, and refills the windows.
    fn sweep(self: &Rc<Self>) {
        let now = Instant::now();
        let timeout = self.opts.reply_timeout;
        for sock in &self.sockets {
            let mut expired = 0;
            sock.in_flight.borrow_mut().retain(|&(_, sent)| {
                let keep = now.duration_since(sent) < timeout;
                expired += u64::from(!keep);
                keep
            });
            self.ctx.stats.lost(expired, || {
                format!(
                    "socket {} to {}: {expired} replies not back within {timeout:?}",
                    sock.id, self.target
                )
            });
            self.pump(sock);
        }
    }

    fn retire(&self, sock: &Sock) {
        if sock.finished.replace(true) {
            return;
        }
        let _ = sock.socket.recv_stop();
        self.live.set(self.live.get() - 1);
    }
}

impl Workload for UdpClients {
    fn done(&self) -> bool {
        self.live.get() == 0
    }

    fn finish(&self, forced: bool) {
        for sock in &self.sockets {
            let outstanding = sock.in_flight.borrow_mut().drain(..).count() as u64;
            if forced {
                self.ctx.stats.lost(outstanding, || {
                    format!(
                        "socket {}: {outstanding} replies outstanding at the end",
                        sock.id
                    )
                });
            }
            self.retire(sock);
            sock.socket.close(|| ());
        }
        self.sweeper.close(|| ());
        if let Some(pacer) = &self.pacer {
            pacer.close();
        }
    }
}
