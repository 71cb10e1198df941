//! UDP socket option exports: TTLs, broadcast, multicast loop, interface
//! and group membership.

use super::{c_text, status, udp, uv_udp_t};
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use libc::{c_char, c_int};

/// An export taking one int option value.
macro_rules! int_option {
    ($name:ident, $method:ident) => {
        #[no_mangle]
        pub unsafe extern "C" fn $name(handle: *mut uv_udp_t, value: c_int) -> c_int {
            guard(stringify!($name), UV_EINVAL, || {
                // SAFETY: NULL or a handle, per the API.
                let Some((lp, id)) = (unsafe { udp(handle, stringify!($name)) }) else {
                    return UV_EINVAL;
                };
                status(lp.$method(id, value))
            })
        }
    };
}

int_option!(uv_udp_set_ttl, udp_set_ttl);
int_option!(uv_udp_set_multicast_ttl, udp_set_multicast_ttl);
int_option!(uv_udp_set_multicast_loop, udp_set_multicast_loop);
int_option!(uv_udp_set_broadcast, udp_set_broadcast);

#[no_mangle]
pub unsafe extern "C" fn uv_udp_set_multicast_interface(
    handle: *mut uv_udp_t,
    interface_addr: *const c_char,
) -> c_int {
    guard("uv_udp_set_multicast_interface", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_set_multicast_interface") }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or a C string, per the API.
        let Ok(interface) = (unsafe { c_text(interface_addr) }) else {
            return UV_EINVAL;
        };
        status(lp.udp_set_multicast_interface(id, interface))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_set_membership(
    handle: *mut uv_udp_t,
    multicast_addr: *const c_char,
    interface_addr: *const c_char,
    membership: c_int,
) -> c_int {
    guard("uv_udp_set_membership", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_set_membership") }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or C strings, per the API.
        let texts = unsafe { (c_text(multicast_addr), c_text(interface_addr)) };
        let (Ok(Some(group)), Ok(interface)) = texts else {
            return UV_EINVAL;
        };
        status(lp.udp_set_membership(id, group, interface, membership))
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_udp_set_source_membership(
    handle: *mut uv_udp_t,
    multicast_addr: *const c_char,
    interface_addr: *const c_char,
    source_addr: *const c_char,
    membership: c_int,
) -> c_int {
    guard("uv_udp_set_source_membership", UV_EINVAL, || {
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { udp(handle, "uv_udp_set_source_membership") }) else {
            return UV_EINVAL;
        };
        // SAFETY: NULL or C strings, per the API.
        let texts = unsafe {
            (
                c_text(multicast_addr),
                c_text(interface_addr),
                c_text(source_addr),
            )
        };
        let (Ok(Some(group)), Ok(interface), Ok(Some(source))) = texts else {
            return UV_EINVAL;
        };
        status(lp.udp_set_source_membership(id, group, interface, source, membership))
    })
}
