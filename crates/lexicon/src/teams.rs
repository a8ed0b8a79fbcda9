//! Sports team names ("Surrey", "Manchester City", "All Blacks"): in a
//! story about sport, a place's or person's name is often its team's.
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::tsv_rows;

/// Compiled team names (case-sensitive, whole words, longest first).
pub struct Teams {
    matcher: AhoCorasick,
}

impl Teams {
    /// The built-in list, compiled on first use.
    pub fn builtin() -> &'static Teams {
        static T: OnceLock<Teams> = OnceLock::new();
        T.get_or_init(|| Teams::parse(include_str!("../../../data/lexicon/teams.tsv")))
    }

    /// Teams from `name<TAB>sport` rows.
    pub fn parse(tsv: &str) -> Teams {
        let names: Vec<&str> = tsv_rows(tsv)
            .filter(|r| r.len() >= 2 && r[0] != "name")
            .map(|r| r[0])
            .collect();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names)
            .expect("team patterns compile");
        Teams { matcher }
    }

    /// Whole-word team names in `text`: (start, end) byte spans, left to right.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        self.matcher
            .find_iter(text)
            .filter(|m| crate::whole_word(text, m.start(), m.end()))
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_longest_first() {
        let t =
            Teams::parse("name\tsport\nManchester City\tfootball\nCity\tfootball\nKent\tcricket\n");
        let text = "Manchester City beat Kentish Town; Kent lost.";
        let hits: Vec<&str> = t.find(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(hits, vec!["Manchester City", "Kent"]);
    }
}
