//! One pass over a parsed page that marks furniture and counts text, so the later steps
//! (choosing the story, writing it out) ask questions of a table instead of walking again.
//!
//! An element is furniture ("junk") when its tag is never story (`nav`, `header`, `footer`,
//! `aside`, `script`, `figcaption`, form controls, …), its ARIA role is a landmark other than
//! the main one, it is hidden (`hidden`, `aria-hidden="true"`, `display:none`), or its class
//! or id words say so (`data/boilerplate-classes.tsv`). Everything inside junk is junk. One
//! exception: the elements that announce the story (`<main>`, `[role=main]`,
//! `[itemprop=articleBody]`, the content classes of common CMSs, the largest `<article>`) and
//! all their ancestors are never junk by their own tag or class — a theme's wrapper called
//! `has-sidebar` must not take the article with it. It does not decide what the story is.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, Tree};
use scraper::{ElementRef, Html, Node};

/// Tags whose content is never the story.
const JUNK_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "video",
    "audio",
    "picture",
    "map",
    "nav",
    "header",
    "footer",
    "aside",
    "button",
    "input",
    "select",
    "textarea",
    "label",
    "dialog",
    "menu",
    "figcaption",
    "address",
    "head",
    "title",
    "meta",
    "link",
];

/// ARIA landmark roles other than `main` and `article`.
const JUNK_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "dialog",
    "alertdialog",
    "alert",
    "tablist",
];

/// The elements that hold the story on common CMSs, in groups, most specific first; each is
/// `#id`, `.class` or `[itemprop=articleBody]` (matched by hand rather than with CSS selectors,
/// which would cost a pass over the page per selector). WordPress (`entry-content`),
/// Drupal/Arc/most newspaper themes (`article-body`, `story-body`), Korean news CMSs
/// (`#article-view-content-div` of ndsoft, `#articleBody`, `#newsct_article` and `#dic_area` of
/// Naver, `#harmonyContainer` of Daum).
pub const CONTENT: &[&[&str]] = &[
    &["[itemprop=articleBody]"],
    &["#article-view-content-div"],
    &["#newsct_article", "#dic_area", "#articeBody", "#harmonyContainer"],
    &["#articleBody", "#article-body", "#article_body", ".article-body", ".article_body", ".articleBody"],
    &[".entry-content"],
    &[".post-content", ".post-body", ".post_content"],
    &[".story-body", ".story-content", "#story-body", ".story_body"],
    &[
        ".article-content",
        ".article_content",
        "#article-content",
        ".article-text",
        ".article_txt",
        "#article_txt",
        "#articletxt",
    ],
    &[".news_body", ".news-body", "#news_body_area", ".news_end", ".view_con", ".content-body"],
];

/// The first group of [`CONTENT`] an element belongs to.
fn content_group(el: &scraper::node::Element) -> Option<usize> {
    static INDEX: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut map = HashMap::new();
        for (group, tokens) in CONTENT.iter().enumerate() {
            for token in *tokens {
                map.entry(*token).or_insert(group);
            }
        }
        map
    });
    let mut best: Option<usize> = None;
    let mut consider = |key: &str| {
        if let Some(&g) = index.get(key) {
            best = Some(best.map_or(g, |b: usize| b.min(g)));
        }
    };
    if el.attr("itemprop").is_some_and(|v| v.split_whitespace().any(|t| t == "articleBody")) {
        consider("[itemprop=articleBody]");
    }
    if let Some(id) = el.id() {
        consider(&format!("#{id}"));
    }
    for class in el.classes() {
        consider(&format!(".{class}"));
    }
    best
}

/// A value for every node of a page, in a tree of the same shape: `ego_tree` keeps node ids
/// when a tree is mapped, so a lookup is an index into a vector. A hash map keyed by node
/// costs a cache miss a lookup on a page of millions of nodes, which made it the slowest part
/// of reading a large page.
pub struct Side<V>(Tree<V>);

