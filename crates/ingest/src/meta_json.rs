//! The corpus `meta.json`: `{"id","url","outlet","published","lang","title","negative"}` and
//! the optional `published_note`, as `CLAIMS.md` lays it out.
//!
//! Unknown fields are ignored (the format may grow) and every field may be missing or `null`.
//! A field of the wrong type, an unreadable date or an unknown language is an error: the file
//! is written by people, and silently dropping what they wrote would hide their mistake. It
//! does not apply the command line's overrides; `load` does.

use chrono::NaiveDate;
use serde::Deserialize;
use tally_core::Lang;

use crate::date;
use crate::problem::Problem;

#[derive(Debug, Deserialize)]
struct Raw {
    url: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    lang: Option<String>,
    title: Option<String>,
    negative: Option<bool>,
    published_note: Option<String>,
}

/// What a `meta.json` says, checked.
#[derive(Debug, Default, PartialEq)]
pub struct CorpusMeta {
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub lang: Option<Lang>,
    pub title: Option<String>,
    pub negative: bool,
    pub notes: Vec<String>,
}

pub fn parse(bytes: &[u8]) -> Result<CorpusMeta, Problem> {
    let json = |e: serde_json::Error| Problem::Json(e.to_string());
    // Parsed loosely first so that a file that is JSON but not an object is described in
    // words rather than as serde's "expected struct Raw".
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(json)?;
    if !value.is_object() {
        return Err(Problem::Json("expected an object {…} at the top".into()));
    }
    // Then strictly, from the bytes again, so a field of the wrong type is reported with its
    // line and column (a `Value` has forgotten them).
    let raw: Raw = serde_json::from_slice(bytes).map_err(json)?;
    let mut notes = Vec::new();
    let published = match raw.published.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(value) => {
            let (date, note) = date::from_meta(value)
                .map_err(|problem| Problem::MetaField { field: "published", problem })?;
            notes.extend(note);
            Some(date)
        }
        None => None,
    };
    if let Some(note) = raw.published_note.filter(|n| !n.trim().is_empty()) {
        notes.push(format!("published_note: {}", note.trim()));
    }
    let lang = match raw.lang.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => Some(Lang::parse(code).ok_or_else(|| Problem::MetaField {
            field: "lang",
            problem: format!("tally reads \"en\" and \"ko\", got \"{code}\""),
        })?),
        None => None,
    };
    let text = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    Ok(CorpusMeta {
        url: text(raw.url),
        outlet: text(raw.outlet),
        published,
        lang,
        title: text(raw.title),
        negative: raw.negative.unwrap_or(false),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_meta_json() {
        let m = parse(
            br#"{"id":"x","url":"https://example.org/a","outlet":" Daily Example ","published":"2022-10-25",
                "lang":"ko","title":"T","negative":true,"published_note":"approximate","extra":[1]}"#,
        )
        .unwrap();
        assert_eq!(m.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(m.outlet.as_deref(), Some("Daily Example"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2022, 10, 25));
        assert_eq!(m.lang, Some(Lang::Ko));
        assert!(m.negative);
        assert_eq!(m.notes, ["published_note: approximate"]);
    }

    #[test]
    fn nulls_and_missing_fields_are_fine() {
        assert_eq!(parse(br#"{"url":null,"published":null}"#).unwrap(), CorpusMeta::default());
        assert_eq!(parse(b"{}").unwrap(), CorpusMeta::default());
    }

    #[test]
    fn mistakes_are_named() {
        let e = parse(br#"{"url": "a", }"#).unwrap_err().to_string();
        assert_eq!(e, "malformed JSON: trailing comma at line 1 column 14");
        let e = parse(br#"{"negative": "yes"}"#).unwrap_err().to_string();
        assert!(e.starts_with("malformed JSON: invalid type: string \"yes\", expected a boolean"), "{e}");
        let e = parse(br#"{"published": "25 May"}"#).unwrap_err().to_string();
        assert_eq!(
            e,
            "field \"published\": expected a date as YYYY-MM-DD (or YYYY-MM, YYYY), got \"25 May\""
        );
        let e = parse(br#"{"lang": "fr"}"#).unwrap_err().to_string();
        assert_eq!(e, "field \"lang\": tally reads \"en\" and \"ko\", got \"fr\"");
        assert_eq!(
            parse(b"[]").unwrap_err().to_string(),
            "malformed JSON: expected an object {…} at the top"
        );
    }
}
