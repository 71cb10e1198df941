//! ruv-only C tests of misuse: the programs in tests/c_misuse/ break libuv's
//! rules (NULL or uninitialised loops and handles, double closes, calls from
//! another thread while the loop runs) where libuv 1.44 itself crashes or
//! corrupts memory, so there is nothing to compare with. Each program is
//! built against ruv and run with a time limit, and each test asserts the
//! exact outcome README promises ("Where ruv goes beyond libuv"): either exit
//! status 0 with an expected transcript (error codes by name), or death by
//! SIGABRT with `ruv: <call>: <misuse>` on stderr and nothing printed after
//! the offending call. Programs that exit normally end with a clean
//! `uv_loop_close`. The system libuv plays no part.
//!
//! `RUV_VALGRIND=1` runs the programs that exit normally under valgrind
//! (failing on any error or definite leak), as tests/c_differential.rs does.
//! Programs with several cases take the case as their only argument. The
//! build and run machinery is shared with tests/c_differential.rs
//! (tests/c_harness/).

mod c_harness;

use c_harness::{build_ruv, out_dir, plain, root, run_with_timeout, ruv_command, Outcome, TIMEOUT};
use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt;

/// target/<profile>/<OUT>/ holds the binaries.
const OUT: &str = "c-misuse";
const SIGABRT: i32 = 6;

/// Every tests/c_misuse/*.c program (checked by `every_misuse_program_is_listed`).
const PROGRAMS: &[&str] = &[
    "async_late_send",
    "bad_arguments",
    "closed_handle",
    "dir_misuse",
    "double_close",
    "einval_null",
    "garbage_handle",
    "loop_close_running",
    "net_misuse",
    "os_misuse",
    "other_thread",
    "reinit_handle",
    "reinit_timer",
    "request_in_flight",
    "udp_misuse",
    "uninit_loop",
    "void_misuse",
];

/// What ruv says after the call name when a loop function comes from a
/// thread other than the one inside `uv_run`.
const OTHER_THREAD: &str = "called from another thread while the loop runs \
                            (of the loop's functions, only uv_async_send may be)";

/// Builds `program` against ruv and runs it, with `mode` as its argument:
/// under valgrind with `RUV_VALGRIND=1` when it is expected to exit
/// normally, plainly when it is expected to abort.
fn run(program: &str, mode: Option<&str>, exits_normally: bool) -> Outcome {
    assert!(
        PROGRAMS.contains(&program),
        "{program} is not listed in PROGRAMS"
    );
    let src = root().join("tests/c_misuse").join(format!("{program}.c"));
    let exe = build_ruv(program, &src, &out_dir(OUT));
    let (mut cmd, limit) = if exits_normally {
        let (cmd, limit, _) = ruv_command(&exe);
        (cmd, limit)
    } else {
        (plain(&exe), TIMEOUT)
    };
    cmd.args(mode);
    run_with_timeout(cmd, limit)
}

fn what(program: &str, mode: Option<&str>) -> String {
    match mode {
        Some(mode) => format!("{program} {mode}"),
        None => program.to_string(),
    }
}

fn report(outcome: &Outcome) -> String {
    format!(
        "exited with {}\n--- stdout:\n{}--- stderr:\n{}",
        outcome.describe(),
        outcome.stdout,
        outcome.stderr
    )
}

/// No internal error, no Rust panic: misuse is caught before it gets there.
fn assert_no_panic(name: &str, outcome: &Outcome) {
    assert!(
        !outcome.stderr.contains("internal error") && !outcome.stderr.contains("panicked"),
        "{name}: ruv panicked; {}",
        report(outcome)
    );
}

/// Exit status 0 and exactly `transcript` on stdout.
fn expect_clean(program: &str, mode: Option<&str>, transcript: &str) {
    let name = what(program, mode);
    let outcome = run(program, mode, true);
    assert!(
        outcome.ok(),
        "{name}: expected exit status 0; {}",
        report(&outcome)
    );
    assert_no_panic(&name, &outcome);
    assert_eq!(
        outcome.stdout, transcript,
        "{name}: transcript (left: got, right: expected)"
    );
}

