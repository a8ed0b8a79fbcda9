//! `/api/events` and `/api/places` past the count cap: 2,400 synthetic
//! events, so that broad filters take the timeline-index plan and capped
//! totals, narrow ones the candidate plan, and both must give what a plain
//! filter-and-sort over all events gives.

mod common;

use std::net::SocketAddr;
use std::sync::OnceLock;

use common::get_from;
use serde_json::Value;
use wirecode_doc::{
    ActorRef, Article, Days, Doc, Event, Mode, NaiveDate, Participant, Place, Span,
};
use wirecode_server::{Server, COUNT_CAP};
use wirecode_store::Store;

/// One generated event: (article index, actor, code, day or None, place, mode).
type Row = (
    usize,
    &'static str,
    &'static str,
    Option<String>,
    &'static str,
    Mode,
);

const ACTORS: [&str; 4] = ["GBRGOV", "GBRCOP", "USAGOV", "IGOUNO"];
const CODES: [&str; 4] = ["190", "042", "111", "190"];
const PLACES: [(&str, &str, f64, f64); 3] = [
    ("Aleppo", "SYR", 36.2, 37.16),
    ("London", "GBR", 51.5, -0.13),
    ("Gao", "MLI", 16.27, -0.04),
];

/// Article i: no date every 7th (its event is undated), else a day of 2016
/// chosen so that days repeat and interleave with input order.
fn rows() -> Vec<Row> {
    (0..2400)
        .map(|i| {
            let day = (i % 7 != 0).then(|| {
                let d =
                    NaiveDate::from_ymd_opt(2016, 1, 1).unwrap() + Days::new((i * 37 % 300) as u64);
                d.to_string()
            });
            // GBR* on even articles (over the cap); GBRCOP is rare (1 in 40),
            // so actor=GBRCOP is under it.
            let actor = match i {
                _ if i % 40 == 3 => ACTORS[1],
                _ if i % 2 == 0 => ACTORS[0],
                _ if i % 4 == 1 => ACTORS[2],
                _ => ACTORS[3],
            };
            let mode = if i % 11 == 0 {
                Mode::Negated
            } else {
                Mode::Asserted
            };
            (i, actor, CODES[i % 4], day, PLACES[i % 3].0, mode)
        })
        .collect()
}

fn doc(r: &Row) -> Doc {
    let (i, actor, code, day, place, mode) = r;
    let text = format!("Story {i}: forces acted near {place}.");
    let (name, country, lat, lon) = *PLACES.iter().find(|p| p.0 == *place).unwrap();
    let mut d = Doc::new(Article {
        id: format!("s{i}"),
        title: Some(format!("Story {i}")),
        // The article's date stands in for the undated event's day: none here.
        published: None,
        text: text.clone(),
        ..Default::default()
    });
    d.events.push(Event {
        code: code.to_string(),
        name: "Event".into(),
        goldstein: -5.0,
        quad_class: if code.starts_with('0') { 1 } else { 4 },
        plover: Some(
            if code.starts_with("19") {
                "ASSAULT"
            } else {
                "CONSULT"
            }
            .into(),
        ),
        source: Some(Participant {
            span: Span::new(0, 5),
            actor: Some(ActorRef {
                id: actor.to_string(),
                name: actor.to_string(),
                code: Some(actor.to_string()),
            }),
        }),
        target: None,
        mode: *mode,
        date: day
            .as_deref()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        location: Some(Place {
            name: name.into(),
            country: country.into(),
            lat,
            lon,
            span: None,
            geonameid: None,
        }),
        evidence: Span::new(0, text.len()),
        trigger: None,
    });
    d
}

fn server() -> SocketAddr {
    static F: OnceLock<(SocketAddr, tempfile::TempDir)> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        let mut store = Store::open(&db).unwrap();
        let docs: Vec<Doc> = rows().iter().map(doc).collect();
        store.insert_batch(&docs).unwrap();
        drop(store);
        let server = Server::bind(&db, "127.0.0.1:0").unwrap();
        let addr = server.local_addr().unwrap();
        std::thread::spawn(move || server.run().unwrap());
        (addr, dir)
    })
    .0
}

