//! Directory streams: opendir(3), readdir(3), closedir(3).

use std::ffi::{CStr, CString};
use std::io;
use std::ptr::NonNull;

/// One entry as readdir(3) reports it: the name and the `d_type` byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDirent {
    pub name: CString,
    pub d_type: u8,
}

/// An open directory stream; closed when dropped.
#[derive(Debug)]
pub struct Dir(NonNull<libc::DIR>);

// SAFETY: a DIR stream is plain memory owned by this value; nothing ties it
// to the thread that opened it, and `&mut self` serialises its use.
unsafe impl Send for Dir {}

impl Dir {
    /// Opens the directory at `path` (close-on-exec), retrying EINTR.
    pub fn open(path: &CStr) -> io::Result<Dir> {
        super::restart(|| {
            // SAFETY: a NUL-terminated path.
            let dir = unsafe { libc::opendir(path.as_ptr()) };
            NonNull::new(dir)
                .map(Dir)
                .ok_or_else(io::Error::last_os_error)
        })
    }

    /// The next entry, `None` at the end of the directory.
    pub fn read(&mut self) -> io::Result<Option<RawDirent>> {
        // readdir reports an error by returning NULL with errno set, and the
        // end with NULL and errno untouched: clear errno first.
        // SAFETY: errno is this thread's own variable.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: an open stream this value owns.
        let entry = unsafe { libc::readdir64(self.0.as_ptr()) };
        if entry.is_null() {
            let err = io::Error::last_os_error();
            return match err.raw_os_error() {
                Some(0) | None => Ok(None),
                Some(_) => Err(err),
            };
        }
        // SAFETY: readdir returned an entry valid until the next call on
        // this stream; d_name is NUL-terminated within it.
        let (name, d_type) = unsafe {
            let entry = &*entry;
            (
                CStr::from_ptr(entry.d_name.as_ptr()).to_owned(),
                entry.d_type,
            )
        };
        Ok(Some(RawDirent { name, d_type }))
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        // SAFETY: the stream is open and closed only here.
        unsafe { libc::closedir(self.0.as_ptr()) };
    }
}
