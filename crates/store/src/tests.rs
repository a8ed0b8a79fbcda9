use super::*;
use wirecode_doc::{
    ActorRef, Entity, EntityType, Event, Mode, Participant, Place, Quote, QuoteKind, Span,
};

fn actor(id: &str, name: &str, code: &str) -> ActorRef {
    ActorRef {
        id: id.into(),
        name: name.into(),
        code: Some(code.into()),
    }
}

fn span_of(text: &str, needle: &str) -> Span {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    Span::new(i, i + needle.len())
}

/// A veto story: a non-ASCII name before everything, so byte and code-point
/// offsets differ; an accusation, its denial, and three events.
fn veto_doc() -> Doc {
    let text = "Zoë Ashworth reported. Russia vetoed the resolution in Sittwe on Monday. \
                “We will not accept pressure,” said Vasily Nebenzya. \
                Britain accused Russia of shielding the army, which Moscow denied. \
                China did not attack Homs.";
    let mut d = Doc::new(Article {
        id: "veto.txt".into(),
        title: Some("Russia vetoes".into()),
        published: NaiveDate::from_ymd_opt(2016, 12, 6),
        text: text.into(),
        ..Default::default()
    });
    let russia = span_of(text, "Russia");
    let sittwe = span_of(text, "Sittwe");
    let nebenzya = span_of(text, "Vasily Nebenzya");
    let place = Place {
        name: "Sittwe".into(),
        country: "MMR".into(),
        lat: 20.15,
        lon: 92.9,
        span: Some(sittwe),
        geonameid: Some(1),
    };
    d.entities = vec![
        Entity {
            span: russia,
            label: EntityType::Gpe,
            actor: Some(actor("RUS", "Russia", "RUS")),
            place: None,
        },
        Entity {
            span: sittwe,
            label: EntityType::Gpe,
            actor: None,
            place: Some(place.clone()),
        },
        Entity {
            span: nebenzya,
            label: EntityType::Person,
            actor: Some(actor("VASILY_NEBENZYA", "Vasily Nebenzya", "RUSGOV")),
            place: None,
        },
    ];
    let britain = span_of(text, "Britain");
    let moscow = span_of(text, "Moscow");
    d.quotes = vec![
        Quote {
            kind: QuoteKind::Direct,
            content: vec![span_of(text, "We will not accept pressure,")],
            source: Some(nebenzya),
            cue: Some(span_of(text, "said")),
            speaker: Some(actor("VASILY_NEBENZYA", "Vasily Nebenzya", "RUSGOV")),
            responds_to: None,
        },
        Quote {
            kind: QuoteKind::Indirect,
            content: vec![span_of(text, "Russia of shielding the army")],
            source: Some(britain),
            cue: Some(span_of(text, "accused")),
            speaker: Some(actor("GBR", "United Kingdom", "GBR")),
            responds_to: None,
        },
        Quote {
            kind: QuoteKind::Indirect,
            content: vec![span_of(text, "which")],
            source: Some(moscow),
            cue: Some(span_of(text, "denied")),
            speaker: Some(actor("RUS", "Russia", "RUS")),
            responds_to: Some(1),
        },
    ];
    let ev = |code: &str,
              name: &str,
              src: Option<(Span, ActorRef)>,
              tgt: Option<(Span, ActorRef)>,
              mode,
              date,
              loc: Option<Place>,
              evidence: &str| Event {
        code: code.into(),
        name: name.into(),
        goldstein: -5.0,
        quad_class: 3,
        plover: Some("REJECT".into()),
        source: src.map(|(span, a)| Participant {
            span,
            actor: Some(a),
        }),
        target: tgt.map(|(span, a)| Participant {
            span,
            actor: Some(a),
        }),
        mode,
        date,
        location: loc,
        evidence: span_of(text, evidence),
        trigger: None,
    };
    d.events = vec![
        ev(
            "129",
            "Veto",
            Some((russia, actor("RUS", "Russia", "RUS"))),
            None,
            Mode::Asserted,
            NaiveDate::from_ymd_opt(2016, 12, 5),
            Some(place),
            "Russia vetoed the resolution in Sittwe on Monday.",
        ),
        ev(
            "112",
            "Accuse",
            Some((britain, actor("GBR", "United Kingdom", "GBR"))),
            Some((span_of(text, "Russia of"), actor("RUS", "Russia", "RUS"))),
            Mode::Asserted,
            None,
            None,
            "Britain accused Russia of shielding the army, which Moscow denied.",
        ),
        ev(
            "190",
            "Use conventional military force",
            Some((span_of(text, "China"), actor("CHN", "China", "CHN"))),
            None,
            Mode::Negated,
            NaiveDate::from_ymd_opt(2016, 11, 1),
            None,
            "China did not attack Homs.",
        ),
    ];
    d
}

