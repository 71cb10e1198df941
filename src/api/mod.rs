//! The Rust face of ruv: safe, owned handles over the engine.
//!
//! Handles close themselves when the last clone is dropped, and can be
//! closed explicitly (from their own callbacks too). Callbacks run on the
//! loop's thread and get a view of their handle, so they can stop, restart
//! or close it. A panicking callback does not poison the loop: `run`
//! returns the panic to its caller by resuming it, and the loop can be run
//! again afterwards.

mod async_handle;
mod event_loop;
mod fs_watch;
pub(crate) mod handle;
mod phase;
mod request;
mod signal;
mod timer;
mod work;

pub use async_handle::{Async, AsyncSender};
pub use event_loop::Loop;
pub use fs_watch::{FsChange, FsEvent, FsPoll, FsPollChange};
pub use phase::{Check, Idle, Prepare};
pub(crate) use request::{cancelled, Outcome, PoolTask};
pub use signal::Signal;
pub use timer::Timer;
pub use work::WorkRequest;
