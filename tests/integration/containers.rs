//! Create, start, stop, restart and remove, checked through the engine's own
//! inspect.

use berth::engine::{ContainerState, PortMapping, Protocol};
use berth::testkit::{SLEEPER, engine_state, unique_name};

use crate::{setup, spec};

#[tokio::test]
async fn lifecycle_is_seen_by_the_engine() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("life");

    let id = engine.create_container(&spec(&sweeper, &name, SLEEPER)).await.unwrap();
    assert_eq!(engine_state(&engine, &id).await.as_deref(), Some("running"), "started on create");

    engine.stop_container(&id).await.unwrap();
    assert_eq!(engine_state(&engine, &id).await.as_deref(), Some("exited"));

    engine.start_container(&id).await.unwrap();
    assert_eq!(engine_state(&engine, &id).await.as_deref(), Some("running"));

    let before = engine.inspect_container(&id).await.unwrap().started_at;
    engine.restart_container(&id).await.unwrap();
    let after = engine.inspect_container(&id).await.unwrap().started_at;
    assert_eq!(engine_state(&engine, &id).await.as_deref(), Some("running"));
    assert_ne!(before, after, "a restart starts a new run");

    engine.remove_container(&id, true).await.unwrap();
    assert_eq!(engine_state(&engine, &id).await, None, "removed from the engine");
}

#[tokio::test]
async fn created_containers_carry_the_form_settings() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("form");
    let mut form = spec(&sweeper, &name, "sh -c 'sleep 300'");
    form.start = false;
    form.env.push(berth::engine::KeyValue { key: "GREETING".into(), value: "hi there".into() });
    form.memory_mib = Some(64);
    form.cpus = Some(0.5);
    form.restart_policy = berth::engine::RestartPolicy::UnlessStopped;
    form.ports = vec![
        PortMapping { host_port: None, container_port: 80, ..Default::default() },
        PortMapping {
            host_ip: Some("127.0.0.1".into()),
            host_port: None,
            container_port: 53,
            protocol: Protocol::Udp,
        },
    ];

    let id = engine.create_container(&form).await.unwrap();
    let detail = engine.inspect_container(&id).await.unwrap();

    assert_eq!(detail.summary.name, name);
    assert_eq!(detail.summary.state, ContainerState::Created, "not started when asked not to");
    assert_eq!(detail.command, ["sh", "-c", "sleep 300"]);
    assert!(detail.env.contains(&"GREETING=hi there".to_owned()), "env: {:?}", detail.env);
    assert_eq!(detail.memory_limit, 64 * 1024 * 1024);
    assert!((detail.cpu_limit - 0.5).abs() < 1e-9);
    assert_eq!(detail.restart_policy, "unless-stopped");

    engine.start_container(&id).await.unwrap();
    let row = engine.get_container(&id).await.unwrap().expect("listed");
    let udp = row.ports.iter().find(|p| p.protocol == Protocol::Udp).expect("udp mapping");
    let tcp = row.ports.iter().find(|p| p.protocol == Protocol::Tcp).expect("tcp mapping");
    assert_eq!(udp.host_ip.as_deref(), Some("127.0.0.1"), "bound to loopback only");
    assert_eq!(tcp.host_ip, None, "no address means all interfaces");
    assert!(tcp.host_port.is_some(), "the engine picked a host port");
    assert_eq!(
        row.ports.iter().filter(|p| p.protocol == Protocol::Tcp).count(),
        1,
        "the IPv4 and IPv6 rows of one binding are shown once"
    );
}

#[tokio::test]
async fn the_list_shows_stopped_containers_too() {
    let (engine, sweeper) = setup().await;
    let name = unique_name("listed");
    let id = engine.create_container(&spec(&sweeper, &name, "true")).await.unwrap();

    let mut state = None;
    for _ in 0..50 {
        let rows = engine.list_containers().await.unwrap();
        state = rows.iter().find(|row| row.id == id).map(|row| row.state);
        if state == Some(ContainerState::Exited) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    assert_eq!(state, Some(ContainerState::Exited), "a finished container stays listed");
}
