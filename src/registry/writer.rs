//! The one task that changes the registry.
//!
//! Registrations, deregistrations and check transitions queue here and are
//! applied in order: written to SQLite (waiting registrations share one
//! transaction), then mirrored into the in-memory [`Catalog`] that serves
//! every read, then announced. Because one task does all three, the catalog
//! and the announcements follow the database's commit order exactly.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tracing::{info, warn};

use super::db::{self, Millis};
use super::validate::NewInstance;
use super::{CheckerEvent, Health, Instance, RegistryChange, ServiceSummary, Source, now_ms};
use crate::store::Store;

/// The most registrations written in one transaction.
const MAX_BATCH: usize = 256;

/// A registration waiting for the writer.
pub(super) struct PendingUpsert {
    pub new: NewInstance,
    pub source: Source,
    pub container_id: Option<String>,
    /// The stored instance and whether it is new.
    pub reply: oneshot::Sender<Result<(Instance, bool), sqlx::Error>>,
}

/// A change waiting for the writer.
pub(super) enum Write {
    Upsert(Box<PendingUpsert>),
    Delete {
        id: String,
        reason: String,
        /// The removed instance's name, or `None` when there was none.
        reply: oneshot::Sender<Result<Option<String>, sqlx::Error>>,
    },
    Transition {
        check_id: String,
        instance_id: String,
        status: Health,
        output: String,
        /// Whether the check still exists.
        reply: oneshot::Sender<Result<bool, sqlx::Error>>,
    },
}

/// Every instance, in memory, grouped by service name.
#[derive(Default)]
pub(super) struct Catalog {
    by_name: BTreeMap<String, BTreeMap<String, Instance>>,
    name_of: HashMap<String, String>,
}

impl Catalog {
    fn insert(&mut self, instance: Instance) {
        if let Some(old) = self.name_of.insert(instance.id.clone(), instance.name.clone())
            && old != instance.name
        {
            self.remove_from(&old, &instance.id);
        }
        self.by_name
            .entry(instance.name.clone())
            .or_default()
            .insert(instance.id.clone(), instance);
    }

    fn remove(&mut self, id: &str) {
        if let Some(name) = self.name_of.remove(id) {
            self.remove_from(&name, id);
        }
    }

    fn remove_from(&mut self, name: &str, id: &str) {
        if let Some(group) = self.by_name.get_mut(name) {
            group.remove(id);
            if group.is_empty() {
                self.by_name.remove(name);
            }
        }
    }

    /// Instances of one name (or all), ordered by name then id.
    pub fn instances(&self, name: Option<&str>, passing_only: bool) -> Vec<Instance> {
        let groups: Box<dyn Iterator<Item = &BTreeMap<String, Instance>>> = match name {
            Some(name) => Box::new(self.by_name.get(name).into_iter()),
            None => Box::new(self.by_name.values()),
        };
        groups
            .flat_map(BTreeMap::values)
            .filter(|instance| !passing_only || instance.health == Health::Passing)
            .cloned()
            .collect()
    }

    pub fn instance(&self, id: &str) -> Option<Instance> {
        let name = self.name_of.get(id)?;
        self.by_name.get(name)?.get(id).cloned()
    }

    pub fn services(&self) -> Vec<ServiceSummary> {
        self.by_name
            .iter()
            .map(|(name, group)| {
                let mut tags: Vec<String> =
                    group.values().flat_map(|i| i.tags.iter().cloned()).collect();
                tags.sort();
                tags.dedup();
                let passing = group.values().filter(|i| i.health == Health::Passing).count();
                ServiceSummary {
                    name: name.clone(),
                    total: u32::try_from(group.len()).unwrap_or(u32::MAX),
                    passing: u32::try_from(passing).unwrap_or(u32::MAX),
                    tags,
                }
            })
            .collect()
    }

    /// Applies a check's new status to its cached instance.
    fn set_check(
        &mut self,
        instance_id: &str,
        check_id: &str,
        status: Health,
        output: &str,
        at: Millis,
    ) -> Option<Instance> {
        let name = self.name_of.get(instance_id)?;
        let instance = self.by_name.get_mut(name)?.get_mut(instance_id)?;
        let check = instance.checks.iter_mut().find(|c| c.id == check_id)?;
        check.status = status;
        check.output = output.to_owned();
        check.changed_at = db::rfc3339(at);
        instance.health = instance.checks.iter().map(|c| c.status).max().unwrap_or(Health::Passing);
        Some(instance.clone())
    }
}

