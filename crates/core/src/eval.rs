//! Scoring predicted claims against gold claims, as `CLAIMS.md` says `tally eval` matches.
//!
//! Within a document a prediction matches a gold claim when the kind is the same and the
//! figures agree (equal count ranges, or equal money ranges and currency, or for a sanctions
//! reference a shared legal reference where the gold names one). A gold claim without a
//! figure matches a prediction of its kind with the same destination country. Gold claims
//! with figures are matched first; each claim on either side matches at most once. Ties go
//! to the prediction whose evidence overlaps the gold evidence, then to the one that agrees
//! on more fields. This module scores; reading the corpus from disk is the caller's job.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{Claim, Kind, Lang};

/// A gold claim: a claim plus the real-world event it is about.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldClaim {
    #[serde(flatten)]
    pub claim: Claim,
    #[serde(default)]
    pub event_key: Option<String>,
}

/// `gold.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldFile {
    pub claims: Vec<GoldClaim>,
}

/// One document to score: its gold claims and the predictions for it.
#[derive(Debug, Clone)]
pub struct Scored<'a> {
    pub id: &'a str,
    pub lang: Lang,
    pub negative: bool,
    pub gold: &'a [GoldClaim],
    pub predicted: &'a [Claim],
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn from_counts(gold: usize, predicted: usize, matched: usize) -> Prf {
        let precision = if predicted == 0 {
            if gold == 0 { 1.0 } else { 0.0 }
        } else {
            matched as f64 / predicted as f64
        };
        let recall = if gold == 0 { 1.0 } else { matched as f64 / gold as f64 };
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { gold, predicted, matched, precision, recall, f1 }
    }
}

/// Share of matched pairs that agree on a field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FieldScore {
    pub correct: usize,
    pub total: usize,
    pub accuracy: f64,
}

/// A claim the scorer could not pair, with the words it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Unpaired {
    pub document: String,
    pub kind: Kind,
    pub figure: String,
    pub destination: Option<String>,
    pub sentence: String,
}

/// A matched pair that disagrees on some fields.
#[derive(Debug, Clone, Serialize)]
pub struct FieldMiss {
    pub document: String,
    pub kind: Kind,
    pub figure: String,
    pub field: &'static str,
    pub gold: String,
    pub predicted: String,
    pub sentence: String,
}

/// The whole report of `tally eval`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub documents: usize,
    pub overall: Prf,
    pub by_language: BTreeMap<String, Prf>,
    pub by_kind: BTreeMap<String, Prf>,
    pub fields: BTreeMap<&'static str, FieldScore>,
    /// All fields pooled: correct field values over compared field values.
    pub field_accuracy: FieldScore,
    pub negative_documents: usize,
    pub claims_on_negative_documents: usize,
    pub misses: Vec<Unpaired>,
    pub false_claims: Vec<Unpaired>,
    pub field_misses: Vec<FieldMiss>,
}

impl Report {
    /// Claims per negative document (0 when there are none).
    pub fn negative_rate(&self) -> f64 {
        if self.negative_documents == 0 {
            0.0
        } else {
            self.claims_on_negative_documents as f64 / self.negative_documents as f64
        }
    }
}

/// The fields `tally eval` compares on matched pairs.
pub const FIELDS: [&str; 6] =
    ["destination_country", "time", "organisations", "round", "teams", "source_type"];

fn has_figure(c: &Claim) -> bool {
    c.count.is_some() || c.money.is_some() || (c.kind == Kind::SanctionsReference && !c.legal_refs.is_empty())
}

fn figures_agree(g: &Claim, p: &Claim) -> bool {
    if g.kind != p.kind {
        return false;
    }
    if let Some(gc) = &g.count {
        return p.count.as_ref().is_some_and(|pc| gc.same_range(pc));
    }
    if let Some(gm) = &g.money {
        return p.money.as_ref().is_some_and(|pm| gm.same_range(pm));
    }
    if g.kind == Kind::SanctionsReference && !g.legal_refs.is_empty() {
        return g.legal_refs.iter().any(|r| p.legal_refs.contains(r));
    }
    false
}

fn country(c: &Claim) -> Option<&str> {
    c.destination.as_ref().and_then(|d| d.country.as_ref()).map(|c| c.as_str())
}

fn canonical_orgs(c: &Claim) -> BTreeSet<String> {
    let lx = crate::lexicon::lexicon();
    c.organisations
        .iter()
        .map(|o| lx.canonical_org(o).map(str::to_owned).unwrap_or_else(|| o.clone()))
        .collect()
}

