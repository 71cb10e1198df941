//! An eventfd used as a wake-up signal for a loop blocked in epoll.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

#[derive(Debug)]
pub struct EventFd {
    fd: OwnedFd,
}

impl EventFd {
    pub fn new() -> io::Result<EventFd> {
        let fd = syscall!(eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK))?;
        // SAFETY: eventfd just returned this descriptor and nothing else owns it.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(EventFd { fd })
    }

    /// Replaces the counter with a new one (at 0) under the same descriptor
    /// number: after a fork, parent and child must not wake each other.
    pub fn renew(&self) -> io::Result<()> {
        let fresh = EventFd::new()?;
        super::epoll::replace_fd(&fresh.fd, &self.fd)?;
        // The new file is non-blocking and close-on-exec like the old one:
        // dup3 copies the file (with its status flags) and sets CLOEXEC.
        Ok(())
    }

    /// Makes the descriptor readable. EAGAIN means the counter is already
    /// huge, which still means "signalled", so it is not an error.
    pub fn notify(&self) {
        let one: u64 = 1;
        loop {
            let res = syscall!(write(
                self.fd.as_raw_fd(),
                &one as *const u64 as *const libc::c_void,
                8
            ));
            match res {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                _ => return,
            }
        }
    }

    /// Resets the counter so the descriptor stops being readable.
    pub fn drain(&self) {
        let mut value: u64 = 0;
        loop {
            let res = syscall!(read(
                self.fd.as_raw_fd(),
                &mut value as *mut u64 as *mut libc::c_void,
                8
            ));
            match res {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                _ => return,
            }
        }
    }
}

impl AsRawFd for EventFd {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}
