//! The data files corroboration reads, embedded at compile time and parsed once:
//! `data/grades.tsv` (sources, their names and default grades), and under
//! `data/corroborate/` the sanctions provisions, country names and citation cues.
//!
//! It owns parsing those files and finding source names in text. It does not decide what a
//! name found means (see `independence`) or how grades combine (see `grade`). The files are
//! data an analyst can extend without reading Rust; a unit test parses each one, so a
//! malformed line fails the build's tests rather than a user's run.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::grade::{Credibility, Grade, Reliability};
use crate::{CountryCode, SourceType};

const GRADES_TSV: &str = include_str!("../../data/grades.tsv");
const PROVISIONS_TSV: &str = include_str!("../../data/corroborate/provisions.tsv");
const COUNTRIES_TSV: &str = include_str!("../../data/corroborate/countries.tsv");
const CITATIONS_TSV: &str = include_str!("../../data/corroborate/citations.tsv");

/// What kind of thing a named source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Outlet,
    Institution,
}

#[derive(Debug, Clone)]
pub struct NamedSource {
    pub scope: Scope,
    pub name: String,
    pub grade: Grade,
}

#[derive(Debug, Clone)]
pub struct Provision {
    pub reference: String,
    pub facet: String,
    pub title: String,
    pub cues: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueWhere {
    Before,
    After,
    Sentence,
}

pub struct Lexicon {
    pub sources: Vec<NamedSource>,
    pub type_grades: HashMap<SourceType, Grade>,
    /// Lower-cased alias → index into `sources`.
    alias_index: HashMap<String, usize>,
    /// Finds aliases in running text (ASCII case-insensitive, leftmost-longest).
    finder: AhoCorasick,
    /// For each pattern of `finder`, the source it names.
    finder_source: Vec<usize>,
    pub provisions: Vec<Provision>,
    pub countries: HashMap<CountryCode, String>,
    pub cues: Vec<(CueWhere, String)>,
}

/// A source name found in text: byte span and which source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub source: usize,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| match Lexicon::parse() {
    Ok(l) => l,
    // The files are embedded and checked by `lexicon_files_parse`; reaching this means a
    // build shipped a broken data file, which no user input can cause.
    Err(e) => panic!("corroborate data files are malformed: {e}"),
});

pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

