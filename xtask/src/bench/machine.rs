//! The machine a benchmark ran on, and the commit it measured: read from `/proc` and git
//! so that every results section says where its numbers come from.

use std::process::Command;

/// Where and when.
#[derive(Debug, Clone)]
pub struct Machine {
    pub date: String,
    pub commit: String,
    pub cores: usize,
    pub cpu: String,
    pub memory_gb: f64,
    pub load: String,
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The load averages now (1, 5, 15 minutes): other work on a shared machine shows here.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

pub fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or_else(|| "unknown".to_owned(), |s| s.trim().to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kib: f64 = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    Machine {
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        commit: if dirty { format!("{commit} (with uncommitted changes)") } else { commit },
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu,
        memory_gb: kib * 1024.0 / 1e9,
        load: load(),
    }
}
