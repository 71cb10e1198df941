//! `uv_fs_scandir` and `uv_fs_scandir_next`.
//!
//! The result is the number of entries (`.` and `..` left out), sorted in
//! strcmp order. `req->ptr` holds the list (NULL when the directory is
//! empty); each `uv_fs_scandir_next` hands out the next entry and frees the
//! one before it, and at the end frees the list, sets `ptr` to NULL and
//! returns UV_EOF, as libuv does. `uv_fs_req_cleanup` frees what is left.

use super::request::*;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::error::code;
use ruv::fs::op;
use std::ffi::CString;

/// `uv_dirent_t`.
#[repr(C)]
pub struct uv_dirent_t {
    pub name: *const c_char,
    pub type_: c_int,
}

const _: () = assert!(std::mem::size_of::<uv_dirent_t>() == 16);

/// What `req->ptr` points to after a scandir with entries.
struct Listing {
    entries: Vec<op::DirEntry>,
    /// How many entries were handed out.
    next: usize,
}

/// Frees the listing (what cleanup does with a scandir's result).
///
/// # Safety
/// `req->ptr` is a `Listing` made by `scandir_result`.
pub(super) unsafe fn release_listing(req: *mut uv_fs_t) {
    // SAFETY: as above; it is dropped once, here, and `ptr` is cleared.
    unsafe {
        drop(Box::from_raw((*req).ptr as *mut Listing));
        (*req).ptr = std::ptr::null_mut();
    }
}

/// Stores the entries in `req->ptr`; the result is their count.
///
/// # Safety
/// `req` was begun.
unsafe fn scandir_result(
    req: *mut uv_fs_t,
    outcome: ruv::Result<Vec<op::DirEntry>>,
) -> ruv::Result<isize> {
    let entries = outcome?;
    let count = entries.len() as isize;
    if !entries.is_empty() {
        let listing = Box::new(Listing { entries, next: 0 });
        // SAFETY: a begun request.
        unsafe { set_ptr(req, Box::into_raw(listing).cast(), PtrRelease::Listing) };
    }
    Ok(count)
}

path_op!(uv_fs_scandir, fs_type::SCANDIR, (flags: c_int => flags), |req| scandir_result(
    req,
    op::scandir(req_path(req))
));

#[no_mangle]
pub unsafe extern "C" fn uv_fs_scandir_next(req: *mut uv_fs_t, ent: *mut uv_dirent_t) -> c_int {
    guard("uv_fs_scandir_next", UV_EINVAL, || {
        if req.is_null() || ent.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a request from uv_fs_scandir and a writable entry, per the
        // API; a non-NULL `ptr` of a scandir request is its Listing.
        unsafe {
            if (*req).fs_type != fs_type::SCANDIR {
                return UV_EINVAL;
            }
            if (*req).result < 0 {
                return (*req).result as c_int;
            }
            if (*req).ptr.is_null() {
                return code::EOF;
            }
            let listing = &mut *((*req).ptr as *mut Listing);
            if listing.next > 0 {
                listing.entries[listing.next - 1].name = CString::default();
            }
            let Some(entry) = listing.entries.get(listing.next) else {
                release_listing(req);
                set_ptr(req, std::ptr::null_mut(), PtrRelease::Block);
                return code::EOF;
            };
            (*ent).name = entry.name.as_ptr();
            (*ent).type_ = entry.kind as c_int;
            listing.next += 1;
            0
        }
    })
}
