//! The reading commands — `tally docs`, `show`, `claims`, `search` — and `tally reindex`.
//!
//! They turn store and index values into terminal text and JSON Lines: the JSON of
//! `tally claims --json` is the `CLAIMS.md` format, field for field and in its order. This
//! module holds no query logic of its own (that is the store's and the index's) and writes
//! nothing except through `reindex`.

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;
use serde::Serialize;
use tally_core::{Claim, Count, DocContext, Money};
use tally_index::Highlight;
use tally_store::{ClaimFilter, DocumentId, Seq, Store, StoredClaim};

use super::{Ctx, EXTRACTOR, progress_bar};

/// Rows fetched from the store at a time by the listings.
const PAGE: usize = 1_000;

/// Documents re-extracted per transaction by `tally reindex`.
const REINDEX_BATCH: usize = 100;

#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// JSON Lines: one object per document.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A document id, or a unique beginning of one (`d-91bc`).
    #[arg(value_name = "DOC")]
    doc: String,
    /// Under each claim, say which rules and lexicon entries produced each field; then list
    /// what the extractor noticed but did not claim.
    #[arg(long)]
    explain: bool,
}

#[derive(Debug, clap::Args)]
pub struct ClaimsArgs {
    /// Only this document's claims (an id or a unique beginning of one).
    #[arg(long, value_name = "ID")]
    doc: Option<String>,
    /// JSON Lines in the CLAIMS.md format, with `id` and `document`.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find (all are required), "quoted phrases", English or Korean.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,
    /// JSON Lines: one object per hit, with the snippet and its highlighted byte ranges.
    #[arg(long)]
    json: bool,
    /// At most this many hits.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    limit: u16,
}

/// Re-extract every document's claims with this version of the extractor, then rebuild the
/// search index from the store. Documents themselves never change.
#[derive(Debug, clap::Args)]
pub struct ReindexArgs {}

/// Resolves a DOC argument, with a message that says what to do when it fails.
fn resolve(store: &dyn Store, doc: &str) -> anyhow::Result<DocumentId> {
    store.resolve_document(doc).map_err(|e| match e {
        tally_store::Error::NotFound { .. } => {
            anyhow::anyhow!("no document {doc} in this data folder (`tally docs` lists them)")
        }
        e => e.into(),
    })
}

/// A reader that stopped reading (`tally docs | head`) is not an error: the command ends
/// quietly, as `cat` would.
fn quiet_pipe(r: anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    let broken = |e: &anyhow::Error| {
        e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                || c.downcast_ref::<serde_json::Error>()
                    .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
        })
    };
    match r {
        Err(e) if broken(&e) => Ok(ExitCode::SUCCESS),
        r => r,
    }
}

fn out() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.to_string())
}

// ---------------------------------------------------------------------------------------
// tally docs

#[derive(Serialize)]
struct DocLine<'a> {
    id: &'a str,
    published: Option<NaiveDate>,
    outlet: Option<&'a str>,
    lang: &'a str,
    title: Option<&'a str>,
    claims: u64,
    path: Option<&'a str>,
    url: Option<&'a str>,
    format: &'a str,
    negative: bool,
    ingested_at: &'a str,
    extractor: Option<&'a str>,
}

pub fn docs(ctx: &Ctx, args: DocsArgs) -> anyhow::Result<ExitCode> {
    quiet_pipe(docs_to_stdout(ctx, args))
}

