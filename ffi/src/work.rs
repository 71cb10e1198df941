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
        // SAFETY: `req` is writable uv_work_t memory, per the API; a
        // request still in flight is refused before any of it is written.
        unsafe {
            crate::in_flight::submit(req, || {
                (*req).req.type_ = req_type::WORK;
                (*req).loop_ = lp;
                (*req).work_cb = work_cb;
                (*req).after_work_cb = after_work_cb;
                let token = req as usize;
                match engine.queue_work(
                    Work::Native {
                        run: run_work,
                        token,
                    },
                    Done::Host(token),
                ) {
                    Ok(id) => {
                        (*req).engine_id = id.to_bits();
                        0
                    }
                    Err(err) => err.code(),
                }
            })
        }
    })
}

/// The loop and engine id of a work, fs, getaddrinfo, getnameinfo or
/// random request.
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
        } else if (*req).type_ == req_type::RANDOM {
            let random = req as *mut crate::os::uv_random_t;
            ((*random).loop_, (*random).engine_id)
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
            req_type::WORK
            | req_type::FS
            | req_type::GETADDRINFO
            | req_type::GETNAMEINFO
            | req_type::RANDOM => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::uv_fs_t;
    use crate::loop_::{uv_loop_close, uv_loop_init, uv_run};
    use libc::{c_char, c_uint};
    use std::mem::MaybeUninit;
    use std::os::fd::AsRawFd;

    extern "C" {
        fn uv_fs_stat(
            lp: *mut uv_loop_t,
            req: *mut uv_fs_t,
            path: *const c_char,
            cb: FsCb,
        ) -> c_int;
        fn uv_fs_write(
            lp: *mut uv_loop_t,
            req: *mut uv_fs_t,
            file: c_int,
            bufs: *const uv_buf_t,
            nbufs: c_uint,
            offset: i64,
            cb: FsCb,
        ) -> c_int;
        fn uv_fs_req_cleanup(req: *mut uv_fs_t);
    }
    type FsCb = Option<unsafe extern "C" fn(*mut uv_fs_t)>;

    unsafe extern "C" fn nothing(_: *mut uv_work_t) {}

    unsafe extern "C" fn fs_done(req: *mut uv_fs_t) {
        // SAFETY: a finished request of the test below.
        unsafe { uv_fs_req_cleanup(req) };
    }

    /// C requests reach the pool's counters in their class: uv_queue_work
    /// as user work, uv_fs_* (lane writes included) as file system. Other
    /// tests of this binary may queue work too, so counts only grow.
    #[test]
    fn c_requests_are_counted_by_class() {
        let before = ruv::engine::pool_stats();
        let sink = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/null")
            .unwrap();
        let mut byte = *b"x";
        let buf = uv_buf_t {
            base: byte.as_mut_ptr() as *mut c_char,
            len: 1,
        };
        // SAFETY: zeroed memory is a valid (uninitialised) loop and requests
        // for the init and queue calls, which fill them in; all outlive the
        // run that completes them.
        unsafe {
            let mut lp: uv_loop_t = MaybeUninit::zeroed().assume_init();
            let mut work: uv_work_t = MaybeUninit::zeroed().assume_init();
            let mut stat: uv_fs_t = MaybeUninit::zeroed().assume_init();
            let mut write: uv_fs_t = MaybeUninit::zeroed().assume_init();
            assert_eq!(uv_loop_init(&mut lp), 0);
            assert_eq!(uv_queue_work(&mut lp, &mut work, Some(nothing), None), 0);
            let root = std::ffi::CString::new("/").unwrap();
            assert_eq!(
                uv_fs_stat(&mut lp, &mut stat, root.as_ptr(), Some(fs_done)),
                0
            );
            let fd = sink.as_raw_fd();
            assert_eq!(
                uv_fs_write(&mut lp, &mut write, fd, &buf, 1, -1, Some(fs_done)),
                0
            );
            assert_eq!(uv_run(&mut lp, 0), 0);
            assert_eq!(uv_loop_close(&mut lp), 0);
        }
        let after = ruv::engine::pool_stats();
        assert!(after.user.run.count > before.user.run.count);
        assert!(after.fs.wait.count >= before.fs.wait.count + 2);
        assert!(after.fs.run.count >= before.fs.run.count + 2);
    }
}
