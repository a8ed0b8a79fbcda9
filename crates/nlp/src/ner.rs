//! Statistical named-entity recogniser for news.
//!
//! A greedy left-to-right averaged perceptron over BIO tags (`O`, `B-X`, `I-X`
//! for the nine types in [`LABELS`]), with hashed features (word, shape,
//! affixes, capitalisation, sentence position, UPOS from the [`crate::Tagger`],
//! a +-2 window of words and tags, capitalised-run features, previous predicted
//! labels) and dictionary features from [`NerDicts`] (country names,
//! adjectives/demonyms and capitals, seats of power, international
//! organisations, GeoNames places, person titles, organisation suffixes and
//! heads, date words). Training sources that do not annotate some entity type
//! can declare it "missing": predicting that type on a gold-`O` token is then
//! not penalised (partial-label training).
//!
//! The dictionaries are embedded in the model file (built at training time
//! from `data/lexicon/*.tsv` and `data/gazetteer/places.tsv` via
//! [`NerDicts::from_data_dir`]), so a loaded [`Ner`] is self-contained.

use crate::clusters::Clusters;
use crate::hash::{feat, feat2, feat3, hash_bytes, hash_str, mix, Rng};
use crate::model::{pack, row_of, unpack, AvgTable, QTable, Reader, Writer};
use crate::{Error, IdMap, Result};
use std::path::Path;

/// Entity types, in class order.
pub const LABELS: [&str; 9] = [
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "MISC",
];
const NT: usize = LABELS.len();
const NCLASS: usize = 1 + 2 * NT;
const MAGIC: &[u8; 8] = b"WCNER001";
/// Format 2 adds word clusters after the weights.
const MAGIC2: &[u8; 8] = b"WCNER002";

/// Index of an entity type name in [`LABELS`].
pub fn label_index(name: &str) -> Option<usize> {
    LABELS.iter().position(|&l| l == name)
}

#[inline]
fn b_class(t: usize) -> usize {
    1 + 2 * t
}
#[inline]
fn class_type(c: usize) -> Option<usize> {
    if c == 0 {
        None
    } else {
        Some((c - 1) / 2)
    }
}
#[inline]
fn is_inside(c: usize) -> bool {
    c > 0 && (c - 1) % 2 == 1
}

/// Encodes spans `(start, end_exclusive, type)` as BIO class ids
/// (0 = O, `1 + 2t` = B-t, `2 + 2t` = I-t). Overlapping later spans are dropped.
pub fn encode_bio(n: usize, spans: &[(usize, usize, usize)]) -> Vec<u8> {
    let mut y = vec![0u8; n];
    for &(s, e, t) in spans {
        if s >= e || e > n || t >= NT || y[s..e].iter().any(|&c| c != 0) {
            continue;
        }
        y[s] = b_class(t) as u8;
        for c in &mut y[s + 1..e] {
            *c = (b_class(t) + 1) as u8;
        }
    }
    y
}

/// Decodes BIO class ids into spans `(start, end_exclusive, type)`. An `I-t`
/// that does not continue a `t` span starts a new one (lenient IOB1-style).
pub fn decode_bio(y: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, &c) in y.iter().enumerate() {
        let c = c as usize;
        let t = class_type(c);
        let cont = matches!((cur, t), (Some((_, ct)), Some(tt)) if is_inside(c) && ct == tt);
        if !cont {
            if let Some((s, ct)) = cur.take() {
                out.push((s, i, ct));
            }
            if let Some(tt) = t {
                cur = Some((i, tt));
            }
        }
    }
    if let Some((s, ct)) = cur {
        out.push((s, y.len(), ct));
    }
    out
}

// ---------------------------------------------------------------------------
// Dictionaries
// ---------------------------------------------------------------------------

/// Dictionary categories (bit numbers in a [`NerDicts`] entry mask).
pub mod cat {
    /// Country name (countries.tsv `name`, GeoNames `country`).
    pub const COUNTRY: u32 = 0;
    /// Country adjective or demonym ("French", "Iraqis").
    pub const DEMONYM: u32 = 1;
    /// Capital used as a metonym.
    pub const CAPITAL: u32 = 2;
    /// Seat of power ("White House", "Kremlin").
    pub const SEAT: u32 = 3;
    /// International organisation / NGO.
    pub const IGO: u32 = 4;
    /// GeoNames populated place.
    pub const CITY: u32 = 5;
    /// GeoNames populated place with population >= 1M.
    pub const BIGCITY: u32 = 6;
    /// GeoNames first-level administrative division.
    pub const ADMIN: u32 = 7;
    /// Person title ("President", "Secretary").
    pub const TITLE: u32 = 8;
    /// Word inside a multi-word title ("Foreign", "Prime").
    pub const TITLE_WORD: u32 = 9;
    /// Organisation suffix ("Council", "Corp.").
    pub const ORG_SUFFIX: u32 = 10;
    /// Organisation head ("Ministry").
    pub const ORG_HEAD: u32 = 11;
    /// Capitalised but not a name on its own.
    pub const NOT_ENTITY: u32 = 12;
    /// Place-name prefix ("Lake", "East").
    pub const LOC_PREFIX: u32 = 13;
    /// Month or weekday.
    pub const DATE_WORD: u32 = 14;
    /// Number of categories.
    pub const N: u32 = 15;
}
const PREFIX_BIT: u32 = 1 << 31;
const PHRASE_SEED: u64 = 0x5eed_1234_abcd_0001;

/// Phrase dictionaries used as features: lower-cased token sequences mapped to
/// a bit mask of [`cat`] categories. Embedded in the model file.
#[derive(Clone, Default)]
pub struct NerDicts {
    map: IdMap<u64, u32>,
    maxlen: usize,
}

