//! epoll.
pub struct Poller;
pub struct Event;
pub struct Events;
