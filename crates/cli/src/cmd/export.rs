//! `tally export --format ftm|csv|jsonl`: the ledger in the formats other tools read.
//!
//! - `jsonl`: claims exactly as `tally claims --json` prints them, events as `tally events
//!   --json`, estimates as `tally estimate --json`, documents as `tally docs --json`.
//! - `csv`: one flat row per claim (or per event, estimate or document), for spreadsheets.
//! - `ftm`: FollowTheMoney entities as JSON Lines, for Aleph and OpenSanctions users.
//!
//! The JSON formats have one renderer each, in the command that owns them; this module runs
//! the same binary for them (`tally … --json` as a child process on the same data folder)
//! rather than rendering them a second time, so an export can never drift from what the
//! analyst saw. It owns the flat and FtM shapes, the protection of tip-line provenance
//! (`protect`) and the atomic write of `--out` (`Output`). It computes no event or estimate.
//!
//! Tip-line documents are the one place a source could be exposed, so every format treats
//! them alike: no text, no quote, no hash, no date, no URL; their claims keep their figures
//! and facets and say only that an anonymous source gave them (docs/EXPORTS.md).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};
use tally_store::{ClaimFilter, MAX_PAGE, Seq, StoredClaim};

use super::Ctx;

/// The outlet `tally tips import` records for a tip's document (`tips.rs`'s `TIP_OUTLET`).
pub const PROTECTED_OUTLET: &str = "tip line";

/// What replaces a protected quote, and the source text of a protected claim.
pub const WITHHELD: &str = "[withheld: protected source]";
pub const ANONYMOUS: &str = "anonymous source (tip line; provenance protected)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// FollowTheMoney entities, one JSON object a line.
    Ftm,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON Lines in tally's own formats (CLAIMS.md, docs/JSON.md).
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    Claims,
    Events,
    Estimates,
    Documents,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format: ftm, csv or jsonl.
    #[arg(long, value_enum)]
    format: Format,
    /// Write to this file (atomically: whole or not at all) instead of standard output.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// What to export with csv and jsonl (default claims). FtM always exports the whole
    /// graph: documents, events, organisations and the links between them.
    #[arg(long, value_enum)]
    what: Option<What>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    if args.format == Format::Ftm && args.what.is_some() {
        bail!(
            "--what does not apply to --format ftm, which exports documents, events and organisations together"
        );
    }
    // Refuse an unwritable destination before the work, so the error comes first and alone.
    let mut out = Output::open(args.out.as_deref())?;
    let what = args.what.unwrap_or(What::Claims);
    let ledger = Ledger::load(ctx)?;
    let r = match args.format {
        Format::Jsonl => jsonl(&ledger, what, &mut out),
        Format::Csv => csv_out(&ledger, what, &mut out),
        Format::Ftm => ftm(&ledger, &mut out),
    };
    match r {
        Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        r => r?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

// ---------------------------------------------------------------------------------------
// Output: standard output, or a temporary file in the destination's folder renamed into
// place only when everything was written.

pub enum Output {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File { tmp: std::io::BufWriter<tempfile::NamedTempFile>, dest: PathBuf },
}

impl Output {
    pub fn open(path: Option<&Path>) -> anyhow::Result<Output> {
        let Some(dest) = path else {
            return Ok(Output::Stdout(std::io::BufWriter::new(std::io::stdout().lock())));
        };
        if dest.is_dir() {
            bail!("cannot write {}: it is a folder", dest.display());
        }
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".tally-export-")
            .tempfile_in(&dir)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", dest.display()))?;
        Ok(Output::File { tmp: std::io::BufWriter::new(tmp), dest: dest.to_path_buf() })
    }

    /// Flushes, syncs and renames the temporary file into place. Dropping an `Output`
    /// without finishing it removes the temporary file and leaves `dest` as it was.
    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(mut w) => match w.flush() {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.context("writing to standard output"),
            },
            Output::File { tmp, dest } => {
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {}", dest.display(), e.error()))?;
                tmp.as_file().sync_all().with_context(|| format!("cannot write {}", dest.display()))?;
                tmp.persist(&dest)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {}", dest.display(), e.error))?;
                Ok(())
            }
        }
    }
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File { tmp, .. } => tmp.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { tmp, .. } => tmp.flush(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The ledger as the exports and the report read it.

/// Runs this same binary on the same data folder and returns its standard output's lines:
/// the JSON formats are rendered by the commands that own them, once.
pub fn tally_lines(ctx: &Ctx, args: &[&str]) -> anyhow::Result<Vec<String>> {
    let exe = std::env::current_exe().context("finding the tally executable")?;
    let out = std::process::Command::new(exe)
        .arg("--data")
        .arg(&ctx.data)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running `tally {}`", args.join(" ")))?;
    if !out.status.success() {
        bail!("`tally {}` failed (see above)", args.join(" "));
    }
    let text =
        String::from_utf8(out.stdout).with_context(|| format!("reading `tally {}`", args.join(" ")))?;
    Ok(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect())
}

fn parse_lines(lines: &[String], what: &str) -> anyhow::Result<Vec<Value>> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).with_context(|| format!("reading the {what} JSON")))
        .collect()
}

