//! Reads and writes on sockets (and any descriptor a stream wraps), with
//! libuv's calls: read/write (recv/send on a socket, see [`Calls`]) for one
//! buffer, writev for several, and recvmsg/sendmsg when descriptors travel
//! with the bytes.

use crate::sys::buf::RawBuf;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

/// The most buffers one writev takes (IOV_MAX on Linux).
pub const MAX_IOVECS: usize = 1024;

pub(super) fn retry<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            other => return other,
        }
    }
}

/// Which calls read and write a stream's descriptor. A socket's are
/// `recv`/`send` (no flags, so the same as `read`/`write` on it): they
/// skip the file layer's per-call work (position lock, permission hook,
/// change notification) that `read`/`write` go through, about 3 % of a
/// loopback round trip. Anything else (a pipe, a terminal) uses
/// `read`/`write`. A descriptor taken for a socket that is not one (a
/// TCP handle opened on something else) falls back, call by call.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Calls {
    Socket,
    File,
}

/// Reads into `buf`; 0 means end of stream.
#[inline]
pub fn read(fd: BorrowedFd<'_>, buf: &mut [u8], calls: Calls) -> io::Result<usize> {
    // SAFETY: `buf` is writable for its whole length.
    unsafe { read_into(fd, buf.as_mut_ptr(), buf.len(), calls) }
}

/// Reads into a lent buffer; 0 means end of stream.
#[inline]
pub fn read_raw(fd: BorrowedFd<'_>, buf: RawBuf, calls: Calls) -> io::Result<usize> {
    // SAFETY: the loan's maker vouched for `len` writable bytes at `base`.
    unsafe { read_into(fd, buf.base(), buf.len(), calls) }
}

/// # Safety
/// `len` bytes at `base` must be writable.
#[inline(always)]
unsafe fn read_into(
    fd: BorrowedFd<'_>,
    base: *mut u8,
    len: usize,
    calls: Calls,
) -> io::Result<usize> {
    let base = base as *mut libc::c_void;
    if calls == Calls::Socket {
        match retry(|| syscall!(recv(fd.as_raw_fd(), base, len, 0))) {
            Err(e) if e.raw_os_error() == Some(libc::ENOTSOCK) => {}
            other => return other.map(|n| n as usize),
        }
    }
    retry(|| syscall!(read(fd.as_raw_fd(), base, len))).map(|n| n as usize)
}

/// Writes `buf`, returning how much the kernel took.
#[inline]
pub fn write(fd: BorrowedFd<'_>, buf: &[u8], calls: Calls) -> io::Result<usize> {
    // SAFETY: `buf` is readable for its whole length.
    unsafe { write_from(fd, buf.as_ptr(), buf.len(), calls) }
}

/// # Safety
/// `len` bytes at `base` must be readable.
#[inline(always)]
unsafe fn write_from(
    fd: BorrowedFd<'_>,
    base: *const u8,
    len: usize,
    calls: Calls,
) -> io::Result<usize> {
    let base = base as *const libc::c_void;
    if calls == Calls::Socket {
        match retry(|| syscall!(send(fd.as_raw_fd(), base, len, 0))) {
            Err(e) if e.raw_os_error() == Some(libc::ENOTSOCK) => {}
            other => return other.map(|n| n as usize),
        }
    }
    retry(|| syscall!(write(fd.as_raw_fd(), base, len))).map(|n| n as usize)
}

/// Writes lent buffers in order (at most [`MAX_IOVECS`] of them): one
/// `write` (or `send`) for a single buffer, `writev` otherwise.
pub fn writev_raw(fd: BorrowedFd<'_>, bufs: &[RawBuf], calls: Calls) -> io::Result<usize> {
    let bufs = &bufs[..bufs.len().min(MAX_IOVECS)];
    if let [one] = bufs {
        // SAFETY: each loan is readable.
        return unsafe { write_from(fd, one.base(), one.len(), calls) };
    }
    // RawBuf is laid out as struct iovec, and each loan is readable.
    retry(|| {
        syscall!(writev(
            fd.as_raw_fd(),
            bufs.as_ptr() as *const libc::iovec,
            bufs.len() as libc::c_int
        ))
    })
    .map(|n| n as usize)
}

/// Room for the descriptors one message may carry.
const MAX_PASSED_FDS: usize = 64;
const CMSG_ROOM: usize = 64 * std::mem::size_of::<RawFd>() + 64;