impl<V: Copy + Default> Side<V> {
    pub fn new(doc: &Html) -> Side<V> {
        Side(doc.tree.map_ref(|_| V::default()))
    }

    pub fn get(&self, id: NodeId) -> V {
        self.0.get(id).map(|n| *n.value()).unwrap_or_default()
    }

    pub fn set(&mut self, id: NodeId, value: V) {
        if let Some(mut n) = self.0.get_mut(id) {
            *n.value() = value;
        }
    }
}

/// What the pass learned about one element.
#[derive(Debug, Default, Clone, Copy)]
pub struct Info {
    /// This element, or one around it, is furniture.
    pub junk: bool,
    /// Characters of text (not counting whitespace) in it, outside junk.
    pub text: usize,
    /// How many of those are inside links.
    pub link: usize,
    /// Commas in that text (`,`, `，`, `、`): readability's sign of real sentences.
    pub commas: usize,
}

impl Info {
    pub fn link_density(&self) -> f64 {
        if self.text == 0 { 0.0 } else { self.link as f64 / self.text as f64 }
    }
}

pub struct Page<'a> {
    pub doc: &'a Html,
    pub info: Side<Info>,
    /// `<body>`, or the document's root element if the parser made none.
    pub body: NodeRef<'a, Node>,
    pub max_depth: usize,
    /// The elements of each [`CONTENT`] group, in document order.
    pub content: Vec<Vec<NodeRef<'a, Node>>>,
    /// The `<article>` elements not inside another one, in document order.
    pub articles: Vec<NodeRef<'a, Node>>,
}

struct Frame {
    id: NodeId,
    junk: bool,
    is_link: bool,
    text: usize,
    link: usize,
    commas: usize,
}

impl<'a> Page<'a> {
    pub fn analyse(doc: &'a Html) -> Page<'a> {
        let markers = Markers::find(doc);
        let protected = markers.protected(doc);
        let mut info: Side<Info> = Side::new(doc);
        let mut stack: Vec<Frame> = Vec::new();
        let mut links = 0usize;
        let mut max_depth = 0;
        let mut body = None;
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        let parent_junk = stack.last().is_some_and(|f| f.junk);
                        let junk = parent_junk || (!protected.get(node.id()) && is_junk(el));
                        let is_link = el.name() == "a";
                        if body.is_none() && el.name() == "body" {
                            body = Some(node);
                        }
                        links += usize::from(is_link);
                        stack.push(Frame { id: node.id(), junk, is_link, text: 0, link: 0, commas: 0 });
                        max_depth = max_depth.max(stack.len());
                    }
                    Node::Text(t) => {
                        if let Some(top) = stack.last_mut().filter(|f| !f.junk) {
                            let n = t.chars().filter(|c| !c.is_whitespace()).count();
                            top.text += n;
                            top.commas += t.chars().filter(|c| matches!(c, ',' | '，' | '、')).count();
                            if links > 0 {
                                top.link += n;
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if node.value().is_element() {
                        let Some(f) = stack.pop() else { continue };
                        links -= usize::from(f.is_link);
                        if let Some(parent) = stack.last_mut() {
                            parent.text += f.text;
                            parent.link += f.link;
                            parent.commas += f.commas;
                        }
                        info.set(f.id, Info { junk: f.junk, text: f.text, link: f.link, commas: f.commas });
                    }
                }
            }
        }
        let body = body
            .or_else(|| doc.tree.root().children().find(|n| n.value().is_element()))
            .unwrap_or_else(|| doc.tree.root());
        Page { doc, info, body, max_depth, content: markers.content, articles: markers.articles }
    }

    pub fn info(&self, id: NodeId) -> Info {
        self.info.get(id)
    }
}

/// The elements that announce the story, found in one pass before the analysis.
struct Markers<'a> {
    content: Vec<Vec<NodeRef<'a, Node>>>,
    articles: Vec<NodeRef<'a, Node>>,
    mains: Vec<NodeRef<'a, Node>>,
}

