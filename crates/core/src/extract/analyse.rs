//! Per-sentence analysis: everything the lexicons and the number, time and reference readers
//! find in a sentence, before any claim is made.
//!
//! Lexicon phrases are matched once over the whole document and shared out to sentences.
//! This module does not decide what a sentence claims (see `assemble`); it only records what
//! is there and where.

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::dates::{self, TimeMention};
use super::numbers::{self, Figure};
use crate::Lang;
use crate::lexicon::{Cue, Hit, Lexicon, PlaceType, SourceKind};
use crate::text::{Sentence, has_hangul};

/// The words of [`Words`] lists made once.
macro_rules! words {
    ($($w:literal),+) => {{
        static W: OnceLock<Words> = OnceLock::new();
        W.get_or_init(|| Words::new(&[$($w),+]))
    }};
}

/// A lexicon cue found in a sentence.
#[derive(Debug, Clone, Copy)]
pub struct CueHit {
    pub start: usize,
    pub end: usize,
    pub cue: Cue,
}

/// A legal reference: "UNSCR 2397", "CAATSA 321".
#[derive(Debug, Clone)]
pub struct LegalRef {
    pub start: usize,
    pub end: usize,
    pub name: String,
}

/// "the second round", "2차 선발": `round` is `None` for "a further round".
#[derive(Debug, Clone, Copy)]
pub struct RoundMention {
    pub start: usize,
    pub end: usize,
    pub round: Option<u32>,
}

/// Who a sentence says told it.
#[derive(Debug, Clone)]
pub struct Attribution {
    pub kind: SourceKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// "the officials", "the source": refers back to an earlier source.
    pub anaphoric: bool,
    /// Why this attribution was read (lexicon phrase or rule).
    pub rule: String,
}

/// Everything found in one sentence. Offsets are absolute.
#[derive(Debug, Clone)]
pub struct Sent {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
    pub places: Vec<Hit>,
    pub orgs: Vec<Hit>,
    pub cues: Vec<CueHit>,
    pub figures: Vec<Figure>,
    pub times: Vec<TimeMention>,
    pub legal: Vec<LegalRef>,
    pub rounds: Vec<RoundMention>,
    pub attribution: Option<Attribution>,
    /// Clause spans: a sentence cut at semicolons and contrastive joints.
    pub clauses: Vec<(usize, usize)>,
    /// The sentence starts with a pronoun or a definite back-reference ("They", "He",
    /// "The nine", "이들은").
    pub anaphoric_start: bool,
    /// The back-reference is to people of an earlier claim ("They", "The nine", "이들은"),
    /// not to a speaker ("He said").
    pub anaphoric_people: bool,
    /// The sentence holds Hangul (worked out once here: the assembler asks for each rule).
    pub hangul: bool,
}

impl Sent {
    pub fn has_cue(&self, f: impl Fn(Cue) -> bool) -> bool {
        self.cues.iter().any(|c| f(c.cue))
    }

    /// The clause containing byte `pos`.
    pub fn clause_of(&self, pos: usize) -> (usize, usize) {
        self.clauses.iter().copied().find(|&(s, e)| pos >= s && pos < e).unwrap_or((self.start, self.end))
    }
}

/// Splits `hits` (sorted by start) among `sents` by position.
fn bucket<T: Clone>(sents: &[Sentence], items: &[T], start_of: impl Fn(&T) -> usize) -> Vec<Vec<T>> {
    let mut out = vec![Vec::new(); sents.len()];
    let mut si = 0;
    for it in items {
        let p = start_of(it);
        while si < sents.len() && sents[si].end <= p {
            si += 1;
        }
        if si < sents.len() && p >= sents[si].start {
            out[si].push(it.clone());
        }
    }
    out
}

