//! The shared document model every pipeline stage reads and annotates.
//!
//! An [`Article`] is what comes in; a [`Doc`] is the article plus the layers
//! the stages add: paragraphs, sentences, tokens, entities, quotes, events.
//! All offsets inside a `Doc` are **byte** offsets into `article.text`
//! ([`Span`]); the output stage converts them to Unicode code points with
//! [`CharIndex`], which is what users index by.

mod charindex;

pub use charindex::CharIndex;
pub use chrono::{Datelike, Days, NaiveDate, Weekday};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes, end exclusive).
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when `other` lies entirely within `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: &Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// One news article as read from the input, before any analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Stable identifier: the path as given for files, the `id` field for JSON Lines.
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Publication date; relative dates ("on Tuesday") are resolved against it.
    pub published: Option<NaiveDate>,
    /// Publisher or wire service, when known.
    pub source: Option<String>,
    /// The body text all offsets refer to.
    pub text: String,
    /// Input fields we do not interpret, kept and passed through to the output.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Coarse token classes assigned by the tokeniser; the tagger refines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenKind {
    #[default]
    Word,
    Number,
    Punct,
    /// A quotation mark of any style (straight, curly, guillemet, single).
    Quote,
    /// A clitic split off a word: `n't`, `'s`, `'re`.
    Clitic,
}

/// One token. `upos`, `xpos`, `head` and `dep` are filled by the NLP stage
/// when its models are loaded; before that they are `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// True when whitespace precedes the token (or it starts the text).
    pub space_before: bool,
    pub upos: Option<&'static str>,
    pub xpos: Option<&'static str>,
    /// Index (into `Doc::tokens`) of the syntactic head; `None` for the root.
    pub head: Option<usize>,
    pub dep: Option<&'static str>,
}

/// A sentence: a run of tokens `[tokens.start, tokens.end)` within one paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub tokens: std::ops::Range<usize>,
    pub span: Span,
    pub paragraph: usize,
}

/// Entity types, after OntoNotes/spaCy names so users can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    Gpe,
    Loc,
    Norp,
    Fac,
    Event,
    Date,
    Misc,
    /// A generic actor ("rebels", "regime forces", "US diplomats") coded by sector.
    Agent,
}

impl EntityType {
    /// The label written in the output (`PERSON`, `GPE`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Fac => "FAC",
            EntityType::Event => "EVENT",
            EntityType::Date => "DATE",
            EntityType::Misc => "MISC",
            EntityType::Agent => "AGENT",
        }
    }
}

/// A resolved actor: who a mention stands for, with its CAMEO code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    /// Stable id in the actor dictionary (e.g. `JOHN_KERRY`, `SYR`).
    pub id: String,
    /// Display name ("John Kerry", "Syria").
    pub name: String,
    /// CAMEO actor code in force on the article's date (e.g. `USAGOV`);
    /// `None` when the actor is known but has no code (yet).
    pub code: Option<String>,
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub span: Span,
    pub label: EntityType,
    pub actor: Option<ActorRef>,
    /// The place it names, with coordinates, when it is one.
    pub place: Option<Place>,
}

/// What kind of attribution a quote is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Verbatim words inside quotation marks.
    Direct,
    /// Reported speech: "X said that ...".
    Indirect,
    /// Reported speech containing a verbatim fragment.
    Mixed,
    /// Attributed belief, intention or other stance ("X believes ...").
    Stance,
}

/// An attribution: who said (or thinks) what.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The content, possibly in several pieces (split quotes).
    pub content: Vec<Span>,
    /// The source mention at this place ("he", "Mr Bell").
    pub source: Option<Span>,
    /// The cue ("said", "told reporters", "according to").
    pub cue: Option<Span>,
    /// The actor the source resolves to.
    pub speaker: Option<ActorRef>,
    /// Index of an earlier quote this one answers (a denial of a claim).
    pub responds_to: Option<usize>,
}

/// How an event is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Asserted,
    Negated,
    Claimed,
    Denied,
    Intended,
    Hypothetical,
}

/// An event participant: the mention and, when resolved, its actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub span: Span,
    pub actor: Option<ActorRef>,
}

/// A place with coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    /// ISO 3166-1 alpha-3 / CAMEO country code.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub span: Option<Span>,
    /// GeoNames id of the gazetteer entry.
    pub geonameid: Option<u32>,
}

/// A coded event: who did what to whom, when and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// CAMEO code, e.g. `"129"`.
    pub code: String,
    /// CAMEO short name ("Veto").
    pub name: String,
    /// Goldstein conflict-cooperation score of the code.
    pub goldstein: f32,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// PLOVER event type the code maps to, when there is one.
    pub plover: Option<String>,
    pub source: Option<Participant>,
    pub target: Option<Participant>,
    pub mode: Mode,
    pub date: Option<NaiveDate>,
    pub location: Option<Place>,
    /// The text the event was read from (usually its sentence or clause).
    pub evidence: Span,
    /// The trigger word or phrase.
    pub trigger: Option<Span>,
}

