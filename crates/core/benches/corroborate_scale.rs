//! The one-million-claim recompute of issue 4: events, derivations, estimates and every
//! event's view (independent sources, contradictions, grade), timed by phase, with the
//! process's peak resident memory. Prints one line per phase; `bench/RESULTS.md` records a
//! run. Run with `cargo bench -p tally-core --bench corroborate_scale`; `-- --claims N`
//! changes the size, `-- --digest` prints a digest of every view and figure (slow: it
//! formats them all), so two builds can be checked to compute the same thing.
//!
//! Each phase prints its wall time and the processor time the process spent in it (all
//! threads, user and system, from `/proc/self/stat`). On a machine shared with other work
//! the wall time grows and the processor time does not; on an idle two-core machine the wall
//! time of the parallel phases approaches half their processor time.

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

/// Processor seconds this process has used, all threads, user and system (Linux only;
/// 0 elsewhere). The kernel counts in ticks of (almost always) 1/100 s.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { return 0.0 };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// A phase's start: wall clock and processor time.
struct Clock {
    wall: Instant,
    cpu: f64,
}

impl Clock {
    fn start() -> Clock {
        Clock { wall: Instant::now(), cpu: cpu_seconds() }
    }
    /// "2.31 s (cpu 4.40 s)".
    fn took(&self) -> String {
        format!("{:.2} s (cpu {:.2} s)", self.wall.elapsed().as_secs_f64(), cpu_seconds() - self.cpu)
    }
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
    let t = Clock::start();
    let (docs, claims) = synthetic::corpus(7, n / 10, 10);
    println!("generate   {n} claims in {} documents: {}", docs.len(), t.took());

    let total = Clock::start();
    let t = Clock::start();
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    println!("events     {} events: {}", corr.event_count(), t.took());

    let t = Clock::start();
    let figures = estimate(&corr, &EstimateOptions::default());
    println!("estimate   {} figures: {}", figures.len(), t.took());

    let t = Clock::start();
    let (mut sources, mut contradictions) = (0usize, 0usize);
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for v in corr.views() {
        sources += v.independent_sources;
        contradictions += v.contradictions.len();
        if digest {
            fnv(&mut h, &format!("{v:?}"));
        }
    }
    println!("views      {sources} independent sources, {contradictions} contradictions: {}", t.took());
    println!("recompute  total {} (events + estimate + views)", total.took());
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