/// Documents, claims, events and estimates, with the protected set worked out once.
pub struct Ledger {
    pub docs: Vec<tally_store::Document>,
    pub claims: Vec<StoredClaim>,
    pub claim_lines: Vec<String>,
    pub doc_lines: Vec<String>,
    pub event_lines: Vec<String>,
    pub estimate_lines: Vec<String>,
    pub events: Vec<Value>,
    pub estimates: Vec<Value>,
    /// Documents imported from the tip line.
    pub protected_docs: HashSet<String>,
    /// Claims of those documents.
    pub protected_claims: HashSet<String>,
    /// Document id → SHA-1 of the original bytes (FtM's `contentHash`), unprotected only.
    pub sha1: HashMap<String, String>,
}

impl Ledger {
    pub fn load(ctx: &Ctx) -> anyhow::Result<Ledger> {
        // The events and estimates commands bring the saved events up to date first, so they
        // run before the store is read here.
        let event_lines = tally_lines(ctx, &["events", "--json"])?;
        let estimate_lines = tally_lines(ctx, &["estimate", "--json"])?;
        let claim_lines = tally_lines(ctx, &["claims", "--json"])?;
        let doc_lines = tally_lines(ctx, &["docs", "--json"])?;
        let store = ctx.open_store()?;
        let mut docs = Vec::new();
        let mut after = Seq::ZERO;
        loop {
            let page = store.documents_after(after, MAX_PAGE).context("reading documents")?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            docs.extend(page);
        }
        let mut claims = Vec::new();
        let mut cursor = None;
        loop {
            let page = store.claims(&ClaimFilter::default(), cursor, MAX_PAGE).context("reading claims")?;
            let Some(last) = page.last() else { break };
            cursor = Some(last.cursor);
            claims.extend(page);
        }
        let protected_docs: HashSet<String> = docs
            .iter()
            .filter(|d| is_protected_outlet(d.outlet.as_deref()))
            .map(|d| d.id.to_string())
            .collect();
        let protected_claims = claims
            .iter()
            .filter(|c| protected_docs.contains(c.document.id.as_str()))
            .map(|c| c.id.to_string())
            .collect();
        let mut hashes = HashMap::new();
        for d in docs.iter().filter(|d| !protected_docs.contains(d.id.as_str())) {
            use sha1::Digest as _;
            let raw = store.original_bytes(&d.id).with_context(|| format!("reading document {}", d.id))?;
            hashes.insert(d.id.to_string(), hex::encode(sha1::Sha1::digest(&raw)));
        }
        Ok(Ledger {
            sha1: hashes,
            events: parse_lines(&event_lines, "events")?,
            estimates: parse_lines(&estimate_lines, "estimates")?,
            docs,
            claims,
            claim_lines,
            doc_lines,
            event_lines,
            estimate_lines,
            protected_docs,
            protected_claims,
        })
    }

    pub fn doc(&self, id: &str) -> Option<&tally_store::Document> {
        self.docs.iter().find(|d| d.id.as_str() == id)
    }

    /// Claim id → the grade of the root source it rests on, from the events.
    pub fn claim_grades(&self) -> HashMap<String, String> {
        let mut grades = HashMap::new();
        for e in &self.events {
            for r in e["roots"].as_array().into_iter().flatten() {
                let Some(g) = r["grade"].as_str() else { continue };
                for c in r["claims"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                    grades.insert(c.to_owned(), g.to_owned());
                }
            }
        }
        grades
    }
}

