//! Learned attribution cues. The lexicon names the common cues; news uses a
//! long tail more ("seemed", "endorsed", "urged", "polls show"). Two small
//! averaged perceptrons, trained by `wirecode train cues` on PolNeAR train,
//! decide (1) whether a word is an attribution cue and (2) which of its
//! dependents is the content. The rules run first: the model only adds
//! attributions whose cue and content no earlier attribution touches.

use super::reported::{modifier_participle, span, subject, Tree};
use crate::features::{clusters, feat, lemma_of, lower, shuffle};
use wirecode_doc::{Doc, Quote, QuoteKind, Span, TokenKind};
use wirecode_lexicon::{CueKind, Words};
use wirecode_nlp::hash::{hash_str, mix};
use wirecode_nlp::model::{pack, row_of, unpack, AvgTable, QTable, Reader, Writer};

const MAGIC: &[u8; 8] = b"WCCUES02";
const BITS: u32 = 18;
/// Dependents that may hold a cue's content.
const CONTENT_DEPS: &[&str] = &[
    "ccomp",
    "xcomp",
    "obj",
    "obl",
    "advcl",
    "parataxis",
    "csubj",
    "iobj",
    "nmod",
    "acl",
    "acl:relcl",
    "nsubj:pass",
];

/// The trained cue and content scorers with the cue threshold chosen on dev.
pub struct CueModel {
    cue: QTable,
    content: QTable,
    /// Cue score (in weight units) above which a word is taken as a cue.
    threshold: f32,
    /// Share of training occurrences (among words no rule used) in which a
    /// lemma was a cue, for lemmas seen as a cue at least twice: words never
    /// or rarely seen as cues are not proposed however the parse looks.
    rates: std::collections::HashMap<u64, f32>,
    /// Least rate a lemma needs (chosen on dev).
    min_rate: f32,
}

/// A candidate content of a cue: token range, the cue's own subtree cut out
/// of it when the content is the clause the cue hangs on, and its features.
struct Candidate {
    lo: usize,
    hi: usize,
    /// Inclusive token range left out (the cue's subtree), if any.
    hole: Option<(usize, usize)>,
    feats: Vec<u64>,
}

impl Candidate {
    /// The candidate's pieces as inclusive token ranges.
    fn pieces(&self) -> Vec<(usize, usize)> {
        match self.hole {
            Some((a, b)) => {
                let mut v = Vec::new();
                if a > self.lo {
                    v.push((self.lo, a - 1));
                }
                if b < self.hi {
                    v.push((b + 1, self.hi));
                }
                v
            }
            None => vec![(self.lo, self.hi)],
        }
    }
}

/// Key of word `k`'s lemma `lem` in the rate table.
fn lemma_key(doc: &Doc, k: usize, lem: &str) -> u64 {
    mix(hash_str(lem), hash_str(doc.tokens[k].upos.unwrap_or("-")))
}

/// Whether token `k` may be a cue at all (content words only).
fn is_candidate(doc: &Doc, k: usize) -> bool {
    let t = &doc.tokens[k];
    t.kind == TokenKind::Word && matches!(t.upos, Some("VERB" | "NOUN" | "ADJ"))
}

