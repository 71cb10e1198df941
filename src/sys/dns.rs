//! Name resolution: the C library's getaddrinfo and getnameinfo, the result
//! lists they hand out, and the mapping of their `EAI_*` codes to libuv's.

use crate::error::{code, Error, Result};
use libc::{c_int, socklen_t};
use std::ffi::CStr;
use std::net::SocketAddr;
use std::ptr::NonNull;

/// glibc's values for the codes the libc crate leaves out (both are behind
/// `_GNU_SOURCE`, which libuv builds with).
const EAI_ADDRFAMILY: c_int = -9;
const EAI_CANCELED: c_int = -101;

/// The libuv code for a getaddrinfo/getnameinfo return value, as libuv
/// maps them; `EAI_SYSTEM` means the thread's errno says what failed.
///
/// libuv aborts on a code it does not know (glibc's `EAI_IDN_ENCODE`, which
/// only `AI_IDN` can produce, is one); ruv answers `UNKNOWN` instead.
pub fn eai_error(eai: c_int) -> Error {
    Error::from_code(match eai {
        EAI_ADDRFAMILY => code::EAI_ADDRFAMILY,
        libc::EAI_AGAIN => code::EAI_AGAIN,
        libc::EAI_BADFLAGS => code::EAI_BADFLAGS,
        EAI_CANCELED => code::EAI_CANCELED,
        libc::EAI_FAIL => code::EAI_FAIL,
        libc::EAI_FAMILY => code::EAI_FAMILY,
        libc::EAI_MEMORY => code::EAI_MEMORY,
        libc::EAI_NODATA => code::EAI_NODATA,
        libc::EAI_NONAME => code::EAI_NONAME,
        libc::EAI_OVERFLOW => code::EAI_OVERFLOW,
        libc::EAI_SERVICE => code::EAI_SERVICE,
        libc::EAI_SOCKTYPE => code::EAI_SOCKTYPE,
        libc::EAI_SYSTEM => Error::last_os_error().code(),
        _ => code::UNKNOWN,
    })
}

/// A result list of getaddrinfo. Dropping it frees it with freeaddrinfo;
/// [`into_raw`](Self::into_raw) hands it to C code, which frees it the same way.
pub struct AddrInfoList {
    head: NonNull<libc::addrinfo>,
}

// SAFETY: the list is plain memory owned by this value alone; glibc's
// freeaddrinfo may be called from any thread.
unsafe impl Send for AddrInfoList {}

impl AddrInfoList {
    /// The entries, in the order the resolver gave them.
    pub fn iter(&self) -> impl Iterator<Item = AddrInfo<'_>> {
        let mut next = Some(self.head);
        std::iter::from_fn(move || {
            // SAFETY: every node of the list lives until the list is freed,
            // which needs `self`, borrowed for the iterator's lifetime.
            let raw = unsafe { next?.as_ref() };
            next = NonNull::new(raw.ai_next);
            Some(AddrInfo { raw })
        })
    }

    /// Gives up ownership: the caller frees the list with [`freeaddrinfo`].
    pub fn into_raw(self) -> *mut libc::addrinfo {
        let head = self.head.as_ptr();
        std::mem::forget(self);
        head
    }
}

impl Drop for AddrInfoList {
    fn drop(&mut self) {
        // SAFETY: the list came from getaddrinfo and is freed only here.
        unsafe { libc::freeaddrinfo(self.head.as_ptr()) };
    }
}

/// One entry of an [`AddrInfoList`].
#[derive(Clone, Copy)]
pub struct AddrInfo<'a> {
    raw: &'a libc::addrinfo,
}

impl AddrInfo<'_> {
    pub fn family(&self) -> c_int {
        self.raw.ai_family
    }
    pub fn socket_type(&self) -> c_int {
        self.raw.ai_socktype
    }
    pub fn protocol(&self) -> c_int {
        self.raw.ai_protocol
    }
    /// The address, when it is IPv4 or IPv6.
    pub fn address(&self) -> Option<SocketAddr> {
        // SAFETY: the resolver's ai_addr is NULL or ai_addrlen valid bytes.
        unsafe { socket_addr_from_raw(self.raw.ai_addr, self.raw.ai_addrlen) }
    }
    /// The canonical name, on the first entry when `AI_CANONNAME` asked for it.
    pub fn canonical_name(&self) -> Option<&CStr> {
        if self.raw.ai_canonname.is_null() {
            return None;
        }
        // SAFETY: a NUL-terminated string owned by the list.
        Some(unsafe { CStr::from_ptr(self.raw.ai_canonname) })
    }
}

/// Calls getaddrinfo. `hints` is passed as given (the resolver reads its
/// flags, family, socket type and protocol).
pub fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: Option<&libc::addrinfo>,
) -> Result<AddrInfoList> {
    let mut head: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: the strings are NUL-terminated or NULL, hints is NULL or a
    // valid addrinfo, and `head` is a place for the result.
    let rc = unsafe {
        libc::getaddrinfo(
            host.map_or(std::ptr::null(), CStr::as_ptr),
            service.map_or(std::ptr::null(), CStr::as_ptr),
            hints.map_or(std::ptr::null(), |h| h as *const libc::addrinfo),
            &mut head,
        )
    };
    if rc != 0 {
        return Err(eai_error(rc));
    }
    match NonNull::new(head) {
        Some(head) => Ok(AddrInfoList { head }),
        // Success with no entries: not something glibc does.
        None => Err(Error::from_code(code::EAI_NODATA)),
    }
}

