//! Interoperability with the standard `age` tool (Debian package `age`): what the tip line
//! stores, the analyst opens with `age -d -i KEY`, and replies open with the codename's key.

use std::process::{Command, Stdio};

use axum::http::StatusCode;
use tally_tipline::codename::Codename;
use tally_tipline::kdf::CodenameKdf;
use tally_tipline::keys::RecipientsFile;
use tally_tipline::vault::{Role, Vault};

use crate::common::{Multipart, Setup, codename_from};

/// The `age` binary, or `None` (a skip, except under CI where it must be there).
fn age_cli() -> Option<&'static str> {
    let found = Command::new("age").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "the `age` CLI must be installed under CI");
        eprintln!("skipping: the `age` CLI is not installed (apt-get install age)");
        return None;
    }
    Some("age")
}

fn age_decrypt(identity: &std::path::Path, file: &std::path::Path) -> std::process::Output {
    Command::new("age").arg("--decrypt").arg("--identity").arg(identity).arg(file).output().unwrap()
}

#[tokio::test]
async fn the_age_cli_opens_a_stored_tip_with_the_analysts_identity() {
    let Some(_) = age_cli() else { return };
    let s = Setup::new();
    let (status, page) = s
        .submit(Multipart::new().text("message", "Six teams of about fifty. CANARY-age-cli").file(
            "attachment",
            "list.csv",
            "text/csv",
            b"team,size\n1,50\n",
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let day = tally_tipline::fsutil::today();
    let msg_dir = s.conversations()[0].join(format!("0001-{day}-source"));

    let out = age_decrypt(&s.identity_file, &msg_dir.join("message.age"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, b"Six teams of about fifty. CANARY-age-cli");
    let out = age_decrypt(&s.identity_file, &msg_dir.join("01.original.age"));
    assert_eq!(out.stdout, b"team,size\n1,50\n");
    let out = age_decrypt(&s.identity_file, &msg_dir.join("manifest.age"));
    let manifest: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(manifest["attachments"][0]["name"], "list.csv");

    // The codename's key opens replies; the analyst's key does not open the source's copy.
    let codename = codename_from(&page);
    let vault = Vault::open(&s.tips(), false).unwrap();
    let id = vault.ids().unwrap().remove(0);
    let team = RecipientsFile::in_dir(&s.tips()).load().unwrap();
    let staged = vault.stage_team_reply(&id, "Which month?", &team).unwrap();
    vault.commit_message(staged, &id, &day, Role::Team).unwrap();
    let derived =
        CodenameKdf::load(&s.tips(), None, false).unwrap().derive(&Codename::parse(&codename).unwrap());
    let source_key = s.dir.path().join("source.key");
    std::fs::write(
        &source_key,
        format!("{}\n", secrecy::ExposeSecret::expose_secret(&derived.reply.identity().to_string())),
    )
    .unwrap();
    let reply = s.conversations()[0].join(format!("0002-{day}-team/to-source.age"));
    let out = age_decrypt(&source_key, &reply);
    assert!(out.status.success());
    assert_eq!(out.stdout, b"Which month?");
    let out = age_decrypt(&s.identity_file, &reply);
    assert!(!out.status.success(), "the analyst's key must not open the source's copy");
}

#[test]
fn the_recipients_file_works_with_age_r_and_the_tip_line_opens_the_result() {
    let Some(_) = age_cli() else { return };
    let s = Setup::new();
    let sealed = s.dir.path().join("by-cli.age");
    let mut child = Command::new("age")
        .arg("--encrypt")
        .arg("-R")
        .arg(s.tips().join("recipients.txt"))
        .arg("-o")
        .arg(&sealed)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"sealed by the standard tool").unwrap();
    assert!(child.wait().unwrap().success());
    let ids = s.identities();
    let refs: Vec<&dyn age::Identity> = ids.iter().map(|b| b.as_ref() as &dyn age::Identity).collect();
    assert_eq!(
        &tally_tipline::seal::open_file(&sealed, &refs, 1024).unwrap()[..],
        b"sealed by the standard tool"
    );
}
