//! Entities and actors, first version: dictionary hits (countries, capitals,
//! seats of power, international organisations) plus capitalised sequences
//! typed by titles and organisation words, with later short mentions
//! ("Kerry") linked to the full name introduced earlier ("John Kerry").

use std::collections::HashMap;

use crate::features::capitalised;
use wirecode_doc::{ActorRef, Doc, Entity, EntityType, Span, TokenKind};
use wirecode_lexicon::{
    entity_cue, ymd, ActorKind, ActorLexicon, Agents, Gazetteer, People, Words,
};

/// Words before a capital that make it a place rather than a government.
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "around", "across", "into", "from", "to", "of",
];

/// Lower-case words allowed inside a name ("Ministry of Defence", "Bashar al-Assad").
const CONNECTORS: &[&str] = &[
    "of", "al", "al-", "de", "del", "da", "bin", "ibn", "van", "von", "der", "la", "le", "du", "&",
];

/// Whether the one or two capitalised words right before the dictionary
/// hit at `span` (first token `first`) and the hit together name a region
/// ("Latin America", "Sub-Saharan Africa").
fn words_before_name_region(doc: &Doc, first: usize, span: Span) -> bool {
    let text = doc.article.text.as_str();
    let words = Words::get();
    // A heading in capitals ("AID FOR CENTRAL AMERICA") is looked up in title case.
    let caps = |k: usize| {
        let w = doc.token_text(k);
        w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
    };
    (1..=3).filter(|&back| back <= first).any(|back| {
        let start = doc.tokens[first - back].span.start;
        let phrase = &text[start..span.end];
        if caps(first - back) && caps(first) {
            let titled: Vec<String> = phrase.split(' ').map(title_case).collect();
            return words.entity_cue(&titled.join(" ")) & entity_cue::REGION != 0;
        }
        is_titlecase_word(doc, first - back) && words.entity_cue(phrase) & entity_cue::REGION != 0
    })
}

/// Finds entities and fills `doc.entities`, in text order.
pub fn find_entities(doc: &mut Doc, lex: &ActorLexicon) {
    find_entities_with_hints(doc, lex, &[]);
}

/// As [`find_entities`], with entity types predicted by a statistical model
/// (`hints`): they decide the type of capitalised names that dictionaries
/// and titles leave open (a club, a party or a person?).
pub fn find_entities_with_hints(doc: &mut Doc, lex: &ActorLexicon, hints: &[(Span, EntityType)]) {
    let words = Words::get();
    let text = doc.article.text.as_str();
    let mut ents: Vec<Entity> = Vec::new();
    let mut covered = vec![false; doc.tokens.len()];

    // 1. Dictionary hits.
    for m in lex.find(text) {
        let e = lex.entry(m.entry);
        let span = Span::new(m.start, m.end);
        // A city that the model reads as part of a longer person's name
        // ("MaliVai Washington", "Kerry Washington") is that person's.
        if matches!(e.kind, ActorKind::Capital)
            && hints.iter().any(|(h, t)| {
                *t == EntityType::Person && h.start <= span.start && span.end <= h.end && *h != span
            })
        {
            continue;
        }
        if lex.is_region(&e.code) && region_word_names_one(doc, span, hints) {
            continue;
        }
        let first = doc.token_at(span.start);
        // "Latin America", "South America", "West Asia": a country's name
        // ending a region's name is part of that region.
        if first > 0 && words_before_name_region(doc, first, span) {
            continue;
        }
        // "Anthony Jordan", "Denzel Washington": after a first name, a
        // country's or capital's name is a surname.
        if matches!(e.kind, ActorKind::Capital | ActorKind::Country)
            && first > 0
            && doc.token_at(span.end - 1) == first
            && text[doc.tokens[first - 1].span.end..span.start] == *" "
            && is_titlecase_word(doc, first - 1)
            && People::builtin().is_given_name(doc.token_text(first - 1))
        {
            continue;
        }
        let prev = first
            .checked_sub(1)
            .map(|i| text[doc.tokens[i].span.start..doc.tokens[i].span.end].to_lowercase());
        let (label, code) = match e.kind {
            ActorKind::Country => (EntityType::Gpe, e.code.clone()),
            ActorKind::Adjective | ActorKind::Demonym => (EntityType::Norp, e.code.clone()),
            ActorKind::Capital => {
                let place = prev.as_deref().is_some_and(|p| LOCATIVE.contains(&p));
                let code = if place || e.code.len() > 3 {
                    e.code.clone()
                } else {
                    format!("{}GOV", e.code)
                };
                (EntityType::Gpe, code)
            }
            ActorKind::Seat | ActorKind::Igo | ActorKind::Ngo | ActorKind::Other => {
                (EntityType::Org, e.code.clone())
            }
        };
        let country = &e.code[..e.code.len().min(3)];
        let name = lex
            .name_of(&e.code)
            .or_else(|| lex.name_of(country))
            .unwrap_or(&e.surface)
            .to_string();
        let last = doc.token_at(span.end.saturating_sub(1));
        for c in covered.iter_mut().take(last + 1).skip(first) {
            *c = true;
        }
        ents.push(Entity {
            span,
            label,
            actor: Some(ActorRef {
                id: e.code.clone(),
                name,
                code: Some(code),
            }),
            place: None,
        });
    }

    // 2. Capitalised sequences, sentence by sentence.
    let people = People::builtin();
    let date = doc.article.published.and_then(|d| ymd(&d.to_string()));
    // Surname -> the person introduced earlier in the story ("Kerry" -> John Kerry).
    let mut persons: HashMap<String, ActorRef> = HashMap::new();
    // An unknown person's first word, for mentions typed a person ("Shen Dong" ... "Shen").
    let mut family_first: HashMap<String, ActorRef> = HashMap::new();
    // The sex a surname's titled mentions gave its person ("Mr. Urey"), so
    // that "Mrs. Urey" is not linked to him.
    let mut sex_of: HashMap<String, bool> = HashMap::new();
    for s in &doc.sentences {
        let first_word = (s.tokens.start..s.tokens.end)
            .find(|&k| doc.tokens[k].kind == TokenKind::Word)
            .unwrap_or(s.tokens.start);
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if covered[i] || !is_cap(doc, i) {
                i += 1;
                continue;
            }
            // Extend the run over capitalised words and inner connectors.
            let mut j = i + 1;
            while j < s.tokens.end && !covered[j] {
                // "Bashar Assad Tuesday": a weekday ends a name.
                let weekday = matches!(
                    words.date_word(doc.token_text(j)),
                    Some(wirecode_lexicon::DateWord::Weekday(_))
                );
                if is_cap(doc, j) && !weekday {
                    j += 1;
                } else if (CONNECTORS.contains(&doc.token_text(j))
                    || crate::quotes::name_link(doc, j))
                    && j + 1 < s.tokens.end
                    && is_cap(doc, j + 1)
                    && !covered[j + 1]
                {
                    j += 2;
                } else if matches!(doc.token_text(j), "van" | "von" | "de" | "da")
                    && j + 2 < s.tokens.end
                    && matches!(doc.token_text(j + 1), "der" | "den" | "la" | "los" | "las")
                    && is_cap(doc, j + 2)
                    && !covered[j + 2]
                {
                    // "Joost van der Westhuizen", "Maria de la Cruz".
                    j += 3;
                } else {
                    break;
                }
            }
            let mut run_end = j;
            let mut a = i;
            // Sentence openers and function words are not names, nor is a
            // date word before one ("March Kaczmarek", "Friday Mitchell");
            // "May" is left alone (Theresa May, "May said"), and so is a
            // newspaper's ("Sunday Times").
            let org_word = |k: usize| {
                k < run_end
                    && words.entity_cue(doc.token_text(k))
                        & (entity_cue::ORG_SUFFIX | entity_cue::ORG_HEAD | entity_cue::COMPANY)
                        != 0
            };
            while a < run_end
                && (words.entity_cue(doc.token_text(a)) & entity_cue::NOT_ENTITY != 0
                    || (words.date_word(doc.token_text(a)).is_some()
                        && doc.token_text(a) != "May"
                        && !org_word(a + 1)))
            {
                a += 1;
            }
            // Titles before a name make it a person.
            let untitled_start = a;
            let mut titled = false;
            // "Employment and Labour Minister Thulas Nxesi": portfolio words
            // the cue list lacks may open a title that ends in one it has.
            let is_title = |k: usize| {
                let f = words.entity_cue(doc.token_text(k));
                f & entity_cue::TITLE != 0 && f & entity_cue::ORG_SUFFIX == 0
            };
            if a < run_end && !is_title(a) {
                if let Some(t) = (a + 1..run_end.min(a + 4)).find(|&k| is_title(k)) {
                    let portfolio = (a..t).all(|k| {
                        let w = doc.token_text(k);
                        w == "and" || w == "&" || is_cap(doc, k)
                    });
                    if portfolio && t + 1 < run_end {
                        a = t;
                    }
                }
            }
            while a < run_end {
                let w = doc.token_text(a);
                let f = words.entity_cue(w);
                if f & (entity_cue::TITLE | entity_cue::TITLE_WORD) != 0
                    && f & entity_cue::ORG_SUFFIX == 0
                {
                    titled |= f & entity_cue::TITLE != 0;
                    a += 1;
                } else if titled && CONNECTORS.contains(&w) {
                    a += 1;
                } else {
                    break;
                }
            }
            // Title words without a title ("Defence Committee") belong to the name.
            if !titled {
                a = untitled_start;
            }
            // "X of Y" joins two names only when X can head one: "Results
            // of English ..." opens with a common noun, "Stephan Marasek of
            // SC Freiburg" is a person and his club.
            if let Some(of) = (a + 1..run_end).find(|&k| doc.token_text(k) == "of") {
                let head_f = words.entity_cue(doc.token_text(a));
                let heads = head_f
                    & (entity_cue::ORG_HEAD | entity_cue::ORG_SUFFIX | entity_cue::TITLE)
                    != 0;
                if !heads
                    && of == a + 1
                    && a == first_word
                    && matches!(doc.tokens[a].xpos, Some("NN" | "NNS"))
                {
                    a = of + 1;
                } else if !titled
                    && !heads
                    && of >= a + 2
                    && People::builtin().is_given_name(doc.token_text(a))
                    && (a..of).all(|k| is_titlecase_word(doc, k))
                {
                    run_end = of;
                }
            }
            // "Cofinec CEO Stephen Frater", "Fed Chairman Alan Greenspan": a
            // title inside the run ends its employer's name; the titled
            // person is read next.
            let mut employer = false;
            if !titled {
                // Not a portfolio ("Education Minister", "Commerce Secretary").
                let split = (a + 1..run_end.saturating_sub(1)).find(|&k| {
                    words.entity_cue(doc.token_text(k)) & entity_cue::TITLE != 0
                        && is_titlecase_word(doc, k + 1)
                        && !matches!(doc.token_text(k), "Minister" | "Secretary" | "Ministers")
                });
                if let Some(mut p) = split {
                    // "Zairean Prime Minister": title words belong to the title.
                    while p > a + 1
                        && words.entity_cue(doc.token_text(p - 1)) & entity_cue::TITLE_WORD != 0
                    {
                        p -= 1;
                    }
                    run_end = p;
                    employer = true;
                }
            }
            if a < run_end {
                let span = Span::new(doc.tokens[a].span.start, doc.tokens[run_end - 1].span.end);
                let name = text[span.start..span.end].to_string();
                let n = run_end - a;
                let n_words = (a..run_end)
                    .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                    .count();
                let first_f = words.entity_cue(doc.token_text(a));
                let last_f = words.entity_cue(doc.token_text(run_end - 1));
                let is_date = words.date_word(doc.token_text(a)).is_some() && n == 1;
                let sex = (untitled_start..a).find_map(|k| title_sex(doc.token_text(k)));
                let known_surname = persons.get(&name).cloned().filter(|_| match sex {
                    Some(f) => *sex_of.entry(name.clone()).or_insert(f) == f,
                    None => true,
                });
                // "President Reagan": the title and the surname together
                // name the one person of that surname who held such a post.
                let sector = titled
                    .then(|| title_sector(doc, untitled_start, a))
                    .flatten();
                let dict_person = people.by_name(&name, date).or_else(|| {
                    let s = sector
                        .as_deref()
                        .filter(|_| n == 1 && !name.contains('.'))?;
                    people.by_surname_titled(&name, date, s)
                });
                // A bare surname of someone in office then ("Assad" in 2016).
                // Not a word the tagger reads as no name ("Ok" said in reply).
                let known_surname = known_surname.or_else(|| {
                    let proper = doc.tokens[a].upos.is_none_or(|u| u == "PROPN")
                        && name.chars().count() >= 3;
                    let p = (n == 1 && proper)
                        .then(|| people.by_surname(&name, date))
                        .flatten()?;
                    Some(ActorRef {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        code: p.code_on(date).map(str::to_string),
                    })
                });
                // Group words ("Kurds", "Iraqi Kurds", "Roman Catholic"),
                // language names and event names are typed by their words.
                let group = (a..run_end).all(|k| {
                    doc.tokens[k].kind != TokenKind::Word
                        || words.entity_cue(doc.token_text(k)) & entity_cue::NORP != 0
                });
                let event = (n == 1 && first_f & entity_cue::EVENT != 0)
                    || ((2..=3).contains(&n_words)
                        && last_f & entity_cue::EVENT_SUFFIX != 0
                        && first_f & (entity_cue::ORG_HEAD | entity_cue::TITLE) == 0);
                let region = words.entity_cue(&name) & entity_cue::REGION != 0;
                let worded = !titled
                    && (group
                        || event
                        || region
                        || (n == 1 && first_f & entity_cue::MISC_WORD != 0));
                let label = if is_date {
                    Some(EntityType::Date)
                } else if worded && region {
                    Some(EntityType::Loc)
                } else if worded && group {
                    Some(EntityType::Norp)
                } else if worded && event {
                    Some(EntityType::Event)
                } else if worded {
                    Some(EntityType::Misc)
                } else if titled || dict_person.is_some() {
                    Some(EntityType::Person)
                } else if last_f & entity_cue::ORG_SUFFIX != 0
                    || first_f & entity_cue::ORG_HEAD != 0
                {
                    Some(EntityType::Org)
                } else if n >= 2 && first_f & entity_cue::LOC_PREFIX != 0 {
                    Some(EntityType::Loc)
                } else if known_surname.is_some()
                    || (n == 1 && family_first.contains_key(&name))
                    || ((2..=3).contains(&n_words)
                        && (a..run_end)
                            .all(|k| is_titlecase_word(doc, k) || crate::quotes::name_link(doc, k)))
                    || (n == 1
                        && subject_of_speech(doc, a, run_end)
                        // "Analysts said": a plural noun capitalised to open the sentence.
                        && !(a == first_word && doc.tokens[a].xpos == Some("NNS")))
                {
                    Some(EntityType::Person)
                } else if n == 1 && a == first_word {
                    None // sentence-initial capital: no evidence it is a name
                } else {
                    Some(EntityType::Misc)
                };
                // Where only capitalisation spoke, the model's type for the same span wins.
                let guessed = !is_date
                    && !titled
                    && !worded
                    && dict_person.is_none()
                    && known_surname.is_none();
                let hint = hints.iter().find(|(h, _)| *h == span).map(|(_, t)| *t);
                // A name ending in an organisation word ("Kia Motor Corp",
                // "Cambridge United") is not a person, whatever the model says.
                let org_word = last_f & entity_cue::ORG_SUFFIX != 0;
                // "Union of Teachers", "Office of Kasama City": a body's word
                // then "of" opens an organisation's name, not a person's.
                let org_of = n >= 3
                    && first_f & (entity_cue::ORG_SUFFIX | entity_cue::ORG_HEAD) != 0
                    && doc.token_text(a + 1) == "of";
                let label = match (guessed, hint) {
                    (true, Some(EntityType::Date)) => label,
                    (true, _) if org_of => Some(EntityType::Org),
                    // A longer name the gazetteer knows as a province or a
                    // large city ("Kano State", "Republika Srpska"), whatever
                    // its last word or the model's guess.
                    (true, _) if n >= 2 && region_or_city(&name) => Some(EntityType::Gpe),
                    (true, Some(_)) if org_word => label,
                    // One word the model calls a person but the gazetteer
                    // knows as a sizeable place ("Chechnya", "Mariupol").
                    (true, Some(EntityType::Person) | None)
                        if n == 1
                            && (hint.is_some() || matches!(label, Some(EntityType::Person)))
                            && big_place(&name).is_some() =>
                    {
                        big_place(&name)
                    }
                    (true, Some(t)) => Some(t),
                    // Capitals alone, unnamed by the model, by any rule and
                    // by the gazetteer ("Open", "BEAT", headline and table
                    // words): no entity.
                    (true, None)
                        if label == Some(EntityType::Misc)
                            && Gazetteer::builtin().lookup(&name).next().is_none() =>
                    {
                        None
                    }
                    _ => label,
                };
                let label = match label {
                    Some(EntityType::Person | EntityType::Misc) | None
                        if employer
                            && guessed
                            && Gazetteer::builtin().lookup(&name).next().is_none() =>
                    {
                        Some(EntityType::Org)
                    }
                    _ => label,
                };
                if let Some(label) = label {
                    let actor = match label {
                        EntityType::Person => {
                            // Only a mention typed a person on its own takes an
                            // unknown person's first word ("Deportivo Coruna" met
                            // before does not make "Deportivo" a person).
                            let family = (n == 1 && dict_person.is_none())
                                .then(|| family_first.get(&name).cloned())
                                .flatten();
                            let actor = match known_surname.or(family) {
                                Some(a) => a,
                                None => match dict_person {
                                    Some(p) => ActorRef {
                                        id: p.id.clone(),
                                        name: p.name.clone(),
                                        code: p
                                            .code_titled(date, sector.as_deref())
                                            .map(str::to_string),
                                    },
                                    // Unknown person: the title says the sector, the
                                    // word before it the country ("Armenian Prime Minister X").
                                    None => ActorRef {
                                        id: person_id(&name),
                                        name: name.clone(),
                                        code: titled_code(doc, &ents, untitled_start, a).or_else(
                                            || described_code(doc, &ents, untitled_start, run_end),
                                        ),
                                    },
                                },
                            };
                            // "Bill Clinton", "President Clinton": later "Clinton".
                            if (n >= 2 || titled) && trusted_surname(doc, a, run_end - 1, titled) {
                                let surname = doc.token_text(run_end - 1).to_string();
                                persons.entry(surname).or_insert(actor.clone());
                            }
                            // "Xi Jinping": later "Xi", the family name first.
                            // So may an unknown person's first word that is no
                            // given name ("Shen Dong" ... "Shen", "Wu Juping" ...
                            // "Wu"); a real surname met before keeps its entry.
                            let code = actor.code.as_deref();
                            let unknown_family_first = n == 2
                                && dict_person.is_none()
                                && code.is_none_or(wirecode_lexicon::family_name_first)
                                && !people.is_given_name(doc.token_text(a))
                                // Family names written first are short (Shen, Wu,
                                // Zhang, Nguyen); "Deportivo Coruna" is a club.
                                && doc.token_text(a).chars().count() <= 6
                                && doc.tokens[a].upos == Some("PROPN")
                                && first_f & (entity_cue::TITLE | entity_cue::TITLE_WORD) == 0;
                            if unknown_family_first {
                                let family = doc.token_text(a).to_string();
                                family_first.entry(family).or_insert(actor.clone());
                            }
                            if n >= 2 && code.is_some_and(wirecode_lexicon::family_name_first) {
                                let family = doc.token_text(a).to_string();
                                persons.entry(family).or_insert(actor.clone());
                            }
                            Some(actor)
                        }
                        _ => None,
                    };
                    ents.push(Entity {
                        span,
                        label,
                        actor,
                        place: None,
                    });
                }
            }
            i = run_end.max(i + 1);
        }
    }
    sort_entities(&mut ents);
    find_agents(doc, lex, &mut ents);
    let results = results_table_teams(doc, &mut ents);
    sort_entities(&mut ents);
    join_names(doc, &mut ents);
    surname_mentions(doc, &mut ents);
    companies_by_context(doc, &mut ents);
    short_org_mentions(doc, &mut ents);
    sports_teams(doc, results, &mut ents);
    if results || about_sport(doc) {
        fixture_lines(doc, &mut ents);
    }
    caps_events(doc, &mut ents);
    dateline_places(doc, &mut ents);
    acronym_orgs(doc, &mut ents);
    particle_names(doc, &mut ents);
    doc.entities = ents;
}

