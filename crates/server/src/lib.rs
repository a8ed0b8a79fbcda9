//! `wirecode serve`: a read-only HTTP JSON API over a wirecode database,
//! and a web page (timeline, article view, who said what, actor network)
//! served by the same binary.
//!
//! - The database is an SQLite file or a PostgreSQL database (the same
//!   answers from both; see `wirecode_store::sql`), opened read-only
//!   ([`Db`]); nothing here writes to it.
//! - Every answer under `/api/` is JSON; errors are `{"error": "..."}` with
//!   a 4xx/5xx status (400 for a bad query parameter, 404 for an unknown
//!   article or path).
//! - The page (`/`, `/app.js`, `/style.css`) is compiled into the binary and
//!   loads nothing from the network. Article text is untrusted: the page
//!   builds its DOM with `textContent`, and is served with a strict
//!   Content-Security-Policy.
//!
//! The endpoints are described in `/api/openapi.json` ([`OPENAPI`]).

mod api;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;

use wirecode_store::Location;

use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use api::{ApiError, Db};

/// The hand-written OpenAPI 3 description of the API, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");

/// The page may load its own script, style and nothing else.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The routes: `/api/...` answered from `db`, and the page.
pub fn router(db: Db) -> Router {
    let db = Arc::new(db);
    Router::new()
        .route("/api/events", get(api::events))
        .route("/api/quotes", get(api::quotes))
        .route("/api/claims", get(api::claims))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/network", get(api::network))
        .route("/api/openapi.json", get(openapi))
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/app.js", get(app_js))
        .route("/style.css", get(style_css))
        .fallback(not_found)
        .with_state(db)
        .layer(middleware::from_fn(security_headers))
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

    fn bind_db(db: Db, addr: &str) -> Result<Server, String> {
        let listener =
            TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("{addr}: {e}"))?;
        Ok(Server { listener, db })
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
            axum::serve(listener, router(self.db))
                .await
                .map_err(|e| format!("server: {e}"))
        })
    }
}

/// `wirecode serve --db FILE | --store URL --addr ADDR`: opens the store
/// read-only, binds, prints the URL on stderr and serves until killed.
/// Returns the process exit code (errors are for the caller to print).
pub fn serve(loc: &Location, addr: &str) -> Result<u8, String> {
    let server = Server::bind_location(loc, addr)?;
    let local = server.local_addr()?;
    eprintln!("wirecode: serving {loc} read-only on http://{local}/ (Ctrl-C to stop)");
    server.run()?;
    Ok(0)
}
