//! Sealing and opening: age encryption as the tip line uses it.
//!
//! [`SealedWriter`] encrypts as bytes arrive and writes only ciphertext, to a new private
//! file; the plaintext passes through in chunks and is never written anywhere. It does not
//! flush to disk or name files: the vault does that when a whole submission commits.
//! [`open_file`] reads a sealed file back with an analyst's or a source's identity, with an
//! explicit size limit so a damaged file cannot exhaust memory.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use age::x25519;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A file being written as age ciphertext.
pub struct SealedWriter {
    inner: age::stream::StreamWriter<BufWriter<File>>,
    path: PathBuf,
    plaintext_bytes: u64,
}

impl std::fmt::Debug for SealedWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedWriter").field("plaintext_bytes", &self.plaintext_bytes).finish()
    }
}

impl SealedWriter {
    /// Creates `path` (it must not exist), sealed to every recipient.
    pub fn create(path: &Path, recipients: &[x25519::Recipient]) -> Result<SealedWriter> {
        let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| Error::Seal(e.to_string()))?;
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        let inner = encryptor
            .wrap_output(BufWriter::with_capacity(64 * 1024, file))
            .map_err(|e| Error::io(path, e))?;
        Ok(SealedWriter { inner, path: path.to_path_buf(), plaintext_bytes: 0 })
    }

    /// Encrypts and writes the next piece of plaintext.
    pub fn write(&mut self, plaintext: &[u8]) -> Result<()> {
        self.inner.write_all(plaintext).map_err(|e| Error::io(&self.path, e))?;
        self.plaintext_bytes += plaintext.len() as u64;
        Ok(())
    }

    /// How much plaintext has gone through.
    pub fn plaintext_bytes(&self) -> u64 {
        self.plaintext_bytes
    }

    /// Writes the last chunk and closes the file. Without this the file would not decrypt.
    pub fn finish(self) -> Result<PathBuf> {
        let buffered = self.inner.finish().map_err(|e| Error::io(&self.path, e))?;
        buffered.into_inner().map_err(|e| Error::io(&self.path, e.into_error()))?;
        Ok(self.path)
    }
}

/// Seals a whole buffer into a new file.
pub fn seal_to_file(path: &Path, recipients: &[x25519::Recipient], plaintext: &[u8]) -> Result<PathBuf> {
    let mut w = SealedWriter::create(path, recipients)?;
    w.write(plaintext)?;
    w.finish()
}

/// Opens a sealed file with any of `identities`, reading at most `limit` bytes of plaintext.
pub fn open_file(path: &Path, identities: &[&dyn age::Identity], limit: u64) -> Result<Zeroizing<Vec<u8>>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let fail = |reason: String| Error::Open { path: path.to_path_buf(), reason };
    let decryptor = age::Decryptor::new_buffered(BufReader::new(file)).map_err(|e| fail(e.to_string()))?;
    let reader = decryptor.decrypt(identities.iter().copied()).map_err(|e| fail(e.to_string()))?;
    let mut out = Zeroizing::new(Vec::new());
    let read = reader.take(limit + 1).read_to_end(&mut out).map_err(|e| fail(e.to_string()))?;
    if read as u64 > limit {
        return Err(fail(format!("larger than the limit of {limit} bytes")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_files_open_only_with_a_recipient_identity() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (x25519::Identity::generate(), x25519::Identity::generate());
        let path = dir.path().join("m.age");
        let mut w = SealedWriter::create(&path, &[a.to_public()]).unwrap();
        for chunk in [&b"CANARY-"[..], b"in ", b"pieces"] {
            w.write(chunk).unwrap();
        }
        assert_eq!(w.plaintext_bytes(), 16);
        w.finish().unwrap();
        let raw = std::fs::read(&path).unwrap();
        assert!(raw.starts_with(b"age-encryption.org/v1\n"));
        assert!(!raw.windows(6).any(|w| w == b"CANARY"));
        assert_eq!(&open_file(&path, &[&a], 1024).unwrap()[..], b"CANARY-in pieces");
        assert!(matches!(open_file(&path, &[&b], 1024), Err(Error::Open { .. })));
        assert!(matches!(open_file(&path, &[&a], 4), Err(Error::Open { .. })), "limit enforced");
    }
}
