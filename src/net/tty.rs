//! [`Tty`]: a stream over a terminal, with libuv's terminal modes.

use super::callbacks::Io;
use super::stream::{discard, net_handle, new_handle, stream_io};
use crate::api::handle::Core;
use crate::api::Loop;
use crate::engine::{tty_mode, Kind, Loop as Engine, TtyDescriptor};
use crate::error::Result;
use std::os::fd::{AsRawFd, OwnedFd};
use std::rc::Rc;

/// How a terminal treats what is typed and written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TtyMode {
    /// As the terminal was: line editing, echo, keys that send signals.
    Normal,
    /// Input byte by byte, no echo, no signals from keys; output still
    /// turns "\n" into "\r\n".
    Raw,
    /// Binary-safe both ways.
    Io,
}

/// A stream over a terminal (or over a pipe or socket standing in for
/// one). Reads and writes work as on [`Pipe`](super::Pipe).
///
/// A terminal gets a file description of its own for the handle, so that
/// making it non-blocking does not reach other processes sharing it (a
/// pseudo-terminal's master end cannot be reopened: its writes block).
///
/// ```
/// use ruv::net::{Tty, TtyMode};
/// use ruv::{Loop, RunMode};
///
/// let lp = Loop::new()?;
/// let (master, slave) = ruv::sys::tty::open_pty()?;
/// let tty = Tty::open(&lp, slave)?;
/// tty.set_mode(TtyMode::Raw)?;
/// tty.write(b"hi\n".to_vec())?;
/// lp.run(RunMode::Default);
/// let mut out = [0; 4];
/// std::io::Read::read_exact(&mut std::fs::File::from(master), &mut out)?;
/// assert_eq!(&out, b"hi\r\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[must_use = "dropping the last clone of a handle closes it"]
pub struct Tty {
    core: Rc<Core>,
    io: Rc<Io<Tty>>,
}

net_handle!(Tty);
stream_io!(Tty);

impl Tty {
    /// Opens a tty handle on `fd`, which it closes with the handle.
    /// Regular files are refused with `EINVAL`.
    pub fn open(lp: &Loop, fd: impl Into<OwnedFd>) -> Result<Tty> {
        let fd = fd.into();
        let (fd, blocking_writes) = match Engine::tty_descriptor(fd.as_raw_fd())? {
            // `fd` now shares the reopened file; the handle uses its own.
            TtyDescriptor::Reopened(fresh) => (fresh, false),
            TtyDescriptor::Same { blocking_writes } => (fd, blocking_writes),
        };
        let tty: Tty = new_handle(lp, Kind::Tty, false);
        match lp.engine.tty_open(tty.core.id(), fd, blocking_writes) {
            Ok(()) => Ok(tty),
            Err((e, _closed)) => {
                discard(tty);
                Err(e)
            }
        }
    }

    /// Sets the terminal mode. Leaving normal mode saves the terminal's
    /// attributes, which [`Tty::reset_mode`] puts back.
    pub fn set_mode(&self, mode: TtyMode) -> Result<()> {
        let mode = match mode {
            TtyMode::Normal => tty_mode::NORMAL,
            TtyMode::Raw => tty_mode::RAW,
            TtyMode::Io => tty_mode::IO,
        };
        self.core.lp.engine.tty_set_mode(self.core.id(), mode)
    }

    /// The window size as (columns, rows).
    pub fn window_size(&self) -> Result<(i32, i32)> {
        self.core.lp.engine.tty_window_size(self.core.id())
    }

    /// Puts back the attributes the first terminal to leave normal mode
    /// had (for a program's way out, a signal handler included).
    pub fn reset_mode() -> Result<()> {
        Engine::tty_reset_mode()
    }
}
