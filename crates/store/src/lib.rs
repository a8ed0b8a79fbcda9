//! The record: coded articles, with their entities, quotes and events, kept
//! in one SQLite file with full-text search (FTS5) over article text and
//! quote contents.
//!
//! Why SQLite: one file, no server, safe against a killed process (WAL
//! journal, one transaction per batch), and queryable from any language.
//!
//! - [`Store::open`] creates or upgrades the schema ([`MIGRATIONS`], version
//!   kept in the `meta` table); a database written by a newer wirecode is
//!   refused with [`Error::NewerSchema`].
//! - [`Store::insert_batch`] stores coded [`Doc`]s in one transaction; an
//!   article whose [`content_hash`] is already stored is not stored again.
//! - [`Store::replace_batch`] swaps the annotations of stored articles
//!   (re-coding after a dictionary or model change).
//! - [`Store::events`], [`Store::quotes`], [`Store::claims`] and
//!   [`Store::articles`] answer the queries of `wirecode query`.
//!
//! The same schema and queries also live in PostgreSQL (`wirecode-pgstore`):
//! [`sql`] holds the statements both backends run, [`Backend`] is what
//! ingest, recode and query need from either, and [`Location`] reads a
//! `--db FILE` / `--store URL` choice.
//!
//! Every offset stored is a Unicode code-point offset into `articles.text`,
//! exactly as `wirecode code` writes it: records are built from
//! [`wirecode_output::to_value`], the output contract itself.

pub mod sql;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use rusqlite;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde_json::Value;
use sha2::{Digest, Sha256};
use wirecode_doc::{Article, Doc, NaiveDate};
use wirecode_output::{to_value, OutputOptions};

/// The schema, one migration per version: `MIGRATIONS[i]` takes a database
/// from version `i` to `i + 1`. Append only; never edit a released entry.
pub const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4];

/// Version 1: articles, entities, quotes, events, their indexes, and FTS5
/// tables kept in step with `articles` and `quotes` by triggers.
const SCHEMA_V1: &str = r#"
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    ext_id TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    published TEXT,
    source TEXT,
    text TEXT NOT NULL,
    extra TEXT,
    coded_at TEXT NOT NULL,
    wirecode_version TEXT NOT NULL
);
CREATE INDEX articles_ext_id ON articles(ext_id);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE entities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT,
    actor_code TEXT,
    place_name TEXT,
    place_country TEXT,
    lat REAL,
    lon REAL
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_actor_code ON entities(actor_code);

CREATE TABLE quotes (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content_json TEXT NOT NULL,
    content_text TEXT NOT NULL,
    source_text TEXT,
    cue_text TEXT,
    speaker_id TEXT,
    speaker_name TEXT,
    speaker_code TEXT,
    responds_to INTEGER,
    UNIQUE (article_id, idx)
);
CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name COLLATE NOCASE);
CREATE INDEX quotes_responds_to ON quotes(article_id, responds_to) WHERE responds_to IS NOT NULL;

CREATE TABLE events (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    code TEXT NOT NULL,
    root TEXT NOT NULL,
    name TEXT NOT NULL,
    plover TEXT,
    goldstein REAL NOT NULL,
    quad_class INTEGER NOT NULL,
    source_text TEXT,
    source_name TEXT,
    source_code TEXT,
    target_text TEXT,
    target_name TEXT,
    target_code TEXT,
    mode TEXT NOT NULL,
    date TEXT,
    place_name TEXT,
    place_country TEXT,
    lat REAL,
    lon REAL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_place ON events(place_name COLLATE NOCASE);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    content_text, content='quotes', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, content_text) VALUES (new.rowid, new.content_text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content_text)
        VALUES ('delete', old.rowid, old.content_text);
END;
"#;

