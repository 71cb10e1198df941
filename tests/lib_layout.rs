//! The shared library keeps the code every program runs together at the
//! start of `.text` (`ffi/loop-core.ld`). The script finds that code by
//! section-name patterns, which a rename can silently stop matching; this
//! test names functions that must land there and fails when one moves
//! out. Needs binutils' `nm` and `readelf` (a C compiler brings them);
//! skips, saying so, without them.

mod c_harness;

use c_harness::ruv_lib_dir;
use std::process::Command;

fn tool_output(tool: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(tool).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The address of the named section, from `readelf -SW`.
fn section(headers: &str, name: &str) -> Option<u64> {
    headers.lines().find_map(|line| {
        let rest = line.split_once(']')?.1;
        let mut fields = rest.split_whitespace();
        if fields.next()? != name {
            return None;
        }
        let _kind = fields.next()?;
        u64::from_str_radix(fields.next()?, 16).ok()
    })
}

/// The lowest address `nm -C` gives the function `name` (generic ones may
/// have several copies).
fn address_of(symbols: &str, name: &str) -> u64 {
    symbols
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let addr = parts.next()?;
            let _kind = parts.next()?;
            (parts.next()? == name).then(|| u64::from_str_radix(addr, 16).ok())?
        })
        .min()
        .unwrap_or_else(|| panic!("{name} is not in libuv.so's symbols"))
}

/// How far into .text the laid-out code may reach.
const CORE_BOUND: u64 = 96 * 1024;

#[test]
fn the_loop_core_is_laid_out_together() {
    let lib = ruv_lib_dir().join("libuv.so");
    let lib = lib.to_str().expect("a UTF-8 path");
    let (Some(headers), Some(symbols)) = (
        tool_output("readelf", &["-SW", lib]),
        tool_output("nm", &["-C", "--defined-only", lib]),
    ) else {
        eprintln!("SKIPPED: readelf and nm (binutils) are needed to read the library's layout");
        return;
    };
    let text = section(&headers, ".text").expect("libuv.so has a .text");
    let plt = section(&headers, ".plt").expect("libuv.so has a .plt");
    assert!(plt < text, ".plt should sit right before .text");
    let rodata = section(&headers, ".rodata").expect("libuv.so has a .rodata");
    let except = section(&headers, ".gcc_except_table").expect("a .gcc_except_table");
    assert!(
        rodata < except,
        ".rodata should come before the exception tables"
    );
    // The laid-out code is about 72 KiB; .text is over 600.
    let core = text..text + CORE_BOUND;

    // One function each pattern family of the script must catch.
    let wanted = [
        "uv_loop_init",
        "uv_run",
        "uv_close",
        "uv_timer_start",
        "uv_loop_close",
        "ruv::engine::event_loop::Loop::run",
        "ruv::engine::io::<impl ruv::engine::event_loop::Loop>::poll_io",
        "ruv::engine::timer::<impl ruv::engine::event_loop::Loop>::run_due_timers",
        "ruv::engine::handles::Handles::remove",
        "ruv::engine::lifecycle::<impl ruv::engine::event_loop::Loop>::mark_closing",
        "<uv::host::CHost as ruv::engine::host::Host>::fire",
        "core::ptr::drop_in_place<ruv::engine::event_loop::Loop>",
    ];
    let mut outside = Vec::new();
    for name in wanted {
        if !core.contains(&address_of(&symbols, name)) {
            outside.push(name);
        }
    }
    // What a loop with I/O or pool work runs comes next, ahead of the
    // code the script does not name (uv_spawn is such code).
    let cold = address_of(&symbols, "uv_spawn");
    for name in [
        "ruv::engine::stream::write::attempt",
        "ruv::engine::stream::read::<impl ruv::engine::event_loop::Loop>::deliver",
        "ruv::engine::work::<impl ruv::engine::event_loop::Loop>::begin_request",
        "ruv::engine::pool::run",
        "ruv::engine::async_signal::AsyncSignal::send_slow",
        "uv_tcp_connect",
        "uv_udp_send",
        "uv_queue_work",
        "uv_fs_stat",
    ] {
        if address_of(&symbols, name) > cold {
            outside.push(name);
        }
    }
    assert!(
        outside.is_empty(),
        "not where ffi/loop-core.ld should have put them (update its patterns): {outside:?}"
    );
}
