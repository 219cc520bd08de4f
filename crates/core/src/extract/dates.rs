//! Time expressions, English and Korean, resolved to inclusive date ranges against the
//! publication date.
//!
//! Conventions (CLAIMS.md, DOMAIN.md): a month is its whole length; early / mid / late a
//! month are days 1–10 / 11–20 / 21–end (초 / 중순 / 말 likewise); the end of a year is
//! December and its start January; a weekday ("on Monday") is the latest such day on or
//! before publication; relative words ("last month", "지난달") count from publication; a
//! month or day written without a year takes the year that puts it nearest publication,
//! leaning to the past (news reports what happened). This module finds and resolves; it
//! does not decide which claim a time belongs to, nor whether it is when somebody spoke.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::alternatives::{Alternatives, Groups};

/// A time expression found in a sentence, with its resolved range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    pub start: usize,
    pub end: usize,
    pub begin: NaiveDate,
    pub finish: NaiveDate,
    /// "by the end of November", "까지": a deadline.
    pub deadline: bool,
    /// Relative to the publication date ("last month"), rather than written out.
    pub relative: bool,
    /// A bare day without month ("on Monday", "26일"): often when somebody spoke.
    pub day_only: bool,
    pub rule: &'static str,
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
}

fn month_range(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(y, m, 1)?, month_end(y, m)?))
}

fn year_range(y: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(y, 1, 1)?, NaiveDate::from_ymd_opt(y, 12, 31)?))
}

/// Part of a month: early (1–10), mid (11–20), late / end (21–last).
fn month_part(y: i32, m: u32, part: Part) -> Option<(NaiveDate, NaiveDate)> {
    let (a, b) = month_range(y, m)?;
    Some(match part {
        Part::Early => (a, NaiveDate::from_ymd_opt(y, m, 10)?),
        Part::Mid => (NaiveDate::from_ymd_opt(y, m, 11)?, NaiveDate::from_ymd_opt(y, m, 20)?),
        Part::Late => (NaiveDate::from_ymd_opt(y, m, 21)?, b),
        Part::Whole => (a, b),
    })
}

