//! Running workloads on one loop: what they share ([`Ctx`]), how much they
//! may do ([`Budget`], [`Pacer`]), and the driver that watches them until
//! they have drained ([`drive`]).

use crate::engine_stats::Watch;
use crate::progress::Progress;
use crate::rng::Rng;
use crate::stats::Stats;
use ruv::{Loop, RunMode, Timer};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How often the driver looks at the workloads (and redraws the bar).
const TICK: Duration = Duration::from_millis(100);
/// How long workloads may take to drain what is in flight once the run
/// is over; after that what is left counts as lost.
const DRAIN: Duration = Duration::from_secs(10);
/// How long after a forced finish the loop is stopped regardless.
const HARD_STOP: Duration = Duration::from_secs(2);

/// What every workload of a run shares.
pub struct Ctx {
    pub lp: Loop,
    pub stats: Rc<Stats>,
    pub budget: Budget,
    pub rng: RefCell<Rng>,
    /// Running under `--fd-limit`: EMFILE is an expected fault, not an error.
    pub fd_limited: bool,
    /// The engine's counters that need sampling during the run.
    pub engine: Watch,
}

impl Ctx {
    pub fn new(lp: Loop, budget: Budget, seed: u64, fd_limited: bool) -> Rc<Ctx> {
        Rc::new(Ctx {
            lp,
            stats: Rc::new(Stats::new()),
            budget,
            rng: RefCell::new(Rng::new(seed)),
            fd_limited,
            engine: Watch::default(),
        })
    }

    /// Setup is over: the run's clock starts now.
    pub fn begin(&self) {
        // Setup on this thread (files filled, say) may have taken a while
        // since the loop last read the clock, and timers started from now
        // on count from the loop's time: without this they would fire that
        // much early and be counted as late.
        self.lp.update_time();
        self.stats.begin();
        self.budget.begin();
    }

    pub fn fork_rng(&self) -> Rng {
        self.rng.borrow_mut().fork()
    }
}

/// Whether an error means "out of descriptors".
pub fn is_emfile(e: ruv::Error) -> bool {
    use ruv::error::code;
    e.code() == code::EMFILE || e.code() == code::ENFILE
}

/// How much a run may do: until a deadline, a number of operations, or
/// both (whichever comes first). Workloads take one unit per operation
/// they start; once it says no, they drain and stop.
pub struct Budget {
    duration: Option<Duration>,
    deadline: Cell<Option<Instant>>,
    limit: Option<u64>,
    issued: Cell<u64>,
    stopped: Cell<bool>,
}

impl Budget {
    pub fn new(duration: Option<Duration>, limit: Option<u64>) -> Budget {
        Budget {
            duration,
            deadline: Cell::new(duration.map(|d| Instant::now() + d)),
            limit,
            issued: Cell::new(0),
            stopped: Cell::new(false),
        }
    }

    /// Starts the clock: the deadline counts from now.
    pub fn begin(&self) {
        self.deadline.set(self.duration.map(|d| Instant::now() + d));
    }

    /// Takes one operation; false once the run is over.
    pub fn take(&self) -> bool {
        if !self.running() {
            return false;
        }
        self.issued.set(self.issued.get() + 1);
        true
    }

    /// Whether operations may still start.
    pub fn running(&self) -> bool {
        if self.stopped.get() {
            return false;
        }
        let out_of_time = self.deadline.get().is_some_and(|d| Instant::now() >= d);
        let out_of_count = self.limit.is_some_and(|n| self.issued.get() >= n);
        if out_of_time || out_of_count {
            self.stopped.set(true);
            return false;
        }
        true
    }

    pub fn issued(&self) -> u64 {
        self.issued.get()
    }

    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.deadline.get()
    }
}

/// Spreads operations over time at a target rate (`--rate`): a token
/// bucket refilled continuously, and callers that found it empty woken by
/// a 1 ms timer as tokens come.
pub struct Pacer {
    rate: f64,
    start: Instant,
    granted: Cell<u64>,
    waiters: RefCell<VecDeque<Box<dyn FnOnce()>>>,
    timer: Timer,
}

