//! The documents list with its filters (outlet, language, publication dates, has claims),
//! newest first, paged; and upload from the browser. The upload form is a plain multipart
//! form that works without JavaScript (`POST /documents`, then the new document's page);
//! `app.js` sends the same form to `POST /api/documents` instead, to show a `<progress>`.

use axum::Router;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{Markup, html};
use serde::Deserialize;
use tally_core::Lang;
use tally_ingest::Overrides;
use tally_store::browse::DocQuery;
use tally_store::{Browse, Seq};

use crate::auth::{Editor, Session};
use crate::layout::{self, count_of};
use crate::pages::{date_field, given};
use crate::{AppError, AppState, Result, ingest};

/// Documents per page of the list.
pub const PAGE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/documents", get(list).post(upload_form))
}

/// The list's query string, as typed by anyone.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub has_claims: Option<String>,
    pub before: Option<String>,
}

impl ListQuery {
    /// The store query it asks for, or what is wrong with it.
    pub fn parse(&self) -> Result<DocQuery> {
        let back = "/documents";
        let lang = match given(&self.lang) {
            None => None,
            Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                AppError::bad_form(format!("language: “{l}” is not one tally reads (en or ko)"), back)
            })?),
        };
        let has_claims = match given(&self.has_claims) {
            None | Some("any") => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(o) => {
                return Err(AppError::bad_form(format!("has claims: “{o}” is not yes, no or any"), back));
            }
        };
        let before = match given(&self.before) {
            None => None,
            Some(b) => {
                Some(Seq(b.parse().map_err(|_| AppError::bad_form(format!("“{b}” is not a page"), back))?))
            }
        };
        let (from, to) = (date_field("from", &self.from, back)?, date_field("to", &self.to, back)?);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(AppError::bad_form(
                format!("the dates are the wrong way round: {f} is after {t}"),
                back,
            ));
        }
        Ok(DocQuery { outlet: given(&self.outlet).map(str::to_owned), lang, from, to, has_claims, before })
    }
}

async fn list(State(state): State<AppState>, session: Session, Query(q): Query<ListQuery>) -> Result<Markup> {
    let query = q.parse()?;
    let (docs, total, outlets) = {
        let query = query.clone();
        state
            .db(move |s| Ok((s.find_documents(&query, PAGE)?, s.count_documents(&query)?, s.outlets()?)))
            .await?
    };
    let next = (docs.len() == PAGE).then(|| docs.last().map(|d| d.seq.0)).flatten();
    let keep = |before: i64| {
        let mut parts = vec![format!("before={before}")];
        for (k, v) in [
            ("outlet", &q.outlet),
            ("lang", &q.lang),
            ("from", &q.from),
            ("to", &q.to),
            ("has_claims", &q.has_claims),
        ] {
            if let Some(v) = given(v) {
                parts.push(format!("{k}={}", crate::auth::url_encode(v)));
            }
        }
        format!("/documents?{}", parts.join("&"))
    };
    let sel = |v: &Option<String>, want: &str| given(v) == Some(want);
    let body = html! {
        h1 { "Documents" }
        form class="filters inline" method="get" action="/documents" role="search" aria-label="Filter documents" {
            label { "Outlet"
                select name="outlet" {
                    option value="" { "any" }
                    @for (o, n) in &outlets {
                        option value=(o) selected[sel(&q.outlet, o)] { (o) " (" (n) ")" }
                    }
                }
            }
            label { "Language"
                select name="lang" {
                    option value="" { "any" }
                    option value="en" selected[sel(&q.lang, "en")] { "English" }
                    option value="ko" selected[sel(&q.lang, "ko")] { "Korean" }
                }
            }
            label { "Published from" input type="date" name="from" value=[given(&q.from)]; }
            label { "to" input type="date" name="to" value=[given(&q.to)]; }
            label { "Has claims"
                select name="has_claims" {
                    option value="any" { "any" }
                    option value="yes" selected[sel(&q.has_claims, "yes")] { "yes" }
                    option value="no" selected[sel(&q.has_claims, "no")] { "no" }
                }
            }
            button type="submit" { "Filter" }
        }
        p class="muted" { (count_of(total as usize, "document matches", "documents match")) "." }
        div class="table-wrap" {
            table {
                thead { tr { th scope="col" { "Title" } th scope="col" { "Outlet" } th scope="col" { "Published" } th scope="col" { "Language" } th scope="col" class="num" { "Claims" } } }
                tbody {
                    @for d in &docs {
                        tr {
                            td { a href=(format!("/documents/{}", d.id)) { (d.title.clone().unwrap_or_else(|| d.path.clone().unwrap_or_else(|| d.id.to_string()))) } }
                            td { (d.outlet.clone().unwrap_or_default()) }
                            td { (d.published.map(|p| p.to_string()).unwrap_or_default()) }
                            td { (d.lang.code()) }
                            td class="num" { (d.claims) }
                        }
                    }
                }
            }
        }
        nav class="pager" aria-label="Pages" {
            @if query.before.is_some() { a href="/documents" { "Newest" } }
            @if let Some(n) = next { a href=(keep(n)) { "Older documents" } }
        }
        @if session.can_edit() {
            section id="upload" {
                h2 { "Upload a report" }
                p class="muted" { "Plain text, Markdown or an HTML page, in English or Korean, up to " (tally_ingest::MAX_BYTES / (1024 * 1024)) " MB. Claims are extracted as it is stored." }
                form id="upload-form" method="post" action="/documents" enctype="multipart/form-data" class="stack" {
                    (layout::csrf_field(&session))
                    label for="file" { "File" }
                    input id="file" type="file" name="file" required accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html";
                    label for="outlet" { "Outlet (optional)" }
                    input id="outlet" type="text" name="outlet";
                    label for="published" { "Published (optional; relative dates resolve against it)" }
                    input id="published" type="date" name="published";
                    label for="lang" { "Language" }
                    select id="lang" name="lang" { option value="" { "detect" } option value="en" { "English" } option value="ko" { "Korean" } }
                    label for="url" { "Address (optional)" }
                    input id="url" type="text" name="url";
                    button type="submit" { "Upload" }
                    progress id="upload-progress" hidden value="0" max="100" aria-label="Upload progress" {}
                    p id="upload-status" role="status" aria-live="polite" {}
                }
            }
        }
    };
    Ok(layout::page("Documents", &session, "/documents", body))
}

