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
//! Every offset stored is a Unicode code-point offset into `articles.text`,
//! exactly as `wirecode code` writes it: records are built from
//! [`wirecode_output::to_value`], the output contract itself.

use std::fmt;
use std::path::Path;

pub use rusqlite;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde_json::Value;
use sha2::{Digest, Sha256};
use wirecode_doc::{Article, Doc, NaiveDate};
use wirecode_output::{to_value, OutputOptions};

/// The schema, one migration per version: `MIGRATIONS[i]` takes a database
/// from version `i` to `i + 1`. Append only; never edit a released entry.
pub const MIGRATIONS: &[&str] = &[SCHEMA_V1];

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
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
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
        let mut sql = String::from(
            "SELECT a.ext_id AS article, e.idx AS event, COALESCE(e.date, a.published) AS date,
                    e.code, e.name, e.mode,
                    e.source_code, COALESCE(e.source_name, e.source_text) AS source,
                    e.target_code, COALESCE(e.target_name, e.target_text) AS target,
                    e.place_name AS place, e.place_country AS country, e.lat, e.lon,
                    e.goldstein, e.quad_class, e.plover,
                    substr(a.text, e.evidence_start + 1, e.evidence_end - e.evidence_start)
                        AS evidence
             FROM events e JOIN articles a ON a.id = e.article_id WHERE 1 = 1",
        );
        let mut args: Vec<String> = Vec::new();
        let arg = |args: &mut Vec<String>, v: String| {
            args.push(v);
            format!("?{}", args.len())
        };
        if let Some(actor) = &f.actor {
            let lo = arg(&mut args, actor.to_uppercase());
            let hi = arg(&mut args, prefix_end(&actor.to_uppercase()));
            sql += &format!(
                " AND ((e.source_code >= {lo} AND e.source_code < {hi})
                    OR (e.target_code >= {lo} AND e.target_code < {hi}))"
            );
        }
        if let Some(code) = &f.code {
            let lo = arg(&mut args, code.clone());
            let hi = arg(&mut args, prefix_end(code));
            sql += &format!(" AND e.code >= {lo} AND e.code < {hi}");
        }
        if let Some(from) = &f.from {
            sql += &format!(
                " AND COALESCE(e.date, a.published) >= {}",
                arg(&mut args, from.clone())
            );
        }
        if let Some(to) = &f.to {
            sql += &format!(
                " AND COALESCE(e.date, a.published) <= {}",
                arg(&mut args, to.clone())
            );
        }
        if let Some(place) = &f.place {
            sql += &format!(
                " AND e.place_name = {} COLLATE NOCASE",
                arg(&mut args, place.clone())
            );
        }
        if let Some(mode) = &f.mode {
            sql += &format!(" AND e.mode = {}", arg(&mut args, mode.to_lowercase()));
        }
        sql += " ORDER BY a.id, e.idx";
        sql += &limit_clause(f.limit);
        self.rows(&sql, &args)
    }

    /// Quotes matching `f`: in input order, or best match first when searching.
    pub fn quotes(&self, f: &QuoteFilter) -> Result<Rows> {
        let mut sql = String::from(
            "SELECT a.ext_id AS article, q.idx AS quote, q.kind,
                    q.speaker_name AS speaker, q.speaker_code, q.source_text AS source,
                    q.cue_text AS cue, q.content_text AS content, q.responds_to
             FROM quotes q JOIN articles a ON a.id = q.article_id",
        );
        let mut args: Vec<String> = Vec::new();
        let mut order = "a.id, q.idx".to_string();
        if let Some(search) = &f.search {
            sql += " JOIN quotes_fts ON quotes_fts.rowid = q.rowid AND quotes_fts MATCH ?1";
            args.push(fts_query(search));
            order = "quotes_fts.rank, a.id, q.idx".into();
        }
        sql += " WHERE 1 = 1";
        if let Some(sp) = &f.speaker {
            args.push(sp.to_uppercase());
            args.push(prefix_end(&sp.to_uppercase()));
            args.push(format!("%{}%", like_escape(sp)));
            let n = args.len();
            sql += &format!(
                " AND ((q.speaker_code >= ?{} AND q.speaker_code < ?{})
                    OR q.speaker_name LIKE ?{n} ESCAPE '\\'
                    OR q.source_text LIKE ?{n} ESCAPE '\\')",
                n - 2,
                n - 1
            );
        }
        sql += &format!(" ORDER BY {order}");
        sql += &limit_clause(f.limit);
        self.rows(&sql, &args)
    }

    /// Claims and accusations, each with the denials that answer it (one
    /// row per claim-denial pair; denial columns null when none answers).
    /// A claim is a quote some denial responds to, or one whose cue says
    /// so (accused, claimed, alleged, charged, blamed).
    pub fn claims(&self, speaker: Option<&str>, limit: Option<usize>) -> Result<Rows> {
        let mut sql = String::from(
            "SELECT a.ext_id AS article, c.idx AS claim, c.speaker_name AS claimant,
                    c.speaker_code AS claimant_code, c.source_text AS claimant_source,
                    c.cue_text AS claim_cue, c.content_text AS claim_text,
                    d.idx AS denial, d.speaker_name AS denier, d.speaker_code AS denier_code,
                    d.source_text AS denier_source, d.cue_text AS denial_cue,
                    d.content_text AS denial_text
             FROM quotes c JOIN articles a ON a.id = c.article_id
             LEFT JOIN quotes d ON d.article_id = c.article_id AND d.responds_to = c.idx
             WHERE (d.idx IS NOT NULL
                    OR lower(c.cue_text) LIKE '%accus%' OR lower(c.cue_text) LIKE '%claim%'
                    OR lower(c.cue_text) LIKE '%alleg%' OR lower(c.cue_text) LIKE '%charg%'
                    OR lower(c.cue_text) LIKE '%blam%')",
        );
        let mut args: Vec<String> = Vec::new();
        if let Some(sp) = speaker {
            args.push(sp.to_uppercase());
            args.push(prefix_end(&sp.to_uppercase()));
            args.push(format!("%{}%", like_escape(sp)));
            sql += " AND (";
            let who = ["c", "d"].map(|t| {
                format!(
                    "({t}.speaker_code >= ?1 AND {t}.speaker_code < ?2)
                     OR {t}.speaker_name LIKE ?3 ESCAPE '\\' OR {t}.source_text LIKE ?3 ESCAPE '\\'"
                )
            });
            sql += &who.join(" OR ");
            sql += ")";
        }
        sql += " ORDER BY a.id, c.idx, d.idx";
        sql += &limit_clause(limit);
        self.rows(&sql, &args)
    }

    /// Articles, best match first for an FTS5 `search` over title and text
    /// (with a snippet), or all in input order without one.
    pub fn articles(&self, search: Option<&str>, limit: Option<usize>) -> Result<Rows> {
        let counts = "(SELECT count(*) FROM entities WHERE article_id = a.id) AS entities,
                      (SELECT count(*) FROM quotes WHERE article_id = a.id) AS quotes,
                      (SELECT count(*) FROM events WHERE article_id = a.id) AS events";
        let (sql, args) = match search {
            Some(s) => (
                format!(
                    "SELECT a.ext_id AS article, a.title, a.published,
                            snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, {counts}
                     FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                     WHERE articles_fts MATCH ?1 ORDER BY articles_fts.rank{}",
                    limit_clause(limit)
                ),
                vec![fts_query(s)],
            ),
            None => (
                format!(
                    "SELECT a.ext_id AS article, a.title, a.published, a.url, {counts}
                     FROM articles a ORDER BY a.id{}",
                    limit_clause(limit)
                ),
                vec![],
            ),
        };
        self.rows(&sql, &args)
    }

    /// Runs a query with text parameters and collects its rows.
    fn rows(&self, sql: &str, args: &[String]) -> Result<Rows> {
        let mut st = self.conn.prepare(sql)?;
        let columns: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let mut rows = Vec::new();
        let mut q = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = q.next()? {
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
}

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

fn limit_clause(limit: Option<usize>) -> String {
    limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default()
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

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Writes a document's entities, quotes and events for article `id`, from
/// the output contract (code-point offsets, as `wirecode code` writes them).
fn write_layers(conn: &Connection, id: i64, doc: &Doc) -> Result<()> {
    let v = to_value(doc, &OutputOptions { with_text: false });
    let empty = vec![];
    let list = |k: &str| v[k].as_array().unwrap_or(&empty);
    let mut ent = conn.prepare_cached(
        "INSERT INTO entities (article_id, start, \"end\", text, type, actor_id, actor_name,
                               actor_code, place_name, place_country, lat, lon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for e in list("entities") {
        let (a, p) = (&e["actor"], &e["place"]);
        ent.execute(params![
            id,
            e["start"].as_u64(),
            e["end"].as_u64(),
            s(&e["text"]),
            s(&e["type"]),
            s(&a["id"]),
            s(&a["name"]),
            s(&a["code"]),
            s(&p["name"]),
            s(&p["country"]),
            p["lat"].as_f64(),
            p["lon"].as_f64(),
        ])?;
    }
    let mut quo = conn.prepare_cached(
        "INSERT INTO quotes (article_id, idx, kind, content_json, content_text, source_text,
                             cue_text, speaker_id, speaker_name, speaker_code, responds_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, (q, dq)) in list("quotes").iter().zip(&doc.quotes).enumerate() {
        let content_text = dq
            .content
            .iter()
            .map(|sp| doc.slice(*sp))
            .collect::<Vec<_>>()
            .join(" … ");
        let sp = &q["speaker"];
        quo.execute(params![
            id,
            i as i64,
            s(&q["kind"]),
            q["content"].to_string(),
            content_text,
            s(&q["source"]["text"]),
            s(&q["cue"]["text"]),
            s(&sp["id"]),
            s(&sp["name"]),
            s(&sp["code"]),
            q["responds_to"].as_u64(),
        ])?;
    }
    let mut evt = conn.prepare_cached(
        "INSERT INTO events (article_id, idx, code, root, name, plover, goldstein, quad_class,
                             source_text, source_name, source_code, target_text, target_name,
                             target_code, mode, date, place_name, place_country, lat, lon,
                             evidence_start, evidence_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22)",
    )?;
    for (i, e) in list("events").iter().enumerate() {
        let (src, tgt, loc) = (&e["source"], &e["target"], &e["location"]);
        evt.execute(params![
            id,
            i as i64,
            s(&e["code"]),
            s(&e["root"]),
            s(&e["name"]),
            s(&e["plover"]),
            // f32 in the model: round back to the one decimal Goldstein scores have.
            e["goldstein"].as_f64().map(|g| (g * 10.0).round() / 10.0),
            e["quad_class"].as_u64(),
            s(&src["text"]),
            s(&src["name"]),
            s(&src["code"]),
            s(&tgt["text"]),
            s(&tgt["name"]),
            s(&tgt["code"]),
            s(&e["mode"]),
            s(&e["date"]),
            s(&loc["name"]),
            s(&loc["country"]),
            loc["lat"].as_f64(),
            loc["lon"].as_f64(),
            e["evidence"]["start"].as_u64(),
            e["evidence"]["end"].as_u64(),
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
