//! `tally ingest` end to end: files, folders, stdin, metadata flags, duplicates, bad input,
//! batches, and a writer killed mid-batch.

use std::time::{Duration, Instant};

use crate::common::{EN_QATAR, EN_RUSSIA, Env, HTML_PAGE, KO_RUSSIA, run};

#[test]
fn files_folders_and_stdin_are_ingested_once() {
    let env = Env::new();
    let a = env.file("in/a.txt", EN_RUSSIA);
    env.file("in/sub/b.md", format!("# Qatar\n\n{EN_QATAR}"));
    env.file("in/sub/c.html", HTML_PAGE);
    env.file("in/sub/picture.png", [0x89, b'P', b'N', b'G']);
    let r =
        env.tally_stdin(&["ingest", env.dir.path().join("in").to_str().unwrap(), "-"], Some(KO_RUSSIA)).ok();
    assert_eq!(r.stdout.trim(), "4 ingested, 0 already present, 0 skipped");
    assert_eq!(r.stderr, "", "nothing to report, and no progress bar when stderr is not a terminal");
    assert!(env.data().join("tally.sqlite3").is_file(), "the data folder is created on first use");

    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    assert_eq!(docs.len(), 4);
    let by_format =
        |f: &str| docs.iter().find(|d| d["format"] == f).unwrap_or_else(|| panic!("no {f}: {docs:?}"));
    assert_eq!(by_format("markdown")["lang"], "en");
    assert_eq!(by_format("html")["title"], "Workers sent to Amur");
    let stdin_doc = docs.iter().find(|d| d["lang"] == "ko").unwrap();
    assert_eq!(stdin_doc["path"], serde_json::Value::Null);
    assert!(docs.iter().any(|d| d["path"] == a.to_str().unwrap()));
    for d in &docs {
        let id = d["id"].as_str().unwrap();
        assert!(id.starts_with("d-") && id.len() == 18, "{id}");
    }

    // The same content again, from a file, a folder and stdin: nothing is added.
    let again = env
        .tally_stdin(
            &["ingest", a.to_str().unwrap(), env.dir.path().join("in").to_str().unwrap(), "-"],
            Some(KO_RUSSIA),
        )
        .ok();
    assert_eq!(again.stdout.trim(), "0 ingested, 5 already present, 0 skipped");
    assert_eq!(env.tally(&["docs", "--json"]).ok().json_lines().len(), 4);
}

#[test]
fn bad_inputs_are_skipped_one_line_each_and_the_rest_lands() {
    let env = Env::new();
    let good = env.file("good.txt", EN_QATAR);
    let binary = env.file("photo.txt", b"\x00\x01\x02\x03\xff\xfe\x00binary\x00data\x00".repeat(20));
    let latin1 = env.file("latin1.txt", b"Workers in Qatar were paid \xe9 little.\n");
    let empty = env.file("empty.txt", "");
    let missing = env.dir.path().join("missing.txt");
    let html = env.file("deep.html", "<div>".repeat(5000) + "Workers." + &"</div>".repeat(5000));
    // 200 MB, sparse: refused from its size before a byte is read.
    let huge = env.file("huge.txt", "");
    std::fs::OpenOptions::new().write(true).open(&huge).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let paths = [&binary, &latin1, &good, &empty, &missing, &html, &huge];
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let r = env.tally(&args);
    assert_eq!(r.code, 1, "non-zero exit when anything was skipped: {}", r.stderr);
    assert_eq!(r.stdout.trim(), "1 ingested, 0 already present, 6 skipped");

    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 6, "one line per skipped input:\n{}", r.stderr);
    for bad in [&binary, &latin1, &empty, &missing, &html, &huge] {
        let name = bad.to_str().unwrap();
        let line = lines
            .iter()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line names {name}:\n{}", r.stderr));
        let problem = line.split_once(&format!("{name}: ")).map(|(_, p)| p).unwrap_or("");
        assert!(line.starts_with("tally: skipped ") && !problem.is_empty(), "{line}");
    }
    assert!(!r.stderr.contains("panicked"));
    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["path"], good.to_str().unwrap());
}

