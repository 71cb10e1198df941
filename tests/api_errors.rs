//! `ruv::Error`: libuv's codes, names and messages, conversions to and from
//! `std::io::Error`, and the errors the API itself returns.

mod util;

use ruv::error::code;
use ruv::{Error, Loop, Timer};
use std::io;

#[test]
fn code_name_and_message_follow_libuv() {
    let cases = [
        (code::ENOENT, -2, "ENOENT", "no such file or directory"),
        (code::EINVAL, -22, "EINVAL", "invalid argument"),
        (code::EBUSY, -16, "EBUSY", "resource busy or locked"),
        (code::ECANCELED, -125, "ECANCELED", "operation canceled"),
        (
            code::EAGAIN,
            -11,
            "EAGAIN",
            "resource temporarily unavailable",
        ),
        (code::EOF, -4095, "EOF", "end of file"),
        (code::UNKNOWN, -4094, "UNKNOWN", "unknown error"),
        (
            code::EAI_NONAME,
            -3008,
            "EAI_NONAME",
            "unknown node or service",
        ),
    ];
    for (constant, value, name, message) in cases {
        assert_eq!(constant, value, "{name}");
        let err = Error::from_code(value);
        assert_eq!(err.code(), value);
        assert_eq!(err.name(), name);
        assert_eq!(err.message(), message);
        assert!(err.is_known());
        assert_eq!(err.to_string(), format!("{name}: {message}"));
    }
}

#[test]
fn unknown_codes_have_a_readable_form() {
    let err = Error::from_code(-9999);
    assert!(!err.is_known());
    assert_eq!(err.code(), -9999);
    assert_eq!(err.name(), "UNKNOWN");
    assert_eq!(err.message(), "unknown error");
    assert!(err.to_string().contains("-9999"), "{err}");
}

#[test]
fn debug_shows_name_and_code() {
    let text = format!("{:?}", Error::from_code(code::ENOENT));
    assert!(text.contains("ENOENT"), "{text}");
    assert!(text.contains("-2"), "{text}");
}

#[test]
fn from_code_minus_two_becomes_io_not_found() {
    let err: io::Error = Error::from_code(-2).into();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
}

#[test]
fn errno_codes_convert_to_the_io_kinds_std_gives_them() {
    let cases = [
        (code::EACCES, io::ErrorKind::PermissionDenied),
        (code::ECONNREFUSED, io::ErrorKind::ConnectionRefused),
        (code::EADDRINUSE, io::ErrorKind::AddrInUse),
        (code::EPIPE, io::ErrorKind::BrokenPipe),
        (code::EEXIST, io::ErrorKind::AlreadyExists),
        (code::EAGAIN, io::ErrorKind::WouldBlock),
        (code::EINVAL, io::ErrorKind::InvalidInput),
        (code::EINTR, io::ErrorKind::Interrupted),
        (code::ETIMEDOUT, io::ErrorKind::TimedOut),
    ];
    for (c, kind) in cases {
        let err: io::Error = Error::from_code(c).into();
        assert_eq!(err.kind(), kind, "{}", Error::from_code(c));
    }
}

#[test]
fn libuv_only_codes_survive_a_round_trip_through_io_error() {
    for c in [code::EOF, code::ECHARSET, code::EAI_NONAME, code::UNKNOWN] {
        let original = Error::from_code(c);
        let io_err: io::Error = original.into();
        assert_eq!(io_err.raw_os_error(), None, "{original}");
        assert_eq!(Error::from_io(&io_err), original);
        let back: Error = io_err.into();
        assert_eq!(back, original);
    }
    let eof: io::Error = Error::from_code(code::EOF).into();
    assert_eq!(eof.kind(), io::ErrorKind::UnexpectedEof);
}

#[test]
fn io_errors_convert_back_by_errno_or_kind() {
    let os = io::Error::from_raw_os_error(libc::ECONNRESET);
    assert_eq!(Error::from(os).code(), code::ECONNRESET);
    let by_kind = io::Error::new(io::ErrorKind::NotFound, "missing");
    assert_eq!(Error::from_io(&by_kind).code(), code::ENOENT);
    assert_eq!(Error::from_errno(libc::EBUSY).code(), code::EBUSY);
}

#[test]
fn ruv_errors_flow_through_question_mark() {
    fn as_io() -> io::Result<()> {
        let lp = Loop::new()?;
        let timer = Timer::new(&lp)?;
        timer.again()?; // never started: EINVAL
        Ok(())
    }
    fn as_boxed() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let lp = Loop::new()?;
        Timer::new(&lp)?.again()?;
        Ok(())
    }
    let err = as_io().unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert_eq!(Error::from_io(&err).code(), code::EINVAL);
    let boxed = as_boxed().unwrap_err();
    let inner = boxed.downcast_ref::<Error>().expect("an ruv::Error");
    assert_eq!(inner.name(), "EINVAL");
}

#[test]
fn the_api_reports_libuv_codes() {
    // set_pool_size(0) is refused whatever the pool's state.
    assert_eq!(ruv::set_pool_size(0), Err(Error::from_code(code::EINVAL)));

    let lp = Loop::new().unwrap();
    let timer = Timer::new(&lp).unwrap();
    assert_eq!(timer.again().unwrap_err().name(), "EINVAL");
    timer.close(|| ());
    let err = timer.start(util::ms(1), None, |_| ()).unwrap_err();
    assert_eq!(err.code(), code::EINVAL, "starting a closing timer");
}
