//! The claims a figure rests on (`/claims?ids=c-…,c-…`): where every mark of a chart and
//! every bubble of the map leads. Each claim with its quote, its document and a link to its
//! card; `/claims/{id}` goes straight to the card.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{Markup, html};
use serde::Deserialize;
use tally_store::{Browse, ClaimId};

use crate::auth::Session;
use crate::layout::{self, claim_rows};
use crate::pages::given;
use crate::{AppError, AppState, Result};

/// Most claims one listing shows.
pub const MAX_IDS: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new().route("/claims", get(list)).route("/claims/{id}", get(one))
}

#[derive(Debug, Deserialize)]
pub struct IdsQuery {
    ids: Option<String>,
}

/// Claim ids from a comma-separated list, checked.
pub fn parse_ids(s: &str) -> Result<Vec<ClaimId>> {
    let ids: Vec<ClaimId> = s
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| {
            ClaimId::parse(x)
                .map_err(|_| AppError::bad_input(format!("“{x}” is not a claim id (c- and 16 hex digits)")))
        })
        .collect::<Result<_>>()?;
    if ids.len() > MAX_IDS {
        return Err(AppError::bad_input(format!(
            "{} claims asked for; at most {MAX_IDS} at a time",
            ids.len()
        )));
    }
    Ok(ids)
}

async fn list(State(state): State<AppState>, session: Session, Query(q): Query<IdsQuery>) -> Result<Markup> {
    let ids = parse_ids(given(&q.ids).unwrap_or(""))?;
    let claims = state.db(move |s| ids.iter().map(|id| Ok(s.claim(id)?)).collect::<Result<Vec<_>>>()).await?;
    let body = html! {
        h1 { "The claims behind this figure" }
        @if claims.is_empty() { p { "No claims were named." } }
        @for c in &claims {
            article class="card" {
                h2 { a href=(format!("/documents/{}#card-{}", c.document.id, c.id)) { (c.claim.kind.as_str().replace('_', " ")) " — " code { (c.id) } } }
                blockquote { (c.claim.evidence.quote) }
                p class="muted" {
                    "Document " a href=(format!("/documents/{}", c.document.id)) { (c.document.id) }
                    @if let Some(p) = c.document.published { ", published " (p) }
                }
                ul { @for (k, v) in claim_rows(&c.claim) { li { strong { (k) } ": " (v) } } }
            }
        }
    };
    Ok(layout::page("Claims", &session, "/estimates", body))
}

async fn one(State(state): State<AppState>, _s: Session, Path(id): Path<String>) -> Result<Response> {
    let id = ClaimId::parse(id.trim()).map_err(|_| AppError::NotFound(format!("there is no claim {id}")))?;
    let c = state.db(move |s| Ok(s.claim(&id)?)).await?;
    Ok(Redirect::to(&format!("/documents/{}#card-{}", c.document.id, c.id)).into_response())
}
