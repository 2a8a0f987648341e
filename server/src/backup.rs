//! `vipcare backup` and `vipcare restore`: the programme's records (agreements, signatures,
//! invoices, the audit chain) survive a lost disk or a bad change.
//!
//! A backup is a `VACUUM INTO` snapshot taken while the server runs, written beside the target
//! under a temporary name, checked (`PRAGMA integrity_check`, migration history) and only then
//! renamed into place; on any failure the partial file is removed. A restore checks the file
//! first and changes nothing when it is damaged, not a VIP Care database, or from a newer
//! version; otherwise it copies it beside the configured database, fsyncs, renames it over the
//! old file, and runs the migrations. The server must be stopped during a restore.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vipcare::store::backup as sql;
use vipcare::store::Db;

/// Why a backup or restore did not happen. `Display` is the operator's message.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; pass --force to overwrite it")]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("{0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    #[error("{0} is not a SQLite database")]
    NotSqlite(PathBuf),
    #[error("{0} is damaged: {1}")]
    Damaged(PathBuf, String),
    #[error("{0} is not a VIP Care database (it has no migration history)")]
    Foreign(PathBuf),
    #[error(
        "{path} comes from a newer VIP Care (schema version {found}; this program knows up to \
         {known}); restore it with that version"
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path} is not a VIP Care database of this lineage (its migration {version} differs from \
         this program's)"
    )]
    Mismatch { path: PathBuf, version: i64 },
    #[error("{path} records a failed migration (version {version}); it cannot be trusted")]
    Dirty { path: PathBuf, version: i64 },
    #[error("{0} is the configured database itself")]
    SameFile(PathBuf),
    #[error("database error on {0}: {1}")]
    Store(PathBuf, String),
}

type BackupResult<T> = Result<T, BackupError>;

/// What `vipcare backup` wrote.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub elapsed: Duration,
    pub schema_version: Option<i64>,
}

/// What `vipcare restore` did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub from: PathBuf,
    pub to: PathBuf,
    pub bytes: u64,
    /// The schema version the file had, and the one after the migrations ran.
    pub file_version: Option<i64>,
    pub schema_version: Option<i64>,
    pub elapsed: Duration,
}

/// The innermost cause: what SQLite itself said, e.g. "(code: 11) database disk image is
/// malformed" (the outer layers only repeat it).
fn chain(e: &dyn std::error::Error) -> String {
    let mut last = e;
    while let Some(s) = last.source() {
        last = s;
    }
    last.to_string()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io(path.to_path_buf(), e)
}

/// `dir/.name.tag-PID`: beside `path`, so the final rename stays on one file system.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{tag}-{}", std::process::id()));
    path.with_file_name(name)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

fn sync_file(path: &Path) -> BackupResult<()> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io(path))
}

/// Makes a rename in `path`'s directory durable.
fn sync_dir_of(path: &Path) -> BackupResult<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir).and_then(|f| f.sync_all()).map_err(io(dir))
}

