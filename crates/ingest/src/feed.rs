//! RSS and Atom feeds: one document per item.
//!
//! Monitors follow outlets by their feeds, so a saved feed (`.rss`, `.atom`, or `.xml` that
//! opens as one) is read with `feed-rs`, which knows RSS 0.9x/1.0/2.0 and Atom and their
//! date formats. Each item becomes a document of its own: its title, link, date (published,
//! else updated) and the feed's title as the outlet. The item's body is its full content
//! where the feed carries it (`content:encoded`, Atom `content`), else its summary; an HTML
//! body goes through the same main-text extraction as a web page, so markup and share
//! buttons inside it are dropped.
//!
//! Decisions:
//! - **The raw bytes kept for an item are the item's body as the feed gives it**, not the
//!   whole feed file: a document's original is what its text came from, and two feeds
//!   carrying the same story then store the same original once.
//! - **The item's path is the feed's path with `#item-N`** (1-based, in feed order), so an
//!   analyst can find it in the file.
//! - A feed item with neither content nor summary (a headline only) is skipped with its own
//!   error line; the rest of the feed still lands.
//! - At most [`MAX_FEED_ITEMS`] items are read from one feed; more is refused as a whole,
//!   because a feed that large is an archive dump and should be split.
//!
//! It does not fetch feeds from the network: tally reads what the user saved.

use tally_core::Lang;

use crate::problem::Problem;
use crate::{Error, Format, Loaded, Meta, Overrides, Result, html, load};

/// Most items read from one feed file.
pub const MAX_FEED_ITEMS: usize = 10_000;

/// Whether a file is a feed: by its extension, or for `.xml` and files without one, by its
/// root element.
pub(crate) fn is_feed(ext: Option<&str>, text: &str) -> bool {
    match ext {
        Some("rss" | "atom") => true,
        Some("xml") | None => opens_as_feed(text),
        _ => false,
    }
}

/// A text whose first element (after a BOM, an XML declaration, comments and processing
/// instructions) is `<rss`, `<feed` or `<rdf:RDF`.
fn opens_as_feed(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    for _ in 0..16 {
        if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => return false,
            }
        } else if rest.starts_with("<?") {
            match rest.find("?>") {
                Some(end) => rest = rest[end + 2..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    ["<rss", "<feed", "<rdf:RDF"]
        .iter()
        .any(|p| rest.starts_with(p) && rest[p.len()..].starts_with(|c: char| c.is_whitespace() || c == '>'))
}

/// The documents of a feed, one result per item. The outer error is for a feed that cannot
/// be read at all; an inner one names the item.
pub(crate) fn items(
    name: &str,
    path: Option<&str>,
    text: &str,
    overrides: &Overrides,
) -> Result<Vec<Result<Loaded>>> {
    let feed = feed_rs::parser::parse(text.as_bytes())
        .map_err(|e| Error::new(name, Problem::Feed(format!("not a readable RSS or Atom feed ({e})"))))?;
    if feed.entries.is_empty() {
        return Err(Error::new(name, Problem::Feed("the feed has no items".to_owned())));
    }
    if feed.entries.len() > MAX_FEED_ITEMS {
        return Err(Error::new(
            name,
            Problem::Feed(format!(
                "the feed has {} items, more than the {MAX_FEED_ITEMS} read from one file; split it",
                feed.entries.len()
            )),
        ));
    }
    let outlet = feed.title.as_ref().map(|t| plain(&t.content)).filter(|t| !t.is_empty());
    let feed_lang = feed.language.as_deref().and_then(lang_of);
    Ok(feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let item_name = format!("{name}#item-{}", i + 1);
            item(
                &item_name,
                path.map(|p| format!("{p}#item-{}", i + 1)),
                entry,
                outlet.clone(),
                feed_lang,
                overrides,
            )
        })
        .collect())
}

fn item(
    name: &str,
    path: Option<String>,
    entry: &feed_rs::model::Entry,
    outlet: Option<String>,
    feed_lang: Option<Lang>,
    overrides: &Overrides,
) -> Result<Loaded> {
    let fail = |p: Problem| Error::new(name, p);
    // The fullest body the item carries, and whether it is markup.
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_ref().map(|b| (b.clone(), is_markup(c.content_type.essence().to_string()))))
        .or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|s| (s.content.clone(), is_markup(s.content_type.essence().to_string())))
        })
        .filter(|(b, _)| !b.trim().is_empty())
        .ok_or_else(|| {
            fail(Problem::Feed("the item has no content or summary, only a headline".to_owned()))
        })?;
    let title = entry.title.as_ref().map(|t| plain(&t.content)).filter(|t| !t.is_empty());
    let text = if body.1 || looks_like_markup(&body.0) {
        let page = html::extract(&format!("<html><body><article>{}</article></body></html>", body.0))
            .map_err(fail)?;
        if page.text.trim().is_empty() {
            return Err(fail(Problem::NoMainText));
        }
        page.text
    } else {
        body.0.clone()
    };
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.clone());
    let published = entry.published.or(entry.updated).map(|d| d.date_naive());
    let meta = Meta { path, url, outlet, published, title, negative: false, notes: Vec::new() };
    load::finish(name, body.0.into_bytes(), &text, Format::Feed, meta, feed_lang, overrides)
}

fn is_markup(essence: String) -> bool {
    essence.contains("html") || essence.ends_with("xml")
}

/// RSS 2.0 `description` is declared plain text but is HTML in practice.
fn looks_like_markup(body: &str) -> bool {
    let b = body.trim_start();
    b.starts_with('<') || b.contains("</p>") || b.contains("<br")
}

/// A title as plain text: feed titles may carry entities or tags.
fn plain(s: &str) -> String {
    if s.contains('<') {
        html::extract(&format!("<html><body><p>{s}</p></body></html>"))
            .map(|p| p.text.trim().to_owned())
            .unwrap_or_else(|_| s.trim().to_owned())
    } else {
        s.trim().to_owned()
    }
}

/// `en`, `en-US`, `ko`, `ko-KR`: the languages tally reads.
fn lang_of(code: &str) -> Option<Lang> {
    Lang::parse(code.split(['-', '_']).next().unwrap_or(code).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_told_by_extension_or_root_element() {
        assert!(is_feed(Some("rss"), ""));
        assert!(is_feed(Some("xml"), "<?xml version=\"1.0\"?>\n<!-- saved -->\n<rss version=\"2.0\">"));
        assert!(is_feed(None, "\u{feff}<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(!is_feed(Some("xml"), "<?xml version=\"1.0\"?><svg></svg>"));
        assert!(!is_feed(None, "<rssx>"));
        assert!(!is_feed(Some("html"), "<rss>"));
    }

    #[test]
    fn languages_take_the_primary_subtag() {
        assert_eq!(lang_of("ko-KR"), Some(Lang::Ko));
        assert_eq!(lang_of("en"), Some(Lang::En));
        assert_eq!(lang_of("ru"), None);
    }
}
