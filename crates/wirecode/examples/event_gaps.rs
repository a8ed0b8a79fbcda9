//! Development aid for the event dictionary: over a corpus, counts verb
//! lemmas whose subject and object (or "with/against/on/to" oblique) are
//! both coded actors but from which no event was coded, with an example
//! sentence each, most frequent first.
//! `cargo run --release -p wirecode --example event_gaps -- DIR [N]`.
use std::collections::HashMap;
use wirecode::{doc::Article, Pipeline, PipelineOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("corpus directory");
    let top: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(60);
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline loads");
    let mut gaps: HashMap<String, (usize, String)> = HashMap::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let doc = p.code(Article {
            text,
            ..Default::default()
        });
        // The actor entity, if any, covering token k.
        let coded = |k: usize| {
            let s = doc.tokens[k].span;
            doc.entities.iter().any(|e| {
                e.span.start <= s.start
                    && s.end <= e.span.end
                    && e.actor.as_ref().is_some_and(|a| a.code.is_some())
            })
        };
        let triggers: Vec<_> = doc.events.iter().filter_map(|e| e.trigger).collect();
        for (v, t) in doc.tokens.iter().enumerate() {
            if t.upos != Some("VERB") {
                continue;
            }
            let kids: Vec<usize> = (0..doc.tokens.len())
                .filter(|&c| doc.tokens[c].head == Some(v))
                .collect();
            let subj = kids
                .iter()
                .any(|&c| doc.tokens[c].dep == Some("nsubj") && coded(c));
            let obj = kids.iter().any(|&c| {
                let dep = doc.tokens[c].dep.unwrap_or("");
                let prep = (0..c)
                    .rev()
                    .take(4)
                    .find(|&x| doc.tokens[x].head == Some(c) && doc.tokens[x].dep == Some("case"));
                (dep == "obj"
                    || (dep == "obl"
                        && prep.is_some_and(|x| {
                            matches!(
                                doc.slice(doc.tokens[x].span).to_lowercase().as_str(),
                                "with" | "against" | "on" | "to" | "from"
                            )
                        })))
                    && coded(c)
            });
            let evented = triggers
                .iter()
                .any(|s| s.start <= t.span.start && t.span.end <= s.end)
                || doc.events.iter().any(|e| {
                    e.evidence.start <= t.span.start
                        && t.span.end <= e.evidence.end
                        && e.trigger.is_none()
                });
            if subj && obj && !evented {
                let lemma = wirecode::nlp::lemma(
                    &doc.slice(t.span).to_lowercase(),
                    t.upos.unwrap_or(""),
                    t.xpos.unwrap_or(""),
                )
                .into_owned();
                let sent = doc
                    .sentences
                    .iter()
                    .find(|s| s.tokens.contains(&v))
                    .map(|s| {
                        let a = doc.tokens[s.tokens.start].span.start;
                        let b = doc.tokens[s.tokens.end - 1].span.end;
                        doc.article.text[a..b].replace('\n', " ")
                    })
                    .unwrap_or_default();
                let g = gaps.entry(lemma).or_insert((0, sent));
                g.0 += 1;
            }
        }
    }
    let mut all: Vec<_> = gaps.into_iter().collect();
    all.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    for (lemma, (n, ex)) in all.into_iter().take(top) {
        let ex: String = ex.chars().take(160).collect();
        println!("{n}\t{lemma}\t{ex}");
    }
}
