//! Main text and metadata of news pages in the shapes common CMSs produce. Each test states
//! which sentences of the story must survive and which furniture must not, and snapshots the
//! whole text so any other change shows up in review.

use chrono::NaiveDate;
use tally_core::Lang;
use tally_core::text::normalise;
use tally_ingest::Format;

use crate::check;

fn assert_drops(text: &str, furniture: &[&str]) {
    for f in furniture {
        assert!(!text.contains(f), "the furniture {f:?} survived in:\n{text}");
    }
}

/// Paragraph structure holds: the story's sentences are whole lines, in order.
fn assert_lines_in_order(text: &str, sentences: &[&str]) {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    for s in sentences {
        let found = lines[at..].iter().position(|l| l == s);
        let Some(i) = found else { panic!("{s:?} is not a line after line {at} of:\n{text}") };
        at += i + 1;
    }
}

#[test]
fn wordpress_page_keeps_the_post_and_drops_the_theme() {
    let doc = check("html/wordpress.html");
    assert_eq!(doc.format, Format::Html);
    assert_eq!(doc.lang, Lang::En);
    assert_eq!(doc.text, normalise(&doc.text));
    let story = [
        "Authorities in the northern provinces have opened a second round of recruitment for construction crews bound for Russia, according to a source in the region.",
        "The source said each provincial construction enterprise must put forward forty candidates by the end of March, and that workers who have relatives abroad are being turned away.",
        "Wages held back",
        "Those selected will reportedly be asked to hand over about 70 percent of their monthly earnings, which are expected to reach 800 dollars, to a state trading company.",
        "The crews are expected to leave from the border city of Sinuiju in early May, the source added, although no final date has been set.",
    ];
    assert_lines_in_order(&doc.text, &story);
    assert_drops(
        &doc.text,
        &[
            "Skip to content",
            "Politics",
            "Posted on",
            "Example Staff",
            "Read in Korean",
            "A building site in the Russian Far East",
            "Example Images",
            "Get our weekly briefing",
            "Sign up for the Daily Example newsletter",
            "Please direct any comments",
            "Share this",
            "Twitter",
            "First recruitment round sent 500 workers north",
            "Tagged",
            "overseas labor",
            "reader42",
            "3,000 people",
            "Leave a Reply",
            "Recent Posts",
            "Rice prices",
            "relies on readers",
            "Copyright",
            "cookies",
            "dataLayer",
            "margin",
        ],
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Second recruitment drive for Russian building sites under way")
    );
    assert_eq!(doc.meta.url.as_deref(), Some("https://daily.example.org/english/second-recruitment-drive/"));
    assert_eq!(doc.meta.outlet.as_deref(), Some("Daily Example"));
    assert_eq!(doc.meta.published, NaiveDate::from_ymd_opt(2023, 3, 14));
    assert!(doc.meta.path.as_deref().is_some_and(|p| p.ends_with("wordpress.html")));
    insta::assert_snapshot!(doc.text);
}

#[test]
fn article_with_asides_keeps_the_article_and_its_quote() {
    let doc = check("html/article_aside.html");
    assert_lines_in_order(
        &doc.text,
        &[
            "Construction firms kept foreign crews on site past the repatriation deadline.",
            "At least two construction firms in Kuwait renewed the contracts of about 120 North Korean labourers last year, documents seen by the Monitor show.",
            "The renewals were filed as “technical staff” extensions, a category that inspectors rarely check.",
            "One foreman, who asked not to be named, said the men worked twelve-hour shifts and were paid through a company in Dubai.",
            "“Nobody asked where they came from,” he said.",
            "Neither firm responded to requests for comment.",
        ],
    );
    assert_drops(
        &doc.text,
        &[
            "Gulf contracts quietly renewed",
            "Sections",
            "Business",
            "cookies",
            "By Jane Example",
            "12 April 2024",
            "Related coverage",
            "Qatar crews",
            "2019 deadline",
            "Topics",
            "Share on X",
            "Most read",
            "Ports brace",
            "Advertisement",
            "Example Monitor Ltd",
            "Contact",
        ],
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Gulf contracts quietly renewed"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://monitor.example.com/world/2024/04/gulf-contracts"));
    assert_eq!(doc.meta.outlet.as_deref(), Some("The Example Monitor"));
    assert_eq!(doc.meta.published, NaiveDate::from_ymd_opt(2024, 4, 12));
    insta::assert_snapshot!(doc.text);
}

