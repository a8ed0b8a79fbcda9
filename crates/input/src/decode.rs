//! Byte decoding: UTF-8, with a Windows-1252 fallback for legacy files.

/// Windows-1252 code points for bytes 0x80..=0x9F (0 = undefined).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// Decodes `bytes` as UTF-8; when that fails, decodes the whole buffer as
/// Windows-1252 (a superset of Latin-1 for printable text, and what legacy
/// news files use) and returns the byte offset of the first invalid byte.
pub fn decode_text(bytes: &[u8]) -> (String, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(e) => {
            let at = e.valid_up_to();
            let s = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => match CP1252_HIGH[(b - 0x80) as usize] {
                        0 => '\u{FFFD}',
                        c => char::from_u32(c as u32).unwrap_or('\u{FFFD}'),
                    },
                    _ => b as char,
                })
                .collect();
            (s, Some(at))
        }
    }
}

/// True when `bytes` look like a binary file rather than text: a NUL byte,
/// or many control characters, in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    ctrl * 20 > head.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        assert_eq!(
            decode_text("naïve “x”".as_bytes()),
            ("naïve “x”".to_string(), None)
        );
    }

    #[test]
    fn latin1_and_cp1252_fallback() {
        let (s, at) = decode_text(b"caf\xe9 \x93quoted\x94");
        assert_eq!(s, "café “quoted”");
        assert_eq!(at, Some(3));
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(&[0x7f, 0x45, 0x4c, 0x46, 0, 1]));
        assert!(!looks_binary(b"plain text\n"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, 6, 7, 8]));
    }
}
