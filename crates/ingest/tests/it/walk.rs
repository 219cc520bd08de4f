//! The folder walk over a realistic mix: reports, a corpus folder, a saved page with its
//! assets, hidden files, sidecars, and a file tally cannot read.

use std::fs;

use tally_ingest::{Input, Overrides};

#[test]
fn a_folder_of_reports_yields_documents_and_reasons() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let write = |p: &str, body: &[u8]| {
        let path = root.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    };
    write("2024/a.txt", b"Workers were sent to Russia.\n");
    write("2024/b.md", b"# Title\n\nSix teams of fifty.\n");
    write("2024/c.html", b"<html><body><p>About 300 people left on Monday.</p></body></html>");
    write("2024/c_files/tracker.js", b"track()");
    write("2024/c_files/photo.jpg", b"\xff\xd8\xff");
    write("2024/.DS_Store", b"\0\0\0\x01Bud1");
    write("2024/notes.pdf", b"%PDF-1.4");
    write("2024/empty.txt", b"");
    write("corpus/x1/text.txt", b"A corpus text.\n");
    write("corpus/x1/meta.json", br#"{"published": "2024-05-14", "lang": "en"}"#);
    write("corpus/x1/gold.json", br#"{"claims": []}"#);
    write("corpus/gold.json", br#"{"claims": []}"#);

    let mut lines = Vec::new();
    for input in tally_ingest::inputs(&[root.to_path_buf()]) {
        let line = match input.and_then(|i| tally_ingest::load(&i, &Overrides::default()).map(|d| (i, d))) {
            Ok((Input::CorpusDir(_), d)) => format!("corpus {:?} {}", d.format, d.text.trim()),
            Ok((_, d)) => format!("{:?} {}", d.format, d.text.trim().replace('\n', " / ")),
            Err(e) => format!("error {e}"),
        };
        lines.push(line.replace(&root.display().to_string(), "TMP"));
    }
    assert_eq!(
        lines,
        [
            "Text Workers were sent to Russia.",
            "Markdown Title /  / Six teams of fifty.",
            "Html About 300 people left on Monday.",
            "error TMP/2024/empty.txt: empty: no text to read",
            "error TMP/2024/notes.pdf: unsupported format .pdf: tally reads text (.txt), Markdown (.md), HTML (.html) and RSS/Atom feeds (.rss, .atom, .xml)",
            "corpus Corpus A corpus text.",
        ]
    );
}
