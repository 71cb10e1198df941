//! Datagram sockets: whole datagrams with their addresses, one at a time
//! (sendmsg / recvmsg) or in batches (sendmmsg / recvmmsg), as libuv's UDP
//! handles send and receive them.

use crate::sys::buf::RawBuf;
use socket2::SockAddr;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, BorrowedFd};

/// The most datagrams one batch call carries (libuv sends and receives up
/// to 20 at once).
pub const BATCH: usize = 20;

/// The bytes of one outgoing datagram.
#[derive(Clone, Copy)]
pub enum Payload<'a> {
    /// Lent buffers, sent in order as one datagram.
    Lent(&'a [RawBuf]),
    /// Bytes the caller owns.
    Bytes(&'a [u8]),
}

/// One outgoing datagram: its bytes and, unless the socket is connected,
/// where it goes.
#[derive(Clone, Copy)]
pub struct Outgoing<'a> {
    pub payload: Payload<'a>,
    pub addr: Option<&'a SockAddr>,
}

/// Where an incoming datagram lands.
pub enum Landing<'a> {
    /// A buffer the host lent.
    Lent(RawBuf),
    /// The engine's own buffer.
    Bytes(&'a mut [u8]),
}

/// One datagram received: how many bytes landed, who sent it, and whether
/// it was longer than the buffer (the rest is lost, MSG_TRUNC).
pub struct Received {
    pub len: usize,
    pub addr: SockAddr,
    pub truncated: bool,
}

impl Received {
    /// A placeholder for a batch receive to fill in.
    pub fn empty() -> Received {
        Received {
            len: 0,
            addr: empty_addr(),
            truncated: false,
        }
    }
}

fn empty_addr() -> SockAddr {
    // SAFETY: an all-zero sockaddr_storage of length 0 is a valid (empty)
    // address; SockAddr only reads the first `len` bytes.
    unsafe { SockAddr::new(std::mem::zeroed(), 0) }
}

fn retry<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            other => return other,
        }
    }
}

/// Points `header` at one datagram's bytes and address. `single` is where a
/// `Bytes` payload's iovec lives; it must stay put while `header` is used.
fn describe(header: &mut libc::msghdr, out: &Outgoing<'_>, single: *mut libc::iovec) {
    match out.payload {
        Payload::Lent(bufs) => {
            // RawBuf is laid out as struct iovec.
            header.msg_iov = bufs.as_ptr() as *mut libc::iovec;
            header.msg_iovlen = bufs.len();
        }
        Payload::Bytes(bytes) => {
            // SAFETY: `single` points at an iovec the caller keeps alive
            // for as long as `header`.
            unsafe {
                *single = libc::iovec {
                    iov_base: bytes.as_ptr() as *mut libc::c_void,
                    iov_len: bytes.len(),
                };
            }
            header.msg_iov = single;
            header.msg_iovlen = 1;
        }
    }
    if let Some(addr) = out.addr {
        header.msg_name = addr.as_ptr() as *mut libc::c_void;
        header.msg_namelen = addr.len();
    }
}

/// Sends one datagram; returns its length.
pub fn send_msg(fd: BorrowedFd<'_>, out: &Outgoing<'_>) -> io::Result<usize> {
    let mut single = libc::iovec {
        iov_base: std::ptr::null_mut(),
        iov_len: 0,
    };
    // SAFETY: an all-zero msghdr is valid; `describe` fills it in.
    let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
    describe(&mut header, out, &mut single);
    // The header points at the caller's buffers and address, and at
    // `single`, all alive for the call.
    retry(|| syscall!(sendmsg(fd.as_raw_fd(), &header, 0))).map(|n| n as usize)
}

/// Sends up to [`BATCH`] datagrams in one call (the first ones `batch`
/// yields); returns how many went out (at least one, or an error about the
/// first). Only the entries used are set up: a single send does not pay
/// for twenty.
pub fn send_batch<'a>(
    fd: BorrowedFd<'_>,
    batch: impl IntoIterator<Item = Outgoing<'a>>,
) -> io::Result<usize> {
    let mut singles = [const { MaybeUninit::<libc::iovec>::uninit() }; BATCH];
    let mut headers = [const { MaybeUninit::<libc::mmsghdr>::uninit() }; BATCH];
    let mut count = 0;
    for out in batch.into_iter().take(BATCH) {
        // SAFETY: an all-zero mmsghdr is valid; `describe` fills it in.
        let header = headers[count].write(unsafe { std::mem::zeroed() });
        // `singles[count]` outlives the call; `describe` writes it before
        // the header points at it.
        describe(&mut header.msg_hdr, &out, singles[count].as_mut_ptr());
        count += 1;
    }
    if count == 0 {
        return Ok(0);
    }
    // The first `count` headers are initialised above and point at the
    // caller's buffers and addresses, or at `singles`, all alive for the call.
    retry(|| {
        syscall!(sendmmsg(
            fd.as_raw_fd(),
            headers.as_mut_ptr() as *mut libc::mmsghdr,
            count as libc::c_uint,
            0
        ))
    })
    .map(|n| n as usize)
}

