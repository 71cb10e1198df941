//! `uv_fs_opendir`, `uv_fs_readdir`, `uv_fs_closedir`.
//!
//! opendir's `req->ptr` is a `uv_dir_t` from the C allocator (not freed by
//! cleanup); the caller points `dirents`/`nentries` at its own array. Each
//! readdir fills up to `nentries` of them (result: how many, 0 at the end)
//! with names from the C allocator, which cleanup of that readdir request
//! frees. closedir closes the stream and frees the `uv_dir_t`.
//! `open_dirs` knows which directories are open, so a closed, zeroed or
//! garbage `uv_dir_t` is refused rather than followed.

use super::open_dirs;
use super::request::*;
use super::scandir::uv_dirent_t;
use crate::allocator::{c_free, c_malloc};
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int, c_void};
use ruv::error::{code, Error};
use ruv::fs::op;

/// `uv_dir_t`: the public fields, then the stream (a `Box<op::Dir>`).
#[repr(C)]
pub struct uv_dir_t {
    pub dirents: *mut uv_dirent_t,
    pub nentries: usize,
    pub reserved: [*mut c_void; 4],
    pub stream: *mut op::Dir,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_dir_t>() == 56);
    assert!(offset_of!(uv_dir_t, nentries) == 8);
    assert!(offset_of!(uv_dir_t, reserved) == 16);
};

/// Cleanup of a readdir: frees the names it handed out. The entry array is
/// the one the readdir wrote to, kept in the request: the directory may be
/// closed by now.
///
/// # Safety
/// `req` is a readdir whose `read_into` entries, the first `result` of
/// them, hold names from this request.
pub(super) unsafe fn release_names(req: *mut uv_fs_t) {
    // SAFETY: as above.
    unsafe {
        (*req).ptr = std::ptr::null_mut();
        let dirents =
            std::mem::replace(&mut (*req).read_into, std::ptr::null_mut()) as *mut uv_dirent_t;
        if dirents.is_null() {
            return;
        }
        for i in 0..(*req).result.max(0) as usize {
            let entry = dirents.add(i);
            c_free((*entry).name as *mut u8);
            (*entry).name = std::ptr::null();
        }
    }
}

/// Wraps the stream in a fresh `uv_dir_t` at `req->ptr`.
///
/// # Safety
/// `req` was begun.
unsafe fn opendir_result(req: *mut uv_fs_t, outcome: ruv::Result<op::Dir>) -> ruv::Result<isize> {
    let stream = outcome?;
    let dir = c_malloc(std::mem::size_of::<uv_dir_t>()) as *mut uv_dir_t;
    if dir.is_null() {
        return Err(Error::from_code(code::ENOMEM));
    }
    // SAFETY: fresh memory for one uv_dir_t; a begun request.
    unsafe {
        dir.write(uv_dir_t {
            dirents: std::ptr::null_mut(),
            nentries: 0,
            reserved: [std::ptr::null_mut(); 4],
            stream: Box::into_raw(Box::new(stream)),
        });
        set_ptr(req, dir.cast(), PtrRelease::Dir);
    }
    open_dirs::opened(dir as usize);
    Ok(0)
}

path_op!(uv_fs_opendir, fs_type::OPENDIR, (), |req| opendir_result(
    req,
    op::opendir(req_path(req))
));

/// A C copy of `name`, or NULL when memory ran out.
fn c_strdup(name: &std::ffi::CStr) -> *const c_char {
    let bytes = name.to_bytes_with_nul();
    let block = c_malloc(bytes.len());
    if !block.is_null() {
        // SAFETY: `block` holds `bytes.len()` bytes.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), block, bytes.len()) };
    }
    block as *const c_char
}

