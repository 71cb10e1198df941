//! `--fd-limit`: the run goes on under a low soft limit on open
//! descriptors, through ruv's own getrlimit/setrlimit helpers.

use crate::Failure;
use ruv::sys::limits::{open_files_limit, set_open_files_limit};

/// Lowers the soft RLIMIT_NOFILE to `n` for the rest of the process.
pub fn lower(n: u64) -> Result<(), Failure> {
    let (_, hard) = open_files_limit()
        .map_err(|e| Failure::setup(format!("cannot read the descriptor limit: {e}")))?;
    if n > hard {
        return Err(Failure::usage(format!(
            "--fd-limit {n} is above the hard limit on open descriptors ({hard})"
        )));
    }
    set_open_files_limit(n)
        .map_err(|e| Failure::setup(format!("cannot set the descriptor limit to {n}: {e}")))
}
