//! Source independence: which documents derive from which, and so which root source each
//! claim rests on.
//!
//! A re-post, a mirror, a story "citing" or "carrying" another outlet's, and a near-copy of
//! another document corroborate nothing: they repeat their origin. This module finds those
//! links three ways and follows them to a root:
//!
//! 1. the outlet note as ingested ("News24 (reposted by Pan-African News Wire)",
//!    "KBS World Radio (citing Radio Free Asia)", "국민일보 (BBC 보도 인용)") — [`parse_outlet`];
//! 2. an explicit citation of another outlet in the document's lead ("Radio Free Asia
//!    reported", "according to Yonhap", "데일리NK에 따르면", "BBC방송이 보도했다"), using the
//!    names of `data/grades.tsv` and the cues of `data/corroborate/citations.tsv`;
//! 3. near-duplicate text: MinHash signatures over word 4-shingles with banded LSH, so a new
//!    document is compared with a handful of candidates, not with every document.
//!
//! Decisions (written down in docs/METHOD.md):
//! - A document citing an outlet that is not itself in the corpus still derives from that
//!   (absent) root: the root is the outlet, named `outlet:NAME`.
//! - A claim's root is the named institution it relays where one is recognised (two outlets
//!   relaying one NIS briefing are one source), the outlet at the root of its document for
//!   media reporting, and otherwise the pair (root outlet, source type): the same outlet with
//!   the same kind of anonymous source counts once, because nothing tells two unnamed
//!   sources of one newsroom apart.
//! - Citations count at document level only in the lead (the first two paragraphs): a
//!   citation further down usually supports one sentence, which the claim's own `source`
//!   field covers.
//!
//! What a document says on its own (its outlet note, its lead's citations, its signature) is
//! its fingerprint, [`Prepared`]: worked out once, it can be stored and handed back instead
//! of the text ([`fingerprint_version`] tells a stale one).
//!
//! It does not cluster claims into events (see `events`) or grade sources (see `grade`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lexicon::{CueWhere, Scope, lexicon};
use super::{DocId, DocInfo, FastMap, FastSet};
use crate::{Claim, SourceType};

/// How one document derives from another source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Published again by someone else ("reposted by", "via", "carrying", "재게재").
    Repost,
    /// The same outlet's story on another host ("mirror host").
    Mirror,
    /// The story says it reports what another outlet reported ("citing", "according to").
    Citation,
    /// Its text is a near-copy of another document's.
    NearDuplicate,
}

/// What a document derives from: another document of the corpus, or a named source that
/// may be absent from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkTarget {
    Document(DocId),
    Source(String),
}

impl fmt::Display for LinkTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkTarget::Document(d) => f.write_str(d.as_str()),
            LinkTarget::Source(s) => write!(f, "{}:{s}", source_prefix(s)),
        }
    }
}

/// `outlet` or `institution`, as the lexicon knows the name (unknown names are outlets).
pub fn source_prefix(name: &str) -> &'static str {
    let l = lexicon();
    match l.source_by_name(name).map(|i| l.sources[i].scope) {
        Some(Scope::Institution) => "institution",
        _ => "outlet",
    }
}

/// One step of a derivation chain, with the words that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub target: LinkTarget,
    pub how: How,
    pub evidence: String,
}

/// Where a document's content comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRoot {
    /// Who published this copy (canonical name where known).
    pub publisher: Option<String>,
    /// The outlet or institution its content originates from, after following every link.
    pub root: String,
    /// The chain from this document towards its root, nearest first. Empty for an original.
    pub links: Vec<Link>,
}

impl DocRoot {
    pub fn derived(&self) -> bool {
        !self.links.is_empty()
    }
}

/// The source a claim ultimately rests on; claims with equal roots are not independent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "root")]
pub enum RootSource {
    /// A named outlet or institution.
    Named { name: String },
    /// An unnamed source (anonymous, a defector, an unnamed official) heard through an
    /// outlet: one per outlet and source type.
    Unnamed { outlet: String, kind: SourceType },
}

impl RootSource {
    /// The name a grade is looked up by: the institution or outlet.
    pub fn named(&self) -> Option<&str> {
        match self {
            RootSource::Named { name } => Some(name),
            RootSource::Unnamed { outlet, .. } => Some(outlet),
        }
    }
    pub fn source_type(&self) -> SourceType {
        match self {
            RootSource::Named { name } => {
                match lexicon().source_by_name(name).map(|i| lexicon().sources[i].scope) {
                    Some(Scope::Institution) => SourceType::OfficialStatement,
                    _ => SourceType::MediaInvestigation,
                }
            }
            RootSource::Unnamed { kind, .. } => *kind,
        }
    }
    /// How an analyst reads it: "Daily NK", "anonymous_in_country via Daily NK".
    pub fn label(&self) -> String {
        match self {
            RootSource::Named { name } => name.clone(),
            RootSource::Unnamed { outlet, kind } => format!("{} via {outlet}", kind.as_str()),
        }
    }
}

impl fmt::Display for RootSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// An outlet note read apart: who published this copy and whose content it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedOutlet {
    pub publisher: Option<String>,
    /// The content's origin and how this copy relates to it, when the note says so.
    pub origin: Option<(String, How)>,
}

