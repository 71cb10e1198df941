//! Creating and connecting sockets. Every descriptor made here is
//! non-blocking and close-on-exec, as libuv makes them.

use socket2::SockAddr;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

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

/// uv_socketpair: a pair of connected sockets whose descriptors go to the
/// caller, each end non-blocking or not as asked.
pub fn socketpair_raw(
    kind: i32,
    protocol: i32,
    nonblock0: bool,
    nonblock1: bool,
) -> io::Result<(RawFd, RawFd)> {
    let mut fds = [-1; 2];
    syscall!(socketpair(
        libc::AF_UNIX,
        kind | libc::SOCK_CLOEXEC,
        protocol,
        fds.as_mut_ptr()
    ))?;
    let (a, b) = (owned(fds[0]), owned(fds[1]));
    set_nonblocking(a.as_fd(), nonblock0)?;
    set_nonblocking(b.as_fd(), nonblock1)?;
    Ok((release(a), release(b)))
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

/// Asks a socket whose connect is in progress whether it has finished, by
/// connecting again to the same address: `Ok(true)`: connected; `Ok(false)`:
/// still in progress (or interrupted), writability will tell; an error:
/// the connect failed with it, which the socket no longer holds.
pub fn connect_finished(fd: BorrowedFd<'_>, addr: &SockAddr) -> io::Result<bool> {
    match syscall!(connect(fd.as_raw_fd(), addr.as_ptr(), addr.len())) {
        Ok(_) => Ok(true),
        Err(e) => match e.raw_os_error() {
            Some(libc::EISCONN) => Ok(true),
            Some(libc::EALREADY | libc::EINPROGRESS | libc::EINTR) => Ok(false),
            _ => Err(e),
        },
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

/// The address of the Unix socket at `path`. A path longer than
/// `sun_path` is cut short, as libuv 1.44 does.
pub fn unix_addr(path: &[u8]) -> SockAddr {
    // SAFETY: an all-zero sockaddr_un is valid; the path is copied in
    // within bounds, leaving at least one NUL at the end.
    unsafe {
        let mut addr: libc::sockaddr_un = std::mem::zeroed();
        addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
        let room = addr.sun_path.len() - 1;
        let len = path.len().min(room);
        std::ptr::copy_nonoverlapping(path.as_ptr(), addr.sun_path.as_mut_ptr() as *mut u8, len);
        let mut storage: libc::sockaddr_storage = std::mem::zeroed();
        std::ptr::copy_nonoverlapping(
            &addr as *const libc::sockaddr_un as *const u8,
            &mut storage as *mut libc::sockaddr_storage as *mut u8,
            std::mem::size_of::<libc::sockaddr_un>(),
        );
        SockAddr::new(
            storage,
            std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t,
        )
    }
}

/// The path in a Unix socket address: up to the first NUL, or for an
/// abstract address (leading NUL) every byte the length covers.
pub fn unix_path_bytes(addr: &SockAddr) -> Vec<u8> {
    let offset = std::mem::size_of::<libc::sa_family_t>();
    let len = addr.len() as usize;
    if addr.family() != libc::AF_UNIX as libc::sa_family_t || len <= offset {
        return Vec::new();
    }
    // SAFETY: the address holds `len` initialised bytes.
    let bytes = unsafe { std::slice::from_raw_parts(addr.as_ptr() as *const u8, len) };
    let path = &bytes[offset..];
    if path.first() == Some(&0) {
        return path.to_vec();
    }
    let end = path.iter().position(|&b| b == 0).unwrap_or(path.len());
    path[..end].to_vec()
}

/// Whether a descriptor was opened for reading and for writing.
pub fn access_mode(fd: BorrowedFd<'_>) -> io::Result<(bool, bool)> {
    let mode = syscall!(fcntl(fd.as_raw_fd(), libc::F_GETFL))? & libc::O_ACCMODE;
    Ok((mode != libc::O_WRONLY, mode != libc::O_RDONLY))
}

fn c_path(path: &[u8]) -> io::Result<std::ffi::CString> {
    std::ffi::CString::new(path).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

/// Removes a socket file.
pub fn unlink_path(path: &[u8]) -> io::Result<()> {
    let path = c_path(path)?;
    syscall!(unlink(path.as_ptr()))?;
    Ok(())
}

/// Adds read and/or write permission for everyone to a socket file.
pub fn chmod_socket(path: &[u8], readable: bool, writable: bool) -> io::Result<()> {
    let path = c_path(path)?;
    // SAFETY: an all-zero stat is valid for stat to fill.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    syscall!(stat(path.as_ptr(), &mut st))?;
    let mut wanted = 0;
    if readable {
        wanted |= libc::S_IRUSR | libc::S_IRGRP | libc::S_IROTH;
    }
    if writable {
        wanted |= libc::S_IWUSR | libc::S_IWGRP | libc::S_IWOTH;
    }
    if st.st_mode & wanted == wanted {
        return Ok(());
    }
    syscall!(chmod(path.as_ptr(), st.st_mode | wanted))?;
    Ok(())
}

/// uv_pipe: an anonymous pipe whose ends go to the caller, each
/// non-blocking or not as asked.
pub fn pipe_raw(nonblock_read: bool, nonblock_write: bool) -> io::Result<(RawFd, RawFd)> {
    let mut fds = [-1; 2];
    syscall!(pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC))?;
    let (r, w) = (owned(fds[0]), owned(fds[1]));
    set_nonblocking(r.as_fd(), nonblock_read)?;
    set_nonblocking(w.as_fd(), nonblock_write)?;
    Ok((release(r), release(w)))
}

/// What a descriptor is, in the terms of libuv's uv_guess_handle.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DescriptorKind {
    Tty,
    File,
    Fifo,
    TcpSocket,
    UdpSocket,
    UnixStream,
    Unknown,
}

/// Tells a terminal, a file, a FIFO and the socket kinds apart.
pub fn descriptor_kind(fd: RawFd) -> DescriptorKind {
    if fd < 0 {
        return DescriptorKind::Unknown;
    }
    // SAFETY: isatty accepts any integer.
    if unsafe { libc::isatty(fd) } == 1 {
        return DescriptorKind::Tty;
    }
    // SAFETY: an all-zero stat is valid for fstat to fill.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if syscall!(fstat(fd, &mut st)).is_err() {
        return DescriptorKind::Unknown;
    }
    match st.st_mode & libc::S_IFMT {
        libc::S_IFREG | libc::S_IFCHR => return DescriptorKind::File,
        libc::S_IFIFO => return DescriptorKind::Fifo,
        libc::S_IFSOCK => {}
        _ => return DescriptorKind::Unknown,
    }
    // SAFETY: the descriptor is open (fstat succeeded) for this call.
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    let Ok(kind) = socket2::SockRef::from(&fd).r#type() else {
        return DescriptorKind::Unknown;
    };
    let Ok(addr) = local_addr(fd) else {
        return DescriptorKind::Unknown;
    };
    let family = i32::from(addr.family());
    let inet = family == libc::AF_INET || family == libc::AF_INET6;
    match i32::from(kind) {
        libc::SOCK_DGRAM if inet => DescriptorKind::UdpSocket,
        libc::SOCK_STREAM if inet => DescriptorKind::TcpSocket,
        libc::SOCK_STREAM if family == libc::AF_UNIX => DescriptorKind::UnixStream,
        _ => DescriptorKind::Unknown,
    }
}
