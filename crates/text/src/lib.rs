//! Segmentation for news text: paragraphs, tokens and sentences.
//!
//! The text itself is never rewritten; every layer is a list of byte spans
//! into it, so later stages can point back at exactly what was written.
//! Conventions follow Universal Dependencies English (clitics such as `n't`
//! and `'s` are split off, most hyphenated compounds are split), so the
//! tagger and parser see tokens like those they were trained on.

mod lexicon;
mod paragraphs;
mod sentences;
mod tokenize;

pub use paragraphs::paragraphs;
pub use sentences::split_sentences;
pub use tokenize::{is_quote_char, joined_by_particle, tokenize};

use wirecode_doc::Doc;

/// Fills `doc.paragraphs`, `doc.tokens` and `doc.sentences` from the text.
pub fn segment(doc: &mut Doc) {
    let text = doc.article.text.as_str();
    let paras = paragraphs(text);
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut sentences = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let first = tokens.len();
        tokenize(text, *p, &mut tokens);
        split_sentences(text, &tokens, first, pi, &mut sentences);
    }
    doc.paragraphs = paras;
    doc.tokens = tokens;
    doc.sentences = sentences;
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirecode_doc::Article;

    pub(crate) fn seg(text: &str) -> Doc {
        let mut d = Doc::new(Article {
            text: text.into(),
            ..Default::default()
        });
        segment(&mut d);
        d
    }

    fn sents(text: &str) -> Vec<String> {
        let d = seg(text);
        d.sentences
            .iter()
            .map(|s| d.slice(s.span).to_string())
            .collect()
    }

    #[test]
    fn wire_paragraph() {
        let text = "\"We're not the fighters on the ground; they are,\" Kerry said, \"They have to make their choices.\"\nHe added that talks continue. Mr. Lavrov disagreed.";
        let s = sents(text);
        assert_eq!(
            s,
            vec![
                "\"We're not the fighters on the ground; they are,\" Kerry said, \"They have to make their choices.\"",
                "He added that talks continue.",
                "Mr. Lavrov disagreed."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        let s = sents("The U.S. envoy met J. R. Smith at 3 p.m. on Friday. Talks ended.");
        assert_eq!(
            s,
            vec![
                "The U.S. envoy met J. R. Smith at 3 p.m. on Friday.",
                "Talks ended."
            ]
        );
        let s = sents("Russia blasted the U.S. The move was expected.");
        assert_eq!(s, vec!["Russia blasted the U.S.", "The move was expected."]);
    }

    #[test]
    fn question_inside_quote_does_not_split() {
        let s = sents("\"Why now?\" he asked. Nobody answered!");
        assert_eq!(s, vec!["\"Why now?\" he asked.", "Nobody answered!"]);
    }

    #[test]
    fn sentences_never_cross_paragraphs() {
        let d = seg("Headline here\n\nFirst para ends\nSecond para.");
        assert_eq!(d.paragraphs.len(), 3);
        assert_eq!(d.sentences.len(), 3);
    }
}
