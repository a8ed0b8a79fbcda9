//! The record in PostgreSQL: the same tables, columns and queries as the
//! embedded SQLite store (`wirecode-store`), on a server that many
//! `wirecode worker` processes write to at once.
//!
//! - [`PgStore::connect`] creates or upgrades the schema ([`MIGRATIONS`],
//!   version in the `meta` table, applied under an advisory lock so workers
//!   starting together do not race); a schema written by a newer wirecode is
//!   refused.
//! - [`PgStore::insert_batch`] stores a batch in one transaction, one
//!   statement per table (`unnest` of column arrays), and is idempotent by
//!   content hash: `INSERT ... ON CONFLICT (hash) DO NOTHING`. Two workers
//!   storing the same article at once store it once: the second waits for
//!   the first's transaction and then finds the hash taken.
//! - Queries run the statements of [`wirecode_store::sql`] with the
//!   PostgreSQL dialect, so `wirecode query` and `wirecode serve` answer the
//!   same from either backend. Full-text search uses `tsvector` columns kept
//!   by the database (generated columns) with English stemming and no stop
//!   words; ranking and snippets are PostgreSQL's (`ts_rank`, `ts_headline`).
//!
//! Differences from SQLite, all forced by PostgreSQL: a NUL character
//! cannot be stored in text, so it is stored as U+FFFD (one code point for
//! one, offsets unchanged); search covers the first
//! [`PG_SEARCHED_CHARS`](wirecode_store::sql::PG_SEARCHED_CHARS) characters
//! of an article; connections are plain TCP or a Unix socket (no TLS: keep
//! the database on a private network or tunnel it).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

pub use postgres;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, GenericClient, NoTls};
use serde_json::Value;
use wirecode_doc::{Article, Doc, NaiveDate};
use wirecode_store::sql::{self, Arg, Dialect};
use wirecode_store::{content_hash, layers, redact_url, BatchCounts, Counts, Layers, Rows};

/// The schema, one migration per version, numbered as the SQLite store's
/// (`wirecode_store::MIGRATIONS`): version N has the same tables and
/// columns in both. Append only; never edit a released entry.
pub const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4];

/// Version 1: the SQLite store's tables with PostgreSQL types (whole
/// numbers are `BIGINT`, reals `DOUBLE PRECISION`; code and date columns
/// compare byte-wise, `COLLATE "C"`, as SQLite's do), plus a generated
/// `search` column on `articles` and `quotes` in place of the FTS5 tables.
const SCHEMA_V1: &str = r#"
CREATE TEXT SEARCH DICTIONARY wirecode_english_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION wirecode_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION wirecode_english
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH wirecode_english_stem;

CREATE TABLE articles (
    id BIGSERIAL PRIMARY KEY,
    ext_id TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    published TEXT COLLATE "C",
    source TEXT,
    text TEXT NOT NULL,
    extra TEXT,
    coded_at TEXT NOT NULL,
    wirecode_version TEXT NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('wirecode_english'::regconfig,
                    coalesce(title, '') || ' ' || left(text, 200000))) STORED
);
CREATE INDEX articles_ext_id ON articles(ext_id);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_search ON articles USING GIN (search);

CREATE TABLE entities (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT,
    actor_code TEXT COLLATE "C",
    place_name TEXT,
    place_country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_actor_code ON entities(actor_code);

CREATE TABLE quotes (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    kind TEXT NOT NULL,
    content_json TEXT NOT NULL,
    content_text TEXT NOT NULL,
    source_text TEXT,
    cue_text TEXT,
    speaker_id TEXT,
    speaker_name TEXT,
    speaker_code TEXT COLLATE "C",
    responds_to BIGINT,
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('wirecode_english'::regconfig, left(content_text, 200000))) STORED,
    UNIQUE (article_id, idx)
);
CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
CREATE INDEX quotes_responds_to ON quotes(article_id, responds_to) WHERE responds_to IS NOT NULL;
CREATE INDEX quotes_search ON quotes USING GIN (search);

