//! Dictionaries: data files under `data/lexicon/`, compiled once at load
//! into hash maps and Aho-Corasick matchers. Nothing here is a match
//! statement over words: to change what wirecode knows, edit the data.

mod actors;
mod events;
mod people;
mod places;
mod teams;

pub use actors::{ActorEntry, ActorKind, ActorLexicon, ActorMatch};
pub use events::{CameoCode, EventLexicon, NounPhrase, RoleWord, VerbPattern};
pub use people::{family_name_first, name_key, ymd, Agent, Agents, People, Person, Role, Ymd};
pub use places::{Gazetteer, PlaceEntry, PlaceKind};
pub use teams::Teams;

use std::collections::HashMap;
use std::sync::OnceLock;

/// Whether `text[start..end]` stands as whole words: no letter, digit or
/// hyphen touches it on either side.
pub(crate) fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric() && c != '-')
        && after.is_none_or(|c| !c.is_alphanumeric() && c != '-')
}

/// Non-empty, non-comment lines of a data file, split on tabs.
pub fn tsv_rows(s: &str) -> impl Iterator<Item = Vec<&str>> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// What an attribution cue says about its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// A plain speech act: said, told, added.
    Speech,
    /// Belief, intention or feeling: believes, wants.
    Stance,
    /// A claim another party may contest: claimed, alleged.
    Claim,
    /// An accusation: accused, blamed.
    Accuse,
    /// A denial or rejection: denied, rejected.
    Deny,
}

impl CueKind {
    /// The kind named in a cue file's kind column; anything else is speech.
    pub fn from_name(name: &str) -> CueKind {
        match name {
            "stance" => CueKind::Stance,
            "claim" => CueKind::Claim,
            "accuse" => CueKind::Accuse,
            "deny" => CueKind::Deny,
            _ => CueKind::Speech,
        }
    }
}

/// An attribution cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub lemma: &'static str,
    pub kind: CueKind,
}

/// Flags for capitalised words that hint at an entity's type.
pub mod entity_cue {
    /// Precedes a person's name ("President").
    pub const TITLE: u16 = 1;
    /// Can sit inside a multi-word title ("Foreign").
    pub const TITLE_WORD: u16 = 2;
    /// Ends an organisation's name ("Council").
    pub const ORG_SUFFIX: u16 = 4;
    /// Starts an organisation's name ("Ministry").
    pub const ORG_HEAD: u16 = 8;
    /// Capitalised, but not a name by itself ("The", "However").
    pub const NOT_ENTITY: u16 = 16;
    /// Starts a place name ("East", "Lake").
    pub const LOC_PREFIX: u16 = 32;
    /// A group of people by ethnicity, religion, region or party ("Kurds").
    pub const NORP: u16 = 64;
    /// A language's name ("Arabic"): a miscellaneous name.
    pub const MISC_WORD: u16 = 128;
    /// A one-word event or holiday ("Wimbledon", "Ramadan").
    pub const EVENT: u16 = 256;
    /// Ends an event's name after another capital ("World Cup", "Gulf War").
    pub const EVENT_SUFFIX: u16 = 512;
    /// A region or landmark without a state ("Middle East"), matched as the
    /// whole name.
    pub const REGION: u16 = 1024;
    /// A word of sports reporting ("innings", "striker").
    pub const SPORT: u16 = 2048;
    /// Ends a company's name ("Inc", "Airlines"); also an [`ORG_SUFFIX`].
    pub const COMPANY: u16 = 4096;
    /// Before a place's name, makes an organisation ("Air France").
    pub const ORG_PREFIX: u16 = 8192;
    /// Ends a competition's name in a heading in capitals ("NATIONAL
    /// LEAGUE", "WESTERN DIVISION"); in running text such names are often
    /// bodies ("Arab League"), so only capitals read it.
    pub const HEADING_SUFFIX: u16 = 16384;
}

/// Calendar words: months and weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateWord {
    /// Month number 1..=12.
    Month(u32),
    /// Weekday 1 (Monday) ..= 7 (Sunday).
    Weekday(u32),
}

/// The built-in word lists, loaded once per process.
pub struct Words {
    cues: HashMap<&'static str, Cue>,
    /// The same cues by lemma, for the forms the list does not spell out.
    cue_lemmas: HashMap<&'static str, Cue>,
    entity_cues: HashMap<&'static str, u16>,
    dates: HashMap<&'static str, DateWord>,
}

