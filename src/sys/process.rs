//! Child processes: fork and exec, a descriptor to learn when a child exits,
//! its status, signals, and the process-wide calls around them (resource
//! usage, inheritable stdio, fork handlers).
//!
//! Between `fork` and `exec` the child may only make async-signal-safe
//! calls: another thread of the parent may have held the allocator's lock
//! at the moment of the fork. So [`spawn`] prepares everything first (the
//! argument and environment arrays, every path the PATH search will try,
//! the shell fallback's arguments) and the child only walks through it.
//!
//! The fork is libc's `fork()`, not a raw `clone`, so the handlers
//! registered with `pthread_atfork` run as they do under libuv: uvloop
//! relies on that to prepare the Python interpreter in the child.

use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;

use libc::c_char;

/// The search path glibc's execvp uses when PATH is not set.
const DEFAULT_PATH: &[u8] = b"/bin:/usr/bin";
/// The exit code of a child that could not exec, as libuv's.
const EXEC_FAILED: libc::c_int = 127;
/// Longest file name execvp looks up in PATH (glibc's NAME_MAX rule).
const NAME_MAX: usize = 255;

/// How a child ended: its exit code (0 when a signal ended it) and the
/// signal that ended it (0 when it exited).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitStatus {
    pub code: i64,
    pub signal: i32,
}

/// What to run and how: libuv's `uv_process_options_t`, borrowed.
pub struct Command<'a> {
    file: &'a CStr,
    args: Vec<&'a CStr>,
    /// None: the child inherits the parent's environment.
    env: Option<Vec<&'a CStr>>,
    cwd: Option<&'a CStr>,
    /// For each child descriptor 0, 1, 2, ...: the parent descriptor it
    /// becomes, or -1 for none (/dev/null for 0-2, closed above).
    stdio: Vec<RawFd>,
    detached: bool,
    uid: Option<u32>,
    gid: Option<u32>,
}

