//! The gazetteer: countries, first-level divisions and populated places
//! (GeoNames, population >= 15,000) with coordinates, looked up by name and
//! disambiguated by the story's country context and by population.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::tsv_rows;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Admin1,
    City,
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceEntry {
    pub geonameid: u32,
    pub name: String,
    /// ISO 3166-1 alpha-3 / CAMEO country code.
    pub country: String,
    pub kind: PlaceKind,
    pub population: u64,
    pub lat: f64,
    pub lon: f64,
}

/// Name index over the gazetteer.
pub struct Gazetteer {
    entries: Vec<PlaceEntry>,
    by_name: HashMap<String, Vec<u32>>,
}

/// The population a province without one counts as, in ranking namesakes.
const ADMIN1_POP: u64 = 500_000;

/// Population from which a city's one-word other names are looked up.
const MIN_ALT_POP: u64 = 100_000;

impl Gazetteer {
    /// The built-in gazetteer (`data/gazetteer/places.tsv`), parsed on first use.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let mut g = Gazetteer::parse(include_str!("../../../data/gazetteer/places.tsv"));
            g.drop_names(include_str!("../../../data/gazetteer/generic-names.txt"));
            g
        })
    }

    /// Forgets the names listed one per line in `list` ('#' comments):
    /// words such as "Gulf" or "Northern" that name some province somewhere
    /// but in news are ordinary words or regions.
    pub fn drop_names(&mut self, list: &str) {
        for l in list.lines().map(str::trim) {
            if !l.is_empty() && !l.starts_with('#') {
                self.by_name.remove(l);
            }
        }
    }

    /// Parses the gazetteer TSV (header row first; see `data/SOURCES.md`).
    pub fn parse(tsv: &str) -> Gazetteer {
        let mut entries = Vec::new();
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for r in tsv_rows(tsv).skip(1) {
            if r.len() < 10 {
                continue;
            }
            let kind = match r[6] {
                "country" => PlaceKind::Country,
                "admin1" => PlaceKind::Admin1,
                _ => PlaceKind::City,
            };
            let (Ok(lat), Ok(lon)) = (r[8].parse::<f64>(), r[9].parse::<f64>()) else {
                continue; // a place without coordinates cannot be mapped
            };
            let idx = entries.len() as u32;
            entries.push(PlaceEntry {
                geonameid: r[0].parse().unwrap_or(0),
                name: r[1].to_string(),
                country: r[4].to_string(),
                kind,
                population: r[7].parse().unwrap_or(0),
                lat,
                lon,
            });
            let mut names: Vec<&str> = vec![r[1], r[2]];
            // GeoNames' other names for a town include names in other
            // tongues that in English news are other words ("Sino" for
            // Greenville, Liberia; "Allah" for Hamidiyeh): a small town's
            // one-word other name counts when it is a spelling of its name
            // ("Jenin" for Janin, "Zakho" for Zaxo) or a word of it.
            let large = kind != PlaceKind::City || r[7].parse::<u64>().unwrap_or(0) >= MIN_ALT_POP;
            names.extend(r[3].split('|').filter(|s| {
                !s.is_empty() && (large || s.contains([' ', '-']) || spelling_of(s, r[2]))
            }));
            names.sort_unstable();
            names.dedup();
            for n in names {
                by_name.entry(n.to_string()).or_default().push(idx);
            }
        }
        Gazetteer { entries, by_name }
    }

    /// Every entry known by `name` (exact spelling).
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = &PlaceEntry> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i as usize])
    }

    /// The best entry for `name` given how often each country figures in
    /// the story (`context`: country code -> weight): places in the story's
    /// countries first, then countries and divisions over towns, then
    /// population.
    pub fn resolve(&self, name: &str, context: &HashMap<String, f64>) -> Option<&PlaceEntry> {
        self.lookup(name)
            .max_by(|a, b| score(a, context).total_cmp(&score(b, context)))
    }

    /// The country entry for a country code.
    pub fn country(&self, code: &str) -> Option<&PlaceEntry> {
        self.entries
            .iter()
            .find(|e| e.kind == PlaceKind::Country && e.country == code)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Whether `alt` spells the same name as `name` (ASCII form): a word of
/// it, or within a third of its letters by edit distance.
fn spelling_of(alt: &str, name: &str) -> bool {
    let a: Vec<char> = alt.to_lowercase().chars().collect();
    let lower = name.to_lowercase();
    std::iter::once(lower.as_str())
        .chain(lower.split([' ', '-']).filter(|w| w.len() >= 4))
        .any(|w| close(&a, &w.chars().collect::<Vec<char>>()))
}

/// Edit distance within a third of the longer word's letters.
fn close(a: &[char], b: &[char]) -> bool {
    let limit = a.len().max(b.len()).div_ceil(3);
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    // Levenshtein distance, one row at a time.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()] <= limit
}

fn score(e: &PlaceEntry, context: &HashMap<String, f64>) -> f64 {
    let ctx = context.get(&e.country).copied().unwrap_or(0.0);
    let kind = match e.kind {
        PlaceKind::Country => 4.0,
        PlaceKind::Admin1 => 0.5,
        PlaceKind::City => 1.0,
    };
    // GeoNames gives provinces no population; counted as a large town's,
    // a province outranks a small namesake town ("Yukon", Oklahoma).
    let pop = if e.kind == PlaceKind::Admin1 && e.population == 0 {
        ADMIN1_POP
    } else {
        e.population
    };
    10.0 * ctx + kind + (pop as f64 + 1.0).ln() / 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_towns_other_names_are_spellings_of_it() {
        assert!(spelling_of("Jenin", "Janin"));
        assert!(spelling_of("Zakho", "Zaxo"));
        assert!(spelling_of("Ayutthaya", "Phra Nakhon Si Ayutthaya"));
        assert!(!spelling_of("Sino", "Greenville"));
        assert!(!spelling_of("Allah", "Hamidiyeh"));
        assert!(spelling_of("Shamiya", "Ash Shamiyah"));
        let g = Gazetteer::builtin();
        assert!(g.lookup("Jenin").any(|e| e.country == "PSE"));
        assert!(g.lookup("Sino").next().is_none());
    }

    #[test]
    fn aleppo_and_context() {
        let g = Gazetteer::builtin();
        let none = HashMap::new();
        let a = g.resolve("Aleppo", &none).unwrap();
        assert_eq!(a.country, "SYR");
        assert!((a.lat - 36.20).abs() < 0.05 && (a.lon - 37.16).abs() < 0.05);
        // Damascus, Syria beats Damascus, Oregon; with US context the US town could win.
        assert_eq!(g.resolve("Damascus", &none).unwrap().country, "SYR");
        assert_eq!(g.resolve("Kiev", &none).unwrap().country, "UKR");
        assert!(g.resolve("Nowhereville", &none).is_none());
        assert_eq!(g.country("SYR").unwrap().kind, PlaceKind::Country);
        // Generic words name no place alone.
        for w in ["Gulf", "West", "Northern", "Central"] {
            assert!(g.lookup(w).next().is_none(), "{w}");
        }
    }
}
