//! `tally ingest`: reads files, folders and standard input (through `tally-ingest`), extracts
//! claims (`tally_core::extract`), stores each document with its claims in batches, and
//! indexes each batch's new documents for search once the store has committed them (the
//! index's write lock is held for the whole run). After the last batch the new
//! documents' claims are placed into the saved events (`corroborate::update_events`).
//!
//! A bad input is reported on one line and skipped; the rest of the batch still lands, and
//! the exit code says something was skipped. A batch is one transaction: a crash loses at
//! most the batch in flight. Reading is lazy, one input at a time, and documents are
//! extracted on every core a bounded number ahead of the writer, and a batch's texts are
//! held only until the index has taken them, so memory stays flat however many files there
//! are; they are stored in the order given. This module does not parse files or know SQL.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use anyhow::Context as _;
use chrono::NaiveDate;
use tally_core::corroborate::independence::{Independence, Prepared};
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
///
/// The document's corroboration fingerprint is worked out here too, while the text is at
/// hand and on the extraction threads, and stored with the document: the event update
/// after the last batch then reads fingerprints instead of reading every new text back.
/// It is derived data: if working it out fails, the document is stored without it and the
/// next corroboration run works it out from the stored text.
fn extract(loaded: &Loaded) -> Result<(Extraction, Option<Prepared>), String> {
    let ctx = DocContext { lang: loaded.lang, published: loaded.meta.published };
    let extraction = std::panic::catch_unwind(|| tally_core::extract(&loaded.text, &ctx))
        .map_err(|_| "the extractor failed on this document (a bug in tally; please report it)".to_owned())?;
    // What `tally_store::fingerprints` would work out from the stored document.
    let print =
        std::panic::catch_unwind(|| Independence::prepare_text(loaded.meta.outlet.as_deref(), &loaded.text))
            .ok();
    Ok((extraction, print))
}

/// Documents read ahead of the writer, at most: bounds the memory the pipeline holds (each
/// carries one document's bytes, text and, once extracted, claims).
const READ_AHEAD: usize = 32;

/// New text in one batch, at most, besides [`Args::batch`] documents: a batch of large
/// documents commits before the write-ahead log and the index's buffers grow with it.
const BATCH_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// What a failure to index says: the store is ahead of the index, which is derived.
const INDEX_FAILED: &str = "updating the search index (the documents counted above are stored; the index catches up with them when next opened)";

/// Extraction threads at most. Ingest extracts on every core the machine has, up to this;
/// the writer and the index take their share of a core besides.
const MAX_EXTRACTORS: usize = 16;

/// What the pipeline hands the writer for one document.
enum Item {
    /// Skipped, with the line that says why ("file: problem").
    Skip(String),
    /// Its text is already stored (checked before extracting, to save the work).
    Present,
    Ready(Box<(String, Loaded, Extraction, Option<Prepared>)>),
}

/// A document read and checked, waiting for an extraction thread, with the slot its result
/// goes to.
struct Job {
    name: String,
    loaded: Loaded,
    done: SyncSender<Item>,
}

/// Reads and checks one input (a feed gives one document per entry): the part of ingest
/// that reads files and asks the store whether a text is already there, on one thread.
/// Each document's [`Item`] reaches the writer in input order: `slot` gives the writer a
/// receiver for it, in order, and returns its sender (`None` once the writer stopped).
/// Documents to extract go to `extract` with their sender; the others are sent at once.
/// Returns false when the writer stopped.
fn prepare(
    item: tally_ingest::Result<tally_ingest::Input>,
    overrides: &Overrides,
    seen: &dyn Store,
    slot: &mut dyn FnMut() -> Option<SyncSender<Item>>,
    extract: &SyncSender<Job>,
) -> bool {
    let input = match item {
        Ok(input) => input,
        Err(e) => return slot().is_some_and(|done| done.send(Item::Skip(e.to_string())).is_ok()),
    };
    let name = input.display_name();
    for loaded in tally_ingest::load_all(&input, overrides) {
        let Some(done) = slot() else { return false };
        let sent = match loaded {
            Ok(loaded) if is_stored(&loaded, seen) => done.send(Item::Present).is_ok(),
            Ok(loaded) => {
                let name = loaded.meta.path.clone().unwrap_or_else(|| name.clone());
                extract.send(Job { name, loaded, done }).is_ok()
            }
            Err(e) => done.send(Item::Skip(e.to_string())).is_ok(),
        };
        if !sent {
            return false;
        }
    }
    true
}

/// Whether the document's text is already stored. Committed duplicates are common
/// (re-running an ingest over a folder) and extraction is the costly step, so look first. A
/// duplicate within the running batch is caught by the store when it is added.
fn is_stored(loaded: &Loaded, seen: &dyn Store) -> bool {
    tally_store::DocumentId::from_sha256(&loaded.sha256)
        .is_ok_and(|id| seen.document(&id).is_ok_and(|d| d.sha256 == loaded.sha256))
}

