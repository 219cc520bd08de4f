//! Corroboration: events, source independence, grading, contradictions and estimates.
//!
//! Claims are fragments; this module turns them into the picture an analyst needs. It owns
//! clustering claims into events across documents ([`events`]), deciding which documents
//! derive from which and so how many *independent* sources stand behind an event
//! ([`independence`]), the Admiralty grades ([`grade`]), figures that cannot both be true
//! ([`contradiction`]), workers and revenue as intervals ([`estimate`], [`interval`]) and
//! the human titles of events ([`title`]). [`Corroboration`] ties them together and is what
//! the CLI and the web UI call.
//!
//! It deliberately does no I/O and keeps no clock: the store hands in documents
//! ([`DocInfo`], or [`DocPrint`] where it keeps each document's fingerprint) and claims
//! ([`ClaimRecord`]), and persists what comes back (event ids, derivations, grade overrides,
//! analyst operations). Its inputs are independent of the store's types so the core stays
//! the bottom of the dependency graph.
//!
//! Placing new claims into saved events ([`Corroboration::restore_prints`]) needs no text:
//! each document's fingerprint (a MinHash signature and the links its outlet note and lead
//! state, [`independence::Prepared`]) gives the same memberships as the full reading. A
//! lean [`Intake`], fed the claims a chunk at a time, keeps of each only its id and
//! features, and gives a [`Placement`] (memberships, nothing to show).

pub mod contradiction;
pub mod estimate;
pub mod events;
pub mod grade;
pub mod independence;
pub mod interval;
mod lexicon;
pub mod title;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Claim;

pub use contradiction::Contradiction;
pub use estimate::{By, EstimateOptions, Figure, Measure, PeriodUnit, estimate};
pub use events::{
    AnalystOp, ClusterConfig, Corroboration, EventView, Family, Intake, Merge, PairwiseScore, Placement,
    Restored, RootView, Split, Views, When, pairwise_score,
};
pub use grade::{Credibility, Grade, GradeOverride, Reliability};
pub use independence::fingerprint_version;
pub use independence::{DocRoot, How, Link, LinkTarget, RootSource};
pub use interval::Interval;

/// Why a corroboration call could not do what it was asked. Display is one line an analyst
/// can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("no event {0}")]
    UnknownEvent(String),
    #[error("no claim {0} in event {1}")]
    ClaimNotInEvent(String, String),
    #[error("cannot merge event {0} with itself")]
    MergeWithItself(String),
    #[error("a split must leave at least one claim in event {0} and move at least one")]
    EmptySplit(String),
    #[error("not a grade: {0:?} (expected a reliability A–F and a credibility 1–6, e.g. B2)")]
    BadGrade(String),
    #[error(
        "unknown source {0:?}: name an outlet, an institution or a source type that `tally sources` lists"
    )]
    UnknownSource(String),
    #[error("too many claims: {0} (the limit is {1})")]
    TooMany(usize, usize),
    #[error("document {0} of claim {1} was not given")]
    UnknownDocument(String, String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A fast, non-cryptographic hasher for the in-memory maps keyed by small integers and ids.
/// The keys are our own (indices, interned ids, MinHash values), never chosen by an
/// attacker over a network, so SipHash's protection buys nothing and costs a third of a
/// large recompute.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        // Whole words straight from the slice; only the tail is copied into a padded word.
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.write_u64(u64::from_le_bytes(b));
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let mut b = [0u8; 8];
            b[..tail.len()].copy_from_slice(tail);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// Items below which a parallel map runs on the calling thread: handing work to the pool
/// costs more than it saves on a small corpus or one new document.
const PARALLEL_FROM: usize = 256;

/// `f` over `items`, on rayon's pool for a large slice. The results come back in the order
/// of `items` (rayon's indexed `collect` keeps it), so the outcome is the same whatever the
/// number of threads.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() < PARALLEL_FROM {
        return items.iter().map(f).collect();
    }
    items.par_iter().map(f).collect()
}

/// Most claims one corroboration run accepts; beyond it the caller gets [`Error::TooMany`]
/// rather than a run that exhausts memory. The benchmark runs one million.
pub const MAX_CLAIMS: usize = 20_000_000;

macro_rules! string_id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(s: impl Into<String>) -> $name {
                $name(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.to_owned())
            }
        }
    };
}

string_id!(
    /// A claim's id as the store gives it (`c-…`).
    ClaimId
);
string_id!(
    /// A document's id as the store gives it (`d-…`).
    DocId
);
string_id!(
    /// An event's stable id (`e-…`).
    EventId
);

/// What corroboration needs to know about a document: who published it, when, and its text
/// (for near-duplicate detection and citations in its lead).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocInfo {
    pub id: DocId,
    /// The outlet as ingested (`meta.json`'s `outlet`, `--source`, the HTML's site name);
    /// may carry a note such as "News24 (reposted by Pan-African News Wire)".
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    /// The normalised text.
    pub text: String,
}

/// A document as corroboration keeps it once its fingerprint is worked out: id, date and
/// what its outlet note and text say of its origin ([`independence::Prepared`]), without the
/// text. A store can keep the fingerprint, so a run reads a few hundred bytes a document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocPrint {
    pub id: DocId,
    pub published: Option<NaiveDate>,
    pub fingerprint: independence::Prepared,
}

impl DocPrint {
    /// Fingerprints one document (MinHash over its text, citations in its lead).
    pub fn of(doc: &DocInfo) -> DocPrint {
        DocPrint {
            id: doc.id.clone(),
            published: doc.published,
            fingerprint: independence::Independence::prepare(doc),
        }
    }

    /// Fingerprints documents on all cores, in the order given; the texts are dropped.
    pub fn of_all(docs: Vec<DocInfo>) -> Vec<DocPrint> {
        par_map(&docs, DocPrint::of)
    }
}

/// A claim with the ids the store gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRecord {
    pub id: ClaimId,
    pub document: DocId,
    pub claim: Claim,
}
