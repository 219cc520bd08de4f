//! A document: its text with every claim's evidence highlighted, and beside it a card per
//! claim — the machine's reading and the analyst's corrections side by side, the grade of
//! the source it rests on, why each field was extracted, and (for analysts) the forms to
//! confirm it, reject it, or correct one field at a time. A highlight is a link to its card
//! (`#card-…`; `app.js` opens the card in place).
//!
//! The grade shown is that of the claim's root source as the document itself states it
//! (its outlet, notes such as "reposted by", and the claim's own attribution) with the
//! analysts' overrides applied: computed from this one document, so the page stays fast on
//! a large ledger. Derivations *across* documents are weighed on the event pages.
//!
//! Reviews never change the claim: they are stored beside it (`tally_store::reviews`), each
//! with its audit entry, and the card shows both readings.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};
use tally_core::corroborate::grade::GradeBook;
use tally_core::corroborate::independence::Independence;
use tally_core::corroborate::{DocId, DocInfo};
use tally_core::{Claim, Currency, Kind, SourceType};
use tally_store::audit::AuditEntry;
use tally_store::reviews::{
    ClaimField, NewReview, Review, ReviewAction, Status, apply_reviews, review_state,
};
use tally_store::{
    AuditLog, Browse, ClaimFilter, ClaimId, Document, EventStore, MAX_PAGE, ReviewStore, Store, StoredClaim,
};

use crate::auth::{Editor, Session};
use crate::layout::{self, claim_rows};
use crate::pages::given;
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/documents/{id}", get(show))
        .route("/claims/{id}/confirm", post(confirm))
        .route("/claims/{id}/reject", post(reject))
        .route("/claims/{id}/correct", post(correct))
}

/// Everything the page shows, read in one go.
pub struct DocView {
    pub doc: Document,
    pub claims: Vec<StoredClaim>,
    pub reviews: HashMap<String, Vec<Review>>,
    pub audit: HashMap<String, Vec<AuditEntry>>,
    pub grades: HashMap<String, (String, String)>,
}

/// Reads a document (by id or unique prefix) with its claims, reviews, audit entries and
/// grades (blocking).
pub fn load(s: &mut tally_store::SqliteStore, id: &str) -> Result<DocView> {
    let id = s.resolve_document(id)?;
    let doc = s.document(&id)?;
    let claims = s.claims(&ClaimFilter { document: Some(id.clone()), kind: None }, None, MAX_PAGE)?;
    let mut reviews: HashMap<String, Vec<Review>> = HashMap::new();
    for r in s.reviews_for_document(&id)? {
        reviews.entry(r.claim.as_str().to_owned()).or_default().push(r);
    }
    let mut audit = HashMap::new();
    for claim in reviews.keys() {
        audit.insert(claim.clone(), s.audit_entries_for(claim)?);
    }
    let book = GradeBook::new(s.grade_overrides()?);
    let info = DocInfo {
        id: DocId::new(doc.id.as_str()),
        outlet: doc.outlet.clone(),
        url: doc.url.clone(),
        published: doc.published,
        title: doc.title.clone(),
        text: String::new(),
    };
    let mut indep = Independence::new();
    indep.add(&info);
    let grades = claims
        .iter()
        .map(|c| {
            let root = indep.claim_root(&info.id, &c.claim);
            let (grade, _) = book.grade(&root);
            (c.id.as_str().to_owned(), (grade.to_string(), root.label()))
        })
        .collect();
    Ok(DocView { doc, claims, reviews, audit, grades })
}

