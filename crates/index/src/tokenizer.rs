//! The tokenizers tally indexes and queries with: Hangul (and other CJK) as character
//! n-grams, everything else as words of letters and digits. Lower-casing and English stemming
//! are chained after them in [`analyzer`] and [`query_analyzer`].
//!
//! N-grams need no dictionary, build offline, and find a word whatever particle is glued to
//! it. A CJK run is indexed as its overlapping bigrams *and* trigrams, the trigram starting at
//! the same character sharing the bigram's position: "러시아로" indexes 러시 and 러시아 at 0,
//! 시아 and 시아로 at 1, 아로 at 2. A query word is looked up by the fewest, longest n-grams
//! that cover it ([`query_analyzer`]): a two-syllable word is its bigram, a three-syllable
//! word (노동자, 러시아, 소식통: most Korean nouns) its trigram — one term, which tantivy ranks
//! with block-max WAND instead of checking positions in every document that holds the
//! word — and a longer word its trigrams as a phrase. The trigram phrase matches exactly
//! where the bigram phrase would (the word occurs inside a run), through rarer terms.
//!
//! The price is some false matches across word-internal boundaries, which ranking mostly
//! absorbs, and a larger index for CJK text. A lone CJK character between non-CJK text is
//! kept as a unigram so it can still be found exactly; it deliberately does not match inside
//! longer runs.
//!
//! [`shingle_analyzer`] adds [`ShingleFilter`] after the same chain: each pair of adjacent
//! words (not CJK n-grams) becomes one term, `north korean`, which is what a quoted English
//! phrase is looked up by (see `phrase.rs`).

use std::collections::HashMap;

use tantivy::tokenizer::{
    LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, TextAnalyzer, TextAnalyzerBuilder, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under in the index.
pub const TOKENIZER: &str = "tally";

/// The name [`shingle_analyzer`] is registered under in the index.
pub const SHINGLES: &str = "tally_shingles";

/// What separates the two words of a shingle term. Words are runs of letters and digits, so
/// a space never occurs inside one and `a b` cannot be confused with a word.
pub const SHINGLE_SEPARATOR: char = ' ';

/// Tokens longer than this (in bytes) are dropped: they are base64, URLs run together or
/// similar noise, and would bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 60;

/// Which n-grams a CJK run becomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grams {
    /// Indexing: every bigram, and every trigram at its bigram's position.
    #[default]
    Index,
    /// Querying: the run's bigram when it is two characters long, else its trigrams.
    Query,
}

/// N-gram tokenizer for CJK runs, word tokenizer for the rest.
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    grams: Grams,
    token: Token,
}

impl BigramTokenizer {
    pub fn new(grams: Grams) -> BigramTokenizer {
        BigramTokenizer { grams, token: Token::default() }
    }
}

/// The chain every analyzer shares: n-grams and words, long tokens dropped, lower-cased,
/// stemmed.
fn chain(grams: Grams) -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(BigramTokenizer::new(grams))
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(MemoStemmer::default())
}

fn build(grams: Grams) -> TextAnalyzer {
    chain(grams).build()
}

/// The index's analyzer: [`BigramTokenizer`] with [`Grams::Index`], then long-token
/// removal, lower-casing and English stemming (which leaves Hangul untouched). Snippets are
/// cut with it too.
pub fn analyzer() -> TextAnalyzer {
    build(Grams::Index)
}

/// The analyzer queries are parsed with: the same as [`analyzer`] except for CJK runs, which
/// become [`Grams::Query`]'s covering n-grams.
pub fn query_analyzer() -> TextAnalyzer {
    build(Grams::Query)
}

/// The index's analyzer followed by [`ShingleFilter`]: the terms of the shingle field.
pub fn shingle_analyzer() -> TextAnalyzer {
    chain(Grams::Index).filter(ShingleFilter).build()
}