/// Reads up to `nentries` entries into the caller's `dirents`.
///
/// # Safety
/// `req->ptr` is an open `uv_dir_t` whose `dirents` has `nentries` slots.
unsafe fn read_entries(req: *mut uv_fs_t) -> ruv::Result<isize> {
    // SAFETY: as above.
    unsafe {
        let dir = (*req).ptr as *mut uv_dir_t;
        let entries = op::readdir(&mut *(*dir).stream, (*dir).nentries)?;
        for (i, entry) in entries.iter().enumerate() {
            let name = c_strdup(&entry.name);
            if name.is_null() {
                for j in 0..i {
                    let slot = (*dir).dirents.add(j);
                    c_free((*slot).name as *mut u8);
                    (*slot).name = std::ptr::null();
                }
                return Err(Error::from_code(code::ENOMEM));
            }
            (*dir).dirents.add(i).write(uv_dirent_t {
                name,
                type_: entry.kind as c_int,
            });
        }
        Ok(entries.len() as isize)
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_readdir(
    lp: *mut uv_loop_t,
    req: *mut uv_fs_t,
    dir: *mut uv_dir_t,
    cb: uv_fs_cb,
) -> c_int {
    guard("uv_fs_readdir", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        unsafe {
            if let Err(code) = begin(req, lp, fs_type::READDIR, cb) {
                return code;
            }
            if let Err(code) = open_dirs::start_reading(dir as usize) {
                return code;
            }
            if (*dir).dirents.is_null() {
                open_dirs::stop_reading(dir as usize);
                return UV_EINVAL;
            }
            set_ptr(req, dir.cast(), PtrRelease::DirNames);
            (*req).read_into = (*dir).dirents.cast();
            unsafe fn runner(req: *mut uv_fs_t) {
                // SAFETY: posted with an open directory in `ptr`, which no
                // other readdir or closedir touches until this one stops.
                unsafe {
                    finish(req, read_entries(req));
                    open_dirs::stop_reading((*req).ptr as usize);
                }
            }
            let status = post(req, runner, "uv_fs_readdir");
            if status != 0 && cb.is_some() {
                // Not queued: it will not run.
                open_dirs::stop_reading(dir as usize);
            }
            status
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_closedir(
    lp: *mut uv_loop_t,
    req: *mut uv_fs_t,
    dir: *mut uv_dir_t,
    cb: uv_fs_cb,
) -> c_int {
    guard("uv_fs_closedir", UV_EINVAL, || {
        // SAFETY: NULL or valid pointers, per the API.
        unsafe {
            if let Err(code) = begin(req, lp, fs_type::CLOSEDIR, cb) {
                return code;
            }
            if let Err(code) = open_dirs::start_closing(dir as usize) {
                return code;
            }
            // Until it runs, `ptr` is the directory; cleanup never frees it.
            set_ptr(req, dir.cast(), PtrRelease::Dir);
            unsafe fn runner(req: *mut uv_fs_t) {
                // SAFETY: posted with a directory from uv_fs_opendir in `ptr`;
                // its stream and memory are freed once, here.
                unsafe {
                    let dir = (*req).ptr as *mut uv_dir_t;
                    let stream = std::mem::replace(&mut (*dir).stream, std::ptr::null_mut());
                    if !stream.is_null() {
                        let _ = op::closedir(*Box::from_raw(stream));
                    }
                    c_free(dir as *mut u8);
                    set_ptr(req, std::ptr::null_mut(), PtrRelease::Block);
                    finish(req, Ok(0));
                }
            }
            let status = post(req, runner, "uv_fs_closedir");
            if status != 0 && cb.is_some() {
                // Not queued: the directory stays open.
                open_dirs::opened(dir as usize);
            }
            status
        }
    })
}

/// A directory request cancelled before it ran: a readdir's directory is
/// free for the next call, and a closedir's is open again.
///
/// # Safety
/// `req` is a readdir or closedir request that was queued.
pub(super) unsafe fn cancelled(req: *mut uv_fs_t) {
    // SAFETY: as above; `ptr` is still the directory, as queued.
    let (kind, dir) = unsafe { ((*req).fs_type, (*req).ptr as usize) };
    match kind {
        fs_type::READDIR => open_dirs::stop_reading(dir),
        fs_type::CLOSEDIR => open_dirs::opened(dir),
        _ => {}
    }
}
