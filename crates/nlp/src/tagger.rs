//! Averaged-perceptron part-of-speech tagger predicting joint (UPOS, XPOS)
//! classes, greedy left to right.
//!
//! Joint classes are more accurate than predicting XPOS and mapping to UPOS
//! (e.g. `IN` is ADP or SCONJ, `DT` is DET or PRON). Features are hashed into a
//! flat table with one contiguous row of class weights per feature; per-token
//! hashes (word, shape, affixes, ambiguity class) are computed once per sentence.

use crate::clusters::Clusters;
use crate::conllu::Sentence;
use crate::hash::{feat, feat2, feat3, hash_str, Rng};
use crate::model::{pack, row_of, unpack, AvgTable, QTable, Reader, Writer};
use crate::{Error, IdMap, Result};
use std::collections::HashMap;
use std::path::Path;

const MAGIC: &[u8; 8] = b"WCTAGGR1";
/// Format 2 adds the stacked second pass.
const MAGIC2: &[u8; 8] = b"WCTAGGR2";
/// Format 3 adds word clusters after the stacked pass.
const MAGIC3: &[u8; 8] = b"WCTAGGR3";
const PAD: usize = 2;

/// Training options for the tagger.
#[derive(Clone, Debug)]
pub struct TaggerOptions {
    /// Number of passes over the training data.
    pub epochs: usize,
    /// Random seed (sentence order); training is deterministic given it.
    pub seed: u64,
    /// log2 of the number of hashed feature rows.
    pub table_bits: u32,
    /// Quantised weights with smaller magnitude are dropped when saving.
    pub prune: i16,
    /// Folds for the stacked second pass (a right-context-aware model that
    /// also sees jack-knifed first-pass tags); 0 or 1 disables stacking.
    pub stack_folds: usize,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Word clusters learnt from unlabelled text (features for rare words);
    /// empty for none. The model keeps its own copy.
    pub clusters: Clusters,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions {
            clusters: Clusters::default(),
            stack_folds: 0,
            epochs: 10,
            seed: 1,
            table_bits: 18,
            prune: 250,
            verbose: false,
        }
    }
}

/// A trained tagger (quantised weights, tag inventory, ambiguity classes).
#[derive(Clone)]
pub struct Tagger {
    classes: Vec<(String, String)>,
    /// Per normalised word hash: ambiguity class hash (0 if seen only once)
    /// and a capitalisation-ratio bucket.
    amb: IdMap<u64, (u64, u8)>,
    table: QTable,
    /// Stacked second pass (sees the first pass's tags), if trained.
    stage2: Option<QTable>,
    /// Word clusters (empty when trained without).
    clusters: Clusters,
}

/// Sentences shorter than this may be verbless fragments ("Thanks a lot.").
const MIN_VERBLESS_WORDS: usize = 6;

/// Per-token precomputed hashes.
#[derive(Clone, Copy, Default)]
struct Tok {
    w: u64,
    lw: u64,
    shape: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    amb: u64,
    flags: u64,
    cap: u64,
    /// Fine and coarse cluster.
    cf: u64,
    cc: u64,
}

