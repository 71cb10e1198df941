//! `uv_fs_sendfile` (result: bytes copied) and `uv_fs_copyfile` (result 0).

use super::request::*;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::fs::op;

#[no_mangle]
pub unsafe extern "C" fn uv_fs_sendfile(
    lp: *mut uv_loop_t,
    req: *mut uv_fs_t,
    out_fd: c_int,
    in_fd: c_int,
    in_offset: i64,
    length: usize,
    cb: uv_fs_cb,
) -> c_int {
    guard("uv_fs_sendfile", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        unsafe {
            if let Err(code) = begin(req, lp, fs_type::SENDFILE, cb) {
                return code;
            }
            // As in libuv: the output in `file`, the input in `flags`, the
            // length in the first inline buffer's length.
            (*req).file = out_fd;
            (*req).flags = in_fd;
            (*req).off = in_offset;
            (*req).bufsml[0].len = length;
            unsafe fn runner(req: *mut uv_fs_t) {
                // SAFETY: posted with its descriptors, offset and length set.
                unsafe {
                    let outcome =
                        op::sendfile((*req).file, (*req).flags, (*req).off, (*req).bufsml[0].len);
                    finish(req, outcome.map(|n| n as isize));
                }
            }
            post(req, runner, "uv_fs_sendfile")
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_copyfile(
    lp: *mut uv_loop_t,
    req: *mut uv_fs_t,
    path: *const c_char,
    new_path: *const c_char,
    flags: c_int,
    cb: uv_fs_cb,
) -> c_int {
    guard("uv_fs_copyfile", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        unsafe {
            if let Err(code) = begin(req, lp, fs_type::COPYFILE, cb) {
                return code;
            }
            // Unknown flags are refused before anything is queued.
            let known = op::COPYFILE_EXCL | op::COPYFILE_FICLONE | op::COPYFILE_FICLONE_FORCE;
            if flags & !known != 0 || new_path.is_null() {
                return UV_EINVAL;
            }
            if let Err(code) = set_paths(req, path, new_path, false) {
                return code;
            }
            (*req).flags = flags;
            unsafe fn runner(req: *mut uv_fs_t) {
                // SAFETY: posted with both paths and the flags set.
                unsafe {
                    let outcome = op::copyfile(req_path(req), req_new_path(req), (*req).flags);
                    finish(req, outcome.map(|()| 0));
                }
            }
            post(req, runner, "uv_fs_copyfile")
        }
    })
}
