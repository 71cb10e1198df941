//! The one panic boundary every export goes through, and the way misuse ends.
//!
//! No Rust panic may unwind into C. A panic inside an export is an internal bug:
//! it is reported with the export's name and turned into the export's error
//! return when it has one; a void export aborts. Misuse by the caller that
//! libuv would turn into memory corruption (a double close, a closed handle)
//! aborts at once with a message naming the call and the misuse.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs an export's body; a panic is reported and becomes `on_panic`.
#[inline(always)]
pub fn guard<R>(name: &str, on_panic: R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            report_panic(name, &*payload);
            on_panic
        }
    }
}

/// Runs the body of an export with no error return; a panic aborts.
#[inline(always)]
pub fn guard_void(name: &str, body: impl FnOnce()) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(body)) {
        report_panic(name, &*payload);
        std::process::abort();
    }
}

#[cold]
fn report_panic(name: &str, payload: &(dyn std::any::Any + Send)) {
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic");
    eprintln!("ruv: internal error in {name}: {what}");
}

/// Ends the process: the caller broke a libuv rule that cannot be reported
/// through a return value without risking memory corruption.
#[cold]
pub fn misuse(call: &str, what: &str) -> ! {
    eprintln!("ruv: {call}: {what}");
    std::process::abort();
}
