//! Event coding: three gold sets, coded sentence by sentence with the same
//! [`Pipeline`] users run.
//!
//! * [`plover_gsr`]: the PLOVER gold-standard records
//!   (`plover/PLOVER_GSR_CAMEO.txt`, PLOVER v0.5b1 labels, sentences edited
//!   from the CAMEO manual). Old labels are mapped to current PLOVER with
//!   [`current_plover`]; we score the event type and the source/target
//!   countries.
//! * [`plv`]: the Zero-Shot-PLOVER `(source, target)` pairs
//!   (`plover/PLV_{test,train}.tsv`): 15 PLOVER-like root classes, the pair
//!   marked `<s>..</s>` / `<t>..</t>` in the sentence; we score the class the
//!   pair model gives the pair, and the dictionary's alone (accuracy,
//!   macro-F1, coverage).
//! * [`petr2_gsr`]: the PETRARCH-2 validation records
//!   (`petrarch/PETR2_GSR_validation.xml`): expected CAMEO codings with
//!   source and target codes; scored as PETRARCH's validation does, on the
//!   CAMEO root and the first three letters of each actor code.
//!
//! `data` is the gold directory (`../shared/gold`).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use wirecode::doc::{Article, Doc, Event, Mode, NaiveDate, Participant, Span};
use wirecode::extract::events::learned::{
    mention_of, pair_features, Mention, PairModel, PairTrainer, CLASSES,
};
use wirecode::Pipeline;

use crate::{Prf, Report};

fn pct(a: usize, b: usize) -> String {
    format!("{:.4}", if b == 0 { 0.0 } else { a as f64 / b as f64 })
}

/// Codes one sentence as an article of its own (the evals and the
/// examples that show their records share it).
pub fn code_text(pipeline: &Pipeline, id: &str, text: &str, published: Option<NaiveDate>) -> Doc {
    pipeline.code(Article {
        id: id.to_string(),
        text: text.to_string(),
        published,
        ..Default::default()
    })
}

/// The CAMEO actor code of a participant, if resolved.
fn actor_code(p: &Option<Participant>) -> Option<&str> {
    p.as_ref()?.actor.as_ref()?.code.as_deref()
}

