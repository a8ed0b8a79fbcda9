//! Actor resolution on the NGEC test cases (`ngec_actor_resolution_cases.derived.tsv`):
//! a short text ("Armenian Prime Minister", "Kassym-Jomart Tokayev",
//! "ordinary Kazakhs"), an optional context and date; the expected country
//! and first sector code. We code the text as a one-sentence article dated
//! as the case says ("Today" = the day the eval runs) and take its head actor.
//!
//! Cases for Wikipedia lookups (`query_wiki`, `trf_agent_match`) test a
//! different system and are left out; `agent_to_code`, `short_text_to_agent`
//! and `search_nat` cases with a country or sector assertion are scored.

use std::fs;
use std::path::Path;

use wirecode::doc::{Article, EntityType, NaiveDate};
use wirecode::Pipeline;

use crate::Report;

/// One scored case.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub status: String,
    pub text: String,
    pub context: String,
    pub date: Option<NaiveDate>,
    pub country: Option<String>,
    pub sector: Option<String>,
}

fn parse_date(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("today") {
        return Some(today);
    }
    for f in ["%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d);
        }
    }
    // "1 july 2021": capitalise the month.
    let fixed: String = s
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    NaiveDate::parse_from_str(&fixed, "%d %B %Y").ok()
}

/// The value asserted with `==` for `key` (e.g. `code['country']`).
fn expected(assertions: &str, key: &str) -> Option<String> {
    assertions.split(';').find_map(|a| {
        let (k, v) = a.split_once("==")?;
        (k.trim() == key).then(|| v.trim().trim_matches('\'').to_string())
    })
}

/// Loads the scored cases.
pub fn load(path: &Path, today: NaiveDate) -> Result<Vec<Case>, String> {
    let s = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for line in s.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 || !matches!(f[2], "agent_to_code" | "short_text_to_agent" | "search_nat") {
            continue;
        }
        let (country, sector) = if f[2] == "search_nat" {
            (expected(f[6], "cc"), None)
        } else {
            (
                expected(f[6], "code['country']"),
                expected(f[6], "code['code_1']"),
            )
        };
        if country.is_none() && sector.is_none() {
            continue;
        }
        out.push(Case {
            name: f[0].to_string(),
            status: f[1].to_string(),
            text: f[3].to_string(),
            context: f[4].to_string(),
            date: parse_date(f[5], today),
            country,
            sector,
        });
    }
    Ok(out)
}

/// The head actor code of a short text: a person, else a generic agent,
/// else an organisation, else a country word; among equals, the last one.
pub fn resolve(
    pipeline: &Pipeline,
    text: &str,
    context: &str,
    date: Option<NaiveDate>,
) -> Option<String> {
    let full = if context.is_empty() {
        text.to_string()
    } else {
        format!("{context}\n\n{text}")
    };
    let offset = full.len() - text.len();
    let doc = pipeline.code(Article {
        id: "case".into(),
        text: full,
        published: date,
        ..Default::default()
    });
    let rank = |t: EntityType| match t {
        EntityType::Person => 4,
        EntityType::Agent => 3,
        EntityType::Org => 2,
        EntityType::Gpe | EntityType::Norp => 1,
        _ => 0,
    };
    let in_text: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| e.span.start >= offset)
        .filter_map(|e| Some((e, e.actor.as_ref()?.code.clone()?)))
        .collect();
    let Some(best) = in_text
        .iter()
        .max_by_key(|(e, _)| (rank(e.label), e.span.end))
    else {
        // No actor, but a place: the country it lies in ("Puerto Penasco").
        // The case text is itself a mention, so a bare name the model
        // did not tag ("Mariupol" alone) is looked up whole.
        return doc
            .entities
            .iter()
            .filter(|e| e.span.start >= offset)
            .find_map(|e| e.place.as_ref().map(|p| p.country.clone()))
            .or_else(|| {
                let g = wirecode::lexicon::Gazetteer::builtin();
                g.resolve(text.trim(), &Default::default())
                    .map(|p| p.country.clone())
            });
    };
    // A country word alone still names the country when the context gives nothing else.
    let ctx_country = doc
        .entities
        .iter()
        .filter(|e| e.span.end <= offset)
        .find_map(|e| e.actor.as_ref()?.code.clone());
    let mut code = best.1.clone();
    if let (Some(c), true) = (ctx_country, best.0.label == EntityType::Agent) {
        if !c.starts_with("IGO") && c.len() >= 3 {
            code = format!("{}{}", &c[..3], &code[3..]);
        }
    }
    Some(code)
}

