//! The audit log in the browser: the newest entries (or those about one target), with the
//! chain's state at the top — verified on every view, the first bad entry named when it is
//! broken, the head hash shown so it can be noted elsewhere.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use maud::{Markup, html};
use serde::Deserialize;
use tally_store::AuditLog;
use tally_store::audit::{AuditEntry, Verdict, canonical_json};

use crate::auth::Session;
use crate::layout;
use crate::pages::given;
use crate::{AppError, AppState, Result};

/// Entries per page.
pub const PAGE: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    pub before: Option<String>,
    pub target: Option<String>,
}

pub fn entry_row(e: &AuditEntry) -> Markup {
    html! {
        tr id=(format!("audit-{}", e.seq)) {
            td class="num" { (e.seq) }
            td { (e.at) }
            td { (e.actor) }
            td { (e.action) }
            td { (e.target) }
            td { code { (canonical_json(&e.detail)) } }
            td class="hash" title=(e.hash) { (&e.hash[..12.min(e.hash.len())]) "…" }
        }
    }
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AuditQuery>,
) -> Result<Markup> {
    let before = match given(&q.before) {
        None => None,
        Some(b) => {
            Some(b.parse::<i64>().map_err(|_| AppError::bad_form(format!("“{b}” is not a page"), "/audit"))?)
        }
    };
    let target = given(&q.target).map(str::to_owned);
    let (entries, verdict) = state
        .db(move |s| {
            let entries = match &target {
                Some(t) => s.audit_entries_for(t)?,
                None => s.audit_entries(before, PAGE)?,
            };
            Ok((entries, s.verify_audit()?))
        })
        .await?;
    let next = (entries.len() == PAGE && given(&q.target).is_none())
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    let body = html! {
        h1 { "Audit log" }
        @match &verdict {
            Verdict::Intact { entries, head } => p class="notice" role="status" {
                "The chain of " (layout::count_of(*entries as usize, "entry", "entries")) " is intact. Head: " span class="hash" { (head) }
            },
            Verdict::Broken { seq, problem } => p class="error" role="alert" {
                "The chain is broken at entry " (seq) ": " (problem) "."
            },
        }
        @if let Some(t) = given(&q.target) { p { "Entries about " code { (t) } ". " a href="/audit" { "All entries" } } }
        div class="table-wrap" {
            table {
                thead { tr { th scope="col" { "#" } th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "Action" } th scope="col" { "Target" } th scope="col" { "Detail" } th scope="col" { "Hash" } } }
                tbody { @for e in &entries { (entry_row(e)) } }
            }
        }
        @if let Some(n) = next { nav class="pager" { a href=(format!("/audit?before={n}")) { "Older entries" } } }
    };
    Ok(layout::page("Audit log", &session, "/audit", body))
}