/// Death by SIGABRT with exactly `stdout` printed first and the line
/// `ruv: <message>` on stderr.
fn expect_abort(program: &str, mode: Option<&str>, stdout: &str, message: &str) {
    let name = what(program, mode);
    let outcome = run(program, mode, false);
    let signal = outcome.status.and_then(|s| s.signal());
    assert!(
        !outcome.timed_out && signal == Some(SIGABRT),
        "{name}: expected death by SIGABRT; {}",
        report(&outcome)
    );
    assert_no_panic(&name, &outcome);
    let line = format!("ruv: {message}");
    assert!(
        outcome.stderr.lines().any(|l| l == line),
        "{name}: expected the line {line:?} on stderr; {}",
        report(&outcome)
    );
    assert_eq!(
        outcome.stdout, stdout,
        "{name}: stdout before the abort (left: got, right: expected)"
    );
}

#[test]
fn os_calls_refuse_null_and_keep_to_argv_strings() {
    expect_clean(
        "os_misuse",
        None,
        "\
-- NULL out-pointers
uv_cpu_info(NULL, &count): EINVAL
uv_cpu_info(&infos, NULL): EINVAL
uv_uptime(NULL): EINVAL
uv_resident_set_memory(NULL): EINVAL
uv_os_environ(NULL, &count): EINVAL
uv_os_environ(&items, NULL): EINVAL
uv_chdir(NULL): EINVAL
uv_set_process_title(NULL) before setup: ENOBUFS
uv_dlopen(libc, NULL): EINVAL
uv_dlsym(NULL, ...): EINVAL
uv_dlsym(lib, NULL, &ptr): EINVAL
uv_dlsym(lib, name, NULL): EINVAL
uv_dlerror(NULL): no error
-- uv_random
sync, NULL buffer with a length: EINVAL
async, NULL buffer with a length: EINVAL
async, NULL loop: EINVAL
async, NULL request: EINVAL
active reqs: 0
-- void calls with NULL
survived
-- uv_setup_args
uv_setup_args(0, NULL) is NULL: yes
uv_setup_args(-1, argv) is argv: yes
copy: prog second
uv_set_process_title(NULL): EINVAL
uv_set_process_title(long): 0
title \"a-lo\", argv[0] \"a-lo\", argv[1] \"second\", gap \"GAP!\"
final run: 0
loop_close: 0
",
    );
}

#[test]
fn einval_for_null_loop_handle_and_callback() {
    expect_clean(
        "einval_null",
        None,
        "\
-- NULL loop
uv_loop_init: EINVAL
uv_loop_close: EINVAL
uv_run DEFAULT: EINVAL
uv_run ONCE: EINVAL
uv_run NOWAIT: EINVAL
uv_loop_configure: EINVAL
uv_backend_fd: EINVAL
uv_backend_timeout: EINVAL
uv_timer_init: EINVAL
uv_idle_init: EINVAL
uv_prepare_init: EINVAL
uv_check_init: EINVAL
uv_async_init: EINVAL
uv_queue_work: EINVAL
uv_loop_alive: 0
-- NULL handle or request
uv_timer_init: EINVAL
uv_timer_start: EINVAL
uv_timer_stop: EINVAL
uv_timer_again: EINVAL
uv_idle_init: EINVAL
uv_idle_start: EINVAL
uv_idle_stop: EINVAL
uv_prepare_init: EINVAL
uv_prepare_start: EINVAL
uv_prepare_stop: EINVAL
uv_check_init: EINVAL
uv_check_start: EINVAL
uv_check_stop: EINVAL
uv_async_init: EINVAL
uv_async_send: EINVAL
uv_queue_work: EINVAL
uv_cancel: EINVAL
uv_fileno: EINVAL
uv_send_buffer_size: EINVAL
uv_recv_buffer_size: EINVAL
uv_is_active: 0
uv_is_closing: 0
uv_has_ref: 0
-- NULL callback or out-pointer
uv_timer_start: EINVAL
uv_idle_start: EINVAL
uv_prepare_start: EINVAL
uv_check_start: EINVAL
uv_queue_work without work_cb: EINVAL
uv_send_buffer_size: EINVAL
uv_recv_buffer_size: EINVAL
nothing started: yes
uv_async_init without callback: 0
uv_async_send: 0
uv_queue_work without after_work_cb: 0
uv_run NOWAIT: 1
final run: 0
loop_close: 0
",
    );
}

