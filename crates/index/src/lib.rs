//! Placeholder for the index crate.
