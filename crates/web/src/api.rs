//! The JSON API under `/api/`: documents, claims, events, estimates, search, the audit log
//! and review actions, with the same authentication as the pages (the session cookie, or
//! `Authorization: Bearer TOKEN` from `tally user token`); unauthenticated requests get 401.
//! A state-changing request made with the cookie must carry the session's CSRF token in an
//! `X-CSRF-Token` header; one made with a bearer token needs none.
//!
//! Every route is declared once, in the [`api!`] table below, which builds both the router
//! and [`ROUTES`]; the tests check that [`ROUTES`] and the OpenAPI document served at
//! `/api/openapi.json` (written by hand in `assets/openapi.json`, public) describe the same
//! routes. Claims come in the `CLAIMS.md` shape with `id` and `document`, plus their review
//! state; errors are `{"error": {"code", "message"}}`.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use tally_core::corroborate::{EventView, Figure, Measure, estimate};
use tally_store::reviews::{Review, ReviewAction, apply_reviews, review_state};
use tally_store::{AuditLog, Browse, ClaimFilter, ClaimId, MAX_PAGE, ReviewStore, Store, StoredClaim};

use crate::auth::{Editor, Session};
use crate::pages::{documents, estimates, given, search};
use crate::{AppError, AppState, Result, ledger};

/// The OpenAPI 3 document.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Largest page of an API listing.
pub const API_PAGE: usize = 1_000;

macro_rules! api {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every API route: method and path as the OpenAPI document writes them.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), concat!("/api", $path))),*];

        /// The API router, to be nested at `/api`.
        pub fn router() -> Router<AppState> {
            Router::new()
                $(.route($path, axum::routing::$method($handler)))*
                .fallback(not_found)
                .layer(axum::middleware::from_fn(crate::error::json_errors))
        }
    };
}

api! {
    get "/documents" => list_documents,
    post "/documents" => upload,
    get "/documents/{id}" => document,
    get "/claims" => claims,
    get "/claims/{id}" => claim,
    post "/claims/{id}/review" => review,
    get "/events" => events,
    get "/events/{id}" => event,
    get "/estimates" => estimates_json,
    get "/search" => search_json,
    get "/audit" => audit,
}

/// `/api/openapi.json`: public, like any API description.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", axum::routing::get(openapi))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn not_found() -> AppError {
    AppError::NotFound("there is no API route at this address (see /api/openapi.json)".into())
}

fn limit(v: &Option<String>, default: usize) -> Result<usize> {
    match given(v) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=API_PAGE).contains(&n) => Ok(n),
            _ => Err(AppError::bad_input(format!("limit: “{s}” is not a number from 1 to {API_PAGE}"))),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DocsQuery {
    #[serde(flatten)]
    list: documents::ListQuery,
    limit: Option<String>,
}

async fn list_documents(
    State(state): State<AppState>,
    _s: Session,
    Query(q): Query<DocsQuery>,
) -> Result<Json<Value>> {
    let query = q.list.parse()?;
    let n = limit(&q.limit, 100)?;
    let docs = state.db(move |s| Ok(s.find_documents(&query, n)?)).await?;
    let next = (docs.len() == n).then(|| docs.last().map(|d| d.seq.0)).flatten();
    Ok(Json(json!({"documents": docs, "next_before": next})))
}

async fn upload(State(state): State<AppState>, Editor(session): Editor, mp: Multipart) -> Result<Response> {
    let form = documents::read_upload(mp).await?;
    let up = documents::store_upload(&state, session.name(), form).await?;
    let status = if up.new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(up)).into_response())
}

/// A stored claim in the CLAIMS.md shape with `id` and `document`, and its review state.
pub fn claim_json(c: &StoredClaim, reviews: &[Review]) -> Value {
    let mut v = serde_json::to_value(&c.claim).unwrap_or(Value::Null);
    v["id"] = json!(c.id);
    v["document"] = json!(c.document);
    let state = review_state(reviews);
    v["review"] = json!({
        "status": state.status,
        "corrections": state.corrections.iter().map(|(f, r)| (f.as_str().to_owned(), json!({
            "value": match &r.action { ReviewAction::Correct { value, .. } => value.clone(), _ => Value::Null },
            "who": r.who, "at": r.at, "note": r.note,
        }))).collect::<serde_json::Map<_, _>>(),
    });
    v["reviewed"] = match apply_reviews(&c.claim, reviews) {
        Some(r) if !reviews.is_empty() => serde_json::to_value(r).unwrap_or(Value::Null),
        _ => Value::Null,
    };
    v
}

