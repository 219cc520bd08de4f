//! `tally export` and `tally report` on data folders ingested from sentences written for
//! these tests, and on the founding report of the dev corpus where it is present.

use std::collections::{BTreeMap, HashSet};

use crate::common::{Env, dev_corpus};

/// Two outlets on one planned dispatch, with an organisation and a resolution.
const REPORT_A: &str = "North Korea will send about 300 workers to Russia in November 2023, a source said.\n\n\
    The dispatch is organised by the Cabinet of North Korea and breaches UNSCR 2397.\n";
const REPORT_B: &str = "Some 500 North Korean workers are to be sent to Russia in November 2023, \
    an intelligence official told reporters.\n";
/// A tip: its words must never leave tally through an export or the report.
const TIP: &str =
    "About 40 workers were sent to Nakhodka in March 2023 to rebuild the quay by the fish cannery.\n";
const TIP_WORDS: &[&str] = &["quay", "fish cannery", "rebuild"];

fn fixture() -> Env {
    let env = Env::new();
    let a = env.file("in/a.txt", REPORT_A);
    let b = env.file("in/b.txt", REPORT_B);
    let t = env.file("tip/tip.txt", TIP);
    env.tally(&[
        "ingest",
        a.to_str().unwrap(),
        "--source",
        "Daily NK",
        "--published",
        "2023-10-20",
        "--url",
        "https://example.org/a",
    ])
    .ok();
    env.tally(&[
        "ingest",
        b.to_str().unwrap(),
        "--source",
        "Yonhap",
        "--published",
        "2023-10-22",
        "--url",
        "https://example.org/b",
    ])
    .ok();
    env.tally(&["ingest", t.to_str().unwrap(), "--source", "tip line", "--published", "2023-04-02"]).ok();
    env
}

