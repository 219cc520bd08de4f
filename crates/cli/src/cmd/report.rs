//! `tally report`: the dossier for a sanctions body, in Markdown or self-contained HTML.
//!
//! It reads the ledger as the exports do ([`super::export::Ledger`]: the events and
//! estimates as `tally events --json` and `tally estimate --json` print them, the claims
//! from the store) and lays it out for a reader such as a UN Panel of Experts: a headline
//! summary, the estimates table, every event with its grade, independent sources,
//! derivation chains and contradictions side by side, the legal references and the method
//! in brief. Every figure carries numbered footnotes, and every footnote leads to the quote,
//! outlet, date and URL the figure rests on. It computes no figure itself, and a tip-line
//! source's words never appear in it (the footnote says the source is protected).
//!
//! The HTML is one file with its CSS inline, no script and nothing fetched from elsewhere,
//! so it can be mailed, archived and printed as it is.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use serde_json::Value;

use super::Ctx;
use super::export::{ANONYMOUS, Ledger, Output, WITHHELD};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Markdown or self-contained HTML.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// Only this destination: an ISO country code (UA, RU, …) or words of a region.
    #[arg(long, value_name = "COUNTRY")]
    destination: Option<String>,
    /// Only events and estimates that reach this date or later (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Only events and estimates that begin on this date or earlier (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    if let (Some(a), Some(b)) = (args.since, args.until)
        && a > b
    {
        bail!("--since {a} is after --until {b}");
    }
    let mut out = Output::open(args.out.as_deref())?;
    let ledger = Ledger::load(ctx)?;
    let dossier = Dossier::build(&ledger, &Filter::from(&args));
    let text = match args.format {
        Format::Md => markdown(&dossier),
        Format::Html => html(&dossier),
    };
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        r => r?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// 1234567.0 → "1,234,567"; fractions are rounded to whole units.
pub fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

// ---------------------------------------------------------------------------------------
// What the reader asked for.

struct Filter {
    destination: Option<String>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

impl From<&Args> for Filter {
    fn from(a: &Args) -> Filter {
        Filter {
            destination: a.destination.as_ref().map(|d| d.trim().to_lowercase()).filter(|d| !d.is_empty()),
            since: a.since,
            until: a.until,
        }
    }
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

impl Filter {
    fn place(&self, dest: &Value) -> bool {
        let Some(want) = &self.destination else { return true };
        let country = dest["country"].as_str().unwrap_or_default().to_lowercase();
        let region = dest["region"].as_str().unwrap_or_default().to_lowercase();
        (!country.is_empty() && &country == want) || (!region.is_empty() && region.contains(want.as_str()))
    }
    fn time(&self, start: &Value, end: &Value) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let (Some(s), Some(e)) = (date(start), date(end)) else { return false };
        self.since.is_none_or(|x| e >= x) && self.until.is_none_or(|x| s <= x)
    }
    fn scope(&self) -> String {
        let mut parts = Vec::new();
        parts.push(match &self.destination {
            Some(d) => format!("destination {}", d.to_uppercase()),
            None => "all destinations".to_owned(),
        });
        match (self.since, self.until) {
            (Some(a), Some(b)) => parts.push(format!("from {a} to {b}")),
            (Some(a), None) => parts.push(format!("from {a}")),
            (None, Some(b)) => parts.push(format!("until {b}")),
            (None, None) => parts.push("all dates".to_owned()),
        }
        parts.join(", ")
    }
}

// ---------------------------------------------------------------------------------------
// The dossier, independent of how it is printed.

/// A line of text and the footnotes that back it.
struct Line {
    text: String,
    notes: Vec<usize>,
}

struct EstimateRow {
    place: String,
    period: String,
    measure: String,
    value: String,
    notes_text: String,
    notes: Vec<usize>,
}

struct Side {
    figure: String,
    source: String,
    note: Option<usize>,
}

struct EventSection {
    id: String,
    title: String,
    grade: String,
    independent_sources: u64,
    when: String,
    claims: Vec<Line>,
    derived: Vec<String>,
    contradictions: Vec<(String, Side, Side)>,
}

struct Footnote {
    claim: String,
    quote: String,
    outlet: String,
    published: String,
    url: Option<String>,
    document: String,
}

struct Dossier {
    scope: String,
    documents: usize,
    claims: usize,
    headlines: Vec<Line>,
    estimates: Vec<EstimateRow>,
    events: Vec<EventSection>,
    legal: Vec<Line>,
    footnotes: Vec<Footnote>,
}

/// Footnotes numbered in order of first use, one per claim.
struct Notes<'a> {
    ledger: &'a Ledger,
    numbers: HashMap<String, usize>,
    list: Vec<Footnote>,
}

