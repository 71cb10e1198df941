//! The Rust API's pool requests as reusable objects: one request is a
//! worker's side (what to run, then what it gave) shared through an `Arc`,
//! and the loop's side (the callback) in a `Box` the loop keeps once the
//! callback has run. The next request of the same type takes both over, so
//! a steady stream of requests allocates nothing (the first requests of a
//! type, up to the number in flight, allocate two objects each).

use super::Loop;
use crate::engine::{self, Done, Runnable, Work, WorkId};
use crate::error::{code, Result};
use parking_lot::Mutex;
use std::any::{Any, TypeId};
use std::rc::{Rc, Weak};
use std::sync::Arc;

/// What a request runs on a worker. `run` catches panics itself, so that
/// whatever it must hand back (a buffer) survives one.
pub(crate) trait PoolTask: Send + 'static {
    type Output: Send + 'static;
    fn run(self) -> Self::Output;
}

/// How a request ended, for its callback.
pub(crate) enum Outcome<P: PoolTask> {
    /// A worker ran it.
    Ran(P::Output),
    /// Cancelled before a worker took it: the task comes back unrun.
    Cancelled(P),
}

/// Where a request's task waits for a worker and its output for the loop.
enum Stage<P: PoolTask> {
    Empty,
    Queued(P),
    Ran(P::Output),
}

/// The worker's side of a request.
struct Exchange<P: PoolTask> {
    /// Locked once by the worker to take the task and once to leave the
    /// output, once by the loop to take either back: never contended.
    stage: Mutex<Stage<P>>,
}

impl<P: PoolTask> Runnable for Exchange<P> {
    fn run(&self) {
        let task = match std::mem::replace(&mut *self.stage.lock(), Stage::Empty) {
            Stage::Queued(task) => task,
            // Not queued (cannot happen: a worker runs a request once).
            other => {
                *self.stage.lock() = other;
                return;
            }
        };
        let output = task.run();
        *self.stage.lock() = Stage::Ran(output);
    }
}

/// The loop's side of a request, and what the loop keeps for reuse.
struct Request<P: PoolTask, D> {
    /// The loop, to hand the callback a [`Loop`]; the request lives in the
    /// loop, so it must not keep it alive.
    engine: Weak<engine::Loop>,
    exchange: Arc<Exchange<P>>,
    /// The callback; None while the object waits for reuse.
    done: Option<D>,
}

impl<P: PoolTask, D: FnOnce(&Loop, Outcome<P>) + 'static> engine::Request for Request<P, D> {
    fn complete(mut self: Box<Self>, lp: &engine::Loop, _status: i32) {
        let done = self.done.take();
        // The stage says how it ended: the worker leaves its output before
        // the loop hears of the end, and a cancelled task is still queued.
        let stage = std::mem::replace(&mut *self.exchange.stage.lock(), Stage::Empty);
        let engine = self.engine.upgrade();
        // Kept before the callback runs, so a request it queues reuses it.
        lp.recycle_request(self);
        let (Some(done), Some(engine)) = (done, engine) else {
            return;
        };
        let outcome = match stage {
            Stage::Ran(output) => Outcome::Ran(output),
            Stage::Queued(task) => Outcome::Cancelled(task),
            Stage::Empty => return,
        };
        done(&Loop::from_engine(engine), outcome)
    }

    fn kind(&self) -> TypeId {
        TypeId::of::<Self>()
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

impl Loop {
    /// Queues `task` with `queue` (plain, in a class or in a lane); `done`
    /// gets its outcome on this loop's thread. Reuses a spare request
    /// object of the same type if the loop has one.
    pub(crate) fn queue_request<P, D>(
        &self,
        task: P,
        done: D,
        queue: impl FnOnce(&engine::Loop, Work, Done) -> Result<WorkId>,
    ) -> Result<super::WorkRequest>
    where
        P: PoolTask,
        D: FnOnce(&Loop, Outcome<P>) + 'static,
    {
        let spare = self
            .engine
            .reuse_request(TypeId::of::<Request<P, D>>())
            .and_then(|spare| spare.into_any().downcast::<Request<P, D>>().ok());
        let request = match spare {
            Some(mut request) => {
                *request.exchange.stage.lock() = Stage::Queued(task);
                request.done = Some(done);
                request
            }
            None => Box::new(Request {
                engine: Rc::downgrade(&self.engine),
                exchange: Arc::new(Exchange {
                    stage: Mutex::new(Stage::Queued(task)),
                }),
                done: Some(done),
            }),
        };
        let work = Work::Shared(Arc::clone(&request.exchange) as Arc<dyn Runnable>);
        let id = queue(&self.engine, work, Done::Request(request))?;
        Ok(super::WorkRequest::new(Rc::downgrade(&self.engine), id))
    }
}

/// `ECANCELED`, for callbacks of cancelled requests.
pub(crate) fn cancelled() -> crate::Error {
    crate::Error::from_code(code::ECANCELED)
}
