//! The loop: its state and one iteration, phase by phase, as libuv runs it.

use super::async_signal::AsyncSignal;
use super::handle::{Callback, Event, HandleId, HandleState};
use super::handles::{Handles, NIL};
use super::host::{Host, OwnHost};
use super::lent_timers::LentTimers;
use super::phase::PhaseList;
use super::stats::{self, LoopCounters, LoopStats};
use super::timer_heap::TimerHeap;
use super::wake::Shared;
use super::work::JobTable;
use crate::error::{Error, Result};
use crate::sys::{self, Events, Poller};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// How far [`Loop::run`] goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RunMode {
    /// Until nothing keeps the loop alive, or `stop`.
    Default,
    /// One iteration, waiting for I/O if there is nothing else to do.
    Once,
    /// One iteration without waiting.
    NoWait,
}

/// How many times the pending queue is run right after polling (libuv
/// 1.44 does the same, for the same reason: fairness).
const POST_POLL_PENDING_ROUNDS: usize = 8;

/// The epoll token of the loop's own wake-up eventfd.
pub(crate) const WAKE_TOKEN: u64 = u64::MAX;
/// The epoll token of the loop's inotify instance (fs_event handles).
pub(crate) const INOTIFY_TOKEN: u64 = u64::MAX - 1;
/// The epoll token of the loop's signal pipe (signal handles).
pub(crate) const SIGNAL_TOKEN: u64 = u64::MAX - 2;

/// An event loop. It lives on one thread; everything other threads may
/// touch is behind `shared` or in an [`AsyncSignal`](super::AsyncSignal).
///
/// Every method takes `&self` and no borrow is held while a callback runs,
/// so callbacks may call back into the loop: start, stop or close any
/// handle, themselves included.
pub struct Loop {
    pub(crate) host: Box<dyn Host>,
    pub(crate) handles: RefCell<Handles>,
    /// Pending timers kept in slots (Rust timers, fs_poll waits).
    pub(crate) timers: RefCell<TimerHeap>,
    /// Pending timers whose state the host lends (C timers).
    pub(crate) lent_timers: RefCell<LentTimers>,
    pub(crate) idle: RefCell<PhaseList>,
    pub(crate) prepare: RefCell<PhaseList>,
    pub(crate) check: RefCell<PhaseList>,
    /// The most recently closed handle whose close callback is due (id
    /// bits, `NIL` for none); each leads to the one closed before it (see
    /// `handles::ClosingLink`).
    pub(crate) closing: Cell<u64>,
    /// Async handles in creation order, the order libuv runs them in.
    pub(crate) asyncs: RefCell<Vec<(HandleId, Arc<AsyncSignal>)>>,
    /// Signals of closed async handles, kept for senders that may still
    /// hold them and reused by new handles (see `async_signal`).
    pub(crate) closed_asyncs: RefCell<Vec<Arc<AsyncSignal>>>,
    /// Reusable buffers for the phases' snapshots.
    pub(crate) scratch_ids: RefCell<Vec<HandleId>>,
    pub(crate) scratch_jobs: RefCell<Vec<u32>>,
    /// Loop time in milliseconds.
    pub(crate) time: Cell<u64>,
    /// Start counter: orders timers with equal due times.
    pub(crate) timer_seq: Cell<u64>,
    /// Start counter for idle/prepare/check handles.
    pub(crate) phase_seq: Cell<u64>,
    pub(crate) poller: Poller,
    pub(crate) events: RefCell<Events>,
    pub(crate) shared: Arc<Shared>,
    pub(crate) jobs: RefCell<JobTable>,
    /// fs_event handles' inotify watches.
    pub(crate) fs_events: RefCell<super::FsEvents>,
    /// fs_poll handles' state.
    pub(crate) fs_polls: RefCell<super::FsPolls>,
    /// Signal handles and the pipe their signals arrive through.
    pub(crate) signals: RefCell<super::Signals>,
    /// Tty handles' terminal modes.
    pub(crate) ttys: RefCell<super::Ttys>,
    /// Whether to measure time spent waiting for I/O.
    pub(crate) measure_idle: Cell<bool>,
    pub(crate) idle_time_ns: Cell<u64>,
    pub(crate) block_sigprof: Cell<bool>,
    /// How the loop's watches for a finished job before blocking went
    /// (see `before_wait`).
    pub(crate) watch: Cell<super::before_wait::WatchRecord>,
    /// The same for its watches for an async send (see `before_wait`).
    pub(crate) send_watch: Cell<super::before_wait::WatchRecord>,
    /// Whether the wake-up eventfd may hold a count no wait has taken:
    /// then the next pass asks epoll even if it could skip it (see
    /// `poll_io`).
    pub(crate) eventfd_unread: Cell<bool>,
    /// Handles with descriptors: streams, poll handles.
    pub(crate) watchers: RefCell<super::watcher::Watchers>,
    /// Handles fed for the next pending phase.
    pub(crate) pending: RefCell<Vec<HandleId>>,
    /// The pending batch being run (kept for its capacity).
    pub(crate) pending_batch: RefCell<Vec<HandleId>>,
    /// Streams whose connect finished inside connect(2) (see
    /// `stream::connect`), for the next I/O phase.
    pub(crate) connected_now: RefCell<Vec<HandleId>>,
    /// The batch of them being told (kept for its capacity).
    pub(crate) connected_batch: RefCell<Vec<HandleId>>,
    /// The buffer Rust streams read into, one for the loop (as a libuv
    /// program shares one slab): out of the cell while a read callback
    /// looks at it.
    pub(crate) read_buf: Cell<Vec<u8>>,
    /// A descriptor held back for when accept runs out (EMFILE).
    pub(crate) emfile_reserve: RefCell<Option<std::os::fd::OwnedFd>>,
    /// How often accept ran out of descriptors.
    pub(crate) emfile_events: Cell<u64>,
    /// Iterations, wake-ups, completions and timer lag (see [`Loop::stats`]).
    pub(crate) stats: LoopCounters,
    /// A panic from a Rust callback, kept until `run` hands it back.
    pub(crate) panic: RefCell<Option<Box<dyn Any + Send>>>,
    /// Whether `panic` holds one; read between every two callbacks.
    pub(crate) panicked: Cell<bool>,
}

