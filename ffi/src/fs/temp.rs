//! `uv_fs_mkdtemp` and `uv_fs_mkstemp`. The template is always copied into
//! `req->path` (in both modes) and the name created is written there;
//! mkstemp's result is the open descriptor, mkdtemp's is 0.

use super::request::*;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::fs::op;

/// The request's own copy of the template, NUL included, to rewrite.
///
/// # Safety
/// `req->path` is the request's copy (set with `always_copy`).
unsafe fn template<'a>(req: *mut uv_fs_t) -> &'a mut [u8] {
    // SAFETY: the copy is a NUL-terminated block only this request uses.
    unsafe {
        let len = req_path(req).to_bytes_with_nul().len();
        std::slice::from_raw_parts_mut((*req).path as *mut u8, len)
    }
}

/// Declares `$export(loop, req, tpl, cb)` running `$run` on the template.
macro_rules! temp_op {
    ($export:ident, $kind:expr, |$tpl:ident| $run:expr) => {
        #[no_mangle]
        pub unsafe extern "C" fn $export(
            lp: *mut uv_loop_t,
            req: *mut uv_fs_t,
            tpl: *const c_char,
            cb: uv_fs_cb,
        ) -> c_int {
            guard(stringify!($export), UV_EINVAL, || {
                // SAFETY: NULL or valid pointers, per the API.
                unsafe {
                    if let Err(code) = begin(req, lp, $kind, cb) {
                        return code;
                    }
                    if let Err(code) = set_paths(req, tpl, std::ptr::null(), true) {
                        return code;
                    }
                    unsafe fn runner(req: *mut uv_fs_t) {
                        // SAFETY: posted with its own copy of the template.
                        unsafe {
                            let $tpl = template(req);
                            finish(req, $run)
                        }
                    }
                    post(req, runner, stringify!($export))
                }
            })
        }
    };
}

temp_op!(uv_fs_mkdtemp, fs_type::MKDTEMP, |tpl| op::mkdtemp(tpl)
    .map(|()| 0));
temp_op!(uv_fs_mkstemp, fs_type::MKSTEMP, |tpl| op::mkstemp(tpl)
    .map(|fd| fd as isize));
