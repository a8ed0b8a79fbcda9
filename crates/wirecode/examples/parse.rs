//! Prints the tokens of a text with their tags and dependency parse
//! (a debugging aid: `cargo run --release -p wirecode --example parse -- "Text."`).
use wirecode::{doc::Article, Pipeline, PipelineOptions};

fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline loads");
    let doc = p.code(Article {
        text,
        ..Default::default()
    });
    for (i, t) in doc.tokens.iter().enumerate() {
        println!(
            "{i}\t{}\t{}\t{}\t{}\t{}\t{}",
            doc.slice(t.span),
            wirecode::nlp::lemma(
                &doc.slice(t.span).to_lowercase(),
                t.upos.unwrap_or(""),
                t.xpos.unwrap_or("")
            ),
            t.upos.unwrap_or("_"),
            t.xpos.unwrap_or("_"),
            t.head.map_or("root".to_string(), |h| h.to_string()),
            t.dep.unwrap_or("_")
        );
    }
}
