//! Full-text search, English and Korean, through the tantivy index: snippets with the
//! matched words in `<mark>`. The index is brought up to date first when the store has
//! documents it has not seen (a CLI ingest on the same data folder).

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use tally_index::{Highlight, Hit};
use tally_store::Store;

use crate::auth::Session;
use crate::layout;
use crate::pages::given;
use crate::{AppError, AppState, Result};

/// Results a search shows.
pub const HITS: usize = 50;
/// Longest query accepted, in characters.
pub const MAX_QUERY: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(page))
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
}

/// Searches, catching the index up with the store first.
pub async fn search(state: &AppState, q: &str, limit: usize) -> Result<Vec<Hit>> {
    if q.chars().count() > MAX_QUERY {
        return Err(AppError::bad_form(
            format!("the query is longer than {MAX_QUERY} characters"),
            "/search",
        ));
    }
    let st = state.clone();
    let q = q.to_owned();
    state
        .db(move |s| {
            let index = st.index();
            if s.last_seq()? != index.indexed_seq()? {
                match index.sync(&*s) {
                    Ok(_) | Err(tally_index::Error::Busy) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(index.search(&q, limit)?)
        })
        .await
}

async fn page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<SearchQuery>,
) -> Result<Markup> {
    let query = given(&q.q).unwrap_or("").to_owned();
    let hits = if query.is_empty() { Vec::new() } else { search(&state, &query, HITS).await? };
    let h = Highlight::html();
    let body = html! {
        h1 { "Search" }
        form method="get" action="/search" role="search" class="inline" {
            label for="q" class="muted" { "Words, in English or Korean (quotes for a phrase)" }
            input id="q" type="search" name="q" value=(query) size="40";
            button type="submit" { "Search" }
        }
        @if query.is_empty() && q.q.is_some() {
            p role="status" class="muted" { "Type one or more words to search for." }
        }
        @if !query.is_empty() {
            p role="status" { (layout::count_of(hits.len(), "document found", "documents found")) }
            ol {
                @for hit in &hits {
                    li {
                        a href=(format!("/documents/{}", hit.id)) { (hit.title.clone().unwrap_or_else(|| hit.id.clone())) }
                        span class="muted" { " — " (hit.outlet.clone().unwrap_or_default()) " " (hit.published.clone().unwrap_or_default()) }
                        // Snippet::marked escapes the text and adds only <mark> tags.
                        p class="snippet" lang=(hit.lang) { (PreEscaped(hit.snippet.marked(&h))) }
                    }
                }
            }
        }
    };
    Ok(layout::page("Search", &session, "/search", body))
}
