//! The text layout tally derives from markup: one paragraph per line, a blank line between
//! paragraphs (and around headings, list items, table rows), whitespace inside a paragraph
//! collapsed to one space, table cells separated by " | ".
//!
//! Both converters (`html`, `markdown`) feed it; it knows nothing of either format. A line
//! break inside a paragraph (`<br>`, a Markdown hard break) starts a new line without a blank
//! one, and two in a row (the `<br><br>` many Korean news sites put between paragraphs) make a
//! paragraph break.

#[derive(Debug, Default)]
pub struct Out {
    text: String,
    line: String,
    space: bool,
    cells: usize,
}

impl Out {
    /// Text whose whitespace runs (including no-break spaces and newlines) count as one space.
    pub fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.space = false;
                self.line.push(c);
            }
        }
    }

    /// Preformatted text (a code block, `<pre>`): its line breaks are kept.
    pub fn verbatim(&mut self, s: &str) {
        for (i, l) in s.split('\n').enumerate() {
            if i > 0 {
                self.line();
            }
            self.text(l);
        }
    }

    /// Starts a table cell: " | " after a cell that held text.
    pub fn cell(&mut self) {
        if self.cells > 0 && !self.line.trim().is_empty() {
            self.line.push_str(" |");
            self.space = true;
        }
        self.cells += 1;
    }

    /// A line break inside a paragraph.
    pub fn line(&mut self) {
        let line = self.line.trim().trim_end_matches(" |");
        if line.is_empty() {
            if !self.text.is_empty() && !self.text.ends_with('\n') {
                // `text<br><br>text`: the first break ended a line, this one ends the paragraph.
                self.text.push_str("\n\n");
            }
        } else {
            if !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push('\n');
            }
            self.text.push_str(line);
        }
        self.line.clear();
        self.space = false;
    }

    /// The end (or start) of a block: a paragraph break.
    pub fn block(&mut self) {
        let line = self.line.trim().trim_end_matches(" |");
        if !line.is_empty() {
            if !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push('\n');
            }
            self.text.push_str(line);
        }
        self.line.clear();
        self.space = false;
        self.cells = 0;
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            if self.text.ends_with('\n') {
                self.text.push('\n');
            } else {
                self.text.push_str("\n\n");
            }
        }
    }

    /// The text, ending in one newline (or empty).
    pub fn finish(mut self) -> String {
        self.block();
        let mut text = self.text.trim_end().to_owned();
        if !text.is_empty() {
            text.push('\n');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lines_and_cells() {
        let mut o = Out::default();
        o.block();
        o.text("  Heading \n");
        o.block();
        o.text("one\u{a0}\u{a0}two ");
        o.line();
        o.text("three");
        o.line();
        o.line();
        o.text("four");
        o.block();
        o.cell();
        o.text("Russia");
        o.cell();
        o.text("300");
        o.cell();
        o.block();
        assert_eq!(o.finish(), "Heading\n\none two\nthree\n\nfour\n\nRussia | 300\n");
    }

    #[test]
    fn nothing_in_nothing_out() {
        let mut o = Out::default();
        o.block();
        o.line();
        o.text(" \n ");
        assert_eq!(o.finish(), "");
    }
}
