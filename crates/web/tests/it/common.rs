//! A seeded data folder and the helpers the tests share: sign in, send a request, read the
//! CSRF token out of a page. The seed documents are written for these tests (fixtures/),
//! never copied from the corpus.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use tally_ingest::Overrides;
use tally_store::SqliteStore;
use tally_web::{AppState, Config};
use tower::ServiceExt as _;

pub const PASSWORD: &str = "a long enough password";

pub struct Seeded {
    /// Kept so the folder lives as long as the test.
    pub _dir: tempfile::TempDir,
    pub app: Router,
    pub state: AppState,
    /// The id of the English fixture with the 300 figure.
    pub doc: String,
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures").join(name))
        .unwrap()
}

/// A data folder with three documents and accounts admin, ana (analyst) and vic (viewer),
/// all with [`PASSWORD`].
pub fn seeded() -> Seeded {
    let dir = tempfile::tempdir().unwrap();
    let doc;
    {
        let mut store = SqliteStore::open_dir(dir.path()).unwrap();
        let index = tally_index::Index::open(&dir.path().join("index")).unwrap();
        let en = Overrides {
            source: Some("Test Wire".into()),
            published: Some("2022-10-25".parse().unwrap()),
            ..Default::default()
        };
        doc = tally_web::ingest::upload(
            &mut store,
            &index,
            "seed",
            "second-round.txt",
            fixture("second-round.txt"),
            &en,
        )
        .unwrap()
        .document;
        tally_web::ingest::upload(&mut store, &index, "seed", "meta-note.txt", fixture("meta-note.txt"), &en)
            .unwrap();
        let ko = Overrides {
            source: Some("시험 통신".into()),
            published: Some("2023-03-10".parse().unwrap()),
            ..Default::default()
        };
        tally_web::ingest::upload(&mut store, &index, "seed", "korean.txt", fixture("korean.txt"), &ko)
            .unwrap();
        let hash = tally_web::hash_password(PASSWORD).unwrap();
        for (name, role) in [
            ("admin", tally_store::accounts::Role::Admin),
            ("ana", tally_store::accounts::Role::Analyst),
            ("vic", tally_store::accounts::Role::Viewer),
        ] {
            tally_web::auth::add_user(&mut store, "test", name, role, &hash).unwrap();
        }
    }
    let state = AppState::open(Config::for_data(dir.path())).unwrap();
    Seeded { app: tally_web::app(state.clone()), state, _dir: dir, doc }
}

/// A response, read whole.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Resp {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::builder().method(Method::GET).uri(path);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

/// A URL-encoded form POST.
pub fn post_form(path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{}={}", tally_web::auth::url_encode(k), tally_web::auth::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut b = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(body)).unwrap()
}

/// The value of the first hidden `csrf` field of a page.
pub fn csrf_of(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("a csrf field") + r#"name="csrf" value=""#.len();
    html[at..].split('"').next().unwrap().to_owned()
}

/// The `name=value` of a Set-Cookie header for `name`.
pub fn set_cookie(r: &Resp, name: &str) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

/// Signs in and returns the session cookie and its CSRF token.
pub async fn login(app: &Router, name: &str) -> (String, String) {
    let form = send(app, get("/login", None)).await;
    let login_cookie = set_cookie(&form, "tally_login").unwrap();
    let token = csrf_of(&form.body);
    let r = send(
        app,
        post_form("/login", Some(&login_cookie), &[("csrf", &token), ("name", name), ("password", PASSWORD)]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "sign-in of {name}: {}", r.body);
    let cookie = set_cookie(&r, "tally_session").expect("a session cookie");
    let page = send(app, get("/", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    (cookie.clone(), csrf_of(&page.body))
}
