//! The echo server: writes back whatever each connection sends, from
//! buffers its finished writes hand back, and stops reading a connection
//! whose write queue passes a high-water mark until it drains (so a client
//! that does not read cannot make the server queue without bound).

use super::{Listen, Stream};
use crate::run::{is_emfile, Ctx};
use crate::stats::{OpId, PeakId};
use ruv::error::code;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::Instant;

/// Stop reading a connection with more than this waiting to be written...
const HIGH_WATER: usize = 1 << 20;
/// ...and start again once it is down to this.
const LOW_WATER: usize = 256 << 10;
/// Finished write buffers kept per connection for reuse.
const SPARE: usize = 16;
const BACKLOG: u32 = 1024;

pub struct ServerOpts {
    /// Clients reset connections on purpose: ECONNRESET is a fault survived,
    /// not an error.
    pub resets_expected: bool,
    /// Record each echo (read to write finished) as this operation.
    pub record: Option<OpId>,
}

pub struct EchoServer<L: Listen> {
    ctx: Rc<Ctx>,
    listener: L,
    conns: RefCell<HashMap<u64, L::Conn>>,
    next_id: Cell<u64>,
    closing: Cell<bool>,
    opts: ServerOpts,
    queue_peak: PeakId,
    accepted: Cell<u64>,
}

/// One served connection's state.
struct Served {
    id: u64,
    paused: Cell<bool>,
    spare: RefCell<Vec<Vec<u8>>>,
    /// Echoes written and not finished yet, when they are recorded.
    pending: RefCell<VecDeque<(Instant, u64)>>,
}

impl<L: Listen> EchoServer<L> {
    /// Starts serving on `listener` (already bound).
    pub fn start(ctx: &Rc<Ctx>, listener: L, opts: ServerOpts) -> ruv::Result<Rc<Self>> {
        let server = Rc::new(EchoServer {
            ctx: Rc::clone(ctx),
            listener: listener.clone(),
            conns: RefCell::new(HashMap::new()),
            next_id: Cell::new(0),
            closing: Cell::new(false),
            opts,
            queue_peak: ctx.stats.peak("server_write_queue_bytes"),
            accepted: Cell::new(0),
        });
        let me = Rc::clone(&server);
        listener.listen(BACKLOG, move |l, incoming| {
            match incoming.and_then(|()| l.accept()) {
                Ok(conn) => me.serve(conn),
                Err(e) => me.refused(e),
            }
        })?;
        Ok(server)
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> u64 {
        self.accepted.get()
    }

    fn refused(&self, e: ruv::Error) {
        if self.ctx.fd_limited && is_emfile(e) {
            self.ctx.stats.fault("fd_limit", "accepts_refused", 1);
        } else {
            self.ctx.stats.error(e);
        }
    }

    fn serve(self: &Rc<Self>, conn: L::Conn) {
        if self.closing.get() {
            conn.close(|| ());
            return;
        }
        conn.tune();
        self.accepted.set(self.accepted.get() + 1);
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let served = Rc::new(Served {
            id,
            paused: Cell::new(false),
            spare: RefCell::new(Vec::new()),
            pending: RefCell::new(VecDeque::new()),
        });
        let (me, st) = (Rc::clone(self), Rc::clone(&served));
        conn.on_write_done(move |c, result, buf| me.written(c, &st, result, buf));
        self.conns.borrow_mut().insert(id, conn.clone());
        self.read(&conn, &served);
    }

    fn read(self: &Rc<Self>, conn: &L::Conn, served: &Rc<Served>) {
        let (me, st) = (Rc::clone(self), Rc::clone(served));
        if let Err(e) = conn.read_start(move |c, data| me.on_data(c, &st, data)) {
            self.failed(e);
            self.close_conn(conn, served.id);
        }
    }

    fn on_data(self: &Rc<Self>, conn: &L::Conn, served: &Rc<Served>, data: ruv::Result<&[u8]>) {
        match data {
            // The client is done sending: end our side once the echoes are out.
            Ok([]) => {
                let (me, id) = (Rc::clone(self), served.id);
                if conn.shutdown(move |c, _| me.close_conn(c, id)).is_err() {
                    self.close_conn(conn, served.id);
                }
            }
            Ok(bytes) => {
                let mut buf = served.spare.borrow_mut().pop().unwrap_or_default();
                buf.clear();
                buf.extend_from_slice(bytes);
                if self.opts.record.is_some() {
                    let entry = (Instant::now(), bytes.len() as u64);
                    served.pending.borrow_mut().push_back(entry);
                }
                if let Err(e) = conn.write(buf) {
                    self.failed(e);
                    self.close_conn(conn, served.id);
                    return;
                }
                let queued = conn.queued_bytes();
                self.ctx.stats.observe(self.queue_peak, queued as u64);
                if queued > HIGH_WATER && !served.paused.get() {
                    served.paused.set(true);
                    let _ = conn.read_stop();
                    self.ctx
                        .stats
                        .fault("backpressure", "server_read_pauses", 1);
                }
            }
            Err(e) => {
                self.failed(e);
                self.close_conn(conn, served.id);
            }
        }
    }

    fn written(
        self: &Rc<Self>,
        conn: &L::Conn,
        served: &Rc<Served>,
        result: ruv::Result<()>,
        buf: Vec<u8>,
    ) {
        let pending = served.pending.borrow_mut().pop_front();
        match result {
            Ok(()) => {
                if let (Some(op), Some((started, bytes))) = (self.opts.record, pending) {
                    self.ctx.stats.record(op, bytes, started);
                }
            }
            // Queued when the connection closed: nobody is waiting for it.
            Err(e) if e.code() == code::ECANCELED => {}
            Err(e) => self.failed(e),
        }
        let mut spare = served.spare.borrow_mut();
        if spare.len() < SPARE {
            spare.push(buf);
        }
        drop(spare);
        if served.paused.get() && conn.queued_bytes() <= LOW_WATER && !conn.is_closing() {
            served.paused.set(false);
            self.read(conn, served);
        }
    }

    fn failed(&self, e: ruv::Error) {
        let reset = e.code() == code::ECONNRESET || e.code() == code::EPIPE;
        if reset && self.opts.resets_expected {
            self.ctx.stats.fault("reset", "server_saw_reset", 1);
        } else {
            self.ctx.stats.error(e);
        }
    }

    fn close_conn(self: &Rc<Self>, conn: &L::Conn, id: u64) {
        if conn.is_closing() {
            return;
        }
        let me = Rc::clone(self);
        conn.close(move || {
            let _gone = me.conns.borrow_mut().remove(&id);
        });
    }

    /// Stops listening and closes every connection still open.
    pub fn close(&self) {
        if self.closing.replace(true) {
            return;
        }
        self.listener.close(|| ());
        let conns: Vec<L::Conn> = self.conns.borrow_mut().drain().map(|(_, c)| c).collect();
        for conn in conns {
            conn.close(|| ());
        }
    }
}
