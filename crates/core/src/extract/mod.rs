//! Text → claims.
//!
//! `extract` reads a normalised document in three steps: `analyse` finds what each sentence
//! holds (figures, times, places, organisations, legal references, rounds, cues, who is
//! speaking), `assemble` turns that into claims with the document-level rules (inheritance
//! of places and sources, round frames, restated figures), and every claim carries `why`:
//! the rules and lexicon entries behind each field. Extraction never fails.

mod alternatives;
mod analyse;
mod assemble;
pub mod dates;
pub mod numbers;

use serde::Serialize;

use crate::{Claim, DocContext};

/// Something the extractor noticed but could not turn into a claim, or chose not to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Byte span in the normalised text.
    pub start: usize,
    pub end: usize,
    /// Stable rule id, e.g. `skip.trade_figure`.
    pub rule: String,
    pub message: String,
}

/// Claims plus diagnostics. Extraction never fails.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extraction {
    pub claims: Vec<Claim>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The extractor's version: stored with claims so that stale ones can be re-extracted.
pub const VERSION: &str = concat!("tally-core ", env!("CARGO_PKG_VERSION"), ", rules 1");

/// Reads `text` (already normalised, see [`crate::text::normalise`]) and returns its claims.
pub fn extract(text: &str, ctx: &DocContext) -> Extraction {
    let lx = crate::lexicon::lexicon();
    // ASCII lower-cased once, same offsets: both steps compare words without regard to case.
    let lower = text.to_ascii_lowercase();
    let sents = analyse::analyse(text, &lower, ctx.lang, ctx.published, lx);
    let (claims, diagnostics) =
        assemble::Assembler::new(text, &lower, ctx.lang, ctx.published, lx, &sents).run();
    Extraction { claims, diagnostics }
}
