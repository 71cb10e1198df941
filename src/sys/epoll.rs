//! Readiness notification with epoll, level-triggered.

use std::cell::Cell;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// Readiness bits, as epoll reports them.
pub mod ready {
    pub const READABLE: u32 = libc::EPOLLIN as u32;
    pub const WRITABLE: u32 = libc::EPOLLOUT as u32;
    pub const PRIORITY: u32 = libc::EPOLLPRI as u32;
    pub const HANGUP: u32 = libc::EPOLLHUP as u32;
    pub const READ_HANGUP: u32 = libc::EPOLLRDHUP as u32;
    pub const ERROR: u32 = libc::EPOLLERR as u32;
}

/// An epoll instance.
#[derive(Debug)]
pub struct Poller {
    fd: OwnedFd,
    /// Descriptors added and not yet deleted. A descriptor closed without
    /// being deleted leaves the kernel's set but stays counted, so the
    /// count may be too high, never too low.
    watched: Cell<usize>,
}

/// One readiness report: the token a descriptor was registered with and the
/// [`ready`] bits that fired.
#[derive(Clone, Copy, Debug)]
pub struct Event {
    pub token: u64,
    pub ready: u32,
}

/// A fixed buffer that [`Poller::wait`] fills; it never grows, so waiting
/// allocates nothing. Its entries are left uninitialised until the kernel
/// writes them: a loop that sees a few events a pass keeps only the buffer's
/// first page resident, not all 12 KiB of a 1024-entry buffer.
pub struct Events {
    /// The reports of the last wait are `buf[..buf.len()]`.
    buf: Vec<libc::epoll_event>,
}

impl Events {
    pub fn with_capacity(capacity: usize) -> Events {
        Events {
            buf: Vec::with_capacity(capacity.clamp(1, libc::c_int::MAX as usize)),
        }
    }

    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Forgets the last wait's reports.
    pub fn clear(&mut self) {
        self.buf.clear();
    }

    pub fn get(&self, index: usize) -> Option<Event> {
        let raw = self.buf.get(index)?;
        Some(Event {
            token: raw.u64,
            ready: raw.events,
        })
    }
}

impl Poller {
    pub fn new() -> io::Result<Poller> {
        let fd = syscall!(epoll_create1(libc::EPOLL_CLOEXEC))?;
        // SAFETY: epoll_create1 just returned this descriptor and nothing else owns it.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Poller {
            fd,
            watched: Cell::new(0),
        })
    }

    /// Replaces the instance with a new, empty one under the same descriptor
    /// number. A forked child shares its parent's instance until it does
    /// this (uv_loop_fork); the parent's is not touched.
    pub fn renew(&self) -> io::Result<()> {
        let fresh = Poller::new()?;
        replace_fd(&fresh.fd, &self.fd)?;
        self.watched.set(0);
        Ok(())
    }

    /// How many descriptors the instance may be watching: at least as many
    /// as it really does.
    pub fn watched(&self) -> usize {
        self.watched.get()
    }

    /// Starts watching `fd` for the `interest` bits, reporting `token`.
    pub fn add(&self, fd: RawFd, token: u64, interest: u32) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_ADD, fd, token, interest)?;
        self.watched.set(self.watched.get() + 1);
        Ok(())
    }

    /// Changes what `fd` is watched for.
    pub fn modify(&self, fd: RawFd, token: u64, interest: u32) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_MOD, fd, token, interest)
    }

    /// Stops watching `fd`.
    pub fn delete(&self, fd: RawFd) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_DEL, fd, 0, 0)?;
        self.watched.set(self.watched.get().saturating_sub(1));
        Ok(())
    }

    fn ctl(&self, op: libc::c_int, fd: RawFd, token: u64, interest: u32) -> io::Result<()> {
        let mut event = libc::epoll_event {
            events: interest,
            u64: token,
        };
        syscall!(epoll_ctl(self.fd.as_raw_fd(), op, fd, &mut event))?;
        Ok(())
    }

    /// Waits up to `timeout_ms` (-1: forever) for readiness. With
    /// `block_sigprof`, SIGPROF is blocked while waiting, so a profiler's
    /// timer does not cut every wait short. EINTR comes back as an error for
    /// the caller to recompute its timeout.
    pub fn wait(
        &self,
        events: &mut Events,
        timeout_ms: i32,
        block_sigprof: bool,
    ) -> io::Result<usize> {
        events.buf.clear();
        // At most c_int::MAX: with_capacity clamps the request.
        let capacity = events.buf.capacity().min(libc::c_int::MAX as usize) as libc::c_int;
        let n = if block_sigprof {
            // SAFETY: an all-zero sigset_t is a valid argument to sigemptyset.
            let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
            // SAFETY: `set` is a valid sigset_t we own.
            unsafe {
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGPROF);
            }
            syscall!(epoll_pwait(
                self.fd.as_raw_fd(),
                events.buf.as_mut_ptr(),
                capacity,
                timeout_ms,
                &set,
            ))?
        } else {
            syscall!(epoll_wait(
                self.fd.as_raw_fd(),
                events.buf.as_mut_ptr(),
                capacity,
                timeout_ms,
            ))?
        };
        // SAFETY: epoll_wait initialised the first `n` entries, and
        // `n <= capacity`.
        unsafe { events.buf.set_len(n as usize) };
        Ok(n as usize)
    }
}

impl AsRawFd for Poller {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

/// Makes `target`'s descriptor number name what `source` names (dup3,
/// which closes `target`'s old file first); `source` keeps its own number,
/// which its owner closes.
pub(crate) fn replace_fd(source: &OwnedFd, target: &OwnedFd) -> io::Result<()> {
    syscall!(dup3(
        source.as_raw_fd(),
        target.as_raw_fd(),
        libc::O_CLOEXEC
    ))?;
    Ok(())
}
