//! Word lists the segmenter needs, loaded once from `data/text/`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How an abbreviation behaves at a sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Precedes a name ("Mr.", "Gen."): never ends a sentence.
    Title,
    /// May end a sentence ("U.S.", "Inc.") when a new one clearly starts.
    Other,
}

struct Lists {
    abbrevs: HashMap<&'static str, AbbrevKind>,
    hyphen_prefixes: Vec<&'static str>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let mut abbrevs = HashMap::new();
        for line in data_lines(include_str!("../../../data/text/abbreviations.tsv")) {
            let mut f = line.split('\t');
            let form = f.next().unwrap_or_default();
            let kind = match f.next() {
                Some("title") => AbbrevKind::Title,
                _ => AbbrevKind::Other,
            };
            abbrevs.insert(form, kind);
        }
        let hyphen_prefixes =
            data_lines(include_str!("../../../data/text/hyphen-prefixes.txt")).collect();
        Lists {
            abbrevs,
            hyphen_prefixes,
        }
    })
}

/// Non-empty, non-comment lines of a bundled data file.
fn data_lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The abbreviation class of `form` (written without its final period), if
/// it is one: listed forms, single capital initials ("J"), and dotted letter
/// groups ("U.S", "a.m", "D.C").
pub fn abbreviation(form: &str) -> Option<AbbrevKind> {
    if let Some(k) = lists().abbrevs.get(form) {
        return Some(*k);
    }
    let mut chars = form.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return Some(AbbrevKind::Title);
        }
    }
    if form.contains('.')
        && form
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return Some(AbbrevKind::Other);
    }
    // A party-and-state label ("D-N.Y.", "R-Mass."): the part after the
    // hyphen decides.
    if let Some((left, right)) = form.rsplit_once('-') {
        if !left.is_empty() && left.chars().all(char::is_alphabetic) && !right.is_empty() {
            let known = lists().abbrevs.contains_key(right)
                || (right.contains('.') && abbreviation(right).is_some());
            return known.then_some(AbbrevKind::Other);
        }
    }
    None
}

/// True when a hyphen after `left` keeps the compound as one token.
pub fn keeps_hyphen(left: &str) -> bool {
    let lower = left.to_lowercase();
    lists().hyphen_prefixes.iter().any(|p| *p == lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_classes() {
        assert_eq!(abbreviation("Mr"), Some(AbbrevKind::Title));
        assert_eq!(abbreviation("U.S"), Some(AbbrevKind::Other));
        assert_eq!(abbreviation("J"), Some(AbbrevKind::Title));
        assert_eq!(abbreviation("said"), None);
        assert_eq!(abbreviation("a"), None);
        assert!(keeps_hyphen("Co"));
        assert!(!keeps_hyphen("three"));
    }
}
