//! The process-wide thread pool: a fixed set of workers started on first use,
//! shared by every loop, fed from one bounded lock-free queue.
//!
//! Work comes in two classes. Normal work (user work, file system) goes
//! straight into the queue. Slow work (DNS lookups, which may wait seconds
//! on a remote server) waits in a list of its own, and the queue carries one
//! marker per slow task instead: a worker that takes a marker runs the
//! oldest slow task, unless (pool size + 1) / 2 workers already run slow
//! ones. Then it parks the marker and goes back to the queue; a worker that
//! finishes a slow task puts one parked marker back. So slow work can never
//! hold every worker, and file I/O keeps moving while lookups hang, as in
//! libuv.
//!
//! Each request carries its class (file system, DNS, user work) and the
//! time it was queued; the worker that takes it records how long it waited
//! and ran in counters of its own (see `stats`).
//!
//! A forked child has none of the workers (only the forking thread goes
//! on), so a fork handler forgets the pool in the child: the child's first
//! job starts a pool of its own, as libuv's does. The parent's pool, whose
//! locks a vanished worker may hold, is left untouched in the child.

use super::stats::{self, PoolStats, WorkerStats};
use super::work::Job;
use crate::error::{code, Error, Result};
use crossbeam_channel::{bounded, Receiver, Sender, TrySendError};
use parking_lot::Mutex;
use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// libuv's default and ceiling for UV_THREADPOOL_SIZE.
const DEFAULT_SIZE: usize = 4;
const MAX_SIZE: usize = 1024;
/// Queue slots. Messages that find the queue full wait in the pool's
/// overflow list, which workers move into the queue as they free slots, so
/// this bounds the lock-free part, not the work in flight.
const QUEUE_CAPACITY: usize = 1024;
/// libuv gives its workers 8 MiB stacks; C work callbacks may count on it.
const WORKER_STACK: usize = 8 << 20;

/// What a job runs on a worker.
pub enum Work {
    /// A plain function and the embedder's token (the C layer's request).
    Native { run: fn(usize), token: usize },
    /// A Rust closure.
    Boxed(Box<dyn FnOnce() + Send>),
    /// A request object its loop keeps and queues again (see
    /// [`Request`](super::Request)): queueing it clones an `Arc`, no
    /// allocation.
    Shared(Arc<dyn Runnable>),
}

/// Work a worker runs through a shared reference, so the object outlives
/// the run and can be queued again.
pub trait Runnable: Send + Sync {
    fn run(&self);
}

/// How a job may use the pool, and what it is counted as (libuv's
/// CPU, fast I/O and slow I/O kinds of work).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkClass {
    /// User work: any free worker runs it.
    Normal,
    /// File-system requests: scheduled as `Normal`, counted apart.
    FastIo,
    /// Work that may block for long (DNS): at most half the workers,
    /// rounded up, run such jobs at once.
    SlowIo,
}

impl WorkClass {
    /// Where the pool's counters record this class.
    pub(crate) fn counted_as(self) -> usize {
        match self {
            WorkClass::Normal => stats::USER,
            WorkClass::FastIo => stats::FS,
            WorkClass::SlowIo => stats::DNS,
        }
    }
}

/// A job on its way to a worker.
pub(crate) struct Task {
    pub job: Arc<Job>,
    /// The job generation this task belongs to; a task left behind by a
    /// cancelled request carries an old one and is skipped.
    pub generation: u32,
    pub work: Work,
    /// Which counters the task goes to.
    pub class: WorkClass,
    /// 0 if the task is not timed; else how many requests its times stand
    /// for (see `stats::Sampler`).
    pub weight: u32,
    /// When a timed task was queued (`sys::time::hrtime`).
    pub queued_at: u64,
}

impl Task {
    /// A task for `job`, queued now, timed if `weight` is not 0.
    pub fn new(job: Arc<Job>, generation: u32, work: Work, class: WorkClass, weight: u32) -> Task {
        Task {
            job,
            generation,
            work,
            class,
            weight,
            queued_at: if weight > 0 {
                crate::sys::time::hrtime()
            } else {
                0
            },
        }
    }
}

enum Message {
    Run(Task),
    /// Run a task that holds `lane`, then whatever waits in that lane.
    Lane(Task, u64),
    /// Run the oldest slow task, if the slow limit allows.
    Slow,
    Exit,
}

