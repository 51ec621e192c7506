//! Each engine refusal comes back as a clear error value with the engine's
//! own words.

use berth::ErrorCode;
use berth::engine::{EngineError, PortMapping};
use berth::testkit::{SLEEPER, unique_name};

use crate::{setup, spec};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn an_allocated_port_is_a_conflict_naming_the_port() {
    let (engine, sweeper) = setup().await;
    let port = free_port();
    let mapping =
        PortMapping { host_port: Some(port.into()), container_port: 80, ..Default::default() };
    let mut first = spec(&sweeper, &unique_name("port-a"), SLEEPER);
    first.ports.push(mapping.clone());
    let mut second = spec(&sweeper, &unique_name("port-b"), SLEEPER);
    second.ports.push(mapping);
    engine.create_container(&first).await.unwrap();

    let error = engine.create_container(&second).await.unwrap_err().to_ui();

    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");
    assert!(error.message.contains("already allocated"), "engine's words: {}", error.message);
    assert!(error.message.contains(&port.to_string()), "names the port: {}", error.message);
}

#[tokio::test]
async fn a_missing_image_is_not_found() {
    let (engine, sweeper) = setup().await;
    let mut form = spec(&sweeper, &unique_name("noimage"), "");
    form.image = "berth-test/does-not-exist:1".into();

    let error = engine.create_container(&form).await.unwrap_err();

    assert!(matches!(error, EngineError::CreateContainer { .. }), "{error:?}");
    let ui = error.to_ui();
    assert_eq!(ui.code, ErrorCode::NotFound);
    assert!(ui.message.contains("No such image"), "engine's words: {}", ui.message);
}

#[tokio::test]
async fn a_name_in_use_is_a_conflict() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("taken");
    engine.create_container(&spec(&sweeper, &name, SLEEPER)).await.unwrap();

    let error = engine.create_container(&spec(&sweeper, &name, SLEEPER)).await.unwrap_err().to_ui();

    assert_eq!(error.code, ErrorCode::Conflict);
    assert!(error.message.contains("already in use"), "engine's words: {}", error.message);
}

#[tokio::test]
async fn stopping_a_stopped_container_says_so() {
    let (engine, sweeper) = setup().await;
    let id =
        engine.create_container(&spec(&sweeper, &unique_name("stopped"), SLEEPER)).await.unwrap();
    engine.stop_container(&id).await.unwrap();

    let error = engine.stop_container(&id).await.unwrap_err().to_ui();

    assert_eq!(error.code, ErrorCode::Conflict);
    assert!(error.message.contains("already stopped"), "{}", error.message);
}

#[tokio::test]
async fn removing_a_running_container_needs_force() {
    let (engine, sweeper) = setup().await;
    let id =
        engine.create_container(&spec(&sweeper, &unique_name("running"), SLEEPER)).await.unwrap();

    let refused = engine.remove_container(&id, false).await.unwrap_err();
    engine.remove_container(&id, true).await.unwrap();

    assert!(matches!(refused, EngineError::RemoveRunning { .. }), "{refused:?}");
    assert!(engine.get_container(&id).await.unwrap().is_none(), "gone after the forced remove");
}

#[tokio::test]
async fn an_unknown_container_is_not_found() {
    let (engine, _sweeper) = setup().await;

    let error = engine.start_container("berth-test-no-such-container").await.unwrap_err().to_ui();

    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("No such container"), "{}", error.message);
}

#[tokio::test]
async fn invalid_forms_never_reach_the_engine() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("badport");
    let mut form = spec(&sweeper, &name, SLEEPER);
    form.ports.push(PortMapping {
        host_port: Some(70000),
        container_port: 80,
        ..Default::default()
    });

    let error = engine.create_container(&form).await.unwrap_err().to_ui();

    let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(fields, ["ports.0.hostPort"]);
    let names: Vec<_> =
        engine.list_containers().await.unwrap().into_iter().map(|c| c.name).collect();
    assert!(!names.contains(&name), "nothing was created");
}
