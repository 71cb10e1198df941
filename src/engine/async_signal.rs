//! The cross-thread half of an async handle: a pending bit and the loop to wake.
//!
//! A sender on another thread may still hold a handle's signal when the
//! handle closes (libuv allows sends racing a close: its `uv_close` waits
//! for a sender in the middle of one). So a loop never frees a signal while
//! it runs: a closed handle's signal is kept, and handed to the next async
//! handle once no one but the loop holds it. Each close starts a new
//! generation of the signal, and a host's send names the generation it
//! read from its handle, so a late send to a closed handle is refused
//! rather than reaching whichever handle has the signal now.

use super::wake::Shared;
use std::sync::atomic::{fence, AtomicU64, Ordering};
use std::sync::Arc;

/// `state` bits: a send is pending; the handle is closed; above them, the
/// generation (32 bits, counting closes).
const PENDING: u64 = 1;
const CLOSED: u64 = 2;
const GENERATION_SHIFT: u32 = 2;

/// Alone in its cache lines (two, for the adjacent-line prefetch): a
/// sender and the loop pass its line back and forth, and anything sharing
/// it (the loop's wake-up state, say, from the same allocator bin) would
/// pay for every pass.
#[repr(align(128))]
pub struct AsyncSignal {
    /// `PENDING` is set by a send and cleared by the loop just before the
    /// callback runs, so sends coalesce and a send during the callback is
    /// never lost; `CLOSED` once the handle starts closing; the generation
    /// above them moves on at each close.
    state: AtomicU64,
    shared: Arc<Shared>,
}

impl AsyncSignal {
    pub(crate) fn new(shared: Arc<Shared>) -> AsyncSignal {
        AsyncSignal {
            state: AtomicU64::new(0),
            shared,
        }
    }

    /// Asks for the async callback to run on the loop thread, for a sender
    /// that took `generation` (see [`generation`](Self::generation)) from
    /// the open handle. Returns false once that handle is closed, also
    /// after the signal has gone to another handle.
    #[inline]
    pub fn send_as(&self, generation: u32) -> bool {
        self.send_with(|| generation)
    }

    /// [`send_as`](Self::send_as) with the generation fetched only if the
    /// signal is not pending already: a host keeps it in handle memory
    /// that other data may share a cache line with. A late send that finds
    /// the signal pending for the handle that has it now changes nothing
    /// and reports success.
    #[inline]
    pub fn send_with(&self, generation: impl FnOnce() -> u32) -> bool {
        // The caller's writes before this send must be visible to the
        // callback that answers it. Without a full fence, they could still
        // wait in this core's store buffer while the load below reads a
        // pending bit the loop has already cleared: the loop's callback
        // then misses them and this send, seeing the bit set, wakes no one.
        // (libuv 1.44's cheap read has that window; a sender that sets a
        // flag and sends once more can hang its loop for good.)
        fence(Ordering::SeqCst);
        // Then a plain load: a sender spinning on a handle that is already
        // pending must not keep stealing the cache line from the loop.
        if self.state.load(Ordering::Relaxed) & (PENDING | CLOSED) == PENDING {
            return true;
        }
        self.send_slow(u64::from(generation()) << GENERATION_SHIFT)
    }

    /// The current generation, for a sender to keep with its handle.
    pub fn generation(&self) -> u32 {
        (self.state.load(Ordering::Relaxed) >> GENERATION_SHIFT) as u32
    }

    /// Sets the pending bit and wakes the loop; kept out of line so the
    /// common already-pending case stays a load and a return. One exchange
    /// with the expected state, not a load first: the line comes over from
    /// the loop's core once, not twice.
    #[cold]
    #[inline(never)]
    fn send_slow(&self, idle: u64) -> bool {
        match self
            .state
            .compare_exchange(idle, idle | PENDING, Ordering::SeqCst, Ordering::Acquire)
        {
            Ok(_) => {
                self.shared.wake();
                true
            }
            // Pending already; or closed, or another generation's.
            Err(now) => now == idle | PENDING,
        }
    }

