//! `tally docs`, `show`, `claims`, `search` and `reindex` end to end.

use crate::common::{EN_QATAR, EN_RUSSIA, Env, KO_RUSSIA, dev_corpus};

/// A data folder with an English and a Korean report about Russia and one about Qatar.
fn seeded() -> (Env, Vec<serde_json::Value>) {
    let env = Env::new();
    let paths = [
        env.file("en-russia.txt", EN_RUSSIA),
        env.file("ko-russia.txt", KO_RUSSIA),
        env.file("qatar.txt", EN_QATAR),
    ];
    let mut args = vec!["ingest", "--published", "2022-10-25"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    env.tally(&args).ok();
    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    assert_eq!(docs.len(), 3);
    (env, docs)
}

fn id_of<'a>(docs: &'a [serde_json::Value], file: &str) -> &'a str {
    docs.iter().find(|d| d["path"].as_str().unwrap().ends_with(file)).unwrap()["id"].as_str().unwrap()
}

#[test]
fn search_finds_english_and_korean_with_marked_snippets() {
    let (env, docs) = seeded();
    let r = env.tally(&["search", "workers", "Russia"]).ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one hit, two lines:\n{}", r.stdout);
    assert!(
        lines[0].starts_with(&format!("{}  2022-10-25  ", id_of(&docs, "en-russia.txt"))),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("[workers] to [Russia]"), "{}", lines[1]);

    for q in ["노동자 파견", "러시아"] {
        let hits = env.tally(&["search", q, "--json"]).ok().json_lines();
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        assert_eq!(hits[0]["id"], id_of(&docs, "ko-russia.txt"));
        assert_eq!(hits[0]["lang"], "ko");
        let snippet = hits[0]["snippet"].as_str().unwrap();
        let first = &hits[0]["highlights"][0];
        let (s, e) = (first["start"].as_u64().unwrap() as usize, first["end"].as_u64().unwrap() as usize);
        assert!(q.contains(&snippet[s..e]), "{q} highlights {:?}", &snippet[s..e]);
    }

    let limited = env.tally(&["search", "workers", "--json", "--limit", "1"]).ok().json_lines();
    assert_eq!(limited.len(), 1);
    let none = env.tally(&["search", "elephants"]).ok();
    assert_eq!(none.stdout, "");
    assert!(none.stderr.contains("nothing found"), "{}", none.stderr);
}

#[test]
fn show_prints_the_document_and_resolves_prefixes() {
    let (env, docs) = seeded();
    let id = id_of(&docs, "qatar.txt");
    let r = env.tally(&["show", &id[..8]]).ok();
    let mut lines = r.stdout.lines();
    assert!(lines.next().unwrap().starts_with(id));
    assert!(r.stdout.contains("published 2022-10-25"), "{}", r.stdout);
    assert!(r.stdout.contains("Construction workers from North Korea were seen in Qatar"), "{}", r.stdout);
    assert!(r.stdout.contains("claim"), "{}", r.stdout);
    let explained = env.tally(&["show", id, "--explain"]).ok();
    assert!(explained.stdout.contains("Construction workers"));
}

#[test]
fn unknown_ids_are_a_clear_error() {
    let (env, _) = seeded();
    for args in [&["show", "d-ffffffffffffffff"][..], &["show", "nonsense"], &["claims", "--doc", "d-fffff"]]
    {
        let r = env.tally(args);
        assert_eq!(r.code, 1, "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert!(r.stderr.contains("no document") && r.stderr.contains("tally docs"), "{}", r.stderr);
        assert_eq!(r.stdout, "");
    }
    let r = env.tally(&["show", "d-"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("ambiguous") || r.stderr.contains("no document"), "{}", r.stderr);
}

#[test]
fn reindex_re_extracts_and_rebuilds_a_lost_index() {
    let (env, docs) = seeded();
    std::fs::remove_dir_all(env.data().join("index")).unwrap();
    let r = env.tally(&["reindex"]).ok();
    assert!(r.stdout.starts_with("3 documents re-extracted ("), "{}", r.stdout);
    assert!(r.stdout.trim_end().ends_with("; 3 indexed"), "{}", r.stdout);
    let hits = env.tally(&["search", "Qatar", "--json"]).ok().json_lines();
    assert_eq!(hits[0]["id"], id_of(&docs, "qatar.txt"));
    let again = env.tally(&["docs", "--json"]).ok().json_lines();
    assert_eq!(again.len(), 3);
    assert!(again.iter().all(|d| d["extractor"].as_str().unwrap().starts_with("tally-core ")));
}

#[test]
fn search_rebuilds_a_deleted_index_from_the_store() {
    let (env, docs) = seeded();
    std::fs::remove_dir_all(env.data().join("index")).unwrap();
    let hits = env.tally(&["search", "Vladivostok", "--json"]).ok().json_lines();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], id_of(&docs, "en-russia.txt"));
}

const CLAIM_KEYS: [&str; 15] = [
    "id",
    "document",
    "kind",
    "count",
    "teams",
    "money",
    "round",
    "destination",
    "origin",
    "time",
    "organisations",
    "legal_refs",
    "source",
    "evidence",
    "purpose",
];

/// The keys of a JSON object in the order the text has them (serde_json's map sorts).
fn keys_in_order(line: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let mut keys: Vec<(usize, String)> = v
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (line.find(&format!("\"{k}\":")).unwrap(), k.clone()))
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

/// `tally claims --json` over the dev corpus: every line in the CLAIMS.md shape, every key
/// present in order, evidence that slices back out of the document's text, and as many lines
/// as `tally docs` counts claims.
#[test]
fn claims_json_over_the_dev_corpus_has_the_claims_md_shape() {
    let Some(corpus) = dev_corpus() else { return };
    let env = Env::new();
    let r = env.tally(&["ingest", corpus.to_str().unwrap()]);
    assert!(r.stdout.contains(" ingested, 0 already present, 0 skipped"), "{}\n{}", r.stdout, r.stderr);
    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    let counted: u64 = docs.iter().map(|d| d["claims"].as_u64().unwrap()).sum();

    let out = env.tally(&["claims", "--json"]).ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len() as u64, counted);
    for line in &lines {
        assert_eq!(keys_in_order(line), CLAIM_KEYS, "{line}");
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = &c["document"];
        // The document object as printed (it holds no nested object, so it ends at the first `}`).
        let printed = &line[line.find("\"document\":").unwrap() + "\"document\":".len()..];
        let printed = &printed[..=printed.find('}').unwrap()];
        assert_eq!(keys_in_order(printed), ["id", "path", "url", "published"]);
        assert!(c["origin"].is_array() && c["organisations"].is_array() && c["legal_refs"].is_array());
        // The quote is the document's text between the offsets.
        let text = std::fs::read_to_string(doc["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            c["evidence"]["start"].as_u64().unwrap() as usize,
            c["evidence"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text.get(s..e), c["evidence"]["quote"].as_str(), "{line}");
    }

    // --doc narrows to one document's claims.
    let seed = docs.iter().find(|d| d["path"].as_str().unwrap().contains("/seed/")).unwrap();
    let only = env.tally(&["claims", "--json", "--doc", seed["id"].as_str().unwrap()]).ok().json_lines();
    assert_eq!(only.len() as u64, seed["claims"].as_u64().unwrap());
    assert!(only.iter().all(|c| c["document"]["id"] == seed["id"]));
}
