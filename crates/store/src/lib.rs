//! tally's store: documents (immutable), the claims extracted from them, and what later
//! stages will keep (events, grades, the audit log). It owns the [`Store`] trait with
//! intent-named methods, the migrations under `crates/store/migrations/`, and the SQLite
//! backend ([`SqliteStore`]).
//!
//! It deliberately does not read files (see `tally-ingest`), extract claims (the caller runs
//! `tally_core::extract` and hands the result in), or search text (see `tally-index`, which
//! is derived from this store). Nothing in the trait is SQLite-specific, so a PostgreSQL
//! backend can implement it and run the same scenario tests.

pub mod accounts;
pub mod audit;
pub mod browse;
mod error;
mod events;
pub mod fingerprints;
mod migrate;
mod model;
pub mod reviews;
mod sqlite;

pub use accounts::AccountStore;
pub use audit::AuditLog;
pub use browse::Browse;
pub use error::{Error, Result};
pub use events::EventStore;
pub use migrate::{MIGRATIONS, Migration};
pub use model::{
    Added, ClaimCursor, ClaimFilter, ClaimId, Counts, DiagnosticRecord, Document, DocumentId, DocumentRef,
    DocumentSummary, NewDocument, Seq, StoredClaim, claim_ids,
};
pub use reviews::ReviewStore;
pub use sqlite::SqliteStore;

use tally_core::Extraction;

/// How many documents `tally ingest` commits per transaction: a crash loses at most this
/// many (a few seconds' work). Claim ids are hashes, so each batch's claims land at random
/// places in the claim indexes, and every page a batch touches is written to the
/// write-ahead log once per commit: a larger batch shares each page among more claims. At
/// 100,000 documents, batches of 5,000 wrote the store in 68 s where batches of 500 took
/// 104 s (bench/RESULTS.md, "Ingest batches").
pub const DEFAULT_BATCH: usize = 5_000;

/// Largest page any listing returns, whatever the caller asks for.
pub const MAX_PAGE: usize = 10_000;

/// The ledger's storage. Methods say what they are for, not how they are done, so a second
/// backend (PostgreSQL) can implement them with its own SQL.
///
/// Writes go through a [`Batch`]: one transaction, committed whole or not at all.
pub trait Store: Send {
    /// Starts a write transaction. `extractor` names the extractor version whose output
    /// the batch will store beside each document (recorded so `tally reindex` can be
    /// targeted and claims traced to the code that made them).
    fn begin_batch(&mut self, extractor: &str) -> Result<Box<dyn Batch + '_>>;

    /// The document with this exact id.
    fn document(&self, id: &DocumentId) -> Result<Document>;

    /// The document an id or a unique id prefix (at least `d-` and one digit) names.
    fn resolve_document(&self, id_or_prefix: &str) -> Result<DocumentId>;

    /// The bytes a document was ingested from, exactly as read.
    fn original_bytes(&self, id: &DocumentId) -> Result<Vec<u8>>;

    /// Documents in insertion order, after `after` (exclusive), at most `limit`, with their
    /// claim counts: what `tally docs` lists.
    fn list_documents(&self, after: Option<Seq>, limit: usize) -> Result<Vec<DocumentSummary>>;

    /// Documents with their text in insertion order after `after`, at most `limit`: what the
    /// index and the re-extraction read.
    fn documents_after(&self, after: Seq, limit: usize) -> Result<Vec<Document>>;

    /// The highest document [`Seq`] stored, [`Seq::ZERO`] for an empty store.
    fn last_seq(&self) -> Result<Seq>;

    /// Claims matching `filter`, in document order then extraction order, after `after`.
    fn claims(
        &self,
        filter: &ClaimFilter,
        after: Option<ClaimCursor>,
        limit: usize,
    ) -> Result<Vec<StoredClaim>>;

    /// What the extractor noticed in a document but did not turn into claims.
    fn diagnostics(&self, id: &DocumentId) -> Result<Vec<DiagnosticRecord>>;

    /// How many documents and claims there are.
    fn counts(&self) -> Result<Counts>;
}

/// One write transaction. Dropping it without [`Batch::commit`] rolls everything back, so a
/// failure or a crash mid-batch never leaves half a batch behind.
///
/// Each document is written all or nothing within the batch: when [`Batch::add_document`]
/// or [`Batch::replace_claims`] returns an error, what it had written is undone and the
/// batch can go on and commit the other documents.
pub trait Batch {
    /// Stores a document and the claims extracted from it, or reports that a document with
    /// the same text is already there (and stores nothing). A claim whose evidence does not
    /// slice back out of the text is refused with [`Error::Invalid`], and the document with it.
    fn add_document(&mut self, doc: &NewDocument<'_>, extraction: &Extraction) -> Result<Added>;

    /// Replaces a stored document's claims with a new extraction (claims are derived data;
    /// the document itself never changes). Returns how many claims were stored.
    fn replace_claims(&mut self, id: &DocumentId, extraction: &Extraction) -> Result<usize>;

    /// Keeps a stored document's corroboration fingerprint, worked out while its text was at
    /// hand (ingest does it beside extraction), so that no later run reads the text back to
    /// work it out (`fingerprints::document_prints`).
    fn add_fingerprint(
        &mut self,
        id: &DocumentId,
        fingerprint: &tally_core::corroborate::independence::Prepared,
    ) -> Result<()>;

    /// Makes the batch durable.
    fn commit(self: Box<Self>) -> Result<()>;
}
