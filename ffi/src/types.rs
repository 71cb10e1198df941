//! Rust mirrors of the C structs, laid out exactly as libuv 1.44 lays them
//! out on Linux x86_64 (../shared/abi/layout.tsv; the asserts at the bottom
//! check the fields this crate touches).
//!
//! Where libuv keeps private state we keep ours: the engine id of a handle
//! sits in the word libuv uses for `next_closing`, that of a request in the
//! first private word after its public fields.

use libc::{c_int, c_uint, c_void};

pub type uv_close_cb = Option<unsafe extern "C" fn(*mut uv_handle_t)>;
pub type uv_timer_cb = Option<unsafe extern "C" fn(*mut uv_timer_t)>;
pub type uv_idle_cb = Option<unsafe extern "C" fn(*mut uv_idle_t)>;
pub type uv_prepare_cb = Option<unsafe extern "C" fn(*mut uv_prepare_t)>;
pub type uv_check_cb = Option<unsafe extern "C" fn(*mut uv_check_t)>;
pub type uv_async_cb = Option<unsafe extern "C" fn(*mut uv_async_t)>;
pub type uv_walk_cb = Option<unsafe extern "C" fn(*mut uv_handle_t, *mut c_void)>;
pub type uv_work_cb = Option<unsafe extern "C" fn(*mut uv_work_t)>;
pub type uv_after_work_cb = Option<unsafe extern "C" fn(*mut uv_work_t, c_int)>;

/// `uv_loop_t`: public fields, then our private words.
#[repr(C)]
pub struct uv_loop_t {
    pub data: *mut c_void,
    pub active_handles: c_uint,
    pub handle_queue: [*mut c_void; 2],
    /// libuv's `active_reqs` union; `count` is the low half.
    pub active_reqs_count: c_uint,
    pub active_reqs_pad: c_uint,
    /// Points at the engine loop (a `Box<LoopState>`).
    pub internal_fields: *mut c_void,
    pub stop_flag: c_uint,
    /// [`LOOP_MAGIC`] while initialised: tells a live loop from garbage.
    pub magic: u64,
    /// The pthread running `uv_run` on this loop, 0 when none: calls from
    /// any other thread meanwhile are refused (see `resolve::check_thread`).
    pub running_thread: std::sync::atomic::AtomicU64,
    pub private: [u64; 97],
}

/// Marks an initialised `uv_loop_t`.
pub const LOOP_MAGIC: u64 = 0x7275_765f_6c6f_6f70; // "ruv_loop"

/// The fields every handle starts with.
#[repr(C)]
pub struct uv_handle_t {
    pub data: *mut c_void,
    pub loop_: *mut uv_loop_t,
    pub type_: c_int,
    pub close_cb: uv_close_cb,
    pub handle_queue: [*mut c_void; 2],
    pub u: [*mut c_void; 4],
    /// The engine's `HandleId`, packed.
    pub engine_id: u64,
    /// libuv's flag word; the engine's bits are mirrored into it, and
    /// clients' own bits (uvloop's 0x4000) are left alone.
    pub flags: c_uint,
}

#[repr(C)]
pub struct uv_timer_t {
    pub handle: uv_handle_t,
    pub timer_cb: uv_timer_cb,
    pub private: [u64; 3],
    /// Absolute due time in loop ms; node reads it directly.
    pub timeout: u64,
    pub repeat: u64,
    pub start_id: u64,
}

/// idle, prepare and check handles share one shape.
macro_rules! phase_struct {
    ($name:ident, $cb:ty) => {
        #[repr(C)]
        pub struct $name {
            pub handle: uv_handle_t,
            pub cb: $cb,
            pub queue: [*mut c_void; 2],
        }
    };
}
phase_struct!(uv_idle_t, uv_idle_cb);
phase_struct!(uv_prepare_t, uv_prepare_cb);
phase_struct!(uv_check_t, uv_check_cb);

#[repr(C)]
pub struct uv_async_t {
    pub handle: uv_handle_t,
    pub async_cb: uv_async_cb,
    /// `Arc<AsyncSignal>` turned into a raw pointer, for sends from any
    /// thread; read and written atomically (a send may race the close).
    pub signal: *const c_void,
    /// `signal` XOR a constant: tells an initialised handle from garbage.
    pub signal_check: usize,
    /// The signal's generation when this handle got it (libuv's private
    /// `pending`): a send is refused once the signal has moved on.
    pub generation: u32,
}

/// The fields every request starts with.
#[repr(C)]
pub struct uv_req_t {
    pub data: *mut c_void,
    pub type_: c_int,
    pub reserved: [*mut c_void; 6],
}