/// Reads every sentence of `text`; `lower` is `text` with ASCII letters lower-cased (same
/// bytes at the same offsets, made once per document by [`super::extract`] and shared with
/// the assembler), for the cheap looks that spare most sentences a pattern.
pub fn analyse(text: &str, lower: &str, lang: Lang, published: Option<NaiveDate>, lx: &Lexicon) -> Vec<Sent> {
    let sentences = crate::text::sentences(text);
    let scan = lx.scan_lower(lower);
    let (places, orgs, sources) = (scan.places, scan.orgs, scan.sources);
    let cues: Vec<CueHit> = scan
        .triggers
        .into_iter()
        .map(|h| CueHit { start: h.start, end: h.end, cue: lx.triggers[h.entry].cue })
        .collect();
    let places_by = bucket(&sentences, &places, |h| h.start);
    let orgs_by = bucket(&sentences, &orgs, |h| h.start);
    let cues_by = bucket(&sentences, &cues, |h| h.start);
    let sources_by = bucket(&sentences, &sources, |h| h.start);
    let (mut places_by, mut orgs_by, mut cues_by) =
        (places_by.into_iter(), orgs_by.into_iter(), cues_by.into_iter());
    let mut out: Vec<Sent> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = &text[s.start..s.end];
            Sent {
                index: i,
                start: s.start,
                end: s.end,
                paragraph: s.paragraph,
                places: places_by.next().unwrap_or_default(),
                orgs: orgs_by.next().unwrap_or_default(),
                cues: cues_by.next().unwrap_or_default(),
                figures: Vec::new(),
                times: Vec::new(),
                legal: Vec::new(),
                rounds: Vec::new(),
                attribution: None,
                clauses: Vec::new(),
                anaphoric_start: false,
                anaphoric_people: false,
                hangul: has_hangul(st),
            }
        })
        .collect();
    // Each reader goes over every sentence before the next one starts, rather than every
    // reader over one sentence: a reader's automaton and tables stay in the processor's
    // caches for its whole pass (read in turn per sentence, they pushed each other out:
    // extraction ran ~3 % slower, the same work).
    let ko = |s: &Sent| lang == Lang::Ko || s.hangul;
    for s in &mut out {
        let (st, lower_st) = (&text[s.start..s.end], &lower[s.start..s.end]);
        s.figures = if ko(s) {
            let mut f = numbers::figures_ko(st, s.start);
            // Korean reporting quotes English figures too ("US$800").
            if st.contains('$') {
                f.extend(
                    numbers::figures_en_lower(st, lower_st, s.start)
                        .into_iter()
                        .filter(|x| matches!(x.unit, numbers::Unit::Money { .. })),
                );
            }
            f
        } else {
            numbers::figures_en_lower(st, lower_st, s.start)
        };
    }
    let mut previous_time: Option<(NaiveDate, NaiveDate)> = None;
    for s in &mut out {
        let st = &text[s.start..s.end];
        s.times = if ko(s) {
            dates::times_ko(st, s.start, published, previous_time)
        } else {
            dates::times_en(st, s.start, published, previous_time)
        };
        if let Some(t) = s.times.iter().rev().find(|t| !t.relative) {
            previous_time = Some((t.begin, t.finish));
        }
    }
    // The words that gate the legal, round and source patterns, found once in the whole
    // text: looked for in every sentence, ten searches each, they cost more than the
    // patterns they spare.
    let gate = |words: &Words| Found::new(words, lower);
    let folds = if text.is_ascii() { Found::default() } else { gate(words!("\u{17F}", "\u{212A}")) };
    let (legal, source) = (gate(legal_words()), gate(words!("source")));
    let (round_en, round_ko) = (gate(round_words_en()), gate(round_words_ko()));
    for s in &mut out {
        let st = &text[s.start..s.end];
        if legal.within(s.start, s.end) || folds.within(s.start, s.end) {
            s.legal = legal_refs(st, s.start);
        }
        s.rounds =
            rounds_gated(st, s.start, round_en.within(s.start, s.end), round_ko.within(s.start, s.end));
    }
    for s in &mut out {
        let (st, lower_st) = (&text[s.start..s.end], &lower[s.start..s.end]);
        let source_word = source.within(s.start, s.end) || folds.within(s.start, s.end);
        s.attribution =
            attribution(text, st, lower_st, s.start, &sources_by[s.index], &s.cues, source_word, lx);
    }
    for s in &mut out {
        let st = &text[s.start..s.end];
        s.clauses = clauses(st, s.start, s.hangul);
        s.anaphoric_start = anaphoric_start(st);
        s.anaphoric_people = anaphoric_people(st);
    }
    out
}

