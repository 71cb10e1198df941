//! `uv_fs_utime`, `uv_fs_futime`, `uv_fs_lutime`: times as double seconds.

use super::request::*;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int};
use ruv::fs::op;

path_op!(uv_fs_utime, fs_type::UTIME, (atime: f64 => atime, mtime: f64 => mtime), |req| {
    op::utime(req_path(req), (*req).atime, (*req).mtime).map(|()| 0)
});

fd_op!(uv_fs_futime, fs_type::FUTIME, (atime: f64 => atime, mtime: f64 => mtime), |req| {
    op::futime((*req).file, (*req).atime, (*req).mtime).map(|()| 0)
});

path_op!(uv_fs_lutime, fs_type::LUTIME, (atime: f64 => atime, mtime: f64 => mtime), |req| {
    op::lutime(req_path(req), (*req).atime, (*req).mtime).map(|()| 0)
});
