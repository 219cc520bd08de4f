//! How deep an HTML page nests, measured before it is parsed.
//!
//! The HTML parser checks "is a `<p>` open in scope?" at most start tags by scanning its stack
//! of open elements, so its work grows with depth × tags: 100,000 nested `<div>`s take about a
//! minute. This scan estimates the deepest nesting in one linear pass over the bytes, so such
//! a page is refused in milliseconds. It mirrors the parser's behaviour closely enough for
//! that purpose and no more: void elements and elements whose end tag is optional (`p`, `li`,
//! `td`, …) are not counted, an end tag closes the innermost open element of its name (and
//! everything inside it), and a stray end tag closes nothing. Text inside `script`, `style`,
//! `textarea` and the like is skipped, as are comments. It does not build a tree.

use std::collections::HashMap;

/// Elements that never have content.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"keygen",
    b"frame",
    b"basefont",
    b"bgsound",
    b"image",
];

/// Elements whose end tag may be left out, because the parser closes them when a sibling
/// starts; counting them would call a sloppy but flat page deep.
const OPTIONAL_END: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"rb",
    b"rt",
    b"rtc",
    b"rp",
    b"html",
    b"head",
    b"body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&[u8]] =
    &[b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes", b"plaintext"];

/// The estimated deepest nesting of elements, stopping early once it passes `limit`.
pub fn estimate(html: &[u8], limit: usize) -> usize {
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut open: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut deepest = 0;
    let mut i = 0;
    while let Some(lt) = html[i..].iter().position(|&b| b == b'<') {
        i += lt + 1;
        let rest = &html[i..];
        if rest.starts_with(b"!--") {
            i += find(rest, b"-->").map_or(rest.len(), |e| e + 3);
        } else if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i += find(rest, b">").map_or(rest.len(), |e| e + 1);
        } else if let Some(after) = rest.strip_prefix(b"/") {
            let name = tag_name(after);
            i += find(rest, b">").map_or(rest.len(), |e| e + 1);
            if name.is_empty() || open.get(&name).copied().unwrap_or(0) == 0 {
                continue;
            }
            while let Some(top) = stack.pop() {
                if let Some(n) = open.get_mut(&top) {
                    *n -= 1;
                }
                if top == name {
                    break;
                }
            }
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            let name = tag_name(rest);
            let (end, self_closing) = tag_end(rest);
            i += end;
            if RAW_TEXT.contains(&name.as_slice()) {
                if !self_closing {
                    let mut close = b"</".to_vec();
                    close.extend_from_slice(&name);
                    i += find_ignore_case(&html[i..], &close).unwrap_or(html.len() - i);
                }
                continue;
            }
            if self_closing || VOID.contains(&name.as_slice()) || OPTIONAL_END.contains(&name.as_slice()) {
                continue;
            }
            *open.entry(name.clone()).or_insert(0) += 1;
            stack.push(name);
            deepest = deepest.max(stack.len());
            if deepest > limit {
                return deepest;
            }
        }
    }
    deepest
}

/// The lowercase tag name at the start of `s`.
fn tag_name(s: &[u8]) -> Vec<u8> {
    s.iter()
        .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'>' | b'/'))
        .take(32)
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// Where a start tag ends (one past its `>`, quotes respected) and whether it is `<x … />`.
fn tag_end(s: &[u8]) -> (usize, bool) {
    let mut quote = None;
    for (j, &b) in s.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return (j + 1, j > 0 && s[j - 1] == b'/'),
            _ => {}
        }
    }
    (s.len(), false)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_not_tags() {
        assert_eq!(estimate(b"<div><div><span>x</span></div><div></div></div>", 100), 3);
        assert_eq!(estimate(b"<p>a<p>b<p>c<br><img src=x><li>", 100), 0);
        assert_eq!(estimate(b"<div a='>'><b/></div>", 100), 1);
    }

    #[test]
    fn an_end_tag_closes_what_is_inside_it_and_stray_ones_close_nothing() {
        assert_eq!(estimate(b"<div><b><i></div><div></div>", 100), 3);
        let stray = "<div></span>".repeat(50);
        assert_eq!(estimate(stray.as_bytes(), 100), 50);
    }

    #[test]
    fn script_and_comments_are_skipped() {
        let html = b"<div><script>if (a<b) { '<div><div><div>' }</script><!-- <div><div> --></div>";
        assert_eq!(estimate(html, 100), 1);
        assert_eq!(estimate(b"<div><SCRIPT>x</Script><div></div></div>", 100), 2);
    }

    #[test]
    fn stops_early_past_the_limit() {
        let deep = "<div>".repeat(100_000);
        assert_eq!(estimate(deep.as_bytes(), 512), 513);
    }
}
