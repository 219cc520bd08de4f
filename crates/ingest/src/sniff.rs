//! Looking at bytes before trusting them: binary or text, UTF-8 or not, and which format.
//!
//! The format comes from the file name's extension first and the content second: `.txt`,
//! `.md`, `.html` mean what they say (a `.txt` that opens like an HTML document is read as
//! HTML, since that is what a saved page renamed to `.txt` is); a name with no or an unknown
//! extension (stdin, an upload called `report`) is HTML when its opening looks like markup and
//! text otherwise. Extensions of formats tally cannot read yet (`.pdf`, `.docx`, `.json`, …)
//! are refused by name rather than read as text, which would ingest noise.
//!
//! It does not convert anything; see the module doc of the crate for why no encoding is
//! guessed.

use crate::Format;
use crate::problem::Problem;

/// How many leading bytes the control-character share is measured on.
const SNIFF_BYTES: usize = 64 * 1024;

/// Magic numbers of the binary formats most likely to be dropped in a folder of reports,
/// so the error can say what the file is.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old Office document"),
    (b"\x89PNG", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1F\x8B", "gzip archive"),
    (b"{\\rtf", "RTF document"),
];

/// Refuses bytes that are not text: a known binary signature, UTF-16 (named separately,
/// because it is text, just not UTF-8), a NUL byte anywhere, or more than one control byte in
/// twenty near the start (text uses only tab, newline, carriage return and form feed).
pub fn check_text(bytes: &[u8]) -> Result<(), Problem> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Problem::Utf16);
    }
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(Problem::Binary { kind: Some(kind) });
    }
    if bytes.contains(&0) {
        return Err(Problem::Binary { kind: None });
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if control * 20 > head.len() {
        return Err(Problem::Binary { kind: None });
    }
    Ok(())
}

/// The bytes as UTF-8 without a byte-order mark, or the offset of the first bad sequence.
pub fn utf8(bytes: &[u8]) -> Result<&str, Problem> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bom = bytes.len() - body.len();
    std::str::from_utf8(body).map_err(|e| Problem::InvalidUtf8 {
        offset: bom + e.valid_up_to(),
        declared: declared_charset(bytes).filter(|c| !c.eq_ignore_ascii_case("utf-8")),
    })
}

/// The `charset=` an HTML page declares near its top, if any: quoted in the error so the user
/// knows what to convert from.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let name: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .copied()
        .collect();
    if name.is_empty() { None } else { Some(String::from_utf8_lossy(&name).to_lowercase()) }
}

/// Extensions whose content is text but not a report tally can read yet.
const UNSUPPORTED: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "epub", "zip", "gz", "tar",
    "7z", "rar", "json", "jsonl", "csv", "tsv", "yaml", "yml", "toml", "exe", "bin",
];

/// The lowercase extension of a file name, if it has one.
pub fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() { None } else { Some(ext.to_ascii_lowercase()) }
}

/// Refuses extensions tally cannot read, before anything else is looked at: a `.docx` would
/// otherwise be called "binary", which is true but less helpful.
pub fn check_extension(ext: Option<&str>) -> Result<(), Problem> {
    match ext {
        Some(ext) if UNSUPPORTED.contains(&ext) => Err(Problem::Unsupported { ext: ext.to_owned() }),
        _ => Ok(()),
    }
}

/// The format of a text, from its extension (lowercase) and its opening.
pub fn format(ext: Option<&str>, text: &str) -> Format {
    match ext {
        Some("html" | "htm" | "xhtml" | "shtml") => Format::Html,
        Some("md" | "markdown" | "mdown" | "mkd" | "mkdn") => Format::Markdown,
        Some("txt" | "text") => {
            if opens_as_html_document(text) {
                Format::Html
            } else {
                Format::Text
            }
        }
        _ if opens_as_html_document(text) || looks_like_fragment(text) => Format::Html,
        _ => Format::Text,
    }
}

