//! Events: the list, and an event's page — its claims grouped by the source they rest on,
//! how many independent sources there are and the derivation chains of the copies,
//! contradictions side by side, a small timeline; and, for analysts, merging another event
//! into it or splitting claims out (tally-core's merge and split, recorded as the CLI
//! records them, plus an audit entry).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;
use tally_core::corroborate::title::{place_name, when_text};

use crate::auth::{Editor, Session};
use crate::charts::{self, Span};
use crate::layout::{self, count_of};
use crate::ledger::{self, EventChange};
use crate::pages::given;
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(show))
        .route("/events/{id}/merge", post(merge))
        .route("/events/{id}/split", post(split))
}

async fn list(State(state): State<AppState>, session: Session) -> Result<Markup> {
    let ledger = ledger::current(&state).await?;
    let mut views: Vec<_> = ledger.corr.views().collect();
    views.sort_by(|a, b| {
        b.contradictions.len().cmp(&a.contradictions.len()).then(b.claims.len().cmp(&a.claims.len()))
    });
    let body = html! {
        h1 { "Events" }
        p class="muted" { "Claims about the same real-world happening, across documents. Copies and citations are not counted as independent sources." }
        div class="table-wrap" {
            table {
                thead { tr {
                    th scope="col" { "Event" } th scope="col" { "Grade" } th scope="col" class="num" { "Claims" }
                    th scope="col" class="num" { "Independent sources" } th scope="col" class="num" { "Derived copies" } th scope="col" class="num" { "Contradictions" }
                } }
                tbody {
                    @for v in &views {
                        tr {
                            td { a href=(format!("/events/{}", v.id)) { (v.title) } }
                            td { (v.grade) }
                            td class="num" { (v.claims.len()) }
                            td class="num" { (v.independent_sources) }
                            td class="num" { (v.derived.len()) }
                            td class="num" { (v.contradictions.len()) }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page("Events", &session, "/events", body))
}

fn fig(low: f64, high: Option<f64>) -> String {
    match high {
        Some(h) if h == low => layout::num(h),
        Some(h) => format!("{}–{}", layout::num(low), layout::num(h)),
        None => format!("{} or more", layout::num(low)),
    }
}

async fn show(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Result<Markup> {
    let ledger = ledger::current(&state).await?;
    let corr = &ledger.corr;
    let id = ledger::resolve_event(corr, id.trim())?;
    let v = corr.event(&id)?;
    let by_id: BTreeMap<&str, &tally_core::corroborate::ClaimRecord> =
        v.claims.iter().map(|c| (c.id.as_str(), *c)).collect();
    let spans: Vec<Span> = v
        .roots
        .iter()
        .flat_map(|r| {
            r.claims.iter().filter_map(|cid| by_id.get(cid.as_str())).filter_map(|c| {
                let t = c.claim.time.as_ref()?;
                Some(Span {
                    row: r.root.label(),
                    start: t.start(),
                    end: t.end(),
                    href: format!("#claim-{}", c.id),
                    label: format!("{}: {} … {}", r.root.label(), t.start(), t.end()),
                })
            })
        })
        .collect();
    let timeline =
        charts::timeline(&format!("Timeline of {}", v.title), &spans).map_err(AppError::internal)?;
    let body = html! {
        h1 { (v.title) }
        p {
            "Grade " strong { (v.grade) } " (" (v.grade.reliability.meaning()) ", " (v.grade.credibility.meaning()) "); "
            strong { (count_of(v.independent_sources, "independent source", "independent sources")) } ", "
            (count_of(v.claims.len(), "claim", "claims")) " in " (count_of(v.documents.len(), "document", "documents")) "."
        }
        @if let Some(d) = &v.destination { p { "Destination: " (place_name(d)) } }
        @if let Some(w) = v.when { p { "When: " (when_text(w)) " (" (w.start) " … " (w.end) ")" } }
        @if !timeline.is_empty() {
            h2 { "Timeline" }
            div class="chart" { (layout::svg(&timeline)) }
        }
        h2 { "Claims by source" }
        @for r in &v.roots {
            section class="card" {
                h3 { (r.root.label()) " " span class="muted" { "graded " (r.grade) } }
                ul {
                    @for cid in &r.claims {
                        @if let Some(c) = by_id.get(cid.as_str()) {
                            li id=(format!("claim-{}", c.id)) {
                                a href=(format!("/documents/{}#card-{}", c.document, c.id)) { (c.claim.kind.as_str().replace('_', " ")) }
                                " — “" (c.claim.evidence.quote) "”"
                                span class="muted" { " (" (c.document) ")" }
                            }
                        }
                    }
                }
            }
        }
        @if !v.derived.is_empty() {
            h2 { "Derived documents (they corroborate nothing)" }
            ul {
                @for (d, r) in v.doc_roots.iter().filter(|(_, r)| r.derived()) {
                    li {
                        a href=(format!("/documents/{d}")) { (d) } " rests on " strong { (r.root) } ": "
                        @for (i, l) in r.links.iter().enumerate() {
                            @if i > 0 { " → " }
                            (format!("{:?}", l.how).to_lowercase()) " of " (l.target.to_string())
                            @if !l.evidence.is_empty() { " (“" (l.evidence) "”)" }
                        }
                    }
                }
            }
        }
        @if !v.contradictions.is_empty() {
            h2 { "Contradictions" }
            @for x in &v.contradictions {
                div class="side-by-side" {
                    @for side in [&x.a, &x.b] {
                        div class="card" {
                            p { strong { (side.source) } " says " strong { (fig(side.low, side.high)) } }
                            blockquote { (side.quote) }
                            @if let Some(c) = by_id.get(side.claim.as_str()) {
                                a href=(format!("/documents/{}#card-{}", c.document, c.id)) { "claim " (side.claim) }
                            }
                        }
                    }
                }
            }
        }
        @if session.can_edit() {
            h2 { "Change the clustering" }
            form method="post" action=(format!("/events/{}/merge", v.id)) class="inline" {
                (layout::csrf_field(&session))
                label { "Merge event (id)" input type="text" name="absorb" required; }
                label { "Why" input type="text" name="why" required; }
                button type="submit" { "Merge into this event" }
            }
            form method="post" action=(format!("/events/{}/split", v.id)) {
                (layout::csrf_field(&session))
                fieldset {
                    legend { "Split these claims out into a new event" }
                    @for c in &v.claims {
                        label { input type="checkbox" name="claims" value=(c.id); " " (c.id) " " (c.claim.kind.as_str().replace('_', " ")) }
                        br;
                    }
                }
                div class="inline" {
                    label { "Why" input type="text" name="why" required; }
                    button type="submit" { "Split" }
                }
            }
        }
    };
    Ok(layout::page(&v.title, &session, "/events", body))
}

#[derive(Debug, Default, Deserialize)]
pub struct MergeForm {
    absorb: Option<String>,
    why: Option<String>,
}

/// Runs a clustering change as `who`, turning a refusal into a message on the event page.
pub async fn change(state: &AppState, who: &str, change: EventChange, back: String) -> Result<String> {
    let who = who.to_owned();
    let id = state
        .db(move |s| {
            ledger::apply_op(s, &who, change).map_err(|e| match e {
                AppError::BadInput { message, .. } => AppError::bad_form(message, back),
                other => other,
            })
        })
        .await?;
    Ok(id.to_string())
}

async fn merge(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<String>,
    Form(f): Form<MergeForm>,
) -> Result<Response> {
    let back = format!("/events/{id}");
    let absorb = given(&f.absorb)
        .ok_or_else(|| AppError::bad_form("give the id of the event to merge into this one", &back))?;
    let why = given(&f.why)
        .ok_or_else(|| AppError::bad_form("say why (the reason goes to the audit log)", &back))?;
    let change_ = EventChange::Merge { keep: id.clone(), absorb: absorb.to_owned(), why: why.to_owned() };
    let shown = change(&state, session.name(), change_, back).await?;
    Ok(Redirect::to(&format!("/events/{shown}")).into_response())
}

async fn split(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<String>,
    // Checkboxes repeat the `claims` key, which a struct cannot hold: read the pairs.
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let back = format!("/events/{id}");
    let claims: Vec<String> = pairs.iter().filter(|(k, _)| k == "claims").map(|(_, v)| v.clone()).collect();
    let why = pairs.iter().find(|(k, _)| k == "why").map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    if claims.is_empty() {
        return Err(AppError::bad_form("tick the claims to split out", back));
    }
    if why.is_empty() {
        return Err(AppError::bad_form("say why (the reason goes to the audit log)", back));
    }
    let shown =
        change(&state, session.name(), EventChange::Split { from: id.clone(), claims, why }, back).await?;
    Ok(Redirect::to(&format!("/events/{shown}")).into_response())
}
