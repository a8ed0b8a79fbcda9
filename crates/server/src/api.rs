//! The `/api/` handlers: query parameters checked, then read-only SQL against
//! the store's schema, on the blocking thread pool. The statements are the
//! same for SQLite and PostgreSQL but for the differences
//! `wirecode_store::sql::Dialect` names (case-insensitive matches, search).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Map, Value};
use wirecode_doc::{Article, Doc};
use wirecode_pgstore::postgres;
use wirecode_store::rusqlite::{self, Connection, OpenFlags};
use wirecode_store::sql::{self as q, Arg, Dialect};
use wirecode_store::{
    content_hash, prefix_end, Backend as StoreBackend, Location, Rows, MIGRATIONS,
};

/// Rows per page when `limit` is not given.
const DEFAULT_LIMIT: usize = 100;
/// The largest `limit` accepted.
const MAX_LIMIT: usize = 1000;
/// Connections kept for reuse, and the most queries run at once: more
/// requests wait their turn (on 2 cores, running 50 SQLite queries at once
/// only thrashes, and each one past the pool would open a fresh connection
/// with cold caches). With 8, the load test's slowest requests were slower
/// (p99 52-56 ms against 44-46 ms with 4): more queries at once on 2 cores
/// only interleave them.
const POOL: usize = 4;

/// An API error: a status and a message, sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the user.
    pub message: String,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

