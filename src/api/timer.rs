//! [`Timer`]: a callback after a delay, once or repeatedly.

use super::handle::{callback, handle_common, Core};
use super::Loop;
use crate::engine::Kind;
use crate::error::Result;
use std::rc::Rc;
use std::time::Duration;

/// A timer. Times are in whole milliseconds of loop time, as in libuv.
///
/// ```
/// use ruv::{Loop, RunMode, Timer};
/// use std::time::Duration;
///
/// let lp = Loop::new()?;
/// let timer = Timer::new(&lp)?;
/// let mut ticks = 0;
/// // At once, then every millisecond, until the third tick stops it.
/// timer.start(Duration::ZERO, Some(Duration::from_millis(1)), move |t| {
///     ticks += 1;
///     if ticks == 3 {
///         t.stop().unwrap();
///     }
/// })?;
/// assert!(!lp.run(RunMode::Default)); // nothing left to run
/// assert!(!timer.is_active());
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
pub struct Timer {
    core: Rc<Core>,
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Timer {
    pub fn new(lp: &Loop) -> Result<Timer> {
        let core = Core::new(lp);
        core.id.set(lp.engine.init_handle(Kind::Timer, 0, None));
        Ok(Timer { core })
    }

    /// Calls `f` after `timeout`, then every `repeat` if given. Restarting
    /// replaces the callback; [`Timer::again`] restarts without a new one.
    pub fn start(
        &self,
        timeout: Duration,
        repeat: Option<Duration>,
        f: impl FnMut(&Timer) + 'static,
    ) -> Result<()> {
        let cb = callback(&self.core, |core| Timer { core }, f);
        self.core.lp.engine.set_callback(self.core.id(), cb)?;
        self.core
            .lp
            .engine
            .timer_start(self.core.id(), millis(timeout), repeat.map_or(0, millis))
    }

    pub fn stop(&self) -> Result<()> {
        self.core.lp.engine.timer_stop(self.core.id())
    }

    /// Restarts a repeating timer from now, keeping its callback.
    ///
    /// A one-shot timer is left as it is; a timer never started is refused
    /// with `EINVAL`.
    ///
    /// ```
    /// use ruv::{Loop, Timer};
    /// use std::time::Duration;
    ///
    /// let lp = Loop::new()?;
    /// let timer = Timer::new(&lp)?;
    /// assert_eq!(timer.again().unwrap_err().name(), "EINVAL");
    ///
    /// timer.start(Duration::from_secs(60), Some(Duration::from_millis(10)), |_| ())?;
    /// timer.again()?; // now due in one repeat interval
    /// assert_eq!(timer.due_in(), Duration::from_millis(10));
    /// # timer.close(|| ());
    /// # Ok::<(), ruv::Error>(())
    /// ```
    pub fn again(&self) -> Result<()> {
        self.core.lp.engine.timer_again(self.core.id())
    }

    /// Changes the repeat interval from the next expiry on; `None` makes
    /// the timer one-shot.
    pub fn set_repeat(&self, repeat: Option<Duration>) {
        self.core
            .lp
            .engine
            .timer_set_repeat(self.core.id(), repeat.map_or(0, millis));
    }

    pub fn repeat(&self) -> Option<Duration> {
        match self.core.lp.engine.timer_repeat(self.core.id()) {
            0 => None,
            ms => Some(Duration::from_millis(ms)),
        }
    }

    /// Time left until the timer is due (zero once due).
    pub fn due_in(&self) -> Duration {
        Duration::from_millis(self.core.lp.engine.timer_due_in(self.core.id()))
    }
}

handle_common!(Timer);