pub fn is_protected_outlet(outlet: Option<&str>) -> bool {
    outlet.is_some_and(|o| o.trim().eq_ignore_ascii_case(PROTECTED_OUTLET))
}

// ---------------------------------------------------------------------------------------
// Protection of tip-line provenance, applied to the JSON formats.

/// A claim line of a tip-line document: the quote and its offsets, the source's words and
/// the document's date, URL and path are withheld; the figures and facets stay.
fn protect_claim(v: &mut Value) {
    v["evidence"] = json!({"quote": WITHHELD, "start": null, "end": null});
    v["source"]["text"] = json!(ANONYMOUS);
    for k in ["path", "url", "published"] {
        v["document"][k] = Value::Null;
    }
}

/// An event line: quotes of protected claims in contradictions, and the evidence of
/// derivation links out of protected documents, are withheld.
fn protect_event(v: &mut Value, ledger: &Ledger) {
    if let Some(xs) = v["contradictions"].as_array_mut() {
        for x in xs {
            for side in ["a", "b"] {
                let claim = x[side]["claim"].as_str().unwrap_or_default();
                if ledger.protected_claims.contains(claim) {
                    x[side]["quote"] = json!(WITHHELD);
                    x[side]["source"] = json!(ANONYMOUS);
                }
            }
        }
    }
    if let Some(chains) = v["chains"].as_array_mut() {
        for c in chains {
            if ledger.protected_docs.contains(c["document"].as_str().unwrap_or_default()) {
                for l in c["links"].as_array_mut().into_iter().flatten() {
                    l["evidence"] = json!(WITHHELD);
                }
            }
        }
    }
}

fn protect_doc_line(v: &mut Value) {
    for k in ["path", "url", "published", "ingested_at"] {
        v[k] = Value::Null;
    }
    v["title"] = json!("Protected source (tip line)");
}

fn line_needs(v: &Value, key: &str, set: &HashSet<String>) -> bool {
    set.contains(v[key].as_str().unwrap_or_default())
}

// ---------------------------------------------------------------------------------------
// jsonl

