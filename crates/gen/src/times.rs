//! Time expressions as reporters write them, with the inclusive dates they resolve to.
//!
//! The generator resolves its own words against the publication date, by the conventions of
//! CLAIMS.md and DOMAIN.md (a month is its whole length; early / mid / late are days 1–10,
//! 11–20, 21–end; "last month" counts from publication). It writes only forms whose reading
//! is not in doubt: relative months and years, and months with their year written out.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use tally_core::TimeRange;

/// How many years before or after publication a written-out year may lie.
const YEAR_SPREAD: i32 = 2;

fn month_range(y: i32, m: u32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(y, m, 1).expect("months 1-12 exist");
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let next = NaiveDate::from_ymd_opt(ny, nm, 1).expect("months 1-12 exist");
    (start, next - Duration::days(1))
}

fn shift_month(d: NaiveDate, by: i32) -> (i32, u32) {
    let idx = d.year() * 12 + d.month0() as i32 + by;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Whether the claim lies ahead of publication (a plan) or behind it (a report). Relative
/// words are chosen to agree: a plan happens "next month", a report happened "last month".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

/// A time phrase as it stands in the sentence (with its preposition), and its gold range.
#[derive(Debug, Clone)]
pub struct Time {
    pub text: String,
    pub range: TimeRange,
}

fn time(text: String, words: &str, (a, b): (NaiveDate, NaiveDate)) -> Time {
    Time { range: TimeRange::new(words, a, b).expect("the generator writes ranges in order"), text }
}

/// An English time phrase for a claim published on `p`.
pub fn en(rng: &mut impl Rng, p: NaiveDate, tense: Tense) -> Time {
    let sign = if tense == Tense::Past { -1 } else { 1 };
    match rng.random_range(0..5) {
        0 => {
            let (y, m) = shift_month(p, sign);
            let w = if tense == Tense::Past { "last month" } else { "next month" };
            time(w.to_owned(), w, month_range(y, m))
        }
        1 => {
            let y = p.year() + sign;
            let w = if tense == Tense::Past { "last year" } else { "next year" };
            time(w.to_owned(), w, (ymd(y, 1, 1), ymd(y, 12, 31)))
        }
        2 => {
            let (y, m) = shift_month(p, sign * rng.random_range(1..=6));
            let w = format!("{} {y}", EN_MONTHS[m as usize - 1]);
            time(format!("in {w}"), &w, month_range(y, m))
        }
        3 => {
            let (y, m) = shift_month(p, sign * rng.random_range(1..=5));
            let (part, a, b) = match rng.random_range(0..3) {
                0 => ("early", 1, 10),
                1 => ("mid-", 11, 20),
                _ => ("late", 21, month_range(y, m).1.day()),
            };
            let w = if part.ends_with('-') {
                format!("{part}{} {y}", EN_MONTHS[m as usize - 1])
            } else {
                format!("{part} {} {y}", EN_MONTHS[m as usize - 1])
            };
            time(format!("in {w}"), &w, (ymd(y, m, a), ymd(y, m, b)))
        }
        _ => {
            let y = p.year() + sign * rng.random_range(1..=YEAR_SPREAD);
            let w = format!("{y}");
            time(format!("in {w}"), &w, (ymd(y, 1, 1), ymd(y, 12, 31)))
        }
    }
}

/// A Korean time phrase: 지난달 / 다음 달, 지난해 / 내년, "2023년 11월", "2023년 11월 말".
pub fn ko(rng: &mut impl Rng, p: NaiveDate, tense: Tense) -> Time {
    let sign = if tense == Tense::Past { -1 } else { 1 };
    match rng.random_range(0..4) {
        0 => {
            let (y, m) = shift_month(p, sign);
            let w = if tense == Tense::Past { "지난달" } else { "다음 달" };
            time(w.to_owned(), w, month_range(y, m))
        }
        1 => {
            let y = p.year() + sign;
            let w = if tense == Tense::Past { "지난해" } else { "내년" };
            time(w.to_owned(), w, (ymd(y, 1, 1), ymd(y, 12, 31)))
        }
        2 => {
            let (y, m) = shift_month(p, sign * rng.random_range(1..=6));
            let w = format!("{y}년 {m}월");
            time(w.clone(), &w, month_range(y, m))
        }
        _ => {
            let (y, m) = shift_month(p, sign * rng.random_range(1..=5));
            let (part, a, b) = match rng.random_range(0..3) {
                0 => ("초", 1, 10),
                1 => ("중순", 11, 20),
                _ => ("말", 21, month_range(y, m).1.day()),
            };
            let w = format!("{y}년 {m}월 {part}");
            time(w.clone(), &w, (ymd(y, m, a), ymd(y, m, b)))
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("the generator writes real dates")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn relative_words_count_from_publication() {
        let p = ymd(2024, 1, 15);
        assert_eq!(shift_month(p, -1), (2023, 12));
        assert_eq!(shift_month(p, 12), (2025, 1));
        assert_eq!(month_range(2024, 2), (ymd(2024, 2, 1), ymd(2024, 2, 29)));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for _ in 0..300 {
            let t = en(&mut rng, p, Tense::Past);
            assert!(t.range.end() < p, "{} ends before publication", t.text);
            let k = ko(&mut rng, p, Tense::Future);
            assert!(k.range.start() > p, "{} starts after publication", k.text);
            if t.text == "last month" {
                assert_eq!((t.range.start(), t.range.end()), (ymd(2023, 12, 1), ymd(2023, 12, 31)));
            }
        }
    }
}
