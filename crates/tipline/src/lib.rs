//! Placeholder for the tipline crate.
