//! Where the loop keeps each handle's state: in a slab of slots it owns,
//! or in memory the host lends inside the handle's own struct.
//!
//! Every Rust handle, and a C handle of most kinds, gets a slot. A C timer
//! instead lends words of its `uv_timer_t` that libuv keeps private (see
//! [`Host::lent_timer`]): a program with a million timers then needs no
//! more memory than it does with libuv, where a slot would add 72 bytes to
//! each, and starting or closing one touches no memory but the timer's.
//!
//! Both kinds of state sit in one list in creation order, which `walk`
//! follows, linked by id.

use super::handle::{Callback, Kind};
use super::host::Host;
use std::cell::Cell;

/// Names a handle of one loop: a slot and its generation, or the token of
/// a handle whose state the host lends. The generation makes an id that
/// outlived its handle miss, instead of reaching whatever handle took the
/// slot next.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct HandleId(u64);

/// Set in the id of a lent handle; the other bits are its token.
const LENT: u64 = 1 << 63;
/// Slot generations wrap below the lent bit.
const GENERATION_MASK: u32 = 0x7fff_ffff;
/// The end of a link.
pub(crate) const NIL: u64 = u64::MAX;

impl HandleId {
    fn in_slab(index: u32, generation: u32) -> HandleId {
        HandleId((u64::from(generation & GENERATION_MASK) << 32) | u64::from(index))
    }

    pub(crate) fn lent(token: usize) -> HandleId {
        HandleId(LENT | token as u64)
    }

    /// Packs the id into 64 bits, for storage in a C handle's private words.
    pub fn to_bits(self) -> u64 {
        self.0
    }

    pub fn from_bits(bits: u64) -> HandleId {
        HandleId(bits)
    }

    /// The token of a handle whose state the host lends; None for a slot.
    pub fn lent_token(self) -> Option<usize> {
        (self.0 & LENT != 0).then_some((self.0 & !LENT) as usize)
    }

    /// The slot index; out of every table's range for a lent handle.
    pub(crate) fn index(self) -> usize {
        match self.lent_token() {
            Some(_) => usize::MAX,
            None => self.0 as u32 as usize,
        }
    }

    fn generation(self) -> u32 {
        (self.0 >> 32) as u32
    }
}

/// What the loop keeps for every handle. All cells of plain integers, so
/// any bytes are a valid value: the host may lend memory it never zeroed.
#[repr(C)]
pub struct HandleState {
    /// A [`Kind`] as a byte; 0 while no handle lives here.
    kind: Cell<u8>,
    /// [`flags`](super::flags) bits, plus the internal `STARTED`.
    flags: Cell<u8>,
    /// The slot's generation (slots only).
    generation: Cell<u32>,
    /// Creation-order links, as id bits (`NIL` at the ends); a free slot's
    /// `next` is the free list.
    prev: Cell<u64>,
    next: Cell<u64>,
    /// A timer's absolute due time in loop ms (libuv's `timeout`); for an
    /// idle, prepare or check handle, when it was last started, so a pass
    /// that snapshotted its list skips handles restarted after the snapshot.
    due_or_epoch: Cell<u64>,
    /// A timer's re-arm interval; 0 means one-shot.
    repeat: Cell<u64>,
}

impl HandleState {
    /// No handle: kind 0, unlinked.
    fn vacant() -> HandleState {
        HandleState {
            kind: Cell::new(0),
            flags: Cell::new(0),
            generation: Cell::new(0),
            prev: Cell::new(NIL),
            next: Cell::new(NIL),
            due_or_epoch: Cell::new(0),
            repeat: Cell::new(0),
        }
    }

    fn reset(&self, kind: Option<Kind>, flags: u8) {
        self.kind.set(kind.map_or(0, |k| k as u8));
        self.flags.set(flags);
        self.prev.set(NIL);
        self.next.set(NIL);
        self.due_or_epoch.set(0);
        self.repeat.set(0);
    }

    pub fn kind(&self) -> Option<Kind> {
        Kind::from_byte(self.kind.get())
    }

    /// The bits the embedder sees.
    pub fn visible_flags(&self) -> u32 {
        u32::from(self.flags.get()) & super::flags::MASK
    }

    /// Every bit, the internal ones included.
    pub(crate) fn raw_flags(&self) -> u8 {
        self.flags.get()
    }

    pub(crate) fn set_raw_flags(&self, bits: u8) {
        self.flags.set(bits);
    }

    pub(crate) fn due_or_epoch(&self) -> u64 {
        self.due_or_epoch.get()
    }

    pub(crate) fn set_due_or_epoch(&self, value: u64) {
        self.due_or_epoch.set(value);
    }

    pub(crate) fn repeat(&self) -> u64 {
        self.repeat.get()
    }

    pub(crate) fn set_repeat(&self, value: u64) {
        self.repeat.set(value);
    }
}

/// A timer's state in lent memory: the handle's state and the start order
/// that breaks ties between equal due times. 48 bytes, 8-aligned.
#[repr(C)]
pub struct LentTimer {
    pub(crate) state: HandleState,
    pub(crate) seq: Cell<u64>,
}

