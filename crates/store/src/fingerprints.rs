//! Documents' corroboration fingerprints, and the reading of the ledger that corroboration
//! makes from them instead of from the texts.
//!
//! A fingerprint ([`tally_core::corroborate::independence::Prepared`]) is what source
//! independence reads of a document besides its id and date: the publisher and the links
//! its outlet note and lead state, and a MinHash signature of the text. It is derived data
//! (migration `0201_fingerprints`): worked out once per document, the first time a run
//! needs it, and kept; a row of another [`fingerprint_version`] is worked out again from the
//! text. So `tally ingest` places new claims into the saved events reading a few hundred
//! bytes per stored document rather than every text, and fingerprinting (the costly part
//! of reading a document) is paid once per document, not once per run.
//!
//! This module does not decide what a fingerprint means or cluster anything (tally-core
//! does); it stores, checks and reads them.

use std::collections::HashMap;

use rusqlite::params;
use tally_core::corroborate::independence::{Link, Prepared, Signature};
use tally_core::corroborate::{
    ClaimId, ClaimRecord, ClusterConfig, DocId, DocInfo, DocPrint, Intake, fingerprint_version,
};

use crate::reviews::{Review, reviews_by_claim};
use crate::{Result, SqliteStore};

/// Documents whose texts are read and fingerprinted at once: enough to keep every core
/// busy, few enough that the texts held stay small (a few megabytes).
const CHUNK: usize = 512;

/// The ledger as corroboration reads it when fingerprints stand in for texts.
pub struct PrintedLedger {
    /// Every document, in store order, with its fingerprint.
    pub docs: Vec<DocPrint>,
    /// Every claim as reviewed, in store order.
    pub claims: Vec<ClaimRecord>,
    /// The reviews by claim id.
    pub reviews: HashMap<String, Vec<Review>>,
}

/// What [`document_prints`] did besides reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintStats {
    /// Fingerprints worked out from the text in this call (missing or stale).
    pub computed: usize,
    /// Of those, how many were saved (a busy store may refuse the write; they are worked
    /// out again next time).
    pub saved: usize,
}

/// Every document's fingerprint, in store order. Missing or stale ones are worked out from
/// the texts (a chunk at a time, on all cores) and saved for the next run; a failure to
/// save (another process holds the write lock) costs only the saving.
pub fn document_prints(store: &mut SqliteStore) -> Result<(Vec<DocPrint>, PrintStats)> {
    let version = fingerprint_version();
    let mut prints: Vec<Option<DocPrint>> = Vec::new();
    // (slot in `prints`, document seq) of the documents to fingerprint from their text.
    let mut stale: Vec<(usize, i64)> = Vec::new();
    {
        let mut stmt = store.conn().prepare(
            "SELECT d.seq, d.id, d.published, f.version, f.publisher, f.stated, f.signature, f.shingles
             FROM documents d LEFT JOIN doc_fingerprints f ON f.document_id = d.id
             ORDER BY d.seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let id: String = r.get(1)?;
            let published: Option<String> = r.get(2)?;
            let published = crate::sqlite::opt_date(published)?;
            let stored: Option<String> = r.get(3)?;
            let print = match stored.as_deref() {
                Some(v) if v == version => {
                    let publisher: Option<String> = r.get(4)?;
                    let stated: Option<String> = r.get(5)?;
                    let signature: Option<Vec<u8>> = r.get(6)?;
                    let shingles: Option<i64> = r.get(7)?;
                    // A row that does not read back is derived data gone bad: work it out again.
                    from_row(publisher, stated, signature, shingles).map(|fingerprint| DocPrint {
                        id: DocId::new(&id),
                        published,
                        fingerprint,
                    })
                }
                _ => None,
            };
            if print.is_none() {
                stale.push((prints.len(), seq));
            }
            prints.push(print);
        }
    }
    let mut stats = PrintStats { computed: stale.len(), saved: 0 };
    let mut saving = true;
    for chunk in stale.chunks(CHUNK) {
        let mut docs = Vec::with_capacity(chunk.len());
        {
            let mut stmt = store.conn().prepare_cached(
                "SELECT id, outlet, url, published, title, text FROM documents WHERE seq = ?1",
            )?;
            for &(_, seq) in chunk {
                let (id, outlet, url, published, title, text): (
                    String,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                    String,
                ) = stmt.query_row([seq], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })?;
                docs.push(DocInfo {
                    id: DocId::new(id),
                    outlet,
                    url,
                    published: crate::sqlite::opt_date(published)?,
                    title,
                    text,
                });
            }
        }
        let fresh = DocPrint::of_all(docs);
        if saving {
            match save(store, &fresh) {
                Ok(()) => stats.saved += fresh.len(),
                // Busy or read-only: the prints are still good for this run.
                Err(_) => saving = false,
            }
        }
        for (&(slot, _), print) in chunk.iter().zip(fresh) {
            prints[slot] = Some(print);
        }
    }
    // Every slot is filled: read back, or worked out above.
    Ok((prints.into_iter().flatten().collect(), stats))
}

