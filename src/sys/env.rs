//! The process environment through libc's own calls, so that C code in
//! the same process (which reads `environ` and calls getenv) sees every
//! change at once. Like libc's, these are not safe against a concurrent
//! setenv on another thread; libuv documents the same.

use std::ffi::CStr;
use std::io;

extern "C" {
    static environ: *const *const libc::c_char;
}

/// getenv(3): the value of `name`, copied.
pub fn get(name: &CStr) -> Option<Vec<u8>> {
    // SAFETY: `name` is NUL-terminated; the result is copied before any
    // other environment call this thread makes.
    let value = unsafe { libc::getenv(name.as_ptr()) };
    if value.is_null() {
        return None;
    }
    // SAFETY: getenv returns a NUL-terminated string.
    Some(unsafe { CStr::from_ptr(value) }.to_bytes().to_vec())
}

/// setenv(3), overwriting: EINVAL for an empty name or one with '='.
pub fn set(name: &CStr, value: &CStr) -> io::Result<()> {
    syscall!(setenv(name.as_ptr(), value.as_ptr(), 1))?;
    Ok(())
}

/// unsetenv(3): EINVAL for an empty name or one with '='.
pub fn unset(name: &CStr) -> io::Result<()> {
    syscall!(unsetenv(name.as_ptr()))?;
    Ok(())
}

/// Every `NAME=value` entry of `environ`, in order, copied.
pub fn entries() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    // SAFETY: `environ` is NULL or a NULL-terminated array of C strings,
    // read here without another thread changing it (see the module note).
    unsafe {
        let mut p = environ;
        if p.is_null() {
            return out;
        }
        while !(*p).is_null() {
            out.push(CStr::from_ptr(*p).to_bytes().to_vec());
            p = p.add(1);
        }
    }
    out
}
