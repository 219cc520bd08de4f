//! Placeholder for the store crate.
