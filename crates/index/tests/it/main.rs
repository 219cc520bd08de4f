//! The index's integration tests: a real SQLite store in a temporary folder, a real tantivy
//! index beside it, English and Korean queries. Texts are sentences written for the tests.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use tally_core::{Extraction, Lang};
use tally_index::{Highlight, Index, Page};
use tally_store::{NewDocument, SqliteStore, Store};

struct Fixture {
    _dir: tempfile::TempDir,
    store: SqliteStore,
    index: Index,
    index_dir: std::path::PathBuf,
}

const EN_RUSSIA: &str = "North Korea will send about 300 workers to Russia in November.\n\
    The workers are to build apartments near Vladivostok.";
const EN_QATAR: &str = "Construction workers from North Korea were seen in Qatar last year.";
const EN_OTHER: &str = "The weather in Pyongyang was cold and dry this week.";
const KO_RUSSIA: &str = "북한이 러시아로 노동자 300여 명을 파견할 예정이라고 소식통이 전했다.\n\
    노동자들은 연해주 건설 현장에 투입된다.";
const KO_CHINA: &str = "중국 단둥의 공장에서 일하던 북한 노동자들이 귀국했다.";

fn add(store: &mut SqliteStore, docs: &[(&str, Lang, &str)]) {
    let mut batch = store.begin_batch("test").unwrap();
    for (text, lang, title) in docs {
        let sha = hex::encode(Sha256::digest(text.as_bytes()));
        let doc = NewDocument {
            raw: text.as_bytes(),
            text,
            sha256: &sha,
            format: "text",
            lang: *lang,
            path: None,
            url: None,
            outlet: Some("Test Outlet"),
            published: NaiveDate::from_ymd_opt(2022, 10, 25),
            title: Some(title),
            negative: false,
        };
        batch.add_document(&doc, &Extraction::default()).unwrap();
    }
    batch.commit().unwrap();
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open_dir(dir.path()).unwrap();
    add(
        &mut store,
        &[
            (EN_RUSSIA, Lang::En, "Workers for Russia"),
            (EN_QATAR, Lang::En, "Gulf building sites"),
            (EN_OTHER, Lang::En, "Weather"),
            (KO_RUSSIA, Lang::Ko, "러시아 파견"),
            (KO_CHINA, Lang::Ko, "단둥 노동자 귀국"),
        ],
    );
    let index_dir = dir.path().join("index");
    let index = Index::open(&index_dir).unwrap();
    assert_eq!(index.sync(&store).unwrap(), 5);
    Fixture { _dir: dir, store, index, index_dir }
}

fn titles(index: &Index, q: &str) -> Vec<String> {
    index.search(q, 10).unwrap().into_iter().map(|h| h.title.unwrap_or_default()).collect()
}

#[test]
fn english_words_are_all_required_and_stemmed() {
    let f = fixture();
    assert_eq!(titles(&f.index, "workers Russia"), ["Workers for Russia"]);
    // "worker" matches "workers" through the stemmer; two English documents say it.
    let mut w = titles(&f.index, "worker");
    w.sort();
    assert_eq!(w, ["Gulf building sites", "Workers for Russia"]);
    assert!(titles(&f.index, "elephants").is_empty());
}

#[test]
fn korean_words_match_inside_longer_words_and_across_particles() {
    let f = fixture();
    // 러시아 is written 러시아로 in the text; 노동자 appears in both Korean documents.
    assert_eq!(titles(&f.index, "러시아"), ["러시아 파견"]);
    assert_eq!(titles(&f.index, "노동자 파견"), ["러시아 파견"]);
    let mut both = titles(&f.index, "노동자");
    both.sort();
    assert_eq!(both, ["단둥 노동자 귀국", "러시아 파견"]);
    assert_eq!(titles(&f.index, "단둥"), ["단둥 노동자 귀국"]);
    assert!(titles(&f.index, "카타르").is_empty());
}

