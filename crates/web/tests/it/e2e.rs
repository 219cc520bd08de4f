//! End to end in real headless Chromium, driven through chromedriver (WebDriver) from this
//! test: sign in; upload the founding report through the page (with its progress bar) and
//! see the 300 highlighted; open the claim's card, correct the count, see both readings and
//! the audit entry; see the estimate chart and the map; a forged CSRF token is refused; a
//! viewer is refused an edit. Along the way: a wrong upload's message in the page, the
//! keyboard path to a claim card, a label for every control, and every main page at phone
//! width and at 1280 px without sideways scrolling. Every page is screenshotted to
//! `target/screenshots/` (not committed).
//!
//! Needs Debian's `chromium` and `chromium-driver`, and the development corpus at
//! `../shared/corpus/dev`. Without them the test says so and passes, except under
//! `CI=true`, where it fails.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tally_store::SqliteStore;
use tally_store::accounts::Role;

use crate::common::PASSWORD;

const CHROMIUM: &str = "chromium";
const DRIVER: &str = "chromedriver";

fn on_path(bin: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(bin)).find(|p| p.is_file())
}

/// Skips (with a message) what cannot run here, or fails under CI=true.
fn need(what: &str, ok: bool) -> bool {
    if ok {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("e2e: {what} is missing, and CI=true requires it");
    }
    eprintln!(
        "e2e: skipped: {what} is missing (install chromium and chromium-driver; the corpus is ../shared/corpus/dev)"
    );
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// chromedriver, ended when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn screenshots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name}: a PNG");
    std::fs::write(screenshots_dir().join(format!("{name}.png")), png).unwrap();
}

