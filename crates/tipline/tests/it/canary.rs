//! The Done-when canary test: a real tip-line server process receives a tip, a return visit
//! and a follow-up, all carrying canary strings (in the text, a file's content, a file's name,
//! the User-Agent, the Referer and a forwarded address); afterwards no file under the data
//! folder and nothing the process printed (stdout, stderr, with tracing at TRACE) contains
//! any of them, nor the codename.
//!
//! The server process is this test binary run again with `TIPLINE_CANARY_CHILD` set: the
//! child installs the same kind of stderr tracing subscriber as the `tally` binary, at TRACE,
//! serves on loopback and prints its address; the parent drives it and then ends it.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{Multipart, all_files, codename_from, contains, http};

const CHILD_ENV: &str = "TIPLINE_CANARY_CHILD";

/// In the child: serve until the parent ends the process (or 120 s pass).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_server() {
    let Ok(dir) = std::env::var(CHILD_ENV) else { return };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("trace"))
        .with_writer(std::io::stderr)
        .init();
    let mut config = tally_tipline::Config::load(std::path::Path::new(&dir)).unwrap();
    config.rate.submission_burst = 100;
    let state = tally_tipline::web::AppState::new(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("LISTENING {}", listener.local_addr().unwrap());
    let _ = tokio::time::timeout(Duration::from_secs(120), tally_tipline::web::serve(listener, state)).await;
}

#[tokio::test]
async fn a_canary_leaves_no_trace_in_any_file_or_in_the_servers_output() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let tips = root.path().join("data").join("tips");
    let key = root.path().join("analyst.key");
    let recipient = tally_tipline::keys::keygen(&key).unwrap();
    tally_tipline::keys::RecipientsFile::in_dir(&tips).add(&recipient.to_string()).unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "canary::child_server", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &tips)
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    let addr = loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "the child server did not start: {printed}");
        printed.push_str(&line);
        // The test harness prints its own words on the same line before ours.
        if let Some(at) = line.find("LISTENING ") {
            break line[at + 10..].trim().parse::<std::net::SocketAddr>().unwrap();
        }
    };

    let canaries: [&str; 7] = [
        "CANARY-TEXT-91c2",
        "CANARY-FILE-55ad",
        "CANARY-NAME-0b7e",
        "CANARY-UA-7d1f",
        "CANARY-REF-3e88",
        "203.0.113.77",
        "CANARY-FOLLOWUP-c4a0",
    ];
    let browser_headers = |ct: &'static str| {
        vec![
            ("Content-Type", ct),
            ("User-Agent", "Mozilla/5.0 CANARY-UA-7d1f"),
            ("Referer", "http://CANARY-REF-3e88.example/"),
            ("X-Forwarded-For", "203.0.113.77"),
        ]
    };
    let (ct, body) = Multipart::new()
        .text("message", "The quota is 300 people. CANARY-TEXT-91c2")
        .file("attachment", "CANARY-NAME-0b7e.txt", "text/plain", b"inside the file CANARY-FILE-55ad")
        .finish();
    let ct: &'static str = Box::leak(ct.into_boxed_str());
    let (status, page) = http(addr, "POST", "/submit", &browser_headers(ct), &body).await;
    assert_eq!(status, 200, "{page}");
    let codename = codename_from(&page);

    let form = format!("codename={}", codename.replace(' ', "+"));
    let (status, page) =
        http(addr, "POST", "/return", &browser_headers("application/x-www-form-urlencoded"), form.as_bytes())
            .await;
    assert_eq!(status, 200);
    assert!(page.contains("no replies from our team yet"));

    let (ct, body) =
        Multipart::new().text("codename", &codename).text("message", "More: CANARY-FOLLOWUP-c4a0").finish();
    let ct: &'static str = Box::leak(ct.into_boxed_str());
    let (status, _) = http(addr, "POST", "/reply", &browser_headers(ct), &body).await;
    assert_eq!(status, 200);

    // End the child (this test started it) and collect everything it printed.
    child.kill().unwrap();
    child.wait().unwrap();
    stdout.read_to_string(&mut printed).unwrap();
    let mut errors = String::new();
    child.stderr.take().unwrap().read_to_string(&mut errors).unwrap();
    assert!(printed.contains("LISTENING"), "the child's stdout was captured");
    assert!(errors.contains("tip line listening on"), "the child's tracing output was captured: {errors}");

    let files = all_files(root.path());
    assert!(files.len() >= 8, "the tip, its manifest, the attachment and the follow-up were stored");
    for needle in canaries.iter().copied().chain([codename.as_str()]) {
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            assert!(!contains(&bytes, needle.as_bytes()), "{needle} found in {}", f.display());
        }
        assert!(!printed.contains(needle), "{needle} on stdout");
        assert!(!errors.contains(needle), "{needle} on stderr:\n{errors}");
    }
    // And the tip is really there: the analyst's key opens it.
    let ids = tally_tipline::keys::load_identities(&key).unwrap();
    let refs: Vec<&dyn age::Identity> = ids.iter().map(|b| b.as_ref() as &dyn age::Identity).collect();
    let vault = tally_tipline::vault::Vault::open(&tips, false).unwrap();
    let id = vault.ids().unwrap().remove(0);
    let msgs = vault.read(&id, &refs).unwrap();
    assert!(msgs[0].text.contains("CANARY-TEXT-91c2"));
    assert!(msgs[1].text.contains("CANARY-FOLLOWUP-c4a0"));
    assert_eq!(msgs[0].files[0].0.name, "CANARY-NAME-0b7e.txt");
}
