//! Corroboration: events, source independence, grading, contradictions and estimates.
