//! Attribution cues with their frames, from `data/quotes/cues.tsv`: verbs the
//! lexicon's cue list lacks ("conceded", "endorsed", "bragged about") and cue
//! nouns ("X's claim that ..."), each with the places its content can take.

use std::collections::HashMap;
use std::sync::OnceLock;

use wirecode_lexicon::{tsv_rows, CueKind};

/// Where the content of a cue is found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frames {
    /// A clausal complement ("conceded that ...").
    pub clause: bool,
    /// A to-infinitive ("proposed to ...").
    pub infinitive: bool,
    /// The direct object ("endorsed the plan").
    pub object: bool,
    /// The object of one of these prepositions ("bragged about ...").
    pub preps: Vec<&'static str>,
}

/// One cue of the table.
#[derive(Debug, Clone)]
pub struct FrameCue {
    /// What the cue says about its content.
    pub kind: CueKind,
    /// True for a cue noun ("claim", "warning").
    pub noun: bool,
    /// Where the content is (unused for nouns).
    pub frames: Frames,
}

/// The cue table: word form (lower case) to the cues it may be.
pub struct FrameCues {
    by_form: HashMap<String, Vec<FrameCue>>,
}

/// Regular inflections of a verb: -s, -ed, -ing (final e and consonant + y handled).
fn verb_forms(lemma: &str) -> Vec<String> {
    let mut v = vec![lemma.to_string()];
    let last = lemma.chars().last().unwrap_or(' ');
    let before = lemma.chars().rev().nth(1).unwrap_or(' ');
    let vowel = |c: char| "aeiou".contains(c);
    if last == 'e' {
        let stem = &lemma[..lemma.len() - 1];
        v.push(format!("{lemma}s"));
        v.push(format!("{lemma}d"));
        v.push(format!("{stem}ing"));
    } else if last == 'y' && !vowel(before) {
        let stem = &lemma[..lemma.len() - 1];
        v.push(format!("{stem}ies"));
        v.push(format!("{stem}ied"));
        v.push(format!("{lemma}ing"));
    } else {
        let sibilant =
            lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("sh") || lemma.ends_with("ch");
        v.push(if sibilant {
            format!("{lemma}es")
        } else {
            format!("{lemma}s")
        });
        v.push(format!("{lemma}ed"));
        v.push(format!("{lemma}ing"));
    }
    v
}

impl FrameCues {
    /// Parses a table in the format of `data/quotes/cues.tsv`.
    pub fn parse(tsv: &'static str) -> FrameCues {
        let mut by_form: HashMap<String, Vec<FrameCue>> = HashMap::new();
        for r in tsv_rows(tsv) {
            if r.len() < 3 {
                continue;
            }
            let kind = CueKind::from_name(r[1]);
            let mut frames = Frames::default();
            let mut noun = false;
            for f in r[2].split(',') {
                match f {
                    "c" => frames.clause = true,
                    "x" => frames.infinitive = true,
                    "o" => frames.object = true,
                    "n" => noun = true,
                    p => {
                        if let Some(list) = p.strip_prefix("p:") {
                            frames.preps.extend(list.split('|'));
                        }
                    }
                }
            }
            let forms: Vec<String> = match r.get(3) {
                Some(f) if !f.is_empty() => f.split(',').map(str::to_string).collect(),
                _ if noun => vec![r[0].to_string(), format!("{}s", r[0])],
                _ => verb_forms(r[0]),
            };
            let cue = FrameCue { kind, noun, frames };
            for f in forms {
                by_form.entry(f).or_default().push(cue.clone());
            }
        }
        FrameCues { by_form }
    }

    /// The table in `data/quotes/cues.tsv`, parsed once per process.
    pub fn get() -> &'static FrameCues {
        static T: OnceLock<FrameCues> = OnceLock::new();
        T.get_or_init(|| FrameCues::parse(include_str!("../../../../data/quotes/cues.tsv")))
    }

    /// The verb cue for a lower-case word form.
    pub fn verb(&self, lower: &str) -> Option<&FrameCue> {
        self.by_form.get(lower)?.iter().find(|c| !c.noun)
    }

    /// The noun cue for a lower-case word form.
    pub fn noun(&self, lower: &str) -> Option<&FrameCue> {
        self.by_form.get(lower)?.iter().find(|c| c.noun)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_and_listed_forms() {
        let t = FrameCues::get();
        for f in ["concede", "concedes", "conceded", "conceding"] {
            assert!(t.verb(f).is_some_and(|c| c.frames.clause), "{f}");
        }
        assert_eq!(t.verb("worried").map(|c| c.kind), Some(CueKind::Stance));
        assert_eq!(t.verb("bragged").map(|c| c.kind), Some(CueKind::Speech));
        assert!(t.verb("braged").is_none());
        assert!(t.verb("touted").unwrap().frames.object);
        assert_eq!(t.verb("boasted").unwrap().frames.preps, vec!["about", "of"]);
        // "claims" is a noun cue here (the verb is the lexicon's).
        assert_eq!(t.noun("claims").map(|c| c.kind), Some(CueKind::Claim));
        assert!(t.noun("endorse").is_none());
    }

    #[test]
    fn inflections() {
        assert_eq!(verb_forms("urge"), ["urge", "urges", "urged", "urging"]);
        assert_eq!(
            verb_forms("testify"),
            ["testify", "testifies", "testified", "testifying"]
        );
        assert_eq!(
            verb_forms("stress"),
            ["stress", "stresses", "stressed", "stressing"]
        );
        assert_eq!(verb_forms("tout"), ["tout", "touts", "touted", "touting"]);
    }
}
