//! Checks a [`Registration`] and turns it into what is stored, filling in
//! the defaults (address, port from the URL, check target, durations).

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::model::{CheckKind, CheckRequest, Registration};
use crate::error::FieldError;

/// The longest service name accepted.
pub const MAX_NAME_LEN: usize = 64;

const DEFAULT_INTERVAL: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);
const DEFAULT_ADDRESS: &str = "127.0.0.1";

/// A registration that passed validation, with every default applied.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInstance {
    pub id: String,
    pub name: String,
    pub address: String,
    pub port: u16,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub meta: BTreeMap<String, String>,
    pub hourly_cost: f64,
    pub check: Option<NewCheck>,
}

/// A check that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCheck {
    pub kind: CheckKind,
    pub target: String,
    pub interval: Duration,
    pub timeout: Duration,
    pub ttl: Option<Duration>,
    pub deregister_after: Option<Duration>,
}

impl Registration {
    /// Validates every field at once; on success returns the instance to
    /// store. Field paths match the JSON: `name`, `port`, `check.interval`.
    pub fn validate(&self) -> Result<NewInstance, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError::new(field, message));

        let name = self.name.trim().to_owned();
        if let Err(message) = check_name(&name) {
            fail("name", message);
        }

        let url = match self.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(text) => match url::Url::parse(text) {
                Ok(url) if url.host_str().is_some() => Some(url),
                Ok(_) => {
                    fail("url", "must name a host, such as http://localhost:8080".into());
                    None
                }
                Err(error) => {
                    fail("url", format!("is not a valid URL: {error}"));
                    None
                }
            },
        };
        let url_port = url.as_ref().and_then(url::Url::port_or_known_default);

        let port = match (self.port, url_port) {
            (Some(port), _) if !(1..=65535).contains(&port) => {
                fail("port", "must be a port from 1 to 65535".into());
                None
            }
            (Some(port), Some(from_url)) if i64::from(from_url) != port => {
                fail("url", format!("its port {from_url} does not match port {port}"));
                None
            }
            (Some(port), _) => u16::try_from(port).ok(),
            (None, Some(from_url)) => Some(from_url),
            (None, None) => {
                fail("port", "is required (or give a URL with a port)".into());
                None
            }
        };

        let url_host = url.as_ref().and_then(|u| u.host_str()).map(|h| h.trim_matches(['[', ']']));
        let address = match self.address.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(address) => address.to_owned(),
            None => url_host.unwrap_or(DEFAULT_ADDRESS).to_owned(),
        };
        if let Err(message) = check_address(&address) {
            fail("address", message);
        }

        for (index, tag) in self.tags.iter().enumerate() {
            if tag.trim().is_empty() || tag.len() > 128 {
                fail(&format!("tags.{index}"), "must be 1 to 128 characters".into());
            }
        }
        for (key, value) in &self.meta {
            if let Err(message) = check_meta_key(key) {
                fail(&format!("meta.{key}"), message);
            } else if value.len() > 512 {
                fail(&format!("meta.{key}"), "the value must be at most 512 characters".into());
            }
        }
        let hourly_cost = self.hourly_cost.unwrap_or(0.0);
        if !(hourly_cost.is_finite() && hourly_cost >= 0.0) {
            fail("hourlyCost", "must be a number of 0 or more".into());
        }
        if let Some(id) = &self.id
            && let Err(message) = check_id(id)
        {
            fail("id", message);
        }

        let check = match (&self.check, port) {
            (Some(request), Some(port)) => {
                check_request(request, &address, port, url.as_ref(), &mut errors)
            }
            _ => None,
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        let port = port.unwrap_or_default();
        let mut tags: Vec<String> = self.tags.iter().map(|t| t.trim().to_owned()).collect();
        tags.dedup();
        Ok(NewInstance {
            id: self.id.clone().unwrap_or_else(|| derive_id(&name, &address, port)),
            name,
            address,
            port,
            url: url.is_some().then(|| self.url.as_deref().unwrap_or_default().trim().to_owned()),
            tags,
            meta: self.meta.clone(),
            hourly_cost,
            check,
        })
    }
}

