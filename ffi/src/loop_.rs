//! Loop exports: init and close, run and stop, time, backend, walk, options.

use crate::boundary::{guard, guard_void, misuse};
use crate::error::UV_EINVAL;
use crate::host::CHost;
use crate::resolve::{current_thread, engine};
use crate::types::*;
use libc::{c_int, c_void};
use ruv::engine::{Loop, RunMode};
use ruv::error::code::{EBUSY as UV_EBUSY, ENOSYS as UV_ENOSYS};
use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicPtr, Ordering};

const UV_RUN_DEFAULT: c_int = 0;
const UV_RUN_ONCE: c_int = 1;
const UV_RUN_NOWAIT: c_int = 2;
const UV_LOOP_BLOCK_SIGNAL: c_int = 0;
const UV_METRICS_IDLE_TIME: c_int = 1;

/// Storage for the default loop, handed out by `uv_default_loop`.
struct DefaultLoopStorage(UnsafeCell<MaybeUninit<uv_loop_t>>);
// SAFETY: the storage is only reached through uv_default_loop's pointer,
// and libuv's contract keeps a loop on one thread at a time.
unsafe impl Sync for DefaultLoopStorage {}
static DEFAULT_STORAGE: DefaultLoopStorage =
    DefaultLoopStorage(UnsafeCell::new(MaybeUninit::zeroed()));
static DEFAULT_LOOP: AtomicPtr<uv_loop_t> = AtomicPtr::new(std::ptr::null_mut());

