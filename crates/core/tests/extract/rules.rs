//! One test per extraction rule, each with sentences written for it (none from the corpus).
//! `check` is the only caller of the extractor here.

use tally_core::{Claim, DocContext, Kind, Lang, SourceType, extract};

/// The claims of `text`, published on `published`.
fn check(text: &str, published: &str) -> Vec<Claim> {
    let lang = tally_core::text::detect_lang(text);
    let claims = extract(text, &DocContext { lang, published: Some(published.parse().unwrap()) }).claims;
    for c in &claims {
        assert_eq!(&text[c.evidence.start..c.evidence.end], c.evidence.quote, "evidence slices the text");
    }
    claims
}

fn one(text: &str, published: &str) -> Claim {
    let claims = check(text, published);
    assert_eq!(claims.len(), 1, "expected one claim in {text:?}, got {claims:#?}");
    claims.into_iter().next().unwrap()
}

fn range(c: &Claim) -> (Option<u64>, Option<u64>, bool) {
    let n = c.count.expect("a count");
    (n.min(), n.max(), n.approx())
}

fn country(c: &Claim) -> Option<String> {
    c.destination.as_ref().and_then(|d| d.country).map(|c| c.to_string())
}

fn time(c: &Claim) -> Option<(String, String)> {
    c.time.as_ref().map(|t| (t.start().to_string(), t.end().to_string()))
}

#[test]
fn plans_make_a_planned_dispatch() {
    let c =
        one("Pyongyang intends to dispatch roughly 400 builders to Vladivostok next month.", "2024-03-10");
    assert_eq!(c.kind, Kind::DispatchPlanned);
    assert_eq!(range(&c), (Some(400), Some(400), true));
    assert_eq!(c.destination.as_ref().unwrap().region.as_deref(), Some("Vladivostok"));
    assert_eq!(time(&c), Some(("2024-04-01".into(), "2024-04-30".into())));
}

#[test]
fn past_tense_makes_a_reported_dispatch_with_its_source() {
    let c = one(
        "Some 1,200 North Korean labourers arrived in Khabarovsk last month, a source in Russia said.",
        "2024-03-10",
    );
    assert_eq!(c.kind, Kind::DispatchReported);
    assert_eq!(range(&c), (Some(1200), Some(1200), true));
    assert_eq!(country(&c).as_deref(), Some("RU"));
    assert_eq!(c.source.kind, SourceType::AnonymousAbroad);
    assert_eq!(time(&c), Some(("2024-02-01".into(), "2024-02-29".into())));
}

#[test]
fn korean_endings_carry_the_modality() {
    let planned =
        one("소식통은 북한이 다음 달 연해주에 노동자 500여 명을 파견할 계획이라고 전했다.", "2024-03-10");
    assert_eq!(planned.kind, Kind::DispatchPlanned);
    assert_eq!(range(&planned), (Some(500), Some(500), true));
    assert_eq!(planned.destination.as_ref().unwrap().region.as_deref(), Some("Primorsky Krai"));
    assert_eq!(planned.source.kind, SourceType::AnonymousInCountry);
    let expected = one("북한 노동자 300명이 이달 말 하바롭스크에 도착할 예정이다.", "2024-03-10");
    assert_eq!(expected.kind, Kind::DispatchPlanned);
    let reported = one("지난해 북한 노동자 2만8000명이 러시아로 송출됐다.", "2024-03-10");
    assert_eq!(reported.kind, Kind::DispatchReported);
    assert_eq!(range(&reported), (Some(28000), Some(28000), false));
    assert_eq!(time(&reported), Some(("2023-01-01".into(), "2023-12-31".into())));
    let ongoing = one("북한은 요즘도 중국 단둥으로 노동자 수백 명을 보내고 있다.", "2024-03-10");
    assert_eq!(ongoing.kind, Kind::DispatchReported);
    assert_eq!(range(&ongoing), (Some(100), None, true));
}

