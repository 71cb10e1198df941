//! fs_event and fs_poll exports: watching a path for changes, by inotify or
//! by polling its stat.

use crate::allocator::{c_free, c_malloc};
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::fs::uv_stat_t;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::types::*;
use libc::{c_char, c_int, c_uint};
use ruv::engine::Kind;
use ruv::error::code;
use std::ffi::{CStr, CString};

pub type uv_fs_event_cb =
    Option<unsafe extern "C" fn(*mut uv_fs_event_t, *const c_char, c_int, c_int)>;
pub type uv_fs_poll_cb =
    Option<unsafe extern "C" fn(*mut uv_fs_poll_t, c_int, *const uv_stat_t, *const uv_stat_t)>;

#[repr(C)]
pub struct uv_fs_event_t {
    pub handle: uv_handle_t,
    /// The watched path while started (a c_malloc copy), as in libuv.
    pub path: *mut c_char,
    pub cb: uv_fs_event_cb,
    pub private: [u64; 3],
}

#[repr(C)]
pub struct uv_fs_poll_t {
    pub handle: uv_handle_t,
    /// libuv's private context; here, the callback.
    pub poll_ctx: uv_fs_poll_cb,
}

const _: () = {
    assert!(std::mem::size_of::<uv_fs_event_t>() == 136);
    assert!(std::mem::offset_of!(uv_fs_event_t, path) == 96);
    assert!(std::mem::size_of::<uv_fs_poll_t>() == 104);
};

const UV_FS_EVENT: c_int = 3;
const UV_FS_POLL: c_int = 4;

/// Copies `path` into a buffer of `*size` bytes, as libuv's getpath calls do.
///
/// # Safety
/// `buffer` has `*size` writable bytes; `size` is valid.
unsafe fn copy_path(path: Option<CString>, buffer: *mut c_char, size: *mut usize) -> c_int {
    let Some(path) = path else {
        // SAFETY: valid per the caller.
        unsafe { *size = 0 };
        return UV_EINVAL;
    };
    let bytes = path.as_bytes();
    // SAFETY: valid per the caller.
    unsafe {
        if bytes.len() >= *size {
            *size = bytes.len() + 1;
            return code::ENOBUFS;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer as *mut u8, bytes.len());
        *buffer.add(bytes.len()) = 0;
        *size = bytes.len();
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_event_init(lp: *mut uv_loop_t, handle: *mut uv_fs_event_t) -> c_int {
    guard("uv_fs_event_init", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                handle as *mut uv_handle_t,
                UV_FS_EVENT,
                Kind::FsEvent,
                "uv_fs_event_init",
            )
        };
        if status == 0 {
            // SAFETY: initialised just above.
            unsafe {
                (*handle).path = std::ptr::null_mut();
                (*handle).cb = None;
            }
        }
        status
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_event_start(
    handle: *mut uv_fs_event_t,
    cb: uv_fs_event_cb,
    path: *const c_char,
    _flags: c_uint,
) -> c_int {
    guard("uv_fs_event_start", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { live_handle(handle, "uv_fs_event_start") }) else {
            return UV_EINVAL;
        };
        if path.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a NUL-terminated path, per the API.
        let path = unsafe { CStr::from_ptr(path) };
        if let Err(err) = lp.fs_event_start(id, path) {
            return err.code();
        }
        let bytes = path.to_bytes_with_nul();
        let copy = c_malloc(bytes.len());
        if !copy.is_null() {
            // SAFETY: `copy` has room for the string and its NUL.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), copy, bytes.len()) };
        }
        // SAFETY: a live handle.
        unsafe {
            (*handle).path = copy as *mut c_char;
            (*handle).cb = cb;
        }
        0
    })
}

