//! People with date-bounded roles (`data/lexicon/people.tsv`) and generic
//! agents (`data/lexicon/agents.tsv`): "John Kerry" is USAGOV from
//! 2013-02-01 to 2017-01-20; "rebels" is the REB sector of whatever country
//! the context gives.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::tsv_rows;

/// A date as `YYYYMMDD`, for cheap comparisons without a date library.
pub type Ymd = u32;

/// Parses `YYYY-MM-DD` into [`Ymd`].
pub fn ymd(s: &str) -> Option<Ymd> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: u32 = s[..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..].parse().ok()?;
    Some(y * 10_000 + m * 100 + d)
}

/// One role of a person: a CAMEO code in force over `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    pub start: Option<Ymd>,
    pub end: Option<Ymd>,
}

impl Role {
    fn active(&self, d: Ymd) -> bool {
        self.start.is_none_or(|s| s <= d) && self.end.is_none_or(|e| d < e)
    }
}

/// A person in the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
}

impl Person {
    /// The code in force on `date`; without a date, the most recent role.
    pub fn code_on(&self, date: Option<Ymd>) -> Option<&str> {
        match date {
            Some(d) => self
                .roles
                .iter()
                .rev()
                .find(|r| r.active(d))
                .map(|r| r.code.as_str()),
            None => self
                .roles
                .iter()
                .max_by_key(|r| r.start)
                .map(|r| r.code.as_str()),
        }
    }
}

impl Person {
    /// The code on `date`; without a date, the most recent role whose code
    /// ends in the sector a title in the text gives ("Secretary of State
    /// John Kerry": GOV, "Senator John Kerry": LEG), else the most recent.
    pub fn code_titled(&self, date: Option<Ymd>, sector: Option<&str>) -> Option<&str> {
        if date.is_some() {
            return self.code_on(date);
        }
        sector
            .and_then(|s| {
                self.roles
                    .iter()
                    .filter(|r| r.code.get(3..).is_some_and(|c| c.contains(s)))
                    .max_by_key(|r| r.start)
                    .map(|r| r.code.as_str())
            })
            .or_else(|| self.code_on(None))
    }
}

/// The people dictionary, indexed by full name and alias, by a spelling key,
/// and by surname.
pub struct People {
    people: Vec<Person>,
    by_name: HashMap<String, Vec<u32>>,
    by_key: HashMap<String, Vec<u32>>,
    by_surname: HashMap<String, Vec<u32>>,
    /// First names that open two people's names or more ("Anthony").
    given: std::collections::HashSet<String>,
    /// Common first names (`data/lexicon/given-names.txt`: "Mohammed",
    /// "Karim"): alone, such a word is someone's first name, not a leader's
    /// surname.
    common_given: std::collections::HashSet<String>,
}

/// A spelling-tolerant key for a name: lower case, accents removed,
/// punctuation dropped, doubled letters single ("Boyko Borissov" and
/// "Boyko Borisov", "Khürelsükh" and "Khurelsukh" share a key).
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' | 'ć' | 'č' => 'c',
            'ñ' | 'ń' | 'ň' => 'n',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ğ' => 'g',
            'ł' => 'l',
            'ř' => 'r',
            'ț' | 'ţ' | 'ť' => 't',
            'đ' | 'ď' => 'd',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c == ' ' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !out.ends_with(c) {
            out.push(c);
        }
    }
    out.trim_end().to_string()
}

/// Whether people of this actor code's country write the family name first
/// (China, Taiwan, Hong Kong, Macau, both Koreas).
pub fn family_name_first(code: &str) -> bool {
    matches!(
        code.get(..3),
        Some("CHN" | "TWN" | "HKG" | "MAC" | "PRK" | "KOR")
    )
}

