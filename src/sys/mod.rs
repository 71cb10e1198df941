//! The operating-system boundary. Every system call ruv makes is made here.
//!
//! What the rest of the crate may rely on:
//! - [`Poller`] waits for readiness on descriptors with epoll, level-triggered,
//!   and hands back the `u64` token each descriptor was registered with.
//! - [`EventFd`] is a counter another thread can signal to wake a blocked
//!   [`Poller::wait`]; signalling an already-signalled one is cheap and never fails.
//! - [`fs`] makes the file-system calls of `uv_fs_*`, one function each,
//!   retrying EINTR where that is safe; descriptors it opens are close-on-exec.
//! - [`dns`] calls the resolver (getaddrinfo, getnameinfo) and maps its
//!   `EAI_*` codes to libuv's; result lists are freed exactly once.
//! - [`ifaddrs`] lists interface addresses and maps interface indices to names.
//! - [`time`] reads the monotonic clocks libuv uses for loop time and `uv_hrtime`.
//! - [`limits`] reads and lowers the process's open-descriptor limit.
//! - [`process`] forks and execs children (only async-signal-safe calls
//!   between the two), watches them with pidfds and reaps them.
//! - [`signal`] catches Unix signals with one process-wide handler that
//!   writes their numbers into the pipes of the loops that watch them.
//! - [`tty`] reopens terminals and reads and sets their attributes.
//! - [`os`] reports on the system and the process (working directory,
//!   executable, host and user names, priorities, memory, clocks); [`env`](mod@env)
//!   reads and changes the environment through libc, so C code sees it.
//! - [`random`] fills buffers from getrandom (or /dev/urandom).
//! - [`dl`] opens shared libraries and finds their symbols.
//! - Every descriptor is an `OwnedFd`: it is closed exactly once, in `Drop`.
//! - Errors come back as `std::io::Error` carrying the raw errno.
//!
//! Above this module everything is safe Rust.

/// Calls a libc function and turns a `-1` return into the thread's errno.
macro_rules! syscall {
    ($fn:ident ( $($arg:expr),* $(,)? )) => {{
        // SAFETY: each caller passes arguments that satisfy the call's contract.
        let res = unsafe { libc::$fn($($arg),*) };
        if res == -1 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(res)
        }
    }};
}

pub mod buf;
pub mod dl;
pub mod dns;
pub mod env;
pub mod epoll;
pub mod eventfd;
pub mod fd;
pub mod fs;
pub mod ifaddrs;
pub mod inotify;
pub mod limits;
pub mod net;
pub mod os;
pub mod process;
pub mod random;
pub mod signal;
pub mod time;
pub mod tty;

pub use buf::RawBuf;
pub use epoll::{ready, Event, Events, Poller};
pub use eventfd::EventFd;
pub use fd::Descriptor;
