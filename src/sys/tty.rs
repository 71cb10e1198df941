//! Terminals: reopening a terminal for a handle of its own, terminal
//! attributes (termios), the window size, and the saved attributes that
//! `uv_tty_reset_mode` puts back, from a signal handler if need be.

use std::cell::UnsafeCell;
use std::ffi::CStr;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// A terminal's attributes.
#[derive(Clone, Copy)]
pub struct Termios(libc::termios);

impl Termios {
    /// Raw input as libuv's UV_TTY_MODE_RAW sets it: no echo, no line
    /// editing, no signals from keys, bytes as they come; output still
    /// turns "\n" into "\r\n".
    pub fn raw_input(&self) -> Termios {
        let mut t = self.0;
        t.c_iflag &= !(libc::BRKINT | libc::ICRNL | libc::INPCK | libc::ISTRIP | libc::IXON);
        t.c_oflag |= libc::ONLCR;
        t.c_cflag |= libc::CS8;
        t.c_lflag &= !(libc::ECHO | libc::ICANON | libc::IEXTEN | libc::ISIG);
        t.c_cc[libc::VMIN] = 1;
        t.c_cc[libc::VTIME] = 0;
        Termios(t)
    }

    /// Binary-safe in both directions (cfmakeraw), for UV_TTY_MODE_IO.
    pub fn binary(&self) -> Termios {
        let mut t = self.0;
        // SAFETY: cfmakeraw only rewrites the struct it is given.
        unsafe { libc::cfmakeraw(&mut t) };
        Termios(t)
    }
}

/// The terminal's current attributes.
pub fn attributes(fd: BorrowedFd<'_>) -> io::Result<Termios> {
    // SAFETY: an all-zero termios is a valid buffer for tcgetattr.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    syscall!(tcgetattr(fd.as_raw_fd(), &mut t))?;
    Ok(Termios(t))
}

/// Sets the attributes once pending output has been written (TCSADRAIN).
pub fn set_attributes(fd: BorrowedFd<'_>, t: &Termios) -> io::Result<()> {
    loop {
        match syscall!(tcsetattr(fd.as_raw_fd(), libc::TCSADRAIN, &t.0)) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other.map(drop),
        }
    }
}

/// The window size as (columns, rows).
pub fn window_size(fd: BorrowedFd<'_>) -> io::Result<(i32, i32)> {
    // SAFETY: an all-zero winsize is a valid buffer for TIOCGWINSZ.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    syscall!(ioctl(fd.as_raw_fd(), libc::TIOCGWINSZ, &mut ws))?;
    Ok((i32::from(ws.ws_col), i32::from(ws.ws_row)))
}

/// The descriptor's access mode: (readable, writable).
pub fn access_mode(fd: RawFd) -> io::Result<(bool, bool)> {
    let flags = syscall!(fcntl(fd, libc::F_GETFL))?;
    let mode = flags & libc::O_ACCMODE;
    Ok((mode != libc::O_WRONLY, mode != libc::O_RDONLY))
}

/// Gives a terminal its own open file description, as libuv does before
/// making it non-blocking: a terminal's description is usually shared with
/// other processes (a shell, its other children), which would all see
/// O_NONBLOCK. The terminal is opened again by name and the new file is
/// also put under `fd`'s number; the handle uses the new descriptor.
///
/// `None` when that cannot be done (`fd` is a pseudo-terminal's master,
/// which would open a new pair, or has no name, or cannot be opened): the
/// caller keeps `fd` as it is, with blocking writes.
pub fn reopen(fd: RawFd) -> Option<io::Result<OwnedFd>> {
    let mut number: libc::c_uint = 0;
    // TIOCGPTN answers only on a master.
    if syscall!(ioctl(fd, libc::TIOCGPTN, &mut number)).is_ok() {
        return None;
    }
    let mut path = [0 as libc::c_char; 256];
    // SAFETY: ttyname_r writes at most `path.len()` bytes, NUL included.
    if unsafe { libc::ttyname_r(fd, path.as_mut_ptr(), path.len()) } != 0 {
        return None;
    }
    let (readable, writable) = access_mode(fd).ok()?;
    let mode = match (readable, writable) {
        (true, true) => libc::O_RDWR,
        (true, false) => libc::O_RDONLY,
        _ => libc::O_WRONLY,
    };
    // SAFETY: ttyname_r NUL-terminated the path.
    let path = unsafe { CStr::from_ptr(path.as_ptr()) };
    let opened = syscall!(open(path.as_ptr(), mode | libc::O_NOCTTY | libc::O_CLOEXEC)).ok()?;
    // SAFETY: open just returned this descriptor; nothing else owns it.
    let fresh = unsafe { OwnedFd::from_raw_fd(opened) };
    match syscall!(dup3(fresh.as_raw_fd(), fd, libc::O_CLOEXEC)) {
        // EINVAL: the two numbers are the same (`fd` was closed meanwhile).
        Err(e) if e.raw_os_error() != Some(libc::EINVAL) => Some(Err(e)),
        _ => Some(Ok(fresh)),
    }
}

