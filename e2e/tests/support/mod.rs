//! The window under test: `tauri-driver` started for one test, a WebDriver
//! session on the app binary, and polling waits on the page.
//!
//! Each [`App`] gets its own temporary home (data, cache and config), so no
//! test sees another's settings or WebKit caches. Dropping it stops
//! `tauri-driver` with SIGTERM, which also ends WebKitWebDriver and the app;
//! SIGKILL would leave WebKitWebDriver behind, holding its port.

use std::fs::{self, File};
use std::future::Future;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use berth::engine::{ContainerSpec, ContainerSummary, Engine, KeyValue};
use berth::testkit::{self, Sweeper, TEST_IMAGE, TEST_LABEL};
use thirtyfour::prelude::*;

/// Where tauri-driver listens; it starts WebKitWebDriver on the next port.
const DRIVER_PORT: u16 = 4444;

/// How long a window may take to show a change made elsewhere.
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// How long a stop may take: the engine waits 10 s before killing a process
/// that ignores SIGTERM, as `sleep` does when it runs as PID 1.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(40);

/// A running Berth window driven over WebDriver.
pub struct App {
    /// `None` only once the window is closed.
    driver: Option<WebDriver>,
    /// The registry API of this window, on a port of its own.
    pub registry: String,
    tauri_driver: Child,
    home: PathBuf,
}

impl App {
    /// Opens the app with the machine's Docker engine.
    pub async fn launch() -> Result<App> {
        Self::launch_with(&[]).await
    }

    /// Opens the app with extra environment variables for its process.
    pub async fn launch_with(env: &[(&str, &str)]) -> Result<App> {
        let application = app_binary()?;
        let tauri_driver = tauri_driver_binary()?;
        if port_open(DRIVER_PORT) {
            bail!(
                "127.0.0.1:{DRIVER_PORT} is already taken, probably by a tauri-driver left from an \
                 earlier run; stop it (and its WebKitWebDriver) first"
            );
        }

        let home = fresh_home()?;
        // Each window serves the registry API on a free port, so tests never
        // fight over the default one with a Berth the user has open.
        let registry = format!("127.0.0.1:{}", free_port()?);
        let log_path = home.join("tauri-driver.log");
        let log = File::create(&log_path)?;
        let mut command = Command::new(&tauri_driver);
        command
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env("BERTH_DATA_DIR", home.join("berth"))
            .env("XDG_DATA_HOME", home.join("share"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("BERTH_REGISTRY_LISTEN", &registry)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        for (key, value) in env {
            command.env(key, value);
        }
        let child =
            command.spawn().with_context(|| format!("cannot start {}", tauri_driver.display()))?;
        // From here on, dropping `app` stops the driver whatever fails next.
        let mut app = Launching { child: Some(child), home: home.clone() };

        wait_for_port(app.child.as_mut().expect("set above"), &log_path).await?;
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": application },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal");
        };
        let driver = WebDriver::new(format!("http://127.0.0.1:{DRIVER_PORT}"), capabilities)
            .await
            .with_context(|| {
                format!(
                    "tauri-driver did not open a session on {}; its log:\n{}",
                    application.display(),
                    read_tail(&log_path)
                )
            })?;

        let tauri_driver = app.child.take().expect("set above");
        let app = App { driver: Some(driver), registry, tauri_driver, home };
        // A plain `cargo build` of the app loads the dev server's address
        // instead of the bundled interface and shows "Could not connect".
        let url = app.driver().current_url().await?;
        if url.scheme() != "tauri" {
            bail!(
                "the app opened {url} instead of its bundled interface; rebuild it with \
                 `cargo build -p berth-app --features tauri/custom-protocol`"
            );
        }
        Ok(app)
    }

    /// The WebDriver session on the window.
    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("the window is open until close")
    }

    /// Closes the window; the driver stops when the `App` is dropped.
    pub async fn close(mut self) -> Result<()> {
        if let Some(driver) = self.driver.take() {
            driver.quit().await?;
        }
        Ok(())
    }

    /// Waits until an element matches `css` and returns the first match.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Result<WebElement> {
        let driver = self.driver();
        eventually(timeout, &format!("an element matching {css}"), || async move {
            Ok(driver.find_all(By::Css(css)).await?.into_iter().next())
        })
        .await
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str, timeout: Duration) -> Result<()> {
        let driver = self.driver();
        eventually(timeout, &format!("no element matching {css}"), || async move {
            let found = driver.find_all(By::Css(css)).await?;
            Ok(found.is_empty().then_some(()))
        })
        .await
    }

    /// Whether something matches `css` right now.
    pub async fn has(&self, css: &str) -> Result<bool> {
        Ok(!self.driver().find_all(By::Css(css)).await?.is_empty())
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> Result<String> {
        Ok(self.driver().find(By::Css("body")).await?.text().await?)
    }

    /// Clicks `css`, retrying while the element is re-rendered under us.
    pub async fn click(&self, css: &str) -> Result<()> {
        let driver = self.driver();
        eventually(UI_TIMEOUT, &format!("a click on {css}"), || async move {
            let Some(element) = driver.find_all(By::Css(css)).await?.into_iter().next() else {
                return Ok(None);
            };
            Ok(element.click().await.ok())
        })
        .await
    }

    /// Replaces the text of the input matching `css` with `text`, by typing,
    /// so the page sees the same input events a person's keys make.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let input = self.wait_for(css, UI_TIMEOUT).await?;
        input.click().await?;
        input.send_keys(Key::Control + "a").await?;
        input.send_keys(Key::Backspace).await?;
        input.send_keys(text).await?;
        let value = input.prop("value").await?.unwrap_or_default();
        if value != text {
            bail!("typed {text:?} into {css} but it holds {value:?}");
        }
        Ok(())
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // A test that failed never reached `close`. thirtyfour's own drop
        // would quit the session synchronously, which was seen to block for
        // its two-minute request timeout; stopping tauri-driver ends the
        // session, WebKitWebDriver and the app instead.
        if let Some(driver) = self.driver.take() {
            std::mem::forget(driver);
        }
        stop_driver(&mut self.tauri_driver);
        let _ = fs::remove_dir_all(&self.home);
    }
}

