//! Analysts' reviews of machine claims: confirm, correct one field, or reject.
//!
//! A review never changes the claim it is about: reviews are their own append-only table,
//! and [`apply_reviews`] computes the claim as reviewed (the machine's reading with the
//! latest correction of each field laid over it, or nothing when the latest verdict is a
//! rejection). Each review is written together with its audit entry, in one transaction.
//!
//! The module checks that a correction is a valid value for its field (by laying it over the
//! claim and reading the claim back with the core's own types), so a stored correction can
//! always be applied. It does not decide who may review (the web crate does).

use std::collections::BTreeMap;
use std::fmt;

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::Value;
use tally_core::Claim;

use crate::audit::{AuditEntry, NewAuditEntry, append_in};
use crate::{ClaimId, DocumentId, Error, Result, SqliteStore};

/// Longest note accepted with a review, in bytes.
pub const MAX_NOTE: usize = 4_000;

/// A claim field an analyst may correct: the JSON keys of `CLAIMS.md` (evidence excepted:
/// the words a claim rests on are the document's, not the analyst's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimField {
    Kind,
    Count,
    Teams,
    Money,
    Round,
    Destination,
    Origin,
    Time,
    Organisations,
    LegalRefs,
    Source,
    Purpose,
}

impl ClaimField {
    pub const ALL: [ClaimField; 12] = [
        ClaimField::Kind,
        ClaimField::Count,
        ClaimField::Teams,
        ClaimField::Money,
        ClaimField::Round,
        ClaimField::Destination,
        ClaimField::Origin,
        ClaimField::Time,
        ClaimField::Organisations,
        ClaimField::LegalRefs,
        ClaimField::Source,
        ClaimField::Purpose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimField::Kind => "kind",
            ClaimField::Count => "count",
            ClaimField::Teams => "teams",
            ClaimField::Money => "money",
            ClaimField::Round => "round",
            ClaimField::Destination => "destination",
            ClaimField::Origin => "origin",
            ClaimField::Time => "time",
            ClaimField::Organisations => "organisations",
            ClaimField::LegalRefs => "legal_refs",
            ClaimField::Source => "source",
            ClaimField::Purpose => "purpose",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimField> {
        ClaimField::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

impl fmt::Display for ClaimField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a review does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReviewAction {
    /// The machine's reading (with any corrections) is right.
    Confirm,
    /// One field's value, as JSON in the `CLAIMS.md` shape.
    Correct { field: ClaimField, value: Value },
    /// The claim is not a claim the document makes.
    Reject,
}

impl ReviewAction {
    pub fn name(&self) -> &'static str {
        match self {
            ReviewAction::Confirm => "confirm",
            ReviewAction::Correct { .. } => "correct",
            ReviewAction::Reject => "reject",
        }
    }
}

/// A review to record.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    pub claim: &'a ClaimId,
    pub action: ReviewAction,
    pub note: &'a str,
    pub who: &'a str,
}

/// A stored review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub seq: i64,
    pub claim: ClaimId,
    pub document: DocumentId,
    #[serde(flatten)]
    pub action: ReviewAction,
    pub note: String,
    pub who: String,
    pub at: String,
}

/// Where a claim stands after its reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unreviewed,
    Confirmed,
    Corrected,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Confirmed => "confirmed",
            Status::Corrected => "corrected",
            Status::Rejected => "rejected",
        }
    }
}

/// A claim's reviews summed up: its status and the correction in force for each field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewState {
    pub status: Status,
    pub corrections: BTreeMap<ClaimField, Review>,
}

/// Sums up one claim's reviews (oldest first): the latest confirm or reject sets the
/// verdict, corrections count as a verdict of "corrected" unless a later reject or confirm
/// follows, and the latest correction of each field is the one in force.
pub fn review_state(reviews: &[Review]) -> ReviewState {
    let mut status = Status::Unreviewed;
    let mut corrections = BTreeMap::new();
    for r in reviews {
        match &r.action {
            ReviewAction::Confirm => status = Status::Confirmed,
            ReviewAction::Reject => status = Status::Rejected,
            ReviewAction::Correct { field, .. } => {
                status = Status::Corrected;
                corrections.insert(*field, r.clone());
            }
        }
    }
    ReviewState { status, corrections }
}

