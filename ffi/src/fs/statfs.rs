//! `uv_fs_statfs`: `req->ptr` becomes a `uv_statfs_t` from the C allocator,
//! freed by `uv_fs_req_cleanup`.

use super::request::*;
use crate::allocator::c_malloc;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::error::{code, Error};
use ruv::fs::op;

/// `uv_statfs_t`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct uv_statfs_t {
    pub f_type: u64,
    pub f_bsize: u64,
    pub f_blocks: u64,
    pub f_bfree: u64,
    pub f_bavail: u64,
    pub f_files: u64,
    pub f_ffree: u64,
    pub f_spare: [u64; 4],
}

const _: () = assert!(std::mem::size_of::<uv_statfs_t>() == 88);

impl From<&op::StatFs> for uv_statfs_t {
    fn from(s: &op::StatFs) -> uv_statfs_t {
        uv_statfs_t {
            f_type: s.fs_type,
            f_bsize: s.bsize,
            f_blocks: s.blocks,
            f_bfree: s.bfree,
            f_bavail: s.bavail,
            f_files: s.files,
            f_ffree: s.ffree,
            f_spare: [0; 4],
        }
    }
}

/// Puts the facts in C memory at `req->ptr`.
///
/// # Safety
/// `req` was begun.
unsafe fn statfs_result(req: *mut uv_fs_t, outcome: ruv::Result<op::StatFs>) -> ruv::Result<isize> {
    let facts = uv_statfs_t::from(&outcome?);
    let block = c_malloc(std::mem::size_of::<uv_statfs_t>()) as *mut uv_statfs_t;
    if block.is_null() {
        return Err(Error::from_code(code::ENOMEM));
    }
    // SAFETY: `block` is fresh memory for one uv_statfs_t (malloc aligns
    // for any type); `req` was begun.
    unsafe {
        block.write(facts);
        set_ptr(req, block.cast(), PtrRelease::Block);
    }
    Ok(0)
}

path_op!(uv_fs_statfs, fs_type::STATFS, (), |req| statfs_result(
    req,
    op::statfs(req_path(req))
));
