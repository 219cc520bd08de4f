//! The SQLite backend: one database file in the data folder, opened in WAL mode with foreign
//! keys on and a busy timeout, migrated at open.
//!
//! It does not share a connection between threads (a caller that needs that wraps the store
//! in a mutex) and does not cache anything beyond SQLite's own page and statement caches.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use tally_core::{Claim, Extraction, Lang};

use crate::model::now;
use crate::{
    Added, Batch, ClaimCursor, ClaimFilter, Counts, DiagnosticRecord, Document, DocumentId, DocumentRef,
    DocumentSummary, Error, MAX_PAGE, NewDocument, Result, Seq, Store, StoredClaim, claim_ids, migrate,
};

/// How long a writer waits for another process's write lock before giving up with
/// [`Error::Busy`]. A batch of 5,000 documents commits in well under this (a few seconds).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// SQLite's page cache per connection, in KiB.
pub(crate) const CACHE_KIB: i64 = 64 * 1024;

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "tally.sqlite3";

/// A [`Store`] in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the store in the data folder `dir`, which is created too.
    pub fn open_dir(dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Open { path: dir.to_owned(), source: Box::new(e) })?;
        SqliteStore::open(&dir.join(DB_FILE))
    }

    /// Opens (creating if needed) the store in the database file `path`.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let open_err = |e: rusqlite::Error| Error::Open { path: path.to_owned(), source: Box::new(e) };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // WAL lets readers (`tally search` while an ingest runs) proceed beside the writer.
        // FULL synchronous makes each committed batch survive power loss too, at the price of
        // one fsync per batch, which batching makes cheap.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        // A batch of 500 documents with their claims touches more pages than SQLite's default
        // 2 MB page cache holds; pages spilled mid-transaction get written to the log again
        // and again (a million small writes for 10,000 documents). A cache that holds a
        // batch's pages writes each once. It is a ceiling, allocated only as used.
        conn.pragma_update(None, "cache_size", -CACHE_KIB).map_err(open_err)?;
        // Each document is written inside a savepoint (so a refused one leaves its batch
        // intact); SQLite journals savepoints in a temporary file, written page by page.
        // In memory they cost a few pages per document and no system calls.
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(open_err)?;
        migrate::apply(&mut conn)?;
        Ok(SqliteStore { conn, path: path.to_owned() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the store's other modules (`events`).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs SQLite's own consistency check; `Ok(())` when it says "ok".
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict == "ok" { Ok(()) } else { Err(Error::Corrupt(verdict)) }
    }
}

pub(crate) fn opt_date(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(|s| s.parse::<NaiveDate>().map_err(|e| Error::Corrupt(format!("date {s:?}: {e}")))).transpose()
}

fn lang(s: &str) -> Result<Lang> {
    Lang::parse(s).ok_or_else(|| Error::Corrupt(format!("language {s:?}")))
}

fn clamp(limit: usize) -> i64 {
    limit.min(MAX_PAGE) as i64
}

/// Reads a row of `DOCUMENT_COLUMNS` into a [`Document`].
const DOCUMENT_COLUMNS: &str =
    "seq, id, sha256, format, lang, path, url, outlet, published, title, negative, ingested_at, text";

fn document_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Document>> {
    let published: Option<String> = r.get(8)?;
    let lang_s: String = r.get(4)?;
    let doc = (|| -> Result<Document> {
        Ok(Document {
            seq: Seq(r.get(0)?),
            id: DocumentId::parse(&r.get::<_, String>(1)?)?,
            sha256: r.get(2)?,
            format: r.get(3)?,
            lang: lang(&lang_s)?,
            path: r.get(5)?,
            url: r.get(6)?,
            outlet: r.get(7)?,
            published: opt_date(published)?,
            title: r.get(9)?,
            negative: r.get(10)?,
            ingested_at: r.get(11)?,
            text: r.get(12)?,
        })
    })();
    Ok(doc)
}

