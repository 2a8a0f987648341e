//! The SQL of `vipcare backup` and `vipcare restore`: a consistent copy with `VACUUM INTO`, and
//! a read-only look into a database file (integrity, applied migrations) before it is trusted.

use super::{Db, StoreError, StoreResult, MIGRATOR};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

/// One applied migration as a database file records it in `_sqlx_migrations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    pub version: i64,
    pub checksum: Vec<u8>,
    pub success: bool,
}

/// What a read-only look into a database file found.
#[derive(Debug, Clone)]
pub struct FileInspection {
    /// The rows of `PRAGMA integrity_check`: exactly `["ok"]` for a sound file.
    pub integrity: Vec<String>,
    /// The applied migrations, oldest first; `None` when there is no `_sqlx_migrations` table.
    pub migrations: Option<Vec<AppliedMigration>>,
}

/// The migrations embedded in this binary, oldest first: (version, checksum).
pub fn known_migrations() -> Vec<(i64, Vec<u8>)> {
    MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .map(|m| (m.version, m.checksum.to_vec()))
        .collect()
}

/// Writes a consistent snapshot of `db` to `target` (which must not exist) with `VACUUM INTO`.
/// Readers and writers carry on meanwhile (WAL); the copy is compacted and has no `-wal`.
pub async fn vacuum_into(db: &Db, target: &Path) -> StoreResult<()> {
    let path = target
        .to_str()
        .ok_or_else(|| StoreError::Corrupt(format!("{} is not UTF-8", target.display())))?;
    sqlx::query("VACUUM INTO ?")
        .bind(path)
        .execute(db.reader())
        .await?;
    Ok(())
}

/// Opens the file at `path` read-only and immutable (nothing is created or changed beside it,
/// a `-wal` is ignored) and runs `PRAGMA integrity_check`, then reads `_sqlx_migrations`.
/// An error means SQLite could not read the file as a database at all.
pub async fn inspect(path: &Path) -> StoreResult<FileInspection> {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .create_if_missing(false)
        .connect()
        .await?;
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await?;
    let has_table: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut conn)
    .await?;
    let migrations = if has_table == 0 {
        None
    } else {
        let rows: Vec<(i64, Vec<u8>, bool)> = sqlx::query_as(
            "SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version",
        )
        .fetch_all(&mut conn)
        .await?;
        Some(
            rows.into_iter()
                .map(|(version, checksum, success)| AppliedMigration {
                    version,
                    checksum,
                    success,
                })
                .collect(),
        )
    };
    conn.close().await?;
    Ok(FileInspection {
        integrity,
        migrations,
    })
}
