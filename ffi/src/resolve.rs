//! From C pointers to the engine: validating loops and handles.

use crate::types::*;
use ruv::engine::{flags, HandleId, Kind, Loop};
use std::sync::atomic::Ordering;

/// The engine loop of an initialised C loop.
///
/// # Safety
/// `lp` is NULL, or any address: only registered loops are read.
pub(crate) unsafe fn engine<'a>(lp: *const uv_loop_t) -> Option<&'a Loop> {
    // Never follow a pointer that is not a loop we initialised: it may be
    // the garbage of a handle that was never initialised.
    if !crate::live_loops::contains(lp as usize) {
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

/// The calling pthread, as a number that is never 0.
pub(crate) fn current_thread() -> u64 {
    // SAFETY: pthread_self has no preconditions.
    unsafe { libc::pthread_self() as u64 }
}

/// Aborts when another thread is inside `uv_run` on this loop: libuv's
/// loop functions are not thread-safe (only `uv_async_send` is), and such a
/// call would corrupt the loop rather than fail.
///
/// # Safety
/// `lp` is an initialised loop.
pub(crate) unsafe fn check_thread(lp: *const uv_loop_t, call: &str) {
    // SAFETY: an initialised loop, per the caller.
    let owner = unsafe { (*lp).running_thread.load(Ordering::Relaxed) };
    if owner != 0 && owner != current_thread() {
        crate::boundary::misuse(
            call,
            "called from another thread while the loop runs (of the loop's functions, only uv_async_send may be)",
        );
    }
}

/// [`engine`] for a call that changes the loop: also [`check_thread`].
///
/// # Safety
/// As for [`engine`].
pub(crate) unsafe fn engine_for<'a>(lp: *const uv_loop_t, call: &str) -> Option<&'a Loop> {
    // SAFETY: forwarded from the caller.
    let engine = unsafe { engine(lp) }?;
    // SAFETY: `engine` succeeded, so the loop is initialised.
    unsafe { check_thread(lp, call) };
    Some(engine)
}

/// The id a handle's private word holds, unless it is the id of a lent
/// handle other than this one: the engine reaches a lent handle's state
/// through the id itself, so only this handle's own memory may be named.
#[inline]
pub(crate) fn own_id(handle: *const uv_handle_t, bits: u64) -> Option<HandleId> {
    let id = HandleId::from_bits(bits);
    match id.lent_token() {
        Some(token) if token != handle as usize => None,
        _ => Some(id),
    }
}

/// What every look-up of a handle starts from: the initialised loop its
/// memory names (and that loop's address) and the id its private word
/// holds (see [`own_id`]). None for NULL, a loop that is not live, or
/// another handle's lent id.
///
/// # Safety
/// As for [`handle_state`].
#[inline]
unsafe fn named<'a>(handle: *const uv_handle_t) -> Option<(&'a Loop, *const uv_loop_t, HandleId)> {
    if handle.is_null() {
        return None;
    }
    // SAFETY: the caller vouches for the memory.
    let (lp, bits) = unsafe { ((*handle).loop_, (*handle).engine_id) };
    // SAFETY: a handle's loop field is NULL or its loop, per the caller.
    let engine = unsafe { engine(lp) }?;
    Some((engine, lp, own_id(handle, bits)?))
}

/// The loop and id that a handle's memory names, not yet checked against
/// the loop's table: for a hot call whose engine look-up checks them (the
/// id names a live handle whose token is `handle`) anyway. The loop is
/// checked, as it must be before anything is followed, and so is the
/// calling thread.
///
/// # Safety
/// As for [`handle_state`].
#[inline]
pub(crate) unsafe fn claimed_handle<'a, T>(
    handle: *const T,
    call: &str,
) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded from the caller.
    let (engine, lp, id) = unsafe { named(handle as *const uv_handle_t) }?;
    // SAFETY: `named` found the loop initialised.
    unsafe { check_thread(lp, call) };
    Some((engine, id))
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
    // SAFETY: forwarded from the caller.
    let Some((engine, _, id)) = (unsafe { named(handle) }) else {
        return HandleState::Invalid;
    };
    if engine.token(id) == Some(handle as usize) {
        return HandleState::Live(engine, id);
    }
    // SAFETY: readable handle memory, per the caller.
    if unsafe { (*handle).flags } & flags::CLOSED != 0 {
        HandleState::Closed
    } else {
        HandleState::Invalid
    }
}

/// The loop, id and kind of a handle that is initialised and not closed,
/// for `call`, which must come from the loop's thread: what
/// [`live_handle`] finds, with the kind from the same look-up (the hot
/// exports check it).
///
/// # Safety
/// As for [`handle_state`].
#[inline]
pub(crate) unsafe fn live_handle_kind<'a, T>(
    handle: *const T,
    call: &str,
) -> Option<(&'a Loop, HandleId, Kind)> {
    // SAFETY: forwarded from the caller.
    let (engine, lp, id) = unsafe { named(handle as *const uv_handle_t) }?;
    match engine.token_and_kind(id) {
        Some((token, kind)) if token == handle as usize => {
            // SAFETY: a live handle's loop field is its initialised loop.
            unsafe { check_thread(lp, call) };
            Some((engine, id, kind))
        }
        _ => None,
    }
}

/// The loop and id of a handle that is initialised and not closed, for
/// `call`, which must come from the loop's thread.
///
/// # Safety
/// As for [`handle_state`].
pub(crate) unsafe fn live_handle<'a, T>(
    handle: *const T,
    call: &str,
) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded from the caller.
    match unsafe { handle_state(handle as *const uv_handle_t) } {
        HandleState::Live(lp, id) => {
            // SAFETY: a live handle's loop field is its initialised loop.
            unsafe { check_thread((*(handle as *const uv_handle_t)).loop_, call) };
            Some((lp, id))
        }
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
        HandleState::Live(lp, id) => {
            // SAFETY: a live handle's loop field is its initialised loop.
            unsafe { check_thread((*(handle as *const uv_handle_t)).loop_, call) };
            (lp, id)
        }
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
