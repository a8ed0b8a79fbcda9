//! `wirecode serve`: an HTTP JSON API over a wirecode database, and a web
//! page (timeline, map, article view, who said what, actor network) served
//! by the same binary.
//!
//! - The database is an SQLite file or a PostgreSQL database (the same
//!   answers from both; see `wirecode_store::sql`), opened read-only
//!   ([`Db`]). Only in ingest mode ([`Options::ingest`], which needs a
//!   token) is one read-write connection opened, for `POST /api/articles`.
//! - A token ([`Options::token`]), when set, is required as
//!   `Authorization: Bearer TOKEN` by every `/api/` request but
//!   `/api/openapi.json` (401 otherwise; compared in constant time).
//!   Without one the server binds loopback addresses only.
//! - Every answer under `/api/` is JSON; errors are `{"error": "..."}` with
//!   a 4xx/5xx status (400 for a bad query parameter, 404 for an unknown
//!   article or path).
//! - The page (`/`, `/app.js`, `/style.css`, and `/world-110m.json`, the
//!   map's country outlines from Natural Earth) is compiled into the binary
//!   and loads nothing from the network. Article text is untrusted: the page
//!   builds its DOM with `textContent`, and is served with a strict
//!   Content-Security-Policy.
//!
//! The endpoints are described in `/api/openapi.json` ([`OPENAPI`]).

mod api;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;

use wirecode_store::Location;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use api::{ApiError, Coder, Db, COUNT_CAP, MAX_POST_ARTICLES};

/// The hand-written OpenAPI 3 description of the API, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");
/// Country outlines for the map (Natural Earth 1:110m via world-atlas, ISC;
/// see `world-atlas-LICENSE.txt` beside it and `scripts/vendor_world_atlas.sh`).
const WORLD_JSON: &str = include_str!("../assets/world-110m.json");
/// The largest `POST /api/articles` body accepted, in bytes.
const MAX_POST_BYTES: usize = 32 * 1024 * 1024;

/// The page may load its own script, style and nothing else.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server runs beyond its database.
#[derive(Clone, Default)]
pub struct Options {
    /// The bearer token every `/api/` request must carry (but the OpenAPI
    /// description); `None`: no token, and only loopback addresses are bound.
    pub token: Option<String>,
    /// Ingest mode: `POST /api/articles` codes articles with this coder and
    /// stores them; requires `token`. `None`: read-only.
    pub ingest: Option<Coder>,
}

/// The shortest token accepted (a guessable token protects nothing).
pub const MIN_TOKEN_LEN: usize = 16;

/// Reads a token from a file (`--token-file`; surrounding whitespace and
/// the final newline are not part of it) and checks its length.
pub fn read_token_file(path: &Path) -> Result<String, String> {
    let raw = std::fs::read_to_string(path)
        .map_err(|e| format!("--token-file {}: {e}", path.display()))?;
    check_token(raw.trim()).map_err(|e| format!("--token-file {}: {e}", path.display()))
}

/// A token as given, if long enough and printable ASCII (it travels in a header).
pub fn check_token(t: &str) -> Result<String, String> {
    if t.len() < MIN_TOKEN_LEN {
        return Err(format!(
            "the token must be at least {MIN_TOKEN_LEN} characters"
        ));
    }
    if !t.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("the token must be printable ASCII without spaces".into());
    }
    Ok(t.to_string())
}

/// True when `given` equals `want`, in time that depends on `want`'s length
/// only (not on where the first difference is).
pub fn token_matches(given: &[u8], want: &[u8]) -> bool {
    let mut diff = (given.len() != want.len()) as u8;
    for (i, w) in want.iter().enumerate() {
        diff |= w ^ given.get(i).copied().unwrap_or(!w);
    }
    std::hint::black_box(diff) == 0
}

/// The routes: `/api/...` answered from `db`, and the page (read-only, no token).
pub fn router(db: Db) -> Router {
    router_with(db, None)
}

/// The routes, with every `/api/` request but the OpenAPI description
/// checked against `token` when one is given. `POST /api/articles` stores
/// only when `db` was opened with [`Db::open_writable`]; otherwise it
/// answers 405.
pub fn router_with(db: Db, token: Option<String>) -> Router {
    let db = Arc::new(db);
    let api = Router::new()
        .route("/api/events", get(api::events))
        .route("/api/places", get(api::places))
        .route("/api/quotes", get(api::quotes))
        .route("/api/claims", get(api::claims))
        .route(
            "/api/articles",
            get(api::articles)
                .post(api::post_articles)
                .layer(DefaultBodyLimit::max(MAX_POST_BYTES)),
        )
        .route("/api/articles/{id}", get(api::article))
        .route("/api/network", get(api::network))
        .route_layer(middleware::from_fn_with_state(
            Arc::new(token),
            require_token,
        ));
    Router::new()
        .merge(api)
        .route("/api/openapi.json", get(openapi))
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/app.js", get(app_js))
        .route("/style.css", get(style_css))
        .route("/world-110m.json", get(world_json))
        .fallback(not_found)
        .with_state(db)
        .layer(middleware::from_fn(security_headers))
}

