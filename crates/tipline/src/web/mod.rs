//! The tip line's HTTP surface: its own small axum router, separate from the analyst UI,
//! sharing no session, cookie or state with it.
//!
//! Routes: `GET /` (safety advice), `GET|POST /submit` (a new tip: `multipart/form-data` with
//! a text field `message` and file fields `attachment`), `GET|POST /return` (a codename opens
//! the conversation), `POST /reply` (a source's follow-up, the codename carried in a hidden
//! field because there are no sessions), `GET /style.css`.
//!
//! Rules it keeps: no request detail is ever logged (there is no trace layer on this router,
//! and handlers log only [`Error::log_line`]); every response carries a strict content
//! security policy, no-referrer, frame denial, no-sniff and no-store headers, and no `Server`
//! header; abuse is limited without knowing clients, by two global token buckets
//! (submissions; codename checks) and explicit size limits, each refusal a plain page that
//! says nothing was stored. argon2 runs in `spawn_blocking`, at most one per core at a time.
//!
//! It does not decide storage layout (`vault`) or cleaning rules (`clean`), and it never
//! tells a visitor whether a codename exists: a wrong codename gets the page of a right one
//! with no replies, after the same argon2 work.

mod pages;
mod receive;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Form, Multipart, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;
use zeroize::Zeroizing;

use crate::codename::Codename;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::kdf::{CodenameKdf, Derived, LookupTag};
use crate::keys::RecipientsFile;
use crate::vault::{Role, TipId, Vault};

pub use receive::Refusal;

/// The content security policy of every response.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A token bucket: `burst` tokens, refilled at `per_minute`.
#[derive(Debug)]
pub struct TokenBucket {
    state: Mutex<(f64, Instant)>,
    per_second: f64,
    burst: f64,
}

impl TokenBucket {
    pub fn new(per_minute: u32, burst: u32) -> TokenBucket {
        TokenBucket {
            state: Mutex::new((burst as f64, Instant::now())),
            per_second: per_minute as f64 / 60.0,
            burst: burst as f64,
        }
    }

    /// Takes a token if one is there.
    pub fn try_take(&self) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        s.0 = (s.0 + now.duration_since(s.1).as_secs_f64() * self.per_second).min(self.burst);
        s.1 = now;
        if s.0 >= 1.0 {
            s.0 -= 1.0;
            true
        } else {
            false
        }
    }
}

struct Inner {
    config: Config,
    vault: Vault,
    kdf: CodenameKdf,
    recipients: RecipientsFile,
    index: RwLock<HashMap<LookupTag, TipId>>,
    submissions: TokenBucket,
    codename_checks: TokenBucket,
    kdf_slots: Semaphore,
    clean_budget: Arc<Semaphore>,
    in_flight: Semaphore,
}

/// Everything the handlers share.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("config", &self.0.config).finish_non_exhaustive()
    }
}

impl AppState {
    /// Opens (creating if needed) the tips folder, removes leftovers of an interrupted run,
    /// reads the codename settings and builds the lookup index.
    pub fn new(config: Config) -> Result<AppState> {
        let vault = Vault::open(&config.tips_dir, true)?;
        vault.clear_staging()?;
        let kdf = CodenameKdf::load(&config.tips_dir, config.pepper.clone(), true)?;
        let index = vault.lookup_index()?;
        let recipients = RecipientsFile::at(config.recipients_file.clone());
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let budget_kib =
            (config.limits.clean_budget_bytes / 1024).min(Semaphore::MAX_PERMITS as u64) as usize;
        Ok(AppState(Arc::new(Inner {
            submissions: TokenBucket::new(config.rate.submissions_per_minute, config.rate.submission_burst),
            codename_checks: TokenBucket::new(
                config.rate.codename_checks_per_minute,
                config.rate.codename_burst,
            ),
            kdf_slots: Semaphore::new(cores),
            clean_budget: Arc::new(Semaphore::new(budget_kib)),
            in_flight: Semaphore::new(config.limits.max_concurrent_submissions),
            config,
            vault,
            kdf,
            recipients,
            index: RwLock::new(index),
        })))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// Runs argon2id over a codename off the async threads, one per core at a time.
    async fn derive(&self, codename: Codename) -> Result<(Codename, Derived), Refusal> {
        let _slot = self.0.kdf_slots.acquire().await.map_err(|_| Refusal::Internal)?;
        let kdf = self.0.kdf.clone();
        tokio::task::spawn_blocking(move || {
            let d = kdf.derive(&codename);
            (codename, d)
        })
        .await
        .map_err(|_| Refusal::Internal)
    }

    fn find(&self, tag: &LookupTag) -> Option<TipId> {
        self.0.index.read().unwrap_or_else(|p| p.into_inner()).get(tag).cloned()
    }
}

/// The tip line's router. `main` and the tests both call this.
pub fn app(state: AppState) -> Router {
    let security_headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
    ];
    let mut router = Router::new()
        .route("/", get(landing))
        .route("/submit", get(submit_form).post(submit).layer(DefaultBodyLimit::disable()))
        .route("/return", get(return_form).post(return_conversation).layer(DefaultBodyLimit::max(4096)))
        .route("/reply", axum::routing::post(reply).layer(DefaultBodyLimit::disable()))
        .route("/style.css", get(style))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .with_state(state);
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    router
}

