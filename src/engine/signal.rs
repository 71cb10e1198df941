//! Signal handles: a callback on the loop thread when the process receives
//! a Unix signal.
//!
//! Each loop with signal handles has a pipe that the process-wide handler
//! (see `sys::signal`) writes caught signal numbers into; the poll phase
//! reads it and runs, for each number, the callbacks of the handles that
//! watch it. Handles of one signal run in libuv's order: persistent ones
//! before one-shot ones, then by token (a C handle's address).

use super::event_loop::SIGNAL_TOKEN;
use super::handle::{flags, Event, HandleId, Kind};
use super::Loop;
use crate::error::{code, Error, Result};
use crate::sys::signal::{self as sys_signal, SignalPipe};

#[derive(Clone, Copy, PartialEq, Eq)]
struct Watch {
    signum: i32,
    oneshot: bool,
    token: usize,
    id: HandleId,
}

impl Watch {
    fn order(&self) -> (i32, bool, usize, usize) {
        (self.signum, self.oneshot, self.token, self.id.index())
    }
}

#[derive(Default)]
pub(crate) struct Signals {
    /// Created with the first started handle; kept until the loop goes.
    pipe: Option<SignalPipe>,
    /// Started handles in dispatch order.
    started: Vec<Watch>,
    /// Signal numbers read from the pipe, kept for its capacity.
    caught: Vec<u8>,
    /// The handles one caught signal goes to, kept for its capacity.
    targets: Vec<HandleId>,
}

impl Signals {
    fn find(&self, id: HandleId) -> Option<usize> {
        self.started.iter().position(|w| w.id == id)
    }

    fn mask(&self) -> u64 {
        self.started
            .iter()
            .fold(0, |mask, w| mask | SignalPipe::mask_bit(w.signum))
    }
}

impl Loop {
    /// Starts watching `signum`; `oneshot` stops the handle after its first
    /// callback. A handle already watching `signum` carries on unchanged
    /// (the C layer swaps its callback); one watching another signal is
    /// moved. `EINVAL` for 0, a number that is no signal, SIGKILL or
    /// SIGSTOP.
    pub fn signal_start(&self, id: HandleId, signum: i32, oneshot: bool) -> Result<()> {
        if signum == 0 || self.kind(id) != Some(Kind::Signal) || self.is_closing(id) {
            return Err(Error::from_code(code::EINVAL));
        }
        let token = self.token(id).ok_or(Error::from_code(code::EINVAL))?;
        if self.signal_watched(id) == Some(signum) {
            return Ok(());
        }
        self.signal_stop(id);
        let io = |e: std::io::Error| Error::from_io(&e);
        let mut signals = self.signals.borrow_mut();
        if signals.pipe.is_none() {
            let pipe = SignalPipe::new().map_err(io)?;
            self.poller
                .add(pipe.read_fd(), SIGNAL_TOKEN, crate::sys::ready::READABLE)
                .map_err(io)?;
            signals.pipe = Some(pipe);
        }
        sys_signal::watch(signum, oneshot).map_err(io)?;
        let watch = Watch {
            signum,
            oneshot,
            token,
            id,
        };
        let at = signals
            .started
            .partition_point(|w| w.order() < watch.order());
        signals.started.insert(at, watch);
        let mask = signals.mask();
        signals.pipe.as_ref().expect("created above").set_mask(mask);
        drop(signals);
        self.handle_start(id);
        Ok(())
    }

    /// Stops watching; stopping a stopped handle does nothing.
    pub fn signal_stop(&self, id: HandleId) {
        let mut signals = self.signals.borrow_mut();
        let Some(at) = signals.find(id) else {
            return;
        };
        let watch = signals.started.remove(at);
        let mask = signals.mask();
        if let Some(pipe) = &signals.pipe {
            pipe.set_mask(mask);
        }
        drop(signals);
        sys_signal::unwatch(watch.signum, watch.oneshot);
        self.host.signal_stopped(watch.token);
        if self.flags(id) & flags::ACTIVE != 0 {
            self.handle_stop(id);
        }
    }

    /// The signal the handle watches, if it is started.
    pub fn signal_watched(&self, id: HandleId) -> Option<i32> {
        let signals = self.signals.borrow();
        signals.find(id).map(|at| signals.started[at].signum)
    }

    /// Runs the callbacks of the signals caught since the last poll, in the
    /// order they were caught.
    pub(crate) fn run_signals(&self) {
        let mut caught = {
            let mut signals = self.signals.borrow_mut();
            let mut caught = std::mem::take(&mut signals.caught);
            caught.clear();
            if let Some(pipe) = &signals.pipe {
                pipe.drain(&mut caught);
            }
            caught
        };
        let mut targets = std::mem::take(&mut self.signals.borrow_mut().targets);
        for &signum in &caught {
            let signum = i32::from(signum);
            targets.clear();
            targets.extend(
                self.signals
                    .borrow()
                    .started
                    .iter()
                    .filter(|w| w.signum == signum)
                    .map(|w| w.id),
            );
            for &id in &targets {
                if self.halted() {
                    break;
                }
                // An earlier callback may have stopped or moved this one.
                if self.signal_watched(id) != Some(signum) {
                    continue;
                }
                self.fire_event(id, &Event::Signal { signum });
                let oneshot = {
                    let signals = self.signals.borrow();
                    signals
                        .find(id)
                        .is_some_and(|at| signals.started[at].oneshot)
                };
                if oneshot {
                    self.signal_stop(id);
                }
            }
        }
        caught.clear();
        let mut signals = self.signals.borrow_mut();
        signals.caught = caught;
        signals.targets = targets;
    }

    /// After a fork: a pipe of the child's own, in the new epoll.
    pub(crate) fn signals_after_fork(&self) -> Result<()> {
        let io = |e: std::io::Error| Error::from_io(&e);
        let mut signals = self.signals.borrow_mut();
        if let Some(pipe) = signals.pipe.as_mut() {
            pipe.renew().map_err(io)?;
            self.poller
                .add(pipe.read_fd(), SIGNAL_TOKEN, crate::sys::ready::READABLE)
                .map_err(io)?;
        }
        Ok(())
    }
}
