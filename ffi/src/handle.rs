//! Exports common to every handle and request: close, ref counting, state
//! queries, type names and sizes, and the accessors.

use crate::boundary::{guard, guard_void, misuse};
use crate::error::UV_EINVAL;
use crate::resolve::{
    check_thread, engine, engine_for, handle_state, live_handle_or_abort, HandleState,
};
use crate::types::*;
use libc::{c_char, c_int, c_void};
use ruv::engine::{flags, Kind};

/// Aborts when `handle` is a handle that is initialised and not closed:
/// initialising it again would leave the loop holding the first one,
/// which still names this memory (libuv links it into its handle queue a
/// second time). `what` names it in the message ("the timer").
///
/// # Safety
/// `handle` points to handle memory, initialised or not.
pub(crate) unsafe fn refuse_live(handle: *const uv_handle_t, call: &str, what: &str) {
    use std::mem::offset_of;
    // Fresh memory is undefined to memcheck, and these reads are
    // deliberate: any bytes are handled, and init writes every word read.
    let base = handle as *const u8;
    let span = |from: usize, to_end_of: usize, size: usize| {
        crate::memcheck::mark_defined(base.wrapping_add(from), to_end_of + size - from);
    };
    span(
        offset_of!(uv_handle_t, loop_),
        offset_of!(uv_handle_t, type_),
        4,
    );
    span(
        offset_of!(uv_handle_t, handle_queue),
        offset_of!(uv_handle_t, flags),
        4,
    );
    // SAFETY: handle memory, per the caller; only a registered loop is
    // followed.
    if let HandleState::Live(..) = unsafe { handle_state(handle) } {
        misuse(
            call,
            &format!(
                "{what} is already initialised and not closed (close it before initialising it again)"
            ),
        );
    }
}