impl Notes<'_> {
    fn note(&mut self, claim: &str) -> Option<usize> {
        if let Some(n) = self.numbers.get(claim) {
            return Some(*n);
        }
        let c = self.ledger.claims.iter().find(|c| c.id.as_str() == claim)?;
        let doc = self.ledger.doc(c.document.id.as_str());
        let protected = self.ledger.protected_claims.contains(claim);
        let f = if protected {
            Footnote {
                claim: claim.to_owned(),
                quote: WITHHELD.to_owned(),
                outlet: ANONYMOUS.to_owned(),
                published: "date withheld".to_owned(),
                url: None,
                document: c.document.id.to_string(),
            }
        } else {
            Footnote {
                claim: claim.to_owned(),
                quote: one_line(&c.claim.evidence.quote),
                outlet: doc.and_then(|d| d.outlet.clone()).unwrap_or_else(|| "outlet unknown".into()),
                published: c.document.published.map_or_else(|| "undated".into(), |d| d.to_string()),
                url: c.document.url.clone(),
                document: c.document.id.to_string(),
            }
        };
        self.list.push(f);
        let n = self.list.len();
        self.numbers.insert(claim.to_owned(), n);
        Some(n)
    }
    fn notes<'v>(&mut self, claims: impl IntoIterator<Item = &'v str>) -> Vec<usize> {
        let mut out: Vec<usize> = claims.into_iter().filter_map(|c| self.note(c)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

fn place(dest: &Value) -> String {
    match (dest["region"].as_str(), dest["country"].as_str()) {
        (Some(r), Some(c)) => format!("{r} ({c})"),
        (Some(r), None) => r.to_owned(),
        (None, Some(c)) => c.to_owned(),
        (None, None) => "destination unknown".to_owned(),
    }
}

fn interval(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(l), Some(h)) if l == h => thousands(l),
        (Some(l), Some(h)) => format!("{}–{}", thousands(l), thousands(h)),
        (Some(l), None) => format!("{} or more", thousands(l)),
        (None, Some(h)) => format!("up to {}", thousands(h)),
        (None, None) => "none reported".to_owned(),
    }
}

fn measure_label(f: &Value) -> String {
    let potential = f["potential"].as_bool() == Some(true);
    match f["measure"].as_str().unwrap_or_default() {
        "selected_or_planned" => "Workers selected or planned".to_owned(),
        "dispatched" => "Workers dispatched".to_owned(),
        "present" => "Workers present".to_owned(),
        "revenue_usd_per_month" => format!(
            "Revenue, USD a month{} (from workers {})",
            if potential { ", potential" } else { "" },
            f["basis"].as_str().unwrap_or("?").replace('_', " ")
        ),
        m => m.replace('_', " "),
    }
}

fn claim_line(c: &tally_store::StoredClaim) -> String {
    let cl = &c.claim;
    let mut parts = vec![cl.kind.as_str().replace('_', " ")];
    if let Some(n) = &cl.count {
        let v = interval(n.min().map(|x| x as f64), n.max().map(|x| x as f64));
        parts.push(format!("{}{v} people", if n.approx() { "about " } else { "" }));
    }
    if let Some(m) = &cl.money {
        let per = if m.per().is_some() { " per worker" } else { "" };
        let period = match m.period() {
            Some(tally_core::Period::Day) => " a day",
            Some(tally_core::Period::Month) => " a month",
            Some(tally_core::Period::Year) => " a year",
            None => "",
        };
        parts.push(format!(
            "{} {}{per}{period}",
            m.currency().code(),
            interval(m.min().map(|x| x as f64), m.max().map(|x| x as f64))
        ));
    }
    if let Some(r) = cl.round {
        parts.push(format!("round {r}"));
    }
    if let Some(t) = &cl.time {
        parts.push(if t.start() == t.end() {
            t.start().to_string()
        } else {
            format!("{} … {}", t.start(), t.end())
        });
    }
    if !cl.organisations.is_empty() {
        parts.push(cl.organisations.join("; "));
    }
    if !cl.legal_refs.is_empty() {
        parts.push(cl.legal_refs.join(", "));
    }
    parts.push(format!("source: {}", cl.source.kind.as_str().replace('_', " ")));
    parts.join(" · ")
}

