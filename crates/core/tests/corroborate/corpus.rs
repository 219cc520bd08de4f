//! Loading the dev corpus (meta.json, text.txt, gold.json) into corroboration inputs.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tally_core::Claim;
use tally_core::corroborate::{ClaimId, ClaimRecord, DocId, DocInfo};

pub struct Corpus {
    pub docs: Vec<DocInfo>,
    pub claims: Vec<ClaimRecord>,
    /// claim id → gold event key.
    pub keys: Vec<(ClaimId, String)>,
}

/// The dev corpus folder, or `None` (after saying so) when it is absent outside CI.
pub fn dev_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the dev corpus is missing at {} and CI=true", dir.display());
    }
    eprintln!("skipping: no dev corpus at {}", dir.display());
    None
}

/// "2025-05" (a month only) reads as the month's first day.
fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok())
}

pub fn load_doc(dir: &Path, name: &str) -> (DocInfo, Vec<ClaimRecord>, Vec<(ClaimId, String)>) {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    let text = std::fs::read_to_string(dir.join("text.txt")).unwrap();
    let id = DocId::new(format!("d-{name}"));
    let doc = DocInfo {
        id: id.clone(),
        outlet: meta["outlet"].as_str().map(str::to_owned),
        url: meta["url"].as_str().map(str::to_owned),
        published: meta["published"].as_str().and_then(date),
        title: meta["title"].as_str().map(str::to_owned),
        text,
    };
    let mut claims = Vec::new();
    let mut keys = Vec::new();
    if let Ok(gold) = std::fs::read_to_string(dir.join("gold.json")) {
        let gold: serde_json::Value = serde_json::from_str(&gold).unwrap();
        for (i, c) in gold["claims"].as_array().unwrap().iter().enumerate() {
            let claim: Claim = serde_json::from_value(c.clone()).unwrap();
            let cid = ClaimId::new(format!("c-{name}-{i}"));
            if let Some(k) = c["event_key"].as_str() {
                keys.push((cid.clone(), k.to_owned()));
            }
            claims.push(ClaimRecord { id: cid, document: id.clone(), claim });
        }
    }
    (doc, claims, keys)
}

pub fn load(dir: &Path) -> Corpus {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("meta.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut corpus = Corpus { docs: Vec::new(), claims: Vec::new(), keys: Vec::new() };
    for name in names {
        let (doc, claims, keys) = load_doc(&dir.join(&name), &name);
        corpus.docs.push(doc);
        corpus.claims.extend(claims);
        corpus.keys.extend(keys);
    }
    corpus
}
