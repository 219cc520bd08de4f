//! The quality targets of issue 3, measured on the development corpus with the scorer
//! `tally eval` uses. If one drops below its target, this test fails with the report.

use tally_core::eval::{Scored, score};

use super::corpus::{dev_dir, load_all};

#[test]
fn development_corpus_meets_the_quality_targets() {
    let Some(dir) = dev_dir() else { return };
    let docs = load_all(&dir);
    let scored: Vec<Scored<'_>> = docs
        .iter()
        .map(|d| Scored {
            id: &d.id,
            lang: d.lang,
            negative: d.negative,
            gold: &d.gold.claims,
            predicted: &d.predicted,
        })
        .collect();
    let r = score(&scored);
    let summary = format!(
        "F1 {:.3} (ko {:.3}), fields {:.3}, {} claims on {} negative documents; misses {:?}; false {:?}",
        r.overall.f1,
        r.by_language.get("ko").map_or(0.0, |p| p.f1),
        r.field_accuracy.accuracy,
        r.claims_on_negative_documents,
        r.negative_documents,
        r.misses.iter().map(|m| format!("{} {} {}", m.document, m.kind, m.figure)).collect::<Vec<_>>(),
        r.false_claims.iter().map(|m| format!("{} {} {}", m.document, m.kind, m.figure)).collect::<Vec<_>>(),
    );
    assert!(r.overall.f1 >= 0.90, "claim F1 below 0.90: {summary}");
    assert!(r.by_language["ko"].f1 >= 0.85, "Korean claim F1 below 0.85: {summary}");
    assert!(r.field_accuracy.accuracy >= 0.90, "field accuracy below 0.90: {summary}");
    assert!(r.negative_documents >= 1, "the corpus has negative documents");
    assert!(r.negative_rate() <= 0.2, "more than one claim per five negative documents: {summary}");
}
