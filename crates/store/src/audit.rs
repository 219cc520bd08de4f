//! The audit log: every change an analyst makes, append-only and hash-chained.
//!
//! Each entry's hash is the hex SHA-256 of the previous entry's hash, a newline, and the
//! entry's canonical JSON (`{"action","actor","at","detail","seq","target"}` with every
//! object's keys sorted, no whitespace; see [`entry_hash`]). The first entry's previous hash
//! is [`GENESIS`]. Changing, removing or reordering any entry breaks the chain from there on,
//! which [`AuditLog::verify_audit`] reports with the first bad entry. What a chain cannot
//! show is the loss of its newest entries: `tally audit verify` prints the head hash so an
//! administrator can note it elsewhere and compare later.
//!
//! Anyone who changes data calls [`AuditLog::append_audit`]: the web UI for every analyst
//! action, and the CLI for the commands that change data (`tally grade`, `tally event
//! merge|split`, `tally user add`). The module does not decide what is worth auditing and
//! never stores secrets: callers put ids and field values in `detail`, never passwords.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{Error, Result, SqliteStore};

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Largest `detail` accepted, in bytes of JSON: details are ids and field values.
pub const MAX_DETAIL: usize = 64 * 1024;

/// Entries read at a time while verifying: bounds memory on a long log.
const VERIFY_PAGE: i64 = 1_000;

/// An entry to append. `at` is filled in by the store.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    /// Account name (web) or operating-system user (CLI).
    pub actor: &'a str,
    /// Dotted verb: `review.correct`, `document.upload`, `event.merge`, `source.grade`, `user.add`.
    pub action: &'a str,
    /// The id of what was acted on.
    pub target: &'a str,
    /// A JSON object with the particulars.
    pub detail: Value,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: Value,
    pub prev_hash: String,
    pub hash: String,
}

/// What verifying the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry's hash is right and each links to the one before. `head` is the newest
    /// entry's hash ([`GENESIS`] for an empty log).
    Intact { entries: u64, head: String },
    /// The first entry that does not check out, and why.
    Broken { seq: i64, problem: String },
}

/// The append-only, hash-chained audit log.
pub trait AuditLog {
    /// Appends an entry after the newest one, in its own transaction.
    fn append_audit(&mut self, entry: &NewAuditEntry<'_>) -> Result<AuditEntry>;

    /// Entries newest first, those with `seq < before` when given, at most `limit`.
    fn audit_entries(&self, before: Option<i64>, limit: usize) -> Result<Vec<AuditEntry>>;

    /// Every entry about one target, oldest first.
    fn audit_entries_for(&self, target: &str) -> Result<Vec<AuditEntry>>;

    /// Recomputes the chain from the first entry.
    fn verify_audit(&self) -> Result<Verdict>;
}

/// The canonical JSON of a value: object keys sorted at every depth, no whitespace. Written
/// out here rather than left to `serde_json`'s map order, which a feature flag elsewhere in
/// a build (`preserve_order`) would change, and with it every hash.
pub fn canonical_json(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push(':');
                    write(&m[k], out);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(v, &mut out);
    out
}

/// The hash of an entry given the previous entry's hash.
pub fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    target: &str,
    detail: &Value,
) -> String {
    let canonical = canonical_json(&serde_json::json!({
        "action": action, "actor": actor, "at": at, "detail": detail, "seq": seq, "target": target,
    }));
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

fn check(entry: &NewAuditEntry<'_>) -> Result<()> {
    let invalid = |problem: String| Error::Invalid { what: "audit entry", problem };
    if entry.actor.trim().is_empty() || entry.action.trim().is_empty() {
        return Err(invalid("an entry needs an actor and an action".into()));
    }
    if !entry.detail.is_object() {
        return Err(invalid("detail must be a JSON object".into()));
    }
    let size = entry.detail.to_string().len();
    if size > MAX_DETAIL {
        return Err(invalid(format!("detail is {size} bytes, more than {MAX_DETAIL}")));
    }
    Ok(())
}

/// Appends inside a transaction the caller holds, so an action and its audit entry land
/// together (a review and its entry, for instance). The transaction must hold the write
/// lock (IMMEDIATE), or two writers could chain to the same previous entry.
pub(crate) fn append_in(tx: &Transaction<'_>, entry: &NewAuditEntry<'_>) -> Result<AuditEntry> {
    check(entry)?;
    let last: Option<(i64, String)> = tx
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let at = crate::model::now();
    let hash = entry_hash(&prev, seq, &at, entry.actor, entry.action, entry.target, &entry.detail);
    tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, at, entry.actor, entry.action, entry.target, canonical_json(&entry.detail), prev, hash],
    )?;
    Ok(AuditEntry {
        seq,
        at,
        actor: entry.actor.to_owned(),
        action: entry.action.to_owned(),
        target: entry.target.to_owned(),
        detail: entry.detail.clone(),
        prev_hash: prev,
        hash,
    })
}

const COLUMNS: &str = "seq, at, actor, action, target, detail, prev_hash, hash";

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(AuditEntry, String)> {
    let detail_text: String = r.get(5)?;
    Ok((
        AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            target: r.get(4)?,
            detail: Value::Null,
            prev_hash: r.get(6)?,
            hash: r.get(7)?,
        },
        detail_text,
    ))
}

fn parse_detail((mut e, text): (AuditEntry, String)) -> Result<AuditEntry> {
    e.detail = serde_json::from_str(&text)
        .map_err(|err| Error::Corrupt(format!("audit entry {}: detail does not parse: {err}", e.seq)))?;
    Ok(e)
}

