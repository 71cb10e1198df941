//! C socket addresses in and out: `struct sockaddr*` from the caller turns
//! into the engine's `SockAddr`, and names go back into the caller's
//! buffer with libuv's length rules.

use crate::error::UV_EINVAL;
use libc::{c_int, sockaddr, sockaddr_in, sockaddr_in6};
use ruv::sys::net::SockAddr;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

/// Reads an IPv4 or IPv6 address; NULL or another family is UV_EINVAL.
///
/// # Safety
/// `addr` is NULL or points at a sockaddr of the size its family implies.
pub(crate) unsafe fn inet_from_c(addr: *const sockaddr) -> Result<SockAddr, c_int> {
    if addr.is_null() {
        return Err(UV_EINVAL);
    }
    // SAFETY: a sockaddr, per the caller; the family says which one.
    unsafe {
        match c_int::from((*addr).sa_family) {
            libc::AF_INET => {
                let v4 = &*(addr as *const sockaddr_in);
                let ip = Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr));
                let port = u16::from_be(v4.sin_port);
                Ok(SockAddr::from(SocketAddr::V4(SocketAddrV4::new(ip, port))))
            }
            libc::AF_INET6 => {
                let v6 = &*(addr as *const sockaddr_in6);
                let ip = Ipv6Addr::from(v6.sin6_addr.s6_addr);
                let port = u16::from_be(v6.sin6_port);
                Ok(SockAddr::from(SocketAddr::V6(SocketAddrV6::new(
                    ip,
                    port,
                    v6.sin6_flowinfo,
                    v6.sin6_scope_id,
                ))))
            }
            _ => Err(UV_EINVAL),
        }
    }
}

/// Copies `addr` into the caller's buffer of `*namelen` bytes (truncating
/// if it is short) and stores the full length in `*namelen`.
///
/// # Safety
/// `name` is writable for `*namelen` bytes; `namelen` is valid.
pub(crate) unsafe fn to_c(addr: &SockAddr, name: *mut sockaddr, namelen: *mut c_int) -> c_int {
    if name.is_null() || namelen.is_null() {
        return UV_EINVAL;
    }
    // SAFETY: valid pointers, per the caller.
    unsafe {
        let room = (*namelen).max(0) as usize;
        let len = addr.len() as usize;
        std::ptr::copy_nonoverlapping(addr.as_ptr() as *const u8, name as *mut u8, len.min(room));
        *namelen = len as c_int;
    }
    0
}