/// Receives one datagram.
pub fn recv_msg(fd: BorrowedFd<'_>, landing: Landing<'_>) -> io::Result<Received> {
    let mut iov = match landing {
        Landing::Lent(buf) => libc::iovec {
            iov_base: buf.base() as *mut libc::c_void,
            iov_len: buf.len(),
        },
        Landing::Bytes(bytes) => libc::iovec {
            iov_base: bytes.as_mut_ptr() as *mut libc::c_void,
            iov_len: bytes.len(),
        },
    };
    // SAFETY: all-zero storage and msghdr are valid; set up below.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
    header.msg_name = &mut storage as *mut libc::sockaddr_storage as *mut libc::c_void;
    header.msg_namelen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    header.msg_iov = &mut iov;
    header.msg_iovlen = 1;
    // The iovec is a loan its maker vouched for, or our own slice.
    let len = retry(|| syscall!(recvmsg(fd.as_raw_fd(), &mut header, 0)))? as usize;
    // SAFETY: recvmsg filled `storage` with an address of msg_namelen bytes.
    let addr = unsafe { SockAddr::new(storage, header.msg_namelen) };
    Ok(Received {
        len,
        addr,
        truncated: header.msg_flags & libc::MSG_TRUNC != 0,
    })
}

/// Receives up to `out.len()` (at most [`BATCH`]) datagrams in one call,
/// the k-th into bytes `k * chunk ..` of `buf`, each `chunk` long; returns
/// how many arrived, their details in `out`.
pub fn recv_batch(
    fd: BorrowedFd<'_>,
    buf: RawBuf,
    chunk: usize,
    out: &mut [Received],
) -> io::Result<usize> {
    let count = out.len().min(BATCH).min(buf.len() / chunk.max(1));
    // SAFETY: all-zero iovecs, mmsghdrs and storage are valid; set up below.
    let mut iovs: [libc::iovec; BATCH] = unsafe { std::mem::zeroed() };
    let mut headers: [libc::mmsghdr; BATCH] = unsafe { std::mem::zeroed() };
    let mut peers: [libc::sockaddr_storage; BATCH] = unsafe { std::mem::zeroed() };
    let iovs_ptr = iovs.as_mut_ptr();
    let peers_ptr = peers.as_mut_ptr();
    for (k, header) in headers[..count].iter_mut().enumerate() {
        let window = buf.window(k * chunk, chunk);
        // SAFETY: k < BATCH; both arrays outlive the call.
        unsafe {
            *iovs_ptr.add(k) = libc::iovec {
                iov_base: window.base() as *mut libc::c_void,
                iov_len: window.len(),
            };
            header.msg_hdr.msg_iov = iovs_ptr.add(k);
            header.msg_hdr.msg_name = peers_ptr.add(k) as *mut libc::c_void;
        }
        header.msg_hdr.msg_iovlen = 1;
        header.msg_hdr.msg_namelen =
            std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    }
    // Each iovec is a window of the loan its maker vouched for.
    let got = retry(|| {
        syscall!(recvmmsg(
            fd.as_raw_fd(),
            headers.as_mut_ptr(),
            count as libc::c_uint,
            0,
            std::ptr::null_mut()
        ))
    })? as usize;
    for (k, slot) in out[..got].iter_mut().enumerate() {
        let header = &headers[k];
        // SAFETY: recvmmsg filled peer k with an address of msg_namelen bytes.
        let addr = unsafe { SockAddr::new(peers[k], header.msg_hdr.msg_namelen) };
        *slot = Received {
            len: header.msg_len as usize,
            addr,
            truncated: header.msg_hdr.msg_flags & libc::MSG_TRUNC != 0,
        };
    }
    Ok(got)
}

/// Dissolves a datagram socket's association (connect to AF_UNSPEC). The
/// EAFNOSUPPORT some kernels answer with is success here, as for libuv.
pub fn disconnect(fd: BorrowedFd<'_>) -> io::Result<()> {
    // SAFETY: an all-zero sockaddr is valid; AF_UNSPEC is 0.
    let addr: libc::sockaddr = unsafe { std::mem::zeroed() };
    let outcome = retry(|| {
        syscall!(connect(
            fd.as_raw_fd(),
            &addr,
            std::mem::size_of::<libc::sockaddr>() as libc::socklen_t
        ))
    });
    match outcome {
        Err(e) if e.raw_os_error() != Some(libc::EAFNOSUPPORT) => Err(e),
        _ => Ok(()),
    }
}
