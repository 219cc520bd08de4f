//! Store scenarios written once against `&mut dyn Store`, so every backend (SQLite now,
//! PostgreSQL later) runs the same checks. Fixtures are sentences written for these tests.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use tally_core::{Claim, Diagnostic, Extraction, Kind, Lang};
use tally_store::{Added, ClaimFilter, DocumentId, Error, NewDocument, Seq, Store};

/// An owned document to hand to a batch.
pub struct Doc {
    pub raw: Vec<u8>,
    pub text: String,
    pub sha256: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
}

impl Doc {
    pub fn new(text: &str) -> Doc {
        Doc {
            raw: text.as_bytes().to_vec(),
            text: text.to_owned(),
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
            title: None,
            published: None,
        }
    }
    pub fn new_document(&self) -> NewDocument<'_> {
        NewDocument {
            raw: &self.raw,
            text: &self.text,
            sha256: &self.sha256,
            format: "text",
            lang: Lang::En,
            path: Some("reports/a.txt"),
            url: None,
            outlet: None,
            published: self.published,
            title: self.title.as_deref(),
            negative: false,
        }
    }
    pub fn id(&self) -> DocumentId {
        DocumentId::from_sha256(&self.sha256).unwrap()
    }
}

/// A claim of `kind` whose evidence is `text[start..end]`.
fn claim(text: &str, kind: Kind, start: usize, end: usize, count: u64) -> Claim {
    let json = serde_json::json!({
        "kind": kind.as_str(),
        "count": {"min": count, "max": count, "approx": false},
        "destination": {"country": "RU", "region": "Primorsky Krai"},
        "time": {"text": "in November", "start": "2022-11-01", "end": "2022-11-30"},
        "source": {"type": "anonymous_in_country", "text": "a source"},
        "evidence": {"quote": &text[start..end], "start": start, "end": end},
        "why": {"count": ["number.plain"]}
    });
    serde_json::from_value(json).unwrap()
}

fn extraction(claims: Vec<Claim>) -> Extraction {
    Extraction { claims, diagnostics: Vec::new() }
}

fn add(store: &mut dyn Store, docs: &[&Doc]) -> Vec<Added> {
    let mut batch = store.begin_batch("test-1").unwrap();
    let out =
        docs.iter().map(|d| batch.add_document(&d.new_document(), &Extraction::default()).unwrap()).collect();
    batch.commit().unwrap();
    out
}

const TEXT: &str = "About 300 workers will leave for Vladivostok in November. A second group of 50 follows.";