#[test]
fn einval_for_uninitialised_and_closed_loops() {
    let per_loop = |what: &str| {
        format!(
            "\
-- {what} loop
uv_run DEFAULT: EINVAL
uv_run NOWAIT: EINVAL
uv_loop_close: EINVAL
uv_timer_init: EINVAL
uv_idle_init: EINVAL
uv_async_init: EINVAL
uv_queue_work: EINVAL
uv_loop_configure: EINVAL
uv_backend_fd: EINVAL
uv_backend_timeout: EINVAL
uv_loop_alive: 0
"
        )
    };
    let transcript = [
        per_loop("zeroed"),
        per_loop("0x5a-filled"),
        per_loop("closed"),
        "\
-- the same memory, initialised
uv_loop_init: 0
uv_timer_init: 0
uv_timer_start: 0
timer fired
uv_run DEFAULT: 0
final run: 0
loop_close: 0
"
        .to_string(),
    ]
    .concat();
    expect_clean("uninit_loop", None, &transcript);
}

#[test]
fn einval_for_closed_closing_and_zeroed_handles() {
    expect_clean(
        "closed_handle",
        None,
        "\
-- closing timer
uv_timer_start: EINVAL
active: no
uv_run DEFAULT: 0
close callbacks: 5
-- closed handles
uv_timer_start: EINVAL
uv_timer_stop: EINVAL
uv_timer_again: EINVAL
uv_idle_start: EINVAL
uv_idle_stop: EINVAL
uv_prepare_start: EINVAL
uv_prepare_stop: EINVAL
uv_check_start: EINVAL
uv_check_stop: EINVAL
uv_async_send: EINVAL
uv_loop_alive: 0
uv_run NOWAIT: 0
-- zeroed handles
uv_timer_start: EINVAL
uv_timer_stop: EINVAL
uv_timer_again: EINVAL
uv_idle_start: EINVAL
uv_idle_stop: EINVAL
uv_prepare_start: EINVAL
uv_check_start: EINVAL
uv_async_send: EINVAL
uv_loop_alive: 0
uv_run NOWAIT: 0
-- closed memory initialised again
uv_timer_init: 0
uv_idle_init: 0
final run: 0
loop_close: 0
",
    );
}

#[test]
fn bad_configure_option_and_run_mode() {
    expect_clean(
        "bad_arguments",
        None,
        "\
uv_loop_configure option 2: ENOSYS
uv_loop_configure option 99: ENOSYS
uv_loop_configure option -1: ENOSYS
uv_loop_configure BLOCK_SIGNAL SIGINT: EINVAL
uv_loop_configure BLOCK_SIGNAL SIGPROF: 0
uv_run mode 3: EINVAL
uv_run mode -1: EINVAL
timer still active: yes
timer fired
uv_run DEFAULT: 0
final run: 0
loop_close: 0
",
    );
}

#[test]
fn loop_close_inside_callbacks_is_ebusy() {
    expect_clean(
        "loop_close_running",
        None,
        "\
in timer callback: uv_loop_close: EBUSY
in idle callback: uv_loop_close: EBUSY
uv_run DEFAULT: 0
in close callback of the last handle: uv_loop_close: EBUSY
uv_run DEFAULT: 0
after_work status 0
in after_work callback of the last request: uv_loop_close: EBUSY
uv_run DEFAULT: 0
loop still works: alive 0
final run: 0
loop_close: 0
",
    );
}

#[test]
fn double_close_while_closing_aborts() {
    expect_abort(
        "double_close",
        Some("closing"),
        "closing: yes\ncalling uv_close again\n",
        "uv_close: the handle is already closing (double close)",
    );
}

#[test]
fn double_close_after_closed_aborts() {
    expect_abort(
        "double_close",
        Some("closed"),
        "closed; calling uv_close again\n",
        "uv_close: the handle is already closed (double close)",
    );
}

#[test]
fn double_close_from_own_close_callback_aborts() {
    expect_abort(
        "double_close",
        Some("in_close_cb"),
        "close callback; calling uv_close again\n",
        "uv_close: the handle is already closed (double close)",
    );
}

/// A C timer keeps its state in its own struct, so initialising a live one
/// again would cut it out of the loop's lists: that aborts.
macro_rules! reinit_live_timer_aborts {
    ($($test:ident: $mode:literal;)*) => {
        $(
            #[test]
            fn $test() {
                expect_abort(
                    "reinit_timer",
                    Some($mode),
                    "calling uv_timer_init again\n",
                    "uv_timer_init: the timer is already initialised and not closed \
                     (close it before initialising it again)",
                );
            }
        )*
    };
}

