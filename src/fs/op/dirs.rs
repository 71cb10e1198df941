//! Listing directories: all at once (scandir, sorted) or a few entries at a
//! time from an open stream (opendir, readdir, closedir). Both leave out
//! `.` and `..`, as libuv does.

use super::uv;
use crate::error::Result;
use crate::sys::fs as sys;
use std::ffi::{CStr, CString};

/// What kind of file an entry is, with libuv's `uv_dirent_type_t` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum DirentType {
    Unknown = 0,
    File = 1,
    Dir = 2,
    Link = 3,
    Fifo = 4,
    Socket = 5,
    Char = 6,
    Block = 7,
}

impl DirentType {
    /// From a `d_type` byte; file systems that do not fill it in give `Unknown`.
    pub fn from_d_type(d_type: u8) -> DirentType {
        match d_type {
            libc::DT_REG => DirentType::File,
            libc::DT_DIR => DirentType::Dir,
            libc::DT_LNK => DirentType::Link,
            libc::DT_FIFO => DirentType::Fifo,
            libc::DT_SOCK => DirentType::Socket,
            libc::DT_CHR => DirentType::Char,
            libc::DT_BLK => DirentType::Block,
            _ => DirentType::Unknown,
        }
    }
}

/// One directory entry: its name (no directory part) and its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: CString,
    pub kind: DirentType,
}

impl From<sys::RawDirent> for DirEntry {
    fn from(raw: sys::RawDirent) -> DirEntry {
        DirEntry {
            name: raw.name,
            kind: DirentType::from_d_type(raw.d_type),
        }
    }
}

/// Whether an entry is one libuv reports (not `.` or `..`).
fn is_listed(name: &CStr) -> bool {
    !matches!(name.to_bytes(), b"." | b"..")
}

/// Sorts entries as libuv's scandir does: strcmp order, byte by byte.
fn sort_entries(entries: &mut [DirEntry]) {
    entries.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
}

/// Every entry of the directory at `path`, sorted by name in byte order.
pub fn scandir(path: &CStr) -> Result<Vec<DirEntry>> {
    let mut dir = uv(sys::Dir::open(path))?;
    let mut entries = Vec::new();
    while let Some(raw) = uv(dir.read())? {
        if is_listed(&raw.name) {
            entries.push(DirEntry::from(raw));
        }
    }
    sort_entries(&mut entries);
    Ok(entries)
}

/// An open directory stream, read a few entries at a time with [`readdir`].
#[derive(Debug)]
pub struct Dir(sys::Dir);

pub fn opendir(path: &CStr) -> Result<Dir> {
    uv(sys::Dir::open(path)).map(Dir)
}

/// Up to `max` further entries, in directory order; an empty list at the
/// end. An error loses the entries read in the same call, as in libuv.
pub fn readdir(dir: &mut Dir, max: usize) -> Result<Vec<DirEntry>> {
    let mut entries = Vec::new();
    while entries.len() < max {
        match uv(dir.0.read())? {
            Some(raw) if is_listed(&raw.name) => entries.push(DirEntry::from(raw)),
            Some(_) => {}
            None => break,
        }
    }
    Ok(entries)
}

/// Closes the stream. Never fails (libuv ignores closedir's result).
pub fn closedir(dir: Dir) -> Result<()> {
    drop(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> DirEntry {
        DirEntry {
            name: CString::new(name).unwrap(),
            kind: DirentType::File,
        }
    }

    #[test]
    fn dot_and_dot_dot_are_left_out() {
        assert!(!is_listed(c"."));
        assert!(!is_listed(c".."));
        assert!(is_listed(c"..."));
        assert!(is_listed(c".hidden"));
    }

    #[test]
    fn sorted_in_byte_order() {
        let mut entries: Vec<_> = [
            "beta",
            "Zeta",
            "10",
            "9",
            "_under",
            ".hidden",
            "alpha",
            "\u{e9}t\u{e9}",
        ]
        .into_iter()
        .map(entry)
        .collect();
        sort_entries(&mut entries);
        let names: Vec<_> = entries.iter().map(|e| e.name.to_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                ".hidden",
                "10",
                "9",
                "Zeta",
                "_under",
                "alpha",
                "beta",
                "\u{e9}t\u{e9}"
            ]
        );
    }

    #[test]
    fn d_type_maps_to_libuv_values() {
        assert_eq!(DirentType::from_d_type(libc::DT_REG) as i32, 1);
        assert_eq!(DirentType::from_d_type(libc::DT_DIR) as i32, 2);
        assert_eq!(DirentType::from_d_type(libc::DT_LNK) as i32, 3);
        assert_eq!(DirentType::from_d_type(libc::DT_FIFO) as i32, 4);
        assert_eq!(DirentType::from_d_type(libc::DT_SOCK) as i32, 5);
        assert_eq!(DirentType::from_d_type(libc::DT_CHR) as i32, 6);
        assert_eq!(DirentType::from_d_type(libc::DT_BLK) as i32, 7);
        assert_eq!(DirentType::from_d_type(libc::DT_UNKNOWN) as i32, 0);
    }

    #[test]
    fn scandir_and_readdir_list_the_same_entries() {
        let dir = std::env::temp_dir().join(format!("ruv-op-dirs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        for name in ["b", "a", "C"] {
            std::fs::write(dir.join(name), b"").unwrap();
        }
        std::fs::create_dir(dir.join("sub")).unwrap();
        let path = CString::new(dir.clone().into_os_string().into_encoded_bytes()).unwrap();

        let listed = scandir(&path).unwrap();
        let names: Vec<_> = listed.iter().map(|e| e.name.to_str().unwrap()).collect();
        assert_eq!(names, ["C", "a", "b", "sub"]);
        assert_eq!(listed[3].kind, DirentType::Dir);

        let mut stream = opendir(&path).unwrap();
        let mut read = Vec::new();
        loop {
            let batch = readdir(&mut stream, 3).unwrap();
            assert!(batch.len() <= 3);
            if batch.is_empty() {
                break;
            }
            read.extend(batch);
        }
        assert!(readdir(&mut stream, 3).unwrap().is_empty());
        assert_eq!(closedir(stream), Ok(()));
        sort_entries(&mut read);
        assert_eq!(read, listed);

        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            scandir(&path).map(|_| ()),
            Err(crate::error::Error::from_code(crate::error::code::ENOENT))
        );
    }
}