pub fn documents_round_trip_every_field(store: &mut dyn Store) {
    let raw = "\u{feff}About 300 workers.\r\n".as_bytes().to_vec();
    let text = "About 300 workers.\n";
    let sha = hex::encode(Sha256::digest(text.as_bytes()));
    let new = NewDocument {
        raw: &raw,
        text,
        sha256: &sha,
        format: "markdown",
        lang: Lang::Ko,
        path: Some("in/노동자.md"),
        url: Some("https://example.org/a"),
        outlet: Some("Example Daily"),
        published: NaiveDate::from_ymd_opt(2022, 10, 25),
        title: Some("Workers"),
        negative: true,
    };
    let mut batch = store.begin_batch("test-1").unwrap();
    let added = batch.add_document(&new, &Extraction::default()).unwrap();
    batch.commit().unwrap();
    let id = DocumentId::from_sha256(&sha).unwrap();
    assert_eq!(added, Added::New { id: id.clone(), claims: 0 });

    let doc = store.document(&id).unwrap();
    assert_eq!(doc.id, id);
    assert_eq!(doc.text, text);
    assert_eq!(doc.sha256, sha);
    assert_eq!(doc.format, "markdown");
    assert_eq!(doc.lang, Lang::Ko);
    assert_eq!(doc.path.as_deref(), Some("in/노동자.md"));
    assert_eq!(doc.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(doc.outlet.as_deref(), Some("Example Daily"));
    assert_eq!(doc.published, NaiveDate::from_ymd_opt(2022, 10, 25));
    assert_eq!(doc.title.as_deref(), Some("Workers"));
    assert!(doc.negative);
    assert!(doc.ingested_at.ends_with('Z'), "{}", doc.ingested_at);
    assert_eq!(store.original_bytes(&id).unwrap(), raw);
}

pub fn the_same_text_is_stored_once(store: &mut dyn Store) {
    let a = Doc::new(TEXT);
    let b = Doc::new("Another report entirely.");
    // The duplicate inside one batch is caught as well as the one across batches.
    let first = add(store, &[&a, &b, &a]);
    assert_eq!(first[0], Added::New { id: a.id(), claims: 0 });
    assert_eq!(first[1], Added::New { id: b.id(), claims: 0 });
    assert_eq!(first[2], Added::Duplicate { id: a.id() });
    let again = add(store, &[&b]);
    assert_eq!(again, vec![Added::Duplicate { id: b.id() }]);
    assert_eq!(store.counts().unwrap().documents, 2);
}

pub fn a_dropped_batch_leaves_nothing(store: &mut dyn Store) {
    let a = Doc::new(TEXT);
    {
        let mut batch = store.begin_batch("test-1").unwrap();
        let ex = extraction(vec![claim(TEXT, Kind::DispatchPlanned, 0, 57, 300)]);
        batch.add_document(&a.new_document(), &ex).unwrap();
        // Dropped without commit: as if the process had failed here.
    }
    assert_eq!(store.counts().unwrap(), tally_store::Counts { documents: 0, claims: 0 });
    assert!(matches!(store.document(&a.id()), Err(Error::NotFound { .. })));
}

pub fn a_refused_document_leaves_the_rest_of_its_batch(store: &mut dyn Store) {
    let first = Doc::new("The first batch's only report.");
    add(store, &[&first]);

    // Two different texts whose hashes share the first 16 hex digits would share an id; the
    // store must refuse the second rather than overwrite or merge. Forge such a pair.
    let good = Doc::new("A report in the second batch.");
    let victim = Doc::new("Some text.");
    let mut forged = Doc::new("Some other text.");
    forged.sha256 = format!("{}{}", &victim.sha256[..16], "0".repeat(48));
    // And a claim whose quote is not what its offsets point at (an extractor bug).
    let lying = Doc::new(TEXT);
    let mut bad = claim(TEXT, Kind::DispatchPlanned, 0, 57, 300);
    bad.evidence.start += 1;

    let mut batch = store.begin_batch("test-1").unwrap();
    batch.add_document(&good.new_document(), &Extraction::default()).unwrap();
    batch.add_document(&victim.new_document(), &Extraction::default()).unwrap();
    let err = batch.add_document(&forged.new_document(), &Extraction::default()).unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    let ok = claim(TEXT, Kind::DispatchPlanned, 58, TEXT.len(), 50);
    let err = batch.add_document(&lying.new_document(), &extraction(vec![ok, bad])).unwrap_err();
    assert!(matches!(err, Error::Invalid { what: "claim", .. }), "{err}");
    assert!(err.to_string().contains("claim 2 (dispatch_planned)"), "{err}");
    batch.commit().unwrap();

    assert_eq!(store.counts().unwrap(), tally_store::Counts { documents: 3, claims: 0 });
    assert!(store.document(&good.id()).is_ok());
    assert!(matches!(store.document(&lying.id()), Err(Error::NotFound { .. })));
    assert_eq!(store.document(&victim.id()).unwrap().text, "Some text.");
}

pub fn a_refused_extraction_keeps_the_old_claims(store: &mut dyn Store) {
    let a = Doc::new(TEXT);
    let mut batch = store.begin_batch("test-1").unwrap();
    batch
        .add_document(&a.new_document(), &extraction(vec![claim(TEXT, Kind::DispatchPlanned, 0, 57, 300)]))
        .unwrap();
    batch.commit().unwrap();

    let mut bad = claim(TEXT, Kind::DispatchPlanned, 0, 57, 300);
    bad.evidence.end = TEXT.len() + 10;
    let mut batch = store.begin_batch("test-2").unwrap();
    assert!(batch.replace_claims(&a.id(), &extraction(vec![bad])).is_err());
    batch.commit().unwrap();
    let claims = store.claims(&ClaimFilter::default(), None, 10).unwrap();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].extractor, "test-1");
}

