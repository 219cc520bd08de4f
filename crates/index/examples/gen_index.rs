//! Builds a data folder whose index holds the scale corpus of `cargo xtask bench` (tally-gen,
//! the same seed) without extracting claims: `gen_index DATA N`. The index holds exactly what
//! `tally ingest` would give it for those reports (id, title, outlet, language, date, text),
//! in minutes rather than the quarter of an hour a full ingest of 100,000 reports takes, so
//! search latency at 100,000 documents can be measured with `latency DATA/index`.

use sha2::Digest as _;
use tally_store::{NewDocument, SqliteStore, Store};

/// `cargo xtask bench`'s seed (`xtask/src/bench/mod.rs`).
const SEED: u64 = 20_261_129;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        return Err("usage: gen_index DATA N".into());
    };
    let dir = std::path::PathBuf::from(dir);
    let n: u64 = n.parse()?;
    let mut store = SqliteStore::open_dir(&dir)?;
    let started = std::time::Instant::now();
    let mut i = store.counts()?.documents;
    while i < n {
        let mut batch = store.begin_batch("gen_index")?;
        for _ in 0..1000.min(n - i) {
            let r = tally_gen::report(SEED, i);
            let sha = hex::encode(sha2::Sha256::digest(r.text.as_bytes()));
            batch.add_document(
                &NewDocument {
                    raw: r.text.as_bytes(),
                    text: &r.text,
                    sha256: &sha,
                    format: "text",
                    lang: r.meta.lang,
                    path: None,
                    url: Some(&r.meta.url),
                    outlet: Some(&r.meta.outlet),
                    published: Some(r.meta.published),
                    title: Some(&r.meta.title),
                    negative: r.meta.negative,
                },
                &tally_core::Extraction::default(),
            )?;
            i += 1;
        }
        batch.commit()?;
        eprint!("\rstored {i}/{n}");
    }
    eprintln!("\nstored in {:.1?}; indexing", started.elapsed());
    let index = tally_index::Index::open(&dir.join("index"))?;
    index.sync(&store)?;
    eprintln!("indexed {} documents in {:.1?}", index.num_docs(), started.elapsed());
    Ok(())
}
