//! The tags/parse stage: runs the UD tagger and parser over each sentence
//! and writes UPOS, XPOS, head and relation onto the document's tokens.

use std::sync::OnceLock;

use wirecode_doc::{Doc, EntityType, Span};
use wirecode_nlp::{Ner, Parser, Tagger};

/// The trained tagger and parser, as committed under `data/models/`.
pub struct Models {
    pub tagger: Tagger,
    pub parser: Parser,
    /// Statistical entity recogniser; its types guide the entity stage.
    pub ner: Ner,
}

static TAGGER_BYTES: &[u8] = include_bytes!("../../../data/models/tagger.bin");
static PARSER_BYTES: &[u8] = include_bytes!("../../../data/models/parser.bin");
static NER_BYTES: &[u8] = include_bytes!("../../../data/models/ner.bin");

impl Models {
    /// The built-in models, decoded once per process.
    pub fn builtin() -> Result<&'static Models, String> {
        static M: OnceLock<Result<Models, String>> = OnceLock::new();
        M.get_or_init(|| {
            Ok(Models {
                tagger: Tagger::from_bytes(TAGGER_BYTES)
                    .map_err(|e| format!("tagger model: {e}"))?,
                parser: Parser::from_bytes(PARSER_BYTES)
                    .map_err(|e| format!("parser model: {e}"))?,
                ner: Ner::from_bytes(NER_BYTES).map_err(|e| format!("NER model: {e}"))?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
    }
}

/// Tags and parses every sentence of `doc`.
pub fn annotate(doc: &mut Doc, models: &'static Models) {
    let text = doc.article.text.as_str();
    for s in &doc.sentences {
        let range = s.tokens.clone();
        let toks = &doc.tokens[range.clone()];
        let words: Vec<&str> = toks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let w = &text[t.span.start..t.span.end];
                if w == "'" && opens_quote(text, t.span, toks.get(i + 1).map(|n| n.span)) {
                    "\u{2018}"
                } else {
                    w
                }
            })
            .collect();
        if words.is_empty() {
            continue;
        }
        let mut tags = models.tagger.tag(&words);
        mark_capitalised_acronyms(&words, &mut tags);
        mark_saying_verbs(&words, &mut tags);
        mark_possession_verbs(&words, &mut tags);
        let tree = models.parser.parse(&words, &tags);
        for (i, ((upos, xpos), (head, dep))) in tags.into_iter().zip(tree).enumerate() {
            let t = &mut doc.tokens[range.start + i];
            t.upos = Some(upos);
            t.xpos = Some(xpos);
            t.head = (head > 0).then(|| range.start + head - 1);
            t.dep = Some(dep);
        }
    }
}

/// "Cologne police say they have not ...", "nine out of 10 say they ...":
/// the tagger, which has seen "say" as "for example" and as a noun ("have
/// a say"), misreads the verb between a subject and its clause. "say" or
/// "says" after a noun, pronoun, number or participle and before the start
/// of a clause (a pronoun, determiner, noun, number or "that") is a verb.
fn mark_saying_verbs<'a>(words: &[&str], tags: &mut [(&'a str, &'a str)]) {
    for i in 1..words.len().saturating_sub(1) {
        let xpos = match words[i] {
            "say" => "VBP",
            "says" => "VBZ",
            _ => continue,
        };
        if tags[i].0 == "VERB" {
            continue;
        }
        let after_subject =
            matches!(tags[i - 1].0, "NOUN" | "PROPN" | "PRON" | "NUM") || tags[i - 1].1 == "VBN";
        let clause_next = matches!(tags[i + 1].0, "PRON" | "DET" | "NOUN" | "PROPN" | "NUM")
            || words[i + 1].eq_ignore_ascii_case("that");
        if after_subject && clause_next && tags[i - 1].1 != "PRP$" {
            tags[i] = ("VERB", xpos);
        }
    }
}

/// "Mr. Clarke has few investors ..., they say": "has", "have" or "had"
/// right before a determiner, adjective, noun or number is the verb of
/// possession, not an auxiliary (so in 99% of such cases in UD English
/// train); read as an auxiliary it leaves its clause without a verb.
fn mark_possession_verbs<'a>(words: &[&str], tags: &mut [(&'a str, &'a str)]) {
    for i in 0..words.len().saturating_sub(1) {
        let have = ["has", "have", "had"]
            .iter()
            .any(|w| words[i].eq_ignore_ascii_case(w));
        if tags[i].0 != "AUX" || !have {
            continue;
        }
        if matches!(tags[i + 1].0, "DET" | "ADJ" | "NOUN" | "NUM" | "PROPN") {
            tags[i] = ("VERB", tags[i].1);
        }
    }
}

/// Function words that are also names when written in capitals in running
/// text: "IS" (Islamic State), "WHO", "IT", "US".
const ACRONYM_WORDS: &[&str] = &["is", "it", "us", "who", "as", "at", "on", "or", "no", "we"];

/// "earlier on Friday IS had carried out an attack": a function word in
/// capitals inside a sentence in mixed case is an acronym, a proper noun;
/// the tagger, which knows "is" as a verb, reads it by its lower case. In an
/// all-capitals headline it stays what the tagger says.
fn mark_capitalised_acronyms<'a>(words: &[&str], tags: &mut [(&'a str, &'a str)]) {
    let lower_words = words
        .iter()
        .filter(|w| w.chars().any(char::is_lowercase))
        .count();
    if lower_words * 2 < words.len() {
        return;
    }
    for (w, t) in words.iter().zip(tags.iter_mut()) {
        let caps = w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
        if caps && ACRONYM_WORDS.iter().any(|a| w.eq_ignore_ascii_case(a)) {
            *t = ("PROPN", "NNP");
        }
    }
}

