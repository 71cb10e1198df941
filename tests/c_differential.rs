//! The differential C test suite: every `tests/c/*.c` program is compiled
//! twice — against ruv (`include/uv.h`, `target/<profile>/libuv.so`) and
//! against the reference libuv installed on the system — and run; both runs
//! must exit with status 0 and print the same transcript on stdout.
//!
//! A third run checks binary compatibility: the program built against the
//! SYSTEM header and library is started with `LD_LIBRARY_PATH` pointing at
//! our `libuv.so.1`, so the dynamic linker loads ruv in its place; its
//! transcript must match too.
//!
//! Without the reference libuv only ruv's builds run (they must still exit
//! with status 0; `RUV_C_NO_REFERENCE=1` forces that mode). `RUV_VALGRIND=1`
//! runs ruv's builds under valgrind and fails on any error or definite leak.
//! See tests/c/README.md. What this shares with tests/c_misuse.rs (building
//! ruv-ffi, compiling against ruv, running with a time limit) lives in
//! tests/c_harness/.

mod c_harness;

use c_harness::{
    base_cc, compile, out_dir, plain, profile_dir, root, run_with_timeout, ruv_command,
    ruv_lib_dir, Outcome, TIMEOUT,
};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Once, OnceLock};
use std::time::{Duration, Instant};

/// One `#[test]` per program so failures are named; `PROGRAMS` lists them
/// for the check that every tests/c/*.c file is covered.
macro_rules! c_programs {
    ($($name:ident),* $(,)?) => {
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                run_program(stringify!($name));
            }
        )*
    };
}

c_programs! {
    active_handles,
    addr_inet_pton_ntop,
    addr_interfaces,
    addr_ip_names,
    async_close,
    async_loop_thread,
    async_threads,
    backend_timeout,
    close_cb_walk,
    close_in_callbacks,
    close_order,
    cross_phase_changes,
    default_loop,
    dns_cancel,
    dns_getaddrinfo_errors,
    dns_getaddrinfo_hints,
    dns_getaddrinfo_numeric,
    dns_getnameinfo,
    errors_names,
    fs_access,
    fs_accessors,
    fs_cancel,
    fs_chain_callbacks,
    fs_chmod,
    fs_chown,
    fs_close,
    fs_copyfile,
    fs_copyfile_ficlone_force,
    fs_event_api,
    fs_event_dir,
    fs_event_file,
    fs_fsync_ftruncate,
    fs_iov_max,
    fs_link_symlink,
    fs_loop_close_busy,
    fs_many_requests,
    fs_mkdir_rmdir,
    fs_mkdtemp_mkstemp,
    fs_name_max,
    fs_open_errors,
    fs_open_flags,
    fs_open_more_flags,
    fs_opendir_readdir,
    fs_poll_change,
    fs_poll_lifecycle,
    fs_read_eof,
    fs_read_write_vectored,
    fs_realpath,
    fs_rename,
    fs_req_null_cleanup,
    fs_rw_errors,
    fs_scandir,
    fs_sendfile,
    fs_sparse_5gib,
    fs_stat,
    fs_stat_fields,
    fs_statfs,
    fs_unicode_names,
    fs_unlink,
    fs_utime,
    handle_accessors,
    handle_lifecycle,
    handle_reuse,
    heap_handles,
    idle_prepare_check_order,
    idle_start_stop_in_cb,
    loop_alive_ref,
    loop_close_busy,
    loop_configure_metrics,
    loop_phases_random,
    many_handles,
    now_update_time,
    os_cwd_chdir,
    os_dlopen,
    os_env,
    os_exepath,
    os_homedir_tmpdir,
    os_passwd_uname,
    os_pid_priority,
    os_process_title,
    os_random,
    os_system_info,
    phase_order,
    pipe_errors,
    pipe_ipc_pass,
    pipe_ipc_pass_udp,
    pipe_open_fds,
    pipe_ping_pong,
    poll_no_block,
    poll_socketpair,
    process_close_running,
    process_exit_status,
    process_inherit,
    process_kill,
    process_loop_fork,
    process_spawn_errors,
    process_stdin_pipe,
    process_stdout_pipe,
    run_mode_default,
    run_mode_nowait,
    run_mode_once,
    run_once_idle_stopped,
    run_once_phases,
    run_stop,
    signal_basic,
    signal_errors,
    signal_order,
    signal_thread,
    start_semantics,
    stream_bad_args,
    stream_queued_writes,
    sync_mutex_rwlock,
    sync_sem_cond_barrier,
    tcp_accept_deferred,
    tcp_alloc_nobufs,
    tcp_bind_names,
    tcp_close_after_requests,
    tcp_close_pending,
    tcp_connect_phases,
    tcp_connect_refused,
    tcp_emfile,
    tcp_eof_reset,
    tcp_large_write,
    tcp_many_connections,
    tcp_ping_pong,
    tcp_ping_pong_ipv6,
    tcp_read_stop_in_cb,
    tcp_shutdown_write,
    tcp_write_cb_phase,
    tcp_write_order,
    thread_create_join_key,
    threadpool_size,
    timer_again,
    timer_churn_order,
    timer_due_in,
    timer_many_order,
    timer_order_different,
    timer_order_equal,
    timer_repeat,
    timer_restart_in_cb,
    timer_stop_in_cb,
    tty_other_descriptors,
    tty_pty,
    type_names_sizes,
    udp_active_sends,
    udp_bind_errors,
    udp_close_pending,
    udp_connect,
    udp_enobufs,
    udp_init_ex,
    udp_multicast,
    udp_open,
    udp_options,
    udp_partial,
    udp_ping_pong_ipv4,
    udp_ping_pong_ipv6,
    udp_recv_stop_in_cb,
    udp_recvmmsg,
    udp_send_queue,
    udp_try_send,
    unref_in_callbacks,
    walk,
    work_cancel,
    work_errors,
    work_many,
    work_two_loops,
}

