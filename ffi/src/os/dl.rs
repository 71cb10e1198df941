//! Shared libraries: `uv_dlopen`, `uv_dlsym`, `uv_dlclose`, `uv_dlerror`.
//!
//! As in libuv, failures return -1 (not a `UV_E*` code) and leave the
//! system's message in the `uv_lib_t`, where uv_dlerror finds it.

use std::ffi::{c_void, CStr, CString};

use libc::{c_char, c_int};

use super::buffer::c_string;
use crate::allocator::c_free;
use crate::boundary::{guard, guard_void};
use crate::error::UV_EINVAL;

#[repr(C)]
pub struct uv_lib_t {
    pub handle: *mut c_void,
    /// The last failure's message, from the C allocator; NULL when none.
    pub errmsg: *mut c_char,
}

const _: () = assert!(std::mem::size_of::<uv_lib_t>() == 16);

/// What uv_dlerror says when nothing failed.
static NO_ERROR: &[u8] = b"no error\0";

/// Replaces the library's message with `msg`: -1 when there is one, 0
/// when the system gave none.
///
/// # Safety
/// `lib` is valid; its `errmsg` is NULL or a message set here.
unsafe fn set_error(lib: *mut uv_lib_t, msg: Option<CString>) -> c_int {
    // SAFETY: per the caller's promise.
    unsafe {
        c_free((*lib).errmsg.cast());
        (*lib).errmsg = msg.map_or(std::ptr::null_mut(), |m| c_string(m.as_bytes()));
        if (*lib).errmsg.is_null() {
            0
        } else {
            -1
        }
    }
}

/// `int uv_dlopen(const char* filename, uv_lib_t* lib)`: NULL opens the
/// main program.
#[no_mangle]
pub unsafe extern "C" fn uv_dlopen(filename: *const c_char, lib: *mut uv_lib_t) -> c_int {
    guard("uv_dlopen", UV_EINVAL, || {
        if lib.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a NUL-terminated name, per the API.
        let name = (!filename.is_null()).then(|| unsafe { CStr::from_ptr(filename) });
        // The lib may be uninitialised memory: nothing in it is freed.
        // SAFETY: writable, per the API.
        unsafe {
            (*lib).errmsg = std::ptr::null_mut();
            (*lib).handle = std::ptr::null_mut();
        }
        match ruv::sys::dl::open(name) {
            Ok(handle) => {
                // SAFETY: as above.
                unsafe { (*lib).handle = handle };
                0
            }
            // SAFETY: errmsg was just cleared.
            Err(msg) => unsafe { set_error(lib, msg) },
        }
    })
}

/// `void uv_dlclose(uv_lib_t* lib)`: closes the library and frees the
/// message; the lib may be closed again.
#[no_mangle]
pub unsafe extern "C" fn uv_dlclose(lib: *mut uv_lib_t) {
    guard_void("uv_dlclose", || {
        if lib.is_null() {
            return;
        }
        // SAFETY: a lib from uv_dlopen; its handle is closed once, then cleared.
        unsafe {
            c_free((*lib).errmsg.cast());
            (*lib).errmsg = std::ptr::null_mut();
            if !(*lib).handle.is_null() {
                ruv::sys::dl::close((*lib).handle);
                (*lib).handle = std::ptr::null_mut();
            }
        }
    })
}

/// `int uv_dlsym(uv_lib_t* lib, const char* name, void** ptr)`.
#[no_mangle]
pub unsafe extern "C" fn uv_dlsym(
    lib: *mut uv_lib_t,
    name: *const c_char,
    ptr: *mut *mut c_void,
) -> c_int {
    guard("uv_dlsym", UV_EINVAL, || {
        if lib.is_null() || name.is_null() || ptr.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: an open lib and a NUL-terminated name, per the API.
        let found = unsafe { ruv::sys::dl::symbol((*lib).handle, CStr::from_ptr(name)) };
        match found {
            Ok(addr) => {
                // SAFETY: writable, per the API.
                unsafe { *ptr = addr };
                if addr.is_null() {
                    // libuv clears the old message in this case too.
                    // SAFETY: a lib from uv_dlopen.
                    unsafe { set_error(lib, None) };
                }
                0
            }
            Err(msg) => {
                // SAFETY: as above.
                unsafe {
                    *ptr = std::ptr::null_mut();
                    set_error(lib, msg)
                }
            }
        }
    })
}

/// `const char* uv_dlerror(const uv_lib_t* lib)`: the last failure's
/// message, or "no error".
#[no_mangle]
pub unsafe extern "C" fn uv_dlerror(lib: *const uv_lib_t) -> *const c_char {
    guard("uv_dlerror", NO_ERROR.as_ptr().cast(), || {
        // SAFETY: NULL or a lib, per the API.
        if lib.is_null() || unsafe { (*lib).errmsg }.is_null() {
            NO_ERROR.as_ptr().cast()
        } else {
            // SAFETY: as above.
            unsafe { (*lib).errmsg }
        }
    })
}