/// Slow tasks and the count that limits them, under one lock.
struct SlowWork {
    /// Waiting slow tasks, oldest first. One marker exists (queued,
    /// parked or in a worker's hands) for each.
    tasks: VecDeque<Task>,
    /// How many slow tasks workers are running.
    running: usize,
    /// Markers taken while `running` was at the limit.
    parked: usize,
}

/// What the workers share with whoever submits.
struct Queue {
    sender: Sender<Message>,
    /// Messages sent while the queue was full, oldest first. Invariant, kept
    /// under its lock: while it is not empty, the queue was full when last
    /// looked at, so some worker will finish a task and move one in.
    overflow: Mutex<VecDeque<Message>>,
    /// How many messages `overflow` holds, so workers need not lock to see 0.
    overflowing: AtomicUsize,
    slow: Mutex<SlowWork>,
    /// Busy lanes and the tasks waiting in each (see [`submit_in_lane`]).
    lanes: Mutex<Lanes>,
    /// (size + 1) / 2: how many workers slow work may hold at once.
    slow_limit: usize,
    /// Tasks ever submitted; minus the workers' `taken`, the queue depth.
    /// On a cache line of its own: submitters write it for every request,
    /// and workers read the fields around it for every message.
    submitted: OwnLine<AtomicU64>,
    /// Each worker's counters, by worker number.
    stats: Box<[WorkerStats]>,
}

/// A value alone on its cache line (two, for the adjacent-line prefetcher).
#[repr(align(128))]
struct OwnLine<T>(T);

pub(crate) struct Pool {
    queue: Arc<Queue>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    size: usize,
    stopped: AtomicBool,
}

/// How many forks lie between this process and the one that loaded ruv:
/// the fork handler bumps it in every child. A pool belongs to the epoch
/// it started in.
static EPOCH: AtomicUsize = AtomicUsize::new(0);
/// Every pool this process knows of, with the epoch it started in, the
/// latest last: one of an earlier epoch is an ancestor's, whose workers
/// are gone. Pools are leaked, and kept here so they stay reachable.
static REGISTRY: Mutex<Vec<(usize, &'static Pool)>> = Mutex::new(Vec::new());
/// Whether the fork handler is registered.
static FORK_HANDLER: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// This thread's last look at REGISTRY, so queueing work takes no lock.
    static CACHED: Cell<Option<(usize, &'static Pool)>> = const { Cell::new(None) };
}

/// A size asked for through the API (0: none), with `SEALED` set once the
/// starting pool has read it.
static REQUESTED_SIZE: AtomicUsize = AtomicUsize::new(0);
/// Set in `REQUESTED_SIZE` when the pool starts: later requests are refused.
const SEALED: usize = 1 << (usize::BITS - 1);

/// Sets the number of pool workers (at most 1024, libuv's ceiling). The
/// pool is shared by every loop of the process and starts with the first
/// request queued on it; after that its size is fixed and this fails with
/// `EBUSY`. A size of 0 is `EINVAL`. Without a call, the pool takes
/// `UV_THREADPOOL_SIZE` from the environment, as libuv does, or 4.
///
/// ```
/// use ruv::{Loop, RunMode};
///
/// // Before anything uses the pool:
/// ruv::set_pool_size(2)?;
/// assert_eq!(ruv::pool_size(), 2);
///
/// let lp = Loop::new()?;
/// lp.queue_work(|| (), |_, result| result.unwrap())?;
/// lp.run(RunMode::Default);
///
/// // The pool has started: its size cannot change any more.
/// assert_eq!(ruv::set_pool_size(8).unwrap_err().name(), "EBUSY");
/// assert_eq!(ruv::pool_size(), 2);
/// # Ok::<(), ruv::Error>(())
/// ```
pub fn set_pool_size(size: usize) -> Result<()> {
    if size == 0 {
        return Err(Error::from_code(code::EINVAL));
    }
    // One atomic step, so a pool starting at the same moment either sees
    // this size or makes this call fail.
    REQUESTED_SIZE
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |current| {
            (current & SEALED == 0).then_some(size.min(MAX_SIZE))
        })
        .map(drop)
        .map_err(|_| Error::from_code(code::EBUSY))
}

