//! Accounts, for admins: the list and the form to add one (name, role, password twice).
//! Creating an account is audited; the password is hashed with argon2id on a blocking
//! thread and never logged or echoed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;
use tally_store::AccountStore;
use tally_store::accounts::Role;

use crate::auth::{self, Admin};
use crate::layout;
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/users", get(list).post(add))
}

async fn list(State(state): State<AppState>, Admin(session): Admin) -> Result<Markup> {
    let users = state.db(|s| Ok(s.users()?)).await?;
    let body = html! {
        h1 { "Accounts" }
        div class="table-wrap" {
            table {
                thead { tr { th scope="col" { "Name" } th scope="col" { "Role" } th scope="col" { "Created" } } }
                tbody { @for u in &users { tr { td { (u.name) } td { (u.role) } td { (u.created_at) } } } }
            }
        }
        h2 { "Add an account" }
        form method="post" action="/users" class="stack" {
            (layout::csrf_field(&session))
            label for="new-name" { "Name (letters, digits, . _ - @)" }
            input id="new-name" type="text" name="name" required maxlength="64" autocomplete="off";
            label for="new-role" { "Role" }
            select id="new-role" name="role" { @for r in Role::ALL { option value=(r.as_str()) selected[r == Role::Analyst] { (r.as_str()) } } }
            label for="new-password" { "Password (at least " (auth::MIN_PASSWORD) " characters)" }
            input id="new-password" type="password" name="password" required autocomplete="new-password";
            label for="new-password2" { "Password again" }
            input id="new-password2" type="password" name="password2" required autocomplete="new-password";
            button type="submit" { "Add account" }
        }
    };
    Ok(layout::page("Accounts", &session, "/users", body))
}

#[derive(Deserialize, Default)]
pub struct AddForm {
    name: Option<String>,
    role: Option<String>,
    password: Option<String>,
    password2: Option<String>,
}

async fn add(
    State(state): State<AppState>,
    Admin(session): Admin,
    Form(f): Form<AddForm>,
) -> Result<Response> {
    let back = "/users";
    let name = f.name.unwrap_or_default().trim().to_owned();
    tally_store::accounts::UserName::parse(&name).map_err(|e| AppError::bad_form(e.to_string(), back))?;
    let role_s = f.role.unwrap_or_default();
    let role = Role::parse(&role_s).ok_or_else(|| {
        AppError::bad_form(format!("role: “{role_s}” is not admin, analyst or viewer"), back)
    })?;
    let password = f.password.unwrap_or_default();
    if Some(&password) != f.password2.as_ref() {
        return Err(AppError::bad_form("the two passwords differ", back));
    }
    auth::check_password_policy(&password).map_err(|m| AppError::bad_form(m, back))?;
    let actor = session.name().to_owned();
    let _permit = state.hashing().acquire().await.map_err(AppError::internal)?;
    state
        .db(move |s| {
            let hash = auth::hash_password(&password)?;
            auth::add_user(s, &actor, &name, role, &hash).map_err(|e| match e {
                AppError::Conflict(m) => AppError::bad_form(m, back),
                other => other,
            })
        })
        .await?;
    Ok(Redirect::to("/users").into_response())
}