impl People {
    /// The built-in dictionary, parsed on first use.
    pub fn builtin() -> &'static People {
        static P: OnceLock<People> = OnceLock::new();
        P.get_or_init(|| People::parse(include_str!("../../../data/lexicon/people.tsv")))
    }

    /// Parses `id name aliases code start end` rows (one per role).
    pub fn parse(tsv: &str) -> People {
        let mut people: Vec<Person> = Vec::new();
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_surname: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_key: HashMap<String, Vec<u32>> = HashMap::new();
        for r in tsv_rows(tsv) {
            if r.len() < 4 || r[0] == "id" {
                continue;
            }
            let role = Role {
                code: r[3].to_string(),
                start: r.get(4).and_then(|s| ymd(s)),
                end: r.get(5).and_then(|s| ymd(s)),
            };
            let i = *index.entry(r[0].to_string()).or_insert_with(|| {
                let i = people.len() as u32;
                people.push(Person {
                    id: r[0].to_string(),
                    name: r[1].to_string(),
                    roles: Vec::new(),
                });
                let mut names = vec![r[1]];
                names.extend(r[2].split('|').filter(|a| !a.is_empty()));
                for n in names {
                    let v = by_name.entry(n.to_string()).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                    let v = by_key.entry(name_key(n)).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
                if let Some(last) = r[1].split_whitespace().last() {
                    if r[1].contains(' ') {
                        by_surname.entry(last.to_string()).or_default().push(i);
                        // "al-Assad" is also written "Assad".
                        let bare = ["al-", "Al-", "el-", "El-"]
                            .iter()
                            .find_map(|p| last.strip_prefix(p));
                        if let Some(b) = bare {
                            by_surname.entry(b.to_string()).or_default().push(i);
                        }
                    }
                }
                i
            });
            people[i as usize].roles.push(role);
        }
        for p in &mut people {
            p.roles.sort_by_key(|r| r.start);
        }
        let mut firsts: HashMap<&str, u32> = HashMap::new();
        for p in &people {
            let mut parts = p.name.split_whitespace();
            if let (Some(f), Some(_)) = (parts.next(), parts.next()) {
                if f.len() >= 3 && f.chars().all(char::is_alphabetic) {
                    *firsts.entry(f).or_default() += 1;
                }
            }
        }
        let common_given = include_str!("../../../data/lexicon/given-names.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let given = firsts
            .into_iter()
            .filter(|&(_, n)| n >= 2)
            .map(|(f, _)| f.to_string())
            .collect();
        People {
            people,
            by_name,
            by_key,
            by_surname,
            given,
            common_given,
        }
    }

    /// Whether `word` is a first name that opens two or more people's names
    /// in the dictionary ("Anthony", "Sergei"): a name before it is a person's.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given.contains(word)
    }

    /// The person a full name or alias refers to on `date`: when several
    /// share the name, the one with a role in force then.
    pub fn by_name(&self, name: &str, date: Option<Ymd>) -> Option<&Person> {
        match self.by_name.get(name) {
            Some(ids) => self.pick(ids, date),
            // Another spelling of a multi-word name ("Borisov" for "Borissov",
            // or a name broken over two lines).
            None if name.contains(char::is_whitespace) => {
                self.pick(self.by_key.get(&name_key(name))?, date)
            }
            None => None,
        }
    }

    /// The person a bare surname ("Assad") refers to on `date` (without a
    /// date: now): only when exactly one person of that surname holds a
    /// role then, and a leading one (a country and one sector: `SYRGOV`,
    /// not a sectoral minister's `TTOGOVEDU`), as news names only leaders
    /// by surname alone ("Karim" in a feature story is no Trinidad minister).
    pub fn by_surname(&self, surname: &str, date: Option<Ymd>) -> Option<&Person> {
        if self.common_given.contains(surname) {
            return None;
        }
        let ids = self.by_surname.get(surname)?;
        // Without a date, the one person of that name who holds a role now.
        let holds = |r: &Role| match date {
            Some(d) => r.active(d),
            None => r.end.is_none() && !r.code.ends_with("ELI"),
        };
        let leading = |r: &Role| r.code.len() <= 6;
        // Someone in office beats a former officeholder of the same name
        // ("Bush" in 2008 is the president, not his father, whose role then
        // is elite, ELI).
        Self::only_one(self.people_of(ids), |r| {
            holds(r) && leading(r) && !r.code.ends_with("ELI")
        })
        .or_else(|| Self::only_one(self.people_of(ids), |r| holds(r) && leading(r)))
    }

    /// The people with these indices.
    fn people_of<'a, 'b>(&'a self, ids: &'b [u32]) -> impl Iterator<Item = &'a Person> + 'b
    where
        'a: 'b,
    {
        ids.iter().map(move |&i| &self.people[i as usize])
    }

    /// The one person among `people` with a role that `fits`, if exactly one.
    fn only_one<'a>(
        people: impl Iterator<Item = &'a Person>,
        fits: impl Fn(&Role) -> bool,
    ) -> Option<&'a Person> {
        let mut found = people.filter(|p| p.roles.iter().any(&fits));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The person a titled bare surname ("President Reagan") refers to:
    /// the one person of that surname with a role of the title's sector
    /// (`GOV`, `MIL`, ...), in force on `date` when there is a date, at any
    /// time when there is none (an undated 1987 wire story).
    pub fn by_surname_titled(
        &self,
        surname: &str,
        date: Option<Ymd>,
        sector: &str,
    ) -> Option<&Person> {
        let ids = self.by_surname.get(surname)?;
        Self::only_one(self.people_of(ids), |r| {
            r.code.get(3..).is_some_and(|c| c.contains(sector)) && date.is_none_or(|d| r.active(d))
        })
    }

    fn pick(&self, ids: &[u32], date: Option<Ymd>) -> Option<&Person> {
        if ids.len() == 1 {
            return self.people_of(ids).next();
        }
        let d = date?;
        Self::only_one(self.people_of(ids), |r| r.active(d))
    }

    /// Number of people.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

