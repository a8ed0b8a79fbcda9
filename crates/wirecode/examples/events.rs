//! Prints the events coded from a text (a debugging aid:
//! `cargo run --release -p wirecode --example events -- "Text." [YYYY-MM-DD]`).
use wirecode::{doc::Article, doc::NaiveDate, Pipeline, PipelineOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
    let published = args
        .next()
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline loads");
    let doc = p.code(Article {
        text,
        published,
        ..Default::default()
    });
    for e in &doc.events {
        println!("{} {:?}", e.describe(&doc.article.text), e.date);
    }
}
