//! Hard and symbolic links, and resolving paths through them.

use super::uv;
use crate::error::{code, Error, Result};
use crate::sys::fs as sys;
use std::ffi::{CStr, CString};

/// `uv_fs_symlink` flags; they matter on Windows only and are ignored here.
pub const SYMLINK_DIR: i32 = 0x0001;
pub const SYMLINK_JUNCTION: i32 = 0x0002;

/// The longest target libuv reads back (`PATH_MAX`).
const PATH_MAX: usize = 4096;

/// Makes `to` another name for the file at `from`.
pub fn link(from: &CStr, to: &CStr) -> Result<()> {
    uv(sys::link(from, to))
}

/// Creates a symbolic link at `path` pointing to `target`. `flags` are the
/// `SYMLINK_*` bits, accepted and ignored as on every Unix.
pub fn symlink(target: &CStr, path: &CStr, flags: i32) -> Result<()> {
    let _ = flags;
    uv(sys::symlink(target, path))
}

/// The target a symbolic link holds.
pub fn readlink(path: &CStr) -> Result<CString> {
    let target = uv(sys::readlink(path, PATH_MAX))?;
    CString::new(target).map_err(|_| Error::from_code(code::EINVAL))
}

/// The canonical absolute path: every `.`, `..` and symbolic link resolved.
pub fn realpath(path: &CStr) -> Result<CString> {
    uv(sys::realpath(path))
}
