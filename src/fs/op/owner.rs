//! Changing a file's owner and group. An id of `u32::MAX` (C's `-1`) leaves
//! that id as it is.

use super::uv;
use crate::error::Result;
use crate::sys::fs as sys;
use std::ffi::CStr;
use std::os::fd::RawFd;

pub fn chown(path: &CStr, uid: u32, gid: u32) -> Result<()> {
    uv(sys::chown(path, uid, gid))
}

pub fn fchown(fd: RawFd, uid: u32, gid: u32) -> Result<()> {
    uv(sys::fchown(fd, uid, gid))
}

/// Like [`chown`], but a symbolic link itself rather than its target.
pub fn lchown(path: &CStr, uid: u32, gid: u32) -> Result<()> {
    uv(sys::lchown(path, uid, gid))
}
