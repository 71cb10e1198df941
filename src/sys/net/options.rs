//! Socket options the TCP, pipe and UDP handles set.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

fn set_int(fd: BorrowedFd<'_>, level: i32, name: i32, value: i32) -> io::Result<()> {
    syscall!(setsockopt(
        fd.as_raw_fd(),
        level,
        name,
        &value as *const i32 as *const libc::c_void,
        std::mem::size_of::<i32>() as libc::socklen_t
    ))?;
    Ok(())
}

fn get_int(fd: BorrowedFd<'_>, level: i32, name: i32) -> io::Result<i32> {
    let mut value: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    syscall!(getsockopt(
        fd.as_raw_fd(),
        level,
        name,
        &mut value as *mut i32 as *mut libc::c_void,
        &mut len
    ))?;
    Ok(value)
}

pub fn set_nodelay(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, i32::from(on))
}

/// Turns keep-alive on with the first probe after `delay_secs` idle
/// seconds, or off.
pub fn set_keepalive(fd: BorrowedFd<'_>, on: bool, delay_secs: u32) -> io::Result<()> {
    set_int(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE, i32::from(on))?;
    if on {
        set_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, delay_secs as i32)?;
    }
    Ok(())
}

pub fn set_reuseaddr(fd: BorrowedFd<'_>) -> io::Result<()> {
    set_int(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)
}

pub fn set_ipv6only(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(fd, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, i32::from(on))
}

/// SO_LINGER with a zero timeout: closing then sends a reset.
pub fn set_linger_zero(fd: BorrowedFd<'_>) -> io::Result<()> {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    syscall!(setsockopt(
        fd.as_raw_fd(),
        libc::SOL_SOCKET,
        libc::SO_LINGER,
        &linger as *const libc::linger as *const libc::c_void,
        std::mem::size_of::<libc::linger>() as libc::socklen_t
    ))?;
    Ok(())
}

/// SO_SNDBUF / SO_RCVBUF: `value` 0 reads the size, anything else sets it.
/// Returns the size after the call, as getsockopt reports it.
pub fn buffer_size(fd: BorrowedFd<'_>, send: bool, value: i32) -> io::Result<i32> {
    let name = if send {
        libc::SO_SNDBUF
    } else {
        libc::SO_RCVBUF
    };
    if value != 0 {
        set_int(fd, libc::SOL_SOCKET, name, value)?;
    }
    get_int(fd, libc::SOL_SOCKET, name)
}

/// Sets an integer option at `level`; for the UDP layer's options.
pub fn set_option(fd: BorrowedFd<'_>, level: i32, name: i32, value: i32) -> io::Result<()> {
    set_int(fd, level, name, value)
}

/// Sets an option whose value is a C struct (ip_mreq and friends).
pub fn set_option_struct<T: Copy>(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
    value: &T,
) -> io::Result<()> {
    syscall!(setsockopt(
        fd.as_raw_fd(),
        level,
        name,
        value as *const T as *const libc::c_void,
        std::mem::size_of::<T>() as libc::socklen_t
    ))?;
    Ok(())
}
