//! Reading a gold corpus and scoring claims against it with `tally eval`'s own scorer
//! (`tally_core::eval::score`), whoever made the claims: tally's extractor or the Python
//! peer's JSON Lines.
//!
//! Documents are read exactly as `tally eval` reads them (`tally_ingest::load` of a corpus
//! folder), so offsets, language and publication date agree. Scores of large corpora are
//! accumulated document by document ([`Tally`]), so a gigabyte corpus is scored in constant
//! memory. This module does not time anything; the benchmarks do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tally_core::eval::{GoldClaim, GoldFile, Prf, Scored, score};
use tally_core::{Claim, DocContext, Lang};
use tally_ingest::{Input, Overrides, load};

/// One corpus document, read for scoring and benchmarking.
pub struct Doc {
    pub id: String,
    pub lang: Lang,
    pub negative: bool,
    pub text: String,
    pub ctx: DocContext,
    pub gold: Vec<GoldClaim>,
}

/// The document folders under `dir` (those with a `text.txt`), sorted.
pub fn folders(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list the folder", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("text.txt").is_file())
        .collect();
    v.sort();
    if v.is_empty() {
        bail!("{}: no documents (sub-folders with text.txt)", dir.display());
    }
    Ok(v)
}

/// Reads one corpus folder as `tally eval` does.
pub fn read_doc(path: &Path) -> Result<Doc> {
    let gold_path = path.join("gold.json");
    let raw = std::fs::read(&gold_path).with_context(|| format!("{}: cannot read", gold_path.display()))?;
    let gold: GoldFile =
        serde_json::from_slice(&raw).with_context(|| format!("{}: not a gold file", gold_path.display()))?;
    let loaded = load(&Input::CorpusDir(path.to_owned()), &Overrides::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Doc {
        id: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        lang: loaded.lang,
        negative: loaded.meta.negative,
        ctx: DocContext { lang: loaded.lang, published: loaded.meta.published },
        text: loaded.text,
        gold: gold.claims,
    })
}

/// Every document of a corpus, optionally of one language.
pub fn read_corpus(dir: &Path, lang: Option<Lang>) -> Result<Vec<Doc>> {
    let mut docs = Vec::new();
    for f in folders(dir)? {
        let d = read_doc(&f)?;
        if lang.is_none_or(|l| l == d.lang) {
            docs.push(d);
        }
    }
    Ok(docs)
}

/// Claim counts summed over documents: precision, recall and F1 of a whole corpus without
/// keeping it in memory.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    counts: BTreeMap<String, (usize, usize, usize)>,
    pub documents: usize,
    /// Gold claims nobody matched and predictions matching no gold claim, as
    /// `(document, "miss" | "false", kind, figure, sentence)`, the first [`KEEP_UNPAIRED`].
    pub unpaired: Vec<(String, &'static str, String, String, String)>,
}

/// How many unpaired claims a [`Tally`] keeps for `cargo xtask score --show`.
pub const KEEP_UNPAIRED: usize = 100_000;

impl Tally {
    /// Scores one document and adds it to the running counts, overall and by language.
    pub fn add(&mut self, doc: &Doc, predicted: &[Claim]) {
        let r = score(&[Scored {
            id: &doc.id,
            lang: doc.lang,
            negative: doc.negative,
            gold: &doc.gold,
            predicted,
        }]);
        for key in ["overall".to_owned(), format!("lang {}", doc.lang.code())] {
            let e = self.counts.entry(key).or_default();
            e.0 += r.overall.gold;
            e.1 += r.overall.predicted;
            e.2 += r.overall.matched;
        }
        for (what, list) in [("miss", &r.misses), ("false", &r.false_claims)] {
            for u in list.iter().take(KEEP_UNPAIRED.saturating_sub(self.unpaired.len())) {
                self.unpaired.push((
                    u.document.clone(),
                    what,
                    u.kind.to_string(),
                    u.figure.clone(),
                    u.sentence.clone(),
                ));
            }
        }
        self.documents += 1;
    }

    /// Precision, recall and F1 for `key` ("overall", "lang en", "lang ko").
    pub fn prf(&self, key: &str) -> Prf {
        let (g, p, m) = self.counts.get(key).copied().unwrap_or_default();
        let precision = if p == 0 { if g == 0 { 1.0 } else { 0.0 } } else { m as f64 / p as f64 };
        let recall = if g == 0 { 1.0 } else { m as f64 / g as f64 };
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { gold: g, predicted: p, matched: m, precision, recall, f1 }
    }
}

/// tally's extractor over a corpus folder, scored document by document.
pub fn score_tally(dir: &Path, lang: Option<Lang>) -> Result<Tally> {
    let mut t = Tally::default();
    for f in folders(dir)? {
        let d = read_doc(&f)?;
        if lang.is_none_or(|l| l == d.lang) {
            let claims = tally_core::extract(&d.text, &d.ctx).claims;
            t.add(&d, &claims);
        }
    }
    Ok(t)
}

/// Claims another program wrote, one JSON object a line with a `"doc"` field naming the
/// corpus folder and the claim's fields as CLAIMS.md gives them, scored against the gold of
/// the documents in `docs`. A line that is not a claim is an error naming its line number.
pub fn score_predictions(docs: &[Doc], jsonl: &Path) -> Result<Tally> {
    let raw = std::fs::read_to_string(jsonl).with_context(|| format!("{}: cannot read", jsonl.display()))?;
    let mut by_doc: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    for (i, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", jsonl.display(), i + 1))?;
        let doc = v["doc"].as_str().with_context(|| format!("{}:{}: no \"doc\"", jsonl.display(), i + 1))?;
        let claim: Claim = serde_json::from_value(v.clone())
            .with_context(|| format!("{}:{}: not a claim", jsonl.display(), i + 1))?;
        by_doc.entry(doc.to_owned()).or_default().push(claim);
    }
    let mut t = Tally::default();
    for d in docs {
        t.add(d, by_doc.get(&d.id).map_or(&[][..], Vec::as_slice));
    }
    Ok(t)
}