impl Pacer {
    pub fn new(lp: &Loop, rate: f64) -> ruv::Result<Rc<Pacer>> {
        let pacer = Rc::new(Pacer {
            rate,
            start: Instant::now(),
            granted: Cell::new(0),
            waiters: RefCell::new(VecDeque::new()),
            timer: Timer::new(lp)?,
        });
        let weak = Rc::downgrade(&pacer);
        let tick = Duration::from_millis(1);
        pacer.timer.start(tick, Some(tick), move |_| {
            if let Some(pacer) = weak.upgrade() {
                pacer.wake();
            }
        })?;
        // Waiting callers keep nothing alive by themselves: the driver does.
        pacer.timer.unref();
        Ok(pacer)
    }

    fn available(&self) -> u64 {
        let allowed = (self.rate * self.start.elapsed().as_secs_f64()) as u64 + 1;
        allowed.saturating_sub(self.granted.get())
    }

    /// Takes a token if one is there.
    pub fn try_take(&self) -> bool {
        if self.available() == 0 {
            return false;
        }
        self.granted.set(self.granted.get() + 1);
        true
    }

    /// Calls `f` once tokens have come (it should try again).
    pub fn wait(&self, f: Box<dyn FnOnce()>) {
        self.waiters.borrow_mut().push_back(f);
    }

    fn wake(&self) {
        let n = self.available().min(self.waiters.borrow().len() as u64);
        for _ in 0..n {
            let Some(f) = self.waiters.borrow_mut().pop_front() else {
                break;
            };
            f();
        }
    }

    /// Wakes every waiter (the run is ending) and stops the timer.
    pub fn close(&self) {
        let waiters: Vec<_> = self.waiters.borrow_mut().drain(..).collect();
        for f in waiters {
            f();
        }
        self.timer.close(|| ());
    }
}

/// A running workload, as the driver sees it.
pub trait Workload {
    /// Nothing is in flight and nothing more will start.
    fn done(&self) -> bool;
    /// Closes what is still open: once done, or at the drain deadline
    /// (`forced`), when whatever is still in flight counts as lost.
    fn finish(&self, forced: bool);
}

/// Runs the loop until every workload is done and closed. Workloads that
/// do not drain within 10 seconds of the end (`DRAIN`) are finished by force.
pub fn drive(ctx: &Rc<Ctx>, parts: Vec<Rc<dyn Workload>>, progress: Progress) -> ruv::Result<()> {
    let ticker = Timer::new(&ctx.lp)?;
    let shared = Rc::clone(ctx);
    let mut ended_at: Option<Instant> = None;
    let mut forced_at: Option<Instant> = None;
    ticker.start(TICK, Some(TICK), move |t| {
        let now = Instant::now();
        let running = shared.budget.running();
        shared.engine.sample();
        progress.tick(&shared);
        if parts.iter().all(|p| p.done()) {
            for part in &parts {
                part.finish(false);
            }
            progress.clear();
            t.close(|| ());
            return;
        }
        if running {
            return;
        }
        let ended = *ended_at.get_or_insert(now);
        match forced_at {
            None if now.duration_since(ended) >= DRAIN => {
                eprintln!("ruv-stress: the workload did not drain in {DRAIN:?}; finishing it");
                for part in &parts {
                    part.finish(true);
                }
                forced_at = Some(now);
            }
            Some(forced) if now.duration_since(forced) >= HARD_STOP => {
                progress.clear();
                t.loop_().stop();
            }
            _ => {}
        }
    })?;
    ctx.lp.run(RunMode::Default);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_budget_gives_exactly_its_count() {
        let budget = Budget::new(None, Some(3));
        assert!(budget.take() && budget.take() && budget.take());
        assert!(!budget.take());
        assert!(!budget.running());
        assert_eq!(budget.issued(), 3);
    }

    #[test]
    fn a_time_budget_ends_at_its_deadline() {
        let budget = Budget::new(Some(Duration::ZERO), None);
        assert!(!budget.take());
        let budget = Budget::new(Some(Duration::from_secs(60)), None);
        assert!(budget.take());
    }
}