/// Serves the tip line until the process is stopped.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    // The only routine log line: where it listens. Requests are never logged.
    if let Ok(addr) = listener.local_addr() {
        tracing::info!("tip line listening on {addr}");
    }
    axum::serve(listener, app(state)).await
}

fn html(status: StatusCode, markup: maud::Markup) -> Response {
    (status, markup).into_response()
}

async fn landing() -> Response {
    html(StatusCode::OK, pages::landing())
}

async fn submit_form(State(s): State<AppState>) -> Response {
    html(StatusCode::OK, pages::submit_form(&s.config().limits))
}

async fn return_form() -> Response {
    html(StatusCode::OK, pages::return_form(None))
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE).into_response()
}

async fn not_found() -> Response {
    html(StatusCode::NOT_FOUND, pages::problem("Not found", "There is no such page here."))
}

/// The refusal page for a request that is over the declared size before it is read.
fn too_large_by_header(s: &AppState, headers: &HeaderMap) -> Option<Refusal> {
    let declared = headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse::<u64>().ok()?;
    // Multipart framing adds headers and boundaries around each field; allow for them.
    let allowance = s.config().limits.max_submission_bytes + 64 * 1024;
    (declared > allowance).then(|| Refusal::TooLarge(s.config().limits.clone()))
}

async fn submit(
    State(s): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match submit_inner(&s, &headers, multipart).await {
        Ok(codename) => html(StatusCode::OK, pages::codename(codename.expose())),
        Err(r) => r.into_page(),
    }
}

async fn submit_inner(
    s: &AppState,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Codename, Refusal> {
    if !s.0.submissions.try_take() {
        return Err(Refusal::Busy);
    }
    let _slot = s.0.in_flight.try_acquire().map_err(|_| Refusal::Busy)?;
    if let Some(r) = too_large_by_header(s, headers) {
        return Err(r);
    }
    let multipart = multipart.map_err(|_| Refusal::Malformed)?;
    let recipients = s.0.recipients.load().map_err(Refusal::from_error)?;
    let day = fsutil::today();
    let staged = s.0.vault.stage().map_err(Refusal::from_error)?;
    let draft = s.0.vault.draft(&staged, recipients);
    let received = receive_in_time(s, multipart, draft, false).await?;
    drop(received.codename_field);
    let (codename, derived) = s.derive(Codename::generate()).await?;
    let vault = s.0.vault.clone();
    let lookup = derived.lookup;
    let reply_recipient = derived.reply.recipient();
    let id = tokio::task::spawn_blocking(move || vault.commit_new(staged, &lookup, &reply_recipient, &day))
        .await
        .map_err(|_| Refusal::Internal)?
        .map_err(Refusal::from_error)?;
    s.0.index.write().unwrap_or_else(|p| p.into_inner()).insert(lookup, id);
    Ok(codename)
}

/// Reads the form within the upload time limit.
async fn receive_in_time(
    s: &AppState,
    multipart: Multipart,
    draft: crate::vault::MessageDraft,
    want_codename: bool,
) -> Result<receive::Received, Refusal> {
    let limit = std::time::Duration::from_secs(s.config().limits.max_upload_seconds);
    tokio::time::timeout(limit, receive::receive(s, multipart, draft, want_codename))
        .await
        .map_err(|_| Refusal::TooSlow)?
}

#[derive(Deserialize)]
struct ReturnForm {
    codename: String,
}

async fn return_conversation(
    State(s): State<AppState>,
    form: Result<Form<ReturnForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return html(
            StatusCode::BAD_REQUEST,
            pages::return_form(Some("The form could not be read. Please try again.")),
        );
    };
    let typed = Zeroizing::new(form.codename);
    if !s.0.codename_checks.try_take() {
        return Refusal::Busy.into_page();
    }
    let codename = match Codename::parse(&typed) {
        Ok(c) => c,
        Err(e) => return html(StatusCode::BAD_REQUEST, pages::return_form(Some(&e.to_string()))),
    };
    let (codename, derived) = match s.derive(codename).await {
        Ok(x) => x,
        Err(r) => return r.into_page(),
    };
    // Found or not, the same page: a failure to read replies is logged, not shown, since
    // showing it would reveal that the codename exists.
    let replies = match s.find(&derived.lookup) {
        Some(id) => s.0.vault.replies_for_source(&id, derived.reply.identity()).unwrap_or_else(|e| {
            tracing::error!("replies could not be opened for a returning source: {}", e.log_line());
            Vec::new()
        }),
        None => Vec::new(),
    };
    html(StatusCode::OK, pages::conversation(codename.expose(), &replies, &s.config().limits))
}

