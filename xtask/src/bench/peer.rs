//! The Python peer (`bench/peer/peer.py`): its venv, its run, and its score.
//!
//! The venv is created by the harness itself (`python3 -m venv bench/work/venv`, then
//! `pip install -r bench/peer/requirements.txt` from PyPI), never by hand, so a fresh
//! machine reproduces the peer. The peer runs as one process pinned to one thread of
//! BLAS/OpenMP, like the extractor's one core, and times its own extraction (model loading
//! apart); its claims are scored here with `tally eval`'s scorer against the same gold.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::score::{Doc, Tally, score_predictions};

/// What the peer reported about its run.
#[derive(Debug, Clone, Copy)]
pub struct PeerRun {
    pub bytes: u64,
    pub secs: f64,
    pub load_secs: f64,
}

impl PeerRun {
    pub fn mb_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.secs
    }
}

/// Creates the venv when missing and installs the requirements (a no-op when satisfied).
pub fn ensure_venv(root: &Path) -> Result<PathBuf> {
    let venv = root.join("bench/work/venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        eprintln!("creating the peer's venv in {}", venv.display());
        let st = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .context("running python3 -m venv")?;
        if !st.success() {
            bail!("python3 -m venv {} failed", venv.display());
        }
    }
    let req = root.join("bench/peer/requirements.txt");
    let st = Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(&req)
        .status()
        .context("running pip")?;
    if !st.success() {
        bail!(
            "pip install -r {} into {} failed (is PyPI reachable from this machine? pip's own message is above)",
            req.display(),
            venv.display()
        );
    }
    Ok(python)
}

/// Runs the peer over the English documents of `corpus`, writing its claims to `out`, and
/// for at least `min_secs` of extraction (repeated passes) so that its speed is measured
/// over more than a moment.
pub fn run(root: &Path, python: &Path, corpus: &Path, out: &Path, min_secs: f64) -> Result<PeerRun> {
    let output = Command::new(python)
        .arg(root.join("bench/peer/peer.py"))
        .arg(corpus)
        .arg(out)
        .args(["--lang", "en", "--min-seconds", &min_secs.to_string()])
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .env("PYTHONWARNINGS", "ignore")
        .output()
        .context("running bench/peer/peer.py")?;
    if !output.status.success() {
        bail!(
            "bench/peer/peer.py failed: {}",
            String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or("")
        );
    }
    let line = String::from_utf8_lossy(&output.stdout);
    let v: serde_json::Value = serde_json::from_str(line.lines().last().unwrap_or(""))
        .with_context(|| format!("the peer's summary is not JSON: {line}"))?;
    let num = |k: &str| v[k].as_f64().with_context(|| format!("the peer's summary lacks {k}: {line}"));
    Ok(PeerRun { bytes: num("bytes")? as u64, secs: num("seconds")?, load_secs: num("load_seconds")? })
}

/// The peer's claims scored against `docs` (its English documents).
pub fn score(docs: &[Doc], out: &Path) -> Result<Tally> {
    score_predictions(docs, out)
}
