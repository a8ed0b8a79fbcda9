//! Feature helpers shared by the learned stages (attribution cues, event
//! types): hashed feature names, word lemmas and the tagger's word clusters.

use wirecode_doc::Doc;
use wirecode_nlp::hash::{hash_str, mix};

/// Token `k`'s text in lower case.
pub(crate) fn lower(doc: &Doc, k: usize) -> String {
    doc.token_text(k).to_lowercase()
}

/// `w` with its first letter upper-cased ("minister" -> "Minister"), as
/// the entity-cue list spells title and organisation words.
pub(crate) fn capitalised(w: &str) -> String {
    let mut cs = w.chars();
    cs.next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// Token `k`'s lemma, from its text and tags.
pub(crate) fn lemma_of(doc: &Doc, k: usize) -> String {
    let t = &doc.tokens[k];
    wirecode_nlp::lemma(&lower(doc, k), t.upos.unwrap_or("X"), t.xpos.unwrap_or("X")).into_owned()
}

/// Pushes the hash of feature `name` with its `parts`.
pub(crate) fn feat(out: &mut Vec<u64>, name: &str, parts: &[&str]) {
    let mut h = hash_str(name);
    for p in parts {
        h = mix(h, hash_str(p));
    }
    out.push(h);
}

/// Shuffles `v` in place with a xorshift generator whose state is `rng`
/// (seeded, so training passes visit examples in a reproducible order).
pub(crate) fn shuffle(v: &mut [usize], rng: &mut u64) {
    for i in (1..v.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        v.swap(i, (*rng % (i as u64 + 1)) as usize);
    }
}

/// The word clusters the tagger uses (features that carry what a model
/// learns about one word to words used like it). A table that does not
/// read gives no classes (every word unknown), as a model trained without
/// clusters would see.
pub(crate) fn clusters() -> &'static wirecode_nlp::Clusters {
    static C: std::sync::OnceLock<wirecode_nlp::Clusters> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let bytes: &[u8] = include_bytes!("../../../data/models/clusters.bin");
        wirecode_nlp::Clusters::from_saved(bytes).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_cluster_table_reads() {
        // The table is stored compressed; reading it raw once left every
        // word without a class and the learned stages without the feature.
        let c = clusters();
        assert!(c.len() > 1000, "{} words", c.len());
        assert_ne!(c.of("said"), c.of("Kremlin"));
    }
}
