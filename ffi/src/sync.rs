//! Locks and friends: `uv_mutex_*`, `uv_rwlock_*`, `uv_sem_*`, `uv_cond_*`
//! and `uv_barrier_*`, straight onto the pthread types as libuv does on Linux
//! (`uv_mutex_t` is `pthread_mutex_t`, `uv_rwlock_t` `pthread_rwlock_t`,
//! `uv_sem_t` `sem_t`, `uv_cond_t` `pthread_cond_t`, `uv_barrier_t`
//! `pthread_barrier_t`).
//!
//! As in libuv: the init calls return errors as negative codes; the try
//! calls return `UV_EBUSY` (locks) or `UV_EAGAIN` (semaphores) when they would
//! block; every other failure (of lock, unlock, wait, post, destroy) aborts,
//! here with a message naming the call. Mutexes are plain (not error-checking)
//! mutexes, as in libuv's release builds.

use libc::{
    c_int, c_uint, pthread_barrier_t, pthread_cond_t, pthread_mutex_t, pthread_rwlock_t, sem_t,
};

use crate::boundary;
use crate::error::{UV_EAGAIN, UV_EBUSY, UV_EINVAL, UV_ETIMEDOUT};

/// Returns `UV_EINVAL` from the enclosing export when a pointer is NULL.
macro_rules! einval_if_null {
    ($($ptr:ident),+) => {
        $(if $ptr.is_null() {
            return $crate::error::UV_EINVAL;
        })+
    };
}
pub(crate) use einval_if_null;

/// A pthread return value (0 or an errno) as a libuv result.
pub(crate) fn uv_err(rc: c_int) -> c_int {
    ruv::error::Error::from_errno(rc).code()
}

/// Aborts after `pthread_fn` failed with `rc` inside `call`.
#[cold]
pub(crate) fn fail(call: &str, pthread_fn: &str, rc: c_int) -> ! {
    let why = std::io::Error::from_raw_os_error(rc);
    boundary::misuse(call, &format!("{pthread_fn} failed: {why}"))
}

