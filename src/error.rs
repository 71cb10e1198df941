//! Errors: libuv's negative `UV_E*` codes. (Placeholder; the full table is being written.)

use std::fmt;

/// Negative libuv error codes.
pub mod code {
    pub const EINVAL: i32 = -22;
    pub const EBUSY: i32 = -16;
    pub const EAGAIN: i32 = -11;
    pub const ECANCELED: i32 = -125;
    pub const ENOMEM: i32 = -12;
    pub const ENOSYS: i32 = -38;
}

/// An error from ruv, carrying libuv's negative error code.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error(i32);

/// Results of ruv operations.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Wraps a negative `UV_E*` code.
    pub const fn from_code(code: i32) -> Error {
        Error(code)
    }
    /// The negative `UV_E*` code.
    pub const fn code(self) -> i32 {
        self.0
    }
    /// From an OS error: the errno, negated, as libuv reports it.
    pub fn from_io(err: &std::io::Error) -> Error {
        Error(-err.raw_os_error().unwrap_or(5))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({})", self.0)
    }
}
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error {}", self.0)
    }
}
impl std::error::Error for Error {}
