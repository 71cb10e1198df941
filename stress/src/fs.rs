//! File workload: requests on the pool read and write whole blocks of
//! files in a temporary directory. Every block carries its place and a
//! generation number bumped by each write, so a read checks that it got
//! the latest write of that very block; a final pass reads every block
//! back. Two requests never touch one block at once.

use crate::block;
use crate::cli::Pattern;
use crate::rng::Rng;
use crate::run::{Ctx, Workload};
use crate::stats::OpId;
use crate::Failure;
use ruv::error::code;
use ruv::fs::{File, OpenOptions};
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

/// Prefill makes this much of a file at a time in memory (then writes it
/// block by block).
const PREFILL_CHUNK: u64 = 1 << 20;

#[derive(Clone, Debug)]
pub struct FsOpts {
    pub pattern: Pattern,
    /// Share of reads among requests, in percent.
    pub read_percent: u8,
    pub block_size: u64,
    pub file_size: u64,
    pub files: u64,
    pub in_flight: u64,
    pub fsync_every: u64,
    pub cancel_ratio: f64,
}

/// The files, made and filled before the run starts.
pub struct FsFiles {
    dir: PathBuf,
    files: Vec<File>,
}

impl FsFiles {
    /// Makes a temporary directory in `base` and fills `opts.files` files
    /// with generation-0 blocks.
    pub fn create(base: &Path, opts: &FsOpts) -> Result<FsFiles, Failure> {
        let dir = ruv::fs::create_temp_dir(base.join("ruv-stress-")).map_err(|e| {
            Failure::setup(format!(
                "cannot make a directory in {}: {e}",
                base.display()
            ))
        })?;
        let mut made = FsFiles {
            dir,
            files: Vec::new(),
        };
        let blocks = opts.file_size / opts.block_size;
        let chunk_blocks = (PREFILL_CHUNK / opts.block_size).max(1);
        let mut chunk = vec![0u8; (chunk_blocks * opts.block_size) as usize];
        for f in 0..opts.files {
            let path = made.dir.join(format!("file-{f}"));
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .open(&path)
                .map_err(|e| Failure::setup(format!("cannot create {}: {e}", path.display())))?;
            let mut b = 0;
            while b < blocks {
                let n = chunk_blocks.min(blocks - b);
                let bs = opts.block_size as usize;
                for (i, piece) in chunk[..n as usize * bs].chunks_exact_mut(bs).enumerate() {
                    block::fill(piece, f * blocks + b + i as u64, 0);
                }
                // One write per block, as the workload writes them: a file
                // written in large chunks sits in large page-cache folios
                // (ext4, Linux 6.16 on), where every small write walks the
                // whole folio, several times the cost of the write itself.
                for (i, block) in chunk[..n as usize * bs].chunks_exact(bs).enumerate() {
                    file.write_all_at(block, (b + i as u64) * opts.block_size)
                        .map_err(|e| {
                            Failure::setup(format!("cannot write {}: {e}", path.display()))
                        })?;
                }
                b += n;
            }
            made.files.push(file);
        }
        Ok(made)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for FsFiles {
    fn drop(&mut self) {
        self.files.clear();
        let _ = ruv::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Clone, Copy, Default)]
struct BlockState {
    /// The generation of the last write that finished.
    generation: u64,
    busy: bool,
    /// A write failed part-way: the contents are not known.
    unknown: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Run,
    /// Reading every block back.
    Verify,
    Done,
}

pub struct FsWork {
    ctx: Rc<Ctx>,
    opts: FsOpts,
    files: RefCell<Option<FsFiles>>,
    blocks_per_file: u64,
    blocks: RefCell<Vec<BlockState>>,
    cursor: Cell<u64>,
    rng: RefCell<Rng>,
    read: OpId,
    write: OpId,
    /// Registered only when there are fsyncs (`--fsync-every`).
    fsync: Option<OpId>,
    writes: Cell<u64>,
    /// A file to fdatasync next (`--fsync-every`).
    sync_due: Cell<Option<usize>>,
    /// Requests in flight.
    active: Cell<u64>,
    phase: Cell<Phase>,
    verify_next: Cell<u64>,
}

impl FsWork {
    pub fn start(ctx: &Rc<Ctx>, files: FsFiles, opts: FsOpts) -> Rc<FsWork> {
        let blocks_per_file = opts.file_size / opts.block_size;
        let total = (blocks_per_file * opts.files) as usize;
        if opts.cancel_ratio > 0.0 {
            ctx.stats.fault_keys(
                "cancel",
                &["requested", "cancelled", "too_late", "callbacks_canceled"],
            );
        }
        let work = Rc::new(FsWork {
            ctx: Rc::clone(ctx),
            blocks_per_file,
            blocks: RefCell::new(vec![BlockState::default(); total]),
            cursor: Cell::new(0),
            rng: RefCell::new(ctx.fork_rng()),
            read: ctx.stats.op("fs read"),
            write: ctx.stats.op("fs write"),
            fsync: if opts.fsync_every > 0 {
                Some(ctx.stats.op("fs fsync"))
            } else {
                None
            },
            writes: Cell::new(0),
            sync_due: Cell::new(None),
            active: Cell::new(0),
            phase: Cell::new(Phase::Run),
            verify_next: Cell::new(0),
            files: RefCell::new(Some(files)),
            opts,
        });
        for _ in 0..work.opts.in_flight {
            work.active.set(work.active.get() + 1);
            work.next(vec![0; work.opts.block_size as usize]);
        }
        work
    }

    fn total(&self) -> u64 {
        self.blocks_per_file * self.opts.files
    }

    /// A free slot (its buffer in hand) takes its next request, or retires.
    fn next(self: &Rc<Self>, buf: Vec<u8>) {
        if self.phase.get() == Phase::Run {
            if let Some(file) = self.sync_due.take() {
                return self.sync(file, buf);
            }
            if self.ctx.budget.take() {
                let g = self.pick();
                let read = self.rng.borrow_mut().below(100) < u64::from(self.opts.read_percent);
                return if read {
                    self.read(g, buf)
                } else {
                    self.write(g, buf)
                };
            }
            if self.active.get() > 1 {
                self.active.set(self.active.get() - 1);
                return;
            }
            // The last request of the run is back: read everything back.
            self.phase.set(Phase::Verify);
            for _ in 1..self.opts.in_flight {
                self.active.set(self.active.get() + 1);
                self.next(vec![0; self.opts.block_size as usize]);
            }
        }
        if self.phase.get() == Phase::Verify {
            let g = self.verify_next.get();
            if g < self.total() {
                self.verify_next.set(g + 1);
                return self.read(g, buf);
            }
            self.active.set(self.active.get() - 1);
            if self.active.get() == 0 {
                self.phase.set(Phase::Done);
                self.files.borrow_mut().take();
            }
        }
    }

    /// A block no request is using, by the pattern.
    fn pick(&self) -> u64 {
        let total = self.total();
        let blocks = self.blocks.borrow();
        let mut g = match self.opts.pattern {
            Pattern::Sequential => self.cursor.get(),
            Pattern::Random => self.rng.borrow_mut().below(total),
        };
        // At most in_flight - 1 blocks are busy, and there are more blocks.
        while blocks[g as usize].busy {
            g = (g + 1) % total;
        }
        self.cursor.set((g + 1) % total);
        g
    }

    fn file_of(&self, g: u64) -> (usize, u64) {
        (
            (g / self.blocks_per_file) as usize,
            (g % self.blocks_per_file) * self.opts.block_size,
        )
    }

    fn set_busy(&self, g: u64, busy: bool) {
        self.blocks.borrow_mut()[g as usize].busy = busy;
    }

    /// Cancels a share of requests right after queueing them.
    fn maybe_cancel(&self, request: &ruv::WorkRequest) {
        if !self.rng.borrow_mut().chance(self.opts.cancel_ratio) {
            return;
        }
        let stats = &self.ctx.stats;
        stats.fault("cancel", "requested", 1);
        match request.cancel() {
            Ok(()) => stats.fault("cancel", "cancelled", 1),
            Err(_) => stats.fault("cancel", "too_late", 1),
        }
    }

    fn read(self: &Rc<Self>, g: u64, buf: Vec<u8>) {
        let (f, offset) = self.file_of(g);
        self.set_busy(g, true);
        let me = Rc::clone(self);
        let started = Instant::now();
        let queued = match self.files.borrow().as_ref() {
            Some(files) => {
                files.files[f].read_at_async(&self.ctx.lp, buf, offset, move |_, r, buf| {
                    me.read_done(g, started, r, buf)
                })
            }
            None => return,
        };
        match queued {
            Ok(request) if self.phase.get() == Phase::Run => self.maybe_cancel(&request),
            Ok(_) => {}
            Err(e) => self.refused(g, e),
        }
    }

    fn read_done(self: &Rc<Self>, g: u64, started: Instant, r: ruv::Result<usize>, buf: Vec<u8>) {
        self.set_busy(g, false);
        let state = self.blocks.borrow()[g as usize];
        let stats = &self.ctx.stats;
        match r {
            Ok(n) if n == buf.len() => {
                if self.phase.get() == Phase::Run {
                    stats.record(self.read, n as u64, started);
                }
                if !state.unknown {
                    self.check(g, state.generation, &buf);
                }
            }
            Ok(n) => stats.mismatch(|| format!("block {g}: read {n} bytes of {}", buf.len())),
            Err(e) if e.code() == code::ECANCELED => stats.fault("cancel", "callbacks_canceled", 1),
            Err(e) => stats.error(e),
        }
        self.next(buf);
    }

    fn check(&self, g: u64, generation: u64, buf: &[u8]) {
        let stats = &self.ctx.stats;
        let (f, offset) = self.file_of(g);
        match block::verify(buf) {
            Ok((id, found)) if id == g && found == generation => stats.verified(buf.len() as u64),
            Ok((id, found)) => stats.mismatch(|| {
                format!(
                    "file {f} at {offset}: expected block {g} generation {generation}, \
                     found block {id} generation {found}"
                )
            }),
            Err(damage) => {
                stats.mismatch(|| format!("file {f} at {offset}: block {g} has a {damage}"))
            }
        }
    }

    fn write(self: &Rc<Self>, g: u64, mut buf: Vec<u8>) {
        let (f, offset) = self.file_of(g);
        let generation = self.blocks.borrow()[g as usize].generation + 1;
        block::fill(&mut buf, g, generation);
        self.set_busy(g, true);
        let me = Rc::clone(self);
        let started = Instant::now();
        let queued = match self.files.borrow().as_ref() {
            Some(files) => {
                files.files[f].write_at_async(&self.ctx.lp, buf, offset, move |_, r, buf| {
                    me.write_done(g, generation, started, r, buf)
                })
            }
            None => return,
        };
        match queued {
            Ok(request) => self.maybe_cancel(&request),
            Err(e) => self.refused(g, e),
        }
    }

    fn write_done(
        self: &Rc<Self>,
        g: u64,
        generation: u64,
        started: Instant,
        r: ruv::Result<usize>,
        buf: Vec<u8>,
    ) {
        let stats = &self.ctx.stats;
        {
            let mut blocks = self.blocks.borrow_mut();
            let state = &mut blocks[g as usize];
            state.busy = false;
            match r {
                Ok(_) => state.generation = generation,
                Err(e) if e.code() == code::ECANCELED => {}
                Err(_) => state.unknown = true,
            }
        }
        match r {
            Ok(n) => {
                stats.record(self.write, n as u64, started);
                let writes = self.writes.get() + 1;
                self.writes.set(writes);
                if self.opts.fsync_every > 0 && writes.is_multiple_of(self.opts.fsync_every) {
                    self.sync_due.set(Some(self.file_of(g).0));
                }
            }
            Err(e) if e.code() == code::ECANCELED => stats.fault("cancel", "callbacks_canceled", 1),
            Err(e) => stats.error(e),
        }
        self.next(buf);
    }

    fn sync(self: &Rc<Self>, f: usize, buf: Vec<u8>) {
        let me = Rc::clone(self);
        let started = Instant::now();
        let slot = Rc::new(RefCell::new(Some(buf)));
        let kept = Rc::clone(&slot);
        let queued = match self.files.borrow().as_ref() {
            Some(files) => files.files[f].sync_data_async(&self.ctx.lp, move |_, r| {
                match r {
                    Ok(()) => {
                        if let Some(op) = me.fsync {
                            me.ctx.stats.record(op, 0, started);
                        }
                    }
                    Err(e) => me.ctx.stats.error(e),
                }
                let buf = kept.borrow_mut().take().unwrap_or_default();
                me.next(buf);
            }),
            None => return,
        };
        if let Err(e) = queued {
            self.ctx.stats.error(e);
            let buf = slot.borrow_mut().take().unwrap_or_default();
            self.next(buf);
        }
    }

    /// A request the pool would not take: count it and retire the slot.
    fn refused(&self, g: u64, e: ruv::Error) {
        self.set_busy(g, false);
        self.ctx.stats.error(e);
        self.active.set(self.active.get() - 1);
        if self.active.get() == 0 {
            self.phase.set(Phase::Done);
            self.files.borrow_mut().take();
        }
    }
}

impl Workload for FsWork {
    fn done(&self) -> bool {
        self.phase.get() == Phase::Done
    }

    fn finish(&self, forced: bool) {
        if forced {
            let outstanding = self.active.get();
            self.ctx.stats.lost(outstanding, || {
                format!("{outstanding} file requests still outstanding at the end")
            });
        }
        self.phase.set(Phase::Done);
        self.files.borrow_mut().take();
    }
}
