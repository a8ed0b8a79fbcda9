//! Events, first version: a verb from the CAMEO dictionary, its subject as
//! source and its object (or the object of the pattern's preposition) as
//! target, read off the dependency parse. Compound subjects and objects
//! ("Russia and China vetoed") give one event each. Mode comes from
//! negation, the attribution the verb sits in (claimed, denied), intent
//! verbs and modals (intended) and conditionals (hypothetical); the date from
//! the sentence's date expressions; the place from the sentence or the story.

pub mod learned;

use wirecode_doc::{
    ActorRef, Doc, EntityType, Event, Mode, NaiveDate, Participant, Place, QuoteKind, Span,
};
use wirecode_lexicon::{CameoCode, CueKind, EventLexicon, RoleWord, VerbPattern, Words};

use crate::dates::sentence_dates;

/// Codes the events of every parsed sentence into `doc.events`.
pub fn find_events(doc: &mut Doc, lex: &EventLexicon) {
    let published = doc.article.published;
    let focus = story_place(doc);
    let sport = crate::entities::about_sport(doc);
    let mut events = Vec::new();
    for s in 0..doc.sentences.len() {
        let range = doc.sentences[s].tokens.clone();
        if range.is_empty() || doc.tokens[range.start].dep.is_none() {
            continue; // not parsed
        }
        let dates = sentence_dates(doc, s, published);
        for v in range.clone() {
            let t = &doc.tokens[v];
            if !matches!(t.upos, Some("VERB")) {
                continue;
            }
            let lemma = dictionary_lemma(doc, v, lex);
            let Some(pattern) = lex
                .verb(&lemma)
                .iter()
                .find(|p| matches_pattern(doc, v, p, &range))
            else {
                continue;
            };
            let Some(info) = lex.code(&pattern.code) else {
                continue;
            };
            let (mut subj, mut obj) = arguments(doc, v, pattern, &range);
            // "X will quit the talks unless Y ...": the condition names whom
            // the act is held over.
            let unless = unless_clause(doc, v, &range);
            if obj.is_none() {
                obj =
                    unless.and_then(|u| children(doc, u, &range).find(|&k| dep(doc, k) == "nsubj"));
            }
            // "eight people were killed in an air strike by government
            // forces", "killed in Israeli tank shelling": whoever carried
            // out the attack did the killing.
            // Those killed are the target.
            if subj.is_none() && info.quad_class == 4 {
                let by_actor = attack_in(doc, lex, v, &range)
                    .filter(|&k| participant_as(doc, k, &range, Role::Source).actor.is_some());
                if let Some(k) = by_actor {
                    subj = Some(k);
                    let passive = children(doc, v, &range).find(|&c| dep(doc, c) == "nsubj:pass");
                    if obj.is_none() || obj == Some(k) {
                        obj = passive;
                    }
                }
            }
            // "X received aid from Y": Y is the source, X the target.
            if let Some(prep) = &pattern.source_prep {
                let from = prep_object(doc, v, prep, &range);
                if from.is_none() {
                    continue;
                }
                obj = subj;
                subj = from;
            }
            // A date is no participant ("was called to a meeting on Monday").
            let not_date = |&k: &usize| {
                !doc.entities_overlapping(doc.tokens[k].span)
                    .any(|e| e.label == EntityType::Date)
            };
            let sources: Vec<usize> = expand_conj(doc, subj, &range)
                .into_iter()
                .filter(not_date)
                .collect();
            let targets: Vec<usize> = expand_conj(doc, obj, &range)
                .into_iter()
                .filter(not_date)
                .collect();
            if sources.is_empty() && targets.is_empty() {
                continue;
            }
            let source_code = sources
                .first()
                .and_then(|&k| participant_as(doc, k, &range, Role::Source).actor)
                .and_then(|a| a.code);
            let mut mode = mode_of(doc, v, &range, source_code.as_deref());
            // Intent codes (03x) report what someone means to do.
            if pattern.code.starts_with("03") && mode == Mode::Asserted {
                mode = Mode::Intended;
            }
            // CAMEO codes an announced act as the intent to do it: "X is
            // willing to withdraw" is 0356, "X vowed to attack" 138.
            // PLOVER types any promised act by its intent (AGREE, THREATEN).
            let intent = lex.intent_code(&pattern.code).and_then(|c| lex.code(c));
            let mut plover_override = None;
            let refusal = lex.refusal_code(&pattern.code).and_then(|c| lex.code(c));
            let info = match (intent, refusal) {
                // "X would not provide aid", "X refused to release them": a refusal.
                (_, Some(r)) if mode == Mode::Negated && future_or_intent(doc, v, &range) => {
                    mode = Mode::Asserted;
                    r
                }
                (Some(i), _) if mode == Mode::Intended && announced(doc, v, &range) => i,
                (Some(i), _) if mode == Mode::Intended => {
                    plover_override = Some(i.plover.clone());
                    info
                }
                _ => info,
            };
            // An act promised on a condition the other side must meet ("X
            // will withdraw its force unless Y holds elections") is an
            // ultimatum (139), or the threat the promised act already is.
            let info = if unless.is_some() && matches!(mode, Mode::Intended | Mode::Hypothetical) {
                mode = Mode::Asserted;
                plover_override = None;
                if info.code.starts_with("13") {
                    info
                } else {
                    lex.code("139").unwrap_or(info)
                }
            } else {
                info
            };
            let date = clause_date(doc, &dates, v).or(published);
            let location = place_in_sentence(doc, &range, v).or_else(|| focus.clone());
            let evidence = doc.sentences[s].span;
            // One event per conjoined actor; a missing side stays empty.
            let side = |heads: &[usize], role: Role| -> Vec<Option<Participant>> {
                if heads.is_empty() {
                    vec![None]
                } else {
                    // "US and British activists": one participant per country;
                    // a country word the parse made a conjunct of its own
                    // ("US" nsubj, "activists" conj) is folded into them.
                    let shared: Vec<(usize, Vec<(usize, String)>)> = heads
                        .iter()
                        .map(|&k| (k, shared_countries(doc, k, &range)))
                        .collect();
                    let folded =
                        |k: usize| shared.iter().any(|(_, cs)| cs.iter().any(|&(t, _)| t == k));
                    shared
                        .iter()
                        .filter(|(k, _)| !folded(*k))
                        .flat_map(|(k, cs)| {
                            let p = participant_as(doc, *k, &range, role);
                            split_by_country(p, cs).into_iter().map(Some)
                        })
                        .collect()
                }
            };
            let (mut srcs, mut tgts) = (side(&sources, Role::Source), side(&targets, Role::Target));
            // Force is used by someone: "the dollar hit a high", "a drought
            // hit Ethiopia" name no actor. A material conflict keeps only
            // participants that can act or be acted on as actors, and needs one.
            if info.quad_class == 4 || pattern.needs_both {
                for p in srcs.iter_mut() {
                    if p.as_ref().is_some_and(|p| !actor_like(doc, lex, p)) {
                        *p = None;
                    }
                }
                // A figurative object voids a verb of force ("attacked the plan").
                if pattern.needs_literal
                    && tgts
                        .iter()
                        .flatten()
                        .any(|p| !actor_like(doc, lex, p) && !place_like(doc, lex, p))
                {
                    continue;
                }
                // A target may also be a place ("jets hit the town").
                for p in tgts.iter_mut() {
                    if p.as_ref()
                        .is_some_and(|p| !actor_like(doc, lex, p) && !place_like(doc, lex, p))
                    {
                        *p = None;
                    }
                }
                // Verbs with everyday senses need an actor on each side,
                // and none in a sports story ("Arsenal beat Chelsea").
                if pattern.needs_both
                    && (sport
                        || srcs.iter().chain(tgts.iter()).any(Option::is_none)
                        || !srcs
                            .iter()
                            .chain(tgts.iter())
                            .flatten()
                            .any(|p| p.actor.is_some()))
                {
                    continue;
                }
                // Sports reporting is full of beating, shooting and attacking.
                if sport && info.quad_class == 4 {
                    continue;
                }
                if pattern.needs_place
                    && (tgts.iter().any(Option::is_none)
                        || srcs.iter().any(Option::is_none)
                        || !tgts.iter().flatten().all(|p| place_head(doc, lex, p)))
                {
                    continue;
                }
                let any = srcs.iter().chain(tgts.iter()).any(Option::is_some);
                if !any {
                    continue;
                }
                srcs.dedup();
                tgts.dedup();
            }
            let pairs = mutual_pairs(pattern.mutual, &srcs, &tgts);
            for (src, tgt) in pairs.iter() {
                // A statement with nobody addressed is no interaction.
                if tgt.is_none() && pattern.code.starts_with("01") {
                    continue;
                }
                let mut e = Event {
                    source: src.clone(),
                    target: tgt.clone(),
                    mode,
                    date,
                    location: location.clone(),
                    evidence,
                    trigger: Some(t.span),
                    ..coded(info)
                };
                if let Some(p) = &plover_override {
                    e.plover = p.clone();
                } else if let Some(p) = &pattern.plover {
                    e.plover = Some(p.clone());
                }
                // "Mr Howard attacked Mr Blair": one person attacking
                // another by name, with no weapon in the sentence, is
                // criticism (111).
                if pattern.needs_literal && verbal_attack(doc, lex, &e, &range) {
                    if let Some(c) = lex.code("111") {
                        e = Event {
                            source: e.source,
                            target: e.target,
                            mode: e.mode,
                            date: e.date,
                            location: e.location,
                            evidence: e.evidence,
                            trigger: e.trigger,
                            ..coded(c)
                        };
                    }
                }
                // "The US said ISIL attacked Iraq": the speaker accuses ISIL.
                let accusation = (mode == Mode::Claimed && info.quad_class == 4)
                    .then(|| accusation(doc, lex, v, &range, &e))
                    .flatten();
                events.push(e);
                events.extend(accusation);
            }
        }
    }
    let joined = joiners(doc, &events);
    events.extend(joined);
    let nominal = nominal_events(doc, lex, &events, focus.as_ref());
    events.extend(nominal);
    events.extend(denials(doc, lex, &events, focus.as_ref()));
    events.extend(demands(doc, lex, &events, focus.as_ref()));
    // The same test for the events that nouns and joins gave.
    events.retain_mut(|e| {
        if e.quad_class != 4 {
            return [&e.source, &e.target]
                .into_iter()
                .flatten()
                .any(|p| political(doc, lex, p));
        }
        if sport {
            return false;
        }
        if e.source.as_ref().is_some_and(|p| !actor_like(doc, lex, p)) {
            e.source = None;
        }
        // "killed himself": no one else took part.
        let reflexive = |p: &Participant| {
            matches!(
                doc.slice(p.span).to_lowercase().as_str(),
                "himself" | "herself" | "themselves" | "itself" | "myself" | "ourselves"
            )
        };
        if e.target.as_ref().is_some_and(reflexive) {
            return false;
        }
        if e.target
            .as_ref()
            .is_some_and(|p| !actor_like(doc, lex, p) && !place_like(doc, lex, p))
        {
            e.target = None;
        }
        // "Four children were killed in Gaza": people no actor names are
        // civilians of the country where it happened (PSECVL).
        // Only people a common noun names ("children", not "Lee", "five
        // trucks" or "their people") in a place this sentence names.
        let here = e
            .location
            .as_ref()
            .filter(|p| p.span.is_some_and(|s| e.evidence.contains(&s)));
        if let (Some(t), Some(place)) = (e.target.as_mut(), here) {
            let head = phrase_head(doc, t.span);
            let common = noun_in(doc, lex, head, RoleWord::People)
                && !doc
                    .entities_overlapping(t.span)
                    .any(|x| x.label == EntityType::Person)
                && !children(doc, head, &(0..doc.tokens.len())).any(|c| dep(doc, c) == "nmod:poss");
            if t.actor.is_none() && common && place.country.len() == 3 {
                let code = format!("{}CVL", place.country);
                t.actor = Some(ActorRef {
                    id: code.clone(),
                    name: format!("civilians in {}", place.name),
                    code: Some(code),
                });
            }
        }
        // Occupying territory takes a place ("Mitsubishi's takeover of UFJ"
        // is not); capturing people is abduction ("captured two soldiers").
        if e.code == "192" && !e.target.as_ref().is_some_and(|p| place_head(doc, lex, p)) {
            let people = e.target.as_ref().is_some_and(|p| people_like(doc, lex, p));
            let Some(abduct) = lex.code("181").filter(|_| people) else {
                return false;
            };
            e.code = abduct.code.clone();
            e.name = abduct.name.clone();
            e.goldstein = abduct.goldstein;
            e.plover = abduct.plover.clone();
        }
        // Someone political acts or is acted on, or force hits a place.
        e.source.as_ref().is_some_and(|p| political(doc, lex, p))
            || e.target
                .as_ref()
                .is_some_and(|p| political(doc, lex, p) || place_like(doc, lex, p))
    });
    dedup_events(&mut events);
    // A target that is a place, or a phrase around one, without an actor
    // of its own is coded with the place's country, as CAMEO codes places
    // ("shelled Aleppo", "a shrinking enclave in Aleppo": Syria). Done last,
    // so that what counts as an event does not change. Sources are rarely
    // places: a "place" there is more often a person or body that shares
    // a gazetteer name ("Phoenix", "Maldonado").
    for e in &mut events {
        if let Some(t) = e.target.as_mut().filter(|t| t.actor.is_none()) {
            let places = || {
                doc.entities_overlapping(t.span)
                    .filter(|x| is_place(x) && t.span.contains(&x.span))
            };
            t.actor = places()
                .find(|x| x.span == t.span)
                .or_else(|| places().next())
                .and_then(|x| place_country(doc, x));
        }
    }
    doc.events = events;
}

