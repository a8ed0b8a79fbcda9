//! Word clusters learnt from unlabelled text by exchange clustering.
//!
//! Words that occur between the same neighbours get the same class, so a word
//! the tagger or the entity model never saw in its small labelled data still
//! shares features with words it did see ("Kinshasa" with "Nairobi",
//! "Pirelli" with "Fiat"). The classes maximise the likelihood of a class
//! bigram model (Kneser and Ney 1993; Martin, Liermann and Ney 1998): each pass
//! moves every word to the class that raises
//! `sum N(c,d) ln N(c,d) - sum N(c.) ln N(c.) - sum N(.d) ln N(.d)` most.
//! A second, coarser level clusters the fine classes the same way.
//!
//! Words are keyed by the hash of their normalised form (lower case, digits as
//! `0`), the same key the tagger computes, so a lookup costs one probe.

use crate::hash::hash_str;
use crate::{Error, IdMap, Result};
use std::path::Path;

const MAGIC: &[u8; 8] = b"WCCLUST1";

/// Cluster id given to words not in the table.
pub const UNKNOWN: u16 = u16::MAX;

/// Options for [`Clusters::train`].
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// Number of fine classes.
    pub fine: usize,
    /// Number of coarse classes (clusters of the fine classes).
    pub coarse: usize,
    /// Words seen fewer times get no class.
    pub min_count: u32,
    /// Most exchange passes.
    pub passes: usize,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            fine: 512,
            coarse: 64,
            min_count: 3,
            passes: 12,
            verbose: false,
        }
    }
}

/// A word -> (fine class, coarse class) table.
#[derive(Clone, Default)]
pub struct Clusters {
    map: IdMap<u64, (u16, u16)>,
}

impl std::fmt::Debug for Clusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clusters({} words)", self.map.len())
    }
}

/// Normalises a word the way the tagger keys its words.
pub fn norm_key(word: &str) -> u64 {
    let mut buf = String::new();
    crate::tagger::norm_word(word, &mut buf);
    hash_str(&buf)
}

