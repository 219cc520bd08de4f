//! Lines of a web page's text that are clearly not the story: copyright and redistribution
//! notices, "Read in Korean", share and subscribe prompts, photo credits, bylines, headings of
//! related-article lists.
//!
//! The rules are data (`data/boilerplate-lines.tsv`, embedded at compile time) so that an
//! analyst can add the furniture of a new outlet without reading Rust; only the byline shapes,
//! which need a little more than a pattern, are code. It applies to text extracted from HTML
//! only — never to a corpus `text.txt` or a plain text file, whose text is kept exactly as
//! normalised (see the crate doc). It does not look at HTML elements; `html` does that with
//! `data/boilerplate-classes.tsv`.

use std::sync::OnceLock;

/// Longest line (in characters) the rules may drop: a notice is short, a story paragraph
/// that happens to contain "all rights reserved" is not.
const MAX_DROPPED_LINE: usize = 200;

/// Longest line taken for a byline ("홍길동 기자 hong@example.com", "By Jane Doe").
const MAX_BYLINE: usize = 60;

#[derive(Debug, Default)]
struct Rules {
    exact: Vec<String>,
    prefix: Vec<String>,
    contains: Vec<String>,
    label: Vec<String>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| parse_rules(include_str!("../data/boilerplate-lines.tsv")))
}

fn parse_rules(data: &str) -> Rules {
    let mut rules = Rules::default();
    for line in data.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        // The data file is part of the source and checked by a test, so a malformed line is a
        // bug caught before release; skipping it keeps a hand edit from breaking ingestion.
        let Some((kind, pattern)) = line.split_once('\t') else { continue };
        let pattern = pattern.trim().to_lowercase();
        match kind {
            "exact" => rules.exact.push(pattern),
            "prefix" => rules.prefix.push(pattern),
            "contains" => rules.contains.push(pattern),
            "label" => rules.label.push(pattern),
            _ => {}
        }
    }
    rules
}

/// Decoration around short lines ("▶ 관련기사", "[Related]", "Share:") that does not change
/// what they are.
fn is_decoration(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '▶' | '▷'
                | '►'
                | '■'
                | '□'
                | '◆'
                | '◇'
                | '●'
                | '○'
                | '※'
                | '☞'
                | '»'
                | '«'
                | '>'
                | '<'
                | '['
                | ']'
                | '【'
                | '】'
                | '('
                | ')'
                | ':'
                | '|'
                | '-'
                | '–'
                | '—'
                | '·'
                | '•'
                | '*'
                | '/'
        )
}

fn core(lower: &str) -> &str {
    lower.trim_matches(is_decoration)
}

/// Whether a line heads a list of related articles ("관련기사", "Related stories").
pub fn is_related_label(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.chars().count() <= 40 && rules().label.iter().any(|l| core(&lower) == l)
}

/// Whether a whole line is boilerplate.
pub fn is_boilerplate_line(line: &str) -> bool {
    let line = line.trim();
    if !line.chars().any(char::is_alphanumeric) {
        return true;
    }
    let chars = line.chars().count();
    if chars > MAX_DROPPED_LINE {
        return false;
    }
    let lower = line.to_lowercase();
    let core = core(&lower);
    let r = rules();
    r.exact.iter().chain(&r.label).any(|p| core == p)
        || r.prefix.iter().any(|p| lower.starts_with(p.as_str()) || core.starts_with(p.as_str()))
        || r.contains.iter().any(|p| lower.contains(p.as_str()))
        || (chars <= MAX_BYLINE && (is_byline(line, core) || is_email(core)))
}

