//! Real libuv clients on ruv: Lua's luv (Debian's lua-luv) and Node.js 18
//! (Debian's, unpacked under /opt/ruv-node18 by .ci/run, beside whatever
//! other node the machine has), both linked against libuv.so.1. Each script
//! runs with `LD_LIBRARY_PATH` giving the dynamic linker ruv's libuv.so.1
//! first, and must exit with status 0 and print what the same script prints
//! on the system libuv. A client that is not installed is skipped, saying
//! so.

mod c_harness;

use c_harness::{assert_loaded_ruv, root, run_with_timeout, ruv_lib_dir, Outcome};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

struct Client {
    /// The interpreter.
    program: PathBuf,
    /// Directories the client's own libraries live in (before the system's).
    lib_dirs: Vec<PathBuf>,
}

impl Client {
    fn luv() -> Client {
        Client {
            program: PathBuf::from("/usr/bin/lua5.1"),
            lib_dirs: Vec::new(),
        }
    }

    fn node18() -> Client {
        let prefix = std::env::var_os("RUV_NODE18_PREFIX")
            .map_or_else(|| PathBuf::from("/opt/ruv-node18"), PathBuf::from);
        Client {
            program: prefix.join("usr/bin/node"),
            lib_dirs: vec![prefix.join("usr/lib/x86_64-linux-gnu")],
        }
    }

    fn command(&self, script: &Path, ruv: bool) -> Command {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if ruv {
            dirs.push(ruv_lib_dir().to_path_buf());
        }
        dirs.extend(self.lib_dirs.iter().cloned());
        let mut cmd = Command::new(&self.program);
        cmd.arg(script)
            .env_remove("LUA_CPATH")
            .env_remove("NODE_OPTIONS");
        match std::env::join_paths(dirs) {
            Ok(paths) if !paths.is_empty() => cmd.env("LD_LIBRARY_PATH", paths),
            _ => cmd.env_remove("LD_LIBRARY_PATH"),
        };
        cmd
    }

    fn run(&self, script: &Path, ruv: bool) -> Outcome {
        run_with_timeout(self.command(script, ruv), LIMIT)
    }

    /// Whether the client runs the script on the system libuv; says why
    /// not (and the test is skipped) when it is not installed.
    fn available(&self, test: &str, probe: &Path) -> Option<Outcome> {
        let why = if !self.program.exists() {
            format!("{} is not installed", self.program.display())
        } else {
            let reference = self.run(probe, false);
            if reference.ok() {
                return Some(reference);
            }
            format!(
                "it does not run on the system libuv ({}): {}",
                reference.describe(),
                reference.stderr.trim()
            )
        };
        // Straight to stderr: the harness captures eprintln! of passing tests.
        let _ = writeln!(std::io::stderr(), "{test}: SKIPPED: {why}");
        None
    }
}

/// Runs `script` on the system libuv and on ruv; both must succeed and
/// print the same lines.
fn same_on_both(test: &str, client: &Client, script: &str) {
    let script = root().join("tests").join(script);
    let Some(reference) = client.available(test, &script) else {
        return;
    };
    let ours = client.run(&script, true);
    assert!(
        ours.ok(),
        "{} on ruv exited with {}\n--- stdout:\n{}--- stderr:\n{}",
        script.display(),
        ours.describe(),
        ours.stdout,
        ours.stderr
    );
    assert_eq!(
        reference.stdout,
        ours.stdout,
        "{}: output on the system libuv (left) and on ruv (right) differ",
        script.display()
    );
}

/// The client really loads ruv's library, not the system's.
fn loads_ruv(test: &str, client: &Client, probe: &str) {
    let probe = root().join("tests").join(probe);
    if client.available(test, &probe).is_none() {
        return;
    }
    assert_loaded_ruv(test, &client.run(&probe, true));
}

#[test]
fn luv_loads_ruv() {
    loads_ruv("luv_loads_ruv", &Client::luv(), "lua/which_libuv.lua");
}

#[test]
fn luv_basics() {
    same_on_both("luv_basics", &Client::luv(), "lua/luv_basics.lua");
}

#[test]
fn node18_loads_ruv() {
    loads_ruv("node18_loads_ruv", &Client::node18(), "node/which_libuv.js");
}

#[test]
fn node18_basics() {
    same_on_both("node18_basics", &Client::node18(), "node/node_basics.js");
}

#[test]
fn luv_handles() {
    same_on_both("luv_handles", &Client::luv(), "lua/luv_handles.lua");
}

#[test]
fn node18_servers() {
    same_on_both("node18_servers", &Client::node18(), "node/node_servers.js");
}
