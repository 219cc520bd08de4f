//! The founding report: every gold claim comes out with every field right, and at most one
//! claim more (issue 2's first acceptance test).

use super::corpus::{dev_dir, load_doc};

#[test]
fn every_founding_report_claim_comes_out_right() {
    let Some(dir) = dev_dir() else { return };
    let doc = load_doc(&dir.join("seed"));
    assert!(
        doc.predicted.len() <= doc.gold.claims.len() + 1,
        "{} claims for {} gold",
        doc.predicted.len(),
        doc.gold.claims.len()
    );
    for g in &doc.gold.claims {
        let g = &g.claim;
        let found = doc.predicted.iter().find(|p| {
            p.kind == g.kind && p.count == g.count && p.money == g.money && p.legal_refs == g.legal_refs
        });
        let Some(p) = found else { panic!("no claim for gold {:?} {:?} {:?}", g.kind, g.count, g.money) };
        let what = format!("{} {:?}", g.kind, g.count);
        assert_eq!(p.teams, g.teams, "teams of {what}");
        assert_eq!(p.round, g.round, "round of {what}");
        assert_eq!(p.destination, g.destination, "destination of {what}");
        assert_eq!(p.origin, g.origin, "origin of {what}");
        assert_eq!(
            p.time.as_ref().map(|t| (t.start(), t.end())),
            g.time.as_ref().map(|t| (t.start(), t.end())),
            "time of {what}"
        );
        assert_eq!(p.organisations, g.organisations, "organisations of {what}");
        assert_eq!(p.source.kind, g.source.kind, "source type of {what}");
        assert_eq!(p.source.text, g.source.text, "source words of {what}");
        assert_eq!(
            (p.evidence.start, p.evidence.end),
            (g.evidence.start, g.evidence.end),
            "evidence of {what}"
        );
        assert_eq!(p.evidence.quote, g.evidence.quote, "quote of {what}");
        assert_eq!(&doc.text[p.evidence.start..p.evidence.end], p.evidence.quote);
    }
}

#[test]
fn every_founding_report_claim_explains_its_fields() {
    let Some(dir) = dev_dir() else { return };
    let doc = load_doc(&dir.join("seed"));
    for c in &doc.predicted {
        for field in ["kind", "source"] {
            assert!(c.why.get(field).is_some_and(|w| !w.is_empty()), "{} has no why for {field}", c.kind);
        }
        if c.count.is_some() {
            assert!(
                c.why["count"][0].contains("300") || c.why["count"][0].contains("800"),
                "{:?}",
                c.why["count"]
            );
        }
    }
}
