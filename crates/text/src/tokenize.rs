//! Rule-based tokeniser for news, close to Universal Dependencies English.

use crate::lexicon::{abbreviation, keeps_hyphen};
use wirecode_doc::{Span, Token, TokenKind};

/// True for every quotation-mark character we recognise, in any style.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

fn is_open_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '¿' | '¡')
}

fn is_close_punct(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | ',' | ';' | ':' | '!' | '?')
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₹' | '#')
}

/// Tokenises the text under `span`, appending to `out`.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let s = &text[span.start..span.end];
    let mut chunk_start: Option<usize> = None;
    let mut space_before = true;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(cs) = chunk_start.take() {
                chunk(text, span.start + cs, span.start + i, space_before, out);
            }
            space_before = true;
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(cs) = chunk_start {
        chunk(text, span.start + cs, span.end, space_before, out);
    }
}

struct Emitter<'a> {
    out: &'a mut Vec<Token>,
    space_before: bool,
}

impl Emitter<'_> {
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if start < end {
            self.out.push(Token {
                span: Span::new(start, end),
                kind,
                space_before: std::mem::take(&mut self.space_before),
                ..Default::default()
            });
        }
    }
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

fn looks_like_url(s: &str) -> bool {
    let l = s.trim_start_matches(|c: char| is_quote_char(c) || is_open_punct(c));
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("www.")
        || (l.contains('@') && l.contains('.') && l.chars().filter(|&c| c == '@').count() == 1)
}

/// Tokenises one whitespace-free chunk `text[start..end]`.
fn chunk(text: &str, start: usize, end: usize, space_before: bool, out: &mut Vec<Token>) {
    let mut em = Emitter { out, space_before };
    let mut a = start;
    let mut b = end;
    let url = looks_like_url(&text[a..b]);
    // Leading punctuation.
    while a < b {
        let rest = &text[a..b];
        let c = first_char(rest).unwrap();
        let n = c.len_utf8();
        if rest.starts_with("''") || rest.starts_with("``") {
            // Typewriter double quotes written as two marks (''Like this,'' he said).
            em.push(a, a + 2, TokenKind::Quote);
            a += 2;
            continue;
        }
        if is_quote_char(c) {
            // An apostrophe before a digit is an elision ('90s), not a quote.
            let next = rest[n..].chars().next();
            if c == '\'' && next.is_some_and(|d| d.is_ascii_digit()) {
                break;
            }
            em.push(a, a + n, TokenKind::Quote);
        } else if is_open_punct(c) || is_dash(c) || c == '…' {
            em.push(a, a + n, TokenKind::Punct);
        } else if rest.starts_with("--") || rest.starts_with("...") {
            let k = rest
                .bytes()
                .take_while(|&x| x == rest.as_bytes()[0])
                .count();
            em.push(a, a + k, TokenKind::Punct);
            a += k;
            continue;
        } else if is_currency(c) && rest[n..].starts_with(|d: char| d.is_ascii_digit()) {
            em.push(a, a + n, TokenKind::Punct);
        } else {
            break;
        }
        a += n;
    }
    // Trailing punctuation, collected back to front.
    let mut tail: Vec<(usize, usize, TokenKind)> = Vec::new();
    while a < b {
        let rest = &text[a..b];
        let c = last_char(rest).unwrap();
        let n = c.len_utf8();
        if rest.ends_with("...") || rest.ends_with("--") {
            let k = rest
                .bytes()
                .rev()
                .take_while(|&x| x == rest.as_bytes()[rest.len() - 1])
                .count();
            tail.push((b - k, b, TokenKind::Punct));
            b -= k;
            continue;
        }
        if rest.ends_with("''") && rest.len() > 2 {
            tail.push((b - 2, b, TokenKind::Quote));
            b -= 2;
            continue;
        }
        if is_quote_char(c) {
            tail.push((b - n, b, TokenKind::Quote));
        } else if is_close_punct(c) || is_dash(c) || c == '…' || (c == '%' && rest.len() > 1) {
            tail.push((b - n, b, TokenKind::Punct));
        } else if c == '.' {
            let core = &rest[..rest.len() - 1];
            if core.is_empty() || (!url && abbreviation(core).is_some()) {
                break;
            }
            tail.push((b - 1, b, TokenKind::Punct));
        } else {
            break;
        }
        b -= n;
    }
    if a < b {
        if url {
            em.push(a, b, TokenKind::Word);
        } else {
            split_core(text, a, b, &mut em);
        }
    }
    for (s, e, k) in tail.into_iter().rev() {
        em.push(s, e, k);
    }
}