/// Whether token `k` is a common noun listed as a participant word of
/// `kind` (its form or lemma).
fn noun_in(doc: &Doc, lex: &EventLexicon, k: usize, kind: RoleWord) -> bool {
    let t = &doc.tokens[k];
    if t.upos != Some("NOUN") {
        return false;
    }
    let w = doc.token_text(k).to_lowercase();
    let lemma = wirecode_nlp::lemma(&w, "NOUN", t.xpos.unwrap_or("NN"));
    lex.is_role_word(&lemma, kind) || lex.is_role_word(&w, kind)
}

/// Whether a participant names someone (or a weapon, which stands for its
/// unnamed user): an actor, a named or typed entity, a pronoun, a proper
/// name, a count of people, or a person noun; not "the dollar", "high fuel
/// prices".
fn actor_like(doc: &Doc, lex: &EventLexicon, p: &Participant) -> bool {
    if p.actor.is_some() {
        return true;
    }
    let head = phrase_head(doc, p.span);
    let first = doc.token_at(p.span.start);
    let last = doc
        .token_at(p.span.end.saturating_sub(1))
        .min(doc.tokens.len() - 1);
    // A named actor anywhere in the phrase ("UNSCOM weapons inspectors",
    // "blockades in Lahore"), except a nationality word that only
    // describes the head ("Tory plans").
    let named = doc.entities_overlapping(p.span).any(|e| match e.label {
        EntityType::Norp => e.span.contains(&doc.tokens[head].span),
        t => matches!(
            t,
            EntityType::Person
                | EntityType::Org
                | EntityType::Gpe
                | EntityType::Agent
                | EntityType::Loc
                | EntityType::Fac
        ),
    });
    named
        || (first..=last).any(|k| {
            let t = &doc.tokens[k];
            match t.upos {
                // Not a possessive: "his growth target" is no one.
                Some("PRON") => t.xpos != Some("PRP$") && dep(doc, k) != "nmod:poss",
                Some("PROPN") => true,
                // A count stands for people ("killed at least 75"), a year does not.
                Some("NUM") => !is_year(doc.token_text(k)),
                Some("NOUN") => {
                    noun_in(doc, lex, k, RoleWord::People) || noun_in(doc, lex, k, RoleWord::Actor)
                }
                _ => false,
            }
        })
}

/// Whether a participant is someone the record could be about: a resolved
/// actor, a named person, organisation, country, people or group in its
/// phrase, a person noun at its head ("officials", "protesters") or a
/// third-person pronoun. "My brain fed my soul", "I was fired at", "what
/// Pandora released", "the scenic spot received 1.9 million tourists" name
/// no one an analyst could count, so their events are left out.
fn political(doc: &Doc, lex: &EventLexicon, p: &Participant) -> bool {
    if p.actor.is_some() {
        return true;
    }
    let named = doc.entities_overlapping(p.span).any(|e| {
        matches!(
            e.label,
            EntityType::Person
                | EntityType::Org
                | EntityType::Gpe
                | EntityType::Norp
                | EntityType::Agent
        )
    });
    let head = phrase_head(doc, p.span);
    let pronoun = matches!(
        doc.token_text(head).to_lowercase().as_str(),
        "he" | "she" | "him" | "her" | "they" | "them" | "who"
    );
    named
        || pronoun
        || noun_in(doc, lex, head, RoleWord::People)
        || noun_in(doc, lex, head, RoleWord::Actor)
}

/// The head word of a participant's phrase: the first token whose parse
/// head lies outside it ("plans" in "Tory plans for limits", not "Tory").
fn phrase_head(doc: &Doc, span: Span) -> usize {
    let first = doc.token_at(span.start);
    let last = doc
        .token_at(span.end.saturating_sub(1))
        .min(doc.tokens.len() - 1);
    (first..=last)
        .find(|&k| doc.tokens[k].head.is_none_or(|h| h < first || h > last))
        .unwrap_or(last)
}

/// Whether a participant is people: a person, an agent of people, a count
/// or a person noun (not a weapon, a vehicle or a company).
fn people_like(doc: &Doc, lex: &EventLexicon, p: &Participant) -> bool {
    let typed = doc
        .entities_overlapping(p.span)
        .any(|e| matches!(e.label, EntityType::Person | EntityType::Agent));
    let last = doc
        .token_at(p.span.end.saturating_sub(1))
        .min(doc.tokens.len() - 1);
    typed
        || (doc.token_at(p.span.start)..=last).any(|k| {
            noun_in(doc, lex, k, RoleWord::People)
                || (doc.tokens[k].upos == Some("NUM") && !is_year(doc.token_text(k)))
        })
}

/// Whether an attack is one named person's words against another person
/// (both sides people named in the text, no weapon or injury in the sentence).
fn verbal_attack(doc: &Doc, lex: &EventLexicon, e: &Event, range: &std::ops::Range<usize>) -> bool {
    let person = |p: &Option<Participant>| {
        p.as_ref().is_some_and(|p| {
            let head = doc.tokens[phrase_head(doc, p.span)].span;
            doc.entities_overlapping(head)
                .any(|x| x.label == EntityType::Person)
        })
    };
    let physical = range.clone().any(|k| {
        let w = doc.token_text(k).to_lowercase();
        let lemma = wirecode_nlp::lemma(&w, "NOUN", doc.tokens[k].xpos.unwrap_or("NN"));
        lex.is_role_word(&w, RoleWord::Force) || lex.is_role_word(&lemma, RoleWord::Force)
    });
    person(&e.source) && person(&e.target) && !physical
}

/// "2004", "1998": a number that reads as a year.
fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
}

/// Whether a target is a place: a named place anywhere in it ("blockades
/// in Lahore") or a place noun at its head.
fn place_like(doc: &Doc, lex: &EventLexicon, p: &Participant) -> bool {
    doc.entities_overlapping(p.span).any(is_place) || place_head(doc, lex, p)
}

/// A named place: a place-typed entity or one the gazetteer resolved.
fn is_place(e: &wirecode_doc::Entity) -> bool {
    matches!(e.label, EntityType::Gpe | EntityType::Loc | EntityType::Fac) || e.place.is_some()
}

/// Whether a target's head word is a place: a named place or a place noun
/// ("the town of Idlib", not "the panorama of Delft").
fn place_head(doc: &Doc, lex: &EventLexicon, p: &Participant) -> bool {
    let k = phrase_head(doc, p.span);
    doc.entities_overlapping(doc.tokens[k].span).any(is_place)
        || noun_in(doc, lex, k, RoleWord::Place)
}

/// Drops repeated records: the same code between the same mentions in the
/// same sentence ("agreed to lay down arms" gives 0356 from both verbs).
fn dedup_events(events: &mut Vec<Event>) {
    let mut seen = std::collections::HashSet::new();
    let span = |p: &Option<Participant>| {
        p.as_ref().map(|p| {
            let code = p.actor.as_ref().and_then(|a| a.code.clone());
            (p.span.start, p.span.end, code)
        })
    };
    events.retain(|e| {
        seen.insert((
            e.code.clone(),
            span(&e.source),
            span(&e.target),
            e.evidence.start,
        ))
    });
}

/// Country words joined before an agent noun ("US and British activists",
/// "Russian, Turkish and Iranian diplomats"): (token, country code) for
/// each, when there are two or more countries and a conjunction among
/// them; empty otherwise.
fn shared_countries(doc: &Doc, k: usize, range: &std::ops::Range<usize>) -> Vec<(usize, String)> {
    let is_agent = doc
        .entities_overlapping(doc.tokens[k].span)
        .any(|e| e.label == EntityType::Agent);
    if !is_agent {
        return Vec::new();
    }
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut joined = false;
    let mut i = k;
    while i > range.start {
        i -= 1;
        let w = doc.token_text(i);
        if w == "," || w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") {
            joined |= w != ",";
            continue;
        }
        let country = doc
            .entities_overlapping(doc.tokens[i].span)
            .filter(|e| matches!(e.label, EntityType::Norp | EntityType::Gpe))
            .find_map(|e| e.actor.as_ref()?.code.clone())
            .filter(|c| c.len() == 3);
        match country {
            Some(c) => {
                if !out.iter().any(|(_, x)| *x == c) {
                    out.push((i, c));
                }
            }
            None => break,
        }
    }
    if out.len() < 2 || !joined {
        return Vec::new();
    }
    out.reverse();
    out
}

