//! Development aid: the event figures that matter while working on the coder
//! (PLV train, PLOVER GSR, PETRARCH-2 GSR) in one run, without the CLI.
//! `cargo run --release -p wirecode-eval --example event_evals`.
use std::path::Path;
use wirecode::{Pipeline, PipelineOptions};
use wirecode_eval::events::{petr2_gsr, plover_gsr, plv};

fn main() {
    let data = Path::new("../shared/gold");
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline");
    let keep = [
        "plv.accuracy",
        "plv.macro_f1",
        "plv.coverage",
        "plover_gsr.event_type.accuracy",
        "plover_gsr.source_country.accuracy",
        "plover_gsr.target_country.accuracy",
        "petr2_gsr.correct.pct",
        "petr2_gsr.extras.pct",
        "petr2_gsr.root_correct.pct",
        "petr2_gsr.dyadic.correct.pct",
        "petr2_gsr.dyadic.extras.pct",
    ];
    for r in [
        plv(data, "train", &p),
        plover_gsr(data, &p),
        petr2_gsr(data, &p),
    ] {
        for (k, v) in r.expect("eval").figures {
            if keep.contains(&k.as_str()) {
                println!("{k}\t{v}");
            }
        }
    }
}
