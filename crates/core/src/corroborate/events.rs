//! Events: claims about the same real-world happening, clustered across documents, and the
//! [`Corroboration`] that holds a corpus's events, derivations and grades together.
//!
//! Clustering is incremental, one document at a time, and never compares a claim with the
//! whole world. Each claim gets a *blocking key* — its kind family (a planned dispatch and
//! its selection round are one family), its destination (country, or region where no
//! country is given) and 30-day time buckets around its window — and is compared only with
//! the events registered under those keys. A claim joins the compatible event it scores
//! best with, or founds a new one. Compatibility is *complete linkage* on time (the claim's
//! window must lie within the family's tolerance of every dated member) and *gates* on
//! place, round and figures (rules below); the score prefers the same round, region,
//! organisations, overlapping figures and the same document.
//!
//! Extraction is imperfect, so every field may be missing: a claim without a destination
//! joins only events of its own document (it inherits the document's context); without a
//! time it is dated by its document's publication; without a round it is compatible with
//! any round unless its document numbers rounds (then an unnumbered one is something else:
//! "a further round is now under way"); without a figure it passes the figure gate.
//!
//! Two kinds attach rather than cluster: an `earnings_target` with a destination joins the
//! event of the nearest claim in the same document about the same destination told by the
//! same kind of source (the wage of those workers), and a `sanctions_reference` with a
//! destination joins the nearest claim of its document about that destination (the breach
//! that event is). Other sanctions references cluster by the provision they name
//! (`data/corroborate/provisions.tsv`), across all time.
//!
//! Event ids are `e-` plus the id of the claim that founded the event, so a recompute in
//! the same order gives the same ids; [`Corroboration::carry_ids`] keeps persisted ids
//! across a recompute in another order by greatest overlap. Analyst merges and splits are
//! operations over claim ids ([`AnalystOp`]) replayed after automatic clustering, so a
//! recompute keeps them.
//!
//! A saved clustering is extended with [`Corroboration::restore`], or, without any text,
//! with [`Corroboration::restore_prints`] over documents' stored fingerprints; a lean
//! [`Intake`], fed the claims a chunk at a time and keeping of each only its id and
//! features, gives the same memberships (what `tally ingest` does).
//!
//! It does not read documents or claims from anywhere (the caller hands them in) and does
//! not persist anything (the caller stores ids, operations and overrides).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::contradiction::{self, Contradiction};
use super::grade::{self, Grade, GradeBook, GradeOverride};
use super::independence::Prepared;
use super::independence::{DocRoot, Independence, LinkTarget, Named, RootSource, source_prefix};
use super::interval::Interval;
use super::lexicon::lexicon;
use super::{
    ClaimId, ClaimRecord, DocId, DocInfo, DocPrint, Error, EventId, FastMap, FastSet, MAX_CLAIMS, Result,
    par_map, title,
};
use crate::{Claim, CountryCode, Currency, Kind, Place, SourceType};

/// Kinds that can describe one event. A planned dispatch and its selection round are one
/// family; a reported dispatch is another (what was planned and what happened are told
/// apart), and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Recruitment,
    Dispatch,
    Stock,
    Earnings,
    Revenue,
    Repatriation,
    Abuse,
    Defection,
    Entries,
    Sanctions,
}

impl Family {
    pub fn of(kind: Kind) -> Family {
        match kind {
            Kind::DispatchPlanned | Kind::SelectionRound => Family::Recruitment,
            Kind::DispatchReported => Family::Dispatch,
            Kind::StockEstimate => Family::Stock,
            Kind::EarningsTarget => Family::Earnings,
            Kind::RevenueEstimate => Family::Revenue,
            Kind::Repatriation => Family::Repatriation,
            Kind::AbuseOrDeath => Family::Abuse,
            Kind::Defection => Family::Defection,
            Kind::EntryStatistic => Family::Entries,
            Kind::SanctionsReference => Family::Sanctions,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Recruitment => "recruitment",
            Family::Dispatch => "dispatch",
            Family::Stock => "stock",
            Family::Earnings => "earnings",
            Family::Revenue => "revenue",
            Family::Repatriation => "repatriation",
            Family::Abuse => "abuse",
            Family::Defection => "defection",
            Family::Entries => "entries",
            Family::Sanctions => "sanctions",
        }
    }
    const COUNT: usize = 10;
    fn index(self) -> usize {
        self as usize
    }
}

/// The knobs of clustering. The defaults are the method of docs/METHOD.md.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Days by which two claims' windows may miss each other and still be one event, per
    /// family (indexed by [`Family`] order).
    pub tolerance_days: [i32; Family::COUNT],
    /// Claims from different documents whose figures differ by more than this factor (one's
    /// low above this many times the other's high) are different events.
    pub figure_ratio: f64,
    /// A window longer than this says nothing about when; it is treated as undated.
    pub max_window_days: i32,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        let mut t = [31; Family::COUNT];
        // A selection round runs for weeks and the dispatch it feeds follows it.
        t[Family::Recruitment.index()] = 45;
        // Estimates of workers present are snapshots; two within two months describe the
        // same state of affairs (and a report's "now" is often weeks old).
        t[Family::Stock.index()] = 62;
        t[Family::Earnings.index()] = 62;
        // Official entry statistics and revenue figures cover stated periods; they must overlap.
        t[Family::Entries.index()] = 0;
        t[Family::Revenue.index()] = 0;
        ClusterConfig { tolerance_days: t, figure_ratio: 3.0, max_window_days: 3660 }
    }
}

const BUCKET_DAYS: i32 = 30;
const TIMELESS: i32 = i32::MIN;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PlaceKey {
    Country(CountryCode),
    Region(u32),
    Nowhere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoundKey {
    Unknown,
    Numbered(u32),
    /// No number, in a document that numbers rounds: a round of its own.
    Unnumbered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attach {
    No,
    Earnings,
    Sanctions,
}

#[derive(Debug, Clone)]
struct Feat {
    doc: u32,
    /// The document this one is a near-copy of: a copy's claims share its context.
    original: Option<u32>,
    family: Family,
    place: PlaceKey,
    region: Option<u32>,
    round: RoundKey,
    window: Option<(i32, i32)>,
    /// Whether the window is the claim's own time rather than its document's publication.
    dated: bool,
    /// Figure (low, high with +∞ for open) and the currency for money.
    fig: Option<(f64, f64, Option<Currency>)>,
    /// Where the claim's evidence starts (ingest takes files of at most 50 MB, so a u32 holds it).
    offset: u32,
    source: SourceType,
    country: Option<CountryCode>,
    orgs: Box<[u32]>,
    attach: Attach,
    /// The sources the claim's words name, for its root (not looked for in a lean
    /// clustering, which shows no roots).
    named: Named,
    /// For a sanctions reference, the provision it is about (`provision_of`), worked out
    /// with the features so placement never needs the claim's words again; 0 and never
    /// read for other families.
    provision: u32,
}

/// What clustering reads of an event on every candidate check, kept apart from the event's
/// lists in one dense array. A claim is checked against about a hundred candidate events in
/// a large corpus; with these forty bytes side by side the checks stay in the processor's
/// cache instead of each fetching a scattered event from memory.
#[derive(Debug, Clone, Copy)]
struct EvCore {
    min_end: i32,
    max_start: i32,
    fig_low: f64,
    fig_high: f64,
    round: Option<u32>,
    place: PlaceKey,
    family: Family,
    fig_currency: Option<Currency>,
    has_fig: bool,
    unnumbered: bool,
    alive: bool,
}

impl EvCore {
    fn new(family: Family, place: PlaceKey) -> EvCore {
        EvCore {
            min_end: i32::MAX,
            max_start: i32::MIN,
            fig_low: f64::INFINITY,
            fig_high: 0.0,
            round: None,
            place,
            family,
            fig_currency: None,
            has_fig: false,
            unnumbered: false,
            alive: true,
        }
    }

    /// The range of days a new claim's window must touch to be compatible with every dated member.
    fn acceptance(&self, tol: i32) -> Option<(i32, i32)> {
        (self.min_end != i32::MAX)
            .then(|| (self.max_start.saturating_sub(tol), self.min_end.saturating_add(tol)))
    }
}

/// The rest of an event: its id, members and what only scoring and display read.
#[derive(Debug, Clone)]
struct Ev {
    id: EventId,
    docs: Vec<u32>,
    orgs: Vec<u32>,
    regions: Vec<u32>,
    members: Vec<u32>,
    provision: Option<usize>,
    /// The (family, place) list of `by_place` the event was last filed in, so filing it
    /// again is a comparison rather than a search of that list.
    filed: Option<(Family, PlaceKey)>,
}

impl Ev {
    fn new(id: EventId) -> Ev {
        Ev {
            id,
            docs: Vec::new(),
            orgs: Vec::new(),
            regions: Vec::new(),
            members: Vec::new(),
            provision: None,
            filed: None,
        }
    }
}

/// Adds claim `ci` with features `f` to an event. `use_window`: whether the claim's window
/// narrows the event's (see [`Corroboration::narrows`]).
fn absorb(ev: &mut Ev, core: &mut EvCore, ci: u32, f: &Feat, use_window: bool) {
    ev.members.push(ci);
    if let Err(p) = ev.docs.binary_search(&f.doc) {
        ev.docs.insert(p, f.doc);
    }
    if use_window && let Some((s, e)) = f.window {
        core.min_end = core.min_end.min(e);
        core.max_start = core.max_start.max(s);
    }
    if let Some((lo, hi, cur)) = f.fig {
        if !core.has_fig {
            core.fig_currency = cur;
        }
        core.has_fig = true;
        core.fig_low = core.fig_low.min(lo);
        core.fig_high = core.fig_high.max(hi);
    }
    if let RoundKey::Numbered(n) = f.round {
        core.round = Some(n);
    }
    if f.round == RoundKey::Unnumbered {
        core.unnumbered = true;
    }
    for &o in &f.orgs {
        if !ev.orgs.contains(&o) {
            ev.orgs.push(o);
        }
    }
    if let Some(r) = f.region
        && !ev.regions.contains(&r)
    {
        ev.regions.push(r);
    }
    if core.place == PlaceKey::Nowhere && f.place != PlaceKey::Nowhere {
        core.place = f.place;
    }
}

/// What [`Corroboration::restore`] did with a saved clustering.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Restored {
    /// Claims kept in the events they were saved in.
    pub kept: usize,
    /// Claims the saved clustering did not hold, placed as new documents' claims are.
    pub placed: usize,
    /// Saved claims that no longer exist.
    pub dropped: usize,
    /// The events the placed claims joined or founded.
    pub touched: Vec<EventId>,
}

impl Restored {
    /// Whether the clustering differs from the one saved.
    pub fn changed(&self) -> bool {
        self.placed > 0 || self.dropped > 0
    }
}

/// An analyst's merge of two events, recorded by the claims each held so it can be replayed
/// over a new automatic clustering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Merge {
    pub keep: EventId,
    pub absorb: EventId,
    pub keep_claims: Vec<ClaimId>,
    pub absorb_claims: Vec<ClaimId>,
    pub who: String,
    pub when: String,
    pub why: String,
}