/// The first three characters of a code (the country, `IGO`, `NGO`, or a
/// sector standing alone), or the whole code when shorter.
fn prefix3(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

// ---------------------------------------------------------------------------
// PLOVER gold-standard records
// ---------------------------------------------------------------------------

/// Maps a PLOVER event label to the current (v0.8+/2.0 draft) set.
///
/// The GSR file is coded in PLOVER v0.5b1, which kept CAMEO's cue-category
/// names for some types. Its readme gives no mapping; the one here is the
/// CAMEO-to-PLOVER translation table of `PLOVER_MANUAL.tex` (`tab:xlate`),
/// whose "CAMEO text" column holds exactly those old names:
/// `INVESTIGATE` -> `ACCUSE`, `DEMAND` -> `REQUEST`, `DISAPPROVE` ->
/// `ACCUSE`, `FIGHT` -> `ASSAULT` (CAMEO 18 and 19 are both `ASSAULT` now).
/// `YIELD` (split into `CONCEDE` and `RETREAT`) cannot be mapped without the
/// text and is left as is; it does not occur in the file. Current labels
/// pass through unchanged.
pub fn current_plover(label: &str) -> String {
    let l = label.trim().to_ascii_uppercase();
    match l.as_str() {
        "INVESTIGATE" | "DISAPPROVE" => "ACCUSE".into(),
        "DEMAND" => "REQUEST".into(),
        "FIGHT" => "ASSAULT".into(),
        _ => l,
    }
}

/// One PLOVER gold record.
#[derive(Debug, Clone, PartialEq)]
pub struct GsrRecord {
    pub id: String,
    pub text: String,
    /// The label as written in the file.
    pub event_raw: String,
    /// The label mapped with [`current_plover`].
    pub event: String,
    /// `code` of the first source actor, when there is one.
    pub source_country: Option<String>,
    /// `code` of the first target actor, when there is one.
    pub target_country: Option<String>,
    pub date: Option<NaiveDate>,
}

/// Makes almost-JSON parseable: drops `//` and `/* */` comments and commas
/// before a closing bracket or brace, leaving string contents alone.
pub fn lenient_json(s: &str) -> String {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            out.push(c);
            if c == '\\' && i + 1 < b.len() {
                out.push(b[i + 1]);
                i += 2;
                continue;
            }
            if c == '"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
                i += 1;
            }
            '/' if b.get(i + 1) == Some(&'/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '/' if b.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < b.len() && !(b[i] == '*' && b.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            }
            ',' => {
                let mut j = i + 1;
                while j < b.len() && b[j].is_whitespace() {
                    j += 1;
                }
                if !matches!(b.get(j), Some(']' | '}')) {
                    out.push(c);
                }
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The `code` of the first actor in a `source`/`target` field (a list of
/// `{actorText, code, sector}`; may also be `""` or missing).
fn first_code(v: &serde_json::Value) -> Option<String> {
    let first = v.as_array()?.first()?;
    let code = first["code"].as_str()?.trim();
    (!code.is_empty()).then(|| code.to_string())
}

/// Parses the GSR file's text (JSON array; lenient if needed), skipping
/// `DOCUMENT` records and records without text or event.
pub fn parse_gsr(s: &str) -> Result<Vec<GsrRecord>, String> {
    let v: serde_json::Value = match serde_json::from_str(s) {
        Ok(v) => v,
        Err(_) => serde_json::from_str(&lenient_json(s)).map_err(|e| e.to_string())?,
    };
    let arr = v.as_array().ok_or("expected a JSON array of records")?;
    let mut out = Vec::new();
    for r in arr {
        let event_raw = r["event"].as_str().unwrap_or_default().trim().to_string();
        let text = r["text"].as_str().unwrap_or_default().trim().to_string();
        if event_raw.is_empty() || event_raw.eq_ignore_ascii_case("DOCUMENT") || text.is_empty() {
            continue;
        }
        out.push(GsrRecord {
            id: r["id"].as_str().unwrap_or_default().to_string(),
            event: current_plover(&event_raw),
            event_raw,
            text,
            source_country: first_code(&r["source"]),
            target_country: first_code(&r["target"]),
            date: r["date"]
                .as_str()
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()),
        });
    }
    Ok(out)
}

/// Loads `<data>/plover/PLOVER_GSR_CAMEO.txt`.
pub fn load_gsr(data: &Path) -> Result<Vec<GsrRecord>, String> {
    let p = data.join("plover").join("PLOVER_GSR_CAMEO.txt");
    let s = fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    let recs = parse_gsr(&s).map_err(|e| format!("{}: {e}", p.display()))?;
    if recs.is_empty() {
        return Err(format!("{}: no records", p.display()));
    }
    Ok(recs)
}

/// What we predicted for one GSR record: the compared event's PLOVER type
/// and actor codes (the event whose type matches the gold, else the first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GsrPrediction {
    pub events: usize,
    pub type_correct: bool,
    pub plover: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
}

fn predict_gsr(pipeline: &Pipeline, r: &GsrRecord) -> GsrPrediction {
    let doc = code_text(pipeline, &r.id, &r.text, r.date);
    let matching = doc
        .events
        .iter()
        .find(|e| e.plover.as_deref().map(current_plover).as_deref() == Some(r.event.as_str()));
    let chosen = matching.or(doc.events.first());
    GsrPrediction {
        events: doc.events.len(),
        type_correct: matching.is_some(),
        plover: chosen.and_then(|e| e.plover.clone()),
        source: chosen.and_then(|e| actor_code(&e.source).map(str::to_string)),
        target: chosen.and_then(|e| actor_code(&e.target).map(str::to_string)),
    }
}

/// Scores the PLOVER gold-standard records: event type accuracy (any of our
/// events has the gold type), records with no event, and source / target
/// country accuracy (gold `code` of the first actor equals the first three
/// letters of the compared event's actor code) over records that have one.
pub fn plover_gsr(data: &Path, pipeline: &Pipeline) -> Result<Report, String> {
    let recs = load_gsr(data)?;
    let preds: Vec<GsrPrediction> = recs.par_iter().map(|r| predict_gsr(pipeline, r)).collect();
    Ok(score_gsr(&recs, &preds))
}

/// The report for [`plover_gsr`] from records and predictions.
pub fn score_gsr(recs: &[GsrRecord], preds: &[GsrPrediction]) -> Report {
    let n = recs.len();
    let (mut correct, mut none, mut renamed) = (0, 0, 0);
    let (mut sn, mut sok, mut tn, mut tok) = (0, 0, 0, 0);
    let mut by_type: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (r, p) in recs.iter().zip(preds) {
        correct += p.type_correct as usize;
        none += (p.events == 0) as usize;
        renamed += (r.event != r.event_raw) as usize;
        let t = by_type.entry(r.event.as_str()).or_default();
        t.0 += 1;
        t.1 += p.type_correct as usize;
        if let Some(g) = &r.source_country {
            sn += 1;
            sok += p.source.as_deref().is_some_and(|c| prefix3(c) == g) as usize;
        }
        if let Some(g) = &r.target_country {
            tn += 1;
            tok += p.target.as_deref().is_some_and(|c| prefix3(c) == g) as usize;
        }
    }
    let mut rep = Report::default();
    rep.add("plover_gsr.records", n);
    rep.add("plover_gsr.records_relabelled", renamed);
    rep.add("plover_gsr.event_type.correct", correct);
    rep.add("plover_gsr.event_type.accuracy", pct(correct, n));
    rep.add("plover_gsr.no_event", none);
    rep.add("plover_gsr.no_event.rate", pct(none, n));
    rep.add("plover_gsr.source_country.records", sn);
    rep.add("plover_gsr.source_country.accuracy", pct(sok, sn));
    rep.add("plover_gsr.target_country.records", tn);
    rep.add("plover_gsr.target_country.accuracy", pct(tok, tn));
    for (t, (k, ok)) in by_type {
        rep.add(format!("plover_gsr.by_type.{t}"), format!("{ok}/{k}"));
    }
    rep
}

// ---------------------------------------------------------------------------
// Zero-Shot-PLOVER (PLV) pairs
// ---------------------------------------------------------------------------

/// The 15 PLV root classes (the types the pair model names).
pub const PLV_CLASSES: [&str; 15] = CLASSES;

/// The prediction when no event is found.
pub const PLV_NONE: &str = "NONE";

/// Maps one of our PLOVER types to the PLV label set.
///
/// PLV's 15 roots are PLOVER's 16 current types with `CONCEDE` and
/// `RETREAT` folded back into CAMEO's `YIELD`; its modality table also
/// names `INVESTIGATE` and `FIGHT`, which the data set folds into `ACCUSE`
/// and `ASSAULT` (as current PLOVER does) and old `DEMAND`, `DISAPPROVE`
/// likewise go to `REQUEST` and `ACCUSE`. So: `CONCEDE`, `RETREAT` ->
/// `YIELD`; old labels through [`current_plover`]; the 14 others unchanged;
/// anything else -> `None`.
pub fn plv_label(plover: &str) -> Option<&'static str> {
    let l = current_plover(plover);
    let l = match l.as_str() {
        "CONCEDE" | "RETREAT" | "YIELD" => "YIELD",
        other => other,
    };
    PLV_CLASSES.iter().copied().find(|c| *c == l)
}

/// PLV's modality convention (`prompts/rootcode_modality.txt`): an intended
/// (future) action is labelled by its `future` column (`PROTEST` ->
/// `THREATEN`, cooperation -> `AGREE`, ...), a negated one by `neg_past`
/// (negated cooperation -> `REJECT` or `SANCTION`, negated conflict ->
/// `AGREE` or `YIELD`). Applied to an event's class and mode for the
/// `plv.modal.*` figures; other modes keep the class.
pub fn plv_modal(class: &'static str, mode: Mode) -> &'static str {
    // (root, future, neg_past)
    const TABLE: [(&str, &str, &str); 15] = [
        ("AGREE", "AGREE", "REJECT"),
        ("CONSULT", "AGREE", "REJECT"),
        ("SUPPORT", "AGREE", "REJECT"),
        ("COOPERATE", "AGREE", "SANCTION"),
        ("AID", "AGREE", "SANCTION"),
        ("YIELD", "AGREE", "SANCTION"),
        ("ACCUSE", "ACCUSE", "AGREE"),
        ("REQUEST", "REQUEST", "AGREE"),
        ("REJECT", "REJECT", "AGREE"),
        ("THREATEN", "THREATEN", "AGREE"),
        ("PROTEST", "THREATEN", "YIELD"),
        ("MOBILIZE", "THREATEN", "YIELD"),
        ("SANCTION", "THREATEN", "YIELD"),
        ("COERCE", "THREATEN", "YIELD"),
        ("ASSAULT", "THREATEN", "YIELD"),
    ];
    let Some(&(_, fut, neg)) = TABLE.iter().find(|r| r.0 == class) else {
        return class;
    };
    match mode {
        Mode::Intended => fut,
        Mode::Negated => neg,
        _ => class,
    }
}

/// A marked sentence with the markup removed: the plain text and the byte
/// spans (into it) of every `<s>..</s>` and `<t>..</t>` piece. Tags may nest
/// (`<s><t>Serbia</t>n President</s>`) and repeat; an unclosed tag runs to
/// the end, a stray closing tag is dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marked {
    pub text: String,
    pub source: Vec<Span>,
    pub target: Vec<Span>,
}

/// Strips PLV `<s>`/`<t>` markup (tags are case-insensitive).
pub fn strip_markup(marked: &str) -> Marked {
    let mut m = Marked::default();
    let (mut open_s, mut open_t): (Option<usize>, Option<usize>) = (None, None);
    let mut rest = marked;
    while !rest.is_empty() {
        let lower4: String = rest
            .chars()
            .take(4)
            .collect::<String>()
            .to_ascii_lowercase();
        let tag = ["</s>", "</t>", "<s>", "<t>"]
            .into_iter()
            .find(|t| lower4.starts_with(t));
        match tag {
            Some(t) => {
                let pos = m.text.len();
                match t {
                    "<s>" => open_s = Some(open_s.unwrap_or(pos)),
                    "<t>" => open_t = Some(open_t.unwrap_or(pos)),
                    "</s>" => {
                        if let Some(s) = open_s.take() {
                            m.source.push(Span::new(s, pos));
                        }
                    }
                    _ => {
                        if let Some(s) = open_t.take() {
                            m.target.push(Span::new(s, pos));
                        }
                    }
                }
                rest = &rest[t.len()..];
            }
            None => {
                let c = rest.chars().next().unwrap_or_default();
                m.text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    let end = m.text.len();
    if let Some(s) = open_s {
        m.source.push(Span::new(s, end));
    }
    if let Some(s) = open_t {
        m.target.push(Span::new(s, end));
    }
    // Markup often wraps a trailing space: trim each span to its text.
    let text = m.text.clone();
    let trim = |sp: &mut Vec<Span>| {
        for s in sp.iter_mut() {
            let piece = &text[s.start..s.end];
            let lead = piece.len() - piece.trim_start().len();
            let tail = piece.len() - piece.trim_end().len();
            if lead + tail < piece.len() {
                *s = Span::new(s.start + lead, s.end - tail);
            }
        }
        sp.retain(|s| !s.is_empty());
        sp.sort();
    };
    trim(&mut m.source);
    trim(&mut m.target);
    m
}

/// One PLV row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlvRow {
    pub uid: String,
    pub gold: String,
    pub marked: Marked,
}

/// Parses a PLV TSV (columns found by header name: `sentence`,
/// `marked_sentence`, `gold_root`; the id is `uid` or the first column).
/// The text we code is the markup-stripped `marked_sentence` (equal to
/// `sentence` on every row of both files), so the marked spans are byte
/// offsets into exactly what the pipeline sees.
pub fn parse_plv(tsv: &str) -> Result<Vec<PlvRow>, String> {
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().ok_or("empty file")?.split('\t').collect();
    let col = |n: &str| {
        header
            .iter()
            .position(|h| h.trim() == n)
            .ok_or_else(|| format!("no column {n:?}"))
    };
    let (c_sent, c_marked, c_gold) = (col("sentence")?, col("marked_sentence")?, col("gold_root")?);
    let c_uid = col("uid").unwrap_or(0);
    let mut out = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let need = c_sent.max(c_marked).max(c_gold);
        if f.len() <= need {
            continue;
        }
        let mut marked = strip_markup(f[c_marked]);
        if marked.text.trim().is_empty() {
            // No markup to read: keep the sentence, with no spans.
            marked = Marked {
                text: f[c_sent].to_string(),
                ..Default::default()
            };
        }
        out.push(PlvRow {
            uid: f[c_uid].to_string(),
            gold: f[c_gold].trim().to_ascii_uppercase(),
            marked,
        });
    }
    Ok(out)
}

/// Loads `<data>/plover/PLV_<split>.tsv` (`test` or `train`).
pub fn load_plv(data: &Path, split: &str) -> Result<Vec<PlvRow>, String> {
    let p = data.join("plover").join(format!("PLV_{split}.tsv"));
    let s = fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    let rows = parse_plv(&s).map_err(|e| format!("{}: {e}", p.display()))?;
    if rows.is_empty() {
        return Err(format!("{}: no rows", p.display()));
    }
    Ok(rows)
}

fn overlaps_any(p: &Option<Participant>, spans: &[Span]) -> bool {
    p.as_ref()
        .is_some_and(|p| spans.iter().any(|s| s.overlaps(&p.span)))
}

/// True when the event links the marked pair: its source overlaps a marked
/// source piece and its target a marked target piece (a role the row does
/// not mark is not checked; a row marking neither links nothing).
fn links(e: &Event, m: &Marked) -> bool {
    if m.source.is_empty() && m.target.is_empty() {
        return false;
    }
    (m.source.is_empty() || overlaps_any(&e.source, &m.source))
        && (m.target.is_empty() || overlaps_any(&e.target, &m.target))
}

/// Our prediction for one PLV row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlvPrediction {
    /// The class from the chosen event's PLOVER type, or [`PLV_NONE`].
    pub class: &'static str,
    /// The same with PLV's modality convention applied ([`plv_modal`]).
    pub modal: &'static str,
    /// The chosen event links the marked pair.
    pub linked: bool,
    /// The sentence had at least one event.
    pub any_event: bool,
}

/// Chooses the event for a row: the first linking event with a PLV class,
/// else the first linking event, else the first event with a class, else
/// the first event.
pub fn choose_plv(events: &[Event], m: &Marked) -> PlvPrediction {
    let class = |e: &Event| e.plover.as_deref().and_then(plv_label);
    let linked: Vec<&Event> = events.iter().filter(|e| links(e, m)).collect();
    fn pick<'a>(es: &[&'a Event]) -> Option<&'a Event> {
        let class = |e: &Event| e.plover.as_deref().and_then(plv_label);
        es.iter()
            .find(|e| class(e).is_some())
            .or(es.first())
            .copied()
    }
    let all: Vec<&Event> = events.iter().collect();
    let (chosen, is_linked) = match pick(&linked) {
        Some(e) => (Some(e), true),
        None => (pick(&all), false),
    };
    let c = chosen.and_then(class);
    PlvPrediction {
        class: c.unwrap_or(PLV_NONE),
        modal: match (c, chosen) {
            (Some(c), Some(e)) => plv_modal(c, e.mode),
            _ => PLV_NONE,
        },
        linked: is_linked,
        any_event: !events.is_empty(),
    }
}

