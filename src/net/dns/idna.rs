//! Host names to ASCII before they reach the resolver, as `uv_getaddrinfo`
//! does: each label with non-ASCII characters becomes "xn--" and its
//! Punycode form (RFC 3492); the ideographic full stops U+3002, U+FF0E and
//! U+FF61 separate labels like ".". Nothing else is changed: no case
//! folding, no normalisation.
//!
//! libuv's reading of UTF-8 is looser than the standard's in one way kept
//! here, because it decides which names are refused: a multi-byte sequence
//! is accepted when its continuation bytes, XORed together (with the lead's
//! implied one for a short sequence), look like one continuation byte, and
//! a lead byte near the end of the input is read as the longest sequence
//! that still fits.

use crate::error::{code, Error, Result};

/// What `uv_getaddrinfo` allows for the converted name, its NUL included.
pub const HOST_BUFFER: usize = 256;

/// The code point starting at `input[*pos]`, moving `pos` past it; None for
/// a sequence libuv refuses.
fn decode(input: &[u8], pos: &mut usize) -> Option<u32> {
    let lead = u32::from(input[*pos]);
    *pos += 1;
    if lead < 0x80 {
        return Some(lead);
    }
    if lead > 0xF7 {
        return None;
    }
    let left = input.len() - *pos;
    let mut next = || {
        let byte = u32::from(input[*pos]);
        *pos += 1;
        byte
    };
    // (minimum code point, payload of the lead, three continuation bytes)
    let (min, a, b, c, d) = if left >= 3 && lead > 0xEF {
        (0x10000, lead & 7, next(), next(), next())
    } else if left >= 2 && lead > 0xDF {
        (0x800, 0, 0x80 | (lead & 15), next(), next())
    } else if left >= 1 && lead > 0xBF {
        (0x80, 0, 0x80, 0x80 | (lead & 31), next())
    } else {
        return None;
    };
    if (b ^ c ^ d) & 0xC0 != 0x80 {
        return None;
    }
    let point = (a << 18) | ((b & 63) << 12) | ((c & 63) << 6) | (d & 63);
    let valid = point >= min && point <= 0x10FFFF && !(0xD800..=0xDFFF).contains(&point);
    valid.then_some(point)
}

/// The code points of a label that is known to decode.
fn points(label: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        (pos < label.len()).then(|| decode(label, &mut pos).expect("label was validated"))
    })
}

/// Output that drops what does not fit; whether it all fitted is decided
/// at the end, when the NUL needs room too.
struct Out<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl Out<'_> {
    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }
}

const DIGITS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// RFC 3492's bias adaptation.
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > 35 * 26 / 2 {
        delta /= 35;
        k += 36;
    }
    k + 36 * delta / (delta + 38)
}

/// Writes one label: as is when it is all ASCII, else in its "xn--" form.
fn label_to_ascii(label: &[u8], out: &mut Out<'_>) -> Result<()> {
    let mut basic = 0u32;
    let mut todo = 0u32;
    let mut pos = 0;
    while pos < label.len() {
        match decode(label, &mut pos) {
            Some(c) if c < 0x80 => basic += 1,
            Some(_) => todo += 1,
            None => return Err(Error::from_code(code::EINVAL)),
        }
    }
    if todo > 0 {
        b"xn--".iter().for_each(|&b| out.push(b));
    }
    points(label)
        .filter(|&c| c < 0x80)
        .for_each(|c| out.push(c as u8));
    if todo == 0 {
        return Ok(());
    }
    if basic > 0 {
        out.push(b'-');
    }
    let overflow = || Error::from_code(code::E2BIG);
    let (mut n, mut bias, mut delta, mut handled) = (0x80u32, 72u32, 0u32, basic);
    let mut first = true;
    while todo > 0 {
        let m = points(label).filter(|&c| c >= n).min().unwrap_or(u32::MAX);
        let steps = m - n;
        if steps > !delta / (handled + 1) {
            return Err(overflow());
        }
        delta += steps * (handled + 1);
        n = m;
        for c in points(label) {
            if c < n {
                delta = delta.wrapping_add(1);
                if delta == 0 {
                    return Err(overflow());
                }
            }
            if c != n {
                continue;
            }
            let mut q = delta;
            let mut k = 36u32;
            loop {
                let t = k.saturating_sub(bias).clamp(1, 26);
                if q < t {
                    break;
                }
                out.push(DIGITS[(t + (q - t) % (36 - t)) as usize]);
                q = (q - t) / (36 - t);
                k += 36;
            }
            out.push(DIGITS[q as usize]);
            bias = adapt(delta, handled + 1, first);
            first = false;
            delta = 0;
            handled += 1;
            todo -= 1;
        }
        delta = delta.wrapping_add(1);
        n += 1;
    }
    Ok(())
}

