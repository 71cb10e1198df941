//! System facts: processors, memory, uptime, load, kernel and host names,
//! wall-clock time.

use libc::{c_char, c_int, c_uint, size_t};

use super::buffer::{c_string, copy_out, usable};
use crate::allocator::{c_free, c_malloc};
use crate::boundary::{guard, guard_void};
use crate::error::{UV_E2BIG, UV_EINVAL, UV_ENOMEM};

/// `struct uv_cpu_times_s`: milliseconds in each mode.
#[repr(C)]
pub struct uv_cpu_times_s {
    pub user: u64,
    pub nice: u64,
    pub sys: u64,
    pub idle: u64,
    pub irq: u64,
}

#[repr(C)]
pub struct uv_cpu_info_t {
    /// From the C allocator; uv_free_cpu_info releases it.
    pub model: *mut c_char,
    pub speed: c_int,
    pub cpu_times: uv_cpu_times_s,
}

#[repr(C)]
pub struct uv_utsname_t {
    pub sysname: [c_char; 256],
    pub release: [c_char; 256],
    pub version: [c_char; 256],
    pub machine: [c_char; 256],
}

#[repr(C)]
pub struct uv_timeval64_t {
    pub tv_sec: i64,
    pub tv_usec: i32,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_cpu_times_s>() == 40);
    assert!(size_of::<uv_cpu_info_t>() == 56);
    assert!(offset_of!(uv_cpu_info_t, speed) == 8);
    assert!(offset_of!(uv_cpu_info_t, cpu_times) == 16);
    assert!(size_of::<uv_utsname_t>() == 1024);
    assert!(offset_of!(uv_utsname_t, machine) == 768);
    assert!(size_of::<uv_timeval64_t>() == 16);
    assert!(offset_of!(uv_timeval64_t, tv_usec) == 8);
};

/// `int uv_cpu_info(uv_cpu_info_t** cpu_infos, int* count)`: one entry per
/// online processor, in an array the caller frees with uv_free_cpu_info.
#[no_mangle]
pub unsafe extern "C" fn uv_cpu_info(
    cpu_infos: *mut *mut uv_cpu_info_t,
    count: *mut c_int,
) -> c_int {
    guard("uv_cpu_info", UV_EINVAL, || {
        if cpu_infos.is_null() || count.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: both are writable, per the API.
        unsafe {
            *cpu_infos = std::ptr::null_mut();
            *count = 0;
        }
        let cpus = match ruv::os::cpu_info() {
            Ok(cpus) => cpus,
            Err(err) => return err.code(),
        };
        let array =
            c_malloc(cpus.len() * std::mem::size_of::<uv_cpu_info_t>()) as *mut uv_cpu_info_t;
        if array.is_null() {
            return UV_ENOMEM;
        }
        for (i, cpu) in cpus.iter().enumerate() {
            let model = c_string(cpu.model.as_bytes());
            if model.is_null() {
                // SAFETY: the first `i` entries are filled in.
                unsafe { uv_free_cpu_info(array, i as c_int) };
                return UV_ENOMEM;
            }
            let t = cpu.times;
            // SAFETY: `array` has room for every processor.
            unsafe {
                array.add(i).write(uv_cpu_info_t {
                    model,
                    speed: cpu.speed as c_int,
                    cpu_times: uv_cpu_times_s {
                        user: t.user,
                        nice: t.nice,
                        sys: t.sys,
                        idle: t.idle,
                        irq: t.irq,
                    },
                })
            };
        }
        // SAFETY: both are writable, per the API.
        unsafe {
            *cpu_infos = array;
            *count = cpus.len() as c_int;
        }
        0
    })
}

/// `void uv_free_cpu_info(uv_cpu_info_t* cpu_infos, int count)`.
#[no_mangle]
pub unsafe extern "C" fn uv_free_cpu_info(cpu_infos: *mut uv_cpu_info_t, count: c_int) {
    guard_void("uv_free_cpu_info", || {
        if cpu_infos.is_null() {
            return;
        }
        // SAFETY: an array from uv_cpu_info with `count` entries.
        unsafe {
            for i in 0..count.max(0) as usize {
                c_free((*cpu_infos.add(i)).model.cast());
            }
            c_free(cpu_infos.cast());
        }
    })
}

/// `unsigned int uv_available_parallelism(void)`: at least 1.
#[no_mangle]
pub extern "C" fn uv_available_parallelism() -> c_uint {
    guard(
        "uv_available_parallelism",
        1,
        ruv::os::available_parallelism,
    )
}

