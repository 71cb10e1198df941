//! Name resolution and address helpers: `uv_getaddrinfo`/`uv_freeaddrinfo`
//! and `uv_getnameinfo` (on the pool as slow I/O with a callback, on the
//! calling thread without), the `uv_ip*` and `uv_inet_*` text conversions,
//! and the interface list and index-to-name calls.

mod addr;
mod getaddrinfo;
mod getnameinfo;
mod interfaces;

pub(crate) use getaddrinfo::{done as getaddrinfo_done, uv_getaddrinfo_t};
pub(crate) use getnameinfo::{done as getnameinfo_done, uv_getnameinfo_t};

use crate::types::*;
use libc::c_int;
use ruv::engine::{Done, Loop, Work, WorkClass};

/// Queues a lookup on the pool as slow I/O (at most half the workers, so
/// DNS cannot starve file I/O) and stores its engine id in `engine_id`.
/// The request, which the caller found free, is held from here until its
/// callback; if it cannot be queued it is free again and the error comes
/// back.
///
/// # Safety
/// `req` is writable request memory; `engine_id` is its id field.
unsafe fn queue_lookup(
    engine: &Loop,
    req: *mut uv_req_t,
    engine_id: *mut u64,
    run: fn(usize),
) -> Result<(), c_int> {
    // SAFETY: writable request memory, per the caller.
    unsafe { crate::in_flight::hold(req) };
    let token = req as usize;
    match engine.queue_work_class(
        WorkClass::SlowIo,
        Work::Native { run, token },
        Done::Host(token),
    ) {
        Ok(id) => {
            // SAFETY: the request's id field, per the caller.
            unsafe { *engine_id = id.to_bits() };
            Ok(())
        }
        Err(err) => {
            // SAFETY: as above.
            unsafe { crate::in_flight::release(req) };
            Err(err.code())
        }
    }
}

/// The loop and engine id of a getaddrinfo or getnameinfo request, for
/// `uv_cancel`.
///
/// # Safety
/// `req` is one of the two, as its type says.
pub(crate) unsafe fn request_ids(req: *mut uv_req_t) -> (*mut uv_loop_t, u64) {
    // SAFETY: as above.
    unsafe {
        if (*req).type_ == req_type::GETADDRINFO {
            let req = req as *mut uv_getaddrinfo_t;
            ((*req).loop_, (*req).engine_id)
        } else {
            let req = req as *mut uv_getnameinfo_t;
            ((*req).loop_, (*req).engine_id)
        }
    }
}
