//! The combined lexicon read a word at a time, for texts without Hangul.
//!
//! Every phrase that is not Korean starts with a word byte and may only match where a word
//! starts (see [`super::Matcher::each`]), so over a text without Hangul (where no Korean
//! phrase can match) the Aho-Corasick automaton's walk through every byte does work a
//! lookup per word can do: the phrases are filed by their first word, and a word of the
//! text is looked up once, then the few phrases filed under it are compared in place (the
//! eight bytes after the first word at once, the rest only if those agree). A phrase
//! ending in `*` that is a single word is filed by its stem's first three bytes instead,
//! since the word it matches is longer than it. The hits are exactly the automaton's, in an
//! order the scan's sorts make the same (a test holds the two to each other over random
//! texts).
//!
//! Why not the automaton everywhere: on English text the overlapping automaton was a
//! fifth of extraction's time, the largest single part; most of its steps are inside
//! words no phrase can start.

use super::{Hit, Matcher, ends_word, is_word_byte, word_end};
use crate::corroborate::FastMap;

/// The eight bytes of `b` from `i` as a number, zeros past its end.
fn eight(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().unwrap_or_default()),
        None => {
            let mut w = [0u8; 8];
            let tail = b.get(i..).unwrap_or_default();
            w[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(w)
        }
    }
}

/// The low `n` bytes of a number, all of them from eight.
fn mask(n: usize) -> u64 {
    if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 }
}

/// Where a stem of three bytes or more is filed: its first three bytes as one number.
fn stem_key(word: &[u8]) -> u32 {
    u32::from_le_bytes([word[0], word[1], word[2], 0])
}

/// Where a first word (`b[s..s + len]`) is filed: a word of up to eight bytes is its own
/// key (word bytes are never zero, so the padding cannot be mistaken for one); a longer one
/// is hashed. Two words may share a key; that only adds phrases to compare, never loses one.
#[inline]
fn word_key(b: &[u8], s: usize, len: usize) -> u64 {
    if len <= 8 {
        eight(b, s) & mask(len)
    } else {
        use std::hash::BuildHasher as _;
        std::hash::BuildHasherDefault::<crate::corroborate::FastHasher>::default().hash_one(&b[s..s + len])
    }
}

/// A set of keys as bits, a key's bit picked by a multiplicative hash: most words of a
/// text start no phrase, and one bit in an 8 KB table says so for nearly all of them
/// (the lexicon's ~900 first words leave ~1.5 % of other words to look up in vain).
struct Bits(Vec<u64>);

impl Bits {
    const BITS: u32 = 16;

    fn new() -> Bits {
        Bits(vec![0; 1 << (Self::BITS - 6)])
    }

    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::BITS)) as usize
    }

    fn insert(&mut self, key: u64) {
        let i = Self::slot(key);
        self.0[i >> 6] |= 1 << (i & 63);
    }

    fn may_hold(&self, key: u64) -> bool {
        let i = Self::slot(key);
        self.0[i >> 6] & (1 << (i & 63)) != 0
    }
}

/// A phrase filed under its first word, with what rules most of them out at a glance
/// (kept beside each other, so a common word's phrases are read in one sweep).
struct Candidate {
    /// Up to eight bytes after the first word, as a number, and which of them count.
    next: u64,
    next_mask: u64,
    /// The length of the first word, and of the whole phrase.
    first: u32,
    len: u32,
    id: u32,
}

/// The non-Korean phrases of a [`Matcher`], filed for a word-by-word reading (by their ids
/// in the matcher, whose texts and patterns the reading compares).
pub(super) struct WordScanner {
    /// By the [`word_key`] of the first word (the phrase's leading run of word bytes): the
    /// ids of the phrases that start with it, in pattern order. Holds every phrase but
    /// the one-word stems.
    by_word: FastMap<u64, Vec<Candidate>>,
    /// The keys of `by_word` and `stems`, as bits looked at before either map.
    first_words: Bits,
    first_stems: Bits,
    /// One-word phrases ending in `*` whose stem is three bytes or more, by
    /// [`stem_key`].
    stems: FastMap<u32, Vec<u32>>,
    /// One-word phrases ending in `*` shorter than that: tried at every word.
    short_stems: Vec<u32>,
}

