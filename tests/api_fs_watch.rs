//! FsEvent and FsPoll: changes to watched paths reach the loop thread.

mod util;

use ruv::{FsEvent, FsPoll, RunMode, Timer};
use std::path::PathBuf;
use std::time::Duration;
use util::{guarded_loop, Log};

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("ruv-fswatch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_file_created_in_a_watched_directory_is_reported_by_name() {
    let dir = TempDir::new("create");
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let watch = FsEvent::new(&lp).unwrap();
    let l = log.clone();
    watch
        .start(&dir.0, move |w, change| {
            l.push(format!(
                "{:?} renamed={} changed={}",
                change.filename, change.renamed, change.changed
            ));
            w.close(|| ());
        })
        .unwrap();
    assert_eq!(watch.path().as_deref(), Some(dir.0.as_path()));
    assert!(
        watch.start(&dir.0, |_, _| ()).is_err(),
        "a started handle is refused"
    );
    std::fs::write(dir.0.join("new.txt"), b"x").unwrap();
    lp.run(RunMode::Default);
    assert_eq!(
        log.entries(),
        [r#"Some("new.txt") renamed=true changed=false"#]
    );
}

#[test]
fn a_stopped_watch_reports_nothing_and_has_no_path() {
    let dir = TempDir::new("stop");
    let (lp, _guard) = guarded_loop();
    let watch = FsEvent::new(&lp).unwrap();
    watch
        .start(&dir.0, |_, _| panic!("stopped watch fired"))
        .unwrap();
    watch.stop().unwrap();
    assert!(watch.path().is_none());
    assert!(!watch.is_active());
    std::fs::write(dir.0.join("quiet.txt"), b"x").unwrap();
    assert!(!lp.run(RunMode::NoWait));
}

#[test]
fn polling_sees_a_missing_file_appear_and_grow() {
    let dir = TempDir::new("poll");
    let file = dir.0.join("p.txt");
    let (lp, _guard) = guarded_loop();
    let log = Log::new();
    let poll = FsPoll::new(&lp).unwrap();
    let writer = Timer::new(&lp).unwrap();
    let l = log.clone();
    let w = writer.clone();
    let target = file.clone();
    // Each report schedules the next change, so no two changes can land
    // between two polls.
    let grow = move || {
        let target = target.clone();
        w.start(Duration::from_millis(10), None, move |_| {
            let mut data = std::fs::read(&target).unwrap_or_default();
            data.extend_from_slice(b"abc");
            // Written aside and renamed into place: a poll on the pool
            // never sees the file created but still empty.
            let aside = target.with_extension("new");
            std::fs::write(&aside, data).unwrap();
            std::fs::rename(&aside, &target).unwrap();
        })
        .unwrap();
    };
    poll.start(
        &file,
        Duration::from_millis(5),
        move |p, change| match change {
            Err(err) => {
                l.push(format!("error {}", err.name()));
                grow();
            }
            Ok(change) => {
                l.push(format!("{} -> {}", change.prev.len(), change.curr.len()));
                if change.curr.len() >= 6 {
                    p.close(|| ());
                } else {
                    grow();
                }
            }
        },
    )
    .unwrap();
    assert_eq!(poll.path().as_deref(), Some(file.as_path()));
    lp.run(RunMode::NoWait);
    writer.unref();
    lp.run(RunMode::Default);
    assert_eq!(log.entries(), ["error ENOENT", "0 -> 3", "3 -> 6"]);
}
