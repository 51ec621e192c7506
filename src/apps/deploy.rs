//! Deploying an application to the engine and controlling it as one unit.
//!
//! A deploy makes the app's networks and volumes, then starts every service
//! as soon as its dependencies are satisfied: independent services start in
//! parallel, `service_healthy` waits for the engine's health status and
//! `service_completed_successfully` for an exit code of 0. The first failure
//! stops the deploy; what was made stays, labelled, so the app's state is
//! always readable from the engine and tear-down finds everything.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use bollard::models::{
    ContainerCreateBody, EndpointSettings, HealthConfig, HealthStatusEnum, HostConfig, Mount,
    MountType, NetworkConnectRequest, NetworkCreateRequest, NetworkingConfig, PortBinding,
    RestartPolicy, RestartPolicyNameEnum, VolumeCreateRequest,
};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, InspectContainerOptions, ListNetworksOptionsBuilder,
    ListVolumesOptionsBuilder, RemoveContainerOptionsBuilder, RemoveVolumeOptions,
    StartContainerOptions, StopContainerOptions, WaitContainerOptionsBuilder,
};
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{info, instrument, warn};

use super::plan::{self, PlanError};
use super::{AppSpec, DependsOn, MountKind, Restart, ServiceSpec, labels};
use crate::engine::{ContainerSummary, Engine, EngineError};

/// How often a dependency's health is read while waiting for it.
const HEALTH_POLL: Duration = Duration::from_millis(250);

/// The longest wait for a dependency to become healthy or to finish.
const DEPENDENCY_TIMEOUT: Duration = Duration::from_secs(300);

/// Why an app operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    #[error("the app cannot be deployed as written")]
    Plan(#[from] PlanError),
    #[error("cannot read what app {app} has on the engine")]
    ListApp { app: String, source: EngineError },
    #[error("cannot make network {network}")]
    CreateNetwork { network: String, source: bollard::errors::Error },
    #[error("external network {network} does not exist")]
    MissingNetwork { network: String },
    #[error("cannot make volume {volume}")]
    CreateVolume { volume: String, source: bollard::errors::Error },
    #[error("external volume {volume} does not exist")]
    MissingVolume { volume: String },
    #[error("cannot remove {what} of app {app}")]
    TearDown { app: String, what: String, source: bollard::errors::Error },
    #[error("cannot {action} container {container}")]
    Control { action: &'static str, container: String, source: bollard::errors::Error },
}

/// Where one service is in a deploy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "phase", rename_all = "camelCase")]
pub enum ServicePhase {
    Pending,
    /// Waiting for a dependency to reach its condition.
    Waiting {
        on: String,
    },
    Creating,
    Starting,
    /// Started; nothing waits on its health.
    Running,
    Healthy,
    /// Ran to completion with this exit code.
    Completed {
        exit_code: i64,
    },
    /// Already running with this definition; left alone.
    Unchanged,
    Failed {
        reason: String,
    },
    /// Not started because another service failed.
    Cancelled,
}

/// One step of a deploy, for progress views.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DeployProgress {
    pub app: String,
    pub service: String,
    pub phase: ServicePhase,
}

/// How a deploy ended, service by service.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DeployReport {
    pub app: String,
    pub services: BTreeMap<String, ServicePhase>,
    /// The service that stopped the deploy and why, if one did.
    pub failure: Option<(String, String)>,
}

impl DeployReport {
    /// Whether every service reached its goal.
    pub fn succeeded(&self) -> bool {
        self.failure.is_none()
    }
}

/// What a service's containers have reached, as dependents see it.
#[derive(Debug, Clone, PartialEq)]
enum Reached {
    Nothing,
    Started,
    Healthy,
    Exited(i64),
    Failed(String),
}

