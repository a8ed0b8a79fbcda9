//! Named-entity recognition: entity-level exact match (same start, end and
//! mapped type) against CoNLL-2003 or the Worldwide Newswire NER gold.
//!
//! Gold tokens are joined with single spaces (sentences as paragraphs,
//! one article per document) and coded by the pipeline; our entity types are
//! mapped onto each suite's labels:
//!
//! | ours | conll2003 | worldwide |
//! |---|---|---|
//! | PERSON | PER | Person |
//! | ORG | ORG | Organization |
//! | GPE, LOC, FAC | LOC | Location (FAC not scored) |
//! | NORP, EVENT, MISC | MISC | not scored |
//! | DATE | not scored | not scored |

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use wirecode::doc::{Article, CharIndex, EntityType};
use wirecode::Pipeline;

use crate::{Prf, Report};

/// Which gold set, and so which label mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    Conll2003,
    Worldwide,
}

/// One gold document: its text and its entities as (start, end, label) in chars.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    pub entities: Vec<(usize, usize, String)>,
}

/// Builds documents from token/label sentences, joining tokens with spaces.
fn build(id: String, sentences: &[Vec<(String, String)>]) -> GoldDoc {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut entities = Vec::new();
    for s in sentences.iter().filter(|s| !s.is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let mut open: Option<(usize, usize, String)> = None;
        for (i, (tok, label)) in s.iter().enumerate() {
            if i > 0 {
                text.push(' ');
                chars += 1;
            }
            let start = chars;
            text.push_str(tok);
            chars += tok.chars().count();
            let (bio, ty) = label.split_once('-').unwrap_or((label.as_str(), ""));
            let continues = bio == "I" && open.as_ref().is_some_and(|o| o.2 == ty);
            if continues {
                if let Some(o) = open.as_mut() {
                    o.1 = chars;
                }
                continue;
            }
            entities.extend(open.take());
            if bio == "B" || bio == "I" {
                open = Some((start, chars, ty.to_string()));
            }
        }
        entities.extend(open.take());
    }
    GoldDoc { id, text, entities }
}

/// Reads CoNLL-2003 (`word POS chunk NER`, `-DOCSTART-` between documents).
pub fn load_conll(path: &Path) -> Result<Vec<GoldDoc>, String> {
    let s = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs = Vec::new();
    let mut sents: Vec<Vec<(String, String)>> = vec![vec![]];
    let flush = |docs: &mut Vec<GoldDoc>, sents: &mut Vec<Vec<(String, String)>>| {
        if sents.iter().any(|s| !s.is_empty()) {
            docs.push(build(format!("doc{}", docs.len() + 1), sents));
        }
        *sents = vec![vec![]];
    };
    for line in s.lines() {
        if line.starts_with("-DOCSTART-") {
            flush(&mut docs, &mut sents);
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() {
            sents.push(vec![]);
        } else if let (Some(w), Some(l)) = (f.first(), f.last()) {
            sents
                .last_mut()
                .unwrap()
                .push((w.to_string(), l.to_string()));
        }
    }
    flush(&mut docs, &mut sents);
    Ok(docs)
}

/// Reads the Worldwide Newswire NER set: one `token<TAB>label` file per article.
pub fn load_worldwide(dir: &Path) -> Result<Vec<GoldDoc>, String> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        let s = fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let mut sents: Vec<Vec<(String, String)>> = vec![vec![]];
        for line in s.lines() {
            let mut p = line.split('\t');
            match (p.next(), p.next()) {
                (Some(w), Some(l)) if !w.trim().is_empty() => sents
                    .last_mut()
                    .unwrap()
                    .push((w.trim().to_string(), l.trim().to_string())),
                _ => sents.push(vec![]),
            }
        }
        let id = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        docs.push(build(id, &sents));
    }
    Ok(docs)
}

fn map_label(suite: Suite, t: EntityType) -> Option<&'static str> {
    use EntityType::*;
    match (suite, t) {
        (Suite::Conll2003, Person) => Some("PER"),
        (Suite::Conll2003, Org) => Some("ORG"),
        (Suite::Conll2003, Gpe | Loc | Fac) => Some("LOC"),
        (Suite::Conll2003, Norp | Event | Misc) => Some("MISC"),
        (Suite::Worldwide, Person) => Some("Person"),
        (Suite::Worldwide, Org) => Some("Organization"),
        (Suite::Worldwide, Gpe | Loc) => Some("Location"),
        _ => None,
    }
}

fn scored_gold_label(suite: Suite, l: &str) -> bool {
    match suite {
        Suite::Conll2003 => matches!(l, "PER" | "ORG" | "LOC" | "MISC"),
        Suite::Worldwide => matches!(l, "Person" | "Organization" | "Location"),
    }
}

/// Codes the documents and scores entities per type and overall.
pub fn score(name: &str, suite: Suite, docs: &[GoldDoc], pipeline: &Pipeline) -> Report {
    let preds: Vec<Vec<(usize, usize, String)>> = docs
        .par_iter()
        .map(|d| {
            let doc = pipeline.code(Article {
                id: d.id.clone(),
                text: d.text.clone(),
                ..Default::default()
            });
            let ix = CharIndex::new(&d.text);
            doc.entities
                .iter()
                .filter_map(|e| {
                    let l = map_label(suite, e.label)?;
                    Some((
                        ix.char_of(e.span.start),
                        ix.char_of(e.span.end),
                        l.to_string(),
                    ))
                })
                .collect()
        })
        .collect();
    let mut per: BTreeMap<String, Prf> = BTreeMap::new();
    for (d, p) in docs.iter().zip(&preds) {
        let gold: HashSet<&(usize, usize, String)> = d
            .entities
            .iter()
            .filter(|e| scored_gold_label(suite, &e.2))
            .collect();
        let pred: HashSet<&(usize, usize, String)> = p.iter().collect();
        for g in &gold {
            let c = per.entry(g.2.clone()).or_default();
            c.gold += 1;
            if pred.contains(g) {
                c.tp_gold += 1;
                c.tp_pred += 1;
            }
        }
        for q in &pred {
            per.entry(q.2.clone()).or_default().predicted += 1;
        }
    }
    let mut all = Prf::default();
    let mut r = Report::default();
    r.add("ner.suite", name);
    r.add("ner.documents", docs.len());
    for (l, c) in &per {
        all.add(c);
        r.add(format!("ner.{l}.gold"), c.gold);
        r.prf(&format!("ner.{l}"), c);
    }
    r.add("ner.all.gold", all.gold);
    r.add("ner.all.predicted", all.predicted);
    r.prf("ner.all", &all);
    r
}
