//! From analysed sentences to claims.
//!
//! The rules here capture ways reporters write, each with a name that `why` records:
//! - a figure's kind comes from the trigger that governs it (in English the strongest trigger
//!   of its clause: a defection or return outranks mere presence; in Korean the nearest verb
//!   after it, as Korean puts the verb last), refined to planned or reported by modality;
//! - a figure with no trigger of its own continues the previous sentence's topic;
//! - a destination comes from the figure's clause, else is inherited from the last sentence
//!   that named one; "overseas", "any country" end the inheritance; lists pair places with
//!   figures in order;
//! - a selection round is a frame: the round's dates, organisations, teams and origins,
//!   stated across a paragraph, belong to the selection claims of that round;
//! - the lede's unattributed claims belong to the story's source; a paragraph's claims to
//!   the speaker last named in it;
//! - a vague or open figure restated precisely elsewhere ("several thousand" … "about
//!   6,000") is the same figure and is dropped; an identical claim restated is kept once;
//! - claims without a figure are made only where a trigger is the predicate of its clause,
//!   once per kind, destination and round, and not where a figure already says it.
//!
//! It does not read text (see `analyse`) nor score anything.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::rc::Rc;

use chrono::NaiveDate;

use super::Diagnostic;
use super::analyse::{CueHit, Sent};
use super::dates::TimeMention;
use super::numbers::{Figure, Unit};
use crate::Lang;
use crate::claim::{
    Claim, Count, Evidence, Kind, Money, Per, Period, Place, Source, SourceType, Teams, TimeRange, Why,
};
use crate::lexicon::{Cue, Hit, Lexicon, PlaceType, SkipReason, SourceKind, TriggerKind};
use crate::text::{floor_boundary, is_hangul};

/// A claim under construction.
#[derive(Debug, Clone)]
struct Draft {
    kind: Kind,
    count: Option<Count>,
    teams: Option<Teams>,
    money: Option<Money>,
    round: Option<u32>,
    destination: Option<Place>,
    origin: Vec<Place>,
    time: Option<TimeRange>,
    orgs: Vec<String>,
    legal: Vec<String>,
    source: Source,
    sent: usize,
    /// Figure (or trigger) span: orders claims within a sentence.
    pos: usize,
    figureless: bool,
    /// "at a time", "씩", "a day": a rate, never the same figure as a total.
    distributive: bool,
    purpose: Option<String>,
    why: Why,
}

impl Draft {
    fn country(&self) -> Option<&str> {
        self.destination.as_ref().and_then(|d| d.country.as_ref()).map(|c| c.as_str())
    }
    fn note(&mut self, field: &str, reason: impl Into<String>) {
        self.why.entry(field.to_owned()).or_default().push(reason.into());
    }
}

/// Where a figure's destination comes from.
#[derive(Debug, Clone)]
enum Dest {
    Place(Place, String),
    /// "overseas", "abroad": explicitly no particular place.
    Generic(String),
    None,
}

struct Frame {
    times: Vec<TimeMention>,
    orgs: Vec<String>,
    teams_count: Option<Count>,
    team_size: Option<Count>,
    origins: Vec<Place>,
}

