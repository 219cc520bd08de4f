//! The story's elements written out as paragraphs (`crate::paragraphs`), then cleaned of
//! boilerplate lines (`crate::boilerplate`).
//!
//! Inside the story, besides furniture, three things are left out: lists and boxes made
//! mostly of links (more than half of their text; a related-articles list without a telling
//! class), paragraphs that are nothing but a link (nine tenths), and a related-articles
//! heading ("관련기사", "Related stories") together with the list or link box that follows it.
//! The story's own elements are never left out. It does not choose them; `main_text` does.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node};

use super::page::Page;
use crate::boilerplate;
use crate::paragraphs::Out;

/// Elements that start and end a paragraph. A `match` rather than a list to search, because
/// it is asked twice for every element of the page.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Boxes that are left out when links make up more than half of their text.
const LINK_BOXES: &[&str] = &["ul", "ol", "dl", "table", "div", "section", "span"];

/// Lines that are left out when links make up nine tenths of their text.
const LINK_LINES: &[&str] = &["p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"];

/// The longest text (characters) taken for a related-articles heading.
const MAX_LABEL: usize = 40;

/// The longest heading (characters) compared with the title.
const MAX_TITLE: usize = 400;

pub fn render(page: &Page, roots: &[NodeRef<Node>], title: Option<&str>) -> String {
    let title = title.map(collapse).filter(|t| !t.is_empty());
    let mut out = Out::default();
    let mut skip_next: HashSet<NodeId> = HashSet::new();
    for root in roots {
        let mut skipping: Option<NodeId> = None;
        let mut pre = 0usize;
        out.block();
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Element(el) => {
                            if node.id() != root.id()
                                && (leave_out(page, &node, &mut skip_next)
                                    || repeats(page, &node, title.as_deref()))
                            {
                                skipping = Some(node.id());
                                continue;
                            }
                            match el.name() {
                                "br" => out.line(),
                                "td" | "th" => out.cell(),
                                "pre" => {
                                    pre += 1;
                                    out.block();
                                }
                                name if is_block(name) => out.block(),
                                _ => {}
                            }
                        }
                        Node::Text(t) if pre > 0 => out.verbatim(t),
                        Node::Text(t) => out.text(t),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if skipping == Some(node.id()) {
                        skipping = None;
                        continue;
                    }
                    if skipping.is_some() {
                        continue;
                    }
                    if let Some(el) = node.value().as_element() {
                        match el.name() {
                            "pre" => {
                                pre = pre.saturating_sub(1);
                                out.block();
                            }
                            name if is_block(name) => out.block(),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    clean(&out.finish())
}

/// Whether an element inside the story is left out (see the module doc).
fn leave_out(page: &Page, node: &NodeRef<Node>, skip_next: &mut HashSet<NodeId>) -> bool {
    let info = page.info(node.id());
    if info.junk || skip_next.contains(&node.id()) {
        return true;
    }
    let Some(el) = node.value().as_element() else { return false };
    let name = el.name();
    if info.text > 0 && info.link * 2 > info.text && LINK_BOXES.contains(&name) {
        return true;
    }
    if info.text > 0 && info.link * 10 >= info.text * 9 && LINK_LINES.contains(&name) {
        return true;
    }
    // A related-articles heading matters only above a list or a box of links (a label on its
    // own is a line the boilerplate rules drop anyway), so the structure is checked before the
    // text is read. Text between the two is only whitespace.
    if info.text > 0 && info.text <= MAX_LABEL && name != "a" {
        let Some(next) = node.next_siblings().find(|s| s.value().is_element()) else { return false };
        let next_info = page.info(next.id());
        let is_list = next.value().as_element().is_some_and(|e| matches!(e.name(), "ul" | "ol" | "dl"));
        if !(is_list || next_info.link * 2 > next_info.text) {
            return false;
        }
        let text: String = ElementRef::wrap(*node).map(|e| e.text().collect()).unwrap_or_default();
        if boilerplate::is_related_label(&text) {
            skip_next.insert(next.id());
            return true;
        }
    }
    false
}

/// Whether a heading repeats the page's title (which is in the metadata already).
fn repeats(page: &Page, node: &NodeRef<Node>, title: Option<&str>) -> bool {
    let Some(title) = title else { return false };
    let Some(el) = ElementRef::wrap(*node) else { return false };
    matches!(el.value().name(), "h1" | "h2")
        && page.info(node.id()).text <= MAX_TITLE
        && collapse(&el.text().collect::<String>()).eq_ignore_ascii_case(title)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops boilerplate lines and wire lead-ins, and paragraphs left empty.
fn clean(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    for paragraph in text.split("\n\n") {
        let lines: Vec<&str> = paragraph
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !boilerplate::is_boilerplate_line(l))
            .map(boilerplate::strip_lead_byline)
            .collect();
        if !lines.is_empty() {
            paragraphs.push(lines.join("\n"));
        }
    }
    let mut text = paragraphs.join("\n\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    use super::super::main_text;
    use super::*;

    fn text(html: &str) -> String {
        let doc = Html::parse_document(html);
        let page = Page::analyse(&doc);
        let roots = main_text::roots(&page);
        render(&page, &roots, Some("The Title"))
    }

    #[test]
    fn paragraphs_headings_and_breaks() {
        let html = "<body><div><h1>The  title</h1><h2>Selection</h2><p>About 300 people,\n in six teams.</p>\
                    Loose text<br>next line<br><br>new paragraph<ul><li>One item</li><li>Two</li></ul>\
                    <table><tr><th>Place</th><th>Workers</th></tr><tr><td>Russia</td><td>300</td></tr></table>\
                    <pre>kept   as\nwritten</pre></div></body>";
        assert_eq!(
            text(html),
            "Selection\n\nAbout 300 people, in six teams.\n\nLoose text\nnext line\n\nnew paragraph\n\n\
             One item\n\nTwo\n\nPlace | Workers\n\nRussia | 300\n\nkept as\nwritten\n"
        );
    }

    #[test]
    fn related_heading_and_its_list_are_left_out() {
        let html = "<body><div><p>North Korea sent 300 workers to Russia, a source said on Monday.</p>\
                    <h3>관련기사</h3>\n<ul><li>North Korean workers <a href=a>arrive</a> in Vladivostok</li>\
                    <li>Another story about 5,000 workers</li></ul>\
                    <p><a href=b>Read the full report</a></p><p>The <a href=c>UN</a> banned it in 2017.</p></div></body>";
        assert_eq!(
            text(html),
            "North Korea sent 300 workers to Russia, a source said on Monday.\n\nThe UN banned it in 2017.\n"
        );
    }

    #[test]
    fn link_lists_without_labels_are_left_out() {
        let html = "<body><div><p>Workers were sent to Russia in November, the source added.</p>\
                    <ul><li><a href=a>Headline one about workers</a></li><li><a href=b>Headline two</a></li></ul></div></body>";
        assert_eq!(text(html), "Workers were sent to Russia in November, the source added.\n");
    }
}