/// A document that starts (after a BOM, whitespace and comments) with a doctype or an
/// `<html>`, `<head>` or `<body>` tag.
fn opens_as_html_document(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    // Skip leading comments and an XML declaration, as in saved XHTML pages.
    for _ in 0..8 {
        if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => return false,
            }
        } else if rest.starts_with("<?xml") {
            match rest.find("?>") {
                Some(end) => rest = rest[end + 2..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let head: String = rest.chars().take(16).collect::<String>().to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"].iter().any(|p| head.starts_with(p))
}

/// A piece of HTML without a document around it (copied from a browser, an RSS item): it
/// opens with a tag and the first 4 KiB hold at least three common block or inline tags.
fn looks_like_fragment(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if !trimmed.starts_with('<') {
        return false;
    }
    let end = (0..=trimmed.len().min(4096)).rev().find(|&i| trimmed.is_char_boundary(i)).unwrap_or(0);
    let head = trimmed[..end].to_ascii_lowercase();
    let tags =
        ["<p>", "<p ", "</p>", "<div", "</div>", "<br", "<article", "<span", "<a href", "<h1", "<h2", "<li>"];
    tags.iter().map(|t| head.matches(t).count()).sum::<usize>() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_signatures_nul_and_control_bytes_are_refused() {
        assert_eq!(check_text(b"%PDF-1.7\n..."), Err(Problem::Binary { kind: Some("PDF") }));
        assert_eq!(check_text(b"hello\0world"), Err(Problem::Binary { kind: None }));
        assert_eq!(
            check_text(b"\x01\x02\x03 mostly control\x04\x05\x06"),
            Err(Problem::Binary { kind: None })
        );
        assert_eq!(check_text(b"\xFF\xFEh\0i\0"), Err(Problem::Utf16));
        assert_eq!(check_text("plain\ttext\r\nwith 한국어\x0c".as_bytes()), Ok(()));
        // One stray control byte in ordinary text is not enough to call it binary.
        let mut text = "A sentence of ordinary length. ".repeat(4).into_bytes();
        text.push(0x07);
        assert_eq!(check_text(&text), Ok(()));
    }

    #[test]
    fn invalid_utf8_reports_the_offset_and_the_declared_charset() {
        let bytes = b"<meta charset=\"euc-kr\"><p>\xB1\xE8</p>";
        let err = utf8(bytes).unwrap_err();
        assert_eq!(err, Problem::InvalidUtf8 { offset: 26, declared: Some("euc-kr".into()) });
        assert!(err.to_string().starts_with(
            "not valid UTF-8: bad byte sequence at byte offset 26 (the page declares charset euc-kr); "
        ));
        assert_eq!(utf8(b"\xEF\xBB\xBFok \xC3"), Err(Problem::InvalidUtf8 { offset: 6, declared: None }));
        assert_eq!(utf8("\u{feff}한국".as_bytes()), Ok("한국"));
    }

    #[test]
    fn extensions_and_content_decide_the_format() {
        assert_eq!(extension("dir.d/Report.HTML"), Some("html".into()));
        assert_eq!(extension(".bashrc"), None);
        assert_eq!(extension("README"), None);
        assert_eq!(format(Some("md"), "<!doctype html>"), Format::Markdown);
        assert_eq!(format(Some("txt"), "  <!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(format(Some("txt"), "<p>a</p><p>b</p><div>c</div>"), Format::Text);
        assert_eq!(format(None, "<!-- saved -->\n<html><body>x"), Format::Html);
        assert_eq!(format(None, "<div><p>One</p><p>Two</p></div>"), Format::Html);
        assert_eq!(format(None, "Workers <b>were</b> sent."), Format::Text);
        assert_eq!(format(Some("log"), "plain"), Format::Text);
        assert_eq!(
            check_extension(Some("pdf")).unwrap_err().to_string(),
            "unsupported format .pdf: tally reads text (.txt), Markdown (.md), HTML (.html) and RSS/Atom feeds (.rss, .atom, .xml)"
        );
    }
}
