//! What every Rust handle type shares: its loop, its engine id, and closing.

use super::Loop;
use crate::engine::HandleId;
use std::cell::Cell;
use std::rc::{Rc, Weak};

/// The shared core of a handle; the handle types are `Rc`s of it, and their
/// callbacks hold it weakly so a dropped handle is not kept alive by them.
pub(crate) struct Core {
    pub lp: Loop,
    pub id: Cell<HandleId>,
    pub closed: Cell<bool>,
}

impl Core {
    pub fn new(lp: &Loop) -> Rc<Core> {
        Rc::new(Core {
            lp: lp.clone(),
            id: Cell::new(HandleId::from_bits(u64::MAX)),
            closed: Cell::new(false),
        })
    }

    pub fn id(&self) -> HandleId {
        self.id.get()
    }

    /// Starts closing; `on_close` runs in the loop's closing phase. A second
    /// close does nothing.
    pub fn close(&self, on_close: Option<Box<dyn FnOnce()>>) {
        if self.closed.replace(true) {
            return;
        }
        let on_close = on_close.map(|f| Box::new(move |_: &crate::engine::Loop, _| f()) as _);
        let _ = self.lp.engine.close(self.id(), on_close);
    }

    pub fn is_active(&self) -> bool {
        !self.closed.get() && self.lp.engine.is_active(self.id())
    }

    pub fn set_ref(&self, referenced: bool) {
        if referenced {
            self.lp.engine.ref_handle(self.id());
        } else {
            self.lp.engine.unref_handle(self.id());
        }
    }

    pub fn has_ref(&self) -> bool {
        self.lp.engine.has_ref(self.id())
    }
}

impl Drop for Core {
    fn drop(&mut self) {
        self.close(None);
    }
}

/// Turns a user callback on a handle view into an engine callback.
pub(crate) fn callback<H: 'static>(
    core: &Rc<Core>,
    view: impl Fn(Rc<Core>) -> H + 'static,
    mut f: impl FnMut(&H) + 'static,
) -> crate::engine::BoxedCallback {
    let weak: Weak<Core> = Rc::downgrade(core);
    Box::new(move |_, _, _| {
        if let Some(core) = weak.upgrade() {
            f(&view(core));
        }
    })
}

macro_rules! handle_common {
    ($ty:ident) => {
        impl $ty {
            /// Starts closing the handle; `on_close` runs in the loop's
            /// closing phase. Closing twice does nothing.
            pub fn close(&self, on_close: impl FnOnce() + 'static) {
                self.core.close(Some(Box::new(on_close)));
            }

            /// Whether the handle is started (and not closed).
            pub fn is_active(&self) -> bool {
                self.core.is_active()
            }

            /// Whether the handle is closing or closed.
            pub fn is_closing(&self) -> bool {
                self.core.closed.get()
            }

            /// Lets the loop exit while this handle is active.
            pub fn unref(&self) {
                self.core.set_ref(false);
            }

            /// Makes the handle keep the loop alive while active (the default).
            pub fn ref_(&self) {
                self.core.set_ref(true);
            }

            pub fn has_ref(&self) -> bool {
                self.core.has_ref()
            }

            /// The loop the handle belongs to.
            pub fn loop_(&self) -> &$crate::api::Loop {
                &self.core.lp
            }
        }

        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("active", &self.is_active())
                    .field("closing", &self.is_closing())
                    .finish()
            }
        }
    };
}
pub(crate) use handle_common;
