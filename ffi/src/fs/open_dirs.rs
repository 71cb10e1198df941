//! The directories `uv_fs_opendir` handed out and that are not closed yet.
//!
//! A `uv_dir_t` is memory ruv allocated, and libuv follows whatever pointer
//! it is given: a second `uv_fs_closedir` frees the directory again, and a
//! zeroed or garbage `uv_dir_t` is read as if it were open. Here every
//! directory is known by its address from opendir until closedir, so
//! readdir and closedir refuse (`UV_EINVAL`) one that is not open, and a
//! directory being read cannot be closed or read again at the same time
//! (`UV_EBUSY`), which in libuv races a pool thread.

use crate::error::UV_EINVAL;
use libc::c_int;
use ruv::error::code;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Whether an open directory has a readdir under way.
enum Use {
    Idle,
    Reading,
}

static OPEN: Mutex<BTreeMap<usize, Use>> = Mutex::new(BTreeMap::new());

fn open_dirs() -> MutexGuard<'static, BTreeMap<usize, Use>> {
    // The map is left consistent by every holder, so a panic elsewhere
    // while holding it (there is none) would not make it wrong.
    OPEN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// opendir made the directory at `dir`.
pub(super) fn opened(dir: usize) {
    open_dirs().insert(dir, Use::Idle);
}

/// A readdir of `dir` starts: `UV_EINVAL` if it is not open, `UV_EBUSY`
/// if another readdir of it is under way.
pub(super) fn start_reading(dir: usize) -> Result<(), c_int> {
    match open_dirs().get_mut(&dir) {
        None => Err(UV_EINVAL),
        Some(Use::Reading) => Err(code::EBUSY),
        Some(state) => {
            *state = Use::Reading;
            Ok(())
        }
    }
}

/// The readdir of `dir` is over (done, failed, cancelled or not queued).
pub(super) fn stop_reading(dir: usize) {
    if let Some(state) = open_dirs().get_mut(&dir) {
        *state = Use::Idle;
    }
}

/// A closedir of `dir` starts, and from now on the directory is not open:
/// `UV_EINVAL` if it was not, `UV_EBUSY` while a readdir of it is under
/// way (it stays open then).
pub(super) fn start_closing(dir: usize) -> Result<(), c_int> {
    let mut open = open_dirs();
    match open.get(&dir) {
        None => Err(UV_EINVAL),
        Some(Use::Reading) => Err(code::EBUSY),
        Some(Use::Idle) => {
            open.remove(&dir);
            Ok(())
        }
    }
}