pub(super) struct Assembler<'a> {
    text: &'a str,
    lang: Lang,
    published: Option<NaiveDate>,
    lx: &'static Lexicon,
    sents: &'a [Sent],
    /// `text` with ASCII letters lower-cased: the same bytes at the same offsets, so a span
    /// of it is the lower-cased span of `text` without an allocation (every word the rules
    /// compare against is ASCII or Korean, which has no case). Made once per document and
    /// shared with `analyse`.
    lower: &'a str,
    /// Some sentence of the document names entries ("entered", "입국"): asked for each
    /// figure's sentence, worked out once.
    counts_entries: bool,
    /// What each place hit of each sentence is to a destination (`roles[i][k]` for
    /// `sents[i].places[k]`), without and with governments counting: worked out once,
    /// since the destination rules ask for a sentence's places many times over.
    roles: Vec<Vec<[PlaceRole; 2]>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a place named in a sentence is to a destination ([`Assembler::place_roles`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceRole {
    /// Not a destination: North or South Korea, "overseas", the source's own words, a
    /// government ("Russia's foreign ministry"), a stop on the way, a war.
    Excluded,
    /// A capital or country speaking for its government ("Moscow said"): the place only
    /// when the sentence names no other.
    Speaker,
    Place,
}

const FRACTION_WORDS: &[&str] = &[
    "half", "quarter", "quarters", "third", "thirds", "most", "many", "some", "all", "part", "majority",
    "share", "percent",
];
const FOREIGN_WORDS: &[&str] = &[
    "foreign",
    "indian",
    "chinese",
    "russian",
    "nepalese",
    "nepali",
    "ukrainian",
    "bangladeshi",
    "vietnamese",
    "local",
    "filipino",
    "pakistani",
    "egyptian",
    "uzbek",
    "tajik",
    "kyrgyz",
    "russians",
    "chinese",
    "south",
];
const KO_FOREIGN: &[&str] =
    &["중국인", "러시아인", "외국인", "현지인", "한국인", "남한 주민", "우크라이나인"];
/// English trigger words that are nouns.
const EN_NOUN_TRIGGERS: &[&str] = &[
    "recommendation",
    "recommendations",
    "selection",
    "selections",
    "round of selection",
    "round of selections",
    "candidate",
    "candidates",
    "applicant",
    "applicants",
    "quota",
    "quotas",
    "review",
    "vetting",
    "arrival",
    "arrivals",
    "departure for",
    "departures",
    "deployment",
    "deployments",
    "dispatches",
    "dispatch",
    "posting",
    "postings",
    "recruitment",
    "recruiters",
    "recruiter",
    "recruits",
    "repatriation",
    "defection",
    "defections",
    "defector",
    "defectors",
    "deaths",
    "death",
    "abuse",
    "abuses",
    "asylum",
    "exploitation",
    "screening",
];

/// Sino-Korean nouns that are verbs only with 하다 / 되다 / 시키다.
const KO_VERBAL_NOUNS: &[&str] = &[
    "파견",
    "송출",
    "투입",
    "배치",
    "도착",
    "출국",
    "출발",
    "선발",
    "모집",
    "추천",
    "선정",
    "면담",
    "심사",
    "신체검사",
    "근무",
    "체류",
    "고용",
    "귀국",
    "송환",
    "철수",
    "귀환",
    "탈북",
    "탈출",
    "망명",
    "입국",
    "발급",
    "사망",
    "부상",
    "착취",
    "학대",
    "폭행",
    "감금",
    "강제노동",
    "체불",
    "협의",
    "논의",
];
const KO_NOUN_EXCEPTIONS: &[&str] = &[
    "것으로",
    "것",
    "계획",
    "예정",
    "방침",
    "바",
    "셈",
    "수",
    "문제",
    "방안",
    "일",
    "경우",
    "데",
    "가능성",
    "뒤",
    "후",
];

impl<'a> Assembler<'a> {
    pub fn new(
        text: &'a str,
        lower: &'a str,
        lang: Lang,
        published: Option<NaiveDate>,
        lx: &'static Lexicon,
        sents: &'a [Sent],
    ) -> Self {
        let counts_entries = sents.iter().any(|o| o.has_cue(|c| c == Cue::Kind(TriggerKind::Entry)));
        let mut a = Assembler {
            text,
            lang,
            published,
            lx,
            sents,
            lower,
            counts_entries,
            roles: Vec::new(),
            diagnostics: Vec::new(),
        };
        a.roles = sents.iter().map(|s| s.places.iter().map(|h| a.place_roles(s, h)).collect()).collect();
        a
    }

    fn diag(&mut self, start: usize, end: usize, rule: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic { start, end, rule: rule.to_owned(), message: message.into() });
    }

    fn is_ko(&self, s: &Sent) -> bool {
        self.lang == Lang::Ko || s.hangul
    }

    pub fn run(mut self) -> (Vec<Claim>, Vec<Diagnostic>) {
        let (sources, source_from) = self.resolve_sources();
        let inherited_dest = self.destinations();
        let (frames, current_round) = self.frames();
        let mut drafts: Vec<Draft> = Vec::new();
        let mut topic: Option<(TriggerKind, Option<TimeRange>)> = None;
        for i in 0..self.sents.len() {
            let s = &self.sents[i];
            if i > 0 && self.sents[i - 1].paragraph != s.paragraph {
                topic = None;
            }
            let before = drafts.len();
            self.figure_claims(
                i,
                &sources[i].0,
                &sources[i].1,
                &inherited_dest[i],
                current_round[i],
                source_from[i],
                &mut topic,
                &mut drafts,
            );
            self.sanctions_claims(i, &sources, &mut drafts);
            let had_figures = drafts.len() > before;
            self.figureless_claims(
                i,
                &sources[i].0,
                &sources[i].1,
                &inherited_dest[i],
                had_figures,
                &mut drafts,
            );
        }
        self.future_is_planned(&mut drafts);
        self.apply_frames(&frames, &mut drafts);
        self.continuations(&mut drafts);
        self.coreference_rounds(&mut drafts);
        let mut drafts = self.subsume_and_dedupe(drafts);
        self.inherit_entry_times(&mut drafts);
        Self::background_voice(&mut drafts);
        drafts.sort_by_key(|d| (self.sents[d.sent].start, d.pos));
        let claims = drafts.into_iter().map(|d| self.finish(d)).collect();
        (claims, self.diagnostics)
    }

    // ---------------------------------------------------------------------------------
    // Sources

    /// Each sentence's source, and how it was found.
    fn resolve_sources(&self) -> (Vec<(Source, String)>, Vec<Option<usize>>) {
        use SourceKind as K;
        let specific =
            |k: K| matches!(k, K::Type(t) if t != SourceType::MediaInvestigation && t != SourceType::Unknown);
        // The story's source: the first specific attribution of the document.
        let story = self.sents.iter().find_map(|s| {
            s.attribution.as_ref().filter(|a| specific(a.kind)).map(|a| (s.index, s.paragraph, a))
        });
        let mut out: Vec<(Source, String)> = Vec::with_capacity(self.sents.len());
        let mut from: Vec<Option<usize>> = Vec::with_capacity(self.sents.len());
        // The last specific source resolved so far: (sentence, source).
        let mut last: Option<(usize, Source)> = None;
        for (i, s) in self.sents.iter().enumerate() {
            let own = s.attribution.as_ref();
            let mut resolved: Option<(Source, String)> = None;
            let mut via: Option<usize> = None;
            if let Some(a) = own {
                match a.kind {
                    K::Type(t) if specific(a.kind) => {
                        let mut t = t;
                        let mut rule = a.rule.clone();
                        // "the officials", "the source": the same people as an earlier sentence.
                        if a.anaphoric {
                            // Compared without regard to ASCII case, like every lexicon word.
                            let head = a
                                .text
                                .to_ascii_lowercase()
                                .split_whitespace()
                                .last()
                                .unwrap_or("")
                                .to_owned();
                            if let Some(j) = (0..i).rev().find(|&j| {
                                let o = &self.sents[j];
                                o.attribution.as_ref().is_some_and(|a| specific(a.kind))
                                    && self.lower[o.start..o.end].contains(&head)
                            }) {
                                rule = format!("{rule}; the same as in sentence {}", j + 1);
                                t = out[j].0.kind;
                                // Name the source as it was first introduced.
                                let text = out[j].0.text.clone();
                                resolved = Some((Source { kind: t, text }, rule.clone()));
                            }
                        }
                        if resolved.is_none() {
                            resolved = Some((Source { kind: t, text: a.text.clone() }, rule));
                        }
                    }
                    K::Outlet => {
                        resolved = Some((
                            Source { kind: SourceType::Unknown, text: a.text.clone() },
                            format!("{} (a news outlet relays it)", a.rule),
                        ))
                    }
                    _ => {}
                }
            }
            let open = |own: Option<&super::analyse::Attribution>| {
                own.is_none_or(|a| {
                    matches!(a.kind, K::Type(SourceType::MediaInvestigation) | K::OutletLearned)
                })
            };
            // "He added", "그는 … 덧붙였다": the speaker named last.
            if resolved.is_none()
                && open(own)
                && s.anaphoric_start
                && let Some((j, src)) = &last
            {
                resolved = Some((src.clone(), format!("pronoun: the speaker of sentence {}", j + 1)));
                via = Some(*j);
            }
            // A paragraph's unattributed sentences belong to the speaker last named in it.
            if resolved.is_none()
                && open(own)
                && let Some(j) =
                    (0..i).rev().take_while(|&j| self.sents[j].paragraph == s.paragraph).find(|&j| {
                        self.sents[j]
                            .attribution
                            .as_ref()
                            .is_some_and(|a| specific(a.kind) || a.kind == K::Outlet)
                    })
            {
                resolved = Some((out[j].0.clone(), format!("paragraph: the speaker of sentence {}", j + 1)));
                via = Some(j);
            }
            // The lede's claims belong to the story's source, named just after it.
            if resolved.is_none()
                && open(own)
                && let Some((si, sp, a)) = story
                && i < si
                && s.paragraph < sp
                && let K::Type(t) = a.kind
            {
                resolved = Some((
                    Source { kind: t, text: a.text.clone() },
                    format!("lede: the story's source (sentence {})", si + 1),
                ));
            }
            // After a source is named, the story goes on in its words.
            if resolved.is_none()
                && open(own)
                && own.is_none_or(|a| a.kind != K::Type(SourceType::MediaInvestigation))
                && let Some((j, src)) = &last
            {
                resolved = Some((src.clone(), format!("the story's source so far (sentence {})", j + 1)));
            }
            if resolved.is_none()
                && let Some(a) = own.filter(|a| a.kind == K::Type(SourceType::MediaInvestigation))
            {
                resolved = Some((
                    Source { kind: SourceType::MediaInvestigation, text: String::new() },
                    format!("{} (the outlet's own reporting)", a.rule),
                ));
            }
            let r = resolved.unwrap_or_else(|| (Source::unknown(), "no attribution".to_owned()));
            if own.is_some_and(|a| specific(a.kind)) {
                last = Some((i, r.0.clone()));
            }
            out.push(r);
            from.push(via);
        }
        (out, from)
    }

    // ---------------------------------------------------------------------------------
    // Places

    fn place_of(&self, h: &Hit) -> Place {
        let e = &self.lx.places[h.entry];
        let region = match e.kind {
            PlaceType::Country => None,
            _ => Some(e.name.clone()),
        };
        Place { country: e.country, region }
    }

    /// Destination candidates among a sentence's places: not North or South Korea, not a
    /// capital speaking for its government ("Moscow said"), not a country's possessive
    /// before its officials ("Russia's top security official"), not inside the attribution.
    fn destination_hits(&self, s: &Sent, range: (usize, usize)) -> Vec<Hit> {
        self.destination_hits_with(s, range, false)
    }

    /// As [`Self::destination_hits`]; with `governments`, a capital speaking for its
    /// government counts (a sanctions reference is about that government's country).
    fn destination_hits_with(&self, s: &Sent, range: (usize, usize), governments: bool) -> Vec<Hit> {
        let mut out = Vec::new();
        // Capitals or countries speaking for their government, kept aside: they are the place
        // only when the sentence names no other ("Moscow said 511 … were in the country").
        let mut speakers = Vec::new();
        for (h, roles) in s.places.iter().zip(&self.roles[s.index]) {
            if h.start < range.0 || h.end > range.1 {
                continue;
            }
            match roles[usize::from(governments)] {
                PlaceRole::Excluded => {}
                PlaceRole::Speaker => speakers.push(*h),
                PlaceRole::Place => out.push(*h),
            }
        }
        if out.is_empty() { speakers } else { out }
    }

    /// What place hit `h` of sentence `s` is to a destination: without governments
    /// counting, and with them (a capital speaking for its government is then a place).
    fn place_roles(&self, s: &Sent, h: &Hit) -> [PlaceRole; 2] {
        use PlaceRole::{Excluded, Place, Speaker};
        let e = &self.lx.places[h.entry];
        if matches!(e.kind, PlaceType::NorthKorea | PlaceType::SouthKorea | PlaceType::Generic) {
            return [Excluded; 2];
        }
        if let Some(a) = &s.attribution
            && h.start >= a.start
            && h.end <= a.end
        {
            return [Excluded; 2];
        }
        // Only the next word is read: lower-case a short window, not the sentence's rest.
        let window = crate::text::floor_boundary(self.text, (h.end + 48).min(s.end));
        let after = &self.lower[h.end..window.max(h.end)];
        let after = after.trim_start_matches(['\'', '’']).trim_start_matches('s').trim_start();
        let first = first_ascii_word(after);
        let possessive = self.text[h.end..].starts_with("'s") || self.text[h.end..].starts_with("’s");
        if possessive
            && matches!(
                first,
                "official"
                    | "officials"
                    | "government"
                    | "foreign"
                    | "ministry"
                    | "president"
                    | "leader"
                    | "top"
                    | "intelligence"
                    | "spy"
                    | "state"
                    | "national"
                    | "war"
                    | "military"
                    | "embassy"
                    | "ambassador"
                    | "defence"
                    | "defense"
                    | "interior"
                    | "security"
                    | "economy"
                    | "closest"
                    | "own"
                    | "invasion"
            )
        {
            return [Excluded; 2];
        }
        // "Moscow said", "Luanda would respect": a capital speaking for its government;
        // "Russia said": a country doing so. "Russia will get 24,200" stays a place.
        let speaker = !possessive && {
            let city_verbs = [
                "said",
                "says",
                "told",
                "granted",
                "issued",
                "has",
                "have",
                "had",
                "would",
                "will",
                "may",
                "acknowledged",
                "stand",
                "denied",
            ];
            let country_verbs =
                ["said", "says", "told", "denied", "acknowledged", "insisted", "claimed", "stated"];
            match e.kind {
                PlaceType::City => city_verbs.contains(&first),
                PlaceType::Country => country_verbs.contains(&first),
                _ => false,
            }
        };
        let before = &self.lower[s.start..h.start];
        let after_raw = &self.text[h.end..s.end];
        // A stop on the way: "via Moscow", "through Beijing", "모스크바를 거쳐".
        let stop_on_the_way = before.ends_with("via ")
            || before.ends_with("through ")
            || before.ends_with("by way of ")
            || after_raw.starts_with("를 거쳐")
            || after_raw.starts_with("을 거쳐")
            || after_raw.starts_with("를 경유")
            || after_raw.starts_with("을 경유");
        // Tied to a war or a summit, not to workers: "the war against Ukraine".
        let war = before.ends_with("war against ")
            || before.ends_with("war in ")
            || before.ends_with("invasion of ")
            || before.ends_with("war with ");
        // Without governments counting, a speaker is one whatever else is said of it.
        let place = if stop_on_the_way || war { Excluded } else { Place };
        [if speaker { Speaker } else { place }, place]
    }

    /// Generic "no particular place" words in a range.
    fn generic_hit(&self, s: &Sent, range: (usize, usize)) -> Option<Hit> {
        s.places.iter().copied().find(|h| {
            h.start >= range.0 && h.end <= range.1 && self.lx.places[h.entry].kind == PlaceType::Generic
        })
    }

    /// Whether `hits` are all of one country (or all of none); true of no hits.
    fn one_country(&self, hits: &[Hit]) -> bool {
        let country = |h: &Hit| self.lx.places[h.entry].country;
        hits.iter().all(|h| country(h) == country(&hits[0]))
    }

    /// One destination from several hits: the most specific place when they share a
    /// country, a list of countries when they do not.
    fn combine(&self, hits: &[Hit]) -> Option<(Place, String)> {
        if hits.is_empty() {
            return None;
        }
        // "'Vladivostok' → Vladivostok, 'Russia' → Russia", built by appending: formatting
        // each hit was most of the work of choosing a destination.
        let why = |prefix: &str| {
            let mut w = String::with_capacity(prefix.len() + 40 * hits.len());
            w.push_str(prefix);
            for (k, h) in hits.iter().enumerate() {
                if k > 0 {
                    w.push_str(", ");
                }
                w.push('\'');
                w.push_str(&self.text[h.start..h.end]);
                w.push_str("' → ");
                w.push_str(&self.lx.places[h.entry].name);
            }
            w
        };
        if self.one_country(hits) {
            let rank = |t: PlaceType| match t {
                PlaceType::City => 0,
                PlaceType::Region => 1,
                PlaceType::Area => 2,
                _ => 3,
            };
            let best = hits.iter().min_by_key(|h| rank(self.lx.places[h.entry].kind))?;
            return Some((self.place_of(best), why("gazetteer: ")));
        }
        // Different countries: a list ("Kuwait, Oman, Qatar and the UAE").
        let mut names: Vec<String> = Vec::new();
        for h in hits {
            let e = &self.lx.places[h.entry];
            // A region inside a listed country adds nothing to the list.
            if e.kind != PlaceType::Country
                && hits.iter().any(|o| {
                    self.lx.places[o.entry].kind == PlaceType::Country
                        && self.lx.places[o.entry].country == e.country
                })
            {
                continue;
            }
            if !names.contains(&e.name) {
                names.push(e.name.clone());
            }
        }
        if names.len() == 1 {
            let h = hits.iter().find(|h| self.lx.places[h.entry].name == names[0])?;
            return Some((self.place_of(h), why("gazetteer: ")));
        }
        Some((Place { country: None, region: Some(names.join("; ")) }, why("gazetteer list: ")))
    }

    /// Whether a "no particular place" word is where a dispatch goes ("send workers
    /// overseas", "to any country", "해외로 내보낼"), rather than a loose mention ("earning
    /// money overseas").
    fn dispatch_target(&self, s: &Sent, g: &Hit) -> bool {
        s.cues.iter().any(|c| {
            c.cue == Cue::Kind(TriggerKind::Dispatch)
                && ((c.end <= g.start && g.start - c.end <= 40)
                    || (self.is_ko(s) && c.start >= g.end && c.start - g.end <= 20))
        })
    }

    /// Places written as a list: only separators between them ("Kuwait, Oman, Qatar and
    /// the UAE", "중국과 러시아", "러시아·카타르·이란").
    fn is_list(&self, hits: &[Hit]) -> bool {
        let mut sorted: Vec<&Hit> = hits.iter().collect();
        sorted.sort_by_key(|h| h.start);
        sorted.windows(2).all(|w| {
            let between = self.text[w[0].end..w[1].start].trim();
            let between = between.trim_start_matches(['과', '와', '및', '·', ',', '、', '/']).trim();
            let between =
                between.trim_start_matches("and").trim_start_matches("or").trim_start_matches("the").trim();
            between.is_empty() || between == "," || between == "and" || between == "the"
        })
    }

    /// One destination for something at `anchor` among places of different countries: a
    /// list stays a list; otherwise the goal of a movement ("to the Donbas", "러시아로")
    /// nearest the anchor, else the nearest place, with the places of its country.
    fn choose(&self, hits: &[Hit], anchor: usize) -> Option<(Place, String)> {
        if self.one_country(hits) || self.is_list(hits) {
            return self.combine(hits);
        }
        let goal = |h: &Hit| {
            let before = &self.lower[..h.start];
            let after = &self.text[h.end..];
            before.ends_with("to ")
                || before.ends_with("to the ")
                || before.ends_with("into ")
                || before.ends_with("for ")
                || after.starts_with("로")
                || after.starts_with("으로")
                || after.starts_with("행")
                || after.starts_with("에 ")
        };
        let dist = |h: &&Hit| if h.start >= anchor { h.start - anchor } else { anchor - h.end.min(anchor) };
        let key =
            hits.iter().filter(|h| goal(h)).min_by_key(dist).or_else(|| hits.iter().min_by_key(dist))?;
        let country = self.lx.places[key.entry].country;
        let same: Vec<Hit> =
            hits.iter().copied().filter(|h| self.lx.places[h.entry].country == country).collect();
        self.combine(&same).map(|(p, mut why)| {
            why.push_str(" (the place the sentence ties to it)");
            (p, why)
        })
    }

    /// The destination each sentence inherits from before it (shared: one destination
    /// usually carries over many sentences).
    fn destinations(&self) -> Vec<Rc<Dest>> {
        let mut out = Vec::with_capacity(self.sents.len());
        let mut current = Rc::new(Dest::None);
        for s in self.sents {
            out.push(Rc::clone(&current));
            let hits = self.destination_hits(s, (s.start, s.end));
            if let Some((p, mut why)) = self.choose(&hits, s.end) {
                let _ = write!(why, " (sentence {})", s.index + 1);
                current = Rc::new(Dest::Place(p, why));
            } else if let Some(g) =
                self.generic_hit(s, (s.start, s.end)).filter(|g| self.dispatch_target(s, g))
            {
                current = Rc::new(Dest::Generic(format!(
                    "'{}' (sentence {})",
                    &self.text[g.start..g.end],
                    s.index + 1
                )));
            }
        }
        out
    }

    // ---------------------------------------------------------------------------------
    // Rounds

    /// Round frames, and the round each sentence continues (a round named in it, or in the
    /// sentence before it in the same paragraph).
    fn frames(&self) -> (HashMap<u32, Frame>, Vec<Option<u32>>) {
        let mut frames: HashMap<u32, Frame> = HashMap::new();
        let doc_selects = self.sents.iter().any(|s| s.has_cue(|c| c == Cue::Kind(TriggerKind::Selection)));
        let mut current: Option<(u32, usize)> = None;
        let mut last_numbered: Option<u32> = None;
        let mut per_sentence = Vec::with_capacity(self.sents.len());
        for s in self.sents {
            let numbered: Vec<u32> = s.rounds.iter().filter_map(|r| r.round).collect();
            let selection = s.has_cue(|c| c == Cue::Kind(TriggerKind::Selection))
                || (!s.rounds.is_empty() && doc_selects);
            if let Some(&n) = numbered.first() {
                current = Some((n, s.paragraph));
                last_numbered = Some(n);
            } else if let (Some(n), true) =
                (last_numbered, !s.rounds.is_empty() && s.rounds.iter().all(|r| self.continues_round(r)))
            {
                // "The new round" in a later paragraph is still the round named before.
                current = Some((n, s.paragraph));
            } else if current.is_some_and(|(_, p)| p != s.paragraph)
                || s.rounds.iter().any(|r| !self.continues_round(r))
            {
                // A new paragraph, or "a further round": no longer the round named before.
                // "The new round", "this round" go on with it.
                current = None;
            }
            per_sentence.push(current.map(|(n, _)| n));
            let Some((n, _)) = current else { continue };
            if !selection {
                continue;
            }
            let f = frames.entry(n).or_insert_with(|| Frame {
                times: Vec::new(),
                orgs: Vec::new(),
                teams_count: None,
                team_size: None,
                origins: Vec::new(),
            });
            for t in &s.times {
                if !self.is_speech_time(s, t) {
                    f.times.push(t.clone());
                }
            }
            for o in &s.orgs {
                let name = self.lx.orgs[o.entry].name.clone();
                if !f.orgs.contains(&name) {
                    f.orgs.push(name);
                }
            }
            for fig in &s.figures {
                match fig.unit {
                    Unit::Teams => f.teams_count = Count::new(fig.min, fig.max, fig.approx).or(f.teams_count),
                    Unit::TeamSize => f.team_size = Count::new(fig.min, fig.max, fig.approx).or(f.team_size),
                    _ => {}
                }
            }
            for p in self.origins(s) {
                if !f.origins.contains(&p) {
                    f.origins.push(p);
                }
            }
        }
        (frames, per_sentence)
    }

    /// Whether an unnumbered round mention goes on with the round named before ("the new
    /// round", "this round") rather than opening another ("a further round").
    fn continues_round(&self, r: &super::analyse::RoundMention) -> bool {
        let w = self.text[r.start..r.end].to_ascii_lowercase();
        r.round.is_some() || w.starts_with("new") || w.starts_with("this")
    }

    /// North Korean places a sentence names as where people come from.
    fn origins(&self, s: &Sent) -> Vec<Place> {
        let mut out = Vec::new();
        for h in &s.places {
            let e = &self.lx.places[h.entry];
            if e.kind != PlaceType::NorthKorea || e.name == "North Korea" {
                continue;
            }
            let before = &self.lower[s.start..h.start];
            let after = &self.text[h.end..s.end];
            // "Pyongyang plans": the government, not a place people come from.
            if e.name == "Pyongyang" {
                let from = before.ends_with("from ")
                    || before.ends_with("in ")
                    || after.starts_with(" residents")
                    || after.starts_with("을 비롯")
                    || after.starts_with(" 출신")
                    || after.starts_with("에서 온");
                if !from {
                    continue;
                }
            }
            let p = self.place_of(h);
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    // ---------------------------------------------------------------------------------
    // Times

    /// Whether a time is when somebody spoke rather than when the thing happened: next to a
    /// verb of saying ("told Daily NK on Monday", "On Feb 9 the NIS said"), or a bare day in
    /// a Korean attribution ("소식통은 26일 …고 말했다").
    fn is_speech_time(&self, s: &Sent, t: &TimeMention) -> bool {
        let speech = || s.cues.iter().filter(|c| c.cue == Cue::Speech);
        if speech().next().is_none() {
            return false;
        }
        if self.is_ko(s) {
            if t.day_only {
                return true;
            }
            // "9일(현지시간)" handled as a day; "14일 데일리NK에" likewise.
            return false;
        }
        let near_before = speech().any(|c| c.end <= t.start && t.start - c.end <= 22);
        // "On Feb 9 the NIS said": a time that opens the sentence, just before the verb.
        let opens = self.text[s.start..t.start].trim().is_empty();
        let near_after = opens && speech().any(|c| c.start >= t.end && c.start - t.end <= 25);
        (near_before || near_after) && (t.day_only || t.relative || t.finish == t.begin)
    }

    /// The time for a claim at `pos`: the nearest time in its clause, else in its sentence;
    /// deadlines only where `deadlines` (selection rounds run to a deadline).
    fn time_for(&self, s: &Sent, pos: usize, deadlines: bool) -> Option<(TimeRange, String)> {
        let clause = s.clause_of(pos);
        let usable = |t: &&TimeMention| !self.is_speech_time(s, t) && (deadlines || !t.deadline);
        let dist = |t: &TimeMention| if t.start >= pos { t.start - pos } else { pos - t.end.min(pos) };
        // Korean puts a time before what it dates ("2024년 … 1만3221명으로, 2023년 1117명"):
        // the nearest time before the figure in its clause comes first there.
        let before_in_clause = if self.is_ko(s) {
            s.times
                .iter()
                .filter(usable)
                .filter(|t| t.start >= clause.0 && t.end <= pos)
                .max_by_key(|t| t.end)
                .filter(|t| {
                    // …unless another figure stands between them, which the time belongs to.
                    !s.figures
                        .iter()
                        .any(|f| f.start >= t.end && f.end <= pos && !matches!(f.unit, Unit::Other))
                })
        } else {
            None
        };
        let in_clause = before_in_clause.or_else(|| {
            s.times
                .iter()
                .filter(usable)
                .filter(|t| t.start >= clause.0 && t.end <= clause.1)
                .min_by_key(|t| dist(t))
        });
        // Outside its clause only when the sentence has no other figure the time could be for.
        let figures = s.figures.iter().filter(|f| !matches!(f.unit, Unit::Other)).count();
        let t = in_clause.or_else(|| {
            if figures <= 1 { s.times.iter().filter(usable).min_by_key(|t| dist(t)) } else { None }
        })?;
        let words = &self.text[t.start..t.end];
        Some((TimeRange::new(words, t.begin, t.finish)?, format!("{}: '{}'", t.rule, words)))
    }

    // ---------------------------------------------------------------------------------
    // Kinds

    fn kind_rank(k: TriggerKind) -> u8 {
        match k {
            TriggerKind::Defection => 0,
            TriggerKind::Abuse => 1,
            TriggerKind::Repatriation => 2,
            TriggerKind::Selection => 3,
            TriggerKind::Dispatch => 4,
            TriggerKind::Entry => 5,
            TriggerKind::Stock => 6,
        }
    }

    fn kind_cues<'s>(
        &self,
        s: &'s Sent,
        range: (usize, usize),
        exclude: (usize, usize),
    ) -> Vec<(&'s CueHit, TriggerKind)> {
        s.cues
            .iter()
            .filter(|c| {
                c.start >= range.0 && c.end <= range.1 && !(c.start >= exclude.0 && c.end <= exclude.1)
            })
            .filter(|c| {
                // "sent home about US$100 million" speaks of money, not of people going home.
                !s.cues.iter().any(|m| {
                    matches!(m.cue, Cue::MoneyRevenue | Cue::MoneyEarn) && m.start <= c.start && m.end > c.end
                })
            })
            .filter_map(|c| match c.cue {
                Cue::Kind(k) => Some((c, k)),
                _ => None,
            })
            .collect()
    }

    /// The trigger that governs a figure at `[fs, fe)`.
    fn governing_trigger<'s>(&self, s: &'s Sent, fs: usize, fe: usize) -> Option<(&'s CueHit, TriggerKind)> {
        let clause = s.clause_of(fs);
        let mut cands = self.kind_cues(s, clause, (fs, fe));
        cands.retain(|(c, _)| !self.negated(s, c) && !self.hypothetical(s, c));
        if cands.is_empty() {
            let all: Vec<_> = self
                .kind_cues(s, (s.start, s.end), (fs, fe))
                .into_iter()
                .filter(|(c, _)| !self.negated(s, c) && !self.hypothetical(s, c))
                .collect();
            cands = all;
        }
        if cands.is_empty() {
            return None;
        }
        // A verb right after the figure governs it: "2,500 are in Kuwait", "2,000 work
        // there" — whatever stronger verb the sentence has further on.
        if !self.is_ko(s)
            && let Some(adj) =
                cands.iter().find(|(c, _)| c.start >= fe && self.text[fe..c.start].trim().is_empty())
        {
            return Some(*adj);
        }
        if self.is_ko(s) {
            // The nearest verb after the figure; else the nearest before it (a relative
            // clause: "러시아에 들어간 북한 주민이 1만3221명").
            let after =
                cands.iter().filter(|(c, _)| c.start >= fe).min_by_key(|(c, _)| c.start - fe).copied();
            let before = cands.iter().filter(|(c, _)| c.end <= fs).min_by_key(|(c, _)| fs - c.end).copied();
            let in_clause = |c: &CueHit| {
                let cl = s.clause_of(fs);
                c.start >= cl.0 && c.end <= cl.1
            };
            return match (after, before) {
                (Some(a), Some(b)) => Some(if in_clause(a.0) || !in_clause(b.0) { a } else { b }),
                (a, b) => a.or(b),
            };
        }
        cands.into_iter().min_by_key(|(c, k)| {
            let d = if c.start >= fe { c.start - fe } else { fs.saturating_sub(c.end) };
            (Self::kind_rank(*k), d)
        })
    }

    fn negated(&self, s: &Sent, c: &CueHit) -> bool {
        let clause = s.clause_of(c.start);
        if self.is_ko(s) {
            return s.cues.iter().any(|n| {
                n.cue == Cue::Negation && n.start >= c.end && n.start <= c.end + 12 && n.start < clause.1
            });
        }
        // "Moscow denied that …": a denial covers the whole clause it introduces.
        s.cues.iter().filter(|n| n.cue == Cue::Negation).any(|n| {
            let word = &self.text[n.start..n.end];
            let denial = ["denied", "deny", "denies"].iter().any(|d| word.eq_ignore_ascii_case(d));
            n.end <= c.start
                && (c.start - n.end <= 40 || denial)
                && (n.start >= clause.0 || denial)
                && !(n.start >= c.start && n.end <= c.end)
        })
    }

    fn hypothetical(&self, s: &Sent, c: &CueHit) -> bool {
        let clause = s.clause_of(c.start);
        if self.is_ko(s) {
            return s.cues.iter().any(|n| {
                n.cue == Cue::Hypothetical
                    && ((n.start >= c.end && n.start <= c.end + 30)
                        || (n.end <= c.start && c.start - n.end <= 30))
                    && n.start >= clause.0
                    && n.start < clause.1
            });
        }
        s.cues.iter().any(|n| {
            n.cue == Cue::Hypothetical && n.end <= c.start && c.start - n.end <= 50 && n.start >= clause.0
        })
    }

    /// Planned or reported, for a dispatch trigger.
    fn planned(&self, s: &Sent, c: &CueHit) -> (bool, bool, String) {
        let clause = s.clause_of(c.start);
        let habitual = s
            .cues
            .iter()
            .any(|m| m.cue == Cue::Habitual && m.start <= c.start + 4 && m.end >= c.start.saturating_sub(12));
        if habitual {
            return (false, true, "mod:habitual 'used to'".into());
        }
        if self.is_ko(s) {
            // Korean carries modality after the verb ("보낼 계획", "도착할 것", "파견됐다"), up
            // to the end of its own clause ("…투입돼 있다고 …가 밝혔다": not beyond "다고").
            let after_c = &self.text[c.end..clause.1.min(s.end)];
            let quote_end = ["다고", "다며", "다.", "라고", "라며", "다는"]
                .iter()
                .filter_map(|m| after_c.find(m).map(|i| (i, m)))
                // "보낸다는 계획": the plan is the verb's, so it stays inside.
                .filter(|(i, m)| {
                    **m != "다는"
                        || !["계획", "방침", "예정", "구상"]
                            .iter()
                            .any(|p| after_c[i + m.len()..].trim_start().starts_with(p))
                })
                .map(|(i, m)| i + m.len())
                .min();
            let tail_end = quote_end.map_or(clause.1.min(s.end), |i| c.end + i);
            let planned =
                s.cues.iter().find(|m| m.cue == Cue::Planned && m.start >= c.start && m.start < tail_end);
            if let Some(m) = planned {
                return (true, false, format!("mod:planned '{}'", &self.text[m.start..m.end]));
            }
            // A future adnominal ending (ㄹ) on the verb: "보낼 것", "도착할 것이라고".
            let stem_last = self.text[c.start..c.end].chars().next_back();
            let rest = &self.text[c.end..tail_end];
            let word_end = rest.find(' ').unwrap_or(rest.len());
            let ending_last = rest[..word_end].chars().next_back().or(stem_last);
            if ending_last.is_some_and(has_final_rieul) && rest[word_end..].trim_start().starts_with('것') {
                return (true, false, "mod:planned future ending -ㄹ 것".into());
            }
            // "공병을 보내 … 맡게 될 것이라고": the clause ends in the future.
            let chars: Vec<char> = rest.chars().collect();
            if chars.windows(3).any(|w| has_final_rieul(w[0]) && w[1] == ' ' && w[2] == '것') {
                return (true, false, "mod:planned future -ㄹ 것 later in the clause".into());
            }
            return (false, false, "mod:reported (Korean past or present ending)".into());
        }
        let window_start = clause.0.max(c.start.saturating_sub(70));
        let planned = s
            .cues
            .iter()
            .filter(|m| {
                m.cue == Cue::Planned && m.start >= window_start && m.start < c.start && m.end <= c.end
            })
            .max_by_key(|m| m.start);
        let reported = s
            .cues
            .iter()
            .filter(|m| m.cue == Cue::Reported && m.start >= window_start && m.start <= c.end)
            .max_by_key(|m| m.start);
        match (planned, reported) {
            (Some(p), Some(r))
                if r.start > p.end
                    && !self.lower[p.start..c.end].contains(" to be ")
                    && !self.text[p.start..p.end].eq_ignore_ascii_case("would") =>
            {
                (false, false, format!("mod:reported '{}'", &self.text[r.start..r.end]))
            }
            (Some(p), _) => (true, false, format!("mod:planned '{}'", &self.text[p.start..p.end])),
            (None, Some(r)) => (false, false, format!("mod:reported '{}'", &self.text[r.start..r.end])),
            (None, None) => {
                // "to reach the UAE" after "expect", "departure for": look a little after.
                let after = s.cues.iter().find(|m| {
                    m.cue == Cue::Planned && m.start >= c.end && m.start <= c.end + 40 && m.start < clause.1
                });
                match after {
                    Some(p) => (true, false, format!("mod:planned '{}'", &self.text[p.start..p.end])),
                    None => (false, false, "mod:reported (no future or plan word)".into()),
                }
            }
        }
    }

    fn to_kind(&self, s: &Sent, c: &CueHit, k: TriggerKind) -> (Kind, String) {
        let phrase = &self.text[c.start..c.end];
        match k {
            TriggerKind::Dispatch => {
                // "1만5000명가량이 러시아로 보내진 것으로 파악됐다": a total sent so far,
                // confirmed without a date, is how many are there.
                if self.is_ko(s) {
                    let rest = &self.text[c.end..s.end];
                    let perfect = rest.starts_with("된 것으로")
                        || rest.starts_with("진 것으로")
                        || (phrase.ends_with('진') || phrase.ends_with('된')) && rest.starts_with(" 것으로");
                    if perfect && !s.times.iter().any(|t| !self.is_speech_time(s, t)) {
                        return (
                            Kind::StockEstimate,
                            format!(
                                "trigger '{phrase}' (dispatch) in the perfect, undated: a total so far, a stock"
                            ),
                        );
                    }
                }
                let (planned, habitual, why) = self.planned(s, c);
                let kind = if habitual {
                    Kind::StockEstimate
                } else if planned {
                    Kind::DispatchPlanned
                } else {
                    Kind::DispatchReported
                };
                (kind, format!("trigger '{phrase}' (dispatch); {why}"))
            }
            TriggerKind::Selection => (Kind::SelectionRound, format!("trigger '{phrase}' (selection)")),
            TriggerKind::Stock => (Kind::StockEstimate, format!("trigger '{phrase}' (presence)")),
            TriggerKind::Repatriation => (Kind::Repatriation, format!("trigger '{phrase}' (return)")),
            TriggerKind::Defection => (Kind::Defection, format!("trigger '{phrase}' (defection)")),
            TriggerKind::Abuse => (Kind::AbuseOrDeath, format!("trigger '{phrase}' (abuse or death)")),
            TriggerKind::Entry => (Kind::EntryStatistic, format!("trigger '{phrase}' (entry)")),
        }
    }

    /// Why a figure is not about workers, if it is not.
    fn skip_reason(&self, s: &Sent, f: &Figure, money: bool) -> Option<String> {
        let clause = s.clause_of(f.start);
        let near = |c: &CueHit| c.start >= clause.0 && c.end <= clause.1;
        for c in s.cues.iter().filter(|c| near(c)) {
            if let Cue::Skip(r) = c.cue {
                let applies = match r {
                    SkipReason::Trade | SkipReason::Bribe | SkipReason::Price => true,
                    SkipReason::Deduction => money && c.end <= f.start && f.start - c.end <= 12,
                    SkipReason::Capacity => !money && c.end <= f.start && f.start - c.end <= 20,
                    SkipReason::Troops => false,
                    SkipReason::Goods => money,
                };
                if applies {
                    return Some(format!("skip.{}: '{}'", r.as_str(), &self.text[c.start..c.end]));
                }
            }
        }
        if money {
            return None;
        }
        // Troops are not workers, unless the words make them a labour unit (builders,
        // sappers). A sentence about troops carries into the next one in the paragraph.
        let troops_here = s.cues.iter().any(|c| c.cue == Cue::Skip(SkipReason::Troops) && near(c));
        let labour_here = s.cues.iter().any(|c| c.cue == Cue::Labour && near(c));
        let noun_is_troops = matches!(&f.unit, Unit::People { noun } if matches!(noun.as_str(), "soldiers" | "troops" | "servicemen"));
        let prev_troops = s.index > 0 && {
            let p = &self.sents[s.index - 1];
            p.paragraph == s.paragraph
                && p.cues.iter().any(|c| c.cue == Cue::Skip(SkipReason::Troops))
                && !p.cues.iter().any(|c| c.cue == Cue::Labour)
        };
        if (troops_here || noun_is_troops || prev_troops) && !labour_here {
            return Some("skip.troops: the figure counts soldiers".into());
        }
        // Someone else's workers: "3 million foreign labourers", "중국인 노동자".
        let span = &self.lower[f.start..f.end];
        let before: &str =
            &self.lower[floor_boundary(self.text, clause.0.max(f.start.saturating_sub(12)))..f.start];
        if span.split(|c: char| !c.is_alphanumeric()).any(|w| FOREIGN_WORDS.contains(&w)) {
            return Some("skip.foreign: the figure counts other nationals".into());
        }
        let ko_before: String = {
            let mut b = f.start.saturating_sub(15).max(s.start);
            while !self.text.is_char_boundary(b) {
                b += 1;
            }
            self.text[b..f.start].to_owned()
        };
        if KO_FOREIGN.iter().any(|w| ko_before.contains(w)) || before.ends_with("russians ") {
            return Some("skip.foreign: the figure counts other nationals".into());
        }
        // A model name: "Hwasong-15".
        if self.text[..f.start].ends_with('-')
            && self.text[..floor_boundary(self.text, f.start.saturating_sub(1))]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphabetic())
        {
            return Some("skip.name: a number in a name".into());
        }
        None
    }

    // ---------------------------------------------------------------------------------
    // Claims with figures

    #[allow(clippy::too_many_arguments)]
    fn figure_claims(
        &mut self,
        i: usize,
        source: &Source,
        source_why: &str,
        inherited: &Dest,
        current_round: Option<u32>,
        source_from: Option<usize>,
        topic: &mut Option<(TriggerKind, Option<TimeRange>)>,
        drafts: &mut Vec<Draft>,
    ) {
        let s = &self.sents[i];
        let ko = self.is_ko(s);
        let mut figures = self.merge_conjunctions(s);
        // "Six teams of about 50" and no total: the teams make the total.
        let has_people = figures
            .iter()
            .any(|(f, _)| matches!(f.unit, Unit::People { .. } | Unit::Bare | Unit::Visas { .. }));
        let tc = figures.iter().find(|(f, _)| f.unit == Unit::Teams).map(|(f, _)| f.clone());
        let ts = figures.iter().find(|(f, _)| f.unit == Unit::TeamSize).map(|(f, _)| f.clone());
        if let (false, Some(tc), Some(ts)) = (has_people, tc, ts) {
            let mul = |a: Option<u64>, b: Option<u64>| Some(a?.saturating_mul(b?));
            let total = Figure {
                start: tc.start.min(ts.start),
                end: tc.end.max(ts.end),
                min: mul(tc.min, ts.min),
                max: mul(tc.max, ts.max),
                approx: tc.approx || ts.approx,
                vague: false,
                unit: Unit::People { noun: "teams".into() },
                rule: "derived.teams_times_size",
            };
            if total.min.is_some() && total.max.is_some() {
                figures.push((total, "teams times their size".to_owned()));
                figures.sort_by_key(|(f, _)| f.start);
            }
        }
        // People figures and bare ones, in order, for pairing with places.
        let people_context = s.figures.iter().any(|f| matches!(f.unit, Unit::People { .. }))
            || s.has_cue(|c| matches!(c, Cue::Kind(_) | Cue::Labour))
            || (i > 0 && self.sents[i - 1].has_cue(|c| matches!(c, Cue::Labour)));
        let countable: Vec<&(Figure, String)> = figures
            .iter()
            .filter(|(f, _)| {
                matches!(f.unit, Unit::People { .. } | Unit::Visas { .. })
                    || (matches!(f.unit, Unit::Bare) && people_context && f.min.or(f.max).unwrap_or(0) >= 20)
            })
            .collect();
        let teams_count =
            s.figures.iter().find(|f| f.unit == Unit::Teams).and_then(|f| Count::new(f.min, f.max, f.approx));
        let team_size = s
            .figures
            .iter()
            .find(|f| f.unit == Unit::TeamSize)
            .and_then(|f| Count::new(f.min, f.max, f.approx));
        let dest_hits_all = self.destination_hits(s, (s.start, s.end));
        let mut sentence_topic: Option<(TriggerKind, Option<TimeRange>)> = None;
        let mut list_trigger: Option<(usize, (&CueHit, TriggerKind))> = None;
        let doc_counts_entries = self.counts_entries;
        for (fig, fig_why) in &countable {
            // A day of a date ("December 22, 2019") is no count of people.
            if s.times.iter().any(|t| fig.start < t.end && t.start < fig.end) {
                continue;
            }
            if let Some(reason) = self.skip_reason(s, fig, false) {
                self.diag(fig.start, fig.end, reason.split(':').next().unwrap_or("skip"), reason.clone());
                continue;
            }
            // Kind.
            let lower_before = &self.lower[s.clause_of(fig.start).0..fig.start];
            let fraction = lower_before.trim_end().ends_with("of the")
                && lower_before
                    .split_whitespace()
                    .rev()
                    .nth(2)
                    .is_some_and(|w| w.split('-').any(|p| FRACTION_WORDS.contains(&p)));
            let mut trigger = if fraction { None } else { self.governing_trigger(s, fig.start, fig.end) };
            // A list repeats its first item's verb: "2,500 are in Kuwait, 2,000 in Qatar and
            // up to 1,500 in the UAE" — the later items share "are in".
            if let (Some((prev_end, prev_trigger)), false) = (list_trigger, fraction) {
                let between = &self.lower[prev_end.min(fig.start)..fig.start];
                let only_places = s.places.iter().any(|p| p.start >= prev_end && p.end <= fig.start)
                    && between.split(|c: char| !c.is_alphanumeric()).all(|w| {
                        w.is_empty()
                            || matches!(
                                w,
                                "and"
                                    | "in"
                                    | "the"
                                    | "to"
                                    | "for"
                                    | "while"
                                    | "with"
                                    | "plus"
                                    | "또"
                                    | "그리고"
                            )
                            || s.places.iter().any(|p| {
                                p.start >= prev_end
                                    && p.end <= fig.start
                                    && self.lower[p.start..p.end].contains(w)
                            })
                    });
                let own_adjacent = trigger.is_some_and(|(c, _)| {
                    c.start >= fig.end && self.text[fig.end..c.start].trim().is_empty()
                });
                if only_places && !own_adjacent {
                    trigger = Some(prev_trigger);
                }
            }
            if let Some(t) = trigger {
                let adjacent = t.0.start >= fig.end && self.text[fig.end..t.0.start].trim().is_empty();
                if adjacent || list_trigger.is_some() {
                    list_trigger = Some((fig.end.max(t.0.end), t));
                }
            }
            // Every verb for it denied or negated ("Moscow denied that 500 workers had been
            // sent"): no claim, rather than a bare presence.
            if trigger.is_none() && !fraction {
                let clause = s.clause_of(fig.start);
                let all = self.kind_cues(s, clause, (fig.start, fig.end));
                if !all.is_empty() && all.iter().all(|(c, _)| self.negated(s, c) || self.hypothetical(s, c)) {
                    self.diag(
                        fig.start,
                        fig.end,
                        "skip.negated",
                        "every verb for the figure is denied, negated or hypothetical",
                    );
                    continue;
                }
            }
            let kind_why;
            let mut inherited_time = None;
            // "목적별로는 교육이 7887명": a purpose of entry before the figure, in a document
            // that counts entries, makes it an entry figure whatever the sentence's verb.
            let entry_by_purpose = doc_counts_entries
                && self.is_ko(s)
                && trigger.is_none_or(|(_, k)| k == TriggerKind::Stock)
                && self.purpose_next_to(s, fig).is_some();
            let (kind, trig_pos) = if let Unit::Visas { .. } = fig.unit {
                kind_why = "figure counts visas or entries".to_owned();
                (Kind::EntryStatistic, fig.end)
            } else if entry_by_purpose {
                kind_why =
                    "a purpose of entry before the figure, in a document that counts entries".to_owned();
                (Kind::EntryStatistic, fig.end)
            } else if fraction {
                kind_why = "a part of a population ('… of the N'): the N is who is there".to_owned();
                (Kind::StockEstimate, fig.end)
            } else if let Some((c, k)) = trigger {
                // The figure counts who spoke: "more than ten people … told the Post".
                if !ko
                    && c.start > fig.end
                    && s.cues
                        .iter()
                        .any(|sp| sp.cue == Cue::Speech && sp.start >= fig.end && sp.end <= c.start)
                {
                    self.diag(fig.start, fig.end, "skip.speakers", "the figure counts the people who spoke");
                    continue;
                }
                let (kind, why) = self.to_kind(s, c, k);
                kind_why = why;
                sentence_topic = Some((k, None));
                (kind, c.start)
            } else if let Some((k, t)) = topic.clone() {
                // No trigger: the sentence continues the previous one's topic.
                let c = CueHit { start: fig.start, end: fig.end, cue: Cue::Kind(k) };
                let (kind, _) = self.to_kind(s, &c, k);
                kind_why =
                    format!("no trigger in the sentence: continues the previous sentence's topic ({kind})");
                inherited_time = t;
                (kind, fig.end)
            } else if !s.rounds.is_empty() && matches!(fig.unit, Unit::People { .. } | Unit::Bare) {
                kind_why = "no trigger, in a sentence about a selection round".to_owned();
                (Kind::SelectionRound, fig.end)
            } else if matches!(fig.unit, Unit::People { .. }) || matches!(fig.unit, Unit::Bare) {
                kind_why = "no trigger: people at a place are a stock".to_owned();
                (Kind::StockEstimate, fig.end)
            } else {
                continue;
            };
            if matches!(kind, Kind::DispatchPlanned | Kind::DispatchReported)
                && self.arrives_in_south(s, trig_pos)
            {
                self.diag(
                    fig.start,
                    fig.end,
                    "skip.south_korea",
                    "reaching South Korea ends a defection; it is no dispatch",
                );
                continue;
            }
            if trigger.is_some_and(|(c, _)| self.negated(s, c)) {
                self.diag(fig.start, fig.end, "skip.negated", "the claim is denied or negated");
                continue;
            }
            // Entry purposes.
            let mut purpose = None;
            if kind == Kind::EntryStatistic {
                match self.purpose_for(s, fig, &figures) {
                    Some((p, true)) => purpose = Some(p),
                    Some((p, false)) => {
                        self.diag(
                            fig.start,
                            fig.end,
                            "skip.purpose",
                            format!("entries for '{p}' are not labour-relevant"),
                        );
                        continue;
                    }
                    None => purpose = Some("all".to_owned()),
                }
            }
            let Some(count) = Count::new(fig.min, fig.max, fig.approx) else { continue };
            let mut d = Draft {
                kind,
                count: Some(count),
                teams: None,
                money: None,
                round: None,
                destination: None,
                origin: self.origins(s),
                time: None,
                orgs: self.claim_orgs(s, fig.start, source_from),
                legal: Vec::new(),
                source: source.clone(),
                sent: i,
                pos: fig.start,
                figureless: false,
                distributive: self.distributive(s, fig),
                purpose,
                why: Why::new(),
            };
            d.note("kind", kind_why);
            d.note("count", format!("{} '{}'", fig_why, &self.text[fig.start..fig.end]));
            d.note("source", source_why.to_owned());
            // Destination: pair figures with places in lists, else the clause's place.
            let (dest, dest_why) = self.destination_for(
                s,
                fig,
                &countable.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(),
                &dest_hits_all,
                inherited,
                trig_pos,
            );
            d.destination = dest;
            d.note("destination", dest_why);
            // Time.
            let deadlines = kind == Kind::SelectionRound || kind == Kind::DispatchPlanned;
            if let Some((t, why)) = self.time_for(s, fig.start, deadlines) {
                d.time = Some(t);
                d.note("time", why);
            } else if let Some(t) = inherited_time.clone() {
                d.note("time", format!("from the previous sentence: '{}'", t.text));
                d.time = Some(t);
            }
            // Round: named in the sentence, or the round the paragraph is about.
            if matches!(kind, Kind::SelectionRound | Kind::DispatchPlanned | Kind::DispatchReported) {
                if let Some(r) = s.rounds.iter().filter(|r| r.round.is_some()).min_by_key(|r| {
                    if r.end <= fig.start { fig.start - r.end } else { r.start - fig.end + 20 }
                }) {
                    d.round = r.round;
                    d.note("round", format!("round named in the sentence: '{}'", &self.text[r.start..r.end]));
                } else if kind == Kind::SelectionRound
                    && s.rounds.iter().all(|r| self.continues_round(r))
                    && let Some(n) = current_round
                {
                    d.round = Some(n);
                    d.note("round", format!("the paragraph is about round {n}"));
                }
            }
            if teams_count.is_some() || team_size.is_some() {
                d.teams = Some(Teams { count: teams_count, size: team_size });
                d.note("teams", "teams named in the sentence");
            }
            if !d.orgs.is_empty() {
                d.note("organisations", "named in the sentence");
            }
            drafts.push(d);
        }
        if sentence_topic.is_none()
            && let Some((c, k)) =
                self.kind_cues(s, (s.start, s.end), (0, 0)).into_iter().find(|(c, _)| !self.negated(s, c))
        {
            let _ = c;
            sentence_topic = Some((k, None));
        }
        // The topic carries the sentence's time for a next sentence that only gives figures.
        // A sentence with no verb of its own keeps the topic it continued.
        if let Some((k, _)) = sentence_topic {
            *topic = Some((k, self.time_for(s, s.start, true).map(|(t, _)| t)));
        }
        // Money.
        for (fig, fig_why) in &figures {
            let Unit::Money { currency, period, per_worker, parenthetical } = fig.unit else { continue };
            if parenthetical || fig.vague {
                self.diag(
                    fig.start,
                    fig.end,
                    "skip.money",
                    if parenthetical { "a conversion in brackets" } else { "a vague amount of money" },
                );
                continue;
            }
            if let Some(reason) = self.skip_reason(s, fig, true) {
                self.diag(fig.start, fig.end, reason.split(':').next().unwrap_or("skip"), reason.clone());
                continue;
            }
            let clause = s.clause_of(fig.start);
            let earn_cue =
                s.cues.iter().any(|c| c.cue == Cue::MoneyEarn && c.start >= clause.0 && c.end <= clause.1);
            let revenue_cue =
                s.cues.iter().any(|c| c.cue == Cue::MoneyRevenue && c.start >= clause.0 && c.end <= clause.1);
            let amount = fig.max.or(fig.min).unwrap_or(0);
            let usd = amount as f64 * usd_rate(currency);
            let earnings = per_worker
                || (earn_cue && usd < 50_000.0)
                || (period.is_some() && usd < 20_000.0 && !revenue_cue);
            if !earnings && usd < 100_000.0 && !revenue_cue {
                self.diag(
                    fig.start,
                    fig.end,
                    "skip.money",
                    "an amount neither per worker nor a total income",
                );
                continue;
            }
            // A period stated once for several amounts: "USD 1,000 a month … about USD 200".
            let period = period.or_else(|| {
                figures.iter().find_map(|(o, _)| match o.unit {
                    Unit::Money { period: Some(p), .. } if earnings && o.start != fig.start => Some(p),
                    _ => None,
                })
            });
            let kind = if earnings { Kind::EarningsTarget } else { Kind::RevenueEstimate };
            let per = earnings.then_some(Per::Worker);
            let Some(money) = Money::new(fig.min, fig.max, fig.approx, currency, per, period) else {
                continue;
            };
            let mut d = Draft {
                kind,
                count: None,
                teams: None,
                money: Some(money),
                round: None,
                destination: None,
                origin: Vec::new(),
                time: None,
                orgs: self.claim_orgs(s, fig.start, source_from),
                legal: Vec::new(),
                source: source.clone(),
                sent: i,
                pos: fig.start,
                figureless: false,
                distributive: false,
                purpose: None,
                why: Why::new(),
            };
            d.note(
                "kind",
                if earnings { "money per worker or per period: earnings" } else { "a total amount: revenue" },
            );
            d.note("money", format!("{} '{}'", fig_why, &self.text[fig.start..fig.end]));
            d.note("source", source_why.to_owned());
            let (dest, why) = self.destination_for(s, fig, &[], &dest_hits_all, inherited, fig.end);
            d.destination = dest;
            d.note("destination", why);
            if let Some((t, why)) = self.time_for(s, fig.start, false) {
                d.time = Some(t);
                d.note("time", why);
            }
            drafts.push(d);
        }
    }

    /// "1,000 sappers along with 5,000 military builders", "건설 인력 5000명과 지뢰 제거
    /// 전문 인력 1000명": people joined by "and" in one clause are one group, summed.
    fn merge_conjunctions(&self, s: &Sent) -> Vec<(Figure, String)> {
        let mut out: Vec<(Figure, String)> = Vec::new();
        for f in &s.figures {
            if let Some((last, why)) = out.last_mut() {
                let both_people =
                    matches!(last.unit, Unit::People { .. }) && matches!(f.unit, Unit::People { .. });
                let between = &self.text[last.end.min(f.start)..f.start];
                let lower = self.lower[last.end.min(f.start)..f.start].trim();
                let joined = matches!(lower, "and" | "along with" | "plus" | "as well as" | "together with")
                    || (between.starts_with('과') || between.starts_with('와'))
                        && between.chars().count() <= 30
                        && !between.contains(',');
                let same_clause = s.clause_of(last.start) == s.clause_of(f.start);
                let no_place_between = !s.places.iter().any(|p| p.start >= last.end && p.end <= f.start);
                let different_nouns = matches!((&last.unit, &f.unit), (Unit::People { noun: a }, Unit::People { noun: b }) if a != b || self.is_ko(s));
                if both_people
                    && joined
                    && same_clause
                    && no_place_between
                    && different_nouns
                    && last.min.is_some()
                    && last.max.is_some()
                    && f.min.is_some()
                    && f.max.is_some()
                {
                    last.min = Some(last.min.unwrap_or(0) + f.min.unwrap_or(0));
                    last.max = Some(last.max.unwrap_or(0) + f.max.unwrap_or(0));
                    last.approx |= f.approx;
                    last.end = f.end;
                    *why = "sum of a conjunction of groups".to_owned();
                    continue;
                }
            }
            out.push((f.clone(), f.rule.to_owned()));
        }
        out
    }

    /// The total of a list: "a total of 26,600", "26,600 in all", "총 2만 명", "모두 합쳐".
    fn is_total(&self, s: &Sent, f: &Figure) -> bool {
        let before = &self.lower[floor_boundary(self.text, f.start.saturating_sub(14).max(s.start))..f.start];
        let after = &self.lower[f.end..floor_boundary(self.text, (f.end + 16).min(s.end))];
        before.contains("total of")
            || before.ends_with("총 ")
            || before.contains("모두 ")
            || before.contains("합계")
            || ["in all", "in total", "altogether", " in all", " in total", " altogether", "을 합쳐", " 합계"]
                .iter()
                .any(|w| after.trim_start().starts_with(w.trim_start()))
    }

    /// A rate rather than a total: "씩", "at a time", "a day", "하루".
    fn distributive(&self, s: &Sent, f: &Figure) -> bool {
        let after = &self.text[f.end..floor_boundary(self.text, s.end.min(f.end + 20))];
        let mut b = f.start.saturating_sub(12).max(s.start);
        while !self.text.is_char_boundary(b) {
            b += 1;
        }
        let before = &self.text[b..f.start];
        after.starts_with('씩')
            || self.text[f.start..f.end].ends_with('씩')
            || after.starts_with(" at a time")
            || after.starts_with(" a day")
            || before.contains("하루")
            || before.contains("한 번에")
            || after.starts_with(" each day")
    }

    fn purpose_for(&self, s: &Sent, f: &Figure, figures: &[(Figure, String)]) -> Option<(String, bool)> {
        if let Unit::Visas { purpose: Some(p) } = &f.unit {
            let hit = self.lx.purpose_matcher.find(p);
            if let Some(h) = hit.first() {
                let e = &self.lx.purposes[h.entry];
                return Some((e.purpose.clone(), e.keep));
            }
        }
        // Korean: the purpose word just before the figure ("'교육'이 7887명", "사업 3098명").
        let prev_end = figures
            .iter()
            .map(|(o, _)| o.end)
            .filter(|&e| e <= f.start)
            .max()
            .unwrap_or(s.start)
            .max(s.clause_of(f.start).0);
        let window = &self.text[prev_end..f.start];
        if window.chars().count() > 25 {
            return None;
        }
        let hits = self.lx.purpose_matcher.find(window);
        hits.last().map(|h| {
            let e = &self.lx.purposes[h.entry];
            (e.purpose.clone(), e.keep)
        })
    }

    /// A sanctions reference names the Security Council as an organisation only when the
    /// text writes it out ("United Nations Security Council Resolution 2397"); "UN Security
    /// Council Resolution 2371", "안보리 결의" use it as part of the resolution's name.
    fn sanction_orgs(&self, s: &Sent) -> Vec<String> {
        let mut out = Vec::new();
        for o in &s.orgs {
            let name = &self.lx.orgs[o.entry].name;
            let written = &self.text[o.start..o.end];
            if name == "UN Security Council" && !written.starts_with("United Nations") {
                continue;
            }
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }

    /// The organisations a figure's claim names: those in its clause or in the words that
    /// attribute it, and those of the speaker it inherits ("At that time the agency said",
    /// after "the NIS said").
    fn claim_orgs(&self, s: &Sent, pos: usize, source_from: Option<usize>) -> Vec<String> {
        let clause = s.clause_of(pos);
        let mut out: Vec<String> = Vec::new();
        let mut add = |name: &String| {
            if !out.contains(name) {
                out.push(name.clone());
            }
        };
        for o in &s.orgs {
            let in_clause = o.start >= clause.0 && o.end <= clause.1;
            let in_attribution = s
                .attribution
                .as_ref()
                .is_some_and(|a| o.start >= a.start.saturating_sub(40) && o.end <= a.end + 40);
            if in_clause || in_attribution {
                add(&self.lx.orgs[o.entry].name);
            }
        }
        if let Some(j) = source_from {
            let src = &self.sents[j];
            if let Some(a) = &src.attribution {
                for o in src.orgs.iter().filter(|o| o.start >= a.start && o.end <= a.end) {
                    add(&self.lx.orgs[o.entry].name);
                }
            }
        }
        out
    }

    /// A purpose word right before a Korean figure, with at most a particle between:
    /// "'교육'이 7887명", "사업 3098명" — not "노동자 300명".
    fn purpose_next_to(&self, s: &Sent, f: &Figure) -> Option<(String, bool)> {
        let start = floor_boundary(self.text, f.start.saturating_sub(24).max(s.start));
        let window = &self.text[start..f.start];
        let hit = *self.lx.purpose_matcher.find(window).last()?;
        let rest = window[hit.end..]
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '\'' | '‘' | '’' | '"' | '“' | '”'));
        if !matches!(rest, "" | "이" | "가" | "은" | "는" | "으로" | "로" | "에" | "도") {
            return None;
        }
        let e = &self.lx.purposes[hit.entry];
        Some((e.purpose.clone(), e.keep))
    }

    fn sentence_orgs(&self, s: &Sent) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for o in &s.orgs {
            let name = &self.lx.orgs[o.entry].name;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }

    /// A figure's destination.
    fn destination_for(
        &self,
        s: &Sent,
        fig: &Figure,
        peers: &[Figure],
        hits: &[Hit],
        inherited: &Dest,
        trig_pos: usize,
    ) -> (Option<Place>, String) {
        let clause = s.clause_of(fig.start);
        // "employed abroad", "living overseas": no particular place, if it goes with this figure.
        if let Some(g) = self.generic_hit(s, clause) {
            let near = (g.start >= fig.end && g.start - fig.end <= 45)
                || (g.start >= trig_pos && g.start - trig_pos <= 25)
                || (g.end <= fig.start && fig.start - g.end <= 25);
            if near && !hits.iter().any(|h| h.start >= clause.0 && h.end <= clause.1) {
                return (None, format!("'{}': no particular place", &self.text[g.start..g.end]));
            }
        }
        let in_clause: Vec<Hit> =
            hits.iter().copied().filter(|h| h.start >= clause.0 && h.end <= clause.1).collect();
        // Lists: several figures and several places in one sentence pair up in order.
        let list_peers: Vec<&Figure> =
            peers.iter().filter(|p| matches!(p.unit, Unit::Bare | Unit::People { .. })).collect();
        if list_peers.len() >= 2 {
            let distinct: BTreeSet<usize> = hits.iter().map(|h| h.entry).collect();
            if distinct.len() >= 2 {
                // The total of a list ("26,600 in all", "총 2만 명") covers all its places.
                if self.is_total(s, fig)
                    && let Some((p, why)) = self.combine(hits)
                {
                    return (Some(p), format!("the total of a list: {why}"));
                }
                // A list written "Russia 24,200, China 1,500" pairs each figure with the place
                // before it; one written "24,200 to Russia, 1,500 to China" with the place after.
                let first = list_peers[0];
                let places_first =
                    hits.iter().any(|h| h.end <= first.start && h.start >= s.clause_of(first.start).0);
                let own: Vec<Hit> = if places_first {
                    let prev_fig_end = list_peers
                        .iter()
                        .filter(|p| p.end <= fig.start)
                        .map(|p| p.end)
                        .max()
                        .unwrap_or(s.start);
                    hits.iter().copied().filter(|h| h.start >= prev_fig_end && h.end <= fig.start).collect()
                } else {
                    let next_fig_start = list_peers
                        .iter()
                        .filter(|p| p.start >= fig.end)
                        .map(|p| p.start)
                        .min()
                        .unwrap_or(s.end);
                    hits.iter().copied().filter(|h| h.start >= fig.end && h.end <= next_fig_start).collect()
                };
                if let Some((p, why)) = self.combine(&own) {
                    return (Some(p), format!("list pairing: {why}"));
                }
            }
        }
        if let Some((p, why)) = self.choose(&in_clause, trig_pos.min(fig.start)) {
            return (Some(p), why);
        }
        if let Some((p, why)) = self.choose(hits, fig.start) {
            return (Some(p), format!("{why} (elsewhere in the sentence)"));
        }
        match inherited {
            Dest::Place(p, why) => (Some(p.clone()), format!("inherited: {why}")),
            Dest::Generic(why) => (None, format!("inherited no particular place: {why}")),
            Dest::None => (None, "no place named".to_owned()),
        }
    }

    // ---------------------------------------------------------------------------------
    // Sanctions references

    fn sanctions_claims(&mut self, i: usize, sources: &[(Source, String)], drafts: &mut Vec<Draft>) {
        let s = &self.sents[i];
        let named: Vec<String> = {
            let mut v: Vec<String> = Vec::new();
            for r in &s.legal {
                if !v.contains(&r.name) {
                    v.push(r.name.clone());
                }
            }
            v
        };
        // A sanctions word and a ban word close together: "a resolution … obliges", "a ban
        // on North Koreans working", "안보리는 … 취업을 막았다".
        let reach = if self.is_ko(s) { 100 } else { 60 };
        let sanction_ban = s.cues.iter().filter(|c| c.cue == Cue::Sanction).any(|sc| {
            s.cues.iter().any(|b| {
                b.cue == Cue::Ban
                    && (if b.start >= sc.end { b.start - sc.end } else { sc.start.saturating_sub(b.end) })
                        <= reach
            })
        });
        if named.is_empty() && !sanction_ban {
            return;
        }
        // About labour: a resolution cited for its caps on oil or coal is another matter,
        // unless the sentence also speaks of workers.
        let labour = s.has_cue(|c| matches!(c, Cue::Labour | Cue::Kind(_) | Cue::MoneyEarn));
        let goods = s.has_cue(|c| c == Cue::Skip(SkipReason::Goods));
        if goods && !labour {
            self.diag(
                s.start,
                s.end,
                "skip.sanctions_not_labour",
                "a sanctions reference that is not about workers",
            );
            return;
        }
        // A resolution's sanction words and a sanctions verb alone ("violating sanctions to
        // send workers") are a reference only when the sentence is about the rule itself.
        let anchor = s
            .legal
            .first()
            .map(|r| (r.start, r.end))
            .or_else(|| s.cues.iter().find(|c| c.cue == Cue::Sanction).map(|c| (c.start, c.end)))
            .unwrap_or((s.start, s.end));
        // Source: the sentence's own, or a pronoun's ("He pledged …"); never the lede's.
        let (source, source_why) =
            if s.attribution.as_ref().is_some_and(|a| a.kind != SourceKind::OutletLearned)
                || s.anaphoric_start
            {
                sources[i].clone()
            } else {
                (Source::unknown(), "background: the sentence names no source".to_owned())
            };
        let hits = self.destination_hits_with(s, (s.start, s.end), true);
        let dest = self.combine(&hits);
        // Time: when the rule was adopted or came into force, not its deadline.
        let time = s
            .times
            .iter()
            .filter(|t| !t.deadline && !self.is_speech_time(s, t))
            .min_by_key(
                |t| if t.start >= anchor.1 { t.start - anchor.1 } else { anchor.0.saturating_sub(t.end) },
            )
            .and_then(|t| TimeRange::new(&self.text[t.start..t.end], t.begin, t.finish).map(|r| (r, t.rule)));
        let mut d = Draft {
            kind: Kind::SanctionsReference,
            count: None,
            teams: None,
            money: None,
            round: None,
            destination: dest.as_ref().map(|(p, _)| p.clone()),
            origin: Vec::new(),
            time: time.as_ref().map(|(t, _)| t.clone()),
            orgs: self.sanction_orgs(s),
            legal: named.clone(),
            source,
            sent: i,
            pos: anchor.0,
            figureless: named.is_empty(),
            distributive: false,
            purpose: None,
            why: Why::new(),
        };
        d.note(
            "kind",
            if named.is_empty() {
                "a sanctions word with a ban word in one clause"
            } else {
                "a resolution or law named"
            },
        );
        if !named.is_empty() {
            d.note("legal_refs", format!("legal reference: {}", named.join(", ")));
        }
        d.note("source", source_why);
        if let Some((_, why)) = &dest {
            d.note("destination", why.clone());
        }
        if let Some((t, rule)) = &time {
            d.note("time", format!("{rule}: '{}' (adoption or entry into force)", t.text));
        }
        drafts.push(d);
    }

    // ---------------------------------------------------------------------------------
    // Claims without figures

    fn figureless_claims(
        &mut self,
        i: usize,
        source: &Source,
        source_why: &str,
        inherited: &Dest,
        had_figures: bool,
        drafts: &mut Vec<Draft>,
    ) {
        let s = &self.sents[i];
        let ko = self.is_ko(s);
        let sanctions_sentence =
            !s.legal.is_empty() || s.has_cue(|c| c == Cue::Sanction) && s.has_cue(|c| c == Cue::Ban);
        if sanctions_sentence {
            return;
        }
        // A sentence with figures says what it says through them; its other verbs are their
        // context ("about 100 … are now waiting to travel").
        if s.figures.iter().any(|f| {
            matches!(f.unit, Unit::People { .. } | Unit::Teams | Unit::TeamSize | Unit::Visas { .. })
        }) {
            return;
        }
        let _ = had_figures;
        // Troops are not workers.
        if s.has_cue(|c| c == Cue::Skip(SkipReason::Troops)) && !s.has_cue(|c| c == Cue::Labour) {
            return;
        }
        let mut made: Vec<Kind> = Vec::new();
        for c in s.cues.iter() {
            let k = match c.cue {
                Cue::Kind(k) if !matches!(k, TriggerKind::Stock | TriggerKind::Entry) => k,
                Cue::MoneyEarn => {
                    let w = &self.lower[c.start..c.end];
                    if !matches!(
                        w,
                        "pay" | "wage" | "wages" | "salary" | "salaries" | "stipend" | "월급" | "임금"
                    ) {
                        continue;
                    }
                    // Earnings without an amount: only with a place of their own.
                    if self.destination_hits(s, s.clause_of(c.start)).is_empty() {
                        continue;
                    }
                    TriggerKind::Stock // placeholder, mapped below
                }
                _ => continue,
            };
            let is_earn = c.cue == Cue::MoneyEarn;
            if s.figures.iter().any(|f| c.start >= f.start && c.end <= f.end) {
                continue;
            }
            if self.negated(s, c) || self.hypothetical(s, c) || self.speculative(s, c) {
                continue;
            }
            if !self.is_predicate(s, c, ko) {
                continue;
            }
            let (kind, kind_why) = if is_earn {
                (Kind::EarningsTarget, format!("'{}': pay without an amount", &self.text[c.start..c.end]))
            } else {
                self.to_kind(s, c, k)
            };
            if had_figures && drafts.iter().any(|d| d.sent == i && d.kind == kind) {
                continue;
            }
            if made.contains(&kind) {
                continue;
            }
            if matches!(kind, Kind::DispatchPlanned | Kind::DispatchReported)
                && self.arrives_in_south(s, c.start)
            {
                continue;
            }
            let clause = s.clause_of(c.start);
            let hits = self.destination_hits(s, clause);
            let hits = if hits.is_empty() { self.destination_hits(s, (s.start, s.end)) } else { hits };
            let (dest, dest_why, explicit) = if let Some((p, why)) = self.choose(&hits, c.start) {
                (Some(p), why, true)
            } else if let Some(g) = self.generic_hit(s, (s.start, s.end)) {
                (None, format!("'{}': no particular place", &self.text[g.start..g.end]), true)
            } else {
                match inherited {
                    Dest::Place(p, why) => (Some(p.clone()), format!("inherited: {why}"), false),
                    _ => (None, String::new(), false),
                }
            };
            // A claim without a figure needs a place of its own or one carried from before;
            // "overseas" will do only for a recruitment drive.
            if dest.is_none() && !(explicit && (kind == Kind::SelectionRound || hits.len() >= 2)) {
                continue;
            }
            let round = s
                .rounds
                .iter()
                .min_by_key(
                    |r| if r.end <= c.start { c.start - r.end } else { r.start.saturating_sub(c.end) },
                )
                .and_then(|r| r.round);
            let mut d = Draft {
                kind,
                count: None,
                teams: None,
                money: None,
                round: if matches!(
                    kind,
                    Kind::SelectionRound | Kind::DispatchPlanned | Kind::DispatchReported
                ) {
                    round
                } else {
                    None
                },
                destination: dest,
                origin: self.origins(s),
                time: None,
                orgs: self.sentence_orgs(s),
                legal: Vec::new(),
                source: source.clone(),
                sent: i,
                pos: c.start,
                figureless: true,
                distributive: false,
                purpose: None,
                why: Why::new(),
            };
            d.note("kind", format!("{kind_why}; no figure"));
            d.note("destination", dest_why);
            d.note("source", source_why.to_owned());
            if d.round.is_some() {
                d.note("round", "round named in the sentence");
            }
            let deadlines = kind == Kind::SelectionRound || kind == Kind::DispatchPlanned;
            if let Some((t, why)) = self.time_for(s, c.start, deadlines) {
                d.time = Some(t);
                d.note("time", why);
            }
            made.push(kind);
            drafts.push(d);
            // One claim without a figure a sentence: its main verb's.
            break;
        }
    }

    /// Whether the clause at `pos` takes people to South Korea ("The nine arrived in the
    /// South", "한국에 들어왔다"): the end of a defection, not a dispatch.
    fn arrives_in_south(&self, s: &Sent, pos: usize) -> bool {
        let clause = s.clause_of(pos);
        s.places.iter().any(|h| {
            h.start >= clause.0 && h.end <= clause.1 && self.lx.places[h.entry].kind == PlaceType::SouthKorea
        }) && self.destination_hits(s, clause).is_empty()
    }

    /// "may", "might", "could" before a trigger: speculation, not a report.
    fn speculative(&self, s: &Sent, c: &CueHit) -> bool {
        if self.is_ko(s) {
            return false;
        }
        let before = &self.lower
            [floor_boundary(self.text, s.clause_of(c.start).0.max(c.start.saturating_sub(25)))..c.start];
        before.split_whitespace().any(|w| matches!(w, "may" | "might" | "could"))
    }

    /// Whether a trigger is its clause's predicate rather than a modifier of a noun ("파견된
    /// 북한 노동자", "workers sent to Russia").
    fn is_predicate(&self, s: &Sent, c: &CueHit, ko: bool) -> bool {
        if ko {
            let stem = &self.text[c.start..c.end];
            let rest = &self.text[c.end..s.end];
            // A Sino-Korean noun ("파견", "송환") is a verb only with 하다 / 되다 / 시키다 after
            // it: "파견했다", "송환될"; "송환 시한", "모집이어서" are nouns.
            if KO_VERBAL_NOUNS.contains(&stem)
                && !rest.starts_with(['하', '한', '했', '할', '해', '되', '된', '됐', '될', '돼', '시', '키'])
            {
                return false;
            }
            // The ending after the stem, up to the next space.
            let word_end = rest.find(' ').unwrap_or(rest.len());
            let ending = &rest[..word_end];
            // "-기": the verb made a noun ("돌아가기 힘들다"), unless decided ("하기로").
            if (ending.contains('기') && !ending.contains("기로")) || ending.ends_with('기') {
                return false;
            }
            let next_word: String =
                rest[word_end..].trim_start().chars().take_while(|ch| is_hangul(*ch)).collect();
            let stem_last = stem.chars().next_back().unwrap_or(' ');
            let last = ending.chars().next_back().unwrap_or(stem_last);
            let adnominal_ending = matches!(
                last,
                '된' | '한'
                    | '는'
                    | '던'
                    | '될'
                    | '할'
                    | '진'
                    | '낸'
                    | '간'
                    | '온'
                    | '운'
                    | '린'
                    | '인'
                    | '낼'
                    | '갈'
                    | '올'
            );
            return !(adnominal_ending
                && !next_word.is_empty()
                && !KO_NOUN_EXCEPTIONS.iter().any(|n| next_word.starts_with(n)));
        }
        let word = &self.lower[c.start..c.end];
        // Nouns ("recommendations", "candidates", "departure") assert nothing by themselves:
        // only a numbered round ("a third round of selections") or a plan ("departure …
        // pencilled in") makes them a claim.
        // "selection" or "selection …": compared in place (a formatted "{n} " for each noun
        // and cue was a fifth of the assembler's work).
        if EN_NOUN_TRIGGERS
            .iter()
            .any(|n| word.strip_prefix(n).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
        {
            let numbered_round =
                s.rounds.iter().any(|r| r.round.is_some() && r.end <= c.end + 20 && r.start + 40 >= c.start);
            let clause = s.clause_of(c.start);
            let dispatch_noun = matches!(c.cue, Cue::Kind(TriggerKind::Dispatch));
            let plan = dispatch_noun
                && s.cues.iter().any(|m| m.cue == Cue::Planned && m.start >= clause.0 && m.end <= clause.1);
            return numbered_round || plan;
        }
        let before = &self.lower[s.start..c.start];
        let words: Vec<&str> = before
            .split(|ch: char| !ch.is_alphanumeric() && ch != '\'')
            .filter(|w| {
                !w.is_empty()
                    && !matches!(
                        *w,
                        "already"
                            | "still"
                            | "reportedly"
                            | "recently"
                            | "also"
                            | "now"
                            | "even"
                            | "then"
                            | "allegedly"
                    )
            })
            .collect();
        let prev = words.last().copied().unwrap_or("");
        // "workers sent to Russia": a participle describing people, not an assertion.
        if matches!(
            prev,
            "workers"
                | "labourers"
                | "laborers"
                | "koreans"
                | "people"
                | "personnel"
                | "nationals"
                | "citizens"
                | "those"
                | "group"
                | "crews"
        ) {
            return false;
        }
        // "to send": only after a plan ("plans to send", "is preparing to send").
        if prev == "to" || (prev == "be" && words.len() >= 2 && words[words.len() - 2] == "to") {
            let k = if prev == "to" { words.len() - 1 } else { words.len() - 2 };
            let plan = words[k.saturating_sub(6)..k].iter().any(|w| {
                [
                    "plan", "intend", "prepar", "expect", "aim", "decid", "agree", "want", "seek", "hope",
                    "set", "due", "going", "schedul", "is", "are",
                ]
                .iter()
                .any(|p| w.starts_with(p))
            });
            return plan;
        }
        // "sending workers overseas is …": a gerund; "is sending", "began sending": a verb.
        if word.ends_with("ing") {
            return matches!(
                prev,
                "is" | "are"
                    | "was"
                    | "were"
                    | "been"
                    | "be"
                    | "began"
                    | "begun"
                    | "started"
                    | "kept"
                    | "continue"
                    | "continues"
                    | "continued"
                    | "resumed"
            );
        }
        true
    }

    // ---------------------------------------------------------------------------------
    // Across the document

    fn apply_frames(&self, frames: &HashMap<u32, Frame>, drafts: &mut [Draft]) {
        for d in drafts.iter_mut() {
            if d.kind != Kind::SelectionRound || d.figureless {
                continue;
            }
            let Some(f) = d.round.and_then(|n| frames.get(&n)) else { continue };
            let n = d.round.unwrap_or(0);
            if d.time.is_none() && !f.times.is_empty() {
                let begin = f.times.iter().map(|t| t.begin).min();
                let finish = f.times.iter().map(|t| t.finish).max();
                let words =
                    f.times.iter().map(|t| &self.text[t.start..t.end]).collect::<Vec<_>>().join(" … ");
                if let (Some(b), Some(e)) = (begin, finish) {
                    d.time = TimeRange::new(words.clone(), b, e);
                    d.note("time", format!("round {n}'s dates, stated across the paragraph: '{words}'"));
                }
            }
            for o in &f.orgs {
                if !d.orgs.contains(o) {
                    d.orgs.push(o.clone());
                    d.note("organisations", format!("'{o}' runs round {n}"));
                }
            }
            let teams = d.teams.unwrap_or(Teams { count: None, size: None });
            let merged = Teams { count: teams.count.or(f.teams_count), size: teams.size.or(f.team_size) };
            if merged.count.is_some() || merged.size.is_some() {
                if d.teams != Some(merged) {
                    d.note("teams", format!("round {n}'s teams"));
                }
                d.teams = Some(merged);
            }
            if d.origin.is_empty() && !f.origins.is_empty() {
                d.origin = f.origins.clone();
                d.note("origin", format!("where round {n}'s people come from"));
            }
        }
    }

    /// A dispatch dated after publication has not happened yet, whatever the verb's tense
    /// ("출발 시점을 7월이나 8월께로 보고 있다" in June).
    fn future_is_planned(&self, drafts: &mut [Draft]) {
        let Some(p) = self.published else { return };
        for d in drafts.iter_mut() {
            if d.kind == Kind::DispatchReported && d.time.as_ref().is_some_and(|t| t.start() > p) {
                d.kind = Kind::DispatchPlanned;
                d.note("kind", "dated after publication: planned");
            }
        }
    }

    /// Sentences that go on about the people of an earlier claim ("They were on the payroll
    /// of Mansudae", "The nine … Hanawon") add the organisations they name to it.
    fn continuations(&self, drafts: &mut [Draft]) {
        let mut anchor: Option<usize> = None;
        for (i, s) in self.sents.iter().enumerate() {
            let has_claims =
                drafts.iter().any(|d| d.sent == i && !d.figureless && d.kind != Kind::SanctionsReference);
            if has_claims {
                anchor = Some(i);
                continue;
            }
            let Some(a) = anchor else { continue };
            if i - a > 6 {
                anchor = None;
                continue;
            }
            if !s.anaphoric_people {
                continue;
            }
            let orgs = self.sentence_orgs(s);
            for d in drafts
                .iter_mut()
                .filter(|d| d.sent == a && !d.figureless && d.kind != Kind::SanctionsReference)
            {
                for o in &orgs {
                    if !d.orgs.contains(o) {
                        d.orgs.push(o.clone());
                        d.why.entry("organisations".into()).or_default().push(format!(
                            "'{o}' from sentence {}, which goes on about the same people",
                            i + 1
                        ));
                    }
                }
            }
        }
    }

    /// A figure restated with its round elsewhere ("about 300 people" in the lede, "about
    /// 300 people will be chosen" in the second round) takes that round.
    fn coreference_rounds(&self, drafts: &mut [Draft]) {
        let with_round: Vec<(Count, u32, usize)> =
            drafts.iter().filter_map(|d| Some((d.count?, d.round?, d.sent))).collect();
        for d in drafts.iter_mut() {
            if d.round.is_some() || !matches!(d.kind, Kind::DispatchPlanned | Kind::SelectionRound) {
                continue;
            }
            let Some(c) = d.count else { continue };
            if let Some((_, r, s)) = with_round.iter().find(|(o, _, s)| o.same_range(&c) && *s != d.sent) {
                d.round = Some(*r);
                d.note("round", format!("the same figure is round {r}'s in sentence {}", s + 1));
            }
        }
    }

    fn subsume_and_dedupe(&mut self, drafts: Vec<Draft>) -> Vec<Draft> {
        let n = drafts.len();
        let mut keep = vec![true; n];
        let closed = |c: &Count| c.min().is_some() && c.max().is_some();
        for a in 0..n {
            let Some(ca) = drafts[a].count else { continue };
            let open_or_vague = !closed(&ca)
                || drafts[a].why.get("count").is_some_and(|w| w.iter().any(|x| x.contains("vague")));
            if !open_or_vague || drafts[a].distributive {
                continue;
            }
            let within = |cb: &Count| {
                let (lo, hi) = (cb.min().unwrap_or(0), cb.max().unwrap_or(u64::MAX));
                ca.min().is_none_or(|m| lo >= m) && ca.max().is_none_or(|m| hi <= m)
            };
            if let Some(b) = (0..n).find(|&b| {
                b != a
                    && keep[b]
                    && drafts[b].kind == drafts[a].kind
                    && drafts[b].country() == drafts[a].country()
                    && (drafts[a].country().is_some() || drafts[b].destination == drafts[a].destination)
                    && !drafts[b].distributive
                    && drafts[b].count.is_some_and(|cb| closed(&cb) && within(&cb))
            }) {
                keep[a] = false;
                let (s, e) = (self.sents[drafts[a].sent].start, self.sents[drafts[a].sent].end);
                self.diag(
                    s,
                    e,
                    "merge.restated",
                    format!("a vague figure restated precisely in sentence {}", drafts[b].sent + 1),
                );
            }
        }
        // Identical claims restated.
        for a in 0..n {
            if !keep[a] {
                continue;
            }
            for b in (a + 1)..n {
                if !keep[b] {
                    continue;
                }
                let (da, db) = (&drafts[a], &drafts[b]);
                let same_fig = match (da.count, db.count, da.money, db.money) {
                    (Some(x), Some(y), _, _) => x.same_range(&y),
                    (_, _, Some(x), Some(y)) => x.same_range(&y),
                    (None, None, None, None) => da.figureless && db.figureless,
                    _ => false,
                };
                let same_sanction = da.kind == Kind::SanctionsReference
                    && db.kind == Kind::SanctionsReference
                    && !da.legal.is_empty()
                    && da.legal == db.legal;
                if same_sanction {
                    keep[b] = false;
                    continue;
                }
                let same = da.kind == db.kind
                    && same_fig
                    && da.country() == db.country()
                    && da.source.kind == db.source.kind
                    && da.purpose == db.purpose
                    && (da.kind != Kind::SanctionsReference || da.legal == db.legal)
                    && (da.time.is_none()
                        || db.time.is_none()
                        || da.time.as_ref().map(|t| (t.start(), t.end()))
                            == db.time.as_ref().map(|t| (t.start(), t.end())));
                if same && !da.figureless {
                    keep[b] = false;
                }
            }
        }
        // Claims without a figure: not where a figure says it, once per kind, place, round.
        let figured: Vec<(Kind, Option<String>)> = drafts
            .iter()
            .zip(&keep)
            .filter(|(d, k)| **k && !d.figureless)
            .map(|(d, _)| (d.kind, d.country().map(str::to_owned)))
            .collect();
        let named_sanctions = drafts
            .iter()
            .zip(&keep)
            .any(|(d, k)| *k && d.kind == Kind::SanctionsReference && !d.legal.is_empty());
        // A claim that names no place at all says less than one of its kind that does.
        let located: Vec<Kind> = drafts
            .iter()
            .zip(&keep)
            .filter(|(d, k)| **k && d.destination.is_some())
            .map(|(d, _)| d.kind)
            .collect();
        let mut seen: Vec<(Kind, Option<String>, Option<u32>)> = Vec::new();
        for a in 0..n {
            if !keep[a] || !drafts[a].figureless {
                continue;
            }
            let d = &drafts[a];
            let country = d.country().map(str::to_owned);
            let shadowed = if d.kind == Kind::SanctionsReference {
                named_sanctions
            } else {
                figured.iter().any(|(k, c)| *k == d.kind && *c == country)
                    || (d.destination.is_none() && located.contains(&d.kind))
            };
            // Once per kind and round; a first claim for a region spanning countries ("the
            // Gulf", "China; Russia") covers later ones in its countries.
            let repeated =
                seen.iter().any(|(k, c, r)| *k == d.kind && *r == d.round && (c.is_none() || *c == country));
            if shadowed || repeated {
                keep[a] = false;
                continue;
            }
            seen.push((d.kind, country, d.round));
        }
        drafts.into_iter().zip(keep).filter_map(|(d, k)| k.then_some(d)).collect()
    }

    /// Whose voice a background line about the law is. A sentence stating what a resolution
    /// bans, in a story's own words with no one named as saying it, is the outlet's reporting
    /// (`media_investigation`): reporters add it as context. The exception is the informant
    /// report, where every other claim rests on an unnamed source inside North Korea: there
    /// the reader cannot tell the outlet's context from the informant's account, and the
    /// source stays `unknown` (the founding report is written this way).
    fn background_voice(drafts: &mut [Draft]) {
        let background = |d: &Draft| {
            d.kind == Kind::SanctionsReference
                && d.source.kind == SourceType::Unknown
                && d.source.text.is_empty()
        };
        let others: Vec<SourceType> =
            drafts.iter().filter(|d| d.kind != Kind::SanctionsReference).map(|d| d.source.kind).collect();
        let informant_report =
            !others.is_empty() && others.iter().all(|&t| t == SourceType::AnonymousInCountry);
        for d in drafts.iter_mut().filter(|d| background(d)) {
            if informant_report {
                d.note(
                    "source",
                    "an informant report: its background is not told apart from the informant's account",
                );
            } else {
                d.source.kind = SourceType::MediaInvestigation;
                d.note("source", "the outlet's own context: no one is named as saying it");
            }
        }
    }

    /// Entry statistics in a table share its period: a figure without a time takes the
    /// time of the entry figure before it.
    fn inherit_entry_times(&self, drafts: &mut [Draft]) {
        let mut last: Option<TimeRange> = None;
        let mut order: Vec<usize> = (0..drafts.len()).collect();
        order.sort_by_key(|&i| (drafts[i].sent, drafts[i].pos));
        for i in order {
            let d = &mut drafts[i];
            if d.kind != Kind::EntryStatistic {
                continue;
            }
            // The table's period is that of its first, headline figure.
            match (&d.time, &last) {
                (Some(t), None) => last = Some(t.clone()),
                (None, Some(t)) => {
                    d.time = Some(t.clone());
                    d.note("time", format!("the period of the headline entry figure: '{}'", t.text));
                }
                _ => {}
            }
        }
    }

    fn finish(&self, d: Draft) -> Claim {
        let s = &self.sents[d.sent];
        let evidence = Evidence::from_span(self.text, s.start, s.end).unwrap_or(Evidence {
            quote: String::new(),
            start: s.start,
            end: s.start,
        });
        let mut why = d.why;
        if !d.origin.is_empty() && !why.contains_key("origin") {
            why.insert("origin".into(), vec!["North Korean places named in the sentence".into()]);
        }
        if let Some(p) = &d.purpose {
            why.insert("purpose".into(), vec![format!("entry purpose: {p}")]);
        }
        let _ = self.published;
        Claim {
            kind: d.kind,
            count: d.count,
            teams: d.teams,
            money: d.money,
            round: d.round,
            destination: d.destination,
            origin: d.origin,
            time: d.time,
            organisations: d.orgs,
            legal_refs: d.legal,
            source: d.source,
            evidence,
            purpose: d.purpose,
            why,
        }
    }
}