/// Frees a list a C caller got from [`AddrInfoList::into_raw`] (or from
/// getaddrinfo directly). NULL is ignored.
///
/// # Safety
/// `list` is NULL or an unfreed getaddrinfo result.
pub unsafe fn freeaddrinfo(list: *mut libc::addrinfo) {
    if !list.is_null() {
        // SAFETY: per the caller.
        unsafe { libc::freeaddrinfo(list) };
    }
}

/// The length of the address in `storage`, by family, or None for a family
/// other than IPv4 and IPv6.
fn storage_len(storage: &libc::sockaddr_storage) -> Option<socklen_t> {
    match c_int::from(storage.ss_family) {
        libc::AF_INET => Some(std::mem::size_of::<libc::sockaddr_in>() as socklen_t),
        libc::AF_INET6 => Some(std::mem::size_of::<libc::sockaddr_in6>() as socklen_t),
        _ => None,
    }
}

/// Calls getnameinfo on an IPv4 or IPv6 address, writing NUL-terminated
/// names into `host` and `service` (either may be empty: not asked for).
pub fn getnameinfo(
    addr: &libc::sockaddr_storage,
    host: &mut [u8],
    service: &mut [u8],
    flags: c_int,
) -> Result<()> {
    let len = storage_len(addr).ok_or(Error::from_code(code::EINVAL))?;
    let buffer = |b: &mut [u8]| {
        if b.is_empty() {
            (std::ptr::null_mut(), 0)
        } else {
            (b.as_mut_ptr().cast::<libc::c_char>(), b.len() as socklen_t)
        }
    };
    let (host_ptr, host_len) = buffer(host);
    let (service_ptr, service_len) = buffer(service);
    // SAFETY: `addr` holds `len` bytes of a socket address; the buffers are
    // writable for the lengths given.
    let rc = unsafe {
        libc::getnameinfo(
            (addr as *const libc::sockaddr_storage).cast(),
            len,
            host_ptr,
            host_len,
            service_ptr,
            service_len,
            flags,
        )
    };
    if rc != 0 {
        return Err(eai_error(rc));
    }
    Ok(())
}

/// A socket address in the C form, as getnameinfo and C structs take it.
pub fn socket_addr_to_storage(addr: &SocketAddr) -> libc::sockaddr_storage {
    socket2::SockAddr::from(*addr).as_storage()
}

/// The socket address in C storage, when it is IPv4 or IPv6.
pub fn socket_addr_from_storage(storage: &libc::sockaddr_storage) -> Option<SocketAddr> {
    let len = storage_len(storage)?;
    // SAFETY: storage is a whole sockaddr_storage, and `len` fits in it.
    unsafe { socket_addr_from_raw((storage as *const libc::sockaddr_storage).cast(), len) }
}

/// Reads an IPv4 or IPv6 socket address from C memory.
///
/// # Safety
/// `addr` is NULL or points to `len` readable bytes of a socket address.
pub unsafe fn socket_addr_from_raw(
    addr: *const libc::sockaddr,
    len: socklen_t,
) -> Option<SocketAddr> {
    if addr.is_null() || len as usize > std::mem::size_of::<libc::sockaddr_storage>() {
        return None;
    }
    // SAFETY: `len` bytes are readable at `addr` (caller) and fit in the
    // zeroed storage; SockAddr::new only reads what `len` covers.
    let sock = unsafe {
        let mut storage: libc::sockaddr_storage = std::mem::zeroed();
        std::ptr::copy_nonoverlapping(
            addr.cast::<u8>(),
            (&mut storage as *mut libc::sockaddr_storage).cast::<u8>(),
            len as usize,
        );
        socket2::SockAddr::new(storage, len)
    };
    sock.as_socket()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_lookup_and_back() {
        let hints = libc::addrinfo {
            ai_flags: libc::AI_NUMERICHOST | libc::AI_NUMERICSERV,
            ai_family: libc::AF_UNSPEC,
            ai_socktype: libc::SOCK_STREAM,
            ai_protocol: 0,
            ai_addrlen: 0,
            ai_addr: std::ptr::null_mut(),
            ai_canonname: std::ptr::null_mut(),
            ai_next: std::ptr::null_mut(),
        };
        let list = getaddrinfo(Some(c"127.0.0.1"), Some(c"8080"), Some(&hints)).unwrap();
        let addrs: Vec<_> = list.iter().filter_map(|e| e.address()).collect();
        assert_eq!(addrs, vec!["127.0.0.1:8080".parse::<SocketAddr>().unwrap()]);

        let storage = socket_addr_to_storage(&addrs[0]);
        assert_eq!(socket_addr_from_storage(&storage), Some(addrs[0]));
        let (mut host, mut service) = ([0u8; 64], [0u8; 32]);
        let flags = libc::NI_NUMERICHOST | libc::NI_NUMERICSERV;
        getnameinfo(&storage, &mut host, &mut service, flags).unwrap();
        assert_eq!(CStr::from_bytes_until_nul(&host).unwrap(), c"127.0.0.1");
        assert_eq!(CStr::from_bytes_until_nul(&service).unwrap(), c"8080");

        let err = getaddrinfo(Some(c"not a number"), None, Some(&hints)).err();
        assert_eq!(err, Some(Error::from_code(code::EAI_NONAME)));
    }
}