/// An analyst's split of claims out of an event into a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Split {
    pub from: EventId,
    pub new_id: EventId,
    pub claims: Vec<ClaimId>,
    pub who: String,
    pub when: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AnalystOp {
    Merge(Merge),
    Split(Split),
}

struct DocMeta {
    id: DocId,
    published: Option<NaiveDate>,
    original: Option<u32>,
}

/// A corpus's corroboration state: documents and their derivations, claims and their
/// events, grades. Built whole with [`Corroboration::build`] or grown one document at a
/// time with [`Corroboration::add_document`].
pub struct Corroboration {
    config: ClusterConfig,
    docs: Vec<DocMeta>,
    doc_index: FastMap<DocId, u32>,
    independence: Independence,
    /// The claims whole; empty in a lean clustering ([`Intake::lean`]), which keeps only
    /// their ids (`ids`) beside the features.
    claims: Vec<ClaimRecord>,
    /// The claims' ids, in a lean clustering only (a whole one reads them from `claims`).
    ids: Vec<ClaimId>,
    feats: Vec<Feat>,
    claim_index: ClaimIndex,
    claim_event: Vec<u32>,
    events: Vec<Ev>,
    /// The hot part of each event, indexed like `events`.
    cores: Vec<EvCore>,
    event_index: FastMap<EventId, u32>,
    /// (family, place, bucket) → events whose acceptance range touches the bucket.
    blocks: FastMap<(Family, PlaceKey, i32), Vec<u32>>,
    /// (family, place) → every event, for the rare undated claim.
    by_place: FastMap<(Family, PlaceKey), Vec<u32>>,
    /// Document → events that hold or held one of its claims (a superset: an analyst's
    /// split may move a document's claims out; `Ev::docs` is exact).
    doc_events: Vec<Vec<u32>>,
    provisions: FastMap<usize, u32>,
    interner: FastMap<String, u32>,
    grades: GradeBook,
    /// Candidate events of the claim being placed; kept to reuse its allocation.
    scratch: Vec<u32>,
    /// Per event, the stamp of the last claim whose candidates listed it (`candidates`).
    seen: Vec<u32>,
    /// The stamp of the claim being placed.
    stamp: u32,
}

/// Claim id → the claim's index, holding only the indices: the ids stay with the claims
/// (`Corroboration::claims`, or `ids` in a lean clustering) and are looked up there, so a
/// million claims do not keep a second copy of every id in a map (about 90 bytes a claim
/// with the map's own slot). Callers hand in the claims and ids the indices point into.
#[derive(Default)]
struct ClaimIndex(hashbrown::HashTable<u32>);

fn hash_id(id: &ClaimId) -> u64 {
    use std::hash::BuildHasher as _;
    std::hash::BuildHasherDefault::<super::FastHasher>::default().hash_one(id.as_str())
}

fn id_of<'a>(claims: &'a [ClaimRecord], ids: &'a [ClaimId], ci: u32) -> &'a ClaimId {
    match claims.get(ci as usize) {
        Some(c) => &c.id,
        None => &ids[ci as usize],
    }
}

impl ClaimIndex {
    fn get(&self, id: &ClaimId, claims: &[ClaimRecord], ids: &[ClaimId]) -> Option<u32> {
        self.0.find(hash_id(id), |&ci| id_of(claims, ids, ci) == id).copied()
    }

    /// Points the id of claim `ci` at `ci`, in place of an earlier claim with that id.
    fn insert(&mut self, ci: u32, claims: &[ClaimRecord], ids: &[ClaimId]) {
        let id = id_of(claims, ids, ci);
        let rehash = |&o: &u32| hash_id(id_of(claims, ids, o));
        match self.0.entry(hash_id(id), |&o| id_of(claims, ids, o) == id, rehash) {
            hashbrown::hash_table::Entry::Occupied(mut e) => *e.get_mut() = ci,
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(ci);
            }
        }
    }

    fn reserve(&mut self, n: usize, claims: &[ClaimRecord], ids: &[ClaimId]) {
        self.0.reserve(n, |&o| hash_id(id_of(claims, ids, o)));
    }

    /// Moves every index through `to` (the ids, and so the hashes, stay).
    fn renumber(&mut self, to: impl Fn(u32) -> u32) {
        for ci in self.0.iter_mut() {
            *ci = to(*ci);
        }
    }
}

/// A recruitment claim without a round, in a document that numbers rounds, is a round of
/// its own (`RoundKey::Unnumbered`): settled over `feats` once every claim of their
/// documents is among them.
fn settle_rounds(feats: &mut [Feat]) {
    let numbering: FastSet<u32> = feats
        .iter()
        .filter(|f| f.family == Family::Recruitment && matches!(f.round, RoundKey::Numbered(_)))
        .map(|f| f.doc)
        .collect();
    if numbering.is_empty() {
        return;
    }
    for f in feats {
        if f.family == Family::Recruitment && f.round == RoundKey::Unknown && numbering.contains(&f.doc) {
            f.round = RoundKey::Unnumbered;
        }
    }
}

fn days(d: NaiveDate) -> i32 {
    // Days since 1970-01-01 (day 719,163 of the common era); every date chrono can hold fits.
    d.num_days_from_ce() - 719_163
}

fn bucket(day: i32) -> i32 {
    day.div_euclid(BUCKET_DAYS)
}

/// A region name reduced to what identifies it: lower case, without notes after ':' or
/// '(' and without a leading "the".
fn region_key(region: &str) -> String {
    let head = region.split([':', '(']).next().unwrap_or(region).trim().to_lowercase();
    head.strip_prefix("the ").unwrap_or(&head).trim().to_owned()
}

/// Whether a joining claim's window narrows the event's acceptance range. A claim with a
/// time of its own always does (complete linkage); one dated only by its document's
/// publication does when that date is compatible with the event — when it joined through
/// its document's context instead, its publication date says nothing about the event.
fn narrows(f: &Feat, acceptance: Option<(i32, i32)>) -> bool {
    match (f.dated, f.window, acceptance) {
        (true, _, _) | (_, None, _) | (_, _, None) => true,
        (false, Some((s, e)), Some((lo, hi))) => s <= hi && e >= lo,
    }
}

impl Corroboration {
    pub fn new(config: ClusterConfig) -> Corroboration {
        Corroboration {
            config,
            docs: Vec::new(),
            doc_index: FastMap::default(),
            independence: Independence::new(),
            claims: Vec::new(),
            ids: Vec::new(),
            feats: Vec::new(),
            claim_index: ClaimIndex::default(),
            claim_event: Vec::new(),
            events: Vec::new(),
            cores: Vec::new(),
            event_index: FastMap::default(),
            blocks: FastMap::default(),
            by_place: FastMap::default(),
            doc_events: Vec::new(),
            provisions: FastMap::default(),
            interner: FastMap::default(),
            grades: GradeBook::default(),
            scratch: Vec::new(),
            seen: Vec::new(),
            stamp: 0,
        }
    }

    /// Everything a clustering needs before the first claim is placed: documents registered
    /// in publication order (then id) with their derivations, claims indexed with their
    /// features. Returns the order claims are placed in: (document, offset, claim), grouped
    /// by document.
    #[allow(clippy::type_complexity)]
    fn prepare(
        docs: Vec<DocPrint>,
        claims: Vec<ClaimRecord>,
        config: ClusterConfig,
    ) -> Result<(Corroboration, Vec<(u32, u32, u32)>)> {
        let mut docs = docs;
        let mut missing: Vec<DocId> = Vec::new();
        {
            let known: FastSet<&DocId> = docs.iter().map(|d| &d.id).collect();
            let mut seen: FastSet<&DocId> = FastSet::default();
            for c in &claims {
                if !known.contains(&c.document) && seen.insert(&c.document) {
                    missing.push(c.document.clone());
                }
            }
        }
        // A document the claims name but the caller did not give: undated, no outlet, no
        // text (the fingerprint of `DocInfo::default()` with that id).
        docs.extend(missing.into_iter().map(|id| DocPrint {
            id,
            published: None,
            fingerprint: Prepared::from_parts(None, Vec::new(), None),
        }));
        let mut intake = Intake::new(docs, config, claims.len(), true);
        intake.add(claims)?;
        Ok(intake.finish())
    }

