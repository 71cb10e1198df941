//! What the C test harnesses share: where the repository and the build
//! profile are, building ruv-ffi once per test process, compiling a C
//! program against ruv (`include/uv.h` + `target/<profile>/libuv.so`), and
//! running a program with a time limit while capturing what it printed and
//! how it ended.
//!
//! Used by tests/c_differential.rs and tests/c_misuse.rs (`mod c_harness;`);
//! not every harness uses every item.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// The time limit of one program run.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// The time limit of one run under valgrind.
pub const VALGRIND_TIMEOUT: Duration = Duration::from_secs(180);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

/// target/<profile>/: the test binary lives in target/<profile>/deps/, which
/// also honours CARGO_TARGET_DIR; falls back to <root>/target/<profile>.
pub fn profile_dir() -> PathBuf {
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent().and_then(|deps| deps.parent()) {
            if dir.file_name().is_some_and(|n| n == profile()) {
                return dir.to_path_buf();
            }
        }
    }
    root().join("target").join(profile())
}

/// Builds ruv-ffi once per test process (cargo's lock is free while the
/// tests run) and returns target/<profile>/.
pub fn ruv_lib_dir() -> &'static Path {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let result = DIR.get_or_init(|| {
        let dir = profile_dir();
        let mut cmd = Command::new(env!("CARGO"));
        cmd.current_dir(root()).args(["build", "-p", "ruv-ffi"]);
        if profile() == "release" {
            cmd.arg("--release");
        }
        if let Some(target) = dir.parent() {
            cmd.arg("--target-dir").arg(target);
        }
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", env!("CARGO")))?;
        if !out.status.success() {
            return Err(format!(
                "cargo build -p ruv-ffi failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if !dir.join("libuv.so").exists() {
            return Err(format!("{} was not built", dir.join("libuv.so").display()));
        }
        Ok(dir)
    });
    match result {
        Ok(dir) => dir,
        Err(e) => panic!("{e}"),
    }
}

/// target/<profile>/<sub>/, created on first use: where a harness puts the
/// programs it builds.
pub fn out_dir(sub: &str) -> PathBuf {
    let dir = profile_dir().join(sub);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create target/<profile>/{sub}: {e}"));
    dir
}

/// Compiler flags shared by every build.
pub fn base_cc() -> Command {
    let mut cc = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()));
    cc.args(["-std=gnu11", "-Wall", "-D_GNU_SOURCE", "-g"]);
    // Nothing from the environment may redirect headers or libraries.
    for var in ["CPATH", "C_INCLUDE_PATH", "LIBRARY_PATH", "LD_LIBRARY_PATH"] {
        cc.env_remove(var);
    }
    cc
}

pub fn compile(mut cc: Command, what: &str) {
    let out = cc.output().unwrap_or_else(|e| panic!("cannot run cc: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        panic!(
            "compiling {what} failed ({}):\n{cc:?}\n{stderr}",
            out.status
        );
    }
    if !stderr.trim().is_empty() {
        eprintln!("warnings compiling {what}:\n{stderr}");
    }
}

/// Builds the program `src` against ruv into `dir`: our header first, our
/// library by rpath.
pub fn build_ruv(name: &str, src: &Path, dir: &Path) -> PathBuf {
    let lib = ruv_lib_dir();
    let exe = dir.join(format!("{}.ruv", exe_stem(name)));
    let mut cc = base_cc();
    cc.arg("-I")
        .arg(root().join("include"))
        .arg("-o")
        .arg(&exe)
        .arg(src)
        .arg("-L")
        .arg(lib)
        .arg("-luv")
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .args(["-lpthread", "-lm"]);
    compile(cc, &format!("{name} against ruv"));
    exe
}

/// Output file stem: the program name, made unique per test thread so one
/// test never overwrites a binary another test is running.
pub fn exe_stem(name: &str) -> String {
    match thread::current().name() {
        Some(t) if t != name && t != "main" => {
            let tag: String = t
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            format!("{name}.{tag}")
        }
        _ => name.to_string(),
    }
}

/// How a program run ended and what it printed.
pub struct Outcome {
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        !self.timed_out && self.status.is_some_and(|s| s.success())
    }

    pub fn describe(&self) -> String {
        if self.timed_out {
            "timed out (killed)".to_string()
        } else {
            match self.status {
                Some(s) => s.to_string(),
                None => "no status".to_string(),
            }
        }
    }
}

/// Requires that `out`, a probe that printed the path of the libuv.so its
/// process mapped, ran and found ruv's library rather than the system's
/// (the real-client tests: uvloop, luv, node).
pub fn assert_loaded_ruv(who: &str, out: &Outcome) {
    assert!(
        out.ok(),
        "{who}: the probe exited with {}: {}",
        out.describe(),
        out.stderr
    );
    let loaded = Path::new(out.stdout.trim());
    let ours = ruv_lib_dir().canonicalize().unwrap();
    assert_eq!(
        loaded.parent().and_then(|d| d.canonicalize().ok()),
        Some(ours),
        "{who} loaded {} instead of ruv's libuv",
        loaded.display()
    );
}

/// Runs `cmd` with a time limit: the child is polled and killed on expiry;
/// stdout and stderr are drained by threads so a full pipe cannot block it.
pub fn run_with_timeout(mut cmd: Command, limit: Duration) -> Outcome {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Cargo puts target/<profile> on the search path of test processes;
    // only the binary-compatibility run may point the linker anywhere.
    cmd.env_remove("LD_PRELOAD");
    // Default pool size (4): the cancellation tests depend on it.
    cmd.env_remove("UV_THREADPOOL_SIZE");
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().ok();
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    Outcome {
        status,
        stdout,
        stderr,
        timed_out,
    }
}

/// `RUV_VALGRIND=1`: programs built against ruv run under valgrind.
pub fn valgrind() -> bool {
    std::env::var("RUV_VALGRIND").is_ok_and(|v| v == "1")
}

/// How to run a program built against ruv: plainly, or under valgrind with
/// `RUV_VALGRIND=1` (exit status 99 on any error or definite leak); with
/// the time limit that goes with it and a label for messages.
pub fn ruv_command(exe: &Path) -> (Command, Duration, &'static str) {
    if valgrind() {
        let mut cmd = Command::new("valgrind");
        cmd.args([
            "--error-exitcode=99",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--show-leak-kinds=definite",
            "-q",
        ])
        .arg(exe)
        .env_remove("LD_LIBRARY_PATH");
        (cmd, VALGRIND_TIMEOUT, "ruv (under valgrind)")
    } else {
        (plain(exe), TIMEOUT, "ruv")
    }
}

/// A command for `exe` with no `LD_LIBRARY_PATH`: the library it loads is
/// the one it was linked to find.
pub fn plain(exe: &Path) -> Command {
    let mut cmd = Command::new(exe);
    cmd.env_remove("LD_LIBRARY_PATH");
    cmd
}

/// The names (stems) of the `*.c` files in `dir`: for the checks that every
/// program on disk is one a harness runs.
pub fn c_programs_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect()
}
