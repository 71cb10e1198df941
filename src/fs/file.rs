//! [`File`], an open file descriptor, and [`OpenOptions`], how to open one.

use super::{op, Metadata, OpenOptions, Permissions};
use crate::error::{code, Error, Result};
use std::io::{self, IoSlice, IoSliceMut};
use std::os::fd::{AsRawFd, IntoRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

/// An open file. Closed when dropped, or by [`File::close`] to see the
/// error `close` gives. Asynchronous requests on it (see
/// [`File::read_at_async`]) hold it open until they finish, so dropping a
/// `File` with requests in flight is fine: the last one closes it.
///
/// `read`/`write` use (and move) the file position; `read_at`/`write_at`
/// leave it alone. `File` and `&File` implement [`std::io::Read`] and
/// [`std::io::Write`].
///
/// ```
/// use ruv::fs::File;
///
/// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
/// let path = dir.join("file");
/// let file = File::options().read(true).write(true).create(true).truncate(true).open(&path)?;
/// file.write_all(b"hello, world")?;
/// file.write_all_at(b"HELLO", 0)?;
/// let mut buf = [0u8; 5];
/// assert_eq!(file.read_at(&mut buf, 7)?, 5);
/// assert_eq!(&buf, b"world");
/// assert_eq!(file.metadata()?.len(), 12);
/// file.close()?;
/// assert_eq!(ruv::fs::read_to_string(&path)?, "HELLO, world");
/// ruv::fs::remove_dir_all(&dir)?;
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Debug)]
pub struct File {
    pub(super) fd: Arc<Fd>,
}

/// The descriptor, shared by a [`File`] and its requests in flight.
#[derive(Debug)]
pub(super) struct Fd {
    raw: RawFd,
    /// Cleared when the descriptor was closed or handed out.
    owned: AtomicBool,
}

impl Fd {
    pub(super) fn raw(&self) -> RawFd {
        self.raw
    }

    /// Closes now (once), returning what `close` says.
    fn close(&self) -> Result<()> {
        if self.owned.swap(false, Ordering::AcqRel) {
            op::close(self.raw)
        } else {
            Ok(())
        }
    }
}

impl Drop for Fd {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

/// An offset for `op` (which takes negative as "current position").
pub(super) fn offset(offset: u64) -> Result<i64> {
    i64::try_from(offset).map_err(|_| Error::from_code(code::EINVAL))
}

/// Writes all of `buf` at `offset` (negative: the current position),
/// continuing after short writes; a write of nothing is `EIO`.
pub(super) fn write_all_fd(fd: RawFd, mut buf: &[u8], mut offset: i64) -> Result<()> {
    while !buf.is_empty() {
        let n = op::write(fd, &mut [IoSlice::new(buf)], offset)?;
        if n == 0 {
            return Err(Error::from_code(code::EIO));
        }
        buf = &buf[n..];
        if offset >= 0 {
            offset += n as i64;
        }
    }
    Ok(())
}

impl File {
    /// Takes ownership of a descriptor `op::open` gave.
    pub(super) fn from_op(raw: RawFd) -> File {
        File {
            fd: Arc::new(Fd {
                raw,
                owned: AtomicBool::new(true),
            }),
        }
    }

    /// Opens for reading.
    pub fn open(path: impl AsRef<Path>) -> Result<File> {
        OpenOptions::new().read(true).open(path)
    }

    /// Opens for writing, creating the file or truncating it.
    pub fn create(path: impl AsRef<Path>) -> Result<File> {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
    }

    /// Creates a new file for reading and writing; `EEXIST` if it exists.
    pub fn create_new(path: impl AsRef<Path>) -> Result<File> {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
    }

    /// Creates and opens (for reading and writing, mode `0o600`) a new file
    /// named `prefix` followed by six random characters (`mkstemp`).
    pub fn create_temp(prefix: impl AsRef<Path>) -> Result<(File, PathBuf)> {
        let mut template = super::temp_template(prefix.as_ref())?;
        let fd = op::mkstemp(&mut template)?;
        Ok((File::from_op(fd), super::temp_path(template)))
    }

    pub fn options() -> OpenOptions {
        OpenOptions::new()
    }

    /// Reads at the current position, moving it; 0 at end of file.
    pub fn read(&self, buf: &mut [u8]) -> Result<usize> {
        op::read(self.fd.raw, &mut [IoSliceMut::new(buf)], -1)
    }

    /// One vectored read at the current position.
    pub fn read_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> Result<usize> {
        op::read(self.fd.raw, bufs, -1)
    }

