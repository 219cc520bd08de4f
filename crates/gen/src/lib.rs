//! The scale corpus: deterministic news-like reports about North Korea's overseas labour,
//! English and Korean, each with its gold claims, so that tally's speed *and* accuracy can
//! be measured on corpora from a megabyte to a gigabyte.
//!
//! [`generate`] writes the corpus layout of CLAIMS.md (`<id>/text.txt`, `meta.json`,
//! `gold.json`) one report at a time, so memory stays constant whatever the size. Report
//! `n` of seed `s` is drawn from its own ChaCha8 stream (seed `s`, stream `n`): the same
//! seed gives the same bytes on every machine and every run, and any report can be rebuilt
//! alone ([`report`]). The words come from tally's lexicons (`crates/core/data/*.tsv`)
//! through [`lexicon`]; the sentences are templates written for this crate ([`doc`]); the
//! figures and times are drawn as values first and then written, so the gold follows from
//! the values, not from reading the text back.
//!
//! This crate deliberately does not run the extractor or score anything: `xtask` and the
//! CLI's tests do that with `tally eval`'s scorer, so generator and extractor are checked
//! against each other rather than one defining the other.

pub mod doc;
pub mod figures;
pub mod lexicon;
pub mod times;

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub use doc::{Meta, Report};

/// The most reports one corpus may hold: ten million folders is beyond any benchmark here
/// and a typing slip (`--docs 1000000000`) should not fill the disk.
pub const MAX_DOCS: u64 = 10_000_000;
/// The largest corpus, in bytes of text: a little over the 1 GB benchmark.
pub const MAX_BYTES: u64 = 4_000_000_000;

/// Why a corpus could not be written. Display is one line naming the path.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}: the output folder is not empty; give a new or empty folder")]
    NotEmpty(PathBuf),
    #[error("nothing to generate: give a number of documents or a size")]
    NoSize,
    #[error("too large: {0} (the limit is {MAX_DOCS} documents and {MAX_BYTES} bytes)")]
    TooLarge(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How much to generate, and from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub seed: u64,
    /// Stop after this many reports.
    pub docs: Option<u64>,
    /// Stop once the texts hold at least this many bytes.
    pub bytes: Option<u64>,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub docs: u64,
    pub negative_docs: u64,
    pub korean_docs: u64,
    /// Bytes of text (`text.txt` files), the figure corpus sizes are quoted in.
    pub text_bytes: u64,
    pub claims: u64,
}

/// The folder name of report `n`.
pub fn doc_id(n: u64) -> String {
    format!("g{n:07}")
}

/// Report `n` of the corpus of `seed`, built alone from its own stream.
pub fn report(seed: u64, n: u64) -> Report {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(n);
    doc::report(&mut rng, &doc_id(n))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_owned(), source }
}

/// Writes one report's folder.
pub fn write_report(dir: &Path, r: &Report) -> Result<()> {
    let folder = dir.join(&r.meta.id);
    std::fs::create_dir(&folder).map_err(io(&folder))?;
    let text = folder.join("text.txt");
    std::fs::write(&text, &r.text).map_err(io(&text))?;
    let meta = folder.join("meta.json");
    let json = serde_json::to_vec_pretty(&r.meta).expect("metadata always serialises");
    std::fs::write(&meta, json).map_err(io(&meta))?;
    let gold = folder.join("gold.json");
    let json = serde_json::to_vec(&serde_json::json!({ "claims": r.gold })).expect("claims always serialise");
    std::fs::write(&gold, json).map_err(io(&gold))?;
    Ok(())
}

/// Writes a corpus into `dir` (created if missing; it must be empty), one report at a
/// time. `progress` is told the running summary after each report.
pub fn generate(dir: &Path, config: Config, progress: &mut dyn FnMut(&Summary)) -> Result<Summary> {
    if config.docs.is_none() && config.bytes.is_none() {
        return Err(Error::NoSize);
    }
    if config.docs.is_some_and(|d| d > MAX_DOCS) || config.bytes.is_some_and(|b| b > MAX_BYTES) {
        return Err(Error::TooLarge(format!("{:?} documents, {:?} bytes", config.docs, config.bytes)));
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    if std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(Error::NotEmpty(dir.to_owned()));
    }
    let mut sum = Summary::default();
    let docs = config.docs.unwrap_or(MAX_DOCS);
    let bytes = config.bytes.unwrap_or(u64::MAX);
    while sum.docs < docs && sum.text_bytes < bytes {
        let r = report(config.seed, sum.docs);
        write_report(dir, &r)?;
        sum.docs += 1;
        sum.negative_docs += u64::from(r.meta.negative);
        sum.korean_docs += u64::from(r.meta.lang == tally_core::Lang::Ko);
        sum.text_bytes += r.text.len() as u64;
        sum.claims += r.gold.len() as u64;
        progress(&sum);
    }
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_reports_and_another_seed_others() {
        let a = report(7, 42);
        let b = report(7, 42);
        assert_eq!(a.text, b.text);
        assert_eq!(a.gold, b.gold);
        assert_ne!(report(8, 42).text, a.text);
        assert_ne!(report(7, 43).text, a.text);
    }

    #[test]
    fn a_corpus_lands_in_the_claims_md_layout_and_refuses_a_used_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("corpus");
        let mut calls = 0;
        let sum =
            generate(&out, Config { seed: 1, docs: Some(20), bytes: None }, &mut |_| calls += 1).unwrap();
        assert_eq!((sum.docs, calls), (20, 20));
        let first = out.join(doc_id(0));
        let text = std::fs::read_to_string(first.join("text.txt")).unwrap();
        assert_eq!(text, report(1, 0).text);
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(first.join("meta.json")).unwrap()).unwrap();
        assert_eq!(meta["id"], doc_id(0));
        assert!(meta["lang"] == "en" || meta["lang"] == "ko");
        let gold: tally_core::eval::GoldFile =
            serde_json::from_slice(&std::fs::read(first.join("gold.json")).unwrap()).unwrap();
        assert_eq!(gold.claims.len(), report(1, 0).gold.len());
        let again = generate(&out, Config { seed: 1, docs: Some(1), bytes: None }, &mut |_| {});
        assert!(matches!(again, Err(Error::NotEmpty(_))));
    }

    #[test]
    fn a_size_target_stops_at_the_first_report_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let sum =
            generate(dir.path(), Config { seed: 2, docs: None, bytes: Some(50_000) }, &mut |_| {}).unwrap();
        assert!(sum.text_bytes >= 50_000 && sum.text_bytes < 60_000, "{sum:?}");
        assert!(matches!(
            generate(dir.path(), Config { seed: 2, docs: None, bytes: None }, &mut |_| {}),
            Err(Error::NoSize)
        ));
    }
}