impl Store for SqliteStore {
    fn begin_batch(&mut self, extractor: &str) -> Result<Box<dyn Batch + '_>> {
        // IMMEDIATE takes the write lock now, so two writers queue at the start rather than
        // failing when one tries to upgrade a read lock mid-batch.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Box::new(SqliteBatch { tx, extractor: extractor.to_owned() }))
    }

    fn document(&self, id: &DocumentId) -> Result<Document> {
        // Cached: ingest asks this for every input it reads, and parsing the statement each
        // time showed in its profile.
        let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id.as_str()], document_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "document", id: id.to_string() })?
    }

    fn resolve_document(&self, id_or_prefix: &str) -> Result<DocumentId> {
        let p = id_or_prefix.trim();
        let hex = p.strip_prefix("d-").unwrap_or(p);
        let not_found = || Error::NotFound { what: "document", id: p.to_owned() };
        if hex.is_empty() || hex.len() > 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let prefix = format!("d-{}", hex.to_ascii_lowercase());
        // A range scan on the unique index instead of LIKE, which would need escaping and
        // cannot use the index under SQLite's default case-insensitive LIKE.
        let upper = format!("{prefix}\u{7f}");
        let mut stmt =
            self.conn.prepare_cached("SELECT id FROM documents WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
        let ids: Vec<String> =
            stmt.query_map([&prefix, &upper], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [] => Err(not_found()),
            [one] => DocumentId::parse(one),
            _ => {
                let count: i64 = self.conn.query_row(
                    "SELECT count(*) FROM documents WHERE id >= ?1 AND id < ?2",
                    [&prefix, &upper],
                    |r| r.get(0),
                )?;
                Err(Error::Ambiguous { prefix: p.to_owned(), count: count as usize })
            }
        }
    }

    fn original_bytes(&self, id: &DocumentId) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT raw FROM documents WHERE id = ?1", [id.as_str()], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "document", id: id.to_string() })
    }

    fn list_documents(&self, after: Option<Seq>, limit: usize) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.seq, d.id, d.published, d.outlet, d.lang, d.title, d.path, d.url, d.format,
                    d.negative, d.ingested_at, coalesce(e.claim_count, 0), e.extractor
             FROM documents d LEFT JOIN extractions e ON e.document_id = d.id
             WHERE d.seq > ?1 ORDER BY d.seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after.unwrap_or(Seq::ZERO).0, clamp(limit)], |r| {
            let published: Option<String> = r.get(2)?;
            let lang_s: String = r.get(4)?;
            let id: String = r.get(1)?;
            Ok((|| -> Result<DocumentSummary> {
                Ok(DocumentSummary {
                    seq: Seq(r.get(0)?),
                    id: DocumentId::parse(&id)?,
                    published: opt_date(published)?,
                    outlet: r.get(3)?,
                    lang: lang(&lang_s)?,
                    title: r.get(5)?,
                    path: r.get(6)?,
                    url: r.get(7)?,
                    format: r.get(8)?,
                    negative: r.get(9)?,
                    ingested_at: r.get(10)?,
                    claims: r.get::<_, i64>(11)? as u64,
                    extractor: r.get(12)?,
                })
            })())
        })?;
        rows.map(|r| r?).collect()
    }

    fn documents_after(&self, after: Seq, limit: usize) -> Result<Vec<Document>> {
        let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE seq > ?1 ORDER BY seq LIMIT ?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![after.0, clamp(limit)], document_from_row)?;
        rows.map(|r| r?).collect()
    }

    fn last_seq(&self) -> Result<Seq> {
        let seq: Option<i64> = self.conn.query_row("SELECT max(seq) FROM documents", [], |r| r.get(0))?;
        Ok(Seq(seq.unwrap_or(0)))
    }

    fn claims(
        &self,
        filter: &ClaimFilter,
        after: Option<ClaimCursor>,
        limit: usize,
    ) -> Result<Vec<StoredClaim>> {
        let after = after.unwrap_or(ClaimCursor { doc_seq: Seq::ZERO, position: 0 });
        // Row-value comparison pages through (document, position) order; both SQLite and
        // PostgreSQL support it. Document seqs start at 1, so the default cursor (0, 0)
        // comes before every claim.
        // One document's claims get their own statement: with `(?3 IS NULL OR …)` SQLite
        // cannot use the index on `claims.document_id` and walks every claim (0.7 s at
        // 100,000 documents against 0.2 ms), which the document page pays on each view.
        let sql = if filter.document.is_some() {
            // CROSS JOIN keeps claims as the outer loop (SQLite does not reorder it), and one
            // document's claims are already in position order in the (document, position)
            // index: the bundled SQLite otherwise walks documents in seq order for the sort.
            "SELECT c.id, d.id, d.path, d.url, d.published, c.position, c.extractor, c.claim, d.seq
             FROM claims c CROSS JOIN documents d ON d.id = c.document_id
             WHERE c.document_id = ?3
               AND (d.seq, c.position) > (?1, ?2)
               AND (?4 IS NULL OR c.kind = ?4)
             ORDER BY c.position LIMIT ?5"
        } else {
            "SELECT c.id, d.id, d.path, d.url, d.published, c.position, c.extractor, c.claim, d.seq
             FROM claims c JOIN documents d ON d.id = c.document_id
             WHERE (d.seq, c.position) > (?1, ?2)
               AND (?3 IS NULL OR c.document_id = ?3)
               AND (?4 IS NULL OR c.kind = ?4)
             ORDER BY d.seq, c.position LIMIT ?5"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(
            params![
                after.doc_seq.0,
                after.position,
                filter.document.as_ref().map(|d| d.as_str()),
                filter.kind.map(|k| k.as_str()),
                clamp(limit)
            ],
            |r| {
                let claim_id: String = r.get(0)?;
                let doc_id: String = r.get(1)?;
                let published: Option<String> = r.get(4)?;
                let position: u32 = r.get(5)?;
                let json: String = r.get(7)?;
                let doc_seq = Seq(r.get(8)?);
                Ok((|| -> Result<StoredClaim> {
                    Ok(StoredClaim {
                        id: crate::ClaimId::parse(&claim_id)?,
                        document: DocumentRef {
                            id: DocumentId::parse(&doc_id)?,
                            path: r.get(2)?,
                            url: r.get(3)?,
                            published: opt_date(published)?,
                        },
                        position,
                        extractor: r.get(6)?,
                        claim: serde_json::from_str::<Claim>(&json)
                            .map_err(|e| Error::Corrupt(format!("claim {claim_id}: {e}")))?,
                        cursor: ClaimCursor { doc_seq, position },
                    })
                })())
            },
        )?;
        rows.map(|r| r?).collect()
    }

    fn diagnostics(&self, id: &DocumentId) -> Result<Vec<DiagnosticRecord>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT diagnostics FROM extractions WHERE document_id = ?1", [id.as_str()], |r| {
                r.get(0)
            })
            .optional()?;
        match json {
            Some(j) => Ok(serde_json::from_str(&j)?),
            None => {
                // Distinguish "never extracted" from "no such document".
                self.document(id)?;
                Ok(Vec::new())
            }
        }
    }

    fn counts(&self) -> Result<Counts> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims)",
            [],
            |r| Ok(Counts { documents: r.get::<_, i64>(0)? as u64, claims: r.get::<_, i64>(1)? as u64 }),
        )?)
    }
}

