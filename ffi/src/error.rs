//! Error exports. (Placeholder.)
pub const UV_EINVAL: libc::c_int = -22;
