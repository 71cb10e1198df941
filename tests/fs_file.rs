//! `ruv::fs::File` and `OpenOptions`.

#[path = "fs_scratch.rs"]
mod scratch;

use ruv::fs::{self, File, OpenOptions};
use scratch::Scratch;
use std::io::{IoSlice, IoSliceMut, Read, Write};
use std::os::fd::{AsRawFd, IntoRawFd};
use std::sync::RwLock;

/// Tests here open files concurrently; the one that checks a closed
/// descriptor is gone must not see another test reuse its number, so it
/// holds this exclusively while the others share it.
static FDS: RwLock<()> = RwLock::new(());

fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
    FDS.read().unwrap_or_else(|e| e.into_inner())
}

fn name<T: std::fmt::Debug>(result: ruv::Result<T>) -> &'static str {
    result.unwrap_err().name()
}

#[test]
fn read_and_write_move_the_position_at_variants_do_not() {
    let _fds = shared();
    let dir = Scratch::new("file-pos");
    let path = dir.join("f");
    let file = File::create_new(&path).unwrap();
    assert_eq!(file.write(b"hello ").unwrap(), 6);
    file.write_all(b"world").unwrap();
    assert_eq!(file.write_at(b"HE", 0).unwrap(), 2);
    // The position is still at the end: this appends.
    file.write_all(b"!").unwrap();
    let mut buf = [0u8; 64];
    // Reading at the current position (the end) gives end of file.
    assert_eq!(file.read(&mut buf).unwrap(), 0);
    let n = file.read_at(&mut buf, 0).unwrap();
    assert_eq!(&buf[..n], b"HEllo world!");
    let mut five = [0u8; 5];
    file.read_exact_at(&mut five, 6).unwrap();
    assert_eq!(&five, b"world");
    assert_eq!(name(file.read_exact_at(&mut five, 10)), "EOF");
    drop(file);
    assert_eq!(std::fs::read(&path).unwrap(), b"HEllo world!");

    let file = File::open(&path).unwrap();
    let mut first = [0u8; 5];
    assert_eq!(file.read(&mut first).unwrap(), 5);
    let mut rest = Vec::new();
    (&file).read_to_end(&mut rest).unwrap();
    assert_eq!(&first, b"HEllo");
    assert_eq!(rest, b" world!");
}

#[test]
fn vectored_reads_and_writes() {
    let _fds = shared();
    let dir = Scratch::new("file-vectored");
    let path = dir.join("f");
    let file = File::create_new(&path).unwrap();
    let n = file
        .write_vectored(&[
            IoSlice::new(b"abc"),
            IoSlice::new(b""),
            IoSlice::new(b"defg"),
        ])
        .unwrap();
    assert_eq!(n, 7);
    let (mut a, mut b) = ([0u8; 2], [0u8; 10]);
    let file = File::open(&path).unwrap();
    let n = file
        .read_vectored(&mut [IoSliceMut::new(&mut a), IoSliceMut::new(&mut b)])
        .unwrap();
    assert_eq!(n, 7);
    assert_eq!(&a, b"ab");
    assert_eq!(&b[..5], b"cdefg");
}

#[test]
fn std_io_traits_work() {
    let _fds = shared();
    let dir = Scratch::new("file-io-traits");
    let path = dir.join("f");
    let mut file = File::create(&path).unwrap();
    writeln!(file, "line {}", 1).unwrap();
    write!(&file, "line {}", 2).unwrap();
    file.flush().unwrap();
    drop(file);
    let mut text = String::new();
    File::open(&path)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "line 1\nline 2");
    // std::io::copy from a ruv File into a Vec.
    let mut out = Vec::new();
    std::io::copy(&mut File::open(&path).unwrap(), &mut out).unwrap();
    assert_eq!(out, b"line 1\nline 2");
}