/// One participant per country of [`shared_countries`]: the agent's own
/// code with its country part replaced.
fn split_by_country(p: Participant, countries: &[(usize, String)]) -> Vec<Participant> {
    let Some(actor) = p.actor.clone().filter(|a| {
        a.code
            .as_ref()
            .is_some_and(|c| c.len() > 3 && countries.iter().any(|(_, x)| c.starts_with(x)))
    }) else {
        return vec![p];
    };
    let code = actor.code.clone().unwrap_or_default();
    let sector = &code[3..];
    countries
        .iter()
        .map(|(_, c)| Participant {
            span: p.span,
            actor: Some(ActorRef {
                id: format!("{c}{sector}"),
                name: actor.name.replacen(&code[..3], c, 1),
                code: Some(format!("{c}{sector}")),
            }),
        })
        .collect()
}

/// The (source, target) pairs of a verb's events: every source with every
/// target, or for a mutual verb with no target ("Russia and Turkey met")
/// each coded source acting on each other one.
fn mutual_pairs(
    mutual: bool,
    srcs: &[Option<Participant>],
    tgts: &[Option<Participant>],
) -> Vec<(Option<Participant>, Option<Participant>)> {
    let code = |p: &Option<Participant>| {
        p.as_ref()
            .and_then(|p| p.actor.as_ref())
            .and_then(|a| a.code.clone())
    };
    let coded: Vec<&Option<Participant>> = srcs.iter().filter(|p| code(p).is_some()).collect();
    let distinct = coded
        .iter()
        .map(|p| code(p))
        .collect::<std::collections::HashSet<_>>()
        .len();
    if mutual && tgts.iter().all(|t| code(t).is_none()) && distinct >= 2 {
        let mut out = Vec::new();
        for a in &coded {
            for b in &coded {
                if code(a) != code(b) {
                    out.push(((*a).clone(), (*b).clone()));
                }
            }
        }
        return out;
    }
    srcs.iter()
        .flat_map(|s| tgts.iter().map(move |t| (s.clone(), t.clone())))
        .collect()
}

/// "China joined Russia in rejecting the truce": X takes part in what Y
/// was last reported doing (the latest event with Y's code as its source,
/// in this sentence or the two before), so Y's event is repeated with X as
/// its source and this sentence as its evidence.
fn joiners(doc: &Doc, events: &[Event]) -> Vec<Event> {
    let mut out = Vec::new();
    for (s, sent) in doc.sentences.iter().enumerate() {
        let range = sent.tokens.clone();
        for v in range.clone() {
            let joins = doc
                .token_text(v)
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case("join"));
            if !joins || doc.tokens[v].upos != Some("VERB") || verb_lemma(doc, v) != "join" {
                continue;
            }
            let kid = |d: &str| children(doc, v, &range).find(|&k| dep(doc, k) == d);
            let (Some(subj), Some(obj)) = (kid("nsubj"), kid("obj")) else {
                continue;
            };
            let in_phrase = children(doc, v, &range).any(|k| {
                dep(doc, k).starts_with("obl")
                    && children(doc, k, &range).any(|c| {
                        dep(doc, c) == "case" && doc.token_text(c).eq_ignore_ascii_case("in")
                    })
            });
            let code_of = |k: usize| participant(doc, k, &range).actor.and_then(|a| a.code);
            let (Some(x), Some(y)) = (code_of(subj), code_of(obj)) else {
                continue;
            };
            let earliest = doc.sentences[s.saturating_sub(2)].span.start;
            let prior = events.iter().rev().find(|e| {
                e.evidence.start >= earliest
                    && e.evidence.start <= sent.span.start
                    && e.source
                        .as_ref()
                        .and_then(|p| p.actor.as_ref())
                        .and_then(|a| a.code.as_deref())
                        == Some(y.as_str())
                    && !e.code.starts_with("01")
                    && !e.code.starts_with("02")
            });
            let Some(prior) = prior.filter(|_| in_phrase && x != y) else {
                continue;
            };
            out.push(Event {
                source: Some(participant(doc, subj, &range)),
                evidence: sent.span,
                trigger: Some(doc.tokens[v].span),
                ..prior.clone()
            });
        }
    }
    out
}

/// An event of CAMEO code `info` with every other field empty.
fn coded(info: &CameoCode) -> Event {
    Event {
        code: info.code.clone(),
        name: info.name.clone(),
        goldstein: info.goldstein,
        quad_class: info.quad_class,
        plover: info.plover.clone(),
        source: None,
        target: None,
        mode: Mode::Asserted,
        date: None,
        location: None,
        evidence: Span::default(),
        trigger: None,
    }
}

/// Events named by a noun ("Russia's veto", "the air strike on Y", "US
/// sanctions against Y", "talks with Y"): the possessor, a "by" phrase or a
/// country word before the noun is the source; an "on/against/with/to"
/// phrase the target. Nouns already carried by a coded verb are skipped.
fn nominal_events(
    doc: &Doc,
    lex: &EventLexicon,
    verb_events: &[Event],
    focus: Option<&Place>,
) -> Vec<Event> {
    let mut out = Vec::new();
    let published = doc.article.published;
    for s in 0..doc.sentences.len() {
        let range = doc.sentences[s].tokens.clone();
        if range.is_empty() || doc.tokens[range.start].dep.is_none() {
            continue;
        }
        let evidence = doc.sentences[s].span;
        let triggers: Vec<usize> = verb_events
            .iter()
            .filter(|e| e.evidence == evidence)
            .filter_map(|e| e.trigger.map(|t| doc.token_at(t.start)))
            .collect();
        let dates = sentence_dates(doc, s, published);
        for (n, code) in event_nouns(doc, lex, &range) {
            let t = &doc.tokens[n];
            // The noun is the object of a coded verb ("held talks", "launched an attack").
            if (t.head.is_some_and(|h| triggers.contains(&h)) && !dep(doc, n).starts_with("nsubj"))
                || verb_events
                    .iter()
                    .any(|e| e.evidence == evidence && e.code == code)
            {
                continue;
            }
            let Some(info) = lex.code(code) else { continue };
            let mut kids: Vec<usize> = children(doc, n, &range).collect();
            // "the Chinese government's assistance package": the phrase's
            // head noun carries the possessor and the prepositions.
            if dep(doc, n) == "compound" {
                if let Some(h) = t.head.filter(|&h| doc.tokens[h].upos == Some("NOUN")) {
                    kids.extend(children(doc, h, &range).filter(|&k| k != n));
                }
            }
            // Aid comes "from" a giver and goes "for" or "in" a place.
            let aid = code.starts_with("07");
            let with_case = |k: usize, cases: &[&str]| {
                children(doc, k, &range).any(|c| {
                    dep(doc, c) == "case"
                        && cases
                            .iter()
                            .any(|w| doc.token_text(c).eq_ignore_ascii_case(w))
                })
            };
            let source = kids
                .iter()
                .copied()
                .find(|&k| {
                    dep(doc, k) == "nmod:poss"
                        || (dep(doc, k).starts_with("nmod") && with_case(k, &["by"]))
                        || (aid && dep(doc, k).starts_with("nmod") && with_case(k, &["from"]))
                })
                .or_else(|| {
                    kids.iter().copied().find(|&k| {
                        matches!(dep(doc, k), "amod" | "compound")
                            && doc.entities_overlapping(doc.tokens[k].span).any(|e| {
                                matches!(
                                    e.label,
                                    EntityType::Gpe | EntityType::Norp | EntityType::Org
                                ) && e.actor.is_some()
                            })
                    })
                });
            // "During a meeting with Y, X said ...", "X carried out air
            // strikes on Y": the subject of the clause takes part.
            let source = source.or_else(|| {
                // An adjunct only for meetings: "after an attack on Y, X
                // said" is not X's attack; "X carried out strikes" is.
                let mut h = t.head?;
                let d = dep(doc, n);
                let mut adjunct_meeting = d.starts_with("obl") && code.starts_with("04");
                // "held talks with X during a visit to Y": a time adjunct
                // the parse hung on a noun still belongs to the clause.
                if code.starts_with("04")
                    && d.starts_with("nmod")
                    && with_case(n, &["during", "after", "before", "ahead"])
                {
                    let mut up = 0;
                    while doc.tokens[h].upos != Some("VERB") && up < 3 {
                        let Some(hh) = doc.tokens[h]
                            .head
                            .filter(|_| matches!(dep(doc, h), "obl" | "obj" | "nmod"))
                        else {
                            break;
                        };
                        h = hh;
                        up += 1;
                    }
                    adjunct_meeting = true;
                }
                if !(adjunct_meeting || d == "obj") || doc.tokens[h].upos != Some("VERB") {
                    return None;
                }
                // "Journalists reported shelling": the reporter did not shell.
                if lex.is_role_word(&verb_lemma(doc, h), RoleWord::Observer) {
                    return None;
                }
                children(doc, h, &range).find(|&k| dep(doc, k) == "nsubj")
            });
            let target = kids.iter().copied().find(|&k| {
                dep(doc, k).starts_with("nmod")
                    && (with_case(k, &["on", "against", "with", "to", "toward", "towards"])
                        || (aid && with_case(k, &["for", "in"])))
            });
            let src = source.map(|k| participant(doc, k, &range));
            let tgt = target.map(|k| participant(doc, k, &range));
            let has_code = |p: &Option<Participant>| {
                p.as_ref()
                    .is_some_and(|p| p.actor.as_ref().is_some_and(|a| a.code.is_some()))
            };
            // A weekday possessor is a date ("Monday's veto"), not an actor.
            let src = src.filter(|p| !dates.iter().any(|d| d.span.overlaps(&p.span)));
            if !has_code(&src) && !has_code(&tgt) {
                continue;
            }
            // "no threat to shipping", "no agreement": the event is negated.
            let negated = kids
                .iter()
                .any(|&k| dep(doc, k) == "det" && doc.token_text(k).eq_ignore_ascii_case("no"));
            out.push(Event {
                source: src,
                target: tgt,
                mode: if negated {
                    Mode::Negated
                } else {
                    Mode::Asserted
                },
                date: clause_date(doc, &dates, n).or(published),
                location: place_in_sentence(doc, &range, n).or_else(|| focus.cloned()),
                evidence,
                trigger: Some(t.span),
                ..coded(info)
            });
        }
    }
    out
}

