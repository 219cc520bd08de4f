//! The tip line's error type. It owns the wording an analyst sees on the command line; it
//! deliberately does not decide what a *source* sees: the web layer maps every error to a
//! plain-language page and logs only [`Error::log_line`], which never carries a path, a tip
//! id or any request detail (a tip id next to a log timestamp would date a submission).

use std::io;
use std::path::{Path, PathBuf};

/// Everything that can go wrong in the tip line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },

    /// A line of the recipients file (or a command-line argument) is not an age X25519
    /// recipient.
    #[error("{origin}: not an age X25519 recipient (expected `age1…`): {reason}")]
    BadRecipient { origin: String, reason: String },

    /// The recipients file is missing or empty, so nothing can be sealed.
    #[error(
        "{}: no recipients; add an analyst's key with `tally tips recipients add age1…`",
        path.display()
    )]
    NoRecipients { path: PathBuf },

    /// An identity file could not be read as age identities.
    #[error("{}: not an age identity file: {reason}", path.display())]
    BadIdentity { path: PathBuf, reason: String },

    /// A file exists where a new one was to be written; nothing is overwritten.
    #[error("{}: already exists; refusing to overwrite it", path.display())]
    Exists { path: PathBuf },

    /// No tip has this id.
    #[error("no tip with id `{0}` (see `tally tips list`)")]
    NotFound(String),

    /// A tip id on the command line has the wrong shape.
    #[error("`{0}` is not a tip id (ten letters and digits, as `tally tips list` prints them)")]
    BadTipId(String),

    /// Sealing (age encryption) failed.
    #[error("sealing failed: {0}")]
    Seal(String),

    /// A sealed file could not be opened with the given identities.
    #[error("{}: cannot be opened with this identity: {reason}", path.display())]
    Open { path: PathBuf, reason: String },

    /// A sealed manifest did not parse (a bug or a tampered file).
    #[error("{}: damaged manifest: {reason}", path.display())]
    Manifest { path: PathBuf, reason: String },

    /// The configuration (file or environment) is invalid.
    #[error("tip line configuration: {0}")]
    Config(String),

    /// The codename key-derivation settings are unreadable or invalid.
    #[error("{}: codename key settings: {reason}", path.display())]
    Kdf { path: PathBuf, reason: String },

    /// A reply had no text.
    #[error("the reply is empty; write its text on standard input")]
    EmptyReply,
}

/// The tip line's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl AsRef<Path>, source: io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    /// A line for the server log that names the kind of failure and nothing else: no path
    /// (paths contain tip ids), no content, no request detail.
    pub fn log_line(&self) -> String {
        match self {
            Error::Io { source, .. } => format!("storage error ({})", source.kind()),
            Error::BadRecipient { .. } => "a recipient in the recipients file is invalid".into(),
            Error::NoRecipients { .. } => "no recipients are configured; submissions are refused".into(),
            Error::BadIdentity { .. } => "an identity file is invalid".into(),
            Error::Exists { .. } => "a file to be created already existed".into(),
            Error::NotFound(_) | Error::BadTipId(_) => "a tip was not found".into(),
            Error::Seal(_) => "sealing failed".into(),
            Error::Open { .. } => "a sealed file could not be opened".into(),
            Error::Manifest { .. } => "a manifest is damaged".into(),
            Error::Config(_) => "configuration error".into(),
            Error::Kdf { .. } => "codename key settings are unreadable".into(),
            Error::EmptyReply => "empty reply".into(),
        }
    }
}
