//! Applications deployed to the real engine: dependency order with health
//! and completion gates, failure reporting, tear-down and redeploys.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use berth::apps::{
    self, AppSpec, DependsOn, DeployProgress, Healthcheck, MountKind, MountSpec, ServicePhase,
    ServiceSpec, VolumeSpec,
};
use berth::engine::Engine;
use berth::testkit::{AppGuard, Sweeper, TEST_IMAGE, TEST_LABEL, unique_name};

use crate::setup;

fn service(sweeper: &Sweeper, command: &str, deps: &[(&str, DependsOn)]) -> ServiceSpec {
    ServiceSpec {
        image: TEST_IMAGE.into(),
        command: Some(shell_words::split(command).unwrap()),
        depends_on: deps.iter().map(|(name, condition)| ((*name).to_owned(), *condition)).collect(),
        labels: BTreeMap::from([(TEST_LABEL.to_owned(), sweeper.value().to_owned())]),
        replicas: 1,
        ..Default::default()
    }
}

/// A five-service shop: `db` serves HTTP behind a healthcheck, `migrate`
/// waits for it to be healthy and exits 0, `api` waits for `migrate` to
/// complete and for `cache` to start, `web` waits for `api`.
fn shop(sweeper: &Sweeper, name: &str) -> AppSpec {
    use DependsOn::*;
    let sleeper = berth::testkit::SLEEPER;
    let mut db = service(
        sweeper,
        "sh -c 'echo ok > /tmp/index.html; sleep 1; exec httpd -f -p 80 -h /tmp'",
        &[],
    );
    db.healthcheck = Some(Healthcheck {
        test: vec!["CMD-SHELL".into(), "wget -q -O /dev/null http://127.0.0.1/".into()],
        interval_ms: Some(300),
        timeout_ms: Some(1000),
        retries: Some(20),
        start_period_ms: None,
    });
    db.volumes.push(MountSpec {
        kind: MountKind::Volume,
        source: Some("data".into()),
        target: "/data".into(),
        read_only: false,
    });
    let services = BTreeMap::from([
        ("db".to_owned(), db),
        ("cache".to_owned(), service(sweeper, sleeper, &[])),
        (
            "migrate".to_owned(),
            service(sweeper, "sh -c 'sleep 1; exit 0'", &[("db", ServiceHealthy)]),
        ),
        (
            "api".to_owned(),
            service(
                sweeper,
                sleeper,
                &[("migrate", ServiceCompletedSuccessfully), ("cache", ServiceStarted)],
            ),
        ),
        ("web".to_owned(), service(sweeper, sleeper, &[("api", ServiceStarted)])),
    ]);
    AppSpec {
        name: name.into(),
        services,
        volumes: BTreeMap::from([("data".to_owned(), VolumeSpec::default())]),
        ..Default::default()
    }
}

/// `(started, finished)` times of a service's container, as RFC 3339 text.
async fn times(engine: &Engine, app: &str, service: &str) -> (String, String) {
    let name = apps::plan::container_name(app, service, 1);
    let inspect = berth::testkit::inspect(engine, &name).await.expect("the container exists");
    let state = inspect.state.unwrap_or_default();
    (state.started_at.unwrap_or_default(), state.finished_at.unwrap_or_default())
}

#[tokio::test]
async fn a_five_service_app_comes_up_in_dependency_order() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("shop");
    let _guard = AppGuard::new(&engine, &name);
    let app = shop(&sweeper, &name);
    let seen = Arc::new(Mutex::new(Vec::<DeployProgress>::new()));
    let log = seen.clone();

    let report = apps::deploy(&engine, &app, move |p| log.lock().unwrap().push(p)).await.unwrap();

    assert!(report.succeeded(), "{report:?}");
    assert_eq!(report.services["db"], ServicePhase::Healthy);
    assert_eq!(report.services["migrate"], ServicePhase::Completed { exit_code: 0 });
    assert_eq!(report.services["api"], ServicePhase::Running);
    let (db, _) = times(&engine, &name, "db").await;
    let (cache, _) = times(&engine, &name, "cache").await;
    let (migrate, migrated) = times(&engine, &name, "migrate").await;
    let (api, _) = times(&engine, &name, "api").await;
    let (web, _) = times(&engine, &name, "web").await;
    assert!(db < migrate, "migrate waits for db: {db} < {migrate}");
    assert!(migrated < api, "api waits for migrate to finish: {migrated} < {api}");
    assert!(cache < api, "api waits for cache: {cache} < {api}");
    assert!(api < web, "web waits for api: {api} < {web}");
    let waited =
        seen.lock().unwrap().iter().any(|p| {
            p.service == "migrate" && p.phase == ServicePhase::Waiting { on: "db".into() }
        });
    assert!(waited, "progress showed migrate waiting for db");

    let containers = apps::containers_by_service(&engine, &name).await.unwrap();
    let labels = &containers["web"][0].labels;
    assert_eq!(labels.get("com.docker.compose.project"), Some(&name), "compose tools see it");
    assert_eq!(labels.get("com.docker.compose.service").map(String::as_str), Some("web"));
}

