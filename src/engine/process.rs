//! Process handles: a child started by `process_spawn`, watched until it
//! exits.
//!
//! No SIGCHLD handler is involved: each child gets a pidfd (or a stand-in,
//! see `sys::process::exit_watch`), which the loop's epoll watches like
//! any descriptor and which turns readable when the child exits; the loop then reaps that child alone (waitpid on its
//! pid) and runs the exit callback in the poll phase, where libuv runs it.
//! Closing the handle stops watching; the child goes on running and is not
//! reaped, as in libuv.

use super::handle::{Event, HandleId, Kind};
use super::watcher::IoState;
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::process::{self, Command, Spawned};
use crate::sys::{ready, Descriptor};

/// What the loop keeps for a process handle that started a child.
pub(crate) struct ProcessState {
    pub pid: i32,
}

/// The outcome of [`Loop::process_spawn`] once a child was forked.
#[derive(Debug)]
pub enum Spawn {
    /// The program runs as process `pid`; the handle is active until it exits.
    Running(i32),
    /// The child could not run the program (`UV_ENOENT`, `UV_EACCES`, a
    /// bad `cwd`...); it has already been reaped and the handle stays
    /// inactive.
    Failed(i32, Error),
}

fn io(e: std::io::Error) -> Error {
    Error::from_io(&e)
}

impl Loop {
    /// Starts `command` for process handle `id` (a `Kind::Process` handle
    /// that has no child yet). An error means no child exists.
    pub fn process_spawn(&self, id: HandleId, command: &Command<'_>) -> Result<Spawn> {
        if self.kind(id) != Some(Kind::Process)
            || self.is_closing(id)
            || self.watchers.borrow().get(id).is_some()
        {
            return Err(Error::from_code(code::EINVAL));
        }
        // No loop state is borrowed across the fork: fork handlers (uvloop's
        // calls uv_loop_fork) may use this loop in the child.
        let (pid, pidfd) = match process::spawn(command).map_err(io)? {
            Spawned::Failed { pid, error } => return Ok(Spawn::Failed(pid, io(error))),
            Spawned::Running { pid, exit_fd } => (pid, exit_fd),
        };
        self.watch(id, IoState::Process(ProcessState { pid }));
        let watched = self.attach_fd(id, Descriptor::owned(pidfd)).and_then(|()| {
            let mut watchers = self.watchers.borrow_mut();
            let watcher = watchers.get_mut(id).expect("watched above");
            self.set_interest(watcher, ready::READABLE)
        });
        if let Err(err) = watched {
            // A child the loop cannot watch would never be reported.
            self.watchers.borrow_mut().remove(id);
            process::abandon(pid);
            return Err(err);
        }
        self.handle_start(id);
        Ok(Spawn::Running(pid))
    }

    /// The child's pid, if the handle started one (it may have exited).
    pub fn process_pid(&self, id: HandleId) -> Option<i32> {
        match self.watchers.borrow().state(id) {
            Some(IoState::Process(state)) => Some(state.pid),
            _ => None,
        }
    }

    /// The child's pidfd turned readable: reap it and report its exit.
    pub(crate) fn process_ready(&self, id: HandleId) {
        let Some(pid) = self.process_pid(id) else {
            return;
        };
        match process::try_wait(pid) {
            Ok(None) => {}
            Ok(Some(status)) => {
                if let Some(watcher) = self.watchers.borrow_mut().get_mut(id) {
                    // The pidfd is closed here; the child is gone.
                    drop(self.detach_fd(watcher));
                }
                // Inactive before the callback runs, as in libuv.
                self.handle_stop(id);
                self.fire_event(
                    id,
                    &Event::ProcessExit {
                        exit_status: status.code,
                        term_signal: status.signal,
                    },
                );
            }
            Err(_) => {
                // Not this process's child to reap: a loop carried into a
                // forked child watching its parent's child, or a child
                // someone else reaped. Its exit is never learned (libuv
                // cannot either) and the handle stays active; stop polling
                // so the readable pidfd does not spin the loop.
                if let Some(watcher) = self.watchers.borrow_mut().get_mut(id) {
                    self.interest_remove(watcher, u32::MAX);
                }
            }
        }
    }

    /// Closing: stop watching (the pidfd is closed); the child runs on.
    pub(crate) fn process_close(&self, id: HandleId) {
        if let Some((mut watcher, _)) = self.watchers.borrow_mut().remove(id) {
            drop(self.detach_fd(&mut watcher));
        }
        self.handle_stop(id);
    }
}