/// An unknown acronym in running text ("network CNBC", "the FOMC meeting")
/// names an organisation far more often than anything else. Sentences mostly
/// in capitals (headlines, tables) are left alone, as are roman numerals,
/// date words and the acronyms the word lists mark as not names (GDP, CEO).
fn acronym_orgs(doc: &Doc, ents: &mut Vec<Entity>) {
    let words = Words::get();
    let mut found = Vec::new();
    for s in &doc.sentences {
        let (alpha, lower) = word_case(doc, s.tokens.clone());
        if alpha < 4 || lower * 3 < alpha * 2 {
            continue;
        }
        for k in s.tokens.clone() {
            let w = doc.token_text(k);
            let acronym = (3..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
            if !acronym
                || w.bytes().all(|b| b"IVXLCDM".contains(&b))
                || words.entity_cue(w) != 0
                || words.date_word(w).is_some()
                || !overlapping(ents, doc.tokens[k].span).is_empty()
            {
                continue;
            }
            found.push(Entity {
                span: doc.tokens[k].span,
                label: EntityType::Org,
                actor: None,
                place: None,
            });
        }
    }
    if !found.is_empty() {
        ents.extend(found);
        sort_entities(ents);
    }
}

/// Whether the story is about sport: at least five sports words
/// ("innings", "striker", "beat") and one in fifty of its words.
pub(crate) fn about_sport(doc: &Doc) -> bool {
    let words = Words::get();
    let n = doc
        .tokens
        .iter()
        .enumerate()
        .filter(|(k, t)| {
            let w = doc.token_text(*k);
            let cue = if w.bytes().any(|b| b.is_ascii_uppercase()) {
                words.entity_cue(&w.to_lowercase())
            } else {
                words.entity_cue(w)
            };
            t.kind == TokenKind::Word && cue & entity_cue::SPORT != 0
        })
        .count();
    n >= 5 && n * 50 >= doc.tokens.len()
}

/// In a story about sport (or with `results` lines), team names from the team list are
/// organisations ("Surrey beat Kent", "Manchester City"), where they were
/// read as places or guessed people or left out. Countries stay (national
/// teams are their mentions), and so do people a dictionary or a full name
/// identified.
fn sports_teams(doc: &Doc, results: bool, ents: &mut Vec<Entity>) {
    let hits = wirecode_lexicon::Teams::builtin().find(&doc.article.text);
    if hits.is_empty() || !(results || about_sport(doc)) {
        return;
    }
    let mut changed = false;
    for (start, end) in hits {
        let span = Span::new(start, end);
        if !whole_tokens(doc, span) {
            continue;
        }
        let over = overlapping(ents, span);
        let keep = over.iter().any(|&i| {
            let e = &ents[i];
            e.span.start < start
                || e.span.end > end
                || matches!(e.label, EntityType::Org | EntityType::Event)
                || country_coded(e)
                // A person named in full here, not a bare surname that a
                // dictionary or the model guessed ("Kent" is not Peter Kent),
                // nor a guess that is exactly a team's name ("Crystal Palace").
                || (e.label == EntityType::Person
                    && ((doc.slice(e.span).contains(' ')
                        && (e.span != span || !guessed_person(e)))
                        || e.actor.as_ref().is_some_and(|a| {
                            a.name != doc.slice(e.span) && doc.article.text.contains(a.name.as_str())
                        })))
        });
        if keep {
            continue;
        }
        replace_with_team(ents, over, span);
        changed = true;
    }
    if changed {
        sort_entities(ents);
    }
}

/// Short mentions of an organisation named in full with its designator
/// ("Magna International Inc" ... "Magna", "Pirelli Cables SpA" ...
/// "Pirelli"): organisations, where read as guessed people or unknown names
/// or left out.
fn short_org_mentions(doc: &Doc, ents: &mut Vec<Entity>) {
    let words = Words::get();
    let company_word = |k: usize| words.entity_cue(doc.token_text(k)) & entity_cue::COMPANY != 0;
    // A designator left apart from the name before it ("Magna International"
    // + "Inc") joins it.
    let mut i = 0;
    while i + 1 < ents.len() {
        let (a, b) = (&ents[i], &ents[i + 1]);
        let gap = &doc.article.text[a.span.end..b.span.start];
        let tail = doc.token_at(b.span.start)..doc.token_at(b.span.end - 1) + 1;
        if a.label == EntityType::Org
            && b.label == EntityType::Org
            && b.actor.is_none()
            && gap.chars().all(|c| c == ' ')
            && tail.clone().all(company_word)
        {
            ents[i].span.end = b.span.end;
            ents.remove(i + 1);
        }
        i += 1;
    }
    // ... and so does one no entity holds.
    for i in 0..ents.len() {
        if ents[i].label != EntityType::Org {
            continue;
        }
        let mut k = doc.token_at(ents[i].span.end);
        while k < doc.tokens.len()
            && company_word(k)
            && doc.article.text[ents[i].span.end..doc.tokens[k].span.start] == *" "
            && ents
                .get(i + 1)
                .is_none_or(|n| n.span.start >= doc.tokens[k].span.end)
        {
            ents[i].span.end = doc.tokens[k].span.end;
            k += 1;
        }
    }
    let mut heads: Vec<(String, Option<ActorRef>)> = Vec::new();
    let mut firsts: Vec<(String, Option<ActorRef>)> = Vec::new();
    for e in ents.iter().filter(|e| e.label == EntityType::Org) {
        let first = doc.token_at(e.span.start);
        let mut last = doc.token_at(e.span.end - 1);
        while last > first && company_word(last) {
            last -= 1;
        }
        let suffixed = last < doc.token_at(e.span.end - 1);
        let head = doc.slice(Span::new(e.span.start, doc.tokens[last].span.end));
        if suffixed
            && is_titlecase_word(doc, first)
            && words.entity_cue(doc.token_text(first)) == 0
            && big_place(head).is_none()
        {
            heads.push((head.to_string(), e.actor.clone()));
            // Its first word alone too ("Magna" for "Magna International
            // Inc"), unless a given name or a known place's.
            let w = doc.token_text(first);
            if last > first
                && !People::builtin().is_given_name(w)
                && big_place(w).is_none()
                && words.entity_cue(doc.token_text(first + 1)) & entity_cue::COMPANY == 0
            {
                firsts.push((w.to_string(), e.actor.clone()));
            }
        }
    }
    if heads.is_empty() {
        return;
    }
    heads.sort_by(|a, b| a.0.cmp(&b.0));
    heads.dedup_by(|a, b| a.0 == b.0);
    // Guesses the story's company name overrides: a person, group or
    // uncoded place the model or a small gazetteer entry read ("Magna").
    let guess = |e: &Entity| {
        matches!(e.label, EntityType::Misc | EntityType::Norp)
            || guessed_person(e)
            || (matches!(e.label, EntityType::Gpe | EntityType::Loc)
                && e.actor.as_ref().is_none_or(|a| a.code.is_none()))
    };
    let place_guess = |e: &Entity| {
        matches!(
            e.label,
            EntityType::Gpe | EntityType::Loc | EntityType::Misc
        ) && e.actor.as_ref().is_none_or(|a| a.code.is_none())
    };
    for e in ents.iter_mut() {
        if let Some((_, actor)) = firsts.iter().find(|h| h.0 == doc.slice(e.span)) {
            if place_guess(e) {
                e.label = EntityType::Org;
                e.actor = actor.clone();
                e.place = None;
            }
        }
        if let Some((_, actor)) = heads.iter().find(|h| h.0 == doc.slice(e.span)) {
            if guess(e) {
                e.label = EntityType::Org;
                e.actor = actor.clone();
                e.place = None;
            }
        }
    }
    let mut added = Vec::new();
    for (h, actor) in heads.iter().chain(&firsts) {
        for span in mentions(doc, h) {
            if overlapping(ents, span).is_empty() && overlapping(&added, span).is_empty() {
                added.push(Entity {
                    span,
                    label: EntityType::Org,
                    actor: actor.clone(),
                    place: None,
                });
            }
        }
    }
    if !added.is_empty() {
        ents.extend(added);
        sort_entities(ents);
    }
}

/// What a company has and a person rarely does ("Pirelli's shares").
const OWNED_BY_FIRMS: &[&str] = &[
    "shares",
    "board",
    "unit",
    "units",
    "subsidiary",
    "profit",
    "profits",
    "net",
    "sales",
    "revenue",
    "stake",
    "chairman",
    "chief",
    "president",
    "directors",
    "shareholders",
    "earnings",
    "parent",
];

/// Names guessed to be people that the story treats as things: "Cofinec
/// said its ...", "Pirelli, which ...", "Petofi's board". Each mention of a
/// name votes (", which", "said it/its", "'s shares/board/unit" against ",
/// who", "said he/she", "his/her"); a name with more votes for a thing
/// than for a person is an organisation everywhere in the story.
fn companies_by_context(doc: &Doc, ents: &mut [Entity]) {
    let mut votes: HashMap<&str, i32> = HashMap::new();
    let n = doc.tokens.len();
    let t = |k: usize| if k < n { doc.token_text(k) } else { "" };
    for e in ents.iter().filter(|e| guessed_person(e)) {
        let k = doc.token_at(e.span.end - 1) + 1;
        let v = match (t(k), t(k + 1)) {
            (",", "which") => 1,
            (",", "who") => -1,
            ("'s", w) if OWNED_BY_FIRMS.contains(&w) => 1,
            (v, "it" | "its") if is_speech_cue(doc, k) && v != "," => 1,
            (v, "he" | "she" | "his" | "her") if is_speech_cue(doc, k) && v != "," => -1,
            _ => 0,
        };
        *votes.entry(doc.slice(e.span)).or_default() += v;
    }
    let orgs: Vec<String> = votes
        .into_iter()
        .filter(|&(_, v)| v > 0)
        .map(|(name, _)| name.to_string())
        .collect();
    for e in ents.iter_mut() {
        if guessed_person(e) && orgs.iter().any(|o| o == doc.slice(e.span)) {
            // A thing the gazetteer knows is a place ("Nagorno-Karabakh, which").
            let place = Gazetteer::builtin()
                .lookup(doc.slice(e.span))
                .next()
                .is_some();
            e.label = if place {
                EntityType::Loc
            } else {
                EntityType::Org
            };
            e.actor = None;
        }
    }
}

/// Joins a name to what completes it: group words written together
/// ("Iraqi" + "Kurds", "Bosnian" + "Serbs") make one group, and a name
/// followed by an event word makes an event ("U.S." + "Open", "Gulf" +
/// "War"). `ents` is sorted by start and stays so.
fn join_names(doc: &Doc, ents: &mut Vec<Entity>) {
    let words = Words::get();
    let text = doc.article.text.as_str();
    // An organisation word before a place ("Air France", "Dynamo Moscow",
    // "Radio Free Asia"): the organisation's name.
    let mut i = 0;
    while i < ents.len() {
        let first = doc.token_at(ents[i].span.start);
        let head = first.checked_sub(1).filter(|&p| {
            matches!(ents[i].label, EntityType::Gpe | EntityType::Loc)
                && is_cap(doc, p)
                && words.entity_cue(doc.token_text(p))
                    & (entity_cue::ORG_HEAD | entity_cue::ORG_PREFIX)
                    != 0
                && text[doc.tokens[p].span.end..ents[i].span.start] == *" "
        });
        if let Some(p) = head {
            let start = doc.tokens[p].span.start;
            let before = i.checked_sub(1).filter(|&b| ents[b].span.end > start);
            if before.is_none_or(|b| ents[b].span.start == start) {
                let e = &mut ents[i];
                e.span.start = start;
                e.label = EntityType::Org;
                e.actor = None;
                e.place = None;
                if let Some(b) = before {
                    ents.remove(b);
                    continue;
                }
            }
        }
        i += 1;
    }
    let mut i = 0;
    while i < ents.len() {
        let e = &ents[i];
        let last = doc.token_at(e.span.end.saturating_sub(1));
        let next = last + 1;
        let same_line = |k: usize| {
            k < doc.tokens.len()
                && text[doc.tokens[k - 1].span.end..doc.tokens[k].span.start] == *" "
        };
        if !same_line(next) || !is_cap(doc, next) {
            i += 1;
            continue;
        }
        let f = words.entity_cue(doc.token_text(next));
        let follower = ents
            .get(i + 1)
            .filter(|x| x.span.start == doc.tokens[next].span.start);
        // Group + group.
        if e.label == EntityType::Norp
            && follower.is_some_and(|x| {
                x.label == EntityType::Norp && x.span.end == doc.tokens[next].span.end
            })
        {
            ents[i].span.end = doc.tokens[next].span.end;
            ents.remove(i + 1);
            continue;
        }
        // Country + organisation ("U.S. Treasury Department", "British
        // Broadcasting Corporation"): one organisation, the country's if
        // nothing else coded it.
        if matches!(e.label, EntityType::Gpe | EntityType::Norp)
            && follower.is_some_and(|x| x.label == EntityType::Org)
        {
            let x = ents.remove(i + 1);
            let e = &mut ents[i];
            e.span.end = x.span.end;
            e.label = EntityType::Org;
            if x.actor.is_some() {
                e.actor = x.actor;
            }
            e.place = None;
            continue;
        }
        // Name + event word ending the capitals.
        let ends = next + 1 >= doc.tokens.len() || !same_line(next + 1) || !is_cap(doc, next + 1);
        if f & entity_cue::EVENT_SUFFIX != 0
            && ends
            && matches!(
                e.label,
                EntityType::Gpe
                    | EntityType::Loc
                    | EntityType::Norp
                    | EntityType::Misc
                    | EntityType::Org
            )
            && follower.is_none_or(|x| x.span.end == doc.tokens[next].span.end)
        {
            if follower.is_some() {
                ents.remove(i + 1);
            }
            let e = &mut ents[i];
            e.span.end = doc.tokens[next].span.end;
            e.label = EntityType::Event;
            e.actor = None;
            e.place = None;
        }
        i += 1;
    }
}

/// Whether the last word of a person's name on tokens `first..=last` may
/// stand for the person elsewhere: a place's name only when the full name
/// opens with a known first name or a title ("MaliVai Washington" is not
/// enough, "Anthony Washington" is; "Lebed Chechnya" in a headline is not).
fn trusted_surname(doc: &Doc, first: usize, last: usize, titled: bool) -> bool {
    titled
        || big_place(doc.token_text(last)).is_none()
        || People::builtin().is_given_name(doc.token_text(first))
}

/// One-word mentions of a person named in full in the story ("Bill
/// Clinton" ... "Clinton", "MaliVai Washington" ... "Washington"), which a
/// dictionary or the model read as a place or organisation.
fn surname_mentions(doc: &Doc, ents: &mut Vec<Entity>) {
    let words = Words::get();
    let mut by_surname: HashMap<String, Option<ActorRef>> = HashMap::new();
    // Surnames of the people the story names in full ("Gordon Brown").
    let mut full: HashMap<String, ActorRef> = HashMap::new();
    for e in ents.iter().filter(|e| e.label == EntityType::Person) {
        let first = doc.token_at(e.span.start);
        let last = doc.token_at(e.span.end - 1);
        if let Some(a) = e.actor.clone().filter(|_| last > first) {
            full.entry(doc.token_text(last).to_string()).or_insert(a);
        }
        let titled = first
            .checked_sub(1)
            .is_some_and(|p| words.entity_cue(doc.token_text(p)) & entity_cue::TITLE != 0);
        if (last > first || titled) && trusted_surname(doc, first, last, titled) {
            by_surname
                .entry(doc.token_text(last).to_string())
                .or_insert_with(|| e.actor.clone());
        }
        // "Xi Jinping ... Xi": the family name written first.
        let code = e.actor.as_ref().and_then(|a| a.code.as_deref());
        if last > first && code.is_some_and(wirecode_lexicon::family_name_first) {
            by_surname
                .entry(doc.token_text(first).to_string())
                .or_insert_with(|| e.actor.clone());
        }
    }
    if by_surname.is_empty() {
        return;
    }
    let named: Vec<&str> = full.values().map(|a| a.id.as_str()).collect();
    for e in ents.iter_mut() {
        if doc.token_at(e.span.start) != doc.token_at(e.span.end - 1) {
            continue;
        }
        // A bare surname the dictionary gave to someone the story never
        // names ("Brown shrugs off economy fears" above "Gordon Brown":
        // not Bermuda's Ewart Brown).
        if e.label == EntityType::Person {
            // Only a known person's (an unknown "Mrs. Urey" is not "John Urey").
            let stranger = e
                .actor
                .as_ref()
                .is_some_and(|a| a.code.is_some() && !named.contains(&a.id.as_str()));
            if let Some(actor) = full.get(doc.slice(e.span)).filter(|_| stranger) {
                e.actor = Some(actor.clone());
            }
            continue;
        }
        if let Some(actor) = by_surname.get(doc.slice(e.span)) {
            e.label = EntityType::Person;
            e.actor = actor.clone();
            e.place = None;
        }
    }
    // Mentions that nothing named, wherever they stand ("Muralitharan 10-0-41-2").
    let mut added = Vec::new();
    let mut at = 0;
    for k in 0..doc.tokens.len() {
        let span = doc.tokens[k].span;
        while at < ents.len() && ents[at].span.end <= span.start {
            at += 1;
        }
        let free = ents.get(at).is_none_or(|e| e.span.start >= span.end);
        // In a heading written in capitals too ("REAGAN SEEKS MORE AID").
        let w = doc.token_text(k);
        let caps = w.chars().count() >= 3
            && w.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
            && in_caps_line(doc, k)
            // Not a word of sport or event headings ("BASEBALL - ...").
            && words.entity_cue(&title_case(w)) == 0;
        if free && (is_titlecase_word(doc, k) || caps) {
            let key = if caps { title_case(w) } else { w.to_string() };
            if let Some(actor) = by_surname.get(&key) {
                // With the initial or particle written before it ("S. Waugh", "de Silva").
                let lead = k.checked_sub(1).filter(|&p| {
                    let w = doc.token_text(p);
                    let initial =
                        w.len() == 2 && w.ends_with('.') && w.starts_with(char::is_uppercase);
                    (initial
                        || matches!(
                            w,
                            "de" | "da" | "van" | "von" | "der" | "al" | "bin" | "du" | "le" | "la"
                        ))
                        && doc.article.text[doc.tokens[p].span.end..span.start] == *" "
                        && (at == 0 || ents[at - 1].span.end <= doc.tokens[p].span.start)
                });
                let span = match lead {
                    Some(p) => Span::new(doc.tokens[p].span.start, span.end),
                    None => span,
                };
                added.push(Entity {
                    span,
                    label: EntityType::Person,
                    actor: actor.clone(),
                    place: None,
                });
            }
        }
    }
    if !added.is_empty() {
        ents.extend(added);
        sort_entities(ents);
    }
}

/// The type of a one-word name that the gazetteer knows as a country, a
/// region or a town of 100,000 people or more.
fn big_place(name: &str) -> Option<EntityType> {
    Gazetteer::builtin()
        .lookup(name)
        .find(|p| p.population >= 100_000 || !matches!(p.kind, wirecode_lexicon::PlaceKind::City))
        .map(|_| EntityType::Gpe)
}

/// Whether `name` is, in the gazetteer, a first-level division or a city
/// of at least 500,000 people: names that rarely mean anything else.
fn region_or_city(name: &str) -> bool {
    Gazetteer::builtin()
        .lookup(name)
        .any(|p| p.kind == wirecode_lexicon::PlaceKind::Admin1 || p.population >= 500_000)
}

/// Puts `ents` in text order, a longer entity before a shorter one at the
/// same start.
fn sort_entities(ents: &mut [Entity]) {
    ents.sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
}

/// Whether `span` starts and ends on token boundaries.
fn whole_tokens(doc: &Doc, span: Span) -> bool {
    let first = doc.token_at(span.start);
    let last = doc.token_at(span.end - 1);
    last < doc.tokens.len()
        && doc.tokens[first].span.start == span.start
        && doc.tokens[last].span.end == span.end
}

/// The places where `name` is written as whole tokens.
fn mentions<'a>(doc: &'a Doc, name: &'a str) -> impl Iterator<Item = Span> + 'a {
    doc.article
        .text
        .match_indices(name)
        .map(|(at, _)| Span::new(at, at + name.len()))
        .filter(|&span| whole_tokens(doc, span))
}

/// An entity coded as a country ("USA", not "USAGOV").
fn country_coded(e: &Entity) -> bool {
    e.actor
        .as_ref()
        .and_then(|a| a.code.as_deref())
        .is_some_and(|c| c.len() == 3)
}

/// A person that only capitalisation or the model named: no actor code.
fn guessed_person(e: &Entity) -> bool {
    e.label == EntityType::Person && e.actor.as_ref().is_none_or(|a| a.code.is_none())
}

/// Indexes of the entities in `ents` that overlap `span`, in order.
fn overlapping(ents: &[Entity], span: Span) -> Vec<usize> {
    (0..ents.len())
        .filter(|&i| ents[i].span.start < span.end && span.start < ents[i].span.end)
        .collect()
}

/// Puts `entity` in place of the entities `over` (indexes into `ents`, in
/// order) that it overlaps.
fn replace_with(ents: &mut Vec<Entity>, over: Vec<usize>, entity: Entity) {
    for i in over.into_iter().rev() {
        ents.remove(i);
    }
    ents.push(entity);
}

/// Puts a team (an organisation without an actor code) at `span` in place
/// of the entities `over` that it overlaps.
fn replace_with_team(ents: &mut Vec<Entity>, over: Vec<usize>, span: Span) {
    let team = Entity {
        span,
        label: EntityType::Org,
        actor: None,
        place: None,
    };
    replace_with(ents, over, team);
}

/// A score or number token of a results table: "29", "239-8", ".561".
fn is_score(w: &str) -> bool {
    let b = w.as_bytes();
    // A dateline's date ("NEW YORK 1996-08-30") is not a score.
    let date = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    !b.is_empty()
        && !date
        && (b[0].is_ascii_digit() || (b[0] == b'.' && b.len() > 1))
        && b.iter().all(|c| c.is_ascii_digit() || b".-/".contains(c))
}

/// Lines of sports results, scoreboards and standings ("Newport 29
/// Caerphilly 10", "Falkirk 3 1 1 1 1 1 4", "Worcestershire 238 and 133-5 ,
/// Derbyshire 471 ( J. Adams 123 )"): a name that opens the line or follows
/// a score or a separator and is itself followed by a score is a team, an
/// organisation, even when it is a place's name. A person the model or a
/// dictionary named, or a name written with initials ("J. Adams"), stays a
/// person unless the gazetteer knows the name as a place (golf, athletics
/// and batting tables list people with their scores). True when the story
/// has a results line with a team.
fn results_table_teams(doc: &Doc, ents: &mut Vec<Entity>) -> bool {
    let mut teams: Vec<String> = Vec::new();
    for line in lines(doc) {
        table_line(doc, line, ents, &mut teams);
    }
    teams.sort();
    teams.dedup();
    team_mentions(doc, &teams, ents);
    !teams.is_empty()
}

/// One-word names joined by an Arabic or Urdu particle ("Inzamam-ul-Haq",
/// "Ata-ur-Rehman") are people's, whatever type the model guessed, unless a
/// dictionary coded them.
fn particle_names(doc: &Doc, ents: &mut Vec<Entity>) {
    let mut added = false;
    for k in 0..doc.tokens.len() {
        let name = doc.token_text(k);
        if !name.contains('-') || !wirecode_text::joined_by_particle(name) {
            continue;
        }
        let span = doc.tokens[k].span;
        let person = unknown_person(span, name);
        match overlapping(ents, span).as_slice() {
            [] => {
                ents.push(person);
                added = true;
            }
            &[i] if ents[i].span == span
                && ents[i].label != EntityType::Person
                && ents[i].actor.as_ref().is_none_or(|a| a.code.is_none()) =>
            {
                ents[i] = person;
            }
            _ => {}
        }
    }
    if added {
        sort_entities(ents);
    }
}

/// A dateline's place in capitals ("JOHANNESBURG 1996-08-30", "FARMINGTON
/// HILLS, Mich.") is a place when the gazetteer knows it in title case, whatever
/// the model made of the capitals.
fn dateline_places(doc: &Doc, ents: &mut Vec<Entity>) {
    let mut added = false;
    for line in lines(doc) {
        let caps = |k: usize| {
            let w = doc.token_text(k);
            w.len() > 1 && w.chars().all(|c| c.is_uppercase() || c == '.')
        };
        let mut end = line.start;
        while end < line.end && end - line.start < 4 && caps(end) {
            end += 1;
        }
        if end == line.start || end >= line.end {
            continue;
        }
        // The date may be several tokens ("1996-08", "-", "30").
        let next = &doc.article.text.as_bytes()[doc.tokens[end].span.start..];
        let dated = (next.len() >= 10
            && next[..10].iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            }))
            || (next[0] == b',' && end + 1 < line.end && is_cap(doc, end + 1));
        if !dated {
            continue;
        }
        let title: String = (line.start..end)
            .map(|k| title_case(doc.token_text(k)))
            .collect::<Vec<_>>()
            .join(" ");
        if big_place(&title).is_none() {
            continue;
        }
        let span = Span::new(
            doc.tokens[line.start].span.start,
            doc.tokens[end - 1].span.end,
        );
        let over = overlapping(ents, span);
        let place = Entity {
            span,
            label: EntityType::Gpe,
            actor: None,
            place: None,
        };
        match over.as_slice() {
            [] => {
                ents.push(place);
                added = true;
            }
            &[i] if ents[i].span == span
                && !matches!(ents[i].label, EntityType::Gpe | EntityType::Loc)
                && ents[i].actor.as_ref().is_none_or(|a| a.code.is_none()) =>
            {
                ents[i] = place;
            }
            _ => {}
        }
    }
    if added {
        sort_entities(ents);
    }
}

