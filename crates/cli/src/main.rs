//! The `tally` binary: parses the command line and hands each command to its module under
//! `cmd/`. It owns the conversions to text and JSON for the terminal; the work itself lives
//! in the library crates.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than the system allocator: extraction makes many small, short-lived
/// allocations (spans, rule names, claim fields), and glibc's malloc and free were about a
/// seventh of its instructions; mimalloc takes 8 % off extraction's instruction count
/// (`crates/core/examples/speed.rs` under callgrind) and serves the web server's threads
/// from per-thread heaps.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An evidence ledger for reports of North Korea's overseas forced labour.
#[derive(Debug, Parser)]
#[command(name = "tally", version, about, propagate_version = true)]
struct Cli {
    /// The data folder (store, index, tips). Defaults to $TALLY_DATA, then ./tally-data.
    #[arg(long, global = true, env = "TALLY_DATA", default_value = "tally-data")]
    data: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ingest reports: files, folders (recursively) or `-` for standard input.
    Ingest(cmd::ingest::Args),
    /// List the documents, one a line.
    Docs(cmd::query::DocsArgs),
    /// Show a document's text with its claims marked.
    Show(cmd::query::ShowArgs),
    /// Print claims (`--json`: JSON Lines in the CLAIMS.md format).
    Claims(cmd::query::ClaimsArgs),
    /// Full-text search, English and Korean.
    Search(cmd::query::SearchArgs),
    /// Score extraction against a gold corpus laid out as CLAIMS.md says.
    Eval(cmd::eval::Args),
    /// Re-extract every document's claims, then rebuild the search index from the store.
    Reindex(cmd::query::ReindexArgs),
    /// Events: claims about the same real-world happening, across documents.
    Events(cmd::corroborate::EventsArgs),
    /// One event in full; merge and split events.
    Event(cmd::corroborate::EventArgs),
    /// Sources and their reliability grades.
    Sources(cmd::corroborate::SourcesArgs),
    /// Override a source's grade on the Admiralty scale, with a reason.
    Grade(cmd::corroborate::GradeArgs),
    /// Workers and revenue by destination and period, as intervals with their claims.
    Estimate(cmd::corroborate::EstimateArgs),
    /// The dossier for a sanctions body: figures with footnotes to their quotes (md or html).
    Report(cmd::report::Args),
    /// Export claims, events, estimates or documents: FollowTheMoney, CSV or JSON Lines.
    Export(cmd::export::Args),
    /// Serve the analyst web UI and JSON API.
    Serve(cmd::web::ServeArgs),
    /// Manage analyst accounts.
    User(cmd::web::UserArgs),
    /// Inspect and verify the audit log.
    Audit(cmd::web::AuditArgs),
    /// The whistleblower tip line (a separate process with its own data folder).
    Tipline(cmd::tips::TiplineArgs),
    /// Analysts' side of the tip line: keys, recipients, reading and answering tips.
    Tips(cmd::tips::TipsArgs),
    /// Load the bundled sample corpus into a fresh data folder and serve the UI.
    Demo(cmd::demo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TALLY_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let ctx = cmd::Ctx { data: cli.data };
    let result = match cli.command {
        Command::Ingest(a) => cmd::ingest::run(&ctx, a),
        Command::Docs(a) => cmd::query::docs(&ctx, a),
        Command::Show(a) => cmd::query::show(&ctx, a),
        Command::Claims(a) => cmd::query::claims(&ctx, a),
        Command::Search(a) => cmd::query::search(&ctx, a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Reindex(a) => cmd::query::reindex(&ctx, a),
        Command::Events(a) => cmd::corroborate::events(&ctx, a),
        Command::Event(a) => cmd::corroborate::event(&ctx, a),
        Command::Sources(a) => cmd::corroborate::sources(&ctx, a),
        Command::Grade(a) => cmd::corroborate::grade(&ctx, a),
        Command::Estimate(a) => cmd::corroborate::estimate(&ctx, a),
        Command::Report(a) => cmd::report::run(&ctx, a),
        Command::Export(a) => cmd::export::run(&ctx, a),
        Command::Serve(a) => cmd::web::serve(&ctx, a),
        Command::User(a) => cmd::web::user(&ctx, a),
        Command::Audit(a) => cmd::web::audit(&ctx, a),
        Command::Tipline(a) => cmd::tips::tipline(&ctx, a),
        Command::Tips(a) => cmd::tips::tips(&ctx, a),
        Command::Demo(a) => cmd::demo::run(&ctx, a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tally: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