/// Normalised lowercase form with digits mapped to `0`.
pub(crate) fn norm_word(w: &str, buf: &mut String) {
    buf.clear();
    for c in w.chars() {
        if c.is_ascii_digit() {
            buf.push('0');
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// Collapsed word shape, e.g. `Xx`, `d.d`, `x-x`.
pub(crate) fn shape_hash(w: &str) -> u64 {
    let mut s = [0u8; 12];
    let mut n = 0;
    let mut last = 0u8;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'o'
        };
        if k != last && n < s.len() {
            s[n] = k;
            n += 1;
        }
        last = k;
    }
    crate::hash::hash_bytes(&s[..n]) ^ 0x5A5A
}

impl Tagger {
    fn prepare(&self, words: &[&str]) -> Vec<Tok> {
        prepare(words, |lw| self.amb.get(&lw).copied(), &self.clusters)
    }

    /// Tags a sentence: one `(upos, xpos)` pair per word.
    pub fn tag<'a>(&'a self, words: &[&str]) -> Vec<(&'a str, &'a str)> {
        self.tag_ids(words)
            .into_iter()
            .map(|c| {
                let (u, x) = &self.classes[c as usize];
                (u.as_str(), x.as_str())
            })
            .collect()
    }

    /// Tags a sentence returning joint class ids (see [`Tagger::class`]).
    pub fn tag_ids(&self, words: &[&str]) -> Vec<u16> {
        let toks = self.prepare(words);
        let mut hashes = Vec::with_capacity(48);
        let mut scores = vec![0i32; self.classes.len()];
        let mut out = self.decode(&toks, words.len(), None, &mut hashes, &mut scores);
        // The stacked pass sees the first pass's tags.
        let first = self.stage2.as_ref().map(|_| pad_first(&out));
        if let Some(f) = &first {
            out = self.decode(&toks, words.len(), Some(f), &mut hashes, &mut scores);
        }
        self.ensure_verb(
            &toks,
            words,
            first.as_deref(),
            &mut out,
            &mut hashes,
            &mut scores,
        );
        out
    }

    /// Greedy left-to-right decoding of `n` words, by the first pass or,
    /// given the first pass's tags, by the stacked one.
    fn decode(
        &self,
        toks: &[Tok],
        n: usize,
        first: Option<&[u64]>,
        hashes: &mut Vec<u64>,
        scores: &mut [i32],
    ) -> Vec<u16> {
        let mut out = Vec::with_capacity(n);
        let (mut p1, mut p2) = (u64::MAX - 1, u64::MAX - 2);
        for i in 0..n {
            self.score_at(toks, i, p1, p2, first, hashes, scores);
            let best = argmax_i32(scores);
            out.push(best as u16);
            p2 = p1;
            p1 = best as u64;
        }
        out
    }

    /// The class scores of word `i` after the tags `p1`, `p2`.
    #[allow(clippy::too_many_arguments)]
    fn score_at(
        &self,
        toks: &[Tok],
        i: usize,
        p1: u64,
        p2: u64,
        first: Option<&[u64]>,
        hashes: &mut Vec<u64>,
        scores: &mut [i32],
    ) {
        hashes.clear();
        features(toks, i, p1, p2, hashes);
        match (first, &self.stage2) {
            (Some(f), Some(t2)) => {
                stack_features(&toks[i + PAD], &toks[i + PAD + 1], f, i, p1, hashes);
                t2.score_hashes(hashes, scores);
            }
            _ => self.table.score_hashes(hashes, scores),
        }
    }

    /// A news sentence of several words with no verb at all, or with no
    /// finite one, is almost always a mistagged one ("The court freed/JJ the
    /// pastor", "Troops and gunmen clashed/VBN in Hebron"): the lower-case
    /// "-ed" word whose finite-verb reading (VBD, VBZ, VBP) comes closest to
    /// its chosen tag becomes that verb. Only such sentences are scored
    /// again, so tagging pays nothing for the check otherwise.
    fn ensure_verb(
        &self,
        toks: &[Tok],
        words: &[&str],
        first: Option<&[u64]>,
        out: &mut [u16],
        hashes: &mut Vec<u64>,
        scores: &mut [i32],
    ) {
        // Finite: a finite verb or any auxiliary. "Troops and gunmen
        // clashed/VBN in Hebron" has a verb but no finite one.
        let finite = |c: u16| {
            let (u, x) = &self.classes[c as usize];
            u == "AUX" || (u == "VERB" && !matches!(x.as_str(), "VBN" | "VBG"))
        };
        if words.len() < MIN_VERBLESS_WORDS || out.iter().any(|&c| finite(c)) {
            return;
        }
        // The previous two tags as the decoder saw them.
        let before = |i: usize| -> (u64, u64) {
            match i {
                0 => (u64::MAX - 1, u64::MAX - 2),
                1 => (out[0] as u64, u64::MAX - 1),
                _ => (out[i - 1] as u64, out[i - 2] as u64),
            }
        };
        // With a participle present ("Rooms very clean and smelled fresh",
        // "Highly recommended") only a statement whose candidate follows a
        // noun or pronoun, its likely subject, is repaired.
        let participle = out.iter().any(|&c| self.classes[c as usize].0 == "VERB");
        let statement = words.last() == Some(&".");
        let mut best: Option<(i32, usize, u16)> = None;
        for i in 1..words.len() {
            let w = words[i];
            if w.len() <= 3 || !w.ends_with("ed") || !w.chars().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            if participle
                && !(statement
                    && matches!(
                        self.classes[out[i - 1] as usize].0.as_str(),
                        "NOUN" | "PROPN" | "PRON"
                    ))
            {
                continue;
            }
            let (p1, p2) = before(i);
            self.score_at(toks, i, p1, p2, first, hashes, scores);
            let verb = self
                .classes
                .iter()
                .enumerate()
                .filter(|(_, (u, x))| u == "VERB" && matches!(x.as_str(), "VBD" | "VBZ" | "VBP"))
                .map(|(c, _)| c)
                .reduce(|a, c| if scores[c] > scores[a] { c } else { a });
            if let Some(c) = verb {
                let margin = scores[c].saturating_sub(scores[out[i] as usize]);
                if best.is_none_or(|b| margin >= b.0) {
                    best = Some((margin, i, c as u16));
                }
            }
        }
        if let Some((_, i, c)) = best {
            out[i] = c;
        }
    }

    /// Drops weights whose quantised magnitude is below `min_abs`: a smaller,
    /// faster model at some cost in accuracy.
    pub fn prune(&mut self, min_abs: i16) {
        self.table.prune(min_abs);
        if let Some(t) = &mut self.stage2 {
            t.prune(min_abs);
        }
    }

    /// Number of non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.table.nonzero() + self.stage2.as_ref().map_or(0, |t| t.nonzero())
    }

    /// The `(upos, xpos)` strings of a joint class id.
    pub fn class(&self, id: u16) -> (&str, &str) {
        let (u, x) = &self.classes[id as usize];
        (u, x)
    }

    /// Number of joint classes.
    pub fn num_classes(&self) -> usize {
        self.classes.len()
    }

    /// Trains a tagger on gold-tagged sentences. With `dev`, the epoch with the
    /// best dev accuracy is kept.
    pub fn train(train: &[Sentence], dev: Option<&[Sentence]>, opts: &TaggerOptions) -> Tagger {
        Tagger::train_jackknife(train, dev, opts, 0).0
    }

    /// Trains a tagger and also returns jack-knifed predicted tags of the
    /// training sentences (each of `folds` folds tagged by a model trained on
    /// the others; empty when `folds < 2`), for training a parser on realistic
    /// tags. With stacking enabled the first-pass fold models are shared between
    /// the stacked model and the jack-knifing.
    pub fn train_jackknife(
        train: &[Sentence],
        dev: Option<&[Sentence]>,
        opts: &TaggerOptions,
        folds: usize,
    ) -> (Tagger, Vec<Vec<(String, String)>>) {
        // Class inventory in order of first appearance (deterministic).
        let mut classes: Vec<(String, String)> = Vec::new();
        let mut cid: HashMap<(String, String), u16> = HashMap::new();
        let mut gold: Vec<Vec<u16>> = Vec::with_capacity(train.len());
        for s in train {
            let mut g = Vec::with_capacity(s.len());
            for t in &s.tokens {
                let key = (t.upos.clone(), t.xpos.clone());
                let id = *cid.entry(key.clone()).or_insert_with(|| {
                    classes.push(key);
                    (classes.len() - 1) as u16
                });
                g.push(id);
            }
            gold.push(g);
        }
        let all: Vec<usize> = (0..train.len()).collect();
        let stack = opts.stack_folds > 1;
        let sf = opts.stack_folds.max(folds);
        // The same fold split serves stacking and jack-knifing.
        let fold_sets: Vec<(Vec<usize>, Vec<usize>)> = (0..sf)
            .map(|f| {
                let (held, rest): (Vec<usize>, Vec<usize>) =
                    all.iter().partition(|&&i| i % sf == f);
                (rest, held)
            })
            .collect();
        let ctx = Ctx {
            train,
            gold: &gold,
            classes: &classes,
            opts,
        };
        // First-pass fold models (needed for stacking, or plain jack-knifing).
        let need_fold1 = stack || folds > 1;
        let fold1: Vec<Tagger> = if stack {
            par_map(&fold_sets, |(rest, _)| ctx.fit(rest, None, None, None))
        } else if need_fold1 {
            // Plain jack-knifing: each fold model has its own class inventory
            // and statistics, exactly as `Tagger::train` on that subset.
            let quiet = TaggerOptions {
                verbose: false,
                ..opts.clone()
            };
            par_map(&fold_sets, |(rest, _)| {
                let sub: Vec<Sentence> = rest.iter().map(|&i| train[i].clone()).collect();
                Tagger::train(&sub, None, &quiet)
            })
        } else {
            Vec::new()
        };
        let mut first: Vec<Vec<u16>> = vec![Vec::new(); train.len()];
        if stack {
            for (t, (_, held)) in fold1.iter().zip(&fold_sets) {
                for &i in held {
                    first[i] = t.tag_ids(&train[i].words());
                }
            }
        }
        let full1 = ctx.fit(&all, dev, None, None);
        let tagger = if stack {
            ctx.fit(&all, dev, Some(&first), Some(full1))
        } else {
            full1
        };
        let mut jk: Vec<Vec<(String, String)>> = Vec::new();
        if folds > 1 {
            let fold2: Vec<Tagger> = if stack {
                let jobs: Vec<(&Tagger, &Vec<usize>)> =
                    fold1.iter().zip(fold_sets.iter().map(|x| &x.0)).collect();
                par_map(&jobs, |(t1, rest)| {
                    ctx.fit(rest, None, Some(&first), Some((*t1).clone()))
                })
            } else {
                fold1
            };
            jk = vec![Vec::new(); train.len()];
            for (t, (_, held)) in fold2.iter().zip(&fold_sets) {
                for &i in held {
                    jk[i] = t
                        .tag(&train[i].words())
                        .into_iter()
                        .map(|(u, x)| (u.to_string(), x.to_string()))
                        .collect();
                }
            }
        }
        (tagger, jk)
    }

    /// (UPOS, XPOS) accuracy on gold sentences.
    pub fn accuracy(&self, sents: &[Sentence]) -> (f64, f64) {
        let (mut u, mut x, mut n) = (0usize, 0usize, 0usize);
        for s in sents {
            let w = s.words();
            for (t, (pu, px)) in s.tokens.iter().zip(self.tag(&w)) {
                u += (t.upos == pu) as usize;
                x += (t.xpos == px) as usize;
                n += 1;
            }
        }
        (u as f64 / n.max(1) as f64, x as f64 / n.max(1) as f64)
    }

    /// Serialises the model to bytes (compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.varint(self.classes.len() as u64);
        for (u, x) in &self.classes {
            w.str(u);
            w.str(x);
        }
        let mut amb: Vec<(u64, (u64, u8))> = self.amb.iter().map(|(a, b)| (*a, *b)).collect();
        amb.sort_unstable();
        // Ambiguity classes are few: store a palette.
        let mut pal: Vec<u64> = amb.iter().map(|x| x.1 .0).collect();
        pal.sort_unstable();
        pal.dedup();
        w.varint(pal.len() as u64);
        for p in &pal {
            w.u64(*p);
        }
        w.varint(amb.len() as u64);
        for (k, v) in &amb {
            w.u64(*k);
            w.varint(pal.binary_search(&v.0).unwrap() as u64);
            w.bytes(&[v.1]);
        }
        self.table.write(&mut w);
        match (&self.stage2, self.clusters.is_empty()) {
            (None, true) => pack(MAGIC, &w.buf),
            (Some(t), true) => {
                w.bytes(&[1]);
                t.write(&mut w);
                pack(MAGIC2, &w.buf)
            }
            (t, false) => {
                w.bytes(&[t.is_some() as u8]);
                if let Some(t) = t {
                    t.write(&mut w);
                }
                w.bytes(&self.clusters.to_bytes());
                pack(MAGIC3, &w.buf)
            }
        }
    }

    /// Writes the model to a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        std::fs::write(path.as_ref(), self.to_bytes())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))
    }

    /// Loads a model from a file.
    pub fn load(path: impl AsRef<Path>) -> Result<Tagger> {
        let b = std::fs::read(path.as_ref())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))?;
        Tagger::from_bytes(&b)
    }

    /// Loads a model from bytes produced by [`Tagger::to_bytes`]/[`Tagger::save`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger> {
        let v3 = bytes.starts_with(MAGIC3);
        let v2 = v3 || bytes.starts_with(MAGIC2);
        let magic = if v3 {
            MAGIC3
        } else if v2 {
            MAGIC2
        } else {
            MAGIC
        };
        let raw = unpack(magic, bytes)?;
        let mut r = Reader::new(&raw);
        let n = r.varint()? as usize;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            classes.push((r.str()?, r.str()?));
        }
        let np = r.varint()? as usize;
        let mut pal = Vec::with_capacity(np);
        for _ in 0..np {
            pal.push(r.u64()?);
        }
        let na = r.varint()? as usize;
        let mut amb = IdMap::default();
        amb.reserve(na);
        for _ in 0..na {
            let k = r.u64()?;
            let v = *pal
                .get(r.varint()? as usize)
                .ok_or_else(|| Error::Format("bad palette index".into()))?;
            let cap = r.byte()?;
            amb.insert(k, (v, cap));
        }
        let table = QTable::read(&mut r)?;
        let stage2 = if v2 && r.byte()? == 1 {
            Some(QTable::read(&mut r)?)
        } else {
            None
        };
        let clusters = if v3 {
            Clusters::from_bytes(r.rest())?.0
        } else {
            Clusters::default()
        };
        if table.nclass != classes.len()
            || stage2.as_ref().is_some_and(|t| t.nclass != classes.len())
        {
            return Err(Error::Format("class count mismatch".into()));
        }
        Ok(Tagger {
            classes,
            amb,
            table,
            stage2,
            clusters,
        })
    }
}

