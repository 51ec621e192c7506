//! Measures what running containers use and stores it per minute.
//!
//! Every interval the sampler reads each running container's counters once
//! (concurrently; a container that vanishes mid-round is skipped), turns
//! the change since its previous reading into core-seconds and GiB-seconds,
//! and adds them to that minute's bucket in SQLite. Last readings are kept
//! in the database too, so counting resumes exactly after Berth restarts;
//! a lower CPU counter means the container restarted (see
//! [`interval_usage`]). Old minutes are rolled up into hours.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::StreamExt;
use sqlx::SqlitePool;
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use super::model::{Millis, Sample, interval_usage};
use crate::engine::{ContainerSummary, Engine, Monitor};
use crate::store::Store;

/// The default time between two rounds.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15);

/// Minute buckets older than this are rolled up into hours.
const KEEP_MINUTES_MS: Millis = 7 * 24 * 3_600_000;
/// Hour buckets older than this are deleted.
const KEEP_HOURS_MS: Millis = 366 * 24 * 3_600_000;

const MINUTE_MS: Millis = 60_000;
const HOUR_MS: Millis = 3_600_000;

/// How many containers are read at once. The engine answers stats on its
/// collector's one-second tick, even one-shot ones, so reads are cheap to
/// overlap and expensive to queue: 100 containers 16 at a time took 7 s a
/// round, all at once about one.
const CONCURRENT_READS: usize = 256;

/// The container label holding a fixed hourly cost of the service.
pub const HOURLY_COST_LABEL: &str = "berth.cost.hourly";

/// Runs rounds on `interval` for as long as the returned task lives.
pub fn spawn_sampler(store: Store, monitor: Monitor, interval: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut sampler = Sampler::new(store, interval);
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let Ok(engine) = monitor.engine() else { continue };
            let now = jiff::Timestamp::now().as_millisecond();
            if let Err(error) = sampler.round(&engine, now).await {
                warn!(%error, "cost sampling round failed");
            }
        }
    })
}

/// The sampler's memory between rounds.
pub struct Sampler {
    store: Store,
    interval: Duration,
    last: Option<HashMap<String, Sample>>,
    limits: HashMap<String, (Option<f64>, Option<u64>)>,
    rolled_up_at: Millis,
}

impl Sampler {
    pub fn new(store: Store, interval: Duration) -> Self {
        Self { store, interval, last: None, limits: HashMap::new(), rolled_up_at: 0 }
    }

    /// Reads every running container once and stores the use since the
    /// previous round. Returns how many containers were measured.
    pub async fn round(&mut self, engine: &Engine, now: Millis) -> Result<usize, sqlx::Error> {
        if self.last.is_none() {
            self.last = Some(load_last(self.store.pool()).await?);
        }
        let running: Vec<ContainerSummary> = match engine.list_containers().await {
            Ok(all) => all.into_iter().filter(|c| c.state.is_running()).collect(),
            Err(error) => {
                debug!(%error, "cannot list containers for sampling");
                return Ok(0);
            }
        };
        for container in &running {
            if !self.limits.contains_key(&container.id)
                && let Ok(detail) = engine.inspect_container(&container.id).await
            {
                let cores = (detail.cpu_limit > 0.0).then_some(detail.cpu_limit);
                let memory = u64::try_from(detail.memory_limit).ok().filter(|m| *m > 0);
                self.limits.insert(container.id.clone(), (cores, memory));
            }
        }
        let readings: Vec<(ContainerSummary, Sample)> = futures_util::stream::iter(running)
            .map(|container| async move {
                let counters = engine.read_counters(&container.id).await.ok()?;
                let sample = Sample {
                    at: now,
                    cpu_total_ns: counters.cpu_total_ns,
                    memory_bytes: counters.memory_bytes,
                    cpu_limit_cores: None,
                    memory_limit_bytes: None,
                };
                Some((container, sample))
            })
            .buffer_unordered(CONCURRENT_READS)
            .filter_map(std::future::ready)
            .collect()
            .await;

        let measured = self.store_round(&readings, now).await?;
        if now - self.rolled_up_at >= HOUR_MS {
            roll_up(self.store.writer(), now).await?;
            self.rolled_up_at = now;
        }
        debug!(containers = readings.len(), measured, "cost sampling round");
        Ok(readings.len())
    }

