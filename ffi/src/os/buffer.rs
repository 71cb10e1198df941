//! libuv's protocol for exports that fill a caller's string buffer.

use libc::{c_char, c_int, size_t};

use crate::error::UV_ENOBUFS;

/// Copies `bytes` and a terminating NUL into `buffer`, whose capacity is
/// `*size`, and sets `*size` to the length without the NUL. When it does
/// not fit, nothing is copied, `*size` becomes the room needed (the NUL
/// included) and the result is `UV_ENOBUFS`.
///
/// # Safety
/// `buffer` is writable for `*size` bytes; `size` is valid.
pub(crate) unsafe fn copy_out(bytes: &[u8], buffer: *mut c_char, size: *mut size_t) -> c_int {
    // SAFETY: per the caller's promise.
    unsafe {
        if bytes.len() >= *size {
            *size = bytes.len() + 1;
            return UV_ENOBUFS;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer.cast::<u8>(), bytes.len());
        *buffer.add(bytes.len()) = 0;
        *size = bytes.len();
    }
    0
}

/// Whether a buffer and size pair may be written at all: libuv refuses
/// a NULL buffer, a NULL size and a zero size with `UV_EINVAL`.
///
/// # Safety
/// `size` is NULL or valid.
pub(crate) unsafe fn usable(buffer: *mut c_char, size: *const size_t) -> bool {
    // SAFETY: `size` is checked for NULL first.
    !buffer.is_null() && !size.is_null() && unsafe { *size } != 0
}

/// A copy of `bytes` with a NUL, in memory from the C allocator (so the
/// caller's free, or one of ours, releases it); NULL when out of memory.
pub(crate) fn c_string(bytes: &[u8]) -> *mut c_char {
    let mem = crate::allocator::c_malloc(bytes.len() + 1);
    if !mem.is_null() {
        // SAFETY: `mem` has room for the bytes and the NUL.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), mem, bytes.len());
            *mem.add(bytes.len()) = 0;
        }
    }
    mem.cast()
}
