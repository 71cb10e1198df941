//! Pool requests of the Rust API allocate nothing in steady state: file
//! reads and writes at an offset, `fstat`, and `queue_work`, each queued
//! again from its own callback with 1 and with 16 in flight. A path-based
//! request allocates one object, its path.
//!
//! The counting allocator counts on every thread (a request's work runs on
//! the pool's), so this file holds a single test: nothing else runs in the
//! process while it counts.

#[path = "fs_scratch.rs"]
mod scratch;
mod util;

use ruv::fs::{File, OpenOptions};
use ruv::{Loop, RunMode};
use scratch::Scratch;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use util::*;

/// Counts allocations, on any thread, while `COUNTING` is set.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

fn count_allocation() {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: every call is passed straight to the system allocator; counting
// touches two atomics, which never allocate.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_allocation();
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_allocation();
        // SAFETY: forwarded as given.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Allocations allowed in a measured run that are not the requests': a
/// queue inside the pool or a lock's waiter list reaching a size it never
/// had before grows once, and the test harness's own threads may allocate.
/// Per-request allocations would count in the thousands.
const ONE_OFF: u64 = 8;

const BLOCK: usize = 4096;
const BLOCKS: u64 = 64;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Read,
    Write,
    Fstat,
    Stat,
    Work,
}

/// One stream of requests: each callback queues the next until `left`
/// runs out.
struct Stream {
    file: Rc<File>,
    path: Rc<Path>,
    left: Rc<Cell<u64>>,
    kind: Kind,
}

fn issue(lp: &Loop, s: Stream, buf: Vec<u8>, n: u64) {
    if s.left.get() == 0 {
        return;
    }
    s.left.set(s.left.get() - 1);
    let offset = (n % BLOCKS) * BLOCK as u64;
    match s.kind {
        Kind::Read => {
            let file = Rc::clone(&s.file);
            file.read_at_async(lp, buf, offset, move |lp, result, buf| {
                assert_eq!(result.unwrap(), BLOCK);
                issue(lp, s, buf, n + 1);
            })
        }
        Kind::Write => {
            let file = Rc::clone(&s.file);
            file.write_at_async(lp, buf, offset, move |lp, result, buf| {
                assert_eq!(result.unwrap(), BLOCK);
                issue(lp, s, buf, n + 1);
            })
        }
        Kind::Fstat => {
            let file = Rc::clone(&s.file);
            file.metadata_async(lp, move |lp, meta| {
                assert_eq!(meta.unwrap().len(), BLOCKS * BLOCK as u64);
                issue(lp, s, buf, n + 1);
            })
        }
        Kind::Stat => {
            let path = Rc::clone(&s.path);
            ruv::fs::metadata_async(lp, &*path, move |lp, meta| {
                assert!(meta.unwrap().is_file());
                issue(lp, s, buf, n + 1);
            })
        }
        Kind::Work => lp.queue_work(
            move || n * 2,
            move |lp, doubled| {
                assert_eq!(doubled.unwrap(), n * 2);
                issue(lp, s, buf, n + 1);
            },
        ),
    }
    .unwrap();
}

/// Runs `total` requests of `kind`, `depth` at a time; returns how many
/// allocations they made.
fn allocations(
    lp: &Loop,
    file: &Rc<File>,
    path: &Rc<Path>,
    kind: Kind,
    depth: u64,
    total: u64,
) -> u64 {
    let left = Rc::new(Cell::new(total));
    let bufs: Vec<Vec<u8>> = (0..depth).map(|_| vec![7u8; BLOCK]).collect();
    let streams: Vec<Stream> = (0..depth)
        .map(|_| Stream {
            file: Rc::clone(file),
            path: Rc::clone(path),
            left: Rc::clone(&left),
            kind,
        })
        .collect();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    for (k, (s, buf)) in streams.into_iter().zip(bufs).enumerate() {
        issue(lp, s, buf, k as u64 * 7);
    }
    lp.run(RunMode::Default);
    COUNTING.store(false, Ordering::Relaxed);
    assert_eq!(left.get(), 0, "{kind:?}: every request ran");
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

#[test]
fn steady_state_requests_allocate_nothing() {
    let dir = Scratch::new("alloc");
    let path: Rc<Path> = Rc::from(dir.join("f").as_path());
    std::fs::write(&path, vec![1u8; BLOCKS as usize * BLOCK]).unwrap();
    let file = Rc::new(
        OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap(),
    );
    let (lp, _guard) = guarded_loop();
    let total = 2000;
    for depth in [1, 16] {
        for kind in [Kind::Read, Kind::Write, Kind::Fstat, Kind::Work] {
            // The first requests of a kind allocate the objects the
            // following ones reuse.
            allocations(&lp, &file, &path, kind, depth, 200);
            let n = allocations(&lp, &file, &path, kind, depth, total);
            assert!(
                n <= ONE_OFF,
                "{kind:?}, {depth} in flight: {n} allocations in {total} requests"
            );
        }
        // A path is copied into its request: one allocation each.
        allocations(&lp, &file, &path, Kind::Stat, depth, 200);
        let n = allocations(&lp, &file, &path, Kind::Stat, depth, total);
        assert!(
            n <= total + ONE_OFF,
            "stat, {depth} in flight: {n} allocations in {total} requests"
        );
    }
}