reinit_live_timer_aborts! {
    reinit_of_an_idle_timer_aborts: "live";
    reinit_of_a_started_timer_aborts: "started";
    reinit_of_a_closing_timer_aborts: "closing";
}

/// uv_*_init on a live handle of each other kind aborts naming the call.
macro_rules! reinit_live_handle_aborts {
    ($($test:ident: $mode:literal, $call:literal;)*) => {
        $(
            #[test]
            fn $test() {
                expect_abort(
                    "reinit_handle",
                    Some($mode),
                    "calling init again\n",
                    concat!(
                        $call,
                        ": the handle is already initialised and not closed \
                         (close it before initialising it again)"
                    ),
                );
            }
        )*
    };
}

reinit_live_handle_aborts! {
    reinit_of_a_tcp_handle_aborts: "tcp", "uv_tcp_init";
    reinit_ex_of_a_tcp_handle_aborts: "tcp_ex", "uv_tcp_init_ex";
    reinit_of_a_pipe_aborts: "pipe", "uv_pipe_init";
    reinit_of_a_udp_handle_aborts: "udp", "uv_udp_init";
    reinit_ex_of_a_udp_handle_aborts: "udp_ex", "uv_udp_init_ex";
    reinit_of_a_started_idle_handle_aborts: "idle", "uv_idle_init";
    reinit_of_a_started_prepare_handle_aborts: "prepare", "uv_prepare_init";
    reinit_of_a_started_check_handle_aborts: "check", "uv_check_init";
    reinit_of_an_async_handle_aborts: "async", "uv_async_init";
    reinit_of_a_signal_handle_aborts: "signal", "uv_signal_init";
}

/// Every kind, once its close callback has run, initialises again.
#[test]
fn closed_handles_can_be_initialised_again() {
    expect_clean(
        "reinit_handle",
        Some("closed"),
        "\
close callback
tcp again: 0
close callback
tcp_ex again: 0
close callback
pipe again: 0
close callback
udp again: 0
close callback
udp_ex again: 0
close callback
idle again: 0
close callback
prepare again: 0
close callback
check again: 0
close callback
async again: 0
close callback
signal again: 0
final run: 0
loop_close: 0
",
    );
}

#[test]
fn a_closed_timer_can_be_initialised_again() {
    expect_clean(
        "reinit_timer",
        Some("closed"),
        "close callback\n\
         uv_timer_init: 0\n\
         uv_timer_start: 0\n\
         active: yes\n\
         timer fired, due in 0\n\
         uv_run: 0\n\
         active: no\n\
         close callback\n\
         final run: 0\n\
         loop_close: 0\n",
    );
}

/// One test per void_misuse mode: `test: mode => message`.
macro_rules! void_misuse_aborts {
    ($($test:ident: $mode:literal => $message:literal;)*) => {
        $(
            #[test]
            fn $test() {
                expect_abort(
                    "void_misuse",
                    Some($mode),
                    concat!("calling ", $mode, "\n"),
                    $message,
                );
            }
        )*
    };
}

void_misuse_aborts! {
    close_null_aborts: "close_null" => "uv_close: the handle is NULL";
    close_zeroed_aborts: "close_zeroed" => "uv_close: the handle is not initialised";
    ref_null_aborts: "ref_null" => "uv_ref: the handle is NULL";
    ref_zeroed_aborts: "ref_zeroed"
        => "uv_ref: the handle is not initialised (or its loop was closed)";
    unref_null_aborts: "unref_null" => "uv_unref: the handle is NULL";
    timer_set_repeat_null_aborts: "timer_set_repeat_null"
        => "uv_timer_set_repeat: the handle is NULL";
    timer_set_repeat_closed_aborts: "timer_set_repeat_closed"
        => "uv_timer_set_repeat: the handle is closed";
    timer_get_repeat_closed_aborts: "timer_get_repeat_closed"
        => "uv_timer_get_repeat: the handle is closed";
    timer_get_repeat_zeroed_aborts: "timer_get_repeat_zeroed"
        => "uv_timer_get_repeat: the handle is not initialised (or its loop was closed)";
    timer_get_due_in_null_aborts: "timer_get_due_in_null"
        => "uv_timer_get_due_in: the handle is NULL";
    timer_get_due_in_closed_aborts: "timer_get_due_in_closed"
        => "uv_timer_get_due_in: the handle is closed";
    stop_null_aborts: "stop_null" => "uv_stop: the loop is NULL";
    stop_zeroed_aborts: "stop_zeroed" => "uv_stop: the loop is not initialised (or was closed)";
    now_null_aborts: "now_null" => "uv_now: the loop is NULL";
    now_zeroed_aborts: "now_zeroed" => "uv_now: the loop is not initialised (or was closed)";
    update_time_null_aborts: "update_time_null" => "uv_update_time: the loop is NULL";
    walk_null_aborts: "walk_null" => "uv_walk: the loop is NULL";
    walk_zeroed_aborts: "walk_zeroed" => "uv_walk: the loop is not initialised (or was closed)";
    walk_null_callback_aborts: "walk_null_cb" => "uv_walk: the callback is NULL";
    fs_cleanup_garbage_aborts: "fs_cleanup_garbage"
        => "uv_fs_req_cleanup: the request was not made by a uv_fs_* call \
            (its memory is uninitialised or corrupt)";
    fs_cleanup_scribbled_aborts: "fs_cleanup_scribbled"
        => "uv_fs_req_cleanup: the request's memory is corrupt";
}