#[test]
fn ranges_in_every_form() {
    let forms = [
        ("The first group [about 800-1,000 people] was selected in May.", (Some(800), Some(1000), true)),
        ("Between 800 to 1,000 workers were selected in May.", (Some(800), Some(1000), false)),
        ("5월에 800~1000명이 선발됐다.", (Some(800), Some(1000), false)),
        ("5월에 1천여 명이 선발됐다.", (Some(1000), Some(1000), true)),
        ("5월에 2만8천 명이 선발됐다.", (Some(28000), Some(28000), false)),
        ("5월에 수천 명이 선발됐다.", (Some(1000), None, true)),
        ("More than 1,000 workers were selected in May.", (Some(1000), None, true)),
        ("Up to 28,000 workers were selected in May.", (None, Some(28000), false)),
        ("Tens of thousands of workers were selected in May.", (Some(10000), None, true)),
    ];
    for (text, want) in forms {
        let c = one(text, "2024-06-10");
        assert_eq!(c.kind, Kind::SelectionRound, "{text}");
        assert_eq!(range(&c), want, "{text}");
    }
}

#[test]
fn teams_give_their_size_and_a_total() {
    let c =
        one("The province will select eight teams of about 40 people each to be sent to Amur.", "2024-03-10");
    assert_eq!(c.kind, Kind::SelectionRound);
    let t = c.teams.expect("teams");
    assert_eq!(
        (t.count.unwrap().min(), t.size.unwrap().min(), t.size.unwrap().approx()),
        (Some(8), Some(40), true)
    );
    assert_eq!(range(&c), (Some(320), Some(320), true), "eight teams of about 40 make about 320");
    let k = one("각 도에서 50명씩 6개 조를 선발한다고 소식통은 말했다.", "2024-03-10");
    let t = k.teams.expect("teams");
    assert_eq!((t.count.unwrap().min(), t.size.unwrap().min()), (Some(6), Some(50)));
    assert_eq!(range(&k), (Some(300), Some(300), false));
}

#[test]
fn lists_pair_places_with_figures_and_keep_the_total() {
    let claims = check(
        "Under the plan Russia will get 24,200 workers, China 1,500 and Mongolia 900, out of 26,600 in all.",
        "2024-03-10",
    );
    let got: Vec<(Option<String>, Option<u64>)> =
        claims.iter().map(|c| (country(c), c.count.unwrap().min())).collect();
    assert_eq!(
        got,
        vec![
            (Some("RU".into()), Some(24200)),
            (Some("CN".into()), Some(1500)),
            (Some("MN".into()), Some(900)),
            (None, Some(26600))
        ]
    );
    assert!(claims.iter().all(|c| c.kind == Kind::DispatchPlanned), "{claims:#?}");
}

#[test]
fn money_per_worker_and_period() {
    let c = one("Each worker must hand over $600–700 a month to the state, a source said.", "2024-03-10");
    assert_eq!(c.kind, Kind::EarningsTarget);
    let m = c.money.unwrap();
    assert_eq!(
        (m.min(), m.max(), m.currency().code(), m.per().is_some(), format!("{:?}", m.period())),
        (Some(600), Some(700), "USD", true, "Some(Month)".into())
    );
    let k = one("노동자들은 월 500달러를 국가에 바쳐야 하는 것으로 알려졌다.", "2024-03-10");
    assert_eq!(k.kind, Kind::EarningsTarget);
    assert_eq!(format!("{:?}", k.money.unwrap().period()), "Some(Month)");
    let r = one("북한은 해외 노동자로 연간 5억 달러를 벌어들이는 것으로 추산된다.", "2024-03-10");
    assert_eq!(r.kind, Kind::RevenueEstimate);
    assert_eq!(
        (r.money.unwrap().min(), format!("{:?}", r.money.unwrap().period())),
        (Some(500_000_000), "Some(Year)".into())
    );
}

#[test]
fn denials_and_negations_make_no_claim() {
    assert!(
        check("Moscow denied that 500 North Korean workers had been sent to Kherson.", "2024-03-10")
            .is_empty()
    );
    assert!(
        check("No North Korean workers have been sent to Kherson since March, officials said.", "2024-03-10")
            .is_empty()
    );
    assert!(
        check("북한 노동자 300명은 아직 귀국하지 않았다.", "2024-03-10")
            .iter()
            .all(|c| c.kind != Kind::Repatriation)
    );
}

