//! Text normalisation, language detection and sentence splitting.
//!
//! Normalisation is the identity on clean UTF-8 with `\n` line ends, so the offsets of the
//! gold files (which index the file as it is) stay valid.

use unicode_normalization::UnicodeNormalization;

use crate::Lang;

/// Normalised text: no byte-order mark, `\n` line ends, NFC, no control characters other
/// than newline and tab. Evidence offsets index this text.
pub fn normalise(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let unix = raw.replace("\r\n", "\n").replace('\r', "\n");
    let nfc: String = if unicode_normalization::is_nfc(&unix) { unix } else { unix.nfc().collect() };
    if nfc.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        nfc.chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect()
    } else {
        nfc
    }
}

/// English or Korean, by the share of Hangul among the letters.
///
/// tally reads two languages whose scripts do not overlap, so counting script is both
/// exact enough and far cheaper than a general language identifier: a text is Korean when
/// at least a fifth of its letters are Hangul (Korean reporting quotes English names and
/// acronyms, so the share is rarely near one).
pub fn detect_lang(text: &str) -> Lang {
    let (mut hangul, mut letters) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        if c.is_alphabetic() {
            letters += 1;
            if is_hangul(c) {
                hangul += 1;
            }
        }
    }
    if letters > 0 && hangul * 5 >= letters { Lang::Ko } else { Lang::En }
}

/// The largest char boundary of `s` at or below `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or above `i`.
pub fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Whether `s` holds a character [`is_hangul`] accepts. Every such character's UTF-8 starts
/// with one of a few bytes (E1, E3, EA–ED), so a text without them (English with curly
/// quotes, whose bytes start E2) is answered by a byte scan, not by decoding each
/// character.
pub fn has_hangul(s: &str) -> bool {
    !s.is_ascii() && s.bytes().any(|b| matches!(b, 0xE1 | 0xE3 | 0xEA..=0xED)) && s.chars().any(is_hangul)
}

/// A sentence: byte range into the text, and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (a block of text between blank lines or hard line breaks).
    pub paragraph: usize,
}

/// Abbreviations after which a full stop does not end a sentence (lower-case, no dot).
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms",
    "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "st", "no", "nos",
    "vol", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "ft", "mt", "approx", "est", "fig", "para",
    "sec", "art", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m", "ph.d", "r.o.k", "d.p.r.k",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '」', '』', '》', '〉'];

/// Splits `text` into sentences.
///
/// Paragraphs end at blank lines and at line breaks after which a new block starts (a
/// heading, a list item, or a line after one ending in sentence punctuation); a line break
/// inside hard-wrapped prose is treated as a space. Within a paragraph a sentence ends at
/// `.`, `!`, `?` or `。` (with any closing quotes or brackets) followed by white space and
/// a plausible sentence start, except after known abbreviations ("Nov.", "U.S.", "Gen."),
/// initials ("J."), and inside an unclosed bracket. Korean sentences end the same way
/// ("…했다. 이어…"); a quoted Korean sentence followed by a particle ("…했다"며) does not end.
/// The spans are trimmed of white space and of a leading unmatched opening quote or a
/// trailing unmatched closing quote, so a quote inside a sentence is kept whole.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (paragraph, (p_start, p_end)) in paragraphs(text).into_iter().enumerate() {
        split_paragraph(text, p_start, p_end, paragraph, &mut out);
    }
    out
}

/// Byte ranges of paragraphs.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let mut line_start = 0usize;
    while line_start < text.len() {
        let line_end = memchr_nl(bytes, line_start).unwrap_or(text.len());
        let line = &text[line_start..line_end];
        let next_start = (line_end + 1).min(text.len());
        let is_last = line_end >= text.len();
        let hard_break = is_last || {
            let next_end = memchr_nl(bytes, next_start).unwrap_or(text.len());
            let next = &text[next_start..next_end];
            line.trim().is_empty() || next.trim().is_empty() || !is_soft_wrap(line, next)
        };
        if hard_break {
            if !text[start..line_end].trim().is_empty() {
                out.push((start, line_end));
            }
            start = next_start;
        }
        line_start = next_start;
        if is_last {
            break;
        }
    }
    out
}

fn memchr_nl(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', &bytes[from..]).map(|i| from + i)
}

/// Whether the break between `line` and `next` looks like hard-wrapped prose rather than
/// the end of a block: the line is long, does not end a sentence, and the next line does
/// not start a list item or heading.
fn is_soft_wrap(line: &str, next: &str) -> bool {
    let l = line.trim_end();
    let n = next.trim_start();
    if l.chars().count() < 40 {
        return false;
    }
    if l.ends_with(['.', '!', '?', ':', '。', '"', '”', ')', ']']) || l.ends_with("다") {
        return false;
    }
    let list_or_heading = n.starts_with(['-', '*', '#', '•', '>'])
        || n.chars().next().is_some_and(|c| c.is_ascii_digit()) && n.contains(". ");
    !list_or_heading
}

