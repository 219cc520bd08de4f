//! Estimates: workers and revenue by destination and period, as intervals, each resting on
//! named claims.
//!
//! For each event of the recruitment, dispatch and stock families it reconciles the event's
//! figures into one interval ([`Interval::consensus`]: the most conservative low, the
//! highest stated high, the median best — never a sum), then adds the events of one
//! destination and period (round 1 plus round 2). Workers present are snapshots, so they do
//! not add up: a period takes its latest snapshot. Revenue is workers × earnings per worker
//! per month, by interval arithmetic, for the events whose earnings are known, and is
//! labelled *potential* where the workers are only selected or planned.
//!
//! Decisions (written down in docs/METHOD.md):
//! - Which earnings apply to which workers: an `earnings_target` in USD per worker applies
//!   to a worker event when it belongs to that event, or when it comes from a document that
//!   also states the event's figures, names no other destination, and is not part of
//!   another worker event. The founding report's "USD 600 to 700 a month from each worker"
//!   names no destination, so it applies to both of its rounds.
//! - A copy is used only when its original is absent: within an event, the claims of a
//!   document derived from another document of the same event are left out of the figure
//!   (they are listed as derived), so ingesting a re-post changes no number.
//! - One document's figures for distinct origins ("about 100 from Chongjin", "80 in
//!   Hyesan") are parts of one figure and add up; figures of different documents never do.
//! - Amounts in currencies other than USD are listed in the event but not converted: an
//!   exchange rate is a claim of its own, and tally makes none.
//!
//! It does not cluster (see `events`) and knows no output format (the CLI renders figures).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::events::{Corroboration, Family, common_place};
use super::independence::{FirstLink, Independence};
use super::interval::Interval;
use super::{ClaimId, ClaimRecord, EventId, par_map};
use crate::{CountryCode, Currency, Kind, Per, Place};

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    SelectedOrPlanned,
    Dispatched,
    Present,
    RevenueUsdPerMonth,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::SelectedOrPlanned => "selected_or_planned",
            Measure::Dispatched => "dispatched",
            Measure::Present => "present",
            Measure::RevenueUsdPerMonth => "revenue_usd_per_month",
        }
    }
    fn of(family: Family) -> Option<Measure> {
        match family {
            Family::Recruitment => Some(Measure::SelectedOrPlanned),
            Family::Dispatch => Some(Measure::Dispatched),
            Family::Stock => Some(Measure::Present),
            _ => None,
        }
    }
    const WORKERS: [Measure; 3] = [Measure::SelectedOrPlanned, Measure::Dispatched, Measure::Present];
}

/// How destinations are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    #[default]
    Country,
    Region,
}

/// How time is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodUnit {
    #[default]
    Year,
    Quarter,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EstimateOptions {
    pub by: By,
    pub period: PeriodUnit,
}

/// One figure of the estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub destination: Place,
    pub period: (NaiveDate, NaiveDate),
    pub measure: Measure,
    /// True where the figure rests on workers only selected or planned.
    pub potential: bool,
    /// For revenue: the worker measure it multiplies.
    pub basis: Option<Measure>,
    /// `None`: no claim reports this measure for this destination and period.
    pub value: Option<Interval>,
    pub claims: Vec<ClaimId>,
    pub events: Vec<EventId>,
    pub notes: Vec<String>,
}

fn period_of(d: NaiveDate, unit: PeriodUnit) -> (NaiveDate, NaiveDate) {
    let (y, m) = (d.year(), d.month());
    let (start_m, months) = match unit {
        PeriodUnit::Year => (1, 12),
        PeriodUnit::Quarter => ((m - 1) / 3 * 3 + 1, 3),
        PeriodUnit::Month => (m, 1),
    };
    let start = NaiveDate::from_ymd_opt(y, start_m, 1).unwrap_or(d);
    let next = start.checked_add_months(chrono::Months::new(months)).unwrap_or(start);
    (start, next.pred_opt().unwrap_or(start))
}

