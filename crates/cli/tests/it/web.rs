//! `tally user`, `tally audit`, `tally demo` and `tally serve`, run as the binary.

use crate::common::Env;

const PASSWORD: &str = "a long enough password\n";

#[test]
fn accounts_are_added_from_standard_input_listed_and_audited() {
    let env = Env::new();
    let added = env.tally_stdin(&["user", "add", "ana", "--role", "analyst"], Some(PASSWORD)).ok();
    assert_eq!(added.stdout, "added ana (analyst)\n");
    let again = env.tally_stdin(&["user", "add", "ana", "--role", "viewer"], Some(PASSWORD));
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let short = env.tally_stdin(&["user", "add", "bob", "--role", "viewer"], Some("short\n"));
    assert_ne!(short.code, 0);
    assert!(short.stderr.contains("at least 10 characters"), "{}", short.stderr);
    let bad_role = env.tally_stdin(&["user", "add", "bob", "--role", "boss"], Some(PASSWORD));
    assert_ne!(bad_role.code, 0);
    assert!(bad_role.stderr.contains("admin, analyst or viewer"), "{}", bad_role.stderr);

    let list = env.tally(&["user", "list", "--json"]).ok().json_lines();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0]["name"].as_str(), list[0]["role"].as_str()), (Some("ana"), Some("analyst")));
    assert!(list[0].get("password_hash").is_none(), "no hash is ever printed");

    let token = env.tally(&["user", "token", "ana"]).ok().stdout;
    assert_eq!(token.trim().len(), 64);

    let entries = env.tally(&["audit", "list", "--json"]).ok().json_lines();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["user.token", "user.add"]);
    assert!(!env.tally(&["audit", "list"]).ok().stdout.contains(PASSWORD.trim()));
    let verify = env.tally(&["audit", "verify"]).ok();
    assert!(verify.stdout.starts_with("the audit log is intact: 2 entries, head "), "{}", verify.stdout);
}

#[test]
fn audit_verify_fails_naming_the_first_tampered_entry() {
    let env = Env::new();
    for name in ["a1", "a2", "a3"] {
        env.tally_stdin(&["user", "add", name, "--role", "viewer"], Some(PASSWORD)).ok();
    }
    env.tally(&["audit", "verify"]).ok();
    // Someone with the database file removes the guard and rewrites history.
    let db = rusqlite::Connection::open(env.data().join("tally.sqlite3")).unwrap();
    db.execute_batch(
        "DROP TRIGGER audit_log_is_append_only; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;",
    )
    .unwrap();
    drop(db);
    let verify = env.tally(&["audit", "verify"]);
    assert_eq!(verify.code, 1);
    assert_eq!(
        verify.stderr.trim(),
        "tally: the audit log is broken at entry 2: its content does not match its hash (the entry was changed)"
    );
}

#[test]
fn the_demo_loads_samples_into_a_fresh_folder_and_never_removes_a_foreign_one() {
    let env = Env::new();
    let samples = env.dir.path().join("samples");
    env.file(
        "samples/x1/text.txt",
        "North Korea plans to send about 500 workers to Vladivostok next month, a source in North Korea said.\n",
    );
    env.file(
        "samples/x1/meta.json",
        r#"{"id": "x1", "outlet": "Test Wire", "published": "2023-04-02", "lang": "en", "title": "Workers for Vladivostok"}"#,
    );
    let demo = env.data();
    std::fs::create_dir_all(&demo).unwrap();
    std::fs::write(demo.join("mine.txt"), "keep me").unwrap();
    let refused = env.tally(&["demo", "--samples", samples.to_str().unwrap(), "--no-serve"]);
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("was not made by `tally demo`"), "{}", refused.stderr);
    assert!(demo.join("mine.txt").exists());
    std::fs::remove_dir_all(&demo).unwrap();

    let out = env.tally(&["demo", "--samples", samples.to_str().unwrap(), "--no-serve"]).ok();
    assert!(out.stdout.contains("1 ingested"), "{}", out.stdout);
    let password = out.stdout.lines().find_map(|l| l.split("password ").nth(1)).unwrap().trim().to_owned();
    assert_eq!(password.len(), 23);
    // Run again: the folder is recreated, with a new password.
    let again = env.tally(&["demo", "--samples", samples.to_str().unwrap(), "--no-serve"]).ok();
    assert!(!again.stdout.contains(&password));
    let docs = env.tally(&["docs", "--json"]).ok().json_lines();
    assert_eq!(docs.len(), 1);
    let users = env.tally(&["user", "list", "--json"]).ok().json_lines();
    assert_eq!((users[0]["name"].as_str(), users[0]["role"].as_str()), (Some("demo"), Some("admin")));
    let missing = env.tally(&["demo", "--samples", "/no/such/samples", "--no-serve"]);
    assert!(missing.stderr.contains("/no/such/samples: no such folder"), "{}", missing.stderr);
}

/// One HTTP/1.1 GET; returns the status line's code, the headers and the body.
fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, String, String) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (status, head.to_owned(), body.to_owned())
}

/// The server ends when the test does, whatever happens in between.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_answers_health_checks_and_wants_a_session_for_the_rest() {
    use std::io::BufRead as _;
    let env = Env::new();
    env.tally_stdin(&["user", "add", "ana", "--role", "analyst"], Some(PASSWORD)).ok();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tally"))
        .arg("--data")
        .arg(env.data())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("TALLY_DATA")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let _server = Server(child);
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(line.starts_with("tally: serving "), "{line}");
    let addr: std::net::SocketAddr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));

    let (status, _, body) = http_get(addr, "/healthz");
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    let (status, _, body) = http_get(addr, "/api/documents");
    assert_eq!(status, 401);
    let j: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(j["error"]["code"], "unauthenticated");
    let (status, head, _) = http_get(addr, "/documents");
    assert_eq!(status, 303);
    assert!(head.to_ascii_lowercase().contains("location: /login?next=%2fdocuments"), "{head}");
    let (status, head, body) = http_get(addr, "/login");
    assert_eq!(status, 200);
    assert!(body.contains(r#"id="password""#));
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-security-policy: default-src 'self'"), "{head}");
    assert!(head.contains("httponly") && head.contains("samesite=strict"), "{head}");
    let (status, _, body) = http_get(addr, "/api/openapi.json");
    assert_eq!(status, 200);
    assert!(body.contains("\"openapi\""));
}

#[test]
fn serve_on_an_address_it_cannot_use_says_so() {
    let env = Env::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let run = env.tally(&["serve", "--addr", &addr]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains(&format!("listening on {addr}")), "{}", run.stderr);
    let bad = env.tally(&["serve", "--addr", "not-an-address"]);
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("not-an-address"), "{}", bad.stderr);
}