CREATE TABLE events (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    code TEXT COLLATE "C" NOT NULL,
    root TEXT NOT NULL,
    name TEXT NOT NULL,
    plover TEXT,
    goldstein DOUBLE PRECISION NOT NULL,
    quad_class BIGINT NOT NULL,
    source_text TEXT,
    source_name TEXT,
    source_code TEXT COLLATE "C",
    target_text TEXT,
    target_name TEXT,
    target_code TEXT COLLATE "C",
    mode TEXT NOT NULL,
    date TEXT COLLATE "C",
    place_name TEXT,
    place_country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    evidence_start BIGINT NOT NULL,
    evidence_end BIGINT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_place ON events(lower(place_name));
"#;

/// Version 2, as the SQLite store's: `events.day` (the event's date, else
/// its article's), and the indexes the timeline's order (undated last),
/// date ranges, mode and PLOVER filters read.
const SCHEMA_V2: &str = r#"
ALTER TABLE events ADD COLUMN day TEXT COLLATE "C";
UPDATE events e SET day = COALESCE(e.date, a.published) FROM articles a WHERE a.id = e.article_id;
CREATE INDEX events_timeline ON events((day IS NULL), day, article_id, idx,
    code, source_code, target_code, place_name, mode, plover);
CREATE INDEX events_day ON events(day, article_id, idx);
CREATE INDEX events_mode ON events(mode);
CREATE INDEX events_plover ON events(upper(plover));
"#;

/// Version 3: as the SQLite store's, an index for the timeline under a
/// CAMEO root (PostgreSQL's planner picks it for `code` filters itself).
const SCHEMA_V3: &str = r#"
CREATE INDEX events_root_timeline ON events(root, (day IS NULL), day, article_id, idx);
"#;

/// Version 4, as the SQLite store's: each event keeps its evidence text.
const SCHEMA_V4: &str = r#"
ALTER TABLE events ADD COLUMN evidence TEXT;
UPDATE events e SET evidence = substr(a.text, CAST(e.evidence_start + 1 AS INTEGER),
                                      CAST(e.evidence_end - e.evidence_start AS INTEGER))
FROM articles a WHERE a.id = e.article_id;
"#;

/// The advisory lock taken while migrating (any fixed number; "wire").
const MIGRATION_LOCK: i64 = 0x7769_7265;

/// The version written to `articles.wirecode_version`.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `coded_at`, as SQLite writes it: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
const NOW: &str = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

/// What can go wrong talking to PostgreSQL.
#[derive(Debug)]
pub enum Error {
    /// The URL could not be read.
    Url(String),
    /// Connecting failed (server down, refused, authentication).
    Connect {
        /// The URL, password hidden.
        url: String,
        /// What the client said.
        source: postgres::Error,
    },
    /// A statement failed.
    Db(postgres::Error),
    /// The schema was written by a newer wirecode.
    NewerSchema {
        /// Version found.
        found: usize,
        /// Newest version this binary knows.
        supported: usize,
    },
    /// No wirecode schema at this URL (for readers, which never create one).
    Missing(String),
    /// A search that cannot be read.
    BadSearch(String),
}

impl Error {
    /// True when trying again later may succeed: the connection was lost or
    /// refused, the server is shutting down or starting, or the transaction
    /// lost a deadlock or serialization conflict. Everything else (a bad
    /// statement, a value the schema refuses) fails the same way again.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Connect { source, .. } | Error::Db(source) => transient(source),
            _ => false,
        }
    }
}

