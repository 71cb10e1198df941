//! Async exports: a handle any thread can poke to run a callback on the loop.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::resolve::engine_for;
use crate::types::*;
use libc::{c_int, c_void};
use ruv::engine::AsyncSignal;
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;

/// The handle's signal pointer, as an atomic: sends read it from any
/// thread while the loop thread may clear it.
///
/// # Safety
/// `handle` points to async handle memory that outlives the use.
pub(crate) unsafe fn signal_of<'a>(handle: *mut uv_async_t) -> &'a AtomicPtr<c_void> {
    // SAFETY: a pointer-sized, pointer-aligned field, per the caller.
    unsafe { &*(std::ptr::addr_of_mut!((*handle).signal) as *const AtomicPtr<c_void>) }
}

/// The handle's check word, as an atomic (see [`signal_of`]).
///
/// # Safety
/// As for [`signal_of`].
pub(crate) unsafe fn check_of<'a>(handle: *mut uv_async_t) -> &'a AtomicUsize {
    // SAFETY: a usize field, per the caller.
    unsafe { &*(std::ptr::addr_of_mut!((*handle).signal_check) as *const AtomicUsize) }
}

/// The handle's signal generation, as an atomic (see [`signal_of`]).
///
/// # Safety
/// As for [`signal_of`].
unsafe fn generation_of<'a>(handle: *mut uv_async_t) -> &'a AtomicU32 {
    // SAFETY: a u32 field, per the caller.
    unsafe { &*(std::ptr::addr_of_mut!((*handle).generation) as *const AtomicU32) }
}

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
        // SAFETY: async handle memory, per the API.
        unsafe {
            crate::handle::refuse_live(handle as *const uv_handle_t, "uv_async_init", "the handle")
        };
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
            let (id, signal) = engine.init_async(handle as usize, None);
            let generation = signal.generation();
            let raw = Arc::into_raw(signal) as *mut libc::c_void;
            signal_of(handle).store(raw, Ordering::Relaxed);
            check_of(handle).store(raw as usize ^ SIGNAL_CHECK, Ordering::Relaxed);
            generation_of(handle).store(generation, Ordering::Relaxed);
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
        // SAFETY: async handle memory, per the API; the fields may be
        // changing under a close on the loop thread, hence atomics.
        let (signal, check) = unsafe {
            (
                signal_of(handle).load(Ordering::Acquire),
                check_of(handle).load(Ordering::Relaxed),
            )
        };
        // Never follow the pointer of a handle that is not an open async
        // handle (never initialised, or closed).
        if signal.is_null() || check != signal as usize ^ SIGNAL_CHECK {
            return UV_EINVAL;
        }
        let signal = signal as *const AsyncSignal;
        // Read only when the send has to set the pending bit.
        // SAFETY: async handle memory, per the API.
        let generation = || unsafe { generation_of(handle).load(Ordering::Relaxed) };
        // SAFETY: the pointer came from uv_async_init, and the loop keeps
        // every signal it made until it is dropped, closed handles' too
        // (see ruv::engine::AsyncSignal); a send to a handle closed since,
        // whose signal may serve another handle now, names an old
        // generation and is refused.
        if unsafe { (*signal).send_with(generation) } {
            0
        } else {
            UV_EINVAL
        }
    })
}