/// Extracts the jobs it is handed until the reading side closes the queue, sending each
/// result to its slot: the loop of each extraction thread.
fn extract_jobs(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held to take the next job, not while extracting it.
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(Job { name, loaded, done }) = job else { return };
        let item = match extract(&loaded) {
            Ok((x, print)) => Item::Ready(Box::new((name, loaded, x, print))),
            Err(problem) => Item::Skip(format!("{name}: {problem}")),
        };
        // A closed slot means the writer stopped; the reading side sees it and stops.
        let _ = done.send(item);
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
    // Not synced here: the loader below catches up with the store itself, under the write
    // lock it then keeps.
    let index = ctx.open_index_unsynced()?;
    // Held for the whole run: no other process writes to the index meanwhile (a second
    // ingest is refused as busy before it stores anything).
    let loader = index.loader(&*store).context("opening the search index for writing")?;
    // A second connection, for the reading thread's duplicate checks.
    let seen = ctx.open_store()?;

    // The walk is lazy; counting first gives the bar its length. Only worth it when the
    // bar is drawn.
    let total = std::io::stderr().is_terminal().then(|| tally_ingest::inputs(&args.paths).count() as u64);
    let bar = progress_bar(total, "ingesting");

    // Reading on one thread, extraction on as many as there are cores, storing on this one.
    // Each document's result has a slot of its own, and the slots reach the writer in input
    // order through a bounded channel: documents are stored in the order they were given
    // (the same store whatever the number of threads), and at most READ_AHEAD of them are
    // in flight.
    let (order_tx, order_rx) = sync_channel::<Receiver<Item>>(READ_AHEAD);
    let (job_tx, job_rx) = sync_channel::<Job>(READ_AHEAD);
    let job_rx = Mutex::new(job_rx);
    let written = std::thread::scope(|scope| {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_EXTRACTORS);
        for _ in 0..threads {
            let jobs = &job_rx;
            scope.spawn(move || extract_jobs(jobs));
        }
        let (paths, overrides) = (&args.paths, &overrides);
        scope.spawn(move || {
            let mut slot = || {
                let (done, result) = sync_channel::<Item>(1);
                order_tx.send(result).ok().map(|()| done)
            };
            for item in tally_ingest::inputs(paths) {
                if !prepare(item, overrides, &*seen, &mut slot, &job_tx) {
                    break;
                }
            }
            // The job sender goes with this thread: the extraction threads end once the
            // queue is empty.
        });
        // A slot whose sender went away unfilled (the writer is never the one to stop
        // first here) ends the items.
        let items = order_rx.into_iter().map_while(|slot| slot.recv().ok());
        let result = write(&mut *store, loader, items, args.batch, &bar);
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

/// Stores the documents the pipeline prepared, in input order, in batches of `batch_size`
/// inputs (or [`BATCH_TEXT_BYTES`] of new text, whichever comes first), and hands each new
/// document to the index as it is stored; the index commits right after the store has
/// committed the batch, never before, so it never holds a document the store lacks (a
/// failed batch ends the run and its additions are dropped with the uncommitted loader).
/// Returns the exit code and the number of new documents.
fn write(
    store: &mut dyn Store,
    mut index: tally_index::Loader,
    mut items: impl Iterator<Item = Item>,
    batch_size: usize,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<(ExitCode, u64)> {
    let mut totals = Totals::default();
    let mut exhausted = false;
    while !exhausted {
        let mut batch = store.begin_batch(EXTRACTOR).context("starting a batch")?;
        let mut pending = Totals::default();
        // New documents in this batch and their text bytes.
        let (mut added, mut text_bytes) = (0usize, 0usize);
        let mut seen = 0;
        while seen < batch_size && text_bytes < BATCH_TEXT_BYTES {
            let Some(item) = items.next() else {
                exhausted = true;
                break;
            };
            seen += 1;
            bar.inc(1);
            let (name, loaded, extraction, print) = match item {
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
            let Loaded { raw, text, sha256, format, lang, meta, .. } = loaded;
            let doc = NewDocument {
                raw: &raw,
                text: &text,
                sha256: &sha256,
                format: format.as_str(),
                lang,
                path: meta.path.as_deref(),
                url: meta.url.as_deref(),
                outlet: meta.outlet.as_deref(),
                published: meta.published,
                title: meta.title.as_deref(),
                negative: meta.negative,
            };
            match batch.add_document(&doc, &extraction) {
                Ok(Added::New { id, claims }) => {
                    pending.ingested += 1;
                    pending.claims += claims as u64;
                    // Derived data, written after the document's own rows: a refused row
                    // (its statement alone is undone) loses nothing, as the next
                    // corroboration run works it out from the stored text; a disk error
                    // fails the batch's commit below, as any write would.
                    if let Some(print) = &print {
                        let _ = batch.add_fingerprint(&id, print);
                    }
                    let entry = tally_index::Entry {
                        id: id.as_str(),
                        title: meta.title.as_deref(),
                        outlet: meta.outlet.as_deref(),
                        lang,
                        published: meta.published,
                        text: &text,
                    };
                    if let Err(e) = index.add(&entry) {
                        print_totals(totals);
                        return Err(e).context(INDEX_FAILED);
                    }
                    added += 1;
                    text_bytes += text.len();
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
        if added > 0
            && let Err(e) = index.commit(&*store, added)
        {
            print_totals(totals);
            return Err(e).context(INDEX_FAILED);
        }
    }
    // Every commit has landed; what is left is tantivy's merging of segments.
    if let Err(e) = index.finish() {
        eprintln!(
            "tally: the search index's segments were not merged ({e}); searches still find every document"
        );
    }
    print_totals(totals);
    Ok((if totals.skipped > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }, totals.ingested))
}

fn print_totals(t: Totals) {
    println!("{} ingested, {} already present, {} skipped", t.ingested, t.present, t.skipped);
}