async fn sign_in(c: &Client, base: &str, name: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Id("name")).await.unwrap().send_keys(name).await.unwrap();
    c.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    c.find(Locator::Css("form button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("form.account")).await.unwrap();
}

/// JavaScript listing the form controls of a page that a screen reader could not name
/// (no `<label>`, no `aria-label`, no `aria-labelledby`), and SVGs that are neither
/// labelled images nor hidden.
const UNLABELLED: &str = "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
    .filter(function (e) { return !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
        && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()); })
    .map(function (e) { return e.outerHTML.slice(0, 120); })
    .concat(Array.from(document.querySelectorAll('main svg')).filter(function (s) {
        return !s.parentElement.closest('svg') && !s.getAttribute('aria-label') && s.getAttribute('aria-hidden') !== 'true';
    }).map(function (s) { return 'svg'; }));";

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_reviews_the_founding_report_in_chromium() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev/seed/text.txt");
    if !need("the development corpus (seed/text.txt)", seed.is_file())
        || !need("chromium", on_path(CHROMIUM).is_some())
        || !need("chromedriver", on_path(DRIVER).is_some())
    {
        return;
    }

    // The server, on a free port, over a fresh data folder with two accounts.
    let data = tempfile::tempdir().unwrap();
    {
        let mut store = SqliteStore::open_dir(data.path()).unwrap();
        let hash = tally_web::hash_password(PASSWORD).unwrap();
        tally_web::auth::add_user(&mut store, "test", "ana", Role::Analyst, &hash).unwrap();
        tally_web::auth::add_user(&mut store, "test", "vic", Role::Viewer, &hash).unwrap();
    }
    let state = tally_web::AppState::open(tally_web::Config::for_data(data.path())).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(tally_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let base = format!("http://{addr}");

    // chromedriver on a free port, and Chromium with a fresh profile.
    let port = free_port();
    let _driver = Driver(
        Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": on_path(CHROMIUM).unwrap(),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--window-size=1280,1000",
                     format!("--user-data-dir={}", profile.path().display())],
        }
    });
    let caps = caps.as_object().unwrap().clone();
    let started = Instant::now();
    let c = loop {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if started.elapsed() < Duration::from_secs(60) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("chromedriver did not answer: {e}"),
        }
    };

    // Sign in.
    c.goto(&format!("{base}/login")).await.unwrap();
    shot(&c, "01-login").await;
    sign_in(&c, &base, "ana").await;
    shot(&c, "02-dashboard-empty").await;

    // A wrong file gets its message in the page, and the form stays for another try.
    let empty = data.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    c.goto(&format!("{base}/documents")).await.unwrap();
    c.find(Locator::Id("file")).await.unwrap().send_keys(empty.to_str().unwrap()).await.unwrap();
    c.find(Locator::Css("#upload-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let status = c
        .wait()
        .for_element(Locator::Css("#upload-status.error"))
        .await
        .expect("the upload's error in the page");
    let said = status.text().await.unwrap();
    assert!(said.contains("empty.txt") && said.contains("empty"), "{said}");
    shot(&c, "02b-upload-refused").await;

    // Upload the founding report through the page; app.js sends it with a progress bar.
    let upload = data.path().join("founding-report.txt");
    std::fs::copy(&seed, &upload).unwrap();
    c.goto(&format!("{base}/documents")).await.unwrap();
    assert!(c.find(Locator::Css("progress#upload-progress")).await.is_ok());
    c.find(Locator::Id("file")).await.unwrap().send_keys(upload.to_str().unwrap()).await.unwrap();
    c.find(Locator::Id("outlet")).await.unwrap().send_keys("Daily NK").await.unwrap();
    c.execute("document.getElementById('published').value = '2022-10-25';", vec![]).await.unwrap();
    c.find(Locator::Css("#upload-form button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("the document page after the upload");
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/documents/d-"), "{url}");
    let doc_path = url.path().to_owned();

    // The 300 is highlighted, and its highlight opens its card.
    let mark =
        c.find(Locator::XPath("//mark[contains(., 'about 300 people')]")).await.expect("the 300 highlighted");
    assert!(mark.is_displayed().await.unwrap());
    assert_eq!(c.execute(UNLABELLED, vec![]).await.unwrap(), json!([]), "the document page: unlabelled");
    shot(&c, "03-document").await;
    let link = mark.find(Locator::Css("a")).await.unwrap();
    let claim = link.attr("data-claim").await.unwrap().expect("the highlight names its claim");
    // By keyboard: the skip link comes first; the highlight is a link that Enter follows,
    // opening the card and moving the focus into it.
    let first = c
        .execute("return document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, summary').className;", vec![])
        .await
        .unwrap();
    assert_eq!(first, json!("skip"), "the first stop is the skip link");
    c.execute("arguments[0].focus();", vec![serde_json::to_value(&link).unwrap()]).await.unwrap();
    link.send_keys("\u{E007}").await.unwrap();
    let card = c
        .wait()
        .for_element(Locator::Css(&format!("details#card-{claim}[open]")))
        .await
        .expect("Enter on the highlight opened its card");
    let focused = c.execute("return document.activeElement.closest('details') && document.activeElement.closest('details').id;", vec![]).await.unwrap();
    assert_eq!(focused, json!(format!("card-{claim}")), "the focus moved into the card");
    assert!(card.text().await.unwrap().contains("about 300"));
    shot(&c, "04-claim-card").await;

    // Correct the count: a form per field, in the card.
    card.find(Locator::Css("details.fix > summary")).await.unwrap().click().await.unwrap();
    let form = card.find(Locator::Css("form[aria-label='Correct count']")).await.unwrap();
    let min = form.find(Locator::Css("input[name=min]")).await.unwrap();
    min.clear().await.unwrap();
    min.send_keys("250").await.unwrap();
    let max = form.find(Locator::Css("input[name=max]")).await.unwrap();
    max.clear().await.unwrap();
    max.send_keys("300").await.unwrap();
    form.find(Locator::Css("input[name=note]"))
        .await
        .unwrap()
        .send_keys("teams of fewer than 50")
        .await
        .unwrap();
    form.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    // Waits for the page after the post (the old page has the card too, without the
    // correction).
    let card = c
        .wait()
        .for_element(Locator::XPath(&format!(
            "//details[@id='card-{claim}' and contains(., 'about 250–300')]"
        )))
        .await
        .expect("the corrected card");
    c.execute(&format!("document.getElementById('card-{claim}').open = true;"), vec![]).await.unwrap();
    let text = card.text().await.unwrap();
    assert!(text.contains("about 300") && text.contains("about 250–300"), "both readings: {text}");
    assert!(text.contains("review.correct"), "the card links its audit entry: {text}");
    shot(&c, "05-correction").await;
    c.goto(&format!("{base}/audit")).await.unwrap();
    let audit = body_text(&c).await;
    assert!(
        audit.contains("review.correct") && audit.contains(&claim) && audit.contains("is intact"),
        "{audit}"
    );
    shot(&c, "06-audit").await;

    // The estimate chart and the map.
    c.goto(&format!("{base}/estimates")).await.unwrap();
    let chart =
        c.find(Locator::Css("#chart-selected_or_planned svg")).await.expect("the chart of workers selected");
    assert!(chart.is_displayed().await.unwrap());
    assert!(c.find(Locator::Css("#chart-selected_or_planned svg a[href^='/claims?ids=']")).await.is_ok());
    assert_eq!(c.execute(UNLABELLED, vec![]).await.unwrap(), json!([]), "/estimates: unlabelled");
    shot(&c, "07-estimates").await;
    c.goto(&format!("{base}/map")).await.unwrap();
    let bubble = c.find(Locator::Css("#map svg circle.hit")).await.expect("a bubble on the map");
    assert!(bubble.is_displayed().await.unwrap());
    assert_eq!(c.execute(UNLABELLED, vec![]).await.unwrap(), json!([]), "/map: unlabelled");
    shot(&c, "08-map").await;

    // The other pages, for the record.
    for (path, name) in [
        ("/", "09-dashboard"),
        ("/documents", "10-documents"),
        ("/search?q=selection", "11-search"),
        ("/events", "12-events"),
        ("/sources", "14-sources"),
        ("/tips", "15-tips"),
    ] {
        c.goto(&format!("{base}{path}")).await.unwrap();
        assert!(c.find(Locator::Css("main h1")).await.is_ok(), "{path}");
        let unlabelled = c.execute(UNLABELLED, vec![]).await.unwrap();
        assert_eq!(unlabelled, json!([]), "{path}: controls without a label");
        shot(&c, name).await;
    }
    c.goto(&format!("{base}/events")).await.unwrap();
    let first_event = c.find(Locator::Css("main table a[href^='/events/']")).await.unwrap();
    let event_path = first_event.attr("href").await.unwrap().unwrap();
    c.goto(&format!("{base}{event_path}")).await.unwrap();
    c.wait().for_element(Locator::Css("main h1")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().starts_with("/events/e-"));
    shot(&c, "13-event").await;

    // On a phone: the viewport is the device's and nothing is wider than the screen (tables
    // scroll inside their own box); on 1280 px neither.
    for (width, height, suffix) in [(390, 844, "phone"), (1280, 1000, "1280")] {
        c.set_window_size(width, height).await.unwrap();
        for (path, name) in [
            (doc_path.as_str(), "document"),
            ("/", "dashboard"),
            ("/documents", "documents"),
            ("/estimates", "estimates"),
            ("/map", "map"),
            ("/audit", "audit"),
        ] {
            c.goto(&format!("{base}{path}")).await.unwrap();
            c.wait().for_element(Locator::Css("main h1")).await.unwrap();
            let viewport = c.find(Locator::Css("meta[name=viewport]")).await.unwrap();
            assert_eq!(
                viewport.attr("content").await.unwrap().as_deref(),
                Some("width=device-width, initial-scale=1")
            );
            let fits = c
                .execute(
                    "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
                    vec![],
                )
                .await
                .unwrap();
            let (scroll, client) = (fits[0].as_u64().unwrap(), fits[1].as_u64().unwrap());
            assert!(scroll <= client, "{path} at {width} px: the page is {scroll} px wide in {client} px");
            shot(&c, &format!("16-{name}-{suffix}")).await;
        }
    }
    c.set_window_size(1280, 1000).await.unwrap();

    // A forged CSRF token is refused, and nothing is recorded.
    c.goto(&format!("{base}{doc_path}")).await.unwrap();
    c.execute(
        &format!(
            "var f = document.querySelector('form[action=\"/claims/{claim}/confirm\"]');
             f.querySelector('input[name=csrf]').value = 'forged'; f.submit();"
        ),
        vec![],
    )
    .await
    .unwrap();
    let refused = c.wait().for_element(Locator::Css("p[data-code=csrf]")).await.expect("the CSRF refusal");
    assert!(refused.text().await.unwrap().contains("security token"));
    shot(&c, "17-csrf-refused").await;

    // A viewer reads, and is refused an edit.
    c.goto(&format!("{base}/")).await.unwrap();
    c.find(Locator::Css("form.account button")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Id("password")).await.unwrap();
    sign_in(&c, &base, "vic").await;
    c.goto(&format!("{base}{doc_path}")).await.unwrap();
    assert!(c.find(Locator::Css("form[action$='/confirm']")).await.is_err(), "a viewer gets no review forms");
    c.execute(
        &format!(
            "var f = document.createElement('form'); f.method = 'post'; f.action = '/claims/{claim}/confirm';
             var t = document.querySelector('form.account input[name=csrf]').cloneNode(); f.appendChild(t);
             document.body.appendChild(f); f.submit();"
        ),
        vec![],
    )
    .await
    .unwrap();
    let refused =
        c.wait().for_element(Locator::Css("p[data-code=forbidden]")).await.expect("the viewer's refusal");
    assert!(refused.text().await.unwrap().contains("viewer"));
    shot(&c, "18-viewer-refused").await;
    c.goto(&format!("{base}/tips")).await.unwrap();
    assert!(c.find(Locator::Css("p[data-code=forbidden]")).await.is_ok(), "tips are not for viewers");

    // Nothing the refused requests did reached the audit log: uploads 1, correction 1, accounts 2.
    c.goto(&format!("{base}/api/audit")).await.unwrap();
    let audit: serde_json::Value = serde_json::from_str(&body_text(&c).await).unwrap();
    assert_eq!(audit["chain"]["entries"], 4, "{audit}");

    c.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