/// A generic agent word and its CAMEO sector ("rebels" -> REB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub surface: String,
    pub sector: String,
    /// Several state bodies of one kind ("governments", "regimes",
    /// "armies"): the plural of a government, military or legislative word
    /// the dictionary marks `collective`. Such a mention is no one
    /// country's, whatever the story is about.
    pub bodies: bool,
}

/// Compiled agent dictionary (case-insensitive, whole words, longest first).
pub struct Agents {
    agents: Vec<Agent>,
    matcher: AhoCorasick,
    by_surface: HashMap<String, usize>,
}

impl Agents {
    /// The built-in agents, compiled on first use.
    pub fn builtin() -> &'static Agents {
        static A: OnceLock<Agents> = OnceLock::new();
        A.get_or_init(|| {
            let rows: Vec<Vec<&str>> = tsv_rows(include_str!("../../../data/lexicon/agents.tsv"))
                .filter(|r| r.len() >= 2 && r[0] != "surface")
                .collect();
            let collective: std::collections::HashSet<String> = rows
                .iter()
                .filter(|r| r.get(2) == Some(&"collective"))
                .map(|r| r[0].to_lowercase())
                .collect();
            // "governments" -> "government", "ministries" -> "ministry".
            let singular = |w: &str| -> Vec<String> {
                let w = w.to_lowercase();
                let mut out = Vec::new();
                if let Some(b) = w.strip_suffix("ies") {
                    out.push(format!("{b}y"));
                }
                if let Some(b) = w.strip_suffix('s') {
                    out.push(b.to_string());
                }
                out
            };
            let agents: Vec<Agent> = rows
                .iter()
                .map(|r| Agent {
                    surface: r[0].to_string(),
                    sector: r[1].to_string(),
                    // State bodies only: "militias" in a Lebanon story are
                    // still Lebanon's; "governments" are many countries'.
                    bodies: r.get(2) == Some(&"plural")
                        && ["GOV", "MIL", "LEG"].iter().any(|x| r[1].starts_with(x))
                        && singular(r[0]).iter().any(|s| collective.contains(s)),
                })
                .collect();
            let matcher = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(agents.iter().map(|a| a.surface.as_str()))
                .expect("agent patterns compile");
            let by_surface = agents
                .iter()
                .enumerate()
                .map(|(i, a)| (a.surface.to_lowercase(), i))
                .collect();
            Agents {
                agents,
                matcher,
                by_surface,
            }
        })
    }

    /// The agent a whole phrase names ("Prime Minister" -> GOV), any case.
    pub fn lookup(&self, phrase: &str) -> Option<&Agent> {
        self.by_surface
            .get(&phrase.to_lowercase())
            .map(|&i| &self.agents[i])
    }

    /// Whole-word agent hits in `text`: (start, end, agent), left to right.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(usize, usize, &'a Agent)> {
        self.matcher
            .find_iter(text)
            .filter(|m| crate::whole_word(text, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), &self.agents[m.pattern().as_usize()]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_date() {
        let p = People::builtin();
        let kerry = p.by_name("John Kerry", ymd("2016-12-06")).unwrap();
        assert_eq!(kerry.code_on(ymd("2016-12-06")), Some("USAGOV"));
        assert!(kerry.code_on(ymd("2010-06-01")).unwrap().starts_with("USA"));
        assert_ne!(kerry.code_on(ymd("2010-06-01")), Some("USAGOV"));
        let lavrov = p.by_name("Sergei Lavrov", ymd("2016-12-06")).unwrap();
        assert_eq!(lavrov.code_on(ymd("2016-12-06")), Some("RUSGOV"));
        assert_eq!(ymd("2016-12-06"), Some(20161206));
        assert_eq!(name_key("Boyko  Borissov"), name_key("Boyko Borisov"));
        assert_eq!(name_key("Ukhnaagiin Khürelsükh"), "ukhnagin khurelsukh");
        assert_eq!(ymd("2016/12/06"), None);
    }

    #[test]
    fn a_title_picks_the_role_when_no_date_does() {
        let p = People::builtin();
        let kerry = p.by_name("John Kerry", None).unwrap();
        assert_eq!(kerry.code_titled(None, Some("GOV")), Some("USAGOV"));
        assert_eq!(kerry.code_titled(None, Some("LEG")), Some("USAGOVLEG"));
        // No role of that sector, or no title: the most recent role.
        assert_eq!(kerry.code_titled(None, Some("REB")), kerry.code_on(None));
        assert_eq!(kerry.code_titled(None, None), kerry.code_on(None));
        // A date decides over a title.
        let d = ymd("2010-06-01");
        assert_eq!(kerry.code_titled(d, Some("GOV")), Some("USAGOVLEG"));
    }

    #[test]
    fn a_titled_surname_is_the_one_holder_of_such_a_post() {
        let p = People::builtin();
        // Undated: any time; dated: only a role in force then.
        let r = p.by_surname_titled("Reagan", None, "GOV").unwrap();
        assert_eq!(r.id, "RONALD_REAGAN");
        assert!(p
            .by_surname_titled("Reagan", ymd("2020-01-01"), "GOV")
            .is_none());
        assert_eq!(
            p.by_surname_titled("Reagan", ymd("1985-01-01"), "GOV")
                .map(|x| x.id.as_str()),
            Some("RONALD_REAGAN")
        );
        assert!(p.by_surname_titled("Nosuchname", None, "GOV").is_none());
        // A common first name alone is nobody's surname.
        assert!(p.by_surname("Mohammed", ymd("2020-01-01")).is_none());
        // A bare surname stands for a leader, not a sectoral minister.
        assert!(p.by_surname("Karim", None).is_none());
        // The president, not his father (a former president, elite then).
        assert_eq!(
            p.by_surname("Bush", ymd("2008-08-06"))
                .map(|x| x.id.as_str()),
            Some("GEORGE_W_BUSH")
        );
        assert_eq!(
            p.by_surname("Lavrov", ymd("2016-12-06"))
                .map(|x| x.id.as_str()),
            Some("SERGEY_LAVROV")
        );
    }

    #[test]
    fn agents_match_whole_words() {
        let a = Agents::builtin();
        let text = "Syrian rebels and regime forces; the Rebellion";
        let hits: Vec<(&str, &str)> = a
            .find(text)
            .iter()
            .map(|(s, e, g)| (&text[*s..*e], g.sector.as_str()))
            .collect();
        assert!(hits.contains(&("rebels", "REB")), "{hits:?}");
        assert!(
            hits.iter()
                .any(|(s, c)| *s == "regime forces" && c.contains("MIL")),
            "{hits:?}"
        );
        assert!(!hits.iter().any(|(s, _)| *s == "Rebel"), "{hits:?}");
    }
}
