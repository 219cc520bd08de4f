//! Lexicons: the gazetteer, the organisations, the trigger words.
//!
//! They are data files under `crates/core/data/` (tab-separated, one entry a line, `#`
//! comments), embedded at compile time and parsed once on first use, so an analyst can extend
//! them without reading Rust. This module owns their parsing and the matching of their
//! phrases in text (Aho-Corasick over the whole document, then boundary checks; a text
//! without Hangul is read a word at a time, see `words`); it does not
//! decide what a match means for a claim (see `extract`).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::claim::CountryCode;
use crate::text::is_hangul;

mod words;

const PLACES_TSV: &str = include_str!("../data/places.tsv");
const ORGS_TSV: &str = include_str!("../data/orgs.tsv");
const TRIGGERS_TSV: &str = include_str!("../data/triggers.tsv");
const SOURCES_TSV: &str = include_str!("../data/sources.tsv");
const PURPOSES_TSV: &str = include_str!("../data/purposes.tsv");

/// How a source phrase attributes: a source type of CLAIMS.md, or one tally resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Type(crate::SourceType),
    /// A news outlet relays the story: the type stays unknown.
    Outlet,
    /// The outlet's own sourcing ("Daily NK has learned"): the story's source is meant.
    OutletLearned,
}

#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub phrase: String,
    pub kind: SourceKind,
}

#[derive(Debug, Clone)]
pub struct PurposeEntry {
    pub purpose: String,
    /// Whether entries for this purpose become claims.
    pub keep: bool,
}

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceType {
    Country,
    Region,
    City,
    /// Spans countries ("the Gulf"): the country stays null.
    Area,
    /// No particular place ("overseas").
    Generic,
    /// North Korea: an origin, never a destination.
    NorthKorea,
    /// South Korea: never a destination of dispatch.
    SouthKorea,
}

#[derive(Debug, Clone)]
pub struct PlaceEntry {
    pub name: String,
    pub country: Option<CountryCode>,
    pub kind: PlaceType,
}

#[derive(Debug, Clone)]
pub struct OrgEntry {
    pub name: String,
}

/// What a trigger phrase signals. See the header of `data/triggers.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Kind(TriggerKind),
    MoneyEarn,
    MoneyRevenue,
    Planned,
    Reported,
    Habitual,
    Negation,
    Hypothetical,
    Speech,
    Skip(SkipReason),
    Deadline,
    Adopt,
    Team,
    Labour,
    /// A sanctions word ("sanctions", "resolution", "제재").
    Sanction,
    /// A ban or obligation word ("bans", "obliges", "위반").
    Ban,
}

/// The kind of claim a trigger speaks of; dispatch is refined to planned or reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerKind {
    Dispatch,
    Selection,
    Stock,
    Repatriation,
    Defection,
    Abuse,
    Entry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipReason {
    Trade,
    Bribe,
    Price,
    Capacity,
    Troops,
    Deduction,
    /// Goods under sanctions (oil, coal, seafood): a resolution cited for them is not about
    /// workers.
    Goods,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Trade => "trade",
            SkipReason::Bribe => "bribe",
            SkipReason::Price => "price",
            SkipReason::Capacity => "capacity",
            SkipReason::Troops => "troops",
            SkipReason::Deduction => "deduction",
            SkipReason::Goods => "goods",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TriggerEntry {
    pub phrase: String,
    pub cue: Cue,
}

/// A phrase found in the text: byte span and the index of its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// One pattern of a matcher: which entry it belongs to and how its edges are checked.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// Which lexicon the phrase comes from (an index into [`Scan`]'s lists; always 0 in a
    /// one-lexicon matcher).
    set: usize,
    entry: usize,
    /// `*` at the end: the match may end inside a word.
    prefix: bool,
    /// Korean pattern: must start a word (gazetteer and organisations) or may sit anywhere
    /// (trigger stems and endings).
    korean_word_start: bool,
    korean: bool,
}

