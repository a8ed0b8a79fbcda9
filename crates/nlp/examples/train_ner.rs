//! Trains the named-entity recogniser on openly licensed data and evaluates it.
//!
//! ```text
//! cargo run --release -p wirecode-nlp --example train_ner -- \
//!     [--gold /work/shared/gold] [--data data] [--out data/models/ner.bin] \
//!     [--epochs 4] [--bits 20] [--seed 1] [--wikiann-min 8] [--dup-clean 3]
//!     [--no-partial] [--no-doc] [--eval-only] [--show N] [--show-ww N] [--skip K]
//! ```
//!
//! Training data (all openly licensed, see data/SOURCES.md `## models/ner.bin`):
//! WikiANN-en train+dev, wikigold, re3d (minus the CC BY-NC BBC part and the
//! EEAS part) and GUM (UD en_gum train). CoNLL-2003 `valid.txt` is used only to
//! pick the epoch; CoNLL-2003 `test.txt` and the worldwide newswire set are
//! evaluation only. Evaluation uses gold tokenisation and UPOS tags predicted
//! by the committed tagger.
use std::collections::HashMap;
use std::time::Instant;
use wirecode_nlp::ner::{cat, label_index, NerDicts, NerOptions, NerSentence};
use wirecode_nlp::{Clusters, Ner, Tagger};

type Spans = Vec<(usize, usize, String)>;

/// A raw sentence: words and typed spans (source label strings).
struct Raw {
    words: Vec<String>,
    spans: Spans,
    doc: usize,
}

/// Spans from IOB1/IOB2 labels (an `I-X` not continuing an `X` span starts one).
fn iob_spans(labels: &[String]) -> Spans {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, l) in labels.iter().enumerate() {
        let (bi, ty) = match l.split_once('-') {
            Some((p, t)) if p == "B" || p == "I" => (p, t.to_string()),
            _ => ("O", String::new()),
        };
        let cont = bi == "I" && cur.as_ref().is_some_and(|c| c.1 == ty);
        if !cont {
            if let Some((s, t)) = cur.take() {
                out.push((s, i, t));
            }
            if bi != "O" {
                cur = Some((i, ty));
            }
        }
    }
    if let Some((s, t)) = cur {
        out.push((s, labels.len(), t));
    }
    out
}

/// Reads column files: `word_col`, `label_col` (negative = last), separator
/// whitespace, blank line between sentences; skips `-DOCSTART-`.
fn read_columns(text: &str, skip_first_line: bool, strip_prefix: &str) -> Vec<Raw> {
    let mut out = Vec::new();
    let (mut w, mut l): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut doc = 0;
    let flush = |w: &mut Vec<String>, l: &mut Vec<String>, out: &mut Vec<Raw>, doc: usize| {
        if !w.is_empty() {
            out.push(Raw {
                words: std::mem::take(w),
                spans: iob_spans(l),
                doc,
            });
            l.clear();
        }
    };
    for (k, line) in text.lines().enumerate() {
        if k == 0 && skip_first_line {
            continue;
        }
        let f: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        if f.len() < 2 || f[0].trim().is_empty() {
            flush(&mut w, &mut l, &mut out, doc);
            continue;
        }
        if f[0] == "-DOCSTART-" {
            flush(&mut w, &mut l, &mut out, doc);
            doc += 1;
            continue;
        }
        let word = f[0].strip_prefix(strip_prefix).unwrap_or(f[0]);
        w.push(word.to_string());
        l.push(f[f.len() - 1].trim().to_string());
    }
    flush(&mut w, &mut l, &mut out, doc);
    out
}

