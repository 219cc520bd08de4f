//! `tally events`, `event`, `sources`, `grade` and `estimate` on the real binary: the
//! founding report and a re-post of it, analyst merges and splits that survive new
//! documents, grade overrides, and clear errors for bad requests.

use crate::common::{Env, dev_corpus};

fn figure<'a>(lines: &'a [serde_json::Value], measure: &str) -> &'a serde_json::Value {
    lines
        .iter()
        .find(|f| f["measure"] == measure && f["destination"]["country"] == "UA")
        .unwrap_or_else(|| panic!("no {measure} for UA in {lines:?}"))
}

/// The founding report alone, then with a re-post: the acceptance figures of issue 4, and
/// the re-post changes no figure and no independent-source count.
#[test]
fn founding_report_estimate_and_a_repost_of_it() {
    let Some(corpus) = dev_corpus() else { return };
    let env = Env::new();
    env.tally(&["ingest", corpus.join("seed").to_str().unwrap()]).ok();
    let est = env.tally(&["estimate", "--json"]).ok().json_lines();
    let workers = figure(&est, "selected_or_planned");
    assert_eq!((workers["low"].as_f64(), workers["high"].as_f64()), (Some(1100.0), Some(1300.0)));
    assert_eq!(workers["potential"], true);
    assert_eq!(workers["claims"].as_array().unwrap().len(), 3);
    let present = figure(&est, "present");
    assert!(present["low"].is_null() && present["claims"].as_array().unwrap().is_empty());
    let revenue = figure(&est, "revenue_usd_per_month");
    assert_eq!((revenue["low"].as_f64(), revenue["high"].as_f64()), (Some(660_000.0), Some(910_000.0)));
    assert_eq!(revenue["potential"], true);
    let events_before = env.tally(&["events", "--json"]).ok().json_lines();

    // A blog's copy of the same text.
    let text = std::fs::read_to_string(corpus.join("seed/text.txt")).unwrap();
    let copy =
        env.file("repost/post.txt", format!("Reposted from a friend's site.\n\n{text}\n\nComments closed."));
    env.tally(&[
        "ingest",
        copy.to_str().unwrap(),
        "--source",
        "Korea Prayer Blog",
        "--published",
        "2022-10-26",
    ])
    .ok();
    let est_after = env.tally(&["estimate", "--json"]).ok().json_lines();
    for m in ["selected_or_planned", "present", "revenue_usd_per_month"] {
        let (a, b) = (figure(&est, m), figure(&est_after, m));
        assert_eq!(
            (&a["low"], &a["best"], &a["high"], &a["claims"]),
            (&b["low"], &b["best"], &b["high"], &b["claims"]),
            "{m}"
        );
    }
    let events_after = env.tally(&["events", "--json"]).ok().json_lines();
    assert_eq!(events_before.len(), events_after.len());
    for before in &events_before {
        let after = events_after.iter().find(|e| e["id"] == before["id"]).expect("event ids are stable");
        assert_eq!(after["independent_sources"], before["independent_sources"]);
        assert_eq!(after["derived"].as_object().unwrap().len(), 1, "the copy is listed as derived");
    }
}

const DISPATCH_A: &str =
    "North Korea sent about 300 workers to Russia in March 2024, a source in North Korea told us.\n";
const DISPATCH_B: &str =
    "About 320 North Korean workers arrived in Russia in March 2024, a source in Russia said.\n";
const STOCK: &str = "About 2,000 North Korean workers are employed in Qatar, officials said in March 2024.\n";

#[test]
fn merges_splits_and_grades_are_recorded_and_survive_new_documents() {
    let env = Env::new();
    let a = env.file("a.txt", DISPATCH_A);
    let b = env.file("b.txt", DISPATCH_B);
    env.tally(&["ingest", a.to_str().unwrap(), "--source", "Daily NK", "--published", "2024-03-20"]).ok();
    env.tally(&["ingest", b.to_str().unwrap(), "--source", "Yonhap", "--published", "2024-03-22"]).ok();
    let events = env.tally(&["events", "--json"]).ok().json_lines();
    if events.is_empty() {
        eprintln!("skipping: the extractor finds no claims in the fixtures yet");
        return;
    }
    let ids: Vec<String> = events.iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect();
    let many = events.iter().find(|e| e["claims"].as_array().unwrap().len() > 1);
    if let Some(e) = many {
        let claim = e["claims"][1].as_str().unwrap();
        let id = e["id"].as_str().unwrap();
        let r = env
            .tally(&["event", "split", id, "--claims", claim, "--why", "different dispatch", "--as", "ana"])
            .ok();
        assert!(r.stdout.contains("split 1 claim"), "{}", r.stdout);
    } else if ids.len() >= 2 {
        env.tally(&["event", "merge", &ids[0], &ids[1], "--why", "same dispatch", "--as", "ana"]).ok();
    }
    let after_op = env.tally(&["events", "--json"]).ok().json_lines();
    // A new, unrelated document: the analyst's operation and the ids survive the recompute.
    let q = env.file("q.txt", STOCK);
    env.tally(&["ingest", q.to_str().unwrap(), "--source", "BBC", "--published", "2024-03-25"]).ok();
    let later = env.tally(&["events", "--json"]).ok().json_lines();
    for e in &after_op {
        let same = later.iter().find(|l| l["id"] == e["id"]).expect("ids survive");
        assert_eq!(same["claims"], e["claims"]);
    }

    // Grades: an override is recorded with who and why and shows in `tally sources`.
    let r = env.tally(&["grade", "Yonhap", "A2", "--why", "long record on this beat", "--as", "ana"]).ok();
    assert!(r.stdout.contains("Yonhap is now graded A2"), "{}", r.stdout);
    let sources = env.tally(&["sources", "--json"]).ok().json_lines();
    let yonhap = sources.iter().find(|s| s["source"] == "Yonhap").unwrap();
    assert_eq!(yonhap["grade"], "A2");
    assert_eq!(yonhap["grade_origin"]["who"], "ana");
    assert_eq!(yonhap["grade_origin"]["why"], "long record on this beat");
}

