//! Name resolution and address helpers: `uv_getaddrinfo`/`uv_freeaddrinfo`
//! and `uv_getnameinfo` (on the pool as slow I/O with a callback, on the
//! calling thread without), the `uv_ip*` and `uv_inet_*` text conversions,
//! and the interface list and index-to-name calls.

mod addr;
mod getaddrinfo;
mod getnameinfo;
mod interfaces;

pub(crate) use getaddrinfo::{done as getaddrinfo_done, uv_getaddrinfo_t};
pub(crate) use getnameinfo::{done as getnameinfo_done, uv_getnameinfo_t};

use crate::types::*;

/// The loop and engine id of a getaddrinfo or getnameinfo request, for
/// `uv_cancel`.
///
/// # Safety
/// `req` is one of the two, as its type says.
pub(crate) unsafe fn request_ids(req: *mut uv_req_t) -> (*mut uv_loop_t, u64) {
    // SAFETY: as above.
    unsafe {
        if (*req).type_ == req_type::GETADDRINFO {
            let req = req as *mut uv_getaddrinfo_t;
            ((*req).loop_, (*req).engine_id)
        } else {
            let req = req as *mut uv_getnameinfo_t;
            ((*req).loop_, (*req).engine_id)
        }
    }
}
