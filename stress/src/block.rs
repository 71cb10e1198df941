//! The integrity format: every message sent, datagram echoed and file block
//! written is a self-describing block, so whoever reads it back can tell
//! whether it is intact and whether it is the one expected.
//!
//! ```text
//! 0..4    magic "RUVS"
//! 4..8    length of the whole block, header included (u32, little-endian)
//! 8..16   id: the connection, socket or (file, block) it belongs to
//! 16..24  seq: the message number, or the file block's generation
//! 24..32  checksum of bytes 0..24 and of the payload
//! 32..    payload, derived from (id, seq)
//! ```
//!
//! The payload differs from block to block, so a block read from the wrong
//! place fails its checksum or its (id, seq) check. The checksum is a
//! multiply-rotate chain over 64-bit words: not cryptographic, but every
//! bit of every word moves it, and it runs at several GB/s.

pub const HEADER: usize = 32;
const MAGIC: &[u8; 4] = b"RUVS";
const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// What is wrong with a block that fails [`verify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    /// No magic, or a length other than the block's.
    Header,
    /// The checksum does not match the contents.
    Checksum,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Damage::Header => "bad header",
            Damage::Checksum => "bad checksum",
        })
    }
}

fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(w)
}

fn checksum(head: &[u8], payload: &[u8]) -> u64 {
    let mut h = 0x243F_6A88_85A3_08D3u64;
    let mut mix = |w: u64| h = (h.rotate_left(23) ^ w).wrapping_mul(MUL);
    for chunk in head.chunks(8) {
        mix(word(chunk));
    }
    let mut words = payload.chunks_exact(8);
    for chunk in &mut words {
        mix(word(chunk));
    }
    mix(word(words.remainder()) ^ payload.len() as u64);
    h
}

/// Writes a whole block for (`id`, `seq`) into `buf` (its length is the
/// block's: at least [`HEADER`] bytes, at most 4 GiB).
pub fn fill(buf: &mut [u8], id: u64, seq: u64) {
    assert!(buf.len() >= HEADER && buf.len() <= u32::MAX as usize);
    let len = buf.len() as u32;
    let (head, payload) = buf.split_at_mut(HEADER);
    head[0..4].copy_from_slice(MAGIC);
    head[4..8].copy_from_slice(&len.to_le_bytes());
    head[8..16].copy_from_slice(&id.to_le_bytes());
    head[16..24].copy_from_slice(&seq.to_le_bytes());
    let seed = (id.rotate_left(32) ^ seq).wrapping_mul(MUL);
    let mut chunks = payload.chunks_exact_mut(8);
    let mut i = 0u64;
    for chunk in &mut chunks {
        chunk.copy_from_slice(&(seed.wrapping_add(i)).wrapping_mul(MUL).to_le_bytes());
        i += 1;
    }
    let last = (seed.wrapping_add(i)).wrapping_mul(MUL).to_le_bytes();
    let rest = chunks.into_remainder();
    let n = rest.len();
    rest.copy_from_slice(&last[..n]);
    let sum = checksum(&head[..24], payload);
    head[24..32].copy_from_slice(&sum.to_le_bytes());
}

/// Checks a whole block and says whose it is: `(id, seq)`.
pub fn verify(buf: &[u8]) -> Result<(u64, u64), Damage> {
    if buf.len() < HEADER || &buf[0..4] != MAGIC || word(&buf[4..8]) != buf.len() as u64 {
        return Err(Damage::Header);
    }
    let (head, payload) = buf.split_at(HEADER);
    if checksum(&head[..24], payload) != word(&head[24..32]) {
        return Err(Damage::Checksum);
    }
    Ok((word(&head[8..16]), word(&head[16..24])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_block_verifies_as_its_own() {
        for len in [HEADER, HEADER + 1, 100, 4096, 65_507] {
            let mut buf = vec![0; len];
            fill(&mut buf, 42, 7);
            assert_eq!(verify(&buf), Ok((42, 7)), "len {len}");
        }
    }

    #[test]
    fn any_flipped_bit_is_caught() {
        let mut buf = vec![0; 300];
        fill(&mut buf, 1, 2);
        for byte in 0..buf.len() {
            for bit in 0..8 {
                buf[byte] ^= 1 << bit;
                assert!(verify(&buf).is_err(), "byte {byte} bit {bit}");
                buf[byte] ^= 1 << bit;
            }
        }
    }

    #[test]
    fn blocks_differ_and_a_short_block_is_refused() {
        let (mut a, mut b) = (vec![0; 64], vec![0; 64]);
        fill(&mut a, 1, 1);
        fill(&mut b, 1, 2);
        assert_ne!(a[HEADER..], b[HEADER..]);
        assert_eq!(verify(&a[..63]), Err(Damage::Header));
        assert_eq!(verify(&[0; 8]), Err(Damage::Header));
    }
}
