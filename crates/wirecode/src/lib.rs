//! The wirecode pipeline as a library: one [`Pipeline`] runs every stage
//! over an [`Article`] and returns the annotated [`Doc`]:
//!
//! text -> paragraphs, sentences, tokens ([`wirecode_text`]) -> tags and
//! dependency parse ([`syntax`], models from [`wirecode_nlp`]) -> entities and
//! actors -> quotes ([`wirecode_extract`]) -> output ([`wirecode_output`]).
//!
//! The CLI, the evaluations and the benchmarks all go through this type, so
//! what is measured is what users run.

pub mod syntax;

pub use wirecode_doc as doc;
pub use wirecode_extract as extract;
pub use wirecode_input as input;
pub use wirecode_lexicon as lexicon;
pub use wirecode_nlp as nlp;
pub use wirecode_output as output;
pub use wirecode_text as text;

use wirecode_doc::{Article, Doc};
use wirecode_lexicon::{ActorLexicon, EventLexicon, Gazetteer};

/// Settings for building a pipeline.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// User actor dictionaries (`surface<TAB>code<TAB>kind`) that override built-in entries.
    pub actor_files: Vec<String>,
    /// Skip the tagger and parser (faster; stages fall back to surface patterns).
    pub no_syntax: bool,
}

/// All stages, loaded once and shared by every thread.
pub struct Pipeline {
    actors: &'static ActorLexicon,
    places: &'static Gazetteer,
    events: &'static EventLexicon,
    models: Option<&'static syntax::Models>,
}

impl Pipeline {
    /// Loads dictionaries (and models) once.
    pub fn new(opts: &PipelineOptions) -> Result<Pipeline, String> {
        let actors = if opts.actor_files.is_empty() {
            ActorLexicon::builtin()
        } else {
            // Built once per process by the CLI; leaking keeps stages `'static` and cheap to share.
            Box::leak(Box::new(ActorLexicon::with_user_files(&opts.actor_files)?))
        };
        let models = if opts.no_syntax {
            None
        } else {
            Some(syntax::Models::builtin()?)
        };
        Ok(Pipeline {
            actors,
            places: Gazetteer::builtin(),
            events: EventLexicon::builtin(),
            models,
        })
    }

    /// Codes one article: every stage, in order.
    pub fn code(&self, article: Article) -> Doc {
        self.code_timed(article, &mut StageTimes::default())
    }

    /// Codes one article and adds each stage's time to `times` (for benchmarks).
    pub fn code_timed(&self, article: Article, times: &mut StageTimes) -> Doc {
        let mut doc = Doc::new(article);
        let mut clock = std::time::Instant::now();
        let mut lap = |slot: &mut f64| {
            let now = std::time::Instant::now();
            *slot += (now - clock).as_secs_f64();
            clock = now;
        };
        wirecode_text::segment(&mut doc);
        lap(&mut times.segment);
        if let Some(m) = self.models {
            syntax::annotate(&mut doc, m);
        }
        lap(&mut times.syntax);
        let hints = match self.models {
            Some(m) => syntax::ner_hints(&doc, m),
            None => Vec::new(),
        };
        lap(&mut times.ner);
        wirecode_extract::entities::find_entities_with_hints(&mut doc, self.actors, &hints);
        wirecode_extract::resolve_places(&mut doc, self.places);
        lap(&mut times.entities);
        wirecode_extract::find_quotes(&mut doc);
        lap(&mut times.quotes);
        wirecode_extract::find_events(&mut doc, self.events);
        lap(&mut times.events);
        doc
    }
}