    /// Registers documents in publication order (then id); of two entries with one id the
    /// first given is registered.
    fn register_documents(&mut self, docs: Vec<DocPrint>) {
        // Stable, so the first of two entries with one id comes first. The positions are
        // sorted, not the fingerprints (each half a kilobyte to move).
        let mut by_date: Vec<u32> = (0..docs.len() as u32).collect();
        by_date.sort_by(|&a, &b| {
            let (a, b) = (&docs[a as usize], &docs[b as usize]);
            (a.published, &a.id).cmp(&(b.published, &b.id))
        });
        let mut docs: Vec<Option<DocPrint>> = docs.into_iter().map(Some).collect();
        self.docs.reserve_exact(docs.len());
        self.doc_events.reserve_exact(docs.len());
        self.doc_index.reserve(docs.len());
        self.independence.reserve(docs.len());
        for i in by_date {
            let Some(doc) = docs[i as usize].take() else { continue };
            if !self.doc_index.contains_key(&doc.id) {
                self.register_document(&doc.id, doc.published, doc.fingerprint);
            }
        }
    }

    /// The id of claim `ci`, whole clustering or lean.
    fn id_at(&self, ci: u32) -> &ClaimId {
        id_of(&self.claims, &self.ids, ci)
    }

    /// The index of the claim with id `id`.
    fn index_of(&self, id: &ClaimId) -> Option<u32> {
        self.claim_index.get(id, &self.claims, &self.ids)
    }

    /// How many claims the clustering holds (placed or not).
    fn claim_count(&self) -> usize {
        self.feats.len()
    }

    /// Everything computed from scratch, documents in publication order (then id), each
    /// document's claims in text order. Claims of a document not in `docs` are taken with
    /// an undated document of that id.
    ///
    /// It gives the events that adding the documents one by one in that order with
    /// [`Corroboration::add_document`] gives, but works in phases: what each document and
    /// claim says on its own (fingerprints, citations in the lead, the sources a claim
    /// names) on all cores first, then derivations and clustering in order. The claims stay
    /// where the caller put them (no copy of a million claims is made); `claims()` lists
    /// them in the order given.
    pub fn build(
        docs: Vec<DocInfo>,
        claims: Vec<ClaimRecord>,
        config: ClusterConfig,
    ) -> Result<Corroboration> {
        Corroboration::build_prints(DocPrint::of_all(docs), claims, config)
    }

