//! Accounts of the analyst web UI: users with a role, their sessions, and API tokens.
//!
//! The store keeps what must survive a restart and nothing secret in a usable form:
//! passwords arrive already hashed (argon2id, by `tally-web`, which owns the hashing and its
//! parameters), and session and API tokens are stored as SHA-256 digests ([`token_digest`]),
//! so reading the database does not let anyone sign in. It does not decide who may do what
//! (the web crate reads [`Role`]) and does not slow down failed logins (also the web crate's,
//! in memory).

use std::fmt;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, Result, SqliteStore};

/// Longest account name accepted.
pub const MAX_NAME: usize = 64;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything an analyst may, and manage accounts.
    Admin,
    /// Read everything; review claims, upload documents, merge and split events, grade sources.
    Analyst,
    /// Read only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Analyst, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analyst => "analyst",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Whether the role may change anything (review, upload, merge, grade).
    pub fn can_edit(self) -> bool {
        matches!(self, Role::Admin | Role::Analyst)
    }

    /// Whether the role may manage accounts.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account name: 1 to [`MAX_NAME`] characters of ASCII letters, digits, `.`, `_`, `-`
/// and `@`. Narrow on purpose: names appear in the audit log, in URLs and on the command
/// line, and must not be confusable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserName(String);

impl UserName {
    pub fn parse(s: &str) -> Result<UserName> {
        let ok = !s.is_empty()
            && s.len() <= MAX_NAME
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@'));
        if ok {
            Ok(UserName(s.to_owned()))
        } else {
            Err(Error::Invalid {
                what: "account name",
                problem: format!(
                    "{s:?}: use 1 to {MAX_NAME} letters, digits, '.', '_', '-' or '@' (no spaces)"
                ),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An account as listings show it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub disabled: bool,
}

/// A live session: whose it is and the CSRF token its forms carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: User,
    pub csrf: String,
    pub expires_at: String,
}

/// Hex SHA-256 of a session or API token: what the store keeps instead of the token.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Accounts, sessions and API tokens.
pub trait AccountStore {
    /// Creates an account. A taken name is [`Error::Conflict`].
    fn add_user(&mut self, name: &UserName, role: Role, password_hash: &str) -> Result<User>;

    /// Every account, by name.
    fn users(&self) -> Result<Vec<User>>;

    /// The account with this name and its password hash, if there is one.
    fn user_credentials(&self, name: &str) -> Result<Option<(User, String)>>;

    /// Replaces an account's password hash and ends its sessions.
    fn set_password(&mut self, name: &UserName, password_hash: &str) -> Result<()>;

    /// Records a session for `user_id`, known by the digest of its token, until `expires_at`.
    fn create_session(
        &mut self,
        user_id: i64,
        token_digest: &str,
        csrf: &str,
        expires_at: &str,
    ) -> Result<()>;

    /// The live session with this token digest: `None` when unknown, expired (`now` is
    /// RFC 3339, UTC) or its account disabled.
    fn session(&self, token_digest: &str, now: &str) -> Result<Option<SessionRecord>>;

    /// Ends a session.
    fn delete_session(&mut self, token_digest: &str) -> Result<()>;

    /// Removes sessions that expired before `now`; returns how many.
    fn purge_sessions(&mut self, now: &str) -> Result<usize>;

    /// Records an API token for an account.
    fn add_api_token(&mut self, user_id: i64, token_digest: &str, label: &str) -> Result<()>;

    /// The account an API token belongs to, unless unknown or disabled.
    fn api_token_user(&self, token_digest: &str) -> Result<Option<User>>;
}

fn user_from(id: i64, name: String, role: String, created_at: String, disabled: bool) -> Result<User> {
    let role =
        Role::parse(&role).ok_or_else(|| Error::Corrupt(format!("account {name} has role {role:?}")))?;
    Ok(User { id, name, role, created_at, disabled })
}

type UserRow = (i64, String, String, String, bool);

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

impl AccountStore for SqliteStore {
    fn add_user(&mut self, name: &UserName, role: Role, password_hash: &str) -> Result<User> {
        let taken: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE name = ?1)",
            [name.as_str()],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::Conflict(format!("an account named {name} already exists")));
        }
        let at = crate::model::now();
        self.conn().execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name.as_str(), role.as_str(), password_hash, at],
        )?;
        let id = self.conn().last_insert_rowid();
        Ok(User { id, name: name.to_string(), role, created_at: at, disabled: false })
    }

    fn users(&self) -> Result<Vec<User>> {
        let mut stmt =
            self.conn().prepare("SELECT id, name, role, created_at, disabled FROM users ORDER BY name")?;
        let rows = stmt.query_map([], user_row)?;
        rows.map(|r| {
            let (id, name, role, at, disabled) = r?;
            user_from(id, name, role, at, disabled)
        })
        .collect()
    }

    fn user_credentials(&self, name: &str) -> Result<Option<(User, String)>> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT id, name, role, created_at, disabled, password_hash FROM users WHERE name = ?1",
            )?
            .query_row([name], |r| Ok((user_row(r)?, r.get::<_, String>(5)?)))
            .optional()?;
        match row {
            None => Ok(None),
            Some(((id, name, role, at, disabled), hash)) => {
                Ok(Some((user_from(id, name, role, at, disabled)?, hash)))
            }
        }
    }

    fn set_password(&mut self, name: &UserName, password_hash: &str) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        let id: Option<i64> =
            tx.query_row("SELECT id FROM users WHERE name = ?1", [name.as_str()], |r| r.get(0)).optional()?;
        let id = id.ok_or_else(|| Error::NotFound { what: "account", id: name.to_string() })?;
        tx.execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", params![password_hash, id])?;
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    fn create_session(
        &mut self,
        user_id: i64,
        token_digest: &str,
        csrf: &str,
        expires_at: &str,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token_digest, user_id, csrf, crate::model::now(), expires_at],
        )?;
        Ok(())
    }

    fn session(&self, token_digest: &str, now: &str) -> Result<Option<SessionRecord>> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT u.id, u.name, u.role, u.created_at, u.disabled, s.csrf, s.expires_at
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
            )?
            .query_row([token_digest, now], |r| {
                Ok((user_row(r)?, r.get::<_, String>(5)?, r.get::<_, String>(6)?))
            })
            .optional()?;
        match row {
            None => Ok(None),
            Some(((id, name, role, at, disabled), csrf, expires_at)) => {
                Ok(Some(SessionRecord { user: user_from(id, name, role, at, disabled)?, csrf, expires_at }))
            }
        }
    }

    fn delete_session(&mut self, token_digest: &str) -> Result<()> {
        self.conn().execute("DELETE FROM sessions WHERE token_hash = ?1", [token_digest])?;
        Ok(())
    }

    fn purge_sessions(&mut self, now: &str) -> Result<usize> {
        Ok(self.conn().execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?)
    }

    fn add_api_token(&mut self, user_id: i64, token_digest: &str, label: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![token_digest, user_id, label, crate::model::now()],
        )?;
        Ok(())
    }

    fn api_token_user(&self, token_digest: &str) -> Result<Option<User>> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT u.id, u.name, u.role, u.created_at, u.disabled
                 FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_hash = ?1 AND u.disabled = 0",
            )?
            .query_row([token_digest], user_row)
            .optional()?;
        row.map(|(id, name, role, at, disabled)| user_from(id, name, role, at, disabled)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open_dir(dir.path()).unwrap();
        (dir, s)
    }

    #[test]
    fn names_are_narrow() {
        assert!(UserName::parse("ana.lyst-1@team").is_ok());
        for bad in ["", "a b", "ü", "x;drop", &"a".repeat(MAX_NAME + 1)] {
            assert!(UserName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_name_is_taken_once_and_sessions_expire() {
        let (_d, mut s) = store();
        let name = UserName::parse("ana").unwrap();
        let u = s.add_user(&name, Role::Analyst, "$argon2id$x").unwrap();
        assert!(matches!(s.add_user(&name, Role::Viewer, "h"), Err(Error::Conflict(_))));
        assert_eq!(s.users().unwrap(), vec![u.clone()]);
        let (found, hash) = s.user_credentials("ana").unwrap().unwrap();
        assert_eq!((found.role, hash.as_str()), (Role::Analyst, "$argon2id$x"));

        let digest = token_digest("secret-token");
        assert_ne!(digest, "secret-token");
        s.create_session(u.id, &digest, "csrf1", "2030-01-01T00:00:00Z").unwrap();
        let live = s.session(&digest, "2029-12-31T00:00:00Z").unwrap().unwrap();
        assert_eq!((live.user.name.as_str(), live.csrf.as_str()), ("ana", "csrf1"));
        assert!(s.session(&digest, "2030-01-02T00:00:00Z").unwrap().is_none());
        assert_eq!(s.purge_sessions("2030-01-02T00:00:00Z").unwrap(), 1);

        s.add_api_token(u.id, &token_digest("api"), "bench").unwrap();
        assert_eq!(s.api_token_user(&token_digest("api")).unwrap().unwrap().name, "ana");
        assert!(s.api_token_user(&token_digest("nope")).unwrap().is_none());

        s.create_session(u.id, &digest, "csrf2", "2030-01-01T00:00:00Z").unwrap();
        s.set_password(&name, "$argon2id$y").unwrap();
        assert!(
            s.session(&digest, "2029-12-31T00:00:00Z").unwrap().is_none(),
            "a new password ends sessions"
        );
    }
}
