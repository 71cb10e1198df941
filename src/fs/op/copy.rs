//! Copying data between descriptors (sendfile) and whole files (copyfile),
//! with libuv 1.44's choices: copy_file_range first, then sendfile(2), then
//! a read/write loop when the kernel cannot copy between the two.

use super::uv;
use crate::error::{code, Error, Result};
use crate::sys::fs as sys;
use std::ffi::CStr;
use std::io;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicBool, Ordering};

/// `uv_fs_copyfile` flags.
pub const COPYFILE_EXCL: i32 = 0x0001;
pub const COPYFILE_FICLONE: i32 = 0x0002;
pub const COPYFILE_FICLONE_FORCE: i32 = 0x0004;

/// Cleared once copy_file_range reports ENOSYS: it will never work.
static COPY_FILE_RANGE: AtomicBool = AtomicBool::new(true);

/// The read/write loop's chunk.
const CHUNK: usize = 8192;

fn errno(err: &io::Error) -> i32 {
    err.raw_os_error().unwrap_or(0)
}

/// Copies up to `len` bytes from `in_fd` at `offset` (its file position is
/// left alone) to `out_fd` at its position; returns how many were copied
/// (fewer at the end of the input).
pub fn sendfile(out_fd: RawFd, in_fd: RawFd, offset: i64, len: usize) -> Result<usize> {
    loop {
        match kernel_copy(out_fd, in_fd, offset, len) {
            Err(e) if errno(&e) == libc::EINTR => continue,
            other => return uv(other),
        }
    }
}

/// One attempt: copy_file_range, else sendfile(2), else the read/write loop.
fn kernel_copy(out_fd: RawFd, in_fd: RawFd, offset: i64, len: usize) -> io::Result<usize> {
    let mut off = offset;
    let mut attempt = None;
    if COPY_FILE_RANGE.load(Ordering::Relaxed) {
        match sys::copy_file_range(in_fd, &mut off, out_fd, len) {
            Err(e) if errno(&e) == libc::ENOSYS => COPY_FILE_RANGE.store(false, Ordering::Relaxed),
            // Another file system, or (before Linux 5.3) another mount, may
            // still work with sendfile.
            Err(e) if matches!(errno(&e), libc::EOPNOTSUPP | libc::EXDEV) => {}
            other => attempt = Some(other),
        }
    }
    let attempt = match attempt {
        Some(attempt) => attempt,
        None => sys::sendfile(out_fd, in_fd, &mut off, len),
    };
    // What moved counts even when the call also reported an error.
    if attempt.is_ok() || off > offset {
        return Ok((off - offset) as usize);
    }
    let err = attempt.unwrap_err();
    match errno(&err) {
        libc::EINVAL | libc::EIO | libc::ENOTSOCK | libc::EXDEV => {
            copy_by_hand(out_fd, in_fd, offset, len)
        }
        _ => Err(err),
    }
}

/// The read/write loop. A read error after some progress ends the copy
/// with that progress; a write error is always reported (data read is
/// lost). Reads are positional unless the input cannot seek; a full
/// non-blocking output is waited on.
fn copy_by_hand(out_fd: RawFd, in_fd: RawFd, offset: i64, len: usize) -> io::Result<usize> {
    let mut buf = [0u8; CHUNK];
    let mut positional = true;
    let mut offset = offset;
    let mut sent = 0usize;
    while sent < len {
        let want = (len - sent).min(CHUNK);
        let got = if positional {
            sys::pread_once(in_fd, &mut buf[..want], offset)
        } else {
            sys::read_once(in_fd, &mut buf[..want])
        };
        let got = match got {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if positional && sent == 0 && matches!(errno(&e), libc::EIO | libc::ESPIPE) => {
                positional = false;
                continue;
            }
            Err(e) if sent == 0 => return Err(e),
            Err(_) => break,
        };
        write_all(out_fd, &buf[..got])?;
        offset += got as i64;
        sent += got;
    }
    Ok(sent)
}