/// How a matcher compares ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Without regard to case, over any text.
    Insensitive,
    /// Over text whose ASCII letters are lower-cased (the same offsets): the phrases are
    /// lower-cased and compared as they are, which halves the automaton's letter
    /// transitions.
    LowerText,
}

/// Phrases of one or more lexicons compiled into one Aho-Corasick automaton.
pub struct Matcher {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Each pattern's text as the automaton has it (for [`words::WordScanner`]).
    texts: Vec<String>,
}

/// The phrases of one lexicon: each with the index of its entry.
type Phrases = Vec<(String, usize)>;

impl Matcher {
    fn new(phrases: Vec<(String, usize)>, korean_word_start: bool) -> Matcher {
        Matcher::of_sets(&[(&phrases, korean_word_start)], AhoCorasickKind::ContiguousNFA, Case::Insensitive)
    }

    /// One automaton over several lexicons; `sets[i]` is lexicon `i` and whether its Korean
    /// phrases must start a word.
    fn of_sets(sets: &[(&Phrases, bool)], kind: AhoCorasickKind, case: Case) -> Matcher {
        let mut pats = Vec::new();
        let mut patterns = Vec::new();
        for (set, (phrases, korean_word_start)) in sets.iter().enumerate() {
            for (phrase, entry) in phrases.iter() {
                let prefix = phrase.ends_with('*');
                let p = phrase.trim_end_matches('*');
                let korean = p.chars().any(is_hangul);
                patterns.push(Pattern {
                    set,
                    entry: *entry,
                    prefix,
                    korean_word_start: *korean_word_start && korean,
                    korean,
                });
                pats.push(match case {
                    Case::Insensitive => p.to_owned(),
                    Case::LowerText => p.to_ascii_lowercase(),
                });
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(case == Case::Insensitive)
            .kind(Some(kind))
            .match_kind(MatchKind::Standard)
            .build(&pats)
            .expect("lexicon phrases compile into an automaton");
        Matcher { ac, patterns, texts: pats }
    }

    /// Every match that respects word boundaries, overlapping ones included, handed to
    /// `found` with the lexicon it belongs to, in the automaton's order.
    fn each(&self, text: &str, mut found: impl FnMut(usize, Hit)) {
        let bytes = text.as_bytes();
        for m in self.ac.find_overlapping_iter(text) {
            let p = self.patterns[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            if p.korean {
                if p.korean_word_start && text[..s].chars().next_back().is_some_and(is_hangul) {
                    continue;
                }
            } else {
                let before_ok = s == 0 || !is_word_byte(bytes[s - 1]) || !is_word_byte(bytes[s]);
                if !before_ok || !(p.prefix || ends_word(bytes, e)) {
                    continue;
                }
            }
            // A prefix pattern extends to the end of its word.
            let end = if p.prefix { word_end(bytes, e) } else { e };
            found(p.set, Hit { start: s, end, entry: p.entry });
        }
    }

    /// Non-overlapping matches, leftmost first and longest at each position, that respect
    /// word boundaries.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut all = Vec::new();
        self.each(text, |_, h| all.push(h));
        leftmost_longest(all)
    }

    /// Every match, overlapping ones included (what the scan gives for cues, where "sent
    /// home" and "sent" both say something); the test of the scan compares with it.
    #[cfg(test)]
    fn find_all(&self, text: &str) -> Vec<Hit> {
        let mut all = Vec::new();
        self.each(text, |_, h| all.push(h));
        all.sort_by_key(|h| (h.start, h.end));
        all
    }
}

/// Keeps, of matches in automaton order, the leftmost and at each position the longest,
/// dropping any that overlaps one kept.
fn leftmost_longest(mut all: Vec<Hit>) -> Vec<Hit> {
    all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Hit> = Vec::with_capacity(all.len());
    for h in all {
        if out.last().is_some_and(|l| h.start < l.end) {
            continue;
        }
        out.push(h);
    }
    out
}

/// What one pass of the combined automaton finds in a text: places, organisations and
/// source phrases as [`Matcher::find`] gives them, trigger cues as [`Matcher::find_all`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    pub places: Vec<Hit>,
    pub orgs: Vec<Hit>,
    pub triggers: Vec<Hit>,
    pub sources: Vec<Hit>,
}

/// The combined lexicon: one automaton, and (when every phrase that is not Korean starts
/// with a word byte, as they all do) the phrases filed by first word.
struct Scanner {
    all: Matcher,
    words: Option<words::WordScanner>,
}

/// The combined automaton's lexicons are places, organisations, triggers and sources, in
/// the order of [`Scan`]'s fields; sources are added last ([`Lexicon::add_sources`]).
const SET_SOURCES: usize = 3;

/// Per lexicon of the combined automaton, whether its Korean phrases must start a word: so
/// for names (places, organisations), not for trigger stems and endings or source phrases.
const KOREAN_WORD_START: [bool; 4] = [true, true, false, false];

/// A byte that continues an English word: ASCII letters and digits, and the bytes of
/// non-ASCII letters (so "Russia" does not match inside "Russian").
fn is_word_byte(b: u8) -> bool {
    // By a table: the word-by-word reading asks this of every byte of a text.
    const WORD: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
            b += 1;
        }
        t
    };
    WORD[usize::from(b)]
}