#[test]
fn attribution_chains_name_the_source_type() {
    let c = one(
        "South Korea's spy agency told lawmakers that the North had sent about 15,000 workers to Russia on student visas.",
        "2024-03-10",
    );
    assert_eq!(c.source.kind, SourceType::IntelligenceAgency);
    assert_eq!(c.kind, Kind::DispatchReported);
    let k = one("소식통에 따르면 올해 들어 노동자 2천여 명이 선양으로 건너갔다.", "2024-03-10");
    assert_eq!(k.source.kind, SourceType::AnonymousInCountry);
    let d = one(
        "A former worker who fled a logging camp testified that 40 men shared one barrack in Tynda, Amur region.",
        "2024-03-10",
    );
    assert_eq!(d.source.kind, SourceType::DefectorTestimony);
}

#[test]
fn a_time_when_someone_spoke_is_not_the_claim_s_time() {
    let c = one(
        "A source told a reporter on Monday that the selection of about 200 workers starts on Dec. 5.",
        "2023-11-29",
    );
    assert_eq!(time(&c), Some(("2023-12-05".into(), "2023-12-05".into())));
}

#[test]
fn a_round_s_dates_and_bodies_belong_to_its_selection_claims() {
    let text = "The third round of selections will begin on March 2, the source said. Each factory must send its recommendations to the Cadres Department by the end of March.\n\nAbout 120 people will be chosen in the third round.";
    let c = one(text, "2024-02-20");
    assert_eq!(c.round, Some(3));
    assert_eq!(time(&c), Some(("2024-03-02".into(), "2024-03-31".into())));
    assert_eq!(c.organisations, vec!["Cadres Department of the Workers' Party of Korea".to_owned()]);
}

#[test]
fn a_destination_carries_until_a_new_one_or_no_place() {
    let text = "North Korea plans to send workers to Sakhalin. About 250 will work at fish plants. The state wants to send workers to any country that pays. Each will hand over $400 a month.";
    let claims = check(text, "2024-02-20");
    let stock = claims.iter().find(|c| c.count.is_some()).unwrap();
    assert_eq!(stock.destination.as_ref().unwrap().region.as_deref(), Some("Sakhalin"));
    let pay = claims.iter().find(|c| c.kind == Kind::EarningsTarget).unwrap();
    assert_eq!(pay.destination, None, "'any country' ends the inherited destination");
}

#[test]
fn a_vague_figure_restated_precisely_is_one_claim() {
    let text = "Thousands of North Koreans work in Qatar. Officials say 2,400 of them are employed on building sites there.";
    let claims = check(text, "2024-02-20");
    assert_eq!(claims.len(), 1, "{claims:#?}");
    assert_eq!(range(&claims[0]), (Some(2400), Some(2400), false));
}

#[test]
fn a_trigger_without_a_figure_is_a_claim_once() {
    let text = "North Korea has begun sending construction workers to Kursk, an official said. More workers were sent to Kursk in June.";
    let claims = check(text, "2025-08-20");
    assert_eq!(claims.len(), 1, "{claims:#?}");
    assert_eq!((claims[0].kind, country(&claims[0]).as_deref()), (Kind::DispatchReported, Some("RU")));
    assert!(claims[0].count.is_none());
}

#[test]
fn resolutions_are_sanctions_references() {
    let c = one(
        "The practice breaches UN Security Council Resolution 2397, which was adopted in December 2017.",
        "2024-02-20",
    );
    assert_eq!((c.kind, c.legal_refs.clone()), (Kind::SanctionsReference, vec!["UNSCR 2397".to_owned()]));
    assert_eq!(time(&c), Some(("2017-12-01".into(), "2017-12-31".into())));
    let k = one("이는 안보리 결의 2375호와 2397호 위반이다.", "2024-02-20");
    assert_eq!(k.legal_refs, vec!["UNSCR 2375".to_owned(), "UNSCR 2397".to_owned()]);
    let deadline =
        one("Resolution 2397 required states to send the workers home by December 22, 2019.", "2024-02-20");
    assert_eq!(deadline.time, None, "a deadline is not when the rule was made");
}

