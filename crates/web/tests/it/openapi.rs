//! The OpenAPI document describes exactly the routes the API router serves.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};

use crate::common::*;

#[test]
fn every_api_route_is_in_the_openapi_document_and_nothing_else() {
    let doc: serde_json::Value = serde_json::from_str(tally_web::api::OPENAPI).unwrap();
    assert_eq!(doc["openapi"].as_str().map(|v| v.starts_with("3.")), Some(true));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let mut served: BTreeSet<(String, String)> =
        tally_web::api::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    served.insert(("get".into(), "/api/openapi.json".into()));
    assert_eq!(documented, served);
    // Every $ref resolves.
    let text = tally_web::api::OPENAPI;
    for r in text.split("\"$ref\": \"#/").skip(1) {
        let path: Vec<&str> = r.split('"').next().unwrap().split('/').collect();
        let mut v = &doc;
        for p in &path {
            v = &v[*p];
        }
        assert!(!v.is_null(), "dangling $ref {path:?}");
    }
}

#[tokio::test]
async fn every_documented_route_exists_and_wants_authentication() {
    let s = seeded();
    for (method, path) in tally_web::api::ROUTES {
        let uri = path.replace("{id}", "x");
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = send(&s.app, Request::builder().method(m).uri(&uri).body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {uri}: {}", r.body);
    }
    let r = send(&s.app, get("/api/openapi.json", None)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["info"]["title"], "tally analyst API");
    let (cookie, _) = login(&s.app, "vic").await;
    let r = send(&s.app, get("/api/nothing-here", Some(&cookie))).await;
    assert_eq!((r.status, r.json()["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
}
