//! Corroboration benchmarks (divan): an incremental update after one new document on a
//! corpus of one million claims, and recomputes at smaller sizes. The one-million-claim
//! recompute with its peak memory is `benches/corroborate_scale.rs`.

use std::sync::{LazyLock, Mutex};

use tally_core::corroborate::{ClusterConfig, Corroboration, EstimateOptions, estimate};

#[path = "synthetic.rs"]
mod synthetic;

fn main() {
    divan::main();
}

/// One million claims (100,000 documents of ten), built once for the incremental benches.
static BIG: LazyLock<Mutex<(Corroboration, usize)>> = LazyLock::new(|| {
    let (docs, claims) = synthetic::corpus(7, 100_000, 10);
    let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
    Mutex::new((corr, 100_000))
});

/// Adding one new document of ten claims to a corpus of a million claims.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn incremental_add_one_document(bencher: divan::Bencher) {
    let mut big = BIG.lock().unwrap();
    let mut rng = synthetic::Rng::new(99);
    bencher
        .with_inputs(|| {
            big.1 += 1;
            synthetic::document(&mut rng, big.1, 10, None)
        })
        .bench_local_values(|(doc, claims)| big.0.add_document(&doc, claims).unwrap().len());
}

/// Recompute of events and estimates.
#[divan::bench(args = [10_000, 100_000], sample_count = 3, sample_size = 1)]
fn recompute(bencher: divan::Bencher, claims: usize) {
    bencher.with_inputs(|| synthetic::corpus(7, claims / 10, 10)).bench_local_values(|(docs, claims)| {
        let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
        estimate(&corr, &EstimateOptions::default()).len()
    });
}
