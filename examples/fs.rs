//! Files with `ruv::fs`: the synchronous, std-like API, then the same kind
//! of work done asynchronously on the thread pool from one loop, with
//! buffers handed back to be reused.
//!
//! Run with `cargo run --example fs`. Everything happens in a new
//! directory under the system temp dir, removed at the end.

use ruv::fs::{self, File, OpenOptions};
use ruv::{Loop, RunMode};
use std::cell::Cell;
use std::rc::Rc;

const BLOCKS: usize = 16;
const BLOCK: usize = 64 * 1024;

fn main() -> ruv::Result<()> {
    let dir = fs::create_temp_dir(std::env::temp_dir().join("ruv-example-fs-"))?;
    let result = run(&dir);
    fs::remove_dir_all(&dir)?;
    result
}

fn run(dir: &std::path::Path) -> ruv::Result<()> {
    // Synchronous, on this thread.
    let notes = dir.join("notes.txt");
    fs::write(&notes, "first line\n")?;
    let log = OpenOptions::new().append(true).open(&notes)?;
    log.write_all(b"second line\n")?;
    log.close()?;
    let meta = fs::metadata(&notes)?;
    println!(
        "notes.txt: {} bytes, mode {:o}, modified {:?}",
        meta.len(),
        meta.permissions().mode(),
        meta.modified()?
    );
    print!("{}", fs::read_to_string(&notes)?);
    fs::copy(&notes, dir.join("copy.txt"))?;
    fs::symlink("notes.txt", dir.join("latest"))?;
    println!("latest -> {}", fs::read_link(dir.join("latest"))?.display());

    // Asynchronous: BLOCKS writes in flight at once, each read back in its
    // callback into the same buffer, handed back by the write.
    let lp = Loop::new()?;
    let file = Rc::new(File::create_new(dir.join("blocks.bin"))?);
    let verified = Rc::new(Cell::new(0));
    for i in 0..BLOCKS {
        let offset = (i * BLOCK) as u64;
        let (reader, verified) = (Rc::clone(&file), Rc::clone(&verified));
        file.write_at_async(
            &lp,
            vec![i as u8; BLOCK],
            offset,
            move |lp, written, mut buf| {
                assert_eq!(written.expect("write"), BLOCK);
                buf.fill(0xff); // the same allocation, reused for the read
                reader
                    .read_at_async(lp, buf, offset, move |_, read, buf| {
                        assert_eq!(read.expect("read"), BLOCK);
                        assert!(buf.iter().all(|&b| b == i as u8));
                        verified.set(verified.get() + 1);
                    })
                    .expect("queue read");
            },
        )?;
    }
    fs::read_dir_async(&lp, dir, |_, entries| {
        let mut names: Vec<_> = entries
            .expect("read_dir")
            .iter()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        println!("directory: {}", names.join(", "));
    })?;
    lp.run(RunMode::Default);
    println!(
        "{} of {BLOCKS} blocks of {} KiB written and read back on the pool",
        verified.get(),
        BLOCK / 1024
    );
    assert_eq!(verified.get(), BLOCKS);
    assert_eq!(file.metadata()?.len(), (BLOCKS * BLOCK) as u64);
    Ok(())
}
