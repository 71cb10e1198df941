//! Pipe exports: Unix-domain stream sockets, and descriptors adopted as
//! streams.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::stream::{uv_connect_cb, uv_connect_t, uv_stream_t};
use crate::types::*;
use libc::{c_char, c_int};
use ruv::engine::{Completion, HandleId, Kind, Loop};
use ruv::error::code;
use std::ffi::CStr;

/// `uv_pipe_t`: a stream, then the public `ipc` flag.
#[repr(C)]
pub struct uv_pipe_t {
    pub stream: uv_stream_t,
    pub ipc: c_int,
    pub pipe_fname: *const c_char,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_pipe_t>() == 264);
    assert!(offset_of!(uv_pipe_t, ipc) == 248);
};

/// uv_pipe's per-end flag for a non-blocking descriptor.
const UV_NONBLOCK_PIPE: c_int = 0x40;

fn status(result: ruv::Result<()>) -> c_int {
    result.map_or_else(|e| e.code(), |()| 0)
}

/// # Safety
/// `pipe` is NULL or handle memory.
unsafe fn live_pipe<'a>(pipe: *const uv_pipe_t, call: &str) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded.
    let (lp, id) = unsafe { live_handle(pipe, call) }?;
    (lp.kind(id) == Some(Kind::Pipe)).then_some((lp, id))
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_init(
    lp: *mut uv_loop_t,
    pipe: *mut uv_pipe_t,
    ipc: c_int,
) -> c_int {
    guard("uv_pipe_init", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                pipe as *mut uv_handle_t,
                handle_type::NAMED_PIPE,
                Kind::Pipe,
                "uv_pipe_init",
            )
        };
        if status != 0 {
            return status;
        }
        // SAFETY: initialised just above.
        unsafe {
            crate::stream::clear_stream_fields(pipe as *mut uv_stream_t);
            (*pipe).ipc = ipc;
            (*pipe).pipe_fname = std::ptr::null();
        }
        // SAFETY: as above.
        let (engine, id) = unsafe { live_handle(pipe, "uv_pipe_init") }.expect("just made");
        engine.stream_init(id, ipc != 0);
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_open(pipe: *mut uv_pipe_t, file: c_int) -> c_int {
    guard("uv_pipe_open", UV_EINVAL, || {
        // SAFETY: NULL or a pipe, per the API.
        let Some((lp, id)) = (unsafe { live_pipe(pipe, "uv_pipe_open") }) else {
            return UV_EINVAL;
        };
        if lp.fd_in_use(file) {
            return code::EEXIST;
        }
        if lp.stream_fd(id) == Some(file) {
            // Opening a handle on the descriptor it already has changes nothing.
            return 0;
        }
        if file < 0 || !ruv::sys::net::is_open(file) {
            return code::EBADF;
        }
        // SAFETY: the caller hands the descriptor to the handle, which
        // closes it when it is closed (libuv's contract for uv_pipe_open).
        let fd = unsafe { ruv::sys::net::adopt(file) };
        match lp.pipe_open(id, fd) {
            Ok(()) => 0,
            Err((err, fd)) => {
                ruv::sys::net::release(fd);
                err.code()
            }
        }
    })
}