/// Whether token `k` stands in a line with no lower-case letter (a heading).
fn in_caps_line(doc: &Doc, k: usize) -> bool {
    let text = doc.article.text.as_str();
    let at = doc.tokens[k].span.start;
    let lo = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let hi = text[at..].find('\n').map_or(text.len(), |i| at + i);
    !text[lo..hi].chars().any(char::is_lowercase)
}

/// A word in title case: "JOHANNESBURG" -> "Johannesburg".
fn title_case(w: &str) -> String {
    let mut cs = w.chars();
    cs.next()
        .into_iter()
        .chain(cs.flat_map(char::to_lowercase))
        .collect()
}

/// Words that start with a letter, and how many of them have a lower-case
/// letter, over `range`.
fn word_case(doc: &Doc, range: std::ops::Range<usize>) -> (usize, usize) {
    let (mut alpha, mut lower) = (0, 0);
    for k in range {
        let w = doc.token_text(k);
        if w.starts_with(char::is_alphabetic) {
            alpha += 1;
            lower += w.chars().any(char::is_lowercase) as usize;
        }
    }
    (alpha, lower)
}

/// Event names in headlines and tables written in capitals ("IN WORLD CUP
/// QUALIFIER", "GREATER MILWAUKEE OPEN"): up to three capitalised words
/// before an event word, stopping at function words, date words and sports
/// verbs ("BEAT"), name an event.
fn caps_events(doc: &Doc, ents: &mut Vec<Entity>) {
    let words = Words::get();
    let mut found = Vec::new();
    for s in &doc.sentences {
        let (alpha, lower) = word_case(doc, s.tokens.clone());
        if alpha < 2 || lower * 10 > alpha * 3 {
            continue;
        }
        for k in s.tokens.start + 1..s.tokens.end {
            let w = doc.token_text(k);
            if !w.chars().all(|c| c.is_ascii_uppercase())
                || words.entity_cue(w) & (entity_cue::EVENT_SUFFIX | entity_cue::HEADING_SUFFIX)
                    == 0
            {
                continue;
            }
            let mut a = k;
            while a > s.tokens.start && k - a < 3 {
                let p = doc.token_text(a - 1);
                let ok = p.chars().all(|c| c.is_ascii_uppercase())
                    || (p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()));
                if !ok
                    || words.entity_cue(&title_case(p)) & entity_cue::NOT_ENTITY != 0
                    || words.entity_cue(&p.to_lowercase()) & entity_cue::SPORT != 0
                    || words.date_word(&title_case(p)).is_some()
                {
                    break;
                }
                a -= 1;
            }
            if a < k {
                let span = Span::new(doc.tokens[a].span.start, doc.tokens[k].span.end);
                found.push(Entity {
                    span,
                    label: EntityType::Event,
                    actor: None,
                    place: None,
                });
            }
        }
    }
    for e in found {
        let over = overlapping(ents, e.span);
        if over
            .iter()
            .all(|&i| ents[i].span.start >= e.span.start && ents[i].span.end <= e.span.end)
        {
            replace_with(ents, over, e);
        }
    }
    sort_entities(ents);
}

