//! Prints the events coded from a text (a debugging aid:
//! `cargo run --release -p wirecode --example events -- "Text." [YYYY-MM-DD]`).
use wirecode::{doc::Article, doc::NaiveDate, doc::Participant, Pipeline, PipelineOptions};

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
    let m = |p: &Option<Participant>| {
        p.as_ref().map_or("-".to_string(), |p| {
            let code = p.actor.as_ref().and_then(|a| a.code.clone());
            format!("{}/{}", doc.slice(p.span), code.unwrap_or_default())
        })
    };
    for e in &doc.events {
        let trig = e.trigger.map_or("", |s| doc.slice(s));
        println!(
            "{} {:?} [{}] {} -> {} {:?} {:?}",
            e.code,
            e.plover,
            trig,
            m(&e.source),
            m(&e.target),
            e.mode,
            e.date
        );
    }
}