fn lower_into(w: &str, buf: &mut String) {
    buf.clear();
    if w.is_ascii() {
        buf.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        buf.extend(w.chars().flat_map(char::to_lowercase));
    }
}

fn lower_hash(w: &str, buf: &mut String) -> u64 {
    lower_into(w, buf);
    hash_str(buf)
}

/// Splits a dictionary surface form into tokens the way news tokenisers do
/// (whitespace, then a trailing `'s` or `,`).
fn dict_tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for p in s.split_whitespace() {
        if p.len() > 2 && p.ends_with("'s") {
            out.push(&p[..p.len() - 2]);
            out.push("'s");
        } else if p.len() > 1 && p.ends_with(',') {
            out.push(&p[..p.len() - 1]);
            out.push(",");
        } else {
            out.push(p);
        }
    }
    out
}

impl NerDicts {
    /// Adds a phrase (whitespace-tokenised, matched case-insensitively) to category `c`.
    pub fn add(&mut self, phrase: &str, c: u32) {
        let toks = dict_tokens(phrase);
        if toks.is_empty() || toks.len() > 8 {
            return;
        }
        let mut buf = String::new();
        let mut h = PHRASE_SEED;
        for (k, t) in toks.iter().enumerate() {
            h = mix(h, lower_hash(t, &mut buf));
            let bit = if k + 1 == toks.len() {
                1 << c
            } else {
                PREFIX_BIT
            };
            *self.map.entry(h).or_insert(0) |= bit;
        }
        self.maxlen = self.maxlen.max(toks.len());
    }

    /// Number of stored phrase prefixes and phrases.
    pub fn len(&self) -> usize {
        self.map.len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Category mask of an exact phrase (0 if absent).
    pub fn lookup(&self, words: &[&str]) -> u32 {
        let mut buf = String::new();
        let mut h = PHRASE_SEED;
        for w in words {
            h = mix(h, lower_hash(w, &mut buf));
        }
        self.map.get(&h).copied().unwrap_or(0) & !PREFIX_BIT
    }

    /// Builds the dictionaries from the texts of wirecode's data files:
    /// `countries.tsv`, `seats.tsv`, `igos.tsv` (surface, code, kind),
    /// `entity-cues.tsv` (form, kind), `dates.tsv` (form, kind, value) and the
    /// GeoNames gazetteer `places.tsv` (header row with `name`, `ascii`,
    /// `alt_names`, `feature`, `population`).
    pub fn from_sources(
        countries: &str,
        seats: &str,
        igos: &str,
        cues: &str,
        dates: &str,
        places: &str,
    ) -> NerDicts {
        let mut d = NerDicts::default();
        let rows = |text: &str| -> Vec<Vec<String>> {
            text.lines()
                .skip(1)
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect()
        };
        for r in rows(countries) {
            if r.len() < 3 {
                continue;
            }
            let c = match r[2].as_str() {
                "name" => cat::COUNTRY,
                "adjective" | "demonym" => cat::DEMONYM,
                "capital" => cat::CAPITAL,
                _ => continue,
            };
            d.add(&r[0], c);
        }
        for r in rows(seats) {
            if !r.is_empty() {
                d.add(&r[0], cat::SEAT);
            }
        }
        for r in rows(igos) {
            if !r.is_empty() {
                d.add(&r[0], cat::IGO);
            }
        }
        for r in rows(cues) {
            if r.len() < 2 {
                continue;
            }
            let c = match r[1].as_str() {
                "title" => cat::TITLE,
                "person_title_word" => cat::TITLE_WORD,
                "org_suffix" => cat::ORG_SUFFIX,
                "org_head" => cat::ORG_HEAD,
                "not_entity" => cat::NOT_ENTITY,
                "loc_prefix" => cat::LOC_PREFIX,
                _ => continue,
            };
            d.add(&r[0], c);
        }
        for r in rows(dates) {
            if r.len() >= 2 && (r[1] == "month" || r[1] == "weekday") {
                d.add(&r[0], cat::DATE_WORD);
            }
        }
        let mut lines = places.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = |n: &str| header.iter().position(|&h| h == n);
        if let (Some(cn), Some(ca), Some(cl), Some(cf), Some(cp)) = (
            col("name"),
            col("ascii"),
            col("alt_names"),
            col("feature"),
            col("population"),
        ) {
            for l in lines {
                if l.starts_with('#') {
                    continue;
                }
                let f: Vec<&str> = l.split('\t').collect();
                if f.len() <= cn.max(ca).max(cl).max(cf).max(cp) {
                    continue;
                }
                let pop: u64 = f[cp].parse().unwrap_or(0);
                let cs: &[u32] = match f[cf] {
                    "country" => &[cat::COUNTRY],
                    "admin1" => &[cat::ADMIN],
                    _ if pop >= 1_000_000 => &[cat::CITY, cat::BIGCITY],
                    _ => &[cat::CITY],
                };
                let mut names = vec![f[cn], f[ca]];
                names.extend(f[cl].split('|').filter(|a| {
                    a.len() >= 3
                        && a.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b" .'-".contains(&b))
                        && a.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
                }));
                for n in names {
                    if n.len() >= 2 {
                        for &c in cs {
                            d.add(n, c);
                        }
                    }
                }
            }
        }
        d
    }

