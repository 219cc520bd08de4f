//! Bad input and limits: a clear page, the right status, and nothing partial stored.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::{Multipart, Setup};

const NOTHING_STORED: &str = "Nothing you sent was stored.";

#[tokio::test]
async fn an_empty_submission_is_refused_plainly() {
    let s = Setup::new();
    for form in [
        Multipart::new(),
        Multipart::new().text("message", "   \r\n\t "),
        Multipart::new().text("message", "").file("attachment", "", "application/octet-stream", b""),
    ] {
        let (status, page) = s.submit(form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Please write a message or choose a file.") && page.contains(NOTHING_STORED));
        s.assert_nothing_stored();
    }
}

#[tokio::test]
async fn oversize_submissions_are_refused_with_the_limits_named() {
    let s = Setup::with(|c| {
        c.limits.max_submission_bytes = 50_000;
        c.limits.max_message_bytes = 2048;
    });
    // The message alone is over its limit.
    let (status, page) = s.submit(Multipart::new().text("message", &"x".repeat(3000))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("up to 2 KB") && page.contains(NOTHING_STORED), "{page}");
    s.assert_nothing_stored();
    // A file over the total: refused part-way, after some of it was sealed to staging.
    let big = vec![7u8; 60_000];
    let form = Multipart::new().text("message", "see file").file(
        "attachment",
        "a.bin",
        "application/octet-stream",
        &big,
    );
    let (status, page) = s.submit(form).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("Too large"));
    s.assert_nothing_stored();
    // A declared length far over the limit is refused before the body is read.
    let req = Request::post("/submit")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .header(header::CONTENT_LENGTH, "999999999")
        .body(Body::from("--x--\r\n"))
        .unwrap();
    let (status, _, _) = s.call(req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    s.assert_nothing_stored();
}

#[tokio::test]
async fn too_many_files_are_refused_and_none_is_kept() {
    let s = Setup::with(|c| c.limits.max_attachments = 2);
    let mut form = Multipart::new().text("message", "three files");
    for i in 0..3 {
        form = form.file("attachment", &format!("f{i}.txt"), "text/plain", b"some bytes");
    }
    let (status, page) = s.submit(form).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("up to 2 files") && page.contains(NOTHING_STORED), "{page}");
    s.assert_nothing_stored();
}

#[tokio::test]
async fn malformed_forms_are_refused() {
    let s = Setup::new();
    // Not multipart at all.
    let req = Request::post("/submit")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("message=hello"))
        .unwrap();
    let (status, _, page) = s.call(req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("The form could not be read") && page.contains(NOTHING_STORED));
    // A body cut off in the middle of a file.
    let (ct, body) = Multipart::new()
        .text("message", "cut")
        .file("attachment", "a.txt", "text/plain", &[b'a'; 5000])
        .finish();
    let req = Request::post("/submit")
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body[..body.len() - 3000].to_vec()))
        .unwrap();
    let (status, _, _) = s.call(req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A field our form does not have.
    let (status, _) = s.submit(Multipart::new().text("message", "hi").text("email", "me@example.org")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Two message fields.
    let (status, _) = s.submit(Multipart::new().text("message", "a").text("message", "b")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    s.assert_nothing_stored();
}

#[tokio::test]
async fn the_global_rate_limit_answers_429_in_plain_words() {
    let s = Setup::with(|c| {
        c.rate.submission_burst = 2;
        c.rate.submissions_per_minute = 1;
    });
    for _ in 0..2 {
        assert_eq!(s.submit(Multipart::new().text("message", "tip")).await.0, StatusCode::OK);
    }
    let (status, page) = s.submit(Multipart::new().text("message", "one too many")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("The tip line is busy") && page.contains("wait a few minutes"), "{page}");
    assert_eq!(s.conversations().len(), 2, "the refused one was not stored");
}

#[tokio::test]
async fn without_recipients_nothing_is_accepted() {
    let s = Setup::new();
    std::fs::write(s.tips().join("recipients.txt"), "# nobody\n").unwrap();
    let (status, page) = s.submit(Multipart::new().text("message", "tip")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.contains("not ready") && page.contains(NOTHING_STORED));
    s.assert_nothing_stored();
}

/// Slow uploads: at most `max_concurrent_submissions` are received at once (others get the
/// busy page), and one that does not finish in time is refused and removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_uploads_are_bounded_in_number_and_time() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = Setup::with(|c| {
        c.limits.max_concurrent_submissions = 1;
        c.limits.max_upload_seconds = 1;
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tally_tipline::web::serve(listener, s.state.clone()));

    // A trickle: the headers and the start of a body that never finishes.
    let (ct, body) = Multipart::new().text("message", "slow").finish();
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /submit HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
        body.len() + 1000
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&body[..20]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let (ct2, body2) = Multipart::new().text("message", "meanwhile").finish();
    let (status, page) =
        crate::common::http(addr, "POST", "/submit", &[("Content-Type", &ct2)], &body2).await;
    assert_eq!(status, 429, "the one slot is taken: {page}");

    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the slow upload was cut off by the time limit");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408") && answer.contains("That took too long"), "{answer}");

    let (status, _) = crate::common::http(addr, "POST", "/submit", &[("Content-Type", &ct2)], &body2).await;
    assert_eq!(status, 200, "the slot is free again");
    assert_eq!(s.conversations().len(), 1, "nothing of the slow upload was kept");
    let staging = std::fs::read_dir(s.tips().join(".staging")).unwrap().count();
    assert_eq!(staging, 0);
}
