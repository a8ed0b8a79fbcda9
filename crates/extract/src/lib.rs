//! Extraction stages. Each reads the shared [`wirecode_doc::Doc`] and adds
//! one layer: entities (with actors), then quotes (which use entities to
//! resolve speakers). Events, dates and places build on these.

pub mod dates;
pub mod entities;
pub mod events;
mod features;
pub mod places;
pub mod quotes;

pub use entities::find_entities;
pub use events::find_events;
pub use places::resolve_places;
pub use quotes::{find_quotes, find_quotes_with, learned};

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::OnceLock;
    use wirecode_doc::{Article, Doc};
    use wirecode_nlp::{Parser, Tagger};

    /// A segmented document for stage tests.
    pub fn segmented(text: &str) -> Doc {
        let mut d = Doc::new(Article {
            text: text.into(),
            ..Default::default()
        });
        wirecode_text::segment(&mut d);
        d
    }

    /// `text` segmented, tagged and parsed with the built-in models.
    pub fn parsed(text: &str) -> Doc {
        static M: OnceLock<(Tagger, Parser)> = OnceLock::new();
        let (tagger, parser) = M.get_or_init(|| {
            (
                Tagger::from_bytes(include_bytes!("../../../data/models/tagger.bin")).unwrap(),
                Parser::from_bytes(include_bytes!("../../../data/models/parser.bin")).unwrap(),
            )
        });
        let mut d = segmented(text);
        for s in d.sentences.clone() {
            let words: Vec<String> = s
                .tokens
                .clone()
                .map(|k| d.token_text(k).to_string())
                .collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let tags = tagger.tag(&words);
            let tree = parser.parse(&words, &tags);
            for (i, ((upos, xpos), (head, dep))) in tags.into_iter().zip(tree).enumerate() {
                let t = &mut d.tokens[s.tokens.start + i];
                t.upos = Some(upos);
                t.xpos = Some(xpos);
                t.head = (head > 0).then(|| s.tokens.start + head - 1);
                t.dep = Some(dep);
            }
        }
        d
    }
}
