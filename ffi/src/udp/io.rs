//! Sending and receiving exports, and what the host does when the engine
//! reports on a UDP handle: buffers from the alloc callback, datagrams to
//! the recv callback, finished sends to their callbacks, queue counts into
//! the public fields.

use super::layout::{
    sockaddr_from_c, uv_alloc_cb, uv_udp_recv_cb, uv_udp_send_cb, uv_udp_send_t, uv_udp_t,
    UV_UDP_SEND,
};
use super::{status, udp};
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_int, c_uint, sockaddr};
use ruv::engine::{Event, WriteOwner};
use ruv::sys::net::{Payload, SockAddr};
use ruv::sys::RawBuf;

/// The destination argument: Ok(None) for NULL, Err for a family libuv
/// does not send to.
///
/// # Safety
/// `addr` is NULL or a socket address of its family's size.
unsafe fn destination(addr: *const sockaddr) -> Result<Option<SockAddr>, ()> {
    if addr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded from the caller.
    unsafe { sockaddr_from_c(addr) }.map(Some).ok_or(())
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_send(
    req: *mut uv_udp_send_t,
    handle: *mut uv_udp_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
    addr: *const sockaddr,
    send_cb: uv_udp_send_cb,
) -> c_int {
    guard("uv_udp_send", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_send") }) else {
            return UV_EINVAL;
        };
        if req.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: the caller lends the buffers until the send callback.
        let Some(list) = (unsafe { lend_bufs(bufs, nbufs) }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or an address, per the API.
        let Ok(addr) = (unsafe { destination(addr) }) else {
            return UV_EINVAL;
        };
        let owner = WriteOwner::Host(req as usize);
        // SAFETY: a request the caller lends until its callback.
        let rc = unsafe {
            crate::in_flight::accepted(req, || {
                // The list is copied only if the datagram has to wait.
                status(lp.udp_send_lent(id, owner, list, addr.as_ref()))
            })
        };
        if rc == 0 {
            // SAFETY: as above; the engine calls back no earlier than the
            // next loop phase.
            unsafe {
                (*req).req.type_ = UV_UDP_SEND;
                (*req).handle = handle;
                (*req).cb = send_cb;
            }
        }
        rc
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_try_send(
    handle: *mut uv_udp_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
    addr: *const sockaddr,
) -> c_int {
    guard("uv_udp_try_send", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_try_send") }) else {
            return UV_EINVAL;
        };
        // SAFETY: the caller lends the buffers for the call.
        let Some(list) = (unsafe { lend_bufs(bufs, nbufs) }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or an address, per the API.
        let Ok(addr) = (unsafe { destination(addr) }) else {
            return UV_EINVAL;
        };
        match lp.udp_try_send(id, Payload::Lent(list), addr.as_ref()) {
            Ok(n) => c_int::try_from(n).unwrap_or(c_int::MAX),
            Err(err) => err.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_recv_start(
    handle: *mut uv_udp_t,
    alloc_cb: uv_alloc_cb,
    recv_cb: uv_udp_recv_cb,
) -> c_int {
    guard("uv_udp_recv_start", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_recv_start") }) else {
            return UV_EINVAL;
        };
        if alloc_cb.is_none() || recv_cb.is_none() {
            return UV_EINVAL;
        }
        let started = lp.udp_recv_start(id);
        if started.is_ok() {
            // SAFETY: a live handle.
            unsafe {
                (*handle).alloc_cb = alloc_cb;
                (*handle).recv_cb = recv_cb;
            }
        }
        status(started)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_recv_stop(handle: *mut uv_udp_t) -> c_int {
    guard("uv_udp_recv_stop", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_recv_stop") }) else {
            return UV_EINVAL;
        };
        let stopped = lp.udp_recv_stop(id);
        if stopped.is_ok() {
            // SAFETY: a live handle.
            unsafe {
                (*handle).alloc_cb = None;
                (*handle).recv_cb = None;
            }
        }
        status(stopped)
    })
}

/// A buffer from the handle's alloc callback (empty if it gave none, or
/// receiving was stopped meanwhile).
///
/// # Safety
/// `token` is a live uv_udp_t.
pub(crate) unsafe fn alloc(token: usize, suggested: usize) -> RawBuf {
    let udp = token as *mut uv_udp_t;
    let mut buf = uv_buf_t {
        base: std::ptr::null_mut(),
        len: 0,
    };
    // SAFETY: a live handle; the callback fills `buf` in, and lends what
    // it describes until the recv callback that reports on it.
    unsafe {
        if let Some(cb) = (*udp).alloc_cb {
            cb(udp as *mut uv_handle_t, suggested, &mut buf);
        }
        RawBuf::new(buf.base as *mut u8, buf.len)
    }
}

/// Reports a receive to the handle's recv callback.
///
/// # Safety
/// `token` is a live uv_udp_t.
pub(crate) unsafe fn fire(token: usize, event: &Event<'_>) {
    let Event::UdpRecv {
        nread,
        buf,
        addr,
        flags,
        ..
    } = *event
    else {
        return;
    };
    let udp = token as *mut uv_udp_t;
    let buf = uv_buf_t {
        base: buf.base() as *mut libc::c_char,
        len: buf.len(),
    };
    let addr = addr.map_or(std::ptr::null(), |a| a.as_ptr());
    // SAFETY: a live handle; `buf` and `addr` outlive the call.
    unsafe {
        if let Some(cb) = (*udp).recv_cb {
            cb(udp, nread, &buf, addr, flags as c_uint);
        }
    }
}

/// A send finished: its callback, if it has one.
///
/// # Safety
/// `token` is the uv_udp_send_t queued by uv_udp_send.
pub(crate) unsafe fn send_done(token: usize, status: c_int) {
    let req = token as *mut uv_udp_send_t;
    // SAFETY: the request stays valid until its callback returns.
    unsafe {
        if let Some(cb) = (*req).cb {
            cb(req, status);
        }
    }
}

/// Keeps the public queue counts current.
///
/// # Safety
/// `token` is a live uv_udp_t.
pub(crate) unsafe fn set_send_queue(token: usize, size: usize, count: usize) {
    let udp = token as *mut uv_udp_t;
    // SAFETY: a live handle.
    unsafe {
        (*udp).send_queue_size = size;
        (*udp).send_queue_count = count;
    }
}
