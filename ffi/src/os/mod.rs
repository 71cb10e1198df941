//! Operating-system and process exports, one file per concern: resource
//! usage, system facts (processors, memory, uptime, kernel and host
//! names, wall time), the user (passwd, home and temporary directories),
//! the environment, this process (ids, priority, working directory,
//! executable, title), random bytes and shared libraries.
//!
//! The ones that fill a caller's string buffer share libuv's protocol (see
//! [`buffer::copy_out`]).

mod buffer;
mod dl;
mod env;
mod process_info;
mod random;
mod rusage;
mod system;
mod title;
mod user;

pub(crate) use random::{random_done, uv_random_t};