impl WordScanner {
    /// `None` when some phrase that is not Korean starts with a byte that is not a word
    /// byte: such a phrase can match anywhere, and only the automaton finds it.
    pub(super) fn new(m: &Matcher) -> Option<WordScanner> {
        let mut w = WordScanner {
            by_word: FastMap::default(),
            first_words: Bits::new(),
            first_stems: Bits::new(),
            stems: FastMap::default(),
            short_stems: Vec::new(),
        };
        for (id, (text, p)) in m.texts.iter().zip(&m.patterns).enumerate() {
            let id = u32::try_from(id).ok()?;
            let bytes = text.as_bytes();
            let first = bytes.iter().position(|&b| !is_word_byte(b)).unwrap_or(bytes.len());
            let rest = bytes.len() - first;
            if p.korean {
                continue;
            }
            if first == 0 {
                return None;
            }
            if p.prefix && rest == 0 {
                if first >= 3 {
                    w.stems.entry(stem_key(bytes)).or_default().push(id);
                    w.first_stems.insert(u64::from(stem_key(bytes)));
                } else {
                    w.short_stems.push(id);
                }
            } else {
                let key = word_key(bytes, 0, first);
                w.by_word.entry(key).or_default().push(Candidate {
                    next: eight(bytes, first),
                    next_mask: mask(rest),
                    first: u32::try_from(first).ok()?,
                    len: u32::try_from(bytes.len()).ok()?,
                    id,
                });
                w.first_words.insert(key);
            }
        }
        Some(w)
    }