struct SqliteBatch<'c> {
    tx: Transaction<'c>,
    extractor: String,
}

impl SqliteBatch<'_> {
    fn write_claims(&self, id: &DocumentId, extraction: &Extraction) -> Result<usize> {
        let ids = claim_ids(id, &extraction.claims);
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO claims (id, document_id, position, kind, destination_country, count_min, count_max,
                                 time_start, time_end, source_type, evidence_start, evidence_end, claim, extractor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for (position, (claim, claim_id)) in extraction.claims.iter().zip(&ids).enumerate() {
            let json = serde_json::to_string(claim).map_err(|e| Error::Invalid {
                what: "claim",
                problem: format!("cannot be written as JSON: {e}"),
            })?;
            let count = claim.count;
            insert.execute(params![
                claim_id.as_str(),
                id.as_str(),
                position as i64,
                claim.kind.as_str(),
                claim.destination.as_ref().and_then(|p| p.country).map(|c| c.to_string()),
                count.and_then(|c| c.min()).map(|n| n as i64),
                count.and_then(|c| c.max()).map(|n| n as i64),
                claim.time.as_ref().map(|t| t.start().to_string()),
                claim.time.as_ref().map(|t| t.end().to_string()),
                claim.source.kind.as_str(),
                claim.evidence.start as i64,
                claim.evidence.end as i64,
                json,
                self.extractor,
            ])?;
        }
        let diagnostics: Vec<DiagnosticRecord> = extraction
            .diagnostics
            .iter()
            .map(|d| DiagnosticRecord {
                start: d.start,
                end: d.end,
                rule: d.rule.clone(),
                message: d.message.clone(),
            })
            .collect();
        self.tx
            .prepare_cached(
                "INSERT INTO extractions (document_id, extractor, extracted_at, claim_count, diagnostics)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id.as_str(),
                self.extractor,
                now(),
                ids.len() as i64,
                serde_json::to_string(&diagnostics)
                    .map_err(|e| Error::Invalid { what: "diagnostics", problem: e.to_string() })?
            ])?;
        Ok(ids.len())
    }
}

