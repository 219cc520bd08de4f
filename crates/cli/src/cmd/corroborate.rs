//! `tally events`, `tally event`, `tally sources`, `tally grade` and `tally estimate`: the
//! corroboration commands.
//!
//! Events are persisted state. Each run reads the store's documents as their stored
//! fingerprints (never the texts; `tally_store::fingerprints`) and its claims (each claim as
//! analysts reviewed it: corrections laid over the machine's reading, rejected claims left
//! out), takes the saved clustering as it stands and places only the claims it does not
//! hold yet, document by document ([`Corroboration::restore_prints`]); `tally ingest` does
//! the same after storing new documents ([`update_events`]) through a lean
//! [`tally_core::corroborate::Intake`] that keeps of each claim only its id and what
//! clustering reads, so a new document joins or founds events without the corpus being
//! re-clustered or its claims held whole in memory. Only the memberships that changed are
//! written. `tally events --recompute` re-clusters
//! everything from scratch in publication order, gives events the ids they had, and replays
//! the analysts' merges and splits. The work is tally-core's; this module loads, records
//! analyst actions with who, when and why (in the operation tables and the hash-chained
//! audit log, in one transaction), and renders text or the JSON Lines formats of
//! docs/JSON.md. The method is docs/METHOD.md, printed by `tally estimate --explain`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};
use tally_core::corroborate::grade::{GradeOrigin, canonical_source};
use tally_core::corroborate::independence::RootSource;
use tally_core::corroborate::title::{place_name, when_text};
use tally_core::corroborate::{
    AnalystOp, By, ClaimId, ClusterConfig, Corroboration, EstimateOptions, EventId, EventView, Grade,
    GradeOverride, Measure, PeriodUnit, Placement, estimate as estimate_figures,
};
use tally_store::audit::NewAuditEntry;
use tally_store::fingerprints::{placement_intake, printed_ledger};
use tally_store::{EventStore, SqliteStore};

use super::Ctx;

/// The estimation and grading method, as `tally estimate --explain` prints it.
pub const METHOD: &str = include_str!("../../../../docs/METHOD.md");

fn open(ctx: &Ctx) -> anyhow::Result<SqliteStore> {
    SqliteStore::open_dir(&ctx.data)
        .with_context(|| format!("opening the data folder {}", ctx.data.display()))
}

/// How a command comes by its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The saved clustering, with the claims it does not hold placed incrementally.
    Saved,
    /// Everything re-clustered, saved ids carried over, analyst operations replayed.
    Recompute,
}

/// Every document and claim of the store, corroborated, with persisted ids, operations and
/// grade overrides applied, and the clustering saved when it changed. Documents are read as
/// their stored fingerprints (worked out once per document, `tally_store::fingerprints`),
/// claims whole and as reviewed (the web UI reads the same claims).
fn corroborate(store: &mut SqliteStore, mode: Mode) -> anyhow::Result<Corroboration> {
    let ledger = printed_ledger(store).context("reading the ledger")?;
    let (docs, claims) = (ledger.docs, ledger.claims);
    let saved = store.event_memberships().context("reading saved events")?;
    let (mut corr, changed) = if mode == Mode::Recompute || saved.is_empty() {
        let mut corr = Corroboration::build_prints(docs, claims, ClusterConfig::default())?;
        corr.carry_ids(&saved);
        for skipped in corr.replay(&store.event_ops().context("reading analyst operations")?) {
            eprintln!("tally: an analyst operation no longer applies: {skipped}");
        }
        (corr, true)
    } else {
        // The saved clustering already holds the analysts' operations.
        let (corr, restored) = Corroboration::restore_prints(docs, claims, &saved, ClusterConfig::default())?;
        (corr, restored.changed())
    };
    corr.set_overrides(store.grade_overrides().context("reading grade overrides")?);
    // Saving keeps ids stable for the next run; a busy store (an ingest writing) only means
    // the next run places the same claims again from the previous save.
    if changed && let Err(e) = store.update_event_memberships(&saved, &corr.memberships()) {
        eprintln!("tally: events not saved ({e}); ids are kept from the last save");
    }
    Ok(corr)
}