/// target/<profile>/<OUT>/ holds the binaries.
const OUT: &str = "c-tests";

/// Builds the program against ruv: our header first, our library by rpath.
fn build_ruv(name: &str, src: &Path) -> PathBuf {
    c_harness::build_ruv(name, src, &out_dir(OUT))
}

/// The directory holding the system's libuv.so, when the reference libuv
/// (header + library) is installed.
fn reference_lib_dir() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    static SAID: Once = Once::new();
    let dir = DIR.get_or_init(|| {
        // RUV_C_NO_REFERENCE=1 pretends the reference is absent.
        if std::env::var("RUV_C_NO_REFERENCE").is_ok_and(|v| v == "1")
            || !Path::new("/usr/include/uv.h").exists()
        {
            return None;
        }
        let mut candidates: Vec<PathBuf> = Vec::new();
        // Without PKG_CONFIG_PATH: a libuv.pc of ours must not answer.
        if let Ok(out) = Command::new("pkg-config")
            .args(["--variable=libdir", "libuv"])
            .env_remove("PKG_CONFIG_PATH")
            .output()
        {
            if out.status.success() {
                let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
                if !s.is_empty() {
                    candidates.push(PathBuf::from(s));
                }
            }
        }
        for d in [
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/usr/local/lib",
        ] {
            candidates.push(PathBuf::from(d));
        }
        let ours = profile_dir();
        candidates
            .into_iter()
            .find(|d| d.join("libuv.so").exists() && !same_dir(d, &ours))
    });
    if dir.is_none() {
        SAID.call_once(|| {
            // Straight to the stderr handle: eprintln! would be captured by
            // the test harness and never shown for passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "reference libuv not installed: running ruv only, no comparison"
            );
        });
    }
    dir.as_deref()
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Builds the program against the system libuv: system header, system
/// library, no rpath (so the system lib is what gets loaded).
fn build_reference(name: &str, src: &Path, libdir: &Path) -> PathBuf {
    let exe = out_dir(OUT).join(format!("{}.sys", c_harness::exe_stem(name)));
    let mut cc = base_cc();
    cc.arg("-I/usr/include")
        .arg("-o")
        .arg(&exe)
        .arg(src)
        .arg("-L")
        .arg(libdir)
        .arg("-luv")
        .args(["-lpthread", "-lm"]);
    compile(cc, &format!("{name} against the system libuv"));
    exe
}

fn ruv_run(exe: &Path) -> (Outcome, &'static str) {
    let (cmd, limit, label) = ruv_command(exe);
    (run_with_timeout(cmd, limit), label)
}

/// The system build with our libuv.so.1 put in front by LD_LIBRARY_PATH.
fn abi_run(sys_exe: &Path) -> Outcome {
    let mut cmd = Command::new(sys_exe);
    cmd.env("LD_LIBRARY_PATH", ruv_lib_dir());
    run_with_timeout(cmd, TIMEOUT)
}

