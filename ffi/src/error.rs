//! Error exports: `uv_strerror`, `uv_err_name` (and their `_r` forms) and
//! `uv_translate_sys_error`, all answered from the engine's one error table
//! (`ruv::error`), plus the `UV_E*` codes as C ints for the other exports.
//!
//! Codes libuv does not know read "Unknown system error `<code>`", as in libuv.
//! libuv's `uv_strerror`/`uv_err_name` return a fresh heap string for such a
//! code on every call and never free it. Here each distinct unknown code gets
//! its text built once and kept for the life of the process in a small cache
//! (`unknown_text`): the returned pointer stays valid forever, as libuv's
//! does, and asking again for the same code costs no memory.

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::sync::{Mutex, OnceLock};

use libc::{c_char, c_int, size_t};
use ruv::error::{code, Error};

use crate::boundary;

/// The `UV_E*` codes as C ints, from the engine's table. Not every export
/// module uses every code, hence the `allow`.
#[allow(dead_code)]
mod codes {
    use super::{c_int, code};

    pub const UV_E2BIG: c_int = code::E2BIG;
    pub const UV_EACCES: c_int = code::EACCES;
    pub const UV_EADDRINUSE: c_int = code::EADDRINUSE;
    pub const UV_EADDRNOTAVAIL: c_int = code::EADDRNOTAVAIL;
    pub const UV_EAFNOSUPPORT: c_int = code::EAFNOSUPPORT;
    pub const UV_EAGAIN: c_int = code::EAGAIN;
    pub const UV_EAI_ADDRFAMILY: c_int = code::EAI_ADDRFAMILY;
    pub const UV_EAI_AGAIN: c_int = code::EAI_AGAIN;
    pub const UV_EAI_BADFLAGS: c_int = code::EAI_BADFLAGS;
    pub const UV_EAI_BADHINTS: c_int = code::EAI_BADHINTS;
    pub const UV_EAI_CANCELED: c_int = code::EAI_CANCELED;
    pub const UV_EAI_FAIL: c_int = code::EAI_FAIL;
    pub const UV_EAI_FAMILY: c_int = code::EAI_FAMILY;
    pub const UV_EAI_MEMORY: c_int = code::EAI_MEMORY;
    pub const UV_EAI_NODATA: c_int = code::EAI_NODATA;
    pub const UV_EAI_NONAME: c_int = code::EAI_NONAME;
    pub const UV_EAI_OVERFLOW: c_int = code::EAI_OVERFLOW;
    pub const UV_EAI_PROTOCOL: c_int = code::EAI_PROTOCOL;
    pub const UV_EAI_SERVICE: c_int = code::EAI_SERVICE;
    pub const UV_EAI_SOCKTYPE: c_int = code::EAI_SOCKTYPE;
    pub const UV_EALREADY: c_int = code::EALREADY;
    pub const UV_EBADF: c_int = code::EBADF;
    pub const UV_EBUSY: c_int = code::EBUSY;
    pub const UV_ECANCELED: c_int = code::ECANCELED;
    pub const UV_ECHARSET: c_int = code::ECHARSET;
    pub const UV_ECONNABORTED: c_int = code::ECONNABORTED;
    pub const UV_ECONNREFUSED: c_int = code::ECONNREFUSED;
    pub const UV_ECONNRESET: c_int = code::ECONNRESET;
    pub const UV_EDESTADDRREQ: c_int = code::EDESTADDRREQ;
    pub const UV_EEXIST: c_int = code::EEXIST;
    pub const UV_EFAULT: c_int = code::EFAULT;
    pub const UV_EFBIG: c_int = code::EFBIG;
    pub const UV_EHOSTUNREACH: c_int = code::EHOSTUNREACH;
    pub const UV_EINTR: c_int = code::EINTR;
    pub const UV_EINVAL: c_int = code::EINVAL;
    pub const UV_EIO: c_int = code::EIO;
    pub const UV_EISCONN: c_int = code::EISCONN;
    pub const UV_EISDIR: c_int = code::EISDIR;
    pub const UV_ELOOP: c_int = code::ELOOP;
    pub const UV_EMFILE: c_int = code::EMFILE;
    pub const UV_EMSGSIZE: c_int = code::EMSGSIZE;
    pub const UV_ENAMETOOLONG: c_int = code::ENAMETOOLONG;
    pub const UV_ENETDOWN: c_int = code::ENETDOWN;
    pub const UV_ENETUNREACH: c_int = code::ENETUNREACH;
    pub const UV_ENFILE: c_int = code::ENFILE;
    pub const UV_ENOBUFS: c_int = code::ENOBUFS;
    pub const UV_ENODEV: c_int = code::ENODEV;
    pub const UV_ENOENT: c_int = code::ENOENT;
    pub const UV_ENOMEM: c_int = code::ENOMEM;
    pub const UV_ENONET: c_int = code::ENONET;
    pub const UV_ENOPROTOOPT: c_int = code::ENOPROTOOPT;
    pub const UV_ENOSPC: c_int = code::ENOSPC;
    pub const UV_ENOSYS: c_int = code::ENOSYS;
    pub const UV_ENOTCONN: c_int = code::ENOTCONN;
    pub const UV_ENOTDIR: c_int = code::ENOTDIR;
    pub const UV_ENOTEMPTY: c_int = code::ENOTEMPTY;
    pub const UV_ENOTSOCK: c_int = code::ENOTSOCK;
    pub const UV_ENOTSUP: c_int = code::ENOTSUP;
    pub const UV_EOVERFLOW: c_int = code::EOVERFLOW;
    pub const UV_EPERM: c_int = code::EPERM;
    pub const UV_EPIPE: c_int = code::EPIPE;
    pub const UV_EPROTO: c_int = code::EPROTO;
    pub const UV_EPROTONOSUPPORT: c_int = code::EPROTONOSUPPORT;
    pub const UV_EPROTOTYPE: c_int = code::EPROTOTYPE;
    pub const UV_ERANGE: c_int = code::ERANGE;
    pub const UV_EROFS: c_int = code::EROFS;
    pub const UV_ESHUTDOWN: c_int = code::ESHUTDOWN;
    pub const UV_ESPIPE: c_int = code::ESPIPE;
    pub const UV_ESRCH: c_int = code::ESRCH;
    pub const UV_ETIMEDOUT: c_int = code::ETIMEDOUT;
    pub const UV_ETXTBSY: c_int = code::ETXTBSY;
    pub const UV_EXDEV: c_int = code::EXDEV;
    pub const UV_UNKNOWN: c_int = code::UNKNOWN;
    pub const UV_EOF: c_int = code::EOF;
    pub const UV_ENXIO: c_int = code::ENXIO;
    pub const UV_EMLINK: c_int = code::EMLINK;
    pub const UV_EHOSTDOWN: c_int = code::EHOSTDOWN;
    pub const UV_EREMOTEIO: c_int = code::EREMOTEIO;
    pub const UV_ENOTTY: c_int = code::ENOTTY;
    pub const UV_EFTYPE: c_int = code::EFTYPE;
    pub const UV_EILSEQ: c_int = code::EILSEQ;
    pub const UV_ESOCKTNOSUPPORT: c_int = code::ESOCKTNOSUPPORT;
}
#[allow(unused_imports)]
pub use codes::*;

