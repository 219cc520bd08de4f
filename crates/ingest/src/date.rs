//! Publication dates as documents write them.
//!
//! Two readers: a strict one for `meta.json` (a corpus file people write by hand, where a
//! wrong date should be an error) that also accepts a partial date and says what it made of
//! it, and a lenient one for the dates web pages carry (`2024-05-14T09:00:00+09:00`,
//! `2024.05.14 10:23`), where an unreadable date is simply absent. It does not resolve
//! relative dates ("last month"): that is the extractor's work, against the date found here.

use chrono::NaiveDate;

/// A `meta.json` `published` value: `YYYY-MM-DD`; `YYYY-MM`, taken as the 1st of the month;
/// or `YYYY`, taken as 1 January. A partial date comes back with a note saying so, because
/// relative dates in the text will resolve against the day chosen here.
pub fn from_meta(value: &str) -> Result<(NaiveDate, Option<String>), String> {
    let v = value.trim();
    let bad = || format!("expected a date as YYYY-MM-DD (or YYYY-MM, YYYY), got \"{value}\"");
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map(|d| (d, None)).map_err(|_| bad())
        }
        [y, m] if digits(y, 4) && digits(m, 2) => {
            let date = NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").map_err(|_| bad())?;
            Ok((date, Some(format!("published is given as a month ({v}); taken as {date}"))))
        }
        [y] if digits(y, 4) => {
            let date = NaiveDate::parse_from_str(&format!("{v}-01-01"), "%Y-%m-%d").map_err(|_| bad())?;
            Ok((date, Some(format!("published is given as a year ({v}); taken as {date}"))))
        }
        _ => Err(bad()),
    }
}

/// The date at the start of a web page's date value, if it has one: `YYYY-MM-DD` with `-`,
/// `.` or `/` between the parts, or `YYYYMMDD`, optionally followed by a time. Years outside
/// 1900–2100 are taken as noise.
pub fn from_page(value: &str) -> Option<NaiveDate> {
    let b = value.trim().as_bytes();
    let num = |s: &[u8]| -> Option<u32> {
        if s.iter().all(u8::is_ascii_digit) { std::str::from_utf8(s).ok()?.parse().ok() } else { None }
    };
    let (y, m, d) = if b.len() >= 10 && matches!(b[4], b'-' | b'.' | b'/') && b[7] == b[4] {
        (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?)
    } else if b.len() >= 8 && (b.len() == 8 || !b[8].is_ascii_digit()) {
        (num(&b[0..4])?, num(&b[4..6])?, num(&b[6..8])?)
    } else {
        return None;
    };
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn meta_dates_full_and_partial() {
        assert_eq!(from_meta("2022-10-25").unwrap(), (d("2022-10-25"), None));
        let (date, note) = from_meta("2025-05").unwrap();
        assert_eq!(date, d("2025-05-01"));
        assert_eq!(note.unwrap(), "published is given as a month (2025-05); taken as 2025-05-01");
        assert_eq!(from_meta("2025").unwrap().0, d("2025-01-01"));
        for bad in ["2025-13", "2025-02-30", "25-05-01", "May 2025", "2025/05/01", ""] {
            assert!(from_meta(bad).is_err(), "{bad}");
        }
        assert_eq!(
            from_meta("May 2025").unwrap_err(),
            "expected a date as YYYY-MM-DD (or YYYY-MM, YYYY), got \"May 2025\""
        );
    }

    #[test]
    fn page_dates_take_the_date_part() {
        assert_eq!(from_page("2024-05-14T09:00:00+09:00"), Some(d("2024-05-14")));
        assert_eq!(from_page(" 2024.05.14 10:23 "), Some(d("2024-05-14")));
        assert_eq!(from_page("2024/05/14"), Some(d("2024-05-14")));
        assert_eq!(from_page("20240514"), Some(d("2024-05-14")));
        assert_eq!(from_page("202405141023"), None);
        assert_eq!(from_page("2024-5-14"), None);
        assert_eq!(from_page("Tuesday"), None);
        assert_eq!(from_page("0001-01-01"), None);
        assert_eq!(from_page("2024-02-30"), None);
        assert_eq!(from_page("한국어 날짜"), None);
    }
}