/// Words the [`MemoStemmer`] remembers at most before it starts over: news prose uses a few
/// tens of thousands of distinct words, so the memo rarely fills; a corpus of odd tokens
/// (codes, numbers) cannot grow it without bound.
const MEMO_WORDS: usize = 65_536;

/// Words longer than this (in bytes) are stemmed without being remembered.
const MEMO_WORD_BYTES: usize = 24;

/// tantivy's English [`Stemmer`] with a memory of the words it has stemmed. Indexing
/// stems every word of every document twice (the word field and the shingle field each run
/// the chain), and the same few thousand words make up most of them: at 100,000 documents
/// the Snowball stemmer was about a quarter of the index threads' time. A remembered word
/// takes one hash lookup. On a miss the word goes through tantivy's own filter, so the
/// stems are tantivy's exactly (a property test holds the two chains to the same tokens).
/// Only short ASCII words are remembered; Hangul n-grams and the rest go to the stemmer
/// each time, as before.
#[derive(Clone)]
pub struct MemoStemmer {
    stems: HashMap<Box<str>, Box<str>>,
    /// tantivy's stemmer over the whole of its input: what a miss asks.
    stemmer: TextAnalyzer,
}

impl Default for MemoStemmer {
    fn default() -> MemoStemmer {
        MemoStemmer {
            stems: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(tantivy::tokenizer::Language::English))
                .build(),
        }
    }
}

impl MemoStemmer {
    /// Puts the stem of the word in `text` in its place.
    fn stem(&mut self, text: &mut String) {
        let remember = text.len() <= MEMO_WORD_BYTES && text.is_ascii();
        if remember && let Some(stem) = self.stems.get(text.as_str()) {
            if **stem != **text {
                text.clear();
                text.push_str(stem);
            }
            return;
        }
        let mut stream = self.stemmer.token_stream(text);
        let stem = if stream.advance() { Some(stream.token().text.clone()) } else { None };
        drop(stream);
        let Some(stem) = stem else { return };
        if remember {
            if self.stems.len() >= MEMO_WORDS {
                self.stems.clear();
            }
            self.stems.insert(text.as_str().into(), stem.as_str().into());
        }
        *text = stem;
    }
}

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner, memo: self }
    }
}

#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: MemoStemmer,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream { tail: self.inner.token_stream(text), memo: &mut self.memo }
    }
}

pub struct MemoStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut MemoStemmer,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.memo.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Whether an analysed token is a word rather than a CJK n-gram: only words are paired into
/// shingles, so only phrases of words can be looked up by them.
pub fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(|c| !is_cjk(c))
}

/// Turns a stream of analysed tokens into the shingles of its adjacent words: `north`,
/// `korean`, `worker` at positions 4, 5, 6 become `north korean` at 4 and `korean worker` at
/// 5, each spanning both words' bytes. Two words are adjacent when their positions are
/// consecutive, so no shingle is made across a CJK run, a dropped over-long token, or from
/// one value of a field into the next (each value is its own stream). A phrase of words then
/// holds exactly where its shingles hold at consecutive positions, which is what lets a
/// quoted phrase be looked up without reading the positions of its words.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShingleFilter;

impl TokenFilter for ShingleFilter {
    type Tokenizer<T: Tokenizer> = ShingleFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ShingleFilterWrapper<T> {
        ShingleFilterWrapper { inner: tokenizer, previous: Token::default(), shingle: Token::default() }
    }
}

#[derive(Clone)]
pub struct ShingleFilterWrapper<T> {
    inner: T,
    /// Reused between streams so a document's shingles cost no allocation per word.
    previous: Token,
    shingle: Token,
}

impl<T: Tokenizer> Tokenizer for ShingleFilterWrapper<T> {
    type TokenStream<'a> = ShingleTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.previous.reset();
        self.shingle.reset();
        ShingleTokenStream {
            tail: self.inner.token_stream(text),
            previous: &mut self.previous,
            has_previous: false,
            shingle: &mut self.shingle,
        }
    }
}