impl AuditLog for SqliteStore {
    fn append_audit(&mut self, entry: &NewAuditEntry<'_>) -> Result<AuditEntry> {
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = append_in(&tx, entry)?;
        tx.commit()?;
        Ok(e)
    }

    fn audit_entries(&self, before: Option<i64>, limit: usize) -> Result<Vec<AuditEntry>> {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![before.unwrap_or(i64::MAX), limit.min(crate::MAX_PAGE) as i64],
            entry_from_row,
        )?;
        rows.map(|r| parse_detail(r?)).collect()
    }

    fn audit_entries_for(&self, target: &str) -> Result<Vec<AuditEntry>> {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE target = ?1 ORDER BY seq LIMIT ?2");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![target, crate::MAX_PAGE as i64], entry_from_row)?;
        rows.map(|r| parse_detail(r?)).collect()
    }

    fn verify_audit(&self) -> Result<Verdict> {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2");
        let mut stmt = self.conn().prepare(&sql)?;
        let (mut last_seq, mut prev, mut count) = (0i64, GENESIS.to_owned(), 0u64);
        loop {
            let page: Vec<(AuditEntry, String)> = stmt
                .query_map(params![last_seq, VERIFY_PAGE], entry_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            if page.is_empty() {
                return Ok(Verdict::Intact { entries: count, head: prev });
            }
            for (e, detail_text) in page {
                let broken = |problem: String| Ok(Verdict::Broken { seq: e.seq, problem });
                if e.seq != last_seq + 1 {
                    return Ok(Verdict::Broken {
                        seq: e.seq,
                        problem: format!("entries {} to {} are missing", last_seq + 1, e.seq - 1),
                    });
                }
                if e.prev_hash != prev {
                    return broken("its previous hash does not match the entry before it".into());
                }
                let detail: Value = match serde_json::from_str(&detail_text) {
                    Ok(d) => d,
                    Err(err) => return broken(format!("its detail is not JSON ({err})")),
                };
                let want = entry_hash(&prev, e.seq, &e.at, &e.actor, &e.action, &e.target, &detail);
                if want != e.hash {
                    return broken("its content does not match its hash (the entry was changed)".into());
                }
                last_seq = e.seq;
                prev = e.hash;
                count += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open_dir(dir.path()).unwrap();
        (dir, s)
    }

    fn add(s: &mut SqliteStore, n: i64) -> AuditEntry {
        s.append_audit(&NewAuditEntry {
            actor: "ana",
            action: "review.confirm",
            target: &format!("c-{n:016x}"),
            detail: json!({"n": n, "nested": {"b": 1, "a": [2, 3]}}),
        })
        .unwrap()
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v = json!({"b": {"y": 1, "x": [ {"d": 1, "c": 2} ]}, "a": "é\"q"});
        assert_eq!(canonical_json(&v), r#"{"a":"é\"q","b":{"x":[{"c":2,"d":1}],"y":1}}"#);
    }

    #[test]
    fn the_chain_links_and_verifies() {
        let (_d, mut s) = store();
        assert_eq!(s.verify_audit().unwrap(), Verdict::Intact { entries: 0, head: GENESIS.into() });
        let a = add(&mut s, 1);
        let b = add(&mut s, 2);
        assert_eq!(a.prev_hash, GENESIS);
        assert_eq!(b.prev_hash, a.hash);
        assert_eq!(s.verify_audit().unwrap(), Verdict::Intact { entries: 2, head: b.hash.clone() });
        let newest = s.audit_entries(None, 10).unwrap();
        assert_eq!(newest.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(newest[0].detail["nested"]["a"], json!([2, 3]));
        assert_eq!(s.audit_entries_for("c-0000000000000001").unwrap().len(), 1);
    }

    #[test]
    fn updates_and_deletes_are_refused_by_the_database() {
        let (_d, mut s) = store();
        add(&mut s, 1);
        assert!(s.conn().execute("UPDATE audit_log SET actor = 'eve'", []).is_err());
        assert!(s.conn().execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn tampering_names_the_first_bad_entry() {
        let (_d, mut s) = store();
        for n in 1..=4 {
            add(&mut s, n);
        }
        // Someone with the file drops the trigger and edits entry 3.
        s.conn().execute_batch("DROP TRIGGER audit_log_is_append_only").unwrap();
        s.conn().execute("UPDATE audit_log SET actor = 'eve' WHERE seq = 3", []).unwrap();
        assert!(matches!(s.verify_audit().unwrap(), Verdict::Broken { seq: 3, .. }));

        let (_d2, mut s2) = store();
        for n in 1..=4 {
            add(&mut s2, n);
        }
        s2.conn().execute_batch("DROP TRIGGER audit_log_is_kept").unwrap();
        s2.conn().execute("DELETE FROM audit_log WHERE seq = 2", []).unwrap();
        match s2.verify_audit().unwrap() {
            Verdict::Broken { seq, problem } => {
                assert_eq!((seq, problem.as_str()), (3, "entries 2 to 2 are missing"))
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_bad_entry_is_refused_before_writing() {
        let (_d, mut s) = store();
        let e = NewAuditEntry { actor: "ana", action: "x", target: "t", detail: json!([1]) };
        assert!(matches!(s.append_audit(&e), Err(Error::Invalid { .. })));
        assert_eq!(s.verify_audit().unwrap(), Verdict::Intact { entries: 0, head: GENESIS.into() });
    }
}