/// # Safety
/// `name` is NULL or a NUL-terminated string.
unsafe fn name_bytes<'a>(name: *const c_char) -> Option<&'a [u8]> {
    if name.is_null() {
        return None;
    }
    // SAFETY: per the caller.
    Some(unsafe { CStr::from_ptr(name) }.to_bytes())
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_bind(pipe: *mut uv_pipe_t, name: *const c_char) -> c_int {
    guard("uv_pipe_bind", UV_EINVAL, || {
        // SAFETY: NULL or a pipe, per the API.
        let Some((lp, id)) = (unsafe { live_pipe(pipe, "uv_pipe_bind") }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or a string, per the API.
        let Some(path) = (unsafe { name_bytes(name) }) else {
            return UV_EINVAL;
        };
        if lp.is_closing(id) {
            return UV_EINVAL;
        }
        status(lp.pipe_bind(id, path))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_connect(
    req: *mut uv_connect_t,
    pipe: *mut uv_pipe_t,
    name: *const c_char,
    cb: uv_connect_cb,
) {
    crate::boundary::guard_void("uv_pipe_connect", || {
        if req.is_null() {
            crate::boundary::misuse("uv_pipe_connect", "the request is NULL");
        }
        // SAFETY: NULL or a pipe, per the API.
        let (lp, id) = unsafe { crate::resolve::live_handle_or_abort(pipe, "uv_pipe_connect") };
        if lp.kind(id) != Some(Kind::Pipe) {
            crate::boundary::misuse("uv_pipe_connect", "the handle is not a pipe");
        }
        // SAFETY: NULL or a string, per the API.
        let Some(path) = (unsafe { name_bytes(name) }) else {
            crate::boundary::misuse("uv_pipe_connect", "the name is NULL");
        };
        // SAFETY: writable request memory, per the API. The engine takes
        // the request; every connect reports through the callback, which
        // gives it back.
        if unsafe { crate::in_flight::is_held(req) } {
            crate::boundary::misuse(
                "uv_pipe_connect",
                "the request is still in flight (submitted again before its callback)",
            );
        }
        // SAFETY: as above.
        unsafe {
            (*req).req.type_ = req_type::CONNECT;
            (*req).cb = cb;
            (*req).handle = pipe as *mut uv_stream_t;
        }
        lp.pipe_connect(id, path, Completion::Host(req as usize));
    })
}

/// Copies a pipe's name into the caller's buffer with libuv's rules:
/// ENOBUFS (and the size needed, NUL included) when it does not fit, a NUL
/// after a path name, none after an abstract one.
unsafe fn copy_name(result: ruv::Result<Vec<u8>>, buffer: *mut c_char, size: *mut usize) -> c_int {
    if size.is_null() {
        return UV_EINVAL;
    }
    let name = match result {
        Ok(name) => name,
        Err(e) => {
            // SAFETY: a valid size pointer, per the API.
            unsafe { *size = 0 };
            return e.code();
        }
    };
    // SAFETY: the caller's buffer holds `*size` bytes.
    unsafe {
        if name.len() >= *size {
            *size = name.len() + 1;
            return code::ENOBUFS;
        }
        std::ptr::copy_nonoverlapping(name.as_ptr(), buffer as *mut u8, name.len());
        *size = name.len();
        if name.first() != Some(&0) {
            *buffer.add(name.len()) = 0;
        }
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_getsockname(
    pipe: *const uv_pipe_t,
    buffer: *mut c_char,
    size: *mut usize,
) -> c_int {
    guard("uv_pipe_getsockname", UV_EINVAL, || {
        // SAFETY: NULL or a pipe, per the API.
        let Some((lp, id)) = (unsafe { live_pipe(pipe, "uv_pipe_getsockname") }) else {
            return UV_EINVAL;
        };
        let name = match lp.stream_fd(id) {
            None => Err(ruv::Error::from_code(code::EBADF)),
            Some(_) => lp.pipe_name(id, false),
        };
        // SAFETY: the caller's buffer and size.
        unsafe { copy_name(name, buffer, size) }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_getpeername(
    pipe: *const uv_pipe_t,
    buffer: *mut c_char,
    size: *mut usize,
) -> c_int {
    guard("uv_pipe_getpeername", UV_EINVAL, || {
        // SAFETY: NULL or a pipe, per the API.
        let Some((lp, id)) = (unsafe { live_pipe(pipe, "uv_pipe_getpeername") }) else {
            return UV_EINVAL;
        };
        let name = match lp.stream_fd(id) {
            None => Err(ruv::Error::from_code(code::EBADF)),
            Some(_) => lp.pipe_name(id, true),
        };
        // SAFETY: the caller's buffer and size.
        unsafe { copy_name(name, buffer, size) }
    })
}

/// Windows-only in effect: libuv accepts it on Unix and does nothing.
#[no_mangle]
pub unsafe extern "C" fn uv_pipe_pending_instances(_pipe: *mut uv_pipe_t, _count: c_int) {}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_pending_count(pipe: *mut uv_pipe_t) -> c_int {
    guard("uv_pipe_pending_count", 0, || {
        // SAFETY: NULL or a pipe, per the API.
        let Some((lp, id)) = (unsafe { live_pipe(pipe, "uv_pipe_pending_count") }) else {
            return 0;
        };
        if !lp.stream_is_ipc(id) {
            return 0;
        }
        lp.pending_count(id) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_pending_type(pipe: *mut uv_pipe_t) -> c_int {
    guard("uv_pipe_pending_type", 0, || {
        // SAFETY: NULL or a pipe, per the API.
        let Some((lp, id)) = (unsafe { live_pipe(pipe, "uv_pipe_pending_type") }) else {
            return 0;
        };
        if !lp.stream_is_ipc(id) {
            return 0;
        }
        match lp.pending_fd(id) {
            Some(fd) => crate::misc::uv_guess_handle(fd),
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe_chmod(pipe: *mut uv_pipe_t, mode: c_int) -> c_int {
    guard("uv_pipe_chmod", code::EBADF, || {
        // SAFETY: NULL or a pipe, per the API.
        let Some((lp, id)) = (unsafe { live_pipe(pipe, "uv_pipe_chmod") }) else {
            return code::EBADF;
        };
        if lp.stream_fd(id).is_none() {
            return code::EBADF;
        }
        const READABLE: c_int = 1;
        const WRITABLE: c_int = 2;
        if mode != READABLE && mode != WRITABLE && mode != READABLE | WRITABLE {
            return UV_EINVAL;
        }
        status(lp.pipe_chmod(id, mode & READABLE != 0, mode & WRITABLE != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_pipe(fds: *mut c_int, read_flags: c_int, write_flags: c_int) -> c_int {
    guard("uv_pipe", UV_EINVAL, || {
        if fds.is_null() {
            return UV_EINVAL;
        }
        let nonblock = |flags: c_int| flags & UV_NONBLOCK_PIPE != 0;
        match ruv::sys::net::pipe_raw(nonblock(read_flags), nonblock(write_flags)) {
            Ok((r, w)) => {
                // SAFETY: room for two descriptors, per the API.
                unsafe {
                    *fds = r;
                    *fds.add(1) = w;
                }
                0
            }
            Err(e) => ruv::Error::from_io(&e).code(),
        }
    })
}
