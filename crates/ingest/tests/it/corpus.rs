//! The corpus layout: `text.txt` kept exactly as `normalise` gives it (gold offsets index it),
//! `meta.json` read strictly, overrides winning. Also run over the shared development corpus
//! when it is present.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tally_core::Lang;
use tally_core::text::normalise;
use tally_ingest::{Format, Input, Overrides};

use crate::fixtures;

fn load(dir: &Path, overrides: &Overrides) -> tally_ingest::Result<tally_ingest::Loaded> {
    tally_ingest::load(&Input::CorpusDir(dir.to_path_buf()), overrides)
}

#[test]
fn text_is_kept_exactly_and_meta_json_is_read() {
    let dir = fixtures().join("corpus/en-month");
    let doc = load(&dir, &Overrides::default()).unwrap();
    let file = fs::read_to_string(dir.join("text.txt")).unwrap();
    // Boilerplate lines ("Read in Korean", "Copyright ©") stay: corpus text is never filtered.
    assert_eq!(doc.text, normalise(&file));
    assert_eq!(doc.text, file);
    assert_eq!(doc.raw, file.as_bytes());
    assert_eq!(doc.format, Format::Corpus);
    assert_eq!(doc.lang, Lang::En);
    let m = &doc.meta;
    assert_eq!(m.path.as_deref(), Some(dir.join("text.txt").display().to_string().as_str()));
    assert_eq!(m.url.as_deref(), Some("https://daily.example.org/english/candidates-checked/"));
    assert_eq!(m.outlet.as_deref(), Some("Example Daily (English)"));
    assert_eq!(m.title.as_deref(), Some("Candidates for work in China checked in two provinces"));
    assert_eq!(m.published, NaiveDate::from_ymd_opt(2025, 5, 1));
    assert!(!m.negative);
    assert_eq!(
        m.notes,
        [
            "published is given as a month (2025-05); taken as 2025-05-01",
            "published_note: The page shows only the month."
        ]
    );
}

#[test]
fn korean_negative_document() {
    let doc = load(&fixtures().join("corpus/ko-negative"), &Overrides::default()).unwrap();
    assert_eq!(doc.lang, Lang::Ko);
    assert!(doc.meta.negative);
    assert_eq!(doc.meta.url, None);
    assert!(doc.text.ends_with("무단전재 및 재배포 금지\n"));
    assert_eq!(doc.meta.published, NaiveDate::from_ymd_opt(2024, 3, 21));
}

#[test]
fn overrides_win_over_meta_json() {
    let o = Overrides {
        source: Some("Analyst label".into()),
        published: NaiveDate::from_ymd_opt(2025, 5, 14),
        lang: Some(Lang::Ko),
        url: Some("https://override.example".into()),
    };
    let doc = load(&fixtures().join("corpus/en-month"), &o).unwrap();
    assert_eq!(doc.meta.outlet.as_deref(), Some("Analyst label"));
    assert_eq!(doc.meta.published, NaiveDate::from_ymd_opt(2025, 5, 14));
    assert_eq!(doc.meta.url.as_deref(), Some("https://override.example"));
    assert_eq!(doc.lang, Lang::Ko);
    assert_eq!(doc.meta.title.as_deref(), Some("Candidates for work in China checked in two provinces"));
    assert_eq!(doc.meta.notes, ["published_note: The page shows only the month."]);
}

#[test]
fn malformed_meta_json_is_named_with_the_json_problem() {
    let dir = fixtures().join("corpus/bad-meta");
    let err = load(&dir, &Overrides::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: malformed JSON: expected `,` or `}}` at line 4 column 2",
            dir.join("meta.json").display()
        )
    );
}

#[test]
fn meta_json_is_optional() {
    let dir = fixtures().join("corpus/no-meta");
    let doc = load(&dir, &Overrides::default()).unwrap();
    assert_eq!(doc.text, "Text without a meta.json beside it.\n");
    assert_eq!(doc.meta.published, None);
    assert_eq!(doc.meta.path.as_deref(), Some(dir.join("text.txt").display().to_string().as_str()));
}

#[test]
fn a_bad_text_txt_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("text.txt"), b"caf\xe9").unwrap();
    let err = load(tmp.path(), &Overrides::default()).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "{}: not valid UTF-8: bad byte sequence at byte offset 3;",
            tmp.path().join("text.txt").display()
        )),
        "{err}"
    );
    fs::write(tmp.path().join("text.txt"), b"fine").unwrap();
    fs::write(tmp.path().join("meta.json"), br#"{"published": "last May"}"#).unwrap();
    let err = load(tmp.path(), &Overrides::default()).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: field \"published\": expected a date as YYYY-MM-DD (or YYYY-MM, YYYY), got \"last May\"",
            tmp.path().join("meta.json").display()
        )
    );
}

/// The shared development corpus, relative to the repository (`../shared/corpus/dev`).
fn dev_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "the dev corpus is missing at {}", dir.display());
    eprintln!("skipping: no dev corpus at {}", dir.display());
    None
}

#[test]
fn every_dev_corpus_document_loads_exactly() {
    let Some(dir) = dev_corpus() else { return };
    let mut seen = 0;
    for input in tally_ingest::inputs(&[dir]) {
        let input = input.unwrap();
        let Input::CorpusDir(folder) = &input else { panic!("only corpus folders expected, got {input:?}") };
        let doc = tally_ingest::load(&input, &Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
        let file = fs::read_to_string(folder.join("text.txt")).unwrap();
        assert_eq!(doc.text, normalise(&file), "{}", folder.display());
        assert_eq!(normalise(&doc.text), doc.text);
        let meta: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(folder.join("meta.json")).unwrap()).unwrap();
        assert_eq!(Some(doc.lang.code()), meta["lang"].as_str(), "{}", folder.display());
        assert_eq!(doc.meta.negative, meta["negative"].as_bool().unwrap_or(false));
        assert_eq!(doc.meta.url.as_deref(), meta["url"].as_str());
        let published = meta["published"].as_str().unwrap();
        let shown = doc.meta.published.unwrap().to_string();
        assert!(shown.starts_with(published), "{}: {published} read as {shown}", folder.display());
        assert_eq!(
            doc.meta.notes.iter().any(|n| n.starts_with("published is given as")),
            published.len() < 10
        );
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} documents in the dev corpus");
}