/// uv_ref / uv_unref on a closed handle only touch its flag word, as in
/// libuv, and zeroed request memory holds nothing for uv_fs_req_cleanup to
/// free: not misuse.
#[test]
fn ref_and_unref_on_closed_handle_and_cleanup_of_zeroed_request_are_harmless() {
    for mode in ["ref_closed", "unref_closed", "fs_cleanup_zeroed"] {
        expect_clean(
            "void_misuse",
            Some(mode),
            &format!("calling {mode}\nreturned from {mode}\nfinal run: 0\nloop_close: 0\n"),
        );
    }
}

/// One test per other_thread mode that must abort: `test: mode => call`.
macro_rules! other_thread_aborts {
    ($($test:ident: $mode:literal => $call:literal;)*) => {
        $(
            #[test]
            fn $test() {
                expect_abort(
                    "other_thread",
                    Some($mode),
                    concat!("loop thread in uv_run\ncalling ", $mode, " from another thread\n"),
                    &format!("{}: {OTHER_THREAD}", $call),
                );
            }
        )*
    };
}

other_thread_aborts! {
    timer_start_from_other_thread_aborts: "timer_start" => "uv_timer_start";
    timer_stop_from_other_thread_aborts: "timer_stop" => "uv_timer_stop";
    timer_init_from_other_thread_aborts: "timer_init" => "uv_timer_init";
    timer_set_repeat_from_other_thread_aborts: "timer_set_repeat" => "uv_timer_set_repeat";
    idle_start_from_other_thread_aborts: "idle_start" => "uv_idle_start";
    close_from_other_thread_aborts: "close" => "uv_close";
    ref_from_other_thread_aborts: "ref" => "uv_ref";
    walk_from_other_thread_aborts: "walk" => "uv_walk";
    queue_work_from_other_thread_aborts: "queue_work" => "uv_queue_work";
}

#[test]
fn run_from_other_thread_while_running_aborts() {
    expect_abort(
        "other_thread",
        Some("run"),
        "loop thread in uv_run\ncalling run from another thread\n",
        "uv_run: the loop is already running on another thread",
    );
}

#[test]
fn async_send_from_other_thread_is_allowed() {
    expect_clean(
        "other_thread",
        Some("async_send"),
        "\
loop thread in uv_run
calling async_send from another thread
uv_async_send: 0
returned from async_send
loop thread resumes
async callback on the loop thread
uv_run DEFAULT: 0
final run: 0
loop_close: 0
",
    );
}

#[test]
fn loop_close_from_other_thread_while_running_is_ebusy() {
    expect_clean(
        "other_thread",
        Some("loop_close"),
        "\
loop thread in uv_run
calling loop_close from another thread
uv_loop_close: EBUSY
returned from loop_close
loop thread resumes
uv_run DEFAULT: 0
final run: 0
loop_close: 0
",
    );
}

