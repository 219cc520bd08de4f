//! The one error type of the web crate, [`AppError`], and how it becomes a response.
//!
//! Every handler returns `Result<_, AppError>`. The client gets a stable code (`not_found`,
//! `bad_input`, `csrf`, …) and a plain sentence; the cause of an internal error goes to the
//! log, never to the page. A page request gets a small HTML page saying what went wrong and
//! where to go back to; under `/api/` the same error is rewritten as JSON
//! (`{"error": {"code", "message"}}`) by [`json_errors`], so handlers need not know which
//! face they serve. Wrong input is always a 4xx with a message, never a 500.

use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, html};

/// What went wrong, with the status and code the client sees.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No session or token (pages redirect to the login form instead).
    #[error("sign in first")]
    Unauthenticated,
    /// Signed in, but the role does not allow it.
    #[error("{0}")]
    Forbidden(String),
    /// The form's CSRF token is missing or is not this session's.
    #[error(
        "this form was not sent from a page of this tally session (its security token is missing or wrong); reload the page and try again"
    )]
    Csrf,
    #[error("{0}")]
    NotFound(String),
    /// The address exists but not for this method (a GET of a form's target, say).
    #[error("{0}")]
    MethodNotAllowed(String),
    /// Input the user can fix; `back` is where the page offers to go back to.
    #[error("{message}")]
    BadInput { message: String, back: Option<String> },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    /// Failed logins are being slowed down; try again after `retry_after` seconds.
    #[error("too many failed sign-ins; wait {retry_after} seconds and try again")]
    TooManyAttempts { retry_after: u64 },
    /// The store or index is locked by another process for longer than its timeout.
    #[error("the data folder is busy (another tally process is writing); try again in a moment")]
    Busy,
    /// Anything else; the cause is logged, not shown.
    #[error("something went wrong on the server; the details are in its log")]
    Internal(String),
}

/// What a response carries so the API layer can rewrite an error as JSON.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: String,
}

impl AppError {
    pub fn bad_input(message: impl Into<String>) -> AppError {
        AppError::BadInput { message: message.into(), back: None }
    }

    /// Bad input on a form that lives at `back`.
    pub fn bad_form(message: impl Into<String>, back: impl Into<String>) -> AppError {
        AppError::BadInput { message: message.into(), back: Some(back.into()) }
    }

    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        AppError::Internal(cause.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::BadInput { .. } => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients may match on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden(_) => "forbidden",
            AppError::Csrf => "csrf",
            AppError::NotFound(_) => "not_found",
            AppError::MethodNotAllowed(_) => "method_not_allowed",
            AppError::BadInput { .. } => "bad_input",
            AppError::Conflict(_) => "conflict",
            AppError::TooLarge(_) => "too_large",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::Busy => "busy",
            AppError::Internal(_) => "internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "Sign in first",
            AppError::Forbidden(_) | AppError::Csrf => "Not allowed",
            AppError::NotFound(_) => "Not found",
            AppError::MethodNotAllowed(_) => "Not here",
            AppError::BadInput { .. } => "Please check what you entered",
            AppError::Conflict(_) => "Already there",
            AppError::TooLarge(_) => "Too large",
            AppError::TooManyAttempts { .. } => "Too many attempts",
            AppError::Busy => "Busy",
            AppError::Internal(_) => "Server error",
        }
    }
}

impl From<tally_store::Error> for AppError {
    fn from(e: tally_store::Error) -> AppError {
        use tally_store::Error as E;
        match e {
            E::NotFound { what, id } => AppError::NotFound(format!("there is no {what} {id}")),
            E::Ambiguous { .. } => AppError::bad_input(e.to_string()),
            E::Invalid { .. } => AppError::bad_input(e.to_string()),
            E::Conflict(m) => AppError::Conflict(m),
            E::Busy => AppError::Busy,
            other => AppError::internal(other),
        }
    }
}