impl From<wirecode_store::Error> for ApiError {
    fn from(e: wirecode_store::Error) -> ApiError {
        match e {
            // A search the FTS5 parser refuses is the caller's mistake.
            wirecode_store::Error::BadSearch(_) => ApiError::bad(e.to_string()),
            e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl From<wirecode_pgstore::Error> for ApiError {
    fn from(e: wirecode_pgstore::Error) -> ApiError {
        match e {
            wirecode_pgstore::Error::BadSearch(_) => ApiError::bad(e.to_string()),
            // The server is restarting or unreachable: try again shortly.
            e if e.is_transient() => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("database unavailable, try again: {e}"),
            ),
            e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// A wirecode database opened read-only, with a few pooled connections:
/// an SQLite file, or a PostgreSQL database.
pub struct Db {
    backend: Backend,
    /// At most [`POOL`] queries at a time.
    gate: tokio::sync::Semaphore,
    /// Set in ingest mode ([`Db::open_writable`]): the store to write posted articles to.
    writer: Option<Writer>,
}

/// Codes a batch of articles: one result per article, in order (an error
/// names the article). `wirecode serve --allow-ingest` passes the same
/// pipeline `wirecode ingest` codes with.
pub type Coder = Arc<dyn Fn(Vec<Article>) -> Vec<Result<Doc, String>> + Send + Sync>;

/// A store opened read-write and the coder for `POST /api/articles`.
struct Writer {
    store: Mutex<Box<dyn StoreBackend + Send>>,
    coder: Coder,
}

enum Backend {
    Sqlite {
        path: PathBuf,
        pool: Mutex<Vec<Connection>>,
    },
    Postgres {
        url: String,
        pool: Mutex<Vec<postgres::Client>>,
    },
}

impl Db {
    /// Opens the SQLite database at `path` read-only and checks that its
    /// schema is one this binary knows.
    pub fn open(path: &Path) -> Result<Db, String> {
        if !path.is_file() {
            return Err(format!(
                "{}: no such database (create one with `wirecode ingest`)",
                path.display()
            ));
        }
        let conn = connect(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let version: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| format!("{}: not a wirecode database ({e})", path.display()))?;
        let version: usize = version.and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        if version == 0 || version > MIGRATIONS.len() {
            return Err(format!(
                "{}: database schema version {version} is not one this wirecode reads (1..={})",
                path.display(),
                MIGRATIONS.len()
            ));
        }
        if version < MIGRATIONS.len() {
            // Read-only: the server does not upgrade it; any writing command does.
            return Err(format!(
                "{}: database schema version {version} is older than this wirecode's ({}); \
                 upgrade it once with `wirecode query articles --db {} --limit 1`",
                path.display(),
                MIGRATIONS.len(),
                path.display()
            ));
        }
        Ok(Db {
            gate: tokio::sync::Semaphore::new(POOL),
            writer: None,
            backend: Backend::Sqlite {
                path: path.to_path_buf(),
                pool: Mutex::new(vec![conn]),
            },
        })
    }

    /// Connects to a PostgreSQL database holding a wirecode schema, with
    /// read-only sessions. Call from outside an async context (it blocks).
    pub fn open_postgres(url: &str) -> Result<Db, String> {
        let client = wirecode_pgstore::connect_read_only(url).map_err(|e| e.to_string())?;
        Ok(Db {
            gate: tokio::sync::Semaphore::new(POOL),
            writer: None,
            backend: Backend::Postgres {
                url: url.to_string(),
                pool: Mutex::new(vec![client]),
            },
        })
    }

    /// Opens whichever store `loc` names.
    pub fn open_location(loc: &Location) -> Result<Db, String> {
        match loc {
            Location::Sqlite(p) => Db::open(p),
            Location::Postgres(url) => Db::open_postgres(url),
        }
    }

    /// Opens the store `loc` names for ingest mode: one read-write
    /// connection (the schema upgraded if older; an SQLite file must exist)
    /// that `POST /api/articles` stores through, coding with `coder`, and
    /// read-only connections for everything else.
    pub fn open_writable(loc: &Location, coder: Coder) -> Result<Db, String> {
        let store: Box<dyn StoreBackend + Send> = match loc {
            Location::Sqlite(p) => Box::new(
                wirecode_store::Store::open_existing(p)
                    .map_err(|e| format!("{}: {e}", p.display()))?,
            ),
            Location::Postgres(url) => {
                Box::new(wirecode_pgstore::PgStore::open_existing(url).map_err(|e| e.to_string())?)
            }
        };
        let mut db = Db::open_location(loc)?;
        db.writer = Some(Writer {
            store: Mutex::new(store),
            coder,
        });
        Ok(db)
    }

    /// True when this database takes posted articles.
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Runs `f` with a pooled connection (on a thread that may block). A
    /// PostgreSQL connection found lost (the server restarted) is replaced
    /// and `f` tried once more on the new one.
    fn with<T>(&self, f: impl Fn(&mut Conn<'_>) -> ApiResult<T>) -> ApiResult<T> {
        match &self.backend {
            Backend::Sqlite { path, pool } => {
                let pooled = pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let conn = match pooled {
                    Some(c) => c,
                    None => connect(path).map_err(wirecode_store::Error::from)?,
                };
                let out = f(&mut Conn::Sqlite(&conn));
                let mut pool = pool.lock().unwrap_or_else(|e| e.into_inner());
                if pool.len() < POOL {
                    pool.push(conn);
                }
                out
            }
            Backend::Postgres { url, pool } => {
                let pooled = pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let mut client = match pooled {
                    Some(c) if !c.is_closed() => c,
                    _ => wirecode_pgstore::connect_read_only(url)?,
                };
                let mut out = f(&mut Conn::Postgres(&mut client));
                if out.is_err() && client.is_closed() {
                    client = wirecode_pgstore::connect_read_only(url)?;
                    out = f(&mut Conn::Postgres(&mut client));
                }
                // A connection lost (a server restart) is not kept: the next
                // request opens a fresh one.
                if !client.is_closed() {
                    let mut pool = pool.lock().unwrap_or_else(|e| e.into_inner());
                    if pool.len() < POOL {
                        pool.push(client);
                    }
                }
                out
            }
        }
    }
}

/// One pooled connection of either backend.
pub(crate) enum Conn<'a> {
    Sqlite(&'a Connection),
    Postgres(&'a mut postgres::Client),
}

impl Conn<'_> {
    fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs `sql` (placeholders `?N`) and returns its rows.
    fn rows(&mut self, sql: &str, args: &[Arg]) -> ApiResult<Rows> {
        let query = q::Query {
            sql: sql.to_string(),
            args: args.to_vec(),
        };
        Ok(match self {
            Conn::Sqlite(c) => wirecode_store::query_rows(c, &query)?,
            Conn::Postgres(c) => wirecode_pgstore::query_rows(*c, &query)?,
        })
    }

    /// Runs `sql` (placeholders `?N`) and returns each row as an object keyed by column name.
    fn objects(&mut self, sql: &str, args: &[Arg]) -> ApiResult<Vec<Map<String, Value>>> {
        Ok(self.rows(sql, args)?.objects().collect())
    }

    /// A count, or `None` when SQLite gave up after [`COUNT_STEPS`]
    /// thousand virtual-machine steps (PostgreSQL counts to the end).
    fn count_within_budget(&mut self, sql: &str, args: &[Arg]) -> ApiResult<Option<i64>> {
        let Conn::Sqlite(c) = self else {
            return self.count(sql, args).map(Some);
        };
        let mut steps = 0u32;
        c.progress_handler(
            1000,
            Some(move || {
                steps += 1;
                steps > COUNT_STEPS
            }),
        );
        let out = self.count(sql, args);
        if let Conn::Sqlite(c) = self {
            c.progress_handler(1000, None::<fn() -> bool>);
        }
        match out {
            Ok(n) => Ok(Some(n)),
            Err(e) if e.message.contains("interrupt") => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn count(&mut self, sql: &str, args: &[Arg]) -> ApiResult<i64> {
        let rows = self.objects(sql, args)?;
        Ok(rows
            .first()
            .and_then(|r| r.values().next())
            .and_then(Value::as_i64)
            .unwrap_or(0))
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Each filter combination has its own count and page statements: with
    // rusqlite's default of 16 cached statements, a mix of filters parsed
    // and planned its SQL again on most requests.
    conn.set_prepared_statement_cache_capacity(512);
    // The server picks each plan itself (forced indexes); without the query
    // planner stability guarantee, SQLite marks statements whose plan might
    // depend on a bound value (LIMIT, ranges, expression indexes) and parses
    // them again on every execution with new arguments.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    // Reads through a memory map (no copy per page read) and a larger
    // page cache: the timeline of a large store reads many index pages.
    conn.execute_batch(
        "PRAGMA query_only = ON; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;",
    )?;
    Ok(conn)
}

/// Runs a query on the blocking pool.
async fn blocking<T: Send + 'static>(
    db: Arc<Db>,
    f: impl Fn(&mut Conn<'_>) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let _turn = db
        .gate
        .acquire()
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let db2 = db.clone();
    tokio::task::spawn_blocking(move || db2.with(f))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

type RawQuery = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// Query parameters, checked against the names an endpoint knows. Empty
/// values count as absent (an empty form field).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(q: RawQuery, known: &[&str]) -> ApiResult<Params> {
        let Query(pairs) = q.map_err(|e| ApiError::bad(e.body_text()))?;
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, v) in pairs {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::bad(format!(
                    "unknown parameter {k:?} (known: {})",
                    known.join(", ")
                )));
            }
            if out.iter().any(|(o, _)| *o == k) {
                return Err(ApiError::bad(format!("parameter {k:?} given twice")));
            }
            let v = v.trim();
            if !v.is_empty() {
                out.push((k, v.to_string()));
            }
        }
        Ok(Params(out))
    }

    fn get(&self, k: &str) -> Option<String> {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    fn date(&self, k: &str) -> ApiResult<Option<String>> {
        match self.get(k) {
            Some(d) if valid_date(&d) => Ok(Some(d)),
            Some(d) => Err(ApiError::bad(format!(
                "{k}: expected a date as YYYY-MM-DD, got {d:?}"
            ))),
            None => Ok(None),
        }
    }

    fn uint(&self, k: &str, default: usize, max: usize) -> ApiResult<usize> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ApiError::bad(format!(
                    "{k}: expected a whole number from 0 to {max}, got {v:?}"
                ))),
            },
        }
    }

    /// `limit` (1..=MAX_LIMIT, default DEFAULT_LIMIT) and `offset`.
    fn page(&self) -> ApiResult<(i64, i64)> {
        let limit = self.uint("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
        if limit == 0 {
            return Err(ApiError::bad("limit: must be at least 1"));
        }
        let offset = self.uint("offset", 0, i64::MAX as usize)?;
        Ok((limit as i64, offset as i64))
    }
}

/// A real calendar date written YYYY-MM-DD.
fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let p = &s[r];
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

const MODES: &[&str] = &[
    "asserted",
    "negated",
    "claimed",
    "denied",
    "intended",
    "hypothetical",
];

/// The event filters shared by `/api/events` and `/api/network`.
struct EventFilter {
    actor: Option<String>,
    code: Option<String>,
    from: Option<String>,
    to: Option<String>,
    place: Option<String>,
    mode: Option<String>,
    plover: Option<String>,
}

const EVENT_FILTERS: &[&str] = &["actor", "code", "from", "to", "place", "mode", "plover"];

impl EventFilter {
    fn parse(p: &Params) -> ApiResult<EventFilter> {
        let code = p.get("code");
        if let Some(c) = &code {
            if c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::bad(format!(
                    "code: expected a CAMEO code prefix (digits), got {c:?}"
                )));
            }
        }
        let mode = p.get("mode").map(|m| m.to_lowercase());
        if let Some(m) = &mode {
            if !MODES.contains(&m.as_str()) {
                return Err(ApiError::bad(format!(
                    "mode: expected one of {}, got {m:?}",
                    MODES.join(", ")
                )));
            }
        }
        let f = EventFilter {
            actor: p.get("actor").map(|a| a.to_uppercase()),
            code,
            from: p.date("from")?,
            to: p.date("to")?,
            place: p.get("place"),
            mode,
            plover: p.get("plover").map(|a| a.to_uppercase()),
        };
        if let (Some(a), Some(b)) = (&f.from, &f.to) {
            if a > b {
                return Err(ApiError::bad(format!("from {a} is after to {b}")));
            }
        }
        Ok(f)
    }

    /// ` AND ...` conditions over `events e` (no column of `articles`), binding into `args`.
    fn sql(&self, args: &mut Vec<Arg>, d: Dialect) -> String {
        self.terms(args, d)
            .iter()
            .map(|t| format!(" AND {}", t.sql))
            .collect()
    }

    /// The conditions one by one, each with the arguments it reads; every
    /// one has an index that finds its rows (schema version 2).
    fn terms(&self, args: &mut Vec<Arg>, d: Dialect) -> Vec<Term> {
        let mut out = Vec::new();
        let mut arg = |v: String| {
            args.push(Arg::Text(v));
            format!("?{}", args.len())
        };
        if let Some(actor) = &self.actor {
            let (lo, hi) = (arg(actor.clone()), arg(prefix_end(actor)));
            out.push(format!(
                "((e.source_code >= {lo} AND e.source_code < {hi})
                  OR (e.target_code >= {lo} AND e.target_code < {hi}))"
            ));
        }
        if let Some(code) = &self.code {
            let (lo, hi) = (arg(code.clone()), arg(prefix_end(code)));
            out.push(format!("e.code >= {lo} AND e.code < {hi}"));
        }
        // `day` is the event's date, else its article's.
        match (&self.from, &self.to) {
            (Some(f), Some(t)) => {
                let (f, t) = (arg(f.clone()), arg(t.clone()));
                out.push(format!("e.day >= {f} AND e.day <= {t}"));
            }
            (Some(f), None) => out.push(format!("e.day >= {}", arg(f.clone()))),
            (None, Some(t)) => out.push(format!("e.day <= {}", arg(t.clone()))),
            (None, None) => {}
        }
        if let Some(place) = &self.place {
            let ph = arg(place.clone());
            out.push(d.nocase_eq("e.place_name", &ph));
        }
        if let Some(mode) = &self.mode {
            out.push(format!("e.mode = {}", arg(mode.clone())));
        }
        if let Some(plover) = &self.plover {
            out.push(format!("upper(e.plover) = {}", arg(plover.clone())));
        }
        // Each term's placeholders are the ones numbered up to its last.
        let mut last = 0;
        out.into_iter()
            .map(|sql| {
                while sql.contains(&format!("?{}", last + 1)) {
                    last += 1;
                }
                Term {
                    sql,
                    last_arg: last,
                }
            })
            .collect()
    }
}