/// The text with each claim's evidence in a `<mark>` that links to its card. Spans may
/// overlap: the text is cut at every span boundary and each piece is marked with all the
/// claims covering it.
pub fn highlighted(text: &str, claims: &[(&str, usize, usize, bool)]) -> Markup {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (_, s, e, _) in claims {
        if *s < *e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e) {
            cuts.push(*s);
            cuts.push(*e);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    html! {
        @for w in cuts.windows(2) {
            @let (a, b) = (w[0], w[1]);
            @let piece = text.get(a..b).unwrap_or("");
            @let covering: Vec<&(&str, usize, usize, bool)> = claims.iter().filter(|(_, s, e, _)| *s <= a && b <= *e).collect();
            @if covering.is_empty() {
                (piece)
            } @else {
                @let ids = covering.iter().map(|c| c.0).collect::<Vec<_>>().join(" ");
                @let all_rejected = covering.iter().all(|c| c.3);
                mark class=[all_rejected.then_some("rejected")] data-claims=(ids) {
                    a href=(format!("#card-{}", covering[0].0)) data-claim=(covering[0].0) { (piece) }
                }
            }
        }
    }
}

fn status_badge(s: Status) -> Markup {
    html! { span class=(format!("status {}", s.as_str())) { (s.as_str()) } }
}

fn summary_line(c: &Claim) -> String {
    let rows = claim_rows(c);
    let pick = |k: &str| rows.iter().find(|(l, _)| *l == k).map(|(_, v)| v.clone());
    let mut parts = vec![c.kind.as_str().replace('_', " ")];
    if let Some(v) = pick("count").or_else(|| pick("money")) {
        parts.push(v);
    }
    if let Some(v) = pick("destination") {
        parts.push(format!("→ {v}"));
    }
    parts.join(" · ")
}

fn card(v: &DocView, c: &StoredClaim, session: &Session) -> Markup {
    let id = c.id.as_str();
    let reviews = v.reviews.get(id).map(Vec::as_slice).unwrap_or(&[]);
    let state = review_state(reviews);
    let reviewed = apply_reviews(&c.claim, reviews);
    let machine = claim_rows(&c.claim);
    let analyst = reviewed.as_ref().map(claim_rows).unwrap_or_default();
    let (grade, root) = v.grades.get(id).cloned().unwrap_or_default();
    let back = format!("/documents/{}#card-{id}", v.doc.id);
    html! {
        details class="claim" id=(format!("card-{id}")) {
            summary {
                (summary_line(reviewed.as_ref().unwrap_or(&c.claim))) " " (status_badge(state.status))
            }
            div class="body" {
                p class="muted" { "Claim " code { (id) } " · source " strong { (root) } ", graded " strong { (grade) } }
                blockquote { (c.claim.evidence.quote) }
                table {
                    caption class="muted" { "The machine's reading" @if !state.corrections.is_empty() { " and the analyst's corrections" } }
                    thead { tr { th scope="col" { "Field" } th scope="col" { "Machine" } @if !state.corrections.is_empty() { th scope="col" { "Analyst" } } } }
                    tbody {
                        @for (label, value) in &machine {
                            tr {
                                th scope="row" { (label) }
                                td { (value) }
                                @if !state.corrections.is_empty() {
                                    @let after = analyst.iter().find(|(l, _)| l == label).map(|(_, v)| v.clone()).unwrap_or_default();
                                    td class=[(after != *value).then_some("corr")] { (after) }
                                }
                            }
                        }
                        @for (label, value) in analyst.iter().filter(|(l, _)| !machine.iter().any(|(m, _)| m == l)) {
                            tr { th scope="row" { (label) } td { "—" } td class="corr" { (value) } }
                        }
                    }
                }
                @if !c.claim.why.is_empty() {
                    details {
                        summary { "Why it was extracted" }
                        ul class="why" {
                            @for (field, reasons) in &c.claim.why {
                                li { strong { (field) } ": " (reasons.join("; ")) }
                            }
                        }
                    }
                }
                @if !reviews.is_empty() {
                    h4 { "Reviews" }
                    ul {
                        @for r in reviews {
                            li {
                                (r.action.name()) " by " (r.who) " at " (r.at)
                                @if let ReviewAction::Correct { field, value } = &r.action { ": " (field) " = " code { (value.to_string()) } }
                                @if !r.note.is_empty() { " — “" (r.note) "”" }
                            }
                        }
                    }
                    @if let Some(entries) = v.audit.get(id) {
                        p class="muted" {
                            "Audit log: "
                            @for e in entries { a href=(format!("/audit?target={id}")) { "#" (e.seq) " " (e.action) } " " }
                        }
                    }
                }
                @if session.can_edit() {
                    div class="inline" {
                        form method="post" action=(format!("/claims/{id}/confirm")) {
                            (layout::csrf_field(session))
                            button type="submit" { "Confirm" }
                        }
                        form method="post" action=(format!("/claims/{id}/reject")) class="inline" {
                            (layout::csrf_field(session))
                            label { "Reason" input type="text" name="note" required; }
                            button type="submit" class="danger" { "Reject" }
                        }
                    }
                    details class="fix" {
                        summary { "Correct a field" }
                        (correction_forms(id, reviewed.as_ref().unwrap_or(&c.claim), session, &back))
                    }
                }
            }
        }
    }
}

fn opt_num(v: Option<u64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// One small form per field, each prefilled with the value in force.
fn correction_forms(id: &str, c: &Claim, session: &Session, _back: &str) -> Markup {
    let action = format!("/claims/{id}/correct");
    let form = |field: ClaimField, inner: Markup| {
        html! {
            form method="post" action=(action) class="inline" aria-label=(format!("Correct {field}")) {
                (layout::csrf_field(session))
                input type="hidden" name="field" value=(field.as_str());
                (inner)
                label { "Note" input type="text" name="note"; }
                button type="submit" class="secondary" { "Correct " (field.as_str().replace('_', " ")) }
            }
        }
    };
    let count = c.count;
    let money = c.money;
    let dest = c.destination.clone();
    html! {
        (form(ClaimField::Kind, html! {
            label { "Kind" select name="kind" { @for k in Kind::ALL { option value=(k.as_str()) selected[k == c.kind] { (k.as_str().replace('_', " ")) } } } }
        }))
        (form(ClaimField::Count, html! {
            label { "Count from" input type="text" inputmode="numeric" name="min" value=(opt_num(count.and_then(|x| x.min()))) size="8"; }
            label { "to" input type="text" inputmode="numeric" name="max" value=(opt_num(count.and_then(|x| x.max()))) size="8"; }
            label { "About" input type="checkbox" name="approx" value="on" checked[count.is_some_and(|x| x.approx())]; }
        }))
        (form(ClaimField::Money, html! {
            label { "Amount from" input type="text" inputmode="numeric" name="min" value=(opt_num(money.and_then(|m| m.min()))) size="8"; }
            label { "to" input type="text" inputmode="numeric" name="max" value=(opt_num(money.and_then(|m| m.max()))) size="8"; }
            label { "Currency" select name="currency" {
                @for cur in ["USD", "CNY", "EUR", "RUB", "KPW", "KRW", "JPY", "GBP"] {
                    option value=(cur) selected[money.is_some_and(|m| m.currency().code() == cur)] { (cur) }
                }
            } }
            label { "Per" select name="per" {
                option value="worker" selected[money.is_some_and(|m| m.per().is_some())] { "worker" }
                option value="" selected[money.is_some_and(|m| m.per().is_none())] { "in total" }
            } }
            label { "Period" select name="period" {
                @for (v, l) in [("month", "a month"), ("year", "a year"), ("day", "a day"), ("", "none")] {
                    option value=(v) selected[money.is_some_and(|m| period_name(m.period()) == v)] { (l) }
                }
            } }
        }))
        (form(ClaimField::Round, html! {
            label { "Round" input type="text" inputmode="numeric" name="n" value=(c.round.map(|r| r.to_string()).unwrap_or_default()) size="4"; }
        }))
        (form(ClaimField::Destination, html! {
            label { "Country (2 letters)" input type="text" name="country" value=(dest.as_ref().and_then(|d| d.country).map(|c| c.to_string()).unwrap_or_default()) size="3" maxlength="2"; }
            label { "Region" input type="text" name="region" value=(dest.as_ref().and_then(|d| d.region.clone()).unwrap_or_default()); }
        }))
        (form(ClaimField::Time, html! {
            label { "From" input type="date" name="start" value=(c.time.as_ref().map(|t| t.start().to_string()).unwrap_or_default()); }
            label { "to" input type="date" name="end" value=(c.time.as_ref().map(|t| t.end().to_string()).unwrap_or_default()); }
            label { "Words" input type="text" name="text" value=(c.time.as_ref().map(|t| t.text.clone()).unwrap_or_default()); }
        }))
        (form(ClaimField::Organisations, html! {
            label { "Organisations (separated by ;)" input type="text" name="list" value=(c.organisations.join("; ")); }
        }))
        (form(ClaimField::LegalRefs, html! {
            label { "Legal references (separated by ;)" input type="text" name="list" value=(c.legal_refs.join("; ")); }
        }))
        (form(ClaimField::Source, html! {
            label { "Source type" select name="source_type" { @for t in SourceType::ALL { option value=(t.as_str()) selected[t == c.source.kind] { (t.as_str().replace('_', " ")) } } } }
            label { "Words" input type="text" name="text" value=(c.source.text); }
        }))
    }
}

fn period_name(p: Option<tally_core::Period>) -> &'static str {
    match p {
        Some(tally_core::Period::Day) => "day",
        Some(tally_core::Period::Month) => "month",
        Some(tally_core::Period::Year) => "year",
        None => "",
    }
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    uploaded: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Markup> {
    let v = state.db(move |s| load(s, &id)).await?;
    let spans: Vec<(&str, usize, usize, bool)> = v
        .claims
        .iter()
        .map(|c| {
            let rejected =
                v.reviews.get(c.id.as_str()).is_some_and(|r| review_state(r).status == Status::Rejected);
            (c.id.as_str(), c.claim.evidence.start, c.claim.evidence.end, rejected)
        })
        .collect();
    let title = v.doc.title.clone().unwrap_or_else(|| v.doc.id.to_string());
    let body = html! {
        @match given(&q.uploaded) {
            Some("1") => p class="notice" role="status" { "Stored, with " (layout::count_of(v.claims.len(), "claim", "claims")) " extracted." },
            Some("0") => p class="notice" role="status" { "This text was already stored; nothing was added." },
            _ => {},
        }
        h1 lang=(v.doc.lang.code()) { (title) }
        p class="muted" {
            (v.doc.outlet.clone().unwrap_or_else(|| "unknown outlet".into()))
            @if let Some(p) = v.doc.published { " · published " (p) }
            " · " (v.doc.lang.code()) " · " code { (v.doc.id) }
            @if let Some(u) = &v.doc.url { " · " a href=(u) rel="noreferrer noopener" { "original" } }
        }
        div class="doc" {
            section aria-label="Text" {
                h2 { "Text" }
                p class="muted" { "Highlighted passages carry claims; follow one to its card." }
                div class="doctext" lang=(v.doc.lang.code()) { (highlighted(&v.doc.text, &spans)) }
            }
            section aria-label="Claims" {
                h2 { (layout::count_of(v.claims.len(), "claim", "claims")) }
                div class="claims" {
                    @for c in &v.claims { (card(&v, c, &session)) }
                }
            }
        }
    };
    Ok(layout::page(&title, &session, "/documents", body))
}

#[derive(Debug, Default, Deserialize)]
pub struct NoteForm {
    note: Option<String>,
}

/// The card to return to after a review.
fn back_to(s: &tally_store::SqliteStore, claim: &ClaimId) -> Result<String> {
    let c = s.claim(claim)?;
    Ok(format!("/documents/{}#card-{}", c.document.id, claim))
}

fn claim_id(id: &str) -> Result<ClaimId> {
    ClaimId::parse(id.trim()).map_err(|_| AppError::NotFound(format!("there is no claim {id}")))
}

/// Records a review as the signed-in analyst and returns where to go back to.
pub async fn review(
    state: &AppState,
    who: &str,
    claim: ClaimId,
    action: ReviewAction,
    note: String,
) -> Result<(Review, AuditEntry, String)> {
    let who = who.to_owned();
    state
        .db(move |s| {
            let back = back_to(s, &claim)?;
            let (r, e) = s
                .record_review(&NewReview { claim: &claim, action, note: &note, who: &who })
                .map_err(|e| match e {
                    tally_store::Error::Invalid { problem, .. } => AppError::bad_form(problem, back.clone()),
                    other => other.into(),
                })?;
            Ok((r, e, back))
        })
        .await
}

async fn confirm(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<String>,
    Form(f): Form<NoteForm>,
) -> Result<Response> {
    let (_, _, back) = review(
        &state,
        session.name(),
        claim_id(&id)?,
        ReviewAction::Confirm,
        given(&f.note).unwrap_or("").to_owned(),
    )
    .await?;
    Ok(Redirect::to(&back).into_response())
}

async fn reject(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<String>,
    Form(f): Form<NoteForm>,
) -> Result<Response> {
    let claim = claim_id(&id)?;
    let Some(note) = given(&f.note).map(str::to_owned) else {
        let back = state
            .db({
                let c = claim.clone();
                move |s| back_to(s, &c)
            })
            .await?;
        return Err(AppError::bad_form(
            "say why the claim is rejected (the reason goes to the audit log)",
            back,
        ));
    };
    let (_, _, back) = review(&state, session.name(), claim, ReviewAction::Reject, note).await?;
    Ok(Redirect::to(&back).into_response())
}

/// A correction as any of the per-field forms sends it.
#[derive(Debug, Default, Deserialize)]
pub struct CorrectForm {
    pub field: Option<String>,
    pub note: Option<String>,
    pub kind: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub approx: Option<String>,
    pub currency: Option<String>,
    pub per: Option<String>,
    pub period: Option<String>,
    pub n: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub text: Option<String>,
    pub list: Option<String>,
    pub source_type: Option<String>,
}

fn whole(label: &str, v: &Option<String>) -> Result<Option<u64>, String> {
    match given(v) {
        None => Ok(None),
        Some(s) => s
            .replace([',', '_', ' '], "")
            .parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{label}: “{s}” is not a whole number")),
    }
}

/// The JSON value (in the CLAIMS.md shape) a correction form asks for, or what is wrong.
pub fn correction_value(f: &CorrectForm) -> Result<(ClaimField, Value), String> {
    let field_name = given(&f.field).ok_or("say which field to correct")?;
    let field = ClaimField::parse(field_name)
        .ok_or_else(|| format!("“{field_name}” is not a field that can be corrected"))?;
    let approx = given(&f.approx).is_some();
    let value = match field {
        ClaimField::Kind => {
            let k = given(&f.kind).ok_or("choose a kind")?;
            Kind::parse(k).ok_or_else(|| format!("“{k}” is not a claim kind"))?;
            json!(k)
        }
        ClaimField::Count => {
            let (min, max) = (whole("from", &f.min)?, whole("to", &f.max)?);
            match (min, max) {
                (None, None) => Value::Null,
                (Some(a), Some(b)) if a > b => {
                    return Err(format!(
                        "the count runs from {a} to {b}: the first figure must not be larger"
                    ));
                }
                _ => json!({"min": min, "max": max, "approx": approx}),
            }
        }
        ClaimField::Money => {
            let (min, max) = (whole("amount from", &f.min)?, whole("amount to", &f.max)?);
            match (min, max) {
                (None, None) => Value::Null,
                (Some(a), Some(b)) if a > b => {
                    return Err(format!(
                        "the amount runs from {a} to {b}: the first figure must not be larger"
                    ));
                }
                _ => {
                    let cur = given(&f.currency).unwrap_or("USD");
                    Currency::parse(cur).ok_or_else(|| format!("“{cur}” is not a currency tally knows"))?;
                    let per = match given(&f.per) {
                        Some("worker") => json!("worker"),
                        None => Value::Null,
                        Some(o) => return Err(format!("per: “{o}” is not worker or total")),
                    };
                    let period = match given(&f.period) {
                        None => Value::Null,
                        Some(p @ ("month" | "year" | "day")) => json!(p),
                        Some(o) => return Err(format!("period: “{o}” is not month, year or day")),
                    };
                    json!({"min": min, "max": max, "approx": approx, "currency": cur, "per": per, "period": period})
                }
            }
        }
        ClaimField::Round => match whole("round", &f.n)? {
            None => Value::Null,
            Some(n) if n > 100 => return Err(format!("round {n}: rounds are numbered from 1 and are few")),
            Some(n) => json!(n),
        },
        ClaimField::Destination | ClaimField::Origin => {
            let country = match given(&f.country) {
                None => None,
                Some(c) => {
                    let up = c.to_ascii_uppercase();
                    tally_core::CountryCode::new(&up).ok_or_else(|| {
                        format!("country: “{c}” is not a two-letter ISO 3166 code such as RU")
                    })?;
                    Some(up)
                }
            };
            let region = given(&f.region).map(str::to_owned);
            let place = if country.is_none() && region.is_none() {
                Value::Null
            } else {
                json!({"country": country, "region": region})
            };
            if field == ClaimField::Origin {
                if place.is_null() { json!([]) } else { json!([place]) }
            } else {
                place
            }
        }
        ClaimField::Time => {
            let back = "";
            let start = crate::pages::date_field("from", &f.start, back).map_err(|e| e.to_string())?;
            let end = crate::pages::date_field("to", &f.end, back).map_err(|e| e.to_string())?;
            match (start, end) {
                (None, None) => Value::Null,
                (Some(s), Some(e)) if s > e => {
                    return Err(format!("the time runs from {s} to {e}: it must not end before it starts"));
                }
                (Some(s), Some(e)) => json!({"text": given(&f.text).unwrap_or(""), "start": s, "end": e}),
                _ => return Err("give both dates of the time range, or neither".into()),
            }
        }
        ClaimField::Organisations | ClaimField::LegalRefs => {
            let items: Vec<&str> = given(&f.list)
                .unwrap_or("")
                .split([';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            json!(items)
        }
        ClaimField::Source => {
            let t = given(&f.source_type).ok_or("choose a source type")?;
            SourceType::parse(t).ok_or_else(|| format!("“{t}” is not a source type"))?;
            json!({"type": t, "text": given(&f.text).unwrap_or("")})
        }
        ClaimField::Purpose => given(&f.text).map_or(Value::Null, |t| json!(t)),
        ClaimField::Teams => {
            let (n, size) = (whole("teams", &f.min)?, whole("people per team", &f.max)?);
            let c = |v: Option<u64>, a: bool| v.map(|x| json!({"min": x, "max": x, "approx": a}));
            if n.is_none() && size.is_none() {
                Value::Null
            } else {
                json!({"count": c(n, false), "size": c(size, approx)})
            }
        }
    };
    Ok((field, value))
}

async fn correct(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<String>,
    Form(f): Form<CorrectForm>,
) -> Result<Response> {
    let claim = claim_id(&id)?;
    let (field, value) = match correction_value(&f) {
        Ok(v) => v,
        Err(message) => {
            let back = state
                .db({
                    let c = claim.clone();
                    move |s| back_to(s, &c)
                })
                .await?;
            return Err(AppError::bad_form(message, back));
        }
    };
    let note = given(&f.note).unwrap_or("").to_owned();
    let (_, _, back) =
        review(&state, session.name(), claim, ReviewAction::Correct { field, value }, note).await?;
    Ok(Redirect::to(&back).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_mark_every_piece_with_its_claims() {
        let text = "Six teams. About 300 people.";
        let html = highlighted(text, &[("c-1", 0, 10, false), ("c-2", 4, 28, true)]).into_string();
        assert!(
            html.starts_with(
                r##"<mark data-claims="c-1"><a href="#card-c-1" data-claim="c-1">Six </a></mark>"##
            ),
            "{html}"
        );
        assert!(html.contains(r#"data-claims="c-1 c-2""#));
        assert!(html.contains(r#"<mark class="rejected" data-claims="c-2">"#));
        assert!(html.contains("About 300 people."));
    }

    #[test]
    fn correction_forms_become_claims_md_values_or_say_what_is_wrong() {
        let f = CorrectForm {
            field: Some("count".into()),
            min: Some("1,100".into()),
            max: Some("1300".into()),
            ..Default::default()
        };
        assert_eq!(
            correction_value(&f).unwrap(),
            (ClaimField::Count, json!({"min": 1100, "max": 1300, "approx": false}))
        );
        let bad = CorrectForm { field: Some("count".into()), min: Some("lots".into()), ..Default::default() };
        assert_eq!(correction_value(&bad).unwrap_err(), "from: “lots” is not a whole number");
        let inverted = CorrectForm {
            field: Some("count".into()),
            min: Some("9".into()),
            max: Some("1".into()),
            ..Default::default()
        };
        assert!(correction_value(&inverted).unwrap_err().contains("must not be larger"));
        let place = CorrectForm {
            field: Some("destination".into()),
            country: Some("ru".into()),
            region: Some("Amur".into()),
            ..Default::default()
        };
        assert_eq!(correction_value(&place).unwrap().1, json!({"country": "RU", "region": "Amur"}));
        let bad_country = CorrectForm {
            field: Some("destination".into()),
            country: Some("Russia".into()),
            ..Default::default()
        };
        assert!(correction_value(&bad_country).unwrap_err().contains("two-letter"));
        assert!(
            correction_value(&CorrectForm { field: Some("evidence".into()), ..Default::default() }).is_err()
        );
    }
}
