//! The store's errors: small and intent-level, so callers (the CLI, the web API) can react
//! to what happened without knowing which database said it. Backend errors are mapped here
//! at the boundary; the original stays reachable as the error's source.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such record.
    #[error("no {what} {id}")]
    NotFound { what: &'static str, id: String },

    /// An id prefix that names more than one record.
    #[error("{prefix} is ambiguous: {count} documents start with it; give more of the id")]
    Ambiguous { prefix: String, count: usize },

    /// A write that contradicts what is stored (e.g. two texts whose ids collide).
    #[error("conflict: {0}")]
    Conflict(String),

    /// Input the store refuses before touching the database.
    #[error("invalid {what}: {problem}")]
    Invalid { what: &'static str, problem: String },

    /// Another process holds the write lock for longer than the busy timeout.
    #[error("the store is busy (another tally process is writing to it); try again")]
    Busy,

    /// The data folder was written by a newer tally.
    #[error("the data folder was written by a newer tally (it has migration {0}); upgrade tally")]
    TooNew(u32),

    /// A migration's text differs from the one applied to this data folder.
    #[error(
        "migration {version} ({name}) has changed since it was applied to this data folder; \
         migrations must not change after they ship"
    )]
    MigrationChanged { version: u32, name: &'static str },

    /// Stored data that cannot be read back (e.g. a claim's JSON no longer parses).
    #[error("stored data is damaged: {0}")]
    Corrupt(String),

    /// The data folder or database file could not be opened or created.
    #[error("cannot open the store at {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// Anything else the backend reports (disk full, I/O error, …).
    #[error("storage error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy,
            Some(ErrorCode::ConstraintViolation) => Error::Conflict(e.to_string()),
            _ => Error::Backend(Box::new(e)),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Corrupt(e.to_string())
    }
}
