//! The lean placement `tally ingest` makes (documents as stored fingerprints,
//! `Corroboration::restore_prints`, and the lean `Intake` that keeps of each claim only its
//! id and features) against the full reading (`Corroboration::restore` over texts and whole
//! claims): the same memberships and the same
//! account of what was placed, on the dev corpus's gold claims and on generated claims; and
//! events grown in two batches in publication order equal one recompute.

use chrono::NaiveDate;
use proptest::prelude::*;
use tally_core::corroborate::{
    ClaimId, ClaimRecord, ClusterConfig, Corroboration, DocId, DocInfo, DocPrint, EventId, Intake,
    independence::{Prepared, Signature},
};
use tally_core::{Claim, Count, CountryCode, Evidence, Kind, Place, Source, SourceType, TimeRange};

use super::corpus;

type Saved = Vec<(EventId, Vec<ClaimId>)>;

fn of_docs(claims: &[ClaimRecord], docs: &[DocInfo]) -> Vec<ClaimRecord> {
    claims.iter().filter(|c| docs.iter().any(|d| d.id == c.document)).cloned().collect()
}

/// The full reading and the lean one place `docs`' claims over `saved` alike; returns the
/// memberships.
fn both_ways(docs: &[DocInfo], claims: &[ClaimRecord], saved: &Saved) -> Saved {
    let (full, fr) =
        Corroboration::restore(docs.to_vec(), claims.to_vec(), saved, ClusterConfig::default()).unwrap();
    // Fingerprints round-trip through their stored parts, as the store keeps them.
    let prints: Vec<DocPrint> = DocPrint::of_all(docs.to_vec())
        .into_iter()
        .map(|p| {
            let f = &p.fingerprint;
            let sig = f.signature().map(|s| Signature::from_bytes(&s.to_bytes(), s.shingles).unwrap());
            let stated = serde_json::from_str(&serde_json::to_string(f.stated()).unwrap()).unwrap();
            let fingerprint = Prepared::from_parts(f.publisher().map(str::to_owned), stated, sig);
            DocPrint { fingerprint, ..p }
        })
        .collect();
    let (printed, pr) =
        Corroboration::restore_prints(prints.clone(), claims.to_vec(), saved, ClusterConfig::default())
            .unwrap();
    assert_eq!(printed.memberships(), full.memberships());
    assert_eq!(pr, fr);
    // The lean intake, fed a few claims at a time, keeps no records and places alike.
    let mut intake = Intake::lean(prints, ClusterConfig::default(), claims.len());
    for chunk in claims.chunks(7) {
        intake.add(chunk.to_vec()).unwrap();
    }
    let (placement, ir) = intake.restore(saved);
    assert_eq!(placement.memberships(), full.memberships());
    assert_eq!(ir, fr);
    assert_eq!(placement.event_count(), full.event_count());
    let ids: Vec<&ClaimId> = placement.claim_ids().collect();
    let given: Vec<&ClaimId> = full.claims().iter().map(|c| &c.id).collect();
    assert_eq!(ids, given);
    full.memberships()
}

#[test]
fn a_lean_restore_equals_the_full_one_on_the_dev_corpus() {
    let Some(dir) = corpus::dev_dir() else { return };
    let c = corpus::load(&dir);
    assert!(c.claims.len() > 50, "the dev corpus has gold claims: {}", c.claims.len());
    // Every other document first (so the second batch arrives partly out of publication
    // order), then the rest.
    let first: Vec<DocInfo> = c.docs.iter().step_by(2).cloned().collect();
    let saved = both_ways(&first, &of_docs(&c.claims, &first), &Vec::new());
    let grown = both_ways(&c.docs, &c.claims, &saved);
    assert!(grown.len() > saved.len());
    // Claims the store lost since the save are dropped alike.
    let fewer: Vec<ClaimRecord> = c.claims.iter().skip(3).cloned().collect();
    both_ways(&c.docs, &fewer, &grown);
}

#[test]
fn two_batches_in_publication_order_equal_one_recompute_on_the_dev_corpus() {
    let Some(dir) = corpus::dev_dir() else { return };
    let c = corpus::load(&dir);
    let mut docs = c.docs.clone();
    docs.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    let (early, late) = docs.split_at(docs.len() / 2);
    let saved = both_ways(early, &of_docs(&c.claims, early), &Vec::new());
    let grown = both_ways(&docs, &c.claims, &saved);
    let built = Corroboration::build(c.docs.clone(), c.claims.clone(), ClusterConfig::default()).unwrap();
    assert!(!late.is_empty());
    // The same events with the same ids and claims; a restore lists events by their first
    // claim, a build in the order it founded them (attached kinds after the rest).
    assert_eq!(sorted(grown), sorted(built.memberships()));
}