/// The engine loop of `lp`, or the misuse abort for a call with no error return.
unsafe fn engine_or_abort<'a>(lp: *const uv_loop_t, call: &str) -> &'a Loop {
    // SAFETY: forwarded from the caller.
    match unsafe { engine(lp) } {
        Some(engine) => engine,
        None if lp.is_null() => misuse(call, "the loop is NULL"),
        None => misuse(call, "the loop is not initialised (or was closed)"),
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_loop_init(lp: *mut uv_loop_t) -> c_int {
    guard("uv_loop_init", UV_EINVAL, || {
        if lp.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: the caller gives us uv_loop_t-sized writable memory. As in
        // libuv, `data` survives initialisation.
        unsafe {
            let data = (*lp).data;
            std::ptr::write_bytes(lp, 0, 1);
            (*lp).data = data;
        }
        match Loop::with_host(Box::new(CHost { raw: lp })) {
            Ok(engine) => {
                // SAFETY: `lp` is valid (above); the box is released in uv_loop_close.
                unsafe {
                    (*lp).internal_fields = Box::into_raw(Box::new(engine)) as *mut c_void;
                    (*lp).magic = LOOP_MAGIC;
                }
                crate::live_loops::register(lp as usize);
                0
            }
            Err(err) => err.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_loop_close(lp: *mut uv_loop_t) -> c_int {
    guard("uv_loop_close", UV_EINVAL, || {
        // SAFETY: `lp` is NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine(lp) }) else {
            return UV_EINVAL;
        };
        // SAFETY: `engine` succeeded, so `lp` is an initialised loop.
        let running = unsafe { (*lp).running_thread.load(Ordering::Acquire) } != 0;
        if running || engine.can_close().is_err() {
            return UV_EBUSY;
        }
        // SAFETY: the engine loop was boxed by uv_loop_init and nothing else
        // holds it: no handle or request is left to reach it.
        unsafe {
            drop(Box::from_raw((*lp).internal_fields as *mut Loop));
            (*lp).internal_fields = std::ptr::null_mut();
            (*lp).magic = 0;
        }
        crate::live_loops::unregister(lp as usize);
        let _ = DEFAULT_LOOP.compare_exchange(
            lp,
            std::ptr::null_mut(),
            Ordering::AcqRel,
            Ordering::Acquire,
        );
        0
    })
}

#[no_mangle]
pub extern "C" fn uv_default_loop() -> *mut uv_loop_t {
    guard("uv_default_loop", std::ptr::null_mut(), || {
        let current = DEFAULT_LOOP.load(Ordering::Acquire);
        if !current.is_null() {
            return current;
        }
        let lp = DEFAULT_STORAGE.0.get() as *mut uv_loop_t;
        // SAFETY: the static storage is uv_loop_t-sized and not in use (the
        // default loop is not initialised).
        if unsafe { uv_loop_init(lp) } != 0 {
            return std::ptr::null_mut();
        }
        DEFAULT_LOOP.store(lp, Ordering::Release);
        lp
    })
}

#[no_mangle]
pub extern "C" fn uv_loop_new() -> *mut uv_loop_t {
    guard("uv_loop_new", std::ptr::null_mut(), || {
        // SAFETY: malloc of the struct's size; freed by uv_loop_delete.
        let lp = unsafe { libc::malloc(std::mem::size_of::<uv_loop_t>()) } as *mut uv_loop_t;
        if lp.is_null() {
            return lp;
        }
        // SAFETY: fresh memory of the right size.
        unsafe {
            (*lp).data = std::ptr::null_mut();
            if uv_loop_init(lp) != 0 {
                libc::free(lp as *mut c_void);
                return std::ptr::null_mut();
            }
        }
        lp
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_loop_delete(lp: *mut uv_loop_t) {
    guard_void("uv_loop_delete", || {
        let is_default = lp == DEFAULT_LOOP.load(Ordering::Acquire);
        // SAFETY: forwarded from the caller.
        if unsafe { uv_loop_close(lp) } != 0 {
            misuse("uv_loop_delete", "the loop still has handles or requests");
        }
        if !is_default {
            // SAFETY: uv_loop_new allocated it with malloc.
            unsafe { libc::free(lp as *mut c_void) };
        }
    })
}

#[no_mangle]
pub extern "C" fn uv_loop_size() -> usize {
    std::mem::size_of::<uv_loop_t>()
}

#[no_mangle]
pub unsafe extern "C" fn uv_run(lp: *mut uv_loop_t, mode: c_int) -> c_int {
    guard("uv_run", UV_EINVAL, || {
        // SAFETY: NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine(lp) }) else {
            return UV_EINVAL;
        };
        let mode = match mode {
            UV_RUN_DEFAULT => RunMode::Default,
            UV_RUN_ONCE => RunMode::Once,
            UV_RUN_NOWAIT => RunMode::NoWait,
            _ => return UV_EINVAL,
        };
        // Claim the loop for this thread; a nested uv_run (from a callback)
        // finds it claimed by itself and leaves the release to the outer one.
        let me = current_thread();
        // SAFETY: `engine` succeeded, so `lp` is an initialised loop.
        let owner = unsafe { &(*lp).running_thread };
        let outermost = match owner.compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed) {
            Ok(_) => true,
            Err(current) if current == me => false,
            Err(_) => misuse("uv_run", "the loop is already running on another thread"),
        };
        let alive = engine.run(mode);
        if outermost {
            owner.store(0, Ordering::Release);
        }
        c_int::from(alive)
    })
}

/// Call in a forked child before using the loop there: the loop gets an
/// epoll instance, wake-up counter and inotify instance of its own, with
/// everything it watched registered again.
#[no_mangle]
pub unsafe extern "C" fn uv_loop_fork(lp: *mut uv_loop_t) -> c_int {
    guard("uv_loop_fork", UV_EINVAL, || {
        // SAFETY: NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine(lp) }) else {
            return UV_EINVAL;
        };
        // Only the forking thread lives on in the child: a claim on the loop
        // by any other thread (uv_run in progress there at the fork) is stale.
        // SAFETY: `engine` succeeded, so `lp` is an initialised loop.
        let owner = unsafe { &(*lp).running_thread };
        let claimed = owner.load(Ordering::Acquire);
        if claimed != 0 && claimed != current_thread() {
            owner.store(0, Ordering::Release);
        }
        match engine.after_fork() {
            Ok(()) => 0,
            Err(err) => err.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_stop(lp: *mut uv_loop_t) {
    // SAFETY: NULL or a loop, per the API.
    guard_void("uv_stop", || {
        unsafe { engine_or_abort(lp, "uv_stop") }.stop()
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_loop_alive(lp: *const uv_loop_t) -> c_int {
    // SAFETY: NULL or a loop, per the API.
    guard("uv_loop_alive", 0, || match unsafe { engine(lp) } {
        Some(engine) => c_int::from(engine.alive()),
        None => 0,
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_now(lp: *const uv_loop_t) -> u64 {
    // SAFETY: NULL or a loop, per the API.
    guard("uv_now", 0, || {
        unsafe { engine_or_abort(lp, "uv_now") }.now()
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_update_time(lp: *mut uv_loop_t) {
    guard_void("uv_update_time", || {
        // SAFETY: NULL or a loop, per the API.
        let engine = unsafe { engine_or_abort(lp, "uv_update_time") };
        // SAFETY: the loop is initialised (engine_or_abort returned).
        unsafe { crate::resolve::check_thread(lp, "uv_update_time") };
        engine.update_time();
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_backend_fd(lp: *const uv_loop_t) -> c_int {
    // SAFETY: NULL or a loop, per the API.
    guard("uv_backend_fd", UV_EINVAL, || match unsafe { engine(lp) } {
        Some(engine) => engine.backend_fd(),
        None => UV_EINVAL,
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_backend_timeout(lp: *const uv_loop_t) -> c_int {
    // SAFETY: NULL or a loop, per the API.
    guard("uv_backend_timeout", UV_EINVAL, || {
        match unsafe { engine(lp) } {
            Some(engine) => engine.backend_timeout(),
            None => UV_EINVAL,
        }
    })
}

/// `uv_loop_configure(loop, option, ...)`. The optional argument is an int
/// (a signal number); on x86_64 a variadic int travels in the same register
/// as a third fixed int parameter, so it is declared as one.
#[no_mangle]
pub unsafe extern "C" fn uv_loop_configure(lp: *mut uv_loop_t, option: c_int, arg: c_int) -> c_int {
    guard("uv_loop_configure", UV_EINVAL, || {
        // SAFETY: NULL or a loop, per the API.
        let Some(engine) = (unsafe { engine(lp) }) else {
            return UV_EINVAL;
        };
        // SAFETY: the loop is initialised (engine returned it).
        unsafe { crate::resolve::check_thread(lp, "uv_loop_configure") };
        match option {
            UV_METRICS_IDLE_TIME => {
                engine.configure_measure_idle_time();
                0
            }
            UV_LOOP_BLOCK_SIGNAL => match engine.configure_block_signal(arg) {
                Ok(()) => 0,
                Err(err) => err.code(),
            },
            _ => UV_ENOSYS,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_metrics_idle_time(lp: *mut uv_loop_t) -> u64 {
    // SAFETY: NULL or a loop, per the API.
    guard("uv_metrics_idle_time", 0, || {
        unsafe { engine(lp) }.map_or(0, Loop::idle_time)
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_walk(lp: *mut uv_loop_t, walk_cb: uv_walk_cb, arg: *mut c_void) {
    guard_void("uv_walk", || {
        // SAFETY: NULL or a loop, per the API.
        let engine = unsafe { engine_or_abort(lp, "uv_walk") };
        // SAFETY: the loop is initialised (engine_or_abort returned).
        unsafe { crate::resolve::check_thread(lp, "uv_walk") };
        let Some(cb) = walk_cb else {
            misuse("uv_walk", "the callback is NULL");
        };
        // SAFETY: tokens are live C handles; the callback is the caller's.
        engine.walk(|_, token| unsafe { cb(token as *mut uv_handle_t, arg) });
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_loop_get_data(lp: *const uv_loop_t) -> *mut c_void {
    if lp.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: a non-NULL loop pointer, per the API.
    unsafe { (*lp).data }
}

#[no_mangle]
pub unsafe extern "C" fn uv_loop_set_data(lp: *mut uv_loop_t, data: *mut c_void) {
    if !lp.is_null() {
        // SAFETY: a non-NULL loop pointer, per the API.
        unsafe { (*lp).data = data };
    }
}

extern "C" {
    #[link_name = "stderr"]
    static mut C_STDERR: *mut libc::FILE;
}

/// glibc's `stderr` stream.
///
/// # Safety
/// Reads a libc global that is initialised before main.
pub(crate) unsafe fn stderr_stream() -> *mut libc::FILE {
    // SAFETY: `stderr` is a plain pointer variable glibc sets up at start.
    unsafe { C_STDERR }
}
