//! What the server derives from a codename, and the settings that make it repeatable.
//!
//! One argon2id run turns a codename into 64 bytes:
//!
//! * the first 32 are the **lookup tag**, stored in the conversation's folder so that a
//!   returning source finds their conversation;
//! * the last 32 are the secret of an **X25519 age identity**: replies to the source are
//!   sealed to its public half (stored beside the lookup tag) and opened with the secret half,
//!   which exists only while a request carrying the codename is being answered.
//!
//! The salt is random per installation (`codename-kdf.json` in the tips folder, mode 0600)
//! so that no table computed for one installation works on another; an optional pepper
//! (`pepper` in the configuration, e.g. `TALLY_TIPLINE_PEPPER`) is argon2's secret input, kept
//! off the data disk, so that a stolen tips folder without it cannot even test guesses.
//!
//! Why a stolen folder does not map codenames to tips: the folder holds only lookup tags and
//! reply public keys, both outputs of argon2id over a 90-bit random codename. Going backwards
//! means guessing codenames, 2^90 guesses at argon2id's cost each. Someone who already holds a
//! codename (seized from a source) can find that source's conversation — as the source can;
//! that is inherent in letting a source come back.
//!
//! The argon2 parameters are written next to the salt when the folder is created and read
//! from there afterwards, so changing the defaults in a later version never breaks lookups.
//! This module does no I/O beyond that settings file and runs no async code: callers run
//! [`CodenameKdf::derive`] in `spawn_blocking`.

use std::fmt;
use std::fs;
use std::path::Path;

use age::x25519;
use argon2::{Algorithm, Argon2, Params, Version};
use rand::TryRngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::codename::Codename;
use crate::error::{Error, Result};

/// argon2id memory cost for new installations, in KiB (19 MiB: OWASP's argon2id baseline).
pub const DEFAULT_M_KIB: u32 = 19 * 1024;
/// argon2id passes for new installations.
pub const DEFAULT_T: u32 = 2;
/// argon2id lanes for new installations.
pub const DEFAULT_P: u32 = 1;

/// The settings file's name inside the tips folder.
pub const SETTINGS_FILE: &str = "codename-kdf.json";

#[derive(Debug, Serialize, Deserialize)]
struct Settings {
    format: u32,
    /// Hex of 32 random bytes.
    salt: String,
    m_kib: u32,
    t: u32,
    p: u32,
}

/// The lookup tag of a conversation: the first half of argon2id(codename).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct LookupTag([u8; 32]);

impl LookupTag {
    /// Reads a tag from its 64 hex digits.
    pub fn from_hex(s: &str) -> Option<LookupTag> {
        let bytes = hex::decode(s.trim()).ok()?;
        Some(LookupTag(bytes.try_into().ok()?))
    }

    /// The tag as 64 hex digits (the form stored on disk).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for LookupTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not secret, but there is no reason to put it in any output.
        f.write_str("LookupTag(..)")
    }
}

/// The age identity that opens replies to one source; it exists only in memory.
pub struct ReplyIdentity(x25519::Identity);

impl ReplyIdentity {
    /// The public half, to which replies are sealed.
    pub fn recipient(&self) -> x25519::Recipient {
        self.0.to_public()
    }

    /// The identity, to open replies with.
    pub fn identity(&self) -> &x25519::Identity {
        &self.0
    }
}

impl fmt::Debug for ReplyIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReplyIdentity([hidden])")
    }
}

/// What one codename yields.
#[derive(Debug)]
pub struct Derived {
    pub lookup: LookupTag,
    pub reply: ReplyIdentity,
}

/// The installation's codename key derivation: salt, argon2 parameters and optional pepper.
#[derive(Clone)]
pub struct CodenameKdf {
    salt: [u8; 32],
    params: Params,
    pepper: Option<SecretString>,
}

impl fmt::Debug for CodenameKdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodenameKdf")
            .field("m_kib", &self.params.m_cost())
            .field("t", &self.params.t_cost())
            .field("p", &self.params.p_cost())
            .field("pepper", &self.pepper.as_ref().map(|_| "[hidden]"))
            .finish_non_exhaustive()
    }
}

impl CodenameKdf {
    /// Reads the settings file in `dir`, creating it with a fresh salt and the default
    /// parameters when `create` is true and it does not exist yet.
    pub fn load(dir: &Path, pepper: Option<SecretString>, create: bool) -> Result<CodenameKdf> {
        let path = dir.join(SETTINGS_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
                Self::create_settings(&path)?;
                fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let bad = |reason: String| Error::Kdf { path: path.clone(), reason };
        let s: Settings = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if s.format != 1 {
            return Err(bad(format!("unknown format {}", s.format)));
        }
        let salt: [u8; 32] = hex::decode(&s.salt)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| bad("salt is not 64 hex digits".into()))?;
        let params = Params::new(s.m_kib, s.t, s.p, Some(64)).map_err(|e| bad(e.to_string()))?;
        Ok(CodenameKdf { salt, params, pepper })
    }

    fn create_settings(path: &Path) -> Result<()> {
        let mut salt = [0u8; 32];
        OsRng.try_fill_bytes(&mut salt).map_err(|e| Error::Kdf {
            path: path.to_path_buf(),
            reason: format!("no randomness from the operating system: {e}"),
        })?;
        let s =
            Settings { format: 1, salt: hex::encode(salt), m_kib: DEFAULT_M_KIB, t: DEFAULT_T, p: DEFAULT_P };
        let text = serde_json::to_string_pretty(&s).expect("settings serialise");
        crate::fsutil::write_new_private(path, text.as_bytes())
    }

