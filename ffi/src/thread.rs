//! Threads, one-time initialisation and thread-local keys: `uv_thread_*`,
//! `uv_once` and `uv_key_*`, straight onto pthreads as libuv does on Unix
//! (`uv_thread_t` is `pthread_t`, `uv_once_t` is `pthread_once_t`, `uv_key_t`
//! is `pthread_key_t`).
//!
//! Failures libuv cannot report through a return value (a failed
//! `pthread_key_delete`, a failed `pthread_once`) abort, as in libuv, with a
//! message naming the call.

use std::ffi::c_void;

use libc::{c_int, c_uint, pthread_attr_t, pthread_key_t, pthread_once_t, pthread_t, size_t};

use crate::boundary;
use crate::error::UV_EINVAL;
use crate::sync::{einval_if_null, fail, uv_err};

/// `uv_thread_cb`: `void (*)(void* arg)`.
pub type uv_thread_cb = unsafe extern "C" fn(arg: *mut c_void);

/// `UV_THREAD_HAS_STACK_SIZE` in `uv_thread_options_t.flags`.
const UV_THREAD_HAS_STACK_SIZE: c_uint = 1;

/// `uv_thread_options_t`: flags, then the stack size they may enable.
#[repr(C)]
pub struct uv_thread_options_t {
    pub flags: c_uint,
    pub stack_size: size_t,
}

fn page_size() -> usize {
    // SAFETY: sysconf has no memory effects.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size)
        .ok()
        .filter(|&s| s > 0)
        .unwrap_or(4096)
}

/// `PTHREAD_STACK_MIN` as glibc reports it at run time.
fn stack_min() -> usize {
    // SAFETY: sysconf has no memory effects.
    let min = unsafe { libc::sysconf(libc::_SC_THREAD_STACK_MIN) };
    usize::try_from(min)
        .ok()
        .filter(|&m| m > 0)
        .unwrap_or(libc::PTHREAD_STACK_MIN)
}

/// The stack size libuv gives threads when none is asked for: the stack
/// rlimit, rounded down to whole pages, when it is finite and at least
/// `PTHREAD_STACK_MIN`; otherwise glibc's 2 MiB default.
fn default_stack_size() -> usize {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid, writable rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut lim) } != 0 {
        boundary::misuse("uv_thread_create", "getrlimit(RLIMIT_STACK) failed");
    }
    if lim.rlim_cur != libc::RLIM_INFINITY {
        let page = page_size() as u64;
        let cur = lim.rlim_cur - lim.rlim_cur % page;
        if cur >= stack_min() as u64 {
            return usize::try_from(cur).unwrap_or(usize::MAX & !(page as usize - 1));
        }
    }
    2 << 20
}

/// A requested stack size made usable: rounded up to whole pages and raised
/// to at least `PTHREAD_STACK_MIN`, as libuv does. Like libuv, the rounding
/// wraps for sizes within a page of `SIZE_MAX`, which then get the minimum.
fn requested_stack_size(size: usize) -> usize {
    let page = page_size();
    let rounded = size.wrapping_add(page - 1) & !(page - 1);
    rounded.max(stack_min())
}

/// `int uv_thread_create(uv_thread_t* tid, uv_thread_cb entry, void* arg)`.
#[no_mangle]
pub extern "C" fn uv_thread_create(
    tid: *mut pthread_t,
    entry: Option<uv_thread_cb>,
    arg: *mut c_void,
) -> c_int {
    let options = uv_thread_options_t {
        flags: 0,
        stack_size: 0,
    };
    uv_thread_create_ex(tid, &options, entry, arg)
}

