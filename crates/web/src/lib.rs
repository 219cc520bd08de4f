//! `tally serve`: the analyst web UI and its JSON API.
//!
//! One [`app`] builds the whole router from one [`AppState`]; `main` serves it and the tests
//! drive it with `oneshot`. Each feature module exposes `router()`: [`auth`] (sign-in,
//! sessions, CSRF, roles), [`pages`] (the HTML pages), [`api`] (JSON under `/api/`, with
//! its OpenAPI document), [`assets`] (our CSS and JS, embedded). Handlers are thin: they
//! extract, call the store, the index or tally-core's corroboration through [`ledger`],
//! and render with maud. Charts and the map are SVG drawn by plotters ([`charts`]).
//!
//! Decisions, and what this crate deliberately does not do:
//! - Server-rendered HTML that works without JavaScript. `/static/app.js` only adds
//!   niceties (the claim card opening beside the text, upload progress). The
//!   Content-Security-Policy is `default-src 'self'` with no inline script or style, and
//!   nothing is fetched from anywhere else: no CDN, no web fonts, no tile server.
//! - The store is SQLite through `tally-store`, whose connections are not shared between
//!   threads: [`AppState`] keeps a small pool of them and runs every call in
//!   `spawn_blocking`, so a slow query never stalls the async workers.
//! - Events and estimates are recomputed by tally-core from the claims *as reviewed*
//!   (corrections laid over, rejected claims left out) and cached until the store changes.
//! - It does not log request bodies, passwords or IP addresses, and never shows a tip's
//!   content: the tips page lists metadata only, to analysts and admins.

pub mod api;
pub mod assets;
pub mod auth;
pub mod charts;
mod error;
pub mod ingest;
pub mod layout;
pub mod ledger;
pub mod pages;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tally_store::SqliteStore;
use tower_http::set_header::SetResponseHeaderLayer;

pub use auth::{hash_password, verify_password};
pub use error::{AppError, ErrorInfo, Result};

/// Connections in the store pool: one per core of the machine tally is sized for, and a
/// spare for a writer, so page views proceed while an upload commits.
const POOL: usize = 3;

/// Largest request body accepted (an upload of the largest document ingest accepts, plus
/// the form around it).
pub const MAX_BODY: usize = tally_ingest::MAX_BYTES as usize + 64 * 1024;

/// The Content-Security-Policy of every response: our own scripts, styles and images only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The data folder (store, index), as the CLI uses it.
    pub data: PathBuf,
    /// The tip line's folder, whose metadata the tips page lists.
    pub tips_dir: PathBuf,
    /// Mark cookies `Secure`: served over TLS, or behind a proxy that terminates it.
    pub secure_cookies: bool,
}

impl Config {
    /// The defaults for a data folder: tips in `DATA/tips`, cookies not marked Secure.
    pub fn for_data(data: impl Into<PathBuf>) -> Config {
        let data = data.into();
        Config { tips_dir: data.join("tips"), data, secure_cookies: false }
    }
}

/// Everything a handler may need, shared by all requests.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    config: Config,
    pool: Vec<Mutex<SqliteStore>>,
    next: AtomicUsize,
    index: tally_index::Index,
    logins: auth::Throttle,
    ledger: ledger::Cache,
    /// Bounds concurrent argon2 work: each verification takes ~20 MB and tens of ms.
    hashing: tokio::sync::Semaphore,
}

impl AppState {
    /// Opens the store and the index in the data folder (creating them when missing) and
    /// brings the index up to date.
    pub fn open(config: Config) -> Result<AppState> {
        let mut pool = Vec::with_capacity(POOL);
        for _ in 0..POOL {
            pool.push(Mutex::new(SqliteStore::open_dir(&config.data)?));
        }
        // Following: searches see documents another process (a `tally ingest`) indexes while
        // the server runs.
        let index = tally_index::Index::open_following(&config.data.join("index"))?;
        {
            let store = pool[0].lock().map_err(|_| AppError::internal("store lock poisoned"))?;
            match index.sync(&*store) {
                Ok(_) | Err(tally_index::Error::Busy) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(AppState(Arc::new(Inner {
            config,
            pool,
            next: AtomicUsize::new(0),
            index,
            logins: auth::Throttle::default(),
            ledger: ledger::Cache::default(),
            hashing: tokio::sync::Semaphore::new(2),
        })))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub(crate) fn index(&self) -> &tally_index::Index {
        &self.0.index
    }

    pub(crate) fn throttle(&self) -> &auth::Throttle {
        &self.0.logins
    }

    pub(crate) fn ledger_cache(&self) -> &ledger::Cache {
        &self.0.ledger
    }

    pub(crate) fn hashing(&self) -> &tokio::sync::Semaphore {
        &self.0.hashing
    }

    /// Runs `f` with a store connection on a blocking thread. A free connection is taken
    /// when there is one; otherwise the call waits for the next in turn.
    pub async fn db<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let pool = &state.0.pool;
            let start = state.0.next.fetch_add(1, Ordering::Relaxed);
            for i in 0..pool.len() {
                if let Ok(mut s) = pool[(start + i) % pool.len()].try_lock() {
                    return f(&mut s);
                }
            }
            let mut s =
                pool[start % pool.len()].lock().map_err(|_| AppError::internal("store lock poisoned"))?;
            f(&mut s)
        })
        .await
        .map_err(AppError::internal)?
    }
}

/// The whole application: pages, API, static files, sign-in, with security headers on
/// every response.
pub fn app(state: AppState) -> Router {
    let protected = Router::new()
        .merge(pages::router())
        .nest("/api", api::router())
        .merge(auth::logout_router())
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard));
    Router::new()
        .merge(auth::public_router())
        .merge(assets::router())
        .merge(api::public_router())
        .route("/healthz", axum::routing::get(healthz))
        .merge(protected)
        .fallback(not_found)
        .layer(axum::middleware::from_fn(error::rejections))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cache-control"),
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

/// For monitoring: answers without authentication when the store can be read.
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Result<&'static str> {
    state.db(|s| Ok(tally_store::Store::last_seq(&*s)?)).await?;
    Ok("ok\n")
}

async fn not_found() -> AppError {
    AppError::NotFound("there is no page at this address".into())
}

/// Serves the app on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}
