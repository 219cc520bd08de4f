//! Analysts' keys: generating an identity, and the team's recipients file.
//!
//! The recipients file (`recipients.txt` in the tips folder) uses the format of `age -R`:
//! one `age1…` X25519 recipient a line, `#` comments and blank lines allowed, so an analyst
//! can seal a file to the team with the standard tool too. It holds public keys only; the
//! tip line needs nothing secret to seal tips. The server reads it for every submission,
//! so adding or removing a recipient takes effect without a restart.
//!
//! This module does not hold identities (secret keys) anywhere but in the file the analyst
//! asked for, and does not seal or open anything (that is `seal`).

use std::fs;
use std::path::{Path, PathBuf};

use age::x25519;

use crate::error::{Error, Result};
use crate::fsutil;

/// The recipients file's name inside the tips folder.
pub const RECIPIENTS_FILE: &str = "recipients.txt";

/// At most this many recipients (every tip carries one header stanza per recipient).
pub const MAX_RECIPIENTS: usize = 64;

/// Parses one X25519 recipient, naming where it came from in the error.
pub fn parse_recipient(origin: &str, text: &str) -> Result<x25519::Recipient> {
    text.trim()
        .parse::<x25519::Recipient>()
        .map_err(|reason| Error::BadRecipient { origin: origin.to_string(), reason: reason.to_string() })
}

/// The team's recipients file.
#[derive(Debug, Clone)]
pub struct RecipientsFile {
    path: PathBuf,
}

impl RecipientsFile {
    /// The recipients file inside the tips folder `dir`.
    pub fn in_dir(dir: &Path) -> RecipientsFile {
        RecipientsFile { path: dir.join(RECIPIENTS_FILE) }
    }

    /// A recipients file at an explicit path (`recipients_file` in the configuration).
    pub fn at(path: PathBuf) -> RecipientsFile {
        RecipientsFile { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The recipients as written, in file order. A missing file is an empty list.
    pub fn list(&self) -> Result<Vec<x25519::Recipient>> {
        let text = match fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&self.path, e)),
        };
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            out.push(parse_recipient(&format!("{}: line {}", self.path.display(), i + 1), line)?);
        }
        Ok(out)
    }

    /// The recipients to seal to; an error when there are none.
    pub fn load(&self) -> Result<Vec<x25519::Recipient>> {
        let list = self.list()?;
        if list.is_empty() {
            return Err(Error::NoRecipients { path: self.path.clone() });
        }
        Ok(list)
    }

    /// Adds a recipient (validated) unless it is already there. Returns whether it was new.
    pub fn add(&self, text: &str) -> Result<bool> {
        let r = parse_recipient("recipient", text)?;
        let mut list = self.list()?;
        if list.iter().any(|x| x.to_string() == r.to_string()) {
            return Ok(false);
        }
        if list.len() >= MAX_RECIPIENTS {
            return Err(Error::Config(format!("at most {MAX_RECIPIENTS} recipients")));
        }
        list.push(r);
        self.write(&list)?;
        Ok(true)
    }

    /// Removes a recipient. Returns whether it was there.
    pub fn remove(&self, text: &str) -> Result<bool> {
        let r = parse_recipient("recipient", text)?;
        let mut list = self.list()?;
        let before = list.len();
        list.retain(|x| x.to_string() != r.to_string());
        if list.len() == before {
            return Ok(false);
        }
        self.write(&list)?;
        Ok(true)
    }

    fn write(&self, list: &[x25519::Recipient]) -> Result<()> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fsutil::create_private_dir(dir)?;
        }
        let mut text = String::from(
            "# The tip line seals every tip to each of these age X25519 recipients.\n\
             # Manage with `tally tips recipients add|remove|list`; usable as `age -R recipients.txt`.\n",
        );
        for r in list {
            text.push_str(&r.to_string());
            text.push('\n');
        }
        fsutil::replace_atomically(&self.path, text.as_bytes())
    }
}

/// Writes a new identity to `out` (mode 0600, never overwriting) and returns its recipient.
pub fn keygen(out: &Path) -> Result<x25519::Recipient> {
    let id = x25519::Identity::generate();
    let text = crate::kdf::identity_file_text(&id, &fsutil::today());
    fsutil::write_new_private(out, text.as_bytes())?;
    Ok(id.to_public())
}

/// Reads an age identity file (as `age-keygen` or `tally tips keygen` writes it).
pub fn load_identities(path: &Path) -> Result<Vec<Box<dyn age::Identity + Send + Sync>>> {
    let bad = |reason: String| Error::BadIdentity { path: path.to_path_buf(), reason };
    let file =
        age::IdentityFile::from_file(path.to_string_lossy().into_owned()).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => Error::io(path, e),
            _ => bad(e.to_string()),
        })?;
    let ids = file.into_identities().map_err(|e| bad(e.to_string()))?;
    if ids.is_empty() {
        return Err(bad("it holds no identity".into()));
    }
    Ok(ids)
}

/// An analyst's identities, loaded from an identity file.
pub struct Identities(Vec<Box<dyn age::Identity + Send + Sync>>);

impl std::fmt::Debug for Identities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Identities([{} hidden])", self.0.len())
    }
}

impl Identities {
    /// Reads an identity file (see [`load_identities`]).
    pub fn load(path: &Path) -> Result<Identities> {
        load_identities(path).map(Identities)
    }

    /// The identities as the opening functions take them.
    pub fn refs(&self) -> Vec<&dyn age::Identity> {
        self.0.iter().map(|b| b.as_ref() as &dyn age::Identity).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn keygen_writes_a_private_identity_that_matches_its_recipient() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("analyst.key");
        let r = keygen(&out).unwrap();
        assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
        let text = fs::read_to_string(&out).unwrap();
        assert!(text.contains(&format!("# public key: {r}")));
        assert_eq!(load_identities(&out).unwrap().len(), 1);
        assert!(matches!(keygen(&out), Err(Error::Exists { .. })), "never overwrites a key");
    }

    #[test]
    fn recipients_are_validated_added_once_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let f = RecipientsFile::in_dir(dir.path());
        assert!(matches!(f.load(), Err(Error::NoRecipients { .. })));
        let a = x25519::Identity::generate().to_public().to_string();
        let b = x25519::Identity::generate().to_public().to_string();
        assert!(f.add(&a).unwrap());
        assert!(!f.add(&format!("  {a}\n")).unwrap());
        assert!(f.add(&b).unwrap());
        assert_eq!(f.load().unwrap().len(), 2);
        assert!(f.remove(&a).unwrap());
        assert!(!f.remove(&a).unwrap());
        let left: Vec<String> = f.list().unwrap().iter().map(|r| r.to_string()).collect();
        assert_eq!(left, vec![b]);
        let err = f.add("age1notakey").unwrap_err().to_string();
        assert!(err.contains("not an age X25519 recipient"), "{err}");
    }

    #[test]
    fn a_bad_line_in_the_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(RECIPIENTS_FILE), "# team\n\nAGE1BROKEN\n").unwrap();
        let err = RecipientsFile::in_dir(dir.path()).load().unwrap_err().to_string();
        assert!(err.contains("recipients.txt: line 3"), "{err}");
    }

    #[test]
    fn an_identity_file_that_is_not_one_is_rejected_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        fs::write(&p, "hello\n").unwrap();
        let err = load_identities(&p).err().expect("rejected").to_string();
        assert!(err.contains("not an age identity file"), "{err}");
    }
}
