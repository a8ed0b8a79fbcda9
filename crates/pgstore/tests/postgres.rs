//! The PostgreSQL store against a live server: the same rows as the SQLite
//! store for the same coded articles, idempotent batches, migrations.
//!
//! Needs `WIRECODE_TEST_POSTGRES=postgres://...` (a database the tests may
//! create schemas in; `scripts/scale_test.sh` starts a throwaway server and
//! sets it). Without it every test here prints a message and passes.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use wirecode::doc::{Article, Doc, NaiveDate};
use wirecode::{Pipeline, PipelineOptions};
use wirecode_pgstore::{
    connect_client, connect_read_only, url_with_schema, Error, PgStore, MIGRATIONS,
};
use wirecode_store::{Backend, EventFilter, QuoteFilter, Rows, Store};

/// A fresh schema in the test database, dropped at the end of the test.
struct Schema {
    base: String,
    name: String,
    url: String,
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut c) = connect_client(&self.base) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

fn schema() -> Option<Schema> {
    let Ok(base) = std::env::var("WIRECODE_TEST_POSTGRES") else {
        eprintln!("skipped: set WIRECODE_TEST_POSTGRES=postgres://... to run the PostgreSQL tests");
        return None;
    };
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "wirecode_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let mut c = connect_client(&base).expect("the test database answers");
    c.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
    ))
    .unwrap();
    let url = url_with_schema(&base, &name);
    Some(Schema { base, name, url })
}

