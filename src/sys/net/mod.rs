//! Socket system calls: creating, binding, connecting and accepting
//! non-blocking sockets, their options, and the reads and writes the
//! stream and UDP layers make. Addresses are `socket2::SockAddr`, which
//! holds any family (IPv4, IPv6, Unix) in a `sockaddr_storage`.

mod dgram;
mod gather;
mod io;
mod options;
mod socket;

pub use dgram::{
    disconnect, recv_batch, recv_msg, send_batch, send_msg, Landing, Outgoing, Payload, Received,
    BATCH,
};
pub use gather::IoList;
pub use io::{
    read, read_raw, recv_bytes_with_fds, recv_with_fds, send_bytes_with_fd, send_with_fd, write,
    writev_raw, Calls, MAX_IOVECS,
};
pub use options::*;
pub use socket::*;
pub use socket2::SockAddr;
