//! Copying data between descriptors (sendfile) and whole files (copyfile),
//! with libuv 1.44's choices: copy_file_range first, then sendfile(2), then
//! a read/write loop when the kernel cannot copy between the two.

use super::uv;
use crate::error::{code, Error, Result};
use crate::sys::fs as sys;
use std::ffi::CStr;
use std::io;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicBool, Ordering};

/// `uv_fs_copyfile` flags.
pub const COPYFILE_EXCL: i32 = 0x0001;
pub const COPYFILE_FICLONE: i32 = 0x0002;
pub const COPYFILE_FICLONE_FORCE: i32 = 0x0004;

/// Cleared once copy_file_range reports ENOSYS: it will never work.
static COPY_FILE_RANGE: AtomicBool = AtomicBool::new(true);

/// The read/write loop's chunk.
const CHUNK: usize = 8192;

fn errno(err: &io::Error) -> i32 {
    err.raw_os_error().unwrap_or(0)
}

/// Copies up to `len` bytes from `in_fd` at `offset` (its file position is
/// left alone) to `out_fd` at its position; returns how many were copied
/// (fewer at the end of the input).
pub fn sendfile(out_fd: RawFd, in_fd: RawFd, offset: i64, len: usize) -> Result<usize> {
    loop {
        match kernel_copy(out_fd, in_fd, offset, len) {
            Err(e) if errno(&e) == libc::EINTR => continue,
            other => return uv(other),
        }
    }
}

/// One attempt: copy_file_range, else sendfile(2), else the read/write loop.
fn kernel_copy(out_fd: RawFd, in_fd: RawFd, offset: i64, len: usize) -> io::Result<usize> {
    let mut off = offset;
    let mut attempt = None;
    if COPY_FILE_RANGE.load(Ordering::Relaxed) {
        match sys::copy_file_range(in_fd, &mut off, out_fd, len) {
            Err(e) if errno(&e) == libc::ENOSYS => COPY_FILE_RANGE.store(false, Ordering::Relaxed),
            // Another file system, or (before Linux 5.3) another mount, may
            // still work with sendfile.
            Err(e) if matches!(errno(&e), libc::EOPNOTSUPP | libc::EXDEV) => {}
            other => attempt = Some(other),
        }
    }
    let attempt = match attempt {
        Some(attempt) => attempt,
        None => sys::sendfile(out_fd, in_fd, &mut off, len),
    };
    // What moved counts even when the call also reported an error.
    if attempt.is_ok() || off > offset {
        return Ok((off - offset) as usize);
    }
    let err = attempt.unwrap_err();
    match errno(&err) {
        libc::EINVAL | libc::EIO | libc::ENOTSOCK | libc::EXDEV => {
            copy_by_hand(out_fd, in_fd, offset, len)
        }
        _ => Err(err),
    }
}

/// The read/write loop. A read error after some progress ends the copy
/// with that progress; a write error is always reported (data read is
/// lost). Reads are positional unless the input cannot seek; a full
/// non-blocking output is waited on.
fn copy_by_hand(out_fd: RawFd, in_fd: RawFd, offset: i64, len: usize) -> io::Result<usize> {
    let mut buf = [0u8; CHUNK];
    let mut positional = true;
    let mut offset = offset;
    let mut sent = 0usize;
    while sent < len {
        let want = (len - sent).min(CHUNK);
        let got = if positional {
            sys::pread_once(in_fd, &mut buf[..want], offset)
        } else {
            sys::read_once(in_fd, &mut buf[..want])
        };
        let got = match got {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if positional && sent == 0 && matches!(errno(&e), libc::EIO | libc::ESPIPE) => {
                positional = false;
                continue;
            }
            Err(e) if sent == 0 => return Err(e),
            Err(_) => break,
        };
        write_all(out_fd, &buf[..got])?;
        offset += got as i64;
        sent += got;
    }
    Ok(sent)
}