/// Shared training inputs.
struct Ctx<'a> {
    train: &'a [Sentence],
    gold: &'a [Vec<u16>],
    classes: &'a [(String, String)],
    opts: &'a TaggerOptions,
}

impl Ctx<'_> {
    /// Trains on the sentences `idx`. With `base`, trains the stacked second
    /// pass on top of it, using `first` (jack-knifed first-pass tags).
    fn fit(
        &self,
        idx: &[usize],
        dev: Option<&[Sentence]>,
        first: Option<&[Vec<u16>]>,
        base: Option<Tagger>,
    ) -> Tagger {
        let opts = self.opts;
        let nclass = self.classes.len();
        let amb = match &base {
            Some(b) => b.amb.clone(),
            None => build_amb(self.train, self.gold, idx),
        };
        let bits = opts.table_bits;
        let mut table = AvgTable::new(bits, nclass);
        let prepared: Vec<Vec<Tok>> = idx
            .iter()
            .map(|&i| {
                prepare(
                    &self.train[i].words(),
                    |lw| amb.get(&lw).copied(),
                    &opts.clusters,
                )
            })
            .collect();
        let firsts: Vec<Vec<u64>> = match first {
            Some(f) => idx.iter().map(|&i| pad_first(&f[i])).collect(),
            None => Vec::new(),
        };
        let mut order: Vec<usize> = (0..idx.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut hashes = Vec::with_capacity(64);
        let mut rows = Vec::with_capacity(64);
        let mut scores = vec![0f32; nclass];
        let mut best: Option<(f64, QTable)> = None;
        let stage = if base.is_some() { "stacked " } else { "" };
        let mut tagger = Tagger {
            classes: self.classes.to_vec(),
            amb,
            table: QTable::from_dense(4, nclass, 1.0, vec![0; 16 * nclass]),
            stage2: None,
            clusters: opts.clusters.clone(),
        };
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut correct, mut total) = (0usize, 0usize);
            for &k in &order {
                let toks = &prepared[k];
                let g = &self.gold[idx[k]];
                let (mut p1, mut p2) = (u64::MAX - 1, u64::MAX - 2);
                for (i, &gi) in g.iter().enumerate() {
                    hashes.clear();
                    features(toks, i, p1, p2, &mut hashes);
                    if !firsts.is_empty() {
                        stack_features(
                            &toks[i + PAD],
                            &toks[i + PAD + 1],
                            &firsts[k],
                            i,
                            p1,
                            &mut hashes,
                        );
                    }
                    rows.clear();
                    rows.extend(hashes.iter().map(|&h| row_of(h, bits)));
                    table.score(&rows, &mut scores);
                    let pred = argmax_f32(&scores);
                    let gi = gi as usize;
                    if pred != gi {
                        table.update(&rows, gi, 1.0);
                        table.update(&rows, pred, -1.0);
                    } else {
                        correct += 1;
                    }
                    total += 1;
                    table.tick();
                    p2 = p1;
                    p1 = pred as u64;
                }
            }
            if let Some(dev) = dev {
                let q = table.quantize(opts.prune);
                match &base {
                    Some(b) => {
                        tagger.table = b.table.clone();
                        tagger.stage2 = Some(q);
                    }
                    None => tagger.table = q,
                }
                let acc = tagger.accuracy(dev);
                if opts.verbose {
                    eprintln!(
                        "{stage}tagger epoch {} train {:.4} dev upos/xpos {:.4}/{:.4}",
                        epoch + 1,
                        correct as f64 / total as f64,
                        acc.0,
                        acc.1
                    );
                }
                if best.as_ref().is_none_or(|b| acc.0 + acc.1 > b.0) {
                    let q = match &base {
                        Some(_) => tagger.stage2.clone().unwrap(),
                        None => tagger.table.clone(),
                    };
                    best = Some((acc.0 + acc.1, q));
                }
            } else if opts.verbose && idx.len() == self.train.len() {
                eprintln!(
                    "{stage}tagger epoch {} train acc {:.4}",
                    epoch + 1,
                    correct as f64 / total as f64
                );
            }
        }
        let q = match best {
            Some((_, t)) => t,
            None => table.quantize(opts.prune),
        };
        match base {
            Some(b) => {
                tagger.table = b.table;
                tagger.stage2 = Some(q);
            }
            None => tagger.table = q,
        }
        tagger
    }
}

