//! The clocks: nanoseconds for `uv_hrtime`, milliseconds for loop time,
//! and the process's CPU time for measurements.

fn read_clock(clock: libc::clockid_t) -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; every clock used exists on Linux,
    // so the call cannot fail.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Monotonic time in nanoseconds, for `uv_hrtime` and measurements.
pub fn hrtime() -> u64 {
    read_clock(libc::CLOCK_MONOTONIC)
}

/// CPU time the whole process (every thread) has used, in nanoseconds:
/// for measuring what work costs on a machine shared with others.
pub fn process_cpu_time() -> u64 {
    read_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// Monotonic time in milliseconds for the loop clock. The coarse clock costs
/// no system call and is good enough when its resolution is a millisecond or
/// better, which is what libuv checks too.
pub fn loop_time_ms() -> u64 {
    use std::sync::OnceLock;
    static CLOCK: OnceLock<libc::clockid_t> = OnceLock::new();
    let clock = *CLOCK.get_or_init(|| {
        let mut res = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `res` is a valid, writable timespec.
        let ok = unsafe { libc::clock_getres(libc::CLOCK_MONOTONIC_COARSE, &mut res) } == 0;
        if ok && res.tv_sec == 0 && res.tv_nsec <= 1_000_000 {
            libc::CLOCK_MONOTONIC_COARSE
        } else {
            libc::CLOCK_MONOTONIC
        }
    });
    read_clock(clock) / 1_000_000
}
