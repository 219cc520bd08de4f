//! Placeholder for the web crate.
