//! Events and estimates recomputed through tally-core's public API, over the claims an
//! ingest stored: the figure issue 7 asks for at a million claims, without the CLI's JSON
//! output or its saving of memberships.
//!
//! It runs as its own process (`cargo xtask recompute --data DIR`, hidden, started by the
//! harness from the same release binary) so that [`crate::bench::process::measure`] sees
//! the recompute's own peak memory and nothing the harness held before. The child reads
//! every document and claim of the store (as `tally events` does, minus analysts' reviews,
//! of which a benchmark store has none), then times `Corroboration::build` (clustering,
//! independence, derivations) and `estimate` apart, and prints one JSON line. It does not
//! render views or write anything to the store.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use tally_core::corroborate::{ClusterConfig, Corroboration, EstimateOptions, estimate};
use tally_store::SqliteStore;

/// What the child measured, in seconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Phases {
    pub claims: u64,
    pub events: u64,
    pub load_s: f64,
    pub build_s: f64,
    pub estimate_s: f64,
}

/// The child's work: load, build, estimate; prints the JSON line [`parse`] reads.
pub fn child(data: &Path) -> Result<()> {
    let t = Instant::now();
    let store =
        SqliteStore::open_dir(data).with_context(|| format!("opening the data folder {}", data.display()))?;
    // The same reading as `tally events` (a generated corpus has no reviews to apply).
    let tally_store::reviews::ReviewedLedger { docs, claims, .. } =
        tally_store::reviews::reviewed_ledger(&store).context("reading the ledger")?;
    drop(store);
    let n = claims.len() as u64;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).context("building events")?;
    let build_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let figures = estimate(&corr, &EstimateOptions::default());
    let estimate_s = t.elapsed().as_secs_f64();
    std::hint::black_box(&figures);
    println!(
        "{}",
        serde_json::json!({
            "claims": n,
            "events": corr.event_count(),
            "load_s": load_s,
            "build_s": build_s,
            "estimate_s": estimate_s,
        })
    );
    Ok(())
}

/// Reads the child's JSON line from its log.
pub fn parse(log: &Path) -> Result<Phases> {
    let raw = std::fs::read_to_string(log).with_context(|| format!("{}: cannot read", log.display()))?;
    let line = raw.lines().last().unwrap_or("");
    let v: serde_json::Value = serde_json::from_str(line)
        .with_context(|| format!("{}: the recompute's summary is not JSON: {line}", log.display()))?;
    let f = |k: &str| v[k].as_f64().with_context(|| format!("{}: no {k} in {line}", log.display()));
    Ok(Phases {
        claims: f("claims")? as u64,
        events: f("events")? as u64,
        load_s: f("load_s")?,
        build_s: f("build_s")?,
        estimate_s: f("estimate_s")?,
    })
}
