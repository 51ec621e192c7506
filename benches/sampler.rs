//! The cost sampler's own cost: CPU time and memory of this process while
//! it samples 100 running containers at the default interval.
//!
//! Run with `cargo bench --bench sampler` against a running engine. The
//! containers are made from the offline test image, labelled, and removed at
//! the end.

use std::time::{Duration, Instant};

use berth::costs::{DEFAULT_INTERVAL, Sampler};
use berth::engine::{ContainerSpec, KeyValue};
use berth::store::Store;
use berth::testkit::{self, SLEEPER, Sweeper, TEST_IMAGE, TEST_LABEL};
use futures_util::StreamExt;

const CONTAINERS: usize = 100;
const ROUNDS: usize = 5;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let engine = testkit::connect().await?;
    testkit::ensure_test_image(&engine).await?;
    let sweeper = Sweeper::scoped(&engine);
    let made: Vec<_> = futures_util::stream::iter(0..CONTAINERS)
        .map(|_| {
            let engine = engine.clone();
            let spec = ContainerSpec {
                image: TEST_IMAGE.into(),
                name: testkit::unique_name("bench-sampler"),
                command: SLEEPER.into(),
                labels: vec![KeyValue { key: TEST_LABEL.into(), value: sweeper.value().into() }],
                start: true,
                ..Default::default()
            };
            async move { engine.create_container(&spec).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    made.into_iter().collect::<Result<Vec<_>, _>>()?;
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("berth.sqlite3")).await?;
    let mut sampler = Sampler::new(store, DEFAULT_INTERVAL);

    let (cpu_before, _) = process_usage();
    let began = Instant::now();
    let mut round_times = Vec::new();
    let mut measured = 0;
    for round in 0..ROUNDS {
        let start = Instant::now();
        measured = sampler.round(&engine, jiff::Timestamp::now().as_millisecond()).await?;
        round_times.push(start.elapsed());
        if round + 1 < ROUNDS {
            tokio::time::sleep(DEFAULT_INTERVAL.saturating_sub(start.elapsed())).await;
        }
    }
    let wall = began.elapsed();
    let (cpu_after, rss_kib) = process_usage();

    round_times.sort();
    let cpu = cpu_after - cpu_before;
    println!("containers sampled per round:   {measured}");
    println!("interval:                       {} s", DEFAULT_INTERVAL.as_secs());
    println!("round time (median):            {:.0} ms", ms(round_times[ROUNDS / 2]));
    println!("CPU time over {ROUNDS} rounds:          {:.0} ms", ms(cpu));
    println!(
        "CPU share at the interval:      {:.2} %",
        cpu.as_secs_f64() / wall.as_secs_f64() * 100.0
    );
    println!("resident memory of the process: {:.1} MiB", rss_kib as f64 / 1024.0);
    drop(sweeper);
    Ok(())
}

/// This process's CPU time (user + system) and resident memory in KiB.
fn process_usage() -> (Duration, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    let ticks: u64 =
        fields.get(11..13).map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // The kernel counts in USER_HZ, 100 per second on Linux.
    (Duration::from_millis(ticks * 10), rss)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