impl Loop {
    /// A loop for use from Rust.
    pub fn new() -> Result<Loop> {
        Loop::with_host(Box::<OwnHost>::default())
    }

    /// A loop whose counters and callbacks are provided by `host`.
    pub fn with_host(host: Box<dyn Host>) -> Result<Loop> {
        let io = |e: std::io::Error| Error::from_io(&e);
        let poller = Poller::new().map_err(io)?;
        let shared = Arc::new(Shared::new().map_err(io)?);
        poller
            .add(shared.eventfd_raw(), WAKE_TOKEN, sys::ready::READABLE)
            .map_err(io)?;
        let lp = Loop {
            host,
            handles: RefCell::new(Handles::new()),
            timers: RefCell::new(TimerHeap::new()),
            lent_timers: RefCell::new(LentTimers::default()),
            idle: RefCell::new(PhaseList::default()),
            prepare: RefCell::new(PhaseList::default()),
            check: RefCell::new(PhaseList::default()),
            closing: Cell::new(NIL),
            asyncs: RefCell::new(Vec::new()),
            closed_asyncs: RefCell::new(Vec::new()),
            scratch_ids: RefCell::new(Vec::new()),
            scratch_jobs: RefCell::new(Vec::new()),
            time: Cell::new(0),
            timer_seq: Cell::new(0),
            phase_seq: Cell::new(0),
            poller,
            events: RefCell::new(Events::with_capacity(1024)),
            shared,
            jobs: RefCell::new(JobTable::new()),
            fs_events: RefCell::new(Default::default()),
            fs_polls: RefCell::new(Default::default()),
            signals: RefCell::new(Default::default()),
            ttys: RefCell::new(Default::default()),
            measure_idle: Cell::new(false),
            idle_time_ns: Cell::new(0),
            block_sigprof: Cell::new(false),
            watch: Cell::new(Default::default()),
            send_watch: Cell::new(Default::default()),
            eventfd_unread: Cell::new(true),
            watchers: RefCell::new(Default::default()),
            pending: RefCell::new(Vec::new()),
            pending_batch: RefCell::new(Vec::new()),
            connected_now: RefCell::new(Vec::new()),
            connected_batch: RefCell::new(Vec::new()),
            read_buf: Cell::new(Vec::new()),
            emfile_reserve: RefCell::new(None),
            emfile_events: Cell::new(0),
            stats: LoopCounters::new(),
            panic: RefCell::new(None),
            panicked: Cell::new(false),
        };
        lp.update_time();
        Ok(lp)
    }

