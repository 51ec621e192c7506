//! Live CPU and memory figures of a running container, computed the way
//! `docker stats` computes them.

use bollard::models::ContainerStatsResponse;
use bollard::query_parameters::StatsOptionsBuilder;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

use super::{Engine, EngineError};

/// One reading of a container's resource use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StatsSample {
    /// CPU use since the previous reading, in percent of one core (200 = two
    /// cores busy).
    pub cpu_percent: f64,
    /// Memory in use without the page cache, in bytes.
    pub memory_bytes: u64,
    /// The memory limit in bytes (the host's memory when unlimited).
    pub memory_limit: u64,
}

impl Engine {
    /// Readings about once a second until the container stops or the stream
    /// is dropped.
    pub fn follow_stats(
        &self,
        id: &str,
    ) -> impl Stream<Item = Result<StatsSample, EngineError>> + Send + 'static {
        let options = StatsOptionsBuilder::new().stream(true).one_shot(false).build();
        let id = id.to_owned();
        self.docker.stats(&id, Some(options)).map(move |reading| {
            reading
                .map(|stats| sample(&stats))
                .map_err(|source| EngineError::ReadStats { id: id.clone(), source })
        })
    }
}

/// A container's cumulative counters at one moment, for cost accounting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counters {
    /// Cumulative CPU time in nanoseconds since the container started.
    pub cpu_total_ns: u64,
    /// Memory in use without the page cache, in bytes.
    pub memory_bytes: u64,
}

impl Engine {
    /// Reads a running container's counters once, without waiting for the
    /// engine's second sample.
    pub async fn read_counters(&self, id: &str) -> Result<Counters, EngineError> {
        let options = StatsOptionsBuilder::new().stream(false).one_shot(true).build();
        let mut readings = self.docker.stats(id, Some(options));
        let stats = match readings.next().await {
            Some(reading) => {
                reading.map_err(|source| EngineError::ReadStats { id: id.to_owned(), source })?
            }
            None => return Err(EngineError::NotConnected),
        };
        let cpu_total_ns = stats
            .cpu_stats
            .as_ref()
            .and_then(|cpu| cpu.cpu_usage.as_ref())
            .and_then(|usage| usage.total_usage)
            .unwrap_or_default();
        Ok(Counters { cpu_total_ns, memory_bytes: sample(&stats).memory_bytes })
    }
}

/// Turns one engine reading into a sample.
pub fn sample(stats: &ContainerStatsResponse) -> StatsSample {
    let memory = stats.memory_stats.clone().unwrap_or_default();
    let usage = memory.usage.unwrap_or_default();
    let cache = memory.stats.as_ref().map_or(0, |s| {
        // cgroup v2 reports inactive_file, v1 total_inactive_file; docker
        // subtracts whichever is present.
        s.get("inactive_file").or_else(|| s.get("total_inactive_file")).copied().unwrap_or(0)
    });

    StatsSample {
        cpu_percent: cpu_percent(stats),
        memory_bytes: usage.saturating_sub(cache),
        memory_limit: memory.limit.unwrap_or_default(),
    }
}

fn cpu_percent(stats: &ContainerStatsResponse) -> f64 {
    let (Some(now), Some(before)) = (&stats.cpu_stats, &stats.precpu_stats) else {
        return 0.0;
    };
    let total = |s: &bollard::models::ContainerCpuStats| {
        s.cpu_usage.as_ref().and_then(|u| u.total_usage).unwrap_or_default()
    };
    let cpu_delta = total(now).saturating_sub(total(before)) as f64;
    let system_delta = now
        .system_cpu_usage
        .unwrap_or_default()
        .saturating_sub(before.system_cpu_usage.unwrap_or_default()) as f64;
    let cpus = now.online_cpus.map(f64::from).filter(|&n| n > 0.0).unwrap_or_else(|| {
        now.cpu_usage.as_ref().and_then(|u| u.percpu_usage.as_ref()).map_or(1.0, |p| p.len() as f64)
    });

    if system_delta > 0.0 && cpu_delta > 0.0 {
        cpu_delta / system_delta * cpus * 100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::{ContainerCpuStats, ContainerCpuUsage, ContainerMemoryStats};

    fn cpu(total: u64, system: u64) -> ContainerCpuStats {
        ContainerCpuStats {
            cpu_usage: Some(ContainerCpuUsage { total_usage: Some(total), ..Default::default() }),
            system_cpu_usage: Some(system),
            online_cpus: Some(2),
            ..Default::default()
        }
    }

    #[test]
    fn cpu_and_memory_follow_the_docker_cli_formulas() {
        let stats = ContainerStatsResponse {
            precpu_stats: Some(cpu(1_000, 10_000)),
            cpu_stats: Some(cpu(1_500, 12_000)),
            memory_stats: Some(ContainerMemoryStats {
                usage: Some(100 << 20),
                limit: Some(1 << 30),
                stats: Some([("inactive_file".to_owned(), 30 << 20)].into()),
                ..Default::default()
            }),
            ..Default::default()
        };

        let sample = sample(&stats);

        assert!((sample.cpu_percent - 50.0).abs() < 1e-9, "500/2000 of 2 cpus is 50%");
        assert_eq!(sample.memory_bytes, 70 << 20, "page cache is not counted");
        assert_eq!(sample.memory_limit, 1 << 30);
    }

    #[test]
    fn a_first_reading_without_history_is_zero_not_nan() {
        let stats = ContainerStatsResponse { cpu_stats: Some(cpu(5, 5)), ..Default::default() };

        assert_eq!(sample(&stats).cpu_percent, 0.0);
    }
}
