//! Writes an application back out as a compose file.
//!
//! The output uses the long, unambiguous forms (ports and volumes as maps,
//! `depends_on` with conditions) so that importing it again gives the same
//! model. Apps imported from a compose file are exported as the text they
//! came from; this is for apps built in the form.

use serde_json::{Map, Value, json};

use super::{AppSpec, DependsOn, MountKind, NetworkSpec, Restart, ServiceSpec, VolumeSpec};

/// The compose YAML of an app.
pub fn export_compose(app: &AppSpec) -> String {
    let mut root = Map::new();
    root.insert("name".into(), json!(app.name));
    let services: Map<String, Value> =
        app.services.iter().map(|(name, spec)| (name.clone(), service(spec))).collect();
    root.insert("services".into(), Value::Object(services));
    if !app.networks.is_empty() {
        let networks = app.networks.iter().map(|(k, n)| (k.clone(), network(n))).collect();
        root.insert("networks".into(), Value::Object(networks));
    }
    if !app.volumes.is_empty() {
        let volumes = app.volumes.iter().map(|(k, v)| (k.clone(), volume(v))).collect();
        root.insert("volumes".into(), Value::Object(volumes));
    }
    let mut root = Value::Object(root);
    escape_dollars(&mut root);
    serde_yaml_ng::to_string(&root).unwrap_or_default()
}

fn service(spec: &ServiceSpec) -> Value {
    let mut out = Map::new();
    out.insert("image".into(), json!(spec.image));
    if let Some(command) = &spec.command {
        out.insert("command".into(), json!(command));
    }
    if let Some(entrypoint) = &spec.entrypoint {
        out.insert("entrypoint".into(), json!(entrypoint));
    }
    if !spec.environment.is_empty() {
        out.insert("environment".into(), json!(spec.environment));
    }
    if !spec.ports.is_empty() {
        let ports: Vec<Value> = spec
            .ports
            .iter()
            .map(|port| {
                let mut long = Map::new();
                long.insert("target".into(), json!(port.target));
                if let Some(published) = port.published {
                    long.insert("published".into(), json!(published.to_string()));
                }
                if let Some(ip) = &port.host_ip {
                    long.insert("host_ip".into(), json!(ip));
                }
                long.insert("protocol".into(), json!(port.protocol.as_str()));
                Value::Object(long)
            })
            .collect();
        out.insert("ports".into(), Value::Array(ports));
    }
    if !spec.volumes.is_empty() {
        let mounts: Vec<Value> = spec
            .volumes
            .iter()
            .map(|mount| {
                let kind = match mount.kind {
                    MountKind::Volume => "volume",
                    MountKind::Bind => "bind",
                    MountKind::Tmpfs => "tmpfs",
                };
                let mut long = Map::new();
                long.insert("type".into(), json!(kind));
                if let Some(source) = &mount.source {
                    long.insert("source".into(), json!(source));
                }
                long.insert("target".into(), json!(mount.target));
                if mount.read_only {
                    long.insert("read_only".into(), json!(true));
                }
                Value::Object(long)
            })
            .collect();
        out.insert("volumes".into(), Value::Array(mounts));
    }
    if !spec.networks.is_empty() {
        let networks: Map<String, Value> = spec
            .networks
            .iter()
            .map(|(name, member)| {
                let value = if member.aliases.is_empty() {
                    Value::Null
                } else {
                    json!({ "aliases": member.aliases })
                };
                (name.clone(), value)
            })
            .collect();
        out.insert("networks".into(), Value::Object(networks));
    }
    if !spec.depends_on.is_empty() {
        let depends: Map<String, Value> = spec
            .depends_on
            .iter()
            .map(|(name, condition)| {
                let condition = match condition {
                    DependsOn::ServiceStarted => "service_started",
                    DependsOn::ServiceHealthy => "service_healthy",
                    DependsOn::ServiceCompletedSuccessfully => "service_completed_successfully",
                };
                (name.clone(), json!({ "condition": condition }))
            })
            .collect();
        out.insert("depends_on".into(), Value::Object(depends));
    }
    if let Some(check) = &spec.healthcheck {
        let mut long = Map::new();
        // An empty test keeps the image's own; only the timings change.
        if !check.test.is_empty() {
            long.insert("test".into(), json!(check.test));
        }
        let duration = |ms: u64| format!("{ms}ms");
        for (key, value) in [
            ("interval", check.interval_ms),
            ("timeout", check.timeout_ms),
            ("start_period", check.start_period_ms),
        ] {
            if let Some(ms) = value {
                long.insert(key.into(), json!(duration(ms)));
            }
        }
        if let Some(retries) = check.retries {
            long.insert("retries".into(), json!(retries));
        }
        out.insert("healthcheck".into(), Value::Object(long));
    }
    let restart = match spec.restart {
        Restart::No => None,
        Restart::Always => Some("always".to_owned()),
        Restart::UnlessStopped => Some("unless-stopped".to_owned()),
        Restart::OnFailure { max_retries: 0 } => Some("on-failure".to_owned()),
        Restart::OnFailure { max_retries } => Some(format!("on-failure:{max_retries}")),
    };
    if let Some(restart) = restart {
        out.insert("restart".into(), json!(restart));
    }
    if !spec.labels.is_empty() {
        out.insert("labels".into(), json!(spec.labels));
    }
    let mut limits = Map::new();
    if let Some(bytes) = spec.memory_bytes {
        limits.insert("memory".into(), json!(bytes.to_string()));
    }
    if let Some(cpus) = spec.cpus {
        limits.insert("cpus".into(), json!(cpus.to_string()));
    }
    let mut deploy = Map::new();
    if spec.replicas > 1 {
        deploy.insert("replicas".into(), json!(spec.replicas));
    }
    if !limits.is_empty() {
        deploy.insert("resources".into(), json!({ "limits": limits }));
    }
    if !deploy.is_empty() {
        out.insert("deploy".into(), Value::Object(deploy));
    }
    Value::Object(out)
}

