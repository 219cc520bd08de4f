//! Grading on the Admiralty scale: how reliable a source is (A–F) and how credible a piece
//! of information is (1–6).
//!
//! It owns the grade types, the defaults (per source type and per named outlet or
//! institution, from `data/grades.tsv`), analyst overrides (who, when, why) and the rule by
//! which an event's credibility improves with independent corroboration and worsens with
//! contradiction ([`event_grade`]). It does not decide which sources are independent (see
//! `independence`) and does not read the clock: an override's time is given by the caller.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::lexicon::lexicon;
use super::{Error, RootSource};
use crate::SourceType;

/// Source reliability: A completely reliable … E unreliable, F cannot be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub fn parse(s: &str) -> Option<Reliability> {
        Some(match s.trim() {
            "A" | "a" => Reliability::A,
            "B" | "b" => Reliability::B,
            "C" | "c" => Reliability::C,
            "D" | "d" => Reliability::D,
            "E" | "e" => Reliability::E,
            "F" | "f" => Reliability::F,
            _ => return None,
        })
    }
    pub fn as_char(self) -> char {
        match self {
            Reliability::A => 'A',
            Reliability::B => 'B',
            Reliability::C => 'C',
            Reliability::D => 'D',
            Reliability::E => 'E',
            Reliability::F => 'F',
        }
    }
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

/// Information credibility, 1 (confirmed by independent sources) to 6 (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Credibility {
    pub const CONFIRMED: Credibility = Credibility(1);
    pub const PROBABLY_TRUE: Credibility = Credibility(2);
    pub const POSSIBLY_TRUE: Credibility = Credibility(3);
    pub const DOUBTFUL: Credibility = Credibility(4);
    pub const IMPROBABLE: Credibility = Credibility(5);
    pub const CANNOT_BE_JUDGED: Credibility = Credibility(6);

    pub fn new(n: u8) -> Option<Credibility> {
        (1..=6).contains(&n).then_some(Credibility(n))
    }
    pub fn get(self) -> u8 {
        self.0
    }
    pub fn meaning(self) -> &'static str {
        match self.0 {
            1 => "confirmed by independent sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "cannot be judged",
        }
    }
}

impl TryFrom<u8> for Credibility {
    type Error = String;
    fn try_from(n: u8) -> Result<Credibility, String> {
        Credibility::new(n).ok_or_else(|| format!("credibility must be 1–6, not {n}"))
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}

/// A grade such as `B2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grade {
    pub reliability: Reliability,
    pub credibility: Credibility,
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.reliability.as_char(), self.credibility.0)
    }
}

impl FromStr for Grade {
    type Err = Error;
    fn from_str(s: &str) -> Result<Grade, Error> {
        let bad = || Error::BadGrade(s.to_owned());
        let mut chars = s.trim().chars();
        let r = chars.next().and_then(|c| Reliability::parse(&c.to_string())).ok_or_else(bad)?;
        let c = chars
            .next()
            .and_then(|c| c.to_digit(10))
            .and_then(|d| Credibility::new(d as u8))
            .ok_or_else(bad)?;
        if chars.next().is_some() {
            return Err(bad());
        }
        Ok(Grade { reliability: r, credibility: c })
    }
}

impl Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Grade, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An analyst's override of a source's default grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeOverride {
    /// The canonical source name (an outlet, an institution) or a source type (`anonymous_in_country`).
    pub source: String,
    pub grade: Grade,
    pub who: String,
    /// When, as the caller's clock gave it (RFC 3339).
    pub when: String,
    pub why: String,
}

/// Where a source's grade came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GradeOrigin {
    /// The default for the named outlet or institution in `grades.tsv`.
    Named,
    /// The default for the source type, for a source the file does not name.
    SourceType(SourceType),
    /// An analyst's override (the latest one for the source).
    Override(GradeOverride),
}

/// The canonical name a user's word for a source stands for: an outlet or institution
/// (any alias), or a source type. `None` when tally knows no such source.
pub fn canonical_source(name: &str) -> Option<String> {
    let l = lexicon();
    if let Some(t) = SourceType::parse(name.trim()) {
        return Some(t.as_str().to_owned());
    }
    l.source_by_name(name).map(|i| l.sources[i].name.clone())
}

/// Default grades plus the overrides analysts recorded.
#[derive(Debug, Clone, Default)]
pub struct GradeBook {
    overrides: HashMap<String, GradeOverride>,
}

impl GradeBook {
    /// A book with these overrides, applied in order (a later override of the same source
    /// replaces an earlier one; all of them stay in the audit log).
    pub fn new(overrides: impl IntoIterator<Item = GradeOverride>) -> GradeBook {
        let mut book = GradeBook::default();
        for o in overrides {
            book.overrides.insert(o.source.clone(), o);
        }
        book
    }