async fn reply(
    State(s): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match reply_inner(&s, &headers, multipart).await {
        Ok(()) => html(StatusCode::OK, pages::reply_sent()),
        Err(r) => r.into_page(),
    }
}

/// A source's follow-up. For a codename that matches no conversation the message is not
/// dropped: it starts a conversation under that codename, so the answer is the same either
/// way and nothing a source writes is lost to a typing mistake.
async fn reply_inner(
    s: &AppState,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(), Refusal> {
    if !s.0.submissions.try_take() {
        return Err(Refusal::Busy);
    }
    let _slot = s.0.in_flight.try_acquire().map_err(|_| Refusal::Busy)?;
    if let Some(r) = too_large_by_header(s, headers) {
        return Err(r);
    }
    let multipart = multipart.map_err(|_| Refusal::Malformed)?;
    let recipients = s.0.recipients.load().map_err(Refusal::from_error)?;
    let day = fsutil::today();
    let staged = s.0.vault.stage().map_err(Refusal::from_error)?;
    let draft = s.0.vault.draft(&staged, recipients);
    let received = receive_in_time(s, multipart, draft, true).await?;
    let typed = received.codename_field.ok_or(Refusal::Malformed)?;
    let codename = Codename::parse(&typed).map_err(|e| Refusal::BadCodename(e.to_string()))?;
    let (_codename, derived) = s.derive(codename).await?;
    let vault = s.0.vault.clone();
    let lookup = derived.lookup;
    let reply_recipient = derived.reply.recipient();
    let existing = s.find(&lookup);
    let created = tokio::task::spawn_blocking(move || match existing {
        Some(id) => vault.commit_message(staged, &id, &day, Role::Source).map(|_| None),
        None => vault.commit_new(staged, &lookup, &reply_recipient, &day).map(Some),
    })
    .await
    .map_err(|_| Refusal::Internal)?
    .map_err(Refusal::from_error)?;
    if let Some(id) = created {
        s.0.index.write().unwrap_or_else(|p| p.into_inner()).insert(lookup, id);
    }
    Ok(())
}

impl Refusal {
    fn from_error(e: Error) -> Refusal {
        tracing::error!("a submission was refused: {}", e.log_line());
        match e {
            Error::NoRecipients { .. } | Error::BadRecipient { .. } => Refusal::NotReady,
            _ => Refusal::Internal,
        }
    }

    /// The plain-language page for a refusal, with its status.
    pub fn into_page(self) -> Response {
        let stored = " Nothing you sent was stored.";
        let (status, heading, text) = match self {
            Refusal::Empty => (
                StatusCode::BAD_REQUEST,
                "Nothing to send",
                format!("Please write a message or choose a file.{stored}"),
            ),
            Refusal::TooLarge(l) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too large",
                format!(
                    "That was more than the tip line accepts at once: a message may be up to {} KB, and \
                     everything together up to {} MB.{stored} You can send large files in several parts: \
                     send some now, then use your codename to send the rest.",
                    l.max_message_bytes / 1024,
                    l.max_submission_bytes / (1024 * 1024)
                ),
            ),
            Refusal::TooManyFiles(n) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too many files",
                format!(
                    "You can send up to {n} files at once.{stored} Please choose fewer, then use your \
                     codename to send the rest."
                ),
            ),
            Refusal::TooSlow => (
                StatusCode::REQUEST_TIMEOUT,
                "That took too long",
                format!(
                    "Your upload did not finish in time.{stored} Please try again, perhaps with fewer or \
                     smaller files at a time."
                ),
            ),
            Refusal::Malformed => (
                StatusCode::BAD_REQUEST,
                "The form could not be read",
                format!("What arrived was not a complete form.{stored} Please go back and try again."),
            ),
            Refusal::BadCodename(why) => {
                (StatusCode::BAD_REQUEST, "Check your codename", format!("{why}{stored}"))
            }
            Refusal::Busy => (
                StatusCode::TOO_MANY_REQUESTS,
                "The tip line is busy",
                format!(
                    "Too many people are sending at the moment.{stored} Please wait a few minutes and try \
                     again. Your codename, if you have one, still works."
                ),
            ),
            Refusal::NotReady => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The tip line is not ready",
                format!(
                    "It cannot encrypt tips right now, so it does not accept them.{stored} Please try again later."
                ),
            ),
            Refusal::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                format!("Something failed on our side.{stored} Please try again later."),
            ),
        };
        html(status, pages::problem(heading, &text))
    }
}