/// What can go wrong opening, writing or querying the store.
#[derive(Debug)]
pub enum Error {
    /// An SQLite error (I/O, corruption, constraint, bad FTS query, ...).
    Sqlite(rusqlite::Error),
    /// The database was written by a newer wirecode whose schema we do not know.
    NewerSchema {
        /// Schema version found in the database.
        found: usize,
        /// Newest schema version this binary knows.
        supported: usize,
    },
    /// `open_existing` on a path where there is no database.
    Missing(String),
    /// A search that cannot be read (FTS5 syntax), with the reason.
    BadSearch(String),
    /// An error from another backend (PostgreSQL), as its message.
    Backend(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "database: {e}"),
            Error::NewerSchema { found, supported } => write!(
                f,
                "database schema version {found} is newer than this wirecode supports \
                 (version {supported}); use a newer wirecode to read it"
            ),
            Error::Missing(p) => write!(
                f,
                "{p}: no such database (create one with `wirecode ingest`)"
            ),
            Error::BadSearch(m) => write!(
                f,
                "bad search: {m} (search syntax: words, \"a phrase\", AND, OR, NOT, prefix*, \
                 parentheses)"
            ),
            Error::Backend(m) => write!(f, "database: {m}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // A search the FTS5 parser refuses is the caller's mistake, not the database's.
        match e.to_string() {
            m if m.contains("fts5") => Error::BadSearch(m),
            _ => Error::Sqlite(e),
        }
    }
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The identity of an article for de-duplication: SHA-256 (hex) of its
/// title, URL, publication date and text. The id is left out on purpose:
/// the same story read from another path is the same article.
pub fn content_hash(a: &Article) -> String {
    let mut h = Sha256::new();
    let mut field = |tag: &[u8], v: Option<&str>| {
        h.update(tag);
        match v {
            // Length-prefixed, so no choice of field values can collide with another.
            Some(s) => {
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update([0xff]),
        }
    };
    let published = a.published.map(|d| d.to_string());
    field(b"title", a.title.as_deref());
    field(b"url", a.url.as_deref());
    field(b"published", published.as_deref());
    field(b"text", Some(&a.text));
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Outcome of storing one batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchCounts {
    /// Articles newly stored.
    pub stored: usize,
    /// Articles whose content hash was already in the store (not stored again).
    pub present: usize,
}

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub articles: usize,
    pub entities: usize,
    pub quotes: usize,
    pub events: usize,
}

/// A query result: column names and rows of JSON values (null, number or
/// string), ready to print as a table, CSV or JSON Lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    /// Each row as a JSON object keyed by column name.
    pub fn objects(&self) -> impl Iterator<Item = serde_json::Map<String, Value>> + '_ {
        self.rows.iter().map(|r| {
            self.columns
                .iter()
                .cloned()
                .zip(r.iter().cloned())
                .collect()
        })
    }
    /// The value in row `row` under column `name` (for tests and callers).
    pub fn get(&self, row: usize, name: &str) -> Option<&Value> {
        let c = self.columns.iter().position(|c| c == name)?;
        self.rows.get(row)?.get(c)
    }
}

/// Filters for [`Store::events`]; `None` means no filter.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// CAMEO actor code prefix matched against source or target (`RUS` matches `RUSGOV`).
    pub actor: Option<String>,
    /// CAMEO event code prefix (`12` matches `120`..`129`).
    pub code: Option<String>,
    /// Earliest date (YYYY-MM-DD), inclusive: the event date, or the article's when it has none.
    pub from: Option<String>,
    /// Latest date (YYYY-MM-DD), inclusive.
    pub to: Option<String>,
    /// Place name, case-insensitive exact match.
    pub place: Option<String>,
    /// Mode: asserted, negated, claimed, denied, intended or hypothetical.
    pub mode: Option<String>,
    pub limit: Option<usize>,
}

/// Filters for [`Store::quotes`].
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Speaker code prefix (`USA` matches `USAGOV`), or part of the speaker's
    /// name or of the source mention, case-insensitive.
    pub speaker: Option<String>,
    /// FTS5 query over the quote contents (`veto`, `"humanitarian access"`, `aid AND Rakhine`).
    pub search: Option<String>,
    pub limit: Option<usize>,
}

/// Where the record is kept: `--db FILE` / `sqlite://FILE`, or a PostgreSQL
/// URL (`postgres://` or `postgresql://`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (libpq style; see `wirecode-pgstore`).
    Postgres(String),
}

impl Location {
    /// Reads a `--store` value: `postgres://...`, `postgresql://...`,
    /// `sqlite://FILE`, or a plain file path.
    pub fn parse(s: &str) -> std::result::Result<Location, String> {
        let lower = s.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Ok(Location::Postgres(s.to_string()))
        } else if let Some(path) = s.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path (sqlite://wirecode.db)".into());
            }
            Ok(Location::Sqlite(PathBuf::from(path)))
        } else if let Some((scheme, _)) = s.split_once("://") {
            Err(format!(
                "unknown store {scheme}:// (expected postgres://..., sqlite://FILE or a file path)"
            ))
        } else {
            Ok(Location::Sqlite(PathBuf::from(s)))
        }
    }
}