/// The number of workers the pool has, or will have when it starts.
pub fn pool_size() -> usize {
    match current() {
        Some(pool) => pool.size,
        None => configured_size(REQUESTED_SIZE.load(Ordering::Acquire)),
    }
}

fn configured_size(requested: usize) -> usize {
    let requested = requested & !SEALED;
    if requested != 0 {
        return requested;
    }
    // As libuv: a value that does not parse counts as 0, and 0 means 1.
    match std::env::var("UV_THREADPOOL_SIZE") {
        Ok(value) => value
            .trim()
            .parse::<usize>()
            .unwrap_or(0)
            .clamp(1, MAX_SIZE),
        Err(_) => DEFAULT_SIZE,
    }
}

/// The pool, if one has started in this process (see the module docs).
fn current() -> Option<&'static Pool> {
    let epoch = EPOCH.load(Ordering::Acquire);
    if let Some((seen, pool)) = CACHED.with(Cell::get) {
        if seen == epoch {
            return Some(pool);
        }
    }
    let found = match REGISTRY.lock().last() {
        Some(&(started, pool)) if started == epoch => Some(pool),
        _ => None,
    };
    if let Some(pool) = found {
        CACHED.with(|cached| cached.set(Some((epoch, pool))));
    }
    found
}

fn pool() -> &'static Pool {
    current().unwrap_or_else(start_pool)
}

#[cold]
fn start_pool() -> &'static Pool {
    let mut registry = REGISTRY.lock();
    let epoch = EPOCH.load(Ordering::Acquire);
    if let Some(&(started, pool)) = registry.last() {
        if started == epoch {
            return pool;
        }
    }
    if !FORK_HANDLER.swap(true, Ordering::AcqRel) {
        // Without it a forked child would queue work for workers it does
        // not have; a failure to register is not worth failing the job.
        let _ = crate::sys::process::on_fork_child(forked);
    }
    let requested = REQUESTED_SIZE.fetch_or(SEALED, Ordering::AcqRel);
    let pool: &'static Pool = Box::leak(Box::new(Pool::start(configured_size(requested))));
    registry.push((epoch, pool));
    pool
}

/// The fork handler, run in every child: the pool is the parent's now, and
/// the child's own (started by its first job) may still be sized.
extern "C" fn forked() {
    EPOCH.fetch_add(1, Ordering::AcqRel);
    REQUESTED_SIZE.fetch_and(!SEALED, Ordering::AcqRel);
}

/// Queues a task for a worker.
pub(crate) fn submit(task: Task) {
    pool().submit(task);
}

/// The thread pool's counters now, for every loop of the process: the
/// queue depth, and per class of request (file system, DNS, user work) how
/// long requests waited in the queue and ran. Reading them does not start
/// the pool; they count from its start.
///
/// ```
/// use ruv::{Loop, RunMode};
///
/// let lp = Loop::new()?;
/// for n in 0..10u64 {
///     lp.queue_work(move || n * n, |_, result| assert!(result.is_ok()))?;
/// }
/// ruv::fs::metadata_async(&lp, std::env::temp_dir(), |_, meta| drop(meta.unwrap()))?;
/// lp.run(RunMode::Default);
///
/// let stats = ruv::pool_stats();
/// assert!(stats.started);
/// assert_eq!(stats.queue_depth, 0);
/// assert_eq!(stats.user.run.count, 10);
/// assert_eq!(stats.fs.run.count, 1);
/// println!(
///     "user work waited p50 {:?}, p99 {:?}; ran at most {:?}",
///     stats.user.wait.p50, stats.user.wait.p99, stats.user.run.max
/// );
/// # Ok::<(), ruv::Error>(())
/// ```
pub fn pool_stats() -> PoolStats {
    let Some(pool) = current() else {
        return PoolStats {
            workers: pool_size(),
            ..PoolStats::default()
        };
    };
    let queue = &pool.queue;
    // Taken before submitted: every task taken was submitted first, so the
    // difference cannot come out below the real depth's floor of 0.
    let taken: u64 = queue
        .stats
        .iter()
        .map(|w| w.taken.load(Ordering::Relaxed))
        .sum();
    let submitted = queue.submitted.0.load(Ordering::Relaxed);
    let [fs, dns, user] = stats::work_stats(&queue.stats);
    PoolStats {
        started: true,
        workers: pool.size,
        queue_depth: submitted.saturating_sub(taken),
        fs,
        dns,
        user,
    }
}

