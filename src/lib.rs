//! ruv: libuv's event loop and thread pool, rebuilt in Rust.
#![deny(unsafe_op_in_unsafe_fn)]

pub mod engine;
pub mod error;
pub mod sys;

pub use error::{Error, Result};
