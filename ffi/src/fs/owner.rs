//! `uv_fs_chown`, `uv_fs_fchown`, `uv_fs_lchown`; an id of -1 is left as it is.

use super::request::*;
use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::types::*;
use libc::{c_char, c_int, gid_t, uid_t};
use ruv::fs::op;

path_op!(uv_fs_chown, fs_type::CHOWN, (uid: uid_t => uid, gid: gid_t => gid), |req| {
    op::chown(req_path(req), (*req).uid, (*req).gid).map(|()| 0)
});

fd_op!(uv_fs_fchown, fs_type::FCHOWN, (uid: uid_t => uid, gid: gid_t => gid), |req| {
    op::fchown((*req).file, (*req).uid, (*req).gid).map(|()| 0)
});

path_op!(uv_fs_lchown, fs_type::LCHOWN, (uid: uid_t => uid, gid: gid_t => gid), |req| {
    op::lchown(req_path(req), (*req).uid, (*req).gid).map(|()| 0)
});
