//! Thread-pool exports: uv_queue_work and uv_cancel.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::resolve::engine_for;
use crate::types::*;
use libc::c_int;
use ruv::engine::{Done, Work, WorkId};

/// Runs a C work callback on a pool worker.
fn run_work(token: usize) {
    let req = token as *mut uv_work_t;
    // SAFETY: the token is the uv_work_t given to uv_queue_work, which the
    // caller keeps alive until its after-work callback.
    unsafe {
        if let Some(cb) = (*req).work_cb {
            cb(req);
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_queue_work(
    lp: *mut uv_loop_t,
    req: *mut uv_work_t,
    work_cb: uv_work_cb,
    after_work_cb: uv_after_work_cb,
) -> c_int {
    guard("uv_queue_work", UV_EINVAL, || {
        if req.is_null() || work_cb.is_none() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine_for(lp, "uv_queue_work") }) else {
            return UV_EINVAL;
        };
        // SAFETY: `req` is writable uv_work_t memory, per the API.
        unsafe {
            (*req).req.type_ = req_type::WORK;
            (*req).loop_ = lp;
            (*req).work_cb = work_cb;
            (*req).after_work_cb = after_work_cb;
        }
        let token = req as usize;
        match engine.queue_work(
            Work::Native {
                run: run_work,
                token,
            },
            Done::Host(token),
        ) {
            Ok(id) => {
                // SAFETY: as above.
                unsafe { (*req).engine_id = id.to_bits() };
                0
            }
            Err(err) => err.code(),
        }
    })
}

/// The loop and engine id of a work, fs, getaddrinfo or getnameinfo request.
///
/// # Safety
/// `req` is one of those, as its type says.
unsafe fn pool_request_ids(req: *mut uv_req_t) -> (*mut uv_loop_t, u64) {
    // SAFETY: as above.
    unsafe {
        if (*req).type_ == req_type::FS {
            let fs = req as *mut crate::fs::uv_fs_t;
            ((*fs).loop_, (*fs).engine_id)
        } else if matches!((*req).type_, req_type::GETADDRINFO | req_type::GETNAMEINFO) {
            crate::dns::request_ids(req)
        } else {
            let work = req as *mut uv_work_t;
            ((*work).loop_, (*work).engine_id)
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_cancel(req: *mut uv_req_t) -> c_int {
    guard("uv_cancel", UV_EINVAL, || {
        if req.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a request pointer, per the API.
        match unsafe { (*req).type_ } {
            req_type::WORK | req_type::FS | req_type::GETADDRINFO | req_type::GETNAMEINFO => {
                // SAFETY: a pool request carries its loop and engine id.
                let (lp, bits) = unsafe { pool_request_ids(req) };
                // SAFETY: the loop the request was queued on.
                let Some(engine) = (unsafe { engine_for(lp, "uv_cancel") }) else {
                    return UV_EINVAL;
                };
                engine
                    .cancel_work(WorkId::from_bits(bits))
                    .map_or_else(|e| e.code(), |()| 0)
            }
            _ => UV_EINVAL,
        }
    })
}

/// Stops the thread pool's workers (after the work already queued) and
/// joins them. Call it once, after every loop is closed.
#[no_mangle]
pub extern "C" fn uv_library_shutdown() {
    crate::boundary::guard_void("uv_library_shutdown", ruv::engine::shutdown_pool);
}

/// libuv runs uv_library_shutdown when the library is unloaded, and so at
/// process exit: the workers finish the work they hold and are joined.
/// Their exit also frees what the C library keeps per thread, such as the
/// resolver state a lookup leaves behind.
#[used]
#[link_section = ".fini_array"]
static SHUTDOWN_AT_UNLOAD: extern "C" fn() = shutdown_at_unload;

extern "C" fn shutdown_at_unload() {
    uv_library_shutdown();
}
