//! What can be wrong with an input, as typed values with one-line messages.
//!
//! [`crate::Error`] (the contract type) carries a file name and this problem's message; the
//! modules that find problems return a [`Problem`] and `load` pairs it with the file it is
//! about. It does not decide which file that is: a problem in a corpus folder may name the
//! folder's `meta.json` rather than the folder.

use std::io;

use crate::{MAX_BYTES, MAX_HTML_DEPTH, MAX_META_BYTES};

/// One thing wrong with one input. Display is the part after "name: " in an error line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    #[error("no such file or directory")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("{0}")]
    Io(String),
    #[error("is a folder without a text.txt, not a document")]
    Folder,
    #[error("file is {:.1} MB, larger than the {} MB limit", mb(*bytes), MAX_BYTES / MB)]
    TooBig { bytes: u64 },
    #[error("input is larger than the {} MB limit", MAX_BYTES / MB)]
    TooBigStream,
    #[error("file is {:.1} MB, larger than the {} MB limit for meta.json", mb(*bytes), MAX_META_BYTES / MB)]
    MetaTooBig { bytes: u64 },
    #[error("looks like a binary file{}, not a report", kind.map(|k| format!(" ({k})")).unwrap_or_default())]
    Binary { kind: Option<&'static str> },
    #[error("is UTF-16 text; tally reads UTF-8 only: convert it first (e.g. iconv -f UTF-16 -t UTF-8)")]
    Utf16,
    #[error(
        "not valid UTF-8: bad byte sequence at byte offset {offset}{}; tally does not guess encodings, \
         convert the file to UTF-8 first (e.g. iconv -f EUC-KR -t UTF-8)",
        declared.as_ref().map(|c| format!(" (the page declares charset {c})")).unwrap_or_default()
    )]
    InvalidUtf8 { offset: usize, declared: Option<String> },
    #[error("empty: no text to read")]
    Empty,
    #[error("empty: the page has no readable text")]
    NoMainText,
    #[error("HTML nested deeper than {MAX_HTML_DEPTH} levels; refusing to parse it")]
    TooDeep,
    #[error(
        "unsupported format .{ext}: tally reads text (.txt), Markdown (.md), HTML (.html) and RSS/Atom feeds (.rss, .atom, .xml)"
    )]
    Unsupported { ext: String },
    #[error("{0}")]
    Feed(String),
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("field \"{field}\": {problem}")]
    MetaField { field: &'static str, problem: String },
    #[error("is a broken symbolic link")]
    BrokenLink,
}

const MB: u64 = 1024 * 1024;

fn mb(bytes: u64) -> f64 {
    bytes as f64 / MB as f64
}

impl From<io::Error> for Problem {
    /// The common kinds get a short lowercase message; the rest keep the system's words
    /// without the "(os error N)" suffix, which tells a user nothing.
    fn from(e: io::Error) -> Problem {
        match e.kind() {
            io::ErrorKind::NotFound => Problem::NotFound,
            io::ErrorKind::PermissionDenied => Problem::PermissionDenied,
            io::ErrorKind::IsADirectory => Problem::Folder,
            _ => {
                let text = e.to_string();
                let text = match text.find(" (os error") {
                    Some(i) => text[..i].to_owned(),
                    None => text,
                };
                Problem::Io(lowercase_first(&text))
            }
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_message_has_one_decimal_and_the_limit() {
        let p = Problem::TooBig { bytes: 210 * MB };
        assert_eq!(p.to_string(), "file is 210.0 MB, larger than the 50 MB limit");
    }

    #[test]
    fn binary_message_names_the_kind_when_known() {
        assert_eq!(Problem::Binary { kind: None }.to_string(), "looks like a binary file, not a report");
        assert_eq!(
            Problem::Binary { kind: Some("PDF") }.to_string(),
            "looks like a binary file (PDF), not a report"
        );
    }

    #[test]
    fn io_errors_lose_the_os_error_suffix() {
        let p: Problem = io::Error::from_raw_os_error(2).into();
        assert_eq!(p, Problem::NotFound);
        let p: Problem = io::Error::other("Disk on fire (os error 99)").into();
        assert_eq!(p.to_string(), "disk on fire");
    }
}