/// Garbage (not zeroed) handle memory, of timers, idles, asyncs, streams,
/// UDP, pipes, polls and signals: ruv never follows the garbage loop or
/// signal pointer, and answers UV_EINVAL.
#[test]
fn einval_for_garbage_filled_handles() {
    expect_clean(
        "garbage_handle",
        None,
        "\
uv_timer_start: EINVAL
uv_timer_stop: EINVAL
uv_idle_start: EINVAL
uv_async_send: EINVAL
uv_tcp_bind: EINVAL
uv_listen: EINVAL
uv_read_start: EINVAL
uv_write: EINVAL
uv_try_write: EINVAL
uv_udp_bind: EINVAL
uv_udp_recv_start: EINVAL
uv_pipe_bind: EINVAL
uv_poll_start: EINVAL
uv_signal_stop: EINVAL
final run: 0
loop_close: 0
",
    );
}

/// uv_dir_t misuse: not open (closed, zeroed, garbage, NULL) → UV_EINVAL;
/// being read → UV_EBUSY; a readdir's cleanup after closedir does not go
/// back to the freed directory (valgrind with RUV_VALGRIND=1).
#[test]
fn directories_not_open_or_being_read_are_refused() {
    expect_clean(
        "dir_misuse",
        None,
        "\
opendir: 0
readdir, no entry array: EINVAL
readdir: entries
readdir of a zeroed uv_dir_t: EINVAL
closedir of a zeroed uv_dir_t: EINVAL
readdir of a garbage uv_dir_t: EINVAL
closedir of a garbage uv_dir_t: EINVAL
readdir of NULL: EINVAL
readdir, queued: 0
closedir while a readdir is under way: EBUSY
readdir while a readdir is under way: EBUSY
cancel the queued readdir: 0
run: 0
cancelled readdir: ECANCELED
pool holder: 0
closedir: 0
closedir again: EINVAL
readdir after closedir: EINVAL
final run: 0
loop_close: 0
",
    );
}

/// A request submitted again before its callback (write, write2,
/// shutdown, TCP connect, UDP send, work, fs, getaddrinfo, getnameinfo,
/// random; asynchronously and, where there is a synchronous form, that
/// too) → UV_EBUSY, and the first submission still calls back once; a
/// handle that refuses anyway gives libuv's error (ENOTCONN, EALREADY); a
/// request given back to its callback can be submitted from there.
#[test]
fn requests_in_flight_are_refused() {
    expect_clean(
        "request_in_flight",
        None,
        "\
write: 0
write, same request: EBUSY
write2, same request: EBUSY
shutdown: 0
shutdown, same request: EBUSY
shutdown, same request, same stream: ENOTCONN
tcp_connect: 0
tcp_connect, same request, other handle: EBUSY
tcp_connect, same request, same handle: EALREADY
udp_send: 0
udp_send, same request: EBUSY
queue_work: 0
queue_work, same request: EBUSY
fs_stat: 0
fs_stat, same request: EBUSY
fs_stat, same request, synchronous: EBUSY
getaddrinfo: 0
getaddrinfo, same request: EBUSY
getaddrinfo, same request, synchronous: EBUSY
getnameinfo: 0
getnameinfo, same request: EBUSY
random: 0
random, same request: EBUSY
write from its own callback: 0
callbacks: write 2, shutdown 1, connect 1, udp_send 1, work 1, fs 1, getaddrinfo 1, getnameinfo 1, random 1
fs_stat, given back: 0
final run: 0
loop_close: 0
",
    );
}

#[test]
fn fs_req_cleanup_of_a_request_in_flight_aborts() {
    expect_abort(
        "request_in_flight",
        Some("fs_cleanup_in_flight"),
        "calling uv_fs_req_cleanup on the queued request\n",
        "uv_fs_req_cleanup: the request is still in flight (its callback has not run yet)",
    );
}

#[test]
fn pipe_connect_with_a_request_in_flight_aborts() {
    expect_abort(
        "request_in_flight",
        Some("pipe_connect_twice"),
        "calling uv_pipe_connect with the request in flight\n",
        "uv_pipe_connect: the request is still in flight (submitted again before its callback)",
    );
}

/// A send through a copy of an async handle taken before its close (a
/// sender that read the handle just before it closed) → UV_EINVAL, before
/// and after the closed handle's signal goes to a new handle, which that
/// send does not wake.
#[test]
fn a_late_async_send_is_refused_and_wakes_no_other_handle() {
    expect_clean(
        "async_late_send",
        None,
        "\
run (close): 0
send to the closed handle: EINVAL
late send, before the signal is reused: EINVAL
late send, after the signal went to a new handle: EINVAL
run (nothing sent to the new handle): 1
send to the new handle: 0
callbacks: closed handle 0, new handle 1
run (close): 0
final run: 0
loop_close: 0
",
    );
}

