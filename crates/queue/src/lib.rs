//! The work queue: articles waiting to be coded, on NATS JetStream.
//!
//! - **Articles** go to the subject `NAME.articles` of the work-queue stream
//!   `NAME-articles` (retention: work queue, so a message is gone once a
//!   worker acknowledges it). Each is one JSON object, the fields of a JSON
//!   Lines input line (`text`, and `id`, `title`, `published`, `url`,
//!   `source`, other fields kept as `extra`): [`article_message`] writes it,
//!   [`parse_message`] reads it back to the same article. Any program may
//!   publish there.
//! - **Deduplication**: `wirecode enqueue` sets the JetStream message id
//!   (`Nats-Msg-Id`) to the article's content hash, so the same story
//!   enqueued twice within the stream's duplicate window (a day by default)
//!   is stored in the stream once. The store is idempotent by the same hash,
//!   so a copy that gets through later is still stored once.
//! - **Workers** share one durable pull consumer (`NAME-workers`, explicit
//!   acknowledgement): each fetches a batch, and acknowledges a message only
//!   once its article is committed to the store (or dead-lettered). A
//!   message not acknowledged within the ack wait (a worker killed, or cut
//!   off) is delivered again, to any worker: at-least-once delivery, and the
//!   idempotent store makes that exactly-once storage.
//! - **Dead letters**: an input that cannot be coded goes to `NAME.dead` in
//!   the stream `NAME-dead` (kept until purged), with the reason, the stage
//!   (`enqueue` or `worker`) and where it came from in headers, and the
//!   original message as payload ([`DeadLetter`], [`Queue::dead_letters`]).

use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream, Context};
use async_nats::HeaderMap;
use bytes::Bytes;
use futures_util::StreamExt;
use serde_json::{Map, Value};
use wirecode_doc::Article;

pub use async_nats;
pub use bytes;

/// Header: why a dead letter failed.
pub const H_REASON: &str = "Wirecode-Reason";
/// Header: the input it came from (file and line, article id, or message id).
pub const H_ORIGIN: &str = "Wirecode-Origin";
/// Header: `enqueue` (the reader refused it) or `worker`.
pub const H_STAGE: &str = "Wirecode-Stage";
/// Header: how many times the worker had been given the message.
pub const H_DELIVERIES: &str = "Wirecode-Deliveries";
/// Header: the JetStream message id (deduplication).
pub const H_MSG_ID: &str = "Nats-Msg-Id";

/// Names and limits of one queue. [`QueueConfig::new`] derives every name
/// from one prefix, so several queues can share a NATS server.
#[derive(Debug, Clone)]
pub struct QueueConfig {
    /// `nats://host:port` (several separated by commas: a cluster).
    pub url: String,
    /// The work-queue stream.
    pub stream: String,
    /// The subject articles are published to.
    pub subject: String,
    /// The dead-letter stream.
    pub dead_stream: String,
    /// The dead-letter subject.
    pub dead_subject: String,
    /// The durable consumer the workers share.
    pub consumer: String,
    /// How long a worker may hold a message without word before it is
    /// delivered again (workers send "in progress" while they work on it).
    pub ack_wait: Duration,
    /// How long a message id is remembered for deduplication.
    pub dedup_window: Duration,
    /// Copies of each stream kept by a NATS cluster (1 on a single server),
    /// used when the streams are created.
    pub replicas: usize,
}

impl QueueConfig {
    /// The queue `name` (default `wirecode`) at `url`: streams
    /// `NAME-articles` and `NAME-dead`, subjects `NAME.articles` and
    /// `NAME.dead`, consumer `NAME-workers`.
    pub fn new(url: &str, name: &str) -> std::result::Result<QueueConfig, String> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!(
                "queue name {name:?}: use letters, digits, '-' and '_' only"
            ));
        }
        Ok(QueueConfig {
            url: url.to_string(),
            stream: format!("{name}-articles"),
            subject: format!("{name}.articles"),
            dead_stream: format!("{name}-dead"),
            dead_subject: format!("{name}.dead"),
            consumer: format!("{name}-workers"),
            ack_wait: Duration::from_secs(60),
            dedup_window: Duration::from_secs(24 * 3600),
            replicas: 1,
        })
    }
}

/// What can go wrong with the queue: a message for the user, naming the
/// server and what was being done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

