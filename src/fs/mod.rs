//! Files and directories.
//!
//! [`op`] holds every operation with libuv's semantics, run on the calling
//! thread; the C layer's `uv_fs_*` and this module's Rust API are built on it.

pub mod op;