/// Checks that `path` is a sound VIP Care database this program can run: a SQLite file,
/// `PRAGMA integrity_check` = ok, and its applied migrations a prefix of (or equal to) ours.
/// Returns its schema version. Reads only; nothing is created beside the file.
pub async fn check_file(path: &Path) -> BackupResult<Option<i64>> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(BackupError::Missing(path.to_path_buf()))
        }
        Err(e) => return Err(BackupError::Io(path.to_path_buf(), e)),
    };
    if !meta.is_file() {
        return Err(BackupError::NotSqlite(path.to_path_buf()));
    }
    let mut magic = [0u8; 16];
    let read = File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map(|_| magic == *b"SQLite format 3\0");
    match read {
        Ok(true) => {}
        Ok(false) => return Err(BackupError::NotSqlite(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err(BackupError::NotSqlite(path.to_path_buf()))
        }
        Err(e) => return Err(BackupError::Io(path.to_path_buf(), e)),
    }
    let found = sql::inspect(path)
        .await
        .map_err(|e| BackupError::Damaged(path.to_path_buf(), chain(&e)))?;
    if found.integrity != ["ok"] {
        let mut detail: Vec<&str> = found.integrity.iter().take(5).map(String::as_str).collect();
        if found.integrity.len() > 5 {
            detail.push("…");
        }
        return Err(BackupError::Damaged(
            path.to_path_buf(),
            format!("integrity check: {}", detail.join("; ")),
        ));
    }
    let Some(applied) = found.migrations else {
        return Err(BackupError::Foreign(path.to_path_buf()));
    };
    let known = sql::known_migrations();
    let newest_known = known.last().map(|k| k.0).unwrap_or(0);
    for (i, m) in applied.iter().enumerate() {
        if !m.success {
            return Err(BackupError::Dirty {
                path: path.to_path_buf(),
                version: m.version,
            });
        }
        match known.get(i) {
            Some((v, c)) if *v == m.version && *c == m.checksum => {}
            _ if m.version > newest_known => {
                return Err(BackupError::Newer {
                    path: path.to_path_buf(),
                    found: applied.last().map(|a| a.version).unwrap_or(m.version),
                    known: newest_known,
                })
            }
            _ => {
                return Err(BackupError::Mismatch {
                    path: path.to_path_buf(),
                    version: m.version,
                })
            }
        }
    }
    Ok(applied.last().map(|m| m.version))
}

/// Writes a checked, consistent copy of `db` to `to`. Refuses an existing `to` unless `force`.
pub async fn backup(db: &Db, to: &Path, force: bool) -> BackupResult<BackupReport> {
    let started = Instant::now();
    if !force && to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    let partial = sibling(to, "partial");
    let _ = fs::remove_file(&partial);
    let written = async {
        sql::vacuum_into(db, &partial)
            .await
            .map_err(|e| BackupError::Store(to.to_path_buf(), chain(&e)))?;
        let version = check_file(&partial).await?;
        sync_file(&partial)?;
        if !force && to.exists() {
            return Err(BackupError::Exists(to.to_path_buf()));
        }
        fs::rename(&partial, to).map_err(io(to))?;
        sync_dir_of(to)?;
        Ok(version)
    }
    .await;
    let schema_version = match written {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
    };
    let bytes = fs::metadata(to).map_err(io(to))?.len();
    Ok(BackupReport {
        path: to.to_path_buf(),
        bytes,
        elapsed: started.elapsed(),
        schema_version,
    })
}

/// Replaces the database at `target` with the backup `from`, then runs the migrations.
/// Nothing changes when `from` fails [`check_file`]. The server must be stopped.
pub async fn restore(from: &Path, target: &Path) -> BackupResult<RestoreReport> {
    let started = Instant::now();
    let file_version = check_file(from).await?;
    if let (Ok(a), Ok(b)) = (fs::canonicalize(from), fs::canonicalize(target)) {
        if a == b {
            return Err(BackupError::SameFile(from.to_path_buf()));
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let tmp = sibling(target, "restore");
    let installed = (|| {
        fs::copy(from, &tmp).map_err(io(&tmp))?;
        sync_file(&tmp)?;
        // The old file's WAL must not be replayed onto the restored one.
        for suffix in ["-wal", "-shm"] {
            let stale = with_suffix(target, suffix);
            match fs::remove_file(&stale) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(BackupError::Io(stale, e))
                }
                _ => {}
            }
        }
        fs::rename(&tmp, target).map_err(io(target))?;
        sync_dir_of(target)
    })();
    if let Err(e) = installed {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    let bytes = fs::metadata(target).map_err(io(target))?.len();
    let store = |e: vipcare::store::StoreError| BackupError::Store(target.to_path_buf(), chain(&e));
    let db = Db::open(target).await.map_err(store)?;
    db.quick_check().await.map_err(store)?;
    db.migrate().await.map_err(store)?;
    let schema_version = db.schema_version().await.map_err(store)?;
    db.close().await;
    Ok(RestoreReport {
        from: from.to_path_buf(),
        to: target.to_path_buf(),
        bytes,
        file_version,
        schema_version,
        elapsed: started.elapsed(),
    })
}
