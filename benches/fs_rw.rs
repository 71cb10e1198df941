//! 4 KiB file reads and writes on the thread pool: `ruv::fs` against
//! `tokio::fs`, with 1 and with 64 requests in flight.
//!
//! One operation: a 4 KiB read (or write) at the next offset of an 8 MiB
//! file in a temporary directory, already in the page cache (written 4 KiB
//! at a time, see `Scratch::new`), going round the file. It measures what
//! each runtime adds to a short system call: handing it to a worker
//! thread, waking the event loop with the result, running the
//! continuation. With 1 in flight that is the latency of one
//! round trip; with 64, the throughput of the pool.
//!
//! Both sides run on one thread with 4 worker threads for the files: a
//! `ruv::Loop` with ruv's pool of 4 (libuv's default), and a tokio
//! `current_thread` runtime whose blocking pool is capped at 4 threads.
//! Each side uses its API the way it is meant to be used:
//! - ruv: one `File`; `read_at_async` / `write_at_async` at an offset, the
//!   next operation queued from the callback, the 4 KiB buffer handed back
//!   and reused. (Writes at explicit offsets run side by side on the pool;
//!   only writes at a descriptor's current position take turns.)
//! - tokio: `tokio::fs::File` allows one operation at a time, so each
//!   stream of operations has a `File` of its own (64 of them with 64 in
//!   flight), reading with `read_exact` or writing with `write_all` then
//!   `flush` (which waits for the write), moving sequentially through the
//!   file from its own starting point (a seek when it wraps round).
//!
//! Throughput is in operations per second (criterion's "elem/s").
//!
//! Run: `cargo bench --bench fs_rw`; with `RUV_BENCH_CLOCK=cpu`, batches
//! are timed in CPU time of the whole process instead of wall time (see
//! `common/clock.rs`): steadier on a shared machine.

#[path = "common/clock.rs"]
mod clock;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::{Path, PathBuf};
use std::time::Duration;

const BLOCK: usize = 4096;
const FILE_SIZE: u64 = 8 << 20;
const IN_FLIGHT: [usize; 2] = [1, 64];
const WORKERS: usize = 4;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Read,
    Write,
}

/// `total` operations shared out among `n` streams.
fn shares(total: u64, n: usize) -> impl Iterator<Item = u64> {
    let n64 = n as u64;
    (0..n64).map(move |i| total / n64 + u64::from(i < total % n64))
}

/// Where stream `k` of `n` starts.
fn start_of(k: usize, n: usize) -> u64 {
    (FILE_SIZE / n as u64) * k as u64 / BLOCK as u64 * BLOCK as u64
}

fn next_offset(offset: u64) -> u64 {
    (offset + BLOCK as u64) % FILE_SIZE
}

mod with_ruv {
    use super::{next_offset, start_of, Op, BLOCK};
    use crate::clock::Clock;
    use ruv::fs::{File, OpenOptions};
    use ruv::{Loop, RunMode};
    use std::cell::Cell;
    use std::path::Path;
    use std::rc::Rc;
    use std::time::Duration;

    struct Stream {
        offset: Cell<u64>,
        remaining: Cell<u64>,
    }

    pub struct Bench {
        lp: Loop,
        file: Rc<File>,
        op: Op,
        streams: Vec<Rc<Stream>>,
        /// One 4 KiB buffer per stream, between batches.
        bufs: Rc<Cell<Vec<Vec<u8>>>>,
    }

    /// Queues the stream's next operation; its callback queues the one
    /// after, until the stream's share is done.
    fn issue(
        lp: &Loop,
        file: &Rc<File>,
        op: Op,
        stream: Rc<Stream>,
        buf: Vec<u8>,
        bufs: Rc<Cell<Vec<Vec<u8>>>>,
    ) {
        let offset = stream.offset.get();
        let again = Rc::clone(file);
        let done = move |lp: &Loop, result: ruv::Result<usize>, buf: Vec<u8>| {
            assert_eq!(result.expect("file operation"), BLOCK);
            stream.offset.set(next_offset(offset));
            stream.remaining.set(stream.remaining.get() - 1);
            if stream.remaining.get() > 0 {
                issue(lp, &again, op, stream, buf, bufs);
            } else {
                let mut spare = bufs.take();
                spare.push(buf);
                bufs.set(spare);
            }
        };
        match op {
            Op::Read => file.read_at_async(lp, buf, offset, done),
            Op::Write => file.write_at_async(lp, buf, offset, done),
        }
        .expect("queue a file operation");
    }

    impl Bench {
        pub fn new(path: &Path, op: Op, in_flight: usize) -> Bench {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .unwrap();
            let streams = (0..in_flight)
                .map(|k| {
                    Rc::new(Stream {
                        offset: Cell::new(start_of(k, in_flight)),
                        remaining: Cell::new(0),
                    })
                })
                .collect();
            let bufs = (0..in_flight).map(|_| vec![0x5a; BLOCK]).collect();
            Bench {
                lp: Loop::new().unwrap(),
                file: Rc::new(file),
                op,
                streams,
                bufs: Rc::new(Cell::new(bufs)),
            }
        }

