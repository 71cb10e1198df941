//! Echo clients: each connection keeps a window of checksummed messages in
//! flight, checks every reply against the oldest message it sent (its
//! connection, its number, its checksum) and records the round trip.
//!
//! A slot is one client connection over the run; when its connection ends
//! (planned churn under `--reset-ratio`, a failure, or the server shedding
//! it under `--fd-limit`), the slot opens another while the run goes on.

use super::Connect;
use crate::block;
use crate::rng::Rng;
use crate::run::{is_emfile, Ctx, Pacer, Workload};
use crate::stats::{OpId, PeakId};
use ruv::error::code;
use ruv::Timer;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Under `--reset-ratio`, a connection carries 1 to this many messages
/// before it ends, reset or orderly.
const CHURN_MAX: u64 = 200;
/// Wait before opening a connection again after a failure, doubled for
/// each failure in a row up to [`MAX_BACKOFF`] doublings: under
/// `--fd-limit`, clients that keep failing leave descriptors to the server
/// instead of taking each one it frees.
const RETRY: Duration = Duration::from_millis(10);
const MAX_BACKOFF: u32 = 7;
/// `--slow-reader`: reading stops for this long, then runs for as long.
const PAUSE: Duration = Duration::from_millis(50);

#[derive(Clone, Debug)]
pub struct ClientOpts {
    pub connections: usize,
    pub message_size: usize,
    pub in_flight: usize,
    /// Echoes per second over all connections; infinite: unlimited.
    pub rate: f64,
    pub slow_reader: bool,
    pub reset_ratio: f64,
}

pub struct Clients<S: Connect> {
    ctx: Rc<Ctx>,
    addr: S::Addr,
    opts: ClientOpts,
    op: OpId,
    queue_peak: PeakId,
    pacer: Option<Rc<Pacer>>,
    slots: Vec<Rc<Slot<S>>>,
    live: Cell<usize>,
    rng: RefCell<Rng>,
}

/// One client connection over the run, and its timer (retries, pauses).
struct Slot<S> {
    index: u64,
    timer: Timer,
    conn: RefCell<Option<Conn<S>>>,
    /// Bumped for each new connection; callbacks of older ones are ignored.
    incarnation: Cell<u64>,
    /// Connections in a row that failed before their first reply.
    failures: Cell<u32>,
    finished: Cell<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Connecting,
    Open,
    /// Shut down after the last reply; waiting for the server's end.
    Draining,
}

/// How a connection ends: with the run, or after some messages.
#[derive(Clone, Copy, Debug)]
enum Plan {
    Forever,
    End { after: u64, reset: bool },
}

struct Conn<S> {
    stream: S,
    /// Carried by every message: slot and incarnation.
    id: u64,
    phase: Phase,
    next_seq: u64,
    in_flight: VecDeque<(u64, Instant)>,
    /// A reply split across reads, until it is whole.
    partial: Vec<u8>,
    spare: Vec<Vec<u8>>,
    replies: u64,
    plan: Plan,
    paused: bool,
    /// Parked on the pacer, waiting for a token.
    waiting: bool,
}

impl<S: Connect> Clients<S> {
    pub fn start(
        ctx: &Rc<Ctx>,
        addr: S::Addr,
        opts: ClientOpts,
        op_name: &'static str,
    ) -> ruv::Result<Rc<Self>> {
        let pacer = match opts.rate.is_finite() {
            true => Some(Pacer::new(&ctx.lp, opts.rate)?),
            false => None,
        };
        let slots = (0..opts.connections as u64)
            .map(|index| {
                Ok(Rc::new(Slot {
                    index,
                    timer: Timer::new(&ctx.lp)?,
                    conn: RefCell::new(None),
                    incarnation: Cell::new(0),
                    failures: Cell::new(0),
                    finished: Cell::new(false),
                }))
            })
            .collect::<ruv::Result<Vec<_>>>()?;
        if opts.reset_ratio > 0.0 {
            ctx.stats.fault_keys(
                "reset",
                &["connections_reset", "replies_abandoned", "server_saw_reset"],
            );
        }
        if opts.slow_reader {
            ctx.stats.fault_keys("slow_reader", &["reader_pauses"]);
        }
        if ctx.fd_limited {
            ctx.stats.fault_keys(
                "fd_limit",
                &["connects_refused", "accepts_refused", "connections_shed"],
            );
        }
        let clients = Rc::new(Clients {
            ctx: Rc::clone(ctx),
            addr,
            op: ctx.stats.op(op_name),
            queue_peak: ctx.stats.peak("client_write_queue_bytes"),
            rng: RefCell::new(ctx.fork_rng()),
            live: Cell::new(slots.len()),
            opts,
            pacer,
            slots,
        });
        for slot in &clients.slots {
            clients.open(slot);
        }
        Ok(clients)
    }