    pub(crate) fn take_pending(&self) -> bool {
        let state = self.state.load(Ordering::Relaxed);
        if state & PENDING == 0 {
            return false;
        }
        // Senders change the word only while the bit is clear, and closing
        // happens on this thread: nothing can change it under this swap.
        self.state.swap(state & !PENDING, Ordering::SeqCst);
        true
    }

    /// The handle starts closing: later sends are refused, and senders of
    /// this generation stay refused once the signal is reopened.
    pub(crate) fn close(&self) {
        let next = |state: u64| {
            let generation = ((state >> GENERATION_SHIFT) as u32).wrapping_add(1);
            Some((u64::from(generation) << GENERATION_SHIFT) | CLOSED)
        };
        let _ = self
            .state
            .fetch_update(Ordering::SeqCst, Ordering::Relaxed, next);
    }

    /// A closed signal goes to a new handle, in its new generation.
    fn reopen(&self) {
        self.state.fetch_and(!(CLOSED | PENDING), Ordering::SeqCst);
    }
}

use super::handle::{BoxedCallback, Callback, HandleId, Kind};
use super::Loop;

impl Loop {
    /// Creates an async handle; it is active at once. The returned signal
    /// may be sent from any thread.
    pub fn init_async(
        &self,
        token: usize,
        callback: Option<BoxedCallback>,
    ) -> (HandleId, Arc<AsyncSignal>) {
        let signal = self
            .spare_async_signal()
            .unwrap_or_else(|| Arc::new(AsyncSignal::new(Arc::clone(&self.shared))));
        let callback = match callback {
            Some(f) => Callback::Boxed(f),
            None => Callback::Host,
        };
        let id = self
            .handles
            .borrow_mut()
            .insert(&*self.host, Kind::Async, token, callback);
        self.asyncs.borrow_mut().push((id, Arc::clone(&signal)));
        self.handle_start(id);
        (id, signal)
    }

    pub(crate) fn async_close(&self, id: HandleId) {
        let mut asyncs = self.asyncs.borrow_mut();
        if let Some(at) = asyncs.iter().position(|(h, _)| *h == id) {
            let (_, signal) = asyncs.remove(at);
            signal.close();
            // Kept: a sender may still be about to use it.
            self.closed_asyncs.borrow_mut().push(signal);
        }
        drop(asyncs);
        self.handle_stop(id);
    }

    /// A closed handle's signal that no one but the loop holds any more.
    fn spare_async_signal(&self) -> Option<Arc<AsyncSignal>> {
        let mut closed = self.closed_asyncs.borrow_mut();
        // Only the loop holds it: no thread can reach it to send.
        let at = closed.iter().position(|s| Arc::strong_count(s) == 1)?;
        let signal = closed.swap_remove(at);
        signal.reopen();
        Some(signal)
    }

    /// Runs the callback of every async handle that was sent to, in creation order.
    pub(crate) fn run_asyncs(&self) {
        if self.asyncs.borrow().is_empty() {
            return;
        }
        let mut batch = std::mem::take(&mut *self.scratch_ids.borrow_mut());
        batch.extend(self.asyncs.borrow().iter().map(|(id, _)| *id));
        for (n, &id) in batch.iter().enumerate() {
            if self.halted() {
                break;
            }
            // Usually still at its place; gone if an earlier callback of this
            // pass closed it.
            let pending = {
                let asyncs = self.asyncs.borrow();
                let at = match asyncs.get(n) {
                    Some((h, _)) if *h == id => Some(n),
                    _ => asyncs.iter().position(|(h, _)| *h == id),
                };
                at.is_some_and(|at| asyncs[at].1.take_pending())
            };
            if pending {
                self.fire(id);
            }
        }
        batch.clear();
        *self.scratch_ids.borrow_mut() = batch;
    }
}