impl<'a> Command<'a> {
    /// Runs `file`, looked up in PATH unless it contains a slash.
    pub fn new(file: &'a CStr) -> Command<'a> {
        Command {
            file,
            args: Vec::new(),
            env: None,
            cwd: None,
            stdio: Vec::new(),
            detached: false,
            uid: None,
            gid: None,
        }
    }

    /// Appends to argv (which starts empty: `argv[0]` is the caller's).
    pub fn arg(&mut self, arg: &'a CStr) -> &mut Self {
        self.args.push(arg);
        self
    }

    /// Gives the child exactly these `NAME=value` entries (also where its
    /// PATH search looks, as with execvp after setting `environ`).
    pub fn env(&mut self, entries: Vec<&'a CStr>) -> &mut Self {
        self.env = Some(entries);
        self
    }

    pub fn cwd(&mut self, dir: &'a CStr) -> &mut Self {
        self.cwd = Some(dir);
        self
    }

    /// Child descriptor `n` becomes parent descriptor `fds[n]` (-1: none).
    /// Descriptors 0-2 always exist in the child: /dev/null stands in.
    pub fn stdio(&mut self, fds: Vec<RawFd>) -> &mut Self {
        self.stdio = fds;
        self
    }

    /// Starts a new session (setsid), as UV_PROCESS_DETACHED asks.
    pub fn detached(&mut self, on: bool) -> &mut Self {
        self.detached = on;
        self
    }

    pub fn uid(&mut self, uid: u32) -> &mut Self {
        self.uid = Some(uid);
        self
    }

    pub fn gid(&mut self, gid: u32) -> &mut Self {
        self.gid = Some(gid);
        self
    }
}

/// What [`spawn`] started.
#[derive(Debug)]
pub enum Spawned {
    /// The child runs the program; `exit_fd` (see [`exit_watch`]) turns
    /// readable when it exits.
    Running { pid: i32, exit_fd: OwnedFd },
    /// The child failed before or at exec (with `error`); it has exited
    /// and been reaped.
    Failed { pid: i32, error: io::Error },
}

/// Everything the child uses, built before the fork.
struct Plan {
    argv: Vec<*const c_char>,
    /// NULL-terminated; None: the parent's `environ` at exec time.
    envp: Option<Vec<*const c_char>>,
    cwd: Option<*const c_char>,
    stdio: Vec<RawFd>,
    detached: bool,
    uid: Option<u32>,
    gid: Option<u32>,
    /// The paths exec tries, in order (execvp's PATH search).
    candidates: Vec<CString>,
    /// Whether `candidates` came from PATH (rather than a name with a slash).
    searching: bool,
    /// The error to report when there is nothing to try (ENOENT for an
    /// empty name, ENAMETOOLONG for a long one).
    search_error: i32,
    /// `/bin/sh <path> args[1..]`, for a file the kernel will not run
    /// (ENOEXEC) — execvp's fallback; slot 1 is filled in the child.
    shell_argv: Vec<*const c_char>,
}

/// The value of `PATH=` among `NAME=value` entries.
fn path_in(entries: &[&CStr]) -> Option<Vec<u8>> {
    entries
        .iter()
        .find_map(|e| e.to_bytes().strip_prefix(b"PATH=").map(<[u8]>::to_vec))
}

impl Plan {
    fn new(cmd: &Command<'_>) -> Plan {
        let mut argv: Vec<*const c_char> = cmd.args.iter().map(|a| a.as_ptr()).collect();
        argv.push(std::ptr::null());
        let envp = cmd.env.as_ref().map(|entries| {
            let mut envp: Vec<*const c_char> = entries.iter().map(|e| e.as_ptr()).collect();
            envp.push(std::ptr::null());
            envp
        });
        let mut stdio = cmd.stdio.clone();
        if stdio.len() < 3 {
            stdio.resize(3, -1);
        }
        let mut shell_argv = vec![c"/bin/sh".as_ptr(), std::ptr::null()];
        shell_argv.extend(argv.iter().skip(1).copied());
        if shell_argv.len() == 2 {
            shell_argv.push(std::ptr::null());
        }
        let (candidates, search_error) = Plan::search(cmd);
        let searching = !cmd.file.to_bytes().contains(&b'/');
        Plan {
            argv,
            envp,
            cwd: cmd.cwd.map(CStr::as_ptr),
            stdio,
            detached: cmd.detached,
            uid: cmd.uid,
            gid: cmd.gid,
            candidates,
            searching,
            search_error,
            shell_argv,
        }
    }

    /// execvp's search, done ahead: a name with a slash is used as it is;
    /// otherwise each PATH entry in turn (an empty one is the current
    /// directory), PATH being the child's.
    fn search(cmd: &Command<'_>) -> (Vec<CString>, i32) {
        let file = cmd.file.to_bytes();
        if file.is_empty() {
            return (Vec::new(), libc::ENOENT);
        }
        if file.contains(&b'/') {
            return (vec![cmd.file.to_owned()], 0);
        }
        if file.len() >= NAME_MAX {
            return (Vec::new(), libc::ENAMETOOLONG);
        }
        let path = match &cmd.env {
            Some(entries) => path_in(entries),
            None => std::env::var_os("PATH").map(|p| p.as_bytes().to_vec()),
        }
        .unwrap_or_else(|| DEFAULT_PATH.to_vec());
        let candidates = path
            .split(|&b| b == b':')
            .filter_map(|dir| {
                let mut full = dir.to_vec();
                if !full.is_empty() {
                    full.push(b'/');
                }
                full.extend_from_slice(file);
                CString::new(full).ok()
            })
            .collect();
        (candidates, libc::ENOENT)
    }
}

/// Starts `cmd` in a child process and waits until it has either exec'd
/// (reported through a close-on-exec pipe reaching end of file) or failed
/// (its errno arrives through the pipe). The caller's signal mask is kept;
/// the child starts with default signal handlers and an empty mask.
pub fn spawn(cmd: &Command<'_>) -> io::Result<Spawned> {
    let mut plan = Plan::new(cmd);
    let (report_read, report_write) = report_pipe(plan.stdio.len())?;
    let pid = fork_with_signals_blocked()?;
    if pid == 0 {
        // SAFETY: this is the child of the fork just made, and nothing has
        // run in it but the fork handlers.
        unsafe { run_child(&mut plan, report_write.as_raw_fd()) }
    }
    drop(report_write);
    match read_report(&report_read) {
        None => match exit_watch(pid) {
            Ok(exit_fd) => Ok(Spawned::Running { pid, exit_fd }),
            Err(e) => {
                // A child nobody can watch: take it back rather than leave
                // it running unreported.
                abandon(pid);
                Err(e)
            }
        },
        Some(errno) => {
            wait_blocking(pid);
            Ok(Spawned::Failed {
                pid,
                error: io::Error::from_raw_os_error(errno),
            })
        }
    }
}

/// The pipe the child reports a failure through. Its write end must not
/// be one of the descriptors the child sets up (0 .. `stdio_count`), or
/// setting them up would overwrite it.
fn report_pipe(stdio_count: usize) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1; 2];
    syscall!(pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC))?;
    // SAFETY: pipe2 just returned both descriptors; nothing else owns them.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let floor = stdio_count as RawFd;
    if write.as_raw_fd() >= floor {
        return Ok((read, write));
    }
    let moved = syscall!(fcntl(write.as_raw_fd(), libc::F_DUPFD_CLOEXEC, floor))?;
    // SAFETY: fcntl just returned this descriptor; nothing else owns it.
    Ok((read, unsafe { OwnedFd::from_raw_fd(moved) }))
}

