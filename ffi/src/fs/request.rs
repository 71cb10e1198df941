//! The request life shared by every operation: begin, arguments, post, finish, cleanup.

use crate::allocator::{c_free, c_malloc};
use crate::error::UV_EINVAL;
use crate::in_flight;
use crate::resolve::engine_for;
use crate::types::*;
use libc::{c_char, c_int, c_uint, c_void};
use ruv::engine::{Done, Work, WorkClass};
use ruv::error::code;
use std::ffi::CStr;

pub(crate) use super::layout::*;

/// Starts a request: the common fields, as libuv sets them. Fails on a
/// NULL request, and with `UV_EBUSY` on one still in flight (its fields
/// are the pool's until its callback).
///
/// # Safety
/// `req` is NULL or writable `uv_fs_t` memory.
pub(crate) unsafe fn begin(
    req: *mut uv_fs_t,
    lp: *mut uv_loop_t,
    kind: c_int,
    cb: uv_fs_cb,
) -> Result<(), c_int> {
    if req.is_null() {
        return Err(UV_EINVAL);
    }
    // SAFETY: writable request memory, per the caller.
    if unsafe { in_flight::is_held(req) } {
        return Err(code::EBUSY);
    }
    // SAFETY: as above.
    unsafe {
        (*req).req.type_ = req_type::FS;
        (*req).fs_type = kind;
        (*req).result = 0;
        (*req).ptr = std::ptr::null_mut();
        (*req).loop_ = lp;
        (*req).path = std::ptr::null();
        (*req).new_path = std::ptr::null();
        (*req).bufs = std::ptr::null_mut();
        (*req).nbufs = 0;
        (*req).release = PtrRelease::Block as usize;
        (*req).read_into = std::ptr::null_mut();
        (*req).cb = cb;
    }
    Ok(())
}

/// Stores the request's path (and second path): borrowed for a synchronous
/// request, copied into one block for an asynchronous one (or when `always_copy`:
/// mkdtemp and mkstemp write into theirs).
///
/// # Safety
/// `req` was begun; the paths are NULL or NUL-terminated strings.
pub(crate) unsafe fn set_paths(
    req: *mut uv_fs_t,
    path: *const c_char,
    new_path: *const c_char,
    always_copy: bool,
) -> Result<(), c_int> {
    if path.is_null() {
        return Err(UV_EINVAL);
    }
    // SAFETY: a begun request, per the caller.
    let copy = always_copy || unsafe { (*req).cb.is_some() };
    if !copy {
        // SAFETY: as above.
        unsafe {
            (*req).path = path;
            (*req).new_path = new_path;
        }
        return Ok(());
    }
    // SAFETY: NUL-terminated strings, per the caller.
    let first = unsafe { CStr::from_ptr(path) }.to_bytes_with_nul();
    let second = if new_path.is_null() {
        &[][..]
    } else {
        // SAFETY: as above.
        unsafe { CStr::from_ptr(new_path) }.to_bytes_with_nul()
    };
    let block = c_malloc(first.len() + second.len());
    if block.is_null() {
        return Err(code::ENOMEM);
    }
    // SAFETY: `block` holds both strings; the sources do not overlap it.
    unsafe {
        std::ptr::copy_nonoverlapping(first.as_ptr(), block, first.len());
        std::ptr::copy_nonoverlapping(second.as_ptr(), block.add(first.len()), second.len());
        (*req).path = block as *const c_char;
        if !new_path.is_null() {
            (*req).new_path = block.add(first.len()) as *const c_char;
        }
    }
    Ok(())
}

/// Copies the caller's buffer list into the request (up to four inline).
///
/// # Safety
/// `req` was begun; `bufs` is NULL or points to `nbufs` buffers.
pub(crate) unsafe fn set_bufs(
    req: *mut uv_fs_t,
    bufs: *const uv_buf_t,
    nbufs: c_uint,
) -> Result<(), c_int> {
    if bufs.is_null() || nbufs == 0 {
        return Err(UV_EINVAL);
    }
    let count = nbufs as usize;
    // SAFETY: a begun request; `bufs` has `nbufs` entries (caller's promise).
    unsafe {
        let target = if count <= (*req).bufsml.len() {
            (*req).bufsml.as_mut_ptr()
        } else {
            let block = c_malloc(count * std::mem::size_of::<uv_buf_t>()) as *mut uv_buf_t;
            if block.is_null() {
                return Err(code::ENOMEM);
            }
            block
        };
        std::ptr::copy_nonoverlapping(bufs, target, count);
        (*req).bufs = target;
        (*req).nbufs = nbufs;
    }
    Ok(())
}