fn is_cap(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// GUM CoNLL-U with `Entity=` annotations in MISC.
fn read_gum(text: &str, dicts: &NerDicts) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut upos: Vec<String> = Vec::new();
    let mut heads: Vec<usize> = Vec::new();
    let mut cands: Vec<(usize, usize, String)> = Vec::new();
    let mut stack: Vec<(String, String, usize)> = Vec::new();
    let connectors = ["of", "the", "for", "de", "&", "-", "on", "in"];
    let finish = |words: &mut Vec<String>,
                  upos: &mut Vec<String>,
                  heads: &mut Vec<usize>,
                  cands: &mut Vec<(usize, usize, String)>,
                  out: &mut Vec<Raw>| {
        if words.is_empty() {
            return;
        }
        let mut spans: Spans = Vec::new();
        for (s, e, ty) in cands.drain(..) {
            let ty = match ty.as_str() {
                "person" => "PERSON",
                "organization" => "ORG",
                "place" => "PLACE",
                "event" => "EVENT",
                "time" => "DATE",
                _ => continue,
            };
            // Syntactic head of the mention: a word whose head is outside it.
            let head = (s..e).find(|&k| heads[k] == 0 || heads[k] - 1 < s || heads[k] > e);
            let (mut s, mut e) = (s, e);
            if ty == "DATE" {
                let has = (s..e).any(|k| {
                    words[k].chars().any(|c| c.is_ascii_digit())
                        || dicts.lookup(&[words[k].as_str()]) & (1 << cat::DATE_WORD) != 0
                });
                while e > s && words[e - 1].chars().all(|c| c.is_ascii_punctuation()) {
                    e -= 1;
                }
                if has && e > s {
                    spans.push((s, e, ty.into()));
                }
                continue;
            }
            while s < e && !is_cap(&words[s]) || (s < e && (words[s] == "The" && s + 1 < e)) {
                s += 1;
            }
            while e > s && !is_cap(&words[e - 1]) {
                e -= 1;
            }
            if s >= e || !head.is_some_and(|h| upos[h] == "PROPN" && h >= s && h < e) {
                continue;
            }
            let ok = (s..e).all(|k| {
                is_cap(&words[k]) || connectors.contains(&words[k].to_lowercase().as_str())
            });
            if ok && e - s <= 10 {
                spans.push((s, e, ty.into()));
            }
        }
        // Outermost first.
        spans.sort_by_key(|x| (std::cmp::Reverse(x.1 - x.0), x.0));
        out.push(Raw {
            words: std::mem::take(words),
            spans,
            doc: 0,
        });
        upos.clear();
        heads.clear();
    };
    for line in text.lines() {
        if line.is_empty() {
            finish(&mut words, &mut upos, &mut heads, &mut cands, &mut out);
            stack.clear();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 10 || f[0].contains('-') || f[0].contains('.') {
            continue;
        }
        let tok = words.len();
        words.push(f[1].to_string());
        upos.push(f[3].to_string());
        heads.push(f[6].parse().unwrap_or(0));
        for m in f[9].split('|') {
            let Some(ent) = m.strip_prefix("Entity=") else {
                continue;
            };
            let b = ent.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'(' {
                    let mut j = i + 1;
                    while j < b.len() && b[j] != b'(' && b[j] != b')' {
                        j += 1;
                    }
                    let info = &ent[i + 1..j];
                    let mut parts = info.split('-');
                    let id = parts.next().unwrap_or("").to_string();
                    let ty = parts.next().unwrap_or("").to_string();
                    if j < b.len() && b[j] == b')' {
                        cands.push((tok, tok + 1, ty));
                        j += 1;
                    } else {
                        stack.push((id, ty, tok));
                    }
                    i = j;
                } else if b[i].is_ascii_digit() {
                    let mut j = i;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                    }
                    let id = &ent[i..j];
                    if let Some(p) = stack.iter().rposition(|x| x.0 == id) {
                        let (_, ty, s) = stack.remove(p);
                        cands.push((s, tok + 1, ty));
                    }
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
        }
    }
    finish(&mut words, &mut upos, &mut heads, &mut cands, &mut out);
    out
}

const PLACE_BITS: u32 = (1 << cat::COUNTRY)
    | (1 << cat::CAPITAL)
    | (1 << cat::CITY)
    | (1 << cat::BIGCITY)
    | (1 << cat::ADMIN);

/// Maps a source label to an internal type index.
fn map_label(src: &str, words: &[String], dicts: &NerDicts) -> Option<usize> {
    let ws: Vec<&str> = words.iter().map(String::as_str).collect();
    let name = match src {
        "PER" | "Person" | "PERSON" => "PERSON",
        "ORG" | "Organisation" | "ORG_" => "ORG",
        "LOC" | "Location" | "PLACE" => {
            if dicts.lookup(&ws) & PLACE_BITS != 0 {
                "GPE"
            } else {
                "LOC"
            }
        }
        "MISC" => {
            if dicts.lookup(&ws) & (1 << cat::DEMONYM) != 0 {
                "NORP"
            } else {
                "MISC"
            }
        }
        "Nationality" => "NORP",
        "Temporal" | "DATE" => "DATE",
        "EVENT" => "EVENT",
        _ => return None,
    };
    label_index(name)
}

fn mask(names: &[&str]) -> u16 {
    names
        .iter()
        .map(|n| 1u16 << label_index(n).unwrap())
        .fold(0, |a, b| a | b)
}

fn to_train(raw: Vec<Raw>, missing: u16, dicts: &NerDicts, tagger: &Tagger) -> Vec<NerSentence> {
    raw.into_iter()
        .map(|r| {
            let mut spans: Vec<(usize, usize, usize)> = Vec::new();
            for (s, e, ty) in &r.spans {
                let (mut s, e) = (*s, *e);
                // re3d includes a leading "the" in many spans.
                if e - s > 1 && r.words[s].eq_ignore_ascii_case("the") {
                    s += 1;
                }
                // Titles are not part of a person's name (CoNLL/OntoNotes convention).
                let title = (1 << cat::TITLE) | (1 << cat::TITLE_WORD) | (1 << cat::NOT_ENTITY);
                while matches!(ty.as_str(), "PER" | "Person" | "PERSON")
                    && e - s > 1
                    && dicts.lookup(&[r.words[s].as_str()]) & title != 0
                {
                    s += 1;
                }
                if let Some(t) = map_label(ty, &r.words[s..e], dicts) {
                    spans.push((s, e, t));
                }
            }
            let w: Vec<&str> = r.words.iter().map(String::as_str).collect();
            let pos = tagger
                .tag(&w)
                .into_iter()
                .map(|x| x.0.to_string())
                .collect();
            NerSentence {
                words: r.words,
                pos,
                spans,
                missing,
            }
        })
        .collect()
}

/// An evaluation set: words, UPOS (predicted), gold spans with scheme labels.
struct EvalSent {
    doc: usize,
    words: Vec<String>,
    pos: Vec<String>,
    gold: Vec<(usize, usize, &'static str)>,
}

fn eval_set(
    raw: Vec<Raw>,
    tagger: &Tagger,
    gold_map: &dyn Fn(&str) -> Option<&'static str>,
) -> Vec<EvalSent> {
    raw.into_iter()
        .map(|r| {
            let w: Vec<&str> = r.words.iter().map(String::as_str).collect();
            let pos = tagger
                .tag(&w)
                .into_iter()
                .map(|x| x.0.to_string())
                .collect();
            let gold = r
                .spans
                .iter()
                .filter_map(|(s, e, t)| gold_map(t).map(|g| (*s, *e, g)))
                .collect();
            EvalSent {
                doc: r.doc,
                words: r.words,
                pos,
                gold,
            }
        })
        .collect()
}

fn conll_map(l: &str) -> Option<&'static str> {
    match l {
        "PERSON" | "PER" => Some("PER"),
        "ORG" => Some("ORG"),
        "GPE" | "LOC" | "FAC" => Some("LOC"),
        "NORP" | "EVENT" | "MISC" => Some("MISC"),
        _ => None,
    }
}

fn ww_gold(l: &str) -> Option<&'static str> {
    match l {
        "Person" => Some("Person"),
        "Organization" => Some("Organization"),
        "Location" => Some("Location"),
        _ => None,
    }
}