#[test]
fn troops_trade_and_capacities_are_not_workers() {
    assert!(check("About 11,000 soldiers were deployed to Kursk in October.", "2024-12-01").is_empty());
    assert!(check("Trade between the two countries reached $34 million last year.", "2024-12-01").is_empty());
    assert!(
        check("Buses that can seat around 45 people crossed the bridge at Dandong.", "2024-12-01").is_empty()
    );
    assert!(check("쿠르스크에 배치된 북한군 1만여 명 가운데 수백 명이 숨졌다.", "2024-12-01").is_empty());
}

#[test]
fn entry_statistics_keep_their_purpose() {
    let claims =
        check("Russia issued 2,000 student visas and 800 work visas to North Koreans in 2023.", "2024-02-20");
    let got: Vec<(Kind, Option<String>, Option<u64>)> =
        claims.iter().map(|c| (c.kind, c.purpose.clone(), c.count.unwrap().min())).collect();
    assert_eq!(
        got,
        vec![
            (Kind::EntryStatistic, Some("study".into()), Some(2000)),
            (Kind::EntryStatistic, Some("work".into()), Some(800))
        ]
    );
    assert!(claims.iter().all(|c| time(c) == Some(("2023-01-01".into(), "2023-12-31".into()))));
}

#[test]
fn returns_defections_and_deaths() {
    let r = one("About 4,000 workers returned home from Dandong in October.", "2024-11-20");
    assert_eq!((r.kind, country(&r).as_deref()), (Kind::Repatriation, Some("CN")));
    let d = one("Three workers escaped from a logging site in Amur last year.", "2024-11-20");
    assert_eq!((d.kind, range(&d)), (Kind::Defection, (Some(3), Some(3), false)));
    let a = one("Two North Korean workers died at a construction site in Vladivostok in June.", "2024-11-20");
    assert_eq!((a.kind, range(&a)), (Kind::AbuseOrDeath, (Some(2), Some(2), false)));
}

#[test]
fn where_people_come_from() {
    let c = one("Most of the 300 selected came from North Hamgyong Province and Chongjin.", "2024-11-20");
    let origins: Vec<String> = c.origin.iter().filter_map(|o| o.region.clone()).collect();
    assert_eq!(origins, vec!["North Hamgyong Province".to_owned(), "Chongjin".to_owned()]);
}

#[test]
fn claims_explain_themselves() {
    let c =
        one("Pyongyang intends to dispatch roughly 400 builders to Vladivostok next month.", "2024-03-10");
    for field in ["kind", "count", "destination", "time", "source"] {
        assert!(c.why.get(field).is_some_and(|w| !w.is_empty()), "no why for {field}: {:?}", c.why);
    }
    assert!(c.why["count"][0].contains("approx"), "{:?}", c.why["count"]);
    assert!(c.why["destination"][0].contains("Vladivostok"), "{:?}", c.why["destination"]);
}

#[test]
fn lang_is_read_from_the_text() {
    assert_eq!(tally_core::text::detect_lang("북한 노동자 300명"), Lang::Ko);
}

#[test]
fn a_verb_right_after_a_figure_governs_it_and_a_list_shares_it() {
    let claims = check(
        "By one count 3,000 are in Amur, 1,200 in Tomsk and up to 900 in Tyumen, and another 500 are due to reach Tomsk soon.",
        "2024-02-20",
    );
    let got: Vec<(Kind, Option<u64>, Option<u64>)> =
        claims.iter().map(|c| (c.kind, c.count.unwrap().min(), c.count.unwrap().max())).collect();
    assert_eq!(
        got,
        vec![
            (Kind::StockEstimate, Some(3000), Some(3000)),
            (Kind::StockEstimate, Some(1200), Some(1200)),
            (Kind::StockEstimate, None, Some(900)),
            (Kind::DispatchPlanned, Some(500), Some(500)),
        ]
    );
}

#[test]
fn a_dispatch_dated_after_publication_is_planned() {
    let c =
        one("정보당국은 공병 2000명의 출발 시점을 빠르면 9월이나 10월께로 보고 있다고 밝혔다.", "2025-07-01");
    assert_eq!(c.kind, Kind::DispatchPlanned, "{c:#?}");
    assert_eq!(time(&c), Some(("2025-09-01".into(), "2025-10-31".into())));
}