/// Per-class counts and macro-F1 (the mean of the classes' F1) over
/// `classes`, from `(gold, predicted)` pairs; predictions outside `classes`
/// (such as [`PLV_NONE`]) count as misses.
pub fn macro_f1(pairs: &[(&str, &str)], classes: &[&str]) -> (f64, Vec<Prf>) {
    let per: Vec<Prf> = classes
        .iter()
        .map(|c| {
            let tp = pairs.iter().filter(|(g, p)| g == c && p == c).count();
            Prf {
                tp_pred: tp,
                tp_gold: tp,
                predicted: pairs.iter().filter(|(_, p)| p == c).count(),
                gold: pairs.iter().filter(|(g, _)| g == c).count(),
            }
        })
        .collect();
    let m = if per.is_empty() {
        0.0
    } else {
        per.iter().map(Prf::f1).sum::<f64>() / per.len() as f64
    };
    (m, per)
}

/// Scores the PLV pairs of `split` (`test` or `train`): accuracy and macro-F1
/// over the 15 classes. The class is the built-in pair model's
/// ([`PairModel`], which reads the dictionary's events among its features);
/// without a model, the class of the dictionary event that links the marked
/// source and target (else any event in the sentence, else [`PLV_NONE`]).
/// `plv.dictionary.accuracy` is the latter in any case; coverage = rows
/// with a linking dictionary event. `plv.modal.*` repeats the figures with
/// PLV's modality convention applied to the event's mode ([`plv_modal`];
/// the model learns PLV's labels as they are, so for it they are equal).
pub fn plv(data: &Path, split: &str, pipeline: &Pipeline) -> Result<Report, String> {
    let rows = load_plv(data, split)?;
    let preds: Vec<(PlvPrediction, PlvPrediction)> = rows
        .par_iter()
        .map(|r| {
            let doc = code_text(pipeline, &r.uid, &r.marked.text, None);
            let dict = choose_plv(&doc.events, &r.marked);
            let Some(model) = PairModel::builtin() else {
                return (dict.clone(), dict);
            };
            let (s, t) = plv_mentions(&doc, &r.marked);
            let (class, _) = model.classify(&doc, &doc.events, &s, &t);
            let ours = PlvPrediction {
                class,
                modal: class,
                ..dict.clone()
            };
            (ours, dict)
        })
        .collect();
    let (ours, dict): (Vec<_>, Vec<_>) = preds.into_iter().unzip();
    let mut rep = score_plv(split, &rows, &ours);
    rep.add(
        "plv.classifier",
        match PairModel::builtin() {
            // On the train split the model has seen every row.
            Some(_) => "pair model (data/models/events.bin, trained on PLV train)",
            None => "dictionary events linking the pair",
        },
    );
    let right = rows
        .iter()
        .zip(&dict)
        .filter(|(r, p)| r.gold == p.class)
        .count();
    rep.add("plv.dictionary.accuracy", pct(right, rows.len()));
    Ok(rep)
}