fn ww_map(l: &str) -> Option<&'static str> {
    match l {
        "PERSON" => Some("Person"),
        "ORG" => Some("Organization"),
        "GPE" | "LOC" | "FAC" => Some("Location"),
        _ => None,
    }
}

static DOC_MODE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Predictions for an evaluation set (per document with `tag_doc` in doc mode).
fn predict(ner: &Ner, set: &[EvalSent]) -> Vec<Vec<(usize, usize, &'static str)>> {
    let doc_mode = DOC_MODE.load(std::sync::atomic::Ordering::Relaxed);
    let mut out = Vec::with_capacity(set.len());
    let mut i = 0;
    while i < set.len() {
        let mut j = i + 1;
        while doc_mode && j < set.len() && set[j].doc == set[i].doc {
            j += 1;
        }
        let ws: Vec<Vec<&str>> = set[i..j]
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let ps: Vec<Vec<&str>> = set[i..j]
            .iter()
            .map(|s| s.pos.iter().map(String::as_str).collect())
            .collect();
        let doc: Vec<(&[&str], &[&str])> = ws
            .iter()
            .zip(&ps)
            .map(|(w, p)| (w.as_slice(), p.as_slice()))
            .collect();
        out.extend(ner.tag_doc(&doc));
        i = j;
    }
    out
}