#[derive(Default)]
struct Agg<'a> {
    value: Option<Interval>,
    /// For stocks: the anchor date of the snapshot kept.
    latest: Option<NaiveDate>,
    /// Claim indices; sorted by id and deduplicated when the figure is written.
    claims: Vec<u32>,
    events: Vec<&'a EventId>,
    revenue: Option<Interval>,
    revenue_claims: Vec<u32>,
    revenue_events: Vec<&'a EventId>,
    without_earnings: usize,
}

#[derive(Default)]
struct Bucket<'a> {
    regions: BTreeSet<Option<String>>,
    country: Option<CountryCode>,
    region: Option<String>,
    end: Option<NaiveDate>,
    measures: BTreeMap<Measure, Agg<'a>>,
}

/// What one worker event contributes.
struct Contribution {
    value: Interval,
    claims: Vec<u32>,
    earnings: Option<(Interval, Vec<u32>)>,
}

/// USD per worker per month from an earnings claim, if it states one.
fn usd_per_month(c: &ClaimRecord) -> Option<Interval> {
    let m = c.claim.money.as_ref()?;
    if c.claim.kind != Kind::EarningsTarget || m.currency() != Currency::USD || m.per() != Some(Per::Worker) {
        return None;
    }
    Interval::from_bounds(m.min(), m.max()).scale(m.period()?.per_month_factor())
}

fn origin_key(c: &ClaimRecord) -> Option<String> {
    let o = c.claim.origin.first()?;
    o.region.as_ref().map(|r| r.to_lowercase()).or_else(|| o.country.map(|c| c.to_string()))
}

/// Claim ids in id order without repeats, as a set of ids would list them.
fn ids(corr: &Corroboration, mut claims: Vec<u32>) -> Vec<ClaimId> {
    claims.sort_unstable_by(|&a, &b| corr.claim_at(a).id.cmp(&corr.claim_at(b).id));
    claims.dedup_by(|a, b| corr.claim_at(*a).id == corr.claim_at(*b).id);
    claims.into_iter().map(|ci| corr.claim_at(ci).id.clone()).collect()
}