/// Forks with every signal blocked, so no handler of the parent's runs in
/// the child before the child resets them; the parent's mask is restored
/// in the parent. Returns 0 in the child.
fn fork_with_signals_blocked() -> io::Result<libc::pid_t> {
    // SAFETY: all-zero sigset_t values are valid to initialise.
    let (mut all, mut old): (libc::sigset_t, libc::sigset_t) = unsafe { std::mem::zeroed() };
    // SAFETY: valid sigset_t pointers.
    unsafe {
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
    }
    // SAFETY: fork has no preconditions; the child only runs `run_child`.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        return Ok(0);
    }
    let forked = if pid == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(pid)
    };
    // SAFETY: restores the mask saved above.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
    forked
}

/// Waits for the child's report: None when the pipe reached end of file
/// (the exec happened), or the errno the child sent.
fn read_report(fd: &OwnedFd) -> Option<i32> {
    let mut errno: i32 = 0;
    loop {
        let n = syscall!(read(
            fd.as_raw_fd(),
            &mut errno as *mut i32 as *mut libc::c_void,
            std::mem::size_of::<i32>()
        ));
        match n {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Ok(4) => return Some(errno),
            // End of file: exec closed the write end. (Nothing else can
            // happen on a pipe only the child writes to.)
            _ => return None,
        }
    }
}