/// Entity-level exact-match scores; returns overall F1.
fn evaluate(
    name: &str,
    ner: &Ner,
    set: &[EvalSent],
    map: fn(&str) -> Option<&'static str>,
    print: bool,
) -> f64 {
    let mut c: HashMap<&'static str, (usize, usize, usize)> = HashMap::new(); // tp, pred, gold
    let preds = predict(ner, set);
    for (s, pred) in set.iter().zip(preds) {
        let pred: Vec<(usize, usize, &'static str)> = pred
            .into_iter()
            .filter_map(|(a, b, l)| map(l).map(|m| (a, b, m)))
            .collect();
        for g in &s.gold {
            c.entry(g.2).or_default().2 += 1;
        }
        for x in &pred {
            let e = c.entry(x.2).or_default();
            e.1 += 1;
            if s.gold.contains(x) {
                e.0 += 1;
            }
        }
    }
    let prf = |tp: usize, p: usize, g: usize| {
        let pr = tp as f64 / p.max(1) as f64;
        let rc = tp as f64 / g.max(1) as f64;
        let f = if pr + rc > 0.0 {
            2.0 * pr * rc / (pr + rc)
        } else {
            0.0
        };
        (pr, rc, f)
    };
    let mut keys: Vec<_> = c.keys().copied().collect();
    keys.sort();
    let (mut tp, mut np, mut ng) = (0, 0, 0);
    if print {
        println!("== {name}");
    }
    for k in keys {
        let (a, b, g) = c[k];
        tp += a;
        np += b;
        ng += g;
        let (p, r, f) = prf(a, b, g);
        if print {
            println!(
                "  {k:<13} P {:5.1}  R {:5.1}  F1 {:5.1}  (gold {g}, pred {b})",
                100.0 * p,
                100.0 * r,
                100.0 * f
            );
        }
    }
    let (p, r, f) = prf(tp, np, ng);
    if print {
        println!(
            "  {:<13} P {:5.1}  R {:5.1}  F1 {:5.1}",
            "overall",
            100.0 * p,
            100.0 * r,
            100.0 * f
        );
    }
    f
}

/// Prints `n` sentences (after `skip`) with gold and predicted entities.
fn show_some(ner: &Ner, set: &[EvalSent], n: usize, skip: usize) {
    for s in set.iter().skip(skip).take(n) {
        let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let p: Vec<&str> = s.pos.iter().map(String::as_str).collect();
        let pred = ner.tag(&w, &p);
        let fmt = |sp: &[(usize, usize, &str)]| -> String {
            sp.iter()
                .map(|(a, b, l)| format!("[{} {l}]", w[*a..*b].join(" ")))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "{}\n  gold: {}\n  pred: {}",
            w.join(" "),
            fmt(&s.gold),
            fmt(&pred)
        );
    }
}

fn read(p: &str) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |k: &str, d: &str| -> String {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1).cloned())
            .unwrap_or_else(|| d.to_string())
    };
    let gold = opt("--gold", "/work/shared/gold");
    let data = opt("--data", "data");
    let out = opt("--out", "data/models/ner.bin");
    let eval_only = args.iter().any(|a| a == "--eval-only");
    DOC_MODE.store(
        !args.iter().any(|a| a == "--no-doc"),
        std::sync::atomic::Ordering::Relaxed,
    );
    let opts = NerOptions {
        epochs: opt("--epochs", "4").parse().unwrap(),
        bits: opt("--bits", "20").parse().unwrap(),
        seed: opt("--seed", "1").parse().unwrap(),
        prune: opt("--prune", "2").parse().unwrap(),
        partial: !args.iter().any(|a| a == "--no-partial"),
        verbose: true,
        clusters: match args.iter().position(|a| a == "--clusters") {
            Some(i) => Clusters::load(&args[i + 1]).expect("clusters"),
            None => Default::default(),
        },
    };
    let tagger = Tagger::load(format!("{data}/models/tagger.bin")).expect("tagger");
    let dicts = NerDicts::from_data_dir(&data).expect("dictionaries");
    eprintln!("dictionary entries: {}", dicts.len());

    let t0 = Instant::now();
    let conll_dev = eval_set(
        read_columns(&read(&format!("{gold}/conll2003/valid.txt")), false, ""),
        &tagger,
        &conll_map,
    );
    let mut best: Option<(f64, usize, Ner)> = None;
    let ner = if eval_only {
        Ner::load(&out).expect("model")
    } else {
        let mut train = Vec::new();
        let all_but = |keep: &[&str]| {
            let m = mask(&[
                "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "MISC",
            ]);
            m & !mask(keep)
        };
        for f in ["train", "dev"] {
            let wmin: usize = opt("--wikiann-min", "8").parse().unwrap();
            let raw: Vec<Raw> =
                read_columns(&read(&format!("{gold}/wikiann-en/{f}")), false, "en:")
                    .into_iter()
                    .filter(|r| r.words.len() >= wmin)
                    .collect();
            eprintln!("wikiann {f}: {} sentences", raw.len());
            train.extend(to_train(
                raw,
                all_but(&["PERSON", "ORG", "GPE", "LOC"]),
                &dicts,
                &tagger,
            ));
        }
        let raw = read_columns(
            &read(&format!(
                "{gold}/ner-open/wikigold/CONLL-format/data/wikigold.conll.txt"
            )),
            false,
            "",
        );
        eprintln!("wikigold: {} sentences", raw.len());
        train.extend(to_train(
            raw,
            all_but(&["PERSON", "ORG", "GPE", "LOC", "NORP", "MISC"]),
            &dicts,
            &tagger,
        ));
        let re3d = format!("{gold}/ner-open/re3d/CONLL-format/data-by-source/conll");
        let mut dirs: Vec<_> = std::fs::read_dir(&re3d)
            .expect("re3d")
            .map(|e| e.unwrap().path())
            .collect();
        dirs.sort();
        let mut n = 0;
        for d in dirs {
            let name = d.file_name().unwrap().to_string_lossy().to_string();
            // BBC Online is CC BY-NC 3.0; the EEAS legal notice is not an open licence.
            if name == "BBC_Online" || name.starts_with("Delegation") {
                eprintln!("re3d: skipping {name}");
                continue;
            }
            let mut files: Vec<_> = std::fs::read_dir(&d)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for f in files {
                let raw = read_columns(&read(f.to_str().unwrap()), false, "");
                n += raw.len();
                train.extend(to_train(
                    raw,
                    all_but(&["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE"]),
                    &dicts,
                    &tagger,
                ));
            }
        }
        eprintln!("re3d: {n} sentences");
        let raw = read_gum(
            &read(&format!("{gold}/ud/gum/en_gum-ud-train.conllu")),
            &dicts,
        );
        if args.iter().any(|a| a == "--dump-gum") {
            for r in raw.iter().take(60) {
                let sp: Vec<String> = r
                    .spans
                    .iter()
                    .map(|(a, b, t)| format!("[{} {t}]", r.words[*a..*b].join(" ")))
                    .collect();
                println!("{}\n   {}", r.words.join(" "), sp.join(" "));
            }
        }
        eprintln!(
            "gum: {} sentences, {} spans",
            raw.len(),
            raw.iter().map(|r| r.spans.len()).sum::<usize>()
        );
        train.extend(to_train(
            raw,
            all_but(&["PERSON", "ORG", "GPE", "LOC", "EVENT", "DATE"]),
            &dicts,
            &tagger,
        ));
        // Optionally repeat the hand-annotated (non-WikiANN) sentences.
        let dup: usize = opt("--dup-clean", "3").parse().unwrap();
        let nwiki = train
            .iter()
            .take_while(|s| s.missing == all_but(&["PERSON", "ORG", "GPE", "LOC"]))
            .count();
        let clean: Vec<NerSentence> = train[nwiki..].to_vec();
        for _ in 1..dup {
            train.extend(clean.iter().cloned());
        }
        let ntok: usize = train.iter().map(|s| s.words.len()).sum();
        let mut counts = [0usize; 9];
        for s in &train {
            for x in &s.spans {
                counts[x.2] += 1;
            }
        }
        eprintln!(
            "training: {} sentences, {ntok} tokens, spans per type {:?}; prep {:.1}s",
            train.len(),
            counts,
            t0.elapsed().as_secs_f64()
        );
        let t1 = Instant::now();
        let ner = Ner::train(&train, dicts, &opts, |ep, m| {
            let f = evaluate("conll valid", m, &conll_dev, conll_map, false);
            eprintln!("  epoch {ep}: CoNLL valid F1 {:.2}", 100.0 * f);
            if best.as_ref().is_none_or(|b| f > b.0) {
                best = Some((f, ep, m.clone()));
            }
        });
        drop(ner);
        let (f, ep, m) = best.take().unwrap();
        eprintln!(
            "trained in {:.1}s; best epoch {ep} (valid F1 {:.2})",
            t1.elapsed().as_secs_f64(),
            100.0 * f
        );
        m.save(&out).expect("save");
        m
    };
    println!(
        "model {out}: {:.2} MB, {} non-zero weights",
        ner.to_bytes().len() as f64 / 1e6,
        ner.nonzero()
    );
    let show: usize = opt("--show", "0").parse().unwrap();
    let skip: usize = opt("--skip", "100").parse().unwrap();
    show_some(&ner, &conll_dev, show, skip);
    evaluate("CoNLL-2003 valid (dev)", &ner, &conll_dev, conll_map, true);
    let conll_test = eval_set(
        read_columns(&read(&format!("{gold}/conll2003/test.txt")), false, ""),
        &tagger,
        &conll_map,
    );
    evaluate("CoNLL-2003 test", &ner, &conll_test, conll_map, true);
    let wdir = format!("{gold}/worldwide-newswire-ner/processed_annotated");
    let mut files: Vec<_> = std::fs::read_dir(&wdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut raw = Vec::new();
    for (d, f) in files.iter().enumerate() {
        raw.extend(
            read_columns(&read(f.to_str().unwrap()), true, "")
                .into_iter()
                .map(|mut r| {
                    r.doc = d;
                    r
                }),
        );
    }
    let ww = eval_set(raw, &tagger, &ww_gold);
    show_some(&ner, &ww, opt("--show-ww", "0").parse().unwrap(), skip);
    evaluate(
        "worldwide newswire (PERSON/ORG/LOC)",
        &ner,
        &ww,
        ww_map,
        true,
    );

    // Speed: NER only, on CoNLL test + worldwide with precomputed POS.
    let sents: Vec<(Vec<&str>, Vec<&str>)> = conll_test
        .iter()
        .chain(ww.iter())
        .map(|s| {
            (
                s.words.iter().map(String::as_str).collect(),
                s.pos.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let ntok: usize = sents.iter().map(|s| s.0.len()).sum();
    let mut bestt = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        for (w, p) in &sents {
            std::hint::black_box(ner.tag(w, p));
        }
        bestt = bestt.min(t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    for (w, _) in &sents {
        let pos: Vec<&str> = tagger.tag(w).into_iter().map(|x| x.0).collect();
        std::hint::black_box(ner.tag(w, &pos));
    }
    let both = t.elapsed().as_secs_f64();
    println!(
        "speed: NER {:.0} tokens/s/core; tagger+NER {:.0} tokens/s/core ({ntok} tokens)",
        ntok as f64 / bestt,
        ntok as f64 / both
    );
}