impl<'a> Markers<'a> {
    fn find(doc: &'a Html) -> Markers<'a> {
        let mut m =
            Markers { content: vec![Vec::new(); CONTENT.len()], articles: Vec::new(), mains: Vec::new() };
        let mut article_depth = 0usize;
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let Some(el) = node.value().as_element() else { continue };
                    if let Some(group) = content_group(el) {
                        m.content[group].push(node);
                    }
                    if el.name() == "main" || el.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("main"))
                    {
                        m.mains.push(node);
                    }
                    if el.name() == "article" {
                        if article_depth == 0 {
                            m.articles.push(node);
                        }
                        article_depth += 1;
                    }
                }
                Edge::Close(node) => {
                    if node.value().as_element().is_some_and(|e| e.name() == "article") {
                        article_depth -= 1;
                    }
                }
            }
        }
        m
    }

    /// The announcers and their ancestors (see the module doc). Of the articles only the
    /// biggest counts: a listing's teaser `<article>` in a sidebar must stay furniture.
    fn protected(&self, doc: &Html) -> Side<bool> {
        let biggest_article = self.articles.iter().max_by_key(|a| {
            ElementRef::wrap(**a)
                .map(|e| e.text().map(|t| t.chars().filter(|c| !c.is_whitespace()).count()).sum::<usize>())
                .unwrap_or(0)
        });
        let mut ids = Side::new(doc);
        for root in self.content.iter().flatten().chain(&self.mains).chain(biggest_article) {
            let mut node = Some(*root);
            while let Some(n) = node {
                if ids.get(n.id()) {
                    break;
                }
                ids.set(n.id(), true);
                node = n.parent();
            }
        }
        ids
    }
}

pub fn is_junk(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if JUNK_TAGS.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let style: String =
            style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if el.attr("role").is_some_and(|r| JUNK_ROLES.contains(&r.trim().to_ascii_lowercase().as_str())) {
        return true;
    }
    let names = el.attr("class").into_iter().flat_map(str::split_whitespace).chain(el.id());
    class_words().is_junk(names)
}

/// The rules of `data/boilerplate-classes.tsv`.
#[derive(Debug, Default)]
pub struct ClassWords {
    strong: HashSet<String>,
    weak: HashSet<String>,
    positive: HashSet<String>,
    names: HashSet<String>,
}

pub fn class_words() -> &'static ClassWords {
    static WORDS: OnceLock<ClassWords> = OnceLock::new();
    WORDS.get_or_init(|| ClassWords::parse(include_str!("../../data/boilerplate-classes.tsv")))
}

impl ClassWords {
    fn parse(data: &str) -> ClassWords {
        let mut w = ClassWords::default();
        for line in data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let Some((kind, word)) = line.split_once('\t') else { continue };
            let word = word.trim().to_lowercase();
            match kind {
                "strong" => w.strong.insert(word),
                "weak" => w.weak.insert(word),
                "positive" => w.positive.insert(word),
                "name" => w.names.insert(word),
                _ => false,
            };
        }
        w
    }

    /// Whether class names / an id mark furniture (the rule is in the data file's header).
    pub fn is_junk<'s>(&self, names: impl Iterator<Item = &'s str>) -> bool {
        let (mut strong, mut weak, mut positive) = (false, false, false);
        for name in names {
            if self.names.contains(&name.to_lowercase()) {
                return true;
            }
            for word in words(name) {
                strong |= self.strong.contains(&word);
                weak |= self.weak.contains(&word);
                positive |= self.positive.contains(&word);
            }
        }
        strong || (weak && !positive)
    }

    /// Whether class names / an id contain a word that marks the story's container.
    pub fn is_positive<'s>(&self, names: impl Iterator<Item = &'s str>) -> bool {
        names.flat_map(words).any(|w| self.positive.contains(&w))
    }
}

