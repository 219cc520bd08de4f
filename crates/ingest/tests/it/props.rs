//! Properties over arbitrary input: `load_bytes` never panics, and whatever it returns is
//! normalised text with the hash of that text.

use proptest::prelude::*;
use sha2::{Digest, Sha256};
use tally_core::text::normalise;
use tally_ingest::{Overrides, load_bytes};

const NAMES: &[&str] = &["a.txt", "a.html", "a.md", "upload", "a.htm", "a.markdown"];

fn check_bytes(name: &str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
    match load_bytes(name, bytes.clone(), &Overrides::default()) {
        Ok(doc) => {
            prop_assert_eq!(normalise(&doc.text), doc.text.clone());
            prop_assert!(!doc.text.trim().is_empty());
            prop_assert_eq!(doc.sha256, hex::encode(Sha256::digest(doc.text.as_bytes())));
            prop_assert_eq!(doc.raw, bytes);
        }
        Err(e) => {
            let line = e.to_string();
            prop_assert!(line.starts_with(&format!("{name}: ")), "{}", line);
            prop_assert!(!line.contains('\n'), "{}", line);
        }
    }
    Ok(())
}

/// Markup-shaped text: tags, entities, control characters, combining marks and Hangul mixed,
/// so the HTML and Markdown paths are exercised far more often than random bytes would.
fn markupish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<article class=story>".to_owned()),
        Just("<a href=x>".to_owned()),
        Just("</a>".to_owned()),
        Just("<br>".to_owned()),
        Just("<script>".to_owned()),
        Just("<pre>".to_owned()),
        Just("<td>".to_owned()),
        Just("<h2>관련기사</h2>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&#0;".to_owned()),
        Just("&nbsp;".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("\u{1}\u{301}".to_owned()),
        Just("# ".to_owned()),
        Just("**".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r".to_owned()),
        "[a-zA-Z ,.]{0,12}",
        "[가-힣 ]{0,6}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(name in prop::sample::select(NAMES), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_bytes(name, bytes)?;
    }

    #[test]
    fn arbitrary_text_never_panics(name in prop::sample::select(NAMES), text in any::<String>()) {
        check_bytes(name, text.into_bytes())?;
    }

    #[test]
    fn markup_never_panics_and_comes_out_normalised(name in prop::sample::select(NAMES), text in markupish()) {
        let doc_prefix = if name == "upload" { "<!doctype html>" } else { "" };
        check_bytes(name, format!("{doc_prefix}{text}").into_bytes())?;
    }
}