/// Features of word `k` (lemma `lem`) as a possible cue.
fn cue_features(doc: &Doc, tree: &Tree, k: usize, lem: &str) -> Vec<u64> {
    let t = &doc.tokens[k];
    let low = lower(doc, k);
    let upos = t.upos.unwrap_or("-");
    let dep = t.dep.unwrap_or("-");
    let mut f = Vec::with_capacity(40);
    feat(&mut f, "bias", &[]);
    feat(&mut f, "lem", &[lem]);
    feat(&mut f, "low", &[&low]);
    feat(&mut f, "lem-upos", &[lem, upos]);
    feat(&mut f, "xpos", &[t.xpos.unwrap_or("-")]);
    feat(&mut f, "lem-dep", &[lem, dep]);
    feat(&mut f, "upos-dep", &[upos, dep]);
    let (fine, coarse) = clusters().of(doc.token_text(k));
    let (fine, coarse) = (fine.to_string(), coarse.to_string());
    feat(&mut f, "cl", &[&fine, upos]);
    feat(&mut f, "ccl", &[&coarse, upos]);
    feat(&mut f, "cl-dep", &[&fine, dep]);
    let head = t.head.filter(|&h| h != k);
    let (hlem, hupos) = head.map_or(("-".to_string(), "-"), |h| {
        (lemma_of(doc, h), doc.tokens[h].upos.unwrap_or("-"))
    });
    feat(&mut f, "head", &[&hlem, dep]);
    feat(&mut f, "hupos-dep", &[hupos, dep, upos]);
    let prev = if k > 0 {
        lower(doc, k - 1)
    } else {
        "<s>".into()
    };
    let next = if k + 1 < doc.tokens.len() {
        lower(doc, k + 1)
    } else {
        "</s>".into()
    };
    feat(&mut f, "prev", &[&prev]);
    feat(&mut f, "next", &[&next]);
    feat(&mut f, "lem-next", &[lem, &next]);
    feat(&mut f, "lem-prev", &[lem, &prev]);
    let mut has_subj = false;
    for &c in tree.kids(k) {
        let cd = doc.tokens[c].dep.unwrap_or("-");
        let cu = doc.tokens[c].upos.unwrap_or("-");
        feat(&mut f, "kid", &[cd]);
        feat(&mut f, "lem-kid", &[lem, cd]);
        feat(&mut f, "upos-kid", &[upos, cd, cu]);
        if cd.starts_with("nsubj") {
            has_subj = true;
            let sx = doc.tokens[c].xpos.unwrap_or("-");
            feat(&mut f, "subj", &[sx]);
            feat(&mut f, "lem-subj", &[lem, sx]);
            let sp = doc.tokens[c].span;
            let i = doc.entities.partition_point(|e| e.span.start <= sp.start);
            let person = doc.entities[..i]
                .iter()
                .rev()
                .take(3)
                .find(|e| e.span.contains(&sp))
                .map_or("-", |e| e.label.as_str());
            feat(&mut f, "subj-ent", &[person]);
            feat(&mut f, "lem-subj-ent", &[lem, person]);
        }
        if matches!(cd, "mark" | "case") {
            let m = lower(doc, c);
            feat(&mut f, "lem-mark", &[lem, &m]);
        }
        if cd == "ccomp" || cd == "xcomp" {
            if let Some(m) = tree
                .kids(c)
                .iter()
                .find(|&&g| doc.tokens[g].dep == Some("mark"))
            {
                feat(&mut f, "comp-mark", &[cd, &lower(doc, *m)]);
                feat(&mut f, "lem-comp-mark", &[lem, cd, &lower(doc, *m)]);
            }
        }
    }
    if !has_subj {
        feat(&mut f, "no-subj", &[upos]);
        feat(&mut f, "lem-no-subj", &[lem]);
    }
    let words = Words::get();
    let kind = match words.cue(&low).map(|c| c.kind) {
        Some(CueKind::Speech) => "speech",
        Some(_) => "other",
        None => "none",
    };
    feat(&mut f, "lexicon", &[kind]);
    f
}

