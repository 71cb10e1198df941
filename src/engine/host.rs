//! What a loop needs from whoever embeds it.
//!
//! The C layer keeps some loop and handle state in memory the C program can
//! see and change (`uv_loop_t.active_handles`, `stop_flag`, each handle's
//! `flags`, a timer's `timeout`), and its callbacks are C function pointers
//! stored in the C structs. A [`Host`] gives the engine that storage and
//! those callbacks, so both stay where C expects them. The Rust API uses
//! [`OwnHost`], which keeps the counters itself and runs closures.

use super::handle::TimerStorage;
use super::stream::ReqKind;
use super::{Event, HandleId, Kind, Loop};
use crate::sys::RawBuf;
use std::cell::Cell;

pub trait Host {
    /// Number of active, referenced handles (libuv's `active_handles`).
    fn active_handles(&self) -> &Cell<u32>;
    /// Number of requests in flight (libuv's `active_reqs.count`).
    fn active_reqs(&self) -> &Cell<u32>;
    /// Nonzero once `stop` was asked (libuv's `stop_flag`).
    fn stop_flag(&self) -> &Cell<u32>;
    /// A handle's [`flags`](super::flags) changed.
    fn handle_flags(&self, _token: usize, _flags: u32) {}
    /// A timer's absolute due time changed.
    fn timer_due(&self, _token: usize, _due: u64) {}
    /// Memory inside the timer named `token` that the host lends for the
    /// timer's state, or None to have the loop keep it in a slot (see
    /// `handles.rs`). Asked when the timer is initialised and at every
    /// look-up after that, so a host that lends must return the same memory
    /// for the token until the timer's close finishes, and must not touch
    /// it meanwhile.
    fn lent_timer(&self, _token: usize) -> Option<TimerStorage<'_>> {
        None
    }
    /// A handle registered with a host callback fired.
    fn fire(&self, lp: &Loop, id: HandleId, token: usize, kind: Kind, event: &Event<'_>);
    /// A handle registered with a host callback finished closing.
    fn closed(&self, lp: &Loop, token: usize, kind: Kind);
    /// A work request registered with a host callback finished; `status` is
    /// 0 or `UV_ECANCELED`.
    fn work_done(&self, lp: &Loop, token: usize, status: i32);
    /// A buffer for the next read of a host handle (libuv's alloc callback);
    /// an empty one means "none" and is reported as UV_ENOBUFS.
    fn alloc(&self, _token: usize, _suggested: usize) -> RawBuf {
        RawBuf::EMPTY
    }
    /// The host's request `token` (a write, connect, shutdown or UDP send)
    /// passed the call's checks and is about to be taken: false if the
    /// host still has it in flight, and the call is then refused with
    /// `UV_EBUSY`. A request taken is given back to the host through
    /// [`req_done`](Self::req_done), or, if the call fails after all, by
    /// the host itself.
    fn admit_request(&self, _token: usize) -> bool {
        true
    }
    /// A host request (write, connect, shutdown, UDP send) on handle `id`
    /// finished with `status`.
    fn req_done(&self, _lp: &Loop, _id: HandleId, _token: usize, _kind: ReqKind, _status: i32) {}
    /// A stream whose events go to the host (see `Loop::host_token`)
    /// changed its count of queued bytes (libuv's public
    /// `write_queue_size`).
    fn write_queue_size(&self, _token: usize, _size: usize) {}
    /// A UDP handle's queued sends changed: `size` bytes in `count`
    /// requests (libuv's public `send_queue_size` and `send_queue_count`).
    fn send_queue(&self, _token: usize, _size: usize, _count: usize) {}
    /// A signal handle stopped watching (libuv zeroes its public `signum`).
    fn signal_stopped(&self, _token: usize) {}
}

/// The host of a loop used from Rust: counters of its own, and every
/// handle carries a closure, so the callback methods are never reached.
#[derive(Default)]
pub struct OwnHost {
    active_handles: Cell<u32>,
    active_reqs: Cell<u32>,
    stop_flag: Cell<u32>,
}

impl Host for OwnHost {
    fn active_handles(&self) -> &Cell<u32> {
        &self.active_handles
    }
    fn active_reqs(&self) -> &Cell<u32> {
        &self.active_reqs
    }
    fn stop_flag(&self) -> &Cell<u32> {
        &self.stop_flag
    }
    fn fire(&self, _: &Loop, _: HandleId, _: usize, _: Kind, _: &Event<'_>) {}
    fn closed(&self, _: &Loop, _: usize, _: Kind) {}
    fn work_done(&self, _: &Loop, _: usize, _: i32) {}
}
