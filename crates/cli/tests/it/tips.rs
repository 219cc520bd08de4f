//! `tally tipline serve` and `tally tips …` as analysts and sources use them: the real
//! binary, a real server on loopback, and the standard `age` tool.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt as _;
use std::process::{Child, Command, Stdio};

use crate::common::Env;

/// Generates an analyst key and registers it; returns the identity file's path.
fn analyst(env: &Env) -> std::path::PathBuf {
    let key = env.dir.path().join("analyst.key");
    let run = env.tally(&["tips", "keygen", "--out", key.to_str().unwrap()]).ok();
    let recipient = run.stdout.trim().to_string();
    assert!(recipient.starts_with("age1"), "{}", run.stdout);
    env.tally(&["tips", "recipients", "add", &recipient]).ok();
    key
}

/// Starts `tally tipline serve` on a free loopback port; returns the child and its address.
fn serve(env: &Env) -> (Child, SocketAddr, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .arg("--data")
        .arg(env.data())
        .args(["tipline", "serve", "--addr", "127.0.0.1:0"])
        .env_remove("TALLY_DATA")
        .env("TALLY_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, addr, out)
}

/// One HTTP/1.1 request, as a browser sends it; returns status and body.
fn http(addr: SocketAddr, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nUser-Agent: Mozilla/5.0 CANARY-UA-1c9e\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
}

fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let b = "----tallyCliTestBoundary";
    let mut body = Vec::new();
    for (name, file, bytes) in fields {
        match file {
            Some(f) => write!(
                body,
                "--{b}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            ),
            None => write!(body, "--{b}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        }
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{b}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={b}"), body)
}

fn codename_in(page: &str) -> String {
    let at = page.find("class=\"codename\"").expect("a codename page");
    let open = at + page[at..].find('>').unwrap() + 1;
    page[open..open + page[open..].find('<').unwrap()].to_string()
}

#[test]
fn keygen_writes_a_private_identity_and_never_overwrites_it() {
    let env = Env::new();
    let key = analyst(&env);
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    let again = env.tally(&["tips", "keygen", "--out", key.to_str().unwrap()]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists; refusing to overwrite"), "{}", again.stderr);
}

#[test]
fn recipients_are_validated_listed_and_removed() {
    let env = Env::new();
    let bad = env.tally(&["tips", "recipients", "add", "age1notakey"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("not an age X25519 recipient"), "{}", bad.stderr);
    analyst(&env);
    let list = env.tally(&["tips", "recipients", "list"]).ok();
    let r = list.stdout.trim();
    assert!(r.starts_with("age1") && !r.contains('\n'));
    env.tally(&["tips", "recipients", "remove", r]).ok();
    assert_eq!(env.tally(&["tips", "recipients", "list"]).ok().stdout, "");
    let gone = env.tally(&["tips", "recipients", "remove", r]);
    assert_eq!(gone.code, 1);
}

#[test]
fn serve_refuses_to_start_without_recipients() {
    let env = Env::new();
    let run = env.tally(&["tipline", "serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("tally tips recipients add"), "{}", run.stderr);
}

#[test]
fn a_tip_through_the_real_server_is_listed_opened_answered_and_leaves_no_trace() {
    let env = Env::new();
    let key = analyst(&env);
    let (mut server, addr, mut server_out) = serve(&env);

    let (ct, body) = multipart(&[
        ("message", None, b"The second round starts on 1 November. CANARY-CLI-TEXT"),
        ("attachment", Some("CANARY-CLI-NAME.bin"), b"\x00\x01CANARY-CLI-FILE"),
    ]);
    let (status, page) = http(addr, "/submit", &ct, &body);
    assert_eq!(status, 200, "{page}");
    let codename = codename_in(&page);

    let list = env.tally(&["tips", "list", "--json"]).ok().json_lines();
    assert_eq!(list.len(), 1);
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        (list[0]["attachments"].as_u64(), list[0]["uncleaned_attachments"].as_u64()),
        (Some(1), Some(1))
    );

    let reply = env.tally_stdin(&["tips", "reply", &id], Some("Which region are they from?\n")).ok();
    assert!(reply.stdout.contains("sealed"), "{}", reply.stdout);

    let form = format!("codename={}", codename.replace(' ', "+"));
    let (status, page) = http(addr, "/return", "application/x-www-form-urlencoded", form.as_bytes());
    assert_eq!(status, 200);
    assert!(page.contains("Which region are they from?"));

    let out_dir = env.dir.path().join("attachments");
    let open = env
        .tally(&[
            "tips",
            "open",
            &id,
            "--identity",
            key.to_str().unwrap(),
            "--attachments",
            out_dir.to_str().unwrap(),
        ])
        .ok();
    assert!(
        open.stdout.contains("The second round starts on 1 November. CANARY-CLI-TEXT"),
        "{}",
        open.stdout
    );
    assert!(
        open.stdout.contains("reply from the team") && open.stdout.contains("Which region are they from?")
    );
    assert!(open.stdout.contains("NOT CLEANED"));
    assert!(open.stderr.contains("is not cleaned"), "the analyst is warned: {}", open.stderr);
    let written = std::fs::read(out_dir.join("0001-01-CANARY-CLI-NAME.bin")).unwrap();
    assert_eq!(written, b"\x00\x01CANARY-CLI-FILE");

    // Replying and opening are analyst actions: each is in the audit log, naming the tip
    // and the analyst, and the chain still verifies.
    let audit = env.tally(&["audit", "list", "--json"]).ok().json_lines();
    let seen: Vec<(&str, &str)> =
        audit.iter().map(|e| (e["action"].as_str().unwrap(), e["target"].as_str().unwrap())).collect();
    let target = format!("tip:{id}");
    assert_eq!(seen, [("tip.open", target.as_str()), ("tip.reply", target.as_str())]);
    assert_eq!(audit[0]["detail"]["attachments_written"], true);
    assert_eq!(audit[1]["detail"]["message"], 2);
    assert!(audit.iter().all(|e| e["actor"].as_str().is_some_and(|a| !a.is_empty())));
    env.tally(&["audit", "verify"]).ok();

    // Stop the server (this test started it) and read everything it printed.
    server.kill().unwrap();
    server.wait().unwrap();
    let mut printed = String::new();
    server_out.read_to_string(&mut printed).unwrap();
    let mut errors = String::new();
    server.stderr.take().unwrap().read_to_string(&mut errors).unwrap();
    assert!(errors.contains("tip line listening on"), "tracing output was captured: {errors}");
    for needle in
        ["CANARY-CLI-TEXT", "CANARY-CLI-FILE", "CANARY-CLI-NAME", "CANARY-UA-1c9e", codename.as_str()]
    {
        assert!(!printed.contains(needle) && !errors.contains(needle), "{needle} in the server's output");
        for f in walk(&env.data()) {
            let bytes = std::fs::read(&f).unwrap();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in {}",
                f.display()
            );
        }
    }

    // The standard age tool opens the stored message with the analyst's key.
    if Command::new("age").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let msg = walk(&env.data()).into_iter().find(|p| p.ends_with("message.age")).unwrap();
        let out = Command::new("age").arg("-d").arg("-i").arg(&key).arg(&msg).output().unwrap();
        assert_eq!(out.stdout, b"The second round starts on 1 November. CANARY-CLI-TEXT");
    } else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "the `age` CLI must be installed under CI");
        eprintln!("skipping the age CLI check: age is not installed");
    }
}

#[test]
fn opening_with_the_wrong_identity_or_id_fails_clearly() {
    let env = Env::new();
    analyst(&env);
    let (mut server, addr, _) = serve(&env);
    let (ct, body) = multipart(&[("message", None, b"a tip")]);
    assert_eq!(http(addr, "/submit", &ct, &body).0, 200);
    server.kill().unwrap();
    server.wait().unwrap();
    let id = env.tally(&["tips", "list", "--json"]).ok().json_lines()[0]["id"].as_str().unwrap().to_string();
    let other = env.dir.path().join("other.key");
    env.tally(&["tips", "keygen", "--out", other.to_str().unwrap()]).ok();
    let run = env.tally(&["tips", "open", &id, "--identity", other.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("cannot be opened with this identity"), "{}", run.stderr);
    let run = env.tally(&["tips", "open", "abcdefghjk", "--identity", other.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no tip with id `abcdefghjk`"), "{}", run.stderr);
    let run = env.tally_stdin(&["tips", "reply", &id], Some("  \n"));
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the reply is empty"), "{}", run.stderr);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() { stack.push(p) } else { out.push(p) }
        }
    }
    out
}

#[test]
fn import_makes_the_tip_an_anonymous_document_without_its_provenance() {
    let env = Env::new();
    let key = analyst(&env);
    let (mut server, addr, _) = serve(&env);
    let text = "North Korea will send about 300 workers to Russia in November.";
    let (ct, body) = multipart(&[("message", None, text.as_bytes())]);
    assert_eq!(http(addr, "/submit", &ct, &body).0, 200);
    server.kill().unwrap();
    server.wait().unwrap();
    let id = env.tally(&["tips", "list", "--json"]).ok().json_lines()[0]["id"].as_str().unwrap().to_string();

    let run = env.tally(&["tips", "import", &id, "--identity", key.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("imported as document d-"), "{}", run.stdout);
    let again = env.tally(&["tips", "import", &id, "--identity", key.to_str().unwrap()]).ok();
    assert!(again.stdout.contains("already imported"), "{}", again.stdout);
    let doc_id = run.stdout.split("imported as document ").nth(1).unwrap().split(' ').next().unwrap();
    // The import is audited once, against the new document (the tip is not named: see below).
    let audit = env.tally(&["audit", "list", "--json"]).ok().json_lines();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(
        (audit[0]["action"].as_str(), audit[0]["target"].as_str()),
        (Some("tip.import"), Some(doc_id))
    );
    assert_eq!(audit[0]["detail"]["from"], "tip line");

    let claims = env.tally(&["claims", "--json"]).ok().json_lines();
    assert!(!claims.is_empty(), "the extractor found the dispatch claim");
    for c in &claims {
        assert_eq!(c["source"]["type"], "anonymous_abroad", "{c}");
        assert!(c["document"]["path"].is_null() && c["document"]["url"].is_null(), "no provenance: {c}");
    }
    // Nothing in the analyst store names the tip.
    for f in walk(&env.data()) {
        if f.starts_with(env.data().join("tips")) {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        assert!(!bytes.windows(id.len()).any(|w| w == id.as_bytes()), "tip id in {}", f.display());
    }
}