/// Whether a phrase found to end at `e` of `b` ends there for a phrase that is not Korean
/// and has no `*`: the word it ends in ends too (or the phrase ends in a byte that ends
/// words). Asked by the automaton's reading and the word-by-word one alike.
fn ends_word(b: &[u8], e: usize) -> bool {
    e == b.len() || !is_word_byte(b[e]) || !is_word_byte(b[e - 1])
}

/// The end of the word that goes on at `i` of `b`: where a phrase ending in `*` ends.
fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_word_byte(b[i]) {
        i += 1;
    }
    i
}

/// All lexicons, parsed and compiled.
pub struct Lexicon {
    pub places: Vec<PlaceEntry>,
    pub place_matcher: Matcher,
    pub orgs: Vec<OrgEntry>,
    pub org_matcher: Matcher,
    pub triggers: Vec<TriggerEntry>,
    pub sources: Vec<SourceEntry>,
    pub purposes: Vec<PurposeEntry>,
    pub purpose_matcher: Matcher,
    /// Places, organisations, triggers and sources in one automaton, so a document is
    /// read once rather than four times (see [`Lexicon::scan`]), and the same phrases
    /// filed by first word for texts without Hangul. Built on first use, once every
    /// lexicon is in: triggers and sources have no automaton of their own.
    scanner: OnceLock<Scanner>,
    /// The phrases the scanner is built from.
    phrases: [Phrases; 4],
}

/// The lexicons, parsed on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lx = Lexicon::parse(PLACES_TSV, ORGS_TSV, TRIGGERS_TSV).expect("embedded lexicons are valid");
        lx.add_sources(SOURCES_TSV, PURPOSES_TSV).expect("embedded source and purpose lexicons are valid");
        lx
    })
}

/// A problem in a lexicon file: which file, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct LexiconError {
    pub file: &'static str,
    pub line: usize,
    pub problem: String,
}

