//! Full-text search, English and Korean, through the tantivy index: a page of hits at a time
//! with the number of documents that match, snippets with the matched words in `<mark>`,
//! links to the previous and next pages. The index is brought up to date first when the
//! store has documents it has not seen (a CLI ingest on the same data folder).

use std::sync::LazyLock;

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use tally_index::{Highlight, Page, Results};
use tally_store::Store;
use tokio::sync::Semaphore;

use crate::auth::Session;
use crate::layout;
use crate::pages::given;
use crate::{AppError, AppState, Result};

/// Hits on one page of results: snippets are cut for these only.
pub const PAGE_SIZE: usize = 20;
/// The last page that can be asked for: pages start at most at [`tally_index::MAX_OFFSET`].
pub const MAX_PAGE: usize = tally_index::MAX_OFFSET / PAGE_SIZE + 1;
/// Longest query accepted, in characters.
pub const MAX_QUERY: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(page))
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    /// The page of results, from 1.
    pub page: Option<String>,
}

/// The page number asked for, from 1 to [`MAX_PAGE`].
fn page_number(v: &Option<String>) -> Result<usize> {
    match given(v) {
        None => Ok(1),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
            _ => Err(AppError::bad_form(
                format!("page: “{s}” is not a page number from 1 to {MAX_PAGE}"),
                "/search",
            )),
        },
    }
}

/// Searches running at once: one per core. A search is pure computation, so more at a time
/// only share the cores, and under load that sharing stretches an expensive query (a phrase
/// of common words) by every cheap one beside it; waiting in line for a permit (tokio's
/// semaphore is first come, first served) keeps the slow tail short.
static SEARCHES: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// Searches, catching the index up with the store first: the hits of `page` and how many
/// documents match.
pub async fn search(state: &AppState, q: &str, page: Page) -> Result<Results> {
    if q.chars().count() > MAX_QUERY {
        return Err(AppError::bad_form(
            format!("the query is longer than {MAX_QUERY} characters"),
            "/search",
        ));
    }
    let st = state.clone();
    state
        .db(move |s| {
            let index = st.index();
            if s.last_seq()? != index.indexed_seq()? {
                match index.sync(&*s) {
                    Ok(_) | Err(tally_index::Error::Busy) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(())
        })
        .await?;
    let _permit = SEARCHES.acquire().await.map_err(AppError::internal)?;
    let st = state.clone();
    let q = q.to_owned();
    tokio::task::spawn_blocking(move || Ok(st.index().search_page(&q, page)?))
        .await
        .map_err(AppError::internal)?
}

async fn page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<SearchQuery>,
) -> Result<Markup> {
    let query = given(&q.q).unwrap_or("").to_owned();
    let number = page_number(&q.page)?;
    let first = (number - 1) * PAGE_SIZE;
    let results = if query.is_empty() {
        Results { total: 0, hits: Vec::new() }
    } else {
        search(&state, &query, Page::new(first, PAGE_SIZE)).await?
    };
    let link = |n: usize| format!("/search?q={}&page={n}", crate::auth::url_encode(&query));
    let last = first + results.hits.len();
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
            p role="status" {
                (layout::count_of(results.total, "document found", "documents found"))
                @if results.total > results.hits.len() && !results.hits.is_empty() {
                    "; " (first + 1) "–" (last) " shown"
                }
                @if results.hits.is_empty() && results.total > 0 {
                    "; page " (number) " is past the last one"
                }
            }
            ol start=(first + 1) {
                @for hit in &results.hits {
                    li {
                        a href=(format!("/documents/{}", hit.id)) { (hit.title.clone().unwrap_or_else(|| hit.id.clone())) }
                        span class="muted" { " — " (hit.outlet.clone().unwrap_or_default()) " " (hit.published.clone().unwrap_or_default()) }
                        // Snippet::marked escapes the text and adds only <mark> tags.
                        p class="snippet" lang=(hit.lang) { (PreEscaped(hit.snippet.marked(&h))) }
                    }
                }
            }
            @if number > 1 || (last < results.total && number < MAX_PAGE) {
                nav aria-label="Result pages" class="inline" {
                    @if number > 1 {
                        a rel="prev" href=(link(number - 1)) { "← Previous " (PAGE_SIZE) }
                        " "
                    }
                    @if last < results.total && number < MAX_PAGE {
                        a rel="next" href=(link(number + 1)) { "Next " (PAGE_SIZE) " →" }
                    }
                }
            }
        }
    };
    Ok(layout::page("Search", &session, "/search", body))
}