impl fmt::Display for Location {
    /// The file path, or the URL with any password replaced by `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "{}", p.display()),
            Location::Postgres(url) => f.write_str(&redact_url(url)),
        }
    }
}

/// `url` with the password of its `user:password@` part, and any
/// `password=` parameter, replaced by `***` (for messages and logs).
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest = &out[scheme_end + 3..];
        let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            if let Some(colon) = rest[..at].find(':') {
                let start = scheme_end + 3 + colon + 1;
                out.replace_range(start..scheme_end + 3 + at, "***");
            }
        }
    }
    if let Some(i) = out.find("password=") {
        let start = i + "password=".len();
        let end = out[start..].find('&').map_or(out.len(), |e| start + e);
        out.replace_range(start..end, "***");
    }
    out
}

/// What `wirecode ingest`, `recode` and `query` need from a store, whichever
/// backend keeps it. The query methods have the same meaning on every
/// backend: they run the statements of [`sql`].
pub trait Backend {
    /// Which SQL this backend speaks.
    fn dialect(&self) -> sql::Dialect;
    /// Of these content hashes, the ones already stored.
    fn present(&mut self, hashes: &[String]) -> Result<HashSet<String>>;
    /// Stores coded documents in one transaction, in the order given;
    /// an article already stored (same [`content_hash`]) is left as it is.
    fn insert_batch(&mut self, docs: &[Doc]) -> Result<BatchCounts>;
    /// Replaces the annotations of stored articles (by row id), in one transaction.
    fn replace_batch(&mut self, docs: &[(i64, Doc)]) -> Result<()>;
    /// Up to `limit` stored articles with row id greater than `after`, in id order.
    fn articles_after(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>>;
    /// Row counts of articles, entities, quotes and events.
    fn counts(&mut self) -> Result<Counts>;
    /// Runs a statement of [`sql`] and collects its rows.
    fn run(&mut self, q: &sql::Query) -> Result<Rows>;

    /// Events matching `f` (see [`Store::events`]).
    fn events(&mut self, f: &EventFilter) -> Result<Rows> {
        let q = sql::events(f, self.dialect());
        self.run(&q)
    }
    /// Quotes matching `f` (see [`Store::quotes`]).
    fn quotes(&mut self, f: &QuoteFilter) -> Result<Rows> {
        let q = sql::quotes(f, self.dialect()).map_err(Error::BadSearch)?;
        self.run(&q)
    }
    /// Claims with their denials (see [`Store::claims`]).
    fn claims(&mut self, speaker: Option<&str>, limit: Option<usize>) -> Result<Rows> {
        let q = sql::claims(speaker, limit, self.dialect());
        self.run(&q)
    }
    /// Articles, or those matching a search (see [`Store::articles`]).
    fn articles(&mut self, search: Option<&str>, limit: Option<usize>) -> Result<Rows> {
        let q = sql::articles(search, limit, self.dialect()).map_err(Error::BadSearch)?;
        self.run(&q)
    }
}

/// The store: one SQLite connection.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, in WAL mode, and
    /// applies pending migrations.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::setup(Connection::open(path)?)
    }

    /// Opens an existing database (queries should not create empty files).
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let p = path.as_ref();
        if !p.is_file() {
            return Err(Error::Missing(p.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::setup(Connection::open_with_flags(p, flags)?)
    }

    /// An in-memory store (tests).
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers never block the writer, and a killed writer loses only
        // its open transaction. FULL: a committed batch survives power loss too
        // (one fsync per batch of articles costs next to nothing).
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let mut s = Store { conn };
        s.migrate()?;
        Ok(s)
    }

    /// Schema version of the open database.
    pub fn schema_version(&self) -> Result<usize> {
        read_version(&self.conn)
    }

    fn migrate(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        )?;
        let found = read_version(&tx)?;
        if found > MIGRATIONS.len() {
            return Err(Error::NewerSchema {
                found,
                supported: MIGRATIONS.len(),
            });
        }
        if found == MIGRATIONS.len() {
            return Ok(());
        }
        for sql in &MIGRATIONS[found..] {
            tx.execute_batch(sql)?;
        }
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [MIGRATIONS.len().to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The underlying connection, for ad-hoc SQL (read it; write through the methods).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// True when an article with this [`content_hash`] is stored.
    pub fn contains(&self, hash: &str) -> Result<bool> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE hash = ?1")?;
        Ok(st.exists([hash])?)
    }

    /// Stores coded documents in one transaction, in the order given. An
    /// article already stored (same [`content_hash`]) is left as it is.
    /// Either the whole batch is committed or none of it.
    pub fn insert_batch(&mut self, docs: &[Doc]) -> Result<BatchCounts> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut counts = BatchCounts::default();
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO articles (ext_id, hash, title, url, published, source, text, extra,
                                       coded_at, wirecode_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                         strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?9)
                 ON CONFLICT(hash) DO NOTHING",
            )?;
            for doc in docs {
                let a = &doc.article;
                let extra =
                    (!a.extra.is_empty()).then(|| Value::Object(a.extra.clone()).to_string());
                let n = ins.execute(params![
                    a.id,
                    content_hash(a),
                    a.title,
                    a.url,
                    a.published.map(|d| d.to_string()),
                    a.source,
                    a.text,
                    extra,
                    VERSION,
                ])?;
                if n == 0 {
                    counts.present += 1;
                    continue;
                }
                counts.stored += 1;
                write_layers(&tx, tx.last_insert_rowid(), doc)?;
            }
        }
        tx.commit()?;
        Ok(counts)
    }

    /// Replaces the entities, quotes and events of stored articles (by row
    /// id) with those of freshly coded documents, in one transaction.
    pub fn replace_batch(&mut self, docs: &[(i64, Doc)]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (id, doc) in docs {
            for table in ["entities", "quotes", "events"] {
                tx.prepare_cached(&format!("DELETE FROM {table} WHERE article_id = ?1"))?
                    .execute([id])?;
            }
            write_layers(&tx, *id, doc)?;
            tx.prepare_cached(
                "UPDATE articles SET coded_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
                                     wirecode_version = ?2 WHERE id = ?1",
            )?
            .execute(params![id, VERSION])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Up to `limit` stored articles with row id greater than `after`, in id
    /// order, rebuilt as pipeline input (for re-coding in batches).
    pub fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, ext_id, title, url, published, source, text, extra
             FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = st.query_map(params![after, limit as i64], |r| {
            let published: Option<String> = r.get(4)?;
            let extra: Option<String> = r.get(7)?;
            Ok((
                r.get::<_, i64>(0)?,
                Article {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    url: r.get(3)?,
                    published: published
                        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                    source: r.get(5)?,
                    text: r.get(6)?,
                    extra: extra
                        .and_then(|e| serde_json::from_str(&e).ok())
                        .unwrap_or_default(),
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Row counts of articles, entities, quotes and events.
    pub fn counts(&self) -> Result<Counts> {
        let n = |t: &str| -> Result<usize> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as usize)
        };
        Ok(Counts {
            articles: n("articles")?,
            entities: n("entities")?,
            quotes: n("quotes")?,
            events: n("events")?,
        })
    }

    /// Events matching `f`, in input order (article, then event index), with
    /// the evidence text.
    pub fn events(&self, f: &EventFilter) -> Result<Rows> {
        query_rows(&self.conn, &sql::events(f, sql::Dialect::Sqlite))
    }

    /// Quotes matching `f`: in input order, or best match first when searching.
    pub fn quotes(&self, f: &QuoteFilter) -> Result<Rows> {
        let q = sql::quotes(f, sql::Dialect::Sqlite).map_err(Error::BadSearch)?;
        query_rows(&self.conn, &q)
    }

    /// Claims and accusations, each with the denials that answer it (one
    /// row per claim-denial pair; denial columns null when none answers).
    /// A claim is a quote some denial responds to, or one whose cue says
    /// so (accused, claimed, alleged, charged, blamed).
    pub fn claims(&self, speaker: Option<&str>, limit: Option<usize>) -> Result<Rows> {
        query_rows(
            &self.conn,
            &sql::claims(speaker, limit, sql::Dialect::Sqlite),
        )
    }

    /// Articles, best match first for an FTS5 `search` over title and text
    /// (with a snippet), or all in input order without one.
    pub fn articles(&self, search: Option<&str>, limit: Option<usize>) -> Result<Rows> {
        let q = sql::articles(search, limit, sql::Dialect::Sqlite).map_err(Error::BadSearch)?;
        query_rows(&self.conn, &q)
    }
}

impl Backend for Store {
    fn dialect(&self) -> sql::Dialect {
        sql::Dialect::Sqlite
    }
    fn present(&mut self, hashes: &[String]) -> Result<HashSet<String>> {
        let mut out = HashSet::new();
        for h in hashes {
            if self.contains(h)? {
                out.insert(h.clone());
            }
        }
        Ok(out)
    }
    fn insert_batch(&mut self, docs: &[Doc]) -> Result<BatchCounts> {
        Store::insert_batch(self, docs)
    }
    fn replace_batch(&mut self, docs: &[(i64, Doc)]) -> Result<()> {
        Store::replace_batch(self, docs)
    }
    fn articles_after(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>> {
        Store::articles_after(self, after, limit)
    }
    fn counts(&mut self) -> Result<Counts> {
        Store::counts(self)
    }
    fn run(&mut self, q: &sql::Query) -> Result<Rows> {
        query_rows(&self.conn, q)
    }
}

/// Runs a statement of [`sql`] on an SQLite connection and collects its
/// rows as JSON values (null, number or string). The server reads with it too.
pub fn query_rows(conn: &Connection, q: &sql::Query) -> Result<Rows> {
    let mut st = conn.prepare_cached(&q.sql)?;
    let columns: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
    let n = columns.len();
    let mut rows = Vec::new();
    let args = q.args.iter().map(|a| match a {
        sql::Arg::Text(t) => rusqlite::types::Value::Text(t.clone()),
        sql::Arg::Int(i) => rusqlite::types::Value::Integer(*i),
    });
    let mut res = st.query(rusqlite::params_from_iter(args))?;
    while let Some(r) = res.next()? {
        let mut row = Vec::with_capacity(n);
        for i in 0..n {
            row.push(match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(v) => Value::from(v),
                ValueRef::Real(v) => Value::from(v),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::from(format!("<{} bytes>", b.len())),
            });
        }
        rows.push(row);
    }
    Ok(Rows { columns, rows })
}

/// Version 2: `events.day`, the date an event is listed under (its own
/// date, else its article's publication date), kept on the event row so
/// that the timeline's order and date filters are read from an index
/// instead of sorting every match of a join (the timeline index also
/// holds the filtered columns, so a filter is tested without reading the
/// row); with the indexes the
/// timeline (undated last) and date ranges need, and indexes for the
/// mode and PLOVER filters, so that every event filter has one.
const SCHEMA_V2: &str = r#"
ALTER TABLE events ADD COLUMN day TEXT;
UPDATE events SET day = COALESCE(date, (SELECT published FROM articles a WHERE a.id = events.article_id));
CREATE INDEX events_timeline ON events((day IS NULL), day, article_id, idx,
    code, source_code, target_code, place_name, mode, plover);
CREATE INDEX events_day ON events(day, article_id, idx);
CREATE INDEX events_mode ON events(mode);
CREATE INDEX events_plover ON events(upper(plover));
"#;

/// Version 3: the timeline order under a place and under a CAMEO root, so
/// that `/api/events?place=...` or `?code=19` reads its page in order from
/// the first matches instead of scanning the whole timeline for the rare
/// rows that pass (each index also holds the other filtered columns, so
/// combined filters are tested without reading the row). The place index
/// replaces version 1's `events_place`, of which it is an extension.
const SCHEMA_V3: &str = r#"
CREATE INDEX events_place_timeline ON events(place_name COLLATE NOCASE, (day IS NULL), day,
    article_id, idx, code, source_code, target_code, mode, plover);
CREATE INDEX events_root_timeline ON events(root, (day IS NULL), day, article_id, idx,
    code, source_code, target_code, place_name, mode, plover);
DROP INDEX events_place;
"#;

/// Version 4: each event keeps its evidence text, so that a page of
/// events is read from the events alone: slicing it from the article text
/// read every article on the page in full (most of an API request's work).
const SCHEMA_V4: &str = r#"
ALTER TABLE events ADD COLUMN evidence TEXT;
UPDATE events SET evidence = (
    SELECT substr(a.text, evidence_start + 1, evidence_end - evidence_start)
    FROM articles a WHERE a.id = events.article_id);
"#;

/// The version written to `articles.wirecode_version`.
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read_version(conn: &Connection) -> Result<usize> {
    let has_meta: bool = conn
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")?
        .exists([])?;
    if !has_meta {
        return Ok(0);
    }
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.trim().parse().ok()).unwrap_or(0))
}

/// The smallest string greater than every string starting with `p`
/// (for index-friendly prefix ranges). The server builds its queries with it too.
pub fn prefix_end(p: &str) -> String {
    format!("{p}\u{10FFFF}")
}

/// `s` with LIKE wildcards escaped (for `ESCAPE '\'`).
pub fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A user's search as an FTS5 query: used as given when it is valid FTS5
/// syntax made of words, operators and quoted phrases; otherwise (stray
/// punctuation such as `U.N.` or `al-Assad`) every word becomes a quoted
/// term, all required. The server reads searches the same way.
pub fn fts_query(s: &str) -> String {
    let plain = s.chars().all(|c| {
        c.is_alphanumeric() || c.is_whitespace() || matches!(c, '"' | '*' | '(' | ')' | '_')
    }) && s.matches('"').count() & 1 == 0;
    if plain {
        s.to_string()
    } else {
        s.split_whitespace()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn int(v: &Value) -> Option<i64> {
    v.as_u64().and_then(|n| i64::try_from(n).ok())
}

/// One row of the `entities` table, without `article_id`: the fields are
/// its columns, of the same names (`kind` is `type`).
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct EntityRow {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub text: Option<String>,
    pub kind: Option<String>,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub actor_code: Option<String>,
    pub place_name: Option<String>,
    pub place_country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// One row of the `quotes` table, without `article_id`: the fields are
/// its columns, of the same names.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct QuoteRow {
    pub idx: i64,
    pub kind: Option<String>,
    pub content_json: String,
    pub content_text: String,
    pub source_text: Option<String>,
    pub cue_text: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_code: Option<String>,
    pub responds_to: Option<i64>,
}

/// One row of the `events` table, without `article_id`: the fields are
/// its columns, of the same names.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct EventRow {
    pub idx: i64,
    pub code: Option<String>,
    pub root: Option<String>,
    pub name: Option<String>,
    pub plover: Option<String>,
    pub goldstein: Option<f64>,
    pub quad_class: Option<i64>,
    pub source_text: Option<String>,
    pub source_name: Option<String>,
    pub source_code: Option<String>,
    pub target_text: Option<String>,
    pub target_name: Option<String>,
    pub target_code: Option<String>,
    pub mode: Option<String>,
    pub date: Option<String>,
    pub place_name: Option<String>,
    pub place_country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub evidence_start: Option<i64>,
    pub evidence_end: Option<i64>,
    /// The article text from `evidence_start` to `evidence_end`.
    pub evidence: Option<String>,
}

/// A document's rows for the `entities`, `quotes` and `events` tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layers {
    /// Rows of `entities`, in the document's order.
    pub entities: Vec<EntityRow>,
    /// Rows of `quotes`; `idx` is the quote's index in the output.
    pub quotes: Vec<QuoteRow>,
    /// Rows of `events`; `idx` is the event's index in the output.
    pub events: Vec<EventRow>,
}

/// The rows a coded document adds to the store, from the output contract
/// (code-point offsets, as `wirecode code` writes them). Every backend
/// stores exactly these.
pub fn layers(doc: &Doc) -> Layers {
    let v = to_value(doc, &OutputOptions { with_text: false });
    let empty = vec![];
    let list = |k: &str| v[k].as_array().unwrap_or(&empty);
    let entities = list("entities")
        .iter()
        .map(|e| {
            let (a, p) = (&e["actor"], &e["place"]);
            EntityRow {
                start: int(&e["start"]),
                end: int(&e["end"]),
                text: s(&e["text"]),
                kind: s(&e["type"]),
                actor_id: s(&a["id"]),
                actor_name: s(&a["name"]),
                actor_code: s(&a["code"]),
                place_name: s(&p["name"]),
                place_country: s(&p["country"]),
                lat: p["lat"].as_f64(),
                lon: p["lon"].as_f64(),
            }
        })
        .collect();
    let quotes = list("quotes")
        .iter()
        .zip(&doc.quotes)
        .enumerate()
        .map(|(i, (q, dq))| {
            let content_text = dq
                .content
                .iter()
                .map(|sp| doc.slice(*sp))
                .collect::<Vec<_>>()
                .join(" … ");
            let sp = &q["speaker"];
            QuoteRow {
                idx: i as i64,
                kind: s(&q["kind"]),
                content_json: q["content"].to_string(),
                content_text,
                source_text: s(&q["source"]["text"]),
                cue_text: s(&q["cue"]["text"]),
                speaker_id: s(&sp["id"]),
                speaker_name: s(&sp["name"]),
                speaker_code: s(&sp["code"]),
                responds_to: int(&q["responds_to"]),
            }
        })
        .collect();
    // Byte offset of each code point of the text (and of its end), to
    // slice the events' evidence.
    let text = &doc.article.text;
    let bounds: Vec<usize> = if list("events").is_empty() {
        Vec::new()
    } else {
        text.char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect()
    };
    let slice = |start: Option<i64>, end: Option<i64>| {
        let at = |cp: i64| bounds.get(cp.max(0) as usize).copied();
        Some(text[at(start?)?..at(end?)?.max(at(start?)?)].to_string())
    };
    let events = list("events")
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (src, tgt, loc) = (&e["source"], &e["target"], &e["location"]);
            EventRow {
                idx: i as i64,
                code: s(&e["code"]),
                root: s(&e["root"]),
                name: s(&e["name"]),
                plover: s(&e["plover"]),
                // f32 in the model: round back to the one decimal Goldstein scores have.
                goldstein: e["goldstein"].as_f64().map(|g| (g * 10.0).round() / 10.0),
                quad_class: int(&e["quad_class"]),
                source_text: s(&src["text"]),
                source_name: s(&src["name"]),
                source_code: s(&src["code"]),
                target_text: s(&tgt["text"]),
                target_name: s(&tgt["name"]),
                target_code: s(&tgt["code"]),
                mode: s(&e["mode"]),
                date: s(&e["date"]),
                place_name: s(&loc["name"]),
                place_country: s(&loc["country"]),
                lat: loc["lat"].as_f64(),
                lon: loc["lon"].as_f64(),
                evidence_start: int(&e["evidence"]["start"]),
                evidence_end: int(&e["evidence"]["end"]),
                evidence: slice(int(&e["evidence"]["start"]), int(&e["evidence"]["end"])),
            }
        })
        .collect();
    Layers {
        entities,
        quotes,
        events,
    }
}

