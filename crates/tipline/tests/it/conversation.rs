//! Coming back with a codename: the round trip, no oracle for wrong codenames, replies that
//! only the codename opens, and the source's follow-ups.

use axum::http::StatusCode;
use tally_tipline::codename::Codename;
use tally_tipline::kdf::CodenameKdf;
use tally_tipline::keys::RecipientsFile;
use tally_tipline::vault::{Role, TipId, Vault};

use crate::common::{Multipart, Setup, codename_from};

/// Submits a tip and returns (codename, tip id).
async fn new_tip(s: &Setup) -> (String, TipId) {
    let before = s.conversations();
    let (status, page) = s.submit(Multipart::new().text("message", "first tip")).await;
    assert_eq!(status, StatusCode::OK);
    let after = s.conversations();
    let new = after.iter().find(|p| !before.contains(p)).unwrap();
    (codename_from(&page), TipId::parse(&new.file_name().unwrap().to_string_lossy()).unwrap())
}

fn team_reply(s: &Setup, id: &TipId, text: &str) {
    let vault = Vault::open(&s.tips(), false).unwrap();
    let team = RecipientsFile::in_dir(&s.tips()).load().unwrap();
    let staged = vault.stage_team_reply(id, text, &team).unwrap();
    vault.commit_message(staged, id, &tally_tipline::fsutil::today(), Role::Team).unwrap();
}

/// A valid codename (all list words) that is not the given one.
fn other_codename(not: &str) -> String {
    loop {
        let c = Codename::generate();
        if c.expose() != not {
            return c.expose().to_string();
        }
    }
}

#[tokio::test]
async fn the_codename_opens_the_conversation_and_shows_replies() {
    let s = Setup::new();
    let (codename, id) = new_tip(&s).await;
    team_reply(&s, &id, "Thank you. Which city was the second team sent to?");
    // Typed as a person might: capitals and extra spaces.
    let typed = format!("  {}  ", codename.to_uppercase().replace(' ', "   "));
    let (status, page) = s.return_with(&typed).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Which city was the second team sent to?"), "{page}");
    assert!(page.contains(&format!("From our team, {}", tally_tipline::fsutil::today())));
    assert!(!page.contains("first tip"), "a source's own messages are never shown back");
}

#[tokio::test]
async fn a_wrong_codename_gets_the_same_page_as_a_right_one_without_replies() {
    let s = Setup::new();
    let (codename, _id) = new_tip(&s).await;
    let wrong = other_codename(&codename);
    let (right_status, right_page) = s.return_with(&codename).await;
    let (wrong_status, wrong_page) = s.return_with(&wrong).await;
    assert_eq!(right_status, StatusCode::OK);
    assert_eq!(wrong_status, right_status);
    // The only difference is the codename itself, echoed in the reply form's hidden field.
    assert_eq!(right_page.replace(&codename, "CODENAME"), wrong_page.replace(&wrong, "CODENAME"));
    assert!(right_page.contains("no replies from our team yet"));
}

#[tokio::test]
async fn a_codename_with_a_word_not_in_the_list_is_caught_without_an_oracle() {
    let s = Setup::new();
    let (codename, _) = new_tip(&s).await;
    let mut words: Vec<&str> = codename.split(' ').collect();
    words[2] = "qzxv";
    let (status, page) = s.return_with(&words.join(" ")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Word 3 of the codename is not one of the codename words"), "{page}");
}

#[tokio::test]
async fn replies_open_only_with_the_codename() {
    let s = Setup::new();
    let (codename, id) = new_tip(&s).await;
    team_reply(&s, &id, "REPLY-CANARY for the source");
    let reply_dir = s.conversations()[0].join(format!("0002-{}-team", tally_tipline::fsutil::today()));
    let to_source = reply_dir.join("to-source.age");
    let kdf = CodenameKdf::load(&s.tips(), None, false).unwrap();
    let right = kdf.derive(&Codename::parse(&codename).unwrap());
    let opened = tally_tipline::seal::open_file(&to_source, &[right.reply.identity()], 1 << 20).unwrap();
    assert_eq!(&opened[..], b"REPLY-CANARY for the source");
    // Neither another codename nor the analyst's own key opens the source's copy.
    let wrong = kdf.derive(&Codename::parse(&other_codename(&codename)).unwrap());
    assert!(tally_tipline::seal::open_file(&to_source, &[wrong.reply.identity()], 1 << 20).is_err());
    let ids = s.identities();
    let analyst: Vec<&dyn age::Identity> = ids.iter().map(|b| b.as_ref() as &dyn age::Identity).collect();
    assert!(tally_tipline::seal::open_file(&to_source, &analyst, 1 << 20).is_err());
    // The analysts keep their own copy.
    let team = tally_tipline::seal::open_file(&reply_dir.join("team-copy.age"), &analyst, 1 << 20).unwrap();
    assert_eq!(&team[..], b"REPLY-CANARY for the source");
}

#[tokio::test]
async fn a_source_answers_into_the_same_conversation() {
    let s = Setup::new();
    let (codename, id) = new_tip(&s).await;
    let form = Multipart::new().text("codename", &codename).text("message", "It was Rostov.").file(
        "attachment",
        "more.txt",
        "text/plain",
        b"detail",
    );
    let (status, page) = s.post_form("/reply", form).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Your codename stays the same"));
    let vault = Vault::open(&s.tips(), false).unwrap();
    let summary = vault.summary(&id).unwrap();
    assert_eq!((summary.source_messages, summary.attachments), (2, 1));
    assert_eq!(s.conversations().len(), 1);
    let ids = s.identities();
    let refs: Vec<&dyn age::Identity> = ids.iter().map(|b| b.as_ref() as &dyn age::Identity).collect();
    let messages = vault.read(&id, &refs).unwrap();
    assert_eq!(messages[1].text.as_str(), "It was Rostov.");
    assert_eq!(messages[1].seq, 2);
}

#[tokio::test]
async fn a_follow_up_under_an_unknown_codename_is_kept_not_lost() {
    let s = Setup::new();
    let (codename, first) = new_tip(&s).await;
    let unknown = other_codename(&codename);
    let form = Multipart::new().text("codename", &unknown).text("message", "typed the codename wrong");
    let (status, page) = s.post_form("/reply", form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Your codename stays the same"), "same answer as for a known codename");
    assert_eq!(s.conversations().len(), 2, "a new conversation under the codename typed");
    // And that codename now finds it: a reply there reaches whoever holds it.
    let new_id =
        tally_tipline::list_tips(&s.tips()).unwrap().into_iter().map(|t| t.id).find(|t| t != &first).unwrap();
    team_reply(&s, &new_id, "We got your second message.");
    let (_, page) = s.return_with(&unknown).await;
    assert!(page.contains("We got your second message."));
    let bad = Multipart::new().text("codename", "not a codename").text("message", "x");
    let (status, page) = s.post_form("/reply", bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("A codename has 7 words") && page.contains("Nothing you sent was stored"));
    assert_eq!(s.conversations().len(), 2);
}

#[tokio::test]
async fn the_lookup_index_survives_a_restart() {
    let s = Setup::new();
    let (codename, id) = new_tip(&s).await;
    team_reply(&s, &id, "after restart");
    let mut config = s.state.config().clone();
    config.rate.codename_burst = 10;
    let restarted = Setup { state: tally_tipline::web::AppState::new(config).unwrap(), ..s };
    let (status, page) = restarted.return_with(&codename).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("after restart"));
}
