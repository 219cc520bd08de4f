//! One generated report: its text, its metadata and its gold claims.
//!
//! A report is written paragraph by paragraph from sentence templates written for this
//! generator (never corpus text), English or Korean. Every sentence that makes a claim is
//! recorded as it is appended, so the gold's evidence offsets are the sentence's byte span
//! in the finished text by construction. The shape of a report follows news writing: a lede
//! that names the source, paragraphs of figures about one or two destinations, a selection
//! round, a wage, the resolution the practice breaches, background without claims,
//! confusers (troops, trade, prices, percentages, years) that carry numbers but no claim,
//! and the outlet's boilerplate. Some reports are negatives: no claim at all.
//!
//! What the gold says follows CLAIMS.md as a careful reader would annotate the text: each
//! claim sentence names its own figure; a sentence that names no place speaks of the place
//! of the sentence before it in the same paragraph; the source named in the lede is the
//! source of every claim after it, except a closing statistic with its own attribution.
//! This module does not write files (see the crate root) and does not run the extractor.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use serde::Serialize;
use tally_core::{Claim, Count, Evidence, Kind, Lang, Money, Source, SourceType, Teams, TimeRange};

use crate::figures::{self, Style};
use crate::lexicon::{Place, Words, words};
use crate::times::{self, Tense, Time};

/// `meta.json` as CLAIMS.md lays it out.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub id: String,
    pub url: String,
    pub outlet: String,
    pub published: NaiveDate,
    pub lang: Lang,
    pub title: String,
    pub negative: bool,
}

/// A generated report.
#[derive(Debug, Clone)]
pub struct Report {
    pub meta: Meta,
    pub text: String,
    pub gold: Vec<Claim>,
}

/// The share of reports that are negatives (no claim), in percent.
const NEGATIVE_PERCENT: u32 = 5;
/// The share of reports written in Korean, in percent.
const KOREAN_PERCENT: u32 = 30;

const EN_OUTLETS: [&str; 7] = [
    "Daily NK",
    "NK News",
    "Radio Free Asia",
    "Yonhap News Agency",
    "Asia Press",
    "The Chosun Ilbo",
    "The Korea Herald",
];
const KO_OUTLETS: [&str; 5] = ["데일리NK", "연합뉴스", "자유아시아방송", "조선일보", "중앙일보"];

/// The Cadres Department and friends: the bodies that run selection, by canonical name.
const SELECTING_ORGS: [&str; 4] = [
    "Cadres Department of the Workers' Party of Korea",
    "Cabinet of North Korea",
    "Ministry of External Economic Relations",
    "Overseas Construction Leadership Bureau",
];

/// Which resolutions a report cites, with their English and Korean numbers.
const RESOLUTIONS: [u32; 3] = [2397, 2375, 2371];

/// Who told the story, as the lede says it.
#[derive(Debug, Clone)]
struct Teller {
    kind: SourceType,
    /// The words naming the source, as they stand in the lede (gold `source.text`).
    words: String,
}

/// The sentence being written: text so far and the claims with their evidence.
struct Writer {
    text: String,
    gold: Vec<Claim>,
    /// Whether a paragraph is open (the next sentence needs a space before it).
    open: bool,
}

/// What a claim sentence claims; the evidence is filled in when the sentence is written.
struct Spec {
    kind: Kind,
    count: Option<Count>,
    teams: Option<Teams>,
    money: Option<Money>,
    round: Option<u32>,
    destination: Option<tally_core::Place>,
    origin: Vec<tally_core::Place>,
    time: Option<TimeRange>,
    organisations: Vec<String>,
    legal_refs: Vec<String>,
    purpose: Option<String>,
    /// A source of its own (a closing statistic); otherwise the story's teller.
    source: Option<Source>,
}

impl Spec {
    fn new(kind: Kind) -> Spec {
        Spec {
            kind,
            count: None,
            teams: None,
            money: None,
            round: None,
            destination: None,
            origin: Vec::new(),
            time: None,
            organisations: Vec::new(),
            legal_refs: Vec::new(),
            purpose: None,
            source: None,
        }
    }
    fn count(mut self, c: Count) -> Spec {
        self.count = Some(c);
        self
    }
    fn money(mut self, m: Money) -> Spec {
        self.money = Some(m);
        self
    }
    fn to(mut self, p: &Place) -> Spec {
        self.destination = Some(p.gold());
        self
    }
    fn when(mut self, t: &Time) -> Spec {
        self.time = Some(t.range.clone());
        self
    }
    fn maybe_when(mut self, t: Option<&Time>) -> Spec {
        self.time = t.map(|t| t.range.clone());
        self
    }
}

