//! `uv_fs_link`, `uv_fs_symlink`, `uv_fs_readlink`, `uv_fs_realpath`.
//!
//! readlink and realpath hand back their string in `req->ptr`, a
//! NUL-terminated copy from the C allocator that `uv_fs_req_cleanup` frees;
//! the result is 0.

use super::request::*;
use crate::allocator::c_malloc;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::error::{code, Error};
use ruv::fs::op;
use std::ffi::CStr;

/// Copies `text` into C memory and gives it to the request as its `ptr`.
///
/// # Safety
/// `req` was begun.
pub(super) unsafe fn give_c_string(req: *mut uv_fs_t, text: &CStr) -> ruv::Result<isize> {
    let bytes = text.to_bytes_with_nul();
    let block = c_malloc(bytes.len());
    if block.is_null() {
        return Err(Error::from_code(code::ENOMEM));
    }
    // SAFETY: `block` holds `bytes.len()` bytes; `req` was begun.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), block, bytes.len());
        set_ptr(req, block.cast(), PtrRelease::Block);
    }
    Ok(0)
}

two_path_op!(uv_fs_link, fs_type::LINK, (), |req| {
    op::link(req_path(req), req_new_path(req)).map(|()| 0)
});

two_path_op!(uv_fs_symlink, fs_type::SYMLINK, (flags: c_int => flags), |req| {
    op::symlink(req_path(req), req_new_path(req), (*req).flags).map(|()| 0)
});

path_op!(uv_fs_readlink, fs_type::READLINK, (), |req| {
    op::readlink(req_path(req)).and_then(|target| give_c_string(req, &target))
});

path_op!(uv_fs_realpath, fs_type::REALPATH, (), |req| {
    op::realpath(req_path(req)).and_then(|resolved| give_c_string(req, &resolved))
});
