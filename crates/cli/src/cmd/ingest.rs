//! `tally ingest`: reads files, folders and standard input (through `tally-ingest`), extracts
//! claims (`tally_core::extract`), stores each document with its claims in batches, and
//! brings the search index up to date after each batch. After the last batch the new
//! documents' claims are placed into the saved events (`corroborate::update_events`).
//!
//! A bad input is reported on one line and skipped; the rest of the batch still lands, and
//! the exit code says something was skipped. A batch is one transaction: a crash loses at
//! most the batch in flight. Reading is lazy, one input at a time, so memory stays flat
//! however many files there are. This module does not parse files or know SQL.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;
use tally_core::{DocContext, Extraction, Lang};
use tally_ingest::{Loaded, Overrides};
use tally_store::{Added, NewDocument, Store};

use super::{Ctx, EXTRACTOR, progress_bar};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (read recursively) or `-` for standard input. A folder holding
    /// `text.txt` and `meta.json` is one document, with its metadata.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The outlet that published the documents (e.g. "Daily NK"); wins over meta.json.
    #[arg(long, value_name = "NAME")]
    source: Option<String>,

    /// Publication date, against which "last month" or "on Monday" resolve.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    published: Option<NaiveDate>,

    /// The documents' language; detected from the text when not given.
    #[arg(long, value_name = "en|ko", value_parser = parse_lang)]
    lang: Option<Lang>,

    /// The address the documents were published at.
    #[arg(long, value_name = "URL")]
    url: Option<String>,

    /// Documents per transaction (a crash loses at most one batch).
    #[arg(long, value_name = "N", default_value_t = tally_store::DEFAULT_BATCH, value_parser = parse_batch, hide = true)]
    batch: usize,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("{s:?} is not a language tally reads; use en or ko"))
}

/// Largest batch accepted: bigger ones only grow the write-ahead log.
const MAX_BATCH: usize = 10_000;

fn parse_batch(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_BATCH).contains(&n) => Ok(n),
        _ => Err(format!("{s:?} is not a batch size from 1 to {MAX_BATCH}")),
    }
}

/// What happened to the inputs, committed batches only.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    ingested: u64,
    present: u64,
    skipped: u64,
    claims: u64,
}

impl Totals {
    fn add(&mut self, o: Totals) {
        self.ingested += o.ingested;
        self.present += o.present;
        self.skipped += o.skipped;
        self.claims += o.claims;
    }
}

/// One line on standard error, above the progress bar, for an input that was skipped:
/// `what` is "file: problem".
fn report_skip(bar: &indicatif::ProgressBar, what: &str) {
    let line = format!("tally: skipped {what}").replace(['\n', '\r'], " ");
    bar.suspend(|| eprintln!("{line}"));
}

/// Runs the extractor, turning a panic (a bug, never expected) into an error for this
/// document instead of the end of the whole ingest.
fn extract(loaded: &Loaded) -> Result<Extraction, String> {
    let ctx = DocContext { lang: loaded.lang, published: loaded.meta.published };
    std::panic::catch_unwind(|| tally_core::extract(&loaded.text, &ctx))
        .map_err(|_| "the extractor failed on this document (a bug in tally; please report it)".to_owned())
}

/// Inputs read and extracted ahead of the writer, at most: bounds the memory the pipeline
/// holds (each item carries one document's bytes, text and claims).
const READ_AHEAD: usize = 16;

/// What the reading thread hands the writer for one input.
enum Item {
    /// Skipped, with the line that says why ("file: problem").
    Skip(String),
    /// Its text is already stored (checked before extracting, to save the work).
    Present,
    Ready(Box<(String, Loaded, Extraction)>),
}

/// Reads, checks and extracts one input (a feed gives one item per entry): the part of
/// ingest that needs no write lock, and so runs on its own thread beside the writer. Each
/// item goes to `send` as soon as it is ready; `send` returns false when the writer stopped.
fn prepare(
    item: tally_ingest::Result<tally_ingest::Input>,
    overrides: &Overrides,
    seen: &dyn Store,
    send: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let input = match item {
        Ok(input) => input,
        Err(e) => return send(Item::Skip(e.to_string())),
    };
    let name = input.display_name();
    for loaded in tally_ingest::load_all(&input, overrides) {
        let item = match loaded {
            Ok(loaded) => prepare_one(&name, loaded, seen),
            Err(e) => Item::Skip(e.to_string()),
        };
        if !send(item) {
            return false;
        }
    }
    true
}

