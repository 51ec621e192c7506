//! The `berth app` commands, run as a user would.

use std::process::Command;

use berth::testkit::{TEST_IMAGE, TEST_LABEL, count_networks_and_volumes, unique_name};

use crate::setup;

fn berth(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_berth"))
        .args(args)
        .env("BERTH_DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the berth binary runs")
}

#[test]
fn app_config_prints_the_model_and_warns_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("compose.yml");
    let text = "services:\n  web:\n    image: nginx:${TAG:-1.27}\n    build: .\n    \
                ports: [\"8080:80\"]\n";
    std::fs::write(&file, text).unwrap();

    let output = berth(&["app", "config", file.to_str().unwrap(), "--name", "site"], dir.path());

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(model["name"], "site");
    assert_eq!(model["services"]["web"]["image"], "nginx:1.27", "the default was applied");
    assert_eq!(model["services"]["web"]["ports"][0]["published"], 8080);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(":4:5:") && stderr.contains("build"), "warned with the line: {stderr}");
}

#[test]
fn app_config_fails_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("compose.yml");
    std::fs::write(&file, "services:\n  web:\n    image: x\n    ports: [\"70000:80\"]\n").unwrap();

    let output = berth(&["app", "config", file.to_str().unwrap()], dir.path());

    assert!(!output.status.success(), "a bad file fails");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("compose.yml:4:"), "names the line: {stderr}");
    assert!(output.stdout.is_empty(), "prints no model");
}

#[tokio::test]
async fn app_up_then_down_leaves_nothing_behind() {
    let (engine, sweeper) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let name = unique_name("cli");
    let file = dir.path().join("compose.yml");
    let label = format!("{TEST_LABEL}={}", sweeper.value());
    let text = format!(
        "services:\n  one:\n    image: {TEST_IMAGE}\n    command: {sleeper:?}\n    \
         labels: [{label:?}]\n  two:\n    image: {TEST_IMAGE}\n    command: {sleeper:?}\n    \
         labels: [{label:?}]\n    depends_on: [one]\n    volumes: [\"data:/data\"]\n\
         volumes:\n  data:\n",
        sleeper = berth::testkit::SLEEPER.replace('$', "$$"),
    );
    std::fs::write(&file, text).unwrap();

    let up = berth(&["app", "up", file.to_str().unwrap(), "--name", &name], dir.path());
    assert!(up.status.success(), "{}", String::from_utf8_lossy(&up.stderr));
    let filter = berth::apps::labels::app_filter(&name);
    let running = engine.list_labelled(&filter).await.unwrap();
    assert_eq!(running.len(), 2, "both services run");
    assert!(running.iter().all(|c| c.state.is_running()));

    let down = berth(&["app", "down", &name, "--volumes"], dir.path());
    assert!(down.status.success(), "{}", String::from_utf8_lossy(&down.stderr));
    assert!(engine.list_labelled(&filter).await.unwrap().is_empty(), "no container left");
    assert_eq!(count_networks_and_volumes(&engine, &filter).await, (0, 0), "nothing left");
}
