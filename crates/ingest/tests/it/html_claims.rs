//! Claims from news pages: figures in menus, related-article lists, comments and captions'
//! credits are not mined; the story's figures are (issue 3, "HTML from real news sites").

use tally_core::{DocContext, extract};

use crate::check;

fn counts(relative: &str) -> Vec<(Option<u64>, Option<u64>)> {
    let doc = check(relative);
    let claims = extract(&doc.text, &DocContext { lang: doc.lang, published: doc.meta.published }).claims;
    claims.iter().filter_map(|c| c.count.map(|n| (n.min(), n.max()))).collect()
}

#[test]
fn related_posts_and_comments_are_not_mined_for_figures() {
    // The page's related-posts widget says "sent 500 workers" and a comment "3,000 people".
    let got = counts("html/wordpress.html");
    assert!(!got.iter().any(|(lo, hi)| *lo == Some(500) || *hi == Some(500)), "{got:?}");
    assert!(!got.iter().any(|(lo, hi)| *lo == Some(3000) || *hi == Some(3000)), "{got:?}");
}

#[test]
fn the_story_itself_is_read() {
    let doc = check("html/wordpress.html");
    let claims = extract(&doc.text, &DocContext { lang: doc.lang, published: doc.meta.published }).claims;
    assert!(!claims.is_empty(), "the story's own claims are extracted: {:?}", doc.text);
    for c in &claims {
        assert_eq!(&doc.text[c.evidence.start..c.evidence.end], c.evidence.quote);
    }
}

#[test]
fn every_fixture_page_yields_claims_only_from_its_main_text() {
    for page in [
        "html/wordpress.html",
        "html/article_aside.html",
        "html/korean_news.html",
        "html/div_only.html",
        "html/br_table.html",
    ] {
        let doc = check(page);
        let claims = extract(&doc.text, &DocContext { lang: doc.lang, published: doc.meta.published }).claims;
        for c in &claims {
            let q = c.evidence.quote.to_lowercase();
            for furniture in [
                "related",
                "comment",
                "subscribe",
                "newsletter",
                "관련기사",
                "무단전재",
                "copyright",
                "photo:",
            ] {
                assert!(!q.contains(furniture), "{page}: a claim from page furniture: {q}");
            }
        }
    }
}
