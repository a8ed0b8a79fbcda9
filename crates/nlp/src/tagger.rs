//! Averaged-perceptron part-of-speech tagger predicting joint (UPOS, XPOS)
//! classes, greedy left to right.
//!
//! Joint classes are more accurate than predicting XPOS and mapping to UPOS
//! (e.g. `IN` is ADP or SCONJ, `DT` is DET or PRON). Features are hashed into a
//! flat table with one contiguous row of class weights per feature; per-token
//! hashes (word, shape, affixes, ambiguity class) are computed once per sentence.

use crate::conllu::Sentence;
use crate::hash::{feat, feat2, feat3, hash_str, Rng};
use crate::model::{pack, row_of, unpack, AvgTable, QTable, Reader, Writer};
use crate::{Error, IdMap, Result};
use std::collections::HashMap;
use std::path::Path;

const MAGIC: &[u8; 8] = b"WCTAGGR1";
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
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions {
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
}

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
        prepare(words, |lw| self.amb.get(&lw).copied())
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
        let mut out = Vec::with_capacity(words.len());
        let mut hashes = Vec::with_capacity(48);
        let mut scores = vec![0i32; self.classes.len()];
        let (mut p1, mut p2) = (u64::MAX - 1, u64::MAX - 2);
        for i in 0..words.len() {
            hashes.clear();
            features(&toks, i, p1, p2, &mut hashes);
            self.table.score_hashes(&hashes, &mut scores);
            let best = argmax_i32(&scores);
            out.push(best as u16);
            p2 = p1;
            p1 = best as u64;
        }
        out
    }

    /// Drops weights whose quantised magnitude is below `min_abs`: a smaller,
    /// faster model at some cost in accuracy.
    pub fn prune(&mut self, min_abs: i16) {
        self.table.prune(min_abs);
    }

    /// Number of non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.table.nonzero()
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
        // Class inventory in order of first appearance (deterministic).
        let mut classes: Vec<(String, String)> = Vec::new();
        let mut cid: HashMap<(String, String), u16> = HashMap::new();
        let mut counts: HashMap<u64, (u32, u128, u32, u32)> = HashMap::new();
        let mut buf = String::new();
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
                norm_word(&t.form, &mut buf);
                let e = counts.entry(hash_str(&buf)).or_insert((0, 0, 0, 0));
                e.0 += 1;
                if g.len() > 1 {
                    e.2 += 1;
                    e.3 += t.form.chars().next().is_some_and(|c| c.is_uppercase()) as u32;
                }
                if id < 128 {
                    e.1 |= 1u128 << id;
                }
            }
            gold.push(g);
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
        let nclass = classes.len();
        let mut table = AvgTable::new(opts.table_bits, nclass);
        let bits = opts.table_bits;
        let prepared: Vec<Vec<Tok>> = train
            .iter()
            .map(|s| {
                let w = s.words();
                prepare(&w, |lw| amb.get(&lw).copied())
            })
            .collect();
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut hashes = Vec::with_capacity(48);
        let mut rows = Vec::with_capacity(48);
        let mut scores = vec![0f32; nclass];
        let mut best: Option<(f64, QTable)> = None;
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut correct, mut total) = (0usize, 0usize);
            for &si in &order {
                let toks = &prepared[si];
                let g = &gold[si];
                let (mut p1, mut p2) = (u64::MAX - 1, u64::MAX - 2);
                for (i, &gi) in g.iter().enumerate() {
                    hashes.clear();
                    features(toks, i, p1, p2, &mut hashes);
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
                let t = Tagger {
                    classes: classes.clone(),
                    amb: amb.clone(),
                    table: table.quantize(opts.prune),
                };
                let acc = t.accuracy(dev);
                if opts.verbose {
                    eprintln!(
                        "tagger epoch {} train {:.4} dev upos/xpos {:.4}/{:.4}",
                        epoch + 1,
                        correct as f64 / total as f64,
                        acc.0,
                        acc.1
                    );
                }
                if best.as_ref().map_or(true, |b| acc.0 + acc.1 > b.0) {
                    best = Some((acc.0 + acc.1, t.table));
                }
            } else if opts.verbose {
                eprintln!(
                    "tagger epoch {} train acc {:.4}",
                    epoch + 1,
                    correct as f64 / total as f64
                );
            }
        }
        let table = match best {
            Some((_, t)) => t,
            None => table.quantize(opts.prune),
        };
        Tagger {
            classes,
            amb,
            table,
        }
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
        pack(MAGIC, &w.buf)
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
        let raw = unpack(MAGIC, bytes)?;
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
        if table.nclass != classes.len() {
            return Err(Error::Format("class count mismatch".into()));
        }
        Ok(Tagger {
            classes,
            amb,
            table,
        })
    }
}

fn prepare(words: &[&str], amb: impl Fn(u64) -> Option<(u64, u8)>) -> Vec<Tok> {
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
        toks[i + PAD] = Tok {
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
}
