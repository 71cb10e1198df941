//! `uv_getaddrinfo` and `uv_freeaddrinfo`.
//!
//! The host name is converted to ASCII (IDNA) on the calling thread, and
//! refused there if that fails. With a callback, the name, the service and
//! the hints are copied into one block (the caller's may be gone by the time
//! a worker runs) and the lookup runs on the pool as slow I/O; the callback
//! gets the status and the result list on the loop thread. Without one the
//! lookup runs at once and its status is returned. Either way the list in
//! `req->addrinfo` belongs to the caller, who frees it with
//! `uv_freeaddrinfo`.

use crate::allocator::{c_free, c_malloc};
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::resolve::engine_for;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::error::code;
use ruv::net::dns::idna;
use std::ffi::CStr;
use std::ptr::{null, null_mut};

pub type uv_getaddrinfo_cb =
    Option<unsafe extern "C" fn(*mut uv_getaddrinfo_t, c_int, *mut libc::addrinfo)>;

#[repr(C)]
pub struct uv_getaddrinfo_t {
    pub req: uv_req_t,
    pub loop_: *mut uv_loop_t,
    /// None for a synchronous call.
    pub cb: uv_getaddrinfo_cb,
    /// The engine's `WorkId`, packed; 0 for a synchronous call.
    pub engine_id: u64,
    /// What the worker passes to getaddrinfo; each may be NULL.
    pub hints: *const libc::addrinfo,
    pub hostname: *const c_char,
    pub service: *const c_char,
    /// The block holding the copies of an asynchronous request, or NULL.
    pub copies: *mut u8,
    pub private: [u64; 3],
    /// The result list, handed to the caller.
    pub addrinfo: *mut libc::addrinfo,
    pub retcode: c_int,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_getaddrinfo_t>() == 160);
    assert!(offset_of!(uv_getaddrinfo_t, loop_) == 64);
    assert!(offset_of!(uv_getaddrinfo_t, addrinfo) == 144);
};

/// A pool worker (or the caller, for a synchronous request) looks up.
fn work(token: usize) {
    let req = token as *mut uv_getaddrinfo_t;
    // SAFETY: the request was filled in by uv_getaddrinfo and stays alive
    // until its callback has run (or the synchronous call returns); its
    // strings are NUL-terminated and its hints NULL or a valid addrinfo.
    unsafe {
        let text = |p: *const c_char| (!p.is_null()).then(|| CStr::from_ptr(p));
        let outcome = ruv::sys::dns::getaddrinfo(
            text((*req).hostname),
            text((*req).service),
            (*req).hints.as_ref(),
        );
        match outcome {
            Ok(list) => {
                (*req).addrinfo = list.into_raw();
                (*req).retcode = 0;
            }
            Err(err) => (*req).retcode = err.code(),
        }
    }
}

/// The end of a request, on the loop thread: the copies go, and the
/// callback (if any) gets the status, `UV_EAI_CANCELED` when the request was
/// cancelled before it ran.
///
/// # Safety
/// `req` is a request started by uv_getaddrinfo whose work is over.
pub(crate) unsafe fn done(req: *mut uv_getaddrinfo_t, status: c_int) {
    // SAFETY: as above.
    unsafe {
        release_arguments(req);
        if status == code::ECANCELED {
            (*req).retcode = code::EAI_CANCELED;
        }
        if let Some(cb) = (*req).cb {
            cb(req, (*req).retcode, (*req).addrinfo);
        }
    }
}

/// Frees the copies of an asynchronous request and forgets the arguments.
///
/// # Safety
/// `req` was started by uv_getaddrinfo; no worker uses its arguments.
unsafe fn release_arguments(req: *mut uv_getaddrinfo_t) {
    // SAFETY: as above; `copies` is NULL or came from c_malloc.
    unsafe {
        if !(*req).copies.is_null() {
            c_free((*req).copies);
        }
        (*req).copies = null_mut();
        (*req).hints = null();
        (*req).hostname = null();
        (*req).service = null();
    }
}