/// `int uv_thread_create_ex(uv_thread_t* tid, const uv_thread_options_t*
/// params, uv_thread_cb entry, void* arg)`: starts `entry(arg)` on a new
/// thread, with the stack size in `params` when its flags say so.
#[no_mangle]
pub extern "C" fn uv_thread_create_ex(
    tid: *mut pthread_t,
    params: *const uv_thread_options_t,
    entry: Option<uv_thread_cb>,
    arg: *mut c_void,
) -> c_int {
    boundary::guard("uv_thread_create_ex", UV_EINVAL, || {
        einval_if_null!(tid, params);
        let Some(entry) = entry else {
            return UV_EINVAL;
        };
        // SAFETY: `params` is non-null and points to the caller's options.
        let params = unsafe { &*params };
        let stack_size = if params.flags & UV_THREAD_HAS_STACK_SIZE != 0 && params.stack_size != 0 {
            requested_stack_size(params.stack_size)
        } else {
            default_stack_size()
        };

        // SAFETY: an all-zero pthread_attr_t is only storage; pthread_attr_init
        // sets it up before any other use.
        let mut attr: pthread_attr_t = unsafe { std::mem::zeroed() };
        // SAFETY: `attr` is writable storage for an attribute object.
        if unsafe { libc::pthread_attr_init(&mut attr) } != 0 {
            boundary::misuse("uv_thread_create_ex", "pthread_attr_init failed");
        }
        // SAFETY: `attr` was initialised above.
        let rc = unsafe { libc::pthread_attr_setstacksize(&mut attr, stack_size) };
        if rc != 0 {
            fail("uv_thread_create_ex", "pthread_attr_setstacksize", rc);
        }
        // The thread runs the C callback directly, as libuv does: a function
        // returning void, started as one returning a pointer. No Rust frame is
        // on the new thread's stack, so pthread_exit and cancellation from the
        // callback behave as under libuv.
        // SAFETY: on the x86_64 SysV ABI (and every ABI libuv runs on) calling
        // a void function through a pointer-returning type only leaves an
        // unspecified return register, which pthread keeps as the thread's
        // exit value and nobody reads: uv_thread_join passes NULL.
        let start = unsafe {
            std::mem::transmute::<uv_thread_cb, extern "C" fn(*mut c_void) -> *mut c_void>(entry)
        };
        // SAFETY: `tid` is non-null and writable; `attr` is initialised.
        let rc = unsafe { libc::pthread_create(tid, &attr, start, arg) };
        // SAFETY: `attr` was initialised and is not used after this.
        unsafe { libc::pthread_attr_destroy(&mut attr) };
        uv_err(rc)
    })
}

/// `uv_thread_t uv_thread_self(void)`.
#[no_mangle]
pub extern "C" fn uv_thread_self() -> pthread_t {
    // SAFETY: pthread_self cannot fail.
    let me = unsafe { libc::pthread_self() };
    boundary::guard("uv_thread_self", me, || me)
}

/// `int uv_thread_join(uv_thread_t* tid)`: waits for the thread to end.
#[no_mangle]
pub extern "C" fn uv_thread_join(tid: *mut pthread_t) -> c_int {
    boundary::guard("uv_thread_join", UV_EINVAL, || {
        einval_if_null!(tid);
        // SAFETY: `tid` is non-null and holds a thread id from the caller.
        let rc = unsafe { libc::pthread_join(*tid, std::ptr::null_mut()) };
        uv_err(rc)
    })
}

/// `int uv_thread_equal(const uv_thread_t* t1, const uv_thread_t* t2)`:
/// non-zero when both name the same thread.
#[no_mangle]
pub extern "C" fn uv_thread_equal(t1: *const pthread_t, t2: *const pthread_t) -> c_int {
    boundary::guard("uv_thread_equal", 0, || {
        if t1.is_null() || t2.is_null() {
            boundary::misuse("uv_thread_equal", "NULL thread id");
        }
        // SAFETY: both are non-null and hold thread ids from the caller.
        unsafe { libc::pthread_equal(*t1, *t2) }
    })
}

