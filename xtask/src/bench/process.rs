//! Whole-process measurements: wall time, CPU time and peak resident memory of one child.
//!
//! The child is reaped with `wait4(2)`, whose `rusage` belongs to that child alone (its
//! `ru_maxrss` is the child's own peak, in KiB on Linux), so measurements of consecutive
//! runs do not leak into each other as `getrusage(RUSAGE_CHILDREN)`'s running maximum
//! would. It does not interpret what the child printed; callers read its output files.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// What one process cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    pub wall_s: f64,
    pub cpu_s: f64,
    pub peak_rss_mb: f64,
}

/// Runs `cmd` with stdout and stderr sent to `log` (stdout) and `log.err`, waits for it
/// and returns its cost. A non-zero exit is an error naming the log.
pub fn measure(cmd: &mut Command, log: &Path) -> Result<Cost> {
    let out = std::fs::File::create(log).with_context(|| format!("{}: cannot create", log.display()))?;
    let err_path = log.with_extension("err");
    let err =
        std::fs::File::create(&err_path).with_context(|| format!("{}: cannot create", err_path.display()))?;
    cmd.stdin(Stdio::null()).stdout(Stdio::from(out)).stderr(Stdio::from(err));
    let start = Instant::now();
    let child = cmd.spawn().with_context(|| format!("cannot start {cmd:?}"))?;
    let pid = libc::pid_t::try_from(child.id()).context("a process id out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data that wait4 fills in; a zeroed value is a valid start.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (the `Child` handle never waits), and
    // both out-pointers point at live locals of the right types.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall_s = start.elapsed().as_secs_f64();
    if r != pid {
        bail!("waiting for {cmd:?}: {}", std::io::Error::last_os_error());
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        bail!("{cmd:?} failed (status {status}); see {} and {}", log.display(), err_path.display());
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Cost {
        wall_s,
        cpu_s: secs(usage.ru_utime) + secs(usage.ru_stime),
        peak_rss_mb: usage.ru_maxrss as f64 * 1024.0 / 1e6,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_s_own_peak_memory_and_failure_are_seen() {
        let dir = std::env::temp_dir().join(format!("xtask-measure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("sh.log");
        // A shell that holds 64 MB in a variable peaks well above a bare shell.
        let big = measure(
            Command::new("sh").args(["-c", "x=$(head -c 64000000 /dev/zero | tr '\\0' a); echo ${#x}"]),
            &log,
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap().trim(), "64000000");
        let small = measure(Command::new("sh").args(["-c", "true"]), &log).unwrap();
        assert!(big.peak_rss_mb > 60.0 && small.peak_rss_mb < 20.0, "{big:?} {small:?}");
        assert!(measure(Command::new("sh").args(["-c", "exit 3"]), &log).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
