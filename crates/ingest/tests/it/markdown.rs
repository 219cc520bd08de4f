//! Markdown reports: markup reduced to words, front matter to metadata.

use chrono::NaiveDate;
use tally_ingest::Format;

use crate::check;

#[test]
fn markdown_briefing_becomes_paragraphs() {
    let doc = check("markdown/briefing.md");
    assert_eq!(doc.format, Format::Markdown);
    assert_eq!(doc.meta.title.as_deref(), Some("Briefing: dispatch to the Russian Far East"));
    assert_eq!(doc.meta.published, NaiveDate::from_ymd_opt(2024, 10, 21));
    assert!(doc.text.contains(
        "An intelligence agency told lawmakers that about 1,500 workers had arrived in the Primorye region since the summer, most of them on student visas."
    ));
    for gone in ["**", "](", "tags:", "chart", "```", "|---"] {
        assert!(!doc.text.contains(gone), "{gone:?} in {}", doc.text);
    }
    insta::assert_snapshot!(doc.text);
}