/// Candidate contents of cue `k`: the subtrees of its clause, object and
/// oblique dependents, and everything its subtree spans after it.
fn candidates(doc: &Doc, tree: &Tree, k: usize, lem: &str) -> Vec<Candidate> {
    let upos = doc.tokens[k].upos.unwrap_or("-");
    let mut out = Vec::new();
    let mut right_hi = None;
    for &c in tree.kids(k) {
        if c > k {
            let (_, hi) = tree.extent(c, &[]);
            right_hi = Some(right_hi.map_or(hi, |x: usize| x.max(hi)));
        }
        let Some(dep) = doc.tokens[c].dep else {
            continue;
        };
        if !CONTENT_DEPS.contains(&dep) {
            continue;
        }
        let (mut lo, hi) = tree.extent(c, &[]);
        let mut case = "-".to_string();
        if matches!(dep, "obl" | "nmod") && doc.tokens[lo].upos == Some("ADP") && lo < hi {
            case = lower(doc, lo);
            lo += 1;
        }
        let dir = if c > k { "R" } else { "L" };
        let first = lower(doc, lo);
        let words = (lo..=hi)
            .filter(|&x| doc.tokens[x].kind == TokenKind::Word)
            .count();
        let len = match words {
            0..=1 => "1",
            2..=3 => "2-3",
            4..=8 => "4-8",
            _ => "9+",
        };
        let mut f = Vec::with_capacity(16);
        feat(&mut f, "dep", &[dep, dir]);
        feat(&mut f, "lem-dep", &[lem, dep, dir]);
        feat(&mut f, "upos-dep", &[upos, dep, dir]);
        feat(&mut f, "case", &[dep, &case]);
        feat(&mut f, "lem-case", &[lem, &case]);
        feat(&mut f, "first", &[dep, &first]);
        feat(&mut f, "len", &[dep, len]);
        feat(&mut f, "cupos", &[dep, doc.tokens[c].upos.unwrap_or("-")]);
        out.push(Candidate {
            lo,
            hi,
            hole: None,
            feats: f,
        });
    }
    // "..., Twitter announced", "X, he tweeted, ...": the clause the cue
    // hangs on, without the cue's own words.
    let dep = doc.tokens[k].dep.unwrap_or("-");
    if let Some(h) = doc.tokens[k]
        .head
        .filter(|&h| h != k && tree.range().contains(&h))
    {
        if matches!(
            dep,
            "parataxis" | "conj" | "advcl" | "ccomp" | "acl" | "acl:relcl" | "xcomp"
        ) {
            let (lo, hi) = tree.extent(h, &[]);
            let hole = tree.extent(k, &[]);
            let dir = if h < k { "L" } else { "R" };
            let mut f = Vec::with_capacity(4);
            feat(&mut f, "head", &[dep, dir]);
            feat(&mut f, "lem-head", &[lem, dep, dir]);
            feat(
                &mut f,
                "head-upos",
                &[dep, doc.tokens[h].upos.unwrap_or("-")],
            );
            out.push(Candidate {
                lo,
                hi,
                hole: Some(hole),
                feats: f,
            });
        }
    }
    if let Some(hi) = right_hi {
        if k < hi {
            let mut f = Vec::with_capacity(4);
            feat(&mut f, "rest", &[]);
            feat(&mut f, "lem-rest", &[lem]);
            feat(&mut f, "first", &["rest", &lower(doc, k + 1)]);
            out.push(Candidate {
                lo: k + 1,
                hi,
                hole: None,
                feats: f,
            });
        }
    }
    out
}

/// Sentences whose parse is available (the rules skip the others too).
fn parsed_sentences(doc: &Doc) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    doc.sentences
        .iter()
        .map(|s| s.tokens.clone())
        .filter(move |r| {
            !r.is_empty()
                && (doc.tokens[r.start].head.is_some() || doc.tokens[r.start].dep.is_some())
        })
}

/// Whether span `s` overlaps the content, cue or source of any of `quotes`.
fn touched(quotes: &[Quote], s: &Span) -> bool {
    quotes.iter().any(|q| {
        q.content.iter().any(|c| c.overlaps(s))
            || q.cue.is_some_and(|c| c.overlaps(s))
            || q.source.is_some_and(|c| c.overlaps(s))
    })
}