        /// Runs `total` operations; returns how long they took.
        pub fn run(&self, total: u64) -> Duration {
            let started = Clock::start();
            let mut bufs = self.bufs.take();
            for (stream, share) in self
                .streams
                .iter()
                .zip(super::shares(total, self.streams.len()))
            {
                stream.remaining.set(share);
                if share > 0 {
                    let buf = bufs.pop().expect("a buffer per stream");
                    issue(
                        &self.lp,
                        &self.file,
                        self.op,
                        Rc::clone(stream),
                        buf,
                        Rc::clone(&self.bufs),
                    );
                }
            }
            // The rest of the buffers wait with those coming back.
            let mut back = self.bufs.take();
            back.append(&mut bufs);
            self.bufs.set(back);
            // The loop runs until no request is left.
            self.lp.run(RunMode::Default);
            started.elapsed()
        }
    }
}

mod with_tokio {
    use super::{next_offset, start_of, Op, BLOCK, WORKERS};
    use crate::clock::Clock;
    use std::io::SeekFrom;
    use std::path::Path;
    use std::time::Duration;
    use tokio::fs::{File, OpenOptions};
    use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
    use tokio::runtime::Runtime;
    use tokio::task::JoinSet;

    struct Stream {
        file: File,
        offset: u64,
        buf: Vec<u8>,
    }

    pub struct Bench {
        rt: Runtime,
        op: Op,
        streams: Vec<Stream>,
    }

    impl Bench {
        pub fn new(path: &Path, op: Op, in_flight: usize) -> Bench {
            let rt = tokio::runtime::Builder::new_current_thread()
                .max_blocking_threads(WORKERS)
                .build()
                .unwrap();
            let streams = rt.block_on(async {
                let mut streams = Vec::with_capacity(in_flight);
                for k in 0..in_flight {
                    let mut file = OpenOptions::new()
                        .read(true)
                        .write(true)
                        .open(path)
                        .await
                        .unwrap();
                    let offset = start_of(k, in_flight);
                    file.seek(SeekFrom::Start(offset)).await.unwrap();
                    streams.push(Stream {
                        file,
                        offset,
                        buf: vec![0x5a; BLOCK],
                    });
                }
                streams
            });
            Bench { rt, op, streams }
        }

        /// Runs `total` operations; returns how long they took.
        pub fn run(&mut self, total: u64) -> Duration {
            let streams = std::mem::take(&mut self.streams);
            let n = streams.len();
            let op = self.op;
            let started = Clock::start();
            self.streams = self.rt.block_on(async {
                let mut tasks = JoinSet::new();
                for (mut s, share) in streams.into_iter().zip(super::shares(total, n)) {
                    tasks.spawn(async move {
                        for _ in 0..share {
                            match op {
                                Op::Read => {
                                    s.file.read_exact(&mut s.buf).await.expect("read");
                                }
                                Op::Write => {
                                    s.file.write_all(&s.buf).await.expect("write");
                                    s.file.flush().await.expect("write");
                                }
                            }
                            s.offset = next_offset(s.offset);
                            if s.offset == 0 {
                                s.file.seek(SeekFrom::Start(0)).await.expect("seek");
                            }
                        }
                        s
                    });
                }
                let mut back = Vec::with_capacity(n);
                while let Some(stream) = tasks.join_next().await {
                    back.push(stream.expect("file task"));
                }
                back
            });
            started.elapsed()
        }
    }
}

/// A temporary directory holding the bench file, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-bench-fs-")).unwrap();
        // Written 4 KiB at a time, as the bench then writes it: one large
        // write would leave the file in large page-cache folios (ext4,
        // Linux 6.16 on), and a 4 KiB write into one of those walks the
        // whole folio's buffer heads, ten microseconds of kernel time that
        // would swamp what the bench is after (see BENCHMARKS.md).
        let file = ruv::fs::File::create(dir.join("data")).unwrap();
        let block = [0xa5u8; BLOCK];
        for offset in (0..FILE_SIZE).step_by(BLOCK) {
            file.write_all_at(&block, offset).unwrap();
        }
        file.close().unwrap();
        Scratch(dir)
    }

    fn file(&self) -> PathBuf {
        self.0.join("data")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = ruv::fs::remove_dir_all(&self.0);
    }
}

fn bench_op(c: &mut Criterion, path: &Path, op: Op, name: &str) {
    let mut group = c.benchmark_group(name);
    group
        .throughput(Throughput::Elements(1))
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    for in_flight in IN_FLIGHT {
        let ruv_side = with_ruv::Bench::new(path, op, in_flight);
        group.bench_function(BenchmarkId::new("ruv", in_flight), |b| {
            b.iter_custom(|n| ruv_side.run(n))
        });
        let mut tokio_side = with_tokio::Bench::new(path, op, in_flight);
        group.bench_function(BenchmarkId::new("tokio", in_flight), |b| {
            b.iter_custom(|n| tokio_side.run(n))
        });
    }
    group.finish();
}

fn fs_rw(c: &mut Criterion) {
    // ruv's pool, sized as libuv's default, before anything starts it.
    let _ = ruv::set_pool_size(WORKERS);
    let scratch = Scratch::new();
    bench_op(c, &scratch.file(), Op::Read, "fs_read_4k");
    bench_op(c, &scratch.file(), Op::Write, "fs_write_4k");
}

criterion_group!(benches, fs_rw);
criterion_main!(benches);
