//! Who is asking, and may they: passwords, sign-in with slowed-down failures, sessions,
//! API tokens, CSRF tokens and roles.
//!
//! - **Passwords** are argon2id PHC strings ([`hash_password`], [`verify_password`]), hashed
//!   and checked on blocking threads, at most two at a time (each costs ~19 MiB and tens of
//!   milliseconds). An unknown account name is checked against a dummy hash so that the
//!   answer takes as long as for a real one.
//! - **Failed sign-ins** are slowed per account (after [`FREE_FAILURES`] failures, each
//!   further attempt must wait 2, 4, 8 … seconds, up to [`MAX_LOCKOUT`]) and globally
//!   (while more than [`GLOBAL_FAILURES`] failures happened in the last minute, every
//!   attempt is answered [`GLOBAL_DELAY`] later). The counters are in memory: a restart
//!   forgets them, which costs an attacker a restart they cannot cause. No IP address is
//!   recorded, and passwords are never logged.
//! - **Sessions** are random 256-bit tokens in an `HttpOnly`, `SameSite=Strict` cookie
//!   (`Secure` when [`crate::Config::secure_cookies`]), kept in the store as SHA-256 digests,
//!   valid for [`SESSION_HOURS`] hours. Each session has its own CSRF token; every form
//!   carries it in a hidden `csrf` field and every state-changing request made with the
//!   cookie must present it (field or `X-CSRF-Token` header), checked here in [`guard`]
//!   before any handler runs. The sign-in form itself uses a double-submit cookie.
//! - **API tokens** (`tally user token NAME`) are sent as `Authorization: Bearer …`; they are
//!   not ambient credentials a browser attaches by itself, so they need no CSRF token.
//! - **Roles**: a viewer may read everything except tips and change nothing; [`guard`]
//!   refuses every non-GET request of a viewer (except signing out) with 403.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::html;
use rand::TryRngCore;
use rand::rngs::OsRng;
use serde::Deserialize;
use tally_store::accounts::{Role, SessionRecord, User, token_digest};
use tally_store::{AccountStore, AuditLog};

use crate::{AppError, AppState, Result, layout};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "tally_session";
/// The sign-in form's double-submit cookie.
const LOGIN_COOKIE: &str = "tally_login";
/// How long a session lasts from sign-in.
pub const SESSION_HOURS: i64 = 12;
/// Failures of one account answered without delay.
pub const FREE_FAILURES: u32 = 3;
/// The longest an account waits between attempts.
pub const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Failures per minute, over all accounts, above which every attempt is slowed.
pub const GLOBAL_FAILURES: usize = 30;
/// The delay every attempt gets while the global rate is exceeded.
pub const GLOBAL_DELAY: Duration = Duration::from_secs(2);
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;
/// Longest password accepted, in bytes (argon2 takes any length; this bounds the work).
pub const MAX_PASSWORD: usize = 1024;
/// Accounts whose failures are tracked at once; the oldest are forgotten beyond it.
const MAX_TRACKED: usize = 10_000;

/// A real argon2id hash of a random password no one knows, checked when the account name is
/// unknown so that the answer takes as long as for a known name.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&random_token()).unwrap_or_default())
}

/// Checks a new password against the policy.
pub fn check_password_policy(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD {
        return Err(format!("the password must have at least {MIN_PASSWORD} characters (it has {chars})"));
    }
    if password.len() > MAX_PASSWORD {
        return Err(format!("the password must be at most {MAX_PASSWORD} bytes"));
    }
    Ok(())
}

/// An argon2id PHC string for `password`, with a fresh random salt. Blocking: call it on a
/// blocking thread.
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("hashing a password: {e}")))
}

/// Whether `password` matches a PHC string. Blocking.
pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), phc).is_ok()
}

/// A random 256-bit token, hex.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    // The operating system's generator failing is not something to carry on from.
    OsRng.try_fill_bytes(&mut b).expect("the operating system's random generator works");
    hex::encode(b)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

// ------------------------------------------------------------------ throttle

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed sign-ins, per account and overall, in memory.
#[derive(Debug, Default)]
pub struct Throttle {
    inner: Mutex<ThrottleInner>,
}

#[derive(Debug, Default)]
struct ThrottleInner {
    accounts: HashMap<String, Failures>,
    recent: VecDeque<Instant>,
}

impl Throttle {
    fn lockout(count: u32) -> Duration {
        if count < FREE_FAILURES {
            return Duration::ZERO;
        }
        let exp = (count - FREE_FAILURES).min(20);
        Duration::from_secs(2u64 << exp).min(MAX_LOCKOUT)
    }