fn transient(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        let c = code.code();
        // 08: connection exception; 40: transaction rollback (deadlock,
        // serialization); 53: insufficient resources; 57P0x: shutting down,
        // starting up; 58: system error (I/O).
        return c.starts_with("08")
            || c.starts_with("40")
            || c.starts_with("53")
            || c.starts_with("57P")
            || c.starts_with("58");
    }
    // No SQLSTATE: an I/O error is transient; a type conversion is not.
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        if s.is::<std::io::Error>() {
            return true;
        }
        src = s.source();
    }
    false
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Url(m) => write!(f, "{m}"),
            Error::Connect { url, source } => {
                write!(f, "{url}: cannot connect: {}", describe(source))
            }
            Error::Db(e) => write!(f, "database: {}", describe(e)),
            Error::NewerSchema { found, supported } => write!(
                f,
                "database schema version {found} is newer than this wirecode supports \
                 (version {supported}); use a newer wirecode to read it"
            ),
            Error::Missing(url) => write!(
                f,
                "{url}: no wirecode schema there (create one with `wirecode ingest --store URL` \
                 or `wirecode worker`)"
            ),
            Error::BadSearch(m) => write!(
                f,
                "bad search: {m} (search syntax: words, \"a phrase\", AND, OR, NOT, prefix*, \
                 parentheses)"
            ),
        }
    }
}

/// The client's message with the server's detail, when there is one.
fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{}: {}", db.severity(), db.message());
            if let Some(d) = db.detail() {
                s += &format!(" ({d})");
            }
            s
        }
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(x) = src {
                let m = x.to_string();
                if !s.contains(&m) {
                    s += &format!(": {m}");
                }
                src = x.source();
            }
            s
        }
    }
}

impl std::error::Error for Error {}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        match e.as_db_error() {
            Some(db) if db.message().contains("tsquery") => {
                Error::BadSearch(db.message().to_string())
            }
            _ => Error::Db(e),
        }
    }
}

impl From<Error> for wirecode_store::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::BadSearch(m) => wirecode_store::Error::BadSearch(m),
            Error::NewerSchema { found, supported } => {
                wirecode_store::Error::NewerSchema { found, supported }
            }
            Error::Missing(url) => wirecode_store::Error::Missing(url),
            other => wirecode_store::Error::Backend(other.to_string()),
        }
    }
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Reads a connection URL (`postgres://user:password@host:port/dbname?...`,
/// libpq style), with a 10 s connect timeout and TCP keepalives unless the
/// URL says otherwise.
pub fn config(url: &str) -> Result<Config> {
    let mut c: Config = url.parse().map_err(|e: postgres::Error| {
        Error::Url(format!("{}: not a PostgreSQL URL: {e}", redact_url(url)))
    })?;
    if c.get_connect_timeout().is_none() {
        c.connect_timeout(Duration::from_secs(10));
    }
    if c.get_application_name().is_none() {
        c.application_name("wirecode");
    }
    c.keepalives(true);
    c.keepalives_idle(Duration::from_secs(30));
    Ok(c)
}

/// Opens a connection (no TLS).
pub fn connect_client(url: &str) -> Result<Client> {
    config(url)?.connect(NoTls).map_err(|e| Error::Connect {
        url: redact_url(url),
        source: e,
    })
}

/// Opens a read-only connection to an existing wirecode schema (for
/// `wirecode serve`): every transaction is read-only, and a database without
/// the schema, or with a newer one, is refused.
pub fn connect_read_only(url: &str) -> Result<Client> {
    let mut c = connect_client(url)?;
    c.batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?;
    check_version(&mut c, url)?;
    Ok(c)
}

fn check_version(c: &mut impl GenericClient, url: &str) -> Result<usize> {
    let v = read_version(c)?;
    if v == 0 {
        return Err(Error::Missing(redact_url(url)));
    }
    if v > MIGRATIONS.len() {
        return Err(Error::NewerSchema {
            found: v,
            supported: MIGRATIONS.len(),
        });
    }
    Ok(v)
}

fn read_version(c: &mut impl GenericClient) -> Result<usize> {
    let has_meta: bool = c
        .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])?
        .try_get(0)?;
    if !has_meta {
        return Ok(0);
    }
    let v: Option<String> = c
        .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])?
        .map(|r| r.try_get(0))
        .transpose()?;
    Ok(v.and_then(|v| v.trim().parse().ok()).unwrap_or(0))
}

/// The record in a PostgreSQL database: one connection.
pub struct PgStore {
    client: Client,
    url: String,
}