/// The canonical name for a free-text outlet name: the lexicon's name when an alias is
/// found, else the text without its notes in brackets.
pub fn canonical_outlet(name: &str) -> String {
    let l = lexicon();
    match l.resolve_name(name) {
        Some(i) => l.sources[i].name.clone(),
        None => {
            let head = name.split(['(', ',']).next().unwrap_or(name).trim();
            if head.is_empty() { name.trim().to_owned() } else { head.to_owned() }
        }
    }
}

/// Reads an outlet note such as "News24 (reposted by Pan-African News Wire)".
pub fn parse_outlet(outlet: &str) -> ParsedOutlet {
    let s = outlet.trim();
    let canon = |x: &str| {
        let x = x.trim().trim_end_matches(['/', ',', ';']).trim();
        (!x.is_empty()).then(|| canonical_outlet(x))
    };
    if let Some((pub_, root)) = s.split_once(", carrying ") {
        return ParsedOutlet { publisher: canon(pub_), origin: canon(root).map(|r| (r, How::Repost)) };
    }
    let plain = ParsedOutlet { publisher: canon(s), origin: None };
    let Some(open) = s.find('(') else {
        return plain;
    };
    let head = &s[..open];
    let close = s[open..].find(')').map_or(s.len(), |c| open + c);
    let note = s[open + 1..close].trim();
    let tail = s.get(close + 1..).unwrap_or("");
    let lower = note.to_lowercase();
    let after = |marker: &str| lower.find(marker).map(|i| note[i + marker.len()..].trim());
    let strip_suffix = |suffixes: &[&str]| {
        suffixes.iter().find_map(|suf| note.strip_suffix(suf)).map(str::trim).filter(|r| !r.is_empty())
    };
    if let Some(root) = lower.strip_prefix("citing ").map(|_| &note[7..]) {
        return ParsedOutlet { publisher: canon(head), origin: canon(root).map(|r| (r, How::Citation)) };
    }
    if let Some(via) = lower.strip_prefix("via ").map(|_| &note[4..]) {
        return ParsedOutlet { publisher: canon(via), origin: canon(head).map(|r| (r, How::Repost)) };
    }
    if let Some(by) = after("reposted by ").or_else(|| after("reposted on ")) {
        return ParsedOutlet { publisher: canon(by), origin: canon(head).map(|r| (r, How::Repost)) };
    }
    if lower.contains("mirror") {
        return ParsedOutlet { publisher: None, origin: canon(head).map(|r| (r, How::Mirror)) };
    }
    if let Some(root) = lower.strip_prefix("summary of ").map(|_| &note[11..]) {
        let root = root.trim().strip_suffix(" report").unwrap_or(root);
        return ParsedOutlet { publisher: canon(head), origin: canon(root).map(|r| (r, How::Citation)) };
    }
    if let Some(root) = strip_suffix(&[" content"]) {
        return ParsedOutlet { publisher: canon(head), origin: canon(root).map(|r| (r, How::Repost)) };
    }
    if let Some(root) = strip_suffix(&["보도 인용", "인용"]) {
        return ParsedOutlet { publisher: canon(head), origin: canon(root).map(|r| (r, How::Citation)) };
    }
    if let Some(root) = strip_suffix(&["보도 재게재", "재게재"]) {
        return ParsedOutlet { publisher: canon(head), origin: canon(root).map(|r| (r, How::Repost)) };
    }
    // Korean notes for "re-posted page" or "carried on a portal" anywhere after the name:
    // the named outlet is the origin, the host is someone else.
    if ["재게시", "재게재", "게재"].iter().any(|m| note.contains(m) || tail.contains(m)) {
        return ParsedOutlet { publisher: None, origin: canon(head).map(|r| (r, How::Repost)) };
    }
    ParsedOutlet { publisher: canon(head), origin: None }
}

/// Bytes of a document's beginning searched for citations: its first two paragraphs, at
/// most this many bytes.
pub const LEAD_BYTES: usize = 1_500;

fn lead(text: &str) -> &str {
    let mut paragraphs = 0;
    let mut end = 0;
    for para in text.split_inclusive("\n\n") {
        if para.trim().is_empty() {
            end += para.len();
            continue;
        }
        end += para.len();
        paragraphs += 1;
        if paragraphs == 2 {
            break;
        }
    }
    let mut end = end.min(LEAD_BYTES).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The sentence around byte `at`: from the previous sentence end to the next.
fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '。');
    let s = text[..start].rfind(is_end).map_or(0, |i| i + 1);
    let e = text[end..].find(is_end).map_or(text.len(), |i| end + i + 1);
    (s, e.min(text.len()))
}

fn window(text: &str, from: usize, to: usize) -> &str {
    let (mut a, mut b) = (from.min(text.len()), to.min(text.len()));
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    while !text.is_char_boundary(b) {
        b += 1;
    }
    &text[a..b]
}

/// Outlets the lead of `text` cites, other than `own` (canonical names): each with the
/// sentence that cites it.
pub fn lead_citations(text: &str, own: &[&str]) -> Vec<(String, String)> {
    let l = lexicon();
    let lead = lead(text);
    let mut out: Vec<(String, String)> = Vec::new();
    for found in l.find_sources(lead) {
        let src = &l.sources[found.source];
        if src.scope != Scope::Outlet || own.contains(&src.name.as_str()) {
            continue;
        }
        let before = window(lead, found.start.saturating_sub(40), found.start).to_lowercase();
        let after = window(lead, found.end, found.end + 40).to_lowercase();
        let (ss, se) = sentence_around(lead, found.start, found.end);
        let rest = lead[found.end..se].to_lowercase();
        let cited = l.cues.iter().any(|(at, cue)| match at {
            CueWhere::Before => {
                let b = before.trim_end();
                b.ends_with(cue.as_str()) || b.ends_with(&format!("{cue} the"))
            }
            CueWhere::After => {
                after.trim_start().starts_with(cue.as_str()) || after.contains(&format!(" {cue}"))
            }
            CueWhere::Sentence => rest.contains(cue.as_str()),
        });
        if cited && !out.iter().any(|(n, _)| n == &src.name) {
            out.push((src.name.clone(), lead[ss..se].trim().to_owned()));
        }
    }
    out
}

