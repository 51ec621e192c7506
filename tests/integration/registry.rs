//! The registry through a real `berth serve` on loopback and a real SQLite
//! file: the documented request shape, re-registration, each bad request
//! class, health filtering, TTLs, deregister-after, auto-registration,
//! durability across kill -9, and concurrent registrations.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use berth::engine::{KeyValue, PortMapping};
use berth::registry::SERVICE_LABEL;
use berth::testkit::unique_name;
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::serve::{Serve, free_port};
use crate::{setup, spec};

const WAIT: Duration = Duration::from_secs(20);

fn ids(body: &Value) -> Vec<String> {
    body.as_array()
        .map(|list| list.iter().filter_map(|i| i["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_documented_post_shape_answers_the_stored_instance() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), false).await;

    let body = r#"{"name":"my-service","port":8080,"url":"http://localhost:8080"}"#;
    let (status, instance) = serve.post("/services", body).await;

    assert_eq!(status, 200, "{instance}");
    assert_eq!(instance["name"], "my-service");
    assert_eq!(instance["port"], 8080);
    assert_eq!(instance["url"], "http://localhost:8080", "kept as sent");
    assert_eq!(instance["address"], "localhost", "defaults to the URL's host");
    assert_eq!(instance["health"], "passing", "no check means passing");
    let id = instance["id"].as_str().unwrap();
    let (status, fetched) = serve.get(&format!("/services/my-service/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(fetched["id"], id);
}

#[tokio::test]
async fn registering_again_updates_instead_of_duplicating() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), false).await;
    let first = json!({"name": "web", "port": 8080, "tags": ["v1"]}).to_string();
    let second = json!({"name": "web", "port": 8080, "tags": ["v2"]}).to_string();
    let other = json!({"name": "web", "port": 8081}).to_string();

    let (_, a) = serve.post("/services", first).await;
    let (_, b) = serve.post("/services", second).await;
    serve.post("/services", other).await;
    let (_, list) = serve.get("/services/web").await;

    assert_eq!(a["id"], b["id"], "same name, address and port is the same instance");
    assert_eq!(list.as_array().unwrap().len(), 2, "two ports, two instances: {list}");
    let updated = list.as_array().unwrap().iter().find(|i| i["id"] == a["id"]).unwrap();
    assert_eq!(updated["tags"], json!(["v2"]), "the second registration won");
    assert_eq!(updated["registeredAt"], a["registeredAt"], "first registration time kept");
}

#[tokio::test]
async fn bad_requests_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), false).await;
    serve.post("/services", r#"{"name":"kept","port":1234}"#).await;
    let (_, before) = serve.get("/services").await;

    let (invalid, invalid_body) =
        serve.post("/services", r#"{"name":"bad name","port":70000}"#).await;
    let (malformed, malformed_body) =
        serve.post("/services", "{\"name\": \"x\",\n \"port\": }").await;
    let (wrong_type, wrong_type_body) =
        serve.post("/services", r#"{"name":"x","port":"80"}"#).await;
    let (too_big, too_big_body) = serve.post("/services", vec![b' '; 1024 * 1024 + 10]).await;
    let (missing, missing_body) = serve.get("/services/kept/no-such-id").await;
    let (gone, _) = serve.delete("/services/no-such-id").await;
    let (beat, _) = serve.put("/services/no-such-id/heartbeat").await;

    assert_eq!(invalid, 400);
    let fields: Vec<_> =
        invalid_body["fields"].as_array().unwrap().iter().map(|f| f["field"].clone()).collect();
    assert_eq!(fields, [json!("name"), json!("port")], "{invalid_body}");
    assert_eq!(malformed, 400);
    let message = malformed_body["message"].as_str().unwrap();
    assert!(message.contains("line 2 column"), "names the position: {message}");
    assert_eq!(wrong_type, 400);
    assert_eq!(wrong_type_body["fields"][0]["field"], "port", "{wrong_type_body}");
    assert_eq!(too_big, 413, "{too_big_body}");
    assert_eq!(too_big_body["code"], "invalid_input");
    assert_eq!((missing, gone, beat), (404, 404, 404), "{missing_body}");
    let (_, after) = serve.get("/services").await;
    assert_eq!(before, after, "nothing stored changed");
}

/// A loopback HTTP server whose answer can be switched between 200 and 500.
async fn switchable_server() -> (u16, Arc<AtomicBool>) {
    let healthy = Arc::new(AtomicBool::new(true));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let flag = healthy.clone();
    let app = axum::Router::new().route(
        "/health",
        axum::routing::get(move || {
            let flag = flag.clone();
            async move {
                if flag.load(Ordering::SeqCst) {
                    axum::http::StatusCode::OK
                } else {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                }
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (port, healthy)
}

#[tokio::test]
async fn passing_filters_out_a_target_that_turns_unhealthy() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), false).await;
    let (port, healthy) = switchable_server().await;
    let body = json!({
        "name": "flaky", "port": port, "url": format!("http://127.0.0.1:{port}/health"),
        "check": {"kind": "http", "interval": "200ms", "timeout": "1s"}
    });
    let (_, instance) = serve.post("/services", body.to_string()).await;
    let id = instance["id"].as_str().unwrap().to_owned();

    serve.wait_for("/services/flaky?passing", WAIT, |b| ids(b) == [id.clone()]).await;
    healthy.store(false, Ordering::SeqCst);
    serve.wait_for("/services/flaky?passing", WAIT, |b| ids(b).is_empty()).await;

    let (_, all) = serve.get("/services/flaky").await;
    assert_eq!(ids(&all), std::slice::from_ref(&id), "still registered, only unhealthy");
    assert_eq!(all[0]["checks"][0]["output"], "HTTP 500 Internal Server Error");
    let (_, history) = serve.get(&format!("/instances/{id}/history")).await;
    let statuses: Vec<_> =
        history.as_array().unwrap().iter().map(|t| t["status"].clone()).collect();
    assert_eq!(statuses, [json!("critical"), json!("passing")], "transitions, newest first");
}

#[tokio::test]
async fn a_ttl_check_passes_on_heartbeats_and_expires_without() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), false).await;
    let body = json!({"name": "beating", "port": 9000, "check": {"kind": "ttl", "ttl": "1s"}});
    let (_, instance) = serve.post("/services", body.to_string()).await;
    let id = instance["id"].as_str().unwrap().to_owned();
    assert_eq!(instance["health"], "critical", "critical until the first heartbeat");

    let (status, _) = serve.put(&format!("/services/{id}/heartbeat")).await;
    assert_eq!(status, 200);
    serve.wait_for("/services/beating?passing", WAIT, |b| ids(b) == [id.clone()]).await;
    serve.wait_for("/services/beating?passing", WAIT, |b| ids(b).is_empty()).await;

    let (_, all) = serve.get("/services/beating").await;
    let output = all[0]["checks"][0]["output"].as_str().unwrap();
    assert!(output.starts_with("no heartbeat for"), "{output}");
}

