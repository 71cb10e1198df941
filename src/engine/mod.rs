//! The engine behind both faces of ruv: the event loop, its handles, and the
//! process-wide thread pool.
//!
//! A [`Loop`] belongs to one thread and owns its handles; embedders refer to
//! them by [`HandleId`] and give each one an opaque token (the C layer uses
//! the address of the C struct). Callbacks reach the embedder either as a
//! Rust closure stored with the handle or through the loop's [`Host`].

mod async_signal;
mod before_wait;
mod event_loop;
mod fork;
mod fs_event;
mod fs_poll;
mod handle;
mod handles;
mod host;
mod io;
mod lent_timers;
mod lifecycle;
mod phase;
mod pipe;
mod poll_watch;
mod pool;
mod process;
mod signal;
mod stats;
mod stream;
mod tcp;
mod timer;
mod timer_heap;
mod tty;
mod udp;
mod wake;
mod watcher;
mod work;

pub use async_signal::AsyncSignal;
pub use event_loop::{Loop, RunMode};
pub(crate) use fs_event::FsEvents;
pub(crate) use fs_poll::FsPolls;
pub use handle::{
    flags, BoxedCallback, CloseCallback, Event, HandleId, HandleState, HeapLinks, Kind, LentTimer,
    TimerStorage,
};
pub use host::{Host, OwnHost};
pub use poll_watch::poll_events;
pub use pool::{pool_size, pool_stats, set_pool_size, shutdown_pool, Runnable, Work, WorkClass};
pub use process::Spawn;
pub(crate) use signal::Signals;
pub use stats::{LoopStats, PoolStats, Summary, WorkStats};
pub use stream::{Completion, LentBufs, ReqKind, StreamSink, WriteBufs, WriteOwner};
pub(crate) use tty::Ttys;
pub use tty::{tty_mode, TtyDescriptor};
pub use udp::{udp_flags, JOIN_GROUP, LEAVE_GROUP};
pub use work::{Done, DoneCallback, Request, WorkId};
