//! Handler tests: the router over a seeded store, one request at a time.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tally_store::AuditLog;
use tally_store::audit::Verdict;

use crate::common::*;

#[tokio::test]
async fn healthz_answers_without_signing_in_and_everything_else_needs_a_session() {
    let s = seeded();
    let r = send(&s.app, get("/healthz", None)).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok\n"));

    let page = send(&s.app, get("/documents?lang=en", None)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/login?next=%2Fdocuments%3Flang%3Den");

    let api = send(&s.app, get("/api/documents", None)).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.json()["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let s = seeded();
    let r = send(&s.app, get("/login", None)).await;
    let h = |n: &str| r.headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(h("content-security-policy"), tally_web::CSP);
    assert!(tally_web::CSP.starts_with("default-src 'self'") && !tally_web::CSP.contains("unsafe"));
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("x-frame-options"), "DENY");
    let cookie = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"),
        "{cookie}"
    );
    // No page pulls anything from elsewhere, and no inline script.
    assert!(!r.body.contains("http://") && !r.body.contains("https://"));
    assert!(r.body.contains(r#"<script src="/static/app.js" defer>"#));
    assert!(!r.body.contains("<script>"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_repeated_failures_are_slowed() {
    let s = seeded();
    let form = send(&s.app, get("/login", None)).await;
    let lc = set_cookie(&form, "tally_login").unwrap();
    let token = csrf_of(&form.body);
    for _ in 0..tally_web::auth::FREE_FAILURES {
        let r = send(
            &s.app,
            post_form(
                "/login",
                Some(&lc),
                &[("csrf", &token), ("name", "ana"), ("password", "wrong password!")],
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("Wrong account name or password."), "{}", r.body);
        assert!(set_cookie(&r, "tally_session").is_none());
    }
    // Now even the right password waits.
    let r = send(
        &s.app,
        post_form("/login", Some(&lc), &[("csrf", &token), ("name", "ana"), ("password", PASSWORD)]),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Too many failed sign-ins"), "{}", r.body);
    assert_eq!(r.headers.get(header::RETRY_AFTER).unwrap(), "2");
    // Another account is not affected.
    login(&s.app, "vic").await;
    // A sign-in without the form's token is refused.
    let r = send(
        &s.app,
        post_form("/login", Some(&lc), &[("csrf", "forged"), ("name", "vic"), ("password", PASSWORD)]),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_document_page_highlights_each_claim_and_links_it_to_its_card() {
    let s = seeded();
    let (cookie, _) = login(&s.app, "vic").await;
    let r = send(&s.app, get(&format!("/documents/{}", s.doc), Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let marks: Vec<&str> = r.body.split("<mark ").skip(1).collect();
    assert!(!marks.is_empty());
    let with_300 = marks.iter().find(|m| m.contains("about 300 people")).expect("the 300 is highlighted");
    let claim = with_300.split("data-claim=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(r.body.contains(&format!(r#"id="card-{claim}""#)), "the highlight's card is on the page");
    // A viewer sees no review forms.
    assert!(!r.body.contains("/confirm\""));
    // A prefix of the id finds the document too.
    let short = send(&s.app, get(&format!("/documents/{}", &s.doc[..8]), Some(&cookie))).await;
    assert_eq!(short.status, StatusCode::OK);
    let missing = send(&s.app, get("/documents/d-ffffffffffffffff", Some(&cookie))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("there is no document"));
}

/// The id of the claim whose evidence holds "about 300 people", from the API.
async fn claim_300(s: &Seeded, cookie: &str) -> String {
    let r = send(&s.app, get(&format!("/api/claims?doc={}", s.doc), Some(cookie))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    let c = j["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["evidence"]["quote"].as_str().unwrap().contains("about 300 people") && !c["count"].is_null()
        })
        .expect("a claim with the 300");
    c["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_correction_sits_beside_the_machine_reading_and_is_audited() {
    let s = seeded();
    let (cookie, csrf) = login(&s.app, "ana").await;
    let claim = claim_300(&s, &cookie).await;
    let r = send(
        &s.app,
        post_form(
            &format!("/claims/{claim}/correct"),
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("field", "count"),
                ("min", "280"),
                ("max", "320"),
                ("approx", "on"),
                ("note", "the team sizes vary"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/documents/{}#card-{claim}", s.doc));

    let page = send(&s.app, get(&format!("/documents/{}", s.doc), Some(&cookie))).await;
    let card = page
        .body
        .split(&format!(r#"id="card-{claim}""#))
        .nth(1)
        .unwrap()
        .split("</details>")
        .next()
        .unwrap()
        .to_owned();
    assert!(card.contains("about 300") && card.contains("about 280–320"), "both readings shown: {card}");
    assert!(card.contains(r#"class="corr""#));
    assert!(page.body.contains("status corrected"));

    // The stored claim is untouched; the API shows both.
    let j = send(&s.app, get(&format!("/api/claims/{claim}"), Some(&cookie))).await.json();
    assert_eq!(j["count"]["min"], 300);
    assert_eq!(j["reviewed"]["count"]["min"], 280);
    assert_eq!(j["review"]["status"], "corrected");
    assert_eq!(j["review"]["corrections"]["count"]["who"], "ana");

    // The audit log has it, chained and intact, on the page and in the store.
    let audit = send(&s.app, get("/audit", Some(&cookie))).await;
    assert!(audit.body.contains("review.correct") && audit.body.contains(&claim), "{}", audit.body);
    assert!(audit.body.contains("is intact"));
    let verdict = s.state.db(|st| Ok(st.verify_audit()?)).await.unwrap();
    match verdict {
        Verdict::Intact { entries, .. } => {
            assert_eq!(entries, 3 + 3 + 1, "3 uploads, 3 accounts, 1 correction")
        }
        v => panic!("{v:?}"),
    }
    let entries = s.state.db(move |st| Ok(st.audit_entries_for(&claim)?)).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].actor.as_str(), entries[0].action.as_str()), ("ana", "review.correct"));
    assert_eq!(entries[0].detail["value"]["min"], 280);
}

#[tokio::test]
async fn confirm_and_reject_are_recorded_and_a_rejection_needs_a_reason() {
    let s = seeded();
    let (cookie, csrf) = login(&s.app, "ana").await;
    let claim = claim_300(&s, &cookie).await;
    let r = send(
        &s.app,
        post_form(&format!("/claims/{claim}/reject"), Some(&cookie), &[("csrf", &csrf), ("note", "")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("say why the claim is rejected"), "{}", r.body);
    let r = send(
        &s.app,
        post_form(&format!("/claims/{claim}/reject"), Some(&cookie), &[("csrf", &csrf), ("note", "a guess")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let j = send(&s.app, get(&format!("/api/claims/{claim}"), Some(&cookie))).await.json();
    assert_eq!(j["review"]["status"], "rejected");
    let r =
        send(&s.app, post_form(&format!("/claims/{claim}/confirm"), Some(&cookie), &[("csrf", &csrf)])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let j = send(&s.app, get(&format!("/api/claims/{claim}"), Some(&cookie))).await.json();
    assert_eq!(j["review"]["status"], "confirmed");
}

#[tokio::test]
async fn wrong_input_gets_a_message_on_the_page_not_a_500() {
    let s = seeded();
    let (cookie, csrf) = login(&s.app, "ana").await;
    let claim = claim_300(&s, &cookie).await;
    let cases: Vec<(Request<Body>, &str)> = vec![
        (
            post_form(
                &format!("/claims/{claim}/correct"),
                Some(&cookie),
                &[("csrf", &csrf), ("field", "count"), ("min", "lots")],
            ),
            "from: “lots” is not a whole number",
        ),
        (
            post_form(
                &format!("/claims/{claim}/correct"),
                Some(&cookie),
                &[("csrf", &csrf), ("field", "destination"), ("country", "Russia")],
            ),
            "two-letter",
        ),
        (
            post_form(
                &format!("/claims/{claim}/correct"),
                Some(&cookie),
                &[("csrf", &csrf), ("field", "time"), ("start", "2022-12-01"), ("end", "2022-11-01")],
            ),
            "must not end before it starts",
        ),
        (
            post_form(
                &format!("/claims/{claim}/correct"),
                Some(&cookie),
                &[("csrf", &csrf), ("field", "evidence")],
            ),
            "not a field that can be corrected",
        ),
        (get("/documents?from=yesterday", Some(&cookie)), "from: “yesterday” is not a date"),
        (get("/documents?from=2023-01-01&to=2022-01-01", Some(&cookie)), "wrong way round"),
        (get("/estimates?period=decade", Some(&cookie)), "not year, quarter or month"),
        (get("/claims?ids=nonsense", Some(&cookie)), "is not a claim id"),
        (
            post_form(
                "/sources/grade",
                Some(&cookie),
                &[("csrf", &csrf), ("source", "Daily NK"), ("grade", "Z9"), ("why", "x")],
            ),
            "not a grade",
        ),
        (
            post_form(
                "/sources/grade",
                Some(&cookie),
                &[("csrf", &csrf), ("source", "Nobody Knows Weekly"), ("grade", "B2"), ("why", "x")],
            ),
            "not a source the ledger knows",
        ),
        (
            post_form(
                "/events/e-nothing/merge",
                Some(&cookie),
                &[("csrf", &csrf), ("absorb", "e-x"), ("why", "")],
            ),
            "say why",
        ),
    ];
    for (req, want) in cases {
        let uri = req.uri().to_string();
        let r = send(&s.app, req).await;
        assert!(r.status.is_client_error(), "{uri}: {} {}", r.status, r.body);
        assert!(r.body.contains(want), "{uri}: wanted {want:?} in {}", r.body);
        assert!(r.body.contains(r#"role="alert""#));
    }
    let (admin, admin_csrf) = login(&s.app, "admin").await;
    let r = send(
        &s.app,
        post_form(
            "/users",
            Some(&admin),
            &[
                ("csrf", &admin_csrf),
                ("name", "new one"),
                ("role", "viewer"),
                ("password", "x"),
                ("password2", "x"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("no spaces"), "{}", r.body);
    let r = send(
        &s.app,
        post_form(
            "/users",
            Some(&admin),
            &[
                ("csrf", &admin_csrf),
                ("name", "bob"),
                ("role", "viewer"),
                ("password", "short"),
                ("password2", "short"),
            ],
        ),
    )
    .await;
    assert!(r.body.contains("at least 10 characters"), "{}", r.body);
    let r = send(
        &s.app,
        post_form(
            "/users",
            Some(&admin),
            &[
                ("csrf", &admin_csrf),
                ("name", "ana"),
                ("role", "viewer"),
                ("password", PASSWORD),
                ("password2", PASSWORD),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("already exists"), "{}", r.body);
}

#[tokio::test]
async fn a_viewer_reads_but_is_refused_every_change_and_the_tips() {
    let s = seeded();
    let (cookie, csrf) = login(&s.app, "vic").await;
    let claim = {
        let (c, _) = login(&s.app, "ana").await;
        claim_300(&s, &c).await
    };
    for path in
        ["/", "/documents", "/events", "/estimates", "/map", "/sources", "/audit", "/search?q=workers"]
    {
        let r = send(&s.app, get(path, Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    }
    let r =
        send(&s.app, post_form(&format!("/claims/{claim}/confirm"), Some(&cookie), &[("csrf", &csrf)])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("viewer"), "{}", r.body);
    let r = send(&s.app, get("/tips", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(&s.app, get("/users", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Nothing was written.
    let j = send(&s.app, get(&format!("/api/claims/{claim}"), Some(&cookie))).await.json();
    assert_eq!(j["review"]["status"], "unreviewed");
    // A viewer can still sign out.
    let r = send(&s.app, post_form("/logout", Some(&cookie), &[("csrf", &csrf)])).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"));
    let r = send(&s.app, get("/", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the session has ended");
}

#[tokio::test]
async fn a_forged_or_missing_csrf_token_is_refused() {
    let s = seeded();
    let (cookie, csrf) = login(&s.app, "ana").await;
    let claim = claim_300(&s, &cookie).await;
    let (other, other_csrf) = login(&s.app, "admin").await;
    assert_ne!(csrf, other_csrf);
    for fields in [vec![("csrf", "0000")], vec![], vec![("csrf", other_csrf.as_str())]] {
        let r = send(&s.app, post_form(&format!("/claims/{claim}/confirm"), Some(&cookie), &fields)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{fields:?}");
        assert!(r.body.contains(r#"data-code="csrf""#), "{}", r.body);
    }
    // The JSON API with the cookie wants the header.
    let review = |token: Option<&str>| {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/claims/{claim}/review"))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            b = b.header("x-csrf-token", t);
        }
        b.body(Body::from(r#"{"action":"confirm"}"#)).unwrap()
    };
    let r = send(&s.app, review(None)).await;
    assert_eq!((r.status, r.json()["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("csrf")));
    let r = send(&s.app, review(Some(&csrf))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["audit"]["action"], "review.confirm");
    drop(other);
}

#[tokio::test]
async fn upload_through_the_api_with_a_bearer_token_and_through_the_plain_form() {
    let s = seeded();
    let token = tally_web::auth::random_token();
    s.state
        .db({
            let t = token.clone();
            move |st| {
                use tally_store::AccountStore;
                let (u, _) = st.user_credentials("ana")?.unwrap();
                st.add_api_token(u.id, &tally_store::accounts::token_digest(&t), "test")?;
                Ok(())
            }
        })
        .await
        .unwrap();
    let boundary = "XyZ";
    let body = |text: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"outlet\"\r\n\r\nUpload Times\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"published\"\r\n\r\n2024-05-02\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.txt\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n"
        )
    };
    let upload = |auth: Option<String>, cookie: Option<String>, path: &str, text: &str| {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        if let Some(a) = auth {
            b = b.header(header::AUTHORIZATION, a);
        }
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::from(body(text))).unwrap()
    };
    let text = "Some 2,000 North Korean workers are now working on building sites in Vladivostok, a source in Russia said.";
    let r = send(&s.app, upload(Some(format!("Bearer {token}")), None, "/api/documents", text)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let j = r.json();
    assert_eq!(j["new"], true);
    let id = j["document"].as_str().unwrap().to_owned();
    let r = send(&s.app, upload(Some(format!("Bearer {token}")), None, "/api/documents", text)).await;
    assert_eq!((r.status, r.json()["new"].as_bool()), (StatusCode::OK, Some(false)));
    let doc = send(&s.app, get(&format!("/api/documents/{id}"), None)).await;
    assert_eq!(doc.status, StatusCode::UNAUTHORIZED);
    let mut req = get(&format!("/api/documents/{id}"), None);
    req.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    let doc = send(&s.app, req).await.json();
    assert_eq!(
        (doc["outlet"].as_str(), doc["published"].as_str()),
        (Some("Upload Times"), Some("2024-05-02"))
    );
    let bad = send(&s.app, upload(Some("Bearer not-a-token".into()), None, "/api/documents", text)).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);

    // The plain form (no JavaScript): the CSRF token travels in the multipart body.
    let (cookie, csrf) = login(&s.app, "ana").await;
    let with_csrf = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.md\"\r\nContent-Type: text/markdown\r\n\r\n# Note\n\nAbout 150 workers arrived in Dandong last month, a source in China said.\r\n--{boundary}--\r\n"
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri("/documents")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, &cookie)
        .body(Body::from(with_csrf))
        .unwrap();
    let r = send(&s.app, req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        r.location().starts_with("/documents/d-") && r.location().ends_with("?uploaded=1"),
        "{}",
        r.location()
    );
    // Without the token, the same form is refused before anything is stored.
    let r = send(
        &s.app,
        upload(None, Some(cookie.clone()), "/documents", "Another text entirely, about 10 workers."),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Bytes that are not text get ingest's message.
    let binary = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\n\u{0}\u{0}\u{1}binary\r\n--{boundary}--\r\n"
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri("/documents")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, &cookie)
        .body(Body::from(binary))
        .unwrap();
    let r = send(&s.app, req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("x.txt"), "the message names the file: {}", r.body);
}

#[tokio::test]
async fn search_finds_english_and_korean_with_highlighted_snippets() {
    let s = seeded();
    let (cookie, _) = login(&s.app, "vic").await;
    let r = send(&s.app, get("/search?q=selection+round", Some(&cookie))).await;
    assert!(r.body.contains("<mark>selection</mark>"), "{}", r.body);
    let r = send(&s.app, get(&format!("/search?q={}", tally_web::auth::url_encode("노동자")), Some(&cookie)))
        .await;
    assert!(r.body.contains("<mark>노동자</mark>") || r.body.contains("<mark>노동</mark>"), "{}", r.body);
    let j =
        send(&s.app, get(&format!("/api/search?q={}", tally_web::auth::url_encode("연해주")), Some(&cookie)))
            .await
            .json();
    assert_eq!(j["hits"].as_array().unwrap().len(), 1);
    assert!(j["hits"][0]["snippet_html"].as_str().unwrap().contains("<mark>"));
    let r = send(&s.app, get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", Some(&cookie))).await;
    assert!(!r.body.contains("<script>alert"), "the query is escaped");
}

#[tokio::test]
async fn estimates_and_the_map_are_svg_whose_marks_link_to_their_claims() {
    let s = seeded();
    let (cookie, _) = login(&s.app, "vic").await;
    let r = send(&s.app, get("/estimates", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<svg"), "{}", r.body);
    let link = r.body.split(r#"<a href="/claims?ids="#).nth(1).expect("a mark links to its claims");
    let ids = link.split('"').next().unwrap();
    let claims = send(&s.app, get(&format!("/claims?ids={ids}"), Some(&cookie))).await;
    assert_eq!(claims.status, StatusCode::OK);
    assert!(claims.body.contains("<blockquote>"));
    let map = send(&s.app, get("/map", Some(&cookie))).await;
    assert!(map.body.contains(r#"<circle class="hit""#), "{}", map.body);
    assert!(map.body.contains("Natural Earth"));
    let j = send(&s.app, get("/api/estimates", Some(&cookie))).await.json();
    assert!(j["figures"].as_array().unwrap().iter().any(|f| f["destination"]["country"] == "UA"));
}

#[tokio::test]
async fn an_analyst_overrides_a_grade_and_it_is_audited() {
    let s = seeded();
    let (cookie, csrf) = login(&s.app, "ana").await;
    let r = send(
        &s.app,
        post_form(
            "/sources/grade",
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("source", "anonymous_in_country"),
                ("grade", "c3"),
                ("why", "checked against satellite images"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = send(&s.app, get("/sources", Some(&cookie))).await;
    assert!(page.body.contains("checked against satellite images"), "{}", page.body);
    let audit = send(&s.app, get("/api/audit", Some(&cookie))).await.json();
    assert_eq!(audit["entries"][0]["action"], "source.grade");
    assert_eq!(audit["entries"][0]["detail"]["grade"], "C3");
    assert_eq!(audit["chain"]["intact"], true);
}

#[tokio::test]
async fn events_list_and_page_and_an_admin_adds_an_account() {
    let s = seeded();
    let (cookie, _) = login(&s.app, "vic").await;
    let j = send(&s.app, get("/api/events", Some(&cookie))).await.json();
    let first = j["events"][0]["id"].as_str().expect("an event").to_owned();
    let page = send(&s.app, get(&format!("/events/{first}"), Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Claims by source"));
    let (admin, csrf) = login(&s.app, "admin").await;
    let r = send(
        &s.app,
        post_form(
            "/users",
            Some(&admin),
            &[
                ("csrf", &csrf),
                ("name", "newbie"),
                ("role", "viewer"),
                ("password", PASSWORD),
                ("password2", PASSWORD),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    login(&s.app, "newbie").await;
    let audit = send(&s.app, get("/audit?target=user%3Anewbie", Some(&admin))).await;
    assert!(audit.body.contains("user.add"), "{}", audit.body);
}

/// A multipart body with the session's CSRF token first, then `fields`; a field named
/// `file` is sent as a file called `name.txt`.
fn multipart(csrf: &str, fields: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "tallyTestBoundary";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
        .into_bytes();
    for (name, value) in fields {
        let disposition = if *name == "file" {
            format!("form-data; name=\"file\"; filename=\"{name}.txt\"\r\nContent-Type: text/plain")
        } else {
            format!("form-data; name=\"{name}\"")
        };
        body.extend(format!("--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").as_bytes());
        body.extend_from_slice(value);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post_raw(path: &str, cookie: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

/// Every form and every address a user can type: wrong input is a 4xx page whose alert
/// says what is wrong (JSON under /api/), never a 500 or axum's bare rejection text.
#[tokio::test]
async fn every_form_and_address_answers_wrong_input_with_a_message() {
    let s = seeded();
    let (cookie, csrf) = login(&s.app, "ana").await;
    let claim = claim_300(&s, &cookie).await;

    // Sign-in: empty fields, a form from another browser, a body that is not a form.
    let form = send(&s.app, get("/login", None)).await;
    let login_cookie = set_cookie(&form, "tally_login").unwrap();
    let token = csrf_of(&form.body);
    let r = send(
        &s.app,
        post_form("/login", Some(&login_cookie), &[("csrf", &token), ("name", ""), ("password", "")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Enter your account name and your password."), "{}", r.body);
    assert!(r.body.contains(r#"role="alert""#) && r.body.contains(r#"id="password""#), "the form again");
    let r =
        send(&s.app, post_form("/login", None, &[("csrf", &token), ("name", "ana"), ("password", PASSWORD)]))
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("security token"), "{}", r.body);
    let r = send(&s.app, post_raw("/login", &login_cookie, "application/json", b"{}".to_vec())).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains(r#"role="alert""#) && r.body.contains("not sent the way"), "{}", r.body);

    let mut cases: Vec<(Request<Body>, StatusCode, &str)> = Vec::new();
    // Uploads: an empty file, bytes that are not text, no file, not multipart at all.
    for (fields, want) in [
        (vec![("file", &b""[..])], "empty"),
        (vec![("file", &b"\x00\x01\x02\x03 PK binary \xff\xfe"[..])], "file.txt"),
        (vec![("outlet", &b"Somewhere"[..])], "choose a file to upload"),
        (
            vec![("file", &b"About 40 workers left for Laos."[..]), ("published", &b"last week"[..])],
            "published",
        ),
        (vec![("file", &b"About 40 workers left for Laos."[..]), ("lang", &b"fr"[..])], "language"),
    ] {
        let (ct, body) = multipart(&csrf, &fields);
        cases.push((post_raw("/documents", &cookie, &ct, body), StatusCode::BAD_REQUEST, want));
    }
    cases.push((
        post_raw(
            "/documents",
            &cookie,
            "application/x-www-form-urlencoded",
            format!("csrf={csrf}&file=x").into_bytes(),
        ),
        StatusCode::BAD_REQUEST,
        "could not be read",
    ));
    // Corrections with values that are not values.
    for (fields, want) in [
        (vec![("field", "count"), ("min", "-5")], "is not a whole number"),
        (vec![("field", "count"), ("min", "300"), ("max", "250")], "300"),
        (vec![("field", "nonsense")], "not a field"),
        (vec![("field", "time"), ("start", "2022-02-30")], "2022-02-30"),
        (vec![], "field"),
    ] {
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend(fields);
        cases.push((
            post_form(&format!("/claims/{claim}/correct"), Some(&cookie), &f),
            StatusCode::BAD_REQUEST,
            want,
        ));
    }
    // Search: a query too long to be one, and one made only of query syntax.
    let huge = "workers ".repeat(200);
    cases.push((
        get(&format!("/search?q={}", tally_web::auth::url_encode(&huge)), Some(&cookie)),
        StatusCode::BAD_REQUEST,
        "longer than 500 characters",
    ));
    // Addresses with ids that name nothing, or are not ids at all.
    for (path, status, want) in [
        ("/documents/nonsense", StatusCode::NOT_FOUND, "nonsense"),
        ("/documents/d-0000000000000000", StatusCode::NOT_FOUND, "d-0000000000000000"),
        ("/events/e-nothing", StatusCode::NOT_FOUND, "e-nothing"),
        ("/claims/c-zz", StatusCode::NOT_FOUND, "c-zz"),
        ("/documents/%FF%FE", StatusCode::BAD_REQUEST, "could not be read"),
        ("/audit?before=yesterday", StatusCode::BAD_REQUEST, "is not a page"),
        ("/documents?lang=fr", StatusCode::BAD_REQUEST, "fr"),
        ("/no/such/page", StatusCode::NOT_FOUND, "no page at this address"),
    ] {
        cases.push((get(path, Some(&cookie)), status, want));
    }
    cases.push((
        post_form("/claims/c-0000000000000000/confirm", Some(&cookie), &[("csrf", &csrf)]),
        StatusCode::NOT_FOUND,
        "c-0000000000000000",
    ));
    cases.push((
        get(&format!("/claims/{claim}/confirm"), Some(&cookie)),
        StatusCode::METHOD_NOT_ALLOWED,
        "does not take GET",
    ));

    for (req, status, want) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let r = send(&s.app, req).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert!(r.body.contains(r#"role="alert""#), "{what}: a message on a page: {}", r.body);
        assert!(r.body.contains(want), "{what}: wanted {want:?} in {}", r.body);
        assert!(r.body.contains("<html"), "{what}: a tally page");
    }

    // An empty search is the form with a hint, not an error.
    let r = send(&s.app, get("/search?q=", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Type one or more words"), "{}", r.body);
    // Query syntax alone is searched or refused with a message, never a 500.
    for q in ["\"", "((", "AND", ":", "*", "노동자 \"", "-"] {
        let r =
            send(&s.app, get(&format!("/search?q={}", tally_web::auth::url_encode(q)), Some(&cookie))).await;
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::BAD_REQUEST,
            "{q}: {} {}",
            r.status,
            r.body
        );
        if r.status == StatusCode::BAD_REQUEST {
            assert!(r.body.contains(r#"role="alert""#), "{q}: {}", r.body);
        }
    }

    // A body over the limit is refused whole, with the limit in the message.
    let (ct, body) = multipart(&csrf, &[("file", &vec![b'a'; tally_web::MAX_BODY + 1])]);
    let r = send(&s.app, post_raw("/documents", &cookie, &ct, body)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains(r#"role="alert""#) && r.body.contains("larger than"), "{}", r.body);

    // The API answers the same mistakes in JSON.
    for (req, status) in [
        (get("/api/documents/nonsense", Some(&cookie)), StatusCode::NOT_FOUND),
        (get("/api/documents/%FF", Some(&cookie)), StatusCode::BAD_REQUEST),
        (get("/api/search?q=", Some(&cookie)), StatusCode::BAD_REQUEST),
        (get("/api/documents?limit=0", Some(&cookie)), StatusCode::BAD_REQUEST),
        (
            Request::builder()
                .method(Method::POST)
                .uri(format!("/api/claims/{claim}/review"))
                .header(header::COOKIE, &cookie)
                .header("x-csrf-token", &csrf)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::builder()
                .method(Method::DELETE)
                .uri("/api/documents")
                .header(header::COOKIE, &cookie)
                .header("x-csrf-token", &csrf)
                .body(Body::empty())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ] {
        let what = format!("{} {}", req.method(), req.uri());
        let r = send(&s.app, req).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        let j = r.json();
        assert!(
            j["error"]["code"].is_string() && !j["error"]["message"].as_str().unwrap().is_empty(),
            "{what}: {j}"
        );
    }

    // None of it reached the store: the claim is unreviewed and only the seed is there.
    let j = send(&s.app, get(&format!("/api/claims/{claim}"), Some(&cookie))).await.json();
    assert_eq!(j["review"]["status"], "unreviewed");
    let docs = send(&s.app, get("/api/documents", Some(&cookie))).await.json();
    assert_eq!(docs["documents"].as_array().unwrap().len(), 3);
}

/// Submits one tip through the tip line's own router, as a whistleblower's browser would.
async fn submit_tip(line: &axum::Router, message: &str, files: &[(&str, &str, &[u8])]) {
    let boundary = "tipBoundary";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n{message}\r\n")
            .into_bytes();
    for (name, ctype, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method(Method::POST)
        .uri("/submit")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let r = send(line, req).await;
    assert_eq!(r.status, StatusCode::OK, "the tip line took the tip: {}", r.body);
}

#[tokio::test]
async fn the_tips_page_lists_metadata_only_to_analysts_and_admins() {
    let s = seeded();
    let (ana, _) = login(&s.app, "ana").await;
    let r = send(&s.app, get("/tips", Some(&ana))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("No tips."), "{}", r.body);

    // The tip line writes into DATA/tips, sealed to an analyst key kept elsewhere.
    let tips = s.state.config().tips_dir.clone();
    let keys = tempfile::tempdir().unwrap();
    let recipient = tally_tipline::keys::keygen(&keys.path().join("analyst.key")).unwrap();
    tally_tipline::keys::RecipientsFile::in_dir(&tips).add(&recipient.to_string()).unwrap();
    let line = tally_tipline::web::app(
        tally_tipline::web::AppState::new(tally_tipline::Config::defaults(&tips)).unwrap(),
    );
    let canary = "CANARY-e7c1d the foreman in Rason";
    let pixels = vec![128u8; 8 * 8 * 3];
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 80).encode(&pixels, 8, 8, jpeg_encoder::ColorType::Rgb).unwrap();
    submit_tip(&line, canary, &[]).await;
    submit_tip(&line, canary, &[("CANARY-photo.jpg", "image/jpeg", &jpeg)]).await;
    submit_tip(
        &line,
        canary,
        &[
            ("CANARY-photo2.jpg", "image/jpeg", &jpeg),
            ("CANARY-list.bin", "application/octet-stream", b"\x00\x01CANARY"),
        ],
    )
    .await;
    let summaries = tally_tipline::list_tips(&tips).unwrap();
    assert_eq!(summaries.len(), 3);
    let today = chrono::Utc::now().date_naive().to_string();

    for who in ["ana", "admin"] {
        let (cookie, _) = login(&s.app, who).await;
        let r = send(&s.app, get("/tips", Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::OK, "{who}");
        for t in &summaries {
            assert!(r.body.contains(t.id.as_str()), "{who}: tip {} listed", t.id.as_str());
        }
        assert!(r.body.contains(&format!(r#"<time datetime="{today}">"#)), "received on the day");
        // One row per tip, each saying whether its files were cleaned.
        let mut cleaned: Vec<&str> =
            r.body.split(r#"data-cleaned=""#).skip(1).map(|x| x.split('"').next().unwrap()).collect();
        cleaned.sort();
        assert_eq!(cleaned, ["none", "partly", "yes"], "{}", r.body);
        assert!(r.body.contains("1 of 2 not cleaned"), "{}", r.body);
        assert!(!r.body.contains("CANARY"), "metadata only: nothing a source wrote or named");
    }
    // Viewers are refused, and the navigation does not offer the page.
    let (vic, _) = login(&s.app, "vic").await;
    let r = send(&s.app, get("/tips", Some(&vic))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains(summaries[0].id.as_str()) && !r.body.contains("CANARY"));
    let home = send(&s.app, get("/", Some(&vic))).await;
    assert!(!home.body.contains(r#"href="/tips""#), "{}", home.body);
}

/// Issue 5: search shows a page of 20 hits, says how many documents match, and links to the
/// next and previous pages; the API pages with `offset` and reports `total`.
#[tokio::test]
async fn search_pages_through_hits_and_counts_them() {
    let s = seeded();
    {
        // Documents stored behind the index's back: the search catches the index up first.
        let mut store = tally_store::SqliteStore::open_dir(s._dir.path()).unwrap();
        let mut batch = tally_store::Store::begin_batch(&mut store, "test").unwrap();
        for i in 0..45 {
            let text = format!("Brigade {i}: {} loggers were counted at the Tynda camp.", 10 + i);
            let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
            let title = format!("Tynda count {i}");
            let doc = tally_store::NewDocument {
                raw: text.as_bytes(),
                text: &text,
                sha256: &sha,
                format: "text",
                lang: tally_core::Lang::En,
                path: None,
                url: None,
                outlet: Some("Test Wire"),
                published: None,
                title: Some(&title),
                negative: false,
            };
            batch.add_document(&doc, &tally_core::Extraction::default()).unwrap();
        }
        batch.commit().unwrap();
    }
    let (cookie, _) = login(&s.app, "vic").await;
    let items = |body: &str| body.matches("class=\"snippet\"").count();

    let r = send(&s.app, get("/search?q=loggers+Tynda", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("45 documents found; 1–20 shown"), "{}", r.body);
    assert_eq!(items(&r.body), 20);
    assert!(r.body.contains(r#"rel="next" href="/search?q=loggers%20Tynda&amp;page=2""#), "{}", r.body);
    assert!(!r.body.contains(r#"rel="prev""#));

    let r = send(&s.app, get("/search?q=loggers+Tynda&page=3", Some(&cookie))).await;
    assert!(r.body.contains("45 documents found; 41–45 shown"), "{}", r.body);
    assert!(r.body.contains(r#"<ol start="41">"#), "{}", r.body);
    assert_eq!(items(&r.body), 5);
    assert!(r.body.contains(r#"rel="prev" href="/search?q=loggers%20Tynda&amp;page=2""#), "{}", r.body);
    assert!(!r.body.contains(r#"rel="next""#), "the last page links no further");

    // Past the last page: the count and a sentence, no hits.
    let r = send(&s.app, get("/search?q=loggers+Tynda&page=9", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("45 documents found; page 9 is past the last one"), "{}", r.body);
    assert_eq!(items(&r.body), 0);
    // A phrase is counted as well; one page holds every hit, so no links.
    let r = send(&s.app, get("/search?q=%2212+loggers%22", Some(&cookie))).await;
    assert!(r.body.contains("1 document found"), "{}", r.body);
    assert!(!r.body.contains("Result pages"), "{}", r.body);
    for bad in ["0", "two", "-1", "100000"] {
        let r = send(&s.app, get(&format!("/search?q=loggers&page={bad}"), Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "page={bad}");
        assert!(r.body.contains("is not a page number from 1 to"), "{}", r.body);
    }

    // The API: the same ranking, cut by offset and limit.
    let all = send(&s.app, get("/api/search?q=loggers&limit=100", Some(&cookie))).await.json();
    assert_eq!(all["total"], 45);
    let ids = |j: &serde_json::Value| -> Vec<String> {
        j["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
    };
    let page = send(&s.app, get("/api/search?q=loggers&limit=10&offset=40", Some(&cookie))).await.json();
    assert_eq!((page["total"].as_u64(), page["offset"].as_u64()), (Some(45), Some(40)));
    assert_eq!(ids(&page), ids(&all)[40..]);
    let r = send(&s.app, get("/api/search?q=loggers&offset=lots", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("offset"), "{}", r.body);
}
