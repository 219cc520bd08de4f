//! The tip line's conversations, metadata only (days, counts of messages, attachments and
//! replies), for analysts and admins; viewers are refused. Nothing here can read a tip:
//! contents are sealed to the team's age keys and are opened with `tally tips open`.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, html};

use crate::auth::Editor;
use crate::layout;
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/tips", get(list))
}

/// The tips' metadata, or none when the tip line has no folder here.
pub async fn summaries(state: &AppState) -> Result<Vec<tally_tipline::TipSummary>> {
    let dir = state.config().tips_dir.clone();
    tokio::task::spawn_blocking(move || {
        if !dir.exists() {
            return Ok(Vec::new());
        }
        tally_tipline::list_tips(&dir).map_err(|e| AppError::internal(format!("listing tips: {e}")))
    })
    .await
    .map_err(AppError::internal)?
}

async fn list(State(state): State<AppState>, Editor(session): Editor) -> Result<Markup> {
    let tips = summaries(&state).await?;
    let body = html! {
        h1 { "Tips" }
        p class="muted" { "Metadata only. A tip's words and files are sealed to the team's keys; open them with " code { "tally tips open ID" } "." }
        @if tips.is_empty() { p { "No tips." } } @else {
            div class="table-wrap" {
                table {
                    caption class="visually-hidden" { "Tips received, newest last: metadata only" }
                    thead { tr {
                        th scope="col" { "Tip" } th scope="col" { "Received" } th scope="col" { "Latest" }
                        th scope="col" class="num" { "Messages" } th scope="col" class="num" { "Attachments" }
                        th scope="col" { "Cleaned" } th scope="col" class="num" { "Replies" }
                    } }
                    tbody {
                        @for t in &tips {
                            tr {
                                td { code { (t.id.as_str()) } }
                                td { time datetime=(t.first_day) { (t.first_day) } }
                                td { time datetime=(t.last_day) { (t.last_day) } }
                                td class="num" { (t.source_messages) } td class="num" { (t.attachments) }
                                td data-cleaned=(cleaned_code(t)) { (cleaned(t)) }
                                td class="num" { (t.team_replies) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page("Tips", &session, "/tips", body))
}

/// Whether a tip's attachments have cleaned copies, in words.
fn cleaned(t: &tally_tipline::TipSummary) -> String {
    match (t.attachments, t.uncleaned_attachments) {
        (0, _) => "no attachments".into(),
        (_, 0) => "yes, all cleaned".into(),
        (n, u) if u == n => "no: not cleaned (open with care)".into(),
        (n, u) => format!("partly: {u} of {n} not cleaned (open with care)"),
    }
}

/// The same as a stable code, for tests and styling.
fn cleaned_code(t: &tally_tipline::TipSummary) -> &'static str {
    match (t.attachments, t.uncleaned_attachments) {
        (0, _) => "none",
        (_, 0) => "yes",
        (n, u) if u == n => "no",
        _ => "partly",
    }
}
