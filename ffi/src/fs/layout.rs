//! The `uv_fs_t` and `uv_stat_t` layouts, and libuv's `uv_fs_type` values.

use crate::types::*;
use libc::{c_char, c_int, c_uint, c_void};

pub type uv_fs_cb = Option<unsafe extern "C" fn(*mut uv_fs_t)>;

/// `uv_timespec_t`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct uv_timespec_t {
    pub tv_sec: i64,
    pub tv_nsec: i64,
}

/// `uv_stat_t`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct uv_stat_t {
    pub st_dev: u64,
    pub st_mode: u64,
    pub st_nlink: u64,
    pub st_uid: u64,
    pub st_gid: u64,
    pub st_rdev: u64,
    pub st_ino: u64,
    pub st_size: u64,
    pub st_blksize: u64,
    pub st_blocks: u64,
    pub st_flags: u64,
    pub st_gen: u64,
    pub st_atim: uv_timespec_t,
    pub st_mtim: uv_timespec_t,
    pub st_ctim: uv_timespec_t,
    pub st_birthtim: uv_timespec_t,
}

impl From<&ruv::fs::op::Stat> for uv_stat_t {
    fn from(s: &ruv::fs::op::Stat) -> uv_stat_t {
        let ts = |(tv_sec, tv_nsec): (i64, i64)| uv_timespec_t { tv_sec, tv_nsec };
        uv_stat_t {
            st_dev: s.dev,
            st_mode: s.mode,
            st_nlink: s.nlink,
            st_uid: s.uid,
            st_gid: s.gid,
            st_rdev: s.rdev,
            st_ino: s.ino,
            st_size: s.size,
            st_blksize: s.blksize,
            st_blocks: s.blocks,
            st_flags: 0,
            st_gen: 0,
            st_atim: ts(s.atime),
            st_mtim: ts(s.mtime),
            st_ctim: ts(s.ctime),
            st_birthtim: ts(s.birthtime),
        }
    }
}

/// What performs a request's operation, on whichever thread runs it.
pub(crate) type Runner = unsafe fn(*mut uv_fs_t);

/// `uv_fs_t`: the public fields, then the arguments a call stores for the
/// operation (our private part; names follow libuv's where it has them).
#[repr(C)]
pub struct uv_fs_t {
    pub req: uv_req_t,
    pub fs_type: c_int,
    pub loop_: *mut uv_loop_t,
    pub cb: uv_fs_cb,
    pub result: isize,
    pub ptr: *mut c_void,
    pub path: *const c_char,
    pub statbuf: uv_stat_t,
    /// The second path of rename, link, symlink, copyfile; shares `path`'s
    /// allocation when copied.
    pub new_path: *const c_char,
    pub file: c_int,
    pub flags: c_int,
    pub mode: c_int,
    pub nbufs: c_uint,
    /// The caller's buffer list, copied into `bufsml` or a heap block.
    pub bufs: *mut uv_buf_t,
    pub off: i64,
    pub uid: u32,
    pub gid: u32,
    pub atime: f64,
    pub mtime: f64,
    /// The engine's `WorkId` while queued, for uv_cancel.
    pub engine_id: u64,
    /// The operation, as a `Runner` address.
    pub runner: usize,
    pub bufsml: [uv_buf_t; 4],
    /// How cleanup frees `ptr`: a `PtrRelease`, as a number.
    pub release: usize,
    /// A readdir's entry array (the directory's `dirents` when it ran),
    /// whose names cleanup frees without going back to the directory.
    pub read_into: *mut c_void,
    pub spare: u64,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<uv_fs_t>() == 440);
    assert!(offset_of!(uv_fs_t, fs_type) == 64);
    assert!(offset_of!(uv_fs_t, loop_) == 72);
    assert!(offset_of!(uv_fs_t, cb) == 80);
    assert!(offset_of!(uv_fs_t, result) == 88);
    assert!(offset_of!(uv_fs_t, ptr) == 96);
    assert!(offset_of!(uv_fs_t, path) == 104);
    assert!(offset_of!(uv_fs_t, statbuf) == 112);
    assert!(size_of::<uv_stat_t>() == 160);
};

/// libuv's `uv_fs_type` values.
#[allow(dead_code)]
pub(crate) mod fs_type {
    pub const OPEN: i32 = 1;
    pub const CLOSE: i32 = 2;
    pub const READ: i32 = 3;
    pub const WRITE: i32 = 4;
    pub const SENDFILE: i32 = 5;
    pub const STAT: i32 = 6;
    pub const LSTAT: i32 = 7;
    pub const FSTAT: i32 = 8;
    pub const FTRUNCATE: i32 = 9;
    pub const UTIME: i32 = 10;
    pub const FUTIME: i32 = 11;
    pub const ACCESS: i32 = 12;
    pub const CHMOD: i32 = 13;
    pub const FCHMOD: i32 = 14;
    pub const FSYNC: i32 = 15;
    pub const FDATASYNC: i32 = 16;
    pub const UNLINK: i32 = 17;
    pub const RMDIR: i32 = 18;
    pub const MKDIR: i32 = 19;
    pub const MKDTEMP: i32 = 20;
    pub const RENAME: i32 = 21;
    pub const SCANDIR: i32 = 22;
    pub const LINK: i32 = 23;
    pub const SYMLINK: i32 = 24;
    pub const READLINK: i32 = 25;
    pub const CHOWN: i32 = 26;
    pub const FCHOWN: i32 = 27;
    pub const REALPATH: i32 = 28;
    pub const COPYFILE: i32 = 29;
    pub const LCHOWN: i32 = 30;
    pub const OPENDIR: i32 = 31;
    pub const READDIR: i32 = 32;
    pub const CLOSEDIR: i32 = 33;
    pub const STATFS: i32 = 34;
    pub const MKSTEMP: i32 = 35;
    pub const LUTIME: i32 = 36;
}
