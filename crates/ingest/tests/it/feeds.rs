//! RSS and Atom feeds: each item is a document with its own title, link and date; an item
//! without a body is skipped on its own; what is not a feed is refused clearly.

use std::fs;

use tally_ingest::{Format, Input, Overrides, feed::MAX_FEED_ITEMS};

use crate::fixtures;

fn load_all(path: &std::path::Path) -> Vec<Result<tally_ingest::Loaded, String>> {
    tally_ingest::load_all(&Input::File(path.to_path_buf()), &Overrides::default())
        .into_iter()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect()
}

#[test]
fn an_rss_feed_gives_one_document_per_item() {
    let path = fixtures().join("feeds/monitor.rss");
    let all = load_all(&path);
    assert_eq!(all.len(), 3);
    let first = all[0].as_ref().unwrap();
    assert_eq!(first.format, Format::Feed);
    assert_eq!(first.meta.title.as_deref(), Some("Builders bound for Vladivostok"));
    assert_eq!(first.meta.url.as_deref(), Some("https://monitor.example/2024/03/builders"));
    assert_eq!(first.meta.outlet.as_deref(), Some("Labour Monitor Weekly"));
    assert_eq!(first.meta.published, chrono::NaiveDate::from_ymd_opt(2024, 3, 12));
    assert_eq!(first.meta.path, Some(format!("{}#item-1", path.display())));
    assert_eq!(first.lang, tally_core::Lang::En);
    // The full content, not the teaser; the share button inside it is dropped.
    assert!(first.text.contains("about 400 construction workers to Vladivostok"), "{}", first.text);
    assert!(first.text.contains("chosen in Pyongyang in February"));
    assert!(!first.text.contains("teaser") && !first.text.contains("Share this"), "{}", first.text);
    // The original kept is the item's own body.
    assert!(String::from_utf8_lossy(&first.raw).contains("<div class=\"share\">"));

    // RSS descriptions are escaped HTML in practice: read as markup, entities decoded.
    let second = all[1].as_ref().unwrap();
    assert_eq!(second.meta.title.as_deref(), Some("Restaurant staff & visas"));
    assert_eq!(second.text.trim(), "Around 60 waitresses left Dandong for Shenyang last week, traders said.");

    let third = all[2].as_ref().unwrap_err();
    assert_eq!(
        third,
        &format!("{}#item-3: the item has no content or summary, only a headline", path.display())
    );
}

#[test]
fn an_atom_feed_in_korean_keeps_its_dates_and_language() {
    let all = load_all(&fixtures().join("feeds/korean.atom"));
    assert_eq!(all.len(), 1);
    let doc = all[0].as_ref().unwrap();
    assert_eq!(doc.lang, tally_core::Lang::Ko);
    assert_eq!(doc.meta.published, chrono::NaiveDate::from_ymd_opt(2024, 5, 1), "published, not updated");
    assert_eq!(doc.meta.outlet.as_deref(), Some("노동 감시 소식"));
    assert_eq!(
        doc.text.trim(),
        "북한이 이달 말까지 러시아에 노동자 200여 명을 보낼 계획이라고 소식통이 전했다."
    );
    let claims = tally_core::extract(
        &doc.text,
        &tally_core::DocContext { lang: doc.lang, published: doc.meta.published },
    )
    .claims;
    assert_eq!(claims.len(), 1, "{claims:#?}");
    assert_eq!(claims[0].kind, tally_core::Kind::DispatchPlanned);
}

#[test]
fn a_feed_is_not_one_document() {
    let path = fixtures().join("feeds/monitor.rss");
    let err = tally_ingest::load(&Input::File(path.clone()), &Overrides::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: is a feed of 3 items; ingest it with `tally ingest`", path.display())
    );
}

#[test]
fn broken_empty_and_foreign_xml_are_refused_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 4] = [
        (
            "broken.rss",
            "<rss version=\"2.0\"><channel><item><title>x</item>",
            "not a readable RSS or Atom feed (",
        ),
        (
            "empty.atom",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title></feed>",
            "the feed has no items",
        ),
        ("drawing.xml", "<?xml version=\"1.0\"?><svg><rect/></svg>", "unsupported format .xml: tally reads"),
        ("nothing.rss", "   \n", "empty: no text to read"),
    ];
    for (name, body, expected) in cases {
        let path = tmp.path().join(name);
        fs::write(&path, body).unwrap();
        let all = load_all(&path);
        assert_eq!(all.len(), 1, "{name}");
        let line = all[0].as_ref().unwrap_err();
        assert!(line.starts_with(&format!("{}: {expected}", path.display())), "{name}: {line}");
        assert!(!line.contains('\n'), "one line: {line}");
    }
}

#[test]
fn a_feed_over_the_item_limit_is_refused_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let mut body = String::from("<rss version=\"2.0\"><channel><title>big</title>");
    for i in 0..=MAX_FEED_ITEMS {
        body.push_str(&format!("<item><title>{i}</title><description>Item {i}.</description></item>"));
    }
    body.push_str("</channel></rss>");
    let path = tmp.path().join("big.rss");
    fs::write(&path, body).unwrap();
    let all = load_all(&path);
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].as_ref().unwrap_err(),
        &format!(
            "{}: the feed has {} items, more than the {MAX_FEED_ITEMS} read from one file; split it",
            path.display(),
            MAX_FEED_ITEMS + 1
        )
    );
}
