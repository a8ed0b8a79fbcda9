//! Development aid: prints the NGEC actor cases whose country we get wrong.
//! `cargo run --release -p wirecode-eval --example actors_show`.
use std::path::Path;
use wirecode::{Pipeline, PipelineOptions};
use wirecode_eval::actors::{load, resolve};

fn main() {
    let today = wirecode::doc::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let cases = load(
        Path::new("../shared/gold/plover/ngec_actor_resolution_cases.derived.tsv"),
        today,
    )
    .expect("cases");
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline");
    for c in &cases {
        let Some(want) = &c.country else { continue };
        let got = resolve(&p, &c.text, &c.context, c.date).unwrap_or_default();
        if !got.starts_with(want.as_str()) {
            println!(
                "{}\twant={}\tgot={}\t{}\t{:?}",
                c.name, want, got, c.text, c.date
            );
        }
    }
}
