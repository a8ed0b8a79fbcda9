//! Learned event types for a source–target pair. The verb dictionary codes
//! the verbs it lists, through the patterns it lists; news says the same
//! things in many other ways ("slapped sanctions on", "took to the streets
//! against"). A small averaged perceptron, trained by `wirecode train
//! events` on the PLV pairs (sentences with a marked source and target and
//! the PLOVER type of what the one does to the other), reads the words that
//! join the two mentions in the parse, the sentence's words and the
//! dictionary's own events, and names the type.

use crate::features::{feat, lemma_of, lower, shuffle};
use wirecode_doc::{Doc, Event, Span, TokenKind};
use wirecode_nlp::model::{pack, row_of, unpack, AvgTable, QTable, Reader, Writer};

const MAGIC: &[u8; 8] = b"WCEVTP01";
const BITS: u32 = 17;

/// The PLOVER event types the model names: PLOVER's types with `CONCEDE`
/// and `RETREAT` folded into `YIELD`, as the PLV data set has them.
pub const CLASSES: [&str; 15] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "YIELD",
    "ACCUSE",
    "REQUEST",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
];

/// A source or target mention: a half-open token range.
pub type Mention = std::ops::Range<usize>;

/// Token range of the tokens a byte span overlaps (empty when none does).
pub fn mention_of(doc: &Doc, span: Span) -> Mention {
    let lo = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let hi = doc.tokens.partition_point(|t| t.span.start < span.end);
    lo..hi.max(lo)
}

/// The mention's syntactic head: its first token whose head lies outside it.
fn head_of(doc: &Doc, m: &Mention) -> usize {
    m.clone()
        .find(|&k| doc.tokens[k].head.is_none_or(|h| !m.contains(&h)))
        .unwrap_or(m.start)
}

/// Tokens from `k` up to the root of its sentence (`k` first).
fn ancestors(doc: &Doc, k: usize, sent: &Mention) -> Vec<usize> {
    let mut out = vec![k];
    let mut cur = k;
    while let Some(h) = doc.tokens[cur].head {
        if !sent.contains(&h) || out.contains(&h) || out.len() > 64 {
            break;
        }
        out.push(h);
        cur = h;
    }
    out
}

fn content_word(doc: &Doc, k: usize) -> bool {
    doc.tokens[k].kind == TokenKind::Word
        && matches!(doc.tokens[k].upos, Some("VERB" | "NOUN" | "ADJ" | "PROPN"))
}

fn upos(doc: &Doc, k: usize) -> &'static str {
    doc.tokens[k].upos.unwrap_or("-")
}

fn dep(doc: &Doc, k: usize) -> &'static str {
    doc.tokens[k].dep.unwrap_or("-")
}

/// Adds the features of one word on the path (or its governor) under `name`.
fn word_feats(f: &mut Vec<u64>, doc: &Doc, name: &str, k: usize) {
    feat(f, name, &[&lemma_of(doc, k)]);
}

/// The text span of a mention (`None` when it is empty).
fn span_of(doc: &Doc, m: &Mention) -> Option<Span> {
    (!m.is_empty()).then(|| doc.tokens[m.start].span.cover(&doc.tokens[m.end - 1].span))
}

/// Whether an event participant overlaps the mention with text span `m`.
fn overlaps(p: &Option<wirecode_doc::Participant>, m: Option<Span>) -> bool {
    m.is_some_and(|m| p.as_ref().is_some_and(|p| p.span.overlaps(&m)))
}

