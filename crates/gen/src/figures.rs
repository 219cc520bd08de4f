//! Figures as reporters write them, English and Korean, each with the value the gold holds.
//!
//! A figure is drawn first as a value (a count of people, an amount of money) and a style
//! ("about", a range, an open bound, a vague amount), then written in the words of one
//! language; the gold `Count` or `Money` follows from the value and the style, never from
//! reading the words back. The conventions are CLAIMS.md's: "more than 1,000" is
//! `{1000, null, approx}`, "up to 28,000" is `{null, 28000}`, "thousands" is `{1000, null}`.
//! This module writes figures; which sentence they stand in is `doc`'s business.

use rand::Rng;
use rand::seq::IndexedRandom;
use tally_core::{Count, Currency, Money, Per, Period};

/// `12,345` with thousands separators.
pub fn commas(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A number in the Korean way with 만 for ten thousands: 28000 → "2만8000", 15000 → "1만5000",
/// 30000 → "3만"; below ten thousand the digits as they are ("1000", "300").
pub fn korean_man(n: u64) -> String {
    let (man, rest) = (n / 10_000, n % 10_000);
    match (man, rest) {
        (0, r) => r.to_string(),
        (m, 0) => format!("{m}만"),
        (m, r) => format!("{m}만{r}"),
    }
}

/// The same with 천 for the thousands where that is exact: 28000 → "2만8천", 3000 → "3천".
pub fn korean_cheon(n: u64) -> String {
    let (man, rest) = (n / 10_000, n % 10_000);
    let tail = if rest == 0 {
        String::new()
    } else if rest % 1000 == 0 {
        format!("{}천", rest / 1000)
    } else {
        rest.to_string()
    };
    if man == 0 { tail } else { format!("{man}만{tail}") }
}

/// A number of people a report would give: rounded the way reporters round.
pub fn people(rng: &mut impl Rng) -> u64 {
    match rng.random_range(0..10) {
        0..=3 => rng.random_range(3..=19) * 50,   // 150 … 950
        4..=6 => rng.random_range(10..=99) * 100, // 1,000 … 9,900
        7..=8 => rng.random_range(10..=60) * 500, // 5,000 … 30,000
        _ => rng.random_range(2..=12) * 1000 + rng.random_range(1..=9) * 100, // 2,100 … 12,900
    }
}

/// How a count is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Exact,
    About,
    MoreThan,
    UpTo,
    Range,
    /// "hundreds", "thousands", "tens of thousands".
    Vague,
}

impl Style {
    pub fn pick(rng: &mut impl Rng) -> Style {
        *[
            Style::Exact,
            Style::About,
            Style::About,
            Style::About,
            Style::MoreThan,
            Style::UpTo,
            Style::Range,
            Style::Range,
            Style::Vague,
        ]
        .choose(rng)
        .expect("the list is not empty")
    }
}

/// A count in words and its gold value.
#[derive(Debug, Clone)]
pub struct Figure {
    pub text: String,
    pub count: Count,
}

fn count(min: Option<u64>, max: Option<u64>, approx: bool) -> Count {
    Count::new(min, max, approx).expect("the generator writes ranges with min <= max and a bound")
}

/// The upper end of a range starting at `n`: a rounder, larger figure.
fn range_top(rng: &mut impl Rng, n: u64) -> u64 {
    let step = if n < 1000 {
        50
    } else if n < 10_000 {
        500
    } else {
        5000
    };
    n + step * rng.random_range(1..=4)
}

/// The order of magnitude of a vague amount, and its words.
fn vague(n: u64) -> (u64, &'static str, &'static str) {
    if n >= 10_000 {
        (10_000, "tens of thousands of", "수만")
    } else if n >= 1000 {
        (1000, "thousands of", "수천")
    } else {
        (100, "hundreds of", "수백")
    }
}

