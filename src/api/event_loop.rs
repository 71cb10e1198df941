//! [`Loop`]: an event loop owned by one thread.

use crate::engine::{self, LoopStats, RunMode};
use crate::error::Result;
use std::rc::Rc;
use std::time::Duration;

/// An event loop. Cloning gives another reference to the same loop.
///
/// ```
/// use ruv::{Loop, RunMode, Timer};
/// use std::time::Duration;
///
/// let lp = Loop::new()?;
/// let timer = Timer::new(&lp)?;
/// timer.start(Duration::from_millis(1), None, |t| {
///     println!("fired after {} ms of loop time", t.loop_().now());
/// })?;
/// lp.run(RunMode::Default);
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
pub struct Loop {
    pub(crate) engine: Rc<engine::Loop>,
}

impl Loop {
    pub fn new() -> Result<Loop> {
        Ok(Loop {
            engine: Rc::new(engine::Loop::new()?),
        })
    }

    pub(crate) fn from_engine(engine: Rc<engine::Loop>) -> Loop {
        Loop { engine }
    }

    /// Runs the loop; returns whether it is still alive (see [`Loop::alive`]).
    ///
    /// If a callback panicked, the panic resumes here once the loop has
    /// stopped calling callbacks; the loop stays usable.
    pub fn run(&self, mode: RunMode) -> bool {
        let alive = self.engine.run(mode);
        if let Some(payload) = self.engine.take_panic() {
            std::panic::resume_unwind(payload);
        }
        alive
    }

    /// Makes `run` return after the current iteration.
    ///
    /// ```
    /// use ruv::{Idle, Loop, RunMode};
    ///
    /// let lp = Loop::new()?;
    /// let idle = Idle::new(&lp)?;
    /// idle.start(|me| me.loop_().stop())?;
    /// // Stopped after one iteration; the idle handle still keeps it alive.
    /// assert!(lp.run(RunMode::Default));
    /// idle.stop()?;
    /// assert!(!lp.run(RunMode::Default));
    /// # Ok::<(), ruv::Error>(())
    /// ```
    pub fn stop(&self) {
        self.engine.stop();
    }

    /// Whether active referenced handles, requests in flight or closing
    /// handles would keep `run` going.
    ///
    /// ```
    /// use ruv::{Loop, Timer};
    /// use std::time::Duration;
    ///
    /// let lp = Loop::new()?;
    /// assert!(!lp.alive());
    /// let timer = Timer::new(&lp)?;
    /// timer.start(Duration::from_secs(60), None, |_| ())?;
    /// assert!(lp.alive());
    /// timer.unref(); // an unreferenced handle does not count
    /// assert!(!lp.alive());
    /// # Ok::<(), ruv::Error>(())
    /// ```
    pub fn alive(&self) -> bool {
        self.engine.alive()
    }

    /// Loop time in milliseconds since an arbitrary point, updated at the
    /// start of each iteration and after each wait.
    pub fn now(&self) -> u64 {
        self.engine.now()
    }

    pub fn update_time(&self) {
        self.engine.update_time();
    }

    /// Starts measuring the time the loop spends waiting for events.
    pub fn measure_idle_time(&self) {
        self.engine.configure_measure_idle_time();
    }

    /// Time spent waiting for events since [`Loop::measure_idle_time`].
    pub fn idle_time(&self) -> Duration {
        Duration::from_nanos(self.engine.idle_time())
    }

    /// This loop's counters since it was created: iterations, wake-ups by
    /// other threads, pool completions, how late its timers fired, and how
    /// often accepting ran out of descriptors. Reading them costs a few
    /// loads; keeping them costs the loop next to nothing.
    ///
    /// ```
    /// use ruv::{Loop, RunMode, Timer};
    /// use std::time::Duration;
    ///
    /// let lp = Loop::new()?;
    /// let timer = Timer::new(&lp)?;
    /// timer.start(Duration::from_millis(1), None, |_| ())?;
    /// lp.queue_work(|| (), |_, result| result.unwrap())?;
    /// lp.run(RunMode::Default);
    ///
    /// let stats = lp.stats();
    /// assert_eq!(stats.timer_lag.count, 1);
    /// assert_eq!(stats.completions, 1);
    /// // The finished work woke the loop from its wait: once.
    /// assert_eq!(stats.wakeups, 1);
    /// assert!(stats.iterations >= 1);
    /// println!("timers fired at most {:?} late", stats.timer_lag.max);
    /// # Ok::<(), ruv::Error>(())
    /// ```
    pub fn stats(&self) -> LoopStats {
        self.engine.stats()
    }

    /// The underlying engine loop.
    pub fn engine(&self) -> &engine::Loop {
        &self.engine
    }
}

impl std::fmt::Debug for Loop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.engine.fmt(f)
    }
}