/// The English joints of [`clauses`]: semicolons, and contrastive or coordinating words.
const CLAUSE_EN: &str = r";|,? but |, while |, whereas |, although |, though |, and (?:that|then) |, with ";

/// Clause spans: cut at semicolons and at contrastive or coordinating joints ("but",
/// "while", "지만", "며,", "고,"). `hangul`: the sentence holds Hangul ([`Sent::hangul`]);
/// a sentence without it is searched for the English joints only, by [`english_joints`].
fn clauses(s: &str, base: usize, hangul: bool) -> Vec<(usize, usize)> {
    const KO: &str = r"(?:지만|으나|는데|했고|됐고|이며|하며|으며|했으며|됐으며|이고|면서),? |(?:있어|어서|아서|하여|해서|되어|돼서|하면|으면|이면|다면), ";
    static BOTH: OnceLock<Regex> = OnceLock::new();
    let both =
        BOTH.get_or_init(|| Regex::new(&format!("(?:{CLAUSE_EN}|{KO})")).expect("clause pattern compiles"));
    let mut out = Vec::new();
    let mut start = 0;
    let mut cut = |(m_start, m_end): (usize, usize)| {
        if m_start > start {
            out.push((base + start, base + m_start));
        }
        start = m_end;
    };
    if hangul {
        both.find_iter(s).for_each(|m| cut((m.start(), m.end())));
    } else {
        english_joints(s).for_each(cut);
    }
    out.push((base + start, base + s.len()));
    out
}

/// The English joints of [`clauses`] in `s`, as [`CLAUSE_EN`]'s leftmost-first
/// non-overlapping matches: found from the bytes that start one (`;`, `,`, a space) instead
/// of by the pattern, which a sentence with a comma (most) made search the whole sentence.
fn english_joints(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    // After ", ": the words that make a comma a joint (the pattern's alternatives).
    const AFTER_COMMA: [&str; 8] =
        ["but ", "while ", "whereas ", "although ", "though ", "and that ", "and then ", "with "];
    static BUT: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let but = BUT.get_or_init(|| memchr::memmem::Finder::new(" but "));
    let b = s.as_bytes();
    let mut at = 0;
    // The next " but " at or after `at`, looked up again only once `at` has passed it.
    let mut next_but: Option<usize> = but.find(b);
    std::iter::from_fn(move || {
        loop {
            if next_but.is_some_and(|p| p < at) {
                next_but = but.find(&b[at..]).map(|n| at + n);
            }
            let punct = memchr::memchr2(b';', b',', &b[at..]).map(|n| at + n);
            let p = match (punct, next_but) {
                (Some(p), Some(q)) => p.min(q),
                (Some(p), None) | (None, Some(p)) => p,
                (None, None) => return None,
            };
            let rest = &b[p..];
            let len = match rest[0] {
                b';' => Some(1),
                b',' => rest.strip_prefix(b", ").and_then(|after| {
                    AFTER_COMMA.iter().find(|w| after.starts_with(w.as_bytes())).map(|w| 2 + w.len())
                }),
                _ => Some(5),
            };
            match len {
                Some(len) => {
                    at = p + len;
                    return Some((p, p + len));
                }
                None => at = p + 1,
            }
        }
    })
}

fn anaphoric_people(s: &str) -> bool {
    let start = Start(s.trim_start_matches(['“', '"', '‘', '\'']));
    [
        "they ",
        "these ",
        "those ",
        "the nine ",
        "the men ",
        "the workers ",
        "the group ",
        "the women ",
        "all are ",
        "all of them",
        "이들은",
        "이들이",
        "그들은",
    ]
    .iter()
    .any(|p| start.starts_with(p))
}

