//! Directories: [`read_dir`] with its [`ReadDir`] iterator of [`DirEntry`],
//! and [`remove_dir_all`].

use super::metadata::{S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFREG, S_IFSOCK};
use super::{cpath, op, symlink_metadata, FileType, Metadata};
use crate::error::{code, Result};
use std::collections::VecDeque;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many entries one `readdir` call fetches.
const BATCH: usize = 64;

/// The entries of a directory, in the order the directory lists them,
/// without `.` and `..`. The directory stays open until the iterator is
/// dropped or has ended.
///
/// ```
/// let dir = ruv::fs::create_temp_dir(std::env::temp_dir().join("ruv-doc-"))?;
/// ruv::fs::write(dir.join("file"), b"")?;
/// ruv::fs::create_dir(dir.join("sub"))?;
///
/// let mut names = Vec::new();
/// for entry in ruv::fs::read_dir(&dir)? {
///     let entry = entry?;
///     names.push((entry.file_name().into_string().unwrap(), entry.file_type()?.is_dir()));
/// }
/// names.sort();
/// assert_eq!(names, [("file".to_string(), false), ("sub".to_string(), true)]);
///
/// ruv::fs::remove_dir_all(&dir)?;
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Debug)]
pub struct ReadDir {
    root: Arc<PathBuf>,
    /// `None` once the end (or an error) was reached: the stream is closed.
    dir: Option<op::Dir>,
    pending: VecDeque<op::DirEntry>,
}

/// Opens the directory at `path` for listing.
pub fn read_dir(path: impl AsRef<Path>) -> Result<ReadDir> {
    let path = path.as_ref();
    let dir = op::opendir(&cpath(path)?)?;
    Ok(ReadDir {
        root: Arc::new(path.to_path_buf()),
        dir: Some(dir),
        pending: VecDeque::new(),
    })
}

impl Iterator for ReadDir {
    type Item = Result<DirEntry>;

    fn next(&mut self) -> Option<Result<DirEntry>> {
        loop {
            if let Some(raw) = self.pending.pop_front() {
                return Some(Ok(DirEntry::new(&self.root, raw)));
            }
            let dir = self.dir.as_mut()?;
            match op::readdir(dir, BATCH) {
                Ok(batch) if batch.is_empty() => {
                    self.dir = None;
                    return None;
                }
                Ok(batch) => self.pending.extend(batch),
                Err(e) => {
                    self.dir = None;
                    return Some(Err(e));
                }
            }
        }
    }
}

impl std::iter::FusedIterator for ReadDir {}

/// One entry of a directory: its name, its path and (usually without
/// another system call) its type.
#[derive(Clone)]
pub struct DirEntry {
    root: Arc<PathBuf>,
    name: OsString,
    /// The type the directory reported; `None` when it did not say.
    file_type: Option<FileType>,
}

impl DirEntry {
    fn new(root: &Arc<PathBuf>, raw: op::DirEntry) -> DirEntry {
        use op::DirentType as T;
        let bits = match raw.kind {
            T::File => Some(S_IFREG),
            T::Dir => Some(S_IFDIR),
            T::Link => Some(S_IFLNK),
            T::Fifo => Some(S_IFIFO),
            T::Socket => Some(S_IFSOCK),
            T::Char => Some(S_IFCHR),
            T::Block => Some(S_IFBLK),
            T::Unknown => None,
        };
        DirEntry {
            root: Arc::clone(root),
            name: OsString::from_vec(raw.name.into_bytes()),
            file_type: bits.map(FileType::from_mode),
        }
    }

    /// The directory's path joined with the entry's name.
    pub fn path(&self) -> PathBuf {
        self.root.join(&self.name)
    }

    /// The name, without the directory.
    pub fn file_name(&self) -> OsString {
        self.name.clone()
    }

    /// The entry's type, not following symbolic links. When the file system
    /// does not report types in listings this asks `lstat`.
    pub fn file_type(&self) -> Result<FileType> {
        match self.file_type {
            Some(ty) => Ok(ty),
            None => self.metadata().map(|m| m.file_type()),
        }
    }

    /// `lstat` of the entry: a symbolic link is not followed.
    pub fn metadata(&self) -> Result<Metadata> {
        symlink_metadata(self.path())
    }
}

impl std::fmt::Debug for DirEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DirEntry").field(&self.path()).finish()
    }
}

/// Removes a directory and everything in it. Symbolic links are removed,
/// not followed. A `path` that is itself a symbolic link is `ENOTDIR`.
pub fn remove_dir_all(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    if symlink_metadata(path)?.is_symlink() {
        return Err(crate::Error::from_code(code::ENOTDIR));
    }
    remove_contents(path)?;
    super::remove_dir(path)
}

fn remove_contents(dir: &Path) -> Result<()> {
    for entry in read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            remove_contents(&path)?;
            super::remove_dir(&path)?;
        } else {
            super::remove_file(&path)?;
        }
    }
    Ok(())
}
