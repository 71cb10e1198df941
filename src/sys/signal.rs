//! Delivering Unix signals to loops.
//!
//! A signal arrives on whatever thread the kernel picks, at any moment, and
//! a handler may do almost nothing: no locks, no allocation. So the handler
//! only writes the signal's number, one byte, into the pipe of every loop
//! that watches that signal; each loop reads its pipe in its poll phase and
//! runs its handles' callbacks on its own thread.
//!
//! What the handler reads is a fixed table of subscribed loops (their
//! pipe's write end and a mask of wanted signals), all atomics. A loop that
//! leaves the table clears its entry, then waits until no handler is
//! running before it closes its pipe, so a handler never writes into a
//! descriptor number that has been closed and reused.
//!
//! The process-wide disposition follows libuv: a signal gets this handler
//! while at least one handle in any loop watches it (with `SA_RESETHAND`
//! while every such handle is one-shot) and goes back to the default action
//! when the last handle stops.

use parking_lot::Mutex;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicI32, AtomicU64, AtomicUsize, Ordering};

/// The highest signal number Linux has.
pub const MAX_SIGNAL: i32 = 64;

/// How many loops can watch signals at once.
const LOOP_SLOTS: usize = 1024;

struct Subscriber {
    /// The write end of the loop's pipe, or -1 while the slot is free.
    fd: AtomicI32,
    /// Bit `n - 1` set: the loop wants signal `n`.
    mask: AtomicU64,
}

static SUBSCRIBERS: [Subscriber; LOOP_SLOTS] = [const {
    Subscriber {
        fd: AtomicI32::new(-1),
        mask: AtomicU64::new(0),
    }
}; LOOP_SLOTS];
/// Every slot ever used sits below this index.
static HIGH_WATER: AtomicUsize = AtomicUsize::new(0);
/// Handlers running right now, on any thread.
static IN_HANDLER: AtomicUsize = AtomicUsize::new(0);
/// Claims and frees of slots; the handler never takes it.
static SLOTS_LOCK: Mutex<()> = Mutex::new(());

fn bit(signum: i32) -> u64 {
    1u64 << (signum - 1)
}

extern "C" fn on_signal(signum: libc::c_int) {
    // SAFETY: __errno_location gives this thread's errno; the handler must
    // leave it as it found it for the code it interrupted.
    let saved_errno = unsafe { *libc::__errno_location() };
    IN_HANDLER.fetch_add(1, Ordering::SeqCst);
    if (1..=MAX_SIGNAL).contains(&signum) {
        let wanted = bit(signum);
        let byte = signum as u8;
        let high = HIGH_WATER.load(Ordering::SeqCst);
        for subscriber in &SUBSCRIBERS[..high] {
            if subscriber.mask.load(Ordering::SeqCst) & wanted == 0 {
                continue;
            }
            let fd = subscriber.fd.load(Ordering::SeqCst);
            if fd < 0 {
                continue;
            }
            loop {
                // SAFETY: write(2) is async-signal-safe; `fd` stays open
                // while IN_HANDLER is non-zero (see SignalPipe's Drop). A
                // full pipe (EAGAIN) drops the byte: the loop is far behind
                // and has the same signal queued already.
                let written = unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
                // SAFETY: as above.
                if written == -1 && unsafe { *libc::__errno_location() } == libc::EINTR {
                    continue;
                }
                break;
            }
        }
    }
    IN_HANDLER.fetch_sub(1, Ordering::SeqCst);
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = saved_errno };
}

/// How many handles, over every loop, watch each signal.
struct Watchers {
    all: [u32; MAX_SIGNAL as usize + 1],
    /// Those that are not one-shot.
    persistent: [u32; MAX_SIGNAL as usize + 1],
}

static WATCHERS: Mutex<Watchers> = Mutex::new(Watchers {
    all: [0; MAX_SIGNAL as usize + 1],
    persistent: [0; MAX_SIGNAL as usize + 1],
});

enum Disposition {
    Default,
    Caught { reset_after_one: bool },
}

fn set_disposition(signum: i32, disposition: Disposition) -> io::Result<()> {
    // SAFETY: an all-zero sigaction is a valid value to fill in.
    let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
    match disposition {
        Disposition::Default => action.sa_sigaction = libc::SIG_DFL,
        Disposition::Caught { reset_after_one } => {
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            if reset_after_one {
                action.sa_flags |= libc::SA_RESETHAND;
            }
        }
    }
    // SAFETY: `action.sa_mask` is ours to fill: block every signal while the
    // handler runs, so handlers never nest.
    unsafe { libc::sigfillset(&mut action.sa_mask) };
    syscall!(sigaction(signum, &action, std::ptr::null_mut()))?;
    Ok(())
}

