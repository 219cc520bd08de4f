//! The tokenizer tally indexes and queries with: Hangul (and other CJK) as overlapping
//! bigrams, everything else as words of letters and digits. Lower-casing and English
//! stemming are chained after it in [`analyzer`].
//!
//! Bigrams need no dictionary, build offline, and find a word whatever particle is glued to
//! it: "러시아로" indexes 러시, 시아, 아로, so the query 러시아 (러시 시아, as a phrase) matches.
//! The price is some false matches across word-internal boundaries, which ranking mostly
//! absorbs. A lone CJK character between non-CJK text is kept as a unigram so it can still
//! be found exactly; it deliberately does not match inside longer runs.

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under in the index.
pub const TOKENIZER: &str = "tally";

/// Tokens longer than this (in bytes) are dropped: they are base64, URLs run together or
/// similar noise, and would bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 60;

/// Bigram tokenizer for CJK runs, word tokenizer for the rest.
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    token: Token,
}

/// The full analyzer: [`BigramTokenizer`], then long-token removal, lower-casing and
/// English stemming (which leaves Hangul untouched).
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(BigramTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(tantivy::tokenizer::Language::English))
        .build()
}

/// CJK scripts tokenized as bigrams: Hangul syllables and jamo, Han, kana.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}'   // Hangul syllables
        | '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{3130}'..='\u{318F}' // Hangul compatibility jamo
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{3040}'..='\u{30FF}' // hiragana and katakana
    )
}

pub struct BigramTokenStream<'a> {
    text: &'a str,
    /// Byte offset where scanning resumes.
    pos: usize,
    /// Inside a CJK run: the byte offset of the next bigram's first character.
    in_run: Option<usize>,
    token: &'a mut Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream<'a> {
        self.token.reset();
        BigramTokenStream { text, pos: 0, in_run: None, token: &mut self.token }
    }
}

impl BigramTokenStream<'_> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        true
    }

    /// The character starting at byte `at`, with its length.
    fn char_at(&self, at: usize) -> Option<(char, usize)> {
        self.text[at..].chars().next().map(|c| (c, c.len_utf8()))
    }
}

impl TokenStream for BigramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        // Continue a CJK run: the next bigram starts one character further on.
        if let Some(start) = self.in_run.take() {
            if let Some((c1, l1)) = self.char_at(start)
                && is_cjk(c1)
                && let Some((c2, l2)) = self.char_at(start + l1)
                && is_cjk(c2)
            {
                self.in_run = Some(start + l1);
                return self.emit(start, start + l1 + l2);
            }
            // The run ended; its last character was already inside the previous bigram.
            self.pos = start + self.char_at(start).map_or(0, |(_, l)| l);
        }
        while let Some((c, len)) = self.char_at(self.pos) {
            let start = self.pos;
            if is_cjk(c) {
                match self.char_at(start + len) {
                    Some((c2, l2)) if is_cjk(c2) => {
                        self.in_run = Some(start + len);
                        return self.emit(start, start + len + l2);
                    }
                    _ => {
                        self.pos = start + len;
                        return self.emit(start, start + len);
                    }
                }
            }
            if c.is_alphanumeric() {
                let mut end = start + len;
                while let Some((c2, l2)) = self.char_at(end) {
                    if c2.is_alphanumeric() && !is_cjk(c2) {
                        end += l2;
                    } else {
                        break;
                    }
                }
                self.pos = end;
                return self.emit(start, end);
            }
            self.pos += len;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut a = analyzer();
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn hangul_runs_become_overlapping_bigrams() {
        assert_eq!(texts("러시아로 파견"), ["러시", "시아", "아로", "파견"]);
        let t = tokens("노동자");
        assert_eq!(t, vec![("노동".into(), 0, 6, 0), ("동자".into(), 3, 9, 1)]);
    }

    #[test]
    fn latin_words_are_lower_cased_and_stemmed() {
        assert_eq!(
            texts("Workers were SENT to Russia's camps."),
            ["worker", "were", "sent", "to", "russia", "s", "camp"]
        );
    }

    #[test]
    fn mixed_text_splits_at_script_changes() {
        // Digits glued to Hangul counters stay separate tokens; a lone syllable is a unigram.
        assert_eq!(texts("300명, 2만8000명"), ["300", "명", "2", "만", "8000", "명"]);
        assert_eq!(texts("NK뉴스"), ["nk", "뉴스"]);
        let t = tokens("a 북 b");
        assert_eq!(t[1], ("북".into(), 2, 5, 1));
    }

    #[test]
    fn positions_are_consecutive_so_phrases_match() {
        let pos: Vec<usize> = tokens("평양 노동자 파견").into_iter().map(|t| t.3).collect();
        assert_eq!(pos, [0, 1, 2, 3]);
    }

    #[test]
    fn empty_and_punctuation_only_text_gives_no_tokens() {
        assert!(texts("").is_empty());
        assert!(texts(" … — «» ").is_empty());
    }
}