/// A PLV row's first marked source and target as token mentions of `doc`.
pub fn plv_mentions(doc: &Doc, m: &Marked) -> (Mention, Mention) {
    let first = |v: &[Span]| v.first().map_or(0..0, |&s| mention_of(doc, s));
    (first(&m.source), first(&m.target))
}

/// Trains the pair classifier on PLV train (`<data>/plover/PLV_train.tsv`),
/// with features from the dictionary's events, and reports its
/// `folds`-fold cross-validated accuracy beside the dictionary's own.
pub fn train_pairs(
    pipeline: &Pipeline,
    data: &Path,
    epochs: usize,
    seed: u64,
) -> Result<(PairModel, String), String> {
    let rows = load_plv(data, "train")?;
    let coded: Vec<(Doc, PlvPrediction)> = rows
        .par_iter()
        .map(|r| {
            let doc = code_text(pipeline, &r.uid, &r.marked.text, None);
            let p = choose_plv(&doc.events, &r.marked);
            (doc, p)
        })
        .collect();
    let mut trainer = PairTrainer::default();
    let mut kept = Vec::new();
    for (r, (doc, p)) in rows.iter().zip(&coded) {
        let Some(y) = CLASSES.iter().position(|c| *c == r.gold) else {
            continue;
        };
        let (s, t) = plv_mentions(doc, &r.marked);
        trainer.add_with_bare(
            pair_features(doc, &doc.events, &s, &t),
            pair_features(doc, &[], &s, &t),
            y,
        );
        kept.push((y, p));
    }
    let mut report = format!("PLV train: {} pairs\n", trainer.len());
    let n = kept.len().max(1) as f64;
    let dict = kept.iter().filter(|(y, p)| CLASSES[*y] == p.class).count();
    report += &format!("dictionary alone: accuracy {:.4}\n", dict as f64 / n);
    // Five-fold cross-validation, repeated over three seeded splits.
    let (mut acc, mut combo) = (0.0, 0.0);
    let reps = 3;
    let mut held: Vec<(f32, bool)> = Vec::new();
    for r in 0..reps {
        let (a, pred) = trainer.cross_validate(5, epochs, seed.wrapping_add(r));
        acc += a / reps as f64;
        let mut right = 0;
        for ((y, p), &(m, margin)) in kept.iter().zip(&pred) {
            let c = if p.linked && p.class != PLV_NONE {
                p.class
            } else {
                CLASSES[m]
            };
            right += usize::from(c == CLASSES[*y]);
            held.push((margin, m == *y));
        }
        combo += right as f64 / n / reps as f64;
    }
    report += &format!(
        "model, 5-fold cross-validation (3 splits): accuracy {acc:.4}; dictionary where it links the pair, else the model: {combo:.4}\n"
    );
    // The pipeline adds model-typed events only where the held-out
    // predictions at least that sure were right at least PRECISION of the time.
    const PRECISION: f64 = 0.9;
    let mut threshold = f32::MAX;
    for step in 0..=40 {
        let t = step as f32 * 0.5;
        let kept: Vec<bool> = held.iter().filter(|h| h.0 >= t).map(|h| h.1).collect();
        let right = kept.iter().filter(|&&r| r).count();
        let p = right as f64 / kept.len().max(1) as f64;
        if step % 4 == 0 {
            report += &format!(
                "margin >= {t:4.1}: {:.3} of held-out pairs kept, {p:.3} right\n",
                kept.len() as f64 / held.len().max(1) as f64
            );
        }
        if p >= PRECISION && threshold == f32::MAX {
            threshold = t;
        }
    }
    report += &format!("chosen threshold {threshold} (held-out precision >= {PRECISION})\n");
    let model = trainer.train(epochs, seed).with_threshold(threshold);
    Ok((model, report))
}

