//! Runs every scenario on a fresh SQLite store in a temporary data folder.

use tally_store::{SqliteStore, Store};

use crate::scenarios;

fn with_store(scenario: fn(&mut dyn tally_store::Store)) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open_dir(&dir.path().join("data")).unwrap();
    scenario(&mut store);
    store.integrity_check().unwrap();
}

macro_rules! on_sqlite {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { with_store(scenarios::$name) } )*
    };
}

on_sqlite!(
    documents_round_trip_every_field,
    the_same_text_is_stored_once,
    a_dropped_batch_leaves_nothing,
    a_refused_document_leaves_the_rest_of_its_batch,
    a_refused_extraction_keeps_the_old_claims,
    claims_list_with_ids_documents_and_paging,
    claim_ids_survive_a_new_extraction,
    replacing_claims_records_the_extractor,
    ids_resolve_from_unique_prefixes,
    documents_page_in_insertion_order,
    unknown_ids_are_not_found,
);

#[test]
fn reopening_keeps_data_and_does_not_migrate_again() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = SqliteStore::open_dir(dir.path()).unwrap();
        let mut batch = store.begin_batch("x1").unwrap();
        let doc = scenarios::Doc::new("A text that stays.");
        batch.add_document(&doc.new_document(), &Default::default()).unwrap();
        batch.commit().unwrap();
    }
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    assert_eq!(store.counts().unwrap().documents, 1);
}

/// A reader opens and reads while a writer holds the write lock mid-batch (`tally search`
/// during an ingest), seeing only what was committed.
#[test]
fn readers_open_beside_a_writer_mid_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = SqliteStore::open_dir(dir.path()).unwrap();
    let mut batch = writer.begin_batch("x1").unwrap();
    let doc = scenarios::Doc::new("Uncommitted report.");
    batch.add_document(&doc.new_document(), &Default::default()).unwrap();

    let reader = SqliteStore::open_dir(dir.path()).unwrap();
    assert_eq!(reader.counts().unwrap().documents, 0);
    batch.commit().unwrap();
    assert_eq!(reader.counts().unwrap().documents, 1);
}
