//! Bytes from a file or a stream, never more than a limit.
//!
//! A file's size is checked from its metadata before anything is read, so a 200 MB file is
//! refused without reading it; the read itself is capped too, because a file can grow between
//! the check and the read and a stream (stdin) has no size to check. It does not interpret the
//! bytes.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use crate::problem::Problem;

/// The whole file, if it is a file and no larger than `limit` bytes. `too_big` builds the
/// problem for an oversized file from its size.
pub fn file(path: &Path, limit: u64, too_big: fn(u64) -> Problem) -> Result<Vec<u8>, Problem> {
    let meta = fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() {
            Problem::BrokenLink
        } else {
            e.into()
        }
    })?;
    if meta.is_dir() {
        return Err(Problem::Folder);
    }
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = File::open(path)?;
    let bytes = capped(file, limit)?;
    match bytes {
        Capped::Whole(bytes) => Ok(bytes),
        Capped::Over => Err(too_big(fs::metadata(path).map(|m| m.len()).unwrap_or(limit + 1))),
    }
}

/// All of a stream, if it ends within `limit` bytes.
pub fn stream(reader: impl Read, limit: u64) -> Result<Vec<u8>, Problem> {
    match capped(reader, limit)? {
        Capped::Whole(bytes) => Ok(bytes),
        Capped::Over => Err(Problem::TooBigStream),
    }
}

enum Capped {
    Whole(Vec<u8>),
    Over,
}

/// Reads at most `limit + 1` bytes: one byte past the limit is enough to know it is over.
fn capped(reader: impl Read, limit: u64) -> Result<Capped, Problem> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit { Ok(Capped::Over) } else { Ok(Capped::Whole(bytes)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_past_the_limit_is_refused() {
        assert_eq!(stream(&b"12345"[..], 5).unwrap(), b"12345");
        assert_eq!(stream(&b"123456"[..], 5).unwrap_err(), Problem::TooBigStream);
    }

    #[test]
    fn a_big_file_is_refused_from_its_size_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big.txt");
        // Sparse: the size is set without writing the bytes, so the test costs no disk.
        File::create(&path).unwrap().set_len(1_000).unwrap();
        let err = file(&path, 999, |bytes| Problem::TooBig { bytes }).unwrap_err();
        assert_eq!(err, Problem::TooBig { bytes: 1_000 });
        assert_eq!(file(&path, 1_000, |bytes| Problem::TooBig { bytes }).unwrap().len(), 1_000);
        assert_eq!(file(tmp.path(), 1_000, |bytes| Problem::TooBig { bytes }).unwrap_err(), Problem::Folder);
    }
}