fn run_program(name: &str) {
    let src = root().join("tests/c").join(format!("{name}.c"));
    assert!(
        src.exists(),
        "{} is listed but does not exist",
        src.display()
    );

    let ruv_exe = build_ruv(name, &src);
    let (ours, label) = ruv_run(&ruv_exe);
    let mut failures = Vec::new();
    if !ours.ok() {
        failures.push(format!(
            "{name}: {label} build exited with {}\n--- stdout:\n{}--- stderr:\n{}",
            ours.describe(),
            ours.stdout,
            ours.stderr
        ));
    }

    if let Some(libdir) = reference_lib_dir() {
        let sys_exe = build_reference(name, &src, libdir);
        let reference = run_with_timeout(plain(&sys_exe), TIMEOUT);
        if !reference.ok() {
            failures.push(format!(
                "{name}: the REFERENCE libuv build exited with {} (the test program is wrong)\n\
                 --- stdout:\n{}--- stderr:\n{}",
                reference.describe(),
                reference.stdout,
                reference.stderr
            ));
        }
        if reference.stdout != ours.stdout {
            failures.push(format!(
                "{name}: transcripts differ (- libuv 1.44, + {label}):\n{}",
                diff(&reference.stdout, &ours.stdout)
            ));
        }
        let abi = abi_run(&sys_exe);
        if !abi.ok() {
            failures.push(format!(
                "{name}: system-header build run on ruv's libuv.so.1 exited with {}\n\
                 --- stderr:\n{}",
                abi.describe(),
                abi.stderr
            ));
        }
        if reference.stdout != abi.stdout && abi.stdout == ours.stdout {
            failures.push(format!(
                "{name}: binary compatibility: the system-header build on ruv's libuv.so.1 \
                 prints the same transcript as the ruv build (same differences)"
            ));
        } else if reference.stdout != abi.stdout {
            failures.push(format!(
                "{name}: binary compatibility: transcripts differ \
                 (- libuv 1.44, + system-header build on ruv's libuv.so.1):\n{}",
                diff(&reference.stdout, &abi.stdout)
            ));
        }
    }

    if !failures.is_empty() {
        panic!("\n{}", failures.join("\n\n"));
    }
}

/// A line diff (longest common subsequence), with runs of common lines
/// shortened to three lines of context.
fn diff(a: &str, b: &str) -> String {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 3;
    let near_change = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT).min(ops.len() - 1);
        (lo..=hi).any(|x| ops[x].0 != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if *op == ' ' && !near_change(k) {
            if !skipped {
                out.push_str("  ...\n");
                skipped = true;
            }
            continue;
        }
        skipped = false;
        out.push(*op);
        out.push(' ');
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn every_c_program_is_listed() {
    let on_disk = c_harness::c_programs_in(&root().join("tests/c"));
    let listed: BTreeSet<String> = PROGRAMS.iter().map(|s| s.to_string()).collect();
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty() && missing.is_empty(),
        "tests/c_differential.rs and tests/c/ disagree: not listed in c_programs!: {unlisted:?}; \
         listed but no .c file: {missing:?}"
    );
}

/// The three builds load the library they are meant to: ours by rpath, the
/// system one without, ours again with LD_LIBRARY_PATH (binary compat run).
#[test]
fn linkage_is_what_we_think() {
    if Command::new("ldd").arg("--version").output().is_err() {
        eprintln!("ldd not available: linkage not checked");
        return;
    }
    let name = "timer_order_equal";
    let src = root().join("tests/c").join(format!("{name}.c"));
    let lib = ruv_lib_dir().canonicalize().unwrap();
    let resolved = |cmd: &mut Command| -> PathBuf {
        let out = cmd.output().expect("run ldd");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("libuv.so.1"))
            .unwrap_or_else(|| panic!("no libuv.so.1 in ldd output:\n{text}"));
        let path = line
            .split("=>")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        Path::new(path)
            .canonicalize()
            .unwrap_or_else(|_| PathBuf::from(path))
    };

    let ruv_exe = build_ruv(name, &src);
    let got = resolved(
        Command::new("ldd")
            .arg(&ruv_exe)
            .env_remove("LD_LIBRARY_PATH"),
    );
    assert!(got.starts_with(&lib), "ruv build loads {}", got.display());

    if let Some(libdir) = reference_lib_dir() {
        let sys_exe = build_reference(name, &src, libdir);
        let got = resolved(
            Command::new("ldd")
                .arg(&sys_exe)
                .env_remove("LD_LIBRARY_PATH"),
        );
        assert!(
            !got.starts_with(&lib),
            "reference build loads ours: {}",
            got.display()
        );
        let got = resolved(
            Command::new("ldd")
                .arg(&sys_exe)
                .env("LD_LIBRARY_PATH", &lib),
        );
        assert!(
            got.starts_with(&lib),
            "binary-compat run loads {}",
            got.display()
        );
    }
}

/// The time limit really kills a program that does not finish.
#[test]
fn timeout_kills_hung_programs() {
    let start = Instant::now();
    let mut cmd = Command::new("sleep");
    cmd.arg("30");
    let outcome = run_with_timeout(cmd, Duration::from_millis(300));
    assert!(outcome.timed_out && !outcome.ok());
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn diff_marks_removed_and_added_lines() {
    let d = diff("a\nb\nc\n", "a\nx\nc\n");
    assert_eq!(d, "  a\n- b\n+ x\n  c\n");
}