/// 401 unless the request carries `Authorization: Bearer TOKEN` (when a token is set).
async fn require_token(
    State(token): State<Arc<Option<String>>>,
    req: Request<axum::body::Body>,
    next: Next,
) -> Response {
    if let Some(want) = token.as_deref() {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
            .unwrap_or_default();
        if !token_matches(given, want.as_bytes()) {
            let mut res = ApiError::new(
                StatusCode::UNAUTHORIZED,
                "this server needs a token: send Authorization: Bearer TOKEN",
            )
            .into_response();
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"wirecode\""),
            );
            return res;
        }
    }
    next.run(req).await
}

async fn security_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        body,
    )
        .into_response()
}

async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

async fn style_css() -> Response {
    asset("text/css; charset=utf-8", STYLE_CSS)
}

async fn world_json() -> Response {
    asset("application/json", WORLD_JSON)
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such path: {}", uri.path()),
    )
}

/// A server bound to its address, not yet answering (see [`Server::run`]).
pub struct Server {
    listener: TcpListener,
    db: Db,
    token: Option<String>,
}

impl Server {
    /// Opens the SQLite file `db` read-only and binds `addr` (`127.0.0.1:8080`;
    /// port 0 picks a free one).
    pub fn bind(db: &Path, addr: &str) -> Result<Server, String> {
        Self::bind_db(Db::open(db)?, addr)
    }

    /// Opens the store `loc` names (SQLite file or PostgreSQL URL) read-only
    /// and binds `addr`.
    pub fn bind_location(loc: &Location, addr: &str) -> Result<Server, String> {
        Self::bind_db(Db::open_location(loc)?, addr)
    }

    /// Opens the store `loc` names as `opts` say (read-write for ingest)
    /// and binds `addr`. Refuses ingest without a token, and a non-loopback
    /// address without a token.
    pub fn bind_with(loc: &Location, addr: &str, opts: &Options) -> Result<Server, String> {
        if opts.ingest.is_some() && opts.token.is_none() {
            return Err(
                "--allow-ingest needs a token (--token-file FILE or WIRECODE_TOKEN)".into(),
            );
        }
        let addrs: Vec<SocketAddr> = std::net::ToSocketAddrs::to_socket_addrs(addr)
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?
            .collect();
        if opts.token.is_none() && addrs.iter().any(|a| !a.ip().is_loopback()) {
            return Err(format!(
                "{addr} is not a loopback address: serving beyond this machine needs a token \
                 (--token-file FILE or WIRECODE_TOKEN)"
            ));
        }
        let db = match &opts.ingest {
            Some(coder) => Db::open_writable(loc, coder.clone())?,
            None => Db::open_location(loc)?,
        };
        let mut s = Self::bind_db(db, addr)?;
        s.token = opts.token.clone();
        Ok(s)
    }

    fn bind_db(db: Db, addr: &str) -> Result<Server, String> {
        let listener =
            TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("{addr}: {e}"))?;
        Ok(Server {
            listener,
            db,
            token: None,
        })
    }

    /// The address actually bound (with the port chosen when 0 was asked for).
    pub fn local_addr(&self) -> Result<SocketAddr, String> {
        self.listener.local_addr().map_err(|e| e.to_string())
    }

    /// Answers requests until the process ends (or an I/O error stops the server).
    pub fn run(self) -> Result<(), String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the runtime: {e}"))?;
        rt.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(self.listener).map_err(|e| e.to_string())?;
            axum::serve(listener, router_with(self.db, self.token))
                .await
                .map_err(|e| format!("server: {e}"))
        })
    }
}

/// `wirecode serve --db FILE | --store URL --addr ADDR [--allow-ingest]`:
/// opens the store (read-only unless ingest is allowed), binds, prints the
/// URL on stderr and serves until killed. Returns the process exit code
/// (errors are for the caller to print).
pub fn serve(loc: &Location, addr: &str, opts: &Options) -> Result<u8, String> {
    let server = Server::bind_with(loc, addr, opts)?;
    let local = server.local_addr()?;
    let mode = match (&opts.ingest, &opts.token) {
        (Some(_), _) => "taking articles at POST /api/articles, token required",
        (None, Some(_)) => "read-only, token required",
        (None, None) => "read-only",
    };
    eprintln!("wirecode: serving {loc} ({mode}) on http://{local}/ (Ctrl-C to stop)");
    server.run()?;
    Ok(0)
}
