//! The actor dictionary: countries, capitals and seats of power, and
//! international organisations, mapped to CAMEO actor codes.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::tsv_rows;

/// What a dictionary surface form names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A country's name ("Syria").
    Country,
    /// A country adjective ("Syrian").
    Adjective,
    /// People of a country ("Syrians").
    Demonym,
    /// A capital, standing for the government in politics stories ("Damascus").
    Capital,
    /// A seat of power ("the Kremlin").
    Seat,
    /// An international governmental organisation.
    Igo,
    /// A non-governmental organisation.
    Ngo,
    /// Anything else a user file adds.
    Other,
}

impl ActorKind {
    fn parse(s: &str) -> ActorKind {
        match s {
            "name" | "country" => ActorKind::Country,
            "adjective" => ActorKind::Adjective,
            "demonym" => ActorKind::Demonym,
            "capital" => ActorKind::Capital,
            "seat" => ActorKind::Seat,
            "igo" => ActorKind::Igo,
            "ngo" => ActorKind::Ngo,
            _ => ActorKind::Other,
        }
    }
}

/// One surface form and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    pub surface: String,
    /// CAMEO code (`SYR`, `RUSGOV`, `IGOUNO`).
    pub code: String,
    pub kind: ActorKind,
}

/// A dictionary hit in a text: byte span and entry index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// Compiled actor dictionary.
pub struct ActorLexicon {
    entries: Vec<ActorEntry>,
    matcher: AhoCorasick,
    /// Display name per code: the first `name`/`igo` surface listed for it.
    names: HashMap<String, String>,
    /// Codes named only by adjectives: world regions ("European" -> EUR).
    regions: HashSet<String>,
}

const BUILTIN: [&str; 5] = [
    include_str!("../../../data/lexicon/countries.tsv"),
    include_str!("../../../data/lexicon/regions.tsv"),
    include_str!("../../../data/lexicon/seats.tsv"),
    include_str!("../../../data/lexicon/igos.tsv"),
    include_str!("../../../data/lexicon/groups.tsv"),
];

/// Byte ranges of runs of ASCII words in capitals (three letters or more,
/// not glued to other letters) separated by spaces: "SECURITY COUNCIL",
/// "TEHRAN". Only these are looked up again in title case, so text without
/// capitals costs one scan.
fn capital_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let word = &b[start..i];
        let glued = i < b.len() && !b[i].is_ascii() || start > 0 && !b[start - 1].is_ascii();
        if word.len() >= 3 && !glued && word.iter().all(u8::is_ascii_uppercase) {
            match runs.last_mut() {
                Some(r) if b[r.1..start].iter().all(|&c| c == b' ') => r.1 = i,
                _ => runs.push((start, i)),
            }
        }
    }
    runs
}

/// `s` with each word's letters after the first in lower case ("SECURITY
/// COUNCIL" -> "Security Council"); ASCII only, so offsets are unchanged.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        out.push(if prev_letter {
            c.to_ascii_lowercase()
        } else {
            c
        });
        prev_letter = c.is_ascii_alphabetic();
    }
    out
}

