//! The service registry: providers register instances, Berth health-checks
//! them, consumers discover the healthy ones.
//!
//! Everything lives in SQLite, so the registry survives restarts; the same
//! [`Registry`] serves the desktop commands, the HTTP API and the checker,
//! and announces every change on a broadcast channel for live views.

mod autoreg;
mod checker;
mod db;
mod model;
mod validate;
mod writer;

use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tracing::instrument;

pub use autoreg::{SERVICE_LABEL, spawn_auto_registration};
pub use checker::CheckerHandle;
pub use db::{HISTORY_PER_CHECK, check_id, rfc3339};
pub use model::{
    Check, CheckKind, CheckRequest, Health, Instance, Registration, RegistryChange, ServiceSummary,
    Source, Transition,
};
pub use validate::{MAX_NAME_LEN, NewCheck, NewInstance, derive_id};

use crate::error::{ErrorCode, FieldError, UiError};
use crate::store::Store;
use writer::{Catalog, PendingUpsert, Write, Writer};

/// How many changes a slow live view may fall behind.
const CHANGE_BUFFER: usize = 4096;

/// How many writes may wait for the writer task before senders wait too.
const WRITE_QUEUE: usize = 1024;

/// Why a registry operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    #[error("the registration is not valid")]
    Invalid { fields: Vec<FieldError> },
    #[error("no instance with id {id}")]
    NotFound { id: String },
    #[error("instance {id} has no ttl check to send a heartbeat to")]
    NoTtlCheck { id: String },
    #[error("cannot store the registration of {id}")]
    Register { id: String, source: sqlx::Error },
    #[error("cannot deregister {id}")]
    Deregister { id: String, source: sqlx::Error },
    #[error("cannot read the registry")]
    Read { source: sqlx::Error },
    #[error("cannot record a heartbeat for {id}")]
    Heartbeat { id: String, source: sqlx::Error },
    #[error("cannot record the result of check {id}")]
    RecordCheck { id: String, source: sqlx::Error },
}

impl RegistryError {
    /// The interface's view of the error.
    pub fn to_ui(&self) -> UiError {
        let code = match self {
            Self::Invalid { .. } => ErrorCode::InvalidInput,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::NoTtlCheck { .. } => ErrorCode::Conflict,
            _ => ErrorCode::Storage,
        };
        let message = crate::error::with_cause(self);
        let fields = match self {
            Self::Invalid { fields } => fields.clone(),
            _ => Vec::new(),
        };
        UiError { code, message, fields }
    }
}

impl From<RegistryError> for UiError {
    fn from(error: RegistryError) -> Self {
        error.to_ui()
    }
}

/// What the checker is told when checks change.
#[derive(Debug)]
enum CheckerEvent {
    /// (Re)start the checks of this instance.
    Schedule { instance_id: String },
    /// Stop the checks of this instance.
    Unschedule { instance_id: String },
    /// A TTL check got a heartbeat: re-evaluate it now.
    Heartbeat { check_id: String },
}

/// The registry; cheap to clone.
#[derive(Clone)]
pub struct Registry {
    store: Store,
    writes: mpsc::Sender<Write>,
    catalog: Arc<RwLock<Catalog>>,
    loaded: watch::Receiver<bool>,
    changes: broadcast::Sender<RegistryChange>,
    checker: mpsc::UnboundedSender<CheckerEvent>,
    checker_inbox: Arc<Mutex<Option<mpsc::UnboundedReceiver<CheckerEvent>>>>,
}

/// Milliseconds since the Unix epoch, now.
fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

impl Registry {
    /// A registry over the store's tables. Checks run only once
    /// [`start_checker`](Self::start_checker) is called.
    ///
    /// Must be called inside a tokio runtime: it starts the writer task.
    pub fn new(store: Store) -> Self {
        let (changes, _) = broadcast::channel(CHANGE_BUFFER);
        let (checker, inbox) = mpsc::unbounded_channel();
        let (writes, queue) = mpsc::channel(WRITE_QUEUE);
        let catalog = Arc::new(RwLock::new(Catalog::default()));
        let (loaded_tx, loaded) = watch::channel(false);
        let writer = Writer {
            store: store.clone(),
            catalog: catalog.clone(),
            loaded: loaded_tx,
            changes: changes.clone(),
            checker: checker.clone(),
        };
        tokio::spawn(writer.run(queue));
        let checker_inbox = Arc::new(Mutex::new(Some(inbox)));
        Self { store, writes, catalog, loaded, changes, checker, checker_inbox }
    }

