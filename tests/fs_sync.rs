//! The synchronous free functions of `ruv::fs`, checked against `std::fs`.

#[path = "fs_scratch.rs"]
mod scratch;

use ruv::error::code;
use ruv::fs;
use scratch::Scratch;
use std::path::Path;

fn name<T: std::fmt::Debug>(result: ruv::Result<T>) -> &'static str {
    result.unwrap_err().name()
}

#[test]
fn write_then_read_round_trips() {
    let dir = Scratch::new("sync-rw");
    let path = dir.join("data.bin");
    let contents: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(&path, &contents).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), contents);
    assert_eq!(fs::read(&path).unwrap(), contents);
    // Writing again truncates.
    fs::write(&path, "short").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"short");
    assert_eq!(fs::read_to_string(&path).unwrap(), "short");
}

#[test]
fn read_of_empty_and_of_exactly_buffer_sized_files() {
    let dir = Scratch::new("sync-sizes");
    for size in [0usize, 1, 8191, 8192, 8193, 65_536] {
        let path = dir.join(format!("f{size}"));
        let contents = vec![0xa5u8; size];
        std::fs::write(&path, &contents).unwrap();
        assert_eq!(fs::read(&path).unwrap(), contents, "size {size}");
    }
}

#[test]
fn read_of_a_file_that_says_size_zero_reads_it_all() {
    // /proc files report size 0 and have contents.
    let contents = fs::read("/proc/self/status").unwrap();
    assert!(!contents.is_empty());
    assert!(String::from_utf8(contents).unwrap().contains("Name:"));
}

#[test]
fn read_to_string_refuses_invalid_utf8() {
    let dir = Scratch::new("sync-utf8");
    let path = dir.join("bad");
    std::fs::write(&path, [0x66, 0x6f, 0xff, 0x6f]).unwrap();
    let err = fs::read_to_string(&path).unwrap_err();
    assert_eq!(err.code(), code::ECHARSET);
    assert_eq!(
        std::io::Error::from(err).kind(),
        std::io::ErrorKind::InvalidData
    );
}

#[test]
fn missing_files_are_enoent() {
    let dir = Scratch::new("sync-missing");
    let missing = dir.join("missing");
    assert_eq!(name(fs::read(&missing)), "ENOENT");
    assert_eq!(name(fs::read_to_string(&missing)), "ENOENT");
    assert_eq!(name(fs::metadata(&missing)), "ENOENT");
    assert_eq!(name(fs::symlink_metadata(&missing)), "ENOENT");
    assert_eq!(name(fs::remove_file(&missing)), "ENOENT");
    assert_eq!(name(fs::remove_dir(&missing)), "ENOENT");
    assert_eq!(name(fs::rename(&missing, dir.join("x"))), "ENOENT");
    assert_eq!(name(fs::write(missing.join("child"), b"x")), "ENOENT");
    assert!(!fs::try_exists(&missing).unwrap());
    assert!(fs::try_exists(dir.path()).unwrap());
}

#[test]
fn interior_nul_in_a_path_is_einval() {
    let bad = "a\0b";
    assert_eq!(name(fs::read(bad)), "EINVAL");
    assert_eq!(name(fs::write(bad, b"x")), "EINVAL");
    assert_eq!(name(fs::metadata(bad)), "EINVAL");
    assert_eq!(name(fs::symlink_metadata(bad)), "EINVAL");
    assert_eq!(name(fs::remove_file(bad)), "EINVAL");
    assert_eq!(name(fs::create_dir(bad)), "EINVAL");
    assert_eq!(name(fs::create_dir_all(bad)), "EINVAL");
    assert_eq!(name(fs::remove_dir(bad)), "EINVAL");
    assert_eq!(name(fs::rename(bad, "ok")), "EINVAL");
    assert_eq!(name(fs::rename("ok", bad)), "EINVAL");
    assert_eq!(name(fs::try_exists(bad)), "EINVAL");
    assert_eq!(
        name(fs::set_permissions(bad, fs::Permissions::from_mode(0o600))),
        "EINVAL"
    );
    assert_eq!(name(fs::File::open(bad)), "EINVAL");
}

#[test]
fn create_and_remove_directories() {
    let dir = Scratch::new("sync-dirs");
    let sub = dir.join("sub");
    fs::create_dir(&sub).unwrap();
    assert!(std::fs::metadata(&sub).unwrap().is_dir());
    assert_eq!(name(fs::create_dir(&sub)), "EEXIST");
    fs::write(sub.join("f"), b"x").unwrap();
    assert_eq!(name(fs::remove_dir(&sub)), "ENOTEMPTY");
    assert_eq!(name(fs::remove_dir(sub.join("f"))), "ENOTDIR");
    assert_eq!(name(fs::remove_file(&sub)), "EISDIR");
    fs::remove_file(sub.join("f")).unwrap();
    fs::remove_dir(&sub).unwrap();
    assert!(!sub.exists());
    assert_eq!(name(fs::create_dir(dir.join("a/b"))), "ENOENT");
}

