//! `wirecode-nlp`: a small, fast, pure-Rust English part-of-speech tagger,
//! lemmatiser and transition-based dependency parser trained on Universal
//! Dependencies treebanks.
//!
//! * [`conllu`] reads CoNLL-U treebanks.
//! * [`Clusters`] are word classes learnt from unlabelled text.
//! * [`Tagger`] predicts joint (UPOS, XPOS) tags with an averaged perceptron.
//! * [`lemma()`] is a rule-based English lemmatiser.
//! * [`Ner`] is a named-entity recogniser (averaged perceptron, BIO tags).
//! * [`Parser`] is an arc-eager parser (dynamic oracle, averaged perceptron).
//! * [`eval::score`] computes CoNLL 2018-style scores and throughput.

pub mod clusters;
pub mod conllu;
pub mod eval;
pub mod hash;
pub mod lemma;
pub mod model;
pub mod ner;
pub mod parser;
pub mod tagger;
pub mod train;

pub use clusters::{ClusterOptions, Clusters};
pub use conllu::{Sentence, Token};
pub use lemma::lemma;
pub use ner::{Ner, NerDicts, NerOptions, NerSentence};
pub use parser::{Parser, ParserOptions};
pub use tagger::{Tagger, TaggerOptions};

/// Errors from reading data or models.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// File-system error (message includes the path).
    #[error("io error: {0}")]
    Io(String),
    /// Malformed CoNLL-U or model bytes.
    #[error("format error: {0}")]
    Format(String),
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// Hash map keyed by pre-hashed u64s.
pub type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;