/// The lasting text for a code libuv does not know, built once per code.
fn unknown_text(err: c_int) -> &'static CStr {
    static CACHE: OnceLock<Mutex<HashMap<c_int, &'static CStr>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache.entry(err).or_insert_with(|| {
        let text = CString::new(format!("Unknown system error {err}"))
            .expect("a formatted number has no NUL");
        Box::leak(text.into_boxed_c_str())
    })
}

/// Copies `text` into the caller's `buf` of `buflen` bytes, cut short if it
/// must be and always NUL-terminated; a zero-length buffer is left untouched.
/// Returns `buf`.
fn copy_out(text: &[u8], buf: *mut c_char, buflen: size_t) -> *mut c_char {
    if buf.is_null() || buflen == 0 {
        return buf;
    }
    let n = text.len().min(buflen - 1);
    // SAFETY: the caller gives `buflen` writable bytes at `buf`; we write
    // `n + 1 <= buflen` of them, from `text`, which cannot overlap it.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
        *buf.add(n) = 0;
    }
    buf
}

/// Text of an unknown code for the `_r` forms, without touching the cache.
fn unknown_bytes(err: c_int) -> Vec<u8> {
    format!("Unknown system error {err}").into_bytes()
}

/// `const char* uv_strerror(int err)`: the message for `err`.
#[no_mangle]
pub extern "C" fn uv_strerror(err: c_int) -> *const c_char {
    boundary::guard("uv_strerror", std::ptr::null(), || {
        Error::from_code(err)
            .message_c()
            .unwrap_or_else(|| unknown_text(err))
            .as_ptr()
    })
}