#[tokio::test]
async fn a_failing_service_stops_the_deploy_with_its_reason() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("broken");
    let _guard = AppGuard::new(&engine, &name);
    let mut app = shop(&sweeper, &name);
    app.services.get_mut("migrate").unwrap().command =
        Some(vec!["sh".into(), "-c".into(), "exit 3".into()]);

    let report = apps::deploy(&engine, &app, |_| {}).await.unwrap();

    let (failed, reason) = report.failure.clone().expect("the deploy failed");
    assert_eq!(failed, "migrate");
    assert_eq!(reason, "exited with code 3");
    assert!(
        matches!(report.services["api"], ServicePhase::Cancelled | ServicePhase::Failed { .. }),
        "api never started: {:?}",
        report.services["api"]
    );
    assert!(
        matches!(report.services["web"], ServicePhase::Cancelled | ServicePhase::Failed { .. }),
        "web never started: {:?}",
        report.services["web"]
    );
    let made = apps::containers_by_service(&engine, &name).await.unwrap();
    assert!(!made.contains_key("web"), "nothing was made for web");
    assert!(made["db"][0].state.is_running(), "what ran before the failure is still there");
}

#[tokio::test]
async fn a_missing_image_is_reported_by_the_engine() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("noimage");
    let _guard = AppGuard::new(&engine, &name);
    let mut app = shop(&sweeper, &name);
    app.services.get_mut("cache").unwrap().image = "berth-test/absent:1".into();

    let report = apps::deploy(&engine, &app, |_| {}).await.unwrap();

    let (failed, reason) = report.failure.expect("the deploy failed");
    assert_eq!(failed, "cache");
    assert!(reason.contains("No such image"), "the engine's words: {reason}");

    // Services cancelled by the failure finished their engine calls before
    // the report, so tear-down finds and removes everything.
    apps::tear_down(&engine, &name, true).await.unwrap();
    let filter = apps::labels::app_filter(&name);
    assert!(engine.list_labelled(&filter).await.unwrap().is_empty(), "no container left");
    let left = berth::testkit::count_networks_and_volumes(&engine, &filter).await;
    assert_eq!(left, (0, 0), "no network or volume left");
}

#[tokio::test]
async fn tear_down_leaves_nothing_with_the_apps_labels() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("gone");
    let _guard = AppGuard::new(&engine, &name);
    let app = shop(&sweeper, &name);
    apps::deploy(&engine, &app, |_| {}).await.unwrap();

    apps::tear_down(&engine, &name, true).await.unwrap();

    let filter = apps::labels::app_filter(&name);
    assert!(engine.list_labelled(&filter).await.unwrap().is_empty(), "no container left");
    let (networks, volumes) = berth::testkit::count_networks_and_volumes(&engine, &filter).await;
    assert_eq!(networks, 0, "no network left");
    assert_eq!(volumes, 0, "no volume left");
}

#[tokio::test]
async fn a_redeploy_recreates_only_the_changed_service() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("redeploy");
    let _guard = AppGuard::new(&engine, &name);
    let mut app = shop(&sweeper, &name);
    app.services.values_mut().for_each(|s| s.depends_on.clear());
    app.services.get_mut("migrate").unwrap().command =
        Some(shell_words::split(berth::testkit::SLEEPER).unwrap());
    apps::deploy(&engine, &app, |_| {}).await.unwrap();
    let ids =
        |by: &BTreeMap<String, Vec<berth::engine::ContainerSummary>>| -> BTreeMap<String, String> {
            by.iter().map(|(s, c)| (s.clone(), c[0].id.clone())).collect()
        };
    let before = ids(&apps::containers_by_service(&engine, &name).await.unwrap());

    app.services.get_mut("web").unwrap().environment.insert("MODE".into(), "blue".into());
    let report = apps::deploy(&engine, &app, |_| {}).await.unwrap();

    let after = ids(&apps::containers_by_service(&engine, &name).await.unwrap());
    assert_ne!(before["web"], after["web"], "web changed and was recreated");
    for service in ["db", "cache", "migrate", "api"] {
        assert_eq!(before[service], after[service], "{service} was left alone");
        assert_eq!(report.services[service], ServicePhase::Unchanged);
    }
}

#[tokio::test]
async fn stop_and_start_act_on_the_whole_app() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("toggle");
    let _guard = AppGuard::new(&engine, &name);
    let mut app = shop(&sweeper, &name);
    app.services.retain(|service, _| service == "cache" || service == "web");
    app.services.get_mut("web").unwrap().depends_on.clear();
    app.services
        .get_mut("web")
        .unwrap()
        .depends_on
        .insert("cache".into(), DependsOn::ServiceStarted);
    app.volumes.clear();
    apps::deploy(&engine, &app, |_| {}).await.unwrap();

    apps::stop_app(&engine, &app).await.unwrap();
    let stopped = apps::containers_by_service(&engine, &name).await.unwrap();
    assert!(stopped.values().flatten().all(|c| !c.state.is_running()), "all stopped");
    let (cache_started, cache_stopped) = times(&engine, &name, "cache").await;
    let (_, web_stopped) = times(&engine, &name, "web").await;
    assert!(
        web_stopped <= cache_stopped,
        "dependents stop first: {web_stopped} <= {cache_stopped}"
    );

    apps::start_app(&engine, &app).await.unwrap();
    let started = apps::containers_by_service(&engine, &name).await.unwrap();
    assert!(started.values().flatten().all(|c| c.state.is_running()), "all running again");
    let (cache_restarted, _) = times(&engine, &name, "cache").await;
    assert!(cache_restarted > cache_started, "started anew");
}