/// The child's side: set up signals, session, descriptors, directory and
/// ids, then exec. Any failure sends errno through `report` and exits.
///
/// # Safety
/// Called only in a freshly forked child. Makes only async-signal-safe
/// calls and allocates nothing: `plan` was built before the fork.
unsafe fn run_child(plan: &mut Plan, report: RawFd) -> ! {
    // SAFETY: every call below is an async-signal-safe system call on
    // values prepared before the fork.
    unsafe {
        // Handlers the parent installed mean nothing to the new program.
        // Real-time signals are left alone: glibc uses some internally.
        for signal in 1..32 {
            if signal == libc::SIGKILL || signal == libc::SIGSTOP {
                continue;
            }
            if libc::signal(signal, libc::SIG_DFL) == libc::SIG_ERR {
                child_fail(report);
            }
        }
        if plan.detached {
            libc::setsid();
        }
        let count = plan.stdio.len() as RawFd;
        // A source below its target could be overwritten by an earlier
        // dup2 (swapping stdout and stderr): move those out of the way.
        for fd in 0..count {
            let source = plan.stdio[fd as usize];
            if source < 0 || source >= fd {
                continue;
            }
            let moved = libc::fcntl(source, libc::F_DUPFD_CLOEXEC, count);
            if moved == -1 {
                child_fail(report);
            }
            plan.stdio[fd as usize] = moved;
        }
        for fd in 0..count {
            let mut source = plan.stdio[fd as usize];
            let mut opened = -1;
            if source < 0 {
                if fd >= 3 {
                    continue;
                }
                // 0-2 always exist in the child, as libuv makes them.
                libc::close(fd);
                let mode = if fd == 0 {
                    libc::O_RDONLY
                } else {
                    libc::O_RDWR
                };
                source = libc::open(c"/dev/null".as_ptr(), mode);
                if source < 0 {
                    child_fail(report);
                }
                opened = source;
            }
            if source == fd {
                if opened == -1 && libc::ioctl(fd, libc::FIONCLEX) == -1 {
                    child_fail(report);
                }
            } else if libc::dup2(source, fd) == -1 {
                child_fail(report);
            }
            // The program expects blocking stdio, whatever the parent used.
            if fd <= 2 && opened == -1 {
                let flags = libc::fcntl(fd, libc::F_GETFL);
                if flags != -1 && flags & libc::O_NONBLOCK != 0 {
                    libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
                }
            }
            if opened >= count {
                libc::close(opened);
            }
        }
        if let Some(dir) = plan.cwd {
            if libc::chdir(dir) != 0 {
                child_fail(report);
            }
        }
        if plan.uid.is_some() || plan.gid.is_some() {
            // Drops supplementary groups when running as root; fails
            // harmlessly otherwise, so its result does not matter.
            libc::setgroups(0, std::ptr::null());
        }
        if let Some(gid) = plan.gid {
            if libc::setgid(gid) != 0 {
                child_fail(report);
            }
        }
        if let Some(uid) = plan.uid {
            if libc::setuid(uid) != 0 {
                child_fail(report);
            }
        }
        let mut empty: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut empty);
        libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
        let envp = match &plan.envp {
            Some(envp) => envp.as_ptr(),
            None => ENVIRON,
        };
        exec_search(plan, envp, report)
    }
}

extern "C" {
    /// The process's environment, as exec passes it on by default.
    #[link_name = "environ"]
    static ENVIRON: *const *const c_char;
}

/// execvp's loop over the prepared candidates: a PATH search goes on to
/// the next one after "not found"-like errors, remembering EACCES; any
/// other error ends it.
///
/// # Safety
/// As for [`run_child`].
unsafe fn exec_search(plan: &mut Plan, envp: *const *const c_char, report: RawFd) -> ! {
    let mut denied = false;
    let mut last = plan.search_error;
    for path in &plan.candidates {
        // SAFETY: NULL-terminated arrays of C strings that outlive the call.
        unsafe {
            libc::execve(path.as_ptr(), plan.argv.as_ptr(), envp);
            if errno() == libc::ENOEXEC {
                // Not a binary the kernel knows: run it as a shell script.
                plan.shell_argv[1] = path.as_ptr();
                libc::execve(plan.shell_argv[0], plan.shell_argv.as_ptr(), envp);
            }
        }
        last = errno();
        if !plan.searching {
            break;
        }
        match last {
            libc::EACCES => denied = true,
            libc::ENOENT
            | libc::ESTALE
            | libc::ENOTDIR
            | libc::ENODEV
            | libc::EHOSTDOWN
            | libc::ETIMEDOUT => {}
            // SAFETY: as for run_child.
            _ => unsafe { child_report(report, last) },
        }
    }
    if plan.searching && denied {
        last = libc::EACCES;
    }
    // SAFETY: as for run_child.
    unsafe { child_report(report, last) }
}

