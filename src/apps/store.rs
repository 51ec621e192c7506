//! Applications kept in SQLite: the normalised model and the source text it
//! came from, verbatim, for re-export.

use serde::Serialize;
use sqlx::SqlitePool;

use super::AppSpec;
use crate::store::Store;

/// Where an application's definition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Form,
    Compose,
}

impl SourceKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Form => "form",
            Self::Compose => "compose",
        }
    }

    fn parse(text: &str) -> Self {
        if text == "compose" { Self::Compose } else { Self::Form }
    }
}

/// A stored application.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StoredApp {
    pub spec: AppSpec,
    pub source_kind: SourceKind,
    /// The compose text as imported, when it came from one.
    pub source_text: Option<String>,
}

/// Why an application could not be read or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppStoreError {
    #[error("cannot save app {name}")]
    Save { name: String, source: sqlx::Error },
    #[error("cannot read the stored apps")]
    Read { source: sqlx::Error },
    #[error("stored app {name} cannot be read back")]
    Decode { name: String, source: serde_json::Error },
    #[error("cannot delete app {name}")]
    Delete { name: String, source: sqlx::Error },
}

/// The apps table; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppStore {
    store: Store,
}

impl AppStore {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Saves an app, replacing one of the same name.
    pub async fn save(&self, app: &StoredApp, now_ms: i64) -> Result<(), AppStoreError> {
        let name = app.spec.name.clone();
        let spec = serde_json::to_string(&app.spec)
            .map_err(|source| AppStoreError::Decode { name: name.clone(), source })?;
        sqlx::query(
            "INSERT INTO apps (name, spec, source_kind, source_text, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (name) DO UPDATE SET spec = ?2, \
             source_kind = ?3, source_text = ?4, updated_at = ?5",
        )
        .bind(&name)
        .bind(spec)
        .bind(app.source_kind.as_str())
        .bind(&app.source_text)
        .bind(now_ms)
        .execute(self.store.writer())
        .await
        .map_err(|source| AppStoreError::Save { name, source })?;
        Ok(())
    }

    /// Every stored app, by name.
    pub async fn list(&self) -> Result<Vec<StoredApp>, AppStoreError> {
        let rows: Vec<(String, String, String, Option<String>)> =
            sqlx::query_as("SELECT name, spec, source_kind, source_text FROM apps ORDER BY name")
                .fetch_all(self.pool())
                .await
                .map_err(|source| AppStoreError::Read { source })?;
        rows.into_iter().map(decode).collect()
    }

    /// One stored app.
    pub async fn get(&self, name: &str) -> Result<Option<StoredApp>, AppStoreError> {
        let row: Option<(String, String, String, Option<String>)> =
            sqlx::query_as("SELECT name, spec, source_kind, source_text FROM apps WHERE name = ?")
                .bind(name)
                .fetch_optional(self.pool())
                .await
                .map_err(|source| AppStoreError::Read { source })?;
        row.map(decode).transpose()
    }

    /// Forgets an app; true when it was stored.
    pub async fn delete(&self, name: &str) -> Result<bool, AppStoreError> {
        let deleted = sqlx::query("DELETE FROM apps WHERE name = ?")
            .bind(name)
            .execute(self.store.writer())
            .await
            .map_err(|source| AppStoreError::Delete { name: name.to_owned(), source })?;
        Ok(deleted.rows_affected() > 0)
    }

    fn pool(&self) -> &SqlitePool {
        self.store.pool()
    }
}

fn decode(
    (name, spec, kind, text): (String, String, String, Option<String>),
) -> Result<StoredApp, AppStoreError> {
    let spec =
        serde_json::from_str(&spec).map_err(|source| AppStoreError::Decode { name, source })?;
    Ok(StoredApp { spec, source_kind: SourceKind::parse(&kind), source_text: text })
}