/// An English count of people: `{text} workers`. `noun` follows the figure ("workers",
/// "North Korean labourers").
pub fn en_count(rng: &mut impl Rng, style: Style, noun: &str) -> Figure {
    let n = people(rng);
    let (text, c) = match style {
        Style::Exact => (format!("{} {noun}", commas(n)), count(Some(n), Some(n), false)),
        Style::About => {
            let word = ["about", "some", "around", "roughly", "nearly", "an estimated"].choose(rng).unwrap();
            (format!("{word} {} {noun}", commas(n)), count(Some(n), Some(n), true))
        }
        Style::MoreThan => {
            let word = ["more than", "over"].choose(rng).unwrap();
            (format!("{word} {} {noun}", commas(n)), count(Some(n), None, true))
        }
        Style::UpTo => (format!("up to {} {noun}", commas(n)), count(None, Some(n), false)),
        Style::Range => {
            let m = range_top(rng, n);
            let text = match rng.random_range(0..3) {
                0 => format!("{} to {} {noun}", commas(n), commas(m)),
                1 => format!("between {} and {} {noun}", commas(n), commas(m)),
                _ => format!("{}-{} {noun}", commas(n), commas(m)),
            };
            (text, count(Some(n), Some(m), false))
        }
        Style::Vague => {
            let (v, en, _) = vague(n);
            (format!("{en} {noun}"), count(Some(v), None, true))
        }
    };
    Figure { text, count: c }
}

/// A Korean count of people ending in 명 (or the vague word and 명): "300여 명", "2만8000명",
/// "800~1000명", "수천 명", "1000명 이상", "최대 2만 명".
pub fn ko_count(rng: &mut impl Rng, style: Style) -> Figure {
    let n = people(rng);
    let num = |rng: &mut dyn rand::RngCore, n: u64| {
        if n >= 10_000 && rng.random_bool(0.5) { korean_cheon(n) } else { korean_man(n) }
    };
    let (text, c) = match style {
        Style::Exact => (format!("{}명", num(rng, n)), count(Some(n), Some(n), false)),
        Style::About => {
            let text = match rng.random_range(0..3) {
                0 => format!("{}여 명", num(rng, n)),
                1 => format!("약 {}명", num(rng, n)),
                _ => format!("{}명가량", num(rng, n)),
            };
            (text, count(Some(n), Some(n), true))
        }
        Style::MoreThan => (format!("{}명 이상", num(rng, n)), count(Some(n), None, true)),
        Style::UpTo => (format!("최대 {}명", num(rng, n)), count(None, Some(n), false)),
        Style::Range => {
            let m = range_top(rng, n);
            (format!("{}~{}명", num(rng, n), num(rng, m)), count(Some(n), Some(m), false))
        }
        Style::Vague => {
            let (v, _, ko) = vague(n);
            (format!("{ko} 명"), count(Some(v), None, true))
        }
    };
    Figure { text, count: c }
}

/// Money in words and its gold value.
#[derive(Debug, Clone)]
pub struct Amount {
    pub text: String,
    pub money: Money,
}

fn money(
    min: Option<u64>,
    max: Option<u64>,
    approx: bool,
    cur: Currency,
    per: Option<Per>,
    period: Option<Period>,
) -> Money {
    Money::new(min, max, approx, cur, per, period).expect("the generator writes valid amounts")
}

/// What one worker must earn or hand over each month, in English: "$600-700 a month",
/// "USD 800 a month", "about 3,000 yuan a month".
pub fn en_wage(rng: &mut impl Rng) -> Amount {
    let per = Some(Per::Worker);
    let month = Some(Period::Month);
    match rng.random_range(0..5) {
        0 => {
            let a = rng.random_range(4..=9) * 100;
            let b = a + 100 * rng.random_range(1..=3);
            Amount {
                text: format!("${a}-{b} a month"),
                money: money(Some(a), Some(b), false, Currency::USD, per, month),
            }
        }
        1 => {
            let a = rng.random_range(4..=12) * 100;
            Amount {
                text: format!("USD {} a month", commas(a)),
                money: money(Some(a), Some(a), false, Currency::USD, per, month),
            }
        }
        2 => {
            let a = rng.random_range(4..=9) * 100;
            let b = a + 100 * rng.random_range(1..=3);
            Amount {
                text: format!("between ${a} and ${b} a month"),
                money: money(Some(a), Some(b), false, Currency::USD, per, month),
            }
        }
        3 => {
            let a = rng.random_range(20..=60) * 100;
            Amount {
                text: format!("about {} yuan a month", commas(a)),
                money: money(Some(a), Some(a), true, Currency::CNY, per, month),
            }
        }
        _ => {
            let a = rng.random_range(5..=12) * 100;
            Amount {
                text: format!("around ${} a month", commas(a)),
                money: money(Some(a), Some(a), true, Currency::USD, per, month),
            }
        }
    }
}

