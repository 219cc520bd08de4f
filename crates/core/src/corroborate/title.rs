//! Human titles for events: "Second selection round for Russian-occupied eastern Ukraine,
//! Nov 2022".
//!
//! It owns the wording: one template per kind family, the figure when the claims agree on
//! one, the place (the region where given, else the country's name from
//! `data/corroborate/countries.tsv`) and the time. It does not decide what an event's
//! place or time is (see `events`).

use chrono::{Datelike, NaiveDate};

use super::ClaimRecord;
use super::events::{Family, When};
use super::interval::group;
use super::lexicon::lexicon;
use crate::{Count, Kind, Money, Period, Place};

const ORDINALS: [&str; 10] =
    ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"];

/// The title of an event of `family` made of `claims`, at `place` and `when`;
/// `provision` is the provision title of a sanctions event.
pub fn title(
    family: Family,
    claims: &[&ClaimRecord],
    place: Option<&Place>,
    when: Option<When>,
    provision: Option<&str>,
) -> String {
    if family == Family::Sanctions
        && let Some(p) = provision
    {
        return p.to_owned();
    }
    let fig = figure(claims).map(|f| format!("{f} ")).unwrap_or_default();
    let place_name = place.map(place_name);
    let at = |prep: &str| match &place_name {
        Some(p) if p.to_lowercase().starts_with("worldwide") => " worldwide".to_owned(),
        Some(p) => format!(" {prep} {p}"),
        None => String::new(),
    };
    let head = match family {
        Family::Recruitment => {
            let round = common_round(claims);
            let selection = claims.iter().any(|c| c.claim.kind == Kind::SelectionRound);
            match round {
                Some(n) if (1..=10).contains(&n) => {
                    format!("{} selection round{}", ORDINALS[n as usize - 1], at("for"))
                }
                Some(n) => format!("Selection round {n}{}", at("for")),
                None if selection => format!("Selection of {fig}workers{}", at("for")),
                None => format!("Planned dispatch of {fig}workers{}", at("to")),
            }
        }
        Family::Dispatch => format!("Dispatch of {fig}workers{}", at("to")),
        Family::Stock => {
            let who = match fig.as_str() {
                "" => "North Korean workers".to_owned(),
                "1 " => "One worker".to_owned(),
                _ => format!("{fig}workers"),
            };
            capitalise(&format!("{who}{}", at("in")))
        }
        Family::Earnings => match money(claims) {
            Some(m) => format!("Earnings of {m} per worker{}", at("in")),
            None => format!("Earnings of workers{}", at("in")),
        },
        Family::Revenue => match money(claims) {
            Some(m) => format!("Revenue of {m} from workers{}", at("in")),
            None => format!("Revenue from workers{}", at("in")),
        },
        Family::Repatriation => format!("Return of {fig}workers{}", at("from")),
        Family::Abuse => format!("Abuse of workers{}", at("in")),
        Family::Defection => format!("Defection of {fig}workers{}", at("in")),
        Family::Entries => format!("Entries of North Koreans{}", at("into")),
        Family::Sanctions => {
            let refs: Vec<&str> =
                claims.iter().flat_map(|c| c.claim.legal_refs.iter().map(String::as_str)).collect();
            match refs.first() {
                Some(r) => format!("Sanctions reference: {r}"),
                None => "Sanctions reference".to_owned(),
            }
        }
    };
    match when.map(when_text) {
        Some(w) => format!("{head}, {w}"),
        None => head,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The region where one is given, else the country's name.
pub fn place_name(p: &Place) -> String {
    match (&p.region, p.country) {
        (Some(r), _) => r.clone(),
        (None, Some(c)) => lexicon().country_name(c),
        (None, None) => "an unnamed destination".to_owned(),
    }
}

fn common_round(claims: &[&ClaimRecord]) -> Option<u32> {
    let mut rounds = claims.iter().filter_map(|c| c.claim.round);
    let first = rounds.next()?;
    rounds.all(|r| r == first).then_some(first)
}

/// The figure, when every claim with a count states the same one.
fn figure(claims: &[&ClaimRecord]) -> Option<String> {
    let mut counts = claims.iter().filter_map(|c| c.claim.count);
    let first = counts.next()?;
    counts.all(|c| c.same_range(&first)).then(|| count_text(&first))
}

/// "about 300", "800–1,000", "more than 1,000", "up to 28,000".
pub fn count_text(c: &Count) -> String {
    let about = if c.approx() { "about " } else { "" };
    match (c.min(), c.max()) {
        (Some(a), Some(b)) if a == b => format!("{about}{}", group(a as f64)),
        (Some(a), Some(b)) => format!("{about}{}–{}", group(a as f64), group(b as f64)),
        (Some(a), None) => format!("more than {}", group(a as f64)),
        (None, Some(b)) => format!("up to {}", group(b as f64)),
        (None, None) => String::new(),
    }
}

fn money(claims: &[&ClaimRecord]) -> Option<String> {
    let mut ms = claims.iter().filter_map(|c| c.claim.money);
    let first = ms.next()?;
    ms.all(|m| m.same_range(&first) && m.period() == first.period()).then(|| money_text(&first))
}

/// "USD 600–700 a month".
pub fn money_text(m: &Money) -> String {
    let amount = match (m.min(), m.max()) {
        (Some(a), Some(b)) if a == b => group(a as f64),
        (Some(a), Some(b)) => format!("{}–{}", group(a as f64), group(b as f64)),
        (Some(a), None) => format!("{} or more", group(a as f64)),
        (None, Some(b)) => format!("up to {}", group(b as f64)),
        (None, None) => String::new(),
    };
    let period = match m.period() {
        Some(Period::Day) => " a day",
        Some(Period::Month) => " a month",
        Some(Period::Year) => " a year",
        None => "",
    };
    format!("{} {amount}{period}", m.currency().code())
}

/// "Nov 2022", "2024", "Jun–Aug 2025", "Dec 2017 – Jan 2023", "reported Oct 2022".
pub fn when_text(w: When) -> String {
    let month = |d: NaiveDate| d.format("%b %Y").to_string();
    let text = if w.start.year() == w.end.year() && w.start.month() == w.end.month() {
        month(w.start)
    } else if w.start.year() == w.end.year()
        && w.start.ordinal() == 1
        && w.end.month() == 12
        && w.end.day() == 31
    {
        w.start.year().to_string()
    } else if w.start.year() == w.end.year() {
        format!("{}–{}", w.start.format("%b"), month(w.end))
    } else {
        format!("{} – {}", month(w.start), month(w.end))
    };
    if w.reported { format!("reported {text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn time_phrases() {
        let w = |a, b, r| When { start: d(a), end: d(b), reported: r };
        assert_eq!(when_text(w("2022-11-01", "2022-11-11", false)), "Nov 2022");
        assert_eq!(when_text(w("2024-01-01", "2024-12-31", false)), "2024");
        assert_eq!(when_text(w("2025-06-17", "2025-08-31", false)), "Jun–Aug 2025");
        assert_eq!(when_text(w("2017-12-22", "2023-01-26", false)), "Dec 2017 – Jan 2023");
        assert_eq!(when_text(w("2022-10-25", "2022-10-25", true)), "reported Oct 2022");
    }

    #[test]
    fn figures_in_words() {
        assert_eq!(count_text(&Count::about(300)), "about 300");
        assert_eq!(count_text(&Count::new(Some(800), Some(1000), true).unwrap()), "about 800–1,000");
        assert_eq!(count_text(&Count::new(Some(1000), None, true).unwrap()), "more than 1,000");
        let m = Money::new(
            Some(600),
            Some(700),
            false,
            crate::Currency::USD,
            Some(crate::Per::Worker),
            Some(Period::Month),
        )
        .unwrap();
        assert_eq!(money_text(&m), "USD 600–700 a month");
    }
}