impl PgStore {
    /// Connects and creates or upgrades the schema.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut s = PgStore {
            client: connect_client(url)?,
            url: url.to_string(),
        };
        s.migrate()?;
        Ok(s)
    }

    /// Connects to an existing schema (queries and recode never create one).
    pub fn open_existing(url: &str) -> Result<PgStore> {
        let mut client = connect_client(url)?;
        check_version(&mut client, url)?;
        Ok(PgStore {
            client,
            url: url.to_string(),
        })
    }

    /// The URL, password hidden.
    pub fn url(&self) -> String {
        redact_url(&self.url)
    }

    /// Drops the connection and opens a new one (after a transient error).
    pub fn reconnect(&mut self) -> Result<()> {
        self.client = connect_client(&self.url)?;
        Ok(())
    }

    /// True when the connection is known to be lost.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The underlying client, for ad-hoc SQL (read it; write through the methods).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Schema version of the database.
    pub fn schema_version(&mut self) -> Result<usize> {
        read_version(&mut self.client)
    }

    fn migrate(&mut self) -> Result<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        )?;
        let found = read_version(&mut tx)?;
        if found > MIGRATIONS.len() {
            return Err(Error::NewerSchema {
                found,
                supported: MIGRATIONS.len(),
            });
        }
        if found == MIGRATIONS.len() {
            return Ok(());
        }
        for m in &MIGRATIONS[found..] {
            tx.batch_execute(m)?;
        }
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('schema_version', $1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            &[&MIGRATIONS.len().to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Of these content hashes, the ones already stored.
    pub fn present(&mut self, hashes: &[String]) -> Result<HashSet<String>> {
        let rows = self
            .client
            .query("SELECT hash FROM articles WHERE hash = ANY($1)", &[&hashes])?;
        rows.iter()
            .map(|r| r.try_get::<_, String>(0).map_err(Error::from))
            .collect()
    }

    /// Stores coded documents in one transaction, in the order given (row
    /// ids follow it). An article already stored (same content hash) is
    /// left as it is. Either the whole batch is committed or none of it.
    pub fn insert_batch(&mut self, docs: &[Doc]) -> Result<BatchCounts> {
        if docs.is_empty() {
            return Ok(BatchCounts::default());
        }
        let mut tx = self.client.transaction()?;
        let hashes: Vec<String> = docs.iter().map(|d| content_hash(&d.article)).collect();
        let col = |f: &dyn Fn(&Article) -> Option<String>| -> Vec<Option<String>> {
            docs.iter()
                .map(|d| f(&d.article).map(|s| no_nul(&s).into_owned()))
                .collect()
        };
        let ext_ids = col(&|a| Some(a.id.clone()));
        let titles = col(&|a| a.title.clone());
        let urls = col(&|a| a.url.clone());
        let published = col(&|a| a.published.map(|d| d.to_string()));
        let sources = col(&|a| a.source.clone());
        let texts = col(&|a| Some(a.text.clone()));
        let extras =
            col(&|a| (!a.extra.is_empty()).then(|| Value::Object(a.extra.clone()).to_string()));
        let inserted = tx.query(
            &format!(
                "INSERT INTO articles (ext_id, hash, title, url, published, source, text, extra,
                                       coded_at, wirecode_version)
                 SELECT ext_id, hash, title, url, published, source, text, extra, {NOW}, $9
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                             $6::text[], $7::text[], $8::text[])
                      WITH ORDINALITY AS t(ext_id, hash, title, url, published, source, text,
                                           extra, ord)
                 ORDER BY ord
                 ON CONFLICT (hash) DO NOTHING
                 RETURNING id, hash"
            ),
            &[
                &ext_ids, &hashes, &titles, &urls, &published, &sources, &texts, &extras, &VERSION,
            ],
        )?;
        let mut ids = std::collections::HashMap::new();
        for r in &inserted {
            ids.insert(r.try_get::<_, String>(1)?, r.try_get::<_, i64>(0)?);
        }
        let mut counts = BatchCounts::default();
        let mut rows = LayerColumns::default();
        for (doc, h) in docs.iter().zip(&hashes) {
            // A hash twice in the batch: the first copy is stored, the second is present.
            match ids.remove(h) {
                Some(id) => {
                    counts.stored += 1;
                    rows.add(id, &layers(doc), &doc.article);
                }
                None => counts.present += 1,
            }
        }
        rows.insert(&mut tx)?;
        tx.commit()?;
        Ok(counts)
    }

    /// Replaces the entities, quotes and events of stored articles (by row
    /// id) with those of freshly coded documents, in one transaction.
    pub fn replace_batch(&mut self, docs: &[(i64, Doc)]) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = docs.iter().map(|(id, _)| *id).collect();
        let mut tx = self.client.transaction()?;
        for table in ["entities", "quotes", "events"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE article_id = ANY($1)"),
                &[&ids],
            )?;
        }
        let mut rows = LayerColumns::default();
        for (id, doc) in docs {
            rows.add(*id, &layers(doc), &doc.article);
        }
        rows.insert(&mut tx)?;
        tx.execute(
            &format!(
                "UPDATE articles SET coded_at = {NOW}, wirecode_version = $2 WHERE id = ANY($1)"
            ),
            &[&ids, &VERSION],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Up to `limit` stored articles with row id greater than `after`, in id
    /// order, rebuilt as pipeline input (for re-coding in batches).
    pub fn articles_after(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>> {
        let rows = self.client.query(
            "SELECT id, ext_id, title, url, published, source, text, extra
             FROM articles WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after, &(limit as i64)],
        )?;
        rows.iter()
            .map(|r| {
                let published: Option<String> = r.try_get(4)?;
                let extra: Option<String> = r.try_get(7)?;
                Ok((
                    r.try_get(0)?,
                    Article {
                        id: r.try_get(1)?,
                        title: r.try_get(2)?,
                        url: r.try_get(3)?,
                        published: published
                            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                        source: r.try_get(5)?,
                        text: r.try_get(6)?,
                        extra: extra
                            .and_then(|e| serde_json::from_str(&e).ok())
                            .unwrap_or_default(),
                    },
                ))
            })
            .collect()
    }

    /// Row counts of articles, entities, quotes and events.
    pub fn counts(&mut self) -> Result<Counts> {
        let r = self.client.query_one(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities),
                    (SELECT count(*) FROM quotes), (SELECT count(*) FROM events)",
            &[],
        )?;
        let n = |i: usize| -> Result<usize> { Ok(r.try_get::<_, i64>(i)? as usize) };
        Ok(Counts {
            articles: n(0)?,
            entities: n(1)?,
            quotes: n(2)?,
            events: n(3)?,
        })
    }

    /// Runs a statement of [`wirecode_store::sql`] and collects its rows.
    pub fn run(&mut self, q: &sql::Query) -> Result<Rows> {
        query_rows(&mut self.client, q)
    }
}