/// Part of a year: its start is January, its middle June–July, its end December.
fn year_part(y: i32, part: Part) -> Option<(NaiveDate, NaiveDate)> {
    match part {
        Part::Early => month_range(y, 1),
        Part::Mid => Some((NaiveDate::from_ymd_opt(y, 6, 1)?, NaiveDate::from_ymd_opt(y, 7, 31)?)),
        Part::Late => month_range(y, 12),
        Part::Whole => year_range(y),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
    Whole,
}

fn part_en(s: &str) -> Part {
    let s = s.to_ascii_lowercase();
    if s.contains("early") || s.contains("beginning") || s.contains("start") {
        Part::Early
    } else if s.contains("mid") || s.contains("middle") {
        Part::Mid
    } else if s.contains("late") || s.contains("end") {
        Part::Late
    } else {
        Part::Whole
    }
}

fn part_ko(s: &str) -> Part {
    match s {
        "초" | "초순" | "상순" => Part::Early,
        "중순" => Part::Mid,
        "말" | "하순" => Part::Late,
        _ => Part::Whole,
    }
}

fn month_en(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    Some(match s.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// The year for a month written without one: the nearest to publication, leaning to the
/// past — a month more than four months after publication is last year's.
fn infer_year(published: NaiveDate, month: u32) -> i32 {
    let y = published.year();
    let diff = month as i32 - published.month() as i32;
    if diff > 4 {
        y - 1
    } else if diff < -8 {
        y + 1
    } else {
        y
    }
}

/// Meteorological seasons (northern hemisphere): spring March–May, summer June–August,
/// autumn September–November, winter December to February of the next year.
fn season(y: i32, w: &str) -> Option<(NaiveDate, NaiveDate)> {
    match w {
        "spring" => Some((month_range(y, 3)?.0, month_range(y, 5)?.1)),
        "summer" => Some((month_range(y, 6)?.0, month_range(y, 8)?.1)),
        "autumn" | "fall" => Some((month_range(y, 9)?.0, month_range(y, 11)?.1)),
        "winter" => Some((month_range(y, 12)?.0, month_range(y + 1, 2)?.1)),
        _ => None,
    }
}

fn lunar_new_year(y: i32) -> Option<NaiveDate> {
    let (m, d) = match y {
        2017 => (1, 28),
        2018 => (2, 16),
        2019 => (2, 5),
        2020 => (1, 25),
        2021 => (2, 12),
        2022 => (2, 1),
        2023 => (1, 22),
        2024 => (2, 10),
        2025 => (1, 29),
        2026 => (2, 17),
        2027 => (2, 6),
        2028 => (1, 26),
        2029 => (2, 13),
        2030 => (2, 3),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

fn weekday_en(s: &str) -> Option<Weekday> {
    Some(match s.to_ascii_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The latest `wd` on or before `published`.
fn last_weekday(published: NaiveDate, wd: Weekday) -> NaiveDate {
    let back =
        (published.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64).rem_euclid(7);
    published - Duration::days(back)
}

fn shift_month(y: i32, m: u32, by: i32) -> (i32, u32) {
    let idx = y * 12 + (m as i32 - 1) + by;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)";

/// The English time patterns: alternatives tried in this order at each position (longer
/// forms first), each with its own named groups.
fn en_alternatives() -> Vec<String> {
    let m = MONTHS;
    [
        format!(r"(?P<between>\b[Bb]etween\s+(?P<bm1>{m})\s+and\s+(?P<bm2>{m})(?:\s+(?:of\s+)?(?P<by>\d{{4}}))?)"),
        format!(r"(?P<mor>\b(?P<om1>{m})\s+(?:or|and|to)\s+(?P<om2>{m})\b(?:\s+(?:of\s+)?(?P<oy>\d{{4}}))?)"),
        format!(r"(?P<part>\b(?i:(?:in|at|by|from|since|until|starting\s+in)\s+)?(?i:the\s+)?(?P<pw>(?i:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of))[-\s]+(?P<pm>{m})(?:\s+(?:of\s+)?(?P<py>\d{{4}}))?)"),
        r"(?P<partyear>\b(?i:the\s+)?(?P<yw>(?i:end\s+of|beginning\s+of|start\s+of|middle\s+of|early|mid|late))[-\s]+(?:(?P<yy>(?:19|20)\d{2})\b|(?P<yrel>(?i:last|this|next))\s+year\b))".to_owned(),
        r"(?P<half>\b(?i:the\s+|in\s+the\s+)?(?P<hw>(?i:first|second))\s+(?i:half)\s+of\s+(?:(?P<hy>(?:19|20)\d{2})\b|(?P<hrel>(?i:last|this|next))\s+year\b))".to_owned(),
        r"(?P<season>\b(?:(?P<srel>(?i:this|last|next))\s+|(?i:in\s+the\s+)|(?i:in\s+))(?P<sw>(?i:spring|summer|autumn|fall|winter))(?:\s+(?:of\s+)?(?P<sy>(?:19|20)\d{2}))?\b)".to_owned(),
        format!(r"(?P<mdy>\b(?:(?i:in|since|from|by|until|as\s+of|on|before|after|through)\s+)?(?P<m1>{m})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?:of\s+)?(?P<y1>(?:19|20)\d{{2}})|\s+of\s+(?P<rel1>last|this|next)\s+year)?)"),
        format!(r"(?P<dmy>\b(?P<d2>\d{{1,2}})\s+(?P<m2>{m})(?:\s+(?P<y2>(?:19|20)\d{{2}}))?)"),
        format!(r"(?P<my>\b(?:(?i:in|since|from|by|until|as\s+of|during|before|after|through)\s+)?(?P<m3>{m})(?:\s+of)?\s+(?P<y3>(?:19|20)\d{{2}})\b)"),
        format!(r"(?P<mrel>\b(?:(?i:in|since|from|by|until|as\s+of|during|before|after)\s+)?(?P<m5>{m})\s+of\s+(?P<rel5>last|this|next)\s+year)"),
        format!(r"(?P<month>\b(?i:in|since|from|by|until|during|as\s+of|before|after|through|throughout|last|this|next|starting\s+in|early\s+in|late\s+in)\s+(?P<m4>{m})\b(?:\s+(?:of\s+)?(?P<y4m>(?:19|20)\d{{2}})\b)?)"),
        r"(?P<quarter>\b(?i:the\s+)?(?P<q>(?i:first|second|third|fourth))\s+quarter\s+of\s+(?:(?P<qrel>this|last|next)\s+year|(?P<qy>(?:19|20)\d{2})))".to_owned(),
        r"(?P<year>\b(?i:in|of|since|by|during|as\s+early\s+as|as\s+of|until|through|throughout|from|for)\s+(?P<y4>(?:19|20)\d{2})\b)".to_owned(),
        r"(?P<wd>\b(?i:on\s+|last\s+)?(?P<wday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+and\s+(?P<wday2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?\b)".to_owned(),
        r"(?P<lny>\b(?:(?P<lnyb>(?i:before|by|after|around|ahead\s+of))\s+)?(?i:the)\s+Lunar\s+New\s+Year(?:\s+(?P<lnyrel>next|this|last)\s+year)?)".to_owned(),
        r"(?P<rel>\b(?P<rw>(?i:(?:earlier|later)\s+this\s+(?:month|year)|(?:last|this|next|the\s+past|the\s+previous|the\s+following|the\s+same)\s+(?:month|year|week)|over\s+the\s+(?:coming|next)\s+months|in\s+the\s+coming\s+months|over\s+the\s+past\s+year|yesterday|today))\b)".to_owned(),
        r"(?P<anaphor>\b(?i:at\s+that\s+time|at\s+the\s+time)\b)".to_owned(),
    ]
    .into_iter()
    // ASCII word boundaries: a Unicode `\b` makes the regex engine leave its fast DFA for
    // a backtracker on any text with a non-ASCII byte (a curly quote, a Korean word), and
    // the words bounded here are all ASCII.
    .map(|alternative| alternative.replace(r"\b", r"(?-u:\b)"))
    .collect()
}

fn en_regexes() -> &'static Alternatives {
    static R: OnceLock<Alternatives> = OnceLock::new();
    R.get_or_init(|| Alternatives::new(&en_alternatives()).expect("English date patterns compile"))
}

/// Whether `sentence` can hold an English time expression at all: every alternative of the
/// English pattern needs a year (`19` or `20` and two more digits) or a word (starting at an
/// ASCII word boundary, as the pattern's `\b` does) whose first three letters are one of
/// these; the other numbers it reads (a day, "Nov. 1") sit beside a month's name. Most
/// sentences have neither (a figure alone, "300 workers", is not a time), and this look
/// costs a fraction of the pattern's. Digits of other scripts are let through to the
/// pattern, since its `\d` matches them.
fn may_hold_time_en(sentence: &str) -> bool {
    // The three-letter starts found by an automaton with a literal prefilter, each kept
    // only at a word's start: a look at every word of every English sentence was most of
    // the cost of dates. (A start's letters are all letters, so none can begin inside
    // another match: stepping over matches misses no word start.)
    static STARTS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let starts = STARTS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon",
                "tue", "wed", "thu", "fri", "sat", "sun", "tod", "yes", "spr", "sum", "aut", "fal", "win",
                "lun", "yea", "wee", "tim", "qua",
            ])
            .expect("time starts compile")
    });
    let b = sentence.as_bytes();
    let year = |w: &[u8]| matches!(w, [b'1', b'9', c, d] | [b'2', b'0', c, d] if c.is_ascii_digit() && d.is_ascii_digit());
    b.windows(4).any(year)
        || starts.find_iter(b).any(|m| {
            m.start() == 0 || !(b[m.start() - 1].is_ascii_alphanumeric() || b[m.start() - 1] == b'_')
        })
        || !sentence.is_ascii() && sentence.chars().any(|c| !c.is_ascii() && c.is_numeric())
}

/// English time expressions in `sentence` (starting at byte `base`).
pub fn times_en(
    sentence: &str,
    base: usize,
    published: Option<NaiveDate>,
    previous: Option<(NaiveDate, NaiveDate)>,
) -> Vec<TimeMention> {
    let Some(p) = published else { return Vec::new() };
    if !may_hold_time_en(sentence) {
        return Vec::new();
    }
    let r = en_regexes();
    let mut out = Vec::new();
    let mut last_abs: Option<(NaiveDate, NaiveDate)> = previous;
    for c in r.captures_iter(sentence) {
        if let Some(t) = resolve_en(&c, sentence, base, p, last_abs) {
            if !t.relative {
                last_abs = Some((t.begin, t.finish));
            }
            out.push(t);
        }
    }
    out
}

fn resolve_en(
    c: &Groups<'_>,
    sentence: &str,
    base: usize,
    p: NaiveDate,
    last_abs: Option<(NaiveDate, NaiveDate)>,
) -> Option<TimeMention> {
    {
        let whole = c.whole();
        let g = |n: &str| c.name(n);
        let before = sentence[..whole.start].to_ascii_lowercase();
        let matched = sentence[whole.clone()].to_ascii_lowercase();
        let by = before.trim_end().ends_with(" by")
            || before.trim_end() == "by"
            || matched.starts_with("by ")
            || matched.starts_with("until ")
            || before.trim_end().ends_with("no later than");
        let mut deadline = by;
        let mut relative = false;
        let mut day_only = false;
        let rule: &'static str;
        let range = if g("between").is_some() {
            rule = "time.en.between_months";
            let (m1, m2) = (month_en(g("bm1").unwrap_or(""))?, month_en(g("bm2").unwrap_or(""))?);
            let y = g("by").and_then(|y| y.parse().ok()).unwrap_or_else(|| infer_year(p, m1));
            Some((month_range(y, m1)?.0, month_range(y, m2)?.1))
        } else if g("mor").is_some() {
            rule = "time.en.month_or_month";
            let (m1, m2) = (month_en(g("om1").unwrap_or(""))?, month_en(g("om2").unwrap_or(""))?);
            let y = g("oy").and_then(|y| y.parse().ok()).unwrap_or_else(|| infer_year(p, m1));
            Some((month_range(y, m1)?.0, month_range(y, m2.max(m1))?.1))
        } else if g("part").is_some() {
            rule = "time.en.part_of_month";
            let m = month_en(g("pm").unwrap_or(""))?;
            let y = g("py").and_then(|y| y.parse().ok()).unwrap_or_else(|| infer_year(p, m));
            month_part(y, m, part_en(g("pw").unwrap_or("")))
        } else if g("partyear").is_some() {
            rule = "time.en.part_of_year";
            let y: i32 = match (g("yy"), g("yrel").map(|r| r.to_ascii_lowercase())) {
                (Some(y), _) => y.parse().ok()?,
                (None, Some(r)) if r == "last" => p.year() - 1,
                (None, Some(r)) if r == "next" => p.year() + 1,
                _ => p.year(),
            };
            year_part(y, part_en(g("yw").unwrap_or("")))
        } else if g("half").is_some() {
            rule = "time.en.half_year";
            let y: i32 = match (g("hy"), g("hrel").map(|r| r.to_ascii_lowercase())) {
                (Some(y), _) => y.parse().ok()?,
                (None, Some(r)) if r == "last" => p.year() - 1,
                (None, Some(r)) if r == "next" => p.year() + 1,
                _ => p.year(),
            };
            if g("hw").is_some_and(|w| w.eq_ignore_ascii_case("first")) {
                Some((month_range(y, 1)?.0, month_range(y, 6)?.1))
            } else {
                Some((month_range(y, 7)?.0, month_range(y, 12)?.1))
            }
        } else if g("season").is_some() {
            rule = "time.en.season";
            let w = g("sw").unwrap_or("").to_ascii_lowercase();
            let y: i32 = match (g("sy"), g("srel").map(|r| r.to_ascii_lowercase())) {
                (Some(y), _) => y.parse().ok()?,
                (None, Some(r)) if r == "last" => p.year() - 1,
                (None, Some(r)) if r == "next" => p.year() + 1,
                _ => p.year(),
            };
            season(y, &w)
        } else if g("mdy").is_some() {
            rule = "time.en.month_day";
            let m = month_en(g("m1").unwrap_or(""))?;
            let d: u32 = g("d1").and_then(|d| d.parse().ok())?;
            let y = match (g("y1"), g("rel1")) {
                (Some(y), _) => y.parse().ok()?,
                (None, Some("last")) => p.year() - 1,
                (None, Some("next")) => p.year() + 1,
                (None, Some(_)) => p.year(),
                (None, None) => infer_year(p, m),
            };
            NaiveDate::from_ymd_opt(y, m, d).map(|d| (d, d))
        } else if g("dmy").is_some() {
            rule = "time.en.day_month";
            let m = month_en(g("m2").unwrap_or(""))?;
            let d: u32 = g("d2").and_then(|d| d.parse().ok())?;
            let y = g("y2").and_then(|y| y.parse().ok()).unwrap_or_else(|| infer_year(p, m));
            NaiveDate::from_ymd_opt(y, m, d).map(|d| (d, d))
        } else if g("my").is_some() {
            rule = "time.en.month_year";
            let m = month_en(g("m3").unwrap_or(""))?;
            month_range(g("y3").and_then(|y| y.parse().ok())?, m)
        } else if g("mrel").is_some() {
            rule = "time.en.month_of_relative_year";
            relative = true;
            let m = month_en(g("m5").unwrap_or(""))?;
            let y = match g("rel5") {
                Some("last") => p.year() - 1,
                Some("next") => p.year() + 1,
                _ => p.year(),
            };
            month_range(y, m)
        } else if g("month").is_some() {
            rule = "time.en.month";
            let m = month_en(g("m4").unwrap_or(""))?;
            let t = whole_text(sentence, &whole).to_ascii_lowercase();
            let y = if let Some(y) = g("y4m").and_then(|y| y.parse().ok()) {
                y
            } else if t.starts_with("last ") {
                if m >= p.month() { p.year() - 1 } else { p.year() }
            } else if t.starts_with("next ") {
                if m <= p.month() { p.year() + 1 } else { p.year() }
            } else {
                infer_year(p, m)
            };
            if t.starts_with("since ") || t.starts_with("from ") || t.starts_with("starting in ") {
                month_range(y, m).map(|(a, _)| (a, p.max(a)))
            } else {
                month_range(y, m)
            }
        } else if g("quarter").is_some() {
            rule = "time.en.quarter";
            let q = match g("q") {
                Some("first") => 0,
                Some("second") => 1,
                Some("third") => 2,
                _ => 3,
            };
            let y = match (g("qy"), g("qrel")) {
                (Some(y), _) => y.parse().ok()?,
                (None, Some("last")) => p.year() - 1,
                (None, Some("next")) => p.year() + 1,
                _ => p.year(),
            };
            Some((month_range(y, q * 3 + 1)?.0, month_range(y, q * 3 + 3)?.1))
        } else if g("year").is_some() {
            rule = "time.en.year";
            let y: i32 = g("y4").and_then(|y| y.parse().ok())?;
            let t = whole_text(sentence, &whole).to_ascii_lowercase();
            if t.starts_with("by ") || t.starts_with("until ") {
                deadline = true;
            }
            year_range(y)
        } else if g("wd").is_some() {
            rule = "time.en.weekday";
            day_only = true;
            relative = true;
            let d1 = last_weekday(p, weekday_en(g("wday").unwrap_or(""))?);
            match g("wday2").and_then(weekday_en) {
                Some(w2) => {
                    let d2 = last_weekday(p, w2);
                    Some((d1.min(d2), d1.max(d2)))
                }
                None => Some((d1, d1)),
            }
        } else if g("lny").is_some() {
            rule = "time.en.lunar_new_year";
            relative = true;
            let y = match g("lnyrel") {
                Some("next") => p.year() + 1,
                Some("last") => p.year() - 1,
                _ => {
                    let this = lunar_new_year(p.year())?;
                    if this >= p { p.year() } else { p.year() + 1 }
                }
            };
            let lny = lunar_new_year(y)?;
            match g("lnyb") {
                Some("before") | Some("by") | Some("ahead of") => {
                    deadline = true;
                    (lny > p).then(|| (p, lny - Duration::days(1)))
                }
                _ => Some((lny, lny)),
            }
        } else if g("rel").is_some() {
            rule = "time.en.relative";
            relative = true;
            let w = g("rw").unwrap_or("").to_ascii_lowercase();
            let w: String = w.split_whitespace().collect::<Vec<_>>().join(" ");
            match w.as_str() {
                "last month" | "the previous month" | "the past month" => {
                    let (y, m) = shift_month(p.year(), p.month(), -1);
                    month_range(y, m)
                }
                "this month" | "the same month" => month_range(p.year(), p.month()),
                "earlier this month" => Some((month_range(p.year(), p.month())?.0, p)),
                "next month" | "the following month" => {
                    let (y, m) = shift_month(p.year(), p.month(), 1);
                    month_range(y, m)
                }
                "last year" | "the previous year" | "the past year" => year_range(p.year() - 1),
                "this year" | "the same year" => year_range(p.year()),
                "earlier this year" => Some((year_range(p.year())?.0, p)),
                "later this year" => Some((p, year_range(p.year())?.1)),
                "next year" | "the following year" => year_range(p.year() + 1),
                "last week" | "the previous week" | "the past week" => {
                    let monday = last_weekday(p, Weekday::Mon) - Duration::days(7);
                    Some((monday, monday + Duration::days(6)))
                }
                "this week" => {
                    let monday = last_weekday(p, Weekday::Mon);
                    Some((monday, monday + Duration::days(6)))
                }
                "next week" | "the following week" => {
                    let monday = last_weekday(p, Weekday::Mon) + Duration::days(7);
                    Some((monday, monday + Duration::days(6)))
                }
                "over the coming months" | "in the coming months" | "over the next months" => {
                    Some((p, year_range(p.year())?.1))
                }
                "over the past year" => Some((p - Duration::days(365), p)),
                "yesterday" => Some((p - Duration::days(1), p - Duration::days(1))),
                "today" => Some((p, p)),
                _ => None,
            }
        } else if g("anaphor").is_some() {
            rule = "time.en.at_that_time";
            last_abs
        } else {
            return None;
        };
        let (a, b) = range?;
        if a > b {
            return None;
        }
        Some(TimeMention {
            start: base + whole.start,
            end: base + whole.end,
            begin: a,
            finish: b,
            deadline,
            relative,
            day_only,
            rule,
        })
    }
}

fn whole_text<'a>(s: &'a str, r: &std::ops::Range<usize>) -> &'a str {
    &s[r.clone()]
}

