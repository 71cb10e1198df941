//! Cryptographically strong random bytes: getrandom(2), or /dev/urandom on
//! kernels older than getrandom.

use std::io::{self, Read};

/// Fills `buf` completely.
pub fn fill(buf: &mut [u8]) -> io::Result<()> {
    let mut pos = 0;
    while pos < buf.len() {
        let rest = &mut buf[pos..];
        // SAFETY: `rest` is writable for its length.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        if n < 0 {
            let err = io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::ENOSYS) => return from_urandom(rest),
                _ => return Err(err),
            }
        }
        pos += n as usize;
    }
    Ok(())
}

fn from_urandom(buf: &mut [u8]) -> io::Result<()> {
    std::fs::File::open("/dev/urandom")?.read_exact(buf)
}
