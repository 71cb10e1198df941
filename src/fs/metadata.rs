//! [`Metadata`], [`FileType`] and [`Permissions`]: what `stat` says about a
//! file, in the shape of their `std::fs` namesakes.

use super::op;
use crate::error::{code, Error, Result};
use std::time::{Duration, SystemTime};

/// The file-type bits of a mode (`S_IFMT`) and their values.
const S_IFMT: u32 = 0o170_000;
pub(super) const S_IFSOCK: u32 = 0o140_000;
pub(super) const S_IFLNK: u32 = 0o120_000;
pub(super) const S_IFREG: u32 = 0o100_000;
pub(super) const S_IFBLK: u32 = 0o060_000;
pub(super) const S_IFDIR: u32 = 0o040_000;
pub(super) const S_IFCHR: u32 = 0o020_000;
pub(super) const S_IFIFO: u32 = 0o010_000;

/// Information about a file, from [`metadata`](super::metadata),
/// [`symlink_metadata`](super::symlink_metadata) or
/// [`File::metadata`](super::File::metadata).
///
/// ```
/// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
/// let path = dir.join("hello.txt");
/// ruv::fs::write(&path, b"hello")?;
///
/// let meta = ruv::fs::metadata(&path)?;
/// assert!(meta.is_file() && !meta.is_dir());
/// assert_eq!(meta.len(), 5);
/// assert!(meta.modified()? <= std::time::SystemTime::now());
/// assert!(ruv::fs::metadata(&dir)?.is_dir());
///
/// ruv::fs::remove_file(&path)?;
/// ruv::fs::remove_dir(&dir)?;
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Metadata {
    stat: op::Stat,
}

impl Metadata {
    /// The raw `stat` fields, as libuv's `uv_stat_t` has them.
    pub fn raw(&self) -> &op::Stat {
        &self.stat
    }

    /// Size in bytes.
    pub fn len(&self) -> u64 {
        self.stat.size
    }

    /// Whether the size is zero.
    pub fn is_empty(&self) -> bool {
        self.stat.size == 0
    }

    pub fn file_type(&self) -> FileType {
        FileType::from_mode(self.mode())
    }

    pub fn is_file(&self) -> bool {
        self.file_type().is_file()
    }

    pub fn is_dir(&self) -> bool {
        self.file_type().is_dir()
    }

    /// Only ever true for [`symlink_metadata`](super::symlink_metadata):
    /// the others follow links.
    pub fn is_symlink(&self) -> bool {
        self.file_type().is_symlink()
    }

    pub fn permissions(&self) -> Permissions {
        Permissions::from_mode(self.mode())
    }

    /// Last modification (`mtime`).
    pub fn modified(&self) -> Result<SystemTime> {
        system_time(self.stat.mtime)
    }

    /// Last access (`atime`).
    pub fn accessed(&self) -> Result<SystemTime> {
        system_time(self.stat.atime)
    }

    /// Last status change (`ctime`).
    pub fn changed(&self) -> Result<SystemTime> {
        system_time(self.stat.ctime)
    }

    /// Creation (`birthtime`). `ENOSYS` when the file system does not
    /// record it (statx reports no birth time).
    pub fn created(&self) -> Result<SystemTime> {
        if self.stat.birthtime == (0, 0) {
            return Err(Error::from_code(code::ENOSYS));
        }
        system_time(self.stat.birthtime)
    }

    /// The whole `st_mode`: file-type and permission bits.
    pub fn mode(&self) -> u32 {
        self.stat.mode as u32
    }

    pub fn uid(&self) -> u32 {
        self.stat.uid as u32
    }

    pub fn gid(&self) -> u32 {
        self.stat.gid as u32
    }

    pub fn nlink(&self) -> u64 {
        self.stat.nlink
    }

    pub fn ino(&self) -> u64 {
        self.stat.ino
    }

    pub fn dev(&self) -> u64 {
        self.stat.dev
    }

    /// The device a device file stands for.
    pub fn rdev(&self) -> u64 {
        self.stat.rdev
    }

