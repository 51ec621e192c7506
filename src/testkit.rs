//! Support for tests that run against a real Docker engine.
//!
//! Nothing can be pulled on the machines Berth is tested on, so the test
//! image is made offline: a tarball of the host's static busybox with links
//! for its applets, imported as [`TEST_IMAGE`]. Every container a test makes
//! carries [`TEST_LABEL`]; a [`Sweeper`] removes them when dropped, and
//! [`sweep_all`] removes leftovers of earlier runs.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use std::collections::HashMap;

use bollard::models::ContainerInspectResponse;
use bollard::query_parameters::{
    CreateImageOptionsBuilder, InspectContainerOptions, ListNetworksOptionsBuilder,
    ListVolumesOptionsBuilder,
};
use futures_util::StreamExt;

use crate::engine::{Endpoint, Engine, EngineError};

/// The offline image tests run. The tag is the image's revision: change it
/// when [`APPLETS`] changes so older imports are not reused.
pub const TEST_IMAGE: &str = "berth-test/busybox:r1";

/// A command that runs until stopped and exits at once on SIGTERM. (A bare
/// `sleep` as PID 1 ignores SIGTERM, so every stop would wait out the
/// engine's ten-second grace period.)
pub const SLEEPER: &str = "sh -c 'trap \"exit 0\" TERM; sleep 300 & wait'";

/// The label every test container carries; its value names the test run.
pub const TEST_LABEL: &str = "dev.berth.test";

/// Where Debian's `busybox-static` installs the binary.
const BUSYBOX: &str = "/bin/busybox";

/// The applets linked into the image.
const APPLETS: &[&str] = &[
    "sh", "sleep", "echo", "cat", "httpd", "yes", "head", "true", "false", "ls", "wget", "nc",
    "dd", "env", "seq", "printf",
];

/// Why the test setup failed.
#[derive(Debug, thiserror::Error)]
pub enum TestkitError {
    #[error(
        "no Docker engine answers ({0}); start one with `make test` (which starts dockerd) \
         or `sudo dockerd &`"
    )]
    NoEngine(EngineError),
    #[error("cannot read {BUSYBOX} (install Debian's busybox-static)")]
    Busybox(#[source] std::io::Error),
    #[error("cannot import the test image")]
    Import(#[source] bollard::errors::Error),
}

/// Connects to the engine the tests use (`DOCKER_HOST` or the local socket).
pub async fn connect() -> Result<Engine, TestkitError> {
    Engine::connect(&Endpoint::from_env()).await.map_err(TestkitError::NoEngine)
}

/// Imports [`TEST_IMAGE`] unless the engine already has it.
pub async fn ensure_test_image(engine: &Engine) -> Result<(), TestkitError> {
    // Tests run concurrently; one import at a time keeps them from each
    // importing their own copy.
    static IMPORT: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one_at_a_time = IMPORT.lock().await;
    if engine.docker.inspect_image(TEST_IMAGE).await.is_ok() {
        return Ok(());
    }
    let tarball = busybox_tarball(Path::new(BUSYBOX)).map_err(TestkitError::Busybox)?;
    let (repo, tag) = TEST_IMAGE.split_once(':').unwrap_or((TEST_IMAGE, "latest"));
    let options = CreateImageOptionsBuilder::new().from_src("-").repo(repo).tag(tag).build();
    let mut progress =
        engine.docker.create_image(Some(options), Some(bollard::body_full(tarball.into())), None);
    while let Some(step) = progress.next().await {
        step.map_err(TestkitError::Import)?;
    }
    Ok(())
}

/// A tar holding `/bin/busybox` and a link per applet.
fn busybox_tarball(busybox: &Path) -> std::io::Result<Vec<u8>> {
    let mut tar = tar::Builder::new(Vec::new());
    tar.append_path_with_name(busybox, "bin/busybox")?;
    for applet in APPLETS {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Symlink);
        header.set_size(0);
        header.set_mode(0o777);
        tar.append_link(&mut header, format!("bin/{applet}"), "busybox")?;
    }
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Directory);
    header.set_size(0);
    header.set_mode(0o1777);
    tar.append_data(&mut header, "tmp", std::io::empty())?;
    tar.into_inner()
}

