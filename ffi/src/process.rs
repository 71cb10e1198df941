//! Process exports: spawning children (uv_spawn), signalling them, and the
//! host side of their exit.

use crate::boundary::{guard, guard_void};
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::stream::uv_stream_t;
use crate::types::*;
use libc::{c_char, c_int, c_uint};
use ruv::engine::{Event, HandleId, Kind, Loop, Spawn};
use ruv::error::code;
use ruv::sys::process::Command;
use std::ffi::CStr;
use std::os::fd::{AsRawFd, OwnedFd};

pub type uv_exit_cb = Option<unsafe extern "C" fn(*mut uv_process_t, i64, c_int)>;

#[repr(C)]
pub struct uv_process_t {
    pub handle: uv_handle_t,
    pub exit_cb: uv_exit_cb,
    /// Public: the child's pid once it runs.
    pub pid: c_int,
    /// libuv's queue link and status; unused here.
    pub private: [u32; 7],
}

/// `uv_stdio_container_t`'s `data` union.
#[repr(C)]
#[derive(Clone, Copy)]
pub union uv_stdio_data {
    pub stream: *mut uv_stream_t,
    pub fd: c_int,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct uv_stdio_container_t {
    pub flags: c_int,
    pub data: uv_stdio_data,
}

#[repr(C)]
pub struct uv_process_options_t {
    pub exit_cb: uv_exit_cb,
    pub file: *const c_char,
    pub args: *mut *mut c_char,
    pub env: *mut *mut c_char,
    pub cwd: *const c_char,
    pub flags: c_uint,
    pub stdio_count: c_int,
    pub stdio: *mut uv_stdio_container_t,
    pub uid: libc::uid_t,
    pub gid: libc::gid_t,
}

const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<uv_process_t>() == 136 && align_of::<uv_process_t>() == 8);
    assert!(offset_of!(uv_process_t, exit_cb) == 96);
    assert!(offset_of!(uv_process_t, pid) == 104);
    assert!(size_of::<uv_stdio_container_t>() == 16);
    assert!(offset_of!(uv_stdio_container_t, data) == 8);
    assert!(size_of::<uv_process_options_t>() == 64);
    assert!(offset_of!(uv_process_options_t, file) == 8);
    assert!(offset_of!(uv_process_options_t, args) == 16);
    assert!(offset_of!(uv_process_options_t, env) == 24);
    assert!(offset_of!(uv_process_options_t, cwd) == 32);
    assert!(offset_of!(uv_process_options_t, flags) == 40);
    assert!(offset_of!(uv_process_options_t, stdio_count) == 44);
    assert!(offset_of!(uv_process_options_t, stdio) == 48);
    assert!(offset_of!(uv_process_options_t, uid) == 56);
    assert!(offset_of!(uv_process_options_t, gid) == 60);
};

/// `uv_stdio_flags`.
const UV_CREATE_PIPE: c_int = 0x01;
const UV_INHERIT_FD: c_int = 0x02;
const UV_INHERIT_STREAM: c_int = 0x04;
const UV_READABLE_PIPE: c_int = 0x10;
const UV_WRITABLE_PIPE: c_int = 0x20;

/// `uv_process_flags`. The Windows-only ones are accepted and mean
/// nothing here, as on libuv's Unix.
const UV_PROCESS_SETUID: c_uint = 1 << 0;
const UV_PROCESS_SETGID: c_uint = 1 << 1;
const UV_PROCESS_WINDOWS_VERBATIM_ARGUMENTS: c_uint = 1 << 2;
const UV_PROCESS_DETACHED: c_uint = 1 << 3;
const UV_PROCESS_WINDOWS_HIDE: c_uint = 1 << 4;
const UV_PROCESS_WINDOWS_HIDE_CONSOLE: c_uint = 1 << 5;
const UV_PROCESS_WINDOWS_HIDE_GUI: c_uint = 1 << 6;
const KNOWN_FLAGS: c_uint = UV_PROCESS_SETUID
    | UV_PROCESS_SETGID
    | UV_PROCESS_WINDOWS_VERBATIM_ARGUMENTS
    | UV_PROCESS_DETACHED
    | UV_PROCESS_WINDOWS_HIDE
    | UV_PROCESS_WINDOWS_HIDE_CONSOLE
    | UV_PROCESS_WINDOWS_HIDE_GUI;

/// One stdio slot, set up in the parent before the fork.
enum Slot {
    /// Nothing (/dev/null for 0-2).
    Ignore,
    /// A descriptor the child inherits.
    Inherit(c_int),
    /// A socket pair: the child gets `child`, the pipe handle `parent`.
    Pipe {
        pipe: *mut uv_stream_t,
        parent: OwnedFd,
        child: OwnedFd,
        readable: bool,
        writable: bool,
    },
}