pub struct ShingleTokenStream<'a, T> {
    tail: T,
    /// The last word seen, when `has_previous`.
    previous: &'a mut Token,
    has_previous: bool,
    shingle: &'a mut Token,
}

impl<T: TokenStream> TokenStream for ShingleTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let word = self.tail.token();
            if !is_word(&word.text) {
                self.has_previous = false;
                continue;
            }
            let adjacent = self.has_previous && self.previous.position.wrapping_add(1) == word.position;
            if adjacent {
                self.shingle.text.clear();
                self.shingle.text.push_str(&self.previous.text);
                self.shingle.text.push(SHINGLE_SEPARATOR);
                self.shingle.text.push_str(&word.text);
                self.shingle.position = self.previous.position;
                self.shingle.offset_from = self.previous.offset_from;
                self.shingle.offset_to = word.offset_to;
                self.shingle.position_length = 2;
            }
            self.previous.clone_from(word);
            self.has_previous = true;
            if adjacent {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.shingle
    }

    fn token_mut(&mut self) -> &mut Token {
        self.shingle
    }
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
    grams: Grams,
    /// Byte offset where scanning resumes.
    pos: usize,
    /// Inside a CJK run: the byte offset of the next n-gram's first character.
    in_run: Option<usize>,
    /// A trigram to emit next, at the position of the bigram just emitted (indexing only).
    trigram: Option<(usize, usize)>,
    token: &'a mut Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream<'a> {
        self.token.reset();
        BigramTokenStream {
            text,
            grams: self.grams,
            pos: 0,
            in_run: None,
            trigram: None,
            token: &mut self.token,
        }
    }
}

impl BigramTokenStream<'_> {
    /// Emits `text[from..to]` at the next position.
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.position = self.token.position.wrapping_add(1);
        self.emit_here(from, to)
    }

    /// Emits `text[from..to]` at the position of the previous token.
    fn emit_here(&mut self, from: usize, to: usize) -> bool {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        true
    }

    /// The length of the CJK character starting at byte `at`, if there is one.
    fn cjk_at(&self, at: usize) -> Option<usize> {
        self.text.get(at..)?.chars().next().filter(|&c| is_cjk(c)).map(char::len_utf8)
    }

    /// The end of the n-gram of `n` CJK characters starting at `at`, if the run is that long.
    fn gram_end(&self, at: usize, n: usize) -> Option<usize> {
        (0..n).try_fold(at, |end, _| self.cjk_at(end).map(|l| end + l))
    }

    /// The n-grams of a CJK run whose character at `at` begins the next one; `false` when
    /// the run has no n-gram left there.
    fn continue_run(&mut self, at: usize) -> bool {
        let n = match self.grams {
            Grams::Index => 2,
            Grams::Query => 3,
        };
        let Some(end) = self.gram_end(at, n) else { return false };
        if self.grams == Grams::Index {
            self.trigram = self.gram_end(at, 3).map(|end3| (at, end3));
        }
        // The next n-gram starts one character further on.
        self.in_run = self.cjk_at(at).map(|l| at + l);
        self.emit(at, end)
    }
}