impl wirecode_store::Backend for PgStore {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn present(&mut self, hashes: &[String]) -> wirecode_store::Result<HashSet<String>> {
        Ok(PgStore::present(self, hashes)?)
    }
    fn insert_batch(&mut self, docs: &[Doc]) -> wirecode_store::Result<BatchCounts> {
        Ok(PgStore::insert_batch(self, docs)?)
    }
    fn replace_batch(&mut self, docs: &[(i64, Doc)]) -> wirecode_store::Result<()> {
        Ok(PgStore::replace_batch(self, docs)?)
    }
    fn articles_after(
        &mut self,
        after: i64,
        limit: usize,
    ) -> wirecode_store::Result<Vec<(i64, Article)>> {
        Ok(PgStore::articles_after(self, after, limit)?)
    }
    fn counts(&mut self) -> wirecode_store::Result<Counts> {
        Ok(PgStore::counts(self)?)
    }
    fn run(&mut self, q: &sql::Query) -> wirecode_store::Result<Rows> {
        Ok(PgStore::run(self, q)?)
    }
}

/// PostgreSQL text cannot hold NUL: it becomes U+FFFD (one code point for
/// one, so offsets still point at the same characters).
fn no_nul(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(|s| no_nul(s).into_owned())
}

/// The layers of a batch as column arrays, inserted with one statement per table.
#[derive(Default)]
struct LayerColumns {
    // entities
    e_article: Vec<i64>,
    e_start: Vec<Option<i64>>,
    e_end: Vec<Option<i64>>,
    e_text: Vec<Option<String>>,
    e_type: Vec<Option<String>>,
    e_actor: [Vec<Option<String>>; 3],
    e_place: [Vec<Option<String>>; 2],
    e_latlon: [Vec<Option<f64>>; 2],
    // quotes
    q_article: Vec<i64>,
    q_idx: Vec<i64>,
    q_text: [Vec<Option<String>>; 8],
    q_responds: Vec<Option<i64>>,
    // events
    v_article: Vec<i64>,
    v_idx: Vec<i64>,
    v_text: [Vec<Option<String>>; 4],
    v_goldstein: Vec<Option<f64>>,
    v_quad: Vec<Option<i64>>,
    v_actors: [Vec<Option<String>>; 6],
    v_mode_date_place: [Vec<Option<String>>; 4],
    v_latlon: [Vec<Option<f64>>; 2],
    v_evidence: [Vec<Option<i64>>; 2],
    v_day: Vec<Option<String>>,
    v_evidence_text: Vec<Option<String>>,
}

