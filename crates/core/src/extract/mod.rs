//! Text → claims. Placeholder while the extractor is written; the API is fixed.

mod analyse;
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

/// Reads `text` (already normalised, see [`crate::text::normalise`]) and returns its claims.
pub fn extract(text: &str, ctx: &DocContext) -> Extraction {
    let _ = (text, ctx);
    Extraction::default()
}
