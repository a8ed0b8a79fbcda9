//! Ingest mode end to end: `POST /api/articles` behind a bearer token, on a
//! server in a background thread, with a stand-in coder (one shelling event
//! in Aleppo per article) so the test needs no models. The real pipeline
//! behind `wirecode serve --allow-ingest` is tested in the CLI's tests.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{get_from, request_to, veto, Reply};
use serde_json::{json, Value};
use wirecode_doc::{Article, Doc, Event, Mode, Place, Span};
use wirecode_server::{token_matches, Coder, Options, Server};
use wirecode_store::{Location, Store};

const TOKEN: &str = "test-token-0123456789abcdef";

/// Codes an article as one event over its whole text, in Aleppo; counts
/// the articles it was given.
fn coder(calls: Arc<AtomicUsize>) -> Coder {
    Arc::new(move |batch: Vec<Article>| {
        calls.fetch_add(batch.len(), Ordering::SeqCst);
        batch
            .into_iter()
            .map(|a| {
                if a.text.contains("PANIC") {
                    return Err(format!("{}: internal error while coding", a.id));
                }
                let n = a.text.len();
                let mut d = Doc::new(a);
                d.events.push(Event {
                    code: "190".into(),
                    name: "Use conventional military force".into(),
                    goldstein: -10.0,
                    quad_class: 4,
                    plover: Some("ASSAULT".into()),
                    source: None,
                    target: None,
                    mode: Mode::Asserted,
                    date: None,
                    location: Some(Place {
                        name: "Aleppo".into(),
                        country: "SYR".into(),
                        lat: 36.2,
                        lon: 37.16,
                        span: None,
                        geonameid: None,
                    }),
                    evidence: Span::new(0, n),
                    trigger: None,
                });
                Ok(d)
            })
            .collect()
    })
}

struct Running {
    addr: SocketAddr,
    calls: Arc<AtomicUsize>,
    _dir: tempfile::TempDir,
}

/// A store holding one article, served with `opts` (the coder is added when `ingest`).
fn start(token: Option<&str>, ingest: bool) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    Store::open(&db).unwrap().insert_batch(&[veto()]).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let opts = Options {
        token: token.map(str::to_string),
        ingest: ingest.then(|| coder(calls.clone())),
    };
    let server = Server::bind_with(&Location::Sqlite(db), "127.0.0.1:0", &opts).unwrap();
    let addr = server.local_addr().unwrap();
    std::thread::spawn(move || server.run().unwrap());
    Running {
        addr,
        calls,
        _dir: dir,
    }
}

fn post(r: &Running, auth: Option<&str>, body: &Value) -> Reply {
    let header = auth.map(|t| format!("Authorization: Bearer {t}"));
    let headers: Vec<&str> = header.iter().map(String::as_str).collect();
    request_to(r.addr, "POST", "/api/articles", &headers, &body.to_string())
}

fn get_auth(r: &Running, path: &str) -> Reply {
    request_to(
        r.addr,
        "GET",
        path,
        &[&format!("Authorization: Bearer {TOKEN}")],
        "",
    )
}

#[test]
fn posting_needs_the_token() {
    let r = start(Some(TOKEN), true);
    let article = json!({"id": "a1", "title": "Shelling", "date": "2024-03-05",
                         "text": "Government forces shelled Aleppo on Tuesday."});
    for auth in [None, Some("wrong-token-0123456789abcdef"), Some("")] {
        let res = post(&r, auth, &article);
        assert_eq!(res.status, 401, "{auth:?}: {}", res.body);
        assert!(res.header("www-authenticate").is_some(), "{}", res.headers);
    }
    // A token in another scheme is refused too.
    let res = request_to(
        r.addr,
        "POST",
        "/api/articles",
        &[&format!("Authorization: Basic {TOKEN}")],
        &article.to_string(),
    );
    assert_eq!(res.status, 401);
    assert_eq!(r.calls.load(Ordering::SeqCst), 0, "coded without a token");
    // Reads need it as well; the OpenAPI description does not.
    assert_eq!(get_from(r.addr, "/api/events").status, 401);
    assert_eq!(get_from(r.addr, "/api/openapi.json").status, 200);
    assert_eq!(get_from(r.addr, "/").status, 200);

    let res = post(&r, Some(TOKEN), &article);
    assert_eq!(res.status, 200, "{}", res.body);
    let v = res.json();
    assert_eq!(v["stored"], 1, "{v}");
    assert_eq!(v["items"][0]["status"], "stored");
    assert_eq!(v["items"][0]["id"], "a1");
    let id = v["items"][0]["article_id"].as_i64().expect("article_id");
    let a = get_auth(&r, &format!("/api/articles/{id}")).json();
    assert_eq!(a["title"], "Shelling");
    assert_eq!(a["published"], "2024-03-05");
    assert_eq!(a["events"][0]["location"]["name"], "Aleppo");
    let ev = get_auth(&r, "/api/events?place=aleppo").json();
    assert_eq!(ev["total"], 1, "{ev}");
    assert_eq!(ev["items"][0]["date"], "2024-03-05", "the article's date");
}

