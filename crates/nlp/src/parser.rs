//! Arc-eager transition-based dependency parser.
//!
//! * Unlabelled moves (SHIFT, REDUCE, LEFT, RIGHT) are scored by an averaged
//!   perceptron over the Zhang & Nivre (2011) feature set, trained with the
//!   Goldberg & Nivre (2012) dynamic oracle and exploration.
//! * Each arc is labelled when it is built by a second perceptron over
//!   head/dependent features, so later moves can use the labels.
//! * Non-projective gold trees are projectivised by lifting for training.
//! * Root is token 0 at the bottom of the stack; a single root dependent is
//!   enforced and words left headless at the end are attached to it.

use crate::conllu::Sentence;
use crate::hash::{feat, feat2, feat3, hash_str, mix, Rng};
use crate::model::{pack, row_of, unpack, AvgTable, QTable, Reader, Writer};
use crate::tagger::{argmax_f32, argmax_i32, norm_word};
use crate::{Error, IdMap, Result};
use std::path::Path;

const MAGIC: &[u8; 8] = b"WCPARSE1";
/// Format 2 adds the optional second-pass labeller.
const MAGIC2: &[u8; 8] = b"WCPARSE2";
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;
const NOLABEL: u16 = u16::MAX;

/// Training options for the parser.
#[derive(Clone, Debug)]
pub struct ParserOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Random seed (sentence order, exploration); training is deterministic.
    pub seed: u64,
    /// log2 rows of the move model.
    pub move_bits: u32,
    /// log2 rows of the label model.
    pub label_bits: u32,
    /// First epoch (0-based) that follows the model's own predictions.
    pub explore_from: usize,
    /// Probability of following the model's prediction when exploring.
    pub explore_p: f64,
    /// Quantised weights with smaller magnitude are dropped.
    pub prune: i16,
    /// Epochs of the second-pass (whole-tree) labeller; 0 disables it.
    pub relabel_epochs: usize,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions {
            relabel_epochs: 0,
            epochs: 12,
            seed: 1,
            move_bits: 20,
            label_bits: 19,
            explore_from: 1,
            explore_p: 0.9,
            prune: 2,
            verbose: false,
        }
    }
}

/// A trained parser.
#[derive(Clone)]
pub struct Parser {
    xpos: Vec<String>,
    upos: Vec<String>,
    labels: Vec<String>,
    xpos_id: IdMap<u64, u16>,
    upos_id: IdMap<u64, u16>,
    root_label: u16,
    moves: QTable,
    labeler: QTable,
    /// Second-pass labeller over the finished tree (optional).
    relabeler: Option<QTable>,
}

/// Per-token attributes, indices 0 (root) ..= n, n+1 = "none".
struct Toks {
    w: Vec<u64>,
    t: Vec<u64>,
    u: Vec<u64>,
    wt: Vec<u64>,
    suf: Vec<u64>,
}

impl Toks {
    fn new(words: &[&str], xt: &[u16], ut: &[u16]) -> Toks {
        let n = words.len();
        let mut t = Toks {
            w: Vec::with_capacity(n + 2),
            t: Vec::with_capacity(n + 2),
            u: Vec::with_capacity(n + 2),
            wt: Vec::with_capacity(n + 2),
            suf: Vec::with_capacity(n + 2),
        };
        let mut push = |w: u64, x: u64, u: u64, s: u64| {
            t.w.push(w);
            t.t.push(x);
            t.u.push(u);
            t.wt.push(mix(w, x));
            t.suf.push(s);
        };
        push(11, 1011, 2011, 3011);
        let mut buf = String::new();
        for i in 0..n {
            norm_word(words[i], &mut buf);
            let start = buf.char_indices().rev().nth(2).map(|x| x.0).unwrap_or(0);
            push(
                hash_str(&buf),
                xt[i] as u64,
                ut[i] as u64 + 500,
                hash_str(&buf[start..]) ^ 77,
            );
        }
        push(13, 1013, 2013, 3013);
        t
    }
}