impl TokenStream for BigramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some((from, to)) = self.trigram.take() {
            return self.emit_here(from, to);
        }
        if let Some(at) = self.in_run.take() {
            if self.continue_run(at) {
                return true;
            }
            // The run ended; its last characters were already inside the previous n-gram.
            // A run of n characters spans n - 1 positions in the index (its bigrams) but
            // only n - 2 as a query's trigrams: one more keeps what follows at the indexed
            // distance, so a phrase across words still matches.
            if self.grams == Grams::Query {
                self.token.position = self.token.position.wrapping_add(1);
            }
            self.pos = at;
            while let Some(l) = self.cjk_at(self.pos) {
                self.pos += l;
            }
        }
        while let Some(c) = self.text.get(self.pos..).and_then(|t| t.chars().next()) {
            let start = self.pos;
            let len = c.len_utf8();
            if is_cjk(c) {
                if self.continue_run(start) {
                    return true;
                }
                // A run of one character, or (when querying) of two: the whole run is the token.
                let end = self.gram_end(start, 2).unwrap_or(start + len);
                self.pos = end;
                return self.emit(start, end);
            }
            if c.is_alphanumeric() {
                let mut end = start + len;
                while let Some(c2) = self.text[end..].chars().next() {
                    if c2.is_alphanumeric() && !is_cjk(c2) {
                        end += c2.len_utf8();
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

    /// Every token `analyzer` makes of `text`: (term, start, end, position).
    fn run(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        run(analyzer(), text)
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    fn query_tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        run(query_analyzer(), text)
    }

    fn query_texts(text: &str) -> Vec<String> {
        query_tokens(text).into_iter().map(|t| t.0).collect()
    }

    /// The index's chain as it was before [`MemoStemmer`]: tantivy's stemmer on every token.
    fn reference(shingles: bool) -> TextAnalyzer {
        let chain = TextAnalyzer::builder(BigramTokenizer::new(Grams::Index))
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(Stemmer::new(tantivy::tokenizer::Language::English));
        if shingles { chain.filter(ShingleFilter).build() } else { chain.build() }
    }

    /// Every token of each text in turn, through one analyzer (so what it remembers of one
    /// text is used on the next).
    fn run_all(mut analyzer: TextAnalyzer, texts: &[String]) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        for text in texts {
            let mut stream = analyzer.token_stream(text);
            while let Some(t) = stream.next() {
                out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
        }
        out
    }

    use proptest::prelude::*;

    proptest! {
        /// Remembering stems changes no token: the same words, stems, offsets and positions
        /// as tantivy's stemmer, over texts that repeat words in other cases and mix in
        /// Hangul, long words and accents.
        #[test]
        fn the_memo_stemmer_gives_tantivys_stems(
            texts in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "workers", "Workers", "WORKING", "sent", "sending", "dispatched", "dispatches",
                        "construction", "constructions", "Russia", "russian", "agencies", "agency",
                        "generously", "relational", "hopping", "caresses", "노동자들을", "러시아로",
                        "파견", "naïve", "café", "a", "is", "the", "2024", "1,500",
                        "internationalisationsprocedures", "antidisestablishmentarianisms",
                    ]),
                    0..40,
                ).prop_map(|words| words.join(" ")),
                1..6,
            )
        ) {
            prop_assert_eq!(run_all(analyzer(), &texts), run_all(reference(false), &texts));
            prop_assert_eq!(run_all(shingle_analyzer(), &texts), run_all(reference(true), &texts));
        }
    }

    #[test]
    fn the_memo_starts_over_when_full_and_still_stems() {
        let mut memo = MemoStemmer::default();
        for i in 0..MEMO_WORDS + 10 {
            let mut word = format!("w{i}ing");
            memo.stem(&mut word);
        }
        assert!(memo.stems.len() <= MEMO_WORDS);
        let mut word = "dispatches".to_owned();
        memo.stem(&mut word);
        assert_eq!(word, "dispatch");
        let mut again = "dispatches".to_owned();
        memo.stem(&mut again);
        assert_eq!(again, "dispatch");
    }

    #[test]
    fn hangul_runs_are_indexed_as_bigrams_and_trigrams_sharing_positions() {
        assert_eq!(texts("러시아로 파견"), ["러시", "러시아", "시아", "시아로", "아로", "파견"]);
        let t = tokens("노동자");
        assert_eq!(t, vec![("노동".into(), 0, 6, 0), ("노동자".into(), 0, 9, 0), ("동자".into(), 3, 9, 1)]);
    }

    #[test]
    fn a_query_word_is_its_fewest_longest_ngrams() {
        // Two syllables: the bigram; three: the trigram alone; more: trigrams as a phrase.
        assert_eq!(query_texts("단둥"), ["단둥"]);
        assert_eq!(query_tokens("노동자"), vec![("노동자".into(), 0, 9, 0)]);
        assert_eq!(query_tokens("모스크바"), vec![("모스크".into(), 0, 9, 0), ("스크바".into(), 3, 12, 1)]);
        assert_eq!(query_texts("블라디보스토크"), ["블라디", "라디보", "디보스", "보스토", "스토크"]);
        assert_eq!(query_texts("노동자 파견 북"), ["노동자", "파견", "북"]);
        // After a run of trigrams the next word is one position further, as in the index.
        let pos: Vec<usize> = query_tokens("노동자 파견 북").into_iter().map(|t| t.3).collect();
        assert_eq!(pos, [0, 2, 3]);
        // English is analysed as at indexing.
        assert_eq!(query_texts("Workers NK뉴스 2397호"), ["worker", "nk", "뉴스", "2397", "호"]);
    }

    #[test]
    fn every_query_ngram_is_indexed_at_the_same_relative_position() {
        // A query's n-grams must sit in the indexed text at the same distances from each
        // other, or the phrase would not match.
        let text = "북한이 블라디보스토크에 노동자들을 보냈다";
        let indexed = tokens(text);
        for q in [
            "블라디보스토크",
            "노동자들",
            "보냈다",
            "북한이",
            "스토크에 노동",
            "노동자들을 보냈다",
            "북한이 블라디",
        ] {
            let query = query_tokens(q);
            let first = &query[0];
            let starts: Vec<usize> = indexed.iter().filter(|t| t.0 == first.0).map(|t| t.3).collect();
            assert!(!starts.is_empty(), "{q}: {} not indexed", first.0);
            let found = starts.iter().any(|&p0| {
                query
                    .iter()
                    .all(|(qt, _, _, qp)| indexed.iter().any(|t| &t.0 == qt && t.3 == p0 + qp - first.3))
            });
            assert!(found, "{q}: {query:?} not found in {indexed:?}");
        }
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
        // A trigram shares its bigram's position.
        let pos: Vec<usize> = tokens("평양 노동자 파견").into_iter().map(|t| t.3).collect();
        assert_eq!(pos, [0, 1, 1, 2, 3]);
        let pos: Vec<usize> = query_tokens("평양 노동자 파견").into_iter().map(|t| t.3).collect();
        assert_eq!(pos, [0, 1, 3]);
    }

    fn shingles(text: &str) -> Vec<(String, usize, usize, usize)> {
        run(shingle_analyzer(), text)
    }

    #[test]
    fn adjacent_words_become_shingles_of_their_stems() {
        assert_eq!(
            shingles("North Korean workers, sent."),
            vec![
                ("north korean".into(), 0, 12, 0),
                ("korean worker".into(), 6, 20, 1),
                ("worker sent".into(), 13, 26, 2)
            ]
        );
        // One word, or none: no shingle.
        assert!(shingles("Workers").is_empty());
        assert!(shingles(" … ").is_empty());
    }

    #[test]
    fn no_shingle_is_made_across_cjk_or_a_dropped_token() {
        let s: Vec<String> =
            shingles("NK뉴스 reported 노동자 파견 in Rason").into_iter().map(|t| t.0).collect();
        assert_eq!(s, ["in rason"]);
        // A token over the length limit is dropped but keeps its position: the words either
        // side of it are not adjacent.
        let long = "x".repeat(MAX_TOKEN_BYTES + 1);
        let s: Vec<String> = shingles(&format!("sent {long} home now")).into_iter().map(|t| t.0).collect();
        assert_eq!(s, ["home now"]);
    }

    #[test]
    fn empty_and_punctuation_only_text_gives_no_tokens() {
        assert!(texts("").is_empty());
        assert!(texts(" … — «» ").is_empty());
        assert!(query_texts(" … — «» ").is_empty());
    }
}
