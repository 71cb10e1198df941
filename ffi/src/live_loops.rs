//! The addresses of the initialised loops, so a pointer can be checked
//! before it is followed.
//!
//! A handle or request that was never initialised holds garbage where its
//! loop pointer should be; following it would crash (or worse) instead of
//! giving the caller `UV_EINVAL`. Programs have a handful of loops, so a
//! scan of a small lock-free table up to its high-water mark costs a load
//! or two per call.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const SLOTS: usize = 1024;
static LOOPS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
/// Every registered loop sits below this index.
static HIGH_WATER: AtomicUsize = AtomicUsize::new(0);
/// Set if more loops were live at once than the table holds: from then on
/// any non-NULL address is taken on trust.
static OVERFLOWED: AtomicBool = AtomicBool::new(false);

pub(crate) fn register(addr: usize) {
    for (index, slot) in LOOPS.iter().enumerate() {
        if slot
            .compare_exchange(0, addr, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            HIGH_WATER.fetch_max(index + 1, Ordering::AcqRel);
            return;
        }
    }
    OVERFLOWED.store(true, Ordering::Release);
}

pub(crate) fn unregister(addr: usize) {
    let high = HIGH_WATER.load(Ordering::Acquire);
    if let Some(slot) = LOOPS[..high]
        .iter()
        .find(|slot| slot.load(Ordering::Relaxed) == addr)
    {
        slot.store(0, Ordering::Release);
    }
}

/// Whether `addr` is an initialised loop (or might be, after an overflow).
#[inline]
pub(crate) fn contains(addr: usize) -> bool {
    if addr == 0 {
        return false;
    }
    let high = HIGH_WATER.load(Ordering::Acquire);
    LOOPS[..high]
        .iter()
        .any(|slot| slot.load(Ordering::Relaxed) == addr)
        || OVERFLOWED.load(Ordering::Relaxed)
}