/// Runs `f` over `items` on two threads (results in order).
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let half = items.len().div_ceil(2);
    std::thread::scope(|sc| {
        let (a, b) = items.split_at(half);
        let f = &f;
        let h = sc.spawn(move || b.iter().map(f).collect::<Vec<R>>());
        let mut out: Vec<R> = a.iter().map(f).collect();
        out.extend(h.join().unwrap());
        out
    })
}

/// Ambiguity classes and capitalisation buckets of the sentences `idx`.
fn build_amb(train: &[Sentence], gold: &[Vec<u16>], idx: &[usize]) -> IdMap<u64, (u64, u8)> {
    let mut counts: HashMap<u64, (u32, u128, u32, u32)> = HashMap::new();
    let mut buf = String::new();
    for &si in idx {
        for (k, (t, &id)) in train[si].tokens.iter().zip(&gold[si]).enumerate() {
            norm_word(&t.form, &mut buf);
            let e = counts.entry(hash_str(&buf)).or_insert((0, 0, 0, 0));
            e.0 += 1;
            if k > 0 {
                e.2 += 1;
                e.3 += t.form.chars().next().is_some_and(|c| c.is_uppercase()) as u32;
            }
            if id < 128 {
                e.1 |= 1u128 << id;
            }
        }
    }
    let mut amb: IdMap<u64, (u64, u8)> = IdMap::default();
    for (k, (n, set, inner, caps)) in counts {
        let a = if n >= 2 {
            crate::hash::fmix(set as u64 ^ ((set >> 64) as u64).rotate_left(7)) | 1
        } else {
            0
        };
        let cap = if inner == 0 {
            5
        } else {
            let r = caps as f64 / inner as f64;
            if r == 0.0 {
                0
            } else if r < 0.3 {
                1
            } else if r < 0.7 {
                2
            } else if r < 1.0 {
                3
            } else {
                4
            }
        };
        amb.insert(k, (a, cap));
    }
    amb
}