impl From<tally_index::Error> for AppError {
    fn from(e: tally_index::Error) -> AppError {
        match e {
            tally_index::Error::Busy => AppError::Busy,
            tally_index::Error::Store(s) => s.into(),
            other => AppError::internal(other),
        }
    }
}

impl From<tally_core::corroborate::Error> for AppError {
    fn from(e: tally_core::corroborate::Error) -> AppError {
        use tally_core::corroborate::Error as E;
        match e {
            E::UnknownEvent(_) => AppError::NotFound(e.to_string()),
            E::TooMany(..) => AppError::internal(e),
            other => AppError::bad_input(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let message = self.to_string();
        let back = match &self {
            AppError::BadInput { back: Some(b), .. } => Some(b.clone()),
            _ => None,
        };
        let page = html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title()) " · tally" }
                    link rel="stylesheet" href="/static/app.css";
                }
                body {
                    main id="main" class="narrow" {
                        h1 { (self.title()) }
                        p role="alert" class="error" data-code=(self.code()) { (message) }
                        p {
                            @if let Some(b) = &back { a href=(b) { "Go back to the form" } " · " }
                            a href="/" { "Dashboard" }
                        }
                    }
                }
            }
        };
        let mut resp = (status, page).into_response();
        if let AppError::TooManyAttempts { retry_after } = &self
            && let Ok(v) = retry_after.to_string().parse()
        {
            resp.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        resp.extensions_mut().insert(ErrorInfo { code: self.code(), message });
        resp
    }
}

/// Middleware for `/api/`: an error response becomes `{"error": {"code", "message"}}` with
/// the same status.
pub async fn json_errors(req: Request, next: Next) -> Response {
    as_json(next.run(req).await)
}

/// An error response rewritten as JSON; any other response unchanged.
pub fn as_json(resp: Response) -> Response {
    match resp.extensions().get::<ErrorInfo>().cloned() {
        Some(info) => {
            let status = resp.status();
            let retry = resp.headers().get(axum::http::header::RETRY_AFTER).cloned();
            let mut json =
                (status, Json(serde_json::json!({"error": {"code": info.code, "message": info.message}})))
                    .into_response();
            if let Some(r) = retry {
                json.headers_mut().insert(axum::http::header::RETRY_AFTER, r);
            }
            json
        }
        None => resp,
    }
}

/// Middleware over the whole app. A response made by axum itself rather than by a handler
/// (a form, query string, path or body its extractors could not read; a method the route
/// does not take; a body over the limit) is plain text with no [`ErrorInfo`]; it is turned
/// into the same page as our own errors (JSON under `/api/`), so a user always reads a
/// sentence on a tally page, never a bare rejection or an empty 405.
pub async fn rejections(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let method = req.method().clone();
    let resp = next.run(req).await;
    let status = resp.status();
    let plain = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error())
        || !plain
        || resp.extensions().get::<ErrorInfo>().is_some()
    {
        return resp;
    }
    let allow = resp.headers().get(axum::http::header::ALLOW).cloned();
    let text = axum::body::to_bytes(resp.into_body(), REJECTION_TEXT)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let err = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            AppError::MethodNotAllowed(format!("this address does not take {method} requests"))
        }
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge(format!(
            "the request is larger than {} MB, the most tally accepts",
            crate::MAX_BODY / (1024 * 1024)
        )),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::bad_input(format!(
            "the request was not sent the way this address reads it ({})",
            if text.is_empty() { "wrong content type" } else { &text }
        )),
        s if s.is_client_error() => AppError::bad_input(format!(
            "the request could not be read: {}",
            if text.is_empty() { s.canonical_reason().unwrap_or("bad request") } else { &text }
        )),
        _ => AppError::internal(if text.is_empty() { status.to_string() } else { text }),
    };
    let mut out = err.into_response();
    if let Some(a) = allow {
        out.headers_mut().insert(axum::http::header::ALLOW, a);
    }
    if api { as_json(out) } else { out }
}

/// How much of a rejection's text is read to quote it (axum's are one line).
const REJECTION_TEXT: usize = 4096;

pub type Result<T, E = AppError> = std::result::Result<T, E>;
