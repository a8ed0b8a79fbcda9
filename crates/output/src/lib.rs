//! The output contract: one JSON object per article (JSON Lines), or TSV
//! rows. Field names are fixed; tools outside the repo read them. All
//! offsets are Unicode code-point offsets into the article text, end
//! exclusive (converted here from the byte offsets used inside).

mod export;

pub use export::{gdelt_header, to_gdelt, to_plover, GDELT_COLUMNS, GDELT_EXTRA};

use serde::Serialize;
use wirecode_doc::{ActorRef, CharIndex, Doc, Mode, QuoteKind, Span};

/// Output formats `wirecode code` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Tsv,
    Gdelt,
    Plover,
}

/// What to include besides the fixed fields.
#[derive(Debug, Clone, Copy)]
pub struct OutputOptions {
    /// Include the article text, so offsets can be checked without the input.
    pub with_text: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { with_text: true }
    }
}

#[derive(Serialize)]
struct Offsets {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Mention<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    label: &'static str,
    actor: Option<&'a ActorRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<PlaceOut<'a>>,
}

/// A resolved place on an entity (additive to the contract).
#[derive(Serialize)]
struct PlaceOut<'a> {
    name: &'a str,
    country: &'a str,
    lat: f64,
    lon: f64,
    geonameid: Option<u32>,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    kind: QuoteKind,
    content: Vec<Offsets>,
    source: Option<Mention<'a>>,
    cue: Option<Mention<'a>>,
    speaker: Option<&'a ActorRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    responds_to: Option<usize>,
}

#[derive(Serialize)]
struct ParticipantOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    name: Option<&'a str>,
    code: Option<&'a str>,
}

#[derive(Serialize)]
struct LocationOut<'a> {
    name: &'a str,
    country: &'a str,
    lat: f64,
    lon: f64,
    start: Option<usize>,
    end: Option<usize>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    code: &'a str,
    root: &'a str,
    name: &'a str,
    plover: Option<&'a str>,
    goldstein: f32,
    quad_class: u8,
    source: Option<ParticipantOut<'a>>,
    target: Option<ParticipantOut<'a>>,
    mode: Mode,
    date: Option<String>,
    location: Option<LocationOut<'a>>,
    /// The word that triggered the event ("vetoed", "veto"), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger: Option<Mention<'a>>,
    evidence: Offsets,
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    entities: Vec<EntityOut<'a>>,
    quotes: Vec<QuoteOut<'a>>,
    events: Vec<EventOut<'a>>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// Converts byte spans to code-point offsets for one document.
struct Conv<'a> {
    doc: &'a Doc,
    ix: CharIndex,
}

impl<'a> Conv<'a> {
    fn off(&self, s: Span) -> Offsets {
        Offsets {
            start: self.ix.char_of(s.start),
            end: self.ix.char_of(s.end),
        }
    }
    fn mention(&self, s: Span) -> Mention<'a> {
        Mention {
            start: self.ix.char_of(s.start),
            end: self.ix.char_of(s.end),
            text: &self.doc.article.text[s.start..s.end],
        }
    }
}

fn build<'a>(doc: &'a Doc, opts: &OutputOptions) -> ArticleOut<'a> {
    let c = Conv {
        doc,
        ix: CharIndex::new(&doc.article.text),
    };
    let a = &doc.article;
    let participant = |p: &'a wirecode_doc::Participant| {
        let m = c.mention(p.span);
        ParticipantOut {
            start: m.start,
            end: m.end,
            text: m.text,
            name: p.actor.as_ref().map(|x| x.name.as_str()),
            code: p.actor.as_ref().and_then(|x| x.code.as_deref()),
        }
    };
    ArticleOut {
        id: &a.id,
        title: a.title.as_deref(),
        url: a.url.as_deref(),
        published: a.published.map(|d| d.to_string()),
        source: a.source.as_deref(),
        text: opts.with_text.then_some(a.text.as_str()),
        entities: doc
            .entities
            .iter()
            .map(|e| {
                let m = c.mention(e.span);
                EntityOut {
                    start: m.start,
                    end: m.end,
                    text: m.text,
                    label: e.label.as_str(),
                    actor: e.actor.as_ref(),
                    place: e.place.as_ref().map(|p| PlaceOut {
                        name: &p.name,
                        country: &p.country,
                        lat: p.lat,
                        lon: p.lon,
                        geonameid: p.geonameid,
                    }),
                }
            })
            .collect(),
        quotes: doc
            .quotes
            .iter()
            .map(|q| QuoteOut {
                kind: q.kind,
                content: q.content.iter().map(|s| c.off(*s)).collect(),
                source: q.source.map(|s| c.mention(s)),
                cue: q.cue.map(|s| c.mention(s)),
                speaker: q.speaker.as_ref(),
                responds_to: q.responds_to,
            })
            .collect(),
        events: doc
            .events
            .iter()
            .map(|e| EventOut {
                code: &e.code,
                root: &e.code[..e.code.len().min(2)],
                name: &e.name,
                plover: e.plover.as_deref(),
                goldstein: e.goldstein,
                quad_class: e.quad_class,
                source: e.source.as_ref().map(participant),
                target: e.target.as_ref().map(participant),
                mode: e.mode,
                date: e.date.map(|d| d.to_string()),
                location: e.location.as_ref().map(|l| LocationOut {
                    name: &l.name,
                    country: &l.country,
                    lat: l.lat,
                    lon: l.lon,
                    start: l.span.map(|s| c.ix.char_of(s.start)),
                    end: l.span.map(|s| c.ix.char_of(s.end)),
                }),
                trigger: e.trigger.map(|s| c.mention(s)),
                evidence: c.off(e.evidence),
            })
            .collect(),
        extra: &a.extra,
    }
}

