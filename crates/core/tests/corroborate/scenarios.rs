//! Clustering and independence on claims written here: incremental equals recompute,
//! analyst merges and splits survive a recompute, ids carry over, and properties that must
//! hold for any input.

use chrono::NaiveDate;
use proptest::prelude::*;
use tally_core::corroborate::{
    AnalystOp, ClaimId, ClaimRecord, ClusterConfig, Corroboration, DocId, DocInfo, EventId, independence,
};
use tally_core::{Claim, Count, CountryCode, Evidence, Kind, Place, Source, SourceType, TimeRange};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn claim(kind: Kind, country: Option<&str>, count: Option<u64>, time: Option<(&str, &str)>) -> Claim {
    Claim {
        kind,
        count: count.map(Count::about),
        teams: None,
        money: None,
        round: None,
        destination: country.map(|c| Place { country: CountryCode::new(c), region: None }),
        origin: vec![],
        time: time.and_then(|(a, b)| TimeRange::new("", date(a), date(b))),
        organisations: vec![],
        legal_refs: vec![],
        source: Source { kind: SourceType::AnonymousInCountry, text: String::new() },
        evidence: Evidence { quote: "q".into(), start: 0, end: 1 },
        purpose: None,
        why: Default::default(),
    }
}

fn doc(id: &str, outlet: &str, published: &str) -> DocInfo {
    DocInfo {
        id: DocId::new(id),
        outlet: Some(outlet.into()),
        published: Some(date(published)),
        text: format!("A report numbered {id} by {outlet}."),
        ..DocInfo::default()
    }
}

fn rec(id: &str, doc: &str, offset: usize, c: Claim) -> ClaimRecord {
    let mut c = c;
    c.evidence.start = offset;
    c.evidence.end = offset + 1;
    ClaimRecord { id: ClaimId::new(id), document: DocId::new(doc), claim: c }
}

/// Three outlets on one Russian dispatch in March 2024, one on a Chinese one, and a
/// Russian stock estimate.
fn small() -> (Vec<DocInfo>, Vec<ClaimRecord>) {
    let docs = vec![
        doc("d-1", "Daily NK", "2024-03-10"),
        doc("d-2", "Yonhap", "2024-03-12"),
        doc("d-3", "NK News", "2024-03-20"),
    ];
    let claims = vec![
        rec(
            "c-1",
            "d-1",
            10,
            claim(Kind::DispatchReported, Some("RU"), Some(300), Some(("2024-03-01", "2024-03-09"))),
        ),
        rec("c-2", "d-1", 50, claim(Kind::DispatchReported, Some("CN"), Some(100), None)),
        rec(
            "c-3",
            "d-2",
            10,
            claim(Kind::DispatchReported, Some("RU"), Some(320), Some(("2024-03-01", "2024-03-31"))),
        ),
        rec("c-4", "d-3", 10, claim(Kind::DispatchReported, Some("RU"), None, None)),
        rec("c-5", "d-3", 40, claim(Kind::StockEstimate, Some("RU"), Some(15_000), None)),
    ];
    (docs, claims)
}

fn partition(corr: &Corroboration) -> Vec<Vec<String>> {
    let mut p: Vec<Vec<String>> = corr
        .memberships()
        .into_iter()
        .map(|(_, cs)| {
            let mut v: Vec<String> = cs.iter().map(|c| c.to_string()).collect();
            v.sort();
            v
        })
        .collect();
    p.sort();
    p
}

#[test]
fn claims_about_one_dispatch_form_one_event_with_three_sources() {
    let (docs, claims) = small();
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    assert_eq!(partition(&corr), vec![vec!["c-1", "c-3", "c-4"], vec!["c-2"], vec!["c-5"]]);
    let e = corr.event(corr.event_of(&ClaimId::new("c-1")).unwrap()).unwrap();
    assert_eq!(e.id.as_str(), "e-1");
    assert_eq!(e.independent_sources, 3);
    assert_eq!(e.grade.to_string(), "B1");
    assert!(e.contradictions.is_empty(), "about 300 and about 320 agree");
    assert_eq!(e.title, "Dispatch of workers to Russia, Mar 2024");
}

