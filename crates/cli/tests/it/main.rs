//! Integration tests of the `tally` binary: each runs the real executable on a temporary
//! data folder. One module per command family; `common` holds the runner.

mod common;
mod corroborate;
mod export;
mod generated;
mod ingest;
mod query;
mod tips;
mod web;
