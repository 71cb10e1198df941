//! From C pointers to the engine: validating loops and handles.

use crate::types::*;
use ruv::engine::{flags, HandleId, Loop};

/// The engine loop of an initialised C loop.
///
/// # Safety
/// `lp` is NULL or points to readable memory of uv_loop_t's size.
pub(crate) unsafe fn engine<'a>(lp: *const uv_loop_t) -> Option<&'a Loop> {
    if lp.is_null() {
        return None;
    }
    // SAFETY: the caller vouches for the memory; the magic tells whether
    // uv_loop_init filled it in.
    unsafe {
        if (*lp).magic != LOOP_MAGIC || (*lp).internal_fields.is_null() {
            return None;
        }
        Some(&*((*lp).internal_fields as *const Loop))
    }
}

/// What a C handle pointer turned out to be.
pub(crate) enum HandleState<'a> {
    /// Initialised and not yet closed (it may be closing).
    Live(&'a Loop, HandleId),
    /// Its close callback has run.
    Closed,
    /// NULL, never initialised, or its loop is gone.
    Invalid,
}

/// Looks a C handle up in its loop.
///
/// # Safety
/// `handle` is NULL or points to readable memory of uv_handle_t's size.
pub(crate) unsafe fn handle_state<'a>(handle: *const uv_handle_t) -> HandleState<'a> {
    if handle.is_null() {
        return HandleState::Invalid;
    }
    // SAFETY: the caller vouches for the memory.
    let (lp, bits, handle_flags) =
        unsafe { ((*handle).loop_, (*handle).engine_id, (*handle).flags) };
    // SAFETY: a handle's loop field is NULL or its loop, per the caller.
    let Some(engine) = (unsafe { engine(lp) }) else {
        return HandleState::Invalid;
    };
    let id = HandleId::from_bits(bits);
    if engine.token(id) == Some(handle as usize) {
        HandleState::Live(engine, id)
    } else if handle_flags & flags::CLOSED != 0 {
        HandleState::Closed
    } else {
        HandleState::Invalid
    }
}

/// The loop and id of a handle that is initialised and not closed.
///
/// # Safety
/// As for [`handle_state`].
pub(crate) unsafe fn live_handle<'a, T>(handle: *const T) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded from the caller.
    match unsafe { handle_state(handle as *const uv_handle_t) } {
        HandleState::Live(lp, id) => Some((lp, id)),
        _ => None,
    }
}

/// Like [`live_handle`], but a handle that is not live is a fatal misuse
/// for calls that have no way to report an error.
///
/// # Safety
/// As for [`handle_state`].
pub(crate) unsafe fn live_handle_or_abort<'a, T>(
    handle: *const T,
    call: &str,
) -> (&'a Loop, HandleId) {
    // SAFETY: forwarded from the caller.
    match unsafe { handle_state(handle as *const uv_handle_t) } {
        HandleState::Live(lp, id) => (lp, id),
        HandleState::Closed => crate::boundary::misuse(call, "the handle is closed"),
        HandleState::Invalid if handle.is_null() => {
            crate::boundary::misuse(call, "the handle is NULL")
        }
        HandleState::Invalid => crate::boundary::misuse(
            call,
            "the handle is not initialised (or its loop was closed)",
        ),
    }
}
