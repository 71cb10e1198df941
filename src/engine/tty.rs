//! TTY handles: streams over a terminal (or a pipe or socket standing in
//! for one), with libuv's terminal modes and window size.
//!
//! A terminal is reopened for the handle so that making it non-blocking
//! does not change the file description other processes share; where that
//! is impossible (a pseudo-terminal's master end) the descriptor is kept as
//! it is and writes block, as in libuv.

use super::handle::{HandleId, Kind};
use super::stream::sflags;
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::net::{descriptor_kind, set_nonblocking, DescriptorKind};
use crate::sys::tty::{self as sys_tty, Termios};
use crate::sys::Descriptor;
use std::collections::HashMap;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};

/// libuv's `uv_tty_mode_t` values.
pub mod tty_mode {
    pub const NORMAL: i32 = 0;
    pub const RAW: i32 = 1;
    pub const IO: i32 = 2;
}

/// What a tty handle remembers besides its stream.
struct TtyState {
    mode: i32,
    /// The attributes it had when it last left normal mode.
    original: Option<Termios>,
}

#[derive(Default)]
pub(crate) struct Ttys(HashMap<HandleId, TtyState>);

/// The descriptor a tty handle should use for `fd`.
pub enum TtyDescriptor {
    /// The terminal reopened: the handle owns this one, and `fd` is left
    /// to its owner.
    Reopened(OwnedFd),
    /// `fd` itself, to be owned by the handle; `blocking_writes` when it is
    /// a terminal that could not be reopened.
    Same { blocking_writes: bool },
}

fn io_error(e: std::io::Error) -> Error {
    Error::from_io(&e)
}

impl Loop {
    /// Decides how a tty handle gets at `fd` (see [`TtyDescriptor`]).
    /// Regular files and descriptors that are not open are refused with
    /// `EINVAL`, as libuv refuses them.
    pub fn tty_descriptor(fd: RawFd) -> Result<TtyDescriptor> {
        match descriptor_kind(fd) {
            DescriptorKind::File | DescriptorKind::Unknown => Err(Error::from_code(code::EINVAL)),
            DescriptorKind::Tty => match sys_tty::reopen(fd) {
                Some(Ok(fresh)) => Ok(TtyDescriptor::Reopened(fresh)),
                Some(Err(e)) => Err(io_error(e)),
                None => {
                    let (_, writable) = sys_tty::access_mode(fd).map_err(io_error)?;
                    Ok(TtyDescriptor::Same {
                        blocking_writes: writable,
                    })
                }
            },
            _ => Ok(TtyDescriptor::Same {
                blocking_writes: false,
            }),
        }
    }

    /// Opens tty handle `id` (stream-initialised, as a pipe is) on `fd`,
    /// readable and writable as its access mode says; non-blocking unless
    /// `blocking_writes`.
    pub fn tty_open(
        &self,
        id: HandleId,
        fd: OwnedFd,
        blocking_writes: bool,
    ) -> std::result::Result<(), (Error, OwnedFd)> {
        if self.kind(id) != Some(Kind::Tty) {
            return Err((Error::from_code(code::EINVAL), fd));
        }
        let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
        let (readable, writable) = match sys_tty::access_mode(raw) {
            Ok(mode) => mode,
            Err(e) => return Err((io_error(e), fd)),
        };
        if !blocking_writes {
            if let Err(e) = set_nonblocking(fd.as_fd(), true) {
                return Err((io_error(e), fd));
            }
        }
        let mut bits = 0;
        if readable {
            bits |= sflags::READABLE;
        }
        if writable {
            bits |= sflags::WRITABLE;
        }
        self.stream_open_fd(id, Descriptor::owned(fd), bits)
            .map_err(|(e, fd)| (e, fd.into_owned().expect("owned stays owned")))?;
        self.ttys.borrow_mut().0.insert(
            id,
            TtyState {
                mode: tty_mode::NORMAL,
                original: None,
            },
        );
        Ok(())
    }

    /// Runs `f` on the handle's descriptor. `f` only makes system calls:
    /// nothing can reach the watchers while it runs.
    fn with_tty_fd<T>(&self, id: HandleId, f: impl FnOnce(BorrowedFd<'_>) -> T) -> Result<T> {
        let watchers = self.watchers.borrow();
        let fd = watchers
            .get(id)
            .and_then(|w| w.fd.as_ref())
            .ok_or(Error::from_code(code::EINVAL))?;
        Ok(f(fd.as_fd()))
    }

    /// Sets the terminal mode (libuv's `uv_tty_mode_t`: normal, raw, io).
    /// Leaving normal mode first saves the attributes to come back to, for
    /// this handle and, the first time in the process, for
    /// [`Loop::tty_reset_mode`]. A value that is no mode restores the
    /// saved attributes, as libuv does.
    pub fn tty_set_mode(&self, id: HandleId, mode: i32) -> Result<()> {
        let current = self
            .ttys
            .borrow()
            .0
            .get(&id)
            .map(|t| (t.mode, t.original))
            .ok_or(Error::from_code(code::EINVAL))?;
        if current.0 == mode {
            return Ok(());
        }
        let original = self.with_tty_fd(id, |fd| -> std::io::Result<Termios> {
            let original = match current {
                (tty_mode::NORMAL, _) | (_, None) => {
                    let t = sys_tty::attributes(fd)?;
                    sys_tty::remember_original(std::os::fd::AsRawFd::as_raw_fd(&fd), &t);
                    t
                }
                (_, Some(saved)) => saved,
            };
            let wanted = match mode {
                tty_mode::RAW => original.raw_input(),
                tty_mode::IO => original.binary(),
                _ => original,
            };
            sys_tty::set_attributes(fd, &wanted)?;
            Ok(original)
        })?;
        let original = original.map_err(io_error)?;
        if let Some(tty) = self.ttys.borrow_mut().0.get_mut(&id) {
            tty.mode = mode;
            tty.original = Some(original);
        }
        Ok(())
    }

    /// The terminal's window size as (columns, rows).
    pub fn tty_window_size(&self, id: HandleId) -> Result<(i32, i32)> {
        self.with_tty_fd(id, sys_tty::window_size)?
            .map_err(io_error)
    }

    /// Puts back the terminal attributes saved when a tty handle first
    /// left normal mode; safe to call from a signal handler (`EBUSY` if it
    /// interrupted the saving).
    pub fn tty_reset_mode() -> Result<()> {
        sys_tty::reset().map_err(io_error)
    }

    /// Forgets a closing tty handle's mode (its stream closes as any other).
    pub(crate) fn tty_close(&self, id: HandleId) {
        self.ttys.borrow_mut().0.remove(&id);
        self.stream_close(id);
    }
}