/// The event nouns of a sentence as (head token, code): phrases of several
/// words ("air strikes", "call for a ceasefire", "cease - fire"; articles
/// and hyphens between their words are skipped) first, longest first, then
/// single nouns outside them. A phrase's head is its word whose syntactic
/// head lies outside the phrase ("call" in "call for a ceasefire").
fn event_nouns<'l>(
    doc: &Doc,
    lex: &'l EventLexicon,
    range: &std::ops::Range<usize>,
) -> Vec<(usize, &'l str)> {
    // (lower-case form, lemma) of each token of the sentence, made once.
    let forms: Vec<(String, String)> = range
        .clone()
        .map(|i| {
            let t = &doc.tokens[i];
            let word = doc.token_text(i).to_lowercase();
            let lemma = match t.upos {
                Some(u @ ("NOUN" | "VERB")) => {
                    wirecode_nlp::lemma(&word, u, t.xpos.unwrap_or("")).into_owned()
                }
                _ => word.clone(),
            };
            (word, lemma)
        })
        .collect();
    let forms = |i: usize| &forms[i - range.start];
    let is_word = |i: usize, w: &str| {
        let (f, l) = forms(i);
        f == w || l == w
    };
    let skippable = |i: usize| matches!(forms(i).0.as_str(), "a" | "an" | "the" | "-");
    // (start, end inclusive, head, code)
    let mut found: Vec<(usize, usize, usize, &str)> = Vec::new();
    for n in range.clone() {
        if doc.tokens[n].upos != Some("NOUN") {
            continue;
        }
        let (word, lemma) = forms(n);
        let phrases = [lex.noun_phrases(lemma), lex.noun_phrases(word)];
        'phrase: for p in phrases.into_iter().flatten() {
            let mut toks = vec![n];
            let mut j = n;
            for w in p.words[..p.words.len() - 1].iter().rev() {
                loop {
                    if j == range.start {
                        continue 'phrase;
                    }
                    j -= 1;
                    if !skippable(j) || w == "-" {
                        break;
                    }
                }
                if !is_word(j, w) {
                    continue 'phrase;
                }
                toks.push(j);
            }
            let head = toks
                .iter()
                .copied()
                .find(|&k| doc.tokens[k].head.is_none_or(|h| !toks.contains(&h)))
                .unwrap_or(n);
            found.push((j, n, head, p.code.as_str()));
            break;
        }
    }
    // Longest phrases first; an overlapping shorter one is dropped.
    found.sort_by_key(|&(a, b, _, _)| (std::cmp::Reverse(b - a), a));
    let mut kept: Vec<(usize, usize, usize, &str)> = Vec::new();
    for f in found {
        if kept.iter().all(|k| f.1 < k.0 || f.0 > k.1) {
            kept.push(f);
        }
    }
    for n in range.clone() {
        if doc.tokens[n].upos != Some("NOUN") || kept.iter().any(|k| (k.0..=k.1).contains(&n)) {
            continue;
        }
        let (word, lemma) = forms(n);
        if let Some(code) = lex.noun(lemma).or_else(|| lex.noun(word)) {
            kept.push((n, n, n, code));
        }
    }
    kept.sort_by_key(|k| k.2);
    kept.into_iter()
        .filter(|k| k.3 != "-")
        .map(|(_, _, h, c)| (h, c))
        .collect()
}

/// The date of a statement in sentence `s`: the first date it names, else
/// the publication date.
fn statement_date(doc: &Doc, s: usize) -> Option<NaiveDate> {
    sentence_dates(doc, s, doc.article.published)
        .first()
        .map(|d| d.date)
        .or(doc.article.published)
}

/// A denial linked to the claim it answers ("..., which Washington denies")
/// is a CAMEO 016 event from the denier to the accuser, when the verb pass
/// has not already coded it (the tagger may not see such a verb at all).
fn denials(doc: &Doc, lex: &EventLexicon, found: &[Event], focus: Option<&Place>) -> Vec<Event> {
    let Some(info) = lex.code("016") else {
        return vec![];
    };
    let mut out = Vec::new();
    for q in &doc.quotes {
        let (Some(j), Some(cue), Some(src)) = (q.responds_to, q.cue, q.source) else {
            continue;
        };
        let Some((s, evidence)) = cue_sentence(doc, cue) else {
            continue;
        };
        if coded_in(found, "016", evidence) {
            continue;
        }
        let claim = &doc.quotes[j];
        let date = statement_date(doc, s);
        out.push(Event {
            source: Some(Participant {
                span: src,
                actor: q.speaker.clone(),
            }),
            target: claim.source.map(|span| Participant {
                span,
                actor: claim.speaker.clone(),
            }),
            mode: Mode::Asserted,
            date,
            location: focus.cloned(),
            evidence,
            trigger: Some(cue),
            ..coded(info)
        });
    }
    out
}

/// The sentence of an attribution's cue: its index and span (the
/// evidence of the events it gives).
fn cue_sentence(doc: &Doc, cue: Span) -> Option<(usize, Span)> {
    let s = doc.sentence_at(cue.start)?;
    Some((s, doc.sentences[s].span))
}

/// Whether `events` already hold one coded under `prefix` in `evidence`.
fn coded_in(events: &[Event], prefix: &str, evidence: Span) -> bool {
    events
        .iter()
        .any(|e| e.code.starts_with(prefix) && e.evidence == evidence)
}

/// Modal verbs of obligation: "X must return the helicopter".
const OBLIGATION: &[&str] = &["must", "should", "ought"];

/// Whether token `v` heads a clause under a modal of obligation.
fn obliged(doc: &Doc, v: usize, range: &std::ops::Range<usize>) -> bool {
    children(doc, v, range).any(|k| {
        dep(doc, k) == "aux" && OBLIGATION.contains(&doc.token_text(k).to_lowercase().as_str())
    })
}

/// Demands put as what another must do: "Russia said Sudan must return
/// the helicopter", "Chirac reminded Iraq that it must cooperate". Each
/// attribution whose content holds a clause under "must" or "should" with
/// a coded subject other than the speaker is a CAMEO 100 event from the
/// speaker to that subject (the dictionary codes "demanded that ..."
/// itself; such sentences are skipped).
fn demands(doc: &Doc, lex: &EventLexicon, found: &[Event], focus: Option<&Place>) -> Vec<Event> {
    let Some(info) = lex.code("100") else {
        return vec![];
    };
    let mut out: Vec<Event> = Vec::new();
    for q in &doc.quotes {
        let (Some(cue), Some(src)) = (q.cue, q.source) else {
            continue;
        };
        let Some(speaker) = q.speaker.as_ref().filter(|a| a.code.is_some()) else {
            continue;
        };
        let Some((s, evidence)) = cue_sentence(doc, cue) else {
            continue;
        };
        if coded_in(found, "10", evidence) || coded_in(&out, "10", evidence) {
            continue;
        }
        for c in &q.content {
            let Some(cs) = doc.sentence_at(c.start) else {
                continue;
            };
            let range = doc.sentences[cs].tokens.clone();
            let clause = range.clone().find(|&v| {
                c.contains(&doc.tokens[v].span)
                    && matches!(doc.tokens[v].upos, Some("VERB" | "ADJ" | "NOUN"))
                    && obliged(doc, v, &range)
            });
            let Some(v) = clause else { continue };
            let Some(k) = children(doc, v, &range)
                .find(|&k| dep(doc, k) == "nsubj" && c.contains(&doc.tokens[k].span))
            else {
                continue;
            };
            let target = participant_as(doc, k, &range, Role::Target);
            let code = target.actor.as_ref().and_then(|a| a.code.as_deref());
            // "We must ...": one's own duty is no demand on another.
            if code.is_none() || code == speaker.code.as_deref() {
                continue;
            }
            let date = statement_date(doc, s);
            out.push(Event {
                source: Some(Participant {
                    span: src,
                    actor: Some(speaker.clone()),
                }),
                target: Some(target),
                mode: Mode::Asserted,
                date,
                location: place_in_sentence(doc, &range, v).or_else(|| focus.cloned()),
                evidence,
                trigger: Some(cue),
                ..coded(info)
            });
            break;
        }
    }
    out
}

fn verb_lemma(doc: &Doc, v: usize) -> String {
    let t = &doc.tokens[v];
    let w = doc.token_text(v).to_lowercase();
    wirecode_nlp::lemma(&w, t.upos.unwrap_or(""), t.xpos.unwrap_or("")).into_owned()
}

/// The verb's lemma as the event dictionary spells it: the lemmatiser's
/// guess, else a spelling that undoes or redoes a doubled consonant or
/// restores a silent e ("boycotting" -> boycott, "striking" -> strike).
fn dictionary_lemma(doc: &Doc, v: usize, lex: &EventLexicon) -> String {
    let lemma = verb_lemma(doc, v);
    if !lex.verb(&lemma).is_empty() {
        return lemma;
    }
    let w = doc.token_text(v).to_lowercase();
    let Some(stem) = w
        .strip_suffix("ing")
        .or_else(|| w.strip_suffix("ed"))
        .filter(|s| s.len() >= 3)
    else {
        return lemma;
    };
    let mut chars = stem.chars();
    let last = chars.next_back().unwrap_or(' ');
    // The stem without its last letter (char-safe: "sauté" has no byte cut).
    let before = chars.as_str();
    let mut buf = String::with_capacity(stem.len() + 1);
    let mut try_form = |parts: &[&str]| {
        buf.clear();
        parts.iter().for_each(|p| buf.push_str(p));
        (!lex.verb(&buf).is_empty()).then(|| buf.clone())
    };
    let mut last_buf = [0u8; 4];
    let last_s: &str = last.encode_utf8(&mut last_buf);
    try_form(&[stem])
        .or_else(|| try_form(&[stem, "e"]))
        .or_else(|| try_form(&[stem, last_s]))
        .or_else(|| {
            (before.chars().count() >= 3 && before.ends_with(last))
                .then(|| try_form(&[before]))
                .flatten()
        })
        .unwrap_or(lemma)
}

fn children<'a>(
    doc: &'a Doc,
    v: usize,
    range: &std::ops::Range<usize>,
) -> impl Iterator<Item = usize> + 'a {
    let range = range.clone();
    range.filter(move |&k| doc.tokens[k].head == Some(v))
}

fn dep(doc: &Doc, k: usize) -> &str {
    doc.tokens[k].dep.unwrap_or("")
}

/// Words the pattern needs after the verb, in order, within its sentence
/// (each within 8 tokens of the previous one), matched by form or lemma.
fn matches_pattern(doc: &Doc, v: usize, p: &VerbPattern, range: &std::ops::Range<usize>) -> bool {
    if p.needs_object
        && participle_head(doc, v).is_none()
        && !children(doc, v, range).any(|k| matches!(dep(doc, k), "obj" | "nsubj:pass"))
    {
        return false;
    }
    let mut k = v + 1;
    let mut after = p.after.as_slice();
    // "the ambassador expelled last week": the noun a participle modifies
    // is its object, written before it.
    if let (Some(h), Some(first)) = (participle_head(doc, v), after.first()) {
        if doc.token_text(h).eq_ignore_ascii_case(first) || verb_lemma_eq(doc, h, first) {
            after = &after[1..];
        }
    }
    // "gave in": a pattern of particles alone needs the verb's own
    // particle, not a later preposition ("given by X in 1851").
    if p.content_words == 0 {
        if let Some(first) = after.first().filter(|w| PARTICLES.contains(&w.as_str())) {
            let own = children(doc, v, range).any(|c| {
                dep(doc, c) == "compound:prt" && doc.token_text(c).eq_ignore_ascii_case(first)
            }) || (v + 1 < range.end
                && doc.token_text(v + 1).eq_ignore_ascii_case(first));
            if !own {
                return false;
            }
        }
    }
    for w in after {
        let found = (k..range.end.min(k + 8))
            .find_map(|i| {
                // "cease-fire" (three tokens) is the pattern's "ceasefire".
                let joined = hyphen_compound(doc, i, range).filter(|j| j.eq_ignore_ascii_case(w));
                let next = if joined.is_some() { i + 3 } else { i + 1 };
                ((joined.is_some()
                || doc.token_text(i).eq_ignore_ascii_case(w)
                || verb_lemma_eq(doc, i, w))
                // "according to", "because of": part of a fixed phrase, not the verb's word.
                && dep(doc, i) != "fixed"
                && in_clause(doc, v, i))
                .then_some(next)
            })
            // The target's preposition may stand further off, in a phrase the
            // parse hangs under the verb ("discussing the possible surrender
            // and evacuation of forces from besieged East Aleppo with US
            // diplomats").
            .or_else(|| {
                (p.target_prep.as_deref() == Some(w.as_str()))
                    .then(|| prep_object(doc, v, w, range))
                    .flatten()
                    .and_then(|h| {
                        (k..range.end).find(|&i| {
                            doc.tokens[i].head == Some(h)
                                && dep(doc, i) == "case"
                                && doc.token_text(i).eq_ignore_ascii_case(w)
                                && in_clause(doc, v, i)
                        })
                    })
                    .map(|i| i + 1)
            });
        // "provided the government hardware": a recipient written before
        // the thing given stands for the 'to' phrase.
        let found = found.or_else(|| {
            (w == "to" && p.target_prep.as_deref() == Some("to"))
                .then(|| dative(doc, v, range))
                .flatten()
                .map(|_| k)
        });
        match found {
            Some(next) => k = next,
            None => return false,
        }
    }
    true
}

