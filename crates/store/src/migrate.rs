//! Schema migrations: numbered SQL files embedded at compile time and applied, in order,
//! when a store is opened. Each applied migration is recorded in `schema_migrations` with a
//! SHA-256 of its text, so an edited migration is caught instead of silently diverging.
//!
//! Numbering: 0001–0099 documents, claims and the index's needs; 0100–0199 the web UI's
//! accounts and audit tables; 0200–0299 events and grades. A migration is never edited after
//! it ships; a change is a new file. This module does not know PostgreSQL; a PostgreSQL
//! backend keeps its own files with the same numbers.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// One embedded migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. A unit test checks this list against the files on disk.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "documents", sql: include_str!("../migrations/0001_documents.sql") },
    Migration { version: 2, name: "claims", sql: include_str!("../migrations/0002_claims.sql") },
    Migration {
        version: 3,
        name: "claims_unindexed",
        sql: include_str!("../migrations/0003_claims_unindexed.sql"),
    },
    Migration { version: 100, name: "accounts", sql: include_str!("../migrations/0100_accounts.sql") },
    Migration { version: 101, name: "audit", sql: include_str!("../migrations/0101_audit.sql") },
    Migration { version: 102, name: "reviews", sql: include_str!("../migrations/0102_reviews.sql") },
    Migration {
        version: 103,
        name: "audit_by_target",
        sql: include_str!("../migrations/0103_audit_by_target.sql"),
    },
    Migration { version: 200, name: "events", sql: include_str!("../migrations/0200_events.sql") },
    Migration {
        version: 201,
        name: "fingerprints",
        sql: include_str!("../migrations/0201_fingerprints.sql"),
    },
];

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// Whether every migration is applied, unchanged, judged with reads only. Opening a store
/// for reading (`tally search` while an ingest holds the write lock) must not wait for the
/// writer, so the write transaction below is taken only when there is work to do.
fn up_to_date(conn: &Connection) -> Result<bool> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(false);
    }
    let mut stmt = conn.prepare("SELECT version, checksum FROM schema_migrations ORDER BY version")?;
    let applied: Vec<(u32, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(applied.len() == MIGRATIONS.len()
        && applied.iter().zip(MIGRATIONS).all(|((v, sum), m)| *v == m.version && *sum == checksum(m.sql)))
}

/// Applies every migration not yet applied, all in one transaction: a failure leaves the
/// schema as it was.
pub(crate) fn apply(conn: &mut Connection) -> Result<()> {
    if up_to_date(conn)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             checksum   TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    let newest: Option<u32> = tx.query_row("SELECT max(version) FROM schema_migrations", [], |r| r.get(0))?;
    let known = MIGRATIONS.last().map_or(0, |m| m.version);
    if let Some(v) = newest.filter(|&v| v > known) {
        return Err(Error::TooNew(v));
    }
    for m in MIGRATIONS {
        let applied: Option<String> = tx
            .query_row("SELECT checksum FROM schema_migrations WHERE version = ?1", [m.version], |r| r.get(0))
            .optional()?;
        match applied {
            Some(sum) if sum == checksum(m.sql) => {}
            Some(_) => return Err(Error::MigrationChanged { version: m.version, name: m.name }),
            None => {
                tx.execute_batch(m.sql)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![m.version, m.name, checksum(m.sql), crate::model::now()],
                )?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `migrations/` is in [`MIGRATIONS`], numbered as its name says, in
    /// strictly increasing order: a file added without its line here would never run.
    #[test]
    fn the_list_matches_the_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> =
            MIGRATIONS.iter().map(|m| format!("{:04}_{}.sql", m.version, m.name)).collect();
        assert_eq!(files, listed);
        assert!(MIGRATIONS.windows(2).all(|w| w[0].version < w[1].version));
    }

    #[test]
    fn applying_twice_changes_nothing_and_an_edit_is_caught() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        apply(&mut conn).unwrap();
        let n: u32 = conn.query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0)).unwrap();
        assert_eq!(n as usize, MIGRATIONS.len());

        conn.execute("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1", []).unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(matches!(err, Error::MigrationChanged { version: 1, .. }), "{err}");
    }

    #[test]
    fn a_newer_data_folder_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'future', '', '')",
            [],
        )
        .unwrap();
        assert!(matches!(apply(&mut conn).unwrap_err(), Error::TooNew(9999)));
    }
}
