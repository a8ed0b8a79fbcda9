//! Development aid: prints PLV rows (train split by default) whose marked
//! pair no event links, with the events we did code, to find what the
//! dictionary and the parse miss. Usage:
//! `cargo run --release -p wirecode-eval --example plv_show -- [split] [n]`.
use std::path::Path;
use wirecode::{Pipeline, PipelineOptions};
use wirecode_eval::events::{choose_plv, load_plv};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let split = args.get(1).map_or("train", |s| s.as_str());
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60);
    let rows = load_plv(Path::new("../shared/gold"), split).expect("PLV data");
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline");
    let mut shown = 0;
    for r in &rows {
        let doc = p.code(wirecode::doc::Article {
            id: r.uid.clone(),
            text: r.marked.text.clone(),
            ..Default::default()
        });
        let pred = choose_plv(&doc.events, &r.marked);
        if pred.linked && pred.class == r.gold {
            continue;
        }
        let t = &r.marked.text;
        let span = |v: &[wirecode::doc::Span]| {
            v.iter()
                .map(|s| &t[s.start..s.end])
                .collect::<Vec<_>>()
                .join("+")
        };
        println!(
            "== {} gold={} pred={} linked={}\n  {}\n  S=[{}] T=[{}]",
            r.uid,
            r.gold,
            pred.class,
            pred.linked,
            t,
            span(&r.marked.source),
            span(&r.marked.target)
        );
        for e in &doc.events {
            println!("    {}", e.describe(t));
        }
        shown += 1;
        if shown >= n {
            break;
        }
    }
}