/// Writes a document's entities, quotes and events for article `id`.
fn write_layers(conn: &Connection, id: i64, doc: &Doc) -> Result<()> {
    let l = layers(doc);
    let mut ent = conn.prepare_cached(
        "INSERT INTO entities (article_id, start, \"end\", text, type, actor_id, actor_name,
                               actor_code, place_name, place_country, lat, lon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for e in &l.entities {
        ent.execute(params![
            id,
            e.start,
            e.end,
            e.text,
            e.kind,
            e.actor_id,
            e.actor_name,
            e.actor_code,
            e.place_name,
            e.place_country,
            e.lat,
            e.lon,
        ])?;
    }
    let mut quo = conn.prepare_cached(
        "INSERT INTO quotes (article_id, idx, kind, content_json, content_text, source_text,
                             cue_text, speaker_id, speaker_name, speaker_code, responds_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for q in &l.quotes {
        quo.execute(params![
            id,
            q.idx,
            q.kind,
            q.content_json,
            q.content_text,
            q.source_text,
            q.cue_text,
            q.speaker_id,
            q.speaker_name,
            q.speaker_code,
            q.responds_to,
        ])?;
    }
    let mut evt = conn.prepare_cached(
        "INSERT INTO events (article_id, idx, code, root, name, plover, goldstein, quad_class,
                             source_text, source_name, source_code, target_text, target_name,
                             target_code, mode, date, place_name, place_country, lat, lon,
                             evidence_start, evidence_end, day, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    )?;
    let published = doc.article.published.map(|d| d.to_string());
    for e in &l.events {
        evt.execute(params![
            id,
            e.idx,
            e.code,
            e.root,
            e.name,
            e.plover,
            e.goldstein,
            e.quad_class,
            e.source_text,
            e.source_name,
            e.source_code,
            e.target_text,
            e.target_name,
            e.target_code,
            e.mode,
            e.date,
            e.place_name,
            e.place_country,
            e.lat,
            e.lon,
            e.evidence_start,
            e.evidence_end,
            e.date.as_ref().or(published.as_ref()),
            e.evidence,
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
