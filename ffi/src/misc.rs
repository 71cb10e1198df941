//! Small utilities: the version, `uv_buf_init`, `uv_hrtime`, `uv_sleep`,
//! `uv_guess_handle` and the Unix no-op descriptor conversions.
//! (`uv_replace_allocator` lives with the allocator, in allocator.rs.)

use std::time::Duration;

use libc::{c_char, c_int, c_uint, size_t};

use crate::boundary;
use crate::types::uv_buf_t;

/// `UV_VERSION_HEX` of libuv 1.44.2: major << 16 | minor << 8 | patch.
const VERSION_HEX: c_uint = (1 << 16) | (44 << 8) | 2;

/// `UV_VERSION_STRING`: no suffix, since 1.44.2 is a release.
static VERSION_STRING: &[u8] = b"1.44.2\0";

/// `unsigned int uv_version(void)`: `UV_VERSION_HEX`.
#[no_mangle]
pub extern "C" fn uv_version() -> c_uint {
    boundary::guard("uv_version", VERSION_HEX, || VERSION_HEX)
}

/// `const char* uv_version_string(void)`: "1.44.2".
#[no_mangle]
pub extern "C" fn uv_version_string() -> *const c_char {
    let text = VERSION_STRING.as_ptr().cast::<c_char>();
    boundary::guard("uv_version_string", text, || text)
}

/// `uv_buf_t uv_buf_init(char* base, unsigned int len)`.
#[no_mangle]
pub extern "C" fn uv_buf_init(base: *mut c_char, len: c_uint) -> uv_buf_t {
    let buf = uv_buf_t {
        base,
        len: len as size_t,
    };
    boundary::guard("uv_buf_init", buf, || buf)
}

/// `uint64_t uv_hrtime(void)`: monotonic time in nanoseconds.
#[no_mangle]
pub extern "C" fn uv_hrtime() -> u64 {
    boundary::guard("uv_hrtime", 0, ruv::sys::time::hrtime)
}

/// `void uv_sleep(unsigned int msec)`: sleeps the calling thread for `msec`
/// milliseconds, resuming after signal interruptions.
#[no_mangle]
pub extern "C" fn uv_sleep(msec: c_uint) {
    boundary::guard_void("uv_sleep", || {
        std::thread::sleep(Duration::from_millis(u64::from(msec)))
    })
}

/// What kind of handle suits a descriptor: UV_TTY, UV_FILE, UV_NAMED_PIPE,
/// UV_TCP, UV_UDP or UV_UNKNOWN_HANDLE.
#[no_mangle]
pub extern "C" fn uv_guess_handle(file: c_int) -> c_int {
    use ruv::sys::net::DescriptorKind as K;
    match ruv::sys::net::descriptor_kind(file) {
        K::Tty => 14,
        K::File => 17,
        K::Fifo | K::UnixStream => 7,
        K::TcpSocket => 12,
        K::UdpSocket => 15,
        K::Unknown => 0,
    }
}

/// `uv_os_fd_t uv_get_osfhandle(int fd)`: on Unix the descriptor itself.
#[no_mangle]
pub extern "C" fn uv_get_osfhandle(fd: c_int) -> c_int {
    fd
}

/// `int uv_open_osfhandle(uv_os_fd_t os_fd)`: on Unix the descriptor itself.
#[no_mangle]
pub extern "C" fn uv_open_osfhandle(os_fd: c_int) -> c_int {
    os_fd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version() {
        assert_eq!(uv_version(), 76802);
        // SAFETY: uv_version_string returns a static C string.
        let s = unsafe { std::ffi::CStr::from_ptr(uv_version_string()) };
        assert_eq!(s.to_str().unwrap(), "1.44.2");
    }

    #[test]
    fn buf_and_time() {
        let mut bytes = *b"abc";
        let buf = uv_buf_init(bytes.as_mut_ptr().cast(), 3);
        assert_eq!(buf.len, 3);
        assert_eq!(buf.base, bytes.as_mut_ptr().cast());
        let t0 = uv_hrtime();
        uv_sleep(2);
        assert!(uv_hrtime() - t0 >= 2_000_000);
    }
}
