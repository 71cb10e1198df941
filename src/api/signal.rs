//! [`Signal`]: a callback on the loop thread when the process receives a
//! Unix signal.

use super::handle::{handle_common, Core};
use super::Loop;
use crate::engine::{Event, Kind};
use crate::error::Result;
use std::rc::{Rc, Weak};

/// Watches one Unix signal at a time. While any handle in any loop watches
/// a signal, the process catches it (its default action, such as ending
/// the process, does not happen); when the last one stops, the default
/// action comes back.
///
/// ```
/// use ruv::{Loop, RunMode, Signal};
/// use std::cell::Cell;
/// use std::rc::Rc;
///
/// let lp = Loop::new()?;
/// let usr1 = Signal::new(&lp)?;
/// let caught = Rc::new(Cell::new(0));
/// let seen = caught.clone();
/// usr1.start_oneshot(libc::SIGUSR1, move |_, signum| seen.set(signum))?;
/// // The handler has run by the time raise returns; the callback waits
/// // for the loop.
/// ruv::sys::signal::raise(libc::SIGUSR1)?;
/// lp.run(RunMode::Default); // the callback runs, then the handle stops
/// assert_eq!(caught.get(), libc::SIGUSR1);
/// assert!(!usr1.is_active());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Signal {
    core: Rc<Core>,
}

impl Signal {
    pub fn new(lp: &Loop) -> Result<Signal> {
        let core = Core::new(lp);
        core.id.set(lp.engine.init_handle(Kind::Signal, 0, None));
        Ok(Signal { core })
    }

    /// Calls `f` with the signal's number each time the process receives
    /// `signum`. A handle watching another signal moves to this one;
    /// `EINVAL` for 0, a number that is no signal, SIGKILL or SIGSTOP.
    pub fn start(&self, signum: i32, f: impl FnMut(&Signal, i32) + 'static) -> Result<()> {
        self.start_with(signum, false, f)
    }

    /// Like [`Signal::start`], but the handle stops after the first call.
    pub fn start_oneshot(&self, signum: i32, f: impl FnMut(&Signal, i32) + 'static) -> Result<()> {
        self.start_with(signum, true, f)
    }

    fn start_with(
        &self,
        signum: i32,
        oneshot: bool,
        mut f: impl FnMut(&Signal, i32) + 'static,
    ) -> Result<()> {
        let weak: Weak<Core> = Rc::downgrade(&self.core);
        let cb = Box::new(move |_: &crate::engine::Loop, _, event: &Event<'_>| {
            if let (Some(core), Event::Signal { signum }) = (weak.upgrade(), event) {
                f(&Signal { core }, *signum);
            }
        });
        let engine = &self.core.lp.engine;
        // A restart with another mode or signal starts afresh.
        if engine.signal_watched(self.core.id()).is_some() {
            engine.signal_stop(self.core.id());
        }
        // Start first: a refused start must not replace the callback.
        engine.signal_start(self.core.id(), signum, oneshot)?;
        engine.set_callback(self.core.id(), cb)
    }

    pub fn stop(&self) -> Result<()> {
        self.core.lp.engine.signal_stop(self.core.id());
        Ok(())
    }

    /// The signal being watched, while started.
    pub fn signum(&self) -> Option<i32> {
        self.core.lp.engine.signal_watched(self.core.id())
    }
}

handle_common!(Signal);