fn plain_doc(id: &str, text: &str) -> Doc {
    Doc::new(Article {
        id: id.into(),
        text: text.into(),
        ..Default::default()
    })
}

#[test]
fn fts5_is_compiled_in() {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch("CREATE VIRTUAL TABLE t USING fts5(x); INSERT INTO t VALUES('hello world');")
        .unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM t WHERE t MATCH 'hello'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn migrations_apply_once_and_newer_schemas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len());
    let mode: String = s
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(s);
    // Re-opening applies nothing again (a second CREATE TABLE would fail).
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len());
    s.connection()
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
            [(MIGRATIONS.len() + 1).to_string()],
        )
        .unwrap();
    drop(s);
    let err = Store::open(&path).err().expect("newer schema is refused");
    assert!(matches!(err, Error::NewerSchema { .. }), "{err}");
    assert!(err
        .to_string()
        .contains("newer than this wirecode supports"));
    assert!(matches!(
        Store::open_existing(dir.path().join("none.db")),
        Err(Error::Missing(_))
    ));
}

#[test]
fn version_2_gives_events_their_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut s = Store::open(&path).unwrap();
    s.insert_batch(&[veto_doc()]).unwrap();
    let days = |s: &Store| -> Vec<(Option<String>, Option<String>)> {
        let mut st = s
            .connection()
            .prepare("SELECT date, day FROM events ORDER BY idx")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let written = days(&s);
    assert!(written.len() >= 2, "{written:?}");
    for (date, day) in &written {
        // The event's own date, else the article's (2016-12-06).
        let want = date.clone().unwrap_or_else(|| "2016-12-06".into());
        assert_eq!(day.as_deref(), Some(want.as_str()), "{written:?}");
    }
    assert!(
        written.iter().any(|(d, _)| d.is_none()),
        "no undated event to fall back on the article's date: {written:?}"
    );
    let evidence = |s: &Store| -> Vec<Option<String>> {
        let mut st = s
            .connection()
            .prepare("SELECT evidence FROM events ORDER BY idx")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let stored_evidence = evidence(&s);
    assert!(
        stored_evidence
            .iter()
            .all(|e| e.as_deref().is_some_and(|t| !t.is_empty())),
        "{stored_evidence:?}"
    );
    // Back to version 1 (no day or evidence column), then upgraded again on open.
    s.connection()
        .execute_batch(
            "DROP INDEX events_place_timeline; DROP INDEX events_root_timeline;
             CREATE INDEX events_place ON events(place_name COLLATE NOCASE);
             DROP INDEX events_timeline; DROP INDEX events_day; DROP INDEX events_mode;
             DROP INDEX events_plover; ALTER TABLE events DROP COLUMN day;
             ALTER TABLE events DROP COLUMN evidence;
             UPDATE meta SET value = '1' WHERE key = 'schema_version';",
        )
        .unwrap();
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len());
    assert_eq!(days(&s), written);
    // Version 4 sliced each event's evidence from its article, as written.
    assert_eq!(evidence(&s), stored_evidence);
}