    /// How long the account must still wait before an attempt is checked, if at all.
    pub fn wait(&self, name: &str, now: Instant) -> Option<Duration> {
        let g = self.inner.lock().ok()?;
        let f = g.accounts.get(name)?;
        let until = f.last + Self::lockout(f.count);
        (until > now).then(|| until - now)
    }

    /// Whether failures overall are above the global rate.
    pub fn under_attack(&self, now: Instant) -> bool {
        let Ok(mut g) = self.inner.lock() else { return true };
        while g.recent.front().is_some_and(|t| now.duration_since(*t) > Duration::from_secs(60)) {
            g.recent.pop_front();
        }
        g.recent.len() > GLOBAL_FAILURES
    }

    pub fn fail(&self, name: &str, now: Instant) {
        let Ok(mut g) = self.inner.lock() else { return };
        if g.accounts.len() >= MAX_TRACKED && !g.accounts.contains_key(name) {
            // Forget the account whose last failure is oldest.
            if let Some(oldest) = g.accounts.iter().min_by_key(|(_, f)| f.last).map(|(k, _)| k.clone()) {
                g.accounts.remove(&oldest);
            }
        }
        let e = g.accounts.entry(name.to_owned()).or_insert(Failures { count: 0, last: now });
        e.count += 1;
        e.last = now;
        g.recent.push_back(now);
        if g.recent.len() > 10 * GLOBAL_FAILURES {
            g.recent.pop_front();
        }
    }

    pub fn succeed(&self, name: &str) {
        if let Ok(mut g) = self.inner.lock() {
            g.accounts.remove(name);
        }
    }
}

// ------------------------------------------------------------------ sessions

/// How the request proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Token,
}

/// The signed-in account of a request, put in its extensions by [`guard`].
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    /// This session's CSRF token (empty for API tokens, which need none).
    pub csrf: String,
    pub via: Via,
}

impl Session {
    pub fn can_edit(&self) -> bool {
        self.user.role.can_edit()
    }
    pub fn is_admin(&self) -> bool {
        self.user.role.is_admin()
    }
    pub fn name(&self) -> &str {
        &self.user.name
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts.extensions.get::<Session>().cloned().ok_or(AppError::Unauthenticated)
    }
}

/// A signed-in analyst or admin: the extractor of every handler that changes data.
#[derive(Debug, Clone)]
pub struct Editor(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for Editor {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self> {
        let session = Session::from_request_parts(parts, s).await?;
        if !session.can_edit() {
            return Err(forbidden_for_viewer());
        }
        Ok(Editor(session))
    }
}

/// A signed-in admin.
#[derive(Debug, Clone)]
pub struct Admin(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self> {
        let session = Session::from_request_parts(parts, s).await?;
        if !session.is_admin() {
            return Err(AppError::Forbidden("only an administrator may do this".into()));
        }
        Ok(Admin(session))
    }
}

fn forbidden_for_viewer() -> AppError {
    AppError::Forbidden("your account is a viewer's: it can read the ledger but not change it".into())
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    // Names and values are hex and fixed ASCII, so this is always a valid header value.
    HeaderValue::from_str(&v).expect("an ASCII cookie is a header value")
}

/// Finds the session of a request, from its cookie or its bearer token.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>> {
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        let digest = token_digest(token);
        let found: Option<SessionRecord> = state.db(move |s| Ok(s.session(&digest, &now_rfc3339())?)).await?;
        if let Some(r) = found {
            return Ok(Some(Session { user: r.user, csrf: r.csrf, via: Via::Cookie }));
        }
    }
    if let Some(token) = bearer(headers) {
        let digest = token_digest(token);
        let found = state.db(move |s| Ok(s.api_token_user(&digest)?)).await?;
        if let Some(user) = found {
            return Ok(Some(Session { user, csrf: String::new(), via: Via::Token }));
        }
    }
    Ok(None)
}