fn anaphoric_start(s: &str) -> bool {
    let start = Start(s.trim_start_matches(['“', '"', '‘', '\'']));
    [
        "they ",
        "he ",
        "she ",
        "these ",
        "those ",
        "the nine ",
        "the men ",
        "the workers ",
        "the group ",
        "the women ",
        "all are ",
        "all of them",
        "이들은",
        "이들이",
        "그들은",
        "그는",
        "그녀는",
    ]
    .iter()
    .any(|p| start.starts_with(p))
        || start.0.split_whitespace().nth(1).is_some_and(|w| {
            ["said", "added", "explained", "noted"].iter().any(|v| w.eq_ignore_ascii_case(v))
        }) && start.starts_with("he ")
}

/// The start of a sentence, compared without regard to ASCII case and without lower-casing
/// the whole sentence (the phrases compared are lower-case ASCII or Korean).
struct Start<'a>(&'a str);

impl Start<'_> {
    fn starts_with(&self, prefix: &str) -> bool {
        self.0.as_bytes().get(..prefix.len()).is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
    }
}

/// Words looked for as substrings, their searchers built once (`str::contains` builds one
/// for every call).
struct Words(Vec<memchr::memmem::Finder<'static>>);

impl Words {
    fn new(words: &[&'static str]) -> Words {
        Words(words.iter().map(|w| memchr::memmem::Finder::new(w.as_bytes())).collect())
    }

    #[cfg(test)]
    fn any_in(&self, haystack: &str) -> bool {
        self.0.iter().any(|f| f.find(haystack.as_bytes()).is_some())
    }
}

/// Where any of some [`Words`] is in a text: every occurrence (overlapping ones too), by
/// start, so that whether a sentence holds one is a lookup.
#[derive(Debug, Default)]
struct Found(Vec<(usize, usize)>);

impl Found {
    fn new(words: &Words, haystack: &str) -> Found {
        let h = haystack.as_bytes();
        let mut all = Vec::new();
        for f in &words.0 {
            let mut from = 0;
            while let Some(i) = f.find(&h[from..]) {
                all.push((from + i, from + i + f.needle().len()));
                from += i + 1;
            }
        }
        all.sort_unstable();
        Found(all)
    }

    /// Whether one of the words lies wholly inside `start..end`.
    fn within(&self, start: usize, end: usize) -> bool {
        let first = self.0.partition_point(|&(s, _)| s < start);
        self.0[first..].iter().take_while(|&&(s, _)| s < end).any(|&(_, e)| e <= end)
    }
}

/// What [`legal_refs`] needs a sentence to hold (ASCII-lower-cased) to find anything:
/// every English form names a resolution, the UNSC or CAATSA (or spells the act out), every
/// Korean one 결의. A sentence with a character that Unicode case folding turns into an
/// ASCII letter (the long s `ſ`, the Kelvin sign: the patterns are case-insensitive) is
/// read whatever it holds.
fn legal_words() -> &'static Words {
    words!("resolution", "unsc", "caatsa", "countering", "결의")
}

/// The nouns the English round pattern needs ("round", "phase", "batch"; ASCII case only:
/// a Unicode-only case fold of these words is not reporting), and the Korean one's.
fn round_words_en() -> &'static Words {
    words!("round", "phase", "batch")
}

fn round_words_ko() -> &'static Words {
    words!("차", "첫", "번째")
}

