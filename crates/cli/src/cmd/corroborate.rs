//! `tally events`, `tally event`, `tally sources`, `tally grade` and `tally estimate`: the
//! corroboration commands.
//!
//! Each run recomputes events from the store's documents and claims (a million claims take
//! seconds; see bench/RESULTS.md), gives them the ids they had last time, replays the
//! analysts' merges and splits, and saves the clustering back so ids stay stable. The work
//! is tally-core's; this module loads, records analyst actions with who, when and why, and
//! renders text or the JSON Lines formats of docs/JSON.md. The method is docs/METHOD.md,
//! printed by `tally estimate --explain`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};
use tally_core::corroborate::grade::{GradeOrigin, canonical_source};
use tally_core::corroborate::independence::RootSource;
use tally_core::corroborate::title::{place_name, when_text};
use tally_core::corroborate::{
    AnalystOp, By, ClaimId, ClaimRecord, ClusterConfig, Corroboration, DocId, DocInfo, EstimateOptions,
    EventId, EventView, Figure, Grade, GradeOverride, Measure, PeriodUnit, estimate as estimate_figures,
};
use tally_store::{ClaimFilter, EventStore, MAX_PAGE, Seq, SqliteStore, Store};

use super::Ctx;

/// The estimation and grading method, as `tally estimate --explain` prints it.
pub const METHOD: &str = include_str!("../../../../docs/METHOD.md");

fn open(ctx: &Ctx) -> anyhow::Result<SqliteStore> {
    SqliteStore::open_dir(&ctx.data)
        .with_context(|| format!("opening the data folder {}", ctx.data.display()))
}

/// Every document and claim of the store, corroborated, with persisted ids, operations and
/// grade overrides applied.
fn corroborate(store: &mut SqliteStore) -> anyhow::Result<Corroboration> {
    let mut docs = Vec::new();
    let mut after = Seq::ZERO;
    loop {
        let page = store.documents_after(after, MAX_PAGE).context("reading documents")?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        docs.extend(page.into_iter().map(|d| DocInfo {
            id: DocId::new(d.id.as_str()),
            outlet: d.outlet,
            url: d.url,
            published: d.published,
            title: d.title,
            text: d.text,
        }));
    }
    let mut claims = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.claims(&ClaimFilter::default(), cursor, MAX_PAGE).context("reading claims")?;
        let Some(last) = page.last() else { break };
        cursor = Some(last.cursor);
        claims.extend(page.into_iter().map(|c| ClaimRecord {
            id: ClaimId::new(c.id.as_str()),
            document: DocId::new(c.document.id.as_str()),
            claim: c.claim,
        }));
    }
    let mut corr = Corroboration::build(docs, claims, ClusterConfig::default())?;
    corr.carry_ids(&store.event_memberships().context("reading saved events")?);
    for skipped in corr.replay(&store.event_ops().context("reading analyst operations")?) {
        eprintln!("tally: an analyst operation no longer applies: {skipped}");
    }
    corr.set_overrides(store.grade_overrides().context("reading grade overrides")?);
    // Saving keeps ids stable for the next run; a busy store (an ingest writing) only means
    // the next run carries ids from the previous save.
    if let Err(e) = store.save_event_memberships(&corr.memberships()) {
        eprintln!("tally: events not saved ({e}); ids are kept from the last save");
    }
    Ok(corr)
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
}

pub fn events(ctx: &Ctx, args: EventsArgs) -> anyhow::Result<ExitCode> {
    let mut store = open(ctx)?;
    let corr = corroborate(&mut store)?;
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
    let mut corr = corroborate(&mut store)?;
    match args.action {
        Some(EventAction::Merge { keep, absorb, why, who }) => {
            let why = reason(&why)?;
            let (keep, absorb) = (resolve_event(&corr, &keep)?, resolve_event(&corr, &absorb)?);
            let op = corr.merge(&keep, &absorb, &analyst(who), &now(), why)?;
            store.record_event_op(&AnalystOp::Merge(op)).context("recording the merge")?;
            store.save_event_memberships(&corr.memberships()).context("saving events")?;
            let v = corr.event(&keep)?;
            println!("merged {absorb} into {keep}: {} ({} claims)", v.title, v.claims.len());
            Ok(ExitCode::SUCCESS)
        }
        Some(EventAction::Split { id, claims, why, who }) => {
            let why = reason(&why)?;
            let from = resolve_event(&corr, &id)?;
            let claims: Vec<ClaimId> = claims.iter().map(|c| ClaimId::new(c.trim())).collect();
            let op = corr.split(&from, &claims, &analyst(who), &now(), why)?;
            let new_id = op.new_id.clone();
            store.record_event_op(&AnalystOp::Split(op)).context("recording the split")?;
            store.save_event_memberships(&corr.memberships()).context("saving events")?;
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
    let corr = corroborate(&mut store)?;
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
            let corr = corroborate(&mut store)?;
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
    store.record_grade_override(&o).context("recording the grade")?;
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

fn figure_json(f: &Figure) -> Value {
    json!({
        "destination": {"country": f.destination.country, "region": f.destination.region},
        "period": {"start": f.period.0, "end": f.period.1},
        "measure": f.measure.as_str(),
        "potential": f.potential,
        "basis": f.basis.map(Measure::as_str),
        "low": f.value.map(|v| v.low()),
        "best": f.value.map(|v| v.best()),
        "high": f.value.and_then(|v| v.high()),
        "unbounded": f.value.is_some_and(|v| v.high().is_none()),
        "claims": f.claims,
        "events": f.events,
        "notes": f.notes,
    })
}

pub fn estimate(ctx: &Ctx, args: EstimateArgs) -> anyhow::Result<ExitCode> {
    if args.explain {
        let mut w = out();
        return quiet_pipe(w.write_all(METHOD.as_bytes()).and_then(|_| w.flush()));
    }
    let mut store = open(ctx)?;
    let corr = corroborate(&mut store)?;
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
                writeln!(w, "{}", figure_json(f))?;
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