/// First-pass tags padded by `PAD` boundary values on both sides.
fn pad_first(ids: &[u16]) -> Vec<u64> {
    let mut v = Vec::with_capacity(ids.len() + 2 * PAD);
    v.extend([0x3001u64, 0x3002]);
    v.extend(ids.iter().map(|&x| x as u64));
    v.extend([0x4001u64, 0x4002]);
    v
}

/// Stacked-pass features from first-pass tags `f` (padded) around word `i`.
#[inline]
fn stack_features(c: &Tok, r1: &Tok, f: &[u64], i: usize, p1: u64, out: &mut Vec<u64>) {
    let (f0, fr1, fr2) = (f[i + PAD], f[i + PAD + 1], f[i + PAD + 2]);
    out.extend_from_slice(&[
        feat(60, f0),
        feat(61, fr1),
        feat(62, fr2),
        feat2(63, fr1, fr2),
        feat2(64, f0, fr1),
        feat3(65, p1, f0, fr1),
        feat2(66, c.lw, fr1),
        feat2(67, c.amb, fr1),
        feat2(68, c.suf[2], fr1),
        feat2(69, fr1, r1.lw),
        feat3(70, c.amb, fr1, fr2),
        feat2(71, p1, fr1),
    ]);
}

fn prepare(
    words: &[&str],
    amb: impl Fn(u64) -> Option<(u64, u8)>,
    clusters: &Clusters,
) -> Vec<Tok> {
    let n = words.len();
    let mut toks = vec![Tok::default(); n + 2 * PAD];
    for (k, t) in toks.iter_mut().enumerate() {
        if k < PAD || k >= n + PAD {
            let v = if k < PAD {
                0x1111 + k as u64
            } else {
                0x2222 + k as u64 - n as u64
            };
            *t = Tok {
                w: v,
                lw: v,
                shape: v,
                pre: [v; 3],
                suf: [v; 4],
                amb: v,
                flags: v,
                cap: v,
                cf: v,
                cc: v,
            };
        }
    }
    // Sentence case type: 0 mixed, 1 all lower, 2 mostly title case, 3 all caps.
    let (mut alpha, mut lower, mut title, mut upper) = (0, 0, 0, 0);
    for w in words {
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            if c.is_alphabetic() {
                alpha += 1;
                if c.is_lowercase() {
                    lower += 1;
                } else {
                    title += 1;
                    if w.chars().all(|c| !c.is_lowercase()) {
                        upper += 1;
                    }
                }
            }
        }
    }
    let sc: u64 = if alpha >= 3 && upper == alpha {
        3
    } else if alpha >= 3 && lower == alpha {
        1
    } else if alpha >= 3 && title * 10 >= alpha * 7 {
        2
    } else {
        0
    };
    let mut buf = String::new();
    let mut bounds: Vec<usize> = Vec::with_capacity(32);
    for (i, w) in words.iter().enumerate() {
        norm_word(w, &mut buf);
        let lw = hash_str(&buf);
        bounds.clear();
        bounds.extend(buf.char_indices().map(|x| x.0));
        let nc = bounds.len();
        let mut pre = [0u64; 3];
        let mut suf = [0u64; 4];
        for k in 0..3 {
            let end = if k + 1 < nc { bounds[k + 1] } else { buf.len() };
            pre[k] = hash_str(&buf[..end]) ^ (k as u64 + 1);
        }
        for k in 0..4 {
            let start = if nc > k + 1 { bounds[nc - k - 1] } else { 0 };
            suf[k] = hash_str(&buf[start..]) ^ ((k as u64 + 1) << 8);
        }
        let shape = shape_hash(w);
        let first = w.chars().next().unwrap_or(' ');
        let mut flags = 0u64;
        if first.is_uppercase() {
            flags |= 1 + 2 * (i == 0) as u64;
        }
        if w.contains('-') {
            flags |= 4;
        }
        if w.bytes().any(|b| b.is_ascii_digit()) {
            flags |= 8;
        }
        if w.len() > 1 && w.chars().all(|c| c.is_uppercase()) {
            flags |= 16;
        }
        let (a, cap) = match amb(lw) {
            Some((a, cap)) => (if a == 0 { shape ^ 0xABCDEF } else { a }, cap as u64),
            None => (shape ^ 0xABCDEF, 6),
        };
        flags |= sc << 8;
        let (cf, cc) = if clusters.is_empty() {
            (0, 0)
        } else {
            let (f, c) = clusters.get(lw);
            (f as u64 | 0xC1_0000, c as u64 | 0xC2_0000)
        };
        toks[i + PAD] = Tok {
            cf,
            cc,
            w: hash_str(w),
            lw,
            shape,
            pre,
            suf,
            amb: a,
            flags,
            cap,
        };
    }
    toks
}