/// The default id: stable for the same name, address and port, so a provider
/// that registers again updates its instance instead of adding one.
pub fn derive_id(name: &str, address: &str, port: u16) -> String {
    let digest = Sha256::digest(format!("{name}\n{}\n{port}", address.to_ascii_lowercase()));
    let hex: String = digest.iter().take(6).map(|byte| format!("{byte:02x}")).collect();
    format!("{name}-{hex}")
}

fn check_request(
    request: &CheckRequest,
    address: &str,
    port: u16,
    url: Option<&url::Url>,
    errors: &mut Vec<FieldError>,
) -> Option<NewCheck> {
    let before = errors.len();
    let mut duration = |field: &str, text: &Option<String>| -> Option<Duration> {
        let text = text.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
        match humantime::parse_duration(text) {
            Ok(duration) if !duration.is_zero() => Some(duration),
            Ok(_) => {
                errors.push(FieldError::new(format!("check.{field}"), "must be above zero"));
                None
            }
            Err(error) => {
                let message = format!("is not a duration like 10s or 500ms: {error}");
                errors.push(FieldError::new(format!("check.{field}"), message));
                None
            }
        }
    };
    let interval = duration("interval", &request.interval).unwrap_or(DEFAULT_INTERVAL);
    let timeout = duration("timeout", &request.timeout).unwrap_or(DEFAULT_TIMEOUT);
    let ttl = duration("ttl", &request.ttl);
    let deregister_after = duration("deregisterAfter", &request.deregister_after);

    let Some(kind) = request.kind else {
        errors.push(FieldError::new("check.kind", "choose http, tcp or ttl"));
        return None;
    };
    let given = request.target.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let host = if address.contains(':') { format!("[{address}]") } else { address.to_owned() };
    let target = match kind {
        CheckKind::Http => {
            let target = given
                .map(str::to_owned)
                .or_else(|| url.map(|u| u.to_string()))
                .unwrap_or_else(|| format!("http://{host}:{port}/"));
            match url::Url::parse(&target) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => target,
                _ => {
                    let message = "must be an http:// or https:// URL";
                    errors.push(FieldError::new("check.target", message));
                    target
                }
            }
        }
        CheckKind::Tcp => {
            let target = given.map_or_else(|| format!("{host}:{port}"), str::to_owned);
            let valid = target
                .rsplit_once(':')
                .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0));
            if !valid {
                errors.push(FieldError::new("check.target", "must be host:port"));
            }
            target
        }
        CheckKind::Ttl => {
            if ttl.is_none() && request.ttl.is_none() {
                errors.push(FieldError::new("check.ttl", "is required for a ttl check"));
            }
            String::new()
        }
    };

    (errors.len() == before).then_some(NewCheck {
        kind,
        target,
        interval,
        timeout,
        ttl,
        deregister_after,
    })
}

fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("is required".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!("must be at most {MAX_NAME_LEN} characters"));
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || "-_.".contains(*c))) {
        let shown = if bad == ' ' { "a space".to_owned() } else { format!("'{bad}'") };
        return Err(format!("may contain only letters, digits, - _ and ., not {shown}"));
    }
    Ok(())
}

fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 128 {
        return Err("must be 1 to 128 characters".into());
    }
    if id.chars().any(|c| !(c.is_ascii_alphanumeric() || "-_.:@".contains(c))) {
        return Err("may contain only letters, digits and - _ . : @".into());
    }
    Ok(())
}

fn check_meta_key(key: &str) -> Result<(), String> {
    if key.is_empty() || key.len() > 128 {
        return Err("keys must be 1 to 128 characters".into());
    }
    if key.chars().any(|c| !(c.is_ascii_alphanumeric() || "-_.".contains(c))) {
        return Err("keys may contain only letters, digits and - _ .".into());
    }
    Ok(())
}