fn write_all(fd: RawFd, mut data: &[u8]) -> io::Result<()> {
    while !data.is_empty() {
        match sys::write_once(fd, data) {
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let revents =
                    sys::poll_writable(fd).map_err(|_| io::Error::from_raw_os_error(libc::EIO))?;
                if revents & !libc::POLLOUT != 0 {
                    return Err(io::Error::from_raw_os_error(libc::EIO));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// File systems where fchmod always fails with EPERM (CIFS and SMB shares
/// mounted without "noperm"); copyfile ignores that failure there.
fn is_cifs_or_smb(fd: RawFd) -> bool {
    const CIFS: u64 = 0xFF53_4D42;
    const SMB2: u64 = 0xFE53_4D42;
    const SMB: u64 = 0x517B;
    sys::fstatfs(fd).is_ok_and(|s| matches!(s.fs_type, CIFS | SMB2 | SMB))
}

/// Copies the file at `from` to `to` (created with `from`'s mode, or
/// truncated). `flags`: the `COPYFILE_*` bits; anything else is EINVAL.
/// Copying a file onto itself succeeds and changes nothing. On failure
/// after `to` was opened, `to` is removed.
pub fn copyfile(from: &CStr, to: &CStr, flags: i32) -> Result<()> {
    if flags & !(COPYFILE_EXCL | COPYFILE_FICLONE | COPYFILE_FICLONE_FORCE) != 0 {
        return Err(Error::from_code(code::EINVAL));
    }
    let src = super::open(from, libc::O_RDONLY, 0)?;
    let mut dst = None;
    let mut result = copy_into(src, to, flags, &mut dst);
    if let Err(e) = super::close(src) {
        result = result.and(Err(e));
    }
    if let Some(dst) = dst {
        if let Err(e) = super::close(dst) {
            result = result.and(Err(e));
        }
        if result.is_err() {
            let _ = super::unlink(to);
        }
    }
    result
}

/// copyfile's work once the source is open; `dst` receives the destination
/// descriptor as soon as it is open so the caller can close it.
fn copy_into(src: RawFd, to: &CStr, flags: i32, dst: &mut Option<RawFd>) -> Result<()> {
    let src_stat = super::fstat(src)?;
    let mut dst_flags = libc::O_WRONLY | libc::O_CREAT;
    if flags & COPYFILE_EXCL != 0 {
        dst_flags |= libc::O_EXCL;
    }
    let out = super::open(to, dst_flags, src_stat.mode as i32)?;
    *dst = Some(out);

    if flags & COPYFILE_EXCL == 0 {
        let dst_stat = super::fstat(out)?;
        if (src_stat.dev, src_stat.ino) == (dst_stat.dev, dst_stat.ino) {
            return Ok(());
        }
        // Some file systems refuse to truncate a new read-only file; a new
        // file is empty anyway.
        match super::ftruncate(out, 0) {
            Err(e) if e.code() != code::EACCES || dst_stat.size > 0 => return Err(e),
            _ => {}
        }
    }

    match super::fchmod(out, src_stat.mode as i32) {
        Err(e) if e.code() != code::EPERM || !is_cifs_or_smb(out) => return Err(e),
        _ => {}
    }

    if flags & (COPYFILE_FICLONE | COPYFILE_FICLONE_FORCE) != 0 {
        match sys::ficlone(out, src) {
            Ok(()) => return Ok(()),
            Err(e) if flags & COPYFILE_FICLONE_FORCE != 0 => return Err(Error::from_io(&e)),
            Err(_) => {}
        }
    }

    let mut remaining = src_stat.size;
    let mut offset = 0i64;
    while remaining != 0 {
        let chunk = remaining.min(isize::MAX as u64) as usize;
        let sent = sendfile(out, src, offset, chunk)?;
        if sent == 0 {
            // The source shrank while being copied (libuv would spin here).
            break;
        }
        remaining -= sent as u64;
        offset += sent as i64;
    }
    Ok(())
}
