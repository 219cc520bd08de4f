//! A page's own metadata: title, canonical URL, outlet, publication date.
//!
//! Sources, in order of trust: Open Graph and `article:` meta tags (what the outlet tells
//! social networks, usually right), schema.org JSON-LD (`headline`, `datePublished`,
//! `publisher.name`), then the plain HTML (`<title>`, `<link rel=canonical>`, `<time
//! datetime>` inside the story before one anywhere). Only the date part of a timestamp is
//! kept; only absolute http(s) URLs are. It does not guess a date from the text.

use std::collections::HashMap;

use chrono::NaiveDate;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use crate::date;

#[derive(Debug, Default, PartialEq)]
pub struct HeadMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
}

/// Meta tag names and properties whose content is a publication date, most trusted first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
];

/// How many nested levels of JSON-LD are searched for a field (schema.org graphs are shallow).
const MAX_JSON_DEPTH: usize = 8;

pub fn read(doc: &Html, roots: &[NodeRef<Node>]) -> HeadMeta {
    let found = Found::collect(doc);
    let tag = |keys: &[&str]| keys.iter().find_map(|k| found.metas.get(*k)).cloned();
    let ld = &found.json_ld;
    let outlet = tag(&["og:site_name", "application-name"])
        .or_else(|| ld.iter().find_map(|v| find(v, &["publisher", "name"], 0)));
    let title = tag(&["og:title", "twitter:title"])
        .or_else(|| ld.iter().find_map(|v| find(v, &["headline"], 0)))
        .or_else(|| found.title.as_deref().map(|t| strip_site(t, outlet.as_deref())))
        .or_else(|| found.h1.map(|h| clean(&h.text().collect::<String>())).filter(|t| !t.is_empty()));
    let url = tag(&["og:url"])
        .or(found.canonical)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let published = DATE_KEYS
        .iter()
        .filter_map(|k| found.metas.get(*k))
        .find_map(|v| date::from_page(v))
        .or_else(|| ld.iter().find_map(|v| find(v, &["datePublished"], 0)).and_then(|d| date::from_page(&d)))
        .or_else(|| {
            time_in(roots.iter().filter_map(|r| ElementRef::wrap(*r)).flat_map(|r| r.descendent_elements()))
        })
        .or(found.time);
    HeadMeta { title, url, outlet, published }
}

/// Everything the head (or the body, for JSON-LD and `<time>`) offers, gathered in one pass
/// over the elements rather than one CSS query each.
#[derive(Default)]
struct Found<'a> {
    /// `<meta property|name|itemprop=KEY content=VALUE>`, keys lowercase, the first of each.
    metas: HashMap<String, String>,
    title: Option<String>,
    canonical: Option<String>,
    json_ld: Vec<Value>,
    h1: Option<ElementRef<'a>>,
    time: Option<NaiveDate>,
}

impl<'a> Found<'a> {
    fn collect(doc: &'a Html) -> Found<'a> {
        let mut f = Found::default();
        for el in doc.root_element().descendent_elements() {
            let v = el.value();
            match v.name() {
                "meta" => {
                    let Some(content) = v.attr("content").map(clean).filter(|c| !c.is_empty()) else {
                        continue;
                    };
                    for key in ["property", "name", "itemprop"].iter().filter_map(|a| v.attr(a)) {
                        f.metas.entry(key.trim().to_ascii_lowercase()).or_insert_with(|| content.clone());
                    }
                }
                "title" if f.title.is_none() => {
                    f.title = Some(clean(&el.text().collect::<String>())).filter(|t| !t.is_empty());
                }
                "link" if f.canonical.is_none() && has_token(v.attr("rel"), "canonical") => {
                    f.canonical = v.attr("href").map(str::trim).map(str::to_owned);
                }
                "script" if has_token(v.attr("type"), "application/ld+json") => {
                    if let Ok(value) = serde_json::from_str(&el.text().collect::<String>()) {
                        f.json_ld.push(value);
                    }
                }
                "h1" if f.h1.is_none() => f.h1 = Some(el),
                "time" if f.time.is_none() => f.time = v.attr("datetime").and_then(date::from_page),
                _ => {}
            }
        }
        f
    }
}

/// Whether a space-separated attribute value holds `token` (ASCII case ignored).
fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split_whitespace().any(|t| t.eq_ignore_ascii_case(token)))
}

/// Whitespace runs collapsed to one space, trimmed.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Workers sent to Russia - Daily Example" → "Workers sent to Russia" when the part after
/// the last separator is the outlet's name.
fn strip_site(title: &str, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet else { return title.to_owned() };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " : "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && tail.trim().eq_ignore_ascii_case(outlet.trim())
            && !head.trim().is_empty()
        {
            return head.trim().to_owned();
        }
    }
    title.to_owned()
}

/// The string at `path` (object keys) in a JSON-LD value, looking through arrays and
/// `@graph` lists for the first object that has it.
fn find(v: &Value, path: &[&str], depth: usize) -> Option<String> {
    if depth > MAX_JSON_DEPTH {
        return None;
    }
    match v {
        Value::Array(items) => items.iter().find_map(|i| find(i, path, depth + 1)),
        Value::Object(map) => {
            if let Some(found) = follow(v, path) {
                return Some(found);
            }
            map.get("@graph").and_then(|g| find(g, path, depth + 1))
        }
        _ => None,
    }
}

fn follow(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for key in path {
        cur = cur.get(key)?;
        if let Value::Array(items) = cur {
            cur = items.first()?;
        }
    }
    cur.as_str().map(clean).filter(|s| !s.is_empty())
}

/// The first `<time datetime>` with a readable date among `elements`.
fn time_in<'a>(elements: impl Iterator<Item = ElementRef<'a>>) -> Option<NaiveDate> {
    elements.filter(|t| t.value().name() == "time").find_map(|t| t.attr("datetime").and_then(date::from_page))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> HeadMeta {
        let doc = Html::parse_document(html);
        read(&doc, &[])
    }

    #[test]
    fn open_graph_wins() {
        let m = meta(
            r#"<html><head><title>Page title - Daily Example</title>
            <meta property="og:title" content="  Workers   sent ">
            <meta property="og:url" content="https://example.org/a">
            <link rel="canonical" href="https://example.org/b">
            <meta property="og:site_name" content="Daily Example">
            <meta property="article:published_time" content="2022-10-25T09:00:00+09:00">
            </head><body><time datetime="2020-01-01">old</time></body></html>"#,
        );
        assert_eq!(
            m,
            HeadMeta {
                title: Some("Workers sent".into()),
                url: Some("https://example.org/a".into()),
                outlet: Some("Daily Example".into()),
                published: NaiveDate::from_ymd_opt(2022, 10, 25),
            }
        );
    }

    #[test]
    fn json_ld_then_plain_html() {
        let m = meta(
            r#"<html><head><title>Workers sent | Daily Example</title>
            <link rel="canonical" href="/relative">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},
              {"@type":"NewsArticle","datePublished":"2021-04-26T10:00:00+09:00","publisher":{"name":"Daily Example"}}]}</script>
            </head><body></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Workers sent"));
        assert_eq!(m.url, None);
        assert_eq!(m.outlet.as_deref(), Some("Daily Example"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2021, 4, 26));
    }

    #[test]
    fn time_element_as_last_resort() {
        let m = meta(
            r#"<body><h1>Headline only</h1><p>x <time datetime="2019-12-21T10:00">Dec 21</time></p></body>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Headline only"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2019, 12, 21));
        assert_eq!(meta("<p>nothing</p>"), HeadMeta::default());
    }
}