/// The token ranges of the article's lines (tokens up to each line break).
fn lines(doc: &Doc) -> Vec<std::ops::Range<usize>> {
    let text = doc.article.text.as_str();
    let n = doc.tokens.len();
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n
            && !text[doc.tokens[end - 1].span.end..doc.tokens[end].span.start].contains('\n')
        {
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// Fixture lines of a sports story, "HOUSTON AT PITTSBURGH": the first
/// name is the visiting team, an organisation; the second the venue, a
/// place (as CoNLL-2003 and the wires read them).
fn fixture_lines(doc: &Doc, ents: &mut Vec<Entity>) {
    for line in lines(doc) {
        let toks: Vec<&str> = line.clone().map(|k| doc.token_text(k)).collect();
        let Some(at) = toks.iter().position(|w| matches!(*w, "AT" | "at")) else {
            continue;
        };
        let name = |ws: &[&str]| {
            (1..=3).contains(&ws.len())
                && ws.iter().all(|w| {
                    w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic)
                })
        };
        if !name(&toks[..at]) || !name(&toks[at + 1..]) {
            continue;
        }
        let span = |r: std::ops::Range<usize>| {
            Span::new(
                doc.tokens[r.start].span.start,
                doc.tokens[r.end - 1].span.end,
            )
        };
        let team = span(line.start..line.start + at);
        replace_with_team(ents, overlapping(ents, team), team);
        let venue = Entity {
            span: span(line.start + at + 1..line.end),
            label: EntityType::Gpe,
            actor: None,
            place: None,
        };
        replace_with(ents, overlapping(ents, venue.span), venue);
    }
    sort_entities(ents);
}

/// The other mentions of teams found in results lines ("Derbyshire kept up
/// the hunt"): organisations too, where they were read as places or left
/// out; a country's name is left alone (national teams are its mentions).
fn team_mentions(doc: &Doc, teams: &[String], ents: &mut Vec<Entity>) {
    for team in teams {
        let spans: Vec<Span> = mentions(doc, team).collect();
        for span in spans {
            let over = overlapping(ents, span);
            let keep = over.iter().any(|&i| {
                let e = &ents[i];
                // A one-word "person" the model guessed is the team too.
                let guessed = guessed_person(e) && !team.contains(' ');
                e.span != span
                    || !(guessed
                        || matches!(
                            e.label,
                            EntityType::Gpe | EntityType::Loc | EntityType::Misc
                        ))
                    || country_coded(e)
            });
            if keep {
                continue;
            }
            replace_with_team(ents, over, span);
        }
    }
}

/// What a name on a results line is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Team,
    /// In brackets after an athlete: the athlete's country or club.
    Bracketed,
    /// A cricket player named in a dismissal or with bowling figures.
    Player,
}

