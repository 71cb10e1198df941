//! TTY handle exports: streams over terminals, terminal modes and size.

use crate::boundary::{guard, guard_void};
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::stream::{clear_stream_fields, uv_stream_t};
use crate::types::*;
use libc::c_int;
use ruv::engine::{Kind, Loop, TtyDescriptor};
use ruv::error::code;

#[repr(C)]
pub struct uv_tty_t {
    pub stream: uv_stream_t,
    /// libuv keeps the saved termios and the mode here; ours are in the
    /// engine.
    pub private: [u64; 8],
}

const _: () = assert!(std::mem::size_of::<uv_tty_t>() == 312);

unsafe fn live_tty<'a>(
    tty: *const uv_tty_t,
    call: &str,
) -> Option<(&'a Loop, ruv::engine::HandleId)> {
    // SAFETY: forwarded from the caller.
    let (lp, id) = unsafe { live_handle(tty, call) }?;
    (lp.kind(id) == Some(Kind::Tty)).then_some((lp, id))
}

#[no_mangle]
pub unsafe extern "C" fn uv_tty_init(
    lp: *mut uv_loop_t,
    tty: *mut uv_tty_t,
    fd: c_int,
    _unused: c_int,
) -> c_int {
    guard("uv_tty_init", UV_EINVAL, || {
        if tty.is_null() {
            return UV_EINVAL;
        }
        // Refused descriptors leave the handle untouched, as in libuv.
        let descriptor = match Loop::tty_descriptor(fd) {
            Ok(d) => d,
            Err(e) => return e.code(),
        };
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                tty as *mut uv_handle_t,
                handle_type::TTY,
                Kind::Tty,
                "uv_tty_init",
            )
        };
        if status != 0 {
            return status;
        }
        // SAFETY: initialised just above.
        unsafe { clear_stream_fields(tty as *mut uv_stream_t) };
        // SAFETY: as above.
        let (engine, id) = unsafe { live_tty(tty, "uv_tty_init") }.expect("just made");
        engine.stream_init(id, false);
        let (owned, blocking_writes, lent) = match descriptor {
            TtyDescriptor::Reopened(fresh) => (fresh, false, false),
            // SAFETY: the caller gives `fd` to the handle, which closes it
            // when it is closed (unless it is stdio), as libuv does.
            TtyDescriptor::Same { blocking_writes } => {
                (unsafe { ruv::sys::net::adopt(fd) }, blocking_writes, true)
            }
        };
        match engine.tty_open(id, owned, blocking_writes) {
            Ok(()) => 0,
            Err((err, owned)) => {
                if lent {
                    ruv::sys::net::release(owned);
                }
                engine.discard(id);
                err.code()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_tty_set_mode(tty: *mut uv_tty_t, mode: c_int) -> c_int {
    guard("uv_tty_set_mode", UV_EINVAL, || {
        // SAFETY: NULL or a tty, per the API.
        let Some((lp, id)) = (unsafe { live_tty(tty, "uv_tty_set_mode") }) else {
            return UV_EINVAL;
        };
        lp.tty_set_mode(id, mode).map_or_else(|e| e.code(), |()| 0)
    })
}

#[no_mangle]
pub extern "C" fn uv_tty_reset_mode() -> c_int {
    // No guard: this may run in a signal handler, and nothing here panics.
    Loop::tty_reset_mode().map_or_else(|e| e.code(), |()| 0)
}

#[no_mangle]
pub unsafe extern "C" fn uv_tty_get_winsize(
    tty: *mut uv_tty_t,
    width: *mut c_int,
    height: *mut c_int,
) -> c_int {
    guard("uv_tty_get_winsize", UV_EINVAL, || {
        if width.is_null() || height.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: NULL or a tty, per the API.
        let Some((lp, id)) = (unsafe { live_tty(tty, "uv_tty_get_winsize") }) else {
            return UV_EINVAL;
        };
        match lp.tty_window_size(id) {
            Ok((columns, rows)) => {
                // SAFETY: checked non-NULL above; the caller's ints.
                unsafe {
                    *width = columns;
                    *height = rows;
                }
                0
            }
            Err(e) => e.code(),
        }
    })
}

/// Virtual-terminal state is a Windows console notion: nothing to set here.
#[no_mangle]
pub extern "C" fn uv_tty_set_vterm_state(_state: c_int) {
    guard_void("uv_tty_set_vterm_state", || ());
}

#[no_mangle]
pub unsafe extern "C" fn uv_tty_get_vterm_state(_state: *mut c_int) -> c_int {
    code::ENOTSUP
}