/// Token-level Jaccard between a candidate and a set of gold tokens.
fn token_jaccard(doc: &Doc, c: &Candidate, gold: &[usize]) -> f64 {
    let words: Vec<usize> = c
        .pieces()
        .into_iter()
        .flat_map(|(lo, hi)| lo..=hi)
        .filter(|&x| doc.tokens[x].kind == TokenKind::Word)
        .collect();
    let inter = words.iter().filter(|x| gold.contains(x)).count();
    let union = words.len() + gold.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// One gold attribution in byte spans, for training.
pub struct GoldCue {
    pub cue: Vec<Span>,
    pub content: Vec<Span>,
}

/// Training examples gathered from coded documents and their gold.
#[derive(Default)]
pub struct CueTrainer {
    cue_x: Vec<(Vec<u64>, bool)>,
    /// Per gold cue: the candidates' features and the index of the right one.
    content_x: Vec<(Vec<Vec<u64>>, usize)>,
    /// Per lemma hash: (times a gold cue, times seen).
    lemmas: std::collections::HashMap<u64, (u32, u32)>,
}

impl CueTrainer {
    /// Adds the examples of one document (tagged and parsed) and its gold.
    pub fn add(&mut self, doc: &Doc, gold: &[GoldCue]) {
        for r in parsed_sentences(doc) {
            let tree = Tree::new(doc, r.clone());
            for k in r.clone() {
                if !is_candidate(doc, k) || touched(&doc.quotes, &doc.tokens[k].span) {
                    continue;
                }
                let sp = doc.tokens[k].span;
                let g = gold.iter().find(|g| {
                    g.cue.iter().any(|c| c.contains(&sp))
                        && !doc.tokens[k].head.is_some_and(|h| {
                            h != k && g.cue.iter().any(|c| c.contains(&doc.tokens[h].span))
                        })
                });
                let lem = lemma_of(doc, k);
                self.cue_x
                    .push((cue_features(doc, &tree, k, &lem), g.is_some()));
                let e = self.lemmas.entry(lemma_key(doc, k, &lem)).or_default();
                e.0 += g.is_some() as u32;
                e.1 += 1;
                let Some(g) = g else { continue };
                let gold_tokens: Vec<usize> = r
                    .clone()
                    .filter(|&x| doc.tokens[x].kind == TokenKind::Word)
                    .filter(|&x| g.content.iter().any(|c| c.overlaps(&doc.tokens[x].span)))
                    .collect();
                if gold_tokens.is_empty() {
                    continue;
                }
                let cands = candidates(doc, &tree, k, &lem);
                let best = cands
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i, token_jaccard(doc, c, &gold_tokens)))
                    .filter(|&(_, j)| j >= 0.5)
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((i, _)) = best {
                    self.content_x
                        .push((cands.into_iter().map(|c| c.feats).collect(), i));
                }
            }
        }
    }

    /// Number of cue examples and of positive ones.
    pub fn counts(&self) -> (usize, usize, usize) {
        (
            self.cue_x.len(),
            self.cue_x.iter().filter(|x| x.1).count(),
            self.content_x.len(),
        )
    }

    /// Cue precision and recall at the model's threshold, and how often the
    /// chosen content is the right one when the cue is right (a report line).
    pub fn evaluate(&self, m: &CueModel) -> String {
        let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
        for (f, y) in &self.cue_x {
            match (CueModel::score(&m.cue, f) > m.threshold, *y) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fneg += 1,
                _ => {}
            }
        }
        let mut right = 0;
        for (cands, y) in &self.content_x {
            let best = cands
                .iter()
                .enumerate()
                .map(|(i, f)| (i, CueModel::score(&m.content, f)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if best.is_some_and(|b| b.0 == *y) {
                right += 1;
            }
        }
        format!(
            "cues: P {:.4} R {:.4}; content chosen right {:.4} of {}",
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / (tp + fneg).max(1) as f64,
            right as f64 / self.content_x.len().max(1) as f64,
            self.content_x.len()
        )
    }

    /// Trains both perceptrons for `epochs` passes in a fixed, seeded order.
    pub fn train(&self, epochs: usize, seed: u64) -> CueModel {
        let mut cue = AvgTable::new(BITS, 1);
        let mut content = AvgTable::new(BITS, 1);
        let mut order: Vec<usize> = (0..self.cue_x.len()).collect();
        let mut corder: Vec<usize> = (0..self.content_x.len()).collect();
        let mut rng = seed | 1;
        let mut out = [0f32; 1];
        for _ in 0..epochs {
            shuffle(&mut order, &mut rng);
            for &i in &order {
                let (f, y) = &self.cue_x[i];
                let rows: Vec<usize> = f.iter().map(|&h| row_of(h, BITS)).collect();
                cue.score(&rows, &mut out);
                if (out[0] > 0.0) != *y {
                    cue.update(&rows, 0, if *y { 1.0 } else { -1.0 });
                }
                cue.tick();
            }
            shuffle(&mut corder, &mut rng);
            for &i in &corder {
                let (cands, y) = &self.content_x[i];
                let rows: Vec<Vec<usize>> = cands
                    .iter()
                    .map(|f| f.iter().map(|&h| row_of(h, BITS)).collect())
                    .collect();
                let mut best = (0, f32::MIN);
                for (j, r) in rows.iter().enumerate() {
                    content.score(r, &mut out);
                    if out[0] > best.1 {
                        best = (j, out[0]);
                    }
                }
                if best.0 != *y {
                    content.update(&rows[*y], 0, 1.0);
                    content.update(&rows[best.0], 0, -1.0);
                }
                content.tick();
            }
        }
        let rates = self
            .lemmas
            .iter()
            .filter(|(_, &(c, _))| c >= 2)
            .map(|(&k, &(c, n))| (k, c as f32 / n as f32))
            .collect();
        CueModel {
            cue: cue.quantize(2),
            content: content.quantize(2),
            threshold: 0.0,
            rates,
            min_rate: 0.0,
        }
    }
}