fn table_line(
    doc: &Doc,
    line: std::ops::Range<usize>,
    ents: &mut Vec<Entity>,
    teams: &mut Vec<String>,
) {
    let text = doc.article.text.as_str();
    let words = Words::get();
    // Tokens written together ("239-8", "1996-08-31") read as one item.
    let mut items: Vec<std::ops::Range<usize>> = Vec::new();
    for k in line.clone() {
        match items.last_mut() {
            Some(it) if doc.tokens[k - 1].span.end == doc.tokens[k].span.start => it.end = k + 1,
            _ => items.push(k..k + 1),
        }
    }
    let item_text = |r: &std::ops::Range<usize>| {
        &text[doc.tokens[r.start].span.start..doc.tokens[r.end - 1].span.end]
    };
    let joiner = |w: &str| matches!(w, "'s" | "&" | ".");
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let separator = |w: &str| {
        matches!(
            w,
            ":" | "," | ";" | "(" | ")" | "v" | "vs" | "vs." | "and" | "-"
        )
    };
    let lower = items
        .iter()
        .filter(|r| item_text(r).starts_with(char::is_lowercase) && !separator(item_text(r)))
        .count();
    if items.len() < 3 || 3 * lower > items.len() {
        return;
    }
    // A date ("1996-08-31") is not a score: a dateline is not a results line.
    let is_date = |w: &str| w.len() >= 8 && w.matches('-').count() == 2;
    if items.iter().any(|r| is_date(item_text(r))) {
        return;
    }
    // Name runs that open the line or follow a score or separator, each
    // followed by a score; in cricket scorecards, names after a dismissal
    // ("c Stewart b Hollioake 23") or before bowling figures ("Gough
    // 10-2-36-1") are players.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let w = item_text(&items[i]);
        let after = if i == 0 { "" } else { item_text(&items[i - 1]) };
        let dismissal = matches!(after, "b" | "c" | "st");
        let opens = i == 0 || is_score(after) || separator(after) || dismissal;
        if !cap(w) || !opens || words.date_word(w).is_some() {
            i += 1;
            continue;
        }
        let a = i;
        while i < items.len()
            && (cap(item_text(&items[i]))
                || (i > a
                    && joiner(item_text(&items[i]))
                    && i + 1 < items.len()
                    && cap(item_text(&items[i + 1]))))
        {
            i += 1;
        }
        let next = items.get(i).map(item_text).filter(|w| is_score(w));
        let figures = next.is_some_and(|w| w.matches('-').count() >= 3);
        let role = if dismissal || figures {
            Role::Player
        } else if after == "(" {
            Role::Bracketed
        } else {
            Role::Team
        };
        if next.is_some() || role == Role::Player {
            runs.push((items[a].start..items[i - 1].end, role));
        }
    }
    let scores = items.iter().filter(|r| is_score(item_text(r))).count();
    let scorecard = runs.iter().any(|r| r.1 == Role::Player)
        && items.last().is_some_and(|r| is_score(item_text(r)));
    if scores < 2 && !scorecard {
        return;
    }
    // One name is enough on a standings line made of names and numbers
    // alone ("SAN DIEGO 75 60 .556 -"); prose-like lines need two.
    let standings = cap(item_text(&items[0]))
        && items.iter().all(|r| {
            let w = item_text(r);
            cap(w) || is_score(w) || joiner(w) || matches!(w, "(" | ")" | "in" | "-")
        });
    if runs.len() < 2 && !(standings && runs.len() == 1) {
        return;
    }
    let gaz = Gazetteer::builtin();
    for (r, role) in runs {
        let span = Span::new(
            doc.tokens[r.start].span.start,
            doc.tokens[r.end - 1].span.end,
        );
        let name = doc.slice(span);
        let over = overlapping(ents, span);
        // "J. Adams", "T.O'Gorman": initials make a person.
        let initials = {
            let b = name.as_bytes();
            b.len() > 3 && b[0].is_ascii_uppercase() && b[1] == b'.'
        };
        let person = initials || over.iter().any(|&i| ents[i].label == EntityType::Person);
        if (initials || role == Role::Player)
            && !over
                .iter()
                .any(|&i| ents[i].span == span && ents[i].label == EntityType::Person)
        {
            replace_with(ents, over, unknown_person(span, name));
            continue;
        }
        // A country in brackets after an athlete is the athlete's country;
        // a country's name is left alone (national teams are its mentions).
        let country = over.iter().any(|&i| country_coded(&ents[i]));
        if (person && gaz.lookup(name).next().is_none()) || role == Role::Bracketed || country {
            continue;
        }
        teams.push(name.to_string());
        replace_with_team(ents, over, span);
    }
}

/// The sector of the title on tokens `title_start..title_end`, from the
/// longest suffix that is a known agent ("Foreign Minister" -> "minister").
fn title_sector(doc: &Doc, title_start: usize, title_end: usize) -> Option<String> {
    if title_start >= title_end {
        return None;
    }
    let text = doc.article.text.as_str();
    (title_start..title_end).find_map(|k| {
        let phrase = &text[doc.tokens[k].span.start..doc.tokens[title_end - 1].span.end];
        Agents::builtin().lookup(phrase).map(|a| a.sector.clone())
    })
}

/// The code a title gives an unknown person: its sector from the agent
/// dictionary, its country from a country word right before the title.
fn titled_code(doc: &Doc, ents: &[Entity], title_start: usize, title_end: usize) -> Option<String> {
    if title_start >= title_end {
        return None;
    }
    let sector = title_sector(doc, title_start, title_end)?;
    let country = title_country(doc, ents, doc.tokens[title_start].span.start);
    person_code(country, Some(sector))
}

/// A person's code from the country (or body) and the sector their title
/// or description gives: a body's code whole ("IGOUNO"), else the
/// country's three letters and the sector.
fn person_code(country: Option<String>, sector: Option<String>) -> Option<String> {
    match (country, sector) {
        (Some(c), _) if c.starts_with("IGO") || c.starts_with("NGO") => Some(c),
        (Some(c), s) => Some(format!("{}{}", &c[..c.len().min(3)], s.unwrap_or_default())),
        (None, s) => s,
    }
}

/// CAMEO sectors a title can give a person.
const PERSON_SECTORS: &[&str] = &[
    "GOV", "MIL", "REB", "OPP", "COP", "SPY", "LEG", "JUD", "CVL", "REF", "MED", "EDU", "HLH",
    "BUS", "AGR", "ENV", "CRM", "UAF", "ELI", "LAB", "RAD", "REL", "PTY", "HRI",
];

/// Whether a region's adjective at `span` stands for one country or body,
/// not the region: "the West African country", "the South American
/// leader" (the story's own; a bare agent then takes the story's country),
/// or a word of a longer name ("Arab Socialist Party", "Central African
/// Forest Initiative").
fn region_word_names_one(doc: &Doc, span: Span, hints: &[(Span, EntityType)]) -> bool {
    const ONE: &[&str] = &[
        "country",
        "nation",
        "state",
        "kingdom",
        "republic",
        "island",
        "emirate",
        "leader",
        "president",
        "government",
        "premier",
        "monarch",
        "king",
    ];
    // A longer name goes on in capitals ("Arab Socialist Party"); the
    // model's span may run over lower-case words ("Central American leaders").
    let text = doc.article.text.as_str();
    let in_name = hints.iter().any(|(h, t)| {
        h.start <= span.start
            && span.end < h.end
            && text[span.end..h.end]
                .split_whitespace()
                .all(|w| w.starts_with(|c: char| !c.is_lowercase()))
            && matches!(
                t,
                EntityType::Org | EntityType::Misc | EntityType::Event | EntityType::Fac
            )
    });
    let next = doc.token_at(span.end.saturating_sub(1)) + 1;
    let one = next < doc.tokens.len() && ONE.contains(&doc.token_text(next));
    in_name || one
}

/// The code an unknown person takes from the lower-case words describing
/// them right before the name ("Chinese foreign ministry spokesman Wang
/// Wenbin" -> CHNGOV, "Nigerian businessman X" -> NGABUS), or before a
/// comma ("A UN Human Rights Council spokesman, X" -> IGOUNO), or from a
/// country owning the name ("Ghana's X" -> GHA). The sector is the last
/// agent phrase among those words, the country the word before them.
fn described_code(doc: &Doc, ents: &[Entity], first: usize, last: usize) -> Option<String> {
    let text = doc.article.text.as_str();
    // A body read as a person ("Office of Kasama City") is not described.
    if (first..last).any(|k| matches!(doc.token_text(k), "of" | "for" | "and" | "the")) {
        return None;
    }
    let describing = |k: usize| {
        let t = &doc.tokens[k];
        t.kind == TokenKind::Word
            && matches!(t.upos, Some("NOUN" | "ADJ"))
            && doc.token_text(k).starts_with(char::is_lowercase)
            && wirecode_doc::entities_overlapping(ents, t.span)
                .next()
                .is_none()
    };
    let walk = |end: usize| {
        let mut start = end;
        while start > 0 && end - start < 5 && describing(start - 1) {
            start -= 1;
        }
        start
    };
    let mut end = first;
    let mut start = walk(end);
    // "A UN Human Rights Council spokesman, X": the noun before the comma,
    // when an agent or a body describes it.
    let mut appositive = false;
    if start == end && first >= 2 && doc.token_text(first - 1) == "," && describing(first - 2) {
        end = first - 1;
        start = walk(end);
        appositive = true;
    }
    let sector = (start + 1..=end).rev().find_map(|e| {
        (start..e).find_map(|b| {
            let phrase = &text[doc.tokens[b].span.start..doc.tokens[e - 1].span.end];
            Agents::builtin().lookup(phrase).map(|a| a.sector.clone())
        })
    });
    let at = doc.tokens.get(start).map_or(text.len(), |t| t.span.start);
    let country = title_country(doc, ents, at);
    if appositive && sector.is_none() && country.is_none() {
        return None;
    }
    person_code(country, sector)
}

/// The code of a country or organisation word right before byte `start`
/// ("Syrian rebels", "US diplomats", "Chile's Ministry of Mines"), or the
/// country of a place word ("Rakhine rebels"). `ents` need not be sorted
/// (names are added after the dictionary's hits while they are found).
fn modifier_code(text: &str, ents: &[Entity], start: usize) -> Option<String> {
    let e = ents
        .iter()
        .filter(|e| e.span.end <= start)
        .max_by_key(|e| e.span.end)?;
    let gap = text[e.span.end..start].trim();
    if !(gap.is_empty() || gap == "'s" || gap == "’s") {
        return None;
    }
    let code = e.actor.as_ref().and_then(|a| a.code.clone());
    match e.label {
        EntityType::Norp => code,
        EntityType::Org | EntityType::Gpe if code.is_some() => code,
        // A city or province without an actor code is its country's
        // ("Shanghai authorities", "Kano State government"), also when
        // the model read it with the agent as one name ("Shanghai police").
        EntityType::Gpe | EntityType::Loc | EntityType::Misc | EntityType::Org => {
            let p = wirecode_lexicon::Gazetteer::builtin()
                .resolve(&text[e.span.start..e.span.end], &HashMap::new())?;
            Some(p.country.clone())
        }
        _ => None,
    }
}

/// Whether a courtesy title names a woman (`Some(true)`: "Mrs", "Ms",
/// "Madam") or a man (`Some(false)`: "Mr"); `None` for any other word.
fn title_sex(w: &str) -> Option<bool> {
    match w.trim_end_matches('.') {
        "Mrs" | "Ms" | "Miss" | "Madam" | "Mme" | "Madame" => Some(true),
        "Mr" | "Monsieur" => Some(false),
        _ => None,
    }
}

/// [`modifier_code`] for an agent or title at byte `start`, also across a
/// portfolio in capitals between the country word and the title ("South
/// African Employment and Labour Minister").
fn title_country(doc: &Doc, ents: &[Entity], start: usize) -> Option<String> {
    let text = doc.article.text.as_str();
    modifier_code(text, ents, start).or_else(|| {
        let first = portfolio_start(doc, ents, start)?;
        modifier_code(text, ents, doc.tokens[first].span.start)
    })
}

/// Whether the agent word at bytes `start..end` is an adjective modifying
/// a thing ("military spending"), not a body ("paramilitary organisation",
/// "military intelligence agency") or people ("civilian advisers").
fn adjective_on_a_thing(doc: &Doc, start: usize, end: usize) -> bool {
    let n = doc.tokens.len();
    let k = doc.token_at(start);
    if k >= n
        || doc.token_at(end.saturating_sub(1)) != k
        || doc.tokens[k].upos != Some("ADJ")
        || doc.tokens[k].dep != Some("amod")
    {
        return false;
    }
    let Some(mut h) = doc.tokens[k].head.filter(|&h| h > k && h < n) else {
        return false;
    };
    if doc.tokens[h].upos != Some("NOUN") {
        return false;
    }
    // The whole compound: "intelligence agency".
    while doc.tokens[h].dep == Some("compound") {
        match doc.tokens[h].head {
            Some(x) if x > h && x < n => h = x,
            _ => break,
        }
    }
    let text = doc.article.text.as_str();
    let body = (k + 1..=h).any(|j| {
        let phrase = &text[doc.tokens[j].span.start..doc.tokens[h].span.end];
        Agents::builtin().lookup(phrase).is_some()
    });
    let head = doc.token_text(h);
    let org = Words::get().entity_cue(&capitalised(head))
        & (entity_cue::ORG_SUFFIX | entity_cue::ORG_HEAD)
        != 0;
    let events = wirecode_lexicon::EventLexicon::builtin();
    let people = [head, head.trim_end_matches('s')]
        .iter()
        .any(|w| events.is_role_word(&w.to_lowercase(), wirecode_lexicon::RoleWord::People));
    !body && !org && !people
}

