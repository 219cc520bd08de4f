//! Patterns written as a list of alternatives, each with its own named groups (the date
//! patterns: "between March and May", "early November", "지난달", …).
//!
//! Written as one regex `a|b|c`, finding a match is cheap (a lazy DFA), but working out its
//! groups runs a backtracker through every alternative at the match, dozens of groups each:
//! most of what the date readers cost. Compiled as a multi-pattern regex instead (one
//! pattern per alternative, earlier ones preferred at the same position, which is what the
//! alternation meant), the match is found by the same DFA and the groups are then resolved
//! in the one alternative that matched, over the matched span only.

use std::ops::Range;

use regex_automata::meta::{BuildError, Regex};
use regex_automata::util::captures::Captures;

/// A list of alternatives searched as one pattern, leftmost-first.
#[derive(Debug)]
pub struct Alternatives {
    re: Regex,
}

impl Alternatives {
    pub fn new<P: AsRef<str>>(alternatives: &[P]) -> Result<Alternatives, Box<BuildError>> {
        Ok(Alternatives { re: Regex::new_many(alternatives).map_err(Box::new)? })
    }

    /// Every non-overlapping match in `haystack`, left to right, with its groups.
    pub fn captures_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = Groups<'h>> + 'h {
        self.re.captures_iter(haystack).map(move |caps| Groups { caps, haystack })
    }
}

/// One match of [`Alternatives`]: its span and the named groups of the alternative that
/// matched.
#[derive(Debug)]
pub struct Groups<'h> {
    caps: Captures,
    haystack: &'h str,
}

impl<'h> Groups<'h> {
    /// The whole match.
    pub fn whole(&self) -> Range<usize> {
        self.caps.get_match().map_or(0..0, |m| m.range())
    }

    /// The text of the named group, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<&'h str> {
        self.caps.get_group_by_name(name).map(|span| &self.haystack[span.range()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_alternatives_win_at_the_same_position_and_groups_come_from_the_winner() {
        let alts = Alternatives::new(&[r"(?P<long>ab)c", r"(?P<short>a)b", r"(?P<late>b)cd"]).unwrap();
        let found: Vec<_> = alts
            .captures_iter("xabc ab bcd")
            .map(|g| (g.whole(), g.name("long"), g.name("short"), g.name("late")))
            .collect();
        assert_eq!(
            found,
            [(1..4, Some("ab"), None, None), (5..7, None, Some("a"), None), (8..11, None, None, Some("b")),]
        );
    }

    #[test]
    fn a_leftmost_match_wins_over_an_earlier_alternative_further_right() {
        let alts = Alternatives::new(&[r"(?P<second>world)", r"(?P<first>hello)"]).unwrap();
        let g = alts.captures_iter("hello world").next().unwrap();
        assert_eq!((g.whole(), g.name("first"), g.name("second")), (0..5, Some("hello"), None));
    }
}