    /// Every phrase in `lower` (a text without Hangul, ASCII letters lower-cased) that
    /// [`Matcher::each`] of `m` (the matcher this was made from) finds, handed to `found`
    /// with its lexicon: word by word, and at each word in the automaton's order (by where
    /// the phrase itself ends, then by pattern).
    pub(super) fn each(&self, m: &Matcher, lower: &str, mut found: impl FnMut(usize, Hit)) {
        let b = lower.as_bytes();
        // The phrases found at one word: (where the phrase ends, pattern, where the hit
        // ends), sorted before they are handed on.
        let mut here: Vec<(usize, u32, usize)> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !is_word_byte(b[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && is_word_byte(b[i]) {
                i += 1;
            }
            let word = &b[s..i];
            here.clear();
            let key = word_key(b, s, word.len());
            if let Some(cands) = self.first_words.may_hold(key).then(|| self.by_word.get(&key)).flatten() {
                // The text's word is the phrase's first word: a phrase goes on past its
                // first word with a byte that ends words, so the text's must end there too.
                let next = eight(b, i);
                for c in cands {
                    let (first, len) = (c.first as usize, c.len as usize);
                    if first != word.len() || next & c.next_mask != c.next {
                        continue;
                    }
                    let (e, id) = (s + len, c.id);
                    let text = m.texts[id as usize].as_bytes();
                    let same = (first <= 8 || word == &text[..first])
                        && (len <= first + 8 || b.get(s..e) == Some(text));
                    if !same {
                        continue;
                    }
                    if m.patterns[id as usize].prefix {
                        here.push((e, id, word_end(b, e)));
                    } else if ends_word(b, e) {
                        here.push((e, id, e));
                    }
                }
            }
            let stems = if word.len() >= 3 && self.first_stems.may_hold(u64::from(stem_key(word))) {
                self.stems.get(&stem_key(word))
            } else {
                None
            };
            for &id in stems.into_iter().flatten().chain(&self.short_stems) {
                let text = m.texts[id as usize].as_bytes();
                if word.starts_with(text) {
                    here.push((s + text.len(), id, i));
                }
            }
            if here.len() > 1 {
                here.sort_unstable();
            }
            for &(_, id, end) in &here {
                let p = &m.patterns[id as usize];
                found(p.set, Hit { start: s, end, entry: p.entry });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AhoCorasickKind, Case, Lexicon, lexicon};
    use super::*;

    /// The scan as the automaton alone gives it.
    fn by_automaton(lx: &Lexicon, lower: &str) -> super::super::Scan {
        let mut raw: [Vec<Hit>; 4] = Default::default();
        lx.scanner.get_or_init(|| lx.build_scanner()).all.each(lower, |set, h| raw[set].push(h));
        Lexicon::scan_of(raw)
    }

    /// Pieces of text: the words of every phrase that is not Korean, those words cut short
    /// and run on ("deploy" + "ed"), other words, and what sits between words.
    fn pieces() -> Vec<String> {
        let lx = lexicon();
        let mut out: Vec<String> = Vec::new();
        for (phrase, _) in lx.phrases.iter().flatten() {
            if phrase.chars().any(crate::text::is_hangul) {
                continue;
            }
            let p = phrase.trim_end_matches('*');
            out.push(p.to_owned());
            for w in p.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1) {
                out.push(w.to_owned());
                out.push(format!("{w}s"));
                out.push(format!("{w}ed"));
                out.push(w[..w.len() - 1].to_owned());
            }
        }
        out.sort();
        out.dedup();
        for other in [
            "the", "workers", "said", "présent", "x", "a", "1", "300", "U.S.", "’", "'", "-", ".", ",", "(",
            ")", "\n", " ", "  ", "é", "Ünited",
        ] {
            out.push(other.to_owned());
        }
        out
    }

    #[test]
    fn the_embedded_lexicon_is_read_word_by_word() {
        assert!(lexicon().scanner.get_or_init(|| lexicon().build_scanner()).words.is_some());
    }

    #[test]
    fn a_phrase_that_starts_inside_words_keeps_the_automaton() {
        let phrases = vec![("-based".to_owned(), 0), ("dispatch*".to_owned(), 1)];
        let m = Matcher::of_sets(&[(&phrases, false)], AhoCorasickKind::ContiguousNFA, Case::LowerText);
        assert!(WordScanner::new(&m).is_none());
    }

    #[test]
    fn words_find_what_the_automaton_finds_in_a_report() {
        let lx = lexicon();
        let text = "North Korean workers were dispatched to Russia's Primorsky Krai and the U.A.E., \
                    a source told Daily NK; the Workers’ Party’s Cadres Department selected them. \
                    Redeployed, re-dispatched: 300 more were sent home from Vladivostok."
            .to_ascii_lowercase();
        let scan = lx.scan_lower(&text);
        assert_eq!(scan, by_automaton(lx, &text));
        assert!(!scan.places.is_empty() && !scan.orgs.is_empty() && !scan.triggers.is_empty());
        assert!(!scan.sources.is_empty());
    }

    proptest::proptest! {
        /// Over any text without Hangul, the word-by-word reading gives the automaton's
        /// scan exactly: every lexicon's hits, spans, entries and order.
        #[test]
        fn words_equal_the_automaton(
            picks in proptest::collection::vec((0usize..100_000, 0usize..4), 0..60),
        ) {
            static PIECES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
            let pieces = PIECES.get_or_init(pieces);
            let mut text = String::new();
            for (p, sep) in picks {
                text.push_str(&pieces[p % pieces.len()]);
                text.push_str(["", " ", " ", ", "][sep]);
            }
            let lower = text.to_ascii_lowercase();
            let lx = lexicon();
            proptest::prop_assert_eq!(lx.scan_lower(&lower), by_automaton(lx, &lower), "{:?}", lower);
        }
    }
}
