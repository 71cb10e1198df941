//! The asynchronous `ruv::fs` operations: results on the loop thread,
//! buffers moved in and handed back, files held open by their requests,
//! cancellation, many requests at once and two loops sharing the pool.

#[path = "fs_scratch.rs"]
mod scratch;
mod util;

use ruv::fs::{self, File, OpenOptions};
use ruv::{Loop, RunMode};
use scratch::Scratch;
use std::rc::Rc;
use std::sync::{mpsc, Arc, Barrier};
use util::*;

/// Runs the loop to the end, failing if it panicked.
fn run(lp: &Loop) {
    if let Err(message) = run_catching(lp, RunMode::Default) {
        panic!("loop panicked: {message}");
    }
}

#[test]
fn whole_file_write_read_and_metadata() {
    let dir = Scratch::new("async-whole");
    let path = dir.join("f");
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let (l, p) = (log.clone(), path.clone());
    let thread = std::thread::current().id();
    fs::write_async(&lp, &path, b"on the pool".to_vec(), move |lp, result| {
        assert_eq!(
            std::thread::current().id(),
            thread,
            "callback off the loop thread"
        );
        result.unwrap();
        l.push("written");
        let l2 = l.clone();
        fs::read_async(lp, &p, move |_, contents| {
            assert_eq!(contents.unwrap(), b"on the pool");
            l2.push("read");
        })
        .unwrap();
        let l3 = l.clone();
        fs::metadata_async(lp, &p, move |_, meta| {
            assert_eq!(meta.unwrap().len(), 11);
            l3.push("stat");
        })
        .unwrap();
    })
    .unwrap();
    run(&lp);
    let mut entries = log.entries();
    entries[1..].sort();
    assert_eq!(entries, ["written", "read", "stat"]);
}

#[test]
fn path_operations() {
    let dir = Scratch::new("async-paths");
    let (lp, _guard) = guarded_loop();
    let (a, b, sub) = (dir.join("a"), dir.join("b"), dir.join("sub"));
    std::fs::write(&a, b"x").unwrap();
    let done = Counter::new();
    let d = done.clone();
    let (a2, b2, sub2) = (a.clone(), b.clone(), sub.clone());
    fs::rename_async(&lp, &a, &b, move |lp, result| {
        result.unwrap();
        d.bump();
        let d = d.clone();
        fs::symlink_metadata_async(lp, b2.clone(), move |lp, meta| {
            assert!(meta.unwrap().is_file());
            d.bump();
            let d = d.clone();
            fs::remove_file_async(lp, &b2, move |lp, result| {
                result.unwrap();
                d.bump();
                let d = d.clone();
                fs::create_dir_async(lp, sub2.clone(), move |lp, result| {
                    result.unwrap();
                    d.bump();
                    let d = d.clone();
                    fs::remove_dir_async(lp, &sub2, move |_, result| {
                        result.unwrap();
                        d.bump();
                    })
                    .unwrap();
                })
                .unwrap();
            })
            .unwrap();
        })
        .unwrap();
    })
    .unwrap();
    run(&lp);
    assert_eq!(done.get(), 5);
    assert!(!a2.exists() && !b.exists() && !sub.exists());
}

#[test]
fn errors_arrive_in_the_callback_and_bad_paths_at_once() {
    let dir = Scratch::new("async-errors");
    let (lp, _guard) = guarded_loop();
    let seen = Log::new();
    let s = seen.clone();
    fs::read_async(&lp, dir.join("missing"), move |_, r| {
        s.push(r.unwrap_err().name())
    })
    .unwrap();
    let s = seen.clone();
    fs::remove_dir_async(&lp, dir.path(), move |_, r| {
        s.push(format!("rmdir {}", r.map_or_else(|e| e.name(), |()| "ok")))
    })
    .unwrap();
    // A NUL in a path is refused before anything is queued.
    let err = fs::metadata_async(&lp, "bad\0path", |_, _| panic!("called")).unwrap_err();
    assert_eq!(err.name(), "EINVAL");
    let err = fs::write_async(&lp, "bad\0path", Vec::new(), |_, _| panic!("called")).unwrap_err();
    assert_eq!(err.name(), "EINVAL");
    let err = OpenOptions::new().open_async(&lp, dir.join("x"), |_, _| panic!("called"));
    assert_eq!(err.unwrap_err().name(), "EINVAL", "no access mode");
    run(&lp);
    let mut seen = seen.entries();
    seen.sort();
    assert_eq!(seen, ["ENOENT", "rmdir ok"]);
}

