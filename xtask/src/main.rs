//! `cargo xtask`: chores that are not part of the `tally` binary — the scale corpus and the
//! benchmark harness.
//!
//! - `cargo xtask corpus --docs N --seed S --out DIR [--size-mb M]` writes a deterministic
//!   corpus of generated reports with their gold claims (the generator is the `tally-gen`
//!   crate; see its docs for what the reports hold). `--size-mb` stops at that many
//!   megabytes (10^6 bytes) of text; with it, `--docs` is an upper bound.
//! - `cargo xtask score DIR [--predictions FILE]` scores tally's extractor (or another
//!   program's claims, JSON Lines with a `"doc"` field) against a gold corpus with
//!   `tally eval`'s scorer, English and Korean apart.
//! - `cargo xtask bench [--quick]` runs the benchmarks of issue 7 and issue 2's extraction
//!   benchmark; a full run appends its results to `bench/RESULTS.md` (`--no-record` not),
//!   a quick one only prints them (`--record` appends). [`bench`] documents each
//!   measurement and its method.
//!
//! What xtask does not do: it changes no product code and installs nothing system-wide;
//! the peer's Python packages go into a venv under `bench/work/` (ignored by git).

mod bench;
mod score;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

/// The allocator the `tally` binary uses (see `crates/cli/src/main.rs`), so that extraction
/// measured in this process is extraction as `tally` runs it.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "tally's chores: the scale corpus and the benchmarks")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Write a generated corpus (CLAIMS.md layout, with gold claims).
    Corpus {
        /// How many reports (with --size-mb: at most this many).
        #[arg(long)]
        docs: Option<u64>,
        /// The seed: the same seed writes the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write; created, and it must be empty.
        #[arg(long)]
        out: PathBuf,
        /// Stop at this many megabytes (10^6 bytes) of text.
        #[arg(long)]
        size_mb: Option<u64>,
    },
    /// Score claims against a gold corpus with `tally eval`'s scorer.
    Score {
        /// A corpus folder laid out as CLAIMS.md says.
        dir: PathBuf,
        /// Claims of another program (JSON Lines, each with "doc"); default: tally's extractor.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// List this many unpaired claims (misses and false claims) with their sentences.
        #[arg(long, default_value_t = 0)]
        show: usize,
    },
    /// Run the benchmarks and append the results to bench/RESULTS.md.
    Bench {
        /// The short run: small corpora, under five minutes on two cores.
        #[arg(long)]
        quick: bool,
        /// Append a quick run's results to bench/RESULTS.md too (a full run always does).
        #[arg(long)]
        record: bool,
        /// Print a full run's results without appending them to bench/RESULTS.md.
        #[arg(long)]
        no_record: bool,
        /// Scale points instead of the run's own, comma-separated: a number of reports
        /// (`100000`) or megabytes of text (`1000MB`, `1GB`).
        #[arg(long, value_delimiter = ',')]
        sizes: Vec<String>,
        /// Only the scale points: no extraction, divan or peer measurements.
        #[arg(long)]
        scale_only: bool,
    },
    /// The harness's recompute child: events and estimate over a data folder's claims.
    #[command(hide = true)]
    Recompute {
        #[arg(long)]
        data: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Corpus { docs, seed, out, size_mb } => {
            let bytes = size_mb.map(|m| m * 1_000_000);
            let config = tally_gen::Config { seed, docs, bytes };
            let t = std::time::Instant::now();
            let sum = tally_gen::generate(&out, config, &mut |s| {
                if s.docs % 10_000 == 0 {
                    eprint!("\r{} documents, {:.1} MB", s.docs, s.text_bytes as f64 / 1e6);
                }
            })
            .with_context(|| format!("generating into {}", out.display()))?;
            eprintln!();
            println!(
                "{} documents ({} Korean, {} negative), {:.1} MB of text, {} gold claims in {} ({:.1} s)",
                sum.docs,
                sum.korean_docs,
                sum.negative_docs,
                sum.text_bytes as f64 / 1e6,
                sum.claims,
                out.display(),
                t.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Cmd::Score { dir, predictions, show } => {
            let t = match predictions {
                Some(p) => score::score_predictions(&score::read_corpus(&dir, None)?, &p)?,
                None => score::score_tally(&dir, None)?,
            };
            println!("{} documents in {}", t.documents, dir.display());
            for key in ["overall", "lang en", "lang ko"] {
                let p = t.prf(key);
                println!(
                    "{key:<8} gold {:>7} predicted {:>7} matched {:>7}  precision {:5.1}%  recall {:5.1}%  F1 {:5.1}%",
                    p.gold,
                    p.predicted,
                    p.matched,
                    p.precision * 100.0,
                    p.recall * 100.0,
                    p.f1 * 100.0
                );
            }
            for (doc, what, kind, figure, sentence) in t.unpaired.iter().take(show) {
                println!("{doc} {what:<5} {kind:<20} {figure:<28} {sentence}");
            }
            Ok(())
        }
        Cmd::Bench { quick, record, no_record, sizes, scale_only } => bench::run(bench::Options {
            quick,
            record: if quick { record } else { !no_record },
            sizes: sizes.iter().map(|s| bench::Size::parse(s)).collect::<Result<_>>()?,
            scale_only,
        }),
        Cmd::Recompute { data } => bench::recompute::child(&data),
    }
}
