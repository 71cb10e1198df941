//! Stream exports (TCP and pipes): listen/accept, reading, writing,
//! shutdown and state queries, and the host side of stream events.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::in_flight;
use crate::resolve::{claimed_handle, live_handle, live_handle_kind};
use crate::types::*;
use libc::{c_int, c_uint, c_void};
use ruv::engine::{Completion, Event, HandleId, Loop, ReqKind, WriteOwner};
use ruv::error::code;
use ruv::sys::RawBuf;

pub type uv_alloc_cb = Option<unsafe extern "C" fn(*mut uv_handle_t, usize, *mut uv_buf_t)>;
pub type uv_read_cb = Option<unsafe extern "C" fn(*mut uv_stream_t, isize, *const uv_buf_t)>;
pub type uv_write_cb = Option<unsafe extern "C" fn(*mut uv_write_t, c_int)>;
pub type uv_connect_cb = Option<unsafe extern "C" fn(*mut uv_connect_t, c_int)>;
pub type uv_shutdown_cb = Option<unsafe extern "C" fn(*mut uv_shutdown_t, c_int)>;
pub type uv_connection_cb = Option<unsafe extern "C" fn(*mut uv_stream_t, c_int)>;

/// `uv_stream_t` (and `uv_tcp_t`, which adds nothing public).
#[repr(C)]
pub struct uv_stream_t {
    pub handle: uv_handle_t,
    /// Public and live: bytes queued and not yet written.
    pub write_queue_size: usize,
    pub alloc_cb: uv_alloc_cb,
    pub read_cb: uv_read_cb,
    /// Where libuv keeps `connect_req`; ours keeps the listen callback.
    pub connection_cb: uv_connection_cb,
    pub private: [u64; 15],
}
pub type uv_tcp_t = uv_stream_t;

#[repr(C)]
pub struct uv_write_t {
    pub req: uv_req_t,
    pub cb: uv_write_cb,
    pub send_handle: *mut uv_stream_t,
    pub handle: *mut uv_stream_t,
    pub private: [u64; 13],
}

#[repr(C)]
pub struct uv_connect_t {
    pub req: uv_req_t,
    pub cb: uv_connect_cb,
    pub handle: *mut uv_stream_t,
    pub queue: [*mut c_void; 2],
}

#[repr(C)]
pub struct uv_shutdown_t {
    pub req: uv_req_t,
    pub handle: *mut uv_stream_t,
    pub cb: uv_shutdown_cb,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_stream_t>() == 248);
    assert!(offset_of!(uv_stream_t, write_queue_size) == 96);
    assert!(offset_of!(uv_stream_t, alloc_cb) == 104);
    assert!(offset_of!(uv_stream_t, read_cb) == 112);
    assert!(size_of::<uv_write_t>() == 192);
    assert!(offset_of!(uv_write_t, cb) == 64);
    assert!(offset_of!(uv_write_t, send_handle) == 72);
    assert!(offset_of!(uv_write_t, handle) == 80);
    assert!(size_of::<uv_connect_t>() == 96);
    assert!(offset_of!(uv_connect_t, cb) == 64);
    assert!(offset_of!(uv_connect_t, handle) == 72);
    assert!(size_of::<uv_shutdown_t>() == 80);
    assert!(offset_of!(uv_shutdown_t, handle) == 64);
    assert!(offset_of!(uv_shutdown_t, cb) == 72);
};

/// Sets the public stream fields of a handle just initialised.
///
/// # Safety
/// `stream` points at an initialised stream handle.
pub(crate) unsafe fn clear_stream_fields(stream: *mut uv_stream_t) {
    // SAFETY: per the caller.
    unsafe {
        (*stream).write_queue_size = 0;
        (*stream).alloc_cb = None;
        (*stream).read_cb = None;
        (*stream).connection_cb = None;
    }
}

/// The loop and id of a live stream handle; other handle types get
/// UV_EINVAL.
///
/// # Safety
/// `stream` is NULL or points at handle memory.
#[inline]
pub(crate) unsafe fn live_stream<'a, T>(
    stream: *const T,
    call: &str,
) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded from the caller.
    let (lp, id, kind) = unsafe { live_handle_kind(stream, call) }?;
    kind.is_stream().then_some((lp, id))
}

fn status(result: ruv::Result<()>) -> c_int {
    result.map_or_else(|e| e.code(), |()| 0)
}

