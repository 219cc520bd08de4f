//! What corroboration must keep across recomputes: the event each claim was last put in
//! (so event ids stay stable), analysts' merges and splits (replayed over every automatic
//! clustering), and analysts' grade overrides. The operation and override tables are
//! append-only and record who, when and why; the `_audited` methods also append the action's
//! entry to the hash-chained audit log in the same transaction.
//!
//! It does not compute events (tally-core does, from the claims this store holds) and does
//! not decide which override is in force (the latest per source, applied by the core).

use rusqlite::{Transaction, TransactionBehavior, params};
use tally_core::corroborate::{AnalystOp, ClaimId, EventId, Grade, GradeOverride};

use crate::audit::{AuditEntry, NewAuditEntry, append_in};
use crate::{Error, Result, SqliteStore};

/// Most claims one saved clustering may hold; the same bound as the core's.
pub const MAX_MEMBERS: usize = tally_core::corroborate::MAX_CLAIMS;

/// Persistence of events, analyst operations and grade overrides.
pub trait EventStore {
    /// The clustering as last saved: each event id with its claim ids, events ordered by id.
    fn event_memberships(&self) -> Result<Vec<(EventId, Vec<ClaimId>)>>;

    /// Replaces the saved clustering with `events`, in one transaction.
    fn save_event_memberships(&mut self, events: &[(EventId, Vec<ClaimId>)]) -> Result<()>;

    /// Brings the saved clustering from `before` (as [`EventStore::event_memberships`] read
    /// it) to `after`, in one transaction, writing only the claims whose event changed and
    /// removing those gone: after placing one new document into a large store, a handful of
    /// rows instead of every claim's. The result is what
    /// [`EventStore::save_event_memberships`] of `after` leaves, provided nothing else saved
    /// in between.
    fn update_event_memberships(
        &mut self,
        before: &[(EventId, Vec<ClaimId>)],
        after: &[(EventId, Vec<ClaimId>)],
    ) -> Result<()>;

    /// Writes the memberships a placement changed: `placed` (claim, event) rows added or
    /// moved, `gone` claims removed, in one transaction. Rows are written in claim id
    /// order, so a large placement walks the claim id index once instead of at random.
    /// [`EventStore::update_event_memberships`] gives the same result from two whole
    /// clusterings; this takes only the difference, which the caller works out without a
    /// second copy of every membership.
    fn write_event_changes(&mut self, placed: &[(&ClaimId, &EventId)], gone: &[&ClaimId]) -> Result<()>;

    /// Every analyst operation on events, oldest first.
    fn event_ops(&self) -> Result<Vec<AnalystOp>>;

    /// Appends an analyst operation (its who, when and why travel inside it).
    fn record_event_op(&mut self, op: &AnalystOp) -> Result<()>;

    /// Every grade override, oldest first (the latest per source is in force).
    fn grade_overrides(&self) -> Result<Vec<GradeOverride>>;

    /// Appends a grade override.
    fn record_grade_override(&mut self, o: &GradeOverride) -> Result<()>;

    /// Appends an analyst operation, saves the clustering it leaves (`events`, as
    /// [`EventStore::save_event_memberships`]) and appends `audit` to the audit log, all in
    /// one transaction: the action and its audit entry land together or not at all.
    fn record_event_op_audited(
        &mut self,
        op: &AnalystOp,
        events: &[(EventId, Vec<ClaimId>)],
        audit: &NewAuditEntry<'_>,
    ) -> Result<AuditEntry>;

    /// Appends a grade override and its audit entry in one transaction.
    fn record_grade_override_audited(
        &mut self,
        o: &GradeOverride,
        audit: &NewAuditEntry<'_>,
    ) -> Result<AuditEntry>;
}

fn who_when_why(op: &AnalystOp) -> (&'static str, &str, &str, &str) {
    match op {
        AnalystOp::Merge(m) => ("merge", &m.who, &m.when, &m.why),
        AnalystOp::Split(s) => ("split", &s.who, &s.when, &s.why),
    }
}

fn require_reason(why: &str) -> Result<()> {
    if why.trim().is_empty() {
        return Err(Error::Invalid {
            what: "reason",
            problem: "an analyst action needs a reason (--why)".into(),
        });
    }
    Ok(())
}

