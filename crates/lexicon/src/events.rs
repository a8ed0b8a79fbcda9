//! The event ontology and dictionaries: CAMEO codes with their names,
//! Goldstein scores, QuadClass and PLOVER types (`data/events/cameo.tsv`),
//! and our verb and noun patterns (`data/events/verbs.tsv`, `nouns.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::tsv_rows;

/// Facts about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    pub quad_class: u8,
    pub plover: Option<String>,
}

/// A verb pattern: the verb's lemma, the words its clause must hold after
/// it (in order), and the code. `@word` marks the preposition whose object
/// is the target; `<word` the preposition whose object is the source, the
/// verb's subject then being the target ("X received aid from Y").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbPattern {
    pub lemma: String,
    pub after: Vec<String>,
    pub target_prep: Option<String>,
    pub source_prep: Option<String>,
    /// `+obj` in the pattern: the verb must have a direct object (or a
    /// passive subject), so "X returned the statue to Y" is coded and "X
    /// returned to Y" is not.
    pub needs_object: bool,
    /// `+both` in the pattern: a verb with everyday senses ("beat",
    /// "hit", "fight") codes only when both sides name actors and the story
    /// is not about sport ("Arsenal beat Chelsea", "the dollar hit a high").
    pub needs_both: bool,
    /// `+place` in the pattern: the target must be a place ("took control
    /// of the town", not of a company).
    pub needs_place: bool,
    /// `+literal` in the pattern: a target that is neither an actor nor a
    /// place makes the verb figurative ("attacked the plan"): no event.
    pub needs_literal: bool,
    /// `+mutual` in the pattern: "X and Y met", "X and Y clashed" with no
    /// target named is each side acting on the other (two events).
    pub mutual: bool,
    /// `+plover=TYPE` in the pattern: the PLOVER type when the CAMEO
    /// code's mapped type is too coarse for this sense. "X charged Y with
    /// fraud" is CAMEO 173 (arrest, detain or charge), which the map sends
    /// to COERCE; PLOVER types charging and indicting as ACCUSE.
    pub plover: Option<String>,
    pub code: String,
    /// Required words that are not function words: more is more specific.
    pub content_words: usize,
}

const FUNCTION_WORDS: &[&str] = &[
    "about", "across", "against", "aside", "as", "at", "away", "back", "behind", "between", "by",
    "down", "for", "from", "in", "into", "of", "off", "on", "out", "over", "that", "to", "up",
    "with",
];

impl VerbPattern {
    /// The preposition that introduces the target, if the pattern names one.
    pub fn target_prep(&self) -> Option<&str> {
        self.target_prep.as_deref()
    }
}

/// An event noun of several words ("air strike", "call for ceasefire",
/// "cease-fire": hyphens separate words, as the tokeniser splits them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NounPhrase {
    /// Lower-case words in order; each matches a token's form or lemma.
    pub words: Vec<String>,
    pub code: String,
}

/// The compiled event dictionaries.
pub struct EventLexicon {
    codes: HashMap<String, CameoCode>,
    verbs: HashMap<String, Vec<VerbPattern>>,
    nouns: HashMap<String, String>,
    /// Phrases of several words, by their last word, longest first.
    noun_phrases: HashMap<String, Vec<NounPhrase>>,
    /// Act code prefix -> code of the announced act (`data/events/intent.tsv`).
    intents: HashMap<String, String>,
    /// Act code prefix -> code of the refused act (same file).
    refusals: HashMap<String, String>,
    /// Word -> the [`RoleWord`] kinds it has, as bits
    /// (`data/events/participant-words.tsv`).
    role_words: HashMap<String, u8>,
    /// PLOVER type -> CAMEO code for events the learned model types
    /// (`data/events/types.tsv`).
    type_codes: HashMap<String, String>,
}

/// What a word says about an event participant
/// (`data/events/participant-words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleWord {
    /// A noun for people ("man", "hostage"): can act, be attacked or abducted.
    People,
    /// A group, weapon or vehicle ("gang", "missile", "convoy"): can act or be attacked.
    Actor,
    /// A place that can be attacked, taken or held ("town", "airport").
    Place,
    /// A word that makes an attack physical ("knife", "wounded").
    Force,
    /// A verb whose subject reports, sees or undergoes the event its
    /// object names ("reported shelling", "feared an attack"): no part in it.
    Observer,
}

