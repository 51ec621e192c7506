//! Costs over the API: registration cost is exact. (Sampling exactness
//! lives in `tests/cost_exactness.rs`, which needs the machine to itself.)

use std::time::Duration;

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