#[test]
fn reposting_stores_nothing_twice() {
    let r = start(Some(TOKEN), true);
    let list = json!([
        {"id": "b1", "text": "Rebels attacked a checkpoint near Aleppo."},
        {"id": "b2", "text": "Troops shelled the old city of Aleppo."},
        {"id": "b1-again", "text": "Rebels attacked a checkpoint near Aleppo."},
        {"id": "bad"},
        {"text": "PANIC in the coder"},
        "not an object"
    ]);
    let v = post(&r, Some(TOKEN), &list).json();
    let status: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        status,
        ["stored", "stored", "present", "error", "error", "error"],
        "{v}"
    );
    assert_eq!(
        (
            v["stored"].clone(),
            v["present"].clone(),
            v["errors"].clone()
        ),
        (json!(2), json!(1), json!(3))
    );
    assert!(
        v["items"][3]["error"].as_str().unwrap().contains("text"),
        "{v}"
    );
    assert_eq!(
        v["items"][0]["article_id"], v["items"][2]["article_id"],
        "the duplicate points at the stored copy"
    );
    assert_eq!(r.calls.load(Ordering::SeqCst), 3, "the duplicate was coded");

    // The same again: all present, only the article that failed coded again.
    let again = post(&r, Some(TOKEN), &list).json();
    assert_eq!(again["stored"], 0, "{again}");
    assert_eq!(again["present"], 3, "{again}");
    assert_eq!(again["items"][1]["article_id"], v["items"][1]["article_id"]);
    assert_eq!(
        r.calls.load(Ordering::SeqCst),
        4,
        "a stored article was coded again"
    );
    let all = get_auth(&r, "/api/articles").json();
    assert_eq!(all["total"], 3, "veto plus two posted: {all}");
}

#[test]
fn bad_bodies_are_refused() {
    let r = start(Some(TOKEN), true);
    let auth = [format!("Authorization: Bearer {TOKEN}")];
    let auth: Vec<&str> = auth.iter().map(String::as_str).collect();
    for body in ["", "{not json", "42", "[]"] {
        let res = request_to(r.addr, "POST", "/api/articles", &auth, body);
        assert_eq!(res.status, 400, "{body:?}: {}", res.body);
        assert!(res.json()["error"].is_string());
    }
}

#[test]
fn a_read_only_server_takes_no_articles() {
    let r = start(None, false);
    let res = post(&r, None, &json!({"text": "Troops shelled Aleppo."}));
    assert_eq!(res.status, 405, "{}", res.body);
    assert!(res.json()["error"].as_str().unwrap().contains("read-only"));
    assert_eq!(r.calls.load(Ordering::SeqCst), 0);
    // Reads need no token.
    assert_eq!(get_from(r.addr, "/api/articles").json()["total"], 1);
    // A token alone (no ingest) guards reads but still takes no articles.
    let t = start(Some(TOKEN), false);
    assert_eq!(get_from(t.addr, "/api/articles").status, 401);
    assert_eq!(get_auth(&t, "/api/articles").status, 200);
    assert_eq!(post(&t, Some(TOKEN), &json!({"text": "x y z"})).status, 405);
}

#[test]
fn refuses_to_start_unsafely() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    Store::open(&db).unwrap();
    let loc = Location::Sqlite(db);
    let calls = Arc::new(AtomicUsize::new(0));
    let ingest_no_token = Options {
        token: None,
        ingest: Some(coder(calls)),
    };
    let e = Server::bind_with(&loc, "127.0.0.1:0", &ingest_no_token)
        .err()
        .expect("ingest without a token");
    assert!(e.contains("token"), "{e}");
    let e = Server::bind_with(&loc, "0.0.0.0:0", &Options::default())
        .err()
        .expect("non-loopback without a token");
    assert!(e.contains("loopback"), "{e}");
    let with_token = Options {
        token: Some(TOKEN.into()),
        ingest: None,
    };
    assert!(Server::bind_with(&loc, "0.0.0.0:0", &with_token).is_ok());
    assert!(wirecode_server::check_token("short").is_err());
    assert!(wirecode_server::check_token("has a space in the middle").is_err());
}

#[test]
fn tokens_compare_whole() {
    assert!(token_matches(b"abcdefgh", b"abcdefgh"));
    assert!(!token_matches(b"abcdefgi", b"abcdefgh"));
    assert!(!token_matches(b"abcdefg", b"abcdefgh"));
    assert!(!token_matches(b"abcdefghi", b"abcdefgh"));
    assert!(!token_matches(b"", b"abcdefgh"));
}