/// For a capitalised title at byte `start` ("Labour Minister"): the first
/// token of the capitalised portfolio words right before it ("Employment
/// and Labour"; at most four words, none of them part of an entity).
fn portfolio_start(doc: &Doc, ents: &[Entity], start: usize) -> Option<usize> {
    let k = doc.token_at(start);
    if k == 0 || k >= doc.tokens.len() || !doc.token_text(k).starts_with(char::is_uppercase) {
        return None;
    }
    let mut first = k;
    while first > 0 && k - first < 4 {
        let j = first - 1;
        let w = doc.token_text(j);
        let word = doc.tokens[j].kind == TokenKind::Word
            && (w.starts_with(char::is_uppercase) || w == "and" || w == "&");
        if !word
            || wirecode_doc::entities_overlapping(ents, doc.tokens[j].span)
                .next()
                .is_some()
        {
            break;
        }
        first = j;
    }
    (first < k && doc.token_text(first).starts_with(char::is_uppercase)).then_some(first)
}

/// The code of a country or body named right after an agent by "of" ("the
/// government of Syria", "officials of the World Bank") or, after a bare
/// plural, by "from" ("refugees from Afghanistan"; not "withdrew its troops
/// from Cyprus", "retook the university from IS").
fn postmodifier_code(
    text: &str,
    ents: &[Entity],
    start: usize,
    end: usize,
    local: bool,
) -> Option<String> {
    let i = ents.partition_point(|e| e.span.start < end);
    let e = ents.get(i)?;
    let gap = text.get(end..e.span.start)?.trim().to_lowercase();
    let word_before = text[..start]
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    let determined = matches!(
        word_before.as_str(),
        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "my" | "your"
    );
    let ok = match gap.as_str() {
        "of" | "of the" => true,
        "from" | "from the" => !determined,
        // "police in Kabul", "officials in Washington": bodies of the place
        // they are in (`local`: not troops or diplomats, often abroad).
        "in" => local,
        _ => false,
    };
    if !ok {
        return None;
    }
    let code = e.actor.as_ref().and_then(|a| a.code.clone());
    match e.label {
        EntityType::Org => code,
        EntityType::Gpe if code.is_some() => code,
        EntityType::Gpe | EntityType::Loc => {
            let p = wirecode_lexicon::Gazetteer::builtin()
                .resolve(&text[e.span.start..e.span.end], &HashMap::new())?;
            Some(p.country.clone())
        }
        _ => None,
    }
}

/// Generic agents ("rebels", "regime forces", "diplomats") take their
/// country from a country word right before them ("Syrian rebels",
/// "US diplomats") or else from the country the story is mostly about.
/// The world news agencies whose reports every country's stories carry.
const WIRE_AGENCIES: &[&str] = &[
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "Agence France Presse",
    "Bloomberg",
    "UPI",
    "United Press International",
    "dpa",
    "DPA",
];

fn find_agents(doc: &Doc, lex: &ActorLexicon, ents: &mut Vec<Entity>) {
    let text = doc.article.text.as_str();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let gazetteer = wirecode_lexicon::Gazetteer::builtin();
    let no_context = HashMap::new();
    for e in ents.iter() {
        if let Some(c) = e.actor.as_ref().and_then(|a| a.code.as_deref()) {
            // A region ("European") is no story's country.
            let region = c.get(..3).is_some_and(|p| lex.is_region(p));
            if c.len() >= 3 && !region && matches!(e.label, EntityType::Gpe | EntityType::Norp) {
                *counts.entry(&c[..3]).or_default() += 1;
            }
            // So do the country's people and bodies: a story naming the
            // British culture secretary three times and a Las Vegas casino
            // twice is Britain's.
            // Not a world news agency quoted or credited ("told Reuters"):
            // it says where the story came from, not where it is set (a
            // country's own media, "Tehran Radio said", still count).
            let wire = c.get(3..6) == Some("MED")
                && WIRE_AGENCIES.contains(&&text[e.span.start..e.span.end]);
            if c.len() >= 6
                && !region
                && !wire
                && matches!(e.label, EntityType::Person | EntityType::Org)
                && !is_transnational(c)
                && c.is_char_boundary(3)
                && lex.name_of(&c[..3]).is_some()
            {
                *counts.entry(&c[..3]).or_default() += 1;
            }
        } else if matches!(
            e.label,
            EntityType::Gpe | EntityType::Loc | EntityType::Misc
        ) {
            // Places count for their country: a story set in Aleppo is Syria's.
            if let Some(p) = gazetteer.resolve(&text[e.span.start..e.span.end], &no_context) {
                if let Some(c) = p.country.get(..3) {
                    *counts.entry(c).or_default() += 1;
                }
            }
        }
    }
    // Ties go to the country named first (the headline's or the lead's).
    let first_seen = |c: &str| {
        ents.iter()
            .position(|e| {
                e.actor
                    .as_ref()
                    .and_then(|a| a.code.as_deref())
                    .is_some_and(|x| x.starts_with(c))
                    || e.place.as_ref().is_some_and(|p| p.country == c)
            })
            .unwrap_or(usize::MAX)
    };
    let main_country = counts
        .iter()
        .max_by_key(|(c, n)| {
            (
                **n,
                std::cmp::Reverse(first_seen(c)),
                std::cmp::Reverse(**c),
            )
        })
        .map(|(c, _)| c.to_string());
    let mut found = Vec::new();
    // Whether a code names a country or body, not a sector alone.
    let has_country = |c: &str| {
        c.starts_with("IGO")
            || c.starts_with("NGO")
            || c.get(..3).is_some_and(|x| lex.name_of(x).is_some())
    };
    // The country last written before an agent of each sector ("Syrian
    // rebels ... the rebels"): later bare mentions keep it.
    let mut last_by_sector: HashMap<String, String> = HashMap::new();
    for (start, end, agent) in Agents::builtin().find(text) {
        let span = Span::new(start, end);
        // A capitalised agent word read as an unknown name ("Slovak Soldiers") is the agent.
        let at = ents.partition_point(|e| e.span.start < start);
        // So is a one-word organisation that nothing named ("Police said").
        if ents.get(at).is_some_and(|e| {
            e.span == span
                && (e.label == EntityType::Misc
                    || (e.label == EntityType::Org
                        && e.actor.is_none()
                        && !text[start..end].contains(' ')))
        }) {
            ents.remove(at);
        }
        if wirecode_doc::entities_overlapping(ents, span)
            .next()
            .is_some()
        {
            continue;
        }
        // A capitalised title right before a name is part of the name's
        // mention; so is a lower-case one ("businessman Kola Adeyemi") when
        // the name took its code from it (see `described_code`).
        // The name's code lacks a country when nothing before the agent
        // gave one ("former president Carlos Menem"): the agent's own code,
        // from the story, completes it below.
        let mut described: Option<usize> = None;
        let next_person = ents.iter().position(|e| {
            e.label == EntityType::Person && e.span.start > end && e.span.start < end + 3
        });
        if let Some(p) = next_person {
            let code = ents[p].actor.as_ref().and_then(|a| a.code.as_deref());
            if text[start..].starts_with(char::is_uppercase) {
                continue;
            }
            if ents[p].span.start == end + 1 {
                match code {
                    Some(c) if has_country(c) => continue,
                    Some(_) => described = Some(p),
                    None => {}
                }
            }
        }
        // "military spending", "military support": no actor.
        if adjective_on_a_thing(doc, start, end) {
            continue;
        }
        let modifier = title_country(doc, ents, start);
        // "refugees from Afghanistan", "the government of Iran": this
        // mention only; a later bare "the government" is not Iran's.
        let after = modifier
            .is_none()
            .then(|| {
                let local = !matches!(agent.sector.as_str(), "MIL" | "UAF" | "GOVMIL")
                    && !agent.surface.starts_with("diplomat")
                    && !agent.surface.starts_with("envoy")
                    && !agent.surface.starts_with("ambassador");
                postmodifier_code(text, ents, start, end, local)
            })
            .flatten();
        // "NATO foreign ministers" are NATO's; "US diplomats" are the US
        // government's; with no country in sight, the sector alone.
        // "Hamas fighters", "Taliban spokesman", "IS militants": an armed
        // group's people are the group, not its country's sector.
        let armed_group = |c: &str| {
            c.starts_with("IMG")
                || (c.len() > 3 && matches!(c.get(3..6), Some("REB" | "INS" | "UAF")))
        };
        let code = match modifier.or(after.clone()) {
            Some(c) if c.starts_with("IGO") || c.starts_with("NGO") || armed_group(&c) => c,
            Some(c) => {
                let country = c[..c.len().min(3)].to_string();
                if after.is_none() {
                    last_by_sector.insert(agent.sector.clone(), country.clone());
                }
                format!("{country}{}", agent.sector)
            }
            // "engaged with governments": several bodies, no one country's.
            None if agent.bodies => agent.sector.clone(),
            None => match last_by_sector.get(&agent.sector).or(main_country.as_ref()) {
                Some(c) => format!("{c}{}", agent.sector),
                None => agent.sector.clone(),
            },
        };
        if let Some(p) = described {
            // The name and its later mentions ("Fayez") take the full code.
            let id = ents[p].actor.as_ref().map(|a| a.id.clone());
            if has_country(&code) {
                for e in ents.iter_mut().filter(|e| e.label == EntityType::Person) {
                    if let Some(a) = e.actor.as_mut().filter(|a| Some(&a.id) == id.as_ref()) {
                        a.code = Some(code.clone());
                    }
                }
            }
            continue;
        }
        let owner = lex.name_of(&code).or_else(|| lex.name_of(code.get(..3)?));
        let name = match owner {
            Some(o) => format!("{o} {}", agent.surface),
            None => agent.surface.clone(),
        };
        found.push(Entity {
            span,
            label: EntityType::Agent,
            actor: Some(ActorRef {
                id: code.clone(),
                name,
                code: Some(code),
            }),
            place: None,
        });
    }
    // "a rebel official", "army officers", "police chiefs": an agent word
    // right before another names the sector of the pair, which is one mention.
    let mut merged: Vec<Entity> = Vec::with_capacity(found.len());
    for e in found {
        if let Some(prev) = merged.last_mut() {
            if text.get(prev.span.end..e.span.start) == Some(" ") {
                prev.span = Span::new(prev.span.start, e.span.end);
                let head_code = e.actor.as_ref().and_then(|a| a.code.clone());
                if let Some(a) = prev.actor.as_mut() {
                    a.name = format!("{} {}", a.name, &text[e.span.start..e.span.end]);
                    // "government forces" are the military, not the government.
                    let sector = |c: &str| c.get(3..).unwrap_or("").to_string();
                    let (first, head) = (
                        a.code.clone().unwrap_or_default(),
                        head_code.unwrap_or_default(),
                    );
                    if sector(&first) == "GOV"
                        && matches!(sector(&head).as_str(), "MIL" | "COP" | "SPY")
                    {
                        let code = format!("{}{}", first.get(..3).unwrap_or(""), sector(&head));
                        a.id = code.clone();
                        a.code = Some(code);
                    }
                }
                continue;
            }
        }
        merged.push(e);
    }
    // "a rebel official said ... the official told reporters": a definite
    // bare agent is the compound mention with the same head word before it.
    let mut by_head: HashMap<String, ActorRef> = HashMap::new();
    for e in merged.iter_mut() {
        let mention = &text[e.span.start..e.span.end];
        let head = mention.rsplit(' ').next().unwrap_or(mention).to_lowercase();
        if mention.contains(' ') {
            if let Some(a) = &e.actor {
                by_head.insert(head, a.clone());
            }
        } else if text
            .get(e.span.start.saturating_sub(4)..e.span.start)
            .is_some_and(|w| w.eq_ignore_ascii_case("the "))
        {
            if let Some(a) = by_head.get(&head) {
                e.actor = Some(a.clone());
            }
        }
    }
    // An unknown person whose title gave a sector but no country
    // ("junta spokesman Zaw Min Tun") is the story's, as a bare agent is.
    if let Some(c) = &main_country {
        for e in ents.iter_mut().filter(|e| e.label == EntityType::Person) {
            if let Some(a) = e.actor.as_mut() {
                // Only sectors: a dictionary code without a country
                // ("IMGMUSALQ") stays as it is.
                let bare = a.code.as_deref().is_some_and(|x| {
                    !x.is_empty()
                        && x.len() % 3 == 0
                        && x.as_bytes().chunks(3).all(|b| {
                            std::str::from_utf8(b).is_ok_and(|b| PERSON_SECTORS.contains(&b))
                        })
                });
                if bare {
                    a.code = a.code.as_ref().map(|x| format!("{c}{x}"));
                }
            }
        }
    }
    ents.extend(merged);
    sort_entities(ents);
    // Named bodies without a code ("Chile's Ministry of Mines"): the sector of
    // their head word, the country of the word before them or of the story.
    for i in 0..ents.len() {
        if ents[i].label != EntityType::Org || ents[i].actor.is_some() {
            continue;
        }
        let name = &text[ents[i].span.start..ents[i].span.end];
        let head = name
            .split_whitespace()
            .find_map(|w| Agents::builtin().lookup(w));
        let Some(agent) = head else { continue };
        let country = modifier_code(text, ents, ents[i].span.start)
            .or_else(|| city_in_name(name))
            .or_else(|| main_country.clone());
        let code = match country {
            Some(c) if c.starts_with("IGO") || c.starts_with("NGO") => c,
            Some(c) => format!("{}{}", &c[..c.len().min(3)], agent.sector),
            None => agent.sector.clone(),
        };
        ents[i].actor = Some(ActorRef {
            id: code.clone(),
            name: name.to_string(),
            code: Some(code),
        });
    }
    // A national body named with another country before it is that
    // country's: the dictionary's "Defense Department" is the US one, but
    // "Chile's Defense Department" is Chile's.
    for i in 0..ents.len() {
        if ents[i].label != EntityType::Org {
            continue;
        }
        let Some(code) = ents[i].actor.as_ref().and_then(|a| a.code.clone()) else {
            continue;
        };
        if code.len() < 6 || !code.is_char_boundary(3) || is_transnational(&code) {
            continue;
        }
        let Some(country) = modifier_code(text, ents, ents[i].span.start) else {
            continue;
        };
        if country.len() != 3 || is_transnational(&country) || code.starts_with(&country) {
            continue;
        }
        let recoded = format!("{country}{}", &code[3..]);
        if let Some(a) = ents[i].actor.as_mut() {
            a.id = recoded.clone();
            a.code = Some(recoded);
        }
    }
}