    /// Reads the dictionaries from a wirecode `data/` directory
    /// (`lexicon/{countries,seats,igos,entity-cues,dates}.tsv`, `gazetteer/places.tsv`).
    pub fn from_data_dir(dir: impl AsRef<Path>) -> Result<NerDicts> {
        let dir = dir.as_ref();
        let rd = |p: &str| {
            let p = dir.join(p);
            std::fs::read_to_string(&p).map_err(|e| Error::Io(format!("{}: {e}", p.display())))
        };
        Ok(NerDicts::from_sources(
            &rd("lexicon/countries.tsv")?,
            &rd("lexicon/seats.tsv")?,
            &rd("lexicon/igos.tsv")?,
            &rd("lexicon/entity-cues.tsv")?,
            &rd("lexicon/dates.tsv")?,
            &rd("gazetteer/places.tsv")?,
        ))
    }

    fn write(&self, w: &mut Writer) {
        let mut e: Vec<(u64, u32)> = self.map.iter().map(|(a, b)| (*a, *b)).collect();
        e.sort_unstable();
        w.varint(self.maxlen as u64);
        w.varint(e.len() as u64);
        let mut last = 0u64;
        for (k, m) in e {
            w.varint(k - last);
            last = k;
            w.varint(m as u64);
        }
    }

    fn read(r: &mut Reader) -> Result<NerDicts> {
        let maxlen = r.varint()? as usize;
        let n = r.varint()? as usize;
        let mut map = IdMap::default();
        map.reserve(n);
        let mut k = 0u64;
        for _ in 0..n {
            k = k.wrapping_add(r.varint()?);
            map.insert(k, r.varint()? as u32);
        }
        Ok(NerDicts { map, maxlen })
    }