/// A unique container name for this process: `prefix-PID-N`.
pub fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The label value of this test process.
pub fn run_id() -> String {
    std::process::id().to_string()
}

/// Removes the test containers of one scope when dropped, even when a test
/// panics. Label a container with `TEST_LABEL=<sweeper.value()>` to put it in
/// the sweeper's scope.
pub struct Sweeper {
    engine: Engine,
    value: String,
}

impl Sweeper {
    /// A sweeper for the whole process: the label value is [`run_id`]. Fits
    /// tests that run one at a time.
    pub fn new(engine: &Engine) -> Self {
        Self { engine: engine.clone(), value: run_id() }
    }

    /// A sweeper with a scope of its own, for tests that run concurrently in
    /// one process.
    pub fn scoped(engine: &Engine) -> Self {
        Self { engine: engine.clone(), value: unique_name("scope") }
    }

    /// The value of [`TEST_LABEL`] this sweeper removes.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl Drop for Sweeper {
    fn drop(&mut self) {
        let engine = self.engine.clone();
        let label = format!("{TEST_LABEL}={}", self.value);
        block_on_detached(async move { remove_labelled(&engine, &label).await });
    }
}

/// Tears an application down (volumes included) when dropped, pass or fail.
pub struct AppGuard {
    engine: Engine,
    name: String,
}

impl AppGuard {
    pub fn new(engine: &Engine, name: &str) -> Self {
        Self { engine: engine.clone(), name: name.to_owned() }
    }
}

impl Drop for AppGuard {
    fn drop(&mut self) {
        let (engine, name) = (self.engine.clone(), self.name.clone());
        block_on_detached(async move {
            let _ = crate::apps::tear_down(&engine, &name, true).await;
        });
    }
}

/// Runs `work` to completion from a `Drop`, which may run inside or outside
/// a runtime: a fresh thread with its own runtime works in both.
fn block_on_detached(work: impl Future<Output = ()> + Send + 'static) {
    let _ = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
        if let Ok(runtime) = runtime {
            runtime.block_on(work);
        }
    })
    .join();
}

/// Removes every container carrying [`TEST_LABEL`], from any run.
pub async fn sweep_all(engine: &Engine) {
    remove_labelled(engine, TEST_LABEL).await;
}

async fn remove_labelled(engine: &Engine, label: &str) {
    let Ok(containers) = engine.list_labelled(label).await else {
        return;
    };
    for container in containers {
        let _ = engine.remove_container(&container.id, true).await;
    }
}

/// The engine's own view of a container's state word (`running`, `exited`).
pub async fn engine_state(engine: &Engine, id: &str) -> Option<String> {
    let inspect =
        engine.docker.inspect_container(id, None::<InspectContainerOptions>).await.ok()?;
    inspect.state?.status.map(|status| status.to_string())
}

/// The engine's whole inspect answer for a container.
pub async fn inspect(engine: &Engine, id: &str) -> Option<ContainerInspectResponse> {
    engine.docker.inspect_container(id, None::<InspectContainerOptions>).await.ok()
}

/// How many networks and volumes carry a label (`key=value`).
pub async fn count_networks_and_volumes(engine: &Engine, label: &str) -> (usize, usize) {
    let filters = HashMap::from([("label".to_owned(), vec![label.to_owned()])]);
    let networks = engine
        .docker
        .list_networks(Some(ListNetworksOptionsBuilder::new().filters(&filters).build()))
        .await
        .map_or(usize::MAX, |n| n.len());
    let volumes = engine
        .docker
        .list_volumes(Some(ListVolumesOptionsBuilder::new().filters(&filters).build()))
        .await
        .map_or(usize::MAX, |v| v.volumes.unwrap_or_default().len());
    (networks, volumes)
}