#[repr(C, align(8))]
struct CmsgBuf([u8; CMSG_ROOM]);

/// Sends `data` with `passed` attached as SCM_RIGHTS (a Rust caller's
/// bytes; [`send_with_fd`] takes lent buffers).
pub fn send_bytes_with_fd(
    fd: BorrowedFd<'_>,
    data: &[u8],
    passed: BorrowedFd<'_>,
) -> io::Result<usize> {
    // SAFETY: sendmsg only reads the loan, and `data` outlives the call.
    let buf = unsafe { RawBuf::new(data.as_ptr() as *mut u8, data.len()) };
    send_with_fd(fd, &[buf], Some(passed))
}

/// Sends `bufs` with `passed` (if any) attached as SCM_RIGHTS.
pub fn send_with_fd(
    fd: BorrowedFd<'_>,
    bufs: &[RawBuf],
    passed: Option<BorrowedFd<'_>>,
) -> io::Result<usize> {
    let bufs = &bufs[..bufs.len().min(MAX_IOVECS)];
    let mut control = CmsgBuf([0; CMSG_ROOM]);
    // SAFETY: an all-zero msghdr is valid; the fields are set below.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = bufs.as_ptr() as *mut libc::iovec;
    msg.msg_iovlen = bufs.len();
    if let Some(passed) = passed {
        // SAFETY: CMSG_SPACE is a pure size computation.
        let space = unsafe { libc::CMSG_SPACE(std::mem::size_of::<RawFd>() as u32) } as usize;
        msg.msg_control = control.0.as_mut_ptr() as *mut libc::c_void;
        msg.msg_controllen = space;
        // SAFETY: msg_control points at `space` bytes, room for one header
        // carrying one descriptor.
        unsafe {
            let header = libc::CMSG_FIRSTHDR(&msg);
            (*header).cmsg_level = libc::SOL_SOCKET;
            (*header).cmsg_type = libc::SCM_RIGHTS;
            (*header).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<RawFd>() as u32) as usize;
            std::ptr::write_unaligned(libc::CMSG_DATA(header) as *mut RawFd, passed.as_raw_fd());
        }
    }
    retry(|| syscall!(sendmsg(fd.as_raw_fd(), &msg, 0))).map(|n| n as usize)
}

/// Receives into `buf` (a Rust caller's buffer); descriptors that came
/// along are appended to `fds` (close-on-exec).
pub fn recv_bytes_with_fds(
    fd: BorrowedFd<'_>,
    buf: &mut [u8],
    fds: &mut Vec<OwnedFd>,
) -> io::Result<usize> {
    // SAFETY: `buf` is writable for its length and outlives the call.
    let loan = unsafe { RawBuf::new(buf.as_mut_ptr(), buf.len()) };
    recv_with_fds(fd, loan, fds)
}

/// Receives into a lent buffer; descriptors that came along are appended
/// to `fds` (close-on-exec).
pub fn recv_with_fds(fd: BorrowedFd<'_>, buf: RawBuf, fds: &mut Vec<OwnedFd>) -> io::Result<usize> {
    let mut control = CmsgBuf([0; CMSG_ROOM]);
    let mut iov = libc::iovec {
        iov_base: buf.base() as *mut libc::c_void,
        iov_len: buf.len(),
    };
    // SAFETY: an all-zero msghdr is valid; the fields are set below.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr() as *mut libc::c_void;
    msg.msg_controllen = CMSG_ROOM;
    let n = retry(|| syscall!(recvmsg(fd.as_raw_fd(), &mut msg, libc::MSG_CMSG_CLOEXEC)))?;
    // SAFETY: recvmsg filled msg_control with msg_controllen bytes of
    // well-formed control messages; the CMSG macros walk exactly those.
    unsafe {
        let mut header = libc::CMSG_FIRSTHDR(&msg);
        while !header.is_null() {
            if (*header).cmsg_level == libc::SOL_SOCKET && (*header).cmsg_type == libc::SCM_RIGHTS {
                let data = libc::CMSG_DATA(header) as *const RawFd;
                let bytes = (*header).cmsg_len - (data as usize - header as usize);
                let count = (bytes / std::mem::size_of::<RawFd>()).min(MAX_PASSED_FDS);
                for i in 0..count {
                    let passed = std::ptr::read_unaligned(data.add(i));
                    fds.push(OwnedFd::from_raw_fd(passed));
                }
            }
            header = libc::CMSG_NXTHDR(&msg, header);
        }
    }
    Ok(n as usize)
}
