//! How fast documents are read: the HTML fixtures (a news page each), a corpus-sized plain
//! text, and a large synthetic page near the size limit's order of magnitude. Results are in
//! `benches/RESULTS.md`; run with `cargo bench -p tally-ingest`.

use std::path::Path;

use divan::Bencher;
use tally_ingest::{Overrides, load_bytes};

fn main() {
    divan::main();
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html").join(name);
    std::fs::read(path).expect("fixture")
}

#[divan::bench(args = ["wordpress.html", "article_aside.html", "korean_news.html", "div_only.html", "br_table.html"])]
fn news_page(bencher: Bencher, name: &str) {
    let bytes = fixture(name);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| load_bytes(name, divan::black_box(bytes.clone()), &Overrides::default()).unwrap());
}

/// A page of 5 MB: a navigation list, then an article of paragraphs.
#[divan::bench(sample_count = 10)]
fn large_page(bencher: Bencher) {
    let mut page = String::from("<!doctype html><html><head><title>T</title></head><body><nav><ul>");
    page += &"<li><a href=/x>Another headline about something else</a></li>\n".repeat(50);
    page += "</ul></nav><article>";
    while page.len() < 5_000_000 {
        page += "<p>North Korea sent about 300 workers to Russia, a source said, and more will follow.</p>\n";
    }
    page += "</article></body></html>";
    let bytes = page.into_bytes();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| load_bytes("large.html", divan::black_box(bytes.clone()), &Overrides::default()).unwrap());
}

/// Plain text of 1 MB, English and Korean: normalisation, language detection and hashing.
#[divan::bench]
fn plain_text(bencher: Bencher) {
    let text =
        "Workers were sent to Russia in November, a source said.\n북한 노동자 300여 명이 파견됐다.\n\n"
            .repeat(12_000)
            .into_bytes();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| load_bytes("a.txt", divan::black_box(text.clone()), &Overrides::default()).unwrap());
}
