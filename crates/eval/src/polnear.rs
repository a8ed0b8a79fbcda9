//! PolNeAR attribution scoring.
//!
//! Gold: brat standoff files (Source/Cue/Content spans joined by an
//! `Attribution` event), character offsets into the whole article file.
//! Where an article has several annotation files, the first (by name) is
//! the gold. Scoring: predicted and gold contents are matched one-to-one,
//! best first, when the Jaccard index of their letter-and-digit positions
//! is at least 0.5; a matched pair counts for `content_exact` when those
//! position sets are equal and for `content_source` when the sources share
//! a letter or digit (or both have none). The `direct` subset scores
//! predicted direct quotes against gold attributions whose content is a
//! quotation in marks.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use wirecode::doc::{Article, CharIndex, QuoteKind};
use wirecode::extract::learned::{CueModel, CueTrainer, GoldCue};
use wirecode::Pipeline;

use crate::{Prf, Report};

/// Character (code-point) spans, end exclusive.
pub type Spans = Vec<(usize, usize)>;

/// One attribution, gold or predicted, in code-point offsets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attr {
    pub content: Spans,
    pub source: Spans,
    /// Direct quotation (predicted: kind `direct`; gold: content in marks).
    pub direct: bool,
    /// The cue words (not scored).
    pub cue: Spans,
}

/// A gold article.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub id: String,
    pub text: String,
    pub gold: Vec<Attr>,
}

/// Parses a brat `.ann` file into attributions (direct flags unset).
pub fn parse_brat(ann: &str) -> Vec<Attr> {
    let mut tb: HashMap<&str, Spans> = HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(body)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, offs)) = body.split_once(' ') else {
                continue;
            };
            let spans: Spans = offs
                .split(';')
                .filter_map(|p| {
                    let mut it = p.split_whitespace().map(|x| x.parse::<usize>());
                    match (it.next(), it.next()) {
                        (Some(Ok(a)), Some(Ok(b))) if a < b => Some((a, b)),
                        _ => None,
                    }
                })
                .collect();
            tb.insert(id, spans);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for e in events {
        let mut a = Attr::default();
        for arg in e.split_whitespace() {
            let Some((role, t)) = arg.split_once(':') else {
                continue;
            };
            let spans = tb.get(t).cloned().unwrap_or_default();
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => a.content.extend(spans),
                "Source" => a.source.extend(spans),
                "Cue" => a.cue.extend(spans),
                _ => {}
            }
        }
        if !a.content.is_empty() {
            a.content.sort();
            out.push(a);
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»')
}

/// True when a gold content is a quotation in marks.
fn in_marks(chars: &[char], content: &Spans) -> bool {
    let (Some(&(s, _)), Some(&(_, e))) = (content.first(), content.last()) else {
        return false;
    };
    let e = e.min(chars.len());
    // Annotators sometimes leave the marks themselves out of the span
    // ('“<She’s caused so many deaths,”>'): a mark right against either end
    // counts as part of the content.
    let s = if s > 0 && s <= e && is_mark(chars[s - 1]) {
        s - 1
    } else {
        s
    };
    let e = if e < chars.len() && is_mark(chars[e]) {
        e + 1
    } else {
        e
    };
    let seg: String = chars[s.min(e)..e].iter().collect();
    let t = seg.trim();
    let t_end = t.trim_end_matches(['.', ',', '!', '?', ';', ':']);
    t.starts_with(is_mark) && t_end.ends_with(is_mark) && t.chars().count() > 2
}