/// MinHash signature length.
pub const SIGNATURE_LEN: usize = 63;
/// LSH bands × rows = [`SIGNATURE_LEN`]: two documents become candidates when one band of
/// three hashes agrees, which finds pairs with Jaccard ≥ 0.5 about 93% of the time and
/// almost never pairs unrelated documents.
const BANDS: usize = 21;
const ROWS: usize = 3;
/// Words per shingle.
const SHINGLE: usize = 4;
/// Fewer shingles than this and a text is too short to call a copy of anything.
pub const MIN_SHINGLES: usize = 12;
/// The share of the shorter document's shingles found in the longer one above which it is a
/// near-copy: a re-post with a new headline, a byline and a footer keeps far more.
pub const CONTAINMENT: f64 = 0.7;

/// A document's MinHash signature and how many distinct shingles it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: [u64; SIGNATURE_LEN],
    pub shingles: usize,
}

fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The signature of a text, or `None` when it is too short to judge. Stable across runs and
/// platforms (FNV-1a and SplitMix64, no random seed), so signatures could be stored.
pub fn signature(text: &str) -> Option<Signature> {
    // Words are hashed as they are read (lower-cased into one reused buffer) and a shingle's
    // hash combines its words' hashes, so no word is ever allocated.
    let mut shingles: FastSet<u64> = FastSet::with_capacity_and_hasher(text.len() / 6, Default::default());
    let mut window = [0u64; SHINGLE];
    let mut seen = 0usize;
    let mut buf = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        buf.clear();
        if word.is_ascii() {
            buf.push_str(word);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(word.chars().flat_map(char::to_lowercase));
        }
        window[seen % SHINGLE] = fnv1a(buf.as_bytes(), 0xcbf2_9ce4_8422_2325);
        seen += 1;
        if seen >= SHINGLE {
            let mut h = 0u64;
            for k in 0..SHINGLE {
                h = splitmix(h ^ window[(seen + k) % SHINGLE]);
            }
            shingles.insert(h);
        }
    }
    if shingles.len() < MIN_SHINGLES {
        return None;
    }
    let mut mins = [u64::MAX; SIGNATURE_LEN];
    for &s in &shingles {
        for (i, m) in mins.iter_mut().enumerate() {
            let v = splitmix(s ^ SEEDS[i]);
            if v < *m {
                *m = v;
            }
        }
    }
    Some(Signature { mins, shingles: shingles.len() })
}

const SEEDS: [u64; SIGNATURE_LEN] = {
    let mut s = [0u64; SIGNATURE_LEN];
    let mut i = 0;
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    while i < SIGNATURE_LEN {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s[i] = x;
        i += 1;
    }
    s
};

impl Signature {
    /// The signature as bytes for storage: its minimums, little-endian, in order.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.mins.iter().flat_map(|m| m.to_le_bytes()).collect()
    }

    /// A signature from [`Signature::to_bytes`] and its shingle count; `None` when the
    /// bytes are not a signature's length.
    pub fn from_bytes(bytes: &[u8], shingles: usize) -> Option<Signature> {
        if bytes.len() != SIGNATURE_LEN * 8 {
            return None;
        }
        let mut mins = [0u64; SIGNATURE_LEN];
        for (m, chunk) in mins.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *m = u64::from_le_bytes(b);
        }
        Some(Signature { mins, shingles })
    }

    /// The estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        self.same(other) as f64 / SIGNATURE_LEN as f64
    }

    /// The estimated share of the smaller set found in the larger.
    pub fn containment(&self, other: &Signature) -> f64 {
        containment_of(self.same(other), self.shingles, other.shingles)
    }

    /// How many of the two signatures' minimums are equal.
    fn same(&self, other: &Signature) -> usize {
        self.mins.iter().zip(&other.mins).filter(|(a, b)| a == b).count()
    }

    fn band_keys(&self) -> impl Iterator<Item = u64> + '_ {
        (0..BANDS).map(move |b| {
            let mut h = splitmix(b as u64);
            for r in 0..ROWS {
                h = splitmix(h ^ self.mins[b * ROWS + r]);
            }
            h
        })
    }
}

struct Entry {
    id: DocId,
    published: Option<NaiveDate>,
    /// Links from the outlet note and the lead's citations (not near-duplicates).
    stated: Vec<Link>,
    publisher: Option<String>,
    /// The near-copy link, when this document copies an earlier one.
    copy_of: Option<(usize, String)>,
    signature: Option<Signature>,
}

impl Entry {
    fn order(&self) -> (Option<NaiveDate>, &DocId) {
        (self.published, &self.id)
    }
}