fn from_row(
    publisher: Option<String>,
    stated: Option<String>,
    signature: Option<Vec<u8>>,
    shingles: Option<i64>,
) -> Option<Prepared> {
    let stated: Vec<Link> = serde_json::from_str(stated.as_deref()?).ok()?;
    let signature = match signature {
        Some(bytes) => Some(Signature::from_bytes(&bytes, usize::try_from(shingles?).ok()?)?),
        None => None,
    };
    Some(Prepared::from_parts(publisher, stated, signature))
}

fn save(store: &mut SqliteStore, prints: &[DocPrint]) -> Result<()> {
    let tx = store.conn_mut().transaction()?;
    for p in prints {
        insert(&tx, p.id.as_str(), &p.fingerprint)?;
    }
    tx.commit()?;
    Ok(())
}

/// Writes one document's fingerprint row (of the current [`fingerprint_version`]), in the
/// caller's transaction.
pub(crate) fn insert(conn: &rusqlite::Connection, document: &str, f: &Prepared) -> Result<()> {
    let stated = serde_json::to_string(f.stated())?;
    let sig = f.signature();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO doc_fingerprints
             (document_id, version, publisher, stated, signature, shingles)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        document,
        fingerprint_version(),
        f.publisher(),
        stated,
        sig.map(Signature::to_bytes),
        sig.map_or(0, |s| s.shingles as i64),
    ])?;
    Ok(())
}

/// The ledger with fingerprints in place of texts: every document's fingerprint
/// ([`document_prints`]) and every claim as reviewed.
pub fn printed_ledger(store: &mut SqliteStore) -> Result<PrintedLedger> {
    let (docs, _) = document_prints(store)?;
    let reviews = reviews_by_claim(store)?;
    let claims = scan_claims(store, &reviews)?;
    Ok(PrintedLedger { docs, claims, reviews })
}

/// The ledger read into a lean clustering ([`Intake::lean`]): every document's fingerprint
/// and every claim as reviewed, each claim parsed, read for what clustering needs and
/// dropped a chunk at a time, so no reading of the whole ledger is ever held. What `tally
/// ingest` places new claims with.
pub fn placement_intake(store: &mut SqliteStore, config: ClusterConfig) -> Result<Intake> {
    let (docs, _) = document_prints(store)?;
    let reviews = reviews_by_claim(store)?;
    let mut intake = Intake::lean(docs, config, stored_claims(store)?);
    // A clustering error here is a store whose claims name a document it lacks, or more
    // claims than one run takes: either way not something a retry mends.
    scan_claims_with(store, &reviews, |chunk| {
        intake.add(chunk).map_err(|e| crate::Error::Invalid { what: "ledger", problem: e.to_string() })
    })?;
    Ok(intake)
}