impl Words {
    /// The built-in lists (parsed on first use).
    pub fn get() -> &'static Words {
        static W: OnceLock<Words> = OnceLock::new();
        W.get_or_init(|| {
            let mut cues = HashMap::new();
            for r in tsv_rows(include_str!("../../../data/lexicon/cues.tsv")) {
                if r.len() < 3 {
                    continue;
                }
                let kind = CueKind::from_name(r[2]);
                cues.insert(r[0], Cue { lemma: r[1], kind });
            }
            let cue_lemmas = cues.values().map(|c: &Cue| (c.lemma, *c)).collect();
            let mut entity_cues: HashMap<&str, u16> = HashMap::new();
            let entity_rows = tsv_rows(include_str!("../../../data/lexicon/entity-cues.tsv"))
                .chain(tsv_rows(include_str!(
                    "../../../data/lexicon/org-words.tsv"
                )))
                .chain(tsv_rows(include_str!(
                    "../../../data/lexicon/group-words.tsv"
                )));
            for r in entity_rows {
                let flag = match r.get(1).copied() {
                    Some("title") => entity_cue::TITLE,
                    Some("person_title_word") => entity_cue::TITLE_WORD,
                    Some("org_suffix") => entity_cue::ORG_SUFFIX,
                    Some("company") => entity_cue::ORG_SUFFIX | entity_cue::COMPANY,
                    Some("org_prefix") => entity_cue::ORG_PREFIX,
                    Some("org_head") => entity_cue::ORG_HEAD,
                    Some("not_entity") => entity_cue::NOT_ENTITY,
                    Some("loc_prefix") => entity_cue::LOC_PREFIX,
                    Some("norp") => entity_cue::NORP,
                    Some("misc_word") => entity_cue::MISC_WORD,
                    Some("event") => entity_cue::EVENT,
                    Some("event_suffix") => entity_cue::EVENT_SUFFIX,
                    Some("region") => entity_cue::REGION,
                    Some("sport") => entity_cue::SPORT,
                    Some("heading_suffix") => entity_cue::HEADING_SUFFIX,
                    _ => continue,
                };
                *entity_cues.entry(r[0]).or_default() |= flag;
            }
            let mut dates = HashMap::new();
            for r in tsv_rows(include_str!("../../../data/lexicon/dates.tsv")) {
                let (Some(kind), Some(v)) = (r.get(1), r.get(2).and_then(|v| v.parse().ok()))
                else {
                    continue;
                };
                let w = if *kind == "month" {
                    DateWord::Month(v)
                } else {
                    DateWord::Weekday(v)
                };
                dates.insert(r[0], w);
            }
            Words {
                cues,
                cue_lemmas,
                entity_cues,
                dates,
            }
        })
    }

    /// The cue for a word form (lower case), if it is one.
    pub fn cue(&self, lower: &str) -> Option<Cue> {
        self.cues.get(lower).copied()
    }

    /// The cue whose lemma is `lemma` ("point" for "points", which the list
    /// may not spell out), if any; for verbs, whose lemma the tagger knows.
    pub fn cue_lemma(&self, lemma: &str) -> Option<Cue> {
        self.cue_lemmas.get(lemma).copied()
    }

    /// Entity-cue flags of a capitalised word (0 when none).
    /// Words in capitals read as their title-case form for the flags that
    /// capitals do not blur: event words of three letters or more ("CUP"),
    /// sentence openers of four or more ("BASEBALL"; "WHO" is an acronym).
    pub fn entity_cue(&self, word: &str) -> u16 {
        if let Some(&f) = self.entity_cues.get(word) {
            return f;
        }
        if word.len() >= 3 && word.chars().all(char::is_uppercase) {
            let mut cs = word.chars();
            let first = cs.next().into_iter();
            let title: String = first.chain(cs.flat_map(char::to_lowercase)).collect();
            let f = self.entity_cues.get(title.as_str()).copied().unwrap_or(0);
            let events = entity_cue::EVENT_SUFFIX | entity_cue::HEADING_SUFFIX;
            let keep = if word.len() >= 4 {
                entity_cue::NOT_ENTITY | events
            } else {
                events
            };
            return f & keep;
        }
        0
    }

    /// The calendar meaning of a word, if any.
    pub fn date_word(&self, word: &str) -> Option<DateWord> {
        self.dates.get(word).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_load() {
        let w = Words::get();
        assert_eq!(w.cue("said").unwrap().lemma, "say");
        assert_eq!(w.cue("denied").unwrap().kind, CueKind::Deny);
        assert_eq!(w.cue("believes").unwrap().kind, CueKind::Stance);
        assert!(w.cue("table").is_none());
        assert!(w.entity_cue("Council") & entity_cue::ORG_SUFFIX != 0);
        assert!(w.entity_cue("Ministry") & entity_cue::ORG_HEAD != 0);
        assert!(w.entity_cue("However") & entity_cue::NOT_ENTITY != 0);
        assert_eq!(w.date_word("Tuesday"), Some(DateWord::Weekday(2)));
        assert_eq!(w.date_word("Dec."), Some(DateWord::Month(12)));
    }
}