#[repr(C)]
pub struct uv_work_t {
    pub req: uv_req_t,
    pub loop_: *mut uv_loop_t,
    pub work_cb: uv_work_cb,
    pub after_work_cb: uv_after_work_cb,
    /// The engine's `WorkId`, packed.
    pub engine_id: u64,
    pub private: [u64; 4],
}

/// `uv_buf_t` on Unix: base pointer, then length.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct uv_buf_t {
    pub base: *mut libc::c_char,
    pub len: usize,
}

/// The caller's buffer list as the engine's loans, without copying:
/// `uv_buf_t` and `RawBuf` share a layout. None when the list is empty or
/// NULL, or a buffer has a NULL base and a length: every write and send
/// needs at least one buffer (libuv asserts it; an empty buffer is fine).
///
/// # Safety
/// `bufs` is NULL or points to `nbufs` buffers, each valid for its length
/// until the engine reports back.
pub(crate) unsafe fn lend_bufs<'a>(
    bufs: *const uv_buf_t,
    nbufs: c_uint,
) -> Option<&'a [ruv::sys::RawBuf]> {
    if nbufs == 0 || bufs.is_null() {
        return None;
    }
    // SAFETY: the layouts match (asserted below); the caller lends the
    // memory each buffer describes.
    let list =
        unsafe { std::slice::from_raw_parts(bufs as *const ruv::sys::RawBuf, nbufs as usize) };
    let dangling = |b: &ruv::sys::RawBuf| matches!((b.base().is_null(), b.len()), (true, 1..));
    if list.iter().any(dangling) {
        return None;
    }
    Some(list)
}

const _: () = {
    use std::mem::{align_of, size_of};
    assert!(size_of::<uv_buf_t>() == size_of::<ruv::sys::RawBuf>());
    assert!(align_of::<uv_buf_t>() == align_of::<ruv::sys::RawBuf>());
};

/// libuv's `uv_handle_type` values.
pub mod handle_type {
    pub const ASYNC: i32 = 1;
    pub const CHECK: i32 = 2;
    pub const IDLE: i32 = 6;
    pub const NAMED_PIPE: i32 = 7;
    pub const POLL: i32 = 8;
    pub const PREPARE: i32 = 9;
    pub const PROCESS: i32 = 10;
    pub const TCP: i32 = 12;
    pub const TIMER: i32 = 13;
    pub const TTY: i32 = 14;
    pub const UDP: i32 = 15;
}

/// libuv's `uv_req_type` values.
pub mod req_type {
    pub const CONNECT: i32 = 2;
    pub const WRITE: i32 = 3;
    pub const SHUTDOWN: i32 = 4;
    pub const FS: i32 = 6;
    pub const WORK: i32 = 7;
    pub const GETADDRINFO: i32 = 8;
    pub const GETNAMEINFO: i32 = 9;
    pub const RANDOM: i32 = 10;
}

// Layout checks against ../shared/abi/layout.tsv.
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<uv_loop_t>() == 848 && align_of::<uv_loop_t>() == 8);
    assert!(offset_of!(uv_loop_t, active_handles) == 8);
    assert!(offset_of!(uv_loop_t, handle_queue) == 16);
    assert!(offset_of!(uv_loop_t, active_reqs_count) == 32);
    assert!(offset_of!(uv_loop_t, internal_fields) == 40);
    assert!(offset_of!(uv_loop_t, stop_flag) == 48);
    assert!(size_of::<uv_handle_t>() == 96);
    assert!(offset_of!(uv_handle_t, loop_) == 8);
    assert!(offset_of!(uv_handle_t, type_) == 16);
    assert!(offset_of!(uv_handle_t, close_cb) == 24);
    assert!(offset_of!(uv_handle_t, handle_queue) == 32);
    assert!(offset_of!(uv_handle_t, u) == 48);
    assert!(offset_of!(uv_handle_t, flags) == 88);
    assert!(size_of::<uv_timer_t>() == 152);
    assert!(offset_of!(uv_timer_t, timeout) == 128);
    assert!(size_of::<uv_idle_t>() == 120);
    assert!(size_of::<uv_async_t>() == 128);
    assert!(size_of::<uv_req_t>() == 64);
    assert!(offset_of!(uv_req_t, type_) == 8);
    assert!(size_of::<uv_work_t>() == 128);
    assert!(offset_of!(uv_work_t, loop_) == 64);
    assert!(offset_of!(uv_work_t, work_cb) == 72);
    assert!(offset_of!(uv_work_t, after_work_cb) == 80);
};
