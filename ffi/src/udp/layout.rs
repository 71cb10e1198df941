//! `uv_udp_t` and `uv_udp_send_t` as libuv 1.44 lays them out, and the
//! conversions between C socket addresses and the engine's.

use crate::types::{uv_buf_t, uv_handle_t, uv_req_t};
use libc::{c_int, c_uint, sockaddr};
use ruv::sys::net::SockAddr;

pub type uv_alloc_cb = Option<unsafe extern "C" fn(*mut uv_handle_t, usize, *mut uv_buf_t)>;
pub type uv_udp_recv_cb =
    Option<unsafe extern "C" fn(*mut uv_udp_t, isize, *const uv_buf_t, *const sockaddr, c_uint)>;
pub type uv_udp_send_cb = Option<unsafe extern "C" fn(*mut uv_udp_send_t, c_int)>;

/// `UV_UDP` in `uv_handle_type`, `UV_UDP_SEND` in `uv_req_type`.
pub const UV_UDP: c_int = 15;
pub const UV_UDP_SEND: c_int = 5;

#[repr(C)]
pub struct uv_udp_t {
    pub handle: uv_handle_t,
    /// Bytes queued and not yet called back; kept current by the host.
    pub send_queue_size: usize,
    /// Send requests queued and not yet called back.
    pub send_queue_count: usize,
    /// The callbacks of `uv_udp_recv_start`, where libuv keeps them.
    pub alloc_cb: uv_alloc_cb,
    pub recv_cb: uv_udp_recv_cb,
    pub private: [u64; 11],
}

#[repr(C)]
pub struct uv_udp_send_t {
    pub req: uv_req_t,
    pub handle: *mut uv_udp_t,
    pub cb: uv_udp_send_cb,
    pub private: [u64; 30],
}

// Layout checks against ../shared/abi/layout.tsv.
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<uv_udp_t>() == 216 && align_of::<uv_udp_t>() == 8);
    assert!(offset_of!(uv_udp_t, handle) == 0);
    assert!(offset_of!(uv_udp_t, send_queue_size) == 96);
    assert!(offset_of!(uv_udp_t, send_queue_count) == 104);
    assert!(offset_of!(uv_udp_t, alloc_cb) == 112);
    assert!(offset_of!(uv_udp_t, recv_cb) == 120);
    assert!(size_of::<uv_udp_send_t>() == 320 && align_of::<uv_udp_send_t>() == 8);
    assert!(offset_of!(uv_udp_send_t, handle) == 64);
    assert!(offset_of!(uv_udp_send_t, cb) == 72);
};

/// A C socket address as the engine's: IPv4, IPv6 or Unix by its family,
/// copied for that family's length. None for NULL or another family.
///
/// # Safety
/// `addr` is NULL or points to a socket address of its family's size.
pub unsafe fn sockaddr_from_c(addr: *const sockaddr) -> Option<SockAddr> {
    if addr.is_null() {
        return None;
    }
    // SAFETY: a socket address starts with its family, per the caller.
    let family = c_int::from(unsafe { (*addr).sa_family });
    let len = match family {
        libc::AF_INET => std::mem::size_of::<libc::sockaddr_in>(),
        libc::AF_INET6 => std::mem::size_of::<libc::sockaddr_in6>(),
        libc::AF_UNIX => std::mem::size_of::<libc::sockaddr_un>(),
        _ => return None,
    };
    // SAFETY: all-zero storage is valid; the caller's address has `len`
    // readable bytes, which fit in sockaddr_storage.
    unsafe {
        let mut storage: libc::sockaddr_storage = std::mem::zeroed();
        std::ptr::copy_nonoverlapping(
            addr as *const u8,
            &mut storage as *mut libc::sockaddr_storage as *mut u8,
            len,
        );
        Some(SockAddr::new(storage, len as libc::socklen_t))
    }
}
