//! The HTML pages, one module per section, each with its `router()`. Pages are rendered on
//! the server with maud and work without JavaScript; every form carries the session's CSRF
//! token (checked by [`crate::auth::guard`] before the handler runs) and every handler that
//! changes data takes the [`crate::auth::Editor`] extractor, so a viewer is refused twice.
//!
//! Query strings and forms are read into structs of optional strings and checked here, so a
//! wrong value becomes a page that says what is wrong (never axum's bare rejection text).

pub mod audit;
pub mod claims;
pub mod dashboard;
pub mod document;
pub mod documents;
pub mod estimates;
pub mod events;
pub mod search;
pub mod sources;
pub mod tips;
pub mod users;

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(dashboard::router())
        .merge(documents::router())
        .merge(document::router())
        .merge(claims::router())
        .merge(search::router())
        .merge(events::router())
        .merge(estimates::router())
        .merge(sources::router())
        .merge(tips::router())
        .merge(audit::router())
        .merge(users::router())
}

/// A non-empty, trimmed value of an optional form or query field.
pub(crate) fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A date field: `YYYY-MM-DD` or nothing.
pub(crate) fn date_field(
    name: &str,
    v: &Option<String>,
    back: &str,
) -> crate::Result<Option<chrono::NaiveDate>> {
    match given(v) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            crate::AppError::bad_form(format!("{name}: “{s}” is not a date of the form YYYY-MM-DD"), back)
        }),
    }
}