/// A pending lent timer's place in the loop's heap of lent timers (see
/// `lent_timers.rs`), as tokens, 0 for none. 24 bytes, 8-aligned.
#[repr(C)]
pub struct HeapLinks {
    pub(crate) child: Cell<usize>,
    pub(crate) sibling: Cell<usize>,
    /// The parent of a first child, else the sibling before.
    pub(crate) prev: Cell<usize>,
}

#[cfg(test)]
impl LentTimer {
    /// A timer's memory as a host might lend it, all zero.
    pub(crate) fn zeroed() -> LentTimer {
        LentTimer {
            state: HandleState::vacant(),
            seq: Cell::new(0),
        }
    }
}

/// The two pieces of memory a host lends for one timer.
#[derive(Clone, Copy)]
pub struct TimerStorage<'a> {
    pub timer: &'a LentTimer,
    pub links: &'a HeapLinks,
}

/// A handle in the loop's own storage. 80 bytes.
pub(crate) struct Slot {
    state: HandleState,
    /// The embedder's name for the handle (the C layer's `uv_handle_t*`).
    token: usize,
    /// While closing: the handle closed before it (see `closing_next`).
    closing_next: Cell<u64>,
    pub callback: Callback,
}

/// What a removed handle held.
pub(crate) struct Removed {
    pub kind: Kind,
    pub flags: u32,
    pub token: usize,
    pub callback: Callback,
    /// Its closing link (see [`ClosingLink`]); meaningful only for a
    /// handle that was closing.
    pub closing_next: u64,
}

/// Where a closing handle names the handle closed before it: closing
/// handles form a stack threaded through the handles themselves, so closing
/// a million costs no memory. A slot has a word for it; a lent timer uses
/// its heap links, which a closing timer no longer needs.
#[derive(Clone, Copy)]
pub(crate) enum ClosingLink<'a> {
    Slot(&'a Cell<u64>),
    Lent(&'a Cell<usize>),
}

impl ClosingLink<'_> {
    pub fn get(self) -> u64 {
        match self {
            ClosingLink::Slot(cell) => cell.get(),
            ClosingLink::Lent(cell) => cell.get() as u64,
        }
    }

    pub fn set(self, next: u64) {
        match self {
            ClosingLink::Slot(cell) => cell.set(next),
            ClosingLink::Lent(cell) => cell.set(next as usize),
        }
    }
}

/// The loop's handles.
pub(crate) struct Handles {
    slots: Vec<Slot>,
    /// The first free slot (`NIL`-terminated through `next`), as an index.
    free: u64,
    head: u64,
    tail: u64,
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

    /// Adds a handle in a slot, at the end of the creation order, with only
    /// REF set.
    pub fn insert(
        &mut self,
        host: &dyn Host,
        kind: Kind,
        token: usize,
        callback: Callback,
    ) -> HandleId {
        let index = if self.free != NIL {
            let index = self.free as usize;
            self.free = self.slots[index].state.next.get();
            index
        } else {
            self.slots.push(Slot {
                state: HandleState::vacant(),
                token: 0,
                closing_next: Cell::new(NIL),
                callback: Callback::Host,
            });
            self.slots.len() - 1
        };
        let slot = &mut self.slots[index];
        slot.token = token;
        slot.callback = callback;
        slot.state.reset(Some(kind), super::flags::REF as u8);
        let id = HandleId::in_slab(index as u32, slot.state.generation.get());
        self.append(host, id);
        id
    }

    /// Adds a timer whose state the host lends (see [`Host::lent_timer`]);
    /// None if the host lends none for `token`.
    pub fn insert_lent_timer(&mut self, host: &dyn Host, token: usize) -> Option<HandleId> {
        let storage = host.lent_timer(token)?;
        storage
            .timer
            .state
            .reset(Some(Kind::Timer), super::flags::REF as u8);
        storage.timer.state.generation.set(0);
        storage.timer.seq.set(0);
        storage.links.child.set(0);
        storage.links.sibling.set(0);
        storage.links.prev.set(0);
        let id = HandleId::lent(token);
        self.append(host, id);
        Some(id)
    }

    fn append(&mut self, host: &dyn Host, id: HandleId) {
        let tail = self.tail;
        self.node(host, id.0).prev.set(tail);
        match tail {
            NIL => self.head = id.0,
            t => self.node(host, t).next.set(id.0),
        }
        self.tail = id.0;
        self.live += 1;
    }

    /// The state behind a link, which always names a live handle.
    fn node<'a>(&'a self, host: &'a dyn Host, bits: u64) -> &'a HandleState {
        match HandleId(bits).lent_token() {
            Some(token) => {
                &host
                    .lent_timer(token)
                    .expect("a linked lent handle stays lent")
                    .timer
                    .state
            }
            None => &self.slots[bits as u32 as usize].state,
        }
    }