    /// How the next connection ends: with the run, or, under
    /// `--reset-ratio`, after a random number of messages, reset or not.
    fn plan(&self) -> Plan {
        if self.opts.reset_ratio <= 0.0 {
            return Plan::Forever;
        }
        let mut rng = self.rng.borrow_mut();
        Plan::End {
            after: 1 + rng.below(CHURN_MAX),
            reset: rng.chance(self.opts.reset_ratio),
        }
    }

    fn open(self: &Rc<Self>, slot: &Rc<Slot<S>>) {
        if !self.ctx.budget.running() {
            return self.retire(slot);
        }
        let inc = slot.incarnation.get() + 1;
        slot.incarnation.set(inc);
        let (me, sl) = (Rc::clone(self), Rc::clone(slot));
        let connecting = S::connect(&self.ctx.lp, &self.addr, move |s, result| {
            me.connected(&sl, inc, s, result)
        });
        match connecting {
            Ok(stream) => {
                *slot.conn.borrow_mut() = Some(Conn {
                    stream,
                    id: slot.index << 32 | inc,
                    phase: Phase::Connecting,
                    next_seq: 0,
                    in_flight: VecDeque::with_capacity(self.opts.in_flight),
                    partial: Vec::new(),
                    spare: Vec::new(),
                    replies: 0,
                    plan: self.plan(),
                    paused: false,
                    waiting: false,
                });
            }
            Err(e) => {
                self.connect_failed(e);
                self.retry(slot);
            }
        }
    }

    fn connect_failed(&self, e: ruv::Error) {
        if self.ctx.fd_limited && is_emfile(e) {
            self.ctx.stats.fault("fd_limit", "connects_refused", 1);
        } else {
            self.ctx.stats.error(e);
        }
    }

    /// Opens the slot's next connection after a failure, backing off.
    fn retry(self: &Rc<Self>, slot: &Rc<Slot<S>>) {
        let failures = slot.failures.get();
        slot.failures.set(failures + 1);
        let delay = RETRY * (1 << failures.min(MAX_BACKOFF));
        let (me, sl) = (Rc::clone(self), Rc::clone(slot));
        if slot
            .timer
            .start(delay, None, move |_| me.open(&sl))
            .is_err()
        {
            self.retire(slot);
        }
    }

    fn connected(self: &Rc<Self>, slot: &Rc<Slot<S>>, inc: u64, stream: &S, r: ruv::Result<()>) {
        if slot.incarnation.get() != inc {
            return;
        }
        if let Err(e) = r {
            if e.code() != code::ECANCELED {
                self.connect_failed(e);
            }
            if let Some(conn) = slot.conn.borrow_mut().take() {
                let (me, sl) = (Rc::clone(self), Rc::clone(slot));
                conn.stream.close(move || me.retry(&sl));
            }
            return;
        }
        stream.tune();
        if let Some(conn) = slot.conn.borrow_mut().as_mut() {
            conn.phase = Phase::Open;
        }
        let (me, sl) = (Rc::clone(self), Rc::clone(slot));
        stream.on_write_done(move |_, result, buf| me.written(&sl, inc, result, buf));
        if !self.read(slot, inc, stream) {
            return;
        }
        if self.opts.slow_reader {
            let (me, sl) = (Rc::clone(self), Rc::clone(slot));
            let _ = slot
                .timer
                .start(PAUSE, Some(PAUSE), move |_| me.toggle_reading(&sl, inc));
        }
        self.pump(slot);
    }

    fn read(self: &Rc<Self>, slot: &Rc<Slot<S>>, inc: u64, stream: &S) -> bool {
        let (me, sl) = (Rc::clone(self), Rc::clone(slot));
        match stream.read_start(move |_, data| me.on_read(&sl, inc, data)) {
            Ok(()) => true,
            Err(e) => {
                self.ended(slot, Some(e));
                false
            }
        }
    }

    fn toggle_reading(self: &Rc<Self>, slot: &Rc<Slot<S>>, inc: u64) {
        if slot.incarnation.get() != inc {
            return;
        }
        let stream = {
            let mut guard = slot.conn.borrow_mut();
            let Some(conn) = guard.as_mut() else { return };
            conn.paused = !conn.paused;
            if conn.paused {
                let _ = conn.stream.read_stop();
                self.ctx.stats.fault("slow_reader", "reader_pauses", 1);
                return;
            }
            conn.stream.clone()
        };
        self.read(slot, inc, &stream);
    }