fn network(spec: &NetworkSpec) -> Value {
    let mut out = Map::new();
    if spec.external {
        out.insert("external".into(), json!(true));
    }
    if let Some(name) = &spec.name {
        out.insert("name".into(), json!(name));
    }
    if let Some(driver) = &spec.driver {
        out.insert("driver".into(), json!(driver));
    }
    if !spec.labels.is_empty() {
        out.insert("labels".into(), json!(spec.labels));
    }
    if out.is_empty() { Value::Null } else { Value::Object(out) }
}

fn volume(spec: &VolumeSpec) -> Value {
    network(&NetworkSpec {
        external: spec.external,
        name: spec.name.clone(),
        driver: spec.driver.clone(),
        labels: spec.labels.clone(),
    })
}

/// Values are written as they are meant: every `$` is doubled so importing
/// the file again does not read it as the start of a variable.
fn escape_dollars(value: &mut Value) {
    match value {
        Value::String(text) if text.contains('$') => *text = text.replace('$', "$$"),
        Value::Array(items) => items.iter_mut().for_each(escape_dollars),
        Value::Object(map) => map.values_mut().for_each(escape_dollars),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::apps::compose::{Variables, parse_compose};

    /// Every fixture of the compose corpus survives export and re-import.
    #[test]
    fn exported_apps_read_back_as_the_same_model() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compose");
        let mut checked = 0;
        for entry in std::fs::read_dir(&corpus).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("yml") {
                continue;
            }
            let vars = Variables::from_map([("HOME".to_owned(), "/home/u".to_owned())].into());
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(parsed) = parse_compose(&text, "in.yml", "app", &vars, Path::new("/base"))
            else {
                continue;
            };

            let exported = export_compose(&parsed.app);
            let again = parse_compose(&exported, "out.yml", "app", &vars, Path::new("/base"))
                .unwrap_or_else(|e| {
                    panic!("{}: export does not parse: {e}\n{exported}", path.display())
                });

            assert_eq!(
                again.app,
                parsed.app,
                "{} changed on the round trip:\n{exported}",
                path.display()
            );
            checked += 1;
        }
        assert!(checked >= 10, "the corpus was read: {checked} files");
    }
}
