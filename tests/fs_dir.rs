//! `ruv::fs::read_dir`, `DirEntry` and `remove_dir_all`.

#[path = "fs_scratch.rs"]
mod scratch;

use ruv::fs;
use scratch::Scratch;
use std::collections::BTreeMap;
use std::ffi::OsString;

/// Name → (is_dir, is_file, is_symlink) of every entry.
fn listing(dir: &std::path::Path) -> BTreeMap<String, (bool, bool, bool)> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let ty = entry.file_type().unwrap();
            assert_eq!(entry.path(), dir.join(entry.file_name()));
            let name = entry.file_name().into_string().unwrap();
            (name, (ty.is_dir(), ty.is_file(), ty.is_symlink()))
        })
        .collect()
}

#[test]
fn lists_files_dirs_and_links_without_dot_entries() {
    let dir = Scratch::new("dir-list");
    std::fs::write(dir.join("file"), b"x").unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join(".hidden"), b"").unwrap();
    std::os::unix::fs::symlink("sub", dir.join("link")).unwrap();
    let expected: BTreeMap<String, (bool, bool, bool)> = [
        (".hidden", (false, true, false)),
        ("file", (false, true, false)),
        ("link", (false, false, true)),
        ("sub", (true, false, false)),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect();
    assert_eq!(listing(dir.path()), expected);
}

#[test]
fn an_empty_directory_lists_nothing_and_the_iterator_stays_ended() {
    let dir = Scratch::new("dir-empty");
    let mut entries = fs::read_dir(dir.path()).unwrap();
    assert!(entries.next().is_none());
    assert!(entries.next().is_none());
}

#[test]
fn many_entries_across_batches_match_std() {
    let dir = Scratch::new("dir-many");
    for i in 0..500 {
        std::fs::write(dir.join(format!("entry-{i:03}")), b"").unwrap();
    }
    let mut ours: Vec<OsString> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let mut theirs: Vec<OsString> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(ours.len(), 500);
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
}

#[test]
fn entry_metadata_does_not_follow_links() {
    let dir = Scratch::new("dir-meta");
    std::fs::write(dir.join("file"), b"12345").unwrap();
    std::os::unix::fs::symlink("file", dir.join("link")).unwrap();
    for entry in fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        match entry.file_name().to_str().unwrap() {
            "file" => assert!(meta.is_file() && meta.len() == 5),
            "link" => assert!(meta.is_symlink()),
            other => panic!("unexpected entry {other}"),
        }
        assert!(format!("{entry:?}").starts_with("DirEntry("));
    }
}

#[test]
fn non_utf8_names_come_through() {
    use std::os::unix::ffi::OsStrExt;
    let dir = Scratch::new("dir-bytes");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9");
    std::fs::write(dir.join(name), b"").unwrap();
    let entries: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].as_ref().unwrap().file_name(), name);
}

#[test]
fn errors() {
    let dir = Scratch::new("dir-errors");
    std::fs::write(dir.join("file"), b"").unwrap();
    let name = |r: ruv::Result<fs::ReadDir>| r.unwrap_err().name();
    assert_eq!(name(fs::read_dir(dir.join("missing"))), "ENOENT");
    assert_eq!(name(fs::read_dir(dir.join("file"))), "ENOTDIR");
    assert_eq!(name(fs::read_dir("a\0b")), "EINVAL");
}

#[test]
fn remove_dir_all_removes_a_tree_but_not_through_links() {
    let dir = Scratch::new("dir-remove-all");
    let outside = dir.join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("keep"), b"keep").unwrap();

    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("a/b/c")).unwrap();
    std::fs::create_dir_all(tree.join("d")).unwrap();
    for (i, sub) in ["", "a", "a/b", "a/b/c", "d"].iter().enumerate() {
        std::fs::write(tree.join(sub).join(format!("f{i}")), b"x").unwrap();
    }
    std::os::unix::fs::symlink(&outside, tree.join("a/to-outside")).unwrap();
    fs::remove_dir_all(&tree).unwrap();
    assert!(!tree.exists());
    assert_eq!(std::fs::read(outside.join("keep")).unwrap(), b"keep");

    // A link to a directory is refused rather than followed.
    std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
    assert_eq!(
        fs::remove_dir_all(dir.join("link")).unwrap_err().name(),
        "ENOTDIR"
    );
    assert!(outside.join("keep").exists());
    assert_eq!(
        fs::remove_dir_all(dir.join("missing")).unwrap_err().name(),
        "ENOENT"
    );
}
