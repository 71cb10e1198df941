//! UDP exports: making, binding, connecting and naming UDP handles, and
//! their send-queue counts. Sending and receiving are in `io`, socket
//! options in `options`.

mod io;
mod layout;
mod options;

pub(crate) use io::{alloc, fire, send_done, set_send_queue};
pub use layout::uv_udp_t;
pub(crate) use layout::UV_UDP;

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::resolve::{engine_for, live_handle_kind, live_handle_or_abort};
use crate::types::*;
use layout::sockaddr_from_c;
use libc::{c_char, c_int, c_uint, sockaddr};
use ruv::engine::{HandleId, Kind, Loop};
use ruv::error::{code, Result};
use std::ffi::CStr;

/// The engine's view of a UDP handle for `call`. None (the call answers
/// UV_EINVAL, as for every handle function with an error return) for NULL,
/// a closed or never initialised handle, or another handle type.
///
/// # Safety
/// `handle` is NULL or points to readable handle memory.
unsafe fn udp<'a>(handle: *const uv_udp_t, call: &str) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded from the caller.
    let (lp, id, kind) = unsafe { live_handle_kind(handle, call) }?;
    (kind == Kind::Udp).then_some((lp, id))
}

fn status(result: Result<()>) -> c_int {
    result.map_or_else(|e| e.code(), |()| 0)
}