/// The bytes at which [`split_paragraph`] decodes a character: brackets, quotes and
/// terminal punctuation in ASCII, and the lead bytes E2 and E3 (of “ ” 。 among others).
static SPLIT_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let special = *b"([)]\".!?";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t[0xE2] = true;
    t[0xE3] = true;
    t
};

/// The first byte at or after `from` that [`SPLIT_BYTES`] marks. Eight bytes are looked up
/// at a time and their marks combined without a branch, since a run of prose without one
/// is the common case (a byte at a time, the look was the splitter's main cost).
fn next_split_byte(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        if chunk.iter().fold(false, |any, &b| any | SPLIT_BYTES[usize::from(b)]) {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| SPLIT_BYTES[usize::from(b)]).map(|n| i + n)
}

fn split_paragraph(text: &str, p_start: usize, p_end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let para = &text[p_start..p_end];
    let bytes = para.as_bytes();
    // The character at byte `pos` (a char boundary), if any: read in place, since a vector
    // of every character was the splitter's main cost.
    let char_at = |pos: usize| para.get(pos..).and_then(|rest| rest.chars().next());
    let mut sent_start = 0usize;
    let mut depth: i32 = 0; // (round and square) bracket depth
    let mut in_quote = false; // inside a double quotation
    let mut pos = 0usize;
    while pos < bytes.len() {
        // Most bytes change nothing here: ASCII letters, digits and spaces, and the bytes of
        // every other character but three, “ ” and 。, whose UTF-8 starts with E2 or E3
        // (a lead byte comes before its character's other bytes, so the look never stops
        // inside a character).
        match next_split_byte(bytes, pos) {
            Some(p) => pos = p,
            None => break,
        }
        let Some(c) = char_at(pos) else { break };
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '“' => in_quote = true,
            '”' => in_quote = false,
            '"' => in_quote = !in_quote,
            '.' | '!' | '?' | '。' => {
                // Swallow runs of terminal punctuation and closing quotes/brackets.
                let mut j = pos + c.len_utf8();
                while let Some(d) = char_at(j)
                    && (matches!(d, '.' | '!' | '?') || CLOSERS.contains(&d))
                {
                    match d {
                        ')' | ']' => depth = (depth - 1).max(0),
                        '”' => in_quote = false,
                        '"' => in_quote = !in_quote,
                        _ => {}
                    }
                    j += d.len_utf8();
                }
                let end = j;
                let followed_by_space = char_at(j).is_none_or(char::is_whitespace);
                if followed_by_space && depth == 0 && (c != '.' || !is_abbreviation(para, pos)) {
                    // Look at what starts the next sentence.
                    let mut k = j;
                    while let Some(d) = char_at(k)
                        && d.is_whitespace()
                    {
                        k += d.len_utf8();
                    }
                    let starts_sentence = char_at(k).is_none_or(|n| {
                        // Korean quoted speech runs on to its particle and verb
                        // ("…됐다. 지금 …\"며 말했다"); English quotations split.
                        n.is_uppercase()
                            || n.is_ascii_digit()
                            || (is_hangul(n) && !in_quote)
                            || !n.is_alphabetic() && !is_hangul(n)
                    });
                    if starts_sentence {
                        push_trimmed(text, p_start + sent_start, p_start + end, paragraph, out);
                        sent_start = end;
                    }
                }
                pos = j;
                continue;
            }
            _ => {}
        }
        pos += c.len_utf8();
    }
    if sent_start < para.len() {
        push_trimmed(text, p_start + sent_start, p_start + para.len(), paragraph, out);
    }
}

/// Whether the full stop at byte `dot` of `para` ends an abbreviation or an initial.
fn is_abbreviation(para: &str, dot: usize) -> bool {
    let before = &para[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '[' || c == '"' || c == '“')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single capital letter: an initial ("Kim J. Un") or part of "U.S.".
    let mut cs = word.chars();
    if let (Some(first), None) = (cs.next(), cs.next()) {
        return first.is_uppercase();
    }
    let lower = word.to_ascii_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        // Dotted acronyms such as "U.S" (the last dot is the one being considered).
        || (lower.len() <= 8 && lower.contains('.') && lower.split('.').all(|p| p.len() <= 2 && !p.is_empty()))
}

const OPENERS: &[char] = &['"', '\'', '“', '‘', '「', '『', '《', '〈'];

