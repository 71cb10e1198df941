//! A word to valgrind's memcheck, for the one place ruv reads memory the
//! caller may never have written.
//!
//! `uv_timer_init` looks at the timer's private words before it writes
//! them, to refuse initialising a live timer twice (its state lives in
//! those words, so a second init would cut it out of the loop's lists).
//! Handle memory fresh from the stack or malloc is undefined to memcheck,
//! and every program under valgrind would see "conditional jump depends on
//! uninitialised value" for a read that is deliberate and harmless: any
//! bytes are handled. Telling memcheck the words are defined hides nothing,
//! since init overwrites every one of them.
//!
//! Client requests are a preamble of rotations that cancel out, followed by
//! `xchg rbx, rbx`: a no-op on the CPU, recognised by valgrind (see
//! valgrind.h and memcheck.h for the protocol).

/// memcheck's `VG_USERREQ__MAKE_MEM_DEFINED`: the tool base ('M', 'C') + 2.
#[cfg(target_arch = "x86_64")]
const MAKE_MEM_DEFINED: u64 = ((b'M' as u64) << 24) | ((b'C' as u64) << 16) | 2;

/// Marks `len` bytes at `addr` as defined for memcheck. Outside valgrind it
/// costs a handful of register operations.
pub(crate) fn mark_defined(addr: *const u8, len: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        let request: [u64; 6] = [MAKE_MEM_DEFINED, addr as u64, len as u64, 0, 0, 0];
        // SAFETY: the rotations of rdi add up to 128 bits and leave it as
        // it was, and xchg of rbx with itself changes nothing; valgrind, if
        // present, reads `request` (alive until the asm ends) and writes a
        // result to rdx, which is declared clobbered.
        unsafe {
            std::arch::asm!(
                "rol rdi, 3",
                "rol rdi, 13",
                "rol rdi, 61",
                "rol rdi, 51",
                "xchg rbx, rbx",
                in("rax") request.as_ptr(),
                inout("rdx") 0u64 => _,
                inout("rdi") 0u64 => _,
                options(nostack, readonly),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (addr, len);
}
