//! [`Async`]: wake the loop from another thread.

use super::handle::{callback, handle_common, Core};
use super::Loop;
use crate::engine::AsyncSignal;
use crate::error::{code, Error, Result};
use std::rc::Rc;
use std::sync::Arc;

/// A handle whose callback runs on the loop thread after any thread sends
/// to it. Sends made before the callback runs are merged into one call; a
/// send made while it runs leads to another call.
///
/// ```
/// use ruv::{Async, Loop, RunMode};
///
/// let lp = Loop::new()?;
/// let handle = Async::new(&lp, |a| a.close(|| ()))?;
/// let sender = handle.sender();
/// std::thread::spawn(move || sender.send().unwrap()).join().unwrap();
/// lp.run(RunMode::Default);
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
pub struct Async {
    core: Rc<Core>,
    signal: Arc<AsyncSignal>,
    /// The signal's generation while this handle is open.
    generation: u32,
}

/// Sends to an [`Async`] handle from any thread.
///
/// ```
/// use ruv::{Async, Loop, RunMode};
/// use std::sync::mpsc;
///
/// let lp = Loop::new()?;
/// let (tx, rx) = mpsc::channel();
/// let handle = Async::new(&lp, move |a| {
///     // Sends may be merged: drain everything that arrived.
///     while let Ok(n) = rx.try_recv() {
///         if n == 3 {
///             a.close(|| ());
///         }
///     }
/// })?;
/// let sender = handle.sender();
/// std::thread::spawn(move || {
///     for n in 1..=3 {
///         tx.send(n).unwrap();
///         sender.send().unwrap();
///     }
/// });
/// lp.run(RunMode::Default);
/// // A closed handle refuses sends.
/// assert!(handle.sender().send().is_err());
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
pub struct AsyncSender {
    signal: Arc<AsyncSignal>,
    generation: u32,
}

impl Async {
    /// Creates the handle; it is active (keeps the loop alive) until closed.
    pub fn new(lp: &Loop, f: impl FnMut(&Async) + 'static) -> Result<Async> {
        let core = Core::new(lp);
        let (id, signal) = lp.engine.init_async(0, None);
        let generation = signal.generation();
        core.id.set(id);
        let view_signal = Arc::clone(&signal);
        let cb = callback(
            &core,
            move |core| Async {
                core,
                signal: Arc::clone(&view_signal),
                generation,
            },
            f,
        );
        lp.engine.set_callback(id, cb)?;
        Ok(Async {
            core,
            signal,
            generation,
        })
    }

    /// A sender for other threads.
    pub fn sender(&self) -> AsyncSender {
        AsyncSender {
            signal: Arc::clone(&self.signal),
            generation: self.generation,
        }
    }

    /// Sends from the loop thread.
    pub fn send(&self) -> Result<()> {
        self.sender().send()
    }
}

impl AsyncSender {
    /// Asks for the callback to run; fails once the handle is closing.
    pub fn send(&self) -> Result<()> {
        if self.signal.send_as(self.generation) {
            Ok(())
        } else {
            Err(Error::from_code(code::EINVAL))
        }
    }
}

handle_common!(Async);