    /// [`Corroboration::build`] over documents whose fingerprints are already worked out
    /// (kept by the store): the same events, without reading or fingerprinting any text.
    pub fn build_prints(
        docs: Vec<DocPrint>,
        claims: Vec<ClaimRecord>,
        config: ClusterConfig,
    ) -> Result<Corroboration> {
        let (mut corr, order) = Corroboration::prepare(docs, claims, config)?;
        let seq: Vec<u32> = order.iter().map(|o| o.2).collect();
        let mut at = 0;
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            corr.place(&seq[at..at + group.len()]);
            at += group.len();
        }
        Ok(corr)
    }

    /// The clustering an earlier run saved (`saved`: each event's id and claim ids, as
    /// [`Corroboration::memberships`] lists them), taken as it stands, and the claims it
    /// does not hold placed one document at a time, in publication order, as
    /// [`Corroboration::add_document`] places them. No saved decision is redone: this is
    /// how a new document updates events without re-clustering the corpus. Saved claims
    /// that no longer exist are dropped; an event left with none disappears.
    ///
    /// Because documents are placed in the order they arrive, a corpus grown this way may
    /// differ from [`Corroboration::build`] over the same claims where documents arrived
    /// out of publication order; a recompute (`tally events --recompute`) re-clusters.
    pub fn restore(
        docs: Vec<DocInfo>,
        claims: Vec<ClaimRecord>,
        saved: &[(EventId, Vec<ClaimId>)],
        config: ClusterConfig,
    ) -> Result<(Corroboration, Restored)> {
        Corroboration::restore_prints(DocPrint::of_all(docs), claims, saved, config)
    }

    /// [`Corroboration::restore`] over documents whose fingerprints are already worked out
    /// (a few hundred bytes a document): the same memberships and [`Restored`] as `restore`
    /// over full documents.
    pub fn restore_prints(
        docs: Vec<DocPrint>,
        claims: Vec<ClaimRecord>,
        saved: &[(EventId, Vec<ClaimId>)],
        config: ClusterConfig,
    ) -> Result<(Corroboration, Restored)> {
        let (corr, order) = Corroboration::prepare(docs, claims, config)?;
        Ok(Corroboration::restore_ordered(corr, order, saved))
    }

    /// The body of [`Corroboration::restore_prints`], over prepared claims in `order`.
    fn restore_ordered(
        mut corr: Corroboration,
        order: Vec<(u32, u32, u32)>,
        saved: &[(EventId, Vec<ClaimId>)],
    ) -> (Corroboration, Restored) {
        // Each claim's place in the order documents are added, for founding order.
        let mut rank = vec![u32::MAX; corr.claim_count()];
        for (r, o) in order.iter().enumerate() {
            rank[o.2 as usize] = r as u32;
        }
        let mut events: Vec<(u32, &EventId, Vec<u32>)> = Vec::with_capacity(saved.len());
        let mut dropped = 0usize;
        for (id, claim_ids) in saved {
            let mut members: Vec<u32> = Vec::with_capacity(claim_ids.len());
            for c in claim_ids {
                match corr.index_of(c) {
                    Some(ci) if corr.claim_event[ci as usize] == u32::MAX => {
                        // Marked now so a claim saved under two ids goes to the first only.
                        corr.claim_event[ci as usize] = 0;
                        members.push(ci);
                    }
                    _ => dropped += 1,
                }
            }
            if members.is_empty() {
                continue;
            }
            members.sort_unstable_by_key(|&ci| rank[ci as usize]);
            events.push((rank[members[0] as usize], id, members));
        }
        // Events in the order their first claims were added: the founding order a build gives.
        events.sort_unstable_by_key(|e| e.0);
        let mut kept = 0usize;
        for (_, id, members) in events {
            kept += members.len();
            // The founder: the first claim that clusters rather than attaches.
            let founder = members
                .iter()
                .copied()
                .find(|&ci| corr.feats[ci as usize].attach == Attach::No)
                .unwrap_or(members[0]);
            let f = &corr.feats[founder as usize];
            let core = EvCore::new(f.family, f.place);
            let mut ev = Ev::new(id.clone());
            if f.family == Family::Sanctions && f.attach == Attach::No {
                ev.provision = Some(corr.feats[founder as usize].provision as usize);
            }
            let provision = ev.provision;
            ev.members = members;
            let e = corr.push_event(ev, core);
            if let Some(p) = provision {
                corr.provisions.entry(p).or_insert(e);
            }
            corr.rebuild_event(e);
        }
        // The rest, document by document in the order they are added.
        let mut placed = 0usize;
        let fresh: Vec<(u32, u32)> =
            order.iter().filter(|o| corr.claim_event[o.2 as usize] == u32::MAX).map(|o| (o.0, o.2)).collect();
        let mut touched = Vec::new();
        for group in fresh.chunk_by(|a, b| a.0 == b.0) {
            let cis: Vec<u32> = group.iter().map(|g| g.1).collect();
            placed += cis.len();
            touched.extend(corr.place(&cis));
        }
        touched.sort_unstable();
        touched.dedup();
        let touched = touched.into_iter().map(|e| corr.events[e as usize].id.clone()).collect();
        (corr, Restored { kept, placed, dropped, touched })
    }

    /// Adds one document and its claims, updating only the events they touch. Returns the
    /// ids of the events that changed. Claims already known (by id) are skipped, so adding a
    /// document twice changes nothing.
    pub fn add_document(&mut self, doc: &DocInfo, claims: Vec<ClaimRecord>) -> Result<Vec<EventId>> {
        if self.claim_count() + claims.len() > MAX_CLAIMS {
            return Err(Error::TooMany(self.claim_count() + claims.len(), MAX_CLAIMS));
        }
        let di = match self.doc_index.get(&doc.id) {
            Some(&i) => i,
            None => self.register_document(&doc.id, doc.published, Independence::prepare(doc)),
        };
        let mut claims: Vec<ClaimRecord> =
            claims.into_iter().filter(|c| self.index_of(&c.id).is_none()).collect();
        claims.sort_by_key(|c| c.claim.evidence.start);
        let published = self.docs[di as usize].published;
        let first = self.claims.len() as u32;
        for mut c in claims {
            if c.document != doc.id {
                c.document = doc.id.clone();
            }
            let f = self.features(di, published, &c.claim, Named::of(&c.claim));
            self.claims.push(c);
            let ci = self.claims.len() as u32 - 1;
            self.claim_index.insert(ci, &self.claims, &self.ids);
            self.feats.push(f);
            self.claim_event.push(u32::MAX);
        }
        let last = self.claims.len() as u32;
        settle_rounds(&mut self.feats[first as usize..]);
        let added: Vec<u32> = (first..last).collect();
        let touched = self.place(&added);
        Ok(touched.into_iter().map(|e| self.events[e as usize].id.clone()).collect())
    }

    /// Adds a document to the derivation state and the document table, with its own part
    /// of the derivation (its fingerprint) already worked out.
    fn register_document(&mut self, id: &DocId, published: Option<NaiveDate>, prep: Prepared) -> u32 {
        let i = self.docs.len() as u32;
        self.independence.add_prepared(id, published, prep);
        // The derivation state numbers documents as this struct does.
        debug_assert_eq!(self.independence.len(), self.docs.len() + 1);
        // Whether it copies an earlier document, as known now: a copy's claims share the
        // original's context from here on.
        let original = self.independence.copy_of_at(i as usize).map(|o| o as u32);
        self.docs.push(DocMeta { id: id.clone(), published, original });
        self.doc_events.push(Vec::new());
        self.doc_index.insert(id.clone(), i);
        i
    }

    /// Clusters the new claims `cis` of one document (in text order) and returns the
    /// indices of the events they touched, in order.
    fn place(&mut self, cis: &[u32]) -> Vec<u32> {
        let mut touched = Vec::new();
        // Claims that cluster first, then those that attach to them, then provisions.
        for &ci in cis {
            if self.feats[ci as usize].attach == Attach::No
                && self.feats[ci as usize].family != Family::Sanctions
            {
                touched.push(self.assign(ci));
            }
        }
        for &ci in cis {
            let f = &self.feats[ci as usize];
            if f.attach != Attach::No {
                let target = self.nearest_in_document(ci, cis);
                let ev = match (target, f.attach) {
                    (Some(ev), _) => {
                        self.join(ev, ci);
                        ev
                    }
                    (None, Attach::Earnings) => self.assign(ci),
                    (None, _) => self.assign_provision(ci),
                };
                touched.push(ev);
            }
        }
        for &ci in cis {
            let f = &self.feats[ci as usize];
            if f.family == Family::Sanctions && f.attach == Attach::No {
                touched.push(self.assign_provision(ci));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        touched
    }

    fn intern(&mut self, s: &str) -> u32 {
        let n = self.interner.len() as u32;
        *self.interner.entry(s.to_owned()).or_insert(n)
    }

    /// What clustering reads of a claim: all placement needs of it afterwards.
    fn features(&mut self, doc: u32, published: Option<NaiveDate>, c: &Claim, named: Named) -> Feat {
        let family = Family::of(c.kind);
        let country = c.destination.as_ref().and_then(|d| d.country);
        let region = c
            .destination
            .as_ref()
            .and_then(|d| d.region.as_deref())
            .map(region_key)
            .filter(|r| !r.is_empty());
        let region = region.map(|r| self.intern(&r));
        let place = match (country, region) {
            (Some(cc), _) => PlaceKey::Country(cc),
            (None, Some(r)) => PlaceKey::Region(r),
            (None, None) => PlaceKey::Nowhere,
        };
        // Unnumbered rounds are settled once the document's claims are all in (`settle_rounds`).
        let round = match (family, c.round) {
            (Family::Recruitment, Some(n)) => RoundKey::Numbered(n),
            _ => RoundKey::Unknown,
        };
        let dated = c.time.is_some();
        let window = match (&c.time, published) {
            (Some(t), _) => Some((days(t.start()), days(t.end()))),
            (None, Some(p)) => Some((days(p), days(p))),
            (None, None) => None,
        }
        .filter(|(s, e)| e - s <= self.config.max_window_days);
        let fig = if let Some(count) = &c.count {
            let i = Interval::from_count(count);
            Some((i.low(), i.high().unwrap_or(f64::INFINITY), None))
        } else {
            c.money.as_ref().map(|m| {
                let k = m.period().map_or(1.0, |p| p.per_month_factor());
                let i = Interval::from_bounds(m.min(), m.max());
                (i.low() * k, i.high().map_or(f64::INFINITY, |h| h * k), Some(m.currency()))
            })
        };
        let attach = match (c.kind, country) {
            (Kind::EarningsTarget, Some(_)) => Attach::Earnings,
            (Kind::SanctionsReference, Some(_)) => Attach::Sanctions,
            _ => Attach::No,
        };
        let orgs = c.organisations.iter().map(|o| self.intern(&o.trim().to_lowercase())).collect();
        Feat {
            doc,
            original: self.docs[doc as usize].original,
            family,
            place,
            region,
            round,
            window,
            dated,
            fig,
            offset: u32::try_from(c.evidence.start).unwrap_or(u32::MAX),
            source: c.source.kind,
            country,
            orgs,
            attach,
            named,
            provision: if family == Family::Sanctions { provision_of(c) as u32 } else { 0 },
        }
    }

    /// The events that hold a claim of `f`'s document or of the document it copies. Read
    /// from the short per-document lists, each entry confirmed against the event's own
    /// document list, so clustering asks "same document?" of a handful of events instead of
    /// looking into every candidate.
    fn same_doc_events(&self, f: &Feat) -> Vec<u32> {
        let mut out = Vec::new();
        let docs = std::iter::once(f.doc).chain(f.original);
        for d in docs {
            for &e in &self.doc_events[d as usize] {
                let ev = &self.events[e as usize];
                let holds = ev.docs.binary_search(&f.doc).is_ok()
                    || f.original.is_some_and(|o| ev.docs.binary_search(&o).is_ok());
                if holds && !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        out
    }

    fn compatible(&self, f: &Feat, e: u32, same: &[u32]) -> bool {
        let ev = &self.cores[e as usize];
        if !ev.alive || ev.family != f.family {
            return false;
        }
        let same_doc = || same.contains(&e);
        let round_ok = match f.round {
            RoundKey::Unknown => true,
            RoundKey::Numbered(n) => !ev.unnumbered && ev.round.is_none_or(|r| r == n),
            RoundKey::Unnumbered => !ev.unnumbered && ev.round.is_none(),
        };
        if !round_ok {
            return false;
        }
        // A claim with no time of its own, dated only by its document's publication, takes
        // its time from the document's other claims: reports date a happening once and
        // speak of it undated after ("the deminers will soon arrive"). Its publication date
        // decides only against events of other documents. The document's context carries a
        // part or a restatement of the event's figure, never a larger one: a bigger undated
        // figure ("before sanctions it sent tens of thousands") is about another time.
        if let (Some((s, e)), Some((lo, hi))) =
            (f.window, ev.acceptance(self.config.tolerance_days[f.family.index()]))
            && (s > hi || e < lo)
        {
            let within = match f.fig {
                Some((low, _, cur)) => !ev.has_fig || cur != ev.fig_currency || low <= ev.fig_high,
                None => true,
            };
            if f.dated || !within || !same_doc() {
                return false;
            }
        }
        let place_ok = match (f.place, ev.place) {
            (PlaceKey::Nowhere, _) | (_, PlaceKey::Nowhere) => same_doc(),
            (a, b) => a == b,
        };
        if !place_ok {
            return false;
        }
        if ev.has_fig
            && let Some((lo, hi, cur)) = f.fig
            && cur == ev.fig_currency
        {
            let r = self.config.figure_ratio;
            if (lo > r * ev.fig_high || ev.fig_low > r * hi) && !same_doc() {
                return false;
            }
        }
        true
    }

    fn score(&self, f: &Feat, e: u32, same: &[u32]) -> i32 {
        let core = &self.cores[e as usize];
        let mut s = 0;
        if let (RoundKey::Numbered(n), Some(r)) = (f.round, core.round)
            && n == r
        {
            s += 4;
        }
        // Regions and organisations live with the event's lists; most claims have neither.
        if f.region.is_some_and(|r| self.events[e as usize].regions.contains(&r)) {
            s += 2;
        }
        if !f.orgs.is_empty() {
            let ev = &self.events[e as usize];
            s += f.orgs.iter().filter(|o| ev.orgs.contains(o)).count().min(3) as i32;
        }
        if let Some((lo, hi, _)) = f.fig
            && core.has_fig
            && lo <= core.fig_high
            && core.fig_low <= hi
        {
            s += 2;
        }
        if let Some((a, b)) = f.window
            && core.min_end != i32::MAX
            && a <= core.min_end
            && b >= core.max_start
        {
            s += 1;
        }
        if same.contains(&e) {
            s += 3;
        }
        s
    }

    /// The events a claim could join, each once. An event is filed under every bucket its
    /// acceptance range touches, so a claim whose window spans months finds it in several
    /// of them: on the generated corpus at 100,000 reports a claim met each candidate three
    /// times on average (a long-window claim nearly six). `seen` holds, per event, the
    /// `stamp` of the last claim that listed it, so repeats are dropped without sorting.
    fn candidates(&self, f: &Feat, out: &mut Vec<u32>, seen: &mut Vec<u32>, stamp: u32) {
        out.clear();
        seen.resize(self.events.len(), 0);
        let mut add = |events: &[u32]| {
            for &e in events {
                let mark = &mut seen[e as usize];
                if *mark != stamp {
                    *mark = stamp;
                    out.push(e);
                }
            }
        };
        add(&self.doc_events[f.doc as usize]);
        if let Some(o) = f.original {
            add(&self.doc_events[o as usize]);
        }
        if f.place != PlaceKey::Nowhere {
            match f.window {
                Some((s, e)) => {
                    // An event is filed under every bucket of its acceptance range, which
                    // already includes the tolerance, so the claim's own buckets suffice.
                    for b in bucket(s)..=bucket(e) {
                        if let Some(v) = self.blocks.get(&(f.family, f.place, b)) {
                            add(v);
                        }
                    }
                    if let Some(v) = self.blocks.get(&(f.family, f.place, TIMELESS)) {
                        add(v);
                    }
                }
                None => {
                    if let Some(v) = self.by_place.get(&(f.family, f.place)) {
                        add(v);
                    }
                }
            }
        }
    }

    fn assign(&mut self, ci: u32) -> u32 {
        let mut cands = std::mem::take(&mut self.scratch);
        let mut seen = std::mem::take(&mut self.seen);
        // A fresh stamp per claim; on the (four-billionth) wrap the marks start over.
        self.stamp = match self.stamp.checked_add(1) {
            Some(s) => s,
            None => {
                seen.fill(0);
                1
            }
        };
        let f = &self.feats[ci as usize];
        let same = self.same_doc_events(f);
        self.candidates(f, &mut cands, &mut seen, self.stamp);
        // The best score wins, the earliest-founded event on a tie; the order of candidates
        // does not matter.
        let best = cands
            .iter()
            .copied()
            .filter(|&e| self.compatible(f, e, &same))
            .map(|e| (self.score(f, e, &same), e))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        self.scratch = cands;
        self.seen = seen;
        match best {
            Some((_, e)) => {
                self.join(e, ci);
                e
            }
            None => self.found(ci),
        }
    }

    fn assign_provision(&mut self, ci: u32) -> u32 {
        let p = self.feats[ci as usize].provision as usize;
        match self.provisions.get(&p).copied().filter(|&e| self.cores[e as usize].alive) {
            Some(e) => {
                self.join(e, ci);
                e
            }
            None => {
                let e = self.found(ci);
                self.events[e as usize].provision = Some(p);
                self.provisions.insert(p, e);
                e
            }
        }
    }

    /// The event of the claim of the same document nearest in the text about the same
    /// destination (and, for earnings, told by the same kind of source).
    fn nearest_in_document(&self, ci: u32, cis: &[u32]) -> Option<u32> {
        let f = &self.feats[ci as usize];
        cis.iter()
            .copied()
            .filter(|&o| o != ci && self.claim_event[o as usize] != u32::MAX)
            .filter(|&o| {
                let g = &self.feats[o as usize];
                g.attach == Attach::No
                    && g.family != Family::Sanctions
                    && g.country == f.country
                    && (f.attach != Attach::Earnings || g.source == f.source)
            })
            .min_by_key(|&o| self.feats[o as usize].offset.abs_diff(f.offset))
            .map(|o| self.claim_event[o as usize])
    }

    /// Appends an event and returns its index.
    fn push_event(&mut self, ev: Ev, core: EvCore) -> u32 {
        let e = self.events.len() as u32;
        self.event_index.insert(ev.id.clone(), e);
        self.events.push(ev);
        self.cores.push(core);
        e
    }

    fn found(&mut self, ci: u32) -> u32 {
        let f = &self.feats[ci as usize];
        let core = EvCore::new(f.family, f.place);
        let base = format!("e-{}", self.id_at(ci).as_str().trim_start_matches("c-"));
        let id = self.unique_id(base);
        let e = self.push_event(Ev::new(id), core);
        self.join(e, ci);
        e
    }

    fn unique_id(&self, base: String) -> EventId {
        let mut id = EventId::new(base.clone());
        let mut n = 2;
        while self.event_index.contains_key(&id) {
            id = EventId::new(format!("{base}-{n}"));
            n += 1;
        }
        id
    }

    fn join(&mut self, e: u32, ci: u32) {
        let f = &self.feats[ci as usize];
        let tol = self.config.tolerance_days[f.family.index()];
        let (ev, core) = (&mut self.events[e as usize], &mut self.cores[e as usize]);
        let before = core.acceptance(tol);
        let was_placeless = core.place == PlaceKey::Nowhere;
        let new_member = ev.members.is_empty();
        let use_window = narrows(f, before);
        absorb(ev, core, ci, f, use_window);
        self.claim_event[ci as usize] = e;
        let docs = &mut self.doc_events[f.doc as usize];
        if !docs.contains(&e) {
            docs.push(e);
        }
        let core = &self.cores[e as usize];
        let after = core.acceptance(tol);
        if core.place != PlaceKey::Nowhere
            && (new_member || was_placeless || before.is_none() && after.is_some())
        {
            self.register(e);
        }
    }

    /// Files an event under the blocks its acceptance range touches.
    fn register(&mut self, e: u32) {
        let (ev, core) = (&mut self.events[e as usize], &self.cores[e as usize]);
        if core.family == Family::Sanctions && ev.provision.is_some() {
            return;
        }
        let (family, place) = (core.family, core.place);
        let tol = self.config.tolerance_days[family.index()];
        if ev.filed != Some((family, place)) {
            ev.filed = Some((family, place));
            let by_place = self.by_place.entry((family, place)).or_default();
            if !by_place.contains(&e) {
                by_place.push(e);
            }
        }
        match core.acceptance(tol) {
            Some((lo, hi)) if lo <= hi => {
                for b in bucket(lo)..=bucket(hi) {
                    let v = self.blocks.entry((family, place, b)).or_default();
                    if v.last() != Some(&e) {
                        v.push(e);
                    }
                }
            }
            Some(_) => {}
            None => self.blocks.entry((family, place, TIMELESS)).or_default().push(e),
        }
    }

    fn rebuild_event(&mut self, e: u32) {
        let members = std::mem::take(&mut self.events[e as usize].members);
        let old = &self.events[e as usize];
        let mut fresh = Ev::new(old.id.clone());
        fresh.provision = old.provision;
        fresh.filed = old.filed;
        let place = members.first().map_or(PlaceKey::Nowhere, |&c| self.feats[c as usize].place);
        let mut core = EvCore::new(self.cores[e as usize].family, place);
        core.alive = !members.is_empty();
        // Claims with their own time first, so an undated one is judged against them.
        let tol = self.config.tolerance_days[core.family.index()];
        for pass_dated in [true, false] {
            for &ci in &members {
                let f = &self.feats[ci as usize];
                if f.dated == pass_dated {
                    let use_window = narrows(f, core.acceptance(tol));
                    absorb(&mut fresh, &mut core, ci, f, use_window);
                }
            }
        }
        // Members in the order they were, not the order of the passes.
        fresh.members = members.clone();
        self.events[e as usize] = fresh;
        self.cores[e as usize] = core;
        for &ci in &members {
            self.claim_event[ci as usize] = e;
            let docs = &mut self.doc_events[self.feats[ci as usize].doc as usize];
            if !docs.contains(&e) {
                docs.push(e);
            }
        }
        if core.alive && core.place != PlaceKey::Nowhere {
            self.register(e);
        }
    }

    fn rename(&mut self, e: u32, id: EventId) {
        let old = self.events[e as usize].id.clone();
        if old == id {
            return;
        }
        if self.event_index.get(&old) == Some(&e) {
            self.event_index.remove(&old);
        }
        self.event_index.insert(id.clone(), e);
        self.events[e as usize].id = id;
    }

    // ---------------------------------------------------------------- analyst operations

    fn live_event(&self, id: &EventId) -> Result<u32> {
        self.event_index
            .get(id)
            .copied()
            .filter(|&e| self.cores[e as usize].alive && self.events[e as usize].id == *id)
            .ok_or_else(|| Error::UnknownEvent(id.to_string()))
    }

    fn member_ids(&self, e: u32) -> Vec<ClaimId> {
        self.events[e as usize].members.iter().map(|&ci| self.id_at(ci).clone()).collect()
    }

    /// Merges event `absorb` into event `keep` and returns the operation to record.
    pub fn merge(
        &mut self,
        keep: &EventId,
        absorb: &EventId,
        who: &str,
        when: &str,
        why: &str,
    ) -> Result<Merge> {
        if keep == absorb {
            return Err(Error::MergeWithItself(keep.to_string()));
        }
        let k = self.live_event(keep)?;
        let a = self.live_event(absorb)?;
        let op = Merge {
            keep: keep.clone(),
            absorb: absorb.clone(),
            keep_claims: self.member_ids(k),
            absorb_claims: self.member_ids(a),
            who: who.to_owned(),
            when: when.to_owned(),
            why: why.to_owned(),
        };
        self.merge_events(k, a);
        Ok(op)
    }

    fn merge_events(&mut self, k: u32, a: u32) {
        let moved = std::mem::take(&mut self.events[a as usize].members);
        self.cores[a as usize].alive = false;
        let absorbed_id = self.events[a as usize].id.clone();
        if self.event_index.get(&absorbed_id) == Some(&a) {
            self.event_index.remove(&absorbed_id);
        }
        if let Some(p) = self.events[a as usize].provision
            && self.provisions.get(&p) == Some(&a)
        {
            self.provisions.insert(p, k);
        }
        self.events[k as usize].members.extend(moved);
        self.rebuild_event(k);
    }

    /// Moves `claims` out of event `from` into a new event and returns the operation to record.
    pub fn split(
        &mut self,
        from: &EventId,
        claims: &[ClaimId],
        who: &str,
        when: &str,
        why: &str,
    ) -> Result<Split> {
        let e = self.live_event(from)?;
        let mut moving = Vec::new();
        for c in claims {
            match self.index_of(c) {
                Some(ci) if self.claim_event[ci as usize] == e => moving.push(ci),
                _ => return Err(Error::ClaimNotInEvent(c.to_string(), from.to_string())),
            }
        }
        moving.sort_unstable();
        moving.dedup();
        if moving.is_empty() || moving.len() >= self.events[e as usize].members.len() {
            return Err(Error::EmptySplit(from.to_string()));
        }
        let base = format!("e-{}", self.id_at(moving[0]).as_str().trim_start_matches("c-"));
        let new_id = self.unique_id(base);
        let op = Split {
            from: from.clone(),
            new_id: new_id.clone(),
            claims: moving.iter().map(|&ci| self.id_at(ci).clone()).collect(),
            who: who.to_owned(),
            when: when.to_owned(),
            why: why.to_owned(),
        };
        self.split_claims(e, &moving, new_id);
        Ok(op)
    }

    fn split_claims(&mut self, e: u32, moving: &[u32], new_id: EventId) -> u32 {
        self.events[e as usize].members.retain(|ci| !moving.contains(ci));
        let family = self.cores[e as usize].family;
        let mut ev = Ev::new(new_id);
        ev.members = moving.to_vec();
        let n = self.push_event(ev, EvCore::new(family, PlaceKey::Nowhere));
        self.rebuild_event(e);
        self.rebuild_event(n);
        n
    }

    /// Replays recorded operations over the current clustering, oldest first. An operation
    /// whose claims are all gone (the document was removed) is skipped; its description is
    /// returned so the caller can report it.
    pub fn replay(&mut self, ops: &[AnalystOp]) -> Vec<String> {
        let mut skipped = Vec::new();
        for op in ops {
            match op {
                AnalystOp::Merge(m) => {
                    let target = self.majority_event(&m.keep_claims);
                    let sources: BTreeSet<u32> = m
                        .absorb_claims
                        .iter()
                        .filter_map(|c| self.index_of(c))
                        .map(|ci| self.claim_event[ci as usize])
                        .collect();
                    let Some(k) = target else {
                        skipped.push(format!("merge into {}: none of its claims remain", m.keep));
                        continue;
                    };
                    for a in sources {
                        if a != k && self.cores[a as usize].alive {
                            self.merge_events(k, a);
                        }
                    }
                    if self.event_index.get(&m.keep).is_none_or(|&x| !self.cores[x as usize].alive) {
                        self.rename(k, m.keep.clone());
                    }
                }
                AnalystOp::Split(s) => {
                    let moving: Vec<u32> = s.claims.iter().filter_map(|c| self.index_of(c)).collect();
                    if moving.is_empty() {
                        skipped.push(format!("split into {}: none of its claims remain", s.new_id));
                        continue;
                    }
                    // The claims may sit in several events after re-clustering; each gives them up.
                    let mut by_event: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
                    for ci in moving {
                        by_event.entry(self.claim_event[ci as usize]).or_default().push(ci);
                    }
                    let mut target: Option<u32> = None;
                    for (e, cis) in by_event {
                        match target {
                            None if cis.len() < self.events[e as usize].members.len() => {
                                let id = if self.event_index.contains_key(&s.new_id) {
                                    self.unique_id(s.new_id.to_string())
                                } else {
                                    s.new_id.clone()
                                };
                                target = Some(self.split_claims(e, &cis, id));
                            }
                            None => {
                                // The whole event is the split-off part: it takes the id.
                                if !self.event_index.contains_key(&s.new_id) {
                                    self.rename(e, s.new_id.clone());
                                }
                                target = Some(e);
                            }
                            Some(t) => {
                                self.events[e as usize].members.retain(|ci| !cis.contains(ci));
                                self.events[t as usize].members.extend(cis);
                                self.rebuild_event(e);
                                self.rebuild_event(t);
                            }
                        }
                    }
                }
            }
        }
        skipped
    }

    fn majority_event(&self, claims: &[ClaimId]) -> Option<u32> {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for c in claims {
            if let Some(ci) = self.index_of(c) {
                *counts.entry(self.claim_event[ci as usize]).or_default() += 1;
            }
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(e, _)| e)
    }

    /// Gives the current events the ids they had in `previous` (id → claims, as persisted),
    /// matching each previous event to the current one sharing most claims, so ids stay
    /// stable across a recompute. Events with no match keep their founding-claim id.
    pub fn carry_ids(&mut self, previous: &[(EventId, Vec<ClaimId>)]) {
        let mut overlaps: Vec<(usize, usize, u32)> = Vec::new();
        for (pi, (_, claims)) in previous.iter().enumerate() {
            let mut counts: HashMap<u32, usize> = HashMap::new();
            for c in claims {
                if let Some(ci) = self.index_of(c) {
                    *counts.entry(self.claim_event[ci as usize]).or_default() += 1;
                }
            }
            overlaps.extend(counts.into_iter().map(|(e, n)| (n, pi, e)));
        }
        overlaps.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut used_prev = vec![false; previous.len()];
        let mut assigned: HashMap<u32, EventId> = HashMap::new();
        for (_, pi, e) in overlaps {
            if used_prev[pi] || assigned.contains_key(&e) || !self.cores[e as usize].alive {
                continue;
            }
            used_prev[pi] = true;
            assigned.insert(e, previous[pi].0.clone());
        }
        let carried: BTreeSet<EventId> = assigned.values().cloned().collect();
        // Free the carried ids first, then hand them out, then give any event whose own id
        // now collides with a carried one a fresh id.
        self.event_index.clear();
        for (e, id) in &assigned {
            self.events[*e as usize].id = id.clone();
        }
        for e in 0..self.events.len() as u32 {
            if !self.cores[e as usize].alive {
                continue;
            }
            if !assigned.contains_key(&e) && carried.contains(&self.events[e as usize].id) {
                let base = self.events[e as usize].id.to_string();
                let mut n = 2;
                let mut id = EventId::new(format!("{base}-{n}"));
                while carried.contains(&id) || self.event_index.contains_key(&id) {
                    n += 1;
                    id = EventId::new(format!("{base}-{n}"));
                }
                self.events[e as usize].id = id;
            }
            self.event_index.insert(self.events[e as usize].id.clone(), e);
        }
    }

    // ---------------------------------------------------------------- grades

    /// Replaces the analyst overrides in force.
    pub fn set_overrides(&mut self, overrides: impl IntoIterator<Item = GradeOverride>) {
        self.grades = GradeBook::new(overrides);
    }

    pub fn grades(&self) -> &GradeBook {
        &self.grades
    }

    // ---------------------------------------------------------------- reading

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// The event a claim belongs to.
    pub fn event_of(&self, claim: &ClaimId) -> Option<&EventId> {
        let ci = self.index_of(claim)?;
        self.events.get(self.claim_event[ci as usize] as usize).map(|e| &e.id)
    }

    /// The ids of all events, in founding order.
    pub fn event_ids(&self) -> impl Iterator<Item = &EventId> {
        self.events.iter().zip(&self.cores).filter(|(_, c)| c.alive).map(|(e, _)| &e.id)
    }

    pub fn event_count(&self) -> usize {
        self.cores.iter().filter(|c| c.alive).count()
    }

    /// Every event with its claim ids: what the store persists.
    pub fn memberships(&self) -> Vec<(EventId, Vec<ClaimId>)> {
        (0..self.events.len() as u32)
            .filter(|&e| self.cores[e as usize].alive)
            .map(|e| (self.events[e as usize].id.clone(), self.member_ids(e)))
            .collect()
    }

    pub fn claim(&self, id: &ClaimId) -> Option<&ClaimRecord> {
        self.index_of(id).map(|ci| &self.claims[ci as usize])
    }

    pub fn claims(&self) -> &[ClaimRecord] {
        &self.claims
    }

    pub fn doc_published(&self, id: &DocId) -> Option<NaiveDate> {
        self.doc_index.get(id).and_then(|&i| self.docs[i as usize].published)
    }

    pub fn documents(&self) -> impl Iterator<Item = &DocId> {
        self.docs.iter().map(|d| &d.id)
    }

    /// Where a document's content comes from.
    pub fn doc_root(&self, id: &DocId) -> Option<DocRoot> {
        self.independence.root(id)
    }

    /// The root source a claim rests on.
    pub fn claim_root(&self, c: &ClaimRecord) -> RootSource {
        self.independence.claim_root(&c.document, &c.claim)
    }

    /// An event in full, for display.
    pub fn event(&self, id: &EventId) -> Result<EventView<'_>> {
        let e = self.live_event(id)?;
        Ok(self.view(e))
    }

    /// Every event in full, in founding order. The views are worked out a chunk at a time
    /// on all cores, so reading a million claims' events takes a fraction of the time, and
    /// only one chunk is held at once.
    pub fn views(&self) -> Views<'_> {
        let live = (0..self.events.len() as u32).filter(|&e| self.cores[e as usize].alive).collect();
        Views { corr: self, live, next: 0, ready: Vec::new().into_iter() }
    }

    /// Every live event: its id, family and member claim indices.
    pub(crate) fn live(&self) -> impl Iterator<Item = (&EventId, Family, &[u32])> {
        self.events
            .iter()
            .zip(&self.cores)
            .filter(|(_, c)| c.alive)
            .map(|(e, c)| (&e.id, c.family, e.members.as_slice()))
    }

    pub(crate) fn family_of_event(&self, ci: u32) -> Family {
        self.cores[self.claim_event[ci as usize] as usize].family
    }

    fn view(&self, e: u32) -> EventView<'_> {
        let ev = &self.events[e as usize];
        let family = self.cores[e as usize].family;
        let mut members: Vec<u32> = ev.members.clone();
        // By publication, then document id, then place in the text. Ids are compared only
        // for two documents of one day; a stable sort keeps the rest as it was.
        members.sort_by(|&a, &b| {
            let (fa, fb) = (&self.feats[a as usize], &self.feats[b as usize]);
            let (da, db) = (&self.docs[fa.doc as usize], &self.docs[fb.doc as usize]);
            da.published
                .cmp(&db.published)
                .then_with(|| if fa.doc == fb.doc { Ordering::Equal } else { da.id.cmp(&db.id) })
                .then(fa.offset.cmp(&fb.offset))
        });
        let claims: Vec<&ClaimRecord> = members.iter().map(|&ci| &self.claims[ci as usize]).collect();
        let mut documents: Vec<DocId> = Vec::new();
        let mut member_docs: Vec<u32> = Vec::new();
        for &ci in &members {
            let d = self.feats[ci as usize].doc;
            if !member_docs.contains(&d) {
                member_docs.push(d);
                documents.push(self.docs[d as usize].id.clone());
            }
        }
        let mut claim_roots: Vec<RootSource> = members
            .iter()
            .map(|&ci| {
                let f = &self.feats[ci as usize];
                self.independence.claim_root_at(f.doc as usize, f.source, f.named)
            })
            .collect();
        // A document does not corroborate itself: a claim it makes on its own authority
        // (unknown source, its own reporting) beside claims it attributes to a source rests
        // on that source — the first such claim of the document.
        let own = |ci: u32| {
            matches!(self.feats[ci as usize].source, SourceType::Unknown | SourceType::MediaInvestigation)
        };
        let mut first_attributed: Vec<(u32, usize)> = Vec::new();
        for (j, &ci) in members.iter().enumerate() {
            let d = self.feats[ci as usize].doc;
            if !own(ci) && !first_attributed.iter().any(|&(x, _)| x == d) {
                first_attributed.push((d, j));
            }
        }
        for (i, &ci) in members.iter().enumerate() {
            let d = self.feats[ci as usize].doc;
            if own(ci)
                && let Some(&(_, j)) = first_attributed.iter().find(|&&(x, _)| x == d)
            {
                claim_roots[i] = claim_roots[j].clone();
            }
        }
        let mut roots: BTreeMap<RootSource, Vec<ClaimId>> = BTreeMap::new();
        for (c, r) in claims.iter().zip(&claim_roots) {
            match roots.get_mut(r) {
                Some(v) => v.push(c.id.clone()),
                None => {
                    roots.insert(r.clone(), vec![c.id.clone()]);
                }
            }
        }
        // Distinct roots among the claims: the keys of `roots`.
        let independent_sources = roots.len();
        let roots: Vec<RootView> = roots
            .into_iter()
            .map(|(root, claims)| {
                let (grade, _) = self.grades.grade(&root);
                RootView { root, grade, claims }
            })
            .collect();
        let doc_roots: BTreeMap<DocId, DocRoot> =
            documents.iter().filter_map(|d| self.independence.root(d).map(|r| (d.clone(), r))).collect();
        let mut derived = BTreeMap::new();
        for (d, r) in &doc_roots {
            let Some(link) = r.links.first() else { continue };
            let target = match &link.target {
                LinkTarget::Document(x) => x.to_string(),
                LinkTarget::Source(name) => doc_roots
                    .iter()
                    .find(|(other, or)| {
                        *other != d
                            && !or.derived()
                            && (&or.root == name || or.publisher.as_ref() == Some(name))
                    })
                    .map_or_else(
                        || format!("{}:{name}", source_prefix(name)),
                        |(other, _)| other.to_string(),
                    ),
            };
            derived.insert(d.clone(), target);
        }
        let with_roots: Vec<(&ClaimRecord, &RootSource)> =
            claims.iter().copied().zip(claim_roots.iter()).collect();
        let contradictions = contradiction::find(&with_roots);
        let contradicting_roots = contradictions.iter().filter(|c| c.a_root != c.b_root).count();
        let grade =
            grade::event_grade(&roots.iter().map(|r| r.grade).collect::<Vec<_>>(), contradicting_roots);
        let destination = common_place(&claims);
        let when = self.event_window(&members);
        let provision = ev.provision.and_then(|p| lexicon().provisions.get(p));
        let title =
            title::title(family, &claims, destination.as_ref(), when, provision.map(|p| p.title.as_str()));
        EventView {
            id: &ev.id,
            title,
            family,
            claims,
            documents,
            independent_sources,
            roots,
            derived,
            doc_roots,
            contradictions,
            grade,
            destination,
            when,
            provision: provision.map(|p| (p.reference.clone(), p.facet.clone())),
        }
    }

    /// When an event happened: the intersection of its dated claims' windows where they
    /// overlap, else their union; for an event with no dated claim, the
    /// earliest publication among its documents, marked as such.
    pub(crate) fn event_window(&self, members: &[u32]) -> Option<When> {
        let dated: Vec<(NaiveDate, NaiveDate)> = members
            .iter()
            .filter_map(|&ci| self.claims[ci as usize].claim.time.as_ref().map(|t| (t.start(), t.end())))
            .collect();
        if !dated.is_empty() {
            let s = dated.iter().map(|d| d.0).max()?;
            let e = dated.iter().map(|d| d.1).min()?;
            // Windows that do not all overlap (October's returns and November's) span the union.
            let (s, e) = if s <= e {
                (s, e)
            } else {
                (dated.iter().map(|d| d.0).min()?, dated.iter().map(|d| d.1).max()?)
            };
            return Some(When { start: s, end: e, reported: false });
        }
        let p = members
            .iter()
            .filter_map(|&ci| self.docs[self.feats[ci as usize].doc as usize].published)
            .min()?;
        Some(When { start: p, end: p, reported: true })
    }

    pub(crate) fn claim_at(&self, ci: u32) -> &ClaimRecord {
        &self.claims[ci as usize]
    }

    /// The index of the document claim `ci` belongs to.
    pub(crate) fn doc_of(&self, ci: u32) -> u32 {
        self.feats[ci as usize].doc
    }

    pub(crate) fn doc_count(&self) -> usize {
        self.docs.len()
    }

    pub(crate) fn independence(&self) -> &Independence {
        &self.independence
    }
}