/// Loads a PolNeAR split (`train`, `dev` or `test`) from `data`.
pub fn load_split(data: &Path, split: &str) -> Result<Vec<GoldArticle>, String> {
    let tdir = data.join(split).join("text");
    let adir = data.join(split).join("attributions");
    let mut anns: Vec<String> = fs::read_dir(&adir)
        .map_err(|e| format!("{}: {e}", adir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut texts: Vec<String> = fs::read_dir(&tdir)
        .map_err(|e| format!("{}: {e}", tdir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    texts.sort();
    let mut out = Vec::new();
    for t in texts {
        let stem = t.trim_end_matches(".txt").to_string();
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| a.starts_with(&prefix)) else {
            continue;
        };
        let text = fs::read_to_string(tdir.join(&t)).map_err(|e| format!("{t}: {e}"))?;
        let ann = fs::read_to_string(adir.join(ann)).map_err(|e| format!("{ann}: {e}"))?;
        let chars: Vec<char> = text.chars().collect();
        let mut gold = parse_brat(&ann);
        for g in &mut gold {
            g.direct = in_marks(&chars, &g.content);
        }
        out.push(GoldArticle {
            id: stem,
            text,
            gold,
        });
    }
    if out.is_empty() {
        return Err(format!(
            "no annotated articles under {}",
            data.join(split).display()
        ));
    }
    Ok(out)
}

/// The attributions of a coded document, in code-point offsets.
fn attrs_of(doc: &wirecode::doc::Doc, text: &str) -> Vec<Attr> {
    let ix = CharIndex::new(text);
    let conv = |s: wirecode::doc::Span| (ix.char_of(s.start), ix.char_of(s.end));
    doc.quotes
        .iter()
        .map(|q| Attr {
            content: q.content.iter().map(|s| conv(*s)).collect(),
            source: q.source.iter().map(|s| conv(*s)).collect(),
            direct: q.kind == QuoteKind::Direct,
            cue: q.cue.iter().map(|s| conv(*s)).collect(),
        })
        .collect()
}

fn code_article(pipeline: &Pipeline, a: &GoldArticle) -> wirecode::doc::Doc {
    pipeline.code(Article {
        id: a.id.clone(),
        text: a.text.clone(),
        ..Default::default()
    })
}

/// Codes each article with the pipeline and returns its attributions.
pub fn predict(pipeline: &Pipeline, articles: &[GoldArticle]) -> Vec<Vec<Attr>> {
    articles
        .par_iter()
        .map(|a| attrs_of(&code_article(pipeline, a), &a.text))
        .collect()
}

/// Trains the learned cue model (`wirecode train cues`) on PolNeAR train and
/// chooses its cue threshold by content F1 of all attributions on dev, with
/// the rules' attributions in place. Returns the model and a report.
pub fn train_cues(
    pipeline: &Pipeline,
    data: &Path,
    epochs: usize,
    seed: u64,
) -> Result<(CueModel, String), String> {
    let train = load_split(data, "train")?;
    let dev = load_split(data, "dev")?;
    // Rules only: the model must not learn from (or be tuned on) its own output.
    let code = |a: &GoldArticle| {
        let mut doc = code_article(pipeline, a);
        wirecode::extract::find_quotes_with(&mut doc, None);
        doc
    };
    let to_bytes = |text: &str, spans: &Spans| -> Vec<wirecode::doc::Span> {
        let mut byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte.push(text.len());
        spans
            .iter()
            .filter(|&&(s, e)| s < e && e < byte.len())
            .map(|&(s, e)| wirecode::doc::Span::new(byte[s], byte[e]))
            .collect()
    };
    let docs: Vec<_> = train.par_iter().map(code).collect();
    let mut trainer = CueTrainer::default();
    let gold_cues = |a: &GoldArticle| -> Vec<GoldCue> {
        a.gold
            .iter()
            .map(|g| GoldCue {
                cue: to_bytes(&a.text, &g.cue),
                content: to_bytes(&a.text, &g.content),
            })
            .collect()
    };
    for (a, d) in train.iter().zip(&docs) {
        trainer.add(d, &gold_cues(a));
    }
    let (n, pos, ncontent) = trainer.counts();
    let model = trainer.train(epochs, seed);
    let dev_docs: Vec<_> = dev.par_iter().map(code).collect();
    let mut dev_x = CueTrainer::default();
    for (a, d) in dev.iter().zip(&dev_docs) {
        dev_x.add(d, &gold_cues(a));
    }
    let mut report = format!(
        "train: {n} candidate words, {pos} gold cues, {ncontent} with a content among the candidates\n"
    );
    let eval = |m: Option<&CueModel>| {
        let mut c = Counts::default();
        for (a, d) in dev.iter().zip(&dev_docs) {
            let mut d = d.clone();
            if let Some(m) = m {
                let mut q = std::mem::take(&mut d.quotes);
                m.add_to(&d, &mut q);
                d.quotes = q;
            }
            c.add(&score_article(&a.text, &a.gold, &attrs_of(&d, &a.text)));
        }
        c
    };
    let scores = |c: &Counts| {
        format!(
            "content F1 {:.4} (P {:.4} R {:.4}), content+source F1 {:.4}",
            c.content.f1(),
            c.content.precision(),
            c.content.recall(),
            c.source.f1()
        )
    };
    let base = eval(None);
    report.push_str(&format!("dev, rules only: {}\n", scores(&base)));
    // Highest content F1 plus content+source F1 among thresholds whose added
    // attributions are right at least half of the time: users read these.
    let mut best = (base.content.f1() + base.source.f1(), f32::INFINITY, 1.0f32);
    for min_rate in [0.0f32, 0.05, 0.1, 0.2, 0.3] {
        for t in (-4..=16).map(|i| i as f32 * 2.5) {
            let c = eval(Some(&model.with_threshold(t, min_rate)));
            let added = c.content.predicted.saturating_sub(base.content.predicted);
            let added_right = c.content.tp_pred.saturating_sub(base.content.tp_pred);
            let share = added_right as f64 / added.max(1) as f64;
            report.push_str(&format!(
                "dev, rate {min_rate:.2} threshold {t:5.1}: {}; {added} added, {share:.3} right\n",
                scores(&c)
            ));
            let score = c.content.f1() + c.source.f1();
            if share >= 0.5 && score > best.0 {
                best = (score, t, min_rate);
            }
        }
    }
    report.push_str(&format!(
        "chosen threshold {}, least lemma rate {}\n",
        best.1, best.2
    ));
    let model = model.with_threshold(best.1, best.2);
    report.push_str(&format!("train {}\n", trainer.evaluate(&model)));
    report.push_str(&format!("dev {}\n", dev_x.evaluate(&model)));
    Ok((model, report))
}

/// Reads predictions written in the output contract (JSON Lines), keyed by `id`.
pub fn predictions_from_jsonl(path: &Path) -> Result<HashMap<String, Vec<Attr>>, String> {
    let s = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for (i, line) in s.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let span = |x: &serde_json::Value| {
            Some((x["start"].as_u64()? as usize, x["end"].as_u64()? as usize))
        };
        let attrs = v["quotes"]
            .as_array()
            .map(|qs| {
                qs.iter()
                    .map(|q| Attr {
                        content: q["content"]
                            .as_array()
                            .map(|c| c.iter().filter_map(span).collect())
                            .unwrap_or_default(),
                        source: span(&q["source"]).into_iter().collect(),
                        direct: q["kind"] == "direct",
                        cue: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.insert(id, attrs);
    }
    Ok(out)
}

/// Sorted positions of letters and digits under `spans`.
fn alnum(chars: &[char], spans: &Spans) -> Vec<usize> {
    let mut v: Vec<usize> = spans
        .iter()
        .flat_map(|&(s, e)| s.min(chars.len())..e.min(chars.len()))
        .filter(|&i| chars[i].is_alphanumeric())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn intersection(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[usize], b: &[usize]) -> f64 {
    let i = intersection(a, b);
    let u = a.len() + b.len() - i;
    if u == 0 {
        0.0
    } else {
        i as f64 / u as f64
    }
}

/// Counts for one scored subset.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub content: Prf,
    pub exact: Prf,
    pub source: Prf,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.content.add(&o.content);
        self.exact.add(&o.exact);
        self.source.add(&o.source);
    }
}

/// Scores predicted against gold attributions of one article.
pub fn score_article(text: &str, gold: &[Attr], pred: &[Attr]) -> Counts {
    let chars: Vec<char> = text.chars().collect();
    let g: Vec<Vec<usize>> = gold.iter().map(|a| alnum(&chars, &a.content)).collect();
    let p: Vec<Vec<usize>> = pred.iter().map(|a| alnum(&chars, &a.content)).collect();
    let mut pairs = Vec::new();
    for (i, pa) in p.iter().enumerate() {
        for (j, ga) in g.iter().enumerate() {
            let jac = jaccard(pa, ga);
            if jac >= 0.5 {
                pairs.push((jac, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_p = vec![false; p.len()];
    let mut used_g = vec![false; g.len()];
    let mut c = Counts::default();
    for (jac, i, j) in pairs {
        if used_p[i] || used_g[j] {
            continue;
        }
        used_p[i] = true;
        used_g[j] = true;
        c.content.tp_pred += 1;
        if jac >= 1.0 - 1e-12 {
            c.exact.tp_pred += 1;
        }
        let ps = alnum(&chars, &pred[i].source);
        let gs = alnum(&chars, &gold[j].source);
        let src_ok = if gs.is_empty() {
            ps.is_empty()
        } else {
            intersection(&ps, &gs) > 0
        };
        if src_ok {
            c.source.tp_pred += 1;
        }
    }
    for prf in [&mut c.content, &mut c.exact, &mut c.source] {
        prf.tp_gold = prf.tp_pred;
        prf.predicted = pred.len();
        prf.gold = gold.len();
    }
    c
}

/// Scores a whole split: all attributions and the direct-quote subset.
pub fn score(split: &str, articles: &[GoldArticle], preds: &[Vec<Attr>]) -> Report {
    let mut all = Counts::default();
    let mut direct = Counts::default();
    for (a, p) in articles.iter().zip(preds) {
        all.add(&score_article(&a.text, &a.gold, p));
        let gd: Vec<Attr> = a.gold.iter().filter(|x| x.direct).cloned().collect();
        let pd: Vec<Attr> = p.iter().filter(|x| x.direct).cloned().collect();
        direct.add(&score_article(&a.text, &gd, &pd));
    }
    let mut r = Report::default();
    r.add("polnear.split", split);
    r.add("polnear.articles", articles.len());
    r.add("polnear.all.gold", all.content.gold);
    r.add("polnear.all.predicted", all.content.predicted);
    r.prf("polnear.all.content", &all.content);
    r.prf("polnear.all.content_exact", &all.exact);
    r.prf("polnear.all.content_source", &all.source);
    r.add("polnear.direct.gold", direct.content.gold);
    r.add("polnear.direct.predicted", direct.content.predicted);
    r.prf("polnear.direct.content", &direct.content);
    r.prf("polnear.direct.content_exact", &direct.exact);
    r.prf("polnear.direct.content_source", &direct.source);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN: &str = "T1\tSource 0 5\tKerry\nT2\tCue 6 10\tsaid\nT3\tContent 12 20;25 30\tx\nT4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";

    #[test]
    fn brat_parsing() {
        let a = parse_brat(ANN);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].content, vec![(12, 20), (25, 30)]);
        assert_eq!(a[0].source, vec![(0, 5)]);
    }

    #[test]
    fn matching_rules() {
        let text = "Kerry said \"we are not the fighters\" today.";
        let gold = vec![Attr {
            content: vec![(11, 36)],
            source: vec![(0, 5)],
            direct: true,
            cue: Vec::new(),
        }];
        // Same letters without the marks: exact; right source.
        let pred = vec![Attr {
            content: vec![(12, 35)],
            source: vec![(0, 5)],
            direct: true,
            cue: Vec::new(),
        }];
        let c = score_article(text, &gold, &pred);
        assert_eq!(
            (c.content.tp_pred, c.exact.tp_pred, c.source.tp_pred),
            (1, 1, 1)
        );
        // Half the content, wrong source: content match only if Jaccard >= 0.5.
        let pred = vec![Attr {
            content: vec![(12, 22)],
            source: vec![(37, 42)],
            direct: true,
            cue: Vec::new(),
        }];
        let c = score_article(text, &gold, &pred);
        assert_eq!(c.content.tp_pred, 0);
        let pred = vec![
            Attr {
                content: vec![(12, 31)],
                source: vec![(37, 42)],
                direct: true,
                cue: Vec::new(),
            },
            Attr {
                content: vec![(12, 35)],
                source: vec![],
                direct: true,
                cue: Vec::new(),
            },
        ];
        let c = score_article(text, &gold, &pred);
        // One-to-one: only the better candidate matches.
        assert_eq!(
            (
                c.content.tp_pred,
                c.content.predicted,
                c.exact.tp_pred,
                c.source.tp_pred
            ),
            (1, 2, 1, 0)
        );
    }

    #[test]
    fn marks_detection() {
        let chars: Vec<char> = "He said “It is done.” Then".chars().collect();
        assert!(in_marks(&chars, &vec![(8, 21)]));
        assert!(!in_marks(&chars, &vec![(3, 21)]));
    }
}