impl RoleWord {
    fn bit(self) -> u8 {
        1 << self as u8
    }
}

impl EventLexicon {
    /// The built-in dictionaries, parsed on first use.
    pub fn builtin() -> &'static EventLexicon {
        static E: OnceLock<EventLexicon> = OnceLock::new();
        E.get_or_init(|| {
            EventLexicon::parse(
                include_str!("../../../data/events/cameo.tsv"),
                include_str!("../../../data/events/verbs.tsv"),
                include_str!("../../../data/events/nouns.tsv"),
            )
            .with_intents(include_str!("../../../data/events/intent.tsv"))
            .with_role_words(include_str!("../../../data/events/participant-words.tsv"))
            .with_type_codes(include_str!("../../../data/events/types.tsv"))
        })
    }

    /// Builds the dictionaries from the three TSV texts.
    pub fn parse(cameo: &str, verbs: &str, nouns: &str) -> EventLexicon {
        let mut codes = HashMap::new();
        for r in tsv_rows(cameo) {
            if r.len() < 5 || r[0] == "code" {
                continue;
            }
            codes.insert(
                r[0].to_string(),
                CameoCode {
                    code: r[0].to_string(),
                    name: r[1].to_string(),
                    goldstein: r[2].parse().unwrap_or(0.0),
                    quad_class: r[4].parse().unwrap_or(0),
                    plover: r.get(5).filter(|p| !p.is_empty()).map(|p| p.to_string()),
                },
            );
        }
        let mut verbs_map: HashMap<String, Vec<VerbPattern>> = HashMap::new();
        for r in tsv_rows(verbs) {
            // Code "-" marks a non-event: it wins over the verb's default and yields nothing.
            if r.len() < 3 || r[0] == "lemma" || (r[2] != "-" && !codes.contains_key(r[2])) {
                continue;
            }
            let mut after = Vec::new();
            let (mut target_prep, mut source_prep) = (None, None);
            let (mut needs_object, mut needs_both, mut needs_place) = (false, false, false);
            let (mut needs_literal, mut mutual) = (false, false);
            let mut plover = None;
            for w in r[1].split_whitespace().map(str::to_lowercase) {
                if let Some(t) = w.strip_prefix("+plover=") {
                    plover = Some(t.to_uppercase());
                    continue;
                }
                match w.as_str() {
                    "*" => continue,
                    "+obj" => {
                        needs_object = true;
                        continue;
                    }
                    "+both" => {
                        needs_both = true;
                        continue;
                    }
                    "+place" => {
                        needs_place = true;
                        continue;
                    }
                    "+literal" => {
                        needs_literal = true;
                        continue;
                    }
                    "+mutual" => {
                        mutual = true;
                        continue;
                    }
                    _ => {}
                }
                let word = if let Some(t) = w.strip_prefix('@') {
                    target_prep = Some(t.to_string());
                    t.to_string()
                } else if let Some(t) = w.strip_prefix('<') {
                    source_prep = Some(t.to_string());
                    t.to_string()
                } else {
                    w
                };
                after.push(word);
            }
            let content_words = after
                .iter()
                .filter(|w| !FUNCTION_WORDS.contains(&w.as_str()))
                .count();
            let p = VerbPattern {
                lemma: r[0].to_lowercase(),
                after,
                target_prep,
                source_prep,
                needs_object,
                needs_both,
                needs_place,
                needs_literal,
                mutual,
                plover,
                code: r[2].to_string(),
                content_words,
            };
            verbs_map.entry(p.lemma.clone()).or_default().push(p);
        }
        // Most specific patterns first: content words, then required words, then file order.
        for v in verbs_map.values_mut() {
            v.sort_by_key(|p| {
                (
                    std::cmp::Reverse(p.content_words),
                    std::cmp::Reverse(p.after.len() + usize::from(p.needs_object)),
                )
            });
        }
        let mut nouns_map = HashMap::new();
        let mut phrases: HashMap<String, Vec<NounPhrase>> = HashMap::new();
        for r in tsv_rows(nouns) {
            // Code "-" marks a phrase that is no event ("of their own
            // accord"): as the longest match it hides the shorter noun.
            if r.len() < 2 || r[0] == "noun" || (r[1] != "-" && !codes.contains_key(r[1])) {
                continue;
            }
            let noun = r[0].to_lowercase();
            let words: Vec<String> = noun
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if words.len() > 1 {
                phrases
                    .entry(words[words.len() - 1].clone())
                    .or_default()
                    .push(NounPhrase {
                        words,
                        code: r[1].to_string(),
                    });
            }
            // A hyphenated word may also reach the tagger as one token.
            if !noun.contains(char::is_whitespace) {
                nouns_map.insert(noun, r[1].to_string());
            }
        }
        for v in phrases.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        EventLexicon {
            codes,
            verbs: verbs_map,
            nouns: nouns_map,
            noun_phrases: phrases,
            intents: HashMap::new(),
            refusals: HashMap::new(),
            role_words: HashMap::new(),
            type_codes: HashMap::new(),
        }
    }

    /// Adds the type table (`type<TAB>code`): the CAMEO code of an event
    /// known only by its PLOVER type. Unknown codes are skipped.
    pub fn with_type_codes(mut self, tsv: &str) -> EventLexicon {
        for r in tsv_rows(tsv) {
            if r.len() >= 2 && self.codes.contains_key(r[1]) {
                self.type_codes.insert(r[0].to_string(), r[1].to_string());
            }
        }
        self
    }

    /// The CAMEO code facts for an event known only by its PLOVER type.
    pub fn type_code(&self, plover: &str) -> Option<&CameoCode> {
        self.type_codes.get(plover).and_then(|c| self.codes.get(c))
    }

    /// Adds the intent table (`code<TAB>intent<TAB>refusal`): codes that are
    /// unknown (or `-`) are skipped.
    pub fn with_intents(mut self, tsv: &str) -> EventLexicon {
        for r in tsv_rows(tsv) {
            if r.len() < 2 || r[0] == "code" {
                continue;
            }
            if self.codes.contains_key(r[1]) {
                self.intents.insert(r[0].to_string(), r[1].to_string());
            }
            if let Some(c) = r.get(2).filter(|c| self.codes.contains_key(**c)) {
                self.refusals.insert(r[0].to_string(), c.to_string());
            }
        }
        self
    }

    /// Adds participant words from a `word<TAB>kind` file (kinds: people,
    /// actor, place, force).
    pub fn with_role_words(mut self, tsv: &str) -> EventLexicon {
        for r in tsv_rows(tsv) {
            let kind = match r.get(1).copied() {
                Some("people") => RoleWord::People,
                Some("actor") => RoleWord::Actor,
                Some("place") => RoleWord::Place,
                Some("force") => RoleWord::Force,
                Some("observer") => RoleWord::Observer,
                _ => continue,
            };
            *self.role_words.entry(r[0].to_lowercase()).or_default() |= kind.bit();
        }
        self
    }

    /// Whether lower-case `word` is a participant word of `kind`.
    pub fn is_role_word(&self, word: &str, kind: RoleWord) -> bool {
        self.role_words
            .get(word)
            .is_some_and(|b| b & kind.bit() != 0)
    }

    /// The code of an act that is refused ("X will not release the
    /// prisoners": 0841 -> 1243), by the longest listed prefix.
    pub fn refusal_code(&self, code: &str) -> Option<&str> {
        longest_prefix(&self.refusals, code)
    }

    /// The code of an act that is announced rather than done ("X will
    /// release the prisoners": 0841 -> 0353), by the longest listed prefix
    /// of `code`; `None` when such statements keep the act's code.
    pub fn intent_code(&self, code: &str) -> Option<&str> {
        longest_prefix(&self.intents, code)
    }

    /// Facts about a CAMEO code.
    pub fn code(&self, code: &str) -> Option<&CameoCode> {
        self.codes.get(code)
    }

    /// The patterns of a verb lemma, most specific first.
    pub fn verb(&self, lemma: &str) -> &[VerbPattern] {
        self.verbs.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// The code of an event noun ("veto", "airstrike").
    pub fn noun(&self, lemma: &str) -> Option<&str> {
        self.nouns.get(lemma).map(String::as_str)
    }

    /// The event phrases of several words that end in `word` (a form or
    /// lemma), longest first.
    pub fn noun_phrases(&self, word: &str) -> &[NounPhrase] {
        self.noun_phrases.get(word).map_or(&[], Vec::as_slice)
    }

    /// Number of CAMEO codes known.
    pub fn n_codes(&self) -> usize {
        self.codes.len()
    }
}

