//! The short string forms Compose packs into one scalar: ports, volume
//! mounts, durations, byte sizes and restart policies. Each parser returns
//! `None` or a description of what was expected, and knows nothing of
//! positions; the caller adds them.

use std::path::{Component, Path, PathBuf};

use crate::apps::model::{PortSpec, Restart};
use crate::engine::Protocol;

/// What a port string must look like, for error messages.
pub(super) const PORT_FORM: &str = "a port like 8080:80 or 127.0.0.1:8080:80/udp";

/// Parses the short port syntax `[[IP:][PUBLISHED]:]TARGET[/PROTOCOL]`,
/// where the ports may be ranges (`8000-8002:9000-9002`) of equal length;
/// a range expands to one [`PortSpec`] per port.
pub(super) fn parse_port(text: &str) -> Result<Vec<PortSpec>, String> {
    let (addresses, protocol) = match text.rsplit_once('/') {
        Some((rest, protocol)) => (rest, parse_protocol(protocol).ok_or_else(protocol_form)?),
        None => (text, Protocol::Tcp),
    };
    let (host_ip, ports) = split_host_ip(addresses).ok_or_else(|| PORT_FORM.to_owned())?;
    let (published, target) = match ports.rsplit_once(':') {
        Some((published, target)) => (published, target),
        None => ("", ports),
    };
    if published.contains(':') {
        return Err(PORT_FORM.into());
    }

    let targets = parse_port_range(target)?;
    let published = if published.is_empty() { None } else { Some(parse_port_range(published)?) };

    let host_ip = host_ip.map(str::to_owned);
    let spec = |published: Option<u16>, target: u16| PortSpec {
        host_ip: host_ip.clone(),
        published,
        target,
        protocol,
    };
    match published {
        None => Ok(targets.map(|t| spec(None, t)).collect()),
        Some(published) if published.len() == targets.len() => {
            Ok(published.zip(targets).map(|(p, t)| spec(Some(p), t)).collect())
        }
        Some(published) if targets.len() == 1 => Err(format!(
            "a single published port for the single target port {}, not the range {}",
            target,
            range_text(&published)
        )),
        Some(_) => Err("published and target ranges of the same length".into()),
    }
}

/// Parses `tcp`, `udp` or `sctp`.
pub(super) fn parse_protocol(text: &str) -> Option<Protocol> {
    match text {
        "tcp" => Some(Protocol::Tcp),
        "udp" => Some(Protocol::Udp),
        "sctp" => Some(Protocol::Sctp),
        _ => None,
    }
}

/// What a protocol must be, for error messages.
pub(super) fn protocol_form() -> String {
    "a protocol: tcp, udp or sctp".into()
}

/// Parses one port number from 1 to 65535.
pub(super) fn parse_port_number(text: &str) -> Result<u16, String> {
    let number: u64 = text.trim().parse().map_err(|_| PORT_FORM.to_owned())?;
    match u16::try_from(number) {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(format!("a port number from 1 to 65535, not {number}")),
    }
}

/// Splits `IP:rest` or `[IPv6]:rest`; `None` when the brackets do not close.
fn split_host_ip(text: &str) -> Option<(Option<&str>, &str)> {
    if let Some(rest) = text.strip_prefix('[') {
        let (ip, rest) = rest.split_once(']')?;
        return Some((Some(ip), rest.strip_prefix(':')?));
    }
    match text.matches(':').count() {
        2 => text.split_once(':').map(|(ip, rest)| (Some(ip), rest)),
        _ => Some((None, text)),
    }
}

fn parse_port_range(text: &str) -> Result<std::ops::RangeInclusive<u16>, String> {
    let (start, end) = match text.split_once('-') {
        Some((start, end)) => (parse_port_number(start)?, parse_port_number(end)?),
        None => {
            let port = parse_port_number(text)?;
            (port, port)
        }
    };
    if start > end {
        return Err(format!("a port range from low to high, not {text}"));
    }
    Ok(start..=end)
}

fn range_text(range: &std::ops::RangeInclusive<u16>) -> String {
    format!("{}-{}", range.start(), range.end())
}

/// A mount in the short `SOURCE:TARGET[:MODE]` syntax, before paths are
/// resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ShortMount<'a> {
    /// `None` for an anonymous volume.
    pub source: Option<ShortSource<'a>>,
    pub target: &'a str,
    pub read_only: bool,
    /// Mode options Berth accepts but does not apply, such as `z`.
    pub ignored_modes: Vec<&'a str>,
}

