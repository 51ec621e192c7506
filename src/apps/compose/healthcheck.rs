//! A service's `healthcheck`, read into the engine's form.

use super::error::ComposeError;
use super::reader::{Keys, Reader};
use super::syntax::{DURATION_FORM, parse_duration_ms};
use super::yaml::{Node, Value};
use crate::apps::model::Healthcheck;

const HEALTHCHECK_KEYS: Keys = Keys {
    read: &["test", "interval", "timeout", "retries", "start_period", "disable"],
    quiet: &[],
    unsupported: &["start_interval"],
};

/// Reads `services.NAME.healthcheck`; without `test` the image's own test
/// is kept (an empty `test`) with the timings given.
pub(super) fn read_healthcheck(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<Healthcheck, ComposeError> {
    let entries = r.map(node, path)?;
    r.check_keys(entries, path, &HEALTHCHECK_KEYS)?;
    let mut check = Healthcheck {
        test: Vec::new(),
        interval_ms: None,
        timeout_ms: None,
        retries: None,
        start_period_ms: None,
    };
    let mut disabled = false;

    for entry in entries {
        let value = &entry.value;
        let path = format!("{path}.{}", entry.key);
        match entry.key.as_str() {
            "test" => check.test = read_test(r, value, &path)?,
            "interval" => check.interval_ms = Some(read_duration(r, value, &path)?),
            "timeout" => check.timeout_ms = Some(read_duration(r, value, &path)?),
            "start_period" => check.start_period_ms = Some(read_duration(r, value, &path)?),
            "retries" => check.retries = Some(r.u32(value, &path, "a number of retries")?),
            "disable" => disabled = r.bool(value, &path)?,
            _ => {}
        }
    }

    if disabled {
        check.test = vec!["NONE".into()];
    }
    Ok(check)
}

/// A string test runs in a shell; a list says how to run itself.
fn read_test(r: &Reader<'_>, node: &Node, path: &str) -> Result<Vec<String>, ComposeError> {
    let expected = "a list starting with CMD, CMD-SHELL or NONE";
    match &node.value {
        Value::Scalar { text, .. } => Ok(vec!["CMD-SHELL".into(), text.clone()]),
        Value::Seq(items) => {
            let mut test = Vec::new();
            for (i, item) in items.iter().enumerate() {
                test.push(r.text(item, &format!("{path}[{i}]"), "a string")?.to_owned());
            }
            let starts_well =
                matches!(test.first().map(String::as_str), Some("CMD" | "CMD-SHELL" | "NONE"));
            if !starts_well {
                return Err(r.expected(node, path, expected));
            }
            Ok(test)
        }
        Value::Null | Value::Map(_) => {
            Err(r.expected(node, path, format!("a string or {expected}")))
        }
    }
}

fn read_duration(r: &Reader<'_>, node: &Node, path: &str) -> Result<u64, ComposeError> {
    let text = r.text(node, path, DURATION_FORM)?;
    parse_duration_ms(text).ok_or_else(|| r.expected(node, path, DURATION_FORM))
}