/// Re-clusters every claim from scratch and saves the result (ids carried over, analyst
/// operations replayed): what `tally reindex` calls after re-extracting, when claims may
/// have changed in place.
pub fn recompute_events(ctx: &Ctx) -> anyhow::Result<()> {
    let mut store = open(ctx)?;
    corroborate(&mut store, Mode::Recompute)?;
    Ok(())
}

/// Brings the saved events up to date with the store: the claims of documents stored since
/// the last save are placed into the saved clustering (joining events or founding new
/// ones), nothing else is re-clustered. `tally ingest` calls it after its last batch.
/// Returns the ids of the events the new claims touched.
pub fn update_events(ctx: &Ctx) -> anyhow::Result<Vec<EventId>> {
    let mut store = open(ctx)?;
    // Over a large ledger this takes minutes after the ingest's own bar has gone: say so.
    let spinner = super::step_spinner("events");
    spinner.set_message("reading the ledger");
    // Fingerprints instead of texts, and of each claim only its id and what clustering
    // reads, a chunk at a time: the same placement as `Corroboration::restore` over the
    // full ledger, in a fraction of the memory (issue 7).
    let intake = placement_intake(&mut store, ClusterConfig::default()).context("reading the ledger")?;
    let saved = store.event_memberships().context("reading saved events")?;
    spinner.set_message("placing the new claims");
    let (placement, restored) = intake.restore(&saved);
    if restored.changed() {
        spinner.set_message("saving");
        let (placed, gone) = changes(&saved, &placement);
        store.write_event_changes(&placed, &gone).context("saving events")?;
    }
    spinner.finish_and_clear();
    Ok(restored.touched)
}

/// What differs between the saved clustering and `placement`: the claims (with their
/// event) that are new or in another event, and the saved claims that are gone. Worked out
/// from the saved rows and the clustering in place, without a second copy of every
/// membership (at a million claims, a hundred megabytes).
fn changes<'a>(
    saved: &'a [(EventId, Vec<ClaimId>)],
    placement: &'a Placement,
) -> (Vec<(&'a ClaimId, &'a EventId)>, Vec<&'a ClaimId>) {
    let mut placed = Vec::new();
    let mut gone = Vec::new();
    let mut known: std::collections::HashSet<&str> =
        std::collections::HashSet::with_capacity(saved.iter().map(|(_, cs)| cs.len()).sum());
    for (event, claims) in saved {
        for claim in claims {
            known.insert(claim.as_str());
            match placement.event_of(claim) {
                None => gone.push(claim),
                Some(now) if now != event => placed.push((claim, now)),
                Some(_) => {}
            }
        }
    }
    for id in placement.claim_ids() {
        if !known.contains(id.as_str())
            && let Some(event) = placement.event_of(id)
        {
            placed.push((id, event));
        }
    }
    (placed, gone)
}

fn out() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

/// Ends quietly when the reader of standard output goes away (`| head`).
fn quiet_pipe(r: std::io::Result<()>) -> anyhow::Result<ExitCode> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("writing to standard output"),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