/// Feature hashes for word `i` given the two previous predicted classes.
#[inline]
fn features(t: &[Tok], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let c = &t[i + PAD];
    let l1 = &t[i + PAD - 1];
    let l2 = &t[i + PAD - 2];
    let r1 = &t[i + PAD + 1];
    let r2 = &t[i + PAD + 2];
    out.extend_from_slice(&[
        feat(0, 0),
        feat(1, c.w),
        feat(2, c.lw),
        feat(3, c.suf[0]),
        feat(4, c.suf[1]),
        feat(5, c.suf[2]),
        feat(6, c.suf[3]),
        feat(7, c.pre[0]),
        feat(8, c.pre[1]),
        feat(9, c.pre[2]),
        feat(10, c.shape),
        feat(11, c.flags),
        feat(12, l1.lw),
        feat(13, l2.lw),
        feat(14, r1.lw),
        feat(15, r2.lw),
        feat(16, p1),
        feat(17, p2),
        feat2(18, p1, p2),
        feat2(19, p1, c.lw),
        feat2(20, l1.lw, c.lw),
        feat2(21, c.lw, r1.lw),
        feat(22, l1.suf[2]),
        feat(23, r1.suf[2]),
        feat(24, r1.amb),
        feat(25, r2.amb),
        feat2(26, r1.amb, r2.amb),
        feat2(27, c.amb, r1.amb),
        feat2(28, p1, r1.amb),
        feat(29, c.amb),
        feat2(30, p1, c.amb),
        feat(31, l1.shape),
        feat(32, r1.shape),
        feat2(33, p1, c.suf[2]),
        feat2(34, r1.lw, r2.lw),
        feat3(35, p1, c.amb, r1.amb),
        feat2(36, c.shape, r1.shape),
        feat(37, l1.suf[0]),
        feat2(38, c.lw, c.shape),
        feat3(39, c.cap, c.shape, c.flags),
        feat3(40, c.cap, c.shape, p1),
        feat2(41, c.suf[2], c.shape),
        feat2(42, l1.shape, c.shape),
        feat2(43, p1, c.shape),
        feat3(44, c.shape, c.flags, r1.shape),
        feat3(45, r1.cap, r1.shape, c.cap),
        feat2(46, c.amb, r1.lw),
    ]);
    // Only a model trained with clusters has them (cf 0 otherwise).
    if c.cf != 0 {
        out.extend_from_slice(&[
            feat(47, c.cf),
            feat(48, c.cc),
            feat(49, l1.cf),
            feat(50, r1.cf),
            feat(51, r2.cc),
            feat2(52, p1, c.cf),
            feat2(53, c.cf, r1.cf),
            feat2(54, c.cc, c.suf[1]),
            feat2(55, l1.cc, c.cc),
        ]);
    }
}

