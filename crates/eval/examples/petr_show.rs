//! Development aid: prints each PETRARCH-2 validation record with its
//! expected codings and ours. Usage:
//! `cargo run --release -p wirecode-eval --example petr_show`.
use std::path::Path;
use wirecode::{Pipeline, PipelineOptions};
use wirecode_eval::events::{code_text, load_petr};

fn main() {
    let recs = load_petr(Path::new("../shared/gold")).expect("PETR2 data");
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline");
    for r in &recs {
        let doc = code_text(&p, &r.id, &r.text, r.date);
        println!("== {}\n  {}", r.id, r.text);
        for x in &r.expected {
            println!("  want {} {} -> {}", x.code, x.source, x.target);
        }
        for e in &doc.events {
            println!("  got  {}", e.describe(&r.text));
        }
    }
}