/// The estimate over every event of `corr`.
pub fn estimate(corr: &Corroboration, opts: &EstimateOptions) -> Vec<Figure> {
    let claims = corr.claims();
    let mut earnings_by_doc: Vec<Vec<u32>> = vec![Vec::new(); corr.doc_count()];
    for (ci, c) in claims.iter().enumerate() {
        if usd_per_month(c).is_some() {
            earnings_by_doc[corr.doc_of(ci as u32) as usize].push(ci as u32);
        }
    }
    let mut buckets: BTreeMap<(Option<CountryCode>, Option<String>, NaiveDate), Bucket<'_>> = BTreeMap::new();

    // What each worker event contributes depends on that event alone, so it is worked out
    // on all cores; the sums below run in event order, so the figures do not depend on the
    // number of threads.
    let live: Vec<(&EventId, Measure, &[u32])> = corr
        .live()
        .filter_map(|(id, family, members)| Measure::of(family).map(|m| (id, m, members)))
        .collect();
    let contributions = par_map(&live, |&(_, _, members)| {
        let contribution = contribute(corr, members, &earnings_by_doc)?;
        let when = corr.event_window(members)?;
        let member_claims: Vec<&ClaimRecord> = members.iter().map(|&ci| corr.claim_at(ci)).collect();
        let place = common_place(&member_claims).unwrap_or(Place { country: None, region: None });
        Some((contribution, when, place))
    });
    for (&(id, measure, _), contribution) in live.iter().zip(contributions) {
        let Some((contribution, when, place)) = contribution else { continue };
        let (start, end) = period_of(when.start, opts.period);
        let key = match (opts.by, place.country) {
            (By::Country, Some(c)) => (Some(c), None),
            (By::Country, None) => (None, place.region.clone()),
            (By::Region, c) => (c, place.region.clone()),
        };
        let bucket = buckets.entry((key.0, key.1.clone(), start)).or_default();
        bucket.country = key.0;
        bucket.region = key.1;
        bucket.end = Some(end);
        bucket.regions.insert(place.region.clone());
        let agg = bucket.measures.entry(measure).or_default();
        let revenue = contribution.earnings.as_ref().map(|(e, _)| contribution.value.mul(e));
        if measure == Measure::Present {
            // Snapshots replace each other; the latest in the period stands.
            match agg.latest {
                Some(l) if l > when.start => continue,
                Some(l) if l == when.start => {
                    agg.value = agg.value.and_then(|v| Interval::consensus(&[v, contribution.value]));
                }
                _ => {
                    agg.value = Some(contribution.value);
                    agg.claims.clear();
                    agg.events.clear();
                    agg.revenue = None;
                    agg.revenue_claims.clear();
                    agg.revenue_events.clear();
                    agg.without_earnings = 0;
                }
            }
            agg.latest = Some(when.start);
        } else {
            agg.value = Some(agg.value.map_or(contribution.value, |v| v.add(&contribution.value)));
        }
        agg.claims.extend_from_slice(&contribution.claims);
        agg.events.push(id);
        match (revenue, contribution.earnings) {
            (Some(r), Some((_, earnings_claims))) => {
                agg.revenue = Some(agg.revenue.map_or(r, |v| v.add(&r)));
                agg.revenue_claims.extend_from_slice(&contribution.claims);
                agg.revenue_claims.extend(earnings_claims);
                agg.revenue_events.push(id);
            }
            _ => agg.without_earnings += 1,
        }
    }

    let mut out = Vec::new();
    for ((_, _, start), b) in buckets {
        let region = match (b.country, &b.region) {
            (_, Some(r)) => Some(r.clone()),
            (Some(_), None) if b.regions.len() == 1 => b.regions.iter().next().cloned().flatten(),
            _ => None,
        };
        let destination = Place { country: b.country, region };
        let period = (start, b.end.unwrap_or(start));
        let mut measures = b.measures;
        for m in Measure::WORKERS {
            let agg = measures.get_mut(&m);
            let mut notes = Vec::new();
            if agg.is_none() {
                notes.push("none reported".to_owned());
            }
            let snapshot = agg.as_ref().is_some_and(|a| a.latest.is_some());
            if m == Measure::Present && snapshot {
                notes.push("workers present are snapshots: the latest in the period stands".to_owned());
            }
            let (value, claims, events) = match agg {
                Some(a) => (
                    a.value,
                    ids(corr, std::mem::take(&mut a.claims)),
                    a.events.iter().map(|&e| e.clone()).collect(),
                ),
                None => (None, Vec::new(), Vec::new()),
            };
            out.push(Figure {
                destination: destination.clone(),
                period,
                measure: m,
                potential: m == Measure::SelectedOrPlanned,
                basis: None,
                value,
                claims,
                events,
                notes,
            });
        }
        for m in Measure::WORKERS {
            let Some(agg) = measures.get_mut(&m) else { continue };
            let Some(rev) = agg.revenue else { continue };
            let mut notes = Vec::new();
            if m == Measure::SelectedOrPlanned {
                notes.push("potential: the workers are selected or planned, not reported sent".to_owned());
            }
            if agg.without_earnings > 0 {
                notes.push(format!(
                    "covers {} of {} events; the others state no earnings in USD per worker",
                    agg.revenue_events.len(),
                    agg.revenue_events.len() + agg.without_earnings
                ));
            }
            out.push(Figure {
                destination: destination.clone(),
                period,
                measure: Measure::RevenueUsdPerMonth,
                potential: m == Measure::SelectedOrPlanned,
                basis: Some(m),
                value: Some(rev),
                claims: ids(corr, std::mem::take(&mut agg.revenue_claims)),
                events: agg.revenue_events.iter().map(|&e| e.clone()).collect(),
                notes,
            });
        }
    }
    out
}

