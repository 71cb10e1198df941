//! inotify: the kernel's file-change notifications, behind `uv_fs_event`.

use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// What libuv watches for: every change to the entry and, for a directory,
/// to the entries in it.
pub const WATCH_MASK: u32 = libc::IN_ATTRIB
    | libc::IN_CREATE
    | libc::IN_MODIFY
    | libc::IN_DELETE
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO;
/// The bits that mean "the contents or attributes changed"; every other
/// bit means "renamed, created or deleted".
pub const CHANGE_MASK: u32 = libc::IN_ATTRIB | libc::IN_MODIFY;

#[derive(Debug)]
pub struct Inotify {
    fd: OwnedFd,
}

/// One event read from the descriptor.
pub struct RawEvent {
    pub wd: i32,
    pub mask: u32,
    /// The entry's name inside a watched directory.
    pub name: Option<CString>,
}

impl Inotify {
    pub fn new() -> io::Result<Inotify> {
        let fd = syscall!(inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC))?;
        // SAFETY: inotify_init1 just returned this descriptor; nothing else owns it.
        Ok(Inotify {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
        })
    }

    /// Watches `path`; watching it again returns the same descriptor.
    pub fn add_watch(&self, path: &CStr) -> io::Result<i32> {
        syscall!(inotify_add_watch(
            self.fd.as_raw_fd(),
            path.as_ptr(),
            WATCH_MASK
        ))
    }

    pub fn remove_watch(&self, wd: i32) -> io::Result<()> {
        syscall!(inotify_rm_watch(self.fd.as_raw_fd(), wd)).map(drop)
    }

    /// Reads every event ready now (none: an empty vector).
    pub fn read_events(&self, out: &mut Vec<RawEvent>) -> io::Result<()> {
        // Room for many events; aligned for inotify_event's fields.
        let mut buf = [0u64; 512];
        loop {
            let res = syscall!(read(
                self.fd.as_raw_fd(),
                buf.as_mut_ptr() as *mut libc::c_void,
                std::mem::size_of_val(&buf)
            ));
            let n = match res {
                Ok(n) => n as usize,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) => return Err(e),
            };
            let base = buf.as_ptr() as *const u8;
            let header = std::mem::size_of::<libc::inotify_event>();
            let mut at = 0;
            while at + header <= n {
                // SAFETY: the kernel wrote whole events into the first `n`
                // bytes; each header is followed by `len` name bytes.
                let event =
                    unsafe { std::ptr::read_unaligned(base.add(at) as *const libc::inotify_event) };
                let name_len = event.len as usize;
                let name = if name_len == 0 {
                    None
                } else {
                    // SAFETY: the name bytes follow the header, NUL-padded.
                    let raw =
                        unsafe { std::slice::from_raw_parts(base.add(at + header), name_len) };
                    let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
                    CString::new(&raw[..end]).ok()
                };
                out.push(RawEvent {
                    wd: event.wd,
                    mask: event.mask,
                    name,
                });
                at += header + name_len;
            }
        }
    }
}

impl AsRawFd for Inotify {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}
