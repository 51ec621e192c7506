//! The registry's SQL. Every change is one transaction on the store's single
//! writer connection, so concurrent registrations queue instead of failing
//! with "database is locked".

use std::collections::HashMap;
use std::time::Duration;

use sqlx::{FromRow, SqlitePool};

use super::model::{Check, CheckKind, Health, Instance, Source, Transition};
use super::validate::{NewCheck, NewInstance};

/// How many transitions are kept per check.
pub const HISTORY_PER_CHECK: i64 = 50;

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

#[derive(FromRow)]
struct InstanceRow {
    id: String,
    name: String,
    address: String,
    port: i64,
    url: Option<String>,
    tags: String,
    meta: String,
    hourly_cost: f64,
    source: String,
    container_id: Option<String>,
    registered_at: i64,
    updated_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub(super) struct CheckRow {
    pub id: String,
    pub instance_id: String,
    pub kind: String,
    pub target: String,
    pub interval_ms: i64,
    pub timeout_ms: i64,
    pub ttl_ms: Option<i64>,
    pub deregister_after_ms: Option<i64>,
    pub status: String,
    pub output: String,
    pub changed_at: i64,
    pub heartbeat_at: Option<i64>,
}

/// Formats epoch milliseconds as RFC 3339.
pub fn rfc3339(ms: Millis) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default()
}

fn millis(duration: Duration) -> i64 {
    duration.as_millis().try_into().unwrap_or(i64::MAX)
}

/// The id of an instance's check.
pub fn check_id(instance_id: &str, kind: CheckKind) -> String {
    format!("{instance_id}:{}", kind.as_str())
}

/// One registration waiting to be written.
pub(super) struct Upsert<'a> {
    pub new: &'a NewInstance,
    pub source: Source,
    pub container_id: Option<&'a str>,
}

/// What the database holds after an upsert, beyond what was sent.
#[derive(Debug, Clone)]
pub(super) struct Stored {
    pub created: bool,
    pub registered_at: Millis,
    /// The check's status, output and last change, kept when unchanged.
    pub check: Option<(Health, String, Millis)>,
}

/// Writes several registrations in one transaction: one commit for all.
/// Fails as a whole; the caller may retry them one by one.
pub(super) async fn upsert_batch(
    writer: &SqlitePool,
    items: &[Upsert<'_>],
    now: Millis,
) -> Result<Vec<Stored>, sqlx::Error> {
    let mut tx = writer.begin().await?;
    let mut stored = Vec::with_capacity(items.len());
    for item in items {
        stored.push(upsert(&mut tx, item, now).await?);
    }
    tx.commit().await?;
    Ok(stored)
}

/// Inserts or updates an instance, its check and its registration span.
async fn upsert(
    tx: &mut sqlx::SqliteConnection,
    item: &Upsert<'_>,
    now: Millis,
) -> Result<Stored, sqlx::Error> {
    let new = item.new;
    // Spans are opened and repriced by triggers (see the migrations).
    let (registered_at,): (i64,) = sqlx::query_as(
        "INSERT INTO instances (id, name, address, port, url, tags, meta, hourly_cost, source, \
         container_id, registered_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
         ?10, ?11, ?11) ON CONFLICT (id) DO UPDATE SET name = ?2, address = ?3, port = ?4, \
         url = ?5, tags = ?6, meta = ?7, hourly_cost = ?8, source = ?9, container_id = ?10, \
         updated_at = ?11 RETURNING registered_at",
    )
    .bind(&new.id)
    .bind(&new.name)
    .bind(&new.address)
    .bind(i64::from(new.port))
    .bind(&new.url)
    .bind(serde_json::to_string(&new.tags).unwrap_or_else(|_| "[]".into()))
    .bind(serde_json::to_string(&new.meta).unwrap_or_else(|_| "{}".into()))
    .bind(new.hourly_cost)
    .bind(item.source.as_str())
    .bind(item.container_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;

    let check = replace_check(tx, &new.id, new.check.as_ref(), now).await?;
    // A re-registration within the same millisecond reads as new; that only
    // changes whether a log line says "registered".
    Ok(Stored { created: registered_at == now, registered_at, check })
}

/// Keeps an unchanged check (and its status); replaces anything else.
/// Returns the check's status, output and last change.
async fn replace_check(
    tx: &mut sqlx::SqliteConnection,
    instance_id: &str,
    check: Option<&NewCheck>,
    now: Millis,
) -> Result<Option<(Health, String, Millis)>, sqlx::Error> {
    let Some(check) = check else {
        sqlx::query("DELETE FROM checks WHERE instance_id = ?")
            .bind(instance_id)
            .execute(tx)
            .await?;
        return Ok(None);
    };
    let id = check_id(instance_id, check.kind);
    let ttl = check.ttl.map(millis);
    let deregister = check.deregister_after.map(millis);

    let unchanged: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT status, output, changed_at FROM checks WHERE id = ?1 AND target = ?2 \
         AND interval_ms = ?3 AND timeout_ms = ?4 AND ttl_ms IS ?5 AND deregister_after_ms IS ?6",
    )
    .bind(&id)
    .bind(&check.target)
    .bind(millis(check.interval))
    .bind(millis(check.timeout))
    .bind(ttl)
    .bind(deregister)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((status, output, changed_at)) = unchanged {
        return Ok(Some((Health::parse(&status), output, changed_at)));
    }

    let output =
        if check.kind == CheckKind::Ttl { "waiting for a heartbeat" } else { "not run yet" };
    sqlx::query("DELETE FROM checks WHERE instance_id = ?")
        .bind(instance_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO checks (id, instance_id, kind, target, interval_ms, timeout_ms, ttl_ms, \
         deregister_after_ms, status, output, changed_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'critical', ?, ?)",
    )
    .bind(&id)
    .bind(instance_id)
    .bind(check.kind.as_str())
    .bind(&check.target)
    .bind(millis(check.interval))
    .bind(millis(check.timeout))
    .bind(ttl)
    .bind(deregister)
    .bind(output)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(Some((Health::Critical, output.to_owned(), now)))
}

