//! Markdown to plain text, with `pulldown-cmark` (CommonMark plus tables, footnotes and
//! front matter), never with patterns over the raw text.
//!
//! What comes out: one paragraph per line and a blank line between blocks; headings, list
//! items, quotes and table rows each on their own line; emphasis, links and inline code
//! reduced to their words. Decisions: **code blocks are kept as text** (line by line), because
//! tally must not silently lose words a document contains — a report may fence a quoted
//! document or a table of figures. Images are dropped (their alt text describes a picture, not
//! the story), and so are raw HTML tags, while the text between them is kept. YAML front matter
//! is not text; its `title:` and `date:` become metadata. It does not remove boilerplate lines
//! (that applies to HTML only, see the crate doc).

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::date;
use crate::paragraphs::Out;

/// Text and the metadata a front-matter block gave.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
}

pub fn to_text(md: &str) -> Converted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = Out::default();
    let mut converted = Converted::default();
    let mut in_metadata = false;
    let mut in_image = 0usize;
    let mut in_code_block = false;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => front_matter(&t, &mut converted),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(Tag::CodeBlock(_)) => {
                out.block();
                in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.block();
            }
            Event::Text(t) if in_code_block => out.verbatim(&t),
            Event::Start(tag) => match tag {
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                | Tag::HtmlBlock => out.block(),
                Tag::TableCell => out.cell(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::HtmlBlock => out.block(),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => out.text(&t),
            Event::Html(h) | Event::InlineHtml(h) => raw_html(&mut out, &h),
            Event::SoftBreak => out.text(" "),
            Event::HardBreak => out.line(),
            Event::Rule => out.block(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    converted.text = out.finish();
    converted
}

/// `title:` and `date:` of a YAML front-matter block, read line by line: the block is
/// metadata a static-site generator wrote, and these two keys are all tally uses of it.
fn front_matter(block: &str, converted: &mut Converted) {
    for line in block.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" if !value.is_empty() => converted.title = Some(value.to_owned()),
            "date" | "published" => converted.published = converted.published.or(date::from_page(value)),
            _ => {}
        }
    }
}

/// Raw HTML inside Markdown: the text between tags is kept and a `<br>` breaks the line.
/// Markdown passes HTML through in small pieces (often a lone tag), so this only needs to
/// skip `<…>` runs; a whole page would go through `html` instead.
fn raw_html(out: &mut Out, html: &str) {
    let mut tag = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
                if name.eq_ignore_ascii_case("br") {
                    out.line();
                }
            }
            _ if in_tag => tag.push(c),
            _ => out.text(c.encode_utf8(&mut [0; 4])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_paragraphs_of_words() {
        let md = "---\ntitle: \"Workers sent\"\ndate: 2022-10-25\n---\n\n# Workers *sent* to Russia\n\n\
                  About **300 people** will be chosen,\naccording to [a source](https://example.org).\n\n\
                  - Six teams\n- Fifty each ![photo](x.png)\n\n> Quoted `line`.\n\n```\nfigure  300\nsecond line\n```\n\n\
                  | Place | Workers |\n|---|---|\n| Russia | 300 |\n\nText<br>after <span>html</span>.\n";
        let c = to_text(md);
        assert_eq!(c.title.as_deref(), Some("Workers sent"));
        assert_eq!(c.published, NaiveDate::from_ymd_opt(2022, 10, 25));
        assert_eq!(
            c.text,
            "Workers sent to Russia\n\nAbout 300 people will be chosen, according to a source.\n\n\
             Six teams\n\nFifty each\n\nQuoted line.\n\nfigure 300\nsecond line\n\n\
             Place | Workers\n\nRussia | 300\n\nText\nafter html.\n"
        );
    }

    #[test]
    fn nothing_but_markup_is_empty() {
        assert_eq!(to_text("![only an image](a.png)\n\n---\n").text, "");
    }
}