/// One condition of an event filter, reading arguments `1..=last_arg`.
struct Term {
    sql: String,
    last_arg: usize,
}

/// Matches counted for `total`: past this many, `total` is this bound and
/// `total_exact` false, so that paging a broad filter over millions of rows
/// does not count them all on every page.
pub const COUNT_CAP: i64 = 1_000;

/// The work an event count may take, in thousands of SQLite steps (about a
/// millisecond): a combination of broad filters with few matches in common is not
/// counted to the end; `total` is then what the pages seen so far prove.
const COUNT_STEPS: u32 = 100;

/// One page of results: `{"total", "total_exact", "limit", "offset", "items"}`.
fn page_of(total: i64, exact: bool, limit: i64, offset: i64, items: Vec<Value>) -> Json<Value> {
    Json(json!({
        "total": total,
        "total_exact": exact,
        "limit": limit,
        "offset": offset,
        "items": items,
    }))
}

/// A page of results whose items are rows: serialised as
/// [`page_of`]'s object, each row an object keyed by column name, written
/// straight from the rows instead of through a map per row (a page of 100
/// events is most of a request's work).
pub(crate) struct RowsPage {
    total: i64,
    exact: bool,
    limit: i64,
    offset: i64,
    rows: Rows,
}

impl RowsPage {
    /// A page whose `total` was counted up to [`COUNT_CAP`] + 1.
    fn capped(total: i64, (limit, offset): (i64, i64), rows: Rows) -> RowsPage {
        RowsPage {
            total: total.min(COUNT_CAP),
            exact: total <= COUNT_CAP,
            limit,
            offset,
            rows,
        }
    }

