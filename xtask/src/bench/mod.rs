//! `cargo xtask bench [--quick]`: the benchmarks of issue 7 (and issue 2's extraction
//! figure), run side by side with the Python peer, appended to `bench/RESULTS.md`.
//!
//! What it measures, and how:
//! - **Extraction, one core** ([`extract`]): `tally_core::extract` on this thread over the
//!   dev corpus (`../shared/corpus/dev`) repeated to 100 MB (issue 2: ≥ 20 MB/s), over its
//!   English documents (the peer's text), and over generated English and Korean reports;
//!   each run three times over its whole byte target and reported as the median run with
//!   the slowest and fastest, beside the floor, `memchr` line counting over the same bytes.
//! - **The peer** ([`peer`]): `bench/peer/peer.py` (spaCy small English pipeline,
//!   quantulum3, dateparser, a keyword mapping) in a venv the harness creates, over the same
//!   English documents; both sides scored with `tally eval`'s scorer.
//! - **Scale** (whole processes, [`process`]): generated corpora of 1,000, 10,000 and
//!   100,000 reports and 1 GB of text (quick: 1,000 and 10,000) written by `tally-gen`;
//!   for each, the release `tally ingest` into a fresh data folder (wall, CPU, peak RSS via
//!   `wait4`), the extractor's F1 against the generated gold, search latency in this
//!   process ([`search`]), and the release `tally events --json` and `tally estimate
//!   --json` recomputes over the stored claims (wall and peak RSS), up to ~1M claims.
//!
//! Work files go to `bench/work/xtask-bench/` (ignored by git) and each corpus and data
//! folder is deleted once measured. The harness re-runs itself as a release build when
//! started from a debug one (`cargo xtask` builds debug), since the extractor is measured
//! in this process. It never edits existing sections of `bench/RESULTS.md`: it appends.

mod extract;
mod machine;
mod peer;
mod process;
pub mod recompute;
mod search;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use tally_core::Lang;
use tally_store::Store;

use crate::score::{self, Tally};
use extract::{Text, Throughput};

/// The seed of every generated corpus the harness writes.
const SEED: u64 = 20_261_129;
/// Issue 2's extraction target, MB/s on one core.
const TARGET_EXTRACT_MB_S: f64 = 20.0;
/// Issue 7's targets.
const TARGET_PEER_RATIO: f64 = 500.0;
const TARGET_FLOOR_MULTIPLE: f64 = 20.0;
const TARGET_GB_INGEST_S: f64 = 300.0;
const TARGET_GB_RSS_MB: f64 = 500.0;
const TARGET_SEARCH_P99_MS: f64 = 20.0;
/// Issue 4's target for recomputing events and estimates over a million claims.
const TARGET_RECOMPUTE_S: f64 = 10.0;
/// Above this many stored claims the events and estimate recomputes are not run: the
/// 1 GB corpus holds about four million, beyond the one million issue 7 asks about.
const MAX_RECOMPUTE_CLAIMS: u64 = 1_500_000;

/// A corpus size: a number of reports, or megabytes of text.
#[derive(Debug, Clone, Copy)]
pub enum Size {
    Docs(u64),
    Mb(u64),
}

impl Size {
    /// `100000` (reports), `500MB` or `1GB` (text).
    pub fn parse(s: &str) -> Result<Size> {
        let t = s.trim().to_ascii_uppercase();
        let num = |x: &str| x.trim().parse::<u64>().with_context(|| format!("{s:?}: not a corpus size"));
        Ok(if let Some(x) = t.strip_suffix("GB") {
            Size::Mb(num(x)? * 1000)
        } else if let Some(x) = t.strip_suffix("MB") {
            Size::Mb(num(x)?)
        } else {
            Size::Docs(num(&t)?)
        })
    }
    fn label(self) -> String {
        match self {
            Size::Docs(n) => format!("{n} docs"),
            Size::Mb(m) if m >= 1000 => format!("{} GB", m / 1000),
            Size::Mb(m) => format!("{m} MB"),
        }
    }
    fn slug(self) -> String {
        match self {
            Size::Docs(n) => format!("d{n}"),
            Size::Mb(m) => format!("mb{m}"),
        }
    }
}