impl Clusters {
    /// Learns classes from tokenised sentences (each a list of words).
    pub fn train<S: AsRef<str>>(sentences: &[Vec<S>], opts: &ClusterOptions) -> Clusters {
        // Vocabulary of normalised forms, id 0 the sentence boundary.
        let mut ids: IdMap<u64, u32> = IdMap::default();
        let mut counts: Vec<u32> = vec![0];
        let mut seqs: Vec<Vec<u32>> = Vec::with_capacity(sentences.len());
        let mut keys: Vec<u64> = vec![0];
        for s in sentences {
            let mut seq = Vec::with_capacity(s.len());
            for w in s {
                let k = norm_key(w.as_ref());
                let id = *ids.entry(k).or_insert_with(|| {
                    counts.push(0);
                    keys.push(k);
                    counts.len() as u32 - 1
                });
                counts[id as usize] += 1;
                seq.push(id);
            }
            seqs.push(seq);
        }
        // Keep frequent words; the rest share one "rare" id.
        let mut order: Vec<u32> = (1..counts.len() as u32)
            .filter(|&i| counts[i as usize] >= opts.min_count)
            .collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), keys[i as usize]));
        let rare = order.len() as u32 + 1;
        let mut remap = vec![rare; counts.len()];
        remap[0] = 0;
        for (r, &i) in order.iter().enumerate() {
            remap[i as usize] = r as u32 + 1;
        }
        let n = rare as usize + 1;
        let mut pairs: IdMap<u64, u32> = IdMap::default();
        for seq in &seqs {
            let mut prev = 0u32;
            for &w in seq.iter().chain(std::iter::once(&0)) {
                let w = remap[w as usize];
                *pairs.entry(((prev as u64) << 32) | w as u64).or_default() += 1;
                prev = w;
            }
        }
        let mut bigrams: Vec<(u32, u32, u32)> = pairs
            .into_iter()
            .map(|(k, c)| ((k >> 32) as u32, k as u32, c))
            .collect();
        bigrams.sort_unstable();
        if opts.verbose {
            eprintln!(
                "clusters: {} sentences, {} words kept, {} bigram types",
                seqs.len(),
                n,
                bigrams.len()
            );
        }
        let fine = exchange(n, &bigrams, opts.fine.min(n), opts.passes, opts.verbose);
        // Coarse level: cluster the fine classes by their class bigrams.
        let kf = opts.fine.min(n);
        let mut cpairs: IdMap<u64, u32> = IdMap::default();
        for &(a, b, c) in &bigrams {
            let k = ((fine[a as usize] as u64) << 32) | fine[b as usize] as u64;
            *cpairs.entry(k).or_default() += c;
        }
        let mut cb: Vec<(u32, u32, u32)> = cpairs
            .into_iter()
            .map(|(k, c)| ((k >> 32) as u32, k as u32, c))
            .collect();
        cb.sort_unstable();
        let coarse = exchange(kf, &cb, opts.coarse.min(kf), opts.passes, opts.verbose);
        let mut map = IdMap::default();
        for (r, &i) in order.iter().enumerate() {
            let f = fine[r + 1];
            map.insert(keys[i as usize], (f as u16, coarse[f as usize] as u16));
        }
        Clusters { map }
    }

    /// Fine and coarse class of a normalised-word key ([`norm_key`]), or
    /// `(UNKNOWN, UNKNOWN)`.
    #[inline]
    pub fn get(&self, key: u64) -> (u16, u16) {
        self.map.get(&key).copied().unwrap_or((UNKNOWN, UNKNOWN))
    }

    /// Classes of a word as written.
    pub fn of(&self, word: &str) -> (u16, u16) {
        self.get(norm_key(word))
    }

    /// Number of words with a class.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word has a class (e.g. a model trained without clusters).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Serialises to bytes (sorted, so the same table gives the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v: Vec<(u64, (u16, u16))> = self.map.iter().map(|(&k, &c)| (k, c)).collect();
        v.sort_unstable();
        let mut out = Vec::with_capacity(16 + v.len() * 12);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(v.len() as u64).to_le_bytes());
        for (k, (f, c)) in v {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&f.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        out
    }

    /// Reads bytes written by [`Clusters::to_bytes`]; returns the table and
    /// the bytes after it.
    pub fn from_bytes(bytes: &[u8]) -> Result<(Clusters, &[u8])> {
        let bad = || Error::Format("truncated or foreign cluster table".into());
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad());
        }
        let n = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
        let body = &bytes[16..];
        if body.len() / 12 < n {
            return Err(bad());
        }
        let mut map = IdMap::default();
        map.reserve(n);
        for r in body[..n * 12].chunks_exact(12) {
            let k = u64::from_le_bytes(r[..8].try_into().unwrap());
            let f = u16::from_le_bytes([r[8], r[9]]);
            let c = u16::from_le_bytes([r[10], r[11]]);
            map.insert(k, (f, c));
        }
        Ok((Clusters { map }, &body[n * 12..]))
    }

    /// Writes the table, zlib-compressed.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let p = path.as_ref();
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&self.to_bytes(), 9);
        std::fs::write(p, z).map_err(|e| Error::Io(format!("{}: {e}", p.display())))
    }

    /// Reads a table written by [`Clusters::save`].
    pub fn load(path: impl AsRef<Path>) -> Result<Clusters> {
        let p = path.as_ref();
        let z = std::fs::read(p).map_err(|e| Error::Io(format!("{}: {e}", p.display())))?;
        Clusters::from_saved(&z).map_err(|e| Error::Format(format!("{}: {e}", p.display())))
    }

    /// Reads the bytes of a file written by [`Clusters::save`] (compressed),
    /// e.g. one embedded with `include_bytes!`.
    pub fn from_saved(z: &[u8]) -> Result<Clusters> {
        let raw = miniz_oxide::inflate::decompress_to_vec_zlib(z)
            .map_err(|_| Error::Format("not a compressed cluster table".into()))?;
        Ok(Clusters::from_bytes(&raw)?.0)
    }
}