#[test]
fn create_dir_all_makes_parents_and_accepts_existing() {
    let dir = Scratch::new("sync-dir-all");
    let deep = dir.join("a/b/c/d");
    fs::create_dir_all(&deep).unwrap();
    assert!(deep.is_dir());
    fs::create_dir_all(&deep).unwrap();
    fs::create_dir_all(dir.join("a/b")).unwrap();
    fs::create_dir_all("").unwrap();
    std::fs::write(dir.join("file"), b"x").unwrap();
    assert_eq!(name(fs::create_dir_all(dir.join("file"))), "EEXIST");
    assert_eq!(name(fs::create_dir_all(dir.join("file/sub"))), "ENOTDIR");
}

#[test]
fn rename_moves_and_replaces() {
    let dir = Scratch::new("sync-rename");
    let (a, b) = (dir.join("a"), dir.join("b"));
    fs::write(&a, b"from a").unwrap();
    fs::write(&b, b"old b").unwrap();
    fs::rename(&a, &b).unwrap();
    assert!(!a.exists());
    assert_eq!(fs::read(&b).unwrap(), b"from a");
    // A directory cannot replace a file.
    fs::create_dir(&a).unwrap();
    assert_eq!(name(fs::rename(&a, &b)), "ENOTDIR");
}

#[test]
fn set_permissions_changes_the_mode() {
    let dir = Scratch::new("sync-perms");
    let path = dir.join("f");
    fs::write(&path, b"x").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode(), 0o640);
    let mut perms = fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).unwrap();
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode(), 0o440);
}

#[test]
fn errors_convert_to_io_errors() {
    let err = fs::read(Path::new("/definitely/not/here")).unwrap_err();
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(io.raw_os_error(), Some(libc_enoent()));
    // And `?` works in functions returning io::Result.
    fn via_question_mark() -> std::io::Result<Vec<u8>> {
        Ok(fs::read("/definitely/not/here")?)
    }
    assert_eq!(
        via_question_mark().unwrap_err().kind(),
        std::io::ErrorKind::NotFound
    );
}

fn libc_enoent() -> i32 {
    -code::ENOENT
}

#[test]
fn copy_copies_contents_and_permissions() {
    let dir = Scratch::new("sync-copy");
    let (from, to) = (dir.join("from"), dir.join("to"));
    let contents: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&from, &contents).unwrap();
    fs::set_permissions(&from, fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(fs::copy(&from, &to).unwrap(), contents.len() as u64);
    assert_eq!(std::fs::read(&to).unwrap(), contents);
    assert_eq!(fs::metadata(&to).unwrap().permissions().mode(), 0o640);
    // Onto an existing, longer file: truncated first.
    std::fs::write(&from, b"short").unwrap();
    assert_eq!(fs::copy(&from, &to).unwrap(), 5);
    assert_eq!(std::fs::read(&to).unwrap(), b"short");
    // Onto itself: nothing changes.
    assert_eq!(fs::copy(&from, &from).unwrap(), 5);
    assert_eq!(std::fs::read(&from).unwrap(), b"short");
    assert_eq!(name(fs::copy(dir.join("missing"), &to)), "ENOENT");
    assert_eq!(name(fs::copy(&from, dir.join("no/such/dir"))), "ENOENT");
}

#[test]
fn hard_links_symlinks_read_link_and_canonicalize() {
    let dir = Scratch::new("sync-links");
    let target = dir.join("target");
    std::fs::write(&target, b"shared").unwrap();

    fs::hard_link(&target, dir.join("hard")).unwrap();
    assert_eq!(fs::metadata(&target).unwrap().nlink(), 2);
    assert_eq!(
        fs::metadata(dir.join("hard")).unwrap().ino(),
        fs::metadata(&target).unwrap().ino()
    );
    assert_eq!(name(fs::hard_link(&target, dir.join("hard"))), "EEXIST");

    // A relative symlink resolves against its own directory.
    fs::symlink("target", dir.join("soft")).unwrap();
    assert_eq!(
        fs::read_link(dir.join("soft")).unwrap(),
        Path::new("target")
    );
    assert_eq!(fs::read(dir.join("soft")).unwrap(), b"shared");
    assert!(fs::symlink_metadata(dir.join("soft")).unwrap().is_symlink());
    assert_eq!(name(fs::read_link(&target)), "EINVAL");

    // canonicalize resolves links, `.` and `..`, and agrees with std.
    fs::create_dir(dir.join("sub")).unwrap();
    let winding = dir.join("sub/../sub/./../soft");
    let canonical = fs::canonicalize(&winding).unwrap();
    assert_eq!(canonical, std::fs::canonicalize(&target).unwrap());
    assert!(canonical.is_absolute());
    assert_eq!(name(fs::canonicalize(dir.join("missing"))), "ENOENT");

    // A dangling symlink is fine to create, not to follow.
    fs::symlink(dir.join("nowhere"), dir.join("dangling")).unwrap();
    assert_eq!(name(fs::metadata(dir.join("dangling"))), "ENOENT");
    assert!(fs::symlink_metadata(dir.join("dangling")).is_ok());
    assert!(!fs::try_exists(dir.join("dangling")).unwrap());
}

