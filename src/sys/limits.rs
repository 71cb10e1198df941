//! Process resource limits (getrlimit/setrlimit).

use std::io;

/// The open-descriptor limit, as (soft, hard). `u64::MAX` is "unlimited".
pub fn open_files_limit() -> io::Result<(u64, u64)> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    syscall!(getrlimit(libc::RLIMIT_NOFILE, &mut limit))?;
    Ok((limit.rlim_cur, limit.rlim_max))
}

/// Sets the soft open-descriptor limit, keeping the hard one. Descriptors
/// already open stay open; only new ones are refused (EMFILE) past it.
pub fn set_open_files_limit(soft: u64) -> io::Result<()> {
    let (_, hard) = open_files_limit()?;
    let limit = libc::rlimit {
        rlim_cur: soft,
        rlim_max: hard,
    };
    syscall!(setrlimit(libc::RLIMIT_NOFILE, &limit))?;
    Ok(())
}