impl LayerColumns {
    fn add(&mut self, id: i64, l: &Layers, article: &Article) {
        let published = article.published.map(|d| d.to_string());
        for e in &l.entities {
            self.e_article.push(id);
            self.e_start.push(e.start);
            self.e_end.push(e.end);
            self.e_text.push(opt(&e.text));
            self.e_type.push(opt(&e.kind));
            for (v, x) in self
                .e_actor
                .iter_mut()
                .zip([&e.actor_id, &e.actor_name, &e.actor_code])
            {
                v.push(opt(x));
            }
            for (v, x) in self
                .e_place
                .iter_mut()
                .zip([&e.place_name, &e.place_country])
            {
                v.push(opt(x));
            }
            self.e_latlon[0].push(e.lat);
            self.e_latlon[1].push(e.lon);
        }
        for q in &l.quotes {
            self.q_article.push(id);
            self.q_idx.push(q.idx);
            let texts = [
                &q.kind,
                &Some(q.content_json.clone()),
                &Some(q.content_text.clone()),
                &q.source_text,
                &q.cue_text,
                &q.speaker_id,
                &q.speaker_name,
                &q.speaker_code,
            ];
            for (v, x) in self.q_text.iter_mut().zip(texts) {
                v.push(opt(x));
            }
            self.q_responds.push(q.responds_to);
        }
        for e in &l.events {
            self.v_article.push(id);
            self.v_idx.push(e.idx);
            for (v, x) in self
                .v_text
                .iter_mut()
                .zip([&e.code, &e.root, &e.name, &e.plover])
            {
                v.push(opt(x));
            }
            self.v_goldstein.push(e.goldstein);
            self.v_quad.push(e.quad_class);
            for (v, x) in self.v_actors.iter_mut().zip([
                &e.source_text,
                &e.source_name,
                &e.source_code,
                &e.target_text,
                &e.target_name,
                &e.target_code,
            ]) {
                v.push(opt(x));
            }
            for (v, x) in self.v_mode_date_place.iter_mut().zip([
                &e.mode,
                &e.date,
                &e.place_name,
                &e.place_country,
            ]) {
                v.push(opt(x));
            }
            self.v_latlon[0].push(e.lat);
            self.v_latlon[1].push(e.lon);
            self.v_evidence[0].push(e.evidence_start);
            self.v_evidence[1].push(e.evidence_end);
            self.v_day
                .push(e.date.clone().or_else(|| published.clone()));
            self.v_evidence_text.push(e.evidence.clone());
        }
    }

