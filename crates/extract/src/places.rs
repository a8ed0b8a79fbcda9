//! Places: entities that name a country, division or town get coordinates
//! from the gazetteer. The story's country context (the countries its
//! actors and places belong to, early mentions weighing more) settles
//! ambiguous names; population breaks ties.

use std::collections::HashMap;

use wirecode_doc::{Doc, EntityType, Place};
use wirecode_lexicon::{entity_cue, Gazetteer, PlaceEntry, PlaceKind, Words};

/// Country weights for the story: each country-coded entity adds a weight
/// that decays with its position in the text.
pub fn country_context(doc: &Doc) -> HashMap<String, f64> {
    let mut ctx: HashMap<String, f64> = HashMap::new();
    let len = doc.article.text.len().max(1) as f64;
    for e in &doc.entities {
        let Some(code) = e.actor.as_ref().and_then(|a| a.code.as_deref()) else {
            continue;
        };
        if code.len() < 3 || code.starts_with("IGO") || code.starts_with("NGO") {
            continue;
        }
        let w = 1.0 - 0.5 * (e.span.start as f64 / len);
        *ctx.entry(code[..3].to_string()).or_default() += w;
    }
    let total: f64 = ctx.values().sum();
    if total > 0.0 {
        for v in ctx.values_mut() {
            *v /= total;
        }
    }
    ctx
}

fn place_of(e: &PlaceEntry, name: &str) -> Place {
    Place {
        name: name.to_string(),
        country: e.country.clone(),
        lat: e.lat,
        lon: e.lon,
        span: None,
        geonameid: Some(e.geonameid),
    }
}

/// Words that name a part of a place ("East Aleppo", "Upper Egypt").
const PART_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "upper",
    "lower",
    "greater",
    "inner",
    "outer",
    "downtown",
    "rural",
    "old",
];

/// Resolves place names among the entities and fills `Entity::place`.
pub fn resolve_places(doc: &mut Doc, gaz: &Gazetteer) {
    let ctx = country_context(doc);
    let text = doc.article.text.clone();
    for e in &mut doc.entities {
        if !matches!(
            e.label,
            EntityType::Gpe | EntityType::Loc | EntityType::Misc | EntityType::Fac
        ) {
            continue;
        }
        let name = &text[e.span.start..e.span.end];
        // Regions without a state ("Middle East", "the Gulf", "Asia") have
        // no one point on the map.
        if Words::get().entity_cue(name) & entity_cue::REGION != 0 {
            continue;
        }
        // Countries from the actor dictionary map to the country entry.
        let code = e
            .actor
            .as_ref()
            .and_then(|a| a.code.as_deref())
            .unwrap_or("");
        let found = if e.label == EntityType::Gpe
            && code.len() == 3
            && gaz
                .lookup(name)
                .all(|p| p.kind != PlaceKind::City || p.country != code)
        {
            gaz.country(code)
        } else {
            let mut c = ctx.clone();
            if code.len() >= 3 {
                *c.entry(code[..3].to_string()).or_default() += 1.0;
            }
            // "East Aleppo", "Northern Syria": fall back to the name without
            // its first word when that word only says which part ("Middle
            // East" is not a place called "East").
            gaz.resolve(name, &c).or_else(|| {
                let (first, rest) = name.split_once(' ')?;
                let part = |w: &str| PART_WORDS.iter().any(|p| p.eq_ignore_ascii_case(w));
                (part(first) && !part(rest) && e.label == EntityType::Loc)
                    .then(|| gaz.resolve(rest, &c))
                    .flatten()
            })
        };
        // A name typed only as "other" ("Time", "Enterprise") is a place
        // when it is a large one or a town in a country the story is about
        // ("Roermond" in a Dutch story), not any small town of that name.
        let found = found.filter(|p| {
            e.label != EntityType::Misc
                || p.kind != PlaceKind::City
                || p.population >= 100_000
                || ctx.get(&p.country).is_some_and(|&w| w > 0.0)
        });
        if let Some(p) = found {
            let mut place = place_of(p, name);
            place.span = Some(e.span);
            e.place = Some(place);
            if e.label == EntityType::Misc {
                e.label = EntityType::Gpe;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::find_entities;
    use crate::tests::segmented;
    use wirecode_lexicon::ActorLexicon;

    #[test]
    fn places_in_a_syria_story() {
        let mut d = segmented("Syrian rebels held parts of East Aleppo. Regime forces advanced in Aleppo on Tuesday, while NATO met in Belgium.");
        find_entities(&mut d, ActorLexicon::builtin());
        resolve_places(&mut d, Gazetteer::builtin());
        let places: Vec<(String, String)> = d
            .entities
            .iter()
            .filter_map(|e| {
                e.place
                    .as_ref()
                    .map(|p| (d.slice(e.span).to_string(), p.country.clone()))
            })
            .collect();
        assert!(
            places.contains(&("Aleppo".into(), "SYR".into())),
            "{places:?}"
        );
        assert!(
            places.contains(&("East Aleppo".into(), "SYR".into())),
            "{places:?}"
        );
        assert!(
            places.contains(&("Belgium".into(), "BEL".into())),
            "{places:?}"
        );
        assert!(
            !places.iter().any(|(n, _)| n == "Tuesday" || n == "NATO"),
            "{places:?}"
        );
    }

    #[test]
    fn a_region_is_not_the_place_named_by_its_last_word() {
        // Rwanda's Eastern Province is also called "East".
        let mut d = segmented(
            "Tension grew in the Middle East and the Gulf as troops left the Far East for Asia.",
        );
        find_entities(&mut d, ActorLexicon::builtin());
        resolve_places(&mut d, Gazetteer::builtin());
        let placed: Vec<&str> = d
            .entities
            .iter()
            .filter(|e| e.place.is_some())
            .map(|e| d.slice(e.span))
            .collect();
        assert!(placed.is_empty(), "{placed:?}");
    }
}
