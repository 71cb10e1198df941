//! Network interfaces: their addresses (getifaddrs) and the index ↔ name
//! mapping (if_indextoname, if_nametoindex).

use crate::error::{Error, Result};
use std::ffi::{CStr, CString};
use std::net::SocketAddr;
use std::ptr::NonNull;

/// One address of an interface that is up and running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceAddress {
    pub name: CString,
    /// The hardware address of the interface (or of the interface an
    /// alias such as "eth0:1" belongs to); zeros when it has none.
    pub phys_addr: [u8; 6],
    /// True for loopback interfaces.
    pub is_internal: bool,
    pub address: SocketAddr,
    /// None when the kernel reported no netmask.
    pub netmask: Option<SocketAddr>,
}

/// The list getifaddrs returns, freed on drop.
struct IfAddrs(NonNull<libc::ifaddrs>);

impl IfAddrs {
    fn get() -> Result<IfAddrs> {
        let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
        syscall!(getifaddrs(&mut head)).map_err(|e| Error::from_io(&e))?;
        NonNull::new(head)
            .map(IfAddrs)
            .ok_or(Error::from_code(crate::error::code::ENOMEM))
    }

    fn iter(&self) -> impl Iterator<Item = &libc::ifaddrs> {
        let mut next = Some(self.0);
        std::iter::from_fn(move || {
            // SAFETY: every node lives until the list is freed in drop,
            // which the iterator's borrow of `self` prevents.
            let entry = unsafe { next?.as_ref() };
            next = NonNull::new(entry.ifa_next);
            Some(entry)
        })
    }
}

impl Drop for IfAddrs {
    fn drop(&mut self) {
        // SAFETY: the list came from getifaddrs and is freed once, here.
        unsafe { libc::freeifaddrs(self.0.as_ptr()) };
    }
}

/// An entry's family, for entries of interfaces that are up and running
/// and carry an address; None for the rest.
fn usable_family(entry: &libc::ifaddrs) -> Option<libc::c_int> {
    let up = (libc::IFF_UP | libc::IFF_RUNNING) as libc::c_uint;
    if entry.ifa_flags & up != up || entry.ifa_addr.is_null() {
        return None;
    }
    // SAFETY: a non-NULL ifa_addr points to a socket address.
    Some(libc::c_int::from(unsafe { (*entry.ifa_addr).sa_family }))
}

/// # Safety
/// `addr` is NULL or a socket address from getifaddrs.
unsafe fn ifa_socket_addr(addr: *const libc::sockaddr) -> Option<SocketAddr> {
    if addr.is_null() {
        return None;
    }
    // SAFETY: a socket address of its family's size (per the caller).
    let len = match libc::c_int::from(unsafe { (*addr).sa_family }) {
        libc::AF_INET => std::mem::size_of::<libc::sockaddr_in>(),
        libc::AF_INET6 => std::mem::size_of::<libc::sockaddr_in6>(),
        _ => return None,
    };
    // SAFETY: as above.
    unsafe { super::dns::socket_addr_from_raw(addr, len as libc::socklen_t) }
}

/// The IPv4 and IPv6 addresses of the interfaces that are up and running,
/// in the kernel's order, each with its interface's hardware address, as
/// libuv lists them.
pub fn interface_addresses() -> Result<Vec<InterfaceAddress>> {
    let list = IfAddrs::get()?;
    let mut out = Vec::new();
    for entry in list.iter() {
        match usable_family(entry) {
            Some(libc::AF_PACKET) | None => continue,
            Some(_) => {}
        }
        // SAFETY: a usable entry's address is a valid socket address.
        let Some(address) = (unsafe { ifa_socket_addr(entry.ifa_addr) }) else {
            continue;
        };
        out.push(InterfaceAddress {
            // SAFETY: ifa_name is a NUL-terminated string.
            name: unsafe { CStr::from_ptr(entry.ifa_name) }.to_owned(),
            phys_addr: [0; 6],
            is_internal: entry.ifa_flags & libc::IFF_LOOPBACK as libc::c_uint != 0,
            address,
            // SAFETY: NULL or a socket address, as the kernel gave it.
            netmask: unsafe { ifa_socket_addr(entry.ifa_netmask) },
        });
    }
    // The link-layer entries carry the hardware addresses; an alias such as
    // "eth0:1" shares its interface's.
    for entry in list.iter() {
        if usable_family(entry) != Some(libc::AF_PACKET) {
            continue;
        }
        // SAFETY: an AF_PACKET entry's address is a sockaddr_ll; the name
        // is a NUL-terminated string.
        let (hw, name) = unsafe {
            let ll = &*(entry.ifa_addr as *const libc::sockaddr_ll);
            (ll.sll_addr, CStr::from_ptr(entry.ifa_name).to_bytes())
        };
        for address in &mut out {
            let full = address.name.to_bytes();
            let owner = full.strip_prefix(name);
            if matches!(owner, Some(rest) if rest.is_empty() || rest[0] == b':') {
                address.phys_addr.copy_from_slice(&hw[..6]);
            }
        }
    }
    Ok(out)
}

/// The name of the interface with this index (if_indextoname): ENXIO when
/// there is none.
pub fn index_to_name(index: u32) -> Result<CString> {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: `buf` has the IF_NAMESIZE bytes if_indextoname writes at most.
    let name = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
    if name.is_null() {
        return Err(Error::last_os_error());
    }
    // SAFETY: on success `buf` holds a NUL-terminated name.
    Ok(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_owned())
}

/// The index of the interface with this name (if_nametoindex); 0 when
/// there is none.
pub fn name_to_index(name: &CStr) -> u32 {
    // SAFETY: a NUL-terminated string.
    unsafe { libc::if_nametoindex(name.as_ptr()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_listed_and_named() {
        let all = interface_addresses().unwrap();
        let lo = all
            .iter()
            .find(|a| a.address == "127.0.0.1:0".parse().unwrap())
            .expect("127.0.0.1 is an interface address");
        assert!(lo.is_internal);
        assert_eq!(lo.phys_addr, [0; 6]);
        let index = name_to_index(&lo.name);
        assert_ne!(index, 0);
        assert_eq!(index_to_name(index).unwrap(), lo.name);
        assert_eq!(name_to_index(c"no-such-interface"), 0);
    }
}
