//! `tally tipline serve` and `tally tips …`: running the whistleblower tip line, and the
//! analysts' side of it — keys, recipients, listing, opening, replying and importing.
//!
//! The tips folder is `DATA/tips` unless `--tips-data DIR` says otherwise, so the tip line
//! can run on its own host with only that folder. Opening a tip needs an analyst's identity
//! file; listing needs none (it shows metadata only). Attachments are written to disk only
//! when asked (`--attachments DIR`), cleaned copies by default, with a warning for any that
//! could not be cleaned. This module parses arguments and prints; the work is in
//! `tally-tipline`, which it calls (and `tally-store` for `import`).
//!
//! Opening, replying to and importing a tip are analyst actions, so each is written to the
//! analyst store's audit log (`tip.open`, `tip.reply`, `tip.import`), and the store is opened
//! before the action so that an action that cannot be audited is not taken. The entries of
//! `tip.open` and `tip.reply` name the tip; `tip.import` names the new document and not the
//! tip, because an imported document's provenance is protected: nothing in the analyst store
//! may tie a document to the tips folder (docs/THREAT_MODEL.md).

use std::io::{Read as _, Write as _};
use std::net::SocketAddr;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use tally_store::Store as _;
use tally_tipline::keys::{Identities, RecipientsFile};
use tally_tipline::vault::{Role, TipId, Vault};

use super::Ctx;

/// The outlet recorded for documents imported from the tip line (no tip id, no path).
const TIP_OUTLET: &str = "tip line";

/// Longest reply text read from standard input.
const MAX_REPLY_BYTES: u64 = 256 * 1024;

#[derive(Debug, clap::Args)]
pub struct TiplineArgs {
    #[command(subcommand)]
    command: TiplineCommand,
}

#[derive(Debug, Subcommand)]
enum TiplineCommand {
    /// Serve the tip line (loopback by default: put it behind a Tor onion service).
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8081, or `addr` in tipline.toml].
    #[arg(long, value_name = "HOST:PORT")]
    addr: Option<SocketAddr>,

    /// The tips folder [default: DATA/tips].
    #[arg(long, value_name = "DIR", env = "TALLY_TIPS_DATA")]
    tips_data: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TipsArgs {
    /// The tips folder [default: DATA/tips].
    #[arg(long, value_name = "DIR", env = "TALLY_TIPS_DATA", global = true)]
    tips_data: Option<PathBuf>,

    #[command(subcommand)]
    command: TipsCommand,
}

