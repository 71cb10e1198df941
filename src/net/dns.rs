//! Name resolution: host names (and services) to socket addresses, and
//! addresses back to names.
//!
//! Each lookup comes in two forms, as in libuv: one that runs on the
//! calling thread and returns the result ([`lookup_host`], [`lookup`],
//! [`lookup_addr`]), and one that runs on the thread pool and calls back on
//! the loop thread with the loop and the result ([`lookup_host_async`],
//! [`lookup_async`], [`lookup_addr_async`]). Lookups use the C library's
//! resolver (`getaddrinfo`, `getnameinfo`), so `/etc/hosts`, `nsswitch.conf`
//! and the system's DNS settings apply.
//!
//! ```
//! use ruv::net::dns;
//!
//! let addrs = dns::lookup_host("127.0.0.1", 8080)?;
//! assert_eq!(addrs, ["127.0.0.1:8080".parse().unwrap()]);
//!
//! let names = dns::lookup_addr("127.0.0.1:80".parse().unwrap(), dns::NameFlags::NUMERIC_HOST)?;
//! assert_eq!(names.host, "127.0.0.1");
//! # Ok::<(), ruv::Error>(())
//! ```
//!
//! Lookups on the pool are slow I/O: at most half the pool's workers
//! (rounded up) resolve names at once, so a hanging DNS server cannot hold
//! back file I/O and other work. A lookup no worker has started can be
//! cancelled with the returned [`WorkRequest`]; its callback then gets
//! `EAI_CANCELED`.
//!
//! ```
//! use ruv::{net::dns, Loop, RunMode};
//!
//! let lp = Loop::new()?;
//! dns::lookup_host_async(&lp, "::1", 443, |_lp, result| {
//!     assert_eq!(result.unwrap(), ["[::1]:443".parse().unwrap()]);
//! })?;
//! lp.run(RunMode::Default);
//! # Ok::<(), ruv::Error>(())
//! ```
//!
//! Errors are libuv's: the resolver's failures are the `EAI_*` codes
//! (`EAI_NONAME` for a name that does not resolve), and a name that is
//! empty, has a NUL or is longer than 255 bytes once converted is `EINVAL`
//! at once, before anything is queued. Names are converted to ASCII first
//! as `uv_getaddrinfo` does: a label with non-ASCII characters becomes its
//! "xn--" Punycode form.

pub mod idna;
pub mod inet;

use crate::api::{Loop, WorkRequest};
use crate::engine::WorkClass;
use crate::error::{code, Error, Result};
use crate::sys;
use std::ffi::{CStr, CString};
use std::net::SocketAddr;

/// Which addresses a lookup asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Family {
    /// IPv4 and IPv6.
    #[default]
    Any,
    Ipv4,
    Ipv6,
}

/// For which kind of socket a lookup is made; each address comes back once
/// per socket type the resolver knows, so [`SocketType::Any`] gives
/// duplicates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SocketType {
    /// TCP (what `std::net::ToSocketAddrs` asks for too).
    #[default]
    Stream,
    /// UDP.
    Datagram,
    /// Every type.
    Any,
}

/// How [`lookup`] and [`lookup_async`] resolve: getaddrinfo's hints.
///
/// ```
/// use ruv::net::dns::{self, Family, LookupOptions};
///
/// let options = LookupOptions::new().family(Family::Ipv6).numeric_host(true);
/// let addrs = dns::lookup(Some("::1"), Some("80"), &options)?;
/// assert_eq!(addrs, ["[::1]:80".parse().unwrap()]);
/// // Not a numeric address: refused without asking DNS.
/// let err = dns::lookup(Some("localhost"), None, &options).unwrap_err();
/// assert_eq!(err.name(), "EAI_NONAME");
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LookupOptions {
    family: Family,
    socket_type: SocketType,
    flags: libc::c_int,
}

impl LookupOptions {
    /// Any family, stream sockets, no flags.
    pub fn new() -> LookupOptions {
        LookupOptions::default()
    }

    pub fn family(mut self, family: Family) -> LookupOptions {
        self.family = family;
        self
    }

    pub fn socket_type(mut self, socket_type: SocketType) -> LookupOptions {
        self.socket_type = socket_type;
        self
    }

    fn flag(mut self, flag: libc::c_int, on: bool) -> LookupOptions {
        if on {
            self.flags |= flag;
        } else {
            self.flags &= !flag;
        }
        self
    }

    /// `AI_NUMERICHOST`: the host must be a numeric address; nothing is
    /// looked up.
    pub fn numeric_host(self, on: bool) -> LookupOptions {
        self.flag(libc::AI_NUMERICHOST, on)
    }