pub fn claims_list_with_ids_documents_and_paging(store: &mut dyn Store) {
    let mut a = Doc::new(TEXT);
    a.published = NaiveDate::from_ymd_opt(2022, 10, 25);
    let b = Doc::new("Fifty workers were sent to Khabarovsk.");
    let mut batch = store.begin_batch("test-1").unwrap();
    let ex_a = extraction(vec![
        claim(TEXT, Kind::DispatchPlanned, 0, 57, 300),
        claim(TEXT, Kind::DispatchPlanned, 58, TEXT.len(), 50),
    ]);
    let ex_b = extraction(vec![claim(&b.text, Kind::DispatchReported, 0, b.text.len(), 50)]);
    assert_eq!(batch.add_document(&a.new_document(), &ex_a).unwrap(), Added::New { id: a.id(), claims: 2 });
    assert_eq!(batch.add_document(&b.new_document(), &ex_b).unwrap(), Added::New { id: b.id(), claims: 1 });
    batch.commit().unwrap();

    let all = store.claims(&ClaimFilter::default(), None, 100).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].document.id, a.id());
    assert_eq!(all[0].document.path.as_deref(), Some("reports/a.txt"));
    assert_eq!(all[0].document.published, NaiveDate::from_ymd_opt(2022, 10, 25));
    assert_eq!(all[0].claim, ex_a.claims[0]);
    assert_eq!(all[0].claim.why["count"], vec!["number.plain".to_owned()]);
    assert_eq!(all[1].claim.count.unwrap().min(), Some(50));
    assert_eq!(all[2].document.id, b.id());
    assert_eq!(all[0].extractor, "test-1");
    assert!(all.iter().all(|c| c.id.as_str().starts_with("c-") && c.id.as_str().len() == 18));
    let mut ids: Vec<_> = all.iter().map(|c| c.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3);

    let only_b = store.claims(&ClaimFilter { document: Some(b.id()), kind: None }, None, 100).unwrap();
    assert_eq!(only_b.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), vec![all[2].id.clone()]);
    let reported =
        store.claims(&ClaimFilter { document: None, kind: Some(Kind::DispatchReported) }, None, 100).unwrap();
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0].document.id, b.id());

    // Pages of one, following the cursor, give the same list.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store.claims(&ClaimFilter::default(), after, 1).unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.cursor);
        paged.extend(page.into_iter().map(|c| c.id));
    }
    assert_eq!(paged, all.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
    assert_eq!(
        store.list_documents(None, 10).unwrap().iter().map(|d| d.claims).collect::<Vec<_>>(),
        vec![2, 1]
    );
}

pub fn claim_ids_survive_a_new_extraction(store: &mut dyn Store) {
    let a = Doc::new(TEXT);
    let first = claim(TEXT, Kind::DispatchPlanned, 0, 57, 300);
    let second = claim(TEXT, Kind::DispatchPlanned, 58, TEXT.len(), 50);
    let mut batch = store.begin_batch("test-1").unwrap();
    batch.add_document(&a.new_document(), &extraction(vec![first.clone(), second.clone()])).unwrap();
    batch.commit().unwrap();
    let before = store.claims(&ClaimFilter::default(), None, 10).unwrap();

    // A newer extractor finds one more claim, placed first: the old claims keep their ids.
    let new = claim(TEXT, Kind::SelectionRound, 0, 57, 300);
    let mut batch = store.begin_batch("test-2").unwrap();
    let n = batch.replace_claims(&a.id(), &extraction(vec![new, first, second])).unwrap();
    batch.commit().unwrap();
    assert_eq!(n, 3);
    let after = store.claims(&ClaimFilter::default(), None, 10).unwrap();
    assert_eq!(after.len(), 3);
    assert_eq!(after[1].id, before[0].id);
    assert_eq!(after[2].id, before[1].id);
    assert_ne!(after[0].id, before[0].id);

    // Two claims of one kind on one span still get two ids.
    let twin = claim(TEXT, Kind::DispatchPlanned, 0, 57, 300);
    let ids = tally_store::claim_ids(&a.id(), &[twin.clone(), twin]);
    assert_ne!(ids[0], ids[1]);
}

