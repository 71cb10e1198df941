//! Handles as the loop stores them: a slab of slots addressed by [`HandleId`],
//! linked in creation order so `walk` sees handles as libuv does.
//!
//! The trade-off: the engine owns this state so it can stay safe Rust, while
//! libuv keeps the same state inside the caller's C structs. A C handle
//! therefore costs its C struct plus a 64-byte slot (and, for a pending
//! timer, a 24-byte heap entry and a 4-byte position): about 92 bytes more
//! per timer than libuv. Closing that gap means letting the C layer lend
//! each handle's private words as the slot's storage.

use super::Loop;

/// Names a handle of one loop. The generation makes an id that outlived its
/// handle miss, instead of reaching whatever handle took the slot next.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct HandleId {
    index: u32,
    generation: u32,
}

impl HandleId {
    /// Packs the id into 64 bits, for storage in a C handle's private words.
    pub fn to_bits(self) -> u64 {
        (u64::from(self.generation) << 32) | u64::from(self.index)
    }

    pub fn from_bits(bits: u64) -> HandleId {
        HandleId {
            index: bits as u32,
            generation: (bits >> 32) as u32,
        }
    }

    pub(crate) fn index(self) -> usize {
        self.index as usize
    }
}

/// The kinds of handle the engine runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Timer,
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

/// One handle. Kept to 64 bytes: a million timers cost a million slots.
pub(crate) struct Slot {
    pub generation: u32,
    /// None while the slot is free.
    pub kind: Option<Kind>,
    /// [`flags`] bits, plus the internal `STARTED`.
    pub flags: u8,
    /// Creation-order links (`NIL` at the ends); the free list reuses `next`.
    pub prev: u32,
    pub next: u32,
    /// The embedder's name for the handle (the C layer's `uv_handle_t*`).
    pub token: usize,
    pub callback: Callback,
    /// A timer's absolute due time in loop ms (libuv's `timeout`); for an
    /// idle, prepare or check handle, when it was last started, so a pass
    /// that snapshotted its list skips handles restarted after the snapshot.
    pub due_or_epoch: u64,
    /// A timer's re-arm interval; 0 means one-shot.
    pub repeat: u64,
}

impl Slot {
    fn vacant(generation: u32, next_free: u32) -> Slot {
        Slot {
            generation,
            kind: None,
            flags: 0,
            prev: NIL,
            next: next_free,
            token: 0,
            callback: Callback::Host,
            due_or_epoch: 0,
            repeat: 0,
        }
    }

    /// The bits the embedder sees.
    pub fn visible_flags(&self) -> u32 {
        u32::from(self.flags) & flags::MASK
    }
}

pub(crate) const NIL: u32 = u32::MAX;

/// The loop's handles.
pub(crate) struct Handles {
    slots: Vec<Slot>,
    free: u32,
    head: u32,
    tail: u32,
    live: usize,
}

impl Handles {
    pub fn new() -> Handles {
        Handles {
            slots: Vec::new(),
            free: NIL,
            head: NIL,
            tail: NIL,
            live: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Adds a handle at the end of the creation order, with only REF set.
    pub fn insert(&mut self, kind: Kind, token: usize, callback: Callback) -> HandleId {
        let index = if self.free != NIL {
            let index = self.free;
            self.free = self.slots[index as usize].next;
            index
        } else {
            self.slots.push(Slot::vacant(0, NIL));
            (self.slots.len() - 1) as u32
        };
        let tail = self.tail;
        let slot = &mut self.slots[index as usize];
        slot.kind = Some(kind);
        slot.flags = flags::REF as u8;
        slot.token = token;
        slot.callback = callback;
        slot.prev = tail;
        slot.next = NIL;
        slot.due_or_epoch = 0;
        slot.repeat = 0;
        let id = HandleId {
            index,
            generation: slot.generation,
        };
        if tail == NIL {
            self.head = index;
        } else {
            self.slots[tail as usize].next = index;
        }
        self.tail = index;
        self.live += 1;
        id
    }

    /// Frees the handle's slot and returns what it held.
    pub fn remove(&mut self, id: HandleId) -> Option<Slot> {
        self.get(id)?;
        let index = id.index;
        let (prev, next) = {
            let slot = &self.slots[index as usize];
            (slot.prev, slot.next)
        };
        match prev {
            NIL => self.head = next,
            p => self.slots[p as usize].next = next,
        }
        match next {
            NIL => self.tail = prev,
            n => self.slots[n as usize].prev = prev,
        }
        let slot = &mut self.slots[index as usize];
        let vacated = Slot::vacant(slot.generation.wrapping_add(1), self.free);
        let old = std::mem::replace(slot, vacated);
        self.free = index;
        self.live -= 1;
        Some(old)
    }

    pub fn get(&self, id: HandleId) -> Option<&Slot> {
        self.slots
            .get(id.index())
            .filter(|slot| slot.generation == id.generation && slot.kind.is_some())
    }

    pub fn get_mut(&mut self, id: HandleId) -> Option<&mut Slot> {
        self.slots
            .get_mut(id.index())
            .filter(|slot| slot.generation == id.generation && slot.kind.is_some())
    }

    /// The live slot at `index`, with its current id.
    pub fn id_at(&self, index: u32) -> Option<HandleId> {
        let slot = self.slots.get(index as usize)?;
        slot.kind?;
        Some(HandleId {
            index,
            generation: slot.generation,
        })
    }

    /// Appends every live handle's id, in creation order.
    pub fn ids_in_order(&self, out: &mut Vec<HandleId>) {
        let mut index = self.head;
        while index != NIL {
            let slot = &self.slots[index as usize];
            out.push(HandleId {
                index,
                generation: slot.generation,
            });
            index = slot.next;
        }
    }
}

// A million timers cost a million slots: keep them small.
const _: () = assert!(std::mem::size_of::<Slot>() <= 64);
