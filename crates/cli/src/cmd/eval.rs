//! `tally eval GOLD_DIR [--json]`: scores extraction against a corpus laid out as CLAIMS.md
//! says (`<id>/text.txt`, `meta.json`, `gold.json`). It reads the corpus and runs the
//! extractor in memory; the user's data folder is never opened.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use tally_core::corroborate::{
    ClaimId, ClaimRecord, ClusterConfig, Corroboration, DocId, DocInfo, pairwise_score,
};
use tally_core::eval::{GoldFile, Report, Scored, score};
use tally_core::{Claim, DocContext, extract};
use tally_ingest::{Input, Overrides, load};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A corpus folder: one sub-folder per document with text.txt, meta.json and gold.json.
    pub gold_dir: PathBuf,
    /// Print the full report as JSON, with every miss and false claim and its sentence.
    #[arg(long)]
    pub json: bool,
}

/// One corpus document, read and extracted.
pub struct EvalDoc {
    pub id: String,
    pub lang: tally_core::Lang,
    pub negative: bool,
    pub gold: GoldFile,
    pub predicted: Vec<Claim>,
    /// What corroboration needs of the document (outlet, date, text).
    pub info: DocInfo,
}

/// How well the events tally builds from its own claims agree with the gold `event_key`s:
/// pairwise precision and recall over the predicted claims matched to a gold claim that
/// names its event.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClusteringReport {
    pub claims: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub predicted_pairs: u64,
    pub gold_pairs: u64,
    pub true_pairs: u64,
}

/// Clusters the predicted claims of the whole corpus and scores the events against the gold
/// keys of the gold claims they were matched to.
pub fn clustering(docs: &[EvalDoc]) -> Result<ClusteringReport> {
    let mut infos = Vec::new();
    let mut records = Vec::new();
    let mut keys: Vec<(ClaimId, String)> = Vec::new();
    for d in docs {
        infos.push(d.info.clone());
        let gold: Vec<Claim> = d.gold.claims.iter().map(|g| g.claim.clone()).collect();
        let pairs = tally_core::eval::match_claims(&gold, &d.predicted);
        for (i, c) in d.predicted.iter().enumerate() {
            let id = ClaimId::new(format!("c-{}-{i}", d.id));
            if let Some(key) =
                pairs.iter().find(|(_, p)| *p == i).and_then(|(g, _)| d.gold.claims[*g].event_key.clone())
            {
                keys.push((id.clone(), key));
            }
            records.push(ClaimRecord { id, document: d.info.id.clone(), claim: c.clone() });
        }
    }
    let corr = Corroboration::build(infos, records, ClusterConfig::default())
        .map_err(|e| anyhow::anyhow!("clustering: {e}"))?;
    let s =
        pairwise_score(keys.iter().filter_map(|(id, key)| Some((corr.event_of(id)?.clone(), key.clone()))));
    Ok(ClusteringReport {
        claims: keys.len(),
        precision: s.precision,
        recall: s.recall,
        f1: s.f1,
        predicted_pairs: s.predicted_pairs,
        gold_pairs: s.gold_pairs,
        true_pairs: s.true_pairs,
    })
}

/// Reads every document under `dir` and extracts its claims.
pub fn load_corpus(dir: &Path) -> Result<Vec<EvalDoc>> {
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list the folder", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("text.txt").is_file())
        .collect();
    entries.sort();
    if entries.is_empty() {
        bail!("{}: no documents (sub-folders with text.txt) found", dir.display());
    }
    let mut docs = Vec::with_capacity(entries.len());
    for path in entries {
        let gold_path = path.join("gold.json");
        let raw = std::fs::read_to_string(&gold_path)
            .with_context(|| format!("{}: cannot read", gold_path.display()))?;
        let gold: GoldFile = serde_json::from_str(&raw)
            .with_context(|| format!("{}: not a gold file", gold_path.display()))?;
        let loaded = load(&Input::CorpusDir(path.clone()), &Overrides::default())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let ctx = DocContext { lang: loaded.lang, published: loaded.meta.published };
        let predicted = extract(&loaded.text, &ctx).claims;
        let id = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let info = DocInfo {
            id: DocId::new(format!("d-{id}")),
            outlet: loaded.meta.outlet.clone(),
            url: loaded.meta.url.clone(),
            published: loaded.meta.published,
            title: loaded.meta.title.clone(),
            text: loaded.text.clone(),
        };
        docs.push(EvalDoc { id, lang: loaded.lang, negative: loaded.meta.negative, gold, predicted, info });
    }
    Ok(docs)
}

/// Scores documents read with [`load_corpus`].
pub fn report(docs: &[EvalDoc]) -> Report {
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
    score(&scored)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let docs = load_corpus(&args.gold_dir)?;
    let r = report(&docs);
    let events = clustering(&docs)?;
    if args.json {
        let mut v = serde_json::to_value(&r)?;
        v["events"] = serde_json::to_value(&events)?;
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    let pct = |x: f64| format!("{:5.1}%", x * 100.0);
    println!("tally eval: {} documents in {}", r.documents, args.gold_dir.display());
    println!();
    println!("claims          gold  pred  match  precision  recall      F1");
    let line = |name: &str, p: &tally_core::eval::Prf| {
        println!(
            "{name:<14} {:>5} {:>5} {:>6}     {}  {}  {}",
            p.gold,
            p.predicted,
            p.matched,
            pct(p.precision),
            pct(p.recall),
            pct(p.f1)
        );
    };
    line("overall", &r.overall);
    for (lang, p) in &r.by_language {
        line(&format!("  lang {lang}"), p);
    }
    for (kind, p) in &r.by_kind {
        line(&format!("  {kind}"), p);
    }
    println!();
    println!("fields on matched claims");
    for (f, s) in &r.fields {
        println!("  {f:<20} {:>3}/{:<3} {}", s.correct, s.total, pct(s.accuracy));
    }
    println!(
        "  {:<20} {:>3}/{:<3} {}",
        "all fields",
        r.field_accuracy.correct,
        r.field_accuracy.total,
        pct(r.field_accuracy.accuracy)
    );
    println!();
    println!(
        "negative documents: {} claims on {} documents ({:.2} per document)",
        r.claims_on_negative_documents,
        r.negative_documents,
        r.negative_rate()
    );
    println!(
        "misses: {}, false claims: {} (`--json` lists each with its sentence)",
        r.misses.len(),
        r.false_claims.len()
    );
    println!();
    println!(
        "events: pairwise precision {} recall {} F1 {} over {} matched claims with a gold event",
        pct(events.precision),
        pct(events.recall),
        pct(events.f1),
        events.claims
    );
    Ok(ExitCode::SUCCESS)
}
