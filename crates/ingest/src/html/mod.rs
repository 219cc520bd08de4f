//! The story in a web page: its main text as paragraphs, and the metadata its head carries.
//!
//! Steps: refuse pages nested deeper than [`crate::MAX_HTML_DEPTH`] before parsing (`depth`);
//! parse with `scraper` (html5ever, the browsers' algorithm, so malformed markup is repaired
//! the way a browser would); mark page furniture — navigation, header and footer, sidebars,
//! forms, share buttons, comments, cookie banners, newsletter boxes, captions and credits —
//! by tag, ARIA role and class words (`page`); choose the element(s) holding the story the
//! way readability-style extractors do (`main_text`); write their text as paragraphs
//! (`render`); and drop boilerplate lines (`crate::boilerplate`). Title, URL, outlet and
//! publication date come from the head (`head`).
//!
//! Every walk over the tree is iterative (the tree can be deep; a recursive walk could
//! overflow the stack). It does not fetch anything a page links to, run scripts, or keep the
//! headline in the text: the title goes to the metadata, and the text is the body (a heading
//! inside the story that repeats the title is left out, as in the corpus texts, which start
//! with the body).

mod depth;
mod head;
mod main_text;
mod page;
mod render;

use chrono::NaiveDate;
use scraper::Html;

use crate::MAX_HTML_DEPTH;
use crate::problem::Problem;

/// What a page gave: its main text (not yet normalised) and its metadata.
#[derive(Debug, Default, PartialEq)]
pub struct Extracted {
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
}

pub fn extract(html: &str) -> Result<Extracted, Problem> {
    if depth::estimate(html.as_bytes(), MAX_HTML_DEPTH) > MAX_HTML_DEPTH {
        return Err(Problem::TooDeep);
    }
    let doc = Html::parse_document(html);
    let page = page::Page::analyse(&doc);
    // The estimate follows the parser closely but not exactly; the parsed tree is the truth.
    if page.max_depth > MAX_HTML_DEPTH + 2 {
        return Err(Problem::TooDeep);
    }
    let roots = main_text::roots(&page);
    let meta = head::read(&doc, &roots);
    let text = render::render(&page, &roots, meta.title.as_deref());
    Ok(Extracted { text, title: meta.title, url: meta.url, outlet: meta.outlet, published: meta.published })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        extract(html).unwrap().text
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let html =
            format!("<html><body>{}deep{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(extract(&html), Err(Problem::TooDeep));
        assert_eq!(
            Problem::TooDeep.to_string(),
            format!("HTML nested deeper than {MAX_HTML_DEPTH} levels; refusing to parse it")
        );
    }

    #[test]
    fn nesting_under_the_limit_is_read() {
        let html = format!(
            "<body>{}<p>Deep but fine, workers were sent.</p>{}</body>",
            "<div>".repeat(400),
            "</div>".repeat(400)
        );
        assert_eq!(text(&html), "Deep but fine, workers were sent.\n");
    }

    #[test]
    fn deep_inline_nesting_does_not_overflow() {
        // Formatting elements nest in the tree without the parser's quadratic scan.
        let html = format!("<body><p>{}Bold claim.</p></body>", "<span>".repeat(400));
        assert_eq!(text(&html), "Bold claim.\n");
    }

    #[test]
    fn malformed_markup_is_repaired_not_refused() {
        let html = "<html><body><p>First <b>bold <i>both</b> italic?</i><p>Second & third &amp; fourth &#x2014; done<table><td>cell";
        assert_eq!(text(html), "First bold both italic?\n\nSecond & third & fourth — done\n\ncell\n");
    }

    #[test]
    fn entities_are_decoded_and_whitespace_collapsed() {
        let html = "<body><article><p>  North&nbsp;Korea\n   sent &lt;300&gt;\tworkers,&#32;a source said.  </p></article></body>";
        assert_eq!(text(html), "North Korea sent <300> workers, a source said.\n");
    }
}