/// A C string argument: Ok(None) for NULL, Err for text that is not UTF-8
/// (no address is).
///
/// # Safety
/// `text` is NULL or NUL-terminated.
unsafe fn c_text<'a>(text: *const c_char) -> std::result::Result<Option<&'a str>, ()> {
    if text.is_null() {
        return Ok(None);
    }
    // SAFETY: NUL-terminated, per the caller.
    let text = unsafe { CStr::from_ptr(text) };
    text.to_str().map(Some).map_err(|_| ())
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_init(lp: *mut uv_loop_t, handle: *mut uv_udp_t) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { init(lp, handle, libc::AF_UNSPEC as c_uint, "uv_udp_init") }
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_init_ex(
    lp: *mut uv_loop_t,
    handle: *mut uv_udp_t,
    flags: c_uint,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { init(lp, handle, flags, "uv_udp_init_ex") }
}

/// Sets up a C UDP handle; with a family in `flags`, its socket too.
///
/// # Safety
/// `lp` and `handle` are NULL or valid for their types' sizes.
unsafe fn init(lp: *mut uv_loop_t, handle: *mut uv_udp_t, flags: c_uint, call: &str) -> c_int {
    guard(call, UV_EINVAL, || {
        if handle.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: UDP handle memory, per the API.
        unsafe { crate::handle::refuse_live(handle as *const uv_handle_t, call, "the handle") };
        // SAFETY: NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine_for(lp, call) }) else {
            return UV_EINVAL;
        };
        // SAFETY: `handle` is writable handle memory, per the API. The flag
        // word is cleared before the engine mirrors its bits into it.
        unsafe {
            (*handle).handle.loop_ = lp;
            (*handle).handle.type_ = UV_UDP;
            (*handle).handle.flags = 0;
        }
        match engine.udp_init(handle as usize, None, flags) {
            Ok(id) => {
                // SAFETY: as above.
                unsafe {
                    (*handle).handle.engine_id = id.to_bits();
                    (*handle).send_queue_size = 0;
                    (*handle).send_queue_count = 0;
                    (*handle).alloc_cb = None;
                    (*handle).recv_cb = None;
                }
                0
            }
            Err(err) => err.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_open(handle: *mut uv_udp_t, sock: c_int) -> c_int {
    guard("uv_udp_open", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_open") }) else {
            return UV_EINVAL;
        };
        if sock < 0 {
            return code::EBADF;
        }
        // SAFETY: the caller hands the socket over; if the engine refuses
        // it, it comes back and is released unclosed below.
        let fd = unsafe { ruv::sys::net::adopt(sock) };
        match lp.udp_open(id, fd) {
            Ok(()) => 0,
            Err((err, fd)) => {
                ruv::sys::net::release(fd);
                err.code()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_bind(
    handle: *mut uv_udp_t,
    addr: *const sockaddr,
    flags: c_uint,
) -> c_int {
    guard("uv_udp_bind", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_bind") }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or an address, per the API.
        let Some(addr) = (unsafe { sockaddr_from_c(addr) }) else {
            return UV_EINVAL;
        };
        status(lp.udp_bind(id, &addr, flags))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_connect(handle: *mut uv_udp_t, addr: *const sockaddr) -> c_int {
    guard("uv_udp_connect", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_connect") }) else {
            return UV_EINVAL;
        };
        if addr.is_null() {
            return status(lp.udp_connect(id, None));
        }
        // SAFETY: an address, per the API.
        let Some(addr) = (unsafe { sockaddr_from_c(addr) }) else {
            return UV_EINVAL;
        };
        status(lp.udp_connect(id, Some(&addr)))
    })
}

/// getsockname / getpeername into the caller's buffer.
///
/// # Safety
/// `handle` is NULL or a handle; `name` and `namelen` are NULL or valid.
unsafe fn name_of(
    handle: *const uv_udp_t,
    name: *mut sockaddr,
    namelen: *mut c_int,
    peer: bool,
    call: &str,
) -> c_int {
    guard(call, UV_EINVAL, || {
        // SAFETY: forwarded from the caller.
        let Some((lp, id)) = (unsafe { udp(handle, call) }) else {
            return UV_EINVAL;
        };
        if name.is_null() || namelen.is_null() {
            return UV_EINVAL;
        }
        let addr = if peer {
            lp.udp_peername(id)
        } else {
            lp.udp_sockname(id)
        };
        match addr {
            // SAFETY: valid per the caller.
            Ok(addr) => unsafe { crate::sockaddr::to_c(&addr, name, namelen) },
            Err(err) => err.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_getsockname(
    handle: *const uv_udp_t,
    name: *mut sockaddr,
    namelen: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { name_of(handle, name, namelen, false, "uv_udp_getsockname") }
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_getpeername(
    handle: *const uv_udp_t,
    name: *mut sockaddr,
    namelen: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { name_of(handle, name, namelen, true, "uv_udp_getpeername") }
}

/// A query with no error return: a handle that is not a live UDP handle
/// aborts, naming the call.
#[no_mangle]
pub unsafe extern "C" fn uv_udp_using_recvmmsg(handle: *const uv_udp_t) -> c_int {
    guard("uv_udp_using_recvmmsg", 0, || {
        // SAFETY: NULL or a handle, per the API.
        let (lp, id) = unsafe { live_handle_or_abort(handle, "uv_udp_using_recvmmsg") };
        if lp.kind(id) != Some(Kind::Udp) {
            crate::boundary::misuse("uv_udp_using_recvmmsg", "the handle is not a UDP handle");
        }
        c_int::from(lp.udp_using_recvmmsg(id))
    })
}

/// Whether `handle` is non-NULL and says it is a UDP handle (read through
/// the common handle fields, so any handle type may be passed).
///
/// # Safety
/// `handle` is NULL or points to readable handle memory.
unsafe fn says_udp(handle: *const uv_udp_t) -> bool {
    // SAFETY: forwarded from the caller.
    !handle.is_null() && unsafe { (*(handle as *const uv_handle_t)).type_ } == UV_UDP
}

/// The public counts are kept current by the host; like libuv, the
/// getters read them. NULL, or a handle of another type, reads as nothing
/// queued.
#[no_mangle]
pub unsafe extern "C" fn uv_udp_get_send_queue_size(handle: *const uv_udp_t) -> usize {
    // SAFETY: a UDP handle when it says so, per the API.
    unsafe { says_udp(handle).then(|| (*handle).send_queue_size) }.unwrap_or(0)
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_get_send_queue_count(handle: *const uv_udp_t) -> usize {
    // SAFETY: a UDP handle when it says so, per the API.
    unsafe { says_udp(handle).then(|| (*handle).send_queue_count) }.unwrap_or(0)
}
