//! The claim: one typed statement a document makes, pinned to its words.
//!
//! These types are the Rust face of `CLAIMS.md` (format 1). They own the invariants a
//! claim's values must keep (a range's low end is not above its high end, a country code is
//! two upper-case letters, an evidence span is non-empty) and their JSON shape. They do not
//! know how claims are found (see `extract`) or stored.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a claim says happened, or will.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    DispatchPlanned,
    DispatchReported,
    SelectionRound,
    StockEstimate,
    EarningsTarget,
    RevenueEstimate,
    Repatriation,
    AbuseOrDeath,
    Defection,
    SanctionsReference,
    EntryStatistic,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::DispatchPlanned,
        Kind::DispatchReported,
        Kind::SelectionRound,
        Kind::StockEstimate,
        Kind::EarningsTarget,
        Kind::RevenueEstimate,
        Kind::Repatriation,
        Kind::AbuseOrDeath,
        Kind::Defection,
        Kind::SanctionsReference,
        Kind::EntryStatistic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DispatchPlanned => "dispatch_planned",
            Kind::DispatchReported => "dispatch_reported",
            Kind::SelectionRound => "selection_round",
            Kind::StockEstimate => "stock_estimate",
            Kind::EarningsTarget => "earnings_target",
            Kind::RevenueEstimate => "revenue_estimate",
            Kind::Repatriation => "repatriation",
            Kind::AbuseOrDeath => "abuse_or_death",
            Kind::Defection => "defection",
            Kind::SanctionsReference => "sanctions_reference",
            Kind::EntryStatistic => "entry_statistic",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A number of people: a closed range, an open bound, or a single figure.
///
/// `min` and `max` are both present and equal for "300"; `max` is `None` for "more than
/// 1,000"; `min` is `None` for "up to 28,000". At least one bound is always present, and
/// `min <= max` when both are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Count {
    min: Option<u64>,
    max: Option<u64>,
    approx: bool,
}

impl Count {
    pub fn new(min: Option<u64>, max: Option<u64>, approx: bool) -> Option<Count> {
        match (min, max) {
            (None, None) => None,
            (Some(a), Some(b)) if a > b => None,
            _ => Some(Count { min, max, approx }),
        }
    }
    pub fn exact(n: u64) -> Count {
        Count { min: Some(n), max: Some(n), approx: false }
    }
    pub fn about(n: u64) -> Count {
        Count { min: Some(n), max: Some(n), approx: true }
    }
    pub fn min(&self) -> Option<u64> {
        self.min
    }
    pub fn max(&self) -> Option<u64> {
        self.max
    }
    pub fn approx(&self) -> bool {
        self.approx
    }
    pub fn with_approx(self, approx: bool) -> Count {
        Count { approx, ..self }
    }
    /// The same figures, ignoring `approx`: what `tally eval` compares.
    pub fn same_range(&self, other: &Count) -> bool {
        self.min == other.min && self.max == other.max
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            min: Option<u64>,
            max: Option<u64>,
            #[serde(default)]
            approx: bool,
        }
        let r = Raw::deserialize(d)?;
        Count::new(r.min, r.max, r.approx)
            .ok_or_else(|| serde::de::Error::custom("count needs a bound, and min <= max"))
    }
}

/// Teams the text organises people into: "six teams of about 50".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Teams {
    pub count: Option<Count>,
    pub size: Option<Count>,
}

/// An ISO 4217 currency the lexicon knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Currency {
    USD,
    CNY,
    EUR,
    RUB,
    KPW,
    KRW,
    JPY,
    GBP,
}

impl Currency {
    pub fn parse(code: &str) -> Option<Currency> {
        Some(match code {
            "USD" => Currency::USD,
            "CNY" => Currency::CNY,
            "EUR" => Currency::EUR,
            "RUB" => Currency::RUB,
            "KPW" => Currency::KPW,
            "KRW" => Currency::KRW,
            "JPY" => Currency::JPY,
            "GBP" => Currency::GBP,
            _ => return None,
        })
    }
    pub fn code(self) -> &'static str {
        match self {
            Currency::USD => "USD",
            Currency::CNY => "CNY",
            Currency::EUR => "EUR",
            Currency::RUB => "RUB",
            Currency::KPW => "KPW",
            Currency::KRW => "KRW",
            Currency::JPY => "JPY",
            Currency::GBP => "GBP",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Worker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Month,
    Year,
}

impl Period {
    /// How many of this period make a month, for revenue arithmetic.
    pub fn per_month_factor(self) -> f64 {
        match self {
            Period::Day => 30.0,
            Period::Month => 1.0,
            Period::Year => 1.0 / 12.0,
        }
    }
}

/// An amount of money: a range in whole units of `currency`, for one worker or in total,
/// over a period or not.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Money {
    min: Option<u64>,
    max: Option<u64>,
    approx: bool,
    currency: Currency,
    per: Option<Per>,
    period: Option<Period>,
}