fn sorted(mut m: Saved) -> Saved {
    for (_, cs) in &mut m {
        cs.sort();
    }
    m.sort();
    m
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const SOURCES: [(SourceType, &str); 4] = [
    (SourceType::AnonymousInCountry, "a source in North Korea"),
    (SourceType::OtherOutlet, "Radio Free Asia reported"),
    (SourceType::IntelligenceAgency, "the National Intelligence Service said"),
    (SourceType::Unknown, ""),
];

fn claim(source: usize, kind: Kind, country: Option<&str>, count: Option<u64>, day: Option<u16>) -> Claim {
    let (kind_of_source, words) = SOURCES[source % SOURCES.len()];
    Claim {
        kind,
        count: count.map(Count::about),
        teams: None,
        money: None,
        round: None,
        destination: country.map(|c| Place { country: CountryCode::new(c), region: None }),
        origin: vec![],
        time: day.and_then(|d| {
            let start = date("2024-01-01") + chrono::Days::new(u64::from(d));
            TimeRange::new("in those weeks", start, start + chrono::Days::new(10))
        }),
        organisations: vec![],
        legal_refs: vec![],
        source: Source { kind: kind_of_source, text: words.into() },
        evidence: Evidence { quote: format!("{words}: the figure"), start: 0, end: 1 },
        purpose: None,
        why: Default::default(),
    }
}

#[allow(clippy::type_complexity)]
fn arb_claim()
-> impl Strategy<Value = (usize, Kind, Option<&'static str>, Option<u64>, Option<u16>, usize, Option<u32>)> {
    (
        0usize..8,
        prop::sample::select(vec![
            Kind::DispatchPlanned,
            Kind::SelectionRound,
            Kind::DispatchReported,
            Kind::StockEstimate,
            Kind::EarningsTarget,
            Kind::SanctionsReference,
        ]),
        prop::option::of(prop::sample::select(vec!["RU", "CN"])),
        prop::option::of(1u64..20_000),
        prop::option::of(0u16..200),
        0usize..4,
        prop::option::of(1u32..3),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any claims, any split of the documents into two batches: the lean placement of the
    /// second batch equals the full one.
    #[test]
    fn a_lean_restore_equals_the_full_one_for_any_claims(
        raw in prop::collection::vec(arb_claim(), 1..60),
        first_batch in prop::collection::vec(any::<bool>(), 8),
    ) {
        let texts = [
            "North Korea sent workers to Russia this spring, a source said. The workers left by train.",
            "Radio Free Asia reported that North Korea sent workers to Russia this spring.",
        ];
        let docs: Vec<DocInfo> = (0..8)
            .map(|i| DocInfo {
                id: DocId::new(format!("d-{i}")),
                outlet: Some(["Daily NK", "Yonhap", "NK News (citing Radio Free Asia)"][i % 3].into()),
                // Two documents share a day, one has none.
                published: (i != 5).then(|| date(&format!("2024-0{}-15", 1 + i.min(6)))),
                text: format!("{} {}", texts[i % 2], "More words of the report follow here. ".repeat(i % 3)),
                ..DocInfo::default()
            })
            .collect();
        let claims: Vec<ClaimRecord> = raw
            .iter()
            .enumerate()
            .map(|(n, (d, kind, country, count, day, source, round))| {
                let mut c = claim(*source, *kind, *country, *count, *day);
                c.round = *round;
                if *kind == Kind::SanctionsReference && n % 3 != 0 {
                    c.legal_refs = vec![["UNSCR 2397", "UNSCR 2375"][n % 3 - 1].into()];
                }
                c.evidence.start = n * 10;
                ClaimRecord { id: ClaimId::new(format!("c-{n:03}")), document: DocId::new(format!("d-{d}")), claim: c }
            })
            .collect();
        let first: Vec<DocInfo> =
            docs.iter().zip(&first_batch).filter(|(_, f)| **f).map(|(d, _)| d.clone()).collect();
        let saved = both_ways(&first, &of_docs(&claims, &first), &Vec::new());
        both_ways(&docs, &claims, &saved);
    }
}

#[test]
fn a_lean_intake_refuses_a_claim_of_a_document_it_was_not_given() {
    let docs = DocPrint::of_all(vec![DocInfo { id: DocId::new("d-1"), ..DocInfo::default() }]);
    let mut intake = Intake::lean(docs, ClusterConfig::default(), 2);
    let known = ClaimRecord {
        id: ClaimId::new("c-1"),
        document: DocId::new("d-1"),
        claim: claim(0, Kind::DispatchReported, Some("RU"), Some(100), Some(3)),
    };
    intake.add(vec![known.clone()]).unwrap();
    let stray = ClaimRecord { id: ClaimId::new("c-2"), document: DocId::new("d-9"), ..known.clone() };
    let fine = ClaimRecord { id: ClaimId::new("c-3"), ..known.clone() };
    let err = intake.add(vec![fine.clone(), stray]).expect_err("a claim of an unknown document is refused");
    assert_eq!(err.to_string(), "document d-9 of claim c-2 was not given");
    // The refused chunk left nothing behind: the intake goes on.
    intake.add(vec![fine]).unwrap();
    let (placement, restored) = intake.restore(&[]);
    let ids: Vec<&str> = placement.claim_ids().map(ClaimId::as_str).collect();
    assert_eq!(ids, ["c-1", "c-3"]);
    assert_eq!(restored.placed, 2);
}
