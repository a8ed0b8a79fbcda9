//! Sentence boundaries within one paragraph's tokens.
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis (taking any closing
//! quotes and brackets with it) when the next token can start a sentence.
//! Abbreviations that keep their period ("U.S.") end a sentence only when
//! a common sentence opener follows; titles ("Mr.") never do.

use crate::lexicon::{abbreviation, AbbrevKind};
use wirecode_doc::{Sentence, Span, Token, TokenKind};

/// Words that, capitalised after an abbreviation like "U.S.", show a new
/// sentence has begun ("... blasted the U.S. The move ...").
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "In",
    "On",
    "At",
    "As",
    "If",
    "When",
    "While",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "After",
    "Before",
    "Meanwhile",
    "However",
    "Some",
    "Many",
    "Most",
];

/// Appends the sentences of tokens `tokens[first..]` (one paragraph, index
/// `paragraph`) to `out`.
pub fn split_sentences(
    text: &str,
    tokens: &[Token],
    first: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let n = tokens.len();
    let mut start = first;
    let tok = |k: usize| &text[tokens[k].span.start..tokens[k].span.end];
    if let Some(end) = dateline_end(text, tokens, first) {
        // "SAN FRANCISCO - The ACLU is suing ...": the dateline is a sentence
        // of its own, so the parser does not read the city as a subject.
        push(tokens, first, end, paragraph, out);
        start = end;
    }
    let mut i = start;
    while i < n {
        let t = tok(i);
        let terminal = matches!(t, "." | "!" | "?" | "..." | "…")
            || t.chars().all(|c| c == '!' || c == '?') && !t.is_empty();
        let abbrev_end = !terminal
            && t.len() > 1
            && t.ends_with('.')
            && matches!(abbreviation(&t[..t.len() - 1]), Some(AbbrevKind::Other));
        if terminal || abbrev_end {
            // Take closing quotes/brackets (attached, no space before) along.
            let mut j = i + 1;
            while j < n
                && !tokens[j].space_before
                && (tokens[j].kind == TokenKind::Quote || matches!(tok(j), ")" | "]" | "}"))
            {
                j += 1;
            }
            let ends = if j >= n {
                true
            } else {
                let next = tok(j);
                if abbrev_end {
                    OPENERS.contains(&next)
                } else {
                    can_start_sentence(next, tokens[j].kind)
                        && (!matches!(t, "..." | "…") || next.starts_with(char::is_uppercase))
                }
            };
            if ends {
                push(tokens, start, j, paragraph, out);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < n {
        push(tokens, start, n, paragraph, out);
    }
}

/// Longest dateline, in tokens ("LA PAZ, Bolivia, March 15 (AFP) --").
const MAX_DATELINE_TOKENS: usize = 12;

/// The end (exclusive token index) of a wire dateline opening the paragraph
/// at `first`: capitalised words, commas, numbers, month abbreviations and a
/// bracketed agency, closed by a spaced dash (or a colon after a bracket or
/// an all-capitals word), with a capitalised word or a quote after it. A
/// mixed-case opening ("Washington - US President ...") needs a spaced dash.
fn dateline_end(text: &str, tokens: &[Token], first: usize) -> Option<usize> {
    let tok = |k: usize| &text[tokens[k].span.start..tokens[k].span.end];
    let n = tokens.len();
    if first >= n {
        return None;
    }
    let first_word = tok(first);
    if !first_word.starts_with(char::is_uppercase) {
        return None;
    }
    let all_caps = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.');
    let mut words = 0;
    let mut in_bracket = false;
    let mut saw_bracket = false;
    for k in first..n.min(first + MAX_DATELINE_TOKENS) {
        let t = tok(k);
        let dash = matches!(t, "-" | "--" | "–" | "—" | "---");
        let colon = t == ":";
        // "CAIRO - 21 July 2022: ...": a date after the dash goes on to the colon.
        let date_follows = dash
            && tokens[k].space_before
            && k + 1 < n
            && tok(k + 1).chars().all(|c| c.is_ascii_digit());
        if (dash || colon) && words > 0 && !in_bracket && !date_follows {
            let spaced = tokens[k].space_before;
            let ok = if dash {
                spaced
            } else {
                saw_bracket || all_caps(first_word)
            };
            let next_ok = k + 1 < n
                && (tok(k + 1).starts_with(char::is_uppercase)
                    || tokens[k + 1].kind == TokenKind::Quote);
            return (ok && next_ok).then_some(k + 1);
        }
        match t {
            _ if date_follows => {}
            "(" => in_bracket = true,
            ")" => {
                in_bracket = false;
                saw_bracket = true;
            }
            "," => {}
            _ if t.starts_with(char::is_uppercase) || t.chars().all(|c| c.is_ascii_digit()) => {
                words += 1
            }
            _ => return None,
        }
    }
    None
}

fn can_start_sentence(next: &str, kind: TokenKind) -> bool {
    let c = next.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_ascii_digit()
        || kind == TokenKind::Quote
        || matches!(c, '(' | '[' | '—' | '–' | '-' | '•' | '*')
}

/// Longest sentence handed on, in tokens. Text without sentence punctuation
/// (transcripts, lists, garbage) would otherwise make one huge "sentence",
/// and the later stages work sentence by sentence.
pub const MAX_SENTENCE_TOKENS: usize = 200;

fn push(tokens: &[Token], mut a: usize, b: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    // Cut over-long runs at the last ';' or ',' before the limit, else at the limit.
    while b - a > MAX_SENTENCE_TOKENS {
        let limit = a + MAX_SENTENCE_TOKENS;
        let cut = (a + MAX_SENTENCE_TOKENS / 2..limit)
            .rev()
            .find(|&k| tokens[k].kind == TokenKind::Punct && tokens[k].span.len() == 1)
            .map_or(limit, |k| k + 1);
        out.push(Sentence {
            tokens: a..cut,
            span: Span::new(tokens[a].span.start, tokens[cut - 1].span.end),
            paragraph,
        });
        a = cut;
    }
    out.push(Sentence {
        tokens: a..b,
        span: Span::new(tokens[a].span.start, tokens[b - 1].span.end),
        paragraph,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<String> {
        let mut toks = Vec::new();
        crate::tokenize(text, Span::new(0, text.len()), &mut toks);
        let mut out = Vec::new();
        split_sentences(text, &toks, 0, 0, &mut out);
        out.iter()
            .map(|s| text[s.span.start..s.span.end].to_string())
            .collect()
    }

    #[test]
    fn datelines_are_sentences_of_their_own() {
        for (text, dateline) in [
            (
                "SAN FRANCISCO - The ACLU is suing the FBI.",
                "SAN FRANCISCO -",
            ),
            (
                "JERUSALEM (AP) -- A dissident has filed a lawsuit.",
                "JERUSALEM (AP) --",
            ),
            (
                "KABUL (Pajhwok) : The OIC condemned the attack.",
                "KABUL (Pajhwok) :",
            ),
            (
                "Tehran, March 15, IRNA - The speaker condemned it.",
                "Tehran, March 15, IRNA -",
            ),
            (
                "LA PAZ, Bolivia -- Bolivia's government said so.",
                "LA PAZ, Bolivia --",
            ),
            (
                "Washington - US President Donald Trump called him.",
                "Washington -",
            ),
            (
                "CAIRO - 21 July 2022: The government attaches importance to it.",
                "CAIRO - 21 July 2022:",
            ),
        ] {
            let s = sents(text);
            assert_eq!(s[0], dateline, "{text}");
            assert_eq!(s.len(), 2, "{text}");
        }
        for text in [
            "Hamas - the Islamist group - said no.",
            "Lavrov: talks failed.",
            "The US-led coalition - which said so - struck.",
            "Kerry said: \"No.\"",
        ] {
            assert_eq!(sents(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn over_long_runs_are_cut() {
        let text = "word ".repeat(1000);
        let mut toks = Vec::new();
        crate::tokenize(&text, Span::new(0, text.len()), &mut toks);
        let mut out = Vec::new();
        split_sentences(&text, &toks, 0, 0, &mut out);
        assert_eq!(out.len(), 5);
        assert!(out.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(out.iter().map(|s| s.tokens.len()).sum::<usize>(), 1000);
    }
}
