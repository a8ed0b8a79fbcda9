//! Evaluation: CoNLL 2018-style tagging and attachment scores plus throughput.

use crate::conllu::Sentence;
use crate::{Parser, Tagger};
use std::fmt;
use std::time::Instant;

/// Scores over all words (punctuation included).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// UPOS accuracy (0..1).
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score, CoNLL 2018 style: only the universal part
    /// of the label (before `:`) is compared.
    pub las: f64,
    /// Labelled attachment score comparing full labels (with subtypes).
    pub las_full: f64,
    /// Lemma accuracy of [`crate::lemma()`] on predicted tags (case-sensitive).
    pub lemma: f64,
    /// Number of words scored.
    pub tokens: usize,
    /// Wall time of tagging + parsing (excluding lemmatisation and scoring).
    pub seconds: f64,
}

impl Scores {
    /// Tagging + parsing throughput.
    pub fn tokens_per_second(&self) -> f64 {
        self.tokens as f64 / self.seconds.max(1e-9)
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2} (full-label LAS {:.2}) lemma {:.2} | {} tokens, {:.0} tok/s",
            100.0 * self.upos,
            100.0 * self.xpos,
            100.0 * self.uas,
            100.0 * self.las,
            100.0 * self.las_full,
            100.0 * self.lemma,
            self.tokens,
            self.tokens_per_second()
        )
    }
}

fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

/// Tags and parses `gold` (gold tokenisation, predicted tags fed to the
/// parser) and scores the output against it.
pub fn score(gold: &[Sentence], tagger: &Tagger, parser: &Parser) -> Scores {
    let words: Vec<Vec<&str>> = gold.iter().map(|s| s.words()).collect();
    let start = Instant::now();
    let out: Vec<_> = words
        .iter()
        .map(|w| {
            let tags = tagger.tag(w);
            let tree = parser.parse(w, &tags);
            (tags, tree)
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let mut c = [0usize; 6];
    let mut n = 0;
    for (s, (tags, tree)) in gold.iter().zip(&out) {
        for ((t, (u, x)), (h, l)) in s.tokens.iter().zip(tags).zip(tree) {
            n += 1;
            c[0] += (t.upos == *u) as usize;
            c[1] += (t.xpos == *x) as usize;
            if t.head == *h {
                c[2] += 1;
                c[3] += (universal(&t.deprel) == universal(l)) as usize;
                c[4] += (t.deprel == *l) as usize;
            }
            c[5] += (crate::lemma(&t.form, u, x) == t.lemma) as usize;
        }
    }
    let r = |k: usize| c[k] as f64 / n.max(1) as f64;
    Scores {
        upos: r(0),
        xpos: r(1),
        uas: r(2),
        las: r(3),
        las_full: r(4),
        lemma: r(5),
        tokens: n,
        seconds,
    }
}
