//! Every kind of bad input is refused with one line that names the file and the problem, and
//! never panics. Each expected line is written out in full.

use std::fs::{self, File};

use tally_ingest::{Input, Overrides};

use crate::error_line;

fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> Input {
    let path = dir.path().join(name);
    fs::write(&path, bytes).unwrap();
    Input::File(path)
}

#[test]
fn binary_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = file(&tmp, "blob.txt", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0");
    assert_eq!(error_line(&input, tmp.path()), "TMP/blob.txt: looks like a binary file, not a report");
    let input = file(&tmp, "scan", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj");
    assert_eq!(error_line(&input, tmp.path()), "TMP/scan: looks like a binary file (PDF), not a report");
    let input = file(&tmp, "report.pdf", b"%PDF-1.4\n");
    assert_eq!(
        error_line(&input, tmp.path()),
        "TMP/report.pdf: unsupported format .pdf: tally reads text (.txt), Markdown (.md), HTML (.html) and RSS/Atom feeds (.rss, .atom, .xml)"
    );
    let input = file(&tmp, "utf16.txt", b"\xff\xfeN\0o\0r\0t\0h\0");
    assert_eq!(
        error_line(&input, tmp.path()),
        "TMP/utf16.txt: is UTF-16 text; tally reads UTF-8 only: convert it first (e.g. iconv -f UTF-16 -t UTF-8)"
    );
}

#[test]
fn invalid_utf8_is_refused_with_the_offset() {
    let tmp = tempfile::tempdir().unwrap();
    // "북한" in EUC-KR after eleven ASCII bytes.
    let input = file(&tmp, "euckr.txt", b"Report 1: \n\xba\xcf\xc7\xd1 workers");
    assert_eq!(
        error_line(&input, tmp.path()),
        "TMP/euckr.txt: not valid UTF-8: bad byte sequence at byte offset 11; tally does not guess encodings, \
         convert the file to UTF-8 first (e.g. iconv -f EUC-KR -t UTF-8)"
    );
    let input =
        file(&tmp, "page.html", b"<html><head><meta charset=\"EUC-KR\"></head><body>\xba\xcf</body></html>");
    let line = error_line(&input, tmp.path());
    assert!(
        line.starts_with(
            "TMP/page.html: not valid UTF-8: bad byte sequence at byte offset 48 (the page declares charset euc-kr);"
        ),
        "{line}"
    );
}

#[test]
fn empty_and_blank_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in
        [("empty.txt", &b""[..]), ("blank.md", b" \n\t\r\n  "), ("bom.txt", b"\xef\xbb\xbf\n")]
    {
        let input = file(&tmp, name, bytes);
        assert_eq!(error_line(&input, tmp.path()), format!("TMP/{name}: empty: no text to read"));
    }
    let input = file(
        &tmp,
        "nav.html",
        b"<html><body><nav><a href=/>Home</a></nav><script>x()</script></body></html>",
    );
    assert_eq!(error_line(&input, tmp.path()), "TMP/nav.html: empty: the page has no readable text");
    let input = file(&tmp, "image.md", b"![just a picture](a.png)\n");
    assert_eq!(error_line(&input, tmp.path()), "TMP/image.md: empty: no text to read");
}

#[test]
fn files_over_the_limit_are_refused_without_reading_them() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.txt");
    // Sparse: 210 MB of size without 210 MB of disk. Reading it would take seconds and the
    // memory; the size check comes first, so the test is instant.
    File::create(&path).unwrap().set_len(210 * 1024 * 1024).unwrap();
    assert_eq!(
        error_line(&Input::File(path), tmp.path()),
        "TMP/big.txt: file is 210.0 MB, larger than the 50 MB limit"
    );
    let path = tmp.path().join("edge.txt");
    File::create(&path).unwrap().set_len(tally_ingest::MAX_BYTES + 1).unwrap();
    assert_eq!(
        error_line(&Input::File(path), tmp.path()),
        "TMP/edge.txt: file is 50.0 MB, larger than the 50 MB limit"
    );
    let upload = vec![b'a'; tally_ingest::MAX_BYTES as usize + 1];
    let err = tally_ingest::load_bytes("upload.txt", upload, &Overrides::default()).unwrap_err();
    assert_eq!(err.to_string(), "upload.txt: file is 50.0 MB, larger than the 50 MB limit");
}

#[test]
fn missing_paths_and_folders_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = Input::File(tmp.path().join("gone.html"));
    assert_eq!(error_line(&missing, tmp.path()), "TMP/gone.html: no such file or directory");
    assert_eq!(
        error_line(&Input::File(tmp.path().to_path_buf()), tmp.path()),
        "TMP: is a folder without a text.txt, not a document"
    );
    let walked: Vec<String> = tally_ingest::inputs(&[tmp.path().join("nope")])
        .map(|r| r.unwrap_err().to_string().replace(&tmp.path().display().to_string(), "TMP"))
        .collect();
    assert_eq!(walked, ["TMP/nope: no such file or directory"]);
}

#[test]
fn malformed_html_is_repaired_and_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("broken.html");
    fs::write(
        &path,
        "<html><body><div class=story><p>About 300 workers <b>left <i>on</b> Monday</i>, a source said.\
         <p>They will work in <a href='x>Vladivostok</a>.</p></div><div",
    )
    .unwrap();
    let doc = tally_ingest::load(&Input::File(path), &Overrides::default()).unwrap();
    assert_eq!(doc.text, "About 300 workers left on Monday, a source said.\n\nThey will work in\n");
}

#[test]
fn deeply_nested_html_is_refused_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let page =
        format!("<html><body>{}Deep.{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let input = file(&tmp, "deep.html", page.as_bytes());
    assert_eq!(
        error_line(&input, tmp.path()),
        "TMP/deep.html: HTML nested deeper than 512 levels; refusing to parse it"
    );
    // Unclosed inline tags nest too; the same limit applies.
    let page = format!("<p>{}text", "<b><i>".repeat(50_000));
    let input = file(&tmp, "inline.htm", page.as_bytes());
    assert_eq!(
        error_line(&input, tmp.path()),
        "TMP/inline.htm: HTML nested deeper than 512 levels; refusing to parse it"
    );
}

#[test]
fn every_error_is_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("a.txt", &b"\0\0"[..]),
        ("b.txt", b"\xff\xff"),
        ("c.txt", b""),
        ("d.html", b"<p>"),
        ("e.json", b"{}"),
    ] {
        let line = error_line(&file(&tmp, name, bytes), tmp.path());
        assert!(!line.contains('\n') && line.starts_with(&format!("TMP/{name}: ")), "{line}");
    }
}
