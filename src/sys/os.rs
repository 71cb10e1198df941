//! What the operating system says about itself and about this process:
//! working directory, executable, host and user names, kernel identity,
//! scheduling priority, memory and CPU counts, wall-clock time, and the
//! thread name the process title is mirrored into.

use std::ffi::{CStr, CString};
use std::io;
use std::os::unix::ffi::OsStringExt;

/// The working directory, as getcwd(3) reports it.
pub fn cwd() -> io::Result<Vec<u8>> {
    Ok(std::env::current_dir()?.into_os_string().into_vec())
}

pub fn chdir(dir: &CStr) -> io::Result<()> {
    syscall!(chdir(dir.as_ptr()))?;
    Ok(())
}

/// The running executable's path, read from /proc/self/exe.
pub fn exe_path() -> io::Result<Vec<u8>> {
    Ok(std::fs::read_link("/proc/self/exe")?
        .into_os_string()
        .into_vec())
}

/// gethostname(2), without the terminator.
pub fn hostname() -> io::Result<Vec<u8>> {
    // HOST_NAME_MAX is 64 on Linux; one more for the terminator, which
    // glibc insists on having room for.
    let mut buf = [0u8; 65];
    syscall!(gethostname(buf.as_mut_ptr().cast(), buf.len()))?;
    let len = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(buf[..len].to_vec())
}

/// uname(2)'s fields that libuv reports.
pub struct Uname {
    pub sysname: Vec<u8>,
    pub release: Vec<u8>,
    pub version: Vec<u8>,
    pub machine: Vec<u8>,
}

pub fn uname() -> io::Result<Uname> {
    // SAFETY: an all-zero utsname is a valid value to fill in.
    let mut buf: libc::utsname = unsafe { std::mem::zeroed() };
    syscall!(uname(&mut buf))?;
    let field = |f: &[libc::c_char]| -> Vec<u8> {
        f.iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect()
    };
    Ok(Uname {
        sysname: field(&buf.sysname),
        release: field(&buf.release),
        version: field(&buf.version),
        machine: field(&buf.machine),
    })
}

/// A password-database entry, copied out of libc's buffer.
pub struct Passwd {
    pub name: CString,
    pub uid: u32,
    pub gid: u32,
    pub shell: CString,
    pub dir: CString,
}

/// The password entry of the effective user (getpwuid_r), or None when
/// the database has no entry for it.
pub fn passwd_of_effective_user() -> io::Result<Option<Passwd>> {
    // SAFETY: geteuid cannot fail.
    let uid = unsafe { libc::geteuid() };
    let mut size = 2000;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: an all-zero passwd is a valid value to fill in.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call; `buf` is `size` bytes.
        let r =
            unsafe { libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr().cast(), size, &mut found) };
        match r {
            libc::EINTR => continue,
            libc::ERANGE => {
                size *= 2;
                continue;
            }
            0 if found.is_null() => return Ok(None),
            0 => {}
            err => return Err(io::Error::from_raw_os_error(err)),
        }
        // SAFETY: on success the strings point into `buf`, still alive here.
        let copy = |s: *const libc::c_char| unsafe { CStr::from_ptr(s) }.to_owned();
        return Ok(Some(Passwd {
            name: copy(entry.pw_name),
            uid: entry.pw_uid,
            gid: entry.pw_gid,
            shell: copy(entry.pw_shell),
            dir: copy(entry.pw_dir),
        }));
    }
}

pub fn pid() -> i32 {
    // SAFETY: getpid cannot fail.
    unsafe { libc::getpid() }
}

pub fn parent_pid() -> i32 {
    // SAFETY: getppid cannot fail.
    unsafe { libc::getppid() }
}

/// The nice value of process `pid` (0: the caller).
pub fn priority(pid: i32) -> io::Result<i32> {
    // getpriority may return -1 as a value, so errno tells failure apart.
    // SAFETY: __errno_location always returns this thread's errno slot.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: plain call; an unknown pid is reported through errno.
    let value = unsafe { libc::getpriority(libc::PRIO_PROCESS, pid as libc::id_t) };
    if value == -1 {
        let err = io::Error::last_os_error();
        if err.raw_os_error() != Some(0) {
            return Err(err);
        }
    }
    Ok(value)
}

pub fn set_priority(pid: i32, value: i32) -> io::Result<()> {
    syscall!(setpriority(libc::PRIO_PROCESS, pid as libc::id_t, value))?;
    Ok(())
}

/// sysinfo(2)'s memory figures in bytes and its load averages.
pub struct SysInfo {
    pub free_ram: u64,
    pub total_ram: u64,
    pub loads: [f64; 3],
}

pub fn sysinfo() -> io::Result<SysInfo> {
    // SAFETY: an all-zero sysinfo is a valid value to fill in.
    let mut info: libc::sysinfo = unsafe { std::mem::zeroed() };
    syscall!(sysinfo(&mut info))?;
    let unit = u64::from(info.mem_unit);
    // The kernel gives load averages in fixed point, 16 fraction bits.
    let load = |l: libc::c_ulong| l as f64 / 65536.0;
    Ok(SysInfo {
        free_ram: info.freeram as u64 * unit,
        total_ram: info.totalram as u64 * unit,
        loads: [
            load(info.loads[0]),
            load(info.loads[1]),
            load(info.loads[2]),
        ],
    })
}

/// Seconds since boot from CLOCK_BOOTTIME (which counts suspended time),
/// or CLOCK_MONOTONIC on kernels without it.
pub fn boot_seconds() -> io::Result<i64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    if syscall!(clock_gettime(libc::CLOCK_BOOTTIME, &mut ts)).is_err() {
        syscall!(clock_gettime(libc::CLOCK_MONOTONIC, &mut ts))?;
    }
    Ok(ts.tv_sec)
}

/// gettimeofday(2): seconds and microseconds since the epoch.
pub fn time_of_day() -> io::Result<(i64, i32)> {
    let mut tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    syscall!(gettimeofday(&mut tv, std::ptr::null_mut()))?;
    Ok((tv.tv_sec, tv.tv_usec as i32))
}

pub fn page_size() -> u64 {
    // SAFETY: sysconf has no memory arguments.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size > 0 {
        size as u64
    } else {
        4096
    }
}

/// Clock ticks per second, the unit of /proc/stat's CPU times.
pub fn clock_ticks() -> u64 {
    // SAFETY: sysconf has no memory arguments.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as u64
    } else {
        100
    }
}

/// Online processors (sysconf), at least 1.
pub fn online_cpus() -> u32 {
    // SAFETY: sysconf has no memory arguments.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    n.max(1) as u32
}

/// How many processors this thread may run on (its affinity mask), or None
/// when the kernel will not say.
pub fn affinity_cpus() -> Option<u32> {
    // SAFETY: an all-zero cpu_set_t is an empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    syscall!(sched_getaffinity(
        0,
        std::mem::size_of::<libc::cpu_set_t>(),
        &mut set
    ))
    .ok()?;
    // SAFETY: `set` was filled in by the kernel.
    Some(unsafe { libc::CPU_COUNT(&set) } as u32)
}

/// Names the calling thread (prctl PR_SET_NAME; the kernel keeps the first
/// 15 bytes). On the main thread this is the name `ps` and `top` show.
pub fn set_thread_name(name: &CStr) {
    // SAFETY: `name` is NUL-terminated; the kernel copies at most 16 bytes.
    unsafe { libc::prctl(libc::PR_SET_NAME, name.as_ptr()) };
}

/// The whole of a small text file such as those under /proc and /sys.
pub fn read_text(path: &str) -> io::Result<String> {
    std::fs::read_to_string(path)
}
