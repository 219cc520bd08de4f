//! The store's integration tests. `scenarios` holds backend-independent scenarios written
//! against `&mut dyn Store`; each backend module runs all of them on a fresh store.

mod crash;
mod fingerprints;
mod scenarios;
mod sqlite;