impl EventStore for SqliteStore {
    fn event_memberships(&self) -> Result<Vec<(EventId, Vec<ClaimId>)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT event_id, claim_id FROM event_members ORDER BY event_id, claim_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out: Vec<(EventId, Vec<ClaimId>)> = Vec::new();
        for row in rows {
            let (e, c) = row?;
            match out.last_mut() {
                Some((last, claims)) if last.as_str() == e => claims.push(ClaimId::new(c)),
                _ => out.push((EventId::new(e), vec![ClaimId::new(c)])),
            }
        }
        Ok(out)
    }

    fn save_event_memberships(&mut self, events: &[(EventId, Vec<ClaimId>)]) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        save_memberships_in(&tx, events)?;
        tx.commit()?;
        Ok(())
    }

    fn update_event_memberships(
        &mut self,
        before: &[(EventId, Vec<ClaimId>)],
        after: &[(EventId, Vec<ClaimId>)],
    ) -> Result<()> {
        let total: usize = after.iter().map(|(_, c)| c.len()).sum();
        if total > MAX_MEMBERS {
            return Err(Error::Invalid {
                what: "events",
                problem: format!("{total} claims, more than {MAX_MEMBERS}"),
            });
        }
        // The difference between the two clusterings, written as a placement's changes are.
        let mut was: std::collections::HashMap<&ClaimId, &EventId> =
            before.iter().flat_map(|(e, cs)| cs.iter().map(move |c| (c, e))).collect();
        let mut placed = Vec::new();
        for (event, claims) in after {
            for claim in claims {
                if was.remove(claim) != Some(event) {
                    placed.push((claim, event));
                }
            }
        }
        let gone: Vec<&ClaimId> = was.into_keys().collect();
        self.write_event_changes(&placed, &gone)
    }

    fn write_event_changes(&mut self, placed: &[(&ClaimId, &EventId)], gone: &[&ClaimId]) -> Result<()> {
        let mut placed = placed.to_vec();
        placed.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut gone = gone.to_vec();
        gone.sort_unstable();
        let tx = self.conn_mut().transaction()?;
        {
            let mut upsert =
                tx.prepare("INSERT OR REPLACE INTO event_members (claim_id, event_id) VALUES (?1, ?2)")?;
            for (claim, event) in &placed {
                upsert.execute(params![claim.as_str(), event.as_str()])?;
            }
            let mut delete = tx.prepare("DELETE FROM event_members WHERE claim_id = ?1")?;
            for claim in &gone {
                delete.execute([claim.as_str()])?;
            }
        }
        let total: i64 = tx.query_row("SELECT count(*) FROM event_members", [], |r| r.get(0))?;
        if usize::try_from(total).unwrap_or(usize::MAX) > MAX_MEMBERS {
            // Dropping the transaction rolls it back.
            return Err(Error::Invalid {
                what: "events",
                problem: format!("{total} claims, more than {MAX_MEMBERS}"),
            });
        }
        tx.commit()?;
        Ok(())
    }

    fn event_ops(&self) -> Result<Vec<AnalystOp>> {
        let mut stmt = self.conn().prepare("SELECT seq, op FROM event_ops ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, json) = row?;
            let op = serde_json::from_str(&json)
                .map_err(|e| Error::Corrupt(format!("event operation {seq} does not parse: {e}")))?;
            out.push(op);
        }
        Ok(out)
    }

    fn record_event_op(&mut self, op: &AnalystOp) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        insert_event_op(&tx, op)?;
        tx.commit()?;
        Ok(())
    }

    fn grade_overrides(&self) -> Result<Vec<GradeOverride>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT seq, source, grade, who, at, why FROM grade_overrides ORDER BY seq")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, source, grade, who, when, why) = row?;
            let grade: Grade =
                grade.parse().map_err(|e| Error::Corrupt(format!("grade override {seq}: {e}")))?;
            out.push(GradeOverride { source, grade, who, when, why });
        }
        Ok(out)
    }

    fn record_grade_override(&mut self, o: &GradeOverride) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        insert_grade_override(&tx, o)?;
        tx.commit()?;
        Ok(())
    }

    fn record_event_op_audited(
        &mut self,
        op: &AnalystOp,
        events: &[(EventId, Vec<ClaimId>)],
        audit: &NewAuditEntry<'_>,
    ) -> Result<AuditEntry> {
        // IMMEDIATE: the audit chain needs the write lock from the start (see `append_in`).
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_event_op(&tx, op)?;
        save_memberships_in(&tx, events)?;
        let entry = append_in(&tx, audit)?;
        tx.commit()?;
        Ok(entry)
    }

    fn record_grade_override_audited(
        &mut self,
        o: &GradeOverride,
        audit: &NewAuditEntry<'_>,
    ) -> Result<AuditEntry> {
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_grade_override(&tx, o)?;
        let entry = append_in(&tx, audit)?;
        tx.commit()?;
        Ok(entry)
    }
}

fn save_memberships_in(tx: &Transaction<'_>, events: &[(EventId, Vec<ClaimId>)]) -> Result<()> {
    let total: usize = events.iter().map(|(_, c)| c.len()).sum();
    if total > MAX_MEMBERS {
        return Err(Error::Invalid {
            what: "events",
            problem: format!("{total} claims, more than {MAX_MEMBERS}"),
        });
    }
    tx.execute("DELETE FROM event_members", [])?;
    let mut insert = tx.prepare("INSERT INTO event_members (claim_id, event_id) VALUES (?1, ?2)")?;
    for (event, claims) in events {
        for claim in claims {
            insert.execute(params![claim.as_str(), event.as_str()])?;
        }
    }
    Ok(())
}

fn insert_event_op(tx: &Transaction<'_>, op: &AnalystOp) -> Result<()> {
    let (kind, who, when, why) = who_when_why(op);
    require_reason(why)?;
    let json = serde_json::to_string(op)
        .map_err(|e| Error::Invalid { what: "event operation", problem: e.to_string() })?;
    tx.execute(
        "INSERT INTO event_ops (kind, op, who, at, why) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind, json, who, when, why],
    )?;
    Ok(())
}

fn insert_grade_override(tx: &Transaction<'_>, o: &GradeOverride) -> Result<()> {
    require_reason(&o.why)?;
    tx.execute(
        "INSERT INTO grade_overrides (source, grade, who, at, why) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![o.source, o.grade.to_string(), o.who, o.when, o.why],
    )?;
    Ok(())
}
