//! The scale-corpus generator (`tally-gen`, behind `cargo xtask corpus`) against the real
//! `tally eval`: a small generated corpus must score at least the F1 measured when the test
//! was written, less a margin, so that neither the generator's gold nor the extractor can
//! drift from the other without a failing test. When the extractor improves, raise the
//! floors; when a change lowers them, `tally eval --json` on the corpus lists the misses.

use crate::common::Env;

/// Claim F1 of `tally eval`'s scorer on the corpus below (seed 7, 120 reports), measured
/// 2026-11-29 at 0.920 overall, 0.901 English, 0.946 Korean, and the same again at commit
/// `f3ef5e6` (`cargo xtask corpus --docs 120 --seed 7 --out DIR && cargo xtask score DIR`),
/// less a margin of five points. English and Korean are held apart so that neither can hide
/// behind the other.
const MIN_F1_OVERALL: f64 = 0.87;
const MIN_F1_EN: f64 = 0.85;
const MIN_F1_KO: f64 = 0.89;

#[test]
fn tally_eval_scores_a_generated_corpus_above_its_floor() {
    let env = Env::new();
    let corpus = env.dir.path().join("generated");
    let sum = tally_gen::generate(
        &corpus,
        tally_gen::Config { seed: 7, docs: Some(120), bytes: None },
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(sum.docs, 120);
    assert!(sum.korean_docs > 10 && sum.claims > 500, "{sum:?}");
    let corpus_arg = corpus.to_str().unwrap();
    let run = env.tally(&["eval", corpus_arg, "--json"]).ok();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["documents"], 120);
    assert_eq!(report["overall"]["gold"], sum.claims);
    let f1 = |v: &serde_json::Value| v["f1"].as_f64().unwrap();
    let (all, en, ko) =
        (f1(&report["overall"]), f1(&report["by_language"]["en"]), f1(&report["by_language"]["ko"]));
    eprintln!("generated corpus: F1 {all:.3} (en {en:.3}, ko {ko:.3})");
    assert!(all >= MIN_F1_OVERALL, "overall claim F1 {all:.3} fell below {MIN_F1_OVERALL}");
    assert!(en >= MIN_F1_EN, "English claim F1 {en:.3} fell below {MIN_F1_EN}");
    assert!(ko >= MIN_F1_KO, "Korean claim F1 {ko:.3} fell below {MIN_F1_KO}");
}