/// Two threads sending without pause while the loop opens and closes
/// async handles: every send is answered 0 or UV_EINVAL, and it ends.
#[test]
fn async_sends_racing_closes_end_cleanly() {
    expect_clean(
        "async_late_send",
        Some("race"),
        "\
rounds: 2000, answers other than 0 and EINVAL: 0
final run: 0
loop_close: 0
",
    );
}

#[test]
fn every_misuse_program_is_listed() {
    let on_disk = c_harness::c_programs_in(&root().join("tests/c_misuse"));
    let listed: BTreeSet<String> = PROGRAMS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "tests/c_misuse/*.c (left) and PROGRAMS in tests/c_misuse.rs (right) disagree"
    );
}

#[test]
fn networking_calls_refuse_null_wrong_kind_and_closed_handles() {
    expect_clean(
        "net_misuse",
        Some("refused"),
        "\
-- NULL
uv_tcp_init: EINVAL
uv_tcp_init_ex: EINVAL
uv_pipe_init: EINVAL
uv_listen: EINVAL
uv_accept: EINVAL
uv_read_start: EINVAL
uv_read_stop: EINVAL
uv_write: EINVAL
uv_try_write: EINVAL
uv_shutdown: EINVAL
uv_tcp_bind: EINVAL
uv_tcp_connect: EINVAL
uv_tcp_getsockname: EINVAL
uv_poll_init: EINVAL
-- NULL arguments on a live handle
uv_write NULL request: EINVAL
uv_write NULL buffers: EINVAL
uv_write no buffers: EINVAL
uv_write2 no buffers: EINVAL
uv_try_write no buffers: EINVAL
uv_try_write2 no buffers: EINVAL
uv_try_write one buffer: EBADF
uv_tcp_bind NULL address: EINVAL
uv_tcp_connect NULL request: EINVAL
uv_tcp_connect NULL address: EINVAL
uv_shutdown NULL request: EINVAL
uv_pipe_bind NULL name: EINVAL
-- wrong handle kind
uv_read_start on a timer: EINVAL
uv_write on a timer: EINVAL
uv_tcp_bind on a timer: EINVAL
uv_poll_start on a timer: EINVAL
-- closed handle
uv_run: 0
uv_read_start: EINVAL
uv_write: EINVAL
uv_tcp_nodelay: EINVAL
uv_listen: EINVAL
uv_is_readable: 0
uv_loop_close: 0
",
    );
}

#[test]
fn a_stream_closed_from_its_alloc_callback_is_not_read() {
    expect_clean(
        "net_misuse",
        Some("close_in_alloc"),
        "\
uv_read_start: 0
uv_write: 0
write callback: 0
alloc callback: closing the reader
close callback of the reader
close callback of the writer
uv_run: 0
uv_loop_close: 0
",
    );
}

/// A stream that stops reading from its alloc callback reads nothing and
/// gets no read callback; started again, it reads what was waiting.
#[test]
fn a_stream_stopped_from_its_alloc_callback_is_not_read() {
    expect_clean(
        "net_misuse",
        Some("stop_in_alloc"),
        "\
uv_read_start: 0
uv_write: 0
write callback: 0
alloc callback: stopping the reader -> 0
close callback of the writer
uv_run: 0
uv_read_start again: 0
read callback: hello
close callback of the reader
uv_run: 0
uv_loop_close: 0
",
    );
}

/// A UDP handle that stops receiving from its alloc callback takes no
/// datagram off the socket and gets no receive callback; started again,
/// it receives the datagram that was waiting.
#[test]
fn a_udp_handle_stopped_from_its_alloc_callback_receives_nothing() {
    expect_clean(
        "net_misuse",
        Some("udp_stop_in_alloc"),
        "\
uv_udp_try_send: 0
uv_udp_recv_start: 0
alloc callback: stopping the receiver -> 0
uv_run: 0
uv_udp_recv_start again: 0
receive callback: ping
close callback of the receiver
close callback of the sender
uv_run: 0
uv_loop_close: 0
",
    );
}

/// A UDP handle closed from its alloc callback gets no receive callback,
/// only its close callback.
#[test]
fn a_udp_handle_closed_from_its_alloc_callback_receives_nothing() {
    expect_clean(
        "net_misuse",
        Some("udp_close_in_alloc"),
        "\
uv_udp_try_send: 0
uv_udp_recv_start: 0
alloc callback: closing the receiver
close callback of the receiver
uv_run: 0
close callback of the sender
uv_run: 0
uv_loop_close: 0
",
    );
}

