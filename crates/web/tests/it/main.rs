//! tally-web's integration tests: handler tests on `app()` over a seeded store (one
//! request at a time through `tower::ServiceExt::oneshot`), and the end-to-end test in real
//! headless Chromium (`e2e`).

mod common;
mod e2e;
mod handlers;
mod openapi;
