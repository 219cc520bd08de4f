//! Small file-system helpers with the tip line's rules built in: new files are private
//! (mode 0600) and never overwrite, replacements are atomic (temporary name, then rename),
//! and times are rounded to the day so the folder does not date a submission more precisely
//! than the day it came. This module does not know the tips layout (that is `vault`).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{NaiveDate, Utc};

use crate::error::{Error, Result};

/// Today in UTC as `YYYY-MM-DD`: the only time the tip line records.
pub fn today() -> String {
    Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

/// Midnight UTC of a `YYYY-MM-DD` day, or the epoch for anything else.
pub fn day_start(day: &str) -> SystemTime {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| u64::try_from(t.and_utc().timestamp()).ok())
        .map(|s| UNIX_EPOCH + Duration::from_secs(s))
        .unwrap_or(UNIX_EPOCH)
}

/// Sets a file's or folder's access and modification times to midnight of `day`.
/// (The inode change time cannot be set from user space; THREAT_MODEL.md says so.)
pub fn set_day_times(path: &Path, day: &str) -> Result<()> {
    let t = day_start(day);
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    f.set_times(fs::FileTimes::new().set_accessed(t).set_modified(t)).map_err(|e| Error::io(path, e))
}

/// Creates `path` (which must not exist) with mode 0600, writes `bytes`, flushes to disk.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f =
        OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(|e| {
            match e.kind() {
                std::io::ErrorKind::AlreadyExists => Error::Exists { path: path.to_path_buf() },
                _ => Error::io(path, e),
            }
        })?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| Error::io(path, e))
}

/// Replaces `path` with `bytes` atomically: a private temporary file beside it, flushed,
/// then renamed over it. A crash leaves either the old or the new content, never half.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    write_new_private(&tmp, bytes)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })?;
    sync_dir(dir)
}

/// Flushes a folder's entries (after a rename into it) to disk.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(dir, e))
}

/// Creates a folder (and its parents) readable only by the owner.
pub fn create_private_dir(path: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn day_start_is_midnight_utc() {
        let t = day_start("2026-11-29").duration_since(UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(t % 86_400, 0);
        assert_eq!(t, 1_795_910_400);
        assert_eq!(day_start("yesterday"), UNIX_EPOCH);
    }

    #[test]
    fn new_files_are_private_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        write_new_private(&p, b"one").unwrap();
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(matches!(write_new_private(&p, b"two"), Err(Error::Exists { .. })));
        replace_atomically(&p, b"three").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"three");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary left behind");
    }

    #[test]
    fn times_are_set_to_the_day() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        write_new_private(&p, b"x").unwrap();
        set_day_times(&p, "2026-11-29").unwrap();
        assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), day_start("2026-11-29"));
    }
}