fn ok(path: &str) -> Value {
    let r = get_from(server(), path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

/// The expected order: by day, undated last, then input order.
fn expected(keep: impl Fn(&Row) -> bool) -> Vec<String> {
    let mut m: Vec<Row> = rows().into_iter().filter(|r| keep(r)).collect();
    m.sort_by(|a, b| (a.3.is_none(), &a.3, a.0).cmp(&(b.3.is_none(), &b.3, b.0)));
    m.iter().map(|r| format!("s{}", r.0)).collect()
}

fn page_ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["article"].as_str().unwrap().to_string())
        .collect()
}

/// Pages of `query` at several offsets against the expected list, and the total.
fn check(query: &str, keep: impl Fn(&Row) -> bool) {
    let want = expected(keep);
    assert!(!want.is_empty(), "{query}: the fixture has no match");
    for offset in [0, 100, want.len().saturating_sub(50)] {
        if offset >= want.len() {
            continue;
        }
        let v = ok(&format!("/api/events?{query}&limit=100&offset={offset}"));
        let end = (offset + 100).min(want.len());
        assert_eq!(page_ids(&v), want[offset..end], "{query} offset {offset}");
        let total = v["total"].as_i64().unwrap();
        if v["total_exact"] == true {
            assert_eq!(total as usize, want.len(), "{query}: exact total");
        } else {
            // A lower bound: at most the cap, at least what this page shows.
            assert!(total <= COUNT_CAP, "{query}: {total}");
            assert!(
                total as usize >= end.min(COUNT_CAP as usize),
                "{query}: {total}"
            );
            assert!(want.len() > end || total < want.len() as i64, "{query}");
        }
    }
}

#[test]
fn broad_filters_page_in_timeline_order_with_capped_totals() {
    let all = ok("/api/events");
    assert_eq!(all["total"], COUNT_CAP);
    assert_eq!(all["total_exact"], false);
    check("code=1", |r| r.2.starts_with('1'));
    check("actor=GBR", |r| r.1.starts_with("GBR"));
    check("place=aleppo", |r| r.4 == "Aleppo");
    // Combined broad filters (the counting budget may stop the count).
    // Every filter over the cap, their combination rarer: the timeline
    // index is read until the page is full, the count may stop early.
    check("actor=GBR&code=19", |r| {
        r.1.starts_with("GBR") && r.2.starts_with("19")
    });
    check("actor=GBR&code=1&mode=asserted", |r| {
        r.1.starts_with("GBR") && r.2.starts_with('1') && r.5 == Mode::Asserted
    });
    check("from=2016-02-01&to=2016-10-31&mode=asserted", |r| {
        r.3.as_deref()
            .is_some_and(|d| ("2016-02-01".."2016-11-01").contains(&d))
            && r.5 == Mode::Asserted
    });
    // One broad filter with a narrow one: the narrow one drives.
    check("actor=GBR&place=London", |r| {
        r.1.starts_with("GBR") && r.4 == "London"
    });
}

#[test]
fn narrow_filters_are_counted_exactly() {
    let v = ok("/api/events?actor=GBRCOP");
    assert_eq!(v["total_exact"], true);
    let n = rows().iter().filter(|r| r.1 == "GBRCOP").count();
    assert!(n > 0 && n <= COUNT_CAP as usize);
    assert_eq!(v["total"], n);
    check("actor=GBRCOP", |r| r.1 == "GBRCOP");
    check("actor=GBRCOP&code=19", |r| {
        r.1 == "GBRCOP" && r.2.starts_with("19")
    });
    check("mode=negated&place=London", |r| {
        r.5 == Mode::Negated && r.4 == "London"
    });
    let none = ok("/api/events?actor=ZZZ&code=19");
    assert_eq!(
        (none["total"].clone(), none["total_exact"].clone()),
        (0.into(), true.into())
    );
}

#[test]
fn places_count_the_filtered_events() {
    let v = ok("/api/places");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for p in items {
        let name = p["place"].as_str().unwrap();
        let n = rows().iter().filter(|r| r.4 == name).count();
        assert_eq!(p["events"], n, "{name}");
        assert_eq!(
            p["cooperation"].as_i64().unwrap() + p["conflict"].as_i64().unwrap(),
            n as i64
        );
        assert!(p["lat"].is_number() && p["lon"].is_number());
    }
    let v = ok("/api/places?actor=GBRCOP&code=19");
    let n: i64 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_i64().unwrap())
        .sum();
    let want = rows()
        .iter()
        .filter(|r| r.1 == "GBRCOP" && r.2.starts_with("19"))
        .count();
    assert_eq!(n as usize, want);
    assert_eq!(get_from(server(), "/api/places?mode=sometimes").status, 400);
}