#[test]
fn flags_set_the_metadata_of_every_document() {
    let env = Env::new();
    let a = env.file("a.txt", EN_RUSSIA);
    env.tally(&[
        "ingest",
        "--source",
        "Test Daily",
        "--published",
        "2022-10-25",
        "--lang",
        "en",
        "--url",
        "https://example.org/report",
        a.to_str().unwrap(),
    ])
    .ok();
    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    assert_eq!(docs[0]["outlet"], "Test Daily");
    assert_eq!(docs[0]["published"], "2022-10-25");
    assert_eq!(docs[0]["lang"], "en");
    assert_eq!(docs[0]["url"], "https://example.org/report");

    let human = env.tally(&["docs"]).ok();
    let line = human.stdout.lines().next().unwrap();
    let id = docs[0]["id"].as_str().unwrap();
    assert!(line.starts_with(&format!("{id}  2022-10-25  Test Daily  en  ")), "{line}");
    assert!(line.ends_with("claims)") || line.ends_with("claim)"), "{line}");
}

#[test]
fn bad_flag_values_are_refused_clearly() {
    let env = Env::new();
    let a = env.file("a.txt", EN_RUSSIA);
    let r = env.tally(&["ingest", "--published", "2022-13-01", a.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--published") && r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
    let r = env.tally(&["ingest", "--lang", "fr", a.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--lang") && r.stderr.contains("en or ko"), "{}", r.stderr);
    let r = env.tally(&["ingest"]);
    assert_eq!(r.code, 2, "a path is required");
    assert!(!env.data().exists(), "nothing is created for a refused command line");
}

#[test]
fn small_batches_commit_everything_around_a_bad_file() {
    let env = Env::new();
    for i in 0..7 {
        env.file(&format!("in/{i:02}.txt"), format!("Report {i}: {EN_QATAR}"));
    }
    env.file("in/03b.txt", "");
    let r = env.tally(&["ingest", "--batch", "2", env.dir.path().join("in").to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.trim(), "7 ingested, 0 already present, 1 skipped");
    assert_eq!(env.tally(&["docs", "--json"]).ok().json_lines().len(), 7);
    assert_eq!(env.tally(&["search", "Qatar", "--json", "--limit", "100"]).ok().json_lines().len(), 7);
}

#[test]
fn the_data_folder_comes_from_tally_data_too() {
    let env = Env::new();
    let a = env.file("a.txt", EN_QATAR);
    let data = env.dir.path().join("nested/folder/data");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["ingest", a.to_str().unwrap()])
        .env("TALLY_DATA", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(data.join("tally.sqlite3").is_file());
    assert_eq!(run(&data, &["docs", "--json"], None).ok().json_lines().len(), 1);
}

/// A writer killed mid-batch leaves only whole batches, an intact store and an index that
/// catches up; the next ingest adds the rest.
///
/// The last input is a named pipe: reading it blocks, so the ingest stops inside its third
/// batch (two committed, five documents in flight) until the test kills it.
#[test]
fn a_kill_mid_batch_keeps_whole_batches() {
    let env = Env::new();
    for i in 0..25 {
        env.file(&format!("in/{i:02}.txt"), format!("Report {i}: {EN_QATAR}"));
    }
    let fifo = env.dir.path().join("in/zz.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tally"))
        .arg("--data")
        .arg(env.data())
        .args(["ingest", "--batch", "10", env.dir.path().join("in").to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut committed = 0;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the ingest ended ({status}) instead of blocking on the pipe");
        }
        if env.data().join("tally.sqlite3").exists() {
            committed = env.tally(&["docs", "--json"]).ok().json_lines().len();
            if committed == 20 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Give the writer time to store the third batch's five regular files before the pipe.
    std::thread::sleep(Duration::from_millis(500));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(committed, 20, "two batches should have committed before the pipe");

    let store = tally_store::SqliteStore::open_dir(&env.data()).unwrap();
    store.integrity_check().unwrap();
    assert_eq!(tally_store::Store::counts(&store).unwrap().documents, 20);
    drop(store);
    let hits = env.tally(&["search", "Qatar", "--json", "--limit", "100"]).ok().json_lines();
    assert_eq!(hits.len(), 20, "the index holds what the store committed");

    std::fs::remove_file(&fifo).unwrap();
    let r = env.tally(&["ingest", env.dir.path().join("in").to_str().unwrap()]).ok();
    assert_eq!(r.stdout.trim(), "5 ingested, 20 already present, 0 skipped");
    assert_eq!(env.tally(&["search", "Qatar", "--json", "--limit", "100"]).ok().json_lines().len(), 25);
}

/// A saved RSS feed: each item with a body is a document of its own (title, link, date and
/// the feed's title as outlet); an item with only a headline is skipped with its own line,
/// which makes the exit code non-zero; a second run adds nothing.
#[test]
fn a_feed_ingests_one_document_per_item() {
    let env = Env::new();
    let feed = env.file(
        "saved/watch.rss",
        r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Border Watch</title>
<item><title>Crews to Khabarovsk</title><link>https://watch.example/1</link>
<pubDate>Wed, 10 Apr 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;About 150 workers left for Khabarovsk on Monday, a trader in Rason said.&lt;/p&gt;</description></item>
<item><title>Seafood plants in Hunchun</title><link>https://watch.example/2</link>
<pubDate>Thu, 04 Apr 2024 08:00:00 GMT</pubDate>
<description>Some 500 North Korean women still work at seafood plants in Hunchun, local residents said.</description></item>
<item><title>Only a headline</title><link>https://watch.example/3</link></item>
</channel></rss>"#,
    );
    let r = env.tally(&["ingest", env.dir.path().join("saved").to_str().unwrap()]);
    assert_eq!(r.code, 1, "an item was skipped: {}", r.stderr);
    assert_eq!(r.stdout.trim(), "2 ingested, 0 already present, 1 skipped");
    assert_eq!(
        r.stderr.trim(),
        format!(
            "tally: skipped {}#item-3: the item has no content or summary, only a headline",
            feed.display()
        )
    );
    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    assert_eq!(docs.len(), 2);
    let crews = docs.iter().find(|d| d["title"] == "Crews to Khabarovsk").unwrap();
    assert_eq!(
        (crews["format"].as_str(), crews["outlet"].as_str(), crews["published"].as_str()),
        (Some("feed"), Some("Border Watch"), Some("2024-04-10"))
    );
    assert_eq!(crews["path"], format!("{}#item-1", feed.display()));
    let claims = env.tally(&["claims", "--json", "--doc", crews["id"].as_str().unwrap()]).ok().json_lines();
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert_eq!(claims[0]["count"]["min"], 150);
    assert_eq!(claims[0]["document"]["url"], "https://watch.example/1");

    let again = env.tally(&["ingest", feed.to_str().unwrap()]);
    assert_eq!(again.stdout.trim(), "0 ingested, 2 already present, 1 skipped");
}

/// Ingest keeps each new document's corroboration fingerprint, worked out beside its
/// extraction: the fingerprints the store would work out from the stored texts, already
/// there, so the event update reads none of the texts back.
#[test]
fn ingest_keeps_each_documents_fingerprint() {
    use tally_core::corroborate::DocPrint;
    use tally_store::fingerprints::document_prints;
    let env = Env::new();
    env.file("in/a.txt", EN_RUSSIA);
    env.file("in/b.md", format!("# Qatar\n\n{EN_QATAR}"));
    env.file("in/c.html", HTML_PAGE);
    let r = env
        .tally(&[
            "ingest",
            "--source",
            "NK News (citing Radio Free Asia)",
            env.dir.path().join("in").to_str().unwrap(),
        ])
        .ok();
    assert_eq!(r.stdout.trim(), "3 ingested, 0 already present, 0 skipped");

    let mut store = tally_store::SqliteStore::open_dir(&env.data()).unwrap();
    let expected: Vec<DocPrint> =
        tally_store::reviews::reviewed_ledger(&store).unwrap().docs.iter().map(DocPrint::of).collect();
    let (prints, stats) = document_prints(&mut store).unwrap();
    assert_eq!(stats.computed, 0, "every fingerprint was stored by ingest");
    assert_eq!(prints, expected);
    assert!(prints.iter().all(|p| p.fingerprint.stated().len() == 1), "the outlet note's origin is kept");
}
