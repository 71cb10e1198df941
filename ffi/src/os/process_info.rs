//! This process: ids, scheduling priority, working directory, executable.

use std::ffi::CStr;

use libc::{c_char, c_int, size_t};

use super::buffer::usable;
use crate::boundary::guard;
use crate::error::{UV_EINVAL, UV_ENOBUFS};

/// The nice values uv_os_setpriority accepts (UV_PRIORITY_HIGHEST to
/// UV_PRIORITY_LOW).
const PRIORITY_RANGE: std::ops::RangeInclusive<c_int> = -20..=19;

fn io_code(err: std::io::Error) -> c_int {
    ruv::Error::from_io(&err).code()
}

#[no_mangle]
pub extern "C" fn uv_os_getpid() -> c_int {
    guard("uv_os_getpid", 0, ruv::sys::os::pid)
}

#[no_mangle]
pub extern "C" fn uv_os_getppid() -> c_int {
    guard("uv_os_getppid", 0, ruv::sys::os::parent_pid)
}

/// `int uv_os_getpriority(uv_pid_t pid, int* priority)`: 0 is the caller.
#[no_mangle]
pub unsafe extern "C" fn uv_os_getpriority(pid: c_int, priority: *mut c_int) -> c_int {
    guard("uv_os_getpriority", UV_EINVAL, || {
        if priority.is_null() {
            return UV_EINVAL;
        }
        match ruv::sys::os::priority(pid) {
            Ok(value) => {
                // SAFETY: writable, per the API.
                unsafe { *priority = value };
                0
            }
            Err(err) => io_code(err),
        }
    })
}

/// `int uv_os_setpriority(uv_pid_t pid, int priority)`: -20 to 19.
#[no_mangle]
pub extern "C" fn uv_os_setpriority(pid: c_int, priority: c_int) -> c_int {
    guard("uv_os_setpriority", UV_EINVAL, || {
        if !PRIORITY_RANGE.contains(&priority) {
            return UV_EINVAL;
        }
        ruv::sys::os::set_priority(pid, priority).map_or_else(io_code, |()| 0)
    })
}

/// `int uv_cwd(char* buffer, size_t* size)`: the working directory with
/// no trailing slash; `UV_ENOBUFS` and the room needed when it does not fit.
#[no_mangle]
pub unsafe extern "C" fn uv_cwd(buffer: *mut c_char, size: *mut size_t) -> c_int {
    guard("uv_cwd", UV_EINVAL, || {
        // A zero size is refused as getcwd refuses it.
        // SAFETY: NULL or valid, per the API.
        if !unsafe { usable(buffer, size) } {
            return UV_EINVAL;
        }
        let mut dir = match ruv::sys::os::cwd() {
            Ok(dir) => dir,
            Err(err) => return io_code(err),
        };
        // SAFETY: checked usable above.
        let room = unsafe { *size };
        let fits = dir.len() < room;
        if dir.len() > 1 && dir.ends_with(b"/") {
            dir.pop();
        }
        // SAFETY: `buffer` has `room` bytes, more than the name and NUL
        // when it fits; `size` is valid.
        unsafe {
            if !fits {
                *size = dir.len() + 1;
                return UV_ENOBUFS;
            }
            std::ptr::copy_nonoverlapping(dir.as_ptr(), buffer.cast::<u8>(), dir.len());
            *buffer.add(dir.len()) = 0;
            *size = dir.len();
        }
        0
    })
}

/// `int uv_chdir(const char* dir)`.
#[no_mangle]
pub unsafe extern "C" fn uv_chdir(dir: *const c_char) -> c_int {
    guard("uv_chdir", UV_EINVAL, || {
        if dir.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a NUL-terminated path, per the API.
        let dir = unsafe { CStr::from_ptr(dir) };
        ruv::sys::os::chdir(dir).map_or_else(io_code, |()| 0)
    })
}

/// `int uv_exepath(char* buffer, size_t* size)`: the executable's path. As
/// in libuv, a path longer than the buffer is cut short (readlink's way),
/// not refused; `*size` becomes the length written.
#[no_mangle]
pub unsafe extern "C" fn uv_exepath(buffer: *mut c_char, size: *mut size_t) -> c_int {
    guard("uv_exepath", UV_EINVAL, || {
        // SAFETY: NULL or valid, per the API.
        if !unsafe { usable(buffer, size) } {
            return UV_EINVAL;
        }
        // SAFETY: checked usable above.
        let room = unsafe { *size } - 1;
        let path = if room > 0 {
            match ruv::sys::os::exe_path() {
                Ok(path) => path,
                Err(err) => return io_code(err),
            }
        } else {
            Vec::new()
        };
        let n = path.len().min(room);
        // SAFETY: `buffer` has room for `n` bytes and a NUL.
        unsafe {
            std::ptr::copy_nonoverlapping(path.as_ptr(), buffer.cast::<u8>(), n);
            *buffer.add(n) = 0;
            *size = n;
        }
        0
    })
}
