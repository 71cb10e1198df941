//! `uv_interface_addresses` / `uv_free_interface_addresses` and
//! `uv_if_indextoname` / `uv_if_indextoiid`.
//!
//! The address array and each name in it come from the allocator
//! `uv_replace_allocator` installs, as libuv's do, and go back to it in
//! `uv_free_interface_addresses`.

use crate::allocator::{c_free, c_malloc};
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use libc::{c_char, c_int, c_uint, size_t};
use ruv::error::code;
use std::net::SocketAddr;

/// `address` and `netmask` of `uv_interface_address_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union uv_interface_sockaddr {
    pub in4: libc::sockaddr_in,
    pub in6: libc::sockaddr_in6,
}

#[repr(C)]
pub struct uv_interface_address_t {
    pub name: *mut c_char,
    pub phys_addr: [c_char; 6],
    pub is_internal: c_int,
    pub address: uv_interface_sockaddr,
    pub netmask: uv_interface_sockaddr,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_interface_address_t>() == 80);
    assert!(offset_of!(uv_interface_address_t, phys_addr) == 8);
    assert!(offset_of!(uv_interface_address_t, is_internal) == 16);
    assert!(offset_of!(uv_interface_address_t, address) == 20);
    assert!(offset_of!(uv_interface_address_t, netmask) == 48);
};

/// Writes `addr` into the union the way its family lays it out.
fn store(slot: &mut uv_interface_sockaddr, addr: &SocketAddr) {
    let storage = ruv::sys::dns::socket_addr_to_storage(addr);
    let len = match addr {
        SocketAddr::V4(_) => std::mem::size_of::<libc::sockaddr_in>(),
        SocketAddr::V6(_) => std::mem::size_of::<libc::sockaddr_in6>(),
    };
    // SAFETY: both are plain bytes; `len` fits in either.
    unsafe {
        std::ptr::copy_nonoverlapping(
            (&storage as *const libc::sockaddr_storage).cast::<u8>(),
            (slot as *mut uv_interface_sockaddr).cast::<u8>(),
            len,
        );
    }
}

/// A c_malloc copy of a C string, NUL included, as libuv's strdup.
fn c_strdup(text: &std::ffi::CStr) -> *mut c_char {
    let bytes = text.to_bytes_with_nul();
    let copy = c_malloc(bytes.len());
    if !copy.is_null() {
        // SAFETY: `copy` has room for the bytes.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), copy, bytes.len()) };
    }
    copy.cast()
}

#[no_mangle]
pub unsafe extern "C" fn uv_interface_addresses(
    addresses: *mut *mut uv_interface_address_t,
    count: *mut c_int,
) -> c_int {
    guard("uv_interface_addresses", UV_EINVAL, || {
        if addresses.is_null() || count.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: writable out-parameters, per the API.
        unsafe {
            *count = 0;
            *addresses = std::ptr::null_mut();
        }
        let list = match ruv::sys::ifaddrs::interface_addresses() {
            Ok(list) => list,
            Err(err) => return err.code(),
        };
        if list.is_empty() {
            return 0;
        }
        let bytes = list.len() * std::mem::size_of::<uv_interface_address_t>();
        let array = c_malloc(bytes).cast::<uv_interface_address_t>();
        if array.is_null() {
            return code::ENOMEM;
        }
        // SAFETY: `array` has room for `list.len()` entries; all-zero bytes
        // are a valid entry, which each is then filled over.
        unsafe {
            array.cast::<u8>().write_bytes(0, bytes);
            for (n, item) in list.iter().enumerate() {
                let entry = &mut *array.add(n);
                entry.name = c_strdup(&item.name);
                for (to, from) in entry.phys_addr.iter_mut().zip(item.phys_addr) {
                    *to = from as c_char;
                }
                entry.is_internal = c_int::from(item.is_internal);
                store(&mut entry.address, &item.address);
                if let Some(netmask) = &item.netmask {
                    store(&mut entry.netmask, netmask);
                }
            }
            *addresses = array;
            *count = list.len() as c_int;
        }
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_free_interface_addresses(
    addresses: *mut uv_interface_address_t,
    count: c_int,
) {
    crate::boundary::guard_void("uv_free_interface_addresses", || {
        if addresses.is_null() {
            return;
        }
        // SAFETY: an array of `count` entries from uv_interface_addresses,
        // per the API; names and array came from c_malloc.
        unsafe {
            for n in 0..count.max(0) as usize {
                let name = (*addresses.add(n)).name;
                if !name.is_null() {
                    c_free(name.cast());
                }
            }
            c_free(addresses.cast());
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_if_indextoname(
    ifindex: c_uint,
    buffer: *mut c_char,
    size: *mut size_t,
) -> c_int {
    guard("uv_if_indextoname", UV_EINVAL, || {
        // SAFETY: `size` is NULL or readable, per the API.
        if buffer.is_null() || size.is_null() || unsafe { *size } == 0 {
            return UV_EINVAL;
        }
        let name = match ruv::sys::ifaddrs::index_to_name(ifindex) {
            Ok(name) => name,
            Err(err) => return err.code(),
        };
        let name = name.to_bytes();
        // SAFETY: `size` is writable and `buffer` has `*size` bytes, per
        // the API.
        unsafe {
            if *size <= name.len() {
                *size = name.len() + 1;
                return code::ENOBUFS;
            }
            std::ptr::copy_nonoverlapping(name.as_ptr(), buffer.cast::<u8>(), name.len());
            *buffer.add(name.len()) = 0;
            *size = name.len();
        }
        0
    })
}

/// On Unix the interface identifier is its name.
#[no_mangle]
pub unsafe extern "C" fn uv_if_indextoiid(
    ifindex: c_uint,
    buffer: *mut c_char,
    size: *mut size_t,
) -> c_int {
    // SAFETY: the same contract.
    guard("uv_if_indextoiid", UV_EINVAL, || unsafe {
        uv_if_indextoname(ifindex, buffer, size)
    })
}