#[tokio::test]
async fn a_check_critical_past_deregister_after_removes_its_instance() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), false).await;
    let closed = free_port();
    let body = json!({
        "name": "doomed", "port": closed,
        "check": {"kind": "tcp", "interval": "200ms", "timeout": "200ms", "deregisterAfter": "1s"}
    });
    serve.post("/services", body.to_string()).await;
    serve.post("/services", r#"{"name":"bystander","port":1}"#).await;

    serve.wait_for("/services/doomed", WAIT, |b| ids(b).is_empty()).await;

    let (_, rest) = serve.get("/services").await;
    assert_eq!(rest.as_array().unwrap().len(), 1, "only the instance without checks is left");
}

#[tokio::test]
async fn labelled_containers_are_registered_while_they_run() {
    let (engine, sweeper) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), true).await;
    let service = unique_name("auto");
    let port = free_port();
    let mut form = spec(&sweeper, &unique_name("auto"), "httpd -f -p 80");
    form.labels.push(KeyValue { key: SERVICE_LABEL.into(), value: service.clone() });
    form.ports.push(PortMapping {
        host_ip: Some("127.0.0.1".into()),
        host_port: Some(port.into()),
        container_port: 80,
        ..Default::default()
    });

    let id = engine.create_container(&form).await.unwrap();
    let path = format!("/services/{service}");
    let found = serve.wait_for(&path, WAIT, |b| ids(b).len() == 1).await;
    assert_eq!(found[0]["port"], port);
    assert_eq!(found[0]["address"], "127.0.0.1");
    assert_eq!(found[0]["source"], "container");
    assert_eq!(found[0]["checks"][0]["kind"], "tcp");
    serve.wait_for(&format!("{path}?passing"), WAIT, |b| ids(b).len() == 1).await;

    engine.stop_container(&id).await.unwrap();
    serve.wait_for(&path, WAIT, |b| ids(b).is_empty()).await;

    engine.start_container(&id).await.unwrap();
    serve.wait_for(&path, WAIT, |b| ids(b).len() == 1).await;
    let serve = serve.restart().await;
    engine.remove_container(&id, true).await.unwrap();
    serve.wait_for(&path, WAIT, |b| ids(b).is_empty()).await;
}