#[test]
fn open_options_follow_std_rules() {
    let _fds = shared();
    let dir = Scratch::new("file-options");
    let path = dir.join("f");
    // No access mode at all.
    assert_eq!(name(OpenOptions::new().open(&path)), "EINVAL");
    // Creating or truncating needs write access.
    assert_eq!(
        name(OpenOptions::new().read(true).create(true).open(&path)),
        "EINVAL"
    );
    assert_eq!(
        name(OpenOptions::new().read(true).truncate(true).open(&path)),
        "EINVAL"
    );
    // Append and truncate contradict each other.
    assert_eq!(
        name(OpenOptions::new().append(true).truncate(true).open(&path)),
        "EINVAL"
    );
    // Without create, a missing file stays missing.
    assert_eq!(name(OpenOptions::new().write(true).open(&path)), "ENOENT");

    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .mode(0o600)
        .open(&path)
        .unwrap();
    file.write_all(b"0123456789").unwrap();
    drop(file);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        name(OpenOptions::new().write(true).create_new(true).open(&path)),
        "EEXIST"
    );

    // write without truncate overwrites in place.
    let file = OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all(b"ab").unwrap();
    drop(file);
    assert_eq!(fs::read(&path).unwrap(), b"ab23456789");

    // append writes at the end even after a positioned read.
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(&path)
        .unwrap();
    let mut two = [0u8; 2];
    file.read(&mut two).unwrap();
    file.write_all(b"XY").unwrap();
    drop(file);
    assert_eq!(fs::read(&path).unwrap(), b"ab23456789XY");

    // truncate empties.
    let file = OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    assert_eq!(file.metadata().unwrap().len(), 0);

    // A read-only file refuses writes and a write-only one reads.
    let ro = File::open(&path).unwrap();
    assert_eq!(name(ro.write(b"x")), "EBADF");
    let mut buf = [0u8; 1];
    assert_eq!(name(file.read(&mut buf)), "EBADF");
}

#[test]
fn custom_flags_reach_open() {
    let _fds = shared();
    let dir = Scratch::new("file-custom");
    let target = dir.join("target");
    let link = dir.join("link");
    std::fs::write(&target, b"x").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&link)
        .unwrap_err();
    assert_eq!(err.name(), "ELOOP");
    assert!(OpenOptions::new().read(true).open(&link).is_ok());
}

#[test]
fn set_len_sync_and_metadata() {
    let _fds = shared();
    let dir = Scratch::new("file-len");
    let path = dir.join("f");
    let file = File::create_new(&path).unwrap();
    file.write_all(b"hello world").unwrap();
    file.sync_all().unwrap();
    file.sync_data().unwrap();
    file.set_len(5).unwrap();
    assert_eq!(file.metadata().unwrap().len(), 5);
    file.set_len(1 << 20).unwrap();
    let meta = file.metadata().unwrap();
    assert_eq!(meta.len(), 1 << 20);
    assert!(meta.is_file());
    let mut tail = [1u8; 4];
    file.read_exact_at(&mut tail, (1 << 20) - 4).unwrap();
    assert_eq!(tail, [0; 4]);
    file.set_permissions(fs::Permissions::from_mode(0o604))
        .unwrap();
    assert_eq!(file.metadata().unwrap().permissions().mode(), 0o604);
    assert_eq!(name(file.set_len(u64::MAX)), "EINVAL");
    assert_eq!(name(file.read_at(&mut tail, u64::MAX)), "EINVAL");
    assert_eq!(name(file.write_at(b"x", 1 << 63)), "EINVAL");
}

#[test]
fn drop_and_close_release_the_descriptor() {
    let _fds = FDS.write().unwrap_or_else(|e| e.into_inner());
    let dir = Scratch::new("file-close");
    let path = dir.join("f");
    std::fs::write(&path, b"x").unwrap();
    let file = File::open(&path).unwrap();
    let raw = file.as_raw_fd();
    assert!(is_open(raw));
    drop(file);
    assert!(!is_open(raw));

    let file = File::open(&path).unwrap();
    let raw = file.as_raw_fd();
    file.close().unwrap();
    assert!(!is_open(raw));

    // into_raw_fd hands the descriptor over: it stays open.
    let file = File::open(&path).unwrap();
    let raw = file.into_raw_fd();
    assert!(is_open(raw));
    ruv::fs::op::close(raw).unwrap();
    assert!(!is_open(raw));
}

/// Whether `fd` is an open descriptor of this process (only meaningful
/// while [`FDS`] is held exclusively).
fn is_open(fd: i32) -> bool {
    ruv::fs::op::fstat(fd).is_ok()
}

#[test]
fn files_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<File>();
    check::<OpenOptions>();
    check::<fs::Metadata>();
}