/// The recipient of a double-object verb ("gave Vietnam a loan", "sent
/// Kyiv weapons"): its indirect object, or the first of two objects that
/// the parse gave it side by side; only a named actor or a personal
/// pronoun ("gives him", not "supply eight Hangor Class submarines").
fn dative(doc: &Doc, v: usize, range: &std::ops::Range<usize>) -> Option<usize> {
    let objs: Vec<usize> = children(doc, v, range)
        .filter(|&c| c > v && matches!(dep(doc, c), "obj" | "iobj"))
        .collect();
    let first = *objs.first()?;
    // The first object's last word, then the second's first.
    let end = (first..range.end)
        .take_while(|&i| i == first || under(doc, i, first, range))
        .last()?;
    let side_by_side = objs.get(1).is_some_and(|&second| {
        (end + 1..second).all(|i| under(doc, i, second, range)) && end < second
    });
    if dep(doc, first) != "iobj" && !side_by_side {
        return None;
    }
    let pronoun = doc.tokens[first].upos == Some("PRON")
        && matches!(
            doc.token_text(first).to_lowercase().as_str(),
            "him" | "her" | "them" | "us" | "me" | "it"
        );
    let actor = doc
        .entities_overlapping(doc.tokens[first].span)
        .any(|e| e.actor.is_some());
    (pronoun || actor).then_some(first)
}

/// Words that, first in a pattern of function words only, are the verb's
/// particle right after it ("gave in", "caved in"). Other particles may
/// follow the object ("forced the agency out", "called the strike off").
const PARTICLES: &[&str] = &["in"];

/// "cease-fire" written as three tokens ("cease", "-", "fire") without
/// spaces: the two words run together ("ceasefire"), for matching.
fn hyphen_compound(doc: &Doc, i: usize, range: &std::ops::Range<usize>) -> Option<String> {
    if i + 2 >= range.end || doc.token_text(i + 1) != "-" {
        return None;
    }
    let t = &doc.tokens;
    (t[i].span.end == t[i + 1].span.start && t[i + 1].span.end == t[i + 2].span.start)
        .then(|| format!("{}{}", doc.token_text(i), doc.token_text(i + 2)))
}

/// "warned Y not to interfere", "urged Y to leave": a to-infinitive under
/// the verb that the parser gave a subject of its own; that subject is the
/// verb's object (English infinitives take no subject there).
fn infinitive_subject(doc: &Doc, kids: &[usize], range: &std::ops::Range<usize>) -> Option<usize> {
    kids.iter().copied().find_map(|c| {
        if !matches!(dep(doc, c), "ccomp" | "xcomp") {
            return None;
        }
        let inner: Vec<usize> = children(doc, c, range).collect();
        let to = inner
            .iter()
            .any(|&m| dep(doc, m) == "mark" && doc.token_text(m).eq_ignore_ascii_case("to"));
        if !to {
            return None;
        }
        inner.into_iter().find(|&m| dep(doc, m) == "nsubj")
    })
}

/// An adverbial clause that a preposition introduces ("accused Y of
/// spying", "warned Y against interfering") completes its verb like an
/// object; "..., claiming fraud" or "when it was hit" does not.
fn prepositional_gerund(doc: &Doc, x: usize) -> bool {
    const PREPS: &[&str] = &[
        "of", "against", "for", "from", "about", "over", "into", "with", "on", "to", "in",
    ];
    (x.saturating_sub(4)..x).any(|c| {
        doc.tokens[c].head == Some(x)
            && doc.tokens[c].dep == Some("mark")
            && PREPS
                .iter()
                .any(|p| doc.token_text(c).eq_ignore_ascii_case(p))
    })
}

/// The noun subject of a clause that governs token `k`'s own clause and
/// comes before it: walking up from `k`, past its own clause, to the first
/// predicate with a subject ahead of `k`, if that subject is a noun.
fn governing_subject(doc: &Doc, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
    let mut x = doc.tokens[k].head?;
    let mut left_own_clause = false;
    for _ in 0..12 {
        if !range.contains(&x) {
            return None;
        }
        // Any predicate: a verb, or an adjective or noun with a copula ("was full").
        if left_own_clause {
            let subj = children(doc, x, range)
                .find(|&c| matches!(dep(doc, c), "nsubj" | "nsubj:pass") && c < k);
            if let Some(s) = subj {
                return matches!(doc.tokens[s].upos, Some("NOUN" | "PROPN")).then_some(s);
            }
        }
        if matches!(
            dep(doc, x),
            "advcl" | "ccomp" | "conj" | "acl:relcl" | "xcomp" | "parataxis"
        ) {
            left_own_clause = true;
        }
        x = doc.tokens[x].head?;
    }
    None
}

/// Whether token `i` belongs to the clause of verb `v`: walking up its
/// heads reaches `v` before any other clause (an advcl, relative
/// clause, parataxis or conjoined verb). Infinitives and other xcomps stay
/// in the clause ("agreed to provide aid"), and so do reported clauses
/// ("warned that it would expel him"), and words whose head chain
/// leaves the sentence (a misparse is no reason to refuse a match).
fn in_clause(doc: &Doc, v: usize, i: usize) -> bool {
    let mut k = i;
    for _ in 0..64 {
        if k == v {
            return true;
        }
        let t = &doc.tokens[k];
        let Some(h) = t.head else {
            return true;
        };
        if matches!(t.upos, Some("VERB" | "AUX"))
            && matches!(t.dep, Some("advcl" | "acl:relcl" | "parataxis" | "conj"))
            && !(t.dep == Some("advcl") && prepositional_gerund(doc, k))
        {
            return false;
        }
        k = h;
    }
    true
}

/// The noun a past participle modifies ("the report released on Tuesday"),
/// which is the participle's object.
fn participle_head(doc: &Doc, v: usize) -> Option<usize> {
    let t = &doc.tokens[v];
    let h = t.head?;
    // A past-tense tag on an `acl` is the tagger's reading of the same
    // form ("the report released Tuesday"), unless the clause has a
    // subject of its own.
    let subject = || {
        doc.tokens
            .iter()
            .any(|k| k.head == Some(v) && matches!(k.dep, Some("nsubj" | "nsubj:pass")))
    };
    // ... and when the noun is an argument in a clause: a noun the parse
    // left as the root ("eight governors travelled to China" misread as
    // a noun phrase) has its verb in the `acl`, not a participle.
    let in_clause = || {
        let mut n = h;
        while matches!(doc.tokens[n].dep, Some("conj" | "appos" | "flat")) {
            match doc.tokens[n].head {
                Some(x) => n = x,
                None => break,
            }
        }
        doc.tokens[n].dep.is_some_and(|d| {
            d.starts_with("nsubj") || d.starts_with("obl") || matches!(d, "obj" | "iobj")
        })
    };
    (t.dep == Some("acl")
        && (t.xpos == Some("VBN") || (t.xpos == Some("VBD") && !subject() && in_clause()))
        && h < v
        && matches!(doc.tokens[h].upos, Some("NOUN" | "PROPN")))
    .then_some(h)
}

/// A token matches a required word by its plural-less form or its lemma
/// ("killing" matches "kill", "sanctions" matches "sanction").
fn verb_lemma_eq(doc: &Doc, i: usize, w: &str) -> bool {
    let t = doc.token_text(i).to_lowercase();
    if t.strip_suffix('s').is_some_and(|s| s == w) {
        return true;
    }
    let tok = &doc.tokens[i];
    tok.upos.is_some()
        && wirecode_nlp::lemma(&t, tok.upos.unwrap_or(""), tok.xpos.unwrap_or("")) == w
}

/// Whether token `o` is one of pattern `p`'s required words.
fn own_word(doc: &Doc, o: usize, p: &VerbPattern) -> bool {
    let w = doc.token_text(o).to_lowercase();
    p.after.iter().any(|x| *x == w || verb_lemma_eq(doc, o, x))
}

/// Whether token `o` is one of pattern `p`'s own words and names an event
/// ("talks" in "hold * talks", "strike" in "carry * out air strike"; not
/// "town" in "seize * town", which is what is seized).
fn event_noun_of_pattern(doc: &Doc, o: usize, p: &VerbPattern) -> bool {
    if !own_word(doc, o, p) {
        return false;
    }
    let w = doc.token_text(o).to_lowercase();
    let lex = EventLexicon::builtin();
    let lemma = wirecode_nlp::lemma(&w, "NOUN", doc.tokens[o].xpos.unwrap_or("NN"));
    // Or the last word of an event phrase ("air strike").
    lex.noun(&lemma).or_else(|| lex.noun(&w)).is_some()
        || !lex.noun_phrases(&lemma).is_empty()
        || !lex.noun_phrases(&w).is_empty()
}

/// Whether token `o` is one of pattern `p`'s own words and a common noun
/// that can be no party at all ("optimism" in "expressed optimism",
/// "funds" in "released the funds"), unlike people, groups and places.
fn thing_of_pattern(doc: &Doc, o: usize, p: &VerbPattern) -> bool {
    let lex = EventLexicon::builtin();
    own_word(doc, o, p)
        && doc.tokens[o].upos == Some("NOUN")
        && ![RoleWord::People, RoleWord::Actor, RoleWord::Place]
            .into_iter()
            .any(|kind| noun_in(doc, lex, o, kind))
}

