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
            (*handle).signal = Arc::into_raw(signal) as *const libc::c_void;
            (*base).engine_id = id.to_bits();
        }
        0
    })
}

/// Safe to call from any thread while the handle is open.
#[no_mangle]
pub unsafe extern "C" fn uv_async_send(handle: *mut uv_async_t) -> c_int {
    guard("uv_async_send", UV_EINVAL, || {
        if handle.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: an async handle; its signal pointer was set by
        // uv_async_init and stays valid until the close callback.
        let signal = unsafe { (*handle).signal } as *const AsyncSignal;
        if signal.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: as above.
        if unsafe { (*signal).send() } {
            0
        } else {
            UV_EINVAL
        }
    })
}
