//! The SQLite store: every SQL statement of VIP Care lives below this module.
//!
//! One writer pool with a single connection (SQLite has one writer; queueing in the pool is
//! cheaper than `SQLITE_BUSY`) and a reader pool for everything else. WAL journal; a write is
//! acknowledged only once it is on stable storage (money and signatures must survive power
//! loss): `synchronous=FULL`'s guarantee, given by group commit ([`GroupSync`]) so concurrent
//! writers share one sync; `busy_timeout`, foreign keys on. Write transactions start with `BEGIN IMMEDIATE` so a read-then-write
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
pub mod notifications;
pub mod plans;
pub mod programme;
pub mod quality;
pub mod quality_reports;
pub mod sessions;
pub mod sla_watch;
pub mod users;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection as _, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A write transaction (`BEGIN IMMEDIATE`) on the writer connection. It dereferences to the
/// connection like sqlx's `Transaction`; [`WriteTx::commit`] returns once the commit is durable.
pub struct WriteTx {
    inner: Transaction<'static, Sqlite>,
    sync: Arc<GroupSync>,
}

impl WriteTx {
    /// Commits, then waits until the commit is on stable storage (group commit, see
    /// [`GroupSync`]). An error after the commit means its durability is unknown.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let WriteTx { inner, sync } = self;
        inner.commit().await?;
        let seq = sync.committed.fetch_add(1, Ordering::AcqRel) + 1;
        sync.wait_durable(seq).await.map_err(sqlx::Error::Io)
    }

    /// Rolls back (dropping a `WriteTx` rolls back too).
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.inner.rollback().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.inner
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.inner
    }
}

/// Group commit: durable writes without one `fsync` per transaction.
///
/// The writer connection runs with `synchronous=NORMAL`: a COMMIT appends its frames to the
/// WAL file without syncing it. Before a commit is acknowledged, [`GroupSync::wait_durable`]
/// syncs the WAL file (`fdatasync`) — once for every commit that finished before the sync
/// started. That is what `synchronous=FULL` does after each commit; here one sync covers all
/// the transactions committed while the previous sync ran, so sixteen concurrent writers pay
/// for one or two syncs instead of sixteen. SQLite still syncs the WAL before each checkpoint
/// and the database file after it (NORMAL does that), so nothing acknowledged can be lost on
/// power failure, as with FULL.
#[derive(Debug)]
pub struct GroupSync {
    /// The file to sync: `<database>-wal`, or the database itself if that does not exist.
    database: PathBuf,
    /// Commits finished so far (each commit takes the next number).
    committed: AtomicU64,
    /// Every commit numbered at or below this is on stable storage.
    synced: AtomicU64,
    /// Syncs performed (for tests and the benchmark).
    syncs: AtomicU64,
    /// One sync at a time; those waiting behind it usually find their commit covered.
    leader: tokio::sync::Mutex<()>,
}

impl GroupSync {
    fn new(database: &Path) -> GroupSync {
        GroupSync {
            database: database.to_path_buf(),
            committed: AtomicU64::new(0),
            synced: AtomicU64::new(0),
            syncs: AtomicU64::new(0),
            leader: tokio::sync::Mutex::new(()),
        }
    }

    async fn wait_durable(&self, seq: u64) -> std::io::Result<()> {
        loop {
            if self.synced.load(Ordering::Acquire) >= seq {
                return Ok(());
            }
            let _leader = self.leader.lock().await;
            if self.synced.load(Ordering::Acquire) >= seq {
                return Ok(());
            }
            // Every commit numbered up to `through` has written its frames: one sync covers
            // them all, including commits of other requests waiting behind this one.
            let through = self.committed.load(Ordering::Acquire);
            let mut wal = self.database.as_os_str().to_owned();
            wal.push("-wal");
            let (wal, database) = (PathBuf::from(wal), self.database.clone());
            tokio::task::spawn_blocking(move || {
                let file = std::fs::File::open(&wal).or_else(|_| std::fs::File::open(&database))?;
                file.sync_data()
            })
            .await
            .map_err(std::io::Error::other)??;
            self.syncs.fetch_add(1, Ordering::Relaxed);
            self.synced.fetch_max(through, Ordering::AcqRel);
        }
    }
}

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
    sync: Arc<GroupSync>,
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
        // The writer commits without syncing; `WriteTx::commit` syncs the WAL before it
        // returns, once for a group of commits (see `GroupSync`): as durable as FULL.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(opts.clone().synchronous(SqliteSynchronous::Normal))
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(opts.read_only(true))
            .await?;
        let sync = Arc::new(GroupSync::new(path));
        Ok(Db {
            writer,
            reader,
            sync,
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
        Ok(WriteTx {
            inner: self.writer.begin_with("BEGIN IMMEDIATE").await?,
            sync: self.sync.clone(),
        })
    }

    /// Write transactions committed and WAL syncs performed since the database was opened:
    /// with concurrent writers, far fewer syncs than commits (group commit).
    pub fn commit_stats(&self) -> (u64, u64) {
        (
            self.sync.committed.load(Ordering::Acquire),
            self.sync.syncs.load(Ordering::Relaxed),
        )
    }

    /// The pool for reads.
    pub fn reader(&self) -> &SqlitePool {
        &self.reader
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

    /// Group commit: no commit is acknowledged before a WAL sync that covers it, and commits
    /// that finish while a sync is under way share the next one.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn commits_are_acknowledged_only_after_a_shared_sync() {
        let dir =
            std::env::temp_dir().join(format!("vipcare-group-{}-{}", std::process::id(), now_ms()));
        let db = Db::open(&dir.join("t.db")).await.unwrap();
        let mut tx = db.begin_write().await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.commit_stats(), (1, 1), "a lone commit syncs once");

        // A sync is "under way": the test holds the leader's place.
        let leader = db.sync.leader.lock().await;
        let writers: Vec<_> = (0..20)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut tx = db.begin_write().await.unwrap();
                    sqlx::query("INSERT INTO t VALUES (?)")
                        .bind(i)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    tx.commit().await.unwrap();
                    // Acknowledged: a sync covered this commit.
                    assert!(db.sync.synced.load(Ordering::Acquire) >= 2);
                })
            })
            .collect();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while db.commit_stats().0 < 21 {
            assert!(std::time::Instant::now() < deadline, "writers stalled");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            writers.iter().all(|w| !w.is_finished()),
            "a commit was acknowledged before any sync covered it"
        );
        assert_eq!(db.commit_stats(), (21, 1));
        drop(leader);
        for w in writers {
            w.await.unwrap();
        }
        assert_eq!(
            db.commit_stats(),
            (21, 2),
            "the twenty commits waiting behind the sync shared one"
        );
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t")
            .fetch_one(db.reader())
            .await
            .unwrap();
        assert_eq!(n, 20);
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