/// The source and target heads of verb `v`.
fn arguments(
    doc: &Doc,
    v: usize,
    p: &VerbPattern,
    range: &std::ops::Range<usize>,
) -> (Option<usize>, Option<usize>) {
    let kids: Vec<usize> = children(doc, v, range).collect();
    let find = |deps: &[&str]| kids.iter().copied().find(|&k| deps.contains(&dep(doc, k)));
    let passive = find(&["nsubj:pass"]);
    let by_agent = kids.iter().copied().find(|&k| {
        dep(doc, k).starts_with("obl")
            && children(doc, k, range).any(|c| doc.token_text(c).eq_ignore_ascii_case("by"))
    });
    // Subject: own, or inherited from the verb this one depends on ("agreed to meet", "X and Y vetoed").
    // The parser sometimes hangs the subject on an auxiliary ("forces having seized").
    let on_aux = || {
        kids.iter()
            .filter(|&&a| matches!(dep(doc, a), "aux" | "aux:pass"))
            .find_map(|&a| children(doc, a, range).find(|&k| dep(doc, k) == "nsubj"))
    };
    let mut subj = find(&["nsubj"]).or(by_agent).or_else(on_aux);
    // "the diplomats expelled by Y": the modified noun is the target and
    // only a by-phrase names the source.
    if let Some(noun) = participle_head(doc, v) {
        let target = find(&["obj"]).or(Some(noun));
        return (by_agent, target);
    }
    let mut h = v;
    // A passive verb's doer is only its by-phrase: "it hoped French
    // officials would be indicted" is not its indictment.
    let passive_verb = kids.iter().any(|&k| dep(doc, k) == "aux:pass");
    for _ in 0..3 {
        if subj.is_some() || passive_verb {
            break;
        }
        // Not through a ccomp: "X told Y that [IS] had attacked" is not X's attack.
        if !matches!(dep(doc, h), "xcomp" | "conj" | "advcl" | "acl") {
            break;
        }
        let Some(up) = doc.tokens[h].head else { break };
        // "rebels discussing evacuation with US": the noun a present
        // participle modifies does what it says.
        if dep(doc, h) == "acl"
            && doc.tokens[h].xpos == Some("VBG")
            && up < h
            && matches!(doc.tokens[up].upos, Some("NOUN" | "PROPN"))
            // Not a gerund after a preposition ("weeks of negotiating",
            // "its role in supporting").
            && !children(doc, h, range).any(|c| matches!(dep(doc, c), "mark" | "case"))
            && !matches!(doc.tokens[h - 1].upos, Some("ADP" | "SCONJ"))
        {
            subj = Some(up);
            break;
        }
        // Object control: "blasted Russia for vetoing", "urged Y to meet": the
        // governing verb's object does the embedded action.
        let marked_by = |words: &[&str]| {
            children(doc, h, range)
                .any(|m| dep(doc, m) == "mark" && words.contains(&doc.token_text(m)))
        };
        // "called on Y to rally", "appealed to Y to stop": the person
        // asked is in a prepositional phrase.
        let asked_in_phrase = || {
            if !["call", "appeal", "prevail"]
                .iter()
                .any(|w| verb_lemma_eq(doc, up, w))
            {
                return None;
            }
            children(doc, up, range).find(|&k| {
                dep(doc, k).starts_with("obl")
                    && children(doc, k, range).any(|c| {
                        dep(doc, c) == "case"
                            && matches!(
                                doc.token_text(c).to_lowercase().as_str(),
                                "on" | "upon" | "to"
                            )
                    })
            })
        };
        let asked = asked_in_phrase();
        let controlled = dep(doc, h) == "xcomp"
            || (dep(doc, h) == "advcl"
                && (marked_by(&["for", "of"]) || (asked.is_some() && marked_by(&["to"]))));
        let up_obj = children(doc, up, range)
            .find(|&k| dep(doc, k) == "obj")
            .or(asked);
        subj = match up_obj {
            Some(o) if controlled => Some(o),
            // "Rebels are said to be discussing": raising through a passive.
            _ => children(doc, up, range).find(|&k| matches!(dep(doc, k), "nsubj" | "nsubj:pass")),
        };
        h = up;
    }
    let target = match p.target_prep() {
        // "held talks with X", "launched an attack on X": the object of the preposition.
        Some(prep) => prep_object(doc, v, prep, range)
            .or_else(|| (prep == "to").then(|| dative(doc, v, range)).flatten()),
        None => find(&["obj", "iobj"])
            .or_else(|| infinitive_subject(doc, &kids, range))
            .or_else(|| {
                // "threatened to attack Y", "expects to meet with Y": the object of the infinitive.
                let inf = kids.iter().copied().find(|&k| dep(doc, k) == "xcomp")?;
                let inf_kids: Vec<usize> = children(doc, inf, range).collect();
                inf_kids
                    .iter()
                    .copied()
                    .find(|&k| dep(doc, k) == "obj")
                    .or_else(|| {
                        inf_kids.iter().copied().find(|&k| {
                            dep(doc, k).starts_with("obl")
                                && children(doc, k, range)
                                    .any(|c| doc.token_text(c).eq_ignore_ascii_case("with"))
                        })
                    })
            }),
    };
    // "carried out air strikes on Aleppo": an object the pattern itself
    // names is the event, not its target; the target is what it is on.
    // (An actor inside it still is: "rejected a U.S. request".)
    let coded = |k: usize| {
        participant(doc, k, range)
            .actor
            .is_some_and(|a| a.code.is_some())
    };
    // Nor an abstract noun of the pattern with no name in its phrase ("a
    // mediation effort between the Emirates and Qatar" keeps its names).
    let named = |k: usize| {
        let span = participant(doc, k, range).span;
        doc.entities_overlapping(span)
            .any(|e| span.contains(&e.span) && (e.actor.is_some() || is_place(e)))
    };
    let bare_event = |o: usize| {
        !coded(o) && (event_noun_of_pattern(doc, o, p) || thing_of_pattern(doc, o, p) && !named(o))
    };
    let target = match target {
        Some(o) if p.target_prep().is_none() && dep(doc, o) == "obj" && bare_event(o) => {
            // Someone or somewhere: "a summit on the unrest" names a topic.
            children(doc, o, range).find(|&k| {
                dep(doc, k).starts_with("nmod")
                    && (coded(k) || named(k))
                    && Words::get().date_word(doc.token_text(k)).is_none()
                    && children(doc, k, range).any(|c| {
                        dep(doc, c) == "case"
                            && ["on", "against"]
                                .iter()
                                .any(|x| doc.token_text(c).eq_ignore_ascii_case(x))
                    })
            })
        }
        t => t,
    };
    let mut target = target
        .or(if by_agent.is_some() { passive } else { None })
        .or_else(|| find(&["obj"]).filter(|&o| !bare_event(o)))
        // "took over the airport" parsed with "over" as a preposition:
        // the object of the pattern's own particle.
        .or_else(|| {
            p.after
                .iter()
                .filter(|w| matches!(w.as_str(), "over" | "off"))
                .find_map(|w| prep_object(doc, v, w, range))
        });
    // "gave 350 million euros to Ethiopia", "provided aid for refugees in
    // Yemen": when the object is no actor, an actor in a recipient or place
    // phrase is the target.
    if p.target_prep().is_none() && p.source_prep.is_none() && !target.is_some_and(coded) {
        const CASES: &[&str] = &[
            "to", "against", "on", "at", "for", "into", "toward", "towards", "in", "with",
        ];
        // "met in Damascus" names where, not whom; "aid in Yemen",
        // "protests in Serbia" and "fighting in Aleppo" name whom it reaches.
        let in_reaches = !MEETING_ROOTS.iter().any(|c| p.code.starts_with(c));
        let alt = kids.iter().copied().find(|&k| {
            dep(doc, k).starts_with("obl")
                && Some(k) != by_agent
                && children(doc, k, range).any(|c| {
                    let w = doc.token_text(c);
                    dep(doc, c) == "case"
                        && CASES.iter().any(|x| w.eq_ignore_ascii_case(x))
                        && (in_reaches || !w.eq_ignore_ascii_case("in"))
                })
                && coded(k)
        });
        if alt.is_some() {
            target = alt;
        }
    }
    (subj, target)
}

/// The object of preposition `prep` in verb `v`'s clause ("talks with X").
fn prep_object(doc: &Doc, v: usize, prep: &str, range: &std::ops::Range<usize>) -> Option<usize> {
    (v + 1..range.end)
        .filter(|&k| dep(doc, k) == "case" && doc.token_text(k).eq_ignore_ascii_case(prep))
        .filter_map(|k| doc.tokens[k].head)
        .find(|&h| h == v || under(doc, h, v, range))
}

/// A head and the heads conjoined with it ("Russia and China").
fn expand_conj(doc: &Doc, head: Option<usize>, range: &std::ops::Range<usize>) -> Vec<usize> {
    let Some(h) = head else { return vec![] };
    let mut out = vec![h];
    // "..., killing eight people, state media reported": a conjunct right
    // before a speech verb is the reporter the parse joined on, not a
    // participant.
    let reporter = |k: usize| {
        let speech = k + 1 < range.end
            && Words::get()
                .cue(&doc.token_text(k + 1).to_lowercase())
                .is_some_and(|c| c.kind == CueKind::Speech);
        // Set off by a comma ("Republicans and Democrats praised" is a
        // subject of two).
        let mut first = k;
        while first > range.start && under(doc, first - 1, k, range) {
            first -= 1;
        }
        while doc.token_text(first) == "," && first < k {
            first += 1;
        }
        speech && first > range.start && doc.token_text(first - 1) == ","
    };
    out.extend(
        children(doc, h, range).filter(|&k| {
            dep(doc, k) == "conj" && doc.tokens[k].upos != Some("VERB") && !reporter(k)
        }),
    );
    out
}

/// Whether token `j` lies under `k` in the parse (within three steps).
fn under(doc: &Doc, j: usize, k: usize, range: &std::ops::Range<usize>) -> bool {
    let mut x = j;
    for _ in 0..3 {
        match doc.tokens[x].head {
            Some(h) if h == k => return true,
            Some(h) if range.contains(&h) => x = h,
            _ => return false,
        }
    }
    false
}

/// The participant headed by token `k`: the coded entity covering it, or
/// else the best coded entity inside its phrase, or else the bare mention.
/// Which side of an event a mention stands on. A place named inside a
/// phrase stands for the phrase by CAMEO's convention ("shelled a hospital in
/// Aleppo": Syria; "protesters in Cairo": Egypt), but not when the source is
/// itself an event ("an attack on a mosque in Iraq killed 13": not Iraq).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Target,
}

fn participant(doc: &Doc, k: usize, range: &std::ops::Range<usize>) -> Participant {
    participant_as(doc, k, range, Role::Target)
}

