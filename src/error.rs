//! Errors: libuv's negative `UV_E*` codes, their names and their messages.
//!
//! Everything comes from one table, `uv_errors!` below: the `code`
//! constants, [`Error::name`] and [`Error::message`]. The messages are the
//! exact strings libuv 1.44's `uv_strerror` returns; the codes are negated
//! Linux errno values, except for the libuv-specific ones (`EAI_*`,
//! `ECHARSET`, `EFTYPE`, `UNKNOWN`, `EOF`).

use std::ffi::CStr;
use std::fmt;
use std::io;

/// Builds the error table. Each row is `(NAME, code, "message")`; from the
/// rows come the `code` constants and the name and message lookups. Names and
/// messages are stored NUL-terminated so the C boundary can hand them out
/// without copying.
macro_rules! uv_errors {
    ($(($name:ident, $code:literal, $msg:literal)),+ $(,)?) => {
        /// The negative libuv error codes, one constant per `UV_E*` name
        /// (`code::EINVAL` is `UV_EINVAL`).
        pub mod code {
            $(
                #[doc = $msg]
                pub const $name: i32 = $code;
            )+
            /// `UV_ERRNO_MAX`: below every error code; not an error itself.
            pub const ERRNO_MAX: i32 = -4096;
        }

        /// One row of the table: code, NUL-terminated name and message.
        struct Row {
            code: i32,
            name: &'static str,
            message: &'static str,
        }

        /// Every known error, in the order libuv lists them.
        static TABLE: &[Row] = &[
            $(Row {
                code: $code,
                name: concat!(stringify!($name), "\0"),
                message: concat!($msg, "\0"),
            },)+
        ];
    };
}

uv_errors! {
    (E2BIG, -7, "argument list too long"),
    (EACCES, -13, "permission denied"),
    (EADDRINUSE, -98, "address already in use"),
    (EADDRNOTAVAIL, -99, "address not available"),
    (EAFNOSUPPORT, -97, "address family not supported"),
    (EAGAIN, -11, "resource temporarily unavailable"),
    (EAI_ADDRFAMILY, -3000, "address family not supported"),
    (EAI_AGAIN, -3001, "temporary failure"),
    (EAI_BADFLAGS, -3002, "bad ai_flags value"),
    (EAI_BADHINTS, -3013, "invalid value for hints"),
    (EAI_CANCELED, -3003, "request canceled"),
    (EAI_FAIL, -3004, "permanent failure"),
    (EAI_FAMILY, -3005, "ai_family not supported"),
    (EAI_MEMORY, -3006, "out of memory"),
    (EAI_NODATA, -3007, "no address"),
    (EAI_NONAME, -3008, "unknown node or service"),
    (EAI_OVERFLOW, -3009, "argument buffer overflow"),
    (EAI_PROTOCOL, -3014, "resolved protocol is unknown"),
    (EAI_SERVICE, -3010, "service not available for socket type"),
    (EAI_SOCKTYPE, -3011, "socket type not supported"),
    (EALREADY, -114, "connection already in progress"),
    (EBADF, -9, "bad file descriptor"),
    (EBUSY, -16, "resource busy or locked"),
    (ECANCELED, -125, "operation canceled"),
    (ECHARSET, -4080, "invalid Unicode character"),
    (ECONNABORTED, -103, "software caused connection abort"),
    (ECONNREFUSED, -111, "connection refused"),
    (ECONNRESET, -104, "connection reset by peer"),
    (EDESTADDRREQ, -89, "destination address required"),
    (EEXIST, -17, "file already exists"),
    (EFAULT, -14, "bad address in system call argument"),
    (EFBIG, -27, "file too large"),
    (EHOSTUNREACH, -113, "host is unreachable"),
    (EINTR, -4, "interrupted system call"),
    (EINVAL, -22, "invalid argument"),
    (EIO, -5, "i/o error"),
    (EISCONN, -106, "socket is already connected"),
    (EISDIR, -21, "illegal operation on a directory"),
    (ELOOP, -40, "too many symbolic links encountered"),
    (EMFILE, -24, "too many open files"),
    (EMSGSIZE, -90, "message too long"),
    (ENAMETOOLONG, -36, "name too long"),
    (ENETDOWN, -100, "network is down"),
    (ENETUNREACH, -101, "network is unreachable"),
    (ENFILE, -23, "file table overflow"),
    (ENOBUFS, -105, "no buffer space available"),
    (ENODEV, -19, "no such device"),
    (ENOENT, -2, "no such file or directory"),
    (ENOMEM, -12, "not enough memory"),
    (ENONET, -64, "machine is not on the network"),
    (ENOPROTOOPT, -92, "protocol not available"),
    (ENOSPC, -28, "no space left on device"),
    (ENOSYS, -38, "function not implemented"),
    (ENOTCONN, -107, "socket is not connected"),
    (ENOTDIR, -20, "not a directory"),
    (ENOTEMPTY, -39, "directory not empty"),
    (ENOTSOCK, -88, "socket operation on non-socket"),
    (ENOTSUP, -95, "operation not supported on socket"),
    (EOVERFLOW, -75, "value too large for defined data type"),
    (EPERM, -1, "operation not permitted"),
    (EPIPE, -32, "broken pipe"),
    (EPROTO, -71, "protocol error"),
    (EPROTONOSUPPORT, -93, "protocol not supported"),
    (EPROTOTYPE, -91, "protocol wrong type for socket"),
    (ERANGE, -34, "result too large"),
    (EROFS, -30, "read-only file system"),
    (ESHUTDOWN, -108, "cannot send after transport endpoint shutdown"),
    (ESPIPE, -29, "invalid seek"),
    (ESRCH, -3, "no such process"),
    (ETIMEDOUT, -110, "connection timed out"),
    (ETXTBSY, -26, "text file is busy"),
    (EXDEV, -18, "cross-device link not permitted"),
    (UNKNOWN, -4094, "unknown error"),
    (EOF, -4095, "end of file"),
    (ENXIO, -6, "no such device or address"),
    (EMLINK, -31, "too many links"),
    (EHOSTDOWN, -112, "host is down"),
    (EREMOTEIO, -121, "remote I/O error"),
    (ENOTTY, -25, "inappropriate ioctl for device"),
    (EFTYPE, -4028, "inappropriate file type or format"),
    (EILSEQ, -84, "illegal byte sequence"),
    (ESOCKTNOSUPPORT, -94, "socket type not supported"),
}

