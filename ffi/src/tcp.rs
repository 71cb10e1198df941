//! TCP exports.

use crate::boundary::{guard, misuse};
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::sockaddr::{inet_from_c, to_c};
use crate::stream::{uv_connect_cb, uv_connect_t, uv_tcp_t};
use crate::types::*;
use libc::{c_int, c_uint, sockaddr};
use ruv::engine::{Completion, HandleId, Kind, Loop};
use ruv::error::code;

/// uv_socketpair's per-end flag for a non-blocking descriptor.
const UV_NONBLOCK_PIPE: c_int = 0x40;

/// The flag `uv_tcp_bind` accepts.
const UV_TCP_IPV6ONLY: c_uint = 1;

fn status(result: ruv::Result<()>) -> c_int {
    result.map_or_else(|e| e.code(), |()| 0)
}

/// # Safety
/// `tcp` is NULL or handle memory.
unsafe fn live_tcp<'a>(tcp: *const uv_tcp_t, call: &str) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded.
    let (lp, id) = unsafe { live_handle(tcp, call) }?;
    (lp.kind(id) == Some(Kind::Tcp)).then_some((lp, id))
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_init(lp: *mut uv_loop_t, tcp: *mut uv_tcp_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { tcp_init(lp, tcp, libc::AF_UNSPEC as c_uint, "uv_tcp_init") }
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_init_ex(
    lp: *mut uv_loop_t,
    tcp: *mut uv_tcp_t,
    flags: c_uint,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { tcp_init(lp, tcp, flags, "uv_tcp_init_ex") }
}

/// `uv_tcp_init_ex` for `call` (which names it in misuse messages).
///
/// # Safety
/// As for the exports: NULL or valid pointers.
unsafe fn tcp_init(lp: *mut uv_loop_t, tcp: *mut uv_tcp_t, flags: c_uint, call: &str) -> c_int {
    guard(call, UV_EINVAL, || {
        // The low byte is the address family; nothing else is defined.
        let domain = (flags & 0xff) as c_int;
        if flags & !0xff != 0 {
            return UV_EINVAL;
        }
        if ![libc::AF_UNSPEC, libc::AF_INET, libc::AF_INET6].contains(&domain) {
            return UV_EINVAL;
        }
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                tcp as *mut uv_handle_t,
                handle_type::TCP,
                Kind::Tcp,
                call,
            )
        };
        if status != 0 {
            return status;
        }
        // SAFETY: initialised just above.
        unsafe { crate::stream::clear_stream_fields(tcp) };
        // SAFETY: as above.
        let (engine, id) = unsafe { live_handle(tcp, call) }.expect("just made");
        engine.stream_init(id, false);
        if let Err(err) = engine.tcp_make_socket(id, domain) {
            // Like libuv, a handle whose socket could not be made is gone.
            engine.discard(id);
            return err.code();
        }
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_open(tcp: *mut uv_tcp_t, sock: c_int) -> c_int {
    guard("uv_tcp_open", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_open") }) else {
            return UV_EINVAL;
        };
        if sock < 0 || !ruv::sys::net::is_open(sock) {
            return code::EBADF;
        }
        if lp.fd_in_use(sock) {
            return code::EEXIST;
        }
        if lp.stream_fd(id) == Some(sock) {
            return 0;
        }
        // SAFETY: the caller hands the descriptor over to the handle, which
        // closes it when it is closed (libuv's contract for uv_tcp_open).
        let fd = unsafe { ruv::sys::net::adopt(sock) };
        match lp.tcp_open(id, fd) {
            Ok(()) => 0,
            Err((err, fd)) => {
                // Not taken: the descriptor stays the caller's.
                ruv::sys::net::release(fd);
                err.code()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_bind(
    tcp: *mut uv_tcp_t,
    addr: *const sockaddr,
    flags: c_uint,
) -> c_int {
    guard("uv_tcp_bind", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_bind") }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or a sockaddr, per the API.
        let addr = match unsafe { inet_from_c(addr) } {
            Ok(addr) => addr,
            Err(err) => return err,
        };
        status(lp.tcp_bind(id, &addr, flags & UV_TCP_IPV6ONLY != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_connect(
    req: *mut uv_connect_t,
    tcp: *mut uv_tcp_t,
    addr: *const sockaddr,
    cb: uv_connect_cb,
) -> c_int {
    guard("uv_tcp_connect", UV_EINVAL, || {
        if req.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_connect") }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or a sockaddr, per the API.
        let addr = match unsafe { inet_from_c(addr) } {
            Ok(addr) => addr,
            Err(err) => return err,
        };
        // SAFETY: writable request memory, per the API.
        let rc = unsafe {
            crate::in_flight::accepted(req, || {
                status(lp.tcp_connect(id, &addr, Completion::Host(req as usize)))
            })
        };
        if rc == 0 {
            // SAFETY: as above. The callback comes in a later phase.
            unsafe {
                (*req).req.type_ = req_type::CONNECT;
                (*req).cb = cb;
                (*req).handle = tcp;
            }
        }
        rc
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_nodelay(tcp: *mut uv_tcp_t, enable: c_int) -> c_int {
    guard("uv_tcp_nodelay", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_nodelay") }) else {
            return UV_EINVAL;
        };
        status(lp.tcp_nodelay(id, enable != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_keepalive(
    tcp: *mut uv_tcp_t,
    enable: c_int,
    delay: c_uint,
) -> c_int {
    guard("uv_tcp_keepalive", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_keepalive") }) else {
            return UV_EINVAL;
        };
        status(lp.tcp_keepalive(id, enable != 0, delay))
    })
}

/// Linux has no use for this Windows-era option; libuv accepts it and does
/// nothing, and so does this.
#[no_mangle]
pub unsafe extern "C" fn uv_tcp_simultaneous_accepts(tcp: *mut uv_tcp_t, _enable: c_int) -> c_int {
    guard("uv_tcp_simultaneous_accepts", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        match unsafe { live_tcp(tcp, "uv_tcp_simultaneous_accepts") } {
            Some(_) => 0,
            None => UV_EINVAL,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_getsockname(
    tcp: *const uv_tcp_t,
    name: *mut sockaddr,
    namelen: *mut c_int,
) -> c_int {
    guard("uv_tcp_getsockname", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_getsockname") }) else {
            return UV_EINVAL;
        };
        match lp.tcp_sockname(id) {
            // SAFETY: the caller's buffer and length.
            Ok(addr) => unsafe { to_c(&addr, name, namelen) },
            Err(e) => e.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_getpeername(
    tcp: *const uv_tcp_t,
    name: *mut sockaddr,
    namelen: *mut c_int,
) -> c_int {
    guard("uv_tcp_getpeername", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_getpeername") }) else {
            return UV_EINVAL;
        };
        match lp.tcp_peername(id) {
            // SAFETY: the caller's buffer and length.
            Ok(addr) => unsafe { to_c(&addr, name, namelen) },
            Err(e) => e.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tcp_close_reset(tcp: *mut uv_tcp_t, close_cb: uv_close_cb) -> c_int {
    guard("uv_tcp_close_reset", UV_EINVAL, || {
        // SAFETY: NULL or a TCP handle, per the API.
        let Some((lp, id)) = (unsafe { live_tcp(tcp, "uv_tcp_close_reset") }) else {
            return UV_EINVAL;
        };
        if lp.is_closing(id) {
            misuse(
                "uv_tcp_close_reset",
                "the handle is already closing (double close)",
            );
        }
        if let Err(e) = lp.tcp_set_reset_on_close(id) {
            return e.code();
        }
        // SAFETY: a live handle; uv_close records the callback.
        unsafe { crate::handle::uv_close(tcp as *mut uv_handle_t, close_cb) };
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_socketpair(
    kind: c_int,
    protocol: c_int,
    fds: *mut c_int,
    flags0: c_int,
    flags1: c_int,
) -> c_int {
    guard("uv_socketpair", UV_EINVAL, || {
        if fds.is_null() {
            return UV_EINVAL;
        }
        let nonblock = |flags: c_int| flags & UV_NONBLOCK_PIPE != 0;
        match ruv::sys::net::socketpair_raw(kind, protocol, nonblock(flags0), nonblock(flags1)) {
            Ok((a, b)) => {
                // SAFETY: room for two descriptors, per the API.
                unsafe {
                    *fds = a;
                    *fds.add(1) = b;
                }
                0
            }
            Err(e) => ruv::Error::from_io(&e).code(),
        }
    })
}
