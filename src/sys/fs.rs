//! File-system system calls, one thin function each. Paths are C strings
//! (what both the C ABI and the kernel speak); results are plain values or
//! the errno as `io::Error`. EINTR is retried where the call is restartable.

use std::ffi::CStr;
use std::io::{self, IoSlice, IoSliceMut};
use std::os::fd::RawFd;

/// What `statx` reports, in the units libuv's `uv_stat_t` uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RawStat {
    pub dev: u64,
    pub mode: u64,
    pub nlink: u64,
    pub uid: u64,
    pub gid: u64,
    pub rdev: u64,
    pub ino: u64,
    pub size: u64,
    pub blksize: u64,
    pub blocks: u64,
    /// (seconds, nanoseconds) pairs.
    pub atime: (i64, i64),
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
    pub birthtime: (i64, i64),
}

/// Retries a call while it fails with EINTR.
fn restart<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

pub fn open(path: &CStr, flags: i32, mode: u32) -> io::Result<RawFd> {
    // O_CLOEXEC always, as libuv does: descriptors do not leak into children.
    restart(|| syscall!(open(path.as_ptr(), flags | libc::O_CLOEXEC, mode)))
}

/// Closes a descriptor the caller owns. Not retried on EINTR: on Linux the
/// descriptor is gone either way, and a retry could close another one.
pub fn close(fd: RawFd) -> io::Result<()> {
    match syscall!(close(fd)) {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
        other => other.map(drop),
    }
}

/// Vectored read at `offset`, or at the current position when `offset` is negative.
pub fn read(fd: RawFd, bufs: &mut [IoSliceMut<'_>], offset: i64) -> io::Result<usize> {
    let count = bufs.len().min(libc::UIO_MAXIOV as usize) as libc::c_int;
    let iov = bufs.as_mut_ptr() as *const libc::iovec;
    let n = if offset < 0 {
        restart(|| syscall!(readv(fd, iov, count)))?
    } else {
        restart(|| syscall!(preadv(fd, iov, count, offset)))?
    };
    Ok(n as usize)
}

/// Vectored write at `offset`, or at the current position when `offset` is negative.
pub fn write(fd: RawFd, bufs: &[IoSlice<'_>], offset: i64) -> io::Result<usize> {
    let count = bufs.len().min(libc::UIO_MAXIOV as usize) as libc::c_int;
    let iov = bufs.as_ptr() as *const libc::iovec;
    let n = if offset < 0 {
        restart(|| syscall!(writev(fd, iov, count)))?
    } else {
        restart(|| syscall!(pwritev(fd, iov, count, offset)))?
    };
    Ok(n as usize)
}

fn statx_at(dirfd: RawFd, path: &CStr, flags: i32) -> io::Result<RawStat> {
    // SAFETY: an all-zero statx is a valid value of the plain C struct.
    let mut buf: libc::statx = unsafe { std::mem::zeroed() };
    let mask = libc::STATX_BASIC_STATS | libc::STATX_BTIME;
    restart(|| syscall!(statx(dirfd, path.as_ptr(), flags, mask, &mut buf)))?;
    let ts = |t: libc::statx_timestamp| (t.tv_sec, i64::from(t.tv_nsec));
    Ok(RawStat {
        dev: libc::makedev(buf.stx_dev_major, buf.stx_dev_minor),
        mode: u64::from(buf.stx_mode),
        nlink: u64::from(buf.stx_nlink),
        uid: u64::from(buf.stx_uid),
        gid: u64::from(buf.stx_gid),
        rdev: libc::makedev(buf.stx_rdev_major, buf.stx_rdev_minor),
        ino: buf.stx_ino,
        size: buf.stx_size,
        blksize: u64::from(buf.stx_blksize),
        blocks: buf.stx_blocks,
        atime: ts(buf.stx_atime),
        mtime: ts(buf.stx_mtime),
        ctime: ts(buf.stx_ctime),
        birthtime: ts(buf.stx_btime),
    })
}

pub fn stat(path: &CStr) -> io::Result<RawStat> {
    statx_at(libc::AT_FDCWD, path, libc::AT_STATX_SYNC_AS_STAT)
}

pub fn lstat(path: &CStr) -> io::Result<RawStat> {
    statx_at(
        libc::AT_FDCWD,
        path,
        libc::AT_STATX_SYNC_AS_STAT | libc::AT_SYMLINK_NOFOLLOW,
    )
}

pub fn fstat(fd: RawFd) -> io::Result<RawStat> {
    statx_at(fd, c"", libc::AT_STATX_SYNC_AS_STAT | libc::AT_EMPTY_PATH)
}

pub fn unlink(path: &CStr) -> io::Result<()> {
    syscall!(unlink(path.as_ptr())).map(drop)
}

pub fn mkdir(path: &CStr, mode: u32) -> io::Result<()> {
    syscall!(mkdir(path.as_ptr(), mode)).map(drop)
}

pub fn rmdir(path: &CStr) -> io::Result<()> {
    syscall!(rmdir(path.as_ptr())).map(drop)
}

pub fn rename(from: &CStr, to: &CStr) -> io::Result<()> {
    syscall!(rename(from.as_ptr(), to.as_ptr())).map(drop)
}

pub fn fsync(fd: RawFd) -> io::Result<()> {
    restart(|| syscall!(fsync(fd))).map(drop)
}

pub fn fdatasync(fd: RawFd) -> io::Result<()> {
    restart(|| syscall!(fdatasync(fd))).map(drop)
}

pub fn ftruncate(fd: RawFd, len: i64) -> io::Result<()> {
    restart(|| syscall!(ftruncate(fd, len))).map(drop)
}

pub fn access(path: &CStr, mode: i32) -> io::Result<()> {
    syscall!(access(path.as_ptr(), mode)).map(drop)
}

pub fn chmod(path: &CStr, mode: u32) -> io::Result<()> {
    syscall!(chmod(path.as_ptr(), mode)).map(drop)
}

pub fn fchmod(fd: RawFd, mode: u32) -> io::Result<()> {
    syscall!(fchmod(fd, mode)).map(drop)
}