/// One JSON object (no trailing newline) in the output contract.
pub fn to_json(doc: &Doc, opts: &OutputOptions) -> String {
    serde_json::to_string(&build(doc, opts)).expect("output structs always serialise")
}

/// The same object as a `serde_json::Value` (for embedding in other output).
pub fn to_value(doc: &Doc, opts: &OutputOptions) -> serde_json::Value {
    serde_json::to_value(build(doc, opts)).expect("output structs always serialise")
}

/// Column names of the TSV format.
pub const TSV_HEADER: &str = "id\tlayer\tstart\tend\tlabel\ttext\tactor_name\tactor_code\tdetail";

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// TSV rows (each ending in a newline): one per entity, quote and event.
/// Quotes give the cover of their content spans and the source in `detail`;
/// events give `source -> target`, mode and date in `detail`.
pub fn to_tsv(doc: &Doc) -> String {
    let ix = CharIndex::new(&doc.article.text);
    let id = clean(&doc.article.id);
    let mut out = String::new();
    let mut row =
        |layer: &str, span: Span, label: &str, actor: Option<&ActorRef>, detail: String| {
            out.push_str(&format!(
                "{id}\t{layer}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                ix.char_of(span.start),
                ix.char_of(span.end),
                label,
                clean(doc.slice(span)),
                actor.map(|a| clean(&a.name)).unwrap_or_default(),
                actor.and_then(|a| a.code.as_deref()).unwrap_or_default(),
                clean(&detail)
            ));
        };
    for e in &doc.entities {
        row(
            "entity",
            e.span,
            e.label.as_str(),
            e.actor.as_ref(),
            String::new(),
        );
    }
    for q in &doc.quotes {
        let Some(first) = q.content.first() else {
            continue;
        };
        let cover = q.content.iter().fold(*first, |a, s| a.cover(s));
        let kind = serde_json::to_value(q.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let detail = q
            .source
            .map(|s| format!("source={}", doc.slice(s)))
            .unwrap_or_default();
        row("quote", cover, &kind, q.speaker.as_ref(), detail);
    }
    for e in &doc.events {
        let who = |p: &Option<wirecode_doc::Participant>| {
            p.as_ref()
                .map(|p| {
                    p.actor
                        .as_ref()
                        .and_then(|a| a.code.clone())
                        .unwrap_or_else(|| doc.slice(p.span).to_string())
                })
                .unwrap_or_default()
        };
        let mode = serde_json::to_value(e.mode)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let detail = format!(
            "{} -> {}; mode={}; date={}",
            who(&e.source),
            who(&e.target),
            mode,
            e.date.map(|d| d.to_string()).unwrap_or_default()
        );
        row("event", e.evidence, &e.code, None, detail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirecode_doc::{Article, Entity, EntityType, Quote};

    fn doc() -> Doc {
        let text = "“Go,” said Kérry.";
        let mut d = Doc::new(Article {
            id: "a.txt".into(),
            text: text.into(),
            ..Default::default()
        });
        let kerry = text.find("Kérry").unwrap();
        d.entities.push(Entity {
            span: Span::new(kerry, kerry + "Kérry".len()),
            label: EntityType::Person,
            actor: Some(ActorRef {
                id: "JOHN_KERRY".into(),
                name: "John Kerry".into(),
                code: Some("USAGOV".into()),
            }),
            place: None,
        });
        let go = text.find("Go").unwrap();
        d.quotes.push(Quote {
            kind: QuoteKind::Direct,
            content: vec![Span::new(go, go + 3)],
            source: Some(Span::new(kerry, kerry + "Kérry".len())),
            cue: None,
            speaker: None,
            responds_to: None,
        });
        d
    }

    #[test]
    fn json_uses_code_point_offsets() {
        let d = doc();
        let v: serde_json::Value =
            serde_json::from_str(&to_json(&d, &OutputOptions::default())).unwrap();
        assert_eq!(v["id"], "a.txt");
        assert_eq!(v["entities"][0]["start"], 11);
        assert_eq!(v["entities"][0]["end"], 16);
        assert_eq!(v["entities"][0]["type"], "PERSON");
        assert_eq!(v["entities"][0]["actor"]["code"], "USAGOV");
        assert_eq!(v["quotes"][0]["content"][0]["start"], 1);
        assert_eq!(v["quotes"][0]["kind"], "direct");
        assert_eq!(v["quotes"][0]["source"]["text"], "Kérry");
        assert!(v["events"].as_array().unwrap().is_empty());
        let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
        assert_eq!(text[11..16].iter().collect::<String>(), "Kérry");
        let no_text = to_json(&d, &OutputOptions { with_text: false });
        assert!(!no_text.contains("\"text\":\"“Go"));
    }

    #[test]
    fn tsv_rows() {
        let t = to_tsv(&doc());
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].split('\t').count(), TSV_HEADER.split('\t').count());
        assert!(lines[0].starts_with("a.txt\tentity\t11\t16\tPERSON\tKérry\tJohn Kerry\tUSAGOV"));
    }
}