#[test]
fn bad_requests_fail_with_one_clear_line() {
    let env = Env::new();
    let r = env.tally(&["grade", "Yonhap", "Z9", "--why", "x"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("not a grade: \"Z9\""), "{}", r.stderr);
    let r = env.tally(&["grade", "Nobody Weekly", "B2", "--why", "x"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("unknown source \"Nobody Weekly\""), "{}", r.stderr);
    let r = env.tally(&["grade", "Yonhap", "B2", "--why", "  "]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--why"), "{}", r.stderr);
    let r = env.tally(&["event", "e-nothing"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("no event e-nothing"), "{}", r.stderr);
    let r = env.tally(&["event", "merge", "e-a", "e-b", "--why", "x"]);
    assert_ne!(r.code, 0);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let r = env.tally(&["estimate", "--explain"]).ok();
    assert!(r.stdout.contains("reconciled, never summed"));
}

/// Issue 4: every analyst action on events and grades goes to the hash-chained audit log,
/// with who, the target and why, and the chain still verifies afterwards.
#[test]
fn merges_splits_and_grades_each_write_an_audit_entry() {
    let env = Env::new();
    let a = env.file("a.txt", DISPATCH_A);
    let q = env.file("q.txt", STOCK);
    env.tally(&["ingest", a.to_str().unwrap(), "--source", "Daily NK", "--published", "2024-03-20"]).ok();
    env.tally(&["ingest", q.to_str().unwrap(), "--source", "BBC", "--published", "2024-03-25"]).ok();
    let events = env.tally(&["events", "--json"]).ok().json_lines();
    let dispatch = events.iter().find(|e| e["family"] == "dispatch").expect("a dispatch event");
    let stock = events.iter().find(|e| e["family"] == "stock").expect("a stock event");
    let (d, s) = (dispatch["id"].as_str().unwrap(), stock["id"].as_str().unwrap());

    env.tally(&["event", "merge", d, s, "--why", "one story told twice", "--as", "ana"]).ok();
    let merged = env.tally(&["event", d, "--json"]).ok().json_lines();
    let moved = merged[0]["claims"].as_array().unwrap().last().unwrap().as_str().unwrap().to_owned();
    let split =
        env.tally(&["event", "split", d, "--claims", &moved, "--why", "not the same", "--as", "ben"]).ok();
    let new_id = split.stdout.split_whitespace().nth(7).unwrap().trim_end_matches(':').to_owned();
    env.tally(&["grade", "Daily NK", "B1", "--why", "confirmed by satellite images", "--as", "cai"]).ok();

    let mut entries = env.tally(&["audit", "list", "--json"]).ok().json_lines();
    entries.reverse();
    let got: Vec<(&str, &str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap(),
                e["action"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["detail"]["why"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("ana", "event.merge", d, "one story told twice"),
            ("ben", "event.split", d, "not the same"),
            ("cai", "source.grade", "source:Daily NK", "confirmed by satellite images"),
        ]
    );
    assert_eq!(entries[0]["detail"]["absorb"], s);
    assert_eq!(entries[1]["detail"]["new_event"], new_id.as_str());
    assert_eq!(entries[1]["detail"]["claims"], serde_json::json!([moved]));
    assert_eq!(entries[2]["detail"]["grade"], "B1");
    let verify = env.tally(&["audit", "verify"]).ok();
    assert!(verify.stdout.starts_with("the audit log is intact: 3 entries"), "{}", verify.stdout);

    // A refused action writes nothing.
    assert_ne!(env.tally(&["event", "merge", d, d, "--why", "x"]).code, 0);
    assert_eq!(env.tally(&["audit", "list", "--json"]).ok().json_lines().len(), 3);
}

/// The saved clustering, as `tally ingest` left it: (event, claim) pairs, sorted.
fn saved_events(env: &Env) -> Vec<(String, String)> {
    let db = rusqlite::Connection::open(env.data().join("tally.sqlite3")).unwrap();
    let mut stmt =
        db.prepare("SELECT event_id, claim_id FROM event_members ORDER BY event_id, claim_id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

/// Issue 4: ingesting a document updates events without re-clustering the corpus. The new
/// document's claims are placed into the saved events by `tally ingest` itself, and an
/// analyst's decision already saved stands: the new claim joins the merged event.
#[test]
fn ingest_places_new_claims_into_the_saved_events() {
    let env = Env::new();
    let a = env.file("a.txt", DISPATCH_A);
    let q = env.file("q.txt", STOCK);
    env.tally(&["ingest", a.to_str().unwrap(), "--source", "Daily NK", "--published", "2024-03-20"]).ok();
    let after_a = saved_events(&env);
    assert_eq!(after_a.len(), 1, "ingest saved the first document's event: {after_a:?}");
    env.tally(&["ingest", q.to_str().unwrap(), "--source", "BBC", "--published", "2024-03-25"]).ok();
    let after_q = saved_events(&env);
    assert_eq!(after_q.len(), 2);
    assert!(after_q.contains(&after_a[0]), "the first event is untouched");

    // An analyst merges the dispatch and the stock, a grouping the automatic clustering
    // would never make.
    let events = env.tally(&["events", "--json"]).ok().json_lines();
    let dispatch =
        events.iter().find(|e| e["family"] == "dispatch").unwrap()["id"].as_str().unwrap().to_owned();
    let stock = events.iter().find(|e| e["family"] == "stock").unwrap()["id"].as_str().unwrap().to_owned();
    env.tally(&["event", "merge", &dispatch, &stock, "--why", "one operation", "--as", "ana"]).ok();

    // A second report of the dispatch: ingest places its claim into the merged event.
    let b = env.file("b.txt", DISPATCH_B);
    env.tally(&["ingest", b.to_str().unwrap(), "--source", "Yonhap", "--published", "2024-03-22"]).ok();
    let saved = saved_events(&env);
    assert_eq!(saved.len(), 3, "{saved:?}");
    assert!(saved.iter().all(|(e, _)| *e == dispatch), "every claim in the merged event: {saved:?}");
    let shown = env.tally(&["events", "--json"]).ok().json_lines();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["independent_sources"], 3);

    // A recompute from scratch gives the same: the merge is replayed, the id carried.
    let again = env.tally(&["events", "--json", "--recompute"]).ok().json_lines();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["id"], dispatch.as_str());
    assert_eq!(again[0]["claims"], shown[0]["claims"]);
}

/// Event id and claim ids of each event `tally events --json` printed, sorted.
fn memberships(lines: &[serde_json::Value]) -> Vec<(String, Vec<String>)> {
    let mut m: Vec<(String, Vec<String>)> = lines
        .iter()
        .map(|e| {
            let mut claims: Vec<String> =
                e["claims"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
            claims.sort();
            (e["id"].as_str().unwrap().to_owned(), claims)
        })
        .collect();
    m.sort();
    m
}

/// Issues 2 and 4: the dev corpus ingested in two runs, the second's documents all
/// published after the first's, leaves the events one recompute from scratch gives (ids
/// and claims), and the saved clustering `tally ingest` wrote (from fingerprints and
/// claims cut down to what clustering reads) is exactly what `tally events` shows.
#[test]
fn two_ingests_in_publication_order_give_the_events_of_one_recompute() {
    let Some(corpus) = dev_corpus() else { return };
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("meta.json").is_file())
        .map(|p| {
            let meta: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p.join("meta.json")).unwrap()).unwrap();
            (meta["published"].as_str().unwrap_or("").to_owned(), p.to_str().unwrap().to_owned())
        })
        .collect();
    docs.sort();
    let (early, late) = docs.split_at(docs.len() / 2);
    assert!(early.last().unwrap().0 < late[0].0, "the batches do not overlap in time");
    let env = Env::new();
    for batch in [early, late] {
        let mut args = vec!["ingest"];
        args.extend(batch.iter().map(|(_, p)| p.as_str()));
        env.tally(&args).ok();
    }
    let saved = saved_events(&env);
    let shown = env.tally(&["events", "--json"]).ok().json_lines();
    assert!(shown.len() > 20, "the dev corpus makes events: {}", shown.len());
    let mut from_saved: Vec<(String, String)> = memberships(&shown)
        .into_iter()
        .flat_map(|(e, cs)| cs.into_iter().map(move |c| (e.clone(), c)))
        .collect();
    from_saved.sort();
    assert_eq!(saved, from_saved, "`tally events` shows the clustering ingest saved");
    let again = env.tally(&["events", "--json", "--recompute"]).ok().json_lines();
    assert_eq!(memberships(&again), memberships(&shown));
}
