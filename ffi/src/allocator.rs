//! The allocator behind every Rust allocation in libuv.so, and
//! `uv_replace_allocator`, which swaps it.
//!
//! Like libuv, ruv allocates through four C functions (malloc, realloc,
//! calloc, free), libc's by default. `uv_replace_allocator` installs the
//! caller's four instead. As libuv documents, it must be called before any
//! other uv function: memory obtained from the old functions is later handed
//! to the new ones (realloc, free), which is only sound if nothing was
//! allocated yet. The four pointers are swapped one by one, not as a group;
//! another thread allocating during the swap is the same misuse.
//!
//! Rust asks for alignments C's malloc does not promise; those (rare)
//! requests take more bytes from malloc and align inside them, keeping the
//! pointer malloc returned just below the aligned block.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};

use libc::{c_int, size_t};

use crate::boundary;
use crate::error::UV_EINVAL;

type MallocFn = unsafe extern "C" fn(size_t) -> *mut c_void;
type ReallocFn = unsafe extern "C" fn(*mut c_void, size_t) -> *mut c_void;
type CallocFn = unsafe extern "C" fn(size_t, size_t) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);

// The installed functions; null means libc's own.
static MALLOC: AtomicPtr<c_void> = AtomicPtr::new(std::ptr::null_mut());
static REALLOC: AtomicPtr<c_void> = AtomicPtr::new(std::ptr::null_mut());
static CALLOC: AtomicPtr<c_void> = AtomicPtr::new(std::ptr::null_mut());
static FREE: AtomicPtr<c_void> = AtomicPtr::new(std::ptr::null_mut());

/// The alignment every malloc result has on x86_64 Linux (`max_align_t`).
const MALLOC_ALIGN: usize = 16;

pub(crate) fn c_malloc(size: usize) -> *mut u8 {
    let f = MALLOC.load(Ordering::Acquire);
    let ptr = if f.is_null() {
        // SAFETY: plain libc malloc; any size is allowed.
        unsafe { libc::malloc(size) }
    } else {
        // SAFETY: only `uv_replace_allocator` stores here, and it stores a
        // non-null `MallocFn`.
        let f: MallocFn = unsafe { std::mem::transmute::<*mut c_void, MallocFn>(f) };
        // SAFETY: the caller's malloc has malloc's contract.
        unsafe { f(size) }
    };
    ptr.cast()
}

fn c_calloc(size: usize) -> *mut u8 {
    let f = CALLOC.load(Ordering::Acquire);
    let ptr = if f.is_null() {
        // SAFETY: plain libc calloc.
        unsafe { libc::calloc(1, size) }
    } else {
        // SAFETY: only `uv_replace_allocator` stores here, a non-null `CallocFn`.
        let f: CallocFn = unsafe { std::mem::transmute::<*mut c_void, CallocFn>(f) };
        // SAFETY: the caller's calloc has calloc's contract.
        unsafe { f(1, size) }
    };
    ptr.cast()
}

/// # Safety
/// `ptr` came from `c_malloc`, `c_calloc` or `c_realloc` and is live.
unsafe fn c_realloc(ptr: *mut u8, size: usize) -> *mut u8 {
    let f = REALLOC.load(Ordering::Acquire);
    let out = if f.is_null() {
        // SAFETY: `ptr` is a live block from this allocator (caller's promise).
        unsafe { libc::realloc(ptr.cast(), size) }
    } else {
        // SAFETY: only `uv_replace_allocator` stores here, a non-null `ReallocFn`.
        let f: ReallocFn = unsafe { std::mem::transmute::<*mut c_void, ReallocFn>(f) };
        // SAFETY: as above; the caller's realloc has realloc's contract.
        unsafe { f(ptr.cast(), size) }
    };
    out.cast()
}

/// Frees without disturbing errno: code that just failed a system call may
/// drop a buffer before it reads errno (libuv asks the same of its free).
///
/// # Safety
/// `ptr` came from `c_malloc`, `c_calloc` or `c_realloc` and is live.
pub(crate) unsafe fn c_free(ptr: *mut u8) {
    // SAFETY: __errno_location always returns this thread's errno slot.
    let errno = unsafe { *libc::__errno_location() };
    let f = FREE.load(Ordering::Acquire);
    if f.is_null() {
        // SAFETY: `ptr` is a live block from this allocator (caller's promise).
        unsafe { libc::free(ptr.cast()) };
    } else {
        // SAFETY: only `uv_replace_allocator` stores here, a non-null `FreeFn`.
        let f: FreeFn = unsafe { std::mem::transmute::<*mut c_void, FreeFn>(f) };
        // SAFETY: as above.
        unsafe { f(ptr.cast()) };
    }
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = errno };
}

/// Whether malloc's own alignment is enough for `layout`. Small blocks may
/// come back less aligned than 16 from some mallocs, hence the size test.
fn malloc_aligned(layout: Layout) -> bool {
    layout.align() <= MALLOC_ALIGN && layout.align() <= layout.size()
}

/// Room for an over-aligned block: the block, slack to align it, and a word
/// below it for malloc's pointer.
fn padded_size(layout: Layout) -> Option<usize> {
    layout
        .size()
        .checked_add(layout.align())?
        .checked_add(std::mem::size_of::<usize>())
}

