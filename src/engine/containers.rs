//! Container operations: list, inspect, create, start, stop, restart, remove.
//!
//! Each operation is logged once at info with the container and how long the
//! engine took; failures are logged at warn with the cause.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use bollard::models::{ContainerInspectResponse, ContainerSummaryStateEnum, PortSummaryTypeEnum};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, InspectContainerOptions, ListContainersOptionsBuilder,
    ListImagesOptionsBuilder, RemoveContainerOptionsBuilder, RestartContainerOptions,
    StartContainerOptions, StopContainerOptions,
};
use tracing::{info, instrument};

use super::{
    ContainerDetail, ContainerSpec, ContainerState, ContainerSummary, Engine, EngineError,
    ImageSummary, MountSummary, NetworkSummary, Protocol, PublishedPort,
};

impl Engine {
    /// Every container of the engine, running or not, newest first.
    #[instrument(skip(self), err(level = "warn"))]
    pub async fn list_containers(&self) -> Result<Vec<ContainerSummary>, EngineError> {
        self.list_filtered(HashMap::new()).await
    }

    /// The list row of one container, or `None` when it no longer exists.
    pub async fn get_container(&self, id: &str) -> Result<Option<ContainerSummary>, EngineError> {
        let filters = HashMap::from([("id".to_owned(), vec![id.to_owned()])]);
        let rows = self.list_filtered(filters).await?;
        Ok(rows.into_iter().find(|row| row.id.starts_with(id) || row.name == id))
    }

    /// Containers carrying a label (`key` or `key=value`).
    pub async fn list_labelled(&self, label: &str) -> Result<Vec<ContainerSummary>, EngineError> {
        let filters = HashMap::from([("label".to_owned(), vec![label.to_owned()])]);
        self.list_filtered(filters).await
    }

    async fn list_filtered(
        &self,
        filters: HashMap<String, Vec<String>>,
    ) -> Result<Vec<ContainerSummary>, EngineError> {
        let options = ListContainersOptionsBuilder::new().all(true).filters(&filters).build();
        let rows = self
            .docker
            .list_containers(Some(options))
            .await
            .map_err(|source| EngineError::ListContainers { source })?;
        Ok(rows.into_iter().map(summarise).collect())
    }

    /// The inspect summary of one container.
    #[instrument(skip(self), err(level = "warn"))]
    pub async fn inspect_container(&self, id: &str) -> Result<ContainerDetail, EngineError> {
        let inspect = self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await
            .map_err(|source| EngineError::InspectContainer { id: id.to_owned(), source })?;
        let summary =
            self.get_container(inspect.id.as_deref().unwrap_or(id)).await?.ok_or_else(|| {
                EngineError::InspectContainer {
                    id: id.to_owned(),
                    source: bollard::errors::Error::DockerResponseServerError {
                        status_code: 404,
                        message: format!("No such container: {id}"),
                    },
                }
            })?;
        Ok(detail(summary, inspect))
    }

    /// Creates a container from the form's value and starts it if asked.
    ///
    /// Returns the new container's id. Invalid input fails with
    /// [`EngineError::InvalidSpec`] before anything reaches the engine. When
    /// the start fails, the created container is kept (as `docker run` does)
    /// and the start's error is returned.
    #[instrument(skip_all, fields(image = %spec.image, name = %spec.name), err(level = "warn"))]
    pub async fn create_container(&self, spec: &ContainerSpec) -> Result<String, EngineError> {
        spec.validate().map_err(|fields| EngineError::InvalidSpec { fields })?;
        let began = Instant::now();

        let mut options = CreateContainerOptionsBuilder::new();
        if !spec.name.is_empty() {
            options = options.name(&spec.name);
        }
        let created = self
            .docker
            .create_container(Some(options.build()), spec.to_create_body())
            .await
            .map_err(|source| EngineError::CreateContainer { name: spec.name.clone(), source })?;
        let id = short(&created.id);
        info!(%id, name = %spec.name, elapsed_ms = ms(began), "container created");

        if spec.start {
            self.start_container(&created.id).await?;
        }
        Ok(created.id)
    }

    /// Starts a container; fails with `AlreadyInState` when it runs.
    #[instrument(skip(self), err(level = "warn"))]
    pub async fn start_container(&self, id: &str) -> Result<(), EngineError> {
        let began = Instant::now();
        if self.is_running(id).await? {
            return Err(EngineError::AlreadyInState { id: id.to_owned(), state: "running" });
        }
        self.docker
            .start_container(id, None::<StartContainerOptions>)
            .await
            .map_err(|source| EngineError::StartContainer { id: id.to_owned(), source })?;
        info!(id = %short(id), elapsed_ms = ms(began), "container started");
        Ok(())
    }

    /// Stops a container (the engine's default grace period, then a kill).
    #[instrument(skip(self), err(level = "warn"))]
    pub async fn stop_container(&self, id: &str) -> Result<(), EngineError> {
        let began = Instant::now();
        if !self.is_running(id).await? {
            return Err(EngineError::AlreadyInState { id: id.to_owned(), state: "stopped" });
        }
        self.docker
            .stop_container(id, None::<StopContainerOptions>)
            .await
            .map_err(|source| EngineError::StopContainer { id: id.to_owned(), source })?;
        info!(id = %short(id), elapsed_ms = ms(began), "container stopped");
        Ok(())
    }

    /// Restarts a container, starting it if it was stopped.
    #[instrument(skip(self), err(level = "warn"))]
    pub async fn restart_container(&self, id: &str) -> Result<(), EngineError> {
        let began = Instant::now();
        self.docker
            .restart_container(id, None::<RestartContainerOptions>)
            .await
            .map_err(|source| EngineError::RestartContainer { id: id.to_owned(), source })?;
        info!(id = %short(id), elapsed_ms = ms(began), "container restarted");
        Ok(())
    }