/// The CSRF token a request presents: the `X-CSRF-Token` header, else the `csrf` field of a
/// form body (URL-encoded or multipart). Returns the request rebuilt around the buffered
/// body.
async fn presented_csrf(req: Request) -> Result<(Option<String>, Request)> {
    if let Some(h) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return Ok((Some(h.to_owned()), req));
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, crate::MAX_BODY)
        .await
        .map_err(|_| AppError::TooLarge(format!("the request is larger than {} bytes", crate::MAX_BODY)))?;
    let ct = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let mut token = None;
    if ct.starts_with("application/x-www-form-urlencoded") {
        #[derive(Deserialize)]
        struct Csrf {
            csrf: Option<String>,
        }
        if let Ok(Form(c)) = Form::<Csrf>::from_request(
            Request::builder()
                .method(Method::POST)
                .header(header::CONTENT_TYPE, &ct)
                .body(Body::from(bytes.clone()))
                .map_err(AppError::internal)?,
            &(),
        )
        .await
        {
            token = c.csrf;
        }
    } else if ct.starts_with("multipart/form-data") {
        let probe = Request::builder()
            .method(Method::POST)
            .header(header::CONTENT_TYPE, &ct)
            .body(Body::from(bytes.clone()))
            .map_err(AppError::internal)?;
        if let Ok(mut mp) = axum::extract::Multipart::from_request(probe, &()).await {
            // Our forms put the token first; stop at the first file so a large upload is
            // not parsed twice.
            while let Ok(Some(field)) = mp.next_field().await {
                if field.file_name().is_some() {
                    break;
                }
                if field.name() == Some("csrf") {
                    token = field.text().await.ok();
                    break;
                }
            }
        }
    }
    Ok((token, Request::from_parts(parts, Body::from(bytes))))
}

/// Middleware over every page and API route but sign-in: requires a session or API token
/// (pages redirect to the sign-in form; the API answers 401), refuses viewers' changes,
/// and checks the CSRF token of every state-changing request made with the cookie.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    match guarded(state, req, next).await {
        Ok(r) => r,
        Err(e) if api => crate::error::as_json(e.into_response()),
        Err(e) => e.into_response(),
    }
}

async fn guarded(state: AppState, mut req: Request, next: Next) -> Result<Response> {
    let path = req.uri().path().to_owned();
    let api = path.starts_with("/api/");
    let Some(session) = authenticate(&state, req.headers()).await? else {
        if api || req.method() != Method::GET {
            return Err(AppError::Unauthenticated);
        }
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        return Ok(Redirect::to(&format!("/login?next={}", url_encode(target))).into_response());
    };
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes {
        if !session.can_edit() && path != "/logout" {
            return Err(forbidden_for_viewer());
        }
        if session.via == Via::Cookie {
            let (token, rebuilt) = presented_csrf(req).await?;
            req = rebuilt;
            let ok = token.is_some_and(|t| constant_time_eq(t.as_bytes(), session.csrf.as_bytes()));
            if !ok {
                return Err(AppError::Csrf);
            }
        }
    }
    req.extensions_mut().insert(session);
    Ok(next.run(req).await)
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A redirect target after sign-in: only a path of this site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

// ------------------------------------------------------------------ routes

/// Sign-in: the form and its answer. Public.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/login", get(login_page).post(login))
}

/// Sign-out: behind the guard, so it needs the session's CSRF token.
pub fn logout_router() -> Router<AppState> {
    Router::new().route("/logout", post(logout))
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_form(csrf: &str, next: &str, name: &str, message: Option<&str>) -> maud::Markup {
    layout::bare(
        "Sign in",
        html! {
            h1 { "Sign in to tally" }
            @if let Some(m) = message { p role="alert" class="error" { (m) } }
            form method="post" action="/login" class="stack" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="next" value=(next);
                label for="name" { "Account name" }
                input id="name" name="name" type="text" autocomplete="username" required value=(name) autofocus;
                label for="password" { "Password" }
                input id="password" name="password" type="password" autocomplete="current-password" required;
                button type="submit" { "Sign in" }
            }
        },
    )
}