/// Tasks waiting behind the one running in each busy lane, with emptied
/// queues kept so a lane that frees and fills again does not allocate.
#[derive(Default)]
struct Lanes {
    busy: HashMap<u64, VecDeque<Task>>,
    spare: Vec<VecDeque<Task>>,
}

/// Queues a task in `lane`: tasks of one lane run one at a time, in the
/// order they were queued, and the worker that ends one goes straight on to
/// the next.
///
/// Writes to one file are the reason: several workers writing one file at
/// once only take turns on the file's lock in the kernel, and the sleeping
/// and waking costs more than the writes (4 KiB writes to one file went 2.5
/// times faster with one worker than with four). The lane is the file
/// descriptor, so writes to a file also land in the order they were asked
/// for, from any loop.
pub(crate) fn submit_in_lane(task: Task, lane: u64) {
    let pool = pool();
    pool.queue.submitted.0.fetch_add(1, Ordering::Relaxed);
    {
        let mut lanes = pool.queue.lanes.lock();
        if let Some(waiting) = lanes.busy.get_mut(&lane) {
            waiting.push_back(task);
            return;
        }
        let queue = lanes.spare.pop().unwrap_or_default();
        lanes.busy.insert(lane, queue);
    }
    pool.queue.send(Message::Lane(task, lane));
}

impl Pool {
    /// Starts `size` workers.
    fn start(size: usize) -> Pool {
        let (sender, receiver) = bounded(QUEUE_CAPACITY);
        let queue = Arc::new(Queue {
            sender,
            overflow: Mutex::new(VecDeque::new()),
            overflowing: AtomicUsize::new(0),
            slow: Mutex::new(SlowWork {
                tasks: VecDeque::new(),
                running: 0,
                parked: 0,
            }),
            slow_limit: size.div_ceil(2),
            lanes: Mutex::new(Lanes::default()),
            submitted: OwnLine(AtomicU64::new(0)),
            stats: (0..size).map(|_| WorkerStats::new()).collect(),
        });
        let workers = (0..size)
            .map(|n| {
                let receiver = receiver.clone();
                let queue = Arc::clone(&queue);
                std::thread::Builder::new()
                    .name(format!("ruv-worker-{n}"))
                    .stack_size(WORKER_STACK)
                    .spawn(move || worker(&queue, receiver, n))
                    .expect("ruv: cannot start a thread-pool worker")
            })
            .collect();
        Pool {
            queue,
            workers: Mutex::new(workers),
            size,
            stopped: AtomicBool::new(false),
        }
    }

    fn submit(&self, task: Task) {
        self.queue.submitted.0.fetch_add(1, Ordering::Relaxed);
        match task.class {
            WorkClass::Normal | WorkClass::FastIo => self.queue.send(Message::Run(task)),
            WorkClass::SlowIo => {
                self.queue.slow.lock().tasks.push_back(task);
                self.queue.send(Message::Slow);
            }
        }
    }

    /// Stops the workers after the messages already queued and joins them.
    /// Idempotent.
    fn shutdown(&self) {
        if self.stopped.swap(true, Ordering::AcqRel) {
            return;
        }
        for _ in 0..self.size {
            self.queue.send(Message::Exit);
        }
        let workers = std::mem::take(&mut *self.workers.lock());
        let me = std::thread::current().id();
        for worker in workers {
            if worker.thread().id() != me {
                let _ = worker.join();
            }
        }
    }
}

impl Queue {
    /// Sends a message; a full queue sends it to the overflow list.
    fn send(&self, message: Message) {
        if self.overflowing.load(Ordering::Acquire) == 0 {
            match self.sender.try_send(message) {
                Ok(()) => {}
                Err(TrySendError::Full(message)) | Err(TrySendError::Disconnected(message)) => {
                    self.overflow_push(message)
                }
            }
        } else {
            // Keep submission order: behind what already waits.
            self.overflow_push(message);
        }
    }

    fn overflow_push(&self, message: Message) {
        let mut overflow = self.overflow.lock();
        overflow.push_back(message);
        self.overflowing.store(overflow.len(), Ordering::Release);
        // The workers may have drained the queue since it was found full.
        self.refill(&mut overflow);
    }