    /// Per token, a 3-bit code per category: 0 none, 1 B, 2 I, 3 L, 4 U of
    /// the longest match starting leftmost.
    fn annotate(&self, lw: &[u64], out: &mut Vec<u64>) {
        let n = lw.len();
        out.clear();
        out.resize(n, 0);
        if self.map.is_empty() {
            return;
        }
        let mut best = [0usize; cat::N as usize];
        for i in 0..n {
            let mut h = PHRASE_SEED;
            let mut any = false;
            for (j, &wh) in lw.iter().enumerate().take(n.min(i + self.maxlen)).skip(i) {
                h = mix(h, wh);
                let Some(&m) = self.map.get(&h) else { break };
                let m = m & !PREFIX_BIT;
                if m != 0 {
                    any = true;
                    for (c, b) in best.iter_mut().enumerate() {
                        if m & (1 << c) != 0 {
                            *b = j + 1;
                        }
                    }
                }
            }
            if !any {
                continue;
            }
            for (c, b) in best.iter_mut().enumerate() {
                if *b == 0 {
                    continue;
                }
                let e = *b;
                *b = 0;
                let sh = 3 * c;
                for (k, o) in out.iter_mut().enumerate().take(e).skip(i) {
                    if (*o >> sh) & 7 != 0 {
                        continue;
                    }
                    let code = if e - i == 1 {
                        4
                    } else if k == i {
                        1
                    } else if k + 1 == e {
                        3
                    } else {
                        2
                    };
                    *o |= code << sh;
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Features
// ---------------------------------------------------------------------------

// Template ids.
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_WM1: u64 = 3;
const T_WP1: u64 = 4;
const T_WM2: u64 = 5;
const T_WP2: u64 = 6;
const T_BIL: u64 = 7;
const T_BIR: u64 = 8;
const T_SH: u64 = 9;
const T_SHM1: u64 = 10;
const T_SHP1: u64 = 11;
const T_SHL: u64 = 12;
const T_SHR: u64 = 13;
const T_PRE: u64 = 14;
const T_SUF: u64 = 15;
const T_CAP: u64 = 16;
const T_P: u64 = 17;
const T_PM1: u64 = 18;
const T_PP1: u64 = 19;
const T_PM2: u64 = 20;
const T_PP2: u64 = 21;
const T_PL: u64 = 22;
const T_PR: u64 = 23;
const T_PCAP: u64 = 24;
const T_CAP3: u64 = 25;
const T_GZ: u64 = 26;
const T_GZM1: u64 = 27;
const T_GZP1: u64 = 28;
const T_RUN: u64 = 29;
const T_RUNLAST: u64 = 30;
const T_RUNFIRST: u64 = 31;
const T_RUNPREV: u64 = 32;
const T_Y1: u64 = 33;
const T_Y12: u64 = 34;
const T_Y1W: u64 = 35;
const T_Y1S: u64 = 36;
const T_Y1C: u64 = 37;
const T_WC: u64 = 38;
const T_GZM2: u64 = 39;
const T_CL: u64 = 40;
const T_CLC: u64 = 41;
const T_CLM1: u64 = 42;
const T_CLP1: u64 = 43;
const T_CLCAP: u64 = 44;
const T_CLRUN: u64 = 45;

// Capitalisation classes.
const C_LOWER: u8 = 0;
const C_INIT: u8 = 1;
const C_ALLCAP: u8 = 2;
const C_DIGIT: u8 = 3;
const C_PUNCT: u8 = 4;
const C_MIXED: u8 = 5;

fn cap_class(w: &str) -> u8 {
    let mut up = 0;
    let mut lo = 0;
    let mut dig = 0;
    let mut first_up = false;
    for (k, ch) in w.chars().enumerate() {
        if ch.is_uppercase() {
            up += 1;
            if k == 0 {
                first_up = true;
            }
        } else if ch.is_lowercase() {
            lo += 1;
        } else if ch.is_ascii_digit() {
            dig += 1;
        }
    }
    if dig > 0 {
        C_DIGIT
    } else if up == 0 && lo == 0 {
        C_PUNCT
    } else if up == 0 {
        C_LOWER
    } else if lo == 0 {
        if up == 1 && first_up {
            C_INIT
        } else {
            C_ALLCAP
        }
    } else if first_up {
        C_INIT
    } else {
        C_MIXED
    }
}

/// Collapsed word shape ("McDonald" -> "XxXx", "1996" -> "d", "U.S." -> "X.X.").
fn shape_hash(w: &str) -> u64 {
    let mut s = [0u8; 12];
    let mut n = 0;
    let mut last = 0u8;
    for ch in w.chars() {
        let c = if ch.is_uppercase() {
            b'X'
        } else if ch.is_lowercase() {
            b'x'
        } else if ch.is_ascii_digit() {
            b'd'
        } else if ch.is_ascii() {
            ch as u8
        } else {
            b'*'
        };
        if c != last && n < s.len() {
            s[n] = c;
            n += 1;
        }
        last = c;
    }
    let len_bucket = match w.chars().count() {
        0..=1 => 1u8,
        2..=3 => 2,
        4..=6 => 3,
        _ => 4,
    };
    if n < s.len() {
        s[n] = len_bucket;
        n += 1;
    }
    hash_bytes(&s[..n])
}

fn is_capitalised(c: u8, w: &str) -> bool {
    c == C_INIT
        || c == C_ALLCAP
        || (c == C_DIGIT && w.chars().next().is_some_and(char::is_uppercase))
}

const CONNECTORS: [&str; 9] = ["of", "the", "and", "&", "de", "for", "du", "al", "la"];

/// Per-sentence scratch data: per-token static feature hashes.
#[derive(Default)]
struct Prep {
    lw: Vec<u64>,
    shape: Vec<u64>,
    cap: Vec<u8>,
    feats: Vec<u64>,
    off: Vec<u32>,
    gz: Vec<u64>,
    buf: String,
}

const BOS: u64 = 0xb0b0_b0b0;
const EOS: u64 = 0xe0e0_e0e0;

impl Prep {
    fn run(&mut self, dicts: &NerDicts, clusters: &Clusters, words: &[&str], pos: &[&str]) {
        let n = words.len();
        self.lw.clear();
        self.shape.clear();
        self.cap.clear();
        self.feats.clear();
        self.off.clear();
        let mut lowers: Vec<(usize, usize)> = Vec::with_capacity(n);
        let mut all = String::new();
        let mut alpha = 0;
        let mut allcap = 0;
        for w in words {
            lower_into(w, &mut self.buf);
            let s = all.len();
            all.push_str(&self.buf);
            lowers.push((s, all.len()));
            self.lw.push(hash_str(&self.buf));
            self.shape.push(shape_hash(w));
            let c = cap_class(w);
            if c != C_PUNCT && c != C_DIGIT {
                alpha += 1;
                allcap += (c == C_ALLCAP || (c == C_INIT && w.chars().count() == 1)) as usize;
            }
            self.cap.push(c);
        }
        let caps_sent = alpha >= 3 && allcap * 10 >= alpha * 7;
        // Word clusters (fine, coarse) when the model has them.
        let cls: Vec<(u64, u64)> = if clusters.is_empty() {
            Vec::new()
        } else {
            words
                .iter()
                .map(|w| {
                    // The clusters' key, built in the scratch buffer.
                    crate::tagger::norm_word(w, &mut self.buf);
                    let (f, c) = clusters.get(hash_str(&self.buf));
                    (f as u64, c as u64)
                })
                .collect()
        };
        let ph: Vec<u64> = (0..n)
            .map(|i| hash_str(pos.get(i).copied().unwrap_or("X")))
            .collect();
        dicts.annotate(&self.lw, &mut self.gz);
        // Capitalised runs (not in all-caps sentences).
        let capd: Vec<bool> = (0..n)
            .map(|i| !caps_sent && is_capitalised(self.cap[i], words[i]))
            .collect();
        let mut run = vec![(0usize, 0usize); n];
        let mut i = 0;
        while i < n {
            if !capd[i] {
                i += 1;
                continue;
            }
            let s = i;
            let mut e = i + 1;
            loop {
                if e < n && capd[e] {
                    e += 1;
                } else if e + 1 < n
                    && !capd[e]
                    && capd[e + 1]
                    && CONNECTORS.contains(&&all[lowers[e].0..lowers[e].1])
                {
                    e += 2;
                } else {
                    break;
                }
            }
            for r in &mut run[s..e] {
                *r = (s, e);
            }
            i = e;
        }
        let lw = |k: isize| -> u64 {
            if k < 0 {
                BOS
            } else if k as usize >= n {
                EOS
            } else {
                self.lw[k as usize]
            }
        };
        let sh = |k: isize| -> u64 {
            if k < 0 {
                BOS
            } else if k as usize >= n {
                EOS
            } else {
                self.shape[k as usize]
            }
        };
        let pp = |k: isize| -> u64 {
            if k < 0 {
                BOS
            } else if k as usize >= n {
                EOS
            } else {
                ph[k as usize]
            }
        };
        let cp = |k: isize| -> u64 {
            if k < 0 || k as usize >= n {
                9
            } else {
                self.cap[k as usize] as u64
            }
        };
        let f = &mut self.feats;
        for i in 0..n {
            self.off.push(f.len() as u32);
            let k = i as isize;
            let c = self.cap[i] as u64;
            f.push(feat(T_BIAS, 0));
            f.push(feat(T_W, lw(k)));
            f.push(feat(T_WC, hash_str(words[i])));
            f.push(feat(T_WM1, lw(k - 1)));
            f.push(feat(T_WP1, lw(k + 1)));
            f.push(feat(T_WM2, lw(k - 2)));
            f.push(feat(T_WP2, lw(k + 2)));
            f.push(feat2(T_BIL, lw(k - 1), lw(k)));
            f.push(feat2(T_BIR, lw(k), lw(k + 1)));
            f.push(feat2(T_SH, sh(k), caps_sent as u64));
            f.push(feat(T_SHM1, sh(k - 1)));
            f.push(feat(T_SHP1, sh(k + 1)));
            f.push(feat2(T_SHL, sh(k - 1), sh(k)));
            f.push(feat2(T_SHR, sh(k), sh(k + 1)));
            let lo = &all[lowers[i].0..lowers[i].1];
            let bounds: Vec<usize> = lo.char_indices().map(|x| x.0).chain([lo.len()]).collect();
            let nch = bounds.len() - 1;
            for p in 1..=3.min(nch) {
                f.push(feat2(T_PRE, p as u64, hash_str(&lo[..bounds[p]])));
            }
            for p in 1..=4.min(nch) {
                f.push(feat2(T_SUF, p as u64, hash_str(&lo[bounds[nch - p]..])));
            }
            f.push(feat3(T_CAP, c, (i == 0) as u64, caps_sent as u64));
            f.push(feat3(T_CAP3, cp(k - 1), c, cp(k + 1)));
            f.push(feat(T_P, pp(k)));
            f.push(feat(T_PM1, pp(k - 1)));
            f.push(feat(T_PP1, pp(k + 1)));
            f.push(feat(T_PM2, pp(k - 2)));
            f.push(feat(T_PP2, pp(k + 2)));
            f.push(feat2(T_PL, pp(k - 1), pp(k)));
            f.push(feat2(T_PR, pp(k), pp(k + 1)));
            f.push(feat3(T_PCAP, pp(k), c, (i == 0) as u64));
            let capflag = capd[i] as u64 + 2 * caps_sent as u64;
            for (t, j) in [(T_GZ, k), (T_GZM1, k - 1), (T_GZP1, k + 1), (T_GZM2, k - 2)] {
                if j < 0 || j as usize >= n {
                    continue;
                }
                let g = self.gz[j as usize];
                if g == 0 {
                    continue;
                }
                for cc in 0..cat::N as u64 {
                    let code = (g >> (3 * cc)) & 7;
                    if code != 0 {
                        if t == T_GZ {
                            f.push(feat3(t, cc, code, capflag));
                        } else {
                            f.push(feat2(t, cc, code));
                        }
                    }
                }
            }
            if capd[i] {
                let (s, e) = run[i];
                let len = (e - s).min(5) as u64;
                let posn = if e - s == 1 {
                    0
                } else if i == s {
                    1
                } else if i + 1 == e {
                    3
                } else {
                    2
                };
                f.push(feat2(T_RUN, len, posn));
                f.push(feat2(T_RUNLAST, lw(e as isize - 1), (i + 1 == e) as u64));
                f.push(feat2(T_RUNFIRST, lw(s as isize), (i == s) as u64));
                f.push(feat2(T_RUNPREV, lw(s as isize - 1), posn));
                if !cls.is_empty() {
                    f.push(feat2(T_CLRUN, cls[e - 1].0, (i + 1 == e) as u64));
                }
            }
            if !cls.is_empty() {
                let cl = |j: isize| -> u64 {
                    if j < 0 || j as usize >= n {
                        0xFFFF_0000 + (j < 0) as u64
                    } else {
                        cls[j as usize].0
                    }
                };
                f.push(feat(T_CL, cls[i].0));
                f.push(feat2(T_CLC, cls[i].1, c));
                f.push(feat(T_CLM1, cl(k - 1)));
                f.push(feat(T_CLP1, cl(k + 1)));
                f.push(feat3(T_CLCAP, cls[i].0, c, caps_sent as u64));
            }
        }
        self.off.push(f.len() as u32);
    }
}

#[inline]
fn dyn_feats(out: &mut Vec<u64>, y1: usize, y2: usize, lw: u64, shape: u64, cap: u8) {
    out.push(feat(T_Y1, y1 as u64));
    out.push(feat2(T_Y12, y1 as u64, y2 as u64));
    out.push(feat2(T_Y1W, y1 as u64, lw));
    out.push(feat2(T_Y1S, y1 as u64, shape));
    out.push(feat2(T_Y1C, y1 as u64, cap as u64));
}

#[inline]
fn allowed(c: usize, y1: usize) -> bool {
    !is_inside(c) || (y1 != 0 && class_type(y1) == class_type(c))
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// One training sentence.
#[derive(Clone, Debug, Default)]
pub struct NerSentence {
    /// Tokens.
    pub words: Vec<String>,
    /// UPOS tags (predicted by the tagger, as at inference time).
    pub pos: Vec<String>,
    /// Gold entities `(start, end_exclusive, type index into LABELS)`.
    pub spans: Vec<(usize, usize, usize)>,
    /// Bit mask of types (bit `t` = `LABELS[t]`) this sentence's source does
    /// not annotate: predicting them on gold-`O` tokens is not penalised.
    pub missing: u16,
}

/// Training options.
#[derive(Clone, Debug)]
pub struct NerOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// log2 of the number of weight rows.
    pub bits: u32,
    /// Shuffling seed.
    pub seed: u64,
    /// Quantised weights below this magnitude are dropped.
    pub prune: i16,
    /// Partial-label training: do not penalise predicting a type that the
    /// sentence's source does not annotate on a name-like (or, for DATE,
    /// date-like) gold-`O` token.
    pub partial: bool,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Word clusters learnt from unlabelled text (empty for none); the model
    /// keeps its own copy.
    pub clusters: Clusters,
}

impl Default for NerOptions {
    fn default() -> Self {
        NerOptions {
            clusters: Clusters::default(),
            epochs: 10,
            bits: 20,
            seed: 1,
            prune: 2,
            partial: true,
            verbose: false,
        }
    }
}

/// The named-entity recogniser (quantised weights + embedded dictionaries).
#[derive(Clone)]
pub struct Ner {
    table: QTable,
    dicts: NerDicts,
    clusters: Clusters,
}

impl Ner {
    /// Trains a model. `on_epoch(epoch, model)` is called after each pass with
    /// the averaged model so far (for model selection on a dev set).
    pub fn train(
        train: &[NerSentence],
        dicts: NerDicts,
        opts: &NerOptions,
        mut on_epoch: impl FnMut(usize, &Ner),
    ) -> Ner {
        let bits = opts.bits;
        let mut prep = Prep::default();
        // Precompute static feature rows.
        let mut rows: Vec<u32> = Vec::new();
        let mut offs: Vec<Vec<u32>> = Vec::with_capacity(train.len());
        let mut tok: Vec<Vec<(u64, u64, u8)>> = Vec::with_capacity(train.len());
        let mut gold: Vec<Vec<u8>> = Vec::with_capacity(train.len());
        for s in train {
            let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let p: Vec<&str> = s.pos.iter().map(String::as_str).collect();
            prep.run(&dicts, &opts.clusters, &w, &p);
            let base = rows.len() as u32;
            offs.push(prep.off.iter().map(|o| base + o).collect());
            rows.extend(prep.feats.iter().map(|&h| row_of(h, bits) as u32));
            tok.push(
                (0..w.len())
                    .map(|i| (prep.lw[i], prep.shape[i], prep.cap[i]))
                    .collect(),
            );
            gold.push(encode_bio(w.len(), &s.spans));
        }
        // Types annotated by at least one source.
        let seen: u16 = train
            .iter()
            .flat_map(|s| s.spans.iter().map(|x| 1u16 << x.2))
            .fold(0, |a, b| a | b);
        // Name-like tokens (capitalised), and date-like tokens (years, date words).
        let date_t = label_index("DATE").unwrap_or(0);
        let namey: Vec<Vec<(bool, bool)>> = train
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| {
                        let cap = w.chars().next().is_some_and(char::is_uppercase);
                        let year = w.len() == 4
                            && w.bytes().all(|b| b.is_ascii_digit())
                            && (w.starts_with("1") || w.starts_with("20"));
                        let dw = dicts.lookup(&[w.as_str()]) & (1 << cat::DATE_WORD) != 0;
                        (opts.partial && cap, opts.partial && (year || dw))
                    })
                    .collect()
            })
            .collect();
        let mut table = AvgTable::new(bits, NCLASS);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut scores = vec![0f32; NCLASS];
        let mut fr: Vec<usize> = Vec::new();
        let mut dy: Vec<u64> = Vec::new();
        let mut model = Ner {
            table: QTable::from_dense(4, NCLASS, 1.0, vec![0; 16 * NCLASS]),
            dicts,
            clusters: opts.clusters.clone(),
        };
        for ep in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut err, mut tot) = (0usize, 0usize);
            for &si in &order {
                let (y1s, y2s) = (&mut 0usize, &mut 0usize);
                let g = &gold[si];
                for i in 0..g.len() {
                    fr.clear();
                    fr.extend(
                        rows[offs[si][i] as usize..offs[si][i + 1] as usize]
                            .iter()
                            .map(|&r| r as usize),
                    );
                    dy.clear();
                    let (lw, sh, cp) = tok[si][i];
                    dyn_feats(&mut dy, *y1s, *y2s, lw, sh, cp);
                    fr.extend(dy.iter().map(|&h| row_of(h, bits)));
                    table.score(&fr, &mut scores);
                    let mut best = 0;
                    let mut bs = f32::NEG_INFINITY;
                    for (c, &sc) in scores.iter().enumerate() {
                        if sc > bs && allowed(c, *y1s) {
                            bs = sc;
                            best = c;
                        }
                    }
                    let gc = g[i] as usize;
                    tot += 1;
                    if best != gc {
                        // Partial labels: a source that does not annotate type t
                        // says nothing about t on name-like tokens.
                        let excused = gc == 0
                            && class_type(best).is_some_and(|t| {
                                train[si].missing & (1 << t) != 0
                                    && seen & (1 << t) != 0
                                    && if t == date_t {
                                        namey[si][i].1
                                    } else {
                                        namey[si][i].0
                                    }
                            });
                        if !excused {
                            err += 1;
                            table.update(&fr, gc, 1.0);
                            table.update(&fr, best, -1.0);
                        }
                    }
                    table.tick();
                    *y2s = *y1s;
                    *y1s = best;
                }
            }
            model.table = table.quantize(opts.prune);
            if opts.verbose {
                eprintln!(
                    "epoch {}: train token error {:.3}%, nonzero {}",
                    ep + 1,
                    100.0 * err as f64 / tot.max(1) as f64,
                    model.table.nonzero()
                );
            }
            on_epoch(ep + 1, &model);
        }
        model
    }

