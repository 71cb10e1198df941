//! The engine's view of a C loop: counters and flags live in the C structs,
//! where C programs read (and sometimes write) them, and callbacks are the C
//! function pointers stored there.

use crate::types::*;
use ruv::engine::{
    flags, Event, HandleId, HeapLinks, Host, Kind, LentTimer, Loop, ReqKind, TimerStorage,
};
use ruv::sys::RawBuf;
use std::cell::Cell;
use std::ptr::{addr_of, addr_of_mut};
use std::sync::Arc;

pub(crate) struct CHost {
    /// The C loop this host serves. It outlives the engine loop, which
    /// uv_loop_close drops before the C memory can go away.
    pub raw: *mut uv_loop_t,
}

impl CHost {
    fn field(&self, field: *mut u32) -> &Cell<u32> {
        // SAFETY: `field` points into the live uv_loop_t; Cell<u32> has
        // u32's layout, and only the loop thread touches these fields.
        unsafe { &*(field as *const Cell<u32>) }
    }
}

impl Host for CHost {
    fn active_handles(&self) -> &Cell<u32> {
        // SAFETY: `raw` is the initialised loop (see the field's comment).
        self.field(unsafe { addr_of_mut!((*self.raw).active_handles) })
    }

    fn active_reqs(&self) -> &Cell<u32> {
        // SAFETY: as above.
        self.field(unsafe { addr_of_mut!((*self.raw).active_reqs_count) })
    }

    fn stop_flag(&self) -> &Cell<u32> {
        // SAFETY: as above.
        self.field(unsafe { addr_of_mut!((*self.raw).stop_flag) })
    }

    fn handle_flags(&self, token: usize, bits: u32) {
        let handle = token as *mut uv_handle_t;
        // SAFETY: tokens are the addresses of initialised C handles, valid
        // until their close callback has run.
        unsafe { (*handle).flags = ((*handle).flags & !flags::MASK) | bits };
    }

    fn timer_due(&self, token: usize, due: u64) {
        // SAFETY: a timer's token is its uv_timer_t.
        unsafe { (*(token as *mut uv_timer_t)).timeout = due };
    }