/// The country of a city that opens a body's name ("Madras High Court",
/// "Oxford University", "Lagos State Government"): its first word, or its
/// first two ("Kuala Lumpur City Hall"). Only cities: "Georgia State
/// University" names no country.
fn city_in_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let g = wirecode_lexicon::Gazetteer::builtin();
    let no_context = HashMap::new();
    // A big city, and not a word that names kinds of body ("Police" is
    // also a Polish town, "University" an American one).
    let generic =
        |w: &str| Words::get().entity_cue(w) != 0 || Agents::builtin().lookup(w).is_some();
    let city = |n: &str| {
        if n.split_whitespace().any(generic) {
            return None;
        }
        g.resolve(n, &no_context)
            .filter(|p| p.kind == wirecode_lexicon::PlaceKind::City && p.population >= 100_000)
            .map(|p| p.country.clone())
    };
    let two = (words.len() > 2).then(|| format!("{} {}", words[0], words[1]));
    two.as_deref().and_then(city).or_else(|| city(words[0]))
}

/// Codes that name no country: international and non-governmental bodies,
/// multinationals, unidentified and transnational actors.
fn is_transnational(code: &str) -> bool {
    ["IGO", "NGO", "MNC", "UIS", "IMG", "UAF"]
        .iter()
        .any(|p| code.starts_with(p))
}

/// "Lavrov said" / "said Lavrov": a bare name next to a speech verb is a person.
fn subject_of_speech(doc: &Doc, a: usize, end: usize) -> bool {
    is_speech_cue(doc, end)
        || (a >= 2
            && is_speech_cue(doc, a - 1)
            && matches!(doc.token_text(a - 2), "," | "\"" | "”" | "’" | "'"))
}

/// Whether token `k` (if any) is a speech cue ("said", "told").
fn is_speech_cue(doc: &Doc, k: usize) -> bool {
    k < doc.tokens.len()
        && Words::get()
            .cue(&doc.token_text(k).to_lowercase())
            .is_some_and(|c| c.kind == wirecode_lexicon::CueKind::Speech)
}

fn is_cap(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    t.kind == TokenKind::Word && doc.token_text(i).starts_with(char::is_uppercase)
}

fn is_titlecase_word(doc: &Doc, i: usize) -> bool {
    let w = doc.token_text(i);
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && cs.clone().any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
}

/// A person the dictionaries do not know, named `name` at `span`.
fn unknown_person(span: Span, name: &str) -> Entity {
    Entity {
        span,
        label: EntityType::Person,
        actor: Some(ActorRef {
            id: person_id(name),
            name: name.to_string(),
            code: None,
        }),
        place: None,
    }
}

