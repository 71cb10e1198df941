//! File-system system calls, one thin function each. Paths are C strings
//! (what both the C ABI and the kernel speak); results are plain values or
//! the errno as `io::Error`. EINTR is retried where the call is restartable.

use std::ffi::{CStr, CString};
use std::io::{self, IoSlice, IoSliceMut};
use std::os::fd::RawFd;

mod copy;
mod dir;

pub use copy::{
    copy_file_range, ficlone, poll_writable, pread_once, read_once, sendfile, write_once,
};
pub use dir::{Dir, RawDirent};

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

/// What `statfs` reports, as libuv's `uv_statfs_t` carries it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RawStatFs {
    pub fs_type: u64,
    pub bsize: u64,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
}

/// Retries a call while it fails with EINTR.
pub(crate) fn restart<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
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
    // One buffer: the plain calls, as libuv makes them (same count, less
    // work in the kernel than walking an iovec). The buffer is read as the
    // iovec it is, never as a Rust slice: a C caller's base may be NULL.
    // SAFETY: `iov` points to `count` >= 1 iovecs when count is 1 (IoSliceMut is an iovec).
    let first = if count == 1 {
        unsafe { *iov }
    } else {
        libc::iovec {
            iov_base: std::ptr::null_mut(),
            iov_len: 0,
        }
    };
    let n = match (count, offset < 0) {
        (1, true) => restart(|| syscall!(read(fd, first.iov_base, first.iov_len)))?,
        (1, false) => restart(|| syscall!(pread(fd, first.iov_base, first.iov_len, offset)))?,
        (_, true) => restart(|| syscall!(readv(fd, iov, count)))?,
        (_, false) => restart(|| syscall!(preadv(fd, iov, count, offset)))?,
    };
    Ok(n as usize)
}

