//! Crash safety: a process that dies mid-batch (aborts, so no destructor or rollback runs)
//! leaves a store that opens cleanly and holds exactly the batches it committed.
//!
//! The test runs twice over: as the parent it starts this same test binary again, filtered
//! to this test, with `CRASH_CHILD_DIR` set; as that child it writes one whole batch and half
//! of a second, then aborts. The parent then checks what is left.

use std::process::Command;

use tally_core::Extraction;
use tally_store::{SqliteStore, Store};

use crate::scenarios::Doc;

const CHILD_ENV: &str = "TALLY_STORE_CRASH_CHILD_DIR";
const PER_BATCH: usize = 50;

fn docs(batch: usize) -> Vec<Doc> {
    (0..PER_BATCH)
        .map(|i| Doc::new(&format!("Batch {batch}, report {i}: workers were sent to Amur.")))
        .collect()
}

fn child(dir: &std::path::Path) -> ! {
    let mut store = SqliteStore::open_dir(dir).unwrap();
    let mut batch = store.begin_batch("crash-test").unwrap();
    for d in docs(0) {
        batch.add_document(&d.new_document(), &Extraction::default()).unwrap();
    }
    batch.commit().unwrap();
    let mut batch = store.begin_batch("crash-test").unwrap();
    for d in docs(1).iter().take(PER_BATCH / 2) {
        batch.add_document(&d.new_document(), &Extraction::default()).unwrap();
    }
    // Die with the second batch's transaction open: no rollback, no destructors.
    std::process::abort();
}

#[test]
fn a_crash_mid_batch_keeps_whole_batches_only() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        child(std::path::Path::new(&dir));
    }
    let tmp = tempfile::tempdir().unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash::a_crash_mid_batch_keeps_whole_batches_only",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, tmp.path())
        .status()
        .unwrap();
    assert!(!status.success(), "the child should have aborted");

    let mut store = SqliteStore::open_dir(tmp.path()).unwrap();
    store.integrity_check().unwrap();
    assert_eq!(store.counts().unwrap().documents, PER_BATCH as u64);
    let first = docs(0);
    assert!(store.document(&first[PER_BATCH - 1].id()).is_ok());
    assert!(store.document(&docs(1)[0].id()).is_err());

    // The store takes writes again after the crash.
    let mut batch = store.begin_batch("crash-test").unwrap();
    for d in docs(1) {
        batch.add_document(&d.new_document(), &Extraction::default()).unwrap();
    }
    batch.commit().unwrap();
    assert_eq!(store.counts().unwrap().documents, 2 * PER_BATCH as u64);
}
