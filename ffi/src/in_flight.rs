//! Requests the library holds: from the call that takes one until its
//! callback is delivered.
//!
//! A request submitted again before its callback (a `uv_write_t` reused
//! for the next write too early, a `uv_fs_t` started twice) would have its
//! fields written over while the engine and the pool still use them:
//! libuv 1.44 corrupts its queues and crashes, and ruv would free a DNS
//! result twice or call one callback twice on memory the first call may
//! have freed. Such a call gets `UV_EBUSY` instead, and the request in
//! flight goes on untouched.
//!
//! The mark lives in the request itself, in the first word of the
//! `reserved` block every request starts with (libuv's private space,
//! unused by ruv and by clients): the request's own address mixed with a
//! constant. Memory that was never a request (zeroed, or garbage) does not
//! hold its own address so mixed, and a copy of a held request sits at
//! another address, so neither reads as held. The mark is cleared before
//! the callback runs, which may submit the request again or free it.
//!
//! Calls on a handle (write, shutdown, connect, UDP send) take the request
//! through the engine once the handle's own checks pass: a request in
//! flight given to a handle that refuses anyway (already connecting, shut
//! down, closed) gets the error libuv gives, as libuv checks the handle
//! before it touches the request. Pool requests are taken here, after
//! their arguments are checked.
//! (Valgrind's memcheck is told the word is defined: see `memcheck`.)

use crate::types::uv_req_t;
use libc::c_int;
use ruv::error::code;

/// Mixed into the address so that a pointer to the request itself, which
/// a client might keep in its memory, is not taken for the mark.
const KEY: usize = 0x5275_7648_656c_6421;

#[inline]
fn mark_of(req: *const uv_req_t) -> usize {
    req as usize ^ KEY
}

/// Whether the library holds `req` (a callback is still to come).
///
/// # Safety
/// `req` points to request memory (any request type: all begin with
/// `uv_req_t`), initialised or not.
#[inline]
pub(crate) unsafe fn is_held<T>(req: *const T) -> bool {
    let req = req as *const uv_req_t;
    // Fresh request memory is undefined to valgrind's memcheck, which
    // would flag this deliberate read in every program it watches; the
    // word is the library's alone, so calling it defined hides nothing.
    // SAFETY: request memory, per the caller.
    let word = unsafe { std::ptr::addr_of!((*req).reserved[0]) };
    crate::memcheck::mark_defined(word.cast(), std::mem::size_of::<usize>());
    // SAFETY: readable request memory, per the caller; any bit pattern
    // is a valid pointer value.
    let word = unsafe { word.read() } as usize;
    word == mark_of(req)
}

/// Takes `req` for a call that will deliver its callback: false (and
/// nothing written) if it is already held.
///
/// # Safety
/// `req` points to writable request memory.
#[inline]
pub(crate) unsafe fn take<T>(req: *mut T) -> bool {
    // SAFETY: forwarded from the caller.
    if unsafe { is_held(req) } {
        return false;
    }
    // SAFETY: forwarded from the caller.
    unsafe { hold(req) };
    true
}

/// Marks `req` held, for a call that found it free with [`is_held`]
/// before writing its fields.
///
/// # Safety
/// `req` points to writable request memory.
#[inline]
pub(crate) unsafe fn hold<T>(req: *mut T) {
    let req = req as *mut uv_req_t;
    // SAFETY: writable request memory, per the caller.
    unsafe { (*req).reserved[0] = mark_of(req) as *mut libc::c_void };
}

/// Gives `req` back: its callback is about to run, or the call that took
/// it failed.
///
/// # Safety
/// `req` points to writable request memory.
#[inline]
pub(crate) unsafe fn release<T>(req: *mut T) {
    let req = req as *mut uv_req_t;
    // SAFETY: writable request memory, per the caller.
    unsafe { (*req).reserved[0] = std::ptr::null_mut() };
}

/// Runs `call` with `req` taken (see [`take`]): `UV_EBUSY` if it is held
/// already. A non-zero status means the call failed and no callback will
/// come, so `req` is given back. For pool requests, whose calls check
/// their arguments only.
///
/// # Safety
/// `req` points to writable request memory.
#[inline]
pub(crate) unsafe fn submit<T>(req: *mut T, call: impl FnOnce() -> c_int) -> c_int {
    // SAFETY: forwarded from the caller.
    if !unsafe { take(req) } {
        return code::EBUSY;
    }
    let status = call();
    if status != 0 {
        // SAFETY: as above.
        unsafe { release(req) };
    }
    status
}

/// Runs `call`, an engine call that takes `req` itself once the handle's
/// own checks pass (through `Host::admit_request`, so that a closed or
/// busy handle gets the error libuv gives, and only a request that would
/// otherwise be accepted gets `UV_EBUSY`). If the call fails after taking
/// it, `req` is given back; one held before the call stays held.
///
/// # Safety
/// `req` points to writable request memory.
#[inline]
pub(crate) unsafe fn accepted<T>(req: *mut T, call: impl FnOnce() -> c_int) -> c_int {
    // SAFETY: forwarded from the caller.
    let held = unsafe { is_held(req) };
    let status = call();
    if status != 0 && !held {
        // SAFETY: as above.
        unsafe { release(req) };
    }
    status
}
