//! Micro benchmarks of extraction (divan): one pass of `tally_core::extract` over the dev
//! corpus and over a megabyte of generated English and Korean reports, each beside the
//! floor (`memchr` counting line ends over the same bytes), with throughput in bytes.
//! `cargo xtask bench` runs this and records its table; the 100 MB figure of issue 2 is the
//! harness's own long run. Run alone with `cargo bench -p xtask --bench extract`.

use std::path::Path;
use std::sync::LazyLock;

use divan::counter::BytesCount;
use tally_core::{DocContext, Lang};
use tally_ingest::{Input, Overrides, load};

fn main() {
    divan::main();
}

/// Seed of the generated text (the harness's seed).
const SEED: u64 = 20_261_129;

type Texts = Vec<(String, DocContext)>;

fn bytes(t: &Texts) -> usize {
    t.iter().map(|(s, _)| s.len()).sum()
}

/// The dev corpus as `tally eval` reads it; empty (and said) when it is absent.
static DEV: LazyLock<Texts> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/dev");
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("no dev corpus at {}: its benches measure nothing", dir.display());
        return out;
    };
    let mut dirs: Vec<_> =
        rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("text.txt").is_file()).collect();
    dirs.sort();
    for d in dirs {
        let l = load(&Input::CorpusDir(d.clone()), &Overrides::default()).expect("the dev corpus loads");
        out.push((l.text, DocContext { lang: l.lang, published: l.meta.published }));
    }
    out
});

fn generated(lang: Lang) -> Texts {
    let mut out = Vec::new();
    let mut n = 0;
    while bytes(&out) < 1_000_000 {
        let r = tally_gen::report(SEED, n);
        n += 1;
        if r.meta.lang == lang {
            out.push((r.text, DocContext { lang, published: Some(r.meta.published) }));
        }
    }
    out
}

static GEN_EN: LazyLock<Texts> = LazyLock::new(|| generated(Lang::En));
static GEN_KO: LazyLock<Texts> = LazyLock::new(|| generated(Lang::Ko));

fn extract_all(bencher: divan::Bencher, texts: &'static Texts) {
    bencher.counter(BytesCount::new(bytes(texts))).bench(|| {
        texts.iter().map(|(t, ctx)| tally_core::extract(divan::black_box(t), ctx).claims.len()).sum::<usize>()
    });
}

fn floor_all(bencher: divan::Bencher, texts: &'static Texts) {
    bencher.counter(BytesCount::new(bytes(texts))).bench(|| {
        texts
            .iter()
            .map(|(t, _)| memchr::memchr_iter(b'\n', divan::black_box(t.as_bytes())).count())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 20)]
fn extract_dev_corpus(bencher: divan::Bencher) {
    extract_all(bencher, &DEV);
}

#[divan::bench(sample_count = 20)]
fn extract_generated_english(bencher: divan::Bencher) {
    extract_all(bencher, &GEN_EN);
}

#[divan::bench(sample_count = 20)]
fn extract_generated_korean(bencher: divan::Bencher) {
    extract_all(bencher, &GEN_KO);
}

#[divan::bench]
fn floor_dev_corpus(bencher: divan::Bencher) {
    floor_all(bencher, &DEV);
}

#[divan::bench]
fn floor_generated_english(bencher: divan::Bencher) {
    floor_all(bencher, &GEN_EN);
}

#[divan::bench]
fn floor_generated_korean(bencher: divan::Bencher) {
    floor_all(bencher, &GEN_KO);
}
