//! `tally demo`: the bundled sample corpus, served. It recreates a demo data folder
//! (`./tally-demo-data`, or `--data`), ingests the sample reports into it with `tally
//! ingest`'s own code, creates an admin account `demo` with a random password printed once,
//! and serves the UI (`--addr`, default 127.0.0.1:8080).
//!
//! Where the samples come from: `--samples DIR`, else `$TALLY_SAMPLES`, else `samples/` in
//! the current folder (so `cargo run --release -- demo` works from the repository root),
//! else `samples/` beside the executable or two folders up from it (the repository, for a
//! binary under `target/release/`). They are read at run time rather than compiled in, so
//! the sample set can grow without rebuilding and the binary stays small.
//!
//! It never deletes a folder it did not make: an existing data folder is recreated only
//! when it carries the demo's marker file (or is empty).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args as _, FromArgMatches as _};
use tally_store::SqliteStore;
use tally_store::accounts::Role;

use super::Ctx;

/// The demo's data folder when `--data` is not given.
pub const DEMO_DATA: &str = "tally-demo-data";
/// The file that marks a folder as made by `tally demo` (and so safe to recreate).
const MARKER: &str = ".tally-demo";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The sample corpus (folders with text.txt and meta.json).
    #[arg(long, value_name = "DIR", env = "TALLY_SAMPLES")]
    samples: Option<PathBuf>,
    /// Load and create the account, then exit instead of serving.
    #[arg(long, hide = true)]
    no_serve: bool,
}

/// Where the sample corpus is, in the order the module documentation gives.
fn find_samples(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        if p.is_dir() {
            return Ok(p);
        }
        bail!("{}: no such folder of sample reports", p.display());
    }
    let mut tried = vec![PathBuf::from("samples")];
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        tried.push(dir.join("samples"));
        if let Some(repo) = dir.parent().and_then(Path::parent) {
            tried.push(repo.join("samples"));
        }
    }
    for t in &tried {
        if t.is_dir() {
            return Ok(t.clone());
        }
    }
    let list: Vec<String> = tried.iter().map(|t| t.display().to_string()).collect();
    bail!("no sample corpus found (looked in {}); give one with --samples DIR", list.join(", "))
}

/// Whether `--data` was given on the command line or through $TALLY_DATA.
fn data_given() -> bool {
    std::env::var_os("TALLY_DATA").is_some()
        || std::env::args().any(|a| a == "--data" || a.starts_with("--data="))
}

/// Empties and recreates the demo folder, refusing folders it did not make.
fn recreate(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let empty =
            std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?.next().is_none();
        if !empty && !dir.join(MARKER).exists() {
            bail!(
                "{} exists and was not made by `tally demo`; remove it or give another folder with --data",
                dir.display()
            );
        }
        std::fs::remove_dir_all(dir)
            .with_context(|| format!("removing the old demo folder {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(dir.join(MARKER), "made by `tally demo`; recreated on every run\n")
        .with_context(|| format!("writing {}", dir.join(MARKER).display()))?;
    Ok(())
}

/// A password of 20 random letters and digits in groups of five, easy to type.
fn demo_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    // 32 random bytes, as hex; each pair of digits picks a character.
    let token = tally_web::auth::random_token();
    let chars: Vec<char> = token
        .as_bytes()
        .chunks(2)
        .take(20)
        .map(|pair| {
            let b = std::str::from_utf8(pair).ok().and_then(|s| u8::from_str_radix(s, 16).ok()).unwrap_or(0);
            ALPHABET[b as usize % ALPHABET.len()] as char
        })
        .collect();
    chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let data = if data_given() { ctx.data.clone() } else { PathBuf::from(DEMO_DATA) };
    let samples = find_samples(args.samples)?;
    recreate(&data)?;
    let demo = Ctx { data: data.clone() };

    // `tally ingest SAMPLES`, with its own argument parsing and code.
    let cmd = super::ingest::Args::augment_args(clap::Command::new("ingest"));
    let matches = cmd
        .try_get_matches_from([std::ffi::OsString::from("ingest"), samples.clone().into_os_string()])
        .context("preparing the ingest of the samples")?;
    let ingest_args = super::ingest::Args::from_arg_matches(&matches).context("preparing the ingest")?;
    println!("tally demo: loading the sample reports from {} into {}", samples.display(), data.display());
    let code = super::ingest::run(&demo, ingest_args)?;
    if code != ExitCode::SUCCESS {
        eprintln!("tally demo: some sample reports were skipped (see above); serving the rest");
    }

    let password = demo_password();
    let hash = tally_web::hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut store = SqliteStore::open_dir(&data).with_context(|| format!("opening {}", data.display()))?;
    tally_web::auth::add_user(&mut store, "tally demo", "demo", Role::Admin, &hash)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    drop(store);
    if args.no_serve {
        println!("tally demo: account demo, password {password}");
        return Ok(ExitCode::SUCCESS);
    }
    tally_web::auth::check_password_policy(&password).map_err(|m| anyhow::anyhow!(m))?;
    let config = tally_web::Config::for_data(&data);
    super::web::run_server(config, args.addr, |a| {
        println!();
        println!("  tally demo is serving on http://{a}/");
        println!("  sign in as: demo");
        println!("  password:   {password}   (shown only now; the data folder is recreated on every run)");
        println!();
        println!("  Ctrl-C stops it.");
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_passwords_meet_the_policy_and_differ() {
        let (a, b) = (demo_password(), demo_password());
        assert_eq!(a.len(), 23);
        assert_ne!(a, b);
        assert!(tally_web::auth::check_password_policy(&a).is_ok());
    }

    #[test]
    fn a_folder_not_made_by_the_demo_is_never_removed() {
        let d = tempfile::tempdir().unwrap();
        let precious = d.path().join("mine");
        std::fs::create_dir(&precious).unwrap();
        std::fs::write(precious.join("notes.txt"), "keep").unwrap();
        assert!(recreate(&precious).is_err());
        assert!(precious.join("notes.txt").exists());
        let demo = d.path().join("demo");
        recreate(&demo).unwrap();
        std::fs::write(demo.join("old"), "x").unwrap();
        recreate(&demo).unwrap();
        assert!(!demo.join("old").exists() && demo.join(MARKER).exists());
    }
}