/// Deploys `app`: creates what is missing, recreates services whose
/// definition changed, starts everything in dependency order.
#[instrument(skip_all, fields(app = %app.name), err(level = "warn"))]
pub async fn deploy(
    engine: &Engine,
    app: &AppSpec,
    progress: impl Fn(DeployProgress) + Send + Sync + 'static,
) -> Result<DeployReport, AppError> {
    let order = plan::start_order(app)?;
    let progress = std::sync::Arc::new(progress);
    let began = std::time::Instant::now();

    ensure_networks(engine, app).await?;
    ensure_volumes(engine, app).await?;
    let existing = containers_by_service(engine, &app.name).await?;

    let mut reached: HashMap<String, watch::Sender<Reached>> = HashMap::new();
    let mut watchers: HashMap<String, watch::Receiver<Reached>> = HashMap::new();
    for name in &order {
        let (tx, rx) = watch::channel(Reached::Nothing);
        reached.insert(name.clone(), tx);
        watchers.insert(name.clone(), rx);
        progress(DeployProgress {
            app: app.name.clone(),
            service: name.clone(),
            phase: ServicePhase::Pending,
        });
    }

    // A failure cancels the rest cooperatively: a task stops at its next
    // wait or before it creates anything, so no engine call is cut off half
    // way (an aborted create could still make a container after the report).
    let (cancel, cancelled) = watch::channel(false);
    let mut tasks = JoinSet::new();
    for name in &order {
        let task = ServiceTask {
            engine: engine.clone(),
            app: app.clone(),
            service: name.clone(),
            existing: existing.get(name).cloned().unwrap_or_default(),
            dependencies: app.services[name]
                .depends_on
                .iter()
                .map(|(dep, condition)| (dep.clone(), *condition, watchers[dep].clone()))
                .collect(),
            reached: reached.remove(name).expect("one sender per service"),
            progress: progress.clone(),
            cancelled: cancelled.clone(),
        };
        tasks.spawn(async move {
            let name = task.service.clone();
            (name, task.run().await)
        });
    }

    let mut services = BTreeMap::new();
    let mut failure = None;
    while let Some(joined) = tasks.join_next().await {
        let Ok((name, phase)) = joined else { continue };
        if let ServicePhase::Failed { reason } = &phase
            && failure.is_none()
        {
            failure = Some((name.clone(), reason.clone()));
            cancel.send_replace(true);
        }
        services.insert(name, phase);
    }
    for name in &order {
        if !services.contains_key(name) {
            services.insert(name.clone(), ServicePhase::Cancelled);
            progress(DeployProgress {
                app: app.name.clone(),
                service: name.clone(),
                phase: ServicePhase::Cancelled,
            });
        }
    }

    let elapsed_ms = began.elapsed().as_millis();
    match &failure {
        None => info!(app = %app.name, services = order.len(), elapsed_ms, "app deployed"),
        Some((service, reason)) => warn!(app = %app.name, %service, %reason, "deploy failed"),
    }
    Ok(DeployReport { app: app.name.clone(), services, failure })
}

/// One service's part of a deploy.
struct ServiceTask<P> {
    engine: Engine,
    app: AppSpec,
    service: String,
    existing: Vec<ContainerSummary>,
    dependencies: Vec<(String, DependsOn, watch::Receiver<Reached>)>,
    reached: watch::Sender<Reached>,
    progress: std::sync::Arc<P>,
    /// Becomes true when another service failed.
    cancelled: watch::Receiver<bool>,
}