    fn into_json(self) -> Json<Value> {
        let items = self.rows.objects().map(Value::Object).collect();
        page_of(self.total, self.exact, self.limit, self.offset, items)
    }
}

impl Serialize for RowsPage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Items<'a>(&'a Rows);
        struct Item<'a>(&'a [String], &'a [Value]);
        impl Serialize for Items<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.rows.len()))?;
                for r in &self.0.rows {
                    seq.serialize_element(&Item(&self.0.columns, r))?;
                }
                seq.end()
            }
        }
        impl Serialize for Item<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0.iter().zip(self.1) {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("total", &self.total)?;
        m.serialize_entry("total_exact", &self.exact)?;
        m.serialize_entry("limit", &self.limit)?;
        m.serialize_entry("offset", &self.offset)?;
        m.serialize_entry("items", &Items(&self.rows))?;
        m.end()
    }
}

fn paged(
    conn: &mut Conn<'_>,
    select: &str,
    from_where: &str,
    order: &str,
    args: Vec<Arg>,
    pg: (i64, i64),
) -> ApiResult<Json<Value>> {
    Ok(paged_rows(conn, select, from_where, order, args, pg)?.into_json())
}

/// [`paged`], with the page's rows as they came.
fn paged_rows(
    conn: &mut Conn<'_>,
    select: &str,
    from_where: &str,
    order: &str,
    mut args: Vec<Arg>,
    (limit, offset): (i64, i64),
) -> ApiResult<RowsPage> {
    // Count at most COUNT_CAP + 1 matches: paging a broad filter does not
    // count millions of rows on every page.
    args.push(Arg::Int(COUNT_CAP + 1));
    let total = conn.count(
        &format!(
            "SELECT count(*) FROM (SELECT 1 {from_where} LIMIT ?{}) AS capped",
            args.len()
        ),
        &args,
    )?;
    args.pop();
    args.push(Arg::Int(limit));
    args.push(Arg::Int(offset));
    let n = args.len();
    let sql = format!(
        "{select} {from_where} ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
        n - 1
    );
    let rows = conn.rows(&sql, &args)?;
    Ok(RowsPage::capped(total, (limit, offset), rows))
}