/// The data files a document's fingerprint depends on (source names and aliases, citation
/// cues): `independence::fingerprint_version` hashes them, so editing either makes stored
/// fingerprints stale.
pub(crate) fn fingerprint_data() -> [&'static str; 2] {
    [GRADES_TSV, CITATIONS_TSV]
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

impl Lexicon {
    fn parse() -> Result<Lexicon, String> {
        let mut sources = Vec::new();
        let mut type_grades = HashMap::new();
        let mut alias_index = HashMap::new();
        for (n, cols) in data_lines(GRADES_TSV) {
            let at = |what: &str| format!("grades.tsv line {n}: {what}");
            if cols.len() < 4 {
                return Err(at("expected scope, name, reliability, credibility"));
            }
            let reliability = Reliability::parse(cols[2]).ok_or_else(|| at("bad reliability"))?;
            let credibility =
                cols[3].parse::<u8>().ok().and_then(Credibility::new).ok_or_else(|| at("bad credibility"))?;
            let grade = Grade { reliability, credibility };
            let scope = match cols[0] {
                "type" => {
                    let t = SourceType::parse(cols[1]).ok_or_else(|| at("unknown source type"))?;
                    type_grades.insert(t, grade);
                    continue;
                }
                "outlet" => Scope::Outlet,
                "institution" => Scope::Institution,
                _ => return Err(at("scope must be type, outlet or institution")),
            };
            let idx = sources.len();
            sources.push(NamedSource { scope, name: cols[1].to_owned(), grade });
            let aliases = cols.get(4).map_or(&[][..], |a| std::slice::from_ref(a));
            for alias in aliases.iter().flat_map(|a| a.split('|')).chain([cols[1]]) {
                let alias = alias.trim();
                if !alias.is_empty() {
                    alias_index.entry(alias.to_lowercase()).or_insert(idx);
                }
            }
        }
        for t in SourceType::ALL {
            if !type_grades.contains_key(&t) {
                return Err(format!("grades.tsv: no default grade for source type {}", t.as_str()));
            }
        }
        let mut patterns: Vec<(&String, &usize)> = alias_index.iter().collect();
        patterns.sort();
        let finder = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|(p, _)| p.as_str()))
            .map_err(|e| format!("grades.tsv aliases: {e}"))?;
        let finder_source = patterns.iter().map(|(_, i)| **i).collect();

        let mut provisions = Vec::new();
        for (n, cols) in data_lines(PROVISIONS_TSV) {
            if cols.len() < 3 {
                return Err(format!("provisions.tsv line {n}: expected ref, facet, title"));
            }
            let cues = cols.get(3).map_or(Vec::new(), |c| {
                c.split('|').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect()
            });
            provisions.push(Provision {
                reference: cols[0].to_owned(),
                facet: cols[1].to_owned(),
                title: cols[2].to_owned(),
                cues,
            });
        }

        let mut countries = HashMap::new();
        for (n, cols) in data_lines(COUNTRIES_TSV) {
            let code =
                CountryCode::new(cols[0]).ok_or_else(|| format!("countries.tsv line {n}: bad code"))?;
            let name = cols.get(1).ok_or_else(|| format!("countries.tsv line {n}: no name"))?;
            countries.insert(code, (*name).to_owned());
        }

        let mut cues = Vec::new();
        for (n, cols) in data_lines(CITATIONS_TSV) {
            let at = match cols[0] {
                "before" => CueWhere::Before,
                "after" => CueWhere::After,
                "sentence" => CueWhere::Sentence,
                _ => return Err(format!("citations.tsv line {n}: where must be before, after or sentence")),
            };
            let words = cols.get(1).ok_or_else(|| format!("citations.tsv line {n}: no words"))?;
            cues.push((at, words.to_lowercase()));
        }

        Ok(Lexicon { sources, type_grades, alias_index, finder, finder_source, provisions, countries, cues })
    }

    /// The source a name names exactly (any alias, case-insensitively).
    pub fn source_by_name(&self, name: &str) -> Option<usize> {
        self.alias_index.get(&name.trim().to_lowercase()).copied()
    }

    /// Source names in `text`, leftmost-longest, each a whole word where it is written in
    /// Latin letters (so "AP" does not match inside "APEC"). Hangul names need no boundary
    /// check: Korean attaches particles directly to names ("데일리NK에 따르면").
    pub fn find_sources(&self, text: &str) -> Vec<Found> {
        let bytes = text.as_bytes();
        self.finder
            .find_iter(text)
            .filter(|m| {
                let first = text[m.start()..].chars().next().unwrap_or(' ');
                let last = text[..m.end()].chars().next_back().unwrap_or(' ');
                let before_ok = !first.is_ascii_alphanumeric()
                    || m.start() == 0
                    || !text[..m.start()].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
                let after_ok = !last.is_ascii_alphanumeric()
                    || m.end() == bytes.len()
                    || !text[m.end()..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                before_ok && after_ok
            })
            .map(|m| Found {
                start: m.start(),
                end: m.end(),
                source: self.finder_source[m.pattern().as_usize()],
            })
            .collect()
    }

    /// The best source a free-text name refers to: an exact alias, else the longest alias
    /// inside it ("The Chosun Ilbo (English edition)" → The Chosun Ilbo).
    pub fn resolve_name(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.source_by_name(name) {
            return Some(i);
        }
        self.find_sources(name)
            .into_iter()
            .max_by_key(|f| (f.end - f.start, usize::MAX - f.start))
            .map(|f| f.source)
    }

    pub fn country_name(&self, code: CountryCode) -> String {
        self.countries.get(&code).cloned().unwrap_or_else(|| code.as_str().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_files_parse() {
        let l = Lexicon::parse().unwrap();
        assert!(l.sources.len() > 30);
        assert_eq!(l.type_grades.len(), SourceType::ALL.len());
        assert!(
            l.provisions.iter().any(|p| p.reference == "UNSCR 2397" && p.facet == "repatriation_deadline")
        );
        assert_eq!(l.country_name(CountryCode::new("UA").unwrap()), "Ukraine");
        assert!(l.cues.iter().any(|(w, c)| *w == CueWhere::Sentence && c == "따르면"));
    }

    #[test]
    fn names_resolve_through_aliases_in_both_languages() {
        let l = lexicon();
        let dnk = l.source_by_name("Daily NK").unwrap();
        assert_eq!(l.source_by_name("데일리NK"), Some(dnk));
        assert_eq!(l.resolve_name("데일리NK (한국어)"), Some(dnk));
        let chosun = l.resolve_name("The Chosun Ilbo (English edition)").unwrap();
        assert_eq!(l.sources[chosun].name, "The Chosun Ilbo");
        let nis = l.resolve_name("국정원").unwrap();
        assert_eq!(l.sources[nis].scope, Scope::Institution);
    }

    #[test]
    fn latin_names_match_whole_words_only() {
        let l = lexicon();
        assert!(l.find_sources("APEC leaders met").is_empty());
        let found = l.find_sources("the AP reported, and 데일리NK에 따르면");
        assert_eq!(found.len(), 2);
        assert_eq!(l.sources[found[0].source].name, "Associated Press");
        assert_eq!(l.sources[found[1].source].name, "Daily NK");
    }
}
