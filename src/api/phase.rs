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
    Idle,
    Kind::Idle
);
phase_handle!(
    /// Runs once per iteration just before the wait for I/O.
    Prepare,
    Kind::Prepare
);
phase_handle!(
    /// Runs once per iteration just after the wait for I/O.
    Check,
    Kind::Check
);