impl SqliteBatch<'_> {
    /// Runs `f` inside a savepoint: if it fails, what it wrote is undone and the rest of the
    /// batch stands, so one refused document does not cost its neighbours.
    fn per_document<T>(&mut self, f: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        // Prepared once per connection: a document's own statements are few, and parsing
        // these two for each of them showed in ingest's profile.
        self.tx.prepare_cached("SAVEPOINT per_document")?.execute([])?;
        match f(self) {
            Ok(v) => {
                self.tx.prepare_cached("RELEASE per_document")?.execute([])?;
                Ok(v)
            }
            Err(e) => {
                self.tx.execute_batch("ROLLBACK TO per_document; RELEASE per_document")?;
                Err(e)
            }
        }
    }

    fn insert_document(&self, doc: &NewDocument<'_>, extraction: &Extraction) -> Result<Added> {
        let id = DocumentId::from_sha256(doc.sha256)?;
        let existing: Option<String> = self
            .tx
            .prepare_cached("SELECT id FROM documents WHERE sha256 = ?1")?
            .query_row([doc.sha256], |r| r.get(0))
            .optional()?;
        if let Some(existing) = existing {
            return Ok(Added::Duplicate { id: DocumentId::parse(&existing)? });
        }
        let taken: bool = self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)")?
            .query_row([id.as_str()], |r| r.get(0))?;
        if taken {
            return Err(Error::Conflict(format!("two different texts share the id {id}")));
        }
        check_evidence(doc.text, extraction)?;
        self.tx
            .prepare_cached(
                "INSERT INTO documents (id, sha256, raw, text, format, lang, path, url, outlet, published,
                                        title, negative, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                id.as_str(),
                doc.sha256,
                doc.raw,
                doc.text,
                doc.format,
                doc.lang.code(),
                doc.path,
                doc.url,
                doc.outlet,
                doc.published.map(|d| d.to_string()),
                doc.title,
                doc.negative,
                now(),
            ])?;
        let claims = self.write_claims(&id, extraction)?;
        Ok(Added::New { id, claims })
    }

    fn swap_claims(&self, id: &DocumentId, extraction: &Extraction) -> Result<usize> {
        let text: Option<String> = self
            .tx
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")?
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?;
        let text = text.ok_or_else(|| Error::NotFound { what: "document", id: id.to_string() })?;
        check_evidence(&text, extraction)?;
        self.tx.execute("DELETE FROM claims WHERE document_id = ?1", [id.as_str()])?;
        self.tx.execute("DELETE FROM extractions WHERE document_id = ?1", [id.as_str()])?;
        self.write_claims(id, extraction)
    }
}

/// Every claim's evidence must slice back out of the text it was extracted from: the
/// ledger's promise that each number leads to its words. A claim that breaks it is an
/// extractor bug, and the document is refused rather than stored with a false quote.
fn check_evidence(text: &str, extraction: &Extraction) -> Result<()> {
    for (i, c) in extraction.claims.iter().enumerate() {
        let e = &c.evidence;
        if text.get(e.start..e.end) != Some(e.quote.as_str()) {
            return Err(Error::Invalid {
                what: "claim",
                problem: format!(
                    "claim {} ({}): evidence {}..{} does not match its quote in the text",
                    i + 1,
                    c.kind,
                    e.start,
                    e.end
                ),
            });
        }
    }
    Ok(())
}

impl Batch for SqliteBatch<'_> {
    fn add_document(&mut self, doc: &NewDocument<'_>, extraction: &Extraction) -> Result<Added> {
        self.per_document(|b| b.insert_document(doc, extraction))
    }

    fn replace_claims(&mut self, id: &DocumentId, extraction: &Extraction) -> Result<usize> {
        self.per_document(|b| b.swap_claims(id, extraction))
    }

    fn add_fingerprint(
        &mut self,
        id: &DocumentId,
        fingerprint: &tally_core::corroborate::independence::Prepared,
    ) -> Result<()> {
        crate::fingerprints::insert(&self.tx, id.as_str(), fingerprint)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}
