//! Contradictions: figures within one event that cannot both be true.
//!
//! Two claims contradict when they come from different documents, state the same quantity
//! (people of the same kind family — and, for entry statistics, the same purpose — or money
//! per worker per month in the same currency) and their ranges do not overlap even after an
//! approximate figure ("about 300") is allowed 10% either way. A document's own figures are
//! a breakdown (a month, a day, a total), not a disagreement, so they are never compared
//! with each other. Contradictions are shown with both quotes and both sources; they are
//! never resolved here.
//!
//! It does not decide which claims form an event (see `events`) or what a contradiction does
//! to a grade (see `grade`).

use serde::Serialize;

use super::events::Family;
use super::independence::RootSource;
use super::interval::Interval;
use super::{ClaimId, ClaimRecord};
use crate::{Claim, Currency, Per};

/// How far either way an approximate figure may be from its stated value before another
/// figure contradicts it.
pub const APPROX_MARGIN: f64 = 0.10;

/// Most claims with figures compared within one event, and most contradictions reported
/// for it: beyond these an event is a data problem to fix, not a list to read.
pub const MAX_COMPARED: usize = 500;
pub const MAX_REPORTED: usize = 50;

/// The quantity two figures must share to contradict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "quantity")]
pub enum Quantity {
    /// People, of claims of one kind family (and one purpose, for entry statistics).
    Workers { family: Family, purpose: Option<String> },
    /// Money per worker per month.
    EarningsPerWorkerMonth { currency: Currency },
    /// A total amount of money per period.
    Revenue { currency: Currency },
}

/// One side of a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub claim: ClaimId,
    pub low: f64,
    pub high: Option<f64>,
    pub quote: String,
    pub source: String,
}

/// Two claims of one event whose figures cannot both be true.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contradiction {
    #[serde(flatten)]
    pub quantity: Quantity,
    pub a: Side,
    pub b: Side,
    #[serde(skip)]
    pub a_root: RootSource,
    #[serde(skip)]
    pub b_root: RootSource,
}

fn reading(c: &Claim) -> Option<(Quantity, Interval)> {
    if let Some(count) = &c.count {
        let q = Quantity::Workers { family: Family::of(c.kind), purpose: c.purpose.clone() };
        return Some((q, widen(Interval::from_count(count), count.approx())));
    }
    let m = c.money.as_ref()?;
    let i = Interval::from_bounds(m.min(), m.max());
    match m.per() {
        Some(Per::Worker) => {
            let k = m.period()?.per_month_factor();
            Some((
                Quantity::EarningsPerWorkerMonth { currency: m.currency() },
                widen(i.scale(k)?, m.approx()),
            ))
        }
        None => {
            let k = m.period().map_or(1.0, |p| p.per_month_factor());
            Some((Quantity::Revenue { currency: m.currency() }, widen(i.scale(k)?, m.approx())))
        }
    }
}

fn widen(i: Interval, approx: bool) -> Interval {
    if !approx {
        return i;
    }
    let low = i.low() * (1.0 - APPROX_MARGIN);
    let high = i.high().map(|h| h * (1.0 + APPROX_MARGIN));
    Interval::new(low, i.best(), high).unwrap_or(i)
}