fn write_all(fd: RawFd, mut data: &[u8]) -> io::Result<()> {
    while !data.is_empty() {
        match sys::write_once(fd, data) {
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let revents =
                    sys::poll_writable(fd).map_err(|_| io::Error::from_raw_os_error(libc::EIO))?;
                if revents & !libc::POLLOUT != 0 {
                    return Err(io::Error::from_raw_os_error(libc::EIO));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// File systems where fchmod always fails with EPERM (CIFS and SMB shares
/// mounted without "noperm"); copyfile ignores that failure there.
fn is_cifs_or_smb(fd: RawFd) -> bool {
    const CIFS: u64 = 0xFF53_4D42;
    const SMB2: u64 = 0xFE53_4D42;
    const SMB: u64 = 0x517B;
    sys::fstatfs(fd).is_ok_and(|s| matches!(s.fs_type, CIFS | SMB2 | SMB))
}

/// Copies the file at `from` to `to` (created with `from`'s mode, or
/// truncated). `flags`: the `COPYFILE_*` bits; anything else is EINVAL.
/// Copying a file onto itself succeeds and changes nothing. On failure
/// after `to` was opened, `to` is removed.
pub fn copyfile(from: &CStr, to: &CStr, flags: i32) -> Result<()> {
    if flags & !(COPYFILE_EXCL | COPYFILE_FICLONE | COPYFILE_FICLONE_FORCE) != 0 {
        return Err(Error::from_code(code::EINVAL));
    }
    let src = super::open(from, libc::O_RDONLY, 0)?;
    let mut dst = None;
    let mut result = copy_into(src, to, flags, &mut dst);
    if let Err(e) = super::close(src) {
        result = result.and(Err(e));
    }
    if let Some(dst) = dst {
        if let Err(e) = super::close(dst) {
            result = result.and(Err(e));
        }
        if result.is_err() {
            let _ = super::unlink(to);
        }
    }
    result
}

/// copyfile's work once the source is open; `dst` receives the destination
/// descriptor as soon as it is open so the caller can close it.
fn copy_into(src: RawFd, to: &CStr, flags: i32, dst: &mut Option<RawFd>) -> Result<()> {
    let src_stat = super::fstat(src)?;
    let mut dst_flags = libc::O_WRONLY | libc::O_CREAT;
    if flags & COPYFILE_EXCL != 0 {
        dst_flags |= libc::O_EXCL;
    }
    let out = super::open(to, dst_flags, src_stat.mode as i32)?;
    *dst = Some(out);

    if flags & COPYFILE_EXCL == 0 {
        let dst_stat = super::fstat(out)?;
        if (src_stat.dev, src_stat.ino) == (dst_stat.dev, dst_stat.ino) {
            return Ok(());
        }
        // Some file systems refuse to truncate a new read-only file; a new
        // file is empty anyway.
        match super::ftruncate(out, 0) {
            Err(e) if e.code() != code::EACCES || dst_stat.size > 0 => return Err(e),
            _ => {}
        }
    }

    match super::fchmod(out, src_stat.mode as i32) {
        Err(e) if e.code() != code::EPERM || !is_cifs_or_smb(out) => return Err(e),
        _ => {}
    }

    if flags & (COPYFILE_FICLONE | COPYFILE_FICLONE_FORCE) != 0 {
        match sys::ficlone(out, src) {
            Ok(()) => return Ok(()),
            Err(e) if flags & COPYFILE_FICLONE_FORCE != 0 => return Err(Error::from_io(&e)),
            Err(_) => {}
        }
    }

    let mut remaining = src_stat.size;
    let mut offset = 0i64;
    while remaining != 0 {
        let chunk = remaining.min(isize::MAX as u64) as usize;
        let sent = sendfile(out, src, offset, chunk)?;
        if sent == 0 {
            // The source shrank while being copied (libuv would spin here).
            break;
        }
        remaining -= sent as u64;
        offset += sent as i64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::io::{Read, Seek, SeekFrom, Write};
    use std::os::fd::AsRawFd;
    use std::path::PathBuf;

    /// A fresh scratch directory, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("ruv-op-copy-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir(&dir).unwrap();
            Scratch(dir)
        }

        fn path(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }

        fn c_path(&self, name: &str) -> CString {
            CString::new(self.path(name).into_os_string().into_encoded_bytes()).unwrap()
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn sendfile_to_a_pipe_copies_by_hand_and_leaves_the_input_position() {
        let scratch = Scratch::new("pipe");
        let mut input = std::fs::File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(scratch.path("in"))
            .unwrap();
        input.write_all(b"hello world").unwrap();
        input.seek(SeekFrom::Start(1)).unwrap();
        let (mut reader, writer) = std::io::pipe().unwrap();
        assert_eq!(
            sendfile(writer.as_raw_fd(), input.as_raw_fd(), 6, 100),
            Ok(5)
        );
        drop(writer);
        let mut got = String::new();
        reader.read_to_string(&mut got).unwrap();
        assert_eq!(got, "world");
        assert_eq!(input.stream_position().unwrap(), 1);
    }

    #[test]
    fn sendfile_between_files_advances_the_output() {
        let scratch = Scratch::new("files");
        std::fs::write(scratch.path("in"), b"0123456789").unwrap();
        let input = std::fs::File::open(scratch.path("in")).unwrap();
        let mut output = std::fs::File::create(scratch.path("out")).unwrap();
        assert_eq!(sendfile(output.as_raw_fd(), input.as_raw_fd(), 2, 3), Ok(3));
        assert_eq!(
            sendfile(output.as_raw_fd(), input.as_raw_fd(), 8, 10),
            Ok(2)
        );
        assert_eq!(
            sendfile(output.as_raw_fd(), input.as_raw_fd(), 20, 10),
            Ok(0)
        );
        assert_eq!(output.stream_position().unwrap(), 5);
        assert_eq!(std::fs::read(scratch.path("out")).unwrap(), b"23489");
    }

    #[test]
    fn copyfile_copies_content_and_mode() {
        use std::os::unix::fs::PermissionsExt;
        let scratch = Scratch::new("plain");
        std::fs::write(scratch.path("a"), b"content").unwrap();
        std::fs::set_permissions(scratch.path("a"), std::fs::Permissions::from_mode(0o640))
            .unwrap();
        std::fs::write(scratch.path("b"), b"much longer old content").unwrap();
        assert_eq!(
            copyfile(&scratch.c_path("a"), &scratch.c_path("b"), 0),
            Ok(())
        );
        assert_eq!(std::fs::read(scratch.path("b")).unwrap(), b"content");
        let mode = std::fs::metadata(scratch.path("b"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(
            copyfile(&scratch.c_path("a"), &scratch.c_path("b"), COPYFILE_EXCL),
            Err(Error::from_code(code::EEXIST))
        );
    }

    #[test]
    fn copyfile_onto_itself_changes_nothing() {
        let scratch = Scratch::new("self");
        std::fs::write(scratch.path("a"), b"keep me").unwrap();
        assert_eq!(
            copyfile(&scratch.c_path("a"), &scratch.c_path("a"), 0),
            Ok(())
        );
        assert_eq!(std::fs::read(scratch.path("a")).unwrap(), b"keep me");
    }

    #[test]
    fn a_failed_copyfile_removes_the_target() {
        let scratch = Scratch::new("fail");
        std::fs::create_dir(scratch.path("dir")).unwrap();
        assert!(copyfile(&scratch.c_path("dir"), &scratch.c_path("b"), 0).is_err());
        assert!(!scratch.path("b").exists());
        assert_eq!(
            copyfile(&scratch.c_path("dir"), &scratch.c_path("b"), 0x8),
            Err(Error::from_code(code::EINVAL))
        );
    }
}