/// Features of the pair (`src`, `tgt`) in `doc`, whose `events` are the
/// dictionary's. Either mention may be empty (a side the sentence leaves out).
pub fn pair_features(doc: &Doc, events: &[Event], src: &Mention, tgt: &Mention) -> Vec<u64> {
    let mut f = Vec::with_capacity(96);
    feat(&mut f, "bias", &[]);
    let anchor = if src.is_empty() { tgt.start } else { src.start };
    let Some(s) = doc.sentence_at(doc.tokens.get(anchor).map_or(0, |t| t.span.start)) else {
        return f;
    };
    let sent = doc.sentences[s].tokens.clone();
    let parsed = doc.tokens.get(sent.start).is_some_and(|t| t.dep.is_some());
    let sh = (!src.is_empty()).then(|| head_of(doc, src));
    let th = (!tgt.is_empty()).then(|| head_of(doc, tgt));
    // The path between the two heads through their lowest common ancestor.
    if let (true, Some(a), Some(b)) = (parsed, sh, th) {
        let up_a = ancestors(doc, a, &sent);
        let up_b = ancestors(doc, b, &sent);
        let lca = up_a.iter().copied().find(|k| up_b.contains(k));
        if let Some(l) = lca {
            word_feats(&mut f, doc, "lca", l);
            feat(&mut f, "lca-upos", &[upos(doc, l)]);
            let lem = lemma_of(doc, l);
            let chain = |up: &[usize]| -> String {
                up.iter()
                    .take_while(|&&k| k != l)
                    .take(4)
                    .map(|&k| dep(doc, k))
                    .collect::<Vec<_>>()
                    .join(">")
            };
            let (ca, cb) = (chain(&up_a), chain(&up_b));
            feat(&mut f, "chains", &[&ca, &cb]);
            feat(&mut f, "lca-chains", &[&lem, &ca, &cb]);
            feat(&mut f, "s-chain", &[&ca]);
            feat(&mut f, "t-chain", &[&cb]);
            for &k in up_a.iter().chain(&up_b) {
                if k == l || k == a || k == b || !content_word(doc, k) {
                    continue;
                }
                word_feats(&mut f, doc, "path", k);
            }
            // The case marker of the target ("sanctions on X", "talks with X").
            for k in sent.clone() {
                if doc.tokens[k].head == Some(b) && dep(doc, k) == "case" {
                    let c = lower(doc, k);
                    feat(&mut f, "t-case", &[&c]);
                    feat(&mut f, "lca-t-case", &[&lem, &c]);
                }
                if doc.tokens[k].head == Some(l) {
                    let d = dep(doc, k);
                    let w = lower(doc, k);
                    match d {
                        "advmod" if matches!(w.as_str(), "not" | "n't" | "never") => {
                            feat(&mut f, "neg", &[]);
                            feat(&mut f, "lca-neg", &[&lem]);
                        }
                        "aux" => feat(&mut f, "aux", &[&w]),
                        "xcomp" | "ccomp" => {
                            word_feats(&mut f, doc, "lca-comp", k);
                            feat(&mut f, "lca-xcomp", &[&lem, &lemma_of(doc, k)]);
                        }
                        "obj" if !tgt.contains(&k) => word_feats(&mut f, doc, "lca-obj", k),
                        _ => {}
                    }
                }
            }
            // The governor of the lowest common ancestor ("threatened to
            // impose", "called for talks").
            if let Some(g) = doc.tokens[l].head.filter(|g| sent.contains(g)) {
                word_feats(&mut f, doc, "lca-gov", g);
            }
        }
    }
    for (name, head, m) in [("s", sh, src), ("t", th, tgt)] {
        let Some(h) = head else {
            feat(&mut f, "missing", &[name]);
            continue;
        };
        feat(&mut f, &format!("{name}-dep"), &[dep(doc, h)]);
        if let Some(g) = doc.tokens[h]
            .head
            .filter(|g| sent.contains(g) && !m.contains(g))
        {
            word_feats(&mut f, doc, &format!("{name}-gov"), g);
            feat(
                &mut f,
                &format!("{name}-gov-dep"),
                &[&lemma_of(doc, g), dep(doc, h)],
            );
        }
        word_feats(&mut f, doc, &format!("{name}-head"), h);
        let span = span_of(doc, m).unwrap_or_default();
        if let Some(e) = doc.entities_overlapping(span).next() {
            feat(&mut f, &format!("{name}-ent"), &[e.label.as_str()]);
            if let Some(code) = e.actor.as_ref().and_then(|a| a.code.as_deref()) {
                let sector = code.get(3..6).unwrap_or("-");
                feat(&mut f, &format!("{name}-sector"), &[sector]);
            }
        }
    }
    if let (Some(a), Some(b)) = (sh, th) {
        if b < a {
            feat(&mut f, "t-first", &[]);
        }
        // The words between the two mentions.
        let (lo, hi) = if src.end <= tgt.start {
            (src.end, tgt.start)
        } else {
            (tgt.end, src.start)
        };
        if hi > lo && hi - lo <= 12 {
            for k in lo..hi {
                if doc.tokens[k].kind == TokenKind::Word {
                    feat(&mut f, "btw", &[&lemma_of(doc, k)]);
                }
            }
        }
    }
    let ctx = |k: Option<usize>| {
        k.filter(|k| sent.contains(k))
            .map_or("-".to_string(), |k| lemma_of(doc, k))
    };
    // The words just before the target and just after the source.
    if !tgt.is_empty() {
        let p1 = ctx(tgt.start.checked_sub(1));
        let p2 = ctx(tgt.start.checked_sub(2));
        feat(&mut f, "t-prev", &[&p1]);
        feat(&mut f, "t-prev2", &[&p2, &p1]);
    }
    if !src.is_empty() {
        let n1 = ctx(Some(src.end));
        let n2 = ctx(Some(src.end + 1));
        feat(&mut f, "s-next", &[&n1]);
        feat(&mut f, "s-next2", &[&n1, &n2]);
    }
    // The sentence's other words (verbs and nouns apart): weak, but they
    // name the topic.
    for k in sent.clone() {
        if src.contains(&k) || tgt.contains(&k) {
            continue;
        }
        if matches!(doc.tokens[k].upos, Some("VERB" | "NOUN")) {
            feat(&mut f, "sw", &[&lemma_of(doc, k)]);
        } else if matches!(doc.tokens[k].upos, Some("ADJ" | "ADV" | "ADP")) {
            feat(&mut f, "sw-x", &[&lemma_of(doc, k)]);
        }
    }
    // What the dictionary made of the sentence.
    let sspan = doc.sentences[s].span;
    let (ss, ts) = (span_of(doc, src), span_of(doc, tgt));
    for e in events {
        if !e.evidence.overlaps(&sspan) {
            continue;
        }
        let p = e.plover.as_deref().unwrap_or("-");
        let root = e.code.get(..2).unwrap_or("-");
        let mode = format!("{:?}", e.mode);
        let mode = mode.as_str();
        let (es, et) = (overlaps(&e.source, ss), overlaps(&e.target, ts));
        let rel = match (es, et) {
            (true, true) => "link",
            _ if overlaps(&e.source, ts) && overlaps(&e.target, ss) => "rev",
            (true, false) | (false, true) => "side",
            _ => "any",
        };
        feat(&mut f, "dict", &[rel, p]);
        feat(&mut f, "dict-root", &[rel, root]);
        feat(&mut f, "dict-mode", &[rel, p, mode]);
    }
    f
}

