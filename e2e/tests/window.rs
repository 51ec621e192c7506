//! End-to-end tests of the real Berth window, driven over WebDriver.
//!
//! Each test opens the app built by `cargo build -p berth-app --features
//! tauri/custom-protocol` under tauri-driver, against the machine's Docker
//! engine. Run them one at a time under a virtual display, as `make test`
//! does:
//!
//! ```text
//! xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
//!   cargo test -p berth-e2e -- --test-threads=1
//! ```
//!
//! Every container a test makes carries the test label and is removed by the
//! test's sweeper, pass or fail.

mod support;

use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use berth::testkit::{TEST_LABEL, engine_state, run_id, unique_name};
use support::{App, STOP_TIMEOUT, UI_TIMEOUT, eventually, free_port, row, sleeper};

const CONNECTED: &str = r#"[data-testid="engine-status"][data-state="connected"]"#;

#[tokio::test]
async fn a_container_started_through_the_engine_appears_as_a_running_row() -> Result<()> {
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-appears");
    engine.create_container(&sleeper(&name)).await?;

    let app = App::launch().await?;
    app.wait_for(CONNECTED, UI_TIMEOUT).await?;
    let running = format!(r#"{}[data-state="running"]"#, row(&name));
    app.wait_for(&running, UI_TIMEOUT)
        .await
        .context("a running container must be listed with its name and state")?;

    app.close().await
}

#[tokio::test]
async fn the_stop_button_leaves_the_container_exited_in_the_window_and_the_engine() -> Result<()> {
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-stop");
    let id = engine.create_container(&sleeper(&name)).await?;

    let app = App::launch().await?;
    app.wait_for(&format!(r#"{}[data-state="running"]"#, row(&name)), UI_TIMEOUT).await?;
    app.click(&format!(r#"{} button[data-action="stop"]"#, row(&name))).await?;

    app.wait_for(&format!(r#"{}[data-state="exited"]"#, row(&name)), STOP_TIMEOUT)
        .await
        .context("the row must show the stopped container as exited")?;
    let state = engine_state(&engine, &id).await;
    ensure!(
        state.as_deref() == Some("exited"),
        "the engine must agree the container exited, but says {state:?}"
    );

    app.close().await
}

#[tokio::test]
async fn a_stop_made_with_the_docker_cli_reaches_the_row_without_a_reload() -> Result<()> {
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-cli-stop");
    engine.create_container(&sleeper(&name)).await?;

    let app = App::launch().await?;
    app.wait_for(&format!(r#"{}[data-state="running"]"#, row(&name)), UI_TIMEOUT).await?;
    let stopped = Command::new("docker")
        .args(["stop", &name])
        .output()
        .context("cannot run the docker CLI")?;
    ensure!(
        stopped.status.success(),
        "docker stop {name} failed: {}",
        String::from_utf8_lossy(&stopped.stderr)
    );

    // No refresh, no click: only the engine's events can bring this change.
    app.wait_for(&format!(r#"{}[data-state="exited"]"#, row(&name)), UI_TIMEOUT)
        .await
        .context("the row must follow the engine's stop event on its own")?;

    app.close().await
}

#[tokio::test]
async fn the_form_rejects_host_port_70000_at_the_field_then_creates_with_a_free_port() -> Result<()>
{
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-form");
    let app = App::launch().await?;
    app.wait_for(CONNECTED, UI_TIMEOUT).await?;

    app.click(r#"[data-testid="new-container"]"#).await?;
    app.wait_for(r#"form[data-testid="container-form"]"#, UI_TIMEOUT).await?;
    app.type_into(r#"input[name="image"]"#, berth::testkit::TEST_IMAGE).await?;
    app.type_into(r#"input[name="name"]"#, &name).await?;
    app.type_into(r#"input[name="command"]"#, "sleep 300").await?;
    app.click(r#"[data-testid="add-label"]"#).await?;
    app.type_into(r#"input[name="labels.0.key"]"#, TEST_LABEL).await?;
    app.type_into(r#"input[name="labels.0.value"]"#, &run_id()).await?;
    app.click(r#"[data-testid="add-port"]"#).await?;
    app.type_into(r#"input[name="ports.0.hostPort"]"#, "70000").await?;
    app.type_into(r#"input[name="ports.0.containerPort"]"#, "80").await?;
    app.click(r#"[data-testid="create-submit"]"#).await?;

    let port_error = r#"[data-testid="field-error"][data-field="ports.0.hostPort"]"#;
    app.wait_for(port_error, UI_TIMEOUT)
        .await
        .context("port 70000 must be refused at its field")?;
    // Give a create that wrongly went through the time to show up.
    tokio::time::sleep(Duration::from_millis(500)).await;
    ensure!(
        support::find_by_name(&engine, &name).await?.is_none(),
        "a refused form must not create the container"
    );

    let port = free_port()?;
    app.type_into(r#"input[name="ports.0.hostPort"]"#, &port.to_string()).await?;
    app.click(r#"[data-testid="create-submit"]"#).await?;

    app.wait_for(&format!(r#"{}[data-state="running"]"#, row(&name)), UI_TIMEOUT)
        .await
        .context("the created container must be listed as running")?;
    let published = format!("the engine to run {name} publishing host port {port}");
    eventually(UI_TIMEOUT, &published, || {
        let engine = engine.clone();
        let name = name.clone();
        async move {
            let container = support::find_by_name(&engine, &name).await?;
            Ok(container.filter(|c| c.ports.iter().any(|p| p.host_port == Some(port))))
        }
    })
    .await?;
    ensure!(!app.has(port_error).await?, "the corrected port must clear the field error");

    app.close().await
}

#[tokio::test]
async fn force_removing_a_running_container_drops_its_row_and_the_container() -> Result<()> {
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-remove");
    let id = engine.create_container(&sleeper(&name)).await?;

    let app = App::launch().await?;
    app.wait_for(&format!(r#"{}[data-state="running"]"#, row(&name)), UI_TIMEOUT).await?;
    app.click(&format!(r#"{} button[data-action="remove"]"#, row(&name))).await?;
    app.wait_for(r#"[data-testid="confirm-remove"]"#, UI_TIMEOUT).await?;
    app.click(r#"[data-testid="confirm-remove"] input[name="force"]"#).await?;
    app.click(r#"[data-testid="confirm-remove-submit"]"#).await?;

    app.wait_gone(&row(&name), UI_TIMEOUT).await.context("the removed container's row must go")?;
    let left = engine.get_container(&id).await?;
    ensure!(left.is_none(), "the engine must no longer have the container: {left:?}");

    app.close().await
}

#[tokio::test]
async fn an_unreachable_engine_is_shown_as_unavailable_with_its_endpoint() -> Result<()> {
    let socket = "/nonexistent/docker.sock";
    let app = App::launch_with(&[("DOCKER_HOST", &format!("unix://{socket}"))]).await?;

    app.wait_for(r#"[data-testid="engine-status"][data-state="unavailable"]"#, UI_TIMEOUT)
        .await
        .context("no engine at the endpoint must read as unavailable, not connecting")?;
    let text = app.page_text().await?;
    ensure!(
        text.contains(socket),
        "the page must name the endpoint it tried ({socket}); it reads:\n{text}"
    );

    app.close().await
}

const REGISTRATION_FORM: &str = r#"form[data-testid="registration-form"]"#;

/// The selector of a service's group in the registry view.
fn service_group(name: &str) -> String {
    format!(r#"[data-testid="service-group"][data-name="{name}"]"#)
}

/// The instances the window's registry API lists for `name`.
async fn registered(app: &App, name: &str) -> Result<Vec<serde_json::Value>> {
    let url = format!("http://{}/services/{name}", app.registry);
    let answer = reqwest::get(&url).await.with_context(|| format!("GET {url}"))?;
    Ok(answer.json().await?)
}

#[tokio::test]
async fn the_registration_form_refuses_a_bad_port_then_registers_the_instance() -> Result<()> {
    let name = unique_name("e2e-reg");
    let app = App::launch().await?;
    app.click(r#"[data-testid="nav-registry"]"#).await?;
    app.click(r#"[data-testid="new-registration"]"#).await?;
    app.wait_for(REGISTRATION_FORM, UI_TIMEOUT).await?;
    app.type_into(&format!(r#"{REGISTRATION_FORM} input[name="name"]"#), &name).await?;
    app.type_into(&format!(r#"{REGISTRATION_FORM} input[name="port"]"#), "70000").await?;
    app.click(r#"[data-testid="registration-submit"]"#).await?;

    app.wait_for(r#"[data-testid="field-error"][data-field="port"]"#, UI_TIMEOUT)
        .await
        .context("port 70000 must be refused at its field")?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    ensure!(registered(&app, &name).await?.is_empty(), "a refused form must store nothing");

    app.type_into(&format!(r#"{REGISTRATION_FORM} input[name="port"]"#), "8080").await?;
    app.click(r#"[data-testid="registration-submit"]"#).await?;

    app.wait_for(&service_group(&name), UI_TIMEOUT)
        .await
        .context("the registered service must be listed")?;
    let stored = registered(&app, &name).await?;
    ensure!(stored.len() == 1, "the registry must hold one instance: {stored:?}");
    ensure!(stored[0]["port"] == 8080, "with the corrected port: {stored:?}");
    ensure!(stored[0]["source"] == "form", "registered by the form: {stored:?}");

    app.close().await
}

#[tokio::test]
async fn an_instance_registered_over_the_api_appears_without_a_reload() -> Result<()> {
    let name = unique_name("e2e-api");
    let app = App::launch().await?;
    app.click(r#"[data-testid="nav-registry"]"#).await?;
    app.wait_for(r#"[data-testid="registry-api-address"]"#, UI_TIMEOUT).await?;

    let body = serde_json::json!({"name": name, "port": 9090, "url": "http://localhost:9090"});
    let answer = reqwest::Client::new()
        .post(format!("http://{}/services", app.registry))
        .json(&body)
        .send()
        .await?;
    ensure!(answer.status() == 200, "the API must accept the registration: {}", answer.status());
    let instance: serde_json::Value = answer.json().await?;
    let id = instance["id"].as_str().context("the answer names the instance")?;

    app.wait_for(&service_group(&name), UI_TIMEOUT)
        .await
        .context("only the registry's events can bring the new service into view")?;
    app.wait_for(&format!(r#"[data-testid="instance-row"][data-id="{id}"]"#), UI_TIMEOUT).await?;
    let address = app.page_text().await?;
    ensure!(address.contains(&app.registry), "the view names the API address it serves");

    app.close().await
}

/// A two-service compose file in the test image, labelled for the sweeper.
fn compose_text() -> String {
    let sleeper = berth::testkit::SLEEPER.replace('$', "$$");
    let label = format!("{TEST_LABEL}={}", run_id());
    format!(
        "services:\n  db:\n    image: {image}\n    command: {sleeper:?}\n    \
         labels: [{label:?}]\n  web:\n    image: {image}\n    command: {sleeper:?}\n    \
         labels: [{label:?}]\n    depends_on: [db]\n    build: .\n",
        image = berth::testkit::TEST_IMAGE,
    )
}

#[tokio::test]
async fn a_pasted_compose_file_is_previewed_saved_and_deployed_as_one_app() -> Result<()> {
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-app").replace('-', "");
    let _teardown = berth::testkit::AppGuard::new(&engine, &name);
    let app = App::launch().await?;
    app.wait_for(CONNECTED, UI_TIMEOUT).await?;

    app.click(r#"[data-testid="nav-apps"]"#).await?;
    app.click(r#"[data-testid="import-compose"]"#).await?;
    app.type_into(r#"input[name="appName"]"#, &name).await?;
    // WebKitWebDriver drops "\n" from typed text: each line ends with Enter.
    let area = app.wait_for(r#"textarea[name="composeText"]"#, UI_TIMEOUT).await?;
    area.click().await?;
    for line in compose_text().lines() {
        area.send_keys(line).await?;
        area.send_keys(thirtyfour::Key::Enter).await?;
    }
    app.wait_for(r#"[data-testid="compose-preview"]"#, UI_TIMEOUT)
        .await
        .context("a valid file must be previewed")?;
    let warning = app.wait_for(r#"[data-testid="compose-warning"]"#, UI_TIMEOUT).await?;
    let text = warning.text().await?;
    ensure!(text.contains("build"), "the unsupported key is listed with its line: {text}");
    app.click(r#"[data-testid="compose-save-deploy"]"#).await?;

    let card = format!(r#"[data-testid="app-card"][data-name="{name}"]"#);
    app.wait_for(&format!(r#"{card}[data-running="2"][data-total="2"]"#), STOP_TIMEOUT)
        .await
        .context("the card must show both services running")?;
    let filter = berth::apps::labels::app_filter(&name);
    let running = engine.list_labelled(&filter).await?;
    ensure!(running.len() == 2, "the engine runs both services: {running:?}");

    app.close().await
}
#[tokio::test]
async fn the_cost_dashboard_shows_what_a_running_app_and_a_priced_instance_cost() -> Result<()> {
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-spin");
    let mut spinner = sleeper(&name);
    spinner.command = "sh -c 'yes > /dev/null'".into();
    spinner.cpus = Some(0.2);
    engine.create_container(&spinner).await?;
    let app = App::launch_with(&[("BERTH_COST_INTERVAL", "1s")]).await?;
    app.wait_for(CONNECTED, UI_TIMEOUT).await?;
    let body =
        serde_json::json!({"name": unique_name("e2e-billed"), "port": 8080, "hourlyCost": 36});
    let answer = reqwest::Client::new()
        .post(format!("http://{}/services", app.registry))
        .json(&body)
        .send()
        .await?;
    ensure!(answer.status() == 200, "the priced instance must register");

    app.click(r#"[data-testid="nav-costs"]"#).await?;
    let positive = |id: &'static str| {
        let app = &app;
        async move {
            let element = app.wait_for(&format!(r#"[data-testid="{id}"]"#), UI_TIMEOUT).await?;
            let value: f64 = element.attr("data-value").await?.unwrap_or_default().parse()?;
            Ok::<_, anyhow::Error>((value > 0.0).then_some(value))
        }
    };
    eventually(Duration::from_secs(60), "a non-zero C", || positive("kpi-c")).await?;
    eventually(Duration::from_secs(60), "a non-zero R", || positive("kpi-r")).await?;
    let chart = app.wait_for(r#"[data-testid="cost-chart"]"#, UI_TIMEOUT).await?;
    let series = chart.attr("data-series").await?.unwrap_or_default();
    ensure!(
        series.contains("orchestration") && series.contains("registration"),
        "the chart must draw both C and R: {series}"
    );

    app.close().await
}

#[tokio::test]
async fn the_detail_streams_logs_by_stream_and_live_stats() -> Result<()> {
    let (engine, _sweeper) = support::engine().await?;
    let name = unique_name("e2e-detail");
    let mut talker = sleeper(&name);
    talker.command = "sh -c 'echo hello-out; echo hello-err >&2; exec sleep 300'".into();
    engine.create_container(&talker).await?;

    let app = App::launch().await?;
    app.wait_for(&format!(r#"{}[data-state="running"]"#, row(&name)), UI_TIMEOUT).await?;
    app.click(&row(&name)).await?;
    app.wait_for(r#"[data-testid="container-detail"]"#, UI_TIMEOUT).await?;

    let out = app.wait_for(r#"[data-testid="logs"] [data-stream="stdout"]"#, UI_TIMEOUT).await?;
    let err = app.wait_for(r#"[data-testid="logs"] [data-stream="stderr"]"#, UI_TIMEOUT).await?;
    ensure!(out.text().await?.contains("hello-out"), "stdout line shown as stdout");
    ensure!(err.text().await?.contains("hello-err"), "stderr line shown as stderr");
    let memory = eventually(UI_TIMEOUT, "a memory reading", || {
        let app = &app;
        async move {
            let card = app.wait_for(r#"[data-testid="stats-memory"]"#, UI_TIMEOUT).await?;
            let text = card.text().await?;
            Ok((!text.contains('—') && text.contains('B')).then_some(text))
        }
    })
    .await?;
    ensure!(memory.contains("of "), "memory is shown against its limit: {memory}");

    app.close().await
}