impl Event {
    /// One line for reading an event back against its text (`text` is the
    /// article text the spans point into): `129 REJECT [vetoing] Russia/RUS
    /// -> Security Council/IGOUNO Asserted`. A debugging aid, not the output
    /// contract.
    pub fn describe(&self, text: &str) -> String {
        let slice = |s: Span| text.get(s.start..s.end).unwrap_or("");
        let side = |p: &Option<Participant>| {
            p.as_ref().map_or("-".to_string(), |p| {
                let code = p.actor.as_ref().and_then(|a| a.code.as_deref());
                format!("{}/{}", slice(p.span), code.unwrap_or(""))
            })
        };
        format!(
            "{} {} [{}] {} -> {} {:?}",
            self.code,
            self.plover.as_deref().unwrap_or("-"),
            self.trigger.map_or("", slice),
            side(&self.source),
            side(&self.target),
            self.mode
        )
    }
}

/// Longest entity span expected, in bytes: bounds overlap searches.
const MAX_ENTITY_BYTES: usize = 1024;

/// Entities of a start-sorted slice that overlap `span`.
pub fn entities_overlapping(ents: &[Entity], span: Span) -> impl Iterator<Item = &Entity> {
    let lo = ents.partition_point(|e| e.span.start + MAX_ENTITY_BYTES < span.start);
    let hi = ents.partition_point(|e| e.span.start < span.end);
    ents[lo..hi.max(lo)]
        .iter()
        .filter(move |e| e.span.overlaps(&span))
}

/// An article with every annotation layer the stages have added.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub article: Article,
    /// Paragraph spans in reading order.
    pub paragraphs: Vec<Span>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    /// Non-fatal problems met while reading or coding this article.
    pub warnings: Vec<String>,
}

impl Doc {
    /// A new document with no annotations yet.
    pub fn new(article: Article) -> Self {
        Doc {
            article,
            ..Default::default()
        }
    }
    /// The article text.
    pub fn text(&self) -> &str {
        &self.article.text
    }
    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.article.text[span.start..span.end]
    }
    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.slice(self.tokens[i].span)
    }
    /// Index of the sentence holding byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        (i < self.sentences.len() && self.sentences[i].span.start <= pos).then_some(i)
    }
    /// Entities that overlap `span` (entities are kept sorted by start and
    /// are short, so a binary search bounds the scan).
    pub fn entities_overlapping(&self, span: Span) -> impl Iterator<Item = &Entity> {
        entities_overlapping(&self.entities, span)
    }

    /// The last entity that ends at or before byte `pos` and passes `keep`.
    pub fn entity_before(&self, pos: usize, keep: impl Fn(&Entity) -> bool) -> Option<&Entity> {
        let i = self.entities.partition_point(|e| e.span.start < pos);
        self.entities[..i]
            .iter()
            .rev()
            .filter(|e| e.span.end <= pos)
            .find(|e| keep(e))
    }

    /// Index of the first token that ends after byte offset `pos`.
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.span.end <= pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_description() {
        let text = "Russia vetoed it.";
        let e = Event {
            code: "129".into(),
            name: "Veto".into(),
            goldstein: -5.0,
            quad_class: 3,
            plover: Some("REJECT".into()),
            source: Some(Participant {
                span: Span::new(0, 6),
                actor: Some(ActorRef {
                    id: "RUS".into(),
                    name: "Russia".into(),
                    code: Some("RUS".into()),
                }),
            }),
            target: None,
            mode: Mode::Asserted,
            date: None,
            location: None,
            evidence: Span::new(0, 17),
            trigger: Some(Span::new(7, 13)),
        };
        assert_eq!(
            e.describe(text),
            "129 REJECT [vetoed] Russia/RUS -> - Asserted"
        );
    }

    fn doc(text: &str) -> Doc {
        Doc::new(Article {
            text: text.into(),
            ..Default::default()
        })
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 5);
        let b = Span::new(4, 8);
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&Span::new(5, 6)));
        assert_eq!(a.cover(&b), Span::new(0, 8));
        assert!(a.contains(&Span::new(1, 5)));
        assert!(Span::new(3, 3).is_empty());
    }

    #[test]
    fn sentence_lookup() {
        let mut d = doc("One. Two.");
        d.sentences = vec![
            Sentence {
                tokens: 0..2,
                span: Span::new(0, 4),
                paragraph: 0,
            },
            Sentence {
                tokens: 2..4,
                span: Span::new(5, 9),
                paragraph: 0,
            },
        ];
        assert_eq!(d.sentence_at(0), Some(0));
        assert_eq!(d.sentence_at(4), None);
        assert_eq!(d.sentence_at(6), Some(1));
        assert_eq!(d.sentence_at(20), None);
        assert_eq!(d.slice(Span::new(5, 8)), "Two");
    }
}