/// Releases a heap buffer list (an inline one needs nothing).
///
/// # Safety
/// `req` was begun.
pub(crate) unsafe fn release_bufs(req: *mut uv_fs_t) {
    // SAFETY: a begun request; a list outside `bufsml` came from c_malloc.
    unsafe {
        let inline = (*req).bufsml.as_mut_ptr();
        if !(*req).bufs.is_null() && (*req).bufs != inline {
            c_free((*req).bufs as *mut u8);
        }
        (*req).bufs = std::ptr::null_mut();
        (*req).nbufs = 0;
    }
}

/// Runs the request: at once without a callback (returning its result), on
/// the pool with one (returning 0, or why it could not be queued).
///
/// # Safety
/// `req` was begun and its arguments stored.
pub(crate) unsafe fn post(req: *mut uv_fs_t, runner: Runner, call: &str) -> c_int {
    // SAFETY: a begun request, per the caller.
    unsafe {
        (*req).runner = runner as usize;
        if (*req).cb.is_none() {
            runner(req);
            return (*req).result as c_int;
        }
        let token = req as usize;
        let work = Work::Native {
            run: run_on_pool,
            token,
        };
        // Writes at the descriptor's current position take turns (the
        // engine's lanes), in the order they were queued, so that they
        // land one after the other. Writes at explicit offsets are
        // independent and run side by side, as in libuv: on current
        // kernels ext4 overwrites one file from several threads at once
        // (benches/c/fs_rw at 64 in flight: about 1.6 times the rate of
        // taking turns).
        let at_cursor = (*req).fs_type == fs_type::WRITE && (*req).off < 0;
        let lane = at_cursor.then(|| (*req).file as u32 as u64);
        // Held from here (`begin` found it free): its callback gives it
        // back.
        in_flight::hold(req);
        let queued = match engine_for((*req).loop_, call) {
            Some(engine) => match lane {
                Some(lane) => engine.queue_work_in_lane(lane, work, Done::Host(token)),
                None => engine.queue_work_class(WorkClass::FastIo, work, Done::Host(token)),
            }
            .map_err(|err| err.code()),
            None => Err(UV_EINVAL),
        };
        match queued {
            Ok(id) => {
                (*req).engine_id = id.to_bits();
                0
            }
            // Not queued: nothing will call back, so free what was copied.
            Err(code) => {
                in_flight::release(req);
                cleanup_paths(req);
                release_bufs(req);
                code
            }
        }
    }
}

/// A pool worker runs the stored operation.
fn run_on_pool(token: usize) {
    let req = token as *mut uv_fs_t;
    // SAFETY: the request was posted with a runner, and the caller keeps it
    // alive until its callback; a Runner was stored as its address.
    unsafe {
        let runner: Runner = std::mem::transmute::<usize, Runner>((*req).runner);
        runner(req);
    }
}

/// The loop thread finishes an asynchronous request: the callback runs, with
/// `UV_ECANCELED` as the result if it was cancelled before it ran.
///
/// # Safety
/// `req` is a posted `uv_fs_t` whose work is over.
pub(crate) unsafe fn done(req: *mut uv_fs_t, status: c_int) {
    // SAFETY: as above.
    unsafe {
        if status == code::ECANCELED {
            (*req).result = code::ECANCELED as isize;
            super::dirs::cancelled(req);
        }
        if let Some(cb) = (*req).cb {
            cb(req);
        }
    }
}

/// Sets the result from an operation's outcome.
///
/// # Safety
/// `req` was begun.
pub(crate) unsafe fn finish(req: *mut uv_fs_t, outcome: ruv::Result<isize>) {
    // SAFETY: as above.
    unsafe {
        (*req).result = match outcome {
            Ok(value) => value,
            Err(err) => err.code() as isize,
        };
    }
}