#[test]
fn file_requests_hand_buffers_back_without_copying() {
    let dir = Scratch::new("async-buffers");
    let path = dir.join("f");
    let (lp, _guard) = guarded_loop();
    let done = Counter::new();
    let d = done.clone();
    let opts = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .clone();
    opts.open_async(&lp, &path, move |lp, file| {
        let file = file.unwrap();
        let out = b"0123456789".to_vec();
        let out_ptr = out.as_ptr();
        let reader = Rc::new(file);
        let r = Rc::clone(&reader);
        let d = d.clone();
        reader
            .write_at_async(lp, out, 100, move |lp, written, out| {
                assert_eq!(written.unwrap(), 10);
                assert_eq!(out.as_ptr(), out_ptr, "the same allocation came back");
                let into = vec![0u8; 64];
                let into_ptr = into.as_ptr();
                r.read_at_async(lp, into, 98, move |_, read, into| {
                    assert_eq!(read.unwrap(), 12);
                    assert_eq!(into.as_ptr(), into_ptr);
                    assert_eq!(&into[..12], b"\0\x000123456789");
                    d.bump();
                })
                .unwrap();
            })
            .unwrap();
    })
    .unwrap();
    run(&lp);
    assert_eq!(done.get(), 1);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 110);
}

#[test]
fn buffers_can_be_arrays_boxes_and_static_slices() {
    let dir = Scratch::new("async-buffer-kinds");
    let path = dir.join("f");
    let file = File::create_new(&path).unwrap();
    let (lp, _guard) = guarded_loop();
    let done = Counter::new();
    let d = done.clone();
    file.write_at_async(&lp, b"static", 0, move |_, n, buf: &'static [u8; 6]| {
        assert_eq!((n.unwrap(), buf), (6, b"static"));
        d.bump();
    })
    .unwrap();
    run(&lp);
    let d = done.clone();
    file.read_at_async(&lp, [0u8; 4], 2, move |_, n, buf| {
        assert_eq!((n.unwrap(), &buf), (4, b"atic"));
        d.bump();
    })
    .unwrap();
    let d = done.clone();
    let boxed: Box<[u8]> = vec![0u8; 3].into_boxed_slice();
    file.read_at_async(&lp, boxed, 100, move |_, n, _buf| {
        assert_eq!(n.unwrap(), 0, "end of file");
        d.bump();
    })
    .unwrap();
    run(&lp);
    assert_eq!(done.get(), 3);
}

#[test]
fn a_request_keeps_its_file_open_after_the_file_is_dropped() {
    let dir = Scratch::new("async-keepalive");
    let path = dir.join("f");
    let (lp, _guard) = guarded_loop();
    let file = File::create_new(&path).unwrap();
    let done = Counter::new();
    let d = done.clone();
    file.write_at_async(&lp, vec![b'z'; 4096], 0, move |_, n, _| {
        assert_eq!(n.unwrap(), 4096);
        d.bump();
    })
    .unwrap();
    let d = done.clone();
    file.sync_all_async(&lp, move |_, r| {
        r.unwrap();
        d.bump();
    })
    .unwrap();
    // Closing now defers the close to the last request.
    file.close().unwrap();
    run(&lp);
    assert_eq!(done.get(), 2);
    assert_eq!(std::fs::read(&path).unwrap(), vec![b'z'; 4096]);
}

#[test]
fn file_metadata_set_len_sync_and_close_async() {
    let dir = Scratch::new("async-file-ops");
    let path = dir.join("f");
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let l = log.clone();
    File::create_new(&path).unwrap();
    OpenOptions::new()
        .write(true)
        .open_async(&lp, &path, move |lp, file| {
            let file = file.unwrap();
            let l1 = l.clone();
            file.set_len_async(lp, 777, move |_, r| {
                r.unwrap();
                l1.push("set_len");
            })
            .unwrap();
            let l1 = l.clone();
            file.sync_data_async(lp, move |_, r| {
                r.unwrap();
                l1.push("sync_data");
            })
            .unwrap();
            let l1 = l.clone();
            file.metadata_async(lp, move |_, meta| {
                let meta = meta.unwrap();
                l1.push(format!("fstat file={}", meta.is_file()));
            })
            .unwrap();
            let l1 = l.clone();
            file.close_async(lp, move |_, r| {
                r.unwrap();
                l1.push("closed");
            })
            .unwrap();
        })
        .unwrap();
    run(&lp);
    let mut entries = log.entries();
    entries.sort();
    assert_eq!(
        entries,
        ["closed", "fstat file=true", "set_len", "sync_data"]
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 777);
}

