//! Paragraph boundaries.
//!
//! News arrives in three shapes: paragraphs separated by blank lines, one
//! paragraph per line, and hard-wrapped wire copy (Reuters 1987) where a
//! paragraph runs over several lines and the next one is indented. A newline
//! ends a paragraph when the line after it is blank or indented, when the
//! text is not hard-wrapped, or when the line before it ends a sentence.

use wirecode_doc::Span;

/// Lines at most this long, in nearly every line, mean the text is hard-wrapped.
const WRAP_WIDTH: usize = 80;

/// Splits `text` into paragraph spans (trimmed, non-empty, in order).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let lines: Vec<Span> = line_spans(text);
    let hard_wrapped = is_hard_wrapped(text, &lines);
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    let mut prev_line = "";
    for l in &lines {
        let line = &text[l.start..l.end];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            prev_line = "";
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let start = l.start + lead;
        let end = l.start + line.trim_end().len();
        let breaks = match cur {
            None => true,
            Some(_) => !hard_wrapped || lead > 0 || ends_sentence(prev_line),
        };
        if breaks {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            cur = Some(Span::new(start, end));
        } else if let Some(p) = cur.as_mut() {
            p.end = end;
        }
        prev_line = trimmed;
    }
    out.extend(cur);
    out
}

fn line_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            spans.push(Span::new(start, i));
            start = i + 1;
        }
    }
    spans.push(Span::new(start, text.len()));
    spans
}

fn is_hard_wrapped(text: &str, lines: &[Span]) -> bool {
    let mut n = 0;
    let mut short = 0;
    for l in lines {
        let line = text[l.start..l.end].trim_end();
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        if line.chars().count() <= WRAP_WIDTH {
            short += 1;
        }
    }
    n >= 4 && short * 20 >= n * 19
}

fn ends_sentence(line: &str) -> bool {
    let l = line.trim_end_matches(['"', '\'', '”', '’', '»', ')']);
    l.ends_with(['.', '!', '?', ':', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn one_paragraph_per_line() {
        let t = "Title line\nA long first paragraph that goes on and on and on for well over eighty characters in all.\nSecond.";
        assert_eq!(paras(t).len(), 3);
    }

    #[test]
    fn blank_lines() {
        assert_eq!(paras("A\n\n  B\n\n\nC  \n"), vec!["A", "B", "C"]);
        assert!(paras("  \n\n").is_empty());
    }

    #[test]
    fn hard_wrapped_wire_copy() {
        let t = "IRAQ SAYS IT WON\n\nIraq said its forces killed or wounded\n15,000 Iranian troops near the port\nof Basra.\n    A communique said four divisions\nattacked Iraqi positions.\n";
        assert_eq!(
            paras(t),
            vec![
                "IRAQ SAYS IT WON",
                "Iraq said its forces killed or wounded\n15,000 Iranian troops near the port\nof Basra.",
                "A communique said four divisions\nattacked Iraqi positions."
            ]
        );
    }
}