/// The report for [`plv`] from rows and predictions.
pub fn score_plv(split: &str, rows: &[PlvRow], preds: &[PlvPrediction]) -> Report {
    let n = rows.len();
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .zip(preds)
        .map(|(r, p)| (r.gold.as_str(), p.class))
        .collect();
    let modal: Vec<(&str, &str)> = rows
        .iter()
        .zip(preds)
        .map(|(r, p)| (r.gold.as_str(), p.modal))
        .collect();
    let acc = |ps: &[(&str, &str)]| ps.iter().filter(|(g, p)| g == p).count();
    let (mf1, per) = macro_f1(&pairs, &PLV_CLASSES);
    let (mmf1, _) = macro_f1(&modal, &PLV_CLASSES);
    let linked = preds.iter().filter(|p| p.linked).count();
    let linked_ok = rows
        .iter()
        .zip(preds)
        .filter(|(r, p)| p.linked && r.gold == p.class)
        .count();
    let any = preds.iter().filter(|p| p.any_event).count();
    let none = preds.iter().filter(|p| p.class == PLV_NONE).count();
    let mut rep = Report::default();
    rep.add("plv.split", split);
    rep.add("plv.rows", n);
    let unknown: HashSet<&str> = rows
        .iter()
        .map(|r| r.gold.as_str())
        .filter(|g| !PLV_CLASSES.contains(g))
        .collect();
    if !unknown.is_empty() {
        let mut u: Vec<&str> = unknown.into_iter().collect();
        u.sort();
        rep.add("plv.unknown_gold_labels", u.join(","));
    }
    rep.add("plv.accuracy", pct(acc(&pairs), n));
    rep.add("plv.macro_f1", format!("{mf1:.4}"));
    rep.add("plv.coverage", pct(linked, n));
    rep.add("plv.linked.rows", linked);
    rep.add("plv.linked.accuracy", pct(linked_ok, linked));
    rep.add("plv.any_event.rows", any);
    rep.add("plv.predicted_none", none);
    rep.add("plv.modal.accuracy", pct(acc(&modal), n));
    rep.add("plv.modal.macro_f1", format!("{mmf1:.4}"));
    for (c, p) in PLV_CLASSES.iter().zip(&per) {
        rep.add(format!("plv.class.{c}.f1"), format!("{:.4}", p.f1()));
    }
    rep
}

// ---------------------------------------------------------------------------
// PETRARCH-2 validation records
// ---------------------------------------------------------------------------

/// One expected coding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub code: String,
    pub source: String,
    pub target: String,
}

/// One validation record.
#[derive(Debug, Clone, PartialEq)]
pub struct PetrRecord {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    /// Empty when the record expects no events (`noevents="True"`).
    pub expected: Vec<Expected>,
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in a start tag's text (either quote style).
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || tag[..at].ends_with(|c: char| c.is_whitespace());
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            continue;
        }
        let end = rest[1..].find(q)?;
        return Some(xml_unescape(&rest[1..1 + end]));
    }
    None
}

