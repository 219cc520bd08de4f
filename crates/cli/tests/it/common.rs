//! Running the real `tally` binary on a temporary data folder, and fixtures written for
//! these tests (never corpus text).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "tally failed:\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
    }
}

/// A temporary folder holding a data folder and input files.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    /// Writes `bytes` to `rel` under the temporary folder and returns the full path.
    pub fn file(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
    pub fn tally(&self, args: &[&str]) -> Run {
        self.tally_stdin(args, None)
    }
    pub fn tally_stdin(&self, args: &[&str], stdin: Option<&str>) -> Run {
        run(&self.data(), args, stdin)
    }
}

pub fn run(data: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tally"));
    cmd.arg("--data").arg(data).args(args).env_remove("TALLY_DATA").env("TALLY_LOG", "warn");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        // A command that fails before reading its input (a bad argument) may exit before the
        // input is written: the closed pipe is then no failure of the test, whose assertions
        // are on the exit code and the output.
        match child.stdin.take().unwrap().write_all(input.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            written => written.unwrap(),
        }
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The development corpus, or `None` (after saying so) when it is absent outside CI.
pub fn dev_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    if p.is_dir() {
        return Some(p);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "the dev corpus is missing at {}", p.display());
    eprintln!("skipping: no dev corpus at {}", p.display());
    None
}

pub const EN_RUSSIA: &str = "North Korea will send about 300 workers to Russia in November, a source said.\n\n\
    The workers are to build apartments near Vladivostok.\n";
pub const EN_QATAR: &str = "Construction workers from North Korea were seen in Qatar last year.\n";
pub const KO_RUSSIA: &str = "북한이 러시아로 노동자 300여 명을 파견할 예정이라고 소식통이 전했다.\n\n\
    노동자들은 연해주 건설 현장에 투입된다.\n";
pub const HTML_PAGE: &str = "<!doctype html><html><head><title>Workers sent to Amur</title></head><body>\
    <nav><a href=\"/\">Home</a></nav><article><h1>Workers sent to Amur</h1>\
    <p>Fifty North Korean workers arrived in the Amur region in March to work on a timber site.</p>\
    <p>They will stay for two years, the local authorities said.</p></article></body></html>";