    /// Moves overflowed messages into the queue while it has room.
    fn refill(&self, overflow: &mut VecDeque<Message>) {
        while let Some(message) = overflow.pop_front() {
            match self.sender.try_send(message) {
                Ok(()) => {}
                Err(TrySendError::Full(message)) | Err(TrySendError::Disconnected(message)) => {
                    overflow.push_front(message);
                    break;
                }
            }
        }
        self.overflowing.store(overflow.len(), Ordering::Release);
    }

    /// Runs what waits in `lane` until it is empty, then frees the lane.
    /// Tasks cancelled while they waited are skipped by `run`.
    fn drain_lane(&self, lane: u64, stats: &WorkerStats) {
        loop {
            let next = {
                let mut lanes = self.lanes.lock();
                let Some(waiting) = lanes.busy.get_mut(&lane) else {
                    return;
                };
                match waiting.pop_front() {
                    Some(task) => task,
                    None => {
                        let queue = lanes.busy.remove(&lane).expect("the lane is busy");
                        lanes.spare.push(queue);
                        return;
                    }
                }
            };
            run(next, stats);
        }
    }

    /// A marker arrived: the oldest slow task, counted as running, or None
    /// (the marker parked) when slow work already holds its share.
    fn take_slow(&self) -> Option<Task> {
        let mut slow = self.slow.lock();
        if slow.running >= self.slow_limit {
            slow.parked += 1;
            return None;
        }
        let task = slow.tasks.pop_front()?;
        slow.running += 1;
        Some(task)
    }

    /// A slow task is over (run or skipped): its slot frees, and a parked
    /// marker, if any, goes back to the queue to use it.
    fn slow_done(&self) {
        let unpark = {
            let mut slow = self.slow.lock();
            slow.running -= 1;
            let unpark = slow.parked > 0;
            if unpark {
                slow.parked -= 1;
            }
            unpark
        };
        // Sent with the slow lock released: never hold two locks.
        if unpark {
            self.send(Message::Slow);
        }
    }
}

/// True once `shutdown` ran: queued work can no longer run.
pub(crate) fn is_shut_down() -> bool {
    current().is_some_and(|pool| pool.stopped.load(Ordering::Acquire))
}

/// Stops the workers after the work already queued and joins them. Idempotent;
/// the pool does not start again afterwards. Slow work still parked behind
/// the slow limit when the workers leave does not run.
pub fn shutdown_pool() {
    if let Some(pool) = current() {
        pool.shutdown();
    }
}

fn worker(queue: &Queue, receiver: Receiver<Message>, number: usize) {
    let stats = &queue.stats[number];
    while let Ok(message) = receiver.recv() {
        // This worker just freed a queue slot: let a waiting message have it.
        if queue.overflowing.load(Ordering::Acquire) != 0 {
            queue.refill(&mut queue.overflow.lock());
        }
        let (task, slow) = match message {
            Message::Run(task) => (task, false),
            Message::Lane(task, lane) => {
                run(task, stats);
                queue.drain_lane(lane, stats);
                continue;
            }
            Message::Slow => match queue.take_slow() {
                Some(task) => (task, true),
                None => continue,
            },
            Message::Exit => break,
        };
        run(task, stats);
        if slow {
            queue.slow_done();
        }
    }
}

