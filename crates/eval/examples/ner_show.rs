//! Development aid: lists entity errors on the CoNLL-2003 validation split
//! (never the test split) as `FP`/`FN` lines with the label and text, to
//! find what the entity stage gets wrong. `cargo run --release -p
//! wirecode-eval --example ner_show > errors.txt`.
use std::collections::HashSet;
use std::path::Path;
use wirecode::doc::{Article, CharIndex, EntityType};
use wirecode::{Pipeline, PipelineOptions};
use wirecode_eval::ner::load_conll;

fn label(t: EntityType) -> Option<&'static str> {
    use EntityType::*;
    match t {
        Person => Some("PER"),
        Org => Some("ORG"),
        Gpe | Loc | Fac => Some("LOC"),
        Norp | Event | Misc => Some("MISC"),
        _ => None,
    }
}

fn main() {
    let docs = load_conll(Path::new("../shared/gold/conll2003/valid.txt")).expect("valid split");
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline");
    for d in &docs {
        let doc = p.code(Article {
            id: d.id.clone(),
            text: d.text.clone(),
            ..Default::default()
        });
        let ix = CharIndex::new(&d.text);
        let chars: Vec<char> = d.text.chars().collect();
        let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        let pred: HashSet<(usize, usize, String)> = doc
            .entities
            .iter()
            .filter_map(|e| {
                Some((
                    ix.char_of(e.span.start),
                    ix.char_of(e.span.end),
                    format!("{}:{:?}", label(e.label)?, e.label),
                ))
            })
            .collect();
        let pred_plain: HashSet<(usize, usize, String)> = pred
            .iter()
            .map(|(a, b, l)| (*a, *b, l.split(':').next().unwrap_or("").to_string()))
            .collect();
        let gold: HashSet<(usize, usize, String)> = d.entities.iter().cloned().collect();
        for g in &gold {
            if !pred_plain.contains(g) {
                println!("FN\t{}\t{}", g.2, text(g.0, g.1));
            }
        }
        for q in &pred {
            let plain = (q.0, q.1, q.2.split(':').next().unwrap_or("").to_string());
            if !gold.contains(&plain) {
                let g = gold
                    .iter()
                    .find(|g| g.0 == q.0 && g.1 == q.1)
                    .map_or("-".to_string(), |g| g.2.clone());
                println!("FP\t{}\tgold={}\t{}", q.2, g, text(q.0, q.1));
            }
        }
    }
}