/// Stops the driver if launching fails half way.
struct Launching {
    child: Option<Child>,
    home: PathBuf,
}

impl Drop for Launching {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            stop_driver(child);
            let _ = fs::remove_dir_all(&self.home);
        }
    }
}

/// Polls `probe` every 100 ms until it yields a value or `timeout` passes.
///
/// Errors from the probe count as "not yet" (an element can go stale while
/// React re-renders); the last one is reported if time runs out.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    let mut last_error = None;
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(error) => last_error = Some(error),
        }
        if Instant::now() >= deadline {
            let cause = last_error.map(|e| format!(" (last error: {e:#})")).unwrap_or_default();
            bail!("timed out after {timeout:?} waiting for {what}{cause}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The test engine, with the offline image imported and a sweeper that
/// removes this run's containers when the test ends, passed or not.
pub async fn engine() -> Result<(Engine, Sweeper)> {
    let engine = testkit::connect().await?;
    testkit::ensure_test_image(&engine).await?;
    let sweeper = Sweeper::new(&engine);
    Ok((engine, sweeper))
}

/// A labelled spec in the test image that runs until stopped.
pub fn sleeper(name: &str) -> ContainerSpec {
    ContainerSpec {
        image: TEST_IMAGE.into(),
        name: name.into(),
        command: testkit::SLEEPER.into(),
        labels: vec![KeyValue { key: TEST_LABEL.into(), value: testkit::run_id() }],
        start: true,
        ..Default::default()
    }
}

/// The engine's row for the container named `name`, if it exists.
pub async fn find_by_name(engine: &Engine, name: &str) -> Result<Option<ContainerSummary>> {
    let all = engine.list_containers().await?;
    Ok(all.into_iter().find(|container| container.name == name))
}

/// The selector of a container's row.
pub fn row(name: &str) -> String {
    format!(r#"[data-testid="container-row"][data-name="{name}"]"#)
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// `target/debug/berth-app`, from `CARGO_TARGET_DIR` or this workspace.
fn app_binary() -> Result<PathBuf> {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        // Cargo gives integration tests `<target>/tmp`.
        None => Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("the tmp dir sits in the target dir")
            .to_path_buf(),
    };
    // The figures may drive a release build; the tests drive the debug one.
    let profile = std::env::var("BERTH_APP_PROFILE").unwrap_or_else(|_| "debug".into());
    let binary = std::path::absolute(target.join(profile).join("berth-app"))?;
    if !binary.is_file() {
        bail!(
            "{} is missing; build the app first: (cd ui && npm run build) && \
             cargo build -p berth-app --features tauri/custom-protocol",
            binary.display()
        );
    }
    Ok(binary)
}

/// `tauri-driver` from PATH or `~/.cargo/bin`.
fn tauri_driver_binary() -> Result<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("tauri-driver"));
    let in_cargo =
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo/bin/tauri-driver"));
    on_path.chain(in_cargo).find(|candidate| candidate.is_file()).context(
        "tauri-driver not found on PATH or in ~/.cargo/bin; install it with \
             `cargo install tauri-driver --locked --version ~2.1` (make test does)",
    )
}

/// A new empty folder under cargo's per-target temporary directory.
fn fresh_home() -> Result<PathBuf> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "berth-e2e-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn port_open(port: u16) -> bool {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok()
}

async fn wait_for_port(child: &mut Child, log: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !port_open(DRIVER_PORT) {
        if let Some(status) = child.try_wait()? {
            bail!("tauri-driver exited ({status}) before listening; its log:\n{}", read_tail(log));
        }
        if Instant::now() >= deadline {
            bail!(
                "tauri-driver did not listen on {DRIVER_PORT} within 15 s; its log:\n{}",
                read_tail(log)
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Sends SIGTERM and waits up to 5 s before falling back to SIGKILL.
fn stop_driver(child: &mut Child) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    // std has no portable SIGTERM; the shell's `kill` sends it.
    let _ = Command::new("sh").args(["-c", &format!("kill -TERM {}", child.id())]).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            wait_port_free();
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// WebKitWebDriver may close its port a moment after tauri-driver exits.
fn wait_port_free() {
    let deadline = Instant::now() + Duration::from_secs(5);
    while (port_open(DRIVER_PORT) || port_open(DRIVER_PORT + 1)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn read_tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
