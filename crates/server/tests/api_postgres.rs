//! The API over PostgreSQL answers as it does over SQLite: the same
//! articles stored in both, one server on each, and every request compared.
//!
//! Needs `WIRECODE_TEST_POSTGRES=postgres://...` (`scripts/scale_test.sh`
//! starts a throwaway server and sets it); without it the test prints a
//! message and passes.

mod common;

use std::net::SocketAddr;

use common::{get_from, talks, veto, Reply};
use serde_json::Value;
use wirecode_pgstore::{connect_client, url_with_schema, PgStore};
use wirecode_server::Server;
use wirecode_store::{Location, Store};

fn start(loc: &Location) -> SocketAddr {
    let server = Server::bind_location(loc, "127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap();
    std::thread::spawn(move || server.run().unwrap());
    addr
}

/// The reply as JSON with what legitimately differs taken out: the coding
/// time, and for searches the order and snippets (each engine ranks and
/// cuts in its own way).
fn normal(path: &str, r: &Reply) -> Value {
    let mut v = r.json();
    if let Some(o) = v.as_object_mut() {
        o.remove("coded_at");
    }
    if path.contains("search=") {
        if let Some(items) = v["items"].as_array_mut() {
            for i in items.iter_mut() {
                i.as_object_mut().map(|o| o.remove("snippet"));
            }
            items.sort_by_key(|i| i.to_string());
        }
    }
    v
}

#[test]
fn postgres_answers_every_request_as_sqlite_does() {
    let Ok(base) = std::env::var("WIRECODE_TEST_POSTGRES") else {
        eprintln!(
            "skipped: set WIRECODE_TEST_POSTGRES=postgres://... to run the PostgreSQL API test"
        );
        return;
    };
    let schema = format!("wirecode_api_test_{}", std::process::id());
    let mut admin = connect_client(&base).unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let app = format!("wirecode_api_test_{}", std::process::id());
    let url = format!("{}&application_name={app}", url_with_schema(&base, &schema));
    let docs = [veto(), talks()];
    PgStore::connect(&url).unwrap().insert_batch(&docs).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.db");
    Store::open(&file).unwrap().insert_batch(&docs).unwrap();

    let lite = start(&Location::Sqlite(file));
    let pg = start(&Location::Postgres(url.clone()));

    let paths = [
        "/api/events",
        "/api/events?limit=2&offset=1",
        "/api/events?actor=rus",
        "/api/events?code=1",
        "/api/events?from=2016-12-01&to=2016-12-31",
        "/api/events?place=SITTWE",
        "/api/events?mode=intended",
        "/api/events?plover=consult",
        "/api/quotes",
        "/api/quotes?speaker=nebenzya",
        "/api/quotes?speaker=RUS",
        "/api/quotes?limit=1&offset=2",
        "/api/claims",
        "/api/claims?speaker=Moscow",
        "/api/claims?speaker=CHN",
        "/api/articles",
        "/api/articles?limit=1&offset=1",
        "/api/articles/1",
        "/api/articles/2",
        "/api/articles/999",
        "/api/articles/abc",
        "/api/network",
        "/api/network?actor=GBR",
        "/api/places",
        "/api/places?actor=rus&from=2016-12-01",
        "/api/events?actor=RUS&code=1&mode=asserted",
        "/api/network?from=2017-01-01",
        "/api/events?from=2016-13-01",
        "/api/quotes?search=AND",
        "/api/quotes?search=(veto",
        "/api/articles?search=vetoed",
        "/api/articles?search=Bamako",
        "/api/articles?search=U.N.",
        "/api/articles?search=veto%20OR%20talks",
        "/api/articles?search=%22aid%20resolution%22",
        "/api/quotes?search=pressure",
        "/api/quotes?search=shield*",
    ];
    let mut compared = 0;
    for path in paths {
        let (a, b) = (get_from(lite, path), get_from(pg, path));
        assert_eq!(a.status, b.status, "{path}: {} vs {}", a.body, b.body);
        if a.status == 200 {
            assert_eq!(normal(path, &a), normal(path, &b), "{path}");
            compared += 1;
        } else {
            assert!(b.json()["error"].is_string(), "{path}: {}", b.body);
        }
    }
    assert!(compared >= 25, "{compared}");
    let found = get_from(pg, "/api/articles?search=vetoed").json();
    assert_eq!(found["total"], 1);
    let snippet = found["items"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("[vetoed]"), "{snippet}");

    // Connections cut by the database (as a restart does) are replaced:
    // the next request still answers.
    let cut = admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            &[&app],
        )
        .unwrap();
    assert!(cut >= 1, "the server held a connection");
    let after = get_from(pg, "/api/events");
    assert_eq!(after.status, 200, "{}", after.body);
    assert_eq!(after.json()["total"], 4);

    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}

#[test]
fn a_database_without_the_schema_is_refused() {
    let Ok(base) = std::env::var("WIRECODE_TEST_POSTGRES") else {
        eprintln!(
            "skipped: set WIRECODE_TEST_POSTGRES=postgres://... to run the PostgreSQL API test"
        );
        return;
    };
    let schema = format!("wirecode_api_empty_{}", std::process::id());
    let mut admin = connect_client(&base).unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let url = url_with_schema(&base, &schema);
    let e = Server::bind_location(&Location::Postgres(url), "127.0.0.1:0")
        .err()
        .unwrap();
    assert!(e.contains("no wirecode schema"), "{e}");
    let tables: i64 = admin
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1",
            &[&schema],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "serving never creates a schema");
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}