/// An over-aligned block carved out of a malloc'd one.
fn alloc_over_aligned(layout: Layout, zeroed: bool) -> *mut u8 {
    let Some(total) = padded_size(layout) else {
        return std::ptr::null_mut();
    };
    let raw = if zeroed {
        c_calloc(total)
    } else {
        c_malloc(total)
    };
    if raw.is_null() {
        return raw;
    }
    let word = std::mem::size_of::<usize>();
    let start = raw as usize + word;
    let aligned = (start + layout.align() - 1) & !(layout.align() - 1);
    let offset = aligned - raw as usize;
    // SAFETY: `word <= offset < word + align`, so the block
    // `[raw + offset, raw + offset + size)` and the word just below it lie
    // inside the `total = size + align + word` bytes malloc returned.
    unsafe {
        let block = raw.add(offset);
        block.sub(word).cast::<*mut u8>().write_unaligned(raw);
        block
    }
}

/// # Safety
/// `ptr` came from `alloc_over_aligned` and is live.
unsafe fn free_over_aligned(ptr: *mut u8) {
    // SAFETY: `alloc_over_aligned` stored malloc's pointer in the word below.
    let raw = unsafe {
        ptr.sub(std::mem::size_of::<usize>())
            .cast::<*mut u8>()
            .read_unaligned()
    };
    // SAFETY: `raw` is the live block malloc returned.
    unsafe { c_free(raw) };
}

/// Routes Rust's allocations to the installed C functions.
struct UvAllocator;

// SAFETY: every block returned satisfies its layout (malloc's alignment when
// `malloc_aligned`, manual alignment otherwise) and is freed the same way it
// was allocated, chosen by the same layout test.
unsafe impl GlobalAlloc for UvAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if malloc_aligned(layout) {
            c_malloc(layout.size())
        } else {
            alloc_over_aligned(layout, false)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if malloc_aligned(layout) {
            c_calloc(layout.size())
        } else {
            alloc_over_aligned(layout, true)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if malloc_aligned(layout) {
            // SAFETY: allocated by `c_malloc`/`c_calloc`/`c_realloc` (same test).
            unsafe { c_free(ptr) }
        } else {
            // SAFETY: allocated by `alloc_over_aligned` (same test).
            unsafe { free_over_aligned(ptr) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: GlobalAlloc::realloc's contract: the new layout is valid.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if malloc_aligned(layout) && malloc_aligned(new_layout) {
            // SAFETY: `ptr` came from the malloc family (same test).
            return unsafe { c_realloc(ptr, new_size) };
        }
        // SAFETY: `new_layout` is valid and non-zero-sized (realloc's contract).
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live, distinct and at least this long.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[global_allocator]
static GLOBAL: UvAllocator = UvAllocator;

/// `int uv_replace_allocator(uv_malloc_func, uv_realloc_func, uv_calloc_func,
/// uv_free_func)`: makes ruv allocate with the caller's functions. Returns
/// `UV_EINVAL`, changing nothing, if any of them is NULL. Must be called
/// before any other uv function (see the module documentation).
#[no_mangle]
pub extern "C" fn uv_replace_allocator(
    malloc_func: Option<MallocFn>,
    realloc_func: Option<ReallocFn>,
    calloc_func: Option<CallocFn>,
    free_func: Option<FreeFn>,
) -> c_int {
    boundary::guard("uv_replace_allocator", UV_EINVAL, || {
        let (Some(m), Some(r), Some(c), Some(f)) =
            (malloc_func, realloc_func, calloc_func, free_func)
        else {
            return UV_EINVAL;
        };
        MALLOC.store(m as *mut c_void, Ordering::Release);
        REALLOC.store(r as *mut c_void, Ordering::Release);
        CALLOC.store(c as *mut c_void, Ordering::Release);
        FREE.store(f as *mut c_void, Ordering::Release);
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_functions_are_refused() {
        assert_eq!(uv_replace_allocator(None, None, None, None), UV_EINVAL);
        assert!(MALLOC.load(Ordering::Acquire).is_null());
    }

    #[test]
    fn over_aligned_blocks() {
        for align in [32usize, 64, 4096] {
            let layout = Layout::from_size_align(24, align).unwrap();
            // SAFETY: a valid, non-zero-sized layout; freed below with it.
            unsafe {
                let p = GLOBAL.alloc_zeroed(layout);
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0);
                assert!(std::slice::from_raw_parts(p, 24).iter().all(|&b| b == 0));
                p.write_bytes(7, 24);
                let q = GLOBAL.realloc(p, layout, 5000);
                assert_eq!(q as usize % align, 0);
                assert_eq!(*q.add(23), 7);
                GLOBAL.dealloc(q, Layout::from_size_align(5000, align).unwrap());
            }
        }
        let tiny = Layout::from_size_align(2, 4).unwrap();
        // SAFETY: as above.
        unsafe {
            let p = GLOBAL.alloc(tiny);
            assert_eq!(p as usize % 4, 0);
            GLOBAL.dealloc(p, tiny);
        }
    }
}
