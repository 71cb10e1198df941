//! Work on the thread pool, with the result delivered on the loop thread.

use super::request::{cancelled, Outcome, PoolTask};
use super::Loop;
use crate::engine::{Done, Work, WorkClass, WorkId};
use crate::error::{code, Error, Result};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// A queued piece of work, which can be cancelled until a worker starts it.
#[derive(Debug, Clone)]
pub struct WorkRequest {
    lp: std::rc::Weak<crate::engine::Loop>,
    id: WorkId,
}

impl WorkRequest {
    pub(crate) fn new(lp: std::rc::Weak<crate::engine::Loop>, id: WorkId) -> WorkRequest {
        WorkRequest { lp, id }
    }

    /// Cancels the work if no worker has started it: its `done` callback
    /// then gets `ECANCELED`. Fails with `EBUSY` once running or finished.
    ///
    /// ```
    /// use ruv::{Loop, RunMode};
    ///
    /// let lp = Loop::new()?;
    /// let request = lp.queue_work(
    ///     || 6 * 7,
    ///     |_, result| match result {
    ///         Ok(answer) => assert_eq!(answer, 42),
    ///         Err(e) => assert_eq!(e.name(), "ECANCELED"),
    ///     },
    /// )?;
    /// // Whether a worker already picked it up is up to the pool.
    /// let _ = request.cancel();
    /// lp.run(RunMode::Default);
    /// // Once its callback has run, a request cannot be cancelled.
    /// assert_eq!(request.cancel().unwrap_err().name(), "EBUSY");
    /// # Ok::<(), ruv::Error>(())
    /// ```
    pub fn cancel(&self) -> Result<()> {
        match self.lp.upgrade() {
            Some(lp) => lp.cancel_work(self.id),
            None => Err(Error::from_code(code::EBUSY)),
        }
    }
}

impl Loop {
    /// Runs `work` on the thread pool, then `done` on this loop's thread
    /// with its result, or with `ECANCELED` if cancelled first. A panic in
    /// `work` resumes on the loop thread, out of [`Loop::run`].
    ///
    /// ```
    /// use ruv::{Loop, RunMode};
    ///
    /// let lp = Loop::new()?;
    /// lp.queue_work(|| (1..=10u64).product::<u64>(), |_, result| {
    ///     assert_eq!(result.unwrap(), 3_628_800);
    /// })?;
    /// lp.run(RunMode::Default);
    /// # Ok::<(), ruv::Error>(())
    /// ```
    pub fn queue_work<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce(&Loop, Result<T>) + 'static,
    ) -> Result<WorkRequest> {
        self.queue_work_class(WorkClass::Normal, work, done)
    }

    /// [`queue_work`](Self::queue_work) for work of the given class.
    pub(crate) fn queue_work_class<T: Send + 'static>(
        &self,
        class: WorkClass,
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce(&Loop, Result<T>) + 'static,
    ) -> Result<WorkRequest> {
        self.queue_wrapped(work, done, |engine, work, done| {
            engine.queue_work_class(class, work, done)
        })
    }

    /// Wraps a Rust job and its callback as a pool request (a panic in the
    /// job resumes in the callback's place), and queues it with `queue`.
    fn queue_wrapped<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce(&Loop, Result<T>) + 'static,
        queue: impl FnOnce(&crate::engine::Loop, Work, Done) -> Result<WorkId>,
    ) -> Result<WorkRequest> {
        let done = move |lp: &Loop, outcome: Outcome<Plain<_>>| match outcome {
            Outcome::Ran(Ok(value)) => done(lp, Ok(value)),
            Outcome::Ran(Err(payload)) => resume_unwind(payload),
            Outcome::Cancelled(_) => done(lp, Err(cancelled())),
        };
        self.queue_request(Plain(work), done, queue)
    }
}

/// A closure as a pool task: its value, or the panic that ended it.
pub(crate) struct Plain<F>(F);

impl<T: Send + 'static, F: FnOnce() -> T + Send + 'static> PoolTask for Plain<F> {
    type Output = std::thread::Result<T>;

    fn run(self) -> Self::Output {
        catch_unwind(AssertUnwindSafe(self.0))
    }
}