/// Accepts an IPv4 or IPv6 address or an RFC 1123 hostname.
fn check_address(address: &str) -> Result<(), String> {
    if address.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    let valid_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if address.len() <= 253 && address.split('.').all(valid_label) {
        Ok(())
    } else {
        Err("must be a hostname, an IPv4 or an IPv6 address".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> Registration {
        Registration {
            name: "my-service".into(),
            port: Some(8080),
            url: Some("http://localhost:8080".into()),
            ..Default::default()
        }
    }

    fn fields(registration: &Registration) -> Vec<String> {
        registration.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_documented_shape_fills_its_defaults() {
        let instance = minimal().validate().unwrap();

        assert_eq!(instance.address, "localhost", "taken from the URL");
        assert_eq!(instance.port, 8080);
        assert_eq!(instance.id, derive_id("my-service", "localhost", 8080));
        assert!(instance.id.starts_with("my-service-"), "readable id: {}", instance.id);
        assert_eq!(instance.check, None);
    }

    #[test]
    fn the_port_may_come_from_the_url_but_must_agree_with_it() {
        let from_url = Registration { port: None, ..minimal() };
        let https = Registration { port: None, url: Some("https://api.local".into()), ..minimal() };
        let clash = Registration { port: Some(9090), ..minimal() };

        assert_eq!(from_url.validate().unwrap().port, 8080);
        assert_eq!(https.validate().unwrap().port, 443, "the scheme's default port");
        assert_eq!(fields(&clash), ["url"]);
    }

    #[test]
    fn bad_fields_are_all_reported_by_path() {
        let registration = Registration {
            name: "my service".into(),
            port: Some(70000),
            url: Some("not a url".into()),
            address: Some("bad_host!".into()),
            hourly_cost: Some(-1.0),
            meta: [("".to_owned(), "x".to_owned())].into(),
            ..Default::default()
        };

        assert_eq!(
            fields(&registration),
            ["name", "url", "port", "address", "meta.", "hourlyCost"]
        );
    }

    #[test]
    fn ids_are_stable_and_differ_by_address_and_port() {
        let a = derive_id("web", "10.0.0.1", 80);

        assert_eq!(a, derive_id("web", "10.0.0.1", 80));
        assert_ne!(a, derive_id("web", "10.0.0.2", 80));
        assert_ne!(a, derive_id("web", "10.0.0.1", 81));
    }

    #[test]
    fn checks_get_targets_and_durations_by_default() {
        let tcp = Registration {
            url: None,
            address: Some("::1".into()),
            check: Some(CheckRequest { kind: Some(CheckKind::Tcp), ..Default::default() }),
            ..minimal()
        };
        let http = Registration {
            check: Some(CheckRequest {
                kind: Some(CheckKind::Http),
                interval: Some("500ms".into()),
                ..Default::default()
            }),
            ..minimal()
        };

        let tcp = tcp.validate().unwrap().check.unwrap();
        let http = http.validate().unwrap().check.unwrap();
        assert_eq!(tcp.target, "[::1]:8080");
        assert_eq!(tcp.interval, DEFAULT_INTERVAL);
        assert_eq!(http.target, "http://localhost:8080/");
        assert_eq!(http.interval, Duration::from_millis(500));
        assert_eq!(http.timeout, DEFAULT_TIMEOUT);
    }

    #[test]
    fn bad_checks_name_their_field() {
        let check = |request: CheckRequest| Registration { check: Some(request), ..minimal() };
        let ttl = CheckKind::Ttl;

        let no_ttl = check(CheckRequest { kind: Some(ttl), ..Default::default() });
        let zero = check(CheckRequest {
            kind: Some(CheckKind::Http),
            interval: Some("0s".into()),
            ..Default::default()
        });
        let words =
            check(CheckRequest { kind: Some(ttl), ttl: Some("soon".into()), ..Default::default() });
        let no_kind = check(CheckRequest::default());

        assert_eq!(fields(&no_ttl), ["check.ttl"]);
        assert_eq!(fields(&zero), ["check.interval"]);
        assert_eq!(fields(&words), ["check.ttl"]);
        assert_eq!(fields(&no_kind), ["check.kind"]);
    }
}