fn err(what: &str, e: impl std::fmt::Display) -> Error {
    Error(format!("{what}: {e}"))
}

/// A connection to NATS with the queue's streams in place.
pub struct Queue {
    client: async_nats::Client,
    js: Context,
    cfg: QueueConfig,
}

/// A dead letter to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    /// Where the input came from (file and line, article id, message id).
    pub origin: String,
    /// Why it could not be coded.
    pub reason: String,
    /// `enqueue` or `worker`.
    pub stage: String,
    /// Deliveries to workers so far (worker stage).
    pub deliveries: Option<i64>,
    /// The original message or nothing (enqueue: the reader keeps no bytes).
    pub payload: Bytes,
    /// A message id, so the same failure dead-lettered twice (a worker
    /// killed after publishing it) is kept once.
    pub id: Option<String>,
}

/// A dead letter as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadRecord {
    /// Sequence in the dead-letter stream.
    pub seq: u64,
    /// When it was dead-lettered (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub time: String,
    /// `enqueue` or `worker`.
    pub stage: String,
    /// Where the input came from.
    pub origin: String,
    /// Why.
    pub reason: String,
    /// Deliveries to workers, when known.
    pub deliveries: Option<i64>,
    /// Payload size in bytes.
    pub bytes: usize,
}

impl DeadRecord {
    /// As one JSON object (for `wirecode queue dead`).
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "seq": self.seq, "time": self.time, "stage": self.stage, "origin": self.origin,
            "reason": self.reason, "deliveries": self.deliveries, "bytes": self.bytes,
        })
    }
}

/// Counts of a publishing run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Published {
    /// New messages in the stream.
    pub queued: usize,
    /// Refused as duplicates (same message id within the window).
    pub duplicates: usize,
}

/// The queue's state, for `wirecode queue status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    /// Messages in the work-queue stream (waiting or held by a worker).
    pub messages: u64,
    /// Waiting, not yet given to any worker.
    pub pending: u64,
    /// Given to a worker and not yet acknowledged.
    pub in_flight: u64,
    /// Of those, given more than once.
    pub redelivered: u64,
    /// Dead letters kept.
    pub dead: u64,
}

impl Status {
    /// True when no article waits and none is being worked on.
    pub fn drained(&self) -> bool {
        self.messages == 0 && self.pending == 0 && self.in_flight == 0
    }
}

/// Header values are one line: newlines become spaces, and the length is capped.
fn header_value(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out: String = one.chars().take(2000).collect();
    if one.chars().count() > 2000 {
        out.push('…');
    }
    out
}

impl Queue {
    /// Connects and creates the streams (and the workers' consumer) when
    /// they do not exist yet; existing ones are used as they are.
    pub async fn connect(cfg: &QueueConfig) -> Result<Queue> {
        // Several servers of a cluster: any of them will do to start with.
        let servers: Vec<&str> = cfg
            .url
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let client = async_nats::ConnectOptions::new()
            .name("wirecode")
            .connection_timeout(Duration::from_secs(10))
            .connect(servers)
            .await
            .map_err(|e| err(&format!("{}: cannot connect to NATS", cfg.url), e))?;
        let js = jetstream::new(client.clone());
        let q = Queue {
            client,
            js,
            cfg: cfg.clone(),
        };
        q.streams().await?;
        Ok(q)
    }

    /// The configuration.
    pub fn config(&self) -> &QueueConfig {
        &self.cfg
    }

    /// The largest message the server accepts, in bytes.
    pub fn max_payload(&self) -> usize {
        self.client.server_info().max_payload
    }

    async fn streams(&self) -> Result<()> {
        let c = &self.cfg;
        self.js
            .get_or_create_stream(stream::Config {
                name: c.stream.clone(),
                subjects: vec![c.subject.clone()],
                retention: stream::RetentionPolicy::WorkQueue,
                storage: stream::StorageType::File,
                duplicate_window: c.dedup_window,
                num_replicas: c.replicas.max(1),
                ..Default::default()
            })
            .await
            .map_err(|e| err(&format!("{}: stream {}", c.url, c.stream), e))?;
        self.js
            .get_or_create_stream(stream::Config {
                name: c.dead_stream.clone(),
                subjects: vec![c.dead_subject.clone()],
                retention: stream::RetentionPolicy::Limits,
                storage: stream::StorageType::File,
                duplicate_window: c.dedup_window,
                num_replicas: c.replicas.max(1),
                ..Default::default()
            })
            .await
            .map_err(|e| err(&format!("{}: stream {}", c.url, c.dead_stream), e))?;
        Ok(())
    }