impl ActorLexicon {
    /// The built-in dictionary, compiled on first use.
    pub fn builtin() -> &'static ActorLexicon {
        static L: OnceLock<ActorLexicon> = OnceLock::new();
        L.get_or_init(|| {
            ActorLexicon::from_sources(&BUILTIN, &[]).expect("built-in actor data is valid")
        })
    }

    /// The built-in dictionary plus user files (same `surface\tcode\tkind`
    /// format); a user entry replaces a built-in one with the same surface.
    pub fn with_user_files(paths: &[String]) -> Result<ActorLexicon, String> {
        let mut user = Vec::new();
        for p in paths {
            let s = std::fs::read_to_string(p)
                .map_err(|e| format!("{p}: cannot read actor file: {e}"))?;
            user.push((p.clone(), s));
        }
        ActorLexicon::from_sources(&BUILTIN, &user)
    }

    fn from_sources(builtin: &[&str], user: &[(String, String)]) -> Result<ActorLexicon, String> {
        let mut by_surface: HashMap<String, usize> = HashMap::new();
        let mut entries: Vec<ActorEntry> = Vec::new();
        let mut names = HashMap::new();
        let mut add =
            |surface: &str, code: &str, kind: &str, names: &mut HashMap<String, String>| {
                let kind = ActorKind::parse(kind);
                if matches!(kind, ActorKind::Country | ActorKind::Igo | ActorKind::Ngo) {
                    names
                        .entry(code.to_string())
                        .or_insert_with(|| surface.to_string());
                }
                let mut forms = vec![surface.to_string()];
                // All-caps headlines ("IRAQ SAYS ...") still match country names.
                let upper = surface.to_uppercase();
                if surface.chars().count() >= 4 && upper != surface && kind == ActorKind::Country {
                    forms.push(upper);
                }
                for f in forms {
                    let e = ActorEntry {
                        surface: f.clone(),
                        code: code.to_string(),
                        kind,
                    };
                    match by_surface.get(&f) {
                        Some(&i) => entries[i] = e,
                        None => {
                            by_surface.insert(f, entries.len());
                            entries.push(e);
                        }
                    }
                }
            };
        for src in builtin {
            for r in tsv_rows(src) {
                if r.len() >= 3 && r[0] != "surface" {
                    add(r[0], r[1], r[2], &mut names);
                }
            }
        }
        for (path, src) in user {
            for (i, line) in src.lines().enumerate() {
                let l = line.trim_end();
                if l.is_empty() || l.starts_with('#') {
                    continue;
                }
                let r: Vec<&str> = l.split('\t').map(str::trim).collect();
                if r[0] == "surface" {
                    continue;
                }
                if r.len() < 2 || r[0].is_empty() || r[1].is_empty() {
                    return Err(format!(
                        "{path}:{}: expected `surface<TAB>code[<TAB>kind]`",
                        i + 1
                    ));
                }
                add(r[0], r[1], r.get(2).copied().unwrap_or("other"), &mut names);
            }
        }
        // A region has no name entry ("Europe" is left to the gazetteer):
        // its adjective names it ("European diplomat").
        let mut regions = HashSet::new();
        for e in &entries {
            if e.kind == ActorKind::Adjective && !names.contains_key(&e.code) {
                names.insert(e.code.clone(), e.surface.clone());
                regions.insert(e.code.clone());
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.surface.as_str()))
            .map_err(|e| format!("cannot compile actor dictionary: {e}"))?;
        Ok(ActorLexicon {
            entries,
            matcher,
            names,
            regions,
        })
    }

    /// All whole-word dictionary hits in `text`, left to right, longest
    /// first. Words in capitals ("TEHRAN", "SECURITY COUNCIL" in datelines
    /// and headlines) are also looked up in title case.
    pub fn find(&self, text: &str) -> Vec<ActorMatch> {
        let mut out = self.find_exact(text);
        let mut extra = Vec::new();
        for (a, b) in capital_runs(text) {
            for m in self.find_exact(&title_case(&text[a..b])) {
                let (start, end) = (a + m.start, a + m.end);
                if !out.iter().any(|o| o.start < end && start < o.end) {
                    extra.push(ActorMatch { start, end, ..m });
                }
            }
        }
        if !extra.is_empty() {
            out.extend(extra);
            out.sort_by_key(|m| m.start);
        }
        out
    }

    fn find_exact(&self, text: &str) -> Vec<ActorMatch> {
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let boundary_ok = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary_ok(before) && boundary_ok(after) && !shouted_word(text, m.start(), m.end())
            {
                out.push(ActorMatch {
                    start: m.start(),
                    end: m.end(),
                    entry: m.pattern().as_usize(),
                });
            }
        }
        out
    }

    /// The entry behind a match.
    pub fn entry(&self, i: usize) -> &ActorEntry {
        &self.entries[i]
    }

    /// Display name of a country or organisation code ("SYR" -> "Syria").
    pub fn name_of(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }

    /// Whether a code is a world region's ("EUR", "ARB"): an actor, but
    /// not a country a story can be about.
    pub fn is_region(&self, code: &str) -> bool {
        self.regions.contains(code)
    }

    /// Number of surface forms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the dictionary holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Short capitals that spell an English word ("IS" for Islamic State, "US")