#[test]
fn set_times_sets_access_and_modification_times() {
    use std::time::{Duration, UNIX_EPOCH};
    let dir = Scratch::new("sync-times");
    let path = dir.join("f");
    std::fs::write(&path, b"x").unwrap();
    let accessed = UNIX_EPOCH + Duration::new(1_000_000_000, 250_000_000);
    let modified = UNIX_EPOCH + Duration::new(1_500_000_000, 500_000_000);
    fs::set_times(&path, accessed, modified).unwrap();
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.accessed().unwrap(), accessed);
    assert_eq!(meta.modified().unwrap(), modified);

    // Before the epoch.
    let old = UNIX_EPOCH - Duration::from_secs(86_400);
    fs::set_times(&path, old, old).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);

    // A link's own times, leaving the target's alone.
    fs::symlink(&path, dir.join("link")).unwrap();
    fs::set_symlink_times(dir.join("link"), accessed, accessed).unwrap();
    assert_eq!(
        fs::symlink_metadata(dir.join("link"))
            .unwrap()
            .modified()
            .unwrap(),
        accessed
    );
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);

    let file = fs::File::open(&path).unwrap();
    file.set_times(modified, modified).unwrap();
    assert_eq!(file.metadata().unwrap().accessed().unwrap(), modified);
}

#[test]
fn chown_keeps_or_changes_owners() {
    let dir = Scratch::new("sync-chown");
    let path = dir.join("f");
    std::fs::write(&path, b"x").unwrap();
    let meta = fs::metadata(&path).unwrap();
    // None leaves both as they are; one's own ids are always allowed.
    fs::chown(&path, None, None).unwrap();
    fs::chown(&path, Some(meta.uid()), Some(meta.gid())).unwrap();
    fs::File::open(&path)
        .unwrap()
        .chown(None, Some(meta.gid()))
        .unwrap();
    fs::symlink(&path, dir.join("link")).unwrap();
    fs::lchown(dir.join("link"), None, None).unwrap();
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (meta.uid(), meta.gid()));
    if meta.uid() == 0 {
        // Root may give files away; a link's own owner changes alone.
        fs::chown(&path, Some(1234), None).unwrap();
        fs::lchown(dir.join("link"), Some(4321), Some(8765)).unwrap();
        let file = fs::metadata(&path).unwrap();
        assert_eq!((file.uid(), file.gid()), (1234, meta.gid()));
        let link = fs::symlink_metadata(dir.join("link")).unwrap();
        assert_eq!((link.uid(), link.gid()), (4321, 8765));
    } else {
        assert_eq!(name(fs::chown(&path, Some(0), None)), "EPERM");
    }
}

#[test]
fn temp_dirs_and_files_are_new_and_private() {
    let dir = Scratch::new("sync-temp");
    let prefix = dir.join("t-");
    let a = fs::create_temp_dir(&prefix).unwrap();
    let b = fs::create_temp_dir(&prefix).unwrap();
    assert_ne!(a, b);
    for made in [&a, &b] {
        let name = made.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("t-") && name.len() == 8, "{name}");
        let meta = fs::metadata(made).unwrap();
        assert!(meta.is_dir());
        assert_eq!(meta.permissions().mode(), 0o700);
    }
    let (file, path) = fs::File::create_temp(a.join("f")).unwrap();
    assert!(path.starts_with(&a));
    file.write_all(b"temp").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"temp");
    let mut back = [0u8; 4];
    file.read_exact_at(&mut back, 0).unwrap();
    assert_eq!(&back, b"temp");
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode(), 0o600);
    assert_eq!(name(fs::create_temp_dir(dir.join("missing/t-"))), "ENOENT");
    assert_eq!(
        name(fs::File::create_temp(dir.join("missing/t-"))),
        "ENOENT"
    );
    assert_eq!(name(fs::create_temp_dir("a\0b")), "EINVAL");
}

#[test]
fn scratch_dir_is_created_and_removed() {
    let scratch = Scratch::new("scratch");
    let path = scratch.path().to_path_buf();
    assert!(path.is_dir());
    std::fs::write(scratch.join("f"), b"x").unwrap();
    drop(scratch);
    assert!(!path.exists());
}