impl<P: Fn(DeployProgress) + Send + Sync + 'static> ServiceTask<P> {
    async fn run(mut self) -> ServicePhase {
        let phase = match self.deploy().await {
            Ok(phase) => phase,
            Err(reason) => {
                self.reached.send_replace(Reached::Failed(reason.clone()));
                ServicePhase::Failed { reason }
            }
        };
        self.report(phase.clone());
        phase
    }

    fn report(&self, phase: ServicePhase) {
        (self.progress)(DeployProgress {
            app: self.app.name.clone(),
            service: self.service.clone(),
            phase,
        });
    }

    async fn deploy(&mut self) -> Result<ServicePhase, String> {
        for (dependency, condition, watcher) in &mut self.dependencies {
            (self.progress)(DeployProgress {
                app: self.app.name.clone(),
                service: self.service.clone(),
                phase: ServicePhase::Waiting { on: dependency.clone() },
            });
            match unless_cancelled(&mut self.cancelled, wait_for(dependency, *condition, watcher))
                .await
            {
                Some(result) => result?,
                None => return Ok(ServicePhase::Cancelled),
            }
        }
        if *self.cancelled.borrow() {
            return Ok(ServicePhase::Cancelled);
        }

        let spec = &self.app.services[&self.service];
        let hash = plan::config_hash(&self.app, &self.service);
        let replicas = spec.replicas.max(1) as usize;
        let current =
            self.existing.iter().all(|c| c.labels.get(labels::CONFIG_HASH) == Some(&hash))
                && self.existing.len() == replicas;

        let ids = if current {
            let mut ids = Vec::new();
            for container in &self.existing {
                if !container.state.is_running() {
                    self.engine
                        .start_container(&container.id)
                        .await
                        .map_err(|e| e.to_ui().message)?;
                }
                ids.push(container.id.clone());
            }
            ids
        } else {
            for old in &self.existing {
                self.engine.remove_container(&old.id, true).await.map_err(|e| e.to_ui().message)?;
            }
            self.report(ServicePhase::Creating);
            let mut ids = Vec::new();
            for number in 1..=replicas {
                ids.push(
                    create(&self.engine, &self.app, &self.service, number as u32, &hash).await?,
                );
            }
            self.report(ServicePhase::Starting);
            for id in &ids {
                self.engine.start_container(id).await.map_err(|e| e.to_ui().message)?;
            }
            ids
        };
        self.reached.send_replace(Reached::Started);

        let watched = self.watched_conditions();
        if watched.contains(&DependsOn::ServiceHealthy) && spec.healthcheck.is_some() {
            let healthy = wait_healthy(&self.engine, &ids[0]);
            let Some(result) = unless_cancelled(&mut self.cancelled, healthy).await else {
                return Ok(ServicePhase::Running);
            };
            result?;
            self.reached.send_replace(Reached::Healthy);
            return Ok(ServicePhase::Healthy);
        }
        if watched.contains(&DependsOn::ServiceCompletedSuccessfully) {
            let exited = wait_exit(&self.engine, &ids[0]);
            let Some(result) = unless_cancelled(&mut self.cancelled, exited).await else {
                return Ok(ServicePhase::Running);
            };
            let exit_code = result?;
            self.reached.send_replace(Reached::Exited(exit_code));
            return if exit_code == 0 {
                Ok(ServicePhase::Completed { exit_code })
            } else {
                Err(format!("exited with code {exit_code}"))
            };
        }
        Ok(if current { ServicePhase::Unchanged } else { ServicePhase::Running })
    }

    /// The conditions other services wait on this one for.
    fn watched_conditions(&self) -> Vec<DependsOn> {
        self.app
            .services
            .values()
            .filter_map(|other| other.depends_on.get(&self.service).copied())
            .collect()
    }
}

/// Runs `work` unless the deploy is cancelled first; `None` when it was.
async fn unless_cancelled<T>(
    cancelled: &mut watch::Receiver<bool>,
    work: impl Future<Output = T>,
) -> Option<T> {
    tokio::select! {
        result = work => Some(result),
        _ = cancelled.wait_for(|cancel| *cancel) => None,
    }
}

/// Waits until a dependency reaches `condition`, or fails with why not.
async fn wait_for(
    dependency: &str,
    condition: DependsOn,
    watcher: &mut watch::Receiver<Reached>,
) -> Result<(), String> {
    let satisfied = |reached: &Reached| match (condition, reached) {
        (_, Reached::Failed(_)) => true,
        (DependsOn::ServiceStarted, Reached::Nothing) => false,
        (DependsOn::ServiceStarted, _) => true,
        (DependsOn::ServiceHealthy, Reached::Healthy) => true,
        (DependsOn::ServiceCompletedSuccessfully, Reached::Exited(_)) => true,
        _ => false,
    };
    let reached = watcher
        .wait_for(satisfied)
        .await
        .map_err(|_| format!("dependency {dependency} stopped before it was ready"))?
        .clone();
    match reached {
        Reached::Failed(reason) => Err(format!("dependency {dependency} failed: {reason}")),
        Reached::Exited(code) if code != 0 => {
            Err(format!("dependency {dependency} exited with code {code}"))
        }
        _ => Ok(()),
    }
}

