//! `ruv::fs::Metadata`, `FileType` and `Permissions`, compared with what
//! `std::fs` reports for the same files.

#[path = "fs_scratch.rs"]
mod scratch;

use ruv::fs::{self, File, FileType, Permissions};
use scratch::Scratch;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Every field ruv reports agrees with std's `stat`.
fn assert_same(ours: &fs::Metadata, theirs: &std::fs::Metadata) {
    assert_eq!(ours.len(), theirs.len());
    assert_eq!(ours.mode(), theirs.mode());
    assert_eq!(ours.uid(), theirs.uid());
    assert_eq!(ours.gid(), theirs.gid());
    assert_eq!(ours.nlink(), theirs.nlink());
    assert_eq!(ours.ino(), theirs.ino());
    assert_eq!(ours.dev(), theirs.dev());
    assert_eq!(ours.rdev(), theirs.rdev());
    assert_eq!(ours.blksize(), theirs.blksize());
    assert_eq!(ours.blocks(), theirs.blocks());
    assert_eq!(ours.is_file(), theirs.is_file());
    assert_eq!(ours.is_dir(), theirs.is_dir());
    assert_eq!(ours.is_symlink(), theirs.is_symlink());
    assert_eq!(
        ours.permissions().mode(),
        theirs.permissions().mode() & 0o7777
    );
    assert_eq!(
        ours.permissions().readonly(),
        theirs.permissions().readonly()
    );
    assert_eq!(ours.modified().unwrap(), theirs.modified().unwrap());
    assert_eq!(ours.accessed().unwrap(), theirs.accessed().unwrap());
    match theirs.created() {
        Ok(created) => assert_eq!(ours.created().unwrap(), created),
        Err(_) => assert_eq!(ours.created().unwrap_err().name(), "ENOSYS"),
    }
}

#[test]
fn a_file_a_directory_and_a_link_match_std() {
    let dir = Scratch::new("meta-std");
    let file = dir.join("file");
    let link = dir.join("link");
    std::fs::write(&file, vec![7u8; 12_345]).unwrap();
    std::os::unix::fs::symlink(&file, &link).unwrap();

    let meta = fs::metadata(&file).unwrap();
    assert_same(&meta, &std::fs::metadata(&file).unwrap());
    assert!(meta.is_file() && !meta.is_dir() && !meta.is_symlink());
    assert_eq!(meta.len(), 12_345);
    assert!(!meta.is_empty());

    let meta = fs::metadata(dir.path()).unwrap();
    assert_same(&meta, &std::fs::metadata(dir.path()).unwrap());
    assert!(meta.is_dir() && meta.file_type().is_dir());

    // metadata follows the link, symlink_metadata does not.
    let followed = fs::metadata(&link).unwrap();
    assert!(followed.is_file());
    assert_eq!(followed.ino(), fs::metadata(&file).unwrap().ino());
    let own = fs::symlink_metadata(&link).unwrap();
    assert_same(&own, &std::fs::symlink_metadata(&link).unwrap());
    assert!(own.is_symlink() && own.file_type().is_symlink() && !own.is_file());
    assert_eq!(own.len(), file.as_os_str().len() as u64);

    let opened = File::open(&file).unwrap().metadata().unwrap();
    assert_eq!(opened, fs::metadata(&file).unwrap());
}

#[test]
fn special_file_types() {
    let null = fs::metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device());
    assert!(!null.is_file() && !null.is_dir());
    assert_same(&null, &std::fs::metadata("/dev/null").unwrap());

    let dir = Scratch::new("meta-special");
    let sock = dir.join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let ty = fs::metadata(&sock).unwrap().file_type();
    assert!(ty.is_socket() && !ty.is_fifo() && !ty.is_block_device());
    assert_eq!(format!("{ty:?}"), "FileType(socket)");
}

#[test]
fn file_type_from_mode() {
    assert!(FileType::from_mode(0o100_644).is_file());
    assert!(FileType::from_mode(0o040_755).is_dir());
    assert!(FileType::from_mode(0o120_777).is_symlink());
    assert!(FileType::from_mode(0o010_600).is_fifo());
    assert!(FileType::from_mode(0o060_660).is_block_device());
    assert!(FileType::from_mode(0o020_666).is_char_device());
    assert!(FileType::from_mode(0o140_755).is_socket());
    let none = FileType::from_mode(0o644);
    assert!(!none.is_file() && !none.is_dir() && !none.is_symlink());
    assert_eq!(format!("{none:?}"), "FileType(unknown)");
}

#[test]
fn nlink_counts_hard_links() {
    let dir = Scratch::new("meta-nlink");
    let a = dir.join("a");
    std::fs::write(&a, b"x").unwrap();
    assert_eq!(fs::metadata(&a).unwrap().nlink(), 1);
    std::fs::hard_link(&a, dir.join("b")).unwrap();
    assert_eq!(fs::metadata(&a).unwrap().nlink(), 2);
}

#[test]
fn times_before_the_epoch_and_with_nanoseconds() {
    let dir = Scratch::new("meta-times");
    let path = dir.join("f");
    let file = std::fs::File::create(&path).unwrap();
    let before_epoch = UNIX_EPOCH - Duration::from_millis(1_500);
    let precise = UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_789);
    file.set_times(
        std::fs::FileTimes::new()
            .set_modified(before_epoch)
            .set_accessed(precise),
    )
    .unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(meta.modified().unwrap(), before_epoch);
    assert_eq!(meta.accessed().unwrap(), precise);
    assert_eq!(meta.raw().mtime, (-2, 500_000_000));
    assert!(meta.changed().unwrap() <= SystemTime::now());
}

#[test]
fn permissions() {
    let mut perms = Permissions::from_mode(0o100_755);
    assert_eq!(perms.mode(), 0o755);
    assert!(!perms.readonly());
    perms.set_readonly(true);
    assert_eq!(perms.mode(), 0o555);
    assert!(perms.readonly());
    perms.set_readonly(false);
    assert_eq!(perms.mode(), 0o777);
    perms.set_mode(0o4_700);
    assert_eq!(perms.mode(), 0o4_700);
    assert_eq!(format!("{perms:?}"), "Permissions(0o4700)");

    let dir = Scratch::new("meta-perms");
    let path = dir.join("f");
    std::fs::write(&path, b"x").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o751)).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions(),
        Permissions::from_mode(0o751)
    );
}

#[test]
fn debug_shows_the_essentials() {
    let dir = Scratch::new("meta-debug");
    let path = dir.join("f");
    std::fs::write(&path, b"abc").unwrap();
    let text = format!("{:?}", fs::metadata(&path).unwrap());
    assert!(text.starts_with("Metadata {"), "{text}");
    assert!(
        text.contains("FileType(file)") && text.contains("len: 3"),
        "{text}"
    );
}
