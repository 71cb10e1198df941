//! Setting access and modification times from libuv's `double` seconds.

use super::uv;
use crate::error::Result;
use crate::sys::fs as sys;
use std::ffi::CStr;
use std::os::fd::RawFd;

/// Seconds as a double to `(seconds, nanoseconds)` the way libuv converts
/// them: both parts truncated toward zero, the nanoseconds cut to whole
/// microseconds, and a negative fraction borrowed from the seconds.
pub(crate) fn to_timespec(time: f64) -> (i64, i64) {
    let mut sec = time as i64;
    let mut nsec = ((time - sec as f64) * 1e9) as i64;
    nsec -= nsec % 1000;
    if nsec < 0 {
        nsec += 1_000_000_000;
        sec -= 1;
    }
    (sec, nsec)
}

pub fn utime(path: &CStr, atime: f64, mtime: f64) -> Result<()> {
    uv(sys::utimens(
        path,
        to_timespec(atime),
        to_timespec(mtime),
        false,
    ))
}

pub fn futime(fd: RawFd, atime: f64, mtime: f64) -> Result<()> {
    uv(sys::futimens(fd, to_timespec(atime), to_timespec(mtime)))
}

/// Like [`utime`], but a symbolic link's own times.
pub fn lutime(path: &CStr, atime: f64, mtime: f64) -> Result<()> {
    uv(sys::utimens(
        path,
        to_timespec(atime),
        to_timespec(mtime),
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::to_timespec;

    #[test]
    fn whole_and_fractional_seconds() {
        assert_eq!(to_timespec(0.0), (0, 0));
        assert_eq!(to_timespec(1234.5), (1234, 500_000_000));
        assert_eq!(to_timespec(1234.5678912345), (1234, 567_891_000));
    }

    #[test]
    fn sub_microsecond_parts_are_dropped() {
        assert_eq!(to_timespec(1.0000019), (1, 1000));
        assert_eq!(to_timespec(2.9999999999), (2, 999_999_000));
    }

    #[test]
    fn negative_times_borrow_a_second() {
        assert_eq!(to_timespec(-1.5), (-2, 500_000_000));
        assert_eq!(to_timespec(-1.0), (-1, 0));
    }
}
