//! Deterministic synthetic corpora for the corroboration benchmarks: documents from a few
//! dozen outlets, each with claims about dispatches, selections and stocks in some forty
//! destinations over eleven years, and one document in a hundred a near-copy of an earlier
//! one. The same seed gives the same corpus on every machine.

use chrono::{Days, NaiveDate};
use tally_core::corroborate::{ClaimId, ClaimRecord, DocId, DocInfo};
use tally_core::{
    Claim, Count, CountryCode, Currency, Evidence, Kind, Money, Per, Period, Place, Source, SourceType,
    TimeRange,
};

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

const COUNTRIES: [&str; 40] = [
    "RU", "CN", "UA", "KW", "QA", "AE", "OM", "LY", "IR", "AO", "SN", "LA", "VN", "MM", "MN", "NG", "GQ",
    "TZ", "UG", "MZ", "CD", "CG", "ET", "DZ", "EG", "KH", "TH", "MY", "ID", "NP", "BD", "SY", "PL", "MT",
    "CZ", "BY", "KZ", "UZ", "SA", "BH",
];
const OUTLETS: [&str; 12] = [
    "Daily NK",
    "NK News",
    "Radio Free Asia",
    "Yonhap",
    "Asia Press",
    "The Chosun Ilbo",
    "KBS",
    "BBC",
    "Associated Press",
    "Reuters",
    "Kyodo",
    "Voice of America",
];
const WORDS: [&str; 48] = [
    "workers",
    "dispatch",
    "north",
    "korea",
    "russia",
    "china",
    "construction",
    "site",
    "source",
    "said",
    "month",
    "team",
    "selection",
    "round",
    "province",
    "pyongyang",
    "wages",
    "state",
    "quota",
    "sanctions",
    "border",
    "factory",
    "visa",
    "student",
    "report",
    "officials",
    "labour",
    "overseas",
    "earn",
    "currency",
    "ministry",
    "party",
    "department",
    "recruit",
    "train",
    "arrive",
    "airport",
    "bus",
    "dormitory",
    "contract",
    "company",
    "agency",
    "brigade",
    "logging",
    "fishing",
    "garment",
    "electronics",
    "restaurant",
];
const KINDS: [Kind; 6] = [
    Kind::DispatchPlanned,
    Kind::SelectionRound,
    Kind::DispatchReported,
    Kind::StockEstimate,
    Kind::EarningsTarget,
    Kind::Repatriation,
];
const SOURCES: [SourceType; 4] = [
    SourceType::AnonymousInCountry,
    SourceType::IntelligenceAgency,
    SourceType::MediaInvestigation,
    SourceType::Unknown,
];

/// One document and its claims.
pub fn document(
    rng: &mut Rng,
    i: usize,
    claims_per_doc: usize,
    earlier: Option<&DocInfo>,
) -> (DocInfo, Vec<ClaimRecord>) {
    let day0 = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let published = day0 + Days::new(rng.below(11 * 365));
    let id = DocId::new(format!("d-{i:07}"));
    let text = match earlier {
        Some(e) if rng.below(100) == 0 => format!("Reposted.\n\n{}\n\nShare.", e.text),
        _ => (0..60).map(|_| WORDS[rng.below(WORDS.len() as u64) as usize]).collect::<Vec<_>>().join(" "),
    };
    let outlet = OUTLETS[rng.below(OUTLETS.len() as u64) as usize];
    let doc = DocInfo {
        id: id.clone(),
        outlet: Some(outlet.to_owned()),
        url: None,
        published: Some(published),
        title: None,
        text,
    };
    let country = COUNTRIES[(rng.below(40) * rng.below(40) / 40) as usize];
    let claims = (0..claims_per_doc)
        .map(|j| {
            let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
            let start = published - Days::new(rng.below(60));
            let time = (rng.below(3) > 0)
                .then(|| TimeRange::new("", start, start + Days::new(rng.below(45))).unwrap());
            let n = 50 + rng.below(5000);
            let count = (kind != Kind::EarningsTarget && rng.below(4) > 0).then(|| Count::about(n));
            let money = (kind == Kind::EarningsTarget).then(|| {
                let m = 300 + rng.below(700);
                Money::new(
                    Some(m),
                    Some(m + 100),
                    false,
                    Currency::USD,
                    Some(Per::Worker),
                    Some(Period::Month),
                )
                .unwrap()
            });
            let dest = if rng.below(20) == 0 { country } else { COUNTRIES[rng.below(40) as usize] };
            let claim = Claim {
                kind,
                count,
                teams: None,
                money,
                round: (kind == Kind::SelectionRound && rng.below(2) == 0).then(|| 1 + rng.below(3) as u32),
                destination: (rng.below(10) > 0)
                    .then(|| Place { country: CountryCode::new(dest), region: None }),
                origin: vec![],
                time,
                organisations: vec![],
                legal_refs: vec![],
                source: Source { kind: SOURCES[rng.below(4) as usize], text: String::new() },
                evidence: Evidence {
                    quote: format!("claim {j} of document {i}"),
                    start: j * 100,
                    end: j * 100 + 40,
                },
                purpose: None,
                why: Default::default(),
            };
            ClaimRecord { id: ClaimId::new(format!("c-{i:07}-{j}")), document: id.clone(), claim }
        })
        .collect();
    (doc, claims)
}

/// `docs` documents of `claims_per_doc` claims each.
pub fn corpus(seed: u64, docs: usize, claims_per_doc: usize) -> (Vec<DocInfo>, Vec<ClaimRecord>) {
    let mut rng = Rng::new(seed);
    let mut all_docs: Vec<DocInfo> = Vec::with_capacity(docs);
    let mut all_claims = Vec::with_capacity(docs * claims_per_doc);
    for i in 0..docs {
        let earlier = (i > 0).then(|| rng.below(i as u64) as usize).map(|k| &all_docs[k]);
        let (d, c) = document(&mut rng, i, claims_per_doc, earlier);
        all_docs.push(d);
        all_claims.extend(c);
    }
    (all_docs, all_claims)
}