/// Where a short mount comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ShortSource<'a> {
    Volume(&'a str),
    /// A host path as written: absolute, `./relative` or `~/in-home`.
    Bind(&'a str),
}

/// What a volume string must look like, for error messages.
pub(super) const VOLUME_FORM: &str =
    "a mount like name:/path, ./dir:/path:ro or /path (Windows paths are not supported)";

/// Parses the short volume syntax.
pub(super) fn parse_mount(text: &str) -> Result<ShortMount<'_>, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [target] => (None, *target, None),
        [source, target] => (Some(*source), *target, None),
        [source, target, mode] => (Some(*source), *target, Some(*mode)),
        _ => return Err(VOLUME_FORM.into()),
    };
    if !target.starts_with('/') {
        return Err(format!("an absolute path inside the container, not `{target}`"));
    }

    let source = match source {
        None => None,
        Some(s) if s.starts_with(['/', '.', '~']) => Some(ShortSource::Bind(s)),
        Some(s) if is_volume_name(s) => Some(ShortSource::Volume(s)),
        Some(_) => return Err(VOLUME_FORM.into()),
    };
    let mut read_only = false;
    let mut ignored_modes = Vec::new();
    for option in mode.into_iter().flat_map(|m| m.split(',')) {
        match option {
            "ro" => read_only = true,
            "rw" => read_only = false,
            "z" | "Z" | "nocopy" | "consistent" | "cached" | "delegated" | "shared" | "rshared"
            | "slave" | "rslave" | "private" | "rprivate" => ignored_modes.push(option),
            _ => return Err(format!("a mount mode such as ro or rw, not `{option}`")),
        }
    }

    Ok(ShortMount { source, target, read_only, ignored_modes })
}

/// Whether `name` can name a volume: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
pub(super) fn is_volume_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Turns a bind source into an absolute path: `~` is `home`, relative paths
/// are taken from `base`, and `.` and `..` are folded away.
pub(super) fn resolve_host_path(source: &str, base: &Path, home: &str) -> PathBuf {
    let joined = if source == "~" {
        PathBuf::from(home)
    } else if let Some(rest) = source.strip_prefix("~/") {
        Path::new(home).join(rest)
    } else {
        base.join(source)
    };

    let mut folded = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                folded.pop();
            }
            other => folded.push(other),
        }
    }
    folded
}

/// What a duration must look like, for error messages.
pub(super) const DURATION_FORM: &str = "a duration like 1m30s, 10s, 500ms or 1h";

/// Parses a Compose duration such as `1m30s` or `1.5s` into milliseconds,
/// rounding down.
pub(super) fn parse_duration_ms(text: &str) -> Option<u64> {
    if text == "0" {
        return Some(0);
    }
    let mut rest = text;
    let mut total_ns = 0f64;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit_ns = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total_ns += number * unit_ns;
    }
    to_whole(total_ns / 1e6)
}

/// What a byte size must look like, for error messages.
pub(super) const BYTES_FORM: &str = "a size like 512m, 1g, 1024k or a number of bytes";

/// Parses a byte size with an optional binary unit (`b`, `k`, `kb`, `m`,
/// `mb`, `g`, `gb`, `t`, `tb`, any case).
pub(super) fn parse_bytes(text: &str) -> Option<i64> {
    let text = text.trim();
    let number_len = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let number: f64 = text[..number_len].parse().ok()?;
    let multiplier = match text[number_len..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1u64 << 0,
        "k" | "kb" => 1 << 10,
        "m" | "mb" => 1 << 20,
        "g" | "gb" => 1 << 30,
        "t" | "tb" => 1 << 40,
        _ => return None,
    };
    let bytes = to_whole(number * multiplier as f64)?;
    i64::try_from(bytes).ok()
}

/// Parses a restart policy: `no`, `always`, `unless-stopped`, `on-failure`
/// or `on-failure:N`.
pub(super) fn parse_restart(text: &str) -> Option<Restart> {
    match text {
        "no" => Some(Restart::No),
        "always" => Some(Restart::Always),
        "unless-stopped" => Some(Restart::UnlessStopped),
        "on-failure" => Some(Restart::OnFailure { max_retries: 0 }),
        _ => {
            let count = text.strip_prefix("on-failure:")?.parse().ok()?;
            Some(Restart::OnFailure { max_retries: count })
        }
    }
}

/// Parses a CPU count: a positive number, possibly fractional.
pub(super) fn parse_cpus(text: &str) -> Option<f64> {
    let cpus: f64 = text.trim().parse().ok()?;
    (cpus.is_finite() && cpus > 0.0).then_some(cpus)
}

/// Reduces a name to what Compose allows in a project name: lowercase
/// letters, digits, `_` and `-`, starting with a letter or digit.
pub(super) fn normalize_app_name(name: &str) -> String {
    let kept: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
        .collect();
    kept.trim_start_matches(['_', '-']).to_owned()
}

/// Splits `KEY=value` into its parts; a bare `KEY` has no value.
pub(super) fn split_assignment(text: &str) -> (&str, Option<&str>) {
    match text.split_once('=') {
        Some((key, value)) => (key, Some(value)),
        None => (text, None),
    }
}

