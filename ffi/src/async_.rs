//! Async exports: a handle any thread can poke to run a callback on the loop.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::resolve::engine_for;
use crate::types::*;
use libc::c_int;
use ruv::engine::AsyncSignal;
use std::sync::Arc;

#[no_mangle]
pub unsafe extern "C" fn uv_async_init(
    lp: *mut uv_loop_t,
    handle: *mut uv_async_t,
    cb: uv_async_cb,
) -> c_int {
    guard("uv_async_init", UV_EINVAL, || {
        if handle.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine_for(lp, "uv_async_init") }) else {
            return UV_EINVAL;
        };
        // SAFETY: `handle` is writable uv_async_t memory, per the API.
        unsafe {
            let base = handle as *mut uv_handle_t;
            (*base).loop_ = lp;
            (*base).type_ = handle_type::ASYNC;
            (*base).flags = 0;
            (*handle).async_cb = cb;
            (*handle).pending = 0;
            let (id, signal) = engine.init_async(handle as usize, None);
            let raw = Arc::into_raw(signal) as *const libc::c_void;
            (*handle).signal = raw;
            (*handle).signal_check = raw as usize ^ SIGNAL_CHECK;
            (*base).engine_id = id.to_bits();
        }
        0
    })
}

/// Stored beside the signal pointer as `pointer ^ SIGNAL_CHECK`: memory
/// that is not an initialised async handle fails the check.
const SIGNAL_CHECK: usize = 0x7275_765f_6173_796e; // "ruv_asyn"

/// Safe to call from any thread while the handle is open.
#[no_mangle]
pub unsafe extern "C" fn uv_async_send(handle: *mut uv_async_t) -> c_int {
    guard("uv_async_send", UV_EINVAL, || {
        if handle.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: an async handle; its signal pointer was set by
        // uv_async_init and stays valid until the close callback.
        let (signal, check) = unsafe { ((*handle).signal, (*handle).signal_check) };
        // Never follow the pointer of a handle that is not an open async
        // handle (never initialised, or closed).
        if signal.is_null() || check != signal as usize ^ SIGNAL_CHECK {
            return UV_EINVAL;
        }
        let signal = signal as *const AsyncSignal;
        // SAFETY: as above.
        if unsafe { (*signal).send() } {
            0
        } else {
            UV_EINVAL
        }
    })
}