/// Who does an analyst action: `--as`, else $TALLY_USER, else $USER.
fn analyst(given: Option<String>) -> String {
    given
        .or_else(|| std::env::var("TALLY_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn reason(why: &str) -> anyhow::Result<&str> {
    let why = why.trim();
    if why.is_empty() {
        bail!("--why must say why (it goes to the audit record)");
    }
    Ok(why)
}

fn root_json(r: &RootSource) -> Value {
    match r {
        RootSource::Named { name } => {
            json!({"source": name, "kind": tally_core::corroborate::independence::source_prefix(name)})
        }
        RootSource::Unnamed { outlet, kind } => json!({"source": outlet, "kind": kind.as_str()}),
    }
}

fn event_json(v: &EventView<'_>) -> Value {
    json!({
        "id": v.id,
        "title": v.title,
        "family": v.family,
        "claims": v.claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        "documents": v.documents,
        "independent_sources": v.independent_sources,
        "roots": v.roots.iter().map(|r| {
            let mut j = root_json(&r.root);
            j["grade"] = json!(r.grade.to_string());
            j["claims"] = json!(r.claims);
            j
        }).collect::<Vec<_>>(),
        "derived": v.derived,
        "chains": v.doc_roots.iter().filter(|(_, r)| r.derived()).map(|(d, r)| json!({
            "document": d,
            "root": r.root,
            "links": r.links.iter().map(|l| json!({"to": l.target.to_string(), "how": l.how, "evidence": l.evidence})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "contradictions": v.contradictions,
        "grade": v.grade.to_string(),
        "destination": v.destination,
        "time": v.when.map(|w| json!({"start": w.start, "end": w.end, "reported": w.reported})),
        "provision": v.provision.as_ref().map(|(r, f)| json!({"ref": r, "facet": f})),
    })
}

// ------------------------------------------------------------------ tally events

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Print JSON Lines (one event a line; docs/JSON.md).
    #[arg(long)]
    json: bool,
    /// Re-cluster every claim from scratch, in publication order, instead of extending the
    /// saved events; ids carry over and analysts' merges and splits are replayed.
    #[arg(long)]
    recompute: bool,
}

pub fn events(ctx: &Ctx, args: EventsArgs) -> anyhow::Result<ExitCode> {
    let mut store = open(ctx)?;
    let corr = corroborate(&mut store, if args.recompute { Mode::Recompute } else { Mode::Saved })?;
    let mut w = out();
    let r = (|| {
        for v in corr.views() {
            if args.json {
                writeln!(w, "{}", event_json(&v))?;
            } else {
                let derived = if v.derived.is_empty() {
                    String::new()
                } else {
                    format!(", {} derived", v.derived.len())
                };
                let contra = match v.contradictions.len() {
                    0 => String::new(),
                    n => format!(", {n} contradiction{}", if n == 1 { "" } else { "s" }),
                };
                writeln!(
                    w,
                    "{}  {}  [{}]  {} claim{}, {} independent source{}{derived}{contra}",
                    v.id,
                    v.title,
                    v.grade,
                    v.claims.len(),
                    if v.claims.len() == 1 { "" } else { "s" },
                    v.independent_sources,
                    if v.independent_sources == 1 { "" } else { "s" },
                )?;
            }
        }
        w.flush()
    })();
    quiet_pipe(r)
}

// ------------------------------------------------------------------ tally event

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EventArgs {
    #[command(subcommand)]
    action: Option<EventAction>,
    /// The event to show (an id, or a unique prefix of one).
    id: Option<String>,
    /// Print the event as one JSON object (the format of `tally events --json`).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Subcommand)]
enum EventAction {
    /// Merge event ABSORB into event KEEP (KEEP's id stays).
    Merge {
        keep: String,
        absorb: String,
        /// Why: recorded with who and when in the audit record.
        #[arg(long)]
        why: String,
        /// Who does it (default $TALLY_USER, then $USER).
        #[arg(long = "as")]
        who: Option<String>,
    },
    /// Move claims out of an event into a new one.
    Split {
        id: String,
        /// The claim ids to move, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        claims: Vec<String>,
        /// Why: recorded with who and when in the audit record.
        #[arg(long)]
        why: String,
        /// Who does it (default $TALLY_USER, then $USER).
        #[arg(long = "as")]
        who: Option<String>,
    },
}

fn resolve_event(corr: &Corroboration, given: &str) -> anyhow::Result<EventId> {
    let exact = EventId::new(given);
    if corr.event(&exact).is_ok() {
        return Ok(exact);
    }
    let matches: Vec<&EventId> = corr.event_ids().filter(|id| id.as_str().starts_with(given)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("no event {given} (`tally events` lists them)"),
        many => bail!("{given} is ambiguous: {} events start with it; give more of the id", many.len()),
    }
}

pub fn event(ctx: &Ctx, args: EventArgs) -> anyhow::Result<ExitCode> {
    let mut store = open(ctx)?;
    let mut corr = corroborate(&mut store, Mode::Saved)?;
    match args.action {
        Some(EventAction::Merge { keep, absorb, why, who }) => {
            let why = reason(&why)?;
            let (keep, absorb) = (resolve_event(&corr, &keep)?, resolve_event(&corr, &absorb)?);
            let who = analyst(who);
            let op = corr.merge(&keep, &absorb, &who, &now(), why)?;
            let audit = NewAuditEntry {
                actor: &who,
                action: "event.merge",
                target: keep.as_str(),
                detail: json!({"absorb": absorb.as_str(), "why": why}),
            };
            store
                .record_event_op_audited(&AnalystOp::Merge(op), &corr.memberships(), &audit)
                .context("recording the merge")?;
            let v = corr.event(&keep)?;
            println!("merged {absorb} into {keep}: {} ({} claims)", v.title, v.claims.len());
            Ok(ExitCode::SUCCESS)
        }
        Some(EventAction::Split { id, claims, why, who }) => {
            let why = reason(&why)?;
            let from = resolve_event(&corr, &id)?;
            let claims: Vec<ClaimId> = claims.iter().map(|c| ClaimId::new(c.trim())).collect();
            let who = analyst(who);
            let op = corr.split(&from, &claims, &who, &now(), why)?;
            let new_id = op.new_id.clone();
            let audit = NewAuditEntry {
                actor: &who,
                action: "event.split",
                target: from.as_str(),
                detail: json!({"new_event": new_id.as_str(), "claims": op.claims, "why": why}),
            };
            store
                .record_event_op_audited(&AnalystOp::Split(op), &corr.memberships(), &audit)
                .context("recording the split")?;
            let v = corr.event(&new_id)?;
            println!("split {} claim(s) out of {from} into {new_id}: {}", v.claims.len(), v.title);
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let Some(id) = args.id else {
                bail!("name an event (`tally event ID`), or merge or split events (`tally event --help`)")
            };
            let id = resolve_event(&corr, &id)?;
            let v = corr.event(&id)?;
            let mut w = out();
            let r = if args.json {
                writeln!(w, "{}", event_json(&v)).and_then(|_| w.flush())
            } else {
                show_event(&mut w, &v)
            };
            quiet_pipe(r)
        }
    }
}

fn show_event(w: &mut impl std::io::Write, v: &EventView<'_>) -> std::io::Result<()> {
    writeln!(w, "{}  {}", v.id, v.title)?;
    writeln!(
        w,
        "grade {} ({}, {}); {} independent source{}",
        v.grade,
        v.grade.reliability.meaning(),
        v.grade.credibility.meaning(),
        v.independent_sources,
        if v.independent_sources == 1 { "" } else { "s" }
    )?;
    if let Some(d) = &v.destination {
        writeln!(w, "destination: {}", place_name(d))?;
    }
    if let Some(t) = v.when {
        writeln!(w, "when: {} ({} … {})", when_text(t), t.start, t.end)?;
    }
    writeln!(w, "\nsources:")?;
    for r in &v.roots {
        writeln!(
            w,
            "  {} [{}]: {}",
            r.root.label(),
            r.grade,
            r.claims.iter().map(ClaimId::as_str).collect::<Vec<_>>().join(", ")
        )?;
    }
    writeln!(w, "\nclaims:")?;
    for c in &v.claims {
        writeln!(w, "  {} {} (document {})", c.id, c.claim.kind, c.document)?;
        writeln!(w, "      “{}”", c.claim.evidence.quote.replace('\n', " "))?;
    }
    if !v.derived.is_empty() {
        writeln!(w, "\nderived documents (they corroborate nothing):")?;
        for (d, r) in &v.doc_roots {
            if !r.derived() {
                continue;
            }
            let chain: Vec<String> =
                r.links.iter().map(|l| format!("{:?} of {}", l.how, l.target).to_lowercase()).collect();
            writeln!(w, "  {d} → {}  ({})", v.derived.get(d).map_or("?", String::as_str), chain.join(" → "))?;
        }
    }
    if !v.contradictions.is_empty() {
        writeln!(w, "\ncontradictions:")?;
        for x in &v.contradictions {
            let fig = |low: f64, high: Option<f64>| match high {
                Some(h) if h == low => format!("{low}"),
                Some(h) => format!("{low}–{h}"),
                None => format!("{low} or more"),
            };
            writeln!(w, "  {} ({}) says {}: “{}”", x.a.claim, x.a.source, fig(x.a.low, x.a.high), x.a.quote)?;
            writeln!(w, "  {} ({}) says {}: “{}”", x.b.claim, x.b.source, fig(x.b.low, x.b.high), x.b.quote)?;
        }
    }
    w.flush()
}

// ------------------------------------------------------------------ tally sources

#[derive(Debug, clap::Args)]
pub struct SourcesArgs {
    /// Print JSON Lines (one source a line; docs/JSON.md).
    #[arg(long)]
    json: bool,
}

#[derive(Default)]
struct SourceStats {
    claims: usize,
    kinds: BTreeMap<String, usize>,
    documents: std::collections::BTreeSet<String>,
    copies: std::collections::BTreeSet<String>,
}

pub fn sources(ctx: &Ctx, args: SourcesArgs) -> anyhow::Result<ExitCode> {
    let mut store = open(ctx)?;
    let corr = corroborate(&mut store, Mode::Saved)?;
    let mut stats: BTreeMap<String, SourceStats> = BTreeMap::new();
    for c in corr.claims() {
        let root = corr.claim_root(c);
        let name = root.named().unwrap_or("unknown").to_owned();
        let s = stats.entry(name).or_default();
        s.claims += 1;
        let kind = match &root {
            RootSource::Named { .. } => "own reporting or named".to_owned(),
            RootSource::Unnamed { kind, .. } => kind.as_str().to_owned(),
        };
        *s.kinds.entry(kind).or_default() += 1;
        let derived = corr.doc_root(&c.document).is_some_and(|r| r.derived());
        if derived {
            s.copies.insert(c.document.to_string());
        } else {
            s.documents.insert(c.document.to_string());
        }
    }
    let mut w = out();
    let r = (|| {
        for (name, s) in &stats {
            let (grade, origin) = corr.grades().grade(&RootSource::Named { name: name.clone() });
            let origin_json = match &origin {
                GradeOrigin::Named => json!({"by": "default"}),
                GradeOrigin::SourceType(t) => json!({"by": "source_type", "type": t.as_str()}),
                GradeOrigin::Override(o) => {
                    json!({"by": "override", "who": o.who, "when": o.when, "why": o.why})
                }
            };
            if args.json {
                let j = json!({
                    "source": name,
                    "kind": tally_core::corroborate::independence::source_prefix(name),
                    "grade": grade.to_string(),
                    "grade_origin": origin_json,
                    "claims": s.claims,
                    "documents": s.documents,
                    "derived_documents": s.copies,
                    "claims_by_source_type": s.kinds,
                });
                writeln!(w, "{j}")?;
            } else {
                let why = match &origin {
                    GradeOrigin::Named => "default".to_owned(),
                    GradeOrigin::SourceType(t) => format!("default for {}", t.as_str()),
                    GradeOrigin::Override(o) => format!("set by {} on {}: {}", o.who, o.when, o.why),
                };
                writeln!(
                    w,
                    "{name}  [{grade}] ({why})  {} claim{}, {} document{}, {} cop{} of it",
                    s.claims,
                    if s.claims == 1 { "" } else { "s" },
                    s.documents.len(),
                    if s.documents.len() == 1 { "" } else { "s" },
                    s.copies.len(),
                    if s.copies.len() == 1 { "y" } else { "ies" },
                )?;
            }
        }
        w.flush()
    })();
    quiet_pipe(r)
}

// ------------------------------------------------------------------ tally grade

#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// The source: an outlet or institution as `tally sources` lists it (any alias), or a
    /// source type such as anonymous_in_country.
    source: String,
    /// The grade on the Admiralty scale: reliability A–F and credibility 1–6, e.g. B2.
    grade: String,
    /// Why: recorded with who and when in the audit record.
    #[arg(long)]
    why: String,
    /// Who does it (default $TALLY_USER, then $USER).
    #[arg(long = "as")]
    who: Option<String>,
}

pub fn grade(ctx: &Ctx, args: GradeArgs) -> anyhow::Result<ExitCode> {
    let grade: Grade = args.grade.parse()?;
    let why = reason(&args.why)?;
    let mut store = open(ctx)?;
    let source = match canonical_source(&args.source) {
        Some(s) => s,
        None => {
            // An outlet tally's lexicon does not know is still gradeable once documents of it
            // are in the store.
            let corr = corroborate(&mut store, Mode::Saved)?;
            let wanted = args.source.trim().to_lowercase();
            let known = corr
                .claims()
                .iter()
                .map(|c| corr.claim_root(c))
                .find_map(|r| r.named().filter(|n| n.to_lowercase() == wanted).map(str::to_owned));
            match known {
                Some(s) => s,
                None => bail!(
                    "unknown source {:?}: name an outlet, an institution or a source type that `tally sources` lists",
                    args.source
                ),
            }
        }
    };
    let o = GradeOverride {
        source: source.clone(),
        grade,
        who: analyst(args.who),
        when: now(),
        why: why.to_owned(),
    };
    let audit = NewAuditEntry {
        actor: &o.who,
        action: "source.grade",
        target: &format!("source:{source}"),
        detail: json!({"grade": grade.to_string(), "why": why}),
    };
    store.record_grade_override_audited(&o, &audit).context("recording the grade")?;
    println!("{source} is now graded {grade} (by {}, {})", o.who, o.when);
    Ok(ExitCode::SUCCESS)
}

// ------------------------------------------------------------------ tally estimate

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ByArg {
    Country,
    Region,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PeriodArg {
    Year,
    Quarter,
    Month,
}

#[derive(Debug, clap::Args)]
pub struct EstimateArgs {
    /// Print JSON Lines (one figure a line; docs/JSON.md).
    #[arg(long)]
    json: bool,
    /// Group destinations by country or by region.
    #[arg(long, value_enum, default_value = "country")]
    by: ByArg,
    /// Group time by year, quarter or month.
    #[arg(long, value_enum, default_value = "year")]
    period: PeriodArg,
    /// Print the method (docs/METHOD.md) instead of figures.
    #[arg(long)]
    explain: bool,
}

pub fn estimate(ctx: &Ctx, args: EstimateArgs) -> anyhow::Result<ExitCode> {
    if args.explain {
        let mut w = out();
        return quiet_pipe(w.write_all(METHOD.as_bytes()).and_then(|_| w.flush()));
    }
    let mut store = open(ctx)?;
    let corr = corroborate(&mut store, Mode::Saved)?;
    let opts = EstimateOptions {
        by: match args.by {
            ByArg::Country => By::Country,
            ByArg::Region => By::Region,
        },
        period: match args.period {
            PeriodArg::Year => PeriodUnit::Year,
            PeriodArg::Quarter => PeriodUnit::Quarter,
            PeriodArg::Month => PeriodUnit::Month,
        },
    };
    let figures = estimate_figures(&corr, &opts);
    let mut w = out();
    let r = (|| {
        let mut last: Option<(String, String)> = None;
        for f in &figures {
            if args.json {
                writeln!(w, "{}", tally_web::api::figure_json(f))?;
                continue;
            }
            let place = place_name(&f.destination);
            let place = match f.destination.country {
                Some(c) if f.destination.region.is_some() => format!("{place} ({c})"),
                _ => place,
            };
            let period = format!("{} … {}", f.period.0, f.period.1);
            if last.as_ref() != Some(&(place.clone(), period.clone())) {
                writeln!(w, "{place}, {period}")?;
                last = Some((place, period));
            }
            let label = match (f.measure, f.basis) {
                (Measure::RevenueUsdPerMonth, Some(b)) => {
                    format!(
                        "revenue, USD a month{} (from {})",
                        if f.potential { ", potential" } else { "" },
                        b.as_str()
                    )
                }
                (m, _) => m.as_str().replace('_', " "),
            };
            let value = match &f.value {
                Some(v) => v.to_string(),
                None => "none reported".to_owned(),
            };
            writeln!(w, "  {label}: {value}")?;
            if !f.claims.is_empty() {
                writeln!(
                    w,
                    "      claims: {}",
                    f.claims.iter().map(ClaimId::as_str).collect::<Vec<_>>().join(", ")
                )?;
            }
        }
        w.flush()
    })();
    quiet_pipe(r)
}
