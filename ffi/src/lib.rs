//! The C ABI of ruv: every `extern "C"` function of libuv.so.1, grouped by
//! area as uv.h groups them. No engine logic lives here: each export checks
//! its arguments, translates C types and calls the `ruv` engine.
#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]

mod allocator;
mod async_;
mod boundary;
mod dns;
mod error;
mod fs;
mod fs_watch;
mod handle;
mod host;
mod in_flight;
mod live_loops;
mod loop_;
mod memcheck;
mod misc;
mod os;
mod phase;
mod pipe;
mod poll;
mod process;
mod resolve;
mod signal;
mod sockaddr;
mod stream;
mod sync;
mod tcp;
mod thread;
mod timer;
mod tty;
mod types;
mod udp;
mod work;
