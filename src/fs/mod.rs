//! Files and directories.
//!
//! [`op`] holds every operation with libuv's semantics, run on the calling
//! thread; the C layer's `uv_fs_*` and this module's Rust API are built on it.
//!
//! The Rust API has the shape of `std::fs`: free functions for whole-file
//! and path operations ([`read`], [`write()`], [`metadata`], [`rename`], ...),
//! [`File`] and [`OpenOptions`], [`Metadata`], and [`read_dir`]. Errors are
//! [`crate::Error`] (libuv's codes; `?` turns them into `std::io::Error`).
//!
//! ```
//! use ruv::fs;
//!
//! let dir = fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
//! fs::write(dir.join("a.txt"), "first")?;
//! fs::create_dir(dir.join("sub"))?;
//! fs::rename(dir.join("a.txt"), dir.join("sub/b.txt"))?;
//! assert_eq!(fs::read_to_string(dir.join("sub/b.txt"))?, "first");
//! assert_eq!(fs::metadata(dir.join("a.txt")).unwrap_err().name(), "ENOENT");
//! fs::remove_file(dir.join("sub/b.txt"))?;
//! fs::remove_dir(dir.join("sub"))?;
//! fs::remove_dir(&dir)?;
//! # Ok::<(), ruv::Error>(())
//! ```
//!
//! # Asynchronous operations
//!
//! The operations also come in an asynchronous form ([`metadata_async`],
//! [`read_async`], [`write_async`], [`read_dir_async`],
//! [`OpenOptions::open_async`], [`File::read_at_async`],
//! [`File::write_at_async`], [`File::close_async`], ...). Each runs on the
//! thread pool (through [`Loop::queue_work`](crate::Loop::queue_work)) and
//! calls back on the loop thread with the loop (to chain the next request)
//! and the result.
//!
//! Everything a request needs is moved into it: paths are converted before
//! it is queued (a path with a NUL is `EINVAL` at once, and the callback is
//! not called); buffers are moved in and handed back to the callback with
//! the result, even on error or cancellation, so they can be reused
//! without copies; and a [`File`] stays open while a request on it is in
//! flight, even if the `File` itself is dropped. The returned
//! [`WorkRequest`](crate::WorkRequest) cancels a request no worker has
//! started; its callback then gets `ECANCELED`. (Queueing itself fails
//! only once the pool has shut down, at process exit; what was moved in is
//! then dropped.)
//!
//! ```
//! use ruv::{fs, Loop, RunMode};
//!
//! let dir = fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
//! let lp = Loop::new()?;
//! let path = dir.join("log");
//! fs::write_async(&lp, path.clone(), "one line\n", move |lp, written| {
//!     written.unwrap();
//!     // The next step, from the loop thread.
//!     fs::metadata_async(lp, &path, |_, meta| assert_eq!(meta.unwrap().len(), 9)).unwrap();
//! })?;
//! lp.run(RunMode::Default);
//! fs::remove_dir_all(&dir)?;
//! # Ok::<(), ruv::Error>(())
//! ```

pub mod op;

mod async_ops;
mod dir;
mod file;
mod file_async;
mod metadata;
mod options;

pub use async_ops::{
    canonicalize_async, copy_async, create_dir_async, hard_link_async, metadata_async, read_async,
    read_dir_async, read_link_async, remove_dir_async, remove_file_async, rename_async,
    symlink_async, symlink_metadata_async, write_async,
};
pub use dir::{read_dir, remove_dir_all, DirEntry, ReadDir};
pub use file::File;
pub use metadata::{FileType, Metadata, Permissions};
pub use options::OpenOptions;

use crate::error::{code, Error, Result};
use std::ffi::{CString, OsString};
use std::io::IoSliceMut;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// A path as the C string the operations take; `EINVAL` when it holds a NUL.
pub(crate) fn cpath(path: &Path) -> Result<CString> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| Error::from_code(code::EINVAL))
}

/// A C string from `op` as a path.
pub(crate) fn into_path(path: CString) -> PathBuf {
    PathBuf::from(OsString::from_vec(path.into_bytes()))
}

