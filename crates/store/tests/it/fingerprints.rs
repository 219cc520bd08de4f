//! Documents' fingerprints and the ledger read through them (SQLite): fingerprints are
//! worked out once and kept, a stale one is worked out again, the reading gives the claims
//! and fingerprints the full reading gives, and saving only the changed memberships leaves
//! what saving them all leaves.

use tally_core::corroborate::{ClaimId, ClusterConfig, Corroboration, DocPrint, EventId};
use tally_core::{Extraction, Kind};
use tally_store::fingerprints::{document_prints, placement_intake, printed_ledger};
use tally_store::reviews::reviewed_ledger;
use tally_store::{EventStore, SqliteStore, Store};

use crate::scenarios::Doc;

const TEXTS: [&str; 3] = [
    "About 300 workers will leave for Vladivostok in November, a source said. They will build flats \
     near the port for a Russian company, and each will send home about 600 dollars a month.",
    "Radio Free Asia reported that about 300 workers will leave for Vladivostok in November.\n\n\
     The workers will build flats near the port for a Russian company.",
    "Officials in Qatar said about 2,000 North Korean workers remain on building sites.",
];

fn claim(text: &str, kind: Kind, count: u64) -> tally_core::Claim {
    serde_json::from_value(serde_json::json!({
        "kind": kind.as_str(),
        "count": {"min": count, "max": count, "approx": true},
        "destination": {"country": "RU", "region": null},
        "source": {"type": "anonymous_in_country", "text": "a source"},
        "evidence": {"quote": &text[6..9], "start": 6, "end": 9},
        "why": {"count": ["number.plain"]}
    }))
    .unwrap()
}

fn seeded() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open_dir(dir.path()).unwrap();
    let mut batch = store.begin_batch("test-1").unwrap();
    for (i, text) in TEXTS.iter().enumerate() {
        let mut doc = Doc::new(text);
        doc.published = chrono::NaiveDate::from_ymd_opt(2022, 10, 20 + i as u32);
        let x = Extraction { claims: vec![claim(text, Kind::DispatchPlanned, 300)], diagnostics: vec![] };
        batch.add_document(&doc.new_document(), &x).unwrap();
    }
    batch.commit().unwrap();
    (dir, store)
}

#[test]
fn fingerprints_are_kept_and_stale_ones_worked_out_again() {
    let (dir, mut store) = seeded();
    let full = reviewed_ledger(&store).unwrap();
    let expected: Vec<DocPrint> = full.docs.iter().map(DocPrint::of).collect();
    let (prints, stats) = document_prints(&mut store).unwrap();
    assert_eq!(prints, expected);
    assert_eq!((stats.computed, stats.saved), (3, 3));
    assert!(prints[0].fingerprint.signature().is_some(), "a text of many words is signed");
    assert_eq!(prints[1].fingerprint.stated().len(), 1, "the second cites Radio Free Asia in its lead");

    // Read back, not worked out again.
    let (again, stats) = document_prints(&mut store).unwrap();
    assert_eq!((again, stats.computed), (expected.clone(), 0));

    // A row of another version (another lexicon) is worked out again from the text.
    let db = rusqlite::Connection::open(dir.path().join("tally.sqlite3")).unwrap();
    db.execute("UPDATE doc_fingerprints SET version = 'fp0-old', stated = '[]' WHERE rowid = 2", []).unwrap();
    let (after, stats) = document_prints(&mut store).unwrap();
    assert_eq!((after, stats.computed, stats.saved), (expected, 1, 1));
}

#[test]
fn the_printed_ledger_reads_what_the_full_one_reads() {
    let (_dir, mut store) = seeded();
    let full = reviewed_ledger(&store).unwrap();
    let whole = printed_ledger(&mut store).unwrap();
    assert_eq!(whole.claims, full.claims);
    assert_eq!(whole.claims.len(), 3);
}

#[test]
fn the_placement_intake_places_what_the_printed_ledger_places() {
    let (_dir, mut store) = seeded();
    let ledger = printed_ledger(&mut store).unwrap();
    let (whole, wr) =
        Corroboration::restore_prints(ledger.docs, ledger.claims.clone(), &[], ClusterConfig::default())
            .unwrap();
    let (lean, lr) = placement_intake(&mut store, ClusterConfig::default()).unwrap().restore(&[]);
    assert_eq!(lean.memberships(), whole.memberships());
    assert_eq!(lr, wr);
    let ids: Vec<&ClaimId> = lean.claim_ids().collect();
    assert_eq!(ids, ledger.claims.iter().map(|c| &c.id).collect::<Vec<_>>());
}

#[test]
fn saving_only_changed_memberships_equals_saving_all() {
    let (_dir, mut store) = seeded();
    let m = |e: &str, cs: &[&str]| (EventId::new(e), cs.iter().map(|c| ClaimId::new(*c)).collect::<Vec<_>>());
    let before = vec![m("e-1", &["c-1", "c-2"]), m("e-3", &["c-3"])];
    store.save_event_memberships(&before).unwrap();
    // c-2 moves, c-3 is gone, c-4 is new.
    let after = vec![m("e-1", &["c-1"]), m("e-2", &["c-2", "c-4"])];
    store.update_event_memberships(&before, &after).unwrap();
    assert_eq!(store.event_memberships().unwrap(), after);
    // Nothing changed: nothing to write, the same result.
    store.update_event_memberships(&after, &after).unwrap();
    assert_eq!(store.event_memberships().unwrap(), after);
}

#[test]
fn writing_only_the_changes_equals_saving_all() {
    let (_dir, mut store) = seeded();
    let m = |e: &str, cs: &[&str]| (EventId::new(e), cs.iter().map(|c| ClaimId::new(*c)).collect::<Vec<_>>());
    let before = vec![m("e-1", &["c-1", "c-2"]), m("e-3", &["c-3"])];
    store.save_event_memberships(&before).unwrap();
    // c-2 moves, c-3 is gone, c-4 and c-0 are new (given out of claim id order).
    let (c0, c2, c3, c4) =
        (ClaimId::new("c-0"), ClaimId::new("c-2"), ClaimId::new("c-3"), ClaimId::new("c-4"));
    let e2 = EventId::new("e-2");
    store.write_event_changes(&[(&c4, &e2), (&c2, &e2), (&c0, &e2)], &[&c3]).unwrap();
    let after = vec![m("e-1", &["c-1"]), m("e-2", &["c-0", "c-2", "c-4"])];
    assert_eq!(store.event_memberships().unwrap(), after);
    // Nothing to write: nothing changes.
    store.write_event_changes(&[], &[]).unwrap();
    assert_eq!(store.event_memberships().unwrap(), after);
}
