//! `tally user`, `tally audit` and `tally demo`, run as the binary.

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
