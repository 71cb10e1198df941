//! Socket options of UDP handles: TTLs, broadcast, multicast loop,
//! interface and group membership, with libuv's argument checks. Options
//! whose IPv4 and IPv6 forms differ use the IPv6 one on handles bound to
//! an IPv6 address.

use super::{bits, einval, io_error};
use crate::engine::handle::HandleId;
use crate::engine::Loop;
use crate::error::Result;
use crate::sys::net::{self, SockAddr};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV6};

/// libuv's `uv_membership` values.
pub const LEAVE_GROUP: i32 = 0;
pub const JOIN_GROUP: i32 = 1;

/// An IPv4 address in dotted-quad form, as `uv_ip4_addr` reads it.
fn parse_ip4(text: &str) -> Option<Ipv4Addr> {
    text.parse().ok()
}

/// An IPv6 address with an optional `%zone` (an interface name, whose
/// number becomes the scope id; an unknown one is 0), as `uv_ip6_addr`
/// reads it.
fn parse_ip6(text: &str) -> Option<(Ipv6Addr, u32)> {
    match text.split_once('%') {
        Some((addr, zone)) => Some((addr.parse().ok()?, net::interface_index(zone))),
        None => Some((text.parse().ok()?, 0)),
    }
}

/// Join or leave, from a `uv_membership` value.
fn joining(membership: i32) -> Result<bool> {
    match membership {
        JOIN_GROUP => Ok(true),
        LEAVE_GROUP => Ok(false),
        _ => Err(einval()),
    }
}

/// The IPv4 and IPv6 (level, name) pairs of an option.
type Levels = ((i32, i32), (i32, i32));

const TTL: Levels = (
    (libc::IPPROTO_IP, libc::IP_TTL),
    (libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS),
);
const MULTICAST_TTL: Levels = (
    (libc::IPPROTO_IP, libc::IP_MULTICAST_TTL),
    (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS),
);
const MULTICAST_LOOP: Levels = (
    (libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP),
    (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP),
);

impl Loop {
    /// Sets an option in its IPv4 or IPv6 form, after libuv's range check
    /// for byte-sized values (0..=255).
    fn udp_byte_option(&self, id: HandleId, levels: Levels, value: i32) -> Result<()> {
        if !(0..=255).contains(&value) {
            return Err(einval());
        }
        self.with_udp_socket(id, |fd, udp| {
            let (level, name) = if udp.flags & bits::IPV6 != 0 {
                levels.1
            } else {
                levels.0
            };
            net::set_option(fd, level, name, value).map_err(io_error)
        })
    }

    /// The unicast TTL (hop limit), 1 to 255.
    pub fn udp_set_ttl(&self, id: HandleId, ttl: i32) -> Result<()> {
        if !(1..=255).contains(&ttl) {
            return Err(einval());
        }
        self.udp_byte_option(id, TTL, ttl)
    }

    /// The multicast TTL (hop limit), 0 to 255.
    pub fn udp_set_multicast_ttl(&self, id: HandleId, ttl: i32) -> Result<()> {
        self.udp_byte_option(id, MULTICAST_TTL, ttl)
    }

    /// Whether multicast datagrams sent come back to this host (0 to 255;
    /// nonzero is on).
    pub fn udp_set_multicast_loop(&self, id: HandleId, on: i32) -> Result<()> {
        self.udp_byte_option(id, MULTICAST_LOOP, on)
    }

    /// SO_BROADCAST, with the caller's value as is.
    pub fn udp_set_broadcast(&self, id: HandleId, on: i32) -> Result<()> {
        self.with_udp_socket(id, |fd, _| {
            net::set_option(fd, libc::SOL_SOCKET, libc::SO_BROADCAST, on).map_err(io_error)
        })
    }