async fn document(State(state): State<AppState>, _s: Session, Path(id): Path<String>) -> Result<Json<Value>> {
    let v = state.db(move |s| crate::pages::document::load(s, &id)).await?;
    let claims: Vec<Value> = v
        .claims
        .iter()
        .map(|c| {
            let mut j = claim_json(c, v.reviews.get(c.id.as_str()).map(Vec::as_slice).unwrap_or(&[]));
            if let Some((grade, root)) = v.grades.get(c.id.as_str()) {
                j["grade"] = json!({"grade": grade, "source": root});
            }
            j
        })
        .collect();
    let d = &v.doc;
    Ok(Json(json!({
        "id": d.id, "title": d.title, "outlet": d.outlet, "url": d.url, "published": d.published,
        "lang": d.lang, "format": d.format, "path": d.path, "sha256": d.sha256, "ingested_at": d.ingested_at,
        "negative": d.negative, "text": d.text, "claims": claims,
    })))
}

#[derive(Debug, Default, Deserialize)]
pub struct ClaimsQuery {
    doc: Option<String>,
    kind: Option<String>,
    limit: Option<String>,
}

async fn claims(
    State(state): State<AppState>,
    _s: Session,
    Query(q): Query<ClaimsQuery>,
) -> Result<Json<Value>> {
    let n = limit(&q.limit, API_PAGE)?;
    let kind = match given(&q.kind) {
        None => None,
        Some(k) => Some(
            tally_core::Kind::parse(k)
                .ok_or_else(|| AppError::bad_input(format!("kind: “{k}” is not a claim kind")))?,
        ),
    };
    let doc = given(&q.doc).map(str::to_owned);
    let out = state
        .db(move |s| {
            let document = doc.map(|d| s.resolve_document(&d)).transpose()?;
            let list = s.claims(&ClaimFilter { document, kind }, None, n)?;
            let mut out = Vec::with_capacity(list.len());
            for c in &list {
                out.push(claim_json(c, &s.reviews_for_claim(&c.id)?));
            }
            Ok(out)
        })
        .await?;
    Ok(Json(json!({"claims": out})))
}

fn parse_claim(id: &str) -> Result<ClaimId> {
    ClaimId::parse(id.trim()).map_err(|_| AppError::NotFound(format!("there is no claim {id}")))
}

async fn claim(State(state): State<AppState>, _s: Session, Path(id): Path<String>) -> Result<Json<Value>> {
    let id = parse_claim(&id)?;
    let v = state.db(move |s| Ok(claim_json(&s.claim(&id)?, &s.reviews_for_claim(&id)?))).await?;
    Ok(Json(v))
}

/// A review action as the API takes it.
#[derive(Debug, Deserialize)]
pub struct ReviewBody {
    pub action: String,
    pub field: Option<String>,
    pub value: Option<Value>,
    #[serde(default)]
    pub note: String,
}

