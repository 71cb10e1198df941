//! What a handle is to the loop: its kind, the events its callback hears,
//! its state bits and who its callback is. Where that state is kept is
//! `handles.rs`.

pub use super::handles::{HandleId, HandleState, HeapLinks, LentTimer, TimerStorage};
use super::Loop;

/// The kinds of handle the engine runs. The values start at 1: a state
/// whose kind byte is 0 belongs to no handle.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Kind {
    Timer = 1,
    Idle,
    Prepare,
    Check,
    Async,
    FsEvent,
    FsPoll,
    Tcp,
    Pipe,
    Poll,
    Udp,
    Process,
    Signal,
    Tty,
}

impl Kind {
    /// The kind a state byte names; None for 0 (no handle) or garbage.
    /// A match rather than a table: the compiler turns it into a range
    /// check, with no load from the library's read-only data on every
    /// handle look-up.
    pub(crate) fn from_byte(byte: u8) -> Option<Kind> {
        Some(match byte {
            1 => Kind::Timer,
            2 => Kind::Idle,
            3 => Kind::Prepare,
            4 => Kind::Check,
            5 => Kind::Async,
            6 => Kind::FsEvent,
            7 => Kind::FsPoll,
            8 => Kind::Tcp,
            9 => Kind::Pipe,
            10 => Kind::Poll,
            11 => Kind::Udp,
            12 => Kind::Process,
            13 => Kind::Signal,
            14 => Kind::Tty,
            _ => return None,
        })
    }

    /// TCP, pipe and tty handles: the stream kinds.
    pub fn is_stream(self) -> bool {
        matches!(self, Kind::Tcp | Kind::Pipe | Kind::Tty)
    }

    /// The kinds with a socket whose options apply (buffer sizes).
    pub fn is_socket(self) -> bool {
        matches!(self, Kind::Tcp | Kind::Pipe | Kind::Udp)
    }

    /// The kinds that work on a descriptor (`uv_fileno` answers for them).
    pub fn has_descriptor(self) -> bool {
        self.is_socket() || matches!(self, Kind::Poll | Kind::Tty)
    }
}

/// What a handle's callback is told.
#[derive(Debug)]
pub enum Event<'a> {
    /// A timer, idle, prepare, check or async handle fired.
    Fired,
    /// A watched file or directory changed: `events` is a mix of
    /// `UV_RENAME` (1) and `UV_CHANGE` (2); `filename` is the entry inside
    /// a watched directory, or the watched file's own name.
    FsEvent {
        filename: Option<&'a std::ffi::CStr>,
        events: i32,
        status: i32,
    },
    /// A polled path's stat changed (status 0), or stat failed (status is
    /// the error, reported once per distinct error).
    FsPoll {
        status: i32,
        prev: &'a crate::fs::op::Stat,
        curr: &'a crate::fs::op::Stat,
    },
    /// A poll handle's descriptor is ready: `events` in `poll_events` bits,
    /// or `status` is an error (UV_EBADF for an error condition).
    Poll { status: i32, events: u32 },
    /// A stream read: `nread` > 0 bytes of data, 0 for nothing this time,
    /// < 0 an error (UV_EOF at the end). `buf` is the buffer the host lent
    /// (C handles); Rust handles find the bytes in `data`.
    Read {
        nread: isize,
        buf: crate::sys::RawBuf,
        data: &'a [u8],
    },
    /// A write queued by a Rust handle finished; its buffer can be taken
    /// back for reuse.
    Written { status: i32, buf: &'a ReturnedBuf },
    /// A listening stream has a connection to accept (status 0) or failed
    /// to accept one.
    Connection { status: i32 },
    /// A UDP handle received: `nread` >= 0 bytes from `addr`, or, with no
    /// `addr`, nothing more for now (0) or an error (< 0). `flags` are
    /// libuv's `UV_UDP_PARTIAL` / `UV_UDP_MMSG_*` bits. `buf` is the
    /// buffer (or the part of it) the host lent; Rust handles find the
    /// bytes in `data`.
    UdpRecv {
        nread: isize,
        buf: crate::sys::RawBuf,
        data: &'a [u8],
        addr: Option<&'a crate::sys::net::SockAddr>,
        flags: u32,
    },
    /// A process handle's child exited with `exit_status`, or was ended
    /// by signal `term_signal` (each 0 when the other applies).
    ProcessExit { exit_status: i64, term_signal: i32 },
    /// The process received `signum`, which the signal handle watches.
    Signal { signum: i32 },
    /// A send queued by a Rust UDP handle finished; its buffer can be taken
    /// back for reuse.
    Sent { status: i32, buf: &'a ReturnedBuf },
}

/// The buffer of a finished Rust write, for the callback to take back.
pub struct ReturnedBuf(std::cell::Cell<Option<Vec<u8>>>);

impl ReturnedBuf {
    pub(crate) fn new(buf: Option<Vec<u8>>) -> ReturnedBuf {
        ReturnedBuf(std::cell::Cell::new(buf))
    }

    /// Takes the buffer (once; later calls get None).
    pub fn take(&self) -> Option<Vec<u8>> {
        self.0.take()
    }
}

impl std::fmt::Debug for ReturnedBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReturnedBuf")
    }
}

/// State bits, with libuv's values so the C layer can mirror them into the
/// public `flags` word unchanged.
pub mod flags {
    pub const CLOSING: u32 = 0x01;
    pub const CLOSED: u32 = 0x02;
    pub const ACTIVE: u32 = 0x04;
    pub const REF: u32 = 0x08;
    /// Every bit the engine shows; the C layer leaves the others alone.
    pub const MASK: u32 = CLOSING | CLOSED | ACTIVE | REF;
    /// Engine-internal: a timer has been started at least once. Never shown.
    pub(crate) const STARTED: u8 = 0x80;
}

/// A Rust callback, called with the loop, the handle's id and what happened.
pub type BoxedCallback = Box<dyn FnMut(&Loop, HandleId, &Event<'_>)>;
/// A Rust close callback.
pub type CloseCallback = Box<dyn FnOnce(&Loop, HandleId)>;

/// Who is told when the handle fires.
pub(crate) enum Callback {
    /// The loop's [`Host`](super::Host), with the handle's token.
    Host,
    /// A Rust closure owned by the handle.
    Boxed(BoxedCallback),
    /// The closure is out of its slot while it runs.
    Running,
    /// The handle is closing: its callback is gone, this one is next.
    Closing(Option<CloseCallback>),
}