/// Particles that join the parts of Arabic and Urdu names.
const PARTICLES: [&str; 7] = ["ul", "ur", "ud", "us", "un", "al", "el"];

/// Whether a token is a name joined by a particle ("Inzamam-ul-Haq"), as
/// the tokeniser keeps such names whole.
pub fn joined_by_particle(word: &str) -> bool {
    PARTICLES.iter().any(|p| {
        word.split_once(&format!("-{p}-")[..])
            .is_some_and(|(a, b)| {
                a.starts_with(char::is_uppercase) && b.starts_with(char::is_uppercase)
            })
    })
}

/// Arabic and Urdu names joined by a particle stay one word:
/// "Inzamam-ul-Haq", "Ata-ur-Rehman", "Saif-al-Islam". `left` is the word
/// so far, `rest` what follows the hyphen.
fn name_particle(left: &str, rest: &str) -> bool {
    let upper_after = |r: &str| r.chars().next().is_some_and(char::is_uppercase);
    // Before the particle: "Inzamam" + "ul-Haq".
    let before = left.starts_with(char::is_uppercase)
        && PARTICLES.iter().any(|p| {
            rest.strip_prefix(p)
                .and_then(|r| r.strip_prefix('-'))
                .is_some_and(upper_after)
        });
    // After it: "Inzamam-ul" + "Haq".
    let after = upper_after(rest)
        && left.starts_with(char::is_uppercase)
        && PARTICLES
            .iter()
            .any(|p| left.strip_suffix(p).is_some_and(|l| l.ends_with('-')));
    before || after
}

/// Splits a chunk with no leading or trailing punctuation at inner dashes,
/// slashes, ellipses, quotes and hyphens, then splits clitics off each word.
fn split_core(text: &str, start: usize, end: usize, em: &mut Emitter) {
    let s = &text[start..end];
    let mut word_start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let n = c.len_utf8();
        let prev = s[..i].chars().next_back();
        let next = s[i + n..].chars().next();
        let split_len = if is_dash(c) || c == '…' {
            n
        } else if (c == '-' || c == '.') && s[i..].starts_with(if c == '-' { "--" } else { "..." })
        {
            s[i..].bytes().take_while(|&x| x == c as u8).count()
        } else if c == '/'
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic)
        {
            n
        } else if c == '-' && i > word_start && next.is_some_and(char::is_alphanumeric) {
            let left = &s[word_start..i];
            let both_numeric = left.chars().all(|x| x.is_ascii_digit())
                && next.is_some_and(|x| x.is_ascii_digit());
            if both_numeric
                || left.chars().count() == 1
                || keeps_hyphen(left)
                || name_particle(left, &s[i + n..])
            {
                0
            } else {
                n
            }
        } else if matches!(c, '"' | '“' | '”' | '«' | '»') {
            n
        } else {
            0
        };
        if split_len > 0 {
            word(text, start + word_start, start + i, em);
            let kind = if is_quote_char(c) {
                TokenKind::Quote
            } else {
                TokenKind::Punct
            };
            em.push(start + i, start + i + split_len, kind);
            word_start = i + split_len;
            while iter.peek().is_some_and(|&(j, _)| j < word_start) {
                iter.next();
            }
        }
    }
    word(text, start + word_start, end, em);
}

/// Clitics split off the end of a word, UD style (`do n't`, `Syria 's`).
const CLITICS: [&str; 7] = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