/// The bundled examples, coded, plus copies with another date and title
/// (so dates, actors and searches have something to sort and filter).
fn coded() -> Vec<Doc> {
    let p = Pipeline::new(&PipelineOptions::default()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut docs = Vec::new();
    for (i, name) in [
        "security-council-veto.txt",
        "sahel-ceasefire-talks.txt",
        "port-city-protests.txt",
    ]
    .iter()
    .enumerate()
    {
        let raw = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let a = wirecode::input::parse_plain_text(name, &raw).unwrap();
        let mut b = a.clone();
        b.id = format!("copy-{i}");
        b.title = Some(format!("Copy {i}: {}", b.title.clone().unwrap_or_default()));
        b.published = NaiveDate::from_ymd_opt(2019, 3, 1 + i as u32);
        docs.push(p.code(a));
        docs.push(p.code(b));
    }
    docs
}

fn same_rows(what: &str, a: &Rows, b: &Rows) {
    assert_eq!(a.columns, b.columns, "{what}: columns");
    assert_eq!(a.rows.len(), b.rows.len(), "{what}: row count");
    for (i, (x, y)) in a.rows.iter().zip(&b.rows).enumerate() {
        assert_eq!(x, y, "{what}: row {i}");
    }
}

/// Rows as a sorted list of their JSON text (for searches, whose ranking differs).
fn as_set(r: &Rows, skip: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = r
        .objects()
        .map(|mut o| {
            for k in skip {
                o.remove(*k);
            }
            Value::Object(o).to_string()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_same_queries_give_the_same_rows_as_sqlite() {
    let Some(s) = schema() else { return };
    let docs = coded();
    let mut lite = Store::open_in_memory().unwrap();
    let mut pg = PgStore::connect(&s.url).unwrap();
    let a = lite.insert_batch(&docs).unwrap();
    let b = pg.insert_batch(&docs).unwrap();
    assert_eq!(a, b);
    let n = Backend::counts(&mut lite).unwrap();
    assert_eq!(n, pg.counts().unwrap());
    assert!(n.events > 5 && n.quotes > 5 && n.entities > 20, "{n:?}");

    let mut event_filters = vec![EventFilter::default()];
    for actor in ["RUS", "rus", "USA", "MLI", "X"] {
        event_filters.push(EventFilter {
            actor: Some(actor.into()),
            ..Default::default()
        });
    }
    for code in ["1", "12", "04", "0"] {
        event_filters.push(EventFilter {
            code: Some(code.into()),
            limit: Some(3),
            ..Default::default()
        });
    }
    event_filters.push(EventFilter {
        from: Some("2019-03-02".into()),
        to: Some("2019-03-31".into()),
        ..Default::default()
    });
    event_filters.push(EventFilter {
        mode: Some("Asserted".into()),
        ..Default::default()
    });
    let mut places: Vec<String> = lite
        .events(&EventFilter::default())
        .unwrap()
        .objects()
        .filter_map(|o| o.get("place").and_then(|p| p.as_str()).map(str::to_string))
        .collect();
    places.sort();
    places.dedup();
    assert!(places.len() >= 2, "the examples name places: {places:?}");
    for p in places.iter().take(3) {
        event_filters.push(EventFilter {
            place: Some(p.to_uppercase()),
            ..Default::default()
        });
    }
    for f in &event_filters {
        let what = format!("events {f:?}");

        same_rows(
            &what,
            &lite.events(f).unwrap(),
            &Backend::events(&mut pg, f).unwrap(),
        );
    }
    for sp in [
        None,
        Some("USA"),
        Some("kerry"),
        Some("minister"),
        Some("50%_"),
    ] {
        let f = QuoteFilter {
            speaker: sp.map(Into::into),
            ..Default::default()
        };
        same_rows(
            &format!("quotes {sp:?}"),
            &lite.quotes(&f).unwrap(),
            &Backend::quotes(&mut pg, &f).unwrap(),
        );
        same_rows(
            &format!("claims {sp:?}"),
            &lite.claims(sp, None).unwrap(),
            &Backend::claims(&mut pg, sp, None).unwrap(),
        );
    }
    same_rows(
        "articles",
        &lite.articles(None, Some(4)).unwrap(),
        &Backend::articles(&mut pg, None, Some(4)).unwrap(),
    );
    // Searches: the same rows (ranking and snippets are each engine's own),
    // with words and phrases taken from the stored quotes too.
    let mut searches: Vec<String> = [
        "veto",
        "vetoed",
        "ceasefire talks",
        "\"security council\"",
        "protest*",
        "talks OR veto",
        "Copy NOT veto",
        "U.N.",
        "(sahel OR port) AND copy",
    ]
    .map(String::from)
    .to_vec();
    for o in lite
        .quotes(&QuoteFilter::default())
        .unwrap()
        .objects()
        .take(6)
    {
        let words: Vec<&str> = o["content"]
            .as_str()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        if words.len() >= 3 {
            searches.push(words[1].to_string());
            searches.push(format!("\"{} {}\"", words[1], words[2]));
        }
    }
    let mut quote_hits = 0;
    for q in &searches {
        let q = q.as_str();
        let l = lite.articles(Some(q), None).unwrap();
        let p = Backend::articles(&mut pg, Some(q), None).unwrap();

        assert_eq!(
            as_set(&l, &["snippet"]),
            as_set(&p, &["snippet"]),
            "articles {q:?}"
        );
        let f = QuoteFilter {
            search: Some(q.into()),
            ..Default::default()
        };
        let (l, p) = (
            lite.quotes(&f).unwrap(),
            Backend::quotes(&mut pg, &f).unwrap(),
        );
        quote_hits += l.rows.len();
        assert_eq!(as_set(&l, &[]), as_set(&p, &[]), "quotes {q:?}");
    }
    assert!(quote_hits >= 6, "searches found quotes: {quote_hits}");
    let hits = Backend::articles(&mut pg, Some("vetoed"), None).unwrap();
    assert!(!hits.rows.is_empty());
    let snippet = hits
        .get(0, "snippet")
        .and_then(|s| s.as_str())
        .unwrap_or("");
    assert!(snippet.contains('[') && snippet.contains(']'), "{snippet}");
    // Unreadable searches are the caller's error, on both backends.
    let bad = QuoteFilter {
        search: Some("(veto".into()),
        ..Default::default()
    };
    assert!(matches!(
        lite.quotes(&bad),
        Err(wirecode_store::Error::BadSearch(_))
    ));
    assert!(matches!(
        Backend::quotes(&mut pg, &bad),
        Err(wirecode_store::Error::BadSearch(_))
    ));
}

#[test]
fn batches_are_idempotent_and_keep_order() {
    let Some(s) = schema() else { return };
    let docs = coded();
    let mut pg = PgStore::connect(&s.url).unwrap();
    // A hash twice in one batch: stored once.
    let mut batch = docs[..3].to_vec();
    batch.push(docs[0].clone());
    let c = pg.insert_batch(&batch).unwrap();
    assert_eq!((c.stored, c.present), (3, 1));
    let c = pg.insert_batch(&docs).unwrap();
    assert_eq!((c.stored, c.present), (3, 3));
    let first = pg.counts().unwrap();
    assert_eq!(first.articles, 6);
    let again = pg.insert_batch(&docs).unwrap();
    assert_eq!((again.stored, again.present), (0, 6));
    assert_eq!(pg.counts().unwrap(), first, "nothing stored twice");
    let hashes: Vec<String> = docs
        .iter()
        .map(|d| wirecode_store::content_hash(&d.article))
        .collect();
    assert_eq!(pg.present(&hashes).unwrap().len(), 6);
    assert!(pg.present(&["nope".into()]).unwrap().is_empty());
    // Ids follow the input order.
    let stored = pg.articles_after(0, 100).unwrap();
    let ids: Vec<&str> = stored.iter().map(|(_, a)| a.id.as_str()).collect();
    assert_eq!(
        ids[..3],
        [
            docs[0].article.id.as_str(),
            &docs[1].article.id,
            &docs[2].article.id
        ]
    );
    // Articles come back as they went in (recode reads them).
    for (_, a) in &stored {
        let d = docs.iter().find(|d| d.article.id == a.id).unwrap();
        assert_eq!(a, &d.article);
    }
}

#[test]
fn replace_swaps_layers_and_search_follows() {
    let Some(s) = schema() else { return };
    let docs = coded();
    let mut pg = PgStore::connect(&s.url).unwrap();
    pg.insert_batch(&docs[..2]).unwrap();
    let stored = pg.articles_after(0, 10).unwrap();
    let (id, article) = stored[0].clone();
    let bare = Doc::new(article);
    pg.replace_batch(&[(id, bare)]).unwrap();
    let left = pg
        .client()
        .query_one(
            "SELECT (SELECT count(*) FROM entities WHERE article_id = $1)
                  + (SELECT count(*) FROM quotes WHERE article_id = $1)
                  + (SELECT count(*) FROM events WHERE article_id = $1)",
            &[&id],
        )
        .unwrap()
        .get::<_, i64>(0);
    assert_eq!(left, 0);
    assert!(
        pg.counts().unwrap().entities > 0,
        "the other article keeps its layers"
    );
}

#[test]
fn nul_characters_are_stored_as_replacement_characters() {
    let Some(s) = schema() else { return };
    let mut pg = PgStore::connect(&s.url).unwrap();
    let doc = Doc::new(Article {
        id: "nul\0id".into(),
        title: Some("A\0B".into()),
        text: "Before\0after.".into(),
        ..Default::default()
    });
    assert_eq!(
        pg.insert_batch(std::slice::from_ref(&doc)).unwrap().stored,
        1
    );
    let (_, back) = pg.articles_after(0, 1).unwrap().remove(0);
    assert_eq!(back.text, "Before\u{FFFD}after.");
    assert_eq!(back.text.chars().count(), doc.article.text.chars().count());
    // Still identified by the hash of what was read: not stored twice.
    assert_eq!(pg.insert_batch(&[doc]).unwrap().present, 1);
}

#[test]
fn migrations_are_shared_by_workers_starting_together() {
    let Some(s) = schema() else { return };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = s.url.clone();
            std::thread::spawn(move || PgStore::connect(&url).map(|mut p| p.schema_version()))
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap().unwrap().unwrap(), MIGRATIONS.len());
    }
    // Readers check the version; a newer one is refused.
    assert!(connect_read_only(&s.url).is_ok());
    let mut c = connect_client(&s.url).unwrap();
    c.execute(
        "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
        &[],
    )
    .unwrap();
    assert!(matches!(
        PgStore::connect(&s.url),
        Err(Error::NewerSchema { found: 99, .. })
    ));
    assert!(matches!(
        connect_read_only(&s.url),
        Err(Error::NewerSchema { .. })
    ));
    // A read-only connection cannot write.
    c.execute(
        "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
        &[],
    )
    .unwrap();
    let mut ro = connect_read_only(&s.url).unwrap();
    assert!(ro.execute("DELETE FROM articles", &[]).is_err());
}

#[test]
fn readers_need_a_schema() {
    let Some(s) = schema() else { return };
    let e = PgStore::open_existing(&s.url).err().unwrap();
    assert!(matches!(e, Error::Missing(_)), "{e}");
    assert!(e.to_string().contains("no wirecode schema"));
}