impl Slot {
    fn child_fd(&self) -> c_int {
        match self {
            Slot::Ignore => -1,
            Slot::Inherit(fd) => *fd,
            Slot::Pipe { child, .. } => child.as_raw_fd(),
        }
    }
}

/// The engine loop and id of a live stream handle.
///
/// # Safety
/// `stream` is NULL or handle memory.
unsafe fn stream_of<'a>(stream: *mut uv_stream_t) -> Option<(&'a Loop, HandleId)> {
    // SAFETY: forwarded.
    let (lp, id) = unsafe { live_handle(stream, "uv_spawn") }?;
    lp.kind(id).filter(|k| k.is_stream())?;
    Some((lp, id))
}

/// Prepares one container as libuv does: EINVAL for a pipe slot whose
/// handle is not a pipe, an inherited descriptor of -1 or a stream with no
/// descriptor, and for flags that name no single kind of slot.
///
/// # Safety
/// `container` is a valid stdio container.
unsafe fn prepare_slot(container: &uv_stdio_container_t) -> Result<Slot, c_int> {
    match container.flags & (UV_CREATE_PIPE | UV_INHERIT_FD | UV_INHERIT_STREAM) {
        0 => Ok(Slot::Ignore),
        UV_CREATE_PIPE => {
            // SAFETY: the union's pointer member, per the flags.
            let pipe = unsafe { container.data.stream };
            if pipe.is_null() {
                return Err(UV_EINVAL);
            }
            // SAFETY: the caller's stream; its type word says what it is.
            if unsafe { (*pipe).handle.type_ } != handle_type::NAMED_PIPE {
                return Err(UV_EINVAL);
            }
            // SAFETY: as above.
            let Some((lp, id)) = (unsafe { stream_of(pipe) }) else {
                return Err(UV_EINVAL);
            };
            // libuv would start the child and then fail to open the pipe;
            // refusing first leaves no child behind.
            if lp.stream_fd(id).is_some() {
                return Err(code::EBUSY);
            }
            let (parent, child) = ruv::sys::net::socketpair(libc::SOCK_STREAM, false)
                .map_err(|e| ruv::Error::from_io(&e).code())?;
            // The child's directions, seen from the parent's end.
            Ok(Slot::Pipe {
                pipe,
                parent,
                child,
                readable: container.flags & UV_WRITABLE_PIPE != 0,
                writable: container.flags & UV_READABLE_PIPE != 0,
            })
        }
        UV_INHERIT_FD => {
            // SAFETY: the union's descriptor member, per the flags.
            let fd = unsafe { container.data.fd };
            if fd == -1 {
                return Err(UV_EINVAL);
            }
            Ok(Slot::Inherit(fd))
        }
        UV_INHERIT_STREAM => {
            // SAFETY: the union's pointer member, per the flags.
            let stream = unsafe { container.data.stream };
            if stream.is_null() {
                return Err(UV_EINVAL);
            }
            // SAFETY: the caller's stream handle.
            let fd = unsafe { stream_of(stream) }.and_then(|(lp, id)| lp.handle_fd(id));
            fd.map(Slot::Inherit).ok_or(UV_EINVAL)
        }
        _ => Err(UV_EINVAL),
    }
}

/// The strings of a NULL-terminated `char*` array.
///
/// # Safety
/// `list` is NULL or a NULL-terminated array of C strings.
unsafe fn strings<'a>(list: *mut *mut c_char) -> Vec<&'a CStr> {
    let mut out = Vec::new();
    if list.is_null() {
        return out;
    }
    let mut at = list;
    // SAFETY: walks the array up to its NULL, per the caller.
    unsafe {
        while !(*at).is_null() {
            out.push(CStr::from_ptr(*at));
            at = at.add(1);
        }
    }
    out
}

