//! Reading CoNLL-U files (Universal Dependencies).
//!
//! Multiword-token lines (`1-2`) and empty nodes (`1.1`) are skipped; for each
//! syntactic word we keep FORM, LEMMA, UPOS, XPOS, HEAD and DEPREL.

use crate::{Error, Result};
use std::path::Path;

/// One syntactic word of a sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Token {
    /// Surface form.
    pub form: String,
    /// Lemma (`_` when absent).
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Language-specific (Penn Treebank for English) tag.
    pub xpos: String,
    /// Head index: 0 = root, otherwise 1-based index into the sentence.
    pub head: usize,
    /// Dependency relation, full label including subtype (e.g. `nsubj:pass`).
    pub deprel: String,
}

/// A sentence: its words in order (word `i` has 1-based id `i + 1`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The words.
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The surface forms, borrowed.
    pub fn words(&self) -> Vec<&str> {
        self.tokens.iter().map(|t| t.form.as_str()).collect()
    }
    /// Number of words.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
    /// True when the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// Reads CoNLL-U from `path_or_str`: if the argument contains a newline or a
/// tab it is parsed as CoNLL-U text, otherwise it is treated as a file path.
pub fn read(path_or_str: &str) -> Result<Vec<Sentence>> {
    if path_or_str.contains('\n') || path_or_str.contains('\t') {
        parse_str(path_or_str)
    } else {
        read_file(path_or_str)
    }
}

/// Reads and parses a CoNLL-U file.
pub fn read_file(path: impl AsRef<Path>) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path.as_ref())
        .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))?;
    parse_str(&text)
}

/// Parses CoNLL-U text.
pub fn parse_str(text: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let f: Vec<&str> = std::iter::once(id).chain(cols).collect();
        if f.len() < 8 {
            return Err(Error::Format(format!(
                "line {}: expected 10 columns, got {}",
                lineno + 1,
                f.len()
            )));
        }
        let head = if f[6] == "_" {
            0
        } else {
            f[6].parse::<usize>()
                .map_err(|_| Error::Format(format!("line {}: bad HEAD {:?}", lineno + 1, f[6])))?
        };
        cur.tokens.push(Token {
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            head,
            deprel: f[7].to_string(),
        });
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Serialises sentences back to (minimal) CoNLL-U text.
pub fn to_string(sents: &[Sentence]) -> String {
    let mut s = String::new();
    for sent in sents {
        for (i, t) in sent.tokens.iter().enumerate() {
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                i + 1,
                t.form,
                t.lemma,
                t.upos,
                t.xpos,
                t.head,
                t.deprel
            ));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = Don't go.\n1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n3.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t3:conj\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_sentences_skipping_mwt_and_empty_nodes() {
        let s = read(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].len(), 4);
        assert_eq!(s[0].words(), vec!["Do", "n't", "go", "."]);
        assert_eq!(s[0].tokens[1].lemma, "not");
        assert_eq!(s[0].tokens[0].head, 3);
        assert_eq!(s[0].tokens[2].deprel, "root");
        assert_eq!(s[0].tokens[3].xpos, ".");
        assert_eq!(s[1].tokens[0].upos, "INTJ");
        let again = parse_str(&to_string(&s)).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn bad_head_is_an_error() {
        assert!(parse_str("1\ta\ta\tX\tX\t_\tz\tdep\t_\t_\n").is_err());
    }
}
