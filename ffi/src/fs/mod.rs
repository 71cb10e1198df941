//! `uv_fs_t` requests: the life every `uv_fs_*` call shares.
//!
//! A call fills the request (`begin`), stores its arguments, and `post`s it
//! with the function that performs it. Without a callback the operation runs
//! at once on the calling thread and its result is returned; with one it
//! runs on the thread pool and the callback gets the request on the loop
//! thread. Paths are copied for asynchronous requests only (the caller's
//! strings may be gone by then), as libuv does; `uv_fs_req_cleanup` frees
//! what a request allocated.
//!
//! The exports are grouped by subject: [`ops`] (files, metadata), `links`,
//! `times`, `owner`, `copy` (sendfile, copyfile), `temp` (mkdtemp, mkstemp),
//! `scandir`, `dirs` (opendir, readdir, closedir; `open_dirs` knows which
//! directories are open) and `statfs`.

#[macro_use]
mod macros;

mod accessors;
mod copy;
mod dirs;
mod layout;
mod links;
mod open_dirs;
mod ops;
mod owner;
mod request;
mod scandir;
mod statfs;
mod temp;
mod times;

pub(crate) use request::{done, uv_fs_t, uv_stat_t};