// ---------------------------------------------------------------------------------------
// Korean

/// The Korean time patterns: alternatives tried in this order at each position, each with
/// its own named groups.
fn ko_regex() -> &'static Alternatives {
    static R: OnceLock<Alternatives> = OnceLock::new();
    R.get_or_init(|| {
        Alternatives::new(&[
            r"(?P<ymd>(?P<y1>(?:19|20)\d{2})년\s*(?P<m1>\d{1,2})월\s*(?P<d1>\d{1,2})일)",
            r"(?P<ym>(?P<y2>(?:19|20)\d{2})년\s*(?P<m2>\d{1,2})월(?:\s*(?P<p2>초순|초|중순|말|하순|상순))?)",
            r"(?P<yonly>(?P<y3>(?:19|20)\d{2})년(?:\s*(?P<p3>초|중반|말|연말))?)",
            r"(?P<mrange>(?P<pre7>지난|오는|올해|지난해|작년|내년)?\s*(?P<m7a>\d{1,2})\s*(?:월\s*)?(?:~|-|–|이나|또는|과|와|부터)\s*(?P<m7b>\d{1,2})월(?:께|경|까지)?)",
            r"(?P<md>(?P<pre4>지난|오는|올해|지난해|작년|내년)?\s*(?P<m4>\d{1,2})월\s*(?P<d4>\d{1,2})일)",
            r"(?P<mo>(?P<pre5>지난|오는|올해|지난해|작년|내년)?\s*(?P<m5>\d{1,2})월(?:\s*(?P<p5>초순|초|중순|말|하순|상순))?)",
            r"(?P<kohalf>(?P<khy>(?:19|20)\d{2}년\s*|지난해\s*|작년\s*|올해\s*|내년\s*)?(?P<khw>상반기|하반기|1분기|2분기|3분기|4분기))",
            r"(?P<koseason>(?P<ksy>지난|올|올해|내년|작년|지난해)\s*(?P<ksw>봄|여름|가을|겨울))",
            r"(?P<rel>(?P<rw>지난달|지난\s달|이달|이번\s달|다음\s달|다음달|내달|지난해|작년|올해|금년|내년|지난주|이번\s주|다음\s주|어제|오늘|그해|같은\s달|같은\s해|당시)(?:\s*(?P<rp>초순|초|중순|말|하순|들어|중))?)",
            r"(?P<lny>(?:음력\s*)?설(?:날|\s*명절)?(?:\s*(?P<lnyb>전|이전|까지|앞두고|직전))?)",
            r"(?P<day>(?P<pre6>지난|오는)?\s*(?P<d6>\d{1,2})일(?P<hyun>\s*\(현지시간\))?)",
        ])
        .expect("Korean date patterns compile")
    })
}