/// Waits for the engine to report a container healthy.
async fn wait_healthy(engine: &Engine, id: &str) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + DEPENDENCY_TIMEOUT;
    loop {
        let inspect = engine
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await
            .map_err(|e| e.to_string())?;
        let state = inspect.state.unwrap_or_default();
        match state.health.and_then(|h| h.status) {
            Some(HealthStatusEnum::HEALTHY) => return Ok(()),
            Some(HealthStatusEnum::UNHEALTHY) => return Err("its healthcheck failed".into()),
            _ if state.running == Some(false) => {
                let code = state.exit_code.unwrap_or_default();
                return Err(format!("exited with code {code} before it was healthy"));
            }
            _ => {}
        }
        if tokio::time::Instant::now() > deadline {
            return Err("not healthy within 5 minutes".into());
        }
        tokio::time::sleep(HEALTH_POLL).await;
    }
}

/// Waits for a container to exit and returns its exit code.
async fn wait_exit(engine: &Engine, id: &str) -> Result<i64, String> {
    let options = WaitContainerOptionsBuilder::new().condition("not-running").build();
    let mut waits = engine.docker.wait_container(id, Some(options));
    match tokio::time::timeout(DEPENDENCY_TIMEOUT, waits.next()).await {
        Ok(Some(Ok(answer))) => Ok(answer.status_code),
        // bollard reports a non-zero exit as an error carrying the code.
        Ok(Some(Err(bollard::errors::Error::DockerContainerWaitError { code, .. }))) => Ok(code),
        Ok(Some(Err(error))) => Err(error.to_string()),
        Ok(None) => Err("the engine ended the wait without an exit code".into()),
        Err(_) => Err("did not finish within 5 minutes".into()),
    }
}

/// Creates one container of a service, attached to all its networks.
async fn create(
    engine: &Engine,
    app: &AppSpec,
    service: &str,
    number: u32,
    hash: &str,
) -> Result<String, String> {
    let spec = &app.services[service];
    let name = plan::container_name(&app.name, service, number);
    let networks = plan::service_networks(spec);
    let endpoint = |key: &str| {
        let mut aliases = vec![service.to_owned()];
        if let Some(member) = spec.networks.get(key) {
            aliases.extend(member.aliases.iter().cloned());
        }
        EndpointSettings { aliases: Some(aliases), ..Default::default() }
    };
    // Engine API 1.41 takes one network at create; the rest are connected
    // before the container starts.
    let first = &networks[0];
    let mut body = container_body(app, service, spec, number, hash);
    body.networking_config = Some(NetworkingConfig {
        endpoints_config: Some(HashMap::from([(plan::network_name(app, first), endpoint(first))])),
    });

    let options = CreateContainerOptionsBuilder::new().name(&name).build();
    let created = engine
        .docker
        .create_container(Some(options), body)
        .await
        .map_err(|e| format!("cannot create {name}: {}", engine_words(&e)))?;
    for key in &networks[1..] {
        let request = NetworkConnectRequest {
            container: created.id.clone(),
            endpoint_config: Some(endpoint(key)),
        };
        engine
            .docker
            .connect_network(&plan::network_name(app, key), request)
            .await
            .map_err(|e| format!("cannot attach {name} to network {key}: {}", engine_words(&e)))?;
    }
    info!(app = %app.name, %service, container = %name, "container created");
    Ok(created.id)
}