/// Counts one more handle watching `signum`, installing the handler if it
/// is the first (or the first that is not one-shot). Fails as sigaction
/// does: `EINVAL` for a number that is no signal, or SIGKILL and SIGSTOP.
pub fn watch(signum: i32, oneshot: bool) -> io::Result<()> {
    if !(1..=MAX_SIGNAL).contains(&signum) {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    let mut watchers = WATCHERS.lock();
    let at = signum as usize;
    if watchers.all[at] == 0 || (!oneshot && watchers.persistent[at] == 0) {
        set_disposition(
            signum,
            Disposition::Caught {
                reset_after_one: oneshot,
            },
        )?;
    }
    watchers.all[at] += 1;
    if !oneshot {
        watchers.persistent[at] += 1;
    }
    Ok(())
}

/// Counts one handle fewer watching `signum`; the last one gives the signal
/// its default action back, and when only one-shot handles are left the
/// handler resets itself after one delivery.
pub fn unwatch(signum: i32, oneshot: bool) {
    if !(1..=MAX_SIGNAL).contains(&signum) {
        return;
    }
    let mut watchers = WATCHERS.lock();
    let at = signum as usize;
    if watchers.all[at] == 0 {
        return;
    }
    watchers.all[at] -= 1;
    if !oneshot {
        watchers.persistent[at] = watchers.persistent[at].saturating_sub(1);
    }
    // Restoring a disposition that was valid when installed cannot fail.
    let _ = if watchers.all[at] == 0 {
        set_disposition(signum, Disposition::Default)
    } else if !oneshot && watchers.persistent[at] == 0 {
        set_disposition(
            signum,
            Disposition::Caught {
                reset_after_one: true,
            },
        )
    } else {
        Ok(())
    };
}

/// A loop's end of signal delivery: a non-blocking pipe whose write end is
/// in the handler's table.
pub struct SignalPipe {
    read: OwnedFd,
    write: OwnedFd,
    slot: usize,
}

fn new_pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    syscall!(pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC))?;
    // SAFETY: pipe2 just returned these two descriptors; nothing else owns them.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

impl SignalPipe {
    /// A pipe in a free slot of the table, wanting no signal yet. Fails
    /// with `ENOMEM` when 1,024 loops already watch signals.
    pub fn new() -> io::Result<SignalPipe> {
        let (read, write) = new_pipe()?;
        let _claiming = SLOTS_LOCK.lock();
        let slot = SUBSCRIBERS
            .iter()
            .position(|s| s.fd.load(Ordering::SeqCst) < 0)
            .ok_or_else(|| io::Error::from_raw_os_error(libc::ENOMEM))?;
        SUBSCRIBERS[slot].mask.store(0, Ordering::SeqCst);
        SUBSCRIBERS[slot]
            .fd
            .store(write.as_raw_fd(), Ordering::SeqCst);
        HIGH_WATER.fetch_max(slot + 1, Ordering::SeqCst);
        Ok(SignalPipe { read, write, slot })
    }

    /// The descriptor the loop polls for readability.
    pub fn read_fd(&self) -> RawFd {
        self.read.as_raw_fd()
    }

    /// Sets which signals this loop wants written into its pipe.
    pub fn set_mask(&self, signals: u64) {
        SUBSCRIBERS[self.slot].mask.store(signals, Ordering::SeqCst);
    }

    /// The mask bit of `signum`.
    pub fn mask_bit(signum: i32) -> u64 {
        bit(signum)
    }

    /// Appends the signal numbers delivered since the last call.
    pub fn drain(&self, out: &mut Vec<u8>) {
        let mut chunk = [0u8; 256];
        loop {
            let res = syscall!(read(
                self.read.as_raw_fd(),
                chunk.as_mut_ptr().cast(),
                chunk.len()
            ));
            match res {
                Ok(0) => return,
                Ok(n) => out.extend_from_slice(&chunk[..n as usize]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            }
        }
    }

    /// Takes a pipe of its own after a fork: the inherited one is shared
    /// with the parent, whose signals must not reach the child's loop.
    pub fn renew(&mut self) -> io::Result<()> {
        let (read, write) = new_pipe()?;
        SUBSCRIBERS[self.slot]
            .fd
            .store(write.as_raw_fd(), Ordering::SeqCst);
        // Only the forking thread lives on in the child: a count left by
        // a handler that was running on another thread would never drop.
        IN_HANDLER.store(0, Ordering::SeqCst);
        self.read = read;
        self.write = write;
        Ok(())
    }
}

/// Waits until no signal handler is running on any thread. A handler that
/// starts after this returns sees the table as it is now.
fn wait_for_handlers() {
    while IN_HANDLER.load(Ordering::SeqCst) != 0 {
        std::thread::yield_now();
    }
}

impl Drop for SignalPipe {
    fn drop(&mut self) {
        let _freeing = SLOTS_LOCK.lock();
        SUBSCRIBERS[self.slot].mask.store(0, Ordering::SeqCst);
        SUBSCRIBERS[self.slot].fd.store(-1, Ordering::SeqCst);
        // The descriptors close after this, once no handler can hold the
        // old number.
        wait_for_handlers();
    }
}

/// The signal's current handler is the default action (for tests and
/// diagnostics).
pub fn is_default(signum: i32) -> io::Result<bool> {
    // SAFETY: an all-zero sigaction is a valid buffer for the query.
    let mut current: libc::sigaction = unsafe { std::mem::zeroed() };
    syscall!(sigaction(signum, std::ptr::null(), &mut current))?;
    Ok(current.sa_sigaction == libc::SIG_DFL)
}

/// Sends `signum` to the calling thread (raise(3)); a caught signal's
/// handler has run when this returns.
pub fn raise(signum: i32) -> io::Result<()> {
    // SAFETY: raise takes any int and reports a bad one as an error.
    match unsafe { libc::raise(signum) } {
        0 => Ok(()),
        _ => Err(io::Error::last_os_error()),
    }
}