#[test]
fn two_hundred_concurrent_requests_from_one_loop() {
    const N: usize = 200;
    const BLOCK: usize = 4096;
    let dir = Scratch::new("async-200");
    let path = dir.join("f");
    let (lp, _guard) = guarded_loop();
    let file = File::create_new(&path).unwrap();
    let written = Counter::new();
    for i in 0..N {
        let w = written.clone();
        let block = vec![i as u8; BLOCK];
        file.write_at_async(&lp, block, (i * BLOCK) as u64, move |_, n, buf| {
            assert_eq!(n.unwrap(), BLOCK);
            assert_eq!(buf[0], i as u8);
            w.bump();
        })
        .unwrap();
    }
    run(&lp);
    assert_eq!(written.get() as usize, N);
    assert_eq!(file.metadata().unwrap().len(), (N * BLOCK) as u64);

    let read = Counter::new();
    let stats = Counter::new();
    for i in (0..N).rev() {
        let r = read.clone();
        file.read_at_async(
            &lp,
            vec![0xffu8; BLOCK],
            (i * BLOCK) as u64,
            move |_, n, buf| {
                assert_eq!(n.unwrap(), BLOCK);
                assert!(buf.iter().all(|&b| b == i as u8), "block {i}");
                r.bump();
            },
        )
        .unwrap();
        let s = stats.clone();
        fs::metadata_async(&lp, &path, move |_, meta| {
            assert_eq!(meta.unwrap().len(), (N * BLOCK) as u64);
            s.bump();
        })
        .unwrap();
    }
    run(&lp);
    assert_eq!((read.get() as usize, stats.get() as usize), (N, N));
}

#[test]
fn two_loops_on_two_threads_share_the_pool() {
    const PER_LOOP: usize = 100;
    let dir = Scratch::new("async-two-loops");
    let barrier = Arc::new(Barrier::new(2));
    let (tx, rx) = mpsc::channel();
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let path = dir.join(format!("f{t}"));
            let (barrier, tx) = (Arc::clone(&barrier), tx.clone());
            std::thread::spawn(move || {
                let (lp, _guard) = guarded_loop();
                let file = Rc::new(File::create_new(&path).unwrap());
                // Both loops queue at the same time.
                barrier.wait();
                let done = Counter::new();
                for i in 0..PER_LOOP {
                    let (d, f) = (done.clone(), Rc::clone(&file));
                    let data = format!("{t}:{i:04}\n").into_bytes();
                    file.write_at_async(&lp, data, (i * 7) as u64, move |lp, n, _| {
                        assert_eq!(n.unwrap(), 7);
                        f.read_at_async(lp, vec![0u8; 7], (i * 7) as u64, move |_, n, buf| {
                            assert_eq!(n.unwrap(), 7);
                            assert_eq!(buf, format!("{t}:{i:04}\n").into_bytes());
                            d.bump();
                        })
                        .unwrap();
                    })
                    .unwrap();
                }
                run(&lp);
                tx.send((t, done.get() as usize)).unwrap();
            })
        })
        .collect();
    let mut results = vec![recv(&rx), recv(&rx)];
    results.sort();
    assert_eq!(results, [(0, PER_LOOP), (1, PER_LOOP)]);
    for thread in threads {
        thread.join().unwrap();
    }
    for t in 0..2 {
        let text = std::fs::read_to_string(dir.join(format!("f{t}"))).unwrap();
        assert_eq!(text.lines().count(), PER_LOOP);
        assert!(text
            .lines()
            .enumerate()
            .all(|(i, l)| l == format!("{t}:{i:04}")));
    }
}

/// Every pool worker held busy until this is dropped (also when the test
/// fails), so that a request queued meanwhile cannot start.
struct BlockedPool(Arc<Barrier>);

impl Drop for BlockedPool {
    fn drop(&mut self) {
        self.0.wait();
    }
}

fn block_the_pool(lp: &Loop) -> BlockedPool {
    let workers = ruv::pool_size();
    let release = Arc::new(Barrier::new(workers + 1));
    let (started, wait_started) = mpsc::channel();
    for _ in 0..workers {
        let (release, started) = (Arc::clone(&release), started.clone());
        lp.queue_work(
            move || {
                started.send(()).unwrap();
                release.wait();
            },
            |_, r| r.unwrap(),
        )
        .unwrap();
    }
    for _ in 0..workers {
        recv(&wait_started);
    }
    BlockedPool(release)
}