/// A `mkdtemp`/`mkstemp` template: `prefix` then `XXXXXX`, NUL-terminated.
fn temp_template(prefix: &Path) -> Result<Vec<u8>> {
    let mut template = cpath(prefix)?.into_bytes();
    template.extend_from_slice(b"XXXXXX\0");
    Ok(template)
}

/// The path a template was rewritten to.
fn temp_path(mut template: Vec<u8>) -> PathBuf {
    template.pop();
    PathBuf::from(OsString::from_vec(template))
}

/// What `path` (following symbolic links) is.
pub fn metadata(path: impl AsRef<Path>) -> Result<Metadata> {
    op::stat(&cpath(path.as_ref())?).map(Metadata::from)
}

/// What `path` itself is: a symbolic link is not followed.
pub fn symlink_metadata(path: impl AsRef<Path>) -> Result<Metadata> {
    op::lstat(&cpath(path.as_ref())?).map(Metadata::from)
}

/// Whether `path` exists (following links): `Ok(false)` for `ENOENT` and
/// `ENOTDIR`, other errors (such as `EACCES`) as they are.
pub fn try_exists(path: impl AsRef<Path>) -> Result<bool> {
    match op::stat(&cpath(path.as_ref())?) {
        Ok(_) => Ok(true),
        Err(e) if e.code() == code::ENOENT || e.code() == code::ENOTDIR => Ok(false),
        Err(e) => Err(e),
    }
}

/// The whole contents of a file.
pub fn read(path: impl AsRef<Path>) -> Result<Vec<u8>> {
    let file = File::open(path)?;
    read_all(file.fd.raw(), file.metadata()?.len())
}

/// Reads from the current position to the end of `fd`; `hint` is the
/// expected size (files in /proc say 0 and have more).
pub(crate) fn read_all(fd: std::os::fd::RawFd, hint: u64) -> Result<Vec<u8>> {
    // One byte more than expected, so a file of the expected size ends
    // without growing the buffer.
    let first = usize::try_from(hint).unwrap_or(usize::MAX - 1).max(8191) + 1;
    let mut buf = vec![0u8; first];
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        match op::read(fd, &mut [IoSliceMut::new(&mut buf[filled..])], -1)? {
            0 => break,
            n => filled += n,
        }
    }
    buf.truncate(filled);
    Ok(buf)
}

/// The whole contents of a file as text; `ECHARSET` when it is not UTF-8.
pub fn read_to_string(path: impl AsRef<Path>) -> Result<String> {
    String::from_utf8(read(path)?).map_err(|_| Error::from_code(code::ECHARSET))
}

