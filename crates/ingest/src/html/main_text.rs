//! Which element(s) of a page hold the story.
//!
//! First the page's own word for it, most specific first: `[itemprop=articleBody]`, the
//! content classes of common CMSs (`page::CONTENT`), then `<article>`; among
//! several matches of one selector the one with the most text wins, joined by matching
//! siblings (sites that split the body around an advert into several `article-body` blocks).
//! A match needs [`MIN_MAIN_TEXT`] characters of text outside furniture, so a teaser box
//! with the right class does not win.
//!
//! Otherwise readability's scoring: every paragraph-like element (`p`, `pre`, `td`,
//! `blockquote`, and `div`s holding only text and inline markup — many sites write paragraphs
//! as `<div>` or as text between `<br>`s) of at least [`MIN_PARAGRAPH`] characters gives its
//! parent a score for its length and commas, its grandparent half, its great-grandparent a
//! sixth; a container's score is scaled by its share of non-link text; the best container
//! wins, with those siblings that score nearly as well or are plain paragraphs. A page with no
//! such paragraph falls back to `<body>`. It does not write text; `render` does.

use std::collections::HashSet;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node};

use super::page::{Page, Side, class_words};

/// Characters of text (not counting whitespace) an element announced as the story needs.
pub const MIN_MAIN_TEXT: usize = 100;

/// Characters a paragraph needs to count in the scoring.
pub const MIN_PARAGRAPH: usize = 25;

/// Block-level elements: a `div` containing one of these is a container, not a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

pub fn roots<'a>(page: &Page<'a>) -> Vec<NodeRef<'a, Node>> {
    for group in page.content.iter().chain([&page.articles]) {
        let matches: Vec<NodeRef<'a, Node>> = group
            .iter()
            .filter(|e| {
                let i = page.info(e.id());
                !i.junk && i.text >= MIN_MAIN_TEXT
            })
            .copied()
            .collect();
        // A match inside another match of the same group repeats it.
        let ids: HashSet<NodeId> = matches.iter().map(|m| m.id()).collect();
        let outermost: Vec<NodeRef<'a, Node>> =
            matches.iter().filter(|e| !e.ancestors().any(|a| ids.contains(&a.id()))).copied().collect();
        if let Some(best) = outermost.iter().max_by_key(|e| page.info(e.id()).text) {
            let parent = best.parent().map(|p| p.id());
            return outermost
                .iter()
                .filter(|e| e.id() == best.id() || (parent.is_some() && e.parent().map(|p| p.id()) == parent))
                .copied()
                .collect();
        }
    }
    scored(page).unwrap_or_else(|| vec![page.body])
}

fn is_element(node: &NodeRef<Node>, names: &[&str]) -> bool {
    node.value().as_element().is_some_and(|e| names.contains(&e.name()))
}

/// A `p`-like element: its text is one paragraph.
fn is_paragraph(node: &NodeRef<Node>) -> bool {
    let Some(el) = node.value().as_element() else { return false };
    match el.name() {
        "p" | "pre" | "blockquote" => true,
        "td" | "div" | "section" | "article" | "main" | "center" | "font" | "span" => {
            !node.children().any(|c| is_element(&c, BLOCKS))
        }
        _ => false,
    }
}

fn initial_score(node: &NodeRef<Node>) -> f64 {
    let Some(el) = node.value().as_element() else { return 0.0 };
    let tag = match el.name() {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let names = el.attr("class").into_iter().flat_map(str::split_whitespace).chain(el.id());
    tag + if class_words().is_positive(names) { 25.0 } else { 0.0 }
}

fn scored<'a>(page: &Page<'a>) -> Option<Vec<NodeRef<'a, Node>>> {
    let mut scores: Side<Option<f64>> = Side::new(page.doc);
    let mut order: Vec<NodeRef<'a, Node>> = Vec::new();
    for node in page.body.descendants() {
        let info = page.info(node.id());
        if info.junk || info.text < MIN_PARAGRAPH || !is_paragraph(&node) {
            continue;
        }
        let score = 1.0 + info.commas as f64 + (info.text as f64 / 100.0).min(3.0);
        let ancestors = node.ancestors().filter(|a| a.value().is_element()).take(3);
        for (level, ancestor) in ancestors.enumerate() {
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                _ => 1.0 / 6.0,
            };
            let current = scores.get(ancestor.id()).unwrap_or_else(|| {
                order.push(ancestor);
                initial_score(&ancestor)
            });
            scores.set(ancestor.id(), Some(current + score * share));
        }
    }
    let final_score =
        |n: &NodeRef<Node>| scores.get(n.id()).map(|s| s * (1.0 - page.info(n.id()).link_density()));
    let mut best: Option<(NodeRef<'a, Node>, f64)> = None;
    for node in &order {
        let s = final_score(node).unwrap_or(f64::MIN);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((*node, s));
        }
    }
    let (top, top_score) = best?;
    if top.id() == page.body.id() {
        return Some(vec![top]);
    }
    let Some(parent) = top.parent() else { return Some(vec![top]) };
    let threshold = (top_score * 0.2).max(10.0);
    let siblings = parent.children().filter(|s| {
        if s.id() == top.id() {
            return true;
        }
        let info = page.info(s.id());
        if info.junk || !s.value().is_element() {
            return false;
        }
        if final_score(s).is_some_and(|sc| sc >= threshold) {
            return true;
        }
        // A plain paragraph beside the story is part of it (readability's sibling rule).
        is_element(s, &["p"])
            && info.link_density() < 0.25
            && (info.text > 80
                || ElementRef::wrap(*s).is_some_and(|e| {
                    e.text().collect::<String>().trim_end().ends_with(['.', '!', '?', '。'])
                }))
    });
    Some(siblings.collect())
}
