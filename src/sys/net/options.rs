//! Socket options the TCP, pipe and UDP handles set.

use socket2::SockAddr;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};
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

/// Joins (or leaves) an IPv4 multicast group on the interface with address
/// `interface` (0.0.0.0: the kernel's choice).
pub fn ipv4_membership(
    fd: BorrowedFd<'_>,
    group: Ipv4Addr,
    interface: Ipv4Addr,
    join: bool,
) -> io::Result<()> {
    let request = libc::ip_mreq {
        imr_multiaddr: in_addr(group),
        imr_interface: in_addr(interface),
    };
    let name = if join {
        libc::IP_ADD_MEMBERSHIP
    } else {
        libc::IP_DROP_MEMBERSHIP
    };
    set_option_struct(fd, libc::IPPROTO_IP, name, &request)
}

/// Joins (or leaves) an IPv6 multicast group on interface number
/// `interface` (0: the kernel's choice).
pub fn ipv6_membership(
    fd: BorrowedFd<'_>,
    group: Ipv6Addr,
    interface: u32,
    join: bool,
) -> io::Result<()> {
    let request = libc::ipv6_mreq {
        ipv6mr_multiaddr: libc::in6_addr {
            s6_addr: group.octets(),
        },
        ipv6mr_interface: interface,
    };
    let name = if join {
        libc::IPV6_ADD_MEMBERSHIP
    } else {
        libc::IPV6_DROP_MEMBERSHIP
    };
    set_option_struct(fd, libc::IPPROTO_IPV6, name, &request)
}

/// Joins (or leaves) an IPv4 multicast group for datagrams from `source`
/// only.
pub fn ipv4_source_membership(
    fd: BorrowedFd<'_>,
    group: Ipv4Addr,
    interface: Ipv4Addr,
    source: Ipv4Addr,
    join: bool,
) -> io::Result<()> {
    let request = libc::ip_mreq_source {
        imr_multiaddr: in_addr(group),
        imr_interface: in_addr(interface),
        imr_sourceaddr: in_addr(source),
    };
    let name = if join {
        libc::IP_ADD_SOURCE_MEMBERSHIP
    } else {
        libc::IP_DROP_SOURCE_MEMBERSHIP
    };
    set_option_struct(fd, libc::IPPROTO_IP, name, &request)
}

/// Joins (or leaves) an IPv6 multicast group for datagrams from `source`
/// only (the protocol-independent MCAST_* request).
pub fn ipv6_source_membership(
    fd: BorrowedFd<'_>,
    group: &SockAddr,
    source: &SockAddr,
    interface: u32,
    join: bool,
) -> io::Result<()> {
    let request = libc::group_source_req {
        gsr_interface: interface,
        gsr_group: group.clone().as_storage(),
        gsr_source: source.clone().as_storage(),
    };
    let name = if join {
        libc::MCAST_JOIN_SOURCE_GROUP
    } else {
        libc::MCAST_LEAVE_SOURCE_GROUP
    };
    set_option_struct(fd, libc::IPPROTO_IPV6, name, &request)
}

/// Chooses the interface (by its IPv4 address) multicast datagrams leave by.
pub fn set_multicast_if_v4(fd: BorrowedFd<'_>, interface: Ipv4Addr) -> io::Result<()> {
    set_option_struct(
        fd,
        libc::IPPROTO_IP,
        libc::IP_MULTICAST_IF,
        &in_addr(interface),
    )
}

/// The number of the network interface called `name`, 0 if there is none.
pub fn interface_index(name: &str) -> u32 {
    match std::ffi::CString::new(name) {
        // SAFETY: a NUL-terminated name; if_nametoindex only reads it.
        Ok(name) => unsafe { libc::if_nametoindex(name.as_ptr()) },
        Err(_) => 0,
    }
}

fn in_addr(addr: Ipv4Addr) -> libc::in_addr {
    libc::in_addr {
        s_addr: u32::from_ne_bytes(addr.octets()),
    }
}