fn field_values(c: &Claim, field: &str) -> String {
    match field {
        "destination_country" => country(c).unwrap_or("null").to_owned(),
        "time" => c.time.as_ref().map_or("null".to_owned(), |t| format!("{}..{}", t.start(), t.end())),
        "organisations" => format!("{:?}", canonical_orgs(c)),
        "round" => c.round.map_or("null".to_owned(), |r| r.to_string()),
        "teams" => c.teams.map_or("null".to_owned(), |t| {
            let f = |x: Option<crate::Count>| {
                x.map_or("-".to_owned(), |c| format!("{:?}..{:?}", c.min(), c.max()))
            };
            format!("{} of {}", f(t.count), f(t.size))
        }),
        "source_type" => c.source.kind.as_str().to_owned(),
        _ => String::new(),
    }
}

fn agreement(g: &Claim, p: &Claim) -> usize {
    FIELDS.iter().filter(|f| field_values(g, f) == field_values(p, f)).count()
}

fn overlaps(g: &Claim, p: &Claim) -> bool {
    g.evidence.start < p.evidence.end && p.evidence.start < g.evidence.end
}

/// Pairs (gold index, predicted index) for one document.
pub fn match_claims(gold: &[Claim], predicted: &[Claim]) -> Vec<(usize, usize)> {
    let mut used = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    let mut pick = |gi: usize, ok: &dyn Fn(&Claim) -> bool, used: &mut Vec<bool>| {
        let g = &gold[gi];
        let best = predicted
            .iter()
            .enumerate()
            .filter(|(pi, p)| !used[*pi] && ok(p))
            .max_by_key(|(pi, p)| (overlaps(g, p), agreement(g, p), std::cmp::Reverse(*pi)))
            .map(|(pi, _)| pi);
        if let Some(pi) = best {
            used[pi] = true;
            pairs.push((gi, pi));
        }
    };
    for gi in (0..gold.len()).filter(|&i| has_figure(&gold[i])) {
        let g = &gold[gi];
        pick(gi, &|p: &Claim| figures_agree(g, p), &mut used);
    }
    for gi in (0..gold.len()).filter(|&i| !has_figure(&gold[i])) {
        let g = &gold[gi];
        pick(gi, &|p: &Claim| p.kind == g.kind && country(p) == country(g), &mut used);
    }
    pairs.sort_unstable();
    pairs
}

fn figure_text(c: &Claim) -> String {
    if let Some(n) = &c.count {
        return format!("{:?}..{:?}{}", n.min(), n.max(), if n.approx() { " ~" } else { "" });
    }
    if let Some(m) = &c.money {
        return format!("{} {:?}..{:?}", m.currency().code(), m.min(), m.max());
    }
    if !c.legal_refs.is_empty() {
        return c.legal_refs.join(", ");
    }
    "-".to_owned()
}

fn unpaired(doc: &str, c: &Claim) -> Unpaired {
    Unpaired {
        document: doc.to_owned(),
        kind: c.kind,
        figure: figure_text(c),
        destination: c.destination.as_ref().map(|d| {
            format!(
                "{}/{}",
                d.country.map_or("-".into(), |c| c.to_string()),
                d.region.clone().unwrap_or_default()
            )
        }),
        sentence: c.evidence.quote.clone(),
    }
}