/// Parser configuration.
struct State {
    n: usize,
    none: usize,
    stack: Vec<usize>,
    b: usize,
    head: Vec<usize>,
    label: Vec<u16>,
    lc1: Vec<usize>,
    lc2: Vec<usize>,
    rc1: Vec<usize>,
    rc2: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        let none = n + 1;
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(0);
        State {
            n,
            none,
            stack,
            b: 1,
            head: vec![none; n + 2],
            label: vec![NOLABEL; n + 2],
            lc1: vec![none; n + 2],
            lc2: vec![none; n + 2],
            rc1: vec![none; n + 2],
            rc2: vec![none; n + 2],
            nl: vec![0; n + 2],
            nr: vec![0; n + 2],
            lset: vec![0; n + 2],
            rset: vec![0; n + 2],
        }
    }
    #[inline]
    fn s0(&self) -> usize {
        *self.stack.last().unwrap()
    }
    fn terminal(&self) -> bool {
        self.b > self.n
    }
    fn valid(&self, m: usize) -> bool {
        if self.b > self.n {
            return false;
        }
        let s0 = self.s0();
        match m {
            SHIFT => true,
            REDUCE => s0 != 0 && self.head[s0] != self.none,
            LEFT => s0 != 0 && self.head[s0] == self.none,
            _ => s0 != 0 || self.nr[0] == 0,
        }
    }
    fn add_arc(&mut self, h: usize, d: usize, l: u16) {
        self.head[d] = h;
        self.label[d] = l;
        let bit = 1u64 << (l as u64 & 63);
        if d < h {
            if self.lc1[h] == self.none || d < self.lc1[h] {
                self.lc2[h] = self.lc1[h];
                self.lc1[h] = d;
            } else if self.lc2[h] == self.none || d < self.lc2[h] {
                self.lc2[h] = d;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            if self.rc1[h] == self.none || d > self.rc1[h] {
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d;
            } else if self.rc2[h] == self.none || d > self.rc2[h] {
                self.rc2[h] = d;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }
    /// (head, dependent) of an arc move.
    fn arc(&self, m: usize) -> (usize, usize) {
        if m == LEFT {
            (self.b, self.s0())
        } else {
            (self.s0(), self.b)
        }
    }
    fn apply(&mut self, m: usize, l: u16) {
        match m {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            LEFT => {
                let s = self.stack.pop().unwrap();
                self.add_arc(self.b, s, l);
            }
            _ => {
                let s = self.s0();
                self.add_arc(s, self.b, l);
                self.stack.push(self.b);
                self.b += 1;
            }
        }
    }
    /// Dynamic-oracle cost (gold arcs made unreachable) of a valid move.
    fn cost(&self, m: usize, gh: &[usize]) -> u32 {
        let n = self.n;
        let b = self.b;
        let s = self.s0();
        let mut c = 0;
        match m {
            SHIFT => {
                for &k in &self.stack {
                    if gh[b] == k {
                        c += 1;
                    }
                    if k != 0 && gh[k] == b && self.head[k] == self.none {
                        c += 1;
                    }
                }
            }
            REDUCE => {
                c += gh[b..=n].iter().filter(|&&h| h == s).count() as u32;
            }
            LEFT => {
                c += gh[b..=n].iter().filter(|&&h| h == s).count() as u32;
                if gh[s] > b && gh[s] <= n {
                    c += 1;
                }
            }
            _ => {
                if gh[b] != s && (gh[b] > b || self.stack.contains(&gh[b])) {
                    c += 1;
                }
                for &k in &self.stack {
                    if k != 0 && gh[k] == b && self.head[k] == self.none {
                        c += 1;
                    }
                }
            }
        }
        c
    }
}

#[inline]
fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// Move features (Zhang & Nivre 2011 style).
fn move_features(st: &State, tk: &Toks, out: &mut Vec<u64>) {
    let none = st.none;
    let s0 = st.s0();
    let sl = st.stack.len();
    let s1 = if sl >= 2 { st.stack[sl - 2] } else { none };
    let n0 = st.b.min(none);
    let n1 = if st.b < st.n { st.b + 1 } else { none };
    let n2 = if st.b + 1 < st.n { st.b + 2 } else { none };
    let s0h = st.head[s0];
    let s0h2 = st.head[s0h];
    let (s0l, s0l2, s0r, s0r2) = (st.lc1[s0], st.lc2[s0], st.rc1[s0], st.rc2[s0]);
    let (n0l, n0l2) = (st.lc1[n0], st.lc2[n0]);
    let w = &tk.w;
    let t = &tk.t;
    let wt = &tk.wt;
    let l = |i: usize| st.label[i] as u64;
    let d = if s0 == 0 { 15 } else { dist_bucket(n0 - s0) };
    let (vl, vr, nvl) = (st.nl[s0] as u64, st.nr[s0] as u64, st.nl[n0] as u64);
    let has = (s0h != none) as u64;
    out.extend_from_slice(&[
        feat(1, w[s0]),
        feat(2, t[s0]),
        feat(3, wt[s0]),
        feat(4, w[n0]),
        feat(5, t[n0]),
        feat(6, wt[n0]),
        feat(7, w[n1]),
        feat(8, t[n1]),
        feat(9, wt[n1]),
        feat(10, w[n2]),
        feat(11, t[n2]),
        feat(12, wt[n2]),
        feat2(13, wt[s0], wt[n0]),
        feat2(14, wt[s0], w[n0]),
        feat2(15, w[s0], wt[n0]),
        feat2(16, wt[s0], t[n0]),
        feat2(17, t[s0], wt[n0]),
        feat2(18, w[s0], w[n0]),
        feat2(19, t[s0], t[n0]),
        feat2(20, t[n0], t[n1]),
        feat3(21, t[n0], t[n1], t[n2]),
        feat3(22, t[s0], t[n0], t[n1]),
        feat3(23, t[s0h], t[s0], t[n0]),
        feat3(24, t[s0], t[s0l], t[n0]),
        feat3(25, t[s0], t[s0r], t[n0]),
        feat3(26, t[s0], t[n0], t[n0l]),
        feat2(27, w[s0], d),
        feat2(28, t[s0], d),
        feat2(29, w[n0], d),
        feat2(30, t[n0], d),
        feat3(31, w[s0], w[n0], d),
        feat3(32, t[s0], t[n0], d),
        feat2(33, w[s0], vr),
        feat2(34, t[s0], vr),
        feat2(35, w[s0], vl),
        feat2(36, t[s0], vl),
        feat2(37, w[n0], nvl),
        feat2(38, t[n0], nvl),
        feat(39, w[s0h]),
        feat(40, t[s0h]),
        feat(41, l(s0)),
        feat(42, w[s0l]),
        feat(43, t[s0l]),
        feat(44, l(s0l)),
        feat(45, w[s0r]),
        feat(46, t[s0r]),
        feat(47, l(s0r)),
        feat(48, w[n0l]),
        feat(49, t[n0l]),
        feat(50, l(n0l)),
        feat(51, w[s0h2]),
        feat(52, t[s0h2]),
        feat(53, l(s0h)),
        feat(54, w[s0l2]),
        feat(55, t[s0l2]),
        feat(56, l(s0l2)),
        feat(57, w[s0r2]),
        feat(58, t[s0r2]),
        feat(59, l(s0r2)),
        feat(60, w[n0l2]),
        feat(61, t[n0l2]),
        feat(62, l(n0l2)),
        feat3(63, t[s0], t[s0l], t[s0l2]),
        feat3(64, t[s0], t[s0r], t[s0r2]),
        feat3(65, t[s0], t[s0h], t[s0h2]),
        feat3(66, t[n0], t[n0l], t[n0l2]),
        feat2(67, w[s0], st.rset[s0]),
        feat2(68, t[s0], st.rset[s0]),
        feat2(69, w[s0], st.lset[s0]),
        feat2(70, t[s0], st.lset[s0]),
        feat2(71, w[n0], st.lset[n0]),
        feat2(72, t[n0], st.lset[n0]),
        feat(73, w[s1]),
        feat(74, t[s1]),
        feat3(75, t[s1], t[s0], t[n0]),
        feat2(76, wt[s1], t[s0]),
        feat3(77, has, t[s0], t[n0]),
        feat(78, 0),
        feat3(79, tk.u[s0], tk.u[n0], has),
        feat3(80, l(s0), t[s0], t[n0]),
        feat2(81, tk.suf[n0], t[s0]),
    ]);
}

/// Label features for arc head `h` -> dependent `d`.
fn label_features(st: &State, tk: &Toks, h: usize, d: usize, out: &mut Vec<u64>) {
    let w = &tk.w;
    let t = &tk.t;
    let dir = (d < h) as u64;
    let dist = if h == 0 {
        15
    } else {
        dist_bucket(h.abs_diff(d))
    };
    let dl = st.lc1[d];
    let dr = st.rc1[d];
    let hd = mix(t[h], t[d]);
    let dprev = if d > 0 { d - 1 } else { st.none };
    let dnext = if d < st.n { d + 1 } else { st.none };
    out.extend_from_slice(&[
        feat(100, dir),
        feat2(101, w[d], dir),
        feat2(102, t[d], dir),
        feat2(103, w[h], dir),
        feat2(104, t[h], dir),
        feat2(105, hd, dir),
        feat3(106, w[h], t[d], dir),
        feat3(107, t[h], w[d], dir),
        feat3(108, w[h], w[d], dir),
        feat3(109, hd, dir, dist),
        feat3(110, st.label[h] as u64, t[d], dir),
        feat3(111, t[st.head[h]], hd, dir),
        feat3(112, st.lset[h] | st.rset[h], t[d], dir),
        feat2(113, st.lset[d] | st.rset[d], t[d]),
        feat3(114, w[dl], t[d], dir),
        feat3(115, t[dl], t[d], dir),
        feat2(116, t[dr], t[d]),
        feat3(117, t[dnext], t[d], dir),
        feat3(118, t[dprev], t[d], dir),
        feat3(119, st.label[st.lc1[h]] as u64, hd, dir),
        feat3(120, st.label[st.rc1[h]] as u64, hd, dir),
        feat3(121, tk.u[d], tk.u[h], dir),
        feat2(122, tk.suf[d], t[d]),
        feat3(123, (d == 1) as u64, t[d], dir),
        feat2(124, t[st.b.min(st.none)], hd),
        feat3(125, w[dl], w[d], t[h]),
        feat3(126, w[h], t[h], tk.suf[d]),
    ]);
}

/// Children of every node of a finished tree, in order (CSR layout).
struct Kids {
    off: Vec<u32>,
    kid: Vec<u32>,
}

impl Kids {
    /// `heads[d]` for d in 1..=n (`heads[0]` unused).
    fn new(heads: &[usize]) -> Kids {
        let n1 = heads.len();
        let mut off = vec![0u32; n1 + 1];
        for &h in &heads[1..] {
            off[h.min(n1 - 1) + 1] += 1;
        }
        for i in 0..n1 {
            off[i + 1] += off[i];
        }
        let mut fill = off.clone();
        let mut kid = vec![0u32; n1.saturating_sub(1)];
        for (d, &h) in heads.iter().enumerate().skip(1) {
            let h = h.min(n1 - 1);
            kid[fill[h] as usize] = d as u32;
            fill[h] += 1;
        }
        Kids { off, kid }
    }
    #[inline]
    fn of(&self, h: usize) -> &[u32] {
        &self.kid[self.off[h] as usize..self.off[h + 1] as usize]
    }
}

/// Second-pass label features for arc `h -> d` of a finished tree.
fn tree_label_features(
    heads: &[usize],
    kids: &Kids,
    tk: &Toks,
    h: usize,
    d: usize,
    out: &mut Vec<u64>,
) {
    let none = heads.len();
    let w = &tk.w;
    let t = &tk.t;
    let dir = (d < h) as u64;
    let dist = if h == 0 {
        15
    } else {
        dist_bucket(h.abs_diff(d))
    };
    let hd = mix(t[h], t[d]);
    let hh = if h == 0 { none } else { heads[h] };
    let dprev = if d > 1 { d - 1 } else { none };
    let dnext = if d + 1 < none { d + 1 } else { none };
    let dk = kids.of(d);
    let hk = kids.of(h);
    let (nl, nr) = (
        dk.iter().filter(|&&c| (c as usize) < d).count().min(3) as u64,
        dk.iter().filter(|&&c| (c as usize) > d).count().min(3) as u64,
    );
    let lc = dk.first().map_or(none, |&c| c as usize);
    let rc = dk.last().map_or(none, |&c| c as usize);
    // Rank of d among h's dependents on its side, counted from h.
    let rank = hk
        .iter()
        .filter(|&&c| ((c as usize) < h) == (d < h) && (c as usize).abs_diff(h) < d.abs_diff(h))
        .count()
        .min(3) as u64;
    out.extend_from_slice(&[
        feat(200, dir),
        feat2(201, w[d], dir),
        feat2(202, t[d], dir),
        feat2(203, w[h], dir),
        feat2(204, t[h], dir),
        feat2(205, hd, dir),
        feat3(206, w[h], t[d], dir),
        feat3(207, t[h], w[d], dir),
        feat3(208, w[h], w[d], dir),
        feat3(209, hd, dir, dist),
        feat3(210, t[hh], hd, dir),
        feat3(211, tk.u[d], tk.u[h], dir),
        feat2(212, tk.suf[d], t[d]),
        feat3(213, (d == 1) as u64, t[d], dir),
        feat3(214, t[dprev], t[d], dir),
        feat3(215, t[dnext], t[d], dir),
        feat3(216, w[hh], t[h], hd),
        feat3(217, nl * 4 + nr, t[d], dir),
        feat3(218, w[lc], t[d], dir),
        feat3(219, w[rc], t[d], dir),
        feat3(220, rank, dir, hd),
        feat3(221, (hh == 0) as u64, hd, dir),
        feat3(222, w[h], t[h], tk.suf[d]),
        feat3(223, t[lc], t[rc], t[d]),
    ]);
    for &c in dk {
        let c = c as usize;
        let side = (c < d) as u64;
        out.push(feat3(230, t[c], side, t[d]));
        out.push(feat3(231, w[c], side, t[d]));
        out.push(feat3(232, t[c], t[d], mix(t[h], dir)));
    }
    for &c in hk {
        let c = c as usize;
        if c == d {
            continue;
        }
        let side = if c < h { 0 } else { 2 } + (c < d) as u64;
        out.push(feat3(233, t[c], side, hd));
        out.push(feat3(234, w[c], side, t[d]));
    }
}

/// Projectivises a tree (heads indexed 1..=n, `heads[0]` unused) by
/// repeatedly lifting the shortest non-projective arc to the grandparent.
pub fn projectivize(heads: &[usize]) -> Vec<usize> {
    let mut h = heads.to_vec();
    loop {
        let mut best: Option<(usize, usize)> = None;
        for d in 1..h.len() {
            if !arc_is_projective(&h, d) {
                let len = h[d].abs_diff(d);
                if best.is_none_or(|b| len < b.0) {
                    best = Some((len, d));
                }
            }
        }
        match best {
            Some((_, d)) => h[d] = h[h[d]],
            None => return h,
        }
    }
}

/// True if `k` is dominated by `a` (or equals it).
fn dominates(h: &[usize], a: usize, mut k: usize) -> bool {
    let mut steps = 0;
    while k != a {
        if k == 0 || steps > h.len() {
            return false;
        }
        k = h[k];
        steps += 1;
    }
    true
}

fn arc_is_projective(h: &[usize], d: usize) -> bool {
    let hd = h[d];
    let (lo, hi) = if hd < d { (hd, d) } else { (d, hd) };
    (lo + 1..hi).all(|k| dominates(h, hd, k))
}

/// True when the tree (heads 1..=n) has no crossing arcs.
pub fn is_projective(heads: &[usize]) -> bool {
    (1..heads.len()).all(|d| arc_is_projective(heads, d))
}

/// Static oracle transition sequence for a projective tree (test helper and
/// documentation of the transition system): returns the heads it builds.
pub fn oracle_heads(heads: &[usize]) -> Vec<usize> {
    let n = heads.len() - 1;
    let mut st = State::new(n);
    while !st.terminal() {
        let m = [LEFT, RIGHT, REDUCE, SHIFT]
            .into_iter()
            .find(|&m| st.valid(m) && st.cost(m, heads) == 0)
            .expect("zero-cost move exists for projective trees");
        st.apply(m, 0);
    }
    std::iter::once(0)
        .chain((1..=n).map(|d| if st.head[d] == st.none { 0 } else { st.head[d] }))
        .collect()
}

struct Gold {
    orig: Vec<usize>,
    heads: Vec<usize>,
    labels: Vec<u16>,
    xt: Vec<u16>,
    ut: Vec<u16>,
}

fn intern(v: &mut Vec<String>, map: &mut IdMap<u64, u16>, s: &str) -> u16 {
    *map.entry(hash_str(s)).or_insert_with(|| {
        v.push(s.to_string());
        (v.len() - 1) as u16
    })
}

/// Days, and the words for the day itself.
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
];

/// Temporal words that a misparse hangs under the subject ("France on
/// Tuesday summoned ...") and that belong to the verb.
fn is_time_word(w: &str) -> bool {
    const PERIODS: &[&str] = &[
        "week",
        "month",
        "year",
        "weekend",
        "morning",
        "evening",
        "night",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    DAYS.iter()
        .chain(PERIODS)
        .any(|t| w.eq_ignore_ascii_case(t))
}

/// Repairs a frequent greedy misparse of news sentences: a nominal root with
/// the sentence's finite verb hanging off it ("France on Tuesday summoned the
/// ambassador" read as a noun phrase with `acl`; "X and his party have
/// rejected ..." with `advcl`; "The US authorities shared evidence" with
/// `amod`). The verb becomes the root; the noun becomes its `nsubj` when it
/// comes first, else its `obj` (whose own subject moves to the verb). The
/// noun's dependents that belong to the clause (a temporal modifier, the
/// final punctuation, prepositional phrases after the verb) move to the
/// verb. `tree` holds 1-based heads.
fn repair_finite_acl<'a>(
    words: &[&str],
    tags: &[(&str, &str)],
    tree: &mut [(usize, &'a str)],
    root: &'a str,
) {
    let n = tree.len();
    let Some(r) = (0..n).find(|&i| tree[i].0 == 0) else {
        return;
    };
    if !matches!(tags[r].0, "NOUN" | "PROPN" | "PRON") {
        return;
    }
    let kids = |h: usize, tree: &[(usize, &str)]| -> Vec<usize> {
        (0..n).filter(|&i| tree[i].0 == h + 1).collect()
    };
    let finite_aux = |v: usize, tree: &[(usize, &str)]| {
        kids(v, tree).iter().any(|&k| {
            matches!(tree[k].1, "aux" | "aux:pass")
                && matches!(tags[k].1, "VBD" | "VBZ" | "VBP" | "MD")
        })
    };
    // "The US authorities shared evidence": a subject under a nominal root
    // without a copula shows the verb between them was misread (VBN amod).
    let root_kids = kids(r, tree);
    let subj_before = |v: usize| {
        !root_kids.iter().any(|&k| tree[k].1 == "cop")
            && root_kids
                .iter()
                .any(|&k| k < v && matches!(tree[k].1, "nsubj" | "nsubj:pass"))
    };
    // "Mr. Coffman, who represents a district, said ...": a finite verb
    // read as a conjunct of the name, with no conjunction before it.
    let bare_conj = |i: usize, tree: &[(usize, &str)]| {
        tree[i].1 == "conj" && i > r && !kids(i, tree).iter().any(|&k| tree[k].1 == "cc")
    };
    let Some(v) = (0..n).find(|&i| {
        tree[i].0 == r + 1
            && tags[i].0 == "VERB"
            && (matches!(tree[i].1, "acl" | "amod" | "advcl" | "parataxis" | "dep")
                || bare_conj(i, tree))
            && (matches!(tags[i].1, "VBD" | "VBZ" | "VBP")
                || finite_aux(i, tree)
                || (i < r && tags[i].1 == "VBN" && subj_before(i)))
    }) else {
        return;
    };
    // A subordinate or relative clause keeps its place.
    let own = kids(v, tree);
    if own.iter().any(|&k| {
        matches!(
            tree[k].1,
            "nsubj" | "nsubj:pass" | "mark" | "expl" | "csubj"
        ) || matches!(tags[k].1, "WDT" | "WP" | "WP$" | "WRB")
    }) {
        return;
    }
    if v > r && tree[v].1 == "amod" {
        return;
    }
    tree[v] = (0, root);
    if r < v {
        tree[r] = (v + 1, "nsubj");
        for i in r + 1..n {
            if i == v || tree[i].0 != r + 1 {
                continue;
            }
            if i > v {
                // Dependents after the verb are the verb's (objects, punctuation).
                tree[i].0 = v + 1;
            } else if is_time_word(words[i])
                && matches!(tree[i].1, "nmod" | "nmod:tmod" | "nmod:unmarked")
            {
                tree[i] = (
                    v + 1,
                    if tree[i].1 == "nmod" {
                        "obl"
                    } else {
                        "obl:tmod"
                    },
                );
            }
        }
    } else {
        tree[r] = (v + 1, "obj");
        for (i, arc) in tree.iter_mut().enumerate() {
            if i == v || arc.0 != r + 1 {
                continue;
            }
            let subject = i < v && matches!(arc.1, "nsubj" | "nsubj:pass");
            if subject || (i > r && arc.1 == "punct") {
                arc.0 = v + 1;
            } else if i > r && arc.1 == "nmod" {
                *arc = (v + 1, "obl");
            }
        }
    }
}

/// Repairs a nominal read as the clausal complement of the verb after it
/// ("Almost half said they wanted ...": "half" a `ccomp` of "said"; "A
/// self-professed independent, Cuban said ...": the fronted phrase a
/// `ccomp`, the name an `advmod`). A nominal complement without a copula or
/// a subject of its own cannot be a clause. When the verb has no subject, a
/// capitalised word right before it becomes its subject, else the nearest
/// such nominal; the other fronted nominals become `dislocated`. `tree`
/// holds 1-based heads.
fn repair_nominal_ccomp(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    for v in 1..n {
        if tags[v].0 != "VERB" {
            continue;
        }
        let has_kid = |t: usize, deps: &[&str], tree: &[(usize, &str)]| {
            (0..n).any(|i| tree[i].0 == t + 1 && deps.contains(&tree[i].1))
        };
        let noms: Vec<usize> = (0..v)
            .filter(|&t| {
                tree[t] == (v + 1, "ccomp")
                    && matches!(tags[t].0, "NOUN" | "PROPN" | "PRON" | "NUM" | "DET" | "ADJ")
                    && !has_kid(t, &["cop", "nsubj", "nsubj:pass", "mark", "aux"], tree)
            })
            .collect();
        if noms.is_empty() {
            continue;
        }
        let subject = has_kid(v, &["nsubj", "nsubj:pass", "csubj", "expl"], tree);
        let cap = v - 1;
        let cap_ok = !subject
            && tree[cap].0 == v + 1
            && matches!(tags[cap].0, "ADJ" | "PROPN")
            && words[cap].starts_with(|c: char| c.is_uppercase())
            && cap > *noms.last().unwrap_or(&0);
        let subj = if subject {
            None
        } else if cap_ok {
            Some(cap)
        } else {
            noms.last().copied()
        };
        for &t in &noms {
            tree[t].1 = "dislocated";
        }
        if let Some(s) = subj {
            tree[s] = (v + 1, "nsubj");
            // "Almost half": the adverb before the subject is its own.
            if s > 0 && tree[s - 1] == (v + 1, "advmod") && tags[s - 1].0 == "ADV" {
                tree[s - 1].0 = s + 1;
            }
        }
    }
}

/// Repairs "Police had last month charged X": a time phrase between an
/// auxiliary and its participle read as the subject of the participle, the
/// auxiliary as the root with the participle its `ccomp`. The participle
/// takes the auxiliary's place and subject; the time phrase becomes its
/// `obl:tmod`. `tree` holds 1-based heads.
fn repair_time_subject(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    for t in 0..n {
        if tree[t].1 != "nsubj" || tree[t].0 == 0 || !is_time_word(&words[t].to_lowercase()) {
            continue;
        }
        let v = tree[t].0 - 1;
        if v <= t || tags[v].0 != "VERB" || tree[v].1 != "ccomp" || tree[v].0 == 0 {
            continue;
        }
        let h = tree[v].0 - 1;
        let aux = matches!(
            words[h].to_lowercase().as_str(),
            "had" | "has" | "have" | "was" | "were" | "is" | "are"
        );
        // Only the time phrase stands between the auxiliary and the verb.
        if !aux || h >= t || (h + 1..v).any(|i| i != t && tree[i].0 != t + 1) {
            continue;
        }
        let Some(s) = (0..h).find(|&i| tree[i].0 == h + 1 && tree[i].1 == "nsubj") else {
            continue;
        };
        tree[v] = tree[h];
        tree[h] = (v + 1, "aux");
        tree[t].1 = "obl:tmod";
        for (i, arc) in tree.iter_mut().enumerate() {
            if i != v && arc.0 == h + 1 {
                arc.0 = v + 1;
            }
        }
        tree[s] = (v + 1, "nsubj");
        return;
    }
}

/// Repairs a past verb misread as a participle modifying its object ("The
/// group's leader rallied supporters, saying ..." read as a noun phrase,
/// "rallied" an `amod` of "supporters"): in a sentence with a nominal root
/// and no finite verb, a VBN right after the root that modifies the nominal
/// after it becomes the root, the first noun its subject, the second its
/// object; the root's later dependents move to the verb (a participle
/// conjunct becomes an `advcl`). `tree` holds 1-based heads.
fn repair_verb_read_as_modifier<'a>(
    tags: &[(&str, &str)],
    tree: &mut [(usize, &'a str)],
    root: &'a str,
) {
    let n = tree.len();
    let Some(r) = (0..n).find(|&i| tree[i].0 == 0) else {
        return;
    };
    let v = r + 1;
    if v + 1 >= n
        || !matches!(tags[r].0, "NOUN" | "PROPN")
        || tags[v] != ("VERB", "VBN")
        || tree[v].1 != "amod"
    {
        return;
    }
    // Finite verbs inside a quotation or after a colon belong to another
    // clause.
    let clause_end = (v..n)
        .find(|&i| matches!(tags[i].1, "``" | ":"))
        .unwrap_or(n);
    if tags[..clause_end]
        .iter()
        .any(|t| matches!(t.1, "VBD" | "VBZ" | "VBP" | "MD"))
    {
        return;
    }
    let h = tree[v].0 - 1;
    let kids = |x: usize, tree: &[(usize, &str)]| -> Vec<usize> {
        (0..n).filter(|&i| tree[i].0 == x + 1).collect()
    };
    if h <= v
        || tree[h].0 != r + 1
        || !matches!(tags[h].0, "NOUN" | "PROPN")
        || !matches!(tree[h].1, "conj" | "appos" | "compound" | "nmod" | "dep")
        || kids(h, tree).iter().any(|&k| tree[k].1 == "cc")
        || kids(r, tree)
            .iter()
            .any(|&k| matches!(tree[k].1, "cop" | "aux" | "cc"))
    {
        return;
    }
    tree[v] = (0, root);
    tree[r] = (v + 1, "nsubj");
    tree[h] = (v + 1, "obj");
    for i in h + 1..n {
        if tree[i].0 == r + 1 {
            let label = if tree[i].1 == "conj" && tags[i].1 == "VBG" {
                "advcl"
            } else {
                tree[i].1
            };
            tree[i] = (v + 1, label);
        }
    }
}

/// Repairs "held talks with President X during a visit, offering support":
/// the greedy parser reads "with X ... offering" as an absolute clause (X the
/// subject of "offering", "with" its marker), but a comma between the
/// would-be subject and the participle rules that out: real absolutes ("with
/// prices rising") have none. "with" goes back to being the case marker of X,
/// X becomes an oblique of the clause the participle modifies, and the
/// participle keeps its `advcl` arc without a subject (so later stages give
/// it the main clause's subject). `tree` holds 1-based heads.
fn repair_comma_absolute(tags: &[(&str, &str)], words: &[&str], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    for v in 0..n {
        if tree[v].1 != "advcl" || tags[v].1 != "VBG" || tree[v].0 == 0 {
            continue;
        }
        let kids: Vec<usize> = (0..n).filter(|&i| tree[i].0 == v + 1).collect();
        let Some(&m) = kids
            .iter()
            .find(|&&k| tree[k].1 == "mark" && words[k].eq_ignore_ascii_case("with"))
        else {
            continue;
        };
        let Some(&s) = kids
            .iter()
            .find(|&&k| tree[k].1 == "nsubj" && k > m && k < v)
        else {
            continue;
        };
        if !kids.iter().any(|&k| k > s && k < v && words[k] == ",") {
            continue;
        }
        let head = tree[v].0;
        tree[m] = (s + 1, "case");
        tree[s] = (head, "obl");
    }
}

/// "Nigerian businessman Kola Adeyemi met ...": a common noun and the name
/// right after it both read as subjects of one verb. UD allows one subject,
/// so the noun describes the name (`compound`, as "President Obama").
fn repair_double_subject(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    // "Priebus later Thursday told": a day read as a second subject is
    // the time of the verb.
    for d in 0..n {
        if tree[d].1 == "nsubj"
            && DAYS.iter().any(|t| words[d].eq_ignore_ascii_case(t))
            && (0..n).any(|o| o != d && tree[o] == (tree[d].0, "nsubj"))
        {
            tree[d].1 = "obl:tmod";
        }
    }
    for a in 0..n.saturating_sub(1) {
        let b = a + 1;
        if tree[a].1 == "nsubj"
            && tree[b].1 == "nsubj"
            && tree[a].0 == tree[b].0
            && tags[a].0 == "NOUN"
            && tags[b].0 == "PROPN"
        {
            tree[a] = (b + 1, "compound");
        }
    }
}

/// Subjects the greedy parse labels as something else, or something else
/// labelled as a subject:
/// - "Trump, however, declined ...": a name set off by commas before a
///   past-tense verb that has no subject is its subject, not a vocative
///   (imperatives, "John, please send ...", are base forms and stay);
/// - "the Kentucky Republican on Tuesday dismissed ...": a phrase with a
///   preposition is no subject; it is an oblique, and a subject hung from
///   it moves up to the verb;
/// - "which she said represented ...": a relative pronoun read as a second
///   subject of a verb of saying is the subject of that verb's clause.
fn repair_subject_roles(tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    let subject_of = |tree: &[(usize, &str)], v: usize| {
        (0..n).find(|&k| {
            tree[k].0 == v + 1 && matches!(tree[k].1, "nsubj" | "nsubj:pass" | "expl" | "csubj")
        })
    };
    for d in 0..n {
        let (h, rel) = tree[d];
        if h == 0 {
            continue;
        }
        let v = h - 1;
        if rel == "vocative"
            && d < v
            && matches!(tags[d].0, "PROPN" | "NOUN")
            && matches!(tags[v].1, "VBD" | "VBZ" | "VBN")
            && !(0..n).any(|k| tree[k] == (h, "aux") || tree[k] == (h, "aux:pass"))
            && subject_of(tree, v).is_none()
        {
            tree[d].1 = "nsubj";
        }
    }
    for d in 0..n {
        let (h, rel) = tree[d];
        if h == 0 || rel != "nsubj" || !matches!(tags[d].0, "NOUN" | "PROPN") {
            continue;
        }
        let cased = (0..d).any(|c| tree[c] == (d + 1, "case") && tags[c].0 == "ADP");
        // Only where the verb has a subject besides ("after the union
        // objected" may be a clause the tagger read as a phrase).
        let inner = (0..d).find(|&e| tree[e] == (d + 1, "nsubj"));
        let other = (0..n).any(|e| e != d && tree[e] == (h, "nsubj"));
        if !cased || (inner.is_none() && !other) {
            continue;
        }
        tree[d].1 = "obl";
        if let Some(e) = inner.filter(|_| !other) {
            tree[e] = (h, "nsubj");
        }
    }
    for a in 0..n {
        let (h, rel) = tree[a];
        if h == 0 || rel != "nsubj" || !matches!(tags[a].1, "WDT" | "WP") {
            continue;
        }
        let second = (a + 1..h - 1).any(|b| tree[b] == (h, "nsubj"));
        let clause = (h..n).find(|&c| tree[c] == (h, "ccomp"));
        if let Some(c) = clause.filter(|&c| second && subject_of(tree, c).is_none()) {
            tree[a] = (c + 1, "nsubj");
        }
    }
}

/// "argued that although Lazar confessed, he showed no remorse": "that"
/// and a subordinator both marking the first verb. The clause "that" opens
/// is the one after the comma; the subordinate clause modifies it.
fn repair_that_subordinate(words: &[&str], tree: &mut [(usize, &str)]) {
    const SUBORDINATORS: &[&str] = &[
        "although", "though", "while", "because", "if", "when", "since", "after", "before",
        "unless", "as", "once", "whereas",
    ];
    let n = tree.len();
    for i in 0..n.saturating_sub(2) {
        if !words[i].eq_ignore_ascii_case("that")
            || !SUBORDINATORS
                .iter()
                .any(|w| words[i + 1].eq_ignore_ascii_case(w))
        {
            continue;
        }
        let (hv, rel) = tree[i];
        if hv == 0 || rel != "mark" || tree[i + 1] != (hv, "mark") {
            continue;
        }
        let v = hv - 1;
        let (up, v_rel) = tree[v];
        if up == 0 || !matches!(v_rel, "ccomp" | "advcl") {
            continue;
        }
        let Some(comma) = (v + 1..n).find(|&j| words[j] == "," && tree[j].0 != 0) else {
            continue;
        };
        let w = (comma + 1..n).find(|&j| {
            (tree[j].0 == up || tree[j].0 == v + 1)
                && matches!(tree[j].1, "parataxis" | "conj" | "advcl" | "ccomp")
                && (0..n).any(|c| tree[c] == (j + 1, "nsubj") || tree[c] == (j + 1, "nsubj:pass"))
        });
        let Some(w) = w else { continue };
        if (comma + 1..w).any(|j| tree[j].1 == "cc" && tree[j].0 == w + 1) {
            continue; // "..., and he ...": a coordination, not the main clause
        }
        tree[w] = (up, v_rel);
        tree[v] = (w + 1, "advcl");
        tree[i] = (w + 1, "mark");
        if tree[comma].0 != w + 1 {
            tree[comma].0 = v + 1;
        }
    }
}

/// '"...," said Hollande, who returned to Paris': a clause opened by
/// "who" or "which" right after the subject that follows its verb is a
/// relative clause of that subject, not what the verb says.
fn repair_relative_after_subject(words: &[&str], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    for c in 0..n {
        let (hv, rel) = tree[c];
        if hv == 0 || !matches!(rel, "ccomp" | "parataxis" | "conj") {
            continue;
        }
        let v = hv - 1;
        let Some(w) = (0..c).rev().find(|&w| tree[w] == (c + 1, "nsubj")) else {
            continue;
        };
        if !matches!(words[w].to_ascii_lowercase().as_str(), "who" | "which")
            || w < 2
            || words[w - 1] != ","
        {
            continue;
        }
        // The verb's own subject after it, ending right before the comma.
        let Some(subj) = (v + 1..w - 1).find(|&d| tree[d] == (v + 1, "nsubj")) else {
            continue;
        };
        if !in_subtree(tree, w - 2, subj) {
            continue;
        }
        tree[c] = (subj + 1, "acl:relcl");
        tree[w - 1].0 = c + 1;
    }
}

/// "Two projects have been signed": the subject of a verb with a passive
/// auxiliary before it is a passive subject, whatever label the greedy
/// parser gave.
fn repair_passive_subject(tree: &mut [(usize, &str)]) {
    let n = tree.len();
    for d in 0..n {
        let (h, rel) = tree[d];
        if h == 0 || rel != "nsubj" {
            continue;
        }
        // A passive auxiliary comes before its verb ("were detained").
        if (0..h - 1).any(|c| tree[c] == (h, "aux:pass")) {
            tree[d].1 = "nsubj:pass";
        }
    }
}

/// A word hung on a punctuation mark ("if put on her desk" on the final
/// full stop, which the greedy parser does when it runs out of stack) hangs
/// on the mark's own head: UD never makes punctuation a head.
fn repair_head_on_punct(tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    for d in 0..tree.len() {
        let h = tree[d].0;
        if h == 0 || tags[h - 1].0 != "PUNCT" || tags[d].0 == "PUNCT" {
            continue;
        }
        let mut up = tree[h - 1].0;
        while up != 0 && tags[up - 1].0 == "PUNCT" && up != h {
            up = tree[up - 1].0;
        }
        if up != 0 && tags[up - 1].0 != "PUNCT" && !in_subtree(tree, up - 1, d) {
            tree[d].0 = up;
        }
    }
}

/// "It was using detention without trial, ignoring a ruling, he said.": a
/// verb of saying that closes the sentence after a comma, with its own
/// subject, reports the whole sentence. UD hangs it on the main clause's
/// root (`parataxis`); the greedy parser often sinks it into the last
/// clause, where it reports only that clause.
fn repair_final_attribution(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    const SAY: &[&str] = &[
        "said", "says", "added", "adds", "told", "tells", "wrote", "writes",
    ];
    let n = tree.len();
    let Some(root) = (0..n).find(|&i| tree[i].0 == 0) else {
        return;
    };
    // The verb: last word before the final punctuation, or before an object
    // ("told reporters", "told AFP").
    let end = (0..n).rev().find(|&i| tags[i].0 != "PUNCT").unwrap_or(0);
    let Some(v) = (end.saturating_sub(2)..=end)
        .find(|&i| SAY.iter().any(|w| words[i].eq_ignore_ascii_case(w)) && tags[i].0 == "VERB")
    else {
        return;
    };
    if v == root || tree[v] == (root + 1, "parataxis") {
        return;
    }
    // Its subject right before it, a comma before that.
    let Some(subj) = (0..v).rev().find(|&i| tree[i] == (v + 1, "nsubj")) else {
        return;
    };
    let mut first = subj;
    while first > 0 && tree[first - 1].0 == subj + 1 && words[first - 1] != "," {
        first -= 1;
    }
    if first == 0 || words[first - 1] != "," || first + 4 < v || root > first {
        return;
    }
    tree[v] = (root + 1, "parataxis");
    tree[first - 1] = (v + 1, "punct");
    // Words before the comma that hung on the verb ("but" and "left ..."
    // when it was read as a conjunct) belong to the reported clause.
    for arc in tree.iter_mut().take(first - 1) {
        if arc.0 == v + 1 {
            arc.0 = root + 1;
        }
    }
}

/// "Brian Abernathy, the city's first deputy manager, said the flag was
/// removed": a noun phrase and its apposition, set off by commas at the
/// start of the sentence before a verb of saying, are the verb's subject,
/// and the clause after the verb is what was said. The greedy parser often
/// makes the name the root and hangs the verb inside the clause.
fn repair_appositive_subject(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    let end = (0..n).rev().find(|&i| tags[i].0 != "PUNCT").unwrap_or(0);
    let Some((e1, h1)) =
        noun_phrase(words, tags, 0, end).filter(|p| p.0 < end && words[p.0] == ",")
    else {
        return;
    };
    // The apposition, and any phrases after it set off by commas
    // ("a delegate from Houston, Texas,").
    let mut segments = Vec::new();
    let mut at = e1 + 1;
    while let Some((e, h)) =
        noun_phrase(words, tags, at, end).filter(|p| p.0 < end && words[p.0] == ",")
    {
        segments.push((at, e, h));
        at = e + 1;
        if tags[at].0 == "VERB" {
            break;
        }
    }
    if segments.is_empty() {
        return;
    }
    let v = at;
    if v >= end
        || tags[v].0 != "VERB"
        || !SAYING_VERBS
            .iter()
            .any(|w| words[v].eq_ignore_ascii_case(w))
        || tree[h1] == (v + 1, "nsubj")
    {
        return;
    }
    // The clause after the verb: words of it whose heads lie outside it.
    let inside = |h: usize| h > v + 1 && h <= end + 1;
    let tops: Vec<usize> = (v + 1..=end)
        .filter(|&i| tags[i].0 != "PUNCT" && !inside(tree[i].0))
        .collect();
    // A verb, or a copular predicate ("was all part of the circus").
    let copular = |i: usize| (v + 1..=end).any(|d| tree[d] == (i + 1, "cop"));
    let Some(&c) = tops
        .iter()
        .find(|&&i| matches!(tags[i].0, "VERB" | "AUX") || copular(i))
    else {
        return;
    };
    let has_subject = (v + 1..=end).any(|d| tree[d].0 == c + 1 && tree[d].1.starts_with("nsubj"));
    tree[v] = (0, "root");
    tree[c] = (v + 1, "ccomp");
    for &i in tops.iter().filter(|&&i| i != c) {
        tree[i].0 = c + 1;
        if i < c && !has_subject && matches!(tags[i].0, "NOUN" | "PROPN" | "PRON") {
            tree[i].1 = "nsubj";
        } else if matches!(tree[i].1, "root" | "nsubj") {
            tree[i].1 = "dep";
        }
    }
    for i in v + 1..=end {
        if tags[i].0 == "PUNCT" && !inside(tree[i].0) {
            tree[i].0 = c + 1;
        }
    }
    tree[h1] = (v + 1, "nsubj");
    attach_phrase(tags, tree, 0, e1, h1);
    let mut prev = h1;
    for &(lo, e, h) in &segments {
        tree[lo - 1] = (h + 1, "punct");
        tree[h] = (prev + 1, "appos");
        attach_phrase(tags, tree, lo, e, h);
        tree[e] = (h + 1, "punct");
        prev = h;
    }
    for arc in tree.iter_mut().skip(end + 1) {
        *arc = (v + 1, "punct");
    }
}

/// "The plant is struggling, said John Smith, a spokesman for the company.":
/// a verb of saying after a comma, followed only by a noun phrase (with an
/// apposition or a who-clause after it), is said with that phrase as its
/// subject, and reports the clause before the comma. UD hangs it on that
/// clause's root (`parataxis`); the greedy parser reads the phrase as the
/// verb's object or clause, or hangs it on the final full stop.
/// Verbs of saying that close or open an attribution around a clause.
const SAYING_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "wrote",
    "writes",
    "explained",
    "noted",
    "notes",
    "recalled",
    "argued",
    "insisted",
    "warned",
    "acknowledged",
    "observed",
    "replied",
    "continued",
    "stressed",
    "emphasized",
    "cautioned",
    "conceded",
    "affirmed",
    "reaffirmed",
    "stated",
    "emphasised",
    "underlined",
];

/// A plain noun phrase starting at word `a` (no further than `end`): its
/// end (exclusive) and head, the last nominal before its first preposition.
fn noun_phrase(
    words: &[&str],
    tags: &[(&str, &str)],
    a: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let np_word = |i: usize| {
        matches!(tags[i].0, "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM" | "PART")
            || (words[i] == "-" && i > a)
            || (tags[i].0 == "ADP"
                && matches!(words[i], "of" | "for" | "at" | "in" | "to" | "from"))
            || (tags[i].0 == "CCONJ" && words[i] == "and")
    };
    let mut e = a;
    while e <= end && np_word(e) {
        e += 1;
    }
    let stop = (a..e).find(|&i| tags[i].0 == "ADP").unwrap_or(e);
    let head = (a..stop)
        .rev()
        .find(|&i| matches!(tags[i].0, "NOUN" | "PROPN" | "ADJ" | "NUM"))?;
    (a <= end && tags[a].0 != "ADP" && e > a).then_some((e, head))
}

/// Hangs the words of the phrase `lo..hi` whose head lies outside it on its
/// head `top`, labelled by their tag.
fn attach_phrase(
    tags: &[(&str, &str)],
    tree: &mut [(usize, &str)],
    lo: usize,
    hi: usize,
    top: usize,
) {
    for i in lo..hi {
        let out = tree[i].0 == 0 || tree[i].0 - 1 < lo || tree[i].0 > hi;
        if i != top && out {
            tree[i] = (
                top + 1,
                match tags[i].0 {
                    "DET" => "det",
                    "ADJ" => "amod",
                    "NUM" => "nummod",
                    "PART" | "ADP" => "case",
                    "CCONJ" => "cc",
                    _ if i < top => "compound",
                    _ => "nmod",
                },
            );
        }
    }
}

fn repair_inverted_attribution(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    let end = (0..n).rev().find(|&i| tags[i].0 != "PUNCT").unwrap_or(0);
    let phrase = |a: usize| noun_phrase(words, tags, a, end);
    let Some(v) = (2..=end).rev().find(|&v| {
        SAYING_VERBS
            .iter()
            .any(|w| words[v].eq_ignore_ascii_case(w))
            && tags[v].0 == "VERB"
            && words[v - 1] == ","
            && !matches!(words.get(v + 1), Some(&("that" | "This" | "this")))
    }) else {
        return;
    };
    let Some((e1, h)) = phrase(v + 1) else {
        return;
    };
    // After the phrase: the end, an apposition, a who-clause, or a
    // prepositional phrase of the saying ("added Madbouly during a cabinet
    // meeting").
    let mut appos = None;
    let mut relcl = None;
    let mut oblique = None;
    if e1 <= end {
        if words[e1] == "," && e1 < end {
            match phrase(e1 + 1) {
                Some((e2, h2)) if e2 > end => appos = Some((e1 + 1, h2)),
                _ if matches!(words[e1 + 1], "who" | "whose") => relcl = Some(e1 + 1),
                _ => return,
            }
        } else if matches!(words[e1], "who" | "whose") {
            relcl = Some(e1);
        } else if tags[e1].0 == "ADP" && e1 < end {
            oblique = Some(e1);
        } else {
            return;
        }
    }
    // The clause before the comma and its head.
    let left = v - 1;
    let outside_left = |i: usize| tree[i].0 == 0 || tree[i].0 > left;
    let heads: Vec<usize> = (0..left)
        .filter(|&i| tags[i].0 != "PUNCT" && outside_left(i))
        .collect();
    let puncts: Vec<usize> = (0..left)
        .filter(|&i| tags[i].0 == "PUNCT" && outside_left(i))
        .collect();
    let Some(&first_head) = heads.first() else {
        return;
    };
    let root = (0..n).find(|&i| tree[i].0 == 0);
    let c = match root {
        Some(r) if r < left => r,
        Some(r) if r >= v => first_head,
        _ => return,
    };
    if tree[v] == (c + 1, "parataxis") && tree[h] == (v + 1, "nsubj") {
        return;
    }
    tree[c] = (0, "root");
    for &i in heads.iter().filter(|&&i| i != c) {
        if tree[i].0 != 0 && tree[i].0 - 1 == c {
            continue;
        }
        tree[i].0 = c + 1;
        if tree[i].1 == "root" || tree[i].1 == "nsubj" {
            tree[i].1 = "dep";
        }
    }
    for i in puncts {
        tree[i].0 = c + 1;
    }
    tree[left] = (v + 1, "punct");
    tree[v] = (c + 1, "parataxis");
    tree[h] = (v + 1, "nsubj");
    attach_phrase(tags, tree, v + 1, e1, h);
    if let Some((a, h2)) = appos {
        tree[a - 1] = (h2 + 1, "punct");
        tree[h2] = (h + 1, "appos");
        attach_phrase(tags, tree, a, end + 1, h2);
    }
    if let Some(r) = relcl {
        if words[r - 1] == "," {
            tree[r - 1] = (h + 1, "punct");
        }
        let verb = (r..=end).find(|&i| tree[i].0 == 0 || !(r..=end).contains(&(tree[i].0 - 1)));
        if let Some(rv) = verb {
            tree[rv] = (h + 1, "acl:relcl");
            let span = r..=end;
            for (i, arc) in tree.iter_mut().enumerate().take(end + 1).skip(r) {
                if i != rv && (arc.0 == 0 || !span.contains(&(arc.0 - 1))) {
                    arc.0 = rv + 1;
                }
            }
        }
    }
    if let Some(o) = oblique {
        // The phrase's head is the first word its span does not contain
        // the head of; it hangs from the verb of saying.
        let span = o..=end;
        let head = (o..=end).find(|&i| tree[i].0 == 0 || !span.contains(&(tree[i].0 - 1)));
        if let Some(ph) = head {
            for (i, arc) in tree.iter_mut().enumerate().take(end + 1).skip(o) {
                if i == ph {
                    *arc = (v + 1, "obl");
                } else if arc.0 == 0 || !span.contains(&(arc.0 - 1)) {
                    arc.0 = ph + 1;
                }
            }
        }
    }
    for arc in tree.iter_mut().skip(end + 1) {
        *arc = (c + 1, "punct");
    }
}

/// "Sanders said both Obama and Biden have been fair", "Adelson said much
/// of his discussion was about Israel": after a verb that takes a clause
/// without "that", the greedy parser reads the clause's subject as the
/// verb's object and the rest as a subjectless `ccomp`. The object becomes
/// the clause's subject; a clause standing between them ("the emails it
/// received were ...", "the time for being correct is over") modifies the
/// object.
fn repair_object_as_subject(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    const CLAUSE_VERBS: &[&str] = &[
        "said",
        "say",
        "says",
        "saying",
        "claimed",
        "claim",
        "claims",
        "argued",
        "argue",
        "argues",
        "insisted",
        "insists",
        "added",
        "adds",
        "noted",
        "notes",
        "believe",
        "believes",
        "believed",
        "think",
        "thinks",
        "thought",
        "acknowledged",
        "admitted",
        "suggested",
        "suggests",
        "predicted",
        "predicts",
        "estimated",
        "reported",
        "announced",
        "contended",
        "asserted",
        "maintained",
        "feared",
        "fears",
        "feel",
        "feels",
        "felt",
        "concluded",
        "explained",
        "stressed",
        "wrote",
        "writes",
        "tweeted",
        "declared",
        "recalled",
        "conceded",
        "found",
        "finds",
        "showed",
        "shows",
        "know",
        "knew",
        "knows",
    ];
    let n = tree.len();
    for v in 0..n {
        if tags[v].0 != "VERB"
            || !CLAUSE_VERBS
                .iter()
                .any(|w| words[v].eq_ignore_ascii_case(w))
        {
            continue;
        }
        let kids = |h: usize, tree: &[(usize, &str)]| -> Vec<usize> {
            (0..n).filter(|&i| tree[i].0 == h + 1).collect()
        };
        // "said the real extremist is Hillary Clinton": a copular clause
        // after the verb, read as its second subject, is its clause.
        for k in kids(v, tree) {
            if k > v
                && tree[k].1 == "nsubj"
                && (0..k).any(|d| d > v && tree[d] == (k + 1, "cop"))
                && (0..v).any(|d| tree[d] == (v + 1, "nsubj"))
            {
                tree[k].1 = "ccomp";
            }
        }
        let vk = kids(v, tree);
        // The object, or a gerund clause read as the verb's own clause
        // ("says going through a dark time has allowed him ...").
        let gerund = |k: usize, tree: &[(usize, &str)]| {
            tags[k].1 == "VBG" && matches!(tree[k].1, "ccomp" | "xcomp" | "advcl")
        };
        let Some(&o) = vk
            .iter()
            .find(|&&k| k > v && (tree[k].1 == "obj" || gerund(k, tree)))
        else {
            continue;
        };
        if vk
            .iter()
            .any(|&k| matches!(tree[k].1, "iobj") || (tree[k].1 == "xcomp" && k != o))
        {
            continue;
        }
        // The clause: a later `ccomp` of the verb with no subject and no
        // marker but the infinitive's "to" ("the response was to break up").
        let Some(&c) = vk.iter().find(|&&k| {
            k > o
                && tree[k].1 == "ccomp"
                && !kids(k, tree).iter().any(|&d| {
                    matches!(tree[d].1, "nsubj" | "nsubj:pass" | "csubj" | "expl")
                        || (tree[d].1 == "mark" && !words[d].eq_ignore_ascii_case("to"))
                })
        }) else {
            continue;
        };
        // Finite: a tensed verb, or a tensed auxiliary or copula before it.
        let finite = |x: usize| matches!(tags[x].1, "VBD" | "VBZ" | "VBP" | "MD");
        if !(finite(c)
            || kids(c, tree)
                .iter()
                .any(|&d| d < c && matches!(tree[d].1, "aux" | "aux:pass" | "cop") && finite(d)))
        {
            continue;
        }
        // Between object and clause: the object's own words, the clause's,
        // and clauses of the verb (which will modify the object).
        let between: Vec<usize> = (o + 1..c).collect();
        let inner: Vec<usize> = vk
            .iter()
            .copied()
            .filter(|&k| k > o && k < c && matches!(tree[k].1, "ccomp" | "advcl"))
            .collect();
        let ok = between.iter().all(|&k| {
            in_subtree(tree, k, o)
                || in_subtree(tree, k, c)
                || inner.iter().any(|&i| in_subtree(tree, k, i))
        });
        if !ok || tags[o].1 == "," {
            continue;
        }
        for i in inner {
            let own_subject = kids(i, tree)
                .iter()
                .any(|&d| matches!(tree[d].1, "nsubj" | "nsubj:pass"));
            tree[i] = (o + 1, if own_subject { "acl:relcl" } else { "acl" });
        }
        let pass = kids(c, tree).iter().any(|&d| tree[d].1 == "aux:pass");
        tree[o] = if gerund(o, tree) {
            (c + 1, "csubj")
        } else {
            (c + 1, if pass { "nsubj:pass" } else { "nsubj" })
        };
        // "said reports were baseless, and warned the U.S.": a verb in the
        // saying verb's tense joined to a clause that is no such verb is
        // the saying verb's conjunct (its subject is the sayer's).
        if tags[c].1 != tags[v].1 {
            for k in c + 1..n {
                if tree[k] == (c + 1, "conj") && tags[k].0 == "VERB" && tags[k].1 == tags[v].1 {
                    tree[k].0 = v + 1;
                }
            }
        }
    }
}

/// "X welcomed the announcement and called on the people": a finite verb
/// after "and" that the greedy parser made a `conj` of the first verb's
/// object is the first verb's conjunct (it shares the subject). Only when
/// both verbs are in the same tense and the second has no subject.
fn repair_verb_conj_of_object(tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    for c in 0..n {
        let (h, rel) = tree[c];
        if rel != "conj" || h == 0 {
            continue;
        }
        if matches!(tags[c].0, "AUX" | "VERB") && repair_aux_conj_of_object(tags, tree, c) {
            continue;
        }
        if tags[c].0 != "VERB" {
            continue;
        }
        let o = h - 1;
        if o >= c || !matches!(tags[o].0, "NOUN" | "PROPN") || !matches!(tree[o].1, "obj" | "obl") {
            continue;
        }
        let Some(v) = tree[o].0.checked_sub(1) else {
            continue;
        };
        if tags[v].0 != "VERB"
            || !matches!(tags[c].1, "VBD" | "VBZ" | "VBP")
            || tags[v].1 != tags[c].1
            || v > o
        {
            continue;
        }
        let own = |d: usize| tree[d].0 == c + 1;
        let cc = (o + 1..c).any(|d| own(d) && tree[d].1 == "cc");
        if cc && !has_subject(tree, c) {
            tree[c].0 = v + 1;
        }
    }
}

/// Whether word `h` has a nominal subject (or an expletive) of its own.
fn has_subject(tree: &[(usize, &str)], h: usize) -> bool {
    tree.iter()
        .any(|&(hd, rel)| hd == h + 1 && matches!(rel, "nsubj" | "nsubj:pass" | "expl"))
}

/// "She declined that assignment and has since left": an auxiliary after
/// "and" made a `conj` of the first verb's object, with its participle
/// hung elsewhere. The participle is the first verb's conjunct and the
/// auxiliary its own. True when it repaired.
fn repair_aux_conj_of_object(tags: &[(&str, &str)], tree: &mut [(usize, &str)], c: usize) -> bool {
    let o = tree[c].0 - 1;
    if o >= c || !matches!(tags[o].0, "NOUN" | "PROPN") || !matches!(tree[o].1, "obj" | "obl") {
        return false;
    }
    let Some(v) = tree[o]
        .0
        .checked_sub(1)
        .filter(|&v| v < o && tags[v].0 == "VERB")
    else {
        return false;
    };
    let own = |tree: &[(usize, &str)], d: usize| tree[d].0 == c + 1;
    let cc = (o + 1..c).any(|d| own(tree, d) && tree[d].1 == "cc");
    // The participle: the next verb, past adverbs ("has since left").
    let Some(p) = (c + 1..tree.len().min(c + 4))
        .take_while(|&i| matches!(tags[i].0, "ADV" | "SCONJ" | "PART" | "VERB"))
        .find(|&i| tags[i].0 == "VERB" && matches!(tags[i].1, "VBN" | "VBG" | "VB"))
    else {
        return false;
    };
    // Neither the auxiliary nor the participle has a subject of its own.
    if !cc || has_subject(tree, c) || has_subject(tree, p) || in_subtree(tree, v, p) {
        return false;
    }
    tree[p] = (v + 1, "conj");
    tree[c] = (p + 1, "aux");
    for d in 0..tree.len() {
        if own(tree, d) {
            tree[d].0 = p + 1;
        }
    }
    for arc in &mut tree[c + 1..p] {
        if arc.0 != p + 1 {
            *arc = (p + 1, "advmod");
        }
    }
    true
}

/// "accused the West of hypocrisy", "convicted him of fraud": after verbs
/// that name a charge with "of", the "of" phrase belongs to the verb (an
/// `obl`), not to its object, where the greedy parser often hangs it (the
/// object then reads "the West of hypocrisy").
fn repair_charge_of(words: &[&str], tree: &mut [(usize, &str)]) {
    const CHARGE: &[&str] = &[
        "accuse",
        "accused",
        "accuses",
        "accusing",
        "convict",
        "convicted",
        "convicts",
        "suspect",
        "suspected",
        "suspects",
        "acquit",
        "acquitted",
        "acquits",
        "absolve",
        "absolved",
        "clear",
        "cleared",
        "clears",
        "strip",
        "stripped",
        "strips",
        "rob",
        "robbed",
        "deprive",
        "deprived",
        "deprives",
        "warn",
        "warned",
        "warns",
        "remind",
        "reminded",
        "reminds",
        "inform",
        "informed",
        "informs",
        "relieve",
        "relieved",
        "notify",
        "notified",
    ];
    let n = tree.len();
    for v in 0..n {
        if !CHARGE.iter().any(|w| words[v].eq_ignore_ascii_case(w)) {
            continue;
        }
        let Some(o) = (v + 1..n).find(|&o| tree[o] == (v + 1, "obj")) else {
            continue;
        };
        for d in o + 1..n {
            if tree[d] != (o + 1, "nmod") {
                continue;
            }
            let of = (o + 1..d)
                .any(|c| tree[c] == (d + 1, "case") && words[c].eq_ignore_ascii_case("of"));
            if of {
                tree[d] = (v + 1, "obl");
            }
        }
    }
}

/// "His sons, Amos and Eban, said ...": a noun phrase before a verb that
/// has no subject, hung on the verb as an object or oblique without a
/// preposition, is its subject (English puts neither before the verb
/// unmarked); so is a number or noun read as the verb's clause with nothing
/// that makes it one ("Nearly eight in 10 voters said ..."). Times ("Last
/// week, X said") are left as they are.
fn repair_missing_subject(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    for v in 0..n {
        if tags[v].0 != "VERB" {
            continue;
        }
        let head_of = |d: usize| tree[d].0 == v + 1;
        let has_subject = (0..n)
            .any(|d| head_of(d) && matches!(tree[d].1, "nsubj" | "nsubj:pass" | "csubj" | "expl"));
        if has_subject {
            continue;
        }
        // The first dependent of the verb, when it is such a noun.
        let Some(d) = (0..v).find(|&d| head_of(d)) else {
            continue;
        };
        let marked = (0..n).any(|c| tree[c].0 == d + 1 && matches!(tree[c].1, "case" | "mark"));
        // "Nearly eight in 10 voters said ...": a number or noun read as a
        // clause of the verb, when nothing makes it one.
        let clause = (0..n).any(|c| {
            tree[c].0 == d + 1 && matches!(tree[c].1, "nsubj" | "nsubj:pass" | "cop" | "aux")
        });
        let read_as_clause = matches!(tree[d].1, "ccomp" | "dep")
            && matches!(tags[d].0, "NUM" | "NOUN" | "PROPN")
            && !clause;
        if (read_as_clause
            || (matches!(tree[d].1, "obl" | "obj") && matches!(tags[d].0, "NOUN" | "PROPN")))
            && !marked
            && !is_time_word(words[d])
            && !(0..d).any(|c| tree[c].0 == d + 1 && is_time_word(words[c]))
        {
            tree[d].1 = "nsubj";
        }
    }
}

/// "On CNN, Trump continued ...", "In July, Sammy Aaron, vice chairman of
/// G-III, told ...": the name after a fronted prepositional phrase read as
/// part of that phrase (`flat`, or a `conj` with no conjunction) across the
/// comma. When the verb the phrase modifies has no subject, the name is it.
fn repair_fronted_phrase_subject(
    tags: &[(&str, &str)],
    words: &[&str],
    tree: &mut [(usize, &str)],
) {
    let n = tree.len();
    for d in 0..n {
        let (hd, rel) = tree[d];
        if hd == 0
            || !matches!(rel, "flat" | "conj")
            || !matches!(tags[d].0, "PROPN" | "NOUN" | "NUM" | "PRON")
        {
            continue;
        }
        let h = hd - 1;
        if h >= d || !(h + 1..d).any(|c| words[c] == ",") {
            continue;
        }
        let has_kid =
            |x: usize, f: &dyn Fn(usize) -> bool| (0..n).any(|c| tree[c].0 == x + 1 && f(c));
        if tree[h].1 != "obl" || !has_kid(h, &|c| tree[c].1 == "case" && c < h) {
            continue;
        }
        if has_kid(d, &|c| tree[c].1 == "cc") {
            continue;
        }
        let v = tree[h].0;
        if v == 0 || v - 1 <= d || tags[v - 1].0 != "VERB" {
            continue;
        }
        let has_subject = has_kid(v - 1, &|c| {
            matches!(tree[c].1, "nsubj" | "nsubj:pass" | "csubj" | "expl")
        });
        if !has_subject {
            let passive = has_kid(v - 1, &|c| tree[c].1 == "aux:pass");
            tree[d] = (v, if passive { "nsubj:pass" } else { "nsubj" });
        }
    }
}

/// Whether token `k` lies in the subtree of `top` (0-based indices; `tree`
/// holds 1-based heads, 0 = root).
fn in_subtree(tree: &[(usize, &str)], mut k: usize, top: usize) -> bool {
    for _ in 0..tree.len() {
        if k == top {
            return true;
        }
        match tree[k].0 {
            0 => return false,
            h => k = h - 1,
        }
    }
    false
}

/// "A report released Tuesday said ...", "Documents seen by Reuters showed
/// ...": a noun followed by a participle and then the sentence's finite
/// verb. The greedy parser makes the participle the main verb (it reads
/// the past-tense form) and the real verb a subjectless `advcl`/`conj` of
/// it. The later verb becomes the root with the noun as its subject; the
/// participle becomes an `acl` of the noun. Only when the participle has no
/// object, auxiliary or clause of its own and nothing but its own phrase
/// stands between it and the later verb.
fn repair_reduced_relative(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    // Irregular past forms that are also participles ("rose", "went" are
    // not: they cannot modify a noun).
    const SAME: &[&str] = &[
        "made", "held", "sent", "found", "built", "brought", "bought", "caught", "told", "sold",
        "left", "kept", "paid", "heard", "read", "set", "put", "cut", "hit", "shot", "won", "lost",
        "led", "met", "spent", "struck", "taught", "sought", "laid", "spread", "quoted",
    ];
    // Words that open a clause of their own between the two verbs ("rose
    // after members urged"): the later verb then has its subject there.
    const OPENERS: &[&str] = &[
        "after", "before", "as", "since", "until", "when", "while", "because", "if", "though",
        "although", "once", "unless", "and", "but", "or",
    ];
    let n = tree.len();
    let Some(r) = (0..n).find(|&i| tree[i].0 == 0) else {
        return;
    };
    let w = words[r].to_ascii_lowercase();
    if tags[r].0 != "VERB"
        || !matches!(tags[r].1, "VBD" | "VBN")
        || !(tags[r].1 == "VBN" || w.ends_with("ed") || SAME.contains(&w.as_str()))
    {
        return;
    }
    let kids = |h: usize, tree: &[(usize, &str)]| -> Vec<usize> {
        (0..n).filter(|&i| tree[i].0 == h + 1).collect()
    };
    let rk = kids(r, tree);
    let Some(&s) = rk.iter().find(|&&k| k < r && tree[k].1 == "nsubj") else {
        return;
    };
    if !matches!(tags[s].0, "NOUN" | "PROPN") {
        return;
    }
    // Nothing of the clause before the subject's phrase but the subject
    // itself, and the participle right after that phrase.
    if rk.iter().any(|&k| k < r && k != s) {
        return;
    }
    if !in_subtree(tree, r - 1, s) {
        return;
    }
    if rk.iter().any(|&k| {
        matches!(
            tree[k].1,
            "obj" | "iobj" | "aux" | "aux:pass" | "ccomp" | "xcomp" | "cop" | "expl"
        )
    }) {
        return;
    }
    // The later verb: the first dependent of the participle that is a
    // subjectless, unmarked finite verb, everything before it belonging to
    // the participle's own phrase.
    let Some(&v) = rk.iter().find(|&&k| k > r && tags[k].0 == "VERB") else {
        return;
    };
    if !matches!(tree[v].1, "advcl" | "conj" | "parataxis" | "dep")
        || !matches!(tags[v].1, "VBD" | "VBZ" | "VBP")
    {
        return;
    }
    let vk = kids(v, tree);
    if vk.iter().any(|&k| {
        k < v
            && matches!(
                tree[k].1,
                "nsubj" | "nsubj:pass" | "expl" | "mark" | "cc" | "punct"
            )
    }) {
        return;
    }
    if (r + 1..v).any(|k| {
        !in_subtree(tree, k, r)
            || tags[k].0 == "VERB"
            || tags[k].1 == ","
            || OPENERS.iter().any(|o| words[k].eq_ignore_ascii_case(o))
    }) {
        return;
    }
    tree[v] = (0, tree[r].1);
    tree[s] = (v + 1, "nsubj");
    tree[r] = (s + 1, "acl");
    for k in rk {
        if k > v {
            tree[k].0 = v + 1;
        }
    }
}

/// "alleged that France knew, and that its army helped": a clause opened by
/// "and that" continues the verb's earlier that-clause. The greedy parse
/// often makes it a `conj` of the verb itself, which cuts the reported
/// content short; it becomes a `conj` of the earlier clause.
fn repair_that_conj(words: &[&str], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    let is_that = |k: usize| words[k].eq_ignore_ascii_case("that");
    for c in 0..n {
        let (h, rel) = tree[c];
        if rel != "conj" || h == 0 {
            continue;
        }
        let v = h - 1;
        let marked = |x: usize, tree: &[(usize, &str)]| {
            (0..x).any(|k| tree[k] == (x + 1, "mark") && is_that(k))
        };
        let cc = (v + 1..c).any(|k| tree[k] == (c + 1, "cc"));
        if !cc || !marked(c, tree) {
            continue;
        }
        // The verb's own that-clause before the conjunct.
        if let Some(first) = (v + 1..c).find(|&k| tree[k] == (v + 1, "ccomp") && marked(k, tree)) {
            tree[c].0 = first + 1;
        }
    }
}

/// "The US, Russia, and Switzerland met": a list of three or more names,
/// commas between them and "and"/"or" before the last, is one coordinated
/// phrase. The greedy parser often breaks such lists (one name a compound
/// of the next, the last a second subject); the repair makes every later
/// name a `conj` of the first, which keeps the list's own attachment.
/// Lists the parse already coordinates are left alone.
fn repair_name_list(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    let n = tree.len();
    let name = |i: usize| tags[i].0 == "PROPN";
    // An item: optional "the", then a run of names; returns its start.
    let item_back = |end: usize| -> Option<usize> {
        // `end` is exclusive; the run must end right before it.
        let mut a = end;
        while a > 0 && name(a - 1) {
            a -= 1;
        }
        if a == end {
            return None;
        }
        if a > 0 && words[a - 1].eq_ignore_ascii_case("the") {
            a -= 1;
        }
        Some(a)
    };
    let mut c = 1;
    while c + 1 < n {
        if !(tags[c].0 == "CCONJ" && matches!(words[c], "and" | "or")) {
            c += 1;
            continue;
        }
        // The last item, after the conjunction.
        let mut b = c + 1;
        if b < n && words[b].eq_ignore_ascii_case("the") {
            b += 1;
        }
        let last_start = c + 1;
        let mut last_end = b;
        while last_end < n && name(last_end) {
            last_end += 1;
        }
        if last_end == b {
            c += 1;
            continue;
        }
        // Earlier items, each followed by a comma (optional before "and").
        let mut items = vec![(last_start, last_end)];
        let mut commas = Vec::new();
        let mut end = if words[c - 1] == "," {
            commas.push(c - 1);
            c - 1
        } else {
            c
        };
        while let Some(a) = item_back(end) {
            items.push((a, end));
            // A comma joins only when an item stands before it.
            match a.checked_sub(1) {
                Some(k) if words[k] == "," && item_back(k).is_some() => {
                    commas.push(k);
                    end = k;
                }
                _ => break,
            }
        }
        items.reverse();
        // "the Ministry of Culture, Sports and Tourism", "the University of
        // Chiriqui, X, and Y": after "of" or "for" the first name may end a
        // longer name rather than start a list.
        let inside_name = items[0]
            .0
            .checked_sub(1)
            .is_some_and(|k| matches!(words[k].to_ascii_lowercase().as_str(), "of" | "for"));
        if items.len() < 3 || inside_name {
            c = last_end;
            continue;
        }
        let lo = items[0].0;
        let inside = |h: usize| h > lo && h <= last_end; // 1-based head
                                                         // Each item's head: the last of its tokens whose head lies outside it.
        let heads: Vec<usize> = items
            .iter()
            .map(|&(a, e)| {
                (a..e)
                    .rev()
                    .find(|&k| tree[k].0 <= a || tree[k].0 > e)
                    .unwrap_or(e - 1)
            })
            .collect();
        let first = heads[0];
        let coordinated = heads[1..].iter().all(|&h| tree[h] == (first + 1, "conj"));
        if !coordinated {
            // Where the whole list hangs: the first item's attachment, or
            // else the last's, when it points outside the list.
            let ext = [first, heads[heads.len() - 1]]
                .into_iter()
                .map(|h| tree[h])
                .find(|&(h, _)| !inside(h));
            if let Some(ext) = ext {
                for (&(a, e), &h) in items.iter().zip(&heads) {
                    for k in a..e {
                        if k != h && (tree[k].0 <= a || tree[k].0 > e) {
                            tree[k] = (
                                h + 1,
                                if words[k].eq_ignore_ascii_case("the") {
                                    "det"
                                } else {
                                    "compound"
                                },
                            );
                        }
                    }
                }
                tree[first] = ext;
                for &h in &heads[1..] {
                    tree[h] = (first + 1, "conj");
                }
                for &k in &commas {
                    let next = heads.iter().copied().find(|&h| h > k).unwrap_or(first);
                    tree[k] = (next + 1, "punct");
                }
                tree[c] = (heads[heads.len() - 1] + 1, "cc");
            }
        }
        c = last_end;
    }
}

/// "The Palestinians reject proposed changes": a full verb read as the
/// auxiliary of the participle after it, which then heads the clause. Only
/// auxiliaries can be `aux`; the verb takes the participle's place and the
/// participle describes its object (`amod`), which becomes the verb's.
fn repair_verb_as_aux(words: &[&str], tags: &[(&str, &str)], tree: &mut [(usize, &str)]) {
    // Forms of auxiliaries the tagger may have called full verbs: the
    // parse is then right and the tag wrong.
    const AUX: &[&str] = &[
        "has", "have", "had", "is", "are", "was", "were", "be", "been", "do", "does", "did", "get",
        "gets", "got", "'s", "'ve", "'d",
    ];
    let n = tree.len();
    for a in 0..n.saturating_sub(1) {
        let p = a + 1;
        if !(tags[a].0 == "VERB"
            && !AUX.iter().any(|x| words[a].eq_ignore_ascii_case(x))
            && matches!(tags[a].1, "VBP" | "VBZ" | "VBD")
            && tree[a] == (p + 1, "aux")
            && tags[p].1 == "VBN")
        {
            continue;
        }
        let Some(o) = (p + 1..n).find(|&o| tree[o] == (p + 1, "obj")) else {
            continue;
        };
        tree[a] = tree[p];
        for t in tree.iter_mut() {
            if t.0 == p + 1 {
                t.0 = a + 1;
            }
        }
        tree[p] = (o + 1, "amod");
    }
}

/// "told reporters that talks would resume": after a verb that takes a
/// person and a clause, "that" right after the person opens the clause
/// (`mark`, the clause a `ccomp` of the verb), not a relative clause on
/// the person.
fn repair_told_that(words: &[&str], tree: &mut [(usize, &str)]) {
    const TELL: &[&str] = &[
        "tell",
        "tells",
        "told",
        "telling",
        "inform",
        "informs",
        "informed",
        "informing",
        "assure",
        "assures",
        "assured",
        "assuring",
        "warn",
        "warns",
        "warned",
        "warning",
        "remind",
        "reminds",
        "reminded",
        "reminding",
        "notify",
        "notifies",
        "notified",
        "convince",
        "convinced",
        "persuade",
        "persuaded",
        "promise",
        "promised",
        "promises",
    ];
    let n = tree.len();
    for t in 1..n {
        let obj = t - 1;
        let Some(v) = tree[obj].0.checked_sub(1) else {
            continue;
        };
        let Some(rel) = tree[t].0.checked_sub(1) else {
            continue;
        };
        // "told Reuters by telephone that ...": the noun before "that"
        // may be an oblique of the verb too.
        // "said during a news conference that ...": a verb of saying with
        // an oblique noun before the clause, read as the noun's `acl`.
        let lower = words[v].to_lowercase();
        let saying_obl = tree[obj].1 == "obl"
            && SAYING_VERBS.contains(&lower.as_str())
            && tree[rel] == (obj + 1, "acl")
            && tree[t].1 == "mark";
        if !words[t].eq_ignore_ascii_case("that")
            || !matches!(tree[obj].1, "obj" | "iobj" | "obl")
            || !(TELL.contains(&lower.as_str()) || saying_obl)
            || rel <= t
            || !(tree[rel] == (obj + 1, "acl:relcl") || saying_obl)
            || !matches!(tree[t].1, "obj" | "nsubj" | "obl" | "mark")
        {
            continue;
        }
        // A clause with a subject of its own: "that" was no argument of it.
        let own_subject = (t + 1..rel).any(|k| {
            tree[k] == (rel + 1, "nsubj")
                || tree[k] == (rel + 1, "nsubj:pass")
                || tree[k] == (rel + 1, "expl")
        });
        if !own_subject {
            continue;
        }
        tree[rel] = (v + 1, "ccomp");
        tree[t] = (rel + 1, "mark");
        if tree[obj].1 == "iobj" && !(0..n).any(|k| k != obj && tree[k] == (v + 1, "obj")) {
            tree[obj].1 = "obj";
        }
    }
}

impl Parser {
    /// Parses a tagged sentence; returns `(head, label)` per word, heads
    /// 1-based with 0 = root. `tags` are `(upos, xpos)` pairs as produced by
    /// [`crate::Tagger::tag`].
    pub fn parse<'a>(&'a self, words: &[&str], tags: &[(&str, &str)]) -> Vec<(usize, &'a str)> {
        let unk = u16::MAX - 1;
        let xt: Vec<u16> = tags
            .iter()
            .map(|t| *self.xpos_id.get(&hash_str(t.1)).unwrap_or(&unk))
            .collect();
        let ut: Vec<u16> = tags
            .iter()
            .map(|t| *self.upos_id.get(&hash_str(t.0)).unwrap_or(&unk))
            .collect();
        let mut tree: Vec<(usize, &str)> = self
            .parse_ids(words, &xt, &ut)
            .into_iter()
            .map(|(h, l)| (h, self.labels[l as usize].as_str()))
            .collect();
        let root = self.labels[self.root_label as usize].as_str();
        repair_head_on_punct(tags, &mut tree);
        repair_finite_acl(words, tags, &mut tree, root);
        repair_verb_read_as_modifier(tags, &mut tree, root);
        repair_time_subject(words, tags, &mut tree);
        repair_nominal_ccomp(words, tags, &mut tree);
        repair_reduced_relative(words, tags, &mut tree);
        repair_comma_absolute(tags, words, &mut tree);
        repair_double_subject(words, tags, &mut tree);
        repair_subject_roles(tags, &mut tree);
        repair_told_that(words, &mut tree);
        repair_that_conj(words, &mut tree);
        repair_that_subordinate(words, &mut tree);
        repair_name_list(words, tags, &mut tree);
        repair_verb_as_aux(words, tags, &mut tree);
        repair_missing_subject(words, tags, &mut tree);
        repair_fronted_phrase_subject(tags, words, &mut tree);
        repair_object_as_subject(words, tags, &mut tree);
        repair_verb_conj_of_object(tags, &mut tree);
        repair_charge_of(words, &mut tree);
        repair_final_attribution(words, tags, &mut tree);
        repair_inverted_attribution(words, tags, &mut tree);
        repair_appositive_subject(words, tags, &mut tree);
        repair_relative_after_subject(words, &mut tree);
        repair_passive_subject(&mut tree);
        tree
    }

    /// Parses with tag ids; returns `(head, label id)`.
    fn parse_ids(&self, words: &[&str], xt: &[u16], ut: &[u16]) -> Vec<(usize, u16)> {
        let n = words.len();
        let tk = Toks::new(words, xt, ut);
        let mut st = State::new(n);
        let mut hashes = Vec::with_capacity(96);
        let mut ms = [0i32; 4];
        let mut ls = vec![0i32; self.labels.len()];
        while !st.terminal() {
            hashes.clear();
            move_features(&st, &tk, &mut hashes);
            self.moves.score_hashes(&hashes, &mut ms);
            let mut best = SHIFT;
            let mut bs = i32::MIN;
            for (m, &s) in ms.iter().enumerate() {
                if s > bs && st.valid(m) {
                    bs = s;
                    best = m;
                }
            }
            let mut lab = 0;
            if best == LEFT || best == RIGHT {
                let (h, d) = st.arc(best);
                lab = self.label_arc(&st, &tk, h, d, &mut hashes, &mut ls);
            }
            st.apply(best, lab);
        }
        self.finish(&mut st, &tk, &mut hashes, &mut ls);
        if let Some(rl) = &self.relabeler {
            let mut heads = Vec::with_capacity(n + 1);
            heads.push(0);
            heads.extend_from_slice(&st.head[1..=n]);
            let kids = Kids::new(&heads);
            for d in 1..=n {
                let h = heads[d];
                if h != 0 {
                    hashes.clear();
                    tree_label_features(&heads, &kids, &tk, h, d, &mut hashes);
                    rl.score_hashes(&hashes, &mut ls);
                    ls[self.root_label as usize] = i32::MIN;
                    st.label[d] = argmax_i32(&ls) as u16;
                }
            }
        }
        (1..=n).map(|d| (st.head[d], st.label[d])).collect()
    }

    fn label_arc(
        &self,
        st: &State,
        tk: &Toks,
        h: usize,
        d: usize,
        hashes: &mut Vec<u64>,
        ls: &mut [i32],
    ) -> u16 {
        if h == 0 {
            return self.root_label;
        }
        hashes.clear();
        label_features(st, tk, h, d, hashes);
        self.labeler.score_hashes(hashes, ls);
        ls[self.root_label as usize] = i32::MIN;
        argmax_i32(ls) as u16
    }

    /// Attaches words left headless: the first to root (if root has no
    /// dependent yet), the rest to the root's dependent.
    fn finish(&self, st: &mut State, tk: &Toks, hashes: &mut Vec<u64>, ls: &mut [i32]) {
        let none = st.none;
        for d in 1..=st.n {
            if st.head[d] != none {
                continue;
            }
            let r = st.rc1[0];
            if r == none {
                st.add_arc(0, d, self.root_label);
            } else {
                let l = self.label_arc(st, tk, r, d, hashes, ls);
                st.add_arc(r, d, l);
            }
        }
    }

    /// Trains a parser on gold trees (tags are taken from the sentences, so
    /// pass sentences with predicted tags for jack-knifed training). With
    /// `dev`, the epoch with the best dev LAS is kept.
    pub fn train(train: &[Sentence], dev: Option<&[Sentence]>, opts: &ParserOptions) -> Parser {
        let mut xpos = Vec::new();
        let mut upos = Vec::new();
        let mut labels = Vec::new();
        let mut xpos_id = IdMap::default();
        let mut upos_id = IdMap::default();
        let mut label_id = IdMap::default();
        let root_label = intern(&mut labels, &mut label_id, "root");
        let golds: Vec<Gold> = train
            .iter()
            .map(|s| {
                let mut heads = vec![0usize];
                heads.extend(s.tokens.iter().map(|t| t.head.min(s.len())));
                Gold {
                    heads: projectivize(&heads),
                    orig: heads,
                    labels: std::iter::once(NOLABEL)
                        .chain(
                            s.tokens
                                .iter()
                                .map(|t| intern(&mut labels, &mut label_id, &t.deprel)),
                        )
                        .collect(),
                    xt: s
                        .tokens
                        .iter()
                        .map(|t| intern(&mut xpos, &mut xpos_id, &t.xpos))
                        .collect(),
                    ut: s
                        .tokens
                        .iter()
                        .map(|t| intern(&mut upos, &mut upos_id, &t.upos))
                        .collect(),
                }
            })
            .collect();
        let nl = labels.len();
        let mut mt = AvgTable::new(opts.move_bits, 4);
        let mut lt = AvgTable::new(opts.label_bits, nl);
        let (mb, lb) = (opts.move_bits, opts.label_bits);
        let mut rng = Rng::new(opts.seed);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut hashes = Vec::with_capacity(96);
        let mut rows = Vec::with_capacity(96);
        let mut ms = [0f32; 4];
        let mut lsc = vec![0f32; nl];
        let mut best: Option<(f64, QTable, QTable)> = None;
        let mut parser = Parser {
            xpos,
            upos,
            labels,
            xpos_id,
            upos_id,
            root_label,
            moves: QTable::from_dense(4, 4, 1.0, vec![0; 64]),
            labeler: QTable::from_dense(4, nl, 1.0, vec![0; 16 * nl]),
            relabeler: None,
        };
        if opts.relabel_epochs > 0 {
            parser.relabeler = Some(parser.train_relabeler(train, &golds, dev, opts));
        }
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let explore = epoch >= opts.explore_from;
            let (mut errs, mut steps) = (0usize, 0usize);
            for &si in &order {
                let s = &train[si];
                let g = &golds[si];
                let words = s.words();
                let tk = Toks::new(&words, &g.xt, &g.ut);
                let mut st = State::new(s.len());
                while !st.terminal() {
                    hashes.clear();
                    move_features(&st, &tk, &mut hashes);
                    rows.clear();
                    rows.extend(hashes.iter().map(|&h| row_of(h, mb)));
                    mt.score(&rows, &mut ms);
                    let mut costs = [u32::MAX; 4];
                    for (m, c) in costs.iter_mut().enumerate() {
                        if st.valid(m) {
                            *c = st.cost(m, &g.heads);
                        }
                    }
                    let minc = *costs.iter().min().unwrap();
                    let mut pred = usize::MAX;
                    let mut gold = usize::MAX;
                    for m in 0..4 {
                        if costs[m] == u32::MAX {
                            continue;
                        }
                        if pred == usize::MAX || ms[m] > ms[pred] {
                            pred = m;
                        }
                        if costs[m] == minc && (gold == usize::MAX || ms[m] > ms[gold]) {
                            gold = m;
                        }
                    }
                    if costs[pred] > minc {
                        mt.update(&rows, gold, 1.0);
                        mt.update(&rows, pred, -1.0);
                        errs += 1;
                    }
                    steps += 1;
                    mt.tick();
                    let next = if explore && rng.next_f64() < opts.explore_p {
                        pred
                    } else {
                        gold
                    };
                    let mut lab = 0u16;
                    if next == LEFT || next == RIGHT {
                        let (h, d) = st.arc(next);
                        if h == 0 {
                            lab = root_label;
                        } else {
                            hashes.clear();
                            label_features(&st, &tk, h, d, &mut hashes);
                            rows.clear();
                            rows.extend(hashes.iter().map(|&h| row_of(h, lb)));
                            lt.score(&rows, &mut lsc);
                            lsc[root_label as usize] = f32::MIN;
                            let lp = argmax_f32(&lsc) as u16;
                            lab = lp;
                            if g.heads[d] == h {
                                let gl = g.labels[d];
                                if lp != gl {
                                    lt.update(&rows, gl as usize, 1.0);
                                    lt.update(&rows, lp as usize, -1.0);
                                }
                                lt.tick();
                                if !explore {
                                    lab = gl;
                                }
                            }
                        }
                    }
                    st.apply(next, lab);
                }
            }
            parser.moves = mt.quantize(opts.prune);
            parser.labeler = lt.quantize(opts.prune);
            if let Some(dev) = dev {
                let (uas, las) = parser.attachment(dev);
                if opts.verbose {
                    eprintln!(
                        "parser epoch {} move err {:.4} dev uas/las {:.4}/{:.4}",
                        epoch + 1,
                        errs as f64 / steps as f64,
                        uas,
                        las
                    );
                }
                if best.as_ref().is_none_or(|b| las > b.0) {
                    best = Some((las, parser.moves.clone(), parser.labeler.clone()));
                }
            } else if opts.verbose {
                eprintln!(
                    "parser epoch {} move err {:.4}",
                    epoch + 1,
                    errs as f64 / steps as f64
                );
            }
        }
        if let Some((_, m, l)) = best {
            parser.moves = m;
            parser.labeler = l;
        }
        parser
    }

    /// Trains the second-pass labeller on gold trees (with the given tags).
    fn train_relabeler(
        &self,
        train: &[Sentence],
        golds: &[Gold],
        dev: Option<&[Sentence]>,
        opts: &ParserOptions,
    ) -> QTable {
        let nl = self.labels.len();
        let lb = opts.label_bits;
        let mut lt = AvgTable::new(lb, nl);
        let mut rng = Rng::new(opts.seed ^ 0x5EED);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut hashes = Vec::with_capacity(96);
        let mut rows = Vec::with_capacity(96);
        let mut lsc = vec![0f32; nl];
        let root = self.root_label as usize;
        let prepared: Vec<(Toks, Kids)> = train
            .iter()
            .zip(golds)
            .map(|(s, g)| (Toks::new(&s.words(), &g.xt, &g.ut), Kids::new(&g.orig)))
            .collect();
        let mut best: Option<(f64, QTable)> = None;
        for epoch in 0..opts.relabel_epochs {
            rng.shuffle(&mut order);
            for &si in &order {
                let g = &golds[si];
                let (tk, kids) = &prepared[si];
                for d in 1..g.orig.len() {
                    let h = g.orig[d];
                    if h == 0 {
                        continue;
                    }
                    hashes.clear();
                    tree_label_features(&g.orig, kids, tk, h, d, &mut hashes);
                    rows.clear();
                    rows.extend(hashes.iter().map(|&h| row_of(h, lb)));
                    lt.score(&rows, &mut lsc);
                    lsc[root] = f32::MIN;
                    let lp = argmax_f32(&lsc);
                    let gl = g.labels[d] as usize;
                    if lp != gl {
                        lt.update(&rows, gl, 1.0);
                        lt.update(&rows, lp, -1.0);
                    }
                    lt.tick();
                }
            }
            let q = lt.quantize(opts.prune);
            if let Some(dev) = dev {
                let (mut ok, mut n) = (0usize, 0usize);
                let mut ls = vec![0i32; nl];
                for s in dev {
                    let unk = u16::MAX - 1;
                    let xt: Vec<u16> = s
                        .tokens
                        .iter()
                        .map(|t| *self.xpos_id.get(&hash_str(&t.xpos)).unwrap_or(&unk))
                        .collect();
                    let ut: Vec<u16> = s
                        .tokens
                        .iter()
                        .map(|t| *self.upos_id.get(&hash_str(&t.upos)).unwrap_or(&unk))
                        .collect();
                    let tk = Toks::new(&s.words(), &xt, &ut);
                    let mut heads = vec![0usize];
                    heads.extend(s.tokens.iter().map(|t| t.head.min(s.len())));
                    let kids = Kids::new(&heads);
                    for (d, t) in s.tokens.iter().enumerate().map(|(i, t)| (i + 1, t)) {
                        let h = heads[d];
                        if h == 0 {
                            continue;
                        }
                        hashes.clear();
                        tree_label_features(&heads, &kids, &tk, h, d, &mut hashes);
                        q.score_hashes(&hashes, &mut ls);
                        ls[root] = i32::MIN;
                        ok += (self.labels[argmax_i32(&ls)] == t.deprel) as usize;
                        n += 1;
                    }
                }
                let acc = ok as f64 / n.max(1) as f64;
                if opts.verbose {
                    eprintln!("relabel epoch {} dev label acc {:.4}", epoch + 1, acc);
                }
                if best.as_ref().is_none_or(|b| acc > b.0) {
                    best = Some((acc, q));
                }
            } else {
                best = Some((0.0, q));
            }
        }
        best.map(|b| b.1).unwrap_or_else(|| lt.quantize(opts.prune))
    }

    /// (UAS, LAS with full labels) on gold-tagged sentences.
    pub fn attachment(&self, sents: &[Sentence]) -> (f64, f64) {
        let (mut u, mut l, mut n) = (0usize, 0usize, 0usize);
        for s in sents {
            let w = s.words();
            let tags: Vec<(&str, &str)> = s
                .tokens
                .iter()
                .map(|t| (t.upos.as_str(), t.xpos.as_str()))
                .collect();
            for (t, (h, lab)) in s.tokens.iter().zip(self.parse(&w, &tags)) {
                if t.head == h {
                    u += 1;
                    l += (t.deprel == lab) as usize;
                }
                n += 1;
            }
        }
        (u as f64 / n.max(1) as f64, l as f64 / n.max(1) as f64)
    }

    /// Drops weights whose quantised magnitude is below `min_abs` in both
    /// the move and label models.
    pub fn prune(&mut self, min_abs: i16) {
        self.moves.prune(min_abs);
        self.labeler.prune(min_abs);
        if let Some(r) = &mut self.relabeler {
            r.prune(min_abs);
        }
    }

    /// The label inventory.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Serialises the model (compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        for v in [&self.xpos, &self.upos, &self.labels] {
            w.varint(v.len() as u64);
            for s in v.iter() {
                w.str(s);
            }
        }
        self.moves.write(&mut w);
        self.labeler.write(&mut w);
        match &self.relabeler {
            Some(r) => {
                w.bytes(&[1]);
                r.write(&mut w);
                pack(MAGIC2, &w.buf)
            }
            None => pack(MAGIC, &w.buf),
        }
    }

    /// Writes the model to a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        std::fs::write(path.as_ref(), self.to_bytes())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))
    }

    /// Loads a model from a file.
    pub fn load(path: impl AsRef<Path>) -> Result<Parser> {
        let b = std::fs::read(path.as_ref())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))?;
        Parser::from_bytes(&b)
    }

    /// Loads a model from bytes produced by [`Parser::to_bytes`]/[`Parser::save`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser> {
        let v2 = bytes.starts_with(MAGIC2);
        let raw = unpack(if v2 { MAGIC2 } else { MAGIC }, bytes)?;
        let mut r = Reader::new(&raw);
        let mut lists = Vec::new();
        for _ in 0..3 {
            let n = r.varint()? as usize;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                v.push(r.str()?);
            }
            lists.push(v);
        }
        let labels = lists.pop().unwrap();
        let upos = lists.pop().unwrap();
        let xpos = lists.pop().unwrap();
        let ids = |v: &[String]| -> IdMap<u64, u16> {
            v.iter()
                .enumerate()
                .map(|(i, s)| (hash_str(s), i as u16))
                .collect()
        };
        let root_label = labels
            .iter()
            .position(|l| l == "root")
            .ok_or_else(|| Error::Format("no root label".into()))? as u16;
        let moves = QTable::read(&mut r)?;
        let labeler = QTable::read(&mut r)?;
        let relabeler = if v2 && r.byte()? == 1 {
            Some(QTable::read(&mut r)?)
        } else {
            None
        };
        if moves.nclass != 4
            || labeler.nclass != labels.len()
            || relabeler.as_ref().is_some_and(|t| t.nclass != labels.len())
        {
            return Err(Error::Format("class count mismatch".into()));
        }
        Ok(Parser {
            xpos_id: ids(&xpos),
            upos_id: ids(&upos),
            xpos,
            upos,
            labels,
            root_label,
            moves,
            labeler,
            relabeler,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::tests::tiny_corpus;

    #[test]
    fn a_comma_undoes_an_absolute_with_clause() {
        // "held talks with X , offering aid" misread as "with X offering".
        let words = ["held", "talks", "with", "X", ",", "offering", "aid"];
        let tags = [
            ("VERB", "VBD"),
            ("NOUN", "NNS"),
            ("ADP", "IN"),
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("VERB", "VBG"),
            ("NOUN", "NN"),
        ];
        let mut tree = vec![
            (0, "root"),
            (1, "obj"),
            (6, "mark"),
            (6, "nsubj"),
            (6, "punct"),
            (1, "advcl"),
            (6, "obj"),
        ];
        repair_comma_absolute(&tags, &words, &mut tree);
        assert_eq!(tree[2], (4, "case"));
        assert_eq!(tree[3], (1, "obl"));
        assert_eq!(tree[5], (1, "advcl"));
        // Without the comma ("with prices rising") the clause stays.
        let words = ["fell", "with", "prices", "rising"];
        let tags = [
            ("VERB", "VBD"),
            ("ADP", "IN"),
            ("NOUN", "NNS"),
            ("VERB", "VBG"),
        ];
        let mut tree = vec![(0, "root"), (4, "mark"), (4, "nsubj"), (1, "advcl")];
        let before = tree.clone();
        repair_comma_absolute(&tags, &words, &mut tree);
        assert_eq!(tree, before);
    }

    #[test]
    fn subjects_read_as_vocatives_obliques_and_relative_pronouns() {
        // Trump , however , declined: the name is the verb's subject.
        let tags = [
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("ADV", "RB"),
            ("PUNCT", ","),
            ("VERB", "VBD"),
        ];
        let mut tree = vec![
            (5, "vocative"),
            (1, "punct"),
            (5, "advmod"),
            (3, "punct"),
            (0, "root"),
        ];
        repair_subject_roles(&tags, &mut tree);
        assert_eq!(tree[0], (5, "nsubj"));
        // John , send: an imperative keeps its vocative.
        let tags = [("PROPN", "NNP"), ("PUNCT", ","), ("VERB", "VB")];
        let mut tree = vec![(3, "vocative"), (1, "punct"), (0, "root")];
        repair_subject_roles(&tags, &mut tree);
        assert_eq!(tree[0], (3, "vocative"));
        // the Republican on Tuesday dismissed: "Republican" hung from
        // "Tuesday" as its subject, "Tuesday" as the verb's.
        let tags = [
            ("DET", "DT"),
            ("PROPN", "NNP"),
            ("ADP", "IN"),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
        ];
        let mut tree = vec![
            (2, "det"),
            (4, "nsubj"),
            (4, "case"),
            (5, "nsubj"),
            (0, "root"),
        ];
        repair_subject_roles(&tags, &mut tree);
        assert_eq!(tree[1], (5, "nsubj"));
        assert_eq!(tree[3], (5, "obl"));
        // after the union objected: a lone subject after a preposition stays.
        let tags = [
            ("ADP", "IN"),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("VERB", "VBD"),
        ];
        let mut tree = vec![(3, "case"), (3, "det"), (4, "nsubj"), (0, "root")];
        let before = tree.clone();
        repair_subject_roles(&tags, &mut tree);
        assert_eq!(tree, before);
        // which she said represented: "which" is the clause's subject.
        let tags = [
            ("PRON", "WDT"),
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("VERB", "VBD"),
            ("NOUN", "NNS"),
        ];
        let mut tree = vec![
            (3, "nsubj"),
            (3, "nsubj"),
            (0, "root"),
            (3, "ccomp"),
            (4, "obj"),
        ];
        repair_subject_roles(&tags, &mut tree);
        assert_eq!(tree[0], (4, "nsubj"));
        assert_eq!(tree[1], (3, "nsubj"));
    }

    #[test]
    fn a_noun_before_a_name_describes_it() {
        // businessman Kola Adeyemi met: 1 and 2 both subjects of 4.
        let tags = [
            ("NOUN", "NN"),
            ("PROPN", "NNP"),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
        ];
        let mut tree = vec![(4, "nsubj"), (4, "nsubj"), (2, "flat"), (0, "root")];
        repair_double_subject(&["businessman", "Kola", "Adeyemi", "met"], &tags, &mut tree);
        assert_eq!(tree[0], (2, "compound"));
        assert_eq!(tree[1], (4, "nsubj"));
        // One subject: nothing to repair.
        let mut tree = vec![(2, "compound"), (4, "nsubj"), (2, "flat"), (0, "root")];
        let before = tree.clone();
        repair_double_subject(&["businessman", "Kola", "Adeyemi", "met"], &tags, &mut tree);
        assert_eq!(tree, before);
        // Priebus Thursday told: the day is the telling's time.
        let tags = [("PROPN", "NNP"), ("PROPN", "NNP"), ("VERB", "VBD")];
        let mut tree = vec![(3, "nsubj"), (3, "nsubj"), (0, "root")];
        repair_double_subject(&["Priebus", "Thursday", "told"], &tags, &mut tree);
        assert_eq!(tree, vec![(3, "nsubj"), (3, "obl:tmod"), (0, "root")]);
    }

    #[test]
    fn a_full_verb_is_no_auxiliary() {
        // The Palestinians reject proposed changes .
        let tags = [
            ("DET", "DT"),
            ("PROPN", "NNPS"),
            ("VERB", "VBP"),
            ("VERB", "VBN"),
            ("NOUN", "NNS"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "det"),
            (4, "nsubj"),
            (4, "aux"),
            (0, "root"),
            (4, "obj"),
            (4, "punct"),
        ];
        let words = ["The", "Palestinians", "reject", "proposed", "changes", "."];
        repair_verb_as_aux(&words, &tags, &mut tree);
        assert_eq!(
            tree,
            vec![
                (2, "det"),
                (3, "nsubj"),
                (0, "root"),
                (5, "amod"),
                (3, "obj"),
                (3, "punct"),
            ]
        );
    }

    #[test]
    fn a_participle_after_the_subject_modifies_it() {
        // A report released Tuesday said talks failed .
        let words = [
            "A", "report", "released", "Tuesday", "said", "talks", "failed", ".",
        ];
        let tags = [
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("VERB", "VBD"),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
            ("NOUN", "NNS"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        let misparse = vec![
            (2, "det"),
            (3, "nsubj"),
            (0, "root"),
            (3, "obl:unmarked"),
            (3, "advcl"),
            (7, "nsubj"),
            (5, "ccomp"),
            (3, "punct"),
        ];
        let mut tree = misparse.clone();
        repair_reduced_relative(&words, &tags, &mut tree);
        assert_eq!(
            tree,
            vec![
                (2, "det"),
                (5, "nsubj"),
                (2, "acl"),
                (3, "obl:unmarked"),
                (0, "root"),
                (7, "nsubj"),
                (5, "ccomp"),
                (5, "punct"),
            ]
        );
        // "Prices rose ..." is no participle: left alone.
        let mut words2 = words;
        words2[2] = "rose";
        let mut tree = misparse.clone();
        repair_reduced_relative(&words2, &tags, &mut tree);
        assert_eq!(tree, misparse);
    }

    #[test]
    fn the_object_of_said_before_a_subjectless_clause_is_its_subject() {
        // He said the emails it got were fakes .
        let words = [
            "He", "said", "the", "emails", "it", "got", "were", "fakes", ".",
        ];
        let tags = [
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("DET", "DT"),
            ("NOUN", "NNS"),
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("AUX", "VBD"),
            ("NOUN", "NNS"),
            ("PUNCT", "."),
        ];
        let misparse = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (6, "nsubj"),
            (2, "ccomp"),
            (8, "cop"),
            (2, "ccomp"),
            (2, "punct"),
        ];
        let mut tree = misparse.clone();
        repair_object_as_subject(&words, &tags, &mut tree);
        assert_eq!(tree[3], (8, "nsubj"));
        assert_eq!(tree[5], (4, "acl:relcl"));
        // A clause with a subject of its own keeps the object ("said
        // something, they were fakes" is another reading): left alone.
        let mut tree = misparse.clone();
        tree[4] = (8, "nsubj");
        let before = tree.clone();
        repair_object_as_subject(&words, &tags, &mut tree);
        assert_eq!(tree, before);
        // He says going there has helped .
        let words = ["He", "says", "going", "there", "has", "helped", "."];
        let tags = [
            ("PRON", "PRP"),
            ("VERB", "VBZ"),
            ("VERB", "VBG"),
            ("ADV", "RB"),
            ("AUX", "VBZ"),
            ("VERB", "VBN"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (2, "ccomp"),
            (3, "advmod"),
            (6, "aux"),
            (2, "ccomp"),
            (2, "punct"),
        ];
        repair_object_as_subject(&words, &tags, &mut tree);
        assert_eq!(tree[2], (6, "csubj"));
    }

    #[test]
    fn a_verb_joined_to_an_object_joins_the_verb() {
        // X welcomed the deal and called on Y .
        let tags = [
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("CCONJ", "CC"),
            ("VERB", "VBD"),
            ("ADP", "IN"),
            ("PROPN", "NNP"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (6, "cc"),
            (4, "conj"),
            (8, "case"),
            (6, "obl"),
            (2, "punct"),
        ];
        repair_verb_conj_of_object(&tags, &mut tree);
        assert_eq!(tree[5], (2, "conj"));
    }

    #[test]
    fn the_charge_belongs_to_the_verb() {
        // They accused the West of hypocrisy .
        let words = ["They", "accused", "the", "West", "of", "hypocrisy", "."];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (6, "case"),
            (4, "nmod"),
            (2, "punct"),
        ];
        repair_charge_of(&words, &mut tree);
        assert_eq!(tree[5], (2, "obl"));
        // Other verbs keep their object's "of" ("met the leaders of Iraq").
        let mut other = words;
        other[1] = "met";
        let mut tree2 = tree.clone();
        tree2[5] = (4, "nmod");
        repair_charge_of(&other, &mut tree2);
        assert_eq!(tree2[5], (4, "nmod"));
    }

    #[test]
    fn and_that_continues_the_earlier_clause() {
        // He said that A won , and that B lost .
        let words = [
            "He", "said", "that", "A", "won", ",", "and", "that", "B", "lost", ".",
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (5, "mark"),
            (5, "nsubj"),
            (2, "ccomp"),
            (10, "punct"),
            (10, "cc"),
            (10, "mark"),
            (10, "nsubj"),
            (2, "conj"),
            (2, "punct"),
        ];
        repair_that_conj(&words, &mut tree);
        assert_eq!(tree[9], (5, "conj"));
        // Without "that" the conjunct is the verb's own ("said ... and left").
        let mut words2 = words;
        words2[7] = "then";
        tree[9] = (2, "conj");
        repair_that_conj(&words2, &mut tree);
        assert_eq!(tree[9], (2, "conj"));
    }

    #[test]
    fn a_closing_verb_of_saying_reports_the_whole_sentence() {
        // Talks stalled , ignoring rulings , he said .
        let words = [
            "Talks", "stalled", ",", "ignoring", "rulings", ",", "he", "said", ".",
        ];
        let tags = [
            ("NOUN", "NNS"),
            ("VERB", "VBD"),
            ("PUNCT", ","),
            ("VERB", "VBG"),
            ("NOUN", "NNS"),
            ("PUNCT", ","),
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "punct"),
            (2, "advcl"),
            (4, "obj"),
            (5, "punct"),
            (8, "nsubj"),
            (4, "ccomp"),
            (2, "punct"),
        ];
        repair_final_attribution(&words, &tags, &mut tree);
        assert_eq!(tree[7], (2, "parataxis"));
        assert_eq!(tree[5], (8, "punct"));
    }

    #[test]
    fn an_inverted_closing_attribution_takes_the_phrase_after_it_as_subject() {
        // Plants struggle , said Mark Smith , a spokesman for Ford .
        let words = [
            "Plants",
            "struggle",
            ",",
            "said",
            "Mark",
            "Smith",
            ",",
            "a",
            "spokesman",
            "for",
            "Ford",
            ".",
        ];
        let tags = [
            ("NOUN", "NNS"),
            ("VERB", "VBP"),
            ("PUNCT", ","),
            ("VERB", "VBD"),
            ("PROPN", "NNP"),
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("ADP", "IN"),
            ("PROPN", "NNP"),
            ("PUNCT", "."),
        ];
        // As the greedy parser left it: the name hung on the full stop, the
        // apposition as the verb's clause.
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "punct"),
            (2, "conj"),
            (12, "nsubj"),
            (5, "flat"),
            (9, "punct"),
            (9, "det"),
            (4, "ccomp"),
            (11, "case"),
            (9, "nmod"),
            (2, "punct"),
        ];
        repair_inverted_attribution(&words, &tags, &mut tree);
        assert_eq!(tree[3], (2, "parataxis"));
        assert_eq!(tree[5], (4, "nsubj"));
        assert_eq!(tree[4], (6, "compound"));
        assert_eq!(tree[8], (6, "appos"));
        assert_eq!(tree[2], (4, "punct"));
        // "said that ..." is no inverted attribution.
        let mut words2 = words;
        words2[4] = "that";
        let mut tree2 = tree.clone();
        tree2[3] = (2, "conj");
        repair_inverted_attribution(&words2, &tags, &mut tree2);
        assert_eq!(tree2[3], (2, "conj"));
        // Plants struggle , added Smith during a meeting .
        let words = [
            "Plants", "struggle", ",", "added", "Smith", "during", "a", "meeting", ".",
        ];
        let tags = [
            ("NOUN", "NNS"),
            ("VERB", "VBP"),
            ("PUNCT", ","),
            ("VERB", "VBD"),
            ("PROPN", "NNP"),
            ("ADP", "IN"),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "punct"),
            (2, "conj"),
            (4, "obj"),
            (8, "case"),
            (8, "det"),
            (4, "obl"),
            (2, "punct"),
        ];
        repair_inverted_attribution(&words, &tags, &mut tree);
        assert_eq!(tree[3], (2, "parataxis"));
        assert_eq!(tree[4], (4, "nsubj"));
        assert_eq!(tree[7], (4, "obl"));
    }

    #[test]
    fn an_auxiliary_joined_to_an_object_makes_its_participle_a_conjunct() {
        // She declined the job and has since left .
        let tags = [
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("CCONJ", "CC"),
            ("VERB", "VBZ"),
            ("SCONJ", "IN"),
            ("VERB", "VBN"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (6, "cc"),
            (4, "conj"),
            (8, "mark"),
            (2, "advcl"),
            (2, "punct"),
        ];
        repair_verb_conj_of_object(&tags, &mut tree);
        assert_eq!(tree[7], (2, "conj"));
        assert_eq!(tree[5], (8, "aux"));
        assert_eq!(tree[4], (8, "cc"));
    }

    #[test]
    fn a_name_and_its_apposition_before_said_are_its_subject() {
        // Ann Lee , the mayor , said taxes rose .
        let words = [
            "Ann", "Lee", ",", "the", "mayor", ",", "said", "taxes", "rose", ".",
        ];
        let tags = [
            ("PROPN", "NNP"),
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("PUNCT", ","),
            ("VERB", "VBD"),
            ("NOUN", "NNS"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        // As the greedy parser left it: the name as root, the verb of
        // saying inside the clause.
        let mut tree = vec![
            (0, "root"),
            (1, "flat"),
            (5, "punct"),
            (5, "det"),
            (1, "appos"),
            (1, "punct"),
            (9, "advcl"),
            (9, "nsubj"),
            (1, "acl:relcl"),
            (9, "punct"),
        ];
        repair_appositive_subject(&words, &tags, &mut tree);
        assert_eq!(tree[6], (0, "root"));
        assert_eq!(tree[8], (7, "ccomp"));
        assert_eq!(tree[1], (7, "nsubj"));
        assert_eq!(tree[0], (2, "compound"));
        assert_eq!(tree[4], (2, "appos"));
        assert_eq!(tree[7], (9, "nsubj"));
        assert_eq!(tree[9], (7, "punct"));
    }

    #[test]
    fn a_copular_clause_read_as_a_second_subject_is_the_clause() {
        // Rubio said the extremist is Clinton .
        let words = ["Rubio", "said", "the", "extremist", "is", "Clinton", "."];
        let tags = [
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("AUX", "VBZ"),
            ("PROPN", "NNP"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (6, "cop"),
            (2, "nsubj"),
            (2, "punct"),
        ];
        repair_object_as_subject(&words, &tags, &mut tree);
        assert_eq!(tree[5], (2, "ccomp"));
        assert_eq!(tree[3], (6, "nsubj"));
    }

    #[test]
    fn a_word_hung_on_punctuation_hangs_on_its_head() {
        // She said it , if asked .
        let tags = [
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("PRON", "PRP"),
            ("PUNCT", ","),
            ("SCONJ", "IN"),
            ("VERB", "VBN"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (6, "punct"),
            (6, "mark"),
            (7, "advcl"),
            (2, "punct"),
        ];
        repair_head_on_punct(&tags, &mut tree);
        assert_eq!(tree[5], (2, "advcl"));
        assert_eq!(tree[3], (6, "punct"));
    }

    #[test]
    fn a_closing_verb_of_saying_read_as_a_conjunct_reports_the_sentence() {
        // He stayed but left early , Nefzi said .
        let words = [
            "He", "stayed", "but", "left", "early", ",", "Nefzi", "said", ".",
        ];
        let tags = [
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("CCONJ", "CC"),
            ("ADV", "RB"),
            ("ADV", "RB"),
            ("PUNCT", ","),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (8, "cc"),
            (5, "advmod"),
            (8, "advmod"),
            (8, "punct"),
            (8, "nsubj"),
            (2, "conj"),
            (2, "punct"),
        ];
        repair_final_attribution(&words, &tags, &mut tree);
        assert_eq!(tree[7], (2, "parataxis"));
        assert_eq!(tree[2], (2, "cc"));
        assert_eq!(tree[4], (2, "advmod"));
        assert_eq!(tree[6], (8, "nsubj"));
    }

    #[test]
    fn a_number_read_as_the_clause_of_a_subjectless_verb_is_its_subject() {
        // Eight in 10 said they left .
        let words = ["Eight", "in", "10", "said", "they", "left", "."];
        let tags = [
            ("NUM", "CD"),
            ("ADP", "IN"),
            ("NUM", "CD"),
            ("VERB", "VBD"),
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (4, "ccomp"),
            (3, "case"),
            (1, "nmod"),
            (0, "root"),
            (6, "nsubj"),
            (4, "ccomp"),
            (4, "punct"),
        ];
        repair_missing_subject(&words, &tags, &mut tree);
        assert_eq!(tree[0], (4, "nsubj"));
        // A clause of its own ("Eight were ...") stays a clause.
        tree[0] = (4, "ccomp");
        tree[1] = (1, "cop");
        repair_missing_subject(&words, &tags, &mut tree);
        assert_eq!(tree[0], (4, "ccomp"));
    }

    #[test]
    fn an_unmarked_noun_before_a_subjectless_verb_is_its_subject() {
        // His sons said Archie died . / Last week said ...
        let tags = [
            ("PRON", "PRP$"),
            ("NOUN", "NNS"),
            ("VERB", "VBD"),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        // The label the second word ends with, the first word being `first`.
        let repaired = |first: &str, first_label: &'static str| {
            let words = [
                first,
                if first == "His" { "sons" } else { "week" },
                "said",
                "Archie",
                "died",
                ".",
            ];
            let mut tree = vec![
                (2, first_label),
                (3, "obl"),
                (0, "root"),
                (5, "nsubj"),
                (3, "ccomp"),
                (3, "punct"),
            ];
            repair_missing_subject(&words, &tags, &mut tree);
            tree[1]
        };
        assert_eq!(repaired("His", "nmod:poss"), (3, "nsubj"));
        // A time stays a time.
        assert_eq!(repaired("Last", "amod"), (3, "obl"));
    }

    #[test]
    fn a_verb_read_as_a_conjunct_of_the_name_heads_the_clause() {
        // "Coffman , who spoke , said it ." with "said" a conj of the name.
        let words = ["Coffman", ",", "who", "spoke", ",", "said", "it", "."];
        let tags = [
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("PRON", "WP"),
            ("VERB", "VBD"),
            ("PUNCT", ","),
            ("VERB", "VBD"),
            ("PRON", "PRP"),
            ("PUNCT", "."),
        ];
        let parsed = vec![
            (0, "root"),
            (4, "punct"),
            (4, "nsubj"),
            (1, "acl:relcl"),
            (6, "punct"),
            (1, "conj"),
            (6, "obj"),
            (1, "punct"),
        ];
        let mut tree = parsed.clone();
        repair_finite_acl(&words, &tags, &mut tree, "root");
        assert_eq!(tree[5], (0, "root"));
        assert_eq!(tree[0], (6, "nsubj"));
        assert_eq!(tree[3], (1, "acl:relcl"));
        // With a conjunction it is a real coordination and stays.
        let mut tree = parsed;
        tree[4] = (6, "cc");
        repair_finite_acl(&words, &tags, &mut tree, "root");
        assert_eq!(tree[5], (1, "conj"));
    }

    #[test]
    fn a_nominal_is_no_clausal_complement() {
        // "Almost half said they left ."
        let words = ["Almost", "half", "said", "they", "left", "."];
        let tags = [
            ("ADV", "RB"),
            ("DET", "PDT"),
            ("VERB", "VBD"),
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (3, "advmod"),
            (3, "ccomp"),
            (0, "root"),
            (5, "nsubj"),
            (3, "ccomp"),
            (3, "punct"),
        ];
        repair_nominal_ccomp(&words, &tags, &mut tree);
        assert_eq!(tree[1], (3, "nsubj"));
        assert_eq!(tree[0], (2, "advmod"));
        assert_eq!(tree[4], (3, "ccomp"));
        // "An independent , Cuban said he left ."
        let words = ["An", "independent", ",", "Cuban", "said", "he", "left", "."];
        let tags = [
            ("DET", "DT"),
            ("ADJ", "JJ"),
            ("PUNCT", ","),
            ("ADJ", "JJ"),
            ("VERB", "VBD"),
            ("PRON", "PRP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "det"),
            (5, "ccomp"),
            (2, "punct"),
            (5, "advmod"),
            (0, "root"),
            (7, "nsubj"),
            (5, "ccomp"),
            (5, "punct"),
        ];
        repair_nominal_ccomp(&words, &tags, &mut tree);
        assert_eq!(tree[3], (5, "nsubj"));
        assert_eq!(tree[1], (5, "dislocated"));
    }

    #[test]
    fn a_time_phrase_after_an_auxiliary_is_no_subject() {
        // "Police had last month charged him ."
        let words = ["Police", "had", "last", "month", "charged", "him", "."];
        let tags = [
            ("NOUN", "NNS"),
            ("AUX", "VBD"),
            ("ADJ", "JJ"),
            ("NOUN", "NN"),
            ("VERB", "VBD"),
            ("PRON", "PRP"),
            ("PUNCT", "."),
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "amod"),
            (5, "nsubj"),
            (2, "ccomp"),
            (5, "obj"),
            (2, "punct"),
        ];
        repair_time_subject(&words, &tags, &mut tree);
        assert_eq!(
            tree,
            vec![
                (5, "nsubj"),
                (5, "aux"),
                (4, "amod"),
                (5, "obl:tmod"),
                (0, "root"),
                (5, "obj"),
                (5, "punct"),
            ]
        );
    }

    #[test]
    fn past_verb_read_as_a_modifier_of_its_object_heads_the_clause() {
        // "Leader rallied supporters , saying : go ."
        let tags = [
            ("NOUN", "NN"),
            ("VERB", "VBN"),
            ("NOUN", "NNS"),
            ("PUNCT", ","),
            ("VERB", "VBG"),
            ("PUNCT", ":"),
            ("VERB", "VB"),
            ("PUNCT", "."),
        ];
        let parsed = vec![
            (0, "root"),
            (3, "amod"),
            (1, "conj"),
            (5, "punct"),
            (1, "conj"),
            (7, "punct"),
            (5, "ccomp"),
            (1, "punct"),
        ];
        let mut tree = parsed.clone();
        repair_verb_read_as_modifier(&tags, &mut tree, "root");
        assert_eq!(tree[1], (0, "root"));
        assert_eq!(tree[0], (2, "nsubj"));
        assert_eq!(tree[2], (2, "obj"));
        assert_eq!(tree[4], (2, "advcl"));
        assert_eq!(tree[7], (2, "punct"));
        // With a finite verb elsewhere the reading stands.
        let mut tags2 = tags;
        tags2[4] = ("VERB", "VBD");
        let mut tree = parsed.clone();
        repair_verb_read_as_modifier(&tags2, &mut tree, "root");
        assert_eq!(tree, parsed);
    }

    #[test]
    fn that_before_a_subordinate_clause_marks_the_clause_after_it() {
        // "They argued that although Lazar confessed , he lied ."
        let words = [
            "They",
            "argued",
            "that",
            "although",
            "Lazar",
            "confessed",
            ",",
            "he",
            "lied",
            ".",
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (6, "mark"),
            (6, "mark"),
            (6, "nsubj"),
            (2, "ccomp"),
            (9, "punct"),
            (9, "nsubj"),
            (2, "parataxis"),
            (2, "punct"),
        ];
        repair_that_subordinate(&words, &mut tree);
        assert_eq!(tree[8], (2, "ccomp"));
        assert_eq!(tree[5], (9, "advcl"));
        assert_eq!(tree[2], (9, "mark"));
        assert_eq!(tree[3], (6, "mark"));
    }

    #[test]
    fn who_after_a_subject_after_its_verb_opens_a_relative_clause() {
        // "said Hollande , who returned ." with "returned" a ccomp of "said".
        let parsed = vec![
            (0, "root"),
            (1, "nsubj"),
            (5, "punct"),
            (5, "nsubj"),
            (1, "ccomp"),
            (1, "punct"),
        ];
        let mut tree = parsed.clone();
        repair_relative_after_subject(
            &["said", "Hollande", ",", "who", "returned", "."],
            &mut tree,
        );
        assert_eq!(tree[4], (2, "acl:relcl"));
        // A clause with a subject of its own stays what the verb says.
        let mut tree = parsed;
        repair_relative_after_subject(
            &["said", "Hollande", ",", "they", "returned", "."],
            &mut tree,
        );
        assert_eq!(tree[4], (1, "ccomp"));
    }

    #[test]
    fn the_subject_of_a_passive_verb_is_a_passive_subject() {
        // "Projects were signed ." / "Projects signed ."
        let mut tree = vec![(3, "nsubj"), (3, "aux:pass"), (0, "root"), (3, "punct")];
        repair_passive_subject(&mut tree);
        assert_eq!(tree[0], (3, "nsubj:pass"));
        let mut tree = vec![(2, "nsubj"), (0, "root"), (2, "punct")];
        repair_passive_subject(&mut tree);
        assert_eq!(tree[0], (2, "nsubj"));
    }

    #[test]
    fn a_name_after_a_fronted_phrase_is_the_subject() {
        // "On CNN , Trump continued ." with "Trump" flat under "CNN".
        let words = ["On", "CNN", ",", "Trump", "continued", "."];
        let tags = [
            ("ADP", "IN"),
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        let tree = vec![
            (2, "case"),
            (5, "obl"),
            (2, "punct"),
            (2, "flat"),
            (0, "root"),
            (5, "punct"),
        ];
        let mut t = tree.clone();
        repair_fronted_phrase_subject(&tags, &words, &mut t);
        assert_eq!(t[3], (5, "nsubj"));
        // A verb with a subject of its own keeps the phrase as it was.
        let mut t = tree;
        t[5] = (5, "nsubj");
        repair_fronted_phrase_subject(&tags, &words, &mut t);
        assert_eq!(t[3], (2, "flat"));
    }

    #[test]
    fn a_broken_list_of_names_is_coordinated() {
        let words = [
            "The",
            "US",
            ",",
            "Russia",
            ",",
            "and",
            "Switzerland",
            "met",
            ".",
        ];
        let tags = [
            ("DET", "DT"),
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("PROPN", "NNP"),
            ("PUNCT", ","),
            ("CCONJ", "CC"),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        // As the greedy parse had it: Russia a compound, Switzerland a second subject.
        let mut tree = vec![
            (2, "det"),
            (8, "nsubj"),
            (4, "punct"),
            (2, "compound"),
            (8, "punct"),
            (8, "cc"),
            (8, "nsubj"),
            (0, "root"),
            (8, "punct"),
        ];
        repair_name_list(&words, &tags, &mut tree);
        assert_eq!(tree[1], (8, "nsubj"));
        assert_eq!(tree[3], (2, "conj"));
        assert_eq!(tree[6], (2, "conj"));
        assert_eq!(tree[5], (7, "cc"));
        assert_eq!(tree[2], (4, "punct"));
        assert_eq!(tree[4], (7, "punct"));
        // Already coordinated: untouched.
        let before = tree.clone();
        repair_name_list(&words, &tags, &mut tree);
        assert_eq!(tree, before);
        // Two names are no list of three.
        let words = ["Russia", "and", "China", "met"];
        let tags = [
            ("PROPN", "NNP"),
            ("CCONJ", "CC"),
            ("PROPN", "NNP"),
            ("VERB", "VBD"),
        ];
        let mut tree = vec![(4, "nsubj"), (3, "cc"), (4, "nsubj"), (0, "root")];
        let before = tree.clone();
        repair_name_list(&words, &tags, &mut tree);
        assert_eq!(tree, before);
    }

    #[test]
    fn that_after_the_person_told_opens_the_clause() {
        // He told reporters that talks would resume.
        let words = [
            "He",
            "told",
            "reporters",
            "that",
            "talks",
            "would",
            "resume",
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (2, "iobj"),
            (7, "obj"),
            (7, "nsubj"),
            (7, "aux"),
            (3, "acl:relcl"),
        ];
        repair_told_that(&words, &mut tree);
        assert_eq!(tree[6], (2, "ccomp"));
        assert_eq!(tree[3], (7, "mark"));
        assert_eq!(tree[2], (2, "obj"));
        // A real relative clause has no subject of its own: unchanged.
        let words = ["He", "told", "people", "that", "came"];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (5, "nsubj"),
            (3, "acl:relcl"),
        ];
        let before = tree.clone();
        repair_told_that(&words, &mut tree);
        assert_eq!(tree, before);
        // He told Reuters by telephone that the border closed: the clause
        // hung on the oblique is the telling's.
        let words = [
            "He",
            "told",
            "Reuters",
            "by",
            "telephone",
            "that",
            "the",
            "border",
            "closed",
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (2, "iobj"),
            (5, "case"),
            (2, "obl"),
            (9, "mark"),
            (8, "det"),
            (9, "nsubj"),
            (5, "acl:relcl"),
        ];
        repair_told_that(&words, &mut tree);
        assert_eq!(tree[8], (2, "ccomp"));
        // "He said at a conference that the border closed": a verb of
        // saying; the clause read as the oblique's `acl`.
        let words = [
            "He",
            "said",
            "at",
            "conference",
            "that",
            "the",
            "border",
            "closed",
        ];
        let mut tree = vec![
            (2, "nsubj"),
            (0, "root"),
            (4, "case"),
            (2, "obl"),
            (8, "mark"),
            (7, "det"),
            (8, "nsubj"),
            (4, "acl"),
        ];
        repair_told_that(&words, &mut tree);
        assert_eq!(tree[7], (2, "ccomp"));
        assert_eq!(tree[4], (8, "mark"));
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1 <- 3, 2 <- 4 crosses (heads: 1:3, 2:4, 3:0, 4:3)
        let h = vec![0, 3, 4, 0, 3];
        assert!(!is_projective(&h));
        let p = projectivize(&h);
        assert!(is_projective(&p));
        assert_eq!(p, vec![0, 3, 3, 0, 3]);
        let ok = vec![0, 2, 0, 2];
        assert_eq!(projectivize(&ok), ok);
    }

    #[test]
    fn oracle_reproduces_projective_trees() {
        for s in tiny_corpus() {
            let mut h = vec![0];
            h.extend(s.tokens.iter().map(|t| t.head));
            assert!(is_projective(&h));
            assert_eq!(oracle_heads(&h), h);
        }
        // A few hand-made shapes: chains, flat, nested.
        for h in [
            vec![0, 0, 1, 2, 3],
            vec![0, 4, 4, 4, 0],
            vec![0, 0, 1, 1, 1],
            vec![0, 2, 0, 4, 2, 4, 2],
        ] {
            assert_eq!(oracle_heads(&h), h);
        }
    }

    #[test]
    fn parser_fits_tiny_corpus_and_roundtrips() {
        let data = tiny_corpus();
        let opts = ParserOptions {
            epochs: 15,
            move_bits: 14,
            label_bits: 12,
            prune: 0,
            ..Default::default()
        };
        let p = Parser::train(&data, None, &opts);
        assert_eq!(p.attachment(&data), (1.0, 1.0));
        let p2 = Parser::from_bytes(&p.to_bytes()).unwrap();
        assert_eq!(p2.attachment(&data), (1.0, 1.0));
        let out = p2.parse(
            &["The", "cat", "sleeps"],
            &[("DET", "DT"), ("NOUN", "NN"), ("VERB", "VBZ")],
        );
        assert_eq!(out, vec![(2, "det"), (3, "nsubj"), (0, "root")]);
        // With the second-pass labeller.
        let opts = ParserOptions {
            relabel_epochs: 5,
            ..opts
        };
        let p = Parser::train(&data, None, &opts);
        assert!(p.relabeler.is_some());
        let p2 = Parser::from_bytes(&p.to_bytes()).unwrap();
        assert_eq!(p2.attachment(&data), p.attachment(&data));
        assert!(p.attachment(&data).0 == 1.0);
    }
}
