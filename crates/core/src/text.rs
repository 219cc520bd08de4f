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

pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}
