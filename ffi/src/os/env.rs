//! The environment: listing, reading, setting and removing variables.

use std::ffi::CStr;

use libc::{c_char, c_int, size_t};

use super::buffer::{c_string, copy_out, usable};
use crate::allocator::{c_free, c_malloc};
use crate::boundary::{guard, guard_void};
use crate::error::{UV_EINVAL, UV_ENOENT, UV_ENOMEM};

#[repr(C)]
pub struct uv_env_item_t {
    /// The start of one C-allocated `name\0value\0` block; freed through it.
    pub name: *mut c_char,
    pub value: *mut c_char,
}

const _: () = assert!(std::mem::size_of::<uv_env_item_t>() == 16);

/// `int uv_os_environ(uv_env_item_t** envitems, int* count)`: a copy of
/// every `NAME=value` entry (entries without '=' are left out).
#[no_mangle]
pub unsafe extern "C" fn uv_os_environ(
    envitems: *mut *mut uv_env_item_t,
    count: *mut c_int,
) -> c_int {
    guard("uv_os_environ", UV_EINVAL, || {
        if envitems.is_null() || count.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: both writable, per the API.
        unsafe {
            *envitems = std::ptr::null_mut();
            *count = 0;
        }
        let entries = ruv::sys::env::entries();
        let items = c_malloc(entries.len().max(1) * std::mem::size_of::<uv_env_item_t>())
            as *mut uv_env_item_t;
        if items.is_null() {
            return UV_ENOMEM;
        }
        let mut filled = 0;
        for entry in &entries {
            let Some(eq) = entry.iter().position(|&b| b == b'=') else {
                continue;
            };
            let block = c_string(entry);
            if block.is_null() {
                // SAFETY: the first `filled` items are set.
                unsafe { uv_os_free_environ(items, filled as c_int) };
                return UV_ENOMEM;
            }
            // SAFETY: `block` holds the entry and a NUL; the '=' at `eq`
            // becomes the name's end. `items` has room for every entry.
            unsafe {
                *block.add(eq) = 0;
                items.add(filled).write(uv_env_item_t {
                    name: block,
                    value: block.add(eq + 1),
                });
            }
            filled += 1;
        }
        // SAFETY: as above.
        unsafe {
            *envitems = items;
            *count = filled as c_int;
        }
        0
    })
}

/// `void uv_os_free_environ(uv_env_item_t* envitems, int count)`.
#[no_mangle]
pub unsafe extern "C" fn uv_os_free_environ(envitems: *mut uv_env_item_t, count: c_int) {
    guard_void("uv_os_free_environ", || {
        if envitems.is_null() {
            return;
        }
        // SAFETY: an array from uv_os_environ with `count` items.
        unsafe {
            for i in 0..count.max(0) as usize {
                c_free((*envitems.add(i)).name.cast());
            }
            c_free(envitems.cast());
        }
    })
}

/// `int uv_os_getenv(const char* name, char* buffer, size_t* size)`.
#[no_mangle]
pub unsafe extern "C" fn uv_os_getenv(
    name: *const c_char,
    buffer: *mut c_char,
    size: *mut size_t,
) -> c_int {
    guard("uv_os_getenv", UV_EINVAL, || {
        // SAFETY: NULL or valid, per the API.
        if name.is_null() || !unsafe { usable(buffer, size) } {
            return UV_EINVAL;
        }
        // SAFETY: a NUL-terminated name, per the API.
        let name = unsafe { CStr::from_ptr(name) };
        match ruv::sys::env::get(name) {
            // SAFETY: checked usable above.
            Some(value) => unsafe { copy_out(&value, buffer, size) },
            None => UV_ENOENT,
        }
    })
}

/// `int uv_os_setenv(const char* name, const char* value)`.
#[no_mangle]
pub unsafe extern "C" fn uv_os_setenv(name: *const c_char, value: *const c_char) -> c_int {
    guard("uv_os_setenv", UV_EINVAL, || {
        if name.is_null() || value.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NUL-terminated strings, per the API.
        let (name, value) = unsafe { (CStr::from_ptr(name), CStr::from_ptr(value)) };
        ruv::sys::env::set(name, value).map_or_else(|e| ruv::Error::from_io(&e).code(), |()| 0)
    })
}

/// `int uv_os_unsetenv(const char* name)`.
#[no_mangle]
pub unsafe extern "C" fn uv_os_unsetenv(name: *const c_char) -> c_int {
    guard("uv_os_unsetenv", UV_EINVAL, || {
        if name.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a NUL-terminated name, per the API.
        let name = unsafe { CStr::from_ptr(name) };
        ruv::sys::env::unset(name).map_or_else(|e| ruv::Error::from_io(&e).code(), |()| 0)
    })
}