/// Events a chunk of [`Views`] holds: enough to keep every core busy, few enough that a
/// reader who stops early (`tally events | head`) waits for little.
const VIEW_CHUNK: usize = 1024;

/// The events of a [`Corroboration`] in full, in founding order: see [`Corroboration::views`].
pub struct Views<'a> {
    corr: &'a Corroboration,
    live: Vec<u32>,
    next: usize,
    ready: std::vec::IntoIter<EventView<'a>>,
}

impl<'a> Iterator for Views<'a> {
    type Item = EventView<'a>;

    fn next(&mut self) -> Option<EventView<'a>> {
        if let Some(v) = self.ready.next() {
            return Some(v);
        }
        let end = (self.next + VIEW_CHUNK).min(self.live.len());
        if self.next == end {
            return None;
        }
        let corr = self.corr;
        self.ready = par_map(&self.live[self.next..end], |&e| corr.view(e)).into_iter();
        self.next = end;
        self.ready.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.ready.len() + self.live.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Views<'_> {}

/// When an event happened, or (`reported`) when it was first reported for an event no
/// claim dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct When {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub reported: bool,
}

/// The destination most of an event's claims name: the commonest country, and the
/// commonest region given with it (the longest on a tie, as the most precise).
pub(crate) fn common_place(claims: &[&ClaimRecord]) -> Option<Place> {
    let mut countries: BTreeMap<CountryCode, usize> = BTreeMap::new();
    for c in claims {
        if let Some(cc) = c.claim.destination.as_ref().and_then(|d| d.country) {
            *countries.entry(cc).or_default() += 1;
        }
    }
    let country = countries.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(c, _)| c);
    let mut regions: BTreeMap<&str, usize> = BTreeMap::new();
    for c in claims {
        if let Some(d) = &c.claim.destination
            && d.country == country
            && let Some(r) = d.region.as_deref()
        {
            *regions.entry(r).or_default() += 1;
        }
    }
    let region =
        regions.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.len().cmp(&b.0.len())).then(b.0.cmp(a.0)));
    let region = region.map(|(r, _)| r.to_owned());
    (country.is_some() || region.is_some()).then_some(Place { country, region })
}

