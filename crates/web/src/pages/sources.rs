//! Sources and their reliability grades on the Admiralty scale: each root source the
//! ledger's claims rest on, its grade and where the grade comes from (the default for the
//! outlet or institution, the default for the source type, or an analyst's override with who,
//! when and why); and the form to override a grade, recorded as `tally grade` records it,
//! plus an audit entry.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;
use tally_core::corroborate::grade::{GradeOrigin, canonical_source};
use tally_core::corroborate::{Grade, GradeOverride};
use tally_store::audit::NewAuditEntry;
use tally_store::{AuditLog, EventStore};

use crate::auth::{Editor, Session};
use crate::layout;
use crate::pages::given;
use crate::{AppError, AppState, Result, ledger};

pub fn router() -> Router<AppState> {
    Router::new().route("/sources", get(list)).route("/sources/grade", post(grade))
}

async fn list(State(state): State<AppState>, session: Session) -> Result<Markup> {
    let ledger = ledger::current(&state).await?;
    let overrides = state.db(|s| Ok(s.grade_overrides()?)).await?;
    let corr = &ledger.corr;
    let mut stats: BTreeMap<String, (usize, std::collections::BTreeSet<String>)> = BTreeMap::new();
    for c in corr.claims() {
        let root = corr.claim_root(c);
        let name = root.named().unwrap_or("unknown").to_owned();
        let e = stats.entry(name).or_default();
        e.0 += 1;
        e.1.insert(c.document.to_string());
    }
    let rows: Vec<(String, Grade, GradeOrigin, usize, usize)> = stats
        .into_iter()
        .map(|(name, (claims, docs))| {
            let (g, o) =
                corr.grades().grade(&tally_core::corroborate::RootSource::Named { name: name.clone() });
            (name, g, o, claims, docs.len())
        })
        .collect();
    let body = html! {
        h1 { "Sources" }
        p class="muted" { "Reliability A (completely reliable) to F (cannot be judged); credibility 1 (confirmed) to 6 (cannot be judged)." }
        div class="table-wrap" {
            table {
                thead { tr { th scope="col" { "Source" } th scope="col" { "Grade" } th scope="col" { "Why this grade" } th scope="col" class="num" { "Claims" } th scope="col" class="num" { "Documents" } } }
                tbody {
                    @for (name, g, origin, claims, docs) in &rows {
                        tr {
                            td { (name) }
                            td { strong { (g) } }
                            td {
                                @match origin {
                                    GradeOrigin::Named => "default for this source",
                                    GradeOrigin::SourceType(t) => { "default for " (t.as_str().replace('_', " ")) },
                                    GradeOrigin::Override(o) => { "set by " (o.who) " on " (o.when) ": “" (o.why) "”" },
                                }
                            }
                            td class="num" { (claims) }
                            td class="num" { (docs) }
                        }
                    }
                }
            }
        }
        h2 { "Overrides" }
        @if overrides.is_empty() { p { "No analyst has overridden a grade." } } @else {
            p class="muted" { "Every override stays on record; the latest for a source is in force." }
            div class="table-wrap" {
                table {
                    thead { tr { th scope="col" { "Source" } th scope="col" { "Grade" } th scope="col" { "Who" } th scope="col" { "When" } th scope="col" { "Why" } } }
                    tbody {
                        @for o in overrides.iter().rev() {
                            tr { td { (o.source) } td { strong { (o.grade) } } td { (o.who) } td { (o.when) } td { (o.why) } }
                        }
                    }
                }
            }
        }
        @if session.can_edit() {
            h2 { "Override a grade" }
            form method="post" action="/sources/grade" class="inline" {
                (layout::csrf_field(&session))
                label { "Source (an outlet, institution or source type)" input type="text" name="source" required list="source-names"; }
                datalist id="source-names" { @for r in &rows { option value=(r.0) {} } }
                label { "Grade (e.g. B2)" input type="text" name="grade" required size="3" maxlength="2"; }
                label { "Why" input type="text" name="why" required; }
                button type="submit" { "Set grade" }
            }
        }
    };
    Ok(layout::page("Sources", &session, "/sources", body))
}

#[derive(Debug, Default, Deserialize)]
pub struct GradeForm {
    source: Option<String>,
    grade: Option<String>,
    why: Option<String>,
}

/// Records a grade override as `who` with its audit entry (blocking).
pub fn set_grade(
    s: &mut tally_store::SqliteStore,
    who: &str,
    source: &str,
    grade: &str,
    why: &str,
) -> Result<GradeOverride> {
    let back = "/sources";
    let grade: Grade = grade
        .trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|e: tally_core::corroborate::Error| AppError::bad_form(e.to_string(), back))?;
    let why = why.trim();
    if why.is_empty() {
        return Err(AppError::bad_form("say why (the reason goes to the audit log)", back));
    }
    let name = match canonical_source(source) {
        Some(n) => n,
        None => {
            let l = ledger::build(s)?;
            let wanted = source.trim().to_lowercase();
            l.corr
                .claims()
                .iter()
                .map(|c| l.corr.claim_root(c))
                .find_map(|r| r.named().filter(|n| n.to_lowercase() == wanted).map(str::to_owned))
                .ok_or_else(|| {
                    AppError::bad_form(
                        format!(
                            "“{}” is not a source the ledger knows; pick one from the list",
                            source.trim()
                        ),
                        back,
                    )
                })?
        }
    };
    let o = GradeOverride {
        source: name.clone(),
        grade,
        who: who.to_owned(),
        when: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        why: why.to_owned(),
    };
    s.record_grade_override(&o)?;
    s.append_audit(&NewAuditEntry {
        actor: who,
        action: "source.grade",
        target: &format!("source:{name}"),
        detail: serde_json::json!({"grade": grade.to_string(), "why": why}),
    })?;
    Ok(o)
}

async fn grade(
    State(state): State<AppState>,
    Editor(session): Editor,
    Form(f): Form<GradeForm>,
) -> Result<Response> {
    let source = given(&f.source)
        .ok_or_else(|| AppError::bad_form("name the source to grade", "/sources"))?
        .to_owned();
    let grade =
        given(&f.grade).ok_or_else(|| AppError::bad_form("give a grade such as B2", "/sources"))?.to_owned();
    let why = given(&f.why).unwrap_or("").to_owned();
    let who = session.name().to_owned();
    state.db(move |s| set_grade(s, &who, &source, &grade, &why)).await?;
    Ok(Redirect::to("/sources").into_response())
}
