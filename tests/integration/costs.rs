//! Cost sampling against the real engine: what a container is charged
//! matches what it used.

use std::time::Duration;

use berth::costs::Sampler;
use berth::store::Store;
use berth::testkit::unique_name;

use crate::{setup, spec};

#[tokio::test]
async fn half_a_core_spinning_for_thirty_seconds_is_fifteen_core_seconds() {
    let (engine, sweeper) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("berth.sqlite3")).await.unwrap();
    let mut form = spec(&sweeper, &unique_name("spin"), "sh -c 'yes > /dev/null'");
    form.cpus = Some(0.5);
    let id = engine.create_container(&form).await.unwrap();
    let mut sampler = Sampler::new(store.clone(), Duration::from_secs(1));

    let began = std::time::Instant::now();
    let mut measured_ms = 0;
    let start = jiff::Timestamp::now().as_millisecond();
    while began.elapsed() < Duration::from_secs(30) {
        let now = jiff::Timestamp::now().as_millisecond();
        sampler.round(&engine, now).await.unwrap();
        measured_ms = now - start;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }

    let (core_seconds, seconds): (f64, f64) =
        sqlx::query_as("SELECT SUM(core_seconds), SUM(seconds) FROM usage WHERE container_id = ?")
            .bind(&id)
            .fetch_one(store.pool())
            .await
            .unwrap();
    let expected = 0.5 * measured_ms as f64 / 1000.0;
    assert!((seconds - measured_ms as f64 / 1000.0).abs() < 0.5, "covered {seconds} s");
    assert!(
        (core_seconds - expected).abs() <= expected * 0.1,
        "charged {core_seconds:.2} core-seconds, expected {expected:.2} ±10%"
    );
}

#[tokio::test]
async fn registration_cost_over_the_api_is_hourly_cost_times_hours_registered() {
    let dir = tempfile::tempdir().unwrap();
    let serve = crate::serve::Serve::start(dir.path(), false).await;
    let body = r#"{"name":"billed","port":8080,"hourlyCost":3600}"#;
    let (_, instance) = serve.post("/services", body).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let (status, report) = serve.get("/costs?window=1h&step=10m").await;

    assert_eq!(status, 200, "{report}");
    let ms = |field: &serde_json::Value| {
        field.as_str().unwrap().parse::<jiff::Timestamp>().unwrap().as_millisecond()
    };
    let registered_ms = ms(&instance["registeredAt"]);
    let to_ms = ms(&report["to"]);
    let expected = 3600.0 * (to_ms - registered_ms) as f64 / 3_600_000.0;
    let charged = report["registration"].as_f64().unwrap();
    assert!((charged - expected).abs() < 1e-6, "charged {charged}, expected {expected}");
    assert!(charged > 1.0, "about 1.5 s at 1 per second: {charged}");
    assert_eq!(report["providers"][0]["name"], "billed");
    assert_eq!(report["series"].as_array().unwrap().len(), 6, "an hour in 10-minute steps");
    let series_total: f64 = report["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["registration"].as_f64().unwrap())
        .sum();
    assert!((series_total - charged).abs() < 1e-6, "the series adds up to the total");

    let (bad, error) = serve.get("/costs?window=soon").await;
    assert_eq!(bad, 400);
    assert_eq!(error["fields"][0]["field"], "window", "{error}");
}
