//! Extraction speed over a corpus folder, repeated (a development aid for profiling; the
//! benchmark of record is `cargo xtask bench`). Usage: speed CORPUS_DIR [ROUNDS]
/// The allocator of the `tally` binary and the benchmark harness.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tally_core::{DocContext, Lang, extract};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: speed CORPUS_DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut docs = Vec::new();
    for e in std::fs::read_dir(&dir).expect("corpus dir").flatten() {
        let Ok(text) = std::fs::read_to_string(e.path().join("text.txt")) else { continue };
        let text = tally_core::text::normalise(&text);
        let lang = tally_core::text::detect_lang(&text);
        docs.push((text, lang));
    }
    if std::env::var_os("SPEED_SCAN_ONLY").is_some() {
        let lx = tally_core::lexicon::lexicon();
        let mut n = 0;
        for _ in 0..rounds {
            for (text, _) in &docs {
                n += lx.scan(text).places.len();
            }
        }
        println!("scan only: {n} places");
        return;
    }
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum::<usize>() * rounds;
    let t = std::time::Instant::now();
    let mut claims = 0;
    for _ in 0..rounds {
        for (text, lang) in &docs {
            let ctx = DocContext { lang: *lang, published: "2024-01-01".parse().ok() };
            claims += extract(text, &ctx).claims.len();
        }
    }
    let s = t.elapsed().as_secs_f64();
    let _ = Lang::En;
    println!("{:.1} MB in {s:.2} s: {:.2} MB/s, {claims} claims", bytes as f64 / 1e6, bytes as f64 / 1e6 / s);
}