/// The value of the longest key that is a prefix of `code`.
fn longest_prefix<'a>(map: &'a HashMap<String, String>, code: &str) -> Option<&'a str> {
    (1..=code.len())
        .rev()
        .find_map(|n| map.get(code.get(..n)?))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participant_words_by_kind() {
        let lex = EventLexicon::builtin();
        assert!(lex.is_role_word("hostage", RoleWord::People));
        assert!(lex.is_role_word("convoy", RoleWord::Actor));
        assert!(!lex.is_role_word("convoy", RoleWord::People));
        assert!(lex.is_role_word("airport", RoleWord::Place));
        assert!(lex.is_role_word("stabbed", RoleWord::Force));
        assert!(!lex.is_role_word("dollar", RoleWord::Actor));
    }

    #[test]
    fn ontology_and_patterns() {
        let e = EventLexicon::builtin();
        assert!(e.n_codes() >= 300, "{}", e.n_codes());
        let veto = e.code("129").unwrap();
        assert_eq!(veto.quad_class, 3);
        assert!(veto.goldstein < 0.0);
        assert!(!e.verb("veto").is_empty());
        assert!(e.verb("accuse").iter().any(|p| p.code.starts_with("11")));
        // Announced acts: the longest prefix wins; unlisted codes keep theirs.
        assert_eq!(e.intent_code("0874"), Some("0356"));
        assert_eq!(e.intent_code("0841"), Some("0353"));
        assert_eq!(e.intent_code("190"), Some("138"));
        assert_eq!(e.intent_code("112"), None);
        assert_eq!(e.refusal_code("0841"), Some("1243"));
        assert_eq!(e.refusal_code("072"), Some("1222"));
        assert_eq!(e.refusal_code("190"), None);
    }

    #[test]
    fn pattern_parsing() {
        let e = EventLexicon::parse(
            "code\tname\tgoldstein\troot\tquad_class\tplover\n043\tMeet\t2.8\t04\t1\tCONSULT\n190\tFight\t-10\t19\t4\tASSAULT\n",
            "lemma\tpattern\tcode\tnote\nhold\t* talks @with\t043\tx\nlaunch\t* attack @on\t190\tx\nlaunch\t*\t999\tunknown code: dropped\nreceive\t* aid <from\t043\tx\n",
            "noun\tcode\nattack\t190\n",
        );
        let p = &e.verb("hold")[0];
        assert_eq!(p.after, vec!["talks", "with"]);
        assert_eq!(p.target_prep(), Some("with"));
        assert_eq!(e.verb("launch").len(), 1);
        assert_eq!(e.verb("receive")[0].source_prep.as_deref(), Some("from"));
        assert_eq!(e.noun("attack"), Some("190"));
        assert_eq!(e.code("043").unwrap().plover.as_deref(), Some("CONSULT"));
    }

    #[test]
    fn object_requirement_and_noun_phrases() {
        let e = EventLexicon::parse(
            "code\tname\tgoldstein\troot\tquad_class\tplover\n0842\tReturn property\t7\t08\t2\tYIELD\n0871\tTruce\t9\t08\t2\tRETREAT\n190\tFight\t-10\t19\t4\tASSAULT\n",
            "lemma\tpattern\tcode\tnote\nreturn\t* +obj @to\t0842\tx\nreturn\t* to\t0842\tx\n",
            "noun\tcode\ncease-fire\t0871\nair strike\t190\ncall for air strike\t190\n",
        );
        let r = e.verb("return");
        // The object requirement makes the line more specific, and is no word.
        assert!(r[0].needs_object);
        assert_eq!(r[0].after, vec!["to"]);
        assert!(!r[1].needs_object);
        let fire: Vec<_> = e.noun_phrases("fire").iter().map(|p| &p.words).collect();
        assert_eq!(fire, vec![&vec!["cease".to_string(), "fire".to_string()]]);
        assert_eq!(e.noun("cease-fire"), Some("0871"));
        assert_eq!(e.noun("air strike"), None);
        let strike = e.noun_phrases("strike");
        assert_eq!(strike.len(), 2);
        assert_eq!(strike[0].words.len(), 4, "longest first");
    }
}
