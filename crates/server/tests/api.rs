//! The HTTP API end to end: a database built with the store's API from
//! synthetic articles, the server on a free loopback port in a background
//! thread, and a tiny HTTP/1.1 client over `TcpStream`.

mod common;

use std::net::SocketAddr;
use std::sync::OnceLock;

use common::{get_from, talks, veto, Reply};
use serde_json::Value;
use wirecode_server::Server;
use wirecode_store::Store;

struct Fixture {
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

/// One database and one server for all tests (the thread lives as long as the test binary).
fn server() -> SocketAddr {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        let mut store = Store::open(&db).unwrap();
        store.insert_batch(&[veto(), talks()]).unwrap();
        drop(store);
        let server = Server::bind(&db, "127.0.0.1:0").unwrap();
        let addr = server.local_addr().unwrap();
        std::thread::spawn(move || server.run().unwrap());
        Fixture { addr, _dir: dir }
    })
    .addr
}

/// GET `path` from the shared server.
fn get(path: &str) -> Reply {
    get_from(server(), path)
}

fn ok(path: &str) -> Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{path}: {}",
        r.headers
    );
    r.json()
}

fn bad(path: &str, status: u16) -> String {
    let r = get(path);
    assert_eq!(r.status, status, "{path}: {}", r.body);
    let v = r.json();
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{path}: no error message in {v}"))
        .to_string()
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| match &i[key] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

#[test]
fn events_filter_sort_and_page() {
    let all = ok("/api/events");
    assert_eq!(all["total"], 4);
    assert_eq!(all["limit"], 100);
    assert_eq!(all["offset"], 0);
    // By date: the veto (event date 2016-12-05), the accusation (article date
    // 2016-12-06), then the talks story's two.
    assert_eq!(strs(&all, "code"), ["129", "112", "051", "036"]);
    let first = &all["items"][0];
    assert_eq!(first["article"], "veto.txt");
    assert_eq!(first["date"], "2016-12-05");
    assert_eq!(first["source_code"], "RUS");
    assert_eq!(first["place"], "Sittwe");
    assert_eq!(first["quad_class"], 3);
    assert_eq!(
        first["evidence"],
        "Russia vetoed the resolution in Sittwe on Monday."
    );
    let a: i64 = first["article_id"].as_i64().unwrap();
    assert!(a > 0);

    let rus = ok("/api/events?actor=rus");
    assert_eq!(strs(&rus, "code"), ["129", "112"]);
    assert_eq!(ok("/api/events?code=12")["total"], 1);
    assert_eq!(ok("/api/events?plover=accuse")["total"], 1);
    assert_eq!(ok("/api/events?mode=intended")["total"], 1);
    assert_eq!(ok("/api/events?place=sittwe")["total"], 1);
    assert_eq!(
        strs(&ok("/api/events?from=2016-12-06&to=2017-03-03"), "code"),
        ["112", "051"]
    );
    // Empty form fields are no filter.
    assert_eq!(
        ok("/api/events?actor=&code=&from=&to=&place=&mode=&plover=")["total"],
        4
    );

    let p1 = ok("/api/events?limit=2");
    let p2 = ok("/api/events?limit=2&offset=2");
    let p3 = ok("/api/events?limit=2&offset=4");
    assert_eq!(p1["total"], 4);
    assert_eq!(strs(&p1, "code"), ["129", "112"]);
    assert_eq!(strs(&p2, "code"), ["051", "036"]);
    assert_eq!(p3["items"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_parameters_are_400_with_a_json_error() {
    let e = bad("/api/events?from=2016-13-01", 400);
    assert!(e.contains("from") && e.contains("YYYY-MM-DD"), "{e}");
    bad("/api/events?to=yesterday", 400);
    bad("/api/events?from=2017-01-01&to=2016-01-01", 400);
    bad("/api/events?mode=rumoured", 400);
    bad("/api/events?code=1a", 400);
    bad("/api/events?limit=-1", 400);
    bad("/api/events?limit=0", 400);
    bad("/api/events?limit=100000", 400);
    bad("/api/events?offset=x", 400);
    let e = bad("/api/events?actr=RUS", 400);
    assert!(e.contains("actr"), "{e}");
    bad("/api/events?actor=RUS&actor=GBR", 400);
    bad("/api/quotes?search=AND", 400);
    bad("/api/articles/abc", 400);
    bad("/api/network?from=2016-02-30", 400);
    bad("/api/articles/999", 404);
    bad("/api/nothing", 404);
}

#[test]
fn quotes_and_claims() {
    let all = ok("/api/quotes");
    assert_eq!(all["total"], 3);
    let nb = ok("/api/quotes?speaker=nebenzya");
    assert_eq!(nb["total"], 1);
    assert_eq!(nb["items"][0]["speaker"], "Vasily Nebenzya");
    assert_eq!(nb["items"][0]["speaker_code"], "RUSGOV");
    assert_eq!(nb["items"][0]["content"], "We will not accept pressure,");
    assert_eq!(ok("/api/quotes?speaker=RUS")["total"], 2);
    assert_eq!(ok("/api/quotes?search=pressure")["total"], 1);
    assert_eq!(strs(&ok("/api/quotes?limit=1&offset=2"), "quote"), ["2"]);

    let claims = ok("/api/claims");
    assert_eq!(claims["total"], 1);
    let c = &claims["items"][0];
    assert_eq!(c["speaker"], "United Kingdom");
    assert_eq!(c["cue"], "accused");
    assert_eq!(c["content"], "Russia of shielding the army");
    assert_eq!(c["denials"][0]["speaker"], "Russia");
    assert_eq!(c["denials"][0]["cue"], "denied");
    // A denier's name finds the claim too.
    assert_eq!(ok("/api/claims?speaker=Moscow")["total"], 1);
    assert_eq!(ok("/api/claims?speaker=CHN")["total"], 0);
}

#[test]
fn articles_list_search_and_one_article() {
    let list = ok("/api/articles");
    assert_eq!(list["total"], 2);
    assert_eq!(strs(&list, "article"), ["veto.txt", "talks.txt"]);
    assert_eq!(list["items"][0]["events"], 2);
    assert_eq!(list["items"][0]["quotes"], 3);
    let found = ok("/api/articles?search=vetoed");
    assert_eq!(found["total"], 1);
    assert!(found["items"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[vetoed]"));
    assert_eq!(ok("/api/articles?search=U.N.")["total"], 0);

    let id = list["items"][0]["id"].as_i64().unwrap();
    let a = ok(&format!("/api/articles/{id}"));
    assert_eq!(a["article"], "veto.txt");
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    assert_eq!(a["length"], text.len());
    let cut = |s: &Value| -> String {
        let (b, e) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        text[b as usize..e as usize].iter().collect()
    };
    // Offsets are code points: "Zoë" shifts bytes but not these.
    let ents = a["entities"].as_array().unwrap();
    assert_eq!(ents.len(), 3);
    for e in ents {
        assert_eq!(cut(e), e["text"].as_str().unwrap());
    }
    assert_eq!(ents[0]["actor"]["code"], "RUS");
    assert_eq!(ents[1]["place"]["name"], "Sittwe");
    let q = &a["quotes"][0];
    assert_eq!(cut(&q["content"][0]), "We will not accept pressure,");
    assert_eq!(q["speaker"]["name"], "Vasily Nebenzya");
    assert_eq!(a["quotes"][2]["responds_to"], 1);
    let ev = &a["events"][0];
    assert_eq!(
        cut(&ev["evidence"]),
        "Russia vetoed the resolution in Sittwe on Monday."
    );
    assert_eq!(ev["source"]["code"], "RUS");
    assert_eq!(ev["source"]["text"], "Russia");
    assert_eq!(ev["location"]["name"], "Sittwe");
}

#[test]
fn markup_in_article_text_is_plain_json_data() {
    let list = ok("/api/articles?search=Bamako");
    let id = list["items"][0]["id"].as_i64().unwrap();
    let r = get(&format!("/api/articles/{id}"));
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    let a = r.json();
    assert!(a["text"]
        .as_str()
        .unwrap()
        .contains("<script>alert('x')</script>"));
    assert_eq!(a["title"], "Talks <b>planned</b>");
}

#[test]
fn network_pairs_by_quad_class() {
    let n = ok("/api/network");
    let pairs = n["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    let first = &pairs[0];
    assert_eq!(first["source"], "MLI");
    assert_eq!(first["target"], "NER");
    assert_eq!(first["events"], 2);
    assert_eq!(first["quad_class"]["1"], 2);
    assert_eq!(first["cooperation"], 2);
    assert_eq!(first["conflict"], 0);
    let gbr = pairs.iter().find(|p| p["source"] == "GBR").unwrap();
    assert_eq!(gbr["target"], "RUS");
    assert_eq!(gbr["conflict"], 1);
    let nodes = n["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 5);
    assert!(nodes
        .iter()
        .any(|x| x["code"] == "RUS" && x["name"] == "Russia"));
    assert_eq!(
        ok("/api/network?actor=GBR")["pairs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn openapi_and_page() {
    let doc = ok("/api/openapi.json");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/events",
        "/api/quotes",
        "/api/claims",
        "/api/articles",
        "/api/articles/{id}",
        "/api/network",
    ] {
        assert!(doc["paths"][p]["get"].is_object(), "{p} described");
    }
    for (path, ty) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
    ] {
        let r = get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().starts_with(ty), "{path}");
        assert!(r
            .header("content-security-policy")
            .unwrap()
            .contains("script-src 'self'"));
    }
    assert!(get("/").body.contains("app.js"));
}

#[test]
fn the_database_is_opened_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let e = Server::bind(&missing, "127.0.0.1:0").err().unwrap();
    assert!(e.contains("no such database"), "{e}");
    assert!(!missing.exists(), "serving never creates a database");
    let not_db = dir.path().join("x.db");
    std::fs::write(&not_db, "hello").unwrap();
    assert!(Server::bind(&not_db, "127.0.0.1:0").is_err());
    assert_eq!(std::fs::read_to_string(&not_db).unwrap(), "hello");
}