fn jsonl(ledger: &Ledger, what: What, w: &mut Output) -> anyhow::Result<()> {
    let (lines, kind) = match what {
        What::Claims => (&ledger.claim_lines, "claims"),
        What::Events => (&ledger.event_lines, "events"),
        What::Estimates => (&ledger.estimate_lines, "estimates"),
        What::Documents => (&ledger.doc_lines, "documents"),
    };
    for line in lines {
        // Lines that touch nothing protected are written byte for byte as the owning
        // command printed them.
        let mut v: Value = serde_json::from_str(line).with_context(|| format!("reading the {kind} JSON"))?;
        let changed = match what {
            What::Claims if line_needs(&v["document"], "id", &ledger.protected_docs) => {
                protect_claim(&mut v);
                true
            }
            What::Documents if line_needs(&v, "id", &ledger.protected_docs) => {
                protect_doc_line(&mut v);
                true
            }
            What::Events => {
                let before = v.clone();
                protect_event(&mut v, ledger);
                v != before
            }
            _ => false,
        };
        if changed {
            serde_json::to_writer(&mut *w, &v)?;
            writeln!(w)?;
        } else {
            writeln!(w, "{line}")?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// csv

/// The columns of `--format csv --what claims`, in order.
pub const CLAIM_COLUMNS: &[&str] = &[
    "id",
    "document_id",
    "outlet",
    "published",
    "url",
    "kind",
    "count_min",
    "count_max",
    "count_approx",
    "money_min",
    "money_max",
    "money_approx",
    "money_currency",
    "money_per",
    "money_period",
    "destination_country",
    "destination_region",
    "time_start",
    "time_end",
    "round",
    "organisations",
    "legal_refs",
    "source_type",
    "source_text",
    "grade",
    "quote",
    "evidence_start",
    "evidence_end",
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn claim_row(c: &StoredClaim, ledger: &Ledger, grades: &HashMap<String, String>) -> Vec<String> {
    let cl = &c.claim;
    let doc = ledger.doc(c.document.id.as_str());
    let protected = ledger.protected_docs.contains(c.document.id.as_str());
    let m = cl.money.as_ref();
    let period = m.and_then(|m| m.period()).map(|p| match p {
        tally_core::Period::Day => "day",
        tally_core::Period::Month => "month",
        tally_core::Period::Year => "year",
    });
    vec![
        c.id.to_string(),
        c.document.id.to_string(),
        opt(doc.and_then(|d| d.outlet.clone())),
        if protected { String::new() } else { opt(c.document.published) },
        if protected { String::new() } else { opt(c.document.url.clone()) },
        cl.kind.as_str().to_owned(),
        opt(cl.count.as_ref().and_then(|n| n.min())),
        opt(cl.count.as_ref().and_then(|n| n.max())),
        opt(cl.count.as_ref().map(|n| n.approx())),
        opt(m.and_then(|m| m.min())),
        opt(m.and_then(|m| m.max())),
        opt(m.map(|m| m.approx())),
        opt(m.map(|m| m.currency().code().to_owned())),
        opt(m.and_then(|m| m.per().map(|_| "worker"))),
        opt(period),
        opt(cl.destination.as_ref().and_then(|d| d.country.as_ref().map(ToString::to_string))),
        opt(cl.destination.as_ref().and_then(|d| d.region.clone())),
        opt(cl.time.as_ref().map(|t| t.start())),
        opt(cl.time.as_ref().map(|t| t.end())),
        opt(cl.round),
        cl.organisations.join("; "),
        cl.legal_refs.join("; "),
        cl.source.kind.as_str().to_owned(),
        if protected { ANONYMOUS.to_owned() } else { cl.source.text.clone() },
        grades.get(c.id.as_str()).cloned().unwrap_or_default(),
        if protected { WITHHELD.to_owned() } else { cl.evidence.quote.clone() },
        if protected { String::new() } else { cl.evidence.start.to_string() },
        if protected { String::new() } else { cl.evidence.end.to_string() },
    ]
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(xs) => xs.iter().map(s).collect::<Vec<_>>().join("; "),
        v => v.to_string(),
    }
}

fn csv_out(ledger: &Ledger, what: What, w: &mut Output) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    match what {
        What::Claims => {
            out.write_record(CLAIM_COLUMNS)?;
            let grades = ledger.claim_grades();
            for c in &ledger.claims {
                out.write_record(claim_row(c, ledger, &grades))?;
            }
        }
        What::Events => {
            out.write_record([
                "id",
                "title",
                "family",
                "grade",
                "independent_sources",
                "destination_country",
                "destination_region",
                "time_start",
                "time_end",
                "claims",
                "documents",
                "derived_documents",
                "contradictions",
                "provision",
            ])?;
            for e in &ledger.events {
                out.write_record([
                    s(&e["id"]),
                    s(&e["title"]),
                    s(&e["family"]),
                    s(&e["grade"]),
                    s(&e["independent_sources"]),
                    s(&e["destination"]["country"]),
                    s(&e["destination"]["region"]),
                    s(&e["time"]["start"]),
                    s(&e["time"]["end"]),
                    s(&e["claims"]),
                    s(&e["documents"]),
                    e["derived"]
                        .as_object()
                        .map(|o| o.keys().cloned().collect::<Vec<_>>().join("; "))
                        .unwrap_or_default(),
                    e["contradictions"].as_array().map_or(0, Vec::len).to_string(),
                    s(&e["provision"]["ref"]),
                ])?;
            }
        }
        What::Estimates => {
            out.write_record([
                "destination_country",
                "destination_region",
                "period_start",
                "period_end",
                "measure",
                "potential",
                "basis",
                "low",
                "best",
                "high",
                "unbounded",
                "claims",
                "events",
                "notes",
            ])?;
            for f in &ledger.estimates {
                out.write_record([
                    s(&f["destination"]["country"]),
                    s(&f["destination"]["region"]),
                    s(&f["period"]["start"]),
                    s(&f["period"]["end"]),
                    s(&f["measure"]),
                    s(&f["potential"]),
                    s(&f["basis"]),
                    s(&f["low"]),
                    s(&f["best"]),
                    s(&f["high"]),
                    s(&f["unbounded"]),
                    s(&f["claims"]),
                    s(&f["events"]),
                    s(&f["notes"]),
                ])?;
            }
        }
        What::Documents => {
            out.write_record(["id", "title", "outlet", "published", "lang", "url", "format", "claims"])?;
            let counts = ledger.claims.iter().fold(HashMap::<&str, usize>::new(), |mut m, c| {
                *m.entry(c.document.id.as_str()).or_default() += 1;
                m
            });
            for d in &ledger.docs {
                let protected = ledger.protected_docs.contains(d.id.as_str());
                out.write_record([
                    d.id.to_string(),
                    if protected { "Protected source (tip line)".into() } else { opt(d.title.clone()) },
                    opt(d.outlet.clone()),
                    if protected { String::new() } else { opt(d.published) },
                    d.lang.code().to_owned(),
                    if protected { String::new() } else { opt(d.url.clone()) },
                    d.format.clone(),
                    counts.get(d.id.as_str()).copied().unwrap_or(0).to_string(),
                ])?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// ftm

/// A deterministic FtM entity id: a prefix naming tally and the kind of thing, then a hash
/// of tally's own id, so re-exporting gives the same ids and tally's ids (a document's is a
/// hash of its text) are not published as such.
pub fn ftm_id(kind: &str, key: &str) -> String {
    use sha2::Digest as _;
    let h = sha2::Sha256::digest(format!("{kind}\n{key}").as_bytes());
    format!("tally-{kind}-{}", &hex::encode(h)[..24])
}

/// Organisations whose names say they are part of a state: FtM's PublicBody ("a ministry,
/// department or state company"); the rest are Organization.
fn org_schema(name: &str) -> &'static str {
    const STATE_WORDS: &[&str] = &[
        "cabinet",
        "ministry",
        "department",
        "party",
        "committee",
        "bureau",
        "government",
        "embassy",
        "commission",
        "agency",
        "army",
        "security",
        "office",
    ];
    let lower = name.to_lowercase();
    if STATE_WORDS.iter().any(|w| lower.contains(w)) { "PublicBody" } else { "Organization" }
}

/// ISO 639-2 codes, FtM's `language` type.
fn ftm_language(code: &str) -> Option<&'static str> {
    match code {
        "en" => Some("eng"),
        "ko" => Some("kor"),
        _ => None,
    }
}

struct Entity {
    id: String,
    schema: &'static str,
    props: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Entity {
    fn new(schema: &'static str, id: String) -> Entity {
        Entity { id, schema, props: BTreeMap::new() }
    }
    fn add(&mut self, prop: &'static str, value: impl Into<String>) -> &mut Self {
        let v: String = value.into();
        if !v.trim().is_empty() {
            self.props.entry(prop).or_default().insert(v);
        }
        self
    }
    fn json(&self) -> Value {
        json!({"id": self.id, "schema": self.schema, "properties": self.props})
    }
}

fn fmt_num(v: f64) -> String {
    super::report::thousands(v)
}

/// The estimate intervals an event contributes to, in words: "selected or planned
/// 1,100–1,300 (Russian-occupied eastern Ukraine, 2022-01-01…2022-12-31)".
fn event_intervals(event_id: &str, ledger: &Ledger) -> Vec<String> {
    ledger
        .estimates
        .iter()
        .filter(|f| f["events"].as_array().is_some_and(|es| es.iter().any(|e| e.as_str() == Some(event_id))))
        .filter(|f| !f["low"].is_null())
        .map(|f| {
            let low = f["low"].as_f64().unwrap_or_default();
            let value = match f["high"].as_f64() {
                Some(h) if h == low => fmt_num(low),
                Some(h) => format!("{}–{}", fmt_num(low), fmt_num(h)),
                None => format!("{} or more", fmt_num(low)),
            };
            format!(
                "{}{} {} ({} … {})",
                s(&f["measure"]).replace('_', " "),
                if f["potential"].as_bool() == Some(true) { " (potential)" } else { "" },
                value,
                s(&f["period"]["start"]),
                s(&f["period"]["end"]),
            )
        })
        .collect()
}

fn ftm(ledger: &Ledger, w: &mut Output) -> anyhow::Result<()> {
    let store_docs: HashMap<&str, &tally_store::Document> =
        ledger.docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let claims: HashMap<&str, &StoredClaim> = ledger.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut entities: Vec<Entity> = Vec::new();

    // Documents.
    for d in &ledger.docs {
        let protected = ledger.protected_docs.contains(d.id.as_str());
        let mut e = Entity::new("Document", ftm_id("doc", d.id.as_str()));
        e.add("publisher", d.outlet.clone().unwrap_or_default());
        if protected {
            // Nothing that could lead back to the source: no text, hash, date or address.
            e.add("title", "Protected source (tip line)");
        } else {
            e.add("title", d.title.clone().unwrap_or_default());
            e.add("sourceUrl", d.url.clone().unwrap_or_default());
            if let Some(p) = d.published {
                e.add("publishedAt", p.to_string());
            }
            if let Some(l) = ftm_language(d.lang.code()) {
                e.add("language", l);
            }
            e.add("contentHash", ledger.sha1.get(d.id.as_str()).cloned().unwrap_or_default());
        }
        entities.push(e);
    }

    // Organisations, one entity per canonical name.
    let mut orgs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &ledger.claims {
        for o in &c.claim.organisations {
            orgs.entry(o.clone()).or_default().insert(c.document.id.to_string());
        }
    }
    for name in orgs.keys() {
        let mut e = Entity::new(org_schema(name), ftm_id("org", name));
        e.add("name", name.clone());
        entities.push(e);
    }

    // Events.
    let mut links: BTreeMap<(String, String), (&'static str, BTreeSet<String>)> = BTreeMap::new();
    for ev in &ledger.events {
        let id = s(&ev["id"]);
        let mut e = Entity::new("Event", ftm_id("event", &id));
        e.add("name", s(&ev["title"]));
        e.add("recordId", id.clone());
        e.add("startDate", s(&ev["time"]["start"]));
        e.add("endDate", s(&ev["time"]["end"]));
        if let Some(c) = ev["destination"]["country"].as_str() {
            e.add("country", c.to_lowercase());
        }
        e.add("location", s(&ev["destination"]["region"]));
        let n = ev["independent_sources"].as_u64().unwrap_or(0);
        let mut summary =
            format!("Grade {}; {n} independent source{}", s(&ev["grade"]), if n == 1 { "" } else { "s" });
        for i in event_intervals(&id, ledger) {
            summary.push_str("; ");
            summary.push_str(&i);
        }
        e.add("summary", summary);
        if let Some(p) = ev["provision"]["ref"].as_str() {
            e.add("program", p);
        }
        for c in ev["claims"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            let Some(sc) = claims.get(c) else { continue };
            for o in &sc.claim.organisations {
                e.add("involved", ftm_id("org", o));
            }
            for r in &sc.claim.legal_refs {
                e.add("keywords", r.clone());
            }
            let doc = sc.document.id.as_str();
            if !ledger.protected_docs.contains(doc)
                && let Some(u) = store_docs.get(doc).and_then(|d| d.url.clone())
            {
                e.add("sourceUrl", u);
            }
            let entry =
                links.entry((doc.to_owned(), e.id.clone())).or_insert(("reports the event", BTreeSet::new()));
            if !ledger.protected_docs.contains(doc) {
                entry.1.insert(sc.claim.evidence.quote.clone());
            }
        }
        for x in ev["contradictions"].as_array().into_iter().flatten() {
            let side = |k: &str| {
                let claim = s(&x[k]["claim"]);
                let quote = if ledger.protected_claims.contains(&claim) {
                    WITHHELD.to_owned()
                } else {
                    s(&x[k]["quote"])
                };
                format!("{claim} “{quote}”")
            };
            e.add("notes", format!("Contradiction: {} versus {}", side("a"), side("b")));
        }
        for c in ev["chains"].as_array().into_iter().flatten() {
            e.add("notes", format!("Derived: document {} rests on {}", s(&c["document"]), s(&c["root"])));
        }
        entities.push(e);
    }
    for (name, docs) in &orgs {
        for d in docs {
            links
                .entry((d.clone(), ftm_id("org", name)))
                .or_insert(("names the organisation", BTreeSet::new()));
        }
    }

    // Documentation: document ↔ the entities it speaks of, with the quotes (never a
    // protected one) as the summary.
    for ((doc, entity), (role, quotes)) in &links {
        let mut e = Entity::new("Documentation", ftm_id("documentation", &format!("{doc}\n{entity}")));
        e.add("document", ftm_id("doc", doc));
        e.add("entity", entity.clone());
        e.add("role", *role);
        for q in quotes {
            e.add("summary", q.clone());
        }
        entities.push(e);
    }

    for e in &entities {
        serde_json::to_writer(&mut *w, &e.json())?;
        writeln!(w)?;
    }
    Ok(())
}