/// Finds the table row for a code.
fn row(code: i32) -> Option<&'static Row> {
    TABLE.iter().find(|row| row.code == code)
}

/// Drops the trailing NUL the table stores.
fn text(with_nul: &'static str) -> &'static str {
    &with_nul[..with_nul.len() - 1]
}

/// The table's NUL-terminated string as a C string.
fn c_text(with_nul: &'static str) -> &'static CStr {
    CStr::from_bytes_with_nul(with_nul.as_bytes()).expect("error table strings end in one NUL")
}

/// Every code in the table, in table order.
pub fn all_codes() -> impl Iterator<Item = i32> {
    TABLE.iter().map(|row| row.code)
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

    /// From an errno value as `uv_translate_sys_error` does: a positive errno
    /// is negated; zero and negative values (already libuv codes) are kept.
    pub const fn from_errno(errno: i32) -> Error {
        if errno <= 0 {
            Error(errno)
        } else {
            Error(-errno)
        }
    }

    /// The calling thread's current errno.
    pub fn last_os_error() -> Error {
        Error::from_io(&io::Error::last_os_error())
    }

    /// From an I/O error: its errno when it carries one, the `Error` it wraps
    /// when it was made from one, and otherwise the closest code for its kind.
    pub fn from_io(err: &io::Error) -> Error {
        if let Some(errno) = err.raw_os_error() {
            return Error::from_errno(errno);
        }
        if let Some(inner) = err.get_ref().and_then(|e| e.downcast_ref::<Error>()) {
            return *inner;
        }
        Error(kind_code(err.kind()))
    }

    /// Whether the code is one libuv knows (has a name and a message).
    pub fn is_known(self) -> bool {
        row(self.0).is_some()
    }

    /// The name, as `uv_err_name` gives it: "ENOENT". Codes libuv does not
    /// know give "UNKNOWN"; `uv_err_name` spells those out instead.
    pub fn name(self) -> &'static str {
        row(self.0).map_or("UNKNOWN", |row| text(row.name))
    }

    /// The message, exactly as libuv's `uv_strerror`: "no such file or
    /// directory". Codes libuv does not know give "unknown error".
    pub fn message(self) -> &'static str {
        row(self.0).map_or("unknown error", |row| text(row.message))
    }

    /// The name as a C string, or `None` for a code libuv does not know.
    pub fn name_c(self) -> Option<&'static CStr> {
        row(self.0).map(|row| c_text(row.name))
    }

    /// The message as a C string, or `None` for a code libuv does not know.
    pub fn message_c(self) -> Option<&'static CStr> {
        row(self.0).map(|row| c_text(row.message))
    }

    /// The positive errno this code stands for, when it is a negated errno
    /// rather than one of libuv's own codes.
    pub fn raw_os_error(self) -> Option<i32> {
        // libuv's own codes are all at -3000 and below; errno values on Linux
        // stay far under 3000.
        if self.0 < 0 && self.0 > -3000 {
            Some(-self.0)
        } else {
            None
        }
    }
}

