//! `uv_random`: random bytes, at once or on the thread pool with the
//! callback on the loop thread.

use libc::{c_int, c_uint, c_void, size_t};
use ruv::engine::{Done, Work};

use crate::boundary::guard;
use crate::error::{UV_E2BIG, UV_EINVAL};
use crate::resolve::engine_for;
use crate::types::{req_type, uv_loop_t, uv_req_t};

pub type uv_random_cb = Option<unsafe extern "C" fn(*mut uv_random_t, c_int, *mut c_void, size_t)>;

#[repr(C)]
pub struct uv_random_t {
    pub req: uv_req_t,
    pub loop_: *mut uv_loop_t,
    /// The worker's result, read once the request is done.
    pub status: c_int,
    pub buf: *mut c_void,
    pub buflen: size_t,
    pub cb: uv_random_cb,
    /// The engine's `WorkId`, packed (in libuv's private work word).
    pub engine_id: u64,
    pub private: [u64; 4],
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_random_t>() == 144);
    assert!(offset_of!(uv_random_t, loop_) == 64);
    assert!(offset_of!(uv_random_t, status) == 72);
    assert!(offset_of!(uv_random_t, buf) == 80);
    assert!(offset_of!(uv_random_t, buflen) == 88);
    assert!(offset_of!(uv_random_t, cb) == 96);
    assert!(offset_of!(uv_random_t, engine_id) == 104);
};

/// The largest request libuv accepts (its limit: what fits in an int).
const MAX_LEN: size_t = 0x7FFF_FFFF;

/// Fills `len` bytes at `buf`.
///
/// # Safety
/// `buf` is writable for `len` bytes, or `len` is 0.
unsafe fn fill(buf: *mut c_void, len: size_t) -> c_int {
    if len == 0 {
        return 0;
    }
    // SAFETY: per the caller's promise.
    let bytes = unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), len) };
    ruv::os::random(bytes).map_or_else(|e| e.code(), |()| 0)
}

/// On a pool worker: fills the request's buffer.
fn random_work(token: usize) {
    let req = token as *mut uv_random_t;
    // SAFETY: the token is the uv_random_t given to uv_random, kept alive
    // (with its buffer) until its callback; only this worker touches it now.
    unsafe { (*req).status = fill((*req).buf, (*req).buflen) };
}

/// On the loop thread: the callback, with the worker's result (or
/// `UV_ECANCELED`).
///
/// # Safety
/// `req` is a uv_random_t this module queued.
pub(crate) unsafe fn random_done(req: *mut uv_random_t, status: c_int) {
    // SAFETY: per the caller's promise.
    unsafe {
        let status = if status == 0 { (*req).status } else { status };
        if let Some(cb) = (*req).cb {
            cb(req, status, (*req).buf, (*req).buflen);
        }
    }
}

/// `int uv_random(uv_loop_t* loop, uv_random_t* req, void* buf, size_t
/// buflen, unsigned flags, uv_random_cb cb)`: without a callback, fills
/// `buf` before returning (loop and req unused); with one, on the pool.
#[no_mangle]
pub unsafe extern "C" fn uv_random(
    lp: *mut uv_loop_t,
    req: *mut uv_random_t,
    buf: *mut c_void,
    buflen: size_t,
    flags: c_uint,
    cb: uv_random_cb,
) -> c_int {
    guard("uv_random", UV_EINVAL, || {
        if buflen > MAX_LEN {
            return UV_E2BIG;
        }
        if flags != 0 || (buf.is_null() && buflen > 0) {
            return UV_EINVAL;
        }
        if cb.is_none() {
            // SAFETY: `buf` is writable for `buflen` bytes, per the API.
            return unsafe { fill(buf, buflen) };
        }
        if req.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine_for(lp, "uv_random") }) else {
            return UV_EINVAL;
        };
        // SAFETY: `req` is writable uv_random_t memory, per the API; a
        // request still in flight is refused before any of it is written.
        unsafe {
            crate::in_flight::submit(req, || {
                (*req).req.type_ = req_type::RANDOM;
                (*req).loop_ = lp;
                (*req).status = 0;
                (*req).buf = buf;
                (*req).buflen = buflen;
                (*req).cb = cb;
                let token = req as usize;
                let work = Work::Native {
                    run: random_work,
                    token,
                };
                match engine.queue_work(work, Done::Host(token)) {
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