/// `GET /api/events`: events matching the filters, by date (undated last),
/// then in input order.
pub(crate) async fn events(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<RowsPage>> {
    let known: Vec<&str> = EVENT_FILTERS
        .iter()
        .chain(&["limit", "offset"])
        .copied()
        .collect();
    let p = Params::parse(q, &known)?;
    let f = EventFilter::parse(&p)?;
    let pg = p.page()?;
    blocking(db, move |c| Ok(Json(events_page(c, &f, pg)?))).await
}

/// One page of `/api/events`.
fn events_page(c: &mut Conn<'_>, f: &EventFilter, pg: (i64, i64)) -> ApiResult<RowsPage> {
    let mut args = Vec::new();
    let d = c.dialect();
    let terms = f.terms(&mut args, d);
    let cond: String = terms.iter().map(|t| format!(" AND {}", t.sql)).collect();
    let select = String::from(
        "SELECT e.article_id, a.ext_id AS article, a.title AS article_title,
                e.idx AS event, e.day AS date, e.code, e.root,
                e.name, e.plover, e.mode, e.goldstein, e.quad_class,
                e.source_code, COALESCE(e.source_name, e.source_text) AS source,
                e.target_code, COALESCE(e.target_name, e.target_text) AS target,
                e.place_name AS place, e.place_country AS country, e.lat, e.lon,
                e.evidence_start, e.evidence_end, e.evidence",
    );
    // The order of the `events_timeline` index.
    let order = "(e.day IS NULL), e.day, e.article_id, e.idx";
    let join = "JOIN articles a ON a.id = e.article_id";
    if d == Dialect::Postgres {
        // PostgreSQL's planner has the statistics to choose.
        return paged_rows(
            c,
            &select,
            &format!("FROM events e {join} WHERE 1 = 1{cond}"),
            order,
            args,
            pg,
        );
    }
    // SQLite guesses the size of a range (`code` 0*, an actor prefix)
    // without looking, so the plan is chosen here: each condition's
    // matches are counted up to the cap through its own index, and the
    // narrowest one, if under the cap, gives the candidate rows, counted
    // and sorted in full (at most COUNT_CAP). When every condition is
    // broad, the timeline index is read in order and the page is found
    // after (offset + limit) / density rows.
    let mut narrowest: Option<(i64, &Term)> = None;
    for t in &terms {
        let n = c.count(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM events e WHERE {} LIMIT {})",
                t.sql,
                COUNT_CAP + 1
            ),
            &args[..t.last_arg],
        )?;
        if narrowest.is_none_or(|(m, _)| n < m) {
            narrowest = Some((n, t));
        }
    }
    if let Some((_, t)) = narrowest.filter(|(n, _)| *n <= COUNT_CAP) {
        let within = format!(
            " AND e.rowid IN (SELECT rowid FROM events e WHERE {})",
            t.sql
        );
        let (limit, offset) = pg;
        let total = c.count(
            &format!("SELECT count(*) FROM events e WHERE 1 = 1{cond}{within}"),
            &args,
        )?;
        let rows = if total > offset {
            // The page's rows picked by their sort keys, then read.
            args.push(Arg::Int(limit));
            args.push(Arg::Int(offset));
            let n = args.len();
            c.rows(
                &format!(
                    "{select} FROM (SELECT e.rowid AS r FROM events e WHERE 1 = 1{cond}{within}
                                    ORDER BY {order} LIMIT ?{} OFFSET ?{n}) AS pick
                     JOIN events e ON e.rowid = pick.r {join}
                     ORDER BY {order}",
                    n - 1
                ),
                &args,
            )?
        } else {
            Rows::default()
        };
        return Ok(RowsPage::capped(total, pg, rows));
    }
    let (limit, offset) = pg;
    // The index that gives the page in order: the timeline under the
    // place, else under the code's CAMEO root (schema version 3), else the
    // whole timeline; each holds the other filtered columns.
    let (index, cond) = if f.place.is_some() {
        ("events_place_timeline", cond)
    } else if let Some(code) = f.code.as_ref().filter(|c| c.len() >= 2) {
        args.push(Arg::Text(code[..2].to_string()));
        (
            "events_root_timeline",
            format!("{cond} AND e.root = ?{}", args.len()),
        )
    } else {
        ("events_timeline", cond)
    };
    // Each of these indexes orders by `(day IS NULL), day` after its
    // prefix. A date range excludes undated events, so with the index
    // forced, naming the first term lets the range seek into the index
    // (the place index otherwise tests every event of the place), and the
    // order, which no longer needs it, is still the index's. (Left to
    // itself, SQLite picks worse plans when it sees this term.)
    let dated = f.from.is_some() || f.to.is_some();
    let (cond, order) = if dated {
        (
            format!("{cond} AND (e.day IS NULL) = 0"),
            "e.day, e.article_id, e.idx",
        )
    } else {
        (cond, order)
    };
    let mut count_args = args.clone();
    count_args.push(Arg::Int(COUNT_CAP + 1));
    let total = if terms.len() <= 1 {
        // No filter, or one: its count through its own index is the count.
        match narrowest {
            Some((n, _)) => Some(n),
            None => Some(c.count(
                &format!(
                    "SELECT count(*) FROM (SELECT 1 FROM events LIMIT {})",
                    COUNT_CAP + 1
                ),
                &[],
            )?),
        }
    } else {
        c.count_within_budget(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM events e INDEXED BY {index}
                                   WHERE 1 = 1{cond} LIMIT ?{}) AS capped",
                count_args.len()
            ),
            &count_args,
        )?
    };
    args.push(Arg::Int(limit));
    args.push(Arg::Int(offset));
    let n = args.len();
    let rows = c.rows(
        &format!(
            "{select} FROM events e INDEXED BY {index} {join} WHERE 1 = 1{cond}
                 ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
            n - 1
        ),
        &args,
    )?;
    Ok(match total {
        Some(t) => RowsPage::capped(t, pg, rows),
        // Not counted to the end: at least what this page shows.
        None => {
            let got = rows.rows.len() as i64;
            // A short page after matches (or a first empty one) ends them.
            let last = got < limit && (got > 0 || offset == 0);
            RowsPage {
                total: offset + got,
                exact: last,
                limit,
                offset,
                rows,
            }
        }
    })
}

/// Conditions matching a speaker by code prefix, name or source mention, on table alias `t`.
fn speaker_sql(t: &str, sp: &str, args: &mut Vec<Arg>, d: Dialect) -> String {
    let n = q::speaker_args(sp, args);
    q::speaker_cond(t, n, d)
}

/// `GET /api/quotes`: quotes in input order, or best match first when searching.
pub(crate) async fn quotes(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::parse(q, &["speaker", "search", "limit", "offset"])?;
    let pg = p.page()?;
    let (speaker, search) = (p.get("speaker"), p.get("search"));
    blocking(db, move |c| {
        let d = c.dialect();
        let mut args = Vec::new();
        let mut from_where = String::from("FROM quotes q JOIN articles a ON a.id = q.article_id");
        let mut order = "a.id, q.idx".to_string();
        let mut cond = String::new();
        if let Some(s) = &search {
            args.push(Arg::Text(d.search_arg(s).map_err(bad_search)?));
            let s = d.quote_search("?1");
            from_where += &s.join;
            cond = s.cond;
            order = format!("{}, a.id, q.idx", s.rank);
        }
        from_where += " WHERE 1 = 1";
        from_where += &cond;
        if let Some(sp) = &speaker {
            from_where += " AND ";
            from_where += &speaker_sql("q", sp, &mut args, d);
        }
        paged(
            c,
            "SELECT q.article_id, a.ext_id AS article, q.idx AS quote, q.kind,
                    q.speaker_name AS speaker, q.speaker_code, q.source_text AS source,
                    q.cue_text AS cue, q.content_text AS content, q.responds_to",
            &from_where,
            &order,
            args,
            pg,
        )
    })
    .await
}