/// Sets up the common fields of a C handle and registers it with the loop.
/// A handle that is initialised and not closed is a misuse (abort).
///
/// # Safety
/// `lp` and `handle` are NULL or valid for their types' sizes.
pub(crate) unsafe fn init_handle(
    lp: *mut uv_loop_t,
    handle: *mut uv_handle_t,
    type_: c_int,
    kind: Kind,
    call: &str,
) -> c_int {
    if handle.is_null() {
        return UV_EINVAL;
    }
    let what = if kind == Kind::Timer {
        "the timer"
    } else {
        "the handle"
    };
    // SAFETY: handle memory, per the caller.
    unsafe { refuse_live(handle, call, what) };
    // SAFETY: forwarded from the caller.
    let Some(engine) = (unsafe { engine_for(lp, call) }) else {
        return UV_EINVAL;
    };
    // SAFETY: `handle` is writable handle memory, per the caller.
    unsafe {
        (*handle).loop_ = lp;
        (*handle).type_ = type_;
        (*handle).flags = 0;
        (*handle).engine_id = engine.init_handle(kind, handle as usize, None).to_bits();
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn uv_close(handle: *mut uv_handle_t, close_cb: uv_close_cb) {
    guard_void("uv_close", || {
        // SAFETY: NULL or a handle, per the API.
        match unsafe { handle_state(handle) } {
            HandleState::Live(lp, id) => {
                // SAFETY: a live handle's loop is initialised.
                unsafe { check_thread((*handle).loop_, "uv_close") };
                // SAFETY: a live handle. A refused close aborts below, so
                // the callback stored for a double close never runs.
                unsafe { (*handle).close_cb = close_cb };
                if lp.close(id, None).is_err() {
                    if lp.is_closing(id) {
                        misuse("uv_close", "the handle is already closing (double close)");
                    }
                    misuse("uv_close", "the handle cannot be closed");
                }
            }
            HandleState::Closed => {
                misuse("uv_close", "the handle is already closed (double close)")
            }
            HandleState::Invalid if handle.is_null() => misuse("uv_close", "the handle is NULL"),
            HandleState::Invalid => misuse("uv_close", "the handle is not initialised"),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_ref(handle: *mut uv_handle_t) {
    guard_void("uv_ref", || {
        // SAFETY: NULL or a handle, per the API.
        match unsafe { handle_state(handle) } {
            HandleState::Live(lp, id) => {
                // SAFETY: a live handle's loop is initialised.
                unsafe { check_thread((*handle).loop_, "uv_ref") };
                lp.ref_handle(id)
            }
            // Like libuv, a closed handle keeps its flags; ref is harmless.
            // SAFETY: a closed handle's memory is still the caller's handle.
            HandleState::Closed => unsafe { (*handle).flags |= flags::REF },
            HandleState::Invalid => {
                // SAFETY: reached only to produce the misuse message.
                unsafe { live_handle_or_abort(handle, "uv_ref") };
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_unref(handle: *mut uv_handle_t) {
    guard_void("uv_unref", || {
        // SAFETY: NULL or a handle, per the API.
        match unsafe { handle_state(handle) } {
            HandleState::Live(lp, id) => {
                // SAFETY: a live handle's loop is initialised.
                unsafe { check_thread((*handle).loop_, "uv_unref") };
                lp.unref_handle(id)
            }
            // SAFETY: a closed handle's memory is still the caller's handle.
            HandleState::Closed => unsafe { (*handle).flags &= !flags::REF },
            HandleState::Invalid => {
                // SAFETY: reached only to produce the misuse message.
                unsafe { live_handle_or_abort(handle, "uv_unref") };
            }
        }
    })
}

/// Reads the mirrored flag word; a NULL handle reads as no flags.
unsafe fn flag_set(handle: *const uv_handle_t, bits: u32) -> c_int {
    if handle.is_null() {
        return 0;
    }
    // SAFETY: a non-NULL handle pointer, per the API.
    c_int::from(unsafe { (*handle).flags } & bits != 0)
}

#[no_mangle]
pub unsafe extern "C" fn uv_has_ref(handle: *const uv_handle_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { flag_set(handle, flags::REF) }
}

#[no_mangle]
pub unsafe extern "C" fn uv_is_active(handle: *const uv_handle_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { flag_set(handle, flags::ACTIVE) }
}

#[no_mangle]
pub unsafe extern "C" fn uv_is_closing(handle: *const uv_handle_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { flag_set(handle, flags::CLOSING | flags::CLOSED) }
}

/// Names and sizes by type number: (handle name, handle size), in
/// `uv_handle_type` order from UV_ASYNC (1) to UV_FILE (17).
const HANDLE_TYPES: [(&[u8], usize); 17] = [
    (b"async\0", 128),
    (b"check\0", 120),
    (b"fs_event\0", 136),
    (b"fs_poll\0", 104),
    (b"handle\0", 96),
    (b"idle\0", 120),
    (b"pipe\0", 264),
    (b"poll\0", 160),
    (b"prepare\0", 120),
    (b"process\0", 136),
    (b"stream\0", 248),
    (b"tcp\0", 248),
    (b"timer\0", 152),
    (b"tty\0", 312),
    (b"udp\0", 216),
    (b"signal\0", 152),
    (b"file\0", usize::MAX),
];

/// (request name, request size), in `uv_req_type` order from UV_REQ (1).
const REQ_TYPES: [(&[u8], usize); 10] = [
    (b"req\0", 64),
    (b"connect\0", 96),
    (b"write\0", 192),
    (b"shutdown\0", 80),
    (b"udp_send\0", 320),
    (b"fs\0", 440),
    (b"work\0", 128),
    (b"getaddrinfo\0", 160),
    (b"getnameinfo\0", 1320),
    (b"random\0", 144),
];

fn lookup<T: Copy>(table: &[T], type_: c_int) -> Option<T> {
    usize::try_from(type_)
        .ok()?
        .checked_sub(1)
        .and_then(|i| table.get(i).copied())
}

#[no_mangle]
pub extern "C" fn uv_handle_size(type_: c_int) -> usize {
    lookup(&HANDLE_TYPES, type_).map_or(usize::MAX, |(_, size)| size)
}

#[no_mangle]
pub extern "C" fn uv_handle_type_name(type_: c_int) -> *const c_char {
    lookup(&HANDLE_TYPES, type_)
        .map_or(std::ptr::null(), |(name, _)| name.as_ptr() as *const c_char)
}

#[no_mangle]
pub extern "C" fn uv_req_size(type_: c_int) -> usize {
    lookup(&REQ_TYPES, type_).map_or(usize::MAX, |(_, size)| size)
}

#[no_mangle]
pub extern "C" fn uv_req_type_name(type_: c_int) -> *const c_char {
    lookup(&REQ_TYPES, type_).map_or(std::ptr::null(), |(name, _)| name.as_ptr() as *const c_char)
}

#[no_mangle]
pub unsafe extern "C" fn uv_handle_get_type(handle: *const uv_handle_t) -> c_int {
    guard("uv_handle_get_type", 0, || {
        if handle.is_null() {
            0
        } else {
            // SAFETY: a handle pointer, per the API.
            unsafe { (*handle).type_ }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_handle_get_data(handle: *const uv_handle_t) -> *mut c_void {
    // SAFETY: a handle pointer, per the API.
    if handle.is_null() {
        std::ptr::null_mut()
    } else {
        unsafe { (*handle).data }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_handle_set_data(handle: *mut uv_handle_t, data: *mut c_void) {
    if !handle.is_null() {
        // SAFETY: a handle pointer, per the API.
        unsafe { (*handle).data = data };
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_handle_get_loop(handle: *const uv_handle_t) -> *mut uv_loop_t {
    // SAFETY: a handle pointer, per the API.
    if handle.is_null() {
        std::ptr::null_mut()
    } else {
        unsafe { (*handle).loop_ }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_req_get_type(req: *const uv_req_t) -> c_int {
    // SAFETY: a request pointer, per the API.
    if req.is_null() {
        0
    } else {
        unsafe { (*req).type_ }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_req_get_data(req: *const uv_req_t) -> *mut c_void {
    // SAFETY: a request pointer, per the API.
    if req.is_null() {
        std::ptr::null_mut()
    } else {
        unsafe { (*req).data }
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_req_set_data(req: *mut uv_req_t, data: *mut c_void) {
    if !req.is_null() {
        // SAFETY: a request pointer, per the API.
        unsafe { (*req).data = data };
    }
}

/// The descriptor of a handle that works on one (TCP, pipe, UDP, poll);
/// UV_EBADF while it has none or is closing, UV_EINVAL for other types.
#[no_mangle]
pub unsafe extern "C" fn uv_fileno(handle: *const uv_handle_t, fd: *mut c_int) -> c_int {
    guard("uv_fileno", UV_EINVAL, || {
        if fd.is_null() {
            return UV_EINVAL;
        }
        // A closed socket handle has no descriptor: EBADF, as in libuv.
        // SAFETY: NULL or a handle, per the API.
        if let HandleState::Closed = unsafe { handle_state(handle) } {
            // SAFETY: a closed handle's memory is still the caller's handle.
            let type_ = unsafe { (*handle).type_ };
            use handle_type::{NAMED_PIPE, POLL, TCP, TTY, UDP};
            return if [NAMED_PIPE, POLL, TCP, TTY, UDP].contains(&type_) {
                ruv::error::code::EBADF
            } else {
                UV_EINVAL
            };
        }
        // SAFETY: NULL or a handle, per the API.
        let Some((lp, id)) = (unsafe { crate::resolve::live_handle(handle, "uv_fileno") }) else {
            return UV_EINVAL;
        };
        if !lp.kind(id).is_some_and(|k| k.has_descriptor()) {
            return UV_EINVAL;
        }
        match lp.handle_fd(id) {
            Some(raw) if !lp.is_closing(id) => {
                // SAFETY: a valid out pointer, per the API.
                unsafe { *fd = raw };
                0
            }
            _ => ruv::error::code::EBADF,
        }
    })
}

/// SO_SNDBUF / SO_RCVBUF of a socket handle: `*value` 0 reads the size
/// into it, anything else sets it. Other handle types get UV_ENOTSUP.
unsafe fn buffer_size(
    handle: *mut uv_handle_t,
    value: *mut c_int,
    send: bool,
    call: &str,
) -> c_int {
    guard(call, UV_EINVAL, || {
        if handle.is_null() || value.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a handle, per the API.
        let Some((lp, id)) = (unsafe { crate::resolve::live_handle(handle, call) }) else {
            return UV_EINVAL;
        };
        if !lp.kind(id).is_some_and(|k| k.is_socket()) {
            return ruv::error::code::ENOTSUP;
        }
        // SAFETY: a valid in/out pointer, per the API.
        let asked = unsafe { *value };
        match lp.socket_buffer_size(id, send, asked) {
            Ok(size) => {
                if asked == 0 {
                    // SAFETY: as above.
                    unsafe { *value = size };
                }
                0
            }
            Err(e) => e.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_send_buffer_size(handle: *mut uv_handle_t, value: *mut c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe { buffer_size(handle, value, true, "uv_send_buffer_size") }
}

#[no_mangle]
pub unsafe extern "C" fn uv_recv_buffer_size(handle: *mut uv_handle_t, value: *mut c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe { buffer_size(handle, value, false, "uv_recv_buffer_size") }
}

/// Writes one line per handle, as libuv does: `[RAI] type address`, where R,
/// A and I show referenced, active and internal (a dash when not).
unsafe fn print_handles(lp: *mut uv_loop_t, stream: *mut libc::FILE, only_active: bool) {
    let lp = if lp.is_null() {
        crate::loop_::uv_default_loop()
    } else {
        lp
    };
    // SAFETY: NULL or a loop, per the API.
    let Some(engine) = (unsafe { engine(lp) }) else {
        return;
    };
    let stream = if stream.is_null() {
        // SAFETY: glibc's stderr stream is always there.
        unsafe { crate::loop_::stderr_stream() }
    } else {
        stream
    };
    engine.walk(|_, token| {
        let handle = token as *const uv_handle_t;
        // SAFETY: walk yields live handles.
        let (bits, type_) = unsafe { ((*handle).flags, (*handle).type_) };
        if only_active && bits & flags::ACTIVE == 0 {
            return;
        }
        let name = uv_handle_type_name(type_);
        let name = if name.is_null() {
            c"<unknown>".as_ptr()
        } else {
            name
        };
        let r = if bits & flags::REF != 0 { b'R' } else { b'-' };
        let a = if bits & flags::ACTIVE != 0 {
            b'A'
        } else {
            b'-'
        };
        // SAFETY: a valid FILE*, a NUL-terminated format and matching arguments.
        unsafe {
            libc::fprintf(
                stream,
                c"[%c%c-] %-8s %p\n".as_ptr(),
                c_int::from(r),
                c_int::from(a),
                name,
                handle,
            );
        }
    });
}

#[no_mangle]
pub unsafe extern "C" fn uv_print_all_handles(lp: *mut uv_loop_t, stream: *mut libc::FILE) {
    // SAFETY: forwarded from the caller.
    guard_void("uv_print_all_handles", || unsafe {
        print_handles(lp, stream, false)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_print_active_handles(lp: *mut uv_loop_t, stream: *mut libc::FILE) {
    // SAFETY: forwarded from the caller.
    guard_void("uv_print_active_handles", || unsafe {
        print_handles(lp, stream, true)
    })
}
