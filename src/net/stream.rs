//! What the network handle types share: making and discarding a handle,
//! and the read/write API of the two stream types, written once here as a
//! macro ([`stream_io!`]) and stamped onto `TcpStream` and `Pipe`.

use super::callbacks::{engine_hooks, Io, NetHandle};
use crate::api::handle::Core;
use crate::api::Loop;
use crate::engine::Kind;

/// A new, unopened stream handle of `kind` on `lp`.
pub(crate) fn new_handle<H: NetHandle>(lp: &Loop, kind: Kind, ipc: bool) -> H {
    let core = Core::new(lp);
    let io = Io::new();
    let (callback, sink) = engine_hooks(&core, &io);
    let id = lp.engine.init_handle(kind, 0, Some(callback));
    core.id.set(id);
    lp.engine.stream_init(id, ipc);
    lp.engine.stream_set_sink(id, sink);
    H::from_parts(core, io)
}

/// Forgets a handle that never got going (its setup failed): no close
/// callback, nothing left in the loop.
pub(crate) fn discard<H: NetHandle>(handle: H) {
    let core = handle.core();
    core.closed.set(true);
    core.lp.engine.discard(core.id());
}

/// The glue every network handle type needs: its parts and the common
/// handle methods (close, ref, ...).
macro_rules! net_handle {
    ($ty:ident) => {
        impl $crate::net::callbacks::NetHandle for $ty {
            fn from_parts(
                core: std::rc::Rc<$crate::api::handle::Core>,
                io: std::rc::Rc<$crate::net::callbacks::Io<$ty>>,
            ) -> $ty {
                $ty { core, io }
            }

            fn core(&self) -> &std::rc::Rc<$crate::api::handle::Core> {
                &self.core
            }

            fn io(&self) -> &std::rc::Rc<$crate::net::callbacks::Io<$ty>> {
                &self.io
            }
        }

        $crate::api::handle::handle_common!($ty);
    };
}
pub(crate) use net_handle;

/// Reading, writing and shutting down, the same on every stream type.
macro_rules! stream_io {
    ($ty:ident) => {
        impl $ty {
            /// Starts reading. `f` gets each chunk as it arrives
            /// (`Ok(data)`, valid for the call only), then either
            /// **`Ok(&[])` once at the end of the stream** (the peer shut
            /// down its sending side or closed) or `Err(e)` if reading
            /// failed (`ECONNRESET`, ...). Reading stops by itself after
            /// either; the handle stays open until closed.
            ///
            /// Refused with `EALREADY` while reading and with `ENOTCONN` on
            /// a stream that cannot be read. Calling it from a callback
            /// (after [`read_stop`](Self::read_stop)) replaces the callback.
            pub fn read_start(
                &self,
                f: impl FnMut(&$ty, $crate::Result<&[u8]>) + 'static,
            ) -> $crate::Result<()> {
                self.core.lp.engine.read_start(self.core.id())?;
                self.io.read.set(Box::new(f));
                Ok(())
            }

            /// Stops reading and drops the read callback; no read callback
            /// runs after this returns, even inside the current one's
            /// event. Stopping a stream that is not reading does nothing.
            pub fn read_stop(&self) -> $crate::Result<()> {
                self.core.lp.engine.read_stop(self.core.id())?;
                self.io.read.clear();
                Ok(())
            }

            /// Sets the callback told about each finished [`write`](Self::write),
            /// in order: its result and its buffer, handed back so the next
            /// write can reuse it (steady-state writing then allocates
            /// nothing). Writes still queued when the handle closes finish
            /// with `ECANCELED`, before the close callback. Without a
            /// callback, finished buffers are dropped.
            pub fn on_write_done(
                &self,
                f: impl FnMut(&$ty, $crate::Result<()>, Vec<u8>) + 'static,
            ) {
                self.io.written.set(Box::new(f));
            }

            /// Queues `buf` to be written after the writes before it. On an
            /// idle stream it is written at once as far as the kernel takes
            /// it; the rest waits (see [`queued_bytes`](Self::queued_bytes)).
            /// Either way its completion is reported later, through
            /// [`on_write_done`](Self::on_write_done), never from inside
            /// this call. Refused (and `buf` dropped) with `EPIPE` after
            /// [`shutdown`](Self::shutdown) and `EBADF` on a closed stream.
            pub fn write(&self, buf: Vec<u8>) -> $crate::Result<()> {
                self.core.lp.engine.write(
                    self.core.id(),
                    $crate::engine::WriteOwner::Handle,
                    $crate::engine::WriteBufs::Owned(buf),
                    None,
                )
            }

            /// Writes what the kernel takes now, without queueing, and says
            /// how much that was. `EAGAIN` when nothing could be written or
            /// queued writes are waiting (they go first).
            pub fn try_write(&self, data: &[u8]) -> $crate::Result<usize> {
                self.core.lp.engine.try_write_bytes(self.core.id(), data)
            }

            /// Writes `data` after the queued writes, borrowing it: what the
            /// kernel takes at once is sent from `data` itself and nothing
            /// is reported for it, as with `write_all` on a socket that was
            /// ready. Only what has to wait is copied, into a queued
            /// [`write`](Self::write), reported like one through
            /// [`on_write_done`](Self::on_write_done). Returns whether some
            /// of it was queued; an error means none of it was sent or
            /// queued.
            ///
            /// The common small write (a reply, a message) then costs one
            /// system call and no buffer to hand back, where `write` also
            /// reports its completion from a later phase of the loop.
            pub fn write_slice(&self, data: &[u8]) -> $crate::Result<bool> {
                let sent = match self.try_write(data) {
                    Ok(n) if n == data.len() => return Ok(false),
                    Ok(n) => n,
                    // Queued writes go first, or the kernel took nothing.
                    Err(e) if e.code() == $crate::error::code::EAGAIN => 0,
                    Err(e) => return Err(e),
                };
                self.write(data[sent..].to_vec())?;
                Ok(true)
            }

            /// Shuts the sending side down once the queued writes are out;
            /// the peer then reads the end of the stream. `f` gets the
            /// result (`ECANCELED` if the handle closes first). Refused
            /// with `ENOTCONN` if already shut down or not writable.
            pub fn shutdown(
                &self,
                f: impl FnOnce(&$ty, $crate::Result<()>) + 'static,
            ) -> $crate::Result<()> {
                let done = $crate::net::callbacks::completion(self, f);
                self.core.lp.engine.shutdown(self.core.id(), done)
            }

            /// Bytes written but not yet taken by the kernel: how far the
            /// peer (or the network) is behind. Watch it to apply
            /// backpressure instead of queueing without bound.
            pub fn queued_bytes(&self) -> usize {
                self.core.lp.engine.write_queue_size(self.core.id())
            }

            /// Whether the stream can be read (`uv_is_readable`).
            pub fn is_readable(&self) -> bool {
                self.core.lp.engine.is_readable(self.core.id())
            }

            /// Whether the stream can be written: open, and not shut down
            /// (`uv_is_writable`).
            pub fn is_writable(&self) -> bool {
                self.core.lp.engine.is_writable(self.core.id())
            }
        }
    };
}
pub(crate) use stream_io;