#[no_mangle]
pub unsafe extern "C" fn uv_listen(
    stream: *mut uv_stream_t,
    backlog: c_int,
    cb: uv_connection_cb,
) -> c_int {
    guard("uv_listen", UV_EINVAL, || {
        // SAFETY: NULL or a stream, per the API.
        let Some((lp, id)) = (unsafe { live_stream(stream, "uv_listen") }) else {
            return UV_EINVAL;
        };
        let result = match lp.kind(id) {
            Some(ruv::engine::Kind::Tcp) => lp.tcp_listen(id, backlog),
            _ => lp.pipe_listen(id, backlog),
        };
        if result.is_ok() {
            // SAFETY: a live stream.
            unsafe { (*stream).connection_cb = cb };
        }
        status(result)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_accept(server: *mut uv_stream_t, client: *mut uv_stream_t) -> c_int {
    guard("uv_accept", UV_EINVAL, || {
        // SAFETY: NULL or streams, per the API.
        let Some((lp, server_id)) = (unsafe { live_stream(server, "uv_accept") }) else {
            return UV_EINVAL;
        };
        // SAFETY: as above.
        let Some((client_lp, client_id)) = (unsafe { live_handle(client, "uv_accept") }) else {
            return UV_EINVAL;
        };
        if !std::ptr::eq(lp, client_lp) {
            return UV_EINVAL;
        }
        status(lp.accept(server_id, client_id))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_read_start(
    stream: *mut uv_stream_t,
    alloc_cb: uv_alloc_cb,
    read_cb: uv_read_cb,
) -> c_int {
    guard("uv_read_start", UV_EINVAL, || {
        if alloc_cb.is_none() || read_cb.is_none() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a stream, per the API.
        let Some((lp, id)) = (unsafe { live_stream(stream, "uv_read_start") }) else {
            return UV_EINVAL;
        };
        let result = lp.read_start(id);
        if result.is_ok() {
            // SAFETY: a live stream.
            unsafe {
                (*stream).alloc_cb = alloc_cb;
                (*stream).read_cb = read_cb;
            }
        }
        status(result)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_read_stop(stream: *mut uv_stream_t) -> c_int {
    guard("uv_read_stop", UV_EINVAL, || {
        // SAFETY: NULL or a stream, per the API.
        let Some((lp, id)) = (unsafe { live_stream(stream, "uv_read_stop") }) else {
            return UV_EINVAL;
        };
        status(lp.read_stop(id))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_write(
    req: *mut uv_write_t,
    stream: *mut uv_stream_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
    cb: uv_write_cb,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        write2(
            "uv_write",
            req,
            stream,
            bufs,
            nbufs,
            std::ptr::null_mut(),
            cb,
        )
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_write2(
    req: *mut uv_write_t,
    stream: *mut uv_stream_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
    send_handle: *mut uv_stream_t,
    cb: uv_write_cb,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { write2("uv_write2", req, stream, bufs, nbufs, send_handle, cb) }
}

unsafe fn write2(
    call: &str,
    req: *mut uv_write_t,
    stream: *mut uv_stream_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
    send_handle: *mut uv_stream_t,
    cb: uv_write_cb,
) -> c_int {
    guard(call, UV_EINVAL, || {
        if req.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a stream, per the API. The engine's write
        // checks that the id names this live stream.
        let Some((lp, id)) = (unsafe { claimed_handle(stream, call) }) else {
            return UV_EINVAL;
        };
        let passing = if send_handle.is_null() {
            None
        } else {
            // SAFETY: a handle, per the API.
            match unsafe { live_handle(send_handle, call) } {
                Some((_, other)) => Some(other),
                None => return code::EBADF,
            }
        };
        // SAFETY: the caller's buffer list, valid until the callback.
        let Some(lent) = (unsafe { lend_bufs(bufs, nbufs) }) else {
            return UV_EINVAL;
        };
        // SAFETY: writable request memory, per the API.
        let rc = unsafe {
            in_flight::accepted(req, || {
                // The list is copied (up to four buffers inline, no
                // allocation) only if the write has to wait.
                status(lp.write_lent(
                    id,
                    stream as usize,
                    WriteOwner::Host(req as usize),
                    lent,
                    passing,
                ))
            })
        };
        if rc == 0 {
            // SAFETY: as above. The callback comes in a later phase.
            unsafe {
                (*req).req.type_ = req_type::WRITE;
                (*req).cb = cb;
                (*req).handle = stream;
                (*req).send_handle = send_handle;
            }
        }
        rc
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_try_write(
    stream: *mut uv_stream_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
) -> c_int {
    guard("uv_try_write", UV_EINVAL, || {
        // SAFETY: NULL or a stream, per the API.
        let Some((lp, id)) = (unsafe { live_stream(stream, "uv_try_write") }) else {
            return UV_EINVAL;
        };
        // SAFETY: the caller's buffers, used only during this call.
        let Some(lent) = (unsafe { lend_bufs(bufs, nbufs) }) else {
            return UV_EINVAL;
        };
        match lp.try_write(id, lent) {
            Ok(n) => n.min(c_int::MAX as usize) as c_int,
            Err(e) => e.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_try_write2(
    stream: *mut uv_stream_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
    send_handle: *mut uv_stream_t,
) -> c_int {
    if !send_handle.is_null() {
        // Handle passing needs the queue; libuv refuses it here too.
        return code::EAGAIN;
    }
    // SAFETY: forwarded.
    unsafe { uv_try_write(stream, bufs, nbufs) }
}

#[no_mangle]
pub unsafe extern "C" fn uv_shutdown(
    req: *mut uv_shutdown_t,
    stream: *mut uv_stream_t,
    cb: uv_shutdown_cb,
) -> c_int {
    guard("uv_shutdown", UV_EINVAL, || {
        if req.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a stream, per the API.
        let Some((lp, id)) = (unsafe { live_stream(stream, "uv_shutdown") }) else {
            return UV_EINVAL;
        };
        // SAFETY: writable request memory, per the API.
        let rc = unsafe {
            in_flight::accepted(req, || {
                status(lp.shutdown(id, Completion::Host(req as usize)))
            })
        };
        if rc == 0 {
            // SAFETY: as above. The callback comes in a later phase.
            unsafe {
                (*req).req.type_ = req_type::SHUTDOWN;
                (*req).handle = stream;
                (*req).cb = cb;
            }
        }
        rc
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_is_readable(stream: *const uv_stream_t) -> c_int {
    guard("uv_is_readable", 0, || {
        // SAFETY: NULL or a stream, per the API.
        match unsafe { live_stream(stream, "uv_is_readable") } {
            Some((lp, id)) => c_int::from(lp.is_readable(id)),
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_is_writable(stream: *const uv_stream_t) -> c_int {
    guard("uv_is_writable", 0, || {
        // SAFETY: NULL or a stream, per the API.
        match unsafe { live_stream(stream, "uv_is_writable") } {
            Some((lp, id)) => c_int::from(lp.is_writable(id)),
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_stream_set_blocking(
    stream: *mut uv_stream_t,
    blocking: c_int,
) -> c_int {
    guard("uv_stream_set_blocking", UV_EINVAL, || {
        // SAFETY: NULL or a stream, per the API.
        let Some((lp, id)) = (unsafe { live_stream(stream, "uv_stream_set_blocking") }) else {
            return UV_EINVAL;
        };
        status(lp.stream_set_blocking(id, blocking != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_stream_get_write_queue_size(stream: *const uv_stream_t) -> usize {
    if stream.is_null() {
        return 0;
    }
    // SAFETY: a stream, per the API; the field is kept current.
    unsafe { (*stream).write_queue_size }
}

/// The host's side of a stream read: the handle's alloc callback.
///
/// # Safety
/// `token` is a live stream handle.
pub(crate) unsafe fn alloc(token: usize, suggested: usize) -> RawBuf {
    let stream = token as *mut uv_stream_t;
    let mut buf = uv_buf_t {
        base: std::ptr::null_mut(),
        len: 0,
    };
    // SAFETY: a live stream; its alloc callback was stored by read_start.
    unsafe {
        if let Some(cb) = (*stream).alloc_cb {
            cb(stream as *mut uv_handle_t, suggested, &mut buf);
        }
        // The buffer is the caller's until its read callback returns.
        RawBuf::new(buf.base as *mut u8, buf.len)
    }
}

/// Delivers a stream event to the C callbacks.
///
/// # Safety
/// `token` is a live stream handle.
pub(crate) unsafe fn fire(token: usize, event: &Event<'_>) {
    let stream = token as *mut uv_stream_t;
    // SAFETY: a live stream; the callbacks were stored by the start calls.
    unsafe {
        match *event {
            Event::Read { nread, buf, .. } => {
                if let Some(cb) = (*stream).read_cb {
                    let buf = uv_buf_t {
                        base: buf.base() as *mut libc::c_char,
                        len: buf.len(),
                    };
                    cb(stream, nread, &buf);
                }
            }
            Event::Connection { status } => {
                if let Some(cb) = (*stream).connection_cb {
                    cb(stream, status);
                }
            }
            _ => {}
        }
    }
}

/// A stream request finished: its C callback runs.
///
/// # Safety
/// `token` is the request the engine was given.
pub(crate) unsafe fn req_done(token: usize, kind: ReqKind, status: c_int) {
    // SAFETY: the request is the caller's until its callback returns.
    unsafe {
        match kind {
            ReqKind::Write => {
                let req = token as *mut uv_write_t;
                if let Some(cb) = (*req).cb {
                    cb(req, status);
                }
            }
            ReqKind::Connect => {
                let req = token as *mut uv_connect_t;
                if let Some(cb) = (*req).cb {
                    cb(req, status);
                }
            }
            ReqKind::Shutdown => {
                let req = token as *mut uv_shutdown_t;
                if let Some(cb) = (*req).cb {
                    cb(req, status);
                }
            }
            ReqKind::UdpSend => {}
        }
    }
}

/// Keeps the public `write_queue_size` current.
///
/// # Safety
/// `token` is a live stream handle.
pub(crate) unsafe fn set_write_queue_size(token: usize, size: usize) {
    // SAFETY: as above.
    unsafe { (*(token as *mut uv_stream_t)).write_queue_size = size };
}