/// Drops `<!-- -->` comments and `#` comment lines (PETRARCH's header).
fn strip_comments(xml: &str) -> String {
    let mut s = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find("<!--") {
        s.push_str(&rest[..i]);
        rest = match rest[i..].find("-->") {
            Some(j) => &rest[i + j + 3..],
            None => "",
        };
    }
    s.push_str(rest);
    s.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Start positions of `<name` tags (followed by a space, `>` or `/`).
fn tag_starts(s: &str, name: &str) -> Vec<usize> {
    let pat = format!("<{name}");
    s.match_indices(&pat)
        .filter(|(i, _)| {
            matches!(
                s[i + pat.len()..].chars().next(),
                Some(c) if c.is_whitespace() || c == '>' || c == '/'
            )
        })
        .map(|(i, _)| i)
        .collect()
}

/// The sentence of a record's CoNLL-U `<Parse>`: its word forms, spaced
/// unless the MISC column says `SpaceAfter=No`.
fn parse_text(block: &str) -> String {
    let (Some(a), Some(b)) = (block.find("<Parse>"), block.find("</Parse>")) else {
        return String::new();
    };
    if a + 7 > b {
        return String::new();
    }
    let mut out = String::new();
    let mut space = false;
    for line in block[a + 7..b].lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 10 || !f[0].chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if space {
            out.push(' ');
        }
        out.push_str(&xml_unescape(f[1]));
        space = !f[9].split('|').any(|m| m == "SpaceAfter=No");
    }
    out
}

/// Extracts validation records: each `<Sentence ...>` (self-closing or not)
/// owns the `<EventCoding .../>` tags and the `<Text>` up to the next
/// `<Sentence`. Records with `evaluate="false"` or without text are skipped.
pub fn parse_petr(xml: &str) -> Vec<PetrRecord> {
    let s = strip_comments(xml);
    let starts = tag_starts(&s, "Sentence");
    let mut out = Vec::new();
    for (k, &st) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(s.len());
        let block = &s[st..end];
        let head = &block[..block.find('>').map_or(block.len(), |i| i + 1)];
        if attr(head, "evaluate").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
            continue;
        }
        let mut text = match (block.find("<Text>"), block.find("</Text>")) {
            (Some(a), Some(b)) if a + 6 <= b => xml_unescape(
                &block[a + 6..b]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => String::new(),
        };
        if text.is_empty() {
            // One record has an empty <Text>; its sentence is in the parse.
            text = parse_text(block);
        }
        if text.is_empty() {
            continue;
        }
        let mut expected = Vec::new();
        for ec in tag_starts(block, "EventCoding") {
            let tag = &block[ec..block[ec..].find('>').map_or(block.len(), |i| ec + i + 1)];
            if attr(tag, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                continue;
            }
            let Some(code) = attr(tag, "eventcode").filter(|c| !c.trim().is_empty()) else {
                continue;
            };
            let actor = |n: &str| {
                attr(tag, n)
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| "---".into())
            };
            expected.push(Expected {
                code: code.trim().to_string(),
                source: actor("sourcecode"),
                target: actor("targetcode"),
            });
        }
        out.push(PetrRecord {
            id: attr(head, "id").unwrap_or_default(),
            date: attr(head, "date")
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y%m%d").ok()),
            text,
            expected,
        });
    }
    out
}

/// Loads `<data>/petrarch/PETR2_GSR_validation.xml`.
pub fn load_petr(data: &Path) -> Result<Vec<PetrRecord>, String> {
    let p = data.join("petrarch").join("PETR2_GSR_validation.xml");
    let s = fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    let recs = parse_petr(&s);
    if recs.is_empty() {
        return Err(format!("{}: no records", p.display()));
    }
    Ok(recs)
}

/// The CAMEO root: the first two digits.
fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// An expected actor code against ours: the first three letters must be
/// equal; an expected `---` (unknown country) matches anything.
fn actor_matches(expected: &str, ours: Option<&str>) -> bool {
    let e = prefix3(expected);
    e == "---" || ours.is_some_and(|o| prefix3(o) == e)
}

/// An event as PETRARCH compares it: code, source code, target code.
pub type Coded = (String, Option<String>, Option<String>);

fn full_match(x: &Expected, o: &Coded) -> bool {
    root(&x.code) == root(&o.0)
        && actor_matches(&x.source, o.1.as_deref())
        && actor_matches(&x.target, o.2.as_deref())
}

/// Counts for [`petr2_gsr`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PetrCounts {
    pub expected: usize,
    pub correct: usize,
    pub root_correct: usize,
    pub uncoded: usize,
    pub extras: usize,
    pub ours: usize,
}

/// Scores one record's events against its expected codings.
pub fn score_petr_record(expected: &[Expected], ours: &[Coded]) -> PetrCounts {
    let correct = expected
        .iter()
        .filter(|x| ours.iter().any(|o| full_match(x, o)))
        .count();
    let root_correct = expected
        .iter()
        .filter(|x| ours.iter().any(|o| root(&x.code) == root(&o.0)))
        .count();
    let extras = ours
        .iter()
        .filter(|o| !expected.iter().any(|x| full_match(x, o)))
        .count();
    PetrCounts {
        expected: expected.len(),
        correct,
        root_correct,
        uncoded: expected.len() - correct,
        extras,
        ours: ours.len(),
    }
}

/// Scores the PETRARCH-2 validation records: an expected event is correct
/// when one of our events has its CAMEO root and source and target codes
/// whose first three letters equal the expected ones (`---` matches
/// anything); uncoded otherwise. Extras are our events matching no expected
/// event (all of them in `noevents` records). `root_correct` needs the root
/// only.
pub fn petr2_gsr(data: &Path, pipeline: &Pipeline) -> Result<Report, String> {
    let recs = load_petr(data)?;
    let ours: Vec<Vec<Coded>> = recs
        .par_iter()
        .map(|r| {
            code_text(pipeline, &r.id, &r.text, r.date)
                .events
                .iter()
                .map(|e| {
                    (
                        e.code.clone(),
                        actor_code(&e.source).map(str::to_string),
                        actor_code(&e.target).map(str::to_string),
                    )
                })
                .collect()
        })
        .collect();
    Ok(score_petr(&recs, &ours))
}