fn errno() -> i32 {
    io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Reports the current errno to the parent and exits.
///
/// # Safety
/// As for [`run_child`].
unsafe fn child_fail(report: RawFd) -> ! {
    // SAFETY: forwarded.
    unsafe { child_report(report, errno()) }
}

/// # Safety
/// As for [`run_child`].
unsafe fn child_report(report: RawFd, errno: i32) -> ! {
    // SAFETY: write and _exit are async-signal-safe; `errno` is a local.
    unsafe {
        loop {
            let n = libc::write(
                report,
                &errno as *const i32 as *const libc::c_void,
                std::mem::size_of::<i32>(),
            );
            if n != -1 || self::errno() != libc::EINTR {
                break;
            }
        }
        libc::_exit(EXEC_FAILED)
    }
}

/// A descriptor that turns readable when process `pid` (a child not yet
/// reaped) exits; it does not reap the child. Close-on-exec.
///
/// A pidfd where the kernel has them (Linux 5.3); where it does not, or
/// refuses the call (a seccomp filter, or valgrind before 3.22, which
/// answers ENOSYS), the read end of a pipe whose write end a small thread
/// closes once `waitid(WNOWAIT)` sees the child exit.
pub fn exit_watch(pid: i32) -> io::Result<OwnedFd> {
    match pidfd_open(pid) {
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOSYS) | Some(libc::EPERM)) => {
            exit_watch_thread(pid)
        }
        other => other,
    }
}

fn pidfd_open(pid: i32) -> io::Result<OwnedFd> {
    // SAFETY: pidfd_open takes a pid and flags; no memory is passed.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd == -1 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the kernel just returned this descriptor; nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

fn exit_watch_thread(pid: i32) -> io::Result<OwnedFd> {
    let mut fds = [-1; 2];
    syscall!(pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK))?;
    // SAFETY: pipe2 just returned both descriptors; nothing else owns them.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    std::thread::Builder::new()
        .name("ruv-child-watch".into())
        .stack_size(64 << 10)
        .spawn(move || {
            // SAFETY: an all-zero siginfo_t is a valid value to fill in.
            let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
            // Waits without reaping: the loop reaps, as with a pidfd. Any
            // end of the wait (ECHILD included) ends the watch.
            while let Err(e) = syscall!(waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT
            )) {
                if e.kind() != io::ErrorKind::Interrupted {
                    break;
                }
            }
            // Closing (not writing) cannot raise SIGPIPE if the loop
            // closed its end meanwhile.
            drop(write);
        })?;
    Ok(read)
}

/// Reaps child `pid` if it has exited (None while it runs). ECHILD means
/// it is not (or no longer) this process's child to reap.
pub fn try_wait(pid: i32) -> io::Result<Option<ExitStatus>> {
    let mut status = 0;
    let reaped = loop {
        match syscall!(waitpid(pid, &mut status, libc::WNOHANG)) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => break other?,
        }
    };
    if reaped == 0 {
        return Ok(None);
    }
    let mut exit = ExitStatus { code: 0, signal: 0 };
    if libc::WIFEXITED(status) {
        exit.code = i64::from(libc::WEXITSTATUS(status));
    }
    if libc::WIFSIGNALED(status) {
        exit.signal = libc::WTERMSIG(status);
    }
    Ok(Some(exit))
}

/// Kills child `pid` and reaps it: for a child that was started but
/// cannot be looked after.
pub fn abandon(pid: i32) {
    let _ = kill(pid, libc::SIGKILL);
    wait_blocking(pid);
}

/// Reaps a child that is known to be exiting.
fn wait_blocking(pid: i32) {
    let mut status = 0;
    while let Err(e) = syscall!(waitpid(pid, &mut status, 0)) {
        if e.kind() != io::ErrorKind::Interrupted {
            return;
        }
    }
}

/// Sends `signal` to process `pid` (kill(2): 0 only checks it exists).
pub fn kill(pid: i32, signal: i32) -> io::Result<()> {
    syscall!(kill(pid, signal)).map(drop)
}

/// getrusage(RUSAGE_SELF): what this process has used so far.
pub fn resource_usage() -> io::Result<libc::rusage> {
    // SAFETY: an all-zero rusage is a valid value to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    syscall!(getrusage(libc::RUSAGE_SELF, &mut usage))?;
    Ok(usage)
}

/// Makes the inherited descriptors close-on-exec, so children spawned
/// later do not get them: 0-15 whatever happens, then on until the first
/// one that is not open (libuv's rule).
pub fn disable_stdio_inheritance() {
    let mut fd = 0;
    loop {
        if syscall!(ioctl(fd, libc::FIOCLEX)).is_err() && fd > 15 {
            break;
        }
        fd += 1;
    }
}

