//! The `uv_fs_get_*` accessors.

use super::layout::{uv_fs_t, uv_stat_t};
use crate::boundary::guard;
use libc::{c_char, c_int, c_void};

#[no_mangle]
pub unsafe extern "C" fn uv_fs_get_type(req: *const uv_fs_t) -> c_int {
    guard("uv_fs_get_type", 0, || {
        if req.is_null() {
            0
        } else {
            // SAFETY: a request pointer, per the API.
            unsafe { (*req).fs_type }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_get_result(req: *const uv_fs_t) -> isize {
    guard("uv_fs_get_result", 0, || {
        if req.is_null() {
            0
        } else {
            // SAFETY: a request pointer, per the API.
            unsafe { (*req).result }
        }
    })
}

/// The errno behind a failed request. As in libuv this is simply the
/// negated result, so a successful request reports minus its result.
#[no_mangle]
pub unsafe extern "C" fn uv_fs_get_system_error(req: *const uv_fs_t) -> c_int {
    guard("uv_fs_get_system_error", 0, || {
        if req.is_null() {
            return 0;
        }
        // SAFETY: a request pointer, per the API.
        -(unsafe { (*req).result } as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_get_ptr(req: *const uv_fs_t) -> *mut c_void {
    guard("uv_fs_get_ptr", std::ptr::null_mut(), || {
        if req.is_null() {
            std::ptr::null_mut()
        } else {
            // SAFETY: a request pointer, per the API.
            unsafe { (*req).ptr }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_get_path(req: *const uv_fs_t) -> *const c_char {
    guard("uv_fs_get_path", std::ptr::null(), || {
        if req.is_null() {
            std::ptr::null()
        } else {
            // SAFETY: a request pointer, per the API.
            unsafe { (*req).path }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_get_statbuf(req: *mut uv_fs_t) -> *mut uv_stat_t {
    guard("uv_fs_get_statbuf", std::ptr::null_mut(), || {
        if req.is_null() {
            std::ptr::null_mut()
        } else {
            // SAFETY: a request pointer, per the API.
            unsafe { std::ptr::addr_of_mut!((*req).statbuf) }
        }
    })
}