#[derive(Debug, Subcommand)]
enum TipsCommand {
    /// Make an analyst identity (written with mode 0600) and print its recipient.
    Keygen {
        /// Where to write the identity; an existing file is never overwritten.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The team's recipients: every tip is sealed to each of them.
    Recipients {
        #[command(subcommand)]
        command: RecipientsCommand,
    },
    /// List tips: id, days, messages, attachments (and how many are not cleaned), replies.
    List {
        /// JSON Lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Decrypt a tip and print its conversation; optionally write its attachments.
    Open {
        /// The tip's id, as `tally tips list` prints it.
        id: String,
        /// The analyst's age identity file.
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// Write the attachments into this folder (cleaned copies unless --originals).
        #[arg(long, value_name = "DIR")]
        attachments: Option<PathBuf>,
        /// Write the sealed originals instead of the cleaned copies (they carry metadata).
        #[arg(long, requires = "attachments")]
        originals: bool,
    },
    /// Reply to a tip's source: the text is read from standard input and sealed so that only
    /// the source's codename opens it (and a copy to the team's recipients).
    Reply {
        /// The tip's id.
        id: String,
    },
    /// Import a tip's text into the analyst store as an anonymous, protected document.
    Import {
        /// The tip's id.
        id: String,
        /// The analyst's age identity file.
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// The tipster is inside North Korea (claims with no other source become
        /// `anonymous_in_country` instead of `anonymous_abroad`).
        #[arg(long)]
        in_country: bool,
    },
}

#[derive(Debug, Subcommand)]
enum RecipientsCommand {
    /// Add an age X25519 recipient (`age1…`), e.g. from `tally tips keygen`.
    Add { recipient: String },
    /// List the recipients.
    List,
    /// Remove a recipient (a departing analyst's key).
    Remove { recipient: String },
}

/// The analyst store, opened for its audit log before an audited action is taken.
fn audit_store(ctx: &Ctx) -> anyhow::Result<tally_store::SqliteStore> {
    tally_store::SqliteStore::open_dir(&ctx.data)
        .with_context(|| format!("opening the data folder {} for its audit log", ctx.data.display()))
}

fn audit(
    store: &mut tally_store::SqliteStore,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> anyhow::Result<()> {
    use tally_store::AuditLog as _;
    store
        .append_audit(&tally_store::audit::NewAuditEntry {
            actor: &super::web::cli_actor(),
            action,
            target,
            detail,
        })
        .context("writing the audit log entry")?;
    Ok(())
}

fn tips_dir(ctx: &Ctx, flag: Option<PathBuf>) -> PathBuf {
    flag.unwrap_or_else(|| ctx.data.join("tips"))
}

pub fn tipline(ctx: &Ctx, args: TiplineArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        TiplineCommand::Serve(a) => serve(ctx, a),
    }
}

fn serve(ctx: &Ctx, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let dir = tips_dir(ctx, args.tips_data);
    let mut config = tally_tipline::Config::load(&dir)?;
    if let Some(addr) = args.addr {
        config.addr = addr;
    }
    // Refuse to start rather than accept tips that could not be sealed.
    let recipients = RecipientsFile::at(config.recipients_file.clone());
    let count = recipients.load()?.len();
    let state = tally_tipline::web::AppState::new(config.clone())
        .with_context(|| format!("opening the tips folder {}", dir.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("listening on {}", config.addr))?;
        let addr = listener.local_addr()?;
        println!(
            "tip line listening on http://{addr}/ (tips folder {}, {count} recipient(s))",
            dir.display()
        );
        if !addr.ip().is_loopback() {
            eprintln!(
                "tally: warning: the tip line listens on {addr}, not on loopback; sources should reach it \
                 only through a Tor onion service (see docs/THREAT_MODEL.md)"
            );
        }
        std::io::stdout().flush()?;
        tokio::select! {
            r = tally_tipline::web::serve(listener, state) => r.context("serving the tip line")?,
            _ = tokio::signal::ctrl_c() => {}
        }
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn tips(ctx: &Ctx, args: TipsArgs) -> anyhow::Result<ExitCode> {
    let dir = tips_dir(ctx, args.tips_data);
    match args.command {
        TipsCommand::Keygen { out } => keygen(&out),
        TipsCommand::Recipients { command } => recipients(&dir, command),
        TipsCommand::List { json } => list(&dir, json),
        TipsCommand::Open { id, identity, attachments, originals } => {
            let mut store = audit_store(ctx)?;
            let code = open(&dir, &id, &identity, attachments.as_deref(), originals)?;
            let detail =
                serde_json::json!({"attachments_written": attachments.is_some(), "originals": originals});
            audit(&mut store, "tip.open", &format!("tip:{id}"), detail)?;
            Ok(code)
        }
        TipsCommand::Reply { id } => {
            let mut store = audit_store(ctx)?;
            let seq = reply(&dir, &id)?;
            audit(&mut store, "tip.reply", &format!("tip:{id}"), serde_json::json!({"message": seq}))?;
            Ok(ExitCode::SUCCESS)
        }
        TipsCommand::Import { id, identity, in_country } => import(ctx, &dir, &id, &identity, in_country),
    }
}

fn keygen(out: &Path) -> anyhow::Result<ExitCode> {
    let recipient = tally_tipline::keys::keygen(out)?;
    println!("{recipient}");
    eprintln!(
        "tally: wrote the identity to {} (mode 0600). Keep it off the tip-line server; add its \
         recipient with `tally tips recipients add {recipient}`",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn recipients(dir: &Path, command: RecipientsCommand) -> anyhow::Result<ExitCode> {
    let file = RecipientsFile::in_dir(dir);
    match command {
        RecipientsCommand::Add { recipient } => {
            if file.add(&recipient)? {
                println!("added {}", recipient.trim());
            } else {
                println!("{} is already a recipient", recipient.trim());
            }
        }
        RecipientsCommand::List => {
            for r in file.list()? {
                println!("{r}");
            }
        }
        RecipientsCommand::Remove { recipient } => {
            if !file.remove(&recipient)? {
                bail!("{} is not a recipient in {}", recipient.trim(), file.path().display());
            }
            println!("removed {}", recipient.trim());
            if file.list()?.is_empty() {
                eprintln!("tally: warning: no recipients are left; the tip line will refuse every tip");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let tips = tally_tipline::list_tips(dir)?;
    let mut out = std::io::stdout().lock();
    if json {
        for t in &tips {
            writeln!(out, "{}", serde_json::to_string(t)?)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if tips.is_empty() {
        writeln!(out, "no tips")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<10}  {:<10}  {:<10}  {:>8}  {:>11}  {:>9}  {:>7}",
        "id", "first", "latest", "messages", "attachments", "uncleaned", "replies"
    )?;
    for t in &tips {
        writeln!(
            out,
            "{:<10}  {:<10}  {:<10}  {:>8}  {:>11}  {:>9}  {:>7}",
            t.id,
            t.first_day,
            t.last_day,
            t.source_messages,
            t.attachments,
            t.uncleaned_attachments,
            t.team_replies
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Makes an attachment's file name safe to create in the output folder.
fn output_name(seq: u32, n: u32, name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || "._- ".contains(c) { c } else { '_' }).collect();
    format!("{seq:04}-{n:02}-{}", safe.trim_start_matches('.'))
}

fn open(
    dir: &Path,
    id: &str,
    identity: &Path,
    attachments: Option<&Path>,
    originals: bool,
) -> anyhow::Result<ExitCode> {
    let id = TipId::parse(id)?;
    let vault = Vault::open(dir, false)?;
    let ids = Identities::load(identity)?;
    let messages = vault.read(&id, &ids.refs())?;
    if let Some(out_dir) = attachments {
        use std::os::unix::fs::DirBuilderExt as _;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(out_dir)
            .with_context(|| format!("creating {}", out_dir.display()))?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "tip {id}")?;
    let mut warned = false;
    for m in &messages {
        let who = match m.role {
            Role::Source => "from the source",
            Role::Team => "reply from the team",
        };
        writeln!(out, "\n── message {} · {} · {who}", m.seq, m.day)?;
        writeln!(out, "{}", m.text.as_str())?;
        for (entry, original, cleaned) in &m.files {
            let status = match (&entry.cleaned, cleaned) {
                (Some(removed), Some(_)) if removed.is_empty() => "cleaned (no metadata found)".to_string(),
                (Some(removed), Some(_)) => format!("cleaned: removed {}", removed.join(", ")),
                _ => format!("NOT CLEANED: {}", entry.not_cleaned.as_deref().unwrap_or("no cleaned copy")),
            };
            writeln!(
                out,
                "   attachment {}: {} ({}, {} bytes) — {status}",
                entry.n, entry.name, entry.declared_type, entry.bytes
            )?;
            let Some(out_dir) = attachments else { continue };
            let (source, what) = match (originals, cleaned) {
                (false, Some(c)) => (c, "cleaned copy"),
                (true, _) => (original, "ORIGINAL"),
                (false, None) => (original, "original (NOT CLEANED)"),
            };
            let target = out_dir.join(output_name(m.seq, entry.n, &entry.name));
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&target)
                .with_context(|| format!("{}: cannot create (it may already exist)", target.display()))?;
            if let Err(e) = tally_tipline::vault::open_attachment_to(source, &ids.refs(), &mut file) {
                // Never leave half a file behind.
                drop(file);
                let _ = std::fs::remove_file(&target);
                return Err(e.into());
            }
            writeln!(out, "      wrote the {what} to {}", target.display())?;
            if cleaned.is_none() || originals {
                warned = true;
                eprintln!(
                    "tally: warning: {} is not cleaned: it may name the source's device, account or location. \
                     Open it on an offline machine, and never publish or forward it as it is.",
                    target.display()
                );
            }
        }
        if m.role == Role::Source && !m.files.is_empty() && attachments.is_none() {
            writeln!(out, "   (write the attachments with --attachments DIR)")?;
        }
    }
    if warned {
        eprintln!("tally: warning: some attachments written were not cleaned (see above)");
    }
    Ok(ExitCode::SUCCESS)
}

/// Seals a reply read from standard input; returns its message number.
fn reply(dir: &Path, id: &str) -> anyhow::Result<u32> {
    let id = TipId::parse(id)?;
    let vault = Vault::open(dir, false)?;
    let team = RecipientsFile::in_dir(dir).load()?;
    let mut text = String::new();
    std::io::stdin()
        .take(MAX_REPLY_BYTES + 1)
        .read_to_string(&mut text)
        .context("reading the reply from standard input (it must be UTF-8 text)")?;
    if text.len() as u64 > MAX_REPLY_BYTES {
        bail!("the reply is longer than {} KB; nothing was sent", MAX_REPLY_BYTES / 1024);
    }
    let staged = vault.stage_team_reply(&id, text.trim_end(), &team)?;
    let seq = vault.commit_message(staged, &id, &tally_tipline::fsutil::today(), Role::Team)?;
    println!("reply {seq} to tip {id} sealed; the source reads it with their codename");
    Ok(seq)
}

/// Imports the source's messages (not the team's replies, not the attachments) as one
/// document. Provenance is protected: the document records neither the tip id nor any path
/// or address, only the outlet "tip line" and the day of the first message, so nothing in
/// the analyst store (which viewers may read and exports copy) leads back to the tips
/// folder; the analyst who imports sees the link once, on the terminal. Claims for which the
/// text names no source of its own are attributed to the anonymous tipster: abroad unless
/// `--in-country` says the tipster is inside North Korea.
fn import(ctx: &Ctx, dir: &Path, id: &str, identity: &Path, in_country: bool) -> anyhow::Result<ExitCode> {
    let id = TipId::parse(id)?;
    let vault = Vault::open(dir, false)?;
    let ids = Identities::load(identity)?;
    let messages = vault.read(&id, &ids.refs())?;
    let source_texts: Vec<&str> = messages
        .iter()
        .filter(|m| m.role == Role::Source)
        .map(|m| m.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if source_texts.is_empty() {
        bail!("tip {id} has no text to import (only attachments); open it with `tally tips open`");
    }
    let first_day = messages.first().map(|m| m.day.clone()).unwrap_or_default();
    let published = chrono::NaiveDate::parse_from_str(&first_day, "%Y-%m-%d").ok();
    let overrides =
        tally_ingest::Overrides { source: Some(TIP_OUTLET.to_string()), published, lang: None, url: None };
    let loaded = tally_ingest::load_bytes("tip.txt", source_texts.join("\n\n").into_bytes(), &overrides)
        .map_err(|e| anyhow::anyhow!("tip {id}: {e}"))?;
    let mut extraction =
        tally_core::extract(&loaded.text, &tally_core::DocContext { lang: loaded.lang, published });
    let tipster = if in_country {
        tally_core::SourceType::AnonymousInCountry
    } else {
        tally_core::SourceType::AnonymousAbroad
    };
    for claim in &mut extraction.claims {
        if claim.source.kind == tally_core::SourceType::Unknown {
            claim.source.kind = tipster;
            claim.source.text = "tip line source (anonymous)".to_string();
        }
    }
    let title = format!("Tip received {first_day}");
    let doc = tally_store::NewDocument {
        raw: &loaded.raw,
        text: &loaded.text,
        sha256: &loaded.sha256,
        format: "text",
        lang: loaded.lang,
        path: None,
        url: None,
        outlet: Some(TIP_OUTLET),
        published,
        title: Some(&title),
        negative: false,
    };
    let mut store = audit_store(ctx)?;
    let added = {
        let mut batch = store.begin_batch(super::EXTRACTOR)?;
        let added = batch.add_document(&doc, &extraction)?;
        batch.commit()?;
        added
    };
    ctx.open_index(&store)?;
    match added {
        tally_store::Added::New { id: doc_id, claims } => {
            let detail = serde_json::json!({"from": TIP_OUTLET, "claims": claims, "in_country": in_country});
            audit(&mut store, "tip.import", &doc_id.to_string(), detail)?;
            println!(
                "tip {id} imported as document {doc_id} ({claims} claims; source: anonymous, provenance protected)"
            )
        }
        tally_store::Added::Duplicate { id: doc_id } => {
            println!("tip {id} was already imported as document {doc_id}")
        }
    }
    Ok(ExitCode::SUCCESS)
}