/// Korean time expressions in `sentence` (starting at byte `base`).
pub fn times_ko(
    sentence: &str,
    base: usize,
    published: Option<NaiveDate>,
    previous: Option<(NaiveDate, NaiveDate)>,
) -> Vec<TimeMention> {
    let Some(p) = published else { return Vec::new() };
    let mut out: Vec<TimeMention> = Vec::new();
    let mut last_abs = previous;
    for c in ko_regex().captures_iter(sentence) {
        // "그해 11월" is read as one expression; its month is not read again.
        if out.last().is_some_and(|t| base + c.whole().start < t.end) {
            continue;
        }
        let any_absolute = out.iter().any(|t| !t.relative);
        if let Some(t) = resolve_ko(&c, sentence, base, p, last_abs, any_absolute) {
            if !t.relative {
                last_abs = Some((t.begin, t.finish));
            }
            out.push(t);
        }
    }
    out
}

fn resolve_ko(
    c: &Groups<'_>,
    sentence: &str,
    base: usize,
    p: NaiveDate,
    last_abs: Option<(NaiveDate, NaiveDate)>,
    any_absolute: bool,
) -> Option<TimeMention> {
    {
        let whole = c.whole();
        // Leading spaces matched by optional prefixes are not part of the expression.
        let lead = sentence[whole.clone()].len() - sentence[whole.clone()].trim_start().len();
        let whole = (whole.start + lead)..whole.end;
        if whole.is_empty() {
            return None;
        }
        // Must start a word: "3일" in "13일" was taken whole; "설" inside "설명" is not 설날.
        if sentence[..whole.start]
            .chars()
            .next_back()
            .is_some_and(|ch| crate::text::is_hangul(ch) || ch.is_ascii_digit())
        {
            return None;
        }
        let g = |n: &str| c.name(n);
        let after = &sentence[whole.end..];
        let mut deadline = after.starts_with("까지") || after.starts_with(" 까지");
        let mut relative = false;
        let mut day_only = false;
        let rule: &'static str;
        let range = if g("ymd").is_some() {
            rule = "time.ko.ymd";
            let (y, m, d) = (g("y1")?.parse().ok()?, g("m1")?.parse().ok()?, g("d1")?.parse().ok()?);
            NaiveDate::from_ymd_opt(y, m, d).map(|d| (d, d))
        } else if g("ym").is_some() {
            rule = "time.ko.ym";
            let (y, m) = (g("y2")?.parse().ok()?, g("m2")?.parse().ok()?);
            month_part(y, m, part_ko(g("p2").unwrap_or("")))
        } else if g("yonly").is_some() {
            rule = "time.ko.year";
            let y: i32 = g("y3")?.parse().ok()?;
            // "1990년대" is a decade, not a year.
            if after.starts_with('대') {
                return None;
            }
            let part = match g("p3") {
                Some("초") => Part::Early,
                Some("말") | Some("연말") => Part::Late,
                Some("중반") => Part::Mid,
                _ => Part::Whole,
            };
            year_part(y, part)
        } else if g("kohalf").is_some() {
            rule = "time.ko.half_or_quarter";
            let pre = g("khy").unwrap_or("").trim();
            let y = match pre {
                "지난해" | "작년" => p.year() - 1,
                "내년" => p.year() + 1,
                "" | "올해" => p.year(),
                y => y.trim_end_matches('년').trim().parse().ok()?,
            };
            let (a, b) = match g("khw")? {
                "상반기" => (1, 6),
                "하반기" => (7, 12),
                "1분기" => (1, 3),
                "2분기" => (4, 6),
                "3분기" => (7, 9),
                _ => (10, 12),
            };
            Some((month_range(y, a)?.0, month_range(y, b)?.1))
        } else if g("koseason").is_some() {
            rule = "time.ko.season";
            let y = match g("ksy")? {
                "지난" | "작년" | "지난해" => p.year() - 1,
                "내년" => p.year() + 1,
                _ => p.year(),
            };
            // "지난여름" in autumn is this year's summer.
            let w = match g("ksw")? {
                "봄" => "spring",
                "여름" => "summer",
                "가을" => "autumn",
                _ => "winter",
            };
            let y = if g("ksy") == Some("지난") && season(p.year(), w).is_some_and(|(_, e)| e < p) {
                p.year()
            } else {
                y
            };
            season(y, w)
        } else if g("mrange").is_some() {
            rule = "time.ko.month_range";
            let (m1, m2): (u32, u32) = (g("m7a")?.parse().ok()?, g("m7b")?.parse().ok()?);
            if !(1..=12).contains(&m1) || !(1..=12).contains(&m2) || m2 < m1 {
                return None;
            }
            let y = match g("pre7") {
                Some("지난해") | Some("작년") => p.year() - 1,
                Some("내년") => p.year() + 1,
                Some("올해") => p.year(),
                _ => infer_year(p, m1),
            };
            Some((month_range(y, m1)?.0, month_range(y, m2)?.1))
        } else if g("md").is_some() {
            rule = "time.ko.month_day";
            let (m, d): (u32, u32) = (g("m4")?.parse().ok()?, g("d4")?.parse().ok()?);
            let y = match g("pre4") {
                Some("지난해") | Some("작년") => p.year() - 1,
                Some("내년") => p.year() + 1,
                Some("올해") => p.year(),
                Some("지난") => {
                    if (m, d) > (p.month(), p.day()) {
                        p.year() - 1
                    } else {
                        p.year()
                    }
                }
                Some("오는") => {
                    if (m, d) < (p.month(), p.day()) {
                        p.year() + 1
                    } else {
                        p.year()
                    }
                }
                _ => infer_year(p, m),
            };
            NaiveDate::from_ymd_opt(y, m, d).map(|d| (d, d))
        } else if g("mo").is_some() {
            rule = "time.ko.month";
            let m: u32 = g("m5")?.parse().ok()?;
            if !(1..=12).contains(&m) || after.starts_with('간') {
                return None;
            }
            let y = match g("pre5") {
                Some("지난해") | Some("작년") => p.year() - 1,
                Some("내년") => p.year() + 1,
                Some("올해") => p.year(),
                Some("지난") => {
                    if m > p.month() {
                        p.year() - 1
                    } else {
                        p.year()
                    }
                }
                Some("오는") => {
                    if m < p.month() {
                        p.year() + 1
                    } else {
                        p.year()
                    }
                }
                _ => infer_year(p, m),
            };
            month_part(y, m, part_ko(g("p5").unwrap_or("")))
        } else if g("rel").is_some() {
            rule = "time.ko.relative";
            relative = true;
            let w_owned: String = g("rw").unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
            let w = w_owned.as_str();
            let part = g("rp").unwrap_or("");
            let (y, m) = (p.year(), p.month());
            let month_rel = |by: i32| -> Option<(NaiveDate, NaiveDate)> {
                let (yy, mm) = shift_month(y, m, by);
                match part {
                    "들어" | "중" if by == 0 => Some((month_range(yy, mm)?.0, p)),
                    _ => month_part(yy, mm, part_ko(part)),
                }
            };
            match w {
                "지난달" | "지난 달" => month_rel(-1),
                "이달" | "이번 달" => month_rel(0),
                "다음 달" | "다음달" | "내달" => {
                    // Right after a month written out in the same sentence, "다음 달" is the
                    // month after that one ("그해 11월 … 다음 달" is December).
                    match last_abs.filter(|_| any_absolute) {
                        Some((a, _)) => {
                            relative = false;
                            let (yy, mm) = shift_month(a.year(), a.month(), 1);
                            month_range(yy, mm)
                        }
                        None => month_rel(1),
                    }
                }
                "같은 달" => {
                    relative = false;
                    last_abs.and_then(|(a, _)| month_range(a.year(), a.month()))
                }
                "그해" | "같은 해" => {
                    relative = false;
                    let yy = last_abs.map(|(a, _)| a.year())?;
                    // "그해 11월": the month follows; resolve it here and skip it below.
                    let rest = after.trim_start();
                    if let Some(mm) = rest
                        .split('월')
                        .next()
                        .and_then(|x| x.parse::<u32>().ok())
                        .filter(|mm| (1..=12).contains(mm))
                    {
                        let (a, b) = month_range(yy, mm)?;
                        return Some(TimeMention {
                            start: base + whole.start,
                            end: base
                                + whole.end
                                + (sentence[whole.end..].len() - rest.len())
                                + format!("{mm}월").len(),
                            begin: a,
                            finish: b,
                            deadline: false,
                            relative: false,
                            day_only: false,
                            rule: "time.ko.that_year_month",
                        });
                    }
                    year_range(yy)
                }
                "당시" => {
                    relative = false;
                    last_abs
                }
                "지난해" | "작년" => year_part(y - 1, part_ko(part)),
                "올해" | "금년" => match part {
                    "들어" => Some((year_range(y)?.0, p)),
                    _ => year_part(y, part_ko(part)),
                },
                "내년" => year_part(y + 1, part_ko(part)),
                "지난주" => {
                    let monday = last_weekday(p, Weekday::Mon) - Duration::days(7);
                    Some((monday, monday + Duration::days(6)))
                }
                "이번 주" => {
                    let monday = last_weekday(p, Weekday::Mon);
                    Some((monday, monday + Duration::days(6)))
                }
                "다음 주" => {
                    let monday = last_weekday(p, Weekday::Mon) + Duration::days(7);
                    Some((monday, monday + Duration::days(6)))
                }
                "어제" => {
                    // "어제(20일)" names the day: take it.
                    if let Some(d) = after
                        .strip_prefix('(')
                        .and_then(|r| r.split('일').next())
                        .and_then(|x| x.parse::<u32>().ok())
                    {
                        NaiveDate::from_ymd_opt(y, m, d).map(|d| (d, d))
                    } else {
                        Some((p - Duration::days(1), p - Duration::days(1)))
                    }
                }
                "오늘" => Some((p, p)),
                _ => None,
            }
        } else if g("lny").is_some() {
            rule = "time.ko.lunar_new_year";
            // "설명", "설치": a word that begins with 설 is not the holiday.
            let m = &sentence[whole.clone()];
            if m.ends_with('설')
                && after.chars().next().is_some_and(|ch| {
                    crate::text::is_hangul(ch) && !matches!(ch, '을' | '에' | '이' | '은' | '과')
                })
            {
                return None;
            }
            relative = true;
            let this = lunar_new_year(p.year())?;
            let lny = if this >= p { this } else { lunar_new_year(p.year() + 1)? };
            match g("lnyb") {
                Some(_) => {
                    deadline = true;
                    (lny > p).then(|| (p, lny - Duration::days(1)))
                }
                None => Some((lny, lny)),
            }
        } else if g("day").is_some() {
            rule = "time.ko.day";
            let d: u32 = g("d6")?.parse().ok()?;
            // "어제(20일)": the day was read with 어제.
            if sentence[..whole.start].ends_with("어제(") {
                return None;
            }
            // "3일간", "14일 동안" are durations; "1일부터" is a day.
            if after.starts_with('간') || after.starts_with(" 동안") || after.starts_with("째") {
                return None;
            }
            day_only = g("pre6").is_none();
            let (y, m) = (p.year(), p.month());
            let (yy, mm) = match g("pre6") {
                Some("오는") => {
                    if d < p.day() {
                        shift_month(y, m, 1)
                    } else {
                        (y, m)
                    }
                }
                _ => {
                    if d > p.day() {
                        shift_month(y, m, -1)
                    } else {
                        (y, m)
                    }
                }
            };
            NaiveDate::from_ymd_opt(yy, mm, d).map(|d| (d, d))
        } else {
            return None;
        };
        let (a, mut b) = range?;
        // "지난달 말 이후 지금까지", "4월부터 현재까지": up to publication.
        let until_now = [
            "이후 지금까지",
            "이후 현재까지",
            "부터 지금까지",
            "부터 현재까지",
            " 이후 지금까지",
            "이후로 지금까지",
        ];
        if until_now.iter().any(|u| after.trim_start().starts_with(u.trim_start())) && p > a {
            b = p;
        }
        if a > b {
            return None;
        }
        Some(TimeMention {
            start: base + whole.start,
            end: base + whole.end,
            begin: a,
            finish: b,
            deadline,
            relative,
            day_only,
            rule,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words from every alternative of the English pattern, in the cases and with the
    /// punctuation reporting uses, and words that look like them but are not times.
    const TIME_WORDS: &[&str] = &[
        "in",
        "on",
        "by",
        "the",
        "of",
        "last",
        "this",
        "next",
        "early",
        "mid-",
        "late",
        "end",
        "of",
        "between",
        "and",
        "or",
        "Nov.",
        "November",
        "Sept.",
        "sept",
        "May",
        "may",
        "march",
        "Monday",
        "monday",
        "today",
        "yesterday",
        "Lunar",
        "New",
        "Year",
        "year",
        "month",
        "months",
        "week",
        "time",
        "at",
        "that",
        "spring",
        "Fall",
        "winter",
        "summer",
        "autumn",
        "first",
        "second",
        "half",
        "quarter",
        "coming",
        "past",
        "2022",
        "19",
        "20",
        "23",
        "300",
        "1,200",
        "٢٠٢٣",
        "1st",
        "２０２２",
        "’Nov",
        "(Dec",
        "_Jan",
        "xmay",
        "Dandong",
        "workers",
        "said",
        "’",
        "“",
        ",",
        ".",
        "-",
        " ",
        "  ",
        "\n",
        "노동자",
        "지난달",
        // Whole expressions, so that each alternative is drawn often.
        "at that time",
        "at the time",
        "the Lunar New Year",
        "in the spring",
        "last week",
        "this year",
        "the first half of next year",
        "the third quarter of last year",
        "in Nov. 2022",
        "since May",
        "on Friday",
        "over the coming months",
        "earlier this month",
        "the previous year",
        "today",
        "May or June",
        "between March and April",
        "late-December",
        "the end of last year",
    ];

    proptest::proptest! {
        /// The cheap look never turns away a sentence the pattern would read.
        #[test]
        fn time_gate_never_hides_a_time(words in proptest::collection::vec(0..TIME_WORDS.len(), 0..12)) {
            let sentence: String = words.iter().map(|&w| TIME_WORDS[w]).collect::<Vec<_>>().join(" ");
            if !may_hold_time_en(&sentence) {
                proptest::prop_assert!(en_regexes().captures_iter(&sentence).next().is_none(), "{sentence:?}");
            }
        }
    }

    #[test]
    fn time_gate_lets_times_through_and_stops_plain_sentences() {
        for s in [
            "in early November",
            "by the end of Nov.",
            "on Monday",
            "last month",
            "the Lunar New Year",
            "at that time",
            "this spring",
            "in 2022",
            "over the coming months",
            "yesterday",
        ] {
            assert!(may_hold_time_en(s), "{s}");
            let before = Some((d("2022-10-01"), d("2022-10-31")));
            assert!(!times_en(s, 0, Some(d("2022-11-09")), before).is_empty(), "{s}");
        }
        for s in [
            "The workers were sent to Vladivostok.",
            "A source told Daily NK so.",
            "노동자",
            "About 300 workers, 1,200 in all, were sent to 3 sites.",
        ] {
            assert!(!may_hold_time_en(s), "{s}");
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn en(s: &str, p: &str) -> Vec<(String, String, String)> {
        times_en(s, 0, Some(d(p)), None)
            .into_iter()
            .map(|t| (s[t.start..t.end].to_owned(), t.begin.to_string(), t.finish.to_string()))
            .collect()
    }

    fn ko(s: &str, p: &str) -> Vec<(String, String, String)> {
        times_ko(s, 0, Some(d(p)), None)
            .into_iter()
            .map(|t| (s[t.start..t.end].to_owned(), t.begin.to_string(), t.finish.to_string()))
            .collect()
    }

    fn one(v: Vec<(String, String, String)>) -> (String, String) {
        assert_eq!(v.len(), 1, "{v:?}");
        (v[0].1.clone(), v[0].2.clone())
    }

    #[test]
    fn english_days_months_and_parts() {
        assert_eq!(
            one(en("starts on Nov. 1 nationwide", "2022-10-25")),
            ("2022-11-01".into(), "2022-11-01".into())
        );
        assert_eq!(
            one(en("by the end of November", "2022-10-25")),
            ("2022-11-21".into(), "2022-11-30".into())
        );
        assert_eq!(
            one(en("starting in early March", "2021-02-15")),
            ("2021-03-01".into(), "2021-03-10".into())
        );
        assert_eq!(one(en("around mid-June", "2025-05-01")), ("2025-06-11".into(), "2025-06-20".into()));
        assert_eq!(
            one(en("adopted in December of 2017", "2022-10-25")),
            ("2017-12-01".into(), "2017-12-31".into())
        );
        assert_eq!(
            one(en("as of March 10, adding", "2020-04-24")),
            ("2020-03-10".into(), "2020-03-10".into())
        );
        assert_eq!(
            one(en("as early as July or August", "2025-06-26")),
            ("2025-07-01".into(), "2025-08-31".into())
        );
        assert_eq!(
            one(en("between January and March", "2020-04-24")),
            ("2020-01-01".into(), "2020-03-31".into())
        );
        assert_eq!(one(en("in January.", "2024-04-12")), ("2024-01-01".into(), "2024-01-31".into()));
        assert_eq!(one(en("in 2023 in spite", "2024-03-21")), ("2023-01-01".into(), "2023-12-31".into()));
        assert_eq!(
            one(en("by December 22 of last year", "2020-04-24")),
            ("2019-12-22".into(), "2019-12-22".into())
        );
    }

    #[test]
    fn english_relative_words_and_weekdays() {
        assert_eq!(
            one(en("flew out on Sunday and Monday.", "2017-11-22")),
            ("2017-11-19".into(), "2017-11-20".into())
        );
        assert_eq!(
            one(en("told Daily NK on Monday", "2022-10-25")),
            ("2022-10-24".into(), "2022-10-24".into())
        );
        assert_eq!(one(en("defected last month", "2023-01-26")), ("2022-12-01".into(), "2022-12-31".into()));
        assert_eq!(
            one(en("over the coming months", "2017-07-28")),
            ("2017-07-28".into(), "2017-12-31".into())
        );
        assert_eq!(
            one(en("before the Lunar New Year next year", "2022-11-15")),
            ("2022-11-15".into(), "2023-01-21".into())
        );
        // "may" the verb is not May.
        assert!(en("Moscow may be recruiting", "2025-02-10").is_empty());
    }

    #[test]
    fn halves_seasons_and_parts_of_relative_years() {
        assert_eq!(one(en("late last year", "2024-03-10")), ("2023-12-01".into(), "2023-12-31".into()));
        assert_eq!(
            one(en("in the first half of 2023", "2024-03-10")),
            ("2023-01-01".into(), "2023-06-30".into())
        );
        assert_eq!(one(en("by this summer", "2024-03-10")), ("2024-06-01".into(), "2024-08-31".into()));
        assert_eq!(one(ko("올해 상반기 파견", "2024-03-10")), ("2024-01-01".into(), "2024-06-30".into()));
        assert_eq!(one(ko("지난해 하반기", "2024-03-10")), ("2023-07-01".into(), "2023-12-31".into()));
        assert_eq!(one(ko("지난여름 1차 선발", "2022-11-02")), ("2022-06-01".into(), "2022-08-31".into()));
    }

    #[test]
    fn english_anaphora_takes_the_previous_time() {
        let prev = Some((d("2024-10-01"), d("2024-10-31")));
        let t = times_en("At that time the agency said", 0, Some(d("2025-02-10")), prev);
        assert_eq!((t[0].begin, t[0].finish), (d("2024-10-01"), d("2024-10-31")));
    }

    #[test]
    fn korean_dates_and_relative_words() {
        assert_eq!(
            one(ko("지난 4일 각 도에 하달됐다", "2023-03-14")),
            ("2023-03-04".into(), "2023-03-04".into())
        );
        assert_eq!(
            one(ko("지난달 한 달 동안에만", "2024-11-21")),
            ("2024-10-01".into(), "2024-10-31".into())
        );
        assert_eq!(one(ko("이달 들어서도 이미", "2024-11-21")), ("2024-11-01".into(), "2024-11-21".into()));
        assert_eq!(one(ko("2024년 한 해 동안", "2025-02-05")), ("2024-01-01".into(), "2024-12-31".into()));
        assert_eq!(
            one(ko("2019년 말 1000여 명만", "2025-02-09")),
            ("2019-12-01".into(), "2019-12-31".into())
        );
        assert_eq!(one(ko("지난 6월 쿠르스크에", "2025-09-09")), ("2025-06-01".into(), "2025-06-30".into()));
        assert_eq!(one(ko("11월 1일부터 시작", "2022-10-25")), ("2022-11-01".into(), "2022-11-01".into()));
        assert_eq!(one(ko("이달 말까지 제출", "2022-10-25")), ("2022-10-21".into(), "2022-10-31".into()));
        assert_eq!(one(ko("내년 초 파견", "2022-10-25")), ("2023-01-01".into(), "2023-01-31".into()));
        assert_eq!(one(ko("지난 4월 말부터", "2024-05-14")), ("2024-04-21".into(), "2024-04-30".into()));
        assert_eq!(one(ko("어제(20일) 알려왔다", "2019-12-21")), ("2019-12-20".into(), "2019-12-20".into()));
        assert_eq!(one(ko("올해 러시아 파견", "2025-08-13")), ("2025-01-01".into(), "2025-12-31".into()));
        assert_eq!(one(ko("이르면 7~8월 현지에", "2025-06-26")), ("2025-07-01".into(), "2025-08-31".into()));
        assert_eq!(
            one(ko("빠르면 7월이나 8월께로", "2025-06-26")),
            ("2025-07-01".into(), "2025-08-31".into())
        );
    }

    #[test]
    fn korean_anaphora_within_a_sentence() {
        let t = times_ko(
            "2017년 9월 핵실험을 하자 안보리는 같은 달 결의 2375호로",
            0,
            Some(d("2025-02-09")),
            None,
        );
        assert_eq!((t[1].begin, t[1].finish), (d("2017-09-01"), d("2017-09-30")));
        let prev = Some((d("2017-09-01"), d("2017-09-30")));
        let t = times_ko(
            "이어 그해 11월 미사일을 쏘자 안보리는 다음 달 결의 2397호를",
            0,
            Some(d("2025-02-09")),
            prev,
        );
        assert_eq!(
            (t[0].begin, t[1].begin, t[1].finish),
            (d("2017-11-01"), d("2017-12-01"), d("2017-12-31"))
        );
    }

    #[test]
    fn korean_durations_and_words_are_not_dates() {
        assert!(ko("3일간 머물렀다", "2024-01-10").is_empty());
        assert!(ko("설명했다", "2024-01-10").is_empty());
        assert!(ko("1990년대에", "2024-01-10").is_empty());
    }
}
