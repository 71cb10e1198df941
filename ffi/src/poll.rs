//! Poll handle exports: readiness of a descriptor the caller owns.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::types::*;
use libc::c_int;
use ruv::engine::{Event, Kind};

pub type uv_poll_cb = Option<unsafe extern "C" fn(*mut uv_poll_t, c_int, c_int)>;

#[repr(C)]
pub struct uv_poll_t {
    pub handle: uv_handle_t,
    pub poll_cb: uv_poll_cb,
    /// libuv's io watcher; unused here.
    pub private: [u64; 7],
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_poll_t>() == 160);
    assert!(offset_of!(uv_poll_t, poll_cb) == 96);
};

#[no_mangle]
pub unsafe extern "C" fn uv_poll_init(
    lp: *mut uv_loop_t,
    handle: *mut uv_poll_t,
    fd: c_int,
) -> c_int {
    guard("uv_poll_init", UV_EINVAL, || {
        if fd < 0 {
            return ruv::error::code::EBADF;
        }
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                handle as *mut uv_handle_t,
                handle_type::POLL,
                Kind::Poll,
                "uv_poll_init",
            )
        };
        if status != 0 {
            return status;
        }
        // SAFETY: initialised just above.
        unsafe { (*handle).poll_cb = None };
        // SAFETY: as above.
        let (engine, id) = unsafe { live_handle(handle, "uv_poll_init") }.expect("just made");
        // SAFETY: the caller keeps the descriptor open while the handle
        // lives; libuv's contract for poll handles.
        let lent = unsafe { ruv::sys::Descriptor::lend(fd) };
        match engine.poll_attach(id, lent) {
            Ok(()) => 0,
            Err(err) => {
                engine.discard(id);
                err.code()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_poll_init_socket(
    lp: *mut uv_loop_t,
    handle: *mut uv_poll_t,
    socket: c_int,
) -> c_int {
    // SAFETY: forwarded; a socket is a descriptor on Unix.
    unsafe { uv_poll_init(lp, handle, socket) }
}

#[no_mangle]
pub unsafe extern "C" fn uv_poll_start(
    handle: *mut uv_poll_t,
    events: c_int,
    cb: uv_poll_cb,
) -> c_int {
    guard("uv_poll_start", UV_EINVAL, || {
        // SAFETY: NULL or a poll handle, per the API.
        let Some((lp, id)) = (unsafe { live_handle(handle, "uv_poll_start") }) else {
            return UV_EINVAL;
        };
        if lp.kind(id) != Some(Kind::Poll) {
            return UV_EINVAL;
        }
        match lp.poll_start(id, events as u32) {
            Ok(()) => {
                if events != 0 {
                    // SAFETY: a live poll handle.
                    unsafe { (*handle).poll_cb = cb };
                }
                0
            }
            Err(e) => e.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_poll_stop(handle: *mut uv_poll_t) -> c_int {
    guard("uv_poll_stop", UV_EINVAL, || {
        // SAFETY: NULL or a poll handle, per the API.
        let Some((lp, id)) = (unsafe { live_handle(handle, "uv_poll_stop") }) else {
            return UV_EINVAL;
        };
        if lp.kind(id) != Some(Kind::Poll) {
            return UV_EINVAL;
        }
        lp.poll_stop(id).map_or_else(|e| e.code(), |()| 0)
    })
}

/// # Safety
/// `token` is a live poll handle.
pub(crate) unsafe fn fire(token: usize, event: &Event<'_>) {
    if let Event::Poll { status, events } = *event {
        let handle = token as *mut uv_poll_t;
        // SAFETY: a live poll handle; the callback was stored by start.
        unsafe {
            if let Some(cb) = (*handle).poll_cb {
                cb(handle, status, events as c_int);
            }
        }
    }
}
