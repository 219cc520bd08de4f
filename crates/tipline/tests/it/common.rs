//! Helpers: a tips folder with an analyst key, multipart bodies, and calling the router.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tally_tipline::config::Config;
use tally_tipline::web::{AppState, app};
use tower::ServiceExt;

/// A tips folder with one analyst identity registered as the recipient.
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub identity_file: PathBuf,
    pub state: AppState,
}

impl Setup {
    pub fn new() -> Setup {
        Setup::with(|_| {})
    }

    /// With the configuration changed by `f` (limits, rates).
    pub fn with(f: impl FnOnce(&mut Config)) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let tips = dir.path().join("tips");
        let identity_file = dir.path().join("analyst.key");
        let recipient = tally_tipline::keys::keygen(&identity_file).unwrap();
        tally_tipline::keys::RecipientsFile::in_dir(&tips).add(&recipient.to_string()).unwrap();
        let mut config = Config::defaults(&tips);
        // Tests send many requests quickly; the rate-limit test sets its own values.
        config.rate.submission_burst = 1000;
        config.rate.codename_burst = 1000;
        f(&mut config);
        let state = AppState::new(config).unwrap();
        Setup { dir, identity_file, state }
    }

    pub fn tips(&self) -> PathBuf {
        self.dir.path().join("tips")
    }

    pub fn identities(&self) -> Vec<Box<dyn age::Identity + Send + Sync>> {
        tally_tipline::keys::load_identities(&self.identity_file).unwrap()
    }

    /// Calls the router once.
    pub async fn call(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        let resp = app(self.state.clone()).oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    pub async fn post_form(&self, path: &str, form: Multipart) -> (StatusCode, String) {
        let (ct, body) = form.finish();
        let req = Request::post(path).header(header::CONTENT_TYPE, ct).body(Body::from(body)).unwrap();
        let (s, _, b) = self.call(req).await;
        (s, b)
    }

    pub async fn submit(&self, form: Multipart) -> (StatusCode, String) {
        self.post_form("/submit", form).await
    }

    /// Posts the return form with a codename.
    pub async fn return_with(&self, codename: &str) -> (StatusCode, String) {
        let body = format!("codename={}", codename.replace(' ', "+"));
        let req = Request::post("/return")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let (s, _, b) = self.call(req).await;
        (s, b)
    }

    /// Every committed conversation folder.
    pub fn conversations(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.tips().join("conversations"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    }

    /// Asserts that nothing is stored: no conversation and nothing left in staging.
    pub fn assert_nothing_stored(&self) {
        assert!(self.conversations().is_empty(), "a conversation was stored");
        let staging = std::fs::read_dir(self.tips().join(".staging")).unwrap().count();
        assert_eq!(staging, 0, "something was left in staging");
    }
}

/// A `multipart/form-data` body built by hand, as a browser sends it.
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Multipart {
    pub fn new() -> Multipart {
        Multipart { boundary: "----tallyTestBoundary7MA4YWxkTrZu0gW".into(), body: Vec::new() }
    }

    pub fn text(mut self, name: &str, value: &str) -> Multipart {
        self.body.extend(
            format!("--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n", self.boundary)
                .as_bytes(),
        );
        self.body.extend(value.as_bytes());
        self.body.extend(b"\r\n");
        self
    }

    pub fn file(mut self, name: &str, file_name: &str, content_type: &str, bytes: &[u8]) -> Multipart {
        self.body.extend(
            format!(
                "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: {content_type}\r\n\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        self.body.extend(bytes);
        self.body.extend(b"\r\n");
        self
    }

    /// The content type and the body.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body.extend(format!("--{}--\r\n", self.boundary).as_bytes());
        (format!("multipart/form-data; boundary={}", self.boundary), self.body)
    }
}

/// The codename shown on the codename page.
pub fn codename_from(page: &str) -> String {
    let start = page.find("class=\"codename\"").expect("a codename page");
    let open = start + page[start..].find('>').unwrap() + 1;
    let close = open + page[open..].find("</p>").unwrap();
    page[open..close].to_string()
}

/// Every file under `dir`, recursively.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else { out.push(p) }
        }
    }
    out
}

/// Whether `needle` occurs anywhere in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A plain HTTP/1.1 request over loopback, as a browser would send it (one connection each).
/// Returns the status code and the body.
pub async fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}
