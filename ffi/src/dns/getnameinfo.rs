//! `uv_getnameinfo`: the address is copied into the request, and the names
//! are written into its `host` and `service` arrays, on the pool as slow
//! I/O when there is a callback, at once when there is none.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::resolve::engine_for;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::error::code;
use std::ptr::{addr_of_mut, null};

pub type uv_getnameinfo_cb =
    Option<unsafe extern "C" fn(*mut uv_getnameinfo_t, c_int, *const c_char, *const c_char)>;

/// NI_MAXHOST and NI_MAXSERV, as uv.h sizes the arrays.
const HOST_SIZE: usize = 1025;
const SERVICE_SIZE: usize = 32;

#[repr(C)]
pub struct uv_getnameinfo_t {
    pub req: uv_req_t,
    pub loop_: *mut uv_loop_t,
    /// None for a synchronous call.
    pub cb: uv_getnameinfo_cb,
    /// The engine's `WorkId`, packed; 0 for a synchronous call.
    pub engine_id: u64,
    /// The caller's address, copied.
    pub storage: libc::sockaddr_storage,
    pub private: [u64; 4],
    pub flags: c_int,
    /// The results, read by the caller.
    pub host: [c_char; HOST_SIZE],
    pub service: [c_char; SERVICE_SIZE],
    pub retcode: c_int,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_getnameinfo_t>() == 1320);
    assert!(offset_of!(uv_getnameinfo_t, loop_) == 64);
    assert!(offset_of!(uv_getnameinfo_t, flags) == 248);
    assert!(offset_of!(uv_getnameinfo_t, host) == 252);
    assert!(offset_of!(uv_getnameinfo_t, service) == 1277);
};

/// A pool worker (or the caller, for a synchronous request) looks up.
fn work(token: usize) {
    let req = token as *mut uv_getnameinfo_t;
    // SAFETY: the request was filled in by uv_getnameinfo and stays alive
    // until its callback has run (or the synchronous call returns); nothing
    // else touches its result arrays meanwhile.
    unsafe {
        let host = &mut *(addr_of_mut!((*req).host) as *mut [u8; HOST_SIZE]);
        let service = &mut *(addr_of_mut!((*req).service) as *mut [u8; SERVICE_SIZE]);
        let outcome = ruv::sys::dns::getnameinfo(&(*req).storage, host, service, (*req).flags);
        (*req).retcode = outcome.map_or_else(|err| err.code(), |()| 0);
    }
}

/// The end of a request, on the loop thread: the callback (if any) gets the
/// status and, on success, the names; `UV_EAI_CANCELED` and no names when
/// the request was cancelled before it ran.
///
/// # Safety
/// `req` is a request started by uv_getnameinfo whose work is over.
pub(crate) unsafe fn done(req: *mut uv_getnameinfo_t, status: c_int) {
    // SAFETY: as above.
    unsafe {
        if status == code::ECANCELED {
            (*req).retcode = code::EAI_CANCELED;
        }
        let (host, service) = if (*req).retcode == 0 {
            ((*req).host.as_ptr(), (*req).service.as_ptr())
        } else {
            (null(), null())
        };
        if let Some(cb) = (*req).cb {
            cb(req, (*req).retcode, host, service);
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_getnameinfo(
    lp: *mut uv_loop_t,
    req: *mut uv_getnameinfo_t,
    cb: uv_getnameinfo_cb,
    addr: *const libc::sockaddr,
    flags: c_int,
) -> c_int {
    guard("uv_getnameinfo", UV_EINVAL, || {
        if req.is_null() || addr.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: writable request memory, per the API. One still in
        // flight is the pool's until its callback.
        if unsafe { crate::in_flight::is_held(req) } {
            return code::EBUSY;
        }
        // SAFETY: a socket address, per the API; its family says its size.
        let len = match c_int::from(unsafe { (*addr).sa_family }) {
            libc::AF_INET => std::mem::size_of::<libc::sockaddr_in>(),
            libc::AF_INET6 => std::mem::size_of::<libc::sockaddr_in6>(),
            _ => return UV_EINVAL,
        };
        let engine = match cb {
            // SAFETY: NULL or a loop, per the API.
            Some(_) => match unsafe { engine_for(lp, "uv_getnameinfo") } {
                Some(engine) => Some(engine),
                None => return UV_EINVAL,
            },
            None => None,
        };
        // SAFETY: writable request memory and `len` readable address bytes,
        // per the API.
        unsafe {
            let storage = addr_of_mut!((*req).storage);
            storage.write_bytes(0, 1);
            std::ptr::copy_nonoverlapping(addr.cast::<u8>(), storage.cast::<u8>(), len);
            (*req).req.type_ = req_type::GETNAMEINFO;
            (*req).loop_ = lp;
            (*req).cb = cb;
            (*req).engine_id = 0;
            (*req).flags = flags;
            (*req).retcode = 0;
        }
        let token = req as usize;
        let Some(engine) = engine else {
            work(token);
            // SAFETY: the work is over.
            unsafe {
                done(req, 0);
                return (*req).retcode;
            }
        };
        // SAFETY: as above; found free at the top.
        match unsafe {
            super::queue_lookup(engine, req.cast(), addr_of_mut!((*req).engine_id), work)
        } {
            Ok(()) => 0,
            Err(code) => code,
        }
    })
}