#[test]
fn pipe_connect_with_a_null_request_aborts() {
    expect_abort(
        "net_misuse",
        Some("pipe_connect_null"),
        "calling uv_pipe_connect with a NULL request\n",
        "uv_pipe_connect: the request is NULL",
    );
}

/// The UDP calls' answers for every kind of bad handle and argument (one
/// block of calls per handle; `all` below is that block with its results).
#[test]
fn udp_misuse_is_einval() {
    let all = |results: [&str; 17]| {
        let calls = [
            "uv_udp_open",
            "uv_udp_bind",
            "uv_udp_connect",
            "uv_udp_getsockname",
            "uv_udp_getpeername",
            "uv_udp_set_membership",
            "uv_udp_set_source_membership",
            "uv_udp_set_multicast_loop",
            "uv_udp_set_multicast_ttl",
            "uv_udp_set_multicast_interface",
            "uv_udp_set_broadcast",
            "uv_udp_set_ttl",
            "uv_udp_send",
            "uv_udp_try_send",
            "uv_udp_recv_start",
            "uv_udp_recv_stop",
            "uv_fileno",
        ];
        let mut block: String = calls
            .iter()
            .zip(results)
            .map(|(call, result)| format!("{call}: {result}\n"))
            .collect();
        block.push_str("uv_udp_get_send_queue_size: 0\nuv_udp_get_send_queue_count: 0\n");
        block
    };
    let einval = all(["EINVAL"; 17]);
    // A closing handle has no socket any more: the calls that would use it
    // answer as the system call on libuv's -1 descriptor does.
    let closing = all([
        "EINVAL", "EINVAL", "EINVAL", "EBADF", "EBADF", "EINVAL", "EINVAL", "EBADF", "EBADF",
        "EBADF", "EBADF", "EBADF", "EINVAL", "EINVAL", "EINVAL", "0", "EBADF",
    ]);
    // A closed handle is refused, but uv_fileno answers EBADF, as libuv's
    // does for a closed socket handle.
    let mut closed_results = ["EINVAL"; 17];
    closed_results[16] = "EBADF";
    let closed = all(closed_results);
    let transcript = [
        "-- NULL handle\n",
        &einval,
        "uv_udp_init: EINVAL\nuv_udp_init_ex: EINVAL\n-- zeroed handle\n",
        &einval,
        "-- a timer\n",
        &einval,
        "\
-- bad arguments
uv_udp_send, NULL req: EINVAL
uv_udp_send, NULL bufs: EINVAL
uv_udp_send, no bufs: EINVAL
uv_udp_send, NULL base: EINVAL
uv_udp_try_send, NULL base: EINVAL
uv_udp_try_send, no bufs: EINVAL
uv_udp_bind, NULL address: EINVAL
uv_udp_getsockname, NULL name: EINVAL
uv_udp_getsockname, NULL length: EINVAL
uv_udp_set_membership, NULL group: EINVAL
uv_udp_set_source_membership, NULL source: EINVAL
nothing made a socket: EBADF
-- closing handle
",
        &closing,
        "uv_run DEFAULT: 0\n-- closed handle\n",
        &closed,
        "final run: 0\nloop_close: 0\n",
    ]
    .concat();
    expect_clean("udp_misuse", Some("einval"), &transcript);
}

#[test]
fn udp_using_recvmmsg_null_aborts() {
    expect_abort(
        "udp_misuse",
        Some("recvmmsg_null"),
        "calling uv_udp_using_recvmmsg\n",
        "uv_udp_using_recvmmsg: the handle is NULL",
    );
}

#[test]
fn udp_using_recvmmsg_closed_aborts() {
    expect_abort(
        "udp_misuse",
        Some("recvmmsg_closed"),
        "calling uv_udp_using_recvmmsg\n",
        "uv_udp_using_recvmmsg: the handle is closed",
    );
}

#[test]
fn udp_using_recvmmsg_wrong_type_aborts() {
    expect_abort(
        "udp_misuse",
        Some("recvmmsg_timer"),
        "calling uv_udp_using_recvmmsg\n",
        "uv_udp_using_recvmmsg: the handle is not a UDP handle",
    );
}
