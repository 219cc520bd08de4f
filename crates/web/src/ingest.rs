//! Ingest from the browser: the same steps as `tally ingest` for one uploaded file — read
//! it with `tally_ingest::load_bytes`, extract claims with `tally_core::extract`, store the
//! document and its claims in one batch, bring the search index up to date — and the audit
//! entry for the upload.
//!
//! It does not parse HTTP (the documents page hands in the file's name and bytes) and never
//! keeps a half-stored document: the batch commits whole or not at all.

use serde::Serialize;
use tally_core::{DocContext, Extraction};
use tally_ingest::Overrides;
use tally_store::audit::NewAuditEntry;
use tally_store::{Added, AuditLog, NewDocument, SqliteStore, Store};

use crate::{AppError, Result};

/// The extractor version recorded with claims stored from the browser (the CLI records the
/// same).
pub const EXTRACTOR: &str = tally_core::extract::VERSION;

/// What an upload did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uploaded {
    pub document: String,
    /// False when the same text was already stored (nothing was added).
    pub new: bool,
    pub claims: usize,
}

/// Reads, extracts and stores one uploaded file as `who` (blocking). Bad input is
/// [`AppError::BadInput`] with ingest's one-line message naming the file.
pub fn upload(
    store: &mut SqliteStore,
    index: &tally_index::Index,
    who: &str,
    name: &str,
    bytes: Vec<u8>,
    overrides: &Overrides,
) -> Result<Uploaded> {
    let loaded = tally_ingest::load_bytes(name, bytes, overrides)
        .map_err(|e| AppError::bad_form(e.to_string(), "/documents#upload"))?;
    let ctx = DocContext { lang: loaded.lang, published: loaded.meta.published };
    // A panic in the extractor is a bug; it costs this upload, not the server.
    let extraction: Extraction = std::panic::catch_unwind(|| tally_core::extract(&loaded.text, &ctx))
        .map_err(|_| AppError::internal(format!("the extractor failed on {name}")))?;
    let doc = NewDocument {
        raw: &loaded.raw,
        text: &loaded.text,
        sha256: &loaded.sha256,
        format: loaded.format.as_str(),
        lang: loaded.lang,
        path: loaded.meta.path.as_deref(),
        url: loaded.meta.url.as_deref(),
        outlet: loaded.meta.outlet.as_deref(),
        published: loaded.meta.published,
        title: loaded.meta.title.as_deref(),
        negative: loaded.meta.negative,
    };
    let added = {
        let mut batch = store.begin_batch(EXTRACTOR)?;
        let added = batch.add_document(&doc, &extraction)?;
        batch.commit()?;
        added
    };
    let out = match added {
        Added::New { id, claims } => Uploaded { document: id.to_string(), new: true, claims },
        Added::Duplicate { id } => {
            let claims = store.counts_for(&id)?;
            Uploaded { document: id.to_string(), new: false, claims }
        }
    };
    if out.new {
        store.append_audit(&NewAuditEntry {
            actor: who,
            action: "document.upload",
            target: &out.document,
            detail: serde_json::json!({"file": name, "claims": out.claims, "sha256": loaded.sha256}),
        })?;
    }
    match index.sync(&*store) {
        Ok(_) | Err(tally_index::Error::Busy) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(out)
}

/// How many claims a stored document has.
trait CountsFor {
    fn counts_for(&self, id: &tally_store::DocumentId) -> Result<usize>;
}

impl CountsFor for SqliteStore {
    fn counts_for(&self, id: &tally_store::DocumentId) -> Result<usize> {
        let filter = tally_store::ClaimFilter { document: Some(id.clone()), kind: None };
        Ok(self.claims(&filter, None, tally_store::MAX_PAGE)?.len())
    }
}
