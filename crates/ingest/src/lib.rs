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
//! - [`load_all`] is [`load`] for inputs that may hold several documents: an RSS or Atom
//!   feed gives one result per item (see `feed`); anything else gives one.
//!
//! Where the work lives: [`walk`] (which paths are documents), `read` (bytes with a size
//! limit), `sniff` (binary, encoding, format), `html` (main text of a web page), `markdown`,
//! `paragraphs` (the text layout both converters write), `boilerplate` (lines that are
//! clearly not the story), `meta_json` and `date` (the corpus `meta.json`), `load` (putting a
//! [`Loaded`] together), `problem` (what can be wrong, as [`Problem`]).
//!
//! Two decisions that shape what `text` is:
//! - **Text given as text is kept as given.** A corpus `text.txt` and a plain `.txt` file are
//!   only normalised (`tally_core::text::normalise`): gold offsets index the corpus text byte
//!   for byte, and a plain text file may be one of those texts. Boilerplate lines in them
//!   ("Copyright ©", "무단전재 및 재배포 금지") stay; telling them from the story is the
//!   extractor's job there. Boilerplate removal applies only to text tally derives itself from
//!   an HTML page, whose offsets nobody else holds.
//! - **No encoding is guessed.** Input must be UTF-8 (a byte-order mark is allowed). A wrong
//!   guess between EUC-KR, CP949 and Latin-1 would silently change the words a quote rests
//!   on, so a file that is not UTF-8 is refused with the offset of its first bad byte, and
//!   the user converts it knowingly.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use tally_core::Lang;

mod boilerplate;
mod date;
pub mod feed;
mod html;
mod load;
mod markdown;
mod meta_json;
mod paragraphs;
mod problem;
mod read;
mod sniff;
pub mod walk;

pub use problem::Problem;

/// Largest input accepted, in bytes. Larger files are refused with a clear error.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Largest `meta.json` accepted, in bytes: metadata is a few hundred bytes, so anything near
/// this is not metadata.
pub const MAX_META_BYTES: u64 = 1024 * 1024;

/// Deepest element nesting accepted in an HTML page. Browsers stop nesting at 512 (Blink's
/// parser flattens deeper trees); real news pages stay under 100. Deeper input is refused
/// before parsing, because the HTML parser's work per tag grows with the depth.
pub const MAX_HTML_DEPTH: usize = 512;

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
    /// One item of an RSS or Atom feed.
    Feed,
}

impl Format {
    /// The name the store records (`documents.format`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Corpus => "corpus",
            Format::Feed => "feed",
        }
    }
}

/// Metadata of a document, from `meta.json`, the HTML head, the overrides, or none.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    /// The path it was ingested from (`None` for stdin; the file name for an upload). For a
    /// corpus folder, the path of its `text.txt`, as in `CLAIMS.md`.
    pub path: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    /// `meta.json`'s `"negative": true`: a document known to carry no claim.
    pub negative: bool,
    /// What an analyst should know about how the metadata was read, one sentence each: a
    /// partial date taken as the first of its month, `meta.json`'s `published_note`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
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

impl Error {
    pub(crate) fn new(name: impl Into<String>, problem: Problem) -> Error {
        Error::Unreadable { name: name.into(), problem: problem.to_string() }
    }

    /// The file (or `-`) the error is about.
    pub fn name(&self) -> &str {
        match self {
            Error::Unreadable { name, .. } => name,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The inputs under `paths`, depth-first, in a stable (sorted) order. See [`walk`] for what
/// a folder yields and what it skips.
///
/// The iterator owns a copy of the paths (`use<>`), so it may outlive the slice.
pub fn inputs(paths: &[PathBuf]) -> impl Iterator<Item = Result<Input>> + use<> {
    walk::Inputs::new(paths.to_vec())
}

/// Reads one input.
pub fn load(input: &Input, overrides: &Overrides) -> Result<Loaded> {
    load::input(input, overrides)
}

/// Reads one input that may hold several documents (a feed: one result per item). An input
/// that cannot be read at all gives one error.
pub fn load_all(input: &Input, overrides: &Overrides) -> Vec<Result<Loaded>> {
    load::input_all(input, overrides)
}

/// Reads a document from bytes already in memory; `name` is a file name used for the format
/// guess and in errors.
pub fn load_bytes(name: &str, bytes: Vec<u8>, overrides: &Overrides) -> Result<Loaded> {
    load::bytes(name, bytes, overrides)
}