fn push_trimmed(text: &str, mut start: usize, mut end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    loop {
        let s = &text[start..end];
        let t = s.trim_start();
        start += s.len() - t.len();
        let s = &text[start..end];
        let t = s.trim_end();
        end = start + t.len();
        let s = &text[start..end];
        // Drop a leading opening quote whose partner is not inside the sentence, and a
        // trailing closing quote whose partner is not either.
        if let Some(c) = s.chars().next().filter(|c| OPENERS.contains(c)) {
            let rest = &s[c.len_utf8()..];
            let partner = match c {
                '“' => '”',
                '‘' => '’',
                '「' => '」',
                '『' => '』',
                '《' => '》',
                '〈' => '〉',
                other => other,
            };
            if !rest.contains(partner) {
                start += c.len_utf8();
                continue;
            }
        }
        if let Some(c) = s.chars().next_back().filter(|c| matches!(c, '"' | '”' | '’' | '」' | '』')) {
            let body = &s[..s.len() - c.len_utf8()];
            let partner = match c {
                '”' => '“',
                '’' => '‘',
                '」' => '「',
                '』' => '『',
                other => other,
            };
            let unmatched =
                if partner == c { body.matches(c).count() % 2 == 0 } else { !body.contains(partner) };
            if unmatched && !body.is_empty() {
                end -= c.len_utf8();
                continue;
            }
        }
        break;
    }
    if start < end {
        out.push(Sentence { start, end, paragraph });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte look answers as decoding every character does.
        #[test]
        fn hangul_by_bytes_is_hangul_by_characters(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', ' ', '’', '“', 'é', '가', '힣', '\u{D7A4}', '\u{D7B0}', 'ᄀ', 'ᇿ', '\u{1200}', 'ㄱ',
                    '\u{318F}', '\u{3190}', '\u{312F}', 'ꀀ', '中', '\u{E000}', '😀', '1',
                ]),
                0..12,
            ),
        ) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(has_hangul(&s), s.chars().any(is_hangul), "{:?}", s);
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| &text[s.start..s.end]).collect()
    }

    proptest::proptest! {
        /// The eight-at-a-time look finds the byte a byte-at-a-time look finds, wherever it
        /// falls in or across the chunks.
        #[test]
        fn next_split_byte_equals_the_plain_look(
            text in "[a-z .!?()\\[\\]\"“”。러시아]{0,40}",
            from in 0usize..48,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            let plain = bytes[from..].iter().position(|&b| SPLIT_BYTES[usize::from(b)]).map(|n| from + n);
            proptest::prop_assert_eq!(next_split_byte(bytes, from), plain);
        }
    }

    #[test]
    fn normalise_is_identity_on_clean_text() {
        let t = "North Korea sent 300 workers.\n\n북한 노동자 300여 명.";
        assert_eq!(normalise(t), t);
        assert_eq!(normalise("\u{feff}a\r\nb\rc"), "a\nb\nc");
        assert_eq!(normalise("a\u{0}b"), "ab");
    }

    #[test]
    fn detects_korean_by_hangul_share() {
        assert_eq!(detect_lang("북한 노동자 300여 명이 러시아로 파견됐다. NIS said."), Lang::Ko);
        assert_eq!(detect_lang("The NIS told lawmakers that 국정원 said so."), Lang::En);
        assert_eq!(detect_lang(""), Lang::En);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let t = "Selection starts on Nov. 1 in the U.S. zone, said Gen. Kim J. Park. Then it ends.";
        assert_eq!(
            split(t),
            vec!["Selection starts on Nov. 1 in the U.S. zone, said Gen. Kim J. Park.", "Then it ends."]
        );
    }

    #[test]
    fn quotes_split_inside_but_lose_their_unmatched_marks() {
        let t = "“We will send six teams,” said the man. “About 50 people each. It is a lot.”";
        assert_eq!(
            split(t),
            vec!["“We will send six teams,” said the man.", "About 50 people each.", "It is a lot."]
        );
    }

    #[test]
    fn brackets_hold_sentences_together() {
        let t = "The first round [about 800-1,000 people. Maybe more.] was large. Next.";
        assert_eq!(
            split(t),
            vec!["The first round [about 800-1,000 people. Maybe more.] was large.", "Next."]
        );
    }

    #[test]
    fn korean_sentences_and_quoted_speech() {
        let t =
            "소식통은 \"지시가 하달됐다. 지금 진행 중이다\"며 \"곧 끝난다\"고 말했다. 이어 300명이 선발됐다.";
        assert_eq!(
            split(t),
            vec![
                "소식통은 \"지시가 하달됐다. 지금 진행 중이다\"며 \"곧 끝난다\"고 말했다.",
                "이어 300명이 선발됐다."
            ]
        );
    }

    #[test]
    fn headings_and_paragraphs_are_separate_and_wrapped_lines_join() {
        let t = "A HEADLINE\nFirst paragraph starts here and it goes on for a while without\nstopping at the line end. Second sentence.\n\nNext paragraph.";
        let s = sentences(t);
        let texts: Vec<&str> = s.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(texts[0], "A HEADLINE");
        assert_eq!(
            texts[1],
            "First paragraph starts here and it goes on for a while without\nstopping at the line end."
        );
        assert_eq!(texts[3], "Next paragraph.");
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), vec![0, 1, 1, 2]);
    }

    #[test]
    fn decimal_points_and_lower_case_continuations_do_not_split() {
        let t = "Trade rose 40.6 percent to US$47.9 million. e.g. this stays.";
        assert_eq!(split(t), vec!["Trade rose 40.6 percent to US$47.9 million. e.g. this stays."]);
    }
}