/// The engine's create body for a service's container.
fn container_body(
    app: &AppSpec,
    service: &str,
    spec: &ServiceSpec,
    number: u32,
    hash: &str,
) -> ContainerCreateBody {
    let mut container_labels: HashMap<String, String> =
        spec.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (key, value) in [
        (labels::APP, app.name.as_str()),
        (labels::SERVICE, service),
        (labels::CONFIG_HASH, hash),
        (labels::COMPOSE_PROJECT, app.name.as_str()),
        (labels::COMPOSE_SERVICE, service),
        (labels::COMPOSE_CONFIG_HASH, hash),
        (labels::COMPOSE_ONEOFF, "False"),
    ] {
        container_labels.insert(key.to_owned(), value.to_owned());
    }
    container_labels.insert(labels::COMPOSE_NUMBER.to_owned(), number.to_string());

    let mut exposed = Vec::new();
    let mut bindings: HashMap<String, Option<Vec<PortBinding>>> = HashMap::new();
    for port in &spec.ports {
        let key = format!("{}/{}", port.target, port.protocol.as_str());
        if !exposed.contains(&key) {
            exposed.push(key.clone());
        }
        let binding = PortBinding {
            host_ip: port.host_ip.clone(),
            host_port: Some(port.published.map(|p| p.to_string()).unwrap_or_default()),
        };
        bindings
            .entry(key)
            .or_insert_with(|| Some(Vec::new()))
            .get_or_insert_default()
            .push(binding);
    }
    let mounts = spec
        .volumes
        .iter()
        .map(|mount| Mount {
            target: Some(mount.target.clone()),
            source: match mount.kind {
                MountKind::Volume => mount.source.as_deref().map(|key| plan::volume_name(app, key)),
                _ => mount.source.clone(),
            },
            typ: Some(match mount.kind {
                MountKind::Volume => MountType::VOLUME,
                MountKind::Bind => MountType::BIND,
                MountKind::Tmpfs => MountType::TMPFS,
            }),
            read_only: Some(mount.read_only),
            ..Default::default()
        })
        .collect();
    let (restart, retries) = match spec.restart {
        Restart::No => (RestartPolicyNameEnum::NO, None),
        Restart::Always => (RestartPolicyNameEnum::ALWAYS, None),
        Restart::UnlessStopped => (RestartPolicyNameEnum::UNLESS_STOPPED, None),
        Restart::OnFailure { max_retries } => {
            (RestartPolicyNameEnum::ON_FAILURE, Some(i64::from(max_retries)))
        }
    };
    let ns = |ms: Option<u64>| ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX) * 1_000_000);

    ContainerCreateBody {
        image: Some(spec.image.clone()),
        cmd: spec.command.clone(),
        entrypoint: spec.entrypoint.clone(),
        env: Some(spec.environment.iter().map(|(k, v)| format!("{k}={v}")).collect()),
        labels: Some(container_labels),
        exposed_ports: Some(exposed),
        healthcheck: spec.healthcheck.as_ref().map(|check| HealthConfig {
            test: Some(check.test.clone()),
            interval: ns(check.interval_ms),
            timeout: ns(check.timeout_ms),
            retries: check.retries.map(i64::from),
            start_period: ns(check.start_period_ms),
            start_interval: None,
        }),
        host_config: Some(HostConfig {
            port_bindings: Some(bindings),
            mounts: Some(mounts),
            restart_policy: Some(RestartPolicy {
                name: Some(restart),
                maximum_retry_count: retries,
            }),
            memory: spec.memory_bytes,
            nano_cpus: spec.cpus.map(|cores| (cores * 1e9).round() as i64),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The engine's own words for a failure.
fn engine_words(error: &bollard::errors::Error) -> String {
    match error {
        bollard::errors::Error::DockerResponseServerError { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// Makes the app's networks that do not exist yet.
async fn ensure_networks(engine: &Engine, app: &AppSpec) -> Result<(), AppError> {
    let mut keys: Vec<String> = app.networks.keys().cloned().collect();
    let uses_default = app
        .services
        .values()
        .any(|s| s.networks.is_empty() || s.networks.contains_key(plan::DEFAULT_NETWORK));
    if uses_default && !keys.iter().any(|k| k == plan::DEFAULT_NETWORK) {
        keys.push(plan::DEFAULT_NETWORK.to_owned());
    }
    for key in keys {
        let name = plan::network_name(app, &key);
        let filters = HashMap::from([("name".to_owned(), vec![name.clone()])]);
        let options = ListNetworksOptionsBuilder::new().filters(&filters).build();
        let found = engine
            .docker
            .list_networks(Some(options))
            .await
            .map_err(|source| AppError::CreateNetwork { network: name.clone(), source })?;
        // The name filter matches substrings; only an exact name counts.
        if found.iter().any(|n| n.name.as_deref() == Some(name.as_str())) {
            continue;
        }
        let declared = app.networks.get(&key).cloned().unwrap_or_default();
        if declared.external {
            return Err(AppError::MissingNetwork { network: name });
        }
        let mut network_labels: HashMap<String, String> = declared.labels.into_iter().collect();
        network_labels.insert(labels::APP.into(), app.name.clone());
        network_labels.insert(labels::COMPOSE_PROJECT.into(), app.name.clone());
        network_labels.insert(labels::COMPOSE_NETWORK.into(), key.clone());
        let request = NetworkCreateRequest {
            name: name.clone(),
            driver: declared.driver,
            labels: Some(network_labels),
            ..Default::default()
        };
        engine
            .docker
            .create_network(request)
            .await
            .map_err(|source| AppError::CreateNetwork { network: name.clone(), source })?;
        info!(app = %app.name, network = %name, "network created");
    }
    Ok(())
}

/// Makes the app's named volumes that do not exist yet.
async fn ensure_volumes(engine: &Engine, app: &AppSpec) -> Result<(), AppError> {
    for (key, declared) in &app.volumes {
        let name = plan::volume_name(app, key);
        if engine.docker.inspect_volume(&name).await.is_ok() {
            continue;
        }
        if declared.external {
            return Err(AppError::MissingVolume { volume: name });
        }
        let mut volume_labels: HashMap<String, String> =
            declared.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        volume_labels.insert(labels::APP.into(), app.name.clone());
        volume_labels.insert(labels::COMPOSE_PROJECT.into(), app.name.clone());
        volume_labels.insert(labels::COMPOSE_VOLUME.into(), key.clone());
        let request = VolumeCreateRequest {
            name: Some(name.clone()),
            driver: declared.driver.clone(),
            labels: Some(volume_labels),
            ..Default::default()
        };
        engine
            .docker
            .create_volume(request)
            .await
            .map_err(|source| AppError::CreateVolume { volume: name.clone(), source })?;
        info!(app = %app.name, volume = %name, "volume created");
    }
    Ok(())
}

/// The app's containers on the engine, by service.
pub async fn containers_by_service(
    engine: &Engine,
    app: &str,
) -> Result<BTreeMap<String, Vec<ContainerSummary>>, AppError> {
    let containers = engine
        .list_labelled(&labels::app_filter(app))
        .await
        .map_err(|source| AppError::ListApp { app: app.to_owned(), source })?;
    let mut by_service: BTreeMap<String, Vec<ContainerSummary>> = BTreeMap::new();
    for container in containers {
        let service = container.labels.get(labels::SERVICE).cloned().unwrap_or_default();
        by_service.entry(service).or_default().push(container);
    }
    for containers in by_service.values_mut() {
        containers.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(by_service)
}

/// Stops the app's containers, dependents before their dependencies.
#[instrument(skip(engine, app), fields(app = %app.name), err(level = "warn"))]
pub async fn stop_app(engine: &Engine, app: &AppSpec) -> Result<(), AppError> {
    switch_app(engine, app, Switch::Stop).await?;
    info!(app = %app.name, "app stopped");
    Ok(())
}

/// Starts the app's existing containers in dependency order.
#[instrument(skip(engine, app), fields(app = %app.name), err(level = "warn"))]
pub async fn start_app(engine: &Engine, app: &AppSpec) -> Result<(), AppError> {
    switch_app(engine, app, Switch::Start).await?;
    info!(app = %app.name, "app started");
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Switch {
    Start,
    Stop,
}

/// Starts (in dependency order) or stops (in reverse) every container of
/// the app not already in the wanted state.
async fn switch_app(engine: &Engine, app: &AppSpec, switch: Switch) -> Result<(), AppError> {
    let mut order = plan::start_order(app)?;
    if switch == Switch::Stop {
        order.reverse();
    }
    let containers = containers_by_service(engine, &app.name).await?;

    let in_order: Vec<&ContainerSummary> = order
        .iter()
        .filter_map(|service| containers.get(service.as_str()))
        .flat_map(|group| group.iter())
        .collect();
    for container in in_order {
        let running = container.state.is_running();
        let (action, result) = match switch {
            Switch::Start if !running => (
                "start",
                engine.docker.start_container(&container.id, None::<StartContainerOptions>).await,
            ),
            Switch::Stop if running => (
                "stop",
                engine.docker.stop_container(&container.id, None::<StopContainerOptions>).await,
            ),
            _ => continue,
        };
        result.map_err(|source| AppError::Control {
            action,
            container: container.name.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Removes everything carrying the app's label: containers, networks and,
/// when asked, volumes.
#[instrument(skip(engine), err(level = "warn"))]
pub async fn tear_down(engine: &Engine, app: &str, remove_volumes: bool) -> Result<(), AppError> {
    // One failure does not stop the rest: what can go, goes, and the first
    // failure is reported.
    let mut first_error = None;
    let mut keep = |result: Result<(), bollard::errors::Error>, what: String| {
        if let Err(source) = result
            && first_error.is_none()
        {
            first_error = Some(AppError::TearDown { app: app.to_owned(), what, source });
        }
    };
    let filter = labels::app_filter(app);
    let containers = engine
        .list_labelled(&filter)
        .await
        .map_err(|source| AppError::ListApp { app: app.to_owned(), source })?;
    for container in containers {
        let options = RemoveContainerOptionsBuilder::new().force(true).v(true).build();
        keep(engine.docker.remove_container(&container.id, Some(options)).await, container.name);
    }

    let filters = HashMap::from([("label".to_owned(), vec![filter.clone()])]);
    let options = ListNetworksOptionsBuilder::new().filters(&filters).build();
    match engine.docker.list_networks(Some(options)).await {
        Ok(networks) => {
            for network in networks {
                let name = network.name.unwrap_or_default();
                keep(engine.docker.remove_network(&name).await, format!("network {name}"));
            }
        }
        Err(source) => keep(Err(source), "networks".into()),
    }

    if remove_volumes {
        let options = ListVolumesOptionsBuilder::new().filters(&filters).build();
        match engine.docker.list_volumes(Some(options)).await {
            Ok(volumes) => {
                for volume in volumes.volumes.unwrap_or_default() {
                    let removed = engine
                        .docker
                        .remove_volume(&volume.name, None::<RemoveVolumeOptions>)
                        .await;
                    keep(removed, format!("volume {}", volume.name));
                }
            }
            Err(source) => keep(Err(source), "volumes".into()),
        }
    }

    if let Some(error) = first_error {
        return Err(error);
    }
    info!(%app, remove_volumes, "app torn down");
    Ok(())
}

impl AppError {
    /// The interface's view: invalid definitions are the user's to fix,
    /// the rest carries the engine's words.
    pub fn to_ui(&self) -> crate::UiError {
        use crate::ErrorCode;
        let code = match self {
            Self::Plan(_) => ErrorCode::InvalidInput,
            Self::MissingNetwork { .. } | Self::MissingVolume { .. } => ErrorCode::NotFound,
            Self::ListApp { source, .. } if source.is_unreachable() => ErrorCode::EngineUnavailable,
            _ => ErrorCode::Engine,
        };
        crate::UiError::new(code, crate::error::with_cause(self))
    }
}
