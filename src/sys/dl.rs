//! Shared libraries: dlopen, dlsym and dlclose, with dlerror's message
//! copied out at once (it lives in thread-local storage libc reuses).

use std::ffi::{c_void, CStr, CString};

/// An open library handle, as dlopen returned it.
pub type Library = *mut c_void;

/// The message dlerror holds for this thread, taken (which clears it).
fn take_error() -> Option<CString> {
    // SAFETY: dlerror has no arguments; its string is copied at once.
    let msg = unsafe { libc::dlerror() };
    if msg.is_null() {
        None
    } else {
        // SAFETY: dlerror returns a NUL-terminated string.
        Some(unsafe { CStr::from_ptr(msg) }.to_owned())
    }
}

/// dlopen(3) with RTLD_LAZY; None opens the main program. On failure,
/// dlerror's message (None if libc gave none).
pub fn open(file: Option<&CStr>) -> Result<Library, Option<CString>> {
    take_error();
    let name = file.map_or(std::ptr::null(), CStr::as_ptr);
    // SAFETY: `name` is NULL or NUL-terminated.
    let lib = unsafe { libc::dlopen(name, libc::RTLD_LAZY) };
    if lib.is_null() {
        Err(take_error())
    } else {
        Ok(lib)
    }
}

/// dlsym(3). A NULL address is a failure only when dlerror reports one
/// (a symbol may really be at NULL); Ok(NULL) otherwise.
///
/// # Safety
/// `lib` is a handle from [`open`] not yet closed, or one of the pseudo
/// handles dlsym accepts.
pub unsafe fn symbol(lib: Library, name: &CStr) -> Result<*mut c_void, Option<CString>> {
    take_error();
    // SAFETY: the caller vouches for `lib`; `name` is NUL-terminated.
    let addr = unsafe { libc::dlsym(lib, name.as_ptr()) };
    if addr.is_null() {
        match take_error() {
            Some(msg) => Err(Some(msg)),
            None => Ok(addr),
        }
    } else {
        Ok(addr)
    }
}

/// dlclose(3); its errors are not reported (libuv ignores them too).
///
/// # Safety
/// `lib` is a handle from [`open`], closed once.
pub unsafe fn close(lib: Library) {
    // SAFETY: per the caller's promise.
    unsafe { libc::dlclose(lib) };
}