pub(crate) fn argmax_i32(s: &[i32]) -> usize {
    let mut b = 0;
    for i in 1..s.len() {
        if s[i] > s[b] {
            b = i;
        }
    }
    b
}

pub(crate) fn argmax_f32(s: &[f32]) -> usize {
    let mut b = 0;
    for i in 1..s.len() {
        if s[i] > s[b] {
            b = i;
        }
    }
    b
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::conllu::parse_str;

    /// Ten small gold sentences used by several tests.
    pub(crate) fn tiny_corpus() -> Vec<Sentence> {
        type Row<'a> = (&'a str, &'a str, &'a str, usize, &'a str);
        let rows: &[&[Row]] = &[
            &[
                ("The", "DET", "DT", 2, "det"),
                ("cat", "NOUN", "NN", 3, "nsubj"),
                ("sleeps", "VERB", "VBZ", 0, "root"),
                (".", "PUNCT", ".", 3, "punct"),
            ],
            &[
                ("Dogs", "NOUN", "NNS", 2, "nsubj"),
                ("bark", "VERB", "VBP", 0, "root"),
                ("loudly", "ADV", "RB", 2, "advmod"),
            ],
            &[
                ("She", "PRON", "PRP", 2, "nsubj"),
                ("reads", "VERB", "VBZ", 0, "root"),
                ("a", "DET", "DT", 4, "det"),
                ("book", "NOUN", "NN", 2, "obj"),
                (".", "PUNCT", ".", 2, "punct"),
            ],
            &[
                ("I", "PRON", "PRP", 2, "nsubj"),
                ("went", "VERB", "VBD", 0, "root"),
                ("to", "ADP", "IN", 5, "case"),
                ("the", "DET", "DT", 5, "det"),
                ("store", "NOUN", "NN", 2, "obl"),
            ],
            &[
                ("It", "PRON", "PRP", 3, "nsubj:pass"),
                ("was", "AUX", "VBD", 3, "aux:pass"),
                ("eaten", "VERB", "VBN", 0, "root"),
                ("yesterday", "NOUN", "NN", 3, "obl:tmod"),
            ],
            &[
                ("John", "PROPN", "NNP", 2, "nsubj"),
                ("likes", "VERB", "VBZ", 0, "root"),
                ("Mary", "PROPN", "NNP", 2, "obj"),
                ("and", "CCONJ", "CC", 5, "cc"),
                ("Sue", "PROPN", "NNP", 3, "conj"),
            ],
            &[
                ("We", "PRON", "PRP", 3, "nsubj"),
                ("can", "AUX", "MD", 3, "aux"),
                ("run", "VERB", "VB", 0, "root"),
                ("fast", "ADV", "RB", 3, "advmod"),
                ("!", "PUNCT", ".", 3, "punct"),
            ],
            &[
                ("Big", "ADJ", "JJ", 2, "amod"),
                ("red", "ADJ", "JJ", 3, "amod"),
                ("balls", "NOUN", "NNS", 4, "nsubj"),
                ("roll", "VERB", "VBP", 0, "root"),
            ],
            &[
                ("They", "PRON", "PRP", 2, "nsubj"),
                ("said", "VERB", "VBD", 0, "root"),
                ("that", "SCONJ", "IN", 5, "mark"),
                ("he", "PRON", "PRP", 5, "nsubj"),
                ("left", "VERB", "VBD", 2, "ccomp"),
            ],
            &[
                ("Is", "AUX", "VBZ", 3, "cop"),
                ("this", "PRON", "DT", 3, "nsubj"),
                ("yours", "PRON", "PRP", 0, "root"),
                ("?", "PUNCT", ".", 3, "punct"),
            ],
        ];
        let mut text = String::new();
        for s in rows {
            for (i, (f, u, x, h, d)) in s.iter().enumerate() {
                text.push_str(&format!("{}\t{f}\t_\t{u}\t{x}\t_\t{h}\t{d}\t_\t_\n", i + 1));
            }
            text.push('\n');
        }
        parse_str(&text).unwrap()
    }

    #[test]
    fn tagger_fits_tiny_corpus_and_roundtrips() {
        let data = tiny_corpus();
        let opts = TaggerOptions {
            epochs: 8,
            table_bits: 12,
            prune: 0,
            ..Default::default()
        };
        let t = Tagger::train(&data, None, &opts);
        let (u, x) = t.accuracy(&data);
        assert_eq!((u, x), (1.0, 1.0));
        let t2 = Tagger::from_bytes(&t.to_bytes()).unwrap();
        assert_eq!(t2.accuracy(&data), (1.0, 1.0));
        assert_eq!(t2.tag(&["The", "cat"])[0], ("DET", "DT"));
        assert!(Tagger::from_bytes(b"garbage!garbage").is_err());
    }

    #[test]
    fn stacked_tagger_and_jackknife() {
        let data = tiny_corpus();
        let opts = TaggerOptions {
            epochs: 8,
            table_bits: 12,
            prune: 0,
            stack_folds: 2,
            ..Default::default()
        };
        let (t, jk) = Tagger::train_jackknife(&data, None, &opts, 2);
        assert!(t.stage2.is_some());
        assert_eq!(jk.len(), data.len());
        assert!(jk.iter().zip(&data).all(|(j, s)| j.len() == s.len()));
        assert_eq!(t.accuracy(&data), (1.0, 1.0));
        let t2 = Tagger::from_bytes(&t.to_bytes()).unwrap();
        assert_eq!(t2.tag_ids(&["She", "reads"]), t.tag_ids(&["She", "reads"]));
        // Plain jack-knifing without stacking.
        let plain = TaggerOptions {
            stack_folds: 0,
            ..opts
        };
        let (t3, jk3) = Tagger::train_jackknife(&data, None, &plain, 2);
        assert!(t3.stage2.is_none());
        assert_eq!(jk3.len(), data.len());
    }
}
