//! Asynchronous [`File`] and [`OpenOptions`] operations.

use super::async_ops::{submit, submit_with};
use super::{cpath, file, op, File, Metadata, OpenOptions};
use crate::error::Result;
use crate::{Loop, WorkRequest};
use std::path::Path;
use std::sync::Arc;

impl OpenOptions {
    /// [`OpenOptions::open`] on the pool. The request owns the opened
    /// [`File`] until its callback takes it; a request dropped without
    /// calling back (its loop gone) closes the file with it.
    ///
    /// ```
    /// use ruv::fs::OpenOptions;
    /// use ruv::{Loop, RunMode};
    ///
    /// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
    /// let path = dir.join("file");
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
    /// ruv::fs::remove_dir_all(&dir)?;
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
        let p = cpath(p.as_ref())?;
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
        // At an explicit offset: independent of other writes, so not in a
        // lane (see the C layer's fs request).
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