/// `x ln x` with a table for small counts.
struct XLogX {
    table: Vec<f64>,
}

impl XLogX {
    fn new(n: usize) -> XLogX {
        let table = (0..n)
            .map(|x| {
                if x == 0 {
                    0.0
                } else {
                    x as f64 * (x as f64).ln()
                }
            })
            .collect();
        XLogX { table }
    }
    #[inline]
    fn f(&self, x: i64) -> f64 {
        match self.table.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// Exchange clustering of `n` items (item 0 is the boundary and stays in
/// class 0) given sorted `(left, right, count)` bigrams; returns each item's
/// class. Items are assumed ordered by falling frequency.
fn exchange(
    n: usize,
    bigrams: &[(u32, u32, u32)],
    k: usize,
    passes: usize,
    verbose: bool,
) -> Vec<u32> {
    // Right and left neighbour lists (CSR), self pairs apart.
    let mut rstart = vec![0usize; n + 1];
    let mut lstart = vec![0usize; n + 1];
    let mut selfc = vec![0i64; n];
    for &(a, b, _) in bigrams {
        if a != b {
            rstart[a as usize + 1] += 1;
            lstart[b as usize + 1] += 1;
        }
    }
    for i in 0..n {
        rstart[i + 1] += rstart[i];
        lstart[i + 1] += lstart[i];
    }
    let mut right = vec![(0u32, 0i64); rstart[n]];
    let mut left = vec![(0u32, 0i64); lstart[n]];
    let (mut rp, mut lp) = (rstart.clone(), lstart.clone());
    let mut nl = vec![0i64; n]; // times as left element
    let mut nr = vec![0i64; n];
    for &(a, b, c) in bigrams {
        let (a, b, c) = (a as usize, b as usize, c as i64);
        nl[a] += c;
        nr[b] += c;
        if a == b {
            selfc[a] += c;
        } else {
            right[rp[a]] = (b as u32, c);
            rp[a] += 1;
            left[lp[b]] = (a as u32, c);
            lp[b] += 1;
        }
    }
    let mut class: Vec<u32> = (0..n)
        .map(|i| if i == 0 { 0 } else { (i % k) as u32 })
        .collect();
    if k <= 1 {
        return vec![0; n];
    }
    let mut m = vec![0i64; k * k]; // m[c*k+d] = N(c,d)
    let mut mt = vec![0i64; k * k]; // transposed
    let mut cl = vec![0i64; k];
    let mut cr = vec![0i64; k];
    for &(a, b, c) in bigrams {
        let (ca, cb) = (class[a as usize] as usize, class[b as usize] as usize);
        m[ca * k + cb] += c as i64;
        mt[cb * k + ca] += c as i64;
    }
    for i in 0..n {
        cl[class[i] as usize] += nl[i];
        cr[class[i] as usize] += nr[i];
    }
    let xl = XLogX::new(1 << 20);
    let mut rv = vec![0i64; k];
    let mut lv = vec![0i64; k];
    let mut rt: Vec<usize> = Vec::with_capacity(k);
    let mut lt: Vec<usize> = Vec::with_capacity(k);
    let mut delta = vec![0f64; k];
    for pass in 0..passes {
        let mut moved = 0usize;
        for w in 1..n {
            let a = class[w] as usize;
            rt.clear();
            lt.clear();
            for &(u, c) in &right[rstart[w]..rstart[w + 1]] {
                let d = class[u as usize] as usize;
                if rv[d] == 0 {
                    rt.push(d);
                }
                rv[d] += c;
            }
            for &(u, c) in &left[lstart[w]..lstart[w + 1]] {
                let d = class[u as usize] as usize;
                if lv[d] == 0 {
                    lt.push(d);
                }
                lv[d] += c;
            }
            let s = selfc[w];
            // Take w out of its class.
            update(&mut m, &mut mt, k, a, &rt, &rv, &lt, &lv, s, -1);
            cl[a] -= nl[w];
            cr[a] -= nr[w];
            // Gain of putting it in each class.
            for (b, x) in delta.iter_mut().enumerate() {
                *x = -(xl.f(cl[b] + nl[w]) - xl.f(cl[b])) - (xl.f(cr[b] + nr[w]) - xl.f(cr[b]));
            }
            for &d in &rt {
                let r = rv[d];
                let col = &mt[d * k..d * k + k];
                for (x, &nb) in delta.iter_mut().zip(col) {
                    *x += xl.f(nb + r) - xl.f(nb);
                }
            }
            for &c in &lt {
                let l = lv[c];
                let row = &m[c * k..c * k + k];
                for (x, &nb) in delta.iter_mut().zip(row) {
                    *x += xl.f(nb + l) - xl.f(nb);
                }
            }
            for (b, x) in delta.iter_mut().enumerate() {
                let nbb = m[b * k + b];
                let (r, l) = (rv[b], lv[b]);
                let counted = if r > 0 {
                    xl.f(nbb + r) - xl.f(nbb)
                } else {
                    0.0
                } + if l > 0 {
                    xl.f(nbb + l) - xl.f(nbb)
                } else {
                    0.0
                };
                *x += xl.f(nbb + r + l + s) - xl.f(nbb) - counted;
            }
            let mut best = a;
            for b in 0..k {
                if delta[b] > delta[best] + 1e-9 {
                    best = b;
                }
            }
            if best != a {
                moved += 1;
            }
            update(&mut m, &mut mt, k, best, &rt, &rv, &lt, &lv, s, 1);
            cl[best] += nl[w];
            cr[best] += nr[w];
            class[w] = best as u32;
            for &d in &rt {
                rv[d] = 0;
            }
            for &d in &lt {
                lv[d] = 0;
            }
        }
        if verbose {
            eprintln!("clusters: k={k} pass {} moved {moved} of {n}", pass + 1);
        }
        if moved * 1000 < n {
            break;
        }
    }
    class
}

/// Adds (`sign` 1) or removes (-1) a word's bigrams to/from class `b`.
#[allow(clippy::too_many_arguments)]
fn update(
    m: &mut [i64],
    mt: &mut [i64],
    k: usize,
    b: usize,
    rt: &[usize],
    rv: &[i64],
    lt: &[usize],
    lv: &[i64],
    s: i64,
    sign: i64,
) {
    for &d in rt {
        m[b * k + d] += sign * rv[d];
        mt[d * k + b] += sign * rv[d];
    }
    for &c in lt {
        m[c * k + b] += sign * lv[c];
        mt[b * k + c] += sign * lv[c];
    }
    m[b * k + b] += sign * s;
    mt[b * k + b] += sign * s;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two word families used in the same frames end up in two classes.
    #[test]
    fn words_in_the_same_frames_share_a_class() {
        let mut sents: Vec<Vec<&str>> = Vec::new();
        let cities = ["paris", "london", "cairo", "lima"];
        let verbs = ["said", "added", "warned", "noted"];
        for i in 0..200 {
            let c = cities[i % 4];
            let v = verbs[(i / 4) % 4];
            sents.push(vec!["he", "went", "to", c, "and", "then", "he", v, "so"]);
            sents.push(vec!["in", c, "she", v, "it", "."]);
        }
        let opts = ClusterOptions {
            fine: 6,
            coarse: 2,
            min_count: 2,
            passes: 20,
            verbose: false,
        };
        let cl = Clusters::train(&sents, &opts);
        let c0 = cl.of("Paris").0;
        assert!(cities.iter().all(|c| cl.of(c).0 == c0), "cities split");
        let v0 = cl.of("said").0;
        assert!(verbs.iter().all(|v| cl.of(v).0 == v0), "verbs split");
        assert_ne!(c0, v0);
        assert_eq!(cl.of("unseen-word"), (UNKNOWN, UNKNOWN));
        let bytes = cl.to_bytes();
        let (back, rest) = Clusters::from_bytes(&bytes).unwrap();
        assert!(rest.is_empty());
        assert_eq!(back.of("lima"), cl.of("lima"));
        assert_eq!(back.len(), cl.len());
    }
}
