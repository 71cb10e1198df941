//! `uv_getrusage`: the process's resource usage.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use libc::{c_int, c_long};

#[repr(C)]
pub struct uv_timeval_t {
    pub tv_sec: c_long,
    pub tv_usec: c_long,
}

/// getrusage(2)'s fields, each widened to 64 bits.
#[repr(C)]
pub struct uv_rusage_t {
    pub ru_utime: uv_timeval_t,
    pub ru_stime: uv_timeval_t,
    pub ru_maxrss: u64,
    pub ru_ixrss: u64,
    pub ru_idrss: u64,
    pub ru_isrss: u64,
    pub ru_minflt: u64,
    pub ru_majflt: u64,
    pub ru_nswap: u64,
    pub ru_inblock: u64,
    pub ru_oublock: u64,
    pub ru_msgsnd: u64,
    pub ru_msgrcv: u64,
    pub ru_nsignals: u64,
    pub ru_nvcsw: u64,
    pub ru_nivcsw: u64,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_timeval_t>() == 16);
    assert!(size_of::<uv_rusage_t>() == 144);
    assert!(offset_of!(uv_rusage_t, ru_stime) == 16);
    assert!(offset_of!(uv_rusage_t, ru_maxrss) == 32);
    assert!(offset_of!(uv_rusage_t, ru_nivcsw) == 136);
};

/// `int uv_getrusage(uv_rusage_t* rusage)`: the calling process's usage.
#[no_mangle]
pub unsafe extern "C" fn uv_getrusage(rusage: *mut uv_rusage_t) -> c_int {
    guard("uv_getrusage", UV_EINVAL, || {
        if rusage.is_null() {
            return UV_EINVAL;
        }
        let u = match ruv::sys::process::resource_usage() {
            Ok(u) => u,
            Err(e) => return ruv::Error::from_io(&e).code(),
        };
        let out = uv_rusage_t {
            ru_utime: uv_timeval_t {
                tv_sec: u.ru_utime.tv_sec,
                tv_usec: u.ru_utime.tv_usec,
            },
            ru_stime: uv_timeval_t {
                tv_sec: u.ru_stime.tv_sec,
                tv_usec: u.ru_stime.tv_usec,
            },
            ru_maxrss: u.ru_maxrss as u64,
            ru_ixrss: u.ru_ixrss as u64,
            ru_idrss: u.ru_idrss as u64,
            ru_isrss: u.ru_isrss as u64,
            ru_minflt: u.ru_minflt as u64,
            ru_majflt: u.ru_majflt as u64,
            ru_nswap: u.ru_nswap as u64,
            ru_inblock: u.ru_inblock as u64,
            ru_oublock: u.ru_oublock as u64,
            ru_msgsnd: u.ru_msgsnd as u64,
            ru_msgrcv: u.ru_msgrcv as u64,
            ru_nsignals: u.ru_nsignals as u64,
            ru_nvcsw: u.ru_nvcsw as u64,
            ru_nivcsw: u.ru_nivcsw as u64,
        };
        // SAFETY: a writable uv_rusage_t, per the API.
        unsafe { rusage.write(out) };
        0
    })
}