/// Scores a corpus.
pub fn score(docs: &[Scored<'_>]) -> Report {
    let mut overall = (0, 0, 0);
    let mut by_lang: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut fields: BTreeMap<&'static str, (usize, usize)> = FIELDS.iter().map(|f| (*f, (0, 0))).collect();
    let mut misses = Vec::new();
    let mut false_claims = Vec::new();
    let mut field_misses = Vec::new();
    let (mut neg_docs, mut neg_claims) = (0, 0);
    for d in docs {
        let gold: Vec<Claim> = d.gold.iter().map(|g| g.claim.clone()).collect();
        let pairs = match_claims(&gold, d.predicted);
        if d.negative {
            neg_docs += 1;
            neg_claims += d.predicted.len();
        }
        let l = by_lang.entry(d.lang.code().to_owned()).or_default();
        for t in [&mut overall, l] {
            t.0 += gold.len();
            t.1 += d.predicted.len();
            t.2 += pairs.len();
        }
        for g in &gold {
            by_kind.entry(g.kind.to_string()).or_default().0 += 1;
        }
        for p in d.predicted {
            by_kind.entry(p.kind.to_string()).or_default().1 += 1;
        }
        let matched_g: BTreeSet<usize> = pairs.iter().map(|p| p.0).collect();
        let matched_p: BTreeSet<usize> = pairs.iter().map(|p| p.1).collect();
        for &(gi, pi) in &pairs {
            by_kind.entry(gold[gi].kind.to_string()).or_default().2 += 1;
            for f in FIELDS {
                let (gv, pv) = (field_values(&gold[gi], f), field_values(&d.predicted[pi], f));
                let e = fields.entry(f).or_default();
                e.1 += 1;
                if gv == pv {
                    e.0 += 1;
                } else {
                    field_misses.push(FieldMiss {
                        document: d.id.to_owned(),
                        kind: gold[gi].kind,
                        figure: figure_text(&gold[gi]),
                        field: f,
                        gold: gv,
                        predicted: pv,
                        sentence: d.predicted[pi].evidence.quote.clone(),
                    });
                }
            }
        }
        for (gi, g) in gold.iter().enumerate() {
            if !matched_g.contains(&gi) {
                misses.push(unpaired(d.id, g));
            }
        }
        for (pi, p) in d.predicted.iter().enumerate() {
            if !matched_p.contains(&pi) {
                false_claims.push(unpaired(d.id, p));
            }
        }
    }
    let fs = |(c, t): (usize, usize)| FieldScore {
        correct: c,
        total: t,
        accuracy: if t == 0 { 1.0 } else { c as f64 / t as f64 },
    };
    let pooled = fields.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Report {
        documents: docs.len(),
        overall: Prf::from_counts(overall.0, overall.1, overall.2),
        by_language: by_lang.into_iter().map(|(k, v)| (k, Prf::from_counts(v.0, v.1, v.2))).collect(),
        by_kind: by_kind.into_iter().map(|(k, v)| (k, Prf::from_counts(v.0, v.1, v.2))).collect(),
        fields: fields.into_iter().map(|(k, v)| (k, fs(v))).collect(),
        field_accuracy: fs(pooled),
        negative_documents: neg_docs,
        claims_on_negative_documents: neg_claims,
        misses,
        false_claims,
        field_misses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(json: &str) -> Claim {
        serde_json::from_str(json).unwrap()
    }

    const BASE: &str = r#""source":{"type":"unknown","text":""},"evidence":{"quote":"x","start":0,"end":1}"#;

    #[test]
    fn figures_match_before_figureless_claims() {
        let gold = vec![
            claim(&format!(
                r#"{{"kind":"stock_estimate","destination":{{"country":"RU","region":null}},{BASE}}}"#
            )),
            claim(&format!(
                r#"{{"kind":"stock_estimate","count":{{"min":300,"max":300,"approx":true}},{BASE}}}"#
            )),
        ];
        let pred = vec![
            claim(&format!(
                r#"{{"kind":"stock_estimate","count":{{"min":300,"max":300,"approx":false}},"destination":{{"country":"RU","region":null}},{BASE}}}"#
            )),
            claim(&format!(
                r#"{{"kind":"stock_estimate","destination":{{"country":"RU","region":null}},{BASE}}}"#
            )),
        ];
        // The figured gold takes the figured prediction even though it is listed second;
        // approx does not take part in matching.
        assert_eq!(match_claims(&gold, &pred), vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn sanctions_match_on_a_shared_reference() {
        let gold =
            vec![claim(&format!(r#"{{"kind":"sanctions_reference","legal_refs":["UNSCR 2397"],{BASE}}}"#))];
        let pred = vec![
            claim(&format!(r#"{{"kind":"sanctions_reference","legal_refs":["UNSCR 2375"],{BASE}}}"#)),
            claim(&format!(
                r#"{{"kind":"sanctions_reference","legal_refs":["UNSCR 2375","UNSCR 2397"],{BASE}}}"#
            )),
        ];
        assert_eq!(match_claims(&gold, &pred), vec![(0, 1)]);
    }

    #[test]
    fn scores_precision_recall_fields_and_negatives() {
        let g = vec![GoldClaim {
            claim: claim(&format!(
                r#"{{"kind":"dispatch_planned","count":{{"min":10,"max":10}},"round":2,{BASE}}}"#
            )),
            event_key: None,
        }];
        let p = vec![
            claim(&format!(
                r#"{{"kind":"dispatch_planned","count":{{"min":10,"max":10}},"round":1,{BASE}}}"#
            )),
            claim(&format!(r#"{{"kind":"defection","count":{{"min":3,"max":3}},{BASE}}}"#)),
        ];
        let neg: Vec<Claim> = vec![p[1].clone()];
        let docs = [
            Scored { id: "a", lang: Lang::En, negative: false, gold: &g, predicted: &p },
            Scored { id: "n", lang: Lang::Ko, negative: true, gold: &[], predicted: &neg },
        ];
        let r = score(&docs);
        assert_eq!((r.overall.gold, r.overall.predicted, r.overall.matched), (1, 3, 1));
        assert!((r.overall.precision - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.fields["round"].correct, 0);
        assert_eq!(r.fields["source_type"].correct, 1);
        assert_eq!(r.field_misses[0].field, "round");
        assert_eq!(r.claims_on_negative_documents, 1);
        assert_eq!(r.false_claims.len(), 2);
        assert_eq!(r.by_language["ko"].predicted, 1);
    }
}
