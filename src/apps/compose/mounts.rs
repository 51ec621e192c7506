//! A service's `volumes` (short and long form) and `tmpfs`.

use std::collections::BTreeMap;

use super::error::{ComposeError, Location};
use super::reader::{Keys, Reader};
use super::syntax::{ShortSource, VOLUME_FORM, parse_mount, resolve_host_path};
use super::yaml::{Node, Value};
use crate::apps::model::{MountKind, MountSpec};

const MOUNT_KEYS: Keys = Keys {
    read: &["type", "source", "target", "read_only"],
    quiet: &[],
    unsupported: &["bind", "volume", "tmpfs", "image", "consistency"],
};

/// Mounts of one service and where each named volume was mentioned, so the
/// caller can check them against the top-level `volumes`.
pub(super) struct Mounts {
    pub mounts: Vec<MountSpec>,
    pub named: Vec<(String, Location)>,
}

/// Reads `services.NAME.volumes`.
pub(super) fn read_volumes(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<Mounts, ComposeError> {
    let mut read = Mounts { mounts: Vec::new(), named: Vec::new() };
    for (i, item) in r.seq(node, path, "a list of mounts")?.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let mount = match &item.value {
            Value::Scalar { text, .. } => read_short_mount(r, item, text, &path)?,
            Value::Map(_) => read_long_mount(r, item, &path)?,
            Value::Null | Value::Seq(_) => {
                let expected = format!("{VOLUME_FORM}, or a map with type, source and target");
                return Err(r.expected(item, &path, expected));
            }
        };
        if let (MountKind::Volume, Some(name)) = (mount.kind, &mount.source) {
            read.named.push((name.clone(), r.at(item)));
        }
        read.mounts.push(mount);
    }
    Ok(read)
}

/// Reads `services.NAME.tmpfs`: one path or a list of them.
pub(super) fn read_tmpfs(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<Vec<MountSpec>, ComposeError> {
    let items = match &node.value {
        Value::Scalar { .. } => std::slice::from_ref(node),
        _ => r.seq(node, path, "a path or a list of paths")?,
    };
    let mut mounts = Vec::new();
    for item in items {
        let text = r.text(item, path, "an absolute path")?;
        let (target, options) = text.split_once(':').unwrap_or((text, ""));
        if !target.starts_with('/') {
            return Err(r.expected(item, path, "an absolute path"));
        }
        if !options.is_empty() {
            let message = format!("{path}: tmpfs options {options} are not supported");
            r.warn(item.line, item.column, message);
        }
        let target = target.to_owned();
        mounts.push(MountSpec { kind: MountKind::Tmpfs, source: None, target, read_only: false });
    }
    Ok(mounts)
}

fn read_short_mount(
    r: &mut Reader<'_>,
    node: &Node,
    text: &str,
    path: &str,
) -> Result<MountSpec, ComposeError> {
    let short = parse_mount(text).map_err(|e| r.expected(node, path, e))?;

    for mode in &short.ignored_modes {
        let message = format!("{path}: mount option {mode} is not supported");
        r.warn(node.line, node.column, message);
    }
    let (kind, source) = match short.source {
        None => (MountKind::Volume, None),
        Some(ShortSource::Volume(name)) => (MountKind::Volume, Some(name.to_owned())),
        Some(ShortSource::Bind(host)) => (MountKind::Bind, Some(host_path(r, host))),
    };

    Ok(MountSpec { kind, source, target: short.target.to_owned(), read_only: short.read_only })
}

fn read_long_mount(r: &mut Reader<'_>, node: &Node, path: &str) -> Result<MountSpec, ComposeError> {
    let entries = r.map(node, path)?;
    r.check_keys(entries, path, &MOUNT_KEYS)?;

    let mut fields: BTreeMap<&str, &Node> = BTreeMap::new();
    for entry in entries {
        fields.insert(entry.key.as_str(), &entry.value);
    }
    let field_path = |key: &str| format!("{path}.{key}");
    let kind = match fields.get("type") {
        None => return Err(r.expected(node, path, "a type: volume, bind or tmpfs")),
        Some(value) => match r.text(value, &field_path("type"), "volume, bind or tmpfs")? {
            "volume" => MountKind::Volume,
            "bind" => MountKind::Bind,
            "tmpfs" => MountKind::Tmpfs,
            _ => return Err(r.expected(value, &field_path("type"), "volume, bind or tmpfs")),
        },
    };
    let source = match fields.get("source") {
        Some(value) if value.value != Value::Null => {
            Some(r.text(value, &field_path("source"), "a volume name or a host path")?)
        }
        _ => None,
    };
    let Some(target_node) = fields.get("target") else {
        return Err(r.expected(node, path, "a target path inside the container"));
    };
    let target = r.text(target_node, &field_path("target"), "an absolute path")?;
    if !target.starts_with('/') {
        return Err(r.expected(target_node, &field_path("target"), "an absolute path"));
    }
    let read_only = match fields.get("read_only") {
        Some(value) => r.bool(value, &field_path("read_only"))?,
        None => false,
    };

    let source = match (kind, source) {
        (MountKind::Bind, None) => return Err(r.expected(node, path, "a source host path")),
        (MountKind::Bind, Some(host)) => Some(host_path(r, host)),
        (MountKind::Volume, Some(name)) => Some(name.to_owned()),
        (MountKind::Volume | MountKind::Tmpfs, _) => None,
    };
    Ok(MountSpec { kind, source, target: target.to_owned(), read_only })
}

fn host_path(r: &Reader<'_>, host: &str) -> String {
    let home = r.vars.get("HOME").unwrap_or("/");
    resolve_host_path(host, r.base_dir, home).display().to_string()
}