/// Rough US dollars per unit, only to tell a wage from a national income. Not used for any
/// figure tally reports.
fn usd_rate(c: crate::claim::Currency) -> f64 {
    use crate::claim::Currency as C;
    match c {
        C::USD => 1.0,
        C::EUR => 1.1,
        C::GBP => 1.3,
        C::CNY => 0.14,
        C::RUB => 0.011,
        C::KRW => 0.00075,
        C::JPY => 0.0068,
        C::KPW => 0.00012,
    }
}

/// Whether a Hangul syllable ends in ㄹ (a future adnominal such as "할", "보낼").
fn has_final_rieul(c: char) -> bool {
    let v = c as u32;
    (0xAC00..=0xD7A3).contains(&v) && (v - 0xAC00) % 28 == 8
}

#[allow(dead_code)]
fn period_name(p: Period) -> &'static str {
    match p {
        Period::Day => "day",
        Period::Month => "month",
        Period::Year => "year",
    }
}

/// The first word of `s` (up to the first character that is not alphanumeric) when it is
/// ASCII, else "": for comparing with ASCII words without decoding the characters of a
/// Korean or other word, which can equal none of them.
fn first_ascii_word(s: &str) -> &str {
    let run = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    match s[run..].chars().next() {
        // Hangul first: a Korean place's particle follows most Korean places, and the
        // general look searches Unicode's tables.
        Some(c) if is_hangul(c) || c.is_alphanumeric() => "",
        _ => &s[..run],
    }
}

#[cfg(test)]
mod tests {
    use super::first_ascii_word;

    #[test]
    fn the_first_word_is_kept_only_when_ascii() {
        assert_eq!(first_ascii_word("officials said"), "officials");
        assert_eq!(first_ascii_word("said, adding"), "said");
        assert_eq!(first_ascii_word("top’s"), "top");
        assert_eq!(first_ascii_word(""), "");
        assert_eq!(first_ascii_word("로 보낸"), "");
        assert_eq!(first_ascii_word("officialé"), "");
        assert_eq!(first_ascii_word("said—"), "said");
    }
}
