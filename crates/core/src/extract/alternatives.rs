//! Patterns written as a list of alternatives, each with its own named groups (the date
//! patterns: "between March and May", "early November", "지난달", …).
//!
//! Written as one regex `a|b|c`, finding a match is cheap (a lazy DFA), but working out its
//! groups runs a backtracker through every alternative at the match, dozens of groups each:
//! most of what the date readers cost. Compiled as a multi-pattern regex instead (one
//! pattern per alternative, earlier ones preferred at the same position, which is what the
//! alternation meant), the match is found by the same DFA and the groups are then resolved
//! in the one alternative that matched, over the matched span only: by that alternative
//! compiled on its own, so the resolving engine (a backtracker, whose work grows with the
//! pattern's states times the span) walks one alternative's states, not all of them.

use std::ops::Range;

use regex_automata::meta::{BuildError, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

/// A list of alternatives searched as one pattern, leftmost-first.
#[derive(Debug)]
pub struct Alternatives {
    /// Every alternative, one pattern each: finds the matches.
    all: Regex,
    /// Each alternative alone: resolves the groups of a match of it.
    each: Vec<Regex>,
    /// Each alternative's named groups and their indices, looked up by a scan of a few
    /// short names: the regex's own map hashes the name with SipHash, and the date readers
    /// ask a match for a dozen names it mostly does not have.
    names: Vec<Vec<(Box<str>, usize)>>,
}

impl Alternatives {
    pub fn new<P: AsRef<str>>(alternatives: &[P]) -> Result<Alternatives, Box<BuildError>> {
        let each: Vec<Regex> = alternatives
            .iter()
            .map(|a| Regex::new(a.as_ref()).map_err(Box::new))
            .collect::<Result<_, _>>()?;
        let names = each
            .iter()
            .map(|re| {
                re.group_info()
                    .pattern_names(regex_automata::PatternID::ZERO)
                    .enumerate()
                    .filter_map(|(i, name)| Some((Box::from(name?), i)))
                    .collect()
            })
            .collect();
        Ok(Alternatives { all: Regex::new_many(alternatives).map_err(Box::new)?, each, names })
    }

    /// Every non-overlapping match in `haystack`, left to right, with its groups.
    ///
    /// The alternative that matched, run alone and anchored over exactly the span that
    /// matched, finds the same match: leftmost-first prefers the same path through it, and
    /// its look-arounds (`\b`) still see the whole haystack.
    pub fn captures_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = Groups<'h>> + 'h {
        self.all.find_iter(haystack).map(move |m| {
            let (re, names) = (&self.each[m.pattern().as_usize()], &self.names[m.pattern().as_usize()]);
            let mut caps = re.create_captures();
            re.search_captures(&Input::new(haystack).range(m.range()).anchored(Anchored::Yes), &mut caps);
            debug_assert_eq!(caps.get_match().map(|c| c.range()), Some(m.range()));
            Groups { caps, names, haystack }
        })
    }
}

/// One match of [`Alternatives`]: its span and the named groups of the alternative that
/// matched.
#[derive(Debug)]
pub struct Groups<'h> {
    caps: Captures,
    names: &'h [(Box<str>, usize)],
    haystack: &'h str,
}

impl<'h> Groups<'h> {
    /// The whole match.
    pub fn whole(&self) -> Range<usize> {
        self.caps.get_match().map_or(0..0, |m| m.range())
    }

    /// The text of the named group, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<&'h str> {
        let &(_, index) = self.names.iter().find(|(n, _)| &**n == name)?;
        self.caps.get_group(index).map(|span| &self.haystack[span.range()])
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
    fn groups_are_resolved_in_the_alternative_that_matched_with_look_arounds_past_the_span() {
        let alts =
            Alternatives::new(&[r"(?P<num>\d+)(?-u:\b)", r"(?P<tail>x)(?-u:\B)", r"(?P<word>\w+)"]).unwrap();
        let found: Vec<_> = alts
            .captures_iter("12ab 34 xy")
            .map(|g| (g.whole(), g.name("num"), g.name("word"), g.name("tail")))
            .collect();
        assert_eq!(
            found,
            [
                (0..4, None, Some("12ab"), None),
                (5..7, Some("34"), None, None),
                (8..9, None, None, Some("x")),
                (9..10, None, Some("y"), None)
            ]
        );
    }

    #[test]
    fn a_leftmost_match_wins_over_an_earlier_alternative_further_right() {
        let alts = Alternatives::new(&[r"(?P<second>world)", r"(?P<first>hello)"]).unwrap();
        let g = alts.captures_iter("hello world").next().unwrap();
        assert_eq!((g.whole(), g.name("first"), g.name("second")), (0..5, Some("hello"), None));
    }
}