impl Money {
    pub fn new(
        min: Option<u64>,
        max: Option<u64>,
        approx: bool,
        currency: Currency,
        per: Option<Per>,
        period: Option<Period>,
    ) -> Option<Money> {
        Count::new(min, max, approx)?;
        Some(Money { min, max, approx, currency, per, period })
    }
    pub fn min(&self) -> Option<u64> {
        self.min
    }
    pub fn max(&self) -> Option<u64> {
        self.max
    }
    pub fn approx(&self) -> bool {
        self.approx
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn per(&self) -> Option<Per> {
        self.per
    }
    pub fn period(&self) -> Option<Period> {
        self.period
    }
    pub fn with_per(self, per: Option<Per>) -> Money {
        Money { per, ..self }
    }
    pub fn with_period(self, period: Option<Period>) -> Money {
        Money { period, ..self }
    }
    /// Same figures and currency: what `tally eval` compares.
    pub fn same_range(&self, other: &Money) -> bool {
        self.min == other.min && self.max == other.max && self.currency == other.currency
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            min: Option<u64>,
            max: Option<u64>,
            #[serde(default)]
            approx: bool,
            currency: Currency,
            per: Option<Per>,
            period: Option<Period>,
        }
        let r = Raw::deserialize(d)?;
        Money::new(r.min, r.max, r.approx, r.currency, r.per, r.period)
            .ok_or_else(|| serde::de::Error::custom("money needs a bound, and min <= max"))
    }
}

/// ISO 3166-1 alpha-2: two ASCII upper-case letters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn new(s: &str) -> Option<CountryCode> {
        let b = s.as_bytes();
        (b.len() == 2 && b.iter().all(u8::is_ascii_uppercase)).then(|| CountryCode([b[0], b[1]]))
    }
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII upper-case letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::new(&s).ok_or_else(|| serde::de::Error::custom(format!("not a country code: {s:?}")))
    }
}

/// Where workers go, are, or come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    pub country: Option<CountryCode>,
    pub region: Option<String>,
}

/// When the claimed thing happens: the words, and the inclusive dates they resolve to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeRange {
    pub text: String,
    start: NaiveDate,
    end: NaiveDate,
}

impl TimeRange {
    pub fn new(text: impl Into<String>, start: NaiveDate, end: NaiveDate) -> Option<TimeRange> {
        (start <= end).then(|| TimeRange { text: text.into(), start, end })
    }
    pub fn start(&self) -> NaiveDate {
        self.start
    }
    pub fn end(&self) -> NaiveDate {
        self.end
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            text: String,
            start: NaiveDate,
            end: NaiveDate,
        }
        let r = Raw::deserialize(d)?;
        TimeRange::new(r.text, r.start, r.end)
            .ok_or_else(|| serde::de::Error::custom("time range ends before it starts"))
    }
}

/// Who the document says told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceType {
    AnonymousInCountry,
    AnonymousAbroad,
    IntelligenceAgency,
    OfficialStatement,
    Ngo,
    UnBody,
    MediaInvestigation,
    DefectorTestimony,
    OtherOutlet,
    Unknown,
}

