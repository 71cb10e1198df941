//! Gathered writes: the buffers of several queued requests sent with one
//! `writev`.

use crate::sys::buf::RawBuf;
use std::io;
use std::marker::PhantomData;
use std::os::fd::{AsRawFd, BorrowedFd};

/// The buffers of one gathered write, in order: hosts' loans, and bytes
/// borrowed for as long as the list lives.
pub struct IoList<'a> {
    iov: [libc::iovec; IoList::CAPACITY],
    len: usize,
    bytes: PhantomData<&'a [u8]>,
}

impl<'a> IoList<'a> {
    /// How many buffers one list holds.
    pub const CAPACITY: usize = 64;

    pub fn new() -> IoList<'a> {
        IoList {
            iov: [libc::iovec {
                iov_base: std::ptr::null_mut(),
                iov_len: 0,
            }; IoList::CAPACITY],
            len: 0,
            bytes: PhantomData,
        }
    }

    /// Adds loans, all or none: false if they do not all fit.
    pub fn push_lent(&mut self, bufs: &[RawBuf]) -> bool {
        if bufs.len() > IoList::CAPACITY - self.len {
            return false;
        }
        for (slot, buf) in self.iov[self.len..].iter_mut().zip(bufs) {
            slot.iov_base = buf.base() as *mut libc::c_void;
            slot.iov_len = buf.len();
        }
        self.len += bufs.len();
        true
    }

    /// Adds bytes: false if the list is full.
    pub fn push_bytes(&mut self, bytes: &'a [u8]) -> bool {
        if self.len == IoList::CAPACITY {
            return false;
        }
        self.iov[self.len] = libc::iovec {
            iov_base: bytes.as_ptr() as *mut libc::c_void,
            iov_len: bytes.len(),
        };
        self.len += 1;
        true
    }

    /// Writes the list in order with one `writev`; how much the kernel took.
    pub fn write(&self, fd: BorrowedFd<'_>) -> io::Result<usize> {
        // Each entry is a readable loan (RawBuf's contract) or borrowed
        // bytes that outlive the list.
        super::io::retry(|| {
            syscall!(writev(
                fd.as_raw_fd(),
                self.iov.as_ptr(),
                self.len as libc::c_int
            ))
        })
        .map(|n| n as usize)
    }
}

impl Default for IoList<'_> {
    fn default() -> Self {
        IoList::new()
    }
}
