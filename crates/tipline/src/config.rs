//! The tip line's configuration: typed structs filled in layers — built-in defaults, then
//! `tipline.toml` in the tips folder, then `TALLY_TIPLINE_*` environment variables (nested
//! keys with `__`, e.g. `TALLY_TIPLINE_LIMITS__MAX_ATTACHMENTS=5`), then the command line,
//! which the caller applies last. Every limit has a named default constant and a ceiling.
//!
//! The only secret here is the optional pepper; it lives in a [`SecretString`], so printing
//! the configuration (`Debug`) shows that one is set but not what it is. This module does
//! not read the recipients file or the codename settings (`keys`, `kdf`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::error::{Error, Result};

/// Where `tally tipline serve` listens unless told otherwise: loopback, for Tor to forward to.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8081";
/// The configuration file's name inside the tips folder.
pub const CONFIG_FILE: &str = "tipline.toml";
/// The environment prefix.
pub const ENV_PREFIX: &str = "TALLY_TIPLINE_";

/// Largest request body of a submission (text and files together), in bytes.
pub const DEFAULT_MAX_SUBMISSION_BYTES: u64 = 100 * 1024 * 1024;
/// Most files in one submission.
pub const DEFAULT_MAX_ATTACHMENTS: usize = 10;
/// Largest message text, in bytes.
pub const DEFAULT_MAX_MESSAGE_BYTES: u64 = 256 * 1024;
/// Submissions being received at the same time; more get the "busy" page. Bounds what slow
/// uploads (over Tor, or deliberately slow ones) can hold open.
pub const DEFAULT_MAX_CONCURRENT_SUBMISSIONS: usize = 64;
/// Longest time one submission may take to arrive, in seconds (slow Tor circuits included).
pub const DEFAULT_MAX_UPLOAD_SECONDS: u64 = 3600;
/// Memory that attachments being cleaned may hold at once, across all requests, in bytes.
pub const DEFAULT_CLEAN_BUDGET_BYTES: u64 = 256 * 1024 * 1024;
/// Submissions (new tips and source replies) accepted per minute, across all sources.
pub const DEFAULT_SUBMISSIONS_PER_MINUTE: u32 = 10;
/// Submissions accepted in a burst before the per-minute rate applies.
pub const DEFAULT_SUBMISSION_BURST: u32 = 30;
/// Codename checks (return visits) per minute, across all sources. Each costs an argon2id run.
pub const DEFAULT_CODENAME_CHECKS_PER_MINUTE: u32 = 60;
/// Codename checks accepted in a burst.
pub const DEFAULT_CODENAME_BURST: u32 = 60;

/// Ceilings no configuration may exceed.
const CEILING_SUBMISSION_BYTES: u64 = 2 * 1024 * 1024 * 1024;
const CEILING_ATTACHMENTS: usize = 100;
const CEILING_MESSAGE_BYTES: u64 = 16 * 1024 * 1024;
/// argon2 accepts a secret of at most this many bytes.
const CEILING_PEPPER_BYTES: usize = 1024;

/// Size and count limits of one request.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub max_submission_bytes: u64,
    pub max_attachments: usize,
    pub max_message_bytes: u64,
    pub clean_budget_bytes: u64,
    pub max_concurrent_submissions: usize,
    pub max_upload_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_submission_bytes: DEFAULT_MAX_SUBMISSION_BYTES,
            max_attachments: DEFAULT_MAX_ATTACHMENTS,
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
            clean_budget_bytes: DEFAULT_CLEAN_BUDGET_BYTES,
            max_concurrent_submissions: DEFAULT_MAX_CONCURRENT_SUBMISSIONS,
            max_upload_seconds: DEFAULT_MAX_UPLOAD_SECONDS,
        }
    }
}

/// The global rate limits (token buckets; no per-client state, since clients are not known).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimits {
    pub submissions_per_minute: u32,
    pub submission_burst: u32,
    pub codename_checks_per_minute: u32,
    pub codename_burst: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            submissions_per_minute: DEFAULT_SUBMISSIONS_PER_MINUTE,
            submission_burst: DEFAULT_SUBMISSION_BURST,
            codename_checks_per_minute: DEFAULT_CODENAME_CHECKS_PER_MINUTE,
            codename_burst: DEFAULT_CODENAME_BURST,
        }
    }
}

/// What the file and the environment may set.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Layered {
    addr: Option<SocketAddr>,
    recipients_file: Option<PathBuf>,
    limits: Limits,
    rate: RateLimits,
    pepper: Option<SecretString>,
}

/// The whole configuration of a tip line.
#[derive(Debug, Clone)]
pub struct Config {
    /// The tips folder: everything the tip line stores.
    pub tips_dir: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The recipients file; `recipients.txt` in the tips folder unless set.
    pub recipients_file: PathBuf,
    pub limits: Limits,
    pub rate: RateLimits,
    /// Mixed into the codename derivation as argon2's secret; keep it off the data disk.
    pub pepper: Option<SecretString>,
}