/// Claims handed to a clustering a chunk at a time before any is placed, so a caller
/// reading a large store never holds them all as records.
///
/// A lean intake ([`Intake::lean`]) reads each claim for its features and id and drops it:
/// about a third of a kilobyte a claim instead of the record's kilobyte or more. What
/// comes out ([`Intake::restore`]) places as [`Corroboration::restore_prints`] over the same
/// documents and claims — the same memberships and [`Restored`] — but can only say which
/// event each claim is in ([`Placement`]): what `tally ingest` saves.
pub struct Intake {
    corr: Corroboration,
    /// Whether claims are kept whole (a clustering to show) or only their ids.
    whole: bool,
}

impl Intake {
    fn new(docs: Vec<DocPrint>, config: ClusterConfig, claims_hint: usize, whole: bool) -> Intake {
        let mut corr = Corroboration::new(config);
        corr.register_documents(docs);
        // Sized once where the caller knows the count: a vector grown by doubling would hold
        // a third more than the claims and, while it moves, both copies at once.
        let hint = claims_hint.min(MAX_CLAIMS);
        if !whole {
            corr.ids.reserve_exact(hint);
        }
        corr.feats.reserve_exact(hint);
        Intake { corr, whole }
    }

    /// An intake that keeps of each claim only its id and what clustering reads of it.
    /// `docs`: every document the claims will name (a claim of another document is an
    /// error, as a store's claims always have theirs); `claims_hint`: how many claims will
    /// come, if known (0 otherwise), to size the tables once.
    pub fn lean(docs: Vec<DocPrint>, config: ClusterConfig, claims_hint: usize) -> Intake {
        Intake::new(docs, config, claims_hint, false)
    }