#[test]
fn a_cancelled_request_gets_ecanceled_and_its_buffer_back() {
    let dir = Scratch::new("async-cancel");
    let path = dir.join("f");
    std::fs::write(&path, b"data").unwrap();
    let file = File::open(&path).unwrap();
    let (lp, _guard) = guarded_loop();
    let blocked = block_the_pool(&lp);

    let log = Log::new();
    let l = log.clone();
    let buf = vec![7u8; 16];
    let ptr = buf.as_ptr();
    let read = file
        .read_at_async(&lp, buf, 0, move |_, r, buf| {
            assert_eq!(buf.as_ptr(), ptr, "the buffer comes back");
            assert_eq!(buf, vec![7u8; 16], "untouched");
            l.push(format!("read {}", r.unwrap_err().name()));
        })
        .unwrap();
    let l = log.clone();
    let stat = fs::metadata_async(&lp, &path, move |_, r| {
        l.push(format!("stat {}", r.unwrap_err().name()))
    })
    .unwrap();
    let l = log.clone();
    let raw = std::os::fd::AsRawFd::as_raw_fd(&file);
    let close = file
        .close_async(&lp, move |_, r| {
            l.push(format!("close {}", r.unwrap_err().name()))
        })
        .unwrap();
    read.cancel().unwrap();
    stat.cancel().unwrap();
    close.cancel().unwrap();
    drop(blocked);
    run(&lp);
    let mut entries = log.entries();
    entries.sort();
    assert_eq!(
        entries,
        ["close ECANCELED", "read ECANCELED", "stat ECANCELED"]
    );
    // The cancelled close still closed the file, when the request went.
    assert!(fs::op::fstat(raw).is_err() || raw_reused(raw, &path));
}

/// Whether `raw` now names something other than the file the test closed
/// (another test in this binary may have reused the number).
fn raw_reused(raw: i32, path: &std::path::Path) -> bool {
    let ino = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap());
    fs::op::fstat(raw).map_or(true, |st| st.ino != ino)
}

#[test]
fn directory_and_link_operations() {
    let dir = Scratch::new("async-dirs-links");
    for name in ["b", "a", "c"] {
        std::fs::write(dir.join(name), name).unwrap();
    }
    // Listed on its own: the other requests add entries to `dir` meanwhile.
    std::fs::create_dir(dir.join("listed")).unwrap();
    for name in ["y", "x", "z"] {
        std::fs::write(dir.join("listed").join(name), name).unwrap();
    }
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let l = log.clone();
    fs::read_dir_async(&lp, dir.join("listed"), move |_, entries| {
        let mut names: Vec<_> = entries
            .unwrap()
            .into_iter()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        names.sort();
        l.push(format!("read_dir {}", names.join(",")));
    })
    .unwrap();
    let l = log.clone();
    fs::copy_async(&lp, dir.join("a"), dir.join("copy"), move |_, n| {
        l.push(format!("copy {}", n.unwrap()))
    })
    .unwrap();
    let l = log.clone();
    let target = dir.join("b");
    fs::symlink_async(&lp, "b", dir.join("soft"), move |lp, r| {
        r.unwrap();
        let l2 = l.clone();
        let soft = target.with_file_name("soft");
        fs::read_link_async(lp, &soft, move |_, t| {
            l2.push(format!("read_link {}", t.unwrap().display()))
        })
        .unwrap();
        let l2 = l.clone();
        fs::canonicalize_async(lp, &soft, move |_, p| {
            assert_eq!(p.unwrap(), std::fs::canonicalize(&target).unwrap());
            l2.push("canonicalize")
        })
        .unwrap();
    })
    .unwrap();
    let l = log.clone();
    fs::hard_link_async(&lp, dir.join("c"), dir.join("hard"), move |_, r| {
        r.unwrap();
        l.push("hard_link")
    })
    .unwrap();
    let l = log.clone();
    fs::read_dir_async(&lp, dir.join("missing"), move |_, r| {
        l.push(format!("missing {}", r.unwrap_err().name()))
    })
    .unwrap();
    run(&lp);
    let mut entries = log.entries();
    entries.sort();
    assert_eq!(
        entries,
        [
            "canonicalize",
            "copy 1",
            "hard_link",
            "missing ENOENT",
            "read_dir x,y,z",
            "read_link b"
        ]
    );
    assert_eq!(std::fs::read(dir.join("copy")).unwrap(), b"a");
    assert_eq!(std::fs::read(dir.join("hard")).unwrap(), b"c");
}