    /// Entities in one sentence: `(first token, end token exclusive, label)`
    /// with label one of [`LABELS`]. `pos` are UPOS tags from the tagger (may
    /// be shorter than `words`; missing tags count as `X`).
    pub fn tag(&self, words: &[&str], pos: &[&str]) -> Vec<(usize, usize, &'static str)> {
        let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
        for (mut s, e, t) in decode_bio(&self.tag_classes(words, pos)) {
            // Titles and sentence openers are not part of the name
            // ("President [Obama]", "Mr [Urey]").
            let strip = if t == 0 {
                (1 << cat::TITLE) | (1 << cat::TITLE_WORD) | (1 << cat::NOT_ENTITY)
            } else {
                1 << cat::NOT_ENTITY
            };
            while s + 1 < e && self.dicts.lookup(&words[s..s + 1]) & strip != 0 {
                s += 1;
                if words[s] == "." && s + 1 < e {
                    s += 1;
                }
            }
            out.push((s, e, LABELS[t]));
        }
        out
    }

    /// Entities in a document (a sequence of sentences `(words, upos)`), with
    /// document-level consistency: a name tagged with several types gets its
    /// majority type, and a capitalised token equal to the last word of a
    /// multi-word PERSON elsewhere in the document is a PERSON.
    pub fn tag_doc(&self, sents: &[(&[&str], &[&str])]) -> Vec<Vec<(usize, usize, &'static str)>> {
        let mut out: Vec<Vec<(usize, usize, &'static str)>> =
            sents.iter().map(|(w, p)| self.tag(w, p)).collect();
        let mut votes: std::collections::HashMap<String, [u32; NT]> = Default::default();
        let mut surnames: std::collections::HashSet<&str> = Default::default();
        for ((w, _), sp) in sents.iter().zip(&out) {
            for &(s, e, l) in sp {
                let t = label_index(l).unwrap_or(0);
                votes.entry(w[s..e].join(" ")).or_insert([0; NT])[t] += 1;
                if l == "PERSON" && e - s >= 2 && is_capitalised(cap_class(w[e - 1]), w[e - 1]) {
                    surnames.insert(w[e - 1]);
                }
            }
        }
        let person = label_index("PERSON").unwrap_or(0);
        for ((w, _), sp) in sents.iter().zip(out.iter_mut()) {
            for x in sp.iter_mut() {
                let key = w[x.0..x.1].join(" ");
                if x.1 - x.0 == 1 && surnames.contains(w[x.0]) {
                    x.2 = LABELS[person];
                    continue;
                }
                if let Some(v) = votes.get(&key) {
                    let cur = label_index(x.2).unwrap_or(0);
                    let best = (0..NT).max_by_key(|&t| (v[t], t == cur)).unwrap_or(cur);
                    if v[best] > v[cur] {
                        x.2 = LABELS[best];
                    }
                }
            }
            let mut add = Vec::new();
            for (k, word) in w.iter().enumerate() {
                if surnames.contains(word) && !sp.iter().any(|x| x.0 <= k && k < x.1) {
                    add.push((k, k + 1, LABELS[person]));
                }
            }
            if !add.is_empty() {
                sp.extend(add);
                sp.sort_unstable();
            }
        }
        out
    }

    /// BIO class ids for one sentence (0 = O, `1 + 2t` = B, `2 + 2t` = I).
    pub fn tag_classes(&self, words: &[&str], pos: &[&str]) -> Vec<u8> {
        thread_local! {
            static PREP: std::cell::RefCell<Prep> = std::cell::RefCell::new(Prep::default());
        }
        PREP.with(|p| {
            let mut prep = p.borrow_mut();
            prep.run(&self.dicts, &self.clusters, words, pos);
            let mut out = Vec::with_capacity(words.len());
            let mut hs: Vec<u64> = Vec::with_capacity(64);
            let mut sc = [0i32; NCLASS];
            let (mut y1, mut y2) = (0usize, 0usize);
            for i in 0..words.len() {
                hs.clear();
                hs.extend_from_slice(&prep.feats[prep.off[i] as usize..prep.off[i + 1] as usize]);
                dyn_feats(&mut hs, y1, y2, prep.lw[i], prep.shape[i], prep.cap[i]);
                self.table.score_hashes(&hs, &mut sc);
                let mut best = 0;
                let mut bs = i32::MIN;
                for (c, &s) in sc.iter().enumerate() {
                    if s > bs && allowed(c, y1) {
                        bs = s;
                        best = c;
                    }
                }
                out.push(best as u8);
                y2 = y1;
                y1 = best;
            }
            out
        })
    }

    /// Drops weights below `min_abs` (quantised units).
    pub fn prune(&mut self, min_abs: i16) {
        self.table.prune(min_abs);
    }

    /// Number of non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.table.nonzero()
    }

