//! fs_event handles: file-change notifications from inotify.
//!
//! One inotify instance per loop, created on first use and watched by the
//! loop's epoll; handles watching the same path share its watch descriptor
//! (the kernel hands the same one back), as libuv does, so a program that
//! watches many files does not run into the per-user instance limit.

use super::event_loop::INOTIFY_TOKEN;
use super::handle::{flags, Event, HandleId};
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::inotify::{Inotify, RawEvent, CHANGE_MASK};
use std::collections::HashMap;
use std::ffi::{CStr, CString};

/// libuv's fs_event event bits.
const UV_RENAME: i32 = 1;
const UV_CHANGE: i32 = 2;

#[derive(Default)]
pub(crate) struct FsEvents {
    inotify: Option<Inotify>,
    /// Handles per watch descriptor, in the order they started.
    watchers: HashMap<i32, Vec<HandleId>>,
    /// Each started handle's watch descriptor and path.
    started: HashMap<HandleId, (i32, CString)>,
}

impl Loop {
    /// Starts watching `path` (a file, or a directory and its entries).
    /// A handle already started is refused, as in libuv.
    pub fn fs_event_start(&self, id: HandleId, path: &CStr) -> Result<()> {
        if self.flags(id) & flags::ACTIVE != 0 {
            return Err(Error::from_code(code::EINVAL));
        }
        if self.is_closing(id) || self.token(id).is_none() {
            return Err(Error::from_code(code::EINVAL));
        }
        let io = |e: std::io::Error| Error::from_io(&e);
        let mut state = self.fs_events.borrow_mut();
        if state.inotify.is_none() {
            use std::os::fd::AsRawFd;
            let inotify = Inotify::new().map_err(io)?;
            self.poller
                .add(
                    inotify.as_raw_fd(),
                    INOTIFY_TOKEN,
                    crate::sys::ready::READABLE,
                )
                .map_err(io)?;
            state.inotify = Some(inotify);
        }
        let wd = state
            .inotify
            .as_ref()
            .expect("created above")
            .add_watch(path)
            .map_err(io)?;
        state.watchers.entry(wd).or_default().push(id);
        state.started.insert(id, (wd, path.to_owned()));
        drop(state);
        self.handle_start(id);
        Ok(())
    }

    /// Stops watching; stopping a stopped handle does nothing.
    pub fn fs_event_stop(&self, id: HandleId) -> Result<()> {
        let mut state = self.fs_events.borrow_mut();
        let Some((wd, _)) = state.started.remove(&id) else {
            return Ok(());
        };
        let now_unwatched = match state.watchers.get_mut(&wd) {
            Some(list) => {
                list.retain(|&h| h != id);
                list.is_empty()
            }
            None => false,
        };
        if now_unwatched {
            state.watchers.remove(&wd);
            if let Some(inotify) = &state.inotify {
                // The watch may be gone already (its file was deleted).
                let _ = inotify.remove_watch(wd);
            }
        }
        drop(state);
        self.handle_stop(id);
        Ok(())
    }

    /// After a fork (uv_loop_fork): the inotify instance is the parent's
    /// too, and the two would read each other's events. The child gets one
    /// of its own with every path watched again, handles sharing a watch
    /// as before. A path that cannot be watched any more (it is gone)
    /// leaves its handles stopped.
    pub(crate) fn fs_events_after_fork(&self) -> Result<()> {
        let io = |e: std::io::Error| Error::from_io(&e);
        let mut lost = Vec::new();
        {
            let mut state = self.fs_events.borrow_mut();
            if state.inotify.is_none() {
                return Ok(());
            }
            let inotify = Inotify::new().map_err(io)?;
            use std::os::fd::AsRawFd;
            self.poller
                .add(
                    inotify.as_raw_fd(),
                    INOTIFY_TOKEN,
                    crate::sys::ready::READABLE,
                )
                .map_err(io)?;
            let old = std::mem::take(&mut state.watchers);
            let mut watchers: HashMap<i32, Vec<HandleId>> = HashMap::new();
            for handles in old.into_values() {
                let Some((_, path)) = handles.first().and_then(|h| state.started.get(h)) else {
                    continue;
                };
                match inotify.add_watch(path) {
                    Ok(wd) => {
                        for id in &handles {
                            if let Some(entry) = state.started.get_mut(id) {
                                entry.0 = wd;
                            }
                        }
                        watchers.entry(wd).or_default().extend(handles);
                    }
                    Err(_) => {
                        for id in &handles {
                            state.started.remove(id);
                        }
                        lost.extend(handles);
                    }
                }
            }
            state.watchers = watchers;
            state.inotify = Some(inotify);
        }
        for id in lost {
            self.handle_stop(id);
        }
        Ok(())
    }

    /// The path a started handle watches.
    pub fn fs_event_path(&self, id: HandleId) -> Option<CString> {
        self.fs_events
            .borrow()
            .started
            .get(&id)
            .map(|(_, path)| path.clone())
    }

    /// Reads what inotify has and tells the handles concerned.
    pub(crate) fn run_inotify(&self) {
        let mut events: Vec<RawEvent> = Vec::new();
        {
            let state = self.fs_events.borrow();
            let Some(inotify) = &state.inotify else {
                return;
            };
            if inotify.read_events(&mut events).is_err() {
                return;
            }
        }
        for event in events {
            let bits = (if event.mask & CHANGE_MASK != 0 {
                UV_CHANGE
            } else {
                0
            }) | (if event.mask & !CHANGE_MASK != 0 {
                UV_RENAME
            } else {
                0
            });
            // A snapshot: callbacks may stop or start watchers.
            let (handles, own_name) = {
                let state = self.fs_events.borrow();
                let Some(handles) = state.watchers.get(&event.wd) else {
                    continue; // Nobody watches it any more.
                };
                let own_name = handles
                    .first()
                    .and_then(|first| state.started.get(first))
                    .map(|(_, path)| basename(path));
                (handles.clone(), own_name)
            };
            let filename = event.name.as_deref().or(own_name.as_deref());
            for id in handles {
                if self.halted() {
                    return;
                }
                let still_watching = self
                    .fs_events
                    .borrow()
                    .started
                    .get(&id)
                    .is_some_and(|(wd, _)| *wd == event.wd);
                if still_watching {
                    self.fire_event(
                        id,
                        &Event::FsEvent {
                            filename,
                            events: bits,
                            status: 0,
                        },
                    );
                }
            }
        }
    }
}

/// The last component of a path, as libuv reports a watched file's own name.
fn basename(path: &CStr) -> CString {
    let bytes = path.to_bytes();
    let trimmed = match bytes.iter().rposition(|&b| b != b'/') {
        Some(end) => &bytes[..=end],
        None => return CString::new("/").expect("no NUL"),
    };
    let start = trimmed
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |p| p + 1);
    CString::new(&trimmed[start..]).expect("a C string has no NUL inside")
}

#[cfg(test)]
mod tests {
    use super::basename;

    #[test]
    fn basename_takes_the_last_component() {
        assert_eq!(basename(c"a/b/c.txt").as_bytes(), b"c.txt");
        assert_eq!(basename(c"c.txt").as_bytes(), b"c.txt");
        assert_eq!(basename(c"/dir/").as_bytes(), b"dir");
        assert_eq!(basename(c"/").as_bytes(), b"/");
    }
}