/// The report for [`petr2_gsr`] from records and our coded events.
pub fn score_petr(recs: &[PetrRecord], ours: &[Vec<Coded>]) -> Report {
    let mut c = PetrCounts::default();
    let (mut noev, mut noev_clean) = (0, 0);
    for (r, o) in recs.iter().zip(ours) {
        let k = score_petr_record(&r.expected, o);
        c.expected += k.expected;
        c.correct += k.correct;
        c.root_correct += k.root_correct;
        c.uncoded += k.uncoded;
        c.extras += k.extras;
        c.ours += k.ours;
        if r.expected.is_empty() {
            noev += 1;
            noev_clean += o.is_empty() as usize;
        }
    }
    let mut rep = Report::default();
    rep.add("petr2_gsr.records", recs.len());
    rep.add("petr2_gsr.expected", c.expected);
    rep.add("petr2_gsr.correct", c.correct);
    rep.add("petr2_gsr.correct.pct", pct(c.correct, c.expected));
    rep.add("petr2_gsr.uncoded", c.uncoded);
    rep.add("petr2_gsr.uncoded.pct", pct(c.uncoded, c.expected));
    rep.add("petr2_gsr.extras", c.extras);
    rep.add("petr2_gsr.extras.pct", pct(c.extras, c.expected));
    rep.add("petr2_gsr.root_correct", c.root_correct);
    rep.add(
        "petr2_gsr.root_correct.pct",
        pct(c.root_correct, c.expected),
    );
    rep.add("petr2_gsr.ours", c.ours);
    // PETRARCH writes only dyadic events (a coded source and a coded
    // target); the same figures over our dyadic events compare like with like.
    let mut d = PetrCounts::default();
    for (r, o) in recs.iter().zip(ours) {
        let dyadic: Vec<Coded> = o
            .iter()
            .filter(|e| e.1.is_some() && e.2.is_some())
            .cloned()
            .collect();
        let k = score_petr_record(&r.expected, &dyadic);
        d.expected += k.expected;
        d.correct += k.correct;
        d.extras += k.extras;
    }
    rep.add("petr2_gsr.dyadic.correct.pct", pct(d.correct, d.expected));
    rep.add("petr2_gsr.dyadic.extras.pct", pct(d.extras, d.expected));
    rep.add("petr2_gsr.noevents_records", noev);
    rep.add("petr2_gsr.noevents_records_clean", noev_clean);
    rep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_plover_labels() {
        assert_eq!(current_plover("DEMAND"), "REQUEST");
        assert_eq!(current_plover("DISAPPROVE"), "ACCUSE");
        assert_eq!(current_plover("INVESTIGATE"), "ACCUSE");
        assert_eq!(current_plover("FIGHT"), "ASSAULT");
        assert_eq!(current_plover("agree"), "AGREE");
        assert_eq!(current_plover("CONCEDE"), "CONCEDE");
        assert_eq!(plv_label("RETREAT"), Some("YIELD"));
        assert_eq!(plv_label("CONCEDE"), Some("YIELD"));
        assert_eq!(plv_label("DEMAND"), Some("REQUEST"));
        assert_eq!(plv_label("ASSAULT"), Some("ASSAULT"));
        assert_eq!(plv_label("SOMETHING"), None);
        assert_eq!(plv_modal("PROTEST", Mode::Intended), "THREATEN");
        assert_eq!(plv_modal("AGREE", Mode::Negated), "REJECT");
        assert_eq!(plv_modal("AID", Mode::Asserted), "AID");
    }

    #[test]
    fn gsr_parsing_lenient() {
        let s = r#"[
  // header
  {"id": "D", "event": "DOCUMENT", "text": "x"},
  {"id": "A1", "date": "2000-01-01", "event": "DEMAND", "text": "Iran demanded // not a comment",
   "source": [{"actorText": "Iran", "code": "IRN"},], "target": "", },
  /* block */
  {"id": "A2", "event": "AGREE", "text": "t", "source": [{"actorText": "UN", "code": "IGO"}], "target": [{"code": "SYR"}]},
]"#;
        let r = parse_gsr(s).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].event, "REQUEST");
        assert_eq!(r[0].event_raw, "DEMAND");
        assert_eq!(r[0].text, "Iran demanded // not a comment");
        assert_eq!(r[0].source_country.as_deref(), Some("IRN"));
        assert_eq!(r[0].target_country, None);
        assert_eq!(r[0].date, NaiveDate::from_ymd_opt(2000, 1, 1));
        assert_eq!(r[1].target_country.as_deref(), Some("SYR"));
    }

    #[test]
    fn plv_markup() {
        let m = strip_markup("The <s>US Congress</s> agreed to lift embargoes on <t>Cuba</t>.");
        assert_eq!(m.text, "The US Congress agreed to lift embargoes on Cuba.");
        assert_eq!(&m.text[m.source[0].start..m.source[0].end], "US Congress");
        assert_eq!(&m.text[m.target[0].start..m.target[0].end], "Cuba");
        // Nested, repeated, trailing space inside the tag, non-ASCII before.
        let m = strip_markup(
            "Pé <s><t>Serbia</t>n President</s> met <t>Serbia</t> and <s>CLO </s>went.",
        );
        assert_eq!(m.text, "Pé Serbian President met Serbia and CLO went.");
        let pieces = |v: &Vec<Span>| -> Vec<String> {
            v.iter()
                .map(|s| m.text[s.start..s.end].to_string())
                .collect()
        };
        assert_eq!(pieces(&m.source), vec!["Serbian President", "CLO"]);
        assert_eq!(pieces(&m.target), vec!["Serbia", "Serbia"]);
        // Unclosed tag runs to the end; stray closer is dropped.
        let m = strip_markup("a</t> <s>b c");
        assert_eq!(m.text, "a b c");
        assert_eq!(m.source, vec![Span::new(2, 5)]);
        assert!(m.target.is_empty());
    }

    #[test]
    fn plv_rows() {
        let tsv = "uid\tsentence_id\tgold_penta\tgold_root\tsentence\tmarked_sentence\n\
                   7\t1\t1\tagree\tA met B.\t<s>A</s> met <t>B</t>.\n";
        let r = parse_plv(tsv).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].uid, "7");
        assert_eq!(r[0].gold, "AGREE");
        assert_eq!(r[0].marked.text, "A met B.");
    }

    #[test]
    fn plv_choice() {
        let m = strip_markup("<s>A</s> hit <t>B</t> and C met D.");
        let part = |s, e| {
            Some(Participant {
                span: Span::new(s, e),
                actor: None,
            })
        };
        let ev = |code: &str, plover: &str, src, tgt| Event {
            code: code.into(),
            name: String::new(),
            goldstein: 0.0,
            quad_class: 0,
            plover: Some(plover.into()),
            source: src,
            target: tgt,
            mode: Mode::Asserted,
            date: None,
            location: None,
            evidence: Span::default(),
            trigger: None,
        };
        let consult = ev("040", "CONSULT", part(16, 17), part(22, 23));
        let assault = ev("180", "ASSAULT", part(0, 1), part(6, 7));
        let p = choose_plv(&[consult.clone(), assault.clone()], &m);
        assert_eq!((p.class, p.linked), ("ASSAULT", true));
        let p = choose_plv(std::slice::from_ref(&consult), &m);
        assert_eq!((p.class, p.linked), ("CONSULT", false));
        let p = choose_plv(&[], &m);
        assert_eq!((p.class, p.linked, p.any_event), (PLV_NONE, false, false));
        let mut intended = assault;
        intended.mode = Mode::Intended;
        assert_eq!(choose_plv(&[intended], &m).modal, "THREATEN");
    }

    #[test]
    fn macro_f1_toy() {
        // A: gold 2, predicted 1, tp 1 -> P 1, R .5, F1 2/3; B: gold 1,
        // predicted 0 -> 0; C: gold 1, predicted 2, tp 1 -> F1 2/3.
        // NONE is not a class. Macro = (2/3 + 0 + 2/3) / 3 = 4/9.
        let pairs = [("A", "A"), ("A", "C"), ("B", "NONE"), ("C", "C")];
        let (m, per) = macro_f1(&pairs, &["A", "B", "C"]);
        assert!((per[0].f1() - 2.0 / 3.0).abs() < 1e-9, "{:?}", per[0]);
        assert_eq!(per[1].f1(), 0.0);
        assert!((per[2].f1() - 2.0 / 3.0).abs() < 1e-9);
        assert!((m - 4.0 / 9.0).abs() < 1e-9);
        let (m, _) = macro_f1(&[("A", "A"), ("B", "B")], &["A", "B"]);
        assert!((m - 1.0).abs() < 1e-9);
    }

    const XML: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<Validation>
