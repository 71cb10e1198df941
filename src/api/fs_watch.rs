//! [`FsEvent`] and [`FsPoll`]: being told when a file or directory changes,
//! by inotify or by polling its metadata.

use super::handle::{handle_common, Core};
use super::Loop;
use crate::engine::{Event, Kind};
use crate::error::{code, Error, Result};
use crate::fs::Metadata;
use std::ffi::{CString, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};
use std::time::Duration;

/// What an [`FsEvent`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsChange {
    /// The entry that changed inside a watched directory, or the watched
    /// file's own name.
    pub filename: Option<OsString>,
    /// Created, deleted or renamed.
    pub renamed: bool,
    /// Contents or attributes changed.
    pub changed: bool,
}

/// What an [`FsPoll`] reports: the metadata before and after a change.
#[derive(Clone, Debug)]
pub struct FsPollChange {
    pub prev: Metadata,
    pub curr: Metadata,
}

fn c_path(path: &Path) -> Result<CString> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| Error::from_code(code::EINVAL))
}

/// Watches a file, or a directory and its entries, for changes (inotify).
///
/// ```
/// use ruv::{FsEvent, Loop, RunMode};
///
/// let dir = std::env::temp_dir().join(format!("ruv-doc-fsevent-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let lp = Loop::new()?;
/// let watch = FsEvent::new(&lp)?;
/// watch.start(&dir, |w, change| {
///     assert_eq!(change.filename.as_deref(), Some("new.txt".as_ref()));
///     w.close(|| ());
/// })?;
/// std::fs::write(dir.join("new.txt"), b"hi").unwrap();
/// lp.run(RunMode::Default);
/// std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), ruv::Error>(())
/// ```
#[derive(Clone)]
pub struct FsEvent {
    core: Rc<Core>,
}

impl FsEvent {
    pub fn new(lp: &Loop) -> Result<FsEvent> {
        let core = Core::new(lp);
        core.id.set(lp.engine.init_handle(Kind::FsEvent, 0, None));
        Ok(FsEvent { core })
    }

    /// Starts watching `path`; a started handle is refused (`EINVAL`).
    pub fn start(
        &self,
        path: impl AsRef<Path>,
        mut f: impl FnMut(&FsEvent, &FsChange) + 'static,
    ) -> Result<()> {
        let path = c_path(path.as_ref())?;
        let weak: Weak<Core> = Rc::downgrade(&self.core);
        let cb = Box::new(move |_: &crate::engine::Loop, _, event: &Event<'_>| {
            let (
                Some(core),
                Event::FsEvent {
                    filename, events, ..
                },
            ) = (weak.upgrade(), event)
            else {
                return;
            };
            let change = FsChange {
                filename: filename.map(|name| OsString::from_vec(name.to_bytes().to_vec())),
                renamed: events & 1 != 0,
                changed: events & 2 != 0,
            };
            f(&FsEvent { core }, &change);
        });
        // Start first: a refused start must not replace the running callback.
        self.core.lp.engine.fs_event_start(self.core.id(), &path)?;
        self.core.lp.engine.set_callback(self.core.id(), cb)
    }

    pub fn stop(&self) -> Result<()> {
        self.core.lp.engine.fs_event_stop(self.core.id())
    }

    /// The watched path, while started.
    pub fn path(&self) -> Option<PathBuf> {
        let path = self.core.lp.engine.fs_event_path(self.core.id())?;
        Some(PathBuf::from(OsString::from_vec(path.into_bytes())))
    }
}

handle_common!(FsEvent);

/// Watches a path by reading its metadata every `interval` on the thread
/// pool; reports when anything but the access time changed, and reports a
/// failing read once per distinct error.
#[derive(Clone)]
pub struct FsPoll {
    core: Rc<Core>,
}

impl FsPoll {
    pub fn new(lp: &Loop) -> Result<FsPoll> {
        let core = Core::new(lp);
        core.id.set(lp.engine.init_handle(Kind::FsPoll, 0, None));
        Ok(FsPoll { core })
    }

    /// Starts polling; starting an active handle does nothing.
    pub fn start(
        &self,
        path: impl AsRef<Path>,
        interval: Duration,
        mut f: impl FnMut(&FsPoll, Result<FsPollChange>) + 'static,
    ) -> Result<()> {
        let path = c_path(path.as_ref())?;
        let weak: Weak<Core> = Rc::downgrade(&self.core);
        let cb = Box::new(move |_: &crate::engine::Loop, _, event: &Event<'_>| {
            let (Some(core), Event::FsPoll { status, prev, curr }) = (weak.upgrade(), event) else {
                return;
            };
            let outcome = if *status == 0 {
                Ok(FsPollChange {
                    prev: Metadata::from(**prev),
                    curr: Metadata::from(**curr),
                })
            } else {
                Err(Error::from_code(*status))
            };
            f(&FsPoll { core }, outcome);
        });
        if self.is_active() {
            return Ok(());
        }
        let millis = u64::try_from(interval.as_millis()).unwrap_or(u64::MAX);
        self.core
            .lp
            .engine
            .fs_poll_start(self.core.id(), &path, millis)?;
        self.core.lp.engine.set_callback(self.core.id(), cb)
    }

    pub fn stop(&self) -> Result<()> {
        self.core.lp.engine.fs_poll_stop(self.core.id())
    }

    /// The polled path, while started.
    pub fn path(&self) -> Option<PathBuf> {
        let path = self.core.lp.engine.fs_poll_path(self.core.id())?;
        Some(PathBuf::from(OsString::from_vec(path.into_bytes())))
    }
}

handle_common!(FsPoll);
