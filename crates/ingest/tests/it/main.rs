//! Integration tests of `tally-ingest`, through its public API only: news pages in the shapes
//! common CMSs produce (fixtures written for these tests, not copied from any outlet), bad
//! input of every kind, the corpus layout, the folder walk, and properties over arbitrary
//! bytes.

mod bad_input;
mod corpus;
mod feeds;
mod html_claims;
mod html_pages;
mod markdown;
mod props;
mod walk;

use std::path::{Path, PathBuf};

use tally_ingest::{Input, Loaded, Overrides};

/// The fixtures folder of this crate.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Loads a fixture file with no overrides; the only way the HTML tests call the API.
pub fn check(relative: &str) -> Loaded {
    let path = fixtures().join(relative);
    tally_ingest::load(&Input::File(path.clone()), &Overrides::default())
        .unwrap_or_else(|e| panic!("{} should load: {e}", path.display()))
}

/// The error line for an input, with the temporary folder's path replaced by `TMP` so the
/// expected lines can be written out in full.
pub fn error_line(input: &Input, tmp: &Path) -> String {
    match tally_ingest::load(input, &Overrides::default()) {
        Ok(l) => panic!("{} should be refused, got text {:?}", input.display_name(), l.text),
        Err(e) => e.to_string().replace(&tmp.display().to_string(), "TMP"),
    }
}
