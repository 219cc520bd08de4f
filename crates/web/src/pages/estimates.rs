//! Estimates as pictures: workers by destination over time (one chart per measure —
//! selected or planned, dispatched, present), revenue likewise, each as interval bands with
//! the best reading as a line, every band a link to the claims it rests on; a table of the
//! same figures below each chart. And the map: a bubble per destination country, its area
//! proportional to workers.
//!
//! The map's figure for a country is the latest period's best reading of the firmest
//! measure there is for it: present, else dispatched, else selected or planned (labelled so).

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use maud::{Markup, html};
use serde::Deserialize;
use tally_core::corroborate::{By, EstimateOptions, Figure, Measure, PeriodUnit, estimate};

use crate::auth::Session;
use crate::charts::{self, Band, Bubble};
use crate::layout::{self, place_label};
use crate::pages::dashboard::{claims_href, interval_text};
use crate::pages::given;
use crate::{AppError, AppState, Result, ledger};

pub fn router() -> Router<AppState> {
    Router::new().route("/estimates", get(page)).route("/map", get(map))
}

#[derive(Debug, Default, Deserialize)]
pub struct EstimateQuery {
    pub by: Option<String>,
    pub period: Option<String>,
}

impl EstimateQuery {
    pub fn options(&self) -> Result<EstimateOptions> {
        let by = match given(&self.by) {
            None | Some("country") => By::Country,
            Some("region") => By::Region,
            Some(o) => {
                return Err(AppError::bad_form(
                    format!("group by: “{o}” is not country or region"),
                    "/estimates",
                ));
            }
        };
        let period = match given(&self.period) {
            None | Some("year") => PeriodUnit::Year,
            Some("quarter") => PeriodUnit::Quarter,
            Some("month") => PeriodUnit::Month,
            Some(o) => {
                return Err(AppError::bad_form(
                    format!("period: “{o}” is not year, quarter or month"),
                    "/estimates",
                ));
            }
        };
        Ok(EstimateOptions { by, period })
    }
}

fn measure_title(m: Measure) -> &'static str {
    match m {
        Measure::SelectedOrPlanned => "Workers selected or planned",
        Measure::Dispatched => "Workers reported dispatched",
        Measure::Present => "Workers reported present",
        Measure::RevenueUsdPerMonth => "Revenue, USD a month",
    }
}

fn band(f: &Figure) -> Option<Band> {
    let v = f.value?;
    let place = place_label(&f.destination);
    Some(Band {
        series: place.clone(),
        start: f.period.0,
        end: f.period.1,
        low: v.low(),
        best: v.best(),
        high: v.high(),
        href: claims_href(&f.claims),
        label: format!(
            "{place}, {} … {}: {}{}; {} claims",
            f.period.0,
            f.period.1,
            interval_text(f.value),
            if f.potential { " (potential)" } else { "" },
            f.claims.len()
        ),
    })
}

fn table(figs: &[&Figure]) -> Markup {
    html! {
        div class="table-wrap" {
            table {
                thead { tr { th scope="col" { "Destination" } th scope="col" { "Period" } th scope="col" class="num" { "Low" } th scope="col" class="num" { "Best" } th scope="col" class="num" { "High" } th scope="col" { "Claims" } th scope="col" { "Notes" } } }
                tbody {
                    @for f in figs {
                        tr {
                            td { (place_label(&f.destination)) @if f.potential { " (potential)" } }
                            td { (f.period.0) " … " (f.period.1) }
                            @match f.value {
                                Some(v) => {
                                    td class="num" { (layout::num(v.low())) }
                                    td class="num" { (layout::num(v.best())) }
                                    td class="num" { (v.high().map(layout::num).unwrap_or_else(|| "no bound".into())) }
                                },
                                None => { td colspan="3" { "none reported" } },
                            }
                            td { @if !f.claims.is_empty() { a href=(claims_href(&f.claims)) { (layout::count_of(f.claims.len(), "claim", "claims")) } } }
                            td class="muted" { (f.notes.join("; ")) }
                        }
                    }
                }
            }
        }
    }
}