    /// The embedded dictionaries.
    pub fn dicts(&self) -> &NerDicts {
        &self.dicts
    }

    /// Serialises the model (compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.varint(LABELS.len() as u64);
        for l in LABELS {
            w.str(l);
        }
        self.dicts.write(&mut w);
        self.table.write(&mut w);
        if self.clusters.is_empty() {
            pack(MAGIC, &w.buf)
        } else {
            w.bytes(&self.clusters.to_bytes());
            pack(MAGIC2, &w.buf)
        }
    }

    /// Loads a model from bytes produced by [`Ner::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Ner> {
        let v2 = bytes.starts_with(MAGIC2);
        let raw = unpack(if v2 { MAGIC2 } else { MAGIC }, bytes)?;
        let mut r = Reader::new(&raw);
        let n = r.varint()? as usize;
        for l in LABELS.iter().take(n) {
            if r.str()? != *l {
                return Err(Error::Format("NER label set mismatch".into()));
            }
        }
        if n != LABELS.len() {
            return Err(Error::Format("NER label set mismatch".into()));
        }
        let dicts = NerDicts::read(&mut r)?;
        let table = QTable::read(&mut r)?;
        if table.nclass != NCLASS {
            return Err(Error::Format("NER class count mismatch".into()));
        }
        let clusters = if v2 {
            Clusters::from_bytes(r.rest())?.0
        } else {
            Clusters::default()
        };
        Ok(Ner {
            table,
            dicts,
            clusters,
        })
    }

    /// Writes the model to a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        std::fs::write(path.as_ref(), self.to_bytes())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))
    }

    /// Loads a model from a file.
    pub fn load(path: impl AsRef<Path>) -> Result<Ner> {
        let b = std::fs::read(path.as_ref())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))?;
        Ner::from_bytes(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_roundtrip_and_lenient_decoding() {
        let spans = vec![(0, 2, 0), (3, 4, 2), (4, 6, 2)];
        let y = encode_bio(7, &spans);
        assert_eq!(decode_bio(&y), spans);
        // Stray I-ORG starts a span; a type change inside closes the span.
        let y = [0u8, 4, 4, 2, 3, 0];
        assert_eq!(decode_bio(&y), vec![(1, 3, 1), (3, 4, 0), (4, 5, 1)]);
        assert!(decode_bio(&[]).is_empty());
    }

    #[test]
    fn dictionary_matching() {
        let mut d = NerDicts::default();
        d.add("United States", cat::COUNTRY);
        d.add("Secretary of State", cat::TITLE);
        d.add("Paris", cat::CITY);
        assert_ne!(d.lookup(&["united", "STATES"]), 0);
        assert_eq!(d.lookup(&["United"]), 0);
        let words = [
            "the",
            "Secretary",
            "of",
            "State",
            "visited",
            "the",
            "United",
            "States",
        ];
        let mut b = String::new();
        let lw: Vec<u64> = words.iter().map(|w| lower_hash(w, &mut b)).collect();
        let mut gz = Vec::new();
        d.annotate(&lw, &mut gz);
        let code = |i: usize, c: u32| (gz[i] >> (3 * c)) & 7;
        assert_eq!(code(1, cat::TITLE), 1);
        assert_eq!(code(2, cat::TITLE), 2);
        assert_eq!(code(3, cat::TITLE), 3);
        assert_eq!(code(6, cat::COUNTRY), 1);
        assert_eq!(code(7, cat::COUNTRY), 3);
        assert_eq!(gz[0], 0);
    }

    fn synth() -> Vec<NerSentence> {
        let mk = |w: &str, p: &str, spans: Vec<(usize, usize, usize)>| NerSentence {
            words: w.split(' ').map(str::to_string).collect(),
            pos: p.split(' ').map(str::to_string).collect(),
            spans,
            missing: 0,
        };
        vec![
            mk(
                "John Smith visited Paris on Monday .",
                "PROPN PROPN VERB PROPN ADP PROPN PUNCT",
                vec![(0, 2, 0), (3, 4, 2), (5, 6, 7)],
            ),
            mk(
                "The Acme Corp. hired Mary Jones .",
                "DET PROPN PROPN VERB PROPN PROPN PUNCT",
                vec![(1, 3, 1), (4, 6, 0)],
            ),
            mk(
                "French troops entered the Sahara .",
                "ADJ NOUN VERB DET PROPN PUNCT",
                vec![(0, 1, 4), (4, 5, 3)],
            ),
            mk(
                "Foreign Minister Ana Lopez spoke about the World Cup in Madrid .",
                "ADJ PROPN PROPN PROPN VERB ADP DET PROPN PROPN ADP PROPN PUNCT",
                vec![(2, 4, 0), (7, 9, 6), (10, 11, 2)],
            ),
        ]
    }

    fn tiny_dicts() -> NerDicts {
        NerDicts::from_sources(
            "surface\tcode\tkind\nFrench\tFRA\tadjective\nFrance\tFRA\tname\n",
            "surface\tcode\tkind\nWhite House\tUSAGOV\tseat\n",
            "surface\tcode\tkind\nUnited Nations\tIGOUNO\tigo\n",
            "# c\nMinister\ttitle\nCorp.\torg_suffix\n",
            "# d\nMonday\tweekday\t1\n",
            "geonameid\tname\tascii\talt_names\tcountry\tadmin1\tfeature\tpopulation\n\
             1\tParis\tParis\tParigi|Lutetia\tFRA\tIDF\tcity\t2100000\n\
             2\tMadrid\tMadrid\t\tESP\tM\tcity\t3000000\n",
        )
    }

    #[test]
    fn learns_tiny_set_and_roundtrips() {
        let data = synth();
        let dicts = tiny_dicts();
        assert_ne!(dicts.lookup(&["paris"]) & (1 << cat::BIGCITY), 0);
        assert_ne!(dicts.lookup(&["Parigi"]), 0);
        let opts = NerOptions {
            epochs: 8,
            bits: 14,
            prune: 0,
            ..Default::default()
        };
        let ner = Ner::train(&data, dicts, &opts, |_, _| {});
        for s in &data {
            let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let p: Vec<&str> = s.pos.iter().map(String::as_str).collect();
            let got: Vec<(usize, usize, usize)> = ner
                .tag(&w, &p)
                .into_iter()
                .map(|(a, b, l)| (a, b, label_index(l).unwrap()))
                .collect();
            assert_eq!(got, s.spans, "{w:?}");
        }
        let bytes = ner.to_bytes();
        let back = Ner::from_bytes(&bytes).unwrap();
        for s in &data {
            let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let p: Vec<&str> = s.pos.iter().map(String::as_str).collect();
            assert_eq!(back.tag(&w, &p), ner.tag(&w, &p));
        }
        assert_eq!(back.to_bytes(), bytes);
        assert!(Ner::from_bytes(b"garbage!").is_err());
    }
}