    /// Runs the loop (libuv's `uv_run`). Returns whether the loop is still
    /// alive: something would make another iteration do work.
    pub fn run(&self, mode: RunMode) -> bool {
        let mut alive = self.alive();
        if !alive {
            self.update_time();
        }
        // Pool completions and async sends need not write the eventfd while
        // the loop runs (see `wake`).
        self.shared.enter();
        // Signals sent while the loop was outside `run` wrote the eventfd.
        self.eventfd_unread.set(true);
        while alive && self.stop_flag() == 0 && !self.halted() {
            stats::count(&self.stats.iterations);
            // Timers first, on a fresh clock.
            self.update_time();
            self.run_timers();
            // As libuv 1.44 does, a single iteration decides here whether
            // it may wait for I/O: not if callbacks were pending or idle
            // handles active as it began, even if they stop meanwhile.
            let can_sleep = self.pending.borrow().is_empty() && self.idle.borrow().is_empty();
            // Callbacks deferred from the previous I/O phase.
            self.run_pending();
            // Idle and prepare handles, every iteration.
            self.run_phase(&self.idle);
            self.run_phase(&self.prepare);
            // Wait for I/O, wake-ups and pool completions.
            let timeout = if (mode == RunMode::Once && can_sleep) || mode == RunMode::Default {
                self.backend_timeout()
            } else {
                0
            };
            // After a callback panicked, return it rather than wait.
            if !self.halted() {
                self.poll_io(timeout);
            }
            // Callbacks the I/O just made due (a write finished while a read
            // callback ran) run now rather than an iteration later; a few
            // rounds at most, so a busy stream cannot starve the loop.
            for _ in 0..POST_POLL_PENDING_ROUNDS {
                if self.halted() || !self.run_pending() {
                    break;
                }
            }
            // Check handles, right after the wait.
            self.run_phase(&self.check);
            // Close callbacks.
            self.run_closing();
            // A single iteration may have waited for a timer: run it now.
            if mode == RunMode::Once {
                self.update_time();
                self.run_timers();
            }
            alive = self.alive();
            if mode != RunMode::Default {
                break;
            }
        }
        self.shared.leave();
        if self.stop_flag() != 0 {
            self.host.stop_flag().set(0);
        }
        alive
    }

    /// Makes `run` return at the end of the current iteration.
    pub fn stop(&self) {
        self.host.stop_flag().set(1);
    }

    fn stop_flag(&self) -> u32 {
        self.host.stop_flag().get()
    }

    /// Whether anything keeps the loop alive: an active referenced handle, a
    /// request in flight or a handle waiting for its close callback.
    pub fn alive(&self) -> bool {
        self.host.active_handles().get() > 0
            || self.host.active_reqs().get() > 0
            || self.closing.get() != NIL
    }

    /// Loop time in milliseconds, as of the last update.
    pub fn now(&self) -> u64 {
        self.time.get()
    }

    pub fn update_time(&self) {
        self.time.set(sys::time::loop_time_ms());
    }