/// The same in Korean: "월 500달러", "매달 600~700달러", "한 달에 3000위안".
pub fn ko_wage(rng: &mut impl Rng) -> Amount {
    let per = Some(Per::Worker);
    let month = Some(Period::Month);
    match rng.random_range(0..3) {
        0 => {
            let a = rng.random_range(4..=12) * 100;
            Amount {
                text: format!("월 {a}달러"),
                money: money(Some(a), Some(a), false, Currency::USD, per, month),
            }
        }
        1 => {
            let a = rng.random_range(4..=9) * 100;
            let b = a + 100 * rng.random_range(1..=3);
            Amount {
                text: format!("매달 {a}~{b}달러"),
                money: money(Some(a), Some(b), false, Currency::USD, per, month),
            }
        }
        _ => {
            let a = rng.random_range(20..=60) * 100;
            Amount {
                text: format!("한 달에 {a}위안"),
                money: money(Some(a), Some(a), false, Currency::CNY, per, month),
            }
        }
    }
}

/// A yearly total in millions of US dollars: value and the number of millions.
fn revenue_millions(rng: &mut impl Rng) -> u64 {
    rng.random_range(2..=50) * 10
}

/// A yearly total earned from workers, English: "an estimated $120 million a year".
pub fn en_revenue(rng: &mut impl Rng) -> Amount {
    let m = revenue_millions(rng);
    let (text, approx) = if rng.random_bool(0.5) {
        (format!("an estimated ${m} million a year"), true)
    } else {
        (format!("USD {m} million a year"), false)
    };
    Amount {
        text,
        money: money(
            Some(m * 1_000_000),
            Some(m * 1_000_000),
            approx,
            Currency::USD,
            None,
            Some(Period::Year),
        ),
    }
}

/// The same in Korean, in 억 (hundred millions) or 만 (ten thousands) of dollars:
/// 300 million → "연간 3억 달러", 120 million → "연간 1억2000만 달러".
pub fn ko_revenue(rng: &mut impl Rng) -> Amount {
    let m = revenue_millions(rng);
    let v = m * 1_000_000;
    let (eok, rest_man) = (v / 100_000_000, (v % 100_000_000) / 10_000);
    let words = match (eok, rest_man) {
        (0, r) => format!("{r}만"),
        (e, 0) => format!("{e}억"),
        (e, r) => format!("{e}억{r}만"),
    };
    Amount {
        text: format!("연간 {words} 달러"),
        money: money(Some(v), Some(v), false, Currency::USD, None, Some(Period::Year)),
    }
}

/// Small counts written as English words, as reporters do below ten.
pub fn en_small(n: u64) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    WORDS.get(n as usize).map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// English ordinals for selection rounds.
pub fn en_ordinal(n: u32) -> &'static str {
    ["zeroth", "first", "second", "third", "fourth", "fifth"].get(n as usize).copied().unwrap_or("next")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn numbers_are_written_as_reporters_write_them() {
        assert_eq!(commas(28_000), "28,000");
        assert_eq!(commas(950), "950");
        assert_eq!(commas(1_234_567), "1,234,567");
        assert_eq!(korean_man(28_000), "2만8000");
        assert_eq!(korean_man(30_000), "3만");
        assert_eq!(korean_man(300), "300");
        assert_eq!(korean_cheon(28_000), "2만8천");
        assert_eq!(korean_cheon(3_000), "3천");
        assert_eq!(korean_cheon(12_500), "1만2500");
    }

    #[test]
    fn styles_give_claims_md_ranges() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let f = en_count(&mut rng, Style::MoreThan, "workers");
            assert!(f.text.starts_with("more than") || f.text.starts_with("over"), "{}", f.text);
            assert_eq!(f.count.max(), None);
            let v = ko_count(&mut rng, Style::Vague);
            assert!(v.text.starts_with('수'), "{}", v.text);
            assert!([Some(100), Some(1000), Some(10_000)].contains(&v.count.min()));
            let r = ko_count(&mut rng, Style::Range);
            assert!(r.count.min() < r.count.max(), "{}", r.text);
        }
    }

    #[test]
    fn korean_revenue_reads_in_eok_and_man() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for _ in 0..100 {
            let a = ko_revenue(&mut rng);
            let v = a.money.min().unwrap();
            let (e, m) = (v / 100_000_000, (v % 100_000_000) / 10_000);
            let expected = match (e, m) {
                (0, m) => format!("연간 {m}만 달러"),
                (e, 0) => format!("연간 {e}억 달러"),
                (e, m) => format!("연간 {e}억{m}만 달러"),
            };
            assert_eq!(a.text, expected);
        }
    }
}