/// The claim as reviewed: the machine's reading with each field's latest correction laid
/// over it, or `None` when the claim stands rejected. The stored claim is not touched.
pub fn apply_reviews(claim: &Claim, reviews: &[Review]) -> Option<Claim> {
    let state = review_state(reviews);
    if state.status == Status::Rejected {
        return None;
    }
    let mut out = claim.clone();
    for r in state.corrections.values() {
        if let ReviewAction::Correct { field, value } = &r.action {
            // Corrections were checked when stored, so this only fails on a damaged row;
            // then the machine's reading stands.
            if let Ok(c) = with_field(&out, *field, value) {
                out = c;
            }
        }
    }
    Some(out)
}

/// The claim with one field replaced, read back through the core's types so every
/// invariant (min ≤ max, country codes, dates in order) is checked.
pub fn with_field(claim: &Claim, field: ClaimField, value: &Value) -> Result<Claim> {
    let mut json =
        serde_json::to_value(claim).map_err(|e| Error::Invalid { what: "claim", problem: e.to_string() })?;
    json[field.as_str()] = value.clone();
    serde_json::from_value::<Claim>(json)
        .map_err(|e| Error::Invalid { what: "correction", problem: format!("{field}: {e}") })
}

/// Reviews.
pub trait ReviewStore {
    /// Records a review of a stored claim together with its audit entry (action
    /// `review.confirm`, `review.correct` or `review.reject`, target the claim id).
    fn record_review(&mut self, review: &NewReview<'_>) -> Result<(Review, AuditEntry)>;

    /// Every review of a document's claims, oldest first.
    fn reviews_for_document(&self, doc: &DocumentId) -> Result<Vec<Review>>;

    /// Every review of one claim, oldest first.
    fn reviews_for_claim(&self, claim: &ClaimId) -> Result<Vec<Review>>;

    /// Every review, oldest first (for corroboration over reviewed claims).
    fn all_reviews(&self) -> Result<Vec<Review>>;

    /// A value that changes whenever anything corroboration reads changes (documents,
    /// claims, reviews, event operations, grade overrides): the web UI's cache key for its
    /// events and estimates.
    fn ledger_stamp(&self) -> Result<String>;
}

const COLUMNS: &str = "seq, claim_id, document_id, action, field, value, note, who, at";

fn review_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Review>> {
    let seq: i64 = r.get(0)?;
    let claim: String = r.get(1)?;
    let doc: String = r.get(2)?;
    let action: String = r.get(3)?;
    let field: Option<String> = r.get(4)?;
    let value: Option<String> = r.get(5)?;
    let note: String = r.get(6)?;
    let who: String = r.get(7)?;
    let at: String = r.get(8)?;
    Ok((|| {
        let corrupt = |what: &str| Error::Corrupt(format!("review {seq}: {what}"));
        let action = match (action.as_str(), field, value) {
            ("confirm", _, _) => ReviewAction::Confirm,
            ("reject", _, _) => ReviewAction::Reject,
            ("correct", Some(f), Some(v)) => ReviewAction::Correct {
                field: ClaimField::parse(&f).ok_or_else(|| corrupt("unknown field"))?,
                value: serde_json::from_str(&v).map_err(|_| corrupt("value is not JSON"))?,
            },
            _ => return Err(corrupt("unknown action")),
        };
        Ok(Review {
            seq,
            claim: ClaimId::parse(&claim)?,
            document: DocumentId::parse(&doc)?,
            action,
            note,
            who,
            at,
        })
    })())
}

impl SqliteStore {
    fn reviews_where(&self, clause: &str, arg: &str) -> Result<Vec<Review>> {
        let sql = format!("SELECT {COLUMNS} FROM reviews WHERE {clause} ORDER BY seq");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([arg], review_from_row)?;
        rows.map(|r| r?).collect()
    }
}

impl ReviewStore for SqliteStore {
    fn record_review(&mut self, review: &NewReview<'_>) -> Result<(Review, AuditEntry)> {
        if review.note.len() > MAX_NOTE {
            return Err(Error::Invalid { what: "note", problem: format!("longer than {MAX_NOTE} bytes") });
        }
        if review.who.trim().is_empty() {
            return Err(Error::Invalid { what: "review", problem: "a review needs a reviewer".into() });
        }
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, String)> = tx
            .query_row("SELECT document_id, claim FROM claims WHERE id = ?1", [review.claim.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (doc, claim_json) =
            row.ok_or_else(|| Error::NotFound { what: "claim", id: review.claim.to_string() })?;
        let (field, value) = match &review.action {
            ReviewAction::Correct { field, value } => {
                let claim: Claim = serde_json::from_str(&claim_json)?;
                with_field(&claim, *field, value)?;
                (Some(field.as_str()), Some(value.to_string()))
            }
            _ => (None, None),
        };
        let at = crate::model::now();
        tx.execute(
            "INSERT INTO reviews (claim_id, document_id, action, field, value, note, who, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                review.claim.as_str(),
                doc,
                review.action.name(),
                field,
                value,
                review.note,
                review.who,
                at
            ],
        )?;
        let seq = tx.last_insert_rowid();
        let mut detail = serde_json::json!({"document": doc, "review": seq});
        if let ReviewAction::Correct { field, value } = &review.action {
            detail["field"] = Value::String(field.as_str().to_owned());
            detail["value"] = value.clone();
        }
        if !review.note.is_empty() {
            detail["note"] = Value::String(review.note.to_owned());
        }
        let action = format!("review.{}", review.action.name());
        let entry = append_in(
            &tx,
            &NewAuditEntry { actor: review.who, action: &action, target: review.claim.as_str(), detail },
        )?;
        tx.commit()?;
        let stored = Review {
            seq,
            claim: review.claim.clone(),
            document: DocumentId::parse(&doc)?,
            action: review.action.clone(),
            note: review.note.to_owned(),
            who: review.who.to_owned(),
            at,
        };
        Ok((stored, entry))
    }

