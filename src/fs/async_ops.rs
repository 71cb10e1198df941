//! The asynchronous path operations (see the module documentation of
//! [`crate::fs`] for how requests own what they use) and the helpers the
//! file operations in `file_async` share.

use super::{cpath, op, read_all, DirEntry, File, Metadata};
use crate::api::{cancelled, Outcome, PoolTask};
use crate::engine::WorkClass;
use crate::error::Result;
use crate::{Loop, WorkRequest};
use std::ffi::CString;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Queues `job` on the pool; `cb` gets its result on the loop thread.
pub(super) fn submit<T: Send + 'static>(
    lp: &Loop,
    job: impl FnOnce() -> Result<T> + Send + 'static,
    cb: impl FnOnce(&Loop, Result<T>) + 'static,
) -> Result<WorkRequest> {
    lp.queue_work_class(WorkClass::FastIo, job, move |lp, result| {
        cb(lp, result.and_then(|r| r))
    })
}

/// As [`submit`], for a job that works on a buffer: the buffer waits in a
/// slot both sides share, so that `cb` gets it back even when the job
/// never ran (cancelled).
pub(super) fn submit_with<B: Send + 'static, T: Send + 'static>(
    lp: &Loop,
    buf: B,
    job: impl FnOnce(&mut B) -> Result<T> + Send + 'static,
    cb: impl FnOnce(&Loop, Result<T>, B) + 'static,
) -> Result<WorkRequest> {
    let done = move |lp: &Loop, outcome: Outcome<WithBuf<B, _>>| match outcome {
        Outcome::Ran((Ok(result), buf)) => cb(lp, result, buf),
        Outcome::Ran((Err(payload), _)) => std::panic::resume_unwind(payload),
        Outcome::Cancelled(task) => cb(lp, Err(cancelled()), task.buf),
    };
    let task = WithBuf { buf, job };
    lp.queue_request(task, done, |engine, work, done| {
        engine.queue_work_class(WorkClass::FastIo, work, done)
    })
}

/// A job on a buffer, as a pool task: the buffer comes back with the
/// job's result (or the panic that ended it), or unused if cancelled.
struct WithBuf<B, J> {
    buf: B,
    job: J,
}

impl<B, T, J> PoolTask for WithBuf<B, J>
where
    B: Send + 'static,
    T: Send + 'static,
    J: FnOnce(&mut B) -> Result<T> + Send + 'static,
{
    type Output = (std::thread::Result<Result<T>>, B);

    fn run(self) -> Self::Output {
        let WithBuf { mut buf, job } = self;
        let result = catch_unwind(AssertUnwindSafe(|| job(&mut buf)));
        (result, buf)
    }
}

fn path(path: impl AsRef<Path>) -> Result<CString> {
    cpath(path.as_ref())
}

/// [`metadata`](super::metadata) (`stat`) on the pool.
///
/// ```
/// use ruv::{Loop, RunMode};
///
/// let lp = Loop::new()?;
/// ruv::fs::metadata_async(&lp, std::env::temp_dir(), |_lp, result| {
///     assert!(result.unwrap().is_dir());
/// })?;
/// ruv::fs::metadata_async(&lp, "/no/such/path", |_lp, result| {
///     assert_eq!(result.unwrap_err().name(), "ENOENT");
/// })?;
/// lp.run(RunMode::Default);
/// # Ok::<(), ruv::Error>(())
/// ```
#[doc(alias = "stat_async")]
pub fn metadata_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<Metadata>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    submit(lp, move || op::stat(&p).map(Metadata::from), cb)
}

/// [`symlink_metadata`](super::symlink_metadata) (`lstat`) on the pool.
#[doc(alias = "lstat_async")]
pub fn symlink_metadata_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<Metadata>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    submit(lp, move || op::lstat(&p).map(Metadata::from), cb)
}