/// Whether a code point separates labels.
fn is_dot(c: u32) -> bool {
    matches!(c, 0x2E | 0x3002 | 0xFF0E | 0xFF61)
}

/// Converts a host name into `out`, NUL-terminated; returns its length
/// without the NUL. Errors as `uv_getaddrinfo` gives them: `EINVAL` for an
/// empty name, bad UTF-8 or a result (with its NUL) longer than `out`,
/// `E2BIG` when a label's Punycode arithmetic would overflow.
pub fn to_ascii(name: &[u8], out: &mut [u8]) -> Result<usize> {
    if name.is_empty() {
        return Err(Error::from_code(code::EINVAL));
    }
    let mut out = Out { buf: out, len: 0 };
    let mut start = 0;
    let mut pos = 0;
    while pos < name.len() {
        let at = pos;
        // Scanned against the whole name, as libuv does: a lead byte just
        // before a dot may take the dot as a continuation byte.
        let c = decode(name, &mut pos).ok_or(Error::from_code(code::EINVAL))?;
        if !is_dot(c) {
            continue;
        }
        label_to_ascii(&name[start..at], &mut out)?;
        out.push(b'.');
        start = pos;
    }
    if start < name.len() {
        label_to_ascii(&name[start..], &mut out)?;
    }
    if out.len >= out.buf.len() {
        return Err(Error::from_code(code::EINVAL));
    }
    let len = out.len;
    out.buf[len] = 0;
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ascii(name: &str) -> Result<String> {
        let mut buf = [0u8; HOST_BUFFER];
        let len = to_ascii(name.as_bytes(), &mut buf)?;
        assert_eq!(buf[len], 0);
        Ok(String::from_utf8(buf[..len].to_vec()).unwrap())
    }

    #[test]
    fn ascii_names_pass_unchanged() {
        assert_eq!(ascii("localhost").unwrap(), "localhost");
        assert_eq!(ascii("Example.COM.").unwrap(), "Example.COM.");
        assert_eq!(ascii("a..b").unwrap(), "a..b");
        assert_eq!(ascii("::1").unwrap(), "::1");
    }

    #[test]
    fn rfc3492_samples() {
        assert_eq!(ascii("bücher.example").unwrap(), "xn--bcher-kva.example");
        assert_eq!(ascii("münchen").unwrap(), "xn--mnchen-3ya");
        assert_eq!(ascii("ü").unwrap(), "xn--tda");
        // RFC 3492 7.1 (A) Arabic and (B) simplified Chinese.
        assert_eq!(
            ascii("ليهمابتكلموشعربي؟").unwrap(),
            "xn--egbpdaj6bu4bxfgehfvwxn"
        );
        assert_eq!(
            ascii("他们为什么不说中文").unwrap(),
            "xn--ihqwcrb4cv8a8dqg056pqjye"
        );
        // (L) mixed: "3<nen>B<gumi><kinpachi><sensei>".
        assert_eq!(
            ascii("3年B組金八先生").unwrap(),
            "xn--3B-ww4c5e180e575a65lsy2b"
        );
        // The ideographic full stop separates labels.
        assert_eq!(ascii("bücher。example").unwrap(), "xn--bcher-kva.example");
    }

    #[test]
    fn refusals() {
        let err = |name: &[u8]| to_ascii(name, &mut [0u8; HOST_BUFFER]).unwrap_err().name();
        assert_eq!(err(b""), "EINVAL");
        assert_eq!(err(b"\xff"), "EINVAL");
        assert_eq!(err(b"ok.\x80"), "EINVAL");
        assert_eq!(err(b"\xed\xa0\x80"), "EINVAL"); // a surrogate
        assert_eq!(err(b"\xc0\x80"), "EINVAL"); // overlong
        assert_eq!(err(&[b'a'; 256]), "EINVAL"); // no room for the NUL
        assert!(to_ascii(&[b'a'; 255], &mut [0u8; HOST_BUFFER]).is_ok());
        // Far apart code points after many ASCII ones overflow the delta.
        let mut long = vec![b'a'; 5000];
        long.extend_from_slice("\u{10FFFF}".as_bytes());
        assert_eq!(err(&long), "E2BIG");
    }

    #[test]
    fn libuv_accepts_some_malformed_sequences() {
        // Continuation bytes that XOR into one continuation byte.
        let mut buf = [0u8; HOST_BUFFER];
        assert!(to_ascii(b"\xe4AA", &mut buf).is_ok());
    }
}
