//! Runs every health check on its own interval.
//!
//! Each check is its own task, so a slow target delays nobody else. Only
//! transitions are written to SQLite; the latest output of an unchanged
//! status is not, which keeps the write load flat however many checks run.
//! A check that stays critical past its `deregister_after` removes its
//! instance.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use super::db::{self, CheckRow};
use super::{CheckKind, CheckerEvent, Health, Registry, now_ms};

/// The shortest pause between two evaluations of a TTL check.
const MIN_TTL_TICK: Duration = Duration::from_millis(100);

/// Keeps the checker running; dropping it stops every check.
pub struct CheckerHandle {
    supervisor: JoinHandle<()>,
}

impl Drop for CheckerHandle {
    fn drop(&mut self) {
        self.supervisor.abort();
    }
}

pub(super) fn spawn(
    registry: Registry,
    inbox: mpsc::UnboundedReceiver<CheckerEvent>,
) -> CheckerHandle {
    CheckerHandle { supervisor: tokio::spawn(supervise(registry, inbox)) }
}

/// A running check task.
struct Running {
    instance_id: String,
    definition: Definition,
    task: JoinHandle<()>,
    wake: mpsc::UnboundedSender<()>,
}

/// What makes two check rows the same check.
type Definition = (String, String, i64, i64, Option<i64>, Option<i64>);

fn definition(row: &CheckRow) -> Definition {
    let fields = (row.kind.clone(), row.target.clone(), row.interval_ms, row.timeout_ms);
    (fields.0, fields.1, fields.2, fields.3, row.ttl_ms, row.deregister_after_ms)
}

/// Owns the per-check tasks and starts, restarts and stops them.
async fn supervise(registry: Registry, mut inbox: mpsc::UnboundedReceiver<CheckerEvent>) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build();
    let client = match client {
        Ok(client) => client,
        Err(error) => {
            warn!(%error, "cannot build the HTTP client; no check will run");
            return;
        }
    };
    let mut running: HashMap<String, Running> = HashMap::new();
    let start = |row: CheckRow, running: &mut HashMap<String, Running>| {
        let (wake, woken) = mpsc::unbounded_channel();
        let entry = Running {
            instance_id: row.instance_id.clone(),
            definition: definition(&row),
            task: tokio::spawn(run_check(registry.clone(), client.clone(), row.clone(), woken)),
            wake,
        };
        if let Some(old) = running.insert(row.id, entry) {
            old.task.abort();
        }
    };

    match db::all_checks(registry.store().pool()).await {
        Ok(rows) => {
            info!(checks = rows.len(), "health checker started");
            for row in rows {
                start(row, &mut running);
            }
        }
        Err(error) => warn!(%error, "cannot load the stored checks; only new ones will run"),
    }

    while let Some(event) = inbox.recv().await {
        match event {
            CheckerEvent::Schedule { instance_id } => {
                let rows = match db::checks_of(registry.store().pool(), &instance_id).await {
                    Ok(rows) => rows,
                    Err(error) => {
                        warn!(%instance_id, %error, "cannot load the instance's checks");
                        continue;
                    }
                };
                stop(&mut running, |id, run| {
                    run.instance_id == instance_id && !rows.iter().any(|row| row.id == id)
                });
                for row in rows {
                    let same = running.get(&row.id).is_some_and(|run| {
                        run.definition == definition(&row) && !run.task.is_finished()
                    });
                    if !same {
                        start(row, &mut running);
                    }
                }
            }
            CheckerEvent::Unschedule { instance_id } => {
                stop(&mut running, |_, run| run.instance_id == instance_id);
            }
            CheckerEvent::Heartbeat { check_id } => {
                if let Some(run) = running.get(&check_id) {
                    let _ = run.wake.send(());
                }
            }
        }
    }
}

/// Aborts and forgets the tasks `doomed` picks.
fn stop(running: &mut HashMap<String, Running>, doomed: impl Fn(&str, &Running) -> bool) {
    running.retain(|id, run| {
        let keep = !doomed(id, run);
        if !keep {
            run.task.abort();
        }
        keep
    });
}

