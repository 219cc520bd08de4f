//! The tip line's integration tests: the router called with `oneshot`, a real server on
//! loopback for the no-trace checks, and the real `age` CLI for interoperability.

mod age_cli;
mod canary;
mod common;
mod conversation;
mod metadata;
mod refusals;
mod submit;
