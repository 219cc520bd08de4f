//! A tip goes in: the codename page, the files on disk, and what an analyst reads back.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tally_tipline::vault::{Role, TipId, Vault};

use crate::common::{Multipart, Setup, all_files, codename_from, contains};

#[tokio::test]
async fn a_tip_is_sealed_and_the_source_gets_a_seven_word_codename() {
    let s = Setup::new();
    let form = Multipart::new()
        .text("message", "Second round of selection starts on 1 November. CANARY-7f3a")
        .file("attachment", "notes.txt", "text/plain", b"plain notes CANARY-7f3a");
    let (status, page) = s.submit(form).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let codename = codename_from(&page);
    assert_eq!(codename.split(' ').count(), 7, "{codename}");
    assert!(codename.split(' ').all(|w| tally_tipline::codename::wordlist().binary_search(&w).is_ok()));

    let convs = s.conversations();
    assert_eq!(convs.len(), 1);
    let id = TipId::parse(&convs[0].file_name().unwrap().to_string_lossy()).unwrap();
    let vault = Vault::open(&s.tips(), false).unwrap();
    let summary = vault.summary(&id).unwrap();
    assert_eq!(summary.source_messages, 1);
    assert_eq!(summary.attachments, 1);
    assert_eq!(summary.uncleaned_attachments, 1, "plain text cannot be cleaned");
    assert_eq!(summary.first_day, tally_tipline::fsutil::today());

    let ids = s.identities();
    let refs: Vec<&dyn age::Identity> = ids.iter().map(|b| b.as_ref() as &dyn age::Identity).collect();
    let messages = vault.read(&id, &refs).unwrap();
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!((m.seq, m.role), (1, Role::Source));
    assert_eq!(m.text.as_str(), "Second round of selection starts on 1 November. CANARY-7f3a");
    let manifest = m.manifest.as_ref().unwrap();
    assert_eq!(manifest.attachments[0].name, "notes.txt");
    assert_eq!(manifest.attachments[0].bytes, 23);
    assert!(manifest.attachments[0].not_cleaned.as_deref().unwrap().contains("cannot clean"));
    let (_, original, cleaned) = &m.files[0];
    assert!(cleaned.is_none());
    let mut out = Vec::new();
    tally_tipline::vault::open_attachment_to(original, &refs, &mut out).unwrap();
    assert_eq!(out, b"plain notes CANARY-7f3a");

    // Every stored file is ciphertext or a public value; the canary is nowhere.
    for f in all_files(s.dir.path()) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!contains(&bytes, b"CANARY-7f3a"), "{}", f.display());
        assert!(!contains(&bytes, codename.as_bytes()), "codename in {}", f.display());
    }
}

#[tokio::test]
async fn stored_times_are_the_day_only() {
    let s = Setup::new();
    let (status, _) = s.submit(Multipart::new().text("message", "a tip")).await;
    assert_eq!(status, StatusCode::OK);
    let midnight = tally_tipline::fsutil::day_start(&tally_tipline::fsutil::today());
    for f in all_files(&s.conversations()[0]) {
        assert_eq!(std::fs::metadata(&f).unwrap().modified().unwrap(), midnight, "{}", f.display());
    }
    let conv_dir = &s.conversations()[0];
    for dir in [conv_dir.clone(), s.tips().join("conversations"), s.tips().join(".staging")] {
        assert_eq!(std::fs::metadata(&dir).unwrap().modified().unwrap(), midnight, "{}", dir.display());
    }
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_no_script() {
    let s = Setup::new();
    for path in ["/", "/submit", "/return", "/no-such-page", "/style.css"] {
        let (status, headers, body) = s.call(Request::get(path).body(Body::empty()).unwrap()).await;
        assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND, "{path}");
        assert_eq!(headers["content-security-policy"], tally_tipline::web::CSP, "{path}");
        assert_eq!(
            tally_tipline::web::CSP,
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'"
        );
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
        assert!(headers.get("server").is_none(), "no server banner");
        assert!(headers.get("set-cookie").is_none(), "no cookies");
        let lower = body.to_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("javascript:"), "{path}");
        assert!(
            !lower.contains("http://") && !lower.contains("https://"),
            "no third-party resource on {path}"
        );
        assert!(!lower.contains(" style=\""), "inline styles are blocked by the policy: {path}");
    }
    let (_, _, landing) = s.call(Request::get("/").body(Body::empty()).unwrap()).await;
    assert!(landing.contains("Tor Browser") && landing.contains("Safest"));
    assert!(landing.contains("work device") && landing.contains("hidden information"));
    let (_, _, form) = s.call(Request::get("/submit").body(Body::empty()).unwrap()).await;
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("name=\"attachment\""));
    assert!(form.contains("up to 10 files") && form.contains("100 MB in total"), "limits are shown");
}

#[tokio::test]
async fn an_empty_file_input_is_not_an_attachment() {
    let s = Setup::new();
    let form = Multipart::new().text("message", "only words").file(
        "attachment",
        "",
        "application/octet-stream",
        b"",
    );
    let (status, _) = s.submit(form).await;
    assert_eq!(status, StatusCode::OK);
    let summary = &tally_tipline::list_tips(&s.tips()).unwrap()[0];
    assert_eq!(summary.attachments, 0);
}