    /// Removes a container. A running one is refused unless `force` is set.
    #[instrument(skip(self), err(level = "warn"))]
    pub async fn remove_container(&self, id: &str, force: bool) -> Result<(), EngineError> {
        let began = Instant::now();
        if !force && self.is_running(id).await? {
            return Err(EngineError::RemoveRunning { id: id.to_owned() });
        }
        let options = RemoveContainerOptionsBuilder::new().force(force).v(false).build();
        self.docker
            .remove_container(id, Some(options))
            .await
            .map_err(|source| EngineError::RemoveContainer { id: id.to_owned(), source })?;
        info!(id = %short(id), force, elapsed_ms = ms(began), "container removed");
        Ok(())
    }

    /// Local images, newest first, for the form's image picker.
    pub async fn list_images(&self) -> Result<Vec<ImageSummary>, EngineError> {
        let options = ListImagesOptionsBuilder::new().all(false).build();
        let images = self
            .docker
            .list_images(Some(options))
            .await
            .map_err(|source| EngineError::ListImages { source })?;
        let mut images: Vec<ImageSummary> = images
            .into_iter()
            .map(|image| ImageSummary {
                id: image.id,
                tags: image.repo_tags.into_iter().filter(|tag| tag != "<none>:<none>").collect(),
                size: image.size,
                created: image.created,
            })
            .collect();
        images.sort_by_key(|image| std::cmp::Reverse(image.created));
        Ok(images)
    }

    /// Whether the engine reports the container as running.
    async fn is_running(&self, id: &str) -> Result<bool, EngineError> {
        let inspect = self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await
            .map_err(|source| EngineError::InspectContainer { id: id.to_owned(), source })?;
        Ok(inspect.state.and_then(|state| state.running).unwrap_or(false))
    }
}

/// Milliseconds since `began`, for log fields.
fn ms(began: Instant) -> u64 {
    began.elapsed().as_millis().try_into().unwrap_or(u64::MAX)
}

/// The first twelve characters of an id, as the docker CLI shows it.
fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// Distils the engine's list row into Berth's.
fn summarise(row: bollard::models::ContainerSummary) -> ContainerSummary {
    let name = row
        .names
        .unwrap_or_default()
        .into_iter()
        .next()
        .map(|name| name.trim_start_matches('/').to_owned())
        .unwrap_or_default();
    let state = row.state.map_or(ContainerState::Unknown, |state| match state {
        ContainerSummaryStateEnum::EMPTY => ContainerState::Unknown,
        other => ContainerState::from_engine(other.as_ref()),
    });

    let mut ports: Vec<PublishedPort> = row
        .ports
        .unwrap_or_default()
        .into_iter()
        .map(|port| PublishedPort {
            host_ip: port.ip.filter(|ip| !ip.is_empty() && ip != "0.0.0.0" && ip != "::"),
            host_port: port.public_port,
            container_port: port.private_port,
            protocol: match port.typ {
                Some(PortSummaryTypeEnum::UDP) => Protocol::Udp,
                Some(PortSummaryTypeEnum::SCTP) => Protocol::Sctp,
                _ => Protocol::Tcp,
            },
        })
        .collect();
    // The engine lists a wildcard binding once for IPv4 and once for IPv6.
    ports.sort();
    ports.dedup();

    ContainerSummary {
        id: row.id.unwrap_or_default(),
        name,
        image: row.image.unwrap_or_default(),
        state,
        status: row.status.unwrap_or_default(),
        ports,
        created: row.created.unwrap_or_default(),
        labels: row.labels.unwrap_or_default().into_iter().collect::<BTreeMap<_, _>>(),
    }
}

/// Builds the detail view from a list row and the inspect answer.
fn detail(summary: ContainerSummary, inspect: ContainerInspectResponse) -> ContainerDetail {
    let config = inspect.config.unwrap_or_default();
    let host = inspect.host_config.unwrap_or_default();
    let state = inspect.state.unwrap_or_default();

    let mut command = config.entrypoint.unwrap_or_default();
    command.extend(config.cmd.unwrap_or_default());
    let mounts = inspect
        .mounts
        .unwrap_or_default()
        .into_iter()
        .map(|mount| MountSummary {
            kind: mount.typ.map(|t| t.to_string()).unwrap_or_default(),
            source: mount.name.or(mount.source).unwrap_or_default(),
            destination: mount.destination.unwrap_or_default(),
            read_write: mount.rw.unwrap_or(true),
        })
        .collect();
    let networks = inspect
        .network_settings
        .and_then(|settings| settings.networks)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, endpoint)| NetworkSummary {
            name,
            ip_address: endpoint.ip_address.filter(|ip| !ip.is_empty()),
            aliases: endpoint.aliases.unwrap_or_default(),
        })
        .collect();
    let restart_policy = host
        .restart_policy
        .and_then(|policy| policy.name)
        .map(|name| name.to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "no".into());
    let started_at = state.started_at.filter(|at| !at.starts_with("0001-"));
    let exit_code = (!summary.state.is_running()).then_some(state.exit_code).flatten();

    ContainerDetail {
        summary,
        command,
        env: config.env.unwrap_or_default(),
        mounts,
        networks,
        restart_policy,
        memory_limit: host.memory.unwrap_or_default(),
        cpu_limit: host.nano_cpus.unwrap_or_default() as f64 / 1e9,
        started_at,
        exit_code,
    }
}
