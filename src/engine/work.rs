//! Work requests: jobs run on the pool whose completions come back to the
//! loop that queued them.
//!
//! Each loop keeps a table of jobs it reuses, so queueing work allocates
//! nothing once the table has grown to the number of requests in flight.
//! The Rust API's requests go further: each is one object of its own
//! type (the job, its result and its callback), which the loop keeps once
//! the callback has run and hands out again to the next request of the same
//! type (see [`Request`]), so a steady stream of requests allocates
//! nothing.
//!
//! A job's state word (generation and phase) settles the race between a
//! worker starting it and the loop cancelling it: whoever moves it out of
//! QUEUED first wins.

use super::wake::Shared;
use super::Loop;
use std::any::{Any, TypeId};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;

/// How many spare request objects a loop keeps per type: enough for the
/// requests one kind of caller keeps in flight, without holding on to a
/// burst's worth for ever.
const SPARES_PER_KIND: usize = 256;
/// How many types of request a loop keeps spares for.
const SPARE_KINDS: usize = 32;

const QUEUED: u64 = 1;
const RUNNING: u64 = 2;
const DONE: u64 = 3;
const CANCELLED: u64 = 4;

fn word(generation: u32, phase: u64) -> u64 {
    (u64::from(generation) << 8) | phase
}

/// The part of a job a worker sees.
pub(crate) struct Job {
    state: AtomicU64,
    /// This job's index in its loop's table.
    index: u32,
    /// While the job is in its loop's finished list: the job finished before
    /// it (index + 1, 0 for none; see `wake`).
    link: AtomicU32,
    shared: Arc<Shared>,
}