/// What a document's own text and outlet note say about where it comes from: the part of
/// [`Independence::add`] that needs no other document, so a recompute can work it out for
/// many documents at once ([`Independence::prepare`]).
///
/// It is also the document's *fingerprint*: everything independence reads of a document
/// besides its id and date, a few hundred bytes however long the text. A store may keep it
/// ([`Prepared::from_parts`] rebuilds it) so that placing new claims never reads old texts
/// again; [`fingerprint_version`] says when a kept one is stale.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    publisher: Option<String>,
    stated: Vec<Link>,
    signature: Option<Signature>,
}

impl Prepared {
    /// A fingerprint from its stored parts, as the accessors below gave them.
    pub fn from_parts(
        publisher: Option<String>,
        stated: Vec<Link>,
        signature: Option<Signature>,
    ) -> Prepared {
        Prepared { publisher, stated, signature }
    }
    /// Who published the document (canonical name), from its outlet note.
    pub fn publisher(&self) -> Option<&str> {
        self.publisher.as_deref()
    }
    /// The links the outlet note and the lead's citations state.
    pub fn stated(&self) -> &[Link] {
        &self.stated
    }
    /// The MinHash signature of the text, `None` for a text too short to judge.
    pub fn signature(&self) -> Option<&Signature> {
        self.signature.as_ref()
    }
}

/// Changes whenever a fingerprint of the same document could come out different: the
/// method's own revision (bumped by hand when [`signature`], [`lead_citations`] or
/// [`parse_outlet`] change) and a hash of the data files they read (source names and
/// aliases, citation cues). A stored fingerprint of another version is recomputed from
/// the text.
pub fn fingerprint_version() -> &'static str {
    static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let data = super::lexicon::fingerprint_data();
        let h = data.iter().fold(0xcbf2_9ce4_8422_2325, |h, d| fnv1a(d.as_bytes(), h));
        format!("fp1-{h:016x}")
    });
    &VERSION
}

/// [`Signature::containment`] of two signatures with `shingles` `a` and `b` of which `same`
/// minimums are equal. It never falls as `same` grows, so a bound on `same` bounds it.
fn containment_of(same: usize, a: usize, b: usize) -> f64 {
    let j = same as f64 / SIGNATURE_LEN as f64;
    let inter = j / (1.0 + j) * (a + b) as f64;
    (inter / a.min(b).max(1) as f64).min(1.0)
}

/// Minimums of a [`Head`], the rest of the signature's rows being counted as equal.
const HEAD_ROWS: usize = 56;

/// Half a cache line per document for looking for near-copies: the low four bits of each
/// of its signature's first [`HEAD_ROWS`] minimums, packed sixteen to a word, and its
/// shingle count. Two equal minimums have equal low bits, so the nibbles that agree (plus
/// the rows left out) bound the minimums that agree, and with them the containment. A
/// document is compared with every document that shares one of its LSH bands — in a corpus
/// of templated reports, thousands, nearly all far below the bar — and the bound rules
/// nearly all of them out without reading their signatures; a candidate it keeps is
/// compared in full, so what is found does not change. The heads of all documents are what
/// the search reads at random: at 32 bytes, 600,000 documents' heads (19 MB) stay in a
/// server processor's last-level cache, where the 64-byte heads of one low byte a row
/// (38 MB) did not, and each candidate waited on memory.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Head {
    /// Rows 0–47, sixteen nibbles a word, row `16w + k` in bits `4k..4k+4` of word `w`.
    rows: [u64; 3],
    /// Rows 48–55, likewise.
    last: u32,
    /// Fewer than the text's bytes, at most 50 MB (ingest's limit), so a u32 holds them.
    shingles: u32,
}

/// How many of the sixteen nibbles of `x` are not zero.
fn nonzero_nibbles(x: u64) -> usize {
    // Each nibble's four bits folded into its lowest bit, the others masked off.
    let folded = x | (x >> 1);
    let folded = folded | (folded >> 2);
    (folded & 0x1111_1111_1111_1111).count_ones() as usize
}

impl Head {
    const EMPTY: Head = Head { rows: [0; 3], last: 0, shingles: 0 };

    fn of(sig: &Signature) -> Head {
        let nibble = |row: usize| sig.mins[row] & 0xF;
        let mut rows = [0u64; 3];
        for (w, word) in rows.iter_mut().enumerate() {
            for k in 0..16 {
                *word |= nibble(16 * w + k) << (4 * k);
            }
        }
        let mut last = 0u64;
        for k in 0..HEAD_ROWS - 48 {
            last |= nibble(48 + k) << (4 * k);
        }
        Head {
            rows,
            // Eight nibbles: fits.
            last: last as u32,
            shingles: u32::try_from(sig.shingles).unwrap_or(u32::MAX),
        }
    }

    /// At least as many as the minimums `a` and `b` (their documents' heads) share.
    fn same_at_most(a: &Head, b: &Head) -> usize {
        let differ: usize = a.rows.iter().zip(&b.rows).map(|(x, y)| nonzero_nibbles(x ^ y)).sum::<usize>()
            + nonzero_nibbles(u64::from(a.last ^ b.last));
        HEAD_ROWS - differ + (SIGNATURE_LEN - HEAD_ROWS)
    }
}

/// An LSH bucket: the documents whose signatures agree on one band, in the order added.
/// Nearly all buckets hold one document (a corpus of 100,000 documents has two million
/// buckets), kept inline in the map; a bucket that gains a second document gets a list.
/// A list is read front to back, so looking through a large bucket (templated reports share
/// them by the thousand) reads its documents' numbers in sequence and asks for their
/// [`Head`]s independently of one another, which the processor overlaps. (The buckets were
/// chains through one array of every document's band slots: each step waited for the last,
/// and at 600,000 documents looking for near-copies was nearly all of ingest's event update.)
#[derive(Clone, Copy)]
enum Bucket {
    One(u32),
    /// An index into [`Independence::lists`].
    Many(u32),
}

