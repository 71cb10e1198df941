//! Python's uvloop (Debian's python3-uvloop, linked against libuv.so.1) on
//! ruv: each script in tests/python/ runs with `LD_LIBRARY_PATH` pointing at
//! target/<profile>, so the dynamic linker gives uvloop ruv's libuv.so.1,
//! and must exit with status 0 and print what the same script prints on
//! the system libuv. Skipped, saying so, when /usr/bin/python3 or uvloop is
//! not installed.

mod c_harness;

use c_harness::{assert_loaded_ruv, root, run_with_timeout, ruv_lib_dir, Outcome};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const PYTHON: &str = "/usr/bin/python3";
const LIMIT: Duration = Duration::from_secs(60);

/// Whether uvloop can be imported (on the system libuv); says why not.
fn uvloop_available(test: &str) -> bool {
    let why = if !Path::new(PYTHON).exists() {
        Some(format!("{PYTHON} is not installed"))
    } else {
        let mut cmd = Command::new(PYTHON);
        cmd.args(["-c", "import uvloop"])
            .env_remove("LD_LIBRARY_PATH");
        let probe = run_with_timeout(cmd, LIMIT);
        (!probe.ok()).then(|| format!("uvloop is not importable: {}", probe.stderr.trim()))
    };
    match why {
        None => true,
        Some(why) => {
            // Straight to stderr: the harness captures eprintln! of passing tests.
            let _ = writeln!(std::io::stderr(), "{test}: SKIPPED: {why}");
            false
        }
    }
}

fn python(script: &str, ruv: bool) -> Outcome {
    let mut cmd = Command::new(PYTHON);
    cmd.arg(root().join("tests/python").join(script))
        .env_remove("PYTHONPATH")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    if ruv {
        cmd.env("LD_LIBRARY_PATH", ruv_lib_dir());
    } else {
        cmd.env_remove("LD_LIBRARY_PATH");
    }
    run_with_timeout(cmd, LIMIT)
}

/// Runs `script` on ruv and on the system libuv; both must succeed and
/// print the same lines.
fn run_script(test: &str, script: &str) {
    if !uvloop_available(test) {
        return;
    }
    let ours = python(script, true);
    assert!(
        ours.ok(),
        "{script} on ruv exited with {}\n--- stdout:\n{}--- stderr:\n{}",
        ours.describe(),
        ours.stdout,
        ours.stderr
    );
    assert!(
        ours.stdout.contains("loop: uvloop"),
        "{script} did not run on uvloop:\n{}",
        ours.stdout
    );
    let reference = python(script, false);
    assert!(
        reference.ok(),
        "{script} on the system libuv exited with {} (the script is wrong)\n--- stderr:\n{}",
        reference.describe(),
        reference.stderr
    );
    assert_eq!(
        reference.stdout, ours.stdout,
        "{script}: output on the system libuv (left) and on ruv (right) differ"
    );
}

#[test]
fn uvloop_loads_ruv() {
    if !uvloop_available("uvloop_loads_ruv") {
        return;
    }
    let mut cmd = Command::new(PYTHON);
    cmd.args([
        "-c",
        "import uvloop\n\
         for line in open('/proc/self/maps'):\n\
         \x20   if 'libuv.so' in line:\n\
         \x20       print(line.split()[-1]); break",
    ])
    .env("LD_LIBRARY_PATH", ruv_lib_dir());
    assert_loaded_ruv("uvloop", &run_with_timeout(cmd, LIMIT));
}

#[test]
fn uvloop_tcp_echo() {
    run_script("uvloop_tcp_echo", "uvloop_echo.py");
}

#[test]
fn uvloop_subprocesses() {
    run_script("uvloop_subprocesses", "uvloop_subprocess.py");
}

#[test]
fn uvloop_basics() {
    run_script("uvloop_basics", "uvloop_basics.py");
}