/// "relatedArticles" → related, articles; "art_copy-2" → art, copy, 2.
fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use scraper::Selector;

    use super::*;

    fn selector(css: &str) -> Selector {
        Selector::parse(css).unwrap()
    }

    #[test]
    fn content_markers_are_matched_by_id_class_and_itemprop() {
        let doc = Html::parse_document(
            "<body><div id=articleBody class='x entry-content'>a</div><section itemprop='articleBody'>b</section>\
             <div class=entry-content>c</div><article><article>inner</article></article><article>2</article></body>",
        );
        let page = Page::analyse(&doc);
        let text = |n: &NodeRef<Node>| ElementRef::wrap(*n).unwrap().text().collect::<String>();
        assert_eq!(page.content[0].iter().map(text).collect::<Vec<_>>(), ["b"]);
        assert_eq!(page.content[3].iter().map(text).collect::<Vec<_>>(), ["a"]);
        assert_eq!(page.content[4].iter().map(text).collect::<Vec<_>>(), ["c"]);
        assert_eq!(page.articles.iter().map(text).collect::<Vec<_>>(), ["inner", "2"]);
        for token in CONTENT.iter().flat_map(|g| g.iter()) {
            assert!(token.starts_with(['#', '.']) || *token == "[itemprop=articleBody]", "{token}");
        }
    }

    #[test]
    fn class_words_split_and_classify() {
        assert_eq!(
            words("relatedArticles art_copy-2").collect::<Vec<_>>(),
            ["related", "articles", "art", "copy", "2"]
        );
        let w = class_words();
        let junk = |s: &str| w.is_junk(s.split_whitespace());
        assert!(junk("related-posts"));
        assert!(junk("share-buttons"));
        assert!(junk("commentList"));
        assert!(junk("photo-box"), "a weak word without a positive one is furniture");
        assert!(!junk("article-photo"), "a positive word rescues a weak one");
        assert!(!junk("article-body has-photo"), "a positive word rescues a weak one");
        assert!(junk("article-footer"), "a strong word wins over a positive one");
        assert!(junk("sr-only"));
        assert!(!junk("headline"));
        assert!(!junk("loading shadow"));
        assert!(!junk("admin"), "whole words only: 'admin' is not 'ad'");
    }

    #[test]
    fn the_data_file_is_well_formed() {
        for line in include_str!("../../data/boilerplate-classes.tsv").lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, word) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
            assert!(["strong", "weak", "positive", "name"].contains(&kind), "{line:?}");
            assert!(!word.trim().is_empty() && word == word.trim(), "{line:?}");
        }
    }

    #[test]
    fn junk_is_inherited_and_text_counted_outside_it() {
        let doc = Html::parse_document(
            "<body><div id=a><p>Story text here.</p><div class=share><p>Share me</p></div>\
             <p><a href=x>link text</a> and more</p></div><nav><p>Menu</p></nav></body>",
        );
        let page = Page::analyse(&doc);
        let a = doc.select(&selector("#a")).next().unwrap();
        let info = page.info(a.id());
        assert!(!info.junk);
        assert_eq!(info.text, "Storytexthere.linktextandmore".len());
        assert_eq!(info.link, "linktext".len());
        let share = doc.select(&selector(".share p")).next().unwrap();
        assert!(page.info(share.id()).junk);
        assert_eq!(page.info(page.body.id()).text, info.text);
    }

    #[test]
    fn the_story_and_its_ancestors_are_protected_from_class_words() {
        let doc = Html::parse_document(
            "<body><div class='site has-sidebar'><div class=entry-content><p>The story.</p></div></div>\
             <div class=sidebar><p>Widget</p></div></body>",
        );
        let page = Page::analyse(&doc);
        let wrapper = doc.select(&selector(".has-sidebar")).next().unwrap();
        assert!(!page.info(wrapper.id()).junk);
        let sidebar = doc.select(&selector(".sidebar")).next().unwrap();
        assert!(page.info(sidebar.id()).junk);
    }
}
