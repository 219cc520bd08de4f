//! Search latency over an existing index folder, query by query: `latency INDEX_DIR [LIMIT]
//! [ROUNDS] [QUERY…]` (the built-in queries when none is given). Runs the English and Korean queries of the web benchmark (`bench/web/search.lua`)
//! and of `cargo xtask bench` one after another, each timed alone after a warm-up round, and
//! prints each query's median and slowest time, then p50 and p99 over all of them. A tool for
//! finding where search time goes; the committed figures come from `bench/web/run.sh` and
//! `cargo xtask bench`.

use std::time::Instant;

/// The web benchmark's queries (`bench/web/search.lua`, decoded), then `cargo xtask bench`'s
/// (`xtask/src/bench/search.rs`), English and Korean.
const QUERIES: &[&str] = &[
    "workers",
    "Vladivostok",
    "노동자",
    "\"construction sites\"",
    "Qatar workers",
    "소식통",
    "selection",
    "resolution 2397",
    "Dandong month",
    "모스크바",
    "workers Russia",
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
    "spy agency lawmakers",
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

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: latency INDEX_DIR [LIMIT] [ROUNDS]")?;
    let limit: usize = args.next().map_or(Ok(20), |s| s.parse())?;
    let rounds: usize = args.next().map_or(Ok(20), |s| s.parse())?;
    // `LATENCY_PAGE=1` times `search_page` (hits and their count) instead of `search`.
    let paged = std::env::var_os("LATENCY_PAGE").is_some();
    let given: Vec<String> = args.collect();
    let queries: Vec<&str> =
        if given.is_empty() { QUERIES.to_vec() } else { given.iter().map(String::as_str).collect() };
    let index = tally_index::Index::open(std::path::Path::new(&dir))?;
    println!(
        "{} documents; {limit} hits per query; {rounds} rounds; {}",
        index.num_docs(),
        if paged { "search_page (hits and count)" } else { "search (hits only)" }
    );
    for q in &queries {
        index.search(q, limit)?;
    }
    let mut all = Vec::new();
    for q in &queries {
        let mut ms = Vec::with_capacity(rounds);
        let (mut n, mut total) = (0, 0);
        for _ in 0..rounds {
            let t = Instant::now();
            n = if paged {
                let r = index.search_page(q, tally_index::Page::first(limit))?;
                total = r.total;
                r.hits.len()
            } else {
                index.search(q, limit)?.len()
            };
            ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{:>8.2} ms median {:>8.2} ms max  {n:>3} hits of {total:>6}  {q}",
            percentile(&ms, 0.5),
            ms[ms.len() - 1]
        );
        all.extend(ms);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "all: p50 {:.2} ms, p99 {:.2} ms over {} searches",
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.len()
    );
    Ok(())
}