impl SourceType {
    pub const ALL: [SourceType; 10] = [
        SourceType::AnonymousInCountry,
        SourceType::AnonymousAbroad,
        SourceType::IntelligenceAgency,
        SourceType::OfficialStatement,
        SourceType::Ngo,
        SourceType::UnBody,
        SourceType::MediaInvestigation,
        SourceType::DefectorTestimony,
        SourceType::OtherOutlet,
        SourceType::Unknown,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SourceType::AnonymousInCountry => "anonymous_in_country",
            SourceType::AnonymousAbroad => "anonymous_abroad",
            SourceType::IntelligenceAgency => "intelligence_agency",
            SourceType::OfficialStatement => "official_statement",
            SourceType::Ngo => "ngo",
            SourceType::UnBody => "un_body",
            SourceType::MediaInvestigation => "media_investigation",
            SourceType::DefectorTestimony => "defector_testimony",
            SourceType::OtherOutlet => "other_outlet",
            SourceType::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<SourceType> {
        SourceType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    #[serde(rename = "type")]
    pub kind: SourceType,
    #[serde(default)]
    pub text: String,
}

impl Source {
    pub fn unknown() -> Source {
        Source { kind: SourceType::Unknown, text: String::new() }
    }
}

/// The words that carry a claim, as UTF-8 byte offsets into the normalised text
/// (`end` exclusive). `quote == text[start..end]` always holds for extracted claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub quote: String,
    pub start: usize,
    pub end: usize,
}

impl Evidence {
    /// The evidence for `text[start..end]`, or `None` when the span is empty, out of
    /// bounds or not on character boundaries.
    pub fn from_span(text: &str, start: usize, end: usize) -> Option<Evidence> {
        (start < end).then_some(())?;
        let quote = text.get(start..end)?;
        Some(Evidence { quote: quote.to_owned(), start, end })
    }
}

/// Which rules and lexicon entries produced each field of a claim, field name → reasons.
pub type Why = BTreeMap<String, Vec<String>>;

/// A claim as extracted (or as a gold file states it). `id` and `document` are added by
/// the store; the core neither makes nor needs them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub kind: Kind,
    #[serde(default)]
    pub count: Option<Count>,
    #[serde(default)]
    pub teams: Option<Teams>,
    #[serde(default)]
    pub money: Option<Money>,
    #[serde(default)]
    pub round: Option<u32>,
    #[serde(default)]
    pub destination: Option<Place>,
    #[serde(default)]
    pub origin: Vec<Place>,
    #[serde(default)]
    pub time: Option<TimeRange>,
    #[serde(default)]
    pub organisations: Vec<String>,
    #[serde(default)]
    pub legal_refs: Vec<String>,
    pub source: Source,
    pub evidence: Evidence,
    /// For `entry_statistic`: why people entered ("work", "study", "tourism", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Which rules and lexicon entries produced each field.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: Why,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_rejects_inverted_and_empty_ranges() {
        assert!(Count::new(Some(10), Some(5), false).is_none());
        assert!(Count::new(None, None, true).is_none());
        assert_eq!(Count::new(None, Some(28_000), false).unwrap().max(), Some(28_000));
    }

    #[test]
    fn country_code_is_two_upper_case_letters() {
        assert_eq!(CountryCode::new("RU").unwrap().as_str(), "RU");
        assert!(CountryCode::new("ru").is_none());
        assert!(CountryCode::new("RUS").is_none());
    }

    #[test]
    fn evidence_refuses_spans_off_char_boundaries() {
        let text = "북한 노동자 300명";
        assert!(Evidence::from_span(text, 0, 1).is_none());
        assert_eq!(Evidence::from_span(text, 0, 6).unwrap().quote, "북한");
    }

    #[test]
    fn claim_json_round_trips_in_the_claims_md_shape() {
        let json = r#"{"kind":"selection_round","count":{"min":300,"max":300,"approx":true},
            "teams":{"count":{"min":6,"max":6,"approx":false},"size":{"min":50,"max":50,"approx":true}},
            "money":null,"round":2,"destination":{"country":"UA","region":"Russian-occupied eastern Ukraine"},
            "origin":[],"time":{"text":"on Nov. 1","start":"2022-11-01","end":"2022-11-30"},
            "organisations":[],"legal_refs":[],"source":{"type":"anonymous_in_country","text":"A source"},
            "evidence":{"quote":"x","start":0,"end":1}}"#;
        let c: Claim = serde_json::from_str(json).unwrap();
        assert_eq!(c.kind, Kind::SelectionRound);
        assert_eq!(c.teams.unwrap().size.unwrap().min(), Some(50));
        assert_eq!(c.destination.as_ref().unwrap().country.unwrap().as_str(), "UA");
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["time"]["end"], "2022-11-30");
        assert_eq!(back["source"]["type"], "anonymous_in_country");
    }
}