/// The attributes a terminal had before the first handle left normal mode,
/// for [`reset`]. A flag, not a mutex, guards them: `reset` may run in a
/// signal handler that interrupted the holder, and then gives up at once.
struct Saved {
    busy: AtomicBool,
    fd: AtomicI32,
    termios: UnsafeCell<Option<Termios>>,
}

// SAFETY: `termios` is only touched by whoever set `busy` from false.
unsafe impl Sync for Saved {}

static SAVED: Saved = Saved {
    busy: AtomicBool::new(false),
    fd: AtomicI32::new(-1),
    termios: UnsafeCell::new(None),
};

/// Remembers `t` as `fd`'s attributes to reset to, unless some terminal's
/// are remembered already (libuv keeps the first).
pub fn remember_original(fd: RawFd, t: &Termios) {
    while SAVED
        .busy
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::hint::spin_loop();
    }
    if SAVED.fd.load(Ordering::Relaxed) == -1 {
        // SAFETY: `busy` is ours (see Saved).
        unsafe { *SAVED.termios.get() = Some(*t) };
        SAVED.fd.store(fd, Ordering::Relaxed);
    }
    SAVED.busy.store(false, Ordering::Release);
}

/// Puts the remembered attributes back (TCSANOW); nothing to do if none
/// were remembered. `EBUSY` if interrupted while they are being saved.
/// Async-signal-safe.
pub fn reset() -> io::Result<()> {
    if SAVED
        .busy
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        return Err(io::Error::from_raw_os_error(libc::EBUSY));
    }
    let fd = SAVED.fd.load(Ordering::Relaxed);
    // SAFETY: `busy` is ours (see Saved).
    let saved = unsafe { *SAVED.termios.get() };
    let result = match saved {
        Some(t) if fd != -1 => syscall!(tcsetattr(fd, libc::TCSANOW, &t.0)).map(drop),
        _ => Ok(()),
    };
    SAVED.busy.store(false, Ordering::Release);
    result
}

/// Opens a new pseudo-terminal pair: (master, slave), both close-on-exec.
/// For tests and for programs that drive a terminal program.
pub fn open_pty() -> io::Result<(OwnedFd, OwnedFd)> {
    let master = syscall!(posix_openpt(
        libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC
    ))?;
    // SAFETY: posix_openpt just returned this descriptor; nothing else owns it.
    let master = unsafe { OwnedFd::from_raw_fd(master) };
    syscall!(grantpt(master.as_raw_fd()))?;
    syscall!(unlockpt(master.as_raw_fd()))?;
    let mut path = [0 as libc::c_char; 256];
    // SAFETY: ptsname_r writes at most `path.len()` bytes, NUL included.
    let failed = unsafe { libc::ptsname_r(master.as_raw_fd(), path.as_mut_ptr(), path.len()) };
    if failed != 0 {
        return Err(io::Error::from_raw_os_error(failed));
    }
    let slave = syscall!(open(
        path.as_ptr(),
        libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC
    ))?;
    // SAFETY: open just returned this descriptor; nothing else owns it.
    Ok((master, unsafe { OwnedFd::from_raw_fd(slave) }))
}
