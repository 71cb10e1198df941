//! Memory the engine reads into or writes from without owning it.
//!
//! A C caller lends buffers (`uv_buf_t`) that must stay valid until the
//! engine reports back; [`RawBuf`] carries such a loan. Making one is the
//! unsafe step: whoever makes it vouches for the memory, so every use after
//! that, in the engine, is safe.

/// A lent span of bytes, laid out as `struct iovec` (and as libuv's
/// `uv_buf_t` on Unix), so a list of them can go straight to `writev`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RawBuf {
    base: *mut u8,
    len: usize,
}

impl RawBuf {
    /// An empty loan: what an `alloc_cb` that had nothing to give returns.
    pub const EMPTY: RawBuf = RawBuf {
        base: std::ptr::null_mut(),
        len: 0,
    };

    /// # Safety
    /// Unless `len` is 0, `base` is valid for reads and writes of `len`
    /// bytes, and stays so until the engine has handed the loan back (the
    /// callback that reports on it has run).
    pub unsafe fn new(base: *mut u8, len: usize) -> RawBuf {
        RawBuf { base, len }
    }

    pub fn base(&self) -> *mut u8 {
        self.base
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a NULL base or a zero length: nothing to read into.
    pub fn is_empty(&self) -> bool {
        self.base.is_null() || self.len == 0
    }

    /// Up to `len` bytes of the loan starting at `offset` (clamped to the
    /// loan, so never more than was lent).
    pub fn window(&self, offset: usize, len: usize) -> RawBuf {
        let rest = self.advance(offset);
        RawBuf {
            base: rest.base,
            len: rest.len.min(len),
        }
    }

    /// The same loan without its first `n` bytes.
    pub fn advance(&self, n: usize) -> RawBuf {
        let n = n.min(self.len);
        RawBuf {
            base: self.base.wrapping_add(n),
            len: self.len - n,
        }
    }
}