    fn lent_timer(&self, token: usize) -> Option<TimerStorage<'_>> {
        let timer = token as *const uv_timer_t;
        // SAFETY: the engine asks only for tokens of C handles it was given
        // (uv_timer_init) or that `resolve::own_id` matched to the pointer
        // the caller passed, all readable for a handle's size; a timer's
        // words are read only once its type says it is one. The lent words
        // are private in uv.h (see the layout asserts below), every bit
        // pattern is a valid value for their cells, and only the loop
        // thread touches them.
        unsafe {
            if (*timer).handle.type_ != handle_type::TIMER {
                return None;
            }
            Some(TimerStorage {
                timer: &*(addr_of!((*timer).handle.handle_queue) as *const LentTimer),
                links: &*(addr_of!((*timer).private) as *const HeapLinks),
            })
        }
    }

    fn fire(&self, _lp: &Loop, _id: HandleId, token: usize, kind: Kind, event: &Event<'_>) {
        // SAFETY: the token is the C handle of this kind, alive while it is
        // registered; the callbacks were stored by the matching start call.
        unsafe {
            match kind {
                Kind::Timer => {
                    let timer = token as *mut uv_timer_t;
                    if let Some(cb) = (*timer).timer_cb {
                        cb(timer);
                    }
                }
                Kind::Idle | Kind::Prepare | Kind::Check => {
                    // All three share one layout and callback shape.
                    let handle = token as *mut uv_idle_t;
                    if let Some(cb) = (*handle).cb {
                        cb(handle);
                    }
                }
                Kind::Async => {
                    let handle = token as *mut uv_async_t;
                    if let Some(cb) = (*handle).async_cb {
                        cb(handle);
                    }
                }
                Kind::FsEvent | Kind::FsPoll => crate::fs_watch::fire(token, event),
                Kind::Tcp | Kind::Pipe | Kind::Tty => crate::stream::fire(token, event),
                Kind::Poll => crate::poll::fire(token, event),
                Kind::Udp => crate::udp::fire(token, event),
                Kind::Process => crate::process::fire(token, event),
                Kind::Signal => crate::signal::fire(token, event),
            }
        }
    }

    fn closed(&self, _lp: &Loop, token: usize, kind: Kind) {
        let handle = token as *mut uv_handle_t;
        if kind == Kind::Async {
            // SAFETY: uv_async_init stored an Arc<AsyncSignal> here with
            // Arc::into_raw; this is the one place that releases it. The
            // loop keeps its own reference, for a sender that read the
            // pointer just before it was cleared.
            unsafe {
                let async_handle = handle as *mut uv_async_t;
                let signal = crate::async_::signal_of(async_handle)
                    .swap(std::ptr::null_mut(), std::sync::atomic::Ordering::AcqRel);
                crate::async_::check_of(async_handle)
                    .store(0, std::sync::atomic::Ordering::Relaxed);
                if !signal.is_null() {
                    drop(Arc::from_raw(signal as *const ruv::engine::AsyncSignal));
                }
            }
        }
        if kind == Kind::FsEvent {
            // SAFETY: an fs_event handle; its path copy goes with the watch.
            unsafe {
                crate::fs_watch::release_event_path(handle as *mut crate::fs_watch::uv_fs_event_t)
            };
        }
        // SAFETY: the handle is valid until its close callback returns.
        unsafe {
            if let Some(cb) = (*handle).close_cb {
                cb(handle);
            }
        }
    }

    fn alloc(&self, token: usize, suggested: usize) -> RawBuf {
        // SAFETY: a token is the address of a live C handle, whose type
        // says where its alloc callback is kept.
        match unsafe { (*(token as *const uv_handle_t)).type_ } {
            // SAFETY: a UDP handle.
            crate::udp::UV_UDP => unsafe { crate::udp::alloc(token, suggested) },
            // SAFETY: the engine asks only for live stream or UDP handles.
            _ => unsafe { crate::stream::alloc(token, suggested) },
        }
    }

    fn admit_request(&self, token: usize) -> bool {
        // SAFETY: the token of a stream or UDP request is the caller's
        // request, writable until its callback.
        unsafe { crate::in_flight::take(token as *mut uv_req_t) }
    }

    fn req_done(&self, _lp: &Loop, _id: HandleId, token: usize, kind: ReqKind, status: i32) {
        // SAFETY: the token is the request the engine was given, the
        // caller's until its callback returns; given back before the
        // callback, which may submit it again.
        unsafe { crate::in_flight::release(token as *mut uv_req_t) };
        match kind {
            // SAFETY: the token of a UDP send is its uv_udp_send_t.
            ReqKind::UdpSend => unsafe { crate::udp::send_done(token, status) },
            // SAFETY: the token is the request the engine was given.
            _ => unsafe { crate::stream::req_done(token, kind, status) },
        }
    }

    fn write_queue_size(&self, token: usize, size: usize) {
        // SAFETY: the engine reports only for live stream handles.
        unsafe { crate::stream::set_write_queue_size(token, size) }
    }

    fn signal_stopped(&self, token: usize) {
        // SAFETY: the engine reports only for live signal handles.
        unsafe { crate::signal::stopped(token) };
    }

    fn send_queue(&self, token: usize, size: usize, count: usize) {
        // SAFETY: only UDP handles have a send queue; the token is one.
        unsafe { crate::udp::set_send_queue(token, size, count) };
    }

    fn work_done(&self, _lp: &Loop, token: usize, status: i32) {
        // SAFETY: every pool request starts with uv_req_t, whose type says
        // which kind it is; each kind's `done` gets the request it posted.
        // It is given back before its callback, which may submit it again.
        unsafe {
            crate::in_flight::release(token as *mut uv_req_t);
            match (*(token as *const uv_req_t)).type_ {
                req_type::FS => return crate::fs::done(token as *mut _, status),
                req_type::GETADDRINFO => {
                    return crate::dns::getaddrinfo_done(token as *mut _, status)
                }
                req_type::GETNAMEINFO => {
                    return crate::dns::getnameinfo_done(token as *mut _, status)
                }
                req_type::RANDOM => return crate::os::random_done(token as *mut _, status),
                _ => {}
            }
        }
        let req = token as *mut uv_work_t;
        // SAFETY: the token is the uv_work_t queued by uv_queue_work, valid
        // until its after-work callback has run.
        unsafe {
            if let Some(cb) = (*req).after_work_cb {
                cb(req, status);
            }
        }
    }
}

// A timer lends `handle_queue` and `u` (48 bytes, one after the other) for
// its state and `private` (24 bytes) for its heap links.
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(offset_of!(uv_handle_t, u) == offset_of!(uv_handle_t, handle_queue) + 16);
    assert!(size_of::<LentTimer>() == 16 + 32);
    assert!(offset_of!(uv_handle_t, handle_queue) % align_of::<LentTimer>() == 0);
    assert!(size_of::<HeapLinks>() == size_of::<[u64; 3]>());
    assert!(offset_of!(uv_timer_t, private) % align_of::<HeapLinks>() == 0);
};
