//! Reading the store the way the web UI browses it: documents filtered by outlet,
//! language, date and whether they have claims, newest first; the outlets there are; one
//! claim by its id. Queries only; nothing here writes.
//!
//! It does not rank or search text (see `tally-index`).

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use tally_core::Lang;

use crate::{
    ClaimFilter, ClaimId, DocumentId, DocumentSummary, Error, MAX_PAGE, Result, Seq, SqliteStore, Store,
    StoredClaim,
};

/// Which documents to list. Every field narrows.
#[derive(Debug, Clone, Default)]
pub struct DocQuery {
    /// Exact outlet name.
    pub outlet: Option<String>,
    pub lang: Option<Lang>,
    /// Published on or after.
    pub from: Option<NaiveDate>,
    /// Published on or before.
    pub to: Option<NaiveDate>,
    /// `Some(true)`: only documents with claims; `Some(false)`: only those without.
    pub has_claims: Option<bool>,
    /// Newest first, those inserted before this one (paging).
    pub before: Option<Seq>,
}

/// Browsing queries of the web UI.
pub trait Browse {
    /// Documents matching `q`, newest first, at most `limit`.
    fn find_documents(&self, q: &DocQuery, limit: usize) -> Result<Vec<DocumentSummary>>;

    /// How many documents match `q` (paging ignored).
    fn count_documents(&self, q: &DocQuery) -> Result<u64>;

    /// The distinct outlets, with how many documents each, by name.
    fn outlets(&self) -> Result<Vec<(String, u64)>>;

    /// One claim by its id.
    fn claim(&self, id: &ClaimId) -> Result<StoredClaim>;
}

const WHERE: &str = "(?1 IS NULL OR d.outlet = ?1)
   AND (?2 IS NULL OR d.lang = ?2)
   AND (?3 IS NULL OR d.published >= ?3)
   AND (?4 IS NULL OR d.published <= ?4)
   AND (?5 IS NULL OR (coalesce(e.claim_count, 0) > 0) = ?5)
   AND d.seq < ?6";

impl Browse for SqliteStore {
    fn find_documents(&self, q: &DocQuery, limit: usize) -> Result<Vec<DocumentSummary>> {
        let sql = format!(
            "SELECT d.seq FROM documents d LEFT JOIN extractions e ON e.document_id = d.id
             WHERE {WHERE} ORDER BY d.seq DESC LIMIT ?7"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let seqs: Vec<i64> = stmt
            .query_map(
                params![
                    q.outlet,
                    q.lang.map(|l| l.code()),
                    q.from.map(|d| d.to_string()),
                    q.to.map(|d| d.to_string()),
                    q.has_claims,
                    q.before.map_or(i64::MAX, |s| s.0),
                    limit.min(MAX_PAGE) as i64
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(seqs.len());
        for s in seqs {
            // One summary by seq: the trait's own listing, so the shape stays one.
            if let Some(d) = self.list_documents(Some(Seq(s - 1)), 1)?.into_iter().next() {
                out.push(d);
            }
        }
        Ok(out)
    }

    fn count_documents(&self, q: &DocQuery) -> Result<u64> {
        let sql = format!(
            "SELECT count(*) FROM documents d LEFT JOIN extractions e ON e.document_id = d.id WHERE {WHERE}"
        );
        let n: i64 = self.conn().prepare_cached(&sql)?.query_row(
            params![
                q.outlet,
                q.lang.map(|l| l.code()),
                q.from.map(|d| d.to_string()),
                q.to.map(|d| d.to_string()),
                q.has_claims,
                i64::MAX
            ],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    fn outlets(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT outlet, count(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY outlet LIMIT ?1",
        )?;
        let rows =
            stmt.query_map([MAX_PAGE as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn claim(&self, id: &ClaimId) -> Result<StoredClaim> {
        let doc: Option<String> = self
            .conn()
            .prepare_cached("SELECT document_id FROM claims WHERE id = ?1")?
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?;
        let not_found = || Error::NotFound { what: "claim", id: id.to_string() };
        let doc = DocumentId::parse(&doc.ok_or_else(not_found)?)?;
        let filter = ClaimFilter { document: Some(doc), kind: None };
        self.claims(&filter, None, MAX_PAGE)?.into_iter().find(|c| c.id == *id).ok_or_else(not_found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_store_lists_nothing_and_a_missing_claim_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open_dir(dir.path()).unwrap();
        assert!(s.find_documents(&DocQuery::default(), 10).unwrap().is_empty());
        assert_eq!(s.count_documents(&DocQuery { has_claims: Some(true), ..Default::default() }).unwrap(), 0);
        assert!(s.outlets().unwrap().is_empty());
        let id = ClaimId::parse("c-0000000000000001").unwrap();
        assert!(matches!(s.claim(&id), Err(Error::NotFound { .. })));
    }
}
