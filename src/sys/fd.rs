//! A descriptor a handle works on: either its own (closed with the handle)
//! or lent by the caller (uv_poll_init), which stays open.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

#[derive(Debug)]
pub struct Descriptor(Inner);

#[derive(Debug)]
enum Inner {
    Owned(OwnedFd),
    Lent(RawFd),
}

impl Descriptor {
    pub fn owned(fd: OwnedFd) -> Descriptor {
        Descriptor(Inner::Owned(fd))
    }

    /// # Safety
    /// `fd` stays open for as long as the returned value lives.
    pub unsafe fn lend(fd: RawFd) -> Descriptor {
        Descriptor(Inner::Lent(fd))
    }

    pub fn raw(&self) -> RawFd {
        match &self.0 {
            Inner::Owned(fd) => fd.as_raw_fd(),
            Inner::Lent(fd) => *fd,
        }
    }

    /// The descriptor if it is ours to close; a lent one is just forgotten.
    pub fn into_owned(self) -> Option<OwnedFd> {
        match self.0 {
            Inner::Owned(fd) => Some(fd),
            Inner::Lent(_) => None,
        }
    }
}

impl AsFd for Descriptor {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match &self.0 {
            Inner::Owned(fd) => fd.as_fd(),
            // SAFETY: `lend`'s caller promised the descriptor outlives us.
            Inner::Lent(fd) => unsafe { BorrowedFd::borrow_raw(*fd) },
        }
    }
}