    /// The grade a root source carries, and why.
    pub fn grade(&self, root: &RootSource) -> (Grade, GradeOrigin) {
        let l = lexicon();
        if let Some(name) = root.named() {
            if let Some(o) = self.overrides.get(name) {
                return (o.grade, GradeOrigin::Override(o.clone()));
            }
            if let Some(i) = l.source_by_name(name) {
                return (l.sources[i].grade, GradeOrigin::Named);
            }
        }
        let t = root.source_type();
        if let Some(o) = self.overrides.get(t.as_str()) {
            return (o.grade, GradeOrigin::Override(o.clone()));
        }
        (l.type_grades[&t], GradeOrigin::SourceType(t))
    }
}

/// The grade of an event from the grades of its independent root sources and the number of
/// contradictions between them. The rule (also in ARCHITECTURE.md and docs/METHOD.md):
///
/// - reliability is the best reliability among the independent roots: the event is as
///   reliable as the most reliable source that reports it independently;
/// - credibility starts from the best credibility among those roots (what a single report
///   from that source is worth), then improves with independent corroboration: two
///   independent roots make it at least 2 (probably true), three or more make it 1
///   (confirmed);
/// - each contradiction within the event worsens it by one, at most by two, and never past
///   5 (improbable); a grade of 6 (cannot be judged) is left as it is, since neither
///   corroboration by one source nor disagreement gives a basis to judge;
/// - with no graded root at all the grade is F6.
pub fn event_grade(roots: &[Grade], contradictions: usize) -> Grade {
    let Some(reliability) = roots.iter().map(|g| g.reliability).min() else {
        return Grade { reliability: Reliability::F, credibility: Credibility::CANNOT_BE_JUDGED };
    };
    let base = roots.iter().map(|g| g.credibility).min().unwrap_or(Credibility::CANNOT_BE_JUDGED);
    let n = roots.len();
    let corroborated = match n {
        0 | 1 => base,
        2 => base.min(Credibility::PROBABLY_TRUE),
        _ => Credibility::CONFIRMED,
    };
    let credibility = if corroborated == Credibility::CANNOT_BE_JUDGED && n < 2 {
        corroborated
    } else {
        let worse = corroborated.0 + contradictions.min(2) as u8;
        Credibility(worse.min(Credibility::IMPROBABLE.0))
    };
    Grade { reliability, credibility }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(s: &str) -> Grade {
        s.parse().unwrap()
    }

    #[test]
    fn grades_parse_and_print() {
        assert_eq!(g("B2").to_string(), "B2");
        assert_eq!(g("a1"), Grade { reliability: Reliability::A, credibility: Credibility::CONFIRMED });
        for bad in ["", "B", "G2", "B7", "B0", "B22", "2B"] {
            assert!(bad.parse::<Grade>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn one_source_keeps_its_own_credibility() {
        assert_eq!(event_grade(&[g("B3")], 0), g("B3"));
        assert_eq!(event_grade(&[g("F6")], 0), g("F6"));
        assert_eq!(event_grade(&[], 0), g("F6"));
    }

    #[test]
    fn independent_corroboration_improves_credibility() {
        assert_eq!(event_grade(&[g("C3"), g("B3")], 0), g("B2"));
        assert_eq!(event_grade(&[g("C4"), g("D4"), g("E5")], 0), g("C1"));
        // A single source of credibility 2 stays 2 with a second source.
        assert_eq!(event_grade(&[g("A2"), g("C3")], 0), g("A2"));
    }

    #[test]
    fn contradictions_worsen_credibility_up_to_two_steps() {
        assert_eq!(event_grade(&[g("C3"), g("B3")], 1), g("B3"));
        assert_eq!(event_grade(&[g("C3"), g("B3")], 5), g("B4"));
        assert_eq!(event_grade(&[g("C4")], 3), g("C5"));
        assert_eq!(event_grade(&[g("F6")], 2), g("F6"));
    }

    #[test]
    fn overrides_replace_defaults_and_the_latest_wins() {
        let root = RootSource::Named { name: "Daily NK".into() };
        let book = GradeBook::default();
        assert_eq!(book.grade(&root).0, g("B3"));
        let o = |grade: &str, when: &str| GradeOverride {
            source: "Daily NK".into(),
            grade: g(grade),
            who: "analyst".into(),
            when: when.into(),
            why: "track record".into(),
        };
        let book = GradeBook::new([o("A2", "2026-01-01T00:00:00Z"), o("C3", "2026-02-01T00:00:00Z")]);
        let (grade, origin) = book.grade(&root);
        assert_eq!(grade, g("C3"));
        assert!(matches!(origin, GradeOrigin::Override(o) if o.when.starts_with("2026-02")));
    }

    #[test]
    fn unnamed_sources_take_their_type_default() {
        let root = RootSource::Unnamed { outlet: "Some Blog".into(), kind: SourceType::AnonymousInCountry };
        let (grade, origin) = GradeBook::default().grade(&root);
        assert_eq!(grade, g("C3"));
        assert_eq!(origin, GradeOrigin::SourceType(SourceType::AnonymousInCountry));
        assert_eq!(canonical_source("국정원").as_deref(), Some("National Intelligence Service"));
        assert_eq!(canonical_source("un_body").as_deref(), Some("un_body"));
        assert_eq!(canonical_source("Nobody Weekly"), None);
    }
}
