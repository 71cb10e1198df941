//! The user: password entry, home directory, temporary directory.

use libc::{c_char, c_int, c_ulong, size_t};

use super::buffer::{copy_out, usable};
use crate::allocator::{c_free, c_malloc};
use crate::boundary::{guard, guard_void};
use crate::error::{UV_EINVAL, UV_ENOBUFS, UV_ENOENT, UV_ENOMEM};

#[repr(C)]
pub struct uv_passwd_t {
    /// One C-allocated block holding the three strings; freed through this.
    pub username: *mut c_char,
    pub uid: c_ulong,
    pub gid: c_ulong,
    pub shell: *mut c_char,
    pub homedir: *mut c_char,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_passwd_t>() == 40);
    assert!(offset_of!(uv_passwd_t, shell) == 24);
    assert!(offset_of!(uv_passwd_t, homedir) == 32);
};

/// `int uv_os_get_passwd(uv_passwd_t* pwd)`: the effective user's entry.
#[no_mangle]
pub unsafe extern "C" fn uv_os_get_passwd(pwd: *mut uv_passwd_t) -> c_int {
    guard("uv_os_get_passwd", UV_EINVAL, || {
        if pwd.is_null() {
            return UV_EINVAL;
        }
        let entry = match ruv::sys::os::passwd_of_effective_user() {
            Ok(Some(entry)) => entry,
            Ok(None) => return UV_ENOENT,
            Err(err) => return ruv::Error::from_io(&err).code(),
        };
        let name = entry.name.as_bytes_with_nul();
        let dir = entry.dir.as_bytes_with_nul();
        let shell = entry.shell.as_bytes_with_nul();
        let block = c_malloc(name.len() + dir.len() + shell.len());
        if block.is_null() {
            return UV_ENOMEM;
        }
        // SAFETY: `block` holds the three strings back to back; `pwd` is
        // writable, per the API.
        unsafe {
            let homedir = block.add(name.len());
            let shell_at = homedir.add(dir.len());
            std::ptr::copy_nonoverlapping(name.as_ptr(), block, name.len());
            std::ptr::copy_nonoverlapping(dir.as_ptr(), homedir, dir.len());
            std::ptr::copy_nonoverlapping(shell.as_ptr(), shell_at, shell.len());
            pwd.write(uv_passwd_t {
                username: block.cast(),
                uid: c_ulong::from(entry.uid),
                gid: c_ulong::from(entry.gid),
                shell: shell_at.cast(),
                homedir: homedir.cast(),
            });
        }
        0
    })
}

/// `void uv_os_free_passwd(uv_passwd_t* pwd)`: frees the strings and sets
/// the pointers to NULL, so a second call does nothing.
#[no_mangle]
pub unsafe extern "C" fn uv_os_free_passwd(pwd: *mut uv_passwd_t) {
    guard_void("uv_os_free_passwd", || {
        if pwd.is_null() {
            return;
        }
        // SAFETY: a uv_passwd_t filled by uv_os_get_passwd (or freed already).
        unsafe {
            c_free((*pwd).username.cast());
            (*pwd).username = std::ptr::null_mut();
            (*pwd).shell = std::ptr::null_mut();
            (*pwd).homedir = std::ptr::null_mut();
        }
    })
}

/// `int uv_os_homedir(char* buffer, size_t* size)`: HOME, else the
/// password entry's directory.
#[no_mangle]
pub unsafe extern "C" fn uv_os_homedir(buffer: *mut c_char, size: *mut size_t) -> c_int {
    guard("uv_os_homedir", UV_EINVAL, || {
        // SAFETY: NULL or valid, per the API.
        if !unsafe { usable(buffer, size) } {
            return UV_EINVAL;
        }
        match ruv::os::homedir() {
            // SAFETY: checked usable above.
            Ok(dir) => unsafe { copy_out(dir.as_encoded_bytes(), buffer, size) },
            Err(err) => err.code(),
        }
    })
}

/// `int uv_os_tmpdir(char* buffer, size_t* size)`: TMPDIR, TMP, TEMP,
/// TEMPDIR or /tmp, without a trailing slash. As in libuv, the room needed
/// is counted before the slash is dropped.
#[no_mangle]
pub unsafe extern "C" fn uv_os_tmpdir(buffer: *mut c_char, size: *mut size_t) -> c_int {
    guard("uv_os_tmpdir", UV_EINVAL, || {
        // SAFETY: NULL or valid, per the API.
        if !unsafe { usable(buffer, size) } {
            return UV_EINVAL;
        }
        let setting = ruv::os::tmpdir_setting();
        // SAFETY: valid, checked above.
        if setting.len() >= unsafe { *size } {
            // SAFETY: as above.
            unsafe { *size = setting.len() + 1 };
            return UV_ENOBUFS;
        }
        let dir = ruv::os::tmpdir();
        // SAFETY: checked usable above; the stripped name is no longer.
        unsafe { copy_out(dir.as_encoded_bytes(), buffer, size) }
    })
}