    /// The durable pull consumer the workers share (created when missing).
    pub async fn consumer(&self) -> Result<consumer::PullConsumer> {
        let c = &self.cfg;
        let stream = self
            .js
            .get_stream(&c.stream)
            .await
            .map_err(|e| err(&format!("{}: stream {}", c.url, c.stream), e))?;
        stream
            .get_or_create_consumer(
                &c.consumer,
                consumer::pull::Config {
                    durable_name: Some(c.consumer.clone()),
                    ack_policy: consumer::AckPolicy::Explicit,
                    ack_wait: c.ack_wait,
                    // Redelivery never stops on the server's side: the worker
                    // dead-letters a message delivered too often itself, with
                    // the reason, instead of leaving it in the stream unseen.
                    max_deliver: -1,
                    max_ack_pending: 100_000,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| err(&format!("{}: consumer {}", c.url, c.consumer), e))
    }

    /// Publishes articles (`(message id, payload)`), waiting for every
    /// acknowledgement from the stream (up to `window` unacknowledged at a time).
    pub async fn publish_articles(&self, items: Vec<(String, Bytes)>) -> Result<Published> {
        let mut out = Published::default();
        let mut pending = Vec::new();
        for (id, payload) in items {
            let ack = self
                .js
                .send_publish(
                    self.cfg.subject.clone(),
                    jetstream::message::PublishMessage::build()
                        .payload(payload)
                        .message_id(id),
                )
                .await
                .map_err(|e| err(&format!("{}: publish", self.cfg.url), e))?;
            pending.push(ack);
            if pending.len() >= 256 {
                self.settle(&mut pending, &mut out).await?;
            }
        }
        self.settle(&mut pending, &mut out).await?;
        Ok(out)
    }

    async fn settle(
        &self,
        pending: &mut Vec<jetstream::context::PublishAckFuture>,
        out: &mut Published,
    ) -> Result<()> {
        for ack in pending.drain(..) {
            let a = ack
                .await
                .map_err(|e| err(&format!("{}: publish not acknowledged", self.cfg.url), e))?;
            if a.duplicate {
                out.duplicates += 1;
            } else {
                out.queued += 1;
            }
        }
        Ok(())
    }

    /// Publishes a dead letter and waits until the stream has it.
    pub async fn dead_letter(&self, d: &DeadLetter) -> Result<()> {
        let mut h = HeaderMap::new();
        h.insert(H_REASON, header_value(&d.reason).as_str());
        h.insert(H_ORIGIN, header_value(&d.origin).as_str());
        h.insert(H_STAGE, header_value(&d.stage).as_str());
        if let Some(n) = d.deliveries {
            h.insert(H_DELIVERIES, n.to_string().as_str());
        }
        let mut p = jetstream::message::PublishMessage::build()
            .payload(d.payload.clone())
            .headers(h);
        if let Some(id) = &d.id {
            p = p.message_id(id);
        }
        self.js
            .send_publish(self.cfg.dead_subject.clone(), p)
            .await
            .map_err(|e| err(&format!("{}: dead letter", self.cfg.url), e))?
            .await
            .map_err(|e| {
                err(
                    &format!("{}: dead letter not acknowledged", self.cfg.url),
                    e,
                )
            })?;
        Ok(())
    }

    /// Sends everything buffered to the server (acknowledgements included).
    pub async fn flush(&self) -> Result<()> {
        self.client
            .flush()
            .await
            .map_err(|e| err(&format!("{}: flush", self.cfg.url), e))
    }

    /// Counts of waiting, in-flight and dead messages.
    pub async fn status(&self) -> Result<Status> {
        let c = &self.cfg;
        let mut s = self
            .js
            .get_stream(&c.stream)
            .await
            .map_err(|e| err(&c.stream, e))?;
        let messages = s
            .info()
            .await
            .map_err(|e| err(&c.stream, e))?
            .state
            .messages;
        let mut d = self
            .js
            .get_stream(&c.dead_stream)
            .await
            .map_err(|e| err(&c.dead_stream, e))?;
        let dead = d
            .info()
            .await
            .map_err(|e| err(&c.dead_stream, e))?
            .state
            .messages;
        let mut out = Status {
            messages,
            dead,
            ..Default::default()
        };
        // No consumer yet: no worker ever ran, everything is pending.
        match s.get_consumer::<consumer::pull::Config>(&c.consumer).await {
            Ok(mut cons) => {
                let i = cons.info().await.map_err(|e| err(&c.consumer, e))?;
                out.pending = i.num_pending;
                out.in_flight = i.num_ack_pending as u64;
                out.redelivered = i.num_redelivered as u64;
            }
            Err(_) => out.pending = messages,
        }
        Ok(out)
    }

    /// The dead letters, oldest first (at most `limit`).
    pub async fn dead_letters(&self, limit: usize) -> Result<Vec<DeadRecord>> {
        let c = &self.cfg;
        let mut s = self
            .js
            .get_stream(&c.dead_stream)
            .await
            .map_err(|e| err(&c.dead_stream, e))?;
        let state = s
            .info()
            .await
            .map_err(|e| err(&c.dead_stream, e))?
            .state
            .clone();
        let mut out = Vec::new();
        if state.messages == 0 {
            return Ok(out);
        }
        for seq in state.first_sequence..=state.last_sequence {
            if out.len() >= limit {
                break;
            }
            // A purged or deleted sequence has no message: skip it.
            let Ok(m) = s.get_raw_message(seq).await else {
                continue;
            };
            let h = |k: &str| {
                m.headers
                    .get(k)
                    .map(|v| v.as_str().to_string())
                    .unwrap_or_default()
            };
            let t = m.time;
            out.push(DeadRecord {
                seq,
                time: format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    t.year(),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                ),
                stage: h(H_STAGE),
                origin: h(H_ORIGIN),
                reason: h(H_REASON),
                deliveries: h(H_DELIVERIES).parse().ok(),
                bytes: m.payload.len(),
            });
        }
        Ok(out)
    }
}

