//! The one-million-claim recompute of issue 4: events, derivations, estimates and every
//! event's view (independent sources, contradictions, grade), timed by phase, with the
//! process's peak resident memory. Prints one line per phase; `bench/RESULTS.md` records a
//! run. Run with `cargo bench -p tally-core --bench corroborate_scale`.

use std::time::Instant;

use tally_core::corroborate::{By, ClusterConfig, Corroboration, EstimateOptions, PeriodUnit, estimate};

#[path = "synthetic.rs"]
mod synthetic;

/// Peak resident set size in MiB, from the kernel's accounting (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// FNV-1a over text, for a digest of the whole output: two builds that print the same
/// digest computed the same events, views and figures.
fn fnv(h: &mut u64, s: &str) {
    for &b in s.as_bytes() {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(0x0100_0000_01b3);
    }
}

fn main() {
    let digest = std::env::args().any(|a| a == "--digest");
    let n: usize = std::env::args()
        .skip_while(|a| a != "--claims")
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let t = Instant::now();
    let (docs, claims) = synthetic::corpus(7, n / 10, 10);
    println!("generate   {n} claims in {} documents: {:.2} s", docs.len(), t.elapsed().as_secs_f64());

    let t0 = Instant::now();
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    let build = t0.elapsed().as_secs_f64();
    println!("events     {} events: {build:.2} s", corr.event_count());

    let t = Instant::now();
    let figures = estimate(&corr, &EstimateOptions::default());
    let est = t.elapsed().as_secs_f64();
    println!("estimate   {} figures: {est:.2} s", figures.len());

    let t = Instant::now();
    let (mut sources, mut contradictions) = (0usize, 0usize);
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for v in corr.views() {
        sources += v.independent_sources;
        contradictions += v.contradictions.len();
        if digest {
            fnv(&mut h, &format!("{v:?}"));
        }
    }
    let views = t.elapsed().as_secs_f64();
    println!("views      {sources} independent sources, {contradictions} contradictions: {views:.2} s");
    println!("recompute  total {:.2} s (events + estimate + views)", t0.elapsed().as_secs_f64());
    if digest {
        for f in &figures {
            fnv(&mut h, &format!("{f:?}"));
        }
        let by_region = EstimateOptions { by: By::Region, period: PeriodUnit::Month };
        for f in &estimate(&corr, &by_region) {
            fnv(&mut h, &format!("{f:?}"));
        }
        println!("digest     {h:016x} (views and figures)");
    }
    match peak_rss_mib() {
        Some(m) => println!("peak RSS   {m:.0} MiB (including the generated input)"),
        None => println!("peak RSS   unavailable on this platform"),
    }
}
