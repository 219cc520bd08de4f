//! Corroboration benchmarks (divan): an incremental update after one new document on a
//! corpus of one million claims, and recomputes at smaller sizes. The one-million-claim
//! recompute with its peak memory is `benches/corroborate_scale.rs`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use tally_core::corroborate::{ClusterConfig, Corroboration, EstimateOptions, estimate};

#[path = "synthetic.rs"]
mod synthetic;

fn main() {
    divan::main();
}

/// One million claims (100,000 documents of ten), built once for the incremental benches.
static BIG: LazyLock<Mutex<Corroboration>> = LazyLock::new(|| {
    let (docs, claims) = synthetic::corpus(7, 100_000, 10);
    Mutex::new(Corroboration::build(docs, claims, ClusterConfig::default()).unwrap())
});

/// The number of the next new document (the corpus holds 0..100,000).
static NEXT: AtomicUsize = AtomicUsize::new(100_000);

/// Adding one new document of ten claims to a corpus of a million claims.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn incremental_add_one_document(bencher: divan::Bencher) {
    let mut big = BIG.lock().unwrap();
    let mut rng = synthetic::Rng::new(99);
    bencher
        .with_inputs(|| synthetic::document(&mut rng, NEXT.fetch_add(1, Ordering::Relaxed), 10, None))
        .bench_local_values(|(doc, claims)| big.add_document(&doc, claims).unwrap().len());
}

/// Recompute of events and estimates.
#[divan::bench(args = [10_000, 100_000], sample_count = 3, sample_size = 1)]
fn recompute(bencher: divan::Bencher, claims: usize) {
    bencher.with_inputs(|| synthetic::corpus(7, claims / 10, 10)).bench_local_values(|(docs, claims)| {
        let corr = Corroboration::build(docs, claims, ClusterConfig::default()).unwrap();
        estimate(&corr, &EstimateOptions::default()).len()
    });
}