/// The instance as stored, built without reading it back.
pub(super) fn stored_instance(item: &Upsert<'_>, stored: &Stored, now: Millis) -> Instance {
    let new = item.new;
    let ms = |d: Duration| u32::try_from(d.as_millis()).unwrap_or(u32::MAX);
    let checks: Vec<Check> = match (&new.check, &stored.check) {
        (Some(check), Some((status, output, changed_at))) => vec![Check {
            id: check_id(&new.id, check.kind),
            kind: check.kind,
            target: check.target.clone(),
            interval_ms: ms(check.interval),
            timeout_ms: ms(check.timeout),
            ttl_ms: check.ttl.map(ms),
            deregister_after_ms: check.deregister_after.map(ms),
            status: *status,
            output: output.clone(),
            changed_at: rfc3339(*changed_at),
        }],
        _ => Vec::new(),
    };
    Instance {
        id: new.id.clone(),
        name: new.name.clone(),
        address: new.address.clone(),
        port: new.port,
        url: new.url.clone(),
        tags: new.tags.clone(),
        meta: new.meta.clone(),
        hourly_cost: new.hourly_cost,
        health: checks.iter().map(|c| c.status).max().unwrap_or(Health::Passing),
        source: item.source,
        container_id: item.container_id.map(str::to_owned),
        registered_at: rfc3339(stored.registered_at),
        updated_at: rfc3339(now),
        checks,
    }
}

