//! tally's pure core: the claim types of `CLAIMS.md`, the text → claims extractor, the
//! scorer behind `tally eval`, and (later) corroboration and estimates.
//!
//! Nothing here does I/O: no files, no database, no network, no clock. Callers hand in text
//! and metadata and get values back. Extraction never fails; what it could not read is
//! reported as diagnostics beside the claims.

pub mod claim;
pub mod corroborate;
pub mod doc;
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod text;

pub use claim::{
    Claim, Count, CountryCode, Currency, Evidence, Kind, Money, Per, Period, Place, Source, SourceType,
    Teams, TimeRange, Why,
};
pub use doc::{DocContext, Lang};
pub use extract::{Diagnostic, Extraction, extract};
