//! What Berth keeps in SQLite, in-process on real files: registration spans
//! (which the cost charts read) and stored applications.

use berth::registry::{Registration, Registry, Source};
use berth::store::Store;

async fn spans(store: &Store) -> Vec<(String, f64, bool)> {
    sqlx::query_as::<_, (String, f64, Option<i64>)>(
        "SELECT instance_id, hourly_cost, ended_at FROM registration_spans ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
    .into_iter()
    .map(|(id, cost, ended)| (id, cost, ended.is_some()))
    .collect()
}

#[tokio::test]
async fn spans_open_on_register_reprice_on_cost_change_and_close_on_deregister() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("berth.sqlite3")).await.unwrap();
    let registry = Registry::new(store.clone());
    let registration = |cost: f64| Registration {
        name: "billed".into(),
        port: Some(8080),
        hourly_cost: Some(cost),
        ..Default::default()
    };

    let id = registry.register(&registration(1.5), Source::Form).await.unwrap().id;
    registry.register(&registration(1.5), Source::Form).await.unwrap();
    assert_eq!(spans(&store).await, [(id.clone(), 1.5, false)], "same cost, same span");

    registry.register(&registration(2.0), Source::Form).await.unwrap();
    assert_eq!(spans(&store).await, [(id.clone(), 1.5, true), (id.clone(), 2.0, false)]);

    registry.deregister(&id, "test").await.unwrap();
    assert_eq!(spans(&store).await, [(id.clone(), 1.5, true), (id, 2.0, true)], "all closed");
}

#[tokio::test]
async fn apps_are_stored_with_their_source_and_survive_reopening() {
    use berth::apps::{AppSpec, AppStore, ServiceSpec, SourceKind, StoredApp};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("berth.sqlite3");
    let store = Store::open(&path).await.unwrap();
    let mut spec = AppSpec { name: "shop".into(), ..Default::default() };
    spec.services.insert("web".into(), ServiceSpec { image: "nginx".into(), ..Default::default() });
    let source = "services:\n  web:\n    image: nginx\n".to_owned();
    let app = StoredApp { spec, source_kind: SourceKind::Compose, source_text: Some(source) };

    AppStore::new(store.clone()).save(&app, 1).await.unwrap();
    store.close().await;
    let apps = AppStore::new(Store::open(&path).await.unwrap());

    assert_eq!(apps.get("shop").await.unwrap(), Some(app.clone()), "kept verbatim");
    assert_eq!(apps.list().await.unwrap(), [app]);
    assert!(apps.delete("shop").await.unwrap());
    assert_eq!(apps.get("shop").await.unwrap(), None);
}

#[tokio::test]
async fn old_minutes_roll_up_into_hours_without_losing_use() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("berth.sqlite3")).await.unwrap();
    let hour: i64 = 3_600_000;
    let now = 400 * 24 * hour;
    // Ten minutes of one container eight days ago, one a minute ago, one
    // hour bucket from two years ago.
    let rows: Vec<(i64, i64)> = (0..10)
        .map(|m| (now - 8 * 24 * hour + m * 60_000, 60_000))
        .chain([(now - 60_000, 60_000), (now - 730 * 24 * hour, hour)])
        .collect();
    for (bucket, bucket_ms) in &rows {
        sqlx::query(
            "INSERT INTO usage (container_id, container_name, bucket, bucket_ms, core_seconds, \
             gib_seconds, seconds) VALUES ('c1', 'web', ?, ?, 1.5, 0.25, 60)",
        )
        .bind(bucket)
        .bind(bucket_ms)
        .execute(store.writer())
        .await
        .unwrap();
    }

    berth::costs::roll_up(store.writer(), now).await.unwrap();

    let kept: Vec<(i64, f64, f64, f64)> = sqlx::query_as(
        "SELECT bucket_ms, core_seconds, gib_seconds, seconds FROM usage ORDER BY bucket",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(kept.len(), 2, "ten old minutes became one hour; the year-old hour is gone");
    assert_eq!(kept[0], (hour, 15.0, 2.5, 600.0), "the hour holds all ten minutes' use");
    assert_eq!(kept[1], (60_000, 1.5, 0.25, 60.0), "recent minutes stay as they are");
}
