//! Berth's SQLite database: opening it, migrating it and the settings table.
//!
//! The database runs in WAL mode with foreign keys on; migrations are
//! embedded in the binary and applied when the store opens.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tracing::info;

/// How long a writer waits for another before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("cannot create the data folder {path}")]
    CreateDir { path: String, source: std::io::Error },
    #[error("cannot open the database {path}")]
    Open { path: String, source: sqlx::Error },
    #[error("cannot apply the database migrations")]
    Migrate { source: sqlx::migrate::MigrateError },
    #[error("cannot read setting {key}")]
    ReadSetting { key: String, source: sqlx::Error },
    #[error("setting {key} holds a value Berth cannot read")]
    DecodeSetting { key: String, source: serde_json::Error },
    #[error("cannot save setting {key}")]
    WriteSetting { key: String, source: sqlx::Error },
}

/// A handle on the database; cheap to clone.
///
/// Reads go through a small pool; writes through one connection, so
/// concurrent writers queue in the pool instead of failing with "database is
/// locked" when two transactions want to upgrade to writing at once.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    writer: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }

        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(|source| StoreError::Open { path: shown.clone(), source })?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let open_error = |source| StoreError::Open { path: shown.clone(), source };
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(options.clone())
            .await
            .map_err(open_error)?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .map_err(|source| StoreError::Migrate { source })?;
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .map_err(open_error)?;

        info!(path = %shown, "database ready");
        Ok(Self { pool, writer })
    }

    /// The pool for reads, for modules that own their tables.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The single writer connection; every change goes through it.
    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Closes both pools, waiting for queries in flight.
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    /// Reads a setting; `None` when it was never saved.
    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(|source| StoreError::ReadSetting { key: key.to_owned(), source })?;

        row.map(|(value,)| serde_json::from_str(&value))
            .transpose()
            .map_err(|source| StoreError::DecodeSetting { key: key.to_owned(), source })
    }

    /// Saves a setting, replacing any earlier value.
    pub async fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let json = serde_json::to_string(value)
            .map_err(|source| StoreError::DecodeSetting { key: key.to_owned(), source })?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = ?2, \
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        )
        .bind(key)
        .bind(json)
        .execute(&self.writer)
        .await
        .map_err(|source| StoreError::WriteSetting { key: key.to_owned(), source })?;
        Ok(())
    }
}