/// An upload as the form sends it.
#[derive(Debug, Default)]
pub struct UploadForm {
    pub name: String,
    pub bytes: Vec<u8>,
    pub overrides: Overrides,
}

/// Reads the upload form (the CSRF field was checked by the guard).
pub async fn read_upload(mut mp: Multipart) -> Result<UploadForm> {
    let back = "/documents#upload";
    let mut form = UploadForm::default();
    let mut have_file = false;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::bad_form(format!("the upload was cut short: {e}"), back))?
    {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            form.name = field.file_name().unwrap_or("upload.txt").to_owned();
            form.bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::bad_form(format!("the file could not be read: {e}"), back))?
                .to_vec();
            have_file = true;
            continue;
        }
        let text = field.text().await.map_err(|e| AppError::bad_form(format!("{name}: {e}"), back))?;
        let value = Some(text);
        match name.as_str() {
            "outlet" => form.overrides.source = given(&value).map(str::to_owned),
            "url" => form.overrides.url = given(&value).map(str::to_owned),
            "published" => form.overrides.published = date_field("published", &value, back)?,
            "lang" => {
                form.overrides.lang = match given(&value) {
                    None => None,
                    Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                        AppError::bad_form(format!("language: “{l}” is not one tally reads (en or ko)"), back)
                    })?),
                }
            }
            _ => {}
        }
    }
    if !have_file || form.bytes.is_empty() && form.name.is_empty() {
        return Err(AppError::bad_form("choose a file to upload", back));
    }
    Ok(form)
}

/// Stores an upload as `who`.
pub async fn store_upload(state: &AppState, who: &str, form: UploadForm) -> Result<ingest::Uploaded> {
    let st = state.clone();
    let who = who.to_owned();
    state.db(move |s| ingest::upload(s, st.index(), &who, &form.name, form.bytes, &form.overrides)).await
}

async fn upload_form(
    State(state): State<AppState>,
    Editor(session): Editor,
    mp: Multipart,
) -> Result<Response> {
    let form = read_upload(mp).await?;
    let up = store_upload(&state, session.name(), form).await?;
    Ok(Redirect::to(&format!("/documents/{}?uploaded={}", up.document, u8::from(up.new))).into_response())
}