impl Config {
    /// Defaults for a tips folder, with nothing read from file or environment (tests).
    pub fn defaults(tips_dir: &Path) -> Config {
        Config {
            tips_dir: tips_dir.to_path_buf(),
            addr: DEFAULT_ADDR.parse().expect("valid default address"),
            recipients_file: tips_dir.join(crate::keys::RECIPIENTS_FILE),
            limits: Limits::default(),
            rate: RateLimits::default(),
            pepper: None,
        }
    }

    /// Defaults, then `tipline.toml` in the tips folder (if present), then the environment.
    pub fn load(tips_dir: &Path) -> Result<Config> {
        let file = tips_dir.join(CONFIG_FILE);
        let layered: Layered = Figment::new()
            .merge(Toml::file(&file))
            .merge(Env::prefixed(ENV_PREFIX).split("__"))
            .extract()
            .map_err(|e| Error::Config(format!("{} or {ENV_PREFIX}*: {e}", file.display())))?;
        let mut c = Config::defaults(tips_dir);
        if let Some(a) = layered.addr {
            c.addr = a;
        }
        if let Some(r) = layered.recipients_file {
            c.recipients_file = r;
        }
        c.limits = layered.limits;
        c.rate = layered.rate;
        c.pepper = layered.pepper.filter(|p| !p.expose_secret().is_empty());
        c.validate()?;
        Ok(c)
    }

    /// Checks every value against its ceiling.
    pub fn validate(&self) -> Result<()> {
        let l = &self.limits;
        let bad = |m: String| Err(Error::Config(m));
        if l.max_submission_bytes == 0 || l.max_submission_bytes > CEILING_SUBMISSION_BYTES {
            return bad(format!("limits.max_submission_bytes must be 1..={CEILING_SUBMISSION_BYTES}"));
        }
        if l.max_attachments > CEILING_ATTACHMENTS {
            return bad(format!("limits.max_attachments must be at most {CEILING_ATTACHMENTS}"));
        }
        if l.max_message_bytes == 0 || l.max_message_bytes > CEILING_MESSAGE_BYTES {
            return bad(format!("limits.max_message_bytes must be 1..={CEILING_MESSAGE_BYTES}"));
        }
        if l.max_concurrent_submissions == 0 || l.max_concurrent_submissions > 10_000 {
            return bad("limits.max_concurrent_submissions must be 1..=10000".into());
        }
        if l.max_upload_seconds == 0 {
            return bad("limits.max_upload_seconds must be at least 1".into());
        }
        let r = &self.rate;
        if r.submissions_per_minute == 0 || r.submission_burst == 0 {
            return bad("rate.submissions_per_minute and rate.submission_burst must be at least 1".into());
        }
        if r.codename_checks_per_minute == 0 || r.codename_burst == 0 {
            return bad("rate.codename_checks_per_minute and rate.codename_burst must be at least 1".into());
        }
        if self.pepper.as_ref().is_some_and(|p| p.expose_secret().len() > CEILING_PEPPER_BYTES) {
            return bad(format!("pepper must be at most {CEILING_PEPPER_BYTES} bytes"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's own test helper returns its error type.
    fn file_then_environment_with_the_pepper_hidden() {
        figment::Jail::expect_with(|jail| {
            let dir = jail.directory().to_path_buf();
            jail.create_file(
                CONFIG_FILE,
                "addr = \"127.0.0.1:9000\"\n[limits]\nmax_attachments = 3\nmax_message_bytes = 1000\n",
            )?;
            jail.set_env("TALLY_TIPLINE_LIMITS__MAX_ATTACHMENTS", "4");
            jail.set_env("TALLY_TIPLINE_PEPPER", "very-secret-pepper");
            let c = Config::load(&dir).expect("loads");
            assert_eq!(c.addr.port(), 9000, "from the file");
            assert_eq!(c.limits.max_attachments, 4, "the environment wins over the file");
            assert_eq!(c.limits.max_message_bytes, 1000);
            assert_eq!(c.limits.max_submission_bytes, DEFAULT_MAX_SUBMISSION_BYTES, "default kept");
            assert_eq!(c.pepper.as_ref().unwrap().expose_secret(), "very-secret-pepper");
            assert!(!format!("{c:?}").contains("very-secret"), "Debug hides the pepper");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)]
    fn bad_values_are_refused_with_the_key_named() {
        figment::Jail::expect_with(|jail| {
            let dir = jail.directory().to_path_buf();
            jail.create_file(CONFIG_FILE, "[limits]\nmax_attachments = 1000\n")?;
            let e = Config::load(&dir).unwrap_err().to_string();
            assert!(e.contains("limits.max_attachments"), "{e}");
            jail.create_file(CONFIG_FILE, "[limits]\nmax_atachments = 1\n")?;
            let e = Config::load(&dir).unwrap_err().to_string();
            assert!(e.contains("max_atachments") && e.contains(CONFIG_FILE), "{e}");
            Ok(())
        });
    }
}
