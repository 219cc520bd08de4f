//! One module per command family. Each exposes clap `Args` and a `run` returning the exit
//! code, so `main` stays a table.

pub mod corroborate;
pub mod demo;
pub mod eval;
pub mod ingest;
pub mod query;
pub mod tips;
pub mod web;

use std::path::PathBuf;

/// What every command may need: where the data lives.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub data: PathBuf,
}
