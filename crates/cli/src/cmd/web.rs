//! `tally serve` (the analyst web UI and JSON API), `tally user` (accounts and API tokens)
//! and `tally audit` (verify and list the hash-chained audit log).
//!
//! The server itself is `tally-web`; this module opens the data folder, binds the address,
//! reads passwords without echo (or from standard input when it is not a terminal), and
//! prints. Creating an account or a token is written to the audit log as done by the
//! operating-system user ($TALLY_USER, else $USER).

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use tally_store::accounts::{Role, UserName, token_digest};
use tally_store::audit::{NewAuditEntry, Verdict};
use tally_store::{AccountStore, AuditLog, SqliteStore};
use tally_web::{AppState, Config};

use super::Ctx;

fn open(ctx: &Ctx) -> anyhow::Result<SqliteStore> {
    SqliteStore::open_dir(&ctx.data)
        .with_context(|| format!("opening the data folder {}", ctx.data.display()))
}

/// Who does a CLI action, for the audit log: $TALLY_USER, else $USER.
pub fn cli_actor() -> String {
    std::env::var("TALLY_USER")
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

// ------------------------------------------------------------------ tally serve

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Mark cookies Secure: tally is reached over TLS through a proxy in front of it.
    #[arg(long)]
    behind_tls: bool,
    /// The tip line's folder, whose metadata the tips page lists (default DATA/tips).
    #[arg(long, value_name = "DIR")]
    tips_data: Option<PathBuf>,
}

/// Serves the UI on `addr` until Ctrl-C; `ready` is told the address once listening.
pub fn run_server(config: Config, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    let data = config.data.clone();
    let state = AppState::open(config)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("opening the data folder {}", data.display()))?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        ready(listener.local_addr().unwrap_or(addr));
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        tally_web::serve(listener, state, shutdown).await.context("serving")
    })
}

pub fn serve(ctx: &Ctx, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = open(ctx)?;
    if store.users().context("reading accounts")?.is_empty() {
        eprintln!("tally: there are no accounts yet; create one with `tally user add NAME --role admin`");
    }
    drop(store);
    let mut config = Config::for_data(&ctx.data);
    config.secure_cookies = args.behind_tls;
    if let Some(t) = args.tips_data {
        config.tips_dir = t;
    }
    run_server(config, args.addr, |a| {
        println!("tally: serving {} on http://{a}/ (Ctrl-C stops)", ctx.data.display());
    })?;
    Ok(ExitCode::SUCCESS)
}

// ------------------------------------------------------------------ tally user

#[derive(Debug, clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    action: UserAction,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("{s:?} is not a role; use admin, analyst or viewer"))
}

#[derive(Debug, clap::Subcommand)]
enum UserAction {
    /// Create an account. The password is asked twice on a terminal, or read (one line)
    /// from standard input.
    Add {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List the accounts.
    List {
        /// JSON Lines, one account a line.
        #[arg(long)]
        json: bool,
    },
    /// Print a new API token for an account (sent as `Authorization: Bearer TOKEN`).
    Token {
        name: String,
        /// What the token is for.
        #[arg(long, default_value = "api")]
        label: String,
    },
    /// Set a new password for an account (and end its sessions).
    Passwd { name: String },
}

/// A new password: twice without echo on a terminal, else one line of standard input.
fn read_new_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password("New password: ").context("reading the password")?;
        let b = rpassword::prompt_password("The same password again: ").context("reading the password")?;
        if a != b {
            bail!("the two passwords differ; nothing was changed");
        }
        a
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    tally_web::auth::check_password_policy(&password).map_err(|m| anyhow::anyhow!(m))?;
    Ok(password)
}

pub fn user(ctx: &Ctx, args: UserArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        UserAction::Add { name, role } => {
            UserName::parse(&name).map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut store = open(ctx)?;
            if store.user_credentials(&name)?.is_some() {
                bail!("an account named {name} already exists");
            }
            let password = read_new_password()?;
            let hash = tally_web::hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
            let user = tally_web::auth::add_user(&mut store, &cli_actor(), &name, role, &hash)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("added {} ({})", user.name, user.role);
        }
        UserAction::List { json } => {
            let store = open(ctx)?;
            let mut out = std::io::stdout().lock();
            for u in store.users()? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&u)?)?;
                } else {
                    writeln!(
                        out,
                        "{}  {}  created {}{}",
                        u.name,
                        u.role,
                        u.created_at,
                        if u.disabled { "  (disabled)" } else { "" }
                    )?;
                }
            }
        }
        UserAction::Token { name, label } => {
            let mut store = open(ctx)?;
            let (user, _) =
                store.user_credentials(&name)?.with_context(|| format!("there is no account {name}"))?;
            let token = tally_web::auth::random_token();
            store.add_api_token(user.id, &token_digest(&token), &label)?;
            store.append_audit(&NewAuditEntry {
                actor: &cli_actor(),
                action: "user.token",
                target: &format!("user:{}", user.name),
                detail: serde_json::json!({"label": label}),
            })?;
            // The token itself is shown once and kept nowhere but here.
            println!("{token}");
        }
        UserAction::Passwd { name } => {
            let name = UserName::parse(&name).map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut store = open(ctx)?;
            if store.user_credentials(name.as_str())?.is_none() {
                bail!("there is no account {name}");
            }
            let password = read_new_password()?;
            let hash = tally_web::hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
            store.set_password(&name, &hash)?;
            store.append_audit(&NewAuditEntry {
                actor: &cli_actor(),
                action: "user.password",
                target: &format!("user:{name}"),
                detail: serde_json::json!({}),
            })?;
            println!("new password set for {name}; its sessions have ended");
        }
    }
    Ok(ExitCode::SUCCESS)
}

// ------------------------------------------------------------------ tally audit

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    action: AuditAction,
}

#[derive(Debug, clap::Subcommand)]
enum AuditAction {
    /// Recompute the hash chain; exit non-zero naming the first bad entry.
    Verify,
    /// The newest entries.
    List {
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// JSON Lines, one entry a line.
        #[arg(long)]
        json: bool,
    },
}

pub fn audit(ctx: &Ctx, args: AuditArgs) -> anyhow::Result<ExitCode> {
    let store = open(ctx)?;
    match args.action {
        AuditAction::Verify => match store.verify_audit().context("reading the audit log")? {
            Verdict::Intact { entries, head } => {
                println!("the audit log is intact: {entries} entries, head {head}");
                Ok(ExitCode::SUCCESS)
            }
            Verdict::Broken { seq, problem } => {
                eprintln!("tally: the audit log is broken at entry {seq}: {problem}");
                Ok(ExitCode::FAILURE)
            }
        },
        AuditAction::List { limit, json } => {
            let mut out = std::io::stdout().lock();
            for e in store.audit_entries(None, limit)? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&e)?)?;
                } else {
                    writeln!(
                        out,
                        "#{} {} {} {} {} {}",
                        e.seq,
                        e.at,
                        e.actor,
                        e.action,
                        e.target,
                        tally_store::audit::canonical_json(&e.detail)
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