/// Runs one check until its task is aborted.
async fn run_check(
    registry: Registry,
    client: reqwest::Client,
    row: CheckRow,
    mut woken: mpsc::UnboundedReceiver<()>,
) {
    let Some(kind) = CheckKind::parse(&row.kind) else { return };
    let interval = Duration::from_millis(row.interval_ms.max(1).unsigned_abs());
    let timeout = Duration::from_millis(row.timeout_ms.max(1).unsigned_abs());
    let ttl = row.ttl_ms.map(|ms| Duration::from_millis(ms.max(1).unsigned_abs()));
    let deregister_after = row.deregister_after_ms.map(|ms| ms.max(0));
    let mut status = Health::parse(&row.status);
    let mut critical_since = (status == Health::Critical).then_some(row.changed_at);
    let tick = match ttl {
        Some(ttl) => (ttl / 4).clamp(MIN_TTL_TICK, interval.max(MIN_TTL_TICK)),
        None => interval,
    };

    loop {
        let (next, output) = match kind {
            CheckKind::Http => probe_http(&client, &row.target, timeout).await,
            CheckKind::Tcp => probe_tcp(&row.target, timeout).await,
            CheckKind::Ttl => match db::check_row(registry.store().pool(), &row.id).await {
                Ok(Some(current)) => evaluate_ttl(current.heartbeat_at, ttl, now_ms()),
                Ok(None) => return,
                Err(error) => {
                    debug!(check = %row.id, %error, "cannot read heartbeat");
                    (status, String::new())
                }
            },
        };

        if next != status {
            match registry.record_transition(&row.instance_id, &row.id, next, &output).await {
                Ok(true) => {
                    let (from, to) = (status.as_str(), next.as_str());
                    info!(check = %row.id, from, to, %output, "check changed");
                    status = next;
                    critical_since = (status == Health::Critical).then(now_ms);
                }
                Ok(false) => return,
                Err(error) => warn!(check = %row.id, %error, "cannot record check result"),
            }
        }

        if let (Some(since), Some(limit)) = (critical_since, deregister_after)
            && now_ms() - since >= limit
        {
            let reason = format!(
                "critical for longer than {}",
                humantime::format_duration(Duration::from_millis(limit.unsigned_abs()),)
            );
            match registry.deregister(&row.instance_id, &reason).await {
                Ok(()) => {
                    warn!(instance = %row.instance_id, %reason, "instance removed by its check")
                }
                Err(error) => debug!(instance = %row.instance_id, %error, "deregistration failed"),
            }
            return;
        }

        tokio::select! {
            () = tokio::time::sleep(tick) => {}
            Some(()) = woken.recv() => {}
        }
    }
}

/// GET the target: 2xx passing, 429 warning, anything else critical.
async fn probe_http(client: &reqwest::Client, target: &str, timeout: Duration) -> (Health, String) {
    match client.get(target).timeout(timeout).send().await {
        Ok(response) => {
            let status = response.status();
            let health = if status.is_success() {
                Health::Passing
            } else if status.as_u16() == 429 {
                Health::Warning
            } else {
                Health::Critical
            };
            (health, format!("HTTP {status}"))
        }
        Err(error) if error.is_timeout() => {
            (Health::Critical, format!("no answer within {}", humantime::format_duration(timeout)))
        }
        Err(error) => (Health::Critical, describe_http_error(&error)),
    }
}

fn describe_http_error(error: &reqwest::Error) -> String {
    let mut cause: Option<&dyn std::error::Error> = Some(error);
    let mut innermost = error.to_string();
    while let Some(current) = cause {
        innermost = current.to_string();
        cause = current.source();
    }
    if error.is_connect() { format!("cannot connect: {innermost}") } else { innermost }
}

/// Opens a TCP connection to `host:port`.
async fn probe_tcp(target: &str, timeout: Duration) -> (Health, String) {
    match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(target)).await {
        Ok(Ok(_)) => (Health::Passing, format!("connected to {target}")),
        Ok(Err(error)) => (Health::Critical, format!("cannot connect to {target}: {error}")),
        Err(_) => (
            Health::Critical,
            format!("no connection within {}", humantime::format_duration(timeout)),
        ),
    }
}

/// Passing while the last heartbeat is younger than the TTL.
fn evaluate_ttl(heartbeat_at: Option<i64>, ttl: Option<Duration>, now: i64) -> (Health, String) {
    let ttl_ms = ttl.map_or(0, |ttl| ttl.as_millis().try_into().unwrap_or(i64::MAX));
    match heartbeat_at {
        Some(at) if now - at <= ttl_ms => (Health::Passing, "heartbeat received".into()),
        Some(at) => {
            (Health::Critical, format!("no heartbeat for {} ms (ttl {ttl_ms} ms)", now - at))
        }
        None => (Health::Critical, "waiting for a heartbeat".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_passes_only_while_the_heartbeat_is_fresh() {
        let ttl = Some(Duration::from_secs(5));

        assert_eq!(evaluate_ttl(Some(1_000), ttl, 6_000).0, Health::Passing, "exactly at the ttl");
        assert_eq!(evaluate_ttl(Some(1_000), ttl, 6_001).0, Health::Critical);
        assert_eq!(evaluate_ttl(None, ttl, 6_000).0, Health::Critical, "never beaten");
    }
}