    /// Reads at `offset` without moving the position; 0 at end of file.
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> Result<usize> {
        op::read(
            self.fd.raw,
            &mut [IoSliceMut::new(buf)],
            self::offset(offset)?,
        )
    }

    /// Fills `buf` from `offset`; `EOF` if the file ends first.
    pub fn read_exact_at(&self, mut buf: &mut [u8], mut offset: u64) -> Result<()> {
        while !buf.is_empty() {
            match self.read_at(buf, offset)? {
                0 => return Err(Error::from_code(code::EOF)),
                n => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
            }
        }
        Ok(())
    }

    /// Writes at the current position (at the end with `append`), moving
    /// it. As libuv does, keeps writing after short writes, so this writes
    /// everything unless an error stops it.
    pub fn write(&self, buf: &[u8]) -> Result<usize> {
        op::write(self.fd.raw, &mut [IoSlice::new(buf)], -1)
    }

    pub fn write_vectored(&self, bufs: &[IoSlice<'_>]) -> Result<usize> {
        let mut bufs = bufs.to_vec();
        op::write(self.fd.raw, &mut bufs, -1)
    }

    /// Writes at `offset` without moving the position.
    pub fn write_at(&self, buf: &[u8], offset: u64) -> Result<usize> {
        op::write(self.fd.raw, &mut [IoSlice::new(buf)], self::offset(offset)?)
    }

    /// Writes all of `buf` at the current position, or fails.
    pub fn write_all(&self, buf: &[u8]) -> Result<()> {
        write_all_fd(self.fd.raw, buf, -1)
    }

    /// Writes all of `buf` at `offset`, or fails.
    pub fn write_all_at(&self, buf: &[u8], offset: u64) -> Result<()> {
        write_all_fd(self.fd.raw, buf, self::offset(offset)?)
    }

    /// Flushes data and metadata to the device (`fsync`).
    pub fn sync_all(&self) -> Result<()> {
        op::fsync(self.fd.raw)
    }

    /// Flushes data, and the metadata needed to read it back (`fdatasync`).
    pub fn sync_data(&self) -> Result<()> {
        op::fdatasync(self.fd.raw)
    }

    /// Truncates or extends (with zeros) to `len` bytes.
    pub fn set_len(&self, len: u64) -> Result<()> {
        op::ftruncate(self.fd.raw, offset(len)?)
    }

    pub fn metadata(&self) -> Result<Metadata> {
        op::fstat(self.fd.raw).map(Metadata::from)
    }

    pub fn set_permissions(&self, perm: Permissions) -> Result<()> {
        op::fchmod(self.fd.raw, perm.mode() as i32)
    }

    /// Sets the access and modification times (microsecond precision, see
    /// [`set_times`](super::set_times)).
    pub fn set_times(&self, accessed: SystemTime, modified: SystemTime) -> Result<()> {
        op::futime(
            self.fd.raw,
            super::seconds(accessed),
            super::seconds(modified),
        )
    }

    /// Changes the owner and/or group; `None` leaves that one as it is.
    pub fn chown(&self, uid: Option<u32>, gid: Option<u32>) -> Result<()> {
        op::fchown(
            self.fd.raw,
            uid.unwrap_or(u32::MAX),
            gid.unwrap_or(u32::MAX),
        )
    }

    /// Closes the file, returning the error `close` gives. With
    /// asynchronous requests still in flight the descriptor stays open
    /// until the last of them finishes, and this returns `Ok`.
    pub fn close(self) -> Result<()> {
        match Arc::try_unwrap(self.fd) {
            Ok(fd) => fd.close(),
            Err(_shared) => Ok(()),
        }
    }
}

impl AsRawFd for File {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.raw
    }
}

impl IntoRawFd for File {
    /// Hands the descriptor over: the caller closes it. Requests still in
    /// flight keep using it.
    fn into_raw_fd(self) -> RawFd {
        self.fd.owned.store(false, Ordering::Release);
        self.fd.raw
    }
}

impl io::Read for &File {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        File::read(self, buf).map_err(io::Error::from)
    }

    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        File::read_vectored(self, bufs).map_err(io::Error::from)
    }
}

impl io::Read for File {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        io::Read::read(&mut &*self, buf)
    }

    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        io::Read::read_vectored(&mut &*self, bufs)
    }
}

impl io::Write for &File {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        File::write(self, buf).map_err(io::Error::from)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        File::write_vectored(self, bufs).map_err(io::Error::from)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl io::Write for File {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::Write::write(&mut &*self, buf)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        io::Write::write_vectored(&mut &*self, bufs)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
