//! `ruv::os`: answers checked against what std and the system say.
//!
//! The environment is process-wide, so every test that changes it lives in
//! the one test function below that does; the others only read it.

use std::ffi::OsString;

#[test]
fn home_and_temporary_directories_follow_the_environment() {
    let saved: Vec<(&str, Option<OsString>)> = ["HOME", "TMPDIR", "TMP", "TEMP", "TEMPDIR"]
        .into_iter()
        .map(|name| (name, std::env::var_os(name)))
        .collect();
    for (name, _) in &saved {
        std::env::remove_var(name);
    }

    assert_eq!(ruv::os::tmpdir(), "/tmp");
    std::env::set_var("TEMPDIR", "/last/");
    assert_eq!(ruv::os::tmpdir(), "/last");
    assert_eq!(ruv::os::tmpdir_setting(), b"/last/");
    std::env::set_var("TMPDIR", "/");
    assert_eq!(ruv::os::tmpdir(), "/");
    std::env::set_var("TMPDIR", "");
    assert_eq!(ruv::os::tmpdir(), "");

    std::env::set_var("HOME", "/somewhere");
    assert_eq!(ruv::os::homedir().unwrap(), "/somewhere");
    std::env::remove_var("HOME");
    // From the password database now: an absolute path for any real user.
    let home = ruv::os::homedir().unwrap();
    assert!(home.to_string_lossy().starts_with('/'), "{home:?}");

    for (name, value) in saved {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn processors_and_parallelism() {
    let cpus = ruv::os::cpu_info().unwrap();
    let std_parallelism = std::thread::available_parallelism().unwrap().get();
    assert!(!cpus.is_empty());
    assert!(cpus.iter().all(|c| !c.model.is_empty()));
    // std also counts the affinity mask (and cgroup quotas, which can only
    // lower it); the mask holds online processors only.
    let ours = ruv::os::available_parallelism() as usize;
    assert!(ours >= std_parallelism && ours <= cpus.len(), "{ours}");
}

#[test]
fn memory_uptime_load_and_random() {
    let total = ruv::os::total_memory();
    assert!(total > 0 && ruv::os::free_memory() <= total);
    assert!(ruv::os::resident_set_memory().unwrap() < total);
    let first = ruv::os::uptime().unwrap();
    assert!(first > 0.0);
    assert!(ruv::os::uptime().unwrap() >= first);
    let load = ruv::os::loadavg().unwrap();
    assert!(load.iter().all(|&l| l >= 0.0));
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    ruv::os::random(&mut a).unwrap();
    ruv::os::random(&mut b).unwrap();
    assert_ne!(a, b);
    ruv::os::random(&mut []).unwrap();
    ruv::os::hostname().unwrap();
}
