//! The `/api/` handlers: query parameters checked, then read-only SQL against
//! the store's schema, on the blocking thread pool.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use wirecode_store::rusqlite::types::{Value as Sql, ValueRef};
use wirecode_store::rusqlite::{self, Connection, OpenFlags};
use wirecode_store::MIGRATIONS;
use wirecode_store::{fts_query, like_escape, prefix_end};

/// Rows per page when `limit` is not given.
const DEFAULT_LIMIT: usize = 100;
/// The largest `limit` accepted.
const MAX_LIMIT: usize = 1000;
/// Idle connections kept for reuse.
const POOL: usize = 8;

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

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        let m = e.to_string();
        // A search the FTS5 parser refuses is the caller's mistake.
        if m.contains("fts5") {
            ApiError::bad(format!("bad search: {m}"))
        } else {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("database: {m}"))
        }
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// A wirecode database opened read-only, with a few pooled connections.
pub struct Db {
    path: PathBuf,
    pool: Mutex<Vec<Connection>>,
}

impl Db {
    /// Opens the database at `path` read-only and checks that its schema is
    /// one this binary knows.
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
        Ok(Db {
            path: path.to_path_buf(),
            pool: Mutex::new(vec![conn]),
        })
    }

    /// Runs `f` with a pooled connection.
    fn with<T>(&self, f: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
        let pooled = self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match pooled {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        let out = f(&conn);
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < POOL {
            pool.push(conn);
        }
        out
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    Ok(conn)
}

/// Runs a query on the blocking pool.
async fn blocking<T: Send + 'static>(
    db: Arc<Db>,
    f: impl FnOnce(&Connection) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(move || db.with(f))
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

    /// ` AND ...` conditions over `events e JOIN articles a`, binding into `args`.
    fn sql(&self, args: &mut Vec<Sql>) -> String {
        let mut arg = |v: String| {
            args.push(Sql::Text(v));
            format!("?{}", args.len())
        };
        let mut sql = String::new();
        if let Some(actor) = &self.actor {
            let (lo, hi) = (arg(actor.clone()), arg(prefix_end(actor)));
            sql += &format!(
                " AND ((e.source_code >= {lo} AND e.source_code < {hi})
                    OR (e.target_code >= {lo} AND e.target_code < {hi}))"
            );
        }
        if let Some(code) = &self.code {
            let (lo, hi) = (arg(code.clone()), arg(prefix_end(code)));
            sql += &format!(" AND e.code >= {lo} AND e.code < {hi}");
        }
        if let Some(from) = &self.from {
            sql += &format!(
                " AND COALESCE(e.date, a.published) >= {}",
                arg(from.clone())
            );
        }
        if let Some(to) = &self.to {
            sql += &format!(" AND COALESCE(e.date, a.published) <= {}", arg(to.clone()));
        }
        if let Some(place) = &self.place {
            sql += &format!(" AND e.place_name = {} COLLATE NOCASE", arg(place.clone()));
        }
        if let Some(mode) = &self.mode {
            sql += &format!(" AND e.mode = {}", arg(mode.clone()));
        }
        if let Some(plover) = &self.plover {
            sql += &format!(" AND upper(e.plover) = {}", arg(plover.clone()));
        }
        sql
    }
}

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(format!("<{} bytes>", b.len())),
    }
}

/// Runs `sql` and returns each row as an object keyed by column name.
fn objects(conn: &Connection, sql: &str, args: &[Sql]) -> ApiResult<Vec<Map<String, Value>>> {
    let mut st = conn.prepare_cached(sql)?;
    let names: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
    let mut q = st.query(rusqlite::params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let mut m = Map::new();
        for (i, n) in names.iter().enumerate() {
            m.insert(n.clone(), value(r.get_ref(i)?));
        }
        out.push(m);
    }
    Ok(out)
}

