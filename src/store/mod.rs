//! The SQLite store: every SQL statement of VIP Care lives below this module.
//!
//! One writer pool with a single connection (SQLite has one writer; queueing in the pool is
//! cheaper than `SQLITE_BUSY`) and a reader pool for everything else. WAL journal,
//! `synchronous=FULL` (money and signatures must survive power loss), `busy_timeout`,
//! foreign keys on. Write transactions start with `BEGIN IMMEDIATE` so a read-then-write
//! transaction never fails to upgrade its lock.

pub mod audit;
pub mod backup;
pub mod bench;
pub mod billing;
pub mod breach;
pub mod complaint_reports;
pub mod complaint_settings;
pub mod complaints;
pub mod desk;
pub mod desk_admin;
pub mod desk_routing;
pub mod disputes;
pub mod feedback;
pub mod ledger;
pub mod login_attempts;
pub mod membership;
pub mod metrics;
pub mod mfa;
pub mod notifications;
pub mod plans;
pub mod programme;
pub mod quality;
pub mod quality_reports;
pub mod retention;
pub mod secrets;
pub mod sessions;
pub mod sla_watch;
pub mod users;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection as _, Sqlite, SqlitePool, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// A write transaction (`BEGIN IMMEDIATE`) on the writer connection.
pub type WriteTx = Transaction<'static, Sqlite>;

/// Errors of the store layer. `Display` is for logs only; services map these further.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unique constraint violated: {0}")]
    Unique(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            if db.is_unique_violation() {
                return StoreError::Unique(db.message().to_string());
            }
        }
        StoreError::Database(e)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The embedded migrations from `migrations/` (append-only; never edit a landed one).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Handles to the database: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    writer: SqlitePool,
    reader: SqlitePool,
    /// Where `<database>.key` is made when no key was set ([`secrets`]).
    key_path: std::sync::Arc<std::path::PathBuf>,
    secret_key: std::sync::Arc<std::sync::OnceLock<secrets::SecretKey>>,
}

impl Db {
    /// Opens (creating if missing) the database file at `path`.
    pub async fn open(path: &Path) -> StoreResult<Db> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Corrupt(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
        let opts = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-16000");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(opts.clone())
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(opts.read_only(true))
            .await?;
        let mut key_path = path.as_os_str().to_owned();
        key_path.push(".key");
        Ok(Db {
            writer,
            reader,
            key_path: std::sync::Arc::new(key_path.into()),
            secret_key: Default::default(),
        })
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.writer).await?;
        Ok(())
    }

    /// The newest applied migration version, if any.
    pub async fn schema_version(&self) -> StoreResult<Option<i64>> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&self.reader)
                .await
                .unwrap_or(None);
        Ok(v)
    }

    /// `PRAGMA quick_check`: `Ok(())` when the file is sound.
    pub async fn quick_check(&self) -> StoreResult<()> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_all(&self.writer)
            .await?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(rows.join("; ")))
        }
    }

    /// A cheap liveness probe for `/healthz`.
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    /// Starts a write transaction with `BEGIN IMMEDIATE`.
    ///
    /// A request cancelled between `BEGIN IMMEDIATE` and the `Transaction` that would roll it
    /// back (the client went away, the request timed out) hands its connection back still in a
    /// transaction. Both pools close such a connection on release — SQLite rolls back — instead
    /// of keeping it: the one writer would otherwise refuse every later `BEGIN`
    /// (`InvalidSavePointStatement`) and hold the write lock until restart.
    pub async fn begin_write(&self) -> StoreResult<WriteTx> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The pool for reads.
    pub fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    /// Uses `key` to seal secrets (from the configuration; the same on every node). Only before
    /// the first use: `false` when a key was already in use.
    pub fn set_secret_key(&self, key: secrets::SecretKey) -> bool {
        self.secret_key.set(key).is_ok()
    }

    /// The key secrets are sealed with: the configured one, or else `<database>.key` beside the
    /// database file, created on first use.
    pub fn secret_key(&self) -> StoreResult<&secrets::SecretKey> {
        if let Some(k) = self.secret_key.get() {
            return Ok(k);
        }
        let key = secrets::SecretKey::load_or_create(&self.key_path)?;
        let _ = self.secret_key.set(key);
        Ok(self.secret_key.get().expect("set just now"))
    }

    /// Closes both pools (graceful shutdown).
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

/// Current time as Unix milliseconds UTC.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A transaction whose owner vanished without rolling back does not poison the writer.
    #[tokio::test]
    async fn a_connection_left_in_a_transaction_is_not_reused() {
        let dir =
            std::env::temp_dir().join(format!("vipcare-pool-{}-{}", std::process::id(), now_ms()));
        let db = Db::open(&dir.join("t.db")).await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&db.writer)
            .await
            .unwrap();
        {
            let mut conn = db.writer.acquire().await.unwrap();
            let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.unwrap();
            sqlx::query("INSERT INTO t VALUES (1)")
                .execute(&mut *tx)
                .await
                .unwrap();
            // The owner disappears without commit or rollback (as a cancelled future can).
            std::mem::forget(tx);
        }
        let mut tx = db.begin_write().await.expect("a fresh write transaction");
        sqlx::query("INSERT INTO t VALUES (2)")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let rows: Vec<i64> = sqlx::query_scalar("SELECT x FROM t")
            .fetch_all(db.reader())
            .await
            .unwrap();
        assert_eq!(rows, vec![2], "the abandoned insert was rolled back");
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