fn run(task: Task, stats: &WorkerStats) {
    let Task {
        job,
        generation,
        work,
        class,
        weight,
        queued_at,
    } = task;
    stats.took_task();
    if !job.start(generation) {
        // Cancelled while queued; the loop already reported it.
        return;
    }
    let started = (weight > 0).then(crate::sys::time::hrtime);
    // A panic in a Rust closure is caught by the closure's own wrapper;
    // this one only keeps the worker alive should anything else unwind.
    let _ = catch_unwind(AssertUnwindSafe(|| match work {
        Work::Native { run, token } => run(token),
        Work::Boxed(f) => f(),
        // The worker's reference goes here, before the loop hears of the
        // end, so the loop finds the object its own again to reuse.
        Work::Shared(runnable) => runnable.run(),
    }));
    // Recorded before the loop hears of the end, so whoever reads the
    // counters from the request's callback finds it counted.
    match started {
        Some(started) => stats.record(
            class.counted_as(),
            u64::from(weight),
            started.saturating_sub(queued_at),
            crate::sys::time::hrtime().saturating_sub(started),
        ),
        None => stats.count(class.counted_as()),
    }
    job.finish(generation);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::wake::Shared;
    use crate::engine::work::{Done, JobTable};
    use parking_lot::Condvar;
    use std::time::{Duration, Instant};

    /// What the test jobs report, under one lock.
    #[derive(Default)]
    struct Board {
        slow_running: usize,
        slow_peak: usize,
        slow_finished: usize,
        normal_ran: bool,
        /// Slow jobs wait until this is set.
        open: bool,
    }

    struct Gate {
        board: parking_lot::Mutex<Board>,
        changed: Condvar,
    }

    impl Gate {
        /// Waits until `ready` holds; panics after 10 s, so a broken pool
        /// fails the test instead of hanging it.
        fn wait_for(&self, what: &str, ready: impl Fn(&Board) -> bool) {
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut board = self.board.lock();
            while !ready(&board) {
                if self.changed.wait_until(&mut board, deadline).timed_out() {
                    panic!("timed out waiting until {what}");
                }
            }
        }

        fn update(&self, change: impl FnOnce(&mut Board)) {
            change(&mut self.board.lock());
            self.changed.notify_all();
        }
    }

    fn wait_for_pool(pool: &Pool, what: &str, ready: impl Fn(&SlowWork) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !ready(&pool.queue.slow.lock()) {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            std::thread::yield_now();
        }
    }

    #[test]
    fn slow_work_holds_at_most_half_the_workers() {
        let pool = Pool::start(4);
        assert_eq!(pool.queue.slow_limit, 2);
        let shared = Arc::new(Shared::new().unwrap());
        let mut jobs = JobTable::new();
        let mut task = |work: Work, class: WorkClass| {
            let (id, job) = jobs.begin(&shared, Done::Host(0));
            let generation = (id.to_bits() >> 32) as u32;
            Task::new(job, generation, work, class, 1)
        };
        let gate = Arc::new(Gate {
            board: parking_lot::Mutex::new(Board::default()),
            changed: Condvar::new(),
        });

        for _ in 0..8 {
            let gate = Arc::clone(&gate);
            let slow = Work::Boxed(Box::new(move || {
                gate.update(|b| {
                    b.slow_running += 1;
                    b.slow_peak = b.slow_peak.max(b.slow_running);
                });
                gate.wait_for("the gate opens", |b| b.open);
                gate.update(|b| {
                    b.slow_running -= 1;
                    b.slow_finished += 1;
                });
            }));
            pool.submit(task(slow, WorkClass::SlowIo));
        }
        gate.wait_for("two slow jobs run", |b| b.slow_running == 2);
        // Every marker reached a worker: two ran, six were parked.
        wait_for_pool(&pool, "six markers are parked", |s| {
            s.running == 2 && s.parked == 6 && s.tasks.len() == 6
        });

        // The two workers slow work leaves free still take normal work.
        let normal_gate = Arc::clone(&gate);
        let normal = Work::Boxed(Box::new(move || {
            normal_gate.update(|b| b.normal_ran = true)
        }));
        pool.submit(task(normal, WorkClass::Normal));
        gate.wait_for("the normal job ran", |b| b.normal_ran);
        assert_eq!(gate.board.lock().slow_running, 2);

        gate.update(|b| b.open = true);
        gate.wait_for("all slow jobs finished", |b| b.slow_finished == 8);
        assert_eq!(gate.board.lock().slow_peak, 2);
        wait_for_pool(&pool, "the slow work is drained", |s| {
            s.running == 0 && s.parked == 0 && s.tasks.is_empty()
        });

        // Each job counted once, in its class, by the worker that ran it
        // (a slow job's slot frees after its times are recorded).
        let [fs, dns, _] = stats::work_stats(&pool.queue.stats);
        assert_eq!((fs.run.count, dns.wait.count, dns.run.count), (0, 8, 8));
        let deadline = Instant::now() + Duration::from_secs(10);
        while stats::work_stats(&pool.queue.stats)[stats::USER].run.count != 1 {
            assert!(Instant::now() < deadline, "the normal job was not counted");
            std::thread::yield_now();
        }
        pool.shutdown();
    }
}
