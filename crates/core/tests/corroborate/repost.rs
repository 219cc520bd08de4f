//! The founding report alone, then with a re-post of it: the acceptance figures of issue 4.

use tally_core::Evidence;
use tally_core::corroborate::{
    ClaimId, ClaimRecord, ClusterConfig, Corroboration, DocId, DocInfo, EstimateOptions, Figure, Measure,
    estimate,
};

use super::corpus;

fn seed() -> Option<(DocInfo, Vec<ClaimRecord>)> {
    let dir = corpus::dev_dir()?;
    let (doc, claims, _) = corpus::load_doc(&dir.join("seed"), "seed");
    Some((doc, claims))
}

/// A blog's copy of the report: a line of its own before, a footer after, published a day
/// later, and the same claims at shifted offsets (what extraction finds in the same words).
fn repost(doc: &DocInfo, claims: &[ClaimRecord]) -> (DocInfo, Vec<ClaimRecord>) {
    let head = "Reposted with thanks from our friends.\n\n";
    let text = format!("{head}{}\n\nShare this story with your church group.", doc.text);
    let id = DocId::new("d-repost");
    let copy = DocInfo {
        id: id.clone(),
        outlet: Some("Korea Prayer Blog".into()),
        url: Some("https://blog.example/2022/10/26/repost".into()),
        published: doc.published.and_then(|d| d.succ_opt()),
        title: doc.title.clone(),
        text: text.clone(),
    };
    let claims = claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut claim = c.claim.clone();
            let (s, e) = (c.claim.evidence.start + head.len(), c.claim.evidence.end + head.len());
            claim.evidence = Evidence::from_span(&text, s, e).unwrap();
            assert_eq!(claim.evidence.quote, c.claim.evidence.quote);
            ClaimRecord { id: ClaimId::new(format!("c-repost-{i}")), document: id.clone(), claim }
        })
        .collect();
    (copy, claims)
}

fn figure(figs: &[Figure], measure: Measure) -> &Figure {
    figs.iter()
        .find(|f| {
            f.measure == measure && f.destination.country.map(|c| c.to_string()).as_deref() == Some("UA")
        })
        .unwrap()
}

fn ids(v: &[ClaimId]) -> Vec<&str> {
    v.iter().map(ClaimId::as_str).collect()
}

#[test]
fn founding_report_gives_the_acceptance_figures() {
    let Some((doc, claims)) = seed() else { return };
    let corr = Corroboration::build(vec![doc], claims, ClusterConfig::default()).unwrap();
    let figs = estimate(&corr, &EstimateOptions::default());
    let workers = figure(&figs, Measure::SelectedOrPlanned);
    let v = workers.value.unwrap();
    assert_eq!((v.low(), v.best(), v.high()), (1100.0, 1200.0, Some(1300.0)));
    assert!(workers.potential);
    assert_eq!(workers.destination.region.as_deref(), Some("Russian-occupied eastern Ukraine"));
    assert_eq!(workers.period.0.to_string(), "2022-01-01");
    // Round 2's planned dispatch and its selection round are one event: reconciled, not summed.
    assert_eq!(ids(&workers.claims), ["c-seed-0", "c-seed-1", "c-seed-2"]);
    assert_eq!(workers.events.len(), 2);
    let present = figure(&figs, Measure::Present);
    assert_eq!(present.value, None);
    assert!(present.claims.is_empty());
    assert_eq!(figure(&figs, Measure::Dispatched).value, None);
    let revenue = figs.iter().find(|f| f.measure == Measure::RevenueUsdPerMonth).unwrap();
    let r = revenue.value.unwrap();
    assert_eq!((r.low(), r.high()), (660_000.0, Some(910_000.0)));
    assert!(revenue.potential);
    assert_eq!(revenue.basis, Some(Measure::SelectedOrPlanned));
    assert_eq!(ids(&revenue.claims), ["c-seed-0", "c-seed-1", "c-seed-2", "c-seed-4"]);
    insta::assert_json_snapshot!("founding_report_estimate", figs);
}

#[test]
fn a_repost_changes_no_figure_and_no_source_count() {
    let Some((doc, claims)) = seed() else { return };
    let (copy, copy_claims) = repost(&doc, &claims);
    let alone = Corroboration::build(vec![doc.clone()], claims.clone(), ClusterConfig::default()).unwrap();
    let mut both = Corroboration::build(vec![doc], claims, ClusterConfig::default()).unwrap();
    let touched = both.add_document(&copy, copy_claims).unwrap();
    assert!(!touched.is_empty());

    let root = both.doc_root(&copy.id).unwrap();
    assert!(root.derived(), "the re-post must be detected as derived");
    assert_eq!(root.root, "Daily NK");

    let strip =
        |figs: Vec<Figure>| figs.into_iter().map(|f| (f.measure, f.value, f.claims)).collect::<Vec<_>>();
    let opts = EstimateOptions::default();
    assert_eq!(strip(estimate(&alone, &opts)), strip(estimate(&both, &opts)));

    for before in alone.views() {
        let after = both.event(before.id).unwrap();
        assert_eq!(after.independent_sources, before.independent_sources, "{}", before.title);
        assert_eq!(after.grade, before.grade, "{}", before.title);
        assert_eq!(
            after.claims.len(),
            before.claims.len() * 2,
            "{}: the copy's claims join it",
            before.title
        );
        assert_eq!(after.derived.get(&copy.id).map(String::as_str), Some("d-seed"));
    }
    assert_eq!(alone.event_count(), both.event_count());
}
