//! The tags/parse stage: runs the UD tagger and parser over each sentence
//! and writes UPOS, XPOS, head and relation onto the document's tokens.

use std::sync::OnceLock;

use wirecode_doc::Doc;
use wirecode_nlp::{Parser, Tagger};

/// The trained tagger and parser, as committed under `data/models/`.
pub struct Models {
    pub tagger: Tagger,
    pub parser: Parser,
}

static TAGGER_BYTES: &[u8] = include_bytes!("../../../data/models/tagger.bin");
static PARSER_BYTES: &[u8] = include_bytes!("../../../data/models/parser.bin");

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
        let words: Vec<&str> = doc.tokens[range.clone()]
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect();
        if words.is_empty() {
            continue;
        }
        let tags = models.tagger.tag(&words);
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