/// Claims read per step of [`scan_claims`]: parsed together on all cores.
const SCAN_CHUNK: usize = 8_192;

/// SQLite page cache while scanning every claim once, in KiB: pages read once are not worth
/// keeping, and the connection's usual cache (sized for ingest batches) would otherwise
/// fill with them.
const SCAN_CACHE_KIB: i64 = 2 * 1024;

/// Every claim as reviewed, in store order (document seq, then position) — the claims and
/// order [`reviewed_claims`] gives — in one pass over the claims table that reads only the
/// ids and the claim, parsing a chunk at a time on all cores.
fn scan_claims(store: &SqliteStore, reviews: &HashMap<String, Vec<Review>>) -> Result<Vec<ClaimRecord>> {
    // Sized once: a vector grown by doubling would hold a third more than the claims (half
    // a kilobyte each) and, while it moves, both copies at once.
    let mut out: Vec<ClaimRecord> = Vec::with_capacity(stored_claims(store)?);
    scan_claims_with(store, reviews, |chunk| {
        out.extend(chunk);
        Ok(())
    })?;
    Ok(out)
}

/// How many claims the store holds (rejected ones included): what a reading of them all
/// sizes its tables for.
fn stored_claims(store: &SqliteStore) -> Result<usize> {
    let total: i64 = store.conn().query_row("SELECT count(*) FROM claims", [], |r| r.get(0))?;
    Ok(usize::try_from(total).unwrap_or(0))
}

/// [`scan_claims`] a chunk at a time: `take` gets each chunk of parsed claims in order.
fn scan_claims_with(
    store: &SqliteStore,
    reviews: &HashMap<String, Vec<Review>>,
    mut take: impl FnMut(Vec<ClaimRecord>) -> Result<()>,
) -> Result<()> {
    let conn = store.conn();
    conn.pragma_update(None, "cache_size", -SCAN_CACHE_KIB)?;
    let result = (|| {
        // Documents outer, in seq order, each one's claims in position order from the
        // (document_id, position) index: the store's order with no sort.
        let mut stmt = conn.prepare(
            "SELECT c.id, c.document_id, c.claim
             FROM documents d CROSS JOIN claims c ON c.document_id = d.id
             ORDER BY d.seq, c.position",
        )?;
        let mut rows = stmt.query([])?;
        let mut raw: Vec<(String, String, String)> = Vec::with_capacity(SCAN_CHUNK);
        loop {
            let row = rows.next()?;
            if let Some(r) = row {
                raw.push((r.get(0)?, r.get(1)?, r.get(2)?));
            }
            if raw.len() == SCAN_CHUNK || (row.is_none() && !raw.is_empty()) {
                take(parse_chunk(std::mem::take(&mut raw), reviews)?)?;
            }
            if row.is_none() {
                break;
            }
        }
        Ok(())
    })();
    conn.pragma_update(None, "cache_size", -crate::sqlite::CACHE_KIB)?;
    result
}

fn parse_chunk(
    raw: Vec<(String, String, String)>,
    reviews: &HashMap<String, Vec<Review>>,
) -> Result<Vec<ClaimRecord>> {
    use rayon::prelude::*;
    let parsed: Vec<Result<Option<ClaimRecord>>> = raw
        .into_par_iter()
        .map(|(id, doc, json)| {
            let claim: tally_core::Claim = serde_json::from_str(&json)
                .map_err(|e| crate::Error::Corrupt(format!("claim {id} does not parse: {e}")))?;
            // Analysts' corrections stand over the machine's reading; a rejected claim
            // corroborates nothing.
            let claim = match reviews.get(&id) {
                Some(rs) => crate::reviews::apply_reviews(&claim, rs),
                None => Some(claim),
            };
            Ok(claim.map(|claim| ClaimRecord { id: ClaimId::new(id), document: DocId::new(doc), claim }))
        })
        .collect();
    parsed.into_iter().filter_map(Result::transpose).collect()
}