    /// Preferred I/O block size.
    pub fn blksize(&self) -> u64 {
        self.stat.blksize
    }

    /// Allocated 512-byte blocks.
    pub fn blocks(&self) -> u64 {
        self.stat.blocks
    }
}

impl From<op::Stat> for Metadata {
    fn from(stat: op::Stat) -> Metadata {
        Metadata { stat }
    }
}

impl std::fmt::Debug for Metadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metadata")
            .field("file_type", &self.file_type())
            .field("permissions", &self.permissions())
            .field("len", &self.len())
            .field("modified", &self.modified())
            .finish_non_exhaustive()
    }
}

/// A (seconds, nanoseconds) pair since the epoch as a `SystemTime`;
/// `EOVERFLOW` when `SystemTime` cannot hold it.
fn system_time((sec, nsec): (i64, i64)) -> Result<SystemTime> {
    let overflow = || Error::from_code(code::EOVERFLOW);
    let nanos = Duration::from_nanos(u64::try_from(nsec).map_err(|_| overflow())?);
    let time = if sec >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(sec as u64))
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(Duration::from_secs(sec.unsigned_abs()))
    };
    time.and_then(|t| t.checked_add(nanos)).ok_or_else(overflow)
}

/// The type of a file: regular file, directory, symbolic link or one of
/// the special kinds.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileType {
    /// The `S_IFMT` bits, or 0 when unknown.
    bits: u32,
}

impl FileType {
    /// The type part of an `st_mode`.
    pub fn from_mode(mode: u32) -> FileType {
        FileType {
            bits: mode & S_IFMT,
        }
    }

    pub fn is_file(self) -> bool {
        self.bits == S_IFREG
    }

    pub fn is_dir(self) -> bool {
        self.bits == S_IFDIR
    }

    pub fn is_symlink(self) -> bool {
        self.bits == S_IFLNK
    }

    pub fn is_fifo(self) -> bool {
        self.bits == S_IFIFO
    }

    pub fn is_socket(self) -> bool {
        self.bits == S_IFSOCK
    }

    pub fn is_char_device(self) -> bool {
        self.bits == S_IFCHR
    }

    pub fn is_block_device(self) -> bool {
        self.bits == S_IFBLK
    }
}

impl std::fmt::Debug for FileType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.bits {
            S_IFREG => "file",
            S_IFDIR => "dir",
            S_IFLNK => "symlink",
            S_IFIFO => "fifo",
            S_IFSOCK => "socket",
            S_IFCHR => "char_device",
            S_IFBLK => "block_device",
            _ => "unknown",
        };
        write!(f, "FileType({name})")
    }
}

/// Permission bits (`0o7777` of the mode), for
/// [`set_permissions`](super::set_permissions).
///
/// ```
/// use ruv::fs::Permissions;
///
/// let mut perms = Permissions::from_mode(0o644);
/// assert!(!perms.readonly());
/// perms.set_readonly(true);
/// assert_eq!(perms.mode(), 0o444);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permissions {
    mode: u32,
}

impl Permissions {
    /// From mode bits; anything beyond `0o7777` is dropped.
    pub fn from_mode(mode: u32) -> Permissions {
        Permissions {
            mode: mode & 0o7777,
        }
    }

    /// The permission bits (`0o7777` at most).
    pub fn mode(&self) -> u32 {
        self.mode
    }

    pub fn set_mode(&mut self, mode: u32) {
        self.mode = mode & 0o7777;
    }

    /// Whether nobody has write permission.
    pub fn readonly(&self) -> bool {
        self.mode & 0o222 == 0
    }

    /// Clears every write bit, or (`false`) sets them all as `std` does.
    pub fn set_readonly(&mut self, readonly: bool) {
        if readonly {
            self.mode &= !0o222;
        } else {
            self.mode |= 0o222;
        }
    }
}

impl std::fmt::Debug for Permissions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Permissions({:#o})", self.mode)
    }
}
