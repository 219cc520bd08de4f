//! Properties over arbitrary text: extraction never panics, and every evidence span slices
//! the text it came from, whatever the mix of Korean, English, digits and punctuation.

use proptest::prelude::*;
use tally_core::{DocContext, Lang, extract};

/// Pieces that trigger the rules, glued with arbitrary text, so the rules themselves meet
/// odd neighbours (a figure at the very end, a quote left open, a Korean particle on a date).
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("about 300 people".to_owned()),
        Just("[about 800-1,000 people]".to_owned()),
        Just("2만8000명".to_owned()),
        Just("300여 명".to_owned()),
        Just("800~1000명".to_owned()),
        Just("USD 600 to 700 a month".to_owned()),
        Just("월 500달러".to_owned()),
        Just("on Nov. 1".to_owned()),
        Just("지난달".to_owned()),
        Just("11월 1일부터".to_owned()),
        Just("plans to send".to_owned()),
        Just("파견할 계획이다".to_owned()),
        Just("Resolution 2397".to_owned()),
        Just("결의 2375·2397호".to_owned()),
        Just("a source in North Korea said".to_owned()),
        Just("소식통에 따르면".to_owned()),
        Just("the second round of selections".to_owned()),
        Just("6개 조".to_owned()),
        Just("Russian-occupied regions of eastern Ukraine".to_owned()),
        Just("연해주".to_owned()),
        Just("“".to_owned()),
        Just("[".to_owned()),
        Just(". ".to_owned()),
        Just("\n\n".to_owned()),
        "[가-힣a-zA-Z0-9 ,.~\\-\\[\\]()\"“”'$%\n]{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_and_evidence_slices(parts in prop::collection::vec(fragment(), 0..24), y in 2000i32..2030, m in 1u32..=12, d in 1u32..=28, ko in any::<bool>()) {
        let raw: String = parts.concat();
        let text = tally_core::text::normalise(&raw);
        let published = chrono::NaiveDate::from_ymd_opt(y, m, d);
        let lang = if ko { Lang::Ko } else { Lang::En };
        let x = extract(&text, &DocContext { lang, published });
        for c in &x.claims {
            prop_assert!(c.evidence.start < c.evidence.end);
            prop_assert_eq!(text.get(c.evidence.start..c.evidence.end), Some(c.evidence.quote.as_str()));
        }
        for diag in &x.diagnostics {
            prop_assert!(text.get(diag.start..diag.end).is_some());
        }
    }

    #[test]
    fn normalised_text_is_a_fixed_point(raw in any::<String>()) {
        let once = tally_core::text::normalise(&raw);
        prop_assert_eq!(tally_core::text::normalise(&once), once);
    }
}