fn participant_as(doc: &Doc, k: usize, range: &std::ops::Range<usize>, role: Role) -> Participant {
    let word = doc.token_text(k).to_lowercase();
    // Relative pronouns stand for the noun their clause modifies.
    if matches!(word.as_str(), "who" | "which" | "that") {
        if let Some(noun) = (0..2)
            .try_fold(k, |x, _| doc.tokens[x].head)
            .filter(|&n| range.contains(&n) && n != k)
        {
            if matches!(
                dep(doc, doc.tokens[k].head.unwrap_or(k)),
                "acl:relcl" | "acl"
            ) {
                return participant_as(doc, noun, range, role);
            }
        }
    }
    // I/we inside a quotation stand for its speaker ("'We will not attack
    // them,' the minister said": the minister's side).
    if matches!(word.as_str(), "i" | "me" | "we" | "us") {
        let at = doc.tokens[k].span;
        let speaker = doc
            .quotes
            .iter()
            .filter(|q| matches!(q.kind, QuoteKind::Direct | QuoteKind::Mixed))
            .filter(|q| {
                q.content
                    .iter()
                    .any(|c| c.start <= at.start && at.end <= c.end)
            })
            .find_map(|q| q.speaker.clone())
            .filter(|a| a.code.is_some());
        if speaker.is_some() {
            return Participant {
                span: at,
                actor: speaker,
            };
        }
    }
    // He/she: the person last named before it.
    if matches!(word.as_str(), "he" | "she" | "him" | "her") {
        let at = doc.tokens[k].span.start;
        if let Some(e) =
            doc.entity_before(at, |e| e.label == EntityType::Person && e.actor.is_some())
        {
            return Participant {
                span: doc.tokens[k].span,
                actor: e.actor.clone(),
            };
        }
    }
    // It/they: the organisation, country or group last named, in this
    // sentence or the one before ("Farc said it will release ...").
    if matches!(word.as_str(), "it" | "they" | "its" | "their" | "them") {
        // A pronoun in a clause under another stands first for that
        // clause's subject ("the mosque was full when it was hit": the
        // mosque, not the group named in the sentence before).
        if let Some(s) = governing_subject(doc, k, range) {
            return Participant {
                span: doc.tokens[k].span,
                actor: participant(doc, s, range).actor,
            };
        }
        let at = doc.tokens[k].span.start;
        let sent = doc.sentences.partition_point(|s| s.span.end <= at);
        let from = doc.sentences[sent.saturating_sub(1)..]
            .first()
            .map_or(0, |s| s.span.start);
        let plural = !matches!(word.as_str(), "it" | "its");
        if let Some(e) = doc.entity_before(at, |e| {
            e.actor.as_ref().is_some_and(|a| a.code.is_some())
                && match e.label {
                    EntityType::Org | EntityType::Gpe => true,
                    EntityType::Agent | EntityType::Norp => plural,
                    _ => false,
                }
        }) {
            if e.span.start >= from {
                return Participant {
                    span: doc.tokens[k].span,
                    actor: e.actor.clone(),
                };
            }
        }
    }
    let tok = doc.tokens[k].span;
    // The phrase: tokens whose head chain reaches k without leaving the sentence,
    // stopping at clauses and conjuncts.
    // A source that is itself an event ("the attack ... killed 13").
    let noun_code = {
        let w = doc.token_text(k).to_lowercase();
        let lemma = wirecode_nlp::lemma(&w, "NOUN", doc.tokens[k].xpos.unwrap_or("NN"));
        let lex = EventLexicon::builtin();
        lex.noun(&lemma).or_else(|| lex.noun(&w))
    };
    let event_head = role == Role::Source && noun_code.is_some();
    // Tokens under a place phrase of a meeting or deal noun ("talks in
    // Astana", "a summit in Zurich"): the place is where, not who. (A
    // protest or an attack in a place is aimed at it.)
    let meeting = noun_code.is_some_and(|c| MEETING_ROOTS.iter().any(|r| c.starts_with(r)));
    let mut located: Vec<usize> = Vec::new();
    let (mut lo, mut hi) = (k, k);
    // Tokens under a locative or other non-"of" modifier ("an attack on a
    // mosque in Iraq"): part of the phrase, but no actor of it.
    let mut aside: Vec<usize> = Vec::new();
    for i in range.clone() {
        let mut x = i;
        let mut under_modifier = false;
        let mut under_place = false;
        for _ in 0..8 {
            if x == k {
                lo = lo.min(i);
                hi = hi.max(i);
                if under_modifier {
                    aside.push(i);
                }
                if under_place {
                    located.push(i);
                }
                break;
            }
            if dep(doc, x) == "nmod" {
                for c in children(doc, x, range).filter(|&c| dep(doc, c) == "case") {
                    let w = doc.token_text(c);
                    under_modifier |=
                        !w.eq_ignore_ascii_case("of") && !w.eq_ignore_ascii_case("by");
                    under_place |= meeting
                        && doc.tokens[x].head == Some(k)
                        && PLACE_PREPOSITIONS.iter().any(|p| w.eq_ignore_ascii_case(p));
                }
            }
            if matches!(
                dep(doc, x),
                "conj" | "acl:relcl" | "acl" | "cc" | "punct" | "appos"
            ) {
                break;
            }
            match doc.tokens[x].head {
                Some(h) if range.contains(&h) => x = h,
                _ => break,
            }
        }
    }
    // The phrase's own preposition is not part of it ("into an attack").
    while lo < k && dep(doc, lo) == "case" && doc.tokens[lo].head == Some(k) {
        lo += 1;
    }
    let phrase = Span::new(doc.tokens[lo].span.start, doc.tokens[hi].span.end);
    let coded = |e: &&wirecode_doc::Entity| e.actor.as_ref().is_some_and(|a| a.code.is_some());
    let head_ent = doc.entities_overlapping(tok).find(coded);
    let rank = |e: &wirecode_doc::Entity| match e.label {
        EntityType::Person => 4,
        EntityType::Agent => 3,
        EntityType::Org => 2,
        _ => 1,
    };
    let inner = doc
        .entities_overlapping(phrase)
        .filter(coded)
        .filter(|e| phrase.contains(&e.span))
        .filter(|e| !(event_head && aside.contains(&doc.token_at(e.span.start))))
        .filter(|e| !located.contains(&doc.token_at(e.span.start)))
        .max_by_key(|e| (rank(e), e.span.end));
    // "Secretary of State John Kerry spoke": a title parsed as the head
    // with the named person in apposition right after it.
    let titled = || {
        let next = hi + 1;
        if next >= range.end {
            return None;
        }
        let at = doc.tokens[next].span.start;
        doc.entities_overlapping(doc.tokens[next].span)
            .filter(coded)
            .find(|e| {
                e.label == EntityType::Person
                    && e.span.start == at
                    && (next..range.end)
                        .take_while(|&j| doc.tokens[j].span.end <= e.span.end)
                        .any(|j| doc.tokens[j].head == Some(k))
            })
    };
    match head_ent.or(inner).or_else(titled) {
        Some(e) => Participant {
            span: e.span,
            actor: e.actor.clone(),
        },
        // A place named at the head ("strikes on Aleppo on Monday"): the
        // place, not the phrase around it.
        None => Participant {
            span: doc
                .entities_overlapping(tok)
                .find(|e| is_place(e))
                .map_or(phrase, |e| e.span),
            actor: None,
        },
    }
}

/// The country a place entity lies in, as an actor (CAMEO codes a city
/// or region by its country: "Aleppo" is SYR); none for a place named
/// like a person.
fn place_country(doc: &Doc, e: &wirecode_doc::Entity) -> Option<ActorRef> {
    let p = e.place.as_ref()?;
    // "police arrested George": a first name is a person's.
    if wirecode_lexicon::People::builtin()
        .is_given_name(&doc.article.text[e.span.start..e.span.end])
    {
        return None;
    }
    (p.country.len() == 3 && p.country.bytes().all(|b| b.is_ascii_uppercase())).then(|| ActorRef {
        id: p.country.clone(),
        name: p.name.clone(),
        code: Some(p.country.clone()),
    })
}

/// The attack a verb of force happened in ("killed in an air strike",
/// "killed in Israeli tank shelling"): an oblique "in" phrase headed by a
/// conflict event noun, a compound one ("air strike") or a noun with one
/// hanging on it.
fn attack_in(
    doc: &Doc,
    lex: &EventLexicon,
    v: usize,
    range: &std::ops::Range<usize>,
) -> Option<usize> {
    let conflict = |name: &str| {
        lex.noun(name)
            .and_then(|c| lex.code(c))
            .is_some_and(|c| c.quad_class == 4)
    };
    let lemma_of = |j: usize| {
        let w = doc.token_text(j).to_lowercase();
        let lemma = wirecode_nlp::lemma(&w, "NOUN", doc.tokens[j].xpos.unwrap_or("NN"));
        let lemma = lemma.into_owned();
        (w, lemma)
    };
    let attack_word = |j: usize| {
        let (w, lemma) = lemma_of(j);
        conflict(&lemma) || conflict(&w)
    };
    let attack = |k: usize| {
        let first = children(doc, k, range)
            .filter(|&j| j < k && dep(doc, j) == "compound")
            .min()
            .unwrap_or(k);
        // "air strike(s)": a dictionary phrase ending at the head.
        let phrase = || {
            let (w, lemma) = lemma_of(k);
            [w, lemma].iter().any(|end| {
                lex.noun_phrases(end).iter().any(|p| {
                    let n = p.words.len();
                    n >= 2
                        && k + 1 >= n
                        && (k + 1 - n..k).zip(&p.words).all(|(j, pw)| {
                            let (w, lemma) = lemma_of(j);
                            &w == pw || &lemma == pw
                        })
                        && lex.code(&p.code).is_some_and(|c| c.quad_class == 4)
                })
            })
        };
        attack_word(k)
            || (first < k && phrase())
            || children(doc, k, range)
                .any(|j| matches!(dep(doc, j), "acl" | "compound") && attack_word(j))
    };
    children(doc, v, range).find(|&k| {
        dep(doc, k).starts_with("obl")
            && children(doc, k, range)
                .any(|c| dep(doc, c) == "case" && doc.token_text(c).eq_ignore_ascii_case("in"))
            && attack(k)
    })
}

/// The "unless" clause hanging on verb `v`, if any ("will boycott the
/// vote unless the president steps down").
fn unless_clause(doc: &Doc, v: usize, range: &std::ops::Range<usize>) -> Option<usize> {
    children(doc, v, range).find(|&c| {
        dep(doc, c) == "advcl"
            && children(doc, c, range)
                .any(|m| dep(doc, m) == "mark" && doc.token_text(m).eq_ignore_ascii_case("unless"))
    })
}

