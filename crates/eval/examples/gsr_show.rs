//! Development aid: prints each PLOVER gold-standard record whose event
//! type we miss, with the gold type and countries and our events. Usage:
//! `cargo run --release -p wirecode-eval --example gsr_show`.
use std::path::Path;
use wirecode::{Pipeline, PipelineOptions};
use wirecode_eval::events::{code_text, current_plover, load_gsr};

fn main() {
    let recs = load_gsr(Path::new("../shared/gold")).expect("PLOVER GSR data");
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline");
    for r in &recs {
        let doc = code_text(&p, &r.id, &r.text, r.date);
        let hit = doc
            .events
            .iter()
            .any(|e| e.plover.as_deref().map(current_plover).as_deref() == Some(r.event.as_str()));
        let mark = if hit { "ok  " } else { "MISS" };
        println!(
            "== {mark} {} {} {:?} -> {:?}\n  {}",
            r.id, r.event, r.source_country, r.target_country, r.text
        );
        for e in &doc.events {
            println!("  got  {}", e.describe(&r.text));
        }
    }
}
