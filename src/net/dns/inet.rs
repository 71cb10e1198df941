//! IP addresses to and from text, with the rules of libuv's `uv_inet_pton`
//! and `uv_inet_ntop` (which are stricter or different from the C
//! library's in places):
//!
//! - IPv4 is exactly four decimal parts of 0-255 separated by dots, with no
//!   leading zeros ("01.2.3.4" is refused) and nothing else.
//! - IPv6 is up to eight groups of one to four hex digits, at most one "::",
//!   and optionally a dotted IPv4 tail in place of the last two groups.
//! - IPv6 text uses the longest run of two or more zero groups for "::" (the
//!   first such run on a tie), lowercase hex, and the dotted form for the
//!   last 32 bits after exactly six zero groups (`::1:2` is `::0.1.0.2`)
//!   or after five and ffff (`::ffff:1.2.3.4`).

use std::fmt::Write;

/// Parses dotted-quad IPv4 text.
pub fn parse_ipv4(text: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut part = 0;
    let mut parts = 0;
    let mut in_digits = false;
    for &ch in text {
        if ch.is_ascii_digit() {
            if in_digits && out[part] == 0 {
                return None; // a leading zero
            }
            let value = u32::from(out[part]) * 10 + u32::from(ch - b'0');
            out[part] = u8::try_from(value).ok()?;
            if !in_digits {
                parts += 1;
                if parts > 4 {
                    return None;
                }
                in_digits = true;
            }
        } else if ch == b'.' && in_digits {
            if parts == 4 {
                return None;
            }
            part += 1;
            in_digits = false;
        } else {
            return None;
        }
    }
    (parts == 4).then_some(out)
}

/// Parses IPv6 text (without a "%zone" suffix).
pub fn parse_ipv6(text: &[u8]) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    let mut len = 0; // bytes written
    let mut gap: Option<usize> = None; // where "::" stands
    let mut rest = text;
    // A leading colon must be the first of "::".
    if let Some(after) = rest.strip_prefix(b":") {
        if !after.starts_with(b":") {
            return None;
        }
        rest = after;
    }
    let mut token = 0; // start (in `rest`) of the current group
    let mut digits = 0;
    let mut value = 0u32;
    let mut i = 0;
    while i < rest.len() {
        let ch = rest[i];
        i += 1;
        if let Some(digit) = (ch as char).to_digit(16) {
            value = (value << 4) | digit;
            digits += 1;
            if digits > 4 {
                return None;
            }
            continue;
        }
        if ch == b':' {
            token = i;
            if digits == 0 {
                if gap.is_some() {
                    return None;
                }
                gap = Some(len);
                continue;
            }
            if i == rest.len() || len + 2 > 16 {
                return None; // a trailing single colon, or too many groups
            }
            out[len..len + 2].copy_from_slice(&(value as u16).to_be_bytes());
            len += 2;
            digits = 0;
            value = 0;
            continue;
        }
        if ch == b'.' && len + 4 <= 16 {
            if let Some(v4) = parse_ipv4(&rest[token..]) {
                out[len..len + 4].copy_from_slice(&v4);
                len += 4;
                digits = 0;
                break;
            }
        }
        return None;
    }
    if digits > 0 {
        if len + 2 > 16 {
            return None;
        }
        out[len..len + 2].copy_from_slice(&(value as u16).to_be_bytes());
        len += 2;
    }
    if let Some(at) = gap {
        if len == 16 {
            return None; // "::" must stand for at least one group
        }
        let tail = len - at;
        out.copy_within(at..len, 16 - tail);
        out[at..16 - tail].fill(0);
        len = 16;
    }
    (len == 16).then_some(out)
}

/// A short text buffer: IPv6 text is at most 45 bytes.
pub struct Text {
    buf: [u8; 46],
    len: usize,
}

