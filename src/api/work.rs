//! Work on the thread pool, with the result delivered on the loop thread.

use super::Loop;
use crate::engine::{Done, Work, WorkClass, WorkId};
use crate::error::{code, Error, Result};
use parking_lot::Mutex;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Arc;

/// A queued piece of work, which can be cancelled until a worker starts it.
#[derive(Debug, Clone)]
pub struct WorkRequest {
    lp: std::rc::Weak<crate::engine::Loop>,
    id: WorkId,
}

impl WorkRequest {
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

    /// [`queue_work`](Self::queue_work) in a lane: jobs of one lane run one
    /// at a time, in order (writes to one file; see the engine's pool).
    pub(crate) fn queue_work_in_lane<T: Send + 'static>(
        &self,
        lane: u64,
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce(&Loop, Result<T>) + 'static,
    ) -> Result<WorkRequest> {
        self.queue_wrapped(work, done, |engine, work, done| {
            engine.queue_work_in_lane(lane, work, done)
        })
    }

    /// Wraps a Rust job and its callback for the engine (a panic in the job
    /// resumes in the callback's place), and queues them with `queue`.
    fn queue_wrapped<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce(&Loop, Result<T>) + 'static,
        queue: impl FnOnce(&crate::engine::Loop, Work, Done) -> Result<crate::engine::WorkId>,
    ) -> Result<WorkRequest> {
        let outcome: Arc<Mutex<Option<std::thread::Result<T>>>> = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&outcome);
        let work = Work::Boxed(Box::new(move || {
            let result = catch_unwind(AssertUnwindSafe(work));
            *slot.lock() = Some(result);
        }));
        let weak = Rc::downgrade(&self.engine);
        let done = Done::Boxed(Box::new(move |_, status| {
            let Some(engine) = weak.upgrade() else {
                return;
            };
            let lp = Loop::from_engine(engine);
            if status == code::ECANCELED {
                return done(&lp, Err(Error::from_code(code::ECANCELED)));
            }
            match outcome.lock().take() {
                Some(Ok(value)) => done(&lp, Ok(value)),
                Some(Err(payload)) => resume_unwind(payload),
                None => done(&lp, Err(Error::from_code(code::ECANCELED))),
            }
        }));
        let id = queue(&self.engine, work, done)?;
        Ok(WorkRequest {
            lp: Rc::downgrade(&self.engine),
            id,
        })
    }
}