    fn on_read(self: &Rc<Self>, slot: &Rc<Slot<S>>, inc: u64, data: ruv::Result<&[u8]>) {
        if slot.incarnation.get() != inc {
            return;
        }
        match data {
            Ok([]) => self.ended(slot, None),
            Ok(bytes) => {
                self.consume(slot, bytes);
                self.pump(slot);
            }
            Err(e) => self.ended(slot, Some(e)),
        }
    }

    /// Checks every whole reply in `bytes`, keeping a partial one for later.
    fn consume(&self, slot: &Slot<S>, mut bytes: &[u8]) {
        let mut guard = slot.conn.borrow_mut();
        let Some(conn) = guard.as_mut() else { return };
        let size = self.opts.message_size;
        if !conn.partial.is_empty() {
            let take = (size - conn.partial.len()).min(bytes.len());
            conn.partial.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if conn.partial.len() == size {
                let whole = std::mem::take(&mut conn.partial);
                self.check(conn, &whole);
                conn.partial = whole;
                conn.partial.clear();
            }
        }
        while bytes.len() >= size {
            self.check(conn, &bytes[..size]);
            bytes = &bytes[size..];
        }
        conn.partial.extend_from_slice(bytes);
    }

    fn check(&self, conn: &mut Conn<S>, reply: &[u8]) {
        let stats = &self.ctx.stats;
        let Some((seq, sent)) = conn.in_flight.pop_front() else {
            stats.mismatch(|| format!("connection {:#x}: a reply nobody asked for", conn.id));
            return;
        };
        match block::verify(reply) {
            Ok((id, got)) if id == conn.id && got == seq => {
                stats.verified(reply.len() as u64);
                stats.record(self.op, reply.len() as u64, sent);
                conn.replies += 1;
            }
            Ok((id, got)) => stats.mismatch(|| {
                format!(
                    "connection {:#x} expected message {seq} back, got message {got} of {id:#x}",
                    conn.id
                )
            }),
            Err(damage) => stats.mismatch(|| {
                format!(
                    "connection {:#x}: message {seq} came back with a {damage}",
                    conn.id
                )
            }),
        }
    }

    /// Fills the window, within the budget and the rate; ends the
    /// connection when its plan or the run says so.
    fn pump(self: &Rc<Self>, slot: &Rc<Slot<S>>) {
        enum Next {
            Stay,
            Reset,
            Drain,
            Fail(ruv::Error),
        }
        let mut next = Next::Stay;
        {
            let mut guard = slot.conn.borrow_mut();
            let Some(conn) = guard.as_mut() else { return };
            if conn.phase != Phase::Open || conn.waiting {
                return;
            }
            let mut planned_end = false;
            while conn.in_flight.len() < self.opts.in_flight {
                if let Plan::End { after, reset } = conn.plan {
                    if conn.next_seq >= after {
                        planned_end = true;
                        if reset {
                            next = Next::Reset;
                        }
                        break;
                    }
                }
                if !self.ctx.budget.running() {
                    break;
                }
                if let Some(pacer) = &self.pacer {
                    if !pacer.try_take() {
                        conn.waiting = true;
                        let (me, sl, inc) =
                            (Rc::clone(self), Rc::clone(slot), slot.incarnation.get());
                        pacer.wait(Box::new(move || me.unpark(&sl, inc)));
                        break;
                    }
                }
                if !self.ctx.budget.take() {
                    break;
                }
                if let Err(e) = self.send(conn) {
                    next = Next::Fail(e);
                    break;
                }
            }
            let over = planned_end || !self.ctx.budget.running();
            if matches!(next, Next::Stay) && over && conn.in_flight.is_empty() && !conn.waiting {
                next = Next::Drain;
            }
        }
        match next {
            Next::Stay => {}
            Next::Reset => self.reset(slot),
            Next::Drain => self.drain(slot),
            Next::Fail(e) => self.ended(slot, Some(e)),
        }
    }

    fn unpark(self: &Rc<Self>, slot: &Rc<Slot<S>>, inc: u64) {
        if slot.incarnation.get() != inc {
            return;
        }
        if let Some(conn) = slot.conn.borrow_mut().as_mut() {
            conn.waiting = false;
        }
        self.pump(slot);
    }

    fn send(&self, conn: &mut Conn<S>) -> ruv::Result<()> {
        let mut buf = conn.spare.pop().unwrap_or_default();
        buf.resize(self.opts.message_size, 0);
        block::fill(&mut buf, conn.id, conn.next_seq);
        conn.in_flight.push_back((conn.next_seq, Instant::now()));
        conn.next_seq += 1;
        if let Err(e) = conn.stream.write(buf) {
            conn.in_flight.pop_back();
            return Err(e);
        }
        let queued = conn.stream.queued_bytes() as u64;
        self.ctx.stats.observe(self.queue_peak, queued);
        Ok(())
    }

