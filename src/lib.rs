//! ruv: libuv's event loop and thread pool, rebuilt in Rust.
//!
//! Two faces over one engine: this crate's safe API ([`Loop`], [`Timer`],
//! [`Idle`], [`Prepare`], [`Check`], [`Async`], [`Loop::queue_work`],
//! [`FsEvent`], [`FsPoll`], [`Signal`], the [`fs`] module and the [`net`] module:
//! TCP, pipes and name resolution) and, in the `ruv-ffi` crate, a drop-in
//! `libuv.so.1`. The [`engine`] module is what both are
//! built on; [`sys`] is the only place that talks to the kernel.
#![deny(unsafe_op_in_unsafe_fn)]

mod api;
pub mod engine;
pub mod error;
pub mod fs;
pub mod net;
pub mod os;
pub mod sys;

pub use api::{
    Async, AsyncSender, Check, FsChange, FsEvent, FsPoll, FsPollChange, Idle, Loop, Prepare,
    Signal, Timer, WorkRequest,
};
pub use engine::{
    pool_size, pool_stats, set_pool_size, LoopStats, PoolStats, RunMode, Summary, WorkStats,
};
pub use error::{Error, Result};

/// Keeps the README's Rust examples compiling and running.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