#[test]
fn snippets_mark_the_matched_words() {
    let f = fixture();
    let hits = f.index.search("Vladivostok", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let marked = hits[0].snippet.marked(&Highlight::brackets());
    assert!(marked.contains("near [Vladivostok]"), "{marked}");
    assert!(!marked.contains('\n'));

    let ko = f.index.search("러시아", 10).unwrap();
    let marked = ko[0].snippet.marked(&Highlight::html());
    // The two bigrams 러시 and 시아 merge into one highlight over the word.
    assert!(marked.contains("<mark>러시아</mark>로"), "{marked}");
    assert_eq!(ko[0].lang, "ko");
    assert_eq!(ko[0].published.as_deref(), Some("2022-10-25"));
    assert_eq!(ko[0].outlet.as_deref(), Some("Test Outlet"));
    assert!(ko[0].id.starts_with("d-"));
}

#[test]
fn a_title_only_match_shows_the_opening_of_the_body() {
    let f = fixture();
    // "Gulf" is in the title only.
    let hits = f.index.search("gulf", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.text.starts_with("Construction workers"));
    assert!(hits[0].snippet.highlights.is_empty());
}

#[test]
fn malformed_queries_do_not_fail() {
    let f = fixture();
    for q in ["\"unclosed", "workers AND", ")(", "", "title:", "***"] {
        f.index.search(q, 10).unwrap();
    }
}

#[test]
fn sync_catches_up_and_rebuild_starts_over() {
    let mut f = fixture();
    assert_eq!(f.index.sync(&f.store).unwrap(), 0, "nothing new");
    add(&mut f.store, &[("Fifty workers reached Khabarovsk by train.", Lang::En, "Khabarovsk")]);
    assert_eq!(f.index.sync(&f.store).unwrap(), 1);
    assert_eq!(titles(&f.index, "khabarovsk"), ["Khabarovsk"]);
    assert_eq!(f.index.num_docs(), 6);
    assert_eq!(f.index.indexed_seq().unwrap(), f.store.last_seq().unwrap());

    let mut counted = 0;
    assert_eq!(f.index.rebuild(&f.store, &mut |n| counted += n).unwrap(), 6);
    assert_eq!(counted, 6);
    assert_eq!(f.index.num_docs(), 6, "rebuild replaces, never duplicates");
}

#[test]
fn a_deleted_or_outdated_index_is_rebuilt_from_the_store() {
    let f = fixture();
    let Fixture { _dir, store, index, index_dir } = f;
    drop(index);
    std::fs::remove_dir_all(&index_dir).unwrap();
    let index = Index::open(&index_dir).unwrap();
    assert_eq!(index.num_docs(), 0);
    assert_eq!(index.sync(&store).unwrap(), 5);
    assert_eq!(titles(&index, "러시아"), ["러시아 파견"]);
    drop(index);

    // An index whose commit carries no (or another) schema version is thrown away.
    let raw = tantivy_meta_without_payload(&index_dir);
    std::fs::write(index_dir.join("meta.json"), raw).unwrap();
    let index = Index::open(&index_dir).unwrap();
    assert_eq!(index.num_docs(), 0);
    assert_eq!(index.sync(&store).unwrap(), 5);
}

fn tantivy_meta_without_payload(dir: &std::path::Path) -> String {
    let meta = std::fs::read_to_string(dir.join("meta.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&meta).unwrap();
    v.as_object_mut().unwrap().remove("payload");
    v.to_string()
}

#[test]
fn a_second_writer_gets_a_busy_error() {
    let f = fixture();
    let other = Index::open(&f.index_dir).unwrap();
    let mut store = f.store;
    add(&mut store, &[("One more report about workers.", Lang::En, "More")]);
    // Hold the writer lock through a rebuild's progress callback, and sync meanwhile.
    let mut inner = None;
    f.index
        .rebuild(&store, &mut |_| {
            if inner.is_none() {
                inner = Some(other.sync(&store));
            }
        })
        .unwrap();
    assert!(matches!(inner, Some(Err(tally_index::Error::Busy))), "{inner:?}");
}

#[test]
fn a_loader_catches_up_holds_the_lock_and_keeps_only_what_it_committed() {
    let mut f = fixture();
    // Stored before the loader is opened, never indexed: the loader catches up first.
    add(&mut f.store, &[("Fifty workers reached Khabarovsk by train.", Lang::En, "Khabarovsk")]);
    let mut loader = f.index.loader(&f.store).unwrap();
    assert_eq!(f.index.indexed_seq().unwrap(), f.store.last_seq().unwrap());

    // Stored and handed to the loader, as ingest does, then committed after the store did.
    let text = "Two hundred workers left Rason for Sakhalin in March.";
    add(&mut f.store, &[(text, Lang::En, "Sakhalin")]);
    // Meanwhile nobody else can index it.
    assert!(matches!(Index::open(&f.index_dir).unwrap().sync(&f.store), Err(tally_index::Error::Busy)));
    let stored = f.store.documents_after(f.index.indexed_seq().unwrap(), 10).unwrap();
    assert_eq!(stored.len(), 1);
    loader.add(&tally_index::Entry::from(&stored[0])).unwrap();
    loader.commit(&f.store, 1).unwrap();
    // Added and never committed (its store batch rolled back): dropped with the loader.
    let lost = "A ship carrying workers reached Vladivostok in a storm.";
    loader
        .add(&tally_index::Entry {
            id: "0000000000000000",
            title: Some("Never committed"),
            outlet: None,
            lang: Lang::En,
            published: None,
            text: lost,
        })
        .unwrap();
    loader.finish().unwrap();

    assert_eq!(titles(&f.index, "khabarovsk"), ["Khabarovsk"]);
    assert_eq!(titles(&f.index, "sakhalin"), ["Sakhalin"]);
    assert!(titles(&f.index, "storm").is_empty());
    assert_eq!(f.index.num_docs(), 7);
    assert_eq!(f.index.indexed_seq().unwrap(), stored[0].seq);
    assert_eq!(f.index.sync(&f.store).unwrap(), 0, "the lock is free again and nothing is missing");
}

#[test]
fn a_loader_indexes_what_another_process_stored_beside_its_batch() {
    let mut f = fixture();
    let mut loader = f.index.loader(&f.store).unwrap();
    // A web upload (another connection, no index lock) lands between the ingest's batches…
    let mut other = SqliteStore::open_dir(f.index_dir.parent().unwrap()).unwrap();
    add(&mut other, &[("Workers from Sinuiju reached Dandong by bus.", Lang::En, "Dandong upload")]);
    // …and the ingest's next batch of one document is committed after it.
    let from = f.store.last_seq().unwrap();
    add(&mut f.store, &[("Two hundred workers left Rason for Sakhalin in March.", Lang::En, "Sakhalin")]);
    let batch = f.store.documents_after(from, 10).unwrap();
    assert_eq!(batch.len(), 1);
    loader.add(&tally_index::Entry::from(&batch[0])).unwrap();
    loader.commit(&f.store, 1).unwrap();
    // The upload slips in during the next batch, too.
    add(&mut other, &[("A second upload names Khabarovsk.", Lang::En, "Khabarovsk upload")]);
    let from = f.store.last_seq().unwrap();
    add(&mut f.store, &[("Fifty workers reached Amur by train.", Lang::En, "Amur")]);
    let batch = f.store.documents_after(from, 10).unwrap();
    loader.add(&tally_index::Entry::from(&batch[0])).unwrap();
    loader.commit(&f.store, 1).unwrap();
    loader.finish().unwrap();

    for q in ["dandong", "sakhalin", "khabarovsk", "amur"] {
        assert_eq!(titles(&f.index, q).len(), 1, "{q}");
    }
    assert_eq!(f.index.num_docs(), 9);
    assert_eq!(f.index.indexed_seq().unwrap(), f.store.last_seq().unwrap());
}

#[test]
fn a_following_index_sees_what_another_process_indexes() {
    let mut f = fixture();
    let server = Index::open_following(&f.index_dir).unwrap();
    let manual = Index::open(&f.index_dir).unwrap();
    assert!(titles(&server, "sakhalin").is_empty());
    // Another process (here: another handle on the folder) stores and indexes a document.
    add(&mut f.store, &[("Two hundred workers left Rason for Sakhalin in March.", Lang::En, "Sakhalin")]);
    assert_eq!(f.index.sync(&f.store).unwrap(), 1);
    // tantivy notices the new commit by watching meta.json: wait for it, within reason.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while titles(&server, "sakhalin").is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(titles(&server, "sakhalin"), ["Sakhalin"]);
    // An index opened for one command's own run does not reload behind its back.
    assert!(titles(&manual, "sakhalin").is_empty());
}

#[test]
fn pages_continue_the_ranking_and_count_every_match() {
    let mut f = fixture();
    let texts: Vec<String> =
        (0..25).map(|i| format!("Report {i}: {} workers were counted at the border.", 10 + i)).collect();
    let titles: Vec<String> = (0..25).map(|i| format!("Border count {i}")).collect();
    let docs: Vec<(&str, Lang, &str)> =
        texts.iter().zip(&titles).map(|(t, n)| (t.as_str(), Lang::En, n.as_str())).collect();
    add(&mut f.store, &docs);
    f.index.sync(&f.store).unwrap();

    // 25 border reports and the two earlier English ones say "workers".
    let all = f.index.search("workers", 100).unwrap();
    assert_eq!(all.len(), 27);
    let mut paged = Vec::new();
    for (offset, want) in [(0, 10), (10, 10), (20, 7)] {
        let page = f.index.search_page("workers", Page::new(offset, 10)).unwrap();
        assert_eq!(page.total, 27, "offset {offset}");
        assert_eq!(page.hits.len(), want, "offset {offset}");
        paged.extend(page.hits.into_iter().map(|h| h.id));
    }
    let ranked: Vec<String> = all.into_iter().map(|h| h.id).collect();
    assert_eq!(paged, ranked, "the pages are the ranking cut in pieces, in order");

    // Past the last hit: no hits, and still the count.
    let past = f.index.search_page("workers", Page::new(40, 10)).unwrap();
    assert_eq!((past.total, past.hits.len()), (27, 0));
    // Conjunctions and phrases are counted too.
    assert_eq!(f.index.search_page("border workers", Page::first(5)).unwrap().total, 25);
    assert_eq!(f.index.search_page("\"12 workers\"", Page::first(5)).unwrap().total, 1);
    assert_eq!(f.index.search_page("elephants", Page::first(5)).unwrap().total, 0);
}

#[test]
fn korean_counts_and_phrases_across_words() {
    let f = fixture();
    assert_eq!(f.index.search_page("노동자", Page::first(1)).unwrap().total, 2);
    // A phrase from one Korean word into the next, and into a number.
    let hits = f.index.search("\"러시아로 노동자\"", 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.title.as_deref()).collect::<Vec<_>>(), [Some("러시아 파견")]);
    assert_eq!(f.index.search_page("\"노동자 300여\"", Page::first(5)).unwrap().total, 1);
    assert_eq!(f.index.search_page("\"러시아로 파견\"", Page::first(5)).unwrap().total, 0);
    // Four syllables and more: trigrams as a phrase, found inside a longer word.
    assert_eq!(titles(&f.index, "소식통이"), ["러시아 파견"]);
    assert!(titles(&f.index, "소식통을").is_empty());
}

#[test]
fn the_title_counts_in_the_ranking_and_can_be_searched_alone() {
    let mut f = fixture();
    // The same words, the place in the title of one and in the body of the other.
    add(
        &mut f.store,
        &[
            ("Forty workers left the shoe factory in Sinuiju last week.", Lang::En, "Sinuiju factory"),
            ("Forty workers left the shoe factory last week, near Sinuiju.", Lang::En, "Shoe factory"),
        ],
    );
    f.index.sync(&f.store).unwrap();
    assert_eq!(titles(&f.index, "sinuiju"), ["Sinuiju factory", "Shoe factory"]);
    let hits = f.index.search("title:gulf", 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.title.as_deref()).collect::<Vec<_>>(), [Some("Gulf building sites")]);
    assert!(f.index.search("title:qatar", 10).unwrap().is_empty(), "qatar is in the body only");
    assert_eq!(f.index.search("outlet:outlet", 10).unwrap().len(), 7);
}

/// English sentences where the words of a phrase appear in and out of order.
const PHRASES: &[(&str, &str)] = &[
    ("Sites", "Construction sites in Vladivostok hired workers from North Korea."),
    ("Closed", "The sites of construction were closed, and the workers went north."),
    ("Camps", "Korean workers from the north were counted at construction camps."),
    ("Cities", "North Korean cities sent labourers; Korean workers came later."),
    ("Left", "Officials said North Korean workers left the sites in spring."),
];

fn phrase_fixture() -> Fixture {
    let mut f = fixture();
    let docs: Vec<(&str, Lang, &str)> =
        PHRASES.iter().map(|(title, text)| (*text, Lang::En, *title)).collect();
    add(&mut f.store, &docs);
    f.index.sync(&f.store).unwrap();
    f
}

fn sorted_titles(index: &Index, q: &str) -> Vec<String> {
    let mut t = titles(index, q);
    t.sort();
    t
}

#[test]
fn quoted_phrases_find_exactly_the_documents_that_say_them() {
    let f = phrase_fixture();
    assert_eq!(sorted_titles(&f.index, "\"construction sites\""), ["Sites"]);
    assert_eq!(sorted_titles(&f.index, "\"korean workers\""), ["Camps", "Cities", "Left"]);
    // "north korean" and "korean workers" are both in Cities, but not in a row.
    assert_eq!(sorted_titles(&f.index, "\"North Korean workers\""), ["Left"]);
    assert_eq!(sorted_titles(&f.index, "\"said North Korean workers left\""), ["Left"]);
    assert!(titles(&f.index, "\"workers from north korean\"").is_empty());
    // Stemmed like single words; with other words required beside the phrase.
    assert_eq!(sorted_titles(&f.index, "\"Korean worker\" spring"), ["Left"]);
    assert_eq!(sorted_titles(&f.index, "\"construction site\" OR \"construction camp\""), ["Camps", "Sites"]);
    // A slop still loosens the phrase.
    assert_eq!(sorted_titles(&f.index, "\"sites construction\"~1"), ["Closed"]);
    // Counted exactly, whether two words or more.
    let total = |q: &str| f.index.search_page(q, Page::first(1)).unwrap().total;
    assert_eq!(total("\"korean workers\""), 3);
    assert_eq!(total("\"north korean workers\""), 1);
    assert_eq!(total("\"north korean\""), 2);
}

#[test]
fn a_phrase_does_not_run_from_the_title_into_the_body() {
    let mut f = fixture();
    add(&mut f.store, &[("Workers left the mine in March.", Lang::En, "Miners from Hamhung")]);
    f.index.sync(&f.store).unwrap();
    assert_eq!(titles(&f.index, "\"from hamhung\""), ["Miners from Hamhung"]);
    assert_eq!(titles(&f.index, "\"workers left the mine\""), ["Miners from Hamhung"]);
    assert!(titles(&f.index, "\"hamhung workers\"").is_empty());
    assert!(titles(&f.index, "\"from hamhung workers left\"").is_empty());
}

#[test]
fn snippets_mark_the_words_of_a_phrase() {
    let f = phrase_fixture();
    let hits = f.index.search("\"North Korean workers\"", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let marked = hits[0].snippet.marked(&Highlight::brackets());
    assert!(marked.contains("said [North] [Korean] [workers] left"), "{marked}");
    let hits = f.index.search("\"construction sites\"", 10).unwrap();
    let marked = hits[0].snippet.marked(&Highlight::brackets());
    assert!(marked.starts_with("[Construction] [sites] in Vladivostok"), "{marked}");
}

#[test]
fn an_index_of_the_previous_schema_version_is_rebuilt() {
    let f = fixture();
    let Fixture { _dir, store, index, index_dir } = f;
    drop(index);
    let meta = std::fs::read_to_string(index_dir.join("meta.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&meta).unwrap();
    let old = format!("{{\"schema\":{},\"seq\":5}}", tally_index::SCHEMA_VERSION - 1);
    v["payload"] = serde_json::Value::String(old);
    std::fs::write(index_dir.join("meta.json"), v.to_string()).unwrap();
    let index = Index::open(&index_dir).unwrap();
    assert_eq!(index.num_docs(), 0);
    assert_eq!(index.sync(&store).unwrap(), 5);
    assert_eq!(sorted_titles(&index, "\"north korea\""), ["Gulf building sites", "Workers for Russia"]);
}
