//! The file-system operations with libuv's semantics, run synchronously on
//! the calling thread. The C layer runs them on the pool for `uv_fs_*`
//! requests with a callback (and inline without one); [`super`]'s Rust API
//! builds on them too.

use crate::error::{Error, Result};
use crate::sys::fs as sys;
use std::ffi::CStr;
use std::io::{IoSlice, IoSliceMut};
use std::os::fd::RawFd;

pub use crate::sys::fs::RawStat as Stat;
pub use crate::sys::fs::RawStatFs as StatFs;

mod copy;
mod dirs;
mod links;
mod owner;
mod temp;
mod times;

pub use copy::{copyfile, sendfile, COPYFILE_EXCL, COPYFILE_FICLONE, COPYFILE_FICLONE_FORCE};
pub use dirs::{closedir, opendir, readdir, scandir, Dir, DirEntry, DirentType};
pub use links::{link, readlink, realpath, symlink, SYMLINK_DIR, SYMLINK_JUNCTION};
pub use owner::{chown, fchown, lchown};
pub use temp::{mkdtemp, mkstemp};
pub use times::{futime, lutime, utime};

pub(crate) fn uv<T>(result: std::io::Result<T>) -> Result<T> {
    result.map_err(|e| Error::from_io(&e))
}

/// Opens `path`; `flags` are the `UV_FS_O_*` (= `O_*`) bits.
pub fn open(path: &CStr, flags: i32, mode: i32) -> Result<RawFd> {
    uv(sys::open(path, flags, mode as u32))
}

pub fn close(fd: RawFd) -> Result<()> {
    uv(sys::close(fd))
}

/// One vectored read: at `offset`, or at the current position when it is
/// negative. Like libuv, a short read is returned as it is; 0 means end of file.
pub fn read(fd: RawFd, bufs: &mut [IoSliceMut<'_>], offset: i64) -> Result<usize> {
    uv(sys::read(fd, bufs, offset))
}

/// Writes all of `bufs` (as libuv does, a short write is continued until
/// everything is written or an error comes; an error after some progress
/// returns the progress). At `offset`, or at the current position when negative.
pub fn write(fd: RawFd, mut bufs: &mut [IoSlice<'_>], offset: i64) -> Result<usize> {
    let mut total = 0usize;
    let mut offset = offset;
    while !bufs.is_empty() {
        match sys::write(fd, bufs, offset) {
            Ok(0) => break,
            Ok(n) => {
                total += n;
                if offset >= 0 {
                    offset += n as i64;
                }
                IoSlice::advance_slices(&mut bufs, n);
            }
            Err(e) if total == 0 => return Err(Error::from_io(&e)),
            Err(_) => break,
        }
    }
    Ok(total)
}

pub fn stat(path: &CStr) -> Result<Stat> {
    uv(sys::stat(path))
}

pub fn lstat(path: &CStr) -> Result<Stat> {
    uv(sys::lstat(path))
}

pub fn fstat(fd: RawFd) -> Result<Stat> {
    uv(sys::fstat(fd))
}

pub fn unlink(path: &CStr) -> Result<()> {
    uv(sys::unlink(path))
}

pub fn mkdir(path: &CStr, mode: i32) -> Result<()> {
    uv(sys::mkdir(path, mode as u32))
}

pub fn rmdir(path: &CStr) -> Result<()> {
    uv(sys::rmdir(path))
}

pub fn rename(from: &CStr, to: &CStr) -> Result<()> {
    uv(sys::rename(from, to))
}

pub fn fsync(fd: RawFd) -> Result<()> {
    uv(sys::fsync(fd))
}

pub fn fdatasync(fd: RawFd) -> Result<()> {
    uv(sys::fdatasync(fd))
}

pub fn ftruncate(fd: RawFd, len: i64) -> Result<()> {
    uv(sys::ftruncate(fd, len))
}

/// `mode` is a mix of `F_OK`, `R_OK`, `W_OK`, `X_OK`.
pub fn access(path: &CStr, mode: i32) -> Result<()> {
    uv(sys::access(path, mode))
}

pub fn chmod(path: &CStr, mode: i32) -> Result<()> {
    uv(sys::chmod(path, mode as u32))
}

pub fn fchmod(fd: RawFd, mode: i32) -> Result<()> {
    uv(sys::fchmod(fd, mode as u32))
}

/// Facts about the file system `path` is on (`uv_statfs_t`).
pub fn statfs(path: &CStr) -> Result<StatFs> {
    uv(sys::statfs(path))
}