/// An article as a queue message: one JSON object with the fields of a
/// JSON Lines input line, its `extra` fields at the top level.
pub fn article_message(a: &Article) -> Vec<u8> {
    let mut m = Map::new();
    for (k, v) in &a.extra {
        m.insert(k.clone(), v.clone());
    }
    m.insert("id".into(), Value::from(a.id.clone()));
    let mut put = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            m.insert(k.into(), Value::from(v.clone()));
        }
    };
    put("title", &a.title);
    put("url", &a.url);
    put("published", &a.published.map(|d| d.to_string()));
    put("source", &a.source);
    m.insert("text".into(), Value::from(a.text.clone()));
    serde_json::to_vec(&Value::Object(m)).unwrap_or_default()
}

/// Reads a queue message back into an article, checking it as the file
/// reader checks its inputs. `fallback_id` names articles without an `id`.
/// An error is the reason to dead-letter it.
pub fn parse_message(payload: &[u8], fallback_id: &str, max_bytes: usize) -> Result<Article> {
    if payload.len() > max_bytes {
        return Err(Error(format!(
            "message too large ({} bytes; the limit is {max_bytes} bytes, set with --max-bytes)",
            payload.len()
        )));
    }
    let text = std::str::from_utf8(payload).map_err(|e| {
        Error(format!(
            "not UTF-8 JSON (invalid byte at {})",
            e.valid_up_to()
        ))
    })?;
    let v: Value =
        serde_json::from_str(text.trim()).map_err(|e| Error(format!("malformed JSON: {e}")))?;
    let Value::Object(mut map) = v else {
        return Err(Error("a message must be a JSON object".into()));
    };
    // The checks and fields of a JSON Lines line (one reader for both), plus
    // the file reader's binary test on the text.
    if let Some(Value::String(t)) = map.get("text") {
        if !t.trim().is_empty() && wirecode_input::looks_binary(t.as_bytes()) {
            return Err(Error("binary content, not text".into()));
        }
    }
    if matches!(map.get("id"), None | Some(Value::Null)) {
        map.insert("id".into(), Value::String(fallback_id.to_string()));
    }
    wirecode_input::json_object_article(
        fallback_id,
        0,
        map,
        &wirecode_input::ReadOptions::default(),
    )
    .map_err(Error)
}

