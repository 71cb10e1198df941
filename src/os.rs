//! What the system and this process look like: host name, home and
//! temporary directories, processors, memory, uptime, load, and random
//! bytes. Each answer follows libuv 1.44's rules on Linux (which files it
//! reads, in which order it falls back), so the C exports and the Rust API
//! give the same answers.
//!
//! ```
//! let tmp = ruv::os::tmpdir();
//! assert!(!tmp.is_empty());
//! let mut key = [0u8; 16];
//! ruv::os::random(&mut key).unwrap();
//! assert!(ruv::os::available_parallelism() >= 1);
//! ```

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::error::{code, Error, Result};
use crate::sys;

fn io_err(err: std::io::Error) -> Error {
    Error::from_io(&err)
}

/// An environment variable by its NUL-terminated name.
fn var(name_nul: &[u8]) -> Option<Vec<u8>> {
    sys::env::get(std::ffi::CStr::from_bytes_with_nul(name_nul).ok()?)
}

/// gethostname(2).
pub fn hostname() -> Result<OsString> {
    sys::os::hostname().map(OsString::from_vec).map_err(io_err)
}

/// The home directory: `HOME` when it is set (even to ""), else the
/// password database's entry for the effective user; `ENOENT` if neither.
pub fn homedir() -> Result<OsString> {
    if let Some(home) = var(b"HOME\0") {
        return Ok(OsString::from_vec(home));
    }
    match sys::os::passwd_of_effective_user().map_err(io_err)? {
        Some(entry) => Ok(OsString::from_vec(entry.dir.into_bytes())),
        None => Err(Error::from_code(code::ENOENT)),
    }
}

/// The temporary directory exactly as configured: the first of `TMPDIR`,
/// `TMP`, `TEMP` and `TEMPDIR` that is set (even to ""), else "/tmp".
pub fn tmpdir_setting() -> Vec<u8> {
    [&b"TMPDIR\0"[..], b"TMP\0", b"TEMP\0", b"TEMPDIR\0"]
        .iter()
        .find_map(|name| var(name))
        .unwrap_or_else(|| b"/tmp".to_vec())
}

/// The temporary directory ([`tmpdir_setting`]) without a trailing slash
/// ("/" stays "/").
pub fn tmpdir() -> OsString {
    let mut dir = tmpdir_setting();
    if dir.len() > 1 && dir.ends_with(b"/") {
        dir.pop();
    }
    OsString::from_vec(dir)
}

/// Time a processor spent in each mode since boot, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuTimes {
    pub user: u64,
    pub nice: u64,
    pub sys: u64,
    pub idle: u64,
    pub irq: u64,
}

/// One online processor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpuInfo {
    /// /proc/cpuinfo's "model name"; "unknown" where it has none.
    pub model: String,
    /// Clock speed in MHz, 0 when the system does not say.
    pub speed: u32,
    pub times: CpuTimes,
}

/// Every online processor, in /proc/stat's order.
pub fn cpu_info() -> Result<Vec<CpuInfo>> {
    let stat = sys::os::read_text("/proc/stat").map_err(io_err)?;
    let ms_per_tick = 1000 / sys::os::clock_ticks();
    let times = parse_cpu_times(&stat, ms_per_tick);
    let cpuinfo = sys::os::read_text("/proc/cpuinfo").map_err(io_err)?;
    let (mut models, speeds) = parse_models(&cpuinfo, times.len());
    let fill = models.last().cloned().unwrap_or_else(|| "unknown".into());
    models.resize(times.len(), fill);
    let mut cpus: Vec<CpuInfo> = times
        .into_iter()
        .zip(models)
        .enumerate()
        .map(|(i, (times, model))| CpuInfo {
            model,
            speed: speeds.get(i).copied().unwrap_or(0),
            times,
        })
        .collect();
    // Without a speed in /proc/cpuinfo, cpufreq may know (in kHz).
    if cpus.first().is_some_and(|c| c.speed == 0) {
        for (i, cpu) in cpus.iter_mut().enumerate() {
            let path = format!("/sys/devices/system/cpu/cpu{i}/cpufreq/scaling_cur_freq");
            let khz = sys::os::read_text(&path)
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .unwrap_or(0);
            cpu.speed = (khz / 1000) as u32;
        }
    }
    Ok(cpus)
}

/// The `cpuN` lines that follow /proc/stat's total line, in order:
/// user, nice, system, idle, (iowait,) irq, scaled to milliseconds.
fn parse_cpu_times(stat: &str, ms_per_tick: u64) -> Vec<CpuTimes> {
    stat.lines()
        .skip(1)
        .take_while(|line| line.starts_with("cpu"))
        .map(|line| {
            let mut f = line
                .split_ascii_whitespace()
                .skip(1)
                .map(|v| v.parse::<u64>().unwrap_or(0) * ms_per_tick);
            let mut next = || f.next().unwrap_or(0);
            let (user, nice, sys, idle) = (next(), next(), next(), next());
            let _iowait = next();
            CpuTimes {
                user,
                nice,
                sys,
                idle,
                irq: next(),
            }
        })
        .collect()
}

/// /proc/cpuinfo's "model name" and "cpu MHz" values, at most `count` each.
fn parse_models(cpuinfo: &str, count: usize) -> (Vec<String>, Vec<u32>) {
    let mut models = Vec::new();
    let mut speeds = Vec::new();
    for line in cpuinfo.lines() {
        if let Some(model) = line.strip_prefix("model name\t: ") {
            if models.len() < count {
                models.push(model.to_string());
            }
        } else if let Some(mhz) = line.strip_prefix("cpu MHz\t\t: ") {
            if speeds.len() < count {
                speeds.push(leading_int(mhz) as u32);
            }
        }
    }
    (models, speeds)
}