/// The derivation state of a corpus, updated one document at a time.
#[derive(Default)]
pub struct Independence {
    entries: Vec<Entry>,
    by_id: FastMap<DocId, usize>,
    /// Band key → the documents whose signature has that band.
    lsh: FastMap<u64, Bucket>,
    /// The documents of each bucket holding more than one, in the order added.
    lists: Vec<Vec<u32>>,
    /// Per document, its signature's [`Head`] (a zeroed one when it has no signature, which
    /// is never in a bucket).
    heads: Vec<Head>,
    /// Per document, the stamp of the last search that met it in a bucket: a document is
    /// compared once however many bands it shares.
    marks: Vec<u32>,
    /// The stamp of the search under way.
    stamp: u32,
}

impl Independence {
    pub fn new() -> Independence {
        Independence::default()
    }

    /// Room for `n` more documents, so a large corpus's tables are sized once rather than
    /// grown by doubling (which holds up to twice the room, and both copies while moving).
    pub fn reserve(&mut self, n: usize) {
        self.entries.reserve_exact(n);
        self.by_id.reserve(n);
        // Not the LSH table: templated reports share bands, so reserving a bucket for each of
        // every document's bands doubled the table at 100,000 documents (+30 MB of peak);
        // it grows with the buckets there are.
        self.heads.reserve_exact(n);
        self.marks.reserve_exact(n);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What `doc`'s outlet note, lead and text say, without looking at other documents.
    pub fn prepare(doc: &DocInfo) -> Prepared {
        Independence::prepare_text(doc.outlet.as_deref(), &doc.text)
    }

    /// [`Independence::prepare`] from the only two things it reads of a document: its
    /// outlet note and its text (for a caller that holds them outside a [`DocInfo`]).
    pub fn prepare_text(outlet: Option<&str>, text: &str) -> Prepared {
        let parsed = outlet.map(parse_outlet);
        let publisher = parsed.as_ref().and_then(|p| p.publisher.clone());
        let mut stated = Vec::new();
        if let (Some(p), Some(note)) = (&parsed, outlet)
            && let Some((root, how)) = &p.origin
            && Some(root) != publisher.as_ref()
        {
            stated.push(Link {
                target: LinkTarget::Source(root.clone()),
                how: *how,
                evidence: note.to_owned(),
            });
        }
        let mut own: Vec<&str> = publisher.iter().map(String::as_str).collect();
        if let Some((root, _)) = parsed.as_ref().and_then(|p| p.origin.as_ref()) {
            own.push(root);
        }
        for (name, sentence) in lead_citations(text, &own) {
            stated.push(Link { target: LinkTarget::Source(name), how: How::Citation, evidence: sentence });
        }
        Prepared { publisher, stated, signature: signature(text) }
    }

    /// Adds a document and returns the documents whose root may have changed: this one, and
    /// any earlier-added document that turns out to copy it (when it was published later).
    /// Adding a document already known changes nothing.
    pub fn add(&mut self, doc: &DocInfo) -> Vec<DocId> {
        if self.by_id.contains_key(&doc.id) {
            return Vec::new();
        }
        self.add_prepared(&doc.id, doc.published, Independence::prepare(doc))
    }

    /// [`Independence::add`] with the document's own part already worked out.
    pub fn add_prepared(&mut self, id: &DocId, published: Option<NaiveDate>, prep: Prepared) -> Vec<DocId> {
        if self.by_id.contains_key(id) {
            return Vec::new();
        }
        let Prepared { publisher, stated, signature } = prep;
        let idx = self.entries.len();
        let order = (published, id);
        let mut changed = vec![id.clone()];
        let mut copy_of = None;
        let head = signature.as_ref().map_or(Head::EMPTY, Head::of);
        if let Some(sig) = &signature {
            // A fresh stamp per search; on the (four-billionth) wrap the marks start over.
            self.stamp = match self.stamp.checked_add(1) {
                Some(s) => s,
                None => {
                    self.marks.fill(0);
                    1
                }
            };
            let stamp = self.stamp;
            let mut best: Option<(usize, f64)> = None;
            for key in sig.band_keys() {
                let docs: &[u32] = match self.lsh.get(&key) {
                    None => &[],
                    Some(Bucket::One(d)) => std::slice::from_ref(d),
                    Some(&Bucket::Many(l)) => &self.lists[l as usize],
                };
                for &c in docs {
                    let mark = &mut self.marks[c as usize];
                    if *mark == stamp {
                        continue;
                    }
                    *mark = stamp;
                    let c = c as usize;
                    // Over the bar and above the best so far; a bound that fails it rules
                    // the candidate out unread.
                    let wins = |share: f64| share >= CONTAINMENT && best.is_none_or(|(_, b)| share > b);
                    let other_head = &self.heads[c];
                    let same_at_most = Head::same_at_most(&head, other_head);
                    if !wins(containment_of(same_at_most, sig.shingles, other_head.shingles as usize)) {
                        continue;
                    }
                    let Some(other) = &self.entries[c].signature else { continue };
                    let share = sig.containment(other);
                    if wins(share) {
                        best = Some((c, share));
                    }
                }
            }
            if let Some((c, share)) = best {
                let evidence =
                    format!("{:.0}% of the shorter text's 4-word shingles are shared", share * 100.0);
                let other_is_copy = !self.entries[c].stated.is_empty() && stated.is_empty();
                if other_is_copy
                    || (self.entries[c].stated.is_empty() == stated.is_empty()
                        && order < self.entries[c].order())
                {
                    // The new document is the original: the earlier-added one copies it.
                    if self.entries[c].copy_of.is_none() {
                        self.entries[c].copy_of = Some((idx, evidence));
                        changed.push(self.entries[c].id.clone());
                    }
                } else {
                    copy_of = Some((c, evidence));
                }
            }
        }
        if let Some(sig) = &signature {
            // Documents are counted in u32 throughout clustering.
            let doc = idx as u32;
            for key in sig.band_keys() {
                match self.lsh.entry(key) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(Bucket::One(doc));
                    }
                    std::collections::hash_map::Entry::Occupied(mut o) => match *o.get() {
                        Bucket::One(first) => {
                            let list = self.lists.len() as u32;
                            self.lists.push(vec![first, doc]);
                            o.insert(Bucket::Many(list));
                        }
                        Bucket::Many(list) => self.lists[list as usize].push(doc),
                    },
                }
            }
        }
        self.heads.push(head);
        self.marks.push(0);
        self.entries.push(Entry { id: id.clone(), published, stated, publisher, copy_of, signature });
        self.by_id.insert(id.clone(), idx);
        changed
    }

    /// Where a document's content comes from; `None` for a document never added.
    pub fn root(&self, id: &DocId) -> Option<DocRoot> {
        let mut idx = *self.by_id.get(id)?;
        let first = &self.entries[idx];
        let mut links = Vec::new();
        let mut visited = HashSet::new();
        // Follow near-copy links to the original document, then that document's stated links.
        while let Some((next, evidence)) = &self.entries[idx].copy_of {
            if !visited.insert(idx) {
                break;
            }
            links.push(Link {
                target: LinkTarget::Document(self.entries[*next].id.clone()),
                how: How::NearDuplicate,
                evidence: evidence.clone(),
            });
            idx = *next;
        }
        let origin = &self.entries[idx];
        links.extend(origin.stated.iter().cloned());
        let root = match links.iter().rev().find_map(|l| match &l.target {
            LinkTarget::Source(s) => Some(s.clone()),
            LinkTarget::Document(_) => None,
        }) {
            Some(s) => s,
            None => origin.publisher.clone().unwrap_or_else(|| format!("unknown outlet ({})", origin.id)),
        };
        Some(DocRoot { publisher: first.publisher.clone(), root, links })
    }

    /// The name of the source a document's content originates from, as [`Independence::root`]
    /// gives it, without building the chain.
    pub fn root_name(&self, id: &DocId) -> Option<String> {
        let idx = *self.by_id.get(id)?;
        Some(self.root_name_at(idx).into_owned())
    }

    /// The document a document's near-copy chain ends at (itself for an original).
    fn origin_at(&self, mut idx: usize) -> usize {
        let mut hops = 0;
        while let Some((next, _)) = &self.entries[idx].copy_of {
            idx = *next;
            hops += 1;
            if hops > self.entries.len() {
                break;
            }
        }
        idx
    }

    /// [`Independence::root_name`] of the document added `idx`-th, borrowed where it can be.
    pub(crate) fn root_name_at(&self, idx: usize) -> Cow<'_, str> {
        let origin = &self.entries[self.origin_at(idx)];
        match origin.stated.iter().rev().find_map(|l| match &l.target {
            LinkTarget::Source(s) => Some(s),
            LinkTarget::Document(_) => None,
        }) {
            Some(s) => Cow::Borrowed(s.as_str()),
            None => match &origin.publisher {
                Some(p) => Cow::Borrowed(p.as_str()),
                None => Cow::Owned(format!("unknown outlet ({})", origin.id)),
            },
        }
    }

    /// The first link of the document added `idx`-th, as [`DocRoot::links`] would give it,
    /// without building the chain: the document it near-copies, or the first source it states.
    pub(crate) fn first_link_at(&self, idx: usize) -> Option<FirstLink<'_>> {
        let e = &self.entries[idx];
        if let Some((next, _)) = &e.copy_of {
            return Some(FirstLink::Document(*next));
        }
        match e.stated.first().map(|l| &l.target) {
            Some(LinkTarget::Source(s)) => Some(FirstLink::Source(s)),
            Some(LinkTarget::Document(d)) => self.by_id.get(d).map(|&i| FirstLink::Document(i)),
            None => None,
        }
    }

    /// The document the document added `idx`-th is a near-copy of.
    pub(crate) fn copy_of_at(&self, idx: usize) -> Option<usize> {
        self.entries[idx].copy_of.as_ref().map(|(next, _)| *next)
    }

    /// Who published the document added `idx`-th.
    pub(crate) fn publisher_at(&self, idx: usize) -> Option<&str> {
        self.entries[idx].publisher.as_deref()
    }

    /// The source a claim of document `doc` rests on (see the module documentation).
    pub fn claim_root(&self, doc: &DocId, claim: &Claim) -> RootSource {
        let named = Named::of(claim);
        match self.by_id.get(doc) {
            Some(&idx) => self.claim_root_at(idx, claim.source.kind, named),
            None => root_from(format!("unknown outlet ({doc})"), claim.source.kind, named),
        }
    }

    /// [`Independence::claim_root`] for a claim of the document added `idx`-th whose source
    /// type is `kind` and whose words name `named`.
    pub(crate) fn claim_root_at(&self, idx: usize, kind: SourceType, named: Named) -> RootSource {
        root_from(self.root_name_at(idx).into_owned(), kind, named)
    }
}