#[no_mangle]
pub unsafe extern "C" fn uv_spawn(
    lp: *mut uv_loop_t,
    process: *mut uv_process_t,
    options: *const uv_process_options_t,
) -> c_int {
    guard("uv_spawn", UV_EINVAL, || {
        // The handle is registered before anything can fail, as in libuv:
        // whatever uv_spawn returns, the caller closes it.
        // SAFETY: NULL or valid pointers, per the API.
        let status = unsafe {
            init_handle(
                lp,
                process as *mut uv_handle_t,
                handle_type::PROCESS,
                Kind::Process,
                "uv_spawn",
            )
        };
        if status != 0 {
            return status;
        }
        // SAFETY: initialised just above.
        let (engine, id) = unsafe { live_handle(process, "uv_spawn") }.expect("just made");
        if options.is_null() {
            return UV_EINVAL;
        }
        // SAFETY: a valid options struct, per the API.
        let options = unsafe { &*options };
        if options.file.is_null() || options.flags & !KNOWN_FLAGS != 0 {
            return UV_EINVAL;
        }
        let containers: &[uv_stdio_container_t] = match usize::try_from(options.stdio_count) {
            Ok(n) if n > 0 && !options.stdio.is_null() => {
                // SAFETY: `stdio_count` containers, per the API.
                unsafe { std::slice::from_raw_parts(options.stdio, n) }
            }
            _ => &[],
        };
        let mut slots = Vec::with_capacity(containers.len());
        for container in containers {
            // SAFETY: a container of the caller's array.
            match unsafe { prepare_slot(container) } {
                Ok(slot) => slots.push(slot),
                Err(status) => return status,
            }
        }
        // SAFETY: NUL-terminated strings and NULL-terminated arrays of
        // them, per the API; they outlive this call.
        let (file, args, env, cwd) = unsafe {
            (
                CStr::from_ptr(options.file),
                strings(options.args),
                (!options.env.is_null()).then(|| strings(options.env)),
                (!options.cwd.is_null()).then(|| CStr::from_ptr(options.cwd)),
            )
        };
        let mut command = Command::new(file);
        for arg in args {
            command.arg(arg);
        }
        if let Some(env) = env {
            command.env(env);
        }
        if let Some(cwd) = cwd {
            command.cwd(cwd);
        }
        command
            .stdio(slots.iter().map(Slot::child_fd).collect())
            .detached(options.flags & UV_PROCESS_DETACHED != 0);
        if options.flags & UV_PROCESS_SETUID != 0 {
            command.uid(options.uid);
        }
        if options.flags & UV_PROCESS_SETGID != 0 {
            command.gid(options.gid);
        }
        let outcome = match engine.process_spawn(id, &command) {
            Ok(outcome) => outcome,
            // No child: the pipes' descriptors close with `slots`.
            Err(err) => return err.code(),
        };
        let status = match outcome {
            Spawn::Running(pid) => {
                // SAFETY: a live process handle.
                unsafe {
                    (*process).pid = pid;
                    (*process).exit_cb = options.exit_cb;
                }
                0
            }
            // libuv 1.44 leaves `pid` alone when the exec fails.
            Spawn::Failed(_, err) => err.code(),
        };
        // The pipes are opened even when the exec failed (the child's ends
        // are closed, so reading finds the end of the stream), as libuv does.
        for slot in slots {
            if let Slot::Pipe {
                pipe,
                parent,
                child,
                readable,
                writable,
            } = slot
            {
                drop(child);
                // SAFETY: checked live by prepare_slot; nothing ran since.
                let Some((lp, pipe_id)) = (unsafe { stream_of(pipe) }) else {
                    continue;
                };
                if let Err((err, _closed)) = lp.pipe_open_as(pipe_id, parent, readable, writable) {
                    return err.code();
                }
            }
        }
        status
    })
}

/// The pid of a live process handle whose child started, if any.
///
/// # Safety
/// `process` is NULL or handle memory.
unsafe fn started_pid(process: *const uv_process_t, call: &str) -> Option<c_int> {
    // SAFETY: forwarded.
    let (lp, id) = unsafe { live_handle(process, call) }?;
    lp.process_pid(id)
}

#[no_mangle]
pub unsafe extern "C" fn uv_process_kill(process: *mut uv_process_t, signum: c_int) -> c_int {
    guard("uv_process_kill", UV_EINVAL, || {
        if process.is_null() {
            return UV_EINVAL;
        }
        // A handle with no child would make libuv signal whatever its pid
        // field holds (0: the whole process group); here there is no
        // such process.
        // SAFETY: a process handle, per the API.
        match unsafe { started_pid(process, "uv_process_kill") } {
            Some(pid) => uv_kill(pid, signum),
            None => code::ESRCH,
        }
    })
}

#[no_mangle]
pub extern "C" fn uv_kill(pid: c_int, signum: c_int) -> c_int {
    guard("uv_kill", UV_EINVAL, || {
        match ruv::sys::process::kill(pid, signum) {
            Ok(()) => 0,
            Err(e) => ruv::Error::from_io(&e).code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn uv_process_get_pid(process: *const uv_process_t) -> c_int {
    if process.is_null() {
        return 0;
    }
    // SAFETY: a process handle, per the API; `pid` is a public field.
    unsafe { (*process).pid }
}

#[no_mangle]
pub extern "C" fn uv_disable_stdio_inheritance() {
    guard_void(
        "uv_disable_stdio_inheritance",
        ruv::sys::process::disable_stdio_inheritance,
    )
}

/// # Safety
/// `token` is a live process handle.
pub(crate) unsafe fn fire(token: usize, event: &Event<'_>) {
    if let Event::ProcessExit {
        exit_status,
        term_signal,
    } = *event
    {
        let handle = token as *mut uv_process_t;
        // SAFETY: a live process handle; uv_spawn stored the callback.
        unsafe {
            if let Some(cb) = (*handle).exit_cb {
                cb(handle, exit_status, term_signal);
            }
        }
    }
}
