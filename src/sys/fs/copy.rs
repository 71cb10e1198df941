//! The calls behind sendfile and copyfile: in-kernel copies, the positional
//! and plain reads and writes of the fallback copy, waiting for a
//! non-blocking descriptor to take more, and reflinks.

use super::restart;
use std::io;
use std::os::fd::RawFd;

/// copy_file_range(2) from `input` at `*offset` (advanced by what was
/// copied) to `output` at its current position.
pub fn copy_file_range(
    input: RawFd,
    offset: &mut i64,
    output: RawFd,
    len: usize,
) -> io::Result<usize> {
    let n = syscall!(copy_file_range(
        input,
        offset,
        output,
        std::ptr::null_mut(),
        len,
        0
    ))?;
    Ok(n as usize)
}

/// sendfile(2) from `input` at `*offset` (advanced by what was sent) to
/// `output`. Not retried here: the caller decides what an error means once
/// it has looked at how far `offset` moved.
pub fn sendfile(output: RawFd, input: RawFd, offset: &mut i64, len: usize) -> io::Result<usize> {
    let n = syscall!(sendfile64(output, input, offset, len))?;
    Ok(n as usize)
}

/// One pread(2) into `buf`, retried on EINTR.
pub fn pread_once(fd: RawFd, buf: &mut [u8], offset: i64) -> io::Result<usize> {
    let n = restart(|| syscall!(pread64(fd, buf.as_mut_ptr().cast(), buf.len(), offset)))?;
    Ok(n as usize)
}

/// One read(2) into `buf`, retried on EINTR.
pub fn read_once(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    let n = restart(|| syscall!(read(fd, buf.as_mut_ptr().cast(), buf.len())))?;
    Ok(n as usize)
}

/// One write(2) of `buf`, retried on EINTR.
pub fn write_once(fd: RawFd, buf: &[u8]) -> io::Result<usize> {
    let n = restart(|| syscall!(write(fd, buf.as_ptr().cast(), buf.len())))?;
    Ok(n as usize)
}

/// Blocks until `fd` is writable; returns the poll(2) `revents`.
pub fn poll_writable(fd: RawFd) -> io::Result<i16> {
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLOUT,
        revents: 0,
    };
    restart(|| syscall!(poll(&mut pfd, 1, -1)))?;
    Ok(pfd.revents)
}

/// Makes `dst` share `src`'s data (ioctl FICLONE, a copy-on-write reflink).
pub fn ficlone(dst: RawFd, src: RawFd) -> io::Result<()> {
    syscall!(ioctl(dst, libc::FICLONE, src)).map(drop)
}