    /// `AI_NUMERICSERV`: the service must be a port number.
    pub fn numeric_service(self, on: bool) -> LookupOptions {
        self.flag(libc::AI_NUMERICSERV, on)
    }

    /// `AI_PASSIVE`: with no host, the wildcard address (to bind to) rather
    /// than loopback.
    pub fn passive(self, on: bool) -> LookupOptions {
        self.flag(libc::AI_PASSIVE, on)
    }

    /// `AI_ADDRCONFIG`: only families the machine has an address for.
    pub fn address_config(self, on: bool) -> LookupOptions {
        self.flag(libc::AI_ADDRCONFIG, on)
    }

    /// `AI_V4MAPPED` (with [`Family::Ipv6`]): IPv4 results as
    /// IPv4-mapped IPv6 addresses when there are no IPv6 ones.
    pub fn v4_mapped(self, on: bool) -> LookupOptions {
        self.flag(libc::AI_V4MAPPED, on)
    }

    fn hints(&self) -> libc::addrinfo {
        libc::addrinfo {
            ai_flags: self.flags,
            ai_family: match self.family {
                Family::Any => libc::AF_UNSPEC,
                Family::Ipv4 => libc::AF_INET,
                Family::Ipv6 => libc::AF_INET6,
            },
            ai_socktype: match self.socket_type {
                SocketType::Stream => libc::SOCK_STREAM,
                SocketType::Datagram => libc::SOCK_DGRAM,
                SocketType::Any => 0,
            },
            ai_protocol: 0,
            ai_addrlen: 0,
            ai_addr: std::ptr::null_mut(),
            ai_canonname: std::ptr::null_mut(),
            ai_next: std::ptr::null_mut(),
        }
    }
}

/// A lookup ready to run: everything checked and converted on the caller's
/// thread, as `uv_getaddrinfo` does before it queues anything.
struct Query {
    host: Option<CString>,
    service: Option<CString>,
    options: LookupOptions,
    /// Put on every address (for [`lookup_host`]).
    port: Option<u16>,
}

impl Query {
    fn new(host: Option<&str>, service: Option<&str>, options: &LookupOptions) -> Result<Query> {
        if host.is_none() && service.is_none() {
            return Err(Error::from_code(code::EINVAL));
        }
        let host = match host {
            Some(host) => {
                let mut buf = [0u8; idna::HOST_BUFFER];
                let len = idna::to_ascii(host.as_bytes(), &mut buf)?;
                Some(CString::new(&buf[..len]).map_err(|_| Error::from_code(code::EINVAL))?)
            }
            None => None,
        };
        let service = service
            .map(CString::new)
            .transpose()
            .map_err(|_| Error::from_code(code::EINVAL))?;
        Ok(Query {
            host,
            service,
            options: *options,
            port: None,
        })
    }

    fn run(&self) -> Result<Vec<SocketAddr>> {
        let list = sys::dns::getaddrinfo(
            self.host.as_deref(),
            self.service.as_deref(),
            Some(&self.options.hints()),
        )?;
        Ok(list
            .iter()
            .filter_map(|entry| entry.address())
            .map(|mut addr| {
                if let Some(port) = self.port {
                    addr.set_port(port);
                }
                addr
            })
            .collect())
    }
}

/// Queues `job` as slow I/O; `cb` gets its result on the loop thread, or
/// `EAI_CANCELED` when it was cancelled before a worker took it.
fn submit<T: Send + 'static>(
    lp: &Loop,
    job: impl FnOnce() -> Result<T> + Send + 'static,
    cb: impl FnOnce(&Loop, Result<T>) + 'static,
) -> Result<WorkRequest> {
    lp.queue_work_class(WorkClass::SlowIo, job, move |lp, result| {
        let result = result
            .map_err(|err| match err.code() {
                code::ECANCELED => Error::from_code(code::EAI_CANCELED),
                _ => err,
            })
            .and_then(|r| r);
        cb(lp, result)
    })
}

fn host_query(host: &str, port: u16) -> Result<Query> {
    let mut query = Query::new(Some(host), None, &LookupOptions::new())?;
    query.port = Some(port);
    Ok(query)
}

/// The addresses of `host` (a name or a numeric address), each with
/// `port`, for stream sockets, in the resolver's order.
///
/// ```
/// let addrs = ruv::net::dns::lookup_host("localhost", 80)?;
/// assert!(addrs.iter().all(|a| a.ip().is_loopback() && a.port() == 80));
/// # Ok::<(), ruv::Error>(())
/// ```
pub fn lookup_host(host: &str, port: u16) -> Result<Vec<SocketAddr>> {
    host_query(host, port)?.run()
}