/// The trained pair classifier.
pub struct PairModel {
    table: QTable,
    /// Least margin at which the pipeline adds an event the model types
    /// (chosen by cross-validation on the training pairs).
    threshold: f32,
}

/// Training examples for [`PairModel`]: features and class index.
#[derive(Default)]
pub struct PairTrainer {
    x: Vec<(Vec<u64>, usize)>,
    /// Per example, the same pair's features without the dictionary's
    /// events (empty for none), trained on as a second copy.
    bare: Vec<Vec<u64>>,
}

impl PairTrainer {
    /// Adds one example.
    pub fn add(&mut self, feats: Vec<u64>, class: usize) {
        self.x.push((feats, class));
        self.bare.push(Vec::new());
    }

    /// Adds one example with a second view of it: its features as if the
    /// dictionary had coded nothing. The pipeline asks the model exactly
    /// where the dictionary failed, so the words alone must carry weight
    /// ("attacked" is an assault), not only the dictionary's verdict.
    /// Cross-validation keeps both views in the same fold.
    pub fn add_with_bare(&mut self, feats: Vec<u64>, bare: Vec<u64>, class: usize) {
        self.x.push((feats, class));
        self.bare.push(bare);
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    fn train_on(&self, idx: &[usize], epochs: usize, seed: u64) -> PairModel {
        let mut table = AvgTable::new(BITS, CLASSES.len());
        let mut order = idx.to_vec();
        let mut rng = seed | 1;
        let mut out = [0f32; CLASSES.len()];
        for _ in 0..epochs {
            shuffle(&mut order, &mut rng);
            for &i in &order {
                let y = self.x[i].1;
                for f in [&self.x[i].0, &self.bare[i]] {
                    if f.is_empty() {
                        continue;
                    }
                    let rows: Vec<usize> = f.iter().map(|&h| row_of(h, BITS)).collect();
                    out.fill(0.0);
                    table.score(&rows, &mut out);
                    let guess = argmax(&out).0;
                    if guess != y {
                        table.update(&rows, y, 1.0);
                        table.update(&rows, guess, -1.0);
                    }
                    table.tick();
                }
            }
        }
        PairModel {
            table: table.quantize(1),
            threshold: 0.0,
        }
    }

    /// Trains on every example for `epochs` passes in a seeded order.
    pub fn train(&self, epochs: usize, seed: u64) -> PairModel {
        let all: Vec<usize> = (0..self.x.len()).collect();
        self.train_on(&all, epochs, seed)
    }

    /// Accuracy of `folds`-fold cross-validation, and the held-out
    /// predictions in example order. Examples are dealt to folds in a
    /// seeded order, so different seeds give different splits.
    pub fn cross_validate(
        &self,
        folds: usize,
        epochs: usize,
        seed: u64,
    ) -> (f64, Vec<(usize, f32)>) {
        let folds = folds.max(2);
        let n = self.x.len();
        let fold: Vec<usize> = (0..n)
            .map(|i| (wirecode_nlp::hash::mix(seed, i as u64) % folds as u64) as usize)
            .collect();
        let mut pred = vec![(0, 0.0); n];
        for k in 0..folds {
            let train: Vec<usize> = (0..n).filter(|&i| fold[i] != k).collect();
            let m = self.train_on(&train, epochs, seed);
            for i in (0..n).filter(|&i| fold[i] == k) {
                pred[i] = m.predict(&self.x[i].0);
            }
        }
        let right = pred.iter().zip(&self.x).filter(|(p, x)| p.0 == x.1).count();
        (right as f64 / n.max(1) as f64, pred)
    }
}

fn argmax(v: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::MIN);
    let mut second = f32::MIN;
    for (i, &x) in v.iter().enumerate() {
        if x > best.1 {
            second = best.1;
            best = (i, x);
        } else if x > second {
            second = x;
        }
    }
    (best.0, best.1 - second)
}