#[test]
fn a_purpose_before_a_korean_figure_makes_an_entry_figure() {
    let text = "지난해 러시아에 입국한 북한 주민은 9000명이었다. 목적별로는 유학이 4000명, 관광 300명, 경유 80명이었다.";
    let claims = check(text, "2025-02-01");
    let got: Vec<(Kind, Option<String>, Option<u64>)> =
        claims.iter().map(|c| (c.kind, c.purpose.clone(), c.count.unwrap().min())).collect();
    assert_eq!(
        got,
        vec![
            (Kind::EntryStatistic, Some("all".into()), Some(9000)),
            (Kind::EntryStatistic, Some("study".into()), Some(4000)),
            (Kind::EntryStatistic, Some("tourism".into()), Some(300)),
        ],
        "transit is read but not claimed"
    );
    assert!(claims.iter().all(|c| time(c) == Some(("2024-01-01".into(), "2024-12-31".into()))));
}

#[test]
fn a_stop_on_the_way_is_not_the_destination() {
    let c = one("About 200 workers will travel via Moscow to Donetsk next month.", "2024-02-20");
    assert_eq!(c.destination.as_ref().unwrap().region.as_deref(), Some("Donetsk (DPR)"));
}

#[test]
fn the_new_round_goes_on_with_the_round_named_before() {
    let text = "The second round of selections starts on April 3, a source said.\n\nThe new round will form five teams, each of roughly 40 people.";
    let c = one(text, "2024-03-20");
    assert_eq!((c.kind, c.round), (Kind::SelectionRound, Some(2)));
    assert_eq!(range(&c), (Some(200), Some(200), true));
}

#[test]
fn reaching_south_korea_ends_a_defection_and_is_no_dispatch() {
    let text = "Four workers fled a site in Khabarovsk in May. The four arrived in South Korea in August.";
    let claims = check(text, "2024-09-20");
    assert_eq!(claims.len(), 1, "{claims:#?}");
    assert_eq!(claims[0].kind, Kind::Defection);
}

#[test]
fn a_resolution_cited_for_goods_is_not_about_workers() {
    assert!(
        check(
            "Resolution 2397 caps North Korea's imports of refined petroleum at 500,000 barrels a year.",
            "2024-09-20"
        )
        .is_empty()
    );
}

#[test]
fn a_korean_figure_sizing_a_factory_is_not_a_count() {
    assert!(
        check("100명 이하의 소규모 공장에서 일하던 노동자들이 먼저 귀국했다.", "2024-11-20")
            .iter()
            .all(|c| c.count.is_none())
    );
}

/// A background line about the law, with no one named as saying it, is the outlet's own
/// context — unless the whole report rests on an informant inside North Korea.
#[test]
fn background_on_the_law_is_the_outlets_voice_except_in_an_informant_report() {
    let sanctions = |claims: &[Claim]| -> Vec<SourceType> {
        claims.iter().filter(|c| c.kind == Kind::SanctionsReference).map(|c| c.source.kind).collect()
    };
    let agency = "Seoul's spy agency told lawmakers that about 2,000 North Koreans were sent to Russia this year. \
                  Resolution 2397 requires every member state to send North Korean workers home.";
    let claims = check(agency, "2024-09-01");
    assert_eq!(sanctions(&claims), [SourceType::MediaInvestigation]);
    assert!(claims.iter().any(|c| c.source.kind == SourceType::IntelligenceAgency));

    let alone = "유엔 안보리 결의 2397호는 모든 회원국이 북한 노동자를 돌려보내도록 규정하고 있다.";
    assert_eq!(sanctions(&check(alone, "2024-09-01")), [SourceType::MediaInvestigation]);

    let informant = "About 200 workers left Sinuiju for Russia last week, a source in North Korea told us. \
                     Resolution 2397 requires every member state to send North Korean workers home.";
    let claims = check(informant, "2024-09-01");
    assert_eq!(sanctions(&claims), [SourceType::Unknown]);
    assert!(claims.iter().any(|c| c.source.kind == SourceType::AnonymousInCountry));
}
