//! Socket addresses from and to text: `uv_ip4_addr`, `uv_ip6_addr`,
//! `uv_ip4_name`, `uv_ip6_name`, `uv_ip_name`, `uv_inet_ntop` and
//! `uv_inet_pton`, with libuv's parsing rules (`ruv::net::dns::inet`) and
//! error codes: `EINVAL` for text that is not an address, `ENOSPC` for a
//! buffer too short for the text and its NUL, `EAFNOSUPPORT` for a family
//! other than `AF_INET` and `AF_INET6`. NULL pointers, which crash libuv,
//! are `EINVAL` here.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use libc::{c_char, c_int, c_void, size_t};
use ruv::error::code;
use ruv::net::dns::inet;
use std::ffi::CStr;

/// libuv's INET6_ADDRSTRLEN: the longest address part `uv_inet_pton`
/// takes before a "%zone" is one less.
const INET6_TEXT_MAX: usize = 46;
/// `uv_ip6_addr` keeps at most this many bytes before a "%zone".
const IP6_ADDR_PART_MAX: usize = 39;

/// Parses `text` for `af` into `dst` (4 or 16 bytes), as uv_inet_pton.
///
/// # Safety
/// `dst` has room for the family's address.
unsafe fn pton(af: c_int, text: &[u8], dst: *mut u8) -> c_int {
    let mut bytes = [0u8; 16];
    let len = match af {
        libc::AF_INET => match inet::parse_ipv4(text) {
            Some(a) => {
                bytes[..4].copy_from_slice(&a);
                4
            }
            None => return UV_EINVAL,
        },
        libc::AF_INET6 => {
            let text = match text.iter().position(|&b| b == b'%') {
                Some(at) if at > INET6_TEXT_MAX - 1 => return UV_EINVAL,
                Some(at) => &text[..at],
                None => text,
            };
            match inet::parse_ipv6(text) {
                Some(a) => {
                    bytes = a;
                    16
                }
                None => return UV_EINVAL,
            }
        }
        _ => return code::EAFNOSUPPORT,
    };
    // SAFETY: room for `len` bytes, per the caller.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, len) };
    0
}

/// Writes the text of the 4- or 16-byte address at `src` for `af` into
/// `dst`, as uv_inet_ntop.
///
/// # Safety
/// `src` has the family's address; `dst` is NULL or has `size` bytes.
unsafe fn ntop(af: c_int, src: *const u8, dst: *mut c_char, size: size_t) -> c_int {
    if !matches!(af, libc::AF_INET | libc::AF_INET6) {
        return code::EAFNOSUPPORT;
    }
    if src.is_null() {
        return UV_EINVAL;
    }
    // SAFETY: the family's address is readable at `src` (caller).
    let text = unsafe {
        if af == libc::AF_INET {
            inet::format_ipv4(&*(src as *const [u8; 4]))
        } else {
            inet::format_ipv6(&*(src as *const [u8; 16]))
        }
    };
    let text = text.as_bytes();
    if text.len() >= size {
        return code::ENOSPC;
    }
    if dst.is_null() {
        return UV_EINVAL;
    }
    // SAFETY: `dst` has `size` > text.len() bytes (caller).
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), dst.cast::<u8>(), text.len());
        *dst.add(text.len()) = 0;
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn uv_inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int {
    guard("uv_inet_pton", UV_EINVAL, || {
        if src.is_null() || dst.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a NUL-terminated string and room for the address, per the API.
        unsafe { pton(af, CStr::from_ptr(src).to_bytes(), dst.cast()) }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_inet_ntop(
    af: c_int,
    src: *const c_void,
    dst: *mut c_char,
    size: size_t,
) -> c_int {
    guard("uv_inet_ntop", UV_EINVAL, || {
        // SAFETY: per the API.
        unsafe { ntop(af, src.cast(), dst, size) }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_ip4_addr(
    ip: *const c_char,
    port: c_int,
    addr: *mut libc::sockaddr_in,
) -> c_int {
    guard("uv_ip4_addr", UV_EINVAL, || {
        if addr.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a writable sockaddr_in, per the API.
        unsafe {
            addr.write_bytes(0, 1);
            (*addr).sin_family = libc::AF_INET as libc::sa_family_t;
            (*addr).sin_port = (port as u16).to_be();
        }
        if ip.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a NUL-terminated string, per the API; sin_addr has 4 bytes.
        unsafe {
            let text = CStr::from_ptr(ip).to_bytes();
            pton(
                libc::AF_INET,
                text,
                std::ptr::addr_of_mut!((*addr).sin_addr).cast(),
            )
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_ip6_addr(
    ip: *const c_char,
    port: c_int,
    addr: *mut libc::sockaddr_in6,
) -> c_int {
    guard("uv_ip6_addr", UV_EINVAL, || {
        if addr.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a writable sockaddr_in6, per the API.
        unsafe {
            addr.write_bytes(0, 1);
            (*addr).sin6_family = libc::AF_INET6 as libc::sa_family_t;
            (*addr).sin6_port = (port as u16).to_be();
        }
        if ip.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a NUL-terminated string, per the API.
        let text = unsafe { CStr::from_ptr(ip) };
        let bytes = text.to_bytes();
        let address = match bytes.iter().position(|&b| b == b'%') {
            Some(at) => {
                // An unknown interface name leaves the scope 0, as in libuv.
                let zone = &text.to_bytes_with_nul()[at + 1..];
                let zone = CStr::from_bytes_with_nul(zone).expect("one NUL, at the end");
                // SAFETY: as above.
                unsafe { (*addr).sin6_scope_id = ruv::sys::ifaddrs::name_to_index(zone) };
                &bytes[..at.min(IP6_ADDR_PART_MAX)]
            }
            None => bytes,
        };
        // SAFETY: sin6_addr has 16 bytes.
        unsafe {
            pton(
                libc::AF_INET6,
                address,
                std::ptr::addr_of_mut!((*addr).sin6_addr).cast(),
            )
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_ip4_name(
    src: *const libc::sockaddr_in,
    dst: *mut c_char,
    size: size_t,
) -> c_int {
    guard("uv_ip4_name", UV_EINVAL, || {
        if src.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a sockaddr_in, per the API; `dst` has `size` bytes.
        unsafe {
            ntop(
                libc::AF_INET,
                std::ptr::addr_of!((*src).sin_addr).cast(),
                dst,
                size,
            )
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_ip6_name(
    src: *const libc::sockaddr_in6,
    dst: *mut c_char,
    size: size_t,
) -> c_int {
    guard("uv_ip6_name", UV_EINVAL, || {
        if src.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a sockaddr_in6, per the API; `dst` has `size` bytes.
        unsafe {
            ntop(
                libc::AF_INET6,
                std::ptr::addr_of!((*src).sin6_addr).cast(),
                dst,
                size,
            )
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_ip_name(
    src: *const libc::sockaddr,
    dst: *mut c_char,
    size: size_t,
) -> c_int {
    guard("uv_ip_name", UV_EINVAL, || {
        if src.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a socket address, per the API; its family says its shape.
        unsafe {
            match c_int::from((*src).sa_family) {
                libc::AF_INET => uv_ip4_name(src.cast(), dst, size),
                libc::AF_INET6 => uv_ip6_name(src.cast(), dst, size),
                _ => code::EAFNOSUPPORT,
            }
        }
    })
}