/// Makes `contents` the whole file, creating it (mode `0o666` before the
/// umask) or truncating it first.
pub fn write(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> Result<()> {
    let file = File::create(path)?;
    file.write_all(contents.as_ref())?;
    file.close()
}

/// Removes a file (or a symbolic link, not what it points to).
pub fn remove_file(path: impl AsRef<Path>) -> Result<()> {
    op::unlink(&cpath(path.as_ref())?)
}

/// Creates a directory (mode `0o777` before the umask); `EEXIST` if the
/// path exists, `ENOENT` if its parent does not.
pub fn create_dir(path: impl AsRef<Path>) -> Result<()> {
    op::mkdir(&cpath(path.as_ref())?, 0o777)
}

/// Creates a directory and any missing parents; fine if it exists already
/// as a directory.
pub fn create_dir_all(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    if path.as_os_str().is_empty() {
        return Ok(());
    }
    match create_dir(path) {
        Ok(()) => return Ok(()),
        Err(e) if e.code() == code::ENOENT => match path.parent() {
            Some(parent) => create_dir_all(parent)?,
            None => return Err(e),
        },
        Err(e) => {
            return match metadata(path) {
                Ok(meta) if meta.is_dir() => Ok(()),
                _ => Err(e),
            }
        }
    }
    match create_dir(path) {
        Err(e) if e.code() == code::EEXIST && metadata(path).is_ok_and(|m| m.is_dir()) => Ok(()),
        other => other,
    }
}

/// Removes an empty directory.
pub fn remove_dir(path: impl AsRef<Path>) -> Result<()> {
    op::rmdir(&cpath(path.as_ref())?)
}

/// Renames `from` to `to`, replacing `to` if it exists (and is not a
/// non-empty directory).
pub fn rename(from: impl AsRef<Path>, to: impl AsRef<Path>) -> Result<()> {
    op::rename(&cpath(from.as_ref())?, &cpath(to.as_ref())?)
}

/// Changes the permission bits of `path` (following links).
pub fn set_permissions(path: impl AsRef<Path>, perm: Permissions) -> Result<()> {
    op::chmod(&cpath(path.as_ref())?, perm.mode() as i32)
}

/// Copies the contents and permission bits of `from` to `to` (created, or
/// truncated if it exists); returns the number of bytes copied. Copying a
/// file onto itself changes nothing.
pub fn copy(from: impl AsRef<Path>, to: impl AsRef<Path>) -> Result<u64> {
    let to = cpath(to.as_ref())?;
    op::copyfile(&cpath(from.as_ref())?, &to, 0)?;
    op::stat(&to).map(|st| st.size)
}

/// Makes `link` another name (a hard link) for the file at `original`.
pub fn hard_link(original: impl AsRef<Path>, link: impl AsRef<Path>) -> Result<()> {
    op::link(&cpath(original.as_ref())?, &cpath(link.as_ref())?)
}

/// Creates a symbolic link at `link` pointing to `original` (which need
/// not exist; a relative `original` is relative to the link's directory).
pub fn symlink(original: impl AsRef<Path>, link: impl AsRef<Path>) -> Result<()> {
    op::symlink(&cpath(original.as_ref())?, &cpath(link.as_ref())?, 0)
}

/// What a symbolic link points to, as stored in it.
pub fn read_link(path: impl AsRef<Path>) -> Result<PathBuf> {
    op::readlink(&cpath(path.as_ref())?).map(into_path)
}

/// The absolute path with every `.`, `..` and symbolic link resolved.
pub fn canonicalize(path: impl AsRef<Path>) -> Result<PathBuf> {
    op::realpath(&cpath(path.as_ref())?).map(into_path)
}

/// Changes the owner and/or group of `path` (following links); `None`
/// leaves that one as it is.
pub fn chown(path: impl AsRef<Path>, uid: Option<u32>, gid: Option<u32>) -> Result<()> {
    op::chown(&cpath(path.as_ref())?, id(uid), id(gid))
}

/// [`chown`] of a symbolic link itself.
pub fn lchown(path: impl AsRef<Path>, uid: Option<u32>, gid: Option<u32>) -> Result<()> {
    op::lchown(&cpath(path.as_ref())?, id(uid), id(gid))
}

/// An owner or group id, or -1 for "unchanged".
fn id(id: Option<u32>) -> u32 {
    id.unwrap_or(u32::MAX)
}

/// Sets the access and modification times of `path` (following links).
/// As in libuv, times are passed as seconds in a `f64`: precision is
/// microseconds near the present.
pub fn set_times(path: impl AsRef<Path>, accessed: SystemTime, modified: SystemTime) -> Result<()> {
    op::utime(&cpath(path.as_ref())?, seconds(accessed), seconds(modified))
}

/// [`set_times`] of a symbolic link itself.
pub fn set_symlink_times(
    path: impl AsRef<Path>,
    accessed: SystemTime,
    modified: SystemTime,
) -> Result<()> {
    op::lutime(&cpath(path.as_ref())?, seconds(accessed), seconds(modified))
}

/// Seconds since the epoch (negative before it), as libuv takes times.
pub(crate) fn seconds(time: SystemTime) -> f64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// Creates a new directory (mode `0o700`) named `prefix` followed by six
/// random characters, and returns its path (`mkdtemp`).
///
/// ```
/// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
/// assert!(ruv::fs::metadata(&dir)?.is_dir());
/// assert_eq!(ruv::fs::metadata(&dir)?.permissions().mode(), 0o700);
/// ruv::fs::remove_dir(&dir)?;
/// # Ok::<(), ruv::Error>(())
/// ```
pub fn create_temp_dir(prefix: impl AsRef<Path>) -> Result<PathBuf> {
    let mut template = temp_template(prefix.as_ref())?;
    op::mkdtemp(&mut template)?;
    Ok(temp_path(template))
}