impl CueModel {
    /// The model committed under `data/models/cues.bin`, if it is there.
    pub fn builtin() -> Option<&'static CueModel> {
        static MODEL: std::sync::OnceLock<Option<CueModel>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| {
                let bytes: &[u8] = include_bytes!("../../../../data/models/cues.bin");
                // A missing or stale model (while `wirecode train cues` makes a
                // new one) leaves the rules alone rather than stopping the pipeline.
                if bytes.is_empty() {
                    return None;
                }
                CueModel::from_bytes(bytes)
                    .map_err(|e| eprintln!("wirecode: built-in cue model not used: {e}"))
                    .ok()
            })
            .as_ref()
    }

    /// Serialises the model (zlib-compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.f32(self.threshold);
        w.f32(self.min_rate);
        let mut rates: Vec<(u64, f32)> = self.rates.iter().map(|(&k, &v)| (k, v)).collect();
        rates.sort_by_key(|r| r.0);
        w.varint(rates.len() as u64);
        for (k, v) in rates {
            w.u64(k);
            w.f32(v);
        }
        self.cue.write(&mut w);
        self.content.write(&mut w);
        pack(MAGIC, &w.buf)
    }

    /// Reads a model written by [`CueModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<CueModel, String> {
        let raw = unpack(MAGIC, bytes).map_err(|e| e.to_string())?;
        let mut r = Reader::new(&raw);
        let threshold = r.f32().map_err(|e| e.to_string())?;
        let min_rate = r.f32().map_err(|e| e.to_string())?;
        let n = r.varint().map_err(|e| e.to_string())? as usize;
        let mut rates = std::collections::HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = r.u64().map_err(|e| e.to_string())?;
            rates.insert(k, r.f32().map_err(|e| e.to_string())?);
        }
        let cue = QTable::read(&mut r).map_err(|e| e.to_string())?;
        let content = QTable::read(&mut r).map_err(|e| e.to_string())?;
        Ok(CueModel {
            cue,
            content,
            threshold,
            rates,
            min_rate,
        })
    }

    fn score(table: &QTable, f: &[u64]) -> f32 {
        let mut out = [0i32; 1];
        table.score_hashes(f, &mut out);
        out[0] as f32 / table.scale
    }

    /// Cue scores of the words that no attribution in `quotes` touches,
    /// with their best content (token range), best first.
    fn proposals(&self, doc: &Doc, quotes: &[Quote]) -> Vec<(f32, usize, Quote)> {
        let touched = |s: &Span| touched(quotes, s);
        let words = Words::get();
        let mut out = Vec::new();
        for r in parsed_sentences(doc) {
            let tree = Tree::new(doc, r.clone());
            for k in r.clone() {
                // "271 pledged delegates": an adjective the tagger read as
                // a verb is no cue, whatever the model makes of it.
                if !is_candidate(doc, k)
                    || modifier_participle(doc, k)
                    || touched(&doc.tokens[k].span)
                {
                    continue;
                }
                let lem = lemma_of(doc, k);
                let rate = self.rates.get(&lemma_key(doc, k, &lem)).copied();
                if rate.unwrap_or(0.0) < self.min_rate {
                    continue;
                }
                let s = Self::score(&self.cue, &cue_features(doc, &tree, k, &lem));
                if s <= self.threshold {
                    continue;
                }
                let best = candidates(doc, &tree, k, &lem)
                    .into_iter()
                    .map(|c| (Self::score(&self.content, &c.feats), c))
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let Some((_, c)) = best else { continue };
                let content: Vec<Span> = c
                    .pieces()
                    .into_iter()
                    .filter_map(|(lo, hi)| span(doc, lo, hi))
                    .collect();
                if content.is_empty() || content.iter().any(&touched) {
                    continue;
                }
                // Without a source, a learned cue is more often wrong than right.
                let Some(source) = subject(doc, &tree, k) else {
                    continue;
                };
                let speech = words
                    .cue(&lower(doc, k))
                    .is_some_and(|c| c.kind == CueKind::Speech);
                out.push((
                    s,
                    k,
                    Quote {
                        kind: if speech {
                            QuoteKind::Indirect
                        } else {
                            QuoteKind::Stance
                        },
                        content,
                        source: Some(source),
                        cue: Some(doc.tokens[k].span),
                        speaker: None,
                        responds_to: None,
                    },
                ));
            }
        }
        out
    }

    /// Adds the model's attributions that do not overlap `quotes` or each
    /// other (the higher cue score wins).
    pub fn add_to(&self, doc: &Doc, quotes: &mut Vec<Quote>) {
        let mut props = self.proposals(doc, quotes);
        props.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let start = quotes.len();
        for (_, _, q) in props {
            let clash = quotes[start..].iter().any(|p| {
                p.content
                    .iter()
                    .any(|c| q.content.iter().any(|d| c.overlaps(d)))
                    || p.cue
                        .is_some_and(|c| q.content.iter().any(|d| c.overlaps(d)))
                    || q.cue
                        .is_some_and(|c| p.content.iter().any(|d| c.overlaps(d)))
            });
            if !clash {
                quotes.push(q);
            }
        }
    }

    /// The same model with another cue threshold and least lemma rate (to
    /// choose them on dev).
    pub fn with_threshold(&self, threshold: f32, min_rate: f32) -> CueModel {
        CueModel {
            cue: self.cue.clone(),
            content: self.content.clone(),
            threshold,
            rates: self.rates.clone(),
            min_rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::reported::tests::parsed;

    /// (cue, content, source) texts of what `m` adds to a rules-free doc.
    fn added(m: &CueModel, text: &str) -> Vec<(String, String, String)> {
        let d = parsed(text);
        let mut q = Vec::new();
        m.add_to(&d, &mut q);
        q.iter()
            .map(|q| {
                let c: Vec<&str> = q.content.iter().map(|s| d.slice(*s)).collect();
                (
                    q.cue.map(|s| d.slice(s).to_string()).unwrap_or_default(),
                    c.join(" + "),
                    q.source.map(|s| d.slice(s).to_string()).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Gold for `text`: the cue word and the content, found by their text.
    fn gold(d: &Doc, cue: &str, content: &str) -> GoldCue {
        let at = |w: &str| {
            let s = d.text().find(w).unwrap();
            Span::new(s, s + w.len())
        };
        GoldCue {
            cue: vec![at(cue)],
            content: vec![at(content)],
        }
    }

    #[test]
    fn learns_a_cue_and_its_content_and_round_trips() {
        let texts = [
            (
                "The mayor relished the prospect of a fight.",
                "relished",
                "the prospect of a fight",
            ),
            (
                "Aid groups relished the chance to help.",
                "relished",
                "the chance to help",
            ),
            ("The minister opened the new bridge on Monday.", "", ""),
            ("Farmers planted wheat in the spring.", "", ""),
        ];
        let mut t = CueTrainer::default();
        for _ in 0..3 {
            for (text, cue, content) in texts {
                let d = parsed(text);
                let g: Vec<GoldCue> = if cue.is_empty() {
                    vec![]
                } else {
                    vec![gold(&d, cue, content)]
                };
                t.add(&d, &g);
            }
        }
        let (n, pos, with_content) = t.counts();
        assert!(
            n > pos && pos == 6 && with_content == 6,
            "{n} {pos} {with_content}"
        );
        let m = t.train(5, 7);
        let m = CueModel::from_bytes(&m.to_bytes()).unwrap();
        let f = added(&m, "The senator relished the prospect of a debate.");
        assert_eq!(
            f,
            vec![(
                "relished".to_string(),
                "the prospect of a debate".to_string(),
                "The senator".to_string()
            )]
        );
        assert!(added(&m, "The senator opened the new office.").is_empty());
        assert!(CueModel::from_bytes(b"WCCUES01garbage").is_err());
    }

    #[test]
    fn builtin_model_adds_stance_without_touching_rule_attributions() {
        let Some(m) = CueModel::builtin() else {
            panic!("data/models/cues.bin is missing or stale: run `wirecode train cues`");
        };
        let d =
            parsed("Many voters worry that the economy is slowing. The army built a new bridge.");
        let mut q = Vec::new();
        m.add_to(&d, &mut q);
        let cues: Vec<&str> = q.iter().filter_map(|q| q.cue.map(|s| d.slice(s))).collect();
        assert!(cues.contains(&"worry"), "{cues:?}");
        assert!(!cues.contains(&"built"), "{cues:?}");
        // A rule attribution already holding the words leaves nothing to add.
        let before = q.clone();
        m.add_to(&d, &mut q);
        assert_eq!(q, before);
    }
}