/// "홍길동 기자", "[데일리NK 홍길동 기자]", "홍길동 특파원 hong@example.com", "By Jane Doe, AP".
fn is_byline(line: &str, core: &str) -> bool {
    let korean = ["기자", "특파원", "통신원"];
    if korean.iter().any(|k| core.ends_with(k)) {
        return true;
    }
    if line.contains('@') && korean.iter().any(|k| line.contains(k)) {
        return true;
    }
    // An English byline is "By" and a capitalised name, without the full stop a sentence of
    // that shape ("By Monday, 300 had left.") would end with.
    let mut words = line.split_whitespace();
    words.next().is_some_and(|w| w.eq_ignore_ascii_case("by"))
        && words.next().is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
        && !line.ends_with('.')
}

fn is_email(core: &str) -> bool {
    !core.contains(char::is_whitespace) && core.contains('@') && core.contains('.')
}

/// A Korean wire lead-in of the shape "(서울=연합뉴스) 홍길동 기자 = " before the first
/// sentence, removed so the paragraph starts with the story; the rest of the line is kept.
pub fn strip_lead_byline(line: &str) -> &str {
    // Most lines have no '=' at all, and a single-character search is far cheaper than the
    // five phrase searches below.
    if !line.contains('=') {
        return line;
    }
    for marker in ["기자 = ", "기자= ", "기자 =", "특파원 = ", "특파원 ="] {
        if let Some(at) = line.find(marker) {
            let end = at + marker.len();
            if line[..at].chars().count() <= 40 && line[end..].trim().chars().count() > 0 {
                return line[end..].trim_start();
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_into_every_kind() {
        let data = include_str!("../data/boilerplate-lines.tsv");
        for line in data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let (kind, pattern) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
            assert!(["exact", "prefix", "contains", "label"].contains(&kind), "{line:?}");
            assert!(!pattern.trim().is_empty(), "{line:?}");
        }
        let r = rules();
        assert!(!r.exact.is_empty() && !r.prefix.is_empty() && !r.contains.is_empty() && !r.label.is_empty());
    }

    #[test]
    fn notices_and_furniture_are_boilerplate() {
        for line in [
            "Please direct any comments or questions about this article to feedback@example.org.",
            "Read in Korean",
            "[ⓒ 한국일보, 무단전재 및 재배포 금지]",
            "<저작권자 ⓒ 1980-2024 ㈜연합뉴스. 무단 전재 재배포 금지.>",
            "Copyright © 2024 Example News. All rights reserved.",
            "© Example Media 2024",
            "▶ 관련기사",
            "[Related]",
            "Share this article",
            "Advertisement",
            "홍길동 기자",
            "[데일리NK 홍길동 기자]",
            "홍길동 특파원 hong@example.com",
            "By Jane Doe, Associated Press",
            "jane.doe@example.org",
            "▶ ■ ▶",
            "Reporting by Jane Doe; Editing by John Roe",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn story_lines_are_not() {
        for line in [
            "North Korea plans to send about 300 workers to Russia, a source said.",
            "By Monday, 300 workers had left for Vladivostok.",
            "Related companies in Dandong employ about 400 North Koreans.",
            "The share of wages sent to Pyongyang is about 70 percent.",
            "북한이 러시아에 노동자 300여 명을 보낼 계획이라고 소식통이 전했다.",
            "현지 공장에 근무하는 기자들의 취재에 따르면 노동자들은 그대로 남았다.",
            &format!("{} all rights reserved", "A long paragraph about labour dispatch. ".repeat(6)),
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn labels_head_related_lists() {
        assert!(is_related_label("관련기사"));
        assert!(is_related_label("  ▶ Related Stories: "));
        assert!(!is_related_label("Related companies in Dandong employ 400 workers"));
    }

    #[test]
    fn wire_lead_ins_are_stripped() {
        assert_eq!(
            strip_lead_byline("(서울=연합뉴스) 홍길동 기자 = 북한이 노동자를 보냈다."),
            "북한이 노동자를 보냈다."
        );
        let long = "북한이 노동자를 보냈다고 현지 취재를 다녀온 여러 명의 관계자들과 함께한 기자 = 아님";
        assert_eq!(strip_lead_byline(long), long);
        assert_eq!(strip_lead_byline("No byline here."), "No byline here.");
    }
}
