//! Shared by the API tests: two synthetic coded articles and a tiny
//! HTTP/1.1 client over `TcpStream`.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;
use wirecode_doc::{
    ActorRef, Article, Doc, Entity, EntityType, Event, Mode, NaiveDate, Participant, Place, Quote,
    QuoteKind, Span,
};

fn actor(id: &str, name: &str, code: &str) -> ActorRef {
    ActorRef {
        id: id.into(),
        name: name.into(),
        code: Some(code.into()),
    }
}

/// The byte span of the first `needle` in `text`.
fn span(text: &str, needle: &str) -> Span {
    let i = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    Span::new(i, i + needle.len())
}

#[allow(clippy::too_many_arguments)]
fn event(
    text: &str,
    code: &str,
    name: &str,
    quad: u8,
    plover: &str,
    src: (&str, ActorRef),
    tgt: Option<(&str, ActorRef)>,
    mode: Mode,
    date: Option<NaiveDate>,
    place: Option<Place>,
    evidence: &str,
) -> Event {
    Event {
        code: code.into(),
        name: name.into(),
        goldstein: if quad <= 2 { 3.0 } else { -5.0 },
        quad_class: quad,
        plover: Some(plover.into()),
        source: Some(Participant {
            span: span(text, src.0),
            actor: Some(src.1),
        }),
        target: tgt.map(|(t, a)| Participant {
            span: span(text, t),
            actor: Some(a),
        }),
        mode,
        date,
        location: place,
        evidence: span(text, evidence),
        trigger: None,
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A veto story with a non-ASCII name first (byte and code-point offsets
/// differ), a quote, an accusation and its denial.
pub fn veto() -> Doc {
    let text = "Zoë Ashworth reported. Russia vetoed the resolution in Sittwe on Monday. \
                “We will not accept pressure,” said Vasily Nebenzya. \
                Britain accused Russia of shielding the army, which Moscow denied.";
    let mut d = Doc::new(Article {
        id: "veto.txt".into(),
        title: Some("Russia vetoes aid resolution".into()),
        published: date(2016, 12, 6),
        text: text.into(),
        ..Default::default()
    });
    let sittwe = Place {
        name: "Sittwe".into(),
        country: "MMR".into(),
        lat: 20.15,
        lon: 92.9,
        span: Some(span(text, "Sittwe")),
        geonameid: Some(1),
    };
    d.entities = vec![
        Entity {
            span: span(text, "Russia"),
            label: EntityType::Gpe,
            actor: Some(actor("RUS", "Russia", "RUS")),
            place: None,
        },
        Entity {
            span: span(text, "Sittwe"),
            label: EntityType::Gpe,
            actor: None,
            place: Some(sittwe.clone()),
        },
        Entity {
            span: span(text, "Vasily Nebenzya"),
            label: EntityType::Person,
            actor: Some(actor("VASILY_NEBENZYA", "Vasily Nebenzya", "RUSGOV")),
            place: None,
        },
    ];
    d.quotes = vec![
        Quote {
            kind: QuoteKind::Direct,
            content: vec![span(text, "We will not accept pressure,")],
            source: Some(span(text, "Vasily Nebenzya")),
            cue: Some(span(text, "said")),
            speaker: Some(actor("VASILY_NEBENZYA", "Vasily Nebenzya", "RUSGOV")),
            responds_to: None,
        },
        Quote {
            kind: QuoteKind::Indirect,
            content: vec![span(text, "Russia of shielding the army")],
            source: Some(span(text, "Britain")),
            cue: Some(span(text, "accused")),
            speaker: Some(actor("GBR", "United Kingdom", "GBR")),
            responds_to: None,
        },
        Quote {
            kind: QuoteKind::Indirect,
            content: vec![span(text, "which")],
            source: Some(span(text, "Moscow")),
            cue: Some(span(text, "denied")),
            speaker: Some(actor("RUS", "Russia", "RUS")),
            responds_to: Some(1),
        },
    ];
    d.events = vec![
        event(
            text,
            "129",
            "Veto",
            3,
            "REJECT",
            ("Russia", actor("RUS", "Russia", "RUS")),
            Some(("resolution", actor("IGOUNO", "United Nations", "IGOUNO"))),
            Mode::Asserted,
            date(2016, 12, 5),
            Some(sittwe),
            "Russia vetoed the resolution in Sittwe on Monday.",
        ),
        event(
            text,
            "112",
            "Accuse",
            3,
            "ACCUSE",
            ("Britain", actor("GBR", "United Kingdom", "GBR")),
            Some(("Russia of", actor("RUS", "Russia", "RUS"))),
            Mode::Asserted,
            None,
            None,
            "Britain accused Russia of shielding the army, which Moscow denied.",
        ),
    ];
    d
}

/// Talks story whose text carries markup: it must come back as plain JSON data.
pub fn talks() -> Doc {
    let text = "Mali and Niger agreed to meet in Bamako <script>alert('x')</script> next week. \
                Mali praised Niger.";
    let mut d = Doc::new(Article {
        id: "talks.txt".into(),
        title: Some("Talks <b>planned</b>".into()),
        published: date(2017, 3, 3),
        text: text.into(),
        ..Default::default()
    });
    d.events = vec![
        event(
            text,
            "036",
            "Express intent to meet or negotiate",
            1,
            "CONSULT",
            ("Mali", actor("MLI", "Mali", "MLI")),
            Some(("Niger", actor("NER", "Niger", "NER"))),
            Mode::Intended,
            date(2017, 3, 10),
            None,
            "Mali and Niger agreed to meet in Bamako",
        ),
        event(
            text,
            "051",
            "Praise or endorse",
            1,
            "COOPERATE",
            ("Mali praised", actor("MLI", "Mali", "MLI")),
            Some(("Niger.", actor("NER", "Niger", "NER"))),
            Mode::Asserted,
            None,
            None,
            "Mali praised Niger.",
        ),
    ];
    d
}

/// An HTTP reply.
pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// GET `path` from the server at `addr` over a fresh connection
/// (`Connection: close`) and read the reply.
pub fn get_from(addr: SocketAddr, path: &str) -> Reply {
    request_to(addr, "GET", path, &[], "")
}

/// Sends one request (`headers` as `Name: value` lines, `body` as JSON when
/// not empty) and reads the whole reply.
pub fn request_to(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &str,
) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for h in headers {
        head += &format!("{h}\r\n");
    }
    if !body.is_empty() || method == "POST" {
        head += &format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        );
    }
    head += "\r\n";
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).expect("UTF-8 reply");
    let (head, body) = raw.split_once("\r\n\r\n").expect("headers end");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let mut reply = Reply {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    };
    if reply
        .header("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        reply.body = dechunk(body);
    }
    reply
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}