    /// Takes a chunk of claims, in any order (placement orders them by publication).
    pub fn add(&mut self, claims: Vec<ClaimRecord>) -> Result<()> {
        let corr = &mut self.corr;
        let total = corr.claim_count() + claims.len();
        if total > MAX_CLAIMS {
            return Err(Error::TooMany(total, MAX_CLAIMS));
        }
        // The sources a claim names decide its root, which only a view shows: a lean
        // clustering does not look for them (finding names in text is the costly part).
        let named: Vec<Named> =
            if self.whole { par_map(&claims, |c| Named::of(&c.claim)) } else { Vec::new() };
        // Every claim's document first: a refused chunk leaves the intake as it was.
        let mut docs = Vec::with_capacity(claims.len());
        for c in &claims {
            match corr.doc_index.get(&c.document) {
                Some(&di) => docs.push(di),
                None => return Err(Error::UnknownDocument(c.document.to_string(), c.id.to_string())),
            }
        }
        for (i, (c, di)) in claims.iter().zip(docs).enumerate() {
            let named = named.get(i).copied().unwrap_or_default();
            let published = corr.docs[di as usize].published;
            let f = corr.features(di, published, &c.claim, named);
            corr.feats.push(f);
        }
        if !self.whole {
            corr.ids.extend(claims.into_iter().map(|c| c.id));
        } else if corr.claims.is_empty() {
            // The caller's vector is kept, not copied (a million claims are half a gigabyte).
            corr.claims = claims;
        } else {
            corr.claims.extend(claims);
        }
        Ok(())
    }