/// What the resolutions tally's claims cite require, in one line each.
fn legal_meaning(r: &str) -> Option<&'static str> {
    match r {
        "UNSCR 2397" => Some(
            "UN Security Council resolution 2397 (2017), para 8: every DPRK national earning income abroad to be repatriated by 22 December 2019",
        ),
        "UNSCR 2375" => Some(
            "UN Security Council resolution 2375 (2017), para 17: no new work authorisations for DPRK nationals",
        ),
        "UNSCR 2371" => Some(
            "UN Security Council resolution 2371 (2017), para 11: no increase in the number of work authorisations for DPRK nationals",
        ),
        "UNSCR 2270" => {
            Some("UN Security Council resolution 2270 (2016): the DPRK sanctions regime broadened")
        }
        "UNSCR 2321" => Some(
            "UN Security Council resolution 2321 (2016), para 34: concern that DPRK nationals are sent abroad to earn hard currency",
        ),
        "CAATSA 321" => Some(
            "US Countering America's Adversaries Through Sanctions Act, section 321: goods made by North Korean labour presumed forbidden",
        ),
        _ => None,
    }
}

impl Dossier {
    fn build(ledger: &Ledger, filter: &Filter) -> Dossier {
        let mut notes = Notes { ledger, numbers: HashMap::new(), list: Vec::new() };
        let claims: HashMap<&str, &tally_store::StoredClaim> =
            ledger.claims.iter().map(|c| (c.id.as_str(), c)).collect();

        let figures: Vec<&Value> = ledger
            .estimates
            .iter()
            .filter(|f| {
                filter.place(&f["destination"]) && filter.time(&f["period"]["start"], &f["period"]["end"])
            })
            .collect();
        let mut headlines = Vec::new();
        let mut estimates = Vec::new();
        for f in &figures {
            let value = interval(f["low"].as_f64(), f["high"].as_f64());
            let best = f["best"].as_f64().map(|b| format!(" (best {})", thousands(b))).unwrap_or_default();
            let row_notes =
                notes.notes(f["claims"].as_array().into_iter().flatten().filter_map(Value::as_str));
            let period = format!("{} … {}", text(&f["period"]["start"]), text(&f["period"]["end"]));
            if !f["low"].is_null() {
                let unit = if f["measure"] == "revenue_usd_per_month" { "USD " } else { "" };
                headlines.push(Line {
                    text: format!(
                        "{} for {}, {period}: {unit}{value}{best}.",
                        measure_label(f),
                        place(&f["destination"])
                    ),
                    notes: row_notes.clone(),
                });
            }
            estimates.push(EstimateRow {
                place: place(&f["destination"]),
                period,
                measure: measure_label(f),
                value: if f["low"].is_null() { value } else { format!("{value}{best}") },
                notes_text: f["notes"]
                    .as_array()
                    .map(|ns| ns.iter().map(text).collect::<Vec<_>>().join("; "))
                    .unwrap_or_default(),
                notes: row_notes,
            });
        }

        let mut events = Vec::new();
        let mut legal: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut claim_count = 0;
        let mut docs = std::collections::BTreeSet::new();
        for ev in &ledger.events {
            let undated = ev["time"].is_null();
            // A sanctions reference names no place; with a destination filter it still
            // belongs in the dossier.
            let placeless_sanction =
                filter.destination.is_some() && ev["family"] == "sanctions" && ev["destination"].is_null();
            if !(filter.place(&ev["destination"]) || placeless_sanction) {
                continue;
            }
            if !undated && !filter.time(&ev["time"]["start"], &ev["time"]["end"]) {
                continue;
            }
            if undated && (filter.since.is_some() || filter.until.is_some()) {
                continue;
            }
            let mut lines = Vec::new();
            for c in ev["claims"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                let Some(sc) = claims.get(c) else { continue };
                claim_count += 1;
                docs.insert(sc.document.id.to_string());
                for r in &sc.claim.legal_refs {
                    legal.entry(r.clone()).or_default().push(c.to_owned());
                }
                lines.push(Line { text: claim_line(sc), notes: notes.note(c).into_iter().collect() });
            }
            let derived = ev["chains"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|ch| {
                    let links: Vec<String> = ch["links"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|l| format!("{} of {}", text(&l["how"]).replace('_', " "), text(&l["to"])))
                        .collect();
                    format!(
                        "document {} is derived from {} ({}); it adds no independent source",
                        text(&ch["document"]),
                        text(&ch["root"]),
                        links.join(" → ")
                    )
                })
                .collect();
            let contradictions = ev["contradictions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| {
                    let side = |k: &str, notes: &mut Notes| {
                        let claim = text(&x[k]["claim"]);
                        Side {
                            figure: interval(x[k]["low"].as_f64(), x[k]["high"].as_f64()),
                            source: if ledger.protected_claims.contains(&claim) {
                                ANONYMOUS.to_owned()
                            } else {
                                text(&x[k]["source"])
                            },
                            note: notes.note(&claim),
                        }
                    };
                    let q = &x["quantity"];
                    let what = match q {
                        Value::Object(_) => q
                            .as_object()
                            .map(|o| o.values().map(text).collect::<Vec<_>>().join(", "))
                            .unwrap_or_default(),
                        v => text(v),
                    };
                    (what, side("a", &mut notes), side("b", &mut notes))
                })
                .collect();
            let when = match (ev["time"]["start"].as_str(), ev["time"]["end"].as_str()) {
                (Some(a), Some(b)) if a == b => a.to_owned(),
                (Some(a), Some(b)) => format!("{a} … {b}"),
                _ => "undated".to_owned(),
            } + if ev["time"]["reported"] == true { " (date of first report)" } else { "" };
            events.push(EventSection {
                id: text(&ev["id"]),
                title: text(&ev["title"]),
                grade: text(&ev["grade"]),
                independent_sources: ev["independent_sources"].as_u64().unwrap_or(0),
                when,
                claims: lines,
                derived,
                contradictions,
            });
        }
        let legal = legal
            .into_iter()
            .map(|(r, cs)| {
                let meaning = legal_meaning(&r).map(|m| format!(" — {m}")).unwrap_or_default();
                let n = notes.notes(cs.iter().map(String::as_str));
                Line { text: format!("{r}{meaning}"), notes: n }
            })
            .collect();
        Dossier {
            scope: filter.scope(),
            documents: docs.len(),
            claims: claim_count,
            headlines,
            estimates,
            events,
            legal,
            footnotes: notes.list,
        }
    }
}