    /// The epoll descriptor, for embedding the loop in another one.
    pub fn backend_fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        self.poller.as_raw_fd()
    }

    /// How long the next iteration would wait for I/O, in ms (-1: no limit).
    pub fn backend_timeout(&self) -> i32 {
        if self.stop_flag() != 0 {
            return 0;
        }
        if self.host.active_handles().get() == 0 && self.host.active_reqs().get() == 0 {
            return 0;
        }
        if !self.idle.borrow().is_empty()
            || self.closing.get() != NIL
            || !self.pending.borrow().is_empty()
            || !self.connected_now.borrow().is_empty()
        {
            return 0;
        }
        self.next_timer_timeout()
    }

    /// Runs close callbacks of the handles closed so far, most recent first
    /// (libuv keeps them in a list it pushes on the front). Handles closed by
    /// these callbacks wait for the next iteration.
    fn run_closing(&self) {
        let mut next = self.closing.replace(NIL);
        while next != NIL {
            if self.halted() {
                self.keep_closing(next);
                return;
            }
            next = self.finish_close(HandleId::from_bits(next));
        }
    }

    /// Puts back the close callbacks a halted pass did not run, on top of
    /// handles closed since: they were due first, and run first next time.
    fn keep_closing(&self, rest: u64) {
        let handles = self.handles.borrow();
        let host = &*self.host;
        let mut last = rest;
        loop {
            let below = handles.closing_next(host, HandleId::from_bits(last));
            if below == NIL {
                break;
            }
            last = below;
        }
        handles.set_closing_next(host, HandleId::from_bits(last), self.closing.get());
        self.closing.set(rest);
    }

    /// Turns on loop options: idle-time measurement, or blocking SIGPROF
    /// while waiting (`signal` must be SIGPROF, as in libuv).
    pub fn configure_measure_idle_time(&self) {
        self.measure_idle.set(true);
    }

    pub fn configure_block_signal(&self, signal: i32) -> Result<()> {
        if signal != libc::SIGPROF {
            return Err(Error::from_code(crate::error::code::EINVAL));
        }
        self.block_sigprof.set(true);
        Ok(())
    }

    /// Nanoseconds spent waiting for I/O since idle-time measurement began.
    pub fn idle_time(&self) -> u64 {
        self.idle_time_ns.get()
    }

    /// This loop's counters since it was created.
    pub fn stats(&self) -> LoopStats {
        LoopStats {
            iterations: self.stats.iterations.get(),
            wakeups: self.stats.wakeups.get(),
            completions: self.stats.completions.get(),
            watches: self.stats.watches.get(),
            send_watches: self.stats.send_watches.get(),
            polls: self.stats.polls.get(),
            timer_lag: self.stats.timer_lag.summary(),
            emfile_events: self.emfile_events.get(),
        }
    }

    /// Whether the loop may be closed: no handles (open or closing) and no
    /// requests in flight.
    pub fn can_close(&self) -> Result<()> {
        if self.host.active_reqs().get() > 0 || !self.handles.borrow().is_empty() {
            return Err(Error::from_code(crate::error::code::EBUSY));
        }
        Ok(())
    }

    /// Calls `f` for every handle, in creation order, closing ones included.
    /// Handles created during the walk are not visited.
    pub fn walk(&self, mut f: impl FnMut(HandleId, usize)) {
        let mut ids = Vec::new();
        self.handles.borrow().ids_in_order(&*self.host, &mut ids);
        for id in ids {
            if let Some(token) = self.token(id) {
                f(id, token);
            }
        }
    }

    /// Takes the panic of a Rust callback, if one happened during `run`.
    pub fn take_panic(&self) -> Option<Box<dyn Any + Send>> {
        self.panicked.set(false);
        self.panic.borrow_mut().take()
    }

    /// True while a callback's panic waits to be handed back: phases stop
    /// calling further callbacks so `run` returns promptly.
    pub(crate) fn halted(&self) -> bool {
        self.panicked.get()
    }

    /// Calls a handle's callback with no borrow held.
    pub(crate) fn fire(&self, id: HandleId) {
        self.fire_event(id, &Event::Fired);
    }

    /// Calls a handle's callback with what happened, with no borrow held.
    /// Returns false only when the handle is closing (its callback is gone
    /// but the closing stream may have kept it for its writes).
    pub(crate) fn fire_event(&self, id: HandleId, event: &Event<'_>) -> bool {
        self.fire_event_if(id, event, |_| true)
    }

    /// [`fire_event`](Self::fire_event), if `due` says so of the handle's
    /// slot (looked up once for both).
    #[inline]
    pub(crate) fn fire_event_if(
        &self,
        id: HandleId,
        event: &Event<'_>,
        due: impl FnOnce(&HandleState) -> bool,
    ) -> bool {
        let (kind, mut f) = {
            let mut handles = self.handles.borrow_mut();
            let Some((state, token, callback)) = handles.entry_mut(&*self.host, id) else {
                return true;
            };
            if !due(state) {
                return true;
            }
            let kind = state.kind().expect("live handle has a kind");
            // No callback of its own (a lent handle) or the host's: the
            // common case for C handles, kept short.
            let callback = match callback {
                None | Some(Callback::Host) => {
                    drop(handles);
                    self.host.fire(self, id, token, kind, event);
                    return true;
                }
                Some(Callback::Running) => return true,
                Some(Callback::Closing(_)) => return false,
                Some(callback) => callback,
            };
            match std::mem::replace(callback, Callback::Running) {
                Callback::Boxed(f) => (kind, f),
                _ => unreachable!("matched Boxed above"),
            }
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| f(self, id, event)));
        // Put the closure back unless the callback closed the handle or
        // installed another closure.
        let leftover = {
            let mut handles = self.handles.borrow_mut();
            match handles.slot_mut(id) {
                Some(slot) if matches!(slot.callback, Callback::Running) => {
                    // `Running` owns nothing: there is nothing to drop.
                    std::mem::forget(std::mem::replace(&mut slot.callback, Callback::Boxed(f)));
                    None
                }
                Some(slot) => Some((f, matches!(slot.callback, Callback::Closing(_)))),
                None => Some((f, false)),
            }
        };
        // A Rust stream that closed itself still hears about its pending
        // writes; any other closure left over is dropped last, outside
        // every borrow (it may own handles).
        let _leftover = leftover.and_then(|(f, closed)| {
            if closed && kind.is_stream() {
                self.stream_keep_callback(id, f)
            } else {
                Some(f)
            }
        });
        if let Err(payload) = outcome {
            self.keep_panic(payload);
        }
        true
    }

    pub(crate) fn keep_panic(&self, payload: Box<dyn Any + Send>) {
        self.panicked.set(true);
        let mut slot = self.panic.borrow_mut();
        if slot.is_none() {
            *slot = Some(payload);
        }
    }
}

impl std::fmt::Debug for Loop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loop")
            .field("now", &self.now())
            .field("alive", &self.alive())
            .finish_non_exhaustive()
    }
}