    /// A live handle's state, token and closing link, from one look-up.
    #[inline]
    pub fn closing_entry<'a>(
        &'a self,
        host: &'a dyn Host,
        id: HandleId,
    ) -> Option<(&'a HandleState, usize, ClosingLink<'a>)> {
        let (state, token, link) = match id.lent_token() {
            Some(token) => {
                let storage = host.lent_timer(token)?;
                (
                    &storage.timer.state,
                    token,
                    ClosingLink::Lent(&storage.links.sibling),
                )
            }
            None => {
                let slot = self.slots.get(id.index())?;
                if slot.state.generation.get() != id.generation() {
                    return None;
                }
                (
                    &slot.state,
                    slot.token,
                    ClosingLink::Slot(&slot.closing_next),
                )
            }
        };
        state.kind()?;
        Some((state, token, link))
    }

    /// A live handle's state and token.
    #[inline]
    pub fn entry<'a>(
        &'a self,
        host: &'a dyn Host,
        id: HandleId,
    ) -> Option<(&'a HandleState, usize)> {
        self.closing_entry(host, id)
            .map(|(state, token, _)| (state, token))
    }

    /// [`entry`](Self::entry) and, for a handle in a slot, its callback,
    /// in one look-up: what firing a handle needs. A lent handle has no
    /// callback of its own (its events go to the host).
    #[inline]
    pub fn entry_mut<'a>(
        &'a mut self,
        host: &'a dyn Host,
        id: HandleId,
    ) -> Option<(&'a HandleState, usize, Option<&'a mut Callback>)> {
        let (state, token, callback) = match id.lent_token() {
            Some(token) => (&host.lent_timer(token)?.timer.state, token, None),
            None => {
                let slot = self.slots.get_mut(id.index())?;
                if slot.state.generation.get() != id.generation() {
                    return None;
                }
                (&slot.state, slot.token, Some(&mut slot.callback))
            }
        };
        state.kind()?;
        Some((state, token, callback))
    }

    /// A live handle's state.
    #[inline]
    pub fn state<'a>(&'a self, host: &'a dyn Host, id: HandleId) -> Option<&'a HandleState> {
        self.entry(host, id).map(|(state, _)| state)
    }

    /// A live handle's slot, to change; None for a lent handle, whose
    /// callback is always the host.
    pub fn slot_mut(&mut self, id: HandleId) -> Option<&mut Slot> {
        let slot = self.slots.get_mut(id.index())?;
        if slot.state.generation.get() != id.generation() || slot.state.kind().is_none() {
            return None;
        }
        Some(slot)
    }

    /// Unlinks the handle and frees its slot (or gives its lent memory
    /// back), returning what it held.
    pub fn remove(&mut self, host: &dyn Host, id: HandleId) -> Option<Removed> {
        let (state, token, link) = self.closing_entry(host, id)?;
        let kind = state.kind()?;
        let flags = state.visible_flags();
        let closing_next = link.get();
        let (prev, next) = (state.prev.get(), state.next.get());
        if id.lent_token().is_some() {
            // No handle lives here any more: a stale id misses. The rest
            // is the embedder's again and needs no clearing.
            state.kind.set(0);
            state.flags.set(0);
        }
        match prev {
            NIL => self.head = next,
            p => self.node(host, p).next.set(next),
        }
        match next {
            NIL => self.tail = prev,
            n => self.node(host, n).prev.set(prev),
        }
        self.live -= 1;
        let callback = match id.lent_token() {
            Some(_) => Callback::Host,
            None => {
                let index = id.index();
                let slot = &mut self.slots[index];
                slot.state.reset(None, 0);
                let generation = slot.state.generation.get().wrapping_add(1) & GENERATION_MASK;
                slot.state.generation.set(generation);
                slot.state.next.set(self.free);
                self.free = index as u64;
                std::mem::replace(&mut slot.callback, Callback::Host)
            }
        };
        Some(Removed {
            kind,
            flags,
            token,
            callback,
            closing_next,
        })
    }

    /// The id of the live slot at `index`.
    pub fn id_at(&self, index: u32) -> Option<HandleId> {
        let state = &self.slots.get(index as usize)?.state;
        state.kind()?;
        Some(HandleId::in_slab(index, state.generation.get()))
    }

    /// The closing handle closed before `id` (`NIL` for none).
    pub fn closing_next(&self, host: &dyn Host, id: HandleId) -> u64 {
        self.closing_entry(host, id)
            .map_or(NIL, |(_, _, link)| link.get())
    }

    pub fn set_closing_next(&self, host: &dyn Host, id: HandleId, next: u64) {
        if let Some((_, _, link)) = self.closing_entry(host, id) {
            link.set(next);
        }
    }

    /// Appends every live handle's id, in creation order.
    pub fn ids_in_order(&self, host: &dyn Host, out: &mut Vec<HandleId>) {
        let mut bits = self.head;
        while bits != NIL {
            out.push(HandleId(bits));
            bits = self.node(host, bits).next.get();
        }
    }
}

const _: () = assert!(std::mem::size_of::<Slot>() <= 80);
const _: () = assert!(std::mem::size_of::<LentTimer>() == 48);
const _: () = assert!(std::mem::size_of::<HeapLinks>() == 24);
