//! eventfd.
pub struct EventFd;