    /// Follows registry changes from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<RegistryChange> {
        self.changes.subscribe()
    }

    /// Registers or re-registers an instance and returns it as stored.
    #[instrument(skip_all, fields(name = %registration.name), err(level = "debug"))]
    pub async fn register(
        &self,
        registration: &Registration,
        source: Source,
    ) -> Result<Instance, RegistryError> {
        let new = registration.validate().map_err(|fields| RegistryError::Invalid { fields })?;
        self.store_instance(&new, source, None).await
    }

    /// Stores an already validated instance, as auto-registration does.
    pub(crate) async fn store_instance(
        &self,
        new: &NewInstance,
        source: Source,
        container_id: Option<&str>,
    ) -> Result<Instance, RegistryError> {
        let register_error = |source| RegistryError::Register { id: new.id.clone(), source };
        let (reply, answer) = oneshot::channel();
        let write = Write::Upsert(Box::new(PendingUpsert {
            new: new.clone(),
            source,
            container_id: container_id.map(str::to_owned),
            reply,
        }));
        let closed = || register_error(sqlx::Error::PoolClosed);
        self.writes.send(write).await.map_err(|_| closed())?;
        let (instance, _) = answer.await.map_err(|_| closed())?.map_err(register_error)?;
        Ok(instance)
    }

    /// Removes an instance; `reason` is logged and shown to live views.
    #[instrument(skip(self), err(level = "debug"))]
    pub async fn deregister(&self, id: &str, reason: &str) -> Result<(), RegistryError> {
        let failed = |source| RegistryError::Deregister { id: id.to_owned(), source };
        let (reply, answer) = oneshot::channel();
        let write = Write::Delete { id: id.to_owned(), reason: reason.to_owned(), reply };
        self.writes.send(write).await.map_err(|_| failed(sqlx::Error::PoolClosed))?;
        answer
            .await
            .map_err(|_| failed(sqlx::Error::PoolClosed))?
            .map_err(failed)?
            .ok_or_else(|| RegistryError::NotFound { id: id.to_owned() })?;
        Ok(())
    }

    /// Records a check's new status; false when the check is gone.
    pub(crate) async fn record_transition(
        &self,
        instance_id: &str,
        check_id: &str,
        status: Health,
        output: &str,
    ) -> Result<bool, RegistryError> {
        let failed = |source| RegistryError::RecordCheck { id: check_id.to_owned(), source };
        let (reply, answer) = oneshot::channel();
        let write = Write::Transition {
            check_id: check_id.to_owned(),
            instance_id: instance_id.to_owned(),
            status,
            output: output.to_owned(),
            reply,
        };
        self.writes.send(write).await.map_err(|_| failed(sqlx::Error::PoolClosed))?;
        answer.await.map_err(|_| failed(sqlx::Error::PoolClosed))?.map_err(failed)
    }

    /// The in-memory catalog, once it has been loaded from the database.
    async fn catalog(&self) -> std::sync::RwLockReadGuard<'_, Catalog> {
        let mut loaded = self.loaded.clone();
        let _ = loaded.wait_for(|done| *done).await;
        self.catalog.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Instances, all or of one name, optionally only passing ones.
    pub async fn instances(
        &self,
        name: Option<&str>,
        passing_only: bool,
    ) -> Result<Vec<Instance>, RegistryError> {
        Ok(self.catalog().await.instances(name, passing_only))
    }

    /// One instance.
    pub async fn instance(&self, id: &str) -> Result<Instance, RegistryError> {
        let found = self.catalog().await.instance(id);
        found.ok_or_else(|| RegistryError::NotFound { id: id.to_owned() })
    }

    /// Service names with healthy and total counts.
    pub async fn services(&self) -> Result<Vec<ServiceSummary>, RegistryError> {
        Ok(self.catalog().await.services())
    }

    /// An instance's recorded check transitions, newest first.
    pub async fn history(&self, id: &str) -> Result<Vec<Transition>, RegistryError> {
        self.instance(id).await?;
        db::history(self.store.pool(), id).await.map_err(|source| RegistryError::Read { source })
    }

    /// Records a heartbeat for an instance's TTL check.
    pub async fn heartbeat(&self, id: &str) -> Result<(), RegistryError> {
        let stored = db::heartbeat(self.store.writer(), id, now_ms())
            .await
            .map_err(|source| RegistryError::Heartbeat { id: id.to_owned(), source })?;
        if !stored {
            self.instance(id).await?;
            return Err(RegistryError::NoTtlCheck { id: id.to_owned() });
        }
        let check_id = check_id(id, CheckKind::Ttl);
        let _ = self.checker.send(CheckerEvent::Heartbeat { check_id });
        Ok(())
    }

    /// Starts running every stored check on its interval. Call once; later
    /// calls return `None`.
    pub fn start_checker(&self) -> Option<CheckerHandle> {
        let inbox = self.checker_inbox.lock().unwrap_or_else(|e| e.into_inner()).take()?;
        Some(checker::spawn(self.clone(), inbox))
    }

    /// The database the registry lives in.
    pub fn store(&self) -> &Store {
        &self.store
    }
}