    /// The saved clustering taken as it stands and the claims it does not hold placed, as
    /// [`Corroboration::restore_prints`] does.
    pub fn restore(self, saved: &[(EventId, Vec<ClaimId>)]) -> (Placement, Restored) {
        let (corr, order) = self.finish();
        let (corr, restored) = Corroboration::restore_ordered(corr, order, saved);
        (Placement { corr }, restored)
    }

    /// Indexes the claims by id and returns the clustering with the order claims are
    /// placed in: (document, offset, claim), grouped by document in publication order.
    #[allow(clippy::type_complexity)]
    fn finish(self) -> (Corroboration, Vec<(u32, u32, u32)>) {
        let mut corr = self.corr;
        // Claims in the order documents are added, each document's in text order (stable).
        let mut order: Vec<(u32, u32, u32)> =
            corr.feats.iter().enumerate().map(|(i, f)| (f.doc, f.offset, i as u32)).collect();
        order.sort_unstable();
        // A claim whose id an earlier document's claim took is skipped, as adding documents
        // one by one skips known ids; within one document both stay, as there.
        let mut dropped: Vec<u32> = Vec::new();
        corr.claim_index.reserve(corr.claim_count(), &corr.claims, &corr.ids);
        let mut known_before: Vec<u32> = Vec::new();
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            known_before.clear();
            known_before
                .extend(group.iter().map(|o| o.2).filter(|&i| corr.index_of(corr.id_at(i)).is_some()));
            for &(_, _, i) in group {
                if !known_before.contains(&i) {
                    corr.claim_index.insert(i, &corr.claims, &corr.ids);
                }
            }
            dropped.extend_from_slice(&known_before);
        }
        dropped.sort_unstable();
        if !dropped.is_empty() {
            // Rare (ids are unique in a store): remove the skipped claims and renumber.
            let mut new_pos = vec![u32::MAX; corr.claim_count()];
            let mut next = 0u32;
            for (i, slot) in new_pos.iter_mut().enumerate() {
                if dropped.binary_search(&(i as u32)).is_err() {
                    *slot = next;
                    next += 1;
                }
            }
            let keep = |i: &mut usize| {
                let k = new_pos[*i] != u32::MAX;
                *i += 1;
                k
            };
            let mut i = 0;
            corr.claims.retain(|_| keep(&mut i));
            let mut i = 0;
            corr.ids.retain(|_| keep(&mut i));
            let mut i = 0;
            corr.feats.retain(|_| keep(&mut i));
            order.retain(|o| new_pos[o.2 as usize] != u32::MAX);
            for o in &mut order {
                o.2 = new_pos[o.2 as usize];
            }
            // The table hashes ids, which stay: only the indices they point at move.
            corr.claim_index.renumber(|ci| new_pos[ci as usize]);
        }
        settle_rounds(&mut corr.feats);
        corr.claim_event = vec![u32::MAX; corr.claim_count()];
        (corr, order)
    }
}

/// A lean clustering ([`Intake::lean`]): which event each claim is in, and nothing to show
/// (it holds no claim's words).
pub struct Placement {
    corr: Corroboration,
}

impl Placement {
    /// The event a claim belongs to.
    pub fn event_of(&self, claim: &ClaimId) -> Option<&EventId> {
        self.corr.event_of(claim)
    }

    /// Every claim's id, in the order they were handed in.
    pub fn claim_ids(&self) -> impl Iterator<Item = &ClaimId> {
        (0..self.corr.claim_count() as u32).map(|ci| self.corr.id_at(ci))
    }

    /// Every event with its claim ids, as [`Corroboration::memberships`] lists them.
    pub fn memberships(&self) -> Vec<(EventId, Vec<ClaimId>)> {
        self.corr.memberships()
    }

    pub fn event_count(&self) -> usize {
        self.corr.event_count()
    }
}

/// Which provision a sanctions reference without a destination points to: the resolution
/// it names (UNSCR 2397 when it names none, see provisions.tsv), and the facet its date or
/// its words point to. A reference dated 2019 speaks of the 2397 deadline; one dated before
/// speaks of a resolution's adoption.
fn provision_of(c: &Claim) -> usize {
    let provisions = &lexicon().provisions;
    let reference =
        c.legal_refs.first().map(|r| r.trim().to_owned()).unwrap_or_else(|| "UNSCR 2397".to_owned());
    let facets: Vec<usize> =
        (0..provisions.len()).filter(|&i| provisions[i].reference == reference).collect();
    if facets.is_empty() {
        // A reference the file does not list gets a provision of its own, keyed past the
        // file's entries by a stable hash of its name.
        let h = reference.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
        return provisions.len() + h % 1_000_000;
    }
    // A date in 2019 is the deadline's year. Otherwise the words decide: the date a report
    // gives a resolution is mostly its adoption ("passed last year obliges countries to
    // send every worker home"), which says nothing of the facet the sentence is about; the
    // date decides only where the words name no facet.
    if let Some(t) = &c.time
        && (t.start().year() == 2019 || t.end().year() == 2019)
        && let Some(i) = facets.iter().copied().find(|&i| provisions[i].cues.iter().any(|cue| cue == "2019"))
    {
        return i;
    }
    // Lower-cased once (every sanctions reference's provision is worked out with its
    // features), not once per cue.
    let quote = c.evidence.quote.to_lowercase();
    let when = c.time.as_ref().map(|t| t.text.to_lowercase());
    let cued = |i: &usize| {
        provisions[*i].cues.iter().any(|cue| {
            quote.contains(cue.as_str()) || when.as_ref().is_some_and(|w| w.contains(cue.as_str()))
        })
    };
    facets.iter().copied().find(|i| !provisions[*i].cues.is_empty() && cued(i)).unwrap_or(facets[0])
}

/// A root source and the claims of an event that rest on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RootView {
    pub root: RootSource,
    pub grade: Grade,
    pub claims: Vec<ClaimId>,
}

/// An event in full: what `tally event ID` shows and `tally events --json` prints.
#[derive(Debug, Clone)]
pub struct EventView<'a> {
    pub id: &'a EventId,
    pub title: String,
    pub family: Family,
    pub claims: Vec<&'a ClaimRecord>,
    pub documents: Vec<DocId>,
    /// Distinct root sources among the claims.
    pub independent_sources: usize,
    pub roots: Vec<RootView>,
    /// Derived document → the document of this event it derives from, or `outlet:NAME` /
    /// `institution:NAME` when the origin is not among the event's documents.
    pub derived: BTreeMap<DocId, String>,
    /// The full derivation of every document of the event.
    pub doc_roots: BTreeMap<DocId, DocRoot>,
    pub contradictions: Vec<Contradiction>,
    pub grade: Grade,
    pub destination: Option<Place>,
    pub when: Option<When>,
    /// For a sanctions event clustered by provision: the reference and the facet
    /// (`UNSCR 2397`, `repatriation_deadline`).
    pub provision: Option<(String, String)>,
}

/// Pairwise clustering quality against gold event keys.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairwiseScore {
    /// Of the claim pairs put in one event, the share the gold puts in one event (1.0 when
    /// no pair was put together).
    pub precision: f64,
    /// Of the claim pairs the gold puts in one event, the share put in one event (1.0 when
    /// the gold has no such pair).
    pub recall: f64,
    pub f1: f64,
    pub predicted_pairs: u64,
    pub gold_pairs: u64,
    pub true_pairs: u64,
}

/// Pairwise precision and recall of a clustering: one item per claim, (predicted event,
/// gold key). Claims without a gold key should be left out by the caller. Linear in the
/// number of claims: pairs are counted from cluster sizes, never enumerated.
pub fn pairwise_score<P: Ord + Clone, G: Ord + Clone>(
    items: impl IntoIterator<Item = (P, G)>,
) -> PairwiseScore {
    let mut pred: BTreeMap<P, u64> = BTreeMap::new();
    let mut gold: BTreeMap<G, u64> = BTreeMap::new();
    let mut both: BTreeMap<(P, G), u64> = BTreeMap::new();
    for (p, g) in items {
        *both.entry((p.clone(), g.clone())).or_default() += 1;
        *pred.entry(p).or_default() += 1;
        *gold.entry(g).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let predicted_pairs: u64 = pred.values().map(|&n| pairs(n)).sum();
    let gold_pairs: u64 = gold.values().map(|&n| pairs(n)).sum();
    let true_pairs: u64 = both.values().map(|&n| pairs(n)).sum();
    let precision = if predicted_pairs == 0 { 1.0 } else { true_pairs as f64 / predicted_pairs as f64 };
    let recall = if gold_pairs == 0 { 1.0 } else { true_pairs as f64 / gold_pairs as f64 };
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    PairwiseScore { precision, recall, f1, predicted_pairs, gold_pairs, true_pairs }
}