##########
#   then the addition of <EventCoding...> records based on the <Sentence> output
##########
<!-- <Sentence id="commented" date="20000101"/><Text>no</Text> -->
<Sentences>
<Sentence category="AFP" date="20080804" id="S1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<EventCoding eventcode="190" sourcecode="---REB" targetcode="SYR" />
<Text>
The US leader &amp; his
aides went.
</Text>
<Parse>
1	The	the	DET	DT	_	2	det	_	_
</Parse>
</Sentence>
<Sentence category="OTHER" date="20080804" id="S2" evaluate="true">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
<Sentence id="S4" date="2015-01-01"/>
<EventCoding eventcode="190" sourcecode="NGAREB" targetcode="NGAMUS" />
<Text>
</Text>
<Parse>
1	Boko	Boko	PROPN	NNP	_	2	name	_	_
2	Haram	Haram	PROPN	NNP	_	3	nsubj	_	SpaceAfter=No
3	's	's	PART	POS	_	0	root	_	_
</Parse></Sentence>
<Sentence id='S3' evaluate="false"/>
<EventCoding eventcode="010" sourcecode="USA" targetcode="CHN" />
<Text>Skipped.</Text>
</Sentences>
</Validation>"#;

    #[test]
    fn petr_records() {
        let r = parse_petr(XML);
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[2].text, "Boko Haram's");
        assert_eq!(r[2].date, None);
        assert_eq!(r[2].expected.len(), 1);
        assert_eq!(r[0].id, "S1");
        assert_eq!(r[0].date, NaiveDate::from_ymd_opt(2008, 8, 4));
        assert_eq!(r[0].text, "The US leader & his aides went.");
        assert_eq!(
            r[0].expected,
            vec![
                Expected {
                    code: "042".into(),
                    source: "USA".into(),
                    target: "CHN".into()
                },
                Expected {
                    code: "190".into(),
                    source: "---REB".into(),
                    target: "SYR".into()
                },
            ]
        );
        assert_eq!(r[1].id, "S2");
        assert!(r[1].expected.is_empty());
        assert_eq!(attr(r#"<X a="1" ba='2'>"#, "a").as_deref(), Some("1"));
        assert_eq!(attr(r#"<X ba='2'>"#, "a"), None);
    }

    #[test]
    fn petr_scoring() {
        let exp = parse_petr(XML)[0].expected.clone();
        let c = |code: &str, s: Option<&str>, t: Option<&str>| -> Coded {
            (code.into(), s.map(Into::into), t.map(Into::into))
        };
        let ours = vec![
            c("043", Some("USAGOV"), Some("CHN")), // root 04, USA, CHN: correct
            c("193", None, Some("SYRMIL")),        // --- source matches anything
            c("120", Some("RUS"), Some("USA")),    // extra
        ];
        let k = score_petr_record(&exp, &ours);
        assert_eq!(
            (k.correct, k.uncoded, k.extras, k.root_correct),
            (2, 0, 1, 2)
        );
        let ours = vec![c("040", Some("CHN"), Some("USA"))];
        let k = score_petr_record(&exp, &ours);
        assert_eq!(
            (k.correct, k.uncoded, k.extras, k.root_correct),
            (0, 2, 1, 1)
        );
    }

    /// Runs the three suites on `../shared/gold` when it is there:
    /// `cargo test -p wirecode-eval --release -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn shared_gold() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold");
        if !data.join("plover").exists() {
            eprintln!("no gold data at {}", data.display());
            return;
        }
        let p = Pipeline::new(&Default::default()).unwrap();
        print!("{}", plover_gsr(&data, &p).unwrap().render());
        print!("{}", plv(&data, "test", &p).unwrap().render());
        print!("{}", plv(&data, "train", &p).unwrap().render());
        print!("{}", petr2_gsr(&data, &p).unwrap().render());
    }
}