    fn reviews_for_document(&self, doc: &DocumentId) -> Result<Vec<Review>> {
        self.reviews_where("document_id = ?1", doc.as_str())
    }

    fn reviews_for_claim(&self, claim: &ClaimId) -> Result<Vec<Review>> {
        self.reviews_where("claim_id = ?1", claim.as_str())
    }

    fn all_reviews(&self) -> Result<Vec<Review>> {
        self.reviews_where("?1 = ?1", "")
    }

    fn ledger_stamp(&self) -> Result<String> {
        Ok(self.conn().query_row(
            "SELECT coalesce((SELECT max(seq) FROM documents), 0) || '/' || (SELECT count(*) FROM claims)
                 || '/' || coalesce((SELECT max(extracted_at) FROM extractions), '')
                 || '/' || coalesce((SELECT max(seq) FROM reviews), 0)
                 || '/' || coalesce((SELECT max(seq) FROM event_ops), 0)
                 || '/' || coalesce((SELECT max(seq) FROM grade_overrides), 0)",
            [],
            |r| r.get(0),
        )?)
    }
}

/// What corroboration reads from a store: every document, every claim as analysts left it
/// (corrections applied, rejected claims left out), and the reviews by claim id. One
/// reading for the CLI, the web UI and the benchmark, so the three cannot drift apart.
pub struct ReviewedLedger {
    pub docs: Vec<tally_core::corroborate::DocInfo>,
    pub claims: Vec<tally_core::corroborate::ClaimRecord>,
    pub reviews: std::collections::HashMap<String, Vec<Review>>,
}

/// Reads the store page by page into a [`ReviewedLedger`].
pub fn reviewed_ledger<S: crate::Store + ReviewStore + ?Sized>(store: &S) -> Result<ReviewedLedger> {
    use tally_core::corroborate::{DocId, DocInfo};
    let mut docs = Vec::new();
    let mut after = crate::Seq::ZERO;
    loop {
        let page = store.documents_after(after, crate::MAX_PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        docs.extend(page.into_iter().map(|d| DocInfo {
            id: DocId::new(d.id.as_str()),
            outlet: d.outlet,
            url: d.url,
            published: d.published,
            title: d.title,
            text: d.text,
        }));
    }
    let reviews = reviews_by_claim(store)?;
    let claims = reviewed_claims(store, &reviews, |c| c)?;
    Ok(ReviewedLedger { docs, claims, reviews })
}

/// Every review, grouped by claim id (oldest first within a claim).
pub fn reviews_by_claim<S: ReviewStore + ?Sized>(
    store: &S,
) -> Result<std::collections::HashMap<String, Vec<Review>>> {
    let mut reviews: std::collections::HashMap<String, Vec<Review>> = std::collections::HashMap::new();
    for r in store.all_reviews()? {
        reviews.entry(r.claim.as_str().to_owned()).or_default().push(r);
    }
    Ok(reviews)
}

/// Every claim of the store as reviewed (corrections applied, rejected claims left out), in
/// the store's order (document seq, then position), each passed through `keep` as it is read
/// so a caller that needs only part of each claim never holds them all whole.
pub fn reviewed_claims<S: crate::Store + ?Sized>(
    store: &S,
    reviews: &std::collections::HashMap<String, Vec<Review>>,
    mut keep: impl FnMut(tally_core::corroborate::ClaimRecord) -> tally_core::corroborate::ClaimRecord,
) -> Result<Vec<tally_core::corroborate::ClaimRecord>> {
    use tally_core::corroborate::{ClaimId as CoreClaimId, ClaimRecord, DocId};
    let mut claims = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.claims(&crate::ClaimFilter::default(), cursor, crate::MAX_PAGE)?;
        let Some(last) = page.last() else { break };
        cursor = Some(last.cursor);
        for c in page {
            // Analysts' corrections stand over the machine's reading; a rejected claim
            // corroborates nothing.
            let claim = match reviews.get(c.id.as_str()) {
                Some(rs) => apply_reviews(&c.claim, rs),
                None => Some(c.claim),
            };
            if let Some(claim) = claim {
                claims.push(keep(ClaimRecord {
                    id: CoreClaimId::new(c.id.as_str()),
                    document: DocId::new(c.document.id.as_str()),
                    claim,
                }));
            }
        }
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claim() -> Claim {
        serde_json::from_value(json!({
            "kind": "selection_round", "count": {"min": 300, "max": 300, "approx": true},
            "source": {"type": "anonymous_in_country", "text": "A source"},
            "evidence": {"quote": "about 300 people", "start": 0, "end": 16}
        }))
        .unwrap()
    }

    fn review(seq: i64, action: ReviewAction) -> Review {
        Review {
            seq,
            claim: ClaimId::parse("c-0000000000000001").unwrap(),
            document: DocumentId::parse("d-0000000000000001").unwrap(),
            action,
            note: String::new(),
            who: "ana".into(),
            at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn corrections_lay_over_the_machine_reading_and_rejection_hides_it() {
        let c = claim();
        let fix = ReviewAction::Correct {
            field: ClaimField::Count,
            value: json!({"min": 250, "max": 300, "approx": false}),
        };
        let reviewed = apply_reviews(&c, &[review(1, fix.clone())]).unwrap();
        assert_eq!((reviewed.count.unwrap().min(), c.count.unwrap().min()), (Some(250), Some(300)));
        assert!(apply_reviews(&c, &[review(1, fix.clone()), review(2, ReviewAction::Reject)]).is_none());
        let back =
            apply_reviews(&c, &[review(1, ReviewAction::Reject), review(2, ReviewAction::Confirm)]).unwrap();
        assert_eq!(back, c);
        assert_eq!(review_state(&[review(1, fix)]).status, Status::Corrected);
    }

    #[test]
    fn a_correction_must_be_a_valid_value() {
        let c = claim();
        assert!(with_field(&c, ClaimField::Count, &json!({"min": 5, "max": 1})).is_err());
        assert!(
            with_field(&c, ClaimField::Destination, &json!({"country": "russia", "region": null})).is_err()
        );
        assert!(with_field(&c, ClaimField::Kind, &json!("nonsense")).is_err());
        let ok =
            with_field(&c, ClaimField::Destination, &json!({"country": "RU", "region": "Amur"})).unwrap();
        assert_eq!(ok.destination.unwrap().region.as_deref(), Some("Amur"));
    }
}