    fn written(self: &Rc<Self>, slot: &Rc<Slot<S>>, inc: u64, r: ruv::Result<()>, buf: Vec<u8>) {
        if slot.incarnation.get() != inc {
            return;
        }
        let current = {
            let mut guard = slot.conn.borrow_mut();
            match guard.as_mut() {
                Some(conn) => {
                    if conn.spare.len() < self.opts.in_flight {
                        conn.spare.push(buf);
                    }
                    true
                }
                None => false,
            }
        };
        match r {
            Err(e) if current && e.code() != code::ECANCELED => self.ended(slot, Some(e)),
            _ => {}
        }
    }

    /// Ends the connection in order: shut down, then wait for the server's end.
    fn drain(self: &Rc<Self>, slot: &Rc<Slot<S>>) {
        let stream = {
            let mut guard = slot.conn.borrow_mut();
            let Some(conn) = guard.as_mut() else { return };
            conn.phase = Phase::Draining;
            conn.stream.clone()
        };
        let (me, sl, inc) = (Rc::clone(self), Rc::clone(slot), slot.incarnation.get());
        let shut = stream.shutdown(move |_, result| match result {
            Ok(()) => {}
            Err(e) if e.code() == code::ECANCELED => {}
            Err(e) if sl.incarnation.get() == inc => me.ended(&sl, Some(e)),
            Err(_) => {}
        });
        if let Err(e) = shut {
            self.ended(slot, Some(e));
        }
    }

    /// The connection ended: as planned after draining, or not.
    fn ended(self: &Rc<Self>, slot: &Rc<Slot<S>>, err: Option<ruv::Error>) {
        let Some(conn) = slot.conn.borrow_mut().take() else {
            return;
        };
        let _ = slot.timer.stop();
        let (me, sl) = (Rc::clone(self), Rc::clone(slot));
        if conn.phase == Phase::Draining && conn.in_flight.is_empty() && err.is_none() {
            conn.stream.close(move || me.open(&sl));
            return;
        }
        if conn.replies > 0 {
            slot.failures.set(0);
        }
        let outstanding = conn.in_flight.len() as u64;
        let stats = &self.ctx.stats;
        if self.ctx.fd_limited && conn.replies == 0 {
            // Out of descriptors, the server accepted and dropped it.
            stats.fault("fd_limit", "connections_shed", 1);
        } else {
            let e = err.unwrap_or(ruv::Error::from_code(code::EOF));
            stats.error(e);
            stats.lost(outstanding, || {
                format!(
                    "connection {:#x} to {} ended ({}) with {outstanding} replies outstanding",
                    conn.id,
                    self.addr,
                    e.name()
                )
            });
        }
        conn.stream.close(move || me.retry(&sl));
    }

    /// `--reset-ratio`: drops the connection with a reset, replies in flight.
    fn reset(self: &Rc<Self>, slot: &Rc<Slot<S>>) {
        let Some(conn) = slot.conn.borrow_mut().take() else {
            return;
        };
        let _ = slot.timer.stop();
        let stats = &self.ctx.stats;
        stats.fault("reset", "connections_reset", 1);
        stats.fault("reset", "replies_abandoned", conn.in_flight.len() as u64);
        let (me, sl) = (Rc::clone(self), Rc::clone(slot));
        let reopen = move || me.open(&sl);
        if conn.stream.close_reset(reopen).is_err() {
            let (me, sl) = (Rc::clone(self), Rc::clone(slot));
            conn.stream.close(move || me.open(&sl));
        }
    }

    fn retire(&self, slot: &Slot<S>) {
        if slot.finished.replace(true) {
            return;
        }
        let _ = slot.timer.stop();
        self.live.set(self.live.get() - 1);
    }
}

impl<S: Connect> Workload for Clients<S> {
    fn done(&self) -> bool {
        self.live.get() == 0
    }

    fn finish(&self, forced: bool) {
        for slot in &self.slots {
            if let Some(conn) = slot.conn.borrow_mut().take() {
                let outstanding = conn.in_flight.len() as u64;
                if forced {
                    self.ctx.stats.lost(outstanding, || {
                        format!(
                            "connection {:#x}: {outstanding} replies still outstanding at the end",
                            conn.id
                        )
                    });
                }
                conn.stream.close(|| ());
            }
            self.retire(slot);
            slot.timer.close(|| ());
        }
        if let Some(pacer) = &self.pacer {
            pacer.close();
        }
    }
}