#[tokio::test]
async fn acknowledged_registrations_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Serve::start(dir.path(), false).await;
    let url = serve.url("/services");
    let client = reqwest::Client::new();

    let acknowledged: Vec<String> = futures_util::stream::iter(0..4000)
        .map(|n| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let body = json!({"name": format!("load-{}", n % 20), "port": 10000 + n});
                let response = client.post(url).json(&body).send().await.ok()?;
                if response.status() != 200 {
                    return None;
                }
                let instance: Value = response.json().await.ok()?;
                instance["id"].as_str().map(str::to_owned)
            }
        })
        .buffer_unordered(16)
        .take_while({
            let started = std::time::Instant::now();
            move |_| std::future::ready(started.elapsed() < Duration::from_millis(700))
        })
        .filter_map(std::future::ready)
        .collect()
        .await;
    serve.kill_hard();

    let serve = serve.restart().await;
    let (_, stored) = serve.get("/services").await;
    let stored: HashSet<String> = ids(&stored).into_iter().collect();
    assert!(acknowledged.len() > 100, "the load ran: {} acknowledged", acknowledged.len());
    let lost: Vec<_> = acknowledged.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(lost.is_empty(), "{} acknowledged registrations were lost", lost.len());
}

#[tokio::test]
async fn fifty_clients_register_ten_thousand_instances_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), false).await;
    let url = serve.url("/services");
    let client = reqwest::Client::new();

    let failures: Vec<String> = futures_util::stream::iter(0..10_000u32)
        .map(|n| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let body = json!({"name": format!("svc-{}", n % 100), "port": 1 + n % 60000,
                    "address": format!("10.0.{}.{}", n / 250, n % 250)});
                match client.post(url).json(&body).send().await {
                    Ok(response) if response.status() == 200 => None,
                    Ok(response) => Some(format!(
                        "{}: {}",
                        response.status(),
                        response.text().await.unwrap_or_default()
                    )),
                    Err(error) => Some(error.to_string()),
                }
            }
        })
        .buffer_unordered(50)
        .filter_map(std::future::ready)
        .collect()
        .await;

    assert!(failures.is_empty(), "{} failed, first: {:?}", failures.len(), failures.first());
    let (_, stored) = serve.get("/services").await;
    let stored = ids(&stored);
    let unique: HashSet<_> = stored.iter().collect();
    assert_eq!(stored.len(), 10_000, "none lost");
    assert_eq!(unique.len(), 10_000, "none duplicated");
}