/// Whether a straight single quote at `span` opens a quotation: it follows
/// a space (or starts the text) and touches the word after it, as in
/// "rebels 'discussing evacuation'". The tagger otherwise reads it after a
/// plural as a possessive ("rebels' leaders"), which breaks the parse of
/// many headlines; the curly opening quote it then sees is unambiguous.
fn opens_quote(text: &str, span: Span, next: Option<Span>) -> bool {
    let after_space = text[..span.start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    let touches_word = next.is_some_and(|n| {
        n.start == span.end
            && text[n.start..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    });
    after_space && touches_word
}

/// Entity spans and types predicted by the statistical recogniser over the
/// tagged document (one call per document, so names agree across sentences).
pub fn ner_hints(doc: &Doc, models: &'static Models) -> Vec<(Span, EntityType)> {
    let text = doc.article.text.as_str();
    let words: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| {
            doc.tokens[s.tokens.clone()]
                .iter()
                .map(|t| &text[t.span.start..t.span.end])
                .collect()
        })
        .collect();
    let tags: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| {
            doc.tokens[s.tokens.clone()]
                .iter()
                .map(|t| t.upos.unwrap_or("X"))
                .collect()
        })
        .collect();
    let sents: Vec<(&[&str], &[&str])> = words
        .iter()
        .zip(&tags)
        .map(|(w, t)| (w.as_slice(), t.as_slice()))
        .collect();
    let mut out = Vec::new();
    for (s, spans) in doc.sentences.iter().zip(models.ner.tag_doc(&sents)) {
        for (a, b, label) in spans {
            let ty = match label {
                "PERSON" => EntityType::Person,
                "ORG" => EntityType::Org,
                "GPE" => EntityType::Gpe,
                "LOC" => EntityType::Loc,
                "NORP" => EntityType::Norp,
                "FAC" => EntityType::Fac,
                "EVENT" => EntityType::Event,
                "DATE" => EntityType::Date,
                _ => EntityType::Misc,
            };
            let span = Span::new(
                doc.tokens[s.tokens.start + a].span.start,
                doc.tokens[s.tokens.start + b - 1].span.end,
            );
            out.push((span, ty));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{mark_capitalised_acronyms, mark_possession_verbs, mark_saying_verbs};

    #[test]
    fn have_before_a_noun_phrase_is_a_verb() {
        let words = [
            "Clarke",
            "has",
            "few",
            "investors",
            "and",
            "has",
            "been",
            "quiet",
        ];
        let mut tags = vec![
            ("PROPN", "NNP"),
            ("AUX", "VBZ"),
            ("ADJ", "JJ"),
            ("NOUN", "NNS"),
            ("CCONJ", "CC"),
            ("AUX", "VBZ"),
            ("AUX", "VBN"),
            ("ADJ", "JJ"),
        ];
        mark_possession_verbs(&words, &mut tags);
        assert_eq!(tags[1], ("VERB", "VBZ"));
        assert_eq!(tags[5], ("AUX", "VBZ"));
    }

    #[test]
    fn say_between_a_subject_and_a_clause_is_a_verb() {
        let words = ["police", "say", "they", "left"];
        let mut tags = vec![
            ("NOUN", "NN"),
            ("SCONJ", "IN"),
            ("PRON", "PRP"),
            ("VERB", "VBD"),
        ];
        mark_saying_verbs(&words, &mut tags);
        assert_eq!(tags[1], ("VERB", "VBP"));
        // "a say in it" and "say, 10" stay as tagged.
        let words = ["a", "say", "in", "it"];
        let mut tags = vec![
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("ADP", "IN"),
            ("PRON", "PRP"),
        ];
        mark_saying_verbs(&words, &mut tags);
        assert_eq!(tags[1], ("NOUN", "NN"));
        let words = ["costs", "say", ",", "10"];
        let mut tags = vec![
            ("NOUN", "NNS"),
            ("ADV", "RB"),
            ("PUNCT", ","),
            ("NUM", "CD"),
        ];
        mark_saying_verbs(&words, &mut tags);
        assert_eq!(tags[1], ("ADV", "RB"));
    }

    #[test]
    fn function_words_in_capitals_are_acronyms_in_running_text() {
        let words = ["earlier", "IS", "had", "attacked", "the", "town"];
        let mut tags = vec![
            ("ADV", "RBR"),
            ("AUX", "VBZ"),
            ("AUX", "VBD"),
            ("VERB", "VBN"),
            ("DET", "DT"),
            ("NOUN", "NN"),
        ];
        mark_capitalised_acronyms(&words, &mut tags);
        assert_eq!(tags[1], ("PROPN", "NNP"));
        assert_eq!(tags[2], ("AUX", "VBD"));
        // An all-capitals headline keeps its verbs.
        let words = ["WAR", "IS", "OVER"];
        let mut tags = vec![("NOUN", "NN"), ("AUX", "VBZ"), ("ADV", "RB")];
        mark_capitalised_acronyms(&words, &mut tags);
        assert_eq!(tags[1], ("AUX", "VBZ"));
    }
}