/// are that word in a run of capitals ("WHAT IS NEXT"), not the actor.
fn shouted_word(text: &str, start: usize, end: usize) -> bool {
    const WORDS: &[&str] = &[
        "IS", "IT", "US", "AS", "AT", "IN", "ON", "OR", "TO", "WE", "HE",
    ];
    if !WORDS.contains(&&text[start..end]) {
        return false;
    }
    let caps = |w: Option<&str>| {
        w.is_some_and(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
        })
    };
    caps(text[..start].split_whitespace().next_back())
        || caps(text[end..].split_whitespace().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_longest_first() {
        let lex = ActorLexicon::builtin();
        let text = "Syrian rebels met US diplomats; Russia and the UN Security Council. Russian-backed forces. Ausyria";
        let hits: Vec<(&str, &str)> = lex
            .find(text)
            .iter()
            .map(|m| (&text[m.start..m.end], lex.entry(m.entry).code.as_str()))
            .collect();
        assert!(hits.contains(&("Syrian", "SYR")), "{hits:?}");
        assert!(hits.contains(&("US", "USA")), "{hits:?}");
        assert!(hits.contains(&("Russia", "RUS")), "{hits:?}");
        assert!(
            hits.iter()
                .any(|(s, c)| s.contains("Security Council") && c.starts_with("IGO")),
            "{hits:?}"
        );
        assert!(!hits.iter().any(|(s, _)| *s == "yria"));
        assert_eq!(lex.name_of("SYR"), Some("Syria"));
    }

    #[test]
    fn regions_are_actors_named_by_their_adjective() {
        let lex = ActorLexicon::builtin();
        let text = "West African troops and Arab ministers met European Union envoys.";
        let codes: Vec<&str> = lex
            .find(text)
            .iter()
            .map(|m| lex.entry(m.entry).code.as_str())
            .collect();
        assert_eq!(codes, vec!["WAF", "ARB", "IGOEUREEC"]);
        assert_eq!(lex.name_of("EUR"), Some("European"));
        assert!(lex.is_region("ARB") && !lex.is_region("SYR"));
    }

    #[test]
    fn short_capitals_in_shouted_text_are_words() {
        let lex = ActorLexicon::builtin();
        let codes = |text: &str| -> Vec<String> {
            lex.find(text)
                .iter()
                .map(|m| lex.entry(m.entry).code.clone())
                .collect()
        };
        assert!(
            codes("Witnesses said IS fighters held the town.").contains(&"IMGMUSISI".to_string())
        );
        assert!(!codes("WHAT IS NEXT FOR THE TOWN").contains(&"IMGMUSISI".to_string()));
        assert!(codes("The US said nothing.").contains(&"USA".to_string()));
    }

    #[test]
    fn capitals_are_found_in_title_case() {
        let lex = ActorLexicon::builtin();
        let text = "TEHRAN (AFP) - The SECURITY COUNCIL met. NATO said so. Ünal TEHRANİ";
        let hits: Vec<(&str, &str)> = lex
            .find(text)
            .iter()
            .map(|m| (&text[m.start..m.end], lex.entry(m.entry).code.as_str()))
            .collect();
        assert!(
            hits.iter()
                .any(|(s, c)| *s == "TEHRAN" && c.starts_with("IRN")),
            "{hits:?}"
        );
        assert!(
            hits.iter()
                .any(|(s, c)| s.contains("COUNCIL") && c.starts_with("IGO")),
            "{hits:?}"
        );
        assert!(hits.iter().any(|(s, _)| *s == "NATO"), "{hits:?}");
        // A capitalised word glued to non-ASCII letters is left alone.
        assert_eq!(
            hits.iter().filter(|(s, _)| s.starts_with("TEHRAN")).count(),
            1
        );
        assert!(capital_runs("no capitals here, UK").is_empty());
        assert_eq!(
            capital_runs("THE UN SECURITY COUNCIL met"),
            vec![(0, 3), (7, 23)]
        );
    }

    #[test]
    fn user_file_overrides() {
        let dir = std::env::temp_dir().join(format!("wc-actors-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("mine.tsv");
        std::fs::write(
            &p,
            "# mine\nDamascus\tSYRGOV\tcapital\nAcme Militia\tSYRREB\n",
        )
        .unwrap();
        let lex = ActorLexicon::with_user_files(&[p.to_string_lossy().into_owned()]).unwrap();
        let text = "Damascus and Acme Militia";
        let codes: Vec<String> = lex
            .find(text)
            .iter()
            .map(|m| lex.entry(m.entry).code.clone())
            .collect();
        assert_eq!(codes, vec!["SYRGOV", "SYRREB"]);
        std::fs::write(&p, "bad-line-without-code\n").unwrap();
        let err = ActorLexicon::with_user_files(&[p.to_string_lossy().into_owned()])
            .err()
            .unwrap();
        assert!(err.contains("mine.tsv:1"));
    }
}
