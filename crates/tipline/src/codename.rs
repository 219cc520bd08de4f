//! Codenames: seven words drawn with the operating system's CSPRNG from the EFF large
//! wordlist (7,776 words, `data/eff_large_wordlist.txt`), so 7 × log2(7776) ≈ 90.5 bits.
//!
//! A codename is the only thing a source keeps. It is held in a [`SecretString`] whose
//! `Debug` prints nothing of it, and it is never stored: the server keeps only what
//! [`crate::kdf`] derives from it. This module owns generating, normalising and checking the
//! shape of codenames; it deliberately does not look anything up (that is `kdf` + `vault`).
//!
//! Checking that every word is in the list is not an oracle: the list is public, so telling
//! a source "word 3 is not in the list" reveals nothing about which codenames exist, and it
//! catches most typing mistakes before they are mistaken for "no replies yet".

use std::fmt;
use std::sync::LazyLock;

use rand::rngs::OsRng;
use rand::{Rng, TryRngCore};
use secrecy::{ExposeSecret, SecretString};

/// How many words a codename has.
pub const WORDS_PER_CODENAME: usize = 7;

/// The wordlist file, embedded at compile time (lines starting with `#` are its licence and
/// attribution).
const WORDLIST_FILE: &str = include_str!("../data/eff_large_wordlist.txt");

/// The longest input the return form accepts as a codename, in bytes. Seven of the longest
/// words with spaces fit many times over; anything longer is not a codename.
pub const MAX_CODENAME_INPUT: usize = 256;

static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    WORDLIST_FILE.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
});

/// The wordlist, in its (alphabetical) file order.
pub fn wordlist() -> &'static [&'static str] {
    &WORDS
}

/// The entropy of one codename in bits.
pub fn entropy_bits() -> f64 {
    WORDS_PER_CODENAME as f64 * (wordlist().len() as f64).log2()
}

/// A source's codename: seven lowercase words separated by single spaces.
pub struct Codename(SecretString);

/// Why some text is not a codename. The messages speak to a source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodenameError {
    #[error("A codename has {WORDS_PER_CODENAME} words; this has {0}.")]
    WordCount(usize),
    #[error("Word {0} of the codename is not one of the codename words. Please check its spelling.")]
    UnknownWord(usize),
    #[error("That is far too long to be a codename.")]
    TooLong,
}

impl Codename {
    /// Draws a new codename from the operating system's random number generator.
    pub fn generate() -> Codename {
        let words = wordlist();
        let mut rng = OsRng.unwrap_err();
        let picked: Vec<&str> =
            (0..WORDS_PER_CODENAME).map(|_| words[rng.random_range(0..words.len())]).collect();
        Codename(SecretString::from(picked.join(" ")))
    }

    /// Reads a codename as a person typed it: any case, any whitespace between the words.
    pub fn parse(input: &str) -> Result<Codename, CodenameError> {
        if input.len() > MAX_CODENAME_INPUT {
            return Err(CodenameError::TooLong);
        }
        let lower = zeroize::Zeroizing::new(input.to_lowercase());
        let parts: Vec<&str> = lower.split_whitespace().collect();
        if parts.len() != WORDS_PER_CODENAME {
            return Err(CodenameError::WordCount(parts.len()));
        }
        for (i, w) in parts.iter().enumerate() {
            if wordlist().binary_search(w).is_err() {
                return Err(CodenameError::UnknownWord(i + 1));
            }
        }
        Ok(Codename(SecretString::from(parts.join(" "))))
    }

    /// The canonical text: lowercase words separated by single spaces.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Codename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Codename([hidden])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wordlist_is_the_eff_large_list_sorted_and_distinct() {
        let w = wordlist();
        assert_eq!(w.len(), 7776);
        assert!(w.windows(2).all(|p| p[0] < p[1]), "sorted and distinct, so binary search works");
        assert_eq!(w[0], "abacus");
        assert_eq!(w[7775], "zoom");
        assert!(entropy_bits() > 90.0 && entropy_bits() < 91.0);
    }

    #[test]
    fn generated_codenames_parse_back_to_themselves() {
        for _ in 0..50 {
            let c = Codename::generate();
            assert_eq!(c.expose().split(' ').count(), WORDS_PER_CODENAME);
            let again = Codename::parse(&c.expose().to_uppercase().replace(' ', "  \n ")).unwrap();
            assert_eq!(again.expose(), c.expose());
        }
    }

    #[test]
    fn two_codenames_differ() {
        assert_ne!(Codename::generate().expose(), Codename::generate().expose());
    }

    #[test]
    fn bad_input_names_the_problem() {
        assert_eq!(Codename::parse("abacus zoom").unwrap_err(), CodenameError::WordCount(2));
        assert_eq!(
            Codename::parse("abacus zoom abacus zoom qqqq zoom abacus").unwrap_err(),
            CodenameError::UnknownWord(5)
        );
        assert_eq!(Codename::parse(&"a".repeat(300)).unwrap_err(), CodenameError::TooLong);
    }

    #[test]
    fn debug_hides_the_words() {
        let c = Codename::parse("abacus zoom abacus zoom abacus zoom abacus").unwrap();
        assert!(!format!("{c:?}").contains("abacus"));
    }
}