impl Writer {
    fn new() -> Writer {
        Writer { text: String::with_capacity(4096), gold: Vec::new(), open: false }
    }

    /// Appends a sentence to the open paragraph and returns its byte span.
    fn sentence(&mut self, s: &str) -> (usize, usize) {
        if self.open {
            self.text.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(s);
        self.open = true;
        (start, self.text.len())
    }

    fn paragraph(&mut self) {
        if self.open {
            self.text.push_str("\n\n");
            self.open = false;
        }
    }

    /// Appends a claim sentence and its gold claim, the whole sentence as evidence.
    fn claim(&mut self, s: &str, spec: Spec, teller: &Teller) {
        let (start, end) = self.sentence(s);
        let evidence =
            Evidence::from_span(&self.text, start, end).expect("a written sentence is a valid span");
        let source = spec.source.unwrap_or_else(|| Source { kind: teller.kind, text: teller.words.clone() });
        self.gold.push(Claim {
            kind: spec.kind,
            count: spec.count,
            teams: spec.teams,
            money: spec.money,
            round: spec.round,
            destination: spec.destination,
            origin: spec.origin,
            time: spec.time,
            organisations: spec.organisations,
            legal_refs: spec.legal_refs,
            source,
            evidence,
            purpose: spec.purpose,
            why: Default::default(),
        });
    }
}

/// Upper-cases the first letter: figures open sentences ("About 300 workers …").
fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether the last syllable of a Korean word has a final consonant (받침), and whether
/// that consonant is ㄹ: particles depend on it (이/가, 을/를, 으로/로).
fn batchim(word: &str) -> (bool, bool) {
    match word.chars().next_back() {
        Some(c @ '\u{AC00}'..='\u{D7A3}') => {
            let jong = (c as u32 - 0xAC00) % 28;
            (jong != 0, jong == 8)
        }
        // Digits and Latin letters: read as Koreans read them, most end in a consonant.
        Some(c) if c.is_ascii_digit() => (!matches!(c, '2' | '4' | '5' | '9'), matches!(c, '1' | '7' | '8')),
        _ => (false, false),
    }
}

fn eul(w: &str) -> String {
    format!("{w}{}", if batchim(w).0 { "을" } else { "를" })
}
fn i_ga(w: &str) -> String {
    format!("{w}{}", if batchim(w).0 { "이" } else { "가" })
}
fn euro(w: &str) -> String {
    let (b, rieul) = batchim(w);
    format!("{w}{}", if b && !rieul { "으로" } else { "로" })
}

/// A destination, weighted as reporting is: Russia most, then China, occupied Ukraine, the
/// Gulf and the rest.
fn destination<'a>(rng: &mut impl Rng, w: &'a Words) -> &'a Place {
    let pool: Vec<&Place> = match rng.random_range(0..10) {
        0..=3 => w.in_country("RU").collect(),
        4..=5 => w.in_country("CN").collect(),
        6 => w.in_country("UA").collect(),
        _ => w
            .destinations
            .iter()
            .filter(|p| !["RU", "CN", "UA"].contains(&p.country.unwrap().as_str()))
            .collect(),
    };
    pool.choose(rng).copied().unwrap_or(&w.destinations[0])
}

fn pub_date(rng: &mut impl Rng) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(2017, 1, 1).expect("a real date");
    start + Duration::days(rng.random_range(0..(9 * 365)))
}

/// Builds report number `n` of a corpus from its own random stream.
pub fn report(rng: &mut impl Rng, id: &str) -> Report {
    let w = words();
    let lang = if rng.random_range(0..100) < KOREAN_PERCENT { Lang::Ko } else { Lang::En };
    let negative = rng.random_range(0..100) < NEGATIVE_PERCENT;
    let published = pub_date(rng);
    let outlet = match lang {
        Lang::En => *EN_OUTLETS.choose(rng).expect("outlets"),
        Lang::Ko => *KO_OUTLETS.choose(rng).expect("outlets"),
    };
    let main = destination(rng, w);
    let mut g = Gen { rng, w, lang, published, out: Writer::new(), main };
    let title = if negative { g.negative(outlet) } else { g.positive(outlet) };
    let Gen { out, .. } = g;
    let mut text = out.text;
    text.push('\n');
    Report {
        meta: Meta {
            id: id.to_owned(),
            url: format!("https://news.example/{}/{id}", outlet.to_lowercase().replace(' ', "-")),
            outlet: outlet.to_owned(),
            published,
            lang,
            title,
            negative,
        },
        text,
        gold: out.gold,
    }
}