fn count(conn: &Connection, sql: &str, args: &[Sql]) -> ApiResult<i64> {
    Ok(conn.query_row(sql, rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
}

/// One page of results: `{"total", "limit", "offset", "items"}`.
fn page(total: i64, limit: i64, offset: i64, items: Vec<Value>) -> Json<Value> {
    Json(json!({ "total": total, "limit": limit, "offset": offset, "items": items }))
}

fn paged(
    conn: &Connection,
    select: &str,
    from_where: &str,
    order: &str,
    mut args: Vec<Sql>,
    (limit, offset): (i64, i64),
) -> ApiResult<Json<Value>> {
    let total = count(conn, &format!("SELECT count(*) {from_where}"), &args)?;
    args.push(Sql::Integer(limit));
    args.push(Sql::Integer(offset));
    let n = args.len();
    let sql = format!(
        "{select} {from_where} ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
        n - 1
    );
    let items = objects(conn, &sql, &args)?
        .into_iter()
        .map(Value::Object)
        .collect();
    Ok(page(total, limit, offset, items))
}

/// `GET /api/events`: events matching the filters, by date (undated last),
/// then in input order.
pub(crate) async fn events(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let known: Vec<&str> = EVENT_FILTERS
        .iter()
        .chain(&["limit", "offset"])
        .copied()
        .collect();
    let p = Params::parse(q, &known)?;
    let f = EventFilter::parse(&p)?;
    let pg = p.page()?;
    blocking(db, move |c| {
        let mut args = Vec::new();
        let from_where = format!(
            "FROM events e JOIN articles a ON a.id = e.article_id WHERE 1 = 1{}",
            f.sql(&mut args)
        );
        paged(
            c,
            "SELECT e.article_id, a.ext_id AS article, a.title AS article_title, e.idx AS event,
                    COALESCE(e.date, a.published) AS date, e.code, e.root, e.name, e.plover,
                    e.mode, e.goldstein, e.quad_class,
                    e.source_code, COALESCE(e.source_name, e.source_text) AS source,
                    e.target_code, COALESCE(e.target_name, e.target_text) AS target,
                    e.place_name AS place, e.place_country AS country, e.lat, e.lon,
                    substr(a.text, e.evidence_start + 1, e.evidence_end - e.evidence_start)
                        AS evidence,
                    e.evidence_start, e.evidence_end",
            &from_where,
            "COALESCE(e.date, a.published) IS NULL, COALESCE(e.date, a.published), a.id, e.idx",
            args,
            pg,
        )
    })
    .await
}

/// Conditions matching a speaker by code prefix, name or source mention, on table alias `t`.
fn speaker_sql(t: &str, sp: &str, args: &mut Vec<Sql>) -> String {
    let up = sp.to_uppercase();
    args.push(Sql::Text(up.clone()));
    args.push(Sql::Text(prefix_end(&up)));
    args.push(Sql::Text(format!("%{}%", like_escape(sp))));
    let n = args.len();
    format!(
        "(({t}.speaker_code >= ?{} AND {t}.speaker_code < ?{})
          OR {t}.speaker_name LIKE ?{n} ESCAPE '\\' OR {t}.source_text LIKE ?{n} ESCAPE '\\')",
        n - 2,
        n - 1
    )
}

/// `GET /api/quotes`: quotes in input order, or best match first when searching.
pub(crate) async fn quotes(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::parse(q, &["speaker", "search", "limit", "offset"])?;
    let pg = p.page()?;
    let (speaker, search) = (p.get("speaker"), p.get("search"));
    blocking(db, move |c| {
        let mut args = Vec::new();
        let mut from_where = String::from("FROM quotes q JOIN articles a ON a.id = q.article_id");
        let mut order = "a.id, q.idx";
        if let Some(s) = &search {
            args.push(Sql::Text(fts_query(s)));
            from_where += " JOIN quotes_fts ON quotes_fts.rowid = q.rowid AND quotes_fts MATCH ?1";
            order = "quotes_fts.rank, a.id, q.idx";
        }
        from_where += " WHERE 1 = 1";
        if let Some(sp) = &speaker {
            from_where += " AND ";
            from_where += &speaker_sql("q", sp, &mut args);
        }
        paged(
            c,
            "SELECT q.article_id, a.ext_id AS article, q.idx AS quote, q.kind,
                    q.speaker_name AS speaker, q.speaker_code, q.source_text AS source,
                    q.cue_text AS cue, q.content_text AS content, q.responds_to",
            &from_where,
            order,
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
        let mut args = Vec::new();
        let mut from_where = String::from(
            "FROM quotes c JOIN articles a ON a.id = c.article_id
             WHERE (EXISTS (SELECT 1 FROM quotes d
                            WHERE d.article_id = c.article_id AND d.responds_to = c.idx)
                    OR lower(c.cue_text) LIKE '%accus%' OR lower(c.cue_text) LIKE '%claim%'
                    OR lower(c.cue_text) LIKE '%alleg%' OR lower(c.cue_text) LIKE '%charg%'
                    OR lower(c.cue_text) LIKE '%blam%')",
        );
        if let Some(sp) = &speaker {
            let claimant = speaker_sql("c", sp, &mut args);
            let denier = speaker_sql("d", sp, &mut args);
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
                let denials = objects(
                    c,
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

fn json_int(v: &Value) -> Sql {
    Sql::Integer(v.as_i64().unwrap_or(-1))
}

/// `GET /api/articles`: stored articles, in input order, or best match first
/// for a full-text search (with a snippet).
pub(crate) async fn articles(State(db): State<Arc<Db>>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::parse(q, &["search", "limit", "offset"])?;
    let pg = p.page()?;
    let search = p.get("search");
    blocking(db, move |c| {
        let counts = "(SELECT count(*) FROM entities WHERE article_id = a.id) AS entities,
                      (SELECT count(*) FROM quotes WHERE article_id = a.id) AS quotes,
                      (SELECT count(*) FROM events WHERE article_id = a.id) AS events";
        match &search {
            Some(s) => paged(
                c,
                &format!(
                    "SELECT a.id, a.ext_id AS article, a.title, a.published, a.url,
                            snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, {counts}"
                ),
                "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                 WHERE articles_fts MATCH ?1",
                "articles_fts.rank, a.id",
                vec![Sql::Text(fts_query(s))],
                pg,
            ),
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
        let arg = [Sql::Integer(id)];
        let mut found = objects(
            c,
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
        let entities: Vec<Value> = objects(
            c,
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
        let quotes: Vec<Value> = objects(
            c,
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
        let events: Vec<Value> = objects(
            c,
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
        let filters = f.sql(&mut args);
        args.push(Sql::Integer(limit));
        let sql = format!(
            "SELECT e.source_code AS source, e.target_code AS target, count(*) AS events,
                    sum(e.quad_class = 1) AS q1, sum(e.quad_class = 2) AS q2,
                    sum(e.quad_class = 3) AS q3, sum(e.quad_class = 4) AS q4,
                    max(e.source_name) AS source_name, max(e.target_name) AS target_name
             FROM events e JOIN articles a ON a.id = e.article_id
             WHERE e.source_code IS NOT NULL AND e.target_code IS NOT NULL{filters}
             GROUP BY e.source_code, e.target_code
             ORDER BY events DESC, source, target LIMIT ?{}",
            args.len()
        );
        let rows = objects(c, &sql, &args)?;
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
        assert_eq!(fts_query("veto"), "veto");
        assert_eq!(fts_query("U.N. aid"), "\"U.N.\" \"aid\"");
    }
}
