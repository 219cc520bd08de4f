//! The values the store takes and gives back: ids with their invariants, documents, stored
//! claims, cursors for paging. Plain data; no SQL here.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tally_core::{Claim, Lang};

use crate::{Error, Result};

/// How many hex digits of a SHA-256 an id keeps: 64 bits, ample for a ledger of reports.
const ID_HEX: usize = 16;

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn is_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix)
        .is_some_and(|h| h.len() == ID_HEX && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// A document's id: `d-` and the first 16 hex digits of the SHA-256 of its normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DocumentId(String);

impl DocumentId {
    /// The id for a text with this hex SHA-256.
    pub fn from_sha256(sha256_hex: &str) -> Result<DocumentId> {
        let ok = sha256_hex.len() == 64 && sha256_hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !ok {
            return Err(Error::Invalid {
                what: "sha256",
                problem: format!("expected 64 lower-case hex digits, got {sha256_hex:?}"),
            });
        }
        Ok(DocumentId(format!("d-{}", &sha256_hex[..ID_HEX])))
    }

    /// Checks the shape of a full id (`d-` and 16 lower-case hex digits).
    pub fn parse(s: &str) -> Result<DocumentId> {
        if is_id(s, "d-") {
            Ok(DocumentId(s.to_owned()))
        } else {
            Err(Error::Invalid { what: "document id", problem: format!("{s:?} is not d- and 16 hex digits") })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A claim's id: `c-` and 16 hex digits of a SHA-256 over what pins the claim to its
/// document (see [`claim_ids`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ClaimId(String);

impl ClaimId {
    pub fn parse(s: &str) -> Result<ClaimId> {
        if is_id(s, "c-") {
            Ok(ClaimId(s.to_owned()))
        } else {
            Err(Error::Invalid { what: "claim id", problem: format!("{s:?} is not c- and 16 hex digits") })
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The ids of a document's claims, in the order given.
///
/// An id hashes (document id, kind, evidence start, evidence end, ordinal), where the ordinal
/// counts earlier claims *with the same kind and span*, not all earlier claims. That keeps
/// ids stable when a new extractor version adds or drops a claim elsewhere in the document,
/// so reviews and events that refer to a claim survive `tally reindex`.
pub fn claim_ids(doc: &DocumentId, claims: &[Claim]) -> Vec<ClaimId> {
    let mut seen: std::collections::HashMap<(&str, usize, usize), u32> = std::collections::HashMap::new();
    claims
        .iter()
        .map(|c| {
            let key = (c.kind.as_str(), c.evidence.start, c.evidence.end);
            let ordinal = seen.entry(key).or_insert(0);
            let material = format!("{}\x1f{}\x1f{}\x1f{}\x1f{}", doc, key.0, key.1, key.2, ordinal);
            *ordinal += 1;
            let digest = hex::encode(Sha256::digest(material.as_bytes()));
            ClaimId(format!("c-{}", &digest[..ID_HEX]))
        })
        .collect()
}

/// Insertion order of documents: a cursor for paging and the index's watermark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seq(pub i64);

impl Seq {
    /// Before the first document.
    pub const ZERO: Seq = Seq(0);
}

/// A document to store, borrowed from whoever read it (so the raw bytes are not copied).
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    pub raw: &'a [u8],
    /// Normalised text; evidence offsets index it.
    pub text: &'a str,
    /// Hex SHA-256 of `text`.
    pub sha256: &'a str,
    /// `text`, `markdown`, `html`, `corpus`.
    pub format: &'a str,
    pub lang: Lang,
    pub path: Option<&'a str>,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub published: Option<NaiveDate>,
    pub title: Option<&'a str>,
    pub negative: bool,
}

/// What [`crate::Batch::add_document`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Stored, with this many claims.
    New { id: DocumentId, claims: usize },
    /// A document with the same text was already stored; nothing was added.
    Duplicate { id: DocumentId },
}

/// A stored document with its text (not its original bytes: see
/// [`crate::Store::original_bytes`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub seq: Seq,
    pub id: DocumentId,
    pub sha256: String,
    pub format: String,
    pub lang: Lang,
    pub path: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    pub negative: bool,
    /// RFC 3339, UTC.
    pub ingested_at: String,
    pub text: String,
}

/// A document as listings show it: metadata and claim count, no text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    pub seq: Seq,
    pub id: DocumentId,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub lang: Lang,
    pub title: Option<String>,
    pub path: Option<String>,
    pub url: Option<String>,
    pub format: String,
    pub negative: bool,
    pub ingested_at: String,
    pub claims: u64,
    /// The extractor version that made the claims; `None` if never extracted.
    pub extractor: Option<String>,
}

/// The document facts a claim carries in `CLAIMS.md`'s `document` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRef {
    pub id: DocumentId,
    pub path: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
}

/// A claim as stored: its id, its document, its place in the extraction, the extractor
/// version that made it, and the claim itself.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredClaim {
    pub id: ClaimId,
    pub document: DocumentRef,
    pub position: u32,
    pub extractor: String,
    pub claim: Claim,
    /// For paging: where this claim sits in the listing order.
    pub cursor: ClaimCursor,
}

/// A position in the claim listing (document insertion order, then extraction order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClaimCursor {
    pub doc_seq: Seq,
    pub position: u32,
}

/// Which claims to list. Every field narrows; the default lists all.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub document: Option<DocumentId>,
    pub kind: Option<tally_core::Kind>,
}

/// A diagnostic as stored: what the extractor noticed and did not claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticRecord {
    pub start: usize,
    pub end: usize,
    pub rule: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub documents: u64,
    pub claims: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_id_is_d_and_sixteen_hex_digits_of_the_hash() {
        let sha = "91bc0f00aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff";
        assert_eq!(DocumentId::from_sha256(sha).unwrap().as_str(), "d-91bc0f00aa11bb22");
        assert!(DocumentId::from_sha256("91bc").is_err());
        assert!(DocumentId::from_sha256(&sha.to_uppercase()).is_err());
        assert!(DocumentId::parse("d-91bc0f00aa11bb22").is_ok());
        assert!(DocumentId::parse("d-91bc").is_err());
        assert!(DocumentId::parse("c-91bc0f00aa11bb22").is_err());
    }
}