/// The request's path as a C string.
///
/// # Safety
/// `req`'s path was set.
pub(crate) unsafe fn req_path<'a>(req: *const uv_fs_t) -> &'a CStr {
    // SAFETY: set by set_paths from a NUL-terminated string that lives as
    // long as the request needs it.
    unsafe { CStr::from_ptr((*req).path) }
}

/// The request's second path as a C string.
///
/// # Safety
/// `req`'s second path was set.
pub(crate) unsafe fn req_new_path<'a>(req: *const uv_fs_t) -> &'a CStr {
    // SAFETY: as for `path`.
    unsafe { CStr::from_ptr((*req).new_path) }
}

/// Frees the copied paths, as cleanup does.
///
/// # Safety
/// `req` was begun.
unsafe fn cleanup_paths(req: *mut uv_fs_t) {
    // SAFETY: copies (asynchronous requests, mkdtemp, mkstemp) came from
    // c_malloc as one block starting at `path`.
    unsafe {
        let copied =
            (*req).cb.is_some() || matches!((*req).fs_type, fs_type::MKDTEMP | fs_type::MKSTEMP);
        if !(*req).path.is_null() && copied {
            c_free((*req).path as *mut u8);
        }
        (*req).path = std::ptr::null();
        (*req).new_path = std::ptr::null();
    }
}

/// How cleanup frees the result an operation left in `ptr`. The request
/// keeps it as a small number rather than a function address, so cleanup
/// of memory that no uv_fs_* call filled in (or that was scribbled on)
/// cannot jump to whatever the field holds.
#[derive(Clone, Copy)]
pub(crate) enum PtrRelease {
    /// One c_malloc block (readlink, realpath, statfs).
    Block = 0,
    /// scandir's listing.
    Listing = 1,
    /// An opendir's or closedir's directory: closedir frees it, not cleanup.
    Dir = 2,
    /// The names a readdir handed out.
    DirNames = 3,
}

impl PtrRelease {
    fn from_raw(raw: usize) -> Option<PtrRelease> {
        [Self::Block, Self::Listing, Self::Dir, Self::DirNames]
            .into_iter()
            .find(|kind| *kind as usize == raw)
    }
}

/// Hands the request a result in `ptr` that cleanup frees as `release` says.
///
/// # Safety
/// `req` was begun.
pub(crate) unsafe fn set_ptr(req: *mut uv_fs_t, ptr: *mut c_void, release: PtrRelease) {
    // SAFETY: as above.
    unsafe {
        (*req).ptr = ptr;
        (*req).release = release as usize;
    }
}

#[no_mangle]
pub unsafe extern "C" fn uv_fs_req_cleanup(req: *mut uv_fs_t) {
    crate::boundary::guard_void("uv_fs_req_cleanup", || {
        if req.is_null() {
            return;
        }
        // SAFETY: request memory, per the API; its pointers are followed only
        // once its type says a uv_fs_* call filled it in.
        unsafe {
            if (*req).req.type_ != req_type::FS {
                // Zeroed memory holds nothing to free, and libuv leaves it be
                // too; anything else would have cleanup free garbage.
                if (*req).ptr.is_null() && (*req).path.is_null() && (*req).bufs.is_null() {
                    return;
                }
                crate::boundary::misuse(
                    "uv_fs_req_cleanup",
                    "the request was not made by a uv_fs_* call (its memory is uninitialised or corrupt)",
                );
            }
            let Some(release) = PtrRelease::from_raw((*req).release) else {
                crate::boundary::misuse("uv_fs_req_cleanup", "the request's memory is corrupt");
            };
            // Its path and buffers are a pool thread's until the callback.
            if in_flight::is_held(req) {
                crate::boundary::misuse(
                    "uv_fs_req_cleanup",
                    "the request is still in flight (its callback has not run yet)",
                );
            }
            cleanup_paths(req);
            release_bufs(req);
            let ptr = (*req).ptr;
            let statbuf = std::ptr::addr_of_mut!((*req).statbuf) as *mut c_void;
            if !ptr.is_null() && ptr != statbuf {
                match release {
                    PtrRelease::Block => c_free(ptr as *mut u8),
                    PtrRelease::Listing => super::scandir::release_listing(req),
                    PtrRelease::Dir => {}
                    PtrRelease::DirNames => super::dirs::release_names(req),
                }
            }
            (*req).ptr = std::ptr::null_mut();
            (*req).release = PtrRelease::Block as usize;
        }
    })
}
