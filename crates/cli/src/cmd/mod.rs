//! One module per command family. Each exposes clap `Args` and a `run` returning the exit
//! code, so `main` stays a table.

pub mod corroborate;
pub mod demo;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod query;
pub mod report;
pub mod tips;
pub mod web;

use std::path::PathBuf;

use anyhow::Context as _;

/// What every command may need: where the data lives.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub data: PathBuf,
}

/// The extractor version recorded beside every claim stored (`tally reindex` re-extracts
/// with the current one): core's
/// `extract::VERSION` (bumped whenever extraction changes what it reads).
pub const EXTRACTOR: &str = tally_core::extract::VERSION;

impl Ctx {
    /// The search index's folder inside the data folder.
    pub fn index_dir(&self) -> PathBuf {
        self.data.join("index")
    }

    /// Opens the store in the data folder, creating the folder and the database on first use.
    pub fn open_store(&self) -> anyhow::Result<Box<dyn tally_store::Store>> {
        let store = tally_store::SqliteStore::open_dir(&self.data)
            .with_context(|| format!("opening the data folder {}", self.data.display()))?;
        Ok(Box::new(store))
    }

    /// Opens (or creates) the search index without bringing it up to date with the store:
    /// for `ingest`, whose index loader catches up itself under the write lock it keeps.
    pub fn open_index_unsynced(&self) -> anyhow::Result<tally_index::Index> {
        let dir = self.index_dir();
        tally_index::Index::open(&dir).with_context(|| format!("opening the search index {}", dir.display()))
    }

    /// Opens the search index and brings it up to date with the store (which rebuilds it when
    /// it is missing or of an older shape).
    pub fn open_index(&self, store: &dyn tally_store::Store) -> anyhow::Result<tally_index::Index> {
        let index = self.open_index_unsynced()?;
        index.sync(store).context("bringing the search index up to date")?;
        Ok(index)
    }

    /// Opens the search index for searching: like [`Ctx::open_index`], except that when
    /// another process (an ingest) is writing to the index, it searches what is already
    /// committed instead of failing.
    pub fn open_index_for_reading(
        &self,
        store: &dyn tally_store::Store,
    ) -> anyhow::Result<tally_index::Index> {
        let index = self.open_index_unsynced()?;
        match index.sync(store) {
            Ok(_) => {}
            Err(tally_index::Error::Busy) => {
                eprintln!(
                    "tally: the search index is being updated by another process; the newest documents may be missing"
                );
            }
            Err(e) => return Err(e).context("bringing the search index up to date"),
        }
        Ok(index)
    }
}

/// A spinner on standard error for work done in steps whose size is not known ahead
/// ("events: placing the new claims (2m 13s)"); drawn only when standard error is a
/// terminal. The step is set with `set_message`.
pub fn step_spinner(what: &str) -> indicatif::ProgressBar {
    on_terminal(indicatif::ProgressBar::new_spinner(), &format!("{{spinner}} {what}: {{msg}} ({{elapsed}})"))
}

/// A progress bar on standard error, drawn only when standard error is a terminal.
pub fn progress_bar(len: Option<u64>, what: &str) -> indicatif::ProgressBar {
    let bar = match len {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    let template = if len.is_some() {
        format!("{{spinner}} {what} [{{bar:30}}] {{pos}}/{{len}} {{wide_msg}}")
    } else {
        format!("{{spinner}} {what} {{pos}} {{wide_msg}}")
    };
    on_terminal(bar, &template)
}

/// `bar` drawn with `template` when standard error is a terminal, hidden otherwise.
fn on_terminal(bar: indicatif::ProgressBar, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal as _;
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        return bar;
    }
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