pub fn replacing_claims_records_the_extractor(store: &mut dyn Store) {
    let a = Doc::new(TEXT);
    let mut batch = store.begin_batch("test-1").unwrap();
    batch
        .add_document(&a.new_document(), &extraction(vec![claim(TEXT, Kind::DispatchPlanned, 0, 57, 300)]))
        .unwrap();
    batch.commit().unwrap();
    assert_eq!(store.list_documents(None, 10).unwrap()[0].extractor.as_deref(), Some("test-1"));

    let mut batch = store.begin_batch("test-2").unwrap();
    let ex = Extraction {
        claims: vec![],
        diagnostics: vec![Diagnostic {
            start: 6,
            end: 9,
            rule: "skip.no_trigger".into(),
            message: "a number without a dispatch verb".into(),
        }],
    };
    assert_eq!(batch.replace_claims(&a.id(), &ex).unwrap(), 0);
    batch.commit().unwrap();
    let listed = &store.list_documents(None, 10).unwrap()[0];
    assert_eq!((listed.claims, listed.extractor.as_deref()), (0, Some("test-2")));
    assert_eq!(store.counts().unwrap().claims, 0);
    let diags = store.diagnostics(&a.id()).unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].start, diags[0].end, diags[0].rule.as_str()), (6, 9, "skip.no_trigger"));
    // The document itself is untouched.
    assert_eq!(store.document(&a.id()).unwrap().text, TEXT);
}

pub fn ids_resolve_from_unique_prefixes(store: &mut dyn Store) {
    // Find two texts whose ids share the first hex digit, and one that does not.
    let docs: Vec<Doc> = (0..40).map(|i| Doc::new(&format!("Report number {i}."))).collect();
    let refs: Vec<&Doc> = docs.iter().collect();
    add(store, &refs);
    let a = &docs[0];
    let full = a.id();
    assert_eq!(store.resolve_document(full.as_str()).unwrap(), full);
    assert_eq!(store.resolve_document(&full.as_str()[..12]).unwrap(), full);
    // Without the `d-`, and in upper case, as people type ids.
    assert_eq!(store.resolve_document(&full.as_str()[2..12].to_uppercase()).unwrap(), full);

    let digit = &full.as_str()[2..3];
    let sharing = docs.iter().filter(|d| d.id().as_str()[2..3] == *digit).count();
    let one_digit = store.resolve_document(&format!("d-{digit}"));
    if sharing > 1 {
        assert!(matches!(one_digit, Err(Error::Ambiguous { count, .. }) if count == sharing));
    } else {
        assert_eq!(one_digit.unwrap(), full);
    }
    assert!(matches!(store.resolve_document("d-"), Err(Error::NotFound { .. })));
    assert!(matches!(store.resolve_document("d-zz"), Err(Error::NotFound { .. })));
    assert!(matches!(store.resolve_document("d-0123456789abcdef0"), Err(Error::NotFound { .. })));
}

pub fn documents_page_in_insertion_order(store: &mut dyn Store) {
    assert_eq!(store.last_seq().unwrap(), Seq::ZERO);
    let docs: Vec<Doc> = (0..7).map(|i| Doc::new(&format!("Report {i} about workers."))).collect();
    add(store, &docs[..3].iter().collect::<Vec<_>>());
    add(store, &docs[3..].iter().collect::<Vec<_>>());
    let first = store.documents_after(Seq::ZERO, 4).unwrap();
    assert_eq!(
        first.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(),
        docs[..4].iter().map(|d| d.text.as_str()).collect::<Vec<_>>()
    );
    let rest = store.documents_after(first[3].seq, 100).unwrap();
    assert_eq!(rest.len(), 3);
    assert_eq!(rest[2].id, docs[6].id());
    assert_eq!(store.last_seq().unwrap(), rest[2].seq);
    assert!(store.documents_after(rest[2].seq, 10).unwrap().is_empty());

    let listed = store.list_documents(Some(first[1].seq), 2).unwrap();
    assert_eq!(listed.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), vec![docs[2].id(), docs[3].id()]);
}

pub fn unknown_ids_are_not_found(store: &mut dyn Store) {
    let id = DocumentId::parse("d-0000000000000000").unwrap();
    assert!(matches!(store.document(&id), Err(Error::NotFound { what: "document", .. })));
    assert!(matches!(store.original_bytes(&id), Err(Error::NotFound { .. })));
    assert!(matches!(store.diagnostics(&id), Err(Error::NotFound { .. })));
    let mut batch = store.begin_batch("test-1").unwrap();
    assert!(matches!(batch.replace_claims(&id, &Extraction::default()), Err(Error::NotFound { .. })));
    drop(batch);
    let msg = store.document(&id).unwrap_err().to_string();
    assert_eq!(msg, "no document d-0000000000000000");
}
