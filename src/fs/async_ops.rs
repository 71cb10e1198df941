//! Asynchronous operations: each runs on the thread pool (through
//! [`Loop::queue_work`]) and calls back on the loop thread with the
//! loop and the result.
//!
//! Everything a request needs is moved into it: paths are converted before
//! it is queued (a path with a NUL is `EINVAL` at once, and the callback is
//! not called), buffers are moved in and handed back to the callback with
//! the result, even on error or cancellation, and a [`File`] stays open
//! while a request on it is in flight. The returned [`WorkRequest`] cancels
//! a request no worker has started; its callback then gets `ECANCELED`.

use super::{cpath, file, op, read_all, File, Metadata, OpenOptions};
use crate::error::{code, Error, Result};
use crate::{Loop, WorkRequest};
use parking_lot::Mutex;
use std::ffi::CString;
use std::path::Path;
use std::sync::Arc;

/// Queues `job` on the pool; `cb` gets its result on the loop thread.
fn submit<T: Send + 'static>(
    lp: &Loop,
    job: impl FnOnce() -> Result<T> + Send + 'static,
    cb: impl FnOnce(&Loop, Result<T>) + 'static,
) -> Result<WorkRequest> {
    lp.queue_work(job, move |lp, result| cb(lp, result.and_then(|r| r)))
}