fn legal_regexes() -> &'static (Regex, Regex, Regex) {
    static R: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    R.get_or_init(|| {
        (
            Regex::new(r"(?i)(?-u:\b)(?:UNSCR|UNSC\s+resolution|Security\s+Council\s+resolution|resolution)s?\s+(?:No\.?\s*)?(\d{4})(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)(\d{4}))*")
                .expect("legal pattern compiles"),
            Regex::new(r"결의(?:안)?\s*(?:제\s*)?(\d{4})\s*호?(?:\s*[·,ㆍ및와과]\s*(\d{4})\s*호?)*").expect("Korean legal pattern compiles"),
            Regex::new(r"(?i)(?-u:\b)(?:CAATSA|Countering\s+America'?s\s+Adversaries\s+Through\s+Sanctions\s+Act)(?-u:\b)(?:[^.]{0,60}?(?-u:\b)(?:sec(?:tion)?\.?|§)\s*(\d{3}))?")
                .expect("CAATSA pattern compiles"),
        )
    })
}

/// Legal references in a sentence: UN Security Council resolutions (English and Korean
/// forms, lists such as "2375 and 2397" or "2375·2397호") and CAATSA.
pub fn legal_refs(s: &str, base: usize) -> Vec<LegalRef> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    let num = NUM.get_or_init(|| Regex::new(r"\d{4}").expect("number pattern compiles"));
    let (en, ko, caatsa) = legal_regexes();
    let mut out = Vec::new();
    for m in en.find_iter(s).chain(ko.find_iter(s)) {
        for n in num.find_iter(m.as_str()) {
            let v: u32 = n.as_str().parse().unwrap_or(0);
            // Security Council resolutions on North Korea run from 825 (1993) to the 2000s.
            if (1000..3000).contains(&v) {
                out.push(LegalRef {
                    start: base + m.start(),
                    end: base + m.end(),
                    name: format!("UNSCR {v}"),
                });
            }
        }
    }
    for c in caatsa.captures_iter(s) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let name = match c.get(1) {
            Some(sec) => format!("CAATSA {}", sec.as_str()),
            None => "CAATSA".to_owned(),
        };
        out.push(LegalRef { start: base + m.start, end: base + m.end, name });
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Round mentions: "the second round of selections", "a further round", "2차 선발".
static ROUND_PATTERNS: OnceLock<(Regex, Regex)> = OnceLock::new();

/// `lower` is `s` with ASCII letters lower-cased.
#[cfg(test)]
pub fn round_mentions(s: &str, lower: &str, base: usize) -> Vec<RoundMention> {
    rounds_gated(s, base, round_words_en().any_in(lower), !s.is_ascii() && round_words_ko().any_in(s))
}

/// [`round_mentions`] told whether the sentence holds an English round noun and a Korean
/// one (each pattern needs its noun: most sentences have neither).
fn rounds_gated(s: &str, base: usize, en_noun: bool, ko_noun: bool) -> Vec<RoundMention> {
    let (en, ko) = ROUND_PATTERNS.get_or_init(|| {
        (
            Regex::new(r"(?i)(?-u:\b)(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th|next|further|another|new|this|additional|extra)[\s-]+(?:round|phase|batch)s?(?-u:\b)")
                .expect("round pattern compiles"),
            Regex::new(r"(?:(\d)\s*차|(첫|두\s*번째|세\s*번째|네\s*번째))\s*(?:선발|모집|파견|송출|인원|명단|대상자)").expect("Korean round pattern compiles"),
        )
    });
    let mut out = Vec::new();
    if !(en_noun || ko_noun) {
        return out;
    }
    for c in en.captures_iter(if en_noun { s } else { "" }) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let w = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let round = match w.as_str() {
            "first" | "1st" => Some(1),
            "second" | "2nd" => Some(2),
            "third" | "3rd" => Some(3),
            "fourth" | "4th" => Some(4),
            "fifth" | "5th" => Some(5),
            "sixth" | "6th" => Some(6),
            _ => None,
        };
        out.push(RoundMention { start: base + m.start, end: base + m.end, round });
    }
    for c in ko.captures_iter(if ko_noun { s } else { "" }) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let round = match (c.get(1), c.get(2).map(|m| m.as_str().replace(' ', ""))) {
            (Some(d), _) => d.as_str().parse().ok(),
            (None, Some(w)) => match w.as_str() {
                "첫" => Some(1),
                "두번째" => Some(2),
                "세번째" => Some(3),
                "네번째" => Some(4),
                _ => None,
            },
            _ => None,
        };
        out.push(RoundMention { start: base + m.start, end: base + m.end, round });
    }
    out.sort_by_key(|r| r.start);
    out
}