impl Job {
    /// QUEUED → RUNNING for this generation; false if it was cancelled (or
    /// the task is stale).
    pub fn start(&self, generation: u32) -> bool {
        self.state
            .compare_exchange(
                word(generation, QUEUED),
                word(generation, RUNNING),
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    pub fn finish(&self, generation: u32) {
        self.state.store(word(generation, DONE), Ordering::Release);
        self.hand_back();
    }

    /// Puts the job in its loop's finished list.
    fn hand_back(&self) {
        self.shared.finish(self.index, &self.link);
    }

    fn cancel(&self, generation: u32) -> bool {
        self.state
            .compare_exchange(
                word(generation, QUEUED),
                word(generation, CANCELLED),
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    fn was_cancelled(&self, generation: u32) -> bool {
        self.state.load(Ordering::Acquire) == word(generation, CANCELLED)
    }
}

/// Names a work request of one loop.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct WorkId {
    index: u32,
    generation: u32,
}

impl WorkId {
    pub fn to_bits(self) -> u64 {
        (u64::from(self.generation) << 32) | u64::from(self.index)
    }
    pub fn from_bits(bits: u64) -> WorkId {
        WorkId {
            index: bits as u32,
            generation: (bits >> 32) as u32,
        }
    }
}

/// A Rust after-work callback, given 0 or `UV_ECANCELED`.
pub type DoneCallback = Box<dyn FnOnce(&Loop, i32)>;

/// Whom to tell, on the loop thread, that a job finished.
pub enum Done {
    /// The host's `work_done`, with the embedder's token.
    Host(usize),
    /// A Rust closure, given 0 or `UV_ECANCELED`.
    Boxed(DoneCallback),
    /// A reusable request object.
    Request(Box<dyn Request>),
}

/// The loop's side of a request the Rust API reuses: a type of its own per
/// kind of request, holding the callback (and whatever it shares with the
/// worker's side, a [`Runnable`](super::Runnable)).
pub trait Request: 'static {
    /// Runs the callback, given 0 or `UV_ECANCELED`. Before the callback
    /// runs, the request should hand itself to [`Loop::recycle_request`],
    /// emptied, so a request queued from the callback can reuse it.
    fn complete(self: Box<Self>, lp: &Loop, status: i32);
    /// `TypeId::of::<Self>()`: which requests this one can stand in for.
    fn kind(&self) -> TypeId;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

struct Entry {
    job: Arc<Job>,
    generation: u32,
    /// Some while the request is in flight.
    done: Option<Done>,
}

pub(crate) struct JobTable {
    entries: Vec<Entry>,
    free: Vec<u32>,
    /// Request objects whose callbacks have run, by type, for reuse.
    spares: Vec<(TypeId, Vec<Box<dyn Request>>)>,
}

impl JobTable {
    pub fn new() -> JobTable {
        JobTable {
            entries: Vec::new(),
            free: Vec::new(),
            spares: Vec::new(),
        }
    }

    /// Requests in flight: begun and not yet ended.
    pub fn in_flight(&self) -> usize {
        self.entries.len() - self.free.len()
    }

    /// Takes a job for a new request; returns its id and the job.
    pub fn begin(&mut self, shared: &Arc<Shared>, done: Done) -> (WorkId, Arc<Job>) {
        let index = match self.free.pop() {
            Some(index) => index,
            None => {
                let index = self.entries.len() as u32;
                self.entries.push(Entry {
                    job: Arc::new(Job {
                        state: AtomicU64::new(0),
                        index,
                        link: AtomicU32::new(0),
                        shared: Arc::clone(shared),
                    }),
                    generation: 0,
                    done: None,
                });
                index
            }
        };
        let entry = &mut self.entries[index as usize];
        entry.generation = entry.generation.wrapping_add(1);
        entry
            .job
            .state
            .store(word(entry.generation, QUEUED), Ordering::Release);
        entry.done = Some(done);
        (
            WorkId {
                index,
                generation: entry.generation,
            },
            Arc::clone(&entry.job),
        )
    }

    /// Cancels a request that no worker has started. The job then finishes
    /// through the normal path with `UV_ECANCELED`. Cancelling it again
    /// before that is accepted too, as libuv does.
    pub fn cancel(&self, id: WorkId) -> bool {
        let Some(entry) = self.entries.get(id.index as usize) else {
            return false;
        };
        if entry.generation != id.generation || entry.done.is_none() {
            return false;
        }
        if entry.job.cancel(id.generation) {
            entry.job.hand_back();
            return true;
        }
        entry.job.was_cancelled(id.generation)
    }

    /// Ends the request at `index`: frees its job and returns whom to tell
    /// and whether it was cancelled.
    pub fn end(&mut self, index: u32) -> Option<(Done, bool)> {
        let entry = self.entries.get_mut(index as usize)?;
        let done = entry.done.take()?;
        let cancelled = entry.job.was_cancelled(entry.generation);
        self.free.push(index);
        Some((done, cancelled))
    }

    /// Moves the jobs finished so far into `out`, in finishing order.
    fn take_finished(&self, shared: &Shared, out: &mut Vec<u32>) {
        let start = out.len();
        let mut link = shared.take_finished();
        while link != 0 {
            let index = link - 1;
            out.push(index);
            link = self.entries[index as usize]
                .job
                .link
                .load(Ordering::Relaxed);
        }
        out[start..].reverse();
    }

    /// Puts a job taken by `take_finished` back in the finished list.
    fn hand_back(&self, index: u32) {
        self.entries[index as usize].job.hand_back();
    }

    fn take_spare(&mut self, kind: TypeId) -> Option<Box<dyn Request>> {
        let (_, spares) = self.spares.iter_mut().find(|(k, _)| *k == kind)?;
        spares.pop()
    }

    fn keep_spare(&mut self, request: Box<dyn Request>) {
        let kind = request.kind();
        match self.spares.iter().position(|(k, _)| *k == kind) {
            Some(at) => {
                let spares = &mut self.spares[at].1;
                if spares.len() < SPARES_PER_KIND {
                    spares.push(request);
                }
            }
            None if self.spares.len() < SPARE_KINDS => self.spares.push((kind, vec![request])),
            None => {}
        }
    }
}

use super::pool::{self, Task, Work, WorkClass};
use super::stats;
use crate::error::{code, Error, Result};

impl Loop {
    /// Queues user `work` on the thread pool; `done` is told on this loop's
    /// thread, with 0, or `UV_ECANCELED` if the request was cancelled first.
    /// The request keeps the loop alive until then.
    pub fn queue_work(&self, work: Work, done: Done) -> Result<WorkId> {
        self.queue_work_class(WorkClass::Normal, work, done)
    }

    /// [`queue_work`](Self::queue_work) for work of the given class: file
    /// system requests are [`WorkClass::FastIo`] (counted apart), DNS
    /// lookups [`WorkClass::SlowIo`], so they cannot take every worker.
    pub fn queue_work_class(&self, class: WorkClass, work: Work, done: Done) -> Result<WorkId> {
        let (id, task) = self.begin_request(class, work, done)?;
        pool::submit(task);
        Ok(id)
    }

    /// A request's bookkeeping: its job, one more active request, and
    /// whether to time it (see `stats::Sampler`).
    fn begin_request(&self, class: WorkClass, work: Work, done: Done) -> Result<(WorkId, Task)> {
        if pool::is_shut_down() {
            return Err(Error::from_code(code::EINVAL));
        }
        let mut jobs = self.jobs.borrow_mut();
        let weight = self.stats.samplers[class.counted_as()].pick(jobs.in_flight());
        let (id, job) = jobs.begin(&self.shared, done);
        let reqs = self.host.active_reqs();
        reqs.set(reqs.get() + 1);
        Ok((id, Task::new(job, id.generation, work, class, weight)))
    }

    /// [`queue_work`](Self::queue_work) in a lane: requests with the same
    /// `lane` (a file descriptor, for writes) run one at a time, in the
    /// order they were queued; see `pool::submit_in_lane`. Cancel works as
    /// for any request. Lanes exist for file writes, so the pool counts
    /// their work as file system ([`WorkClass::FastIo`]).
    pub fn queue_work_in_lane(&self, lane: u64, work: Work, done: Done) -> Result<WorkId> {
        let (id, task) = self.begin_request(WorkClass::FastIo, work, done)?;
        pool::submit_in_lane(task, lane);
        Ok(id)
    }

    /// Cancels a request no worker has started. Its `done` then runs with
    /// `UV_ECANCELED` during the loop's next wait; a request already running
    /// or finished is refused with `UV_EBUSY`.
    pub fn cancel_work(&self, id: WorkId) -> Result<()> {
        if self.jobs.borrow().cancel(id) {
            Ok(())
        } else {
            Err(Error::from_code(code::EBUSY))
        }
    }

    /// A spare request object of type `kind`, if a request of that type has
    /// ended and left it (see [`Request`]).
    pub fn reuse_request(&self, kind: TypeId) -> Option<Box<dyn Request>> {
        self.jobs.borrow_mut().take_spare(kind)
    }

    /// Keeps a request object whose callback is about to run for the next
    /// request of its type (within limits: beyond them it is dropped).
    pub fn recycle_request(&self, request: Box<dyn Request>) {
        self.jobs.borrow_mut().keep_spare(request);
    }

    /// Tells every finished request's `done`, in the order they finished.
    pub(crate) fn run_finished_work(&self) {
        let mut batch = std::mem::take(&mut *self.scratch_jobs.borrow_mut());
        self.jobs.borrow().take_finished(&self.shared, &mut batch);
        for (n, &index) in batch.iter().enumerate() {
            if self.halted() {
                // Hand the rest back for the next run.
                let jobs = self.jobs.borrow();
                for &rest in &batch[n..] {
                    jobs.hand_back(rest);
                }
                break;
            }
            let Some((done, cancelled)) = self.jobs.borrow_mut().end(index) else {
                continue;
            };
            let reqs = self.host.active_reqs();
            reqs.set(reqs.get().wrapping_sub(1));
            stats::count(&self.stats.completions);
            let status = if cancelled { code::ECANCELED } else { 0 };
            match done {
                Done::Host(token) => self.host.work_done(self, token, status),
                Done::Boxed(f) => {
                    let outcome =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self, status)));
                    if let Err(payload) = outcome {
                        self.keep_panic(payload);
                    }
                }
                Done::Request(request) => {
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        request.complete(self, status)
                    }));
                    if let Err(payload) = outcome {
                        self.keep_panic(payload);
                    }
                }
            }
        }
        batch.clear();
        *self.scratch_jobs.borrow_mut() = batch;
    }
}