fn prepare_one(name: &str, loaded: Loaded, seen: &dyn Store) -> Item {
    // Committed duplicates are common (re-running an ingest over a folder) and extraction
    // is the costly step, so look first. A duplicate within the running batch is caught
    // by the store when it is added.
    if let Ok(id) = tally_store::DocumentId::from_sha256(&loaded.sha256)
        && seen.document(&id).is_ok_and(|d| d.sha256 == loaded.sha256)
    {
        return Item::Present;
    }
    let name = loaded.meta.path.clone().unwrap_or_else(|| name.to_owned());
    match extract(&loaded) {
        Ok(x) => Item::Ready(Box::new((name, loaded, x))),
        Err(problem) => Item::Skip(format!("{name}: {problem}")),
    }
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let overrides = Overrides {
        source: args.source.clone(),
        published: args.published,
        lang: args.lang,
        url: args.url.clone(),
    };
    let mut store = ctx.open_store()?;
    let index = ctx.open_index(&*store)?;
    // A second connection, for the reading thread's duplicate checks.
    let seen = ctx.open_store()?;

    // The walk is lazy; counting first gives the bar its length. Only worth it when the
    // bar is drawn.
    let total = std::io::stderr().is_terminal().then(|| tally_ingest::inputs(&args.paths).count() as u64);
    let bar = progress_bar(total, "ingesting");

    let written = std::thread::scope(|scope| {
        // Reading and extraction on one thread, storing on this one: on two cores the
        // extractor and SQLite work at the same time. The bounded channel keeps memory flat.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Item>(READ_AHEAD);
        let (paths, overrides) = (&args.paths, &overrides);
        scope.spawn(move || {
            // A closed channel means the writer stopped; so do we.
            let mut send = |item: Item| tx.send(item).is_ok();
            for item in tally_ingest::inputs(paths) {
                if !prepare(item, overrides, &*seen, &mut send) {
                    break;
                }
            }
        });
        let result = write(&mut *store, &index, rx, args.batch, &bar);
        bar.finish_and_clear();
        result
    });
    // The index writer's buffers and the connections' page caches are not needed to place
    // the new claims; freed first, they are not counted twice in the peak.
    drop((index, store));
    written.map(|(code, ingested)| {
        // The documents are stored whatever happens here; a failure only leaves their claims
        // for the next `tally events` to place.
        if ingested > 0
            && let Err(e) = super::corroborate::update_events(ctx)
        {
            eprintln!("tally: events not updated ({e:#}); `tally events` will place the new claims");
        }
        code
    })
}

/// Stores what the reading thread prepared, in batches of `batch_size` inputs, bringing
/// the index up to date after each commit. Returns the exit code and the number of new
/// documents.
fn write(
    store: &mut dyn Store,
    index: &tally_index::Index,
    rx: std::sync::mpsc::Receiver<Item>,
    batch_size: usize,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<(ExitCode, u64)> {
    let mut items = rx.into_iter();
    let mut totals = Totals::default();
    let mut exhausted = false;
    while !exhausted {
        let mut batch = store.begin_batch(EXTRACTOR).context("starting a batch")?;
        let mut pending = Totals::default();
        let mut seen = 0;
        while seen < batch_size {
            let Some(item) = items.next() else {
                exhausted = true;
                break;
            };
            seen += 1;
            bar.inc(1);
            let (name, loaded, extraction) = match item {
                Item::Skip(line) => {
                    report_skip(bar, &line);
                    pending.skipped += 1;
                    continue;
                }
                Item::Present => {
                    pending.present += 1;
                    continue;
                }
                Item::Ready(ready) => *ready,
            };
            bar.set_message(name.clone());
            let doc = NewDocument {
                raw: &loaded.raw,
                text: &loaded.text,
                sha256: &loaded.sha256,
                format: loaded.format.as_str(),
                lang: loaded.lang,
                path: loaded.meta.path.as_deref(),
                url: loaded.meta.url.as_deref(),
                outlet: loaded.meta.outlet.as_deref(),
                published: loaded.meta.published,
                title: loaded.meta.title.as_deref(),
                negative: loaded.meta.negative,
            };
            match batch.add_document(&doc, &extraction) {
                Ok(Added::New { claims, .. }) => {
                    pending.ingested += 1;
                    pending.claims += claims as u64;
                }
                Ok(Added::Duplicate { .. }) => pending.present += 1,
                // Refusals of this one document; the batch goes on.
                Err(e @ (tally_store::Error::Conflict(_) | tally_store::Error::Invalid { .. })) => {
                    report_skip(bar, &format!("{name}: {e}"));
                    pending.skipped += 1;
                }
                // Anything else (disk full, lock lost) ends the run; the batch rolls back.
                Err(e) => {
                    print_totals(totals);
                    return Err(e).with_context(|| {
                        format!(
                            "storing {name}; the {} documents of this batch were not stored",
                            pending.ingested
                        )
                    });
                }
            }
        }
        batch.commit().context("committing a batch")?;
        // Skips are final even though their batch is the unit of commit: they were reported.
        totals.add(pending);
        index.sync(&*store).context("updating the search index")?;
    }
    print_totals(totals);
    Ok((if totals.skipped > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }, totals.ingested))
}

fn print_totals(t: Totals) {
    println!("{} ingested, {} already present, {} skipped", t.ingested, t.present, t.skipped);
}