    /// The interface multicast datagrams leave by: an IPv4 address, an
    /// IPv6 address whose `%zone` names the interface, or None for the
    /// kernel's choice.
    pub fn udp_set_multicast_interface(&self, id: HandleId, interface: Option<&str>) -> Result<()> {
        enum Choice {
            V4(Ipv4Addr),
            V6(u32),
        }
        let choice = match interface {
            None if self.udp_flags(id) & bits::IPV6 != 0 => Choice::V6(0),
            None => Choice::V4(Ipv4Addr::UNSPECIFIED),
            Some(text) => match (parse_ip4(text), parse_ip6(text)) {
                (Some(v4), _) => Choice::V4(v4),
                (None, Some((_, scope))) => Choice::V6(scope),
                (None, None) => return Err(einval()),
            },
        };
        self.with_udp_socket(id, |fd, _| {
            match choice {
                Choice::V4(addr) => net::set_multicast_if_v4(fd, addr),
                Choice::V6(scope) => net::set_option(
                    fd,
                    libc::IPPROTO_IPV6,
                    libc::IPV6_MULTICAST_IF,
                    scope as i32,
                ),
            }
            .map_err(io_error)
        })
    }

    /// Joins or leaves (`membership`: [`JOIN_GROUP`], [`LEAVE_GROUP`]) the
    /// multicast group `group` on the interface with address `interface`
    /// (IPv4) or named by its `%zone` (IPv6). A handle without a socket is
    /// bound to the wildcard address, with SO_REUSEADDR, first.
    pub fn udp_set_membership(
        &self,
        id: HandleId,
        group: &str,
        interface: Option<&str>,
        membership: i32,
    ) -> Result<()> {
        if let Some(group) = parse_ip4(group) {
            self.udp_ensure_socket(id, libc::AF_INET, super::uf::REUSEADDR)?;
            let interface = match interface {
                Some(text) => parse_ip4(text).ok_or(einval())?,
                None => Ipv4Addr::UNSPECIFIED,
            };
            let join = joining(membership)?;
            self.with_udp_socket(id, |fd, _| {
                net::ipv4_membership(fd, group, interface, join).map_err(io_error)
            })
        } else if let Some((group, _)) = parse_ip6(group) {
            self.udp_ensure_socket(id, libc::AF_INET6, super::uf::REUSEADDR)?;
            let interface = match interface {
                Some(text) => parse_ip6(text).ok_or(einval())?.1,
                None => 0,
            };
            let join = joining(membership)?;
            self.with_udp_socket(id, |fd, _| {
                net::ipv6_membership(fd, group, interface, join).map_err(io_error)
            })
        } else {
            Err(einval())
        }
    }

    /// Joins or leaves a multicast group for datagrams from `source` only.
    pub fn udp_set_source_membership(
        &self,
        id: HandleId,
        group: &str,
        interface: Option<&str>,
        source: &str,
        membership: i32,
    ) -> Result<()> {
        if let Some(group) = parse_ip4(group) {
            let source = parse_ip4(source).ok_or(einval())?;
            self.udp_ensure_socket(id, libc::AF_INET, super::uf::REUSEADDR)?;
            let interface = match interface {
                Some(text) => parse_ip4(text).ok_or(einval())?,
                None => Ipv4Addr::UNSPECIFIED,
            };
            let join = joining(membership)?;
            return self.with_udp_socket(id, |fd, _| {
                net::ipv4_source_membership(fd, group, interface, source, join).map_err(io_error)
            });
        }
        let (group, group_scope) = parse_ip6(group).ok_or(einval())?;
        let (source, source_scope) = parse_ip6(source).ok_or(einval())?;
        self.udp_ensure_socket(id, libc::AF_INET6, super::uf::REUSEADDR)?;
        let interface = match interface {
            Some(text) => parse_ip6(text).ok_or(einval())?.1,
            None => 0,
        };
        let join = joining(membership)?;
        let group = SockAddr::from(SocketAddrV6::new(group, 0, 0, group_scope));
        let source = SockAddr::from(SocketAddrV6::new(source, 0, 0, source_scope));
        self.with_udp_socket(id, |fd, _| {
            net::ipv6_source_membership(fd, &group, &source, interface, join).map_err(io_error)
        })
    }
}