/// [`lookup_host`] on the thread pool; `cb` gets the addresses on the loop
/// thread.
pub fn lookup_host_async(
    lp: &Loop,
    host: &str,
    port: u16,
    cb: impl FnOnce(&Loop, Result<Vec<SocketAddr>>) + 'static,
) -> Result<WorkRequest> {
    let query = host_query(host, port)?;
    submit(lp, move || query.run(), cb)
}

/// The addresses for `host` and `service` (a port number or a name from
/// `/etc/services`); at least one of them must be given. Without a host,
/// the loopback address, or the wildcard one with
/// [`passive`](LookupOptions::passive).
pub fn lookup(
    host: Option<&str>,
    service: Option<&str>,
    options: &LookupOptions,
) -> Result<Vec<SocketAddr>> {
    Query::new(host, service, options)?.run()
}

/// [`lookup`] on the thread pool; `cb` gets the addresses on the loop
/// thread.
///
/// ```
/// use ruv::net::dns::{self, LookupOptions};
/// use ruv::{Loop, RunMode};
///
/// let lp = Loop::new()?;
/// let options = LookupOptions::new().numeric_host(true);
/// dns::lookup_async(&lp, Some("not-an-address"), None, &options, |_lp, result| {
///     assert_eq!(result.unwrap_err().name(), "EAI_NONAME");
/// })?;
/// lp.run(RunMode::Default);
/// # Ok::<(), ruv::Error>(())
/// ```
pub fn lookup_async(
    lp: &Loop,
    host: Option<&str>,
    service: Option<&str>,
    options: &LookupOptions,
    cb: impl FnOnce(&Loop, Result<Vec<SocketAddr>>) + 'static,
) -> Result<WorkRequest> {
    let query = Query::new(host, service, options)?;
    submit(lp, move || query.run(), cb)
}

/// getnameinfo's flags for [`lookup_addr`]; combine them with `|`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NameFlags(libc::c_int);

impl NameFlags {
    /// Look both names up.
    pub const NONE: NameFlags = NameFlags(0);
    /// `NI_NUMERICHOST`: the host as a numeric address.
    pub const NUMERIC_HOST: NameFlags = NameFlags(libc::NI_NUMERICHOST);
    /// `NI_NUMERICSERV`: the service as a port number.
    pub const NUMERIC_SERVICE: NameFlags = NameFlags(libc::NI_NUMERICSERV);
    /// `NI_NAMEREQD`: fail (`EAI_NONAME`) rather than give a numeric host.
    pub const NAME_REQUIRED: NameFlags = NameFlags(libc::NI_NAMEREQD);
    /// `NI_NOFQDN`: only the host part of a local name.
    pub const NO_FQDN: NameFlags = NameFlags(libc::NI_NOFQDN);
    /// `NI_DGRAM`: the service name for UDP rather than TCP.
    pub const DATAGRAM: NameFlags = NameFlags(libc::NI_DGRAM);

    /// The raw `NI_*` bits.
    pub fn bits(self) -> libc::c_int {
        self.0
    }
}

impl std::ops::BitOr for NameFlags {
    type Output = NameFlags;
    fn bitor(self, other: NameFlags) -> NameFlags {
        NameFlags(self.0 | other.0)
    }
}

/// What [`lookup_addr`] found: the host and service names of an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameInfo {
    pub host: String,
    pub service: String,
}

/// The host and service names of `addr` (reverse lookup).
///
/// ```
/// use ruv::net::dns::{self, NameFlags};
///
/// let flags = NameFlags::NUMERIC_HOST | NameFlags::NUMERIC_SERVICE;
/// let names = dns::lookup_addr("[::1]:8080".parse().unwrap(), flags)?;
/// assert_eq!((names.host.as_str(), names.service.as_str()), ("::1", "8080"));
/// # Ok::<(), ruv::Error>(())
/// ```
pub fn lookup_addr(addr: SocketAddr, flags: NameFlags) -> Result<NameInfo> {
    let storage = sys::dns::socket_addr_to_storage(&addr);
    let mut host = [0u8; libc::NI_MAXHOST as usize];
    let mut service = [0u8; 32];
    sys::dns::getnameinfo(&storage, &mut host, &mut service, flags.0)?;
    let text = |buf: &[u8]| {
        let name = CStr::from_bytes_until_nul(buf).map_or(&[][..], CStr::to_bytes);
        String::from_utf8_lossy(name).into_owned()
    };
    Ok(NameInfo {
        host: text(&host),
        service: text(&service),
    })
}

/// [`lookup_addr`] on the thread pool; `cb` gets the names on the loop
/// thread.
pub fn lookup_addr_async(
    lp: &Loop,
    addr: SocketAddr,
    flags: NameFlags,
    cb: impl FnOnce(&Loop, Result<NameInfo>) + 'static,
) -> Result<WorkRequest> {
    submit(lp, move || lookup_addr(addr, flags), cb)
}