impl PairModel {
    /// The model committed under `data/models/events.bin`, if it is there.
    pub fn builtin() -> Option<&'static PairModel> {
        static MODEL: std::sync::OnceLock<Option<PairModel>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| {
                let bytes: &[u8] = include_bytes!("../../../../data/models/events.bin");
                if bytes.is_empty() {
                    return None;
                }
                PairModel::from_bytes(bytes)
                    .map_err(|e| eprintln!("wirecode: built-in event model not used: {e}"))
                    .ok()
            })
            .as_ref()
    }

    /// The best class (index into [`CLASSES`]) for the features, and its
    /// margin over the runner-up in weight units.
    pub fn predict(&self, feats: &[u64]) -> (usize, f32) {
        let mut out = [0i32; CLASSES.len()];
        self.table.score_hashes(feats, &mut out);
        let scores: Vec<f32> = out.iter().map(|&x| x as f32 / self.table.scale).collect();
        argmax(&scores)
    }

    /// The PLOVER type of what `src` does to `tgt` in `doc` (with the
    /// dictionary's `events`), and the model's margin.
    pub fn classify(
        &self,
        doc: &Doc,
        events: &[Event],
        src: &Mention,
        tgt: &Mention,
    ) -> (&'static str, f32) {
        let (c, m) = self.predict(&pair_features(doc, events, src, tgt));
        (CLASSES[c], m)
    }

    /// The least margin at which the pipeline adds a typed event.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The same model with another threshold.
    pub fn with_threshold(self, threshold: f32) -> PairModel {
        PairModel { threshold, ..self }
    }

    /// Serialises the model (zlib-compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.f32(self.threshold);
        self.table.write(&mut w);
        pack(MAGIC, &w.buf)
    }

    /// Reads a model written by [`PairModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PairModel, String> {
        let raw = unpack(MAGIC, bytes).map_err(|e| e.to_string())?;
        let mut r = Reader::new(&raw);
        let threshold = r.f32().map_err(|e| e.to_string())?;
        let table = QTable::read(&mut r).map_err(|e| e.to_string())?;
        Ok(PairModel { table, threshold })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::parsed;

    /// Features of the pair named by its words in a parsed sentence.
    fn feats(text: &str, s: &str, t: &str) -> Vec<u64> {
        let d = parsed(text);
        let at = |w: &str| {
            let b = text.find(w).unwrap();
            mention_of(&d, Span::new(b, b + w.len()))
        };
        pair_features(&d, &[], &at(s), &at(t))
    }

    #[test]
    fn mentions_are_the_tokens_a_span_overlaps() {
        let d = parsed("The US Senate praised Kenya.");
        assert_eq!(mention_of(&d, Span::new(4, 13)), 1..3);
        assert_eq!(mention_of(&d, Span::new(5, 6)), 1..2);
        assert!(mention_of(&d, Span::new(40, 41)).is_empty());
    }

    #[test]
    fn learns_types_from_the_words_between_and_round_trips() {
        let assault = CLASSES.iter().position(|c| *c == "ASSAULT").unwrap();
        let support = CLASSES.iter().position(|c| *c == "SUPPORT").unwrap();
        let mut tr = PairTrainer::default();
        for (text, s, t, y) in [
            (
                "Russia bombed Ukraine on Monday.",
                "Russia",
                "Ukraine",
                assault,
            ),
            (
                "Rebels shelled the army near Homs.",
                "Rebels",
                "army",
                assault,
            ),
            ("Israel bombed Gaza again.", "Israel", "Gaza", assault),
            (
                "France praised Germany for its help.",
                "France",
                "Germany",
                support,
            ),
            ("Kenya praised the UN on Friday.", "Kenya", "UN", support),
            ("Japan praised India warmly.", "Japan", "India", support),
        ] {
            tr.add(feats(text, s, t), y);
        }
        assert_eq!(tr.len(), 6);
        let m = tr.train(10, 1).with_threshold(1.5);
        let (c, margin) = m.predict(&feats("Turkey bombed Syria.", "Turkey", "Syria"));
        assert_eq!(CLASSES[c], "ASSAULT");
        assert!(margin > 0.0);
        let (c, _) = m.predict(&feats("Chile praised Peru.", "Chile", "Peru"));
        assert_eq!(CLASSES[c], "SUPPORT");
        let back = PairModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.threshold(), 1.5);
        let f = feats("Turkey bombed Syria.", "Turkey", "Syria");
        assert_eq!(back.predict(&f), m.predict(&f));
        assert!(PairModel::from_bytes(b"not a model").is_err());
        let (acc, pred) = tr.cross_validate(2, 5, 3);
        assert_eq!(pred.len(), 6);
        assert!((0.0..=1.0).contains(&acc));
    }

    #[test]
    fn the_builtin_model_types_a_plain_attack() {
        let m = PairModel::builtin().expect("data/models/events.bin is committed");
        let d = parsed("Government troops attacked the rebels in the north.");
        let (s, t) = (
            mention_of(&d, Span::new(0, 17)),
            mention_of(&d, Span::new(27, 37)),
        );
        assert_eq!(m.classify(&d, &[], &s, &t).0, "ASSAULT");
    }
}
