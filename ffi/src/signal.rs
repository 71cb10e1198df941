//! Signal handle exports.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::types::*;
use libc::c_int;
use ruv::engine::Kind;

pub type uv_signal_cb = Option<unsafe extern "C" fn(*mut uv_signal_t, c_int)>;

#[repr(C)]
pub struct uv_signal_t {
    pub handle: uv_handle_t,
    pub signal_cb: uv_signal_cb,
    /// The watched signal while started, else 0 (public in libuv).
    pub signum: c_int,
    pub private: [u64; 5],
}

const _: () = {
    assert!(std::mem::size_of::<uv_signal_t>() == 152);
    assert!(std::mem::offset_of!(uv_signal_t, signal_cb) == 96);
    assert!(std::mem::offset_of!(uv_signal_t, signum) == 104);
};

const UV_SIGNAL: c_int = 16;

#[no_mangle]
pub unsafe extern "C" fn uv_signal_init(lp: *mut uv_loop_t, handle: *mut uv_signal_t) -> c_int {
    guard("uv_signal_init", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                handle as *mut uv_handle_t,
                UV_SIGNAL,
                Kind::Signal,
                "uv_signal_init",
            )
        };
        if status == 0 {
            // SAFETY: initialised just above.
            unsafe {
                (*handle).signal_cb = None;
                (*handle).signum = 0;
            }
        }
        status
    })
}

unsafe fn start(
    handle: *mut uv_signal_t,
    cb: uv_signal_cb,
    signum: c_int,
    oneshot: bool,
    call: &str,
) -> c_int {
    // SAFETY: NULL or a signal handle, per the caller.
    let Some((lp, id)) = (unsafe { live_handle(handle, call) }) else {
        return UV_EINVAL;
    };
    // libuv would call a NULL callback when the signal comes.
    if cb.is_none() {
        return UV_EINVAL;
    }
    match lp.signal_start(id, signum, oneshot) {
        Ok(()) => {
            // SAFETY: a live signal handle.
            unsafe {
                (*handle).signal_cb = cb;
                (*handle).signum = signum;
            }
            0
        }
        Err(err) => err.code(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_signal_start(
    handle: *mut uv_signal_t,
    cb: uv_signal_cb,
    signum: c_int,
) -> c_int {
    guard("uv_signal_start", UV_EINVAL, || {
        // SAFETY: forwarded from the caller.
        unsafe { start(handle, cb, signum, false, "uv_signal_start") }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_signal_start_oneshot(
    handle: *mut uv_signal_t,
    cb: uv_signal_cb,
    signum: c_int,
) -> c_int {
    guard("uv_signal_start_oneshot", UV_EINVAL, || {
        // SAFETY: forwarded from the caller.
        unsafe { start(handle, cb, signum, true, "uv_signal_start_oneshot") }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_signal_stop(handle: *mut uv_signal_t) -> c_int {
    guard("uv_signal_stop", UV_EINVAL, || {
        // SAFETY: NULL or a signal handle, per the API.
        let Some((lp, id)) = (unsafe { live_handle(handle, "uv_signal_stop") }) else {
            return UV_EINVAL;
        };
        lp.signal_stop(id);
        0
    })
}

/// Runs a signal handle's callback for the host.
///
/// # Safety
/// `token` is a live signal handle.
pub(crate) unsafe fn fire(token: usize, event: &ruv::engine::Event<'_>) {
    if let ruv::engine::Event::Signal { signum } = *event {
        let handle = token as *mut uv_signal_t;
        // SAFETY: as above; the callback was stored by the start call.
        unsafe {
            if let Some(cb) = (*handle).signal_cb {
                cb(handle, signum);
            }
        }
    }
}

/// The handle stopped watching: libuv shows that as `signum` 0.
///
/// # Safety
/// `token` is a live signal handle.
pub(crate) unsafe fn stopped(token: usize) {
    // SAFETY: as above.
    unsafe { (*(token as *mut uv_signal_t)).signum = 0 };
}
