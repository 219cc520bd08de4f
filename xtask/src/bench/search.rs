//! Search latency: the index of an ingested data folder opened in this process, English and
//! Korean queries run one after another, each timed alone (parse, search, top ten hits with
//! their snippets: what `tally search` and the web UI do per request, without process
//! start-up). The first round warms the page cache and is not counted.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

/// Queries an analyst types: places, bodies, figures' words, phrases.
pub const ENGLISH: [&str; 16] = [
    "workers Russia",
    "Vladivostok",
    "selection round",
    "\"North Korean workers\"",
    "Cadres Department",
    "Amur construction",
    "wages month state",
    "defected South Korea",
    "Khabarovsk labourers",
    "Resolution 2397",
    "Dandong",
    "student visas",
    "sent home",
    "Donetsk",
    "Qatar workers",
    "spy agency lawmakers",
];
pub const KOREAN: [&str; 16] = [
    "노동자 파견",
    "러시아",
    "블라디보스토크",
    "선발",
    "간부부",
    "연해주 노동자",
    "송출",
    "귀국",
    "탈출",
    "결의 2397호",
    "단둥",
    "학생 비자",
    "국가정보원",
    "하바롭스크",
    "도네츠크",
    "외화",
];

/// Latency percentiles in milliseconds, and how many queries were timed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub queries: usize,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs each query `rounds` times (after one warm-up round) against the index in `data`.
pub fn latency(data: &Path, queries: &[&str], rounds: usize) -> Result<Latency> {
    let dir = data.join("index");
    let index =
        tally_index::Index::open(&dir).with_context(|| format!("opening the index {}", dir.display()))?;
    for q in queries {
        index.search(q, 10).with_context(|| format!("searching {q:?}"))?;
    }
    let mut ms = Vec::with_capacity(queries.len() * rounds);
    for _ in 0..rounds {
        for q in queries {
            let t = Instant::now();
            let hits = index.search(q, 10).with_context(|| format!("searching {q:?}"))?;
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(hits);
        }
    }
    ms.sort_by(f64::total_cmp);
    Ok(Latency { p50_ms: percentile(&ms, 0.50), p99_ms: percentile(&ms, 0.99), queries: ms.len() })
}