/// Whether document `doc` of an event copies another document of the same event
/// (`event_docs`, by index): its first link is to one of them, or to a source one of them
/// is an original of.
fn is_copy(ind: &Independence, doc: u32, event_docs: &[u32]) -> bool {
    match ind.first_link_at(doc as usize) {
        Some(FirstLink::Document(d)) => event_docs.contains(&(d as u32)),
        Some(FirstLink::Source(name)) => event_docs.iter().any(|&other| {
            other != doc
                && ind.first_link_at(other as usize).is_none()
                && (ind.root_name_at(other as usize) == name
                    || ind.publisher_at(other as usize) == Some(name))
        }),
        None => false,
    }
}

fn contribute(corr: &Corroboration, members: &[u32], earnings_by_doc: &[Vec<u32>]) -> Option<Contribution> {
    let with_count: Vec<u32> =
        members.iter().copied().filter(|&ci| corr.claim_at(ci).claim.count.is_some()).collect();
    if with_count.is_empty() {
        return None;
    }
    let mut event_docs: Vec<u32> = Vec::new();
    for &ci in members {
        let d = corr.doc_of(ci);
        if !event_docs.contains(&d) {
            event_docs.push(d);
        }
    }
    let ind = corr.independence();
    let copies: Vec<u32> = event_docs.iter().copied().filter(|&d| is_copy(ind, d, &event_docs)).collect();
    let mut used: Vec<u32> =
        with_count.iter().copied().filter(|&ci| !copies.contains(&corr.doc_of(ci))).collect();
    if used.is_empty() {
        used = with_count;
    }
    // The used claims by document, each document's in member order. The readings are
    // reconciled by an order-free rule, so the order of documents does not matter.
    let mut by_doc: Vec<(u32, Vec<u32>)> = Vec::new();
    for &ci in &used {
        let d = corr.doc_of(ci);
        match by_doc.iter_mut().find(|(x, _)| *x == d) {
            Some((_, v)) => v.push(ci),
            None => by_doc.push((d, vec![ci])),
        }
    }
    let mut readings = Vec::new();
    for (_, parts) in &by_doc {
        let origins: Vec<Option<String>> = parts.iter().map(|&ci| origin_key(corr.claim_at(ci))).collect();
        let distinct: BTreeSet<&Option<String>> = origins.iter().collect();
        let counts =
            parts.iter().filter_map(|&ci| corr.claim_at(ci).claim.count.as_ref().map(Interval::from_count));
        if parts.len() > 1 && origins.iter().all(Option::is_some) && distinct.len() == parts.len() {
            readings.push(counts.fold(Interval::ZERO, |a, b| a.add(&b)));
        } else {
            readings.extend(counts);
        }
    }
    let value = Interval::consensus(&readings)?;
    let used_claims: Vec<&ClaimRecord> = used.iter().map(|&ci| corr.claim_at(ci)).collect();
    let country = common_place(&used_claims).and_then(|p| p.country);
    let mut earnings_claims: Vec<u32> =
        members.iter().copied().filter(|&ci| usd_per_month(corr.claim_at(ci)).is_some()).collect();
    for (d, _) in &by_doc {
        for &ci in &earnings_by_doc[*d as usize] {
            let c = corr.claim_at(ci);
            let dest = c.claim.destination.as_ref().and_then(|d| d.country);
            let elsewhere = Measure::of(corr.family_of_event(ci)).is_some() && !members.contains(&ci);
            if !elsewhere && (dest.is_none() || dest == country) && !earnings_claims.contains(&ci) {
                earnings_claims.push(ci);
            }
        }
    }
    let earnings_values: Vec<Interval> =
        earnings_claims.iter().filter_map(|&ci| usd_per_month(corr.claim_at(ci))).collect();
    let earnings = Interval::consensus(&earnings_values).map(|e| (e, earnings_claims));
    Some(Contribution { value, claims: used, earnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_cover_whole_units() {
        assert_eq!(period_of(d("2022-11-15"), PeriodUnit::Year), (d("2022-01-01"), d("2022-12-31")));
        assert_eq!(period_of(d("2022-11-15"), PeriodUnit::Quarter), (d("2022-10-01"), d("2022-12-31")));
        assert_eq!(period_of(d("2024-02-10"), PeriodUnit::Month), (d("2024-02-01"), d("2024-02-29")));
    }
}