#[test]
fn korean_news_page_drops_byline_copyright_and_related_list() {
    let doc = check("html/korean_news.html");
    assert_eq!(doc.lang, Lang::Ko);
    assert_lines_in_order(
        &doc.text,
        &[
            "북한이 러시아 연해주 건설 현장에 보낼 노동자를 추가로 선발하고 있는 것으로 전해졌다.",
            "대북 소식통은 21일 \"평안남도와 함경북도에서 건설 경험이 있는 30~40대 남성 200여 명을 뽑고 있다\"며 \"연말까지 출국시키는 것이 목표\"라고 말했다.",
            "소식통에 따르면 선발된 인원은 평양에서 한 달가량 사상 교육과 신체검사를 받은 뒤 열차로 두만강을 건널 예정이다.",
            "한 대북 전문가는 \"유엔 안보리 결의 2397호가 해외 노동자 송환을 규정하고 있어 명백한 제재 위반\"이라고 지적했다.",
        ],
    );
    assert_drops(
        &doc.text,
        &[
            "본문 바로가기",
            "정치",
            "평안남도·함경북도서 선발",
            "입력 2024.11.21",
            "김예시 기자",
            "yesi@",
            "(서울=예시일보)",
            "페이스북",
            "블라디보스토크의 한 건설 현장",
            "사진=",
            "관련기사",
            "임금 절반 이상 상납",
            "사고 잇따라",
            "무단전재",
            "다른기사 보기",
            "댓글",
            "제재가 전혀 소용이 없네요",
            "많이 본 뉴스",
            "난방비",
            "대표전화",
            "Copyright",
        ],
    );
    assert_eq!(doc.meta.title.as_deref(), Some("북한, 러시아 연해주에 건설 인력 추가 파견 준비"));
    assert_eq!(doc.meta.outlet.as_deref(), Some("예시일보"));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://www.yesi.example.kr/news/articleView.html?idxno=20461")
    );
    assert_eq!(doc.meta.published, NaiveDate::from_ymd_opt(2024, 11, 21));
    insta::assert_snapshot!(doc.text);
}

#[test]
fn page_of_divs_is_found_by_text_density() {
    let doc = check("html/div_only.html");
    assert_lines_in_order(
        &doc.text,
        &[
            "Garment factories in Dandong are still employing hundreds of North Korean women, although the United Nations deadline for sending them home falls this weekend.",
            "A trader who visits the factories every month said one plant near the river alone employs around 400 of them, and that none had been told to pack.",
            "Managers have reportedly asked local officials whether the workers can stay on student or trainee visas, a practice seen elsewhere in the province.",
            "The trader said wages are paid to a minder rather than to the women themselves.",
        ],
    );
    assert_drops(
        &doc.text,
        &[
            "News",
            "About us",
            "Search",
            "List",
            "Print",
            "Latest",
            "Shipping data",
            "sanctions lists",
            "independent newsletter",
            "Copyright",
        ],
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Border report: Dandong factories keep their crews"));
    assert_eq!(doc.meta.published, None);
    insta::assert_snapshot!(doc.text);
}

#[test]
fn table_layout_with_br_paragraphs() {
    let doc = check("html/br_table.html");
    assert_eq!(doc.lang, Lang::Ko);
    assert_lines_in_order(
        &doc.text,
        &[
            "중국 랴오닝성 단둥의 수산물 가공 공장들이 송환 시한이 지난 뒤에도 북한 여성 노동자들을 계속 고용하고 있는 것으로 나타났다.",
            "현지 사정에 밝은 무역업자는 \"공장 한 곳에 적게는 50명, 많게는 150명의 북한 노동자가 일하고 있다\"고 말했다.",
            "이 무역업자는 노동자들이 기숙사에서 집단 생활을 하며 외출이 거의 허용되지 않는다고 전했다.",
            "임금은 대부분 북한 측 관리인에게 지급된다고 덧붙였다.",
        ],
    );
    assert_drops(
        &doc.text,
        &["홈", "2020-03-18", "박예시 특파원", "주요뉴스", "유가", "Copyright", "무단 전재"],
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("예시통신 :: 中 단둥 수산물 공장, 북한 여성 노동자 계속 고용")
    );
    insta::assert_snapshot!(doc.text);
}

#[test]
fn html_boilerplate_lines_go_but_the_same_lines_in_plain_text_stay() {
    let page = "<html><body><article><p>Workers were sent to Russia in November, the source said.</p>\
                <p>Copyright © 2024 Example. All rights reserved.</p><p>Read in Korean</p></article></body></html>";
    let html = tally_ingest::load_bytes("page.html", page.as_bytes().to_vec(), &Default::default()).unwrap();
    assert_eq!(html.text, "Workers were sent to Russia in November, the source said.\n");
    let plain = "Workers were sent to Russia in November, the source said.\n\nCopyright © 2024 Example. All rights reserved.\nRead in Korean\n";
    let txt = tally_ingest::load_bytes("page.txt", plain.as_bytes().to_vec(), &Default::default()).unwrap();
    assert_eq!(txt.format, Format::Text);
    assert_eq!(txt.text, plain);
}

#[test]
fn html_is_recognised_by_content_without_an_extension() {
    let page = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>Three hundred workers left on Monday.</p></body></html>";
    let doc = tally_ingest::load_bytes("upload", page.to_vec(), &Default::default()).unwrap();
    assert_eq!(doc.format, Format::Html);
    assert_eq!(doc.text, "Three hundred workers left on Monday.\n");
    assert_eq!(doc.meta.title.as_deref(), Some("T"));
    assert_eq!(doc.raw, page);
}