impl Text {
    fn new() -> Text {
        Text {
            buf: [0; 46],
            len: 0,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("address text is ASCII")
    }
}

impl Write for Text {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// "a.b.c.d".
pub fn format_ipv4(addr: &[u8; 4]) -> Text {
    let mut text = Text::new();
    let _ = write!(text, "{}.{}.{}.{}", addr[0], addr[1], addr[2], addr[3]);
    text
}

/// IPv6 text as libuv writes it (see the module documentation).
pub fn format_ipv6(addr: &[u8; 16]) -> Text {
    let groups: [u16; 8] =
        std::array::from_fn(|i| u16::from_be_bytes([addr[2 * i], addr[2 * i + 1]]));
    // The longest run of zero groups, the first one on a tie.
    let (mut best, mut best_len) = (0, 0);
    let mut i = 0;
    while i < 8 {
        let run = groups[i..].iter().take_while(|&&g| g == 0).count();
        if run > best_len {
            (best, best_len) = (i, run);
        }
        i += run.max(1);
    }
    let gap = (best_len >= 2).then_some(best..best + best_len);
    let mut text = Text::new();
    for (i, group) in groups.iter().enumerate() {
        if let Some(gap) = &gap {
            if gap.contains(&i) {
                if i == gap.start {
                    let _ = text.write_char(':');
                }
                continue;
            }
        }
        if i != 0 {
            let _ = text.write_char(':');
        }
        let embeds_ipv4 = i == 6
            && gap.as_ref().is_some_and(|gap| {
                gap.start == 0 && (gap.len() == 6 || (gap.len() == 5 && groups[5] == 0xffff))
            });
        if embeds_ipv4 {
            let v4 = format_ipv4(&[addr[12], addr[13], addr[14], addr[15]]);
            let _ = text.write_str(v4.as_str());
            return text;
        }
        let _ = write!(text, "{group:x}");
    }
    if gap.is_some_and(|gap| gap.end == 8) {
        let _ = text.write_char(':');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> Option<[u8; 4]> {
        parse_ipv4(s.as_bytes())
    }

    fn v6(s: &str) -> Option<String> {
        parse_ipv6(s.as_bytes()).map(|a| format_ipv6(&a).as_str().to_string())
    }

    #[test]
    fn ipv4_text() {
        assert_eq!(v4("127.0.0.1"), Some([127, 0, 0, 1]));
        assert_eq!(v4("255.255.255.255"), Some([255; 4]));
        assert_eq!(v4("0.0.0.0"), Some([0; 4]));
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1..2.3",
            ".1.2.3",
            "1.2.3.4.",
            " 1.2.3.4",
            "0x1.2.3.4",
            "1.2.3.4 ",
        ] {
            assert_eq!(v4(bad), None, "{bad}");
        }
        assert_eq!(format_ipv4(&[10, 0, 255, 1]).as_str(), "10.0.255.1");
    }

    #[test]
    fn ipv6_text() {
        assert_eq!(v6("::").as_deref(), Some("::"));
        assert_eq!(v6("::1").as_deref(), Some("::1"));
        assert_eq!(v6("1::").as_deref(), Some("1::"));
        assert_eq!(v6("FE80:0:0:0:0:0:0:1").as_deref(), Some("fe80::1"));
        assert_eq!(v6("1:0:0:2:0:0:0:3").as_deref(), Some("1:0:0:2::3"));
        assert_eq!(v6("1:0:0:2:0:0:3:4").as_deref(), Some("1::2:0:0:3:4"));
        assert_eq!(v6("1:0:2:3:4:5:6:7").as_deref(), Some("1:0:2:3:4:5:6:7"));
        assert_eq!(v6("::ffff:1.2.3.4").as_deref(), Some("::ffff:1.2.3.4"));
        assert_eq!(v6("::1.2.3.4").as_deref(), Some("::1.2.3.4"));
        assert_eq!(v6("::1:2").as_deref(), Some("::0.1.0.2"));
        // Seven zero groups: the gap covers group 6, so no dotted tail.
        assert_eq!(v6("::0.0.0.2").as_deref(), Some("::2"));
        assert_eq!(v6("::ffff").as_deref(), Some("::ffff"));
        assert_eq!(
            v6("1:2:3:4:5:6:1.2.3.4").as_deref(),
            Some("1:2:3:4:5:6:102:304")
        );
        for bad in [
            "",
            ":",
            ":1",
            "1:",
            "1:::2",
            "::1::",
            "12345::",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8",
            "::1.2.3",
            "::1.2.3.04",
            "g::",
            "::1.2.3.4:5",
            "1:2:3:4:5:6:7:1.2.3.4",
        ] {
            assert_eq!(v6(bad), None, "{bad}");
        }
    }
}