const METHOD_BRIEF: &[&str] = &[
    "Claims are extracted from each report by deterministic, named rules; each is pinned to the exact words it comes from (the footnotes quote them).",
    "Claims about the same real-world event are grouped into events across documents. A re-post, mirror, near-copy or a story citing another outlet is traced to its root and adds no independent source.",
    "Sources are graded on the Admiralty scale (reliability A–F, credibility 1–6), with defaults per source type and outlet that analysts may override on the record.",
    "Figures within one event are reconciled, never summed; estimates add events up by destination and period as intervals. Revenue is workers × earnings per worker per month and is marked potential when the workers are only selected or planned.",
    "Contradictions (figures that cannot both be true) are shown side by side, not resolved away.",
    "The full method is docs/METHOD.md in tally's source, printed by `tally estimate --explain`.",
];

const TITLE: &str = "North Korean overseas labour: evidence dossier";

// ---------------------------------------------------------------------------------------
// Markdown

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '|' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn md_notes(ns: &[usize]) -> String {
    ns.iter().map(|n| format!("[^{n}]")).collect()
}

fn markdown(d: &Dossier) -> String {
    let mut s = String::new();
    let mut w = |line: String| {
        s.push_str(&line);
        s.push('\n');
    };
    w(format!("# {TITLE}"));
    w(String::new());
    w(format!(
        "Scope: {}. Based on {} claim{} from {} document{}, grouped into {} event{}.",
        d.scope,
        d.claims,
        if d.claims == 1 { "" } else { "s" },
        d.documents,
        if d.documents == 1 { "" } else { "s" },
        d.events.len(),
        if d.events.len() == 1 { "" } else { "s" }
    ));
    w(String::new());
    w("## Summary".into());
    w(String::new());
    if d.headlines.is_empty() {
        w("No figure is reported within this scope.".into());
    }
    for l in &d.headlines {
        w(format!("- {}{}", md_escape(&l.text), md_notes(&l.notes)));
    }
    w(String::new());
    w("## Estimates".into());
    w(String::new());
    if d.estimates.is_empty() {
        w("No estimate within this scope.".into());
    } else {
        w("| Destination | Period | Measure | Interval | Notes | Sources |".into());
        w("| --- | --- | --- | --- | --- | --- |".into());
        for r in &d.estimates {
            w(format!(
                "| {} | {} | {} | {} | {} | {} |",
                md_escape(&r.place),
                r.period,
                md_escape(&r.measure),
                r.value,
                md_escape(&r.notes_text),
                md_notes(&r.notes)
            ));
        }
    }
    w(String::new());
    w("## Events".into());
    for e in &d.events {
        w(String::new());
        w(format!("### {}", md_escape(&e.title)));
        w(String::new());
        w(format!(
            "Event {} · grade {} · {} independent source{} · {}",
            e.id,
            e.grade,
            e.independent_sources,
            if e.independent_sources == 1 { "" } else { "s" },
            e.when
        ));
        w(String::new());
        for l in &e.claims {
            w(format!("- {}{}", md_escape(&l.text), md_notes(&l.notes)));
        }
        if !e.derived.is_empty() {
            w(String::new());
            w("Derivation:".into());
            w(String::new());
            for x in &e.derived {
                w(format!("- {}", md_escape(x)));
            }
        }
        if !e.contradictions.is_empty() {
            w(String::new());
            w("Contradictions:".into());
            w(String::new());
            w("| Quantity | One source says | The other says |".into());
            w("| --- | --- | --- |".into());
            for (what, a, b) in &e.contradictions {
                let side = |x: &Side| {
                    format!(
                        "{} ({}){}",
                        x.figure,
                        md_escape(&x.source),
                        md_notes(&x.note.into_iter().collect::<Vec<_>>())
                    )
                };
                w(format!("| {} | {} | {} |", md_escape(what), side(a), side(b)));
            }
        }
    }
    w(String::new());
    w("## Legal references".into());
    w(String::new());
    if d.legal.is_empty() {
        w("No legal reference is cited within this scope.".into());
    }
    for l in &d.legal {
        w(format!("- {}{}", md_escape(&l.text), md_notes(&l.notes)));
    }
    w(String::new());
    w("## Method".into());
    w(String::new());
    for m in METHOD_BRIEF {
        w(format!("- {m}"));
    }
    w(String::new());
    w("## Sources".into());
    w(String::new());
    for (i, f) in d.footnotes.iter().enumerate() {
        let url = f.url.as_ref().map(|u| format!(", <{u}>")).unwrap_or_default();
        w(format!(
            "[^{}]: “{}” — {}, {}{url} (claim {}, document {})",
            i + 1,
            md_escape(&f.quote),
            md_escape(&f.outlet),
            f.published,
            f.claim,
            f.document
        ));
    }
    s
}

