//! Plain text out of RTF documents (some news archives save articles as
//! RTF under a `.txt` name): control words and destinations are dropped,
//! `\par` becomes a paragraph break, `\'hh` and `\uN` escapes become characters.

/// The text of an RTF document.
pub fn to_text(rtf: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = rtf.chars().collect();
    let mut i = 0;
    // Depth of groups being skipped (font tables, `{\*...}` destinations, ...).
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' => {
                depth += 1;
                let dest = chars.get(i + 1) == Some(&'\\')
                    && (chars.get(i + 2) == Some(&'*')
                        || [
                            "fonttbl",
                            "colortbl",
                            "stylesheet",
                            "info",
                            "pict",
                            "expandedcolortbl",
                            "listtable",
                            "header",
                            "footer",
                        ]
                        .iter()
                        .any(|w| chars[i + 2..].iter().take(w.len()).copied().eq(w.chars())));
                if dest && skip_from.is_none() {
                    skip_from = Some(depth);
                }
                i += 1;
            }
            '}' => {
                if skip_from == Some(depth) {
                    skip_from = None;
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            '\\' => {
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if next == '\'' {
                    let hex: String = chars.iter().skip(i + 2).take(2).collect();
                    if let Ok(b) = u8::from_str_radix(&hex, 16) {
                        if skip_from.is_none() {
                            out.push(
                                crate::decode::decode_text(&[b])
                                    .0
                                    .chars()
                                    .next()
                                    .unwrap_or(' '),
                            );
                        }
                    }
                    i += 4;
                } else if next.is_ascii_alphabetic() {
                    let mut j = i + 1;
                    while j < chars.len() && chars[j].is_ascii_alphabetic() {
                        j += 1;
                    }
                    let word: String = chars[i + 1..j].iter().collect();
                    let mut k = j;
                    if k < chars.len() && (chars[k] == '-' || chars[k].is_ascii_digit()) {
                        k += 1;
                        while k < chars.len() && chars[k].is_ascii_digit() {
                            k += 1;
                        }
                    }
                    let arg: String = chars[j..k].iter().collect();
                    if k < chars.len() && chars[k] == ' ' {
                        k += 1;
                    }
                    if skip_from.is_none() {
                        match word.as_str() {
                            "par" | "line" => out.push('\n'),
                            "tab" => out.push('\t'),
                            "u" => {
                                if let Some(ch) = arg
                                    .parse::<i32>()
                                    .ok()
                                    .and_then(|n| char::from_u32(n.rem_euclid(65536) as u32))
                                {
                                    out.push(ch);
                                }
                                // Skip the one-character fallback that follows \uN.
                                if k < chars.len()
                                    && chars[k] != '\\'
                                    && chars[k] != '{'
                                    && chars[k] != '}'
                                {
                                    k += 1;
                                }
                            }
                            _ => {}
                        }
                    }
                    i = k;
                } else {
                    // Escaped symbol: \\ \{ \} or a line break after a backslash.
                    if skip_from.is_none() {
                        match next {
                            '\\' | '{' | '}' => out.push(next),
                            '\n' => out.push('\n'),
                            '~' => out.push(' '),
                            _ => {}
                        }
                    }
                    i += 2;
                }
            }
            '\r' | '\n' => i += 1,
            _ => {
                if skip_from.is_none() && depth > 0 {
                    out.push(c);
                }
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_rtf() {
        let rtf = r"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}{\colortbl;\red255;}\f0\fs24 Talks \'93resume\'94 today\par
Second \u8220?para\u8221?.\par}";
        assert_eq!(to_text(rtf), "Talks “resume” today\nSecond “para”.\n");
    }
}
