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

use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, mpsc, oneshot};
use tracing::{info, instrument};

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

/// How many changes a slow live view may fall behind.
const CHANGE_BUFFER: usize = 4096;

/// The most registrations written in one transaction.
const MAX_BATCH: usize = 256;

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
        let message = match std::error::Error::source(self) {
            Some(cause) => format!("{self}: {cause}"),
            None => self.to_string(),
        };
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

/// A registration on its way to the writer task.
struct PendingWrite {
    new: NewInstance,
    source: Source,
    container_id: Option<String>,
    /// The stored instance and whether it is new.
    reply: oneshot::Sender<Result<(Instance, bool), sqlx::Error>>,
}

/// The registry; cheap to clone.
#[derive(Clone)]
pub struct Registry {
    store: Store,
    writes: mpsc::Sender<PendingWrite>,
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
        let (writes, pending) = mpsc::channel(MAX_BATCH * 4);
        tokio::spawn(write_registrations(store.clone(), pending));
        let checker_inbox = Arc::new(Mutex::new(Some(inbox)));
        Self { store, writes, changes, checker, checker_inbox }
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
        let pending = PendingWrite {
            new: new.clone(),
            source,
            container_id: container_id.map(str::to_owned),
            reply,
        };
        let closed = || register_error(sqlx::Error::PoolClosed);
        self.writes.send(pending).await.map_err(|_| closed())?;
        let (instance, created) = answer.await.map_err(|_| closed())?.map_err(register_error)?;

        if created {
            info!(id = %instance.id, name = %instance.name, source = source.as_str(), "instance registered");
        }
        let _ = self.checker.send(CheckerEvent::Schedule { instance_id: instance.id.clone() });
        let _ = self.changes.send(RegistryChange::Registered { instance: instance.clone() });
        Ok(instance)
    }

    /// Removes an instance; `reason` is logged and shown to live views.
    #[instrument(skip(self), err(level = "debug"))]
    pub async fn deregister(&self, id: &str, reason: &str) -> Result<(), RegistryError> {
        let name = db::delete(self.store.writer(), id, now_ms())
            .await
            .map_err(|source| RegistryError::Deregister { id: id.to_owned(), source })?
            .ok_or_else(|| RegistryError::NotFound { id: id.to_owned() })?;

        info!(%id, %name, %reason, "instance deregistered");
        let _ = self.checker.send(CheckerEvent::Unschedule { instance_id: id.to_owned() });
        let _ = self.changes.send(RegistryChange::Deregistered {
            id: id.to_owned(),
            name,
            reason: reason.to_owned(),
        });
        Ok(())
    }

    /// Instances, all or of one name, optionally only passing ones.
    pub async fn instances(
        &self,
        name: Option<&str>,
        passing_only: bool,
    ) -> Result<Vec<Instance>, RegistryError> {
        db::list(self.store.pool(), name, passing_only)
            .await
            .map_err(|source| RegistryError::Read { source })
    }

    /// One instance.
    pub async fn instance(&self, id: &str) -> Result<Instance, RegistryError> {
        db::get(self.store.pool(), id)
            .await
            .map_err(|source| RegistryError::Read { source })?
            .ok_or_else(|| RegistryError::NotFound { id: id.to_owned() })
    }

    /// Service names with healthy and total counts.
    pub async fn services(&self) -> Result<Vec<ServiceSummary>, RegistryError> {
        db::services(self.store.pool()).await.map_err(|source| RegistryError::Read { source })
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

    fn store(&self) -> &Store {
        &self.store
    }
}

/// Writes queued registrations, as many per transaction as are waiting, so
/// concurrent providers share one commit instead of queueing for one each.
/// Every reply is sent only after its transaction committed.
async fn write_registrations(store: Store, mut inbox: mpsc::Receiver<PendingWrite>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while inbox.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let now = now_ms();
        let items: Vec<db::Upsert<'_>> = batch
            .iter()
            .map(|p| db::Upsert {
                new: &p.new,
                source: p.source,
                container_id: p.container_id.as_deref(),
            })
            .collect();

        let results = match db::upsert_batch(store.writer(), &items, now).await {
            Ok(stored) => stored.into_iter().map(Ok).collect(),
            Err(error) if items.len() == 1 => vec![Err(error)],
            // One bad row must not fail the others: retry each on its own.
            Err(_) => {
                let mut results = Vec::with_capacity(items.len());
                for item in &items {
                    let result = db::upsert_batch(store.writer(), std::slice::from_ref(item), now);
                    results.push(result.await.map(|mut stored| stored.remove(0)));
                }
                results
            }
        };

        let answers: Vec<_> = items
            .iter()
            .zip(results)
            .map(|(item, result)| {
                result.map(|stored| (db::stored_instance(item, &stored, now), stored.created))
            })
            .collect();
        drop(items);
        for (pending, answer) in batch.drain(..).zip(answers) {
            let _ = pending.reply.send(answer);
        }
    }
}
