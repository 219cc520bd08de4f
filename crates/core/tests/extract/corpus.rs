//! Reading the development corpus for tests. Where it is absent, tests say so and skip,
//! except under `CI=true`, where its absence fails them.

use std::path::{Path, PathBuf};

use tally_core::eval::GoldFile;
use tally_core::{Claim, DocContext, Lang, extract};

pub struct Doc {
    pub id: String,
    pub text: String,
    pub lang: Lang,
    pub negative: bool,
    pub gold: GoldFile,
    pub predicted: Vec<Claim>,
}

/// `../shared/corpus/dev` next to the repository, if it is there.
pub fn dev_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the development corpus is missing at {} (CI=true requires it)", dir.display());
    }
    eprintln!("skipping: the development corpus is not at {}", dir.display());
    None
}

pub fn load_doc(dir: &Path) -> Doc {
    let raw = std::fs::read_to_string(dir.join("text.txt")).expect("text.txt is UTF-8");
    let text = tally_core::text::normalise(&raw);
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).expect("meta.json"))
            .expect("meta.json is JSON");
    let published = meta["published"].as_str().and_then(|p| {
        let p = if p.len() == 7 { format!("{p}-01") } else { p.to_owned() };
        p.parse().ok()
    });
    let lang =
        meta["lang"].as_str().and_then(Lang::parse).unwrap_or_else(|| tally_core::text::detect_lang(&text));
    let gold: GoldFile =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).expect("gold.json"))
            .expect("gold.json is a gold file");
    let predicted = extract(&text, &DocContext { lang, published }).claims;
    Doc {
        id: dir.file_name().unwrap().to_string_lossy().into_owned(),
        text,
        lang,
        negative: meta["negative"].as_bool().unwrap_or(false),
        gold,
        predicted,
    }
}

pub fn load_all(dir: &Path) -> Vec<Doc> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("text.txt").is_file())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| load_doc(d)).collect()
}
