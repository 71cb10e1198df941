//! The process-wide thread pool: a fixed set of workers started on first use,
//! shared by every loop, fed from one bounded lock-free queue.

use super::work::Job;
use crate::error::{code, Error, Result};
use crossbeam_channel::{bounded, Receiver, Sender, TrySendError};
use parking_lot::Mutex;
use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

/// libuv's default and ceiling for UV_THREADPOOL_SIZE.
const DEFAULT_SIZE: usize = 4;
const MAX_SIZE: usize = 1024;
/// Queue slots. Tasks that find the queue full wait in the pool's overflow
/// list, which workers move into the queue as they free slots, so this
/// bounds the lock-free part, not the work in flight.
const QUEUE_CAPACITY: usize = 1024;
/// libuv gives its workers 8 MiB stacks; C work callbacks may count on it.
const WORKER_STACK: usize = 8 << 20;

/// What a job runs on a worker.
pub enum Work {
    /// A plain function and the embedder's token (the C layer's request).
    Native { run: fn(usize), token: usize },
    /// A Rust closure.
    Boxed(Box<dyn FnOnce() + Send>),
}

/// A job on its way to a worker.
pub(crate) struct Task {
    pub job: Arc<Job>,
    /// The job generation this task belongs to; a task left behind by a
    /// cancelled request carries an old one and is skipped.
    pub generation: u32,
    pub work: Work,
}

enum Message {
    Run(Task),
    Exit,
}

struct Pool {
    sender: Sender<Message>,
    /// Tasks submitted while the queue was full, oldest first. Invariant,
    /// kept under its lock: while it is not empty, the queue was full when
    /// last looked at, so some worker will finish a task and move one in.
    overflow: Mutex<VecDeque<Task>>,
    /// How many tasks `overflow` holds, so workers need not lock to see 0.
    overflowing: AtomicUsize,
    workers: Mutex<Vec<JoinHandle<()>>>,
    size: usize,
    stopped: AtomicBool,
}

static POOL: OnceLock<Pool> = OnceLock::new();
/// A size asked for through the API before the pool started; 0: none.
static REQUESTED_SIZE: AtomicUsize = AtomicUsize::new(0);

/// Sets the number of workers. Only possible before the pool starts (the
/// first queued job starts it); UV_THREADPOOL_SIZE is the fallback.
pub fn set_pool_size(size: usize) -> Result<()> {
    if size == 0 {
        return Err(Error::from_code(code::EINVAL));
    }
    if POOL.get().is_some() {
        return Err(Error::from_code(code::EBUSY));
    }
    REQUESTED_SIZE.store(size.min(MAX_SIZE), Ordering::Relaxed);
    Ok(())
}

/// The number of workers the pool has, or will have when it starts.
pub fn pool_size() -> usize {
    match POOL.get() {
        Some(pool) => pool.size,
        None => configured_size(),
    }
}

fn configured_size() -> usize {
    let requested = REQUESTED_SIZE.load(Ordering::Relaxed);
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

fn pool() -> &'static Pool {
    POOL.get_or_init(|| {
        let size = configured_size();
        let (sender, receiver) = bounded(QUEUE_CAPACITY);
        let workers = (0..size)
            .map(|n| {
                let receiver = receiver.clone();
                std::thread::Builder::new()
                    .name(format!("ruv-worker-{n}"))
                    .stack_size(WORKER_STACK)
                    .spawn(move || worker(receiver))
                    .expect("ruv: cannot start a thread-pool worker")
            })
            .collect();
        Pool {
            sender,
            overflow: Mutex::new(VecDeque::new()),
            overflowing: AtomicUsize::new(0),
            workers: Mutex::new(workers),
            size,
            stopped: AtomicBool::new(false),
        }
    })
}

/// Queues a task for a worker. A full queue sends it to the overflow list.
pub(crate) fn submit(task: Task) {
    let pool = pool();
    if pool.overflowing.load(Ordering::Acquire) == 0 {
        match pool.sender.try_send(Message::Run(task)) {
            Ok(()) => {}
            Err(TrySendError::Full(Message::Run(task)))
            | Err(TrySendError::Disconnected(Message::Run(task))) => pool.overflow_push(task),
            Err(_) => unreachable!("only Run messages are submitted"),
        }
    } else {
        // Keep submission order: behind what already waits.
        pool.overflow_push(task);
    }
}

impl Pool {
    fn overflow_push(&self, task: Task) {
        let mut overflow = self.overflow.lock();
        overflow.push_back(task);
        self.overflowing.store(overflow.len(), Ordering::Release);
        // The workers may have drained the queue since it was found full.
        self.refill(&mut overflow);
    }

    /// Moves overflowed tasks into the queue while it has room.
    fn refill(&self, overflow: &mut VecDeque<Task>) {
        while let Some(task) = overflow.pop_front() {
            match self.sender.try_send(Message::Run(task)) {
                Ok(()) => {}
                Err(TrySendError::Full(Message::Run(task)))
                | Err(TrySendError::Disconnected(Message::Run(task))) => {
                    overflow.push_front(task);
                    break;
                }
                Err(_) => unreachable!("only Run messages are moved"),
            }
        }
        self.overflowing.store(overflow.len(), Ordering::Release);
    }
}

/// True once `shutdown` ran: queued work can no longer run.
pub(crate) fn is_shut_down() -> bool {
    POOL.get()
        .is_some_and(|pool| pool.stopped.load(Ordering::Acquire))
}

/// Stops the workers after the work already queued and joins them. Idempotent;
/// the pool does not start again afterwards.
pub fn shutdown_pool() {
    let Some(pool) = POOL.get() else {
        return;
    };
    if pool.stopped.swap(true, Ordering::AcqRel) {
        return;
    }
    for _ in 0..pool.size {
        let _ = pool.sender.send(Message::Exit);
    }
    let workers = std::mem::take(&mut *pool.workers.lock());
    let me = std::thread::current().id();
    for worker in workers {
        if worker.thread().id() != me {
            let _ = worker.join();
        }
    }
}

fn worker(queue: Receiver<Message>) {
    while let Ok(Message::Run(task)) = queue.recv() {
        // This worker just freed a queue slot: let a waiting task have it.
        let pool = POOL.get().expect("workers run inside a started pool");
        if pool.overflowing.load(Ordering::Acquire) != 0 {
            pool.refill(&mut pool.overflow.lock());
        }
        let Task {
            job,
            generation,
            work,
        } = task;
        if !job.start(generation) {
            // Cancelled while queued; the loop already reported it.
            continue;
        }
        // A panic in a Rust closure is caught by the closure's own wrapper;
        // this one only keeps the worker alive should anything else unwind.
        let _ = catch_unwind(AssertUnwindSafe(|| match work {
            Work::Native { run, token } => run(token),
            Work::Boxed(f) => f(),
        }));
        job.finish(generation);
    }
}