/// [`read`](super::read) on the pool: the whole file.
///
/// ```
/// use ruv::{Loop, RunMode};
///
/// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
/// let path = dir.join("file");
/// let lp = Loop::new()?;
/// let target = path.clone();
/// ruv::fs::write_async(&lp, &path, b"written on the pool", move |lp, result| {
///     result.unwrap();
///     // Chain the next request from the callback.
///     ruv::fs::read_async(lp, &target, |_lp, contents| {
///         assert_eq!(contents.unwrap(), b"written on the pool");
///     })
///     .unwrap();
/// })?;
/// lp.run(RunMode::Default);
/// ruv::fs::remove_dir_all(&dir)?;
/// # Ok::<(), ruv::Error>(())
/// ```
pub fn read_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<Vec<u8>>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    let job = move || {
        let file = File::from_op(op::open(&p, libc::O_RDONLY, 0)?);
        let size = file.metadata()?.len();
        read_all(file.fd.raw(), size)
    };
    submit(lp, job, cb)
}

/// [`write`](super::write) on the pool: `contents` becomes the whole file.
/// `contents` is moved into the request (no copy) and dropped on the pool.
pub fn write_async<C: AsRef<[u8]> + Send + 'static>(
    lp: &Loop,
    p: impl AsRef<Path>,
    contents: C,
    cb: impl FnOnce(&Loop, Result<()>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC;
    let job = move || {
        let file = File::from_op(op::open(&p, flags, 0o666)?);
        file.write_all(contents.as_ref())?;
        file.close()
    };
    submit(lp, job, cb)
}

/// [`remove_file`](super::remove_file) on the pool.
pub fn remove_file_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<()>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    submit(lp, move || op::unlink(&p), cb)
}

/// [`create_dir`](super::create_dir) on the pool.
pub fn create_dir_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<()>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    submit(lp, move || op::mkdir(&p, 0o777), cb)
}

/// [`remove_dir`](super::remove_dir) on the pool.
pub fn remove_dir_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<()>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    submit(lp, move || op::rmdir(&p), cb)
}

/// [`rename`](super::rename) on the pool.
pub fn rename_async(
    lp: &Loop,
    from: impl AsRef<Path>,
    to: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<()>) + 'static,
) -> Result<WorkRequest> {
    let (from, to) = (path(from)?, path(to)?);
    submit(lp, move || op::rename(&from, &to), cb)
}

/// [`read_dir`](super::read_dir) on the pool, collected: every entry but
/// `.` and `..`, in the order the directory lists them.
pub fn read_dir_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<Vec<DirEntry>>) + 'static,
) -> Result<WorkRequest> {
    let p = p.as_ref().to_path_buf();
    path(&p)?;
    submit(lp, move || super::read_dir(&p)?.collect(), cb)
}

/// [`copy`](super::copy) on the pool; the callback gets the size copied.
pub fn copy_async(
    lp: &Loop,
    from: impl AsRef<Path>,
    to: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<u64>) + 'static,
) -> Result<WorkRequest> {
    let (from, to) = (from.as_ref().to_path_buf(), to.as_ref().to_path_buf());
    path(&from)?;
    path(&to)?;
    submit(lp, move || super::copy(&from, &to), cb)
}

/// [`canonicalize`](super::canonicalize) (`realpath`) on the pool.
pub fn canonicalize_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<PathBuf>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    submit(lp, move || op::realpath(&p).map(super::into_path), cb)
}

/// [`read_link`](super::read_link) on the pool.
pub fn read_link_async(
    lp: &Loop,
    p: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<PathBuf>) + 'static,
) -> Result<WorkRequest> {
    let p = path(p)?;
    submit(lp, move || op::readlink(&p).map(super::into_path), cb)
}

/// [`symlink`](super::symlink) on the pool.
pub fn symlink_async(
    lp: &Loop,
    original: impl AsRef<Path>,
    link: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<()>) + 'static,
) -> Result<WorkRequest> {
    let (original, link) = (path(original)?, path(link)?);
    submit(lp, move || op::symlink(&original, &link, 0), cb)
}

/// [`hard_link`](super::hard_link) on the pool.
pub fn hard_link_async(
    lp: &Loop,
    original: impl AsRef<Path>,
    link: impl AsRef<Path>,
    cb: impl FnOnce(&Loop, Result<()>) + 'static,
) -> Result<WorkRequest> {
    let (original, link) = (path(original)?, path(link)?);
    submit(lp, move || op::link(&original, &link), cb)
}