#[no_mangle]
pub extern "C" fn uv_get_free_memory() -> u64 {
    guard("uv_get_free_memory", 0, ruv::os::free_memory)
}

#[no_mangle]
pub extern "C" fn uv_get_total_memory() -> u64 {
    guard("uv_get_total_memory", 0, ruv::os::total_memory)
}

/// `uint64_t uv_get_constrained_memory(void)`: the cgroup limit, 0 if none.
#[no_mangle]
pub extern "C" fn uv_get_constrained_memory() -> u64 {
    guard("uv_get_constrained_memory", 0, ruv::os::constrained_memory)
}

#[no_mangle]
pub unsafe extern "C" fn uv_resident_set_memory(rss: *mut size_t) -> c_int {
    guard("uv_resident_set_memory", UV_EINVAL, || {
        if rss.is_null() {
            return UV_EINVAL;
        }
        match ruv::os::resident_set_memory() {
            Ok(bytes) => {
                // SAFETY: writable, per the API.
                unsafe { *rss = bytes as size_t };
                0
            }
            Err(err) => err.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_uptime(uptime: *mut f64) -> c_int {
    guard("uv_uptime", UV_EINVAL, || {
        if uptime.is_null() {
            return UV_EINVAL;
        }
        match ruv::os::uptime() {
            Ok(seconds) => {
                // SAFETY: writable, per the API.
                unsafe { *uptime = seconds };
                0
            }
            Err(err) => err.code(),
        }
    })
}

/// `void uv_loadavg(double avg[3])`: left untouched if the system will
/// not say.
#[no_mangle]
pub unsafe extern "C" fn uv_loadavg(avg: *mut f64) {
    guard_void("uv_loadavg", || {
        if avg.is_null() {
            return;
        }
        if let Some(loads) = ruv::os::loadavg() {
            // SAFETY: an array of three doubles, per the API.
            unsafe { avg.cast::<[f64; 3]>().write(loads) };
        }
    })
}

/// `int uv_os_uname(uv_utsname_t* buffer)`.
#[no_mangle]
pub unsafe extern "C" fn uv_os_uname(buffer: *mut uv_utsname_t) -> c_int {
    guard("uv_os_uname", UV_EINVAL, || {
        if buffer.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a writable uv_utsname_t, per the API.
        let out = unsafe { &mut *buffer };
        let result = match ruv::sys::os::uname() {
            Ok(u) => {
                let fields = [
                    (&mut out.sysname, u.sysname),
                    (&mut out.release, u.release),
                    (&mut out.version, u.version),
                    (&mut out.machine, u.machine),
                ];
                let mut r = 0;
                for (dst, src) in fields {
                    if src.len() >= dst.len() {
                        r = UV_E2BIG;
                        break;
                    }
                    for (d, &s) in dst.iter_mut().zip(src.iter().chain(&[0])) {
                        *d = s as c_char;
                    }
                }
                r
            }
            Err(err) => ruv::Error::from_io(&err).code(),
        };
        if result != 0 {
            out.sysname[0] = 0;
            out.release[0] = 0;
            out.version[0] = 0;
            out.machine[0] = 0;
        }
        result
    })
}

/// `int uv_os_gethostname(char* buffer, size_t* size)`.
#[no_mangle]
pub unsafe extern "C" fn uv_os_gethostname(buffer: *mut c_char, size: *mut size_t) -> c_int {
    guard("uv_os_gethostname", UV_EINVAL, || {
        // SAFETY: NULL or valid, per the API.
        if !unsafe { usable(buffer, size) } {
            return UV_EINVAL;
        }
        match ruv::sys::os::hostname() {
            // SAFETY: checked usable above.
            Ok(name) => unsafe { copy_out(&name, buffer, size) },
            Err(err) => ruv::Error::from_io(&err).code(),
        }
    })
}

/// `int uv_gettimeofday(uv_timeval64_t* tv)`.
#[no_mangle]
pub unsafe extern "C" fn uv_gettimeofday(tv: *mut uv_timeval64_t) -> c_int {
    guard("uv_gettimeofday", UV_EINVAL, || {
        if tv.is_null() {
            return UV_EINVAL;
        }
        match ruv::sys::os::time_of_day() {
            Ok((tv_sec, tv_usec)) => {
                // SAFETY: writable, per the API.
                unsafe { tv.write(uv_timeval64_t { tv_sec, tv_usec }) };
                0
            }
            Err(err) => ruv::Error::from_io(&err).code(),
        }
    })
}
