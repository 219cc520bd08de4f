//! Reading reports into tally: files, folders (recursively), standard input and the corpus
//! layout of `CLAIMS.md`; format detection; HTML main-text extraction; normalisation and
//! hashing. It does not store anything (see `tally-store`) and does not extract claims.
//!
//! CONTRACT (fixed; the store and CLI are written against it — extend, don't break):
//! - [`inputs`] walks the given paths lazily, yielding one [`Input`] at a time, so a batch of
//!   any size streams in constant memory.
//! - [`load`] reads one input into a [`Loaded`] document or an [`Error`] that names the file
//!   and the problem. A bad file never stops the walk.
//! - [`load_bytes`] does the same for bytes already in memory (browser upload).

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use tally_core::Lang;

/// Largest input accepted, in bytes. Larger files are refused with a clear error.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// What the command line sets for every document of a batch (`--source`, `--published`,
/// `--lang`, `--url`). A value here wins over what a `meta.json` or the HTML says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    pub lang: Option<Lang>,
    pub url: Option<String>,
}

/// One thing to read: a file, a corpus folder (`text.txt` + `meta.json`), or stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    CorpusDir(PathBuf),
    Stdin,
}

impl Input {
    /// The name errors and the store use for it: the path, or `-` for stdin.
    pub fn display_name(&self) -> String {
        match self {
            Input::File(p) | Input::CorpusDir(p) => p.display().to_string(),
            Input::Stdin => "-".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Corpus,
}

/// Metadata of a document, from `meta.json`, the HTML head, the overrides, or none.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    /// The path it was ingested from (`None` for stdin).
    pub path: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    /// `meta.json`'s `"negative": true`: a document known to carry no claim.
    pub negative: bool,
}

/// A document read and ready to store: kept immutably as it came, plus its normalised text.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The original bytes, exactly as read.
    pub raw: Vec<u8>,
    /// The normalised main text (`tally_core::text::normalise`); evidence offsets index it.
    pub text: String,
    /// Hex SHA-256 of the normalised text: the identity used to refuse duplicates.
    pub sha256: String,
    pub lang: Lang,
    pub format: Format,
    pub meta: Meta,
}

/// Why an input could not be read. Display is one line naming the input and the problem.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{name}: {problem}")]
    Unreadable { name: String, problem: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The inputs under `paths`, depth-first, in a stable (sorted) order.
pub fn inputs(paths: &[PathBuf]) -> impl Iterator<Item = Result<Input>> {
    let _ = paths;
    std::iter::empty()
}

/// Reads one input.
pub fn load(input: &Input, overrides: &Overrides) -> Result<Loaded> {
    Err(Error::Unreadable { name: input.display_name(), problem: "not implemented yet".into() })
}

/// Reads a document from bytes already in memory; `name` is a file name used for the format
/// guess and in errors.
pub fn load_bytes(name: &str, bytes: Vec<u8>, overrides: &Overrides) -> Result<Loaded> {
    let _ = (bytes, overrides);
    Err(Error::Unreadable { name: name.to_owned(), problem: "not implemented yet".into() })
}