struct Gen<'r, R: Rng> {
    rng: &'r mut R,
    w: &'static Words,
    lang: Lang,
    published: NaiveDate,
    out: Writer,
    main: &'static Place,
}

impl<R: Rng> Gen<'_, R> {
    fn name(&self, p: &Place) -> String {
        match self.lang {
            Lang::En => p.en_in_sentence(),
            Lang::Ko => p.ko.clone().unwrap_or_else(|| p.en.clone()),
        }
    }

    fn time(&mut self, tense: Tense) -> Time {
        match self.lang {
            Lang::En => times::en(self.rng, self.published, tense),
            Lang::Ko => times::ko(self.rng, self.published, tense),
        }
    }

    fn maybe_time(&mut self, tense: Tense) -> Option<Time> {
        self.rng.random_bool(0.7).then(|| self.time(tense))
    }

    fn count(&mut self, noun: &str) -> figures::Figure {
        let style = Style::pick(self.rng);
        match self.lang {
            Lang::En => figures::en_count(self.rng, style, noun),
            Lang::Ko => figures::ko_count(self.rng, style),
        }
    }

    fn teller(&mut self) -> Teller {
        let kinds = [
            SourceType::AnonymousInCountry,
            SourceType::AnonymousInCountry,
            SourceType::AnonymousAbroad,
            SourceType::IntelligenceAgency,
            SourceType::Unknown,
        ];
        let mut kind = *kinds.choose(self.rng).expect("kinds");
        if self.lang == Lang::Ko && kind == SourceType::AnonymousAbroad {
            kind = SourceType::AnonymousInCountry;
        }
        let words = match (self.lang, kind) {
            (_, SourceType::Unknown) => String::new(),
            (Lang::En, SourceType::AnonymousInCountry) => {
                let place =
                    self.w.origins.choose(self.rng).map_or("North Korea".to_owned(), |p| p.en.clone());
                [
                    "a source in North Korea".to_owned(),
                    format!("a source in {place}"),
                    "a local source".to_owned(),
                ]
                .choose(self.rng)
                .expect("phrases")
                .clone()
            }
            (Lang::En, SourceType::AnonymousAbroad) => {
                let country =
                    self.w.destinations.iter().find(|p| {
                        p.country == self.main.country && p.kind == crate::lexicon::PlaceKind::Country
                    });
                format!(
                    "a source in {}",
                    country.map_or_else(|| self.main.en_in_sentence(), |c| c.en_in_sentence())
                )
            }
            (Lang::En, _) => ["South Korea's spy agency", "South Korea's National Intelligence Service"]
                .choose(self.rng)
                .expect("phrases")
                .to_string(),
            (Lang::Ko, SourceType::AnonymousInCountry) => "소식통".to_owned(),
            (Lang::Ko, _) => "국가정보원".to_owned(),
        };
        Teller { kind, words }
    }

    /// The lede: a dispatch with its source. Returns the headline.
    fn lede(&mut self, t: &Teller) -> String {
        let dest = self.main;
        let planned = self.rng.random_bool(0.6);
        let tense = if planned { Tense::Future } else { Tense::Past };
        let time = self.time(tense);
        let fig = self.count("workers");
        let kind = if planned { Kind::DispatchPlanned } else { Kind::DispatchReported };
        let d = self.name(dest);
        let (s, title) = match (self.lang, planned) {
            (Lang::En, true) => {
                let verb =
                    ["plans to send", "is preparing to dispatch", "will send"].choose(self.rng).unwrap();
                let s = if t.kind == SourceType::Unknown {
                    format!("North Korea {verb} {} to {d} {}.", fig.text, time.text)
                } else if t.kind == SourceType::IntelligenceAgency {
                    format!(
                        "{} said that North Korea {verb} {} to {d} {}.",
                        cap(&t.words),
                        fig.text,
                        time.text
                    )
                } else {
                    format!("North Korea {verb} {} to {d} {}, {} said.", fig.text, time.text, t.words)
                };
                (s, format!("North Korea to send more workers to {d}"))
            }
            (Lang::En, false) => {
                let s = if t.kind == SourceType::Unknown {
                    format!(
                        "{} arrived in {d} {}.",
                        cap(&fig.text.replace("workers", "North Korean workers")),
                        time.text
                    )
                } else if t.kind == SourceType::IntelligenceAgency {
                    format!(
                        "{} told lawmakers that North Korea sent {} to {d} {}.",
                        cap(&t.words),
                        fig.text,
                        time.text
                    )
                } else {
                    format!("North Korea sent {} to {d} {}, {} said.", fig.text, time.text, t.words)
                };
                (s, format!("North Korean workers arrive in {d}"))
            }
            (Lang::Ko, true) => {
                let s = match t.kind {
                    SourceType::Unknown => {
                        format!(
                            "북한이 {} {}에 노동자 {} 파견할 계획인 것으로 알려졌다.",
                            time.text,
                            d,
                            eul(&fig.text)
                        )
                    }
                    SourceType::IntelligenceAgency => format!(
                        "국가정보원은 북한이 {} {}에 노동자 {} 파견할 계획이라고 밝혔다.",
                        time.text,
                        d,
                        eul(&fig.text)
                    ),
                    _ => format!(
                        "소식통은 북한이 {} {}에 노동자 {} 파견할 계획이라고 전했다.",
                        time.text,
                        d,
                        eul(&fig.text)
                    ),
                };
                (s, format!("북한, {d}에 노동자 추가 파견 계획"))
            }
            (Lang::Ko, false) => {
                let s = match t.kind {
                    SourceType::Unknown => {
                        format!("{} 북한 노동자 {} {} 송출됐다.", time.text, i_ga(&fig.text), euro(&d))
                    }
                    SourceType::IntelligenceAgency => format!(
                        "국가정보원은 {} 북한 노동자 {} {} 송출됐다고 밝혔다.",
                        time.text,
                        i_ga(&fig.text),
                        euro(&d)
                    ),
                    _ => format!(
                        "소식통은 {} 북한 노동자 {} {} 송출됐다고 전했다.",
                        time.text,
                        i_ga(&fig.text),
                        euro(&d)
                    ),
                };
                (s, format!("북한 노동자 {d} 도착"))
            }
        };
        self.out.claim(&s, Spec::new(kind).count(fig.count).to(dest).when(&time), t);
        title
    }

    /// A claim sentence about `dest` of a kind drawn for the body of the story.
    fn body_claim(&mut self, dest: &'static Place, t: &Teller) {
        let d = self.name(dest);
        let ko = self.lang == Lang::Ko;
        match self.rng.random_range(0..7) {
            0 => {
                // A further planned dispatch, sometimes with the origin.
                let time = self.time(Tense::Future);
                let fig = self.count("workers");
                let w = self.w;
                let origin: Option<&'static Place> =
                    if self.rng.random_bool(0.4) { w.origins.choose(self.rng) } else { None };
                let s = match (ko, origin) {
                    (false, Some(o)) => format!(
                        "The authorities intend to send {} from {} to {d} {}.",
                        fig.text, o.en, time.text
                    ),
                    (false, None) => {
                        format!(
                            "{} are expected to arrive in {d} {}.",
                            cap(&fig.text.replace("workers", "North Korean workers")),
                            time.text
                        )
                    }
                    (true, Some(o)) => format!(
                        "{} 출신 노동자 {} {} {}에 보낼 예정이다.",
                        o.ko.as_deref().unwrap_or(&o.en),
                        eul(&fig.text),
                        time.text,
                        d
                    ),
                    (true, None) => {
                        format!("북한 노동자 {} {} {}에 도착할 예정이다.", i_ga(&fig.text), time.text, d)
                    }
                };
                let mut spec = Spec::new(Kind::DispatchPlanned).count(fig.count).to(dest).when(&time);
                spec.origin = origin.map(|o| o.gold_origin()).into_iter().collect();
                self.out.claim(&s, spec, t);
            }
            1 => {
                let time = self.time(Tense::Past);
                let fig = self.count("workers");
                let s = if ko {
                    format!("{} 북한 노동자 {} {} 파견됐다.", time.text, i_ga(&fig.text), euro(&d))
                } else {
                    format!(
                        "{} arrived in {d} {}.",
                        cap(&fig.text.replace("workers", "North Korean labourers")),
                        time.text
                    )
                };
                self.out.claim(
                    &s,
                    Spec::new(Kind::DispatchReported).count(fig.count).to(dest).when(&time),
                    t,
                );
            }
            2 => {
                let fig = self.count("workers");
                let s = if ko {
                    format!("현재 {d}에서 일하는 북한 노동자는 {}에 이르는 것으로 추산된다.", fig.text)
                } else {
                    let form = self.rng.random_range(0..2);
                    if form == 0 {
                        format!(
                            "{} are currently working in {d}.",
                            cap(&fig.text.replace("workers", "North Korean workers"))
                        )
                    } else {
                        format!(
                            "{} remain employed on building sites in {d}.",
                            cap(&fig.text.replace("workers", "North Koreans"))
                        )
                    }
                };
                self.out.claim(&s, Spec::new(Kind::StockEstimate).count(fig.count).to(dest), t);
            }
            3 => {
                let time = self.time(Tense::Past);
                let fig = self.count("workers");
                let s = if ko {
                    format!("{} {}에서 일하던 북한 노동자 {} 귀국했다.", time.text, d, i_ga(&fig.text))
                } else {
                    format!("{} were sent home from {d} {}.", cap(&fig.text), time.text)
                };
                self.out.claim(&s, Spec::new(Kind::Repatriation).count(fig.count).to(dest).when(&time), t);
            }
            4 => {
                let n = self.rng.random_range(2..=12u64);
                let time = self.maybe_time(Tense::Past);
                let tt = time.as_ref().map_or(String::new(), |t| format!(" {}", t.text));
                let s = if ko {
                    format!("{d}에서 일하던 북한 노동자 {n}명이{tt} 탈출해 한국에 들어왔다.")
                } else {
                    format!(
                        "{} North Korean workers escaped from a construction site in {d}{tt}.",
                        cap(&figures::en_small(n))
                    )
                };
                let spec =
                    Spec::new(Kind::Defection).count(Count::exact(n)).to(dest).maybe_when(time.as_ref());
                self.out.claim(&s, spec, t);
            }
            5 => {
                let n = self.rng.random_range(2..=12u64);
                let time = self.maybe_time(Tense::Past);
                let tt = time.as_ref().map_or(String::new(), |t| format!(" {}", t.text));
                let s = if ko {
                    let tk = time.as_ref().map_or(String::new(), |t| format!("{} ", t.text));
                    format!("{tk}{d}의 건설 현장에서 북한 노동자 {n}명이 사고로 숨졌다.")
                } else {
                    format!(
                        "{} North Korean workers died in accidents at building sites in {d}{tt}.",
                        cap(&figures::en_small(n))
                    )
                };
                let spec =
                    Spec::new(Kind::AbuseOrDeath).count(Count::exact(n)).to(dest).maybe_when(time.as_ref());
                self.out.claim(&s, spec, t);
            }
            _ => {
                let a = match self.lang {
                    Lang::En => figures::en_revenue(self.rng),
                    Lang::Ko => figures::ko_revenue(self.rng),
                };
                let s = if ko {
                    format!("북한은 {d}에 보낸 노동자들로부터 {}를 벌어들이는 것으로 추산된다.", a.text)
                } else {
                    format!("North Korea earns {} from its workers in {d}.", a.text)
                };
                self.out.claim(&s, Spec::new(Kind::RevenueEstimate).money(a.money).to(dest), t);
            }
        }
    }

    /// What each worker must hand over, about the place of the sentence before it.
    fn wage(&mut self, dest: &'static Place, t: &Teller) {
        let (s, a) = match self.lang {
            Lang::En => {
                let a = figures::en_wage(self.rng);
                let s = if self.rng.random_bool(0.5) {
                    format!("Each worker must hand over {} to the state.", a.text)
                } else {
                    format!("The workers are expected to earn {}, most of which goes to the state.", a.text)
                };
                (s, a)
            }
            Lang::Ko => {
                let a = figures::ko_wage(self.rng);
                (format!("노동자들은 {} 국가에 바쳐야 한다.", eul(&a.text)), a)
            }
        };
        self.out.claim(&s, Spec::new(Kind::EarningsTarget).money(a.money).to(dest), t);
    }

    /// A selection round with its number, figure or teams, and the body that runs it.
    fn selection(&mut self, dest: &'static Place, t: &Teller) {
        let round = self.rng.random_range(1..=3u32);
        let time = self.time(Tense::Future);
        let d = self.name(dest);
        let org = self.w.org(SELECTING_ORGS.choose(self.rng).expect("orgs"));
        let mut spec = Spec::new(Kind::SelectionRound).to(dest).when(&time);
        spec.round = Some(round);
        let s = if self.rng.random_bool(0.5) {
            let (k, size) = (self.rng.random_range(3..=9u64), self.rng.random_range(2..=8u64) * 10);
            spec.count = Count::new(Some(k * size), Some(k * size), true);
            spec.teams =
                Some(Teams { count: Some(Count::exact(k)), size: Count::new(Some(size), Some(size), true) });
            match self.lang {
                Lang::En => format!(
                    "The {} round of selection {} will pick {} teams of about {size} people each for building sites in {d}.",
                    figures::en_ordinal(round),
                    time.text,
                    figures::en_small(k)
                ),
                Lang::Ko => {
                    format!("{round}차 선발에서는 {} {d}에 보낼 {size}명씩 {k}개 조를 선발한다.", time.text)
                }
            }
        } else {
            let fig = self.count("people");
            spec.count = Some(fig.count);
            match (self.lang, org) {
                (Lang::En, Some(o)) => {
                    spec.organisations.push(o.name.clone());
                    format!(
                        "In the {} round of selection, run by the {}, {} will be chosen for work in {d} {}.",
                        figures::en_ordinal(round),
                        o.en,
                        fig.text,
                        time.text
                    )
                }
                (Lang::En, None) => format!(
                    "In the {} round of selection, {} will be chosen for work in {d} {}.",
                    figures::en_ordinal(round),
                    fig.text,
                    time.text
                ),
                (Lang::Ko, Some(o)) if o.ko.is_some() => {
                    spec.organisations.push(o.name.clone());
                    format!(
                        "{}는 {} {round}차 선발에서 {d}에 보낼 노동자 {} 뽑는다.",
                        o.ko.as_deref().unwrap_or_default(),
                        time.text,
                        eul(&fig.text)
                    )
                }
                (Lang::Ko, _) => {
                    format!("{} {round}차 선발에서 {d}에 보낼 노동자 {} 뽑는다.", time.text, eul(&fig.text))
                }
            }
        };
        self.out.claim(&s, spec, t);
    }

    /// The resolution the practice breaches.
    fn sanctions(&mut self, dest: &'static Place, t: &Teller) {
        let r = *RESOLUTIONS.choose(self.rng).expect("resolutions");
        let mut spec = Spec::new(Kind::SanctionsReference).to(dest);
        spec.legal_refs.push(format!("UNSCR {r}"));
        let written_out = self.rng.random_bool(0.5);
        if written_out {
            spec.organisations.push("UN Security Council".to_owned());
        }
        let s = match (self.lang, written_out) {
            (Lang::En, true) => format!("Sending the workers breaches UN Security Council Resolution {r}."),
            (Lang::En, false) => format!("The practice violates Resolution {r}, which bans such work."),
            (Lang::Ko, true) => format!("이는 유엔 안전보장이사회 대북제재 결의 {r}호를 위반하는 것이다."),
            (Lang::Ko, false) => format!("이는 대북제재 결의 {r}호 위반이다."),
        };
        self.out.claim(&s, spec, t);
    }

    /// A closing entry statistic with its own source: official figures.
    fn entry_statistic(&mut self, t: &Teller) {
        let russia =
            self.w.destinations.iter().find(|p| p.name == "Russia").expect("Russia is in the gazetteer");
        let n = self.rng.random_range(100..=20_000u64);
        let year = self.published.year() - 1;
        let (purpose, en_visa, ko_visa) =
            *[("study", "student", "학생"), ("work", "work", "취업")].choose(self.rng).expect("purposes");
        let (s, words) = match self.lang {
            Lang::En => (
                format!(
                    "Official figures show that {} North Koreans entered Russia on {en_visa} visas in {year}.",
                    figures::commas(n)
                ),
                "Official figures",
            ),
            Lang::Ko => (
                format!(
                    "러시아 통계청 자료에 따르면 {year}년 {ko_visa} 비자로 러시아에 입국한 북한 주민은 {}명이다.",
                    figures::korean_man(n)
                ),
                "러시아 통계청",
            ),
        };
        let mut spec = Spec::new(Kind::EntryStatistic).count(Count::exact(n)).to(russia);
        spec.time = TimeRange::new(
            format!("{year}"),
            NaiveDate::from_ymd_opt(year, 1, 1).expect("a real date"),
            NaiveDate::from_ymd_opt(year, 12, 31).expect("a real date"),
        );
        spec.purpose = Some(purpose.to_owned());
        spec.source = Some(Source { kind: SourceType::OfficialStatement, text: words.to_owned() });
        self.out.claim(&s, spec, t);
    }

    /// A sentence with no claim: background a reporter adds. None names a place, a figure,
    /// a source or a word the lexicons read as a claim.
    fn background(&mut self) {
        const EN: [&str; 14] = [
            "Pyongyang has long relied on such schemes to raise foreign currency.",
            "Neither government responded to requests for comment.",
            "The news comes as ties between the two governments grow closer.",
            "Families are said to compete hard for the places.",
            "The claims could not be independently verified.",
            "Such arrangements have drawn criticism from rights advocates for years.",
            "Much of the money is believed to flow to the state's weapons programmes.",
            "The arrangement is rarely mentioned in public by either side.",
            "The companies involved often operate under local names.",
            "The topic is sensitive on both sides of the border.",
            "Such deals have become harder to hide in recent years.",
            "The projects range from apartment blocks to roads and farms.",
            "Few of the men see their families for the length of their contracts.",
            "Local businesses have welcomed the extra hands on building sites.",
        ];
        const KO: [&str; 11] = [
            "이 같은 내용은 독자적으로 검증되지 않았다.",
            "북한은 오래전부터 이런 방식으로 외화를 마련해 왔다.",
            "양국 관계는 최근 부쩍 가까워졌다.",
            "가족들 사이에서는 자리를 얻으려는 경쟁이 치열하다고 한다.",
            "당국은 이에 대해 공식 입장을 내놓지 않았다.",
            "이 문제는 양국 모두에서 민감한 사안이다.",
            "관련 업체들은 현지 회사 명의로 운영되는 경우가 많다.",
            "현장은 아파트 건설부터 도로 공사까지 다양하다.",
            "계약 기간 동안 가족을 만나기는 어렵다고 한다.",
            "이런 거래는 최근 들어 숨기기가 더 어려워졌다.",
            "전문가들은 이 방식이 북한의 몇 안 되는 외화 창구라고 본다.",
        ];
        let s = match self.lang {
            Lang::En => *EN.choose(self.rng).expect("sentences"),
            Lang::Ko => *KO.choose(self.rng).expect("sentences"),
        };
        self.out.sentence(s);
    }

    /// A paragraph of background: what a report says around its figures.
    fn context(&mut self) {
        for _ in 0..self.rng.random_range(2..=4) {
            self.background();
        }
        self.out.paragraph();
    }

    /// A sentence with numbers that are not claims: troops, trade, prices, percentages.
    fn confuser(&mut self) {
        let n = figures::people(self.rng);
        let pct = self.rng.random_range(3..=40);
        let money = self.rng.random_range(20..=900);
        let year = self.published.year() - self.rng.random_range(1..=3);
        let s = match (self.lang, self.rng.random_range(0..5)) {
            (Lang::En, 0) => format!(
                "Russia has deployed about {} North Korean troops to the Kursk region.",
                figures::commas(n)
            ),
            (Lang::En, 1) => {
                format!("Trade between China and North Korea reached ${money} million in {year}.")
            }
            (Lang::En, 2) => format!("Rice prices in Pyongyang rose {pct} percent over the same period."),
            (Lang::En, 3) => {
                format!("The new apartment block will have {pct} floors and cost ${money} million.")
            }
            (Lang::En, _) => {
                format!("The fish plant processes {} tonnes of squid a year.", figures::commas(n))
            }
            (Lang::Ko, 0) => {
                format!("러시아에 파병된 북한군은 약 {}명으로 알려졌다.", figures::korean_man(n))
            }
            (Lang::Ko, 1) => format!("북중 교역액은 {year}년 {money}00만 달러를 기록했다."),
            (Lang::Ko, 2) => format!("평양의 쌀값은 한 달 새 {pct}% 올랐다."),
            (Lang::Ko, 3) => format!("새 아파트는 {pct}층 규모로 {money}억 원이 들어간다."),
            (Lang::Ko, _) => format!("이 공장은 한 해 {}톤의 오징어를 가공한다.", figures::korean_man(n)),
        };
        self.out.sentence(&s);
    }

    fn boilerplate(&mut self, outlet: &str) {
        self.out.paragraph();
        let year = self.published.year();
        match self.lang {
            Lang::En => {
                self.out.sentence("Have a tip about this story? Contact our newsroom securely.");
                self.out.paragraph();
                self.out.sentence(&format!("Copyright {year} {outlet}. All rights reserved."));
            }
            Lang::Ko => {
                self.out.sentence("제보는 보안 메신저로 보내 주십시오.");
                self.out.paragraph();
                self.out.sentence(&format!("ⓒ {year} {outlet}, 무단 전재 및 재배포 금지"));
            }
        }
    }

    /// A report with claims. Returns its headline.
    fn positive(&mut self, outlet: &str) -> String {
        let teller = self.teller();
        let title = self.lede(&teller);
        if self.rng.random_bool(0.5) {
            self.wage(self.main, &teller);
        }
        self.out.paragraph();
        self.context();
        let paragraphs = self.rng.random_range(3..=5);
        let confuser_at = self.rng.random_range(0..paragraphs);
        for p in 0..paragraphs {
            // Most paragraphs stay with the story's destination; some turn to another.
            let dest = if self.rng.random_bool(0.7) { self.main } else { destination(self.rng, self.w) };
            for _ in 0..self.rng.random_range(1..=3) {
                self.body_claim(dest, &teller);
            }
            if self.rng.random_bool(0.3) {
                self.wage(dest, &teller);
            }
            if self.rng.random_bool(0.5) {
                self.background();
            }
            self.out.paragraph();
            if p == confuser_at {
                for _ in 0..self.rng.random_range(1..=3) {
                    self.confuser();
                }
                self.out.paragraph();
            }
        }
        if self.rng.random_bool(0.6) {
            self.selection(self.main, &teller);
            self.out.paragraph();
        }
        if self.rng.random_bool(0.5) {
            self.background();
            self.sanctions(self.main, &teller);
            self.out.paragraph();
        }
        if self.rng.random_bool(0.5) {
            self.context();
        }
        if self.rng.random_bool(0.25) {
            self.entry_statistic(&teller);
            self.out.paragraph();
        }
        self.boilerplate(outlet);
        title
    }

    /// A report with no claim: background, confusers, boilerplate.
    fn negative(&mut self, outlet: &str) -> String {
        for _ in 0..self.rng.random_range(3..=5) {
            for _ in 0..self.rng.random_range(1..=3) {
                if self.rng.random_bool(0.5) {
                    self.confuser();
                } else {
                    self.background();
                }
            }
            self.out.paragraph();
        }
        self.boilerplate(outlet);
        match self.lang {
            Lang::En => "Prices and trade on the border".to_owned(),
            Lang::Ko => "북중 국경의 물가와 교역".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn particles_follow_the_last_syllable() {
        assert_eq!(eul("300명"), "300명을");
        assert_eq!(eul("월 500달러"), "월 500달러를");
        assert_eq!(i_ga("수천 명"), "수천 명이");
        assert_eq!(euro("러시아"), "러시아로");
        assert_eq!(euro("중국"), "중국으로");
        assert_eq!(euro("블라디보스토크"), "블라디보스토크로");
        assert_eq!(euro("아무르주"), "아무르주로");
        assert_eq!(euro("하바롭스크"), "하바롭스크로");
        assert_eq!(euro("단둥"), "단둥으로");
        assert_eq!(euro("쿠웨이트"), "쿠웨이트로");
        assert_eq!(euro("블라고베셴스크"), "블라고베셴스크로");
        assert_eq!(euro("서울"), "서울로");
    }

    #[test]
    fn evidence_slices_the_text_and_claims_follow_their_sentences() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut langs = [0usize; 2];
        for i in 0..300 {
            let r = report(&mut rng, &format!("t{i}"));
            langs[(r.meta.lang == Lang::Ko) as usize] += 1;
            assert_eq!(r.meta.negative, r.gold.is_empty(), "{}", r.text);
            let mut last = 0;
            for c in &r.gold {
                assert_eq!(&r.text[c.evidence.start..c.evidence.end], c.evidence.quote);
                assert!(c.evidence.start >= last, "claims are in text order");
                last = c.evidence.end;
                assert!(c.count.is_some() || c.money.is_some() || !c.legal_refs.is_empty(), "{c:?}");
            }
            assert!(r.text.ends_with('\n') && !r.text.contains("\n\n\n"));
        }
        assert!(langs[0] > 150 && langs[1] > 50, "{langs:?}");
    }
}
