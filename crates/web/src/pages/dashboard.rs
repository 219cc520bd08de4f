//! The dashboard: headline estimates with their intervals (the latest year of each
//! destination), the newest documents, and the events that need an analyst's eye (those
//! with contradictions, then those none of whose claims has been reviewed).

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, html};
use tally_core::corroborate::{By, EstimateOptions, Measure, PeriodUnit, estimate};
use tally_store::browse::DocQuery;
use tally_store::{Browse, Store};

use crate::auth::Session;
use crate::layout::{self, count_of, num};
use crate::{AppState, Result, ledger};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

/// Figure text: "1,100 – 1,200 – 1,300" (low, best, high), or "none reported".
pub fn interval_text(v: Option<tally_core::corroborate::Interval>) -> String {
    match v {
        None => "none reported".into(),
        Some(i) => match i.high() {
            Some(h) if h == i.low() => num(h),
            Some(h) => format!("{}–{} (best {})", num(i.low()), num(h), num(i.best())),
            None => format!("at least {} (best {})", num(i.low()), num(i.best())),
        },
    }
}

/// Link to the claims a figure rests on.
pub fn claims_href(ids: &[tally_core::corroborate::ClaimId]) -> String {
    let ids: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
    format!("/claims?ids={}", ids.join(","))
}

async fn dashboard(State(state): State<AppState>, session: Session) -> Result<Markup> {
    let (recent, counts) =
        state.db(|s| Ok((s.find_documents(&DocQuery::default(), 8)?, s.counts()?))).await?;
    let ledger = ledger::current(&state).await?;
    let figures = estimate(&ledger.corr, &EstimateOptions { by: By::Country, period: PeriodUnit::Year });
    // The latest period of each destination.
    let mut latest: std::collections::BTreeMap<String, chrono::NaiveDate> = Default::default();
    for f in &figures {
        let key = layout::place_label(&f.destination);
        let e = latest.entry(key).or_insert(f.period.0);
        if f.period.0 > *e {
            *e = f.period.0;
        }
    }
    let headline: Vec<_> = figures
        .iter()
        .filter(|f| {
            f.value.is_some() && latest.get(&layout::place_label(&f.destination)) == Some(&f.period.0)
        })
        .collect();
    let mut needing: Vec<_> = ledger
        .corr
        .views()
        .filter(|v| {
            !v.contradictions.is_empty()
                || v.claims.iter().all(|c| !ledger.reviews.contains_key(c.id.as_str()))
        })
        .map(|v| {
            (v.contradictions.len(), v.claims.len(), v.id.to_string(), v.title.clone(), v.grade.to_string())
        })
        .collect();
    needing.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    needing.truncate(10);
    let body = html! {
        h1 { "Dashboard" }
        p class="muted" {
            (count_of(counts.documents as usize, "document", "documents")) ", "
            (count_of(counts.claims as usize, "claim", "claims")) ", "
            (count_of(ledger.corr.event_count(), "event", "events")) "."
        }
        h2 { "Headline estimates" }
        @if headline.is_empty() {
            p { "No figures yet: ingest reports with claims about workers." }
        } @else {
            div class="table-wrap" {
                table {
                    caption class="muted" { "Latest year of each destination; intervals are low–high with the best reading." }
                    thead { tr { th scope="col" { "Destination" } th scope="col" { "Period" } th scope="col" { "Measure" } th scope="col" class="num" { "Figure" } th scope="col" { "Evidence" } } }
                    tbody {
                        @for f in &headline {
                            tr {
                                td { (layout::place_label(&f.destination)) }
                                td { (f.period.0.format("%Y")) }
                                td {
                                    (f.measure.as_str().replace('_', " "))
                                    @if f.potential { " (potential)" }
                                }
                                td class="num" {
                                    @if f.measure == Measure::RevenueUsdPerMonth { "USD " }
                                    (interval_text(f.value))
                                }
                                td { a href=(claims_href(&f.claims)) { (count_of(f.claims.len(), "claim", "claims")) } }
                            }
                        }
                    }
                }
            }
            p { a href="/estimates" { "All estimates, as charts" } " · " a href="/map" { "Map" } }
        }
        div class="side-by-side" {
            section {
                h2 { "Recent documents" }
                ul {
                    @for d in &recent {
                        li {
                            a href=(format!("/documents/{}", d.id)) { (d.title.clone().unwrap_or_else(|| d.id.to_string())) }
                            span class="muted" { " — " (d.outlet.clone().unwrap_or_default()) " " (d.published.map(|p| p.to_string()).unwrap_or_default()) ", " (count_of(d.claims as usize, "claim", "claims")) }
                        }
                    }
                }
                p { a href="/documents" { "All documents" } }
            }
            section {
                h2 { "Events needing review" }
                @if needing.is_empty() { p { "None." } }
                ul {
                    @for (contra, claims, id, title, grade) in &needing {
                        li {
                            a href=(format!("/events/{id}")) { (title) }
                            span class="muted" {
                                " [" (grade) "] " (count_of(*claims, "claim", "claims"))
                                @if *contra > 0 { ", " strong { (count_of(*contra, "contradiction", "contradictions")) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page("Dashboard", &session, "/", body))
}