/// `void uv_once(uv_once_t* guard, void (*callback)(void))`: runs `callback`
/// exactly once for `guard`, whichever thread gets there first.
#[no_mangle]
pub extern "C" fn uv_once(guard: *mut pthread_once_t, callback: Option<extern "C" fn()>) {
    boundary::guard_void("uv_once", || {
        let Some(callback) = callback else {
            boundary::misuse("uv_once", "NULL callback");
        };
        if guard.is_null() {
            boundary::misuse("uv_once", "NULL guard");
        }
        // SAFETY: `guard` is non-null and points to the caller's once control.
        let rc = unsafe { libc::pthread_once(guard, callback) };
        if rc != 0 {
            fail("uv_once", "pthread_once", rc);
        }
    })
}

/// `int uv_key_create(uv_key_t* key)`.
#[no_mangle]
pub extern "C" fn uv_key_create(key: *mut pthread_key_t) -> c_int {
    boundary::guard("uv_key_create", UV_EINVAL, || {
        einval_if_null!(key);
        // SAFETY: `key` is non-null and writable.
        uv_err(unsafe { libc::pthread_key_create(key, None) })
    })
}

/// `void uv_key_delete(uv_key_t* key)`.
#[no_mangle]
pub extern "C" fn uv_key_delete(key: *mut pthread_key_t) {
    boundary::guard_void("uv_key_delete", || {
        let key = read_key("uv_key_delete", key);
        // SAFETY: deleting a key has no memory effects on our side.
        let rc = unsafe { libc::pthread_key_delete(key) };
        if rc != 0 {
            fail("uv_key_delete", "pthread_key_delete", rc);
        }
    })
}

/// `void* uv_key_get(uv_key_t* key)`: this thread's value, NULL if unset.
#[no_mangle]
pub extern "C" fn uv_key_get(key: *mut pthread_key_t) -> *mut c_void {
    boundary::guard("uv_key_get", std::ptr::null_mut(), || {
        let key = read_key("uv_key_get", key);
        // SAFETY: pthread_getspecific only reads this thread's slot.
        unsafe { libc::pthread_getspecific(key) }
    })
}

/// `void uv_key_set(uv_key_t* key, void* value)`.
#[no_mangle]
pub extern "C" fn uv_key_set(key: *mut pthread_key_t, value: *mut c_void) {
    boundary::guard_void("uv_key_set", || {
        let key = read_key("uv_key_set", key);
        // SAFETY: pthread_setspecific only stores the pointer value.
        let rc = unsafe { libc::pthread_setspecific(key, value) };
        if rc != 0 {
            fail("uv_key_set", "pthread_setspecific", rc);
        }
    })
}

fn read_key(call: &str, key: *const pthread_key_t) -> pthread_key_t {
    if key.is_null() {
        boundary::misuse(call, "NULL key");
    }
    // SAFETY: `key` is non-null and points to the caller's key.
    unsafe { *key }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn stack_sizes() {
        let page = page_size();
        assert_eq!(requested_stack_size(1), stack_min().max(page));
        assert_eq!(requested_stack_size(1 << 20) % page, 0);
        assert_eq!(requested_stack_size((1 << 20) + 1), (1 << 20) + page);
        assert_eq!(requested_stack_size(usize::MAX), stack_min().max(page));
        assert!(default_stack_size() >= stack_min());
    }

    static RAN: AtomicUsize = AtomicUsize::new(0);

    unsafe extern "C" fn bump(arg: *mut c_void) {
        RAN.fetch_add(arg as usize, Ordering::SeqCst);
    }

    #[test]
    fn create_and_join() {
        let mut tid: pthread_t = 0;
        assert_eq!(uv_thread_create(&mut tid, Some(bump), 5 as *mut c_void), 0);
        assert_eq!(uv_thread_join(&mut tid), 0);
        let opts = uv_thread_options_t {
            flags: UV_THREAD_HAS_STACK_SIZE,
            stack_size: 1,
        };
        assert_eq!(
            uv_thread_create_ex(&mut tid, &opts, Some(bump), 7 as *mut c_void),
            0
        );
        assert_eq!(uv_thread_join(&mut tid), 0);
        assert_eq!(RAN.load(Ordering::SeqCst), 12);
        assert_eq!(
            uv_thread_create(&mut tid, None, std::ptr::null_mut()),
            UV_EINVAL
        );
    }
}