/// A stable id for a person named in text: `John Kerry` -> `JOHN_KERRY`.
pub fn person_id(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_uppercase()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::segmented;

    #[test]
    fn compound_agents_and_their_second_mention() {
        let e = ents("Syrian rebels held Aleppo, a rebel official said. Syrian government forces shelled it. Later the rebels left, the official told reporters.");
        let code = |t: &str| {
            e.iter()
                .filter(|x| x.0 == t)
                .map(|x| x.2.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(code("rebel official"), vec!["SYRREB"], "{e:?}");
        assert_eq!(code("government forces"), vec!["SYRMIL"], "{e:?}");
        assert_eq!(code("official"), vec!["SYRREB"], "{e:?}");
        assert!(code("rebels").iter().all(|c| c == "SYRREB"), "{e:?}");
    }

    /// A portfolio in capitals between a country word and a title
    /// ("South African Employment and Labour Minister"), an agent adjective
    /// on a thing ("military spending"), an organisation word ending a name.
    #[test]
    fn portfolios_modifiers_and_organisation_words() {
        let mut d = crate::tests::parsed(
            "South African Employment and Labour Minister Thulas Nxesi met delegates at the \
             Global Conference in Durban. Military spending rose, and the military said so.",
        );
        find_entities(&mut d, ActorLexicon::builtin());
        let e: Vec<(String, EntityType, Option<String>)> = d
            .entities
            .iter()
            .map(|e| {
                let code = e.actor.as_ref().and_then(|a| a.code.clone());
                (d.slice(e.span).to_string(), e.label, code)
            })
            .collect();
        let has = |t: &str, l: EntityType, c: Option<&str>| {
            e.iter()
                .any(|x| x.0 == t && x.1 == l && x.2.as_deref() == c)
        };
        assert!(
            has("Thulas Nxesi", EntityType::Person, Some("ZAFGOV")),
            "{e:?}"
        );
        assert!(has("Global Conference", EntityType::Org, None), "{e:?}");
        assert!(!e.iter().any(|x| x.0 == "Military"), "{e:?}");
        // "Mrs. Urey" is not the Mr. Urey met before; "Ok" is no surname.
        let u = ents("John Urey spoke. Mr. Urey left. Mrs. Urey stayed. \"Ok,\" she said.");
        let urey: Vec<_> = u.iter().filter(|x| x.0 == "Urey").collect();
        assert!(urey.len() == 2, "{u:?}");
        assert_eq!(urey[0].2.as_deref(), Some("John Urey"), "{u:?}");
        assert_ne!(urey[1].2.as_deref(), Some("John Urey"), "{u:?}");
        assert!(!u.iter().any(|x| x.0 == "Ok"), "{u:?}");
        // Several governments are no one country's; militias in a story stay its.
        let g =
            ents("Syria said so. Militias fought there. The group met governments in the region.");
        assert!(
            g.iter()
                .any(|x| x.0 == "governments" && x.2.as_deref() == Some("GOV")),
            "{g:?}"
        );
        assert!(
            g.iter()
                .any(|x| x.0 == "Militias" && x.2.as_deref() == Some("SYRUAF")),
            "{g:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.0 == "military" && x.1 == EntityType::Agent),
            "{e:?}"
        );
    }

    #[test]
    fn teams_in_results_lines_are_organisations() {
        let e = ents(
            "LONDON 1996-08-31\n\nNewport 29 Caerphilly 10\nFalkirk 3 1 1 1 1 1 4\n\nLater Caerphilly lost again.",
        );
        let label = |name: &str| {
            e.iter()
                .filter(|(t, _, _)| t == name)
                .map(|(_, l, _)| *l)
                .collect::<Vec<_>>()
        };
        assert_eq!(label("Newport"), vec![EntityType::Org], "{e:?}");
        assert_eq!(label("Falkirk"), vec![EntityType::Org], "{e:?}");
        assert_eq!(
            label("Caerphilly"),
            vec![EntityType::Org, EntityType::Org],
            "{e:?}"
        );
        // A dateline is not a results line.
        assert_eq!(label("LONDON"), vec![EntityType::Gpe], "{e:?}");
    }

    #[test]
    fn group_words_and_event_names() {
        let e = ents("Iraqi Kurds and Moslems watched the U.S. Open and the World Cup after the Gulf War. Republicans spoke Arabic.");
        let label = |name: &str| e.iter().find(|x| x.0 == name).map(|x| x.1);
        assert_eq!(label("Iraqi Kurds"), Some(EntityType::Norp), "{e:?}");
        assert_eq!(label("Moslems"), Some(EntityType::Norp), "{e:?}");
        assert_eq!(label("U.S. Open"), Some(EntityType::Event), "{e:?}");
        assert_eq!(label("World Cup"), Some(EntityType::Event), "{e:?}");
        assert_eq!(label("Gulf War"), Some(EntityType::Event), "{e:?}");
        assert_eq!(label("Republicans"), Some(EntityType::Norp), "{e:?}");
        assert_eq!(label("Arabic"), Some(EntityType::Misc), "{e:?}");
        let e = ents("Officials at the U.S. Treasury Department said the British Broadcasting Corporation erred.");
        assert_eq!(
            labels_of(&e, "U.S. Treasury Department"),
            vec![EntityType::Org],
            "{e:?}"
        );
        assert_eq!(
            labels_of(&e, "British Broadcasting Corporation"),
            vec![EntityType::Org],
            "{e:?}"
        );
        let e = ents("Air strikes hit the city. Passengers on Air France were safe.");
        assert_eq!(labels_of(&e, "Air France"), vec![EntityType::Org], "{e:?}");
        assert!(labels_of(&e, "Air").is_empty(), "{e:?}");
        let e = ents("Oil prices rose on Wall Street as tension in the Middle East grew.");
        assert_eq!(labels_of(&e, "Middle East"), vec![EntityType::Loc], "{e:?}");
        assert_eq!(labels_of(&e, "Wall Street"), vec![EntityType::Loc], "{e:?}");
    }

    #[test]
    fn a_surname_is_the_person_named_in_full() {
        let e = ents("Anthony Jordan won the race. Jordan said he was tired.");
        let jordan: Vec<_> = e.iter().filter(|x| x.0 == "Jordan").collect();
        assert_eq!(jordan.len(), 1, "{e:?}");
        assert_eq!(jordan[0].1, EntityType::Person, "{e:?}");
        // Without the full name, Jordan is the country.
        let e = ents("Jordan said it was tired.");
        assert_eq!(e[0].1, EntityType::Gpe, "{e:?}");
    }

    #[test]
    fn scoreboard_lines_name_teams_and_players() {
        let e = ents("Chesterfield : Worcestershire 238 and 133-5 , Derbyshire 471 ( J. Adams 123 , K. Barnett 87 ; T. Moody 6-82 )\n\nDerbyshire won.");
        let labels = |name: &str| {
            e.iter()
                .filter(|x| x.0 == name)
                .map(|x| x.1)
                .collect::<Vec<_>>()
        };
        assert_eq!(labels("Worcestershire"), vec![EntityType::Org], "{e:?}");
        assert_eq!(
            labels("Derbyshire"),
            vec![EntityType::Org, EntityType::Org],
            "{e:?}"
        );
        assert_eq!(labels("J. Adams"), vec![EntityType::Person], "{e:?}");
        assert_eq!(labels("T. Moody"), vec![EntityType::Person], "{e:?}");
        let e = ents("Salim Malik c Stewart b Hollioake 23\nBowling : Gough 10-2-36-1 , Hollioake 8-0-41-3\n");
        assert_eq!(labels_of(&e, "Stewart"), vec![EntityType::Person], "{e:?}");
        assert_eq!(labels_of(&e, "Gough"), vec![EntityType::Person], "{e:?}");
        assert!(
            labels_of(&e, "Hollioake")
                .iter()
                .all(|l| *l == EntityType::Person),
            "{e:?}"
        );
        // A prose line with one name before a number is not a scoreboard.
        let e =
            ents("Shares of Derbyshire 21 rose sharply in early trading on the exchange today.");
        assert!(
            labels_of(&e, "Derbyshire")
                .iter()
                .all(|l| *l != EntityType::Org),
            "{e:?}"
        );
    }

    #[test]
    fn a_name_the_story_treats_as_a_thing_is_an_organisation() {
        let e = ents("Zorvak said its profit fell. Analysts expect Zorvak to recover. Vlasic said he was pleased.");
        assert!(
            labels_of(&e, "Zorvak")
                .iter()
                .all(|l| *l == EntityType::Org),
            "{e:?}"
        );
        assert!(
            labels_of(&e, "Vlasic")
                .iter()
                .all(|l| *l == EntityType::Person),
            "{e:?}"
        );
    }

    #[test]
    fn in_a_sports_story_team_names_are_organisations() {
        let sport = "Surrey beat Kent by an innings at the Oval. Kent captain Mark Ealham said the defeat hurt, \
            but the season is long and the team still leads the championship. Their bowler took five wickets.";
        let e = ents(sport);
        assert!(
            labels_of(&e, "Surrey")
                .iter()
                .all(|l| *l == EntityType::Org),
            "{e:?}"
        );
        assert!(!labels_of(&e, "Kent").is_empty(), "{e:?}");
        assert!(
            labels_of(&e, "Kent").iter().all(|l| *l == EntityType::Org),
            "{e:?}"
        );
        // Outside sport, Surrey is a place.
        let e = ents("Floods hit Surrey and Kent on Monday, and the council closed roads.");
        assert!(
            labels_of(&e, "Surrey")
                .iter()
                .all(|l| *l != EntityType::Org),
            "{e:?}"
        );
    }

    #[test]
    fn an_organisation_named_in_full_keeps_its_short_mentions() {
        let e = ents("Zorvak Industries Inc shares rose. Traders said Zorvak would gain, and Zorvak CEO Anna Petrova agreed.");
        assert_eq!(
            labels_of(&e, "Zorvak"),
            vec![EntityType::Org, EntityType::Org],
            "{e:?}"
        );
        assert_eq!(
            labels_of(&e, "Anna Petrova"),
            vec![EntityType::Person],
            "{e:?}"
        );
    }

    /// Whether `got` has an entity with this text and label.
    fn has(got: &[(String, EntityType, Option<String>)], text: &str, label: EntityType) -> bool {
        got.iter().any(|x| x.0 == text && x.1 == label)
    }

    fn labels_of(e: &[(String, EntityType, Option<String>)], name: &str) -> Vec<EntityType> {
        e.iter().filter(|x| x.0 == name).map(|x| x.1).collect()
    }

    /// (text, code) of the agents among `ents` output.
    fn agent_codes(got: &[(String, EntityType, Option<String>)]) -> Vec<(&str, &str)> {
        got.iter()
            .filter(|x| x.1 == EntityType::Agent)
            .map(|x| (x.0.as_str(), x.2.as_deref().unwrap_or("")))
            .collect()
    }

    fn ents(text: &str) -> Vec<(String, EntityType, Option<String>)> {
        let mut d = segmented(text);
        find_entities(&mut d, ActorLexicon::builtin());
        d.entities
            .iter()
            .map(|e| {
                (
                    d.slice(e.span).to_string(),
                    e.label,
                    e.actor
                        .as_ref()
                        .and_then(|a| a.code.clone().or(Some(a.name.clone()))),
                )
            })
            .collect()
    }

    #[test]
    fn titles_dictionary_and_short_mentions() {
        let got = ents("Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Moscow. Kerry said Washington would wait.");
        let has = |s: &str, t: EntityType| got.iter().any(|(x, l, _)| x == s && *l == t);
        assert!(has("John Kerry", EntityType::Person), "{got:?}");
        assert!(has("Sergei Lavrov", EntityType::Person), "{got:?}");
        assert!(has("Russian", EntityType::Norp), "{got:?}");
        assert!(has("Kerry", EntityType::Person), "{got:?}");
        let kerry = got.iter().find(|(x, _, _)| x == "Kerry").unwrap();
        // Without a publication date the most recent role applies.
        assert!(
            kerry.2.as_deref().is_some_and(|c| c.starts_with("USA")),
            "{kerry:?}"
        );
        let moscow = got.iter().find(|(x, _, _)| x == "Moscow").unwrap();
        assert_eq!(moscow.2.as_deref(), Some("RUS"));
        let wash = got.iter().find(|(x, _, _)| x == "Washington").unwrap();
        assert_eq!(wash.2.as_deref(), Some("USAGOV"));
    }

    #[test]
    fn a_date_word_does_not_open_a_name_and_acronyms_are_organisations() {
        let got = ents("Shares rose in March Kaczmarek said, and the July FOMC meeting was calm. The GDP data came on CNBC television.");
        assert!(got.iter().any(|x| x.0 == "Kaczmarek"), "{got:?}");
        assert!(!got.iter().any(|x| x.0.contains("March")), "{got:?}");
        assert!(has(&got, "FOMC", EntityType::Org), "{got:?}");
        assert!(has(&got, "CNBC", EntityType::Org), "{got:?}");
        assert!(!got.iter().any(|x| x.0 == "GDP"), "{got:?}");
        let got = ents("The Sunday Times said so.");
        assert!(got.iter().any(|x| x.0 == "Sunday Times"), "{got:?}");
    }

    #[test]
    fn a_company_keeps_its_designator_and_its_short_names() {
        let got = ents("The board of Douglas & Lomason Co agreed to be bought by Magna International Inc for cash. Douglas & Lomason said Magna would pay $31 a share.");
        assert!(
            has(&got, "Douglas & Lomason Co", EntityType::Org),
            "{got:?}"
        );
        assert_eq!(
            got.iter()
                .filter(|x| x.0 == "Douglas & Lomason" && x.1 == EntityType::Org)
                .count(),
            1,
            "{got:?}"
        );
        assert!(
            has(&got, "Magna International Inc", EntityType::Org),
            "{got:?}"
        );
        assert_eq!(
            got.iter()
                .filter(|x| x.0 == "Magna" && x.1 == EntityType::Org)
                .count(),
            1,
            "{got:?}"
        );
    }

    #[test]
    fn dateline_places_in_capitals() {
        let got = ents("Gold firms rally.\nJOHANNESBURG 1996-08-30\nGold shares rose in early trade on Friday, dealers said.\n");
        assert!(has(&got, "JOHANNESBURG", EntityType::Gpe), "{got:?}");
    }

    #[test]
    fn names_joined_by_a_particle_are_people() {
        let got = ents("Pakistan captain Inzamam-ul-Haq and Ata-ur-Rehman took two wickets each.");
        assert!(has(&got, "Inzamam-ul-Haq", EntityType::Person), "{got:?}");
        assert!(has(&got, "Ata-ur-Rehman", EntityType::Person), "{got:?}");
    }

    #[test]
    fn events_named_in_capitals() {
        let got = ents("SOCCER - IRELAND BEAT LIECHTENSTEIN 5-0 IN WORLD CUP QUALIFIER .\nGOLF - LEADING SCORES AT GREATER MILWAUKEE OPEN\n");
        assert!(has(&got, "WORLD CUP", EntityType::Event), "{got:?}");
        assert!(
            has(&got, "GREATER MILWAUKEE OPEN", EntityType::Event),
            "{got:?}"
        );
        assert!(got.iter().any(|x| x.0 == "LIECHTENSTEIN"), "{got:?}");
    }

    #[test]
    fn fixture_lines_name_the_visitors_and_the_venue() {
        let got = ents("BASEBALL - MAJOR LEAGUE SCHEDULE\nThe league season ends soon: after the victory and the defeat, the coach said the points and the championship matter.\nHOUSTON AT PITTSBURGH\nSAN FRANCISCO AT NEW YORK\n");
        assert!(has(&got, "HOUSTON", EntityType::Org), "{got:?}");
        assert!(has(&got, "NEW YORK", EntityType::Gpe), "{got:?}");
        assert!(has(&got, "SAN FRANCISCO", EntityType::Org), "{got:?}");
    }

    #[test]
    fn a_weekday_ends_a_name() {
        let got = ents("Iraq's adviser met Syrian President Bashar Assad Tuesday in Damascus.");
        assert!(got.iter().any(|x| x.0 == "Bashar Assad"), "{got:?}");
        assert!(
            !got.iter()
                .any(|x| x.0.contains("Tuesday") && x.0 != "Tuesday"),
            "{got:?}"
        );
    }

    #[test]
    fn a_country_after_of_or_from_codes_the_agent() {
        let got = ents(
            "Tony Blair met refugees from Afghanistan. The government of Iran denied it. \
             Britain withdrew its troops from Cyprus. Tony Blair said the government would act.",
        );
        let codes = agent_codes(&got);
        assert_eq!(
            codes,
            vec![
                ("refugees", "AFGREF"),
                ("government", "IRNGOV"),
                ("troops", "GBRMIL"),
                ("government", "GBRGOV")
            ],
            "{got:?}"
        );
    }

    #[test]
    fn a_world_news_agency_does_not_set_the_story() {
        let got = ents("Reuters reported the news. Reuters said the army had moved. Officials said the border was closed.");
        let codes = agent_codes(&got);
        assert!(codes.iter().all(|c| !c.1.starts_with("GBR")), "{got:?}");
    }

    #[test]
    fn an_armed_groups_people_are_the_group() {
        let got = ents("Hamas fighters attacked the town. Syrian rebels shelled the base.");
        let codes = agent_codes(&got);
        assert_eq!(
            codes,
            vec![("fighters", "PSEREBHMS"), ("rebels", "SYRREB")],
            "{got:?}"
        );
    }

    #[test]
    fn words_before_an_unknown_name_code_it() {
        let mut d = crate::tests::parsed(
            "Chinese foreign ministry spokesman Wang Wenbin spoke. Ghana's Kwame Mensah \
             spoke. Nigerian businessman Kola Adeyemi spoke. A UN Human Rights Council \
             spokesman, Jeremy Laurence, spoke. A senior European diplomat spoke.",
        );
        find_entities(&mut d, ActorLexicon::builtin());
        let got: Vec<(String, Option<String>)> = d
            .entities
            .iter()
            .map(|e| {
                let code = e.actor.as_ref().and_then(|a| a.code.clone());
                (d.slice(e.span).to_string(), code)
            })
            .collect();
        let code = |name: &str| {
            got.iter()
                .find(|x| x.0 == name)
                .and_then(|x| x.1.clone())
                .unwrap_or_default()
        };
        assert_eq!(code("Wang Wenbin"), "CHNGOV", "{got:?}");
        assert_eq!(code("Kwame Mensah"), "GHA", "{got:?}");
        assert_eq!(code("Kola Adeyemi"), "NGABUS", "{got:?}");
        assert!(code("Jeremy Laurence").starts_with("IGOUNO"), "{got:?}");
        // The agent before the name is part of its mention; a region's
        // diplomat is coded with the region.
        assert!(!got.iter().any(|x| x.0 == "businessman"), "{got:?}");
        assert_eq!(code("diplomat"), "EURGOV", "{got:?}");
    }

    #[test]
    fn a_big_city_opening_a_bodys_name_gives_its_country() {
        assert_eq!(city_in_name("Madras High Court").as_deref(), Some("IND"));
        assert_eq!(city_in_name("Oxford University").as_deref(), Some("GBR"));
        assert_eq!(city_in_name("Police Federation"), None);
        assert_eq!(city_in_name("University College London"), None);
        assert_eq!(city_in_name("Madras"), None);
    }

    #[test]
    fn a_storys_people_count_for_its_country() {
        let got = ents(
            "Tony Blair visited Las Vegas. Las Vegas casinos impressed Tony Blair. \
             Gordon Brown said MPs would vote on the bill.",
        );
        let mps: Vec<_> = got.iter().filter(|x| x.0 == "MPs").collect();
        assert_eq!(mps.len(), 1, "{got:?}");
        assert_eq!(mps[0].2.as_deref(), Some("GBRLEG"), "{got:?}");
    }

    #[test]
    fn a_named_country_overrides_a_bodys_default_one() {
        let got = ents(
            "Chile's Defense Department denied it. The Defense Department in Washington agreed.",
        );
        let code = |t: &str| {
            got.iter()
                .filter(|x| x.0 == t)
                .map(|x| x.2.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            code("Defense Department"),
            vec!["CHLMIL", "USAMIL"],
            "{got:?}"
        );
    }

    #[test]
    fn an_undated_titled_surname_is_the_one_such_office_holder() {
        let got = ents("Poindexter told President Reagan about the sales. Reagan denied it.");
        let codes: Vec<_> = got
            .iter()
            .filter(|x| x.0 == "Reagan")
            .map(|x| x.2.as_deref())
            .collect();
        assert_eq!(codes, vec![Some("USAGOV"), Some("USAGOV")], "{got:?}");
    }

    #[test]
    fn a_province_named_like_an_organisation_is_a_place_and_codes_its_agents() {
        let got = ents("The Kano State government said the talks in Republika Srpska failed.");
        assert!(has(&got, "Kano State", EntityType::Gpe), "{got:?}");
        assert!(has(&got, "Republika Srpska", EntityType::Gpe), "{got:?}");
        let gov = got.iter().find(|x| x.0 == "government").expect("agent");
        assert_eq!(gov.2.as_deref(), Some("NGAGOV"), "{got:?}");
    }

    #[test]
    fn organisations_and_openers() {
        let got = ents("The Defence Committee met. However, the Security Council voted.");
        assert!(
            got.iter()
                .any(|(x, l, _)| x == "Defence Committee" && *l == EntityType::Org),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(x, _, _)| x == "However" || x == "The"),
            "{got:?}"
        );
    }
}