async fn login_page(State(state): State<AppState>, Query(q): Query<NextQuery>) -> Response {
    let token = random_token();
    let next = safe_next(q.next.as_deref());
    let mut resp = login_form(&token, &next, "", None).into_response();
    resp.headers_mut()
        .append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, &token, 3600, state.config().secure_cookies));
    resp
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    next: Option<String>,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password never reaches a log through Debug.
        f.debug_struct("LoginForm").field("name", &self.name).finish_non_exhaustive()
    }
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response> {
    let secure = state.config().secure_cookies;
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf.as_bytes()) {
        return Err(AppError::Csrf);
    }
    let next = safe_next(form.next.as_deref());
    let name = form.name.trim().to_owned();
    let again = |status: StatusCode, message: &str| {
        (status, login_form(&form.csrf, &next, &name, Some(message))).into_response()
    };
    if name.is_empty() || form.password.is_empty() {
        return Ok(again(StatusCode::BAD_REQUEST, "Enter your account name and your password."));
    }
    if form.password.len() > MAX_PASSWORD || name.len() > tally_store::accounts::MAX_NAME {
        return Ok(again(StatusCode::UNAUTHORIZED, "Wrong account name or password."));
    }
    let throttle = state.throttle();
    if let Some(wait) = throttle.wait(&name, Instant::now()) {
        let secs = wait.as_millis().div_ceil(1000).max(1) as u64;
        let mut r = again(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("Too many failed sign-ins for this account; wait {secs} seconds and try again."),
        );
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return Ok(r);
    }
    if throttle.under_attack(Instant::now()) {
        tokio::time::sleep(GLOBAL_DELAY).await;
    }
    let permit = state.hashing().acquire().await.map_err(AppError::internal)?;
    let (lookup_name, password) = (name.clone(), form.password.clone());
    let user = state
        .db(move |s| {
            let found = s.user_credentials(&lookup_name)?;
            let (user, phc) = match &found {
                Some((u, h)) if !u.disabled => (Some(u.clone()), h.as_str()),
                _ => (None, dummy_hash()),
            };
            let ok = verify_password(&password, phc);
            Ok(if ok { user } else { None })
        })
        .await?;
    drop(permit);
    let Some(user) = user else {
        throttle.fail(&name, Instant::now());
        tracing::info!(account = %name, "failed sign-in");
        return Ok(again(StatusCode::UNAUTHORIZED, "Wrong account name or password."));
    };
    throttle.succeed(&name);
    let token = random_token();
    let (digest, csrf) = (token_digest(&token), random_token());
    let expires = (chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let user_id = user.id;
    state
        .db(move |s| {
            s.purge_sessions(&now_rfc3339())?;
            s.create_session(user_id, &digest, &csrf, &expires)?;
            Ok(())
        })
        .await?;
    let mut resp = Redirect::to(&next).into_response();
    resp.headers_mut()
        .append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, &token, SESSION_HOURS * 3600, secure));
    resp.headers_mut().append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, "", 0, secure));
    Ok(resp)
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let digest = token_digest(token);
        state.db(move |s| Ok(s.delete_session(&digest)?)).await?;
    }
    let mut resp = Redirect::to("/login").into_response();
    resp.headers_mut()
        .append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.config().secure_cookies));
    Ok(resp)
}

/// Creates an account and records it in the audit log as done by `actor`. Used by the
/// admin page and by `tally user add`.
pub fn add_user(
    store: &mut tally_store::SqliteStore,
    actor: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> Result<User> {
    let name = tally_store::accounts::UserName::parse(name)?;
    let user = store.add_user(&name, role, password_hash)?;
    store.append_audit(&tally_store::audit::NewAuditEntry {
        actor,
        action: "user.add",
        target: &format!("user:{}", user.name),
        detail: serde_json::json!({"role": role.as_str()}),
    })?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("anything", "not a phc string"));
        assert!(dummy_hash().starts_with("$argon2id$") && !verify_password("anything", dummy_hash()));
    }

    #[test]
    fn failures_lock_an_account_out_for_growing_times() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES - 1 {
            t.fail("ana", now);
        }
        assert_eq!(t.wait("ana", now), None);
        t.fail("ana", now);
        assert_eq!(t.wait("ana", now), Some(Duration::from_secs(2)));
        t.fail("ana", now);
        assert_eq!(t.wait("ana", now), Some(Duration::from_secs(4)));
        assert_eq!(t.wait("ana", now + Duration::from_secs(5)), None);
        assert_eq!(t.wait("bob", now), None);
        t.succeed("ana");
        assert_eq!(t.wait("ana", now), None);
        for _ in 0..40 {
            t.fail("x", now);
        }
        assert_eq!(t.wait("x", now), Some(MAX_LOCKOUT));
        assert!(t.under_attack(now));
        assert!(!t.under_attack(now + Duration::from_secs(61)));
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/documents?x=1")), "/documents?x=1");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", ""] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
    }

    #[test]
    fn cookies_are_read_among_others() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; tally_session=abc; b=2"));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        let v = set_cookie(SESSION_COOKIE, "abc", 60, true);
        let v = v.to_str().unwrap();
        assert!(v.contains("HttpOnly") && v.contains("SameSite=Strict") && v.ends_with("; Secure"), "{v}");
    }
}
