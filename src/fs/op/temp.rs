//! Unique temporary directories and files from a `...XXXXXX` template.
//!
//! Templates are NUL-terminated byte buffers rewritten in place, as libuv
//! rewrites `req->path`: on success they hold the name created. On failure
//! mkdtemp leaves whatever the C library left (the template, or the last
//! name tried) and mkstemp empties the string, as libuv does.

use super::uv;
use crate::error::{code, Error, Result};
use crate::sys::fs as sys;
use std::os::fd::RawFd;

const PATTERN: &[u8] = b"XXXXXX";

/// Whether `template` is a NUL-terminated string (no NUL before the end).
fn is_c_string(template: &[u8]) -> bool {
    template.last() == Some(&0) && !template[..template.len() - 1].contains(&0)
}

/// Whether the string in `template` ends in the six-X pattern.
fn ends_in_pattern(template: &[u8]) -> bool {
    template[..template.len() - 1].ends_with(PATTERN)
}

/// Creates a new directory (mode 0700) named by the template.
pub fn mkdtemp(template: &mut [u8]) -> Result<()> {
    if !is_c_string(template) {
        return Err(Error::from_code(code::EINVAL));
    }
    uv(sys::mkdtemp(template))
}

/// Creates and opens a new file (mode 0600, read-write, close-on-exec)
/// named by the template; returns its descriptor.
pub fn mkstemp(template: &mut [u8]) -> Result<RawFd> {
    if !is_c_string(template) {
        return Err(Error::from_code(code::EINVAL));
    }
    let outcome = if ends_in_pattern(template) {
        uv(sys::mkostemp(template))
    } else {
        Err(Error::from_code(code::EINVAL))
    };
    if outcome.is_err() {
        template[0] = 0;
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_must_be_c_strings() {
        assert!(is_c_string(b"abcXXXXXX\0"));
        assert!(is_c_string(b"\0"));
        assert!(!is_c_string(b"abcXXXXXX"));
        assert!(!is_c_string(b"ab\0cXXXXXX\0"));
        assert!(!is_c_string(b""));
    }

    #[test]
    fn the_pattern_is_six_capital_x_at_the_end() {
        assert!(ends_in_pattern(b"XXXXXX\0"));
        assert!(ends_in_pattern(b"/tmp/fooXXXXXX\0"));
        assert!(!ends_in_pattern(b"/tmp/fooXXXXX\0"));
        assert!(!ends_in_pattern(b"/tmp/fooXXXXXXy\0"));
        assert!(!ends_in_pattern(b"/tmp/fooxxxxxx\0"));
        assert!(!ends_in_pattern(b"\0"));
    }

    #[test]
    fn a_bad_mkstemp_template_is_emptied() {
        let mut template = *b"/tmp/ruv-op-testXXXXX\0";
        assert_eq!(mkstemp(&mut template), Err(Error::from_code(code::EINVAL)));
        assert_eq!(template[0], 0);
        let mut template = *b"/tmp/ruv-op-testXXXXX\0";
        assert_eq!(mkdtemp(&mut template), Err(Error::from_code(code::EINVAL)));
        assert_eq!(&template, b"/tmp/ruv-op-testXXXXX\0");
    }
}