#[test]
fn inserts_are_idempotent_and_keep_code_point_offsets() {
    let mut s = Store::open_in_memory().unwrap();
    let d = veto_doc();
    let c = s
        .insert_batch(&[d.clone(), plain_doc("b", "Nothing here.")])
        .unwrap();
    assert_eq!(
        c,
        BatchCounts {
            stored: 2,
            present: 0
        }
    );
    assert!(s.contains(&content_hash(&d.article)).unwrap());
    // The same content under another id is the same article.
    let mut again = d.clone();
    again.article.id = "copy.txt".into();
    let c = s.insert_batch(&[again, plain_doc("c", "New.")]).unwrap();
    assert_eq!(
        c,
        BatchCounts {
            stored: 1,
            present: 1
        }
    );
    let n = s.counts().unwrap();
    assert_eq!((n.articles, n.entities, n.quotes, n.events), (3, 3, 3, 3));

    // Offsets are code points, as `wirecode code` writes them.
    let v = to_value(&d, &OutputOptions::default());
    let (start, end, text): (i64, i64, String) = s
        .connection()
        .query_row(
            "SELECT start, \"end\", text FROM entities WHERE type = 'PERSON'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(text, "Vasily Nebenzya");
    assert_eq!(v["entities"][2]["start"], start);
    assert_eq!(v["entities"][2]["end"], end);
    let chars: Vec<char> = d.article.text.chars().collect();
    assert_eq!(
        chars[start as usize..end as usize]
            .iter()
            .collect::<String>(),
        text
    );
    assert_ne!(start as usize, d.article.text.find("Vasily").unwrap());
    let content: String = s
        .connection()
        .query_row("SELECT content_json FROM quotes WHERE idx = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    let content: Value = serde_json::from_str(&content).unwrap();
    assert_eq!(content, v["quotes"][0]["content"]);
    // Evidence text is cut by code points in SQL too.
    let ev = s.events(&EventFilter::default()).unwrap();
    assert_eq!(
        ev.get(0, "evidence").unwrap(),
        "Russia vetoed the resolution in Sittwe on Monday."
    );
    assert_eq!(ev.get(0, "goldstein").unwrap(), -5.0);
}

#[test]
fn event_filters() {
    let mut s = Store::open_in_memory().unwrap();
    s.insert_batch(&[veto_doc()]).unwrap();
    let codes = |f: EventFilter| -> Vec<String> {
        let r = s.events(&f).unwrap();
        (0..r.rows.len())
            .map(|i| r.get(i, "code").unwrap().as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes(EventFilter::default()), ["129", "112", "190"]);
    // Actor prefix on source or target.
    let rus = EventFilter {
        actor: Some("rus".into()),
        ..Default::default()
    };
    assert_eq!(codes(rus), ["129", "112"]);
    let code = EventFilter {
        code: Some("12".into()),
        ..Default::default()
    };
    assert_eq!(codes(code), ["129"]);
    let place = EventFilter {
        place: Some("sittwe".into()),
        ..Default::default()
    };
    assert_eq!(codes(place), ["129"]);
    let mode = EventFilter {
        mode: Some("negated".into()),
        ..Default::default()
    };
    assert_eq!(codes(mode), ["190"]);
    // Dates: the event's, or the article's when the event has none.
    let dec = EventFilter {
        from: Some("2016-12-01".into()),
        to: Some("2016-12-31".into()),
        ..Default::default()
    };
    assert_eq!(codes(dec), ["129", "112"]);
    let limited = EventFilter {
        limit: Some(1),
        ..Default::default()
    };
    assert_eq!(codes(limited), ["129"]);
}

#[test]
fn quotes_claims_and_search() {
    let mut s = Store::open_in_memory().unwrap();
    s.insert_batch(&[
        veto_doc(),
        plain_doc("other", "Markets were empty in Sittwe."),
    ])
    .unwrap();
    let q = s
        .quotes(&QuoteFilter {
            speaker: Some("RUSGOV".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(q.rows.len(), 1);
    assert_eq!(q.get(0, "content").unwrap(), "We will not accept pressure,");
    let q = s
        .quotes(&QuoteFilter {
            speaker: Some("nebenz".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(q.rows.len(), 1);
    // Code prefix: RUS matches both RUSGOV (Nebenzya) and RUS (Moscow).
    let q = s
        .quotes(&QuoteFilter {
            speaker: Some("RUS".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(q.rows.len(), 2);
    // Full-text search, with stemming.
    let q = s
        .quotes(&QuoteFilter {
            search: Some("shield".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(q.rows.len(), 1);
    assert_eq!(q.get(0, "speaker").unwrap(), "United Kingdom");

    let c = s.claims(None, None).unwrap();
    assert_eq!(c.rows.len(), 1);
    assert_eq!(c.get(0, "claim_cue").unwrap(), "accused");
    assert_eq!(c.get(0, "denier_code").unwrap(), "RUS");
    assert_eq!(c.get(0, "denial_cue").unwrap(), "denied");
    assert_eq!(s.claims(Some("CHN"), None).unwrap().rows.len(), 0);

    let a = s.articles(Some("sittwe"), None).unwrap();
    assert_eq!(a.rows.len(), 2);
    assert!(a
        .get(0, "snippet")
        .unwrap()
        .as_str()
        .unwrap()
        .contains("[Sittwe]"));
    let a = s.articles(Some("vetoes"), None).unwrap();
    assert_eq!(a.rows.len(), 1, "title is searched, stemmed");
    assert_eq!(a.get(0, "quotes").unwrap(), 3);
    // Punctuation that is not FTS5 syntax still searches.
    assert_eq!(s.articles(Some("Sittwe."), None).unwrap().rows.len(), 2);
    assert_eq!(s.articles(None, None).unwrap().rows.len(), 2);
}

#[test]
fn replace_swaps_layers_and_keeps_search_in_step() {
    let mut s = Store::open_in_memory().unwrap();
    s.insert_batch(&[veto_doc()]).unwrap();
    let stored = s.articles_after(0, 10).unwrap();
    assert_eq!(stored.len(), 1);
    let (id, article) = stored[0].clone();
    assert_eq!(article, veto_doc().article);
    let mut recoded = Doc::new(article);
    let text = recoded.article.text.clone();
    recoded.quotes.push(Quote {
        kind: QuoteKind::Direct,
        content: vec![span_of(&text, "China did not attack Homs")],
        source: None,
        cue: None,
        speaker: None,
        responds_to: None,
    });
    s.replace_batch(&[(id, recoded)]).unwrap();
    let n = s.counts().unwrap();
    assert_eq!((n.articles, n.entities, n.quotes, n.events), (1, 0, 1, 0));
    let found = |q: &str| {
        s.quotes(&QuoteFilter {
            search: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .rows
        .len()
    };
    assert_eq!(found("Homs"), 1);
    assert_eq!(found("pressure"), 0, "deleted quotes leave the index");
    assert!(s.articles_after(id, 10).unwrap().is_empty());
}

#[test]
fn hashes_cover_title_url_date_and_text() {
    let a = veto_doc().article;
    let h = content_hash(&a);
    assert_eq!(h.len(), 64);
    let mut b = a.clone();
    b.id = "elsewhere".into();
    assert_eq!(content_hash(&b), h);
    for change in [
        |a: &mut Article| a.title = None,
        |a: &mut Article| a.url = Some("u".into()),
        |a: &mut Article| a.published = None,
        |a: &mut Article| a.text.push('.'),
    ] {
        let mut b = a.clone();
        change(&mut b);
        assert_ne!(content_hash(&b), h);
    }
}

#[test]
fn locations_are_read_from_store_values() {
    assert_eq!(
        Location::parse("w.db").unwrap(),
        Location::Sqlite("w.db".into())
    );
    assert_eq!(
        Location::parse("sqlite://dir/w.db").unwrap(),
        Location::Sqlite("dir/w.db".into())
    );
    assert!(matches!(
        Location::parse("postgresql://u@h/db").unwrap(),
        Location::Postgres(_)
    ));
    assert!(Location::parse("sqlite://").is_err());
    let e = Location::parse("mysql://h/db").unwrap_err();
    assert!(e.contains("mysql://"), "{e}");
    let shown = Location::parse("postgres://me:s3cret@db.example:5432/w?sslmode=disable")
        .unwrap()
        .to_string();
    assert_eq!(shown, "postgres://me:***@db.example:5432/w?sslmode=disable");
    assert_eq!(
        redact_url("postgres://h/w?user=me&password=s3cret&x=1"),
        "postgres://h/w?user=me&password=***&x=1"
    );
    assert_eq!(redact_url("postgres://me@h/w"), "postgres://me@h/w");
}

#[test]
fn the_backend_trait_answers_as_the_store_does() {
    let mut s = Store::open_in_memory().unwrap();
    let docs = [veto_doc()];
    let b: &mut dyn Backend = &mut s;
    assert_eq!(b.insert_batch(&docs).unwrap().stored, 1);
    let h = content_hash(&docs[0].article);
    assert_eq!(b.present(&[h.clone(), "x".into()]).unwrap().len(), 1);
    let via_trait = b.events(&EventFilter::default()).unwrap();
    assert_eq!(via_trait, s.events(&EventFilter::default()).unwrap());
    assert!(!via_trait.rows.is_empty());
    let b: &mut dyn Backend = &mut s;
    let bad = b.articles(Some("(veto"), None).unwrap_err();
    assert!(matches!(bad, Error::BadSearch(_)), "{bad}");
    assert!(bad.to_string().contains("search syntax"), "{bad}");
}