fn word(text: &str, start: usize, end: usize, em: &mut Emitter) {
    if start >= end {
        return;
    }
    let w = &text[start..end];
    // Compare with curly apostrophes folded to straight ones.
    let folded: String = w.chars().map(|c| if c == '’' { '\'' } else { c }).collect();
    let lower = folded.to_lowercase();
    for cl in CLITICS {
        if lower.len() > cl.len() && lower.ends_with(cl) {
            // Byte length of the clitic in the original (’ is 3 bytes).
            let clitic_chars = cl.chars().count();
            let cut = w
                .char_indices()
                .rev()
                .nth(clitic_chars - 1)
                .map(|(i, _)| i)
                .unwrap_or(0);
            let base = &w[..cut];
            if base.is_empty() || !base.chars().last().is_some_and(char::is_alphabetic) {
                continue;
            }
            // can't -> ca n't, won't -> wo n't
            em.push(start, start + cut, TokenKind::Word);
            em.push(start + cut, end, TokenKind::Clitic);
            return;
        }
    }
    let kind = if w.starts_with(|c: char| c.is_ascii_digit()) {
        TokenKind::Number
    } else if w.chars().all(|c| !c.is_alphanumeric()) {
        TokenKind::Punct
    } else {
        TokenKind::Word
    };
    em.push(start, end, kind);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn clitics_and_quotes() {
        assert_eq!(
            toks("\"We're not the fighters; they are,\" Kerry said."),
            vec![
                "\"", "We", "'re", "not", "the", "fighters", ";", "they", "are", ",", "\"",
                "Kerry", "said", "."
            ]
        );
        assert_eq!(toks("don’t can't"), vec!["do", "n’t", "ca", "n't"]);
        assert_eq!(
            toks("Syria's Damascus'"),
            vec!["Syria", "'s", "Damascus", "'"]
        );
    }

    #[test]
    fn abbreviations_numbers_and_symbols() {
        assert_eq!(
            toks("Mr. Smith paid $5.5 million (3%) in the U.S. on Dec. 6."),
            vec![
                "Mr.", "Smith", "paid", "$", "5.5", "million", "(", "3", "%", ")", "in", "the",
                "U.S.", "on", "Dec.", "6", "."
            ]
        );
        assert_eq!(toks("1,000 people"), vec!["1,000", "people"]);
        // Party-and-state labels keep their final period.
        assert_eq!(
            toks("Rep. Jeffries (D-N.Y.) spoke to Plan-B."),
            vec!["Rep.", "Jeffries", "(", "D-N.Y.", ")", "spoke", "to", "Plan", "-", "B", "."]
        );
    }

    #[test]
    fn dashes_hyphens_and_datelines() {
        assert_eq!(
            toks("WASHINGTON (AFP) – pro-Damascus militias—and U.S.-led three-quarters co-founder 2016-17"),
            vec!["WASHINGTON", "(", "AFP", ")", "–", "pro-Damascus", "militias", "—", "and", "U.S.", "-", "led", "three", "-", "quarters", "co-founder", "2016-17"]
        );
        assert_eq!(
            toks("Inzamam-ul-Haq and Ata-ur-Rehman faced Ul-Haq's side"),
            vec![
                "Inzamam-ul-Haq",
                "and",
                "Ata-ur-Rehman",
                "faced",
                "Ul",
                "-",
                "Haq",
                "'s",
                "side"
            ]
        );
        assert_eq!(
            toks("Aleppo... But--no"),
            vec!["Aleppo", "...", "But", "--", "no"]
        );
    }

    #[test]
    fn styles_of_quotation_mark() {
        assert_eq!(
            toks("«Non» ‘Yes’ “No”"),
            vec!["«", "Non", "»", "‘", "Yes", "’", "“", "No", "”"]
        );
        assert_eq!(toks("the '90s"), vec!["the", "'90s"]);
        assert_eq!(
            toks("''It's over,'' he said."),
            vec!["''", "It", "'s", "over", ",", "''", "he", "said", "."]
        );
    }

    #[test]
    fn urls_stay_whole() {
        assert_eq!(
            toks("See https://example.org/a/b.html."),
            vec!["See", "https://example.org/a/b.html", "."]
        );
    }

    #[test]
    fn offsets_are_exact_for_multibyte_text() {
        let text = "Élysée “said” naïve—ok";
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        for t in &out {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        }
        assert_eq!(
            toks(text),
            vec!["Élysée", "“", "said", "”", "naïve", "—", "ok"]
        );
    }
}
