//! The process title: `uv_setup_args` copies argv so the memory the
//! original argument strings occupy can be rewritten; `ps` shows it.
//! Setting the title also names the main thread (prctl PR_SET_NAME), as
//! libuv does on Linux.

use std::ffi::CStr;
use std::sync::Mutex;

use libc::{c_char, c_int, size_t};

use crate::allocator::c_malloc;
use crate::boundary::guard;
use crate::error::{UV_EINVAL, UV_ENOBUFS};

/// Where the title lives: the original argument strings.
struct Title {
    /// argv[0] as the process received it.
    area: *mut u8,
    /// Bytes of `area` that may be rewritten: the original argument strings
    /// lying back to back from argv[0], terminators included.
    cap: usize,
    /// Length of the current title.
    len: usize,
    /// The argv copy handed out, kept here so it stays reachable: callers
    /// use it for the life of the process.
    _copy: *mut *mut c_char,
}

// SAFETY: the pointers are only followed under the TITLE lock.
unsafe impl Send for Title {}

/// None until `uv_setup_args` succeeds.
static TITLE: Mutex<Option<Title>> = Mutex::new(None);

fn title() -> std::sync::MutexGuard<'static, Option<Title>> {
    TITLE.lock().unwrap_or_else(|e| e.into_inner())
}

/// `char** uv_setup_args(int argc, char** argv)`: a copy of argv (one block
/// from the C allocator, kept for the life of the process) for the caller to
/// use from now on. argv itself is returned when there is nothing to copy
/// or no memory.
#[no_mangle]
pub unsafe extern "C" fn uv_setup_args(argc: c_int, argv: *mut *mut c_char) -> *mut *mut c_char {
    guard("uv_setup_args", argv, || {
        if argc <= 0 || argv.is_null() {
            return argv;
        }
        let argc = argc as usize;
        // SAFETY: `argc` NUL-terminated strings, per the API.
        let args: Vec<&CStr> = unsafe { (0..argc).map(|i| CStr::from_ptr(*argv.add(i))).collect() };
        let table = (argc + 1) * std::mem::size_of::<*mut c_char>();
        let strings: usize = args.iter().map(|a| a.to_bytes_with_nul().len()).sum();
        let block = c_malloc(table + strings);
        if block.is_null() {
            return argv;
        }
        let copy = block as *mut *mut c_char;
        // SAFETY: `block` holds the pointer table, then the strings.
        unsafe {
            let mut at = block.add(table);
            for (i, arg) in args.iter().enumerate() {
                let bytes = arg.to_bytes_with_nul();
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), at, bytes.len());
                *copy.add(i) = at.cast();
                at = at.add(bytes.len());
            }
            *copy.add(argc) = std::ptr::null_mut();
        }
        // Only strings that really follow one another may be overwritten
        // (a process's own argv always does; a hand-made array may not).
        let area = args[0].as_ptr() as *mut u8;
        let mut cap = args[0].to_bytes_with_nul().len();
        for arg in &args[1..] {
            if arg.as_ptr() as usize != area as usize + cap {
                break;
            }
            cap += arg.to_bytes_with_nul().len();
        }
        *title() = Some(Title {
            area,
            cap,
            len: args[0].to_bytes().len(),
            _copy: copy,
        });
        copy
    })
}

/// `int uv_set_process_title(const char* title)`: cut to the room the
/// original arguments had; `UV_ENOBUFS` before uv_setup_args.
#[no_mangle]
pub unsafe extern "C" fn uv_set_process_title(name: *const c_char) -> c_int {
    guard("uv_set_process_title", UV_EINVAL, || {
        let mut guard = title();
        let Some(t) = guard.as_mut() else {
            return UV_ENOBUFS;
        };
        if name.is_null() {
            return UV_EINVAL;
        }
        // Copied first: the new title may be part of the old area.
        // SAFETY: a NUL-terminated string, per the API.
        let bytes = unsafe { CStr::from_ptr(name) }.to_bytes().to_vec();
        let len = bytes.len().min(t.cap - 1);
        // SAFETY: `area` is writable for `cap` bytes (see uv_setup_args).
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), t.area, len);
            std::ptr::write_bytes(t.area.add(len), 0, t.cap - len);
        }
        t.len = len;
        // SAFETY: the area now holds a NUL-terminated title.
        ruv::sys::os::set_thread_name(unsafe { CStr::from_ptr(t.area.cast()) });
        0
    })
}

/// `int uv_get_process_title(char* buffer, size_t size)`.
#[no_mangle]
pub unsafe extern "C" fn uv_get_process_title(buffer: *mut c_char, size: size_t) -> c_int {
    guard("uv_get_process_title", UV_EINVAL, || {
        if buffer.is_null() || size == 0 {
            return UV_EINVAL;
        }
        let guard = title();
        let Some(t) = guard.as_ref() else {
            return UV_ENOBUFS;
        };
        if size <= t.len {
            return UV_ENOBUFS;
        }
        // SAFETY: `buffer` has more than `len` bytes; `area` holds the title.
        unsafe {
            std::ptr::copy_nonoverlapping(t.area, buffer.cast::<u8>(), t.len);
            *buffer.add(t.len) = 0;
        }
        0
    })
}