    /// Runs argon2id over the codename. Slow on purpose (tens of milliseconds): call it from
    /// `spawn_blocking`, and for a wrong codename exactly as for a right one.
    pub fn derive(&self, codename: &Codename) -> Derived {
        let pepper = self.pepper.as_ref().map(|p| p.expose_secret().as_bytes()).unwrap_or(&[]);
        let argon = if pepper.is_empty() {
            Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
        } else {
            Argon2::new_with_secret(pepper, Algorithm::Argon2id, Version::V0x13, self.params.clone())
                .expect("a pepper within argon2's secret length limit is checked at configuration")
        };
        let mut out = Zeroizing::new([0u8; 64]);
        argon
            .hash_password_into(codename.expose().as_bytes(), &self.salt, out.as_mut())
            .expect("parameters and salt were validated when the settings were loaded");
        let mut lookup = [0u8; 32];
        lookup.copy_from_slice(&out[..32]);
        let mut secret = Zeroizing::new([0u8; 32]);
        secret.copy_from_slice(&out[32..]);
        Derived { lookup: LookupTag(lookup), reply: ReplyIdentity(identity_from_secret(&secret)) }
    }
}

/// bech32 without BIP-173's 90-character limit, as age itself encodes keys.
enum Bech32Long {}
impl bech32::Checksum for Bech32Long {
    type MidstateRepr = u32;
    const CODE_LENGTH: usize = usize::MAX;
    const CHECKSUM_LENGTH: usize = bech32::Bech32::CHECKSUM_LENGTH;
    const GENERATOR_SH: [u32; 5] = bech32::Bech32::GENERATOR_SH;
    const TARGET_RESIDUE: u32 = bech32::Bech32::TARGET_RESIDUE;
}

/// Builds an age X25519 identity from 32 secret bytes. The age crate builds identities only
/// from their `AGE-SECRET-KEY-1…` text, so the bytes go through that text (zeroised after).
fn identity_from_secret(secret: &[u8; 32]) -> x25519::Identity {
    let hrp = bech32::Hrp::parse("age-secret-key-").expect("a valid human-readable part");
    let text = Zeroizing::new(
        bech32::encode_upper::<Bech32Long>(hrp, secret).expect("no length limit for this checksum"),
    );
    text.parse().expect("32 bytes always make a valid X25519 identity")
}

/// The text of an age identity file, as `age-keygen` writes it (`tally tips keygen`).
pub(crate) fn identity_file_text(id: &x25519::Identity, created_day: &str) -> Zeroizing<String> {
    // Reserved up front so the key text is never copied into a reallocated, unwiped buffer.
    let mut s = Zeroizing::new(String::with_capacity(512));
    s.push_str("# created: ");
    s.push_str(created_day);
    s.push_str("\n# public key: ");
    s.push_str(&id.to_public().to_string());
    s.push('\n');
    s.push_str(id.to_string().expose_secret());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kdf(dir: &Path) -> CodenameKdf {
        CodenameKdf::load(dir, None, true).unwrap()
    }

    #[test]
    fn the_same_codename_derives_the_same_keys_and_others_differ() {
        let dir = tempfile::tempdir().unwrap();
        let k = kdf(dir.path());
        let c = Codename::generate();
        let a = k.derive(&c);
        let b = kdf(dir.path()).derive(&Codename::parse(c.expose()).unwrap());
        assert_eq!(a.lookup, b.lookup);
        assert_eq!(a.reply.recipient().to_string(), b.reply.recipient().to_string());
        let other = k.derive(&Codename::generate());
        assert_ne!(a.lookup, other.lookup);
        assert_ne!(a.reply.recipient().to_string(), other.reply.recipient().to_string());
    }

    #[test]
    fn another_installation_or_pepper_derives_other_keys() {
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let c = Codename::generate();
        let a = kdf(d1.path()).derive(&c);
        assert_ne!(a.lookup, kdf(d2.path()).derive(&c).lookup, "per-install salt");
        let peppered = CodenameKdf::load(d1.path(), Some(SecretString::from("p3pp3r")), false).unwrap();
        assert_ne!(a.lookup, peppered.derive(&c).lookup, "the pepper is an input");
    }

    #[test]
    fn the_settings_file_is_private_and_reports_damage_by_name() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        kdf(dir.path());
        let path = dir.path().join(SETTINGS_FILE);
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        fs::write(&path, "{ not json").unwrap();
        let err = CodenameKdf::load(dir.path(), None, true).unwrap_err().to_string();
        assert!(err.contains(SETTINGS_FILE), "{err}");
    }

    #[test]
    fn derived_identity_round_trips_through_age() {
        let dir = tempfile::tempdir().unwrap();
        let d = kdf(dir.path()).derive(&Codename::generate());
        let text = identity_file_text(d.reply.identity(), "2026-01-01");
        assert!(text.contains(&d.reply.recipient().to_string()));
        assert!(text.contains("AGE-SECRET-KEY-1"));
        assert!(!format!("{d:?}").contains("AGE-SECRET"));
    }
}