/// The calling thread's errno.
fn errno() -> c_int {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Aborts with "NULL <what>" when `ptr` is NULL.
fn non_null<T>(call: &str, ptr: *mut T) -> *mut T {
    if ptr.is_null() {
        boundary::misuse(call, "NULL argument");
    }
    ptr
}

/// Runs a pthread call that may not fail; aborts naming `call` if it does.
fn must(call: &str, pthread_fn: &str, rc: c_int) {
    if rc != 0 {
        fail(call, pthread_fn, rc);
    }
}

// ---- mutexes ----------------------------------------------------------------

/// `int uv_mutex_init(uv_mutex_t* handle)`.
#[no_mangle]
pub extern "C" fn uv_mutex_init(mutex: *mut pthread_mutex_t) -> c_int {
    boundary::guard("uv_mutex_init", UV_EINVAL, || {
        einval_if_null!(mutex);
        // SAFETY: `mutex` is non-null, writable storage for a mutex.
        uv_err(unsafe { libc::pthread_mutex_init(mutex, std::ptr::null()) })
    })
}

/// `int uv_mutex_init_recursive(uv_mutex_t* handle)`.
#[no_mangle]
pub extern "C" fn uv_mutex_init_recursive(mutex: *mut pthread_mutex_t) -> c_int {
    const CALL: &str = "uv_mutex_init_recursive";
    boundary::guard(CALL, UV_EINVAL, || {
        einval_if_null!(mutex);
        // SAFETY: zeroed storage, set up by pthread_mutexattr_init below.
        let mut attr: libc::pthread_mutexattr_t = unsafe { std::mem::zeroed() };
        // SAFETY: `attr` is writable storage for an attribute object.
        must(CALL, "pthread_mutexattr_init", unsafe {
            libc::pthread_mutexattr_init(&mut attr)
        });
        // SAFETY: `attr` is initialised.
        must(CALL, "pthread_mutexattr_settype", unsafe {
            libc::pthread_mutexattr_settype(&mut attr, libc::PTHREAD_MUTEX_RECURSIVE)
        });
        // SAFETY: `mutex` is non-null, writable; `attr` is initialised.
        let rc = unsafe { libc::pthread_mutex_init(mutex, &attr) };
        // SAFETY: `attr` is initialised and not used after this.
        must(CALL, "pthread_mutexattr_destroy", unsafe {
            libc::pthread_mutexattr_destroy(&mut attr)
        });
        uv_err(rc)
    })
}

/// `void uv_mutex_destroy(uv_mutex_t* handle)`.
#[no_mangle]
pub extern "C" fn uv_mutex_destroy(mutex: *mut pthread_mutex_t) {
    const CALL: &str = "uv_mutex_destroy";
    boundary::guard_void(CALL, || {
        let mutex = non_null(CALL, mutex);
        // SAFETY: `mutex` is non-null and was initialised by the caller.
        must(CALL, "pthread_mutex_destroy", unsafe {
            libc::pthread_mutex_destroy(mutex)
        });
    })
}

/// `void uv_mutex_lock(uv_mutex_t* handle)`.
#[no_mangle]
pub extern "C" fn uv_mutex_lock(mutex: *mut pthread_mutex_t) {
    const CALL: &str = "uv_mutex_lock";
    boundary::guard_void(CALL, || {
        let mutex = non_null(CALL, mutex);
        // SAFETY: `mutex` is non-null and was initialised by the caller.
        must(CALL, "pthread_mutex_lock", unsafe {
            libc::pthread_mutex_lock(mutex)
        });
    })
}

/// `int uv_mutex_trylock(uv_mutex_t* handle)`: 0, or `UV_EBUSY` when the
/// mutex is held (or a recursive one is held too deeply).
#[no_mangle]
pub extern "C" fn uv_mutex_trylock(mutex: *mut pthread_mutex_t) -> c_int {
    const CALL: &str = "uv_mutex_trylock";
    boundary::guard(CALL, UV_EINVAL, || {
        einval_if_null!(mutex);
        // SAFETY: `mutex` is non-null and was initialised by the caller.
        match unsafe { libc::pthread_mutex_trylock(mutex) } {
            0 => 0,
            libc::EBUSY | libc::EAGAIN => UV_EBUSY,
            rc => fail(CALL, "pthread_mutex_trylock", rc),
        }
    })
}

/// `void uv_mutex_unlock(uv_mutex_t* handle)`.
#[no_mangle]
pub extern "C" fn uv_mutex_unlock(mutex: *mut pthread_mutex_t) {
    const CALL: &str = "uv_mutex_unlock";
    boundary::guard_void(CALL, || {
        let mutex = non_null(CALL, mutex);
        // SAFETY: `mutex` is non-null and was initialised by the caller.
        must(CALL, "pthread_mutex_unlock", unsafe {
            libc::pthread_mutex_unlock(mutex)
        });
    })
}

// ---- read-write locks -------------------------------------------------------

/// `int uv_rwlock_init(uv_rwlock_t* rwlock)`.
#[no_mangle]
pub extern "C" fn uv_rwlock_init(rwlock: *mut pthread_rwlock_t) -> c_int {
    boundary::guard("uv_rwlock_init", UV_EINVAL, || {
        einval_if_null!(rwlock);
        // SAFETY: `rwlock` is non-null, writable storage for a lock.
        uv_err(unsafe { libc::pthread_rwlock_init(rwlock, std::ptr::null()) })
    })
}

/// Defines a void rwlock export that aborts when the pthread call fails.
macro_rules! rwlock_void {
    ($name:ident, $pthread_fn:ident) => {
        #[doc = concat!("`void ", stringify!($name), "(uv_rwlock_t* rwlock)`.")]
        #[no_mangle]
        pub extern "C" fn $name(rwlock: *mut pthread_rwlock_t) {
            const CALL: &str = stringify!($name);
            boundary::guard_void(CALL, || {
                let rwlock = non_null(CALL, rwlock);
                // SAFETY: `rwlock` is non-null and was initialised by the caller.
                must(CALL, stringify!($pthread_fn), unsafe {
                    libc::$pthread_fn(rwlock)
                });
            })
        }
    };
}

/// Defines a try-lock rwlock export: 0, or `UV_EBUSY` when it would block.
macro_rules! rwlock_try {
    ($name:ident, $pthread_fn:ident) => {
        #[doc = concat!("`int ", stringify!($name), "(uv_rwlock_t* rwlock)`: 0 or `UV_EBUSY`.")]
        #[no_mangle]
        pub extern "C" fn $name(rwlock: *mut pthread_rwlock_t) -> c_int {
            const CALL: &str = stringify!($name);
            boundary::guard(CALL, UV_EINVAL, || {
                einval_if_null!(rwlock);
                // SAFETY: `rwlock` is non-null and was initialised by the caller.
                match unsafe { libc::$pthread_fn(rwlock) } {
                    0 => 0,
                    libc::EBUSY | libc::EAGAIN => UV_EBUSY,
                    rc => fail(CALL, stringify!($pthread_fn), rc),
                }
            })
        }
    };
}

rwlock_void!(uv_rwlock_destroy, pthread_rwlock_destroy);
rwlock_void!(uv_rwlock_rdlock, pthread_rwlock_rdlock);
rwlock_try!(uv_rwlock_tryrdlock, pthread_rwlock_tryrdlock);
rwlock_void!(uv_rwlock_rdunlock, pthread_rwlock_unlock);
rwlock_void!(uv_rwlock_wrlock, pthread_rwlock_wrlock);
rwlock_try!(uv_rwlock_trywrlock, pthread_rwlock_trywrlock);
rwlock_void!(uv_rwlock_wrunlock, pthread_rwlock_unlock);

// ---- semaphores -------------------------------------------------------------

/// `int uv_sem_init(uv_sem_t* sem, unsigned int value)`.
#[no_mangle]
pub extern "C" fn uv_sem_init(sem: *mut sem_t, value: c_uint) -> c_int {
    boundary::guard("uv_sem_init", UV_EINVAL, || {
        einval_if_null!(sem);
        // SAFETY: `sem` is non-null, writable storage for a semaphore.
        if unsafe { libc::sem_init(sem, 0, value) } != 0 {
            return uv_err(errno());
        }
        0
    })
}

/// `void uv_sem_destroy(uv_sem_t* sem)`.
#[no_mangle]
pub extern "C" fn uv_sem_destroy(sem: *mut sem_t) {
    const CALL: &str = "uv_sem_destroy";
    boundary::guard_void(CALL, || {
        let sem = non_null(CALL, sem);
        // SAFETY: `sem` is non-null and was initialised by the caller.
        if unsafe { libc::sem_destroy(sem) } != 0 {
            fail(CALL, "sem_destroy", errno());
        }
    })
}

/// `void uv_sem_post(uv_sem_t* sem)`.
#[no_mangle]
pub extern "C" fn uv_sem_post(sem: *mut sem_t) {
    const CALL: &str = "uv_sem_post";
    boundary::guard_void(CALL, || {
        let sem = non_null(CALL, sem);
        // SAFETY: `sem` is non-null and was initialised by the caller.
        if unsafe { libc::sem_post(sem) } != 0 {
            fail(CALL, "sem_post", errno());
        }
    })
}

/// `void uv_sem_wait(uv_sem_t* sem)`: waits, riding out signal interruptions.
#[no_mangle]
pub extern "C" fn uv_sem_wait(sem: *mut sem_t) {
    const CALL: &str = "uv_sem_wait";
    boundary::guard_void(CALL, || {
        let sem = non_null(CALL, sem);
        loop {
            // SAFETY: `sem` is non-null and was initialised by the caller.
            if unsafe { libc::sem_wait(sem) } == 0 {
                return;
            }
            match errno() {
                libc::EINTR => continue,
                e => fail(CALL, "sem_wait", e),
            }
        }
    })
}

/// `int uv_sem_trywait(uv_sem_t* sem)`: 0, or `UV_EAGAIN` when the count is 0.
#[no_mangle]
pub extern "C" fn uv_sem_trywait(sem: *mut sem_t) -> c_int {
    const CALL: &str = "uv_sem_trywait";
    boundary::guard(CALL, UV_EINVAL, || {
        einval_if_null!(sem);
        loop {
            // SAFETY: `sem` is non-null and was initialised by the caller.
            if unsafe { libc::sem_trywait(sem) } == 0 {
                return 0;
            }
            match errno() {
                libc::EINTR => continue,
                libc::EAGAIN => return UV_EAGAIN,
                e => fail(CALL, "sem_trywait", e),
            }
        }
    })
}

// ---- condition variables ----------------------------------------------------

/// `int uv_cond_init(uv_cond_t* cond)`: a condition variable timed on the
/// monotonic clock, as `uv_cond_timedwait` expects.
#[no_mangle]
pub extern "C" fn uv_cond_init(cond: *mut pthread_cond_t) -> c_int {
    boundary::guard("uv_cond_init", UV_EINVAL, || {
        einval_if_null!(cond);
        // SAFETY: zeroed storage, set up by pthread_condattr_init below.
        let mut attr: libc::pthread_condattr_t = unsafe { std::mem::zeroed() };
        // SAFETY: `attr` is writable storage for an attribute object.
        let rc = unsafe { libc::pthread_condattr_init(&mut attr) };
        if rc != 0 {
            return uv_err(rc);
        }
        // SAFETY: `attr` is initialised.
        let mut rc = unsafe { libc::pthread_condattr_setclock(&mut attr, libc::CLOCK_MONOTONIC) };
        if rc == 0 {
            // SAFETY: `cond` is non-null, writable; `attr` is initialised.
            rc = unsafe { libc::pthread_cond_init(cond, &attr) };
        }
        // SAFETY: `attr` is initialised and not used after this.
        let destroyed = unsafe { libc::pthread_condattr_destroy(&mut attr) };
        if rc == 0 && destroyed != 0 {
            // SAFETY: `cond` was initialised just above and is not yet shared.
            unsafe { libc::pthread_cond_destroy(cond) };
            rc = destroyed;
        }
        uv_err(rc)
    })
}

/// Defines a void condition-variable export that aborts on failure.
macro_rules! cond_void {
    ($name:ident, $pthread_fn:ident) => {
        #[doc = concat!("`void ", stringify!($name), "(uv_cond_t* cond)`.")]
        #[no_mangle]
        pub extern "C" fn $name(cond: *mut pthread_cond_t) {
            const CALL: &str = stringify!($name);
            boundary::guard_void(CALL, || {
                let cond = non_null(CALL, cond);
                // SAFETY: `cond` is non-null and was initialised by the caller.
                must(CALL, stringify!($pthread_fn), unsafe {
                    libc::$pthread_fn(cond)
                });
            })
        }
    };
}

cond_void!(uv_cond_destroy, pthread_cond_destroy);
cond_void!(uv_cond_signal, pthread_cond_signal);
cond_void!(uv_cond_broadcast, pthread_cond_broadcast);

/// `void uv_cond_wait(uv_cond_t* cond, uv_mutex_t* mutex)`.
#[no_mangle]
pub extern "C" fn uv_cond_wait(cond: *mut pthread_cond_t, mutex: *mut pthread_mutex_t) {
    const CALL: &str = "uv_cond_wait";
    boundary::guard_void(CALL, || {
        let (cond, mutex) = (non_null(CALL, cond), non_null(CALL, mutex));
        // SAFETY: both are non-null and initialised; the caller holds `mutex`.
        must(CALL, "pthread_cond_wait", unsafe {
            libc::pthread_cond_wait(cond, mutex)
        });
    })
}

/// `int uv_cond_timedwait(uv_cond_t* cond, uv_mutex_t* mutex, uint64_t
/// timeout)`: waits at most `timeout` nanoseconds; 0 when signalled (or woken
/// spuriously), `UV_ETIMEDOUT` when the time ran out.
#[no_mangle]
pub extern "C" fn uv_cond_timedwait(
    cond: *mut pthread_cond_t,
    mutex: *mut pthread_mutex_t,
    timeout: u64,
) -> c_int {
    const CALL: &str = "uv_cond_timedwait";
    boundary::guard(CALL, UV_EINVAL, || {
        einval_if_null!(cond, mutex);
        // The deadline is on CLOCK_MONOTONIC, the clock uv_cond_init chose.
        // It wraps as libuv's does: a timeout near 2^64 ns ends at once.
        let deadline = ruv::sys::time::hrtime().wrapping_add(timeout);
        let ts = libc::timespec {
            tv_sec: (deadline / 1_000_000_000) as libc::time_t,
            tv_nsec: (deadline % 1_000_000_000) as libc::c_long,
        };
        // SAFETY: both are non-null and initialised; the caller holds `mutex`.
        match unsafe { libc::pthread_cond_timedwait(cond, mutex, &ts) } {
            0 => 0,
            libc::ETIMEDOUT => UV_ETIMEDOUT,
            rc => fail(CALL, "pthread_cond_timedwait", rc),
        }
    })
}

// ---- barriers ---------------------------------------------------------------

/// `int uv_barrier_init(uv_barrier_t* barrier, unsigned int count)`.
#[no_mangle]
pub extern "C" fn uv_barrier_init(barrier: *mut pthread_barrier_t, count: c_uint) -> c_int {
    boundary::guard("uv_barrier_init", UV_EINVAL, || {
        einval_if_null!(barrier);
        // SAFETY: `barrier` is non-null, writable storage for a barrier.
        uv_err(unsafe { libc::pthread_barrier_init(barrier, std::ptr::null(), count) })
    })
}

/// `void uv_barrier_destroy(uv_barrier_t* barrier)`.
#[no_mangle]
pub extern "C" fn uv_barrier_destroy(barrier: *mut pthread_barrier_t) {
    const CALL: &str = "uv_barrier_destroy";
    boundary::guard_void(CALL, || {
        let barrier = non_null(CALL, barrier);
        // SAFETY: `barrier` is non-null and was initialised by the caller.
        must(CALL, "pthread_barrier_destroy", unsafe {
            libc::pthread_barrier_destroy(barrier)
        });
    })
}

/// `int uv_barrier_wait(uv_barrier_t* barrier)`: waits for all `count`
/// threads; returns 1 in exactly one of them (the "serial thread"), 0 in the
/// others.
#[no_mangle]
pub extern "C" fn uv_barrier_wait(barrier: *mut pthread_barrier_t) -> c_int {
    const CALL: &str = "uv_barrier_wait";
    boundary::guard(CALL, UV_EINVAL, || {
        einval_if_null!(barrier);
        // SAFETY: `barrier` is non-null and was initialised by the caller.
        match unsafe { libc::pthread_barrier_wait(barrier) } {
            0 => 0,
            libc::PTHREAD_BARRIER_SERIAL_THREAD => 1,
            rc => fail(CALL, "pthread_barrier_wait", rc),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutex_and_rwlock() {
        // SAFETY: zeroed storage for the init calls below.
        let mut m: pthread_mutex_t = unsafe { std::mem::zeroed() };
        assert_eq!(uv_mutex_init(&mut m), 0);
        uv_mutex_lock(&mut m);
        assert_eq!(uv_mutex_trylock(&mut m), UV_EBUSY);
        uv_mutex_unlock(&mut m);
        assert_eq!(uv_mutex_trylock(&mut m), 0);
        uv_mutex_unlock(&mut m);
        uv_mutex_destroy(&mut m);

        assert_eq!(uv_mutex_init_recursive(&mut m), 0);
        uv_mutex_lock(&mut m);
        assert_eq!(uv_mutex_trylock(&mut m), 0);
        uv_mutex_unlock(&mut m);
        uv_mutex_unlock(&mut m);
        uv_mutex_destroy(&mut m);

        // SAFETY: as above.
        let mut rw: pthread_rwlock_t = unsafe { std::mem::zeroed() };
        assert_eq!(uv_rwlock_init(&mut rw), 0);
        assert_eq!(uv_rwlock_tryrdlock(&mut rw), 0);
        assert_eq!(uv_rwlock_tryrdlock(&mut rw), 0);
        assert_eq!(uv_rwlock_trywrlock(&mut rw), UV_EBUSY);
        uv_rwlock_rdunlock(&mut rw);
        uv_rwlock_rdunlock(&mut rw);
        uv_rwlock_wrlock(&mut rw);
        assert_eq!(uv_rwlock_tryrdlock(&mut rw), UV_EBUSY);
        uv_rwlock_wrunlock(&mut rw);
        uv_rwlock_destroy(&mut rw);
    }

    #[test]
    fn sem_cond_barrier() {
        // SAFETY: zeroed storage for the init calls below.
        let (mut s, mut c, mut m, mut b) = unsafe {
            (
                std::mem::zeroed::<sem_t>(),
                std::mem::zeroed::<pthread_cond_t>(),
                std::mem::zeroed::<pthread_mutex_t>(),
                std::mem::zeroed::<pthread_barrier_t>(),
            )
        };
        assert_eq!(uv_sem_init(&mut s, 1), 0);
        assert_eq!(uv_sem_trywait(&mut s), 0);
        assert_eq!(uv_sem_trywait(&mut s), UV_EAGAIN);
        uv_sem_post(&mut s);
        uv_sem_wait(&mut s);
        uv_sem_destroy(&mut s);

        assert_eq!(uv_cond_init(&mut c), 0);
        assert_eq!(uv_mutex_init(&mut m), 0);
        uv_mutex_lock(&mut m);
        assert_eq!(uv_cond_timedwait(&mut c, &mut m, 1_000_000), UV_ETIMEDOUT);
        uv_mutex_unlock(&mut m);
        uv_cond_signal(&mut c);
        uv_cond_broadcast(&mut c);
        uv_cond_destroy(&mut c);
        uv_mutex_destroy(&mut m);

        assert_eq!(uv_barrier_init(&mut b, 0), UV_EINVAL);
        assert_eq!(uv_barrier_init(&mut b, 1), 0);
        assert_eq!(uv_barrier_wait(&mut b), 1);
        uv_barrier_destroy(&mut b);
    }
}