/// `char* uv_strerror_r(int err, char* buf, size_t buflen)`: the message for
/// `err` copied into `buf` (truncated and NUL-terminated); returns `buf`.
#[no_mangle]
pub extern "C" fn uv_strerror_r(err: c_int, buf: *mut c_char, buflen: size_t) -> *mut c_char {
    boundary::guard("uv_strerror_r", buf, || {
        match Error::from_code(err).message_c() {
            Some(text) => copy_out(text.to_bytes(), buf, buflen),
            None => copy_out(&unknown_bytes(err), buf, buflen),
        }
    })
}

/// `const char* uv_err_name(int err)`: the name of `err`, like "ENOENT".
#[no_mangle]
pub extern "C" fn uv_err_name(err: c_int) -> *const c_char {
    boundary::guard("uv_err_name", std::ptr::null(), || {
        Error::from_code(err)
            .name_c()
            .unwrap_or_else(|| unknown_text(err))
            .as_ptr()
    })
}

/// `char* uv_err_name_r(int err, char* buf, size_t buflen)`: the name of
/// `err` copied into `buf` (truncated and NUL-terminated); returns `buf`.
#[no_mangle]
pub extern "C" fn uv_err_name_r(err: c_int, buf: *mut c_char, buflen: size_t) -> *mut c_char {
    boundary::guard("uv_err_name_r", buf, || {
        match Error::from_code(err).name_c() {
            Some(text) => copy_out(text.to_bytes(), buf, buflen),
            None => copy_out(&unknown_bytes(err), buf, buflen),
        }
    })
}

/// `int uv_translate_sys_error(int sys_errno)`: a positive errno becomes its
/// negative libuv code; zero and negative values come back unchanged.
#[no_mangle]
pub extern "C" fn uv_translate_sys_error(sys_errno: c_int) -> c_int {
    boundary::guard("uv_translate_sys_error", sys_errno, || {
        Error::from_errno(sys_errno).code()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(ptr: *const c_char) -> String {
        // SAFETY: every export above returns a NUL-terminated string.
        unsafe { CStr::from_ptr(ptr) }.to_str().unwrap().to_owned()
    }

    #[test]
    fn names_and_messages() {
        assert_eq!(text(uv_err_name(UV_ENOENT)), "ENOENT");
        assert_eq!(text(uv_strerror(UV_EINVAL)), "invalid argument");
        assert_eq!(text(uv_strerror(UV_EOF)), "end of file");
        assert_eq!(text(uv_err_name(-9999)), "Unknown system error -9999");
        assert_eq!(text(uv_strerror(7)), "Unknown system error 7");
        assert_eq!(uv_strerror(-9999), uv_strerror(-9999));
    }

    #[test]
    fn reentrant_forms_truncate() {
        let mut buf = [b'x' as c_char; 8];
        let p = uv_err_name_r(UV_EADDRINUSE, buf.as_mut_ptr(), buf.len());
        assert_eq!(p, buf.as_mut_ptr());
        assert_eq!(text(p), "EADDRIN");
        assert_eq!(text(uv_strerror_r(-9999, buf.as_mut_ptr(), 8)), "Unknown");
        let mut untouched = [b'x' as c_char; 1];
        uv_strerror_r(UV_ENOENT, untouched.as_mut_ptr(), 0);
        assert_eq!(untouched[0], b'x' as c_char);
    }

    #[test]
    fn translate() {
        assert_eq!(uv_translate_sys_error(libc::ENOENT), UV_ENOENT);
        assert_eq!(uv_translate_sys_error(UV_EBUSY), UV_EBUSY);
        assert_eq!(uv_translate_sys_error(0), 0);
    }
}