/// The code for an I/O error that carries no errno.
fn kind_code(kind: io::ErrorKind) -> i32 {
    use io::ErrorKind as K;
    match kind {
        K::NotFound => code::ENOENT,
        K::PermissionDenied => code::EACCES,
        K::ConnectionRefused => code::ECONNREFUSED,
        K::ConnectionReset => code::ECONNRESET,
        K::ConnectionAborted => code::ECONNABORTED,
        K::NotConnected => code::ENOTCONN,
        K::AddrInUse => code::EADDRINUSE,
        K::AddrNotAvailable => code::EADDRNOTAVAIL,
        K::BrokenPipe => code::EPIPE,
        K::AlreadyExists => code::EEXIST,
        K::WouldBlock => code::EAGAIN,
        K::InvalidInput => code::EINVAL,
        K::InvalidData => code::EINVAL,
        K::TimedOut => code::ETIMEDOUT,
        K::WriteZero => code::EIO,
        K::Interrupted => code::EINTR,
        K::Unsupported => code::ENOTSUP,
        K::UnexpectedEof => code::EOF,
        K::OutOfMemory => code::ENOMEM,
        _ => code::UNKNOWN,
    }
}

/// The kind for a libuv-specific code (one that is not a negated errno).
fn own_code_kind(code: i32) -> io::ErrorKind {
    use io::ErrorKind as K;
    match code {
        code::EOF => K::UnexpectedEof,
        code::ECHARSET => K::InvalidData,
        code::EFTYPE => K::InvalidInput,
        code::EAI_MEMORY => K::OutOfMemory,
        code::EAI_BADFLAGS | code::EAI_BADHINTS | code::EAI_FAMILY | code::EAI_SOCKTYPE => {
            K::InvalidInput
        }
        code::EAI_NONAME | code::EAI_NODATA | code::EAI_ADDRFAMILY | code::EAI_SERVICE => {
            K::NotFound
        }
        _ => K::Other,
    }
}

impl From<Error> for io::Error {
    /// A negated errno becomes an OS error (so its `kind()` is the one std
    /// gives that errno); libuv's own codes are wrapped, and
    /// [`Error::from_io`] gets them back.
    fn from(err: Error) -> io::Error {
        match err.raw_os_error() {
            Some(errno) => io::Error::from_raw_os_error(errno),
            None => io::Error::new(own_code_kind(err.0), err),
        }
    }
}

impl From<io::Error> for Error {
    /// As [`Error::from_io`], so `?` works on `std::io` results.
    fn from(err: io::Error) -> Error {
        Error::from_io(&err)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match row(self.0) {
            Some(row) => write!(f, "Error({}, {})", text(row.name), self.0),
            None => write!(f, "Error({})", self.0),
        }
    }
}

impl fmt::Display for Error {
    /// "ENOENT: no such file or directory"; a code libuv does not know reads
    /// as libuv spells it: "Unknown system error -9999".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match row(self.0) {
            Some(row) => write!(f, "{}: {}", text(row.name), text(row.message)),
            None => write!(f, "Unknown system error {}", self.0),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const CONSTANTS_TSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/abi/constants.tsv");

    fn constants() -> String {
        std::fs::read_to_string(CONSTANTS_TSV).expect("read shared/abi/constants.tsv")
    }

