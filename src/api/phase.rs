//! [`Idle`], [`Prepare`] and [`Check`]: callbacks at fixed points of each
//! loop iteration. Idle handles also keep the loop from blocking.

use super::handle::{callback, handle_common, Core};
use super::Loop;
use crate::engine::Kind;
use crate::error::Result;
use std::rc::Rc;

macro_rules! phase_handle {
    ($(#[$doc:meta])* $ty:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $ty {
            core: Rc<Core>,
        }

        impl $ty {
            pub fn new(lp: &Loop) -> Result<$ty> {
                let core = Core::new(lp);
                core.id.set(lp.engine.init_handle($kind, 0, None));
                Ok($ty { core })
            }

            /// Calls `f` once per loop iteration until stopped. Starting an
            /// active handle does nothing.
            pub fn start(&self, f: impl FnMut(&$ty) + 'static) -> Result<()> {
                if self.is_active() {
                    return Ok(());
                }
                let cb = callback(&self.core, |core| $ty { core }, f);
                self.core.lp.engine.set_callback(self.core.id(), cb)?;
                self.core.lp.engine.phase_start(self.core.id())
            }

            pub fn stop(&self) -> Result<()> {
                self.core.lp.engine.phase_stop(self.core.id())
            }
        }

        handle_common!($ty);
    };
}

phase_handle!(
    /// Runs once per iteration before the wait for I/O; while active, the
    /// loop does not block.
    ///
    /// ```
    /// use ruv::{Idle, Loop, RunMode};
    ///
    /// let lp = Loop::new()?;
    /// let idle = Idle::new(&lp)?;
    /// let mut iterations = 0;
    /// idle.start(move |me| {
    ///     iterations += 1;
    ///     if iterations == 3 {
    ///         me.stop().unwrap(); // the loop then has nothing left to do
    ///     }
    /// })?;
    /// assert!(!lp.run(RunMode::Default));
    /// # Ok::<(), ruv::Error>(())
    /// ```
    Idle,
    Kind::Idle
);
phase_handle!(
    /// Runs once per iteration just before the wait for I/O.
    ///
    /// ```
    /// use ruv::{Check, Loop, Prepare, RunMode};
    /// use std::{cell::RefCell, rc::Rc};
    ///
    /// let lp = Loop::new()?;
    /// let order = Rc::new(RefCell::new(Vec::new()));
    /// let (prepare, check) = (Prepare::new(&lp)?, Check::new(&lp)?);
    /// let o = Rc::clone(&order);
    /// check.start(move |_| o.borrow_mut().push("check"))?;
    /// let o = Rc::clone(&order);
    /// prepare.start(move |_| o.borrow_mut().push("prepare"))?;
    /// lp.run(RunMode::NoWait); // one iteration, without waiting
    /// assert_eq!(*order.borrow(), ["prepare", "check"]);
    /// # Ok::<(), ruv::Error>(())
    /// ```
    Prepare,
    Kind::Prepare
);
phase_handle!(
    /// Runs once per iteration just after the wait for I/O.
    ///
    /// Check and prepare handles do not stop the loop from blocking: with
    /// only them active, an iteration waits for the next timer or event.
    ///
    /// ```
    /// use ruv::{Check, Loop, RunMode, Timer};
    /// use std::time::Duration;
    ///
    /// let lp = Loop::new()?;
    /// let timer = Timer::new(&lp)?;
    /// timer.start(Duration::from_millis(2), None, |_| ())?;
    /// let check = Check::new(&lp)?;
    /// check.start(|me| {
    ///     // Runs after the wait, which the timer ended.
    ///     me.close(|| ());
    /// })?;
    /// assert!(!lp.run(RunMode::Default));
    /// # Ok::<(), ruv::Error>(())
    /// ```
    Check,
    Kind::Check
);