/// The contradictions among an event's claims, each claim given with its root source.
pub fn find(claims: &[(&ClaimRecord, &RootSource)]) -> Vec<Contradiction> {
    let readings: Vec<(usize, Quantity, Interval)> = claims
        .iter()
        .enumerate()
        .filter_map(|(i, (c, _))| reading(&c.claim).map(|(q, r)| (i, q, r)))
        .take(MAX_COMPARED)
        .collect();
    let mut out = Vec::new();
    for (x, (i, qi, ri)) in readings.iter().enumerate() {
        for (j, qj, rj) in &readings[x + 1..] {
            let (ci, cj) = (claims[*i], claims[*j]);
            if ci.0.document == cj.0.document || qi != qj || ri.overlaps(rj) {
                continue;
            }
            let side = |(c, root): (&ClaimRecord, &RootSource)| {
                let stated = reading(&c.claim).map(|(_, r)| r);
                let raw = match (&c.claim.count, stated) {
                    (Some(count), _) => Interval::from_count(count),
                    (None, Some(r)) => widen_back(r, &c.claim),
                    (None, None) => Interval::ZERO,
                };
                Side {
                    claim: c.id.clone(),
                    low: raw.low(),
                    high: raw.high(),
                    quote: c.claim.evidence.quote.clone(),
                    source: root.label(),
                }
            };
            out.push(Contradiction {
                quantity: qi.clone(),
                a: side(ci),
                b: side(cj),
                a_root: ci.1.clone(),
                b_root: cj.1.clone(),
            });
            if out.len() >= MAX_REPORTED {
                return out;
            }
        }
    }
    out
}

/// The stated money figure per month, without the approximation margin.
fn widen_back(r: Interval, c: &Claim) -> Interval {
    c.money
        .as_ref()
        .and_then(|m| {
            let k = m.period().map_or(1.0, |p| p.per_month_factor());
            Interval::from_bounds(m.min(), m.max()).scale(k)
        })
        .unwrap_or(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Count, Evidence, Kind, Source, SourceType};

    fn rec(id: &str, doc: &str, kind: Kind, count: Count) -> ClaimRecord {
        ClaimRecord {
            id: ClaimId::new(id),
            document: super::super::DocId::new(doc),
            claim: Claim {
                kind,
                count: Some(count),
                teams: None,
                money: None,
                round: None,
                destination: None,
                origin: vec![],
                time: None,
                organisations: vec![],
                legal_refs: vec![],
                source: Source { kind: SourceType::Unknown, text: String::new() },
                evidence: Evidence { quote: format!("quote {id}"), start: 0, end: 1 },
                purpose: None,
                why: Default::default(),
            },
        }
    }

    fn root(n: &str) -> RootSource {
        RootSource::Named { name: n.into() }
    }

    #[test]
    fn non_overlapping_figures_from_two_documents_contradict() {
        let a = rec("c-a", "d-1", Kind::StockEstimate, Count::exact(2500));
        let b = rec("c-b", "d-2", Kind::StockEstimate, Count::exact(6000));
        let (ra, rb) = (root("AP"), root("Chosun"));
        let found = find(&[(&a, &ra), (&b, &rb)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].a.claim.as_str(), "c-a");
        assert_eq!(found[0].b.low, 6000.0);
        assert_eq!(found[0].b.quote, "quote c-b");
        assert_eq!(found[0].a.source, "AP");
    }

    #[test]
    fn approximate_figures_within_ten_percent_agree() {
        let a = rec("c-a", "d-1", Kind::SelectionRound, Count::about(300));
        let b = rec("c-b", "d-2", Kind::DispatchPlanned, Count::about(320));
        let r = root("x");
        assert!(find(&[(&a, &r), (&b, &r)]).is_empty());
        let c = rec("c-c", "d-2", Kind::DispatchPlanned, Count::exact(320));
        let d = rec("c-d", "d-1", Kind::DispatchPlanned, Count::exact(300));
        assert_eq!(find(&[(&c, &r), (&d, &r)]).len(), 1);
    }

    #[test]
    fn one_documents_breakdown_and_different_quantities_never_contradict() {
        let month = rec("c-1", "d-1", Kind::Repatriation, Count::exact(4000));
        let day = rec("c-2", "d-1", Kind::Repatriation, Count::exact(200));
        let stock = rec("c-3", "d-2", Kind::StockEstimate, Count::exact(9));
        let r = root("x");
        assert!(find(&[(&month, &r), (&day, &r), (&stock, &r)]).is_empty());
        let open = rec("c-4", "d-3", Kind::Repatriation, Count::new(Some(1000), None, true).unwrap());
        assert!(find(&[(&month, &r), (&open, &r)]).is_empty());
    }
}