/// Frees the path copy of a stopped (or closing) fs_event handle.
///
/// # Safety
/// `handle` is an fs_event handle.
pub(crate) unsafe fn release_event_path(handle: *mut uv_fs_event_t) {
    // SAFETY: the path, if any, came from c_malloc in uv_fs_event_start.
    unsafe {
        if !(*handle).path.is_null() {
            c_free((*handle).path as *mut u8);
            (*handle).path = std::ptr::null_mut();
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_event_stop(handle: *mut uv_fs_event_t) -> c_int {
    guard("uv_fs_event_stop", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { live_handle(handle, "uv_fs_event_stop") }) else {
            return UV_EINVAL;
        };
        if let Err(err) = lp.fs_event_stop(id) {
            return err.code();
        }
        // SAFETY: a live handle.
        unsafe { release_event_path(handle) };
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_event_getpath(
    handle: *mut uv_fs_event_t,
    buffer: *mut c_char,
    size: *mut usize,
) -> c_int {
    guard("uv_fs_event_getpath", UV_EINVAL, || {
        if size.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a handle, per the API.
        let path = unsafe { live_handle(handle, "uv_fs_event_getpath") }
            .and_then(|(lp, id)| lp.fs_event_path(id));
        // SAFETY: the caller's buffer of *size bytes.
        unsafe { copy_path(path, buffer, size) }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_poll_init(lp: *mut uv_loop_t, handle: *mut uv_fs_poll_t) -> c_int {
    guard("uv_fs_poll_init", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                handle as *mut uv_handle_t,
                UV_FS_POLL,
                Kind::FsPoll,
                "uv_fs_poll_init",
            )
        };
        if status == 0 {
            // SAFETY: initialised just above.
            unsafe { (*handle).poll_ctx = None };
        }
        status
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_poll_start(
    handle: *mut uv_fs_poll_t,
    cb: uv_fs_poll_cb,
    path: *const c_char,
    interval: c_uint,
) -> c_int {
    guard("uv_fs_poll_start", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { live_handle(handle, "uv_fs_poll_start") }) else {
            return UV_EINVAL;
        };
        if path.is_null() {
            return UV_EINVAL;
        }
        if lp.is_active(id) {
            return 0;
        }
        // SAFETY: a live handle; the callback is in place before any poll ends.
        unsafe { (*handle).poll_ctx = cb };
        // SAFETY: a NUL-terminated path, per the API.
        let path = unsafe { CStr::from_ptr(path) };
        lp.fs_poll_start(id, path, u64::from(interval))
            .map_or_else(|e| e.code(), |()| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_poll_stop(handle: *mut uv_fs_poll_t) -> c_int {
    guard("uv_fs_poll_stop", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { live_handle(handle, "uv_fs_poll_stop") }) else {
            return UV_EINVAL;
        };
        lp.fs_poll_stop(id).map_or_else(|e| e.code(), |()| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_poll_getpath(
    handle: *mut uv_fs_poll_t,
    buffer: *mut c_char,
    size: *mut usize,
) -> c_int {
    guard("uv_fs_poll_getpath", UV_EINVAL, || {
        if size.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a handle, per the API.
        let path = unsafe { live_handle(handle, "uv_fs_poll_getpath") }
            .and_then(|(lp, id)| lp.fs_poll_path(id));
        // SAFETY: the caller's buffer of *size bytes.
        unsafe { copy_path(path, buffer, size) }
    })
}

/// Runs an fs_event or fs_poll callback for the host.
///
/// # Safety
/// `token` is a live handle of the event's kind.
pub(crate) unsafe fn fire(token: usize, event: &ruv::engine::Event<'_>) {
    use ruv::engine::Event;
    // SAFETY: as above; the callbacks were stored by the start calls.
    unsafe {
        match *event {
            Event::FsEvent {
                filename,
                events,
                status,
            } => {
                let handle = token as *mut uv_fs_event_t;
                if let Some(cb) = (*handle).cb {
                    cb(
                        handle,
                        filename.map_or(std::ptr::null(), CStr::as_ptr),
                        events,
                        status,
                    );
                }
            }
            Event::FsPoll { status, prev, curr } => {
                let handle = token as *mut uv_fs_poll_t;
                let prev = uv_stat_t::from(prev);
                let curr = uv_stat_t::from(curr);
                if let Some(cb) = (*handle).poll_ctx {
                    cb(handle, status, &prev, &curr);
                }
            }
            _ => {}
        }
    }
}