async fn page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<EstimateQuery>,
) -> Result<Markup> {
    let opts = q.options()?;
    let ledger = ledger::current(&state).await?;
    let figures = estimate(&ledger.corr, &opts);
    let mut sections = Vec::new();
    for m in [Measure::SelectedOrPlanned, Measure::Dispatched, Measure::Present, Measure::RevenueUsdPerMonth]
    {
        let figs: Vec<&Figure> = figures.iter().filter(|f| f.measure == m).collect();
        if figs.iter().all(|f| f.value.is_none()) {
            continue;
        }
        let bands: Vec<Band> = figs.iter().filter_map(|f| band(f)).collect();
        let y = if m == Measure::RevenueUsdPerMonth { "USD a month" } else { "workers" };
        let svg = charts::interval_chart(measure_title(m), y, &bands).map_err(AppError::internal)?;
        sections.push((m, svg, figs));
    }
    let sel = |v: &Option<String>, want: &str, default: bool| given(v).map_or(default, |x| x == want);
    let body = html! {
        h1 { "Estimates" }
        p class="muted" {
            "Intervals: the band runs from the most conservative reading to the highest; the line is the best reading. "
            "Figures within an event are reconciled, never summed; distinct events add up. Each band links to its claims. "
            "Revenue is workers × earnings per worker; it is " em { "potential" } " where the workers are only planned."
        }
        form method="get" action="/estimates" class="inline filters" {
            label { "Group by" select name="by" {
                option value="country" selected[sel(&q.by, "country", true)] { "country" }
                option value="region" selected[sel(&q.by, "region", false)] { "region" }
            } }
            label { "Period" select name="period" {
                option value="year" selected[sel(&q.period, "year", true)] { "year" }
                option value="quarter" selected[sel(&q.period, "quarter", false)] { "quarter" }
                option value="month" selected[sel(&q.period, "month", false)] { "month" }
            } }
            button type="submit" { "Show" }
        }
        @if sections.is_empty() { p { "No figures yet." } }
        @for (m, svg, figs) in &sections {
            section aria-labelledby=(format!("m-{}", m.as_str())) {
                h2 id=(format!("m-{}", m.as_str())) { (measure_title(*m)) }
                div class="chart" id=(format!("chart-{}", m.as_str())) { (layout::svg(svg)) }
                details { summary { "The figures as a table" } (table(figs)) }
            }
        }
    };
    Ok(layout::page("Estimates", &session, "/estimates", body))
}

/// The map's bubbles: per country, the latest period of the firmest measure.
pub fn bubbles(figures: &[Figure]) -> Vec<(Bubble, Measure, (chrono::NaiveDate, chrono::NaiveDate))> {
    let mut best: BTreeMap<String, &Figure> = BTreeMap::new();
    let rank = |m: Measure| match m {
        Measure::Present => 3,
        Measure::Dispatched => 2,
        Measure::SelectedOrPlanned => 1,
        Measure::RevenueUsdPerMonth => 0,
    };
    for f in figures.iter().filter(|f| f.value.is_some() && rank(f.measure) > 0) {
        let Some(c) = f.destination.country else { continue };
        let e = best.entry(c.to_string()).or_insert(f);
        if (rank(f.measure), f.period.0) > (rank(e.measure), e.period.0) {
            *e = f;
        }
    }
    best.into_iter()
        .filter(|(c, _)| charts::knows_country(c))
        .filter_map(|(c, f)| {
            let v = f.value?;
            Some((
                Bubble {
                    country: c.clone(),
                    workers: v.best(),
                    href: claims_href(&f.claims),
                    label: format!(
                        "{}: {} workers {} ({} … {})",
                        place_label(&f.destination),
                        interval_text(f.value),
                        f.measure.as_str().replace('_', " "),
                        f.period.0,
                        f.period.1
                    ),
                },
                f.measure,
                f.period,
            ))
        })
        .collect()
}

async fn map(State(state): State<AppState>, session: Session) -> Result<Markup> {
    let ledger = ledger::current(&state).await?;
    let figures = estimate(&ledger.corr, &EstimateOptions { by: By::Country, period: PeriodUnit::Year });
    let bubbles = bubbles(&figures);
    let only: Vec<Bubble> = bubbles.iter().map(|b| b.0.clone()).collect();
    let svg = charts::world_map("Destinations of North Korean workers, sized by workers", &only)
        .map_err(AppError::internal)?;
    let body = html! {
        h1 { "Map of destinations" }
        p class="muted" { "Each circle's area is proportional to the workers of the latest year with figures (present, else dispatched, else selected or planned). Follow a circle to its claims." }
        div class="chart" id="map" { (layout::svg(&svg)) }
        div class="table-wrap" {
            table {
                thead { tr { th scope="col" { "Country" } th scope="col" { "Workers" } th scope="col" { "Measure" } th scope="col" { "Year" } } }
                tbody {
                    @for (b, m, p) in &bubbles {
                        tr { td { a href=(b.href) { (b.country) } } td { (b.label) } td { (m.as_str().replace('_', " ")) } td { (p.0.format("%Y")) } }
                    }
                }
            }
        }
        p class="muted" { "Country shapes: Natural Earth (public domain), via the world-data crate." }
    };
    Ok(layout::page("Map", &session, "/map", body))
}