fn rows(tsv: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    tsv.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

impl Lexicon {
    /// Parses the three lexicon files. Public so tests can check edited files.
    pub fn parse(places_tsv: &str, orgs_tsv: &str, triggers_tsv: &str) -> Result<Lexicon, LexiconError> {
        let mut places = Vec::new();
        let mut place_phrases = Vec::new();
        for (line, cols) in rows(places_tsv) {
            let err = |problem: String| LexiconError { file: "places.tsv", line, problem };
            let [name, country, kind, aliases] = cols[..] else {
                return Err(err(format!("expected 4 tab-separated columns, found {}", cols.len())));
            };
            let country = match country {
                "-" => None,
                c => Some(CountryCode::new(c).ok_or_else(|| err(format!("not a country code: {c:?}")))?),
            };
            let kind = match kind {
                "country" => PlaceType::Country,
                "region" => PlaceType::Region,
                "city" => PlaceType::City,
                "area" => PlaceType::Area,
                "generic" => PlaceType::Generic,
                "nk" => PlaceType::NorthKorea,
                "kr" => PlaceType::SouthKorea,
                other => return Err(err(format!("unknown place type {other:?}"))),
            };
            let idx = places.len();
            places.push(PlaceEntry { name: name.to_owned(), country, kind });
            for a in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                place_phrases.push((a.to_owned(), idx));
            }
        }
        let mut orgs = Vec::new();
        let mut org_phrases = Vec::new();
        for (line, cols) in rows(orgs_tsv) {
            let [name, aliases] = cols[..] else {
                return Err(LexiconError {
                    file: "orgs.tsv",
                    line,
                    problem: format!("expected 2 tab-separated columns, found {}", cols.len()),
                });
            };
            let idx = orgs.len();
            orgs.push(OrgEntry { name: name.to_owned() });
            for a in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                org_phrases.push((a.to_owned(), idx));
            }
        }
        let mut triggers = Vec::new();
        let mut trigger_phrases = Vec::new();
        for (line, cols) in rows(triggers_tsv) {
            let err = |problem: String| LexiconError { file: "triggers.tsv", line, problem };
            let [lang, phrase, cue] = cols[..] else {
                return Err(err(format!("expected 3 tab-separated columns, found {}", cols.len())));
            };
            if !matches!(lang, "en" | "ko") {
                return Err(err(format!("unknown language {lang:?}")));
            }
            let cue = parse_cue(cue).ok_or_else(|| err(format!("unknown cue {cue:?}")))?;
            trigger_phrases.push((phrase.to_owned(), triggers.len()));
            triggers.push(TriggerEntry { phrase: phrase.to_owned(), cue });
        }
        let lx = Lexicon {
            place_matcher: Matcher::new(place_phrases.clone(), true),
            places,
            org_matcher: Matcher::new(org_phrases.clone(), true),
            orgs,
            triggers,
            sources: Vec::new(),
            purposes: Vec::new(),
            purpose_matcher: Matcher::new(Vec::new(), false),
            scanner: OnceLock::new(),
            phrases: [place_phrases, org_phrases, trigger_phrases, Vec::new()],
        };
        Ok(lx)
    }

    /// Parses the attribution and purpose lexicons into `self`.
    pub fn add_sources(&mut self, sources_tsv: &str, purposes_tsv: &str) -> Result<(), LexiconError> {
        let mut phrases = Vec::new();
        for (line, cols) in rows(sources_tsv) {
            let err = |problem: String| LexiconError { file: "sources.tsv", line, problem };
            let [_lang, phrase, kind] = cols[..] else {
                return Err(err(format!("expected 3 tab-separated columns, found {}", cols.len())));
            };
            let kind = match kind {
                "outlet" => SourceKind::Outlet,
                "outlet_learned" => SourceKind::OutletLearned,
                t => SourceKind::Type(
                    crate::SourceType::parse(t).ok_or_else(|| err(format!("unknown source type {t:?}")))?,
                ),
            };
            phrases.push((phrase.to_owned(), self.sources.len()));
            self.sources.push(SourceEntry { phrase: phrase.to_owned(), kind });
        }
        self.phrases[SET_SOURCES] = phrases;
        self.scanner = OnceLock::new();
        let mut phrases = Vec::new();
        for (line, cols) in rows(purposes_tsv) {
            let err = |problem: String| LexiconError { file: "purposes.tsv", line, problem };
            let [_lang, word, purpose, keep] = cols[..] else {
                return Err(err(format!("expected 4 tab-separated columns, found {}", cols.len())));
            };
            let keep = match keep {
                "yes" => true,
                "no" => false,
                k => return Err(err(format!("keep must be yes or no, not {k:?}"))),
            };
            phrases.push((word.to_owned(), self.purposes.len()));
            self.purposes.push(PurposeEntry { purpose: purpose.to_owned(), keep });
        }
        self.purpose_matcher = Matcher::new(phrases, false);
        Ok(())
    }

    /// Compiles the combined automaton. A compact NFA (~350 KB): measured as fast as a full
    /// DFA (~10 MB, which stops fitting the processor's caches once the rest of extraction
    /// runs between passes) and far quicker to build, which the first extraction of every
    /// `tally` process pays.
    fn build_scanner(&self) -> Scanner {
        let [places, orgs, triggers, sources] = &self.phrases;
        let all = Matcher::of_sets(
            &[
                (places, KOREAN_WORD_START[0]),
                (orgs, KOREAN_WORD_START[1]),
                (triggers, KOREAN_WORD_START[2]),
                (sources, KOREAN_WORD_START[3]),
            ],
            AhoCorasickKind::ContiguousNFA,
            Case::LowerText,
        );
        Scanner { words: words::WordScanner::new(&all), all }
    }

    /// Places, organisations, trigger cues and source phrases in `text`, in one pass.
    pub fn scan(&self, text: &str) -> Scan {
        self.scan_lower(&text.to_ascii_lowercase())
    }

    /// [`Lexicon::scan`] of a text given with its ASCII letters lower-cased (the extractor
    /// makes that copy once per document).
    pub fn scan_lower(&self, lower: &str) -> Scan {
        let scanner = self.scanner.get_or_init(|| self.build_scanner());
        let mut raw: [Vec<Hit>; 4] = Default::default();
        match &scanner.words {
            // No Korean phrase can match a text without Hangul; the others start words.
            Some(words) if !crate::text::has_hangul(lower) => {
                words.each(&scanner.all, lower, |set, h| raw[set].push(h));
            }
            _ => scanner.all.each(lower, |set, h| raw[set].push(h)),
        }
        Self::scan_of(raw)
    }

    /// The scan's lists from every hit, each lexicon's in the automaton's order.
    fn scan_of(raw: [Vec<Hit>; 4]) -> Scan {
        let [places, orgs, mut triggers, sources] = raw;
        triggers.sort_by_key(|h| (h.start, h.end));
        Scan {
            places: leftmost_longest(places),
            orgs: leftmost_longest(orgs),
            triggers,
            sources: leftmost_longest(sources),
        }
    }

    /// The canonical name of the organisation `name` refers to, if the lexicon knows it
    /// (the whole string or a phrase inside it); used to compare organisation lists.
    pub fn canonical_org(&self, name: &str) -> Option<&str> {
        if let Some(o) = self.orgs.iter().find(|o| o.name == name) {
            return Some(o.name.as_str());
        }
        self.org_matcher.find(name).first().map(|h| self.orgs[h.entry].name.as_str())
    }
}

