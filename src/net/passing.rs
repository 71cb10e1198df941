//! Handles sent over an ipc [`Pipe`]: what can be sent ([`Passable`]) and
//! what arrives ([`PassedHandle`]).

use super::callbacks::NetHandle;
use super::pipe::Pipe;
use super::tcp::TcpStream;
use crate::api::Loop;
use crate::engine::HandleId;

/// A handle whose socket can travel over an ipc pipe with
/// [`Pipe::write_with_handle`]: a [`TcpStream`] or a [`Pipe`].
pub trait Passable: sealed::Sealed {}

mod sealed {
    /// Keeps [`Passable`](super::Passable) to the types of this crate.
    pub trait Sealed {
        /// The handle's id and loop, for the engine.
        fn passed_id(&self) -> (crate::engine::HandleId, &crate::api::Loop);
    }
}

impl sealed::Sealed for TcpStream {
    fn passed_id(&self) -> (HandleId, &Loop) {
        (self.core().id(), &self.core().lp)
    }
}

impl sealed::Sealed for Pipe {
    fn passed_id(&self) -> (HandleId, &Loop) {
        (self.core().id(), &self.core().lp)
    }
}

impl Passable for TcpStream {}
impl Passable for Pipe {}

/// A handle received over an ipc pipe, from [`Pipe::accept_handle`]: an
/// open connection of this process's own, ready to read and write.
#[derive(Debug)]
pub enum PassedHandle {
    Tcp(TcpStream),
    Pipe(Pipe),
}