/// The decimal digits at the start of `s` as a number (0 if none), as
/// atoi and sscanf("%lu") read them.
fn leading_int(s: &str) -> u64 {
    let s = s.trim_start();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    s[..digits].parse().unwrap_or(0)
}

/// How many threads can usefully run at once: the processors this thread
/// may run on, else the online ones; at least 1.
pub fn available_parallelism() -> u32 {
    sys::os::affinity_cpus()
        .filter(|&n| n > 0)
        .unwrap_or_else(sys::os::online_cpus)
}

/// Seconds since boot, from /proc/uptime (with its hundredths), else
/// whole seconds from the boot clock.
pub fn uptime() -> Result<f64> {
    let from_proc = sys::os::read_text("/proc/uptime")
        .ok()
        .and_then(|s| s.split_ascii_whitespace().next()?.parse::<f64>().ok());
    match from_proc {
        Some(up) => Ok(up),
        None => sys::os::boot_seconds().map(|s| s as f64).map_err(io_err),
    }
}

/// The 1, 5 and 15 minute load averages (/proc/loadavg, else sysinfo);
/// `None` when neither answers.
pub fn loadavg() -> Option<[f64; 3]> {
    let from_proc = sys::os::read_text("/proc/loadavg").ok().and_then(|s| {
        let mut f = s.split_ascii_whitespace().map(|v| v.parse::<f64>().ok());
        Some([f.next()??, f.next()??, f.next()??])
    });
    from_proc.or_else(|| sys::os::sysinfo().ok().map(|i| i.loads))
}

/// A /proc/meminfo value ("MemTotal:"), in bytes; 0 when absent.
fn meminfo(field: &str) -> u64 {
    let Ok(text) = sys::os::read_text("/proc/meminfo") else {
        return 0;
    };
    text.lines()
        .find_map(|line| line.strip_prefix(field))
        .map_or(0, |rest| leading_int(rest) * 1024)
}

/// Memory available for new work, in bytes (MemAvailable, else sysinfo's
/// free memory); 0 when unknown.
pub fn free_memory() -> u64 {
    match meminfo("MemAvailable:") {
        0 => sys::os::sysinfo().map_or(0, |i| i.free_ram),
        n => n,
    }
}

/// Physical memory, in bytes; 0 when unknown.
pub fn total_memory() -> u64 {
    match meminfo("MemTotal:") {
        0 => sys::os::sysinfo().map_or(0, |i| i.total_ram),
        n => n,
    }
}

/// The memory limit of the process's cgroup, in bytes; 0 when there is
/// none to read. Like libuv 1.44 this reads the cgroup v1 memory
/// controller's `memory.limit_in_bytes` (a v2-only system gives 0).
pub fn constrained_memory() -> u64 {
    sys::os::read_text("/sys/fs/cgroup/memory/memory.limit_in_bytes").map_or(0, |s| leading_int(&s))
}

/// The process's resident set size in bytes (/proc/self/stat's rss).
pub fn resident_set_memory() -> Result<u64> {
    let stat = sys::os::read_text("/proc/self/stat").map_err(io_err)?;
    let pages = parse_rss_pages(&stat).ok_or(Error::from_code(code::EINVAL))?;
    Ok(pages * sys::os::page_size())
}

/// Field 24 of /proc/self/stat, counted after the command name in
/// parentheses (which may itself hold spaces).
fn parse_rss_pages(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let field = after_name.split(' ').nth(22)?;
    field
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|v| u64::try_from(v).ok())
}

/// Fills `buf` with cryptographically strong random bytes; may block
/// early in boot until the kernel has gathered enough entropy.
pub fn random(buf: &mut [u8]) -> Result<()> {
    sys::random::fill(buf).map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_times_are_scaled_per_cpu_line() {
        let stat = "cpu  9 9 9 9 9 9 9\ncpu0 1 2 3 4 5 6 7 8\ncpu1 10 20 30 40 50 60\nintr 1\n";
        let t = parse_cpu_times(stat, 10);
        assert_eq!(t.len(), 2);
        assert_eq!(
            t[0],
            CpuTimes {
                user: 10,
                nice: 20,
                sys: 30,
                idle: 40,
                irq: 60
            }
        );
        assert_eq!(t[1].irq, 600);
    }

    #[test]
    fn models_and_speeds() {
        let info = "processor\t: 0\nmodel name\t: A B\ncpu MHz\t\t: 2000.123\n\
                    processor\t: 1\nmodel name\t: A B\ncpu MHz\t\t: 1500\n";
        let (m, s) = parse_models(info, 1);
        assert_eq!(m, vec!["A B".to_string()]);
        assert_eq!(s, vec![2000]);
    }

    #[test]
    fn rss_field_after_a_name_with_spaces() {
        let mut stat = String::from("42 (a b) c) S");
        for n in 4..=23 {
            stat.push_str(&format!(" {n}"));
        }
        stat.push_str(" 777 25 26\n");
        assert_eq!(parse_rss_pages(&stat), Some(777));
        assert_eq!(parse_rss_pages("42 no name"), None);
    }

    #[test]
    fn system_answers() {
        assert!(!cpu_info().unwrap().is_empty());
        assert!(uptime().unwrap() > 0.0);
        assert!(total_memory() >= free_memory());
        assert!(resident_set_memory().unwrap() > 0);
        assert!(loadavg().is_some());
        let mut a = [0u8; 64];
        random(&mut a).unwrap();
        assert_ne!(a, [0u8; 64]);
    }
}