/// Seconds spent in each stage, summed over the articles coded.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    /// Paragraphs, tokens, sentences.
    pub segment: f64,
    /// Tagger and parser.
    pub syntax: f64,
    /// The statistical entity recogniser.
    pub ner: f64,
    /// Entities, actors and places.
    pub entities: f64,
    /// Quotes and attributions.
    pub quotes: f64,
    /// Events with dates and places.
    pub events: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default pipeline, loaded once for every test.
    fn pipeline() -> &'static Pipeline {
        static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        P.get_or_init(|| Pipeline::new(&PipelineOptions::default()).unwrap())
    }

    /// The actor code of an event's side, if it has one.
    fn code_of(p: &Option<doc::Participant>) -> Option<String> {
        p.as_ref().and_then(|p| p.actor.as_ref()?.code.clone())
    }

    /// `text` coded by the default pipeline, published on `(y, m, d)` if given.
    fn coded(text: &str, published: Option<(i32, u32, u32)>) -> Doc {
        pipeline().code(Article {
            id: "t".into(),
            text: text.into(),
            published: published.and_then(|(y, m, d)| doc::NaiveDate::from_ymd_opt(y, m, d)),
            ..Default::default()
        })
    }

    #[test]
    fn codes_an_article_end_to_end() {
        let doc = coded(
            "\"We will stay until the very end,\" Foreign Minister Amara Diallo said in Bamako.",
            None,
        );
        assert_eq!(doc.quotes.len(), 1);
        assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().name, "Amara Diallo");
        assert!(doc.entities.iter().any(|e| doc.slice(e.span) == "Bamako"));
        // The parser makes "Diallo" the subject of "said" (UD: parataxis of the quote).
        let said = doc
            .tokens
            .iter()
            .position(|t| doc.slice(t.span) == "said")
            .unwrap();
        assert_eq!(doc.tokens[said].upos, Some("VERB"));
        let subj = doc
            .tokens
            .iter()
            .find(|t| t.head == Some(said) && t.dep == Some("nsubj"))
            .map(|t| doc.slice(t.span));
        assert!(
            matches!(subj, Some("Minister" | "Amara" | "Diallo")),
            "{subj:?}"
        );
    }

    #[test]
    fn a_name_ending_in_an_organisation_word_is_an_organisation() {
        for (text, name) in [
            ("Shares in Kia Motor Corp rose on Friday.", "Kia Motor Corp"),
            ("Analysts said the market would recover.", ""),
        ] {
            let doc = coded(text, None);
            let labels: Vec<(String, doc::EntityType)> = doc
                .entities
                .iter()
                .map(|e| (doc.slice(e.span).to_string(), e.label))
                .collect();
            if name.is_empty() {
                assert!(
                    labels.iter().all(|(_, l)| *l != doc::EntityType::Person),
                    "{labels:?}"
                );
            } else {
                assert!(
                    labels.contains(&(name.to_string(), doc::EntityType::Org)),
                    "{labels:?}"
                );
            }
        }
    }

    #[test]
    fn reported_speech_through_the_parse() {
        let doc = coded("Russian Foreign Minister Sergei Lavrov spoke on Monday. He claimed that US diplomats refused to attend another meeting. The talks will resume next week, according to a senior official.", None);
        let q: Vec<(doc::QuoteKind, String, Option<String>, Option<String>)> = doc
            .quotes
            .iter()
            .map(|q| {
                (
                    q.kind,
                    q.content
                        .iter()
                        .map(|s| doc.slice(*s))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    q.source.map(|s| doc.slice(s).to_string()),
                    q.speaker.as_ref().map(|a| a.name.clone()),
                )
            })
            .collect();
        assert!(
            q.iter().any(|(k, c, s, sp)| *k == doc::QuoteKind::Indirect
                && c.contains("US diplomats refused to attend another meeting")
                && s.as_deref() == Some("He")
                && sp.as_deref().is_some_and(|n| n.contains("Lavrov"))),
            "{q:?}"
        );
        assert!(
            q.iter()
                .any(|(_, c, s, _)| c.contains("The talks will resume next week")
                    && s.as_deref().is_some_and(|s| s.contains("official"))),
            "{q:?}"
        );
    }

    #[test]
    fn events_with_modes_dates_and_places() {
        let doc = coded("Russia and China vetoed the resolution on Monday. Government forces did not attack Homs. Foreign Minister Amara Diallo expects to meet with Sergei Lavrov next week.", Some((2016, 12, 6)));
        let ev: Vec<(&str, Option<&str>, doc::Mode, String)> = doc
            .events
            .iter()
            .map(|e| {
                (
                    e.code.as_str(),
                    e.source
                        .as_ref()
                        .and_then(|s| s.actor.as_ref())
                        .and_then(|a| a.code.as_deref()),
                    e.mode,
                    e.date.map(|d| d.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        // Compound subjects: one veto each, dated to the Monday before publication.
        assert!(
            ev.contains(&("129", Some("RUS"), doc::Mode::Asserted, "2016-12-05".into())),
            "{ev:?}"
        );
        assert!(
            ev.contains(&("129", Some("CHN"), doc::Mode::Asserted, "2016-12-05".into())),
            "{ev:?}"
        );
        assert!(
            ev.iter()
                .any(|e| e.0.starts_with("19") && e.2 == doc::Mode::Negated),
            "{ev:?}"
        );
        assert!(
            ev.iter()
                .any(|e| e.0 == "036" && e.2 == doc::Mode::Intended),
            "{ev:?}"
        );
        let veto = doc.events.iter().find(|e| e.code == "129").unwrap();
        assert_eq!(veto.quad_class, 3);
        assert_eq!(veto.name, "Veto");
    }

    #[test]
    fn nominal_events() {
        let doc = coded(
            "Russia's veto of the resolution angered Washington. Talks with Iran resumed.",
            Some((2016, 12, 6)),
        );
        let codes = |e: &doc::Event| (e.code.clone(), code_of(&e.source), code_of(&e.target));
        let ev: Vec<_> = doc.events.iter().map(codes).collect();
        assert!(
            ev.contains(&("129".into(), Some("RUS".into()), None)),
            "{ev:?}"
        );
        assert!(
            ev.iter()
                .any(|(c, _, t)| c.starts_with("04") && t.as_deref() == Some("IRN")),
            "{ev:?}"
        );
    }

    /// "Secretary of State John Kerry met ...": the parse may head the
    /// subject on the title; the named person is still the source.
    #[test]
    fn a_title_before_a_name_is_the_named_source() {
        let doc = coded("Secretary of State John Kerry spoke of recent discussions with rebel groups on Tuesday.", Some((2016, 12, 6)));
        let src: Vec<_> = doc.events.iter().map(|e| code_of(&e.source)).collect();
        assert!(
            !src.is_empty() && src.iter().all(|s| s.as_deref() == Some("USAGOV")),
            "{src:?}"
        );
    }

    /// "Eight people were killed in an air strike by government forces in
    /// Aleppo": the attack's author did the killing, and the people killed
    /// are civilians of the place named.
    #[test]
    fn killed_in_an_attack_by_someone() {
        let doc = coded("Syrian rebels held the east of the city. Eight people were killed in an air strike by government forces in Aleppo.", Some((2016, 12, 6)));
        let ev: Vec<_> = doc
            .events
            .iter()
            .map(|e| (e.code.clone(), code_of(&e.source), code_of(&e.target)))
            .collect();
        assert!(
            ev.iter().any(|(c, s, t)| c.starts_with("19")
                && s.as_deref() == Some("SYRMIL")
                && t.as_deref() == Some("SYRCVL")),
            "{ev:?}"
        );
    }

    /// "without engaging in talks" is not done; "of their own accord" is no
    /// accord; "fed its determination" feeds no one.
    #[test]
    fn without_idioms_and_figurative_objects() {
        let doc = coded("The Syrian government continued the war without engaging in talks with the rebels. \
                   Those who refuse to leave of their own accord will be wiped out, Russian Foreign Minister Sergei Lavrov said. \
                   The victory will feed the regime's determination.", Some((2016, 12, 6)));
        let ev: Vec<(String, doc::Mode)> = doc
            .events
            .iter()
            .map(|e| (e.code.clone(), e.mode))
            .collect();
        assert!(ev.contains(&("046".into(), doc::Mode::Negated)), "{ev:?}");
        assert!(!ev.iter().any(|(c, _)| c == "057" || c == "073"), "{ev:?}");
    }

    /// "the minister" resolves to the one named before; "the report" is
    /// nobody; a place the source is located in is no speaker.
    #[test]
    fn descriptions_resolve_only_when_they_name_a_role() {
        let doc = coded("Foreign Minister Sergei Lavrov spoke in Moscow. \"We will not leave,\" the minister said. \
                   \"The talks failed,\" the report said. \
                   \"The water is salty,\" said a farmer in the Sedhiou Region.", Some((2016, 12, 6)));
        let speaker = |start: &str| {
            doc.quotes
                .iter()
                .find(|q| doc.slice(q.content[0]).starts_with(start))
                .map(|q| q.speaker.as_ref().and_then(|a| a.code.clone()))
        };
        assert_eq!(
            speaker("We will"),
            Some(Some("RUSGOV".into())),
            "{:?}",
            doc.quotes
        );
        assert_eq!(speaker("The talks"), Some(None), "{:?}", doc.quotes);
        // A relative pronoun speaks for the noun its clause modifies.
        let doc2 = coded("Russian Foreign Minister Sergei Lavrov, who accused Washington of lying, said the talks had failed.", Some((2016, 12, 6)));
        let who = doc2
            .quotes
            .iter()
            .find(|q| q.source.is_some_and(|s| doc2.slice(s) == "who"))
            .and_then(|q| q.speaker.as_ref()?.code.clone());
        assert_eq!(who.as_deref(), Some("RUSGOV"), "{:?}", doc2.quotes);
        // The farmer (Russia's in this story), not the region.
        let farmer = speaker("The water").flatten();
        assert!(
            farmer.is_some_and(|c| c.ends_with("AGR")),
            "{:?}",
            doc.quotes
        );
    }

    /// A city before an agent gives the agent its country, also when the
    /// model read the two as one organisation name.
    #[test]
    fn a_city_before_an_agent_is_its_country() {
        let doc = coded("Shanghai police arrested three men on Monday.", None);
        let police = doc.entities.iter().find(|e| doc.slice(e.span) == "police");
        let code = police.and_then(|e| e.actor.as_ref()?.code.clone());
        assert_eq!(code.as_deref(), Some("CHNCOP"), "{:?}", doc.entities);
    }

    /// "..., killing eight people, Syrian state media reported": the
    /// reporter the parse joined to the victims is no target.
    #[test]
    fn the_reporter_is_no_participant() {
        let doc = coded("Insurgents bombarded a government-held part of Syria's second city Aleppo overnight, killing at least eight people, Syrian state media reported", Some((2016, 12, 6)));
        let targets: Vec<_> = doc
            .events
            .iter()
            .filter_map(|e| e.target.as_ref().map(|t| doc.slice(t.span).to_string()))
            .collect();
        assert!(!targets.is_empty(), "{:?}", doc.events);
        assert!(!targets.iter().any(|t| t.contains("media")), "{targets:?}");
    }

    /// "Xi Jinping ... Xi": a Chinese name's family name comes first.
    #[test]
    fn a_family_name_written_first_links_to_the_full_name() {
        let doc = coded(
            "Chinese President Xi Jinping met Joe Biden. Xi warned Biden about Taiwan.",
            Some((2022, 11, 14)),
        );
        let xi = doc.entities.iter().find(|e| doc.slice(e.span) == "Xi");
        let code = xi.and_then(|e| e.actor.as_ref()?.code.clone());
        assert_eq!(code.as_deref(), Some("CHNGOV"), "{:?}", doc.entities);
    }

    /// An event needs someone an analyst could count on one side: "my brain
    /// fed my soul" and "we will help" with no speaker to stand for "we" are
    /// left out; the same verbs between named actors are coded.
    #[test]
    fn events_need_an_actor() {
        let codes = |text: &str| -> Vec<String> {
            coded(text, Some((2016, 12, 6)))
                .events
                .iter()
                .map(|e| e.code.clone())
                .collect()
        };
        assert!(codes("My enlightened brain has fed my soul.").is_empty());
        assert!(codes("We will do all we can to help rectify the problem.").is_empty());
        let named = codes("Japan will help Indonesia rebuild the port.");
        assert!(named.iter().any(|c| c.starts_with("07")), "{named:?}");
        // "We" in a quotation is the speaker's side.
        let doc = coded("\"We will help Syria rebuild its schools,\" Russian Foreign Minister Sergei Lavrov said.", Some((2016, 12, 6)));
        let src: Vec<_> = doc
            .events
            .iter()
            .map(|e| (e.code.clone(), code_of(&e.source)))
            .collect();
        assert!(
            src.iter()
                .any(|(c, s)| c.starts_with("07") && s.as_deref() == Some("RUSGOV")),
            "{src:?}"
        );
    }

    /// Phrases of several words ("call for a ceasefire", "air strikes"), a
    /// hyphenated noun split by the tokeniser, and an event noun that is the
    /// subject of another coded verb.
    #[test]
    fn noun_phrases_and_hyphens() {
        let doc = coded(
            "Syria's call for a ceasefire was ignored. Israel's cease-fire with Hamas held. \
                   Russia's air strikes on Idlib killed ten people.",
            Some((2016, 12, 6)),
        );
        let codes: Vec<(String, Option<String>)> = doc
            .events
            .iter()
            .map(|e| (e.code.clone(), code_of(&e.source)))
            .collect();
        for want in [("0256", "SYR"), ("0871", "ISR"), ("195", "RUS")] {
            assert!(
                codes.contains(&(want.0.into(), Some(want.1.into()))),
                "{want:?} in {codes:?}"
            );
        }
    }

    /// The events of one invented text with no publication date.
    fn events_of(text: &str) -> Vec<doc::Event> {
        coded(text, None).events
    }

    /// The actor code of one side of the first event whose code starts
    /// with one of `roots`.
    fn side_code(
        events: &[doc::Event],
        roots: &[&str],
        side: fn(&doc::Event) -> &Option<doc::Participant>,
    ) -> Option<String> {
        events
            .iter()
            .find(|e| roots.iter().any(|r| e.code.starts_with(r)))
            .and_then(|e| side(e).as_ref()?.actor.as_ref()?.code.clone())
    }

    /// Several actors on one side: "X and Y met" is each meeting the other;
    /// "US and British activists" are two actors; a place after "met in" is
    /// where, not whom; a participle after a comma keeps the main subject
    /// ("held talks with X during a visit, offering aid").
    #[test]
    fn a_bodys_word_then_of_names_an_organisation() {
        let d = coded(
            "The Nigerian Union of Teachers (NUT) announced Thursday that it has called off a strike.",
            None,
        );
        let e = d
            .entities
            .iter()
            .find(|e| d.article.text[e.span.start..e.span.end].ends_with("Union of Teachers"))
            .expect("entity");
        assert_eq!(e.label, doc::EntityType::Org);
        let q = &d.quotes[0];
        let src = q.source.expect("source");
        assert_eq!(
            &d.article.text[src.start..src.end],
            "The Nigerian Union of Teachers (NUT)"
        );
    }

    #[test]
    fn observers_event_nouns_and_local_bodies() {
        // The reporter of shelling did not shell.
        let reported = events_of("Journalists in Aleppo reported heavy shelling on Monday.");
        assert!(
            reported.iter().all(|e| !e.code.starts_with("19")),
            "{reported:?}"
        );
        // The strikes are the event; Aleppo, what they hit, the target.
        let strikes = events_of("Syrian forces carried out air strikes on Aleppo on Monday.");
        let e = strikes.iter().find(|e| e.code == "195").expect("195");
        let target = e.target.as_ref().expect("target");
        let text = "Syrian forces carried out air strikes on Aleppo on Monday.";
        assert_eq!(&text[target.span.start..target.span.end], "Aleppo");
        // Police in Kabul are Afghan; the time is no part of the speaker.
        let d = coded(
            "A State Department spokesperson on Wednesday said the report was late. \
             Police in Kabul on Monday said two people died.",
            None,
        );
        let sources: Vec<String> = d
            .quotes
            .iter()
            .filter_map(|q| q.source.map(|s| d.article.text[s.start..s.end].to_string()))
            .collect();
        assert_eq!(
            sources,
            vec!["A State Department spokesperson", "Police in Kabul"]
        );
        assert_eq!(
            d.quotes[1].speaker.as_ref().and_then(|a| a.code.as_deref()),
            Some("AFGCOP")
        );
    }

    #[test]
    fn reduced_relatives_and_people_called_on_to_act() {
        let span = |text: &str, p: &Option<wirecode_doc::Participant>| {
            p.as_ref()
                .map(|p| text[p.span.start..p.span.end].to_string())
        };
        // The report is what was released, not who released persons.
        let text = "A 500-page report released Tuesday in the Rwandan capital alleged that \
                    France was aware of preparations for the genocide.";
        let evs = events_of(text);
        assert!(!evs.iter().any(|e| e.code == "0841"), "{evs:?}");
        // Whoever is called on to act does the act; a second verb joined to
        // the first verb's object shares its subject.
        let text =
            "The Egyptian minister welcomed the truce and called on Hamas to stop the attacks.";
        let evs = events_of(text);
        let call = evs.iter().find(|e| e.code == "020").expect("020");
        assert_eq!(span(text, &call.source).as_deref(), Some("minister"));
        let stop = evs
            .iter()
            .find(|e| e.trigger.is_some_and(|t| &text[t.start..t.end] == "stop"))
            .expect("the stop event");
        assert_eq!(span(text, &stop.source).as_deref(), Some("Hamas"));
    }

    #[test]
    fn headline_participles_and_far_target_phrases() {
        let span = |text: &str, p: &Option<wirecode_doc::Participant>| {
            p.as_ref()
                .map(|p| text[p.span.start..p.span.end].to_string())
        };
        // A quote mark opening a headline phrase is no possessive, and the
        // noun a present participle modifies does what it says.
        let text = "Syrian rebels 'discussing evacuation' of Aleppo with US";
        let head = events_of(text);
        let e = head.iter().find(|e| e.code == "046").expect("046");
        assert_eq!(span(text, &e.source).as_deref(), Some("rebels"));
        assert_eq!(span(text, &e.target).as_deref(), Some("US"));
        // The "with" phrase of a negotiation is its target however far it
        // stands; the topic's actors are not.
        let text = "Rebels are discussing the possible surrender and evacuation of \
                    forces from besieged East Aleppo with US diplomats.";
        let talks: Vec<_> = events_of(text)
            .into_iter()
            .filter(|e| e.code == "046")
            .collect();
        assert_eq!(talks.len(), 1, "{talks:?}");
        assert_eq!(span(text, &talks[0].target).as_deref(), Some("diplomats"));
        // A gerund after a preposition has no noun doing it.
        let text = "The accord follows weeks of negotiating with Walsh.";
        assert!(events_of(text)
            .iter()
            .all(|e| span(text, &e.source).as_deref() != Some("weeks")));
    }

    #[test]
    fn places_as_targets_and_regions_with_a_countrys_name() {
        // A town as a target stands for its country.
        let shelled = events_of("Government forces shelled Aleppo on Monday.");
        let e = shelled
            .iter()
            .find(|e| e.code.starts_with("19"))
            .expect("19x");
        assert_eq!(code_of(&e.target).as_deref(), Some("SYR"), "{e:?}");
        // "Latin America" is a region, not the United States.
        let d = coded("Trade with Latin America grew last year.", None);
        assert!(
            d.entities
                .iter()
                .all(|e| e.actor.as_ref().and_then(|a| a.code.as_deref()) != Some("USA")),
            "{:?}",
            d.entities
        );
    }

    #[test]
    fn headings_in_capitals_name_regions_and_the_storys_people() {
        let d = coded(
            "REAGAN SEEKS MORE AID FOR CENTRAL AMERICA\n\n\
             President Reagan said aid to Central American democracies was working.\n",
            Some((1987, 3, 1)),
        );
        let code = |s: &str| {
            d.entities
                .iter()
                .find(|e| &d.article.text[e.span.start..e.span.end] == s)
                .and_then(|e| e.actor.as_ref())
                .and_then(|a| a.code.clone())
        };
        assert_eq!(
            code("REAGAN").as_deref(),
            Some("USAGOV"),
            "{:?}",
            d.entities
        );
        assert_eq!(code("Central American").as_deref(), Some("LAM"));
        assert!(code("AMERICA").is_none(), "{:?}", d.entities);
    }

    #[test]
    fn a_surname_and_a_pronoun_find_the_storys_own_people() {
        let text = "Brown shrugs off economy fears\n\n\
                    Gordon Brown is to freeze petrol duty increases.\n\n\
                    Vincent Cable, for the Liberal Democrats, accused Mr Brown of ducking \
                    tough choices.\n\nHe said: \"This week the chancellor has offered the \
                    economics of complacency.\"\n";
        let d = coded(text, None);
        let brown = d
            .entities
            .iter()
            .find(|e| e.span.start == 0)
            .and_then(|e| e.actor.as_ref())
            .map(|a| a.name.clone());
        assert_eq!(brown.as_deref(), Some("Gordon Brown"), "{:?}", d.entities);
        // "He" is the one who accused, not the one accused.
        let q = d
            .quotes
            .iter()
            .find(|q| q.kind == doc::QuoteKind::Direct)
            .expect("direct quote");
        assert_eq!(
            q.speaker.as_ref().map(|a| a.name.as_str()),
            Some("Vincent Cable"),
            "{:?}",
            d.quotes
        );
    }

    #[test]
    fn the_person_a_source_phrase_is_headed_by_speaks() {
        let text = "Lib Dem home affairs spokesman Mark Oaten said the plans were unworkable.";
        let d = coded(text, None);
        let q = d.quotes.first().expect("quote");
        assert_eq!(
            q.speaker.as_ref().map(|a| a.name.as_str()),
            Some("Mark Oaten"),
            "{:?} {:?}",
            d.quotes,
            d.entities
        );
    }

    #[test]
    fn what_another_must_do_is_a_demand() {
        let text = "Russia said on Tuesday that Sudan must return the helicopter.";
        let events = events_of(text);
        let demand = events.iter().find(|e| e.code == "100").expect("100");
        assert_eq!(code_of(&demand.source).as_deref(), Some("RUS"));
        assert_eq!(code_of(&demand.target).as_deref(), Some("SDN"));
        assert_eq!(demand.mode, doc::Mode::Asserted);
        // The return itself has not happened.
        let ret = events
            .iter()
            .find(|e| e.code.starts_with("084"))
            .expect("084x");
        assert_eq!(ret.mode, doc::Mode::Hypothetical);
        // One's own duty is no demand.
        let own = events_of("Russia said it must protect its citizens.");
        assert!(own.iter().all(|e| e.code != "100"), "{own:?}");
    }

    #[test]
    fn an_act_promised_unless_the_other_gives_way_is_an_ultimatum() {
        let events = events_of(
            "Nigeria announced that it will withdraw its troops from Chad unless \
             the president holds elections.",
        );
        let e = events.iter().find(|e| e.code == "139").expect("139");
        assert_eq!(code_of(&e.source).as_deref(), Some("NGA"));
        assert_eq!(code_of(&e.target).as_deref(), Some("TCD"));
        assert_eq!(e.mode, doc::Mode::Asserted);
        // Without the condition it stays a promise.
        let plain = events_of("Nigeria announced that it will withdraw its troops from Chad.");
        assert!(plain.iter().all(|e| e.code != "139"), "{plain:?}");
    }

    #[test]
    fn a_passive_verb_takes_no_subject_from_the_clause_above() {
        let text = "Kigali said it hoped French officials would be indicted for war crimes.";
        let events = events_of(text);
        assert!(
            events
                .iter()
                .filter(|e| e.code.starts_with("17"))
                .all(|e| e.source.is_none()),
            "{events:?}"
        );
    }

    #[test]
    fn a_recipient_before_the_thing_given_is_the_target() {
        let events = events_of("Japan gave Vietnam a loan of 10 million dollars.");
        let e = events.iter().find(|e| e.code == "071").expect("071");
        assert_eq!(code_of(&e.source).as_deref(), Some("JPN"));
        assert_eq!(code_of(&e.target).as_deref(), Some("VNM"));
        let events = events_of("Iran sent Hezbollah weapons.");
        let e = events.iter().find(|e| e.code == "072").expect("072");
        assert_eq!(code_of(&e.target).as_deref(), Some("LBNREB"));
        // Two objects that are no recipient and a thing give no target.
        let events = events_of("Pakistan agreed to supply eight Hangor Class submarines.");
        assert!(
            events.iter().all(|e| !e.code.starts_with("06")),
            "{events:?}"
        );
    }

    #[test]
    fn the_soviet_union_is_coded_as_its_successor_state() {
        let d = coded(
            "The Soviet Union supports the freedom of navigation in the Gulf.",
            None,
        );
        let su = d
            .entities
            .iter()
            .find(|e| &d.article.text[e.span.start..e.span.end] == "Soviet Union")
            .expect("entity");
        assert_eq!(
            su.actor.as_ref().and_then(|a| a.code.as_deref()),
            Some("RUS")
        );
    }

    #[test]
    fn a_family_name_written_first_is_the_person_named_in_full() {
        let text = "Shen Dong, 31, was parking his car on Tuesday.\n\
                    The girl fell, but Shen caught her, according to a video released \
                    by local police on Wednesday.\n\n\
                    Shen, who works at a nearby bank, called emergency personnel.\n\
                    He said he did not realise it was a child.\n";
        let d = coded(text, Some((2022, 7, 20)));
        let said = d
            .quotes
            .iter()
            .find(|q| q.cue.is_some_and(|c| &text[c.start..c.end] == "said"))
            .expect("said");
        // He is Shen Dong, named last, not the police cited before.
        assert_eq!(
            said.speaker.as_ref().map(|a| a.name.as_str()),
            Some("Shen Dong"),
            "{:?}",
            d.quotes
        );
    }

    #[test]
    fn an_infinitive_happened_only_under_a_verb_that_says_so() {
        let mode = |text: &str, code: &str| {
            events_of(text)
                .into_iter()
                .find(|e| e.code.starts_with(code))
                .map(|e| e.mode)
        };
        // Asked for: not done.
        assert_eq!(
            mode("Congress asked the army to attack the rebels.", "19"),
            Some(doc::Mode::Hypothetical)
        );
        // Managed: done. Failed: not done.
        assert_eq!(
            mode("The rebels managed to seize the airport.", "192"),
            Some(doc::Mode::Asserted)
        );
        assert_eq!(
            mode(
                "Israel and the Palestinians failed to reach agreement.",
                "03"
            ),
            Some(doc::Mode::Negated)
        );
    }

    #[test]
    fn mutual_events_and_shared_modifiers() {
        let pairs = |text: &str, root: &str| -> Vec<(Option<String>, Option<String>)> {
            events_of(text)
                .iter()
                .filter(|e| e.code.starts_with(root))
                .map(|e| (code_of(&e.source), code_of(&e.target)))
                .collect()
        };
        let s = |c: &str| Some(c.to_string());
        let signed = pairs("Russia and Turkey signed a trade deal on Monday.", "05");
        assert!(signed.contains(&(s("RUS"), s("TUR"))), "{signed:?}");
        assert!(signed.contains(&(s("TUR"), s("RUS"))), "{signed:?}");
        let clashed = pairs(
            "Israeli troops and Palestinian gunmen clashed in Hebron on Friday.",
            "19",
        );
        assert_eq!(clashed.len(), 2, "{clashed:?}");
        assert!(clashed
            .iter()
            .all(|(a, b)| a.is_some() && b.is_some() && a != b));
        let protest = pairs(
            "US and British activists staged a protest in Beijing on Wednesday.",
            "14",
        );
        for want in ["USAOPP", "GBROPP"] {
            assert!(
                protest.iter().any(|p| p.0 == s(want)),
                "{want}: {protest:?}"
            );
        }
        let met = events_of("Russian and Syrian officials met in Damascus on Monday.");
        let met: Vec<&doc::Event> = met.iter().filter(|e| e.code.starts_with("04")).collect();
        assert!(
            met.iter().all(|e| code_of(&e.target) != s("SYR")),
            "{met:?}"
        );
        assert!(
            met.iter().any(|e| code_of(&e.source) == s("RUSGOV")
                && code_of(&e.target) == s("SYRGOV")
                && e.location.as_ref().is_some_and(|l| l.name == "Damascus")),
            "{met:?}"
        );
        let visit = events_of(
            "The US commander, General David Petraeus, held talks with President Michel \
             Suleiman during a surprise visit to Beirut on Wednesday, offering further \
             military support to Lebanon.",
        );
        for root in ["04", "03"] {
            assert!(
                visit
                    .iter()
                    .filter(|e| e.code.starts_with(root))
                    .all(|e| code_of(&e.source) == s("USAMIL")),
                "{root}: {visit:?}"
            );
        }
    }

    /// `+obj` lines need a direct object ("returned the statue to Y", not
    /// "returned to Y"); a required word in another clause does not count
    /// ("rejected the results, claiming fraud" is a rejection, not a denial).
    #[test]
    fn verb_pattern_object_and_clause() {
        let code = |text: &str| -> Vec<String> {
            events_of(text).iter().map(|e| e.code.clone()).collect()
        };
        let given =
            code("The United States returned an ancient statue to the government of Italy.");
        assert!(given.iter().any(|c| c == "0842"), "{given:?}");
        let went = code("The French president returned to Paris on Monday after the summit.");
        assert!(!went.iter().any(|c| c.starts_with("084")), "{went:?}");
        let rejected = code(
            "The opposition party rejected the election results on Monday, claiming that the vote was rigged.",
        );
        assert!(rejected.iter().any(|c| c == "120"), "{rejected:?}");
        assert!(!rejected.iter().any(|c| c == "016"), "{rejected:?}");
        // The "to" of "according to" is no destination of "flying".
        let flying = code(
            "Iraqi air force planes were flying in the area, according to the Associated Press.",
        );
        assert!(!flying.iter().any(|c| c == "042"), "{flying:?}");
        // "give * in" needs the verb's own particle, not a later "in".
        let given = code("The container was given by Joseph Milligan in 1851.");
        assert!(!given.iter().any(|c| c == "080"), "{given:?}");
        let yielded = code("The Iraqi government gave in to the demands of the protesters.");
        assert!(yielded.iter().any(|c| c.starts_with("08")), "{yielded:?}");
        // A hyphenated "cease-fire" is the pattern's "ceasefire".
        let truce =
            code("Afghan President Ashraf Ghani announced a weeklong cease-fire with the Taliban.");
        assert!(truce.iter().any(|c| c == "0871"), "{truce:?}");
        // An aid noun: its giver through the possessor of the phrase's head.
        let aid = events_of(
            "The Chinese government's assistance package consisted of relief supplies for Yemen.",
        );
        assert_eq!(
            side_code(&aid, &["07"], |e| &e.source).as_deref(),
            Some("CHNGOV"),
            "{aid:?}"
        );
    }

    /// Force needs someone to use it: metaphors of markets and weather,
    /// sports results and company takeovers are no material conflict.
    #[test]
    fn everyday_senses_of_violent_verbs() {
        let conflict = |text: &str| -> Vec<String> {
            events_of(text)
                .iter()
                .filter(|e| e.quad_class == 4)
                .map(|e| e.code.clone())
                .collect()
        };
        for text in [
            "The dollar hit its highest level against the euro on Tuesday.",
            "High fuel prices hit profits at the airline.",
            "Mitsubishi took over the carmaker in a deal worth $2bn.",
            "She will take legal action over the claims.",
            "The Tories have attacked his policies as unworkable.",
            "Mr Brown said he had defied the pundits by hitting his growth target.",
        ] {
            assert!(conflict(text).is_empty(), "{text}: {:?}", conflict(text));
        }
        // A match report: its "beat" and "shot" are football.
        let sport = "Arsenal beat Chelsea 2-1 in the Premier League match on Sunday. \
            Henry shot wide before the striker scored the winning goal. The coach said \
            the team's defence won the game, and the league leaders face a cup tie next.";
        assert!(conflict(sport).is_empty(), "{:?}", conflict(sport));
        // The same verbs between actors are conflict.
        for text in [
            "Syrian troops took over the airport on Monday.",
            "Regime forces have seized vast swaths of the city.",
        ] {
            let taken = conflict(text);
            assert!(taken.iter().any(|c| c == "192"), "{text}: {taken:?}");
        }
        let hit = conflict("Israeli jets hit Hamas positions in Gaza.");
        assert!(hit.iter().any(|c| c.starts_with("19")), "{hit:?}");
        // One named person attacking another in words is criticism.
        let words = events_of("Michael Howard attacked Tony Blair over the asylum system.");
        assert!(words.iter().any(|e| e.code == "111"), "{words:?}");
        assert!(!words.iter().any(|e| e.quad_class == 4), "{words:?}");
        // Capturing people is abduction; a company's takeover is nothing.
        let caught = conflict("Rebels captured two soldiers near the border.");
        assert_eq!(caught, vec!["181"], "{caught:?}");
        let bought = conflict("Mitsubishi completed its takeover of UFJ on Friday.");
        assert!(bought.is_empty(), "{bought:?}");
    }

    /// Pronouns, places inside event nouns, infinitives and "no".
    #[test]
    fn participants_and_modes() {
        let violent = ["18", "19"];
        // "it" in a clause under another is that clause's subject first.
        let ev = events_of("Human Rights Watch studied the videos. The mosque was full of worshippers when it was hit by a missile.");
        assert_eq!(side_code(&ev, &violent, |e| &e.target), None, "{ev:?}");
        // A place inside an event-noun source is not its actor.
        let ev = events_of("Activists called for an inquiry into an attack on a mosque in northern Iraq on Friday that killed at least 13 women.");
        assert_eq!(side_code(&ev, &violent, |e| &e.source), None, "{ev:?}");
        // "warned Y against interfering" and "warned Y not to interfere" are
        // threats to Y; "no threat to Y" is a negated one.
        for text in [
            "Iran warned the United States against interfering in the region.",
            "Iran warned the United States not to interfere in the region.",
        ] {
            let ev = events_of(text);
            assert_eq!(
                side_code(&ev, &["130"], |e| &e.target).as_deref(),
                Some("USA"),
                "{text}: {ev:?}"
            );
        }
        let ev = events_of("There was no Russian threat to Ukraine, the minister said.");
        assert!(
            ev.iter()
                .any(|e| e.code == "130" && e.mode == doc::Mode::Negated),
            "{ev:?}"
        );
    }
}
