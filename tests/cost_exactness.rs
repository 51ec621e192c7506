//! Cost sampling against the real engine: a container limited to half a
//! core that spins for 30 s is charged 15 core-seconds, and one holding
//! 48 MiB is charged for 48 MiB.
//!
//! This is a test binary of its own, not part of `tests/integration`: cargo
//! runs test binaries one after another, so here the spinning container has
//! the machine to itself. Among the integration tests, others load the CPU
//! and the container would really get less than its half core.

use std::time::Duration;

use berth::costs::Sampler;
use berth::engine::{ContainerSpec, KeyValue};
use berth::store::Store;
use berth::testkit::{self, Sweeper, TEST_IMAGE, TEST_LABEL, unique_name};

#[tokio::test]
async fn half_a_core_spinning_for_thirty_seconds_is_fifteen_core_seconds() {
    let engine = testkit::connect().await.expect("a Docker engine answers");
    testkit::ensure_test_image(&engine).await.unwrap();
    let sweeper = Sweeper::scoped(&engine);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("berth.sqlite3")).await.unwrap();
    let mut form = ContainerSpec {
        image: TEST_IMAGE.into(),
        name: unique_name("spin"),
        command: "sh -c 'yes > /dev/null'".into(),
        labels: vec![KeyValue { key: TEST_LABEL.into(), value: sweeper.value().into() }],
        start: true,
        ..Default::default()
    };
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
async fn a_container_holding_48_mib_is_charged_for_48_mib() {
    let engine = testkit::connect().await.expect("a Docker engine answers");
    testkit::ensure_test_image(&engine).await.unwrap();
    let sweeper = Sweeper::scoped(&engine);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("berth.sqlite3")).await.unwrap();
    // /dev/shm is memory the container holds; the page cache is not.
    let form = ContainerSpec {
        image: TEST_IMAGE.into(),
        name: unique_name("hold"),
        command: "sh -c 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=48; sleep 300'".into(),
        labels: vec![KeyValue { key: TEST_LABEL.into(), value: sweeper.value().into() }],
        start: true,
        ..Default::default()
    };
    let id = engine.create_container(&form).await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut sampler = Sampler::new(store.clone(), Duration::from_secs(1));

    for _ in 0..10 {
        sampler.round(&engine, jiff::Timestamp::now().as_millisecond()).await.unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }

    let (gib_seconds, seconds): (f64, f64) =
        sqlx::query_as("SELECT SUM(gib_seconds), SUM(seconds) FROM usage WHERE container_id = ?")
            .bind(&id)
            .fetch_one(store.pool())
            .await
            .unwrap();
    let held_gib = gib_seconds / seconds;
    let expected = 48.0 / 1024.0;
    assert!(
        (held_gib - expected).abs() <= expected * 0.1,
        "charged for {:.1} MiB, expected 48 MiB ±10%",
        held_gib * 1024.0
    );
}
