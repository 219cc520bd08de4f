//! The corroborated picture the event, estimate, map and source pages show: tally-core's
//! [`Corroboration`] over every stored claim *as reviewed* (each analyst correction laid over
//! the machine's reading, rejected claims left out), with the saved event ids carried over,
//! analysts' merges and splits replayed and grade overrides applied — the same calls, in the
//! same order, as `tally events` makes.
//!
//! Building it reads the whole store, so it is cached and rebuilt only when the store's
//! [`ReviewStore::ledger_stamp`] changes (a new document, a review, a merge, a grade), by the
//! web UI or by a CLI process on the same data folder. This module does not render anything
//! and does not decide clustering or estimates (tally-core does).

use std::collections::HashMap;
use std::sync::Arc;

use tally_core::corroborate::{AnalystOp, ClaimId as CoreClaimId, ClusterConfig, Corroboration, EventId};
use tally_store::reviews::Review;
use tally_store::{EventStore, ReviewStore, SqliteStore};

use crate::{AppError, AppState, Result};

/// The corroborated ledger at one moment.
pub struct Ledger {
    pub corr: Corroboration,
    /// Reviews by claim id, oldest first.
    pub reviews: HashMap<String, Vec<Review>>,
    /// Analyst operations that no longer apply (their claims changed), as sentences.
    pub skipped_ops: Vec<String>,
}

/// The cached ledger and the stamp it was built at.
#[derive(Default)]
pub struct Cache {
    inner: tokio::sync::Mutex<Option<(String, Arc<Ledger>)>>,
}

/// Builds the ledger from the store (blocking).
pub fn build(store: &mut SqliteStore) -> Result<Ledger> {
    let tally_store::reviews::ReviewedLedger { docs, claims, reviews } =
        tally_store::reviews::reviewed_ledger(store)?;
    let mut corr = Corroboration::build(docs, claims, ClusterConfig::default())?;
    corr.carry_ids(&store.event_memberships()?);
    let skipped_ops = corr.replay(&store.event_ops()?);
    corr.set_overrides(store.grade_overrides()?);
    // Saving keeps ids stable for the next build and for the CLI; a busy store only means
    // the next build carries ids from the previous save.
    if let Err(e) = store.save_event_memberships(&corr.memberships()) {
        tracing::warn!(error = %e, "events not saved; ids are kept from the last save");
    }
    Ok(Ledger { corr, reviews, skipped_ops })
}

/// The current ledger, rebuilt when the store changed since the cached one.
pub async fn current(state: &AppState) -> Result<Arc<Ledger>> {
    let mut guard = state.ledger_cache().inner.lock().await;
    let stamp = state.db(|s| Ok(s.ledger_stamp()?)).await?;
    if let Some((at, ledger)) = guard.as_ref()
        && *at == stamp
    {
        return Ok(ledger.clone());
    }
    let ledger = Arc::new(state.db(build).await?);
    *guard = Some((stamp, ledger.clone()));
    Ok(ledger)
}

/// Finds an event by id or unique prefix.
pub fn resolve_event(corr: &Corroboration, given: &str) -> Result<EventId> {
    let exact = EventId::new(given);
    if corr.event(&exact).is_ok() {
        return Ok(exact);
    }
    let matches: Vec<&EventId> = corr.event_ids().filter(|id| id.as_str().starts_with(given)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(AppError::NotFound(format!("there is no event {given}"))),
        many => Err(AppError::bad_input(format!("{given} names {} events; give more of the id", many.len()))),
    }
}

/// Merges or splits events as `who`, recording the operation, the new clustering and the
/// audit entry (blocking). Returns the event to show afterwards.
pub fn apply_op(store: &mut SqliteStore, who: &str, op: EventChange) -> Result<EventId> {
    use tally_store::AuditLog;
    use tally_store::audit::NewAuditEntry;
    let mut ledger = build(store)?;
    let corr = &mut ledger.corr;
    let when = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (op, show, target, action, detail) = match op {
        EventChange::Merge { keep, absorb, why } => {
            let keep = resolve_event(corr, &keep)?;
            let absorb = resolve_event(corr, &absorb)?;
            let m = corr.merge(&keep, &absorb, who, &when, &why)?;
            let detail = serde_json::json!({"absorb": absorb.as_str(), "why": why});
            (AnalystOp::Merge(m), keep.clone(), keep, "event.merge", detail)
        }
        EventChange::Split { from, claims, why } => {
            let from = resolve_event(corr, &from)?;
            let ids: Vec<CoreClaimId> = claims.iter().map(|c| CoreClaimId::new(c.as_str())).collect();
            let s = corr.split(&from, &ids, who, &when, &why)?;
            let new_id = s.new_id.clone();
            let detail = serde_json::json!({"new_event": new_id.as_str(), "claims": claims, "why": why});
            (AnalystOp::Split(s), new_id, from, "event.split", detail)
        }
    };
    store.record_event_op(&op)?;
    store.save_event_memberships(&corr.memberships())?;
    store.append_audit(&NewAuditEntry { actor: who, action, target: target.as_str(), detail })?;
    Ok(show)
}

/// An analyst's change to the clustering.
#[derive(Debug, Clone)]
pub enum EventChange {
    Merge { keep: String, absorb: String, why: String },
    Split { from: String, claims: Vec<String>, why: String },
}