/// `GET /api/claims`: claims and accusations, each with the denials that answer it.
pub(crate) async fn claims(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::parse(q, &["speaker", "limit", "offset"])?;
    let pg = p.page()?;
    let speaker = p.get("speaker");
    blocking(db, move |c| {
        let d = c.dialect();
        let mut args = Vec::new();
        let mut from_where = format!(
            "FROM quotes c JOIN articles a ON a.id = c.article_id
             WHERE (EXISTS (SELECT 1 FROM quotes d
                            WHERE d.article_id = c.article_id AND d.responds_to = c.idx)
                    OR {})",
            q::CLAIM_CUES
        );
        if let Some(sp) = &speaker {
            let claimant = speaker_sql("c", sp, &mut args, d);
            let denier = speaker_sql("d", sp, &mut args, d);
            from_where += &format!(
                " AND ({claimant} OR EXISTS (SELECT 1 FROM quotes d WHERE d.article_id = c.article_id
                                              AND d.responds_to = c.idx AND {denier}))"
            );
        }
        let Json(mut out) = paged(
            c,
            "SELECT c.article_id, a.ext_id AS article, c.idx AS claim, c.kind,
                    c.speaker_name AS speaker, c.speaker_code, c.source_text AS source,
                    c.cue_text AS cue, c.content_text AS content",
            &from_where,
            "a.id, c.idx",
            args,
            pg,
        )?;
        if let Some(items) = out["items"].as_array_mut() {
            for item in items {
                let denials = c.objects(
                    "SELECT idx AS quote, kind, speaker_name AS speaker, speaker_code,
                            source_text AS source, cue_text AS cue, content_text AS content
                     FROM quotes WHERE article_id = ?1 AND responds_to = ?2 ORDER BY idx",
                    &[json_int(&item["article_id"]), json_int(&item["claim"])],
                )?;
                item["denials"] = Value::Array(denials.into_iter().map(Value::Object).collect());
            }
        }
        Ok(Json(out))
    })
    .await
}

fn json_int(v: &Value) -> Arg {
    Arg::Int(v.as_i64().unwrap_or(-1))
}

fn bad_search(m: String) -> ApiError {
    ApiError::from(wirecode_store::Error::BadSearch(m))
}

/// `GET /api/articles`: stored articles, in input order, or best match first
/// for a full-text search (with a snippet).
pub(crate) async fn articles(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::parse(q, &["search", "limit", "offset"])?;
    let pg = p.page()?;
    let search = p.get("search");
    blocking(db, move |c| {
        let counts = q::ARTICLE_COUNTS;
        match &search {
            Some(s) => {
                let d = c.dialect();
                let arg = Arg::Text(d.search_arg(s).map_err(bad_search)?);
                let (s, snippet) = d.article_search("?1");
                paged(
                    c,
                    &format!(
                        "SELECT a.id, a.ext_id AS article, a.title, a.published, a.url,
                                {snippet} AS snippet, {counts}"
                    ),
                    &format!("FROM articles a{} WHERE 1 = 1{}", s.join, s.cond),
                    &format!("{}, a.id", s.rank),
                    vec![arg],
                    pg,
                )
            }
            None => paged(
                c,
                &format!("SELECT a.id, a.ext_id AS article, a.title, a.published, a.url, {counts}"),
                "FROM articles a",
                "a.id",
                vec![],
                pg,
            ),
        }
    })
    .await
}

/// `{"id","name","code"}` from three columns, or null when all are null.
fn actor(m: &mut Map<String, Value>, id: &str, name: &str, code: &str) -> Value {
    let (i, n, c) = (
        m.remove(id).unwrap_or(Value::Null),
        m.remove(name).unwrap_or(Value::Null),
        m.remove(code).unwrap_or(Value::Null),
    );
    if i.is_null() && n.is_null() && c.is_null() {
        Value::Null
    } else {
        json!({ "id": i, "name": n, "code": c })
    }
}

/// `{"name","country","lat","lon"}` from the place columns, or null.
fn place(m: &mut Map<String, Value>) -> Value {
    let name = m.remove("place_name").unwrap_or(Value::Null);
    let (country, lat, lon) = (
        m.remove("place_country").unwrap_or(Value::Null),
        m.remove("lat").unwrap_or(Value::Null),
        m.remove("lon").unwrap_or(Value::Null),
    );
    if name.is_null() {
        Value::Null
    } else {
        json!({ "name": name, "country": country, "lat": lat, "lon": lon })
    }
}