/// CAMEO sector codes, which stand alone when no country is known.
const SECTORS: &[&str] = &[
    "GOV", "MIL", "REB", "OPP", "COP", "SPY", "LEG", "JUD", "CVL", "REF", "MED", "EDU", "HLH",
    "BUS", "AGR", "ENV", "CRM", "UAF", "ELI", "LAB", "RAD", "REL", "PTY", "HRI", "INS", "SEP",
    "MOD", "IMG",
];

/// Scores country and first-sector accuracy over the cases.
pub fn score(cases: &[Case], pipeline: &Pipeline) -> Report {
    let (mut cn, mut cok, mut sn, mut sok) = (0, 0, 0, 0);
    let (mut acn, mut acok) = (0, 0);
    for c in cases {
        let code = resolve(pipeline, &c.text, &c.context, c.date).unwrap_or_default();
        // PLOVER/NGEC conventions differ from CAMEO's in two places: an
        // international organisation's own code stands in the country field
        // (IGOUNO -> UNO, IGOEUREEC -> EUR, with the rest as sectors), and
        // Kosovo is XKX (CAMEO: KSV).
        let code = match code.strip_prefix("IGO") {
            Some(rest) if rest.len() >= 3 => rest.to_string(),
            _ => code,
        };
        let code = match code.strip_prefix("KSV") {
            Some(rest) => format!("XKX{rest}"),
            None => code,
        };
        let (country, sector) = if code.starts_with("IGO") || code.starts_with("NGO") {
            (&code[..3], "")
        } else if code.len() >= 3 && SECTORS.contains(&&code[..3]) {
            ("", &code[..3])
        } else if code.len() >= 3 {
            (&code[..3], &code[3..code.len().min(6)])
        } else {
            ("", "")
        };
        if let Some(want) = &c.country {
            cn += 1;
            let ok = want == country;
            cok += ok as usize;
            if c.status == "active" {
                acn += 1;
                acok += ok as usize;
            }
        }
        if let Some(want) = &c.sector {
            sn += 1;
            sok += (want == sector) as usize;
        }
    }
    let mut r = Report::default();
    r.add("actors.suite", "ngec");
    r.add("actors.cases", cases.len());
    r.add("actors.country.cases", cn);
    r.add(
        "actors.country.accuracy",
        format!("{:.4}", cok as f64 / cn.max(1) as f64),
    );
    r.add("actors.country.active_cases", acn);
    r.add(
        "actors.country.active_accuracy",
        format!("{:.4}", acok as f64 / acn.max(1) as f64),
    );
    r.add("actors.sector.cases", sn);
    r.add(
        "actors.sector.accuracy",
        format!("{:.4}", sok as f64 / sn.max(1) as f64),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_assertions() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(parse_date("Today", today), Some(today));
        assert_eq!(
            parse_date("1 july 2021", today),
            NaiveDate::from_ymd_opt(2021, 7, 1)
        );
        assert_eq!(
            parse_date("October 1, 2021", today),
            NaiveDate::from_ymd_opt(2021, 10, 1)
        );
        assert_eq!(parse_date("", today), None);
        let a = "code['country'] == 'ARM'; code['code_1'] == 'GOV'";
        assert_eq!(expected(a, "code['country']").as_deref(), Some("ARM"));
        assert_eq!(expected(a, "code['code_1']").as_deref(), Some("GOV"));
        assert_eq!(
            expected("code['code_1'] == ''", "code['code_1']").as_deref(),
            Some("")
        );
    }
}