    /// The error rows of constants.tsv: every UV_E* name (but UV_ERRNO_MAX)
    /// plus UV_UNKNOWN and UV_EOF.
    fn abi_errors() -> Vec<(String, i32)> {
        constants()
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (name, value) = line.split_once('\t')?;
                let name = name.strip_prefix("UV_")?;
                let is_error = (name.starts_with('E') && name != "ERRNO_MAX") || name == "UNKNOWN";
                is_error.then(|| (name.to_string(), value.trim().parse().unwrap()))
            })
            .collect()
    }

    #[test]
    fn table_matches_constants_tsv() {
        let abi = abi_errors();
        assert!(abi.len() >= 80, "constants.tsv lists {} errors", abi.len());
        for (name, value) in &abi {
            let err = Error::from_code(*value);
            assert!(err.is_known(), "UV_{name} ({value}) missing from the table");
            assert_eq!(err.name(), name, "name of {value}");
        }
        assert_eq!(TABLE.len(), abi.len(), "table has rows constants.tsv lacks");
        let codes: HashSet<i32> = all_codes().collect();
        assert_eq!(codes.len(), TABLE.len(), "duplicate codes in the table");
        let tsv = constants();
        let max = tsv
            .lines()
            .find_map(|l| l.strip_prefix("UV_ERRNO_MAX\t"))
            .unwrap();
        assert_eq!(code::ERRNO_MAX, max.trim().parse::<i32>().unwrap());
        assert!(!Error::from_code(code::ERRNO_MAX).is_known());
    }

    #[test]
    fn messages_match_libuv() {
        // Spot checks; the whole table was compared with libuv 1.44.2's
        // uv_strerror once, by a C program, when it was written.
        let cases = [
            (code::ENOENT, "ENOENT", "no such file or directory"),
            (code::EINVAL, "EINVAL", "invalid argument"),
            (code::EOF, "EOF", "end of file"),
            (code::UNKNOWN, "UNKNOWN", "unknown error"),
            (code::EAI_NONAME, "EAI_NONAME", "unknown node or service"),
            (code::ECHARSET, "ECHARSET", "invalid Unicode character"),
            (code::EIO, "EIO", "i/o error"),
            (
                code::ESHUTDOWN,
                "ESHUTDOWN",
                "cannot send after transport endpoint shutdown",
            ),
        ];
        for (c, name, msg) in cases {
            let err = Error::from_code(c);
            assert_eq!(err.name(), name);
            assert_eq!(err.message(), msg);
            assert_eq!(err.name_c().unwrap().to_str().unwrap(), name);
            assert_eq!(err.message_c().unwrap().to_str().unwrap(), msg);
            assert_eq!(err.to_string(), format!("{name}: {msg}"));
        }
        for row in TABLE {
            assert!(row.name.ends_with('\0') && row.message.ends_with('\0'));
            assert!(!text(row.message).is_empty());
        }
    }

    #[test]
    fn unknown_codes() {
        let err = Error::from_code(-9999);
        assert!(!err.is_known());
        assert_eq!(err.name_c(), None);
        assert_eq!(err.message_c(), None);
        assert_eq!(err.to_string(), "Unknown system error -9999");
        assert_eq!(Error::from_code(0).to_string(), "Unknown system error 0");
    }

    #[test]
    fn from_errno_is_translate_sys_error() {
        assert_eq!(Error::from_errno(libc::ENOENT).code(), code::ENOENT);
        assert_eq!(
            Error::from_errno(libc::EAGAIN),
            Error::from_code(code::EAGAIN)
        );
        assert_eq!(Error::from_errno(-22).code(), -22);
        assert_eq!(Error::from_errno(0).code(), 0);
        assert_eq!(Error::from_errno(9999).code(), -9999);
    }

    #[test]
    fn io_round_trips() {
        let os = io::Error::from_raw_os_error(libc::ECONNREFUSED);
        assert_eq!(Error::from_io(&os).code(), code::ECONNREFUSED);

        let io_err: io::Error = Error::from_code(code::ENOENT).into();
        assert_eq!(io_err.raw_os_error(), Some(libc::ENOENT));
        assert_eq!(io_err.kind(), io::ErrorKind::NotFound);
        assert_eq!(Error::from_io(&io_err).code(), code::ENOENT);

        let io_err: io::Error = Error::from_code(code::EOF).into();
        assert_eq!(io_err.kind(), io::ErrorKind::UnexpectedEof);
        assert_eq!(io_err.raw_os_error(), None);
        assert_eq!(Error::from_io(&io_err).code(), code::EOF);

        let io_err: io::Error = Error::from_code(code::EAI_NONAME).into();
        assert_eq!(Error::from_io(&io_err).code(), code::EAI_NONAME);

        let plain = io::Error::new(io::ErrorKind::WouldBlock, "later");
        assert_eq!(Error::from_io(&plain).code(), code::EAGAIN);
        let other = io::Error::other("odd");
        assert_eq!(Error::from_io(&other).code(), code::UNKNOWN);

        let via_question_mark = || -> Result<()> {
            Err(io::Error::from_raw_os_error(libc::EMFILE))?;
            Ok(())
        };
        assert_eq!(via_question_mark(), Err(Error::from_code(code::EMFILE)));
    }

    #[test]
    fn raw_os_error_only_for_errno_codes() {
        assert_eq!(
            Error::from_code(code::EPIPE).raw_os_error(),
            Some(libc::EPIPE)
        );
        for c in [
            code::EOF,
            code::UNKNOWN,
            code::EAI_AGAIN,
            code::EFTYPE,
            code::ECHARSET,
        ] {
            assert_eq!(Error::from_code(c).raw_os_error(), None);
        }
    }
}