/// `GET /api/articles/{id}`: one article (by row id) with its text, entities,
/// quotes and events; offsets are code points into `text`.
pub(crate) async fn article(
    State(db): State<Arc<Db>>,
    UrlPath(id): UrlPath<String>,
) -> ApiResult<Json<Value>> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad(format!("article id: expected a number, got {id:?}")))?;
    blocking(db, move |c| {
        let arg = [Arg::Int(id)];
        let mut found = c.objects(
            "SELECT id, ext_id AS article, title, url, published, source, text, coded_at,
                    wirecode_version
             FROM articles WHERE id = ?1",
            &arg,
        )?;
        let Some(mut art) = found.pop() else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no article with id {id}"),
            ));
        };
        let length = art["text"].as_str().map_or(0, |t| t.chars().count());
        art.insert("length".into(), length.into());
        let entities: Vec<Value> = c
            .objects(
                "SELECT start, \"end\", text, type, actor_id, actor_name, actor_code,
                    place_name, place_country, lat, lon
             FROM entities WHERE article_id = ?1 ORDER BY start, \"end\" DESC",
                &arg,
            )?
            .into_iter()
            .map(|mut m| {
                let a = actor(&mut m, "actor_id", "actor_name", "actor_code");
                let p = place(&mut m);
                m.insert("actor".into(), a);
                m.insert("place".into(), p);
                Value::Object(m)
            })
            .collect();
        let quotes: Vec<Value> = c
            .objects(
            "SELECT idx AS quote, kind, content_json, content_text AS text, source_text AS source,
                    cue_text AS cue, speaker_id, speaker_name, speaker_code, responds_to
             FROM quotes WHERE article_id = ?1 ORDER BY idx",
            &arg,
        )?
        .into_iter()
        .map(|mut m| {
            let spans = m
                .remove("content_json")
                .and_then(|v| v.as_str().and_then(|s| serde_json::from_str(s).ok()))
                .unwrap_or(Value::Array(vec![]));
            let sp = actor(&mut m, "speaker_id", "speaker_name", "speaker_code");
            m.insert("content".into(), spans);
            m.insert("speaker".into(), sp);
            Value::Object(m)
        })
        .collect();
        let events: Vec<Value> = c
            .objects(
                "SELECT idx AS event, code, root, name, plover, goldstein, quad_class, mode, date,
                    source_text, source_name, source_code, target_text, target_name, target_code,
                    place_name, place_country, lat, lon, evidence_start, evidence_end
             FROM events WHERE article_id = ?1 ORDER BY idx",
                &arg,
            )?
            .into_iter()
            .map(|mut m| {
                let s = actor(&mut m, "source_text", "source_name", "source_code");
                let t = actor(&mut m, "target_text", "target_name", "target_code");
                let rename = |v: Value| match v {
                    Value::Object(mut o) => {
                        let text = o.remove("id").unwrap_or(Value::Null);
                        o.insert("text".into(), text);
                        Value::Object(o)
                    }
                    v => v,
                };
                let loc = place(&mut m);
                let ev = json!({
                    "start": m.remove("evidence_start").unwrap_or(Value::Null),
                    "end": m.remove("evidence_end").unwrap_or(Value::Null),
                });
                m.insert("source".into(), rename(s));
                m.insert("target".into(), rename(t));
                m.insert("location".into(), loc);
                m.insert("evidence".into(), ev);
                Value::Object(m)
            })
            .collect();
        art.insert("entities".into(), Value::Array(entities));
        art.insert("quotes".into(), Value::Array(quotes));
        art.insert("events".into(), Value::Array(events));
        Ok(Json(Value::Object(art)))
    })
    .await
}

/// `GET /api/network`: actor pairs (source code, target code) with their
/// event count and counts by QuadClass, most events first, and the actors.
pub(crate) async fn network(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let known: Vec<&str> = EVENT_FILTERS.iter().chain(&["limit"]).copied().collect();
    let p = Params::parse(q, &known)?;
    let f = EventFilter::parse(&p)?;
    let limit = p.uint("limit", 200, MAX_LIMIT)?.max(1) as i64;
    blocking(db, move |c| {
        let mut args = Vec::new();
        let filters = f.sql(&mut args, c.dialect());
        args.push(Arg::Int(limit));
        let sql = format!(
            "SELECT e.source_code AS source, e.target_code AS target, count(*) AS events,
                    count(*) FILTER (WHERE e.quad_class = 1) AS q1,
                    count(*) FILTER (WHERE e.quad_class = 2) AS q2,
                    count(*) FILTER (WHERE e.quad_class = 3) AS q3,
                    count(*) FILTER (WHERE e.quad_class = 4) AS q4,
                    max(e.source_name) AS source_name, max(e.target_name) AS target_name
             FROM events e
             WHERE e.source_code IS NOT NULL AND e.target_code IS NOT NULL{filters}
             GROUP BY e.source_code, e.target_code
             ORDER BY events DESC, source, target LIMIT ?{}",
            args.len()
        );
        let rows = c.objects(&sql, &args)?;
        let mut nodes: Vec<(String, Value, i64)> = Vec::new();
        let mut pairs = Vec::new();
        for mut r in rows {
            let n = r["events"].as_i64().unwrap_or(0);
            for (code, name) in [("source", "source_name"), ("target", "target_name")] {
                let code = r[code].as_str().unwrap_or_default().to_string();
                let name = r.remove(name).unwrap_or(Value::Null);
                match nodes.iter_mut().find(|(c, _, _)| *c == code) {
                    Some(node) => {
                        node.2 += n;
                        if node.1.is_null() {
                            node.1 = name;
                        }
                    }
                    None => nodes.push((code, name, n)),
                }
            }
            let q: Vec<i64> = ["q1", "q2", "q3", "q4"]
                .iter()
                .map(|k| r.remove(*k).and_then(|v| v.as_i64()).unwrap_or(0))
                .collect();
            r.insert(
                "quad_class".into(),
                json!({ "1": q[0], "2": q[1], "3": q[2], "4": q[3] }),
            );
            r.insert("cooperation".into(), (q[0] + q[1]).into());
            r.insert("conflict".into(), (q[2] + q[3]).into());
            pairs.push(Value::Object(r));
        }
        nodes.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        let nodes: Vec<Value> = nodes
            .into_iter()
            .map(|(code, name, events)| json!({ "code": code, "name": name, "events": events }))
            .collect();
        Ok(Json(json!({ "pairs": pairs, "nodes": nodes })))
    })
    .await
}

/// The most articles one `POST /api/articles` takes.
pub const MAX_POST_ARTICLES: usize = 1000;

/// `POST /api/articles` (ingest mode only; the token is checked before):
/// one article object or a list, each read as a JSON Lines object of
/// `wirecode ingest` (`text`, optional `id`, `title`, `published` or
/// `date`, `url`, `source`), coded and stored unless its content hash is
/// already stored. Answers one item per article: `stored` (with the new
/// row id), `present` (already stored; its row id) or `error` (why).
pub(crate) async fn post_articles(
    State(db): State<Arc<Db>>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    if db.writer.is_none() {
        return Err(read_only());
    }
    let v: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad(format!("body: expected JSON: {e}")))?;
    let list = match v {
        Value::Array(list) => list,
        v @ Value::Object(_) => vec![v],
        _ => {
            return Err(ApiError::bad(
                "body: expected an article object or a list of them",
            ))
        }
    };
    if list.is_empty() || list.len() > MAX_POST_ARTICLES {
        return Err(ApiError::bad(format!(
            "body: expected 1 to {MAX_POST_ARTICLES} articles, got {}",
            list.len()
        )));
    }
    tokio::task::spawn_blocking(move || ingest(&db, list))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