/// Deletes an instance and closes its registration span; returns its name
/// when it existed.
pub(super) async fn delete(
    writer: &SqlitePool,
    id: &str,
    now: Millis,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = writer.begin().await?;
    let name: Option<(String,)> =
        sqlx::query_as("DELETE FROM instances WHERE id = ? RETURNING name")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if name.is_some() {
        sqlx::query(
            "UPDATE registration_spans SET ended_at = ?2 \
             WHERE instance_id = ?1 AND ended_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(name.map(|(name,)| name))
}

/// Records a check's new status and its transition, trimming old history.
pub(super) async fn record_transition(
    writer: &SqlitePool,
    check_id: &str,
    status: Health,
    output: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let mut tx = writer.begin().await?;
    let updated =
        sqlx::query("UPDATE checks SET status = ?2, output = ?3, changed_at = ?4 WHERE id = ?1")
            .bind(check_id)
            .bind(status.as_str())
            .bind(output)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if updated == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO check_transitions (check_id, at, status, output) VALUES (?, ?, ?, ?)")
        .bind(check_id)
        .bind(now)
        .bind(status.as_str())
        .bind(output)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM check_transitions WHERE check_id = ?1 AND id NOT IN \
         (SELECT id FROM check_transitions WHERE check_id = ?1 ORDER BY id DESC LIMIT ?2)",
    )
    .bind(check_id)
    .bind(HISTORY_PER_CHECK)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores a heartbeat for an instance's TTL check; false when it has none.
pub(super) async fn heartbeat(
    writer: &SqlitePool,
    instance_id: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let updated =
        sqlx::query("UPDATE checks SET heartbeat_at = ? WHERE instance_id = ? AND kind = 'ttl'")
            .bind(now)
            .bind(instance_id)
            .execute(writer)
            .await?
            .rows_affected();
    Ok(updated > 0)
}

/// Every instance with its checks, ordered by name then id.
pub(super) async fn load_all(pool: &SqlitePool) -> Result<Vec<Instance>, sqlx::Error> {
    let rows: Vec<InstanceRow> =
        sqlx::query_as("SELECT * FROM instances ORDER BY name, id").fetch_all(pool).await?;
    let checks: Vec<CheckRow> = sqlx::query_as("SELECT * FROM checks").fetch_all(pool).await?;

    let mut by_instance: HashMap<String, Vec<Check>> = HashMap::new();
    for row in checks {
        by_instance.entry(row.instance_id.clone()).or_default().push(to_check(row));
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let checks = by_instance.remove(&row.id).unwrap_or_default();
            assemble(row, checks)
        })
        .collect())
}

/// The recorded transitions of an instance's checks, newest first.
pub(super) async fn history(
    pool: &SqlitePool,
    instance_id: &str,
) -> Result<Vec<Transition>, sqlx::Error> {
    let rows: Vec<(String, i64, String, String)> = sqlx::query_as(
        "SELECT t.check_id, t.at, t.status, t.output FROM check_transitions t \
         JOIN checks c ON c.id = t.check_id WHERE c.instance_id = ? ORDER BY t.id DESC",
    )
    .bind(instance_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(check_id, at, status, output)| Transition {
            check_id,
            at: rfc3339(at),
            status: Health::parse(&status),
            output,
        })
        .collect())
}

/// Every check, for the checker to schedule.
pub(super) async fn all_checks(pool: &SqlitePool) -> Result<Vec<CheckRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM checks").fetch_all(pool).await
}

/// The checks of one instance.
pub(super) async fn checks_of(
    pool: &SqlitePool,
    instance_id: &str,
) -> Result<Vec<CheckRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM checks WHERE instance_id = ?")
        .bind(instance_id)
        .fetch_all(pool)
        .await
}

/// One check's row, when it still exists.
pub(super) async fn check_row(
    pool: &SqlitePool,
    id: &str,
) -> Result<Option<CheckRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM checks WHERE id = ?").bind(id).fetch_optional(pool).await
}

/// Instances auto-registered for containers: `(instance id, container id)`.
pub(super) async fn container_instances(
    pool: &SqlitePool,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, container_id FROM instances WHERE source = 'container' \
         AND container_id IS NOT NULL",
    )
    .fetch_all(pool)
    .await
}

fn to_check(row: CheckRow) -> Check {
    let ms = |value: i64| u32::try_from(value).unwrap_or(u32::MAX);
    Check {
        kind: CheckKind::parse(&row.kind).unwrap_or(CheckKind::Tcp),
        target: row.target,
        interval_ms: ms(row.interval_ms),
        timeout_ms: ms(row.timeout_ms),
        ttl_ms: row.ttl_ms.map(ms),
        deregister_after_ms: row.deregister_after_ms.map(ms),
        status: Health::parse(&row.status),
        output: row.output,
        changed_at: rfc3339(row.changed_at),
        id: row.id,
    }
}

fn assemble(row: InstanceRow, checks: Vec<Check>) -> Instance {
    let health = checks.iter().map(|c| c.status).max().unwrap_or(Health::Passing);
    Instance {
        id: row.id,
        name: row.name,
        address: row.address,
        port: u16::try_from(row.port).unwrap_or_default(),
        url: row.url,
        tags: serde_json::from_str(&row.tags).unwrap_or_default(),
        meta: serde_json::from_str(&row.meta).unwrap_or_default(),
        hourly_cost: row.hourly_cost,
        health,
        source: Source::parse(&row.source),
        container_id: row.container_id,
        registered_at: rfc3339(row.registered_at),
        updated_at: rfc3339(row.updated_at),
        checks,
    }
}