/// Vectored write at `offset`, or at the current position when `offset` is negative.
pub fn write(fd: RawFd, bufs: &[IoSlice<'_>], offset: i64) -> io::Result<usize> {
    let count = bufs.len().min(libc::UIO_MAXIOV as usize) as libc::c_int;
    let iov = bufs.as_ptr() as *const libc::iovec;
    // SAFETY: as for reads: one iovec when count is 1 (IoSlice is an iovec).
    let first = if count == 1 {
        unsafe { *iov }
    } else {
        libc::iovec {
            iov_base: std::ptr::null_mut(),
            iov_len: 0,
        }
    };
    let n = match (count, offset < 0) {
        (1, true) => restart(|| syscall!(write(fd, first.iov_base, first.iov_len)))?,
        (1, false) => restart(|| syscall!(pwrite(fd, first.iov_base, first.iov_len, offset)))?,
        (_, true) => restart(|| syscall!(writev(fd, iov, count)))?,
        (_, false) => restart(|| syscall!(pwritev(fd, iov, count, offset)))?,
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

/// Sets access and modification times, `(seconds, nanoseconds)` each; with
/// `nofollow` a symbolic link's own times.
pub fn utimens(
    path: &CStr,
    atime: (i64, i64),
    mtime: (i64, i64),
    nofollow: bool,
) -> io::Result<()> {
    let times = [timespec(atime), timespec(mtime)];
    let flags = if nofollow {
        libc::AT_SYMLINK_NOFOLLOW
    } else {
        0
    };
    restart(|| {
        syscall!(utimensat(
            libc::AT_FDCWD,
            path.as_ptr(),
            times.as_ptr(),
            flags
        ))
    })
    .map(drop)
}

pub fn futimens(fd: RawFd, atime: (i64, i64), mtime: (i64, i64)) -> io::Result<()> {
    let times = [timespec(atime), timespec(mtime)];
    restart(|| syscall!(futimens(fd, times.as_ptr()))).map(drop)
}

fn timespec((tv_sec, tv_nsec): (i64, i64)) -> libc::timespec {
    libc::timespec { tv_sec, tv_nsec }
}

pub fn link(from: &CStr, to: &CStr) -> io::Result<()> {
    restart(|| syscall!(link(from.as_ptr(), to.as_ptr()))).map(drop)
}

pub fn symlink(target: &CStr, path: &CStr) -> io::Result<()> {
    restart(|| syscall!(symlink(target.as_ptr(), path.as_ptr()))).map(drop)
}

/// The target of a symbolic link, read into a buffer of `capacity` bytes
/// (a longer target comes back cut to that length, as readlink(2) does).
pub fn readlink(path: &CStr, capacity: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; capacity];
    let n = restart(|| syscall!(readlink(path.as_ptr(), buf.as_mut_ptr().cast(), buf.len())))?;
    buf.truncate(n as usize);
    Ok(buf)
}

/// The canonical absolute path, as realpath(3) resolves it.
pub fn realpath(path: &CStr) -> io::Result<CString> {
    restart(|| realpath_once(path))
}

fn realpath_once(path: &CStr) -> io::Result<CString> {
    // SAFETY: a NUL-terminated path; with a NULL buffer realpath allocates
    // the result with malloc, which is freed below after copying it.
    let resolved = unsafe { libc::realpath(path.as_ptr(), std::ptr::null_mut()) };
    if resolved.is_null() {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: realpath returned a NUL-terminated string it malloc'd.
    let owned = unsafe { CStr::from_ptr(resolved) }.to_owned();
    // SAFETY: malloc'd by realpath and not used after this.
    unsafe { libc::free(resolved.cast()) };
    Ok(owned)
}

/// `uid`/`gid` of `u32::MAX` (-1) leave that id unchanged.
pub fn chown(path: &CStr, uid: u32, gid: u32) -> io::Result<()> {
    restart(|| syscall!(chown(path.as_ptr(), uid, gid))).map(drop)
}

pub fn fchown(fd: RawFd, uid: u32, gid: u32) -> io::Result<()> {
    restart(|| syscall!(fchown(fd, uid, gid))).map(drop)
}

pub fn lchown(path: &CStr, uid: u32, gid: u32) -> io::Result<()> {
    restart(|| syscall!(lchown(path.as_ptr(), uid, gid))).map(drop)
}

/// mkdtemp(3): replaces the trailing `XXXXXX` of the NUL-terminated
/// `template` in place and creates that directory (mode 0700).
pub fn mkdtemp(template: &mut [u8]) -> io::Result<()> {
    assert_eq!(template.last(), Some(&0), "template is NUL-terminated");
    // SAFETY: a writable NUL-terminated buffer; mkdtemp only rewrites the
    // characters before the NUL.
    let res = unsafe { libc::mkdtemp(template.as_mut_ptr().cast()) };
    if res.is_null() {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// mkostemp(3) with O_CLOEXEC: like [`mkdtemp`] but creates a file (mode
/// 0600) and returns its descriptor.
pub fn mkostemp(template: &mut [u8]) -> io::Result<RawFd> {
    assert_eq!(template.last(), Some(&0), "template is NUL-terminated");
    syscall!(mkostemp(template.as_mut_ptr().cast(), libc::O_CLOEXEC))
}

pub fn statfs(path: &CStr) -> io::Result<RawStatFs> {
    // SAFETY: an all-zero statfs is a valid value of the plain C struct.
    let mut buf: libc::statfs64 = unsafe { std::mem::zeroed() };
    restart(|| syscall!(statfs64(path.as_ptr(), &mut buf)))?;
    Ok(RawStatFs::from(&buf))
}

/// fstatfs(2): the file-system facts of the one `fd` is on.
pub fn fstatfs(fd: RawFd) -> io::Result<RawStatFs> {
    // SAFETY: an all-zero statfs is a valid value of the plain C struct.
    let mut buf: libc::statfs64 = unsafe { std::mem::zeroed() };
    restart(|| syscall!(fstatfs64(fd, &mut buf)))?;
    Ok(RawStatFs::from(&buf))
}

impl From<&libc::statfs64> for RawStatFs {
    fn from(buf: &libc::statfs64) -> RawStatFs {
        RawStatFs {
            // f_type is a signed word; widen it as C's conversion does.
            fs_type: buf.f_type as u64,
            bsize: buf.f_bsize as u64,
            blocks: buf.f_blocks,
            bfree: buf.f_bfree,
            bavail: buf.f_bavail,
            files: buf.f_files,
            ffree: buf.f_ffree,
        }
    }
}
