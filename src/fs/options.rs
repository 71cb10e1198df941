//! [`OpenOptions`]: how to open a [`File`], as `std::fs::OpenOptions`.

use super::{cpath, op, File};
use crate::error::{code, Error, Result};
use std::path::Path;

/// How to open a file, as `std::fs::OpenOptions`: pick the access
/// (`read`, `write`, `append`) and what to do about a missing or existing
/// file (`create`, `create_new`, `truncate`); `mode` (default `0o666`,
/// before the umask) applies to a file this creates.
///
/// ```
/// use ruv::fs::OpenOptions;
///
/// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
/// let path = dir.join("file");
/// let log = OpenOptions::new().append(true).create(true).mode(0o600).open(&path)?;
/// log.write_all(b"one\n")?;
/// log.write_all(b"two\n")?;
/// drop(log);
/// assert_eq!(ruv::fs::read(&path)?, b"one\ntwo\n");
/// // create_new refuses an existing file.
/// let again = OpenOptions::new().write(true).create_new(true).open(&path);
/// assert_eq!(again.unwrap_err().name(), "EEXIST");
/// ruv::fs::remove_dir_all(&dir)?;
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OpenOptions {
    read: bool,
    write: bool,
    append: bool,
    truncate: bool,
    create: bool,
    create_new: bool,
    mode: u32,
    custom_flags: i32,
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions::new()
    }
}

impl OpenOptions {
    /// Everything off; mode `0o666`.
    pub fn new() -> OpenOptions {
        OpenOptions {
            read: false,
            write: false,
            append: false,
            truncate: false,
            create: false,
            create_new: false,
            mode: 0o666,
            custom_flags: 0,
        }
    }

    pub fn read(&mut self, read: bool) -> &mut OpenOptions {
        self.read = read;
        self
    }

    pub fn write(&mut self, write: bool) -> &mut OpenOptions {
        self.write = write;
        self
    }

    /// Every write goes to the end (implies write access).
    pub fn append(&mut self, append: bool) -> &mut OpenOptions {
        self.append = append;
        self
    }

    /// Empties an existing file (needs write access).
    pub fn truncate(&mut self, truncate: bool) -> &mut OpenOptions {
        self.truncate = truncate;
        self
    }

    /// Creates the file if missing (needs write or append access).
    pub fn create(&mut self, create: bool) -> &mut OpenOptions {
        self.create = create;
        self
    }

    /// Creates the file, failing with `EEXIST` if it exists (`O_EXCL`);
    /// `create` and `truncate` are then ignored.
    pub fn create_new(&mut self, create_new: bool) -> &mut OpenOptions {
        self.create_new = create_new;
        self
    }

    /// Permission bits for a file this creates (the umask applies).
    pub fn mode(&mut self, mode: u32) -> &mut OpenOptions {
        self.mode = mode;
        self
    }

    /// Extra `O_*` flags (`O_NOFOLLOW`, `O_DIRECT`, ...); the access mode
    /// bits in them are ignored.
    pub fn custom_flags(&mut self, flags: i32) -> &mut OpenOptions {
        self.custom_flags = flags;
        self
    }

    /// The `open` flags these options mean, or `EINVAL` for a combination
    /// that makes no sense (as `std` refuses them).
    pub fn flags(&self) -> Result<i32> {
        let invalid = Err(Error::from_code(code::EINVAL));
        let access = match (self.read, self.write, self.append) {
            (true, false, false) => libc::O_RDONLY,
            (false, true, false) => libc::O_WRONLY,
            (true, true, false) => libc::O_RDWR,
            (false, _, true) => libc::O_WRONLY | libc::O_APPEND,
            (true, _, true) => libc::O_RDWR | libc::O_APPEND,
            (false, false, false) => return invalid,
        };
        let writable = self.write || self.append;
        if !writable && (self.truncate || self.create || self.create_new) {
            return invalid;
        }
        if self.append && self.truncate && !self.create_new {
            return invalid;
        }
        let creation = match (self.create, self.truncate, self.create_new) {
            (_, _, true) => libc::O_CREAT | libc::O_EXCL,
            (false, false, false) => 0,
            (true, false, false) => libc::O_CREAT,
            (false, true, false) => libc::O_TRUNC,
            (true, true, false) => libc::O_CREAT | libc::O_TRUNC,
        };
        Ok(access | creation | (self.custom_flags & !libc::O_ACCMODE))
    }

    /// The mode for `op::open`.
    pub(super) fn mode_bits(&self) -> i32 {
        self.mode as i32
    }

    /// Opens `path` with these options.
    pub fn open(&self, path: impl AsRef<Path>) -> Result<File> {
        let flags = self.flags()?;
        let path = cpath(path.as_ref())?;
        op::open(&path, flags, self.mode as i32).map(File::from_op)
    }
}
