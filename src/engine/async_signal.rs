//! The cross-thread half of an async handle: a pending bit and the loop to wake.

use super::wake::Shared;
use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::Arc;

pub struct AsyncSignal {
    /// Set by `send`, cleared by the loop just before the callback runs, so
    /// sends coalesce and a send during the callback is never lost.
    pending: AtomicBool,
    /// Set when the handle starts closing; later sends are refused.
    closed: AtomicBool,
    shared: Arc<Shared>,
}

impl AsyncSignal {
    pub(crate) fn new(shared: Arc<Shared>) -> AsyncSignal {
        AsyncSignal {
            pending: AtomicBool::new(false),
            closed: AtomicBool::new(false),
            shared,
        }
    }

    /// Asks for the async callback to run on the loop thread. Returns false
    /// when the handle is closed.
    #[inline]
    pub fn send(&self) -> bool {
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
        if self.pending.load(Ordering::Relaxed) {
            return true;
        }
        self.send_slow()
    }

    /// Sets the pending bit and wakes the loop; kept out of line so the
    /// common already-pending case stays a load and a return.
    #[cold]
    #[inline(never)]
    fn send_slow(&self) -> bool {
        if self.closed.load(Ordering::Acquire) {
            return false;
        }
        if !self.pending.swap(true, Ordering::SeqCst) {
            self.shared.wake();
        }
        true
    }

    pub(crate) fn take_pending(&self) -> bool {
        self.pending.swap(false, Ordering::SeqCst)
    }

    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        // Later sends must take the slow path, which sees `closed`.
        self.pending.store(false, Ordering::Release);
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
        let signal = Arc::new(AsyncSignal::new(Arc::clone(&self.shared)));
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
        self.asyncs.borrow_mut().retain(|(h, signal)| {
            if *h == id {
                signal.close();
            }
            *h != id
        });
        self.handle_stop(id);
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