pub(crate) fn read_only() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this server is read-only (start it with --allow-ingest and a token to post articles)",
    )
}

/// Reads, codes and stores posted articles (on a blocking thread).
fn ingest(db: &Db, list: Vec<Value>) -> ApiResult<Json<Value>> {
    let Some(w) = &db.writer else {
        return Err(read_only());
    };
    let opts = wirecode_input::ReadOptions::default();
    let mut items: Vec<Value> = Vec::with_capacity(list.len());
    let mut read: Vec<(usize, Article, String)> = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let article = match v {
            Value::Object(mut m) => {
                // `date` is accepted for `published`.
                if !m.contains_key("published") {
                    if let Some(d) = m.remove("date") {
                        m.insert("published".into(), d);
                    }
                }
                wirecode_input::json_object_article("post", i + 1, m, &opts)
            }
            _ => Err("an article must be a JSON object".to_string()),
        };
        match article {
            Ok(a) => {
                items.push(json!({ "index": i, "id": a.id, "status": "pending" }));
                let h = content_hash(&a);
                read.push((i, a, h));
            }
            Err(e) => items.push(json!({ "index": i, "status": "error", "error": e })),
        }
    }
    // One writer at a time: the hash check, coding and storing of a post
    // are not interleaved with another post's, so a repost is never coded twice.
    let mut store = w.store.lock().unwrap_or_else(|e| e.into_inner());
    let hashes: Vec<String> = read.iter().map(|(_, _, h)| h.clone()).collect();
    let present = store.present(&hashes)?;
    let mut seen = std::collections::HashSet::new();
    let mut fresh = Vec::new();
    let mut pending_hash: Vec<(usize, String)> = Vec::new();
    for (i, a, h) in read {
        pending_hash.push((i, h.clone()));
        if present.contains(&h) || !seen.insert(h) {
            items[i]["status"] = "present".into();
        } else {
            fresh.push((i, a));
        }
    }
    let (idx, articles): (Vec<usize>, Vec<Article>) = fresh.into_iter().unzip();
    let mut docs = Vec::with_capacity(articles.len());
    for (i, r) in idx.into_iter().zip((w.coder)(articles)) {
        match r {
            Ok(d) => {
                items[i]["status"] = "stored".into();
                docs.push(d);
            }
            Err(e) => {
                items[i]["status"] = "error".into();
                items[i]["error"] = e.into();
            }
        }
    }
    store.insert_batch(&docs)?;
    for (i, h) in pending_hash {
        if items[i]["status"] == "error" {
            continue;
        }
        let rows = store.run(&q::Query {
            sql: "SELECT id FROM articles WHERE hash = ?1".into(),
            args: vec![Arg::Text(h)],
        })?;
        items[i]["article_id"] = rows.get(0, "id").cloned().unwrap_or(Value::Null);
    }
    drop(store);
    let count = |s: &str| items.iter().filter(|i| i["status"] == s).count();
    let (stored, present, errors) = (count("stored"), count("present"), count("error"));
    Ok(Json(json!({
        "stored": stored,
        "present": present,
        "errors": errors,
        "items": items,
    })))
}

/// `GET /api/places`: the places of events matching the filters, with
/// coordinates, each with its event count (cooperation: QuadClass 1-2,
/// conflict: 3-4) and first and last day; most events first.
pub(crate) async fn places(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let known: Vec<&str> = EVENT_FILTERS.iter().chain(&["limit"]).copied().collect();
    let p = Params::parse(q, &known)?;
    let f = EventFilter::parse(&p)?;
    let limit = p.uint("limit", 500, MAX_LIMIT)?.max(1) as i64;
    blocking(db, move |c| {
        let mut args = Vec::new();
        let filters = f.sql(&mut args, c.dialect());
        args.push(Arg::Int(limit));
        let sql = format!(
            "SELECT e.place_name AS place, e.place_country AS country, e.lat, e.lon,
                    count(*) AS events,
                    count(*) FILTER (WHERE e.quad_class <= 2) AS cooperation,
                    count(*) FILTER (WHERE e.quad_class >= 3) AS conflict,
                    min(e.day) AS first, max(e.day) AS last
             FROM events e
             WHERE e.place_name IS NOT NULL AND e.lat IS NOT NULL AND e.lon IS NOT NULL{filters}
             GROUP BY e.place_name, e.place_country, e.lat, e.lon
             ORDER BY events DESC, place, country LIMIT ?{}",
            args.len()
        );
        let items: Vec<Value> = c
            .objects(&sql, &args)?
            .into_iter()
            .map(Value::Object)
            .collect();
        Ok(Json(json!({ "items": items })))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2016-12-06"));
        assert!(valid_date("2016-02-29"));
        assert!(!valid_date("2015-02-29"));
        assert!(!valid_date("2016-13-01"));
        assert!(!valid_date("2016-1-01x"));
        assert!(!valid_date("yesterday"));
        assert!(!valid_date("+016-12-06"));
    }

    #[test]
    fn searches_with_punctuation_become_quoted_terms() {
        use wirecode_store::fts_query;
        assert_eq!(fts_query("veto"), "veto");
        assert_eq!(fts_query("U.N. aid"), "\"U.N.\" \"aid\"");
    }
}