/// Copies the hints, the service and the host name (in that order) into
/// one c_malloc block and points the request at the copies.
///
/// # Safety
/// `req` is writable; the strings are NUL-terminated, `hints` NULL or valid.
unsafe fn copy_arguments(
    req: *mut uv_getaddrinfo_t,
    host: Option<&[u8]>,
    service: *const c_char,
    hints: *const libc::addrinfo,
) -> Result<(), c_int> {
    let hints_len = if hints.is_null() {
        0
    } else {
        std::mem::size_of::<libc::addrinfo>()
    };
    // SAFETY: NUL-terminated, per the caller.
    let service =
        (!service.is_null()).then(|| unsafe { CStr::from_ptr(service) }.to_bytes_with_nul());
    let service_len = service.map_or(0, <[u8]>::len);
    let host_len = host.map_or(0, <[u8]>::len);
    let block = c_malloc(hints_len + service_len + host_len);
    if block.is_null() {
        return Err(code::ENOMEM);
    }
    // SAFETY: the block has room for all three; the addrinfo copy sits at
    // its start, where malloc's alignment suits it.
    unsafe {
        (*req).copies = block;
        if !hints.is_null() {
            std::ptr::copy_nonoverlapping(hints.cast::<u8>(), block, hints_len);
            (*req).hints = block.cast();
        }
        if let Some(service) = service {
            let at = block.add(hints_len);
            std::ptr::copy_nonoverlapping(service.as_ptr(), at, service_len);
            (*req).service = at.cast();
        }
        if let Some(host) = host {
            let at = block.add(hints_len + service_len);
            std::ptr::copy_nonoverlapping(host.as_ptr(), at, host_len);
            (*req).hostname = at.cast();
        }
    }
    Ok(())
}

#[no_mangle]
pub unsafe extern "C" fn uv_getaddrinfo(
    lp: *mut uv_loop_t,
    req: *mut uv_getaddrinfo_t,
    cb: uv_getaddrinfo_cb,
    hostname: *const c_char,
    service: *const c_char,
    hints: *const libc::addrinfo,
) -> c_int {
    guard("uv_getaddrinfo", UV_EINVAL, || {
        if req.is_null() || (hostname.is_null() && service.is_null()) {
            return UV_EINVAL;
        }
        // SAFETY: writable request memory, per the API. One still in
        // flight is the pool's until its callback.
        if unsafe { crate::in_flight::is_held(req) } {
            return code::EBUSY;
        }
        let mut ascii = [0u8; idna::HOST_BUFFER];
        let host = if hostname.is_null() {
            None
        } else {
            // SAFETY: a NUL-terminated string, per the API.
            let name = unsafe { CStr::from_ptr(hostname) }.to_bytes();
            match idna::to_ascii(name, &mut ascii) {
                Ok(len) => Some(&ascii[..=len]),
                Err(err) => return err.code(),
            }
        };
        let engine = match cb {
            // SAFETY: NULL or a loop, per the API.
            Some(_) => match unsafe { engine_for(lp, "uv_getaddrinfo") } {
                Some(engine) => Some(engine),
                None => return UV_EINVAL,
            },
            None => None,
        };
        // SAFETY: writable request memory, per the API.
        unsafe {
            (*req).req.type_ = req_type::GETADDRINFO;
            (*req).loop_ = lp;
            (*req).cb = cb;
            (*req).engine_id = 0;
            (*req).addrinfo = null_mut();
            (*req).retcode = 0;
            (*req).hints = null();
            (*req).hostname = null();
            (*req).service = null();
            (*req).copies = null_mut();
        }
        let token = req as usize;
        let Some(engine) = engine else {
            // Synchronous: the caller's strings (and the converted name on
            // this stack) outlive the call.
            // SAFETY: as above.
            unsafe {
                (*req).hints = hints;
                (*req).service = service;
                (*req).hostname = host.map_or(null(), |h| h.as_ptr().cast());
            }
            work(token);
            // SAFETY: the work is over.
            unsafe {
                done(req, 0);
                return (*req).retcode;
            }
        };
        // SAFETY: as above.
        if let Err(code) = unsafe { copy_arguments(req, host, service, hints) } {
            return code;
        }
        // SAFETY: as above; found free at the top.
        let queued = unsafe {
            super::queue_lookup(
                engine,
                req.cast(),
                std::ptr::addr_of_mut!((*req).engine_id),
                work,
            )
        };
        match queued {
            Ok(()) => 0,
            Err(code) => {
                // Not queued: nothing will call back, so free the copies.
                // SAFETY: as above.
                unsafe { release_arguments(req) };
                code
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_freeaddrinfo(ai: *mut libc::addrinfo) {
    crate::boundary::guard_void("uv_freeaddrinfo", || {
        // SAFETY: NULL or a list from uv_getaddrinfo, per the API.
        unsafe { ruv::sys::dns::freeaddrinfo(ai) }
    })
}