    async fn store_round(
        &mut self,
        readings: &[(ContainerSummary, Sample)],
        now: Millis,
    ) -> Result<usize, sqlx::Error> {
        let last = self.last.get_or_insert_with(HashMap::new);
        // A gap much longer than the interval means Berth was not running:
        // the CPU counter still tells the truth, but memory is charged for
        // one interval only, not for the time nobody looked.
        let longest = i64::try_from(self.interval.as_millis()).unwrap_or(i64::MAX) * 2;
        let bucket = now - now.rem_euclid(MINUTE_MS);
        let mut tx = self.store.writer().begin().await?;
        let mut measured = 0;

        for (container, sample) in readings {
            let (cores, memory) = self.limits.get(&container.id).copied().unwrap_or_default();
            let sample = Sample { cpu_limit_cores: cores, memory_limit_bytes: memory, ..*sample };
            if let Some(previous) = last.get(&container.id) {
                let mut before = *previous;
                before.at = before.at.max(sample.at - longest);
                let usage = interval_usage(&before, &sample, false);
                let seconds = usage.hours * 3600.0;
                let hourly_cost = container
                    .labels
                    .get(HOURLY_COST_LABEL)
                    .and_then(|v| v.parse::<f64>().ok())
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .unwrap_or(0.0);
                sqlx::query(
                    "INSERT INTO usage (container_id, container_name, app, service, hourly_cost, \
                     bucket, bucket_ms, core_seconds, gib_seconds, seconds, limit_core_seconds, \
                     limit_gib_seconds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
                     ON CONFLICT (container_id, bucket_ms, bucket) DO UPDATE SET \
                     core_seconds = core_seconds + ?8, gib_seconds = gib_seconds + ?9, \
                     seconds = seconds + ?10, \
                     limit_core_seconds = COALESCE(limit_core_seconds, 0) + ?11, \
                     limit_gib_seconds = COALESCE(limit_gib_seconds, 0) + ?12",
                )
                .bind(&container.id)
                .bind(&container.name)
                .bind(container.labels.get(crate::apps::labels::APP))
                .bind(container.labels.get(crate::apps::labels::SERVICE))
                .bind(hourly_cost)
                .bind(bucket)
                .bind(MINUTE_MS)
                .bind(usage.core_hours * 3600.0)
                .bind(usage.gib_hours * 3600.0)
                .bind(seconds)
                .bind(cores.map(|c| c * seconds))
                .bind(memory.map(|m| m as f64 / (1u64 << 30) as f64 * seconds))
                .execute(&mut *tx)
                .await?;
                measured += 1;
            }
            sqlx::query(
                "INSERT INTO usage_last (container_id, at, cpu_total_ns, memory_bytes) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (container_id) DO UPDATE SET at = ?2, \
                 cpu_total_ns = ?3, memory_bytes = ?4",
            )
            .bind(&container.id)
            .bind(sample.at)
            .bind(i64::try_from(sample.cpu_total_ns).unwrap_or(i64::MAX))
            .bind(i64::try_from(sample.memory_bytes).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await?;
            last.insert(container.id.clone(), sample);
        }
        tx.commit().await?;
        Ok(measured)
    }
}

async fn load_last(pool: &SqlitePool) -> Result<HashMap<String, Sample>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64)> =
        sqlx::query_as("SELECT container_id, at, cpu_total_ns, memory_bytes FROM usage_last")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, cpu, memory)| {
            let sample = Sample {
                at,
                cpu_total_ns: u64::try_from(cpu).unwrap_or_default(),
                memory_bytes: u64::try_from(memory).unwrap_or_default(),
                cpu_limit_cores: None,
                memory_limit_bytes: None,
            };
            (id, sample)
        })
        .collect())
}

/// Folds minute buckets older than a week into hour buckets, and drops
/// hour buckets older than a year.
pub async fn roll_up(writer: &SqlitePool, now: Millis) -> Result<(), sqlx::Error> {
    let cutoff = now - KEEP_MINUTES_MS;
    let cutoff = cutoff - cutoff.rem_euclid(HOUR_MS);
    let mut tx = writer.begin().await?;
    let folded = sqlx::query(
        "INSERT INTO usage (container_id, container_name, app, service, hourly_cost, bucket, \
         bucket_ms, core_seconds, gib_seconds, seconds, limit_core_seconds, limit_gib_seconds) \
         SELECT container_id, MAX(container_name), MAX(app), MAX(service), MAX(hourly_cost), \
         bucket - bucket % ?2, ?2, SUM(core_seconds), SUM(gib_seconds), SUM(seconds), \
         SUM(limit_core_seconds), SUM(limit_gib_seconds) FROM usage \
         WHERE bucket_ms = ?3 AND bucket < ?1 GROUP BY container_id, bucket - bucket % ?2 \
         ON CONFLICT (container_id, bucket_ms, bucket) DO UPDATE SET \
         core_seconds = core_seconds + excluded.core_seconds, \
         gib_seconds = gib_seconds + excluded.gib_seconds, seconds = seconds + excluded.seconds, \
         limit_core_seconds = COALESCE(limit_core_seconds, 0) \
             + COALESCE(excluded.limit_core_seconds, 0), \
         limit_gib_seconds = COALESCE(limit_gib_seconds, 0) \
             + COALESCE(excluded.limit_gib_seconds, 0)",
    )
    .bind(cutoff)
    .bind(HOUR_MS)
    .bind(MINUTE_MS)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM usage WHERE bucket_ms = ?2 AND bucket < ?1")
        .bind(cutoff)
        .bind(MINUTE_MS)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM usage WHERE bucket < ?1")
        .bind(now - KEEP_HOURS_MS)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if folded > 0 {
        info!(hours = folded, "cost samples rolled up");
    }
    Ok(())
}