// ---------------------------------------------------------------------------------------
// HTML

const CSS: &str = "
body{font:11pt/1.45 Georgia,'Times New Roman',serif;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:2px solid #111;padding-bottom:.3rem}
h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #999}
h3{font-size:1.05rem;margin-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.95em}
th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}
.meta{color:#444}
sup a{text-decoration:none}
ol.notes{font-size:.9em}
ol.notes li{margin-bottom:.3rem}
a{color:#0645ad}
@media print{body{margin:0;max-width:none}a{color:#111}h2,h3{break-after:avoid}tr,li{break-inside:avoid}}
";

fn sups(ns: &[usize]) -> maud::Markup {
    maud::html! {
        @for n in ns {
            sup { a href=(format!("#fn-{n}")) id=(format!("ref-{n}")) { "[" (n) "]" } }
        }
    }
}

fn html(d: &Dossier) -> String {
    use maud::{DOCTYPE, html};
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (TITLE) }
                style { (maud::PreEscaped(CSS)) }
            }
            body {
                h1 { (TITLE) }
                p.meta {
                    "Scope: " (d.scope) ". Based on " (d.claims) " claims from " (d.documents)
                    " documents, grouped into " (d.events.len()) " events."
                }
                h2 { "Summary" }
                @if d.headlines.is_empty() { p { "No figure is reported within this scope." } }
                ul { @for l in &d.headlines { li { (l.text) (sups(&l.notes)) } } }
                h2 { "Estimates" }
                @if d.estimates.is_empty() { p { "No estimate within this scope." } } @else {
                    table {
                        thead { tr { th { "Destination" } th { "Period" } th { "Measure" } th { "Interval" } th { "Notes" } th { "Sources" } } }
                        tbody {
                            @for r in &d.estimates {
                                tr { td { (r.place) } td { (r.period) } td { (r.measure) } td { (r.value) } td { (r.notes_text) } td { (sups(&r.notes)) } }
                            }
                        }
                    }
                }
                h2 { "Events" }
                @for e in &d.events {
                    section {
                        h3 { (e.title) }
                        p.meta {
                            "Event " (e.id) " · grade " (e.grade) " · " (e.independent_sources)
                            " independent source" @if e.independent_sources != 1 { "s" } " · " (e.when)
                        }
                        ul { @for l in &e.claims { li { (l.text) (sups(&l.notes)) } } }
                        @if !e.derived.is_empty() {
                            p { strong { "Derivation" } }
                            ul { @for x in &e.derived { li { (x) } } }
                        }
                        @if !e.contradictions.is_empty() {
                            p { strong { "Contradictions" } }
                            table {
                                thead { tr { th { "Quantity" } th { "One source says" } th { "The other says" } } }
                                tbody {
                                    @for (what, a, b) in &e.contradictions {
                                        tr {
                                            td { (what) }
                                            td { (a.figure) " (" (a.source) ")" (sups(&a.note.into_iter().collect::<Vec<_>>())) }
                                            td { (b.figure) " (" (b.source) ")" (sups(&b.note.into_iter().collect::<Vec<_>>())) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                h2 { "Legal references" }
                @if d.legal.is_empty() { p { "No legal reference is cited within this scope." } }
                ul { @for l in &d.legal { li { (l.text) (sups(&l.notes)) } } }
                h2 { "Method" }
                ul { @for m in METHOD_BRIEF { li { (m) } } }
                h2 { "Sources" }
                ol.notes {
                    @for (i, f) in d.footnotes.iter().enumerate() {
                        li id=(format!("fn-{}", i + 1)) {
                            "“" (f.quote) "” — " (f.outlet) ", " (f.published)
                            @if let Some(u) = &f.url { ", " a href=(u) { (u) } }
                            " (claim " (f.claim) ", document " (f.document) ")"
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(660000.0), "660,000");
        assert_eq!(thousands(1300.0), "1,300");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1234567.4), "1,234,567");
    }

    #[test]
    fn intervals_read_as_people_write_them() {
        assert_eq!(interval(Some(1100.0), Some(1300.0)), "1,100–1,300");
        assert_eq!(interval(Some(300.0), Some(300.0)), "300");
        assert_eq!(interval(Some(1000.0), None), "1,000 or more");
        assert_eq!(interval(None, None), "none reported");
    }

    #[test]
    fn markdown_escaping_keeps_tables_whole() {
        assert_eq!(md_escape("a | b_c"), "a \\| b\\_c");
    }
}
