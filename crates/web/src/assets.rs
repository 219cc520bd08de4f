//! Our own stylesheet and script, embedded in the binary and served under `/static/`, so
//! the UI works offline and under a `default-src 'self'` policy. They are small and change
//! with the binary, so they are cached for a short while only. Nothing here is templated.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

/// The stylesheet.
pub const CSS: &str = include_str!("../assets/app.css");
/// The progressive-enhancement script.
pub const JS: &str = include_str!("../assets/app.js");

pub fn router() -> Router<AppState> {
    Router::new().route("/static/app.css", get(css)).route("/static/app.js", get(js))
}

async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], CSS)
}

async fn js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], JS)
}
