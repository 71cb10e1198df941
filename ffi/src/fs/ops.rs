//! `uv_fs_*` exports for files: open, close, read, write, metadata, and the
//! calls that change a path or a descriptor without returning data.
//!
//! Each export stores its arguments in the request and posts it with a
//! runner, a function that performs the operation from those fields.

use super::request::*;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int, c_uint};
use ruv::fs::op;
use std::io::{IoSlice, IoSliceMut};

/// The request's buffers as the I/O slices the kernel reads (uv_buf_t and
/// iovec share one layout, and IoSlice is iovec on Unix).
///
/// # Safety
/// `req` holds `nbufs` buffers at `bufs`, each valid for its length.
unsafe fn io_slices_mut<'a>(req: *mut uv_fs_t) -> &'a mut [IoSliceMut<'a>] {
    // SAFETY: as above; IoSliceMut is guaranteed ABI-compatible with iovec.
    unsafe {
        std::slice::from_raw_parts_mut((*req).bufs as *mut IoSliceMut<'a>, (*req).nbufs as usize)
    }
}

/// # Safety
/// As for [`io_slices_mut`].
unsafe fn io_slices<'a>(req: *mut uv_fs_t) -> &'a mut [IoSlice<'a>] {
    // SAFETY: as above; IoSlice is guaranteed ABI-compatible with iovec.
    unsafe {
        std::slice::from_raw_parts_mut((*req).bufs as *mut IoSlice<'a>, (*req).nbufs as usize)
    }
}

/// Fills `statbuf` and points `ptr` at it, as libuv's stat calls do.
///
/// # Safety
/// `req` was begun.
unsafe fn stat_result(req: *mut uv_fs_t, outcome: ruv::Result<op::Stat>) -> ruv::Result<isize> {
    let stat = outcome?;
    // SAFETY: as above.
    unsafe {
        (*req).statbuf = uv_stat_t::from(&stat);
        (*req).ptr = std::ptr::addr_of_mut!((*req).statbuf) as *mut libc::c_void;
    }
    Ok(0)
}

path_op!(uv_fs_open, fs_type::OPEN, (flags: c_int => flags, mode: c_int => mode), |req| {
    op::open(req_path(req), (*req).flags, (*req).mode).map(|fd| fd as isize)
});
path_op!(uv_fs_unlink, fs_type::UNLINK, (), |req| op::unlink(
    req_path(req)
)
.map(|()| 0));
path_op!(uv_fs_mkdir, fs_type::MKDIR, (mode: c_int => mode), |req| {
    op::mkdir(req_path(req), (*req).mode).map(|()| 0)
});
path_op!(uv_fs_rmdir, fs_type::RMDIR, (), |req| op::rmdir(req_path(
    req
))
.map(|()| 0));
path_op!(uv_fs_access, fs_type::ACCESS, (mode: c_int => flags), |req| {
    op::access(req_path(req), (*req).flags).map(|()| 0)
});
path_op!(uv_fs_chmod, fs_type::CHMOD, (mode: c_int => mode), |req| {
    op::chmod(req_path(req), (*req).mode).map(|()| 0)
});
path_op!(uv_fs_stat, fs_type::STAT, (), |req| stat_result(
    req,
    op::stat(req_path(req))
));
path_op!(uv_fs_lstat, fs_type::LSTAT, (), |req| stat_result(
    req,
    op::lstat(req_path(req))
));

fd_op!(uv_fs_close, fs_type::CLOSE, (), |req| op::close(
    (*req).file
)
.map(|()| 0));
fd_op!(uv_fs_fstat, fs_type::FSTAT, (), |req| stat_result(
    req,
    op::fstat((*req).file)
));
fd_op!(uv_fs_fsync, fs_type::FSYNC, (), |req| op::fsync(
    (*req).file
)
.map(|()| 0));
fd_op!(uv_fs_fdatasync, fs_type::FDATASYNC, (), |req| {
    op::fdatasync((*req).file).map(|()| 0)
});
fd_op!(uv_fs_ftruncate, fs_type::FTRUNCATE, (offset: i64 => off), |req| {
    op::ftruncate((*req).file, (*req).off).map(|()| 0)
});
fd_op!(uv_fs_fchmod, fs_type::FCHMOD, (mode: c_int => mode), |req| {
    op::fchmod((*req).file, (*req).mode).map(|()| 0)
});

#[no_mangle]
pub unsafe extern "C" fn uv_fs_rename(
    lp: *mut uv_loop_t,
    req: *mut uv_fs_t,
    path: *const c_char,
    new_path: *const c_char,
    cb: uv_fs_cb,
) -> c_int {
    guard("uv_fs_rename", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        unsafe {
            if let Err(code) = begin(req, lp, fs_type::RENAME, cb) {
                return code;
            }
            if new_path.is_null() {
                return UV_EINVAL;
            }
            if let Err(code) = set_paths(req, path, new_path, false) {
                return code;
            }
            unsafe fn runner(req: *mut uv_fs_t) {
                // SAFETY: posted with both paths set.
                unsafe {
                    finish(
                        req,
                        op::rename(req_path(req), req_new_path(req)).map(|()| 0),
                    )
                }
            }
            post(req, runner, "uv_fs_rename")
        }
    })
}

/// Declares read or write: `$export(loop, req, file, bufs, nbufs, offset, cb)`,
/// whose runner calls `$op` on the request's buffers (as `$slices`).
macro_rules! io_op {
    ($export:ident, $kind:expr, $op:path, $slices:ident) => {
        #[no_mangle]
        pub unsafe extern "C" fn $export(
            lp: *mut uv_loop_t,
            req: *mut uv_fs_t,
            file: c_int,
            bufs: *const uv_buf_t,
            nbufs: c_uint,
            offset: i64,
            cb: uv_fs_cb,
        ) -> c_int {
            guard(stringify!($export), UV_EINVAL, || {
                // SAFETY: NULL or valid pointers, per the API.
                unsafe {
                    if let Err(code) =
                        begin(req, lp, $kind, cb).and_then(|()| set_bufs(req, bufs, nbufs))
                    {
                        return code;
                    }
                    (*req).file = file;
                    (*req).off = offset;
                    unsafe fn runner(req: *mut uv_fs_t) {
                        // SAFETY: posted with its buffers; the caller keeps
                        // them alive until the request completes.
                        unsafe {
                            let outcome = $op((*req).file, $slices(req), (*req).off);
                            release_bufs(req);
                            finish(req, outcome.map(|n| n as isize));
                        }
                    }
                    post(req, runner, stringify!($export))
                }
            })
        }
    };
}

io_op!(uv_fs_read, fs_type::READ, op::read, io_slices_mut);
io_op!(uv_fs_write, fs_type::WRITE, op::write, io_slices);