/// A document's first derivation link, by the index of the document it points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FirstLink<'a> {
    Document(usize),
    Source(&'a str),
}

/// The outlet and the institution a claim's source words (or, when they name nothing, its
/// quote) name: found once per claim, since finding names in text is the costly part of
/// working out a claim's root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Named {
    outlet: Option<u32>,
    institution: Option<u32>,
}

impl Named {
    /// Whether a claim with this source type looks for a name in its words; the others
    /// never read one.
    pub(crate) fn looks_for_names(kind: SourceType) -> bool {
        matches!(
            kind,
            SourceType::OtherOutlet
                | SourceType::IntelligenceAgency
                | SourceType::OfficialStatement
                | SourceType::UnBody
                | SourceType::Ngo
        )
    }

    pub(crate) fn of(claim: &Claim) -> Named {
        if !Named::looks_for_names(claim.source.kind) {
            return Named::default();
        }
        let l = lexicon();
        let mut found = l.find_sources(&claim.source.text);
        if found.is_empty() {
            found = l.find_sources(&claim.evidence.quote);
        }
        let first = |scope: Scope| {
            found.iter().map(|f| f.source).find(|&i| l.sources[i].scope == scope).map(|i| i as u32)
        };
        Named { outlet: first(Scope::Outlet), institution: first(Scope::Institution) }
    }
}