fn to_whole(value: f64) -> Option<u64> {
    let fits = value.is_finite() && value >= 0.0 && value < u64::MAX as f64;
    // The value is finite, not negative and below u64::MAX, so the cast only
    // drops the fraction, which is the rounding down we want.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fits.then(|| value.floor() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(host_ip: Option<&str>, published: Option<u16>, target: u16, p: Protocol) -> PortSpec {
        PortSpec { host_ip: host_ip.map(str::to_owned), published, target, protocol: p }
    }

    #[test]
    fn short_ports_read_every_documented_form() {
        let tcp = Protocol::Tcp;
        let cases = [
            ("80", vec![port(None, None, 80, tcp)]),
            ("8080:80", vec![port(None, Some(8080), 80, tcp)]),
            ("127.0.0.1:8080:80", vec![port(Some("127.0.0.1"), Some(8080), 80, tcp)]),
            ("127.0.0.1::80", vec![port(Some("127.0.0.1"), None, 80, tcp)]),
            ("[::1]:8080:80", vec![port(Some("::1"), Some(8080), 80, tcp)]),
            ("53:53/udp", vec![port(None, Some(53), 53, Protocol::Udp)]),
            ("9000/tcp", vec![port(None, None, 9000, tcp)]),
            (
                "8000-8001:9000-9001",
                vec![port(None, Some(8000), 9000, tcp), port(None, Some(8001), 9001, tcp)],
            ),
            ("3000-3001", vec![port(None, None, 3000, tcp), port(None, None, 3001, tcp)]),
        ];

        for (text, expected) in cases {
            assert_eq!(parse_port(text).as_ref(), Ok(&expected), "{text}");
        }
    }

    #[test]
    fn bad_ports_say_what_was_expected() {
        let cases = [
            ("70000:80", "from 1 to 65535, not 70000"),
            ("8000-8002:80", "single published port"),
            ("8000-8002:9000-9001", "same length"),
            ("80/icmp", "tcp, udp or sctp"),
            ("web", "like 8080:80"),
            ("9002-9000", "from low to high"),
            ("[::1:8080:80", "like 8080:80"),
        ];

        for (text, fragment) in cases {
            let error = parse_port(text).expect_err(text);
            assert!(error.contains(fragment), "{text}: `{error}` lacks `{fragment}`");
        }
    }

    #[test]
    fn short_mounts_tell_volumes_binds_and_anonymous_apart() {
        let named = parse_mount("data:/var/lib/data:ro").expect("valid");
        let bind = parse_mount("./conf:/etc/conf:z,ro").expect("valid");
        let anonymous = parse_mount("/cache").expect("valid");

        assert_eq!(named.source, Some(ShortSource::Volume("data")));
        assert!(named.read_only, "ro makes it read-only");
        assert_eq!(bind.source, Some(ShortSource::Bind("./conf")));
        assert_eq!(bind.ignored_modes, vec!["z"], "z is accepted but not applied");
        assert!(bind.read_only, "ro counts among other options");
        assert_eq!((anonymous.source, anonymous.target), (None, "/cache"));
        assert!(parse_mount("data:relative").is_err(), "the target must be absolute");
        assert!(parse_mount("data:/x:bogus").is_err(), "unknown modes are refused");
    }

    #[test]
    fn host_paths_resolve_against_the_base_and_home() {
        let base = Path::new("/srv/app");

        assert_eq!(resolve_host_path("./conf", base, "/home/u"), Path::new("/srv/app/conf"));
        assert_eq!(resolve_host_path("../x/./y", base, "/home/u"), Path::new("/srv/x/y"));
        assert_eq!(resolve_host_path("~/data", base, "/home/u"), Path::new("/home/u/data"));
        assert_eq!(resolve_host_path("/abs", base, "/home/u"), Path::new("/abs"));
    }

    #[test]
    fn durations_become_milliseconds() {
        let cases = [("1m30s", 90_000), ("10s", 10_000), ("500ms", 500), ("1h", 3_600_000)];
        for (text, ms) in cases {
            assert_eq!(parse_duration_ms(text), Some(ms), "{text}");
        }
        assert_eq!(parse_duration_ms("1.5s"), Some(1500), "fractions are allowed");
        assert_eq!(parse_duration_ms("0"), Some(0), "a bare zero is allowed");
        assert_eq!(parse_duration_ms("10"), None, "a number needs a unit");
        assert_eq!(parse_duration_ms("5d"), None, "days are not a Compose unit");
    }

    #[test]
    fn sizes_use_binary_units() {
        assert_eq!(parse_bytes("512m"), Some(512 << 20));
        assert_eq!(parse_bytes("1g"), Some(1 << 30));
        assert_eq!(parse_bytes("1024k"), Some(1 << 20));
        assert_eq!(parse_bytes("1GB"), Some(1 << 30), "units ignore case");
        assert_eq!(parse_bytes("1000"), Some(1000), "a bare number is bytes");
        assert_eq!(parse_bytes("lots"), None);
    }

    #[test]
    fn restart_policies_and_names() {
        assert_eq!(parse_restart("on-failure:3"), Some(Restart::OnFailure { max_retries: 3 }));
        assert_eq!(parse_restart("unless-stopped"), Some(Restart::UnlessStopped));
        assert_eq!(parse_restart("sometimes"), None);
        assert_eq!(normalize_app_name("My App_2-x!"), "myapp_2-x");
        assert_eq!(normalize_app_name("_hidden"), "hidden", "names start with a letter or digit");
    }
}
