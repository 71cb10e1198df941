//! Timer exports.

use crate::boundary::{guard, guard_void};
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::{live_handle, live_handle_or_abort};
use crate::types::*;
use libc::c_int;
use ruv::engine::Kind;

#[no_mangle]
pub unsafe extern "C" fn uv_timer_init(lp: *mut uv_loop_t, timer: *mut uv_timer_t) -> c_int {
    guard("uv_timer_init", UV_EINVAL, || {
        // A live timer keeps its state in its own struct: initialising it
        // again would cut it out of the loop's lists while they still lead
        // to it; init_handle refuses it.
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                timer as *mut uv_handle_t,
                handle_type::TIMER,
                Kind::Timer,
                "uv_timer_init",
            )
        };
        if status == 0 {
            // SAFETY: initialised just above.
            unsafe {
                (*timer).timer_cb = None;
                (*timer).timeout = 0;
                (*timer).repeat = 0;
            }
        }
        status
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_timer_start(
    timer: *mut uv_timer_t,
    cb: uv_timer_cb,
    timeout: u64,
    repeat: u64,
) -> c_int {
    guard("uv_timer_start", UV_EINVAL, || {
        // SAFETY: NULL or a timer, per the API.
        let Some((lp, id)) = (unsafe { live_handle(timer, "uv_timer_start") }) else {
            return UV_EINVAL;
        };
        if cb.is_none() {
            return UV_EINVAL;
        }
        match lp.timer_start(id, timeout, repeat) {
            Ok(()) => {
                // SAFETY: a live timer.
                unsafe {
                    (*timer).timer_cb = cb;
                    (*timer).repeat = repeat;
                }
                0
            }
            Err(err) => err.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_timer_stop(timer: *mut uv_timer_t) -> c_int {
    guard("uv_timer_stop", UV_EINVAL, || {
        // SAFETY: NULL or a timer, per the API.
        let Some((lp, id)) = (unsafe { live_handle(timer, "uv_timer_stop") }) else {
            return UV_EINVAL;
        };
        lp.timer_stop(id).map_or_else(|e| e.code(), |()| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_timer_again(timer: *mut uv_timer_t) -> c_int {
    guard("uv_timer_again", UV_EINVAL, || {
        // SAFETY: NULL or a timer, per the API.
        let Some((lp, id)) = (unsafe { live_handle(timer, "uv_timer_again") }) else {
            return UV_EINVAL;
        };
        lp.timer_again(id).map_or_else(|e| e.code(), |()| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_timer_set_repeat(timer: *mut uv_timer_t, repeat: u64) {
    guard_void("uv_timer_set_repeat", || {
        // SAFETY: NULL or a timer, per the API.
        let (lp, id) = unsafe { live_handle_or_abort(timer, "uv_timer_set_repeat") };
        lp.timer_set_repeat(id, repeat);
        // SAFETY: a live timer.
        unsafe { (*timer).repeat = repeat };
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_timer_get_repeat(timer: *const uv_timer_t) -> u64 {
    guard("uv_timer_get_repeat", 0, || {
        // SAFETY: NULL or a timer, per the API.
        let (lp, id) = unsafe { live_handle_or_abort(timer, "uv_timer_get_repeat") };
        lp.timer_repeat(id)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_timer_get_due_in(timer: *const uv_timer_t) -> u64 {
    guard("uv_timer_get_due_in", 0, || {
        // SAFETY: NULL or a timer, per the API.
        let (lp, id) = unsafe { live_handle_or_abort(timer, "uv_timer_get_due_in") };
        lp.timer_due_in(id)
    })
}