/// What a run covers.
struct Plan {
    quick: bool,
    dev_bytes: u64,
    gen_bytes: u64,
    peer_min_secs: f64,
    peer_gen_docs: u64,
    sizes: Vec<Size>,
    search_rounds: usize,
}

impl Plan {
    fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                quick,
                // The extractor runs at ~2 MB/s here (2026-11-29): 100 MB alone would take
                // most of the five minutes a quick run may last.
                dev_bytes: 20_000_000,
                gen_bytes: 10_000_000,
                peer_min_secs: 0.0,
                peer_gen_docs: 0,
                sizes: vec![Size::Docs(1000), Size::Docs(10_000)],
                search_rounds: 5,
            }
        } else {
            Plan {
                quick,
                dev_bytes: 100_000_000,
                gen_bytes: 100_000_000,
                peer_min_secs: 20.0,
                peer_gen_docs: 100,
                sizes: vec![Size::Docs(1000), Size::Docs(10_000), Size::Docs(100_000), Size::Mb(1000)],
                search_rounds: 20,
            }
        }
    }
}

/// One extraction measurement with its floor.
struct ExtractRow {
    what: String,
    unique_bytes: u64,
    /// The median of [`EXTRACT_RUNS`] runs, by speed.
    ex: Throughput,
    /// The slowest and the fastest run, MB/s.
    spread: (f64, f64),
    floor: Throughput,
}

/// Runs of each extraction row, each over the row's whole byte target: the row reports the
/// median run and the spread. One run on this shared machine swung by a fifth with what
/// else its host ran (2026-11-30: 16.1 and 20.1 MB/s for the same build an hour apart); the
/// median of three is steadier and the spread shows the swing.
const EXTRACT_RUNS: usize = 3;

/// One scale point.
#[derive(Default)]
struct ScaleRow {
    label: String,
    docs: u64,
    text_mb: f64,
    gold_claims: u64,
    generate_s: f64,
    stored_claims: u64,
    ingest: process::Cost,
    data_mb: f64,
    f1: Option<(f64, f64, f64)>,
    search_en: Option<search::Latency>,
    search_ko: Option<search::Latency>,
    events: Option<process::Cost>,
    estimate: Option<process::Cost>,
    recompute: Option<(process::Cost, recompute::Phases)>,
}

struct PeerRow {
    corpus: String,
    peer: peer::PeerRun,
    peer_score: Tally,
    tally_mb_s: f64,
    tally_score: Tally,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace root").to_owned()
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn du_mb(path: &Path) -> f64 {
    fn walk(p: &Path) -> u64 {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok()).map(|e| walk(&e.path())).sum())
                .unwrap_or(0),
            Ok(m) => m.len(),
            Err(_) => 0,
        }
    }
    walk(path) as f64 / 1e6
}

/// What `cargo xtask bench` was asked for.
pub struct Options {
    pub quick: bool,
    pub record: bool,
    /// Scale points replacing the plan's, when not empty.
    pub sizes: Vec<Size>,
    pub scale_only: bool,
}

