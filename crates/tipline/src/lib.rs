//! tally's whistleblower tip line (`tally tipline serve`, `tally tips …`).
//!
//! A source submits a tip and files through a small, JavaScript-free web surface; everything
//! is sealed with `age` to the team's X25519 recipients as it arrives, so the server cannot
//! read what it stores; attachments are kept twice (sealed original, sealed cleaned copy);
//! the source gets a seven-word codename to come back, read replies and answer. Analysts
//! read tips with their own key, through this crate or the standard `age` tool.
//!
//! Modules: [`codename`] (words and entropy), [`kdf`] (argon2id → lookup tag and reply key),
//! [`keys`] (analyst identities, the recipients file), [`seal`] (age streams), [`clean`]
//! (metadata removal), [`vault`] (the tips folder), [`config`] (layered settings), [`web`]
//! (the router). The crate deliberately does not touch the analyst store, the analyst web
//! UI or its sessions: importing a tip into the store is the CLI's job, and the analyst UI
//! lists tips through [`list_tips`], which reveals metadata only. See docs/THREAT_MODEL.md.

pub mod clean;
pub mod codename;
pub mod config;
mod error;
pub mod fsutil;
pub mod kdf;
pub mod keys;
pub mod seal;
pub mod vault;
pub mod web;

pub use config::Config;
pub use error::{Error, Result};
pub use vault::{TipSummary, list_tips};