async fn review(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<String>,
    body: std::result::Result<Json<ReviewBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response> {
    let Json(b) =
        body.map_err(|e| AppError::bad_input(format!("the body is not a review: {}", e.body_text())))?;
    let id = parse_claim(&id)?;
    let action = match b.action.as_str() {
        "confirm" => ReviewAction::Confirm,
        "reject" if b.note.trim().is_empty() => {
            return Err(AppError::bad_input("a rejection needs a note saying why"));
        }
        "reject" => ReviewAction::Reject,
        "correct" => {
            let field = b.field.as_deref().unwrap_or("");
            let field = tally_store::reviews::ClaimField::parse(field).ok_or_else(|| {
                AppError::bad_input(format!("field: “{field}” is not a field that can be corrected"))
            })?;
            let value = b.value.ok_or_else(|| AppError::bad_input("a correction needs a value"))?;
            ReviewAction::Correct { field, value }
        }
        other => {
            return Err(AppError::bad_input(format!("action: “{other}” is not confirm, correct or reject")));
        }
    };
    let (r, e, _) = crate::pages::document::review(&state, session.name(), id, action, b.note).await?;
    Ok((StatusCode::CREATED, Json(json!({"review": r, "audit": e}))).into_response())
}

/// An event as `tally events --json` prints it (the fields of docs/JSON.md).
pub fn event_json(v: &EventView<'_>) -> Value {
    json!({
        "id": v.id,
        "title": v.title,
        "family": v.family.as_str(),
        "claims": v.claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        "documents": v.documents,
        "independent_sources": v.independent_sources,
        "roots": v.roots.iter().map(|r| json!({"source": r.root.label(), "root": r.root, "grade": r.grade.to_string(), "claims": r.claims})).collect::<Vec<_>>(),
        "derived": v.derived,
        "contradictions": v.contradictions,
        "grade": v.grade.to_string(),
        "destination": v.destination,
        "time": v.when.map(|w| json!({"start": w.start, "end": w.end, "reported": w.reported})),
    })
}

async fn events(State(state): State<AppState>, _s: Session) -> Result<Json<Value>> {
    let l = ledger::current(&state).await?;
    Ok(Json(json!({"events": l.corr.views().map(|v| event_json(&v)).collect::<Vec<_>>()})))
}

async fn event(State(state): State<AppState>, _s: Session, Path(id): Path<String>) -> Result<Json<Value>> {
    let l = ledger::current(&state).await?;
    let id = ledger::resolve_event(&l.corr, id.trim())?;
    Ok(Json(event_json(&l.corr.event(&id)?)))
}

/// A figure as `tally estimate --json` prints it.
pub fn figure_json(f: &Figure) -> Value {
    json!({
        "destination": {"country": f.destination.country, "region": f.destination.region},
        "period": {"start": f.period.0, "end": f.period.1},
        "measure": f.measure.as_str(),
        "potential": f.potential,
        "basis": f.basis.map(Measure::as_str),
        "low": f.value.map(|v| v.low()),
        "best": f.value.map(|v| v.best()),
        "high": f.value.and_then(|v| v.high()),
        "unbounded": f.value.is_some_and(|v| v.high().is_none()),
        "claims": f.claims,
        "events": f.events,
        "notes": f.notes,
    })
}

async fn estimates_json(
    State(state): State<AppState>,
    _s: Session,
    Query(q): Query<estimates::EstimateQuery>,
) -> Result<Json<Value>> {
    let opts = q.options()?;
    let l = ledger::current(&state).await?;
    Ok(Json(json!({"figures": estimate(&l.corr, &opts).iter().map(figure_json).collect::<Vec<_>>()})))
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

async fn search_json(
    State(state): State<AppState>,
    _s: Session,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Value>> {
    let query = given(&q.q).ok_or_else(|| AppError::bad_input("q: give the words to search for"))?.to_owned();
    let n = limit(&q.limit, 20)?;
    let offset = match given(&q.offset) {
        None => 0,
        Some(s) => match s.parse::<usize>() {
            Ok(o) if o <= tally_index::MAX_OFFSET => o,
            _ => {
                return Err(AppError::bad_input(format!(
                    "offset: “{s}” is not a number from 0 to {}",
                    tally_index::MAX_OFFSET
                )));
            }
        },
    };
    let results = search::search(&state, &query, tally_index::Page::new(offset, n)).await?;
    let h = tally_index::Highlight::html();
    let out: Vec<Value> = results
        .hits
        .iter()
        .map(|hit| {
            let mut v = serde_json::to_value(hit).unwrap_or(Value::Null);
            v["snippet_html"] = json!(hit.snippet.marked(&h));
            v
        })
        .collect();
    Ok(Json(json!({"query": query, "total": results.total, "offset": offset, "hits": out})))
}

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    before: Option<String>,
    limit: Option<String>,
}

async fn audit(
    State(state): State<AppState>,
    _s: Session,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Value>> {
    let n = limit(&q.limit, 100)?;
    let before = match given(&q.before) {
        None => None,
        Some(b) => Some(
            b.parse::<i64>()
                .map_err(|_| AppError::bad_input(format!("before: “{b}” is not an entry number")))?,
        ),
    };
    let (entries, verdict) =
        state.db(move |s| Ok((s.audit_entries(before, n.min(MAX_PAGE))?, s.verify_audit()?))).await?;
    let chain = match verdict {
        tally_store::audit::Verdict::Intact { entries, head } => {
            json!({"intact": true, "entries": entries, "head": head})
        }
        tally_store::audit::Verdict::Broken { seq, problem } => {
            json!({"intact": false, "first_bad": seq, "problem": problem})
        }
    };
    Ok(Json(json!({"entries": entries, "chain": chain})))
}