fn parse_cue(s: &str) -> Option<Cue> {
    Some(match s {
        "kind:dispatch" => Cue::Kind(TriggerKind::Dispatch),
        "kind:selection" => Cue::Kind(TriggerKind::Selection),
        "kind:stock" => Cue::Kind(TriggerKind::Stock),
        "kind:repatriation" => Cue::Kind(TriggerKind::Repatriation),
        "kind:defection" => Cue::Kind(TriggerKind::Defection),
        "kind:abuse" => Cue::Kind(TriggerKind::Abuse),
        "kind:entry" => Cue::Kind(TriggerKind::Entry),
        "money:earn" => Cue::MoneyEarn,
        "money:revenue" => Cue::MoneyRevenue,
        "mod:planned" => Cue::Planned,
        "mod:reported" => Cue::Reported,
        "mod:habitual" => Cue::Habitual,
        "neg" => Cue::Negation,
        "hypo" => Cue::Hypothetical,
        "speech" => Cue::Speech,
        "skip:trade" => Cue::Skip(SkipReason::Trade),
        "skip:bribe" => Cue::Skip(SkipReason::Bribe),
        "skip:price" => Cue::Skip(SkipReason::Price),
        "skip:capacity" => Cue::Skip(SkipReason::Capacity),
        "skip:troops" => Cue::Skip(SkipReason::Troops),
        "skip:deduction" => Cue::Skip(SkipReason::Deduction),
        "skip:goods" => Cue::Skip(SkipReason::Goods),
        "sanction" => Cue::Sanction,
        "ban" => Cue::Ban,
        "deadline" => Cue::Deadline,
        "adopt" => Cue::Adopt,
        "team" => Cue::Team,
        "labour" => Cue::Labour,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places_in(text: &str) -> Vec<String> {
        let lx = lexicon();
        lx.place_matcher.find(text).iter().map(|h| lx.places[h.entry].name.clone()).collect()
    }

    #[test]
    fn embedded_lexicons_parse() {
        let lx = lexicon();
        assert!(lx.places.len() > 150);
        assert!(lx.orgs.len() > 30);
        assert!(lx.triggers.len() > 300);
    }

    #[test]
    fn one_pass_finds_what_each_lexicon_finds_alone() {
        // The combined automaton must not change a single hit: each list equals the one
        // its own matcher gives, on English and Korean text with overlapping phrases.
        let lx = lexicon();
        for text in [
            "North Korean workers were sent to Russia's Primorsky Krai, a source told Daily NK; \
             the Ministry of External Economic Relations sent home 300 workers from Vladivostok.",
            "소식통에 따르면 북한 노동자 300명이 러시아 블라디보스토크로 파견됐다. 대외경제성은 \
             중국 단둥에서 노동자를 귀국시켰다고 데일리NK에 전했다.",
        ] {
            let scan = lx.scan(text);
            let alone = |set: usize| Matcher::new(lx.phrases[set].clone(), KOREAN_WORD_START[set]);
            assert_eq!(scan.places, lx.place_matcher.find(text), "{text}");
            assert_eq!(scan.orgs, lx.org_matcher.find(text), "{text}");
            assert_eq!(scan.triggers, alone(2).find_all(text), "{text}");
            assert_eq!(scan.sources, alone(SET_SOURCES).find(text), "{text}");
            assert!(!scan.places.is_empty() && !scan.triggers.is_empty() && !scan.sources.is_empty());
        }
    }

    #[test]
    fn longest_alias_wins_and_words_are_whole() {
        assert_eq!(
            places_in("sent to Russian-occupied regions of eastern Ukraine"),
            vec!["Russian-occupied eastern Ukraine"]
        );
        assert_eq!(places_in("Russian officials and Russia's Kursk region"), vec!["Russia", "Kursk region"]);
        assert!(places_in("a Russian official").is_empty());
    }

    #[test]
    fn korean_aliases_start_words_and_take_particles() {
        assert_eq!(places_in("러시아·카타르·이란행 인력"), vec!["Russia", "Qatar", "Iran"]);
        assert_eq!(places_in("랴오닝성 단둥 외곽"), vec!["Liaoning province", "Dandong"]);
        // "이란" inside a word is grammar, not Iran.
        assert!(places_in("노동자이란 말").is_empty());
    }

    #[test]
    fn organisations_resolve_to_canonical_names() {
        let lx = lexicon();
        assert_eq!(
            lx.canonical_org("Workers’ Party’s Cadres Department"),
            Some("Cadres Department of the Workers' Party of Korea")
        );
        assert_eq!(lx.canonical_org("국정원"), Some("National Intelligence Service (South Korea)"));
        assert_eq!(
            lx.canonical_org("러시아 비상사태부 (EMERCOM)"),
            Some("Russian Ministry of Emergency Situations")
        );
        assert_eq!(lx.canonical_org("Acme Widgets"), None);
    }

    #[test]
    fn bad_lexicon_lines_are_reported_with_file_and_line() {
        let err = Lexicon::parse("Russia\tRUS\tcountry\tRussia\n", "", "").err().unwrap();
        assert_eq!(err.to_string(), "places.tsv:1: not a country code: \"RUS\"");
        let err = Lexicon::parse("", "", "# c\nen\tsend\tkind:teleport\n").err().unwrap();
        assert_eq!(err.to_string(), "triggers.tsv:2: unknown cue \"kind:teleport\"");
    }
}