    fn insert(&self, c: &mut impl GenericClient) -> Result<()> {
        if !self.e_article.is_empty() {
            c.execute(
                "INSERT INTO entities (article_id, start, \"end\", text, type, actor_id,
                                       actor_name, actor_code, place_name, place_country,
                                       lat, lon)
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[],
                                      $5::text[], $6::text[], $7::text[], $8::text[],
                                      $9::text[], $10::text[], $11::float8[], $12::float8[])",
                &[
                    &self.e_article,
                    &self.e_start,
                    &self.e_end,
                    &self.e_text,
                    &self.e_type,
                    &self.e_actor[0],
                    &self.e_actor[1],
                    &self.e_actor[2],
                    &self.e_place[0],
                    &self.e_place[1],
                    &self.e_latlon[0],
                    &self.e_latlon[1],
                ],
            )?;
        }
        if !self.q_article.is_empty() {
            let t = &self.q_text;
            c.execute(
                "INSERT INTO quotes (article_id, idx, kind, content_json, content_text,
                                     source_text, cue_text, speaker_id, speaker_name,
                                     speaker_code, responds_to)
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
                                      $5::text[], $6::text[], $7::text[], $8::text[],
                                      $9::text[], $10::text[], $11::bigint[])",
                &[
                    &self.q_article,
                    &self.q_idx,
                    &t[0],
                    &t[1],
                    &t[2],
                    &t[3],
                    &t[4],
                    &t[5],
                    &t[6],
                    &t[7],
                    &self.q_responds,
                ],
            )?;
        }
        if !self.v_article.is_empty() {
            let (t, a, m) = (&self.v_text, &self.v_actors, &self.v_mode_date_place);
            c.execute(
                "INSERT INTO events (article_id, idx, code, root, name, plover, goldstein,
                                     quad_class, source_text, source_name, source_code,
                                     target_text, target_name, target_code, mode, date,
                                     place_name, place_country, lat, lon, evidence_start,
                                     evidence_end, day, evidence)
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
                                      $5::text[], $6::text[], $7::float8[], $8::bigint[],
                                      $9::text[], $10::text[], $11::text[], $12::text[],
                                      $13::text[], $14::text[], $15::text[], $16::text[],
                                      $17::text[], $18::text[], $19::float8[], $20::float8[],
                                      $21::bigint[], $22::bigint[], $23::text[],
                                      $24::text[])",
                &[
                    &self.v_article,
                    &self.v_idx,
                    &t[0],
                    &t[1],
                    &t[2],
                    &t[3],
                    &self.v_goldstein,
                    &self.v_quad,
                    &a[0],
                    &a[1],
                    &a[2],
                    &a[3],
                    &a[4],
                    &a[5],
                    &m[0],
                    &m[1],
                    &m[2],
                    &m[3],
                    &self.v_latlon[0],
                    &self.v_latlon[1],
                    &self.v_evidence[0],
                    &self.v_evidence[1],
                    &self.v_day,
                    &self.v_evidence_text,
                ],
            )?;
        }
        Ok(())
    }
}

/// Runs a statement of [`wirecode_store::sql`] (placeholders `?N`) and
/// collects its rows as JSON values, typed as SQLite's would be: whole
/// numbers, reals, text or null. The server reads with it too.
pub fn query_rows(c: &mut impl GenericClient, q: &sql::Query) -> Result<Rows> {
    let text = Dialect::Postgres.placeholders(&q.sql);
    let args: Vec<Box<dyn ToSql + Sync>> = q
        .args
        .iter()
        .map(|a| -> Box<dyn ToSql + Sync> {
            match a {
                Arg::Text(t) => Box::new(t.clone()),
                Arg::Int(i) => Box::new(*i),
            }
        })
        .collect();
    let refs: Vec<&(dyn ToSql + Sync)> = args.iter().map(|b| b.as_ref()).collect();
    let st = c.prepare(&text)?;
    let columns: Vec<String> = st.columns().iter().map(|c| c.name().to_string()).collect();
    let types: Vec<Type> = st.columns().iter().map(|c| c.type_().clone()).collect();
    let mut rows = Vec::new();
    for r in c.query(&st, &refs)? {
        let mut row = Vec::with_capacity(types.len());
        for (i, t) in types.iter().enumerate() {
            row.push(
                match *t {
                    Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(Value::from),
                    Type::INT4 => r.try_get::<_, Option<i32>>(i)?.map(Value::from),
                    Type::INT2 => r.try_get::<_, Option<i16>>(i)?.map(Value::from),
                    Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map(Value::from),
                    Type::FLOAT4 => r
                        .try_get::<_, Option<f32>>(i)?
                        .map(|f| Value::from(f as f64)),
                    Type::BOOL => r
                        .try_get::<_, Option<bool>>(i)?
                        .map(|b| Value::from(b as i64)),
                    _ => r
                        .try_get::<_, Option<String>>(i)
                        .unwrap_or_else(|_| Some(format!("<{t}>")))
                        .map(Value::from),
                }
                .unwrap_or(Value::Null),
            );
        }
        rows.push(row);
    }
    Ok(Rows { columns, rows })
}