pub fn run(opts: Options) -> Result<()> {
    let Options { quick, record, ref sizes, scale_only } = opts;
    if cfg!(debug_assertions) {
        // The extractor and the search are measured in this process: they must be built
        // as the release binary is.
        let mut args: Vec<String> =
            ["run", "--release", "--quiet", "--package", "xtask", "--", "bench"].map(String::from).to_vec();
        args.extend(command_flags(quick, scale_only, sizes));
        if quick && record {
            args.push("--record".into());
        }
        if !quick && !record {
            args.push("--no-record".into());
        }
        let st = Command::new(env!("CARGO"))
            .args(&args)
            .current_dir(root())
            .status()
            .context("re-running in release")?;
        if !st.success() {
            bail!("the release run failed");
        }
        return Ok(());
    }
    let started = Instant::now();
    let flags = command_flags(quick, scale_only, sizes);
    let root = root();
    let mut plan = Plan::new(quick);
    if !sizes.is_empty() {
        plan.sizes.clone_from(sizes);
    }
    let m = machine::machine();
    eprintln!("bench: {} cores, {}, load {}", m.cores, m.cpu, m.load);

    eprintln!("bench: building the release tally");
    let st = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--package", "tally"])
        .current_dir(&root)
        .status()
        .context("cargo build --release -p tally")?;
    if !st.success() {
        bail!("cargo build --release -p tally failed");
    }
    let tally = target_dir(&root).join("release/tally");
    let work = root.join("bench/work/xtask-bench");
    if work.exists() {
        std::fs::remove_dir_all(&work).with_context(|| format!("{}: cannot clear", work.display()))?;
    }
    std::fs::create_dir_all(&work).with_context(|| format!("{}: cannot create", work.display()))?;
    // The recompute child is this binary; a copy of it, since the divan step below rebuilds
    // the xtask package into the same target folder and replaces the file mid-run.
    let own_exe = work.join("xtask-self");
    std::fs::copy(std::env::current_exe().context("finding xtask's own binary")?, &own_exe)
        .with_context(|| format!("{}: cannot copy xtask's own binary there", own_exe.display()))?;

    // Extraction on one core.
    let dev_dir = root.join("../shared/corpus/dev");
    let dev = if dev_dir.is_dir() {
        score::read_corpus(&dev_dir, None)?
    } else {
        eprintln!("bench: no dev corpus at {}; its rows are skipped", dev_dir.display());
        Vec::new()
    };
    let texts = |lang: Option<Lang>| -> Vec<Text> {
        dev.iter()
            .filter(|d| lang.is_none_or(|l| l == d.lang))
            .map(|d| Text { text: d.text.clone(), ctx: d.ctx })
            .collect()
    };
    let mut extract_rows = Vec::new();
    let mut measure = |what: &str, t: Vec<Text>, target: u64| {
        if t.is_empty() {
            return;
        }
        eprintln!("bench: extraction over {what}");
        let unique_bytes = t.iter().map(|d| d.text.len() as u64).sum();
        let mut runs: Vec<Throughput> = (0..EXTRACT_RUNS).map(|_| extract::extraction(&t, target)).collect();
        runs.sort_by(|a, b| a.mb_s().total_cmp(&b.mb_s()));
        let spread = (runs[0].mb_s(), runs[runs.len() - 1].mb_s());
        let ex = runs[runs.len() / 2];
        let floor = extract::floor(&t, target);
        extract_rows.push(ExtractRow { what: what.to_owned(), unique_bytes, ex, spread, floor });
    };
    if scale_only {
        eprintln!("bench: --scale-only: no extraction, divan or peer measurements");
    }
    let mut measure = |what: &str, t: Vec<Text>, target: u64| {
        if !scale_only {
            measure(what, t, target);
        }
    };
    let dev_label =
        format!("dev corpus, all {} documents, repeated to {} MB", dev.len(), plan.dev_bytes / 1_000_000);
    measure(&dev_label, texts(None), plan.dev_bytes);
    measure("dev corpus, English documents", texts(Some(Lang::En)), plan.gen_bytes);
    measure("generated English reports", extract::generated(SEED, Lang::En, 5_000_000), plan.gen_bytes);
    measure("generated Korean reports", extract::generated(SEED, Lang::Ko, 5_000_000), plan.gen_bytes);

    // The divan micro benchmarks (full runs): their table is recorded as divan prints it.
    let divan_table = if plan.quick || scale_only {
        None
    } else {
        eprintln!("bench: divan micro benchmarks (cargo bench -p xtask --bench extract)");
        let out = Command::new(env!("CARGO"))
            .args(["bench", "--quiet", "--package", "xtask", "--bench", "extract"])
            .current_dir(&root)
            .output()
            .context("cargo bench -p xtask --bench extract")?;
        if !out.status.success() {
            bail!("cargo bench -p xtask --bench extract failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    };

    // The peer, on the same English text.
    let mut peer_rows = Vec::new();
    let mut peer_note = None;
    if !dev.is_empty() && !scale_only {
        // Without PyPI (or Python) the peer cannot run: the run goes on with tally's side
        // and the results say why the peer's rows are missing.
        let peers = || -> Result<Vec<PeerRow>> {
            let mut peer_rows = Vec::new();
            eprintln!("bench: the Python peer (venv in bench/work/venv)");
            let python = peer::ensure_venv(&root)?;
            let en_docs: Vec<score::Doc> = score::read_corpus(&dev_dir, Some(Lang::En))?;
            let en_mb_s = extract_rows
                .iter()
                .find(|r| r.what.starts_with("dev corpus, English"))
                .map_or(0.0, |r| r.ex.mb_s());
            let out = work.join("peer-dev.jsonl");
            let run = peer::run(&root, &python, &dev_dir, &out, plan.peer_min_secs)?;
            let mut tally_score = Tally::default();
            for d in &en_docs {
                tally_score.add(d, &tally_core::extract(&d.text, &d.ctx).claims);
            }
            peer_rows.push(PeerRow {
                corpus: format!("dev corpus, {} English documents", en_docs.len()),
                peer: run,
                peer_score: peer::score(&en_docs, &out)?,
                tally_mb_s: en_mb_s,
                tally_score,
            });
            if plan.peer_gen_docs > 0 {
                let dir = work.join("peer-gen");
                tally_gen::generate(
                    &dir,
                    tally_gen::Config { seed: SEED, docs: Some(plan.peer_gen_docs), bytes: None },
                    &mut |_| {},
                )?;
                let docs = score::read_corpus(&dir, Some(Lang::En))?;
                let out = work.join("peer-gen.jsonl");
                let run = peer::run(&root, &python, &dir, &out, 0.0)?;
                let mut tally_score = Tally::default();
                for d in &docs {
                    tally_score.add(d, &tally_core::extract(&d.text, &d.ctx).claims);
                }
                let gen_mb_s = extract_rows
                    .iter()
                    .find(|r| r.what.starts_with("generated English"))
                    .map_or(0.0, |r| r.ex.mb_s());
                peer_rows.push(PeerRow {
                    corpus: format!("generated, {} English reports", docs.len()),
                    peer: run,
                    peer_score: peer::score(&docs, &out)?,
                    tally_mb_s: gen_mb_s,
                    tally_score,
                });
            }

            Ok(peer_rows)
        };
        match peers() {
            Ok(rows) => peer_rows = rows,
            Err(e) => {
                eprintln!("bench: the Python peer did not run: {e:#}; tally's side is printed alone");
                peer_note = Some(format!("{e:#}"));
            }
        }
    }

    // Scale: generate, ingest, score, search, recompute.
    let mut scale_rows = Vec::new();
    for size in &plan.sizes {
        let size = *size;
        let corpus = work.join(format!("corpus-{}", size.slug()));
        let data = work.join(format!("data-{}", size.slug()));
        eprintln!("bench: {}: generating", size.label());
        let t = Instant::now();
        let config = match size {
            Size::Docs(n) => tally_gen::Config { seed: SEED, docs: Some(n), bytes: None },
            Size::Mb(mb) => tally_gen::Config { seed: SEED, docs: None, bytes: Some(mb * 1_000_000) },
        };
        let sum = tally_gen::generate(&corpus, config, &mut |_| {})?;
        let mut row = ScaleRow {
            label: size.label(),
            docs: sum.docs,
            text_mb: sum.text_bytes as f64 / 1e6,
            gold_claims: sum.claims,
            generate_s: t.elapsed().as_secs_f64(),
            ..ScaleRow::default()
        };
        eprintln!("bench: {}: tally ingest ({} docs, {:.0} MB)", row.label, row.docs, row.text_mb);
        row.ingest = process::measure(
            Command::new(&tally).arg("--data").arg(&data).arg("ingest").arg(&corpus).env("TALLY_LOG", "warn"),
            &work.join(format!("ingest-{}.log", size.slug())),
        )?;
        row.data_mb = du_mb(&data);
        {
            let store = tally_store::SqliteStore::open_dir(&data).context("opening the benchmark store")?;
            row.stored_claims = store.counts().context("counting claims")?.claims;
        }
        if row.docs <= 100_000 {
            eprintln!("bench: {}: scoring the extractor against the generated gold", row.label);
            let s = score::score_tally(&corpus, None)?;
            row.f1 = Some((s.prf("overall").f1, s.prf("lang en").f1, s.prf("lang ko").f1));
        }
        eprintln!("bench: {}: search", row.label);
        row.search_en = Some(search::latency(&data, &search::ENGLISH, plan.search_rounds)?);
        row.search_ko = Some(search::latency(&data, &search::KOREAN, plan.search_rounds)?);
        if row.stored_claims <= MAX_RECOMPUTE_CLAIMS {
            eprintln!("bench: {}: events and estimate over {} claims", row.label, row.stored_claims);
            // tally-core's API alone, in a process of its own for its peak memory.
            let log = work.join(format!("recompute-{}.log", size.slug()));
            let cost =
                process::measure(Command::new(&own_exe).arg("recompute").arg("--data").arg(&data), &log)?;
            row.recompute = Some((cost, recompute::parse(&log)?));
            // What a user runs: a full re-clustering and the estimate, as JSON Lines.
            for (which, args) in [
                ("events", &["events", "--recompute", "--json"][..]),
                ("estimate", &["estimate", "--json"][..]),
            ] {
                let cost = process::measure(
                    Command::new(&tally).arg("--data").arg(&data).args(args).env("TALLY_LOG", "warn"),
                    &work.join(format!("{which}-{}.log", size.slug())),
                )?;
                if which == "events" {
                    row.events = Some(cost);
                } else {
                    row.estimate = Some(cost);
                }
            }
        }
        std::fs::remove_dir_all(&corpus).ok();
        std::fs::remove_dir_all(&data).ok();
        scale_rows.push(row);
        // A long run that is stopped part-way still leaves what it measured.
        let partial = render(
            &m,
            &flags,
            &extract_rows,
            divan_table.as_deref(),
            &peer_rows,
            peer_note.as_deref(),
            &scale_rows,
            started.elapsed().as_secs_f64(),
        );
        std::fs::write(work.join("partial.md"), partial).ok();
    }

    let md = render(
        &m,
        &flags,
        &extract_rows,
        divan_table.as_deref(),
        &peer_rows,
        peer_note.as_deref(),
        &scale_rows,
        started.elapsed().as_secs_f64(),
    );
    println!("{md}");
    if record {
        use std::io::Write as _;
        let path = root.join("bench/RESULTS.md");
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .with_context(|| format!("{}: cannot open to append", path.display()))?;
        write!(f, "\n{md}").with_context(|| format!("{}: cannot append", path.display()))?;
        eprintln!("bench: appended to {}", path.display());
    }
    Ok(())
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// The verdict on a target stated at a scale the run may not have reached: "met" is said
/// only at that scale (a small point's time says nothing of the large one's), "not met" at
/// any scale where the measure already misses it.
fn met_at(ok: bool, at_scale: bool) -> &'static str {
    match (ok, at_scale) {
        (false, _) => met(false),
        (true, true) => met(true),
        (true, false) => "not judged (below the target's scale)",
    }
}

/// The flags that say what a run measures (not whether it records): what the release re-run
/// is given and what the results' header names.
fn command_flags(quick: bool, scale_only: bool, sizes: &[Size]) -> Vec<String> {
    let mut flags = Vec::new();
    if quick {
        flags.push("--quick".to_owned());
    }
    if scale_only {
        flags.push("--scale-only".to_owned());
    }
    if !sizes.is_empty() {
        let list: Vec<String> = sizes
            .iter()
            .map(|s| match s {
                Size::Docs(n) => n.to_string(),
                Size::Mb(m) => format!("{m}MB"),
            })
            .collect();
        flags.push(format!("--sizes={}", list.join(",")));
    }
    flags
}

fn met(ok: bool) -> &'static str {
    if ok { "**met**" } else { "**not met**" }
}

fn opt_cost(c: &Option<process::Cost>) -> String {
    c.map_or_else(|| "–".to_owned(), |c| format!("{:.1} s, {:.0} MB", c.wall_s, c.peak_rss_mb))
}

// Each argument is one section of the results page, written in order; bundling them into a
// struct would only rename them.
#[allow(clippy::too_many_arguments)]
fn render(
    m: &machine::Machine,
    flags: &[String],
    ex: &[ExtractRow],
    divan: Option<&str>,
    peers: &[PeerRow],
    peer_note: Option<&str>,
    scale: &[ScaleRow],
    total_s: f64,
) -> String {
    let mut s = String::new();
    let mode = if flags.is_empty() {
        "cargo xtask bench".to_owned()
    } else {
        format!("cargo xtask bench {}", flags.join(" "))
    };
    let _ = writeln!(s, "## Benchmarks at scale and the peer side by side (issue 7): `{mode}`, {}\n", m.date);
    let _ = writeln!(
        s,
        "Commit `{}`; {} cores, {}, {:.0} GB RAM; load average at start {} (a shared machine's \
         other work makes wall times pessimistic); whole run {:.0} s. Method: `xtask/src/bench/mod.rs`.\n",
        m.commit, m.cores, m.cpu, m.memory_gb, m.load, total_s
    );

    let _ = writeln!(s, "### Extraction on one core, and the floor\n");
    let _ = writeln!(
        s,
        "| text | unique MB | processed MB (each run) | extraction MB/s, median of {EXTRACT_RUNS} runs (slowest–fastest) | floor MB/s (memchr lines) | extraction time × floor |"
    );
    let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: |");
    for r in ex {
        let _ = writeln!(
            s,
            "| {} | {:.2} | {:.0} | {:.1} ({:.1}–{:.1}) | {:.0} | {:.0}× |",
            r.what,
            r.unique_bytes as f64 / 1e6,
            r.ex.bytes as f64 / 1e6,
            r.ex.mb_s(),
            r.spread.0,
            r.spread.1,
            r.floor.mb_s(),
            r.ex.secs / r.floor.secs.max(1e-9)
        );
    }

    if let Some(t) = divan {
        let _ = writeln!(
            s,
            "\nThe same in divan (`cargo bench -p xtask --bench extract`, one pass per sample; throughput per second):\n\n```text\n{}\n```",
            t.trim_end()
        );
    }
    let _ = writeln!(
        s,
        "\n### tally beside the Python peer (spaCy `en_core_web_sm` + quantulum3 + dateparser), same English text, same scorer\n"
    );
    let _ = writeln!(s, "| text | side | MB/s (one core) | claim precision | recall | F1 |");
    let _ = writeln!(s, "| --- | --- | ---: | ---: | ---: | ---: |");
    if let Some(why) = peer_note {
        let _ = writeln!(s, "| – | peer | **not run**: {} | | | |", why.replace('|', "/").replace('\n', " "));
    }
    for p in peers {
        let (t, q) = (p.tally_score.prf("overall"), p.peer_score.prf("overall"));
        let _ = writeln!(
            s,
            "| {} | tally | {:.2} | {} | {} | {} |",
            p.corpus,
            p.tally_mb_s,
            pct(t.precision),
            pct(t.recall),
            pct(t.f1)
        );
        let _ = writeln!(
            s,
            "| {} | peer | {:.4} (model load {:.0} s apart) | {} | {} | {} |",
            p.corpus,
            p.peer.mb_s(),
            p.peer.load_secs,
            pct(q.precision),
            pct(q.recall),
            pct(q.f1)
        );
    }

    let _ = writeln!(
        s,
        "\n### Scale: generated corpora (`tally-gen`, seed {SEED}), whole processes of the release `tally`\n"
    );
    let _ = writeln!(
        s,
        "| corpus | docs | text MB | gold claims | stored claims | extractor F1 vs gold (all / en / ko) | ingest wall | docs/s | MB/s | ingest CPU | ingest peak RSS | data folder MB | search p50 / p99 en | search p50 / p99 ko | recompute via tally-core (events + estimate; process peak RSS) | `events --recompute --json` | `estimate --json` |"
    );
    let _ = writeln!(
        s,
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for r in scale {
        let f1 =
            r.f1.map_or_else(|| "–".to_owned(), |(a, e, k)| format!("{} / {} / {}", pct(a), pct(e), pct(k)));
        let lat = |l: &Option<search::Latency>| {
            l.map_or_else(|| "–".to_owned(), |l| format!("{:.2} / {:.2} ms", l.p50_ms, l.p99_ms))
        };
        let _ = writeln!(
            s,
            "| {} | {} | {:.1} | {} | {} | {} | {:.1} s | {:.0} | {:.2} | {:.1} s | {:.0} MB | {:.0} | {} | {} | {} | {} | {} |",
            r.label,
            r.docs,
            r.text_mb,
            r.gold_claims,
            r.stored_claims,
            f1,
            r.ingest.wall_s,
            r.docs as f64 / r.ingest.wall_s,
            r.text_mb / r.ingest.wall_s,
            r.ingest.cpu_s,
            r.ingest.peak_rss_mb,
            r.data_mb,
            lat(&r.search_en),
            lat(&r.search_ko),
            r.recompute.map_or_else(
                || "–".to_owned(),
                |(c, p)| format!(
                    "{:.1} s + {:.1} s = {:.1} s ({} events; store read {:.1} s); {:.0} MB",
                    p.build_s,
                    p.estimate_s,
                    p.build_s + p.estimate_s,
                    p.events,
                    p.load_s,
                    c.peak_rss_mb
                )
            ),
            opt_cost(&r.events),
            opt_cost(&r.estimate)
        );
    }
    if let Some(l) = scale.iter().find_map(|r| r.search_en) {
        let _ = writeln!(
            s,
            "\nSearch: {} timed English queries and as many Korean ones per corpus (`xtask/src/bench/search.rs`), \
             top ten hits with snippets, in one process after a warm-up round.",
            l.queries
        );
    }
    let _ = writeln!(
        s,
        "\nThe recompute via tally-core is `Corroboration::build` (clustering, independence, derivations) plus \
         `estimate`, timed in a child process after it has read the store (reading not counted; peak RSS includes it). \
         The CLI columns are whole processes: reading the store, the same work, saving memberships, writing JSON Lines."
    );
    let _ = writeln!(s, "\n### Growth from the smallest corpus to the largest\n");
    let _ = writeln!(
        s,
        "| corpus | stored claims | ingest ms per document | ingest peak RSS | search p99 en / ko | recompute µs per claim | recompute peak RSS |"
    );
    let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in scale {
        let p99 =
            |l: &Option<search::Latency>| l.map_or_else(|| "–".to_owned(), |l| format!("{:.2}", l.p99_ms));
        let _ = writeln!(
            s,
            "| {} | {} | {:.2} | {:.0} MB | {} / {} ms | {} | {} |",
            r.label,
            r.stored_claims,
            r.ingest.wall_s * 1e3 / r.docs.max(1) as f64,
            r.ingest.peak_rss_mb,
            p99(&r.search_en),
            p99(&r.search_ko),
            r.recompute.map_or_else(
                || "–".to_owned(),
                |(_, p)| format!("{:.1}", (p.build_s + p.estimate_s) * 1e6 / p.claims.max(1) as f64)
            ),
            r.recompute.map_or_else(|| "–".to_owned(), |(c, _)| format!("{:.0} MB", c.peak_rss_mb)),
        );
    }
    let gen_s: f64 = scale.iter().map(|r| r.generate_s).sum();
    let _ = writeln!(s, "\nGenerating the corpora took {gen_s:.0} s in all (not counted above).");

    let _ = writeln!(s, "\n### Ratios and targets\n");
    let _ = writeln!(s, "| figure | measured | target | |");
    let _ = writeln!(s, "| --- | ---: | ---: | --- |");
    if let Some(r) = ex.first() {
        let _ = writeln!(
            s,
            "| extraction, dev corpus repeated to {:.0} MB (issue 2: 100 MB), median of {EXTRACT_RUNS} runs | {:.1} MB/s | ≥ {TARGET_EXTRACT_MB_S} MB/s | {} |",
            r.ex.bytes as f64 / 1e6,
            r.ex.mb_s(),
            met(r.ex.mb_s() >= TARGET_EXTRACT_MB_S)
        );
        let mult = r.ex.secs / r.floor.secs.max(1e-9);
        let _ = writeln!(
            s,
            "| extraction time as a multiple of the floor, same bytes | {mult:.0}× | ≤ {TARGET_FLOOR_MULTIPLE}× | {} |",
            met(mult <= TARGET_FLOOR_MULTIPLE)
        );
    }
    for p in peers {
        let ratio = p.tally_mb_s / p.peer.mb_s().max(1e-12);
        let (tf, pf) = (p.tally_score.prf("overall").f1, p.peer_score.prf("overall").f1);
        let _ = writeln!(
            s,
            "| speed over the peer, {} (F1 {} vs {}) | {ratio:.0}× | ≥ {TARGET_PEER_RATIO}× with higher F1 | {} |",
            p.corpus,
            pct(tf),
            pct(pf),
            met(ratio >= TARGET_PEER_RATIO && tf > pf)
        );
    }
    if let Some(r) = scale.iter().find(|r| r.label == "1 GB") {
        let ok = r.ingest.wall_s <= TARGET_GB_INGEST_S && r.ingest.peak_rss_mb <= TARGET_GB_RSS_MB;
        let _ = writeln!(
            s,
            "| 1 GB ingested | {:.0} s, {:.0} MB peak | < {TARGET_GB_INGEST_S} s, < {TARGET_GB_RSS_MB} MB | {} |",
            r.ingest.wall_s,
            r.ingest.peak_rss_mb,
            met(ok)
        );
    }
    if let Some((r, (_, p))) =
        scale.iter().filter_map(|r| r.recompute.map(|x| (r, x))).max_by_key(|(_, (_, p))| p.claims)
    {
        let secs = p.build_s + p.estimate_s;
        let _ = writeln!(
            s,
            "| events + estimate recompute over {} claims ({}), tally-core API | {secs:.1} s | < {TARGET_RECOMPUTE_S} s at 1M (issue 4) | {} |",
            p.claims,
            r.label,
            met_at(secs < TARGET_RECOMPUTE_S, p.claims >= 1_000_000)
        );
    }
    if let Some(r) = scale.iter().max_by_key(|r| r.docs) {
        let p99 = r.search_en.map_or(0.0, |l| l.p99_ms).max(r.search_ko.map_or(0.0, |l| l.p99_ms));
        let _ = writeln!(
            s,
            "| search p99 at {} documents (English and Korean) | {p99:.2} ms | < {TARGET_SEARCH_P99_MS} ms at 100,000 | {} |",
            r.docs,
            met_at(p99 < TARGET_SEARCH_P99_MS, r.docs >= 100_000)
        );
    }
    s
}