/// Where a message came from, for dead letters: its `Nats-Msg-Id` header
/// when it has one, else its place in the stream.
pub fn message_origin(m: &jetstream::Message, stream_seq: u64) -> String {
    m.headers
        .as_ref()
        .and_then(|h| h.get(H_MSG_ID))
        .map(|v| v.as_str().to_string())
        .unwrap_or_else(|| format!("{}#{stream_seq}", m.subject))
}

/// Waits up to `wait` for the first message, then takes what else is
/// waiting without waiting more, up to `max` in all.
pub async fn fetch_batch(
    consumer: &consumer::PullConsumer,
    max: usize,
    wait: Duration,
) -> Result<Vec<jetstream::Message>> {
    let mut out = Vec::with_capacity(max);
    let mut first = consumer
        .batch()
        .max_messages(1)
        .expires(wait)
        .messages()
        .await
        .map_err(|e| err("fetch", e))?;
    while let Some(m) = first.next().await {
        match m {
            Ok(m) => out.push(m),
            Err(e) => return Err(err("fetch", e)),
        }
    }
    if out.is_empty() || max <= 1 {
        return Ok(out);
    }
    let mut rest = consumer
        .fetch()
        .max_messages(max - out.len())
        .messages()
        .await
        .map_err(|e| err("fetch", e))?;
    while let Some(m) = rest.next().await {
        match m {
            Ok(m) => out.push(m),
            // Messages already taken stay taken: work on them.
            Err(_) => break,
        }
    }
    Ok(out)
}

/// Sleeps `d` (for callers without their own runtime imports).
pub async fn sleep(d: Duration) {
    tokio::time::sleep(d).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirecode_doc::NaiveDate;

    #[test]
    fn messages_round_trip_to_the_same_article_and_hash() {
        let mut extra = Map::new();
        extra.insert("lang".into(), Value::from("en"));
        let a = Article {
            id: "x/1.txt".into(),
            title: Some("Title".into()),
            url: Some("https://example.org/2016/12/06/story".into()),
            published: NaiveDate::from_ymd_opt(2016, 12, 6),
            source: Some("Wire".into()),
            text: "Zoë said \"no\".\nSecond line.".into(),
            extra,
        };
        let back = parse_message(&article_message(&a), "unused", 1 << 20).unwrap();
        assert_eq!(back, a);
        assert_eq!(
            wirecode_store::content_hash(&back),
            wirecode_store::content_hash(&a)
        );
        let bare = Article {
            id: "y".into(),
            text: "Only text.".into(),
            ..Default::default()
        };
        assert_eq!(
            parse_message(&article_message(&bare), "unused", 1 << 20).unwrap(),
            bare
        );
    }

    #[test]
    fn broken_messages_are_refused_with_a_reason() {
        let cases: [(&[u8], &str); 8] = [
            (b"not json", "malformed JSON"),
            (b"[1, 2]", "JSON object"),
            (b"{\"id\": \"a\"}", "missing field \"text\""),
            (b"{\"text\": \"  \"}", "empty article"),
            (b"{\"text\": 5}", "must be a string"),
            (b"{\"text\": \"a\\u0000b\"}", "binary"),
            (b"\xff\xfe{}", "not UTF-8"),
            (b"{\"text\": \"ok\", \"published\": \"soon\"}", "not a date"),
        ];
        for (raw, why) in cases {
            let e = parse_message(raw, "m", 1 << 20).unwrap_err().to_string();
            assert!(e.contains(why), "{:?}: {e}", String::from_utf8_lossy(raw));
        }
        let e = parse_message(b"{\"text\": \"long enough\"}", "m", 10).unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
        // No id: the fallback names it.
        assert_eq!(
            parse_message(b"{\"text\": \"t\"}", "subj#4", 100)
                .unwrap()
                .id,
            "subj#4"
        );
    }

    #[test]
    fn names_and_headers() {
        let c = QueueConfig::new("nats://h:4222", "wc_test-1").unwrap();
        assert_eq!(c.stream, "wc_test-1-articles");
        assert_eq!(c.subject, "wc_test-1.articles");
        assert_eq!(c.dead_subject, "wc_test-1.dead");
        assert!(QueueConfig::new("nats://h", "a.b").is_err());
        assert!(QueueConfig::new("nats://h", "").is_err());
        assert_eq!(header_value("a\r\nb"), "a  b");
        assert!(header_value(&"x".repeat(5000)).ends_with('…'));
    }
}