/// `url` with `search_path` set to `schema` (through the `options`
/// parameter), so one database can hold several wirecode records, one per
/// schema. The schema must exist.
pub fn url_with_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-csearch_path%3D{schema}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirecode_store::sql::{PG_SEARCHED_CHARS, PG_TEXT_CONFIG};

    #[test]
    fn nul_becomes_one_replacement_character() {
        assert_eq!(no_nul("a\0b"), "a\u{FFFD}b");
        assert_eq!(no_nul("a\0b").chars().count(), 3);
        assert!(matches!(no_nul("ab"), Cow::Borrowed(_)));
    }

    #[test]
    fn urls_are_read_and_passwords_hidden() {
        assert!(config("postgres://u:secret@127.0.0.1:5433/db").is_ok());
        let e = config("postgres://u:secret@127.0.0.1:notaport/db")
            .err()
            .unwrap()
            .to_string();
        assert!(!e.contains("secret"), "{e}");
        assert_eq!(
            url_with_schema("postgres://h/db", "s1"),
            "postgres://h/db?options=-csearch_path%3Ds1"
        );
    }

    #[test]
    fn connection_failures_are_transient_and_name_the_url() {
        // Nothing listens on port 1.
        let e = PgStore::connect("postgres://u:secret@127.0.0.1:1/db?connect_timeout=2")
            .err()
            .unwrap();
        assert!(e.is_transient());
        let m = e.to_string();
        assert!(m.contains("127.0.0.1:1") && !m.contains("secret"), "{m}");
    }

    #[test]
    fn the_schema_has_the_sqlite_columns() {
        // Column names per table, in order, from both DDL texts.
        fn columns(ddl: &str, table: &str) -> Vec<String> {
            let start = ddl
                .find(&format!("CREATE TABLE {table} ("))
                .unwrap_or_else(|| panic!("{table}"));
            let body = &ddl[start..];
            let body = &body[body.find('(').unwrap() + 1..body.find("\n);").unwrap()];
            body.lines()
                .map(str::trim)
                .filter_map(|l| l.split_whitespace().next())
                .map(|w| w.trim_matches('"').trim_end_matches(',').to_string())
                .filter(|w| {
                    !w.is_empty()
                        && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        && w != "search"
                })
                .collect()
        }
        let sqlite = wirecode_store::MIGRATIONS[0];
        for t in ["articles", "entities", "quotes", "events"] {
            let (a, b) = (columns(sqlite, t), columns(SCHEMA_V1, t));
            assert!(a.len() >= 10, "{t}: {a:?}");
            assert_eq!(a, b, "{t}");
        }
        assert_eq!(MIGRATIONS.len(), wirecode_store::MIGRATIONS.len());
        // The statements of wirecode_store::sql name this configuration and length.
        assert!(SCHEMA_V1.contains(&format!("'{PG_TEXT_CONFIG}'::regconfig")));
        assert!(SCHEMA_V1.contains(&format!("left(text, {PG_SEARCHED_CHARS})")));
    }
}