fn source_priority(k: SourceKind) -> u8 {
    use crate::SourceType as T;
    match k {
        SourceKind::Type(T::DefectorTestimony) => 9,
        SourceKind::Type(T::AnonymousInCountry) | SourceKind::Type(T::AnonymousAbroad) => 8,
        SourceKind::Type(T::IntelligenceAgency) => 7,
        SourceKind::Type(T::UnBody) => 6,
        SourceKind::Type(T::OfficialStatement) => 5,
        SourceKind::Type(T::Ngo) => 4,
        SourceKind::OutletLearned => 3,
        SourceKind::Type(T::MediaInvestigation) => 2,
        SourceKind::Outlet | SourceKind::Type(T::OtherOutlet) => 1,
        SourceKind::Type(T::Unknown) => 0,
    }
}

/// The attribution a sentence makes, if any: "a source in North Korea told", "the NIS
/// said", "소식통에 따르면". A phrase counts when the sentence has a verb of saying, or the
/// phrase attributes by itself (anonymous sources, defectors, the outlet's own reporting).
// The sentence, where it sits and what the document's passes found in it: one reading.
#[allow(clippy::too_many_arguments)]
fn attribution<'a>(
    doc: &str,
    s: &'a str,
    lower: &str,
    base: usize,
    sources: &[Hit],
    cues: &[CueHit],
    source_word: bool,
    lx: &'a Lexicon,
) -> Option<Attribution> {
    use crate::SourceType as T;
    static SOURCE_IN: OnceLock<Regex> = OnceLock::new();
    let source_in = SOURCE_IN.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:(?i:a|an|another|one|the|two|other|several)\s+)?(?i:senior\s+|local\s+|second\s+|high-level\s+|north\s+korean\s+)?(?i:sources?)\s+(?i:inside|in|within|from|based\s+in)\s+(?i:the\s+)?([A-Z][\w'’\-]*(?:\s+(?:of\s+)?[A-Z][\w'’\-]*){0,3}|region|country|area)")
            .expect("source pattern compiles")
    });
    let has_speech = cues.iter().any(|c| c.cue == Cue::Speech);
    // The best candidate so far: (priority, kind, start, end, anaphoric, rule), where `rule`
    // is the rule's name and what it matched ("source:", the phrase); the attribution is made
    // of the one kept only.
    type Candidate<'r> = (u8, SourceKind, usize, usize, bool, (&'static str, &'r str));
    let mut best: Option<Candidate<'a>> = None;
    let mut consider =
        |kind: SourceKind, start: usize, end: usize, rule: (&'static str, &'a str), anaphoric: bool| {
            // Anonymous sources, testimony and the outlet's own reporting attribute by
            // themselves; anyone else only with a verb of saying ("defectors" alone is a topic).
            let strong = || {
                matches!(
                    kind,
                    SourceKind::Type(T::AnonymousInCountry | T::AnonymousAbroad | T::MediaInvestigation)
                        | SourceKind::OutletLearned
                ) || (kind == SourceKind::Type(T::DefectorTestimony)
                    && (rule.1.contains("testimon")
                        || rule.1.contains("testif")
                        || rule.1.contains("증언")
                        || rule.1.contains("탈출한")))
            };
            if !(has_speech || strong()) {
                return;
            }
            // "소식통의 말대로라면 … 셈이다": the outlet's own reckoning from what a source said.
            let p = if rule.1.ends_with("셈이다") { 10 } else { source_priority(kind) };
            if best.is_none_or(|b| p > b.0) {
                best = Some((p, kind, start, end, anaphoric, rule));
            }
        };
    // The pattern needs the word "source" (`source_word`: the sentence holds it, or a
    // character that case-folds to ASCII): most sentences are spared it.
    let s_for_pattern = if source_word { s } else { "" };
    for c in source_in.captures_iter(s_for_pattern) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let place = c.get(1).map_or("", |m| m.as_str());
        let lower = place.to_ascii_lowercase();
        let kind = if matches!(lower.as_str(), "region" | "country" | "area") {
            T::AnonymousInCountry
        } else {
            match lx.place_matcher.find(place).first().map(|h| lx.places[h.entry].kind) {
                Some(PlaceType::NorthKorea) => T::AnonymousInCountry,
                Some(_) => T::AnonymousAbroad,
                None => continue,
            }
        };
        let trimmed = doc[base + m.start..base + m.end].trim_start();
        let start = base + m.end - trimmed.len();
        consider(SourceKind::Type(kind), start, base + m.end, ("source.in_place:", place), false);
    }
    for h in sources {
        let e = &lx.sources[h.entry];
        let mut start = h.start;
        // Korean: take the words before 소식통 that describe it ("평안남도 소식통").
        if e.phrase == "소식통" {
            let before = doc[base..h.start].trim_end();
            let mut pos = before.len();
            for _ in 0..4 {
                let ws = before[..pos].rfind(' ').map_or(0, |i| i + 1);
                let word = &before[ws..pos];
                let stops = word.is_empty()
                    || word.ends_with(['.', ',', '"', '”', '\'', '’'])
                    || word.ends_with('며')
                    || word.ends_with('고')
                    || word.ends_with('다');
                if stops {
                    break;
                }
                start = base + ws;
                if ws == 0 {
                    break;
                }
                pos = ws - 1;
            }
        }
        // The words compared are ASCII: the sentence's ASCII-lower-cased copy will do.
        let (phrase, before) = (&lower[h.start - base..h.end - base], &lower[..h.start - base]);
        let anaphoric =
            (phrase.starts_with("the ") || before.ends_with("the same ") || before.ends_with("the "))
                && !phrase.contains("report");
        consider(e.kind, start, h.end, ("source:", &e.phrase), anaphoric);
    }
    best.map(|(_, kind, start, end, anaphoric, rule)| Attribution {
        kind,
        text: doc[start..end].to_owned(),
        start,
        end,
        anaphoric,
        rule: format!("{}{}", rule.0, rule.1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A word found once in the whole text lies inside a span exactly when a search of
        /// the span finds it.
        #[test]
        fn words_found_in_the_text_are_the_words_of_each_span(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["round", "rou", "nd", "unsc", "caatsa", "a", " ", ".", "결의", "결", "의", "차"]),
                0..20,
            ),
            cut in (0usize..200, 0usize..200),
        ) {
            let text: String = pieces.concat();
            let (a, b) = (cut.0.min(cut.1) % (text.len() + 1), cut.0.max(cut.1) % (text.len() + 1));
            let (a, b) = (crate::text::floor_boundary(&text, a.min(b)), crate::text::floor_boundary(&text, a.max(b)));
            for words in [round_words_en(), legal_words(), round_words_ko()] {
                let found = Found::new(words, &text);
                proptest::prop_assert_eq!(found.within(a, b), words.any_in(&text[a..b]), "{:?} {}..{}", text, a, b);
            }
        }
    }

    proptest::proptest! {
        /// The joints found from their first bytes are the pattern's matches.
        #[test]
        fn english_joints_are_the_patterns_matches(
            s in "((, |; |,| )(but|while|whereas|although|though|and that|and then|and|with|But|w)? ?|[a-z]{1,3})*",
        ) {
            let pattern = Regex::new(CLAUSE_EN).unwrap();
            let expected: Vec<(usize, usize)> = pattern.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(english_joints(&s).collect::<Vec<_>>(), expected);
        }
    }

    const ROUND_WORDS: &[&str] = &[
        "the",
        "second",
        "Second",
        "third",
        "1st",
        "next",
        "further",
        "another",
        "new",
        "round",
        "Round",
        "ROUNDS",
        "phase",
        "batch",
        "-",
        "of",
        "selection",
        "workers",
        "2",
        "차",
        "첫",
        "두",
        "번째",
        "선발",
        "모집",
        "파견",
        "명단",
        " ",
        "\u{a0}",
    ];

    proptest::proptest! {
        /// The noun look never turns away a sentence either round pattern would read.
        #[test]
        fn round_gate_never_hides_a_round(words in proptest::collection::vec(0..ROUND_WORDS.len(), 0..10)) {
            let s: String = words.iter().map(|&w| ROUND_WORDS[w]).collect::<Vec<_>>().join(" ");
            let glued: String = words.iter().map(|&w| ROUND_WORDS[w]).collect();
            for s in [s, glued] {
                let found = round_mentions(&s, &s.to_ascii_lowercase(), 0).len();
                let (en, ko) = ROUND_PATTERNS.get().expect("patterns built by round_mentions");
                proptest::prop_assert_eq!(found, en.find_iter(&s).count() + ko.find_iter(&s).count(), "{:?}", s);
            }
        }
    }
    use crate::lexicon::lexicon;

    #[test]
    fn legal_references_in_both_languages() {
        let names = |s: &str| legal_refs(s, 0).into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(
            names("United Nations Security Council Resolution 2397, adopted in 2017"),
            vec!["UNSCR 2397"]
        );
        assert_eq!(names("Resolutions 2375 and 2397 ban it"), vec!["UNSCR 2375", "UNSCR 2397"]);
        assert_eq!(names("안보리 결의 2375·2397호 위반"), vec!["UNSCR 2375", "UNSCR 2397"]);
        assert_eq!(names("under CAATSA section 321(b)"), vec!["CAATSA 321"]);
        assert!(names("a resolution passed last year").is_empty());
    }

    #[test]
    fn rounds_with_and_without_numbers() {
        let rm = |s: &str| round_mentions(s, &s.to_ascii_lowercase(), 0);
        let r = rm("the second round of selections and a further round");
        assert_eq!(r.iter().map(|r| r.round).collect::<Vec<_>>(), vec![Some(2), None]);
        assert_eq!(rm("2차 선발이 시작됐다")[0].round, Some(2));
        assert_eq!(rm("the second-round group")[0].round, Some(2));
    }

    #[test]
    fn attribution_prefers_the_most_specific_source() {
        let lx = lexicon();
        let text = "A source in North Korea told Daily NK on Monday that selection starts.";
        let s = analyse(text, &text.to_ascii_lowercase(), Lang::En, None, lx);
        let a = s[0].attribution.as_ref().unwrap();
        assert_eq!(a.kind, SourceKind::Type(crate::SourceType::AnonymousInCountry));
        assert_eq!(a.text, "A source in North Korea");
        let text = "A source in Russia said the workers will receive hazard pay.";
        let a = analyse(text, &text.to_ascii_lowercase(), Lang::En, None, lx)[0].attribution.clone().unwrap();
        assert_eq!(a.kind, SourceKind::Type(crate::SourceType::AnonymousAbroad));
        let text = "평안남도 소식통은 14일 데일리NK에 지시가 하달됐다고 말했다.";
        let a = analyse(text, &text.to_ascii_lowercase(), Lang::Ko, None, lx)[0].attribution.clone().unwrap();
        assert_eq!(
            (a.kind, a.text.as_str()),
            (SourceKind::Type(crate::SourceType::AnonymousInCountry), "평안남도 소식통")
        );
    }

    #[test]
    fn an_organisation_without_a_verb_of_saying_is_no_attribution() {
        let lx = lexicon();
        let text = "Sanctions imposed by the Security Council ban it.";
        let s = analyse(text, &text.to_ascii_lowercase(), Lang::En, None, lx);
        assert!(s[0].attribution.is_none());
    }
}