#[test]
fn incremental_adds_equal_a_recompute() {
    let (docs, claims) = small();
    let batch = Corroboration::build(docs.clone(), claims.clone(), ClusterConfig::default()).unwrap();
    let mut inc = Corroboration::new(ClusterConfig::default());
    for d in &docs {
        let mine: Vec<ClaimRecord> = claims.iter().filter(|c| c.document == d.id).cloned().collect();
        inc.add_document(d, mine).unwrap();
    }
    assert_eq!(partition(&inc), partition(&batch));
    assert_eq!(inc.memberships(), batch.memberships(), "ids too");
    // Adding a document again changes nothing.
    let again: Vec<ClaimRecord> = claims.iter().filter(|c| c.document.as_str() == "d-2").cloned().collect();
    assert!(inc.add_document(&docs[1], again).unwrap().is_empty());
    assert_eq!(inc.memberships(), batch.memberships());
}

#[test]
fn splits_and_merges_are_replayed_over_a_recompute() {
    let (docs, claims) = small();
    let mut corr = Corroboration::build(docs.clone(), claims.clone(), ClusterConfig::default()).unwrap();
    let e1 = corr.event_of(&ClaimId::new("c-1")).unwrap().clone();
    let split =
        corr.split(&e1, &[ClaimId::new("c-4")], "ana", "2026-01-01T00:00:00Z", "different dispatch").unwrap();
    assert_eq!(split.new_id.as_str(), "e-4");
    let e5 = corr.event_of(&ClaimId::new("c-5")).unwrap().clone();
    let e2 = corr.event_of(&ClaimId::new("c-2")).unwrap().clone();
    let merge = corr.merge(&e5, &e2, "ana", "2026-01-02T00:00:00Z", "same people").unwrap();
    let after = partition(&corr);
    assert_eq!(after, vec![vec!["c-1", "c-3"], vec!["c-2", "c-5"], vec!["c-4"]]);

    let mut again = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    let skipped = again.replay(&[AnalystOp::Split(split), AnalystOp::Merge(merge)]);
    assert!(skipped.is_empty());
    assert_eq!(partition(&again), after);
    assert_eq!(again.memberships(), corr.memberships());
}

#[test]
fn analyst_operations_refuse_bad_requests() {
    let (docs, claims) = small();
    let mut corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    let e1 = EventId::new("e-1");
    assert!(corr.merge(&e1, &e1, "a", "t", "w").is_err());
    assert!(corr.merge(&e1, &EventId::new("e-nope"), "a", "t", "w").is_err());
    assert!(corr.split(&e1, &[ClaimId::new("c-2")], "a", "t", "w").is_err(), "c-2 is not in e-1");
    let all = [ClaimId::new("c-1"), ClaimId::new("c-3"), ClaimId::new("c-4")];
    assert!(corr.split(&e1, &all, "a", "t", "w").is_err(), "a split must leave a claim behind");
    assert!(corr.split(&e1, &[], "a", "t", "w").is_err());
    assert_eq!(corr.event_count(), 3);
}

