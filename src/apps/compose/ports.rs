//! A service's `ports`, in the short string form and the long map form.

use super::error::ComposeError;
use super::reader::{Keys, Reader};
use super::syntax::{PORT_FORM, parse_port, parse_port_number, parse_protocol, protocol_form};
use super::yaml::{Node, Value};
use crate::apps::model::PortSpec;
use crate::engine::Protocol;

const PORT_NUMBER_FORM: &str = "a port number from 1 to 65535";

const PORT_KEYS: Keys = Keys {
    read: &["target", "published", "host_ip", "protocol"],
    // With one local engine there is no ingress routing mesh to choose.
    quiet: &["mode"],
    unsupported: &["name", "app_protocol"],
};

/// Reads `services.NAME.ports`; ranges expand to one entry per port.
pub(super) fn read_ports(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<Vec<PortSpec>, ComposeError> {
    let mut ports = Vec::new();
    for (i, item) in r.seq(node, path, "a list of ports")?.iter().enumerate() {
        let path = format!("{path}[{i}]");
        match &item.value {
            Value::Scalar { text, .. } => {
                let parsed = parse_port(text).map_err(|e| r.expected(item, &path, e))?;
                ports.extend(parsed);
            }
            Value::Map(_) => ports.push(read_long_port(r, item, &path)?),
            Value::Null | Value::Seq(_) => {
                let expected = format!("{PORT_FORM}, or a map with target and published");
                return Err(r.expected(item, &path, expected));
            }
        }
    }
    Ok(ports)
}

fn read_long_port(r: &mut Reader<'_>, node: &Node, path: &str) -> Result<PortSpec, ComposeError> {
    let entries = r.map(node, path)?;
    r.check_keys(entries, path, &PORT_KEYS)?;

    let mut port = PortSpec { host_ip: None, published: None, target: 0, protocol: Protocol::Tcp };
    let mut has_target = false;
    for entry in entries {
        let path = format!("{path}.{}", entry.key);
        let value = &entry.value;
        let number = |r: &Reader<'_>| {
            let text = r.text(value, &path, "a port number from 1 to 65535")?;
            // The long form takes one port; a range or a short form is refused
            // with the same words.
            parse_port_number(text).map_err(|_| r.expected(value, &path, PORT_NUMBER_FORM))
        };
        match entry.key.as_str() {
            "target" => {
                port.target = number(r)?;
                has_target = true;
            }
            "published" => port.published = Some(number(r)?),
            "host_ip" => port.host_ip = Some(r.text(value, &path, "an IP address")?.to_owned()),
            "protocol" => {
                let text = r.text(value, &path, "tcp, udp or sctp")?;
                port.protocol = parse_protocol(text)
                    .ok_or_else(|| r.expected(value, &path, protocol_form()))?;
            }
            _ => {}
        }
    }

    if !has_target {
        return Err(r.expected(node, path, "a target port"));
    }
    Ok(port)
}