/// Properties each FtM schema tally writes may carry, read from the FollowTheMoney schema
/// files (followthemoney/schema: Thing.yaml, Document.yaml, Interval.yaml, Event.yaml,
/// Interest.yaml, Documentation.yml; Organization and PublicBody extend LegalEntity, of
/// which tally uses only Thing's properties).
fn ftm_schema() -> BTreeMap<&'static str, HashSet<&'static str>> {
    const THING: &[&str] = &[
        "name",
        "summary",
        "description",
        "country",
        "alias",
        "previousName",
        "weakAlias",
        "sourceUrl",
        "publisher",
        "publisherUrl",
        "alephUrl",
        "wikipediaUrl",
        "wikidataId",
        "keywords",
        "topics",
        "address",
        "addressEntity",
        "program",
        "notes",
        "proof",
        "indexText",
        "modifiedAt",
        "retrievedAt",
    ];
    const DOCUMENT: &[&str] = &[
        "contentHash",
        "title",
        "author",
        "generator",
        "crawler",
        "fileSize",
        "fileName",
        "extension",
        "encoding",
        "messageId",
        "mimeType",
        "language",
        "detectedLanguage",
        "date",
        "authoredAt",
        "publishedAt",
        "parent",
        "ancestors",
    ];
    const INTERVAL: &[&str] = &["startDate", "endDate", "date", "summary", "recordId", "sourceUrl"];
    const EVENT: &[&str] = &["location", "country", "important", "organizer", "involved"];
    const DOCUMENTATION: &[&str] = &["role", "status", "document", "entity"];
    let set = |parts: &[&[&'static str]]| parts.iter().flat_map(|p| p.iter().copied()).collect();
    BTreeMap::from([
        ("Document", set(&[THING, DOCUMENT])),
        ("Event", set(&[THING, INTERVAL, EVENT])),
        ("Organization", set(&[THING])),
        ("PublicBody", set(&[THING])),
        ("Documentation", set(&[INTERVAL, DOCUMENTATION])),
    ])
}

#[test]
fn ftm_entities_use_the_real_schema_and_stable_ids() {
    let env = fixture();
    let first = env.tally(&["export", "--format", "ftm"]).ok();
    let entities = first.json_lines();
    assert!(!entities.is_empty());
    let schema = ftm_schema();
    let mut by_schema: BTreeMap<String, usize> = BTreeMap::new();
    let ids: HashSet<&str> = entities.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), entities.len(), "entity ids are unique");
    for e in &entities {
        let s = e["schema"].as_str().unwrap();
        let allowed = schema.get(s).unwrap_or_else(|| panic!("unexpected schema {s}"));
        *by_schema.entry(s.to_owned()).or_default() += 1;
        assert!(e["id"].as_str().unwrap().starts_with("tally-"));
        for (prop, values) in e["properties"].as_object().unwrap() {
            assert!(allowed.contains(prop.as_str()), "{s} has no property {prop}");
            let values = values.as_array().unwrap_or_else(|| panic!("{s}.{prop} is not a list"));
            assert!(!values.is_empty());
            for v in values {
                let v = v.as_str().unwrap_or_else(|| panic!("{s}.{prop} holds a non-string"));
                if prop == "country" {
                    assert!(v.len() == 2 && v.chars().all(|c| c.is_ascii_lowercase()), "country {v}");
                }
                if ["publishedAt", "startDate", "endDate"].contains(&prop.as_str()) {
                    assert!(chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(), "{prop} {v}");
                }
                // Entity references point at entities of the export.
                if ["document", "entity", "involved"].contains(&prop.as_str()) {
                    assert!(ids.contains(v), "{s}.{prop} points at a missing entity {v}");
                }
            }
        }
    }
    assert_eq!(by_schema["Document"], 3, "{by_schema:?}");
    assert!(by_schema.get("Event").is_some_and(|n| *n >= 1), "{by_schema:?}");
    assert!(by_schema.get("Documentation").is_some_and(|n| *n >= 3), "{by_schema:?}");
    let cabinet = entities
        .iter()
        .find(|e| e["properties"]["name"][0] == "Cabinet of North Korea")
        .expect("the organisation named in a claim is an entity");
    assert_eq!(cabinet["schema"], "PublicBody");
    let doc_a = entities
        .iter()
        .find(|e| e["schema"] == "Document" && e["properties"]["sourceUrl"][0] == "https://example.org/a")
        .unwrap();
    assert_eq!(doc_a["properties"]["publishedAt"][0], "2023-10-20");
    assert_eq!(doc_a["properties"]["language"][0], "eng");
    assert_eq!(doc_a["properties"]["publisher"][0], "Daily NK");
    assert_eq!(doc_a["properties"]["contentHash"][0].as_str().unwrap().len(), 40);
    let russia = entities
        .iter()
        .find(|e| e["schema"] == "Event" && e["properties"]["country"][0] == "ru")
        .expect("an event in Russia");
    assert!(russia["properties"]["summary"][0].as_str().unwrap().contains("independent source"));

    // Re-exporting gives the same bytes.
    let second = env.tally(&["export", "--format", "ftm"]).ok();
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn csv_has_one_row_per_claim_and_parses_back() {
    let env = fixture();
    let claims = env.tally(&["claims", "--json"]).ok().json_lines();
    let out = env.dir.path().join("claims.csv");
    let r = env.tally(&["export", "--format", "csv", "--out", out.to_str().unwrap()]).ok();
    assert!(r.stdout.is_empty(), "with --out nothing goes to standard output");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    for col in
        ["id", "document_id", "outlet", "count_min", "money_currency", "organisations", "quote", "grade"]
    {
        assert!(headers.iter().any(|h| h == col), "no column {col}: {headers:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), claims.len());
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for (row, claim) in rows.iter().zip(&claims) {
        assert_eq!(&row[col("id")], claim["id"].as_str().unwrap());
        assert_eq!(&row[col("kind")], claim["kind"].as_str().unwrap());
        if row[col("outlet")] != *"tip line" {
            assert_eq!(&row[col("quote")], claim["evidence"]["quote"].as_str().unwrap());
        }
    }
    let three_hundred = rows.iter().find(|r| &r[col("count_min")] == "300").expect("the 300 workers");
    assert_eq!(&three_hundred[col("destination_country")], "RU");
    assert_eq!(&three_hundred[col("outlet")], "Daily NK");
    assert_eq!(&three_hundred[col("published")], "2023-10-20");
}

#[test]
fn jsonl_claims_equal_tally_claims_json_and_events_equal_tally_events_json() {
    let env = fixture();
    let claims = env.tally(&["claims", "--json"]).ok();
    let exported = env.tally(&["export", "--format", "jsonl"]).ok();
    let (mine, theirs) = (exported.json_lines(), claims.json_lines());
    assert_eq!(mine.len(), theirs.len());
    for (a, b) in mine.iter().zip(&theirs) {
        if b["document"]["id"] == tip_doc(&env) {
            assert_eq!(a["evidence"]["quote"], "[withheld: protected source]");
            assert_eq!(a["count"], b["count"], "the figures of a protected claim stay");
        } else {
            assert_eq!(a, b);
        }
    }
    let events = env.tally(&["events", "--json"]).ok();
    let exported = env.tally(&["export", "--format", "jsonl", "--what", "events"]).ok();
    assert_eq!(exported.stdout, events.stdout);
    let est = env.tally(&["estimate", "--json"]).ok();
    let exported = env.tally(&["export", "--format", "jsonl", "--what", "estimates"]).ok();
    assert_eq!(exported.stdout, est.stdout);
}

fn tip_doc(env: &Env) -> String {
    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    docs.iter().find(|d| d["outlet"] == "tip line").unwrap()["id"].as_str().unwrap().to_owned()
}

#[test]
fn a_tip_line_documents_words_never_leave_in_an_export_or_the_report() {
    let env = fixture();
    // The tip's claim is in the store, so the test is not vacuous.
    let tip = tip_doc(&env);
    let claims = env.tally(&["claims", "--json", "--doc", &tip]).ok();
    assert!(claims.stdout.contains("quay"), "{}", claims.stdout);
    let runs: Vec<Vec<&str>> = vec![
        vec!["export", "--format", "ftm"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "csv", "--what", "documents"],
        vec!["export", "--format", "csv", "--what", "events"],
        vec!["export", "--format", "jsonl"],
        vec!["export", "--format", "jsonl", "--what", "documents"],
        vec!["export", "--format", "jsonl", "--what", "events"],
        vec!["report"],
        vec!["report", "--format", "html"],
    ];
    for args in runs {
        let r = env.tally(&args).ok();
        for w in TIP_WORDS {
            assert!(!r.stdout.contains(w), "`tally {}` exposes {w:?}", args.join(" "));
        }
        assert!(!r.stdout.contains("2023-04-02"), "`tally {}` dates the tip", args.join(" "));
    }
    let csv = env.tally(&["export", "--format", "csv"]).ok().stdout;
    assert!(csv.contains("anonymous source (tip line; provenance protected)"));
}

#[test]
fn bad_arguments_fail_with_one_line_and_leave_no_file() {
    let env = fixture();
    let r = env.tally(&["export", "--format", "xml"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("xml"), "{}", r.stderr);
    let missing = env.dir.path().join("no-such-folder/out.csv");
    let r = env.tally(&["export", "--format", "csv", "--out", missing.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("no-such-folder/out.csv"), "{}", r.stderr);
    assert!(!missing.exists());
    let folder = env.dir.path().join("in");
    let r = env.tally(&["report", "--out", folder.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    let r = env.tally(&["report", "--since", "2024-01-01", "--until", "2023-01-01"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--since"), "{}", r.stderr);
    let r = env.tally(&["export", "--format", "ftm", "--what", "claims"]);
    assert_ne!(r.code, 0);
    // Nothing half-written beside the destinations either.
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tally-export-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_existing_file_is_replaced_whole() {
    let env = fixture();
    let out = env.file("out/report.html", "old");
    env.tally(&["report", "--format", "html", "--out", out.to_str().unwrap()]).ok();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>"));
    for forbidden in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(forbidden), "the HTML fetches or runs something: {forbidden}");
    }
    let names: Vec<_> =
        std::fs::read_dir(out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn markdown_report_of_a_small_fixture() {
    let env = fixture();
    let r = env.tally(&["report"]).ok();
    // Ids are hashes of the fixture text, so they are stable and may stay in the snapshot.
    insta::assert_snapshot!("report_small_fixture", r.stdout);
    let filtered = env.tally(&["report", "--destination", "QA"]).ok();
    assert!(filtered.stdout.contains("No figure is reported within this scope."));
}

/// The footnote lines of a Markdown report: number → text.
fn footnotes(report: &str) -> BTreeMap<usize, String> {
    report
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("[^")?;
            let (n, text) = rest.split_once("]: ")?;
            Some((n.parse().ok()?, text.to_owned()))
        })
        .collect()
}

/// The footnote numbers cited on a line.
fn cited(line: &str) -> Vec<usize> {
    line.split("[^").skip(1).filter_map(|p| p.split_once(']')?.0.parse().ok()).collect()
}

#[test]
fn the_founding_reports_figures_lead_back_to_their_quotes() {
    let Some(corpus) = dev_corpus() else { return };
    let env = Env::new();
    env.tally(&["ingest", corpus.join("seed").to_str().unwrap()]).ok();
    let claims = env.tally(&["claims", "--json"]).ok().json_lines();
    let report = env.tally(&["report", "--destination", "UA"]).ok().stdout;
    let notes = footnotes(&report);
    for figure in ["1,100–1,300", "USD 660,000–910,000"] {
        let line = report
            .lines()
            .find(|l| l.starts_with("- ") && l.contains(figure))
            .unwrap_or_else(|| panic!("no summary line with {figure}:\n{report}"));
        let ns = cited(line);
        assert!(!ns.is_empty(), "{figure} has no footnote: {line}");
        for n in ns {
            let note = &notes[&n];
            let claim =
                claims.iter().find(|c| note.contains(c["id"].as_str().unwrap())).expect("names its claim");
            let quote = claim["evidence"]["quote"].as_str().unwrap();
            let quote_md = quote.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                note.contains(&quote_md.replace('[', "\\[").replace(']', "\\]")) || note.contains(&quote_md),
                "footnote {n} does not quote its claim: {note}"
            );
            assert!(note.contains("2022-10-"), "footnote {n} has no date: {note}");
        }
    }
    assert!(report.contains("UNSCR 2397"));
    assert!(report.contains("potential"));
}
