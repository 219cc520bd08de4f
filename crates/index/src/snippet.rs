//! Snippets: the passage of a document that best matches a query, with the matched words'
//! byte ranges, rendered with whatever markers the caller wants (`[`…`]` for plain text,
//! ANSI bold on a terminal, `<mark>` for HTML). Choosing the passage is tantivy's
//! `SnippetGenerator`; this module only normalises and renders its result.

use std::ops::Range;

use serde::Serialize;

/// How to mark matched words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub before: String,
    pub after: String,
    /// Escape `<`, `>`, `&` and `"` in the text (for HTML callers).
    pub escape_html: bool,
}

impl Highlight {
    /// `[word]`, for plain text and logs.
    pub fn brackets() -> Highlight {
        Highlight { before: "[".into(), after: "]".into(), escape_html: false }
    }
    /// Bold on an ANSI terminal.
    pub fn ansi_bold() -> Highlight {
        Highlight { before: "\x1b[1m".into(), after: "\x1b[0m".into(), escape_html: false }
    }
    /// `<mark>word</mark>`, with the rest of the text HTML-escaped.
    pub fn html() -> Highlight {
        Highlight { before: "<mark>".into(), after: "</mark>".into(), escape_html: true }
    }
}

/// A passage of a document and the byte ranges within it that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage, on one line (newlines and tabs become spaces, so offsets are unchanged).
    pub text: String,
    /// Matched byte ranges in `text`, sorted and not overlapping.
    pub highlights: Vec<Range<usize>>,
}

fn push_escaped(out: &mut String, s: &str, html: bool) {
    if !html {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

impl Snippet {
    /// From tantivy's snippet of `body`. When no word of the body matched (only the title
    /// did), the passage is the body's opening, up to `max_chars` characters.
    pub(crate) fn from_tantivy(s: &tantivy::snippet::Snippet, body: &str, max_chars: usize) -> Snippet {
        let (text, ranges) = if s.fragment().is_empty() {
            let end = body.char_indices().nth(max_chars).map_or(body.len(), |(i, _)| i);
            (body[..end].to_owned(), Vec::new())
        } else {
            (s.fragment().to_owned(), tantivy::snippet::collapse_overlapped_ranges(s.highlighted()))
        };
        let text = text.replace(['\n', '\t', '\r'], " ");
        Snippet { text, highlights: ranges }
    }

    /// The passage with each matched range wrapped in `h.before` … `h.after`.
    pub fn marked(&self, h: &Highlight) -> String {
        let mut out = String::with_capacity(self.text.len() + self.highlights.len() * 8);
        let mut at = 0;
        for r in &self.highlights {
            // Ranges come from the tokenizer on this very text, so they are in bounds and on
            // character boundaries; `get` keeps a surprise from panicking all the same.
            let (Some(gap), Some(word)) = (self.text.get(at..r.start), self.text.get(r.clone())) else {
                continue;
            };
            push_escaped(&mut out, gap, h.escape_html);
            out.push_str(&h.before);
            push_escaped(&mut out, word, h.escape_html);
            out.push_str(&h.after);
            at = r.end;
        }
        push_escaped(&mut out, self.text.get(at..).unwrap_or(""), h.escape_html);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_wrap_each_range_and_html_is_escaped() {
        let s = Snippet { text: "300 <workers> to 러시아".into(), highlights: vec![4..13, 17..26] };
        assert_eq!(s.marked(&Highlight::brackets()), "300 [<workers>] to [러시아]");
        assert_eq!(s.marked(&Highlight::html()), "300 <mark>&lt;workers&gt;</mark> to <mark>러시아</mark>");
    }
}