#[test]
fn persisted_ids_carry_over_a_recompute_in_another_order() {
    let (docs, claims) = small();
    let corr = Corroboration::build(docs.clone(), claims.clone(), ClusterConfig::default()).unwrap();
    let persisted = corr.memberships();
    // The first document arrives last this time: its claims found no events.
    let mut other = Corroboration::new(ClusterConfig::default());
    for d in docs.iter().rev() {
        let mine: Vec<ClaimRecord> = claims.iter().filter(|c| c.document == d.id).cloned().collect();
        other.add_document(d, mine).unwrap();
    }
    assert_ne!(other.memberships(), persisted);
    other.carry_ids(&persisted);
    let mut a = other.memberships();
    let mut b = persisted;
    for m in a.iter_mut().chain(b.iter_mut()) {
        m.1.sort();
    }
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn extraction_gaps_do_not_merge_across_documents() {
    // No destination: joins only its own document's events.
    let docs = vec![doc("d-1", "Daily NK", "2024-03-10"), doc("d-2", "Yonhap", "2024-03-12")];
    let claims = vec![
        rec("c-1", "d-1", 1, claim(Kind::DispatchReported, Some("RU"), Some(300), None)),
        rec("c-2", "d-1", 9, claim(Kind::DispatchReported, None, Some(300), None)),
        rec("c-3", "d-2", 1, claim(Kind::DispatchReported, None, Some(300), None)),
    ];
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    assert_eq!(partition(&corr), vec![vec!["c-1", "c-2"], vec!["c-3"]]);
}

#[test]
fn figures_far_apart_are_different_events_and_close_ones_contradict() {
    let docs = vec![
        doc("d-1", "Daily NK", "2025-06-10"),
        doc("d-2", "Yonhap", "2025-06-12"),
        doc("d-3", "BBC", "2025-06-14"),
    ];
    let claims = vec![
        rec("c-1", "d-1", 1, claim(Kind::StockEstimate, Some("RU"), Some(6_000), None)),
        rec("c-2", "d-2", 1, claim(Kind::StockEstimate, Some("RU"), Some(50_000), None)),
        rec("c-3", "d-3", 1, claim(Kind::StockEstimate, Some("RU"), Some(2_500), None)),
    ];
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    assert_eq!(partition(&corr), vec![vec!["c-1", "c-3"], vec!["c-2"]]);
    let e = corr.event(&EventId::new("e-1")).unwrap();
    assert_eq!(e.contradictions.len(), 1);
    assert_eq!(e.contradictions[0].a.claim.as_str(), "c-1");
    assert_eq!(e.contradictions[0].b.source, "anonymous_in_country via BBC");
    // Two independent roots would make it B2; the contradiction makes it B3.
    assert_eq!(e.grade.to_string(), "B3");
}

/// A sanctions reference with words of its own and no destination.
fn reference(quote: &str, refs: &[&str], time: Option<(&str, &str)>) -> Claim {
    let mut c = claim(Kind::SanctionsReference, None, None, time);
    c.legal_refs = refs.iter().map(|r| r.to_string()).collect();
    c.evidence.quote = quote.to_owned();
    c.source.kind = SourceType::Unknown;
    c
}

#[test]
fn a_references_words_name_its_facet_before_its_date() {
    // Sentences written for this test. The first dates the resolution's adoption (last
    // year, 2017) but speaks of the deadline; the last dates the adoption and speaks of
    // the ban.
    let docs = vec![
        doc("d-1", "South China Morning Post", "2018-05-02"),
        doc("d-2", "Yonhap", "2021-03-01"),
        doc("d-3", "Daily NK", "2022-01-10"),
    ];
    let claims = vec![
        rec(
            "c-1",
            "d-1",
            1,
            reference(
                "A resolution adopted last year obliges states to send every North Korean labourer home.",
                &[],
                Some(("2017-01-01", "2017-12-31")),
            ),
        ),
        rec(
            "c-2",
            "d-2",
            1,
            reference(
                "Resolution 2397 required member states to repatriate the workers.",
                &["UNSCR 2397"],
                None,
            ),
        ),
        rec(
            "c-3",
            "d-3",
            1,
            reference(
                "Resolution 2397, adopted in December 2017, bans the North from sending labourers abroad.",
                &["UNSCR 2397"],
                Some(("2017-12-01", "2017-12-31")),
            ),
        ),
    ];
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    assert_eq!(partition(&corr), vec![vec!["c-1", "c-2"], vec!["c-3"]]);
    let deadline = corr.event(corr.event_of(&ClaimId::new("c-1")).unwrap()).unwrap();
    assert_eq!(deadline.provision, Some(("UNSCR 2397".to_owned(), "repatriation_deadline".to_owned())));
}

#[test]
fn an_undated_claim_takes_its_time_from_its_own_documents_event() {
    // A June announcement of 6,000 workers for Russia, reported in June and again in
    // September; the September report adds, undated, that 1,000 deminers "will soon
    // arrive". That claim is dated only by the September publication.
    let docs = vec![
        doc("d-1", "Associated Press", "2025-06-20"),
        doc("d-2", "Yonhap", "2025-09-09"),
        doc("d-3", "BBC", "2025-07-05"),
        doc("d-4", "NK News", "2025-12-20"),
    ];
    let june = Some(("2025-06-01", "2025-06-30"));
    let claims = vec![
        rec(
            "c-1",
            "d-1",
            1,
            claim(Kind::DispatchPlanned, Some("RU"), Some(6_000), Some(("2025-06-17", "2025-06-17"))),
        ),
        rec("c-2", "d-2", 1, claim(Kind::DispatchPlanned, Some("RU"), Some(6_000), june)),
        rec("c-3", "d-2", 90, claim(Kind::DispatchPlanned, Some("RU"), Some(1_000), None)),
        // Dated late June: still within reach of the event, which the September date of
        // c-3 must not have narrowed.
        rec(
            "c-4",
            "d-3",
            1,
            claim(Kind::DispatchPlanned, Some("RU"), Some(5_000), Some(("2025-06-25", "2025-06-30"))),
        ),
        // Undated in another document months later: its publication date decides, and it
        // is another event.
        rec("c-5", "d-4", 1, claim(Kind::DispatchPlanned, Some("RU"), Some(6_000), None)),
        // Undated in the September report but larger than the event ("before sanctions it
        // sent tens of thousands"): a figure of another time, not a part of this one.
        rec("c-6", "d-2", 200, claim(Kind::DispatchPlanned, Some("RU"), Some(20_000), None)),
    ];
    let corr = Corroboration::build(docs.clone(), claims.clone(), ClusterConfig::default()).unwrap();
    assert_eq!(partition(&corr), vec![vec!["c-1", "c-2", "c-3", "c-4"], vec!["c-5"], vec!["c-6"]]);
    let e = corr.event(corr.event_of(&ClaimId::new("c-1")).unwrap()).unwrap();
    let when = e.when.unwrap();
    // The dated claims do not all overlap, so the event spans their union: June.
    assert_eq!((when.start, when.end), (date("2025-06-01"), date("2025-06-30")));
}

#[test]
fn a_restored_clustering_keeps_its_decisions_and_places_only_new_documents() {
    let (docs, claims) = small();
    let mut first =
        Corroboration::build(docs[..2].to_vec(), claims[..3].to_vec(), ClusterConfig::default()).unwrap();
    // An analyst's split the automatic clustering would not make.
    let e1 = first.event_of(&ClaimId::new("c-1")).unwrap().clone();
    first.merge(&e1, &EventId::new("e-2"), "ana", "2026-01-01T00:00:00Z", "one operation").unwrap();
    let saved = first.memberships();
    assert_eq!(partition(&first), vec![vec!["c-1", "c-2", "c-3"]]);

    // The third document arrives: only its claims are placed.
    let (corr, restored) =
        Corroboration::restore(docs.clone(), claims.clone(), &saved, ClusterConfig::default()).unwrap();
    assert_eq!((restored.kept, restored.placed, restored.dropped), (3, 2, 0));
    assert!(restored.changed());
    assert_eq!(partition(&corr), vec![vec!["c-1", "c-2", "c-3", "c-4"], vec!["c-5"]]);
    assert_eq!(corr.event_of(&ClaimId::new("c-4")), Some(&e1), "the new claim joins the saved event");
    assert_eq!(restored.touched.len(), 2);

    // Nothing new: nothing changes, and the ids are the saved ones.
    let (again, r) =
        Corroboration::restore(docs.clone(), claims.clone(), &corr.memberships(), ClusterConfig::default())
            .unwrap();
    assert!(!r.changed());
    assert_eq!(again.memberships(), corr.memberships());

    // Grown one document at a time in publication order from nothing, it equals a build.
    let mut grown: Vec<(EventId, Vec<ClaimId>)> = Vec::new();
    for n in 1..=docs.len() {
        let ids: Vec<&DocId> = docs[..n].iter().map(|d| &d.id).collect();
        let mine: Vec<ClaimRecord> = claims.iter().filter(|c| ids.contains(&&c.document)).cloned().collect();
        let (c, _) =
            Corroboration::restore(docs[..n].to_vec(), mine, &grown, ClusterConfig::default()).unwrap();
        grown = c.memberships();
    }
    let built = Corroboration::build(docs.clone(), claims.clone(), ClusterConfig::default()).unwrap();
    assert_eq!(grown, built.memberships());

    // A claim gone from the store is dropped from its saved event.
    let fewer: Vec<ClaimRecord> = claims.iter().filter(|c| c.id.as_str() != "c-3").cloned().collect();
    let (c, r) = Corroboration::restore(docs, fewer, &built.memberships(), ClusterConfig::default()).unwrap();
    assert_eq!((r.dropped, r.placed), (1, 0));
    assert_eq!(partition(&c), vec![vec!["c-1", "c-4"], vec!["c-2"], vec!["c-5"]]);
}

fn arb_claim() -> impl Strategy<Value = (usize, Kind, Option<&'static str>, Option<u64>, Option<u32>, u16)> {
    (
        0usize..6,
        prop::sample::select(vec![
            Kind::DispatchPlanned,
            Kind::SelectionRound,
            Kind::DispatchReported,
            Kind::StockEstimate,
        ]),
        prop::option::of(prop::sample::select(vec!["RU", "CN", "UA"])),
        prop::option::of(1u64..20_000),
        prop::option::of(1u32..4),
        0u16..400,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn clustering_invariants_hold_for_any_claims(raw in prop::collection::vec(arb_claim(), 1..40)) {
        let docs: Vec<DocInfo> = (0..6).map(|i| doc(&format!("d-{i}"), ["Daily NK", "Yonhap", "BBC"][i % 3], &format!("2024-0{}-15", 1 + i))).collect();
        let claims: Vec<ClaimRecord> = raw.iter().enumerate().map(|(n, (d, kind, country, count, round, day))| {
            let mut c = claim(*kind, *country, *count, None);
            c.round = *round;
            let start = date("2024-01-01") + chrono::Days::new(u64::from(*day));
            c.time = TimeRange::new("", start, start + chrono::Days::new(10));
            rec(&format!("c-{n:03}"), &format!("d-{d}"), n * 10, c)
        }).collect();
        let corr = Corroboration::build(docs.clone(), claims.clone(), ClusterConfig::default()).unwrap();
        // Every claim is in exactly one event.
        let members: Vec<ClaimId> = corr.memberships().into_iter().flat_map(|(_, c)| c).collect();
        prop_assert_eq!(members.len(), claims.len());
        for view in corr.views() {
            let families: std::collections::BTreeSet<_> = view.claims.iter()
                .map(|c| tally_core::corroborate::Family::of(c.claim.kind)).collect();
            prop_assert_eq!(families.len(), 1, "one family per event");
            let countries: std::collections::BTreeSet<_> = view.claims.iter()
                .filter_map(|c| c.claim.destination.as_ref().and_then(|d| d.country)).collect();
            prop_assert!(countries.len() <= 1, "one destination per event");
            // Rounds number selection rounds; on other kinds they are ignored.
            if view.family == tally_core::corroborate::Family::Recruitment {
                let rounds: std::collections::BTreeSet<_> = view.claims.iter().filter_map(|c| c.claim.round).collect();
                prop_assert!(rounds.len() <= 1, "one round per recruitment event");
            }
            prop_assert!(view.independent_sources >= 1 && view.independent_sources <= view.claims.len());
        }
        // Incremental in publication order equals the recompute.
        let mut inc = Corroboration::new(ClusterConfig::default());
        for d in &docs {
            inc.add_document(d, claims.iter().filter(|c| c.document == d.id).cloned().collect()).unwrap();
        }
        prop_assert_eq!(inc.memberships(), corr.memberships());
    }

    #[test]
    fn a_copy_with_a_new_head_and_foot_is_found_and_strangers_are_not(
        words in prop::collection::vec("[a-z]{3,9}", 60..200),
        other in prop::collection::vec("[a-z]{3,9}", 60..200),
        head in "[A-Z][a-z]{2,8}( [a-z]{2,8}){0,6}",
    ) {
        let text = words.join(" ");
        let copy = format!("{head}.\n\n{text}\n\nShared by {head}.");
        let a = independence::signature(&text).unwrap();
        let b = independence::signature(&copy).unwrap();
        prop_assert!(a.containment(&b) >= independence::CONTAINMENT, "{}", a.containment(&b));
        let c = independence::signature(&other.join(" ")).unwrap();
        prop_assert!(a.containment(&c) < independence::CONTAINMENT);
    }
}
