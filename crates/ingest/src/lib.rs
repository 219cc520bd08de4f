//! Placeholder for the ingest crate.