fn root_from(outlet: String, kind: SourceType, named: Named) -> RootSource {
    let l = lexicon();
    let name = |i: Option<u32>| i.map(|i| l.sources[i as usize].name.clone());
    match kind {
        SourceType::OtherOutlet => RootSource::Named { name: name(named.outlet).unwrap_or(outlet) },
        SourceType::IntelligenceAgency
        | SourceType::OfficialStatement
        | SourceType::UnBody
        | SourceType::Ngo => match name(named.institution) {
            Some(name) => RootSource::Named { name },
            None => RootSource::Unnamed { outlet, kind },
        },
        SourceType::MediaInvestigation | SourceType::Unknown => RootSource::Named { name: outlet },
        kind => RootSource::Unnamed { outlet, kind },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(note: &str) -> Option<(String, How)> {
        parse_outlet(note).origin
    }

    #[test]
    fn outlet_notes_name_the_origin() {
        assert_eq!(
            origin("News24 (reposted by Pan-African News Wire)"),
            Some(("News24".into(), How::Repost))
        );
        assert_eq!(
            origin("KBS World Radio (citing Radio Free Asia)"),
            Some(("Radio Free Asia".into(), How::Citation))
        );
        assert_eq!(
            origin("The Star (Malaysia), carrying The Korea Herald / ANN"),
            Some(("The Korea Herald".into(), How::Repost))
        );
        assert_eq!(origin("The Diplomat (Daily NK content)"), Some(("Daily NK".into(), How::Repost)));
        assert_eq!(origin("국민일보 (BBC 보도 인용)"), Some(("BBC".into(), How::Citation)));
        assert_eq!(origin("기도24365 (데일리NK 보도 재게재)"), Some(("Daily NK".into(), How::Repost)));
        assert_eq!(
            origin("Associated Press (via Business Standard / PTI feed)"),
            Some(("Associated Press".into(), How::Repost))
        );
        assert_eq!(origin("Al Jazeera (mirror host)"), Some(("Al Jazeera".into(), How::Mirror)));
        assert_eq!(
            origin("BNN Breaking (summary of UN Panel of Experts report)"),
            Some(("UN Panel of Experts".into(), How::Citation))
        );
        assert_eq!(
            origin("Daily NK (English; reposted on internetional.news)").map(|o| o.0),
            Some("Daily NK".into())
        );
        assert_eq!(origin("뉴시스 (NK News 인용)").map(|o| o.0), Some("NK News".into()));
        assert_eq!(
            origin("매일경제 (매경닷컴, 줌 뉴스 게재)"),
            Some(("Maeil Business Newspaper".into(), How::Repost))
        );
        assert_eq!(origin("The Chosun Ilbo (English edition)"), None);
        assert_eq!(origin("데일리NK (한국어)"), None);
        assert_eq!(parse_outlet("데일리NK (한국어)").publisher.as_deref(), Some("Daily NK"));
        assert_eq!(origin("경향신문"), None);
    }

    #[test]
    fn lead_citations_find_other_outlets_not_the_own_one() {
        let en = "Russia handed out visas, Radio Free Asia reported, according to KBS World Radio.\n\nMore.";
        let got = lead_citations(en, &["KBS"]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "Radio Free Asia");
        let ko = "노동자들이 일하고 있다고 영국 BBC방송이 보도했다. 추가 내용.\n\n둘째 문단.";
        assert_eq!(lead_citations(ko, &["Kukmin Ilbo"])[0].0, "BBC");
        let ko2 = "첫 문단.\n\n데일리NK 중국 현지 대북 소식통에 따르면, 북한은 보냈다.";
        assert_eq!(lead_citations(ko2, &["Prayer24365"])[0].0, "Daily NK");
        assert!(lead_citations(ko2, &["Daily NK"]).is_empty());
        // A name without a citing word is not a citation.
        assert!(lead_citations("Daily NK readers wrote letters.\n\n", &[]).is_empty());
        // Citations below the lead do not make the whole document derived.
        let late = "One.\n\nTwo.\n\nThree: according to Yonhap, more went.";
        assert!(lead_citations(late, &[]).is_empty());
    }

    fn doc(id: &str, outlet: &str, published: &str, text: &str) -> DocInfo {
        DocInfo {
            id: DocId::new(id),
            outlet: Some(outlet.into()),
            url: None,
            published: NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
            title: None,
            text: text.into(),
        }
    }

    const STORY: &str = "North Korea plans to select additional laborers to send to Russian-occupied regions of \
        eastern Ukraine. A source in North Korea told Daily NK on Monday that the country plans to start the \
        second round of selections on Nov. 1, with six teams of about fifty people each, and that the state \
        wants at least six to seven hundred dollars a month from every worker sent abroad.";

    #[test]
    fn a_near_copy_derives_from_the_earlier_original() {
        let mut ind = Independence::new();
        ind.add(&doc("d-orig", "Daily NK", "2022-10-25", STORY));
        let copy = format!("Reposted from elsewhere.\n\n{STORY}\n\nShare this article.");
        let changed = ind.add(&doc("d-copy", "Some Blog", "2022-10-26", &copy));
        assert_eq!(changed, vec![DocId::new("d-copy")]);
        let root = ind.root(&DocId::new("d-copy")).unwrap();
        assert_eq!(root.root, "Daily NK");
        assert_eq!(root.links[0].target, LinkTarget::Document(DocId::new("d-orig")));
        assert_eq!(root.links[0].how, How::NearDuplicate);
        assert!(!ind.root(&DocId::new("d-orig")).unwrap().derived());
    }

    #[test]
    fn an_original_arriving_after_its_copy_takes_the_copy_over() {
        let mut ind = Independence::new();
        let copy = format!("{STORY} Comments are closed.");
        ind.add(&doc("d-copy", "Some Blog", "2022-10-26", &copy));
        let changed = ind.add(&doc("d-orig", "Daily NK", "2022-10-25", STORY));
        assert!(changed.contains(&DocId::new("d-copy")));
        assert_eq!(ind.root(&DocId::new("d-copy")).unwrap().root, "Daily NK");
        assert!(!ind.root(&DocId::new("d-orig")).unwrap().derived());
    }

    #[test]
    fn unrelated_texts_are_not_copies() {
        let a = signature(STORY).unwrap();
        let b = signature(
            "Trade between North Korea and Russia grew by about forty percent last year despite the \
             international sanctions imposed on Pyongyang, according to newly released customs data for 2019.",
        )
        .unwrap();
        assert!(a.containment(&b) < 0.2, "{}", a.containment(&b));
        assert!(signature("too short to judge").is_none());
    }

    #[test]
    fn a_citation_of_an_absent_outlet_is_still_derived() {
        let mut ind = Independence::new();
        ind.add(&doc(
            "d-k",
            "국민일보 (BBC 보도 인용)",
            "2025-08-13",
            "노동자들이 일한다고 BBC방송이 보도했다.",
        ));
        let r = ind.root(&DocId::new("d-k")).unwrap();
        assert_eq!(r.root, "BBC");
        assert!(r.derived());
        assert_eq!(r.links[0].target.to_string(), "outlet:BBC");
    }

    proptest::proptest! {
        /// The head's bound never rules out a pair the whole signatures would keep: it is
        /// never below the containment, over signatures whose minimums often agree whole,
        /// agree only in their low bits, or differ.
        #[test]
        fn a_head_bounds_the_containment(
            a in proptest::collection::vec(0u64..6, SIGNATURE_LEN),
            flips in proptest::collection::vec(0u64..3, SIGNATURE_LEN),
            low_byte_only in proptest::bool::ANY,
            shingles in (1usize..5_000, 1usize..5_000),
        ) {
            // Each row of `b` equal to `a`'s, different, or (when `low_byte_only`) equal in
            // its low bits only; without those the bound is tight.
            let sig = |v: &[u64], n: usize| {
                let mut mins = [0u64; SIGNATURE_LEN];
                for (m, &x) in mins.iter_mut().zip(v) {
                    *m = x;
                }
                Signature { mins, shingles: n }
            };
            let b: Vec<u64> = a.iter().zip(&flips).map(|(&x, &f)| match f {
                0 => x,
                1 => x + 1,
                _ if low_byte_only => x | 1 << 20,
                _ => x,
            }).collect();
            let (sa, sb) = (sig(&a, shingles.0), sig(&b, shingles.1));
            let same = sa.same(&sb);
            let most = Head::same_at_most(&Head::of(&sa), &Head::of(&sb));
            proptest::prop_assert!(most >= same);
            let bound = containment_of(most, shingles.0, Head::of(&sb).shingles as usize);
            proptest::prop_assert!(bound >= sa.containment(&sb));
        }

        /// The folded count of a word's non-zero nibbles is the count nibble by nibble.
        #[test]
        fn nibbles_are_counted_one_by_one(x in proptest::num::u64::ANY, mask in proptest::num::u64::ANY) {
            // Masked too, so words with many zero nibbles are tried as often as dense ones.
            for x in [x, x & mask, x & mask & (mask >> 7)] {
                let direct = (0..16).filter(|k| (x >> (4 * k)) & 0xF != 0).count();
                proptest::prop_assert_eq!(nonzero_nibbles(x), direct);
            }
        }
    }
}