fn docs_to_stdout(ctx: &Ctx, args: DocsArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let mut w = out();
    let mut after: Option<Seq> = None;
    loop {
        let page = store.list_documents(after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.seq);
        for d in &page {
            if args.json {
                let line = DocLine {
                    id: d.id.as_str(),
                    published: d.published,
                    outlet: d.outlet.as_deref(),
                    lang: d.lang.code(),
                    title: d.title.as_deref(),
                    claims: d.claims,
                    path: d.path.as_deref(),
                    url: d.url.as_deref(),
                    format: &d.format,
                    negative: d.negative,
                    ingested_at: &d.ingested_at,
                    extractor: d.extractor.as_deref(),
                };
                serde_json::to_writer(&mut w, &line)?;
                writeln!(w)?;
            } else {
                let title = d.title.as_deref().or(d.path.as_deref()).unwrap_or("(untitled)");
                let claims =
                    if d.claims == 1 { "1 claim".to_owned() } else { format!("{} claims", d.claims) };
                writeln!(
                    w,
                    "{}  {:<10}  {}  {}  {}  ({claims})",
                    d.id,
                    date(d.published),
                    d.outlet.as_deref().unwrap_or("-"),
                    d.lang.code(),
                    one_line(title),
                )?;
            }
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// Claims as text

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn range(min: Option<u64>, max: Option<u64>, approx: bool) -> String {
    let a = if approx { "≈" } else { "" };
    match (min, max) {
        (Some(x), Some(y)) if x == y => format!("{a}{x}"),
        (Some(x), Some(y)) => format!("{a}{x}–{y}"),
        (Some(x), None) => format!("{a}≥{x}"),
        (None, Some(y)) => format!("{a}≤{y}"),
        (None, None) => "?".to_owned(),
    }
}

fn count(c: &Count) -> String {
    range(c.min(), c.max(), c.approx())
}

fn money(m: &Money) -> String {
    let mut s = format!("{} {}", m.currency().code(), range(m.min(), m.max(), m.approx()));
    if m.per().is_some() {
        s.push_str("/worker");
    }
    if let Some(p) = m.period() {
        s.push_str(match p {
            tally_core::Period::Day => "/day",
            tally_core::Period::Month => "/month",
            tally_core::Period::Year => "/year",
        });
    }
    s
}

fn place(p: &tally_core::Place) -> String {
    match (&p.country, &p.region) {
        (Some(c), Some(r)) => format!("{c} ({r})"),
        (Some(c), None) => c.to_string(),
        (None, Some(r)) => r.clone(),
        (None, None) => "?".to_owned(),
    }
}

/// The claim's figures and facets, on one line, fields it lacks left out.
fn summary(c: &Claim) -> String {
    let mut parts = vec![c.kind.as_str().to_owned()];
    if let Some(n) = &c.count {
        parts.push(format!("{} people", count(n)));
    }
    if let Some(t) = &c.teams {
        let n = t.count.as_ref().map_or("?".to_owned(), count);
        let size = t.size.as_ref().map_or("?".to_owned(), count);
        parts.push(format!("{n} teams × {size}"));
    }
    if let Some(m) = &c.money {
        parts.push(money(m));
    }
    if let Some(r) = c.round {
        parts.push(format!("round {r}"));
    }
    if let Some(d) = &c.destination {
        parts.push(format!("→ {}", place(d)));
    }
    if !c.origin.is_empty() {
        parts.push(format!("from {}", c.origin.iter().map(place).collect::<Vec<_>>().join(", ")));
    }
    if let Some(t) = &c.time {
        parts.push(if t.start() == t.end() {
            t.start().to_string()
        } else {
            format!("{}…{}", t.start(), t.end())
        });
    }
    if !c.organisations.is_empty() {
        parts.push(format!("orgs: {}", c.organisations.join("; ")));
    }
    if !c.legal_refs.is_empty() {
        parts.push(c.legal_refs.join(", "));
    }
    if let Some(p) = &c.purpose {
        parts.push(format!("purpose {p}"));
    }
    parts.push(format!("source: {}", c.source.kind.as_str()));
    parts.join("  ")
}

fn truncate(s: &str, max_chars: usize) -> String {
    let s = one_line(s);
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

// ---------------------------------------------------------------------------------------
// tally claims

/// A claim in the `CLAIMS.md` format: every field present, in the documented order.
#[derive(Serialize)]
struct ClaimLine<'a> {
    id: &'a str,
    document: &'a tally_store::DocumentRef,
    kind: tally_core::Kind,
    count: &'a Option<Count>,
    teams: &'a Option<tally_core::Teams>,
    money: &'a Option<Money>,
    round: Option<u32>,
    destination: &'a Option<tally_core::Place>,
    origin: &'a [tally_core::Place],
    time: &'a Option<tally_core::TimeRange>,
    organisations: &'a [String],
    legal_refs: &'a [String],
    source: &'a tally_core::Source,
    evidence: &'a tally_core::Evidence,
    /// For `entry_statistic` claims; `null` otherwise.
    purpose: Option<&'a str>,
}

impl<'a> ClaimLine<'a> {
    fn new(s: &'a StoredClaim) -> ClaimLine<'a> {
        let c = &s.claim;
        ClaimLine {
            id: s.id.as_str(),
            document: &s.document,
            kind: c.kind,
            count: &c.count,
            teams: &c.teams,
            money: &c.money,
            round: c.round,
            destination: &c.destination,
            origin: &c.origin,
            time: &c.time,
            organisations: &c.organisations,
            legal_refs: &c.legal_refs,
            source: &c.source,
            evidence: &c.evidence,
            purpose: c.purpose.as_deref(),
        }
    }
}

/// Every claim matching `filter`, page by page.
fn each_claim(
    store: &dyn Store,
    filter: &ClaimFilter,
    mut f: impl FnMut(&StoredClaim) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut after = None;
    loop {
        let page = store.claims(filter, after, PAGE)?;
        let Some(last) = page.last() else { return Ok(()) };
        after = Some(last.cursor);
        for c in &page {
            f(c)?;
        }
    }
}

pub fn claims(ctx: &Ctx, args: ClaimsArgs) -> anyhow::Result<ExitCode> {
    quiet_pipe(claims_to_stdout(ctx, args))
}

fn claims_to_stdout(ctx: &Ctx, args: ClaimsArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let document = args.doc.as_deref().map(|d| resolve(&*store, d)).transpose()?;
    let filter = ClaimFilter { document, kind: None };
    let mut w = out();
    each_claim(&*store, &filter, |c| {
        if args.json {
            serde_json::to_writer(&mut w, &ClaimLine::new(c))?;
            writeln!(w)?;
        } else {
            writeln!(
                w,
                "{}  {}  {}  \"{}\"",
                c.id,
                c.document.id,
                summary(&c.claim),
                truncate(&c.claim.evidence.quote, 80)
            )?;
        }
        Ok(())
    })?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// tally show

fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string().bytes().map(|b| DIGITS[(b - b'0') as usize]).collect()
}

/// The text with each claim's evidence between `⟦` and `⟧`, the closing bracket followed by
/// the claim numbers (superscript). Claims sharing a span share one pair of brackets. With
/// `colour`, text inside any span is also underlined for the terminal.
fn mark_claims(text: &str, claims: &[StoredClaim], colour: bool) -> String {
    // Spans in order, each with the numbers (1-based) of the claims on it.
    let mut spans: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let span = (c.claim.evidence.start, c.claim.evidence.end);
        // The store checked that spans lie inside the text on character boundaries; a span
        // that does not (it cannot) is simply left unmarked.
        if text.get(span.0..span.1).is_none() {
            continue;
        }
        match spans.iter_mut().find(|(s, _)| *s == span) {
            Some((_, nums)) => nums.push(i + 1),
            None => spans.push((span, vec![i + 1])),
        }
    }
    // Events at byte positions: closes sort before opens at the same position so adjacent
    // spans read ⟦a⟧¹⟦b⟧².
    let mut events: Vec<(usize, u8, usize)> = Vec::new();
    for (k, ((s, e), _)) in spans.iter().enumerate() {
        events.push((*s, 1, k));
        events.push((*e, 0, k));
    }
    events.sort();
    let mut out = String::with_capacity(text.len() + events.len() * 8);
    let mut at = 0;
    let mut depth = 0usize;
    for (pos, is_open, k) in events {
        out.push_str(&text[at..pos]);
        at = pos;
        if is_open == 1 {
            depth += 1;
            out.push('⟦');
        } else {
            depth -= 1;
            if colour {
                out.push_str("\x1b[0m");
            }
            out.push('⟧');
            out.push_str(&spans[k].1.iter().map(|&n| superscript(n)).collect::<Vec<_>>().join("˒"));
        }
        if colour && depth > 0 {
            out.push_str("\x1b[4m");
        }
    }
    out.push_str(&text[at..]);
    out
}

pub fn show(ctx: &Ctx, args: ShowArgs) -> anyhow::Result<ExitCode> {
    quiet_pipe(show_to_stdout(ctx, args))
}

fn show_to_stdout(ctx: &Ctx, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let id = resolve(&*store, &args.doc)?;
    let doc = store.document(&id)?;
    let mut claims = Vec::new();
    each_claim(&*store, &ClaimFilter { document: Some(id.clone()), kind: None }, |c| {
        claims.push(c.clone());
        Ok(())
    })?;
    let colour = std::io::stdout().is_terminal();
    let mut w = out();
    writeln!(w, "{}  {}", doc.id, doc.title.as_deref().map(one_line).unwrap_or_else(|| "(untitled)".into()))?;
    let mut facts = vec![
        format!("published {}", date(doc.published)),
        format!("outlet {}", doc.outlet.as_deref().unwrap_or("-")),
        format!("language {}", doc.lang.code()),
        format!("format {}", doc.format),
    ];
    if doc.negative {
        facts.push("negative (known to carry no claim)".into());
    }
    writeln!(w, "{}", facts.join("  ·  "))?;
    if let Some(u) = &doc.url {
        writeln!(w, "url {u}")?;
    }
    if let Some(p) = &doc.path {
        writeln!(w, "path {p}")?;
    }
    writeln!(w)?;
    writeln!(w, "{}", mark_claims(&doc.text, &claims, colour).trim_end())?;
    writeln!(w)?;
    match claims.len() {
        0 => writeln!(w, "No claims.")?,
        1 => writeln!(w, "1 claim:")?,
        n => writeln!(w, "{n} claims:")?,
    }
    for (i, c) in claims.iter().enumerate() {
        writeln!(w, "{:>3}  {}  {}", superscript(i + 1), c.id, summary(&c.claim))?;
        if args.explain {
            writeln!(w, "       evidence {}..{}", c.claim.evidence.start, c.claim.evidence.end)?;
            if c.claim.why.is_empty() {
                writeln!(w, "       why: (the extractor recorded no reasons)")?;
            }
            for (field, reasons) in &c.claim.why {
                writeln!(w, "       why {field}: {}", reasons.join(", "))?;
            }
        }
    }
    if args.explain {
        let diagnostics = store.diagnostics(&id)?;
        if !diagnostics.is_empty() {
            writeln!(w)?;
            writeln!(w, "Noticed but not claimed:")?;
            for d in diagnostics {
                let quote = doc.text.get(d.start..d.end).map(|q| truncate(q, 60)).unwrap_or_default();
                writeln!(w, "  {}..{}  {}  {}  \"{quote}\"", d.start, d.end, d.rule, d.message)?;
            }
        }
        if let Some(x) = claims.first() {
            writeln!(w)?;
            writeln!(w, "Extracted by {}.", x.extractor)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// tally search

#[derive(Serialize)]
struct HitLine<'a> {
    id: &'a str,
    title: Option<&'a str>,
    outlet: Option<&'a str>,
    lang: &'a str,
    published: Option<&'a str>,
    score: f32,
    /// The passage, plain.
    snippet: &'a str,
    /// Matched byte ranges in `snippet`.
    highlights: &'a [std::ops::Range<usize>],
}

pub fn search(ctx: &Ctx, args: SearchArgs) -> anyhow::Result<ExitCode> {
    quiet_pipe(search_to_stdout(ctx, args))
}

fn search_to_stdout(ctx: &Ctx, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let index = ctx.open_index_for_reading(&*store)?;
    let query = args.query.join(" ");
    let hits = index.search(&query, args.limit as usize)?;
    let highlight =
        if std::io::stdout().is_terminal() { Highlight::ansi_bold() } else { Highlight::brackets() };
    let mut w = out();
    for h in &hits {
        if args.json {
            let line = HitLine {
                id: &h.id,
                title: h.title.as_deref(),
                outlet: h.outlet.as_deref(),
                lang: &h.lang,
                published: h.published.as_deref(),
                score: h.score,
                snippet: &h.snippet.text,
                highlights: &h.snippet.highlights,
            };
            serde_json::to_writer(&mut w, &line)?;
            writeln!(w)?;
        } else {
            writeln!(
                w,
                "{}  {}  {}  {}",
                h.id,
                h.published.as_deref().unwrap_or("-"),
                h.outlet.as_deref().unwrap_or("-"),
                h.title.as_deref().map(one_line).unwrap_or_else(|| "(untitled)".into())
            )?;
            writeln!(w, "    {}", h.snippet.marked(&highlight))?;
        }
    }
    w.flush()?;
    if hits.is_empty() && !args.json {
        eprintln!("tally: nothing found for {query:?}");
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// tally reindex

pub fn reindex(ctx: &Ctx, _args: ReindexArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_store()?;
    let total = store.counts()?.documents;
    let bar = progress_bar(Some(total), "re-extracting");
    let (mut docs, mut claims, mut refused) = (0u64, 0u64, 0u64);
    let mut after = Seq::ZERO;
    loop {
        // Read a page, then write its claims in one transaction: the page's text is all that
        // is held in memory.
        let page = store.documents_after(after, REINDEX_BATCH)?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        let mut batch = store.begin_batch(EXTRACTOR)?;
        for doc in &page {
            let ctx = DocContext { lang: doc.lang, published: doc.published };
            let extraction = std::panic::catch_unwind(|| tally_core::extract(&doc.text, &ctx));
            let result = match extraction {
                Ok(x) => batch.replace_claims(&doc.id, &x).map_err(|e| e.to_string()),
                Err(_) => {
                    Err("the extractor failed on this document (a bug in tally; please report it)".into())
                }
            };
            match result {
                Ok(n) => claims += n as u64,
                Err(problem) => {
                    refused += 1;
                    let line =
                        format!("tally: kept the old claims of {}: {problem}", doc.id).replace('\n', " ");
                    bar.suspend(|| eprintln!("{line}"));
                }
            }
            docs += 1;
            bar.inc(1);
        }
        batch.commit().context("committing re-extracted claims")?;
    }
    bar.finish_and_clear();

    let index = tally_index::Index::open(&ctx.index_dir())?;
    let bar = progress_bar(Some(total), "indexing");
    let indexed = index.rebuild(&*store, &mut |n| bar.inc(n))?;
    bar.finish_and_clear();
    // Claims keep their ids across extractor versions but may say something else now, so
    // the saved events are re-clustered rather than extended.
    if let Err(e) = super::corroborate::recompute_events(ctx) {
        eprintln!("tally: events not recomputed ({e:#}); run `tally events --recompute`");
    }
    println!("{docs} documents re-extracted ({claims} claims, extractor {EXTRACTOR}); {indexed} indexed");
    if refused > 0 {
        eprintln!("tally: {refused} documents kept their old claims (see above)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_people_write_them() {
        assert_eq!(range(Some(300), Some(300), true), "≈300");
        assert_eq!(range(Some(600), Some(700), false), "600–700");
        assert_eq!(range(Some(1000), None, true), "≈≥1000");
        assert_eq!(range(None, Some(28000), false), "≤28000");
    }

    #[test]
    fn superscripts() {
        assert_eq!(superscript(12), "¹²");
    }

    const TEXT: &str = "About 300 workers will go. 노동자 50명이 갔다.";

    fn stored(kind: &str, start: usize, end: usize) -> StoredClaim {
        let claim: Claim = serde_json::from_value(serde_json::json!({
            "kind": kind,
            "source": {"type": "unknown", "text": ""},
            "evidence": {"quote": &TEXT[start..end], "start": start, "end": end},
        }))
        .unwrap();
        StoredClaim {
            id: tally_store::ClaimId::parse("c-0123456789abcdef").unwrap(),
            document: tally_store::DocumentRef {
                id: DocumentId::parse("d-0123456789abcdef").unwrap(),
                path: None,
                url: Some("https://example.org/r".into()),
                published: NaiveDate::from_ymd_opt(2022, 10, 25),
            },
            position: 0,
            extractor: "test".into(),
            claim,
            cursor: tally_store::ClaimCursor { doc_seq: Seq(1), position: 0 },
        }
    }

    #[test]
    fn claims_are_bracketed_and_numbered_in_the_text() {
        let ko = TEXT.find('노').unwrap();
        let claims = [
            stored("dispatch_planned", 0, 26),
            stored("selection_round", 0, 26),
            stored("dispatch_reported", ko, TEXT.len()),
        ];
        assert_eq!(
            mark_claims(TEXT, &claims, false),
            "⟦About 300 workers will go.⟧¹˒² ⟦노동자 50명이 갔다.⟧³"
        );
        // Nested spans close inside out; colour underlines only inside spans.
        let nested = [stored("dispatch_planned", 0, 26), stored("dispatch_planned", 6, 9)];
        assert_eq!(mark_claims(TEXT, &nested, false), "⟦About ⟦300⟧² workers will go.⟧¹ 노동자 50명이 갔다.");
        let coloured = mark_claims(TEXT, &claims[2..], true);
        assert!(coloured.starts_with("About 300 workers will go. ⟦\x1b[4m노동자"), "{coloured:?}");
        assert!(coloured.ends_with("갔다.\x1b[0m⟧¹"), "{coloured:?}");
    }

    /// CLAIMS.md: every field present (null or [] when absent), in the documented order,
    /// with `id` and `document` first.
    #[test]
    fn a_claim_line_has_every_field_of_claims_md_in_order() {
        let c = stored("dispatch_planned", 0, 26);
        let line = serde_json::to_string(&ClaimLine::new(&c)).unwrap();
        let keys: Vec<String> = {
            // serde_json without preserve_order sorts maps, so read the keys from the text.
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let mut keys: Vec<(usize, String)> = v
                .as_object()
                .unwrap()
                .keys()
                .map(|k| (line.find(&format!("\"{k}\":")).unwrap(), k.clone()))
                .collect();
            keys.sort();
            keys.into_iter().map(|(_, k)| k).collect()
        };
        assert_eq!(
            keys,
            [
                "id",
                "document",
                "kind",
                "count",
                "teams",
                "money",
                "round",
                "destination",
                "origin",
                "time",
                "organisations",
                "legal_refs",
                "source",
                "evidence",
                "purpose"
            ]
        );
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["count"], serde_json::Value::Null);
        assert_eq!(v["origin"], serde_json::json!([]));
        assert_eq!(
            v["document"],
            serde_json::json!({"id": "d-0123456789abcdef", "path": null, "url": "https://example.org/r", "published": "2022-10-25"})
        );
        assert_eq!(v["evidence"]["quote"], "About 300 workers will go.");
        assert!(!line.contains("\"why\""));
    }
}