/// How the event is reported.
fn mode_of(doc: &Doc, v: usize, range: &std::ops::Range<usize>, source: Option<&str>) -> Mode {
    let words = Words::get();
    let negated = children(doc, v, range).any(|k| {
        matches!(
            doc.token_text(k).to_lowercase().as_str(),
            "not" | "n't" | "never" | "no"
        ) && matches!(dep(doc, k), "advmod" | "neg" | "det")
    });
    // "continue the war without engaging in talks": not done.
    let without = children(doc, v, range).any(|k| {
        matches!(dep(doc, k), "mark" | "case") && doc.token_text(k).eq_ignore_ascii_case("without")
    });
    if negated || without {
        return Mode::Negated;
    }
    // "if X attacks", "X must withdraw": not a fact.
    if obliged(doc, v, range)
        || children(doc, v, range).any(|k| {
            dep(doc, k) == "mark"
                && matches!(doc.token_text(k).to_lowercase().as_str(), "if" | "unless")
        })
    {
        return Mode::Hypothetical;
    }
    // Walk up through the clauses that embed the verb.
    let mut x = v;
    let mut unrealised = false;
    // Whether the verb reaches this level through infinitives and
    // conjuncts only: an infinitive higher up, past a clause of another
    // kind, governs that clause, not the verb.
    let mut direct = true;
    for _ in 0..4 {
        let d = dep(doc, x);
        let Some(h) = doc.tokens[x].head else { break };
        let hw = doc.token_text(h).to_lowercase();
        // A to-infinitive is done only under a verb that says it was
        // ("managed to free", "began to withdraw"); under "failed to" it
        // was not; asked for, pressed for or aimed at ("asked Y to help",
        // "a trip to mend ties"), it has not happened.
        let infinitive = direct
            && matches!(d, "xcomp" | "advcl" | "acl")
            && children(doc, x, range)
                .any(|m| dep(doc, m) == "mark" && doc.token_text(m).eq_ignore_ascii_case("to"));
        if infinitive {
            let lemma = verb_lemma(doc, h);
            if NOT_DONE.contains(&lemma.as_str()) {
                return Mode::Negated;
            }
            if !DONE.contains(&lemma.as_str()) && !is_intent_word(&lemma) {
                // Not under a reporting passive ("is said to have fired",
                // "was reported to have seized"): that is a claim, below.
                let reported = words.cue(&hw).is_some()
                    && children(doc, h, range)
                        .any(|k| matches!(dep(doc, k), "nsubj:pass" | "aux:pass"));
                // What embeds it may still make it a claim or an intent
                // ("willing to send material to help defend").
                unrealised |= !reported;
            }
        }
        if matches!(d, "ccomp" | "xcomp" | "advcl") {
            // What an actor says of its own acts is not a claim by another.
            let speaker = children(doc, h, range)
                .find(|&k| dep(doc, k) == "nsubj")
                .and_then(|k| participant(doc, k, range).actor)
                .and_then(|a| a.code);
            // "The party said it will boycott the vote": a promise put
            // with a pronoun is the speaker's own.
            let promise = children(doc, v, range).any(|k| {
                dep(doc, k) == "nsubj"
                    && matches!(
                        doc.token_text(k).to_lowercase().as_str(),
                        "it" | "he" | "she" | "we" | "i"
                    )
            }) && children(doc, v, range).any(|k| {
                dep(doc, k) == "aux"
                    && matches!(
                        doc.token_text(k).to_lowercase().as_str(),
                        "will" | "would" | "'ll" | "shall"
                    )
            });
            let own_words = promise || (speaker.is_some() && speaker.as_deref() == source);
            match words.cue(&hw).map(|c| c.kind) {
                _ if own_words => {}
                Some(CueKind::Claim | CueKind::Accuse) => return Mode::Claimed,
                Some(CueKind::Deny) => return Mode::Denied,
                Some(CueKind::Speech) if d == "ccomp" => return Mode::Claimed,
                _ => {}
            }
            if d == "xcomp" && is_intent_word(&verb_lemma(doc, h)) {
                return Mode::Intended;
            }
        }
        if !matches!(d, "ccomp" | "xcomp" | "conj" | "advcl") {
            break;
        }
        direct &= matches!(d, "xcomp" | "conj") || infinitive;
        x = h;
    }
    let aux = |words: &[&str]| {
        children(doc, v, range).any(|k| {
            dep(doc, k) == "aux" && words.contains(&doc.token_text(k).to_lowercase().as_str())
        })
    };
    if aux(&["will", "'ll", "would", "shall", "wo"]) {
        return Mode::Intended;
    }
    if unrealised || aux(&["could", "might", "may"]) {
        return Mode::Hypothetical;
    }
    Mode::Asserted
}

/// True when the act is announced by its actor rather than narrated as
/// future: the complement of an intent word ("vowed to attack", "is willing
/// to withdraw"), or a "will"/"would" clause reported as someone's words
/// ("X said it will release the hostages"). A plain "X will supply arms"
/// keeps the act's own code (with the intended mode), as PETRARCH codes it.
fn announced(doc: &Doc, v: usize, range: &std::ops::Range<usize>) -> bool {
    let mut x = v;
    for _ in 0..4 {
        let d = dep(doc, x);
        let Some(h) = doc.tokens[x].head else { break };
        if d == "xcomp" && is_intent_word(&verb_lemma(doc, h)) {
            return true;
        }
        if d == "ccomp"
            && Words::get()
                .cue(&doc.token_text(h).to_lowercase())
                .is_some()
        {
            return children(doc, v, range).any(|k| {
                dep(doc, k) == "aux"
                    && matches!(
                        doc.token_text(k).to_lowercase().as_str(),
                        "will" | "'ll" | "would"
                    )
            });
        }
        if !matches!(d, "xcomp" | "conj") {
            break;
        }
        x = h;
    }
    false
}

/// The accusation a reported act of force carries: the speaker of the
/// attribution verb the act is the complement of ("X said/claimed that Y
/// attacked Z") accuses the act's source (CAMEO 112), when both are coded
/// actors of different countries or groups.
fn accusation(
    doc: &Doc,
    lex: &EventLexicon,
    v: usize,
    range: &std::ops::Range<usize>,
    act: &Event,
) -> Option<Event> {
    let words = Words::get();
    let mut x = v;
    let cue = loop {
        let d = dep(doc, x);
        let h = doc.tokens[x].head?;
        if matches!(d, "ccomp" | "xcomp") && words.cue(&doc.token_text(h).to_lowercase()).is_some()
        {
            break h;
        }
        if !matches!(d, "conj" | "xcomp" | "ccomp") || x == h {
            return None;
        }
        x = h;
    };
    let speaker = children(doc, cue, range).find(|&k| dep(doc, k) == "nsubj")?;
    let speaker = participant(doc, speaker, range);
    let code = |p: &Participant| p.actor.as_ref().and_then(|a| a.code.clone());
    let accused = act.source.clone()?;
    let (a, b) = (code(&speaker)?, code(&accused)?);
    if a.get(..3) == b.get(..3) {
        return None;
    }
    Some(Event {
        source: Some(speaker),
        target: Some(accused),
        mode: Mode::Asserted,
        date: act.date,
        location: act.location.clone(),
        evidence: act.evidence,
        trigger: Some(doc.tokens[cue].span),
        ..coded(lex.code("112")?)
    })
}

/// True when the verb is future ("will not release") or the complement of
/// an intent word ("did not agree to meet").
fn future_or_intent(doc: &Doc, v: usize, range: &std::ops::Range<usize>) -> bool {
    let future = children(doc, v, range).any(|k| {
        dep(doc, k) == "aux"
            && matches!(
                doc.token_text(k).to_lowercase().as_str(),
                "will" | "'ll" | "would" | "wo"
            )
    });
    future
        || (dep(doc, v) == "xcomp"
            && doc.tokens[v]
                .head
                .is_some_and(|h| is_intent_word(&verb_lemma(doc, h))))
}

/// Lemmas of words whose `to`-complement is an act announced, promised or
/// threatened rather than done ("expects to meet", "is willing to
/// withdraw", "vowed to retaliate").
/// Verbs whose to-infinitive happened ("managed to escape").
const DONE: &[&str] = &[
    "manage", "begin", "start", "continue", "proceed", "resume", "go", "come", "help", "move",
    "get", "use", "happen", "tend", "seem", "appear", "dare", "bother", "remember", "keep",
    // Causatives: "led Jakarta to threaten", "forced the army to withdraw".
    "lead", "cause", "force", "compel", "prompt", "spur", "drive", "oblige",
];

/// Verbs whose to-infinitive did not happen ("failed to reach agreement").
const NOT_DONE: &[&str] = &["fail", "neglect"];

fn is_intent_word(lemma: &str) -> bool {
    matches!(
        lemma,
        "expect"
            | "plan"
            | "intend"
            | "want"
            | "hope"
            | "aim"
            | "seek"
            | "vow"
            | "promise"
            | "pledge"
            | "threaten"
            | "agree"
            | "decide"
            | "offer"
            | "propose"
            | "prepare"
            | "commit"
            | "undertake"
            | "resolve"
            | "be"
            | "willing"
            | "ready"
            | "prepared"
            | "determined"
            | "eager"
            | "keen"
            | "set"
            | "due"
            | "poised"
            | "going"
    )
}

/// The date written in the verb's own clause: a date word whose head chain
/// reaches the verb without crossing another verb.
fn clause_date(doc: &Doc, dates: &[crate::dates::DateMention], v: usize) -> Option<NaiveDate> {
    dates
        .iter()
        .filter(|d| {
            let mut x = d.token;
            for _ in 0..6 {
                match doc.tokens[x].head {
                    Some(h) if h == v => return true,
                    Some(h) if doc.tokens[h].upos == Some("VERB") => return false,
                    Some(h) => x = h,
                    None => return false,
                }
            }
            false
        })
        .min_by_key(|d| d.token.abs_diff(v))
        .map(|d| d.date)
}

/// A city or region named in the sentence, with its coordinates; else a
/// capital or country after a place preposition under the event word `v`
/// (elsewhere they carry actor codes and usually name actors).
fn place_in_sentence(doc: &Doc, range: &std::ops::Range<usize>, v: usize) -> Option<Place> {
    let span = Span::new(
        doc.tokens[range.start].span.start,
        doc.tokens[range.end - 1].span.end,
    );
    let inside = || {
        doc.entities_overlapping(span)
            .filter(|e| span.contains(&e.span))
    };
    inside()
        .filter(|e| e.actor.is_none())
        .find_map(|e| e.place.clone())
        .or_else(|| {
            // "talks in Beirut", "fighting near Damascus": after a place
            // preposition a capital or country is where it happened.
            inside()
                .filter(|e| {
                    let first = doc.token_at(e.span.start);
                    first > range.start
                        && governed_by(doc, first, v)
                        && PLACE_PREPOSITIONS
                            .iter()
                            .any(|p| doc.token_text(first - 1).eq_ignore_ascii_case(p))
                })
                .find_map(|e| e.place.clone())
        })
}

/// Whether token `k` hangs under the event word `v` within a few arcs
/// ("talks [in Beirut]"), not inside its subject ("the commander [in Iraq]
/// held talks").
fn governed_by(doc: &Doc, k: usize, v: usize) -> bool {
    let mut at = k;
    for _ in 0..4 {
        let Some(h) = doc.tokens[at].head else {
            return false;
        };
        if h == v {
            return true;
        }
        if dep(doc, at).starts_with("nsubj") || dep(doc, h).starts_with("nsubj") {
            return false;
        }
        at = h;
    }
    false
}

/// CAMEO roots of meetings, agreements and cooperation: a place named with
/// them ("met in Damascus", "talks in Astana") is where, not whom.
const MEETING_ROOTS: &[&str] = &["03", "04", "05", "06"];

/// Prepositions before a place where an event happens ("to" is left out:
/// "support to Lebanon" names a recipient).
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "near", "outside", "inside"];

/// The place the story is about: the most mentioned city or region.
fn story_place(doc: &Doc) -> Option<Place> {
    // (place, mentions, first mention's start)
    let mut counts: Vec<(&Place, usize, usize)> = Vec::new();
    for e in doc.entities.iter().filter(|e| e.actor.is_none()) {
        if let Some(p) = &e.place {
            match counts
                .iter_mut()
                .find(|(q, _, _)| q.geonameid == p.geonameid)
            {
                Some(c) => c.1 += 1,
                None => counts.push((p, 1, e.span.start)),
            }
        }
    }
    // The place named most, the first named on a tie; a place named once
    // is the story's only when the lead names it (not a village named in
    // passing at the end).
    let lead_end = doc
        .sentences
        .get(1)
        .or(doc.sentences.first())
        .map_or(0, |s| s.span.end);
    counts.retain(|(_, n, at)| *n >= 2 || *at < lead_end);
    counts
        .iter()
        .max_by_key(|(_, n, at)| (*n, std::cmp::Reverse(*at)))
        .map(|(p, _, _)| Place {
            span: None,
            ..(*p).clone()
        })
}
