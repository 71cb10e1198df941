//! A word to valgrind's memcheck, for the places ruv reads memory the
//! caller may never have written: a handle's words as it is initialised
//! (see `handle::refuse_live`), and the in-flight mark of a request (see
//! `in_flight`).
//!
//! Each `uv_*_init` looks at the handle's words before it writes them, to
//! refuse initialising a live handle twice (a timer keeps its state in
//! those words, and any handle's first registration would go on naming
//! the memory). Handle memory fresh from the stack or malloc is undefined to memcheck,
//! and every program under valgrind would see "conditional jump depends on
//! uninitialised value" for a read that is deliberate and harmless: any
//! bytes are handled. Telling memcheck the words are defined hides nothing,
//! since init overwrites every one of them.
//!
//! Whether memcheck is there is found out by the first request; outside
//! it, a mark costs a load and a branch.
//!
//! Client requests are a preamble of rotations that cancel out, followed by
//! `xchg rbx, rbx`: a no-op on the CPU, recognised by valgrind (see
//! valgrind.h and memcheck.h for the protocol).

use std::sync::atomic::{AtomicU8, Ordering};

/// memcheck's `VG_USERREQ__MAKE_MEM_DEFINED`: the tool base ('M', 'C') + 2.
#[cfg(target_arch = "x86_64")]
const MAKE_MEM_DEFINED: u64 = ((b'M' as u64) << 24) | ((b'C' as u64) << 16) | 2;

/// Whether memcheck answers client requests: 0 not known yet, 1 no, 2
/// yes. A process cannot come under memcheck later, so the answer is kept.
static UNDER_MEMCHECK: AtomicU8 = AtomicU8::new(0);

/// Marks `len` bytes at `addr` as defined for memcheck. Outside memcheck
/// it costs a load and a branch, after the first call has found out.
#[inline]
pub(crate) fn mark_defined(addr: *const u8, len: usize) {
    if UNDER_MEMCHECK.load(Ordering::Relaxed) == 1 {
        return;
    }
    mark_defined_slow(addr, len);
}

#[cold]
fn mark_defined_slow(addr: *const u8, len: usize) {
    // memcheck answers -1; the CPU, and valgrind's other tools (callgrind
    // for the instruction counts), leave the default of 0.
    #[cfg(target_arch = "x86_64")]
    let answered = client_request(0, [MAKE_MEM_DEFINED, addr as u64, len as u64, 0, 0, 0]) != 0;
    #[cfg(not(target_arch = "x86_64"))]
    let answered = {
        let _ = (addr, len);
        false
    };
    UNDER_MEMCHECK.store(if answered { 2 } else { 1 }, Ordering::Relaxed);
}

/// Makes a client request: valgrind's answer, or `default` outside it.
#[cfg(target_arch = "x86_64")]
fn client_request(default: u64, request: [u64; 6]) -> u64 {
    let answer: u64;
    // SAFETY: the rotations of rdi add up to 128 bits and leave it as it
    // was, and xchg of rbx with itself changes nothing; valgrind, if
    // present, reads `request` (alive until the asm ends) and writes its
    // answer to rdx.
    unsafe {
        std::arch::asm!(
            "rol rdi, 3",
            "rol rdi, 13",
            "rol rdi, 61",
            "rol rdi, 51",
            "xchg rbx, rbx",
            in("rax") request.as_ptr(),
            inout("rdx") default => answer,
            inout("rdi") 0u64 => _,
            options(nostack, readonly),
        );
    }
    answer
}
