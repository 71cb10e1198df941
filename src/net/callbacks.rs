//! Where a network handle keeps its callbacks, and how the engine's events
//! reach them.
//!
//! The engine calls one closure per handle; it owns the handle's [`Io`] and
//! hands each event to the matching slot with a view of the handle. The
//! slots live beside the handle (not inside the engine closure) so that
//! `read_start`, `on_write_done` and `listen` can replace them, from inside
//! a callback too.

use crate::api::handle::Core;
use crate::engine::{BoxedCallback, Completion, Event, StreamSink};
use crate::error::{code, Error, Result};
use std::cell::Cell;
use std::rc::{Rc, Weak};

/// One replaceable callback. While it runs it is out of its slot, so it
/// may set a new callback or clear the slot; either wins over putting the
/// running one back.
///
/// Cells rather than a `RefCell`: every event takes the callback out and
/// puts it back, and a borrow flag to check and reset on each of those
/// would guard nothing a `Cell` does not.
pub(crate) struct Slot<F: ?Sized> {
    f: Cell<Option<Box<F>>>,
    /// Bumped by every `set` and `clear`: a callback that ran goes back
    /// only if its slot was left alone meanwhile.
    changes: Cell<u32>,
}

impl<F: ?Sized> Slot<F> {
    fn new() -> Slot<F> {
        Slot {
            f: Cell::new(None),
            changes: Cell::new(0),
        }
    }

    pub fn set(&self, f: Box<F>) {
        self.replace(Some(f));
    }

    pub fn clear(&self) {
        self.replace(None);
    }

    fn replace(&self, f: Option<Box<F>>) {
        self.changes.set(self.changes.get().wrapping_add(1));
        // The old closure is dropped once the slot is settled: it may own
        // handles, whose dropping may come back here.
        let _old = self.f.replace(f);
    }

    /// Runs `call` with the callback, if there is one and it is not
    /// already running.
    #[inline]
    fn call(&self, call: impl FnOnce(&mut F)) {
        let Some(f) = self.f.take() else {
            return;
        };
        // Put back on the way out, unwinding included, unless replaced.
        let mut running = Running {
            slot: self,
            seen: self.changes.get(),
            f: Some(f),
        };
        call(running.f.as_mut().expect("set above"));
    }
}

struct Running<'a, F: ?Sized> {
    slot: &'a Slot<F>,
    /// The slot's `changes` when the callback was taken out.
    seen: u32,
    f: Option<Box<F>>,
}

impl<F: ?Sized> Drop for Running<'_, F> {
    #[inline]
    fn drop(&mut self) {
        if self.slot.changes.get() == self.seen {
            // The slot is empty (nothing set it meanwhile): nothing to drop.
            self.slot.f.set(self.f.take());
        }
        // Otherwise `f` is dropped with self.
    }
}

/// A read callback: data, `Ok(&[])` at the end of the stream, or an error.
pub(crate) type ReadFn<H> = dyn FnMut(&H, Result<&[u8]>);
/// A write-completion callback: the result and the buffer, handed back.
pub(crate) type WrittenFn<H> = dyn FnMut(&H, Result<()>, Vec<u8>);
/// A listener's callback: a connection is waiting, or accepting failed.
pub(crate) type ConnectionFn<H> = dyn FnMut(&H, Result<()>);

/// The callbacks of one handle of type `H`.
pub(crate) struct Io<H> {
    pub read: Slot<ReadFn<H>>,
    pub written: Slot<WrittenFn<H>>,
    pub connection: Slot<ConnectionFn<H>>,
}

impl<H> Io<H> {
    pub fn new() -> Rc<Io<H>> {
        Rc::new(Io {
            read: Slot::new(),
            written: Slot::new(),
            connection: Slot::new(),
        })
    }
}

/// The network handle types: a core and their callbacks.
pub(crate) trait NetHandle: Sized + 'static {
    fn from_parts(core: Rc<Core>, io: Rc<Io<Self>>) -> Self;
    fn core(&self) -> &Rc<Core>;
    fn io(&self) -> &Rc<Io<Self>>;
}

/// Owned by the stream's sink: when the engine lets the stream's state go
/// (the handle finished closing), the user's callbacks go too, which breaks
/// any cycle through a callback that holds its own handle. Most go earlier,
/// as the handle starts closing (see `Sink::closing`).
struct ClearOnDrop<H>(Rc<Io<H>>);

impl<H> Drop for ClearOnDrop<H> {
    fn drop(&mut self) {
        self.0.read.clear();
        self.0.written.clear();
        self.0.connection.clear();
    }
}

pub(crate) fn status(code: i32) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(Error::from_code(code))
    }
}

/// A stream's reads and finished writes, straight from the engine to the
/// `read` and `written` slots with a view of the handle.
struct Sink<H> {
    core: Weak<Core>,
    io: ClearOnDrop<H>,
}

impl<H: NetHandle> Sink<H> {
    /// A view of the handle for a callback; None once every clone of it
    /// is gone (nobody is left to tell).
    #[inline]
    fn view(&self) -> Option<H> {
        let core = self.core.upgrade()?;
        Some(H::from_parts(core, Rc::clone(&self.io.0)))
    }
}

impl<H: NetHandle> StreamSink for Sink<H> {
    fn read(&self, nread: isize, data: &[u8]) {
        let Some(view) = self.view() else {
            return;
        };
        let result = match nread {
            n if n > 0 => Ok(data),
            n if n == code::EOF as isize => Ok(&[][..]),
            n => Err(Error::from_code(n as i32)),
        };
        self.io.0.read.call(|f| f(&view, result));
    }

    fn written(&self, s: i32, buf: Option<Vec<u8>>) {
        let Some(view) = self.view() else {
            return;
        };
        let buf = buf.unwrap_or_default();
        self.io.0.written.call(|f| f(&view, status(s), buf));
    }

    fn closing(&self, writes_due: bool) {
        let io = &self.io.0;
        io.read.clear();
        io.connection.clear();
        if !writes_due {
            io.written.clear();
        }
    }
}

/// Where the engine sends the events of a new stream handle: reads and
/// finished writes to a sink kept with the stream's state, the rest (a
/// listener's connections) through the handle's closure.
pub(crate) fn engine_hooks<H: NetHandle>(
    core: &Rc<Core>,
    io: &Rc<Io<H>>,
) -> (BoxedCallback, Rc<dyn StreamSink>) {
    let weak: Weak<Core> = Rc::downgrade(core);
    let connections = Rc::clone(io);
    let callback: BoxedCallback = Box::new(move |_, _, event| {
        if let Event::Connection { status: s } = *event {
            // A handle whose last clone is gone has nobody to tell.
            if let Some(core) = weak.upgrade() {
                let view = H::from_parts(core, Rc::clone(&connections));
                connections.connection.call(|f| f(&view, status(s)));
            }
        }
    });
    let sink = Rc::new(Sink {
        core: Rc::downgrade(core),
        io: ClearOnDrop(Rc::clone(io)),
    });
    (callback, sink)
}

/// A connect or shutdown request's completion, told to `f` with a view of
/// the handle (unless every clone of it is gone by then).
pub(crate) fn completion<H: NetHandle>(
    handle: &H,
    f: impl FnOnce(&H, Result<()>) + 'static,
) -> Completion {
    let weak = Rc::downgrade(handle.core());
    let io = Rc::clone(handle.io());
    Completion::Boxed(Box::new(move |_, s| {
        if let Some(core) = weak.upgrade() {
            f(&H::from_parts(core, io), status(s));
        }
    }))
}
