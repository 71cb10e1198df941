//! Creating and connecting sockets. Every descriptor made here is
//! non-blocking and close-on-exec, as libuv makes them.

use socket2::SockAddr;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

fn owned(fd: RawFd) -> OwnedFd {
    // SAFETY: the caller passes a descriptor a system call just returned,
    // which nothing else owns.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// A new non-blocking socket of `domain` (AF_INET, AF_INET6, AF_UNIX) and
/// `kind` (SOCK_STREAM, SOCK_DGRAM).
pub fn socket(domain: i32, kind: i32) -> io::Result<OwnedFd> {
    let fd = syscall!(socket(
        domain,
        kind | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
        0
    ))?;
    Ok(owned(fd))
}

/// A connected pair of sockets of `kind`; `nonblock` chooses O_NONBLOCK for
/// both (uv_socketpair's flags are per end, and applied by the caller).
pub fn socketpair(kind: i32, nonblock: bool) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1; 2];
    let flags = libc::SOCK_CLOEXEC | if nonblock { libc::SOCK_NONBLOCK } else { 0 };
    syscall!(socketpair(libc::AF_UNIX, kind | flags, 0, fds.as_mut_ptr()))?;
    Ok((owned(fds[0]), owned(fds[1])))
}

pub fn bind(fd: BorrowedFd<'_>, addr: &SockAddr) -> io::Result<()> {
    syscall!(bind(fd.as_raw_fd(), addr.as_ptr(), addr.len()))?;
    Ok(())
}

pub fn listen(fd: BorrowedFd<'_>, backlog: i32) -> io::Result<()> {
    syscall!(listen(fd.as_raw_fd(), backlog))?;
    Ok(())
}

/// Starts connecting. `Ok(true)`: connected at once; `Ok(false)`: in
/// progress, writability will tell. EINTR is retried.
pub fn connect(fd: BorrowedFd<'_>, addr: &SockAddr) -> io::Result<bool> {
    loop {
        match syscall!(connect(fd.as_raw_fd(), addr.as_ptr(), addr.len())) {
            Ok(_) => return Ok(true),
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => return Ok(false),
            Err(e) => return Err(e),
        }
    }
}

/// Accepts one connection as a non-blocking, close-on-exec descriptor.
pub fn accept(fd: BorrowedFd<'_>) -> io::Result<OwnedFd> {
    loop {
        let res = syscall!(accept4(
            fd.as_raw_fd(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC
        ));
        match res {
            Ok(new) => return Ok(owned(new)),
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The pending error of a connecting socket (SO_ERROR), as a positive errno or 0.
pub fn take_error(fd: BorrowedFd<'_>) -> io::Result<i32> {
    let mut value: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    syscall!(getsockopt(
        fd.as_raw_fd(),
        libc::SOL_SOCKET,
        libc::SO_ERROR,
        &mut value as *mut libc::c_int as *mut libc::c_void,
        &mut len
    ))?;
    Ok(value)
}

fn name_of(
    fd: BorrowedFd<'_>,
    get: unsafe extern "C" fn(
        libc::c_int,
        *mut libc::sockaddr,
        *mut libc::socklen_t,
    ) -> libc::c_int,
) -> io::Result<SockAddr> {
    // SAFETY: try_init hands us zeroed sockaddr_storage and its length; the
    // call fills at most that many bytes and reports how many it wrote.
    let ((), addr) = unsafe {
        SockAddr::try_init(|storage, len| {
            if get(fd.as_raw_fd(), storage as *mut libc::sockaddr, len) == -1 {
                Err(io::Error::last_os_error())
            } else {
                Ok(())
            }
        })
    }?;
    Ok(addr)
}

/// The address the socket is bound to.
pub fn local_addr(fd: BorrowedFd<'_>) -> io::Result<SockAddr> {
    name_of(fd, libc::getsockname)
}

/// The address of the connected peer.
pub fn peer_addr(fd: BorrowedFd<'_>) -> io::Result<SockAddr> {
    name_of(fd, libc::getpeername)
}

/// Ends the sending direction (a FIN for TCP).
pub fn shutdown_write(fd: BorrowedFd<'_>) -> io::Result<()> {
    syscall!(shutdown(fd.as_raw_fd(), libc::SHUT_WR))?;
    Ok(())
}

/// The socket's type (SOCK_STREAM, SOCK_DGRAM) and family, for descriptors
/// handed in by the caller.
pub fn socket_type(fd: BorrowedFd<'_>) -> io::Result<(i32, i32)> {
    let sock = socket2::SockRef::from(&fd);
    let kind = sock.r#type()?;
    let family = local_addr(fd)?.family() as i32;
    Ok((i32::from(kind), family))
}

/// A second descriptor for the same socket (close-on-exec), for passing a
/// handle's socket over an ipc pipe while the handle keeps its own.
pub fn duplicate(fd: BorrowedFd<'_>) -> io::Result<OwnedFd> {
    let new = syscall!(fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 3))?;
    Ok(owned(new))
}

/// Copies a raw descriptor the caller owns into an `OwnedFd` the engine
/// will close.
///
/// # Safety
/// `fd` is open and nothing else will close it.
pub unsafe fn adopt(fd: RawFd) -> OwnedFd {
    // SAFETY: forwarded from the caller.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// Hands a descriptor back to raw form without closing it (for stdio
/// descriptors, which libuv never closes).
pub fn release(fd: OwnedFd) -> RawFd {
    std::os::fd::IntoRawFd::into_raw_fd(fd)
}

/// Whether `fd` is open (fcntl F_GETFD succeeds).
pub fn is_open(fd: RawFd) -> bool {
    syscall!(fcntl(fd, libc::F_GETFD)).is_ok()
}

/// Sets or clears O_NONBLOCK.
pub fn set_nonblocking(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    let flags = syscall!(fcntl(fd.as_raw_fd(), libc::F_GETFL))?;
    let wanted = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    if wanted != flags {
        syscall!(fcntl(fd.as_raw_fd(), libc::F_SETFL, wanted))?;
    }
    Ok(())
}

/// A descriptor kept only to be given up when the process runs out (see
/// the accept loop): the root directory, opened read-only.
pub fn reserve_descriptor() -> io::Result<OwnedFd> {
    let fd = syscall!(open(c"/".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC))?;
    Ok(owned(fd))
}