/// As [`submit`], for a job that works on a buffer: the buffer waits in a
/// slot both sides share, so that `cb` gets it back even when the job
/// never ran (cancelled).
fn submit_with<B: Send + 'static, T: Send + 'static>(
    lp: &Loop,
    buf: B,
    job: impl FnOnce(&mut B) -> Result<T> + Send + 'static,
    cb: impl FnOnce(&Loop, Result<T>, B) + 'static,
) -> Result<WorkRequest> {
    let slot = Arc::new(Mutex::new(Some(buf)));
    let worker_slot = Arc::clone(&slot);
    let work = move || match worker_slot.lock().as_mut() {
        Some(buf) => job(buf),
        None => Err(Error::from_code(code::EINVAL)),
    };
    lp.queue_work(work, move |lp, result| {
        let buf = slot
            .lock()
            .take()
            .expect("the buffer is back once the job is done");
        cb(lp, result.and_then(|r| r), buf)
    })
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
/// let path = std::env::temp_dir().join(format!("ruv-doc-async-{}", std::process::id()));
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
/// ruv::fs::remove_file(&path)?;
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

impl OpenOptions {
    /// [`OpenOptions::open`] on the pool. If the loop goes away before the
    /// callback runs, the file is closed.
    ///
    /// ```
    /// use ruv::fs::OpenOptions;
    /// use ruv::{Loop, RunMode};
    ///
    /// let path = std::env::temp_dir().join(format!("ruv-doc-open-{}", std::process::id()));
    /// let lp = Loop::new()?;
    /// OpenOptions::new().read(true).write(true).create(true).open_async(&lp, &path, |lp, file| {
    ///     let file = file.unwrap();
    ///     file.write_at_async(lp, b"abc".to_vec(), 0, |_lp, written, buf| {
    ///         assert_eq!(written.unwrap(), 3);
    ///         assert_eq!(buf, b"abc"); // handed back for reuse
    ///     })
    ///     .unwrap();
    ///     // Dropping `file` here is fine: the request holds it open.
    /// })?;
    /// lp.run(RunMode::Default);
    /// assert_eq!(ruv::fs::read(&path)?, b"abc");
    /// ruv::fs::remove_file(&path)?;
    /// # Ok::<(), ruv::Error>(())
    /// ```
    pub fn open_async(
        &self,
        lp: &Loop,
        p: impl AsRef<Path>,
        cb: impl FnOnce(&Loop, Result<File>) + 'static,
    ) -> Result<WorkRequest> {
        let flags = self.flags()?;
        let mode = self.mode_bits();
        let p = path(p)?;
        submit(lp, move || op::open(&p, flags, mode).map(File::from_op), cb)
    }
}

impl File {
    /// [`File::open`] (for reading) on the pool.
    pub fn open_async(
        lp: &Loop,
        p: impl AsRef<Path>,
        cb: impl FnOnce(&Loop, Result<File>) + 'static,
    ) -> Result<WorkRequest> {
        OpenOptions::new().read(true).open_async(lp, p, cb)
    }

    /// Reads into `buf` (all of it: `buf.as_mut().len()` bytes at most) at
    /// `offset`, on the pool. The callback gets the number of bytes read (0
    /// at end of file) and `buf` back, whatever the result.
    pub fn read_at_async<B: AsMut<[u8]> + Send + 'static>(
        &self,
        lp: &Loop,
        buf: B,
        offset: u64,
        cb: impl FnOnce(&Loop, Result<usize>, B) + 'static,
    ) -> Result<WorkRequest> {
        let offset = file::offset(offset)?;
        let fd = Arc::clone(&self.fd);
        let job = move |buf: &mut B| {
            let mut bufs = [std::io::IoSliceMut::new(buf.as_mut())];
            op::read(fd.raw(), &mut bufs, offset)
        };
        submit_with(lp, buf, job, cb)
    }

    /// Writes all of `buf` at `offset`, on the pool. The callback gets the
    /// number of bytes written and `buf` back, whatever the result.
    pub fn write_at_async<B: AsRef<[u8]> + Send + 'static>(
        &self,
        lp: &Loop,
        buf: B,
        offset: u64,
        cb: impl FnOnce(&Loop, Result<usize>, B) + 'static,
    ) -> Result<WorkRequest> {
        let offset = file::offset(offset)?;
        let fd = Arc::clone(&self.fd);
        let job = move |buf: &mut B| {
            let bytes = buf.as_ref();
            file::write_all_fd(fd.raw(), bytes, offset).map(|()| bytes.len())
        };
        submit_with(lp, buf, job, cb)
    }

    /// [`File::metadata`] (`fstat`) on the pool.
    pub fn metadata_async(
        &self,
        lp: &Loop,
        cb: impl FnOnce(&Loop, Result<Metadata>) + 'static,
    ) -> Result<WorkRequest> {
        let fd = Arc::clone(&self.fd);
        submit(lp, move || op::fstat(fd.raw()).map(Metadata::from), cb)
    }

    /// [`File::sync_all`] (`fsync`) on the pool.
    pub fn sync_all_async(
        &self,
        lp: &Loop,
        cb: impl FnOnce(&Loop, Result<()>) + 'static,
    ) -> Result<WorkRequest> {
        let fd = Arc::clone(&self.fd);
        submit(lp, move || op::fsync(fd.raw()), cb)
    }

    /// [`File::sync_data`] (`fdatasync`) on the pool.
    pub fn sync_data_async(
        &self,
        lp: &Loop,
        cb: impl FnOnce(&Loop, Result<()>) + 'static,
    ) -> Result<WorkRequest> {
        let fd = Arc::clone(&self.fd);
        submit(lp, move || op::fdatasync(fd.raw()), cb)
    }

    /// [`File::set_len`] (`ftruncate`) on the pool.
    pub fn set_len_async(
        &self,
        lp: &Loop,
        len: u64,
        cb: impl FnOnce(&Loop, Result<()>) + 'static,
    ) -> Result<WorkRequest> {
        let len = file::offset(len)?;
        let fd = Arc::clone(&self.fd);
        submit(lp, move || op::ftruncate(fd.raw(), len), cb)
    }

    /// [`File::close`] on the pool. Cancelled, the file is closed when the
    /// request is dropped instead (the callback gets `ECANCELED`).
    pub fn close_async(
        self,
        lp: &Loop,
        cb: impl FnOnce(&Loop, Result<()>) + 'static,
    ) -> Result<WorkRequest> {
        submit(lp, move || self.close(), cb)
    }
}