/// Runs `handler` in the child after every `fork()` of this process (with
/// only the forking thread alive there). It must be async-signal-safe.
pub fn on_fork_child(handler: unsafe extern "C" fn()) -> io::Result<()> {
    // SAFETY: registers a plain function; no memory is handed over.
    match unsafe { libc::pthread_atfork(None, None, Some(handler)) } {
        0 => Ok(()),
        errno => Err(io::Error::from_raw_os_error(errno)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tried(cmd: &Command<'_>) -> (Vec<String>, i32) {
        let (paths, error) = Plan::search(cmd);
        let paths = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        (paths, error)
    }

    #[test]
    fn a_name_with_a_slash_is_used_as_it_is() {
        let cmd = Command::new(c"./bin/tool");
        assert_eq!(tried(&cmd), (vec!["./bin/tool".to_string()], 0));
    }

    #[test]
    fn path_comes_from_the_child_env_with_empty_entries_meaning_here() {
        let mut cmd = Command::new(c"tool");
        cmd.env(vec![c"HOME=/root", c"PATH=/a::/b/", c"PATH=/ignored"]);
        let (paths, error) = tried(&cmd);
        assert_eq!(paths, ["/a/tool", "tool", "/b//tool"]);
        assert_eq!(error, libc::ENOENT);
    }

    #[test]
    fn no_path_in_the_child_env_means_the_default() {
        let mut cmd = Command::new(c"sh");
        cmd.env(vec![c"HOME=/root"]);
        assert_eq!(tried(&cmd).0, ["/bin/sh", "/usr/bin/sh"]);
    }

    #[test]
    fn empty_and_overlong_names_fail_without_trying() {
        assert_eq!(tried(&Command::new(c"")), (vec![], libc::ENOENT));
        let long = CString::new(vec![b'x'; 300]).unwrap();
        assert_eq!(tried(&Command::new(&long)), (vec![], libc::ENAMETOOLONG));
    }

    #[test]
    fn the_shell_fallback_gets_the_arguments_after_argv0() {
        let mut cmd = Command::new(c"script");
        cmd.arg(c"script").arg(c"one");
        let plan = Plan::new(&cmd);
        assert_eq!(plan.shell_argv.len(), 4);
        assert!(plan.shell_argv[1].is_null() && plan.shell_argv[3].is_null());
        assert_eq!(plan.argv.len(), 3);
        assert_eq!(plan.stdio, [-1, -1, -1]);
    }

    #[test]
    fn spawn_reports_exit_status_and_exec_errors() {
        let mut cmd = Command::new(c"/bin/sh");
        cmd.arg(c"sh").arg(c"-c").arg(c"exit 4");
        let Spawned::Running { pid, exit_fd } = spawn(&cmd).unwrap() else {
            panic!("sh did not start");
        };
        // The exit descriptor turns readable; the child is reaped after.
        let mut poll = libc::pollfd {
            fd: exit_fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        assert_eq!(unsafe { libc::poll(&mut poll, 1, 10_000) }, 1);
        let status = try_wait(pid).unwrap();
        assert_eq!(status, Some(ExitStatus { code: 4, signal: 0 }));

        let missing = Command::new(c"/nonexistent-ruv-dir/prog");
        match spawn(&missing).unwrap() {
            Spawned::Failed { error, .. } => assert_eq!(error.raw_os_error(), Some(libc::ENOENT)),
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn the_thread_stand_in_for_a_pidfd_reports_without_reaping() {
        let mut cmd = Command::new(c"/bin/sh");
        cmd.arg(c"sh").arg(c"-c").arg(c"exit 9");
        let Spawned::Running { pid, .. } = spawn(&cmd).unwrap() else {
            panic!("sh did not start");
        };
        let watch = exit_watch_thread(pid).unwrap();
        let mut poll = libc::pollfd {
            fd: watch.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        assert_eq!(unsafe { libc::poll(&mut poll, 1, 10_000) }, 1);
        assert_eq!(
            try_wait(pid).unwrap(),
            Some(ExitStatus { code: 9, signal: 0 })
        );
    }
}