/// What the writer task needs besides its inbox.
pub(super) struct Writer {
    pub store: Store,
    pub catalog: Arc<RwLock<Catalog>>,
    pub loaded: watch::Sender<bool>,
    pub changes: broadcast::Sender<RegistryChange>,
    pub checker: mpsc::UnboundedSender<CheckerEvent>,
}

impl Writer {
    /// Loads the catalog, then applies queued writes until every sender is gone.
    pub async fn run(self, mut inbox: mpsc::Receiver<Write>) {
        match db::load_all(self.store.pool()).await {
            Ok(instances) => {
                let mut catalog = self.catalog.write().unwrap_or_else(|e| e.into_inner());
                instances.into_iter().for_each(|instance| catalog.insert(instance));
            }
            Err(error) => {
                warn!(%error, "cannot load the registry; starting from what is written next")
            }
        }
        self.loaded.send_replace(true);

        let mut queue = Vec::with_capacity(MAX_BATCH);
        while inbox.recv_many(&mut queue, MAX_BATCH).await > 0 {
            let mut upserts = Vec::new();
            for write in queue.drain(..) {
                match write {
                    Write::Upsert(pending) => upserts.push(*pending),
                    other => {
                        self.upsert(std::mem::take(&mut upserts)).await;
                        self.apply(other).await;
                    }
                }
            }
            self.upsert(upserts).await;
        }
    }

    /// Writes registrations in one transaction (one by one if it fails),
    /// then mirrors and announces them.
    async fn upsert(&self, batch: Vec<PendingUpsert>) {
        if batch.is_empty() {
            return;
        }
        let now = now_ms();
        let items: Vec<db::Upsert<'_>> = batch
            .iter()
            .map(|p| db::Upsert {
                new: &p.new,
                source: p.source,
                container_id: p.container_id.as_deref(),
            })
            .collect();
        let results = match db::upsert_batch(self.store.writer(), &items, now).await {
            Ok(stored) => stored.into_iter().map(Ok).collect(),
            Err(error) if items.len() == 1 => vec![Err(error)],
            // One bad row must not fail the others: retry each on its own.
            Err(_) => {
                let mut results = Vec::with_capacity(items.len());
                for item in &items {
                    let one =
                        db::upsert_batch(self.store.writer(), std::slice::from_ref(item), now);
                    results.push(one.await.map(|mut stored| stored.remove(0)));
                }
                results
            }
        };
        let answers: Vec<Result<(Instance, bool), sqlx::Error>> = items
            .iter()
            .zip(results)
            .map(|(item, result)| {
                result.map(|stored| (db::stored_instance(item, &stored, now), stored.created))
            })
            .collect();
        drop(items);

        for (PendingUpsert { source, reply, .. }, answer) in batch.into_iter().zip(answers) {
            if let Ok((instance, created)) = &answer {
                if *created {
                    let (id, name) = (&instance.id, &instance.name);
                    info!(%id, %name, source = source.as_str(), "instance registered");
                }
                self.catalog.write().unwrap_or_else(|e| e.into_inner()).insert(instance.clone());
                let _ =
                    self.checker.send(CheckerEvent::Schedule { instance_id: instance.id.clone() });
                let _ =
                    self.changes.send(RegistryChange::Registered { instance: instance.clone() });
            }
            let _ = reply.send(answer);
        }
    }

    async fn apply(&self, write: Write) {
        match write {
            Write::Upsert(_) => unreachable!("upserts are batched"),
            Write::Delete { id, reason, reply } => {
                let result = db::delete(self.store.writer(), &id, now_ms()).await;
                if let Ok(Some(name)) = &result {
                    info!(%id, %name, %reason, "instance deregistered");
                    self.catalog.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
                    let _ = self.checker.send(CheckerEvent::Unschedule { instance_id: id.clone() });
                    let _ = self.changes.send(RegistryChange::Deregistered {
                        id: id.clone(),
                        name: name.clone(),
                        reason,
                    });
                }
                let _ = reply.send(result);
            }
            Write::Transition { check_id, instance_id, status, output, reply } => {
                let at = now_ms();
                let result =
                    db::record_transition(self.store.writer(), &check_id, status, &output, at)
                        .await;
                if let Ok(true) = result {
                    let updated = self
                        .catalog
                        .write()
                        .unwrap_or_else(|e| e.into_inner())
                        .set_check(&instance_id, &check_id, status, &output, at);
                    if let Some(instance) = updated {
                        let _ = self.changes.send(RegistryChange::HealthChanged { instance });
                    }
                }
                let _ = reply.send(result);
            }
        }
    }
}
